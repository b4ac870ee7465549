"""Fixtures for the JupyterHub proof: the hub's own environment, the hub, and Chromium.

Not part of ``make test``: these tests run only with FAILFORWARD_HUB_TEST=1, which
deploy/prove-local-hub.sh sets (they build a virtualenv and install the proxy from npm).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.server import ROOT, chromium

from .localhub import LocalHub, build_env

ENABLED = os.environ.get("FAILFORWARD_HUB_TEST") == "1"
REPORT: dict = {}
"""Timings and memory, for deploy/README.md's sizing notes (printed at the end, and saved)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="the JupyterHub proof runs with deploy/prove-local-hub.sh (FAILFORWARD_HUB_TEST=1)")
    for item in items:
        if "tests/hub/" in str(item.fspath) and not ENABLED:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not REPORT:
        return
    path = Path(os.environ.get("FAILFORWARD_HUB_REPORT") or ROOT / "test-results" / "hub-proof.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(REPORT, indent=2) + "\n")
    terminalreporter.section("JupyterHub proof: timings and memory")
    for line in json.dumps(REPORT, indent=1).splitlines():
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"(saved to {path})")


@pytest.fixture(scope="session")
def hub_env() -> dict:
    started = time.monotonic()
    info = build_env()
    REPORT["environment"] = {"reused": info["reused"], "seconds": round(time.monotonic() - started, 1)}
    return info


@pytest.fixture(scope="session")
def hub(hub_env: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHub]:
    running = LocalHub(hub_env, tmp_path_factory.mktemp("hub"))
    try:
        REPORT["hub_start_s"] = round(running.start(), 2)
        yield running
    finally:
        forced = running.stop()
        # The hub's log (every learner's server logs into it) outlives pytest's temporary folders.
        keep = ROOT / "test-results" / "hub.log"
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_text(running.log(limit=20_000_000))
        REPORT["stop_forced"] = forced
        print(f"\nhub stopped; ended by force: {forced or 'nothing'}")
        # Whatever happened, nothing the hub started may still be running.
        assert not [proc for proc in running.seen.values() if proc.alive()], running.log()


@pytest.fixture(scope="session")
def hub_browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched
