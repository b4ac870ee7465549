"""The after-action review in the version for the learner's way of working (alone or with a team)."""

from __future__ import annotations

from widgets.core.markup import html, paragraphs
from widgets.exercises.debrief import TeamDebrief
from widgets.exercises.solo import TeamSizeListener
from widgets.look.ui import close_all, html_block
from widgets.rules.debrief import debrief_content
from widgets.rules.solo import debrief_for
from widgets.store.autosave import Autosaver, default_autosaver


class DebriefForYou(TeamDebrief):
    """The debrief, in the version for the learner's way of working, and again when the choice changes."""

    def __init__(self, *, saver: Autosaver | None = None) -> None:
        self.listener = TeamSizeListener(saver or default_autosaver(), self._team_size_changed)
        super().__init__(content=debrief_for(self.listener.alone), saver=self.listener.saver)
        self.on_close(self.listener.release)

    def _team_size_changed(self, alone: bool) -> None:
        self.content = debrief_for(alone) or debrief_content()
        old = list(self.children)  # type: ignore[has-type]  # traitlets' children
        head = [html_block(html("<h3 class='ff-card-title'>{}</h3>", self.content.title)),
                html_block(html("<div class='ff-card-intro'>{}</div>", paragraphs(self.content.intro)))]
        body = self.build()
        self.children = [*head, *body]
        with self.restoring():
            self.restore(self.value)
        close_all([widget for widget in old if widget not in body])
