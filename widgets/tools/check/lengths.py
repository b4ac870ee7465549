"""``fail-forward check``'s lesson lengths: each lesson's estimated minutes next to the ones course.yaml states.

The estimate is the lesson's prose (every Markdown cell) at 230 words a minute, plus the minutes of each
exercise it shows (``widgets.rules.lengths``). The core path is everything but the go-deeper parts; those are
counted apart, as optional. A warning is given when the stated minutes are more than 20 % away from the core
path's, when a lesson's core path is outside 15–25 minutes (the course brief's length for every lesson, the
welcome and the playbook included), and when an exercise's minutes can't be found.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from widgets.core.content import COURSE_ROOT, ContentError, Problem, compose_yaml, node_at
from widgets.core.course import Course, Lesson, load_course
from widgets.rules.lengths import (
    WORDS_PER_MINUTE,
    Estimate,
    about,
    call_minutes,
    markdown_words,
    part_minutes,
    passage_words,
    reading_minutes,
)
from widgets.tools.check.content import CONTENT, COURSE_YAML

TOLERANCE = 0.20
CORE_RANGE = (15, 25)


@dataclass
class LessonLength:
    """One lesson's words (its Markdown and its passages, in the longer version) and minutes."""

    lesson: Lesson
    words: int = 0
    core: Estimate = field(default_factory=Estimate)
    optional: list[tuple[str, Estimate]] = field(default_factory=list)

    @property
    def optional_minutes(self) -> float:
        return sum(estimate.minutes for _, estimate in self.optional)

    @property
    def off_by(self) -> float:
        """How far the stated minutes are from the core estimate, as a share of the estimate."""
        return abs(self.lesson.minutes - self.core.minutes) / max(self.core.minutes, 1)


def _calls(source: str) -> list[tuple[str, tuple[str, ...]]]:
    """``ff.name("literal", ...)`` calls in a code cell, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # reported by the notebook check
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "ff"):
            args = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
            found.append((node.func.attr, args))
    return found


def lesson_length(lesson: Lesson, root: Path = COURSE_ROOT) -> LessonLength | None:
    """A lesson's words and minutes, or None when its notebook can't be read."""
    try:
        notebook = json.loads((root / "lessons" / lesson.notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    content = root / CONTENT
    result = LessonLength(lesson)
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            result.words += markdown_words(source)
        elif cell.get("cell_type") == "code":
            for function, args in _calls(source):
                if function == "go_deeper" and len(args) == 2:
                    result.optional.append((args[1], part_minutes(args[0], args[1], content)))
                elif function == "passage" and len(args) == 2:
                    result.words += passage_words(args[0], args[1], content)
                else:
                    result.core.add(call_minutes(function, args, content))
    result.core.minutes += reading_minutes(result.words)
    return result


def course_lengths(root: Path = COURSE_ROOT, course: Course | None = None) -> list[LessonLength]:
    """Every lesson's length, in course order."""
    if course is None:
        try:
            course = load_course(root / COURSE_YAML)
        except ContentError:
            return []
    return [found for lesson in course.lessons if (found := lesson_length(lesson, root)) is not None]


def length_table(lengths: list[LessonLength]) -> str:
    """The lengths as the check prints them."""
    if not lengths:
        return ""
    lines = [f"Lesson lengths (prose at {WORDS_PER_MINUTE} words a minute, plus each exercise's minutes):"]
    for found in lengths:
        optional = (f"optional {about(found.optional_minutes)} min in {len(found.optional)} "
                    f"part{'s' if len(found.optional) != 1 else ''}" if found.optional else "no optional parts")
        lines.append(f"  {found.lesson.notebook:<30} {found.words:>5,} words   core about "
                     f"{about(found.core.minutes):>2} min, stated {found.lesson.minutes:>2}   {optional}")
    return "\n".join(lines)


def length_warnings(lengths: list[LessonLength], root: Path = COURSE_ROOT) -> list[Problem]:
    """Where a stated length isn't true, a core path is too long or short, or minutes are missing."""
    try:
        outline = compose_yaml((root / COURSE_YAML).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        outline = None
    warnings: list[Problem] = []
    for found in lengths:
        lesson = found.lesson
        core = about(found.core.minutes)
        if found.off_by > TOLERANCE:
            line = (node_at(outline, "lessons", lesson.number, "minutes").start_mark.line + 1
                    if outline is not None else None)
            warnings.append(Problem(COURSE_YAML, line, f"lessons[{lesson.number}].minutes",
                                    f"says {lesson.minutes} minutes, but {lesson.notebook}'s core path comes to "
                                    f"about {core} (more than {TOLERANCE:.0%} apart): say {core}, or move part of "
                                    "the lesson into a go-deeper part", warning=True))
        low, high = CORE_RANGE
        if not low <= core <= high:
            aim = f"{low} to {high}"
            fix = ("move part of it into optional go-deeper parts (lessons/coach/AUTHORING.md)" if core > high
                   else "it may be missing an exercise")
            warnings.append(Problem(f"lessons/{lesson.notebook}", None, "",
                                    f"its core path comes to about {core} minutes; a lesson like it should take "
                                    f"{aim}: {fix}", warning=True))
        for gap in dict.fromkeys(found.core.gaps + [g for _, e in found.optional for g in e.gaps]):
            warnings.append(Problem(f"lessons/{lesson.notebook}", None, "", f"can't be timed in full: {gap}",
                                    warning=True))
    return warnings
