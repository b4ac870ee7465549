"""Two versions of what a lesson says: for someone who runs their business alone, and for someone with a team.

The learner says which on the welcome page (``keys.TEAM_SIZE``: ``alone`` or ``team``) and can change it in
the lessons that care. A lesson's ``assets/content/<lesson>/solo.yaml`` holds

- ``passages``: text with a ``team`` and an ``alone`` version (either may be left out: nothing is shown
  then), shown by ``ff.passage(lesson, passage)`` where the lesson's own text would otherwise assume a team;
- optionally a ``takeaway`` question for someone who works alone (in place of course.yaml's), and
- optionally, in lesson 4, ``debrief``: the title, intro and any field's label, prompt or example for the
  after-action review of someone who works alone (the rest comes from ``debrief.yaml``).

Passage text is plain text with a few Markdown habits: a blank line starts a paragraph, lines starting
``- `` or ``1. `` make a list, and ``**bold**`` is bold. Everything else is shown as written (escaped).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from widgets.core import keys
from widgets.core.content import (
    CONTENT_DIR,
    ContentError,
    Context,
    ListOf,
    Record,
    Text,
    compose_yaml,
    display_path,
    load,
    node_at,
    slug,
)
from widgets.core.markup import Markup, html, join
from widgets.rules.debrief import FIELDS, DebriefContent, debrief_review, load_debrief_content

SOLO_FILE = "solo.yaml"
ALONE, TEAM = "alone", "team"
CHOICES = (ALONE, TEAM)


def works_alone(value: Any) -> bool:
    """Whether a saved ``keys.TEAM_SIZE`` says the learner runs the business alone (unset: with a team)."""
    return bool(value == ALONE)


def _a_version(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    if not item.get(TEAM) and not item.get(ALONE):
        ctx.add(node, where, "needs a 'team' or an 'alone' version (or both)")


PASSAGE_SPEC = Record({"id": slug(60)}, optional={TEAM: Text(max_length=3000), ALONE: Text(max_length=3000)},
                      rule=_a_version)
FIELD_CHANGE_SPEC = Record({}, optional={"label": Text(max_length=80), "prompt": Text(max_length=300),
                                         "example": Text(max_length=400)})
DEBRIEF_CHANGE_SPEC = Record({}, optional={"title": Text(max_length=80), "intro": Text(max_length=800),
                                           "fields": Record({}, optional={name: FIELD_CHANGE_SPEC
                                                                          for name in FIELDS})})
SOLO_SPEC = Record({"passages": ListOf(PASSAGE_SPEC, min_items=0, unique_by="id")},
                   optional={"takeaway": Text(max_length=300), "debrief": DEBRIEF_CHANGE_SPEC})


@dataclass(frozen=True)
class Passage:
    """Text with a version for each way of working ('' where there is none)."""

    id: str
    team: str
    alone: str

    def text(self, alone: bool) -> str:
        """The version for this learner."""
        return self.alone if alone else self.team


@dataclass(frozen=True)
class SoloContent:
    """A lesson's two versions."""

    lesson: str
    passages: dict[str, Passage]
    takeaway: str = ""
    debrief: DebriefContent | None = None


def solo_file(lesson: str, content_dir: Path = CONTENT_DIR) -> Path:
    """Where a lesson's two versions live."""
    return content_dir / lesson / SOLO_FILE


def _debrief_for_one(changes: dict[str, Any], path: Path) -> DebriefContent:
    base = load_debrief_content(path.parent.parent / keys.TEAM / "debrief.yaml")
    fields = dict(base.fields)
    for name, change in (changes.get("fields") or {}).items():
        fields[name] = replace(fields[name], **change)
    return DebriefContent(changes.get("title") or base.title, changes.get("intro") or base.intro, fields)


