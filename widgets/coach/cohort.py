"""Coach corner, the data: a folder of learners' exported progress files, and what the cohort's answers say.

Pure pandas, no widgets (``coach.py`` shows what these return). :func:`load_cohort`
reads every ``*.json`` file in a folder as a progress file in the format of
``transfer.py``; a file that isn't one is skipped and named with the reason, never
raised for. When one learner exported more than once, the newest export is kept
and the older ones are named too. The summaries are small DataFrames or plain data.

Learners are told apart by their name (case and spacing ignored); a file without
a name is a learner of its own.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from widgets.core.content import CONTENT_DIR, COURSE_ROOT, ContentError
from widgets.rules.scenario import Scenario, load_scenario
from widgets.store.transfer import FORMAT, MAX_IMPORT_BYTES, VERSION

SAMPLE_COHORT = COURSE_ROOT / "assets" / "data" / "sample_cohort"
TOP_WAYS = 5
QUIET_DAYS = 14
PROMISE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("≤ 4 h", 4), ("≤ 12 h", 12), ("≤ 24 h", 24), ("≤ 48 h", 48), ("more than 48 h", math.inf))
NO_ENDING = ""  # the ending of a scenario row counting learners who played but haven't reached an ending

LEARNER_COLUMNS = ["learner", "name", "file", "exported_at", "last_activity", "answers", "lessons_done"]
ANSWER_COLUMNS = ["learner", "lesson", "key", "value", "updated_at"]
COMPLETED_COLUMNS = ["learner", "lesson", "completed_at"]


@dataclass(frozen=True)
class Skipped:
    """A ``.json`` file in the folder that could not be used, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class Superseded:
    """An older export of a learner, set aside for a newer one."""

    file: str
    kept: str
    name: str


@dataclass(frozen=True, eq=False)
class Cohort:
    """Every learner of a folder, one row each, with their answers and completed lessons as tables.

    ``learner`` (the file name of the export kept) identifies a learner in every table.
    ``problem`` is one sentence when the folder itself can't be used (and the tables are empty).
    """

    folder: Path
    learners: pd.DataFrame
    answers: pd.DataFrame
    completed: pd.DataFrame
    lessons: tuple[tuple[str, str], ...]
    skipped: tuple[Skipped, ...] = ()
    superseded: tuple[Superseded, ...] = ()
    problem: str = ""

    @property
    def size(self) -> int:
        """How many learners."""
        return len(self.learners)

    @property
    def as_of(self) -> pd.Timestamp | None:
        """The newest export in the folder: "now", as far as these files know."""
        if self.learners.empty:
            return None
        stamp = self.learners["exported_at"].max()
        return None if pd.isna(stamp) else stamp

    def values(self, lesson: str, key: str) -> pd.DataFrame:
        """One answer of every learner who gave it: columns learner, value, updated_at."""
        rows = self.answers[(self.answers["lesson"] == lesson) & (self.answers["key"] == key)]
        return rows[["learner", "value", "updated_at"]].reset_index(drop=True)


# ---- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Export:
    """One usable progress file: who, when it was exported, every answer and completion (times in UTC)."""

    file: str
    name: str
    exported_at: datetime | None
    answers: list[tuple[str, str, Any, datetime]]
    completed: dict[str, datetime]

    @property
    def last_activity(self) -> datetime | None:
        """The newest answer or completion, if any."""
        stamps = [row[3] for row in self.answers] + list(self.completed.values())
        return max(stamps) if stamps else None


