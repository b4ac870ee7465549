"""Lesson 3's recovery-message checklist: the rules (read from YAML) and the review, as pure functions.

The rules live in ``assets/content/owning-mistakes/recovery.yaml`` so a coach can
change phrases and wording without touching Python. :func:`load_rules` checks the
file (every pattern must compile, every flag must name a checklist item, every
example must behave as the file says) and compiles each pattern once;
:func:`review` then reads a message against them and returns plain data.

Patterns are matched by RE2 (google-re2), an engine that never backtracks: its
time grows with the length of the message, whatever a coach writes, so no
pattern can hang a keystroke. (``fail-forward check`` still refuses patterns that
would backtrack catastrophically elsewhere; see ``widgets.tools.check.patterns``.)

Reading rules, in short: text in [square brackets] is a note to self and is
never checked; curly apostrophes are read as straight ones; a sentence ends at
. ! ? ; or a line break. A flag highlights a phrase, unless one of its
``unless`` patterns is in the same sentence; on a ``look_for`` item it cancels
that item's matches it overlaps (so "sorry for any inconvenience" is not counted
as an apology), or, with ``anywhere: true``, the whole item; an ``avoid`` item is
ticked unless one of its flags is found. An item with ``same_sentence: true``
needs its ``also_needs`` in the same sentence as its ``look_for`` (a next step and
its time). A flag's ``names`` (a courier, the weather, her handling) count only
beside one of its ``as_cause`` phrases in the same sentence ("did a number on",
"won't have helped"): blame is who or what is given as the cause of the break,
in whatever grammar, not a party merely mentioned.

Beside the flags sits an optional ``second_opinion`` on blame: a small linear model
(:mod:`widgets.rules.blame_model`, its weights in a JSON file next to the rules) that
reads each sentence. When no flag finds blame but the model is confident that a
sentence puts the cause on someone or something else, that sentence is highlighted
with the second opinion's note and its checklist point (``check``) is un-ticked.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from widgets.core import keys
from widgets.core.content import (
    CONTENT_DIR,
    ContentError,
    Context,
    Flag,
    ListOf,
    Record,
    Spec,
    Text,
    display_path,
    load,
    node_at,
    slug,
)
from widgets.rules.blame_model import TRAIN_COMMAND, BlameModel, load_model
from widgets.rules.coach_patterns import PATTERNS, Matcher

MAX_PATTERNS = 600  # in the whole file: with RE2 each costs a linear scan, so this bounds a keystroke
MAX_QUOTES = 3

State = Literal["found", "partly", "missing"]

# Curly quotes and the modifier apostrophe (U+02BC), one character for one, so offsets stay put.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "\u02bc": "'"})
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]*\]")
_WORD = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _item_shape(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    avoid = bool(data.get("avoid"))
    if avoid and "look_for" in data:
        ctx.add(node_at(node, "look_for"), f"{where}.look_for",
                "an 'avoid: true' item is ticked unless one of its flags is found, so it has no look_for")
    if not avoid and "look_for" not in data:
        ctx.add(node, f"{where}.look_for", "is missing (or set 'avoid: true' for an item ticked unless flagged)")
    if avoid and "also_needs" in data:
        ctx.add(node_at(node, "also_needs"), f"{where}.also_needs", "only works with look_for, not with 'avoid: true'")
    if data.get("same_sentence") and "also_needs" not in data:
        ctx.add(node_at(node, "same_sentence"), f"{where}.same_sentence",
                "only works with also_needs (it asks for also_needs in the same sentence as look_for)")
    if ("also_needs" in data) != ("partly" in data):
        have, lack = ("also_needs", "partly") if "also_needs" in data else ("partly", "also_needs")
        ctx.add(node_at(node, have), f"{where}.{lack}",
                f"is missing: {have} and {lack} go together (partly is what the learner reads when "
                "look_for matches but also_needs doesn't)")


class Checks(Spec):
    """One checklist id, or a list of them (a phrase can work against two points)."""

    expected = "a checklist id or a list of them"

    def __init__(self) -> None:
        self.one = slug(40)

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        if isinstance(node, yaml.SequenceNode):
            if not node.value:
                ctx.add(node, where, "needs at least one checklist id")
            return tuple(self.one.check(child, f"{where}[{i}]", ctx) for i, child in enumerate(node.value))
        return (self.one.check(node, where, ctx),)


EXAMPLES = ListOf(Text(max_length=500), min_items=0)
ITEM_SPEC = Record(
    {"id": slug(40), "label": Text(max_length=80), "found": Text(max_length=600), "missing": Text(max_length=600)},
    optional={"look_for": PATTERNS, "avoid": Flag(), "also_needs": PATTERNS, "same_sentence": Flag(),
              "partly": Text(max_length=600), "examples": EXAMPLES, "not_examples": EXAMPLES},
    rule=_item_shape,
)
def _flag_shape(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    if "patterns" not in data and "names" not in data:
        ctx.add(node, f"{where}.patterns", "is missing (or give names and as_cause: who or what is named, and "
                                           "the words that, in the same sentence, make it the cause)")
    if ("names" in data) != ("as_cause" in data):
        have, lack = ("names", "as_cause") if "names" in data else ("as_cause", "names")
        ctx.add(node_at(node, have), f"{where}.{lack}",
                "is missing: names and as_cause go together (a name is flagged only beside one of as_cause "
                "in the same sentence)")


FLAG_SPEC = Record(
    {"id": slug(40), "label": Text(max_length=80), "check": Checks(), "reason": Text(max_length=600)},
    optional={"patterns": PATTERNS, "names": PATTERNS, "as_cause": PATTERNS, "unless": PATTERNS,
              "anywhere": Flag(), "examples": EXAMPLES, "not_examples": EXAMPLES},
    rule=_flag_shape,
)
OPINION_SPEC = Record(
    {"id": slug(40), "label": Text(max_length=80), "check": slug(40),
     "model": Text(max_length=120, pattern=r"[\w.-]+\.json",
                   pattern_help="give the name of a .json file in this folder, like blame-model.json"),
     "reason": Text(max_length=600)},
    optional={"examples": EXAMPLES, "not_examples": EXAMPLES},
)


# -- the rules as plain data ----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One point of the checklist."""

    id: str
    label: str
    found: str
    missing: str
    look_for: tuple[Matcher, ...] = ()
    avoid: bool = False
    also_needs: tuple[Matcher, ...] = ()
    partly: str = ""
    same_sentence: bool = False


