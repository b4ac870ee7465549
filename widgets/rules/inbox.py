"""Lesson 2, "your own inbox": read a support-ticket export and measure first-reply times.

Pure functions over pandas, tested without widgets. The steps, as the widget runs them:

1. :func:`read_upload` turns the bytes into a :class:`Table` of text (CSV in any common dialect, or
   an .xlsx sheet read by openpyxl through pandas), or gives the one sentence saying why it can't.
2. :func:`guess_mapping` proposes which columns hold what: when each message arrived, the first
   reply as a time or as a wait (minutes, hours, seconds, "1h 23m", "01:23:00"), a subject, the time
   zone; header words in English, German, French, Spanish and Dutch, checked against the values.
3. :func:`tickets_from_table` reads the chosen columns into UTC times, sets aside the rows it can't
   use (naming them), and checks that the result is plausible. When it isn't (most rows unreadable,
   waits of months, minutes read as dates), ``Tickets.stop`` says what looks wrong and what to try,
   and no figure is shown.
4. :func:`analyse` measures the waits against the learner's promise.

Reading never raises for a learner's file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from widgets.core.text import plural
from widgets.rules.inbox_limits import MAX_BYTES, MAX_UNPACKED, REPLY_KINDS, TIME_ZONES, WEEKDAYS
from widgets.rules.inbox_read import Table
from widgets.rules.inbox_read import read_upload as read_file
from widgets.rules.inbox_values import (
    MOSTLY,
    NEGATIVE,
    OK,
    UNREADABLE,
    ZONED,
    Values,
    describe,
    localise,
    numbers,
    read_durations,
    read_times,
    unix_unit,
)

__all__ = ["Analysis", "Guess", "Mapping", "Table", "Tickets", "analyse", "formulas_message", "guess_columns",
           "guess_mapping", "has_any_dates", "latest_time", "load_tickets", "localise", "no_dates_message",
           "parse_times", "read_durations", "read_table", "read_times", "read_upload", "reply_kind_of", "sibling",
           "tickets_from_table", "time_zone_of", "unit_from_name"]

IMPLAUSIBLE_MEDIAN_HOURS = 60 * 24  # a typical first reply of two months or more is a misreading


def read_upload(data: bytes, *, sheet: str = "", max_bytes: int = MAX_BYTES,
                max_unpacked: int = MAX_UNPACKED) -> tuple[Table | None, str]:
    """The file as a :class:`Table` (see ``inbox_read``), or None and a sentence saying what is wrong.

    Of a workbook's sheets, ``sheet`` is read, or else the first that looks like tickets."""
    return read_file(data, sheet=sheet, max_bytes=max_bytes, max_unpacked=max_unpacked,
                     looks_like_tickets=looks_like_tickets)


def read_table(data: bytes, *, max_bytes: int = MAX_BYTES,
               ragged: list[int] | None = None) -> tuple[pd.DataFrame | None, str]:
    """The file's cells as a DataFrame of text; ``ragged`` gets the CSV lines skipped."""
    table, problem = read_upload(data, max_bytes=max_bytes)
    if table is None:
        return None, problem
    if ragged is not None:
        ragged.extend(table.ragged)
    return table.frame, ""


def parse_times(column: pd.Series, tz: str, order: str = "auto") -> pd.Series:
    """Text timestamps → UTC (see :func:`read_times`); times without a zone are taken to be in ``tz``."""
    return localise(read_times(column, order), tz)


def looks_like_tickets(table: Table) -> bool:
    """Whether a table has a column of arrival times and one of first replies."""
    mapping = guess_mapping(table).mapping
    return bool(mapping.received and mapping.reply)


# ---- 3. guessing what each column holds --------------------------------------------------------------


def _words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z]+", plain)


def _norm(name: str) -> str:
    return " ".join(_words(name))


ARRIVAL_WORDS = {"created", "creation", "received", "receive", "opened", "submitted", "started", "arrived", "arrival",
                 "erstellt", "eingang", "eingegangen", "empfangen", "cree", "creee", "recu", "recue", "reception",
                 "creado", "creada", "creacion", "recibido", "recibida", "aangemaakt", "ontvangen", "binnengekomen"}