def _stamp(text: Any) -> datetime | None:
    """An ISO timestamp as an aware UTC datetime (a time without a zone is taken as UTC)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def read_export(data: bytes, file: str) -> Export | Skipped:
    """One progress file, checked as ``transfer.plan_import`` checks it; a :class:`Skipped` if unusable."""
    if not data.strip():
        return Skipped(file, "the file is empty")
    if len(data) > MAX_IMPORT_BYTES:
        return Skipped(file, f"far too large for a progress file ({len(data) / 1024 / 1024:.0f} MB)")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Skipped(file, "not UTF-8 text")
    except ValueError as error:
        line = getattr(error, "lineno", None)
        return Skipped(file, f"not valid JSON (line {line})" if line else "not valid JSON")
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        return Skipped(file, "not a Fail Forward progress file")
    version = parsed.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        return Skipped(file, f"made by a newer version of the course (version {version!r})")
    rows = parsed.get("answers")
    if not isinstance(rows, list):
        return Skipped(file, "damaged: its answers are missing")
    answers = []
    for index, row in enumerate(rows, start=1):
        moment = _stamp(row.get("updated_at")) if isinstance(row, dict) else None
        if not (moment and isinstance(row.get("lesson"), str) and isinstance(row.get("key"), str) and "value" in row):
            return Skipped(file, f"damaged: answer {index} is incomplete")
        answers.append((row["lesson"], row["key"], row["value"], moment))
    raw_done = parsed.get("completed")
    completed = {}
    for lesson, when in (raw_done.items() if isinstance(raw_done, dict) else ()):
        moment = _stamp(when)
        if moment is not None:
            completed[str(lesson)] = moment
    name = parsed.get("learner")
    if not isinstance(name, str) or not name.strip():
        name = next((value for lesson, key, value, _t in answers
                     if (lesson, key) == ("welcome", "name") and isinstance(value, str)), "")
    return Export(file, " ".join(name.split())[:80], _stamp(parsed.get("exported_at")), answers, completed)


def same_learner_key(name: str, file: str) -> str:
    """Who an export belongs to: the name with case, accents' composition and spacing ignored; else the file."""
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return f"name:{folded}" if folded else f"file:{file}"


def _newest_first(export: Export) -> tuple[datetime, datetime, str]:
    floor = datetime.min.replace(tzinfo=UTC)
    return (export.exported_at or export.last_activity or floor, export.last_activity or floor, export.file)


def _list_files(folder: Path) -> tuple[list[Path], str]:
    if not folder.exists():
        return [], f"There is no folder at “{folder}”."
    if not folder.is_dir():
        return [], f"“{folder}” is a file, not a folder. Give the folder that holds the progress files."
    try:
        files = sorted(path for path in folder.iterdir() if path.suffix.lower() == ".json")
    except OSError as error:
        return [], f"The folder “{folder}” can't be read ({error.strerror or error})."
    if not files:
        return [], f"There are no progress files (.json) in “{folder}” yet."
    return files, ""


def load_cohort(folder: Path | str, *, lessons: Sequence[tuple[str, str]] | None = None) -> Cohort:
    """Every progress file in ``folder`` (not its subfolders); never raises for a bad file or folder.

    ``lessons`` is the course's (id, title) pairs in order; by default read from ``course.yaml``.
    """
    if lessons is None:
        from widgets.core.course import course

        lessons = [(lesson.id, lesson.title) for lesson in course().lessons]
    folder = Path(folder).expanduser()
    files, problem = _list_files(folder)
    skipped: list[Skipped] = []
    exports: list[Export] = []
    for path in files:
        try:
            if not path.is_file():
                skipped.append(Skipped(path.name, "not a file"))
                continue
            if path.stat().st_size > MAX_IMPORT_BYTES:
                skipped.append(Skipped(path.name, "far too large for a progress file"))
                continue
            data = path.read_bytes()
        except OSError as error:
            skipped.append(Skipped(path.name, f"can't be read ({error.strerror or error})"))
            continue
        found = read_export(data, path.name)
        (skipped if isinstance(found, Skipped) else exports).append(found)  # type: ignore[arg-type]
    kept, superseded = _keep_newest(exports)
    return _tables(folder, kept, tuple(lessons), tuple(skipped), tuple(superseded), problem)


def empty_cohort(lessons: Sequence[tuple[str, str]], *,
                 problem: str = "Type the path of the folder that holds the progress files.") -> Cohort:
    """A cohort of nobody, with the reason."""
    return _tables(Path(), [], tuple(lessons), (), (), problem)


def _keep_newest(exports: Iterable[Export]) -> tuple[list[Export], list[Superseded]]:
    groups: dict[str, list[Export]] = defaultdict(list)
    for export in exports:
        groups[same_learner_key(export.name, export.file)].append(export)
    kept, superseded = [], []
    for group in groups.values():
        group.sort(key=_newest_first, reverse=True)
        kept.append(group[0])
        superseded.extend(Superseded(old.file, group[0].file, group[0].name) for old in group[1:])
    kept.sort(key=lambda export: export.file)
    superseded.sort(key=lambda item: item.file)
    return kept, superseded