def load_solo(path: Path, *, debrief: bool = True) -> SoloContent:
    """Read and check a lesson's solo file; raises ContentError naming file, line and field. A debrief for one
    must still pass the debrief's own review with its examples, as debrief.yaml's do. With ``debrief=False``
    (a lesson showing its passages) the debrief for one is neither built nor reviewed: :func:`debrief_for`
    builds it when it is needed."""
    data = load(path, SOLO_SPEC)
    lesson = path.parent.name
    found = None
    if debrief and "debrief" in data:
        node = compose_yaml(path.read_text(encoding="utf-8"))
        assert node is not None  # load() above has read it
        ctx = Context(display_path(path))
        if lesson != keys.TEAM:
            ctx.add(node_at(node, "debrief"), "debrief", f"only lesson {keys.TEAM!r} has a debrief")
        else:
            try:
                found = _debrief_for_one(data["debrief"], path)
            except ContentError:
                found = None  # reported once, with debrief.yaml's own problems
            if found is not None:
                examples = {name: found.fields[name].example for name in FIELDS}
                for note in debrief_review(examples):
                    if note.kind == "hint":
                        ctx.add(node_at(node, "debrief", "fields", note.field, "example"),
                                f"debrief.fields.{note.field}.example",
                                f"the example would get this hint: {note.message}")
        if ctx.problems:
            raise ContentError(ctx.problems)
    passages = {p["id"]: Passage(p["id"], p.get(TEAM) or "", p.get(ALONE) or "") for p in data["passages"]}
    return SoloContent(lesson, passages, data.get("takeaway") or "", found)


@functools.cache
def solo_content(lesson: str) -> SoloContent:
    """A lesson's two versions (none when it has no solo file), read once per kernel; its debrief for one is
    left to :func:`debrief_for` (the passages are on a lesson's first screen, the debrief isn't)."""
    path = solo_file(lesson)
    if not path.exists():
        return SoloContent(lesson, {})
    return load_solo(path, debrief=False)


@functools.cache
def _debrief_alone() -> DebriefContent | None:
    path = solo_file(keys.TEAM)
    return load_solo(path).debrief if path.exists() else None


def passage(lesson: str, passage_id: str) -> Passage:
    """One passage; KeyError naming the known ones otherwise."""
    found = solo_content(lesson).passages
    if passage_id not in found:
        known = ", ".join(found) or f"none: the lesson has no {SOLO_FILE}"
        raise KeyError(f"no passage {passage_id!r} for lesson {lesson!r} (known: {known})")
    return found[passage_id]


def takeaway_for(lesson: str, alone: bool, default: str) -> str:
    """The lesson's takeaway question for this learner."""
    return (solo_content(lesson).takeaway or default) if alone else default


def debrief_for(alone: bool) -> DebriefContent | None:
    """The debrief's content for someone who works alone (None: the usual one)."""
    return _debrief_alone() if alone else None


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITEM = re.compile(r"^(?:- |\d+\. )")


def _inline(text: str) -> Markup:
    parts: list[object] = []
    last = 0
    for found in _BOLD.finditer(text):
        parts.append(text[last:found.start()])
        parts.append(html("<strong>{}</strong>", found.group(1)))
        last = found.end()
    parts.append(text[last:])
    return join(parts)


def _kind(line: str) -> str:
    return "ol" if re.match(r"\d+\. ", line) else "ul" if line.startswith("- ") else "p"


def prose_html(text: str) -> Markup:
    """Passage text as HTML: paragraphs (split at blank lines), lists and bold; everything else escaped."""
    blocks: list[Markup] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        runs: list[tuple[str, list[str]]] = []  # consecutive lines of one kind: a paragraph, or a list
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            if runs and runs[-1][0] == _kind(line):
                runs[-1][1].append(line)
            else:
                runs.append((_kind(line), [line]))
        blocks.extend(_block(kind, lines) for kind, lines in runs)
    return join(blocks)


def _block(kind: str, lines: list[str]) -> Markup:
    if kind == "p":
        return html("<p>{}</p>", _inline(" ".join(lines)))
    items = join(html("<li>{}</li>", _inline(_ITEM.sub("", line))) for line in lines)
    return html("<ol>{}</ol>", items) if kind == "ol" else html("<ul>{}</ul>", items)