TIME_WORDS = {"date", "time", "timestamp", "at", "am", "le", "op", "on", "datum", "fecha", "zeit", "heure",
              "tijd", "tijdstip", "hora", "when"}
FIRST_WORDS = {"first", "erste", "ersten", "premiere", "primera", "primer", "eerste"}
REPLY_STEMS = ("repl", "respon", "answer", "antwort", "repons", "respuest", "reactie", "reaccion", "contest")
NOT_ARRIVAL = {"updated", "update", "modified", "solved", "resolved", "closed", "close", "due", "last",
               "aktualisiert", "geandert", "geschlossen", "erledigt", "modifie", "ferme", "resolu", "actualizado",
               "cerrado", "resuelto", "bijgewerkt", "gesloten", "opgelost"}
NOT_FIRST_REPLY = {"resolution", "resolve", "resolved", "close", "closed", "solved", "full", "last", "count",
                   "number", "replies", "responses", "answers", "interactions", "by", "von", "par", "por", "door",
                   "rating", "score", "agent", "sla", "breach", "breached", "losung", "resolucion", "oplossing"}
BUSINESS_WORDS = {"business", "working", "office", "geschaftszeiten", "arbeitszeit", "ouvrees", "ouvrables",
                  "ouvre", "laborable", "laborables", "laboral", "habiles", "kantooruren", "werkuren", "within",
                  "hours", "innerhalb", "pendant", "dentro", "binnen", "de", "en", "in", "der", "horario"}
SUBJECT_WORDS = ("subject", "betreff", "objet", "asunto", "onderwerp", "title", "titel", "titre", "titulo",
                 "topic", "summary", "onderwerpregel")
UTC_WORDS = {"utc", "gmt"}
UNIT_WORDS = {
    "minutes": {"minutes", "minute", "minuten", "minutos", "minuto"},
    "hours": {"hours", "hour", "stunden", "stunde", "heures", "heure", "horas", "hora", "uren"},
    "seconds": {"seconds", "second", "sekunden", "secondes", "segundos", "seconden"},
}
UNIT_ABBREVIATIONS = {  # only inside brackets, or after "in": "(h)", "(in hrs)", "(Std.)", "in min"
    "minutes": {"min", "mins", "m"},
    "hours": {"h", "hr", "hrs", "std", "u", "uur"},
    "seconds": {"s", "sec", "secs", "sek"},
}
LANGUAGE_WORDS = {  # header words that say which language (so roughly which zone) a spreadsheet was made in
    "Europe/Paris": {"erstellt", "antwort", "antwortzeit", "betreff", "kunde", "bearbeitet", "eingang", "std",
                     "creation", "premiere", "reponse", "objet", "delai", "statut", "traite",
                     "creacion", "primera", "respuesta", "asunto", "correo", "tiempo", "estado", "atendido"},
    "Europe/Amsterdam": {"aangemaakt", "eerste", "reactie", "onderwerp", "klant", "kanaal", "behandeld",
                         "reactietijd", "uur", "ontvangen"},
}
LANGUAGE_NAMES = {"Europe/Paris": "German, French or Spanish", "Europe/Amsterdam": "Dutch"}


def arrival_score(name: str) -> int:
    words = set(_words(name))
    score = 3 * bool(words & ARRIVAL_WORDS) + bool(words & TIME_WORDS)
    if words & NOT_ARRIVAL or words & FIRST_WORDS or any(w.startswith(REPLY_STEMS) for w in words):
        score -= 4
    return score


def reply_score(name: str) -> int:
    words = set(_words(name))
    if not any(w.startswith(REPLY_STEMS) for w in words):
        return 0
    score = 3 + 2 * bool(words & FIRST_WORDS) + bool(words & TIME_WORDS | {"zeit", "delai", "tiempo", "tijd"})
    if words & NOT_FIRST_REPLY:
        score -= 4
    if is_business(name):
        score -= 1  # the calendar wait is what the customer lives through; business hours are offered too
    return score


