"""Lesson 4, the reframing drill: turn an anxious first thought into an opportunity.

Each anxious thought (content: ``assets/content/team/reframing.yaml``) gets the
learner's own reframe, saved as they type, and gentle feedback from
:func:`reframe_feedback` — a pure function that looks for words, so it coaches
rather than judges and never claims to be sure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import html
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Card, ProgressIndicator, html_block, secondary_button
from widgets.rules.reframing import (
    MAX_REFRAME,
    ReframingContent,
    Thought,
    reframe_feedback,
    reframing_content,
)
from widgets.store.autosave import Autosaver, default_autosaver


class ReframeCount(ProgressIndicator):
    """'2 of 5 reframed', with a bar."""

    @property
    def text(self) -> str:
        """The sentence a learner reads."""
        return f"{self.done} of {self.total} reframed"


class ReframeRow(Exercise):
    """One anxious thought: the prompt, the learner's reframe (its value, as typed), feedback and the example."""

    def __init__(self, *, thought: Thought, number: int, saver: Autosaver,
                 on_change: Callable[[], None] | None = None) -> None:
        self.thought = thought
        self.number = number
        self.on_change = on_change
        super().__init__(lesson=keys.REFRAME.lesson, key=keys.REFRAME.item(thought.id), saver=saver,
                         classes=("ff-reframe",), card=False)

    def build(self) -> list[w.Widget]:
        thought = self.thought
        self.box = w.Textarea(description="Your reframe", placeholder="The same moment, seen as an opportunity",
                              rows=3, continuous_update=True)
        self.box.add_class("ff-question")
        self.box.observe(guarded(self._typed, self.feedback), names="value")
        self.example = html_block(html("<p class='ff-example'><span class='ff-example-label'>One way to see it:"
                                       "</span> {}</p>", thought.example), "ff-example-wrap", own_layout=True)
        self.example.layout.display = "none"
        self.example_button = secondary_button("Show an example", tooltip="Show or hide one example reframe")
        self.example_button.add_class("ff-btn-small")
        self.example_button.on_click(guarded(lambda _b: self.toggle_example(), self.feedback))
        heading = html("<h4 class='ff-step-heading'>Thought {}</h4><blockquote class='ff-anxious'><p>"
                       "<span class='ff-anxious-label'>The anxious thought:</span> “{}”</p></blockquote>"
                       "<p class='ff-reframe-prompt'>{}</p>", self.number, thought.anxious, thought.prompt)
        return [html_block(heading), self.box, self.status, self.feedback, self.example_button, self.example]

    def restore(self, value: Any) -> None:
        text = value if isinstance(value, str) and len(value) <= MAX_REFRAME else ""
        self.box.value = text
        self._accepted(text)

    @property
    def reframe(self) -> str:
        """The reframe as last accepted (what is saved)."""
        return self.value or ""

    @property
    def example_shown(self) -> bool:
        """Whether the example is showing."""
        return self.example.layout.display != "none"

    def toggle_example(self) -> None:
        """Show the example, or hide it again."""
        shown = not self.example_shown
        self.example.layout.display = "" if shown else "none"
        self.example_button.description = "Hide the example" if shown else "Show an example"

    def summary(self) -> dict[str, str]:
        """The thought and the learner's reframe ('' when none)."""
        return {"id": self.thought.id, "anxious": self.thought.anxious, "reframe": self.reframe.strip()}

    def _typed(self, change: dict) -> None:
        if self.text_problem(str(change["new"] or ""), MAX_REFRAME):
            return
        self._accepted(str(change["new"] or ""))

    def _accepted(self, value: str) -> None:
        self.value = value
        kind, message = reframe_feedback(self.thought.anxious, value)
        if kind:
            self.feedback.show(kind, message)
        else:
            self.feedback.clear()
        if self.on_change is not None and not self._restoring:
            self.on_change()


class ReframingDrill(Card):
    """Lesson 4's reframing drill: every anxious thought, reframed in the learner's words."""

    def __init__(self, *, content: ReframingContent | None = None, saver: Autosaver | None = None) -> None:
        self.content = content or reframing_content()
        self.saver = saver or default_autosaver()
        self.rows: dict[str, ReframeRow] = {}
        for number, thought in enumerate(self.content.thoughts, start=1):
            self.rows[thought.id] = ReframeRow(thought=thought, number=number, saver=self.saver, on_change=self._count)
        self.progress = ReframeCount(total=len(self.rows), noun="thoughts")
        self._count()
        super().__init__([self.progress, *self.rows.values()], title="Reframe the thought",
                         intro=self.content.intro, classes=("ff-reframing",))

    def _count(self) -> None:
        self.progress.done = sum(1 for row in self.rows.values() if row.reframe.strip())

    @property
    def answers(self) -> list[dict[str, str]]:
        """Plain data for the playbook: each thought with the learner's last saved reframe ('' when none)."""
        return [row.summary() for row in self.rows.values()]
