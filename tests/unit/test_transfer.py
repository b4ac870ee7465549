"""Export and import of progress: round trips, what an import would change, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets.store.progress import ProgressStore
from widgets.store.transfer import FOREIGN, apply_import, export_json, export_progress, file_name, plan_import


def filled(tmp_path: Path) -> ProgressStore:
    store = ProgressStore(tmp_path / "here")
    store.save("welcome", "name", "Maya <b>O'Neil</b> 💎")
    store.save("inversion", "board", {"stages": [{"id": "ads", "name": "Advertising", "rows": []}]})
    store.save("response-time", "promise-hours", 12)
    store.save("owning-mistakes", "recovery-message", "Dear Dana,\n\nI'm sorry. مرحبا")
    store.complete("inversion")
    return store


def test_export_then_import_into_a_fresh_store_round_trips_exactly(tmp_path: Path) -> None:
    store = filled(tmp_path)
    text = export_json(store)
    data = json.loads(text)
    assert data["format"] == "fail-forward-progress" and data["version"] == 1
    assert data["learner"] == "Maya <b>O'Neil</b> 💎"
    assert file_name(data).startswith("fail-forward-progress-maya--b-o-neil--b-") and file_name(data).endswith(".json")
    fresh = ProgressStore(tmp_path / "fresh")
    plan = plan_import(text.encode(), fresh)
    assert plan.problem == "" and plan.count("add") == 4 and "4 new" in plan.summary
    assert apply_import(plan, fresh) == 4
    again = export_progress(fresh)
    assert again["answers"] == data["answers"] and again["completed"] == data["completed"]


def test_import_never_overwrites_newer_answers_silently(tmp_path: Path) -> None:
    store = filled(tmp_path)
    text = export_json(store).encode()
    later = "2999-01-01T00:00:00.000+00:00"  # saved here after the export (explicit: saves can share a millisecond)
    store.restore("response-time", "promise-hours", 6, later)
    store.restore("welcome", "name", "Maya", later)
    plan = plan_import(text, store)
    assert plan.count("keep-newer") == 2 and plan.count("same") == 2
    assert "2 answers here are newer than in the file and will be kept" in plan.summary
    assert apply_import(plan, store) == 0
    assert store.load("response-time", "promise-hours") == 6
    assert apply_import(plan, store, replace_newer=True) == 2
    assert store.load("response-time", "promise-hours") == 12


def test_an_older_answer_here_is_replaced(tmp_path: Path) -> None:
    old = ProgressStore(tmp_path / "old")
    old.save("response-time", "promise-hours", 48)
    store = filled(tmp_path)
    plan = plan_import(export_json(store).encode(), old)
    assert [c.action for c in plan.changes if c.key == "promise-hours"] == ["replace"]
    apply_import(plan, old)
    assert old.load("response-time", "promise-hours") == 12 and "inversion" in old.completed()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "That file is empty"),
    (b"\x89PNG\r\n\x00\x00", FOREIGN),
    (b"{not json", FOREIGN),
    (b'{"format": "something-else", "version": 1}', FOREIGN),
    (b'[1, 2, 3]', FOREIGN),
    (b'{"format": "fail-forward-progress", "version": 99, "answers": []}', "newer version of the course"),
    (b'{"format": "fail-forward-progress", "version": 1}', "its answers are missing"),
    (b'{"format": "fail-forward-progress", "version": 1, "answers": [{"lesson": "x", "key": "y", "value": 1}]}',
     "answer 1 is incomplete"),
])
def test_bad_or_foreign_files_are_rejected_and_nothing_changes(tmp_path: Path, data: bytes, message: str) -> None:
    store = filled(tmp_path)
    before = export_progress(store)["answers"]
    plan = plan_import(data, store)
    assert message in plan.problem and plan.summary == plan.problem
    assert apply_import(plan, store) == 0
    assert export_progress(store)["answers"] == before


def test_take_your_work_widget_prepares_a_download_and_imports_after_a_look(tmp_path: Path) -> None:
    import base64
    import re

    from widgets.exercises.carry import CarryYourWork

    store = filled(tmp_path)
    carry = CarryYourWork(store=store)
    assert carry.link.value == ""
    carry.prepare_button.click()
    assert "Ready: 4 answers." in carry.link.value and "download='fail-forward-progress-maya" in carry.link.value
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)'", carry.link.value).group(1)
    exported = base64.b64decode(payload)
    assert json.loads(exported)["answers"] == export_progress(store)["answers"]

    fresh = CarryYourWork(store=ProgressStore(tmp_path / "fresh"))
    fresh.read("photo.png", b"\x89PNG\x00")
    assert fresh.feedback.kind == "warning" and "isn't a Fail Forward progress file" in fresh.feedback.text
    assert fresh.choices.layout.display == "none"
    fresh.read("mine.json", exported)
    assert "from Maya <b>O'Neil</b> 💎's course: This file has 4 answers: 4 new" in fresh.feedback.text
    assert fresh.replace_button.layout.display == "none" and fresh.store.load("welcome", "name") is None
    fresh.import_button.click()
    assert fresh.feedback.kind == "success" and "Imported 4 answers" in fresh.feedback.text
    assert fresh.store.load("response-time", "promise-hours") == 12

    fresh.store.restore("response-time", "promise-hours", 3, "2999-01-01T00:00:00.000+00:00")
    fresh.read("mine.json", exported)
    assert fresh.replace_button.layout.display == ""
    fresh.cancel_button.click()
    assert fresh.store.load("response-time", "promise-hours") == 3 and "Nothing has changed" in fresh.feedback.text
