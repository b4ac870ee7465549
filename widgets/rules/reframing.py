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
_CLAUSE = re.compile(r"[.!?;:,—–]+|\s-\s|\bbut\b|\bthough\b|\bhowever\b")


_NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "without", "hardly", "can't", "cannot", "won't",
                       "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "couldn't", "wouldn't",
                       "shouldn't", "haven't", "hasn't", "hadn't", "ain't", "only", "nearly", "almost"})


_STOPWORDS = frozenset({"a", "an", "the", "to", "for", "of", "and", "or", "but", "so", "in", "on", "at", "by", "as",
                        "it", "it's", "is", "are", "was", "be", "been", "this", "that", "these", "those", "we",
                        "we've", "we're", "i", "i'm", "i've", "me", "my", "our", "us", "you", "your", "they",
                        "them", "their", "she", "he", "her", "his", "have", "has", "had", "now", "just", "all",
                        "really", "will", "would", "can", "could", "do", "did", "very", "there", "here", "with",
                        "i'll", "we'll", "get", "got", "maybe", "probably", "think", "should", "it'll", "up",
                        "having", "i'd", "don't", "know"})


def _phrases(*texts: str) -> tuple[Phrase, ...]:
    """Phrases to look for, one word pattern per word ('learn.*' matches learn, learned, learning)."""
    return tuple(tuple(re.compile(word) for word in text.split()) for text in texts)


# A move forward, by what it shows the learner did. Bare "I'll" or "we can" is not one: "I'll just deal with it"
# names nothing to learn, fix or show.
_FORWARD: dict[str, tuple[Phrase, ...]] = {
    "found something to learn": _phrases(
        "learn.*", "lessons?", "teach.*", "improv.*", "grow", "stronger", "next time", "understand.*",
        "reliable", "copy", "practi[cs]e", "sees?", "see why", "front-row", "listen in", "sits? in", "watch.*",
        "remember", "handle it without"),
    "saw the opportunity in it": _phrases(
        "chances?", "opportunit.*", "show.*", "prove", "proving", "trust.*", "impress.*", "win back", "won back",
        "win (her|him|them) back", "regain.*", "earn.*", "forgiv.*", "relationships?", "wow", "loyal.*", "keep.*",
        "rebuild.*", "reset", "come back", "still time", "honou?r.*", "worth", "moment", "define"),
    "named something to do": _phrases(
        "fix.*", "repair.*", "replace.*", "systems?", "process.*", "checklists?", "change.*", "checks?",
        "make (it|this|things) right", "put (it|this|things) right", "get it right", "let's", "plan.*", "offer.*",
        "apologi[sz].*", "sorry", "reach out", "follow up", "call.*", "ring.*", "phone", "conversation", "talk.*",
        "explain.*", "refund.*", "send.*", "trace", "close the gap",
        "own(ing)?", "owning", "say sorry", "tell (her|him|them)", "listen.*", "extra", "use this", "routine",
        "bring.*"),
}


# The loss taken as permanent: this customer, the relationship or the reputation gone.
_FINAL = _phrases("ruin.*", "disaster.*", "disastrous", "catastroph.*", "for good", "forever", "hopeless",
                  "destroy.*", "doomed", "the end", "gone", "lost", "won't be back", "never back", "never be back",
                  "too late", "write off", "no point", "that's that", "finished", "never .* again")


_ABSOLUTE = _phrases("never", "always", "everyone will", "everybody will", "no one will", "nobody will",
                     "nobody", "no one", "everything", "anything", "every", "nothing")


# Irony: an "opportunity" nobody means.
_SARCASM = re.compile(r"^\s*(?:oh,? )?(?:great|brilliant|fantastic|lovely|wonderful|sure|perfect|super)\b[,!.]|"
                      r"can'?t wait|\bjust what i need|\bshouted at\b|\byay\b", re.IGNORECASE)


# A move named only as a complaint or as impossible ("I always end up fixing it", "too late to fix it").
_COMPLAINT = frozenset({"end", "ends", "ended", "stuck", "one", "late", "tired", "sick", "again"})


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept ("we'll", "can't")."""
    return _WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))


@functools.lru_cache(maxsize=64)
def _clauses(text: str) -> tuple[tuple[str, ...], ...]:
    """The reframe's words, clause by clause (a negation reaches to the end of its clause, no further)."""
    plain = text.lower().replace("’", "'").replace("‘", "'")
    return tuple(tuple(found) for part in _CLAUSE.split(plain) if (found := _WORD.findall(part)))


def _found(clauses: Sequence[Sequence[str]], phrases: Sequence[Phrase], *, negated_ok: bool = False,
           complaint_ok: bool = True) -> list[str]:
    """The phrases used and not negated earlier in their clause, in reading order ('not a disaster' is a
    reframe); with ``complaint_ok=False``, not right after a complaint ('end up fixing')."""
    hits: list[tuple[int, int, str]] = []
    for c, tokens in enumerate(clauses):
        for phrase in phrases:
            for start in range(len(tokens) - len(phrase) + 1):
                if not all(p.fullmatch(tokens[start + i]) for i, p in enumerate(phrase)):
                    continue
                if not negated_ok and _NEGATORS.intersection(tokens[:start]):
                    continue
                if not complaint_ok and _COMPLAINT.intersection(tokens[max(0, start - 3):start]):
                    continue
                hits.append((c, start, " ".join(tokens[start:start + len(phrase)])))
                break
    return [text for _c, _start, text in sorted(hits, key=lambda hit: (hit[0], hit[1], -len(hit[2])))]


