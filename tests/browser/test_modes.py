"""The course under other conditions: preheated kernels, a corrupt store, JupyterLab."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser, expect

from widgets.core.course import load_course
from widgets.store.progress import CORRUPT_NOTICE

from .helpers import assert_clean, open_lesson, type_takeaway
from .server import ROOT, CourseServer, free_port, stop_group, wait_until_up

LESSONS = load_course().lessons


def test_preheated_kernels_still_show_the_latest_answer(browser: Browser, tmp_path: Path) -> None:
    # A preheated kernel runs the lesson before the request; the answer typed since must
    # still be what the learner sees after a reload.
    server = CourseServer(tmp_path, extra_args="--preheat").start()
    try:
        lesson = LESSONS[1]
        filled = f"Kernel pool of lessons/{lesson.notebook} is filled"
        deadline = time.monotonic() + 120
        while filled not in server.log() and time.monotonic() < deadline:
            time.sleep(0.5)  # polling the server log for the pool, not waiting on the page
        assert filled in server.log(), server.log()
        page = browser.new_page()
        page.set_default_timeout(90_000)
        for attempt in ("first version", "second version"):
            open_lesson(page, server.url(lesson.notebook))
            type_takeaway(page, attempt)
        page.reload()
        open_lesson(page, server.url(lesson.notebook))
        expect(page.locator(".ff-takeaway textarea")).to_have_value("second version")
        assert_clean(page)
        page.close()
    finally:
        server.stop()


def test_a_corrupt_store_gives_one_friendly_sentence_and_a_fresh_start(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "progress.db").write_bytes(b"\x00garbage, not SQLite" * 1000)
    server = CourseServer(tmp_path).start()
    try:
        page = browser.new_page()
        page.set_default_timeout(60_000)
        open_lesson(page, server.url(LESSONS[0].notebook))
        expect(page.locator(".ff-callout-notice")).to_contain_text(CORRUPT_NOTICE)
        assert_clean(page)
        type_takeaway(page, "Still saving after the reset")
        page.reload()
        open_lesson(page, server.url(LESSONS[0].notebook))
        expect(page.locator(".ff-takeaway textarea")).to_have_value("Still saving after the reset")
        expect(page.locator(".ff-callout-notice")).to_have_count(0)  # told once, not forever
        page.close()
    finally:
        server.stop()
    aside = list(tmp_path.glob("progress.db.unreadable-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")


def test_previous_next_links_work_in_jupyterlab(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "FAILFORWARD_DATA": str(tmp_path), "HOME": str(tmp_path)}
    env.pop("FAILFORWARD_STRICT", None)
    command = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--IdentityProvider.token=", "--no-browser", f"--ServerApp.root_dir={ROOT}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with open(tmp_path / "lab.log", "wb") as log:
        lab = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/status", lab, tmp_path / "lab.log")
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.set_default_timeout(90_000)
        page.goto(f"http://127.0.0.1:{port}/lab/tree/lessons/{LESSONS[1].notebook}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        # "Run All" before the kernel is connected is silently dropped: wait for it to be idle.
        expect(page.get_by_role("button", name=re.compile(r"Python 3 \(ipykernel\) \| Idle"))).to_be_visible(
            timeout=90_000)
        page.get_by_role("menuitem", name="Run").click()
        page.get_by_text("Run All Cells", exact=True).click()
        next_link = page.locator(".ff-nav-next")
        expect(next_link).to_contain_text(LESSONS[2].title, timeout=90_000)
        next_link.click()
        page.wait_for_url(f"**/lab/tree/lessons/{LESSONS[2].notebook}")
        expect(page.locator(".lm-TabBar-tab", has_text=LESSONS[2].notebook)).to_have_count(1)
        page.close()
    finally:
        stop_group(lab, grace=30)
