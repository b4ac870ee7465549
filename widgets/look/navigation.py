"""Course navigation: the course map, the lesson header's stepper, previous / next.

Links are relative to the lesson's own folder (``01_inversion_thinking.ipynb``),
so the same link opens the next lesson in Voila (``/voila/render/lessons/...``)
and in JupyterLab (``/lab/tree/lessons/...``).
"""

from __future__ import annotations

import weakref

import ipywidgets as w

from widgets.core.course import Course, Lesson, Status, course
from widgets.look.ui import ProgressIndicator, esc, html_block
from widgets.store.progress import ProgressStore, default_store

STATUS_LOOK: dict[Status, tuple[str, str]] = {
    Status.DONE: ("✓", "done"),
    Status.IN_PROGRESS: ("◐", "in progress"),
    Status.NOT_STARTED: ("○", "not started"),
}


def lesson_label(lesson: Lesson) -> str:
    """'Lesson 2: Response-time inversion' (the welcome is not numbered)."""
    return lesson.title if lesson.number == 0 else f"Lesson {lesson.number}: {lesson.title}"


def status_badge(status: Status) -> str:
    """An icon and a word, so the status is never told by colour alone."""
    icon, word = STATUS_LOOK[status]
    return (f"<span class='ff-status ff-status-{status.name.lower().replace('_', '-')}'>"
            f"<span aria-hidden='true'>{icon}</span> {word}</span>")


def stepper_html(the_course: Course, statuses: dict[str, Status], current: Lesson) -> str:
    """The compact course map at the top of every lesson."""
    items = []
    for lesson in the_course.lessons:
        status = statuses[lesson.id]
        icon, word = STATUS_LOOK[status]
        is_current = lesson.id == current.id
        # The accessible name contains the visible text ("0", "1 Inversion thinking"), so speech users can say it.
        label = f"Lesson {lesson.number}: {lesson.title} ({word}{', you are here' if is_current else ''})"
        here = ' aria-current="page"' if is_current else ""
        items.append(
            f"<li class='ff-step ff-step-{status.name.lower().replace('_', '-')}"
            f"{' ff-step-current' if is_current else ''}'>"
            f"<a href='{esc(lesson.notebook)}' aria-label='{esc(label)}' title='{esc(label)}'{here}>"
            f"<span class='ff-step-icon' aria-hidden='true'>{icon}</span>"
            f"<span class='ff-step-num' aria-hidden='true'>{lesson.number}</span> "
            f"<span class='ff-step-title' aria-hidden='true'>{esc(lesson.title)}</span></a></li>"
        )
    return f"<nav class='ff-stepper' aria-label='Course map'><ol>{''.join(items)}</ol></nav>"


def course_map_html(the_course: Course, statuses: dict[str, Status],
                    current: Lesson | None = None) -> str:
    """The full course map: every lesson with its summary, length and status."""
    rows = []
    for lesson in the_course.lessons:
        is_current = current is not None and lesson.id == current.id
        here = ' aria-current="page"' if is_current else ""
        rows.append(
            f"<li class='ff-map-item{' ff-map-current' if is_current else ''}'>"
            f"<span class='ff-map-num' aria-hidden='true'>{lesson.number}</span>"
            f"<div class='ff-map-body'><a class='ff-map-link' href='{esc(lesson.notebook)}'{here}>"
            f"{esc(lesson_label(lesson))}</a>"
            f"<p class='ff-map-summary'>{esc(lesson.summary)}</p>"
            f"<p class='ff-map-meta'>{lesson.minutes} min · {status_badge(statuses[lesson.id])}</p>"
            "</div></li>"
        )
    return f"<nav class='ff-map' aria-label='Course map'><ol>{''.join(rows)}</ol></nav>"


def prev_next_html(the_course: Course, lesson: Lesson) -> str:
    """Previous / next links at the end of a lesson."""
    before, after = the_course.previous(lesson), the_course.next(lesson)
    parts = []
    if before:
        parts.append(f"<a class='ff-nav-prev' href='{esc(before.notebook)}'>"
                     f"<span aria-hidden='true'>← </span>Previous: {esc(lesson_label(before))}</a>")
    else:
        parts.append("<span></span>")
    if after:
        parts.append(f"<a class='ff-nav-next' href='{esc(after.notebook)}'>"
                     f"Next: {esc(lesson_label(after))}<span aria-hidden='true'> →</span></a>")
    return f"<nav class='ff-prevnext' aria-label='Lesson navigation'>{''.join(parts)}</nav>"


_live: weakref.WeakSet[_Refreshable] = weakref.WeakSet()


class _Refreshable:
    def refresh(self) -> None:
        raise NotImplementedError


def refresh_all() -> None:
    """Redraw every course map on the page (after a lesson is marked done)."""
    for item in list(_live):
        item.refresh()


class CourseMap(w.VBox, _Refreshable):
    """The welcome page's course map: progress so far and every lesson's status."""

    def __init__(self, *, store: ProgressStore | None = None, the_course: Course | None = None,
                 current: str | None = None) -> None:
        self.store = store or default_store()
        self.course = the_course or course()
        self.current = self.course.lesson(current) if current else None
        self.progress = ProgressIndicator(total=len(self.course.lessons))
        self.map = html_block("")
        super().__init__(children=[self.progress, self.map])
        self.add_class("ff-card")
        self.add_class("ff-course-map")
        self.refresh()
        _live.add(self)

    def refresh(self) -> None:
        """Re-read the statuses from the store."""
        statuses = self.course.statuses(self.store)
        self.progress.done = sum(s is Status.DONE for s in statuses.values())
        self.map.value = course_map_html(self.course, statuses, self.current)

    @property
    def statuses(self) -> dict[str, Status]:
        """What the map shows, per lesson id."""
        return self.course.statuses(self.store)


class Stepper(w.HTML, _Refreshable):
    """The compact course map in a lesson's header."""

    def __init__(self, lesson: Lesson, *, store: ProgressStore, the_course: Course) -> None:
        super().__init__()
        self.lesson, self.store, self.course = lesson, store, the_course
        self.refresh()
        _live.add(self)

    def refresh(self) -> None:
        """Re-read the statuses from the store."""
        self.value = stepper_html(self.course, self.course.statuses(self.store), self.lesson)