def is_business(name: str) -> bool:
    words = set(_words(name))
    return bool(words & {"business", "working", "office", "geschaftszeiten", "arbeitszeit", "ouvrees",
                         "ouvrables", "laborable", "laborables", "laboral", "habiles", "kantooruren", "werkuren"})


def guess_columns(columns: list[str]) -> tuple[str, str]:
    """The likeliest 'received' and 'first reply' columns from their names alone, or '' where none fits."""
    arrivals = sorted(((arrival_score(c), -i, c) for i, c in enumerate(columns)), reverse=True)
    received = next((c for score, _i, c in arrivals if score >= 1), "")
    replies = sorted(((reply_score(c), -i, c) for i, c in enumerate(columns) if c != received), reverse=True)
    reply = next((c for score, _i, c in replies if score >= 3), "")
    return received, reply


def unit_from_name(name: str) -> str:
    """'minutes', 'hours' or 'seconds' when a header says so ('… in minutes', '(hrs)', 'Antwortzeit (Std.)')."""
    words = [w for i, w in enumerate(_words(name))  # "… in minutes within business hours" is in minutes
             if not (w == "hours" and i and _words(name)[i - 1] in {"business", "working", "office"})]
    for unit, spelled in UNIT_WORDS.items():
        if set(words) & spelled:
            return unit
    bracketed = " ".join(re.findall(r"[(\[]([^)\]]*)[)\]]", str(name))) + " " + " ".join(
        re.findall(r"\bin\s+([A-Za-z.]+)\s*$", str(name)))
    short = set(_words(bracketed)) - {"in"}
    for unit, abbreviations in UNIT_ABBREVIATIONS.items():
        if short & abbreviations:
            return unit
    return ""


def sibling(columns: list[str], reply: str) -> str:
    """The other variant of a first-reply wait: its business-hours twin, or the calendar one it twins."""
    def core(name: str) -> str:
        return " ".join(w for w in _words(name) if w not in BUSINESS_WORDS)

    if not reply:
        return ""
    mine = core(reply)
    return next((c for c in columns if c != reply and is_business(c) != is_business(reply) and core(c) == mine), "")


@dataclass(frozen=True)
class Mapping:
    """Which columns hold what, and how to read them: what the learner confirms in the widget."""

    received: str = ""
    reply: str = ""
    reply_is: str = ""  # a key of REPLY_KINDS, or '' while not known
    subject: str = ""
    tz: str = ""  # the learner's zone (a name from TIME_ZONES), or '' while not chosen
    order: str = "auto"


@dataclass(frozen=True)
class Guess:
    """A proposed :class:`Mapping`, with why (for the sentence under the mapping)."""

    mapping: Mapping
    unit_from: str = ""  # 'name' (the header says so), 'values', or '' (not known: ask)
    zone: str = ""  # how the file's times are placed in time: 'offsets', 'unix', 'utc' (header), '' (as written)
    zone_hint: str = ""  # where the guessed time zone comes from: 'offsets', 'language', ''
    language: str = ""


def has_any_dates(table: Table, columns: int = 50) -> bool:
    """True when some column (of the first ``columns``) has values that read as dates and times.

    The columns whose names look like times are tried first, so a usual export is settled by one column."""
    names = table.columns[:columns]
    likely = [c for c in guess_columns(names) if c]
    for name in [*likely, *(c for c in names if c not in likely)]:
        if read_times(table.sample(name)).notna().any():
            return True
    return False


