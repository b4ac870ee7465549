"""Lesson 05: a first look at the playbook, compiled from what the learner saved."""

from __future__ import annotations

import ipywidgets as w

from .course import Course, course
from .debrief import KEY as DEBRIEF_KEY
from .debrief import LESSON as TEAM
from .debrief import debrief_content, restore_record, summary_html
from .inversion_rules import Board, commitments
from .navigation import lesson_label
from .progress import ProgressStore, default_store
from .promise import KEY as PROMISE_KEY
from .promise import LESSON as RESPONSE_TIME
from .promise import hours_text
from .recovery import KEY as RECOVERY_KEY
from .response_policy import KEY as POLICY_KEY
from .response_policy import Policy, policy_content, policy_summary
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


def _share(value: object) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) and not isinstance(value, bool) else "?"


def response_time_html(store: ProgressStore) -> str:
    """The promise, the reply policy, and what the inbox and the simulator said; '' before any of it."""
    promise = store.load(RESPONSE_TIME, PROMISE_KEY)
    if not isinstance(promise, int | float) or isinstance(promise, bool):
        return ""
    promise_text = hours_text(promise)
    parts = [f"<p class='ff-playbook-question'>Your response-time promise: <strong>a first reply within "
             f"{esc(promise_text)}</strong>.</p>"]
    summary = policy_summary(Policy.from_data(store.load(RESPONSE_TIME, POLICY_KEY)), policy_content(), promise)
    pairs = [p for p in summary["pairs"] if p["opposite"]]
    if pairs:
        items = "".join(f"<li><strong>{esc(p['opposite'])}</strong><br><span class='ff-rank-stage'>instead of: "
                        f"{esc(p['failure'])}</span></li>" for p in pairs)
        parts.append(f"<ul class='ff-commitments'>{items}</ul>")
    inbox = store.load(RESPONSE_TIME, "inbox-summary")
    if isinstance(inbox, dict) and inbox.get("promise_hours") == promise:
        where = "the sample inbox" if inbox.get("source") == "sample" else f"“{inbox.get('name', 'your file')}”"
        tickets = inbox.get("tickets") if isinstance(inbox.get("tickets"), int) else 0
        parts.append(f"<p>In {esc(where)}, {_share(inbox.get('within_promise'))} of {tickets:,} messages were "
                     f"answered within {esc(promise_text)}.</p>")
    sim = store.load(RESPONSE_TIME, "simulator-summary")
    if isinstance(sim, dict) and sim.get("promise_hours") == promise:
        settings = sim.get("settings") if isinstance(sim.get("settings"), dict) else {}
        fixes = [str(label) for label in sim.get("changes_that_keep_it") or []][:3]
        verdict = "keeps the promise" if sim.get("kept") else "doesn't keep it yet"
        text = (f"Simulated with {settings.get('messages_per_week', '?')} messages a week and "
                f"{settings.get('hours_per_day', '?')} hours a day on replies: "
                f"{_share(sim.get('share_within_promise'))} answered in time, which {verdict}.")
        keepable = sim.get("keepable_hours")
        if not sim.get("kept") and fixes:
            text += f" What would keep it: {'; '.join(fixes)}."
        elif not sim.get("kept") and isinstance(keepable, int | float) and keepable < 24 * 365:
            text += f" The promise this schedule could keep: a reply within {hours_text(keepable)}."
        parts.append(f"<p>{esc(text)}</p>")
    return "".join(parts)


def recovery_html(store: ProgressStore) -> str:
    """The learner's recovery message, as their template; '' before they wrote one."""
    draft = store.load("owning-mistakes", RECOVERY_KEY)
    if not isinstance(draft, str) or not draft.strip():
        return ""
    return ("<p class='ff-playbook-question'>Your recovery-message template:</p>"
            f"<blockquote class='ff-playbook-quote'>{paragraphs(draft)}</blockquote>")


def debrief_html(store: ProgressStore) -> str:
    """The team debrief, once any of it is filled in."""
    record = restore_record(store.load(TEAM, DEBRIEF_KEY))
    if not any(record.values()):
        return ""
    return summary_html(record, debrief_content())


EXTRAS = {"inversion": commitments_html, RESPONSE_TIME: response_time_html, "owning-mistakes": recovery_html,
          TEAM: debrief_html}


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
        extra = EXTRAS[lesson.id](store) if lesson.id in EXTRAS else ""
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
