"""The free-text readers measured against the hand-labelled corpora (issue 15): the targets on the held-out split.

The rules were tuned on tests/corpora/*/tune.yaml only; heldout.yaml was measured once, at the end. Where a
held-out point missed its target that first time, the test says so (strict xfail with the figure): it fails
the day the point reaches the target, so the mark can come off, and nobody tunes on the held-out file to get
there.
"""

from __future__ import annotations

import pytest

from benchmarks.feedback_quality import RECOVERY_POINTS, Result, measure
from widgets.rules.recovery import recovery_rules

RECOVERY_TARGET = 0.90
OTHER_TARGET = 0.85

# First held-out measurement, after tuning on the tune split only (benchmarks/README.md, "Feedback quality").
MISSED = {
    ("recovery", "no-blame"): "held-out 83.6% at the first measurement (target 90%)",
    ("debrief", "system"): "held-out 75.0% at the first measurement (target 85%)",
}


@pytest.fixture(scope="module")
def heldout() -> dict[str, Result]:
    return {reader: measure(reader, "heldout") for reader in ("recovery", "reframing", "debrief")}


def _cases(reader: str, points: tuple[str, ...]) -> list[object]:
    return [pytest.param(reader, point, marks=pytest.mark.xfail(strict=True, reason=MISSED[(reader, point)]))
            if (reader, point) in MISSED else pytest.param(reader, point) for point in points]


@pytest.mark.parametrize(("reader", "point"), [
    *_cases("recovery", RECOVERY_POINTS),
    *_cases("reframing", ("feedback", "hint")),
    *_cases("debrief", ("happened", "impact", "system", "change", "owner", "deadline")),
])
def test_each_point_agrees_with_the_labels_on_the_heldout_split(heldout: dict[str, Result], reader: str,
                                                               point: str) -> None:
    result = heldout[reader]
    target = RECOVERY_TARGET if reader == "recovery" else OTHER_TARGET
    wrong = [(c.id, c.labels[point], c.predicted[point]) for c in result.wrong(point)]
    assert result.agreement(point) >= target, f"{reader} {point}: {result.agreement(point):.1%}; wrong: {wrong}"


def test_no_reply_missing_two_points_is_told_all_six_are_there(heldout: dict[str, Result]) -> None:
    tune = measure("recovery", "tune")
    assert heldout["recovery"].told_all_but_missing_two == [] and tune.told_all_but_missing_two == []


def test_the_corpora_are_the_size_the_issue_asks_for(heldout: dict[str, Result]) -> None:
    sizes = {reader: len(result.cases) + len(measure(reader, "tune").cases) for reader, result in heldout.items()}
    assert sizes["recovery"] >= 150 and sizes["reframing"] >= 50 and sizes["debrief"] >= 50
    assert all(len(result.cases) * 5 >= sizes[reader] * 0.9 for reader, result in heldout.items())  # about a fifth


def test_the_all_found_message_stays_humble() -> None:
    assert "as far as I can tell" in recovery_rules().all_found
