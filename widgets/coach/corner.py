"""Coach corner: a cohort's progress and answers, from the progress files learners download
or, on JupyterHub with cohort sharing on, the ones their servers keep up to date.

    import widgets.coach.corner as coach
    coach.corner()

It opens on ``$FAILFORWARD_COACH_COHORT`` when that is set (the coach's server on a hub:
the whole cohort folder, mounted read-only), else on the sample cohort. The coach types
the folder holding the files and presses Load (Refresh reads it again); every section is
HTML drawn here from the summaries of ``cohort.py`` (charts from ``charts.py``,
every learner's text escaped). The loaded :class:`~widgets.coach.cohort.Cohort` and
each section's data stay on the widget, for tests and for a coach who wants to
look further in Python.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as w
import pandas as pd

from widgets.coach.cohort import (
    NO_ENDING,
    QUIET_DAYS,
    SAMPLE_COHORT,
    Cohort,
    PromiseSpread,
    completion,
    empty_cohort,
    finished_course,
    inactive,
    learner_answers,
    learner_list,
    load_cohort,
    promise_spread,
    scenario_endings,
    stuck,
    ways_to_crash,
)
from widgets.core.charts import bar_chart
from widgets.core.course import course
from widgets.core.markup import EMPTY, Markup, esc, html, join, tiles_html
from widgets.core.text import hours_text, plural
from widgets.look.safe import friendly, guarded
from widgets.look.ui import Card, Feedback, html_block, primary_button, secondary_button, stylesheet

SECTIONS = ("overview", "completion", "stuck", "inactive", "crashes", "promises", "endings", "learners", "files")
COACH_ENV = "FAILFORWARD_COACH_COHORT"
"""The folder the corner opens on: a hub's whole cohort folder, in the coach's server."""
SAMPLE_INTRO = ("Your cohort at a glance, from the progress files your learners downloaded. Put them all in one "
                "folder, type its path and press Load. The sample cohort is made-up learners.")
COHORT_INTRO = ("Your cohort at a glance, from the cohort folder: each learner's server keeps their progress file "
                "there up to date (at most a minute behind while they work, and at once when they finish a lesson). "
                "Press Refresh to read it again.")


def default_folder() -> Path:
    """``$FAILFORWARD_COACH_COHORT`` if set, else the sample cohort."""
    configured = os.environ.get(COACH_ENV, "").strip()
    return Path(configured).expanduser() if configured else SAMPLE_COHORT
SHORT_LESSON = {"welcome": "Welcome", "inversion": "Inversion", "response-time": "Response time",
                "owning-mistakes": "Mistakes", "team": "Team", "playbook": "Playbook"}
NAMED_IN_BANNER = 5  # skipped files named in the banner; the "Files not used" table names them all


def _utc(stamp: pd.Timestamp | datetime) -> pd.Timestamp:
    moment = pd.Timestamp(stamp)
    return moment.tz_localize(UTC) if moment.tzinfo is None else moment.tz_convert(UTC)


def when(stamp: pd.Timestamp | datetime | None) -> str:
    """A time as a coach reads it, in UTC (the zone the files are written in)."""
    return "—" if stamp is None or pd.isna(stamp) else _utc(stamp).strftime("%d %b %Y, %H:%M UTC")


def on_day(stamp: pd.Timestamp | datetime | None) -> str:
    """The date only (UTC), short enough for a table cell."""
    return "—" if stamp is None or pd.isna(stamp) else _utc(stamp).strftime("%d %b %Y")


def who(name: str) -> Markup:
    """A learner's name for a table (escaped), or a quiet note when they never gave one."""
    return esc(name) if name else Markup("<span class='ff-muted'>(no name given)</span>")


def short_lesson(lesson: str, title: str) -> str:
    """A label short enough to sit under a bar."""
    return SHORT_LESSON.get(lesson) or (title if len(title) <= 14 else title[:13] + "…")


def _heading(text: str) -> Markup:
    return html("<h4 class='ff-step-heading'>{}</h4>", text)


def _subheading(text: str) -> Markup:
    return html("<h5 class='ff-step-heading'>{}</h5>", text)


