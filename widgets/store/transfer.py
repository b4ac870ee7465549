"""Take your work with you: all progress as one versioned JSON file, and back again.

Export is plain data (:func:`export_progress`). Import is two steps: :func:`plan_import`
reads and checks a file and says what it would change (never raising for a bad file),
then :func:`apply_import` writes only what the plan allows. An answer already saved
here that is newer than the one in the file is kept unless the learner says otherwise.
The file itself is read by :func:`widgets.store.export_format.parse_progress`, the one
reader the coach corner uses too; every time it brings in is normalised to UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from widgets.store.export_format import (
    FORMAT,
    MAX_BYTES,
    VERSION,
    Problem,
    SavedAnswer,
    parse_progress,
    parse_time,
    time_text,
)
from widgets.store.progress import ProgressStore, now_iso

MAX_IMPORT_BYTES = MAX_BYTES
__all__ = ["FORMAT", "MAX_IMPORT_BYTES", "VERSION", "Change", "ImportPlan", "apply_import", "export_json",
           "export_progress", "file_name", "plan_import"]


def export_progress(store: ProgressStore, *, course_title: str = "Fail Forward", account: str = "") -> dict[str, Any]:
    """Every saved answer and completed lesson, JSON-ready.

    ``account`` (the JupyterHub user name) is written only when given: a cohort folder's
    files have it, the learner's own download doesn't.
    """
    rows = store.export_rows()
    name = next((r.value for r in rows if (r.lesson, r.key) == ("welcome", "name") and isinstance(r.value, str)), "")
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now_iso(),
        "course": course_title,
        "learner": name,
        "answers": [{"lesson": r.lesson, "key": r.key, "value": r.value, "updated_at": r.updated_at} for r in rows],
        "completed": store.completed(),
    }
    if account:
        data["account"] = account
    return data


def dump(data: dict[str, Any]) -> str:
    """An export as pretty, stable JSON text (the download and a cohort folder's file alike)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def export_json(store: ProgressStore) -> str:
    """The export as pretty, stable JSON text."""
    return dump(export_progress(store))


def file_name(data: dict[str, Any]) -> str:
    """A download name such as ``fail-forward-progress-maya-2026-11-23.json``."""
    who = "".join(c if c.isalnum() else "-" for c in str(data.get("learner", "")).lower()).strip("-")[:30]
    day = str(data.get("exported_at", ""))[:10]
    return "-".join(part for part in ("fail-forward-progress", who, day) if part) + ".json"


@dataclass(frozen=True)
class Change:
    """One answer the import would add, replace, or keep as it is."""

    lesson: str
    key: str
    action: str  # "add" | "replace" | "keep-newer" | "same"
    value: Any
    updated_at: str


@dataclass
class ImportPlan:
    """What importing a file would do; ``problem`` is set (and nothing else) when it can't be used."""

    problem: str = ""
    learner: str = ""
    exported_at: str = ""
    changes: list[Change] = field(default_factory=list)
    completed: dict[str, str] = field(default_factory=dict)

    def count(self, action: str) -> int:
        """How many answers get ``action``."""
        return sum(1 for change in self.changes if change.action == action)

    @property
    def summary(self) -> str:
        """One sentence for the learner."""
        if self.problem:
            return self.problem
        parts = [f"{self.count('add')} new", f"{self.count('replace')} updated"]
        text = f"This file has {len(self.changes)} answers: {', '.join(parts)}, {self.count('same')} already here."
        newer = self.count("keep-newer")
        if newer:
            text += (f" {newer} answer{'s' if newer != 1 else ''} here {'are' if newer != 1 else 'is'} newer than in "
                     "the file and will be kept unless you choose to replace them.")
        return text


CHOOSE = "Choose the .json file you downloaded with “Download my progress”."
FOREIGN = "That file isn't a Fail Forward progress file. " + CHOOSE
NEWER = ("That progress file comes from a newer version of the course, so it can't be read here. Ask your coach to "
         "update this course.")
AGAIN = "so nothing was imported. Try downloading it again."


def learner_problem(problem: Problem) -> str:
    """What the learner reads when a file can't be imported."""
    if problem.kind == "empty":
        return "That file is empty. " + CHOOSE
    if problem.kind == "too-large":
        return "That file is far larger than any progress file. " + FOREIGN
    if problem.kind == "newer":
        return NEWER
    if problem.kind == "cut-short":
        return f"That progress file is cut short (it ends part-way through), {AGAIN}"
    if problem.kind == "bad-version":
        return "That progress file is damaged (its version isn't a number the course knows), " + AGAIN
    if problem.kind == "no-answers":
        return "That progress file is damaged (its answers are missing), so nothing was imported."
    if problem.kind == "bad-answer":
        return f"That progress file is damaged (answer {problem.answer} is incomplete), {AGAIN}"
    return FOREIGN  # not text, not JSON, not ours


def plan_import(data: bytes, store: ProgressStore) -> ImportPlan:
    """Read a progress file and compare it with what is saved here; never raises for a bad file."""
    parsed = parse_progress(data)
    if isinstance(parsed, Problem):
        return ImportPlan(problem=learner_problem(parsed))
    return ImportPlan(learner=parsed.learner,
                      exported_at=time_text(parsed.exported_at) if parsed.exported_at else "",
                      changes=[_compare(answer, store) for answer in parsed.answers],
                      completed={lesson: time_text(moment) for lesson, moment in parsed.completed.items()})


def _compare(answer: SavedAnswer, store: ProgressStore) -> Change:
    here = store.get(answer.lesson, answer.key)
    action = "add"
    if here is not None:
        if here.value == answer.value:
            action = "same"
        else:
            mine = parse_time(here.updated_at)
            action = "keep-newer" if mine and mine > answer.updated_at else "replace"
    return Change(answer.lesson, answer.key, action, answer.value, answer.stamp)


def apply_import(plan: ImportPlan, store: ProgressStore, *, replace_newer: bool = False) -> int:
    """Write the plan's answers (and completions); returns how many answers were written."""
    if plan.problem:
        return 0
    chosen = [c for c in plan.changes
              if c.action in ("add", "replace") or (replace_newer and c.action == "keep-newer")]
    for change in chosen:
        store.restore(change.lesson, change.key, change.value, change.updated_at)
    done = store.completed()
    for lesson, stamp in plan.completed.items():
        if lesson not in done:
            store.restore_completion(lesson, stamp)
    return len(chosen)
