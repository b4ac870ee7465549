"""The welcome lesson's exercise: the learner tells us their name."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import Markup, html
from widgets.exercises.base import Exercise
from widgets.look.ui import html_block
from widgets.store.autosave import Autosaver

MAX_NAME = 60


def clean_name(value: Any) -> tuple[Any, str]:
    """A name is kept as typed (trimmed), up to :data:`MAX_NAME` characters."""
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_NAME:
        return None, (f"That's a long name! We can keep up to {MAX_NAME} characters — "
                      "try a shorter version, like the name your customers use.")
    return text, ""


def greeting(name: str) -> Markup:
    """The line under the box, with the name escaped."""
    if not name:
        return Markup("<p class='ff-greeting'>Type your name and we'll remember it.</p>")
    return html("<p class='ff-greeting'>Nice to meet you, <strong>{}</strong>. Your answers are saved as you go.</p>",
                name)


class NameEntry(Exercise):
    """'What should we call you?' — saved, restored, and greeted back. Its value is the name, trimmed."""

    def __init__(self, *, saver: Autosaver | None = None) -> None:
        super().__init__(lesson=keys.NAME.lesson, key=keys.NAME.key, saver=saver, title="What should we call you?",
                         intro="We'll use your name on your playbook at the end of the course.",
                         classes=["ff-name-entry"])

    def build(self) -> list[w.Widget]:
        self.input = w.Text(description="Your first name", placeholder="e.g. Maya", continuous_update=True)
        self.input.add_class("ff-question")
        self.input.add_class("ff-name-input")
        self.input.observe(self._typed, names="value")
        self.greeting = html_block(greeting(""))
        return [self.input, self.status, self.feedback, self.greeting]

    def restore(self, value: Any) -> None:
        name = value if isinstance(value, str) else ""
        self.input.value = name
        self.value = clean_name(name)[0] or ""
        self.greeting.value = greeting(self.value)

    def _typed(self, change: dict) -> None:
        name, problem = clean_name(change["new"])
        if problem:
            self.feedback.show("hint", problem)
            self.status.state = "idle"
            return
        self.feedback.clear()
        self.value = name
        self.greeting.value = greeting(name)
        if not self._restoring and name == self.value:
            self._save()  # trimming can leave the value as it was; the box still changed, so say it's kept

    @property
    def name(self) -> str:
        """The name as saved (trimmed)."""
        return self.value or ""
