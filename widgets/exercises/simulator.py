"""Lesson 2, exercise 4: "Can I keep my promise?" — the simulator on screen.

Inputs (messages a week, support days and hours, minutes per reply) are saved as
they change; every change re-runs :mod:`widgets.rules.simulator` for the current
schedule and each candidate change, on the same simulated weeks.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.charts import bar_chart, legend
from widgets.core.feedback import FeedbackKind
from widgets.core.markup import EMPTY, Markup, html, join, tiles_html
from widgets.core.text import duration_text, hours_text, plural
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Feedback, html_block, secondary_button
from widgets.rules.simulator import (
    DAY_NAMES,
    MAX_TICKETS_PER_WEEK,
    START_TIMES,
    Outcome,
    Settings,
    SimContent,
    restore_settings,
    run,
    sim_content,
)
from widgets.rules.waits import wait_bins
from widgets.store.autosave import Autosaver
from widgets.store.promise import Promise, shared_promise


def _clock(hour: float) -> str:
    return f"{int(hour):02d}:{round((hour % 1) * 60):02d}"


def verdict(outcome: Outcome, promise_hours: int) -> tuple[FeedbackKind, str]:
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


def outcome_html(outcome: Outcome, promise_hours: int) -> Markup:
    """Figures, the wait chart, and what would keep the promise."""
    result = outcome.result
    if result.share_within_promise is None or result.never_answered:
        return EMPTY
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
    return html("{}<h4 class='ff-step-heading'>How long {} waited, over {} weeks</h4>{}{}{}",
                tiles_html(tiles, label="Simulated weeks in numbers"), plural(result.tickets, "simulated message"),
                weeks, chart, legend([("ff-chart-ok", f"within {hours_text(promise_hours)}"),
                                      ("ff-chart-late", "over")]), changes_html(outcome, promise_hours))


def changes_html(outcome: Outcome, promise_hours: int) -> Markup:
    """Each candidate change with its result, and the promise the current schedule can keep."""
    rows = []
    for change in outcome.changes:
        icon, word = ("✓", "keeps it") if change.reaches_target else ("✗", "not enough")
        css = "ff-change-ok" if change.reaches_target else "ff-change-no"
        rows.append(html("<li class='{}'><span class='ff-change-icon' aria-hidden='true'>{}</span> "
                         "<strong>{}</strong>: {:.0%} within {} <span class='ff-change-word'>({})</span></li>",
                         css, icon, change.label, change.share_within_promise, hours_text(promise_hours), word))
    keepable: Markup | str = ""
    if outcome.result.backlog_grows:
        keepable = Markup("<p>While the queue grows every week, no promise holds for long: first find the time the "
                          "replies need.</p>")
    elif outcome.keepable is not None:
        keepable = html("<p>With the schedule as it is, the promise you could keep {:.0%} of the time is "
                        "<strong>a reply within {}</strong>.</p>", outcome.target, hours_text(outcome.keepable))
    listed = html("<ul class='ff-changes'>{}</ul>", join(rows)) if rows else ""
    return html("<h4 class='ff-step-heading'>What would keep your promise?</h4>"
                "<p class='ff-muted'>Each change is tried on the same simulated weeks.</p>{}{}", listed, keepable)


def _number_box(description: str, value: int, low: int, high: int) -> w.BoundedIntText:
    box = w.BoundedIntText(value=value, min=low, max=high, description=description, continuous_update=False)
    box.add_class("ff-question")
    box.add_class("ff-number")
    return box


class PromiseSimulator(Exercise):
    """Messages a week, support days and hours, minutes per reply → can the promise be kept?
    Its value is the settings on screen (and the run of simulated weeks)."""

    def __init__(self, *, content: SimContent | None = None, saver: Autosaver | None = None,
                 promise: Promise | None = None) -> None:
        self.content = content or sim_content()
        self.promise = promise or shared_promise()
        self.seed = self.content.start.seed
        self.used = False
        self.outcome: Outcome | None = None
        super().__init__(lesson=keys.SIMULATOR.lesson, key=keys.SIMULATOR.key, saver=saver,
                         title="Can I keep my promise?", classes=("ff-simulator",))
        self.follow(self.promise, guarded(lambda _c: self.update(), self.feedback), names="hours")

    def build(self) -> list[w.Widget]:
        start = self.content.start
        self.verdict = Feedback()
        self.promise_line = html_block()
        self.messages = _number_box("Messages a week", start.messages_per_week, 0, MAX_TICKETS_PER_WEEK)
        self.minutes = _number_box("Minutes per reply", start.minutes_per_reply, 1, 120)
        self.days = [w.Checkbox(value=day in start.days, description=name, indent=False)
                     for day, name in enumerate(DAY_NAMES)]
        for box in self.days:
            box.add_class("ff-tick")
        self.start = w.Dropdown(options=START_TIMES, value=start.start_hour, description="Start replying at")
        self.start.add_class("ff-question")
        self.start.add_class("ff-dropdown")
        self.hours = w.FloatSlider(value=start.hours_per_day, min=0, max=12, step=0.5,
                                   description="Hours a day on replies", continuous_update=False, readout_format=".1f")
        self.hours.add_class("ff-slider")
        self.other_weeks = secondary_button("Try other weeks", tooltip="Simulate a different run of weeks",
                                            on_click=guarded(lambda _b: self.try_other_weeks(), self.feedback))
        self.results = html_block(EMPTY, "ff-inbox-results")
        for widget in (self.messages, self.minutes, self.start, self.hours, *self.days):
            widget.observe(guarded(self._changed, self.feedback), names="value")
        day_box = w.HBox(self.days)
        day_box.add_class("ff-day-picker")
        return [self.promise_line, html_block(Markup("<h4 class='ff-step-heading'>Your week</h4>")), self.messages,
                html_block(Markup("<p class='ff-field-label'>Days you answer messages</p>")), day_box,
                self.start, self.hours, self.minutes,
                self.verdict, self.results, self.other_weeks, self.feedback, self.status]

    def restore(self, value: Any) -> None:
        settings = restore_settings(value, self.content.start)
        # Results go to the playbook only once the learner has used the simulator, not from its defaults.
        self.used = isinstance(value, dict)
        self.seed = settings.seed
        with self.hold_trait_notifications():
            self.messages.value = settings.messages_per_week
            self.minutes.value = settings.minutes_per_reply
            for day, box in enumerate(self.days):
                box.value = day in settings.days
            self.start.value = settings.start_hour
            self.hours.value = settings.hours_per_day
        self.update()
        self.value = self.settings.to_data() if self.used else None

    @property
    def settings(self) -> Settings:
        """What is on screen now."""
        return Settings(int(self.messages.value), tuple(d for d, box in enumerate(self.days) if box.value),
                        float(self.start.value), float(self.hours.value), int(self.minutes.value), self.seed)

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._restoring:
            return
        self.used = True
        self.update()
        self.value = self.settings.to_data()

    def try_other_weeks(self) -> None:
        """Simulate a different run of weeks (a new seed), to see how much luck matters."""
        self.seed += 1
        self._changed({})

    def update(self) -> None:
        """Re-run the simulation with what is on screen and show the outcome."""
        note = "" if self.promise.chosen else " (the suggestion; set your own in “Crash it, then invert it”)"
        self.promise_line.value = html("<p class='ff-promise-line'>Testing your promise: a reply within "
                                       "<strong>{}</strong>{}.</p>", hours_text(self.promise.hours), note)
        outcome = run(self.settings, self.promise.hours, target=self.content.target, weeks=self.content.weeks)
        if isinstance(outcome, str):
            self.outcome = None
            self.verdict.show("hint", outcome)
            self.results.value = EMPTY
            return
        self.outcome = outcome
        kind, sentence = verdict(outcome, self.promise.hours)
        self.verdict.show(kind, sentence)
        self.results.value = outcome_html(outcome, self.promise.hours)
        if self.used and not self._restoring:
            self.saver.schedule(keys.SIMULATOR_SUMMARY.lesson, keys.SIMULATOR_SUMMARY.key, self.summary)

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
