"""Keep Python errors away from learners: a friendly notice instead, details in the server log."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import ipywidgets as w

from widgets.core.content import ContentError
from widgets.core.strict import strict
from widgets.look.ui import Feedback, callout, in_voila

log = logging.getLogger("widgets")

P = ParamSpec("P")
R = TypeVar("R")

BROKEN = ("This part of the lesson couldn't be shown. Your saved work is safe — reloading "
          "the page usually helps, and if it keeps happening, please tell your coach.")
SLIP = "Something went wrong on our side and that didn't work. Your saved work is safe — please try again."


def friendly(build: Callable[P, w.Widget]) -> Callable[P, w.Widget]:
    """Wrap a function that builds a widget: on any error, return a notice instead."""
    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> w.Widget:
        try:
            return build(*args, **kwargs)
        except Exception as error:
            if strict():
                raise
            return _notice(build.__name__, error)
    return wrapper


def _notice(name: str, error: Exception) -> w.Widget:
    """What a learner (or, in JupyterLab, a coach) sees instead of a traceback."""
    if isinstance(error, ContentError):
        log.error("content problem in %s:\n%s", name, error)
        if in_voila():
            return callout(BROKEN, kind="notice", title="Sorry about this")
        # In JupyterLab the reader is a coach editing content: tell them exactly what to fix.
        return callout(str(error), kind="notice", title="A content file needs fixing")
    log.error("building %s failed", name, exc_info=error)
    return callout(BROKEN, kind="notice", title="Sorry about this")


def guarded(handler: Callable[..., Any], feedback: Feedback | None = None) -> Callable[..., None]:
    """Wrap an event handler (button click, value change): errors become a friendly banner."""
    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            handler(*args, **kwargs)
        except Exception:
            log.exception("handling an event in %s failed", getattr(handler, "__name__", handler))
            if feedback is not None:
                feedback.show("warning", SLIP)
    return wrapper
