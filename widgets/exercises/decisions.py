"""Lesson 3: "fail in favour of the customer" — short decision cases a staff member faces.

Each case is a question whose customer-favouring option is the one marked
``favours_customer: true``; choosing shows why. Built from check-ins, so the
choice is saved and restored the same way.
"""

from __future__ import annotations

from typing import Any

from widgets.core import keys
from widgets.exercises.checkin import CheckIn
from widgets.look.ui import Card, ProgressIndicator
from widgets.rules.checkin import Question
from widgets.rules.decisions import lesson_decisions
from widgets.store.autosave import Autosaver, default_autosaver


class DecisionCases(Card):
    """Every case, each with its choice and feedback, and how many are decided."""

    def __init__(self, *, lesson: str, content: tuple[str, tuple[Question, ...]] | None = None,
                 saver: Autosaver | None = None) -> None:
        intro, cases = content or lesson_decisions(lesson)
        saver = saver or default_autosaver()
        self.cases = [CheckIn(case, lesson=lesson, saver=saver, title=f"Case {number}", saved_key=keys.DECISION,
                              classes=("ff-decision",))
                      for number, case in enumerate(cases, start=1)]
        self.progress = ProgressIndicator(done=0, total=len(cases), noun="cases")
        for case in self.cases:
            case.observe(lambda _c: self._count(), names="choice")
        self._count()
        super().__init__([self.progress, *self.cases], title="Fail in favor of the customer", intro=intro,
                         classes=("ff-decisions",))

    def _count(self) -> None:
        self.progress.done = sum(1 for case in self.cases if case.choice)

    @property
    def answers(self) -> list[dict[str, Any]]:
        """Plain data: each case's choice and whether it favoured the customer."""
        return [{"case": case.question.id, "choice": case.choice,
                 "favours_customer": any(o.correct and o.text == case.choice for o in case.question.options)}
                for case in self.cases]


