"""Lesson 05: a first look at the playbook, compiled from what the learner saved."""

from __future__ import annotations

import ipywidgets as w

from .course import Course, course
from .inversion_rules import Board, commitments
from .navigation import lesson_label
from .progress import ProgressStore, default_store
from .takeaway import KEY as TAKEAWAY
from .ui import Card, esc, html_block, paragraphs
from .welcome import KEY as NAME_KEY
from .welcome import LESSON as WELCOME


def commitments_html(store: ProgressStore) -> str:
    """The ranked inversion commitments, or '' when there are none yet."""
    chosen = commitments(Board.from_data(store.load("inversion", "board")))
    if not chosen:
        return ""
    items = "".join(
        f"<li><strong>{esc(c['inverse'])}</strong>"
        + (f" — measured by {esc(c['measure'])}" if c["measure"].strip() else "")
        + f"<br><span class='ff-rank-stage'>{esc(c['stage'])} · instead of: {esc(c['failure'])}</span></li>"
        for c in chosen)
    return (f"<p class='ff-playbook-question'>Your inversion commitments, ranked:</p>"
            f"<ol class='ff-commitments'>{items}</ol>")


def playbook_html(store: ProgressStore, the_course: Course) -> str:
    """Each lesson's takeaway, or a link back to the lesson where it is still missing."""
    name = store.load(WELCOME, NAME_KEY) or ""
    owner = f"{esc(name)}'s playbook" if name else "Your playbook"
    sections = []
    for lesson in the_course.lessons[1:-1]:
        takeaway = store.load(lesson.id, TAKEAWAY) or ""
        if takeaway.strip():
            body = f"<blockquote class='ff-playbook-quote'>{paragraphs(takeaway)}</blockquote>"
        else:
            body = (f"<p class='ff-playbook-missing'>Not written yet — "
                    f"<a href='{esc(lesson.notebook)}'>go to {esc(lesson_label(lesson))}</a>.</p>")
        extra = commitments_html(store) if lesson.id == "inversion" else ""
        sections.append(f"<section class='ff-playbook-section'><h4>{esc(lesson_label(lesson))}</h4>{extra}"
                        f"<p class='ff-playbook-question'>{esc(lesson.takeaway)}</p>{body}</section>")
    return f"<div class='ff-playbook'><h3 class='ff-playbook-owner'>{owner}</h3>{''.join(sections)}</div>"


class PlaybookPreview(Card):
    """The takeaways so far, read when the lesson opens."""

    def __init__(self, *, store: ProgressStore | None = None, the_course: Course | None = None) -> None:
        self.store = store or default_store()
        self.course = the_course or course()
        self.body = html_block(playbook_html(self.store, self.course))
        super().__init__([self.body], title="Your takeaways so far", classes=["ff-playbook-preview"])

    def refresh(self) -> None:
        """Re-read the saved answers."""
        self.body.value = playbook_html(self.store, self.course)

    @property
    def view(self) -> w.HTML:
        """The HTML the learner sees."""
        return self.body
