"""Server-side time of each inversion-board interaction on a 50-stage x 20-row board.

Runs inside a real IPython kernel (started with jupyter_client), so the widgets
open real comms and every state change is serialised and sent as it would be in
Voila. Baseline in the same kernel, same run: setting the value of one bare
ipywidgets Textarea. Reports the median and max of each interaction, in ms.

    .venv/bin/python benchmarks/board_interactions.py
"""

from __future__ import annotations

import tempfile

from in_kernel import run_in_kernel

CODE = r'''
import json, statistics, time
import ipywidgets as w
from widgets.store.autosave import Autosaver
from widgets.exercises.inversion import InversionBoard, StageContent
from widgets.rules.inversion import Row
from widgets.store.progress import ProgressStore

STAGES, ROWS, REPEAT = 50, 20, 15
stages = tuple(StageContent(f"s{i}", f"Stage {i}", "What would you do?", ()) for i in range(STAGES))
saver = Autosaver(ProgressStore(DATA), delay=0.4)
t0 = time.perf_counter()
board = InversionBoard(saver=saver, stages=stages)
for s in stages:
    board.add_stage(s.id)
    for r in range(ROWS):
        board.add_row(s.id, Row("", f"Way {r} to crash {s.name} for good", f"Do {r} the opposite well", f"{r} days"))
build = time.perf_counter() - t0

def timed(action):
    out = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return statistics.median(out), max(out)

bare = w.Textarea()
counter = iter(range(10**9))
mid = board.data.stages[25].rows[10].id
editor = board.editor(mid)
results = {
    "baseline: bare Textarea value": timed(lambda: setattr(bare, "value", f"x{next(counter)}")),
    "type in a field": timed(lambda: setattr(editor.measure, "value", f"{next(counter)} days")),
    "clear then refill an opposite": timed(lambda: (setattr(editor.inverse, "value", ""),
                                                   setattr(editor.inverse, "value", f"Do it {next(counter)}"))),
    "add a row": timed(lambda: board.cards["s10"].add_button.click()),
    "move a row": timed(lambda: board.editor(mid).up.click()),
    "rank higher": timed(lambda: board.rank_items[mid].up.click()),
    "commit / uncommit": timed(lambda: setattr(board.rank_items[mid].commit, "value",
                                               not board.rank_items[mid].commit.value)),
    "remove a row": timed(lambda: board.editor(board.data.stages[40].rows[-1].id).remove.click()),
    "save (serialise + write the board)": timed(lambda: (saver.schedule("inversion", "board",
                                                                        board.data.to_data()), saver.flush())),
}
saver.schedule("inversion", "board", board.data.to_data())
saver.flush()
start = time.perf_counter()
reopened = InversionBoard(saver=saver, stages=stages)
restore = time.perf_counter() - start
assert len(reopened.data.rows()) == len(board.data.rows())
report = {"build_s": build, "restore_s": restore, "rows": len(board.data.rows()), "results": results}
print("RESULT" + json.dumps(report))
'''


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        report = run_in_kernel(f"DATA = {data!r}\n" + CODE, data=data, timeout=600)
    print(f"board: {report['rows']} rows built one by one in {report['build_s']:.1f} s; "
          f"reopened from the store in {report['restore_s']:.1f} s")
    print(f"{'interaction':34} {'median ms':>10} {'max ms':>8}")
    for name, value in report["results"].items():
        if value:
            print(f"{name:34} {value[0]:10.1f} {value[1]:8.1f}")


if __name__ == "__main__":
    main()
