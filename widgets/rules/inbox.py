"""Lesson 2, "your own inbox": read a support-ticket export and measure response times.

Pure functions over pandas, tested without widgets. Reading never raises for a
learner's file: it returns what could be used plus plain-language problems,
naming the rows that were set aside.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from widgets.rules.inbox_limits import MAX_BYTES, SAMPLE_ROWS, WEEKDAYS

RECEIVED_NAMES = ("received", "created", "created at", "created_at", "opened", "date", "submitted", "sent at",
                  "received at", "timestamp", "time received")
REPLY_NAMES = ("first reply", "first_reply", "first response", "first_response", "replied", "replied at",
               "responded", "response time", "first reply at", "answered", "answered at")

# Formats tried, each vectorised over the whole column; the one that parses most values wins.
DATE_FORMATS = ("ISO8601", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
                "%d.%m.%Y %H:%M", "%Y/%m/%d %H:%M", "%d-%m-%Y %H:%M", "%b %d, %Y %I:%M %p", "%d %b %Y %H:%M")


@dataclass
class Tickets:
    """Tickets that could be used, with what was set aside and why."""

    frame: pd.DataFrame  # columns: received, replied (UTC; replied NaT when unanswered)
    problems: list[str] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)  # line numbers in the file (header = line 1)
    columns: list[str] = field(default_factory=list)
    received_column: str = ""
    reply_column: str = ""


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(name).strip().lower())


def guess_columns(columns: list[str]) -> tuple[str, str]:
    """The likeliest 'received' and 'first reply' columns, or '' where none fits."""
    normal = {_norm(c): c for c in columns}
    received = next((normal[n] for n in map(_norm, RECEIVED_NAMES) if n in normal), "")
    if not received:
        received = next((c for c in columns if any(w in _norm(c) for w in ("receiv", "creat", "open"))), "")
    reply = next((normal[n] for n in map(_norm, REPLY_NAMES) if n in normal), "")
    if not reply:
        reply = next((c for c in columns if c != received and any(w in _norm(c) for w in ("repl", "respon", "answer"))),
                     "")
    return received, reply


def read_table(data: bytes, *, max_bytes: int = MAX_BYTES,
               ragged: list[int] | None = None) -> tuple[pd.DataFrame | None, str]:
    """The file as a table of text, or None and a sentence saying what is wrong.

    Rows with the wrong number of fields are skipped; ``ragged`` gets the line number of each.
    """
    if not data or not data.strip():
        return None, "That file is empty. Export your tickets again and upload the new file."
    if len(data) > max_bytes:
        return None, (f"That file is {len(data) / 1024 / 1024:.0f} MB; the most we can analyse here is "
                      f"{max_bytes // 1024 // 1024} MB. Export a shorter period, such as the last 12 months.")
    if b"\x00" in data[:4096]:
        return None, "That doesn't look like a CSV file (it contains binary data). Choose the .csv export."
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        delimiter = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","  # one column, or nothing to tell by: the checks below explain what's wrong
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            table = pd.read_csv(io.StringIO(text), dtype=str, sep=delimiter, skipinitialspace=True,
                                index_col=False, on_bad_lines="warn")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as error:
        return None, f"That file couldn't be read as a CSV table ({str(error).splitlines()[0][:120]})."
    if ragged is not None:
        # The C parser reports each skipped row as "Skipping line N: expected X fields, saw Y".
        for warning in caught:
            ragged.extend(int(n) for n in re.findall(r"Skipping line (\d+)", str(warning.message)))
    if table.shape[1] < 2:
        return None, ("That file has only one column. It needs at least a 'received' column and a "
                      "'first reply' column, separated by commas.")
    return table, ""


def formats_for(order: str) -> tuple[str, ...]:
    """The date formats to try: all of them, or only day-first or month-first ones (and ISO)."""
    if order == "day":
        return tuple(f for f in DATE_FORMATS if not f.startswith("%m/"))
    if order == "month":
        return tuple(f for f in DATE_FORMATS if not f.startswith(("%d/", "%d.", "%d-")))
    return DATE_FORMATS


_ZONED = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def parse_times(column: pd.Series, tz: str, order: str = "auto") -> pd.Series:
    """Text timestamps → UTC, trying common formats; unparsable values become NaT.

    Times without a zone are taken to be in ``tz`` (the learner's own time zone); an hour that
    happens twice when the clocks go back is read as the first. ``order`` ('auto', 'day',
    'month') settles dates like 03/04/2025 that read both ways.
    """
    return localise(read_times(column, order), tz)


def read_times(column: pd.Series, order: str = "auto") -> pd.Series:
    """Text timestamps → times as written (no zone yet), or UTC when the text carries its own zones.

    This is the slow part of :func:`parse_times`; a new time zone only needs :func:`localise` again."""
    text = column.fillna("").astype(str).str.strip()
    filled = (text != "").to_numpy()
    sample = text[filled].head(SAMPLE_ROWS)
    if sample.str.contains(_ZONED).any():
        return pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    formats = formats_for(order)
    # Rank the formats on a sample, then parse each row once with the best format that reads it:
    # only the rows a format could not read go on to the next.
    scores = [int(pd.to_datetime(sample, format=f, errors="coerce").notna().sum()) for f in formats]
    ranked = [f for _score, f in sorted(zip(scores, formats, strict=True), key=lambda pair: -pair[0])]
    values = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    remaining = filled.copy()
    for fmt in ranked:
        if not remaining.any():
            break
        parsed = pd.to_datetime(text[remaining], format=fmt, errors="coerce")
        values[remaining] = parsed.to_numpy(dtype="datetime64[ns]")
        remaining &= np.isnat(values)
    return pd.Series(values, index=text.index)


def localise(times: pd.Series, tz: str) -> pd.Series:
    """Times read by :func:`read_times` → UTC, taking zone-less ones to be in ``tz``."""
    if times.dt.tz is not None:
        return times
    local = times.dt.tz_localize(tz, ambiguous=np.ones(len(times), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert("UTC")


EMPTY_COLUMNS = ("received", "replied")


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="datetime64[ns, UTC]") for name in EMPTY_COLUMNS})


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def load_tickets(data: bytes, *, received: str = "", reply: str = "", tz: str = "UTC", order: str = "auto",
                 max_bytes: int = MAX_BYTES) -> Tickets:
    """Read an upload: find the two columns, parse times, set aside rows that can't be used."""
    ragged: list[int] = []
    table, problem = read_table(data, max_bytes=max_bytes, ragged=ragged)
    if table is None:
        return Tickets(_empty(), [problem])
    return tickets_from_table(table, received=received, reply=reply, tz=tz, order=order, ragged=ragged)


def tickets_from_table(table: pd.DataFrame, *, received: str = "", reply: str = "", tz: str = "UTC",
                       order: str = "auto", ragged: list[int] | tuple[int, ...] = (),
                       read: dict[tuple[str, str], pd.Series] | None = None) -> Tickets:
    """Tickets from a table read by :func:`read_table`, with the columns chosen (or guessed).

    ``read`` keeps each column's :func:`read_times` by (column, order) for the next call on the same
    table, so changing only the time zone doesn't read the text again."""
    columns = [str(c) for c in table.columns]
    guess_received, guess_reply = guess_columns(columns)
    received, reply = received or guess_received, reply or guess_reply
    missing = [what for what, name in (("when each message arrived", received),
                                       ("when it was first answered", reply)) if name not in columns]
    if missing:
        return Tickets(_empty(), [f"We couldn't find the column for {' or '.join(missing)}. Your columns are: "
                                  f"{', '.join(columns)}. Choose them below."], columns=columns,
                       received_column=received if received in columns else "",
                       reply_column=reply if reply in columns else "")
    if received == reply:
        return Tickets(_empty(), ["The same column is chosen for when a message arrived and when it was "
                                  "answered. Choose two different columns below."], columns=columns,
                       received_column=received, reply_column=reply)
    read = {} if read is None else read
    for name in (received, reply):
        if (name, order) not in read:
            read[name, order] = read_times(table[name], order)
    got, answered = localise(read[received, order], tz), localise(read[reply, order], tz)
    reply_text = table[reply].fillna("").astype(str).str.strip()
    unreadable = got.isna() | (answered.isna() & (reply_text != ""))
    backwards = ~unreadable & (answered < got)
    bad = unreadable | backwards
    lines = (table.index[bad] + 2).tolist()
    problems = []
    if bad.any():
        shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
        reasons = []
        if unreadable.any():
            reasons.append(f"{_plural(int(unreadable.sum()), 'date')} we couldn't read")
        if backwards.any():
            reasons.append(f"{_plural(int(backwards.sum()), 'reply')} dated before the message arrived")
        problems.append(f"{_plural(len(lines), 'row')} set aside ({' and '.join(reasons)}): "
                        f"line{'s' if len(lines) != 1 else ''} {shown}. "
                        f"The other {int((~bad).sum()):,} are analysed.")
    if ragged:
        shown = ", ".join(map(str, ragged[:10])) + (" …" if len(ragged) > 10 else "")
        problems.append(f"{_plural(len(ragged), 'row')} had the wrong number of columns and "
                        f"{'were' if len(ragged) != 1 else 'was'} skipped: line{'s' if len(ragged) != 1 else ''} "
                        f"{shown}.")
    frame = pd.DataFrame({"received": got[~bad], "replied": answered[~bad]}).reset_index(drop=True)
    if frame.empty and not problems:
        problems.append("That file has a header but no messages in it.")
    return Tickets(frame, problems, lines, columns, received, reply)


def latest_time(tickets: pd.DataFrame) -> pd.Timestamp | None:
    """The newest time in the data: roughly when it was exported, the 'now' for unanswered messages."""
    if tickets.empty:
        return None
    latest = pd.concat([tickets["received"], tickets["replied"]]).max()
    return None if pd.isna(latest) else latest


@dataclass(frozen=True)
class Analysis:
    """Response times measured against the learner's promise."""

    tickets: int
    answered: int
    unanswered: int
    within_promise: float  # share of all tickets answered within the promise, 0..1
    median_hours: float | None
    p90_hours: float | None
    worst: pd.DataFrame  # the slowest tickets: received, replied, hours (unanswered first, by age)
    slow_by_weekday_hour: pd.DataFrame  # share of tickets missing the promise, weekday x hour received
    count_by_weekday_hour: pd.DataFrame  # tickets received, weekday x hour
    waits: pd.Series  # hours to first reply of answered tickets


def analyse(tickets: pd.DataFrame, promise_hours: float, *, now: pd.Timestamp | None = None,
            tz: str = "UTC", worst: int = 10) -> Analysis:
    """Measure first-reply times; unanswered tickets count as missing the promise once it has passed."""
    now = now or pd.Timestamp.now(tz="UTC")
    count = len(tickets)
    hours = (tickets["replied"] - tickets["received"]).dt.total_seconds() / 3600
    answered = hours.notna()
    waited = hours.where(answered, (now - tickets["received"]).dt.total_seconds() / 3600)
    missed = waited > promise_hours
    local = tickets["received"].dt.tz_convert(tz)
    cells = pd.DataFrame({"weekday": local.dt.day_of_week, "hour": local.dt.hour, "missed": missed})
    grouped = cells.groupby(["weekday", "hour"])["missed"]
    grid = grouped.mean().unstack().reindex(index=range(7), columns=range(24))
    counts = grouped.size().unstack().reindex(index=range(7), columns=range(24)).fillna(0).astype(int)
    grid.index = counts.index = list(WEEKDAYS)
    slowest = (pd.DataFrame({"received": tickets["received"], "replied": tickets["replied"], "hours": waited,
                             "answered": answered})
               .sort_values(["answered", "hours"], ascending=[True, False]).head(worst).reset_index(drop=True))
    return Analysis(
        tickets=count,
        answered=int(answered.sum()),
        unanswered=int((~answered).sum()),
        within_promise=float((~missed).sum() / count) if count else 0.0,
        median_hours=float(hours[answered].median()) if answered.any() else None,
        p90_hours=float(hours[answered].quantile(0.9)) if answered.any() else None,
        worst=slowest,
        slow_by_weekday_hour=grid,
        count_by_weekday_hour=counts,
        waits=hours[answered].reset_index(drop=True),
    )


MAX_COLUMNS_CHECKED = 50


def has_any_dates(table: pd.DataFrame, tz: str) -> bool:
    """True when some column (of the first 50) has a value that reads as a date and time.

    The columns whose names look like times are tried first, so a usual export is settled by one column."""
    columns = [str(c) for c in table.columns[:MAX_COLUMNS_CHECKED]]
    likely = [c for c in guess_columns(columns) if c]
    sample = table.head(SAMPLE_ROWS)
    for name in [*likely, *(c for c in columns if c not in likely)]:
        column = sample[name]
        if column.ndim == 2:  # two columns with the same name
            column = column.iloc[:, 0]
        if parse_times(column, tz).notna().any():
            return True
    return False


def no_dates_message(columns: list[str], shown: int = 8) -> str:
    """Why a file with no readable dates at all can't be analysed, naming (a few of) its columns."""
    names = ", ".join(c if len(c) <= 40 else c[:39] + "…" for c in columns[:shown])
    more = f" and {len(columns) - shown:,} more" if len(columns) > shown else ""
    return ("That file has no dates and times we can read, so there's nothing to measure. It needs a column "
            "for when each message arrived and one for when you first replied, with times such as "
            f"2025-03-14 09:30. Its columns are: {names}{more}.")


def pick_column(wanted: Any, columns: list[str], guess: str) -> str | None:
    if isinstance(wanted, str) and wanted in columns:
        return wanted
    if guess in columns:
        return guess
    return columns[0] if columns else None
