"""The inversion board: rules as pure functions, and the widget driven as a learner would."""

from __future__ import annotations

import time

import pytest

from widgets.exercises.inversion import InversionBoard
from widgets.rules.inversion import (
    Board,
    Row,
    Stage,
    StageContent,
    Starter,
    board_prompts,
    commitments,
    is_just_negation,
    measure_problem,
    move,
    ranked,
    row_prompts,
)
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore

STAGES = (
    StageContent("advertising", "Advertising", "If you wanted advertising to fail, what would you do?",
                 (Starter("Spend the whole ad budget, zero sales", "Track sales per ad; stop ads with none in 2 weeks",
                          "Cost per sale under $20", "Tracy Matthews and Jason Ayers, episode #259"),)),
    StageContent("customer-service", "Customer service", "If you wanted customers to leave, what would you do?",
                 (Starter("Leave emails unanswered for weeks", "Reply to every email within 24 hours",
                          "95 % answered within 24 h"),)),
    StageContent("fulfillment", "Fulfillment", "If you wanted orders to go wrong, what would you do?", ()),
)


@pytest.mark.parametrize(("failure", "inverse", "expected"), [
    ("Leave emails unanswered for weeks", "Don't leave emails unanswered for weeks", True),
    ("Leave emails unanswered for weeks", "do not leave the emails unanswered", True),
    ("Spend the whole ad budget with zero sales", "Never spend the whole budget", True),
    ("Leave emails unanswered for weeks", "Reply to every email within 24 hours", False),
    ("Ship late", "Don't forget to ship with tracking and a thank-you note", False),
    ("Ship late", "Ship every order within 2 days", False),
])
def test_just_negation(failure: str, inverse: str, expected: bool) -> None:
    assert is_just_negation(failure, inverse) is expected


@pytest.mark.parametrize(("measure", "problem"), [
    ("reply within 24 h", ""), ("95 % of orders shipped in 2 days", ""), ("twice a week", ""),
    ("fast", "number"), ("24", "unit"), ("", "missing"), ("   ", "missing"),
])
def test_measures_need_a_number_and_a_unit(measure: str, problem: str) -> None:
    assert measure_problem(measure) == problem


def test_row_prompts_in_order_of_importance() -> None:
    assert row_prompts(Row("r1")) == []
    assert "now write its opposite" in row_prompts(Row("r1", failure="Ship late"))[0].message
    assert "first box" in row_prompts(Row("r1", inverse="Ship on time"))[0].message
    assert "“don't” in front" in row_prompts(Row("r1", "Ship late", "Don't ship late"))[0].message
    assert "Add a measure" in row_prompts(Row("r1", "Ship late", "Ship within 2 days"))[0].message
    assert "Add a unit" in row_prompts(Row("r1", "Ship late", "Ship within 2 days", "2"))[0].message
    assert row_prompts(Row("r1", "Ship late", "Ship within 2 days", "95 % in 2 days")) == []


def test_more_than_five_commitments_is_nudged() -> None:
    board = Board([Stage("s", "S", rows=[Row(f"r{i}", "f", "i") for i in range(7)])])
    board.commitments = [f"r{i}" for i in range(5)]
    assert board_prompts(board) == []
    board.commitments.append("r5")
    assert "6 commitments" in board_prompts(board)[0].message


def test_ranking_and_commitments_as_plain_data() -> None:
    board = Board([Stage("a", "Advertising", rows=[Row("r1", "f1", "i1", "m1"), Row("r2", "f2", "")]),
                   Stage("b", "Sales", rows=[Row("r3", "f3", "i3", "m3")])])
    assert ranked(board) == ["r1", "r3"]  # r2 has no opposite yet
    board.ranking = move(ranked(board), "r3", -1)
    board.commitments = ["r1", "r3"]
    assert commitments(board) == [
        {"rank": 1, "stage": "Sales", "failure": "f3", "inverse": "i3", "measure": "m3"},
        {"rank": 2, "stage": "Advertising", "failure": "f1", "inverse": "i1", "measure": "m1"},
    ]
    assert Board.from_data(board.to_data()) == board


def test_from_data_survives_junk() -> None:
    assert Board.from_data(None) == Board()
    junk = {"stages": [{"id": "a"}, "x", {"id": "b", "name": "B", "rows": [{"failure": "no id"}, {"id": "r1"}]}],
            "ranking": ["r1", "ghost"], "commitments": ["ghost"]}
    board = Board.from_data(junk)
    assert [s.id for s in board.stages] == ["b"] and board.ranking == ["r1"] and board.commitments == []


def make_board(tmp_path) -> tuple[InversionBoard, ProgressStore, Autosaver]:
    store = ProgressStore(tmp_path)
    saver = Autosaver(store, delay=0.05)
    return InversionBoard(saver=saver, stages=STAGES), store, saver