def guess_mapping(table: Table, *, tz: str = "") -> Guess:
    """What each column most likely holds: names first, checked against the values.

    ``tz`` is the learner's zone if they chose one before; it is kept unless the file says otherwise."""
    columns = table.columns
    described: dict[str, Values] = {}

    def values(name: str) -> Values:
        if name not in described:
            described[name] = describe(table.sample(name))
        return described[name]

    arrivals = sorted(((arrival_score(c), -i, c) for i, c in enumerate(columns)), reverse=True)
    received = next((c for score, _i, c in arrivals if score >= 1 and values(c).kind == "time"), "")
    if not received:
        received = next((c for c in columns if values(c).kind == "time"), "")
    replies = sorted(((reply_score(c) - 5 * (values(c).kind == ""), -i, c)
                      for i, c in enumerate(columns) if c != received and reply_score(c) >= 3), reverse=True)
    reply = replies[0][2] if replies else ""
    if not reply:  # a second column of times, if it isn't obviously something else
        reply = next((c for c in columns if c != received and not set(_words(c)) & NOT_ARRIVAL
                      and values(c).kind == "time"), "")
    reply_is, unit_from = reply_kind(reply, values(reply)) if reply else ("", "")
    subject = next((c for c in columns if set(_words(c)) & set(SUBJECT_WORDS)), "")
    zone, zone_hint, language, guessed_tz = time_zone_of(table, received, tz)
    mapping = Mapping(received, reply, reply_is, subject, guessed_tz, "auto")
    return Guess(mapping, unit_from, zone, zone_hint, language)


def reply_kind(name: str, held: Values) -> tuple[str, str]:
    """What a first-reply column holds, as a key of REPLY_KINDS ('' when it can't be told), and where that
    comes from: 'values' (they are times, or waits with units) or 'name' (numbers, and the header
    gives the unit: "… in minutes")."""
    unit = unit_from_name(name)
    if held.kind == "time":
        return "time", "values"
    if held.kind == "number" and unit:
        return unit, "name"
    if held.kind == "wait":
        return unit or "duration", "values"
    return "", ""


def reply_kind_of(table: Table, name: str) -> tuple[str, str]:
    """:func:`reply_kind` of one column of ``table``."""
    return reply_kind(name, describe(table.sample(name))) if name in table.columns else ("", "")


def time_zone_of(table: Table, received: str, tz: str = "") -> tuple[str, str, str, str]:
    """How the file places its times, and the zone to start from: (zone, hint, language, time zone).

    zone: 'offsets' (ISO offsets or 'Z'), 'unix', 'utc' (the header says so) or '' (wall-clock times,
    read in the chosen zone). hint: 'offsets' (the zone whose offsets match), 'language' (a spreadsheet
    with German, French, Spanish or Dutch headers), or ''. ``tz`` (the zone the learner chose before)
    is kept if given: the file's offsets and headers only start a learner who hasn't chosen one."""
    if not received or received not in table.columns:
        return "", "", "", tz
    sample = table.sample(received)
    if len(sample) and sample.str.contains(ZONED).mean() >= MOSTLY:
        matched = "" if tz else zone_from_offsets(sample)  # the learner's own zone, once known, comes first
        return ("offsets", "offsets", "", matched) if matched else ("offsets", "", "", tz)
    if unix_unit(numbers(sample)):
        return "unix", "", "", tz
    if set(_words(received)) & UTC_WORDS:
        return "utc", "", "", tz
    if not tz:
        words = {w for c in table.columns for w in _words(c)}
        hits = {zone_name: len(words & vocabulary) for zone_name, vocabulary in LANGUAGE_WORDS.items()}
        best = max(hits, key=lambda z: hits[z])
        if hits[best] >= 3:
            return "", "language", LANGUAGE_NAMES[best], best
    return "", "", "", tz


def zone_from_offsets(sample: pd.Series) -> str:
    """The listed zone whose UTC offsets match those written in ISO times ('' if they're all UTC, or none fits).

    Offsets that change across the year (+01:00 in summer, +00:00 in winter) pick out one zone."""
    offsets = sample.str.extract(r"([+-])(\d{2}):?(\d{2})$")
    written = (offsets[1].astype(float) * 60 + offsets[2].astype(float)) * offsets[0].map({"+": 1, "-": -1})
    written = written.fillna(0.0).to_numpy()  # 'Z'
    if not np.any(written):
        return ""
    instants = pd.to_datetime(sample, format="ISO8601", errors="coerce", utc=True)
    known = instants.notna().to_numpy()
    instants, written = instants[known], written[known]
    naive = instants.dt.tz_localize(None)
    for _label, zone in TIME_ZONES:
        local = instants.dt.tz_convert(zone).dt.tz_localize(None)
        offset = ((local - naive).dt.total_seconds() / 60).to_numpy()
        if len(offset) and np.all(offset == written):
            return zone
    return ""


