"""Exercises built just after the page is sent, so a lesson reaches the learner sooner.

Voila sends a lesson's page only once every cell has run in the lesson's new kernel,
and most of a lesson's server time is its exercises being built. In Voila, each
``ff.*`` exercise call returns a light placeholder instead, holding its place on the
page. The browser first asks the kernel for every widget there is (ipywidgets' control
message ``request_states``) and draws none of them before all have arrived; so the
queue starts just after the kernel has answered that: the page's first widgets are
drawn from the few that exist, and the kernel builds the exercises one by one, in
page order, each filling its placeholder over the open connection. If the page never
asks (another front end), the queue starts a few seconds after the lesson's last cell.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import ipywidgets as w

from widgets.look.ui import SharedLayout, close_all, shared

log = logging.getLogger(__name__)

START_AFTER = 0.05
"""Seconds after the browser has been sent the page's widgets before the queue starts. A longer pause, for the
page to draw its first screen alone, was measured and didn't pay: 0.5 s gave lessons' first widget 1.13-1.28x
hello-world's in two runs of 7 (against 1.09-1.28x with 0.05 s) and pushed lesson 2's last exercise to 1.61x."""
UNASKED_START = 2.5
"""Seconds after the lesson's last cell (``start``) before the queue starts anyway, if the page hasn't asked."""
SAFETY_START = 20.0
"""If no cell calls ``start`` (a notebook without ``ff.finish``), the queue starts this long after the first call."""

_queue: list[Later] = []
_armed = False
_started = False


class Later(w.Box):
    """A placeholder, filled with the widget ``build`` makes once the queue reaches it."""

    def __init__(self, build: Callable[[], w.Widget], *, kind: str) -> None:
        super().__init__(layout=shared(SharedLayout), _dom_classes=("ff-later", f"ff-later-{kind}"))
        self.build = build
        self.built: w.Widget | None = None
        _queue.append(self)
        if len(_queue) == 1 and not _started:
            _call_later(SAFETY_START, _begin)

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
    """The lesson's cells have run: build the placeholders as soon as the page has its first widgets."""
    global _armed
    if _armed or _started:
        return
    _armed = True
    _follow_the_page()
    _call_later(UNASKED_START, _begin)


def _begin() -> None:
    """Build every placeholder, in page order, yielding to the kernel between them."""
    global _started
    if _started:
        return
    _started = True
    _call_later(START_AFTER, _next)


def _follow_the_page() -> None:
    """Begin just after the kernel answers the page's request for every widget's state."""
    original = w.Widget._handle_control_comm_msg.__func__

    def answered(cls: type[w.Widget], msg: dict[str, object]) -> None:
        original(cls, msg)
        content = msg.get("content")
        data = content.get("data") if isinstance(content, dict) else None
        if isinstance(data, dict) and data.get("method") == "request_states":
            _begin()

    w.Widget._handle_control_comm_msg = classmethod(answered)


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
