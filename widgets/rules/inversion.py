"""The inversion board as plain data, and the gentle prompts it gives.

Pure functions only: the widget in ``inversion.py`` shows what these return.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, ListOf, Record, Text, load, slug

MAX_COMMITMENTS = 5

_NEGATIONS = ("don't", "dont", "do not", "never", "stop", "avoid", "not", "no longer", "no")
_STOPWORDS = {"a", "an", "the", "to", "for", "of", "and", "or", "in", "on", "my", "our", "your", "it", "any",
              "all", "with", "at", "by", "be", "is", "are", "we", "i", "you", "their", "them", "they"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
                 "twenty", "thirty", "forty", "fifty", "hundred", "half", "once", "twice", "every", "each",
                 "daily", "weekly", "monthly", "zero"}
_WORD = re.compile(r"[a-z0-9']+")


@dataclass
class Row:
    """One way to crash a stage, its opposite, and how the opposite is measured."""

    id: str
    failure: str = ""
    inverse: str = ""
    measure: str = ""


@dataclass
class Stage:
    """A stage of the business the learner chose to invert."""

    id: str
    name: str
    custom: bool = False
    rows: list[Row] = field(default_factory=list)


@dataclass
class Board:
    """The whole board: stages with their rows, the ranking, the commitments."""

    stages: list[Stage] = field(default_factory=list)
    ranking: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)

    def rows(self) -> dict[str, tuple[Stage, Row]]:
        """Every row by id, with its stage."""
        return {row.id: (stage, row) for stage in self.stages for row in stage.rows}

    def new_row_id(self) -> str:
        """An id no row has yet."""
        taken = set(self.rows())
        return next(f"r{n}" for n in itertools.count(len(taken) + 1) if f"r{n}" not in taken)

    def to_data(self) -> dict[str, Any]:
        """Plain, JSON-ready data (what the progress store keeps)."""
        # Built by hand: dataclasses.asdict deep-copies recursively and is several times slower.
        return {
            "stages": [{"id": s.id, "name": s.name, "custom": s.custom,
                        "rows": [{"id": r.id, "failure": r.failure, "inverse": r.inverse, "measure": r.measure}
                                 for r in s.rows]}
                       for s in self.stages],
            "ranking": list(self.ranking),
            "commitments": list(self.commitments),
        }

    @classmethod
    def from_data(cls, data: Any) -> Board:
        """Rebuild a board from saved data, skipping anything malformed."""
        if not isinstance(data, dict):
            return cls()
        stages = []
        for raw in data.get("stages") or []:
            if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
                continue
            rows = [Row(id=str(r["id"]), failure=str(r.get("failure", "")), inverse=str(r.get("inverse", "")),
                        measure=str(r.get("measure", "")))
                    for r in raw.get("rows") or [] if isinstance(r, dict) and r.get("id")]
            stages.append(Stage(str(raw["id"]), str(raw["name"]), bool(raw.get("custom")), rows))
        board = cls(stages)
        known = board.rows()
        board.ranking = [str(i) for i in data.get("ranking") or [] if str(i) in known]
        board.commitments = [str(i) for i in data.get("commitments") or [] if str(i) in known]
        return board


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def is_just_negation(failure: str, inverse: str) -> bool:
    """True when the opposite is only the failure with "don't" (or similar) in front."""
    inverse_text = " ".join(_words(inverse))
    for negation in sorted(_NEGATIONS, key=len, reverse=True):
        if inverse_text == negation or inverse_text.startswith(negation + " "):
            rest = inverse_text[len(negation):].split()
            break
    else:
        return False
    failure_words = {w for w in _words(failure) if w not in _STOPWORDS}
    rest_words = {w for w in rest if w not in _STOPWORDS}
    if not failure_words or not rest_words:
        return not rest_words
    overlap = len(failure_words & rest_words) / len(rest_words)
    return overlap >= 0.6


def measure_problem(measure: str) -> str:
    """'' when the measure has a number and a unit; otherwise what is missing."""
    words = _words(measure)
    numeric = bool(re.search(r"\d", measure)) or any(w in _NUMBER_WORDS for w in words)
    unit = any(not w.isdigit() and w not in _NUMBER_WORDS for w in words) or bool(re.search(r"[%$£€h]", measure))
    if not words and not measure.strip():
        return "missing"
    if not numeric:
        return "number"
    if not unit:
        return "unit"
    return ""


@dataclass(frozen=True)
class Prompt:
    """A nudge for one row (or, with ``row_id`` None, for the whole board)."""

    row_id: str | None
    field: str
    message: str


def row_prompts(row: Row) -> list[Prompt]:
    """What to nudge the learner about on one row, most important first."""
    failure, inverse, measure = row.failure.strip(), row.inverse.strip(), row.measure.strip()
    if not failure and not inverse:
        return []
    if not failure:
        return [Prompt(row.id, "failure", "What's the way to crash it that this opposite answers? "
                                           "Write it in the first box.")]
    if not inverse:
        return [Prompt(row.id, "inverse", "You've named a way to crash it — now write its opposite: "
                                           "what would you do instead?")]
    if is_just_negation(failure, inverse):
        return [Prompt(row.id, "inverse", "That's the failure with a “don't” in front. Say what you "
                                           "will do instead — for example “reply within 24 hours” "
                                           "rather than “don't ignore emails”.")]
    problem = measure_problem(measure)
    if problem == "missing":
        return [Prompt(row.id, "measure", "How would you know you're doing it? Add a measure with a "
                                           "number and a unit, like “95 % of orders shipped in 2 days”.")]
    if problem == "number":
        return [Prompt(row.id, "measure", "Add a number, so you can check it: how many, how fast, "
                                           "how often?")]
    if problem == "unit":
        return [Prompt(row.id, "measure", "Add a unit to that number: hours, days, orders, percent?")]
    return []


def board_prompts(board: Board) -> list[Prompt]:
    """Board-wide nudges."""
    if len(board.commitments) > MAX_COMMITMENTS:
        return [Prompt(None, "commitments",
                       f"You've picked {len(board.commitments)} commitments. Inversion is about the few "
                       f"things that matter most: keep it to {MAX_COMMITMENTS} or fewer.")]
    return []


def is_complete(row: Row) -> bool:
    """A row with a way to crash it and an opposite can be ranked."""
    return bool(row.failure.strip() and row.inverse.strip())


def ranked(board: Board) -> list[str]:
    """Ids of the rankable rows: the learner's order first, newer rows after in board order."""
    rows = board.rows()
    order = [i for i in board.ranking if i in rows and is_complete(rows[i][1])]
    seen = set(order)
    order += [i for i, (_stage, row) in rows.items() if i not in seen and is_complete(row)]
    return order


