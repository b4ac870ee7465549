"""Lesson 2's exercises driven as a learner would: tick, type, slide, upload, and read the page."""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from widgets import lesson as ff
from widgets.core.charts import Line, bar_chart, heat_level, heatmap, line_chart
from widgets.core.content import ContentError
from widgets.core.text import duration_text, hours_text
from widgets.exercises.explorer import ResponseExplorer
from widgets.exercises.inbox import SAMPLE, UPLOAD_NAME, Inbox, slowest_slot, wait_text
from widgets.exercises.policy import ResponsePolicy
from widgets.exercises.simulator import PromiseSimulator
from widgets.rules import inbox as inbox_analysis
from widgets.rules.explorer import chance, load_model, starting_model
from widgets.rules.inbox import analyse, load_tickets
from widgets.rules.policy import Policy, load_policy, policy_content, promised_hours_in, review
from widgets.rules.simulator import load_sim_content, sim_content
from widgets.rules.waits import wait_bins
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore
from widgets.store.promise import Promise


def saver_for(store: ProgressStore) -> Autosaver:
    return Autosaver(store, delay=0.01)


def text_of(markup: str) -> str:
    """What a learner reads: tags dropped, entities decoded, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


# ---- the promise ----------------------------------------------------------------------------

def test_hours_and_durations_read_naturally() -> None:
    assert hours_text(1) == "1 hour"
    assert hours_text(24) == "24 hours (1 day)"
    assert hours_text(36) == "36 hours (1½ days)"
    assert hours_text(48) == "48 hours (2 days)"
    assert duration_text(0.25) == "15 minutes"
    assert duration_text(5.0) == "5 hours"
    assert duration_text(72) == "3 days"


def test_promise_is_clamped_and_restored(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    promise = Promise(store=store)
    assert promise.hours == 24 and not promise.chosen
    promise.hours = 1000
    assert promise.hours == 168
    store.save("response-time", "promise-hours", 12)
    again = Promise(store=store)
    assert again.hours == 12 and again.chosen


# ---- exercise 1: crash it, then invert it ----------------------------------------------------

def test_policy_review_is_specific() -> None:
    content = policy_content()
    assert review(Policy(), content, 24)[0].message.startswith("Tick at least one way")
    policy = Policy(chosen=["wait-a-week", "refuse"], opposites={"wait-a-week": "Reply within 48 hours"})
    notes = review(policy, content, 24)
    messages = " ".join(n.message for n in notes)
    assert "Write the opposite of “Tell her you don't do repairs" in messages
    assert "says 48 hours (2 days), but your promise below is 24 hours (1 day)" in messages
    policy.opposites["refuse"] = "Don't tell her you don't do repairs"
    assert any("with a “don't” in front" in n.message for n in review(policy, content, 24))
    policy.opposites["refuse"] = "Offer a repair or a replacement, her choice"
    policy.opposites["wait-a-week"] = "Reply within 24 hours"
    assert [n.kind for n in review(policy, content, 24)] == ["success"]
    assert any("long wait" in n.message for n in review(policy, content, 72))


@pytest.mark.parametrize(("text", "hours"), [("Reply within 24 hours", 24), ("within 4h", 4), ("2 days", 48),
                                              ("one working day", 24), ("as fast as we can", None)])
def test_promised_hours_are_read_from_the_opposite(text: str, hours: float | None) -> None:
    assert promised_hours_in(text) == hours


def test_policy_exercise_saves_restores_and_shares_the_promise(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    promise = Promise(store=store)
    exercise = ResponsePolicy(saver=saver_for(store), promise=promise)
    assert "Tick a way to crash it above" in exercise.opposites_box.children[0].value
    exercise.ticks["wait-a-week"].value = True
    exercise.ticks["ask-referral"].value = True
    assert len(exercise.opposites_box.children) == 2
    exercise.opposite_rows["wait-a-week"].children[2].click()  # "Use the suggestion"
    assert exercise.opposite_boxes["wait-a-week"].value == "Reply within 24 hours, sooner if we can"
    exercise.opposite_boxes["ask-referral"].value = "<script>alert(1)</script> A thank-you card 💌"
    exercise.custom_input.value = "Reply with a <b>form letter</b>"
    exercise.add_custom.click()
    assert exercise.ticks["own-1"].value and exercise.custom_input.value == ""
    exercise.opposite_boxes["own-1"].value = "Write every reply myself"
    exercise.hours.value = 12
    assert promise.hours == 12 and promise.chosen
    assert "within <strong>12 hours</strong>" in exercise.hours_text.value
    exercise.check_button.click()
    assert exercise.feedback.kind == "hint" and "says 24 hours (1 day), but your promise" in exercise.feedback.text
    exercise.opposite_boxes["wait-a-week"].value = "Reply within 12 hours"
    exercise.check_button.click()
    assert exercise.feedback.kind == "success" and "3 ways to crash it" in exercise.feedback.text
    exercise.saver.flush()
    assert exercise.status.text == "✓ Saved"
    assert store.load("response-time", "promise-hours") == 12

    again = ResponsePolicy(saver=saver_for(store), promise=Promise(store=store))
    assert again.hours.value == 12
    assert [i for i, tick in again.ticks.items() if tick.value] == ["wait-a-week", "ask-referral", "own-1"]
    assert again.opposite_boxes["ask-referral"].value == "<script>alert(1)</script> A thank-you card 💌"
    row_label = again.opposite_rows["own-1"].children[0].value
    assert "&lt;b&gt;form letter&lt;/b&gt;" in row_label and "<b>" not in row_label
    summary = again.summary()
    assert summary["promise_hours"] == 12
    assert summary["pairs"][2] == {"failure": "Reply with a <b>form letter</b>", "opposite": "Write every reply myself"}


def test_policy_refuses_bad_input_and_keeps_what_was_saved(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    exercise = ResponsePolicy(saver=saver_for(store), promise=Promise(store=store))
    exercise.add_custom.click()
    assert "Type a way it could go wrong first" in exercise.custom_feedback.text
    exercise.ticks["curt"].value = True
    exercise.opposite_boxes["curt"].value = "Be warm"
    exercise.saver.flush()
    exercise.opposite_boxes["curt"].value = "x" * 50_000
    exercise.saver.flush()
    assert "50,000 characters" in exercise.feedback.text
    assert store.load("response-time", "policy")["opposites"]["curt"] == "Be warm"
    for n in range(6):
        exercise.custom_input.value = f"Way {n}"
        exercise.add_custom.click()
    assert "You have 5 of your own already" in exercise.custom_feedback.text


def test_policy_content_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("scenario: A customer writes.\nways:\n  - id: slow\n    text: Wait\n    opposite: Reply\n"
                    "  - id: rude\n    text: Be rude\n    opposite: Be kind\n    timing: yes please\n")
    with pytest.raises(ContentError) as caught:
        load_policy(path)
    problem = str(caught.value.problems[0])
    assert "policy.yaml:9: ways[1].timing: must be true or false" in problem
    path.write_text("scenario: A customer writes.\nways:\n  - id: slow\n    text: Wait\n    opposite: Reply\n"
                    "  - id: rude\n    text: Be rude\n    opposite: Be kind\n")
    with pytest.raises(ContentError) as caught:
        load_policy(path)
    assert "needs exactly one way with 'timing: true', has 0" in str(caught.value)


# ---- exercise 2: the explorer ------------------------------------------------------------------

def test_model_runs_from_at_once_to_after_a_week() -> None:
    model = starting_model()
    buy = model.curves[0]
    assert chance(buy, 0, 24) == pytest.approx(buy.at_once / 100)
    assert chance(buy, 168, 24) == pytest.approx(buy.after_week / 100)
    assert chance(buy, 500, 24) == pytest.approx(buy.after_week / 100)
    halfway = (buy.at_once + buy.after_week) / 200
    assert chance(buy, 24, 24) == pytest.approx(halfway, abs=0.01)


def test_explorer_follows_the_slider_and_the_assumptions_and_restores(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    promise = Promise(store=store)
    promise.hours = 6
    explorer = ResponseExplorer(saver=saver_for(store), promise=promise)
    assert explorer.hours.value == 6
    promise.hours = 8
    assert explorer.hours.value == 8  # follows the promise while sitting on it
    assert "An illustration, not research" in explorer.children[1].value
    explorer.hours.value = 0
    assert "about <strong>60</strong> would buy from you again" in explorer.words.value
    explorer.hours.value = 168
    assert "about <strong>15</strong> would buy from you again" in explorer.words.value
    assert "reply after 168 hours (7 days)" in explorer.chart.value
    _at_once, week = explorer.sliders["buy-again"]
    week.value = 40
    assert "about <strong>40</strong> would buy from you again" in explorer.words.value
    explorer.saver.flush()
    again = ResponseExplorer(saver=saver_for(store), promise=promise)
    assert again.hours.value == 168 and again.sliders["buy-again"][1].value == 40
    again.reset_button.click()
    assert again.sliders["buy-again"][1].value == 15 and "starting assumptions are back" in again.feedback.text


def test_explorer_content_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "explorer.yaml"
    path.write_text("notice: An illustration.\nhalfway_hours: 0\ncurves:\n  - id: a\n    label: A\n"
                    "    at_once: 120\n    after_week: 5\n")
    with pytest.raises(ContentError) as caught:
        load_model(path)
    text = str(caught.value)
    assert "halfway_hours" in text and "must be between 1 and 96, got 0" in text
    assert "curves[0].at_once" in text and "got 120" in text


# ---- charts -------------------------------------------------------------------------------------

def test_charts_escape_labels_and_describe_themselves() -> None:
    svg = line_chart([Line("<b>x</b>", [0, 10], [0, 1], "ff-chart-s1")], x_max=10, x_ticks=[(0, "now")],
                     marker=5, marker_label="<i>", title="T & U", description="D")
    assert "<b>" not in svg and "&lt;i&gt;" in svg and "<title>T &amp; U</title>" in svg and "role='img'" in svg
    bars = bar_chart(["a", "b"], [0, 3], title="Bars", description="two bars")
    assert bars.count("<rect") == 2
    assert heat_level(None) == "ff-heat-none" and heat_level(0.0) == "ff-heat-0" and heat_level(1.0) == "ff-heat-4"
    grid = heatmap(["Mon"], ["00:00", "01:00"], [[0.5, None]], counts=[[4, 0]], title="H", description="d")
    assert "Mon 00:00: 50% slow of 4" in grid and "Mon 01:00: no messages" in grid


def test_wait_bins_split_at_the_promise() -> None:
    bins = wait_bins(pd.Series([0.0, 0.5, 3, 5, 30, 400]), 6, unanswered=2)
    assert [(b.label, b.count, b.within) for b in bins] == [
        ("up to 1 h", 2, True), ("1 h–4 h", 1, True), ("4 h–6 h", 1, True), ("6 h–8 h", 0, False),
        ("8 h–1 d", 0, False), ("1 d–2 d", 1, False), ("2 d–3 d", 0, False), ("3 d–1 wk", 0, False),
        ("over 1 wk", 1, False), ("no reply", 2, False)]


# ---- exercise 3: your own inbox ------------------------------------------------------------------

def promised(tmp_path: Path, promise_hours: int) -> tuple[ProgressStore, Promise]:
    """A fresh store with the learner's promise set."""
    store = ProgressStore(tmp_path)
    promise = Promise(store=store)
    promise.hours = promise_hours
    return store, promise