def _stem(word: str) -> str:
    """A rough stem, so 'calling' and 'call', 'criticise' and 'criticized' count as one word."""
    word = word.replace("'", "")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:5]


def _mostly_the_same(anxious: Sequence[str], reframe: Sequence[str]) -> bool:
    """True when the reframe says the anxious thought back: most of its words, little of its own."""
    before = {_stem(t) for t in anxious if t not in _STOPWORDS}
    after = {_stem(t) for t in reframe if t not in _STOPWORDS}
    if not after or not before:
        return False
    kept = len(after & before) / len(before)
    new = after - before
    return kept >= 0.5 and len(new) <= 4


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@functools.lru_cache(maxsize=64)
def reframe_verdict(anxious: str, reframe: str) -> tuple[ReframeKind, ReframeHint]:
    """What the drill says about a reframe: ("", "") when empty, ("success", "none"), or ("hint", which hint).
    In order: too short, says the thought back, still sounds final, absolute, no move forward."""
    tokens = words(reframe)
    if not tokens:
        return "", ""
    if len(tokens) <= MIN_WORDS:
        return "hint", "too-short"
    clauses = _clauses(reframe)
    theirs = {_stem(t) for t in words(anxious)}
    forward = _forward(clauses, theirs) if not _SARCASM.search(reframe) else []
    absolute = [] if _COMFORT.search(reframe) else _found(clauses, _ABSOLUTE, negated_ok=True)
    if _mostly_the_same(words(anxious), tokens) and not forward:
        widened = [a for a in absolute if not {_stem(w) for w in a.split()} <= theirs]
        return "hint", "absolute" if widened else "restates"
    if _final(reframe, clauses):
        return "hint", "still-final"
    if forward:
        return "success", "none"
    if absolute:
        return "hint", "absolute"
    return "hint", "no-next-step"


def _forward(clauses: Sequence[Sequence[str]], theirs: set[str]) -> list[str]:
    """What the reframe moves towards, in words of its own (the thought's own "call" or "trusted" don't count)."""
    done = []
    for what, phrases in _FORWARD.items():
        hits = _found(clauses, phrases, complaint_ok=False)
        if any(not {_stem(w) for w in hit.split()} <= theirs for hit in hits):
            done.append(what)
    return done


# "Everyone makes mistakes" comforts rather than generalises (ruling 4).
_COMFORT = re.compile(r"\beveryone makes mistakes\b|\b(?:proves|says|means|changes) nothing\b|\bi always do\b|"
                      r"\bwe always do\b|\bnothing (?:here )?is beyond\b", re.IGNORECASE)


def _final(reframe: str, clauses: Sequence[Sequence[str]]) -> list[str]:
    """Final-sounding words the reframe keeps: not negated, not asked as a question ('Lost for good? Only if…')."""
    questioned = {m.group(0).lower() for m in re.finditer(r"[^.!?]*\?", reframe)}
    kept = _found([c for c in clauses if "if" not in c], _FINAL)  # "even if she never orders again" supposes
    return [word for word in kept if not any(word in q for q in questioned)]


_HINTS = {
    "too-short": "Say a little more — a full sentence helps. What could this moment make possible?",
    "restates": ("This stays close to the words of the anxious thought. Try starting somewhere new: "
                 "what could you learn, fix, or show the customer here?"),
    "no-next-step": ("That's calmer already. No next step shows up in it yet — if there is one, name it: "
                     "something to learn, something to fix, or a chance to show the customer who you are."),
}


def reframe_feedback(anxious: str, reframe: str) -> tuple[ReframeKind, str]:
    """Gentle feedback on a reframe: ("", "") when empty, else ("hint" | "success", message)."""
    kind, hint = reframe_verdict(anxious, reframe)
    if not kind:
        return "", ""
    clauses = _clauses(reframe)
    if kind == "success":
        done = _forward(clauses, {_stem(t) for t in words(anxious)})
        absolute = [a for a in _found(clauses, _FINAL) if a in ("forever",)]
        note = (f" One thing to look at: “{absolute[0]}” still sounds final — is it, really?" if absolute else "")
        return "success", f"It sounds like you {_listed(done)} — the move from anxiety to acceptance.{note}"
    if hint == "still-final":
        final = _final(reframe, clauses)
        return "hint", (f"“{final[0]}” still sounds final, and it may not be. What could you do next, or learn, "
                        "that would make this moment useful?")
    if hint == "absolute":
        absolute = _found(clauses, _ABSOLUTE, negated_ok=True)
        return "hint", (f"Absolute words like “{absolute[0]}” can make one bad moment feel like the whole story. "
                        "What might this moment make possible — something to fix, to learn, or to show?")
    return "hint", _HINTS[hint]


ReframeKind = Literal["", "hint", "success"]
ReframeHint = Literal["", "none", "too-short", "restates", "still-final", "absolute", "no-next-step"]


Phrase = tuple[re.Pattern[str], ...]