def _muted(text: str) -> Markup:
    return html("<p class='ff-muted'>{}</p>", text)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, label: str = "") -> Markup:
    """A table: each cell is markup, or text (escaped here)."""
    head = join(html("<th scope='col'>{}</th>", h) for h in headers)
    body = join(html("<tr>{}</tr>", join(html("<td>{}</td>", cell) for cell in row)) for row in rows)
    if label:
        return html("<table class='ff-table' aria-label='{}'><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                    label, head, body)
    return html("<table class='ff-table'><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def _plural(count: int, noun: str, many: str = "") -> str:
    return plural(count, noun, many or noun + "s")


# ---- the sections, as HTML over plain data -----------------------------------------------------

def overview_html(cohort: Cohort, *, finished: int, stuck_learners: int, quiet: int, quiet_days: int,
                  spread: PromiseSpread) -> Markup:
    """The cohort in five numbers."""
    median = "—" if spread.median_hours is None else f"{spread.median_hours:g} h"
    tiles = ((f"{cohort.size:,}", "learners"), (f"{finished:,}", "finished every lesson"),
             (f"{stuck_learners:,}", "part-way through a lesson"),
             (f"{quiet:,}", f"quiet for {quiet_days}+ days"), (median, "typical reply promise (median)"))
    as_of = f"Files exported up to {when(cohort.as_of)}." if cohort.as_of is not None else ""
    return tiles_html(tiles, label="The cohort in numbers") + (_muted(as_of) if as_of else EMPTY)


def completion_html(table: pd.DataFrame, size: int) -> Markup:
    """How many learners finished each lesson: a bar chart, then the figures as a table."""
    heading = _heading("Who has finished each lesson")
    if size == 0:
        return heading + _muted("No learners loaded yet.")
    labels = [short_lesson(r.lesson, r.title) for r in table.itertuples()]
    description = "; ".join(f"{r.title}: {r.completed} of {size} finished" for r in table.itertuples())
    svg = bar_chart(labels, table["completed"].tolist(), y_label="learners",
                    title="Learners who marked each lesson done", description=description)
    rows = [(esc(r.title), f"{r.started:,}", f"{r.completed:,}", f"{r.share:.0%}") for r in table.itertuples()]
    return heading + svg + _table(("Lesson", "Started", "Finished", f"Finished, of {size:,}"), rows)


def stuck_html(table: pd.DataFrame) -> Markup:
    """Learners part-way through a lesson: where, how far, and when they last saved an answer there."""
    heading = _heading("Who is part-way through a lesson")
    if table.empty:
        return heading + _muted("Nobody: every lesson a learner started is marked done.")
    rows = [(who(r.name), esc(r.title), f"{r.answers:,}", esc(on_day(r.last_in_lesson)), esc(on_day(r.last_activity)))
            for r in table.itertuples()]
    return (heading + _muted("They saved at least one answer in the lesson but haven't marked it done. A later "
                             "“last active” date means they moved on without marking it. A short note asking how "
                             "it's going often helps.")
            + _table(("Learner", "Lesson", "Answers so far", "Last answer in it", "Last active"), rows))


def inactive_html(table: pd.DataFrame, days: int) -> Markup:
    """Learners with nothing saved for ``days`` days (those who finished every lesson aren't listed)."""
    heading = _heading(f"Quiet for {_plural(days, 'day')} or more")
    if table.empty:
        return heading + _muted(f"Nobody who is still on the course has been quiet for {_plural(days, 'day')}.")
    rows = [(who(r.name), esc(on_day(r.last_activity)),
             "nothing saved yet" if pd.isna(r.days_quiet) else f"{int(r.days_quiet):,}", f"{r.lessons_done:,}")
            for r in table.itertuples()]
    return (heading + _muted("Counted back from the newest export in the folder. Learners who finished every "
                             "lesson aren't listed.")
            + _table(("Learner", "Last active", "Days quiet", "Lessons done"), rows))


def crashes_html(table: pd.DataFrame) -> Markup:
    """The commonest ways to crash each stage, one small table per stage."""
    heading = _heading("The most common ways to crash it")
    if table.empty:
        return heading + _muted("No inversion boards with a way to crash it yet.")
    parts = [heading, _muted("From the learners' inversion boards. Answers that differ only in capitals, spacing "
                             "or punctuation are counted together.")]
    for _stage, rows in table.groupby("stage", sort=False):
        first = rows.iloc[0]
        cells = [(esc(r.way), f"{r.learners:,}") for r in rows.itertuples()]
        parts.append(_subheading(first.stage_name)
                     + _muted(f"{_plural(int(first.stage_learners), 'learner')} wrote ways to crash it.")
                     + _table(("Way to crash it", "Learners"), cells, label=f"Ways to crash it: {first.stage_name}"))
    return join(parts)


def promises_html(spread: PromiseSpread) -> Markup:
    """The spread of response-time promises as bars, and the median."""
    heading = _heading("Response-time promises")
    if spread.learners == 0:
        return heading + _muted("Nobody has set a response-time promise yet.")
    buckets = spread.buckets
    description = "; ".join(f"{r.bucket}: {r.learners}" for r in buckets.itertuples())
    svg = bar_chart(buckets["bucket"].tolist(), buckets["learners"].tolist(), y_label="learners",
                    title="How quickly learners promise a first reply", description=description)
    median = spread.median_hours or 0.0
    within = hours_text(median) if median.is_integer() else f"{median:g} hours"
    text = (f"{_plural(spread.learners, 'learner')} set a promise. The typical promise (the median) is a first "
            f"reply within {within}.")
    return heading + svg + _muted(text)


def endings_html(table: pd.DataFrame) -> Markup:
    """For each scenario, how many learners reached each ending."""
    heading = _heading("Where the scenarios ended")
    if table.empty:
        return heading + _muted("No scenarios in this course.")
    parts = [heading, _muted("A learner who played more than once counts once for each ending they reached.")]
    for _lesson, rows in table.groupby("scenario", sort=False):
        title = str(rows.iloc[0].scenario_title)
        endings = rows[rows["ending"] != NO_ENDING]
        unfinished = int(rows.loc[rows["ending"] == NO_ENDING, "learners"].sum())
        parts.append(_subheading(title))
        if endings["learners"].sum() == 0 and unfinished == 0:
            parts.append(_muted("Nobody has played it yet."))
            continue
        description = "; ".join(f"{r.ending}: {r.learners}" for r in endings.itertuples())
        parts.append(bar_chart(endings["ending"].tolist(), endings["learners"].tolist(), y_label="learners",
                               title=f"Endings reached in “{title}”", description=description))
        if unfinished:
            verb = "has" if unfinished == 1 else "have"
            parts.append(_muted(f"{_plural(unfinished, 'learner')} started it but {verb} not reached an ending yet."))
    return join(parts)


def learners_html(table: pd.DataFrame, *, read_at: datetime | None = None) -> Markup:
    """Every learner: where their file came from, when it was written ("as of"), how far they are."""
    heading = _heading("Each learner")
    if table.empty:
        return EMPTY
    rows = [(who(r.name), esc(r.source), esc(when(r.as_of)), f"{r.lessons_done:,}", esc(on_day(r.last_activity)))
            for r in table.itertuples()]
    read = f" The folder was read at {when(read_at)}." if read_at is not None else ""
    return (heading + _muted("“As of” is when the learner's file was written: on a hub with sharing on, their "
                             "server rewrites it at most once a minute while they work, and when they finish a "
                             f"lesson.{read} Choose a learner below to read their takeaways.")
            + _table(("Learner", "From", "As of", "Lessons done", "Last active"), rows, label="Each learner"))


def learner_html(table: pd.DataFrame, name: str) -> Markup:
    """One learner's course, lesson by lesson: finished when, their takeaway (escaped), how many answers."""
    rows = [(esc(r.title), esc(on_day(r.completed_at)) if not pd.isna(r.completed_at) else _quiet("not yet"),
             esc(r.takeaway) if r.takeaway else _quiet("—"), f"{r.answers:,}",
             esc(when(r.last_saved)) if not pd.isna(r.last_saved) else _quiet("—"))
            for r in table.itertuples()]
    title = html("{}: lesson by lesson", who(name))
    return (html("<h5 class='ff-step-heading'>{}</h5>", title)
            + _table(("Lesson", "Finished", "Their takeaway", "Answers", "Last saved"), rows,
                     label=f"{name or 'A learner'}: lesson by lesson"))


def _quiet(text: str) -> Markup:
    return html("<span class='ff-muted'>{}</span>", text)


def files_html(cohort: Cohort) -> Markup:
    """Every file that wasn't used, and why, one sentence each: not a usable progress file, an older file of the
    same learner, or a file outside a learner's own folder that names their account."""
    if not cohort.skipped and not cohort.superseded:
        return EMPTY
    rows: list[tuple[object, object]] = [(s.file, s.sentence) for s in cohort.skipped]
    for s in cohort.superseded:
        if s.elsewhere:
            rows.append((s.file, html("It names the account {} ({}), but it isn't in that learner's own folder, so "
                                      "the file there ({}) is used.", s.account, who(s.name), s.kept)))
        else:
            rows.append((s.file, html("An older file of {}; the newer {} is used.", who(s.name), s.kept)))
    return _heading("Files not used") + _table(("File", "Why"), rows)


# ---- the widget ---------------------------------------------------------------------------------

def load_message(cohort: Cohort) -> tuple[str, str]:
    """(what was loaded, what went wrong) after a load; either may be empty."""
    if cohort.problem:
        return "", (f"{cohort.problem} Put the progress files your learners downloaded (.json) in one folder "
                    "and give its path above.")
    if cohort.size == 0:
        return "", (f"None of the {_plural(len(cohort.skipped), 'file')} in “{cohort.folder}” is a Fail Forward "
                    "progress file (see “Files not used” below).")
    loaded = f"Loaded {_plural(cohort.size, 'learner')} from “{cohort.folder}”."
    if cohort.superseded:
        loaded += (f" {_plural(len(cohort.superseded), 'older export was', 'older exports were')} set aside for a "
                   "newer one from the same learner (see “Files not used”).")
    if not cohort.skipped:
        return loaded, ""
    named = "; ".join(f"{s.file} ({s.reason})" for s in cohort.skipped[:NAMED_IN_BANNER])
    more = len(cohort.skipped) - NAMED_IN_BANNER
    return loaded, (f"{_plural(len(cohort.skipped), 'file was', 'files were')} skipped: {named}"
                    + (f"; and {more:,} more" if more > 0 else "") + ". The rest loaded normally.")


class CoachCorner(Card):
    """Folder → Load → overview, completion, who is stuck or quiet, ways to crash it, promises, endings."""

    def __init__(self, *, folder: str | Path | None = None, quiet_days: int = QUIET_DAYS,
                 now: datetime | None = None) -> None:
        self.lessons = tuple((lesson.id, lesson.title) for lesson in course().lessons)
        self.now = now
        self.cohort: Cohort | None = None
        self.completion: pd.DataFrame | None = None
        self.stuck: pd.DataFrame | None = None
        self.inactive: pd.DataFrame | None = None
        self.crashes: pd.DataFrame | None = None
        self.promises: PromiseSpread | None = None
        self.endings: pd.DataFrame | None = None
        self.learners: pd.DataFrame | None = None
        self.seconds = 0.0  # server time of the last load (read every file, summarise, draw)
        self.read_at: datetime | None = None
        self.loaded: Path | None = None
        start = Path(folder) if folder is not None else default_folder()

        self.feedback = Feedback()
        self.status = html_block(EMPTY, "ff-coach-status")
        self.folder = w.Text(value=str(start), description="Folder",
                             placeholder="The folder holding your learners' progress files",
                             layout=w.Layout(width="100%"))
        self.folder.add_class("ff-question")
        self.load_button = primary_button("Load", tooltip="Read every progress file in the folder",
                                          on_click=guarded(lambda _b: self.load(), self.feedback))
        self.refresh_button = secondary_button("Refresh", tooltip="Read the same folder again",
                                               on_click=guarded(lambda _b: self.refresh(), self.feedback))
        self.refresh_button.layout.display = "none"
        self.pick = w.Dropdown(options=[], description="Learner")
        self.pick.add_class("ff-question")
        self.pick.observe(guarded(lambda _c: self._show_learner(), self.feedback), names="value")
        self.learner_box = html_block(EMPTY, "ff-chart-box", "ff-coach-learner")
        self.quiet_days = w.BoundedIntText(value=quiet_days, min=1, max=365, description="Quiet after (days)")
        self.quiet_days.add_class("ff-number")
        self.quiet_days.observe(guarded(lambda _c: self._show_inactive(), self.feedback), names="value")
        self.sections = {name: html_block(EMPTY, "ff-chart-box", f"ff-coach-{name}") for name in SECTIONS}
        choose = w.HBox([self.folder, self.load_button, self.refresh_button])
        choose.add_class("ff-choose-source")
        last = SECTIONS.index("learners") + 1
        super().__init__(
            [choose, self.status, self.feedback, *(self.sections[n] for n in SECTIONS[:3]), self.quiet_days,
             *(self.sections[n] for n in SECTIONS[3:last]), self.pick, self.learner_box,
             *(self.sections[n] for n in SECTIONS[last:])],
            title="Coach corner",
            intro=SAMPLE_INTRO if start == SAMPLE_COHORT else COHORT_INTRO,
            classes=("ff-coach",),
        )
        self.load()

    def load(self, folder: str | Path | None = None) -> None:
        """Read the folder (the box's, or ``folder``), summarise, and draw every section."""
        started = time.perf_counter()
        if folder is not None:
            self.folder.value = str(folder)
        typed = self.folder.value.strip()
        path = Path(typed).expanduser() if typed else None
        if path is not None and not path.is_absolute():
            path = path.resolve()  # relative to this notebook's folder; shown in full in the messages
        cohort = load_cohort(path, lessons=self.lessons) if path is not None else empty_cohort(self.lessons)
        self.cohort = cohort
        self.read_at = datetime.now(UTC)
        self.loaded = path if cohort.size else None
        self.refresh_button.layout.display = "" if path is not None and not cohort.problem else "none"
        self.completion = completion(cohort)
        self.stuck = stuck(cohort)
        self.crashes = ways_to_crash(cohort)
        self.promises = promise_spread(cohort)
        self.endings = scenario_endings(cohort)
        loaded, problem = load_message(cohort)
        self.status.value = html("<p class='ff-muted' role='status'>{}</p>", loaded) if loaded else EMPTY
        if problem:
            self.feedback.show("warning", problem)
        else:
            self.feedback.clear()
        self._show()
        self.seconds = time.perf_counter() - started

    def refresh(self) -> None:
        """Read the folder shown again (learners' servers keep their files up to date); the learner chosen stays."""
        self.load()

    def _show(self) -> None:
        cohort = self.cohort
        if cohort is None or self.promises is None:
            return
        if cohort.size == 0:
            for name in SECTIONS:
                self.sections[name].value = ""
            self.sections["files"].value = files_html(cohort)
            self.quiet_days.layout.display = "none"
            self.inactive = inactive(cohort, days=self.quiet_days.value, now=self.now)
            self.learners = learner_list(cohort)
            self._choices()
            return
        self.quiet_days.layout.display = ""
        self.sections["completion"].value = completion_html(self.completion, cohort.size)
        self.sections["stuck"].value = stuck_html(self.stuck)
        self.sections["crashes"].value = crashes_html(self.crashes)
        self.sections["promises"].value = promises_html(self.promises)
        self.sections["endings"].value = endings_html(self.endings)
        self.sections["files"].value = files_html(cohort)
        self.learners = learner_list(cohort)
        self.sections["learners"].value = learners_html(self.learners, read_at=self.read_at)
        self._choices()
        self._show_inactive()

    def _choices(self) -> None:
        """The learners to choose from (the one chosen before stays chosen if still there)."""
        table = self.learners
        options = [] if table is None else [
            (f"{r.name or '(no name given)'} · {r.source}", r.learner) for r in table.itertuples()]
        before = self.pick.value
        ids = [value for _label, value in options]
        self.pick.options = options
        self.pick.value = before if before in ids else (ids[0] if ids else None)
        self.pick.layout.display = "" if options else "none"
        self._show_learner()

    def _show_learner(self) -> None:
        cohort, chosen = self.cohort, self.pick.value
        if cohort is None or chosen is None or cohort.size == 0:
            self.learner_box.value = EMPTY
            return
        name = str(cohort.learners.set_index("learner").loc[chosen, "name"])
        self.learner_box.value = learner_html(learner_answers(cohort, chosen), name)

    def _show_inactive(self) -> None:
        """The quiet learners and the overview (which counts them); all a change of days redraws."""
        cohort = self.cohort
        if cohort is None or self.promises is None or self.stuck is None:
            return
        days = self.quiet_days.value
        self.inactive = inactive(cohort, days=days, now=self.now)
        if cohort.size == 0:
            return
        self.sections["inactive"].value = inactive_html(self.inactive, days)
        self.sections["overview"].value = overview_html(
            cohort, finished=finished_course(cohort), stuck_learners=self.stuck["learner"].nunique(),
            quiet=len(self.inactive), quiet_days=days, spread=self.promises)


@friendly
def corner(folder: str | None = None) -> w.Widget:
    """The coach corner, on the sample cohort unless given a folder."""
    box = w.VBox([stylesheet(), CoachCorner(folder=folder)])
    box.add_class("ff-coach-box")
    return box