# ---- 4. tickets from the chosen columns ----------------------------------------------------------------


@dataclass
class Tickets:
    """Tickets that could be used, with what was set aside and why.

    ``stop`` is set when the figures would not make sense (the mapping is wrong, most likely): the
    sentence says what looks wrong and what to try, and ``frame`` is empty."""

    frame: pd.DataFrame  # received, replied (UTC; replied NaT when unanswered), subject (text) if chosen
    problems: list[str] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)  # lines in the file (header = line 1), or sheet rows
    columns: list[str] = field(default_factory=list)
    received_column: str = ""
    reply_column: str = ""
    stop: str = ""
    reply_is: str = ""
    zoned: bool = False  # the times carry their own zone: the time zone only changes how they are shown


EMPTY_COLUMNS = ("received", "replied")


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="datetime64[ms, UTC]") for name in EMPTY_COLUMNS})


def _quote(name: str) -> str:
    return f"“{name if len(name) <= 60 else name[:59] + '…'}”"


def _examples(values: Values) -> str:
    quoted = [_quote(v) for v in values.examples]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _lines(lines: list[int], shown: int = 10) -> str:
    listed = ", ".join(f"{n:,}".replace(",", "") for n in lines[:shown])
    more = f" and {len(lines) - shown:,} more" if len(lines) > shown else ""
    return f"line{'s' if len(lines) != 1 else ''} {listed}{more}"


def load_tickets(data: bytes, *, received: str = "", reply: str = "", reply_is: str = "", tz: str = "",
                 order: str = "auto", subject: str = "", sheet: str = "", max_bytes: int = MAX_BYTES) -> Tickets:
    """Read an upload and its tickets in one go: what is chosen is used, the rest guessed."""
    table, problem = read_upload(data, sheet=sheet, max_bytes=max_bytes)
    if table is None:
        return Tickets(_empty(), [problem], stop=problem)
    return tickets_from_table(table, received=received, reply=reply, reply_is=reply_is, tz=tz, order=order,
                              subject=subject)


