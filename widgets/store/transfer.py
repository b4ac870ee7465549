"""Take your work with you: all progress as one versioned JSON file, and back again.

Export is plain data (:func:`export_progress`). Import is two steps: :func:`plan_import`
reads and checks a file and says what it would change (never raising for a bad file),
then :func:`apply_import` writes only what the plan allows. An answer already saved
here that is newer than the one in the file is kept unless the learner says otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from widgets.store.progress import ProgressStore, now_iso

FORMAT = "fail-forward-progress"
VERSION = 1
MAX_IMPORT_BYTES = 25 * 1024 * 1024


def export_progress(store: ProgressStore, *, course_title: str = "Fail Forward") -> dict[str, Any]:
    """Every saved answer and completed lesson, JSON-ready."""
    rows = store.export_rows()
    name = next((r.value for r in rows if (r.lesson, r.key) == ("welcome", "name") and isinstance(r.value, str)), "")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now_iso(),
        "course": course_title,
        "learner": name,
        "answers": [{"lesson": r.lesson, "key": r.key, "value": r.value, "updated_at": r.updated_at} for r in rows],
        "completed": store.completed(),
    }


def export_json(store: ProgressStore) -> str:
    """The export as pretty, stable JSON text."""
    return json.dumps(export_progress(store), ensure_ascii=False, indent=1, sort_keys=True)


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


def _stamp(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


CHOOSE = "Choose the .json file you downloaded with “Download my progress”."
FOREIGN = "That file isn't a Fail Forward progress file. " + CHOOSE


def plan_import(data: bytes, store: ProgressStore) -> ImportPlan:
    """Read a progress file and compare it with what is saved here; never raises for a bad file."""
    if not data.strip():
        return ImportPlan(problem="That file is empty. " + CHOOSE)
    if len(data) > MAX_IMPORT_BYTES:
        return ImportPlan(problem="That file is far larger than any progress file. " + FOREIGN)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return ImportPlan(problem=FOREIGN)
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        return ImportPlan(problem=FOREIGN)
    version = parsed.get("version")
    if not isinstance(version, int) or version > VERSION:
        return ImportPlan(problem="That progress file comes from a newer version of the course, so it can't be read "
                                  "here. Ask your coach to update this course.")
    answers = parsed.get("answers")
    if not isinstance(answers, list):
        return ImportPlan(problem="That progress file is damaged (its answers are missing), so nothing was imported.")
    changes = []
    for index, row in enumerate(answers, start=1):
        if not (isinstance(row, dict) and isinstance(row.get("lesson"), str) and isinstance(row.get("key"), str)
                and "value" in row and _stamp(row.get("updated_at")) is not None):
            return ImportPlan(problem=f"That progress file is damaged (answer {index} is incomplete), so nothing "
                                      "was imported. Try downloading it again.")
        changes.append(_compare(row, store))
    completed = parsed.get("completed") if isinstance(parsed.get("completed"), dict) else {}
    return ImportPlan(learner=str(parsed.get("learner", ""))[:80], exported_at=str(parsed.get("exported_at", "")),
                      changes=changes,
                      completed={str(k): str(v) for k, v in completed.items() if _stamp(v) is not None})


def _compare(row: dict[str, Any], store: ProgressStore) -> Change:
    here = store.get(row["lesson"], row["key"])
    action = "add"
    if here is not None:
        if here.value == row["value"]:
            action = "same"
        else:
            mine, theirs = _stamp(here.updated_at), _stamp(row["updated_at"])
            action = "keep-newer" if mine and theirs and mine > theirs else "replace"
    return Change(row["lesson"], row["key"], action, row["value"], str(row["updated_at"]))


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
