"""Lesson 2, exercise 4, "Can I keep my promise?": simulate one owner answering support email.

Pure numpy, no widgets. Units throughout:

* time is in minutes since the start of week 0, a Monday 00:00 (no time zones, no DST);
* hours of the day are floats (9.5 = 9:30), weekdays are 0 = Monday .. 6 = Sunday;
* results are in hours (waits, promise) or as a share of tickets between 0 and 1.

The model: tickets arrive at random (Poisson per hour of the week, shaped by an
hour-of-week profile). One person answers them in arrival order during the
support windows of a weekly schedule that repeats forever, each reply taking a
fixed number of minutes of support time. A reply still unfinished when a window
closes is finished in the next window. The queue starts empty on the first Monday.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from numbers import Integral, Real
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
import yaml

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, Context, ListOf, Number, Record, Text, load

MINUTES_PER_WEEK = 7 * 24 * 60
HOURS_PER_WEEK = 7 * 24
MAX_TICKETS_PER_WEEK = 100_000
MAX_WEEKS = 52
EARLIEST_SENSIBLE_START = 6.0
"""'Start two hours earlier' is only suggested when no window would then start before this hour."""
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# A wait this close to the promise (in minutes) counts as kept, so float noise never decides a tie.
_TOLERANCE_MINUTES = 1e-6


def _default_profile() -> np.ndarray:
    """Hour-of-week weights: busier on weekdays and 8:00-22:00, with an evening bump 19:00-21:00."""
    day = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.5])
    hour = np.full(24, 0.15)
    hour[8:22] = 1.0
    hour[19:21] = 1.5
    profile = np.outer(day, hour).ravel()
    profile /= profile.sum()
    profile.flags.writeable = False
    return profile


DEFAULT_PROFILE: np.ndarray = _default_profile()
"""Share of a week's tickets arriving in each hour; index = weekday * 24 + hour, sums to 1."""


def _clock(hour: float) -> str:
    minutes = round(hour * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    return float(value)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _check_draw(tickets_per_week: object, weeks: object, seed: object) -> None:
    tickets = _number(tickets_per_week, "Tickets per week")
    if not 0 <= tickets <= MAX_TICKETS_PER_WEEK:
        raise ValueError(f"Tickets per week must be between 0 and {MAX_TICKETS_PER_WEEK:,}, not {tickets:g}.")
    if not _whole(weeks) or not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"The number of weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}.")
    if not _whole(seed) or seed < 0:
        raise ValueError(f"The seed must be a whole number of 0 or more, not {seed!r}.")


def _check_day(day: object, what: str) -> int:
    if not _whole(day) or not 0 <= day <= 6:
        raise ValueError(f"{what} are numbered 0 (Monday) to 6 (Sunday), not {day!r}.")
    return int(day)


def _check_window(pair: object, where: str) -> tuple[float, float]:
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        raise ValueError(f"A support window is (start hour, end hour), not {pair!r}.")
    start, end = _number(pair[0], f"The start hour {where}"), _number(pair[1], f"The end hour {where}")
    if start < 0 or end > 24:
        raise ValueError(f"A support window {where} must lie within one day (0:00 to 24:00); "
                         f"{_clock(start)}-{_clock(end)} does not.")
    if end <= start:
        raise ValueError(f"A support window {where} must end after it starts; "
                         f"{_clock(start)}-{_clock(end)} does not.")
    return start, end


def _check_no_overlap(windows: list[tuple[float, float]], where: str) -> None:
    for (s1, e1), (s2, e2) in pairwise(windows):
        if s2 < e1:
            raise ValueError(f"Support windows {where} overlap: {_clock(s1)}-{_clock(e1)} "
                             f"and {_clock(s2)}-{_clock(e2)}.")


