"""Lesson 2's "crash it, then invert it": the content (ways to crash it and their suggested opposites),
the learner's policy as plain data, and the feedback on it (pure functions)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Record, Text, load, slug
from widgets.core.feedback import FeedbackKind
from widgets.core.text import hours_text
from widgets.rules.inversion import is_just_negation

MAX_OPPOSITE = 400


MAX_CUSTOM = 5


MAX_CUSTOM_TEXT = 200


SLOW_PROMISE = 48  # hours; past this the episode's "within 24 hours, if not sooner" is far away


def _one_timing(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    timing = [way["id"] for way in data.get("ways", []) if way.get("timing")]
    if len(timing) != 1:
        ctx.add(node, "ways", f"needs exactly one way with 'timing: true', has {len(timing)}")


WAY_SPEC = Record({"id": slug(40), "text": Text(max_length=200), "opposite": Text(max_length=300)},
                  optional={"timing": Flag()})


POLICY_SPEC = Record({"scenario": Text(max_length=800), "ways": ListOf(WAY_SPEC, min_items=2, unique_by="id")},
                     rule=_one_timing)


@dataclass(frozen=True)
class Way:
    """A way to crash the moment, with a suggested opposite."""

    id: str
    text: str
    opposite: str
    timing: bool = False


@dataclass(frozen=True)
class PolicyContent:
    """The scenario and its ways to crash it."""

    scenario: str
    ways: tuple[Way, ...]


def policy_file() -> Path:
    """Where the scenario lives."""
    return CONTENT_DIR / keys.RESPONSE_TIME / "policy.yaml"


def load_policy(path: Path) -> PolicyContent:
    """Read and check the exercise's content file."""
    data = load(path, POLICY_SPEC)
    return PolicyContent(data["scenario"], tuple(Way(w_["id"], w_["text"], w_["opposite"], bool(w_.get("timing")))
                                                 for w_ in data["ways"]))


@functools.cache
def policy_content() -> PolicyContent:
    """The content, read once per kernel."""
    return load_policy(policy_file())


@dataclass
class Policy:
    """What the learner chose and wrote: plain, JSON-ready data."""

    chosen: list[str] = field(default_factory=list)  # way ids, standard and custom, in the order shown
    custom: dict[str, str] = field(default_factory=dict)  # custom id → the learner's way to crash it
    opposites: dict[str, str] = field(default_factory=dict)  # way id → the learner's opposite

    def to_data(self) -> dict[str, Any]:
        return {"chosen": list(self.chosen), "custom": dict(self.custom), "opposites": dict(self.opposites)}

    @classmethod
    def from_data(cls, data: Any) -> Policy:
        """Rebuild from saved data, dropping anything malformed."""
        if not isinstance(data, dict):
            return cls()
        custom = {str(k): str(v)[:MAX_CUSTOM_TEXT] for k, v in (data.get("custom") or {}).items()
                  if isinstance(v, str) and v.strip()} if isinstance(data.get("custom"), dict) else {}
        opposites = {str(k): str(v)[:MAX_OPPOSITE] for k, v in (data.get("opposites") or {}).items()
                     if isinstance(v, str)} if isinstance(data.get("opposites"), dict) else {}
        chosen = [str(i) for i in data.get("chosen") or [] if isinstance(i, str)]
        return cls(chosen, dict(list(custom.items())[:MAX_CUSTOM]), opposites)


@dataclass(frozen=True)
class Note:
    """One piece of feedback on the policy."""

    kind: FeedbackKind
    message: str


_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:h\b|hrs?\b|hours?\b)", re.IGNORECASE)


_DAYS = re.compile(r"(\d+|one|two|three|a)\s*(?:business\s+|working\s+)?days?\b", re.IGNORECASE)


_DAY_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3}


def promised_hours_in(text: str) -> float | None:
    """A reply time written in an opposite ('within 24 hours', '2 days'), in hours; None when none."""
    if match := _HOURS.search(text):
        return float(match.group(1))
    if match := _DAYS.search(text):
        word = match.group(1).lower()
        return 24.0 * (_DAY_WORDS[word] if word in _DAY_WORDS else float(word))
    return None


def review(policy: Policy, content: PolicyContent, promise_hours: int) -> list[Note]:
    """Feedback on the whole policy, most important first; ends with a success note when it's sound."""
    ways = {way.id: way for way in content.ways}
    chosen = [i for i in policy.chosen if i in ways or i in policy.custom]
    if not chosen:
        return [Note("hint", "Tick at least one way you could crash this moment — the one that "
                             "could most easily happen in your business is a good start.")]
    notes: list[Note] = []
    for way_id in chosen:
        failure = ways[way_id].text if way_id in ways else policy.custom[way_id]
        opposite = policy.opposites.get(way_id, "").strip()
        if not opposite:
            notes.append(Note("hint", f"Write the opposite of “{failure}”: what will you do instead?"))
        elif is_just_negation(failure, opposite):
            notes.append(Note("hint", f"Your opposite of “{failure}” is the failure with a “don't” in front. "
                                      "Say what you will do instead."))
    timing = next((way for way in content.ways if way.timing), None)
    if timing is not None and timing.id in chosen:
        written = promised_hours_in(policy.opposites.get(timing.id, ""))
        if written is not None and abs(written - promise_hours) > 0.5:
            notes.append(Note("hint", f"Your opposite says {hours_text(written)}, but your promise below is "
                                      f"{hours_text(promise_hours)}. Make them match, so your customers hear "
                                      "one promise."))
    if promise_hours > SLOW_PROMISE:
        notes.append(Note("hint", f"A promise of {hours_text(promise_hours)} is a long wait for someone with a "
                                  "broken necklace. The episode suggests replying within 24 hours, if not "
                                  "sooner — could a short first reply go out faster?"))
    if notes:
        return notes
    count = len(chosen)
    return [Note("success", f"That's a policy: {count} way{'s' if count != 1 else ''} to crash it, each with "
                            f"its opposite, and a promise to reply within {hours_text(promise_hours)}. It's saved "
                            "for your playbook; the next exercises test your promise against a real inbox.")]


def policy_summary(policy: Policy, content: PolicyContent, promise_hours: int) -> dict[str, Any]:
    """Plain data for the playbook."""
    ways = {way.id: way.text for way in content.ways}
    pairs = [{"failure": ways.get(i) or policy.custom.get(i, ""), "opposite": policy.opposites.get(i, "").strip()}
             for i in policy.chosen if i in ways or i in policy.custom]
    return {"pairs": pairs, "promise_hours": promise_hours}
