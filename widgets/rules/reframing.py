"""Lesson 4's reframing drill: the anxious thoughts (content) and the feedback on a reframe.

:func:`reframe_feedback` looks for words, so it coaches rather than judges and never claims to be sure."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from widgets.core import keys
from widgets.core.content import (
    CONTENT_DIR,
    ContentError,
    Context,
    ListOf,
    Number,
    Problem,
    Record,
    Spec,
    Text,
    display_path,
    load,
    node_at,
    slug,
)
from widgets.rules.coach_patterns import PHRASES, WORDS, Matcher, PhraseSet, compile_pattern, phrase_set, words_of

MAX_REFRAME = 1000


MAX_THOUGHTS = 12


def _not_too_many(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    if len(data["thoughts"]) > MAX_THOUGHTS:
        ctx.add(node, "thoughts", f"has {len(data['thoughts'])} thoughts; at most {MAX_THOUGHTS} fit in one drill")


THOUGHT_SPEC = Record({"id": slug(40), "anxious": Text(max_length=200), "prompt": Text(max_length=400),
                       "example": Text(max_length=600)})




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
    feedback: ReframeFeedback | None = None  # None: the course's own (reframing.yaml's)


def reframing_file() -> Path:
    """Where the drill's thoughts live."""
    return CONTENT_DIR / keys.TEAM / "reframing.yaml"


def load_reframing(path: Path) -> ReframingContent:
    """Read and check the drill's content file (a file without ``feedback`` uses the course's)."""
    data = load(path, REFRAMING_SPEC)
    feedback = _build_feedback(data["feedback"]) if "feedback" in data else None
    return ReframingContent(data["intro"], tuple(Thought(t["id"], t["anxious"], t["prompt"], t["example"])
                                                 for t in data["thoughts"]), feedback)


@functools.cache
def reframing_content() -> ReframingContent:
    """The content, read once per kernel."""
    return load_reframing(reframing_file())


def reframe_rules() -> ReframeFeedback:
    """The course's feedback rules (reframing.yaml's ``feedback``), read once per kernel."""
    rules = reframing_content().feedback
    if rules is None:
        raise ContentError([Problem(display_path(reframing_file()), None, "feedback", "is missing")])
    return rules


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[.!?;:,—–]+|\s-\s|\bbut\b|\bthough\b|\bhowever\b")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "\u02bc": "'"})
_GAP = "  "  # between words of the joined text (two spaces, so one match's end never hides the next one's start)
_BREAK = "  |  "  # between clauses: no word pattern matches "|", so no phrase runs across a clause


# -- the feedback's word lists (debrief.yaml's ``feedback``) --------------------------------------------------


@dataclass(frozen=True)
class PhraseList:
    """Phrases to find, each a run of words; compiled to patterns over the reframe's joined words."""

    texts: tuple[str, ...]
    compiled: tuple[Matcher, ...]


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity: one per content file
class ReframeFeedback:
    """How the drill reads a reframe, and what it says (``feedback`` in reframing.yaml)."""

    min_words: int
    hints: Mapping[str, str]
    success: str
    success_note: str
    final_beside_success: frozenset[str]
    forward: tuple[tuple[str, PhraseList], ...]
    final: PhraseList
    absolute: PhraseList
    comfort: PhraseSet
    sarcasm: PhraseSet
    negators: frozenset[str]
    complaint: frozenset[str]
    stopwords: frozenset[str]


def _one_word(pattern: str) -> str:
    """A word pattern that can't run past its word in the joined text: "." becomes "[^ |]" outside [...]."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append("[^ |]" if char == "." and not in_class else char)
        i += 1
    return "".join(out)


def phrase_pattern(phrase: str) -> str:
    """The pattern that finds a phrase's words in a row, each one a whole word."""
    return "(?:^| )" + _GAP.join(f"(?:{_one_word(word)})" for word in phrase.split()) + "(?: |$)"


class Phrases(Spec):
    """A list of phrases (words in a row, each word a pattern); each is compiled and checked like a pattern."""

    expected = "a list of phrases"

    def __init__(self) -> None:
        self.items = ListOf(Text(max_length=200))

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        texts = self.items.check(node, where, ctx)
        compiled = []
        children = node.value if isinstance(node, yaml.SequenceNode) else []
        for i, (child, text) in enumerate(zip(children, texts, strict=False)):
            if not isinstance(text, str) or not text.split():
                continue
            for word in text.split():
                try:
                    re.compile(word)
                    compile_pattern(word)
                except (re.error, ValueError) as error:
                    ctx.add(child, f"{where}[{i}]", f"“{word}” in “{text}” is not a valid pattern: {error}")
                    break
            else:
                compiled.append(compile_pattern(phrase_pattern(text)))
        return PhraseList(tuple(t for t in texts if isinstance(t, str)), tuple(compiled))


