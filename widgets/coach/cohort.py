"""Coach corner, the data: a folder of learners' progress files, and what the cohort's answers say.

Pure pandas, no widgets (``corner.py`` shows what these return). :func:`load_cohort`
reads every ``*.json`` file in a folder, and in its subfolders, through the course's
one reader of progress files (``widgets.store.export_format``). The folder is either
files learners downloaded and sent in, or a cohort folder on JupyterHub, where each
learner's server keeps ``<their folder>/fail-forward-progress.json`` up to date
(``widgets.store.sharing``). A file that isn't usable is skipped and named with the
reason, never raised for; nothing is ever written. When one learner has several files,
one is kept and the others are named too. The summaries are small DataFrames or plain data.

Learners are told apart by their hub account when a file names one, else by their name
(case and spacing ignored); a file without either is a learner of its own.
"""

from __future__ import annotations

import itertools
import math
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, COURSE_ROOT, ContentError
from widgets.rules.scenario import Scenario, load_scenario
from widgets.store.export_format import MAX_BYTES, Problem, parse_progress
from widgets.store.sharing import PARTIAL

SAMPLE_COHORT = COURSE_ROOT / "assets" / "data" / "sample_cohort"
TOP_WAYS = 5
QUIET_DAYS = 14
PROMISE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("≤ 4 h", 4), ("≤ 12 h", 12), ("≤ 24 h", 24), ("≤ 48 h", 48), ("more than 48 h", math.inf))
NO_ENDING = ""  # the ending of a scenario row counting learners who played but haven't reached an ending

LEARNER_COLUMNS = ["learner", "name", "file", "exported_at", "last_activity", "answers", "lessons_done", "account",
                   "source"]
ANSWER_COLUMNS = ["learner", "lesson", "key", "value", "updated_at"]
COMPLETED_COLUMNS = ["learner", "lesson", "completed_at"]


@dataclass(frozen=True)
class Skipped:
    """A file (or subfolder) in the folder that could not be used, and why (words that read after its name)."""

    file: str
    reason: str

    @property
    def sentence(self) -> str:
        """The reason as a sentence of its own."""
        return self.reason[:1].upper() + self.reason[1:] + "."


@dataclass(frozen=True)
class Superseded:
    """Another file of a learner, set aside: an older export, or (``elsewhere``) a file outside the learner's
    own folder in a cohort folder that names their account."""

    file: str
    kept: str
    name: str
    elsewhere: bool = False
    account: str = ""


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
    """One usable progress file: who, when it was written, every answer and completion (times in UTC).

    ``file`` is its path inside the folder loaded ("maya.json", or "amara/fail-forward-progress.json"
    in a cohort folder); ``folder`` the subfolder it is in ("" at the top).
    """

    file: str
    name: str
    exported_at: datetime | None
    answers: list[tuple[str, str, Any, datetime]]
    completed: dict[str, datetime]
    account: str = ""
    folder: str = ""

    @property
    def last_activity(self) -> datetime | None:
        """The newest answer or completion, if any."""
        stamps = [row[3] for row in self.answers] + list(self.completed.values())
        return max(stamps) if stamps else None

    @property
    def source(self) -> str:
        """Where it came from, as a coach reads it: the learner's folder, or the file's name."""
        return self.folder or self.file

    @property
    def in_own_folder(self) -> bool:
        """A cohort folder's file in the folder of the account it names (a learner's server writes only there)."""
        return bool(self.account and self.folder) and self.folder.casefold() == self.account.casefold()


def read_export(data: bytes, file: str, *, folder: str = "") -> Export | Skipped:
    """One progress file, read by the course's one reader (``widgets.store.export_format``); a :class:`Skipped`
    naming what is wrong if it can't be used."""
    parsed = parse_progress(data)
    if isinstance(parsed, Problem):
        return Skipped(file, parsed.reason)
    answers = [(a.lesson, a.key, a.value, a.updated_at) for a in parsed.answers]
    return Export(file, parsed.learner, parsed.exported_at, answers, dict(parsed.completed), parsed.account, folder)


