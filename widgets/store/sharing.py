"""Cohort sharing: a learner's progress file, kept up to date in a folder their coach reads.

Off unless ``$FAILFORWARD_COHORT`` names a folder (``make serve`` and Binder leave it
unset). On JupyterHub it is the learner's own folder on a shared volume
(``deploy/z2jh/values.yaml`` mounts it with ``subPath: "{username}"``); the coach corner
reads every learner's folder, read-only.

What is written is the export of "Take your work with you" (``transfer.export_progress``,
with the hub's user name as ``account``), as ``fail-forward-progress.json``: written to a
temporary ``.partial`` file in the same folder, then renamed over the old one, so a
reader sees the old file or the new one, never half of one. It is written

- at most once a minute while answers change: the first change after a quiet minute
  at once, later ones together when the minute is up (the file's own modification time
  is the clock, so a learner's several lessons open in several tabs share the minute);
- at once when a lesson is marked done.

The progress store itself stays in SQLite on the learner's own storage
(``$FAILFORWARD_DATA``), never in this folder: the shared volume is a network file
system, and SQLite's locking is not safe on one.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from widgets.store.progress import ProgressStore

log = logging.getLogger(__name__)

ENV = "FAILFORWARD_COHORT"
FILE_NAME = "fail-forward-progress.json"
PARTIAL = ".partial"
INTERVAL = 60.0
STALE_PARTIAL = 600.0
"""A ``.partial`` file this old was left by a server that stopped mid-write: the next write removes it."""


def cohort_folder() -> Path | None:
    """The folder this learner's progress file goes to, or None when sharing is off."""
    configured = os.environ.get(ENV, "").strip()
    return Path(configured).expanduser() if configured else None


def account() -> str:
    """The JupyterHub user name of this server ("" off a hub)."""
    return os.environ.get("JUPYTERHUB_USER", "").strip()


class Timer(Protocol):
    def start(self) -> None: ...
    def cancel(self) -> None: ...


def _thread_timer(seconds: float, action: Callable[[], None]) -> Timer:
    timer = threading.Timer(seconds, action)
    timer.daemon = True
    return timer


class CohortWriter:
    """Writes one learner's progress file into a cohort folder, at most every ``interval`` seconds.

    ``clock`` (wall-clock seconds, compared with the file's modification time) and ``timer``
    (how a later write is scheduled) are injectable, so tests need not wait a minute.
    """

    def __init__(self, store: ProgressStore, folder: Path | str, *, account: str = "",
                 interval: float = INTERVAL, clock: Callable[[], float] = time.time,
                 timer: Callable[[float, Callable[[], None]], Timer] = _thread_timer) -> None:
        self.store = store
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.account = account
        self.interval = interval
        self.clock = clock
        self.make_timer = timer
        self.writes = 0
        self.last_error = ""
        self._lock = threading.RLock()
        self._due: Timer | None = None
        self._wrote_at: float | None = None

    @property
    def pending(self) -> bool:
        """Whether a write is scheduled."""
        return self._due is not None

    def _last_write(self) -> float | None:
        """When the file was last written, by this writer or another tab's (the file's own time)."""
        try:
            on_disk: float | None = self.path.stat().st_mtime
        except OSError:
            on_disk = None
        known = [t for t in (self._wrote_at, on_disk) if t is not None]
        return max(known) if known else None

    def changed(self) -> None:
        """Answers were saved: write now if the last write is a minute old, else once when the minute is up."""
        with self._lock:
            if self._due is not None:
                return
            last = self._last_write()
            wait = 0.0 if last is None else min(self.interval, last + self.interval - self.clock())
            if wait <= 0:
                self._write()
                return
            self._due = self.make_timer(wait, self._when_due)
            self._due.start()

    def finished(self) -> None:
        """A lesson was marked done: write now (whatever was waiting goes in too)."""
        with self._lock:
            self._cancel()
            self._write()

    def flush(self) -> None:
        """Write now if a write is waiting (the kernel is going away)."""
        with self._lock:
            if self._due is not None:
                self._cancel()
                self._write()

    def _when_due(self) -> None:
        with self._lock:
            self._due = None
            self._write()

    def _cancel(self) -> None:
        if self._due is not None:
            self._due.cancel()
            self._due = None

    def _write(self) -> bool:
        partial = self.folder / f".{FILE_NAME}.{os.getpid()}.{threading.get_ident()}{PARTIAL}"
        try:
            from widgets.store.transfer import dump, export_progress  # only once there is work to share

            text = dump(export_progress(self.store, account=self.account)).encode("utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "wb") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, self.path)
        except Exception as error:  # sharing must never take a lesson down; the answers are safe in the store
            log.warning("writing the cohort progress file %s failed: %s", self.path, error)
            self.last_error = str(error)
            with contextlib.suppress(OSError):
                partial.unlink()
            return False
        self.writes += 1
        self._wrote_at = self.clock()
        self.last_error = ""
        self._tidy()
        return True

    def _tidy(self) -> None:
        """Remove ``.partial`` files left by servers that stopped mid-write (never one being written now)."""
        now = self.clock()
        with contextlib.suppress(OSError):
            for leftover in self.folder.glob(f".{FILE_NAME}.*{PARTIAL}"):
                with contextlib.suppress(OSError):
                    if now - leftover.stat().st_mtime > STALE_PARTIAL:
                        leftover.unlink()


_writers: dict[int, CohortWriter] = {}


def writer_for(store: ProgressStore) -> CohortWriter | None:
    """This kernel's writer for ``store`` when sharing is on (one per store; written at exit if a write waits)."""
    folder = cohort_folder()
    if folder is None:
        return None
    found = _writers.get(id(store))
    if found is None or found.store is not store or found.folder != folder:
        found = CohortWriter(store, folder, account=account())
        _writers[id(store)] = found
        atexit.register(found.flush)
    return found