def test_learner_fills_two_stages_ranks_commits_and_it_all_comes_back(tmp_path) -> None:
    board, store, saver = make_board(tmp_path)
    board.stage_boxes["advertising"].value = True
    board.stage_boxes["customer-service"].value = True
    assert [c.stage.name for c in board.cards_box.children] == ["Advertising", "Customer service"]
    assert board.rank_empty.value  # nothing to rank yet

    board.cards["advertising"].add_button.click()
    row = board.data.stages[0].rows[0]
    editor = board.editor(row.id)
    editor.failure.value = "Spend the ad budget with zero sales"
    assert "now write its opposite" in editor.prompt.text
    editor.inverse.value = "Don't spend the ad budget with zero sales"
    assert "“don't” in front" in editor.prompt.text
    editor.inverse.value = "Test every ad with $50 first"
    assert "Add a measure" in editor.prompt.text
    editor.measure.value = "Cost per sale under $20"
    assert editor.prompt.text == "Well done: Clear and measurable."

    starter_button = board.cards["customer-service"].children[-1].children[0].children[1]
    starter_button.click()  # pull in the episode's example: the learner's own action
    second = board.data.stages[1].rows[0]
    assert second.inverse == "Reply to every email within 24 hours"

    assert [item.row_id for item in board.rank_box.children] == [row.id, second.id]
    board.rank_items[second.id].up.click()
    assert [item.row_id for item in board.rank_box.children] == [second.id, row.id]
    board.rank_items[second.id].commit.value = True
    assert [c["inverse"] for c in board.commitments] == ["Reply to every email within 24 hours"]

    saver.flush()
    assert board.status.text == "✓ Saved"
    again = InversionBoard(saver=Autosaver(ProgressStore(tmp_path), delay=0.05), stages=STAGES)
    assert again.data == board.data
    assert again.stage_boxes["advertising"].value and not again.stage_boxes["fulfillment"].value
    assert again.editor(row.id).measure.value == "Cost per sale under $20"
    assert [item.row_id for item in again.rank_box.children] == [second.id, row.id]
    assert again.rank_items[second.id].commit.value is True
    assert store.load("inversion", "board")["commitments"] == [second.id]


def test_starters_are_offered_never_prefilled(tmp_path) -> None:
    board, _store, _saver = make_board(tmp_path)
    board.add_stage("advertising")
    assert board.data.stages[0].rows == []
    assert "Spend the whole ad budget" in board.cards["advertising"].children[-1].children[0].children[0].value


def test_rows_move_and_remove_by_their_buttons(tmp_path) -> None:
    board, _store, _saver = make_board(tmp_path)
    board.add_stage("fulfillment")
    ids = [board.add_row("fulfillment", Row("", f"fail {i}", f"do {i}", f"{i} days")).id for i in range(3)]
    board.editor(ids[2]).up.click()
    assert [r.id for r in board.data.stages[0].rows] == [ids[0], ids[2], ids[1]]
    assert [e.row.id for e in board.cards["fulfillment"].rows_box.children] == [ids[0], ids[2], ids[1]]
    board.editor(ids[0]).up.click()  # already first: stays
    assert board.data.stages[0].rows[0].id == ids[0]
    board.rank_items[ids[1]].commit.value = True
    board.editor(ids[1]).remove.click()
    assert ids[1] not in board.data.rows() and ids[1] not in board.rank_items and board.data.commitments == []


def test_custom_stages_and_their_checks(tmp_path) -> None:
    board, _store, _saver = make_board(tmp_path)
    board.add_stage_button.click()
    assert "Type a name" in board.stage_notice.text
    board.custom_name.value = "  Wholesale   <b>orders</b> 💍 "
    board.add_stage_button.click()
    stage = board.data.stages[-1]
    assert stage.custom and stage.name == "Wholesale <b>orders</b> 💍"
    assert "&lt;b&gt;orders&lt;/b&gt;" in board.cards[stage.id].children[0].value
    board.custom_name.value = "wholesale <B>orders</B> 💍"
    board.add_stage_button.click()
    assert "already have a stage" in board.stage_notice.text
    board.remove_stage(stage.id)
    assert stage.id not in board.cards


def test_more_than_five_commitments_prompt_in_the_widget(tmp_path) -> None:
    board, _store, _saver = make_board(tmp_path)
    board.add_stage("fulfillment")
    ids = [board.add_row("fulfillment", Row("", f"fail {i}", f"do {i}", f"{i} days")).id for i in range(6)]
    for row_id in ids:
        board.rank_items[row_id].commit.value = True
    assert "6 commitments" in board.notice.text
    board.rank_items[ids[0]].commit.value = False
    assert board.notice.text == ""


def test_over_long_text_is_refused_with_a_message(tmp_path) -> None:
    board, store, saver = make_board(tmp_path)
    board.add_stage("fulfillment")
    row = board.add_row("fulfillment")
    editor = board.editor(row.id)
    editor.failure.value = "Ship late"
    editor.failure.value = "x" * 50_000
    saver.flush()
    assert "50,000 characters" in editor.prompt.text
    assert store.load("inversion", "board")["stages"][0]["rows"][0]["failure"] == "Ship late"


def test_save_is_debounced_and_lands_a_moment_later(tmp_path) -> None:
    board, store, _saver = make_board(tmp_path)
    board.add_stage("fulfillment")
    deadline = time.monotonic() + 30  # polls for the write; a busy machine may take longer than the delay
    while store.load("inversion", "board") is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.load("inversion", "board")["stages"][0]["id"] == "fulfillment"
