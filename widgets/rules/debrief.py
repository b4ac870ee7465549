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

MAX_FIELD = 1000


FIELDS = ("happened", "impact", "system", "change", "owner", "deadline")


SHORT_FIELDS = frozenset({"owner", "deadline"})


class DebriefNote(NamedTuple):
    """One piece of feedback: the field it is about ('' for the whole debrief), its kind, the message."""

    field: str
    kind: str  # "hint" | "success"
    message: str


MISSING = {
    "happened": "Start with what happened: the facts, in a sentence or two.",
    "impact": "Add the impact on the customer: what did they expect, and what did they get?",
    "system": "Name the system or operation that was compromised — the step that should have caught it.",
    "change": "Say what you'll change, so it doesn't happen the same way again.",
    "owner": "Name who owns the change.",
    "deadline": "Say by when the change will be in place.",
}


_GROUP = re.compile(r"\b(we|us|our team|the team|team|everyone|everybody|all of us|all|nobody|no one|none|someone|"
                    r"somebody|anyone|anybody|whoever|tbd|tbc|n/?a|not sure|unknown)\b(?!\s*lead)", re.IGNORECASE)


_NOT_A_NAME = frozenset({"we", "us", "our", "team", "the", "everyone", "everybody", "all", "of", "nobody", "no", "one",
                         "none", "someone", "somebody", "anyone", "anybody", "whoever", "tbd", "tbc", "n", "a", "not",
                         "sure", "unknown", "yet", "and", "with", "together"})


_ONE_PERSON = frozenset({"i", "me", "myself"})


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"


_MONTH = (r"(?:january|february|march|april|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)")


_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


_WHEN = re.compile("|".join((
    rf"\b{_WEEKDAY}\b", rf"\b{_MONTH}\b",
    r"\b(?:by|in|of|before|until|mid|early|late)[- ]may\b", r"\d\s*may\b", r"\bmay\s*\d",
    r"\b\d{4}-\d{1,2}-\d{1,2}\b", r"\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b", r"\b\d{1,2}(?:st|nd|rd|th)\b",
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b", r"\b\d{1,2}:\d{2}\b",
    r"\b(?:today|tonight|tomorrow|tmrw|noon|midday|midnight|eod|eow)\b",
    r"\b(?:this|next)\s+(?:week|weekend|month|quarter)\b", r"\bend of (?:the )?(?:day|week|month|quarter)\b",
    r"\b(?:by|before|over) the weekend\b", r"\bq[1-4]\b", r"\bfortnight\b",
    r"\b(?:in|within)\s+(?:a\s+)?couple\s+of\s+(?:days|weeks)\b",
    rf"\b(?:in|within)\s+{_COUNT}\s+(?:hours?|days?|weeks?|months?)\b",
    rf"\b{_COUNT}\s+(?:days?|weeks?|months?)\s+from\s+(?:now|today)\b",
)), re.IGNORECASE)


_BLAME = re.compile(r"\b(forg[oe]t\w*|didn'?t|did not|failed to|messed up|screwed up|dropped the ball|careless\w*|"
                    r"lazy|sloppy|(?:not|wasn'?t|weren'?t) paying attention|should(?:'ve| have)|"
                    r"(?:human|their|his|her) (?:error|mistake)|(?:\w+'s|his|her|their) fault|to blame|blamed?|"
                    r"new (?:hire|guy|girl|person|starter|employee)|newbie|intern|temp|trainee|rookie)\b",
                    re.IGNORECASE)


_SYSTEM = re.compile(r"\b(system\w*|process\w*|check-?lists?|templates?|routines?|hand-?offs?|hand-?overs?|"
                     r"procedures?|workflows?|steps?|reminders?|calendars?|schedul\w*|training|onboarding|"
                     r"polic(?:y|ies)|tools?|software|spreadsheets?|automat\w*|rotas?|queues?|inbox\w*|forms?|"
                     r"sign-?offs?|proof\w*|sop|backups?|instructions?|documentation|quality (?:check|control)|qc|"
                     r"labels?|stock|inventory|second person|photos?)\b", re.IGNORECASE)


_VAGUE = re.compile(r"\b(be (?:more |extra )?careful|more careful|take (?:more )?care|try harder|work harder|"
                    r"pay (?:more |closer )?attention|be more (?:vigilant|focused|thorough)|focus more|do better|"
                    r"be better|remember to|not let (?:it|this) happen again|(?:won'?t|doesn'?t|never) happen again|"
                    r"step up)\b", re.IGNORECASE)


# Who, not how (rulings 8-11): a named person, a role or the writer as the one who slipped, even beside a step
# ("Dan didn't follow the finishing checklist"); an outside party alone ("The courier.").
_PERSON_DID = re.compile(
    r"^\s*(?i:(?:our|the|my) )?(?:(?i:(?:new |studio |part-time )?(?:assistant|intern|packer|designer|jeweller|"
    r"trainee|apprentice|girl|guy|hire|starter|courier|courier driver|driver|supplier|wholesaler|customer|staff|"
    r"temp))|(?!(?:We|It|There|This|That|Nobody|No|Our|The|They|Each|Every|Nothing|None)\b)[A-Z][a-z]+(?<!s))\b"
    r"(?:,[^,]{1,40},)?\s+(?:must have |probably |just )?(?:didn't|did not|forgot|picked|used|cut|"
    r"set|rushed|threw|sent|shipped|missed|was careless|put|made|packed|engraved|chose|left|dropped|ignored|"
    r"skipped|mixed|typed|wrote|got|misread|never)\b")
_ME = re.compile(r"^\s*(?:me|i|myself)\b", re.IGNORECASE)
_OUTSIDE_ALONE = re.compile(r"^\s*(?:the |our )?(?:courier|post office|postman|supplier|wholesaler|customer|"
                            r"royal mail|delivery company)\W*$", re.IGNORECASE)


# A resolution dressed up as a change (guide: "implement better processes", "more training", "review our
# procedures"): vague unless something checkable comes with it.
_DRESSED = re.compile(r"\b(communicate better|better communication|improve (?:the )?quality|improve our|"
                      r"(?:implement|introduce|put in place) (?:better|new|improved|stronger) (?:processes|"
                      r"procedures|systems)|more training|retrain|re-train|review (?:our|the) (?:procedures?|"
                      r"processes?|systems?|policies|policy)|double-check everything|check everything|"
                      r"hold (?:people|staff|everyone|them) accountable|be more (?:organi[sz]ed|proactive|careful|"
                      r"responsive)|look into (?:better|other|new)|streamline|better processes|be better)\b",
                      re.IGNORECASE)
_CONCRETE = re.compile(r"\b(add|checklist|template|form|field|label|tick|alert|reminder|tag|photo|scan|weigh|"
                       r"second person|gauge|ruler|box|rule|default|sheet|tracker|app|software)\b", re.IGNORECASE)

# Two people, or a department, own nothing alone (ruling 2).
_DEPARTMENT = re.compile(r"\b(customer service|management|the office|dispatch|the studio|the girls|staff|"
                         r"(?:packing|studio|shop|sales|design|ops|operations) team)\b"
                         r"(?!\s*(?:lead|leader|manager|head|owner|supervisor))", re.IGNORECASE)
_TWO = re.compile(r"\b(?:and|&|\+)\s+(?:me|i|[A-Z][a-z]+)\b|^\s*(?:me|i|[A-Z][a-z]+)\s+(?:and|&|\+)\s+",
                  re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\W*(?:tbc|tbd|tba|n/?a|none|x+|\?+|-+|\.+)?\W*$", re.IGNORECASE)


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").strip()


def is_placeholder(text: str) -> bool:
    """True when an answer holds nothing yet: empty, or only "TBC", "?", "-"."""
    return bool(_PLACEHOLDER.fullmatch(_plain(text)))


def owner_is_a_group(owner: str) -> bool:
    """True when 'who owns it' is a group or nobody ('we', 'the team', 'TBD') rather than one person."""
    text = _plain(owner)
    if _DEPARTMENT.search(text) or (_TWO.search(text) and not re.search(r"\bwith\b", text, re.IGNORECASE)):
        return True
    if not _GROUP.search(text):
        return False
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text):
        lower = word.lower()
        if lower in _ONE_PERSON or (word[0].isupper() and lower not in _NOT_A_NAME):
            return False  # a name or 'me' alongside the group: someone is named
    return True


def has_a_date(deadline: str) -> bool:
    """True when 'by when' holds a date or a concrete time ('Friday', '30 June', 'in 2 weeks', 'tomorrow')."""
    return bool(_WHEN.search(_plain(deadline)))


def blames_a_person(system: str) -> bool:
    """True when 'which system failed' only points at a person ('Sam forgot', 'the new hire')."""
    text = _plain(system)
    if _PERSON_DID.search(text) or _ME.search(text) or _OUTSIDE_ALONE.search(text):
        return True
    return bool(_BLAME.search(text)) and not _SYSTEM.search(text)


