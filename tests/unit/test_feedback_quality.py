"""The free-text readers measured against the hand-labelled corpora (issue 15): the targets on the held-out splits.

The rules are tuned on tests/corpora/*/tune*.yaml only. The held-out files (heldout.yaml, heldout-2.yaml …) are
measured together, at the end of a round of tuning, and the issue's targets are asserted on them combined. Where a
point missed its target at that measurement, the test says so (strict xfail with the figure): it fails the day the
point reaches the target, so the mark can come off, and nobody tunes on a held-out file to get there.
"""

from __future__ import annotations

import pytest

from benchmarks.feedback_quality import COMBINED, READERS, RECOVERY_POINTS, Result, measure, measure_all, splits
from widgets.rules.recovery import recovery_rules

RECOVERY_TARGET = 0.90
OTHER_TARGET = 0.85
POINTS = {"recovery": RECOVERY_POINTS, "reframing": ("feedback", "hint"),
          "debrief": ("happened", "impact", "system", "change", "owner", "deadline")}

# Points that missed their target at the last held-out measurement (benchmarks/README.md, "Feedback quality").
# None now: the recovery checklist's "blames no one" was 84.7% with its flags alone at the second measurement, and
# 90.8% at the third, once the second opinion on blame (a small model trained on the tune files) sat beside them.
MISSED: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def heldout() -> dict[str, Result]:
    return {reader: measure_all(reader, "heldout") for reader in READERS}


@pytest.fixture(scope="module")
def tune() -> dict[str, list[Result]]:
    return {reader: [measure(reader, split) for split in splits(reader, "tune")] for reader in READERS}


def _cases(reader: str) -> list[object]:
    return [pytest.param(reader, point, marks=pytest.mark.xfail(strict=True, reason=MISSED[(reader, point)]))
            if (reader, point) in MISSED else pytest.param(reader, point) for point in POINTS[reader]]


@pytest.mark.parametrize(("reader", "point"), [case for reader in READERS for case in _cases(reader)])
def test_each_point_agrees_with_the_labels_on_the_heldout_splits_together(heldout: dict[str, Result], reader: str,
                                                                          point: str) -> None:
    result = heldout[reader]
    assert result.split == COMBINED or len(splits(reader, "heldout")) == 1
    target = RECOVERY_TARGET if reader == "recovery" else OTHER_TARGET
    assert result.agreement(point) >= target, f"{reader} {point}: {result.agreement(point):.1%} on {result.split}"


def test_the_second_opinion_on_blame_earns_its_place_on_the_heldout_splits(heldout: dict[str, Result]) -> None:
    flags_only = measure_all("recovery", "heldout", second_opinion=False)
    assert heldout["recovery"].agreement("no-blame") > flags_only.agreement("no-blame")


def test_no_reply_missing_two_points_is_told_all_six_are_there(heldout: dict[str, Result],
                                                               tune: dict[str, list[Result]]) -> None:
    told = heldout["recovery"].told_all_but_missing_two + [case for result in tune["recovery"]
                                                           for case in result.told_all_but_missing_two]
    assert told == []


def test_every_split_file_is_read_and_the_corpora_are_the_size_the_issue_asks_for(
        heldout: dict[str, Result], tune: dict[str, list[Result]]) -> None:
    assert splits("recovery") == ["tune", "tune-2", "heldout", "heldout-2"]
    assert splits("debrief") == ["tune", "tune-2", "heldout", "heldout-2"]
    sizes = {reader: len(heldout[reader].cases) + sum(len(r.cases) for r in tune[reader]) for reader in READERS}
    assert sizes["recovery"] >= 150 and sizes["reframing"] >= 50 and sizes["debrief"] >= 50
    parts = splits("recovery", "heldout")
    assert len(heldout["recovery"].cases) == sum(len(measure("recovery", split).cases) for split in parts)
    assert all(len(heldout[reader].cases) * 5 >= sizes[reader] for reader in READERS)  # at least a fifth held out


def test_the_all_found_message_stays_humble() -> None:
    assert "as far as I can tell" in recovery_rules().all_found
