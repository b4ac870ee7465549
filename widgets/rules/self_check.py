"""The self-check: the learner rates their own habits at the start of the course and again at the end.

The habits and the scale are content (``assets/content/welcome/self-check.yaml``). The welcome asks first
(saved under the welcome); the last lesson asks the same again (saved under the playbook) and shows each
habit's rating from the start beside it. Nothing here reads a learner's words: a rating is one of the scale's
labels, and what the course says back depends only on which were chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from widgets.core import keys
from widgets.core.content import (
    CONTENT_DIR,
    Context,
    ListOf,
    Record,
    Text,
    load,
    raise_at,
    slug,
)
from widgets.core.course import outline_beside
from widgets.core.text import plural

SELF_CHECK_FILE = "self-check.yaml"


def _scale_is_unique(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    scale = item.get("scale") or []
    if len(set(scale)) != len(scale):
        ctx.add(node, f"{where}.scale", "has the same label twice: each point of the scale needs its own")


STATEMENT_SPEC = Record({"id": slug(60), "lesson": slug(40), "text": Text(max_length=200),
                         "lowest": Text(max_length=400)})
SELF_CHECK_SPEC = Record({"scale": ListOf(Text(max_length=30), min_items=3),
                          "statements": ListOf(STATEMENT_SPEC, min_items=2, unique_by="id")},
                         rule=_scale_is_unique)


@dataclass(frozen=True)
class Statement:
    """One habit the learner rates."""

    id: str
    lesson: str
    """The lesson that works on it."""
    text: str
    lowest: str
    """What the welcome says when this is the habit the learner rated lowest."""


@dataclass(frozen=True)
class SelfCheckContent:
    """The scale (lowest first) and the habits."""

    scale: tuple[str, ...]
    statements: tuple[Statement, ...]

    def rank(self, label: str | None) -> int | None:
        """A label's place on the scale (0 = lowest), or None."""
        return self.scale.index(label) if label in self.scale else None


@dataclass(frozen=True)
class Change:
    """One habit, rated at the start and now (either may be missing)."""

    statement: Statement
    before: str | None
    after: str | None
    direction: str
    """'up', 'same', 'down', or '' when one of the two ratings is missing."""


def self_check_file(content_dir: Path = CONTENT_DIR) -> Path:
    """Where the habits live (the welcome's folder: it asks first)."""
    return content_dir / keys.WELCOME / SELF_CHECK_FILE


def load_self_check(path: Path) -> SelfCheckContent:
    """Read and check the self-check file; raises ``ContentError`` naming file, line and field. Each habit's
    ``lesson`` must be a lesson of the course."""
    data = load(path, SELF_CHECK_SPEC)
    course = outline_beside(path)
    if course is not None:
        ids = [lesson.id for lesson in course.lessons]
        raise_at(path, [(("statements", i, "lesson"),
                         f"{item['lesson']!r} is not a lesson of the course (lesson ids: {', '.join(ids)})")
                        for i, item in enumerate(data["statements"]) if item["lesson"] not in ids])
    return SelfCheckContent(tuple(data["scale"]), tuple(Statement(**item) for item in data["statements"]))


@functools.cache
def self_check_content() -> SelfCheckContent:
    """The self-check, read once per kernel."""
    return load_self_check(self_check_file())


def ratings(value: Any, content: SelfCheckContent) -> dict[str, str]:
    """The ratings in a saved value that still fit the content (a habit or a label since removed is dropped)."""
    if not isinstance(value, Mapping):
        return {}
    known = {statement.id for statement in content.statements}
    return {str(k): v for k, v in value.items() if k in known and isinstance(v, str) and v in content.scale}


def complete(content: SelfCheckContent, rated: Mapping[str, str]) -> bool:
    """Whether every habit has a rating."""
    return all(statement.id in rated for statement in content.statements)


def lowest(content: SelfCheckContent, rated: Mapping[str, str]) -> list[Statement]:
    """The habits rated lowest (in the file's order), once all are rated; [] when all are at the top."""
    if not complete(content, rated):
        return []
    ranks = {s.id: content.rank(rated[s.id]) or 0 for s in content.statements}
    bottom = min(ranks.values())
    if bottom == len(content.scale) - 1:
        return []
    return [s for s in content.statements if ranks[s.id] == bottom]


def start_feedback(content: SelfCheckContent, rated: Mapping[str, str]) -> str:
    """What the welcome says once every habit is rated ('' before)."""
    if not complete(content, rated):
        return ""
    found = lowest(content, rated)
    if not found:
        return (f"You rated every habit “{content.scale[-1]}”. Each lesson puts its habit to the test on a "
                "real case, so you'll soon see whether that holds.")
    first = found[0]
    more = f" (and {plural(len(found) - 1, 'other habit')} you rated the same)" if len(found) > 1 else ""
    return f"Lowest for you: “{first.text.rstrip('.')}”{more}. {first.lowest}"


def compare(content: SelfCheckContent, before: Mapping[str, str], after: Mapping[str, str]) -> list[Change]:
    """Each habit at the start and now, in the file's order."""
    changes = []
    for statement in content.statements:
        then, now = before.get(statement.id), after.get(statement.id)
        start, end = content.rank(then), content.rank(now)
        direction = "" if start is None or end is None else "up" if end > start else "down" if end < start else "same"
        changes.append(Change(statement, then, now, direction))
    return changes


def end_feedback(content: SelfCheckContent, before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """What the last lesson says once every habit is rated again ('' before)."""
    if not complete(content, after):
        return ""
    if not before:
        return ("You didn't rate these at the start of the course, so there is nothing to compare with. Your "
                "ratings now go into your playbook: rate them again in a few months and see what has moved.")
    moved = [change.direction for change in compare(content, before, after) if change.direction]
    up, same, down = (moved.count(kind) for kind in ("up", "same", "down"))
    text = (f"Since the welcome, of {plural(len(moved), 'habit')} rated both times: {up} up, {same} the same, "
            f"{down} down.")
    if down:
        text += (" A lower rating now often means you see the habit more clearly than you did at the start, not "
                 "that you have slipped.")
    if not up and not down:
        text += " Pick one habit from your playbook to work on, and rate it again in a month."
    return text


def scale_line(change: Change) -> str:
    """'At the start: Sometimes · now: Usually', for the playbook and the last lesson."""
    start = change.before or "not rated"
    now = change.after or "not rated"
    return f"At the start: {start} · now: {now}"
