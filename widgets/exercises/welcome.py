"""The welcome lesson's exercise: the learner tells us their name."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.exercises.answers import BoundAnswer
from widgets.look.ui import Card, Feedback, SaveStatus, esc, html_block
from widgets.store.autosave import Autosaver, default_autosaver

LESSON = "welcome"
KEY = "name"
MAX_NAME = 60


def clean_name(value: Any) -> tuple[Any, str]:
    """A name is kept as typed (trimmed), up to :data:`MAX_NAME` characters."""
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_NAME:
        return None, (f"That's a long name! We can keep up to {MAX_NAME} characters — "
                      "try a shorter version, like the name your customers use.")
    return text, ""


def greeting(name: str) -> str:
    """The line under the box, with the name escaped."""
    if not name:
        return "<p class='ff-greeting'>Type your name and we'll remember it.</p>"
    return (f"<p class='ff-greeting'>Nice to meet you, <strong>{esc(name)}</strong>. "
            "Your answers are saved as you go.</p>")


class NameEntry(Card):
    """'What should we call you?' — saved, restored, and greeted back."""

    def __init__(self, *, saver: Autosaver | None = None) -> None:
        self.input = w.Text(description="Your first name", placeholder="e.g. Maya",
                            continuous_update=True)
        self.input.add_class("ff-question")
        self.input.add_class("ff-name-input")
        self.status = SaveStatus()
        self.feedback = Feedback()
        self.greeting = html_block(greeting(""))
        super().__init__(
            [self.input, self.status, self.feedback, self.greeting],
            title="What should we call you?",
            intro="We'll use your name on your playbook at the end of the course.",
            classes=["ff-name-entry"],
        )
        self.binding = BoundAnswer(self.input, lesson=LESSON, key=KEY,
                                   saver=saver or default_autosaver(), status=self.status,
                                   feedback=self.feedback, check=clean_name,
                                   on_saved_value=self._greet)
        self._greet(clean_name(self.input.value)[0] or "")

    def _greet(self, name: str) -> None:
        self.greeting.value = greeting(name)

    @property
    def name(self) -> str:
        """The name as saved (trimmed)."""
        return clean_name(self.input.value)[0] or ""
