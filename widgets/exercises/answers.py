"""Bind an input widget to a saved answer: restore it on open, save it as it changes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from widgets.look.ui import Feedback, SaveStatus
from widgets.store.autosave import Autosaver, default_autosaver

MAX_TEXT = 5000
"""The longest free-text answer kept; longer pastes are refused with a message."""


def too_long_message(length: int, limit: int) -> str:
    """What a learner is told when a paste is too long to keep."""
    return (f"That's {length:,} characters — more than the {limit:,} we can keep for this answer. "
            "Shorten it and it will be saved; your last saved version is safe.")


class BoundAnswer:
    """Keeps one widget's value in step with one saved answer.

    ``check`` turns the widget's value into what is saved, or returns a message
    explaining why it can't be saved (then nothing is written and the last saved
    version stays).
    """

    def __init__(self, widget: w.ValueWidget, *, lesson: str, key: str,
                 saver: Autosaver | None = None, status: SaveStatus | None = None,
                 feedback: Feedback | None = None,
                 check: Callable[[Any], tuple[Any, str]] | None = None,
                 on_saved_value: Callable[[Any], None] | None = None) -> None:
        self.widget, self.lesson, self.key = widget, lesson, key
        self.saver = saver or default_autosaver()
        self.status = status
        self.feedback = feedback
        self.check = check or text_check(MAX_TEXT)
        self.on_saved_value = on_saved_value
        self.blocked_message = ""
        saved = self.saver.store.load(lesson, key)
        if saved is not None:
            # A value saved by an older version of the course may no longer fit: then start empty.
            with contextlib.suppress(Exception):
                widget.value = saved
        self.saver.listen(lesson, key, self._saved)
        widget.observe(self._changed, names="value")

    def _changed(self, change: dict) -> None:
        value, problem = self.check(change["new"])
        if problem:
            self.blocked_message = problem
            if self.feedback is not None:
                self.feedback.show("hint", problem)
            if self.status is not None:
                self.status.state = "idle"
            return
        if self.blocked_message and self.feedback is not None:
            self.feedback.clear()
        self.blocked_message = ""
        if self.status is not None:
            self.status.state = "saving"
        self.saver.schedule(self.lesson, self.key, value)
        if self.on_saved_value is not None:
            self.on_saved_value(value)

    def _saved(self, stamp: str | None) -> None:
        if self.status is not None:
            self.status.after_save(stamp, self.saver.store)


def text_check(limit: int) -> Callable[[Any], tuple[Any, str]]:
    """Accept any text up to ``limit`` characters, stored exactly as typed."""
    def check(value: Any) -> tuple[Any, str]:
        text = "" if value is None else str(value)
        if len(text) > limit:
            return None, too_long_message(len(text), limit)
        return text, ""
    return check
