"""Reflections: a few open questions about the learner's own experience (``assets/content/<lesson>/reflections.yaml``).

A reflection is written for the learner, not marked: the course never reads what is typed in one, it only
notices when every prompt has an answer. One reflection can bring back another from an earlier lesson
(``recalls: welcome/let-down``): the last lesson shows the story the learner told in the welcome and asks what
they would do about it now. Answers are saved under the lesson that asks (``keys.REFLECTION``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from widgets.core.content import (
    CONTENT_DIR,
    ContentError,
    ListOf,
    Record,
    Text,
    load,
    raise_at,
    slug,
)

REFLECTIONS_FILE = "reflections.yaml"

PROMPT_SPEC = Record({"id": slug(60), "label": Text(max_length=200)}, optional={"example": Text(max_length=200)})
REFLECTION_SPEC = Record({"id": slug(60), "title": Text(max_length=80), "intro": Text(max_length=800),
                          "prompts": ListOf(PROMPT_SPEC, min_items=1, unique_by="id"),
                          "done": Text(max_length=400)},
                         optional={"recalls": Text(max_length=100, pattern=r"[a-z0-9-]+/[a-z0-9-]+",
                                                   pattern_help="a lesson id and a reflection id, like "
                                                                "welcome/let-down")})
REFLECTIONS_SPEC = Record({"reflections": ListOf(REFLECTION_SPEC, min_items=1, unique_by="id")})


@dataclass(frozen=True)
class Prompt:
    """One open question: its label, and an example shown greyed in the empty box."""

    id: str
    label: str
    example: str = ""


@dataclass(frozen=True)
class Reflection:
    """A card of open questions."""

    lesson: str
    id: str
    title: str
    intro: str
    prompts: tuple[Prompt, ...]
    done: str
    """What the card says once every prompt has an answer."""
    recalls: tuple[str, str] | None = None
    """(lesson, reflection) whose answers are shown above the prompts."""


def reflections_file(lesson: str, content_dir: Path = CONTENT_DIR) -> Path:
    """Where a lesson's reflections live."""
    return content_dir / lesson / REFLECTIONS_FILE


def _recalled(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    lesson, _, reflection = text.partition("/")
    return lesson, reflection


def load_reflections(path: Path) -> dict[str, Reflection]:
    """Read and check a reflections file; raises ``ContentError`` naming file, line and field. A reflection it
    ``recalls`` must exist, in another lesson's file."""
    data = load(path, REFLECTIONS_SPEC)
    lesson = path.parent.name
    found = {item["id"]: Reflection(lesson, item["id"], item["title"], item["intro"],
                                    tuple(Prompt(**prompt) for prompt in item["prompts"]), item["done"],
                                    _recalled(item.get("recalls")))
             for item in data["reflections"]}
    wrong: list[tuple[tuple[str | int, ...], str]] = []
    for i, reflection in enumerate(found.values()):
        if reflection.recalls is None:
            continue
        other_lesson, other = reflection.recalls
        problem = ""
        if other_lesson == lesson:
            problem = "must name a reflection of an earlier lesson, not one of this lesson's"
        else:
            try:
                if other not in load_reflections(path.parent.parent / other_lesson / REFLECTIONS_FILE):
                    problem = f"{other_lesson}'s {REFLECTIONS_FILE} has no reflection {other!r}"
            except ContentError:
                problem = f"{other_lesson}/{REFLECTIONS_FILE} can't be read, so {other!r} can't be found there"
        if problem:
            wrong.append((("reflections", i, "recalls"), problem))
    raise_at(path, wrong)
    return found


@functools.cache
def lesson_reflections(lesson: str) -> dict[str, Reflection]:
    """A lesson's reflections, read once per kernel."""
    return load_reflections(reflections_file(lesson))


def answers(value: Any, reflection: Reflection) -> dict[str, str]:
    """The answers in a saved value that still fit the reflection's prompts (every prompt, '' when unanswered)."""
    saved = value if isinstance(value, Mapping) else {}
    return {prompt.id: saved[prompt.id] if isinstance(saved.get(prompt.id), str) else ""
            for prompt in reflection.prompts}


def answered(reflection: Reflection, given: Mapping[str, str]) -> bool:
    """Whether every prompt has an answer (spaces alone are not one)."""
    return all(str(given.get(prompt.id, "")).strip() for prompt in reflection.prompts)


def filled(reflection: Reflection, given: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, answer) for each prompt answered, in order: what the playbook and a later lesson show."""
    return [(prompt.label, given[prompt.id].strip()) for prompt in reflection.prompts
            if str(given.get(prompt.id, "")).strip()]
