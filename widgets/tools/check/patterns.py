"""Patterns a coach writes that would backtrack catastrophically, refused with file, line and why.

The course matches patterns with RE2, which never backtracks, so none of these
can slow a lesson down. They are still refused: a pattern like ``(a+)+$`` is
almost always a mistake, it would hang any other tool a coach tries it in (an
editor's search, an online tester), and the shape that causes it is easy to
say. Two shapes are caught, by reading the pattern's structure:

- a repeat inside a repeat, where nothing required between them tells one
  round from the next: ``(a+)+``, ``(\\w+\\s?)*``, ``(.*,){12}``;
- a repeated choice whose alternatives can start with the same character:
  ``(a|ab)+``, ``(\\w|\\d)*``.

Every list of patterns in ``assets/content`` is read: the fields ``look_for``,
``also_needs``, ``patterns``, ``unless``, ``names`` and ``as_cause`` in any YAML
file there, and every word of a ``phrases`` list (the reframing drill's: each
word is a pattern of its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from re import _constants as sre_constants  # type: ignore[attr-defined]  # Python's own parser, only read
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import yaml

from widgets.core.content import CONTENT_DIR, Problem, display_path

PATTERN_FIELDS = frozenset({"look_for", "also_needs", "patterns", "unless", "names", "as_cause"})
PHRASE_FIELDS = frozenset({"phrases"})  # words in a row, each word a pattern
MANY = 10  # a bounded repeat of at least this many rounds backtracks like an unbounded one

_ALPHABET = frozenset(chr(c) for c in range(128)) | frozenset("éèàüöñçß’‘“”—–…")
_C = sre_constants
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT}
_CATEGORIES = {
    _C.CATEGORY_DIGIT: str.isdigit, _C.CATEGORY_SPACE: str.isspace,
    _C.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
}
_NEGATED = {_C.CATEGORY_NOT_DIGIT: _C.CATEGORY_DIGIT, _C.CATEGORY_NOT_SPACE: _C.CATEGORY_SPACE,
            _C.CATEGORY_NOT_WORD: _C.CATEGORY_WORD}


def _either_case(chars: set[str]) -> frozenset[str]:
    return frozenset(chars | {c.lower() for c in chars} | {c.upper() for c in chars if len(c.upper()) == 1})


def _category(code: Any) -> frozenset[str]:
    if code in _NEGATED:
        return _ALPHABET - _category(_NEGATED[code])
    test = _CATEGORIES.get(code)
    return frozenset(c for c in _ALPHABET if test(c)) if test else frozenset()


def _chars(op: Any, av: Any) -> frozenset[str] | None:
    """The characters one single-character item can match (ignoring case), or None if it isn't one."""
    if op is _C.LITERAL:
        return _either_case({chr(av)})
    if op is _C.NOT_LITERAL:
        return _ALPHABET - _either_case({chr(av)})
    if op is _C.ANY:
        return _ALPHABET - {"\n"}
    if op is _C.IN:
        chars: set[str] = set()
        negate = False
        for sub_op, sub_av in av:
            if sub_op is _C.NEGATE:
                negate = True
            elif sub_op is _C.LITERAL:
                chars.add(chr(sub_av))
            elif sub_op is _C.RANGE:
                chars.update(c for c in _ALPHABET if sub_av[0] <= ord(c) <= sub_av[1])
            elif sub_op is _C.CATEGORY:
                chars.update(_category(sub_av))
        both = _either_case(chars)
        return _ALPHABET - both if negate else both
    return None


def _body(op: Any, av: Any) -> list[Any] | None:
    """The items inside a group or repeat."""
    if op is _C.SUBPATTERN:
        return list(av[-1])
    if op in _REPEATS or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        return list(av[2])
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return list(av)
    return None


def _empty_ok(items: list[Any]) -> bool:
    """Whether the items can match nothing at all."""
    for op, av in items:
        if op in _REPEATS and av[0] == 0:
            continue
        if op is _C.AT:
            continue
        body = _body(op, av)
        if body is not None and op is _C.SUBPATTERN and _empty_ok(body):
            continue
        if op is _C.BRANCH and any(_empty_ok(list(b)) for b in av[1]):
            continue
        return False
    return True


def _first(items: list[Any]) -> frozenset[str]:
    """Characters a match of the items can start with."""
    found: set[str] = set()
    for op, av in items:
        chars = _chars(op, av)
        if chars is not None:
            return frozenset(found | chars)
        if op is _C.AT:
            continue
        if op is _C.BRANCH:
            for branch in av[1]:
                found |= _first(list(branch))
            if not any(_empty_ok(list(b)) for b in av[1]):
                return frozenset(found)
            continue
        body = _body(op, av)
        if body is not None:
            found |= _first(body)
            if not _empty_ok(body) and not (op in _REPEATS and av[0] == 0):
                return frozenset(found)
            continue
        return frozenset(found | _ALPHABET)  # anything else (a back-reference, say): assume the worst
    return frozenset(found)


