"""Coach-editable content: YAML files in ``assets/content``, checked against a spec.

Every problem is reported with the file, the line, the field and what is
wrong, e.g. ``assets/content/course.yaml:14: lessons[2].minutes: must be a
whole number of minutes, got 'twenty'``. The spec classes below are small on
purpose: each knows how to check one kind of value and say what it expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from widgets.core.folder import COURSE_ROOT as COURSE_ROOT  # the course folder, re-exported: content lives in it

CONTENT_DIR = COURSE_ROOT / "assets" / "content"

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader in C (libyaml) where it is installed, about eight times faster than the Python one:
content files are read as a lesson opens. Both give the same nodes, with lines and columns."""


def compose_yaml(text: str) -> yaml.Node | None:
    """A YAML document as nodes (which know their line), read safely; raises ``yaml.YAMLError``."""
    node: yaml.Node | None = yaml.compose(text, Loader=YAML_LOADER)
    return node


def text_scalars(node: yaml.Node | None, where: str = "") -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every string in a YAML document, with the field it is at (``scenes[4].choices[0].next``)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from text_scalars(value, f"{where}.{key.value}" if where else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from text_scalars(item, f"{where}[{i}]")
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield where, node


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file."""

    file: str
    line: int | None
    field: str
    message: str
    warning: bool = False
    """A warning: the course works, but something is likely wrong (``fail-forward check`` still passes)."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """A content file is missing, unreadable or does not match its spec."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path) -> str:
    """The path as a coach would write it: relative to the course when inside it."""
    try:
        return str(path.resolve().relative_to(COURSE_ROOT))
    except ValueError:
        return str(path)


# -- specs ----------------------------------------------------------------------


@dataclass
class Context:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, node: yaml.Node | None, where: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(self.file, line, where, message))


_constructor = SafeConstructor()


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a list of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = _constructor.construct_object(node)
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


class Spec:
    """Checks one YAML node and turns it into plain Python data."""

    expected = "a value"

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        raise NotImplementedError


class Text(Spec):
    """A string; optionally non-empty, bounded, or matching a pattern."""

    def __init__(self, *, min_length: int = 1, max_length: int = 5000,
                 pattern: str | None = None, pattern_help: str = "") -> None:
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_help = pattern_help
        self.expected = "text"

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            ctx.add(node, where, f"must be text, got {_describe(node)}")
            return None
        value = node.value.strip()
        if len(value) < self.min_length:
            ctx.add(node, where, "must not be empty")
        elif len(value) > self.max_length:
            ctx.add(node, where, f"is {len(value)} characters; at most {self.max_length} fit")
        elif self.pattern and not self.pattern.fullmatch(value):
            ctx.add(node, where, f"{value!r} is not valid: {self.pattern_help}")
        return value


def slug(max_length: int = 60) -> Text:
    """An identifier: lower-case letters, digits and dashes, starting with a letter."""
    return Text(max_length=max_length, pattern=r"[a-z][a-z0-9-]*",
                pattern_help="use lower-case letters, digits and dashes, starting with a letter")


class Number(Spec):
    """A whole number in a range."""

    def __init__(self, *, minimum: int, maximum: int, unit: str = "") -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        what = f"a whole number{' of ' + self.unit if self.unit else ''}"
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int":
            ctx.add(node, where, f"must be {what}, got {_describe(node)}")
            return None
        value = int(_constructor.construct_object(node))
        if not self.minimum <= value <= self.maximum:
            ctx.add(node, where, f"must be between {self.minimum} and {self.maximum}, got {value}")
        return value


class Flag(Spec):
    """``true`` or ``false``."""

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        ctx.add(node, where, f"must be true or false, got {node.value!r}" if isinstance(node, yaml.ScalarNode)
                else "must be true or false")
        return None


class ListOf(Spec):
    """A list whose items all match one spec."""

    def __init__(self, item: Spec, *, min_items: int = 1, unique_by: str | None = None) -> None:
        self.item = item
        self.min_items = min_items
        self.unique_by = unique_by

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            ctx.add(node, where, f"must be a list (lines starting with '- '), got {_describe(node)}")
            return []
        if len(node.value) < self.min_items:
            ctx.add(node, where, f"needs at least {self.min_items} item(s), has {len(node.value)}")
        items = [self.item.check(child, f"{where}[{i}]", ctx) for i, child in enumerate(node.value)]
        if self.unique_by:
            seen: dict[Any, int] = {}
            for i, (child, item) in enumerate(zip(node.value, items, strict=True)):
                if not isinstance(item, dict) or item.get(self.unique_by) is None:
                    continue
                value = item[self.unique_by]
                if value in seen:
                    ctx.add(child, f"{where}[{i}].{self.unique_by}",
                            f"{value!r} is used twice (also in {where}[{seen[value]}])")
                else:
                    seen[value] = i
        return items


