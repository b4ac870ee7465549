"""Lesson 2, exercise 3: your own inbox — upload a ticket export (or use the sample) and see the truth.

The file is read once into a table of text; choosing columns, what the reply column holds, the
time zone or the date order re-reads only what changed, and a change of promise only re-measures.

A new file or a new choice becomes the analysis shown only once its figures make sense: until then
the learner reads what looks wrong and what to try, beside the mapping, and the last analysis that
made sense stays below, labelled as the earlier one. Only that analysis is saved (the choices, and a
copy of the upload beside the learner's progress), so a reload brings back figures that made sense.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.charts import bar_chart, heatmap, legend
from widgets.core.folder import COURSE_ROOT
from widgets.core.markup import EMPTY, Markup, html, join, tiles_html
from widgets.core.text import hours_text, plural
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Feedback, html_block, primary_button
from widgets.look.upload import upload_button
from widgets.rules.inbox_limits import ACCEPT, DATE_ORDERS, MAX_BYTES, REPLY_KINDS, TIME_ZONES, WEEKDAYS, ZONE_NAMES
from widgets.rules.waits import wait_bins
from widgets.store.autosave import Autosaver
from widgets.store.promise import Promise, shared_promise

if TYPE_CHECKING:
    import pandas as pd

    from widgets.rules.inbox import Analysis, Table, Tickets

log = logging.getLogger(__name__)


def analysis() -> Any:
    """The pandas side of the inbox, imported when a file is first read: opening the lesson doesn't load
    pandas (about 0.2 s of a lesson kernel's start) for a learner who hasn't used the inbox yet."""
    from widgets.rules import inbox as inbox_analysis

    return inbox_analysis

UPLOAD_NAME = "response-time-inbox.csv"  # the kept copy (a CSV or a workbook: it is read by its first bytes)
SAMPLE = COURSE_ROOT / "assets" / "data" / "sample_tickets.csv"
SAMPLE_TZ, SAMPLE_ORDER = "Europe/London", "day"
MIN_CELL = 5  # fewest messages in a weekday-hour slot before we call it "the slowest"
NO_SUBJECT = ""
ZONE_VALUES = set(ZONE_NAMES)
HOURS = tuple(f"{h:02d}:00" for h in range(24))
TZ_LABELS = {"file": "Time zone of the file", "mine": "Your time zone"}


def wait_text(hours: float) -> str:
    """A wait in words: '1 minute', '40 minutes', '1 hour', '5.5 hours', '3.2 days'."""
    if hours < 1:
        return plural(max(1, round(hours * 60)), "minute")
    if hours < 48:
        rounded = round(hours, 1)
        return "1 hour" if rounded == 1 else f"{rounded:g} hours"
    return f"{round(hours / 24, 1):g} days"


# ---- what the learner reads: pure HTML builders over an Analysis -----------------------------

def figures_html(result: Analysis, promise_hours: int) -> Markup:
    """The headline numbers as tiles."""
    median = "—" if result.median_hours is None else wait_text(result.median_hours)
    p90 = "—" if result.p90_hours is None else wait_text(result.p90_hours)
    tiles = (
        (f"{result.tickets:,}", f"{'message' if result.tickets == 1 else 'messages'} analysed"),
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


def worst_html(result: Analysis, tz: str, subject: str = "") -> Markup:
    """The slowest cases as a table (unanswered first), with the learner's subject column beside them."""
    if result.worst.empty:
        return EMPTY
    tz = tz or "UTC"
    show_subject = bool(subject) and "subject" in result.worst
    rows = []
    for row in result.worst.itertuples(index=False):
        arrived = row.received.tz_convert(tz).strftime("%a %d %b %Y, %H:%M")
        if row.answered:
            replied = row.replied.tz_convert(tz).strftime("%a %d %b, %H:%M")
            waited = wait_text(row.hours)
        else:
            replied = "no reply yet"
            waited = f"{wait_text(row.hours)} so far"
        # The subject goes under the date, not in a column of its own: four columns don't fit a phone.
        about = html("<br><span class='ff-muted'>{}</span>", _short(str(row.subject))) if show_subject else EMPTY
        rows.append(html("<tr><td>{}{}</td><td>{}</td><td>{}</td></tr>", arrived, about, replied, waited))
    heading = html(" · {}", _short(subject, 40)) if show_subject else EMPTY
    return html("<h4 class='ff-step-heading'>Your slowest cases</h4>"
                "<table class='ff-table'><thead><tr><th scope='col'>Message arrived{}</th>"
                "<th scope='col'>First reply</th><th scope='col'>Waited</th></tr></thead>"
                "<tbody>{}</tbody></table>", heading, join(rows))


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def measuring_text(received: str, reply: str, reply_is: str, business: bool) -> str:
    """What the figures measure, in a sentence: which columns, and which hours count."""
    if reply_is == "time":
        what = f"Waits run from “{received}” to “{reply}”"
    elif reply_is in ("minutes", "hours", "seconds"):
        what = f"Waits are the {reply_is} in “{reply}”"
    else:
        what = f"Waits are as written in “{reply}”"
    hours = "counting business hours only, as your help desk does" if business else \
        "counting every hour, as your customers wait"
    return f"{what}, {hours}."


# ---- the exercise -------------------------------------------------------------------------------

def _dropdown(description: str, options: Any, value: Any) -> w.Dropdown:
    box = w.Dropdown(options=options, value=value, description=description)
    box.add_class("ff-question")
    box.add_class("ff-dropdown")
    return box


SLOW_READ_BYTES = 2 * 1024 * 1024
"""Above this, the learner is told the file is being read: a 100,000-row workbook (4-6 MB) takes 2-3 s."""


@dataclass
class _File:
    """The file in the mapping: read once, its columns read again only as the choices change."""

    name: str
    source: str  # "sample" | "upload"
    data: bytes
    table: Table
    read: dict[tuple[str, str], Any] = field(default_factory=dict)  # see tickets_from_table
    kept: bool = False  # a copy is beside the learner's progress
    zone: str = ""  # how its times are placed: see rules.inbox.time_zone_of
    zone_hint: str = ""
    tz_from: str = ""  # where the time zone shown came from: 'offsets', 'language' (the file), 'mine', ''
    language: str = ""
    unit_from: str = ""
    tickets_found: bool = True  # the guess found a column of arrivals and one of replies


@dataclass(frozen=True)
class _Shown:
    """The analysis on the page: of which file, with which choices."""

    name: str
    source: str
    tickets: Tickets
    tz: str
    subject: str
    measuring: str


class Inbox(Exercise):
    """Upload or sample → column mapping → figures, histogram, worst cases, weekday × hour.

    Its value is which file was read (the sample, or the name of an upload, whose copy is kept
    beside the learner's progress) and the column mapping chosen for it."""

    def __init__(self, *, saver: Autosaver | None = None, promise: Promise | None = None,
                 upload_dir: Path | None = None) -> None:
        self.promise = promise or shared_promise()
        self._upload_dir = upload_dir
        self.file: _File | None = None
        self.shown: _Shown | None = None
        self.result: Analysis | None = None
        self.my_tz = ""  # the time zone the learner last chose themselves: where their next file starts
        self.seconds = 0.0  # server time of the last full analysis (read + parse + measure + draw)
        super().__init__(lesson=keys.INBOX.lesson, key=keys.INBOX.key, saver=saver, title="Your own inbox",
                         classes=("ff-inbox",))
        self.follow(self.promise, guarded(lambda _c: self._measure(), self.feedback), names="hours")

    # The state the tests and the benchmark read.
    @property
    def table(self) -> pd.DataFrame | None:
        return self.file.table.frame if self.file is not None else None

    @property
    def tickets(self) -> Tickets | None:
        return self.shown.tickets if self.shown is not None else None

    @property
    def source(self) -> str:
        return self.shown.source if self.shown is not None else ""

    @property
    def file_name(self) -> str:
        return self.shown.name if self.shown is not None else ""

    @property
    def upload_dir(self) -> Path:
        """Where the copy of an upload is kept: beside the learner's progress."""
        return self._upload_dir or self.store.directory / "uploads"

    def build(self) -> list[w.Widget]:
        self.problems = Feedback()
        self.promise_line = html_block()
        self.sample_button = primary_button("Use the sample inbox", on_click=guarded(lambda _b: self.use_sample(),
                                                                                    self.feedback))
        self.upload = upload_button("Upload your CSV or Excel file", accept=ACCEPT, on_file=self.upload_file,
                                    feedback=self.feedback)
        self.sheet = _dropdown("Sheet", [], None)
        self.received = _dropdown("Message arrived", [], None)
        self.reply = _dropdown("First reply", [], None)
        self.reply_is = _dropdown("First reply is", [("choose what it holds", "")]
                                  + [(label, key) for key, label in REPLY_KINDS.items()], "")
        self.variant = _dropdown("Count the wait in", [("every hour", "calendar"), ("business hours", "business")],
                                 "calendar")
        self.subject = _dropdown("Show beside slow cases", [("nothing", NO_SUBJECT)], NO_SUBJECT)
        self.tz = _dropdown(TZ_LABELS["file"], [("choose a time zone", ""), *TIME_ZONES], "")
        self.order = _dropdown("Dates written", [(label, key) for key, label in DATE_ORDERS.items()], "auto")
        self.sheet.observe(guarded(self._sheet_changed, self.problems), names="value")
        self.reply.observe(guarded(self._reply_changed, self.problems), names="value")
        self.variant.observe(guarded(self._variant_changed, self.problems), names="value")
        self.tz.observe(guarded(self._tz_changed, self.problems), names="value")
        for box in (self.received, self.reply_is, self.subject, self.order):
            box.observe(guarded(self._mapping_changed, self.problems), names="value")
        self.notes = html_block(EMPTY, "ff-mapping-notes")
        self.mapping = w.VBox([html_block(Markup("<h4 class='ff-step-heading'>Check the columns</h4>"
                                                 "<p class='ff-muted'>We guessed which columns hold what. "
                                                 "Change any we got wrong.</p>")),
                               self.sheet, self.received, self.reply, self.reply_is, self.variant, self.subject,
                               self.tz, self.order, self.notes])
        self.mapping.add_class("ff-mapping")
        self.mapping.layout.display = "none"
        self.sheet.layout.display = self.variant.layout.display = "none"
        self.results = html_block(EMPTY, "ff-inbox-results")
        choose = w.HBox([self.sample_button, self.upload])
        choose.add_class("ff-choose-source")
        needs = html("<p class='ff-muted'>Your file needs one row per customer message, with when it arrived and "
                     "when you first replied: a date and time, or how long the reply took (in minutes, in hours, or "
                     "written like 1h 23m). Leave the reply empty if there wasn't one. Most help desks and email "
                     "tools can export this as a CSV or Excel file. Up to {} MB.</p>", MAX_BYTES // 1024 // 1024)
        return [self.promise_line, html_block(needs), choose, self.feedback, self.problems, self.mapping,
                self.results, self.status]

    # ---- loading ------------------------------------------------------------------------

    def restore(self, value: Any) -> None:
        self._show_promise()
        saved = value
        if not isinstance(saved, dict) or saved.get("source") not in ("sample", "upload"):
            self.file, self.shown, self.result, self.my_tz = None, None, None, ""
            self.mapping.layout.display = "none"
            self.results.value = EMPTY
            self.problems.clear()
            self.value = None
            return
        mine = saved.get("my_tz")
        self.my_tz = mine if mine in ZONE_VALUES else ""
        if saved["source"] == "sample":
            self.use_sample(choices=saved)
            return
        try:
            data = (self.upload_dir / UPLOAD_NAME).read_bytes()
        except OSError:
            self.feedback.show("hint", f"Last time you analysed “{saved.get('name', 'your file')}”, but that "
                                       "copy is no longer here. Upload it again to see your results.")
            return
        self.load(data, name=str(saved.get("name", "your file")), source="upload", choices=saved, kept=True)

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
                                          "such as the last 12 months." + self._kept_note())
            return
        if len(data) > SLOW_READ_BYTES:  # sent to the page at once, while the kernel reads
            self.feedback.show("hint", f"Reading “{name}”… a file this size takes a few seconds.")
        self.load(data, name=name, source="upload", choices=None)

    def _kept_note(self) -> str:
        return " Your earlier analysis is unchanged." if self.shown is not None else ""

    def load(self, data: bytes, *, name: str, source: str, choices: dict[str, Any] | None,
             kept: bool = False) -> None:
        """Read a file; keep the previous analysis if this one can't be read at all."""
        started = time.perf_counter()
        rules = analysis()
        sheet = choices.get("sheet") if choices else ""
        table, problem = rules.read_upload(data, sheet=sheet if isinstance(sheet, str) else "")
        if table is not None and choices is None and not rules.has_any_dates(table):
            problem = rules.formulas_message(table) if table.formulas else rules.no_dates_message(table.columns)
            table = None
        if table is None:
            self.feedback.show("warning", f"“{name}”: {problem}{self._kept_note()}")
            return
        self.feedback.clear()
        self.file = _File(name, source, data, table, kept=kept)
        self._fill_mapping(choices or {})
        self.mapping.layout.display = ""
        self._parse()
        self.seconds = time.perf_counter() - started

    def _fill_mapping(self, choices: dict[str, Any]) -> None:
        """The dropdowns for the file in hand: what was chosen before (on a reload), else the guess."""
        assert self.file is not None
        rules, table = analysis(), self.file.table
        columns = table.columns
        keep_tz = self.my_tz
        guess = rules.guess_mapping(table, tz=keep_tz)
        self.file.zone, self.file.zone_hint, self.file.language = guess.zone, guess.zone_hint, guess.language
        self.file.unit_from = guess.unit_from
        with self.hold_trait_notifications(), self._quiet():
            self.sheet.options = list(table.sheets)
            self.sheet.value = table.sheet if table.sheets else None
            self.sheet.layout.display = "" if len(table.sheets) > 1 else "none"
            self.received.options = columns
            self.reply.options = columns
            self.subject.options = [("nothing", NO_SUBJECT), *((c, c) for c in columns)]
            self.received.value = rules.pick_column(choices.get("received"), columns, guess.mapping.received)
            self.reply.value = rules.pick_column(choices.get("reply"), columns, guess.mapping.reply,
                                                 avoid=self.received.value)
            self.file.tickets_found = bool(guess.mapping.received and guess.mapping.reply)
            saved = choices.get("reply_is")
            if choices.get("reply") == self.reply.value and (saved in REPLY_KINDS or saved == ""):
                reply_is = saved
                if (self.reply.value, reply_is) != (guess.mapping.reply, guess.mapping.reply_is):
                    self.file.unit_from = ""  # the learner's own choice, not our guess
            elif self.reply.value == guess.mapping.reply:
                reply_is = guess.mapping.reply_is
            else:
                reply_is, self.file.unit_from = rules.reply_kind_of(table, self.reply.value or "")
            self.reply_is.value = reply_is
            subject = choices.get("subject", guess.mapping.subject)
            self.subject.value = subject if subject in columns else NO_SUBJECT
            tz = choices.get("tz", guess.mapping.tz)
            self.tz.value = tz if tz in ZONE_VALUES else ""
            if "tz" not in choices:
                self.file.tz_from = guess.zone_hint or ("mine" if self.tz.value else "")
            elif self.tz.value and self.tz.value == guess.mapping.tz and guess.zone_hint:
                self.file.tz_from = guess.zone_hint
            else:
                self.file.tz_from = "mine" if self.tz.value == self.my_tz and self.my_tz else ""
            order = choices.get("order")
            self.order.value = order if order in DATE_ORDERS else "auto"
            self._show_variant()
            self.tz.description = TZ_LABELS["mine" if self.file.zone else "file"]

    def _show_variant(self) -> None:
        """The calendar / business-hours choice, when the file has the reply both ways."""
        assert self.file is not None
        reply = self.reply.value or ""
        twin = analysis().sibling(self.file.table.columns, reply)
        self.variant.layout.display = "" if twin else "none"
        self.variant.value = "business" if twin and analysis().is_business(reply) else "calendar"

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
        before, self._mapping_quiet = self._mapping_quiet, True
        try:
            yield
        finally:
            self._mapping_quiet = before

    def _mapping_changed(self, _change: dict[str, Any]) -> None:
        if self._mapping_quiet or self.file is None:
            return
        if _change.get("owner") is self.reply_is:
            self.file.unit_from = ""  # the learner's own choice now
        self._parse()

    def _reply_changed(self, change: dict[str, Any]) -> None:
        """Another first-reply column: what it holds is guessed again from its values and name."""
        if self._mapping_quiet or self.file is None:
            return
        reply_is, unit_from = analysis().reply_kind_of(self.file.table, change["new"] or "")
        with self._quiet():
            self.reply_is.value = reply_is
            self._show_variant()
        self.file.unit_from = unit_from
        self._parse()

    def _variant_changed(self, change: dict[str, Any]) -> None:
        if self._mapping_quiet or self.file is None:
            return
        reply = self.reply.value or ""
        twin = analysis().sibling(self.file.table.columns, reply)
        wanted_business = change["new"] == "business"
        if twin and analysis().is_business(reply) != wanted_business:
            with self._quiet():
                self.reply.value = twin
            self._parse()

    def _tz_changed(self, _change: dict[str, Any]) -> None:
        if self._mapping_quiet or self.file is None:
            return
        self.my_tz = self.tz.value or ""
        self.file.tz_from = "mine" if self.my_tz else ""
        self._parse()

    def _sheet_changed(self, change: dict[str, Any]) -> None:
        """Another sheet of the workbook: read it, and guess its columns afresh."""
        if self._mapping_quiet or self.file is None or not change["new"]:
            return
        table, problem = analysis().read_upload(self.file.data, sheet=change["new"])
        if table is None:
            self.problems.show("warning", f"The sheet “{change['new']}” couldn't be read: {problem}")
            return
        self.file.table, self.file.read = table, {}
        self._fill_mapping({"sheet": change["new"], "tz": self.tz.value, "order": self.order.value})
        self._parse()

    def _mapping(self) -> dict[str, Any]:
        return {"received": self.received.value or "", "reply": self.reply.value or "",
                "reply_is": self.reply_is.value or "", "tz": self.tz.value or "", "order": self.order.value,
                "subject": self.subject.value or ""}

    def _parse(self) -> None:
        """Read the file with the current choices; show it if it makes sense, else say why not."""
        if self.file is None:
            return
        chosen = self._mapping()
        tickets = analysis().tickets_from_table(self.file.table, read=self.file.read, **chosen)
        self.tz.description = TZ_LABELS["mine" if tickets.zoned or self.file.zone else "file"]
        self.notes.value = self._notes(tickets)
        if tickets.stop:
            table = self.file.table
            if len(table.sheets) > 1 and not self.file.tickets_found:
                tickets.stop = (f"The sheet “{table.sheet}” doesn't look like a list of tickets: we couldn't find a "
                                "column for when messages arrived and one for the first replies. Choose the sheet "
                                "with your tickets under “Sheet”, or choose the columns below.")
            earlier = (f" Your earlier figures, from {self._where(self.shown)}, stay below until then."
                       if self.shown is not None else "")
            self.problems.show("warning", tickets.stop + earlier)
            self._render(pending=True)
            return
        if tickets.problems:
            self.problems.show("hint", " ".join(tickets.problems))
        else:
            self.problems.clear()
        if self.file.source == "upload" and not self.file.kept:
            self.file.kept = self._keep_copy(self.file.data)
            if not self.file.kept:
                self.feedback.show("hint", "We couldn't keep a copy of your file, so after a reload you'll need to "
                                           "upload it again. Everything else is saved.")
        business = self.variant.layout.display != "none" and self.variant.value == "business"
        measuring = measuring_text(chosen["received"], chosen["reply"], chosen["reply_is"], business)
        self.shown = _Shown(self.file.name, self.file.source, tickets, chosen["tz"], chosen["subject"], measuring)
        self._measure()
        self._save_choices()

    def _notes(self, tickets: Tickets) -> Markup:
        """Why the mapping says what it says: the unit from a header, the two kinds of hours, the sheet,
        the time zone."""
        assert self.file is not None
        file, notes = self.file, []
        table = file.table
        if len(table.sheets) > 1:
            names = ", ".join(f"“{s}”" for s in table.sheets[:6]) + (" …" if len(table.sheets) > 6 else "")
            notes.append(f"This workbook has {len(table.sheets)} sheets ({names}). We're reading “{table.sheet}”; "
                         "choose another under “Sheet” if your tickets are elsewhere.")
        reply, reply_is = self.reply.value or "", self.reply_is.value or ""
        if file.unit_from == "name" and reply_is in ("minutes", "hours", "seconds"):
            notes.append(f"We read “{reply}” as {REPLY_KINDS[reply_is]}, from its name. Change “First reply is” "
                         "if that's wrong.")
        twin = analysis().sibling(table.columns, reply)
        if twin:
            business = analysis().is_business(reply)
            calendar_column, business_column = (twin, reply) if business else (reply, twin)
            measured = "business hours, as your help desk counts them" if business else "every hour, as your " \
                                                                                        "customers wait"
            notes.append(f"Your file counts first replies two ways: in every hour (“{calendar_column}”) and in "
                         f"business hours only (“{business_column}”). We're measuring {measured}; change “Count "
                         "the wait in” to measure the other.")
        if file.source == "upload":
            notes.append(self._zone_note(tickets))
        return join(html("<p class='ff-muted'>{}</p>", note) for note in notes if note)

    def _zone_note(self, tickets: Tickets) -> str:
        assert self.file is not None
        tz, label = self.tz.value or "", ZONE_NAMES.get(self.tz.value or "", "")
        if tickets.zoned or self.file.zone:
            if tz and self.file.tz_from == "offsets":
                return (f"The times in your file carry their offset from UTC, and those offsets match the time zone "
                        f"“{label}”, so the days and hours below are on that clock. Choose your own time zone if "
                        "you're elsewhere.")
            if not tz:
                return ("Your file gives its times in UTC (or with their offset from UTC), so the waits are exact. "
                        "Choose your time zone to see the days and hours on your own clock; until then they're "
                        "shown in UTC.")
            return ""
        if tz and self.file.tz_from == "language":
            return (f"Your file's headings are in {self.file.language}, so we've read its times in the time zone "
                    f"“{label}”. Change “Time zone of the file” if they're in another zone.")
        if not tz:
            return ("Choose the time zone the times in your file are in (usually your own). Until you do, they're "
                    "read as written: the days and hours are right, but a wait across a clock change may be an "
                    "hour out.")
        return ""

    def _measure(self) -> None:
        self._show_promise()
        if self.shown is None or self.shown.tickets.frame.empty:
            self.result = None
            self.results.value = EMPTY
            return
        frame = self.shown.tickets.frame
        rules = analysis()
        self.result = rules.analyse(frame, self.promise.hours, now=rules.latest_time(frame), tz=self.shown.tz)
        self._render(pending=self._pending())
        if not self._restoring:
            self.saver.schedule(keys.INBOX_SUMMARY.lesson, keys.INBOX_SUMMARY.key, self.summary)

    def _pending(self) -> bool:
        """Whether the mapping above shows something other than the analysis below."""
        return self.shown is not None and self.problems.kind == "warning"

    def _where(self, shown: _Shown | None, *, quoted: bool = True) -> str:
        if shown is None:
            return ""
        if shown.source == "sample":
            return "the sample inbox (an invented jewelry shop)"
        return f"“{shown.name}”" if quoted else shown.name

    def _render(self, *, pending: bool) -> None:
        shown, result = self.shown, self.result
        if shown is None or result is None:
            self.results.value = EMPTY
            return
        earlier = (html("<p class='ff-inbox-earlier'><strong>Your earlier figures</strong>, from {}, with the "
                        "columns chosen then:</p>", self._where(shown)) if pending else EMPTY)
        self.results.value = html(
            "{}<p class='ff-muted'>From {}. {} Messages with no reply count as waiting until the newest time in the "
            "file.</p>{}{}{}{}", earlier, self._where(shown, quoted=False), shown.measuring,
            figures_html(result, self.promise.hours), histogram_html(result, self.promise.hours),
            worst_html(result, shown.tz, shown.subject), heatmap_html(result, self.promise.hours))

    def _show_promise(self) -> None:
        note = "" if self.promise.chosen else " (the suggestion; set your own in “Crash it, then invert it”)"
        self.promise_line.value = html("<p class='ff-promise-line'>Measured against your promise: a reply within "
                                       "<strong>{}</strong>{}.</p>", hours_text(self.promise.hours), note)

    def _save_choices(self) -> None:
        if self.file is None:
            return
        table = self.file.table
        self.value = {"source": self.file.source, "name": self.file.name, **self._mapping(),
                      "sheet": table.sheet if table.sheets else "", "my_tz": self.my_tz}

    def summary(self) -> dict[str, Any] | None:
        """The headline result as plain data (for the playbook), or None before any analysis."""
        if self.result is None or self.shown is None:
            return None
        return {"source": self.shown.source, "name": self.shown.name, "promise_hours": self.promise.hours,
                "tickets": self.result.tickets, "within_promise": round(self.result.within_promise, 4),
                "median_hours": self.result.median_hours, "unanswered": self.result.unanswered}