def _times(values: list[Any]) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype=object), utc=True)


def _tables(folder: Path, exports: list[Export], lessons: tuple[tuple[str, str], ...],
            skipped: tuple[Skipped, ...], superseded: tuple[Superseded, ...], problem: str) -> Cohort:
    people, answers, completed = [], [], []
    for export in exports:
        people.append((export.file, export.name, export.file, export.exported_at, export.last_activity,
                       len(export.answers), len(export.completed)))
        answers.extend((export.file, *row) for row in export.answers)
        completed.extend((export.file, lesson, moment) for lesson, moment in export.completed.items())
    learners = pd.DataFrame(people, columns=LEARNER_COLUMNS)
    learners["exported_at"] = _times(learners["exported_at"].tolist())
    learners["last_activity"] = _times(learners["last_activity"].tolist())
    answer_table = pd.DataFrame(answers, columns=ANSWER_COLUMNS)
    answer_table["value"] = answer_table["value"].astype(object)
    answer_table["updated_at"] = _times(answer_table["updated_at"].tolist())
    done = pd.DataFrame(completed, columns=COMPLETED_COLUMNS)
    done["completed_at"] = _times(done["completed_at"].tolist())
    return Cohort(folder, learners, answer_table, done, lessons, skipped, superseded, problem)


# ---- summaries ----------------------------------------------------------------------------------

def completion(cohort: Cohort) -> pd.DataFrame:
    """Per lesson, in course order: learners who started it (an answer, or done), finished it, and the share."""
    started = cohort.answers.groupby("lesson")["learner"].unique()
    finished = cohort.completed.groupby("lesson")["learner"].unique()
    rows = []
    for lesson, title in cohort.lessons:
        done = set(finished.get(lesson, ()))
        begun = set(started.get(lesson, ())) | done
        share = len(done) / cohort.size if cohort.size else 0.0
        rows.append((lesson, title, len(begun), len(done), share))
    return pd.DataFrame(rows, columns=["lesson", "title", "started", "completed", "share"])


def _names(cohort: Cohort) -> pd.Series:
    return cohort.learners.set_index("learner")["name"]


def stuck(cohort: Cohort) -> pd.DataFrame:
    """Learners who answered something in a lesson but haven't marked it done, one row per (learner, lesson).

    Columns: learner, name, lesson, title, answers (in that lesson), last_in_lesson, last_activity (anywhere).
    In course order, then the longest-stuck first.
    """
    columns = ["learner", "name", "lesson", "title", "answers", "last_in_lesson", "last_activity"]
    order = {lesson: index for index, (lesson, _title) in enumerate(cohort.lessons)}
    answers = cohort.answers[cohort.answers["lesson"].isin(order)]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    per = answers.groupby(["learner", "lesson"]).agg(answers=("key", "size"), last_in_lesson=("updated_at", "max"))
    per = per.reset_index()
    done = set(zip(cohort.completed["learner"], cohort.completed["lesson"], strict=True))
    per = per[[(who, lesson) not in done for who, lesson in zip(per["learner"], per["lesson"], strict=True)]]
    people = cohort.learners.set_index("learner")
    per = per.assign(name=per["learner"].map(people["name"]), title=per["lesson"].map(dict(cohort.lessons)),
                     last_activity=per["learner"].map(people["last_activity"]), position=per["lesson"].map(order))
    per = per.sort_values(["position", "last_in_lesson", "learner"])
    return per[columns].reset_index(drop=True)


