"""Check-in questions as data: the content file's shape, and grading (a pure function)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Record, Text, load, slug


def one_correct(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    """A question's rule: exactly one of its options is right."""
    correct = sum(1 for option in item.get("options", []) if option.get("correct") is True)
    if correct != 1:
        ctx.add(node, f"{where}.options", f"needs exactly one option with 'correct: true', has {correct}")


OPTION_SPEC = Record({"text": Text(max_length=300), "correct": Flag(), "feedback": Text(max_length=600)})
QUESTION_SPEC = Record(
    {"id": slug(60),
     "prompt": Text(max_length=600),
     "options": ListOf(OPTION_SPEC, min_items=2)},
    rule=one_correct,
)
CHECKINS_SPEC = Record({"questions": ListOf(QUESTION_SPEC, min_items=1, unique_by="id")},
                       optional={"title": Text(max_length=60)})
DEFAULT_TITLE = "Check-in"


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


@dataclass(frozen=True)
class CheckIns:
    """A lesson's check-in questions, and the title of their cards."""

    title: str
    questions: dict[str, Question]


def load_checkins(path: Path) -> CheckIns:
    """Read and check a check-ins file; raises ``ContentError`` with file, line and field."""
    data = load(path, CHECKINS_SPEC)
    found = {q["id"]: Question(q["id"], q["prompt"], tuple(Option(**o) for o in q["options"]))
             for q in data["questions"]}
    return CheckIns(data.get("title") or DEFAULT_TITLE, found)


def load_questions(path: Path) -> dict[str, Question]:
    """The questions of a check-ins file (see :func:`load_checkins`)."""
    return load_checkins(path).questions


@functools.cache
def lesson_checkins(lesson_id: str) -> CheckIns:
    """A lesson's check-ins, read once per kernel."""
    return load_checkins(checkins_file(lesson_id))


def questions(lesson_id: str) -> dict[str, Question]:
    """A lesson's check-in questions (read once per kernel)."""
    return lesson_checkins(lesson_id).questions
