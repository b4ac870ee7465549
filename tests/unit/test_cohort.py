"""Coach corner: reading a folder of progress files, the cohort summaries (hand-computed), and the widget."""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import ipywidgets as w
import pandas as pd
import pytest

from widgets.coach import corner as coach
from widgets.coach.cohort import (
    NO_ENDING,
    SAMPLE_COHORT,
    Cohort,
    completion,
    finished_course,
    inactive,
    load_cohort,
    normalise,
    promise_spread,
    scenario_endings,
    stuck,
    ways_to_crash,
)
from widgets.coach.corner import CoachCorner, corner
from widgets.core.content import COURSE_ROOT
from widgets.core.course import course

LESSONS = tuple((lesson.id, lesson.title) for lesson in course().lessons)
GENERATOR = COURSE_ROOT / "assets" / "data" / "make_cohort.py"


def text_of(markup: str) -> str:
    """What a coach reads: tags dropped, entities decoded, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


def make_cohort() -> ModuleType:
    """``assets/data/make_cohort.py``, imported from its path (it isn't part of the package)."""
    spec = importlib.util.spec_from_file_location("make_cohort", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_cohort"] = module
    spec.loader.exec_module(module)
    return module


def progress(name: str, exported_at: str, answers: list[tuple[str, str, Any, str]],
             completed: dict[str, str] | None = None) -> dict[str, Any]:
    """A progress file as ``transfer.export_progress`` writes it."""
    return {"format": "fail-forward-progress", "version": 1, "exported_at": exported_at, "course": "Fail Forward",
            "learner": name,
            "answers": [{"lesson": lesson, "key": key, "value": value, "updated_at": stamp}
                        for lesson, key, value, stamp in answers],
            "completed": completed or {}}


def write(folder: Path, files: dict[str, dict[str, Any] | str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                            encoding="utf-8")
    return folder


def board(*stages: tuple[str, str, list[str]], custom: tuple[str, ...] = ()) -> dict[str, Any]:
    rows = 0
    data: dict[str, Any] = {"stages": [], "ranking": [], "commitments": []}
    for stage_id, name, failures in stages:
        items = []
        for failure in failures:
            rows += 1
            items.append({"id": f"r{rows}", "failure": failure, "inverse": "", "measure": ""})
        data["stages"].append({"id": stage_id, "name": name, "custom": stage_id in custom, "rows": items})
    return data


def scenario(endings: list[str], ending_title: str, path: list[int] | None = None) -> dict[str, Any]:
    return {"path": path or [0, 0], "endings": endings,
            "summary": {"scenario": "x", "ending": ending_title, "meters": {}, "choices": []}}


# ---- three learners, every figure worked out by hand ---------------------------------------------

MAYA = "Maya <b>O'Neil</b> 💎"


def three(tmp_path: Path) -> Cohort:
    maya = progress(MAYA, "2026-04-13T12:00:00.000+00:00", [
        ("welcome", "name", MAYA, "2026-04-01T09:00:00.000+00:00"),
        ("inversion", "board",
         board(("advertising", "Advertising", ["Spend the whole budget on ads", "Post at random"]),
               ("customer-service", "Customer service", ["Leave emails unanswered for weeks"])),
         "2026-04-02T10:00:00.000+00:00"),
        ("response-time", "promise-hours", 4, "2026-04-03T10:00:00.000+00:00"),
        ("owning-mistakes", "scenario", scenario(["stronger"], "Stronger than before"),
         "2026-04-05T10:00:00.000+00:00"),
    ], {"welcome": "2026-04-01T09:05:00.000+00:00", "inversion": "2026-04-02T11:00:00.000+00:00",
        "response-time": "2026-04-03T11:00:00.000+00:00"})
    jonah = progress("Jonah Bennett", "2026-04-10T08:00:00Z", [
        ("welcome", "name", "Jonah Bennett", "2026-03-20T09:00:00.000+00:00"),
        ("inversion", "board", board(("advertising", "Advertising", ["spend the whole budget on ads!",
                                                                     "  SPEND the whole   budget on ads "]),
                                     ("customer-service", "Customer service", ["Leave emails unanswered for weeks."])),
         "2026-03-21T09:00:00.000+00:00"),
        ("response-time", "promise-hours", 30, "2026-03-22T09:00:00.000+00:00"),
        ("owning-mistakes", "scenario", scenario(["kept", "stronger"], "Stronger than before"),
         "2026-03-23T09:00:00.000+00:00"),
        ("team", "scenario", scenario(["customer-lost"], "A promise broken twice"), "2026-03-25T09:00:00.000+00:00"),
    ], {"welcome": "2026-03-20T09:05:00.000+00:00", "inversion": "2026-03-21T10:00:00.000+00:00"})
    nameless = progress("", "2026-04-12T10:00:00.000+00:00", [
        ("inversion", "board", board(("custom-1", "Markets", ["Run out of stock"]), custom=("custom-1",)),
         "2026-04-11T09:00:00.000+00:00"),
        ("response-time", "promise-hours", 12, "2026-04-12T09:00:00"),  # no zone: read as UTC
        ("team", "scenario", {"path": [0], "endings": [], "summary": {"ending": ""}}, "2026-04-12T09:30:00+00:00"),
    ])
    folder = write(tmp_path / "cohort", {"a-maya.json": maya, "b-jonah.json": jonah, "c.json": nameless,
                                         "notes.txt": "not a .json file: not even looked at"})
    return load_cohort(folder, lessons=LESSONS)


def test_three_learners_completion_and_who_is_stuck(tmp_path: Path) -> None:
    cohort = three(tmp_path)
    assert cohort.size == 3 and not cohort.skipped and not cohort.superseded and cohort.problem == ""
    assert cohort.as_of == pd.Timestamp("2026-04-13T12:00:00Z")
    assert list(cohort.learners["name"]) == [MAYA, "Jonah Bennett", ""]
    table = completion(cohort)
    assert list(table["lesson"]) == [lesson for lesson, _title in LESSONS]
    assert list(table["started"]) == [2, 3, 3, 2, 2, 0]
    assert list(table["completed"]) == [2, 2, 1, 0, 0, 0]
    assert table["share"].tolist() == pytest.approx([2 / 3, 2 / 3, 1 / 3, 0, 0, 0])
    assert finished_course(cohort) == 0

    where = stuck(cohort)
    assert list(zip(where["lesson"], where["learner"], strict=True)) == [
        ("inversion", "c.json"),
        ("response-time", "b-jonah.json"), ("response-time", "c.json"),
        ("owning-mistakes", "b-jonah.json"), ("owning-mistakes", "a-maya.json"),
        ("team", "b-jonah.json"), ("team", "c.json")]
    maya = where[where["learner"] == "a-maya.json"].iloc[0]
    assert maya["answers"] == 1 and maya["last_in_lesson"] == pd.Timestamp("2026-04-05T10:00:00Z")
    assert maya["last_activity"] == pd.Timestamp("2026-04-05T10:00:00Z")
    assert where.loc[where["learner"] == "c.json", "last_in_lesson"].iloc[1] == pd.Timestamp("2026-04-12T09:00Z")


def test_three_learners_quiet_ones_counted_from_the_newest_export(tmp_path: Path) -> None:
    cohort = three(tmp_path)
    quiet = inactive(cohort, days=14)
    assert list(quiet["learner"]) == ["b-jonah.json"]
    assert quiet["days_quiet"].iloc[0] == pytest.approx(19 + 3 / 24)  # 25 Mar 09:00 → 13 Apr 12:00
    assert list(inactive(cohort, days=7)["learner"]) == ["b-jonah.json", "a-maya.json"]
    assert inactive(cohort, days=12, now=pd.Timestamp("2026-04-06T00:00Z")).empty  # Jonah: 11.6 days by then
    later = inactive(cohort, days=1, now=pd.Timestamp("2026-04-20T00:00"))  # a time without a zone is UTC
    assert list(later["learner"]) == ["b-jonah.json", "a-maya.json", "c.json"]


def test_three_learners_ways_to_crash_grouped_and_counted_once_per_learner(tmp_path: Path) -> None:
    crashes = ways_to_crash(three(tmp_path))
    assert crashes.to_dict("records") == [
        {"stage": "advertising", "stage_name": "Advertising", "way": "Spend the whole budget on ads", "learners": 2,
         "stage_learners": 2},
        {"stage": "advertising", "stage_name": "Advertising", "way": "Post at random", "learners": 1,
         "stage_learners": 2},
        {"stage": "customer-service", "stage_name": "Customer service", "way": "Leave emails unanswered for weeks",
         "learners": 2, "stage_learners": 2},
        {"stage": "own:markets", "stage_name": "Markets", "way": "Run out of stock", "learners": 1,
         "stage_learners": 1}]


def test_three_learners_promises_and_endings(tmp_path: Path) -> None:
    cohort = three(tmp_path)
    spread = promise_spread(cohort)
    assert spread.buckets.to_dict("list") == {"bucket": ["≤ 4 h", "≤ 12 h", "≤ 24 h", "≤ 48 h", "more than 48 h"],
                                              "learners": [1, 1, 0, 1, 0]}
    assert spread.median_hours == 12 and spread.learners == 3
    endings = scenario_endings(cohort)
    rows = list(endings.itertuples(index=False, name=None))
    assert rows == [
        ("owning-mistakes", "The late birthday bracelet", "Stronger than before", 2),
        ("owning-mistakes", "The late birthday bracelet", "Put right, but no more", 1),
        ("owning-mistakes", "The late birthday bracelet", "A customer lost", 0),
        ("owning-mistakes", "The late birthday bracelet", NO_ENDING, 0),
        ("team", "The wrong date on the pendant", "Customer kept, team stronger", 0),
        ("team", "The wrong date on the pendant", "Customer kept, lesson lost", 0),
        ("team", "The wrong date on the pendant", "A promise broken twice", 1),
        ("team", "The wrong date on the pendant", NO_ENDING, 1)]


# ---- one learner, and none -------------------------------------------------------------------------

def test_one_learner_who_finished_everything(tmp_path: Path) -> None:
    done = {lesson: "2026-04-01T10:00:00+00:00" for lesson, _title in LESSONS}
    folder = write(tmp_path / "one", {"only.json": progress("Sam", "2026-05-30T10:00:00+00:00", [
        ("welcome", "name", "Sam", "2026-04-01T09:00:00+00:00"),
        ("response-time", "promise-hours", 24, "2026-04-01T09:10:00+00:00"),
        ("owning-mistakes", "scenario", scenario(["an-ending-since-removed"], "Happy ever after"),
         "2026-04-01T09:20:00+00:00"),
        ("team", "scenario", scenario(["another-removed-ending"], ""), "2026-04-01T09:30:00+00:00"),
    ], done)})
    cohort = load_cohort(folder, lessons=LESSONS)
    assert cohort.size == 1 and finished_course(cohort) == 1
    assert completion(cohort)["completed"].tolist() == [1] * len(LESSONS)
    assert completion(cohort)["share"].tolist() == [1.0] * len(LESSONS)
    assert stuck(cohort).empty
    assert inactive(cohort, days=14).empty  # 59 days quiet, but finished: not listed
    spread = promise_spread(cohort)
    assert spread.buckets["learners"].tolist() == [0, 0, 1, 0, 0] and spread.median_hours == 24
    endings = scenario_endings(cohort)
    reached = [(r.scenario, r.ending, r.learners) for r in endings.itertuples()]
    assert ("owning-mistakes", "Happy ever after", 1) in reached  # an ending since removed: by its saved title
    assert ("team", "another-removed-ending", 1) in reached  # ... or by its id when no title was saved
    assert ways_to_crash(cohort).empty


@pytest.mark.parametrize("setup", ["missing", "empty", "a-file", "only-bad"])
def test_no_learners_never_raises_and_every_summary_is_empty(tmp_path: Path, setup: str) -> None:
    target = tmp_path / "cohort"
    if setup == "empty":
        target.mkdir()
    elif setup == "a-file":
        target.write_text("{}")
    elif setup == "only-bad":
        write(target, {"x.json": "{}"})
    cohort = load_cohort(target, lessons=LESSONS)
    assert cohort.size == 0 and cohort.as_of is None
    expected = {"missing": "There is no folder at", "empty": "There are no progress files (.json)",
                "a-file": "is a file, not a folder", "only-bad": ""}[setup]
    assert expected in cohort.problem if expected else cohort.problem == ""
    assert completion(cohort)["completed"].tolist() == [0] * len(LESSONS)
    assert completion(cohort)["share"].tolist() == [0.0] * len(LESSONS)
    assert stuck(cohort).empty and inactive(cohort).empty and ways_to_crash(cohort).empty
    spread = promise_spread(cohort)
    assert spread.learners == 0 and spread.median_hours is None and spread.buckets["learners"].sum() == 0
    endings = scenario_endings(cohort)
    assert endings["learners"].sum() == 0 and set(endings["scenario"]) == {"owning-mistakes", "team"}
    assert finished_course(cohort) == 0


# ---- bad files and duplicates ----------------------------------------------------------------------

def test_bad_files_are_skipped_counted_and_named(tmp_path: Path) -> None:
    good = progress("Ava", "2026-04-13T10:00:00+00:00", [("welcome", "name", "Ava", "2026-04-13T09:00:00+00:00")])
    incomplete = progress("Ben", "2026-04-13T10:00:00+00:00", [("welcome", "name", "Ben", "not a time")])
    files: dict[str, dict[str, Any] | str | bytes] = {
        "good.json": good,
        "empty.json": "   \n",
        "broken.json": '{"format": "fail-forward-progress",\n "version": 1,',
        "other.json": {"name": "a different app's settings"},
        "list.json": "[1, 2, 3]",
        "newer.json": {**good, "version": 2},
        "no-answers.json": {**good, "answers": None},
        "incomplete.json": incomplete,
        "latin1.json": "{\"learner\": \"Zoë\"}".encode("latin-1"),
        "<b>bold<b>.json": "nope",
    }
    folder = write(tmp_path / "cohort", files)
    (folder / "a-folder.json").mkdir()
    cohort = load_cohort(folder, lessons=LESSONS)
    assert cohort.size == 1 and cohort.problem == ""
    reasons = {s.file: s.reason for s in cohort.skipped}
    assert reasons == {
        "<b>bold<b>.json": "not valid JSON (line 1)",
        "a-folder.json": "not a file",
        "broken.json": "cut short: it ends part-way through, as if it was still being written or copied",
        "empty.json": "the file is empty",
        "incomplete.json": "damaged: answer 1 is incomplete",
        "latin1.json": "not UTF-8 text",
        "list.json": "not a Fail Forward progress file",
        "newer.json": "made by a newer version of the course (version 2)",
        "no-answers.json": "damaged: its answers are missing",
        "other.json": "not a Fail Forward progress file",
    }
    assert [s.file for s in cohort.skipped] == sorted(reasons)


def test_the_newest_export_of_a_learner_is_kept(tmp_path: Path) -> None:
    def maya(exported: str, hours: int) -> dict[str, Any]:
        return progress("", exported, [("welcome", "name", "  maya   O'NEIL ", "2026-03-01T09:00:00+00:00"),
                                       ("response-time", "promise-hours", hours, exported)])

    folder = write(tmp_path / "cohort", {
        "maya-march.json": maya("2026-03-10T10:00:00+00:00", 48),
        "maya-april.json": {**maya("2026-04-10T10:00:00+00:00", 12), "learner": "Maya O'Neil"},
        "maya-copy.json": maya("2026-04-01T10:00:00+00:00", 24),
        "nameless-1.json": progress("", "2026-04-10T10:00:00+00:00", []),
        "nameless-2.json": progress("", "2026-04-11T10:00:00+00:00", []),
    })
    cohort = load_cohort(folder, lessons=LESSONS)
    assert cohort.size == 3  # Maya once; two learners without a name stay two learners
    assert sorted(cohort.learners["learner"]) == ["maya-april.json", "nameless-1.json", "nameless-2.json"]
    assert [(s.file, s.kept) for s in cohort.superseded] == [("maya-copy.json", "maya-april.json"),
                                                              ("maya-march.json", "maya-april.json")]
    assert promise_spread(cohort).median_hours == 12
    assert cohort.learners.set_index("learner").loc["maya-april.json", "name"] == "Maya O'Neil"


def test_answers_are_compared_with_case_spacing_and_punctuation_ignored() -> None:
    assert normalise("  Don’t   REPLY for a week!!! ") == normalise("dont reply for a week") == "dont reply for a week"
    assert normalise("Ship—late, always.") == "ship late always"


def test_only_the_top_five_ways_per_stage_are_kept(tmp_path: Path) -> None:
    ways = [f"Way {letter}" for letter in "GFEDCBA"]
    files = {}
    for number in range(3):
        chosen = ways if number == 0 else ways[:number]  # G twice more, F once more
        files[f"l{number}.json"] = progress(f"L{number}", "2026-04-13T10:00:00+00:00", [
            ("inversion", "board", board(("sales", "Sales", chosen)), "2026-04-13T09:00:00+00:00")])
    crashes = ways_to_crash(load_cohort(write(tmp_path / "c", files), lessons=LESSONS))
    assert list(zip(crashes["way"], crashes["learners"], strict=True)) == [
        ("Way G", 3), ("Way F", 2), ("Way A", 1), ("Way B", 1), ("Way C", 1)]


# ---- the widget -------------------------------------------------------------------------------------

def test_load_button_flow_messages_and_sections(tmp_path: Path) -> None:
    folder = tmp_path / "cohort"
    corner_widget = CoachCorner(folder=folder)
    assert "There is no folder at" in corner_widget.feedback.text
    assert corner_widget.cohort is not None and corner_widget.cohort.size == 0
    assert all(section.value == "" for section in corner_widget.sections.values())

    folder.mkdir()
    corner_widget.load_button.click()
    assert "There are no progress files (.json)" in corner_widget.feedback.text

    three(tmp_path)  # writes tmp_path / "cohort"
    write(folder, {"<i>junk<i>.json": "nope"})
    corner_widget.folder.value = str(folder)
    corner_widget.load_button.click()
    assert corner_widget.cohort.size == 3
    assert text_of(corner_widget.status.value) == f"Loaded 3 learners from “{folder}”."
    assert corner_widget.feedback.kind == "warning"
    assert "1 file was skipped: <i>junk<i>.json (not valid JSON (line 1))" in corner_widget.feedback.text
    banner = corner_widget.feedback.value
    assert "<i>junk<i>" not in banner and "&lt;i&gt;junk&lt;i&gt;" in banner
    assert list(corner_widget.completion["completed"]) == [2, 2, 1, 0, 0, 0]
    assert len(corner_widget.stuck) == 7 and list(corner_widget.inactive["learner"]) == ["b-jonah.json"]
    assert corner_widget.promises.median_hours == 12
    assert corner_widget.endings["learners"].sum() == 5
    assert len(corner_widget.crashes) == 4
    overview = text_of(corner_widget.sections["overview"].value)
    assert "3 learners" in overview and "3 part-way through a lesson" in overview and "1 quiet for 14+ days" in overview
    assert "12 h typical reply promise" in overview
    assert "<svg" in corner_widget.sections["completion"].value and "<svg" in corner_widget.sections["promises"].value
    assert corner_widget.sections["endings"].value.count("<svg") == 2
    assert "1 learner started it but has not reached an ending yet" in text_of(corner_widget.sections["endings"].value)
    assert "(no name given)" in text_of(corner_widget.sections["stuck"].value)
    assert "<i>junk<i>.json Not valid JSON (line 1)." in text_of(corner_widget.sections["files"].value)

    corner_widget.quiet_days.value = 7
    assert list(corner_widget.inactive["learner"]) == ["b-jonah.json", "a-maya.json"]
    assert "Quiet for 7 days or more" in text_of(corner_widget.sections["inactive"].value)
    assert "2 quiet for 7+ days" in text_of(corner_widget.sections["overview"].value)

    corner_widget.folder.value = "  "
    corner_widget.load_button.click()
    assert "Type the path of the folder that holds the progress files" in corner_widget.feedback.text

    corner_widget.load(tmp_path / "nowhere")
    assert corner_widget.cohort.size == 0 and "There is no folder at" in corner_widget.feedback.text
    assert corner_widget.status.value == "" and corner_widget.sections["stuck"].value == ""


def test_learner_text_is_escaped_everywhere(tmp_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)>"
    folder = write(tmp_path / "cohort", {"evil.json": progress(f"{evil} Eve", "2026-04-13T10:00:00+00:00", [
        ("welcome", "name", f"{evil} Eve", "2026-03-01T09:00:00+00:00"),
        ("inversion", "board", board(("sales", f"Sales {evil}", [f"Hide prices {evil}"]),
                                     ("own", f"{evil}", ["<script>x()</script>"]), custom=("own",)),
         "2026-03-01T09:10:00+00:00"),
    ])})
    widget = CoachCorner(folder=folder)
    page = "".join(section.value for section in widget.sections.values())
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; Eve" in page
    assert "Hide prices &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert f"{evil} Eve" in text_of(widget.sections["stuck"].value)


def test_corner_opens_on_the_sample_cohort() -> None:
    box = corner()
    assert isinstance(box, w.VBox)
    widget = box.children[1]
    assert isinstance(widget, CoachCorner)
    assert Path(widget.folder.value) == SAMPLE_COHORT and widget.cohort is not None
    assert widget.cohort.size == 30 and not widget.cohort.skipped and len(widget.cohort.superseded) == 2
    assert widget.feedback.kind == "" and "Loaded 30 learners" in widget.status.value
    names = set(widget.cohort.learners["name"])
    assert {"Maya <b>O'Neil</b> 💎", "<script>alert('hi')</script> Sam", ""} <= names
    assert widget.stuck is not None and not widget.stuck.empty
    assert widget.crashes is not None and widget.crashes.groupby("stage").size().max() == 5
    assert widget.endings is not None and widget.endings["learners"].sum() > 0
    assert "&lt;script&gt;" in widget.sections["stuck"].value + widget.sections["inactive"].value


def test_corner_in_a_notebook_shows_a_notice_instead_of_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAILFORWARD_STRICT", raising=False)

    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(coach, "CoachCorner", broken)
    assert "couldn't be shown" in text_of(corner().value)


# ---- the generator and the shipped sample ------------------------------------------------------------

def test_shipped_sample_matches_its_generator(tmp_path: Path) -> None:
    generator = make_cohort()
    written = generator.write(tmp_path / "again", generator.SAMPLE_COUNT, generator.SAMPLE_SEED)
    shipped = sorted(SAMPLE_COHORT.glob("*.json"))
    assert [p.name for p in shipped] == sorted(p.name for p in written), (
        "assets/data/sample_cohort is out of date: run python assets/data/make_cohort.py --replace")
    for path in shipped:
        assert path.read_bytes() == (tmp_path / "again" / path.name).read_bytes(), (
            f"{path.name} differs from what make_cohort.py writes: run python assets/data/make_cohort.py --replace")


def test_generator_is_seeded_and_refuses_to_mix_with_existing_files(tmp_path: Path) -> None:
    generator = make_cohort()
    assert generator.generate(12, 1) == generator.generate(12, 1)
    assert generator.generate(12, 1) != generator.generate(12, 2)
    assert generator.generate(0, 1) == []
    assert generator.main(["--count", "40", "--out", str(tmp_path / "c"), "--seed", "3"]) == 0
    assert generator.main(["--count", "5", "--out", str(tmp_path / "c")]) == 2  # would mix two cohorts
    assert generator.main(["--count", "5", "--out", str(tmp_path / "c"), "--replace"]) == 0
    cohort = load_cohort(tmp_path / "c", lessons=LESSONS)
    assert cohort.size == 5 and not cohort.skipped


def test_five_hundred_learners_load_and_summarise(tmp_path: Path) -> None:
    generator = make_cohort()
    generator.write(tmp_path / "big", 500, 7)
    cohort = load_cohort(tmp_path / "big", lessons=LESSONS)
    assert cohort.size == 500 and not cohort.skipped
    assert len(cohort.superseded) == len(list((tmp_path / "big").glob("*.json"))) - 500
    table = completion(cohort)
    assert table["completed"].is_monotonic_decreasing and table["started"].max() <= 500
    spread = promise_spread(cohort)
    assert spread.buckets["learners"].sum() == spread.learners and not math.isnan(spread.median_hours or math.nan)
    crashes = ways_to_crash(cohort)
    assert crashes.groupby("stage").size().max() == 5
    assert crashes.iloc[0]["way"] == "Spend the whole ad budget and get zero sales"
    endings = scenario_endings(cohort)
    assert set(endings["ending"]) - {NO_ENDING} == {
        "Stronger than before", "Put right, but no more", "A customer lost",
        "Customer kept, team stronger", "Customer kept, lesson lost", "A promise broken twice"}