def make_inbox(tmp_path: Path, promise_hours: int = 24) -> tuple[Inbox, ProgressStore, Promise]:
    store, promise = promised(tmp_path, promise_hours)
    return Inbox(saver=saver_for(store), promise=promise), store, promise


def test_sample_inbox_is_analysed_and_follows_the_promise(tmp_path: Path) -> None:
    inbox, store, promise = make_inbox(tmp_path)
    inbox.sample_button.click()
    assert inbox.mapping.layout.display == ""
    assert (inbox.received.value, inbox.reply.value) == ("Created At", "First Reply At")
    assert inbox.tz.value == "Europe/London" and inbox.order.value == "day"
    page = text_of(inbox.results.value)
    expected = load_tickets(SAMPLE.read_bytes(), tz="Europe/London")
    assert f"{len(expected.frame):,} messages analysed" in page
    assert "answered within your 24 hours (1 day)" in page
    assert "Your slowest cases" in page and "When slow replies happen" in page and "fare worst" in page
    before = inbox.summary()["within_promise"]
    promise.hours = 4
    assert "answered within your 4 hours" in text_of(inbox.results.value)
    assert inbox.summary()["within_promise"] < before
    inbox.saver.flush()
    assert store.load("response-time", "inbox")["source"] == "sample"
    assert store.load("response-time", "inbox-summary")["promise_hours"] == 4


