"""Lesson 4's team debrief: its six fields, their content, and the hints on an answer (pure functions)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, Context, Record, Text, load, node_at
from widgets.rules.coach_patterns import PHRASES, WORDS, PhraseSet, phrase_set, words_of

MAX_FIELD = 1000


FIELDS = ("happened", "impact", "system", "change", "owner", "deadline")


SHORT_FIELDS = frozenset({"owner", "deadline"})


class DebriefNote(NamedTuple):
    """One piece of feedback: the field it is about ('' for the whole debrief), its kind, the message."""

    field: str
    kind: str  # "hint" | "success"
    message: str


# The hints read the answers with patterns from debrief.yaml's ``hints`` (coach-editable, RE2: see
# ``widgets.rules.coach_patterns``). How they combine is below; what each list holds is documented in the file.


@dataclass(frozen=True)
class SystemHints:
    """How "which system failed" is read: a who (a person, an outside party) or a how (a routine)."""

    hint: str
    who: PhraseSet
    names: PhraseSet
    not_a_name: frozenset[str]
    slip: PhraseSet
    effort: PhraseSet
    outside: PhraseSet
    routine: PhraseSet
    weakness: PhraseSet


@dataclass(frozen=True)
class ChangeHints:
    hint: str
    vague: PhraseSet
    concrete: PhraseSet


@dataclass(frozen=True)
class OwnerHints:
    hint: str
    group: PhraseSet
    department: PhraseSet
    two_people: PhraseSet
    one_person: frozenset[str]
    not_a_name: frozenset[str]


@dataclass(frozen=True)
class DeadlineHints:
    hint: str
    dates: PhraseSet


@dataclass(frozen=True)
class DebriefHints:
    """Everything the hints read answers with, and what they say."""

    empty: Mapping[str, str]
    placeholder: PhraseSet
    system: SystemHints
    change: ChangeHints
    owner: OwnerHints
    deadline: DeadlineHints
    success: str


SHORT_WHO = 8  # "Staff.", "Dan, again.", "Whoever was on packing that Tuesday.": a who and nothing else
_SENTENCE = re.compile(r"[^.!?;\n]+")


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").strip()


def _hints(hints: DebriefHints | None) -> DebriefHints:
    return hints if hints is not None else debrief_hints()


def is_placeholder(text: str, hints: DebriefHints | None = None) -> bool:
    """True when an answer holds nothing yet: empty, or only "TBC", "?", "-"."""
    plain = _plain(text)
    return not plain or any(m.start() == 0 and m.end() == len(plain)
                            for p in _hints(hints).placeholder.patterns for m in p.finditer(plain))


def _who(rules: SystemHints, text: str) -> bool:
    """A role, the writer, or a name ("Dan didn't"), less capitalised words that aren't names ("Friday,")."""
    if rules.who.spans(text):
        return True
    return any(text[s:e].strip(" ,.!?").split()[0].lower() not in rules.not_a_name
               for s, e in rules.names.spans(text) if text[s:e].strip(" ,.!?").split())


def owner_is_a_group(owner: str, hints: DebriefHints | None = None) -> bool:
    """True when 'who owns it' is a group or nobody ('we', 'the team', 'TBD') rather than one person."""
    rules = _hints(hints).owner
    text = _plain(owner)
    if rules.department.spans(text) or rules.two_people.spans(text):
        return True
    if not rules.group.spans(text):
        return False
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text):
        lower = word.lower()
        if lower in rules.one_person or (word[0].isupper() and lower not in rules.not_a_name):
            return False  # a name or 'me' alongside the group: someone is named
    return True


def has_a_date(deadline: str, hints: DebriefHints | None = None) -> bool:
    """True when 'by when' holds a date or a concrete time ('Friday', '30 June', 'in 2 weeks', 'tomorrow')."""
    return bool(_hints(hints).deadline.dates.spans(_plain(deadline)))


