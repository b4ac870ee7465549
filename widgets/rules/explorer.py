"""The response-time explorer's model: openly illustrative, every assumption adjustable.

Each curve runs from its chance when the reply comes straight away to its chance
when the reply takes a week, changing fastest at first: half of the change has
happened after ``halfway_hours``. Pure functions; nothing here is research.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from widgets.core import keys
from widgets.core.content import CONTENT_DIR, ListOf, Number, Record, Text, load, slug

WEEK_HOURS = 168

CURVE_SPEC = Record({"id": slug(40), "label": Text(max_length=60), "at_once": Number(minimum=0, maximum=100),
                     "after_week": Number(minimum=0, maximum=100)})
MODEL_SPEC = Record({"notice": Text(max_length=600), "halfway_hours": Number(minimum=1, maximum=96),
                     "curves": ListOf(CURVE_SPEC, min_items=1, unique_by="id")})


@dataclass(frozen=True)
class Curve:
    """One outcome: its chance (percent) with an instant reply and with a week's wait."""

    id: str
    label: str
    at_once: int
    after_week: int


@dataclass(frozen=True)
class Model:
    """The assumptions behind the chart."""

    notice: str
    halfway_hours: int
    curves: tuple[Curve, ...]

    def to_data(self) -> dict[str, Any]:
        """The learner's adjustable numbers, JSON-ready."""
        return {"halfway_hours": self.halfway_hours,
                "curves": {c.id: [c.at_once, c.after_week] for c in self.curves}}

    def with_data(self, data: Any) -> Model:
        """This model with a learner's saved numbers applied (unknown or malformed parts ignored)."""
        if not isinstance(data, dict):
            return self
        halfway = data.get("halfway_hours")
        model = self
        if isinstance(halfway, int) and 1 <= halfway <= 96:
            model = replace(model, halfway_hours=halfway)
        curves_data = data.get("curves")
        saved: dict[str, Any] = curves_data if isinstance(curves_data, dict) else {}
        curves = []
        for curve in model.curves:
            pair = saved.get(curve.id)
            if (isinstance(pair, list) and len(pair) == 2
                    and all(isinstance(v, int) and 0 <= v <= 100 for v in pair)):
                curve = replace(curve, at_once=pair[0], after_week=pair[1])
            curves.append(curve)
        return replace(model, curves=tuple(curves))


def model_file() -> Path:
    """Where the starting assumptions live."""
    return CONTENT_DIR / keys.RESPONSE_TIME / "explorer.yaml"


def load_model(path: Path) -> Model:
    """Read and check the starting assumptions."""
    data = load(path, MODEL_SPEC)
    return Model(data["notice"], data["halfway_hours"], tuple(Curve(**c) for c in data["curves"]))


@functools.cache
def starting_model() -> Model:
    """The starting assumptions, read once per kernel."""
    return load_model(model_file())


def chance(curve: Curve, hours: float, halfway_hours: float) -> float:
    """The curve's chance (0..1) when the first reply takes ``hours``."""
    hours = min(max(hours, 0.0), WEEK_HOURS)
    floor = 2 ** (-WEEK_HOURS / halfway_hours)
    remaining = (2 ** (-hours / halfway_hours) - floor) / (1 - floor)  # 1 at once, 0 after a week
    return (curve.after_week + (curve.at_once - curve.after_week) * remaining) / 100


def out_of_100(model: Model, hours: float) -> list[tuple[str, int]]:
    """For each curve, about how many of 100 customers who wrote in."""
    return [(curve.label, round(100 * chance(curve, hours, model.halfway_hours))) for curve in model.curves]
