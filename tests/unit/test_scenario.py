"""The scenario engine: checking files, playing paths, and the player as a learner uses it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from widgets.core.content import CONTENT_DIR, ContentError
from widgets.exercises.scenario import ScenarioPlayer
from widgets.rules.scenario import Play, all_paths, load_scenario
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore

GOOD = """\
title: A late order
intro: A customer phones about a late order.
meters:
  - id: trust
    label: Customer trust
    start: 50
  - id: cost
    label: Cost to you
    start: 90
    better: lower
start: call
scenes:
  - id: call
    narration: The phone rings.
    speaker: Dana, the customer
    line: "Where is my <b>order</b>?"
    choices:
      - text: Tell the truth
        next: truth
        feedback: Honesty first.
        effects: {trust: 20, cost: 5}
      - text: Blame the courier
        next: lost
        feedback: She bought from you, not the courier.
        effects: {trust: -60}
  - id: truth
    narration: She listens.
    choices:
      - text: Offer a refund and a gift
        next: won
        feedback: Make it whole.
        effects: {trust: 40, cost: -30}
  - id: won
    ending: true
    title: Customer for life
    narration: She orders again.
  - id: lost
    ending: true
    title: Lost customer
    narration: She never calls again.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    return path


def problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(ContentError) as caught:
        load_scenario(write(tmp_path, text))
    return "\n".join(str(p) for p in caught.value.problems)


def test_playing_moves_meters_clamps_and_goes_back(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD))
    play = Play(scenario)
    assert play.scene.id == "call" and play.meters == {"trust": 50, "cost": 90}
    play = play.choose(0)
    assert play.scene.id == "truth" and play.meters == {"trust": 70, "cost": 95}
    play = play.choose(0)
    assert play.finished and play.scene.title == "Customer for life"
    assert play.meters == {"trust": 100, "cost": 65}
    assert play.steps[-1].changes == {"trust": 30, "cost": -30}  # clamped at 100
    assert play.back().scene.id == "truth" and Play(scenario).back().path == ()
    with pytest.raises(ValueError, match="has ended"):
        play.choose(0)
    assert play.summary()["ending"] == "Customer for life"
    assert sorted(all_paths(scenario)) == [(0, 0), (1,)]


def test_a_saved_path_is_kept_as_far_as_it_still_fits(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD))
    assert Play.restore(scenario, [0, 0]).finished
    assert Play.restore(scenario, [0, 7, 0]).path == (0,)
    assert Play.restore(scenario, [1, 0, 0]).path == (1,)
    assert Play.restore(scenario, "junk").path == () and Play.restore(scenario, [True]).path == ()


@pytest.mark.parametrize(("change", "expected"), [
    (("next: lost", "next: lots"), "scenario.yaml:23: scenes[0].choices[1].next: leads to scene 'lots', which "
                                   "doesn't exist"),
    (("effects: {trust: -60}", "effects: {trusst: -60}"), "scenario.yaml:25: scenes[0].choices[1].effects.trusst: "
                                                          "is not a meter of this scenario (meters: cost, trust)"),
    (("effects: {trust: -60}", "effects: {trust: lots}"), "scenario.yaml:25: scenes[0].choices[1].effects.trust: "
                                                          "must be a whole number, got 'lots'"),
    (("        feedback: Honesty first.\n", ""), "scenario.yaml:18: scenes[0].choices[0].feedback: is missing"),
    (("start: call", "start: hello"), "scenario.yaml:11: start: names scene 'hello', which doesn't exist"),
    (("    title: Lost customer\n", ""), "scenario.yaml:37: scenes[3].title: an ending needs a title"),
    (("    start: 90", "    start: 190"), "scenario.yaml:9: meters[1].start: must be between 0 and 100, got 190"),
])
def test_broken_scenarios_are_rejected_with_file_line_and_field(tmp_path: Path, change: tuple[str, str],
                                                                expected: str) -> None:
    assert change[0] in GOOD
    assert expected in problems(tmp_path, GOOD.replace(*change, 1))