def same_learner_key(name: str, file: str, account: str = "") -> str:
    """Who an export belongs to: its hub account if it names one; else the name with case, accents' composition
    and spacing ignored; else the file."""
    if account:
        return f"account:{account.casefold()}"
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return f"name:{folded}" if folded else f"file:{file}"


def _newest_first(export: Export) -> tuple[bool, datetime, datetime, str]:
    floor = datetime.min.replace(tzinfo=UTC)
    return (export.in_own_folder, export.exported_at or export.last_activity or floor, export.last_activity or floor,
            export.file)


PARTIAL_AGE = 120.0
"""A ``.partial`` file older than this was left by a server that stopped while writing (a younger one is being
written right now, and is left alone)."""


@dataclass
class _Listing:
    files: list[tuple[Path, str]]  # (path, its subfolder or "")
    partial: list[str]
    unreadable: list[Skipped]


def _scan(folder: Path, sub: str, listing: _Listing, now: float) -> None:
    """The .json files of one folder (and, from the top, its subfolders: a cohort folder has one per learner)."""
    for path in sorted(folder.iterdir()):
        name = f"{sub}/{path.name}" if sub else path.name
        if path.name.startswith("."):
            if path.name.endswith(PARTIAL):
                try:
                    if now - path.stat().st_mtime > PARTIAL_AGE:
                        listing.partial.append(name)
                except OSError:
                    continue
            continue
        if path.suffix.lower() == ".json":
            listing.files.append((path, sub))
        elif not sub and path.is_dir():
            try:
                _scan(path, path.name, listing, now)
            except OSError as error:
                listing.unreadable.append(Skipped(f"{path.name}/", f"a folder that can't be read "
                                                                   f"({error.strerror or error}), so its progress "
                                                                   "files aren't shown"))


def _list_files(folder: Path) -> tuple[_Listing, str]:
    listing = _Listing([], [], [])
    if not folder.exists():
        return listing, f"There is no folder at “{folder}”."
    if not folder.is_dir():
        return listing, f"“{folder}” is a file, not a folder. Give the folder that holds the progress files."
    try:
        _scan(folder, "", listing, time.time())
    except OSError as error:
        return _Listing([], [], []), f"The folder “{folder}” can't be read ({error.strerror or error})."
    if not listing.files and not listing.partial and not listing.unreadable:
        return listing, f"There are no progress files (.json) in “{folder}” yet."
    return listing, ""


HALF_WRITTEN = ("left half-written by a learner's server that stopped while writing it, so it isn't used (their "
                "last complete file is)")


def load_cohort(folder: Path | str, *, lessons: Sequence[tuple[str, str]] | None = None) -> Cohort:
    """Every progress file in ``folder`` and in its subfolders (one level: a cohort folder holds one per
    learner); never raises for a bad file or folder, and never writes anything.

    ``lessons`` is the course's (id, title) pairs in order; by default read from ``course.yaml``.
    """
    if lessons is None:
        from widgets.core.course import course

        lessons = [(lesson.id, lesson.title) for lesson in course().lessons]
    folder = Path(folder).expanduser()
    listing, problem = _list_files(folder)
    skipped: list[Skipped] = list(listing.unreadable) + [Skipped(name, HALF_WRITTEN) for name in listing.partial]
    exports: list[Export] = []
    for path, sub in listing.files:
        name = f"{sub}/{path.name}" if sub else path.name
        try:
            if not path.is_file():
                skipped.append(Skipped(name, "not a file"))
                continue
            if path.stat().st_size > MAX_BYTES:
                skipped.append(Skipped(name, "far too large for a progress file"))
                continue
            data = path.read_bytes()
        except OSError as error:
            skipped.append(Skipped(name, f"can't be read ({error.strerror or error})"))
            continue
        found = read_export(data, name, folder=sub)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            exports.append(found)
    kept, superseded = _keep_newest(exports)
    skipped.sort(key=lambda item: item.file)
    return _tables(folder, kept, tuple(lessons), tuple(skipped), tuple(superseded), problem)


def empty_cohort(lessons: Sequence[tuple[str, str]], *,
                 problem: str = "Type the path of the folder that holds the progress files.") -> Cohort:
    """A cohort of nobody, with the reason."""
    return _tables(Path(), [], tuple(lessons), (), (), problem)