def tickets_from_table(table: Table | pd.DataFrame, *, received: str = "", reply: str = "", reply_is: str = "",
                       tz: str = "", order: str = "auto", subject: str = "", ragged: list[int] | tuple[int, ...] = (),
                       read: dict[tuple[str, str], Any] | None = None) -> Tickets:
    """Tickets from a table, with the columns chosen (or guessed where left '').

    ``read`` keeps each column's reading by (column, how) for the next call on the same table, so
    changing only the time zone doesn't read the text again."""
    if isinstance(table, pd.DataFrame):
        table = Table(table, ragged=list(ragged))
    columns = table.columns
    if not (received and reply and reply_is):
        guess = guess_mapping(table, tz=tz).mapping
        received = received or guess.received
        reply = reply or guess.reply
        reply_is = reply_is or (guess.reply_is if reply == guess.reply else "")
    found = Tickets(_empty(), columns=columns, received_column=received if received in columns else "",
                    reply_column=reply if reply in columns else "", reply_is=reply_is)
    if table.frame.empty:
        found.stop = "That file has a header but no messages in it."
        found.problems = [found.stop]
        return found
    missing = [what for what, name in (("when each message arrived", received),
                                       ("when it was first answered", reply)) if name not in columns]
    if missing:
        found.stop = (f"We couldn't find the column for {' or '.join(missing)}. Your columns are: "
                      f"{', '.join(columns[:12])}{' …' if len(columns) > 12 else ''}. Choose them below.")
        found.problems = [found.stop]
        return found
    if received == reply:
        found.stop = ("The same column is chosen for when a message arrived and when it was answered. Choose two "
                      "different columns below.")
        found.problems = [found.stop]
        return found
    formulas = [c for c in (received, reply) if c in table.formulas]
    if formulas:
        found.stop = (f"The {' and '.join(map(_quote, formulas))} column{'s hold' if len(formulas) > 1 else ' holds'} "
                      "formulas whose results were never saved, so there are no times to read (this happens when "
                      "a program, not Excel, made the file). Open it in Excel or LibreOffice, save it, and upload it "
                      "again, or export it as CSV.")
        found.problems = [found.stop]
        return found
    read = {} if read is None else read
    stop = _wrong_kind(table, received, reply, reply_is, read)
    if stop:
        found.stop, found.problems = stop, [stop]
        return found

    if (received, "time " + order) not in read:
        read[received, "time " + order] = read_times(table.column(received), order)
    arrived_as_written = read[received, "time " + order]
    header_utc = bool(set(_words(received)) & UTC_WORDS)  # "Started at (UTC)"
    zone = "UTC" if header_utc else tz
    got = localise(arrived_as_written, zone)
    found.zoned = arrived_as_written.dt.tz is not None or header_utc
    reply_text = table.column(reply)
    if reply_is == "time":
        if (reply, "time " + order) not in read:
            read[reply, "time " + order] = read_times(reply_text, order)
        reply_zone = "UTC" if set(_words(reply)) & UTC_WORDS else zone
        answered = localise(read[reply, "time " + order], reply_zone)
        unreadable_reply = (answered.isna() & (reply_text != "")).to_numpy()
        negative = np.zeros(len(got), dtype=bool)
    else:
        if (reply, reply_is) not in read:
            read[reply, reply_is] = read_durations(reply_text, reply_is)
        ms, status = read[reply, reply_is]
        waits = pd.to_timedelta(np.where(status == OK, ms, np.nan), unit="ms")
        answered = got + pd.Series(waits, index=got.index)
        unreadable_reply = status == UNREADABLE
        negative = status == NEGATIVE
    unreadable = got.isna().to_numpy()
    backwards = ~unreadable & (reply_is == "time") & (answered < got).to_numpy()
    bad = unreadable | unreadable_reply | negative | backwards
    rows = len(got)
    answered_rows = int(((reply_text != "").to_numpy() & ~unreadable).sum())
    stop = _implausible(received, reply, reply_is, rows, unreadable, unreadable_reply | negative, backwards,
                        answered_rows, (answered - got)[~bad])
    if stop:
        found.stop, found.problems = stop, [stop]
        return found

    lines = table.frame.index[bad].tolist()
    problems = []
    if bad.any():
        lines_of = {key: table.frame.index[mask & bad].tolist() for key, mask in (
            ("unreadable", unreadable), ("reply", unreadable_reply & ~unreadable),
            ("negative", negative & ~unreadable), ("backwards", backwards))}
        reasons = []
        if lines_of["unreadable"]:
            found_n = len(lines_of["unreadable"])
            reasons.append(f"{plural(found_n, 'date')} we couldn't read in {_quote(received)} "
                           f"({_lines(lines_of['unreadable'])})")
        if lines_of["reply"]:
            what = "reply time" if reply_is == "time" else "wait"
            reasons.append(f"{plural(len(lines_of['reply']), what)} we couldn't read in {_quote(reply)} "
                           f"({_lines(lines_of['reply'])})")
        if lines_of["negative"]:
            reasons.append(f"{plural(len(lines_of['negative']), 'negative wait')} in {_quote(reply)} "
                           f"({_lines(lines_of['negative'])})")
        if lines_of["backwards"]:
            reasons.append(f"{plural(len(lines_of['backwards']), 'reply', 'replies')} dated before the message "
                           f"arrived ({_lines(lines_of['backwards'])})")
        kept = rows - len(lines)
        problems.append(f"{plural(len(lines), 'row')} set aside, so {plural(kept, 'other')} "
                        f"{'is' if kept == 1 else 'are'} analysed: {_and(reasons)}.")
    if table.ragged:
        ragged_lines = table.ragged
        problems.append(f"{plural(len(ragged_lines), 'row')} had the wrong number of columns and "
                        f"{'were' if len(ragged_lines) != 1 else 'was'} skipped: {_lines(ragged_lines)}.")
    keep = ~bad
    frame = pd.DataFrame({"received": got[keep], "replied": answered[keep]})
    if subject and subject in columns:
        frame["subject"] = table.column(subject)[keep]
    frame = frame.reset_index(drop=True)
    found.frame, found.problems, found.bad_rows = frame, problems, lines
    return found


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]


