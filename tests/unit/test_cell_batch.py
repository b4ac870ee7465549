"""A lesson's one-line cells run by its kernel as one request under Voila (widgets/tools/cell_batch.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from widgets.tools.cell_batch import MARK, batchable, lesson_run, run_lesson_cells_together, split_outputs

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


@pytest.mark.parametrize("source", [
    'import widgets.lesson as ff\nff.header("team")',
    'ff.checkin("team", "bring-the-lead")',
    "ff.finish('team')",
    "ff.course_map()",
    "ff.course_map(current='team')",
    "from widgets import lesson as ff\n\nff.header('welcome')\n",
])
def test_a_lessons_one_line_calls_run_together(source: str) -> None:
    assert batchable(source)


@pytest.mark.parametrize("source", [
    "w.IntSlider(description='Hello')",  # not the course's calls
    "x = ff.header('team')",  # assigns
    "ff.header('team')\nff.finish('team')",  # two calls: only the last would show as the cell's output
    "ff.header(lesson)",  # a name, not a written-out value
    "ff.header(**options)",
    "%time ff.header('team')",  # a magic
    "print('hello')",
    "ff.header('team'",  # a typo
    "",
    "import widgets.lesson as ff",  # nothing to show
])
def test_anything_else_runs_as_voila_runs_it(source: str) -> None:
    assert not batchable(source)


def mark(number: int, ok: bool = True) -> dict[str, Any]:
    return {"output_type": "display_data", "data": {MARK: {"cell": number, "ok": ok}}, "metadata": {}}


def shown(text: str) -> dict[str, Any]:
    return {"output_type": "execute_result", "data": {"text/plain": text}, "metadata": {}}


def test_each_cell_gets_the_outputs_before_its_mark() -> None:
    outputs = [shown("a"), mark(0), {"output_type": "stream", "name": "stdout", "text": "b"}, shown("c"), mark(1),
               mark(2)]
    cells, failed = split_outputs(outputs, 3)
    assert cells == [[shown("a")], [outputs[2], shown("c")], []]
    assert failed is None


def test_a_cell_that_failed_is_named_and_the_cells_after_it_get_nothing() -> None:
    error = {"output_type": "error", "ename": "KeyError", "evalue": "x", "traceback": []}
    cells, failed = split_outputs([shown("a"), mark(0), error, mark(1, ok=False)], 3)
    assert cells == [[shown("a")], [error], []]
    assert failed == 1


def notebook(*sources: str) -> Any:
    """A notebook of code cells, and Markdown cells written "md:..."."""
    cells = [nbformat.v4.new_markdown_cell(source[3:]) if source.startswith("md:")
             else nbformat.v4.new_code_cell(source) for source in sources]
    kernel = {"name": "python3", "language": "python", "display_name": "Python 3"}
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel})


def test_markdown_doesnt_end_a_run_and_other_code_does() -> None:
    nb = notebook("import json as ff\nff.dumps(1)", "md:text", "ff.dumps(2)", "x = 3", "ff.dumps(4)", "ff.dumps(5)")
    assert lesson_run(nb.cells, 0) == [0, 2]
    assert lesson_run(nb.cells, 3) == []
    assert lesson_run(nb.cells, 4) == [4, 5]


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.ipynb")), ids=lambda path: path.stem)
def test_every_lesson_runs_as_one_request(path: Path) -> None:
    cells = nbformat.read(path, as_version=4).cells
    code = [index for index, cell in enumerate(cells) if cell.cell_type == "code"]
    assert lesson_run(cells, code[0]) == code


def run_in_voila(nb: Any) -> tuple[list[Any], list[str], BaseException | None]:
    """Run ``nb``'s cells as Voila's cell generator does, in a real kernel: each cell's outputs, the code of
    every request the kernel got, and the error that stopped the run (if any)."""
    from jupyter_client.manager import AsyncKernelManager
    from voila.execute import VoilaExecutor

    run_lesson_cells_together()

    async def run() -> tuple[list[Any], list[str], BaseException | None]:
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel()
        requests: list[str] = []
        try:
            executor = VoilaExecutor(nb, km=km)
            executor.kc = await executor.async_start_new_kernel_client()
            send = executor.kc.execute

            def execute(code: str, *args: Any, **kwargs: Any) -> Any:
                requests.append(code)
                return send(code, *args, **kwargs)

            executor.kc.execute = execute
            stopped: BaseException | None = None
            for index, cell in enumerate(nb.cells):
                try:
                    await executor.execute_cell(cell, None, index, store_history=False)
                except CellExecutionError as error:
                    stopped = error
                    break
            executor.kc.stop_channels()
            return [cell.get("outputs", []) for cell in nb.cells], requests, stopped
        finally:
            await km.shutdown_kernel(now=True)

    return asyncio.run(run())


def text(outputs: list[Any]) -> list[str]:
    return [output["data"]["text/plain"] for output in outputs if output["output_type"] == "execute_result"]


def test_in_a_kernel_each_cell_shows_its_own_value_in_its_place() -> None:
    nb = notebook("import json as ff\nff.dumps(1)", "md:text", "ff.dumps(2)", "x = 3\nx", "ff.dumps(x)",
                  "ff.dumps(5)", "ff.dumps(6)")
    outputs, requests, stopped = run_in_voila(nb)
    assert stopped is None
    assert [text(cell) for cell in outputs] == [["'1'"], [], ["'2'"], ["3"], ["'3'"], ["'5'"], ["'6'"]]
    # cells 0 and 2 together, 3 and 4 alone (4 names a variable), 5 and 6 together
    assert len(requests) == 4
    assert requests[1] == "x = 3\nx" and requests[2] == "ff.dumps(x)"
    assert not any(MARK in str(cell) for cell in outputs)


def test_in_a_kernel_a_cell_that_raises_stops_the_lesson_there() -> None:
    nb = notebook("import json as ff\nff.dumps(1)", "ff.loads('not json')", "ff.dumps(3)")
    outputs, requests, stopped = run_in_voila(nb)
    assert isinstance(stopped, CellExecutionError)
    assert len(requests) == 1
    assert text(outputs[0]) == ["'1'"]
    errors = [output for output in outputs[1] if output["output_type"] == "error"]
    # as Voila shows an error without show_tracebacks: no traceback reaches the page
    assert [error["ename"] for error in errors] == ["ExecutionError"]
    assert "JSONDecodeError" not in str(errors) and "Traceback" not in str(errors)
    assert outputs[2] == []
