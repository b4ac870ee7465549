"""Lesson 2, exercise 1: crash it, then invert it — the broken-necklace customer.

The learner ticks the ways to make the customer furious (and may add their own),
writes the opposite of each, and sets their response-time promise in hours. The
policy and the promise are saved as they go; the promise is shared with the
inbox analysis and the simulator through :func:`~widgets.store.promise.shared_promise`.
"""

from __future__ import annotations

import functools
from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import Markup, html
from widgets.core.text import hours_text
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Feedback, close_all, html_block, primary_button, secondary_button
from widgets.rules.policy import (
    MAX_CUSTOM,
    MAX_CUSTOM_TEXT,
    MAX_OPPOSITE,
    Note,
    Policy,
    PolicyContent,
    policy_content,
    policy_summary,
    review,
)
from widgets.rules.promise import MAX_HOURS, MIN_HOURS
from widgets.store.autosave import Autosaver
from widgets.store.promise import Promise, shared_promise

SUGGESTION = Markup(" <span class='ff-muted'>(a suggestion until you move it)</span>")


class ResponsePolicy(Exercise):
    """The exercise: tick ways to crash it, write opposites, set the promise.

    Its value is the policy (ways ticked, the learner's own ways, opposites) and the draft
    in "Your own" before "Add it"; the promise is saved under its own key, shared with the
    other exercises of the lesson."""

    def __init__(self, *, content: PolicyContent | None = None, saver: Autosaver | None = None,
                 promise: Promise | None = None) -> None:
        self.content = content or policy_content()
        self.promise = promise or shared_promise()
        self.policy = Policy()
        super().__init__(lesson=keys.POLICY.lesson, key=keys.POLICY.key, saver=saver,
                         title="Crash it, then invert it", classes=("ff-policy",))
        self.saver.listen(keys.PROMISE.lesson, keys.PROMISE.key, self._saved)
        self.on_close(lambda: self.saver.unlisten(keys.PROMISE.lesson, keys.PROMISE.key, self._saved))

    def build(self) -> list[w.Widget]:
        self.custom_feedback = Feedback()
        self.ticks: dict[str, w.Checkbox] = {}
        self.opposite_boxes: dict[str, w.Textarea] = {}
        self.opposite_rows: dict[str, w.VBox] = {}
        self.tick_box = w.VBox()
        self.tick_box.add_class("ff-ticks")
        self.custom_input = w.Text(placeholder="Another way it could go wrong in your business",
                                   description="Your own", continuous_update=True)
        self.custom_input.add_class("ff-question")
        self.custom_input.observe(guarded(lambda _c: self._record(), self.custom_feedback), names="value")
        self.add_custom = secondary_button("Add it", tooltip="Add your own way to crash it")
        self.add_custom.on_click(guarded(lambda _b: self.add_own(), self.custom_feedback))
        self.opposites_box = w.VBox()
        self.opposites_box.add_class("ff-opposites")
        self.opposites_empty = html_block(Markup("<p class='ff-muted'>Tick a way to crash it above, and its "
                                                 "opposite goes here.</p>"))
        self.hours = w.IntSlider(value=self.promise.hours, min=MIN_HOURS, max=MAX_HOURS, step=1,
                                 description="Reply within", continuous_update=False, readout=True)
        self.hours.add_class("ff-slider")
        self.hours_text = html_block()
        self.hours.observe(guarded(self._promise_changed, self.feedback), names="value")
        self.check_button = primary_button("Check my policy", on_click=guarded(lambda _b: self.check(),
                                                                                 self.feedback))
        own = w.HBox([self.custom_input, self.add_custom])
        own.add_class("ff-inline-add")
        return [
            html_block(html("<h4 class='ff-step-heading'>1. Crash it</h4><p class='ff-muted'>{} Tick every way "
                            "that could happen in your business.</p>", self.content.scenario)),
            self.tick_box, own, self.custom_feedback,
            html_block(Markup("<h4 class='ff-step-heading'>2. Invert it</h4><p class='ff-muted'>For each way you "
                              "ticked, write what you will do instead. The suggestion is there if you want it.</p>")),
            self.opposites_box,
            html_block(Markup("<h4 class='ff-step-heading'>3. Your response-time promise</h4><p class='ff-muted'>"
                              "How many hours, at most, will a customer wait for your first reply?</p>")),
            self.hours, self.hours_text,
            self.check_button, self.feedback, self.status,
        ]

    def restore(self, value: Any) -> None:
        self.policy = Policy.from_data(value)
        old = [*self.tick_box.children, *self.opposite_rows.values()]
        self.ticks, self.opposite_boxes, self.opposite_rows = {}, {}, {}
        self.tick_box.children = []
        close_all(old)
        for way in self.content.ways:
            self._add_tick(way.id, way.text)
        for way_id, text in self.policy.custom.items():
            self._add_tick(way_id, text)
        draft = value.get("draft") if isinstance(value, dict) else None
        self.custom_input.value = draft[:MAX_CUSTOM_TEXT * 2] if isinstance(draft, str) else ""
        self._refresh_opposites()
        self._show_hours()
        self._record()

    # ---- building blocks -------------------------------------------------------------

    def _add_tick(self, way_id: str, text: str) -> None:
        tick = w.Checkbox(value=way_id in self.policy.chosen, description=text, indent=False)
        tick.add_class("ff-tick")
        tick.observe(guarded(functools.partial(self._ticked, way_id), self.feedback), names="value")
        self.ticks[way_id] = tick
        self.tick_box.children = [*self.tick_box.children, tick]

    def _opposite_row(self, way_id: str) -> w.VBox:
        if way_id in self.opposite_rows:
            return self.opposite_rows[way_id]
        way = next((x for x in self.content.ways if x.id == way_id), None)
        failure = way.text if way else self.policy.custom.get(way_id, "")
        box = w.Textarea(value=self.policy.opposites.get(way_id, ""), rows=2, continuous_update=True,
                         placeholder=f"e.g. {way.opposite}" if way else "What will you do instead?")
        box.add_class("ff-question")
        box.observe(guarded(functools.partial(self._opposite_changed, way_id), self.feedback), names="value")
        parts: list[w.Widget] = [html_block(html("<p class='ff-opposite-label'><span class='ff-muted'>Instead of:"
                                                 "</span> {}</p>", failure)), box]
        if way is not None:
            use = secondary_button("Use the suggestion", tooltip=f"Fill in: {way.opposite}")
            use.add_class("ff-btn-small")
            use.on_click(guarded(lambda _b, text=way.opposite: setattr(box, "value", text), self.feedback))
            parts.append(use)
        row = w.VBox(parts)
        row.add_class("ff-opposite-row")
        self.opposite_boxes[way_id] = box
        self.opposite_rows[way_id] = row
        return row

    def _refresh_opposites(self) -> None:
        chosen = [way_id for way_id in self.ticks if self.ticks[way_id].value]
        self.opposites_box.children = [self._opposite_row(i) for i in chosen] or [self.opposites_empty]

    def _show_hours(self) -> None:
        chosen = "" if self.promise.chosen else SUGGESTION
        self.hours_text.value = html("<p class='ff-promise-line'>I'll reply to every customer within "
                                     "<strong>{}</strong>.{}</p>", hours_text(self.hours.value), chosen)

    # ---- events -------------------------------------------------------------------------

    def _ticked(self, way_id: str, change: dict[str, Any]) -> None:
        self.policy.chosen = [i for i in self.ticks if self.ticks[i].value]
        self._refresh_opposites()
        self._record()

    def _opposite_changed(self, way_id: str, change: dict[str, Any]) -> None:
        text = str(change["new"])
        if len(text) > MAX_OPPOSITE:
            self.feedback.show("hint", f"That's {len(text):,} characters — keep an opposite under {MAX_OPPOSITE} "
                                       "so it fits in your playbook. Your last saved version is safe.")
            return
        self.policy.opposites[way_id] = text
        self._record()

    def _promise_changed(self, change: dict[str, Any]) -> None:
        self.promise.hours = int(change["new"])
        self.promise.chosen = True
        self._show_hours()
        self.saver.schedule(keys.PROMISE.lesson, keys.PROMISE.key, self.promise.hours)
        self.status.state = "saving"

    def _record(self) -> None:
        self.value = {**self.policy.to_data(), "draft": self.custom_input.value}

    # ---- what a learner can do, callable from Python -------------------------------------

    def add_own(self) -> None:
        """Add the learner's own way to crash it, ticked."""
        text = self.custom_input.value.strip()
        if not text:
            self.custom_feedback.show("hint", "Type a way it could go wrong first, then press “Add it”.")
            return
        if len(text) > MAX_CUSTOM_TEXT:
            self.custom_feedback.show("hint", f"Keep it under {MAX_CUSTOM_TEXT} characters — a short line is "
                                              "easier to turn around.")
            return
        if len(self.policy.custom) >= MAX_CUSTOM:
            self.custom_feedback.show("hint", f"You have {MAX_CUSTOM} of your own already. Pick the ones that "
                                              "matter most and untick the rest.")
            return
        way_id = next(f"own-{n}" for n in range(1, 100) if f"own-{n}" not in self.policy.custom)
        self.policy.custom[way_id] = text
        self.custom_input.value = ""
        self.custom_feedback.clear()
        self._add_tick(way_id, text)
        self.ticks[way_id].value = True  # saves, through _ticked

    def check(self) -> list[Note]:
        """Show feedback on the policy as it stands."""
        longest = max((len(self.opposite_boxes[i].value) for i in self.policy.chosen if i in self.opposite_boxes),
                      default=0)
        if longest > MAX_OPPOSITE:  # the saved policy is older than what's on screen: say so, don't grade it
            notes = [Note("hint", f"One of your opposites is {longest:,} characters — keep each under "
                                  f"{MAX_OPPOSITE} so it fits in your playbook, then check again. Your last "
                                  "saved version is safe.")]
            self.feedback.show("hint", notes[0].message)
            return notes
        notes = review(self.policy, self.content, self.hours.value)
        self.feedback.show(notes[0].kind, " ".join(n.message for n in notes[:2]))
        return notes

    def summary(self) -> dict[str, Any]:
        """The policy as the playbook shows it: pairs of (way to crash it, opposite) and the promise."""
        return policy_summary(self.policy, self.content, self.promise.hours)


