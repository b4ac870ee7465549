"""Lesson 2, exercise 3: your own inbox — upload a ticket export (or use the sample) and see the truth.

The file is read once into a table of text; choosing columns, time zone or date
order re-parses that table, and a change of promise only re-measures. The
learner's choices are saved, and a copy of their upload is kept beside their
progress so the analysis is back after a reload.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.charts import bar_chart, heatmap, legend
from widgets.core.content import COURSE_ROOT
from widgets.core.markup import EMPTY, Markup, html, join, tiles_html
from widgets.core.text import duration_text, hours_text
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Feedback, html_block, primary_button
from widgets.look.upload import upload_button
from widgets.rules.inbox_limits import DATE_ORDERS, MAX_BYTES, WEEKDAYS
from widgets.rules.waits import wait_bins
from widgets.store.autosave import Autosaver
from widgets.store.promise import Promise, shared_promise

if TYPE_CHECKING:
    import pandas as pd

    from widgets.rules.inbox import Analysis, Tickets

log = logging.getLogger(__name__)


def analysis() -> Any:
    """The pandas side of the inbox, imported when a file is first read: opening the lesson doesn't load
    pandas (about 0.2 s of a lesson kernel's start) for a learner who hasn't used the inbox yet."""
    from widgets.rules import inbox as inbox_analysis

    return inbox_analysis

UPLOAD_NAME = "response-time-inbox.csv"
SAMPLE = COURSE_ROOT / "assets" / "data" / "sample_tickets.csv"
SAMPLE_TZ, SAMPLE_ORDER = "Europe/London", "day"
MIN_CELL = 5  # fewest messages in a weekday-hour slot before we call it "the slowest"

TIME_ZONES = (
    ("UTC", "UTC"), ("London, Lisbon", "Europe/London"), ("Dublin", "Europe/Dublin"),
    ("Paris, Berlin, Madrid, Rome", "Europe/Paris"), ("Amsterdam, Stockholm", "Europe/Amsterdam"),
    ("Athens, Helsinki", "Europe/Athens"), ("Johannesburg", "Africa/Johannesburg"), ("Lagos", "Africa/Lagos"),
    ("Dubai", "Asia/Dubai"), ("India", "Asia/Kolkata"), ("Singapore", "Asia/Singapore"), ("Tokyo", "Asia/Tokyo"),
    ("Perth", "Australia/Perth"), ("Sydney, Melbourne", "Australia/Sydney"), ("Auckland", "Pacific/Auckland"),
    ("Newfoundland", "America/St_Johns"), ("Atlantic (Halifax)", "America/Halifax"),
    ("Eastern (New York, Toronto)", "America/New_York"), ("Central (Chicago)", "America/Chicago"),
    ("Mountain (Denver)", "America/Denver"), ("Arizona", "America/Phoenix"),
    ("Pacific (Los Angeles, Vancouver)", "America/Los_Angeles"), ("Alaska", "America/Anchorage"),
    ("Hawaii", "Pacific/Honolulu"), ("Mexico City", "America/Mexico_City"), ("São Paulo", "America/Sao_Paulo"),
)
ZONE_VALUES = {value for _label, value in TIME_ZONES}
HOURS = tuple(f"{h:02d}:00" for h in range(24))


# ---- what the learner reads: pure HTML builders over an Analysis -----------------------------

def figures_html(result: Analysis, promise_hours: int) -> Markup:
    """The headline numbers as tiles."""
    median = "—" if result.median_hours is None else duration_text(result.median_hours)
    p90 = "—" if result.p90_hours is None else duration_text(result.p90_hours)
    tiles = (
        (f"{result.tickets:,}", "messages analysed"),
        (f"{result.within_promise:.0%}", f"answered within your {hours_text(promise_hours)}"),
        (median, "typical wait (median)"),
        (p90, "9 in 10 answered within"),
        (f"{result.unanswered:,}", "still waiting for a reply"),
    )
    return tiles_html(tiles, label="Your inbox in numbers")


def histogram_html(result: Analysis, promise_hours: int) -> Markup:
    """How long first replies took, in bars coloured by whether they kept the promise."""
    bins = wait_bins(result.waits, promise_hours, result.unanswered)
    description = "; ".join(f"{b.label}: {b.count:,}" for b in bins)
    svg = bar_chart([b.label for b in bins], [b.count for b in bins],
                    classes=["ff-chart-ok" if b.within else "ff-chart-late" for b in bins],
                    y_label="messages", title="How long customers waited for a first reply",
                    description=description)
    return html("<h4 class='ff-step-heading'>How long customers waited</h4>{}{}", svg,
                legend([("ff-chart-ok", f"within {hours_text(promise_hours)}"),
                        ("ff-chart-late", "over your promise, or no reply yet")]))


def worst_html(result: Analysis, tz: str) -> Markup:
    """The slowest cases as a table (unanswered first)."""
    if result.worst.empty:
        return EMPTY
    rows = []
    for row in result.worst.itertuples(index=False):
        arrived = row.received.tz_convert(tz).strftime("%a %d %b %Y, %H:%M")
        if row.answered:
            replied = row.replied.tz_convert(tz).strftime("%a %d %b, %H:%M")
            waited = duration_text(row.hours)
        else:
            replied = "no reply yet"
            waited = f"{duration_text(row.hours)} so far"
        rows.append(html("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", arrived, replied, waited))
    return html("<h4 class='ff-step-heading'>Your slowest cases</h4>"
                "<table class='ff-table'><thead><tr><th scope='col'>Message arrived</th>"
                "<th scope='col'>First reply</th><th scope='col'>Waited</th></tr></thead>"
                "<tbody>{}</tbody></table>", join(rows))


def slowest_slot(result: Analysis) -> tuple[str, int, float, int] | None:
    """(weekday, hour, share slow, messages) of the slowest slot with at least MIN_CELL messages."""
    shares, counts = result.slow_by_weekday_hour, result.count_by_weekday_hour
    best = None
    for day in shares.index:
        for hour in shares.columns:
            share, count = shares.at[day, hour], int(counts.at[day, hour])
            if count >= MIN_CELL and not math.isnan(share) and (best is None or share > best[2]):
                best = (day, int(hour), float(share), count)
    return best


def heatmap_html(result: Analysis, promise_hours: int) -> Markup:
    """When slow replies happen: share of messages missing the promise by weekday and hour received."""
    shares = [[None if math.isnan(v) else float(v) for v in row] for row in result.slow_by_weekday_hour.to_numpy()]
    counts = result.count_by_weekday_hour.to_numpy().tolist()
    slot = slowest_slot(result)
    if slot is None:
        summary = "Not enough messages yet to say when replies are slowest."
    else:
        day, hour, share, count = slot
        summary = (f"Messages arriving on {day} between {hour:02d}:00 and {(hour + 1) % 24:02d}:00 fare worst: "
                   f"{share:.0%} of {count:,} waited longer than {hours_text(promise_hours)}.")
    svg = heatmap(list(WEEKDAYS), list(HOURS), shares, counts=counts, title="When slow replies happen",
                  description=summary)
    levels = [("ff-heat-0", "0–19% slow"), ("ff-heat-2", "40–59%"), ("ff-heat-4", "80–100%"),
              ("ff-heat-none", "no messages")]
    return html("<h4 class='ff-step-heading'>When slow replies happen</h4>"
                "<p class='ff-muted'>Each square is an hour of the week, by when the message arrived. The darker it "
                "is, the more of those messages waited longer than your promise.</p>{}{}"
                "<p class='ff-explorer-sentence'>{}</p>", svg, legend(levels), summary)


# ---- the exercise -------------------------------------------------------------------------------

def _dropdown(description: str, options: Any, value: Any) -> w.Dropdown:
    box = w.Dropdown(options=options, value=value, description=description)
    box.add_class("ff-question")
    box.add_class("ff-dropdown")
    return box


class Inbox(Exercise):
    """Upload or sample → column mapping → figures, histogram, worst cases, weekday × hour.

    Its value is which file was read (the sample, or the name of an upload, whose copy is kept
    beside the learner's progress) and the column mapping chosen for it."""

    def __init__(self, *, saver: Autosaver | None = None, promise: Promise | None = None,
                 upload_dir: Path | None = None) -> None:
        self.promise = promise or shared_promise()
        self._upload_dir = upload_dir
        self.table: pd.DataFrame | None = None
        self._read_times: dict[tuple[str, str], pd.Series] = {}  # per table: see tickets_from_table
        self.ragged: list[int] = []
        self.tickets: Tickets | None = None
        self.result: Analysis | None = None
        self.source = ""  # "sample" | "upload" | ""
        self.file_name = ""
        self.seconds = 0.0  # server time of the last full analysis (read + parse + measure + draw)
        super().__init__(lesson=keys.INBOX.lesson, key=keys.INBOX.key, saver=saver, title="Your own inbox",
                         classes=("ff-inbox",))
        self.follow(self.promise, guarded(lambda _c: self._measure(), self.feedback), names="hours")

    @property
    def upload_dir(self) -> Path:
        """Where the copy of an upload is kept: beside the learner's progress."""
        return self._upload_dir or self.store.directory / "uploads"

    def build(self) -> list[w.Widget]:
        self.problems = Feedback()
        self.promise_line = html_block()
        self.sample_button = primary_button("Use the sample inbox", on_click=guarded(lambda _b: self.use_sample(),
                                                                                    self.feedback))
        self.upload = upload_button("Upload your CSV", accept=".csv,.txt,.tsv,text/csv,text/plain",
                                    on_file=self.upload_file, feedback=self.feedback)
        self.received = _dropdown("Message arrived", [], None)
        self.reply = _dropdown("First reply", [], None)
        self.tz = _dropdown("Time zone", TIME_ZONES, "UTC")
        self.order = _dropdown("Dates written", [(label, key) for key, label in DATE_ORDERS.items()], "auto")
        for box in (self.received, self.reply, self.tz, self.order):
            box.observe(guarded(self._mapping_changed, self.problems), names="value")
        self.mapping = w.VBox([html_block(Markup("<h4 class='ff-step-heading'>Check the columns</h4>"
                                                 "<p class='ff-muted'>We guessed which columns hold the times. "
                                                 "Change them if we got it wrong.</p>")),
                               self.received, self.reply, self.tz, self.order])
        self.mapping.add_class("ff-mapping")
        self.mapping.layout.display = "none"
        self.results = html_block(EMPTY, "ff-inbox-results")
        choose = w.HBox([self.sample_button, self.upload])
        choose.add_class("ff-choose-source")
        needs = html("<p class='ff-muted'>Your file needs one row per customer message, with when it arrived "
                     "and when you first replied (leave the reply empty if there wasn't one). Most help desks "
                     "and email tools can export this as a CSV. Up to {} MB.</p>", MAX_BYTES // 1024 // 1024)
        return [self.promise_line, html_block(needs), choose, self.feedback, self.problems, self.mapping,
                self.results, self.status]

    # ---- loading ------------------------------------------------------------------------

    def restore(self, value: Any) -> None:
        self._show_promise()
        saved = value
        if not isinstance(saved, dict) or saved.get("source") not in ("sample", "upload"):
            self.table, self.tickets, self.result, self.source, self.file_name = None, None, None, "", ""
            self.mapping.layout.display = "none"
            self.results.value = EMPTY
            self.problems.clear()
            self.value = None
            return
        if saved["source"] == "sample":
            self.use_sample(choices=saved)
            return
        try:
            data = (self.upload_dir / UPLOAD_NAME).read_bytes()
        except OSError:
            self.feedback.show("hint", f"Last time you analysed “{saved.get('name', 'your file')}”, but that "
                                       "copy is no longer here. Upload it again to see your results.")
            return
        self.load(data, name=str(saved.get("name", "your file")), source="upload", choices=saved)

    def use_sample(self, *, choices: dict[str, Any] | None = None) -> None:
        """Analyse the shipped sample inbox."""
        try:
            data = SAMPLE.read_bytes()
        except OSError:
            self.feedback.show("warning", "The sample inbox is missing from this copy of the course. "
                                          "Ask your coach, or upload a file of your own.")
            return
        defaults = {"tz": SAMPLE_TZ, "order": SAMPLE_ORDER}
        self.load(data, name="the sample inbox", source="sample", choices={**defaults, **(choices or {})})

    def upload_file(self, name: str, data: bytes) -> None:
        """What happens when the learner uploads a file (also callable from Python)."""
        if len(data) > MAX_BYTES:
            self.feedback.show("warning", f"“{name}” is {len(data) / 1024 / 1024:.0f} MB; the most we can analyse "
                                          f"here is {MAX_BYTES // 1024 // 1024} MB. Export a shorter period, "
                                          "such as the last 12 months. Your earlier analysis is unchanged.")
            return
        self.load(data, name=name, source="upload", choices=None)

    def load(self, data: bytes, *, name: str, source: str, choices: dict[str, Any] | None) -> None:
        """Read a file; keep the previous analysis if this one can't be read at all."""
        started = time.perf_counter()
        ragged: list[int] = []
        table, problem = analysis().read_table(data, ragged=ragged)
        if table is not None and choices is None and not analysis().has_any_dates(table, self.tz.value or "UTC"):
            table, problem = None, analysis().no_dates_message([str(c) for c in table.columns])
        if table is None:
            self.feedback.show("warning", f"“{name}”: {problem}" + (" Your earlier analysis is unchanged."
                                                                   if self.result is not None else ""))
            return
        if source == "upload" and not self._keep_copy(data):
            self.feedback.show("hint", "We couldn't keep a copy of your file, so after a reload you'll need to "
                                       "upload it again. Everything else is saved.")
        else:
            self.feedback.clear()
        self.table, self.ragged, self.source, self.file_name = table, ragged, source, name
        self._read_times = {}
        columns = [str(c) for c in table.columns]
        choices = choices or {}
        guess_received, guess_reply = analysis().guess_columns(columns)
        with self.hold_trait_notifications(), self._quiet():
            self.received.options = columns
            self.reply.options = columns
            self.received.value = analysis().pick_column(choices.get("received"), columns, guess_received)
            self.reply.value = analysis().pick_column(choices.get("reply"), columns, guess_reply)
            tz = choices.get("tz")
            self.tz.value = tz if tz in ZONE_VALUES else (self.tz.value or "UTC")
            order = choices.get("order")
            self.order.value = order if order in DATE_ORDERS else "auto"
        self.mapping.layout.display = ""
        self._parse()
        self.seconds = time.perf_counter() - started
        self._save_choices()

    def _keep_copy(self, data: bytes) -> bool:
        try:
            self.upload_dir.mkdir(parents=True, exist_ok=True)
            partial = self.upload_dir / f".{UPLOAD_NAME}.partial"
            partial.write_bytes(data)
            os.replace(partial, self.upload_dir / UPLOAD_NAME)
            return True
        except OSError as error:
            log.warning("could not keep a copy of the upload: %s", error)
            return False

    # ---- mapping and measuring -----------------------------------------------------------

    _mapping_quiet = False

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """While active, dropdown changes made by the code don't trigger a re-parse."""
        self._mapping_quiet = True
        try:
            yield
        finally:
            self._mapping_quiet = False

    def _mapping_changed(self, _change: dict[str, Any]) -> None:
        if self._mapping_quiet or self.table is None:
            return
        self._parse()
        self._save_choices()

    def _parse(self) -> None:
        if self.table is None:
            return
        self.tickets = analysis().tickets_from_table(self.table, received=self.received.value or "",
                                                     reply=self.reply.value or "", tz=self.tz.value,
                                                     order=self.order.value, ragged=self.ragged,
                                                     read=self._read_times)
        problems = self.tickets.problems
        if problems:
            self.problems.show("warning" if self.tickets.frame.empty else "hint", " ".join(problems))
        else:
            self.problems.clear()
        self._measure()

    def _measure(self) -> None:
        self._show_promise()
        if self.tickets is None or self.tickets.frame.empty:
            self.result = None
            self.results.value = ""
            return
        frame = self.tickets.frame
        measure = analysis()
        self.result = measure.analyse(frame, self.promise.hours, now=measure.latest_time(frame), tz=self.tz.value)
        where = "the sample inbox (an invented jewelry shop)" if self.source == "sample" else self.file_name
        self.results.value = html(
            "<p class='ff-muted'>From {}. Messages with no reply count as waiting until the newest time in the "
            "file.</p>{}{}{}{}", where, figures_html(self.result, self.promise.hours),
            histogram_html(self.result, self.promise.hours), worst_html(self.result, self.tz.value),
            heatmap_html(self.result, self.promise.hours))
        if not self._restoring:
            self.saver.schedule(keys.INBOX_SUMMARY.lesson, keys.INBOX_SUMMARY.key, self.summary)

    def _show_promise(self) -> None:
        note = "" if self.promise.chosen else " (the suggestion; set your own in “Crash it, then invert it”)"
        self.promise_line.value = html("<p class='ff-promise-line'>Measured against your promise: a reply within "
                                       "<strong>{}</strong>{}.</p>", hours_text(self.promise.hours), note)

    def _save_choices(self) -> None:
        self.value = {"source": self.source, "name": self.file_name, "received": self.received.value,
                      "reply": self.reply.value, "tz": self.tz.value, "order": self.order.value}

    def summary(self) -> dict[str, Any] | None:
        """The headline result as plain data (for the playbook), or None before any analysis."""
        if self.result is None:
            return None
        return {"source": self.source, "name": self.file_name, "promise_hours": self.promise.hours,
                "tickets": self.result.tickets, "within_promise": round(self.result.within_promise, 4),
                "median_hours": self.result.median_hours, "unanswered": self.result.unanswered}
