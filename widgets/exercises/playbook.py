"""Lesson 5: the playbook, compiled from what the learner saved, on the page and as downloads.

The playbook is built once as plain data (sections of blocks); the page, the
Markdown file and the printable HTML page are three renderings of it, so they
always say the same thing. Downloads are data links: nothing is written on the server.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ipywidgets as w

from widgets.core.course import Course, course
from widgets.exercises.debrief import FIELDS as DEBRIEF_FIELDS
from widgets.exercises.debrief import KEY as DEBRIEF_KEY
from widgets.exercises.debrief import LESSON as TEAM
from widgets.exercises.debrief import debrief_content, restore_record
from widgets.exercises.policy import KEY as POLICY_KEY
from widgets.exercises.policy import Policy, policy_content, policy_summary
from widgets.exercises.recovery import KEY as RECOVERY_KEY
from widgets.exercises.takeaway import KEY as TAKEAWAY
from widgets.exercises.welcome import KEY as NAME_KEY
from widgets.exercises.welcome import LESSON as WELCOME
from widgets.look.navigation import lesson_label
from widgets.look.safe import guarded
from widgets.look.ui import STYLESHEET, Card, Feedback, esc, html_block, paragraphs, secondary_button
from widgets.rules.inversion import Board, commitments
from widgets.store.progress import ProgressStore, default_store
from widgets.store.promise import KEY as PROMISE_KEY
from widgets.store.promise import LESSON as RESPONSE_TIME
from widgets.store.promise import hours_text

# ---- the playbook as data ----------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A sentence or two the course writes (not the learner's words)."""

    text: str


@dataclass(frozen=True)
class Quote:
    """The learner's own words, kept as typed."""

    text: str


@dataclass(frozen=True)
class Items:
    """A list: each item a main line and an optional smaller line under it."""

    intro: str
    items: tuple[tuple[str, str], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Fields:
    """Labelled answers, such as the debrief."""

    title: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Missing:
    """A part not done yet, with where to do it."""

    text: str
    label: str
    href: str


Block = Para | Quote | Items | Fields | Missing


@dataclass(frozen=True)
class Section:
    """One lesson's part of the playbook."""

    heading: str
    question: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Playbook:
    """Everything, ready to render."""

    owner: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"{self.owner}'s playbook" if self.owner else "Your playbook"


def commitment_blocks(store: ProgressStore) -> list[Block]:
    """The ranked inversion commitments."""
    chosen = commitments(Board.from_data(store.load("inversion", "board")))
    if not chosen:
        return []
    items = tuple((c["inverse"] + (f" — measured by {c['measure']}" if c["measure"].strip() else ""),
                   f"{c['stage']} · instead of: {c['failure']}") for c in chosen)
    return [Items("Your inversion commitments, ranked:", items, ordered=True)]


def _share(value: object) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) and not isinstance(value, bool) else "?"


def response_time_blocks(store: ProgressStore) -> list[Block]:
    """The promise, the reply policy, and what the inbox and the simulator said."""
    promise = store.load(RESPONSE_TIME, PROMISE_KEY)
    if not isinstance(promise, int | float) or isinstance(promise, bool):
        return []
    promise_text = hours_text(promise)
    blocks: list[Block] = [Para(f"Your response-time promise: a first reply within {promise_text}.")]
    summary = policy_summary(Policy.from_data(store.load(RESPONSE_TIME, POLICY_KEY)), policy_content(), promise)
    pairs = tuple((p["opposite"], f"instead of: {p['failure']}") for p in summary["pairs"] if p["opposite"])
    if pairs:
        blocks.append(Items("Your reply policy:", pairs))
    inbox = store.load(RESPONSE_TIME, "inbox-summary")
    if isinstance(inbox, dict) and inbox.get("promise_hours") == promise:
        where = "the sample inbox" if inbox.get("source") == "sample" else f"“{inbox.get('name', 'your file')}”"
        tickets = inbox.get("tickets") if isinstance(inbox.get("tickets"), int) else 0
        blocks.append(Para(f"In {where}, {_share(inbox.get('within_promise'))} of {tickets:,} messages were "
                           f"answered within {promise_text}."))
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
        blocks.append(Para(text))
    return blocks


