"""Server time of lesson 2's "Your own inbox" on big exports, and of "Can I keep my promise?" per change.

Part 1, your own inbox: a reproducible ticket export shaped like
``assets/data/sample_tickets.csv`` (3,000 / 20,000 / 100,000 tickets, ~1%
unanswered, a handful of malformed rows) is timed through

  (a) the pure pipeline: ``load_tickets`` + ``analyse``;
  (b) the widget path of an upload: ``Inbox.upload_file`` (read, parse, measure,
      render every HTML block, keep a copy of the file), and ``Inbox.seconds``;
  (c) a promise change on the analysed inbox (re-measure + re-render);
  (d) a time-zone change (re-parse + re-measure + re-render).

Part 1b, every export layout (issue 16): ``tests/inbox_layouts/make_layouts.py`` writes each layout a
help desk or spreadsheet exports (Zendesk minutes, Freshdesk hours, Intercom seconds, "1h 23m",
"01:23:00", ISO offsets, "Z", Unix, four European spreadsheets, three workbooks) at 100,000 rows, and
each case is timed through

  (e) the pure pipeline, as the widget runs it: ``read_upload`` + ``guess_mapping`` +
      ``tickets_from_table`` (with the case's mapping) + ``analyse``; its figures are checked against
      the generator's expected.json (untimed);
  (f) the widget path: ``Inbox.upload_file`` on a fresh Inbox (read, guess, parse, measure, render,
      keep a copy), for the files within the 20 MB upload limit.

Part 2, can I keep my promise?: one ``messages.value`` change of the
``PromiseSimulator`` widget (simulate, suggestions, verdict, SVG chart and HTML)
at 300 and 100,000 messages a week, next to the bare ``run()`` it wraps.

The machine is shared and noisy, so every median is also given as a ratio to a
baseline measured in the same run, interleaved with the cases: numpy sorting
1e6 random floats (as ``promise_sim.py`` does). Saves are flushed between
steps, outside the timed regions.

    .venv/bin/python benchmarks/inbox_speed.py [--runs 5] [--profile]
    .venv/bin/python benchmarks/inbox_speed.py --layouts-only [--layout-rows 100000] [--xlsx-runs 1]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# The widgets read FAILFORWARD_DATA when first asked for a store; point it away from real progress first.
os.environ["FAILFORWARD_DATA"] = tempfile.mkdtemp(prefix="ff-inbox-bench-")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.inbox_layouts, run from anywhere

from tests.inbox_layouts.make_layouts import write_layouts
from widgets.exercises.inbox import Inbox
from widgets.exercises.simulator import PromiseSimulator
from widgets.rules.inbox import (
    analyse,
    guess_mapping,
    latest_time,
    load_tickets,
    parse_times,
    read_table,
    read_upload,
    tickets_from_table,
)
from widgets.rules.inbox_limits import MAX_BYTES
from widgets.rules.simulator import run, sim_content
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore
from widgets.store.promise import Promise

SIZES = (3_000, 20_000, 100_000)
BAR_MS = 1000  # lesson 2's bar: 100,000 tickets analysed in under 1 s of server time
SIM_VOLUMES = (300, 100_000)
SIM_BAR_MS = 300  # the simulator's bar per change
HEADER = "Ticket ID,Subject,Created At,First Reply At"
SUBJECTS = ("Where is my order?", "Broken clasp on necklace", "Ring size exchange", "Gift wrapping question",
            "Earring back missing", "Discount code not working", "Custom engraving", "Return request",
            "Chain tarnished", "Delivery address change")
STEPS = ("(a) load_tickets + analyse", "(b) upload_file (widget)", "(b) Inbox.seconds (its own clock)",
         "(c) promise 24 → 8 h", "(d) time zone → New York")


def make_csv(tickets: int, seed: int = 259) -> bytes:
    """A helpdesk export of ``tickets`` rows over a year, like the sample's, deterministic for a seed.

    Arrivals are spread over 52 weeks from a Monday; first replies come a log-normal wait later (median
    about 3 h, a long tail of days); 1% are unanswered (empty reply). Five malformed rows are spread
    through the file: an extra field, an unreadable date, an impossible date, an empty arrival time and a
    reply dated before its message.
    """
    rng = np.random.default_rng(seed)
    start = np.datetime64("2025-01-06T00:00", "m")
    created = start + np.sort(rng.integers(0, 52 * 7 * 24 * 60, tickets)).astype("timedelta64[m]")
    waits = np.minimum(np.exp(rng.normal(np.log(180), 1.3, tickets)), 30 * 24 * 60).astype("int64") + 1
    replied = created + waits.astype("timedelta64[m]")
    created_text = pd.Series(created).dt.strftime("%d/%m/%Y %H:%M").tolist()
    replied_text = pd.Series(replied).dt.strftime("%d/%m/%Y %H:%M").tolist()
    for index in np.flatnonzero(rng.random(tickets) < 0.01).tolist():
        replied_text[index] = ""
    subjects = rng.choice(len(SUBJECTS), tickets).tolist()
    rows = [f"T{1001 + i},{SUBJECTS[s]},{c},{r}" for i, (s, c, r) in
            enumerate(zip(subjects, created_text, replied_text, strict=True))]
    spots = [tickets * k // 6 for k in range(1, 6)]
    rows[spots[0]] = f"T{1001 + spots[0]},Return request,extra field,{created_text[spots[0]]},"
    rows[spots[1]] = f"T{1001 + spots[1]},Chain tarnished,last Tuesday,{replied_text[spots[1]]}"
    rows[spots[2]] = f"T{1001 + spots[2]},Custom engraving,31/02/2025 10:00,{replied_text[spots[2]]}"
    rows[spots[3]] = f"T{1001 + spots[3]},Ring size exchange,,{replied_text[spots[3]]}"
    rows[spots[4]] = f"T{1001 + spots[4]},Where is my order?,{created_text[spots[4]]},06/01/2025 00:00"
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode()


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _pipeline(data: bytes) -> None:
    frame = load_tickets(data, tz="Europe/London").frame
    analyse(frame, 24, now=latest_time(frame), tz="Europe/London")


def _read_csv_c(data: bytes) -> pd.DataFrame:
    """The same file read by pandas' C parser: a reference for how fast reading alone can be."""
    return pd.read_csv(io.BytesIO(data), dtype=str, on_bad_lines="skip")