def _keep_newest(exports: Iterable[Export]) -> tuple[list[Export], list[Superseded]]:
    """One export per learner: the one in the learner's own folder if any (a learner's server writes only
    there, so a file elsewhere naming their account is not theirs to speak for), else the newest."""
    exports = list(exports)
    groups: dict[str, list[Export]] = defaultdict(list)
    # A file without an account in a learner's folder (a download they put there) is theirs too.
    folder_account = {e.folder: e.account for e in exports if e.in_own_folder}
    for export in exports:
        account = export.account or folder_account.get(export.folder, "")
        groups[same_learner_key(export.name, export.file, account)].append(export)
    kept: list[Export] = []
    superseded: list[Superseded] = []
    for group in groups.values():
        group.sort(key=_newest_first, reverse=True)
        first = group[0]
        kept.append(first)
        superseded.extend(Superseded(old.file, first.file, first.name,
                                     elsewhere=first.in_own_folder and old.folder != first.folder,
                                     account=first.account)
                          for old in group[1:])
    kept.sort(key=lambda export: export.file)
    superseded.sort(key=lambda item: item.file)
    return kept, superseded


def _times(values: list[Any]) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype=object), utc=True)


def _tables(folder: Path, exports: list[Export], lessons: tuple[tuple[str, str], ...],
            skipped: tuple[Skipped, ...], superseded: tuple[Superseded, ...], problem: str) -> Cohort:
    people: list[tuple[Any, ...]] = []
    answers: list[tuple[Any, ...]] = []
    completed: list[tuple[str, str, datetime]] = []
    for export in exports:
        people.append((export.file, export.name, export.file, export.exported_at, export.last_activity,
                       len(export.answers), len(export.completed), export.account, export.source))
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
    rows: list[tuple[str, str, str, int, int]] = []
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
    rows: list[tuple[str, str, str, int]] = []
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


def learner_list(cohort: Cohort) -> pd.DataFrame:
    """Every learner, with when their file was written ("as of") and how far they are.

    Columns: learner, name, source (their folder, or the file's name), as_of, last_activity, lessons_done
    (of the course's lessons), answers. By name (learners without one last), then source.
    """
    columns = ["learner", "name", "source", "as_of", "last_activity", "lessons_done", "answers"]
    lesson_ids = {lesson for lesson, _title in cohort.lessons}
    done = cohort.completed[cohort.completed["lesson"].isin(lesson_ids)].groupby("learner")["lesson"].nunique()
    people = cohort.learners.assign(as_of=cohort.learners["exported_at"],
                                    lessons_done=cohort.learners["learner"].map(done).fillna(0).astype(int),
                                    unnamed=cohort.learners["name"] == "",
                                    folded=cohort.learners["name"].map(lambda n: unicodedata.normalize("NFKC", n)
                                                                       .casefold()))
    people = people.sort_values(["unnamed", "folded", "source"])
    return people[columns].reset_index(drop=True)


def learner_answers(cohort: Cohort, learner: str) -> pd.DataFrame:
    """One learner's course, lesson by lesson: when they finished it, their takeaway, how many answers.

    Columns: lesson, title, completed_at (NaT if not done), takeaway ("" if none), answers, last_saved (NaT).
    """
    mine = cohort.answers[cohort.answers["learner"] == learner]
    finished = cohort.completed[cohort.completed["learner"] == learner].set_index("lesson")["completed_at"]
    rows = []
    for lesson, title in cohort.lessons:
        here = mine[mine["lesson"] == lesson]
        takeaway = here.loc[here["key"] == keys.TAKEAWAY.key, "value"]
        text = takeaway.iloc[0] if len(takeaway) and isinstance(takeaway.iloc[0], str) else ""
        rows.append((lesson, title, finished.get(lesson, pd.NaT), text, len(here),
                     here["updated_at"].max() if len(here) else pd.NaT))
    table = pd.DataFrame(rows, columns=["lesson", "title", "completed_at", "takeaway", "answers", "last_saved"])
    table["completed_at"] = _times(table["completed_at"].tolist())
    table["last_saved"] = _times(table["last_saved"].tolist())
    return table
