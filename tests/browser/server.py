"""Start and stop the course exactly as a learner's `make serve` does, on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def chromium_path() -> str:
    """Debian's Chromium, or ``$CHROMIUM``."""
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, for one test session (fails plainly if it isn't installed)."""
    import pytest
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not os.path.exists(path):
        pytest.fail(f"Chromium not found at {path}: install Debian's chromium or set $CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    """Poll ``url`` until it answers; fail with the server's log if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-5000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)  # polling for the port to open, not waiting on a page
    raise RuntimeError(f"server did not answer within {timeout}s:\n{log.read_text(errors='replace')[-5000:]}")


def stop_group(process: subprocess.Popen[bytes], grace: float = 20) -> None:
    """Stop a process started with ``start_new_session``, and everything it started."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    # Kernels are in the same process group; make sure none outlives the test.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class CourseServer:
    """``make serve`` in its own process group, with its own data directory."""

    def __init__(self, data_dir: Path, port: int | None = None, *, extra_args: str = "",
                 log_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.extra_args = extra_args
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = (log_dir or data_dir) / f"serve-{self.port}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        return f"{self.base}/voila/render/lessons/{notebook}"

    def start(self, timeout: float = 120) -> CourseServer:
        env = {**os.environ, "FAILFORWARD_DATA": str(self.data_dir), "PORT": str(self.port)}
        env.pop("FAILFORWARD_STRICT", None)  # the served course behaves as learners get it
        command = ["make", "-s", "serve", f"PORT={self.port}"]
        if self.extra_args:
            command.append(f"SERVE_ARGS={self.extra_args}")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until_up(f"{self.base}/voila/files/assets/course.css", self.process, self.log_path, timeout)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)

    def __enter__(self) -> CourseServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def processes(self, marker: str) -> list[psutil.Process]:
        """This server's processes whose command line contains ``marker`` (a kernel id, ``voila_app``)."""
        if self.process is None:
            return []
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for process in family:
            with contextlib.suppress(psutil.Error):
                if marker in " ".join(process.cmdline()):
                    found.append(process)
        return found

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""
