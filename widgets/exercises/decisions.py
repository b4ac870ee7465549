"""Lesson 3: "fail in favour of the customer" — short decision cases a staff member faces.

Each case is a question whose customer-favouring option is the one marked
``favours_customer: true``; choosing shows why. Built from check-ins, so the
choice is saved and restored the same way.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Record, Text, load, slug
from widgets.exercises.checkin import CheckIn, Option, Question
from widgets.look.ui import Card, ProgressIndicator
from widgets.store.autosave import Autosaver, default_autosaver

KEY_PREFIX = "decision"


def _one_favours(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    count = sum(1 for option in item.get("options", []) if option.get("favours_customer") is True)
    if count != 1:
        ctx.add(node, f"{where}.options", f"needs exactly one option with 'favours_customer: true', has {count}")


OPTION_SPEC = Record({"text": Text(max_length=200), "favours_customer": Flag(), "feedback": Text(max_length=600)})
CASE_SPEC = Record({"id": slug(60), "situation": Text(max_length=800), "options": ListOf(OPTION_SPEC, min_items=2)},
                   rule=_one_favours)
DECISIONS_SPEC = Record({"intro": Text(max_length=600), "cases": ListOf(CASE_SPEC, min_items=1, unique_by="id")})


def decisions_file(lesson: str) -> Path:
    """A lesson's decision cases."""
    return CONTENT_DIR / lesson / "decisions.yaml"


def load_decisions(path: Path) -> tuple[str, tuple[Question, ...]]:
    """The intro and the cases, as questions; raises ContentError naming file, line and field."""
    data = load(path, DECISIONS_SPEC)
    cases = tuple(Question(c["id"], c["situation"],
                           tuple(Option(o["text"], o["favours_customer"], o["feedback"]) for o in c["options"]))
                  for c in data["cases"])
    return data["intro"], cases


@functools.cache
def lesson_decisions(lesson: str) -> tuple[str, tuple[Question, ...]]:
    """A lesson's cases, read once per kernel."""
    return load_decisions(decisions_file(lesson))


class DecisionCases(Card):
    """Every case, each with its choice and feedback, and how many are decided."""

    def __init__(self, *, lesson: str, content: tuple[str, tuple[Question, ...]] | None = None,
                 saver: Autosaver | None = None) -> None:
        intro, cases = content or lesson_decisions(lesson)
        saver = saver or default_autosaver()
        self.cases = [CheckIn(case, lesson=lesson, saver=saver, title=f"Case {number}", key_prefix=KEY_PREFIX,
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



