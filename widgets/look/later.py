"""Exercises built just after the page is sent, so a lesson reaches the learner sooner.

Voila sends a lesson's page only once every cell has run in the lesson's new kernel,
and most of a lesson's server time is its exercises being built. In Voila, each
``ff.*`` exercise call returns a light placeholder instead, holding its place on the
page. The browser first asks the kernel for every widget there is (ipywidgets' control
message ``request_states``) and draws none of them before all have arrived; the page's
first widgets are drawn from the few that exist. Once the page shows them, its script
(``assets/page-shown.js``) presses a hidden button in the lesson's header, and the kernel
builds the exercises one by one, in page order, each filling its placeholder over the
open connection. If the page never says so, the queue starts soon after the kernel has
answered ``request_states``; if it never asks (another front end), a few seconds after
the lesson's last cell.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import ipywidgets as w

from widgets.look.ui import SharedLayout, close_all, shared

log = logging.getLogger(__name__)

START_AFTER = 0.3
"""Seconds after the page has shown its first screen (or the fallbacks below) before the queue starts. The page is
idle when it says so, but its first screen isn't ready for the learner's first click until the browser has finished
with it; messages arriving then held it up. Measured against 0.05 s (6 interleaved loads of 4 lessons): the first
widget 1.12-1.22x hello-world's -> 1.01-1.13x, the whole lesson 1.16-1.33x -> 1.19-1.35x."""
SHOWN_FALLBACK = 1.5
"""Seconds after the page has asked for its widgets before the queue starts anyway, if the page never says it has
shown them (a front end without ``assets/page-shown.js``)."""
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


class PageShown(w.Button):
    """A button the learner never sees (``.ff-page-shown`` is hidden by the course's stylesheet): the page's script
    ``assets/page-shown.js`` presses it once Voila shows the lesson and the browser has drawn its first screen, and
    the queue starts then. Built while Voila was still drawing the first widgets, the exercises' messages competed
    with it in the browser: the first screen came 0.1-0.3 s later (see ``benchmarks/README.md``)."""

    def __init__(self) -> None:
        super().__init__(description="Page shown", layout=shared(SharedLayout), _dom_classes=("ff-page-shown",))
        self.on_click(self._shown)

    def _shown(self, _: w.Button) -> None:
        self.add_class("ff-page-shown-done")  # what the browser tests wait for (added once, however often pressed)
        _begin()


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
    """Once the kernel has answered the page's request for every widget's state, begin at the latest
    ``SHOWN_FALLBACK`` seconds later (:class:`PageShown` begins it as soon as the page is on view)."""
    original = w.Widget._handle_control_comm_msg.__func__

    def answered(cls: type[w.Widget], msg: dict[str, object]) -> None:
        original(cls, msg)
        content = msg.get("content")
        data = content.get("data") if isinstance(content, dict) else None
        if isinstance(data, dict) and data.get("method") == "request_states":
            _call_later(SHOWN_FALLBACK, _begin)

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
