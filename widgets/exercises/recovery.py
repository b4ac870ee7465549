"""Lesson 3, "Write the reply": the recovery-message workshop on screen.

The learner writes the reply to the broken-necklace customer; as they type,
the draft is saved and read against the checklist in ``recovery.yaml`` (see
:mod:`widgets.rules.recovery`): each point ✓ or ○ with a sentence saying why,
and a preview with blame and excuse phrases highlighted and numbered notes.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import EMPTY, Markup, esc, html, join
from widgets.core.text import MAX_TEXT
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import html_block, secondary_button
from widgets.rules.recovery import RecoveryRules, Review, recovery_rules, review
from widgets.store.autosave import Autosaver

NOT_EMPTY = ("Your reply already has words in it, so I've left it alone: the skeleton only goes into an empty "
             "box. Clear the box first if you'd like to start again from the outline.")
PAUSED = ("The checklist is paused while your reply is too long to keep; what you see is for your last "
          "saved version.")
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _count(n: int, noun: str) -> str:
    return f"{_word(n)} {noun}{'' if n == 1 else 's'}"


def _lines(text: str) -> Markup:
    """Escaped text with line breaks kept."""
    return join((esc(line) for line in text.split("\n")), "<br>")


def summary_text(result: Review, rules: RecoveryRules, *, paused: bool = False) -> str:
    """The one line above the checklist: how many points are there, as far as the checker can tell."""
    if paused:
        return PAUSED
    if result.empty:
        return rules.empty
    if result.clean:
        return rules.all_found
    if result.complete:
        line = f"All {_word(result.total)} points are there, as far as I can tell."
    elif result.done == 0:
        line = f"I don't see any of the {_word(result.total)} points yet, as far as I can tell."
    else:
        verb = "is" if result.done == 1 else "are"
        line = f"{result.done} of the {result.total} points {verb} there, as far as I can tell."
    if result.marks:
        phrases = "phrases" if len(result.marks) > 1 else "phrase"
        notes = "notes" if len(result.notes) > 1 else "note"
        line += f" Have a look at the highlighted {phrases} and the {notes} below."
    if result.placeholders:
        part = _count(result.placeholders, "part")
        line += f" {part[0].upper()}{part[1:]} in [square brackets] still to fill in."
    return line


def summary_html(result: Review, rules: RecoveryRules, *, paused: bool = False) -> Markup:
    """The summary line, announced to screen readers when it changes (not on every keystroke)."""
    icon = Markup("<span aria-hidden='true'>✓ </span>") if result.clean and not paused else ""
    return html("<p class='ff-check-summary' role='status' aria-live='polite'>{}{}</p>", icon,
                summary_text(result, rules, paused=paused))


def checklist_html(result: Review) -> Markup:
    """Each point with ✓ or ○, its label, and what was (or wasn't) found; empty before any writing."""
    if result.empty:
        return EMPTY
    rows = []
    for finding in result.findings:
        done = finding.done
        icon = html("<span class='ff-check-icon' role='img' aria-label='{}'>{}</span>",
                    "there" if done else "not yet", "✓" if done else "○")
        evidence: Markup | str = ""
        if finding.evidence:
            quoted = " … ".join(f"“{e}”" for e in finding.evidence)
            evidence = html(" <span class='ff-check-evidence'>I found: {}.</span>", quoted)
        notes: Markup | str = ""
        if finding.notes:
            refs = ", ".join(str(n) for n in finding.notes)
            word = "notes" if len(finding.notes) > 1 else "note"
            notes = html(" <span class='ff-check-notes'>See {} {} below.</span>", word, refs)
        rows.append(html("<li class='ff-check-item ff-check-{}'>{} <strong class='ff-check-label'>{}</strong> "
                         "<span class='ff-check-text'>{}{}{}</span></li>", "done" if done else "todo", icon,
                         finding.label, finding.message, evidence, notes))
    return html("<ul class='ff-checklist' aria-label='Checklist for your reply'>{}</ul>", join(rows))


def preview_html(text: str, result: Review) -> Markup:
    """The message, escaped, with flagged phrases marked and numbered notes; empty when nothing is flagged."""
    if not result.marks:
        return EMPTY
    reasons = {note.number: note.reason for note in result.notes}
    parts: list[Markup] = []
    at = 0
    for mark in result.marks:
        title = " ".join(f"{n}. {reasons[n]}" for n in mark.notes)
        refs = ",".join(str(n) for n in mark.notes)
        parts.append(_lines(text[at:mark.start]))
        parts.append(html("<mark class='ff-mark' title='{}'>{}</mark><sup class='ff-mark-ref'>{}</sup>", title,
                          _lines(text[mark.start:mark.end]), refs))
        at = mark.end
    parts.append(_lines(text[at:]))
    labels = {f.id: f.label for f in result.findings}
    notes = join(html("<li class='ff-mark-note' value='{}'><strong>{}</strong> ({}): {} "
                      "<span class='ff-muted'>Works against: {}.</span></li>", note.number, note.label,
                      ", ".join(f"“{q}”" for q in note.quotes), note.reason,
                      "; ".join(labels.get(check, check) for check in (note.checks or (note.check,))))
                 for note in result.notes)
    return html("<div><h4 class='ff-step-heading'>Phrases to look at again</h4>"
                "<p class='ff-muted'>I've highlighted phrases that may work against you. Hover over one for the "
                "reason, or read the numbered notes under your reply.</p>"
                "<div class='ff-preview' role='group' aria-label='Your reply, with phrases highlighted'>{}</div>"
                "<ol class='ff-mark-notes'>{}</ol></div>", join(parts), notes)


class RecoveryWorkshop(Exercise):
    """Write the reply to the broken-necklace customer, with a live checklist and highlighted phrases.
    Its value is the reply, as typed."""

    def __init__(self, *, rules: RecoveryRules | None = None, saver: Autosaver | None = None) -> None:
        self.rules = rules or recovery_rules()
        self._review = review("", self.rules)
        super().__init__(lesson=keys.RECOVERY.lesson, key=keys.RECOVERY.key, saver=saver, title=self.rules.title,
                         intro=self.rules.intro, classes=("ff-recovery",))

    def build(self) -> list[w.Widget]:
        self.message = w.Textarea(description="Your reply to the customer", placeholder=self.rules.placeholder,
                                  rows=12, continuous_update=True)
        self.message.add_class("ff-question")
        self.message.add_class("ff-recovery-input")
        self.message.observe(guarded(self._typed, self.feedback), names="value")
        self.skeleton_button = secondary_button("Start from a skeleton",
                                                tooltip="Put an outline to fill in into the empty box")
        self.skeleton_button.on_click(guarded(lambda _b: self.start_from_skeleton(), self.feedback))
        self.summary_view = html_block(EMPTY, "ff-check-summary-wrap")
        self.checklist = html_block(EMPTY, "ff-checklist-wrap", own_layout=True)
        self.preview = html_block(EMPTY, "ff-preview-wrap", own_layout=True)
        return [self.message, self.skeleton_button, self.status, self.feedback, self.summary_view, self.checklist,
                self.preview]

    def restore(self, value: Any) -> None:
        text = value if isinstance(value, str) and len(value) <= MAX_TEXT else ""
        self.message.value = text
        self._show(text)

    # ---- events ----------------------------------------------------------------------------

    def _typed(self, change: dict[str, Any]) -> None:
        text = str(change["new"] or "")
        if self.text_problem(text):  # too long to keep: not reviewed, and the checklist says it is paused
            self.summary_view.value = summary_html(self._review, self.rules, paused=True)
            return
        if self.feedback.kind == "hint" and self.feedback.message != NOT_EMPTY:
            self.feedback.clear()
        self._show(text)

    def _show(self, text: str) -> None:
        """Review the text just accepted and show the result; it is saved with it."""
        if self.feedback.message == NOT_EMPTY and text != self.value:  # they have moved on from the skeleton
            self.feedback.clear()
        self.value = text
        self._review = review(text, self.rules)
        self.summary_view.value = summary_html(self._review, self.rules)
        self.checklist.value = checklist_html(self._review)
        self.checklist.layout.display = "none" if self._review.empty else ""
        self.preview.value = preview_html(text, self._review)
        self.preview.layout.display = "" if self._review.marks else "none"

    # ---- what a learner can do, callable from Python ------------------------------------------

    def start_from_skeleton(self) -> bool:
        """Fill an empty box with the outline; a box with words in it is left alone (and the learner told)."""
        if self.message.value.strip():
            self.feedback.show("hint", NOT_EMPTY)
            return False
        self.feedback.clear()
        self.message.value = self.rules.skeleton
        return True

    def summary(self) -> dict[str, Any]:
        """The reply and which checklist points it has."""
        return {"text": self.value or "", "review": self._review.to_data()}

    @property
    def text(self) -> str:
        """The reply as last accepted (what is saved)."""
        return self.value or ""

    @property
    def review(self) -> Review:
        """The checklist for the saved reply, as plain data (``.to_data()`` for JSON)."""
        return self._review