def recovery_blocks(store: ProgressStore) -> list[Block]:
    """The learner's recovery message, as their template."""
    draft = store.load("owning-mistakes", RECOVERY_KEY)
    if not isinstance(draft, str) or not draft.strip():
        return []
    return [Para("Your recovery-message template:"), Quote(draft)]


def debrief_blocks(store: ProgressStore) -> list[Block]:
    """The team debrief, once any of it is filled in."""
    record = restore_record(store.load(TEAM, DEBRIEF_KEY))
    if not any(record.values()):
        return []
    labels = debrief_content().fields
    return [Fields("After-action review", tuple((labels[name].label, record[name] or "Not filled in yet")
                                                for name in DEBRIEF_FIELDS))]


EXTRAS: dict[str, Callable[[ProgressStore], list[Block]]] = {
    "inversion": commitment_blocks, RESPONSE_TIME: response_time_blocks, "owning-mistakes": recovery_blocks,
    TEAM: debrief_blocks,
}


def build_playbook(store: ProgressStore, the_course: Course) -> Playbook:
    """Each lesson's saved work and takeaway; what is missing links back to its lesson."""
    name = store.load(WELCOME, NAME_KEY)
    sections = []
    for lesson in the_course.lessons[1:-1]:
        blocks = list(EXTRAS[lesson.id](store)) if lesson.id in EXTRAS else []
        takeaway = store.load(lesson.id, TAKEAWAY)
        if isinstance(takeaway, str) and takeaway.strip():
            blocks.append(Quote(takeaway))
        else:
            blocks.append(Missing("Takeaway not written yet —", f"go to {lesson_label(lesson)}", lesson.notebook))
        sections.append(Section(lesson_label(lesson), lesson.takeaway, tuple(blocks)))
    return Playbook(name.strip() if isinstance(name, str) else "", tuple(sections))


# ---- renderings --------------------------------------------------------------------------------

def _block_html(block: Block, *, links: bool = True) -> str:
    if isinstance(block, Para):
        return f"<p class='ff-playbook-question'>{esc(block.text)}</p>"
    if isinstance(block, Quote):
        return f"<blockquote class='ff-playbook-quote'>{paragraphs(block.text)}</blockquote>"
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li><strong>{esc(main)}</strong>"
                        + (f"<br><span class='ff-rank-stage'>{esc(sub)}</span>" if sub else "") + "</li>"
                        for main, sub in block.items)
        return f"<p class='ff-playbook-question'>{esc(block.intro)}</p><{tag} class='ff-commitments'>{items}</{tag}>"
    if isinstance(block, Fields):
        rows = "".join(f"<dt>{esc(label)}</dt><dd>{paragraphs(value)}</dd>" for label, value in block.pairs)
        return (f"<section class='ff-debrief-summary-card'><h4 class='ff-debrief-summary-title'>{esc(block.title)}"
                f"</h4><dl class='ff-debrief-list'>{rows}</dl></section>")
    if not links:  # a downloaded page has no lessons next to it to link to
        return f"<p class='ff-playbook-missing'>{esc(block.text)} {esc(block.label)}.</p>"
    return (f"<p class='ff-playbook-missing'>{esc(block.text)} "
            f"<a href='{esc(block.href)}'>{esc(block.label)}</a>.</p>")


def render_html(book: Playbook, *, links: bool = True) -> str:
    """The playbook as HTML (learner text escaped), for the page and (without links) the printable file."""
    sections = "".join(f"<section class='ff-playbook-section'><h4>{esc(s.heading)}</h4>"
                       f"<p class='ff-playbook-question'><em>{esc(s.question)}</em></p>"
                       + "".join(_block_html(b, links=links) for b in s.blocks) + "</section>"
                       for s in book.sections)
    return f"<div class='ff-playbook'><h3 class='ff-playbook-owner'>{esc(book.title)}</h3>{sections}</div>"


def playbook_html(store: ProgressStore, the_course: Course) -> str:
    """The playbook page as it stands."""
    return render_html(build_playbook(store, the_course))


