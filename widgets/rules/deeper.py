"""Optional "Go deeper" parts of a lesson, as data (``assets/content/<lesson>/go-deeper.yaml``).

A part is a collapsed card in the lesson (``ff.go_deeper(lesson, part)``): a title and a one-line summary
while closed; opened, an intro and one exercise, built only then. What a part may show is fixed here
(:data:`SHOWS`); a part of decision cases names the cases it takes from the lesson's ``decisions.yaml``,
and the lesson's own decision cases are the rest. Nothing in a part is needed for the lesson to count as done.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
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

DEEPER_FILE = "go-deeper.yaml"

SHOWS: dict[str, str | None] = {
    "inbox": keys.RESPONSE_TIME,
    "promise-simulator": keys.RESPONSE_TIME,
    "response-explorer": keys.RESPONSE_TIME,
    "reframing-drill": keys.TEAM,
    "decisions": None,
    "scenario": None,
}
"""What a part can show, and the one lesson it belongs to (None: any lesson with the content file it reads)."""

NEEDS_FILE = {"decisions": "decisions.yaml", "scenario": "scenario.yaml"}

SAVED: dict[str, tuple[keys.SavedKey, ...]] = {
    "inbox": (keys.INBOX,),
    "promise-simulator": (keys.SIMULATOR,),
    "response-explorer": (keys.EXPLORER,),
    "reframing-drill": (keys.REFRAME,),
    "scenario": (keys.SCENARIO,),
}
"""Where each kind of part keeps the learner's work: a part with some opens by itself (decisions: its cases)."""


def _cases_fit(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    if item.get("shows") == "decisions" and not item.get("cases"):
        ctx.add(node, f"{where}.cases", "is missing: a part that shows decisions names the cases it takes, "
                                        "like [clasp-after-warranty, chipped-at-the-market]")
    elif item.get("shows") != "decisions" and "cases" in item:
        ctx.add(node_at(node, "cases"), f"{where}.cases", f"only a part that shows decisions takes cases; this one "
                                                          f"shows {item.get('shows')}")


PART_SPEC = Record(
    {"id": slug(60),
     "title": Text(max_length=100),
     "summary": Text(max_length=300),
     "intro": Text(max_length=2000),
     "shows": Text(max_length=40, pattern="|".join(SHOWS), pattern_help="use one of: " + ", ".join(SHOWS))},
    optional={"cases": ListOf(slug(60), min_items=1)},
    rule=_cases_fit,
)
DEEPER_SPEC = Record({"parts": ListOf(PART_SPEC, min_items=1, unique_by="id")})


@dataclass(frozen=True)
class Part:
    """One optional part of a lesson."""

    lesson: str
    id: str
    title: str
    summary: str
    intro: str
    shows: str
    cases: tuple[str, ...] = ()

    def saved_keys(self) -> list[tuple[str, keys.SavedKey, str]]:
        """(lesson, declaration, key or prefix) of the work this part keeps."""
        if self.shows == "decisions":
            return [(self.lesson, keys.DECISION, keys.DECISION.item(case)) for case in self.cases]
        found = []
        for saved in SAVED.get(self.shows, ()):
            lesson = self.lesson if saved.lesson == keys.ANY_LESSON else saved.lesson
            found.append((lesson, saved, saved.key))
        return found

    def has_saved_work(self, answers: dict[str, dict[str, Any]]) -> bool:
        """Whether ``answers`` (lesson → key → value) hold some of the learner's work in this part."""
        for lesson, saved, key in self.saved_keys():
            for name, value in (answers.get(lesson) or {}).items():
                if value in (None, "", [], {}):
                    continue
                if (name.startswith(key) and saved.prefix) or name == key:
                    return True
        return False


def deeper_file(lesson: str, content_dir: Path = CONTENT_DIR) -> Path:
    """Where a lesson's optional parts are described."""
    return content_dir / lesson / DEEPER_FILE


def _decision_ids(path: Path) -> list[str]:
    from widgets.rules.decisions import load_decisions

    try:
        return [case.id for case in load_decisions(path)[1]]
    except ContentError:
        return []  # reported once, with that file's own problems


def load_deeper(path: Path) -> dict[str, Part]:
    """Read and check a lesson's go-deeper file; raises ContentError naming file, line and field. The lesson is
    the folder the file is in; what a part shows must fit it, and the cases it takes must be the lesson's."""
    data = load(path, DEEPER_SPEC)
    lesson = path.parent.name
    node = compose_yaml(path.read_text(encoding="utf-8"))
    assert node is not None  # load() above has read it
    ctx = Context(display_path(path))
    claimed: dict[str, int] = {}
    for i, item in enumerate(data["parts"]):
        shows = item["shows"]
        home = SHOWS[shows]
        if home is not None and home != lesson:
            ctx.add(node_at(node, "parts", i, "shows"), f"parts[{i}].shows",
                    f"{shows} belongs to lesson {home!r}, and this file is in lesson {lesson!r}'s folder")
            continue
        needed = NEEDS_FILE.get(shows)
        if needed and not (path.parent / needed).exists():
            ctx.add(node_at(node, "parts", i, "shows"), f"parts[{i}].shows",
                    f"shows {shows}, but this lesson has no {needed} beside this file")
            continue
        if shows == "decisions":
            known = _decision_ids(path.parent / "decisions.yaml")
            for j, case in enumerate(item.get("cases") or []):
                place = node_at(node, "parts", i, "cases", j)
                if known and case not in known:
                    ctx.add(place, f"parts[{i}].cases[{j}]",
                            f"{case!r} is not a case in decisions.yaml (cases: {', '.join(known)})")
                elif case in claimed:
                    ctx.add(place, f"parts[{i}].cases[{j}]", f"{case!r} is already in parts[{claimed[case]}]")
                else:
                    claimed[case] = i
            if known and len(claimed) >= len(known):
                ctx.add(node_at(node, "parts", i, "cases"), f"parts[{i}].cases",
                        "takes every case, so none would be left in the lesson itself; keep at least one there")
    if ctx.problems:
        raise ContentError(ctx.problems)
    return {item["id"]: Part(lesson, item["id"], item["title"], item["summary"], item["intro"], item["shows"],
                             tuple(item.get("cases") or ()))
            for item in data["parts"]}


@functools.cache
def lesson_parts(lesson: str) -> dict[str, Part]:
    """A lesson's optional parts (none when it has no go-deeper file), read once per kernel."""
    path = deeper_file(lesson)
    if not path.exists():
        return {}
    return load_deeper(path)


def part(lesson: str, part_id: str) -> Part:
    """One optional part; KeyError naming the known ones otherwise."""
    parts = lesson_parts(lesson)
    if part_id not in parts:
        known = ", ".join(parts) or "none: the lesson has no " + DEEPER_FILE
        raise KeyError(f"no go-deeper part {part_id!r} for lesson {lesson!r} (known: {known})")
    return parts[part_id]


def optional_cases(lesson: str) -> frozenset[str]:
    """The decision cases a lesson keeps for its optional parts (the lesson itself shows the others)."""
    return frozenset(case for p in lesson_parts(lesson).values() for case in p.cases)


__all__ = ["DEEPER_FILE", "SHOWS", "Part", "deeper_file", "lesson_parts", "load_deeper", "optional_cases", "part"]
