"""A "Go deeper" card: an optional part of a lesson, collapsed until the learner opens it.

Closed, it shows what it is and how long it takes ("Go deeper · optional · about 10 minutes"), its title and a
one-line summary. Opened, it shows its intro and builds its exercise, only then, so the page opens lighter.
It opens by itself when the learner already has work saved in it. Its exercise saves, restores and feeds the
playbook as it does anywhere else; nothing here is needed for the lesson to count as done.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.core.markup import html
from widgets.look.ui import close_all, html_block, secondary_button
from widgets.rules.deeper import Part
from widgets.rules.solo import prose_html
from widgets.store.progress import ProgressStore, default_store

OPEN, CLOSE = "Open this part", "Close this part"


def kicker_text(minutes: int, started: bool) -> str:
    """The line above the title."""
    return f"Go deeper · optional · about {minutes} minute{'s' if minutes != 1 else ''}" + (
        " · you've started it" if started else "")


class GoDeeper(w.VBox):
    """One optional part: a heading, a summary and a button; opened, the intro and the exercise (built on first
    opening by ``build``)."""

    def __init__(self, part: Part, build: Callable[[], w.Widget], *, minutes: int,
                 store: ProgressStore | None = None) -> None:
        self.part = part
        self._build = build
        self.exercise: w.Widget | None = None
        store = store or default_store()
        lessons = {lesson for lesson, _, _ in part.saved_keys()}
        self.started = part.has_saved_work({lesson: store.answers(lesson) for lesson in lessons})
        self.head = html_block(html(
            "<p class='ff-deeper-kicker'>{}</p><h3 class='ff-card-title ff-deeper-title'>{}</h3>"
            "<p class='ff-deeper-summary'>{}</p>", kicker_text(minutes, self.started), part.title, part.summary))
        self.button = secondary_button(OPEN, tooltip=f"{OPEN}: {part.title}", on_click=lambda _b: self.toggle())
        self.button.add_class("ff-deeper-toggle")
        self.body = w.VBox([html_block(html("<div class='ff-card-intro ff-deeper-intro'>{}</div>",
                                            prose_html(part.intro)))])
        self.body.add_class("ff-deeper-body")
        self.body.layout.display = "none"
        super().__init__([self.head, self.button, self.body])
        self.add_class("ff-card")
        self.add_class("ff-deeper")
        self.add_class("ff-deeper-closed")
        if self.started:
            self.open_part()

    @property
    def is_open(self) -> bool:
        return self.body.layout.display != "none"

    def open_part(self) -> None:
        """Show the part, building its exercise the first time."""
        if self.exercise is None:
            self.exercise = self._build()
            self.body.children = [*self.body.children, self.exercise]
        self.body.layout.display = None
        self.button.description = CLOSE
        self.button.tooltip = f"{CLOSE}: {self.part.title}"
        self.remove_class("ff-deeper-closed")
        self.add_class("ff-deeper-open")

    def close_part(self) -> None:
        """Hide the part again (its exercise stays as it is, and saved)."""
        self.body.layout.display = "none"
        self.button.description = OPEN
        self.button.tooltip = f"{OPEN}: {self.part.title}"
        self.remove_class("ff-deeper-open")
        self.add_class("ff-deeper-closed")

    def toggle(self) -> None:
        """What the button does."""
        if self.is_open:
            self.close_part()
        else:
            self.open_part()

    def close(self) -> None:
        """Close the exercise inside (releasing what it listens to), then this."""
        close_all(self.children)
        super().close()