def _fresh(root: Path, name: str) -> tuple[Autosaver, Promise]:
    """A saver and promise on an empty store of their own, so nothing is restored from an earlier run."""
    store = ProgressStore(root / name)
    return Autosaver(store, delay=0.05), Promise(store=store)


def inbox_round(data: bytes, root: Path, name: str) -> dict[str, float]:
    """Steps (b), (c), (d) on a fresh Inbox, in ms; saves flushed outside the timed regions."""
    saver, promise = _fresh(root, name)
    inbox = Inbox(saver=saver, promise=promise)
    times = {STEPS[1]: _ms(lambda: inbox.upload_file("tickets.csv", data))}
    times[STEPS[2]] = inbox.seconds * 1000
    assert inbox.result is not None, inbox.problems.value
    saver.flush()
    times[STEPS[3]] = _ms(lambda: setattr(promise, "hours", 8))
    saver.flush()
    times[STEPS[4]] = _ms(lambda: setattr(inbox.tz, "value", "America/New_York"))
    saver.flush()
    return times


def _row(label: str, values: list[float], reference: float) -> str:
    median = statistics.median(values)
    return f"| {label} | {median:,.0f} | {median / reference:.1f} | {max(values):,.0f} |"


def profile_upload(data: bytes, root: Path, top: int) -> None:
    """Where one upload's time goes (each part timed once), then cProfile's top functions of one upload."""
    ragged: list[int] = []
    parts = {"read_table (C engine, ragged rows from its warnings)": _ms(lambda: read_table(data, ragged=ragged))}
    table = read_table(data)[0]
    assert table is not None
    parts["tickets_from_table, tz UTC, order auto (load()'s column guess)"] = _ms(lambda: tickets_from_table(table))
    for column in ("Created At", "First Reply At"):
        parts[f"  parse_times({column!r}), order auto"] = _ms(lambda column=column: parse_times(table[column], "UTC"))
    print(f"\n--- one upload of {len(data):,} bytes, by part ---")
    for name, value in parts.items():
        print(f"{name:68} {value:8,.0f} ms")
    saver, promise = _fresh(root, "profile")
    inbox = Inbox(saver=saver, promise=promise)
    profiler = cProfile.Profile()
    profiler.runcall(inbox.upload_file, "tickets.csv", data)
    saver.flush()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        text = out.getvalue()
        print(f"\n--- profile of upload_file, {len(data):,} bytes, by {order} ---")
        print(text[text.index("   ncalls"):].rstrip())


def _reply_is(case: dict[str, Any]) -> str:
    if case["reply_kind"] == "time":
        return "time"
    return {"text": "duration", "clock": "duration"}.get(case["unit"], case["unit"])


def _layout_pipeline(data: bytes, case: dict[str, Any]) -> Any:
    """What an upload of this layout costs the server, with the case's mapping (step e)."""
    table, problem = read_upload(data, max_bytes=len(data) + 1)
    assert table is not None, problem
    guess_mapping(table)
    columns = case["columns"]
    zone = case["read_tz"] or ""
    tickets = tickets_from_table(table, received=columns["received"], reply=columns["reply"],
                                 reply_is=_reply_is(case), subject=columns["subject"] or "",
                                 tz={"Europe/Berlin": "Europe/Paris", "Europe/Madrid": "Europe/Paris"}.get(zone, zone))
    assert not tickets.stop, tickets.stop
    return analyse(tickets.frame, 24, now=latest_time(tickets.frame), tz=zone or "UTC")


