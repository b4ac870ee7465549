"""Lesson 2, exercise 1: crash it, then invert it — the broken-necklace customer.

The learner ticks the ways to make the customer furious (and may add their own),
writes the opposite of each, and sets their response-time promise in hours. The
policy and the promise are saved as they go; the promise is shared with the
inbox analysis and the simulator through :func:`~widgets.store.promise.shared_promise`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
import yaml

from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Record, Text, load, slug
from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, SaveStatus, esc, html_block, primary_button, secondary_button
from widgets.rules.inversion import is_just_negation
from widgets.store.autosave import Autosaver, default_autosaver
from widgets.store.promise import KEY as PROMISE_KEY
from widgets.store.promise import LESSON, MAX_HOURS, MIN_HOURS, Promise, hours_text, shared_promise

KEY = "policy"
MAX_OPPOSITE = 400
MAX_CUSTOM = 5
MAX_CUSTOM_TEXT = 200
SLOW_PROMISE = 48  # hours; past this the episode's "within 24 hours, if not sooner" is far away


def _one_timing(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    timing = [way["id"] for way in data.get("ways", []) if way.get("timing")]
    if len(timing) != 1:
        ctx.add(node, "ways", f"needs exactly one way with 'timing: true', has {len(timing)}")


WAY_SPEC = Record({"id": slug(40), "text": Text(max_length=200), "opposite": Text(max_length=300)},
                  optional={"timing": Flag()})
POLICY_SPEC = Record({"scenario": Text(max_length=800), "ways": ListOf(WAY_SPEC, min_items=2, unique_by="id")},
                     rule=_one_timing)


@dataclass(frozen=True)
class Way:
    """A way to crash the moment, with a suggested opposite."""

    id: str
    text: str
    opposite: str
    timing: bool = False


@dataclass(frozen=True)
class PolicyContent:
    """The scenario and its ways to crash it."""

    scenario: str
    ways: tuple[Way, ...]


def policy_file() -> Path:
    """Where the scenario lives."""
    return CONTENT_DIR / LESSON / "policy.yaml"


def load_policy(path: Path) -> PolicyContent:
    """Read and check the exercise's content file."""
    data = load(path, POLICY_SPEC)
    return PolicyContent(data["scenario"], tuple(Way(w_["id"], w_["text"], w_["opposite"], bool(w_.get("timing")))
                                                 for w_ in data["ways"]))


@functools.cache
def policy_content() -> PolicyContent:
    """The content, read once per kernel."""
    return load_policy(policy_file())


@dataclass
class Policy:
    """What the learner chose and wrote: plain, JSON-ready data."""

    chosen: list[str] = field(default_factory=list)  # way ids, standard and custom, in the order shown
    custom: dict[str, str] = field(default_factory=dict)  # custom id → the learner's way to crash it
    opposites: dict[str, str] = field(default_factory=dict)  # way id → the learner's opposite

    def to_data(self) -> dict[str, Any]:
        return {"chosen": list(self.chosen), "custom": dict(self.custom), "opposites": dict(self.opposites)}

    @classmethod
    def from_data(cls, data: Any) -> Policy:
        """Rebuild from saved data, dropping anything malformed."""
        if not isinstance(data, dict):
            return cls()
        custom = {str(k): str(v)[:MAX_CUSTOM_TEXT] for k, v in (data.get("custom") or {}).items()
                  if isinstance(v, str) and v.strip()} if isinstance(data.get("custom"), dict) else {}
        opposites = {str(k): str(v)[:MAX_OPPOSITE] for k, v in (data.get("opposites") or {}).items()
                     if isinstance(v, str)} if isinstance(data.get("opposites"), dict) else {}
        chosen = [str(i) for i in data.get("chosen") or [] if isinstance(i, str)]
        return cls(chosen, dict(list(custom.items())[:MAX_CUSTOM]), opposites)


@dataclass(frozen=True)
class Note:
    """One piece of feedback on the policy."""

    kind: str  # "success" | "hint"
    message: str


