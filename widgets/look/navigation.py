"""Course navigation: the course map, the lesson header's stepper, previous / next.

Links are relative to the lesson's own folder (``01_inversion_thinking.ipynb``),
so the same link opens the next lesson in Voila (``/voila/render/lessons/...``)
and in JupyterLab (``/lab/tree/lessons/...``).
"""

from __future__ import annotations

import weakref

import ipywidgets as w

from widgets.core.course import Course, Lesson, Status, course, lesson_label
from widgets.core.markup import Markup, html, join
from widgets.look.ui import ProgressIndicator, SharedHTMLStyle, SharedLayout, html_block, shared
from widgets.store.progress import ProgressStore, default_store

STATUS_LOOK: dict[Status, tuple[str, str]] = {
    Status.DONE: ("✓", "done"),
    Status.IN_PROGRESS: ("◐", "in progress"),
    Status.NOT_STARTED: ("○", "not started"),
}


def _css(status: Status) -> str:
    return status.name.lower().replace("_", "-")


def status_badge(status: Status) -> Markup:
    """An icon and a word, so the status is never told by colour alone."""
    icon, word = STATUS_LOOK[status]
    return html("<span class='ff-status ff-status-{}'><span aria-hidden='true'>{}</span> {}</span>",
                _css(status), icon, word)


def stepper_html(the_course: Course, statuses: dict[str, Status], current: Lesson) -> Markup:
    """The compact course map at the top of every lesson."""
    items = []
    for lesson in the_course.lessons:
        status = statuses[lesson.id]
        icon, word = STATUS_LOOK[status]
        is_current = lesson.id == current.id
        # The accessible name contains the visible text ("0", "1 Inversion thinking"), so speech users can say it.
        label = f"Lesson {lesson.number}: {lesson.title} ({word}{', you are here' if is_current else ''})"
        here = Markup(' aria-current="page"') if is_current else ""
        items.append(html(
            "<li class='ff-step ff-step-{}{}'><a href='{}' aria-label='{}' title='{}'{}>"
            "<span class='ff-step-icon' aria-hidden='true'>{}</span>"
            "<span class='ff-step-num' aria-hidden='true'>{}</span> "
            "<span class='ff-step-title' aria-hidden='true'>{}</span></a></li>",
            _css(status), " ff-step-current" if is_current else "", lesson.notebook, label, label, here,
            icon, lesson.number, lesson.title))
    return html("<nav class='ff-stepper' aria-label='Course map'><ol>{}</ol></nav>", join(items))


def course_map_html(the_course: Course, statuses: dict[str, Status],
                    current: Lesson | None = None) -> Markup:
    """The full course map: every lesson with its summary, length and status."""
    rows = []
    for lesson in the_course.lessons:
        is_current = current is not None and lesson.id == current.id
        here = Markup(' aria-current="page"') if is_current else ""
        rows.append(html(
            "<li class='ff-map-item{}'><span class='ff-map-num' aria-hidden='true'>{}</span>"
            "<div class='ff-map-body'><a class='ff-map-link' href='{}'{}>{}</a>"
            "<p class='ff-map-summary'>{}</p><p class='ff-map-meta'>{} min · {}</p></div></li>",
            " ff-map-current" if is_current else "", lesson.number, lesson.notebook, here, lesson_label(lesson),
            lesson.summary, lesson.minutes, status_badge(statuses[lesson.id])))
    return html("<nav class='ff-map' aria-label='Course map'><ol>{}</ol></nav>", join(rows))


def prev_next_html(the_course: Course, lesson: Lesson) -> Markup:
    """Previous / next links at the end of a lesson."""
    before, after = the_course.previous(lesson), the_course.next(lesson)
    parts = []
    if before:
        parts.append(html("<a class='ff-nav-prev' href='{}'><span aria-hidden='true'>← </span>Previous: {}</a>",
                          before.notebook, lesson_label(before)))
    else:
        parts.append(Markup("<span></span>"))
    if after:
        parts.append(html("<a class='ff-nav-next' href='{}'>Next: {}<span aria-hidden='true'> →</span></a>",
                          after.notebook, lesson_label(after)))
    return html("<nav class='ff-prevnext' aria-label='Lesson navigation'>{}</nav>", join(parts))


_live: weakref.WeakSet[_Refreshable] = weakref.WeakSet()


class _Refreshable:
    def refresh(self) -> None:
        raise NotImplementedError


def refresh_all() -> None:
    """Redraw every course map on the page (after a lesson is marked done); closed ones are let go."""
    for item in list(_live):
        if getattr(item, "comm", None) is None:  # closed (its cell was run again): nothing shows it any more
            _live.discard(item)
        else:
            item.refresh()


class CourseMap(w.VBox, _Refreshable):
    """The welcome page's course map: progress so far and every lesson's status."""

    def __init__(self, *, store: ProgressStore | None = None, the_course: Course | None = None,
                 current: str | None = None) -> None:
        self.store = store or default_store()
        self.course = the_course or course()
        self.current = self.course.lesson(current) if current else None
        self.progress = ProgressIndicator(total=len(self.course.lessons))
        self.map = html_block(Markup(""))
        super().__init__(children=[self.progress, self.map], _dom_classes=("ff-card", "ff-course-map"))
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
        super().__init__(layout=shared(SharedLayout), style=shared(SharedHTMLStyle))
        self.lesson, self.store, self.course = lesson, store, the_course
        self.refresh()
        _live.add(self)

    def refresh(self) -> None:
        """Re-read the statuses from the store."""
        self.value = stepper_html(self.course, self.course.statuses(self.store), self.lesson)
