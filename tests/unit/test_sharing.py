"""Cohort sharing (issue 18): a learner's server keeps their progress file in a cohort folder, the coach reads it.

The writer is driven with an injected clock and timer, so no test waits a minute; one test
lets the real timer run, with a short interval, and polls for the result.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from widgets import lesson as ff
from widgets.coach.cohort import HALF_WRITTEN, load_cohort
from widgets.coach.corner import COACH_ENV, COHORT_INTRO, CoachCorner
from widgets.core.course import course
from widgets.exercises.takeaway import Finish
from widgets.store import sharing
from widgets.store.autosave import Autosaver, default_autosaver
from widgets.store.export_format import ProgressFile, parse_progress
from widgets.store.progress import ProgressStore
from widgets.store.sharing import FILE_NAME, CohortWriter, cohort_folder, writer_for

LESSONS = tuple((lesson.id, lesson.title) for lesson in course().lessons)
PREVIOUS = Path(__file__).parent / "data" / "progress-v1-before-cohort-sharing.json"


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


class Clock:
    """Wall-clock seconds that move only when the test says so (starting now, so files' real times are behind)."""

    def __init__(self) -> None:
        self.now = time.time()
        self.timers: list[FakeTimer] = []

    def __call__(self) -> float:
        return self.now

    def timer(self, seconds: float, action: Callable[[], None]) -> FakeTimer:
        made = FakeTimer(self.now + seconds, action)
        self.timers.append(made)
        return made

    def advance(self, seconds: float) -> None:
        """Move on, firing every timer that falls due on the way, in order."""
        end = self.now + seconds
        while True:
            due = sorted((t for t in self.timers if t.started and not t.cancelled and not t.fired and t.at <= end),
                         key=lambda t: t.at)
            if not due:
                break
            self.now = max(self.now, due[0].at)
            due[0].fired = True
            due[0].action()
        self.now = end


class FakeTimer:
    def __init__(self, at: float, action: Callable[[], None]) -> None:
        self.at, self.action = at, action
        self.started = self.cancelled = self.fired = False

    def start(self) -> None:
        self.started = True

    def cancel(self) -> None:
        self.cancelled = True


def read(path: Path) -> ProgressFile:
    parsed = parse_progress(path.read_bytes())
    assert isinstance(parsed, ProgressFile), parsed
    return parsed


@pytest.fixture
def clock() -> Clock:
    return Clock()


def writer(store: ProgressStore, folder: Path, clock: Clock, **kwargs: Any) -> CohortWriter:
    return CohortWriter(store, folder, account=kwargs.pop("account", "amara"), clock=clock, timer=clock.timer,
                        **kwargs)


def test_sharing_is_off_unless_the_variable_names_a_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FAILFORWARD_COHORT", raising=False)
    store = ProgressStore(tmp_path / "data")
    assert cohort_folder() is None and writer_for(store) is None
    monkeypatch.setenv("FAILFORWARD_COHORT", "  ")
    assert cohort_folder() is None and writer_for(store) is None
    saver = default_autosaver()
    saver.schedule("welcome", "name", "Amara")
    saver.flush()
    assert not saver._after_save  # nothing listens to saves: make serve and Binder are as before
    monkeypatch.setenv("FAILFORWARD_COHORT", str(tmp_path / "cohort"))
    assert cohort_folder() == tmp_path / "cohort" and writer_for(store) is writer_for(store)


def test_at_most_one_write_a_minute_while_answers_change(tmp_path: Path, clock: Clock) -> None:
    store = ProgressStore(tmp_path / "data")
    share = writer(store, tmp_path / "cohort", clock)
    store.save("welcome", "name", "Amara")
    share.changed()
    assert share.writes == 1  # the first change after a quiet spell goes out at once
    written = []
    for second in range(2, 601, 2):  # ten minutes of typing, a save every two seconds
        clock.advance(2)
        store.save("welcome", "takeaway", f"Draft {second}")
        share.changed()
        written.append(share.writes)
    assert share.writes == 10  # 1 at once + 9 at the minute marks; the tenth minute's still waiting
    assert share.pending
    assert read(share.path).answers[-1].value.startswith("Draft 5")  # as of the last minute mark
    clock.advance(60)
    assert share.writes == 11 and not share.pending
    assert read(share.path).answers[-1].value == "Draft 600"
    # No two writes closer than a minute.
    marks = [index for index in range(1, len(written)) if written[index] != written[index - 1]]
    assert all(later - earlier >= 30 for earlier, later in itertools.pairwise(marks))  # 30 steps = 60 s
    clock.advance(3600)
    assert share.writes == 11  # nothing changed: nothing written


def test_a_lesson_marked_done_is_written_at_once(tmp_path: Path, clock: Clock) -> None:
    store = ProgressStore(tmp_path / "data")
    share = writer(store, tmp_path / "cohort", clock)
    store.save("welcome", "name", "Amara")
    share.changed()
    clock.advance(5)
    store.save("welcome", "takeaway", "Own it early.")
    share.changed()
    assert share.writes == 1 and share.pending
    store.complete("welcome")
    share.finished()
    assert share.writes == 2 and not share.pending  # what was waiting went in with it
    done = read(share.path)
    assert "welcome" in done.completed and [a.value for a in done.answers if a.key == "takeaway"] == ["Own it early."]
    clock.advance(120)
    assert share.writes == 2


def test_the_minute_is_shared_by_a_learners_lessons_open_in_several_tabs(tmp_path: Path, clock: Clock) -> None:
    """Each tab is a kernel with its own writer; the file's own time says when it was last written."""
    store = ProgressStore(tmp_path / "data")
    first, second = writer(store, tmp_path / "cohort", clock), writer(store, tmp_path / "cohort", clock)
    store.save("welcome", "name", "Amara")
    first.changed()
    os.utime(first.path, (clock.now, clock.now))
    clock.advance(10)
    second.changed()
    assert (first.writes, second.writes) == (1, 0) and second.pending
    clock.advance(50)
    assert second.writes == 1


def test_the_file_is_replaced_whole_or_not_at_all(tmp_path: Path, clock: Clock,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProgressStore(tmp_path / "data")
    share = writer(store, tmp_path / "cohort", clock)
    store.save("welcome", "name", "Amara")
    share.finished()
    before = share.path.read_bytes()

    def fails(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sharing.os, "replace", fails)
    store.save("welcome", "name", "Amara Okafor")
    share.finished()  # logged, never raised: the learner's answers are safe in their store
    assert share.path.read_bytes() == before and "No space left" in share.last_error
    assert sorted(p.name for p in share.folder.iterdir()) == [FILE_NAME]  # the half-written copy was removed
    monkeypatch.undo()
    share.finished()
    assert read(share.path).learner == "Amara Okafor" and share.last_error == ""
    assert sorted(p.name for p in share.folder.iterdir()) == [FILE_NAME]


def test_a_half_written_file_left_by_a_stopped_server_is_tidied_by_the_next_write(tmp_path: Path,
                                                                                  clock: Clock) -> None:
    store = ProgressStore(tmp_path / "data")
    share = writer(store, tmp_path / "cohort", clock)
    share.folder.mkdir(parents=True)
    stale = share.folder / f".{FILE_NAME}.4242.1.partial"
    fresh = share.folder / f".{FILE_NAME}.4343.1.partial"
    stale.write_text('{"format": "fail-forward-progress", "ver')
    fresh.write_text('{"format": "fail')  # another tab writing right now
    os.utime(stale, (clock.now - 3600, clock.now - 3600))
    share.finished()
    assert not stale.exists() and fresh.exists()


def test_the_real_timer_writes_when_the_interval_is_up(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "data")
    share = CohortWriter(store, tmp_path / "cohort", interval=0.3)
    store.save("welcome", "name", "Amara")
    share.changed()
    store.save("welcome", "name", "Amara O.")
    share.changed()
    assert share.writes == 1 and share.pending
    deadline = time.monotonic() + 10
    while share.writes < 2 and time.monotonic() < deadline:
        time.sleep(0.02)  # polling for the timer's write
    assert share.writes == 2 and read(share.path).learner == "Amara O."


def sharing_on(monkeypatch: pytest.MonkeyPatch, cohort: Path, user: str) -> Path:
    monkeypatch.setenv("FAILFORWARD_COHORT", str(cohort / user))
    monkeypatch.setenv("JUPYTERHUB_USER", user)
    monkeypatch.setattr(sharing, "_writers", {})
    return cohort / user


def test_the_autosaver_and_mark_lesson_done_keep_the_file_up_to_date(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path, data_dir: Path) -> None:
    mine = sharing_on(monkeypatch, tmp_path / "cohort", "amara")
    saver = default_autosaver()
    saver.schedule("welcome", "name", "Amara")
    saver.flush()
    shared = read(mine / FILE_NAME)
    assert shared.account == "amara" and shared.learner == "Amara" and not shared.completed
    finish = Finish(course().lesson("welcome"), saver=saver)
    finish.answer.value = "Say sorry first."
    finish.click()
    assert finish.done
    shared = read(mine / FILE_NAME)  # within the minute, but a lesson was finished
    assert "welcome" in shared.completed and [a.value for a in shared.answers if a.key == "takeaway"] == [
        "Say sorry first."]
    # The progress store stays in SQLite on the learner's own storage, never in the shared folder.
    assert sorted(p.name for p in mine.iterdir()) == [FILE_NAME]
    assert (data_dir / "progress.db").is_file()
    finish.close()


def test_an_import_and_a_lesson_marked_not_done_reach_the_file_too(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path, data_dir: Path) -> None:
    import json

    from widgets.exercises.carry import CarryYourWork
    from widgets.store.transfer import export_progress

    mine = sharing_on(monkeypatch, tmp_path / "cohort", "amara")
    saver = default_autosaver()
    finish = Finish(course().lesson("welcome"), saver=saver)
    finish.answer.value = "Say sorry first."
    finish.click()
    assert "welcome" in read(mine / FILE_NAME).completed
    writer = sharing.writer_for(saver.store)
    assert writer is not None and not writer.pending
    finish.click()  # marked not done again: written within the minute, without waiting for another answer
    assert writer.pending
    writer.flush()
    assert "welcome" not in read(mine / FILE_NAME).completed
    finish.close()

    other = ProgressStore(tmp_path / "elsewhere")
    other.save_many({("team", "debrief"): {"happened": "A late order."}})
    carry = CarryYourWork(store=saver.store)
    carry.read("mine.json", json.dumps(export_progress(other)).encode())
    carry.confirm()
    assert writer.pending
    writer.flush()
    assert [a.value for a in read(mine / FILE_NAME).answers if a.key == "debrief"] == [{"happened": "A late order."}]


def header_text(lesson_id: str) -> str:
    box = ff.header(lesson_id)
    parts = []
    stack: list[w.Widget] = [box]
    while stack:
        widget = stack.pop()
        if isinstance(widget, w.HTML):
            parts.append(widget.value)
        stack.extend(getattr(widget, "children", ()))
    return text_of(" ".join(parts))


def test_the_welcome_lesson_says_answers_are_visible_only_when_sharing_is_on(monkeypatch: pytest.MonkeyPatch,
                                                                             tmp_path: Path) -> None:
    sentence = "Your answers are visible to your coach"
    monkeypatch.delenv("FAILFORWARD_COHORT", raising=False)
    assert sentence not in header_text("welcome")
    sharing_on(monkeypatch, tmp_path / "cohort", "amara")
    assert sentence in header_text("welcome")
    assert sentence not in header_text("inversion")  # said once, where the course starts


# ---- the coach's side ------------------------------------------------------------------------------

def learner(cohort: Path, user: str, name: str, takeaway: str, clock: Clock, *, done: bool = True) -> Path:
    store = ProgressStore(cohort.parent / "homes" / user)
    store.save("welcome", "name", name)
    store.save("welcome", "takeaway", takeaway)
    if done:
        store.complete("welcome")
    writer(store, cohort / user, clock, account=user).finished()
    store.close()
    return cohort / user / FILE_NAME


def snapshot(*folders: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_the_coach_corner_reads_the_cohort_folder_as_it_reads_downloads(tmp_path: Path, clock: Clock,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = tmp_path / "cohort"
    learner(cohort, "amara", "Amara", "Say sorry first.", clock)
    learner(cohort, "bongani", "Bongani <b>B</b>", "Fix the system, not the person.", clock, done=False)
    monkeypatch.setenv(COACH_ENV, str(cohort))
    before = snapshot(tmp_path)
    corner = CoachCorner()
    assert corner.folder.value == str(cohort) and COHORT_INTRO in text_of(corner.children[1].value)
    assert corner.cohort is not None and corner.cohort.size == 2 and not corner.cohort.skipped
    assert list(corner.completion["completed"])[:1] == [1]
    people = text_of(corner.sections["learners"].value)
    assert "Amara amara" in people and "Bongani <b>B</b> bongani" in people and "As of" in people
    assert corner.refresh_button.layout.display == ""
    labels = [label for label, _value in corner.pick.options]
    assert labels == ["Amara · amara", "Bongani <b>B</b> · bongani"]
    assert "Say sorry first." in text_of(corner.learner_box.value)
    corner.pick.value = corner.pick.options[1][1]
    shown = corner.learner_box.value
    assert "Fix the system, not the person." in text_of(shown) and "&lt;b&gt;B&lt;/b&gt;" in shown

    # Bongani finishes the lesson; his server rewrites his file; Refresh shows it, and he stays chosen.
    clock.advance(120)
    store = ProgressStore(tmp_path / "homes" / "bongani")
    store.complete("welcome")
    writer(store, cohort / "bongani", clock, account="bongani").finished()
    store.close()
    before = snapshot(tmp_path)
    corner.refresh_button.click()
    assert list(corner.completion["completed"])[:1] == [2]
    assert corner.pick.value == "bongani/" + FILE_NAME
    corner.quiet_days.value = 3
    assert snapshot(tmp_path) == before  # the coach corner never wrote a byte, in the folder or any store


def test_bad_files_in_a_cohort_folder_are_each_named_and_the_rest_shown(tmp_path: Path, clock: Clock,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = tmp_path / "cohort"
    amara = learner(cohort, "amara", "Amara", "Say sorry first.", clock)
    learner(cohort, "bongani", "Bongani", "Ask the team first.", clock)
    # A server killed while writing: its .partial file (an hour old), and no complete file yet.
    (cohort / "cara").mkdir()
    partial = cohort / "cara" / f".{FILE_NAME}.77.1.partial"
    partial.write_text('{"format": "fail-forward-progress", "version": 1, "answ')
    os.utime(partial, (time.time() - 3600, time.time() - 3600))
    # A file from a newer course.
    newer = learner(cohort, "dev", "Dev", "x", clock)
    newer.write_text(json.dumps({**json.loads(newer.read_text()), "version": 2}))
    # A file the coach can't read, and a folder the coach can't read (root reads anything: make the OS say no).
    unreadable = learner(cohort, "eve", "Eve", "x", clock)
    (cohort / "fay").mkdir()
    real_read, real_iterdir = Path.read_bytes, Path.iterdir

    def read_bytes(path: Path) -> bytes:
        if path == unreadable:
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    def iterdir(path: Path) -> Any:
        if path == cohort / "fay":
            raise PermissionError(13, "Permission denied")
        return real_iterdir(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    # Two files claiming the same learner: a copy of Amara's, newer, put in Bongani's folder.
    copy = json.loads(amara.read_text())
    copy["exported_at"] = "2999-01-01T00:00:00.000+00:00"
    (cohort / "bongani" / "amara.json").write_text(json.dumps(copy))
    # A download Amara saved in her own folder: no account in it, but hers; the file her server keeps is newer.
    download = {key: value for key, value in json.loads(amara.read_text()).items() if key != "account"}
    download["exported_at"] = "2020-01-01T00:00:00.000+00:00"
    (cohort / "amara" / "download.json").write_text(json.dumps(download))

    loaded = load_cohort(cohort, lessons=LESSONS)
    assert sorted(loaded.learners["source"]) == ["amara", "bongani"] and loaded.problem == ""
    assert loaded.learners.set_index("source").loc["amara", "file"] == "amara/" + FILE_NAME
    reasons = {s.file: s.sentence for s in loaded.skipped}
    assert reasons == {
        f"cara/.{FILE_NAME}.77.1.partial": HALF_WRITTEN[0].upper() + HALF_WRITTEN[1:] + ".",
        f"dev/{FILE_NAME}": "Made by a newer version of the course (version 2).",
        f"eve/{FILE_NAME}": "Can't be read (Permission denied).",
        "fay/": "A folder that can't be read (Permission denied), so its progress files aren't shown.",
    }
    assert [(s.file, s.kept, s.elsewhere) for s in loaded.superseded] == [
        ("amara/download.json", "amara/" + FILE_NAME, False), ("bongani/amara.json", "amara/" + FILE_NAME, True)]

    corner = CoachCorner(folder=cohort)
    files = text_of(corner.sections["files"].value)
    assert "bongani/amara.json It names the account amara (Amara), but it isn't in that learner's own folder" in files
    assert f"amara/download.json An older file of Amara; the newer amara/{FILE_NAME} is used." in files
    for file, sentence in reasons.items():
        assert f"{file} {sentence}" in files
    assert "4 files were skipped" in corner.feedback.text and "The rest loaded normally." in corner.feedback.text

    def no_top(path: Path) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", no_top)
    corner.refresh_button.click()
    assert corner.cohort.size == 0 and f"The folder “{cohort}” can't be read (Permission denied)." in \
        corner.feedback.text


def test_a_whole_course_file_is_small_and_quick_to_write(tmp_path: Path, clock: Clock) -> None:
    """Every answer of a learner who finished the course (the previous version's sample file, restored)."""
    store = ProgressStore(tmp_path / "data")
    written = json.loads(PREVIOUS.read_text())
    for row in written["answers"]:
        store.restore(row["lesson"], row["key"], row["value"], row["updated_at"])
    for lesson, stamp in written["completed"].items():
        store.restore_completion(lesson, stamp)
    share = writer(store, tmp_path / "cohort", clock)
    share.finished()
    assert 8_000 < share.path.stat().st_size < 20_000
    assert len(read(share.path).answers) == 36


def test_an_autosaver_without_sharing_calls_nothing_after_saving(tmp_path: Path) -> None:
    calls: list[str] = []
    saver = Autosaver(ProgressStore(tmp_path / "d"))
    saver.after_save(lambda: calls.append("saved"), finished=lambda lesson: calls.append(f"done {lesson}"))
    saver.schedule("welcome", "name", "A")
    saver.flush()
    saver.flush()  # nothing pending: no save, no call
    saver.lesson_finished("welcome")
    assert calls == ["saved", "done welcome"]
