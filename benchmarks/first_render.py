"""Time from request to first rendered widget: each lesson against a hello-world notebook.

Starts Voila as ``make serve`` does (same command, same voila.json, same template),
serving the course and ``benchmarks/hello_world.ipynb`` from one server, and loads
each page several times in headless Chromium, each time in a fresh browser context
(a first visit). Reports median / min / max and the ratio of medians to hello-world,
measured in the same run, because the machine is shared and noisy.

    .venv/bin/python benchmarks/first_render.py --runs 5 --modes cold preheat
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.cli import voila_command, voila_env  # noqa: E402
from widgets.course import course  # noqa: E402

HELLO = "benchmarks/hello_world.ipynb"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int, preheat: bool, data: str) -> subprocess.Popen[bytes]:
    command = voila_command(ROOT, port, preheat=preheat, extra_notebooks=(HELLO,))
    env = {**voila_env(ROOT), "FAILFORWARD_DATA": data}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/files/assets/course.css", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("voila did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def measure(browser, url: str, selector: str) -> float:
    """Milliseconds from navigation start until ``selector`` is visible."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(selector, state="visible", timeout=120_000)
    elapsed = page.evaluate("performance.now()")
    context.close()
    return float(elapsed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modes", nargs="+", default=["cold", "preheat"], choices=["cold", "preheat"])
    parser.add_argument("--lessons", nargs="*", default=None, help="lesson ids (default: all)")
    parser.add_argument("--warmup", type=float, default=20, help="seconds for a preheated pool to fill")
    args = parser.parse_args()
    lessons = [lesson for lesson in course().lessons if not args.lessons or lesson.id in args.lessons]
    pages = [("hello-world", HELLO, ".widget-slider")] + [
        (lesson.id, f"lessons/{lesson.notebook}", ".ff-lesson-header") for lesson in lessons]
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as data:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for mode in args.modes:
            port = free_port()
            server = start(port, mode == "preheat", data)
            try:
                if mode == "preheat":
                    time.sleep(args.warmup)  # let every pool fill before the first request
                measure(browser, f"http://127.0.0.1:{port}/voila/render/{HELLO}", ".widget-slider")  # warm caches
                times: dict[str, list[float]] = {name: [] for name, _, _ in pages}
                for _ in range(args.runs):
                    for name, path, selector in pages:  # interleaved, so drift hits all pages alike
                        times[name].append(measure(browser, f"http://127.0.0.1:{port}/voila/render/{path}", selector))
                        if mode == "preheat":
                            time.sleep(args.warmup / 2)  # the pool refills after each use
                base = statistics.median(times["hello-world"])
                for name, _, _ in pages:
                    t = times[name]
                    rows.append((mode, name, statistics.median(t), min(t), max(t), statistics.median(t) / base))
            finally:
                stop(server)
        browser.close()
    print(f"{'mode':8} {'page':16} {'median ms':>10} {'min':>8} {'max':>8} {'x hello':>8}")
    for mode, name, med, lo, hi, ratio in rows:
        print(f"{mode:8} {name:16} {med:10.0f} {lo:8.0f} {hi:8.0f} {ratio:8.2f}")


if __name__ == "__main__":
    main()
