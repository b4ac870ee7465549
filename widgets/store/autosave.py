"""Save answers as the learner changes them, a fraction of a second later.

Typing sends a change per keystroke; writing each one would be wasteful, and
waiting for typing to stop could delay a save for as long as someone types.
So the first change starts a short timer and every change until it fires is
folded into one write: a save is never more than ``delay`` late.

Inside a kernel the timer runs on the kernel's event loop, so the save and any
"Saved" indicator it updates happen on the same thread as widget events.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from widgets.core import keys
from widgets.core.strict import strict
from widgets.store.progress import ProgressStore, default_store
from widgets.store.sharing import writer_for

log = logging.getLogger(__name__)

Key = tuple[str, str]


class Timer(Protocol):
    """A started timer that can be called off (``threading.Timer``, an asyncio handle)."""

    def cancel(self) -> None: ...


StartTimer = Callable[[float, Callable[[], None]], Timer]
"""Starts a timer: ``start(seconds, callback)``. Tests pass their own, so no test waits on the clock."""
Listener = Callable[[str | None], None]
"""Called after a save with its timestamp, or ``None`` when saving failed."""


class Autosaver:
    """Batches answer changes and writes them to a :class:`ProgressStore`."""

    def __init__(self, store: ProgressStore, *, delay: float = 0.4, start_timer: StartTimer | None = None) -> None:
        self.store = store
        self.delay = delay
        self._start_timer = start_timer
        self._pending: dict[Key, Any] = {}
        self._listeners: dict[Key, list[Listener]] = {}
        self._after_save: list[Callable[[], None]] = []
        self._after_finish: list[Callable[[str], None]] = []
        self._lock = threading.Lock()
        self._writing = threading.RLock()  # a flush waits for one already writing
        self._timer: Timer | None = None

    @property
    def pending(self) -> dict[Key, Any]:
        """Changes not yet written."""
        with self._lock:
            return dict(self._pending)

    def listen(self, lesson: str, key: str, listener: Listener) -> None:
        """Call ``listener`` after each save of this answer."""
        self._listeners.setdefault((lesson, key), []).append(listener)

    def unlisten(self, lesson: str, key: str, listener: Listener) -> None:
        """Stop calling ``listener`` (a closed exercise lets go of its save line)."""
        listeners = self._listeners.get((lesson, key), [])
        if listener in listeners:
            listeners.remove(listener)
        if not listeners:
            self._listeners.pop((lesson, key), None)

    def after_save(self, listener: Callable[[], None], *, finished: Callable[[str], None] | None = None) -> None:
        """Call ``listener()`` after every successful save, and ``finished(lesson)`` when a lesson is marked done
        (cohort sharing keeps the learner's progress file up to date through these)."""
        self._after_save.append(listener)
        if finished is not None:
            self._after_finish.append(finished)

    def lesson_finished(self, lesson: str) -> None:
        """A lesson was marked done: tell whoever asked (:meth:`after_save`)."""
        for listener in self._after_finish:
            try:
                listener(lesson)
            except Exception:
                log.exception("lesson-finished listener failed")

    def store_changed(self) -> None:
        """The store was written other than through this saver (an import, a lesson marked not done):
        tell the after-save listeners, as after a save."""
        for after in self._after_save:
            try:
                after()
            except Exception:
                log.exception("after-save listener failed")

    def listener_count(self) -> int:
        """How many listeners are registered (to show that closed exercises let go)."""
        return sum(len(listeners) for listeners in self._listeners.values())

    def schedule(self, lesson: str, key: str, value: Any) -> None:
        """Remember a change; it is written at most ``delay`` seconds from now.

        ``value`` may be a function of no arguments returning the value: it is called once,
        when the write happens, so a big answer changed on every keystroke is serialised
        once per write rather than once per keystroke.
        """
        if keys.declared(lesson, key) is None:
            message = f"({lesson!r}, {key!r}) is not a saved key declared in widgets.core.keys"
            if strict():
                raise ValueError(message)
            log.error(message)
        with self._lock:
            self._pending[(lesson, key)] = value
            if self._timer is not None:
                return
            self._timer = (self._start_timer or _start_timer)(self.delay, self.flush)

    def flush(self) -> None:
        """Write every pending change now; when it returns, everything scheduled before is saved."""
        with self._writing:
            self._flush()

    def _flush(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            batch, self._pending = self._pending, {}
        if not batch:
            return
        batch = {key: value() if callable(value) else value for key, value in batch.items()}
        stamp: str | None
        try:
            stamp = self.store.save_many(batch)
        except Exception:  # never let a save take the lesson down
            log.exception("saving %d answers failed", len(batch))
            stamp = None
        for key in batch:
            for listener in self._listeners.get(key, ()):
                try:
                    listener(stamp)
                except Exception:
                    log.exception("save listener for %s failed", key)
        for after in self._after_save if stamp is not None else ():
            try:
                after()
            except Exception:
                log.exception("after-save listener failed")


def _start_timer(seconds: float, callback: Callable[[], None]) -> Timer:
    """On the kernel's event loop when there is one (so saves run beside widget events), else a thread."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        timer = threading.Timer(seconds, callback)
        timer.daemon = True
        timer.start()
        return timer
    return loop.call_later(seconds, callback)


_default: Autosaver | None = None


def default_autosaver() -> Autosaver:
    """The autosaver of this kernel, writing to :func:`default_store`; flushed at exit."""
    global _default
    store = default_store()
    if _default is None or _default.store is not store:
        if _default is not None:
            _default.flush()
        _default = Autosaver(store)
        atexit.register(_default.flush)
        sharing = writer_for(store)  # None unless $FAILFORWARD_COHORT is set
        if sharing is not None:
            _default.after_save(sharing.changed, finished=lambda _lesson: sharing.finished())
    return _default
