"""Lesson 3, "Write the reply": the recovery-message workshop on screen.

The learner writes the reply to the broken-necklace customer; as they type,
the draft is saved and read against the checklist in ``recovery.yaml`` (see
:mod:`widgets.rules.recovery`): each point ✓ or ○ with a sentence saying why,
and a preview with blame and excuse phrases highlighted and numbered notes.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.exercises.answers import MAX_TEXT, BoundAnswer
from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, SaveStatus, esc, html_block, secondary_button
from widgets.rules.recovery import LESSON, RecoveryRules, Review, load_rules, recovery_rules, review, rules_file
from widgets.store.autosave import Autosaver, default_autosaver

__all__ = ["KEY", "LESSON", "RecoveryWorkshop", "load_rules", "rules_file"]

KEY = "recovery-message"
NOT_EMPTY = ("Your reply already has words in it, so I've left it alone: the skeleton only goes into an empty "
             "box. Clear the box first if you'd like to start again from the outline.")
PAUSED = ("The checklist is paused while your reply is too long to keep; what you see is for your last "
          "saved version.")
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _count(n: int, noun: str) -> str:
    return f"{_word(n)} {noun}{'' if n == 1 else 's'}"


def _lines(text: str) -> str:
    """Escaped text with line breaks kept."""
    return esc(text).replace("\n", "<br>")


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


def summary_html(result: Review, rules: RecoveryRules, *, paused: bool = False) -> str:
    """The summary line, announced to screen readers when it changes (not on every keystroke)."""
    icon = "<span aria-hidden='true'>✓ </span>" if result.clean and not paused else ""
    return (f"<p class='ff-check-summary' role='status' aria-live='polite'>{icon}"
            f"{esc(summary_text(result, rules, paused=paused))}</p>")


def checklist_html(result: Review) -> str:
    """Each point with ✓ or ○, its label, and what was (or wasn't) found; empty before any writing."""
    if result.empty:
        return ""
    rows = []
    for finding in result.findings:
        done = finding.done
        icon = (f"<span class='ff-check-icon' role='img' aria-label='{'there' if done else 'not yet'}'>"
                f"{'✓' if done else '○'}</span>")
        evidence = ""
        if finding.evidence:
            quoted = " … ".join(f"“{esc(e)}”" for e in finding.evidence)
            evidence = f" <span class='ff-check-evidence'>I found: {quoted}.</span>"
        notes = ""
        if finding.notes:
            refs = ", ".join(str(n) for n in finding.notes)
            word = "notes" if len(finding.notes) > 1 else "note"
            notes = f" <span class='ff-check-notes'>See {word} {refs} below.</span>"
        rows.append(f"<li class='ff-check-item ff-check-{'done' if done else 'todo'}'>{icon} "
                    f"<strong class='ff-check-label'>{esc(finding.label)}</strong> "
                    f"<span class='ff-check-text'>{esc(finding.message)}{evidence}{notes}</span></li>")
    return f"<ul class='ff-checklist' aria-label='Checklist for your reply'>{''.join(rows)}</ul>"


def preview_html(text: str, result: Review) -> str:
    """The message, escaped, with flagged phrases marked and numbered notes; empty when nothing is flagged."""
    if not result.marks:
        return ""
    reasons = {note.number: note.reason for note in result.notes}
    parts: list[str] = []
    at = 0
    for mark in result.marks:
        title = " ".join(f"{n}. {reasons[n]}" for n in mark.notes)
        refs = ",".join(str(n) for n in mark.notes)
        parts.append(_lines(text[at:mark.start]))
        parts.append(f"<mark class='ff-mark' title='{esc(title)}'>{_lines(text[mark.start:mark.end])}</mark>"
                     f"<sup class='ff-mark-ref'>{refs}</sup>")
        at = mark.end
    parts.append(_lines(text[at:]))
    labels = {f.id: f.label for f in result.findings}
    notes = "".join(
        f"<li class='ff-mark-note' value='{note.number}'><strong>{esc(note.label)}</strong> "
        f"({', '.join(f'“{esc(q)}”' for q in note.quotes)}): {esc(note.reason)} "
        f"<span class='ff-muted'>Works against: {esc(labels.get(note.check, note.check))}.</span></li>"
        for note in result.notes)
    return ("<div><h4 class='ff-step-heading'>Phrases to look at again</h4>"
            "<p class='ff-muted'>I've highlighted phrases that may work against you. Hover over one for the "
            "reason, or read the numbered notes under your reply.</p>"
            f"<div class='ff-preview' role='group' aria-label='Your reply, with phrases highlighted'>"
            f"{''.join(parts)}</div><ol class='ff-mark-notes'>{notes}</ol></div>")


class RecoveryWorkshop(Card):
    """Write the reply to the broken-necklace customer, with a live checklist and highlighted phrases."""

    def __init__(self, *, rules: RecoveryRules | None = None, saver: Autosaver | None = None) -> None:
        self.rules = rules or recovery_rules()
        self.saver = saver or default_autosaver()
        self.message = w.Textarea(description="Your reply to the customer", placeholder=self.rules.placeholder,
                                  rows=12, continuous_update=True)
        self.message.add_class("ff-question")
        self.message.add_class("ff-recovery-input")
        self.status = SaveStatus()
        self.feedback = Feedback()
        self.skeleton_button = secondary_button("Start from a skeleton",
                                                tooltip="Put an outline to fill in into the empty box")
        self.skeleton_button.on_click(guarded(lambda _b: self.start_from_skeleton(), self.feedback))
        self.summary = html_block("", "ff-check-summary-wrap")
        self.checklist = html_block("", "ff-checklist-wrap")
        self.preview = html_block("", "ff-preview-wrap")
        self._text = ""
        self._review = review("", self.rules)
        super().__init__(
            [self.message, self.skeleton_button, self.status, self.feedback, self.summary, self.checklist,
             self.preview],
            title=self.rules.title, intro=self.rules.intro, classes=("ff-recovery",),
        )
        self.binding = BoundAnswer(self.message, lesson=LESSON, key=KEY, saver=self.saver, status=self.status,
                                   feedback=self.feedback, on_saved_value=guarded(self._show, self.feedback))
        self.message.observe(guarded(self._maybe_paused, self.feedback), names="value")
        accepted, problem = self.binding.check(self.message.value)
        self._show("" if problem else accepted)

    # ---- events ----------------------------------------------------------------------------

    def _show(self, text: Any) -> None:
        """Review the text that was just accepted (and saved) and show the result."""
        self._text = "" if text is None else str(text)
        if self.feedback.message == NOT_EMPTY:  # they have moved on from the skeleton
            self.feedback.clear()
        self._review = review(self._text, self.rules)
        self.summary.value = summary_html(self._review, self.rules)
        self.checklist.value = checklist_html(self._review)
        self.checklist.layout.display = "none" if self._review.empty else ""
        self.preview.value = preview_html(self._text, self._review)
        self.preview.layout.display = "" if self._review.marks else "none"

    def _maybe_paused(self, change: dict[str, Any]) -> None:
        """A paste too long to keep isn't reviewed: say the checklist shows the last saved version."""
        if len(str(change["new"] or "")) > MAX_TEXT:
            self.summary.value = summary_html(self._review, self.rules, paused=True)

    # ---- what a learner can do, callable from Python ------------------------------------------

    def start_from_skeleton(self) -> bool:
        """Fill an empty box with the outline; a box with words in it is left alone (and the learner told)."""
        if self.message.value.strip():
            self.feedback.show("hint", NOT_EMPTY)
            return False
        self.feedback.clear()
        self.message.value = self.rules.skeleton
        return True

    @property
    def text(self) -> str:
        """The reply as last accepted (what is saved)."""
        return self._text

    @property
    def review(self) -> Review:
        """The checklist for the saved reply, as plain data (``.to_data()`` for JSON)."""
        return self._review
