"""The end of every lesson: the takeaway question, 'mark lesson done', previous / next."""

from __future__ import annotations

from datetime import datetime

import ipywidgets as w
from traitlets import Bool

from widgets.core.course import Course, Lesson, course
from widgets.exercises.answers import MAX_TEXT, BoundAnswer
from widgets.look.navigation import lesson_label, prev_next_html, refresh_all
from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, SaveStatus, html_block, primary_button
from widgets.store.autosave import Autosaver, default_autosaver

KEY = "takeaway"

EMPTY_HINT = "Write a sentence or two first — your takeaway goes into your playbook."


def done_line(stamp: str) -> str:
    """'You finished this lesson on 23 November.'"""
    try:
        day = datetime.fromisoformat(stamp).strftime("%-d %B")
    except ValueError:
        return "<p class='ff-done-line'>✓ You finished this lesson.</p>"
    return f"<p class='ff-done-line'>✓ You finished this lesson on {day}.</p>"


class Finish(w.VBox):
    """The takeaway card and the way on to the next lesson."""

    done = Bool(False, help="Whether the learner has marked this lesson done").tag(sync=False)

    def __init__(self, lesson: Lesson, *, the_course: Course | None = None,
                 saver: Autosaver | None = None) -> None:
        self.lesson = lesson
        self.course = the_course or course()
        self.saver = saver or default_autosaver()
        self.store = self.saver.store
        self.answer = w.Textarea(description=lesson.takeaway, placeholder="Your takeaway, in your own words",
                                 continuous_update=True, rows=4)
        self.answer.add_class("ff-question")
        self.status = SaveStatus()
        self.feedback = Feedback()
        self.done_line = html_block("")
        self.button = primary_button("Mark lesson done")
        self.button.on_click(guarded(self._toggle, self.feedback))
        self.binding = BoundAnswer(self.answer, lesson=lesson.id, key=KEY, saver=self.saver,
                                   status=self.status, feedback=self.feedback)
        card = Card([self.answer, self.status, self.feedback, self.done_line, self.button],
                    title="Your takeaway", classes=["ff-takeaway"])
        super().__init__(children=[card, html_block(prev_next_html(self.course, lesson))])
        self.add_class("ff-finish")
        stamp = self.store.completed().get(lesson.id)
        self._show_done(stamp)

    @property
    def takeaway(self) -> str:
        """The takeaway as typed."""
        return self.answer.value

    def click(self) -> None:
        """Press the button, as the learner would."""
        self.button.click()

    def _toggle(self, _button: w.Button | None = None) -> None:
        if self.done:
            self.store.reopen(self.lesson.id)
            self._show_done(None)
            self.feedback.show("hint", "Marked as not done. Your takeaway is still saved.")
        elif not self.answer.value.strip():
            self.feedback.show("hint", EMPTY_HINT)
            return
        elif len(self.answer.value) > MAX_TEXT:
            self.feedback.show("hint", self.binding.blocked_message)
            return
        else:
            self.saver.flush()
            self._show_done(self.store.complete(self.lesson.id))
            following = self.course.next(self.lesson)
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