def blames_a_person(system: str, hints: DebriefHints | None = None) -> bool:
    """True when 'which system failed' gives a who rather than a how (see debrief.yaml's hints.system)."""
    rules = _hints(hints).system
    text = _plain(system)
    weakness = bool(rules.weakness.spans(text))
    for sentence in _SENTENCE.finditer(text):
        part = sentence.group(0)
        if _who(rules, part) and rules.slip.spans(part):
            return True  # one of us who slipped, even beside a step (ruling 8)
        if rules.outside.spans(part) and rules.slip.spans(part) and not weakness:
            return True  # an outside party as the cause, with no routine of ours (ruling 11)
    if weakness:
        return False
    if rules.effort.spans(text):
        return True
    short = len(text.split()) <= SHORT_WHO
    return short and (_who(rules, text) or bool(rules.outside.spans(text))) and not rules.routine.spans(text)


def is_vague_change(change: str, hints: DebriefHints | None = None) -> bool:
    """True when 'what we change' is a resolution ('be more careful') rather than a change to a system."""
    rules = _hints(hints).change
    text = _plain(change)
    return bool(rules.vague.spans(text)) and not rules.concrete.spans(text)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


_PROBLEM = {"system": "blames-person", "change": "vague", "owner": "group", "deadline": "no-date"}
_HAS_PROBLEM = {"system": blames_a_person, "change": is_vague_change, "owner": owner_is_a_group,
                "deadline": lambda text, hints: not has_a_date(text, hints)}


def _verdicts(answers: Mapping[str, str], rules: DebriefHints) -> dict[str, str]:
    verdicts = {}
    for name in FIELDS:
        text = answers[name]
        if not text or is_placeholder(text, rules):
            verdicts[name] = "empty"
        elif name in _HAS_PROBLEM and _HAS_PROBLEM[name](text, rules):
            verdicts[name] = _PROBLEM[name]
        else:
            verdicts[name] = "ok"
    return verdicts


def debrief_review(record: Mapping[str, Any], hints: DebriefHints | None = None) -> list[DebriefNote]:
    """Hints on the debrief in the order it is asked, at most one per field; one success note when none."""
    rules = _hints(hints)
    answers = {name: str(record.get(name) or "").strip() for name in FIELDS}
    if not any(answers.values()):
        return [DebriefNote("happened", "hint", rules.empty["happened"])]
    notes: list[DebriefNote] = []
    for name, verdict in _verdicts(answers, rules).items():
        if verdict == "empty":
            notes.append(DebriefNote(name, "hint", rules.empty[name]))
        elif verdict == "blames-person":
            notes.append(DebriefNote(name, "hint", rules.system.hint))
        elif verdict == "vague":
            phrase = rules.change.vague.first(_plain(answers[name])) or answers[name]
            message = rules.change.hint.replace("{phrase}", phrase[:1].upper() + phrase[1:])
            notes.append(DebriefNote(name, "hint", message))
        elif verdict == "group":
            notes.append(DebriefNote(name, "hint", rules.owner.hint))
        elif verdict == "no-date":
            notes.append(DebriefNote(name, "hint", rules.deadline.hint))
    if notes:
        return notes
    return [DebriefNote("", "success", rules.success.replace("{owner}", _short(answers["owner"]))
                        .replace("{deadline}", _short(answers["deadline"])))]


@dataclass(frozen=True)
class DebriefField:
    """How one answer is asked: its label, a helping prompt and an example answer."""

    label: str
    prompt: str
    example: str


@dataclass(frozen=True)
class DebriefContent:
    """The debrief card's title, intro and its six fields."""

    title: str
    intro: str
    fields: Mapping[str, DebriefField]
    hints: DebriefHints | None = None  # None: the course's own (a debrief for one borrows them)


