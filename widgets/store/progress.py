"""The progress store: every answer a learner gives, saved durably in SQLite.

One database file per learner, in the data directory (env ``FAILFORWARD_DATA``,
default a per-user data directory). WAL mode lets several lessons, open in
several tabs (each its own kernel process), write at once.

If the file cannot be read, it is moved aside (never deleted), a fresh store
carries on, and :attr:`ProgressStore.notice` holds one friendly sentence for
the learner. If nothing can be written at all (a read-only folder, a full disk),
the store keeps answers in memory, starting from whatever it can still read,
and says so in :attr:`ProgressStore.notice`; :meth:`ProgressStore.on_notice`
lets a page show that the moment it happens.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DB_NAME = "progress.db"
SCHEMA_VERSION = 1

CORRUPT_NOTICE = (
    "We couldn't read your earlier saved progress, so we've set that file aside "
    "and started a fresh record — your coach can help recover it."
)
UNWRITABLE_NOTICE = (
    "Your answers can't be saved on this computer right now, so they will be lost "
    "when you close this page — download your progress before you leave."
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    lesson     TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (lesson, key)
);
CREATE TABLE IF NOT EXISTS completions (
    lesson       TEXT PRIMARY KEY,
    completed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def data_dir() -> Path:
    """Where the learner's progress lives: ``$FAILFORWARD_DATA`` or a per-user folder."""
    configured = os.environ.get("FAILFORWARD_DATA")
    if configured:
        return Path(configured).expanduser()
    import platformdirs  # only when needed: a lesson's kernel imports this module as it starts

    return Path(platformdirs.user_data_dir("fail-forward", appauthor=False))


