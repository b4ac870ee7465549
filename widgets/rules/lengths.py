"""How long a lesson takes: its prose read at :data:`WORDS_PER_MINUTE`, plus each exercise's own minutes.

An exercise's minutes are declared in its content file (a top-level ``minutes:`` field, which any content file
may have: ``core.content.MINUTES_FIELD``) and cover reading it and doing it. In the files that hold many
questions or cases, of which a lesson shows one at a time or a few, they are per question or per case
(:data:`PER_ITEM`). Exercises with no content file have theirs in :data:`NO_CONTENT_FILE`.

``fail-forward check`` adds these up for every lesson (``widgets/tools/check/lengths.py``), and a go-deeper
card says how long it takes with :func:`part_minutes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, ContentError, declared_minutes

if TYPE_CHECKING:
    from widgets.rules.deeper import Part

WORDS_PER_MINUTE = 230

NO_CONTENT_FILE: dict[str, float] = {
    "header": 0,
    "name_entry": 0.5,      # type a first name
    "team_size": 0.5,       # pick one of two
    "course_map": 1,        # read six lines
    "take_your_work": 0.5,  # a download button, and an import most learners never need
    "finish": 2,            # write one or two sentences for the playbook
    "playbook_preview": 4,  # read your own playbook through (about 600 words) and download it
    "inbox": 8,             # export or pick the sample, set the time zone, read the results and the grid
}
"""Minutes of the exercises that have no content file of their own."""

CONTENT_FILE: dict[str, str] = {
    "checkin": "{lesson}/checkins.yaml",
    "recall": "{lesson}/recall.yaml",
    "decisions": "{lesson}/decisions.yaml",
    "scenario": "{lesson}/scenario.yaml",
    "inversion_board": f"{keys.INVERSION}/board.yaml",
    "response_policy": f"{keys.RESPONSE_TIME}/policy.yaml",
    "response_explorer": f"{keys.RESPONSE_TIME}/explorer.yaml",
    "promise_simulator": f"{keys.RESPONSE_TIME}/simulator.yaml",
    "recovery_workshop": f"{keys.OWNING_MISTAKES}/recovery.yaml",
    "reframing_drill": f"{keys.TEAM}/reframing.yaml",
    "debrief": f"{keys.TEAM}/debrief.yaml",
    "self_check": f"{keys.WELCOME}/self-check.yaml",
    "reflection": "{lesson}/reflections.yaml",
}
"""The ``ff.*`` call → the content file whose ``minutes`` it takes ({lesson}: the call's first argument)."""

PER_ITEM = {"checkins.yaml": "question", "recall.yaml": "question", "decisions.yaml": "case",
            "reflections.yaml": "reflection"}
"""Files whose ``minutes`` are for one question or case, not for the whole file."""

SHOWN_BY = {"inbox": "inbox", "promise-simulator": "promise_simulator", "response-explorer": "response_explorer",
            "reframing-drill": "reframing_drill", "decisions": "decisions", "scenario": "scenario"}
"""What a go-deeper part shows (``rules.deeper.SHOWS``) → the call that builds it."""

_WORD = re.compile(r"[^\W_](?:[\w'’.,:/-]*[^\W_])?")


def words(text: str) -> int:
    """Words in plain text (a number like 24 or 95 % counts as one)."""
    return len(_WORD.findall(text))


def markdown_words(source: str) -> int:
    """Words a learner reads in a Markdown cell: pictures (their alt text is for screen readers), link addresses,
    HTML tags and Markdown's own symbols don't count."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", source)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return words(text)


def reading_minutes(count: int) -> float:
    """Minutes to read ``count`` words."""
    return count / WORDS_PER_MINUTE


@dataclass
class Estimate:
    """Minutes, and what couldn't be counted (a content file with no ``minutes``, say)."""

    minutes: float = 0.0
    gaps: list[str] = field(default_factory=list)

    def add(self, other: Estimate) -> None:
        self.minutes += other.minutes
        self.gaps.extend(other.gaps)


def file_minutes(relative: str, content_dir: Path = CONTENT_DIR) -> Estimate:
    """The ``minutes`` declared in a content file (``response-time/policy.yaml``)."""
    path = content_dir / relative
    try:
        found = declared_minutes(path)
    except ContentError:
        return Estimate(0, [f"assets/content/{relative} can't be read for its minutes"])
    if found is None:
        return Estimate(0, [f"assets/content/{relative} has no 'minutes' field"])
    return Estimate(found)


def call_minutes(function: str, args: tuple[str, ...], content_dir: Path = CONTENT_DIR,
                 items: int | None = None) -> Estimate:
    """Minutes of one ``ff.function(*args)`` call (not a go-deeper part: see :func:`part_minutes`). ``items``: how
    many cases a decisions call shows (default: those the lesson doesn't keep for its optional parts)."""
    if function in NO_CONTENT_FILE:
        return Estimate(NO_CONTENT_FILE[function])
    if function == "passage":
        return passage_minutes(*args, content_dir=content_dir) if len(args) == 2 else Estimate()
    pattern = CONTENT_FILE.get(function)
    if pattern is None:
        return Estimate(0, [f"ff.{function} has no minutes: give its content file a 'minutes' field, or add it to "
                            "NO_CONTENT_FILE in widgets/rules/lengths.py"])
    if "{lesson}" in pattern and not args:
        return Estimate()
    relative = pattern.format(lesson=args[0] if args else "")
    found = file_minutes(relative, content_dir)
    if relative.endswith("decisions.yaml"):
        found.minutes *= items if items is not None else len(core_cases(args[0], content_dir))
    return found


def core_cases(lesson: str, content_dir: Path = CONTENT_DIR) -> list[str]:
    """The decision cases a lesson shows itself (every case its go-deeper file doesn't take)."""
    from widgets.rules.decisions import load_decisions
    from widgets.rules.deeper import deeper_file, load_deeper

    try:
        cases = [case.id for case in load_decisions(content_dir / lesson / "decisions.yaml")[1]]
    except ContentError:
        return []
    path = deeper_file(lesson, content_dir)
    try:
        taken = {case for part in load_deeper(path).values() for case in part.cases} if path.exists() else set()
    except ContentError:
        taken = set()
    return [case for case in cases if case not in taken]


def passage_words(lesson: str, passage_id: str, content_dir: Path = CONTENT_DIR) -> int:
    """Words in one passage: the longer of its two versions (0 when it can't be read)."""
    from widgets.rules.solo import load_solo, solo_file

    try:
        found = load_solo(solo_file(lesson, content_dir)).passages.get(passage_id)
    except ContentError:
        return 0
    return max(words(found.team), words(found.alone)) if found else 0


def passage_minutes(lesson: str, passage_id: str, content_dir: Path = CONTENT_DIR) -> Estimate:
    """Reading one passage."""
    return Estimate(reading_minutes(passage_words(lesson, passage_id, content_dir)))


def part_minutes(lesson: str, part_id: str, content_dir: Path = CONTENT_DIR) -> Estimate:
    """A go-deeper part: its title, summary and intro read, and what it shows."""
    from widgets.rules.deeper import deeper_file, load_deeper

    try:
        part = load_deeper(deeper_file(lesson, content_dir)).get(part_id)
    except ContentError:
        return Estimate()
    if part is None:
        return Estimate()
    return minutes_of_part(part, lesson, content_dir)


def minutes_of_part(part: Part, lesson: str, content_dir: Path = CONTENT_DIR) -> Estimate:
    """:func:`part_minutes` of a part already read (the lesson header sums them from the lesson's cached parts)."""
    total = Estimate(reading_minutes(words(part.title) + words(part.summary) + words(part.intro)))
    total.add(call_minutes(SHOWN_BY[part.shows], (lesson,), content_dir,
                           items=len(part.cases) if part.shows == "decisions" else None))
    return total


def about(minutes: float) -> int:
    """Minutes as a learner is told them: whole, and at least 1."""
    return max(1, round(minutes))
