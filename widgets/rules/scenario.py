"""Branching scenarios as data: load and check a scenario file, and play it without widgets.

A scenario is scenes joined by choices; each choice moves named meters. The
checks run when the file is loaded (and by ``fail-forward check``): every link
leads somewhere, every scene can be reached, every scene can reach an ending,
and there are no loops, so every path through the story ends.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from widgets.core.content import CONTENT_DIR, Context, Flag, ListOf, Number, Record, Spec, Text, load, node_at, slug

METER_MIN, METER_MAX = 0, 100


class Effects(Spec):
    """A mapping of meter id → whole-number change, e.g. ``{trust: 10, cost: -5}``."""

    def check(self, node: yaml.Node, where: str, ctx: Context) -> Any:
        if not isinstance(node, yaml.MappingNode):
            ctx.add(node, where, "must be changes to meters, like {trust: 10, learning: -5}")
            return {}
        result: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag == "tag:yaml.org,2002:int"):
                ctx.add(value_node, f"{where}.{name}", f"must be a whole number, got {value_node.value!r}"
                        if isinstance(value_node, yaml.ScalarNode) else "must be a whole number")
                continue
            value = int(value_node.value.replace("_", ""))
            if not -100 <= value <= 100:
                ctx.add(value_node, f"{where}.{name}", f"must be between -100 and 100, got {value}")
            result[name] = value
        return result


CHOICE_SPEC = Record({"text": Text(max_length=200), "next": slug(60), "feedback": Text(max_length=600)},
                     optional={"effects": Effects()})
SCENE_SPEC = Record({"id": slug(60), "narration": Text(max_length=1200)},
                    optional={"speaker": Text(max_length=80), "line": Text(max_length=800),
                              "choices": ListOf(CHOICE_SPEC, min_items=1), "ending": Flag(),
                              "title": Text(max_length=100)})
METER_SPEC = Record({"id": slug(40), "label": Text(max_length=40),
                     "start": Number(minimum=METER_MIN, maximum=METER_MAX)},
                    optional={"better": Text(pattern="higher|lower", pattern_help="write higher or lower")})


def _check_graph(data: dict[str, Any], node: yaml.MappingNode, where: str, ctx: Context) -> None:
    """Links, meters, endings, reachability and loops, each problem at its line."""
    scenes_node = node_at(node, "scenes")
    meters = {m["id"] for m in data["meters"]}
    scenes = {s["id"]: (i, s) for i, s in enumerate(data["scenes"])}
    if data["start"] not in scenes:
        ctx.add(node_at(node, "start"), "start", f"names scene {data['start']!r}, which doesn't exist")
        return
    for index, scene in enumerate(data["scenes"]):
        scene_node = node_at(scenes_node, index)
        here = f"scenes[{index}]"
        choices = scene.get("choices") or []
        if scene.get("ending"):
            if choices:
                ctx.add(node_at(scene_node, "choices"), f"{here}.choices", "an ending can't have choices")
            if not scene.get("title"):
                ctx.add(scene_node, f"{here}.title", "an ending needs a title (its summary heading)")
            continue
        if not choices:
            ctx.add(scene_node, f"{here}.choices", "is missing: a scene that isn't an ending needs choices "
                                                    "(or 'ending: true')")
            continue
        choices_node = node_at(scene_node, "choices")
        for c, choice in enumerate(choices):
            choice_node = node_at(choices_node, c)
            if choice["next"] not in scenes:
                ctx.add(node_at(choice_node, "next"), f"{here}.choices[{c}].next",
                        f"leads to scene {choice['next']!r}, which doesn't exist")
            for meter in choice.get("effects", {}):
                if meter not in meters:
                    ctx.add(node_at(choice_node, "effects"), f"{here}.choices[{c}].effects.{meter}",
                            f"is not a meter of this scenario (meters: {', '.join(sorted(meters))})")
    if ctx.problems:
        return
    links = {sid: [c["next"] for c in s.get("choices") or []] for sid, (_i, s) in scenes.items()}
    reachable = _reachable(data["start"], links)
    for sid, (index, _scene) in scenes.items():
        if sid not in reachable:
            ctx.add(node_at(scenes_node, index), f"scenes[{index}]", f"scene {sid!r} can't be reached from the "
                                                                    f"start ({data['start']!r})")
    loop = _find_loop(data["start"], links)
    if loop:
        index = scenes[loop[0]][0]
        ctx.add(node_at(scenes_node, index), f"scenes[{index}]", "choices lead round in a loop: "
                                                                + " → ".join(loop) + "; every path must end")


def _reachable(start: str, links: Mapping[str, list[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in links.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _find_loop(start: str, links: Mapping[str, list[str]]) -> list[str]:
    """A cycle reachable from ``start`` as a list of scene ids (first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(scene: str) -> list[str]:
        state[scene] = 1
        path.append(scene)
        for target in links.get(scene, []):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[scene] = 2
        return []

    return visit(start)


SCENARIO_SPEC = Record({"title": Text(max_length=100), "intro": Text(max_length=800),
                        "meters": ListOf(METER_SPEC, min_items=1, unique_by="id"), "start": slug(60),
                        "scenes": ListOf(SCENE_SPEC, min_items=2, unique_by="id")}, rule=_check_graph)


@dataclass(frozen=True)
class Meter:
    """Something the learner's choices move, shown as a bar from 0 to 100."""

    id: str
    label: str
    start: int
    higher_is_better: bool = True


@dataclass(frozen=True)
class Choice:
    """One thing the learner can say or do."""

    text: str
    next: str
    feedback: str
    effects: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Scene:
    """A moment of the story: narration, maybe someone's line, and choices (none at an ending)."""

    id: str
    narration: str
    speaker: str = ""
    line: str = ""
    choices: tuple[Choice, ...] = ()
    ending: bool = False
    title: str = ""


@dataclass(frozen=True)
class Scenario:
    """A checked scenario."""

    id: str
    title: str
    intro: str
    meters: tuple[Meter, ...]
    start: str
    scenes: Mapping[str, Scene]


def scenario_file(lesson: str) -> Path:
    """A lesson's scenario file."""
    return CONTENT_DIR / lesson / "scenario.yaml"


def load_scenario(path: Path, *, scenario_id: str = "") -> Scenario:
    """Read and check a scenario file; raises ContentError naming file, line and field."""
    data = load(path, SCENARIO_SPEC)
    scenes = {s["id"]: Scene(s["id"], s["narration"], s.get("speaker", ""), s.get("line", ""),
                             tuple(Choice(c["text"], c["next"], c["feedback"], dict(c.get("effects", {})))
                                   for c in s.get("choices") or []),
                             bool(s.get("ending")), s.get("title", ""))
              for s in data["scenes"]}
    return Scenario(scenario_id or path.parent.name, data["title"], data["intro"],
                    tuple(Meter(m["id"], m["label"], m["start"], m.get("better", "higher") == "higher")
                          for m in data["meters"]),
                    data["start"], scenes)


@functools.cache
def lesson_scenario(lesson: str) -> Scenario:
    """A lesson's scenario, read once per kernel."""
    return load_scenario(scenario_file(lesson), scenario_id=lesson)


def clamp(value: int) -> int:
    """Keep a meter between 0 and 100."""
    return max(METER_MIN, min(METER_MAX, value))


@dataclass(frozen=True)
class Step:
    """One choice made: where, which, and how the meters moved."""

    scene: Scene
    choice: Choice
    changes: Mapping[str, int]  # actual change after clamping


@dataclass(frozen=True)
class Play:
    """Where a play-through stands: the choices made (as indexes) replayed from the start."""

    scenario: Scenario
    path: tuple[int, ...] = ()

    @functools.cached_property
    def _walk(self) -> tuple[Scene, tuple[Step, ...], dict[str, int]]:
        scene = self.scenario.scenes[self.scenario.start]
        meters = {m.id: m.start for m in self.scenario.meters}
        steps = []
        for index in self.path:
            choice = scene.choices[index]
            changes = {}
            for meter, delta in choice.effects.items():
                after = clamp(meters[meter] + delta)
                changes[meter] = after - meters[meter]
                meters[meter] = after
            steps.append(Step(scene, choice, changes))
            scene = self.scenario.scenes[choice.next]
        return scene, tuple(steps), meters

    @property
    def scene(self) -> Scene:
        """The scene the learner is at."""
        return self._walk[0]

    @property
    def steps(self) -> tuple[Step, ...]:
        """The choices made so far."""
        return self._walk[1]

    @property
    def meters(self) -> dict[str, int]:
        """Each meter's value now."""
        return dict(self._walk[2])

    @property
    def finished(self) -> bool:
        """True at an ending."""
        return self.scene.ending

    def choose(self, index: int) -> Play:
        """The play after choosing option ``index`` in the current scene."""
        if self.finished:
            raise ValueError("the scenario has ended; start again to choose differently")
        if not 0 <= index < len(self.scene.choices):
            raise ValueError(f"scene {self.scene.id!r} has {len(self.scene.choices)} choices, not {index + 1}")
        return Play(self.scenario, (*self.path, index))

    def back(self) -> Play:
        """The play one choice earlier (the same play at the start)."""
        return Play(self.scenario, self.path[:-1])

    @classmethod
    def restore(cls, scenario: Scenario, saved: Any) -> Play:
        """A saved path, kept as far as it still fits the scenario (content may have changed since)."""
        play = cls(scenario)
        if not isinstance(saved, list):
            return play
        for index in saved:
            if not isinstance(index, int) or isinstance(index, bool) or play.finished:
                break
            if not 0 <= index < len(play.scene.choices):
                break
            play = play.choose(index)
        return play

    def summary(self) -> dict[str, Any]:
        """Plain data: the ending reached (if any), the meters, and each choice with its effect."""
        return {
            "scenario": self.scenario.id,
            "ending": self.scene.title if self.finished else "",
            "meters": {m.label: self.meters[m.id] for m in self.scenario.meters},
            "choices": [{"scene": s.scene.id, "choice": s.choice.text, "changes": dict(s.changes)}
                        for s in self.steps],
        }


def all_paths(scenario: Scenario) -> list[tuple[int, ...]]:
    """Every complete path (as choice indexes) from the start to an ending."""
    paths: list[tuple[int, ...]] = []

    def walk(scene_id: str, path: tuple[int, ...]) -> None:
        scene = scenario.scenes[scene_id]
        if scene.ending:
            paths.append(path)
            return
        for index, choice in enumerate(scene.choices):
            walk(choice.next, (*path, index))

    walk(scenario.start, ())
    return paths
