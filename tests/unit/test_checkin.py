"""Check-in questions: content checked precisely, every option's feedback shown, choice saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.core.content import ContentError
from widgets.exercises.checkin import CheckIn
from widgets.rules.checkin import grade, load_questions
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore

GOOD = """questions:
  - id: why
    prompt: Why is failure easier to imagine?
    options:
      - text: We have all been the disappointed customer
        correct: true
        feedback: Yes — you know from experience what drives a customer away.
      - text: Because failure is more common
        correct: false
        feedback: Not quite — it's about experience, not frequency.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "checkins.yaml"
    path.write_text(text)
    return path


def test_grade_is_a_pure_function(tmp_path: Path) -> None:
    question = load_questions(write(tmp_path, GOOD))["why"]
    assert grade(question, 0).correct and "from experience" in grade(question, 0).feedback
    assert not grade(question, 1).correct
    with pytest.raises(IndexError):
        grade(question, 5)


@pytest.mark.parametrize(("change", "message"), [
    (("correct: false", "correct: true"), "questions[0].options: needs exactly one option with 'correct: true', has 2"),
    (("correct: false", "correct: maybe"), "questions[0].options[1].correct: must be true or false, got 'maybe'"),
    (("        feedback: Not quite", "        feedbak: Not quite"),
     "questions[0].options[1].feedbak: is not a known field"),
    (("id: why", "id: Why Now"), "questions[0].id: 'Why Now' is not valid"),
])
def test_broken_questions_are_reported_with_line_and_field(tmp_path: Path, change, message: str) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(ContentError) as error:
        load_questions(write(tmp_path, text))
    assert any(message in str(p) for p in error.value.problems), error.value


def test_picking_shows_that_options_feedback_and_is_saved(tmp_path: Path) -> None:
    question = load_questions(write(tmp_path, GOOD))["why"]
    store = ProgressStore(tmp_path)
    widget = CheckIn(question, lesson="inversion", saver=Autosaver(store, delay=0.05))
    assert widget.feedback.text == ""
    widget.pick(1)
    assert widget.feedback.kind == "hint" and "not frequency" in widget.feedback.text
    widget.pick(0)
    assert widget.feedback.kind == "success"
    widget.saver.flush()
    again = CheckIn(question, lesson="inversion", saver=Autosaver(ProgressStore(tmp_path), delay=0.05))
    assert again.choice == "We have all been the disappointed customer"
    assert again.feedback.kind == "success"
