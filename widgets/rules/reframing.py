"""Lesson 4's reframing drill: the anxious thoughts (content) and the feedback on a reframe.

:func:`reframe_feedback` looks for words, so it coaches rather than judges and never claims to be sure."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, Context, ListOf, Record, Text, load, slug

MAX_REFRAME = 1000


MAX_THOUGHTS = 12


MIN_WORDS = 4


def _not_too_many(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    if len(data["thoughts"]) > MAX_THOUGHTS:
        ctx.add(node, "thoughts", f"has {len(data['thoughts'])} thoughts; at most {MAX_THOUGHTS} fit in one drill")


THOUGHT_SPEC = Record({"id": slug(40), "anxious": Text(max_length=200), "prompt": Text(max_length=400),
                       "example": Text(max_length=600)})


REFRAMING_SPEC = Record({"intro": Text(max_length=600),
                         "thoughts": ListOf(THOUGHT_SPEC, min_items=1, unique_by="id")},
                        rule=_not_too_many)


@dataclass(frozen=True)
class Thought:
    """An anxious first thought, a question that helps, and one example reframe."""

    id: str
    anxious: str
    prompt: str
    example: str


@dataclass(frozen=True)
class ReframingContent:
    """The drill's intro and its thoughts."""

    intro: str
    thoughts: tuple[Thought, ...]


def reframing_file() -> Path:
    """Where the drill's thoughts live."""
    return CONTENT_DIR / keys.TEAM / "reframing.yaml"


def load_reframing(path: Path) -> ReframingContent:
    """Read and check the drill's content file."""
    data = load(path, REFRAMING_SPEC)
    return ReframingContent(data["intro"], tuple(Thought(t["id"], t["anxious"], t["prompt"], t["example"])
                                                 for t in data["thoughts"]))


@functools.cache
def reframing_content() -> ReframingContent:
    """The content, read once per kernel."""
    return load_reframing(reframing_file())


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


_NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "without", "hardly", "can't", "cannot", "won't",
                       "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "couldn't", "wouldn't",
                       "shouldn't", "haven't", "hasn't", "hadn't", "ain't"})


_STOPWORDS = frozenset({"a", "an", "the", "to", "for", "of", "and", "or", "but", "so", "in", "on", "at", "by", "as",
                        "it", "it's", "is", "are", "was", "be", "been", "this", "that", "these", "those", "we",
                        "we've", "we're", "i", "i'm", "i've", "me", "my", "our", "us", "you", "your", "they",
                        "them", "their", "she", "he", "her", "his", "have", "has", "had", "now", "just", "all",
                        "really", "will", "would", "can", "could", "do", "did", "very", "there", "here", "with"})


def _phrases(*texts: str) -> tuple[Phrase, ...]:
    """Phrases to look for, one word pattern per word ('learn.*' matches learn, learned, learning)."""
    return tuple(tuple(re.compile(word) for word in text.split()) for text in texts)


# A forward-looking element, by what it shows the learner did.
_FORWARD: dict[str, tuple[Phrase, ...]] = {
    "found something to learn": _phrases(
        "learn.*", "lessons?", "teach.*", "improv.*", "grow.*", "better", "stronger", "next time",
        "understand.*"),
    "saw the opportunity in it": _phrases(
        "chances?", "opportunit.*", "show.*", "prove", "proving", "trust.*", "impress.*", "win back", "won back",
        "regain.*", "earn.*", "forgiv.*", "relationships?", "wow"),
    "named something to do": _phrases(
        "fix.*", "repair.*", "replace.*", "systems?", "process.*", "checklists?", "change.*",
        "make (it|this|things) right", "put (it|this|things) right", "we can", "i can", "we will", "i will",
        "we'll", "i'll", "let's", "going to", "plan.*", "offer.*", "apologi[sz].*", "reach out", "follow up"),
}


# Absolute or catastrophic words; the first group also reads as final when a reframe keeps them.
_FINAL = _phrases("ruin.*", "disaster.*", "disastrous", "catastroph.*", "for good", "forever", "hopeless",
                  "destroy.*", "doomed", "the end")


_ABSOLUTE = _phrases("never", "always", "everyone will", "everybody will", "no one will", "nobody will")


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept ("we'll", "can't")."""
    return _WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))


def _found(tokens: Sequence[str], phrases: Sequence[Phrase]) -> list[str]:
    """The phrases used and not negated just before, in reading order ('not a disaster' is a reframe)."""
    hits: list[tuple[int, str]] = []
    for phrase in phrases:
        for start in range(len(tokens) - len(phrase) + 1):
            matched = all(p.fullmatch(tokens[start + i]) for i, p in enumerate(phrase))
            if matched and not _NEGATORS.intersection(tokens[max(0, start - 3):start]):
                hits.append((start, " ".join(tokens[start:start + len(phrase)])))
                break
    return [text for _start, text in sorted(hits)]


def _mostly_the_same(anxious: Sequence[str], reframe: Sequence[str]) -> bool:
    """True when the reframe brings almost no words of its own."""
    before = {t for t in anxious if t not in _STOPWORDS}
    after = {t for t in reframe if t not in _STOPWORDS}
    if not after or not before:
        return False
    new = after - before
    return len(new) <= 1 or len(after & before) / len(after) >= 0.75


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def reframe_feedback(anxious: str, reframe: str) -> tuple[ReframeKind, str]:
    """Gentle feedback on a reframe: ("", "") when empty, else ("hint" | "success", message)."""
    tokens = words(reframe)
    if not tokens:
        return "", ""
    if len(tokens) < MIN_WORDS:
        return "hint", "Say a little more — a full sentence helps. What could this moment make possible?"
    if _mostly_the_same(words(anxious), tokens):
        return "hint", ("This stays close to the words of the anxious thought. Try starting somewhere new: "
                        "what could you learn, fix, or show the customer here?")
    done = [what for what, phrases in _FORWARD.items() if _found(tokens, phrases)]
    final = _found(tokens, _FINAL)
    if done:
        note = (f" One thing to look at: “{final[0]}” still sounds final — is it, really?" if final else "")
        return "success", (f"It sounds like you {_listed(done)} — the move from anxiety to acceptance."
                           f"{note}")
    if final:
        return "hint", (f"“{final[0]}” still sounds final, and it may not be. What could you do next, or learn, "
                        "that would make this moment useful?")
    absolute = _found(tokens, _ABSOLUTE)
    if absolute:
        return "hint", (f"Absolute words like “{absolute[0]}” can make one bad moment feel like the whole story. "
                        "What might this moment make possible — something to fix, to learn, or to show?")
    return "hint", ("That's calmer already. No next step shows up in it yet — if there is one, name it: "
                    "something to learn, something to fix, or a chance to show the customer who you are.")


ReframeKind = Literal["", "hint", "success"]


Phrase = tuple[re.Pattern[str], ...]
