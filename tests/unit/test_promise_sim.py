"""Can-I-keep-my-promise simulation: hand-computed reply times, edge cases, suggestions, bad input."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest

from widgets.rules.simulator import (
    CANDIDATES,
    DEFAULT_PROFILE,
    Candidate,
    Inputs,
    Schedule,
    arrivals,
    keepable_promise,
    replies,
    simulate,
    suggestions,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = frozenset(range(5))


def at(day: int, hour: int, minute: float = 0, *, week: int = 0) -> float:
    """Minutes since Monday 00:00 of week 0."""
    return week * 10080 + day * 1440 + hour * 60 + minute


def reply_times(arrived: list[float], schedule: Schedule, minutes: float = 10) -> list[float]:
    return list(replies(np.array(arrived), schedule, minutes))


def inputs(tickets: float = 300, *, days: frozenset[int] = WEEKDAYS, start: float = 9.0, hours: float = 2.0,
           minutes: float = 3.0, promise: float = 24.0, weeks: int = 8, seed: int = 259) -> Inputs:
    return Inputs(tickets_per_week=tickets, schedule=Schedule.daily(days, start_hour=start, hours=hours),
                  minutes_per_reply=minutes, promise_hours=promise, weeks=weeks, seed=seed)


# Exact reply times, hand-computed.

def test_ticket_before_the_window_is_answered_once_the_reply_is_written() -> None:
    monday_9_to_10 = Schedule(days=frozenset({MON}), windows=((9.0, 10.0),))
    assert reply_times([at(MON, 8)], monday_9_to_10) == pytest.approx([at(MON, 9, 10)])


def test_queue_is_first_come_first_served_and_a_reply_never_starts_before_its_ticket() -> None:
    schedule = Schedule.daily(WEEKDAYS, start_hour=9, hours=1)
    assert reply_times([at(MON, 9)] * 3, schedule) == pytest.approx([at(MON, 9, 10), at(MON, 9, 20), at(MON, 9, 30)])
    assert reply_times([at(MON, 9), at(MON, 9, 40)], schedule) == pytest.approx([at(MON, 9, 10), at(MON, 9, 50)])


def test_two_tickets_late_in_the_window_spill_into_the_next_working_day() -> None:
    schedule = Schedule.daily(WEEKDAYS, start_hour=9, hours=1)
    # The first reply ends exactly at 10:00 (the window's close), the second waits for Tuesday.
    assert reply_times([at(MON, 9, 50)] * 2, schedule) == pytest.approx([at(MON, 10), at(TUE, 9, 10)])
    # At 9:55 even the first reply is unfinished at 10:00: its last 5 minutes are done on Tuesday.
    assert reply_times([at(MON, 9, 55)] * 2, schedule) == pytest.approx([at(TUE, 9, 5), at(TUE, 9, 15)])


def test_a_monday_only_schedule_carries_the_queue_to_next_monday() -> None:
    monday_9_to_10 = Schedule(days=frozenset({MON}), windows=((9.0, 10.0),))
    assert reply_times([at(MON, 9, 50)] * 2, monday_9_to_10) == pytest.approx([at(MON, 10), at(MON, 9, 10, week=1)])


def test_friday_afternoon_and_sunday_night_tickets_wait_for_monday() -> None:
    schedule = Schedule.daily(WEEKDAYS, start_hour=9, hours=1)
    assert reply_times([at(FRI, 12), at(SUN, 23, 30)], schedule) == pytest.approx(
        [at(MON, 9, 10, week=1), at(MON, 9, 20, week=1)])


def test_window_ending_at_midnight() -> None:
    late = Schedule.daily(WEEKDAYS, start_hour=22, hours=2)
    assert late.windows == ((22.0, 24.0),)
    assert reply_times([at(MON, 23, 55), at(FRI, 23, 59)], late) == pytest.approx(
        [at(TUE, 22, 5), at(MON, 22, 9, week=1)])
    # 22:00-24:00 and 0:00-1:00 the next day run on across midnight.
    around_midnight = Schedule(days=frozenset({MON, TUE}), windows=((0.0, 1.0), (22.0, 24.0)))
    assert reply_times([at(MON, 23, 55)], around_midnight) == pytest.approx([at(TUE, 0, 5)])


def test_fractional_hours_touching_windows_and_extra_windows() -> None:
    half_hour = Schedule.daily({WED}, start_hour=9.5, hours=0.5)
    assert reply_times([at(WED, 9)], half_hour) == pytest.approx([at(WED, 9, 40)])
    touching = Schedule(days=frozenset({MON}), windows=((10.0, 11.0), (9.0, 10.0)))
    assert touching.windows == ((9.0, 10.0), (10.0, 11.0))
    assert reply_times([at(MON, 9, 55)], touching) == pytest.approx([at(MON, 10, 5)])
    saturday_check = Schedule(days=WEEKDAYS, windows=((9.0, 10.0),), extra=((SAT, 10.0, 10.5),))
    assert saturday_check.minutes_per_week == 5 * 60 + 30
    assert reply_times([at(FRI, 12)], saturday_check) == pytest.approx([at(SAT, 10, 10)])


def test_no_support_time_means_never_answered() -> None:
    nobody = Schedule(days=frozenset(), windows=((9.0, 10.0),))
    assert np.all(np.isinf(replies([at(MON, 9)], nobody, 10)))
    assert replies([], nobody, 10).size == 0


# The simulation.

def test_same_seed_same_result_and_a_different_seed_differs() -> None:
    first = simulate(inputs(seed=1))
    other = simulate(inputs(seed=2))
    again = simulate(inputs(seed=1))
    assert first == again and np.array_equal(first.waits_hours, again.waits_hours)
    assert not np.array_equal(arrivals(300, seed=1), arrivals(300, seed=2))
    assert not np.array_equal(first.waits_hours[:50], other.waits_hours[:50])


def test_result_figures_agree_with_the_waits() -> None:
    result = simulate(inputs(300, minutes=1.5, promise=24))  # 450 minutes of replies, 600 of support a week
    waits = result.waits_hours
    assert abs(result.tickets - 8 * 300) < 250  # Poisson, standard deviation ~49
    assert waits.size == result.tickets and np.all(waits > 0)
    assert result.share_within_promise == pytest.approx(np.mean(waits <= 24))
    assert result.median_wait_hours <= result.p90_wait_hours <= result.longest_wait_hours == waits.max()
    assert not result.backlog_grows and not result.never_answered
    assert result.load_minutes_per_week == 450 and result.support_minutes_per_week == 600


def test_arrivals_follow_the_profile() -> None:
    only_monday_8am = np.zeros(168)
    only_monday_8am[8] = 3.0  # weights need not sum to 1
    times = arrivals(500, weeks=2, seed=4, profile=only_monday_8am)
    minute_of_week = times % 10080
    assert np.all(np.diff(times) >= 0)
    assert np.all((minute_of_week >= 480) & (minute_of_week < 540))
    assert DEFAULT_PROFILE.sum() == pytest.approx(1)
    assert DEFAULT_PROFILE[MON * 24 + 12] > DEFAULT_PROFILE[SUN * 24 + 12] > DEFAULT_PROFILE[SUN * 24 + 3]
    assert DEFAULT_PROFILE[TUE * 24 + 20] > DEFAULT_PROFILE[TUE * 24 + 12]


def test_zero_tickets_has_nothing_to_measure() -> None:
    result = simulate(inputs(0))
    assert result.tickets == 0 and result.share_within_promise is None and not result.never_answered
    assert result.longest_wait_hours is None and result.waits_hours.size == 0 and not result.backlog_grows
    assert keepable_promise(result) is None
    assert suggestions(inputs(0)) == []


@pytest.mark.parametrize("case", [{"hours": 0}, {"days": frozenset()}])
def test_no_working_hours_answers_nothing(case: dict) -> None:
    result = simulate(inputs(50, **case))
    assert result.tickets > 0 and result.never_answered and result.share_within_promise == 0.0
    assert result.longest_wait_hours is None and result.median_wait_hours is None
    assert result.backlog_grows and result.support_minutes_per_week == 0
    assert keepable_promise(result) is None
    labels = {s.label for s in suggestions(inputs(50, **case))}
    assert "A short weekend check" in labels


def test_load_above_capacity_grows_a_backlog() -> None:
    result = simulate(inputs(300, minutes=10, hours=1))  # 3000 minutes of replies, 300 minutes of support
    assert result.backlog_grows and not result.never_answered
    waits = result.waits_hours
    first, last = waits[: waits.size // 8], waits[-waits.size // 8:]
    assert last.mean() > first.mean() + 24 * 7 and result.share_within_promise < 0.2


def test_huge_volume_runs_and_gives_a_sensible_share() -> None:
    around_the_clock = inputs(100_000, days=frozenset(range(7)), start=0, hours=24, minutes=0.05, promise=1)
    began = time.perf_counter()
    result = simulate(around_the_clock)
    options = suggestions(around_the_clock)
    print(f"100k tickets/week x 8 weeks: {(time.perf_counter() - began) * 1000:.0f} ms")
    assert abs(result.tickets - 800_000) < 5000
    assert 0.9 < result.share_within_promise <= 1 and not result.backlog_grows
    assert {s.label for s in options} == {"Replies 25% quicker (saved replies/templates)"}


# Suggestions.

@pytest.mark.parametrize("seed", range(5))
def test_an_extra_hour_never_makes_things_worse(seed: int) -> None:
    base = inputs(150, hours=1, minutes=5, promise=24, seed=seed)
    before = simulate(base).share_within_promise
    extra = next(s for s in suggestions(base) if s.label == "One more hour a day")
    assert extra.inputs.schedule.windows == ((9.0, 11.0),)
    assert extra.share_within_promise >= before and extra.share_within_promise > 0


def test_suggestions_use_the_same_tickets_as_the_current_schedule() -> None:
    base = inputs(200, hours=1, minutes=8, promise=8)
    target = 0.8
    for option in suggestions(base, target=target):
        alone = simulate(option.inputs)
        assert alone.tickets == simulate(base).tickets
        assert option.share_within_promise == pytest.approx(alone.share_within_promise)
        assert option.reaches_target == (option.share_within_promise >= target)


def test_candidates_change_what_they_say_and_only_where_it_makes_sense() -> None:
    base = inputs(100, start=9, hours=2, minutes=4)
    by_label = {s.label: s.inputs for s in suggestions(base)}
    assert by_label["A short weekend check"].schedule.extra == ((SAT, 9.0, 9.5), (SUN, 9.0, 9.5))
    assert by_label["Split your time: half in the morning, half late afternoon"].schedule.windows == (
        (9.0, 10.0), (16.0, 17.0))
    assert by_label["Replies 25% quicker (saved replies/templates)"].minutes_per_reply == 3
    assert by_label["Start two hours earlier"].schedule.windows == ((7.0, 9.0),)
    saturdays = inputs(100, days=frozenset({*WEEKDAYS, SAT}), start=7, hours=2)
    by_label = {s.label: s.inputs for s in suggestions(saturdays)}
    assert by_label["A short weekend check"].schedule.extra == ((SUN, 7.0, 7.5),)
    assert "Start two hours earlier" not in by_label  # would start at 5:00
    every_day_to_midnight = inputs(100, days=frozenset(range(7)), start=20, hours=4)
    labels = {s.label for s in suggestions(every_day_to_midnight)}
    assert "One more hour a day" not in labels and "A short weekend check" not in labels


def test_candidates_are_data() -> None:
    double = Candidate("Twice the time", lambda i: replace(i, schedule=Schedule.daily(WEEKDAYS, start_hour=9, hours=4)))
    base = inputs(100, hours=2)
    options = suggestions(base, candidates=(*CANDIDATES[:1], double))
    assert [s.label for s in options] == ["One more hour a day", "Twice the time"]


@pytest.mark.parametrize("target", [0.5, 0.9, 0.95, 1.0])
def test_the_keepable_promise_is_kept_and_is_the_shortest_whole_hour(target: float) -> None:
    base = inputs(300, hours=1.5, minutes=3, promise=24)
    promise = keepable_promise(simulate(base), target)
    assert promise is not None and promise == int(promise)
    assert simulate(replace(base, promise_hours=promise)).share_within_promise >= target
    if promise > 1:
        assert simulate(replace(base, promise_hours=promise - 1)).share_within_promise < target


# Bad input.

@pytest.mark.parametrize(("make", "message"), [
    (lambda: Schedule.daily(WEEKDAYS, start_hour=23, hours=2), "end by midnight"),
    (lambda: Schedule.daily(WEEKDAYS, start_hour=9, hours=-1), "can't be negative"),
    (lambda: Schedule.daily(WEEKDAYS, start_hour=-1, hours=1), "between 0 and 24"),
    (lambda: Schedule.daily({7}, start_hour=9, hours=1), "0 \\(Monday\\) to 6 \\(Sunday\\)"),
    (lambda: Schedule(days=WEEKDAYS, windows=((9.0, 11.0), (10.0, 12.0))), "overlap"),
    (lambda: Schedule(days=WEEKDAYS, windows=((10.0, 9.0),)), "end after it starts"),
    (lambda: Schedule(days=WEEKDAYS, windows=((23.0, 25.0),)), "within one day"),
    (lambda: Schedule(days=WEEKDAYS, windows=((9.0,),)), "start hour, end hour"),
    (lambda: Schedule(days=WEEKDAYS, windows=((9.0, 10.0),), extra=((MON, 9.5, 10.5),)), "overlap"),
    (lambda: inputs(minutes=0), "Minutes per reply must be more than 0"),
    (lambda: inputs(minutes=-5), "Minutes per reply must be more than 0"),
    (lambda: inputs(promise=0), "promise must be more than 0"),
    (lambda: inputs(-1), "Tickets per week must be between 0"),
    (lambda: inputs(200_000), "Tickets per week must be between 0"),
    (lambda: inputs("many"), "Tickets per week must be a number"),  # type: ignore[arg-type]
    (lambda: inputs(weeks=0), "number of weeks"),
    (lambda: inputs(seed=-1), "seed"),
    (lambda: replies([5.0, 1.0], Schedule.daily(WEEKDAYS, start_hour=9, hours=1), 10), "sorted"),
    (lambda: replies([-1.0], Schedule.daily(WEEKDAYS, start_hour=9, hours=1), 10), "0 or more"),
    (lambda: replies([1.0], Schedule.daily(WEEKDAYS, start_hour=9, hours=1), 0), "more than 0"),
    (lambda: keepable_promise(simulate(inputs(50)), 1.5), "target share"),
    (lambda: suggestions(inputs(50), target=0), "target share"),
    (lambda: simulate(inputs(50), profile=np.ones(24)), "hour of the week"),
    (lambda: simulate(inputs(50), profile=np.zeros(168)), "at least one above 0"),
])
def test_invalid_input_raises_a_plain_message(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
