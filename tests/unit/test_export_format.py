"""The one reader of progress files (widgets/store/export_format.py), and its two users agreeing on it.

Every malformed shape that either of the two old readers caught (the import in "Take your
work with you", the coach corner) is listed here once; for each, the parser's verdict, what
the learner reads on import, and what the coach corner lists, all come from the same check.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from widgets.coach.cohort import load_cohort
from widgets.core.course import course
from widgets.store.export_format import FORMAT, VERSION, Problem, ProgressFile, parse_progress, parse_time
from widgets.store.progress import ProgressStore
from widgets.store.transfer import FOREIGN, apply_import, export_json, export_progress, plan_import

LESSONS = tuple((lesson.id, lesson.title) for lesson in course().lessons)
PREVIOUS = Path(__file__).parent / "data" / "progress-v1-before-cohort-sharing.json"
"""A progress file written by the course before this change: `widgets/transfer.py` and `widgets/progress.py`
as they were at commit 660a672, restoring a sample learner's answers and exporting them (see the commit
that added it)."""


def good(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT, "version": 1, "exported_at": "2026-04-13T10:00:00.000+00:00", "course": "Fail Forward",
        "learner": "Ava", "completed": {"welcome": "2026-04-13T09:30:00.000+00:00"},
        "answers": [{"lesson": "welcome", "key": "name", "value": "Ava", "updated_at": "2026-04-13T09:00:00.000+00:00"},
                    {"lesson": "welcome", "key": "takeaway", "value": "Own it early.",
                     "updated_at": "2026-04-13T09:20:00.000+00:00"}],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not ...}


def encoded(data: Any) -> bytes:
    return json.dumps(data).encode()


def answer(**row: Any) -> dict[str, Any]:
    base = {"lesson": "welcome", "key": "name", "value": "Ava", "updated_at": "2026-04-13T09:00:00+00:00"}
    base.update(row)
    return {key: value for key, value in base.items() if value is not ...}


# (label, bytes, the parser's kind, what the learner reads on import, what the coach corner lists)
MALFORMED: list[tuple[str, bytes, str, str, str]] = [
    ("nothing at all", b"", "empty", "That file is empty.", "the file is empty"),
    ("only white space", b"  \n\t ", "empty", "That file is empty.", "the file is empty"),
    ("a picture", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not-text", FOREIGN, "not UTF-8 text"),
    ("Latin-1 text", '{"learner": "Zoë"}'.encode("latin-1"), "not-text", FOREIGN, "not UTF-8 text"),
    ("not JSON", b"{not json", "not-json", FOREIGN, "not valid JSON (line 1)"),
    ("a word", b"nope", "not-json", FOREIGN, "not valid JSON (line 1)"),
    ("JSON nested far too deep", b"[" * 100_000 + b"]" * 100_000, "not-json", FOREIGN,
     "not valid JSON (nested far too deeply)"),
    ("cut short after a comma", encoded(good())[:60].rsplit(b",", 1)[0] + b",", "cut-short",
     "That progress file is cut short", "cut short: it ends part-way through"),
    ("cut short in a string", encoded(good())[:-40], "cut-short", "That progress file is cut short",
     "cut short: it ends part-way through"),
    ("a list", b"[1, 2, 3]", "foreign", FOREIGN, "not a Fail Forward progress file"),
    ("a number", b"42", "foreign", FOREIGN, "not a Fail Forward progress file"),
    ("another app's file", encoded({"name": "settings"}), "foreign", FOREIGN, "not a Fail Forward progress file"),
    ("another format", encoded(good(format="something-else")), "foreign", FOREIGN,
     "not a Fail Forward progress file"),
    ("no format", encoded(good(format=...)), "foreign", FOREIGN, "not a Fail Forward progress file"),
    ("a newer version", encoded(good(version=VERSION + 1)), "newer", "newer version of the course",
     f"made by a newer version of the course (version {VERSION + 1})"),
    ("version true", encoded(good(version=True)), "bad-version", "its version isn't a number",
     "damaged: its version (True) isn't a version of the course"),
    ("version as text", encoded(good(version="1")), "bad-version", "its version isn't a number",
     "damaged: its version ('1') isn't a version of the course"),
    ("version 1.0", encoded(good(version=1.0)), "bad-version", "its version isn't a number",
     "damaged: its version (1.0) isn't a version of the course"),
    ("version 0", encoded(good(version=0)), "bad-version", "its version isn't a number",
     "damaged: its version (0) isn't a version of the course"),
    ("no version", encoded(good(version=...)), "bad-version", "its version isn't a number",
     "damaged: its version (None) isn't a version of the course"),
    ("no answers", encoded(good(answers=...)), "no-answers", "its answers are missing",
     "damaged: its answers are missing"),
    ("answers not a list", encoded(good(answers={"welcome": "Ava"})), "no-answers", "its answers are missing",
     "damaged: its answers are missing"),
    ("an answer that isn't an object", encoded(good(answers=[answer(), "Ava"])), "bad-answer",
     "answer 2 is incomplete", "damaged: answer 2 is incomplete"),
    ("an answer without a lesson", encoded(good(answers=[answer(lesson=...)])), "bad-answer",
     "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
    ("an answer whose key is a number", encoded(good(answers=[answer(key=3)])), "bad-answer",
     "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
    ("an answer without a value", encoded(good(answers=[answer(value=...)])), "bad-answer",
     "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
    ("an answer without a time", encoded(good(answers=[answer(updated_at=...)])), "bad-answer",
     "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
    ("an answer whose time isn't one", encoded(good(answers=[answer(updated_at="yesterday")])), "bad-answer",
     "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
    ("an answer whose time is a number", encoded(good(answers=[answer(updated_at=1776070800)])), "bad-answer",
     "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
    ("a time past the end of the calendar", encoded(good(answers=[answer(updated_at="9999-12-31T23:59:59-01:00")])),
     "bad-answer", "answer 1 is incomplete", "damaged: answer 1 is incomplete"),
]


@pytest.mark.parametrize(("label", "data", "kind", "learner_reads", "coach_reads"), MALFORMED,
                         ids=[row[0] for row in MALFORMED])
def test_every_malformed_shape_is_named_the_same_way_to_the_learner_and_the_coach(
        tmp_path: Path, label: str, data: bytes, kind: str, learner_reads: str, coach_reads: str) -> None:
    parsed = parse_progress(data)
    assert isinstance(parsed, Problem) and parsed.kind == kind, (label, parsed)
    assert parsed.sentence.endswith(".") and parsed.sentence[0].isupper()

    store = ProgressStore(tmp_path / "mine")
    store.save("welcome", "name", "Kept as it was")
    plan = plan_import(data, store)
    assert learner_reads in plan.problem and plan.summary == plan.problem
    assert apply_import(plan, store) == 0 and [a.value for a in store.export_rows()] == ["Kept as it was"]

    folder = tmp_path / "cohort"
    folder.mkdir()
    (folder / "file.json").write_bytes(data)
    cohort = load_cohort(folder, lessons=LESSONS)
    assert cohort.size == 0 and [s.file for s in cohort.skipped] == ["file.json"]
    assert cohort.skipped[0].reason.startswith(coach_reads)
    assert cohort.skipped[0].reason == parsed.reason


def test_a_file_far_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    data = b" " * (25 * 1024 * 1024) + b"{}"
    parsed = parse_progress(data)
    assert isinstance(parsed, Problem) and parsed.kind == "too-large"
    assert "far larger than any progress file" in plan_import(data, ProgressStore(tmp_path / "s")).problem


def test_what_both_readers_let_through_or_leave_out_quietly() -> None:
    """Shapes neither reader refused: a byte-order mark, completions that aren't usable, a name to fall back on."""
    data = b"\xef\xbb\xbf" + encoded(good(
        learner="  ", completed={"welcome": "2026-04-13T09:30:00Z", "inversion": "not a time", "team": 5},
        answers=[answer(value="  Ava \n Hughes ")], exported_at="soon", account=42, course=["x"]))
    parsed = parse_progress(data)
    assert isinstance(parsed, ProgressFile)
    assert parsed.learner == "Ava Hughes"  # the welcome lesson's name when the file's own is blank
    assert dict(parsed.completed) == {"welcome": datetime(2026, 4, 13, 9, 30, tzinfo=UTC)}
    assert parsed.exported_at is None and parsed.account == "" and parsed.course == ""
    completed_not_a_map = parse_progress(encoded(good(completed=["welcome"])))
    assert isinstance(completed_not_a_map, ProgressFile) and not completed_not_a_map.completed


