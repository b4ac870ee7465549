"""A cohort arriving at once: N learners open a lesson together on one ``make serve``, then go idle.

Starts the course exactly as ``make serve`` does (``widgets.tools.cli.voila_command`` / ``voila_env``, the
checked-in ``voila.json``, a throwaway ``FAILFORWARD_DATA``), plus options that cull idle kernels
after two minutes instead of an hour, so the clean-up can be watched (not much less: the culler counts
a kernel idle from the end of the lesson's execution, so a page that takes longer than the timeout to
load in a crowded browser would lose its kernel before the learner can type). Then, in one headless
Chromium, N learners (separate browser contexts) open a lesson at the same moment
(``asyncio.gather``). Each one's clock starts when it asks for the page:

- time to first widget: until ``.ff-lesson-header`` is on screen;
- page HTML complete: until the server has sent the whole page (Navigation Timing ``responseEnd``);
  Voila sends it once the lesson has run in its new kernel, so this is the server's share;
- time to feedback: the learner types their first name (welcome) or a takeaway (other lessons) and
  waits for "✓ Saved" (this includes the autosave's own 0.4 s batching delay).

Errors are counted per session: timeouts (including the lesson's last widget, the takeaway, never
appearing), uncaught page errors, console errors mentioning "Error", HTTP 5xx answers, stderr output
on the page and any traceback text a learner would read. The server's log is counted too: each
"Timeout waiting for IOPub output" is a cell output Voila gave up waiting for (nbclient's
``iopub_timeout``, 4 s by default) and left out of the page without a word; under load that silently
removes widgets (``--voila-arg=--VoilaExecutor.iopub_timeout=60`` tries a longer wait).
Once every learner has had feedback: memory (the Voila server's RSS; each kernel's RSS and unique
memory (USS: RSS counts the libraries shared by all kernels once per kernel); the machine's available
memory before the server started and now) and CPU seconds spent during the burst (server, kernels,
Chromium), which shows where the time went on a small machine.

Then half the learners close their tab normally (Voila's page sends a shutdown beacon on
``beforeunload``, meant to end the kernel at once) and the other half leave theirs open and idle
(only the culler can reclaim those kernels: ``cull_connected`` is on). The kernels are polled until
they are all gone or ``--wait`` seconds pass, and the server log is read for how each kernel went
(beacons refused, kernels shut down, kernels culled). Finally one idle page whose kernel was culled
is typed into, and the progress store is read, to show what a learner coming back to an open tab gets.

Voila 0.5.13 alone refuses that beacon (``403 '_xsrf' argument missing from POST``: the lesson page
never gets an ``_xsrf`` cookie; voila-dashboards/voila#1458). The course's page script
(``assets/connection.js``) sets one, so the beacon now ends a closed tab's kernel at once;
``--xsrf-cookie`` (setting the cookie from the test browser instead) is kept for comparing older builds.

On a 2-core machine the 20 Chromium pages compete with the server for the same cores (in a class,
each browser runs on the learner's own computer). ``--server-only`` leaves the browser out: N
concurrent requests for the page, timed to the last byte of its HTML, then nothing (as if every tab
had been killed before its widgets connected), so only the culler can end those kernels.

Every learner writes to the same progress store (one ``make serve`` is one learner's data, like 20
tabs of one learner), so the saves also exercise SQLite's concurrent writers.

    .venv/bin/python benchmarks/cohort_sessions.py                   # 20 learners, welcome lesson
    .venv/bin/python benchmarks/cohort_sessions.py --mix             # round-robin over every lesson
    .venv/bin/python benchmarks/cohort_sessions.py --sessions 10 --lesson inversion
    .venv/bin/python benchmarks/cohort_sessions.py --xsrf-cookie      # what if the close beacon were accepted
    .venv/bin/python benchmarks/cohort_sessions.py --server-only      # the server's share, no browser
    .venv/bin/python benchmarks/cohort_sessions.py --mix --voila-arg=--VoilaExecutor.iopub_timeout=60

The server is fresh for each run (no warm-up visit), as when a coach starts ``make serve`` just
before class.

Loopback only; bounded in sessions (at most 60), in every wait, and in total; the server, its
kernels and the browser are stopped on the way out, whatever happened.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import re
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import READY, TRACEBACK_TEXT  # noqa: E402
from widgets.core.course import course  # noqa: E402
from widgets.tools.cli import compile_package, voila_command, voila_env  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CULL_OPTIONS = ["--MappingKernelManager.cull_idle_timeout={timeout}",
                "--MappingKernelManager.cull_interval={interval}",
                "--MappingKernelManager.cull_connected=True"]
MAX_SESSIONS = 60
STDERR_OUTPUT = "[data-mime-type='application/vnd.jupyter.stderr']"
MB = 1024 * 1024
TARGET_P95_FIRST = 10.0


@dataclass
class Session:
    """One learner's visit."""

    index: int
    lesson: str
    url: str
    first_widget: float | None = None  # seconds from asking for the page
    in_page: float | None = None  # the same, by the page's own clock (from navigation start)
    html_done: float | None = None  # seconds until the page's HTML had all arrived
    feedback: float | None = None  # seconds from typing to "✓ Saved"
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # console errors without "Error" (e.g. a 404)
    context: object | None = None
    page: object | None = None


