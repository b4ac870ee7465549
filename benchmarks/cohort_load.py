"""Server time of the coach corner on a big cohort: read 500 learners' progress files, summarise, draw.

The bar: a folder of 500 learners' exported progress files loads in under 2 s,
every summary included. Cohorts are written by ``assets/data/make_cohort.py``
into temporary folders (30 learners, like the sample, and 500; about one learner
in twelve also left an older export, so 500 learners are ~530 files). Per size
and run, interleaved, it times:

  - ``load_cohort`` alone (list, read and check every file, keep the newest
    export per learner, build the tables);
  - each summary on the loaded cohort;
  - ``load_cohort`` + every summary, end to end (what the bar is about);
  - ``CoachCorner.load()`` (the widget: the same, plus every section's HTML and
    SVG charts, and the scenario files read for ending titles).

The machine is shared and noisy, so every median is also given as a ratio to a
baseline measured in the same run, interleaved with the cases: numpy sorting
1e6 random floats (as ``inbox_speed.py`` and ``promise_sim.py`` do). The files
are read from the page cache after the first, untimed, warm-up pass.

    .venv/bin/python benchmarks/cohort_load.py [--runs 7]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import numpy as np

# The widgets read FAILFORWARD_DATA when first asked for a store; point it away from real progress first.
os.environ["FAILFORWARD_DATA"] = tempfile.mkdtemp(prefix="ff-cohort-bench-")

from widgets.coach.cohort import (
    Cohort,
    completion,
    inactive,
    load_cohort,
    promise_spread,
    scenario_endings,
    stuck,
    ways_to_crash,
)
from widgets.coach.corner import CoachCorner
from widgets.core.content import COURSE_ROOT
from widgets.core.course import course

SIZES = (30, 500)
BAR_MS = 2000  # the coach corner's bar: 500 learners loaded and summarised in under 2 s
SEED = 7
SUMMARIES: dict[str, Callable[[Cohort], object]] = {
    "completion": completion, "stuck": stuck, "inactive (14 days)": inactive, "ways_to_crash": ways_to_crash,
    "promise_spread": promise_spread, "scenario_endings": scenario_endings,
}
END_TO_END = "load_cohort + every summary"
WIDGET = "CoachCorner.load() (widget: + HTML, SVG)"
STEPS = ("load_cohort", *SUMMARIES, END_TO_END, WIDGET)
R = TypeVar("R")


def make_cohort() -> ModuleType:
    """``assets/data/make_cohort.py``, imported from its path."""
    path = COURSE_ROOT / "assets" / "data" / "make_cohort.py"
    spec = importlib.util.spec_from_file_location("make_cohort", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"can't import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_cohort"] = module
    spec.loader.exec_module(module)
    return module


def _ms(action: Callable[[], object]) -> float:
    return _timed(action)[0]


def _timed(action: Callable[[], R]) -> tuple[float, R]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def _row(label: str, values: list[float], reference: float) -> str:
    median = statistics.median(values)
    return f"| {label} | {median:,.1f} | {median / reference:.2f} | {max(values):,.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = max(1, args.runs)

    generator = make_cohort()
    lessons = tuple((lesson.id, lesson.title) for lesson in course().lessons)
    root = Path(tempfile.mkdtemp(prefix="ff-cohort-files-"))
    folders = {}
    for size in SIZES:
        folders[size] = root / f"learners-{size}"
        written = generator.write(folders[size], size, SEED)
        megabytes = sum(path.stat().st_size for path in written) / 1024 / 1024
        print(f"{size:,} learners: {len(written):,} files, {megabytes:.1f} MB in {folders[size]}")

    # Warm up imports, caches and the page cache, untimed; check what loads.
    widgets = {size: CoachCorner(folder=folders[size]) for size in SIZES}
    for size in SIZES:
        cohort = load_cohort(folders[size], lessons=lessons)
        if cohort.size != size or cohort.skipped:
            raise SystemExit(f"expected {size} learners and no skipped file, got {cohort.size} and {cohort.skipped}")
    sorting = np.random.default_rng(0).random(1_000_000)

    baseline: list[float] = []
    times: dict[int, dict[str, list[float]]] = {size: {step: [] for step in STEPS} for size in SIZES}
    for _ in range(runs):
        baseline.append(_ms(lambda: np.sort(sorting)))
        for size in SIZES:
            folder = folders[size]
            took, cohort = _timed(lambda folder=folder: load_cohort(folder, lessons=lessons))
            times[size]["load_cohort"].append(took)
            for name, summary in SUMMARIES.items():
                times[size][name].append(_ms(lambda summary=summary, cohort=cohort: summary(cohort)))

            def end_to_end(folder: Path = folder) -> None:
                cohort = load_cohort(folder, lessons=lessons)
                for summary in SUMMARIES.values():
                    summary(cohort)

            times[size][END_TO_END].append(_ms(end_to_end))
            times[size][WIDGET].append(_ms(widgets[size].load))
        baseline.append(_ms(lambda: np.sort(sorting)))

    reference = statistics.median(baseline)
    print(f"\n{runs} runs; baseline (np.sort of 1e6 random floats): median {reference:.1f} ms, "
          f"min {min(baseline):.1f}, max {max(baseline):.1f} ({len(baseline)} samples)\n")
    print("| learners | step | median ms | × baseline | max ms |")
    print("| ---: | --- | ---: | ---: | ---: |")
    print(_row("— | baseline: np.sort 1e6 floats", baseline, reference))
    for size in SIZES:
        for step in STEPS:
            print(_row(f"{size:,} | {step}", times[size][step], reference))
    largest = SIZES[-1]
    print()
    for step in (END_TO_END, WIDGET):
        values = times[largest][step]
        median, worst = statistics.median(values), max(values)
        verdict = "within" if worst < BAR_MS else "median within, slowest run OVER" if median < BAR_MS else "OVER"
        print(f"Bar: {largest:,} learners in under {BAR_MS:,} ms. {step}: median {median:,.0f} ms, "
              f"max {worst:,.0f} ms ({verdict} the bar).")


if __name__ == "__main__":
    main()