def test_times_are_normalised_to_utc_and_a_time_without_a_zone_is_read_as_utc() -> None:
    assert parse_time("2026-04-13T09:00:00") == datetime(2026, 4, 13, 9, tzinfo=UTC)
    assert parse_time("2026-04-13T11:00:00+02:00") == datetime(2026, 4, 13, 9, tzinfo=UTC)
    assert parse_time("2026-04-13T09:00:00Z") == datetime(2026, 4, 13, 9, tzinfo=UTC)
    assert parse_time("2026-04-13") == datetime(2026, 4, 13, tzinfo=UTC)
    assert parse_time("9999-12-31T23:59:59-01:00") is None and parse_time(None) is None


def test_importing_a_file_whose_times_have_no_zone_works(tmp_path: Path) -> None:
    """Used to raise "can't compare offset-naive and offset-aware datetimes" (the learner got the sorry-notice)."""
    store = ProgressStore(tmp_path / "here")
    store.restore("welcome", "name", "Ava here", "2026-04-13T10:00:00.000+00:00")  # newer than the file's
    store.restore("welcome", "takeaway", "Older here", "2026-04-01T10:00:00.000+00:00")  # older than the file's
    data = encoded(good(exported_at="2026-04-13T10:00:00", completed={"welcome": "2026-04-13T09:30:00"},
                        answers=[answer(value="Ava", updated_at="2026-04-13T09:00:00"),
                                 answer(key="takeaway", value="Own it early.", updated_at="2026-04-13T09:20:00"),
                                 answer(key="works-with", value="team", updated_at="2026-04-13T09:25:00")]))
    plan = plan_import(data, store)
    assert plan.problem == ""
    assert {c.key: c.action for c in plan.changes} == {"name": "keep-newer", "takeaway": "replace", "works-with": "add"}
    assert apply_import(plan, store) == 2
    # Written as the store writes its own times: UTC, with the zone, so they sort and compare as text.
    assert store.get("welcome", "takeaway").updated_at == "2026-04-13T09:20:00.000+00:00"
    assert store.completed() == {"welcome": "2026-04-13T09:30:00.000+00:00"}
    assert store.load("welcome", "name") == "Ava here"


