"""The course outline: its lessons, in order, and what the playbook shows, from ``assets/content/course.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

import yaml

from widgets.core.content import CONTENT_DIR, ContentError, Context, ListOf, Number, Record, Text, load, node_at, slug

COURSE_FILE = CONTENT_DIR / "course.yaml"

LESSON_SPEC = Record({
    "id": slug(40),
    "notebook": Text(max_length=80, pattern=r"\d\d_[a-z0-9_]+\.ipynb",
                     pattern_help="a file name like 03_owning_mistakes.ipynb"),
    "title": Text(max_length=80),
    "minutes": Number(minimum=1, maximum=90, unit="minutes"),
    "summary": Text(max_length=300),
    "takeaway": Text(max_length=300),
})
PLAYBOOK_PARTS = ("commitments", "promise", "recovery-message", "debrief", "starting-point")
"""What a playbook section may show besides the lesson's takeaway (``rules.playbook.PARTS``)."""

PART_SPEC = Text(max_length=40, pattern="|".join(PLAYBOOK_PARTS),
                 pattern_help="a part the playbook knows: " + ", ".join(PLAYBOOK_PARTS))
SECTION_SPEC = Record({"lesson": slug(40)}, optional={"parts": ListOf(PART_SPEC, min_items=0)})


def _playbook_lessons_exist(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    ids = [lesson["id"] for lesson in data["lessons"]]
    for i, section in enumerate(data.get("playbook") or []):
        if section["lesson"] not in ids:
            ctx.add(node_at(node, "playbook", i, "lesson"), f"playbook[{i}].lesson",
                    f"{section['lesson']!r} is not a lesson of the course (lessons: {', '.join(ids)})")


COURSE_SPEC = Record({
    "title": Text(max_length=80),
    "lessons": ListOf(LESSON_SPEC, min_items=1, unique_by="id"),
    "playbook": ListOf(SECTION_SPEC, min_items=1, unique_by="lesson"),
}, rule=_playbook_lessons_exist)


class AnswerSource(Protocol):
    """What a course needs of a progress store to tell each lesson's status."""

    def completed(self) -> dict[str, str]: ...

    def started(self) -> set[str]: ...


class Status(Enum):
    """Where a learner is with a lesson."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course."""

    id: str
    number: int
    notebook: str
    title: str
    minutes: int
    summary: str
    takeaway: str


@dataclass(frozen=True)
class PlaybookSection:
    """One lesson's part of the playbook: its saved work (``parts``) and its takeaway."""

    lesson: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    """The ordered lessons, and the playbook's sections."""

    title: str
    lessons: tuple[Lesson, ...]
    playbook: tuple[PlaybookSection, ...] = ()

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; ``KeyError`` naming the known ids otherwise."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        known = ", ".join(lesson.id for lesson in self.lessons)
        raise KeyError(f"no lesson {lesson_id!r} in the course (known: {known})")

    def previous(self, lesson: Lesson) -> Lesson | None:
        """The lesson before, if any."""
        return self.lessons[lesson.number - 1] if lesson.number > 0 else None

    def next(self, lesson: Lesson) -> Lesson | None:
        """The lesson after, if any."""
        return self.lessons[lesson.number + 1] if lesson.number + 1 < len(self.lessons) else None

    def status(self, store: AnswerSource, lesson: Lesson) -> Status:
        """A lesson's status for this learner."""
        if lesson.id in store.completed():
            return Status.DONE
        if lesson.id in store.started():
            return Status.IN_PROGRESS
        return Status.NOT_STARTED

    def statuses(self, store: AnswerSource) -> dict[str, Status]:
        """Every lesson's status, read in two queries."""
        done, started = store.completed(), store.started()
        return {
            lesson.id: Status.DONE if lesson.id in done
            else Status.IN_PROGRESS if lesson.id in started
            else Status.NOT_STARTED
            for lesson in self.lessons
        }


def load_course(path: Path = COURSE_FILE) -> Course:
    """Read and check the course outline; raises ``ContentError`` with precise problems."""
    data = load(path, COURSE_SPEC)
    lessons = tuple(Lesson(number=i, **item) for i, item in enumerate(data["lessons"]))
    playbook = tuple(PlaybookSection(s["lesson"], tuple(s.get("parts") or ())) for s in data["playbook"])
    return Course(title=data["title"], lessons=lessons, playbook=playbook)


@functools.cache
def course() -> Course:
    """The course outline, read once per kernel."""
    return load_course()


def outline_beside(path: Path) -> Course | None:
    """The course outline beside the content folder ``path`` is in (a coach's copy of the course has its own),
    or None when it can't be read (its own check reports that, once)."""
    outline = path.parent.parent / COURSE_FILE.name
    try:
        return course() if outline == COURSE_FILE else load_course(outline)  # the course's own: read once
    except ContentError:
        return None


def lesson_label(lesson: Lesson) -> str:
    """'Lesson 2: Response-time inversion' (the welcome is not numbered)."""
    return lesson.title if lesson.number == 0 else f"Lesson {lesson.number}: {lesson.title}"