def is_vague_change(change: str) -> bool:
    """True when 'what we change' is a resolution ('be more careful') rather than a change to a system."""
    text = _plain(change)
    if _DRESSED.search(text) and not _CONCRETE.search(text):
        return True
    return bool(_VAGUE.search(text)) and not _SYSTEM.search(text)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def debrief_review(record: Mapping[str, Any]) -> list[DebriefNote]:
    """Hints on the debrief in the order it is asked, at most one per field; one success note when none."""
    answers = {name: str(record.get(name) or "").strip() for name in FIELDS}
    if not any(answers.values()):
        return [DebriefNote("happened", "hint", MISSING["happened"])]
    notes: list[DebriefNote] = []
    for name in FIELDS:
        text = answers[name]
        if not text or is_placeholder(text):
            notes.append(DebriefNote(name, "hint", MISSING[name]))
        elif name == "system" and blames_a_person(text):
            notes.append(DebriefNote(name, "hint", "This seems to point at a person. The article's point is that "
                                                   "compromised systems cause setbacks: which step, check or routine "
                                                   "let this through, and would it have tripped up anyone else too?"))
        elif name == "change" and is_vague_change(text):
            phrase = _VAGUE.search(_plain(text)) or _DRESSED.search(_plain(text))
            notes.append(DebriefNote(name, "hint", f"“{phrase.group(0) if phrase else text}” is hard to check next "
                                                   "month. Name a concrete change to a system: a checklist item, a "
                                                   "template, a second look, a reminder."))
        elif name == "owner" and owner_is_a_group(text):
            notes.append(DebriefNote(name, "hint", "When everyone owns a change, it can slip. Name one person who "
                                                   "will make sure it happens — they can still ask for help."))
        elif name == "deadline" and not has_a_date(text):
            notes.append(DebriefNote(name, "hint", "Give it a date or a day, like “Friday” or “by 30 June”, so you "
                                                   "both know when to check it's done."))
    if notes:
        return notes
    return [DebriefNote("", "success", "Nothing here jumps out as needing a second look. The change has one owner "
                                       f"({_short(answers['owner'])}) and a deadline ({_short(answers['deadline'])}): "
                                       "share it with your team, and check on it when the day comes.")]


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


def _examples_pass(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    """The example debrief must pass the check learners get, or the example teaches the wrong thing."""
    examples = {name: data["fields"][name]["example"] for name in FIELDS}
    for note in debrief_review(examples):
        if note.kind == "hint":
            place = node_at(node, "fields", note.field, "example")
            ctx.add(place, f"fields.{note.field}.example", f"the example would get this hint: {note.message}")


FIELD_SPEC = Record({"label": Text(max_length=80), "prompt": Text(max_length=300), "example": Text(max_length=400)})


DEBRIEF_SPEC = Record({"title": Text(max_length=80), "intro": Text(max_length=800),
                       "fields": Record({name: FIELD_SPEC for name in FIELDS})},
                      rule=_examples_pass)


def debrief_file() -> Path:
    """Where the debrief's labels, prompts and example live."""
    return CONTENT_DIR / keys.TEAM / "debrief.yaml"


def load_debrief_content(path: Path) -> DebriefContent:
    """Read and check the debrief's content file."""
    data = load(path, DEBRIEF_SPEC)
    fields = {name: DebriefField(**data["fields"][name]) for name in FIELDS}
    return DebriefContent(data["title"], data["intro"], fields)


@functools.cache
def debrief_content() -> DebriefContent:
    """The content, read once per kernel."""
    return load_debrief_content(debrief_file())


def restore_record(saved: Any) -> dict[str, str]:
    """A saved debrief, with every field present; anything malformed becomes empty."""
    data = saved if isinstance(saved, dict) else {}
    return {name: data[name][:MAX_FIELD] if isinstance(data.get(name), str) else "" for name in FIELDS}


_PROBLEM = {"system": "blames-person", "change": "vague", "owner": "group", "deadline": "no-date"}


def field_verdicts(record: Mapping[str, Any]) -> dict[str, str]:
    """Each field as the hints judge it: "ok", "empty", or its own problem ("blames-person", "vague", "group",
    "no-date"), for measuring the hints against hand-labelled debriefs."""
    answers = {name: str(record.get(name) or "").strip() for name in FIELDS}
    if not any(answers.values()):
        return {name: "empty" for name in FIELDS}
    verdicts = {name: "ok" for name in FIELDS}
    for note in debrief_review(record):
        if note.kind == "hint" and note.field:
            verdicts[note.field] = "empty" if note.message == MISSING[note.field] else _PROBLEM[note.field]
    return verdicts
