"""The playbook as data, compiled from what the learner saved, and its renderings.

The playbook is built once as plain data (sections of blocks); the page, the
Markdown file and the printable HTML page are three renderings of it, so they
always say the same thing. Which lessons it shows, and which of their parts,
comes from the course outline's ``playbook`` field (``assets/content/course.yaml``).
Answers are read through a ``load(lesson, key)`` function, so this is tested
without a store.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from widgets.core import keys
from widgets.core.course import Course, lesson_label
from widgets.core.markup import Markup, course_file, html, join, paragraphs
from widgets.core.text import hours_text
from widgets.rules.debrief import FIELDS as DEBRIEF_FIELDS
from widgets.rules.debrief import debrief_content, restore_record
from widgets.rules.inversion import Board, commitments
from widgets.rules.policy import Policy, policy_content, policy_summary
from widgets.rules.solo import debrief_for, works_alone

Load = Callable[[str, str], Any]
"""Reads one saved answer: ``load(lesson, key)``, None when there is none."""


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


def commitment_blocks(load: Load) -> list[Block]:
    """The ranked inversion commitments."""
    chosen = commitments(Board.from_data(load(keys.BOARD.lesson, keys.BOARD.key)))
    if not chosen:
        return []
    items = tuple((c["inverse"] + (f" — measured by {c['measure']}" if c["measure"].strip() else ""),
                   f"{c['stage']} · instead of: {c['failure']}") for c in chosen)
    return [Items("Your inversion commitments, ranked:", items, ordered=True)]


def _share(value: object) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) and not isinstance(value, bool) else "?"


def response_time_blocks(load: Load) -> list[Block]:
    """The promise, the reply policy, and what the inbox and the simulator said."""
    promise = load(keys.PROMISE.lesson, keys.PROMISE.key)
    if not isinstance(promise, int | float) or isinstance(promise, bool):
        return []
    promise_text = hours_text(promise)
    blocks: list[Block] = [Para(f"Your response-time promise: a first reply within {promise_text}.")]
    summary = policy_summary(Policy.from_data(load(keys.POLICY.lesson, keys.POLICY.key)), policy_content(),
                             round(promise))
    pairs = tuple((p["opposite"], f"instead of: {p['failure']}") for p in summary["pairs"] if p["opposite"])
    if pairs:
        blocks.append(Items("Your reply policy:", pairs))
    inbox = load(keys.INBOX_SUMMARY.lesson, keys.INBOX_SUMMARY.key)
    if isinstance(inbox, dict) and inbox.get("promise_hours") == promise:
        where = "the sample inbox" if inbox.get("source") == "sample" else f"“{inbox.get('name', 'your file')}”"
        tickets = inbox.get("tickets") if isinstance(inbox.get("tickets"), int) else 0
        blocks.append(Para(f"In {where}, {_share(inbox.get('within_promise'))} of {tickets:,} messages were "
                           f"answered within {promise_text}."))
    sim = load(keys.SIMULATOR_SUMMARY.lesson, keys.SIMULATOR_SUMMARY.key)
    if isinstance(sim, dict) and sim.get("promise_hours") == promise:
        given = sim.get("settings")
        settings: dict[str, Any] = given if isinstance(given, dict) else {}
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


def recovery_blocks(load: Load) -> list[Block]:
    """The learner's recovery message, as their template."""
    draft = load(keys.RECOVERY.lesson, keys.RECOVERY.key)
    if not isinstance(draft, str) or not draft.strip():
        return []
    return [Para("Your recovery-message template:"), Quote(draft)]


def debrief_blocks(load: Load) -> list[Block]:
    """The team debrief, once any of it is filled in."""
    record = restore_record(load(keys.DEBRIEF.lesson, keys.DEBRIEF.key))
    if not any(record.values()):
        return []
    alone = works_alone(load(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key))
    labels = (debrief_for(alone) or debrief_content()).fields  # "What will you change?" for one who works alone
    return [Fields("After-action review", tuple((labels[name].label, record[name] or "Not filled in yet")
                                                for name in DEBRIEF_FIELDS))]


def starting_point_blocks(load: Load) -> list[Block]:
    """Where the learner started: the self-check at the start and at the end, and the story of a business that
    let them down, with what they would now have it do."""
    from widgets.core.content import ContentError
    from widgets.rules.reflection import answers, filled, lesson_reflections
    from widgets.rules.self_check import compare, ratings, scale_line, self_check_content

    blocks: list[Block] = []
    try:
        content = self_check_content()
    except ContentError:
        content = None
    if content is not None:
        before = ratings(load(keys.WELCOME, keys.SELF_CHECK.key), content)
        after = ratings(load(keys.PLAYBOOK, keys.SELF_CHECK.key), content)
        rated = [change for change in compare(content, before, after) if change.before or change.after]
        if rated:
            blocks.append(Items("Your habits, where you started and where you are now:",
                                tuple((change.statement.text, scale_line(change)) for change in rated)))
    pairs: list[tuple[str, str]] = []
    title = ""
    for lesson, reflection_id in ((keys.WELCOME, "let-down"), (keys.PLAYBOOK, "looking-back")):
        try:
            reflection = lesson_reflections(lesson).get(reflection_id)
        except ContentError:
            reflection = None
        if reflection is None:
            continue
        title = title or reflection.title
        pairs.extend(filled(reflection, answers(load(lesson, keys.REFLECTION.item(reflection_id)), reflection)))
    if pairs:
        blocks.append(Fields(title, tuple(pairs)))
    return blocks


