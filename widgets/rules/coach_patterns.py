"""Patterns a coach writes in a content file: compiled by RE2, checked with file, line and field.

RE2 (google-re2) never backtracks: its time grows with the text it reads, never
with the shape of the pattern, so nothing a coach writes can hang a keystroke.
Every reader of free text (the recovery checklist, the reframing drill, the
debrief hints) compiles its patterns here. ``fail-forward check`` also refuses
patterns that would backtrack catastrophically in other tools
(``widgets.tools.check.patterns``).

:class:`Pattern` checks one pattern; :class:`PhraseSet` is a list of patterns
with optional ``unless`` patterns that cancel the matches they overlap;
:class:`Words` is a list of plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import re2
import yaml

from widgets.core.content import Context, ListOf, Record, Spec, Text

MAX_PATTERN = 600

_PROBE = "Hi Anna, I'm sorry. 1 x"  # a pattern with an empty match here would match every message
_UNSUPPORTED = (("(?=", "a look-ahead (?=…)"), ("(?!", "a look-ahead (?!…)"), ("(?<=", "a look-behind (?<=…)"),
                ("(?<!", "a look-behind (?<!…)"))


class Match(Protocol):
    """What the checker reads from a match (re2's and re's matches both have it)."""

    def start(self) -> int: ...

    def end(self) -> int: ...


class Matcher(Protocol):
    """A compiled pattern."""

    pattern: str

    def finditer(self, text: str) -> Iterable[Match]: ...

    def search(self, text: str) -> Match | None: ...


def _options() -> Any:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a coach's typo is reported in the check, not printed by the engine
    return options


_RE2 = _options()


def compile_pattern(text: str) -> Matcher:
    """A pattern compiled by RE2, ignoring capital letters; raises ``ValueError`` saying what is wrong."""
    try:
        compiled: Matcher = re2.compile(text, _RE2)
    except re2.error as error:
        detail = error.args[0] if error.args else error
        why = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        for token, name in _UNSUPPORTED:
            if token in text:
                raise ValueError(f"uses {name}, which these patterns can't have (they are matched without "
                                 "backtracking, so nothing a coach writes can slow the page down). Put the "
                                 "exception under the flag's 'unless:' instead") from None
        if re.search(r"\\[1-9]", text):
            raise ValueError("refers back to an earlier group (\\1, \\2 …), which these patterns can't have") from None
        raise ValueError(why) from None
    return compiled


class Pattern(Spec):
    """A regular expression, matched case-insensitively; reported with the regex's own error."""

    expected = "a pattern"

    def __init__(self) -> None:
        self.text = Text(max_length=MAX_PATTERN)

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        before = len(ctx.problems)
        value = self.text.check(node, where, ctx)
        if value is None or len(ctx.problems) > before:
            return None
        if any(ord(c) < 32 for c in value):
            ctx.add(node, where, f"{value!r} contains a control character: in double quotes YAML reads \\b as "
                                 "a backspace. Write the pattern without quotes, or in single quotes")
            return None
        try:
            compiled = compile_pattern(value)
        except ValueError as error:
            try:
                re.compile(value)
            except re.error as python:  # Python's message names the position, which RE2's doesn't
                at = f" at position {python.pos}" if python.pos is not None else ""
                ctx.add(node, where, f"“{value}” is not a valid pattern: {python.msg}{at}")
                return None
            ctx.add(node, where, f"“{value}” is not a valid pattern: {error}")
            return None
        if any(m.end() == m.start() for m in compiled.finditer(_PROBE)):
            ctx.add(node, where, f"“{value}” can match an empty stretch of text, so it would match every "
                                 "message; make every part of it required")
            return None
        return compiled


PATTERNS = ListOf(Pattern())


@dataclass(frozen=True)
class PhraseSet:
    """Patterns, and the ``unless`` patterns that cancel any match they overlap ("team" in "team lead")."""

    patterns: tuple[Matcher, ...] = ()
    unless: tuple[Matcher, ...] = ()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every match not overlapped by an ``unless`` match, in text order."""
        found = sorted({(m.start(), m.end()) for p in self.patterns for m in p.finditer(text) if m.end() > m.start()})
        if not found or not self.unless:
            return found
        blocked = [(m.start(), m.end()) for p in self.unless for m in p.finditer(text)]
        return [(s, e) for s, e in found if not any(s < be and bs < e for bs, be in blocked)]

    def first(self, text: str) -> str | None:
        """The first matching words, or None."""
        spans = self.spans(text)
        return text[spans[0][0]:spans[0][1]] if spans else None

    def __bool__(self) -> bool:
        return bool(self.patterns)


def phrase_set(data: dict[str, Any] | None) -> PhraseSet:
    """A :data:`PHRASES` record as compiled patterns."""
    data = data or {}
    return PhraseSet(tuple(data.get("patterns") or ()), tuple(data.get("unless") or ()))


PHRASES = Record({"patterns": PATTERNS}, optional={"unless": PATTERNS})
"""A list of patterns under ``patterns:``, optionally with ``unless:``."""

WORDS = Record({"words": ListOf(Text(max_length=60))})
"""A list of plain words under ``words:``."""


def words_of(data: dict[str, Any] | None) -> frozenset[str]:
    """A :data:`WORDS` record as a set of lower-case words."""
    return frozenset(w.lower() for w in (data or {}).get("words") or ())
