"""Every export layout the inbox-layout generator writes (tests/inbox_layouts), through the widget as a
learner uses it: upload the file, confirm or pick the columns, what the reply holds and the time zone,
and read the figures. They must equal the generator's own ground truth (expected.json): tickets,
unanswered, median first reply and the share within a 4 h and a 24 h promise. Each bad input gets one
plain sentence naming the column or rows, and the earlier analysis stays."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.inbox_layouts.make_layouts import write_layouts
from widgets.exercises.inbox import UPLOAD_NAME, Inbox, wait_text
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore
from widgets.store.promise import Promise

ROWS, SEED = 2500, 7  # the generator's defaults: the figures quoted in its README
TRACEBACK = re.compile(r"Traceback|Error\b|Exception|\bNaN\b|\bnan\b|NaT")
# The list of zones a learner can choose names one zone for the clocks of Paris, Berlin, Madrid and Rome.
LISTED = {"Europe/Berlin": "Europe/Paris", "Europe/Madrid": "Europe/Paris"}


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("layouts")
    write_layouts(folder, rows=ROWS, seed=SEED)
    document = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return folder, document["layouts"]


def good(name: str) -> bool:
    return not name.startswith("bad_") and name not in ("minutes_read_as_dates", "formula_only_xlsx")


GOOD = ["helpdesk_minutes", "helpdesk_minutes_business", "helpdesk_hours", "helpdesk_seconds", "duration_text",
        "duration_clock", "iso_offsets", "iso_utc_z", "unix_seconds", "de_spreadsheet", "de_spreadsheet_hours",
        "fr_spreadsheet", "fr_spreadsheet_hours", "es_spreadsheet", "es_spreadsheet_hours", "nl_spreadsheet",
        "nl_spreadsheet_hours", "helpdesk_minutes_xlsx", "two_timestamps_xlsx", "several_sheets_xlsx"]
# The layouts whose first guess is the case itself; the others ask the learner to pick (another column
# of the same file: the hours a spreadsheet worked out, the help desk's business hours).
PICKED = {"helpdesk_minutes_business", "de_spreadsheet_hours", "fr_spreadsheet_hours", "es_spreadsheet_hours",
          "nl_spreadsheet_hours"}


def text_of(markup: object) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(markup)))).strip()


def make_inbox(folder: Path) -> tuple[Inbox, ProgressStore, Promise]:
    store = ProgressStore(folder)
    promise = Promise(store=store)
    promise.hours = 24
    return Inbox(saver=Autosaver(store, delay=0.01), promise=promise), store, promise


def reply_is(case: dict[str, Any]) -> str:
    if case["reply_kind"] == "time":
        return "time"
    return {"text": "duration", "clock": "duration"}.get(case["unit"], case["unit"])


def confirm(inbox: Inbox, case: dict[str, Any]) -> list[str]:
    """Set the dropdowns as the case says, as a learner would; the ones that needed changing."""
    changed = []
    columns = case["columns"]
    if case.get("sheet") and inbox.sheet.layout.display != "none" and inbox.sheet.value != case["sheet"]:
        inbox.sheet.value = case["sheet"]
        changed.append("sheet")
    if inbox.received.value != columns["received"]:
        inbox.received.value = columns["received"]
        changed.append("received")
    if inbox.reply.value != columns["reply"]:
        if case.get("variant") == "business" and inbox.variant.layout.display != "none":
            inbox.variant.value = "business"  # the business-hours twin of the guessed column
            changed.append("variant")
        else:
            inbox.reply.value = columns["reply"]
            changed.append("reply")
    assert inbox.reply.value == columns["reply"]
    if inbox.reply_is.value != reply_is(case):
        inbox.reply_is.value = reply_is(case)
        changed.append("reply_is")
    if columns.get("subject") and inbox.subject.value != columns["subject"]:
        inbox.subject.value = columns["subject"]
        changed.append("subject")
    zone = case["read_tz"]
    if zone and zone != "UTC" and inbox.tz.value != LISTED.get(zone, zone):
        inbox.tz.value = LISTED.get(zone, zone)  # the zone the times are in: the learner's own
        changed.append("tz")
    if case.get("date_order") and inbox.order.value not in ("auto", case["date_order"]):
        inbox.order.value = case["date_order"]
        changed.append("order")
    return changed


def figures(inbox: Inbox, promise: Promise) -> dict[str, Any]:
    """What the page shows at a 24 h and a 4 h promise, unrounded."""
    assert inbox.result is not None, inbox.problems.text
    result = inbox.result
    promise.hours = 4
    within_4 = inbox.result.within_promise
    promise.hours = 24
    return {"tickets": result.tickets, "unanswered": result.unanswered, "median": result.median_hours,
            "within_24": inbox.result.within_promise, "within_4": within_4}


def assert_figures(shown: dict[str, Any], expected: dict[str, Any], name: str) -> None:
    assert (shown["tickets"], shown["unanswered"]) == (expected["tickets"], expected["unanswered"]), name
    assert round(shown["median"], 2) == expected["median_hours"], name
    assert round(shown["within_24"], 4) == expected["within"]["24h"]["of_all"], name
    assert round(shown["within_4"], 4) == expected["within"]["4h"]["of_all"], name


@pytest.mark.parametrize("name", GOOD)
def test_each_layout_shows_the_right_figures(layouts: tuple[Path, dict[str, dict[str, Any]]], name: str,
                                             tmp_path: Path) -> None:
    folder, cases = layouts
    case = cases[name]
    inbox, _store, promise = make_inbox(tmp_path)
    inbox.upload_file(case["file"], (folder / case["file"]).read_bytes())
    assert inbox.feedback.kind in ("", "hint"), inbox.feedback.text
    changed = confirm(inbox, case)
    if name in PICKED:
        assert set(changed) & {"reply", "variant"}, changed
    else:
        assert not set(changed) & {"received", "reply", "reply_is", "subject", "sheet", "order"}, changed
    shown = figures(inbox, promise)
    assert_figures(shown, case["expected"], name)
    page = text_of(inbox.results.value)
    expected = case["expected"]
    assert f"{expected['tickets']:,} messages analysed" in page
    assert f"{expected['within']['24h']['of_all']:.0%} answered within your 24 hours (1 day)" in page
    assert f"{wait_text(expected['median_hours_exact'])} typical wait (median)" in page
    assert f"{expected['unanswered']:,} still waiting for a reply" in page
    assert "Your earlier figures" not in page and not TRACEBACK.search(page)
    subject = case["columns"]["subject"]
    assert f"Message arrived · {subject} First reply Waited" in page  # the subject beside the slowest cases
    set_aside = case["set_aside"]
    if set_aside:
        lines = ", ".join(str(row["line"]) for row in sorted(set_aside, key=lambda r: r["line"]))
        problem = inbox.problems.text
        assert f"{len(set_aside)} rows set aside" in problem and all(str(r["line"]) in problem for r in set_aside), (
            problem, lines)
    else:
        assert inbox.problems.text == ""


@pytest.mark.parametrize("name", ["helpdesk_minutes_business", "de_spreadsheet_hours", "duration_text",
                                  "helpdesk_minutes_xlsx", "several_sheets_xlsx", "iso_offsets"])
def test_a_reload_keeps_the_mapping_and_the_figures(layouts: tuple[Path, dict[str, dict[str, Any]]], name: str,
                                                    tmp_path: Path) -> None:
    folder, cases = layouts
    case = cases[name]
    inbox, store, promise = make_inbox(tmp_path)
    inbox.upload_file(case["file"], (folder / case["file"]).read_bytes())
    confirm(inbox, case)
    before = figures(inbox, promise)
    mapping = [box.value for box in (inbox.sheet, inbox.received, inbox.reply, inbox.reply_is, inbox.variant,
                                     inbox.subject, inbox.tz, inbox.order)]
    page = inbox.results.value
    inbox.saver.flush()
    assert (tmp_path / "uploads" / UPLOAD_NAME).read_bytes() == (folder / case["file"]).read_bytes()
    again = Inbox(saver=Autosaver(store, delay=0.01), promise=Promise(store=store))
    assert [box.value for box in (again.sheet, again.received, again.reply, again.reply_is, again.variant,
                                  again.subject, again.tz, again.order)] == mapping
    assert again.results.value == page and again.file_name == case["file"]
    assert figures(again, again.promise) == before


def test_business_hours_are_a_choice_and_the_page_says_which_it_measures(
        layouts: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    folder, cases = layouts
    inbox, _store, promise = make_inbox(tmp_path)
    inbox.upload_file("helpdesk_minutes.csv", (folder / "helpdesk_minutes.csv").read_bytes())
    assert inbox.variant.layout.display == "" and inbox.variant.value == "calendar"
    assert "Waits are the minutes in “First reply time in minutes”, counting every hour, as your customers wait." \
        in text_of(inbox.results.value)
    assert "in business hours only (“First reply time in minutes within business hours”)" in text_of(inbox.notes.value)
    inbox.variant.value = "business"
    assert inbox.reply.value == "First reply time in minutes within business hours"
    assert "counting business hours only, as your help desk does." in text_of(inbox.results.value)
    assert_figures(figures(inbox, promise), cases["helpdesk_minutes_business"]["expected"], "business")
    inbox.variant.value = "calendar"
    assert_figures(figures(inbox, promise), cases["helpdesk_minutes"]["expected"], "calendar")


# ---- the bad inputs ------------------------------------------------------------------------------------

def with_sample(tmp_path: Path) -> tuple[Inbox, ProgressStore, Promise, str]:
    """An inbox that has analysed the sample: the earlier analysis a bad file must leave alone."""
    inbox, store, promise = make_inbox(tmp_path)
    inbox.sample_button.click()
    assert inbox.result is not None
    return inbox, store, promise, inbox.results.value


def assert_kept(inbox: Inbox, store: ProgressStore, page: str) -> None:
    inbox.saver.flush()
    assert store.load("response-time", "inbox")["source"] == "sample"
    assert inbox.source == "sample" and inbox.summary()["source"] == "sample"
    for message in (inbox.feedback.text, inbox.problems.text):
        assert not TRACEBACK.search(message), message


def test_minutes_read_as_dates_stop_and_come_right_once_the_unit_is_chosen(
        layouts: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    folder, cases = layouts
    case = cases["minutes_read_as_dates"]
    data = (folder / case["file"]).read_bytes()
    # As it was saved before the lesson knew about minutes: the reply column taken for a time.
    store = ProgressStore(tmp_path)
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / UPLOAD_NAME).write_bytes(data)
    store.save("response-time", "inbox", {"source": "upload", "name": case["file"], "received": "Created at",
                                          "reply": case["columns"]["reply"], "reply_is": "time", "tz": "",
                                          "order": "auto"})
    inbox = Inbox(saver=Autosaver(store, delay=0.01), promise=Promise(store=store))
    assert inbox.result is None and inbox.results.value == "" and inbox.mapping.layout.display == ""
    assert inbox.problems.kind == "warning"
    message = inbox.problems.text
    assert message.startswith("Heads up: The “First reply time in minutes” column holds numbers like ")
    assert "not dates. Is it a wait in minutes? Choose “minutes after it arrived” under “First reply is”." in message
    inbox.reply_is.value = "minutes"
    assert inbox.problems.text == ""
    assert_figures(figures(inbox, inbox.promise), cases[case["expected"]["right_reading"]]["expected"], "minutes")
    # Chosen the wrong way again: the figures that made sense stay, labelled, and nothing impossible is shown.
    inbox.reply_is.value = "time"
    page = text_of(inbox.results.value)
    assert page.startswith("Your earlier figures , from “helpdesk_minutes.csv”, with the columns chosen then:")
    assert "2,500 messages analysed" in page and "days so far" not in page.split("Your slowest cases")[0]
    inbox.saver.flush()
    assert store.load("response-time", "inbox")["reply_is"] == "minutes"


def test_a_reply_column_of_notes_is_named_and_the_earlier_analysis_kept(
        layouts: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    folder, cases = layouts
    case = cases["bad_free_text_reply"]
    inbox, store, _promise, page = with_sample(tmp_path)
    inbox.upload_file(case["file"], (folder / case["file"]).read_bytes())
    assert inbox.problems.kind == "warning"
    assert inbox.problems.text.startswith("Heads up: The “First reply” column holds notes like “")
    assert "not times or waits" in inbox.problems.text
    assert "Your earlier figures, from the sample inbox (an invented jewelry shop), stay below" in inbox.problems.text
    assert text_of(inbox.results.value).startswith("Your earlier figures , from the sample inbox")
    assert_kept(inbox, store, page)


def test_negative_and_text_waits_are_set_aside_by_line(layouts: tuple[Path, dict[str, dict[str, Any]]],
                                                       tmp_path: Path) -> None:
    folder, cases = layouts
    case = cases["bad_durations"]
    expected = case["expected"]
    inbox, _store, promise = make_inbox(tmp_path)
    inbox.upload_file(case["file"], (folder / case["file"]).read_bytes())
    problem = inbox.problems.text
    negative = ", ".join(map(str, expected["negative_lines"]))
    text = ", ".join(map(str, expected["text_lines"]))
    assert problem == (f"Hint: 10 rows set aside, so 2,490 others are analysed: 5 waits we couldn't read in “First "
                       f"reply time in minutes” (lines {text}); and 5 negative waits in “First reply time in minutes” "
                       f"(lines {negative}).")
    assert_figures(figures(inbox, promise), expected["figures_without_those_rows"], "bad_durations")


@pytest.mark.parametrize(("name", "says"), [
    ("formula_only_xlsx", "In that workbook the “Received”, “First reply” and “Wait (hours)” columns hold formulas "
                          "whose results were never saved"),
    ("bad_password_xlsx", "This workbook is password-protected, so we can't open it. Save a copy without a "
                          "password, or export it as CSV, and upload that."),
    ("bad_corrupt_xlsx", "That workbook couldn't be opened: it looks damaged, or only partly downloaded."),
])
def test_workbooks_that_cannot_be_read_say_so_in_one_sentence(layouts: tuple[Path, dict[str, dict[str, Any]]],
                                                              tmp_path: Path, name: str, says: str) -> None:
    folder, cases = layouts
    case = cases[name]
    inbox, store, _promise, page = with_sample(tmp_path)
    inbox.upload_file(case["file"], (folder / case["file"]).read_bytes())
    assert inbox.feedback.kind == "warning"
    assert inbox.feedback.text.startswith(f"Heads up: “{case['file']}”: {says}")
    assert inbox.feedback.text.endswith("Your earlier analysis is unchanged.")
    assert inbox.results.value == page
    assert_kept(inbox, store, page)


def test_several_sheets_ask_which(layouts: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    folder, cases = layouts
    case = cases["several_sheets_xlsx"]
    inbox, _store, promise = make_inbox(tmp_path)
    inbox.upload_file(case["file"], (folder / case["file"]).read_bytes())
    assert inbox.sheet.layout.display == "" and list(inbox.sheet.options) == ["Summary", "Tickets"]
    assert inbox.sheet.value == "Tickets"
    assert "This workbook has 2 sheets (“Summary”, “Tickets”). We're reading “Tickets”" in text_of(inbox.notes.value)
    inbox.sheet.value = "Summary"
    assert inbox.problems.text.startswith("Heads up: The sheet “Summary” doesn't look like a list of tickets: we "
                                          "couldn't find a column for when messages arrived and one for the first "
                                          "replies. Choose the sheet with your tickets under “Sheet”")
    assert text_of(inbox.results.value).startswith("Your earlier figures , from “several_sheets.xlsx”")
    inbox.sheet.value = "Tickets"
    assert inbox.problems.text == ""
    assert_figures(figures(inbox, promise), case["expected"], "several sheets")


def test_a_big_file_says_it_is_being_read_then_shows_its_figures(tmp_path: Path, monkeypatch) -> None:
    from widgets.exercises import inbox as inbox_module

    inbox, _store, _promise = make_inbox(tmp_path)
    seen: list[tuple[str, str]] = []
    shown: list[str] = []
    inbox.feedback.observe(lambda change: seen.append((inbox.feedback.kind, inbox.feedback.message)), names="message")
    inbox.feedback.observe(lambda change: shown.append(str(change["new"])), names="value")
    rows = "\n".join(f"2026-03-{1 + i % 28:02d} 09:00,2026-03-{1 + i % 28:02d} 11:30" for i in range(400))
    data = ("Received,First reply\n" + rows + "\n").encode()
    monkeypatch.setattr(inbox_module, "SLOW_READ_BYTES", len(data) - 1)
    inbox.upload_file("tickets <b>.csv", data)
    assert ("hint", "Reading “tickets <b>.csv”… a file this size takes a few seconds.") in seen
    assert "Reading" not in inbox.feedback.message  # gone once the file is read
    assert any("Reading “tickets &lt;b&gt;.csv”" in value for value in shown)  # the name escaped on the page
