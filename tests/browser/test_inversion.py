"""Lesson 1 in Voila: a learner works through the check-ins and the inversion board, reloads, finds it all."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from widgets.core.course import load_course

from .helpers import assert_clean, open_lesson
from .server import CourseServer

LESSON = load_course().lesson("inversion")


def fill_row(page: Page, stage: str, index: int, failure: str, inverse: str, measure: str) -> None:
    row = page.locator(".ff-stage-card", has_text=stage).locator(".ff-board-row").nth(index)
    row.get_by_label("Way to crash it").fill(failure)
    row.get_by_label("The opposite").fill(inverse)
    row.get_by_label("How you'd measure it").fill(measure)
    expect(row.locator(".ff-feedback-success")).to_contain_text("Clear and measurable")


def test_learner_fills_two_stages_ranks_and_finds_it_after_reload(
        page: Page, course_server: CourseServer, screenshot_dir: Path) -> None:
    url = course_server.url(LESSON.notebook)
    open_lesson(page, url)
    assert_clean(page)

    first_checkin = page.locator(".ff-checkin").first
    first_checkin.locator("input[type=radio]").nth(0).check()
    expect(first_checkin.locator(".ff-feedback-success, .ff-feedback-hint")).to_be_visible()

    board = page.locator(".ff-inversion-board")
    board.get_by_label("Advertising").check()
    board.get_by_label("Customer service").check()
    advertising = page.locator(".ff-stage-card", has_text="Advertising")
    advertising.get_by_role("button", name="+ Add a way to crash it").click()
    row = advertising.locator(".ff-board-row").first
    row.get_by_label("Way to crash it").fill("Boost posts without checking what sells")
    expect(row.locator(".ff-feedback-hint")).to_contain_text("now write its opposite")
    row.get_by_label("The opposite").fill("Don't boost posts without checking what sells")
    expect(row.locator(".ff-feedback-hint")).to_contain_text("in front")
    fill_row(page, "Advertising", 0, "Boost posts without checking what sells",
             "Boost only posts that already sold a piece", "2 sales per $100 boosted")

    service = page.locator(".ff-stage-card", has_text="Customer service")
    service.get_by_role("button", name="Use this example").first.click()
    expect(service.locator(".ff-board-row")).to_have_count(1)

    ranking = page.locator(".ff-rank-item")
    expect(ranking).to_have_count(2)
    ranking.nth(1).get_by_role("button", name="↑").click()
    expect(ranking.nth(0)).not_to_contain_text("Boost only posts")
    ranking.nth(0).get_by_label("Commit to this").check()
    ranking.nth(1).get_by_label("Commit to this").check()
    expect(page.locator(".ff-inversion-board > .ff-save-status-wrap .ff-save-saved")).to_be_visible()
    assert_clean(page)
    page.locator(".ff-inversion-board").screenshot(path=str(screenshot_dir / "inversion-board.png"))

    page.reload()
    open_lesson(page, url)
    expect(page.locator(".ff-inversion-board").get_by_label("Advertising")).to_be_checked()
    expect(page.locator(".ff-inversion-board").get_by_label("Fulfillment")).not_to_be_checked()
    row = page.locator(".ff-stage-card", has_text="Advertising").locator(".ff-board-row").first
    expect(row.get_by_label("How you'd measure it")).to_have_value("2 sales per $100 boosted")
    ranking = page.locator(".ff-rank-item")
    expect(ranking.nth(1)).to_contain_text("Boost only posts")
    expect(ranking.nth(0).get_by_label("Commit to this")).to_be_checked()
    expect(page.locator(".ff-checkin").first.locator("input[type=radio]").nth(0)).to_be_checked()
    assert_clean(page)


def test_rows_can_be_added_moved_and_removed_with_the_keyboard(page: Page, course_server: CourseServer) -> None:
    open_lesson(page, course_server.url(LESSON.notebook))
    fulfillment = page.locator(".ff-inversion-board").get_by_label("Fulfillment")
    fulfillment.focus()
    page.keyboard.press("Space")
    card = page.locator(".ff-stage-card", has_text="Fulfillment")
    add = card.get_by_role("button", name="+ Add a way to crash it")
    rows = card.locator(".ff-board-row")
    for count, text in enumerate(("First way", "Second way"), start=1):
        add.focus()
        page.keyboard.press("Enter")
        expect(rows).to_have_count(count)
        rows.nth(count - 1).get_by_label("Way to crash it").focus()
        page.keyboard.type(text)
        expect(rows.nth(count - 1).locator(".ff-feedback-hint")).to_contain_text("now write its opposite")
    rows.nth(1).get_by_role("button", name="↑ Move up").focus()
    page.keyboard.press("Enter")
    expect(rows.nth(0).get_by_label("Way to crash it")).to_have_value("Second way")
    rows.nth(0).get_by_role("button", name="✕ Remove").focus()
    page.keyboard.press("Space")
    expect(rows).to_have_count(1)
    expect(rows.nth(0).get_by_label("Way to crash it")).to_have_value("First way")
