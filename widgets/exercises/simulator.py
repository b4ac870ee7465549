"""Lesson 2, exercise 4: "Can I keep my promise?" — the simulator on screen.

Inputs (messages a week, support days and hours, minutes per reply) are saved as
they change; every change re-runs :mod:`widgets.rules.simulator` for the current
schedule and each candidate change, on the same simulated weeks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
import yaml

from widgets.core.charts import bar_chart, legend
from widgets.core.content import CONTENT_DIR, Context, ListOf, Number, Record, Text, load
from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, SaveStatus, esc, html_block, secondary_button, tiles_html
from widgets.rules.simulator import (
    DAY_NAMES,
    MAX_TICKETS_PER_WEEK,
    Inputs,
    Result,
    Schedule,
    Suggestion,
    keepable_promise,
    simulate,
    suggestions,
)
from widgets.rules.waits import wait_bins
from widgets.store.autosave import Autosaver, default_autosaver
from widgets.store.promise import LESSON, Promise, duration_text, hours_text, shared_promise

KEY = "simulator"
SUMMARY_KEY = "simulator-summary"
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
    return CONTENT_DIR / LESSON / "simulator.yaml"


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
        ok = isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high
        return value if ok else default

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


def _clock(hour: float) -> str:
    return f"{int(hour):02d}:{round((hour % 1) * 60):02d}"


def verdict(outcome: Outcome, promise_hours: int) -> tuple[str, str]:
    """(feedback kind, sentence) saying whether the promise holds."""
    result = outcome.result
    if result.share_within_promise is None:
        return "hint", "With no messages coming in, there's nothing to measure. Enter how many arrive in a week."
    if result.never_answered:
        return "warning", ("With no days or hours set aside for replies, no message ever gets an answer. "
                           "Tick the days you work on replies and give them some time.")
    share = result.share_within_promise
    kept = share >= outcome.target
    if kept:
        sentence = (f"{share:.0%} of messages would get a reply within {hours_text(promise_hours)}: you'd keep "
                    f"your promise (the bar is {outcome.target:.0%}).")
    else:
        sentence = (f"Only {share:.0%} of messages would get a reply within {hours_text(promise_hours)}. To call "
                    f"the promise kept, aim for {outcome.target:.0%}.")
    if result.backlog_grows:
        days = max(1, len(outcome.inputs.schedule.days))
        sentence += (f" And the queue grows every week: replies take about {_hours(result.load_minutes_per_week)} "
                     f"a week and you've set aside {_hours(result.support_minutes_per_week)}. Just to keep up, "
                     f"you'd need about {_hours(result.load_minutes_per_week / days)} a day on the "
                     f"{'day' if days == 1 else f'{days} days'} you answer messages, or quicker replies.")
    return ("success" if kept and not result.backlog_grows else "warning"), sentence


def _hours(minutes: float) -> str:
    hours = minutes / 60
    return f"{hours:,.0f} hours" if hours >= 100 else f"{hours:.1f} hours".replace(".0 hours", " hours")


def outcome_html(outcome: Outcome, promise_hours: int) -> str:
    """Figures, the wait chart, and what would keep the promise."""
    result = outcome.result
    if result.share_within_promise is None or result.never_answered:
        return ""
    longest = "—" if result.longest_wait_hours is None else duration_text(result.longest_wait_hours)
    median = "—" if result.median_wait_hours is None else duration_text(result.median_wait_hours)
    weeks = outcome.inputs.weeks
    tiles = (
        (f"{result.share_within_promise:.0%}", f"answered within {hours_text(promise_hours)}"),
        (longest, "longest wait"),
        (median, "typical wait (median)"),
        (_hours(result.load_minutes_per_week), "of replies a week"),
        (_hours(result.support_minutes_per_week), "set aside a week"),
    )
    bins = wait_bins(result.waits_hours, promise_hours)
    chart = bar_chart([b.label for b in bins], [b.count for b in bins],
                      classes=["ff-chart-ok" if b.within else "ff-chart-late" for b in bins], y_label="messages",
                      title=f"Simulated waits over {weeks} weeks",
                      description="; ".join(f"{b.label}: {b.count:,}" for b in bins))
    return (tiles_html(tiles, label="Simulated weeks in numbers")
            + f"<h4 class='ff-step-heading'>How long {result.tickets:,} simulated messages waited, over {weeks} "
            "weeks</h4>" + chart
            + legend([("ff-chart-ok", f"within {hours_text(promise_hours)}"), ("ff-chart-late", "over")])
            + changes_html(outcome, promise_hours))


def changes_html(outcome: Outcome, promise_hours: int) -> str:
    """Each candidate change with its result, and the promise the current schedule can keep."""
    rows = []
    for change in outcome.changes:
        icon, word = ("✓", "keeps it") if change.reaches_target else ("✗", "not enough")
        css = "ff-change-ok" if change.reaches_target else "ff-change-no"
        rows.append(f"<li class='{css}'><span class='ff-change-icon' aria-hidden='true'>{icon}</span> "
                    f"<strong>{esc(change.label)}</strong>: {change.share_within_promise:.0%} within "
                    f"{esc(hours_text(promise_hours))} <span class='ff-change-word'>({word})</span></li>")
    keepable = ""
    if outcome.result.backlog_grows:
        keepable = ("<p>While the queue grows every week, no promise holds for long: first find the time the "
                    "replies need.</p>")
    elif outcome.keepable is not None:
        keepable = (f"<p>With the schedule as it is, the promise you could keep {outcome.target:.0%} of the time is "
                    f"<strong>a reply within {esc(hours_text(outcome.keepable))}</strong>.</p>")
    listed = f"<ul class='ff-changes'>{''.join(rows)}</ul>" if rows else ""
    return ("<h4 class='ff-step-heading'>What would keep your promise?</h4>"
            "<p class='ff-muted'>Each change is tried on the same simulated weeks.</p>" + listed + keepable)


def _number_box(description: str, value: int, low: int, high: int) -> w.BoundedIntText:
    box = w.BoundedIntText(value=value, min=low, max=high, description=description, continuous_update=False)
    box.add_class("ff-question")
    box.add_class("ff-number")
    return box


class PromiseSimulator(Card):
    """Messages a week, support days and hours, minutes per reply → can the promise be kept?"""

    def __init__(self, *, content: SimContent | None = None, saver: Autosaver | None = None,
                 promise: Promise | None = None) -> None:
        self.content = content or sim_content()
        self.saver = saver or default_autosaver()
        self.promise = promise or shared_promise()
        settings = restore_settings(self.saver.store.load(LESSON, KEY), self.content.start)
        self.seed = settings.seed
        # Results go to the playbook only once the learner has used the simulator, not from its defaults.
        self.used = isinstance(self.saver.store.load(LESSON, KEY), dict)
        self.outcome: Outcome | None = None
        self.feedback = Feedback()
        self.verdict = Feedback()
        self.status = SaveStatus()
        self.promise_line = html_block("")
        self.messages = _number_box("Messages a week", settings.messages_per_week, 0, MAX_TICKETS_PER_WEEK)
        self.minutes = _number_box("Minutes per reply", settings.minutes_per_reply, 1, 120)
        self.days = [w.Checkbox(value=day in settings.days, description=name, indent=False)
                     for day, name in enumerate(DAY_NAMES)]
        for box in self.days:
            box.add_class("ff-tick")
        self.start = w.Dropdown(options=START_TIMES, value=settings.start_hour, description="Start replying at")
        self.start.add_class("ff-question")
        self.start.add_class("ff-dropdown")
        self.hours = w.FloatSlider(value=settings.hours_per_day, min=0, max=12, step=0.5,
                                   description="Hours a day on replies", continuous_update=False, readout_format=".1f")
        self.hours.add_class("ff-slider")
        self.other_weeks = secondary_button("Try other weeks", tooltip="Simulate a different run of weeks",
                                            on_click=guarded(lambda _b: self.try_other_weeks(), self.feedback))
        self.results = html_block("", "ff-inbox-results")
        for widget in (self.messages, self.minutes, self.start, self.hours, *self.days):
            widget.observe(guarded(self._changed, self.feedback), names="value")
        self.promise.observe(guarded(lambda _c: self.update(), self.feedback), names="hours")
        day_box = w.HBox(self.days)
        day_box.add_class("ff-day-picker")
        super().__init__(
            [self.promise_line,
             html_block("<h4 class='ff-step-heading'>Your week</h4>"),
             self.messages,
             html_block("<p class='ff-field-label'>Days you answer messages</p>"), day_box,
             self.start, self.hours, self.minutes,
             self.verdict, self.results, self.other_weeks, self.feedback, self.status],
            title="Can I keep my promise?",
            classes=("ff-simulator",),
        )
        self.saver.listen(LESSON, KEY, lambda stamp: self.status.after_save(stamp, self.saver.store))
        self.update()

    @property
    def settings(self) -> Settings:
        """What is on screen now."""
        return Settings(int(self.messages.value), tuple(d for d, box in enumerate(self.days) if box.value),
                        float(self.start.value), float(self.hours.value), int(self.minutes.value), self.seed)

    def _changed(self, _change: dict[str, Any]) -> None:
        self.used = True
        self.update()
        self.status.state = "saving"
        self.saver.schedule(LESSON, KEY, self.settings.to_data())

    def try_other_weeks(self) -> None:
        """Simulate a different run of weeks (a new seed), to see how much luck matters."""
        self.seed += 1
        self._changed({})

    def update(self) -> None:
        """Re-run the simulation with what is on screen and show the outcome."""
        note = "" if self.promise.chosen else " (the suggestion; set your own in “Crash it, then invert it”)"
        self.promise_line.value = (f"<p class='ff-promise-line'>Testing your promise: a reply within "
                                   f"<strong>{esc(hours_text(self.promise.hours))}</strong>{esc(note)}.</p>")
        outcome = run(self.settings, self.promise.hours, target=self.content.target, weeks=self.content.weeks)
        if isinstance(outcome, str):
            self.outcome = None
            self.verdict.show("hint", outcome)
            self.results.value = ""
            return
        self.outcome = outcome
        kind, sentence = verdict(outcome, self.promise.hours)
        self.verdict.show(kind, sentence)  # type: ignore[arg-type]
        self.results.value = outcome_html(outcome, self.promise.hours)
        if self.used:
            self.saver.schedule(LESSON, SUMMARY_KEY, self.summary)

    @property
    def summary(self) -> dict[str, Any] | None:
        """The result as plain data for the playbook."""
        if self.outcome is None or self.outcome.result.share_within_promise is None:
            return None
        result = self.outcome.result
        return {"promise_hours": self.promise.hours, "settings": self.settings.to_data(),
                "share_within_promise": round(result.share_within_promise or 0.0, 4),
                "kept": (result.share_within_promise or 0.0) >= self.outcome.target,
                "keepable_hours": self.outcome.keepable,
                "changes_that_keep_it": [c.label for c in self.outcome.changes if c.reaches_target]}
