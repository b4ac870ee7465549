"""Every saved answer is declared once in widgets.core.keys, and nothing else can be saved."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from widgets.core import keys
from widgets.core.course import load_course
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore

PACKAGE = Path(__file__).resolve().parents[2] / "widgets"


def test_saving_an_undeclared_key_is_refused_under_test(tmp_path: Path) -> None:
    saver = Autosaver(ProgressStore(tmp_path), delay=60)
    with pytest.raises(ValueError, match="not a saved key declared"):
        saver.schedule("team", "my-new-answer", "x")
    saver.schedule("team", "debrief", {"happened": "x"})  # a declared one is taken
    saver.schedule("inversion", "checkin:why-invert", "A")  # an item of a prefix key, in any lesson
    assert set(saver.pending) == {("team", "debrief"), ("inversion", "checkin:why-invert")}


def test_an_exercise_on_an_undeclared_key_does_not_build(tmp_path: Path) -> None:
    from widgets.exercises.welcome import NameEntry

    class Stray(NameEntry):
        def __init__(self) -> None:
            super(NameEntry, self).__init__(lesson="welcome", key="nickname",
                                            saver=Autosaver(ProgressStore(tmp_path)))

    with pytest.raises(ValueError, match="not a saved key declared"):
        Stray()


def test_declarations_are_unique_and_well_formed() -> None:
    pairs = [(saved.lesson, saved.key) for saved in keys.ALL]
    assert len(pairs) == len(set(pairs))
    for saved in keys.ALL:
        assert saved.key.endswith(":") == saved.prefix, saved
        assert saved.lesson == keys.ANY_LESSON or saved.lesson in keys.LESSON_IDS, saved
        assert saved.holds, saved


def test_the_lesson_ids_the_code_names_are_in_the_course() -> None:
    assert set(keys.LESSON_IDS) <= {lesson.id for lesson in load_course().lessons}


def test_no_module_spells_a_saved_key_itself() -> None:
    """store.load / saver.schedule / .listen take their (lesson, key) from core.keys, never a string literal."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("load", "schedule", "listen")
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
                    and isinstance(node.args[1].value, str)):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert found == []