def now_iso() -> str:
    """A UTC timestamp with milliseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_Rows = tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]


def _rows(conn: sqlite3.Connection) -> _Rows:
    """Every answer and completion of a store, as stored (values stay JSON text)."""
    return (conn.execute("SELECT lesson, key, value, updated_at FROM answers").fetchall(),
            conn.execute("SELECT lesson, completed_at FROM completions").fetchall())


@dataclass(frozen=True)
class Answer:
    """One saved answer."""

    lesson: str
    key: str
    value: Any
    updated_at: str


class ProgressStore:
    """Answers and lesson completions for one learner, in one SQLite file.

    Every public method is safe to call from any thread, and never raises for a
    storage problem: it logs it, sets :attr:`notice` and carries on in memory.
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else data_dir()
        self.path = self.directory / DB_NAME
        self.notice: str | None = None
        self.moved_aside: Path | None = None
        self.persistent = True
        """False once answers can only be kept in memory (nothing can be written to disk)."""
        self._lock = threading.RLock()
        self._notice_listeners: list[Callable[[str], None]] = []
        self._conn = self._open()

    # -- opening and recovery -------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with self._recovery_lock():
                try:
                    return self._connect(self.path)
                except sqlite3.DatabaseError as error:
                    log.warning("progress store %s unreadable (%s); moving it aside", self.path, error)
                    self.moved_aside = self._move_aside()
                    self.notice = CORRUPT_NOTICE
                    return self._connect(self.path)
        except (OSError, sqlite3.Error) as error:
            log.error("progress store %s cannot be used (%s); keeping answers in memory", self.path, error)
            self.notice = UNWRITABLE_NOTICE
            self.persistent = False
            return self._in_memory(self._readable_rows())

    def _readable_rows(self) -> _Rows:
        """What the unwritable file still holds, so the learner keeps seeing their earlier answers."""
        if not self.path.exists():
            return [], []
        # mode=ro still needs the -shm file of a WAL database; immutable=1 reads a folder nothing can be written to.
        for query in ("mode=ro", "immutable=1"):
            try:
                source = sqlite3.connect(f"file:{self.path}?{query}", uri=True)
                try:
                    return _rows(source)
                finally:
                    source.close()
            except sqlite3.Error as error:
                log.warning("reading %s with %s failed: %s", self.path, query, error)
        return [], []

    def _in_memory(self, rows: _Rows) -> sqlite3.Connection:
        """A store in memory holding ``rows`` (answers and completions, as stored)."""
        memory = self._connect(":memory:")
        answers, done = rows
        memory.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", answers)
        memory.executemany("INSERT OR REPLACE INTO completions VALUES (?, ?)", done)
        return memory

    def on_notice(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(notice)`` when saving stops working from now on (not for a notice already set)."""
        self._notice_listeners.append(listener)

    def off_notice(self, listener: Callable[[str], None]) -> None:
        """Stop calling ``listener`` (the page that showed it has gone)."""
        if listener in self._notice_listeners:
            self._notice_listeners.remove(listener)

    def _announce(self) -> None:
        for listener in list(self._notice_listeners):
            try:
                listener(self.notice or "")
            except Exception:
                log.exception("notice listener failed")

    @contextlib.contextmanager
    def _recovery_lock(self) -> Iterator[None]:
        """Serialise opening across processes, so two kernels never both move a file aside."""
        path = self.directory / f"{DB_NAME}.lock"
        try:
            import fcntl
        except ImportError:  # Windows (coaches' laptops): filelock locks there as flock does here
            from filelock import FileLock

            with FileLock(path):
                yield
            return
        # flock, as filelock does on Linux and macOS, without its import (about 20 ms of every lesson's first cell).
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @staticmethod
    def _connect(target: Path | str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=10, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO meta(name, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{DB_NAME}.unreadable-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(Path(f"{aside}{suffix}"))
        return aside

    def _degrade(self, error: Exception) -> None:
        """A write failed (disk full, read-only...): carry on in memory, keep what we had."""
        log.error("progress store %s failed (%s); keeping answers in memory", self.path, error)
        with self._lock:
            first_time = self.persistent
            try:
                rows = _rows(self._conn)
            except sqlite3.Error as read_error:
                log.error("reading answers to keep in memory failed: %s", read_error)
                rows = [], []
            self._conn = self._in_memory(rows)
            self.notice = UNWRITABLE_NOTICE
            self.persistent = False
        if first_time:
            self._announce()

    # -- answers --------------------------------------------------------------

    def save(self, lesson: str, key: str, value: Any) -> str:
        """Save one answer now; returns its timestamp. ``value`` must be JSON-serialisable."""
        stamp = now_iso()
        self._writing(lambda: self._write(lesson, key, value, stamp))
        return stamp

    def restore(self, lesson: str, key: str, value: Any, updated_at: str) -> None:
        """Write an answer with the timestamp it had where it came from (imports round-trip exactly)."""
        self._writing(lambda: self._write(lesson, key, value, updated_at))

    def save_many(self, items: dict[tuple[str, str], Any]) -> str:
        """Save several answers in one transaction."""
        stamp = now_iso()

        def write_all() -> None:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for (lesson, key), value in items.items():
                    self._write(lesson, key, value, stamp)
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # a full disk may have rolled it back already
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

        self._writing(write_all)
        return stamp

    def _writing(self, action: Callable[[], None]) -> None:
        """Run a write; if the file fails (disk full, read-only...), carry on in memory and run it there."""
        try:
            with self._lock:
                action()
        except sqlite3.Error as error:
            self._degrade(error)
            with self._lock:
                action()

    def _write(self, lesson: str, key: str, value: Any, stamp: str) -> None:
        self._conn.execute(
            "INSERT INTO answers(lesson, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(lesson, key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (lesson, key, json.dumps(value, ensure_ascii=False), stamp),
        )

    def load(self, lesson: str, key: str, default: Any = None) -> Any:
        """The saved answer, or ``default`` if there is none (or it cannot be read)."""
        answer = self.get(lesson, key)
        return default if answer is None else answer.value

    def get(self, lesson: str, key: str) -> Answer | None:
        """The saved answer with its timestamp."""
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT value, updated_at FROM answers WHERE lesson = ? AND key = ?",
                    (lesson, key),
                ).fetchone()
        except sqlite3.Error as error:
            log.error("reading %s/%s failed: %s", lesson, key, error)
            return None
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            log.error("answer %s/%s is not valid JSON; ignoring it", lesson, key)
            return None
        return Answer(lesson, key, value, row[1])

    def answers(self, lesson: str) -> dict[str, Any]:
        """Every saved answer of one lesson, by key."""
        try:
            with self._lock:
                rows = self._conn.execute("SELECT key, value FROM answers WHERE lesson = ?", (lesson,)).fetchall()
        except sqlite3.Error as error:
            log.error("reading answers of %s failed: %s", lesson, error)
            return {}
        result = {}
        for key, value in rows:
            try:
                result[key] = json.loads(value)
            except ValueError:
                log.error("answer %s/%s is not valid JSON; skipping it", lesson, key)
        return result

    def export_rows(self) -> list[Answer]:
        """Every saved answer, oldest lesson/key first."""
        try:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT lesson, key, value, updated_at FROM answers ORDER BY lesson, key"
                ).fetchall()
        except sqlite3.Error as error:
            log.error("reading answers failed: %s", error)
            return []
        result = []
        for lesson, key, value, stamp in rows:
            try:
                result.append(Answer(lesson, key, json.loads(value), stamp))
            except ValueError:
                log.error("answer %s/%s is not valid JSON; skipping it", lesson, key)
        return result

    # -- lessons --------------------------------------------------------------

    def complete(self, lesson: str) -> str:
        """Mark a lesson done."""
        stamp = now_iso()
        self._execute("INSERT OR REPLACE INTO completions(lesson, completed_at) VALUES (?, ?)", (lesson, stamp))
        return stamp

    def restore_completion(self, lesson: str, completed_at: str) -> None:
        """Mark a lesson done at the time it was done where it came from."""
        self._execute("INSERT OR REPLACE INTO completions(lesson, completed_at) VALUES (?, ?)", (lesson, completed_at))

    def reopen(self, lesson: str) -> None:
        """Mark a lesson not done again (its answers stay)."""
        self._execute("DELETE FROM completions WHERE lesson = ?", (lesson,))

    def _execute(self, sql: str, parameters: tuple[Any, ...]) -> None:
        def run() -> None:
            self._conn.execute(sql, parameters)

        self._writing(run)

    def completed(self) -> dict[str, str]:
        """Completed lessons and when."""
        try:
            with self._lock:
                return dict(self._conn.execute("SELECT lesson, completed_at FROM completions"))
        except sqlite3.Error as error:
            log.error("reading completions failed: %s", error)
            return {}

    def started(self) -> set[str]:
        """Lessons with at least one saved answer."""
        try:
            with self._lock:
                return {row[0] for row in self._conn.execute("SELECT DISTINCT lesson FROM answers")}
        except sqlite3.Error as error:
            log.error("reading lessons failed: %s", error)
            return set()

    def close(self) -> None:
        """Close the database (the store must not be used afterwards)."""
        with self._lock:
            self._conn.close()


_default: ProgressStore | None = None
_default_lock = threading.Lock()


def default_store() -> ProgressStore:
    """The store of this kernel, opened once, in :func:`data_dir`."""
    global _default
    with _default_lock:
        wanted = data_dir()
        if _default is None or _default.directory != wanted:
            _default = ProgressStore(wanted)
        return _default
