"""Lesson 5 in Voila: the playbook shows real answers, downloads as Markdown and a printable page,
and progress exported here and imported into a fresh data directory brings every answer back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from widgets.core.course import load_course

from .helpers import assert_clean, open_lesson
from .server import CourseServer

COURSE = load_course()
RECOVERY = ("Dear Dana, I'm so sorry. The clasp we chose wasn't strong enough, and that's on us. "
            "A replacement goes out tomorrow <b>by courier</b> 💎")


@pytest.fixture
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """A server with its own, empty data directory (the shared one holds other tests' answers)."""
    with CourseServer(tmp_path_factory.mktemp("playbook-data")) as server:
        yield server


def download(page: Page, link_text: str, to: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_text).click()
    target = to / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_playbook_downloads_and_progress_travels_to_a_fresh_data_directory(
        page: Page, browser: Browser, own_server: CourseServer, tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory, screenshot_dir: Path) -> None:
    open_lesson(page, own_server.url(COURSE.lesson("welcome").notebook))
    page.get_by_label("Your first name").fill("Maya <i>")
    expect(page.locator(".ff-name-entry .ff-save-saved")).to_be_visible()

    open_lesson(page, own_server.url(COURSE.lesson("response-time").notebook))
    readout = page.locator(".ff-policy .widget-readout").first
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    expect(page.locator(".ff-policy .ff-save-saved")).to_be_visible()

    open_lesson(page, own_server.url(COURSE.lesson("owning-mistakes").notebook))
    page.locator(".ff-recovery textarea").fill(RECOVERY)
    expect(page.locator(".ff-recovery .ff-save-saved")).to_be_visible()

    playbook_url = own_server.url(COURSE.lesson("playbook").notebook)
    open_lesson(page, playbook_url)
    book = page.locator(".ff-playbook")
    expect(book.locator(".ff-playbook-owner")).to_have_text("Maya <i>'s playbook")
    expect(book).to_contain_text("Your response-time promise: a first reply within 6 hours.")
    expect(book).to_contain_text("A replacement goes out tomorrow <b>by courier</b>")
    expect(book).not_to_contain_text("Simulated with")  # the simulator was never used
    expect(book.get_by_role("link", name="go to Lesson 4: Leading your team through a failure")).to_be_visible()
    assert_clean(page)
    page.locator(".ff-playbook-preview").screenshot(path=str(screenshot_dir / "playbook.png"))

    markdown = download(page, "Download as Markdown", tmp_path).read_text()
    assert markdown.startswith("# Maya <i>'s playbook")
    assert "> Dear Dana, I'm so sorry." in markdown and "a first reply within 6 hours" in markdown
    printable = download(page, "Download a printable page", tmp_path)
    html = printable.read_text()
    assert "Maya &lt;i&gt;&#x27;s playbook" in html and "&lt;b&gt;by courier&lt;/b&gt;" in html
    assert ".ipynb" not in html and ".ipynb" not in markdown  # no links to lessons that aren't there
    printed = browser.new_page()
    printed.goto(printable.as_uri())
    expect(printed.locator(".ff-playbook-owner")).to_have_text("Maya <i>'s playbook")
    assert printed.locator("script, b").count() == 0  # learner markup stayed text
    pdf = printed.pdf(path=str(screenshot_dir / "playbook.pdf"), format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 5_000
    printed.emulate_media(media="print")
    expect(printed.locator(".ff-download-hint")).to_be_hidden()
    printed.screenshot(path=str(screenshot_dir / "playbook-printable.png"), full_page=True)
    printed.close()

    carry = page.locator(".ff-carry")
    carry.get_by_role("button", name="Prepare my progress file").click()
    progress = download(page, "Download my progress", tmp_path)
    exported = json.loads(progress.read_text())
    assert exported["format"] == "fail-forward-progress" and exported["learner"] == "Maya <i>"

    fresh = CourseServer(tmp_path_factory.mktemp("fresh-data")).start()
    try:
        open_lesson(page, fresh.url(COURSE.lesson("playbook").notebook))
        expect(page.locator(".ff-playbook-owner")).to_have_text("Your playbook")
        with page.expect_file_chooser() as chooser:
            page.locator(".ff-carry").get_by_role("button", name="Import a progress file").click()
        chooser.value.set_files(str(progress))
        feedback = page.locator(".ff-carry .ff-feedback-hint")
        expect(feedback).to_contain_text(f"This file has {len(exported['answers'])} answers")
        page.locator(".ff-carry").get_by_role("button", name="Import", exact=True).click()
        expect(page.locator(".ff-carry .ff-feedback-success")).to_contain_text("Imported")
        page.reload()
        open_lesson(page, fresh.url(COURSE.lesson("playbook").notebook))
        book = page.locator(".ff-playbook")
        expect(book.locator(".ff-playbook-owner")).to_have_text("Maya <i>'s playbook")
        expect(book).to_contain_text("A replacement goes out tomorrow <b>by courier</b>")
        page.locator(".ff-carry").get_by_role("button", name="Prepare my progress file").click()
        (tmp_path / "again").mkdir()
        again = json.loads(download(page, "Download my progress", tmp_path / "again").read_text())
        assert again["answers"] == exported["answers"]
        assert_clean(page)
    finally:
        fresh.stop()
