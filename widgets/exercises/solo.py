"""Working alone or with a team: the learner's choice, and what follows it.

:class:`TeamSizeChoice` asks (on the welcome page, and again where a lesson depends on it); its value is
``alone`` or ``team`` (``keys.TEAM_SIZE``). :class:`FollowsTeamSize` holds something built for one way of
working (a passage of text, the debrief, the takeaway) and builds it again when the choice changes on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.course import Course, Lesson
from widgets.core.markup import html
from widgets.exercises.base import Exercise
from widgets.exercises.takeaway import Finish, Takeaway
from widgets.look.ui import SharedLayout, close_all, html_block, shared
from widgets.rules.solo import ALONE, TEAM, Passage, prose_html, works_alone
from widgets.store.autosave import Autosaver, default_autosaver

LABELS = {ALONE: "I run my business alone", TEAM: "I work with a team"}
TITLE = "Alone, or with a team?"
INTRO = "Lessons 3 and 4 follow this choice. You can change it at any time, here or in lesson 4."
QUESTION = "How do you run your business?"
SAID = {
    ALONE: "Lessons 3 and 4 will speak to you as someone who runs the business alone: who plays the part of a "
           "team lead for you, and a debrief you can do on your own. You can change this at any time.",
    TEAM: "Lessons 3 and 4 will speak to you as someone who leads a team, however small. You can change this "
          "at any time.",
}


class TeamSizeChoice(Exercise):
    """'Do you work alone or with a team?' Its value is ``alone``, ``team``, or None before a choice."""

    def __init__(self, *, saver: Autosaver | None = None) -> None:
        super().__init__(lesson=keys.TEAM_SIZE.lesson, key=keys.TEAM_SIZE.key, saver=saver, title=TITLE,
                         intro=INTRO, classes=("ff-team-size",))

    def build(self) -> list[w.Widget]:
        self.options = w.RadioButtons(options=[(label, value) for value, label in LABELS.items()], value=None,
                                      description=QUESTION, _dom_classes=("ff-question", "ff-choices"))
        self.options.observe(self._picked, names="value")
        self.note = html_block()
        return [self.options, self.status, self.note]

    def restore(self, value: Any) -> None:
        self.options.value = value if value in LABELS else None
        self._show(self.options.value)

    def _picked(self, change: dict[str, Any]) -> None:
        self._show(change["new"])

    def _show(self, value: str | None) -> None:
        self.value = value
        self.note.value = html("<p class='ff-greeting' role='status'>{}</p>", SAID[value]) if value else html("")

    def pick(self, value: str) -> None:
        """Choose ``alone`` or ``team``, as the learner would."""
        self.options.value = value


class TeamSizeListener:
    """Calls ``changed(alone)`` when a new choice is saved on this page (the choice may be on the same page)."""

    def __init__(self, saver: Autosaver, changed: Callable[[bool], None]) -> None:
        self.saver = saver
        self.changed = changed
        self.alone = works_alone(saver.store.load(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key))
        saver.listen(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key, self._saved)

    def _saved(self, _stamp: str | None) -> None:
        alone = works_alone(self.saver.store.load(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key))
        if alone != self.alone:
            self.alone = alone
            self.saver.flush()  # whatever the old version still had to save is kept before the new one reads it
            self.changed(alone)

    def release(self) -> None:
        """Stop listening."""
        self.saver.unlisten(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key, self._saved)


class FollowsTeamSize(w.VBox):
    """What ``build(alone)`` gives for the learner's way of working, built again when the choice changes."""

    def __init__(self, build: Callable[[bool], w.Widget], *, saver: Autosaver | None = None) -> None:
        self._build = build
        self.listener = TeamSizeListener(saver or default_autosaver(), self._team_size_changed)
        self.shown = build(self.listener.alone)
        super().__init__([self.shown], layout=shared(SharedLayout), _dom_classes=("ff-follows-team-size",))

    @property
    def alone(self) -> bool:
        return self.listener.alone

    def _team_size_changed(self, alone: bool) -> None:
        old, self.shown = self.shown, self._build(alone)
        self.children = [self.shown]
        close_all([old])

    def close(self) -> None:
        """Stop following the choice; close what is shown, then this."""
        self.listener.release()
        close_all(self.children)
        super().close()


class FinishForYou(Finish):
    """The end of a lesson whose takeaway question has a version for someone who works alone."""

    def __init__(self, lesson: Lesson, *, alone_takeaway: str, the_course: Course | None = None,
                 saver: Autosaver | None = None) -> None:
        self.info, self.alone_takeaway = lesson, alone_takeaway
        self.listener = TeamSizeListener(saver or default_autosaver(), self._team_size_changed)
        super().__init__(self._lesson(self.listener.alone), the_course=the_course, saver=self.listener.saver)

    def _lesson(self, alone: bool) -> Lesson:
        return replace(self.info, takeaway=self.alone_takeaway) if alone else self.info

    def _team_size_changed(self, alone: bool) -> None:
        old, self.card = self.card, Takeaway(self._lesson(alone), the_course=self.course, saver=self.listener.saver)
        self.children = [self.card, *self.children[1:]]  # type: ignore[has-type]  # traitlets' children
        close_all([old])

    def close(self) -> None:
        """Stop following the choice, then close."""
        self.listener.release()
        super().close()


def passage_view(passage: Passage, alone: bool) -> w.HTML:
    """One version of a passage, as lesson text (hidden when that version is empty)."""
    text = passage.text(alone)
    view = html_block(html("<div class='ff-passage'>{}</div>", prose_html(text)) if text else html(""),
                      "ff-passage-wrap", f"ff-passage-{ALONE if alone else TEAM}", own_layout=not text)
    if not text:
        view.layout.display = "none"
    return view