def test_hand_computed_upload_with_mapping_time_zone_and_bad_rows(tmp_path: Path) -> None:
    inbox, store, _promise = make_inbox(tmp_path, promise_hours=2)
    data = (b"Ticket,Opened,Answered\n"
            b"1,05/01/2026 09:00,05/01/2026 10:00\n"    # 1 h
            b"2,05/01/2026 09:30,05/01/2026 13:30\n"    # 4 h: over the promise
            b"3,not a date,05/01/2026 10:00\n"          # set aside
            b"4,05/01/2026 11:00,\n"                    # unanswered
            b"5,05/01/2026 12:00,05/01/2026 11:00\n"    # reply before arrival: set aside
            b"6,05/01/2026 12:00,05/01/2026 12:30,x\n")  # wrong number of fields
    inbox.upload_file("tickets <b>.csv", data)
    assert (inbox.received.value, inbox.reply.value) == ("Opened", "Answered")
    problems = inbox.problems.text
    assert ("2 rows set aside, so 3 others are analysed: 1 date we couldn't read in “Opened” (line 4); and 1 reply "
            "dated before the message arrived (line 6).") in problems
    assert "1 row had the wrong number of columns and was skipped: line 7." in problems
    page = inbox.results.value
    assert "tickets &lt;b&gt;.csv" in page and "tickets <b>" not in page
    result = inbox.result
    assert (result.tickets, result.answered, result.unanswered) == (3, 2, 1)
    assert result.within_promise == pytest.approx(1 / 3)
    assert "no reply yet" in page and "2.5 hours so far" in page  # 11:00 → newest time in file, 13:30
    inbox.tz.value = "America/New_York"
    assert inbox.result.tickets == 3 and "Mon 05 Jan 2026, 09:00" in inbox.results.value
    inbox.saver.flush()
    assert (tmp_path / "uploads" / UPLOAD_NAME).read_bytes() == data
    restored = Inbox(saver=saver_for(store), promise=Promise(store=store))
    assert restored.tz.value == "America/New_York" and restored.result is not None
    assert restored.result.tickets == 3 and restored.file_name == "tickets <b>.csv"


