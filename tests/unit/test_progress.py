"""The progress store: saves, restores, survives concurrent writers and corrupt files."""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from widgets.store.autosave import Autosaver
from widgets.store.progress import CORRUPT_NOTICE, DB_NAME, UNWRITABLE_NOTICE, ProgressStore, default_store


def test_saves_and_restores_across_reopen(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.save("inversion", "takeaway", "Answer every email within a day ✓ 🙂")
    store.save("inversion", "board", {"stages": ["sales"], "rows": [[1, 2]]})
    store.close()

    again = ProgressStore(tmp_path)
    assert again.load("inversion", "takeaway") == "Answer every email within a day ✓ 🙂"
    assert again.load("inversion", "board") == {"stages": ["sales"], "rows": [[1, 2]]}
    assert again.load("inversion", "nothing", default="?") == "?"
    assert again.notice is None


def test_saved_text_is_stored_exactly_as_typed(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    typed = "<script>alert(1)</script> \u202eRTL\u202c e\u0301 " + "x" * 50_000
    store.save("welcome", "name", typed)
    assert ProgressStore(tmp_path).load("welcome", "name") == typed


def test_each_answer_has_a_timestamp_and_last_write_wins(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    first = store.save("team", "takeaway", "one")
    second = store.save("team", "takeaway", "two")
    answer = store.get("team", "takeaway")
    assert answer is not None
    assert answer.value == "two" and answer.updated_at == second >= first


def test_uses_wal_mode(tmp_path: Path) -> None:
    ProgressStore(tmp_path).save("a", "b", 1)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_lesson_completion(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    assert store.completed() == {}
    store.complete("inversion")
    assert set(store.completed()) == {"inversion"}
    store.reopen("inversion")
    assert store.completed() == {}


def test_default_store_lives_in_the_data_dir(data_dir: Path) -> None:
    store = default_store()
    store.save("welcome", "name", "Maya")
    assert (data_dir / DB_NAME).exists()
    assert default_store() is store


def _writer(directory: str, lesson: str, count: int) -> None:
    store = ProgressStore(directory)
    for i in range(count):
        store.save(lesson, f"answer-{i}", {"i": i, "text": "x" * 200})


def test_two_writer_processes_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    writers = [ctx.Process(target=_writer, args=(str(tmp_path), lesson, 300))
               for lesson in ("inversion", "response-time")]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=60)
        assert process.exitcode == 0
    store = ProgressStore(tmp_path)
    assert len(store.answers("inversion")) == 300
    assert len(store.answers("response-time")) == 300
    assert store.load("response-time", "answer-299") == {"i": 299, "text": "x" * 200}


@pytest.mark.parametrize("garbage", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_file_is_moved_aside_and_a_fresh_store_carries_on(tmp_path: Path, garbage: bytes) -> None:
    (tmp_path / DB_NAME).write_bytes(garbage)
    store = ProgressStore(tmp_path)
    assert store.notice == CORRUPT_NOTICE and store.persistent
    assert store.moved_aside is not None and store.moved_aside.read_bytes() == garbage
    store.save("welcome", "name", "Maya")
    assert ProgressStore(tmp_path).load("welcome", "name") == "Maya"
    assert ProgressStore(tmp_path).notice is None  # the fresh file is fine next time


def test_unwritable_path_keeps_answers_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = ProgressStore(blocker / "data")
    assert store.notice == UNWRITABLE_NOTICE and not store.persistent
    store.save("welcome", "name", "Maya")
    assert store.load("welcome", "name") == "Maya"


def test_a_folder_that_cannot_be_written_still_shows_earlier_answers(tmp_path: Path) -> None:
    earlier = ProgressStore(tmp_path)
    earlier.save("welcome", "name", "Maya")
    earlier.complete("welcome")
    # A directory where the lock file should be: opening it for writing fails, even for root.
    (tmp_path / f"{DB_NAME}.lock").rename(tmp_path / "old-lock")
    (tmp_path / f"{DB_NAME}.lock").mkdir()
    store = ProgressStore(tmp_path)
    assert store.notice == UNWRITABLE_NOTICE and not store.persistent
    assert store.load("welcome", "name") == "Maya" and "welcome" in store.completed()
    store.save("welcome", "name", "Maya B")
    assert store.load("welcome", "name") == "Maya B"
    assert earlier.load("welcome", "name") == "Maya"  # the file itself is untouched


def _fill_disk_then_save(directory: str, results: multiprocessing.Queue) -> None:
    """In a child process: save, then cap file size at what is written (EFBIG, like a full disk), save again."""
    import resource

    store = ProgressStore(directory)
    heard: list[str] = []
    store.on_notice(heard.append)
    store.save("welcome", "name", "Maya")
    store.complete("welcome")
    wal = Path(directory) / f"{DB_NAME}-wal"
    limit = max(wal.stat().st_size, (Path(directory) / DB_NAME).stat().st_size)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    for i in range(5):
        store.save("inversion", f"answer-{i}", "x" * 5000)
    results.put({
        "notice": store.notice, "persistent": store.persistent, "heard": heard,
        "name": store.load("welcome", "name"), "last": store.load("inversion", "answer-4"),
        "completed": sorted(store.completed()),
    })


def test_a_full_disk_mid_session_keeps_answers_in_memory_and_says_so_once(tmp_path: Path) -> None:
    results: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.get_context("fork").Process(target=_fill_disk_then_save, args=(str(tmp_path), results))
    child.start()
    child.join(60)
    outcome = results.get(timeout=5)
    assert outcome == {"notice": UNWRITABLE_NOTICE, "persistent": False, "heard": [UNWRITABLE_NOTICE],
                       "name": "Maya", "last": "x" * 5000, "completed": ["welcome"]}
    reopened = ProgressStore(tmp_path)  # what was saved before the disk filled is intact on disk
    assert reopened.notice is None and reopened.load("welcome", "name") == "Maya"


class FakeTimers:
    """Timers the test fires itself: what the autosaver asked for, and when (no test waits on the clock)."""

    def __init__(self) -> None:
        self.started: list[tuple[float, Callable[[], None]]] = []
        self.cancelled = 0

    def __call__(self, seconds: float, callback: Callable[[], None]) -> FakeTimers:
        self.started.append((seconds, callback))
        return self

    def cancel(self) -> None:
        self.cancelled += 1

    def fire(self) -> None:
        _seconds, callback = self.started[-1]
        callback()


def test_autosaver_batches_and_writes_within_a_second(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    timers = FakeTimers()
    saver = Autosaver(store, delay=0.3, start_timer=timers)
    saved: list[str | None] = []
    saver.listen("welcome", "name", saved.append)
    for text in ("M", "Ma", "May", "Maya"):
        saver.schedule("welcome", "name", text)
    assert store.load("welcome", "name") is None  # not yet: debounced
    assert [seconds for seconds, _ in timers.started] == [0.3]  # one write, due 0.3 s after the first change
    timers.fire()
    assert ProgressStore(tmp_path).load("welcome", "name") == "Maya"
    assert len(saved) == 1 and saved[0] is not None


def test_autosaver_keeps_saving_while_someone_types(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    timers = FakeTimers()
    saver = Autosaver(store, delay=0.2, start_timer=timers)
    for n in range(50):  # typing without a pause: the first change's timer is never pushed back
        saver.schedule("welcome", "name", f"typing {n}")
    assert len(timers.started) == 1 and timers.started[0][0] == 0.2
    timers.fire()
    assert store.load("welcome", "name") == "typing 49"
    saver.schedule("welcome", "name", "typing on")  # the next change starts the next timer
    assert len(timers.started) == 2


def test_the_real_timer_writes_a_moment_later(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    saver = Autosaver(store, delay=0.05)
    saver.schedule("welcome", "name", "Maya")
    deadline = time.monotonic() + 30  # polls for the write; only a stuck timer takes this long
    while store.load("welcome", "name") is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.load("welcome", "name") == "Maya"


def _write_many(directory: str, writer: str, count: int) -> None:
    store = ProgressStore(Path(directory))
    for n in range(count):
        store.save_many({("team", f"checkin:{writer}-{n}"): n, ("team", "takeaway"): f"{writer} {n}"})


def test_two_writer_processes_never_lose_an_answer(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(str(tmp_path), name, 150)) for name in ("a", "b")]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
        assert process.exitcode == 0
    store = ProgressStore(tmp_path)
    for name in ("a", "b"):
        assert [store.load("team", f"checkin:{name}-{n}") for n in range(150)] == list(range(150))
    assert store.load("team", "takeaway") in ("a 149", "b 149")


def test_flush_writes_pending_now(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    saver = Autosaver(store, delay=30)
    saver.schedule("team", "takeaway", "now")
    saver.flush()
    assert store.load("team", "takeaway") == "now"
    assert saver.pending == {}


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX; Windows opens under filelock")
def test_a_store_opening_holds_the_lock_another_kernel_would_take(tmp_path: Path) -> None:
    import fcntl

    store = ProgressStore(tmp_path)
    lock = tmp_path / f"{DB_NAME}.lock"
    with store._recovery_lock(), lock.open("a") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as filelock, or another kernel, would try
    with lock.open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the store has opened
    store.close()