SOME = 0.2  # below this share, a column doesn't hold that kind of value at all


def _wrong_kind(table: Table, received: str, reply: str, reply_is: str, read: dict[tuple[str, str], Any]) -> str:
    """Why the chosen columns can't hold what they're read as ('' when they can), from their values.

    A column that holds some dates among other things is left to the row-by-row check (which sets the
    rows aside, or finds that most can't be read)."""
    def values(name: str) -> Values:
        if (name, "values") not in read:
            read[name, "values"] = describe(table.sample(name))
        held: Values = read[name, "values"]
        return held

    arrived = values(received)
    if not arrived.filled:
        return f"The {_quote(received)} column is empty. Choose the column that holds when each message arrived."
    if arrived.kind in ("number", "wait") or arrived.times < SOME:
        what = {"number": "numbers", "wait": "waits"}.get(arrived.kind, "values")
        return (f"The {_quote(received)} column holds {what} like {_examples(arrived)}, not dates and times, so it "
                "can't be when messages arrived. Choose the column that holds when each message arrived.")
    answer = values(reply)
    if not answer.filled:
        return (f"The {_quote(reply)} column is empty, so it would say no message was ever answered. Choose the "
                "column that holds when you first replied, or how long it took.")
    if max(answer.times, answer.waits, answer.numbers) < SOME:
        return (f"The {_quote(reply)} column holds notes like {_examples(answer)}, not times or waits, so we can't "
                "tell when you replied. Choose the column that holds when you first replied, or how long it took.")
    if not reply_is:
        if answer.kind == "number":
            return (f"The {_quote(reply)} column holds numbers like {_examples(answer)}. Are they minutes, hours or "
                    "seconds after the message arrived? Choose under “First reply is”.")
        return f"Choose what the {_quote(reply)} column holds under “First reply is”."
    if reply_is == "time" and answer.kind == "number":
        unit = unit_from_name(reply) or "minutes"
        return (f"The {_quote(reply)} column holds numbers like {_examples(answer)}, not dates. Is it a wait in "
                f"{unit}? Choose “{REPLY_KINDS[unit]}” under “First reply is”.")
    if reply_is == "time" and answer.kind == "wait":
        return (f"The {_quote(reply)} column holds waits like {_examples(answer)}, not dates. Choose "
                f"“{REPLY_KINDS['duration']}” under “First reply is”.")
    if reply_is != "time" and answer.kind == "time":
        return (f"The {_quote(reply)} column holds dates and times, like {_examples(answer)}, not waits. Choose "
                f"“{REPLY_KINDS['time']}” under “First reply is”.")
    if reply_is == "duration" and answer.kind == "number":
        return (f"The {_quote(reply)} column holds plain numbers like {_examples(answer)}. Choose whether they "
                "are minutes, hours or seconds under “First reply is”.")
    return ""


