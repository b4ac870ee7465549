"""Exercises built just after the page is sent, so a lesson reaches the learner sooner.

Voila sends a lesson's page only once every cell has run in the lesson's new kernel,
and most of a lesson's server time is its exercises being built. In Voila, each
``ff.*`` exercise call returns a light placeholder instead, holding its place on the
page (and its room, so nothing jumps); the last cell of the lesson starts the queue,
and the kernel builds the exercises one by one, in page order, while the browser is
still loading the page's scripts. Each fills its placeholder over the open connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import ipywidgets as w

from widgets.look.ui import close_all

log = logging.getLogger(__name__)

START_AFTER = 0.05
"""Seconds after the last cell before the queue starts: time for the kernel to answer that cell first."""
SAFETY_START = 3.0
"""If no cell ever starts the queue (a notebook without ``ff.finish``), it starts this long after the first call."""

_queue: list[Later] = []
_started = False


class Later(w.Box):
    """A placeholder, filled with the widget ``build`` makes once the queue reaches it."""

    def __init__(self, build: Callable[[], w.Widget], *, kind: str) -> None:
        super().__init__()
        self.build = build
        self.built: w.Widget | None = None
        self.add_class("ff-later")
        self.add_class(f"ff-later-{kind}")
        _queue.append(self)
        if len(_queue) == 1 and not _started:
            _call_later(SAFETY_START, start)

    def fill(self) -> w.Widget:
        """Build the widget now (if it isn't yet) and put it in its place."""
        if self.built is None:
            self.built = self.build()
            self.children = [self.built]
            self.remove_class("ff-later")
            self.add_class("ff-later-done")
        return self.built

    def close(self) -> None:
        """Close what was built (or forget the build), then the placeholder."""
        if self in _queue:
            _queue.remove(self)
        if self.built is not None:
            close_all([self.built])
        super().close()


def start() -> None:
    """Build every placeholder, in page order, yielding to the kernel between them."""
    global _started
    if _started:
        return
    _started = True
    _call_later(START_AFTER, _next)


def _next() -> None:
    if not _queue:
        return
    item = _queue.pop(0)
    try:
        item.fill()
    except Exception:  # the build is wrapped in a friendly notice already; this only guards the queue
        log.exception("building a deferred part of the lesson failed")
    _call_later(0, _next)


def _call_later(seconds: float, callback: Callable[[], None]) -> None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no kernel loop (plain Python): build now
        callback()
        return
    loop.call_later(seconds, callback)


def build_all() -> None:
    """Fill every placeholder now (tests, and code that wants the widgets at once)."""
    while _queue:
        _queue.pop(0).fill()
