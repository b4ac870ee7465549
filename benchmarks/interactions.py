"""Server time of every exercise's heaviest interaction, for every ``ff.*`` call in the lessons.

The bar: exercise feedback within 100 ms of server time. The exercises are found
in the lesson notebooks (``lessons/*.ipynb``: every ``ff.<name>(...)`` call in a
code cell), so a new one shows up here by itself. Each lesson is built as its
notebook builds it (every call, in order, through ``widgets.lesson``, inside one
IPython kernel started with jupyter_client, so every widget has a real comm and
every change is serialised and sent), then each exercise is put in a heavy but
valid state (answers at their length limits, every row filled, a full board)
and its heaviest interactions are timed: from the event (a value set or a
click, as the browser's message would trigger it) until the handler returns,
that is until the widget's visible state has been updated and sent.

Saving is not part of that time: answers are written by the autosaver up to
0.4 s after a change, in one batch. The script flushes the autosaver after each
timed event and reports that write separately ("save ms"); a handler that saves
synchronously (like "Mark lesson done") has its write inside the timed figure.

The course is run twice in one temporary data folder (deleted at the end): a
first pass fills every exercise, so the second, timed pass opens each lesson
with a full learner's answers (the playbook, take-your-work and the course map
see the whole course). Between lessons the per-kernel singletons are reset and
the widgets closed, as a new kernel per lesson would. Interactions are
interleaved: each round does every interaction of the lesson once, after a
baseline sample. Baseline: numpy sorting 1e6 random floats, as in
``promise_sim.py``, ``inbox_speed.py`` and ``recovery_check.py`` (plain numpy,
used by no exercise, so it follows the machine's load).

Inputs that scale (inbox upload size, simulator messages a week) use the
course's shipped sample and defaults here; ``inbox_speed.py``, ``promise_sim.py``,
``board_interactions.py`` and ``recovery_check.py`` give the figures at scale.

    .venv/bin/python benchmarks/interactions.py [--runs 15] [--warmups 2] [--in-process]
"""

from __future__ import annotations

import argparse
import ast
import gc
import json
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from widgets.look.ui import STYLESHEET

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SAMPLE_CSV = ROOT / "assets" / "data" / "sample_tickets.csv"
BAR_MS = 100.0

Call = tuple[str, tuple[Any, ...], dict[str, Any]]


# ---- the lessons' calls ------------------------------------------------------------------------


def lesson_calls(folder: Path = LESSONS) -> dict[str, list[Call]]:
    """Per lesson notebook (by file stem, in order), every ``ff.<name>(literal args)`` call in its code cells."""
    found: dict[str, list[Call]] = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        calls: list[Call] = []
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell["source"])
            lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "ff"):
                    args = tuple(ast.literal_eval(a) for a in node.args)
                    kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
                    calls.append((node.func.attr, args, kwargs))
        found[notebook.stem] = calls
    return found


def call_text(call: Call) -> str:
    name, args, kwargs = call
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(shown)})"


# ---- heavy, valid inputs -------------------------------------------------------------------------


