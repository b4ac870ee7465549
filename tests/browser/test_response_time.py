"""Lesson 2 in Voila: set a promise, open the optional parts, upload the sample inbox, run the simulator, reload,
find it all (the parts open by themselves, since they hold saved work)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from widgets.core.course import load_course
from widgets.exercises.inbox import SAMPLE

from .helpers import assert_clean, open_lesson, open_part
from .server import CourseServer

LESSON = load_course().lesson("response-time")
INBOX_PART = "How fast do you reply today?"
SIMULATOR_PART = "Can I keep my promise?"


def set_slider(page: Page, card: str, value: str) -> None:
    """Type a value into a slider's readout, as a learner can (the readout is editable)."""
    readout = page.locator(f"{card} .widget-readout").first
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")
    expect(readout).to_have_text(value)


def upload(page: Page, path: Path) -> None:
    """Click the upload button and pick a file in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        page.locator(".ff-inbox").get_by_role("button", name="Upload your CSV").click()
    chooser.value.set_files(str(path))


def test_learner_sets_a_promise_analyses_the_sample_runs_the_simulator_and_reloads(
        page: Page, course_server: CourseServer, screenshot_dir: Path) -> None:
    url = course_server.url(LESSON.notebook)
    open_lesson(page, url)
    assert_clean(page)

    policy = page.locator(".ff-policy")
    policy.get_by_label("Wait a week or more before you reply").check()
    policy.get_by_label("Ignore her follow-up emails").check()
    policy.get_by_role("button", name="Use the suggestion").first.click()
    opposite = policy.locator(".ff-opposite-row").first.locator("textarea")
    expect(opposite).to_have_value("Reply within 24 hours, sooner if we can")
    opposite.fill("Reply within 12 hours, sooner if we can")
    policy.locator(".ff-opposite-row").nth(1).locator("textarea").fill("Answer every follow-up the same day")
    set_slider(page, ".ff-policy", "12")
    expect(policy.locator(".ff-promise-line")).to_contain_text("within 12 hours")
    policy.get_by_role("button", name="Check my policy").click()
    expect(policy.locator(".ff-feedback-success")).to_contain_text("a promise to reply within 12 hours")
    expect(policy.locator(".ff-save-saved")).to_be_visible()

    explorer = page.locator(".ff-explorer")
    expect(explorer.locator(".ff-explorer-sentence")).to_contain_text("hear back after 12 hours")
    expect(explorer).to_contain_text("An illustration, not research")

    expect(page.locator(".ff-inbox, .ff-simulator")).to_have_count(0)  # optional parts: built when opened
    inbox = open_part(page, INBOX_PART).locator(".ff-inbox")
    expect(inbox.locator(".ff-promise-line")).to_contain_text("within 12 hours")
    upload(page, SAMPLE)
    tiles = inbox.locator(".ff-tiles")
    expect(tiles).to_contain_text("messages analysed")
    expect(tiles).to_contain_text("answered within your 12 hours")
    expect(inbox).to_contain_text("From sample_tickets.csv")
    inbox.get_by_label("Time zone").select_option(label="London, Lisbon")
    expect(inbox.get_by_label("Dates written")).to_have_value("Work it out")
    expect(inbox.locator("svg.ff-chart")).to_have_count(2)  # the waits histogram and the weekday × hour grid
    expect(inbox.locator(".ff-table tbody tr")).to_have_count(10)
    expect(inbox).to_contain_text("fare worst")
    expect(inbox.locator(".ff-save-saved")).to_be_visible()
    figures = tiles.locator(".ff-tile-value").all_inner_texts()
    inbox.screenshot(path=str(screenshot_dir / "inbox.png"))

    sim = open_part(page, SIMULATOR_PART).locator(".ff-simulator")
    expect(sim.locator(".ff-promise-line")).to_contain_text("within 12 hours")
    expect(sim).to_contain_text("What would keep your promise?")
    sim.get_by_label("Saturday").check()
    sim.get_by_label("Sunday").check()
    set_slider(page, ".ff-simulator", "12.0")
    expect(sim.locator(".ff-feedback-success")).to_contain_text("you'd keep your promise")
    expect(sim.locator(".ff-save-saved")).to_be_visible()
    assert_clean(page)
    sim.screenshot(path=str(screenshot_dir / "simulator.png"))

    page.reload()
    open_lesson(page, url)
    policy = page.locator(".ff-policy")
    expect(policy.get_by_label("Wait a week or more before you reply")).to_be_checked()
    expect(policy.get_by_label("Be rude and unprofessional when you finally reply")).not_to_be_checked()
    expect(policy.locator(".ff-opposite-row").first.locator("textarea")).to_have_value(
        "Reply within 12 hours, sooner if we can")
    expect(policy.locator(".widget-readout").first).to_have_text("12")
    for title in (INBOX_PART, SIMULATOR_PART):
        expect(page.locator(".ff-deeper", has_text=title).get_by_role("button", name="Close this part")).to_be_visible()
    inbox = page.locator(".ff-inbox")
    expect(inbox.get_by_label("Time zone")).to_have_value("London, Lisbon")
    expect(inbox.locator(".ff-tiles .ff-tile-value")).to_have_text(figures)
    expect(inbox).to_contain_text("From sample_tickets.csv")
    sim = page.locator(".ff-simulator")
    expect(sim.get_by_label("Saturday")).to_be_checked()
    expect(sim.locator(".widget-readout").first).to_have_text("12.0")
    expect(sim.locator(".ff-feedback-success")).to_contain_text("you'd keep your promise")
    assert_clean(page)


def test_a_file_that_is_not_a_csv_gets_a_plain_message(page: Page, course_server: CourseServer,
                                                       tmp_path: Path) -> None:
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    open_lesson(page, course_server.url(LESSON.notebook))
    inbox = open_part(page, INBOX_PART).locator(".ff-inbox")
    upload(page, picture)
    expect(inbox.locator(".ff-feedback-warning")).to_contain_text("doesn't look like a CSV file")
    expect(inbox.locator(".ff-feedback-warning")).to_contain_text("photo.csv")
    assert_clean(page)
