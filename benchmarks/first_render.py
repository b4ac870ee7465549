"""Time from request to first rendered widget, and to the whole page: each lesson against hello-world.

Starts Voila as ``make serve`` does (same command, same voila.json, same template),
serving the course and ``benchmarks/hello_world.ipynb`` from one server, and loads
each page several times in headless Chromium, each time in a fresh browser context
(a first visit). Reports median / min / max and the ratio of medians to hello-world,
measured in the same run, because the machine is shared and noisy. With ``--full`` it
also times the whole lesson (its last exercise ready: the takeaway on screen and no exercise
still waiting to be built after the page was sent) and reads each
page's kernel memory (resident set size once rendered) against a bare kernel that
imports the same libraries (``benchmarks/bare_imports.ipynb``).

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

from cohort_sessions import kernels  # noqa: E402

from widgets.core.course import course  # noqa: E402
from widgets.tools.cli import compile_package, voila_command, voila_env  # noqa: E402

HELLO = "benchmarks/hello_world.ipynb"
BARE = "benchmarks/bare_imports.ipynb"
LAST = ".ff-takeaway textarea"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port: int, preheat: bool, data: str) -> subprocess.Popen[bytes]:
    compile_package()  # as fail-forward serve does
    command = voila_command(ROOT, port, preheat=preheat, extra_notebooks=(HELLO, BARE))
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


def kernel_rss_mb(server: subprocess.Popen[bytes]) -> float:
    """Resident memory of the newest kernel the server started, in MB."""
    newest = max(kernels(server), key=lambda p: p.create_time())
    return newest.memory_info().rss / 1024 / 1024


def wait_for_kernels(server: subprocess.Popen[bytes], at_most: int, timeout: float = 30) -> None:
    """Until the server runs no more than ``at_most`` kernels: the page just closed has shut its own down."""
    deadline = time.monotonic() + timeout
    while len(kernels(server)) > at_most and time.monotonic() < deadline:
        time.sleep(0.05)


def measure(browser, url: str, selector: str, last: str | None = None,
            server: subprocess.Popen[bytes] | None = None, read_memory: bool = False,
            ) -> tuple[float, float, float, float]:
    """Milliseconds until ``selector`` is visible, until ``last`` is, the kernel's memory then (MB), and
    milliseconds until the server had sent the whole page (Voila sends it once every cell has run).

    The page is closed as a learner's browser closes it (Voila's page asks the server to shut its kernel
    down when it unloads), and, given ``server``, the next load waits until that kernel is gone: otherwise
    every closed page's kernel stays up for the server's idle cull (an hour) and each load shares the
    machine with the one before it shutting down."""
    before = len(kernels(server)) if server is not None else 0
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(selector, state="visible", timeout=120_000)
    first = float(page.evaluate("performance.now()"))
    whole = first
    if last:
        page.wait_for_selector(last, state="visible", timeout=120_000)
        # Exercises built after the page is sent (widgets/look/later.py) show as .ff-later placeholders
        # until filled: the whole lesson is ready when the last one is gone (at once without deferral).
        page.wait_for_function("document.querySelectorAll('.ff-later').length === 0", timeout=120_000)
        whole = float(page.evaluate("performance.now()"))
    memory = kernel_rss_mb(server) if server is not None and read_memory else 0.0
    sent = float(page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"))
    page.close(run_before_unload=True)
    context.close()
    if server is not None:
        wait_for_kernels(server, before)
    return first, whole, memory, sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modes", nargs="+", default=["cold", "preheat"], choices=["cold", "preheat"])
    parser.add_argument("--lessons", nargs="*", default=None, help="lesson ids (default: all)")
    parser.add_argument("--warmup", type=float, default=20, help="seconds for a preheated pool to fill")
    parser.add_argument("--full", action="store_true", help="also time the whole page and read kernel memory")
    args = parser.parse_args()
    lessons = [lesson for lesson in course().lessons if not args.lessons or lesson.id in args.lessons]
    pages = [("hello-world", HELLO, ".widget-slider", None)] + [
        (lesson.id, f"lessons/{lesson.notebook}", ".ff-lesson-header", LAST if args.full else None)
        for lesson in lessons]
    if args.full:
        pages.insert(1, ("bare-imports", BARE, ".widget-slider", None))
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
                measure(browser, f"http://127.0.0.1:{port}/voila/render/{HELLO}", ".widget-slider",
                        server=server)  # warm caches
                times: dict[str, list[float]] = {page[0]: [] for page in pages}
                wholes: dict[str, list[float]] = {page[0]: [] for page in pages}
                memory: dict[str, list[float]] = {page[0]: [] for page in pages}
                sent: dict[str, list[float]] = {page[0]: [] for page in pages}
                for _ in range(args.runs):
                    for name, path, selector, last in pages:  # interleaved, so drift hits all pages alike
                        url = f"http://127.0.0.1:{port}/voila/render/{path}"
                        first, whole, rss, html = measure(browser, url, selector, last, server, read_memory=args.full)
                        times[name].append(first)
                        wholes[name].append(whole)
                        memory[name].append(rss)
                        sent[name].append(html)
                        if mode == "preheat":
                            time.sleep(args.warmup / 2)  # the pool refills after each use
                base = statistics.median(times["hello-world"])
                base_sent = statistics.median(sent["hello-world"])
                bare = statistics.median(memory["bare-imports"]) if args.full else 0.0
                for name, _, _, _ in pages:
                    t = times[name]
                    rows.append((mode, name, statistics.median(t), min(t), max(t), statistics.median(t) / base,
                                 statistics.median(wholes[name]), statistics.median(wholes[name]) / base,
                                 statistics.median(memory[name]),
                                 statistics.median(memory[name]) / bare if bare else 0.0,
                                 statistics.median(sent[name]), statistics.median(sent[name]) - base_sent,
                                 statistics.median(t) - statistics.median(sent[name])))
            finally:
                stop(server)
        browser.close()
    # "page sent" is the server's share (kernel start + running every cell); the rest is the browser's
    # (scripts, fetching widget state, drawing the widgets).
    print("| mode | page | first widget, median ms | min | max | × hello | last exercise ready, median ms | × hello "
          "| kernel MB | × bare | page sent ms | sent − hello's | browser after sent ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (mode, name, med, lo, hi, ratio, whole, whole_ratio, rss, rss_ratio,
         html, html_extra, browser_share) in rows:
        print(f"| {mode} | {name} | {med:.0f} | {lo:.0f} | {hi:.0f} | {ratio:.2f} | {whole:.0f} | {whole_ratio:.2f} "
              f"| {rss:.0f} | {rss_ratio:.2f} | {html:.0f} | {html_extra:+.0f} | {browser_share:.0f} |")


if __name__ == "__main__":
    main()
