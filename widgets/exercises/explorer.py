"""Lesson 2, exercise 2: the response-time explorer (an illustrative model, assumptions in view)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.charts import Line, legend, line_chart
from widgets.core.markup import EMPTY, Markup, html, join
from widgets.core.text import hours_text
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import callout, html_block, secondary_button
from widgets.rules.explorer import WEEK_HOURS, Curve, Model, chance, out_of_100, starting_model
from widgets.store.autosave import Autosaver
from widgets.store.promise import Promise, shared_promise

SERIES = ("ff-chart-s1", "ff-chart-s2", "ff-chart-s3", "ff-chart-s4", "ff-chart-s5")
TICKS = ((0, "now"), (24, "1 day"), (48, "2 days"), (72, "3 days"), (96, "4 days"), (120, "5 days"),
         (144, "6 days"), (168, "1 week"))


def chart_svg(model: Model, hours: int) -> Markup:
    """The curves over a week, with a marker at ``hours``."""
    xs = list(range(0, WEEK_HOURS + 1, 2))
    lines = [Line(c.label, xs, [chance(c, x, model.halfway_hours) for x in xs], SERIES[i % len(SERIES)])
             for i, c in enumerate(model.curves)]
    figures = "; ".join(f"{label}: {n} in 100" for label, n in out_of_100(model, hours))
    return line_chart(lines, x_max=WEEK_HOURS, x_ticks=TICKS, marker=hours,
                      marker_label=f"reply after {hours_text(hours)}",
                      title=f"Illustration: what might happen when the first reply takes {hours_text(hours)}",
                      description=f"Illustrative chances out of 100 customers. {figures}.")


def sentence(model: Model, hours: int) -> Markup:
    """What the chart says at ``hours``, in words."""
    parts = [html("<strong>{}</strong> would {}", n, label[:1].lower() + label[1:])
             for label, n in out_of_100(model, hours)]
    listed = join([join(parts[:-1], ", "), parts[-1]], " and ") if len(parts) > 1 else parts[-1]
    return html("<p class='ff-explorer-sentence'>In this illustration, out of 100 customers who write in with a "
                "problem and hear back after <strong>{}</strong>, about {}.</p>", hours_text(hours), listed)


class ResponseExplorer(Exercise):
    """A slider for hours to first reply, the chart, and the assumptions beside it.
    Its value is the hours on the slider and the assumptions."""

    def __init__(self, *, model: Model | None = None, saver: Autosaver | None = None,
                 promise: Promise | None = None) -> None:
        self.start = model or starting_model()
        self.model = self.start
        self.promise = promise or shared_promise()
        super().__init__(lesson=keys.EXPLORER.lesson, key=keys.EXPLORER.key, saver=saver,
                         title="What a slow reply might cost", classes=("ff-explorer",))
        self.follow(self.promise, guarded(self._promise_moved, self.feedback), names="hours")

    def build(self) -> list[w.Widget]:
        self.hours = w.IntSlider(value=self.promise.hours, min=0, max=WEEK_HOURS, step=1,
                                 description="Hours to reply", continuous_update=True)
        self.hours.add_class("ff-slider")
        self.chart = html_block(EMPTY, "ff-chart-box")
        self.words = html_block()
        self.words.add_class("ff-live")
        self.sliders: dict[str, tuple[w.IntSlider, w.IntSlider]] = {}
        rows: list[w.Widget] = []
        for curve in self.model.curves:
            at_once = self._percent("Straight away", curve.at_once)
            week = self._percent("After a week", curve.after_week)
            self.sliders[curve.id] = (at_once, week)
            rows.append(html_block(html("<p class='ff-assumption-label'>{}</p>", curve.label)))
            rows += [at_once, week]
        self.halfway = w.IntSlider(value=self.model.halfway_hours, min=1, max=96, step=1,
                                   description="Hours until half the harm", continuous_update=False)
        self.halfway.add_class("ff-slider")
        self.reset_button = secondary_button("Back to the starting assumptions",
                                             on_click=guarded(lambda _b: self.restore_start(), self.feedback))
        for widget in (self.hours, self.halfway, *(s for pair in self.sliders.values() for s in pair)):
            widget.observe(guarded(self._changed, self.feedback), names="value")
        assumptions = w.VBox([html_block(Markup(
            "<h4 class='ff-step-heading'>The assumptions behind the chart</h4><p class='ff-muted'>Out of 100 "
            "customers who write in with a problem, how many do you think would do each of these? Change any "
            "number and the chart follows.</p>")), *rows, self.halfway, self.reset_button])
        assumptions.add_class("ff-assumptions")
        return [callout(self.model.notice, kind="notice", title="An illustration, not research"),
                self.hours, self.chart, self.words, assumptions, self.feedback, self.status]

    def restore(self, value: Any) -> None:
        saved = value if isinstance(value, dict) else {}
        self.model = self.start.with_data(saved.get("assumptions"))
        hours = saved.get("hours")
        with self.hold_trait_notifications():
            for curve in self.model.curves:
                at_once, week = self.sliders[curve.id]
                at_once.value, week.value = curve.at_once, curve.after_week
            self.halfway.value = self.model.halfway_hours
            self.hours.value = hours if isinstance(hours, int) and not isinstance(hours, bool) else self.promise.hours
        self._changed({})

    @staticmethod
    def _percent(label: str, value: int) -> w.IntSlider:
        slider = w.IntSlider(value=value, min=0, max=100, step=1, description=label, continuous_update=False)
        slider.add_class("ff-slider")
        return slider

    def current_model(self) -> Model:
        """The model with the numbers now on the sliders."""
        curves = tuple(Curve(c.id, c.label, self.sliders[c.id][0].value, self.sliders[c.id][1].value)
                       for c in self.model.curves)
        return Model(self.model.notice, self.halfway.value, curves)

    def _promise_moved(self, change: dict[str, Any]) -> None:
        # The slider follows the promise while it sits on it; once moved elsewhere, it stays put.
        if self.hours.value == change["old"]:
            self.hours.value = change["new"]

    def _changed(self, _change: dict[str, Any]) -> None:
        self.model = self.current_model()
        self._draw()
        self.value = {"hours": self.hours.value, "assumptions": self.model.to_data()}

    def _draw(self) -> None:
        names = [(SERIES[i % len(SERIES)], c.label) for i, c in enumerate(self.model.curves)]
        self.chart.value = chart_svg(self.model, self.hours.value) + legend(names)
        self.words.value = sentence(self.model, self.hours.value)

    def restore_start(self) -> None:
        """Put every assumption back to where the course started it."""
        with self.hold_trait_notifications():
            for curve in self.start.curves:
                at_once, week = self.sliders[curve.id]
                at_once.value, week.value = curve.at_once, curve.after_week
            self.halfway.value = self.start.halfway_hours
        self.feedback.show("success", "The starting assumptions are back.")