def _build_hints(data: dict[str, Any]) -> DebriefHints:
    system, change, owner, deadline = (data[name] for name in ("system", "change", "owner", "deadline"))
    return DebriefHints(
        dict(data["empty"]), phrase_set(data["placeholder"]),
        SystemHints(system["hint"], phrase_set(system["who"]), phrase_set(system["names"]),
                    words_of(system["not_a_name"]),
                    phrase_set(system["slip"]), phrase_set(system["effort"]), phrase_set(system["outside"]),
                    phrase_set(system["routine"]), phrase_set(system["weakness"])),
        ChangeHints(change["hint"], phrase_set(change["vague"]), phrase_set(change["concrete"])),
        OwnerHints(owner["hint"], phrase_set(owner["group"]), phrase_set(owner["department"]),
                   phrase_set(owner["two_people"]), words_of(owner["one_person"]), words_of(owner["not_a_name"])),
        DeadlineHints(deadline["hint"], phrase_set(deadline["dates"])), data["success"])


def _examples_pass(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    """The example debrief must pass the check learners get, or the example teaches the wrong thing."""
    examples = {name: data["fields"][name]["example"] for name in FIELDS}
    for note in debrief_review(examples, _build_hints(data["hints"])):
        if note.kind == "hint":
            place = node_at(node, "fields", note.field, "example")
            ctx.add(place, f"fields.{note.field}.example", f"the example would get this hint: {note.message}")


FIELD_SPEC = Record({"label": Text(max_length=80), "prompt": Text(max_length=300), "example": Text(max_length=400)})

_HINT = Text(max_length=600)
HINTS_SPEC = Record({
    "empty": Record({name: Text(max_length=300) for name in FIELDS}),
    "placeholder": PHRASES,
    "system": Record({"hint": _HINT, "who": PHRASES, "names": PHRASES, "not_a_name": WORDS, "slip": PHRASES,
                      "effort": PHRASES, "outside": PHRASES, "routine": PHRASES, "weakness": PHRASES}),

    "change": Record({"hint": _HINT, "vague": PHRASES, "concrete": PHRASES}),
    "owner": Record({"hint": _HINT, "group": PHRASES, "department": PHRASES, "two_people": PHRASES,
                     "one_person": WORDS, "not_a_name": WORDS}),
    "deadline": Record({"hint": _HINT, "dates": PHRASES}),
    "success": _HINT,
})


DEBRIEF_SPEC = Record({"title": Text(max_length=80), "intro": Text(max_length=800),
                       "fields": Record({name: FIELD_SPEC for name in FIELDS}), "hints": HINTS_SPEC},
                      rule=_examples_pass)


def debrief_file() -> Path:
    """Where the debrief's labels, prompts and example live."""
    return CONTENT_DIR / keys.TEAM / "debrief.yaml"


def load_debrief_content(path: Path) -> DebriefContent:
    """Read and check the debrief's content file."""
    data = load(path, DEBRIEF_SPEC)
    fields = {name: DebriefField(**data["fields"][name]) for name in FIELDS}
    return DebriefContent(data["title"], data["intro"], fields, _build_hints(data["hints"]))


@functools.cache
def debrief_content() -> DebriefContent:
    """The content, read once per kernel."""
    return load_debrief_content(debrief_file())


def debrief_hints() -> DebriefHints:
    """The hints from debrief.yaml, read once per kernel."""
    hints = debrief_content().hints
    assert hints is not None  # load_debrief_content always reads them
    return hints


def restore_record(saved: Any) -> dict[str, str]:
    """A saved debrief, with every field present; anything malformed becomes empty."""
    data = saved if isinstance(saved, dict) else {}
    return {name: data[name][:MAX_FIELD] if isinstance(data.get(name), str) else "" for name in FIELDS}


def field_verdicts(record: Mapping[str, Any], hints: DebriefHints | None = None) -> dict[str, str]:
    """Each field as the hints judge it: "ok", "empty", or its own problem ("blames-person", "vague", "group",
    "no-date"), for measuring the hints against hand-labelled debriefs."""
    answers = {name: str(record.get(name) or "").strip() for name in FIELDS}
    if not any(answers.values()):
        return {name: "empty" for name in FIELDS}
    return _verdicts(answers, _hints(hints))