def _matches(result: Any, expected: dict[str, Any]) -> bool:
    return (result.tickets, result.unanswered, round(result.median_hours, 2), round(result.within_promise, 4)) == (
        expected["tickets"], expected["unanswered"], expected["median_hours"], expected["within"]["24h"]["of_all"])


def layouts_part(rows: int, runs: int, xlsx_runs: int, root: Path) -> None:
    """Part 1b: every good layout of the generator at ``rows`` rows, steps (e) and (f), with the baseline."""
    folder = Path(tempfile.mkdtemp(prefix="ff-inbox-layouts-"))
    began = time.perf_counter()
    write_layouts(folder, rows=rows, seed=7)
    print(f"\n## Every export layout, {rows:,} rows each (written in {time.perf_counter() - began:.0f} s)\n")
    cases = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["layouts"]
    sorting = np.random.default_rng(0).random(1_000_000)
    first = next(c for c in cases.values() if c["kind"] == "good")
    _layout_pipeline((folder / first["file"]).read_bytes(), first)  # warm up, untimed
    print("| layout | file | MB | (e) pipeline median ms | × baseline | max ms | (f) upload_file median ms | "
          "× baseline | figures |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    baseline: list[float] = []
    worst: dict[str, tuple[float, str]] = {}
    try:
        for name, case in cases.items():
            if case["kind"] != "good":
                continue
            data = (folder / case["file"]).read_bytes()
            count = xlsx_runs if case["format"] == "xlsx" else runs
            if not count:
                continue
            around = [_ms(lambda: np.sort(sorting)) for _ in range(3)]
            pipeline = [_ms(lambda data=data, case=case: _layout_pipeline(data, case)) for _ in range(count)]
            widget: list[float] = []
            if len(data) <= MAX_BYTES:
                for run_number in range(count):
                    saver, promise = _fresh(root, f"layout-{name}-{run_number}")
                    inbox = Inbox(saver=saver, promise=promise)
                    widget.append(_ms(lambda inbox=inbox, data=data, case=case: inbox.upload_file(case["file"], data)))
                    saver.flush()
            around += [_ms(lambda: np.sort(sorting)) for _ in range(3)]
            baseline += around
            reference = statistics.median(around)  # the machine's load while this layout ran
            right = "right" if _matches(_layout_pipeline(data, case), case["expected"]) else "WRONG"
            median = statistics.median(pipeline)
            shown = (f"{statistics.median(widget):,.0f} | {statistics.median(widget) / reference:.0f}" if widget
                     else "over 20 MB: not uploadable | —")
            print(f"| {name} | {case['file']} | {len(data) / 1024 / 1024:.1f} | {median:,.0f} | "
                  f"{median / reference:.0f} | {max(pipeline):,.0f} | {shown} | {right} |")
            worst[case["format"]] = max(worst.get(case["format"], (0.0, "")), (median, name))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    reference = statistics.median(baseline)
    print(f"\nBaseline (np.sort of 1e6 random floats): median {reference:.1f} ms, min {min(baseline):.1f}, "
          f"max {max(baseline):.1f} ({len(baseline)} samples, three before and three after each layout; each "
          "layout's ratio is to the median of its own six).")
    for kind, (median, name) in sorted(worst.items()):
        print(f"Bar: {rows:,} rows in under {BAR_MS} ms of server time. Slowest {kind} layout ({name}), step (e): "
              f"median {median:,.0f} ms ({'within' if median < BAR_MS else 'OVER'} the bar).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--profile", action="store_true", help="also profile one upload of the largest size")
    parser.add_argument("--layouts-only", action="store_true", help="only part 1b, every export layout")
    parser.add_argument("--layout-rows", type=int, default=100_000)
    parser.add_argument("--xlsx-runs", type=int, default=1,
                        help="runs of each workbook layout (openpyxl is slow); 0 leaves them out")
    args = parser.parse_args()
    runs, sizes = args.runs, args.sizes
    if args.layouts_only:
        layouts_part(args.layout_rows, runs, args.xlsx_runs, Path(tempfile.mkdtemp(prefix="ff-inbox-stores-")))
        return
    files = {size: make_csv(size) for size in sizes}
    # Baseline: np.sort of 1e6 random floats. It is plain numpy C code that none of the timed steps share, so
    # it moves with the machine's load and not with changes to pandas or to the widgets; and it is the baseline
    # of promise_sim.py, so ratios of the two lesson-2 benchmarks compare. pandas' C CSV reader on the same file
    # is reported too, as a reference for how fast reading alone can be, but not used as the baseline.
    sorting = np.random.default_rng(0).random(1_000_000)
    root = Path(tempfile.mkdtemp(prefix="ff-inbox-stores-"))

    # Warm up imports, caches and numpy/pandas code paths on the smallest file, untimed.
    _pipeline(files[sizes[0]])
    inbox_round(files[sizes[0]], root, "warm")
    checked = {size: load_tickets(files[size], tz="Europe/London") for size in sizes}

    baseline: list[float] = []
    reference_csv: dict[int, list[float]] = {size: [] for size in sizes}
    inbox_times: dict[int, dict[str, list[float]]] = {size: {step: [] for step in STEPS} for size in sizes}
    for run_number in range(runs):
        baseline.append(_ms(lambda: np.sort(sorting)))
        for size in sizes:
            data = files[size]
            reference_csv[size].append(_ms(lambda data=data: _read_csv_c(data)))
            inbox_times[size][STEPS[0]].append(_ms(lambda data=data: _pipeline(data)))
            for step, value in inbox_round(data, root, f"r{run_number}-{size}").items():
                inbox_times[size][step].append(value)
        baseline.append(_ms(lambda: np.sort(sorting)))

    # Part 2: the simulator widget, one change of "Messages a week" at a time, alternating volumes.
    saver, promise = _fresh(root, "simulator")
    content = sim_content()
    simulator = PromiseSimulator(content=content, saver=saver, promise=promise)
    sim_widget: dict[int, list[float]] = {v: [] for v in SIM_VOLUMES}
    sim_run: dict[int, list[float]] = {v: [] for v in SIM_VOLUMES}
    for _ in range(runs):
        baseline.append(_ms(lambda: np.sort(sorting)))
        for volume in SIM_VOLUMES:
            sim_widget[volume].append(_ms(lambda volume=volume: setattr(simulator.messages, "value", volume)))
            saver.flush()
            settings = simulator.settings
            sim_run[volume].append(_ms(lambda settings=settings: run(settings, promise.hours, target=content.target,
                                                                    weeks=content.weeks)))

    reference = statistics.median(baseline)
    print(f"{runs} runs; baseline (np.sort of 1e6 random floats): median {reference:.1f} ms, "
          f"min {min(baseline):.1f}, max {max(baseline):.1f} ({len(baseline)} samples)")
    for size in sizes:
        tickets = checked[size]
        print(f"{size:,} tickets, {len(files[size]) / 1024 / 1024:.1f} MB: {len(tickets.frame):,} analysed; "
              + " ".join(tickets.problems))
    print("\n## Your own inbox\n")
    print("| tickets | step | median ms | × baseline | max ms |")
    print("| ---: | --- | ---: | ---: | ---: |")
    print(_row("— | baseline: np.sort 1e6 floats", baseline, reference))
    for size in sizes:
        print(_row(f"{size:,} | reference: pd.read_csv, C engine", reference_csv[size], reference))
        for step in STEPS:
            print(_row(f"{size:,} | {step}", inbox_times[size][step], reference))
    largest = sizes[-1]
    print()
    for step in (STEPS[1], STEPS[4]):
        median = statistics.median(inbox_times[largest][step])
        print(f"Bar: {largest:,} tickets in under {BAR_MS} ms of server time. {step}: median {median:,.0f} ms "
              f"({'within' if median < BAR_MS else 'OVER'} the bar).")

    print("\n## Can I keep my promise? (one change of messages a week)\n")
    print(f"Starting numbers from simulator.yaml: {content.start.days} days, from {content.start.start_hour:g}:00 for "
          f"{content.start.hours_per_day:g} h, {content.start.minutes_per_reply} min per reply, {content.weeks} weeks, "
          f"target {content.target:.0%}, promise {promise.hours} h")
    print("\n| messages a week | step | median ms | × baseline | max ms |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for volume in SIM_VOLUMES:
        print(_row(f"{volume:,} | run() (simulate, suggestions, keepable)", sim_run[volume], reference))
        print(_row(f"{volume:,} | messages.value change (widget: + verdict, chart, HTML, save)",
                   sim_widget[volume], reference))
    slowest = max(statistics.median(v) for v in sim_widget.values())
    print(f"\nBar: {SIM_BAR_MS} ms per change. Slowest median change: {slowest:,.0f} ms "
          f"({'within' if slowest < SIM_BAR_MS else 'OVER'} the bar).")

    layouts_part(args.layout_rows, runs, args.xlsx_runs, root)
    if args.profile:
        profile_upload(files[largest], root, 25)


if __name__ == "__main__":
    main()