@dataclass(frozen=True)
class Schedule:
    """When support email gets answered, repeating every week.

    ``windows`` are (start_hour, end_hour) pairs used on every day in ``days``;
    ``extra`` adds (weekday, start_hour, end_hour) windows on single days, e.g. a
    short weekend check. Windows are sorted on construction; touching is fine,
    overlapping is not.
    """

    days: frozenset[int]
    windows: tuple[tuple[float, float], ...]
    extra: tuple[tuple[int, float, float], ...] = ()

    def __post_init__(self) -> None:
        days = frozenset(self.days)
        for day in days:
            _check_day(day, "Working days")
        windows = sorted(_check_window(pair, "each day") for pair in self.windows)
        _check_no_overlap(windows, "on each day")
        extra = []
        for entry in self.extra:
            if not isinstance(entry, tuple | list) or len(entry) != 3:
                raise ValueError(f"An extra window is (weekday, start hour, end hour), not {entry!r}.")
            day = _check_day(entry[0], "Extra windows")
            extra.append((day, *_check_window(entry[1:], f"on {DAY_NAMES[day]}")))
        extra.sort()
        for day in range(7):
            _check_no_overlap(self._day(day, days, windows, extra), f"on {DAY_NAMES[day]}")
        object.__setattr__(self, "days", frozenset(int(d) for d in days))
        object.__setattr__(self, "windows", tuple(windows))
        object.__setattr__(self, "extra", tuple(extra))

    @staticmethod
    def _day(day: int, days: frozenset[int], windows: Iterable[tuple[float, float]],
             extra: Iterable[tuple[int, float, float]]) -> list[tuple[float, float]]:
        regular = list(windows) if day in days else []
        return sorted(regular + [(s, e) for d, s, e in extra if d == day])

    @classmethod
    def daily(cls, days: Iterable[int], *, start_hour: float, hours: float) -> Schedule:
        """One window of ``hours`` from ``start_hour`` on each of ``days``; zero hours means no window."""
        start = _number(start_hour, "The start hour")
        length = _number(hours, "Hours per day")
        if not 0 <= start < 24:
            raise ValueError(f"The start hour must be between 0 and 24, not {start:g}.")
        if length < 0:
            raise ValueError(f"Hours per day can't be negative ({length:g}).")
        if start + length > 24:
            raise ValueError(f"The support window must end by midnight: {_clock(start)} plus {length:g} hours "
                             f"goes past 24:00.")
        return cls(days=frozenset(days), windows=((start, start + length),) if length > 0 else ())

    def day_windows(self, day: int) -> tuple[tuple[float, float], ...]:
        """All (start_hour, end_hour) windows on one weekday, in order."""
        return tuple(self._day(day, self.days, self.windows, self.extra))

    @property
    def minutes_per_week(self) -> float:
        """Support minutes available in one week."""
        return float(sum((e - s) * 60 for day in range(7) for s, e in self.day_windows(day)))


@dataclass(frozen=True)
class Inputs:
    """One scenario. ``tickets_per_week`` is the average; each simulated week draws its own count."""

    tickets_per_week: float
    schedule: Schedule
    minutes_per_reply: float
    promise_hours: float
    weeks: int = 8
    seed: int = 259

    def __post_init__(self) -> None:
        _check_draw(self.tickets_per_week, self.weeks, self.seed)
        if not isinstance(self.schedule, Schedule):
            raise ValueError("The schedule must be a Schedule.")
        if _number(self.minutes_per_reply, "Minutes per reply") <= 0:
            raise ValueError(f"Minutes per reply must be more than 0, not {self.minutes_per_reply:g}.")
        if _number(self.promise_hours, "The promise (hours)") <= 0:
            raise ValueError(f"The promise must be more than 0 hours, not {self.promise_hours:g}.")


@dataclass(frozen=True)
class Result:
    """What happened to the simulated tickets.

    ``share_within_promise`` is None when no ticket arrived (nothing to measure).
    When tickets arrive but the schedule has no support time, ``never_answered``
    is True, the share is 0.0, the wait figures are None and ``waits_hours`` is empty.
    """

    tickets: int
    share_within_promise: float | None
    longest_wait_hours: float | None
    median_wait_hours: float | None
    p90_wait_hours: float | None
    never_answered: bool
    backlog_grows: bool  # average weekly reply work exceeds weekly support time: waits keep growing
    load_minutes_per_week: float
    support_minutes_per_week: float
    promise_hours: float
    waits_hours: np.ndarray = field(compare=False, repr=False)  # per ticket, arrival order, read-only


