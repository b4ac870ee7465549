"""A branching scenario on screen: meters, the scene, choices, feedback, back, and an ending summary."""

from __future__ import annotations

import functools
from typing import Any

import ipywidgets as w

from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, SaveStatus, esc, html_block, paragraphs, secondary_button
from widgets.rules.scenario import Play, Scenario, Step
from widgets.store.autosave import Autosaver, default_autosaver

KEY = "scenario"


def meters_html(play: Play, last: Step | None) -> str:
    """Each meter as a labelled bar, with the last change beside it."""
    rows = []
    for meter in play.scenario.meters:
        value = play.meters[meter.id]
        change = last.changes.get(meter.id, 0) if last else 0
        delta = ""
        if change:
            sign = "+" if change > 0 else "−"
            css = "ff-up" if (change > 0) == meter.higher_is_better else "ff-down"
            delta = f"<span class='ff-meter-delta {css}'>{sign}{abs(change)}</span>"
        rows.append(
            f"<div class='ff-meter'><span class='ff-meter-label'>{esc(meter.label)}</span>"
            f"<span class='ff-meter-bar' role='meter' aria-valuemin='0' aria-valuemax='100' "
            f"aria-valuenow='{value}' aria-label='{esc(meter.label)}: {value} out of 100'>"
            f"<span style='width:{value}%'></span></span>"
            f"<span class='ff-meter-value'>{value}</span>{delta}</div>")
    return f"<div class='ff-meters' aria-live='polite'>{''.join(rows)}</div>"


def scene_html(play: Play) -> str:
    """The scene: narration and the speaker's line."""
    scene = play.scene
    heading = (f"<p class='ff-scene-ending-title'>{esc(scene.title)}</p>" if scene.ending
               else f"<p class='ff-scene-step'>Step {len(play.steps) + 1}</p>")
    line = ""
    if scene.line:
        who = f"<cite>{esc(scene.speaker)}</cite>" if scene.speaker else ""
        line = f"<blockquote class='ff-scene-line'>{paragraphs(scene.line)}{who}</blockquote>"
    return f"<div class='ff-scene'>{heading}{paragraphs(scene.narration)}{line}</div>"


def summary_html(play: Play) -> str:
    """At an ending: every choice with how it moved the meters, and where they ended."""
    labels = {m.id: m.label for m in play.scenario.meters}
    items = []
    for step in play.steps:
        moves = ", ".join(f"{labels[m]} {'+' if d > 0 else '−'}{abs(d)}" for m, d in step.changes.items() if d)
        items.append(f"<li><span class='ff-summary-choice'>{esc(step.choice.text)}</span>"
                     f"<span class='ff-summary-moves'>{esc(moves or 'no change')}</span></li>")
    finals = ", ".join(f"{m.label}: {play.meters[m.id]} (started at {m.start})" for m in play.scenario.meters)
    return (f"<div class='ff-scenario-summary'><h4 class='ff-step-heading'>What your choices did</h4>"
            f"<ol>{''.join(items)}</ol><p><strong>Where it ended:</strong> {esc(finals)}.</p></div>")


def feedback_kind(step: Step, scenario: Scenario) -> str:
    """Success when the choice moved the meters the better way overall, a warning when the worse way."""
    better = {m.id: 1 if m.higher_is_better else -1 for m in scenario.meters}
    changes = step.changes or step.choice.effects
    total = sum(better[m] * d for m, d in changes.items())
    return "success" if total > 0 else "warning" if total < 0 else "hint"


class ScenarioPlayer(Card):
    """Plays a scenario; the path so far is saved, so a reload continues where the learner was."""

    def __init__(self, *, scenario: Scenario, lesson: str, saver: Autosaver | None = None) -> None:
        self.scenario = scenario
        self.lesson = lesson
        self.saver = saver or default_autosaver()
        saved = self.saver.store.load(lesson, KEY)
        self.play = Play.restore(scenario, saved.get("path") if isinstance(saved, dict) else None)
        self.endings: list[str] = [str(e) for e in saved.get("endings", [])] if isinstance(saved, dict) else []
        self.meters = html_block("")
        self.said = Feedback()
        self.scene_box = html_block("")
        self.choices = w.VBox()
        self.choices.add_class("ff-scene-choices")
        self.summary = html_block("")
        self.back_button = secondary_button("← Back one step", on_click=guarded(lambda _b: self.back(), self.said))
        self.replay_button = secondary_button("Start again", on_click=guarded(lambda _b: self.replay(), self.said))
        self.status = SaveStatus()
        tools = w.HBox([self.back_button, self.replay_button])
        tools.add_class("ff-row-tools")
        super().__init__([self.meters, self.said, self.scene_box, self.choices, self.summary, tools, self.status],
                         title=scenario.title, intro=scenario.intro, classes=("ff-scenario",))
        self.saver.listen(lesson, KEY, lambda stamp: self.status.after_save(stamp, self.saver.store))
        self._show(last=None)

    # ---- what a learner can do, callable from Python --------------------------------------

    def choose(self, index: int) -> None:
        """Pick choice ``index`` of the current scene."""
        if self.play.finished or not 0 <= index < len(self.play.scene.choices):
            return
        self.play = self.play.choose(index)
        if self.play.finished and self.play.scene.id not in self.endings:
            self.endings.append(self.play.scene.id)
        self._show(last=self.play.steps[-1])
        self._save()

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
        self._save()

    def replay(self) -> None:
        """Start the scenario again from the beginning."""
        self.play = Play(self.scenario)
        self._show(last=None)
        self._save()

    @property
    def choice_buttons(self) -> list[w.Button]:
        """The buttons for the current scene's choices."""
        return list(self.choices.children)

    @property
    def result(self) -> dict[str, Any]:
        """Plain data: the current ending (if any), meters, choices, and every ending reached so far."""
        return {**self.play.summary(), "endings_reached": list(self.endings)}

    # ---- drawing and saving --------------------------------------------------------------

    def _show(self, *, last: Step | None) -> None:
        play = self.play
        self.meters.value = meters_html(play, last)
        if last is not None:
            self.said.show(feedback_kind(last, self.scenario),  # type: ignore[arg-type]
                           f"You chose: “{last.choice.text}” — {last.choice.feedback}")
        elif play.finished or not play.path:
            self.said.clear()
        self.scene_box.value = scene_html(play)
        buttons = []
        for index, choice in enumerate(play.scene.choices):
            button = secondary_button(choice.text, tooltip=choice.text)
            button.add_class("ff-choice-btn")
            button.on_click(guarded(functools.partial(self._clicked, index, len(play.path)), self.said))
            buttons.append(button)
        self.choices.children = buttons
        self.summary.value = summary_html(play) if play.finished else ""
        self.back_button.disabled = not play.path
        self.replay_button.layout.display = "" if play.path else "none"

    def _save(self) -> None:
        self.status.state = "saving"
        self.saver.schedule(self.lesson, KEY, {"path": list(self.play.path), "endings": list(self.endings),
                                               "summary": self.play.summary()})
