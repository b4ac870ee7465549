"""Lesson 2's "Your own inbox" in Voila, with every export layout the generator writes (tests/inbox_layouts):
a learner uploads each file (CSV and .xlsx) through the browser's file chooser, confirms or picks the
columns, what the reply holds and the time zone, and reads the figures the generator's ground truth
gives. The minutes-read-as-dates case stops with the plausibility message and comes right once the
unit is chosen; the bad files get one sentence and leave the earlier analysis; a reload keeps the
mapping and the figures. Screenshots at desktop width and at a phone's 390 px go to test-results/inbox/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.inbox_layouts.make_layouts import write_layouts
from widgets.core.course import load_course
from widgets.exercises.inbox import wait_text
from widgets.rules.inbox_limits import REPLY_KINDS, ZONE_NAMES

from .helpers import assert_clean, open_lesson
from .server import CourseServer

LESSON = load_course().lesson("response-time")
LISTED = {"Europe/Berlin": "Europe/Paris", "Europe/Madrid": "Europe/Paris"}
# Each file once, then the other cases it holds: (file's first case, [cases changed to by the dropdowns]).
FILES = [
    ("helpdesk_minutes", ["helpdesk_minutes_business"]), ("helpdesk_hours", []), ("helpdesk_seconds", []),
    ("duration_text", []), ("duration_clock", []), ("iso_offsets", []), ("iso_utc_z", []), ("unix_seconds", []),
    ("de_spreadsheet", ["de_spreadsheet_hours"]), ("fr_spreadsheet", ["fr_spreadsheet_hours"]),
    ("es_spreadsheet", ["es_spreadsheet_hours"]), ("nl_spreadsheet", ["nl_spreadsheet_hours"]),
    ("helpdesk_minutes_xlsx", []), ("two_timestamps_xlsx", []), ("several_sheets_xlsx", []),
]


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("layouts")
    write_layouts(folder, rows=2500, seed=7)
    return folder, json.loads((folder / "expected.json").read_text(encoding="utf-8"))["layouts"]


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    with CourseServer(tmp_path_factory.mktemp("inbox-data")) as server:
        yield server


@pytest.fixture
def shots(screenshot_dir: Path) -> Path:
    folder = screenshot_dir / "inbox"
    folder.mkdir(exist_ok=True)
    return folder


def card(page: Page) -> Locator:
    return page.locator(".ff-inbox")


def open_inbox(page: Page, url: str) -> Locator:
    """Open the lesson, and its optional inbox part unless it opened by itself (it does once started)."""
    open_lesson(page, url)
    part = page.locator(".ff-deeper").filter(has_text="How fast do you reply today?")
    button = part.get_by_role("button", name="Open this part")
    if button.count():
        button.click()
    expect(card(page)).to_be_visible()
    return card(page)


UPLOAD_LABEL = re.compile(r"^\s*Upload your CSV or Excel file\s*$")


def upload(page: Page, path: Path) -> None:
    """Click the upload button and pick a file in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        card(page).get_by_role("button", name="Upload your CSV or Excel file").click()
    chooser.value.set_files(str(path))


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` (as the learner reads it) in the drop-down labelled ``label``, unless it is chosen."""
    box = card(page).get_by_label(label, exact=True)
    if box.evaluate("b => b.options[b.selectedIndex] ? b.options[b.selectedIndex].text : ''") != option:
        box.select_option(label=option)
        expect(box).to_have_value(option)


def reply_is(case: dict[str, Any]) -> str:
    key = "time" if case["reply_kind"] == "time" else {"text": "duration", "clock": "duration"}.get(
        case["unit"], case["unit"])
    return REPLY_KINDS[key]


def tiles_for(expected: dict[str, Any]) -> list[str]:
    """The five figures the learner should read, as the tiles write them (a 24-hour promise)."""
    return [f"{expected['tickets']:,}", f"{expected['within']['24h']['of_all']:.0%}",
            wait_text(expected["median_hours_exact"]), wait_text(expected["p90_hours"]), f"{expected['unanswered']:,}"]


def confirm(page: Page, case: dict[str, Any]) -> None:
    """Set the mapping as the case says (the learner confirming the guess, or picking)."""
    columns = case["columns"]
    inbox = card(page)
    if case.get("sheet") and inbox.get_by_label("Sheet", exact=True).is_visible():
        choose(page, "Sheet", case["sheet"])
    choose(page, "Message arrived", columns["received"])
    if case.get("variant") == "business":
        choose(page, "Count the wait in", "business hours")
    choose(page, "First reply", columns["reply"])
    choose(page, "First reply is", reply_is(case))
    choose(page, "Show beside slow cases", columns["subject"])
    zone = case["read_tz"]
    if zone and zone != "UTC":
        box = zone_box(page)
        label = ZONE_NAMES[LISTED.get(zone, zone)]
        if box.evaluate("b => b.options[b.selectedIndex].text") != label:
            box.select_option(label=label)
        expect(box).to_have_value(label)


def zone_box(page: Page) -> Locator:
    return card(page).locator(".widget-dropdown").filter(has_text="time zone").locator("select")


def expect_tiles(inbox: Locator, expected: dict[str, Any]) -> None:
    """The figures of ``expected`` on the tiles (the 90th percentile is left out: the generator gives it to
    0.01 h, which can round the other way in words)."""
    tiles = inbox.locator(".ff-tiles .ff-tile-value")
    for index, value in enumerate(tiles_for(expected)):
        if index != 3:
            expect(tiles.nth(index)).to_have_text(value)


def expect_figures(page: Page, case: dict[str, Any]) -> None:
    inbox = card(page)
    expect_tiles(inbox, case["expected"])
    expect(inbox.locator(".ff-inbox-earlier")).to_have_count(0)
    expect(inbox.locator(".ff-table thead")).to_contain_text(case["columns"]["subject"])
    expect(inbox.locator(".ff-feedback-warning")).to_have_count(0)


def viewport_shots(page: Page, shots: Path, name: str) -> None:
    """The mapping, the figures and the slowest cases, each scrolled into view and taken as the learner sees
    them (a card taller than the window is not painted whole in an element screenshot)."""
    for part in (".ff-mapping", ".ff-tiles", ".ff-table"):
        card(page).locator(part).scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"inbox-{name}-{part.removeprefix('.ff-')}.png"))


def test_every_layout_uploaded_mapped_and_read_right(page: Page, course_server: CourseServer, shots: Path,
                                                     layouts: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    folder, cases = layouts
    url = course_server.url(LESSON.notebook)
    inbox = open_inbox(page, url)
    seen: list[str] = []
    for first, others in FILES:
        case = cases[first]
        upload(page, folder / case["file"])
        expect(inbox).to_contain_text(f"From {case['file']}.")
        for name in [first, *others]:
            confirm(page, cases[name])
            expect_figures(page, cases[name])
            seen.append(name)
        if first == "de_spreadsheet":
            viewport_shots(page, shots, "de-spreadsheet-desktop")
    assert len(seen) == 20
    assert_clean(page)

    # A reload brings back the last file, its mapping and its figures.
    last = cases["several_sheets_xlsx"]
    figures = inbox.locator(".ff-tiles .ff-tile-value").all_inner_texts()
    page.reload()
    inbox = open_inbox(page, url)
    expect(inbox.locator(".ff-tiles .ff-tile-value")).to_have_text(figures)
    expect(inbox.get_by_label("Sheet", exact=True)).to_have_value("Tickets")
    expect(inbox.get_by_label("First reply", exact=True)).to_have_value(last["columns"]["reply"])
    expect(inbox.get_by_label("Show beside slow cases", exact=True)).to_have_value("Subject")
    expect(zone_box(page)).to_have_value(ZONE_NAMES[last["read_tz"]])
    expect(inbox).to_contain_text("From several_sheets.xlsx.")
    assert_clean(page)


def test_minutes_read_as_dates_stop_then_come_right(page: Page, course_server: CourseServer, shots: Path,
                                                    layouts: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    folder, cases = layouts
    case = cases["minutes_read_as_dates"]
    inbox = open_inbox(page, course_server.url(LESSON.notebook))
    button = inbox.locator(".widget-upload")
    expect(button).to_have_text(UPLOAD_LABEL)  # not ipywidgets' "… (0)" file count
    upload(page, folder / case["file"])
    expect(inbox).to_contain_text("From helpdesk_minutes.csv.")
    expect(button).to_have_text(UPLOAD_LABEL)  # nor after ipywidgets redraws it
    choose(page, "First reply is", REPLY_KINDS["time"])  # read as dates, as the lesson once did
    warning = inbox.locator(".ff-feedback-warning")
    expect(warning).to_contain_text("The “First reply time in minutes” column holds numbers like")
    expect(warning).to_contain_text("not dates. Is it a wait in minutes? Choose “minutes after it arrived” under "
                                    "“First reply is”.")
    expect(inbox.locator(".ff-inbox-earlier")).to_contain_text("Your earlier figures")
    assert "days so far" not in inbox.locator(".ff-tiles").inner_text()
    warning.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "inbox-minutes-as-dates-desktop.png"))
    choose(page, "First reply is", REPLY_KINDS["minutes"])
    expect_figures(page, cases[case["expected"]["right_reading"]])
    assert_clean(page)


@pytest.mark.parametrize("name", ["bad_password_xlsx", "bad_corrupt_xlsx", "formula_only_xlsx",
                                  "bad_free_text_reply", "bad_durations"])
def test_bad_files_get_one_sentence_and_keep_the_earlier_analysis(
        page: Page, course_server: CourseServer, layouts: tuple[Path, dict[str, dict[str, Any]]], name: str) -> None:
    folder, cases = layouts
    case = cases[name]
    inbox = open_inbox(page, course_server.url(LESSON.notebook))
    inbox.get_by_role("button", name="Use the sample inbox").click()
    expect(inbox).to_contain_text("From the sample inbox")
    before = inbox.locator(".ff-tiles .ff-tile-value").all_inner_texts()
    upload(page, folder / case["file"])
    if name == "bad_durations":
        hint = inbox.locator(".ff-feedback-hint")
        expect(hint).to_contain_text("10 rows set aside, so 2,490 others are analysed")
        expect(hint).to_contain_text(", ".join(map(str, case["expected"]["negative_lines"])))
        expect_tiles(inbox, case["expected"]["figures_without_those_rows"])
    else:
        says = {"bad_password_xlsx": "This workbook is password-protected",
                "bad_corrupt_xlsx": "it looks damaged, or only partly downloaded",
                "formula_only_xlsx": "formulas whose results were never saved",
                "bad_free_text_reply": "The “First reply” column holds notes like"}[name]
        expect(inbox.locator(".ff-feedback-warning")).to_contain_text(says)
        expect(inbox.locator(".ff-tiles .ff-tile-value")).to_have_text(before)
        expect(inbox).to_contain_text("From the sample inbox")
    assert_clean(page)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def test_the_inbox_on_a_phone(phone: Page, course_server: CourseServer, shots: Path,
                              layouts: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    folder, cases = layouts
    inbox = open_inbox(phone, course_server.url(LESSON.notebook))
    upload(phone, folder / "helpdesk_minutes.csv")
    expect_tiles(inbox, cases["helpdesk_minutes"]["expected"])
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"
    for label in ("Message arrived", "First reply", "First reply is", "Count the wait in", "Show beside slow cases"):
        box = inbox.get_by_label(label, exact=True).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    viewport_shots(phone, shots, "helpdesk-minutes-phone")
    choose(phone, "First reply is", REPLY_KINDS["time"])
    warning = inbox.locator(".ff-feedback-warning")
    expect(warning).to_contain_text("not dates. Is it a wait in minutes?")
    warning.scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "inbox-minutes-as-dates-phone.png"))
