"""A branching scenario on screen: meters, the scene, choices, feedback, back, and an ending summary."""

from __future__ import annotations

import functools
from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.feedback import FeedbackKind
from widgets.core.markup import EMPTY, Markup, html, join, paragraphs
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import close_all, html_block, secondary_button
from widgets.rules.scenario import Play, Scenario, Step
from widgets.store.autosave import Autosaver


def meters_html(play: Play, last: Step | None) -> Markup:
    """Each meter as a labelled bar, with the last change beside it."""
    rows = []
    for meter in play.scenario.meters:
        value = play.meters[meter.id]
        change = last.changes.get(meter.id, 0) if last else 0
        delta: Markup | str = ""
        if change:
            sign = "+" if change > 0 else "−"
            css = "ff-up" if (change > 0) == meter.higher_is_better else "ff-down"
            delta = html("<span class='ff-meter-delta {}'>{}{}</span>", css, sign, abs(change))
        rows.append(html(
            "<div class='ff-meter'><span class='ff-meter-label'>{}</span><span class='ff-meter-bar' role='meter' "
            "aria-valuemin='0' aria-valuemax='100' aria-valuenow='{}' aria-label='{}: {} out of 100'>"
            "<span style='width:{}%'></span></span><span class='ff-meter-value'>{}</span>{}</div>",
            meter.label, value, meter.label, value, value, value, delta))
    return html("<div class='ff-meters' aria-live='polite'>{}</div>", join(rows))


def scene_html(play: Play) -> Markup:
    """The scene: narration and the speaker's line."""
    scene = play.scene
    heading = (html("<p class='ff-scene-ending-title'>{}</p>", scene.title) if scene.ending
               else html("<p class='ff-scene-step'>Step {}</p>", len(play.steps) + 1))
    line: Markup | str = ""
    if scene.line:
        who = html("<cite>{}</cite>", scene.speaker) if scene.speaker else ""
        line = html("<blockquote class='ff-scene-line'>{}{}</blockquote>", paragraphs(scene.line), who)
    return html("<div class='ff-scene'>{}{}{}</div>", heading, paragraphs(scene.narration), line)


def summary_html(play: Play) -> Markup:
    """At an ending: every choice with how it moved the meters, and where they ended."""
    labels = {m.id: m.label for m in play.scenario.meters}
    items = []
    for step in play.steps:
        moves = ", ".join(f"{labels[m]} {'+' if d > 0 else '−'}{abs(d)}" for m, d in step.changes.items() if d)
        items.append(html("<li><span class='ff-summary-choice'>{}</span><span class='ff-summary-moves'>{}</span></li>",
                          step.choice.text, moves or "no change"))
    finals = ", ".join(f"{m.label}: {play.meters[m.id]} (started at {m.start})" for m in play.scenario.meters)
    return html("<div class='ff-scenario-summary'><h4 class='ff-step-heading'>What your choices did</h4>"
                "<ol>{}</ol><p><strong>Where it ended:</strong> {}.</p></div>", join(items), finals)


def feedback_kind(step: Step, scenario: Scenario) -> FeedbackKind:
    """Success when the choice moved the meters the better way overall, a warning when the worse way."""
    better = {m.id: 1 if m.higher_is_better else -1 for m in scenario.meters}
    changes = step.changes or step.choice.effects
    total = sum(better[m] * d for m, d in changes.items())
    return "success" if total > 0 else "warning" if total < 0 else "hint"


class ScenarioPlayer(Exercise):
    """Plays a scenario; the path so far is saved, so a reload continues where the learner was.
    Its value is the path taken, every ending reached, and where the meters stand."""

    def __init__(self, *, scenario: Scenario, lesson: str, saver: Autosaver | None = None) -> None:
        self.scenario = scenario
        self.play = Play(scenario)
        self.endings: list[str] = []
        super().__init__(lesson=lesson, key=keys.SCENARIO.key, saver=saver, title=scenario.title,
                         intro=scenario.intro, classes=("ff-scenario",))

    def build(self) -> list[w.Widget]:
        self.said = self.feedback
        self.meters = html_block()
        self.scene_box = html_block()
        self.choices = w.VBox()
        self.choices.add_class("ff-scene-choices")
        self.summary_view = html_block()
        self.back_button = secondary_button("← Back one step", on_click=guarded(lambda _b: self.back(), self.said))
        self.replay_button = secondary_button("Start again", on_click=guarded(lambda _b: self.replay(), self.said))
        tools = w.HBox([self.back_button, self.replay_button])
        tools.add_class("ff-row-tools")
        return [self.meters, self.said, self.scene_box, self.choices, self.summary_view, tools, self.status]

    def restore(self, value: Any) -> None:
        saved = value if isinstance(value, dict) else {}
        self.play = Play.restore(self.scenario, saved.get("path"))
        self.endings = [str(e) for e in saved.get("endings", [])] if isinstance(saved.get("endings"), list) else []
        self._show(last=None)
        self._record()

    # ---- what a learner can do, callable from Python --------------------------------------

    def choose(self, index: int) -> None:
        """Pick choice ``index`` of the current scene."""
        if self.play.finished or not 0 <= index < len(self.play.scene.choices):
            return
        self.play = self.play.choose(index)
        if self.play.finished and self.play.scene.id not in self.endings:
            self.endings.append(self.play.scene.id)
        self._show(last=self.play.steps[-1])
        self._record()

    def _clicked(self, index: int, at: int, _button: w.Button | None = None) -> None:
        # A click queued on a scene's button can arrive after the scene has moved on (a quick
        # double click): it belongs to that earlier scene, so it is ignored.
        if len(self.play.path) == at:
            self.choose(index)

    def back(self) -> None:
        """Undo the last choice."""
        if not self.play.path:
            return
        self.play = self.play.back()
        self._show(last=None)
        self.said.show("hint", "You stepped back. Choose again.")
        self._record()

    def replay(self) -> None:
        """Start the scenario again from the beginning."""
        self.play = Play(self.scenario)
        self._show(last=None)
        self._record()

    @property
    def choice_buttons(self) -> list[w.Button]:
        """The buttons for the current scene's choices."""
        return list(self.choices.children)

    def summary(self) -> dict[str, Any]:
        """The current ending (if any), meters, choices, and every ending reached so far."""
        return {**self.play.summary(), "endings_reached": list(self.endings)}

    @property
    def result(self) -> dict[str, Any]:
        """Plain data: the current ending (if any), meters, choices, and every ending reached so far."""
        return self.summary()

    # ---- drawing and saving --------------------------------------------------------------

    def _show(self, *, last: Step | None) -> None:
        play = self.play
        self.meters.value = meters_html(play, last)
        if last is not None:
            self.said.show(feedback_kind(last, self.scenario),
                           f"You chose: “{last.choice.text}” — {last.choice.feedback}")
        elif play.finished or not play.path:
            self.said.clear()
        self.scene_box.value = scene_html(play)
        self.summary_view.value = summary_html(play) if play.finished else EMPTY  # there when the choices go
        buttons = []
        for index, choice in enumerate(play.scene.choices):
            button = secondary_button(choice.text, tooltip=choice.text)
            button.add_class("ff-choice-btn")
            button.on_click(guarded(functools.partial(self._clicked, index, len(play.path)), self.said))
            buttons.append(button)
        old, self.choices.children = self.choices.children, buttons
        close_all(old)  # the last scene's buttons are gone from the page: free them
        self.back_button.disabled = not play.path
        self.replay_button.layout.display = "" if play.path else "none"

    def _record(self) -> None:
        self.value = {"path": list(self.play.path), "endings": list(self.endings), "summary": self.play.summary()}
