"""Questions that bring back an earlier lesson (``assets/content/<lesson>/recall.yaml``).

Each is a check-in question (one right option, feedback on every option) with one more field, ``about``: the
earlier lesson it asks about. A lesson opens with one or two of them (``ff.recall(lesson, question)``), and the
last lesson asks a few about every lesson before the playbook. The answer is saved under the lesson that asks
(``keys.RECALL``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from widgets.core.content import (
    CONTENT_DIR,
    ListOf,
    Record,
    load,
    raise_at,
    slug,
)
from widgets.core.course import outline_beside
from widgets.rules.checkin import QUESTION_SPEC, Option, Question, one_correct

RECALL_FILE = "recall.yaml"


RECALL_QUESTION_SPEC = Record({**QUESTION_SPEC.fields, "about": slug(40)}, rule=one_correct)
RECALL_SPEC = Record({"questions": ListOf(RECALL_QUESTION_SPEC, min_items=1, unique_by="id")})


@dataclass(frozen=True)
class RecallQuestion:
    """A question about an earlier lesson."""

    question: Question
    about: str
    """The id of the lesson it asks about."""


def recall_file(lesson: str, content_dir: Path = CONTENT_DIR) -> Path:
    """Where a lesson's questions about earlier lessons live."""
    return content_dir / lesson / RECALL_FILE


def load_recall(path: Path) -> dict[str, RecallQuestion]:
    """Read and check a recall file; raises ContentError naming file, line and field. Each question's ``about``
    must be a lesson that comes before the one asking (the folder the file is in)."""
    data = load(path, RECALL_SPEC)
    course = outline_beside(path)
    if course is not None:
        order = [lesson.id for lesson in course.lessons]
        asking = path.parent.name
        wrong: list[tuple[tuple[str | int, ...], str]] = []
        for i, item in enumerate(data["questions"]):
            about, at = item["about"], ("questions", i, "about")
            if about not in order:
                wrong.append((at, f"{about!r} is not a lesson of the course (lesson ids: {', '.join(order)})"))
            elif asking in order and order.index(about) >= order.index(asking):
                wrong.append((at, f"{about!r} doesn't come before {asking!r}: a recall question asks about a lesson "
                                  "the learner has already had"))
        raise_at(path, wrong)
    return {q["id"]: RecallQuestion(Question(q["id"], q["prompt"], tuple(Option(**o) for o in q["options"])),
                                    q["about"])
            for q in data["questions"]}


@functools.cache
def recall_questions(lesson: str) -> dict[str, RecallQuestion]:
    """A lesson's recall questions, read once per kernel."""
    return load_recall(recall_file(lesson))
