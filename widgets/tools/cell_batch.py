"""A lesson's one-line cells, run by its kernel as one request when Voila renders the lesson.

Voila runs a notebook's code cells one request at a time: it sends a cell, waits until the kernel has
answered and gone idle, reads every message, and only then sends the next. A lesson has 6 to 15 code cells
(``ff.header(...)``, ``ff.checkin(...)``, ...), and each request costs the page about 12 ms of round trips
and server work beyond building its widgets, while a hello-world page has one cell. Here the cells of
a lesson that are one ``ff.*`` call each (with any imports before it) go to the kernel in one request, which
runs them one after another exactly as separate cells (``InteractiveShell.run_cell`` each, so each cell's
value is shown as its own output) and marks where each cell's outputs end. Voila still renders every cell
in its place, with its own outputs; only the number of requests changes.

Anything else (a cell that assigns, prints, uses a magic or calls something other than ``ff``) runs as
Voila runs it, and a run of the lesson's cells stops there. A cell that raises stops the run as Voila
stops a notebook at an error: that cell is shown, the cells after it aren't run.
"""

from __future__ import annotations

import ast
import functools
import json
from typing import Any

MARK = "application/vnd.failforward.cell-end+json"
"""The mimetype of the output the kernel sends after each cell of a batch (never shown: it is taken out)."""

_RUN = """\
def __ff_run_cells(sources):
    import sys
    from IPython import get_ipython
    from IPython.display import display
    shell = get_ipython()
    for number, source in enumerate(sources):
        result = shell.run_cell(source, store_history={store_history})
        sys.stdout.flush()
        sys.stderr.flush()
        display({{{mark!r}: {{"cell": number, "ok": bool(result.success)}}}}, raw=True)
        if not result.success:
            break
__ff_run_cells({sources})
del __ff_run_cells
"""


@functools.lru_cache(maxsize=4096)
def batchable(source: str) -> bool:
    """Whether a code cell is one of a lesson's one-line calls: imports, then one ``ff.name(...)`` whose
    arguments are written out (strings, numbers), and nothing else."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # a magic, or a typo: Voila runs it as it is
        return False
    if not body or not all(isinstance(node, ast.Import | ast.ImportFrom) for node in body[:-1]):
        return False
    last = body[-1]
    if not isinstance(last, ast.Expr) or not isinstance(last.value, ast.Call):
        return False
    call = last.value
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "ff"):
        return False
    return all(isinstance(arg, ast.Constant) for arg in [*call.args, *(k.value for k in call.keywords)]) and all(
        k.arg is not None for k in call.keywords)


def batch_code(sources: list[str], *, store_history: bool = False) -> str:
    """The one request that runs ``sources`` as cells, each followed by its end mark."""
    return _RUN.format(store_history=store_history, mark=MARK, sources=json.dumps(sources))


def split_outputs(outputs: list[Any], count: int) -> tuple[list[list[Any]], int | None]:
    """Each of ``count`` cells' outputs, from a batch's outputs, and the number of the cell that failed (or None).
    Cells after a failed one, or after the marks stop, get no outputs."""
    cells: list[list[Any]] = [[] for _ in range(count)]
    current: list[Any] = []
    failed: int | None = None
    for output in outputs:
        mark = output.get("data", {}).get(MARK) if output.get("output_type") == "display_data" else None
        if mark is None:
            current.append(output)
            continue
        number = int(mark["cell"])
        if 0 <= number < count:
            cells[number] = current
            if not mark["ok"]:
                failed = number
        current = []
    return cells, failed


def lesson_run(cells: list[Any], start: int) -> list[int]:
    """The indexes of the code cells that run together from ``start``: each batchable, Markdown between them
    allowed; the run ends at the first code cell that isn't."""
    run: list[int] = []
    for index in range(start, len(cells)):
        cell = cells[index]
        if cell.get("cell_type") != "code":
            continue
        if not cell.get("source", "").strip():
            continue
        if not batchable(cell["source"]):
            break
        run.append(index)
    return run


def run_lesson_cells_together() -> None:
    """Make Voila's cell runner run each lesson's one-line cells as one request (once per process)."""
    from nbclient.exceptions import CellExecutionError
    from nbformat.v4 import new_code_cell
    from voila.execute import VoilaExecutor, strip_code_cell_warnings

    original = VoilaExecutor.execute_cell
    if getattr(original, "together", False):
        return

    @functools.wraps(original)
    async def execute_cell(self: VoilaExecutor, cell: Any, resources: Any, cell_index: int,
                           store_history: bool = True) -> Any:
        done: dict[int, tuple[list[Any], bool]] = self.__dict__.setdefault("_ff_done", {})
        if cell_index not in done:
            cells = self.nb.cells
            if cell.get("cell_type") != "code":
                return await original(self, cell, resources, cell_index, store_history)
            run = lesson_run(cells, cell_index) if cells[cell_index] is cell else []
            if len(run) < 2:
                return await original(self, cell, resources, cell_index, store_history)
            together = new_code_cell(batch_code([cells[i].source for i in run], store_history=store_history))
            try:
                await original(self, together, resources, cell_index, store_history)
            finally:
                cells[cell_index] = cell  # nbclient put the request's cell in the lesson's place
            each, stopped = split_outputs(together.outputs, len(run))
            for number, index in enumerate(run):
                done[index] = (each[number], stopped == number)
        outputs, failed = done.pop(cell_index)
        cell.outputs = outputs
        if failed:
            error: dict[str, Any] = next((output for output in outputs if output.get("output_type") == "error"),
                                         {"ename": "Error", "evalue": "", "traceback": []})
            raise CellExecutionError.from_cell_and_msg(cell, error)
        if self.should_strip_error():
            strip_code_cell_warnings(cell)
            self.strip_code_cell_errors(cell)
        return cell

    execute_cell.together = True  # type: ignore[attr-defined]
    VoilaExecutor.execute_cell = execute_cell