class Record(Spec):
    """A mapping with known fields; unknown fields are reported (they are usually typos)."""

    def __init__(self, fields: Mapping[str, Spec], *, optional: Mapping[str, Spec] | None = None,
                 rule: Callable[[dict[str, Any], yaml.MappingNode, str, Context], None] | None = None):
        self.fields = dict(fields)
        self.optional = dict(optional or {})
        self.rule = rule

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        prefix = f"{where}." if where else ""
        if not isinstance(node, yaml.MappingNode):
            ctx.add(node, where or "(top level)",
                    f"must be a list of fields ('name: value'), got {_describe(node)}")
            return {}
        result: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in nodes:
                ctx.add(key_node, prefix + name, f"appears twice (first on line {nodes[name].start_mark.line + 1})")
                continue
            nodes[name] = key_node
            spec = self.fields.get(name) or self.optional.get(name)
            if spec is None:
                known = ", ".join(sorted({*self.fields, *self.optional}))
                ctx.add(key_node, prefix + name, f"is not a known field (known fields: {known})")
                continue
            result[name] = spec.check(value_node, prefix + name, ctx)
        for name in self.fields:
            if name not in nodes:
                ctx.add(node, prefix + name, "is missing")
        if self.rule and not ctx.problems:
            self.rule(result, node, where, ctx)
        return result


def raise_at(path: Path, found: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Raise ContentError for problems a loader found after its spec passed: each is (where in the file, as keys
    and indexes; message). The file is composed again only then, to give each its line."""
    if not found:
        return
    node = compose_yaml(path.read_text(encoding="utf-8"))
    assert node is not None  # the loader's spec has read it
    ctx = Context(display_path(path))
    for steps, message in found:
        where = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps).lstrip(".")
        ctx.add(node_at(node, *steps), where, message)
    raise ContentError(ctx.problems)


def node_at(node: yaml.Node, *path: str | int) -> yaml.Node:
    """The node at ``path`` below ``node`` (keys of mappings, indexes of lists), or the nearest one found."""
    for step in path:
        if isinstance(step, str) and isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
            found = node.value[step]
        else:
            found = None
        if found is None:
            return node
        node = found
    return node


class Minutes(Spec):
    """How long something takes a learner: a number of minutes, whole or not (``5``, ``1.5``)."""

    def __init__(self, *, maximum: int = 120) -> None:
        self.maximum = maximum

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in ("tag:yaml.org,2002:int",
                                                                      "tag:yaml.org,2002:float"):
            ctx.add(node, where, f"must be a number of minutes, like 5 or 1.5, got {_describe(node)}")
            return None
        value = float(_constructor.construct_object(node))
        if not 0 < value <= self.maximum:
            ctx.add(node, where, f"must be more than 0 and at most {self.maximum} minutes, got {value:g}")
            return None
        return value


MINUTES_FIELD = "minutes"
"""A top-level field any content file may have: how many minutes its exercise takes a learner (reading it and
doing it). Taken off before the file's own spec sees it, so no spec lists it; ``fail-forward check`` adds it up
into each lesson's estimated length (``widgets/tools/check/lengths.py``)."""


def _take_minutes(node: yaml.Node, spec: Spec, ctx: Context) -> float | None:
    """Remove the top-level ``minutes`` field from ``node`` (unless the spec has a field of that name) and check it."""
    if not isinstance(node, yaml.MappingNode) or (
            isinstance(spec, Record) and MINUTES_FIELD in {*spec.fields, *spec.optional}):
        return None
    for index, (key, value) in enumerate(node.value):
        if key.value == MINUTES_FIELD:
            del node.value[index]
            found: float | None = Minutes().check(value, MINUTES_FIELD, ctx)
            return found
    return None


def _compose(path: Path) -> tuple[str, yaml.Node]:
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(name, None, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Problem(name, None, "", f"cannot be read ({error})")]) from None
    try:
        node = compose_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise ContentError([Problem(name, line, "", f"is not valid YAML: {error.problem}")]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(name, None, "", f"is not valid YAML: {error}")]) from None
    if node is None:
        raise ContentError([Problem(name, None, "", "is empty")])
    return name, node


def declared_minutes(path: Path) -> float | None:
    """The file's top-level ``minutes`` (None when it has none); raises :class:`ContentError` when it isn't valid."""
    name, node = _compose(path)
    ctx = Context(name)
    minutes = _take_minutes(node, Spec(), ctx)
    if ctx.problems:
        raise ContentError(ctx.problems)
    return minutes


def load(path: Path, spec: Spec) -> Any:
    """Read a YAML file and check it; raises :class:`ContentError` listing every problem. A top-level
    ``minutes`` field is allowed in every file (see :data:`MINUTES_FIELD`)."""
    name, node = _compose(path)
    ctx = Context(name)
    _take_minutes(node, spec, ctx)
    value = spec.check(node, "", ctx)
    if ctx.problems:
        raise ContentError(ctx.problems)
    return value
