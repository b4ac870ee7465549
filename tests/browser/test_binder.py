"""Binder, as far as it can be proved here: a clean virtualenv built only from binder/
renders every lesson in Voila through the Jupyter server, as mybinder serves it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from widgets.core.course import load_course

from .helpers import assert_clean, assert_images_load, open_lesson
from .server import ROOT, free_port, stop_group, wait_until_up

README_BADGE = re.compile(r"\(https://mybinder\.org/v2/gh/[^)\s]+\?urlpath=voila%2Frender%2Flessons%2F00_welcome\.ipynb\)")


def test_readme_badge_opens_the_welcome_lesson_in_voila() -> None:
    readme = (ROOT / "README.md").read_text()
    assert README_BADGE.search(readme.split("\n## ")[0]), "the Binder badge must open lessons/00_welcome.ipynb"


@pytest.fixture(scope="module")
def binder_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("binder")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "FAILFORWARD_DATA": str(work / "data"), "REPO_DIR": str(ROOT), "HOME": str(work)}
    env.pop("JUPYTER_PATH", None)
    env.pop("FAILFORWARD_STRICT", None)
    env.pop("VIRTUAL_ENV", None)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-r", str(ROOT / "binder" / "requirements.txt")], check=True, env=env, cwd=ROOT)
    # postBuild installs the package editable; do the same into this venv without writing
    # build artefacts into the checkout.
    subprocess.run([str(ROOT / "binder" / "postBuild")], check=True, env=env, cwd=ROOT)
    port = free_port()
    log = open(work / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(ROOT / "binder" / "start"), str(venv / "bin" / "jupyter"), "server", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--IdentityProvider.token=", "--no-browser",
         "--allow-root"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/status", server, work / "server.log")
        yield base
    finally:
        stop_group(server, grace=20)
        log.close()


def test_binder_build_renders_every_lesson(binder_server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.set_default_timeout(90_000)
    for lesson in load_course().lessons:
        started = time.monotonic()
        open_lesson(page, f"{binder_server}/voila/render/lessons/{lesson.notebook}")
        assert page.locator("link[href$='voila/files/assets/course.css']").count() == 1
        assert_clean(page)
        assert_images_load(page)
        print(f"binder: {lesson.notebook} ready in {time.monotonic() - started:.1f} s")
    page.close()