def _md_text(text: str) -> str:
    """Learner text inside Markdown: line starts that would turn into headings or lists are escaped."""
    lines = []
    for line in text.strip().splitlines():
        stripped = line.lstrip()
        if stripped[:1] in ("#", ">", "-", "+", "*", "=", "|") or stripped[:2].rstrip(".").isdigit():
            line = "\\" + stripped
        lines.append(line)
    return "\n".join(lines)


def _block_md(block: Block) -> str:
    if isinstance(block, Para):
        return block.text
    if isinstance(block, Quote):
        return "\n".join("> " + line if line else ">" for line in _md_text(block.text).splitlines())
    if isinstance(block, Items):
        items = [f"{n}. " if block.ordered else "- " for n in range(1, len(block.items) + 1)]
        lines = [f"{mark}**{_md_text(main)}**" + (f"  \n   {_md_text(sub)}" if sub else "")
                 for mark, (main, sub) in zip(items, block.items, strict=True)]
        return block.intro + "\n\n" + "\n".join(lines)
    if isinstance(block, Fields):
        return f"**{block.title}**\n\n" + "\n\n".join(f"*{label}*  \n{_md_text(value)}" for label, value in block.pairs)
    return f"*{block.text} {block.label}.*"


def render_markdown(book: Playbook) -> str:
    """The playbook as a Markdown document."""
    parts = [f"# {_md_text(book.title)}", "Made with Fail Forward."]
    for section in book.sections:
        parts.append(f"## {section.heading}\n\n*{section.question}*")
        parts.extend(_block_md(block) for block in section.blocks)
    return "\n\n".join(parts) + "\n"


PRINT_CSS = """
@page { margin: 18mm 16mm; }
body { max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
.ff-playbook-section { break-inside: avoid-page; }
.ff-download-hint { color: #4a5861; font-size: 0.9rem; }
@media print { .ff-download-hint { display: none; } body { margin: 0 auto; } a { color: inherit; } }
"""


def render_printable(book: Playbook) -> str:
    """A standalone page (course styles inlined) to open in a browser and print or save as PDF."""
    try:
        course_css = STYLESHEET.read_text(encoding="utf-8")
    except OSError:
        course_css = ""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{esc(book.title)}</title><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<style>{course_css}{PRINT_CSS}</style></head><body class='ff-page'>"
            "<p class='ff-download-hint'>To keep this as a PDF, use your browser's Print command and choose "
            "“Save as PDF”.</p>" + render_html(book, links=False) + "</body></html>")


def download_link(label: str, filename: str, mime: str, text: str) -> str:
    """An anchor that downloads ``text`` as a file, built in the page: nothing is stored on the server."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f"<a class='ff-download' download='{esc(filename)}' href='data:{mime};charset=utf-8;base64,{payload}'>"
            f"<span aria-hidden='true'>⬇</span> {esc(label)}</a>")


def file_stem(book: Playbook) -> str:
    """'maya-playbook' or 'my-playbook'."""
    who = "".join(c if c.isalnum() else "-" for c in book.owner.lower()).strip("-")[:30]
    return f"{who}-playbook" if who else "my-playbook"


def downloads_html(book: Playbook) -> str:
    """The two download buttons."""
    stem = file_stem(book)
    return ("<div class='ff-downloads'>"
            + download_link("Download as Markdown", f"{stem}.md", "text/markdown", render_markdown(book))
            + download_link("Download a printable page", f"{stem}.html", "text/html", render_printable(book))
            + "</div>")


class PlaybookPreview(Card):
    """The playbook, read when the lesson opens (and on "Refresh"), with its downloads."""

    def __init__(self, *, store: ProgressStore | None = None, the_course: Course | None = None) -> None:
        self.store = store or default_store()
        self.course = the_course or course()
        self.body = html_block("")
        self.downloads = html_block("", "ff-downloads-wrap")
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
        self.book = build_playbook(self.store, self.course)
        self.body.value = render_html(self.book)
        self.downloads.value = downloads_html(self.book)

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
        return render_printable(self.book)


__all__: Sequence[str] = ("PlaybookPreview", "build_playbook", "playbook_html", "render_markdown",
                          "render_printable")