@dataclass
class Burst:
    """What the server and the machine went through while the learners arrived."""

    wall: float = 0.0
    spawn: list[float] = field(default_factory=list)  # kernel start times, seconds after the burst began
    cpu_kernels: float = 0.0
    cpu_server: float = 0.0
    cpu_browser: float = 0.0
    cpu_machine: float = 0.0
    kernel_rss: list[float] = field(default_factory=list)
    kernel_uss: list[float] = field(default_factory=list)
    server_rss: float = 0.0
    available: float = 0.0
    peak_kernels: int = 0
    peak_rss: float = 0.0


# ----------------------------------------------------------------------------- server and processes

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, data: str, log: Path, cull_timeout: int, cull_interval: int,
                 extra: list[str], class_size: int = 0) -> subprocess.Popen[bytes]:
    """``make serve`` (no preheat, as by default; ``fail-forward serve --class N`` with ``class_size``), plus fast
    culling; answers once the stylesheet does (and, for a class, once its kernel pool is full)."""
    compile_package()  # as fail-forward serve does
    command = voila_command(ROOT, port, class_size=class_size) + [
        option.format(timeout=cull_timeout, interval=cull_interval) for option in CULL_OPTIONS] + extra
    env = {**voila_env(ROOT), "FAILFORWARD_DATA": data}
    env.pop("FAILFORWARD_STRICT", None)  # the served course behaves as learners get it
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + 120 + 15 * class_size
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/files/assets/course.css", timeout=2):
                pass
        except OSError:
            time.sleep(0.2)  # polling for the port to open
            continue
        if not class_size or "00_welcome.ipynb is filled" in log.read_text(errors="replace"):
            return process
        time.sleep(0.5)  # polling the log for the class's kernel pool
    stop_server(process)
    raise RuntimeError("voila did not answer within 120 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (kernels included), then SIGKILL whatever is left."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def kernels(server: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The kernels this server started (and only this one: other servers may be running)."""
    found = []
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(server.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    found.append(child)
    return found


def rss(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / MB
    except psutil.Error:
        return 0.0


def uss(process: psutil.Process) -> float:
    try:
        return process.memory_full_info().uss / MB
    except psutil.Error:
        return 0.0


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def chromium_processes() -> list[psutil.Process]:
    """Chromium's processes: descendants of this script (via Playwright's driver) named chrom*."""
    found = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in child.name().lower():
                found.append(child)
    return found


def available_mb() -> float:
    return psutil.virtual_memory().available / MB


def machine_cpu() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system  # all cores


# ----------------------------------------------------------------------------- one learner

def answer_fields(session: Session) -> tuple[str, str]:
    """The box this learner types into, and the save line under it."""
    if session.lesson == "welcome":
        return ".ff-name-input input", ".ff-name-entry .ff-save-status"
    return ".ff-takeaway textarea", ".ff-takeaway .ff-save-status"


async def visit(browser, session: Session, timeout: float, xsrf_cookie: bool) -> None:
    """Open the lesson, wait for the first widget, type an answer, wait for "✓ Saved"."""
    context = await browser.new_context()
    if xsrf_cookie:  # a version-1 tornado token: any hex string, echoed back by the page's beacon
        await context.add_cookies([{"name": "_xsrf", "value": secrets.token_hex(16),
                                    "domain": "127.0.0.1", "path": "/"}])
    page = await context.new_page()
    session.context, session.page = context, page
    page.on("pageerror", lambda error: session.errors.append(f"page error: {str(error)[:200]}"))

    def on_console(message) -> None:
        if message.type != "error":
            return
        if "Error" in message.text:
            session.errors.append(f"console: {message.text[:200]}")
        else:
            session.notes.append(message.text[:200])

    page.on("console", on_console)
    page.on("response", lambda response: response.status >= 500 and session.errors.append(
        f"HTTP {response.status} {response.url}"))
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    ms = timeout * 1000
    step = "first widget"
    try:
        started = time.perf_counter()
        await page.goto(session.url, wait_until="commit", timeout=ms)
        await page.wait_for_selector(READY, state="visible", timeout=ms)
        session.first_widget = time.perf_counter() - started
        session.in_page = float(await page.evaluate("performance.now()")) / 1000
        session.html_done = float(await page.evaluate(
            "performance.getEntriesByType('navigation')[0].responseEnd")) / 1000

        step = "answer box"
        box, status = answer_fields(session)
        text = (f"Learner {session.index}" if session.lesson == "welcome"
                else f"Learner {session.index}: invert the failure first, then reply within 24 h.")
        await page.wait_for_selector(box, state="visible", timeout=ms)
        step = "feedback"
        started = time.perf_counter()
        await page.locator(box).fill(text, timeout=ms)
        await page.wait_for_selector(f"{status}.ff-save-saved", state="visible", timeout=ms)
        session.feedback = time.perf_counter() - started
        if session.lesson == "welcome":  # the name box comes first; the lesson's last widget must come too
            step = "last widget"
            await page.wait_for_selector(".ff-takeaway textarea", state="visible", timeout=ms)

    except Exception as error:  # a timeout or a crash is a result here, not a reason to stop
        message = f"{step}: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
        if step == "feedback":
            message += f"; the save line then read {await read_status(session)!r}"
        elif step in ("answer box", "last widget"):
            message += f"; {await describe(page)}"
        session.errors.append(message)
    with contextlib.suppress(Exception):
        if await page.locator(STDERR_OUTPUT).count():
            session.errors.append("stderr output on the page")
        found = TRACEBACK_TEXT.search(await page.locator("body").inner_text(timeout=10_000))
        if found:
            session.errors.append(f"learner would read {found.group(0)!r}")


async def describe(page) -> str:
    """How far a page got: widgets on screen, the last one (the takeaway) present or not."""
    try:
        counts = await page.evaluate("""() => ({
            outputs: document.querySelectorAll('.jp-OutputArea-output').length,
            widgets: document.querySelectorAll('.jupyter-widgets').length,
            takeaway: document.querySelectorAll('.ff-takeaway').length})""")
    except Exception as error:
        return f"page unreadable ({type(error).__name__})"
    return (f"{counts['outputs']} cell outputs and {counts['widgets']} widget elements on the page, "
            f"takeaway {'present' if counts['takeaway'] else 'absent'}")


async def read_status(session: Session) -> str:
    """What the save line under the learner's answer says right now (for an error report)."""
    try:
        return (await session.page.locator(answer_fields(session)[1]).first.inner_text(timeout=5_000)).strip()
    except Exception as error:
        return f"(unreadable: {type(error).__name__})"


def fetch_html(session: Session, timeout: float) -> None:
    """Server only: ask for the page and read its HTML to the last byte (runs in a thread)."""
    try:
        started = time.perf_counter()
        with urllib.request.urlopen(session.url, timeout=timeout) as reply:
            body = reply.read()
        session.html_done = time.perf_counter() - started
        if b"Traceback (most recent call last)" in body or b"application/vnd.jupyter.stderr" in body:
            session.errors.append("traceback or stderr output in the page")
    except Exception as error:
        session.errors.append(f"page: {type(error).__name__}: {str(error).splitlines()[0][:160]}")


async def close_tab(session: Session) -> None:
    """Close the tab as a learner does: ``beforeunload`` runs, so Voila's page sends its shutdown beacon."""
    page, context = session.page, session.context
    try:
        async with page.expect_event("close", timeout=15_000):
            await page.close(run_before_unload=True)
    except Exception as error:
        session.notes.append(f"closing: {type(error).__name__}")
    await asyncio.sleep(0.5)  # let the beacon leave before the context (and its network) goes
    with contextlib.suppress(Exception):
        await context.close()
    session.page = session.context = None


async def probe_after_cull(session: Session, data: Path) -> str:
    """Type into a page whose kernel was culled: what does the learner see, and is the answer kept?"""
    page = session.page
    box, status = answer_fields(session)
    marker = f"Back after lunch, learner {session.index}"
    try:
        await page.locator(box).fill(marker, timeout=10_000)
        await asyncio.sleep(5)  # ten times the autosave delay
        shown = (await page.locator(status).first.inner_text(timeout=10_000)).strip()
        text = await page.locator("body").inner_text(timeout=10_000)
        banner = page.locator(".ff-connection-lost")  # assets/connection.js
        told = (await banner.inner_text(timeout=10_000)).replace("\n", " ") if await banner.count() else ""
        typing = "refused" if await page.locator(box).is_disabled() else "still accepted"
    except Exception as error:
        return f"could not type or read the page ({type(error).__name__})"
    hints = sorted({m.group(0).strip() for m in re.finditer(
        r"(?i)(kernel[^.\n]{0,60}|disconnected[^.\n]{0,40}|not saved[^.\n]{0,40}|error[^.\n]{0,60})", text)})
    kept = False
    for db in data.rglob("*.db"):
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
            kept |= bool(connection.execute("SELECT 1 FROM answers WHERE value LIKE ?", (f"%{marker}%",)).fetchone())
    return (f"the page says {told!r}; typing is now {typing}; the save line under the answer reads {shown!r}; "
            f"other text about the kernel or errors: {hints or 'none'}; the answer is "
            f"{'in' if kept else 'NOT in'} the progress store 5 s later")


# ----------------------------------------------------------------------------- the burst and the idle time

async def burst(server: subprocess.Popen[bytes], arrive: Callable[[], Awaitable[object]]) -> Burst:
    """Let every learner arrive at once; meanwhile note the peak kernel count and memory; then sample."""
    result = Burst()
    server_process = psutil.Process(server.pid)
    chromium = chromium_processes()
    cpu_server, cpu_browser, cpu_machine = cpu_seconds([server_process]), cpu_seconds(chromium), machine_cpu()
    ready = {k.pid: cpu_seconds([k]) for k in kernels(server)}  # a class's pool, started before the burst
    started_at, started = time.time(), time.perf_counter()
    done = asyncio.Event()

    async def watch_peak() -> None:
        while not done.is_set():
            alive = kernels(server)
            result.peak_kernels = max(result.peak_kernels, len(alive))
            result.peak_rss = max(result.peak_rss, sum(rss(k) for k in alive))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), 1)

    watcher = asyncio.ensure_future(watch_peak())
    try:
        await arrive()
    finally:
        done.set()
        await watcher
    result.wall = time.perf_counter() - started
    running = kernels(server)
    result.spawn = sorted(k.create_time() - started_at for k in running)
    # Kernels born in the burst count whole; a class's pool counts only what it spent since the burst began.
    result.cpu_kernels = sum(cpu_seconds([k]) - ready.get(k.pid, 0.0) for k in running)
    result.cpu_server = cpu_seconds([server_process]) - cpu_server
    result.cpu_browser = cpu_seconds(chromium_processes()) - cpu_browser
    result.cpu_machine = machine_cpu() - cpu_machine
    result.kernel_rss = [rss(k) for k in running]
    result.kernel_uss = [uss(k) for k in running]
    result.server_rss = rss(server_process)
    result.available = available_mb()
    result.peak_kernels = max(result.peak_kernels, len(running))
    result.peak_rss = max(result.peak_rss, sum(result.kernel_rss))
    return result