_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:h\b|hrs?\b|hours?\b)", re.IGNORECASE)
_DAYS = re.compile(r"(\d+|one|two|three|a)\s*(?:business\s+|working\s+)?days?\b", re.IGNORECASE)
_DAY_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3}


def promised_hours_in(text: str) -> float | None:
    """A reply time written in an opposite ('within 24 hours', '2 days'), in hours; None when none."""
    if match := _HOURS.search(text):
        return float(match.group(1))
    if match := _DAYS.search(text):
        word = match.group(1).lower()
        return 24.0 * (_DAY_WORDS[word] if word in _DAY_WORDS else float(word))
    return None


def review(policy: Policy, content: PolicyContent, promise_hours: int) -> list[Note]:
    """Feedback on the whole policy, most important first; ends with a success note when it's sound."""
    ways = {way.id: way for way in content.ways}
    chosen = [i for i in policy.chosen if i in ways or i in policy.custom]
    if not chosen:
        return [Note("hint", "Tick at least one way you could crash this moment — the one that "
                             "could most easily happen in your business is a good start.")]
    notes: list[Note] = []
    for way_id in chosen:
        failure = ways[way_id].text if way_id in ways else policy.custom[way_id]
        opposite = policy.opposites.get(way_id, "").strip()
        if not opposite:
            notes.append(Note("hint", f"Write the opposite of “{failure}”: what will you do instead?"))
        elif is_just_negation(failure, opposite):
            notes.append(Note("hint", f"Your opposite of “{failure}” is the failure with a “don't” in front. "
                                      "Say what you will do instead."))
    timing = next((way for way in content.ways if way.timing), None)
    if timing is not None and timing.id in chosen:
        written = promised_hours_in(policy.opposites.get(timing.id, ""))
        if written is not None and abs(written - promise_hours) > 0.5:
            notes.append(Note("hint", f"Your opposite says {hours_text(written)}, but your promise below is "
                                      f"{hours_text(promise_hours)}. Make them match, so your customers hear "
                                      "one promise."))
    if promise_hours > SLOW_PROMISE:
        notes.append(Note("hint", f"A promise of {hours_text(promise_hours)} is a long wait for someone with a "
                                  "broken necklace. The episode suggests replying within 24 hours, if not "
                                  "sooner — could a short first reply go out faster?"))
    if notes:
        return notes
    count = len(chosen)
    return [Note("success", f"That's a policy: {count} way{'s' if count != 1 else ''} to crash it, each with "
                            f"its opposite, and a promise to reply within {hours_text(promise_hours)}. It's saved "
                            "for your playbook; the next exercises test your promise against a real inbox.")]