@dataclass(frozen=True)
class FlagRule:
    """Phrases that work against one checklist item, and why."""

    id: str
    label: str
    checks: tuple[str, ...]
    patterns: tuple[Matcher, ...]
    reason: str
    unless: tuple[Matcher, ...] = ()
    anywhere: bool = False  # on a look_for item: un-ticks it wherever found, not only the words it covers
    names: tuple[Matcher, ...] = ()  # flagged only beside one of as_cause in the same sentence
    as_cause: tuple[Matcher, ...] = ()

    @property
    def check(self) -> str:
        """The first checklist id it works against."""
        return self.checks[0]


@dataclass(frozen=True)
class SecondOpinion:
    """The model's reading of blame, heard only when no flag finds any: its note, and the point it un-ticks."""

    id: str
    label: str
    check: str
    reason: str
    model: BlameModel

    @property
    def flag(self) -> FlagRule:
        """The note it makes, as a flag with no patterns of its own."""
        return FlagRule(self.id, self.label, (self.check,), (), self.reason)


@dataclass(frozen=True)
class RecoveryRules:
    """Everything the workshop needs: its words, the checklist and the flags."""

    title: str
    intro: str
    placeholder: str
    skeleton: str
    empty: str
    all_found: str
    checklist: tuple[Item, ...]
    flags: tuple[FlagRule, ...]
    second_opinion: SecondOpinion | None = None


# -- reviewing a message ---------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """How one checklist item stands: found, partly (a next step with no time), or missing."""

    id: str
    label: str
    state: State
    message: str
    evidence: tuple[str, ...] = ()  # the words that ticked it, as written
    notes: tuple[int, ...] = ()  # numbers of the notes (flags) that work against it

    @property
    def done(self) -> bool:
        return self.state == "found"