def test_unreachable_scenes_loops_and_dead_ends_are_rejected(tmp_path: Path) -> None:
    unreachable = GOOD + "  - id: orphan\n    ending: true\n    title: Nobody gets here\n    narration: Alone.\n"
    assert "scenario.yaml:41: scenes[4]: scene 'orphan' can't be reached from the start ('call')" in problems(
        tmp_path, unreachable)
    loop = GOOD.replace("        next: won\n", "        next: call\n")
    text = problems(tmp_path, loop)
    assert "choices lead round in a loop: call → truth → call; every path must end" in text
    assert "scene 'won' can't be reached" in text
    dead_end = GOOD.replace("  - id: lost\n    ending: true\n", "  - id: lost\n")
    assert "scenes[3].choices: is missing: a scene that isn't an ending needs choices" in problems(
        tmp_path, dead_end)
    ending_with_choices = GOOD.replace("    title: Customer for life\n",
                                       "    title: Customer for life\n    choices:\n      - text: More\n"
                                       "        next: call\n        feedback: Again.\n")
    assert "scenes[2].choices: an ending can't have choices" in problems(tmp_path, ending_with_choices)


@pytest.mark.parametrize("path", sorted(CONTENT_DIR.glob("*/scenario.yaml")), ids=lambda p: p.parent.name)
def test_every_path_of_the_shipped_scenarios_reaches_an_ending(path: Path) -> None:
    scenario = load_scenario(path)
    paths = all_paths(scenario)
    endings = set()
    for choices in paths:
        play = Play(scenario)
        for index in choices:
            play = play.choose(index)
        assert play.finished
        endings.add(play.scene.id)
    assert len(endings) >= 3, "a scenario should have at least three different endings"
    assert {s.id for s in scenario.scenes.values() if s.ending} == endings


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


def test_player_as_a_learner_uses_it(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD))
    store = ProgressStore(tmp_path)
    player = ScenarioPlayer(scenario=scenario, lesson="owning-mistakes", saver=Autosaver(store, delay=0.01))
    assert "&lt;b&gt;order&lt;/b&gt;" in player.scene_box.value and "<b>order" not in player.scene_box.value
    assert "Customer trust 50" in text_of(player.meters.value) and player.back_button.disabled
    assert [b.description for b in player.choice_buttons] == ["Tell the truth", "Blame the courier"]
    player.choice_buttons[1].click()
    assert player.said.kind == "warning"  # trust down and "She bought from you, not the courier." in player.said.text
    assert "Customer trust 0 −50" in text_of(player.meters.value)
    assert "Lost customer" in player.scene_box.value and player.choice_buttons == []
    assert "Blame the courier Customer trust −50" in text_of(player.summary_view.value)
    stale = player.choice_buttons  # none at an ending; take the opening's buttons after going back
    player.back_button.click()
    assert player.play.scene.id == "call" and player.summary_view.value == "" and stale == []
    opening = player.choice_buttons
    opening[0].click()
    opening[0].click()  # a second, late click on the old scene's button is ignored
    assert player.play.path == (0,)
    player.back_button.click()
    player.choice_buttons[0].click()
    assert player.said.kind == "success" and "Customer trust 70 +20" in text_of(player.meters.value)
    assert "ff-meter-delta ff-down'>+5" in player.meters.value  # cost up is the worse way
    player.saver.flush()
    assert player.status.text == "✓ Saved"

    again = ScenarioPlayer(scenario=scenario, lesson="owning-mistakes", saver=Autosaver(store, delay=0.01))
    assert again.play.scene.id == "truth" and again.play.meters["trust"] == 70
    again.choice_buttons[0].click()
    assert again.result["endings_reached"] == ["lost", "won"] and again.result["ending"] == "Customer for life"
    again.replay_button.click()
    assert again.play.path == () and again.result["endings_reached"] == ["lost", "won"]


def test_a_broken_scenario_file_shows_a_friendly_notice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from widgets import lesson as ff
    from widgets.rules import scenario as scenario_rules

    broken = write(tmp_path, GOOD.replace("next: lost", "next: nowhere"))
    monkeypatch.setenv("FAILFORWARD_STRICT", "0")
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")  # a learner in Voila, not a coach in JupyterLab
    monkeypatch.setattr(scenario_rules, "scenario_file", lambda _lesson: broken)
    scenario_rules.lesson_scenario.cache_clear()
    try:
        widget = ff.scenario("owning-mistakes")
    finally:
        scenario_rules.lesson_scenario.cache_clear()
    page = getattr(widget, "value", "") or "".join(getattr(c, "value", "") for c in getattr(widget, "children", []))
    assert "Traceback" not in page and "nowhere" not in page
    assert "Sorry about this" in page
