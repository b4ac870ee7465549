"""Lesson 4, the team debrief: an after-action review of one failure.

Six answers — what happened, the impact on the customer, which system or
operation was compromised, what changes, who owns it, by when — saved as one
record as the learner types. :func:`debrief_review` is a pure function giving
gentle, specific hints; labels, prompts and the example debrief are content
(``assets/content/team/debrief.yaml``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import Markup, html, join, paragraphs
from widgets.core.text import too_long_message
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Feedback, html_block, primary_button, secondary_button
from widgets.rules.debrief import (
    FIELDS,
    MAX_FIELD,
    SHORT_FIELDS,
    DebriefContent,
    DebriefNote,
    debrief_content,
    debrief_review,
    restore_record,
)
from widgets.store.autosave import Autosaver

MAX_HINTS_SHOWN = 3
SUMMARY_TITLE = "After-action review"


def summary_html(record: Mapping[str, str], content: DebriefContent) -> Markup:
    """The debrief as it stands, as a short document; learner text escaped."""
    items = []
    for name in FIELDS:
        text = str(record.get(name) or "").strip()
        answer = paragraphs(text) if text else Markup("<p class='ff-debrief-empty'>Not filled in yet</p>")
        items.append(html("<dt>{}</dt><dd>{}</dd>", content.fields[name].label, answer))
    return html("<section class='ff-debrief-summary-card' aria-label='{}'><h4 class='ff-debrief-summary-title'>{}"
                "</h4><dl class='ff-debrief-list'>{}</dl></section>", SUMMARY_TITLE, SUMMARY_TITLE, join(items))


class TeamDebrief(Exercise):
    """Lesson 4's after-action review: six answers, a check, and the review as it stands.
    Its value is the six answers by field name, as typed."""

    def __init__(self, *, content: DebriefContent | None = None, saver: Autosaver | None = None) -> None:
        self.content = content or debrief_content()
        self._record = restore_record(None)
        self._checked = False
        super().__init__(lesson=keys.DEBRIEF.lesson, key=keys.DEBRIEF.key, saver=saver, title=self.content.title,
                         intro=self.content.intro, classes=("ff-debrief",))

    def build(self) -> list[w.Widget]:
        self.boxes: dict[str, w.Text | w.Textarea] = {}
        self.field_feedback: dict[str, Feedback] = {}
        rows = [self._field_row(name) for name in FIELDS]
        self.check_button = primary_button("Check my debrief", on_click=guarded(lambda _b: self.check(),
                                                                                self.feedback))
        self.example_button = secondary_button("Fill in an example", tooltip="Fill an empty debrief with an example")
        self.example_button.on_click(guarded(lambda _b: self.fill_example(), self.feedback))
        buttons = w.HBox([self.check_button, self.example_button])
        buttons.add_class("ff-row-tools")
        self.summary_view = html_block(summary_html(self._record, self.content), "ff-debrief-summary")
        return [*rows, buttons, self.feedback, self.status, self.summary_view]

    def restore(self, value: Any) -> None:
        self._record = restore_record(value)
        for name in FIELDS:
            self.boxes[name].value = self._record[name]
        self.value = dict(self._record)
        self.summary_view.value = summary_html(self._record, self.content)

    def _field_row(self, name: str) -> w.VBox:
        field = self.content.fields[name]
        common = {"value": self._record[name], "description": field.label, "placeholder": f"e.g. {field.example}",
                  "continuous_update": True}
        box = w.Text(**common) if name in SHORT_FIELDS else w.Textarea(rows=2, **common)
        box.add_class("ff-question")
        box.add_class("ff-debrief-field")
        feedback = Feedback()
        box.observe(guarded(functools.partial(self._changed, name), feedback), names="value")
        self.boxes[name] = box
        self.field_feedback[name] = feedback
        prompt = html_block(html("<p class='ff-muted ff-debrief-prompt'>{}</p>", field.prompt))
        row = w.VBox([box, prompt, feedback])
        row.add_class("ff-debrief-row")
        return row

    def _changed(self, name: str, change: dict[str, Any]) -> None:
        text = str(change["new"])
        if len(text) > MAX_FIELD:
            self.field_feedback[name].show("hint", too_long_message(len(text), MAX_FIELD))
            self.status.state = "idle"
            return
        self.field_feedback[name].clear()
        self._record[name] = text
        self.value = dict(self._record)
        self.summary_view.value = summary_html(self._record, self.content)
        if self._checked:
            self._show_review(debrief_review(self._record))

    def _show_review(self, notes: list[DebriefNote]) -> None:
        hints = [note.message for note in notes if note.kind == "hint"]
        if not hints:
            self.feedback.show("success", notes[0].message)
            return
        message = " ".join(hints[:MAX_HINTS_SHOWN])
        if len(hints) > MAX_HINTS_SHOWN:
            more = len(hints) - MAX_HINTS_SHOWN
            message += f" (And {more} more thing{'s' if more != 1 else ''} after that.)"
        self.feedback.show("hint", message)

    # ---- what a learner can do, callable from Python -------------------------------------

    def check(self) -> list[DebriefNote]:
        """Show the review of the debrief as it stands; from now on it follows the learner's edits."""
        self._checked = True
        notes = debrief_review(self._record)
        self._show_review(notes)
        return notes

    def fill_example(self) -> None:
        """Fill an empty debrief with the example; never overwrite the learner's own answers."""
        if any(text.strip() for text in self._record.values()):
            self.feedback.show("hint", "The example only goes into an empty debrief, so your own answers stay "
                                       "exactly as they are. The grey text in an empty box shows that part of "
                                       "the example.")
            return
        for name in FIELDS:
            self.boxes[name].value = self.content.fields[name].example
        self.feedback.show("hint", "Here's an example debrief. Read it through, then replace each answer with "
                                   "one of your own failures.")

    def summary(self) -> dict[str, str]:
        """Every field, trimmed ('' when not filled in)."""
        return {name: self._record[name].strip() for name in FIELDS}

    @property
    def record(self) -> dict[str, str]:
        """Plain data for the playbook: every field, trimmed ('' when not filled in)."""
        return self.summary()