def test_a_new_time_zone_reuses_the_times_already_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    inbox.sample_button.click()
    reads: list[str] = []
    real = inbox_analysis.read_times
    monkeypatch.setattr(inbox_analysis, "read_times", lambda column, order="auto": (reads.append(column.name),
                                                                                    real(column, order))[1])
    inbox.tz.value = "America/New_York"
    assert reads == []  # only localised again
    fresh = load_tickets(SAMPLE.read_bytes(), tz="America/New_York", order="day")
    assert inbox.tickets.frame[["received", "replied"]].equals(fresh.frame[["received", "replied"]])
    reads.clear()
    inbox.order.value = "month"
    assert sorted(reads) == ["Created At", "First Reply At"]  # another date order is a new reading


def test_choosing_columns_and_date_order(tmp_path: Path) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    data = b"when,reply,other\n03/04/2026 09:00,03/04/2026 10:00,x\n"
    inbox.upload_file("dates.csv", data)
    inbox.received.value = "when"
    inbox.reply.value = "reply"
    inbox.order.value = "month"
    assert inbox.result.worst["received"][0].month == 3
    inbox.order.value = "day"
    assert inbox.result.worst["received"][0].month == 4
    inbox.reply.value = "when"
    assert "same column is chosen" in inbox.problems.text
    page = text_of(inbox.results.value)  # the last figures that made sense stay, labelled as such
    assert page.startswith("Your earlier figures , from “dates.csv”, with the columns chosen then:")
    inbox.reply.value = "reply"
    assert inbox.problems.text == "" and "earlier figures" not in inbox.results.value


