"""The end of every lesson: the takeaway question, 'mark lesson done', previous / next."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ipywidgets as w
from traitlets import Bool

from widgets.core import keys
from widgets.core.course import Course, Lesson, course, lesson_label
from widgets.core.markup import Markup, html
from widgets.exercises.base import Exercise
from widgets.look.navigation import prev_next_html, refresh_all
from widgets.look.safe import guarded
from widgets.look.ui import close_all, html_block, primary_button
from widgets.store.autosave import Autosaver

EMPTY_HINT = "Write a sentence or two first — your takeaway goes into your playbook."


def done_line(stamp: str) -> Markup:
    """'You finished this lesson on 23 November.'"""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return Markup("<p class='ff-done-line'>✓ You finished this lesson.</p>")
    return html("<p class='ff-done-line'>✓ You finished this lesson on {} {}.</p>", when.day, when.strftime("%B"))


class Takeaway(Exercise):
    """The takeaway card: the lesson's question, the learner's answer (its value, as typed) and
    "Mark lesson done" (a lesson's completion is kept apart from its answers, in the store)."""

    done = Bool(False, help="Whether the learner has marked this lesson done").tag(sync=False)

    def __init__(self, lesson: Lesson, *, the_course: Course, saver: Autosaver | None = None) -> None:
        self.info = lesson
        self.course = the_course
        super().__init__(lesson=lesson.id, key=keys.TAKEAWAY.key, saver=saver, title="Your takeaway",
                         classes=["ff-takeaway"])
        self._show_done(self.store.completed().get(lesson.id))

    def build(self) -> list[w.Widget]:
        self.answer = w.Textarea(description=self.info.takeaway, placeholder="Your takeaway, in your own words",
                                 continuous_update=True, rows=4)
        self.answer.add_class("ff-question")
        self.answer.observe(self._typed, names="value")
        self.done_line = html_block()
        self.button = primary_button("Mark lesson done")
        self.button.on_click(guarded(self._toggle, self.feedback))
        return [self.answer, self.status, self.feedback, self.done_line, self.button]

    def restore(self, value: Any) -> None:
        self.answer.value = value if isinstance(value, str) else ""
        self.value = self.answer.value

    def _typed(self, change: dict) -> None:
        if self.text_problem(change["new"]):
            return
        if self.feedback.kind == "hint" and not self.done:
            self.feedback.clear()
        self.value = change["new"]

    def _toggle(self, _button: w.Button | None = None) -> None:
        if self.done:
            self.store.reopen(self.lesson)
            self.saver.store_changed()
            self._show_done(None)
            self.feedback.show("hint", "Marked as not done. Your takeaway is still saved.")
        elif not self.answer.value.strip():
            self.feedback.show("hint", EMPTY_HINT)
            return
        elif self.text_problem(self.answer.value):
            return
        else:
            self.saver.flush()
            self._show_done(self.store.complete(self.lesson))
            self.saver.lesson_finished(self.lesson)  # cohort sharing writes the progress file now (if on)
            following = self.course.next(self.info)
            onward = f" Next up: {lesson_label(following)}." if following else ""
            self.feedback.show("success", f"Lesson done — your takeaway is in your playbook.{onward}")
        refresh_all()

    def _show_done(self, stamp: str | None) -> None:
        self.done = stamp is not None
        self.done_line.value = done_line(stamp) if stamp else ""
        self.button.description = "Mark as not done" if self.done else "Mark lesson done"
        self.button.remove_class("ff-btn-primary")
        self.button.remove_class("ff-btn-secondary")
        self.button.add_class("ff-btn-secondary" if self.done else "ff-btn-primary")


class Finish(w.VBox):
    """The end of every lesson: the takeaway card, and the way on to the next lesson."""

    def __init__(self, lesson: Lesson, *, the_course: Course | None = None,
                 saver: Autosaver | None = None) -> None:
        self.course = the_course or course()
        self.card = Takeaway(lesson, the_course=self.course, saver=saver)
        super().__init__(children=[self.card, html_block(prev_next_html(self.course, lesson))])
        self.add_class("ff-finish")

    def close(self) -> None:
        """Close the takeaway card (releasing what it listens to), then this."""
        close_all(self.children)
        super().close()

    # The takeaway card's parts, as a learner (or a test) reaches them from the end of the lesson.
    answer = property(lambda self: self.card.answer)
    button = property(lambda self: self.card.button)
    feedback = property(lambda self: self.card.feedback)
    status = property(lambda self: self.card.status)
    done_line = property(lambda self: self.card.done_line)
    saver = property(lambda self: self.card.saver)
    done = property(lambda self: self.card.done)

    @property
    def takeaway(self) -> str:
        """The takeaway as typed."""
        return self.card.answer.value

    def click(self) -> None:
        """Press "Mark lesson done", as the learner would."""
        self.card.button.click()