@dataclass(frozen=True)
class Candidate:
    """A change to try: ``change`` returns the changed inputs, or None where it makes no sense."""

    label: str
    change: Callable[[Inputs], Inputs | None]


@dataclass(frozen=True)
class Suggestion:
    """One candidate change evaluated on the same simulated tickets as the current schedule."""

    label: str
    inputs: Inputs
    share_within_promise: float
    reaches_target: bool


def _profile(profile: np.ndarray) -> np.ndarray:
    weights = np.asarray(profile, dtype=float)
    if weights.shape != (HOURS_PER_WEEK,):
        raise ValueError(f"The arrival profile needs one weight per hour of the week ({HOURS_PER_WEEK}).")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError("The arrival profile's weights must be 0 or more, with at least one above 0.")
    shares: np.ndarray = weights / weights.sum()
    return shares


@dataclass(frozen=True)
class _Arrivals:
    minutes: np.ndarray  # sorted, since Monday 00:00 of week 0
    week: np.ndarray  # week index of each arrival (float)
    minute_of_week: np.ndarray


def _split(minutes: np.ndarray) -> _Arrivals:
    week = np.floor(minutes / MINUTES_PER_WEEK)
    return _Arrivals(minutes, week, minutes - week * MINUTES_PER_WEEK)


# simulate() and suggestions() run back to back on the same arrivals; keep the last draw.
_last_draw: tuple[tuple[Any, ...], _Arrivals] | None = None