PHRASE_LIST = Record({"phrases": Phrases()})
FEEDBACK_SPEC = Record({
    "min_words": Number(minimum=1, maximum=20),
    "hints": Record({name: Text(max_length=400) for name in ("too-short", "restates", "still-final", "absolute",
                                                              "no-next-step")}),
    "success": Text(max_length=400), "success_note": Text(max_length=400), "final_beside_success": WORDS,
    "forward": ListOf(Record({"what": Text(max_length=80), "phrases": Phrases()}), unique_by="what"),
    "final": PHRASE_LIST, "absolute": PHRASE_LIST, "comfort": PHRASES, "sarcasm": PHRASES,
    "negators": WORDS, "complaint": WORDS, "stopwords": WORDS,
})


def _build_feedback(data: dict[str, Any]) -> ReframeFeedback:
    return ReframeFeedback(
        data["min_words"], dict(data["hints"]), data["success"], data["success_note"],
        words_of(data["final_beside_success"]), tuple((f["what"], f["phrases"]) for f in data["forward"]),
        data["final"]["phrases"], data["absolute"]["phrases"], phrase_set(data["comfort"]),
        phrase_set(data["sarcasm"]), words_of(data["negators"]), words_of(data["complaint"]),
        words_of(data["stopwords"]))


def _examples_pass(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    """Too many thoughts don't fit; and with feedback, every example reads as a reframe and every thought doesn't."""
    _not_too_many(data, node, where, ctx)
    if "feedback" not in data or ctx.problems:
        return
    rules = _build_feedback(data["feedback"])
    for i, thought in enumerate(data["thoughts"]):
        kind, hint = reframe_verdict(thought["anxious"], thought["example"], rules)
        if kind != "success":
            ctx.add(node_at(node, "thoughts", i, "example"), f"thoughts[{i}].example",
                    f"the example would get the hint {hint!r}, not the success message: "
                    f"{reframe_feedback(thought['anxious'], thought['example'], rules)[1]}")
        if reframe_verdict(thought["anxious"], thought["anxious"], rules)[0] == "success":
            ctx.add(node_at(node, "thoughts", i, "anxious"), f"thoughts[{i}].anxious",
                    "the anxious thought itself would be praised as a reframe")


# -- reading a reframe --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """A reframe as the feedback reads it: its clauses of words, and the same words joined for the patterns."""

    clauses: tuple[tuple[str, ...], ...]
    joined: str
    starts: tuple[int, ...]  # offset in ``joined`` of every word, in order
    where: tuple[tuple[int, int], ...]  # (clause, word in clause) of every word


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept ("we'll", "can't")."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


@functools.lru_cache(maxsize=64)
def _read(text: str) -> _Read:
    plain = text.lower().translate(_APOSTROPHES)
    clauses = tuple(tuple(found) for part in _CLAUSE.split(plain) if (found := _WORD.findall(part)))
    pieces, starts, where, offset = [], [], [], 0
    for c, tokens in enumerate(clauses):
        if c:
            pieces.append(_BREAK)
            offset += len(_BREAK)
        for t, token in enumerate(tokens):
            if t:
                pieces.append(_GAP)
                offset += len(_GAP)
            starts.append(offset)
            where.append((c, t))
            pieces.append(token)
            offset += len(token)
    return _Read(clauses, "".join(pieces), tuple(starts), tuple(where))


def _found(read: _Read, phrases: PhraseList, rules: ReframeFeedback, *, negated_ok: bool = False,
           complaint_ok: bool = True, skip: frozenset[int] = frozenset()) -> list[str]:
    """The phrases used and not negated earlier in their clause, in reading order ('not a disaster' is a
    reframe); with ``complaint_ok=False``, not right after a complaint ('end up fixing'); none in the clauses
    numbered in ``skip``. Each phrase counts once per clause."""
    hits: list[tuple[int, int, str]] = []
    for pattern in phrases.compiled:
        done: set[int] = set()
        for m in pattern.finditer(read.joined):
            at = bisect.bisect_left(read.starts, m.start() + (read.joined[m.start()] == " "))
            c, t = read.where[at]
            if c in done or c in skip:
                continue
            tokens = read.clauses[c]
            if not negated_ok and rules.negators.intersection(tokens[:t]):
                continue
            if not complaint_ok and rules.complaint.intersection(tokens[max(0, t - 3):t]):
                continue
            length = len(read.joined[m.start():m.end()].strip().split())
            hits.append((c, t, " ".join(tokens[t:t + length])))
            done.add(c)
    return [text for _c, _t, text in sorted(hits, key=lambda hit: (hit[0], hit[1], -len(hit[2])))]


def _stem(word: str) -> str:
    """A rough stem, so 'calling' and 'call', 'criticise' and 'criticized' count as one word."""
    word = word.replace("'", "")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:5]


