"""A reflection card: open questions about the learner's own experience, saved as typed and never marked.

The questions come from ``widgets.rules.reflection``. A card that ``recalls`` an earlier reflection shows
what the learner wrote there above its own questions.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.course import course, lesson_label
from widgets.core.markup import Markup, html, join, paragraphs
from widgets.exercises.base import Exercise
from widgets.look.ui import html_block
from widgets.rules.reflection import Reflection, answered, answers, filled, lesson_reflections
from widgets.store.autosave import Autosaver


class ReflectionCard(Exercise):
    """One reflection. Its value: prompt id → the answer, as typed."""

    def __init__(self, reflection: Reflection, *, saver: Autosaver | None = None) -> None:
        self.reflection = reflection
        super().__init__(lesson=reflection.lesson, key=keys.REFLECTION.item(reflection.id), saver=saver,
                         title=reflection.title, intro=reflection.intro, classes=("ff-reflection",))

    def build(self) -> list[w.Widget]:
        head = [html_block(self.recalled_html(), "ff-recalled-wrap")] if self.reflection.recalls else []
        self.boxes: dict[str, w.Textarea] = {}
        for prompt in self.reflection.prompts:
            box = w.Textarea(description=prompt.label, placeholder=f"e.g. {prompt.example}" if prompt.example else "",
                             rows=2, continuous_update=True)
            box.add_class("ff-question")
            box.observe(self._typed, names="value")
            self.boxes[prompt.id] = box
        self.note = html_block()
        return [*head, *self.boxes.values(), self.status, self.feedback, self.note]

    def recalled_html(self) -> Markup:
        """What the learner wrote in the reflection this one recalls (escaped), or where to find it."""
        assert self.reflection.recalls is not None
        lesson_id, reflection_id = self.reflection.recalls
        earlier = lesson_reflections(lesson_id)[reflection_id]
        lesson = course().lesson(lesson_id)
        where = "the welcome" if lesson.number == 0 else lesson_label(lesson)
        given = filled(earlier, answers(self.store.load(lesson_id, keys.REFLECTION.item(reflection_id)), earlier))
        if not given:
            return html("<div class='ff-recalled'><p class='ff-muted'>You haven't answered “{}” in {} yet. You can "
                        "answer here anyway, or go back to it first.</p></div>", earlier.title, where)
        rows = join(html("<dt>{}</dt><dd>{}</dd>", label, paragraphs(text)) for label, text in given)
        return html("<div class='ff-recalled'><p class='ff-muted'>What you wrote in {}:</p>"
                    "<dl class='ff-debrief-list'>{}</dl></div>", where, rows)

    def restore(self, value: Any) -> None:
        given = answers(value, self.reflection)
        for prompt_id, box in self.boxes.items():
            box.value = given[prompt_id]
        self._show(given)

    def _typed(self, change: dict[str, Any]) -> None:
        if self.text_problem(change["new"]):
            return  # the last version kept stays saved
        self._show({prompt_id: box.value for prompt_id, box in self.boxes.items()})

    def _show(self, given: dict[str, str]) -> None:
        self.value = given
        self.feedback.clear()  # a hint about a paste too long goes once the box holds what can be kept
        self.said = self.reflection.done if answered(self.reflection, given) else ""
        self.note.value = html("<p class='ff-greeting' role='status'>{}</p>", self.said) if self.said else html("")

    def write(self, prompt_id: str, text: str) -> None:
        """Type an answer, as the learner would."""
        self.boxes[prompt_id].value = text
