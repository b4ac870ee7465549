"""The self-check card: the learner rates their own habits, in the welcome and again at the end.

The habits and the scale come from ``widgets.rules.self_check``. In the welcome the card says which habit was
rated lowest and where the course takes it up; in a later lesson each habit shows its rating from the start,
and the card says what has moved.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import html
from widgets.exercises.base import Exercise
from widgets.look.ui import html_block
from widgets.rules.self_check import (
    SelfCheckContent,
    end_feedback,
    ratings,
    self_check_content,
    start_feedback,
)
from widgets.store.autosave import Autosaver

FIRST_TITLE = "Where you are now"
FIRST_INTRO = ("Rate each habit as it is today, not as you'd like it to be. Nobody grades this: at the end of "
               "the course you'll rate the same habits again and see what has moved.")
AGAIN_TITLE = "Where you are now, again"
AGAIN_INTRO = ("The same habits you rated in the welcome. Rate each as it is today; your rating from the start "
               "is shown above it.")


class SelfCheck(Exercise):
    """Each habit rated on the scale. Its value: habit id → the rating chosen (the scale's word)."""

    def __init__(self, *, lesson: str, saver: Autosaver | None = None,
                 content: SelfCheckContent | None = None) -> None:
        self.content = content or self_check_content()
        self.first = lesson == keys.WELCOME
        again = not self.first
        super().__init__(lesson=lesson, key=keys.SELF_CHECK.key, saver=saver,
                         title=AGAIN_TITLE if again else FIRST_TITLE, intro=AGAIN_INTRO if again else FIRST_INTRO,
                         classes=("ff-self-check",))

    def build(self) -> list[w.Widget]:
        self.said = ""
        """What the card says about the ratings, as plain text ('' before every habit is rated)."""
        self.at_the_start = {} if self.first else ratings(self.store.load(keys.WELCOME, keys.SELF_CHECK.key),
                                                          self.content)
        """The ratings given in the welcome ({} in the welcome itself)."""
        before = self.at_the_start
        self.scales: dict[str, w.RadioButtons] = {}
        rows: list[w.Widget] = []
        for statement in self.content.statements:
            if not self.first:
                said = before.get(statement.id)
                rows.append(html_block(html("<p class='ff-self-check-before'>At the start: {}</p>", said)
                                       if said else html("<p class='ff-self-check-before'>Not rated at the "
                                                         "start</p>")))
            scale = w.RadioButtons(options=list(self.content.scale), value=None, description=statement.text)
            for name in ("ff-question", "ff-choices", "ff-scale"):
                scale.add_class(name)
            scale.observe(self._picked, names="value")
            self.scales[statement.id] = scale
            rows.append(scale)
        self.note = html_block()
        return [*rows, self.status, self.note]

    def restore(self, value: Any) -> None:
        given = ratings(value, self.content)
        for statement_id, scale in self.scales.items():
            scale.value = given.get(statement_id)
        self._show(given)

    def _picked(self, _change: dict[str, Any]) -> None:
        self._show({statement_id: scale.value for statement_id, scale in self.scales.items() if scale.value})

    def _show(self, given: dict[str, str]) -> None:
        self.value = given
        self.said = (start_feedback(self.content, given) if self.first
                     else end_feedback(self.content, self.at_the_start, given))
        self.note.value = html("<p class='ff-greeting' role='status'>{}</p>", self.said) if self.said else html("")

    def rate(self, statement_id: str, label: str) -> None:
        """Rate one habit, as the learner would."""
        self.scales[statement_id].value = label

    def summary(self) -> dict[str, Any]:
        """The ratings now, and (after the welcome) those from the start."""
        return {"ratings": dict(self.value or {}), "at_the_start": self.at_the_start}