def move(order: list[str], item: str, step: int) -> list[str]:
    """``order`` with ``item`` moved ``step`` places (clamped at the ends)."""
    if item not in order:
        return list(order)
    result = list(order)
    index = result.index(item)
    target = max(0, min(len(result) - 1, index + step))
    result.insert(target, result.pop(index))
    return result


def commitments(board: Board) -> list[dict[str, Any]]:
    """The learner's commitments in rank order, as plain data for the playbook."""
    rows = board.rows()
    chosen = set(board.commitments)
    return [
        {"rank": rank, "stage": rows[i][0].name, "failure": rows[i][1].failure,
         "inverse": rows[i][1].inverse, "measure": rows[i][1].measure}
        for rank, i in enumerate((i for i in ranked(board) if i in chosen), start=1)
    ]


MAX_FIELD = 500


MAX_STAGE_NAME = 60


STARTER_SPEC = Record({"failure": Text(max_length=300), "inverse": Text(max_length=300),
                       "measure": Text(max_length=200)},
                      optional={"source": Text(max_length=200)})


STAGE_SPEC = Record({"id": slug(40),
                     "name": Text(max_length=MAX_STAGE_NAME), "question": Text(max_length=300),
                     "starters": ListOf(STARTER_SPEC, min_items=0)})


BOARD_SPEC = Record({"stages": ListOf(STAGE_SPEC, min_items=1, unique_by="id")})


@dataclass(frozen=True)
class Starter:
    """An example a learner may pull into their board."""

    failure: str
    inverse: str
    measure: str
    source: str = ""


@dataclass(frozen=True)
class StageContent:
    """A standard stage, with its question and starter examples."""

    id: str
    name: str
    question: str
    starters: tuple[Starter, ...]


def board_file() -> Path:
    """Where the stages and starter examples live."""
    return CONTENT_DIR / keys.INVERSION / "board.yaml"


def load_stages(path: Path) -> tuple[StageContent, ...]:
    """Read and check the board's content file."""
    data = load(path, BOARD_SPEC)
    return tuple(StageContent(s["id"], s["name"], s["question"], tuple(Starter(**x) for x in s["starters"]))
                 for s in data["stages"])


@functools.cache
def standard_stages() -> tuple[StageContent, ...]:
    """The standard stages, read once per kernel."""
    return load_stages(board_file())
