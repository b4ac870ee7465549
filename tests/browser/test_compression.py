"""Light on the wire: a first visit to the welcome lesson arrives gzip-compressed (issue 19).

A first visit fetches about 5 MB, almost all of it Voila's own front end (JavaScript and CSS); compressed it is
about 1.5 MB. Measured in Chromium as a learner's browser gets it (a fresh profile, ``Accept-Encoding: gzip``):
the page itself and the largest script must come with ``Content-Encoding: gzip``, and the bytes on the wire
(Resource Timing's encoded body sizes, summed over every response) must be under half the decoded bytes.

- under the Jupyter server as Binder and the hub's single-user servers run it (``binder/start``, so
  ``binder/jupyter-config``: ``ServerApp.tornado_settings.compress_response``);
- under ``make serve`` (Voila on its own). Voila 0.5 hands ``Voila.tornado_settings`` to Tornado only after it
  has built the application, too late for ``compress_response`` (Tornado reads it in ``Application.__init__``),
  so ``fail-forward serve`` starts Voila through ``widgets/tools/voila_app.py``, which passes ``voila.json``'s
  settings in at construction.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .helpers import open_lesson
from .server import ROOT, CourseServer, free_port, stop_group, wait_until_up

WELCOME = "voila/render/lessons/00_welcome.ipynb"


@dataclass(frozen=True)
class Visit:
    encoded: int  # bytes of response bodies as sent
    decoded: int  # and once unpacked
    page_encoding: str
    script: str  # the largest script's address
    script_encoding: str


def first_visit(browser: Browser, url: str) -> Visit:
    """Open ``url`` in a fresh profile until the lesson is on screen; what its responses weighed and how sent."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(90_000)
    encodings: dict[str, str] = {}
    page.on("response", lambda response: encodings.__setitem__(
        response.url, response.all_headers().get("content-encoding", "")))
    open_lesson(page, url)
    page.wait_for_load_state("networkidle")
    entries = page.evaluate("""() => [performance.getEntriesByType('navigation')[0],
                                     ...performance.getEntriesByType('resource')]
        .map(e => [e.name, e.encodedBodySize, e.decodedBodySize, e.initiatorType])""")
    context.close()
    scripts = [entry for entry in entries if entry[0].split("?")[0].endswith(".js")]
    largest = max(scripts, key=lambda entry: entry[2])
    return Visit(sum(entry[1] for entry in entries), sum(entry[2] for entry in entries),
                 encodings.get(url, "?"), largest[0], encodings.get(largest[0], "?"))


def assert_compressed(visit: Visit, server: str) -> None:
    problems = []
    if visit.page_encoding != "gzip":
        problems.append(f"the lesson page came with Content-Encoding {visit.page_encoding!r}")
    if visit.script_encoding != "gzip":
        problems.append(f"the largest script ({visit.script}) came with Content-Encoding {visit.script_encoding!r}")
    if visit.encoded > 0.5 * visit.decoded:
        problems.append(f"{visit.encoded:,} bytes on the wire for {visit.decoded:,} of content")
    assert problems == [], f"{server}: " + "; ".join(problems)
    print(f"{server}: {visit.encoded:,} bytes on the wire for {visit.decoded:,} ({visit.encoded / visit.decoded:.0%})")


@dataclass(frozen=True)
class BinderServer:
    base: str
    log: Path


@pytest.fixture(scope="module")
def binder_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BinderServer]:
    """The Jupyter server with the Voila extension, started through binder/start as Binder and the hub do
    (the course's own virtualenv stands in for Binder's image: test_binder.py builds that one)."""
    work = tmp_path_factory.mktemp("binder-wire")
    port = free_port()
    env = {**os.environ, "FAILFORWARD_DATA": str(work / "data"), "REPO_DIR": str(ROOT)}
    env.pop("FAILFORWARD_STRICT", None)
    log_path = work / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [str(ROOT / "binder" / "start"), str(Path(sys.executable).parent / "jupyter"), "server",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--IdentityProvider.token=", "--no-browser",
             "--allow-root"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/status", server, log_path)
        yield BinderServer(base, log_path)
    finally:
        stop_group(server, grace=20)


def test_binder_and_hub_servers_send_the_lesson_compressed(browser: Browser, binder_server: BinderServer) -> None:
    assert_compressed(first_visit(browser, f"{binder_server.base}/{WELCOME}"), "Jupyter server (Binder, hub)")
    # A second learner's visit: the scripts come from what the first one's compressed (widgets/tools/server_speed.py,
    # a server extension there, as binder/jupyter-config asks).
    assert_compressed(first_visit(browser, f"{binder_server.base}/{WELCOME}"), "Jupyter server, second visit")
    log = binder_server.log.read_text(encoding="utf-8", errors="replace")
    assert "widgets.tools.server_speed | extension was successfully loaded" in log


def test_make_serve_sends_the_lesson_compressed(browser: Browser, tmp_path: Path) -> None:
    with CourseServer(tmp_path) as server:
        visit = first_visit(browser, f"{server.base}/{WELCOME}")
        again = first_visit(browser, f"{server.base}/{WELCOME}")  # the scripts as compressed for the first
    assert_compressed(visit, "make serve (Voila)")
    assert_compressed(again, "make serve (Voila), second visit")


def test_the_check_fails_on_an_uncompressed_visit() -> None:
    plain = Visit(5_096_351, 5_096_351, "", "/voila/static/7155.voila.js", "")
    with pytest.raises(AssertionError, match=r"page came with Content-Encoding ''.*largest script.*5,096,351 bytes"):
        assert_compressed(plain, "self-test")