@pytest.mark.parametrize(("data", "message"), [
    (b"", "That file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "doesn't look like a CSV file"),
    (b"just one column\nvalue\n", "only one column"),
])
def test_a_broken_file_keeps_the_earlier_analysis(tmp_path: Path, data: bytes, message: str) -> None:
    inbox, store, _promise = make_inbox(tmp_path)
    inbox.sample_button.click()
    before = inbox.results.value
    inbox.upload_file("broken.csv", data)
    assert inbox.feedback.kind == "warning" and message in inbox.feedback.text
    assert "Your earlier analysis is unchanged" in inbox.feedback.text
    assert inbox.results.value == before
    inbox.saver.flush()
    assert store.load("response-time", "inbox")["source"] == "sample"


def test_too_large_a_file_is_refused_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from widgets.exercises import inbox as inbox_module
    monkeypatch.setattr(inbox_module, "MAX_BYTES", 100)
    inbox, _store, _promise = make_inbox(tmp_path)
    inbox.upload_file("big.csv", b"received,first reply\n" * 20)
    assert "the most we can analyse here" in inbox.feedback.text and inbox.result is None


def test_the_upload_widget_feeds_the_analysis(tmp_path: Path) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    content = b"received,first reply\n2026-01-05T09:00:00Z,2026-01-05T09:30:00Z\n"
    inbox.upload.value = ({"name": "mine.csv", "type": "text/csv", "size": len(content),
                           "content": memoryview(content),
                           "last_modified": datetime(2026, 1, 5, tzinfo=UTC)},)
    assert inbox.result is not None and inbox.result.tickets == 1
    assert inbox.upload.value == ()


def test_a_lost_upload_copy_is_explained(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.save("response-time", "inbox", {"source": "upload", "name": "march.csv", "received": "a", "reply": "b",
                                          "tz": "UTC", "order": "auto"})
    inbox = Inbox(saver=saver_for(store), promise=Promise(store=store))
    assert "Last time you analysed “march.csv”, but that copy is no longer here" in inbox.feedback.text


def test_one_of_everything_reads_in_the_singular(tmp_path: Path) -> None:
    assert [wait_text(h) for h in (1 / 60, 0.5, 1.0, 1.04, 5.5, 24, 48, 60)] == [
        "1 minute", "30 minutes", "1 hour", "1 hour", "5.5 hours", "24 hours", "2 days", "2.5 days"]
    inbox, _store, _promise = make_inbox(tmp_path)
    inbox.upload_file("one.csv", b"received,first reply,subject\n2026-01-05 09:00,2026-01-05 10:00,Hi\n"
                                 b"2026-01-05 09:00,2026-01-05 08:00,Early\n")
    page = text_of(inbox.results.value)
    assert "1 message analysed" in page and "1 hour typical wait" in page and "1 hours" not in page
    assert inbox.problems.text == ("Hint: 1 row set aside, so 1 other is analysed: 1 reply dated before the "
                                   "message arrived (line 3).")


def test_the_subject_is_shown_beside_the_slowest_cases_escaped(tmp_path: Path) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    data = (b"Created,First response,Topic <i>\n"
            b"2026-01-05 09:00,2026-01-05 12:00,<script>alert(1)</script>\n"
            b"2026-01-05 10:00,,Where is my order?\n")
    inbox.upload_file("subjects.csv", data)
    assert inbox.subject.value == "Topic <i>"  # guessed from its name
    inbox.subject.value = ""
    assert "<th scope='col'>Message arrived</th><th scope='col'>First reply</th>" in inbox.results.value
    inbox.subject.value = "Topic <i>"
    page = inbox.results.value
    assert "<th scope='col'>Message arrived · Topic &lt;i&gt;</th>" in page
    assert "<span class='ff-muted'>&lt;script&gt;alert(1)&lt;/script&gt;</span>" in page and "<script>" not in page
    assert "Where is my order?" in text_of(page)
    inbox.saver.flush()
    assert inbox.store.load("response-time", "inbox")["subject"] == "Topic <i>"


def test_the_time_zone_starts_from_the_file_and_says_what_it_means(tmp_path: Path) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    offsets = b"created,first response\n2025-10-01T10:00:00+01:00,2025-10-01T11:00:00+01:00\n" \
              b"2025-12-01T10:00:00+00:00,2025-12-01T12:00:00+00:00\n"
    inbox.upload_file("gorgias.csv", offsets)
    assert (inbox.tz.description, inbox.tz.value) == ("Your time zone", "Europe/London")
    assert "those offsets match the time zone “London, Lisbon”" in text_of(inbox.notes.value)
    inbox.upload_file("log.csv", b"received,first reply\n2026-01-05 09:00,2026-01-05 10:00\n")
    assert (inbox.tz.description, inbox.tz.value) == ("Time zone of the file", "")
    assert "Choose the time zone the times in your file are in (usually your own)" in text_of(inbox.notes.value)
    inbox.tz.value = "America/Chicago"
    assert "Choose the time zone" not in text_of(inbox.notes.value)
    assert "Mon 05 Jan 2026, 09:00" in inbox.results.value  # shown on the clock they were written in
    inbox.upload_file("next.csv", b"received,first reply\n2026-02-05 09:00,2026-02-05 10:00\n")
    assert inbox.tz.value == "America/Chicago"  # the learner's own choice carries over to their next file
    inbox.upload_file("intercom.csv", b"Started at (UTC),Time to first response (seconds)\n"
                                      b"2026-01-05 14:00:00,3600\n")
    assert inbox.tz.description == "Your time zone" and inbox.tz.value == "America/Chicago"
    assert "Mon 05 Jan 2026, 08:00" in inbox.results.value  # 14:00 UTC, on the learner's clock
    inbox.upload_file("gorgias.csv", offsets)
    assert inbox.tz.value == "America/Chicago"  # theirs, once known, before the file's offsets
    inbox.sample_button.click()
    assert inbox.tz.value == "Europe/London"  # the sample's own zone ...
    inbox.upload_file("log.csv", b"received,first reply\n2026-01-05 09:00,2026-01-05 10:00\n")
    assert inbox.tz.value == "America/Chicago"  # ... is not taken for the learner's
    inbox.saver.flush()
    again = Inbox(saver=saver_for(inbox.store), promise=Promise(store=inbox.store))
    again.sample_button.click()
    again.upload_file("next.csv", b"received,first reply\n2026-02-05 09:00,2026-02-05 10:00\n")
    assert again.tz.value == "America/Chicago"  # and it is remembered after a reload


def test_the_samples_time_zone_is_not_the_learners(tmp_path: Path) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    inbox.sample_button.click()
    inbox.upload_file("log.csv", b"received,first reply\n2026-01-05 09:00,2026-01-05 10:00\n")
    assert inbox.tz.value == "" and "Choose the time zone" in text_of(inbox.notes.value)


def test_choosing_another_reply_column_guesses_what_it_holds(tmp_path: Path) -> None:
    inbox, _store, _promise = make_inbox(tmp_path)
    inbox.upload_file("two.csv", b"Created,First response,Wait (hours),Wait\n"
                                 b"2026-01-05 09:00,2026-01-05 10:00,2,3\n")
    assert (inbox.reply.value, inbox.reply_is.value) == ("First response", "time")
    inbox.reply.value = "Wait (hours)"
    assert inbox.reply_is.value == "hours" and inbox.result.median_hours == 2
    assert "We read “Wait (hours)” as hours after it arrived, from its name." in text_of(inbox.notes.value)
    inbox.reply.value = "Wait"
    assert inbox.reply_is.value == "" and "Are they minutes, hours or seconds" in inbox.problems.text
    assert inbox.result.median_hours == 2  # the figures that made sense stay until the learner says which
    inbox.reply_is.value = "minutes"
    assert inbox.result.median_hours == pytest.approx(3 / 60) and inbox.problems.text == ""


def test_a_file_that_does_not_make_sense_yet_is_not_saved_over_the_last_one(tmp_path: Path) -> None:
    inbox, store, _promise = make_inbox(tmp_path)
    good = b"received,first reply\n2026-01-05 09:00,2026-01-05 10:00\n"
    inbox.upload_file("good.csv", good)
    inbox.saver.flush()
    inbox.upload_file("notes.csv", b"received,first reply\n2026-01-05 09:00,called back\n")
    assert inbox.problems.kind == "warning" and "“good.csv”, stay below until then" in inbox.problems.text
    inbox.saver.flush()
    assert store.load("response-time", "inbox")["name"] == "good.csv"
    assert (tmp_path / "uploads" / UPLOAD_NAME).read_bytes() == good  # the copy still matches what is saved
    again = Inbox(saver=saver_for(store), promise=Promise(store=store))
    assert again.file_name == "good.csv" and again.result.tickets == 1


def test_slowest_slot_needs_enough_messages() -> None:
    frame = load_tickets(b"received,first reply\n2026-01-05T09:00Z,2026-01-06T09:00Z\n").frame
    assert slowest_slot(analyse(frame, 1, now=pd.Timestamp("2026-01-07", tz="UTC"))) is None


def test_lesson_calls_return_the_exercises() -> None:
    assert isinstance(ff.response_policy(), ResponsePolicy)
    assert isinstance(ff.response_explorer(), ResponseExplorer)
    assert isinstance(ff.inbox(), Inbox)
    assert isinstance(ff.promise_simulator(), PromiseSimulator)


# ---- exercise 4: can I keep my promise? ---------------------------------------------------------

def make_simulator(tmp_path: Path, promise_hours: int = 24) -> tuple[PromiseSimulator, ProgressStore, Promise]:
    store, promise = promised(tmp_path, promise_hours)
    return PromiseSimulator(saver=saver_for(store), promise=promise), store, promise


def test_simulator_starts_from_the_content_and_suggests_what_keeps_the_promise(tmp_path: Path) -> None:
    sim, _store, _promise = make_simulator(tmp_path)
    start = sim_content().start
    assert sim.messages.value == start.messages_per_week and sim.minutes.value == start.minutes_per_reply
    assert [box.value for box in sim.days] == [d in start.days for d in range(7)]
    result = sim.outcome.result
    assert sim.verdict.text.startswith("Heads up: Only") and f"{result.share_within_promise:.0%}" in sim.verdict.text
    page = text_of(sim.results.value)
    assert "What would keep your promise?" in page and "A short weekend check" in page
    weekend = next(c for c in sim.outcome.changes if c.label == "A short weekend check")
    assert weekend.reaches_target and "A short weekend check : 9" in page and "(keeps it)" in page
    assert "the promise you could keep 95% of the time is a reply within" in page


def test_simulator_is_deterministic_and_try_other_weeks_changes_the_draw(tmp_path: Path) -> None:
    sim, store, _promise = make_simulator(tmp_path)
    first = sim.outcome.result
    again, _s, _p = make_simulator(tmp_path / "other")
    assert again.outcome.result == first
    sim.other_weeks.click()
    assert sim.seed == 260 and sim.outcome.result.tickets != first.tickets
    sim.saver.flush()
    assert store.load("response-time", "simulator")["seed"] == 260


def test_simulator_follows_inputs_and_the_promise_and_restores(tmp_path: Path) -> None:
    sim, store, promise = make_simulator(tmp_path)
    sim.days[5].value = True
    sim.days[6].value = True
    sim.hours.value = 2.0
    assert sim.verdict.kind == "success" and "you'd keep your promise" in sim.verdict.text
    promise.hours = 2
    assert "within 2 hours" in sim.verdict.text and sim.verdict.kind == "warning"
    assert "Testing your promise: a reply within <strong>2 hours</strong>" in sim.promise_line.value
    sim.saver.flush()
    assert sim.status.text == "✓ Saved"
    summary = store.load("response-time", "simulator-summary")
    assert summary["promise_hours"] == 2 and summary["settings"]["days"] == [0, 1, 2, 3, 4, 5, 6]
    restored = PromiseSimulator(saver=saver_for(store), promise=Promise(store=store))
    assert [box.value for box in restored.days] == [True] * 7 and restored.hours.value == 2.0


def test_simulator_edge_cases_get_plain_sentences(tmp_path: Path) -> None:
    sim, _store, _promise = make_simulator(tmp_path)
    sim.messages.value = 0
    assert "nothing to measure" in sim.verdict.text and sim.results.value == ""
    sim.messages.value = 40
    for box in sim.days:
        box.value = False
    assert sim.verdict.kind == "warning" and "no message ever gets an answer" in sim.verdict.text
    sim.days[0].value = True
    sim.start.value = 22.0
    sim.hours.value = 4.0
    assert "run past midnight" in sim.verdict.text and sim.outcome is None
    sim.start.value = 9.0
    sim.messages.value = 100_000
    assert "the queue grows every week" in sim.verdict.text and "no promise holds for long" in sim.results.value
    assert sim.outcome.result.tickets > 700_000


def test_simulator_ignores_malformed_saved_settings(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.save("response-time", "simulator", {"messages_per_week": -5, "days": ["Monday", 3, 9], "start_hour": 23,
                                              "hours_per_day": 5, "minutes_per_reply": "six", "seed": True})
    sim = PromiseSimulator(saver=saver_for(store), promise=Promise(store=store))
    start = sim_content().start
    assert sim.messages.value == start.messages_per_week and [b.value for b in sim.days][3]
    assert sim.start.value == 23.0 and sim.hours.value == 1.0 and sim.minutes.value == start.minutes_per_reply
    assert sim.seed == start.seed


def test_simulator_content_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "simulator.yaml"
    path.write_text("messages_per_week: 40\ndays: [Monday, Funday]\nstart_hour: 20\nhours_per_day: 6\n"
                    "minutes_per_reply: 5\ntarget_percent: 95\nweeks: 8\n")
    with pytest.raises(ContentError) as caught:
        load_sim_content(path)
    assert "simulator.yaml:2: days[1]: 'Funday' is not valid: use a day's full name" in str(caught.value)
    path.write_text("messages_per_week: 40\ndays: [Monday]\nstart_hour: 20\nhours_per_day: 6\n"
                    "minutes_per_reply: 5\ntarget_percent: 95\nweeks: 8\n")
    with pytest.raises(ContentError) as caught:
        load_sim_content(path)
    assert "hours_per_day: starting at 20:00, 6 hours goes past midnight" in str(caught.value)


def test_playbook_shows_the_promise_policy_inbox_and_simulation(tmp_path: Path) -> None:
    from widgets.core.course import course
    from widgets.rules.playbook import playbook_html

    store = ProgressStore(tmp_path)
    assert "Your response-time promise:" not in playbook_html(store.load, course())
    promise = Promise(store=store)
    policy = ResponsePolicy(saver=saver_for(store), promise=promise)
    policy.ticks["wait-a-week"].value = True
    policy.opposite_boxes["wait-a-week"].value = "Reply within 12 hours <always>"
    policy.hours.value = 12
    inbox = Inbox(saver=saver_for(store), promise=promise)
    inbox.sample_button.click()
    sim = PromiseSimulator(saver=saver_for(store), promise=promise)
    sim.hours.value = 1.5
    for saver in {policy.saver, inbox.saver, sim.saver}:
        saver.flush()
    page = text_of(playbook_html(store.load, course()))
    assert "Your response-time promise: a first reply within 12 hours" in page
    assert "Reply within 12 hours <always> instead of: Wait a week or more before you reply" in page
    assert f"In the sample inbox, {inbox.summary()['within_promise']:.0%} of 3,0" in page
    assert "Simulated with 40 messages a week and 1.5 hours a day on replies" in page
    assert "which doesn't keep it yet. The promise this schedule could keep: a reply within" in page


def test_simulator_results_reach_the_playbook_only_once_used(tmp_path: Path) -> None:
    sim, store, _promise = make_simulator(tmp_path)
    sim.saver.flush()
    assert store.load("response-time", "simulator-summary") is None
    sim.messages.value = 60
    sim.saver.flush()
    assert store.load("response-time", "simulator-summary")["settings"]["messages_per_week"] == 60


def test_opening_lesson_2_does_not_load_pandas_until_a_file_is_read(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys, widgets.lesson as ff\n"
            "for build in (ff.response_policy, ff.response_explorer, ff.inbox, ff.promise_simulator): build()\n"
            "print('pandas' in sys.modules)\n"
            "ff.inbox().sample_button.click()\n"
            "print('pandas' in sys.modules)\n")
    env = {**os.environ, "FAILFORWARD_DATA": str(tmp_path)}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert shown.stdout.split() == ["False", "True"]