def _mostly_the_same(anxious: Sequence[str], reframe: Sequence[str], stopwords: frozenset[str]) -> bool:
    """True when the reframe says the anxious thought back: most of its words, little of its own."""
    before = {_stem(t) for t in anxious if t not in stopwords}
    after = {_stem(t) for t in reframe if t not in stopwords}
    if not after or not before:
        return False
    kept = len(after & before) / len(before)
    new = after - before
    return kept >= 0.5 and len(new) <= 4


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _rules(rules: ReframeFeedback | None) -> ReframeFeedback:
    return rules if rules is not None else reframe_rules()


def reframe_verdict(anxious: str, reframe: str, rules: ReframeFeedback | None = None) -> tuple[ReframeKind,
                                                                                               ReframeHint]:
    """What the drill says about a reframe: ("", "") when empty, ("success", "none"), or ("hint", which hint).
    In order: too short, says the thought back, still sounds final, absolute, no move forward."""
    return _verdict(anxious, reframe, _rules(rules))


@functools.lru_cache(maxsize=64)
def _verdict(anxious: str, reframe: str, rules: ReframeFeedback) -> tuple[ReframeKind, ReframeHint]:
    tokens = words(reframe)
    if not tokens:
        return "", ""
    if len(tokens) <= rules.min_words:
        return "hint", "too-short"
    read = _read(reframe)
    theirs = {_stem(t) for t in words(anxious)}
    plain = reframe.translate(_APOSTROPHES)
    forward = _forward(read, theirs, rules) if not rules.sarcasm.spans(plain) else []
    absolute = [] if rules.comfort.spans(plain) else _found(read, rules.absolute, rules, negated_ok=True)
    if _mostly_the_same(words(anxious), tokens, rules.stopwords) and not forward:
        widened = [a for a in absolute if not {_stem(w) for w in a.split()} <= theirs]
        return "hint", "absolute" if widened else "restates"
    if _final(reframe, read, rules):
        return "hint", "still-final"
    if forward:
        return "success", "none"
    if absolute:
        return "hint", "absolute"
    return "hint", "no-next-step"


def _forward(read: _Read, theirs: set[str], rules: ReframeFeedback) -> list[str]:
    """What the reframe moves towards, in words of its own (the thought's own "call" or "trusted" don't count)."""
    done = []
    for what, phrases in rules.forward:
        hits = _found(read, phrases, rules, complaint_ok=False)
        if any(not {_stem(w) for w in hit.split()} <= theirs for hit in hits):
            done.append(what)
    return done


def _final(reframe: str, read: _Read, rules: ReframeFeedback) -> list[str]:
    """Final-sounding words the reframe keeps: not negated, not asked as a question ('Lost for good? Only if…')."""
    questioned = {m.group(0).lower() for m in re.finditer(r"[^.!?]*\?", reframe)}
    supposed = frozenset(c for c, tokens in enumerate(read.clauses) if "if" in tokens)  # "even if she never…"
    kept = _found(read, rules.final, rules, skip=supposed)
    return [word for word in kept if not any(word in q for q in questioned)]


def reframe_feedback(anxious: str, reframe: str, rules: ReframeFeedback | None = None) -> tuple[ReframeKind, str]:
    """Gentle feedback on a reframe: ("", "") when empty, else ("hint" | "success", message)."""
    rules = _rules(rules)
    kind, hint = reframe_verdict(anxious, reframe, rules)
    if not kind:
        return "", ""
    read = _read(reframe)
    if kind == "success":
        done = _forward(read, {_stem(t) for t in words(anxious)}, rules)
        final = [a for a in _found(read, rules.final, rules) if a in rules.final_beside_success]
        note = rules.success_note.replace("{word}", final[0]) if final else ""
        return "success", rules.success.replace("{moves}", _listed(done)) + note
    if hint == "still-final":
        return "hint", rules.hints[hint].replace("{word}", _final(reframe, read, rules)[0])
    if hint == "absolute":
        return "hint", rules.hints[hint].replace("{word}", _found(read, rules.absolute, rules, negated_ok=True)[0])
    return "hint", rules.hints[hint]


ReframeKind = Literal["", "hint", "success"]
ReframeHint = Literal["", "none", "too-short", "restates", "still-final", "absolute", "no-next-step"]


REFRAMING_SPEC = Record({"intro": Text(max_length=600),
                         "thoughts": ListOf(THOUGHT_SPEC, min_items=1, unique_by="id")},
                        optional={"feedback": FEEDBACK_SPEC}, rule=_examples_pass)
