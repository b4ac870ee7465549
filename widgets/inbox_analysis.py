"""Lesson 2, "your own inbox": read a support-ticket export and measure response times.

Pure functions over pandas, tested without widgets. Reading never raises for a
learner's file: it returns what could be used plus plain-language problems,
naming the rows that were set aside.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

MAX_BYTES = 20 * 1024 * 1024
"""Largest upload analysed (a year of a busy shop's tickets is a few MB)."""

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

    Rows with the wrong number of fields are skipped; their line numbers go into ``ragged``.
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
        table = pd.read_csv(io.StringIO(text), dtype=str, sep=delimiter, skipinitialspace=True,
                            engine="python", index_col=False, on_bad_lines=_skipper(ragged))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as error:
        return None, f"That file couldn't be read as a CSV table ({str(error).splitlines()[0][:120]})."
    if table.shape[1] < 2:
        return None, ("That file has only one column. It needs at least a 'received' column and a "
                      "'first reply' column, separated by commas.")
    return table, ""


def _skipper(ragged: list[int] | None):
    """An ``on_bad_lines`` hook that drops a malformed row and remembers that one was dropped."""
    def skip(fields: list[str]) -> None:
        if ragged is not None:
            ragged.append(len(fields))
    return skip


def parse_times(column: pd.Series, tz: str) -> pd.Series:
    """Text timestamps → UTC, trying common formats; unparsable values become NaT.

    Times without a zone are taken to be in ``tz`` (the learner's own time zone).
    """
    text = column.fillna("").astype(str).str.strip()
    best: pd.Series | None = None
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=False)
        if best is None or parsed.notna().sum() > best.notna().sum():
            best = parsed
        if best.notna().sum() == (text != "").sum():
            break
    assert best is not None
    if getattr(best.dt, "tz", None) is None:
        try:
            best = pd.to_datetime(best).dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        except TypeError:  # a column mixing zones and no zones: parse again as UTC-aware
            best = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    return best.dt.tz_convert("UTC")


def load_tickets(data: bytes, *, received: str = "", reply: str = "", tz: str = "UTC",
                 max_bytes: int = MAX_BYTES) -> Tickets:
    """Read an upload: find the two columns, parse times, set aside rows that can't be used."""
    ragged: list[int] = []
    table, problem = read_table(data, max_bytes=max_bytes, ragged=ragged)
    empty = pd.DataFrame({"received": pd.Series(dtype="datetime64[ns, UTC]"),
                          "replied": pd.Series(dtype="datetime64[ns, UTC]")})
    if table is None:
        return Tickets(empty, [problem])
    columns = [str(c) for c in table.columns]
    guess_received, guess_reply = guess_columns(columns)
    received, reply = received or guess_received, reply or guess_reply
    missing = [what for what, name in (("when each ticket was received", received),
                                       ("when it was first answered", reply)) if name not in columns]
    if missing:
        return Tickets(empty, [f"We couldn't find the column for {' or '.join(missing)}. Your columns are: "
                               f"{', '.join(columns)}. Choose them below."], columns=columns)
    got = parse_times(table[received], tz)
    answered = parse_times(table[reply], tz)
    reply_text = table[reply].fillna("").astype(str).str.strip()
    bad = got.isna() | (answered.isna() & (reply_text != "")) | (answered < got)
    lines = (table.index[bad] + 2).tolist()
    problems = []
    if bad.any():
        shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
        problems.append(f"{len(lines):,} row{'s' if len(lines) != 1 else ''} set aside (dates we couldn't read, "
                        f"or a reply before the ticket arrived): line{'s' if len(lines) != 1 else ''} {shown}. "
                        f"The other {int((~bad).sum()):,} are analysed.")
    if ragged:
        problems.append(f"{len(ragged):,} row{'s' if len(ragged) != 1 else ''} had the wrong number of columns "
                        "and were skipped.")
    frame = pd.DataFrame({"received": got[~bad], "replied": answered[~bad]}).reset_index(drop=True)
    if frame.empty and not problems:
        problems.append("That file has a header but no tickets.")
    return Tickets(frame, problems, lines, columns, received, reply)


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


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


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
    grid = (pd.DataFrame({"weekday": local.dt.day_of_week, "hour": local.dt.hour, "missed": missed})
            .pivot_table(index="weekday", columns="hour", values="missed", aggfunc="mean")
            .reindex(index=range(7), columns=range(24)))
    grid.index = list(WEEKDAYS)
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
    )
