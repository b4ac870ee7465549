"""Check-in questions: multiple choice with specific feedback on every option.

Questions are content (``assets/content/<lesson>/checkins.yaml``), read and graded
in ``widgets.rules.checkin``, so grading is tested without widgets.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from traitlets import Unicode

from widgets.core import keys
from widgets.exercises.base import Exercise
from widgets.rules.checkin import Question, grade
from widgets.store.autosave import Autosaver


class CheckIn(Exercise):
    """One question: pick an option, get feedback on that option. Its value is the chosen option's text."""

    choice = Unicode("", help="The text of the chosen option, or '' before a choice").tag(sync=False)

    def __init__(self, question: Question, *, lesson: str, saver: Autosaver | None = None,
                 title: str = "Check-in", saved_key: keys.SavedKey = keys.CHECKIN,
                 classes: tuple[str, ...] = ("ff-checkin",)) -> None:
        self.question = question
        super().__init__(lesson=lesson, key=saved_key.item(question.id), saver=saver, title=title, classes=classes)

    def build(self) -> list[w.Widget]:
        labels = [option.text for option in self.question.options]
        self.options = w.RadioButtons(options=labels, value=None, description=self.question.prompt,
                                      _dom_classes=("ff-question", "ff-choices"))
        self.options.observe(self._picked, names="value")
        return [self.options, self.feedback]

    def restore(self, value: Any) -> None:
        self.options.value = value if value in self.options.options else None
        self._show(self.options.value)

    def _picked(self, change: dict) -> None:
        self._show(change["new"])

    def _show(self, value: str | None) -> None:
        self.choice = value or ""
        self.value = value
        if value is None:
            self.feedback.clear()
            return
        result = grade(self.question, self.options.options.index(value))
        self.feedback.show("success" if result.correct else "hint", result.feedback)

    def summary(self) -> dict[str, Any]:
        """The choice and whether it was the right one."""
        chosen = next((o for o in self.question.options if o.text == self.value), None)
        return {"question": self.question.id, "choice": self.value, "correct": bool(chosen and chosen.correct)}

    def pick(self, index: int) -> None:
        """Choose option ``index`` (0-based), as the learner would."""
        self.options.value = self.options.options[index]