def inactive(cohort: Cohort, *, days: int = QUIET_DAYS, now: datetime | pd.Timestamp | None = None) -> pd.DataFrame:
    """Learners with nothing saved for at least ``days`` days before ``now`` (default: the newest export).

    Learners who finished every lesson aren't listed; learners who never saved anything are (with no date).
    Columns: learner, name, last_activity, days_quiet, lessons_done; the quietest first.
    """
    columns = ["learner", "name", "last_activity", "days_quiet", "lessons_done"]
    reference = pd.Timestamp(now) if now is not None else cohort.as_of
    if reference is None or cohort.learners.empty:
        return pd.DataFrame(columns=columns)
    if reference.tzinfo is None:
        reference = reference.tz_localize(UTC)
    lesson_ids = {lesson for lesson, _title in cohort.lessons}
    done = cohort.completed[cohort.completed["lesson"].isin(lesson_ids)].groupby("learner")["lesson"].nunique()
    people = cohort.learners.assign(lessons_done=cohort.learners["learner"].map(done).fillna(0).astype(int))
    quiet = (reference - people["last_activity"]) / timedelta(days=1)
    people = people.assign(days_quiet=quiet)
    chosen = people[(people["lessons_done"] < len(lesson_ids)) & (quiet.isna() | (quiet >= days))]
    chosen = chosen.sort_values(["days_quiet", "learner"], ascending=[False, True], na_position="first")
    return chosen[columns].reset_index(drop=True)


_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Text as compared when grouping answers: case, spacing, punctuation and apostrophes ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def _stage_order(boards: list[list[str]]) -> list[str]:
    """Stages in the order boards show them (every board keeps the course's order), first seen first on ties."""
    first_seen: dict[str, int] = {}
    after: dict[str, set[str]] = defaultdict(set)
    for stages in boards:
        for stage in stages:
            first_seen.setdefault(stage, len(first_seen))
        for before, later in itertools.pairwise(stages):
            after[before].add(later)
    waiting = {stage: 0 for stage in first_seen}
    for followers in after.values():
        for stage in followers:
            waiting[stage] += 1
    order: list[str] = []
    while len(order) < len(first_seen):
        ready = [stage for stage, count in waiting.items() if count == 0 and stage not in order]
        if not ready:  # boards disagree (a coach reordered board.yaml mid-course): first seen breaks the loop
            ready = [stage for stage in first_seen if stage not in order]
        stage = min(ready, key=first_seen.__getitem__)
        order.append(stage)
        for follower in after[stage]:
            waiting[follower] -= 1
    return order


def _display(spellings: Counter[str]) -> str:
    """The spelling to show: the commonest; on a tie, one not in all capitals or all lower case."""
    return min(spellings.items(), key=lambda item: (-item[1], item[0].isupper() or item[0].islower(),
                                                    not item[0][-1:].isalnum(), item[0]))[0]


def ways_to_crash(cohort: Cohort, *, top: int = TOP_WAYS) -> pd.DataFrame:
    """The most common ways to crash each stage on the inversion boards: the ``top`` texts per stage.

    Texts that match once case, spacing and punctuation are ignored are one; each learner counts once
    per text. Standard stages go by id (in the board's order), a learner's own stage by its name (after
    them, most used first). Columns: stage, stage_name, way (the commonest spelling), learners,
    stage_learners (learners with at least one way for that stage).
    """
    columns = ["stage", "stage_name", "way", "learners", "stage_learners"]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    stage_names: dict[str, Counter[str]] = defaultdict(Counter)
    own: set[str] = set()
    boards: list[list[str]] = []
    for board in cohort.values("inversion", "board")["value"]:
        stages = board.get("stages") if isinstance(board, dict) else None
        shown: list[str] = []
        for stage in stages if isinstance(stages, list) else ():
            if not isinstance(stage, dict) or not isinstance(stage.get("name"), str):
                continue
            name = " ".join(stage["name"].split())
            custom = bool(stage.get("custom")) or not stage.get("id")
            key = f"own:{normalise(name)}" if custom else str(stage["id"])
            seen = set()
            for row in stage.get("rows") or ():
                text = " ".join(str(row.get("failure", "")).split()) if isinstance(row, dict) else ""
                folded = normalise(text)
                if folded and folded not in seen:
                    seen.add(folded)
                    spellings[key, folded][text] += 1
            if not seen:
                continue
            counts[key].update(seen)
            stage_names[key][name] += 1
            if custom:
                own.add(key)
            else:
                shown.append(key)
        boards.append(shown)
    people = {key: stage_names[key].total() for key in counts}
    order = _stage_order(boards) + sorted(own, key=lambda key: (-people[key], key))
    rows = []
    for key in order:
        ranked = sorted(counts[key].items(), key=lambda item: (-item[1], item[0]))[:top]
        rows.extend((key, _display(stage_names[key]), _display(spellings[key, folded]), count, people[key])
                    for folded, count in ranked)
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class PromiseSpread:
    """The response-time promises of the cohort: learners per bucket, the median, and how many promised."""

    buckets: pd.DataFrame  # columns: bucket, learners
    median_hours: float | None
    learners: int