def _draw(tickets_per_week: float, weeks: int, seed: int, profile: np.ndarray) -> _Arrivals:
    global _last_draw
    weights = _profile(profile)
    key = (float(tickets_per_week), int(weeks), int(seed), weights.tobytes())
    if _last_draw is not None and _last_draw[0] == key:
        return _last_draw[1]
    rng = np.random.default_rng(seed)
    counts = rng.poisson(tickets_per_week * weights, size=(weeks, HOURS_PER_WEEK)).ravel()
    hour = np.repeat(np.arange(counts.size), counts)
    # Offsets stay below 60, so sorting only reorders within an hour and `hour` stays aligned.
    minutes = np.sort(hour * 60.0 + rng.random(hour.size) * 60.0)
    week = (hour // HOURS_PER_WEEK).astype(float)
    drawn = _Arrivals(minutes, week, minutes - week * MINUTES_PER_WEEK)
    for array in (drawn.minutes, drawn.week, drawn.minute_of_week):
        array.flags.writeable = False
    _last_draw = (key, drawn)
    return drawn


def arrivals(tickets_per_week: float, *, weeks: int = 8, seed: int = 259,
             profile: np.ndarray = DEFAULT_PROFILE) -> np.ndarray:
    """Simulated arrival times in minutes since Monday 00:00 of week 0, sorted, read-only."""
    _check_draw(tickets_per_week, weeks, seed)
    return _draw(tickets_per_week, weeks, seed, profile).minutes


def _boundaries(schedule: Schedule) -> tuple[np.ndarray, np.ndarray]:
    """Merged support windows of one week as (starts, ends) in minutes of the week."""
    spans: list[list[float]] = []
    for day in range(7):
        for s, e in schedule.day_windows(day):
            start, end = day * 1440 + s * 60, day * 1440 + e * 60
            if spans and spans[-1][1] >= start:
                spans[-1][1] = end
            else:
                spans.append([start, end])
    array = np.array(spans, dtype=float).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def _replies(drawn: _Arrivals, schedule: Schedule, minutes_per_reply: float) -> np.ndarray:
    """Reply times (minutes) for sorted arrivals; inf where the schedule has no support time."""
    n = drawn.minutes.size
    starts, ends = _boundaries(schedule)
    if starts.size == 0:
        return np.full(n, np.inf)
    cum_end = np.cumsum(ends - starts)
    cum_start = cum_end - (ends - starts)
    weekly = cum_end[-1]
    # Working clock W(t): support minutes used up to t, piecewise linear within a week.
    xp = np.concatenate(([0.0], np.column_stack((starts, ends)).ravel(), [MINUTES_PER_WEEK]))
    fp = np.concatenate(([0.0], np.column_stack((cum_start, cum_end)).ravel(), [weekly]))
    keep = np.concatenate(([True], np.diff(xp) > 0))
    # In-place arithmetic below: at 800,000 tickets fresh temporaries cost more than the sums.
    done = np.interp(drawn.minute_of_week, xp[keep], fp[keep])
    done += drawn.week * weekly
    # FIFO, one at a time: c_i = max(c_{i-1}, w_i) + m  ==  m * (i + 1) + max_{j <= i}(w_j - j * m).
    steps = np.arange(n, dtype=float)
    steps *= minutes_per_reply
    done -= steps
    np.maximum.accumulate(done, out=done)
    done += steps
    done += minutes_per_reply
    # Back to real time: the earliest moment the working clock reaches `done`.
    week = np.divide(done, weekly, out=steps)
    np.ceil(week, out=week)
    week -= 1
    within = np.multiply(week, weekly)
    np.subtract(done, within, out=within)  # in (0, weekly], up to float noise
    window = np.searchsorted(cum_end, within)
    np.minimum(window, starts.size - 1, out=window)
    reply = np.multiply(week, MINUTES_PER_WEEK, out=week)
    reply += within
    reply += (starts - cum_start)[window]
    result: np.ndarray = reply
    return result


def replies(arrivals_minutes: np.ndarray | Iterable[float], schedule: Schedule,
            minutes_per_reply: float) -> np.ndarray:
    """Reply time of each ticket (minutes since Monday 00:00 of week 0), answered first come, first served.

    ``arrivals_minutes`` must be sorted. Times are inf when the schedule has no support time.
    """
    minutes = np.asarray(arrivals_minutes, dtype=float).ravel()
    if not np.all(np.isfinite(minutes)) or np.any(minutes < 0):
        raise ValueError("Arrival times must be minutes from the first Monday 00:00: finite and 0 or more.")
    if np.any(np.diff(minutes) < 0):
        raise ValueError("Arrival times must be sorted, earliest first.")
    if _number(minutes_per_reply, "Minutes per reply") <= 0:
        raise ValueError(f"Minutes per reply must be more than 0, not {minutes_per_reply:g}.")
    return _replies(_split(minutes), schedule, float(minutes_per_reply))


def _within(drawn: _Arrivals, replied: np.ndarray, promise_hours: float) -> float:
    kept = np.count_nonzero(replied - drawn.minutes <= promise_hours * 60 + _TOLERANCE_MINUTES)
    return float(kept) / drawn.minutes.size


def simulate(inputs: Inputs, *, profile: np.ndarray = DEFAULT_PROFILE) -> Result:
    """Simulate ``inputs.weeks`` weeks of tickets under the schedule and measure the waits."""
    drawn = _draw(inputs.tickets_per_week, inputs.weeks, inputs.seed, profile)
    n = drawn.minutes.size
    support = inputs.schedule.minutes_per_week
    load = float(inputs.tickets_per_week * inputs.minutes_per_reply)
    common: dict[str, Any] = {"tickets": n, "load_minutes_per_week": load, "support_minutes_per_week": support,
                              "promise_hours": float(inputs.promise_hours), "backlog_grows": load > support}
    if n == 0 or support == 0:
        empty = np.empty(0)
        empty.flags.writeable = False
        return Result(share_within_promise=None if n == 0 else 0.0, longest_wait_hours=None, median_wait_hours=None,
                      p90_wait_hours=None, never_answered=n > 0, waits_hours=empty, **common)
    replied = _replies(drawn, inputs.schedule, inputs.minutes_per_reply)
    waits = (replied - drawn.minutes) / 60
    waits.flags.writeable = False
    median, p90 = np.quantile(waits, [0.5, 0.9])
    return Result(share_within_promise=_within(drawn, replied, inputs.promise_hours),
                  longest_wait_hours=float(waits.max()), median_wait_hours=float(median),
                  p90_wait_hours=float(p90), never_answered=False, waits_hours=waits, **common)


def _check_target(target: float) -> float:
    if not 0 < _number(target, "The target share") <= 1:
        raise ValueError(f"The target share must be above 0 and at most 1 (e.g. 0.95), not {target:g}.")
    return float(target)


def keepable_promise(result: Result, target: float = 0.95) -> float | None:
    """The shortest whole-hour promise kept for at least ``target`` of the tickets; None if nothing to measure."""
    target = _check_target(target)
    if result.waits_hours.size == 0:
        return None
    # inverted_cdf gives an actual wait with at least `target` of waits at or below it.
    hours = np.quantile(result.waits_hours, target, method="inverted_cdf")
    return float(max(1, math.ceil(hours)))


# Candidate changes. Each returns None where it does not apply, so the list only offers real changes.

def _more_hours(inputs: Inputs) -> Inputs | None:
    schedule = inputs.schedule
    if not schedule.days:
        return None
    windows: tuple[tuple[float, float], ...]
    if not schedule.windows:
        windows = ((9.0, 10.0),)
    else:
        *rest, (start, end) = schedule.windows
        if end >= 24:
            return None
        windows = (*rest, (start, min(end + 1, 24.0)))
    return replace(inputs, schedule=replace(schedule, windows=windows))


def _weekend_check(inputs: Inputs) -> Inputs | None:
    schedule = inputs.schedule
    start = min(schedule.windows[0][0] if schedule.windows else 9.0, 23.5)
    added = tuple((day, start, start + 0.5) for day in (5, 6) if not schedule.day_windows(day))
    if not added:
        return None
    return replace(inputs, schedule=replace(schedule, extra=schedule.extra + added))


def _split_day(inputs: Inputs) -> Inputs | None:
    schedule = inputs.schedule
    hours = sum(e - s for s, e in schedule.windows)
    if not schedule.days or len(schedule.windows) != 1 or not 0 < hours <= 8:
        return None
    half = hours / 2
    return replace(inputs, schedule=replace(schedule, windows=((9.0, 9.0 + half), (17.0 - half, 17.0))))


def _quicker_replies(inputs: Inputs) -> Inputs | None:
    return replace(inputs, minutes_per_reply=inputs.minutes_per_reply * 0.75)


def _start_earlier(inputs: Inputs) -> Inputs | None:
    schedule = inputs.schedule
    starts = [s for s, _ in schedule.windows] + [s for _, s, _ in schedule.extra]
    if not starts or min(starts) - 2 < EARLIEST_SENSIBLE_START:
        return None
    return replace(inputs, schedule=replace(
        schedule, windows=tuple((s - 2, e - 2) for s, e in schedule.windows),
        extra=tuple((d, s - 2, e - 2) for d, s, e in schedule.extra)))


CANDIDATES: tuple[Candidate, ...] = (
    Candidate("One more hour a day", _more_hours),
    Candidate("A short weekend check", _weekend_check),
    Candidate("Split your time: half in the morning, half late afternoon", _split_day),
    Candidate("Replies 25% quicker (saved replies/templates)", _quicker_replies),
    Candidate("Start two hours earlier", _start_earlier),
)


def suggestions(inputs: Inputs, *, target: float = 0.95, profile: np.ndarray = DEFAULT_PROFILE,
                candidates: tuple[Candidate, ...] = CANDIDATES) -> list[Suggestion]:
    """Each applicable candidate change with its share within the promise, on the same simulated tickets.

    Empty when no ticket arrives (nothing to improve).
    """
    target = _check_target(target)
    drawn = _draw(inputs.tickets_per_week, inputs.weeks, inputs.seed, profile)
    if drawn.minutes.size == 0:
        return []
    out = []
    for candidate in candidates:
        try:
            changed = candidate.change(inputs)
        except ValueError:  # the change would clash with the schedule (e.g. overlap an extra window)
            continue
        if changed is None:
            continue
        replied = _replies(drawn, changed.schedule, changed.minutes_per_reply)
        share = _within(drawn, replied, changed.promise_hours)
        out.append(Suggestion(label=candidate.label, inputs=changed, share_within_promise=share,
                              reaches_target=share >= target))
    return out


START_TIMES = tuple((f"{h // 2:02d}:{30 * (h % 2):02d}", h / 2) for h in range(0, 48))


def _ends_by_midnight(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    if data["start_hour"] + data["hours_per_day"] > 24:
        ctx.add(node, "hours_per_day", f"starting at {data['start_hour']}:00, {data['hours_per_day']} hours "
                                       "goes past midnight")


SIM_SPEC = Record({
    "messages_per_week": Number(minimum=0, maximum=MAX_TICKETS_PER_WEEK),
    "days": ListOf(Text(pattern="|".join(DAY_NAMES), pattern_help="use a day's full name, such as Monday"),
                   min_items=0),
    "start_hour": Number(minimum=0, maximum=23),
    "hours_per_day": Number(minimum=0, maximum=12),
    "minutes_per_reply": Number(minimum=1, maximum=120),
    "target_percent": Number(minimum=50, maximum=100),
    "weeks": Number(minimum=1, maximum=52),
}, rule=_ends_by_midnight)


@dataclass(frozen=True)
class Settings:
    """What the learner can change, plus the seed of the simulated weeks."""

    messages_per_week: int
    days: tuple[int, ...]
    start_hour: float
    hours_per_day: float
    minutes_per_reply: int
    seed: int = 259

    def to_data(self) -> dict[str, Any]:
        return {"messages_per_week": self.messages_per_week, "days": list(self.days), "start_hour": self.start_hour,
                "hours_per_day": self.hours_per_day, "minutes_per_reply": self.minutes_per_reply,
                "seed": self.seed}


@dataclass(frozen=True)
class SimContent:
    """Starting numbers and the bar for "kept"."""

    start: Settings
    target: float  # share, 0..1
    weeks: int


def simulator_file() -> Path:
    """Where the simulator's starting numbers live."""
    return CONTENT_DIR / keys.RESPONSE_TIME / "simulator.yaml"


def load_sim_content(path: Path) -> SimContent:
    """Read and check the starting numbers."""
    data = load(path, SIM_SPEC)
    days = tuple(sorted({DAY_NAMES.index(d) for d in data["days"]}))
    start = Settings(data["messages_per_week"], days, float(data["start_hour"]), float(data["hours_per_day"]),
                     data["minutes_per_reply"])
    return SimContent(start, data["target_percent"] / 100, data["weeks"])


@functools.cache
def sim_content() -> SimContent:
    """The starting numbers, read once per kernel."""
    return load_sim_content(simulator_file())


def restore_settings(saved: Any, start: Settings) -> Settings:
    """Saved settings where they are still valid, the starting ones elsewhere."""
    if not isinstance(saved, dict):
        return start

    def number(name: str, low: float, high: float, default: float) -> float:
        value = saved.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
            return float(value)
        return default

    days = saved.get("days")
    days = (tuple(sorted({d for d in days if isinstance(d, int) and 0 <= d <= 6}))
            if isinstance(days, list) else start.days)
    start_hour = number("start_hour", 0, 23.5, start.start_hour)
    hours = number("hours_per_day", 0, min(12, 24 - start_hour), min(start.hours_per_day, 24 - start_hour))
    return Settings(int(number("messages_per_week", 0, MAX_TICKETS_PER_WEEK, start.messages_per_week)), days,
                    float(start_hour), float(hours), int(number("minutes_per_reply", 1, 120, start.minutes_per_reply)),
                    int(number("seed", 0, 2**31, start.seed)))


@dataclass(frozen=True)
class Outcome:
    """One run: the result for the learner's schedule, the candidate changes, the promise it can keep."""

    inputs: Inputs
    result: Result
    changes: list[Suggestion]
    keepable: float | None
    target: float


def run(settings: Settings, promise_hours: int, *, target: float, weeks: int) -> Outcome | str:
    """Simulate; a sentence instead when the settings can't be simulated."""
    if settings.start_hour + settings.hours_per_day > 24:
        return (f"Starting at {_clock(settings.start_hour)}, {settings.hours_per_day:g} hours of replies would "
                "run past midnight. Start earlier or spend fewer hours a day.")
    try:
        schedule = Schedule.daily(settings.days, start_hour=settings.start_hour, hours=settings.hours_per_day)
        inputs = Inputs(settings.messages_per_week, schedule, settings.minutes_per_reply, promise_hours,
                        weeks=weeks, seed=settings.seed)
    except ValueError as error:
        return str(error)
    result = simulate(inputs)
    return Outcome(inputs, result, suggestions(inputs, target=target), keepable_promise(result, target), target)
