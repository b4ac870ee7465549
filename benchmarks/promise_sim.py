"""Time of one "Can I keep my promise?" update: simulate() plus suggestions(), by weekly volume.

Two kinds of update are timed: a new ticket volume or seed (fresh arrivals are
drawn), and a schedule change (the arrivals of the previous call are reused).
The machine is shared and noisy, so every median is also given as a ratio to a
baseline measured in the same run, interleaved with the cases: numpy sorting
1e6 random floats.

    .venv/bin/python benchmarks/promise_sim.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from widgets.rules.simulator import Inputs, Schedule, simulate, suggestions

VOLUMES = (0, 50, 300, 5000, 100_000)
SCHEDULES = (Schedule.daily(range(5), start_hour=9, hours=2), Schedule.daily(range(5), start_hour=13, hours=2))


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _update(inputs: Inputs) -> None:
    simulate(inputs)
    suggestions(inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    rng = np.random.default_rng(0)
    data = rng.random(1_000_000)
    baseline: list[float] = []
    new_draw: dict[int, list[float]] = {v: [] for v in VOLUMES}
    schedule_change: dict[int, list[float]] = {v: [] for v in VOLUMES}
    tickets: dict[int, int] = {}
    first_call = _ms(lambda: _update(Inputs(tickets_per_week=300, schedule=SCHEDULES[0], minutes_per_reply=3,
                                            promise_hours=24, seed=10_000)))
    for run in range(runs):
        baseline.append(_ms(lambda: np.sort(data)))
        for volume in VOLUMES:
            base = Inputs(tickets_per_week=volume, schedule=SCHEDULES[0], minutes_per_reply=3, promise_hours=24,
                          seed=run)
            new_draw[volume].append(_ms(lambda base=base: _update(base)))
            moved = Inputs(tickets_per_week=volume, schedule=SCHEDULES[1],
                           minutes_per_reply=3, promise_hours=24, seed=run)
            schedule_change[volume].append(_ms(lambda moved=moved: _update(moved)))
            tickets[volume] = simulate(base).tickets
    reference = statistics.median(baseline)
    print(f"{runs} runs; baseline (np.sort of 1e6 random floats): median {reference:.1f} ms; "
          f"very first update (300/week, cold): {first_call:.1f} ms")
    print("simulate + suggestions, 8 weeks, Mon-Fri 2 h a day, 3 min per reply, 24 h promise")
    print(f"{'tickets/week':>12} {'tickets':>8} {'new arrivals ms':>16} {'x base':>7} {'max ms':>7} "
          f"{'schedule change ms':>19} {'x base':>7} {'max ms':>7}")
    for volume in VOLUMES:
        drawn, moved = new_draw[volume], schedule_change[volume]
        print(f"{volume:>12,} {tickets[volume]:>8,} {statistics.median(drawn):16.1f} "
              f"{statistics.median(drawn) / reference:7.2f} {max(drawn):7.1f} {statistics.median(moved):19.1f} "
              f"{statistics.median(moved) / reference:7.2f} {max(moved):7.1f}")


if __name__ == "__main__":
    main()
