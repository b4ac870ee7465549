"""Lesson 5: the playbook on the page, with its downloads (built in ``widgets.rules.playbook``)."""

from __future__ import annotations

import ipywidgets as w

from widgets.core.course import Course, course
from widgets.core.markup import EMPTY
from widgets.look.safe import guarded
from widgets.look.ui import STYLESHEET, Card, Feedback, html_block, secondary_button
from widgets.rules.playbook import build_playbook, downloads_html, render_html, render_markdown, render_printable
from widgets.store.progress import ProgressStore, default_store


class PlaybookPreview(Card):
    """The playbook, read when the lesson opens (and on "Refresh"), with its downloads."""

    def __init__(self, *, store: ProgressStore | None = None, the_course: Course | None = None) -> None:
        self.store = store or default_store()
        self.course = the_course or course()
        self.body = html_block()
        self.downloads = html_block(EMPTY, "ff-downloads-wrap")
        self.feedback = Feedback()
        self.refresh_button = secondary_button("Refresh", tooltip="Read your latest answers again",
                                               on_click=guarded(lambda _b: self.refresh(), self.feedback))
        tools = w.HBox([self.refresh_button])
        tools.add_class("ff-row-tools")
        super().__init__([self.downloads, self.body, tools, self.feedback], title="Your playbook",
                         classes=["ff-playbook-preview"])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the saved answers and rebuild the page and the downloads."""
        self.book = build_playbook(self.store.load, self.course)
        self.body.value = render_html(self.book)
        self.downloads.value = downloads_html(self.book, STYLESHEET)

    @property
    def view(self) -> w.HTML:
        """The HTML the learner sees."""
        return self.body

    @property
    def markdown(self) -> str:
        """The Markdown download's text."""
        return render_markdown(self.book)

    @property
    def printable(self) -> str:
        """The printable page's HTML."""
        return render_printable(self.book, STYLESHEET)