@dataclass(frozen=True)
class Note:
    """A numbered note under the preview: one flag, the phrases it found, and the reason."""

    number: int
    flag: str
    label: str
    check: str
    reason: str
    quotes: tuple[str, ...]
    checks: tuple[str, ...] = ()  # every checklist id it works against (check is the first)


@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of the message (character offsets), with the notes it belongs to."""

    start: int
    end: int
    notes: tuple[int, ...]


@dataclass(frozen=True)
class Review:
    """The checklist for one message, as plain data."""

    empty: bool
    findings: tuple[Finding, ...]
    notes: tuple[Note, ...] = ()
    marks: tuple[Mark, ...] = ()
    placeholders: int = 0  # parts still in [square brackets]

    @property
    def done(self) -> int:
        return sum(f.done for f in self.findings)

    @property
    def total(self) -> int:
        return len(self.findings)

    @property
    def complete(self) -> bool:
        """Every item ticked (flags may still be highlighted)."""
        return not self.empty and self.done == self.total

    @property
    def clean(self) -> bool:
        """Every item ticked, nothing highlighted, nothing left in brackets."""
        return self.complete and not self.notes and not self.placeholders

    def finding(self, item_id: str) -> Finding:
        """The finding for one checklist id."""
        found = next((f for f in self.findings if f.id == item_id), None)
        if found is None:
            raise KeyError(f"no checklist item {item_id!r} (known: {', '.join(f.id for f in self.findings)})")
        return found

    def to_data(self) -> dict[str, Any]:
        """JSON-ready, for the playbook."""
        return {
            "empty": self.empty, "done": self.done, "total": self.total, "complete": self.complete,
            "items": [{"id": f.id, "label": f.label, "state": f.state, "evidence": list(f.evidence)}
                      for f in self.findings],
            "flags": [{"id": n.flag, "label": n.label, "check": n.check, "checks": list(n.checks or (n.check,)),
                       "quotes": list(n.quotes)} for n in self.notes],
            "placeholders": self.placeholders,
        }


def prepare(text: str) -> str:
    """The text as the patterns read it: same length, straight apostrophes, [notes to self] blanked."""
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text.translate(_APOSTROPHES))


def sentences(text: str) -> list[int]:
    """Where each sentence ends (offsets of . ! ? ; and line breaks, then the end of the text)."""
    return [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]


def sentence_spans(text: str, ends: list[int] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every sentence that has a word in it, without the spaces around it or its last stop."""
    spans = []
    start = 0
    for end in sentences(text) if ends is None else ends:
        part = text[start:end]
        if _WORD.search(part):
            lead = len(part) - len(part.lstrip())
            spans.append((start + lead, start + len(part.rstrip())))
        start = end + 1
    return spans


def _sentence(ends: list[int], at: int) -> int:
    """The number of the sentence holding offset ``at``."""
    return bisect.bisect_left(ends, at)