def _implausible(received: str, reply: str, reply_is: str, rows: int, unreadable: np.ndarray,
                 bad_reply: np.ndarray, backwards: np.ndarray, answered_rows: int, waits: pd.Series) -> str:
    """What makes the figures impossible to believe ('' when nothing does)."""
    if not rows:
        return ""
    if unreadable.sum() > MOSTLY * rows:
        return (f"Most dates in {_quote(received)} ({int(unreadable.sum()):,} of {rows:,}) couldn't be read. Check "
                "that it's the column with when each message arrived, and try another setting under “Dates "
                "written”.")
    if answered_rows and bad_reply.sum() > MOSTLY * answered_rows:
        what = "reply times" if reply_is == "time" else "waits"
        return (f"Most {what} in {_quote(reply)} ({int(bad_reply.sum()):,} of {answered_rows:,}) couldn't be "
                "read or are below zero. Check that it's the column with your first reply, and what it holds "
                "under “First reply is”.")
    if answered_rows and backwards.sum() > MOSTLY * answered_rows:
        return (f"Most replies ({int(backwards.sum()):,} of {answered_rows:,}) come before their message arrived. "
                f"Are {_quote(received)} and {_quote(reply)} the right way round? If they are, try another setting "
                "under “Dates written”.")
    hours = waits.dropna().dt.total_seconds() / 3600
    if len(hours) and float(hours.median()) > IMPLAUSIBLE_MEDIAN_HOURS:
        median = float(hours.median())
        typical = f"{median / 24 / 365:.1f} years" if median > 24 * 365 else f"{median / 24:,.0f} days"
        return (f"The typical wait comes out at {typical}, which can't be right for a first reply. Check that "
                f"{_quote(reply)} is when you first replied (not when the case was closed), and that the dates are "
                "read the right way round under “Dates written”.")
    if rows >= 20 and unreadable.sum() + bad_reply.sum() + backwards.sum() > MOSTLY * rows:
        return (f"Most rows ({int((unreadable | bad_reply | backwards).sum()):,} of {rows:,}) can't be used with "
                f"these columns. Check that {_quote(received)} is when each message arrived and {_quote(reply)} "
                "is your first reply.")
    return ""


# ---- 5. measuring ----------------------------------------------------------------------------------


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
    worst: pd.DataFrame  # the slowest: received, replied, hours, answered (+ subject); unanswered first, by age
    slow_by_weekday_hour: pd.DataFrame  # share of tickets missing the promise, weekday x hour received
    count_by_weekday_hour: pd.DataFrame  # tickets received, weekday x hour
    waits: pd.Series  # hours to first reply of answered tickets


def analyse(tickets: pd.DataFrame, promise_hours: float, *, now: pd.Timestamp | None = None,
            tz: str = "UTC", worst: int = 10) -> Analysis:
    """Measure first-reply times; unanswered tickets count as missing the promise once it has passed.

    A wait exactly on the promise keeps it."""
    now = now or pd.Timestamp.now(tz="UTC")
    tz = tz or "UTC"
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
    slow = {"received": tickets["received"], "replied": tickets["replied"], "hours": waited, "answered": answered}
    if "subject" in tickets:
        slow["subject"] = tickets["subject"]
    slowest = (pd.DataFrame(slow).sort_values(["answered", "hours"], ascending=[True, False])
               .head(worst).reset_index(drop=True))
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


def no_dates_message(columns: list[str], shown: int = 8) -> str:
    """Why a file with no readable dates at all can't be analysed, naming (a few of) its columns."""
    names = ", ".join(c if len(c) <= 40 else c[:39] + "…" for c in columns[:shown])
    more = f" and {len(columns) - shown:,} more" if len(columns) > shown else ""
    return ("That file has no dates and times we can read, so there's nothing to measure. It needs a column "
            "for when each message arrived and one for when you first replied (a time, or how long it took), "
            f"with times such as 2025-03-14 09:30. Its columns are: {names}{more}.")


def formulas_message(table: Table) -> str:
    """Why a sheet of formulas saved without their results can't be read."""
    names = table.formulas
    listed = ", ".join(map(_quote, names[:-1])) + (" and " if len(names) > 1 else "") + _quote(names[-1])
    return (f"In that workbook the {listed} column{'s hold' if len(names) > 1 else ' holds'} formulas whose results "
            "were never saved, so there are no times to read (this happens when a program, not Excel, made the "
            "file). Open it in Excel or LibreOffice, save it, and upload it again, or export it as CSV.")


def pick_column(wanted: Any, columns: list[str], guess: str, avoid: str | None = None) -> str | None:
    """The column to show as chosen: the one chosen before, else the guess, else the first one that isn't
    ``avoid`` (so two boxes don't start on the same column)."""
    if isinstance(wanted, str) and wanted in columns:
        return wanted
    if guess in columns:
        return guess
    return next((c for c in columns if c != avoid), columns[0] if columns else None)
