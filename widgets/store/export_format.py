"""The progress file, read in one place: the "Take your work with you" download and a cohort folder's files.

A progress file is one JSON object (``lessons/coach/AUTHORING.md``, section 15, is the
public description; keep the two in step)::

    format       "fail-forward-progress"
    version      1 (a whole number; a file from a newer course has a larger one)
    exported_at  when the file was written (ISO 8601, UTC)
    course       the course's title
    learner      the name typed on the welcome lesson ("" if none)
    account      only in files a learner's server writes to a cohort folder on
                 JupyterHub: the hub's user name (the download never has it)
    answers      a list of {lesson, key, value (any JSON), updated_at}
    completed    {lesson id: when it was marked done}

Readers ignore fields they don't know, so an optional field can be added without a new
version; a new version is for a change an older course would misread.

:func:`parse_progress` checks a file and returns plain data (every time as an aware
UTC datetime: a time without a zone is read as UTC) or a :class:`Problem` naming what is
wrong in plain words. It never raises for a bad file. What to *do* with a file
(import it, show it to a coach) is up to its callers: ``transfer.py`` and
``widgets/coach/cohort.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

FORMAT = "fail-forward-progress"
VERSION = 1
MAX_BYTES = 25 * 1024 * 1024
"""Far larger than any real progress file (a whole course is about 15 kB)."""
MAX_NAME = 80

ProblemKind = Literal["empty", "too-large", "not-text", "cut-short", "not-json", "foreign", "bad-version", "newer",
                      "no-answers", "bad-answer"]


@dataclass(frozen=True)
class Problem:
    """Why a file can't be used: a ``kind`` to act on, and the ``reason`` in plain words.

    ``reason`` reads after a file's name ("notes.json: not valid JSON (line 2)");
    :attr:`sentence` is the same as a sentence of its own.
    """

    kind: ProblemKind
    reason: str
    answer: int = 0
    """For ``bad-answer``: which answer (counting from 1) is incomplete."""

    @property
    def sentence(self) -> str:
        """The reason as a sentence: "Not valid JSON (line 2)."."""
        return self.reason[:1].upper() + self.reason[1:] + "."


@dataclass(frozen=True)
class SavedAnswer:
    """One answer of a progress file."""

    lesson: str
    key: str
    value: Any
    updated_at: datetime

    @property
    def stamp(self) -> str:
        """``updated_at`` as the store writes times."""
        return time_text(self.updated_at)


@dataclass(frozen=True)
class ProgressFile:
    """A usable progress file, checked; every time in UTC."""

    version: int
    learner: str
    """The learner's name, spacing tidied, at most 80 characters: the ``learner`` field, else the
    welcome lesson's saved name, else ""."""
    account: str
    course: str
    exported_at: datetime | None
    answers: tuple[SavedAnswer, ...]
    completed: Mapping[str, datetime] = field(default_factory=dict)

    @property
    def last_activity(self) -> datetime | None:
        """The newest answer or completion, if any."""
        stamps = [answer.updated_at for answer in self.answers] + list(self.completed.values())
        return max(stamps) if stamps else None


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time as an aware UTC datetime (one without a zone is read as UTC); None if it isn't one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: a zone pushing year 9999 past the end of time
        return None


def time_text(moment: datetime) -> str:
    """A time as the progress store writes it: UTC, milliseconds, sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def tidy_name(value: object) -> str:
    """A name as shown: spacing folded, at most 80 characters; "" if it isn't text."""
    return " ".join(value.split())[:MAX_NAME] if isinstance(value, str) else ""


def _decode(data: bytes) -> Any | Problem:
    """The JSON in ``data``, or what is wrong with it."""
    if not data.strip():
        return Problem("empty", "the file is empty")
    if len(data) > MAX_BYTES:
        return Problem("too-large", f"far too large for a progress file ({len(data) / 1024 / 1024:.0f} MB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem("not-text", "not UTF-8 text")
    try:
        return json.loads(text)
    except RecursionError:
        return Problem("not-json", "not valid JSON (nested far too deeply)")
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            return Problem("cut-short", "cut short: it ends part-way through, as if it was still being written "
                                        "or copied")
        return Problem("not-json", f"not valid JSON (line {error.lineno})")
    except ValueError:
        return Problem("not-json", "not valid JSON")


def parse_progress(data: bytes) -> ProgressFile | Problem:
    """Check a progress file; its contents as plain data, or a :class:`Problem`. Never raises for a bad file."""
    parsed = _decode(data)
    if isinstance(parsed, Problem):
        return parsed
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        return Problem("foreign", "not a Fail Forward progress file")
    version = parsed.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return Problem("bad-version", f"damaged: its version ({version!r}) isn't a version of the course")
    if version > VERSION:
        return Problem("newer", f"made by a newer version of the course (version {version})")
    rows = parsed.get("answers")
    if not isinstance(rows, list):
        return Problem("no-answers", "damaged: its answers are missing")
    answers = []
    for index, row in enumerate(rows, start=1):
        moment = parse_time(row.get("updated_at")) if isinstance(row, dict) else None
        if not (moment and isinstance(row.get("lesson"), str) and isinstance(row.get("key"), str) and "value" in row):
            return Problem("bad-answer", f"damaged: answer {index} is incomplete", answer=index)
        answers.append(SavedAnswer(row["lesson"], row["key"], row["value"], moment))
    raw_done = parsed.get("completed")
    completed = {}
    for lesson, when in raw_done.items() if isinstance(raw_done, dict) else ():
        moment = parse_time(when)
        if moment is not None:  # a completion without a readable time is left out, never the whole file
            completed[str(lesson)] = moment
    name = tidy_name(parsed.get("learner")) or next(
        (tidy_name(a.value) for a in answers if (a.lesson, a.key) == ("welcome", "name") and tidy_name(a.value)), "")
    course = parsed.get("course")
    return ProgressFile(version=version, learner=name, account=tidy_name(parsed.get("account")),
                        course=course if isinstance(course, str) else "",
                        exported_at=parse_time(parsed.get("exported_at")), answers=tuple(answers),
                        completed=completed)