def test_both_readers_refuse_version_true(tmp_path: Path) -> None:
    """One old copy accepted ``"version": true`` (True is an int in Python), the other refused it."""
    data = encoded(good(version=True))
    assert "damaged" in plan_import(data, ProgressStore(tmp_path / "s")).problem
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "v.json").write_bytes(data)
    assert load_cohort(tmp_path / "c", lessons=LESSONS).size == 0


def test_a_file_from_the_previous_version_still_imports_and_loads(tmp_path: Path) -> None:
    data = PREVIOUS.read_bytes()
    written = json.loads(data)
    assert written["version"] == 1 and "account" not in written
    store = ProgressStore(tmp_path / "fresh")
    plan = plan_import(data, store)
    assert plan.problem == "" and plan.learner == "Ava Hughes" and plan.count("add") == len(written["answers"]) == 36
    assert apply_import(plan, store) == 36
    again = export_progress(store)
    assert again["answers"] == written["answers"] and again["completed"] == written["completed"]
    (tmp_path / "cohort").mkdir()
    (tmp_path / "cohort" / PREVIOUS.name).write_bytes(data)
    cohort = load_cohort(tmp_path / "cohort", lessons=LESSONS)
    assert cohort.size == 1 and not cohort.skipped and cohort.learners["lessons_done"].item() == 5


def test_the_download_is_unchanged_and_a_cohort_file_only_adds_the_account(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "s")
    store.save("welcome", "name", "Ava")
    download = json.loads(export_json(store))
    assert sorted(download) == ["answers", "completed", "course", "exported_at", "format", "learner", "version"]
    shared = export_progress(store, account="ava")
    assert {key: value for key, value in shared.items() if key not in ("account", "exported_at")} == {
        key: value for key, value in download.items() if key != "exported_at"}
    parsed = parse_progress(encoded(shared))
    assert isinstance(parsed, ProgressFile) and parsed.account == "ava"


def guide_section() -> str:
    text = (Path(__file__).resolve().parents[2] / "lessons" / "coach" / "AUTHORING.md").read_text(encoding="utf-8")
    return text[text.index("## 15. Progress files and the cohort folder"):]


def test_the_authoring_guide_writes_down_every_field_and_every_saved_key(tmp_path: Path) -> None:
    from widgets.core import keys

    section = guide_section()
    rows = set(re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", section, flags=re.MULTILINE))
    declared = {(key.lesson, key.key) for key in keys.ALL}
    assert rows == declared, ("lessons/coach/AUTHORING.md section 15 and widgets/core/keys.py differ: missing "
                              f"from the guide {sorted(declared - rows)}, not declared {sorted(rows - declared)}")
    layout = section[section.index("### What is in a progress file"):section.index("**Versions.**")]
    fields = set(re.findall(r"^\| `([a-z_]+)` \| ", layout, flags=re.MULTILINE))
    store = ProgressStore(tmp_path / "s")
    assert set(export_progress(store, account="ava")) == fields
    assert f"`{VERSION}`: the version of this layout" in section
