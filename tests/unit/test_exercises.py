"""The skeleton's exercises driven as a learner would: set values, click, read the page."""

from __future__ import annotations

import sqlite3
import time

import pytest

from widgets import lesson as ff
from widgets.core.course import Status, course
from widgets.exercises.playbook import PlaybookPreview
from widgets.exercises.takeaway import EMPTY_HINT, Finish
from widgets.exercises.welcome import MAX_NAME, NameEntry
from widgets.look.navigation import CourseMap, course_map_html, prev_next_html, stepper_html
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore, default_store


def saver_for(store: ProgressStore) -> Autosaver:
    return Autosaver(store, delay=0.05)


def wait_saved(saver: Autosaver) -> None:
    deadline = time.monotonic() + 1
    while saver.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    saver.flush()


def test_name_is_saved_restored_and_greeted_escaped(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    entry = NameEntry(saver=saver_for(store))
    entry.input.value = "  Maya <b>O'Neil</b> 💎 "
    wait_saved(entry.saver)
    assert store.load("welcome", "name") == "Maya <b>O'Neil</b> 💎"
    assert "Nice to meet you, <strong>Maya &lt;b&gt;O&#x27;Neil&lt;/b&gt; 💎</strong>" in entry.greeting.value
    assert entry.status.text == "✓ Saved"

    again = NameEntry(saver=saver_for(ProgressStore(tmp_path)))
    assert again.input.value == "Maya <b>O'Neil</b> 💎"
    assert again.name == "Maya <b>O'Neil</b> 💎"


def test_too_long_name_is_refused_and_the_saved_one_kept(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    entry = NameEntry(saver=saver_for(store))
    entry.input.value = "Maya"
    wait_saved(entry.saver)
    entry.input.value = "x" * (MAX_NAME + 1)
    wait_saved(entry.saver)
    assert store.load("welcome", "name") == "Maya"
    assert entry.feedback.kind == "hint" and f"up to {MAX_NAME} characters" in entry.feedback.text
    entry.input.value = "Maya Lee"
    wait_saved(entry.saver)
    assert entry.feedback.text == "" and store.load("welcome", "name") == "Maya Lee"


def test_finish_needs_a_takeaway_then_marks_the_lesson_done(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    lesson = course().lesson("inversion")
    finish = Finish(lesson, saver=saver_for(store))
    finish.click()
    assert finish.feedback.text == f"Hint: {EMPTY_HINT}"
    assert not finish.done and "inversion" not in store.completed()

    finish.answer.value = "Invert fulfillment: ship within 2 days."
    finish.click()
    assert finish.done and "inversion" in store.completed()
    assert store.load("inversion", "takeaway") == "Invert fulfillment: ship within 2 days."
    assert "Next up: Lesson 2: Response-time inversion" in finish.feedback.text
    assert finish.button.description == "Mark as not done"
    assert "You finished this lesson on" in finish.done_line.value

    reopened = Finish(lesson, saver=saver_for(ProgressStore(tmp_path)))
    assert reopened.done and reopened.takeaway == "Invert fulfillment: ship within 2 days."
    reopened.click()
    assert not reopened.done and "inversion" not in store.completed()
    assert reopened.button.description == "Mark lesson done"


def test_a_50000_character_paste_is_refused_without_losing_the_saved_answer(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    finish = Finish(course().lesson("team"), saver=saver_for(store))
    finish.answer.value = "Bring Sam into the call."
    wait_saved(finish.saver)
    finish.answer.value = "y" * 50_000
    wait_saved(finish.saver)
    assert store.load("team", "takeaway") == "Bring Sam into the call."
    assert "50,000 characters" in finish.feedback.text
    finish.click()
    assert not finish.done


def test_course_map_shows_each_status_in_words(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    store.save("welcome", "name", "Maya")
    store.complete("welcome")
    store.save("inversion", "takeaway", "draft")
    the_map = CourseMap(store=store, current="inversion")
    assert the_map.statuses["welcome"] is Status.DONE
    assert the_map.statuses["inversion"] is Status.IN_PROGRESS
    assert the_map.statuses["team"] is Status.NOT_STARTED
    assert the_map.progress.text == "1 of 6 lessons done"
    assert the_map.map.value.count("not started") == 4
    assert "aria-current=\"page\">Lesson 1: Inversion thinking" in the_map.map.value

    store.complete("inversion")
    Finish(course().lesson("inversion"), saver=saver_for(store))  # any page's finish refreshes maps
    the_map.refresh()
    assert the_map.progress.text == "2 of 6 lessons done"


def test_navigation_links_are_relative_so_they_work_in_voila_and_jupyterlab() -> None:
    the_course = course()
    first, middle, last = the_course.lessons[0], the_course.lessons[2], the_course.lessons[-1]
    assert "Previous" not in prev_next_html(the_course, first)
    nav = prev_next_html(the_course, middle)
    assert "href='01_inversion_thinking.ipynb'" in nav and "href='03_owning_mistakes.ipynb'" in nav
    assert "Next" not in prev_next_html(the_course, last)
    statuses = dict.fromkeys((lesson.id for lesson in the_course.lessons), Status.NOT_STARTED)
    stepper = stepper_html(the_course, statuses, middle)
    assert stepper.count("<li") == 6 and "you are here" in stepper and "/" not in stepper.split("href='")[1][:30]
    assert "ff-map-current" in course_map_html(the_course, statuses, middle)


def test_playbook_preview_lists_takeaways_escaped_and_links_missing_ones(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    store.save("welcome", "name", "Maya <i>")
    store.save("inversion", "takeaway", "Ship <fast>\n\nMeasure it")
    preview = PlaybookPreview(store=store)
    body = preview.view.value
    assert "Maya &lt;i&gt;&#x27;s playbook" in body
    assert "<p>Ship &lt;fast&gt;</p><p>Measure it</p>" in body
    assert "go to Lesson 2: Response-time inversion" in body and "href='02_response_time.ipynb'" in body


def test_saves_after_a_corrupt_file_was_replaced_say_saved(tmp_path) -> None:
    (tmp_path / "progress.db").write_bytes(b"garbage" * 500)
    store = ProgressStore(tmp_path)
    entry = NameEntry(saver=saver_for(store))
    entry.input.value = "Maya"
    wait_saved(entry.saver)
    assert entry.status.text == "✓ Saved"


def test_when_nothing_can_be_written_the_learner_is_told(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    entry = NameEntry(saver=saver_for(ProgressStore(blocker / "data")))
    entry.input.value = "Maya"
    wait_saved(entry.saver)
    assert entry.status.text.startswith("Not saved")


def test_entry_points_build_widgets(data_dir) -> None:
    assert "ff-header-box" in ff.header("inversion")._dom_classes
    assert isinstance(ff.name_entry(), NameEntry)
    assert isinstance(ff.course_map(), CourseMap)
    assert isinstance(ff.finish("team"), Finish)
    assert isinstance(ff.playbook_preview(), PlaybookPreview)


def test_header_shows_the_store_notice_once(data_dir) -> None:
    (data_dir / "progress.db").write_bytes(b"garbage" * 500)
    box = ff.header("welcome")
    notices = [c for part in box.children if "ff-saved-work-notice" in part._dom_classes for c in part.children]
    assert len(notices) == 1 and "set that file aside" in notices[0].value
    assert default_store().notice is not None


def test_header_says_so_the_moment_saving_stops_working(data_dir) -> None:
    box = ff.header("welcome")
    (notice,) = [part for part in box.children if "ff-saved-work-notice" in part._dom_classes]
    assert notice.children == ()
    store = default_store()
    store._degrade(sqlite3.OperationalError("database or disk is full"))  # what a failed write does
    assert len(notice.children) == 1 and "can&#x27;t be saved on this computer" in notice.children[0].value


def test_a_broken_call_gives_learners_a_friendly_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAILFORWARD_STRICT", raising=False)
    notice = ff.finish("no-such-lesson")
    assert "couldn&#x27;t be shown" in notice.value and "Traceback" not in notice.value
    monkeypatch.setenv("FAILFORWARD_STRICT", "1")
    with pytest.raises(KeyError, match="no lesson 'no-such-lesson'"):
        ff.finish("no-such-lesson")


def test_playbook_shows_ranked_inversion_commitments_escaped(tmp_path) -> None:
    store = ProgressStore(tmp_path)
    store.save("inversion", "board", {
        "stages": [{"id": "a", "name": "Advertising", "rows": [
            {"id": "r1", "failure": "Spend blind", "inverse": "Track <every> ad", "measure": "$20 per sale"},
            {"id": "r2", "failure": "Ignore email", "inverse": "Reply in 24 h", "measure": "95 % in 24 h"}]}],
        "ranking": ["r2", "r1"], "commitments": ["r1", "r2"]})
    body = PlaybookPreview(store=store).view.value
    assert body.index("Reply in 24 h") < body.index("Track &lt;every&gt; ad")
    assert "measured by 95 % in 24 h" in body and "<every>" not in body
