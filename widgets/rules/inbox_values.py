"""Lesson 2's inbox: a column of text read as times, or as waits (how long a first reply took).

Every reader takes a column of stripped text (a pandas Series of ``str``, '' when empty) and is
vectorised: a 100,000-ticket export is read in a fraction of a second. Nothing here raises for a
learner's text; what can't be read becomes NaT or NaN and is counted by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from widgets.rules.inbox_limits import SAMPLE_ROWS

MS_SECOND, MS_MINUTE, MS_HOUR, MS_DAY = 1000, 60_000, 3_600_000, 86_400_000
UNIT_MS = {"seconds": MS_SECOND, "minutes": MS_MINUTE, "hours": MS_HOUR}
MOSTLY = 0.5  # "most values": the share that settles what a column holds
NAT = np.datetime64("NaT", "ms")

# ---- plain numbers ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([,.])\d{3})+(?:(?!\1)[.,]\d+)?")  # 1,234.5 or 1.234,5


def _number(text: str) -> float:
    """One cell as a number: '7,90' (decimal comma), '1,234.5', '1.234,5'; NaN if it isn't one."""
    if not _NUMBER.fullmatch(text):
        grouped = _GROUPED.fullmatch(text)
        if not grouped:
            return np.nan
        text = text.replace(grouped.group(1), "")
    return float(text.replace(",", "."))


def numbers(text: pd.Series) -> np.ndarray:
    """Text that is a plain number as float (a comma may be the decimal mark); anything else NaN."""
    values = text.tolist()
    try:  # the usual column: numbers with a decimal point, or empty (numpy parses them in C)
        parsed = np.asarray([v or "nan" for v in values], dtype=float)
    except ValueError:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object))
        parsed = np.array([_number(v) for v in uniques], dtype=float)[codes] if len(uniques) else np.full(
            len(values), np.nan)
    parsed[~np.isfinite(parsed)] = np.nan  # 'inf', 'nan' typed as text
    return parsed


UNIX_SECONDS = (1e9, 2.2e9)  # 2001 to 2039
UNIX_MS = (1e12, 2.2e12)


def unix_unit(values: np.ndarray) -> str:
    """'s' or 'ms' when (nearly all) whole numbers look like Unix timestamps (2001-2039), else ''."""
    values = values[~np.isnan(values)]
    if not len(values) or np.any(values % 1 != 0):
        return ""
    for unit, (low, high) in (("s", UNIX_SECONDS), ("ms", UNIX_MS)):
        if np.mean((values >= low) & (values < high)) >= 0.9:
            return unit
    return ""


# ---- times ---------------------------------------------------------------------------------------------

ZONED = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_CLOCK_TIME = r"((?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?)?)"
_AMPM = r"(?:\s*([AaPp])\.?[Mm]\.?)?"
_DMY = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})" + _CLOCK_TIME + _AMPM)
_NAMED = re.compile(r"(?:(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?|([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?)"
                    r",?\s+(\d{4}),?" + _CLOCK_TIME + _AMPM)
MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
# Other formats pandas reads, tried on the rows the fast readers above leave over.
DATE_FORMATS = ("%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M", "%d %b %Y %H:%M", "%Y%m%d%H%M%S", "%Y%m%d %H%M%S")


def _nat(count: int) -> np.ndarray:
    return np.full(count, NAT, dtype="datetime64[ms]")


def _iso(values: list[str] | np.ndarray) -> np.ndarray:
    parsed: np.ndarray = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601",
                                        errors="coerce").to_numpy(dtype="datetime64[ms]")
    return parsed


def _order_of(firsts: np.ndarray, seconds: np.ndarray, order: str, ampm: bool) -> str:
    """Day or month first: what the values show (a first part over 12 is a day), else the choice,
    else month first for 12-hour clocks (as in the USA) and day first otherwise."""
    if order in ("day", "month"):
        return order
    day_first, month_first = bool(np.any(firsts > 12)), bool(np.any(seconds > 12))
    if day_first != month_first:
        return "day" if day_first else "month"
    return "month" if ampm else "day"


