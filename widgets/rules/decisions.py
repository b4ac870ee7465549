"""Lesson 3's "fail in favour of the customer" cases as data: each a question whose
customer-favouring option is the one marked ``favours_customer: true``."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Record, Text, load, slug
from widgets.rules.checkin import Option, Question


def _one_favours(item: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    count = sum(1 for option in item.get("options", []) if option.get("favours_customer") is True)
    if count != 1:
        ctx.add(node, f"{where}.options", f"needs exactly one option with 'favours_customer: true', has {count}")


OPTION_SPEC = Record({"text": Text(max_length=200), "favours_customer": Flag(), "feedback": Text(max_length=600)})
CASE_SPEC = Record({"id": slug(60), "situation": Text(max_length=800), "options": ListOf(OPTION_SPEC, min_items=2)},
                   rule=_one_favours)
DECISIONS_SPEC = Record({"intro": Text(max_length=600), "cases": ListOf(CASE_SPEC, min_items=1, unique_by="id")})


def decisions_file(lesson: str) -> Path:
    """A lesson's decision cases."""
    return CONTENT_DIR / lesson / "decisions.yaml"


def load_decisions(path: Path) -> tuple[str, tuple[Question, ...]]:
    """The intro and the cases, as questions; raises ContentError naming file, line and field."""
    data = load(path, DECISIONS_SPEC)
    cases = tuple(Question(c["id"], c["situation"],
                           tuple(Option(o["text"], o["favours_customer"], o["feedback"]) for o in c["options"]))
                  for c in data["cases"])
    return data["intro"], cases


@functools.cache
def lesson_decisions(lesson: str) -> tuple[str, tuple[Question, ...]]:
    """A lesson's cases, read once per kernel."""
    return load_decisions(decisions_file(lesson))