def exactly(text: str, length: int) -> str:
    """``text`` repeated (space-separated) and cut to ``length`` characters, ending on a letter."""
    body = (text.strip() + " ") * (length // (len(text) + 1) + 1)
    return body[:length - 1].rstrip() + "s"


NAME = exactly("Maya Alexandra Fitzgerald-Okonkwo", 60)
TAKEAWAY = ("Failure is easier to picture than success, so I start from it: I list how I'd ruin the moment, "
            "then write the opposite of each, with a number I can check every week.")
OPPOSITE = ("Reply within 24 hours to every customer with a broken piece: say sorry once, say what we'll do, and "
            "send a prepaid label the same day so they never wait on us.")
OWN_WAYS = ("Argue about whose fault the clasp was", "Ask for photos three times", "Send a generic template",
            "Refund without a word of apology", "Let the courier handle the complaint")
DRAFT = ("Hi Sam, I'm so sorry the clasp we chose failed. That's on us: it wasn't strong enough for everyday wear. "
         "We'll send you a new necklace with a stronger clasp by Friday, and I'm adding a small gift. "
         "Sorry for any inconvenience, but the courier must have dropped it. ")


# ---- what is timed -------------------------------------------------------------------------------


@dataclass
class Interaction:
    """One learner interaction: ``act(run)`` is timed; ``before(run)`` (untimed) sets up each run."""

    label: str
    act: Callable[[int], object]
    before: Callable[[int], object] | None = None


@dataclass
class Row:
    lesson: str
    call: str
    label: str
    ms: list[float] = field(default_factory=list)
    save_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _upload(widget: Any, name: str, data: bytes, mime: str) -> None:
    """What the browser's FileUpload message does: its state (one file, content as a buffer) set on the widget."""
    widget.set_state({"value": [{"name": name, "type": mime, "size": len(data), "content": memoryview(data),
                                 "last_modified": 1764000000000}]})


def _header(box: Any, call: Call) -> list[Interaction]:
    from widgets.look.navigation import Stepper
    stepper = next(c for c in box.children if isinstance(c, Stepper))
    return [Interaction("stepper redrawn (after 'Mark lesson done'; display only)", lambda r: stepper.refresh())]


def _name_entry(entry: Any, call: Call) -> list[Interaction]:
    entry.input.value = NAME[:-1] + "x"
    return [Interaction("type a letter of a 60-character name (the longest kept)",
                        lambda r: setattr(entry.input, "value", NAME[:-1] + "ab"[r % 2]))]


def _course_map(course_map: Any, call: Call) -> list[Interaction]:
    return [Interaction("course map redrawn (after 'Mark lesson done'; display only)", lambda r: course_map.refresh())]


def _finish(finish: Any, call: Call) -> list[Interaction]:
    from widgets.core.text import MAX_TEXT
    finish.answer.value = exactly(TAKEAWAY, MAX_TEXT)
    if not finish.done:
        finish.click()

    def reopen(_r: int) -> None:
        if finish.done:
            finish.click()
    return [Interaction("'Mark lesson done' with a 5,000-character takeaway (save, complete, maps redrawn)",
                        lambda r: finish.click(), before=reopen)]


def _checkin(card: Any, call: Call) -> list[Interaction]:
    count = len(card.options.options)
    card.pick(count - 1)
    return [Interaction(f"pick an option (of {count}): feedback shown", lambda r: card.pick(r % count))]


def _decisions(cases: Any, call: Call) -> list[Interaction]:
    for case in cases.cases:
        case.pick(len(case.options.options) - 1)
    last = cases.cases[-1]
    count = len(last.options.options)
    return [Interaction(f"pick an option in case {len(cases.cases)} (all decided): feedback + count",
                        lambda r: last.pick(r % count))]


ROWS_PER_STAGE = 10


def _inversion_board(board: Any, call: Call) -> list[Interaction]:
    from widgets.rules.inversion import MAX_FIELD, is_complete, ranked
    from widgets.rules.inversion import Row as BoardRow
    for stage_id in board.content:
        board.add_stage(stage_id)
    for stage in board.data.stages:
        for n in range(len(stage.rows), ROWS_PER_STAGE):
            board.add_row(stage.id, BoardRow("", exactly(f"Way {n} to crash {stage.name}: let it slide", 200),
                                             exactly(f"Check {stage.name} every Monday, step {n}", 200),
                                             f"{n + 1} checks a week, 95 % on time"))
    for row_id in ranked(board.data)[:5]:
        if row_id in board.rank_items and not board.rank_items[row_id].commit.value:
            board.rank_items[row_id].commit.value = True
    middle = board.data.stages[len(board.data.stages) // 2]
    row = middle.rows[len(middle.rows) // 2]
    editor = board.editor(row.id)
    opposite = exactly("Answer every wholesale enquiry the same day, with a price list", MAX_FIELD)
    extra: list[str] = []

    def drop_extra(_r: int) -> None:
        while extra:
            board.remove_row(extra.pop())

    def add(_r: int) -> None:
        board.cards[middle.id].add_button.click()
        extra.append(middle.rows[-1].id)

    def clear_opposite(_r: int) -> None:
        drop_extra(_r)
        editor.inverse.value = ""
        assert not is_complete(row)
    rows = len(board.data.rows())
    return [
        Interaction(f"add a row ({rows}-row board, {len(board.data.stages)} stages)", add, before=drop_extra),
        Interaction("write a row's opposite (500 chars): row joins the ranking",
                    lambda r: setattr(editor.inverse, "value", opposite[:-1] + "ab"[r % 2]), before=clear_opposite),
        Interaction("rank an opposite higher / lower (ranking list reordered)",
                    lambda r: (board.rank_items[row.id].down if r % 2 else board.rank_items[row.id].up).click(),
                    before=drop_extra),
    ]


def _response_policy(policy: Any, call: Call) -> list[Interaction]:
    from widgets.rules.policy import MAX_CUSTOM, MAX_OPPOSITE
    for text in OWN_WAYS[len(policy.policy.custom):MAX_CUSTOM]:
        policy.custom_input.value = text
        policy.add_custom.click()
    for tick in policy.ticks.values():
        tick.value = True
    for box in policy.opposite_boxes.values():
        box.value = exactly(OPPOSITE, MAX_OPPOSITE)
    policy.hours.value = 24
    ways = len(policy.ticks)
    return [
        Interaction(f"'Check my policy', {ways} ways ticked, every opposite 400 chars",
                    lambda r: policy.check_button.click()),
        Interaction("move the promise slider 24 ↔ 25 h (explorer, inbox and simulator follow)",
                    lambda r: setattr(policy.hours, "value", 25 - r % 2)),
    ]


def _response_explorer(explorer: Any, call: Call) -> list[Interaction]:
    return [Interaction("drag the hours slider one step (chart and sentence redrawn)",
                        lambda r: setattr(explorer.hours, "value", 30 + r % 2))]


def _inbox(inbox: Any, call: Call) -> list[Interaction]:
    data = SAMPLE_CSV.read_bytes()
    if inbox.result is None:
        inbox.use_sample()
    lines = data.count(b"\n")
    return [
        Interaction(f"upload the shipped sample CSV ({len(data) // 1024} KB, {lines:,} lines): read, parse, "
                    "measure, draw", lambda r: _upload(inbox.upload, "sample_tickets.csv", data, "text/csv")),
        Interaction("time zone London ↔ New York (re-parse, re-measure, redraw)",
                    lambda r: setattr(inbox.tz, "value", ("America/New_York", "Europe/London")[r % 2])),
    ]


def _promise_simulator(sim: Any, call: Call) -> list[Interaction]:
    base = int(sim.content.start.messages_per_week)
    sim.messages.value = base
    return [Interaction(f"messages a week {base} ↔ {base + 1} (re-simulate, redraw)",
                        lambda r: setattr(sim.messages, "value", base + 1 - r % 2))]


def _scenario(player: Any, call: Call) -> list[Interaction]:
    from widgets.rules.scenario import all_paths
    path = max(all_paths(player.scenario), key=len)

    def walk(_r: int) -> None:
        player.replay()
        for index in path[:-1]:
            player.choose(index)
    return [Interaction(f"the choice that ends the longest path ({len(path)} choices): meters, scene, summary",
                        lambda r: player.choice_buttons[path[-1]].click(), before=walk)]


def _recovery_workshop(workshop: Any, call: Call) -> list[Interaction]:
    from widgets.core.text import MAX_TEXT
    draft = exactly(DRAFT, MAX_TEXT)
    workshop.message.value = draft
    return [Interaction("keystroke at the end of a 5,000-character draft (review, checklist, preview)",
                        lambda r: setattr(workshop.message, "value", draft[:-1] + "xy"[r % 2]))]


def _reframing_drill(drill: Any, call: Call) -> list[Interaction]:
    from widgets.rules.reframing import MAX_REFRAME
    rows = list(drill.rows.values())
    texts = [exactly(row.thought.example, MAX_REFRAME) for row in rows]
    for row, text in zip(rows, texts, strict=True):
        row.box.value = text
    last, text = rows[-1], texts[-1]
    return [Interaction(f"keystroke in a 1,000-character reframe (all {len(rows)} filled): feedback + count",
                        lambda r: setattr(last.box, "value", text[:-1] + "ab"[r % 2]))]


def _debrief(debrief: Any, call: Call) -> list[Interaction]:
    from widgets.rules.debrief import FIELDS, MAX_FIELD, SHORT_FIELDS
    for name in FIELDS:
        example = debrief.content.fields[name].example
        debrief.boxes[name].value = example if name in SHORT_FIELDS else exactly(example, MAX_FIELD)
    long_field = next(n for n in FIELDS if n not in SHORT_FIELDS)
    text = debrief.boxes[long_field].value
    return [
        Interaction("'Check my debrief', every field filled (long ones 1,000 chars)",
                    lambda r: debrief.check_button.click()),
        Interaction("keystroke after checking (review and summary follow)",
                    lambda r: setattr(debrief.boxes[long_field], "value", text[:-1] + "ab"[r % 2])),
    ]


def _playbook_preview(preview: Any, call: Call) -> list[Interaction]:
    from widgets.rules.playbook import downloads_html
    return [
        Interaction("'Refresh': re-read every answer, rebuild the page and both downloads",
                    lambda r: preview.refresh_button.click()),
        Interaction("  of which: the two downloads alone (Markdown + printable, base64 links)",
                    lambda r: downloads_html(preview.book, STYLESHEET)),
    ]


def _take_your_work(carry: Any, call: Call) -> list[Interaction]:
    from widgets.store.progress import ProgressStore
    from widgets.store.transfer import export_json
    payload = export_json(carry.store).encode("utf-8")
    answers = len(json.loads(payload)["answers"])
    own_store = carry.store
    fresh: list[Any] = []

    def fresh_session(r: int) -> None:
        """Import goes into an empty store (a new session), so every answer is new."""
        for store in fresh:
            store.close()
        fresh.clear()
        fresh.append(ProgressStore(Path(own_store.directory) / f"fresh-session-{r}"))
        carry.store = fresh[0]

    def chosen(r: int) -> None:
        fresh_session(r)
        _upload(carry.upload, "fail-forward-progress.json", payload, "application/json")

    def back(_r: int) -> None:
        carry.cancel()
        for store in fresh:
            store.close()
        fresh.clear()
        carry.store = own_store

    return [
        Interaction(f"'Prepare my progress file' ({answers} answers, {len(payload) // 1024} KB)",
                    lambda r: carry.prepare_button.click(), before=back),
        Interaction("import, into a fresh session: choose the file (read, compare, show the plan)",
                    lambda r: _upload(carry.upload, "fail-forward-progress.json", payload, "application/json"),
                    before=fresh_session),
        Interaction("import, into a fresh session: 'Import' (write every answer)",
                    lambda r: carry.import_button.click(), before=chosen),
    ]


PART_DRIVERS = {"Inbox": "inbox", "PromiseSimulator": "promise_simulator", "ReframingDrill": "reframing_drill",
                "ScenarioPlayer": "scenario", "DecisionCases": "decisions"}
"""The exercise inside a go-deeper part, by its class, and the driver that uses it."""


def _go_deeper(part: Any, call: Call) -> list[Interaction]:
    """Open an optional part as the learner would (its exercise is built then), and drive what is inside."""
    part.open_part()
    inner = part.exercise
    driver = PART_DRIVERS.get(type(inner).__name__)
    if driver is None:
        return [Interaction(f"open and close the part ({type(inner).__name__} inside)",
                            lambda r: part.toggle())]
    return [Interaction(f"{item.label} (inside the part)", item.act, before=item.before)
            for item in DRIVERS[driver](inner, call)]


DRIVERS: dict[str, Callable[[Any, Call], list[Interaction]]] = {
    "header": _header, "name_entry": _name_entry, "course_map": _course_map, "finish": _finish,
    "checkin": _checkin, "decisions": _decisions, "inversion_board": _inversion_board,
    "response_policy": _response_policy, "response_explorer": _response_explorer, "inbox": _inbox,
    "promise_simulator": _promise_simulator, "scenario": _scenario, "recovery_workshop": _recovery_workshop,
    "reframing_drill": _reframing_drill, "debrief": _debrief, "playbook_preview": _playbook_preview,
    "take_your_work": _take_your_work, "go_deeper": _go_deeper,
}


# ---- running (inside the kernel) ------------------------------------------------------------------


class _Errors(logging.Handler):
    """Errors the exercises log (a guarded handler turns an exception into a log line and a banner)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage() + (f": {record.exc_info[1]!r}" if record.exc_info else ""))


def _new_kernel_state() -> None:
    """What a new lesson kernel starts with: no store, autosaver or promise yet, no widgets."""
    import ipywidgets as w

    from widgets.store import autosave, progress, promise
    if autosave._default is not None:
        autosave._default.flush()
    autosave._default = None
    if progress._default is not None:
        progress._default.close()
    progress._default = None
    promise._shared = None
    w.Widget.close_all()
    gc.collect()


def _build(calls: list[Call]) -> list[tuple[Call, Any]]:
    import widgets.lesson as ff
    from widgets.store.autosave import default_autosaver
    default_autosaver().delay = 3600  # no timer fires mid-measurement; saves are flushed (and timed) explicitly
    return [(call, getattr(ff, call[0])(*call[1], **call[2])) for call in calls]


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(runs: int, warmups: int) -> dict[str, Any]:
    """Fill the course once, then time every lesson's interactions; plain data for the report."""
    import numpy as np

    from widgets.store.autosave import default_autosaver
    os.environ["FAILFORWARD_STRICT"] = "1"  # a widget that fails to build raises instead of showing a notice
    errors = _Errors()
    logging.getLogger("widgets").addHandler(errors)
    course = lesson_calls()
    for calls in course.values():  # pass 1: fill every exercise, so pass 2 opens a full learner's course
        _new_kernel_state()
        for call, widget in _build(calls):
            if call[0] in DRIVERS:
                DRIVERS[call[0]](widget, call)
        default_autosaver().flush()
    data = np.random.default_rng(0).random(1_000_000)
    baseline: list[float] = []
    rows: list[Row] = []
    built: dict[str, float] = {}
    for lesson, calls in course.items():
        _new_kernel_state()
        start = time.perf_counter()
        widgets = _build(calls)
        built[lesson] = (time.perf_counter() - start) * 1000
        plan: list[tuple[Row, Interaction]] = []
        for call, widget in widgets:
            driver = DRIVERS.get(call[0])
            if driver is None:
                unknown = Row(lesson, call_text(call), "no driver in interactions.py: building it, timed")
                plan.append((unknown, Interaction(unknown.label, lambda r, c=call: _build([c]))))
                continue
            for interaction in driver(widget, call):
                plan.append((Row(lesson, call_text(call), interaction.label), interaction))
        saver = default_autosaver()
        saver.flush()
        for run in range(warmups + runs):
            sample = _ms(lambda: np.sort(data))
            if run >= warmups:
                baseline.append(sample)
            for row, interaction in plan:
                if interaction.before is not None:
                    interaction.before(run)
                    saver.flush()
                errors.seen.clear()
                took = _ms(lambda i=interaction, r=run: i.act(r))
                saved = _ms(saver.flush)
                if run >= warmups:
                    row.ms.append(took)
                    row.save_ms.append(saved)
                    row.errors += [e for e in errors.seen if e not in row.errors]
        rows += [row for row, _ in plan]
    _new_kernel_state()
    return {"baseline": baseline, "built_ms": built, "rows": [row.__dict__ for row in rows],
            "python": sys.version.split()[0]}


# ---- the report ------------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def report(result: dict[str, Any], runs: int, warmups: int) -> None:
    base = statistics.median(result["baseline"])
    print(f"{runs} runs per interaction after {warmups} warm-ups; baseline np.sort of 1e6 random floats: "
          f"median {base:.1f} ms (p90 {p90(result['baseline']):.1f}, max {max(result['baseline']):.1f}, "
          f"{len(result['baseline'])} samples)\n")
    print("| lesson | call | interaction | median ms | p90 ms | max ms | × baseline | save ms | ≤ 100 ms |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    over, spikes, broken = [], [], []
    for row in result["rows"]:
        median, high = statistics.median(row["ms"]), p90(row["ms"])
        verdict = "no" if median > BAR_MS else "p90 over" if high > BAR_MS else "yes"
        if row["errors"]:
            verdict = "ERROR"
            broken.append(f"{row['call']}: {row['label']}: {row['errors'][0]}")
        elif median > BAR_MS:
            over.append(f"{row['call']}: {row['label']} (median {median:.0f} ms)")
        elif high > BAR_MS or max(row["ms"]) > BAR_MS:
            spikes.append(f"{row['call']}: {row['label']} (p90 {high:.0f}, max {max(row['ms']):.0f} ms)")
        print(f"| {row['lesson']} | `{row['call']}` | {row['label']} | {median:.1f} | {high:.1f} | "
              f"{max(row['ms']):.1f} | {median / base:.2f} | {statistics.median(row['save_ms']):.1f} | {verdict} |")
    print("\nLesson built (every ff.* call, answers restored): "
          + ", ".join(f"{k} {v:.0f} ms" for k, v in result["built_ms"].items()))
    print(f"\nOver {BAR_MS:.0f} ms (median): " + ("; ".join(over) if over else "none"))
    print(f"Median within, but p90 or max over {BAR_MS:.0f} ms: " + ("; ".join(spikes) if spikes else "none"))
    if broken:
        print("Errors logged while timing: " + "; ".join(broken))


def measure_in_kernel(runs: int, warmups: int, data: str) -> dict[str, Any]:
    from in_kernel import run_in_kernel

    code = (f"import sys, json\nsys.path.insert(0, {str(Path(__file__).parent)!r})\nimport interactions\n"
            f"print('RESULT' + json.dumps(interactions.measure({runs}, {warmups})))\n")
    return run_in_kernel(code, data=data, timeout=1800, cwd=str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--in-process", action="store_true",
                        help="run in this process, without a kernel (widgets have no comm: nothing is sent)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ff-bench-") as data:
        if args.in_process:
            os.environ["FAILFORWARD_DATA"] = data
            result = measure(args.runs, args.warmups)
        else:
            result = measure_in_kernel(args.runs, args.warmups, data)
    report(result, args.runs, args.warmups)


if __name__ == "__main__":
    main()
