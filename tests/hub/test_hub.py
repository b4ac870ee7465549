"""The course on JupyterHub (deploy/local/jupyterhub_config.py), proved end to end on 127.0.0.1.

Two learners log in through the hub's login form, each lands in Voila on the welcome
lesson in their own single-user server, types a first name, reloads, and sees only their
own; each one's progress store is in their own home, and holds nothing of the other's.

    deploy/prove-local-hub.sh          # or: FAILFORWARD_HUB_TEST=1 .venv/bin/python -m pytest tests/hub
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import READY, assert_clean, assert_images_load, open_lesson
from tests.browser.server import ROOT
from widgets.core.course import load_course

from .conftest import REPORT
from .localhub import PASSWORD, LocalHub, environ

WELCOME = "voila/render/lessons/00_welcome.ipynb"
LEARNERS = {"amara": "Amara", "bongani": "Bongani"}  # hub user name -> the first name they type
pytestmark = pytest.mark.timeout(1800)  # building the hub's virtualenv from scratch takes minutes


def log_in(browser: Browser, hub: LocalHub, user: str) -> tuple[Page, dict[str, float]]:
    """The hub's login form, then the hub's redirects to the learner's own server and lesson."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    started = time.monotonic()
    page.click("#login_submit")
    page.wait_for_url(f"{hub.base}/user/{user}/{WELCOME}*")
    landed = time.monotonic()
    page.wait_for_selector(READY, state="visible")
    page.wait_for_selector(".ff-takeaway textarea", state="visible")
    ready = time.monotonic()
    return page, {"login_to_lesson_url_s": round(landed - started, 2), "lesson_render_s": round(ready - landed, 2),
                  "login_to_ready_s": round(ready - started, 2)}


def saved_name(progress_dir: Path) -> str | None:
    """The welcome lesson's saved name, read from the learner's progress.db on disk."""
    with sqlite3.connect(progress_dir / "progress.db") as db:
        row = db.execute("SELECT value FROM answers WHERE lesson = 'welcome' AND key = 'name'").fetchone()
    return None if row is None else row[0]


def bytes_under(folder: Path) -> bytes:
    """Everything stored in a folder (the database and its write-ahead log included)."""
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_two_learners_each_land_in_voila_and_see_only_their_own_answer(hub: LocalHub, hub_browser: Browser) -> None:
    pages: dict[str, Page] = {}
    REPORT["learners"] = {}
    for user, name in LEARNERS.items():
        page, timings = log_in(hub_browser, hub, user)
        pages[user] = page
        REPORT["learners"][user] = timings
        # The course as configured for students: the course template (from JUPYTER_PATH) and
        # stylesheet, images through the Markdown renderer (binder/jupyter-config), no code.
        assert page.locator("link[href$='voila/files/assets/course.css']").count() == 1
        assert_clean(page)
        assert_images_load(page)
        box = page.get_by_label("Your first name")
        expect(box).to_have_value("")  # a new learner starts empty, whoever answered before
        box.fill(name)
        expect(page.locator(".ff-name-entry .ff-save-saved")).to_be_visible(timeout=30_000)
        assert page.locator(".ff-name-entry .ff-save-saved").inner_text() == "✓ Saved"

    running = hub.processes()
    REPORT["memory_two_learners_mib"] = running
    # Each learner's server and lesson kernel: their own progress folder, the course's template path.
    for row in running:
        if row["role"] in {"single-user server", "kernel"}:
            env = environ(row["pid"])
            assert env["FAILFORWARD_DATA"] == str(hub.progress_dir(row["user"])), row
            assert env["JUPYTER_PATH"].split(os.pathsep)[0] == str(ROOT / "share" / "jupyter"), row
    assert {row["user"] for row in running if row["role"] == "single-user server"} == set(LEARNERS)

    for user, name in LEARNERS.items():
        page = pages[user]
        page.reload()
        page.wait_for_selector(READY, state="visible")
        page.wait_for_selector(".ff-takeaway textarea", state="visible")
        expect(page.get_by_label("Your first name")).to_have_value(name)
        # The page's own kernel check (assets/connection.js) reaches the kernel through the hub: no false alarm.
        assert page.evaluate("async () => { await window.ffConnection.check(); return window.ffConnection.lost; }") \
            is False
        expect(page.locator(".ff-connection-lost")).to_have_count(0)
        body = page.locator("body").inner_text()
        for other in set(LEARNERS.values()) - {name}:
            assert other not in body, f"{user} sees {other}'s name"

    # One learner can't open another's server: the hub refuses (403), no lesson is shown.
    page = pages["amara"]
    response = page.goto(f"{hub.base}/user/bongani/{WELCOME}")
    assert response is not None and response.status == 403, response and response.status
    assert page.locator(READY).count() == 0

    # On disk: each answer is in its own learner's home, and only there.
    for user, name in LEARNERS.items():
        folder = hub.progress_dir(user)
        assert (folder / "progress.db").is_file(), f"no progress store for {user} in {folder}"
        assert saved_name(folder) is not None and name in saved_name(folder)
        stored = bytes_under(folder)
        for other in set(LEARNERS.values()) - {name}:
            assert other.encode() not in stored, f"{other}'s answer found in {user}'s progress store"
    # …and not in a shared default place (the hub's own HOME).
    assert not (hub.work / ".local" / "share" / "fail-forward").exists()

    for page in pages.values():
        page.goto("about:blank")  # leaving the lesson asks the server to shut its kernel down
        page.context.close()


def test_every_lesson_renders_through_the_hub(hub: LocalHub, hub_browser: Browser) -> None:
    """Every lesson in the first learner's server; render times and each lesson's kernel memory."""
    context = hub_browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(180_000)
    user = next(iter(LEARNERS))
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_selector(READY, state="visible")
    REPORT["lessons"] = {}
    for lesson in load_course().lessons:
        started = time.monotonic()
        open_lesson(page, f"{hub.base}/user/{user}/voila/render/lessons/{lesson.notebook}")
        rendered = time.monotonic() - started
        assert page.locator("link[href$='voila/files/assets/course.css']").count() == 1
        assert_clean(page)
        assert_images_load(page)
        time.sleep(1.0)  # let the previous lesson's kernel shut down (the page asks on unload)
        kernels = [row for row in hub.processes() if row["role"] == "kernel" and row["user"] == user]
        REPORT["lessons"][lesson.notebook] = {"browser_render_s": round(rendered, 2), "kernels": kernels}
    page.goto("about:blank")
    context.close()
    REPORT.update(hub.logged_timings())