class ResponsePolicy(Card):
    """The exercise: tick ways to crash it, write opposites, set the promise."""

    def __init__(self, *, content: PolicyContent | None = None, saver: Autosaver | None = None,
                 promise: Promise | None = None) -> None:
        self.content = content or policy_content()
        self.saver = saver or default_autosaver()
        self.promise = promise or shared_promise()
        self.policy = Policy.from_data(self.saver.store.load(LESSON, KEY))
        self.status = SaveStatus()
        self.feedback = Feedback()
        self.custom_feedback = Feedback()
        self.ticks: dict[str, w.Checkbox] = {}
        self.opposite_boxes: dict[str, w.Textarea] = {}
        self.opposite_rows: dict[str, w.VBox] = {}

        self.tick_box = w.VBox()
        self.tick_box.add_class("ff-ticks")
        for way in self.content.ways:
            self._add_tick(way.id, way.text)
        for way_id, text in self.policy.custom.items():
            self._add_tick(way_id, text)
        self.custom_input = w.Text(placeholder="Another way it could go wrong in your business",
                                   description="Your own", continuous_update=True)
        self.custom_input.add_class("ff-question")
        self.add_custom = secondary_button("Add it", tooltip="Add your own way to crash it")
        self.add_custom.on_click(guarded(lambda _b: self.add_own(), self.custom_feedback))

        self.opposites_box = w.VBox()
        self.opposites_box.add_class("ff-opposites")
        self.opposites_empty = html_block("<p class='ff-muted'>Tick a way to crash it above, and its "
                                          "opposite goes here.</p>")

        self.hours = w.IntSlider(value=self.promise.hours, min=MIN_HOURS, max=MAX_HOURS, step=1,
                                 description="Reply within", continuous_update=False, readout=True)
        self.hours.add_class("ff-slider")
        self.hours_text = html_block("")
        self.hours.observe(guarded(self._promise_changed, self.feedback), names="value")
        self.check_button = primary_button("Check my policy", on_click=guarded(lambda _b: self.check(),
                                                                                 self.feedback))
        self._refresh_opposites()
        self._show_hours()

        own = w.HBox([self.custom_input, self.add_custom])
        own.add_class("ff-inline-add")
        super().__init__(
            [
                html_block(f"<h4 class='ff-step-heading'>1. Crash it</h4>"
                           f"<p class='ff-muted'>{esc(self.content.scenario)} Tick every way that could "
                           "happen in your business.</p>"),
                self.tick_box, own, self.custom_feedback,
                html_block("<h4 class='ff-step-heading'>2. Invert it</h4><p class='ff-muted'>For each way you "
                           "ticked, write what you will do instead. The suggestion is there if you want it.</p>"),
                self.opposites_box,
                html_block("<h4 class='ff-step-heading'>3. Your response-time promise</h4><p class='ff-muted'>"
                           "How many hours, at most, will a customer wait for your first reply?</p>"),
                self.hours, self.hours_text,
                self.check_button, self.feedback, self.status,
            ],
            title="Crash it, then invert it",
            classes=("ff-policy",),
        )
        for key in (KEY, PROMISE_KEY):
            self.saver.listen(LESSON, key, lambda stamp: self.status.after_save(stamp, self.saver.store))

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
        parts: list[w.Widget] = [html_block(f"<p class='ff-opposite-label'><span class='ff-muted'>Instead of:"
                                            f"</span> {esc(failure)}</p>"), box]
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
        chosen = "" if self.promise.chosen else " <span class='ff-muted'>(a suggestion until you move it)</span>"
        self.hours_text.value = (f"<p class='ff-promise-line'>I'll reply to every customer within "
                                 f"<strong>{esc(hours_text(self.hours.value))}</strong>.{chosen}</p>")

    # ---- events -------------------------------------------------------------------------

    def _ticked(self, way_id: str, change: dict[str, Any]) -> None:
        self.policy.chosen = [i for i in self.ticks if self.ticks[i].value]
        self._refresh_opposites()
        self._save()

    def _opposite_changed(self, way_id: str, change: dict[str, Any]) -> None:
        text = str(change["new"])
        if len(text) > MAX_OPPOSITE:
            self.feedback.show("hint", f"That's {len(text):,} characters — keep an opposite under {MAX_OPPOSITE} "
                                       "so it fits in your playbook. Your last saved version is safe.")
            return
        self.policy.opposites[way_id] = text
        self._save()

    def _promise_changed(self, change: dict[str, Any]) -> None:
        self.promise.hours = int(change["new"])
        self.promise.chosen = True
        self._show_hours()
        self.saver.schedule(LESSON, PROMISE_KEY, self.promise.hours)
        self.status.state = "saving"

    def _save(self) -> None:
        self.status.state = "saving"
        self.saver.schedule(LESSON, KEY, self.policy.to_data)

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
        self.feedback.show(notes[0].kind, " ".join(n.message for n in notes[:2]))  # type: ignore[arg-type]
        return notes

    @property
    def summary(self) -> dict[str, Any]:
        """The policy as the playbook shows it: pairs of (way to crash it, opposite) and the promise."""
        return policy_summary(self.policy, self.content, self.promise.hours)


def policy_summary(policy: Policy, content: PolicyContent, promise_hours: int) -> dict[str, Any]:
    """Plain data for the playbook."""
    ways = {way.id: way.text for way in content.ways}
    pairs = [{"failure": ways.get(i) or policy.custom.get(i, ""), "opposite": policy.opposites.get(i, "").strip()}
             for i in policy.chosen if i in ways or i in policy.custom]
    return {"pairs": pairs, "promise_hours": promise_hours}
