"""The course on JupyterHub (deploy/local/jupyterhub_config.py), proved end to end on 127.0.0.1.

Two learners log in through the hub's login form, each lands in Voila on the welcome
lesson in their own single-user server, types a first name, reloads, and sees only their
own; each one's progress store is in their own home, and holds nothing of the other's.
Then both finish the welcome lesson, and a coach logs in, lands in the coach corner on the
cohort folder and sees both learners' progress and answers (issue 18).

    deploy/prove-local-hub.sh          # or: FAILFORWARD_HUB_TEST=1 .venv/bin/python -m pytest tests/hub
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import READY, assert_clean, assert_images_load, open_lesson, type_takeaway
from tests.browser.server import ROOT
from widgets.core.course import load_course

from .conftest import REPORT
from .localhub import COACH, COACH_PASSWORD, PASSWORD, LocalHub, environ

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
            # Cohort sharing: their own folder of the cohort folder, and nothing to read the others'.
            assert env["FAILFORWARD_COHORT"] == str(hub.cohort_dir / row["user"]), row
            assert "FAILFORWARD_COACH_COHORT" not in env, row
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
        # The previous lesson's kernel shuts down once its page has gone (the page asks on unload): poll for it.
        deadline = time.monotonic() + 30
        while True:
            kernels = [row for row in hub.processes() if row["role"] == "kernel" and row["user"] == user]
            if len(kernels) <= 1 or time.monotonic() > deadline:
                break
            time.sleep(0.2)  # polling the hub's processes, not waiting on a page
        REPORT["lessons"][lesson.notebook] = {"browser_render_s": round(rendered, 2), "kernels": kernels}
    page.goto("about:blank")
    context.close()
    REPORT.update(hub.logged_timings())


def progress_file(hub: LocalHub, user: str) -> dict:
    return json.loads((hub.cohort_dir / user / "fail-forward-progress.json").read_text(encoding="utf-8"))


def finish_welcome(browser: Browser, hub: LocalHub, user: str, takeaway: str) -> None:
    """A learner writes a takeaway and marks the welcome lesson done; their server writes their file at once."""
    page, _timings = log_in(browser, hub, user)
    # Sharing is on, so the welcome lesson says so, in one sentence.
    expect(page.locator(".ff-shared-note")).to_have_text(
        "Your answers are visible to your coach: as you work, this course keeps a copy of your progress in a folder "
        "your coach can read.")
    page.locator(".ff-lesson-header").screenshot(path=str(ROOT / "test-results" / f"hub-welcome-{user}.png"))
    type_takeaway(page, takeaway)
    page.get_by_role("button", name="Mark lesson done").click()
    expect(page.locator(".ff-takeaway .ff-feedback-success")).to_contain_text("Lesson done")
    shared = progress_file(hub, user)
    assert shared["account"] == user and shared["learner"] == LEARNERS[user] and "welcome" in shared["completed"]
    assert [a["value"] for a in shared["answers"] if a["key"] == "takeaway"] == [takeaway]
    page.goto("about:blank")
    page.context.close()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


WELCOME_TITLE = load_course().lesson("welcome").title
TAKEAWAYS = {"amara": "Say sorry first, then fix it.", "bongani": "Ask the team what broke before blaming anyone."}


def test_a_coach_sees_both_learners_progress_and_answers(hub: LocalHub, hub_browser: Browser) -> None:
    finish_welcome(hub_browser, hub, "amara", TAKEAWAYS["amara"])

    # The coach logs in and lands in the coach corner, opened on the whole cohort folder.
    # Tall enough for the whole coach corner (Voila scrolls inside the page, so a full-page shot can't).
    context = hub_browser.new_context(viewport={"width": 1100, "height": 3400})
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", COACH)
    page.fill("#password_input", COACH_PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(f"{hub.base}/user/{COACH}/voila/render/lessons/coach/coach_corner.ipynb*")
    page.wait_for_selector(".ff-coach-learners table", state="visible")
    assert_clean(page)
    expect(page.locator(".ff-coach input[type='text']").first).to_have_value(str(hub.cohort_dir))
    # Both learners' servers wrote their files when they first saved (the first test); Amara has finished.
    expect(page.locator(".ff-coach-status")).to_contain_text("Loaded 2 learners from")
    welcome_done = page.locator(".ff-coach-completion table tr", has_text=WELCOME_TITLE).locator("td").nth(2)
    expect(welcome_done).to_have_text("1")

    # The coach's server reads the whole folder, and writes to no cohort folder of its own.
    servers = [row for row in hub.processes() if row["role"] in {"single-user server", "kernel"}]
    coach_env = [environ(row["pid"]) for row in servers if row["user"] == COACH]
    assert coach_env and all(env["FAILFORWARD_COACH_COHORT"] == str(hub.cohort_dir) for env in coach_env)
    assert all("FAILFORWARD_COHORT" not in env for env in coach_env)
    assert not (hub.cohort_dir / COACH).exists()

    # Bongani finishes the lesson meanwhile; Refresh brings him in.
    finish_welcome(hub_browser, hub, "bongani", TAKEAWAYS["bongani"])
    before = snapshot(hub.cohort_dir)
    page.get_by_role("button", name="Refresh").click()
    expect(welcome_done).to_have_text("2")
    people = page.locator(".ff-coach-learners table")
    for user, name in LEARNERS.items():
        row = people.locator("tr", has_text=name)
        expect(row).to_contain_text(user)
        expect(row.locator("td").nth(3)).to_have_text("1")  # lessons done
        expect(row.locator("td").nth(2)).to_contain_text("UTC")  # as of
    # Each learner's answers: their takeaway, chosen from the list.
    chooser = page.locator(".ff-coach .widget-dropdown select")
    for user, name in LEARNERS.items():
        chooser.select_option(label=f"{name} · {user}")
        expect(page.locator(".ff-coach-learner")).to_contain_text(TAKEAWAYS[user])
    shot = ROOT / "test-results" / "hub-coach-corner.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.locator(".ff-coach").screenshot(path=str(shot))
    assert snapshot(hub.cohort_dir) == before  # the coach corner read the files and changed nothing

    REPORT["cohort_files"] = {user: (hub.cohort_dir / user / "fail-forward-progress.json").stat().st_size
                              for user in LEARNERS}
    assert sorted(p.name for p in hub.cohort_dir.iterdir()) == sorted(LEARNERS)
    for user in LEARNERS:
        assert sorted(p.name for p in (hub.cohort_dir / user).iterdir()) == ["fail-forward-progress.json"]
        assert not list((hub.cohort_dir / user).glob("*.db*"))  # the SQLite store is never on the shared folder
    page.goto("about:blank")
    context.close()
