"""Fixes found by the hostile-input browser suite (tests/browser/test_hostile_input.py), one test each."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from widgets.exercises.inbox import Inbox
from widgets.exercises.inversion import InversionBoard
from widgets.exercises.policy import ResponsePolicy
from widgets.rules.inbox import no_dates_message
from widgets.rules.policy import MAX_OPPOSITE
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore
from widgets.store.promise import Promise

TRACEBACK = re.compile(r"Traceback|Error\b|Exception")


def saver_for(store: ProgressStore) -> Autosaver:
    return Autosaver(store, delay=0.01)


def make_inbox(tmp_path: Path) -> tuple[Inbox, ProgressStore]:
    store = ProgressStore(tmp_path)
    return Inbox(saver=saver_for(store), promise=Promise(store=store)), store


@pytest.mark.parametrize("data", [
    b"name,email,amount\nAda,ada@example.com,12.50\n<img src=x onerror=alert(1)>,x@example.com,4\n",
    b"received,first reply\nyesterday,soonish\nlast Tuesday-ish,never\n32/13/2025 25:61,??\n",
], ids=["wrong columns", "dates that can't be read"])
def test_a_csv_with_no_dates_at_all_is_refused_and_the_earlier_analysis_kept(tmp_path: Path, data: bytes) -> None:
    inbox, store = make_inbox(tmp_path)
    inbox.sample_button.click()
    before = inbox.results.value
    inbox.upload_file("customers <b>.csv", data)
    assert inbox.feedback.kind == "warning"
    assert inbox.feedback.text.startswith("Heads up: “customers <b>.csv”: That file has no dates and times we can read")
    assert "Your earlier analysis is unchanged" in inbox.feedback.text
    assert "customers &lt;b&gt;.csv" in inbox.feedback.value and "<b>" not in inbox.feedback.value
    assert not TRACEBACK.search(inbox.feedback.text)
    assert inbox.results.value == before and inbox.source == "sample"
    inbox.saver.flush()
    assert store.load("response-time", "inbox")["source"] == "sample"


def test_a_csv_with_dates_under_other_names_still_gets_the_column_choice(tmp_path: Path) -> None:
    inbox, _store = make_inbox(tmp_path)
    inbox.upload_file("odd.csv", b"a,b,c\n2026-01-05 09:00,2026-01-05 10:00,x\n")
    assert inbox.mapping.layout.display == "" and "odd.csv" not in inbox.feedback.text
    assert (inbox.received.value, inbox.reply.value) == ("a", "b")  # the two columns of times
    assert inbox.result is not None and inbox.result.tickets == 1
    inbox.reply.value = "c"
    assert "The “c” column holds notes like “x”" in inbox.problems.text and inbox.result.tickets == 1


def test_the_no_dates_message_names_a_few_columns_only() -> None:
    columns = [f"column {n}" for n in range(5000)] + ["x" * 500]
    message = no_dates_message(columns)
    assert "column 0, column 1" in message and "and 4,993 more" in message and len(message) < 500
    assert "…" in no_dates_message(["y" * 80, "z"])


def test_checking_a_policy_while_an_opposite_is_too_long_says_so(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    policy = ResponsePolicy(saver=saver_for(store), promise=Promise(store=store))
    first = next(iter(policy.ticks))
    policy.ticks[first].value = True
    policy.opposite_boxes[first].value = "Reply within 24 hours, sooner if we can"
    policy.opposite_boxes[first].value = "<script>alert(1)</script>" * 3000
    notes = policy.check()
    assert policy.feedback.kind == "hint" and len(notes) == 1
    assert f"{len(policy.opposite_boxes[first].value):,} characters" in policy.feedback.text
    assert f"under {MAX_OPPOSITE}" in policy.feedback.text and "last saved version is safe" in policy.feedback.text
    assert policy.policy.opposites[first] == "Reply within 24 hours, sooner if we can"
    policy.opposite_boxes[first].value = "Reply within 24 hours, sooner if we can"
    assert policy.check()[0].kind == "success"


def test_stage_name_messages_show_next_to_the_stage_box(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    board = InversionBoard(saver=Autosaver(store, delay=0.01))
    picker = board.children[0]
    assert board.stage_notice in picker.children
    board.custom_name.value = "x" * 50_000
    board.add_stage_button.click()
    assert "under 60 characters" in board.stage_notice.text and board.notice.text == ""
    board.custom_name.value = ' \t\n '
    board.add_stage_button.click()
    assert "Type a name" in board.stage_notice.text
    name = '"><svg onload=alert(1)>'
    board.custom_name.value = name
    board.add_stage_button.click()
    assert board.stage_notice.text == ""
    assert html.escape(name, quote=True) in board.cards[board.data.stages[-1].id].children[0].value