def _assemble(year: np.ndarray, month: np.ndarray, day: np.ndarray, hour: np.ndarray, minute: np.ndarray,
              second: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """Times from their parts (whole numbers; NaT where a part is impossible, such as 30 February).
    ``marks`` holds 'a'/'p' (as code points) for a 12-hour clock, 0 for a 24-hour one."""
    year = np.where(year < 100, year + 2000, year)
    pm, am = marks == ord("p"), marks == ord("a")
    twelve = pm | am
    hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
    valid = ((month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (hour < 24) & (minute < 60) & (second < 60)
             & (~twelve | ((hour >= 0) & (hour < 24))) & (year >= 1900) & (year < 2200))
    start = np.where(valid, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    date = start.astype("datetime64[D]") + np.where(valid, day - 1, 0).astype("timedelta64[D]")
    valid &= date.astype("datetime64[M]") == start  # 31 April rolls into May: not a date
    stamp = date.astype("datetime64[ms]") + ((hour * 60 + minute) * 60 + second).astype("timedelta64[s]")
    out: np.ndarray = np.where(valid, stamp, NAT)
    return out


_MONTH_KEYS = {(ord(n[0]) << 16) | (ord(n[1]) << 8) | ord(n[2]): m for n, m in MONTHS.items() if len(n) == 3}


def _month_codes(letters: np.ndarray) -> np.ndarray:
    """Three-letter English month names (code points, any case) → 1..12, or 0."""
    low = letters | 32
    keys = (low[:, 0] << 16) | (low[:, 1] << 8) | low[:, 2]
    known = np.array(sorted(_MONTH_KEYS), dtype=np.int64)
    spot = np.clip(np.searchsorted(known, keys), 0, len(known) - 1)
    found = known[spot] == keys
    months = np.array([_MONTH_KEYS[k] for k in known.tolist()], dtype=np.int64)
    return np.where(found, months[spot], 0)


@dataclass(frozen=True)
class _Shape:
    """Where each part of a date sits in text of one width ('31.12.2025 14:05', 'Mar 31, 2026 02:05 PM')."""

    width: int
    parts: dict[str, tuple[int, int]]  # one, two (dmy) or day, name (named), year, hour, minute, second, mark
    literal: tuple[tuple[int, int], ...]  # (position, code point) that every value of this shape shares


def _shape(value: str, spans: dict[str, tuple[int, int]]) -> _Shape | None:
    """The shape of ``value`` from its parts' spans (None if a part isn't a fixed width)."""
    parts = {name: (start, end - start) for name, (start, end) in spans.items() if start >= 0}
    clock = parts.pop("clock", None)
    if clock is not None and clock[1]:
        runs = [(m.start() + clock[0], m.end() - m.start()) for m in re.finditer(r"\d+", value[clock[0]:sum(clock)])]
        if len(runs) not in (2, 3) or any(length != 2 for _start, length in runs):
            return None
        parts.update(zip(("hour", "minute", "second"), runs, strict=False))
    if any(length not in (1, 2, 3, 4) for _start, length in parts.values()):
        return None
    taken = {i for start, length in parts.values() for i in range(start, start + length)}
    literal = tuple((i, ord(c)) for i, c in enumerate(value) if i not in taken)
    return _Shape(len(value), parts, literal)


def _read_shape(values: list[str], shape: _Shape) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Which values (all ``shape.width`` long) fit the shape, and their parts as whole numbers (numpy only)."""
    codes = np.array(values, dtype=np.dtype(("U", shape.width))).view(np.uint32).reshape(len(values), shape.width)
    fits = np.ones(len(values), dtype=bool)
    if shape.literal:
        positions, points = zip(*shape.literal, strict=True)
        fits &= np.all(codes[:, list(positions)] == np.array(points), axis=1)
    numbers_: dict[str, np.ndarray] = {}
    for name, (start, length) in shape.parts.items():
        part = codes[:, start:start + length].astype(np.int64)
        if name == "name":
            months = _month_codes(part)
            fits &= months > 0
            numbers_[name] = months
        elif name == "mark":
            mark = part[:, 0] | 32
            fits &= (mark == ord("a")) | (mark == ord("p"))
            numbers_[name] = mark
        else:
            fits &= np.all((part >= 48) & (part <= 57), axis=1)
            numbers_[name] = ((part - 48) * (10 ** np.arange(length - 1, -1, -1))).sum(axis=1)
    return fits, numbers_


def _by_shape(text: list[str], pattern: re.Pattern[str], spans: Callable[[re.Match[str]], dict[str, tuple[int, int]]]
              ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every value's parts (whole numbers, -1 where missing) and whether it matched ``pattern``.

    The values of the commonest width are read by their shape in numpy when they share one (the usual
    export: every date written alike); the rest one by one with the pattern."""
    count = len(text)
    found = np.zeros(count, dtype=bool)
    names = ("one", "two", "day", "name", "year", "hour", "minute", "second_", "mark")
    parts = {name: np.full(count, -1, dtype=np.int64) for name in names}
    lengths = np.fromiter(map(len, text), dtype=np.int64, count=count)
    widths, counts = np.unique(lengths, return_counts=True)
    for width in widths[counts >= 20].tolist():  # each common width, and each shape within it ('1/31', '12/1')
        for _attempt in range(4):
            same = np.flatnonzero((lengths == width) & ~found)
            model = next((m for m in (pattern.fullmatch(text[i]) for i in same[:20].tolist()) if m), None)
            shape = _shape(model.string, spans(model)) if model is not None else None
            if shape is None:
                break
            fits, numbers_ = _read_shape([text[i] for i in same.tolist()], shape)
            rows = same[fits]
            found[rows] = True
            for name, values in numbers_.items():
                parts["second_" if name == "second" else name][rows] = values[fits]
            if not fits.any() or fits.all():
                break
    for i in np.flatnonzero(~found).tolist():
        match = pattern.fullmatch(text[i])
        if match is None:
            continue
        found[i] = True
        for name, (start, end) in spans(match).items():
            if start < 0:
                continue
            piece = match.string[start:end]
            if name == "clock":
                clock = re.findall(r"\d+", piece)
                for key, number in zip(("hour", "minute", "second_"), clock, strict=False):
                    parts[key][i] = int(number)
            elif name == "name":
                parts[name][i] = MONTHS.get(piece.lower(), 0)
            elif name == "mark":
                parts[name][i] = ord(piece.lower())
            else:
                parts[name][i] = int(piece)
    return found, parts


def _dmy_spans(match: re.Match[str]) -> dict[str, tuple[int, int]]:
    return {"one": match.span(1), "two": match.span(3), "year": match.span(4), "clock": match.span(5),
            "mark": match.span(6)}


def _named_spans(match: re.Match[str]) -> dict[str, tuple[int, int]]:
    day = match.span(1) if match.group(1) else match.span(4)
    name = match.span(2) if match.group(2) else match.span(3)
    return {"day": day, "name": name, "year": match.span(5), "clock": match.span(6), "mark": match.span(7)}


def _clock_parts(parts: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    hour, minute, second = (np.maximum(parts[k], 0) for k in ("hour", "minute", "second_"))
    return hour, minute, second, np.maximum(parts["mark"], 0)


def _day_month_year(text: list[str], order: str) -> np.ndarray:
    """Numeric dates with the day and month either way round ('31/12/2025 14:05', '3/31/2026 2:05 PM',
    '31.12.25', '31-12-2025'), as times. The order is read from all the values unless chosen."""
    if not text:
        return _nat(0)
    found, parts = _by_shape(text, _DMY, _dmy_spans)
    if not found.any():
        return _nat(len(text))
    hour, minute, second, marks = _clock_parts(parts)
    order = _order_of(parts["one"][found], parts["two"][found], order, bool(np.any(marks > 0)))
    day, month = (parts["one"], parts["two"]) if order == "day" else (parts["two"], parts["one"])
    out = _assemble(parts["year"], month, day, hour, minute, second, marks)
    out[~found] = NAT
    return out


def _named_month(text: list[str]) -> np.ndarray:
    """Dates with the month's English name: 'Mar 31, 2026 02:05 PM', '31 March 2026 14:05'."""
    if not text:
        return _nat(0)
    found, parts = _by_shape(text, _NAMED, _named_spans)
    hour, minute, second, marks = _clock_parts(parts)
    out = _assemble(parts["year"], parts["name"], parts["day"], hour, minute, second, marks)
    out[~found] = NAT
    return out


def _text(column: pd.Series) -> list[str]:
    """A column's cells as a list of str ('' for a missing one)."""
    values: list[str] = column.tolist()
    if column.dtype == object and not column.hasnans and all(map(str.__instancecheck__, values)):
        return values
    return [v if isinstance(v, str) else "" for v in values]


def spread(values: list[str], count: int = SAMPLE_ROWS) -> list[str]:
    """Up to ``count`` filled values, evenly spaced through the column (a file sorted by date starts
    with one day's tickets: the first rows alone could hide that 13/10 is day first)."""
    filled = [v for v in values if v]
    if len(filled) <= count:
        return filled
    step = len(filled) / count
    return [filled[int(i * step)] for i in range(count)]


def read_times(column: pd.Series, order: str = "auto") -> pd.Series:
    """Text timestamps → times as written (no zone yet), or UTC when the text carries its own zones
    (ISO 8601 offsets, 'Z', Unix timestamps).

    Plain numbers that aren't Unix timestamps are not dates (whole minutes must not be read as years):
    they become NaT, as does anything unreadable. ``order`` ('auto', 'day', 'month') settles dates
    like 03/04/2025 that read both ways."""
    text = _text(column)
    index = column.index
    filled = np.fromiter(map(bool, text), dtype=bool, count=len(text))
    sample = spread(text)
    if not sample:
        return pd.Series(_nat(len(text)), index=index)
    sample_numbers = numbers(pd.Series(sample, dtype=object))
    if np.mean(~np.isnan(sample_numbers)) >= MOSTLY:
        unit = unix_unit(sample_numbers)
        if not unit:
            return pd.Series(_nat(len(text)), index=index)
        values = numbers(pd.Series(text, dtype=object))
        low, high = UNIX_SECONDS if unit == "s" else UNIX_MS
        values[(values < low) | (values >= high)] = np.nan
        return pd.to_datetime(pd.Series(values, index=index), unit=unit, utc=True, errors="coerce").dt.as_unit("ms")
    if not np.all(np.isnan(sample_numbers)):  # a few stray numbers among dates: not dates either
        stray = ~np.isnan(numbers(pd.Series(text, dtype=object)))
        text = [("" if s else v) for v, s in zip(text, stray.tolist(), strict=True)]
        filled &= ~stray
    if any(ZONED.search(v) for v in sample):
        return pd.to_datetime(pd.Series(text, index=index, dtype=object), format="ISO8601", errors="coerce",
                              utc=True).dt.as_unit("ms")
    readers = {"iso": _iso, "dmy": lambda values: _day_month_year(values, order), "named": _named_month}
    scores = {name: int(np.sum(~np.isnat(read(sample)))) for name, read in readers.items()}
    out = _nat(len(text))
    left = filled.copy()
    for name in sorted(readers, key=lambda n: -scores[n]):
        if not scores[name] or not left.any():
            continue
        rows = np.flatnonzero(left)
        out[rows] = readers[name]([text[i] for i in rows])
        left &= np.isnat(out)
    if left.any():
        rows = np.flatnonzero(left)
        remaining = pd.Series([text[i] for i in rows], dtype=object)
        for fmt in DATE_FORMATS:
            parsed = pd.to_datetime(remaining, format=fmt, errors="coerce").to_numpy(dtype="datetime64[ms]")
            got = ~np.isnat(parsed)
            if got.any():
                out[rows[got]] = parsed[got]
                remaining = remaining.where(~got, "")
    return pd.Series(out, index=index)


def localise(times: pd.Series, tz: str) -> pd.Series:
    """Times read by :func:`read_times` → UTC, taking zone-less ones to be in ``tz`` ('' = as written).

    An hour that happens twice when the clocks go back is read as the first."""
    if times.dt.tz is not None:
        return times
    local = times.dt.tz_localize(tz or "UTC", ambiguous=np.ones(len(times), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert("UTC")


# ---- waits ----------------------------------------------------------------------------------------------

EMPTY, OK, UNREADABLE, NEGATIVE = 0, 1, 2, 3
MAX_WAIT_MS = 20 * 365 * MS_DAY  # longer than any first reply; far shorter than a time can hold
_CLOCK = re.compile(r"(-)?(\d+):([0-5]\d)(?::([0-5]\d(?:[.,]\d+)?))?")
_AMOUNT = r"(\d+(?:[.,]\d+)?)\s*"
_TEXT_DURATION = re.compile(
    r"(-)?\s*(?:" + _AMOUNT + r"(?:d|days?|t|tage?|j|jours?|d[ií]as?|dagen?)\.?(?![a-z])\s*,?\s*)?"
    r"(?:" + _AMOUNT + r"(?:h|hrs?|hours?|std|stunden?|heures?|horas?|u|uur|uren)\.?(?![a-z])\s*,?\s*)?"
    r"(?:" + _AMOUNT + r"(?:m|mins?|minutes?|minuten?|minutos?)\.?(?![a-z])\s*,?\s*)?"
    r"(?:" + _AMOUNT + r"(?:s|secs?|seconds?|sek|sekunden?|secondes?|segundos?|seconden?)\.?(?![a-z])\s*)?",
    re.IGNORECASE)


def _text_wait(value: str) -> float:
    """'1h 23m', '2d 3h 5m', '45 min', '90s' → milliseconds (NaN if it isn't a wait)."""
    match = _TEXT_DURATION.fullmatch(value)
    if not match or not any(match.groups()[1:]):
        return np.nan
    days, hours, minutes, seconds = (float(g.replace(",", ".")) if g else 0.0 for g in match.groups()[1:])
    total = ((days * 24 + hours) * 60 + minutes) * MS_MINUTE + seconds * MS_SECOND
    return -total if match.group(1) else total


def _clock_wait(value: str) -> float:
    """'01:23:00', '49:05:12', '1:23' (hours and minutes) → milliseconds (NaN if it isn't one)."""
    match = _CLOCK.fullmatch(value)
    if not match:
        return np.nan
    sign, hours, minutes, seconds = match.groups()
    total = (int(hours) * 60 + int(minutes)) * MS_MINUTE + float((seconds or "0").replace(",", ".")) * MS_SECOND
    return -total if sign else total


def _clock_waits(text: list[str]) -> np.ndarray:
    """'01:23:00' and '149:05:12' (hours, minutes, seconds, zero-padded) → milliseconds, in numpy;
    NaN for anything else (read one by one afterwards)."""
    out = np.full(len(text), np.nan)
    lengths = np.fromiter(map(len, text), dtype=np.int64, count=len(text))
    for width in np.unique(lengths).tolist():
        if not 7 <= width <= 12:
            continue
        rows = np.flatnonzero(lengths == width)
        codes = np.array([text[i] for i in rows.tolist()], dtype=np.dtype(("U", width))).view(np.uint32)
        codes = codes.reshape(len(rows), width).astype(np.int64)
        digits = [i for i in range(width) if i not in (width - 3, width - 6)]
        part = codes[:, digits]
        fits = (np.all((part >= 48) & (part <= 57), axis=1) & (codes[:, width - 3] == 58)
                & (codes[:, width - 6] == 58) & (codes[:, width - 5] <= 53) & (codes[:, width - 2] <= 53))
        place = 10 ** np.arange(width - 7, -1, -1)
        hours = ((codes[:, : width - 6] - 48) * place).sum(axis=1)
        minutes = (codes[:, width - 5] - 48) * 10 + codes[:, width - 4] - 48
        seconds = (codes[:, width - 2] - 48) * 10 + codes[:, width - 1] - 48
        out[rows[fits]] = (((hours * 60 + minutes) * 60 + seconds) * MS_SECOND)[fits]
    return out


def read_durations(column: pd.Series, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """A column of waits → (milliseconds as float, a status per row: EMPTY, OK, UNREADABLE or NEGATIVE).

    Plain numbers are in ``unit`` ('minutes', 'hours', 'seconds'; with 'duration' they are unreadable);
    '1h 23m', '2d 3h', '45 min' and '01:23:00' (hours may pass 24) carry their own units. Waits are
    rounded to the millisecond, so 0.01 h is exactly 36 s."""
    text = _text(column)
    empty = ~np.fromiter(map(bool, text), dtype=bool, count=len(text))
    status = np.where(empty, EMPTY, UNREADABLE)
    plain = numbers(pd.Series(text, dtype=object))
    ms = np.round(plain * UNIT_MS[unit]) if unit in UNIT_MS else np.full(len(text), np.nan)
    # Not plain numbers (or numbers without a unit, which stay unreadable): clocks, then '1h 23m'.
    rows = np.flatnonzero(np.isnan(ms) & ~empty & ~(np.isfinite(plain) & (unit not in UNIT_MS)))
    if len(rows):
        clock = _clock_waits([text[i] for i in rows])
        ms[rows] = clock
        rows = rows[np.isnan(clock)]
    if len(rows):
        codes, uniques = pd.factorize(pd.Series([text[i] for i in rows], dtype=object))
        parsed = np.array([_clock_wait(v) if ":" in v else _text_wait(v) for v in uniques], dtype=float)
        ms[rows] = np.round(parsed[codes]) if len(parsed) else np.nan
    ms[np.abs(ms) > MAX_WAIT_MS] = np.nan  # not a wait: a number that would run past any calendar
    read = ~np.isnan(ms)
    status = np.where(read, np.where(ms < 0, NEGATIVE, OK), status)
    return ms, status


# ---- what a column holds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Values:
    """What a column's sample holds, as shares of its filled values."""

    filled: int
    times: float  # dates and times (ISO, spreadsheet formats, Unix timestamps)
    numbers: float  # plain numbers (not Unix timestamps)
    waits: float  # waits with their units ('1h 23m', '01:23:00')
    examples: tuple[str, ...]

    @property
    def kind(self) -> str:
        """'time', 'number', 'wait', or '' when it is none of these (or empty)."""
        if not self.filled:
            return ""
        best = max(("time", self.times), ("wait", self.waits), ("number", self.numbers), key=lambda p: p[1])
        return best[0] if best[1] >= MOSTLY else ""


def describe(sample: pd.Series) -> Values:
    """What a column holds, from a sample of its (stripped) values."""
    values = [v for v in _text(sample) if v]
    if not values:
        return Values(0, 0.0, 0.0, 0.0, ())
    series = pd.Series(values, dtype=object)
    plain = numbers(series)
    unix = bool(unix_unit(plain)) and float(np.mean(~np.isnan(plain))) >= MOSTLY
    times = float(np.mean(~np.isnat(read_times(series).to_numpy(dtype="datetime64[ms]"))))
    number_share = 0.0 if unix else float(np.mean(~np.isnan(plain)))
    _ms, status = read_durations(series, "duration")
    waits = float(np.mean(np.isin(status, (OK, NEGATIVE))))
    examples = tuple(dict.fromkeys(v if len(v) <= 24 else v[:23] + "…" for v in values[:50]))[:3]
    return Values(len(values), times, number_share, waits, examples)
