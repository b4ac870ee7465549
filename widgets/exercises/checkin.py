"""Check-in questions: multiple choice with specific feedback on every option.

Questions are content (``assets/content/<lesson>/checkins.yaml``); grading is a
pure function (:func:`grade`) so it is tested without widgets.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
import yaml
from traitlets import Unicode

from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Record, Text, load, slug
from widgets.exercises.answers import BoundAnswer
from widgets.look.ui import Card, Feedback, SaveStatus
from widgets.store.autosave import Autosaver, default_autosaver


def _one_correct(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    correct = sum(1 for option in item.get("options", []) if option.get("correct") is True)
    if correct != 1:
        ctx.add(node, f"{where}.options", f"needs exactly one option with 'correct: true', has {correct}")


OPTION_SPEC = Record({"text": Text(max_length=300), "correct": Flag(), "feedback": Text(max_length=600)})
QUESTION_SPEC = Record(
    {"id": slug(60),
     "prompt": Text(max_length=600),
     "options": ListOf(OPTION_SPEC, min_items=2)},
    rule=_one_correct,
)
CHECKINS_SPEC = Record({"questions": ListOf(QUESTION_SPEC, min_items=1, unique_by="id")})


@dataclass(frozen=True)
class Option:
    """One answer a learner can pick."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """A check-in question."""

    id: str
    prompt: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Result:
    """What choosing an option means: right or not, and what to tell the learner."""

    correct: bool
    feedback: str


def grade(question: Question, choice: int) -> Result:
    """The result of picking option ``choice`` (0-based)."""
    if not 0 <= choice < len(question.options):
        raise IndexError(f"question {question.id!r} has no option {choice}")
    option = question.options[choice]
    return Result(option.correct, option.feedback)


def checkins_file(lesson_id: str) -> Path:
    """Where a lesson's check-in questions live."""
    return CONTENT_DIR / lesson_id / "checkins.yaml"


def load_questions(path: Path) -> dict[str, Question]:
    """Read and check a check-ins file; raises ``ContentError`` with file, line and field."""
    data = load(path, CHECKINS_SPEC)
    return {
        q["id"]: Question(q["id"], q["prompt"], tuple(Option(**o) for o in q["options"]))
        for q in data["questions"]
    }


@functools.cache
def questions(lesson_id: str) -> dict[str, Question]:
    """A lesson's check-in questions, read once per kernel."""
    return load_questions(checkins_file(lesson_id))


class CheckIn(Card):
    """One question: pick an option, get feedback on that option; the choice is saved."""

    choice = Unicode("", help="The text of the chosen option, or '' before a choice").tag(sync=False)

    def __init__(self, question: Question, *, lesson: str, saver: Autosaver | None = None,
                 title: str = "Check-in", key_prefix: str = "checkin", classes: tuple[str, ...] = ("ff-checkin",)
                 ) -> None:
        self.question = question
        labels = [option.text for option in question.options]
        self.options = w.RadioButtons(options=labels, value=None, description=question.prompt)
        self.options.add_class("ff-question")
        self.options.add_class("ff-choices")
        self.feedback = Feedback()
        self.status = SaveStatus()
        super().__init__([self.options, self.feedback], title=title, classes=classes)
        self.binding = BoundAnswer(self.options, lesson=lesson, key=f"{key_prefix}:{question.id}",
                                   saver=saver or default_autosaver(), status=self.status,
                                   check=self._check, on_saved_value=self._show)
        if self.options.value is not None:
            self._show(self.options.value)

    def _check(self, value: Any) -> tuple[Any, str]:
        return value, ""

    def _show(self, value: str | None) -> None:
        self.choice = value or ""
        if value is None:
            self.feedback.clear()
            return
        result = grade(self.question, self.options.options.index(value))
        self.feedback.show("success" if result.correct else "hint", result.feedback)

    def pick(self, index: int) -> None:
        """Choose option ``index`` (0-based), as the learner would."""
        self.options.value = self.options.options[index]
