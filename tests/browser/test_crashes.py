"""Crashes, restarts and broken storage, in Voila and real Chromium: saved work survives, and the learner is told.

- the kernel killed (``kill -9``), then the Voila server: after ``make serve`` again, every answer is there;
- a kernel culled or gone: the page says so and stops taking input, instead of showing "✓ Saved" for typing that
  is thrown away; leaving a lesson (or closing its tab) ends its kernel;
- two tabs on one lesson: the last write wins and the file stays sound;
- the disk full mid-lesson, or the data folder read-only: plain words, no crash, earlier answers still shown.
(A corrupt store file is covered in ``test_modes.py``.)
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser, Page, expect

from widgets.core.course import load_course
from widgets.store.progress import DB_NAME, ProgressStore

from .helpers import assert_clean, open_lesson, type_takeaway
from .server import CourseServer

LESSONS = load_course().lessons
LOST = ".ff-connection-lost"
NOTICE = ".ff-saved-work-notice"
TAKEAWAY = ".ff-takeaway textarea"


def kernel_id(page: Page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def kernel_process(server: CourseServer, page: Page) -> psutil.Process:
    (process,) = server.processes(f"kernel-{kernel_id(page)}.json")
    return process


def saved_answers(directory: Path, lesson: str) -> dict[str, object]:
    """What is on disk for one lesson, read as a fresh kernel would (and the file checked for damage)."""
    with sqlite3.connect(directory / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return ProgressStore(directory).answers(lesson)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def test_every_answer_survives_kill_9_of_the_kernel_and_then_the_server(new_page: Page, tmp_path: Path) -> None:
    page = new_page
    with CourseServer(tmp_path) as server:
        answers = {}
        for lesson in LESSONS:
            open_lesson(page, server.url(lesson.notebook))
            answers[lesson.id] = f"Kept through a crash — {lesson.title} ✓ مرحبا e\u0301"
            type_takeaway(page, answers[lesson.id])

        kernel_process(server, page).kill()  # SIGKILL; Voila starts a fresh kernel without this page's widgets
        expect(page.locator(LOST)).to_contain_text("lost its connection to the course")
        expect(page.locator(TAKEAWAY)).to_be_disabled()  # nothing typed now could be saved: it can't be typed
        assert_clean(page)

        (voila,) = server.processes("-m widgets.tools.voila_app")
        voila.kill()
        voila.wait(30)
        server.stop()  # what is left of `make serve`
        server.start()

        for lesson in LESSONS:
            open_lesson(page, server.url(lesson.notebook))
            expect(page.locator(TAKEAWAY)).to_have_value(answers[lesson.id])
            expect(page.locator(LOST)).to_have_count(0)


def test_a_page_whose_kernel_is_gone_says_so_when_the_learner_comes_back(
        new_page: Page, course_server: CourseServer) -> None:
    page = new_page
    lesson = LESSONS[1]
    open_lesson(page, course_server.url(lesson.notebook))
    type_takeaway(page, "Typed before the kernel was culled")
    # What the idle culler does (MappingKernelManager.shutdown_kernel), through Voila's own endpoint.
    status = page.evaluate("""async (id) => {
        const token = document.cookie.match(/(?:^|;\\s*)_xsrf=([^;]*)/)[1];
        const form = new FormData(); form.append('_xsrf', token);
        const reply = await fetch(`/voila/api/shutdown/${id}`, {method: 'POST', body: form});
        return reply.status; }""", kernel_id(page))
    assert status == 204
    expect(page.locator(LOST)).to_have_count(0)  # its websocket stays open: nothing has told the page yet
    page.keyboard.type(" and more")  # the learner comes back and types on, in the box that kept focus
    # Within the 5 s the page allows itself between checks from typing, not at the next 30-second check.
    expect(page.locator(LOST)).to_contain_text("Changes made now can't be saved", timeout=10_000)
    expect(page.locator(TAKEAWAY)).to_be_disabled()
    page.get_by_role("button", name="Reload the page").click()
    page.wait_for_selector(".ff-lesson-header")
    expect(page.locator(TAKEAWAY)).to_have_value("Typed before the kernel was culled")
    expect(page.locator(TAKEAWAY)).to_be_enabled()


def test_leaving_a_lesson_ends_its_kernel(new_page: Page, course_server: CourseServer) -> None:
    page = new_page
    open_lesson(page, course_server.url(LESSONS[0].notebook))
    (left_behind,) = course_server.processes(f"kernel-{kernel_id(page)}.json")
    page.locator(".ff-nav-next").click()  # Voila's unload beacon, now carrying the _xsrf token the server checks
    page.wait_for_selector(".ff-lesson-header")
    left_behind.wait(60)
    assert "'_xsrf' argument missing" not in course_server.log()


def test_two_tabs_on_one_lesson_last_write_wins_and_nothing_is_corrupted(
        browser: Browser, course_server: CourseServer) -> None:
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    lesson = LESSONS[3]
    try:
        open_lesson(first, course_server.url(lesson.notebook))
        type_takeaway(first, "From the first tab")
        open_lesson(second, course_server.url(lesson.notebook))
        expect(second.locator(TAKEAWAY)).to_have_value("From the first tab")
        for round_ in range(3):
            type_takeaway(second, f"Second tab, round {round_}")
            type_takeaway(first, f"First tab, round {round_}")
        assert saved_answers(course_server.data_dir, lesson.id)["takeaway"] == "First tab, round 2"
        second.reload()
        open_lesson(second, course_server.url(lesson.notebook))
        expect(second.locator(TAKEAWAY)).to_have_value("First tab, round 2")
        assert_clean(first)
        assert_clean(second)
    finally:
        context.close()


def test_a_full_disk_mid_lesson_is_said_plainly_and_nothing_saved_before_is_lost(
        new_page: Page, tmp_path: Path) -> None:
    page = new_page
    lesson = LESSONS[1]
    with CourseServer(tmp_path) as server:
        open_lesson(page, server.url(lesson.notebook))
        type_takeaway(page, "Saved before the disk filled up")
        # The kernel may write nothing beyond what is on disk now: its next write fails as on a full disk.
        size = max((tmp_path / name).stat().st_size for name in (DB_NAME, f"{DB_NAME}-wal"))
        resource.prlimit(kernel_process(server, page).pid, resource.RLIMIT_FSIZE, (size, size))

        page.locator(TAKEAWAY).fill("Typed after the disk filled up " + "more words " * 400)
        expect(page.locator(".ff-takeaway .ff-save-failed")).to_contain_text("Not saved")
        expect(page.locator(NOTICE)).to_contain_text("can't be saved on this computer right now")
        assert_clean(page)
        page.get_by_role("button", name="Mark lesson done").click()  # the page still works
        expect(page.locator(".ff-takeaway .ff-feedback-success")).to_contain_text("Lesson done")
        assert saved_answers(tmp_path, lesson.id)["takeaway"] == "Saved before the disk filled up"


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for the course, as root (a read-only mount) or as anyone else (permissions)."""
    if os.geteuid() != 0:
        for item in [path, *path.iterdir()]:
            item.chmod(0o555 if item.is_dir() else 0o444)
        try:
            yield
        finally:
            for item in [path, *path.iterdir()]:
                item.chmod(0o755 if item.is_dir() else 0o644)
        return
    if shutil.which("mount") is None:
        pytest.skip("running as root without `mount`: no way to make a folder read-only for root")
    bound = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"running as root and cannot mount here ({bound.stderr.strip()}): no read-only folder for root")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def test_a_read_only_data_folder_shows_earlier_answers_and_says_new_ones_cannot_be_saved(
        new_page: Page, tmp_path: Path) -> None:
    data = tmp_path / "data"
    earlier = ProgressStore(data)
    earlier.save("welcome", "takeaway", "Written when the folder was still writable")
    earlier.close()
    logs = tmp_path / "logs"
    logs.mkdir()
    page = new_page
    with read_only_folder(data):
        with pytest.raises(OSError):
            (data / "probe").write_text("x")
        with CourseServer(data, log_dir=logs) as server:
            open_lesson(page, server.url(LESSONS[0].notebook))
            expect(page.locator(NOTICE)).to_contain_text("can't be saved on this computer right now")
            expect(page.locator(TAKEAWAY)).to_have_value("Written when the folder was still writable")
            page.locator(TAKEAWAY).fill("A new thought")
            expect(page.locator(".ff-takeaway .ff-save-failed")).to_contain_text("Not saved")
            assert_clean(page)
    assert ProgressStore(data).load("welcome", "takeaway") == "Written when the folder was still writable"
