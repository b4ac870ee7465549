"""Running a lesson's cells again, as a coach does in JupyterLab, leaves nothing of the first run behind.

Each ``ff.*`` call closes what the same call built before; closing an exercise lets go of
everything it listened to (its save line, the store's notices, the shared promise). So a
second run of every cell holds the same widgets and listeners as the first, and none of
the first run's widgets is still alive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets.widget import _instances

from widgets.core.course import load_course
from widgets.store import autosave, progress, promise

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def listeners() -> dict[str, int]:
    """How many listeners this kernel's shared objects hold."""
    store = progress.default_store()
    shared = promise.shared_promise()
    return {"saves": autosave.default_autosaver().listener_count(),
            "notices": len(store._notice_listeners),
            "promise": sum(len(handlers) for by_type in shared._trait_notifiers.values()
                           for handlers in by_type.values())}


def run(cells: list[str], namespace: dict[str, Any]) -> None:
    for source in cells:
        exec(compile(source, "<cell>", "exec"), namespace)


@pytest.mark.parametrize("notebook", [lesson.notebook for lesson in load_course().lessons])
def test_running_a_lesson_again_closes_the_first_run(notebook: str) -> None:
    cells = code_cells(LESSONS / notebook)
    namespace: dict[str, Any] = {}
    before = set(_instances)
    run(cells, namespace)
    first = set(_instances) - before
    held = listeners()
    assert first, "the lesson built no widgets"

    run(cells, namespace)
    second = set(_instances) - before
    assert not first & second, "widgets of the first run are still alive"
    assert len(second) == len(first)
    assert listeners() == held


def test_closing_an_exercise_releases_its_listeners() -> None:
    import widgets.lesson as ff

    before = listeners()
    board = ff.response_policy()
    explorer = ff.response_explorer()
    assert listeners() != before
    board.close()
    explorer.close()
    assert listeners() == before


def test_a_closed_course_map_is_not_redrawn_when_a_lesson_is_marked_done() -> None:
    import widgets.lesson as ff
    from widgets.look import navigation

    old = ff.course_map()
    assert old in navigation._live
    ff.course_map()  # the cell run again: the first map is closed
    navigation.refresh_all()
    assert old not in navigation._live