def _hours(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value > 0 else None


def promise_spread(cohort: Cohort) -> PromiseSpread:
    """How many learners promised a first reply within 4, 12, 24, 48 hours or more, and the median promise."""
    hours = [h for h in map(_hours, cohort.values("response-time", "promise-hours")["value"]) if h is not None]
    counts = [0] * len(PROMISE_BUCKETS)
    for value in hours:
        counts[next(i for i, (_label, limit) in enumerate(PROMISE_BUCKETS) if value <= limit)] += 1
    buckets = pd.DataFrame({"bucket": [label for label, _limit in PROMISE_BUCKETS], "learners": counts})
    median = float(pd.Series(hours, dtype=float).median()) if hours else None
    return PromiseSpread(buckets, median, len(hours))


def scenario_lessons(cohort: Cohort) -> list[str]:
    """Lessons of the course that have a branching scenario (a content file, or answers saved as one)."""
    played = set(cohort.answers.loc[cohort.answers["key"] == "scenario", "lesson"])
    return [lesson for lesson, _title in cohort.lessons
            if lesson in played or (CONTENT_DIR / lesson / "scenario.yaml").exists()]


def course_scenarios(lessons: Iterable[str]) -> dict[str, Scenario]:
    """The scenario files of these lessons, read now (so a coach's edit shows); a broken one is left out."""
    found = {}
    for lesson in lessons:
        path = CONTENT_DIR / lesson / "scenario.yaml"
        try:
            found[lesson] = load_scenario(path, scenario_id=lesson)
        except (ContentError, OSError):
            continue
    return found


def scenario_endings(cohort: Cohort, *, scenarios: Mapping[str, Scenario] | None = None) -> pd.DataFrame:
    """Per scenario, how many learners reached each ending (by title; a learner counts once per ending).

    Every ending in the scenario file is listed, even at 0, in the file's order, then any other title found
    (an ending since renamed or removed: by the title saved with it, else its scene id). Each scenario also
    gets a row with ending ``NO_ENDING`` ("") for learners who played but haven't reached an ending yet.
    Columns: scenario (lesson id), scenario_title, ending, learners.
    """
    lessons = scenario_lessons(cohort)
    if scenarios is None:
        scenarios = course_scenarios(lessons)
    titles = dict(cohort.lessons)
    rows = []
    for lesson in lessons:
        scenario = scenarios.get(lesson)
        known = {s.id: s.title for s in scenario.scenes.values() if s.ending} if scenario else {}
        reached: Counter[str] = Counter()
        unfinished = 0
        for value in cohort.values(lesson, "scenario")["value"]:
            if not isinstance(value, dict):
                continue
            ids = [e for e in value.get("endings") or () if isinstance(e, str) and e.strip()]
            endings = {known[e] for e in ids if e in known}
            summary = value.get("summary")
            if isinstance(summary, dict) and isinstance(summary.get("ending"), str) and summary["ending"].strip():
                endings.add(summary["ending"].strip())
            if not endings:  # endings the scenario file no longer has, and no title saved: go by their ids
                endings = set(ids)
            reached.update(endings)
            unfinished += not endings
        order = list(dict.fromkeys(known.values()))
        order += sorted((t for t in reached if t not in order), key=lambda t: (-reached[t], t))
        heading = scenario.title if scenario else titles.get(lesson, lesson)
        rows.extend((lesson, heading, ending, reached[ending]) for ending in order)
        rows.append((lesson, heading, NO_ENDING, unfinished))
    return pd.DataFrame(rows, columns=["scenario", "scenario_title", "ending", "learners"])


def finished_course(cohort: Cohort) -> int:
    """How many learners marked every lesson done."""
    lesson_ids = {lesson for lesson, _title in cohort.lessons}
    if not lesson_ids:
        return 0
    done = cohort.completed[cohort.completed["lesson"].isin(lesson_ids)].groupby("learner")["lesson"].nunique()
    return int((done == len(lesson_ids)).sum())
