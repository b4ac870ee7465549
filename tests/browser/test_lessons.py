"""Every lesson in Voila, in real Chromium: renders, shows no code, keeps answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from widgets.core.course import load_course
from widgets.tools.check import page_title

from .helpers import assert_clean, assert_images_load, assert_questions_readable, open_lesson, type_takeaway
from .server import CourseServer

LESSONS = load_course().lessons


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_renders_without_code_and_keeps_an_answer_over_reload(
        page: Page, course_server: CourseServer, lesson, screenshot_dir: Path) -> None:
    open_lesson(page, course_server.url(lesson.notebook))
    expect(page.locator("h1.ff-title")).to_have_text(lesson.title)
    expect(page).to_have_title(page_title(lesson.title))
    assert page.locator(".widget-textarea, .widget-text").count() >= 1
    assert page.locator(".jp-RenderedMarkdown h2").count() >= 2  # the lesson's prose is there
    assert_clean(page)
    assert_images_load(page)
    assert_questions_readable(page)

    answer = f"My takeaway for {lesson.id}: reply within 24 h <b>bold?</b> ✓"
    type_takeaway(page, answer)
    page.reload()
    open_lesson(page, course_server.url(lesson.notebook))
    expect(page.locator(".ff-takeaway textarea")).to_have_value(answer)
    assert page.locator(".ff-takeaway b").count() == 0
    assert_clean(page)
    page.screenshot(path=str(screenshot_dir / f"lesson-{lesson.number}-{lesson.id}.png"))


def test_welcome_name_survives_reload_and_server_restart(browser: Browser, tmp_path: Path) -> None:
    server = CourseServer(tmp_path).start()
    try:
        welcome = LESSONS[0]
        page = browser.new_page()
        open_lesson(page, server.url(welcome.notebook))
        page.locator(".ff-name-input input").fill("Maya <script>alert('x')</script>")
        expect(page.locator(".ff-name-entry .ff-save-saved")).to_be_visible()
        expect(page.locator(".ff-greeting")).to_contain_text("Nice to meet you, Maya <script>alert('x')</script>")
        answers = {}
        for lesson in LESSONS:
            open_lesson(page, server.url(lesson.notebook))
            answers[lesson.id] = f"Restart-proof takeaway for {lesson.title}"
            type_takeaway(page, answers[lesson.id])
        page.close()

        server.stop()
        server.start()

        page = browser.new_page()
        open_lesson(page, server.url(welcome.notebook))
        expect(page.locator(".ff-name-input input")).to_have_value("Maya <script>alert('x')</script>")
        for lesson in LESSONS:
            open_lesson(page, server.url(lesson.notebook))
            expect(page.locator(".ff-takeaway textarea")).to_have_value(answers[lesson.id])
        page.close()
    finally:
        server.stop()


def test_marking_a_lesson_done_updates_the_course_map_and_next_link_works(
        page: Page, course_server: CourseServer) -> None:
    lesson = LESSONS[1]
    open_lesson(page, course_server.url(lesson.notebook))
    page.locator(".ff-takeaway textarea").fill("")
    page.get_by_role("button", name="Mark lesson done").click()
    expect(page.locator(".ff-takeaway .ff-feedback-hint")).to_contain_text("Write a sentence or two first")
    type_takeaway(page, "Invert fulfillment first.")
    page.get_by_role("button", name="Mark lesson done").click()
    expect(page.locator(".ff-takeaway .ff-feedback-success")).to_contain_text("Lesson done")
    expect(page.locator(".ff-step-current")).to_have_class(__import__("re").compile("ff-step-done"))

    page.locator(".ff-nav-next").click()
    page.wait_for_selector(".ff-lesson-header")
    expect(page.locator("h1.ff-title")).to_have_text(LESSONS[2].title)
    step = page.locator(".ff-step a", has_text=str(lesson.number)).first
    expect(step).to_have_attribute("aria-label", f"Lesson 1: {lesson.title} (done)")


def test_front_door_leads_to_the_welcome_lesson(page: Page, course_server: CourseServer) -> None:
    page.goto(course_server.base + "/")
    page.wait_for_selector(".ff-lesson-header")
    assert page.url.endswith("/voila/render/lessons/00_welcome.ipynb")


@pytest.mark.parametrize("path", [
    "voila/files/lessons/00_welcome.ipynb",
    "voila/files/widgets/progress.py",
    "voila/files/assets/content/course.yaml",
    "voila/files/voila.json",
    "voila/files/pyproject.toml",
    "voila/files/.git/config",
    "voila/files/assets/../pyproject.toml",
])
def test_only_course_assets_can_be_fetched(course_server: CourseServer, path: str) -> None:
    import urllib.error
    import urllib.request
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{course_server.base}/{path}", timeout=10)
    assert refused.value.code in (403, 404)


def test_stylesheet_is_served(course_server: CourseServer) -> None:
    import urllib.request
    with urllib.request.urlopen(f"{course_server.base}/voila/files/assets/course.css", timeout=10) as reply:
        assert b"--ff-brand" in reply.read()