def _repeated_chars(items: list[Any]) -> Iterator[frozenset[str]]:
    """For every unbounded (or long) repeat inside the items, the characters it repeats."""
    for op, av in items:
        body = _body(op, av)
        if op in _REPEATS and (av[1] == _C.MAXREPEAT or av[1] >= MANY):
            inner: set[str] = set()
            for sub_op, sub_av in av[2]:
                chars = _chars(sub_op, sub_av)
                inner |= chars if chars is not None else _first([(sub_op, sub_av)])
            yield frozenset(inner)
        if body is not None:
            yield from _repeated_chars(body)
        if op is _C.BRANCH:
            for branch in av[1]:
                yield from _repeated_chars(list(branch))


def _required_chars(items: list[Any]) -> list[frozenset[str]]:
    """The character sets of the single characters the items always need (outside any repeat)."""
    needed: list[frozenset[str]] = []
    for op, av in items:
        chars = _chars(op, av)
        if chars is not None:
            needed.append(chars)
        elif op is _C.SUBPATTERN:
            needed.extend(_required_chars(list(av[-1])))
        elif op in _REPEATS and av[0] >= 1 and av[1] != _C.MAXREPEAT and av[1] < MANY:
            needed.extend(_required_chars(list(av[2])))
    return needed


def why_dangerous(pattern: str) -> str | None:
    """Why the pattern could backtrack catastrophically in a backtracking engine, or None if it can't."""
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # not valid: the content check reports that with the engine's own words
    return _walk(list(tree), pattern)


def _walk(items: list[Any], pattern: str) -> str | None:
    for op, av in items:
        if op in _REPEATS and (av[1] == _C.MAXREPEAT or av[1] >= MANY):
            body = list(av[2])
            required = _required_chars(body)
            for inner in _repeated_chars(body):
                if inner and all(chars <= inner for chars in required):
                    return ("repeats a part that itself repeats, with nothing required between the rounds to "
                            "tell them apart, like (a+)+. On text that almost matches, an engine that backtracks "
                            "tries every way of splitting it between the two repeats, which can take minutes. "
                            "Repeat it once: a+ rather than (a+)+")
            start = _first(body)
            for branches in _choices(body):
                for i, one in enumerate(branches):
                    for other in branches[i + 1:]:
                        # two options that start alike, or "nothing" beside an option that starts like a new round
                        shared = _first(one) & _first(other)
                        if not shared and not (one and other):
                            shared = _first(one or other) & start
                        if shared:
                            return ("repeats a choice whose options can match the same text in more than one way "
                                    f"(both can start with “{sorted(shared)[0]}”), like (a|aa)+. On text that almost "
                                    "matches, an engine that backtracks tries every way of choosing between them, "
                                    "which can take minutes. Make the options start differently, or take the "
                                    "repeat off the choice")
        inside = _body(op, av)
        found = _walk(inside, pattern) if inside is not None else None
        if found is None and op is _C.BRANCH:
            for branch in av[1]:
                found = _walk(list(branch), pattern)
                if found:
                    break
        if found:
            return found
    return None


def _choices(body: list[Any]) -> Iterator[list[list[Any]]]:
    """The options of every choice at the top of a repeated part (inside plain groups too)."""
    for op, av in body:
        if op is _C.BRANCH:
            yield [list(b) for b in av[1]]
        elif op is _C.SUBPATTERN:
            yield from _choices(list(av[-1]))


def _pattern_lists(node: yaml.Node, where: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """(field, node) for every pattern under a pattern field, anywhere in the document."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{where}.{key.value}" if where else str(key.value)
            if key.value in PATTERN_FIELDS | PHRASE_FIELDS and isinstance(value, yaml.SequenceNode):
                for i, child in enumerate(value.value):
                    if isinstance(child, yaml.ScalarNode):
                        yield f"{name}[{i}]", child
            else:
                yield from _pattern_lists(value, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            yield from _pattern_lists(child, f"{where}[{i}]")


def check_pattern_file(path: Path) -> list[Problem]:
    """Every dangerous pattern in one YAML file."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # unreadable files are reported by the content check
    problems = []
    for field, node in _pattern_lists(root, "") if root is not None else ():
        phrase = field.rsplit(".", 1)[-1].split("[", 1)[0] in PHRASE_FIELDS
        for word in node.value.split() if phrase else [node.value]:
            why = why_dangerous(word)
            if why:
                shown = f"“{word}” in “{node.value}”" if phrase else f"“{word}”"
                problems.append(Problem(display_path(path), node.start_mark.line + 1, field, f"{shown} {why}"))
                break
    return problems


def check_patterns(root: Path | None = None) -> list[Problem]:
    """Every dangerous pattern in the course's content files."""
    content = CONTENT_DIR if root is None else root / "assets" / "content"
    return [p for path in sorted(content.rglob("*.y*ml")) for p in check_pattern_file(path)]
