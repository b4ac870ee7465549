"""Server time of one recovery-message review (lesson 3) on a 5,000-character message.

The bar: feedback keeps up with typing, so one keystroke costs at most 100 ms
of server time on a 5,000-character message (the longest that is kept). Three
messages of exactly 5,000 characters are timed:

- clean: a good reply padded with plain sentences (nothing flagged);
- flagged: blame, excuses and hedged apologies all the way through (a mark and a note per sentence);
- no hits: words that match nothing, so every pattern scans the whole text and fails.

Per message and run it times ``review()`` alone (the pure check) and a keystroke
in the widget: ``RecoveryWorkshop.message.value`` set, which also escapes and
highlights the preview, writes the checklist and schedules a save (flushed
outside the timed region, to a temporary folder). The machine is shared and
noisy, so medians are also given as a ratio to a baseline measured in the same
run, interleaved with the cases: numpy sorting 1e6 random floats (as in
``promise_sim.py``). Loading and compiling the rules is timed once.

    .venv/bin/python benchmarks/recovery_check.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

import numpy as np

from widgets.core.text import MAX_TEXT
from widgets.exercises.recovery import RecoveryWorkshop
from widgets.rules.recovery import load_rules, review, rules_file
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore

GOOD = ("Hi Sam, I'm so sorry the clasp we chose failed. That's on us: it wasn't strong enough for everyday "
        "wear. We'll send you a new necklace with a stronger clasp by Friday, and to make up for the trouble "
        "I'm adding a small gift.\n\n")
PLAIN = "Thank you for being such a loyal customer over the years, and for telling us straight away. "
FLAGGED = ("Sorry for any inconvenience, but the courier must have dropped it. As per our policy, mistakes happen. "
           "To be fair, it was just a bad batch from the supplier. ")
NOTHING = "Lorem ipsum dolor amet consectetur adipiscing elit sed eiusmod tempor incididunt labore magna aliqua. "


def exactly(text: str, *, start: str = "") -> str:
    """``start`` followed by ``text`` repeated, cut to exactly MAX_TEXT characters."""
    body = start + text * (MAX_TEXT // len(text) + 1)
    return body[:MAX_TEXT]


MESSAGES = {"clean": exactly(PLAIN, start=GOOD), "flagged": exactly(FLAGGED), "no hits": exactly(NOTHING)}


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    folder = tempfile.mkdtemp(prefix="ff-bench-")
    os.environ["FAILFORWARD_DATA"] = folder
    load_ms = _ms(lambda: load_rules(rules_file()))
    rules = load_rules(rules_file())
    patterns = sum(len(i.look_for) + len(i.also_needs) for i in rules.checklist) + sum(
        len(f.patterns) for f in rules.flags)
    saver = Autosaver(ProgressStore(folder), delay=3600)
    widget = RecoveryWorkshop(rules=rules, saver=saver)
    data = np.random.default_rng(0).random(1_000_000)
    baseline: list[float] = []
    pure: dict[str, list[float]] = {name: [] for name in MESSAGES}
    keystroke: dict[str, list[float]] = {name: [] for name in MESSAGES}
    for run in range(runs):
        baseline.append(_ms(lambda: np.sort(data)))
        for name, message in MESSAGES.items():
            pure[name].append(_ms(lambda message=message: review(message, rules)))
            typed = message[:-1] + "xy"[run % 2]  # a different value every run, as a keystroke would be
            keystroke[name].append(_ms(lambda typed=typed: setattr(widget.message, "value", typed)))
            saver.flush()
    reference = statistics.median(baseline)
    print(f"{runs} runs; baseline (np.sort of 1e6 random floats): median {reference:.1f} ms; "
          f"loading and compiling the rules ({patterns} patterns): {load_ms:.1f} ms once")
    print(f"{'message (5,000 chars)':<22} {'marks':>5} {'step':<28} {'median ms':>9} {'x base':>7} {'max ms':>7}")
    for name, message in MESSAGES.items():
        marks = len(review(message, rules).marks)
        for step, times in (("review()", pure[name]), ("keystroke in the widget", keystroke[name])):
            median = statistics.median(times)
            print(f"{name:<22} {marks:>5} {step:<28} {median:9.2f} {median / reference:7.2f} {max(times):7.2f}")


if __name__ == "__main__":
    main()