def _free(patterns: tuple[Matcher, ...], text: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every match of any pattern that no blocking span overlaps, in text order."""
    spans = {(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)}
    return sorted((s, e) for s, e in spans
                  if e > s and not any(s < end and start < e for start, end in blocked))


def _flag_hits(text: str, rules: RecoveryRules, ends: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, flag index) of every flagged phrase in text order, one flag's overlapping matches merged.
    A match is dropped when one of the flag's ``unless`` patterns is in the same sentence."""
    hits: list[tuple[int, int, int]] = []
    for i, flag in enumerate(rules.flags):
        spans = sorted({(m.start(), m.end()) for pattern in flag.patterns for m in pattern.finditer(text)}
                       | _named_as_cause(flag, text, ends))
        if flag.unless and spans:
            excused = {_sentence(ends, m.start()) for pattern in flag.unless for m in pattern.finditer(text)}
            spans = [(s, e) for s, e in spans if _sentence(ends, s) not in excused]
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        hits.extend((start, end, i) for start, end in merged)
    return sorted(hits)


def _named_as_cause(flag: FlagRule, text: str, ends: list[int]) -> set[tuple[int, int]]:
    """Each of the flag's names that has one of its as_cause phrases in the same sentence, as one span from
    the name to the nearest such phrase ("the delivery firm did a number on")."""
    if not flag.names:
        return set()
    causes: dict[int, list[tuple[int, int]]] = {}
    for pattern in flag.as_cause:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                causes.setdefault(_sentence(ends, m.start()), []).append((m.start(), m.end()))
    if not causes:
        return set()
    for found in causes.values():
        found.sort()
    spans = set()
    for pattern in flag.names:
        for m in pattern.finditer(text):
            near = causes.get(_sentence(ends, m.start()))
            if not near or m.end() == m.start():
                continue
            # the closest cause is the last one starting before the name or the first one after it
            i = bisect.bisect_left(near, (m.start(), m.end()))
            start, end = min(near[max(0, i - 1):i + 1], key=lambda c: min(abs(c[0] - m.end()), abs(m.start() - c[1])))
            spans.add((min(start, m.start()), max(end, m.end())))
    return spans


def _marks(hits: list[tuple[int, int, int]], number: dict[int, int]) -> tuple[Mark, ...]:
    """Overlapping hits merged into one mark carrying all their note numbers."""
    marks: list[Mark] = []
    for start, end, flag in hits:
        if marks and start < marks[-1].end:
            last = marks[-1]
            notes = tuple(sorted({*last.notes, number[flag]}))
            marks[-1] = Mark(last.start, max(last.end, end), notes)
        else:
            marks.append(Mark(start, end, (number[flag],)))
    return tuple(marks)


def _assess(item: Item, text: str, original: str, flagged: list[tuple[int, int]], cancelled: bool,
            notes: tuple[int, ...], ends: list[int]) -> Finding:
    if item.avoid:  # ticked when there are words of her own to read and none of them is flagged
        if flagged or not _WORD.search(text):
            return Finding(item.id, item.label, "missing", item.missing, (), notes)
        return Finding(item.id, item.label, "found", item.found, (), notes)
    if cancelled:
        return Finding(item.id, item.label, "missing", item.missing, (), notes)
    steps = _free(item.look_for, text, flagged)
    if not steps:
        return Finding(item.id, item.label, "missing", item.missing, (), notes)
    first = steps[0]
    if not item.also_needs:
        return Finding(item.id, item.label, "found", item.found, (original[first[0]:first[1]],), notes)
    whens = _free(item.also_needs, text, flagged)
    pair: tuple[tuple[int, int], tuple[int, int]] | None = None
    if item.same_sentence:
        by_sentence: dict[int, tuple[int, int]] = {}
        for when in whens:
            by_sentence.setdefault(_sentence(ends, when[0]), when)
        pair = next(((step, by_sentence[_sentence(ends, step[0])]) for step in steps
                     if _sentence(ends, step[0]) in by_sentence), None)
    elif whens:
        pair = (first, whens[0])
    if pair is None:
        return Finding(item.id, item.label, "partly", item.partly, (original[first[0]:first[1]],), notes)
    step, when = pair
    evidence = [original[step[0]:step[1]]]
    if when != step:
        evidence.append(original[when[0]:when[1]])
    return Finding(item.id, item.label, "found", item.found, tuple(evidence), notes)


def review(message: str, rules: RecoveryRules) -> Review:
    """Read a message against the checklist; an empty message ticks nothing."""
    original = "" if message is None else str(message)
    text = prepare(original)
    if not original.strip():
        return Review(True, tuple(Finding(i.id, i.label, "missing", i.missing) for i in rules.checklist))
    ends = sentences(text)
    hits = _flag_hits(text, rules, ends)
    flags = rules.flags
    opinion = rules.second_opinion
    if opinion is not None and not any(opinion.check in flags[f].checks for _s, _e, f in hits):
        heard = [(s, e, len(flags)) for s, e, _p in opinion.model.blaming(text, sentence_spans(text, ends))]
        if heard:
            flags = (*flags, opinion.flag)
            hits = sorted(hits + heard)
    number: dict[int, int] = {}
    for _start, _end, flag in hits:
        number.setdefault(flag, len(number) + 1)
    notes = []
    for flag, n in number.items():
        quotes = list(dict.fromkeys(original[s:e] for s, e, f in hits if f == flag))
        rule = flags[flag]
        notes.append(Note(n, rule.id, rule.label, rule.check, rule.reason, tuple(quotes[:MAX_QUOTES]), rule.checks))
    findings = []
    for item in rules.checklist:
        against = [(s, e, f) for s, e, f in hits if item.id in flags[f].checks]
        spans = [(s, e) for s, e, _f in against]
        cancelled = any(flags[f].anywhere for _s, _e, f in against)
        refs = tuple(sorted({number[f] for _s, _e, f in against}))
        findings.append(_assess(item, text, original, spans, cancelled, refs, ends))
    return Review(False, tuple(findings), tuple(notes), _marks(hits, number),
                  len(_PLACEHOLDER.findall(original)))


# -- loading and checking the file --------------------------------------------------------------


def _build(data: dict[str, Any]) -> RecoveryRules:
    items = tuple(Item(d["id"], d["label"], d["found"], d["missing"], tuple(d.get("look_for", ())),
                       bool(d.get("avoid")), tuple(d.get("also_needs", ())), d.get("partly", ""),
                       bool(d.get("same_sentence")))
                  for d in data["checklist"])
    flags = tuple(FlagRule(d["id"], d["label"], tuple(d["check"]), tuple(d.get("patterns", ())), d["reason"],
                           tuple(d.get("unless", ())), bool(d.get("anywhere")), tuple(d.get("names", ())),
                           tuple(d.get("as_cause", ())))
                  for d in data["flags"])
    opinion = None
    if "second_opinion" in data:  # read, unless loaded without it
        d = data["second_opinion"]
        opinion = SecondOpinion(d["id"], d["label"], d["check"], d["reason"], d[_LOADED]) if _LOADED in d else None
    return RecoveryRules(data["title"], data["intro"], data.get("placeholder", ""), data["skeleton"],
                         data["empty"], data["all_found"], items, flags, opinion)


def _examples(entry: dict[str, Any]) -> Iterator[tuple[str, bool, int, str]]:
    """(field, whether it should tick or be flagged, index, example) for an entry's examples."""
    for field, should in (("examples", True), ("not_examples", False)):
        for j, example in enumerate(entry.get(field, ())):
            yield field, should, j, example


def _cross_check(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    """Flags name real items, avoid items have flags, and there aren't too many patterns."""
    ids = [item["id"] for item in data["checklist"]]
    for i, flag in enumerate(data["flags"]):
        for check in flag["check"]:
            if check not in ids:
                ctx.add(node_at(node, "flags", i, "check"), f"flags[{i}].check",
                        f"{check!r} is not a checklist id (known: {', '.join(ids)})")
    count = sum(len(entry.get(field, ())) for part in ("checklist", "flags") for entry in data[part]
                for field in ("look_for", "also_needs", "patterns", "unless", "names", "as_cause"))
    if count > MAX_PATTERNS:
        ctx.add(node, "", f"has {count} patterns; at most {MAX_PATTERNS} keep the checklist quick as she types")
    for i, item in enumerate(data["checklist"]):
        if item.get("avoid") and not any(item["id"] in f["check"] for f in data["flags"]):
            ctx.add(node_at(node, "checklist", i, "avoid"), f"checklist[{i}].avoid",
                    f"no flag has 'check: {item['id']}', so this item would always be ticked")
    opinion = data.get("second_opinion")
    if opinion is not None:
        avoid = [item["id"] for item in data["checklist"] if item.get("avoid")]
        if opinion["check"] not in avoid:
            ctx.add(node_at(node, "second_opinion", "check"), "second_opinion.check",
                    f"{opinion['check']!r} is not an 'avoid: true' checklist id (the second opinion can only "
                    f"un-tick such a point; known: {', '.join(avoid) or 'none'})")


_LOADED = "_model"  # where the second opinion's model, once read, waits for _build


def _load_opinion(data: dict[str, Any], node: yaml.MappingNode, folder: Path, ctx: Context) -> None:
    """Read the second opinion's model file (next to the rules); its own problems name it and the field."""
    opinion = data.get("second_opinion")
    if opinion is None:
        return
    path = folder / opinion["model"]
    if not path.is_file():
        ctx.add(node_at(node, "second_opinion", "model"), "second_opinion.model",
                f"names {opinion['model']}, which is not in {display_path(folder)}/: make it with "
                f"`{TRAIN_COMMAND}`, or take the second_opinion section out")
        return
    try:
        opinion[_LOADED] = load_model(path)
    except ContentError as error:
        ctx.problems.extend(error.problems)


def _try_examples(data: dict[str, Any], node: yaml.MappingNode, ctx: Context) -> None:
    """Every example behaves as the file says."""
    rules = _build(data)
    for i, item in enumerate(rules.checklist):
        for field, should, j, example in _examples(data["checklist"][i]):
            finding = review(example, rules).finding(item.id)
            if finding.done != should:
                verb = "doesn't tick" if should else "ticks"
                ctx.add(node_at(node, "checklist", i, field, j), f"checklist[{i}].{field}[{j}]",
                        f"{example!r} {verb} {item.label!r} ({finding.state})")
    for i, flag in enumerate(rules.flags):
        for field, should, j, example in _examples(data["flags"][i]):
            flagged = any(n.flag == flag.id for n in review(example, rules).notes)
            if flagged != should:
                verb = "isn't flagged" if should else "is flagged"
                ctx.add(node_at(node, "flags", i, field, j), f"flags[{i}].{field}[{j}]",
                        f"{example!r} {verb} by this flag's patterns")
    opinion = rules.second_opinion
    if opinion is None:
        return
    for field, should, j, example in _examples(data["second_opinion"]):
        result = review(example, rules)
        if any(n.flag == opinion.id for n in result.notes) == should:
            continue
        text = prepare(example)
        sure = max((opinion.model.probability(text[s:e]) for s, e in sentence_spans(text)), default=0.0)
        if should and any(opinion.check in n.checks for n in result.notes):
            why = "a flag already catches it, and the second opinion is only heard when no flag does"
        else:
            verb = "isn't" if should else "is"
            why = (f"{verb} flagged by the second opinion: the model is {sure:.0%} sure, and it needs "
                   f"{opinion.model.threshold:.0%}")
        ctx.add(node_at(node, "second_opinion", field, j), f"second_opinion.{field}[{j}]", f"{example!r}: {why}")


_FIELDS = {"title": Text(max_length=80), "intro": Text(max_length=1200), "skeleton": Text(max_length=2000),
           "empty": Text(max_length=400), "all_found": Text(max_length=400),
           "checklist": ListOf(ITEM_SPEC, unique_by="id"), "flags": ListOf(FLAG_SPEC, unique_by="id")}
_OPTIONAL = {"placeholder": Text(max_length=200), "second_opinion": OPINION_SPEC}


def rules_spec(folder: Path, *, examples: bool = True, second_opinion: bool = True) -> Record:
    """The spec of a rules file in ``folder`` (where its second opinion's model is). In a lesson's kernel the
    examples aren't re-run (about 130 reviews, a third of a second at start): ``fail-forward check`` and the tests
    run them on every change to the file. Without ``second_opinion`` its model isn't read (the rules then have
    none): that is how the model is trained, even when its file is missing or broken."""
    def rule(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
        _cross_check(data, node, where, ctx)
        if second_opinion and not ctx.problems:
            _load_opinion(data, node, folder, ctx)
        if examples and not ctx.problems:
            _try_examples(data, node, ctx)

    return Record(_FIELDS, optional=_OPTIONAL, rule=rule)


def rules_file() -> Path:
    """Where the checklist lives."""
    return CONTENT_DIR / keys.OWNING_MISTAKES / "recovery.yaml"


def load_rules(path: Path, *, examples: bool = True, second_opinion: bool = True) -> RecoveryRules:
    """Read, check and compile the rules; raises ``ContentError`` naming file, line and field.
    With ``examples`` (the default) every example and not_example is also tried; without ``second_opinion``
    the rules have none (its model file isn't read)."""
    return _build(load(path, rules_spec(path.parent, examples=examples and second_opinion,
                                        second_opinion=second_opinion)))


@functools.cache
def recovery_rules() -> RecoveryRules:
    """The rules, read and compiled once per kernel (examples are tried by ``fail-forward check``)."""
    return load_rules(rules_file(), examples=False)