async def until_culled(server: subprocess.Popen[bytes], baseline: int, wait: float,
                       poll: float) -> list[tuple[float, int, float, float, float]]:
    """Kernel count and memory every ``poll`` s (kept when the count changes, or every 30 s) until baseline."""
    server_process = psutil.Process(server.pid)
    started = time.perf_counter()
    timeline: list[tuple[float, int, float, float, float]] = []
    while True:
        now = time.perf_counter() - started
        alive = kernels(server)
        row = (now, len(alive), sum(rss(k) for k in alive), rss(server_process), available_mb())
        if not timeline or row[1] != timeline[-1][1] or now - timeline[-1][0] >= 30:
            timeline.append(row)
        if row[1] <= baseline or now >= wait:
            if timeline[-1] is not row:
                timeline.append(row)
            return timeline
        await asyncio.sleep(poll)


# ----------------------------------------------------------------------------- reporting

def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def triple(values: list[float | None]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    return f"{pct(values, 0.5):.1f} / {pct(values, 0.95):.1f} / {max(values):.1f}"


def report(args: argparse.Namespace, sessions: list[Session], order: list[str], result: Burst,
           timeline: list[tuple[float, int, float, float, float]], before: tuple[int, float, float],
           log_text: str, idle_note: str, probe: str | None) -> None:
    baseline_kernels, server_rss_before, available_before = before
    cull_line = next((line.strip() for line in log_text.splitlines() if "Culling kernels with idle" in line), None)
    culled = len(re.findall(r"Culling '[^']*' kernel", log_text))
    shut = len(re.findall(r"Kernel shutdown", log_text))
    refused = len(re.findall(r"\b403 POST /voila/api/shutdown/\S+ \([^)]*\) [\d.]+ms", log_text))
    dropped = log_text.count("Timeout waiting for IOPub output")
    firsts = [s.first_widget for s in sessions if s.first_widget is not None]
    errors = [(s, e) for s in sessions for e in s.errors]
    failed = sum(1 for s in sessions if s.errors)

    what = "mix (round-robin over every lesson)" if args.mix else args.lesson
    what += "; what-if: browsers carry an _xsrf cookie" if args.xsrf_cookie else ""
    what += "; server only (no browser)" if args.server_only else ""
    what += "; with " + " ".join(f"`{arg}`" for arg in args.voila_arg) if args.voila_arg else ""
    print(f"\n### {args.sessions} learners at once: {what}\n")
    print(f"Culling: idle timeout {args.cull_timeout} s, checked every {args.cull_interval} s, connected kernels "
          f"too (voila.json: 3600 s / 300 s). Server log: {cull_line or 'NO culling line found'}\n")
    print("| sessions | first widget p50 / p95 / max, s | page HTML complete p50 / p95 / max, s "
          "| feedback p50 / p95 / max, s | errors (sessions) | outputs dropped | server RSS MB (before → after) "
          "| kernels "
          "| kernels' RSS, total MB | kernels' USS, total MB | per-kernel RSS median MB "
          "| available MB (before server → after) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    median_rss = statistics.median(result.kernel_rss) if result.kernel_rss else 0.0
    print(f"| {args.sessions} | {triple(firsts)} | {triple([s.html_done for s in sessions])} "
          f"| {triple([s.feedback for s in sessions])} | {len(errors)} ({failed}) | {dropped} "
          f"| {server_rss_before:.0f} → {result.server_rss:.0f} "
          f"| {len(result.kernel_rss)} (peak {result.peak_kernels}) "
          f"| {sum(result.kernel_rss):.0f} (peak {result.peak_rss:.0f}) | {sum(result.kernel_uss):.0f} "
          f"| {median_rss:.0f} | {available_before:,.0f} → {result.available:,.0f} |")

    complete = len(firsts) == args.sessions and all(s.feedback is not None for s in sessions)
    verdict = "met" if not errors and not dropped and (complete or args.server_only) else "NOT met"
    print(f"\nTargets: 0 errors: **{verdict}** ({len(errors)} in the pages, {dropped} outputs dropped); ", end="")
    if args.server_only:
        print(f"p95 first widget ≤ {TARGET_P95_FIRST:.0f} s: not measured (no browser); the server's share, "
              f"p95 page HTML complete, is {pct([s.html_done for s in sessions if s.html_done], 0.95):.1f} s."
              if any(s.html_done for s in sessions) else "no page arrived.")
    else:
        p95 = pct(firsts, 0.95) if firsts else float("inf")
        print(f"p95 first widget ≤ {TARGET_P95_FIRST:.0f} s: "
              f"**{'met' if p95 <= TARGET_P95_FIRST and len(firsts) == args.sessions else 'NOT met'}** ({p95:.1f} s).")
        print(f"\nBy the page's own clock (from its navigation start), first widget p50 / p95 / max: "
              f"{triple([s.in_page for s in sessions])} s.")
        if firsts and max(firsts) > args.cull_timeout:
            print(f"\n**Warning:** a page took longer to show its first widget than the cull timeout "
                  f"({args.cull_timeout} s): its kernel may have been culled before the learner could type.")
    cores = psutil.cpu_count()
    spawned = (f"; kernels started {result.spawn[0]:.1f}–{result.spawn[-1]:.1f} s after it began."
               if result.spawn else ".")
    print(f"Whole burst: {result.wall:.1f} s wall{spawned}")
    print(f"CPU seconds during the burst: kernels {result.cpu_kernels:.1f} "
          f"({result.cpu_kernels / max(1, len(result.kernel_rss)):.1f} each), server {result.cpu_server:.1f}, "
          f"Chromium {result.cpu_browser:.1f}; whole machine {result.cpu_machine:.1f} of "
          f"{result.wall * cores:.1f} available ({cores} cores × {result.wall:.1f} s).")
    if args.mix:
        print("\n| lesson | sessions | first widget p50 / p95 / max, s | page HTML complete, s "
              "| feedback p50 / p95 / max, s | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for lesson in order:
            mine = [s for s in sessions if s.lesson == lesson]
            if not mine:
                continue
            print(f"| {lesson} | {len(mine)} | {triple([s.first_widget for s in mine])} "
                  f"| {triple([s.html_done for s in mine])} | {triple([s.feedback for s in mine])} "
                  f"| {sum(len(s.errors) for s in mine)} |")
    if dropped:
        print(f"\n**Outputs dropped:** the server logged \"Timeout waiting for IOPub output\" {dropped} times: a "
              f"cell's output reached Voila more than `VoilaExecutor.iopub_timeout` (nbclient's default 4 s) after "
              f"the cell finished, so Voila moved on and that output (a widget) is missing from the page, with "
              f"no message (tracebacks are hidden).")
    if errors:
        print("\nErrors:\n")
        for session, error in errors[:40]:
            print(f"- learner {session.index} ({session.lesson}): {error}")
    notes = sorted({n for s in sessions for n in s.notes})
    if notes:
        print("\nOther console errors (not counted): " + "; ".join(notes[:10]))

    print(f"\n#### Going idle: {idle_note}\n")
    if result.wall > args.cull_timeout:
        print(f"(The burst lasted {result.wall:.0f} s, longer than the cull timeout: kernels idle since their page "
              f"loaded may have been culled before this table starts; see the kernel count after the burst above.)\n")
    print("| seconds after going idle | kernels | kernels' RSS, total MB | server RSS MB | available MB |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for now, count, total, server_now, available in timeline:
        print(f"| {now:.0f} | {count} | {total:.0f} | {server_now:.0f} | {available:,.0f} |")
    back = timeline[-1][1] <= baseline_kernels
    print(f"\nBaseline before the burst: {baseline_kernels} kernels, server {server_rss_before:.0f} MB, "
          f"{available_before:,.0f} MB available. "
          f"{'Back to baseline' if back else 'NOT back to baseline'} after {timeline[-1][0]:.0f} s. "
          f"Server log: {refused} shutdown beacons refused (403), {shut} kernels shut down, "
          f"{culled} of them by the culler.")
    if probe:
        print(f"\nA learner typing into an idle tab after its kernel was culled: {probe}")


# ----------------------------------------------------------------------------- the run

async def run(args: argparse.Namespace, server: subprocess.Popen[bytes], port: int, log: Path,
              data: Path, available_before: float) -> None:
    lessons = {lesson.id: lesson for lesson in course().lessons}
    order = list(lessons) if args.mix else [args.lesson]
    sessions = [Session(i, order[i % len(order)],
                        f"http://127.0.0.1:{port}/voila/render/lessons/{lessons[order[i % len(order)]].notebook}")
                for i in range(args.sessions)]
    before = (len(kernels(server)), rss(psutil.Process(server.pid)), available_before)
    probe = None

    if args.server_only:
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=len(sessions)) as pool:  # the default pool has only cores + 4
            result = await burst(server, lambda: asyncio.gather(
                *(loop.run_in_executor(pool, fetch_html, s, args.timeout) for s in sessions)))
        idle_note = f"{len(sessions)} pages fetched, no browser ever connected (as if each tab had been killed)"
        timeline = await until_culled(server, before[0], args.wait, args.poll)
    else:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
            try:
                result = await burst(server, lambda: asyncio.gather(
                    *(visit(browser, s, args.timeout, args.xsrf_cookie) for s in sessions)))
                open_pages = [s for s in sessions if s.page is not None]
                closing, staying = open_pages[: len(open_pages) // 2], open_pages[len(open_pages) // 2:]
                idle_note = f"{len(closing)} tabs closed normally, {len(staying)} left open and idle"
                await asyncio.gather(*(close_tab(s) for s in closing))
                timeline = await until_culled(server, before[0], args.wait, args.poll)
                if staying and timeline[-1][1] <= before[0]:
                    probe = await probe_after_cull(staying[0], data)
            finally:
                with contextlib.suppress(Exception):
                    await browser.close()
    report(args, sessions, order, result, timeline, before, log.read_text(errors="replace"), idle_note, probe)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"learners at once (1–{MAX_SESSIONS})")
    parser.add_argument("--lesson", default="welcome", choices=[lesson.id for lesson in course().lessons])
    parser.add_argument("--mix", action="store_true", help="round-robin over every lesson instead")
    parser.add_argument("--timeout", type=float, default=120, help="seconds each step may take (10–300)")
    parser.add_argument("--cull-timeout", type=int, default=120, help="idle seconds before a kernel is culled")
    parser.add_argument("--cull-interval", type=int, default=15, help="seconds between culler passes")
    parser.add_argument("--wait", type=float, default=180, help="longest wait for the kernels to go, seconds (≤ 600)")
    parser.add_argument("--poll", type=float, default=5, help="seconds between kernel counts while idle")
    parser.add_argument("--xsrf-cookie", action="store_true",
                        help="what-if: give each browser an _xsrf cookie, so the close beacon is accepted")
    parser.add_argument("--log", type=Path, help="copy the server's log here at the end")
    parser.add_argument("--voila-arg", action="append", default=[], metavar="--Class.trait=VALUE",
                        help="one more Voila option, to try a setting (repeatable), "
                             "e.g. --voila-arg=--VoilaExecutor.iopub_timeout=60")
    parser.add_argument("--class", dest="class_size", type=int, default=0, metavar="N",
                        help="start the server as 'fail-forward serve --class N' (N welcome kernels ready) and wait "
                             "for its pool before the class arrives")
    parser.add_argument("--server-only", action="store_true",
                        help="no browser: N concurrent page requests, timed to the end of their HTML")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1–{MAX_SESSIONS}")
    args.timeout = min(max(args.timeout, 10), 300)
    args.wait = min(max(args.wait, 0), 600)
    args.poll = min(max(args.poll, 1), 60)
    if any(not arg.startswith("--") or "ip=" in arg.lower() or "port" in arg.lower() for arg in args.voila_arg):
        parser.error("--voila-arg takes --Class.trait=VALUE options (not the address or port: loopback only)")

    def terminate(signum, _frame):  # turn SIGTERM/SIGHUP into an exception, so the finally below runs
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    with tempfile.TemporaryDirectory(prefix="ff-cohort-") as folder:
        data = Path(folder, "data")
        data.mkdir()
        log = Path(folder, "voila.log")
        available_before = available_mb()
        port = free_port()
        server = start_server(port, str(data), log, args.cull_timeout, args.cull_interval, args.voila_arg,
                              class_size=args.class_size)
        if args.class_size:
            at_rest = [psutil.Process(server.pid), *kernels(server)]
            print(f"class of {args.class_size} ready: {len(at_rest) - 1} kernels, "
                  f"{sum(rss(process) for process in at_rest):.0f} MB resident at rest "
                  f"({available_before - available_mb():.0f} MB of the machine's memory)", flush=True)
        try:
            asyncio.run(asyncio.wait_for(run(args, server, port, log, data, available_before),
                                         timeout=args.timeout * 4 + args.wait + 180))
        finally:
            stop_server(server)
            if args.log:
                args.log.write_bytes(log.read_bytes())


if __name__ == "__main__":
    main()
