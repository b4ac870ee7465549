"""The course outline: its lessons, in order, from ``assets/content/course.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from widgets.core.content import CONTENT_DIR, ListOf, Number, Record, Text, load, slug
from widgets.store.progress import ProgressStore

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
COURSE_SPEC = Record({
    "title": Text(max_length=80),
    "lessons": ListOf(LESSON_SPEC, min_items=1, unique_by="id"),
})


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
class Course:
    """The ordered lessons."""

    title: str
    lessons: tuple[Lesson, ...]

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

    def status(self, store: ProgressStore, lesson: Lesson) -> Status:
        """A lesson's status for this learner."""
        if lesson.id in store.completed():
            return Status.DONE
        if lesson.id in store.started():
            return Status.IN_PROGRESS
        return Status.NOT_STARTED

    def statuses(self, store: ProgressStore) -> dict[str, Status]:
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
    return Course(title=data["title"], lessons=lessons)


@functools.cache
def course() -> Course:
    """The course outline, read once per kernel."""
    return load_course()