PARTS: Mapping[str, Callable[[Load], list[Block]]] = {
    "commitments": commitment_blocks, "promise": response_time_blocks, "recovery-message": recovery_blocks,
    "debrief": debrief_blocks, "starting-point": starting_point_blocks,
}
"""What the ``parts`` of a playbook section in ``course.yaml`` may name (``core.course.PLAYBOOK_PARTS``)."""


def build_playbook(load: Load, the_course: Course) -> Playbook:
    """Each listed lesson's saved work and takeaway; what is missing links back to its lesson."""
    name = load(keys.NAME.lesson, keys.NAME.key)
    sections = []
    for part in the_course.playbook:
        lesson = the_course.lesson(part.lesson)
        blocks = [block for name_ in part.parts for block in PARTS[name_](load)]
        takeaway = load(lesson.id, keys.TAKEAWAY.key)
        if isinstance(takeaway, str) and takeaway.strip():
            blocks.append(Quote(takeaway))
        else:
            blocks.append(Missing("Takeaway not written yet —", f"go to {lesson_label(lesson)}", lesson.notebook))
        sections.append(Section(lesson_label(lesson), lesson.takeaway, tuple(blocks)))
    return Playbook(name.strip() if isinstance(name, str) else "", tuple(sections))


# ---- renderings --------------------------------------------------------------------------------

def _block_html(block: Block, *, links: bool = True) -> Markup:
    if isinstance(block, Para):
        return html("<p class='ff-playbook-question'>{}</p>", block.text)
    if isinstance(block, Quote):
        return html("<blockquote class='ff-playbook-quote'>{}</blockquote>", paragraphs(block.text))
    if isinstance(block, Items):
        items = join(html("<li><strong>{}</strong>{}</li>", main,
                          html("<br><span class='ff-rank-stage'>{}</span>", sub) if sub else "")
                     for main, sub in block.items)
        listing = (html("<ol class='ff-commitments'>{}</ol>", items) if block.ordered
                   else html("<ul class='ff-commitments'>{}</ul>", items))
        return html("<p class='ff-playbook-question'>{}</p>{}", block.intro, listing)
    if isinstance(block, Fields):
        rows = join(html("<dt>{}</dt><dd>{}</dd>", label, paragraphs(value)) for label, value in block.pairs)
        return html("<section class='ff-debrief-summary-card'><h4 class='ff-debrief-summary-title'>{}</h4>"
                    "<dl class='ff-debrief-list'>{}</dl></section>", block.title, rows)
    if not links:  # a downloaded page has no lessons next to it to link to
        return html("<p class='ff-playbook-missing'>{} {}.</p>", block.text, block.label)
    return html("<p class='ff-playbook-missing'>{} <a href='{}'>{}</a>.</p>", block.text, block.href, block.label)


def render_html(book: Playbook, *, links: bool = True) -> Markup:
    """The playbook as HTML (learner text escaped), for the page and (without links) the printable file."""
    sections = join(html("<section class='ff-playbook-section'><h4>{}</h4>"
                         "<p class='ff-playbook-question'><em>{}</em></p>{}</section>", s.heading, s.question,
                         join(_block_html(b, links=links) for b in s.blocks))
                    for s in book.sections)
    return html("<div class='ff-playbook'><h3 class='ff-playbook-owner'>{}</h3>{}</div>", book.title, sections)


def playbook_html(load: Load, the_course: Course) -> Markup:
    """The playbook page as it stands."""
    return render_html(build_playbook(load, the_course))


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


PRINT_CSS = Markup("""
@page { margin: 18mm 16mm; }
body { max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
.ff-playbook-section { break-inside: avoid-page; }
.ff-download-hint { color: #4a5861; font-size: 0.9rem; }
@media print { .ff-download-hint { display: none; } body { margin: 0 auto; } a { color: inherit; } }
""")


def render_printable(book: Playbook, stylesheet: Path) -> str:
    """A standalone page (course styles inlined) to open in a browser and print or save as PDF."""
    return html("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{}</title>"
                "<meta name='viewport' content='width=device-width, initial-scale=1'><style>{}{}</style></head>"
                "<body class='ff-page'><p class='ff-download-hint'>To keep this as a PDF, use your browser's Print "
                "command and choose “Save as PDF”.</p>{}</body></html>",
                book.title, course_file(stylesheet), PRINT_CSS, render_html(book, links=False))


def download_link(label: str, filename: str, mime: str, text: str) -> Markup:
    """An anchor that downloads ``text`` as a file, built in the page: nothing is stored on the server."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return html("<a class='ff-download' download='{}' href='data:{};charset=utf-8;base64,{}'>"
                "<span aria-hidden='true'>⬇</span> {}</a>", filename, mime, payload, label)


def file_stem(book: Playbook) -> str:
    """'maya-playbook' or 'my-playbook'."""
    who = "".join(c if c.isalnum() else "-" for c in book.owner.lower()).strip("-")[:30]
    return f"{who}-playbook" if who else "my-playbook"


def downloads_html(book: Playbook, stylesheet: Path) -> Markup:
    """The two download buttons."""
    stem = file_stem(book)
    return html("<div class='ff-downloads'>{}{}</div>",
                download_link("Download as Markdown", f"{stem}.md", "text/markdown", render_markdown(book)),
                download_link("Download a printable page", f"{stem}.html", "text/html",
                              render_printable(book, stylesheet)))
