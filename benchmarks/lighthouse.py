"""Lighthouse's mobile run on every lesson, beside a one-slider hello-world page served by the same server.

Installs Lighthouse from npm (pinned, into ``~/.cache/fail-forward/lighthouse``, outside the repository; needs
Node.js 20+ and npm), starts the course as ``make serve`` does (same command, ``voila.json`` and template, plus
``benchmarks/hello_world.ipynb``), and runs Lighthouse's default mobile configuration (a mid-range phone, simulated
slow 4G and a 4× slower CPU) against Debian's Chromium (``CHROME_PATH``). Each run is a fresh browser profile, so a
first visit. Prints, per page, the median over ``--runs``: performance, accessibility and best-practices scores,
cumulative layout shift, total blocking time, largest contentful paint, time to interactive, the bytes transferred,
and whether the page and the largest script came compressed. ``--shifts`` also lists what moved (Lighthouse's
layout-shift audit: the element and its share of the shift). ``--server binder`` serves the course as Binder and
the hub do instead (the Jupyter server with the Voila extension, through ``binder/start``).

    .venv/bin/python benchmarks/lighthouse.py --runs 3
    .venv/bin/python benchmarks/lighthouse.py --lessons welcome response-time --runs 1 --shifts
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.core.course import course  # noqa: E402
from widgets.tools.cli import compile_package, voila_command, voila_env  # noqa: E402

LIGHTHOUSE_VERSION = "12.8.2"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fail-forward" / "lighthouse"
HELLO = "benchmarks/hello_world.ipynb"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and everything it started (its kernels are in its process group)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    except ProcessLookupError:
        pass


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed from npm into the cache folder the first time."""
    folder = CACHE / LIGHTHOUSE_VERSION
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            raise SystemExit("lighthouse.py needs Node.js 20+ and npm (Debian: apt-get install -y nodejs npm)")
        folder.mkdir(parents=True, exist_ok=True)
        print(f"Installing Lighthouse {LIGHTHOUSE_VERSION} into {folder} …", file=sys.stderr, flush=True)
        subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent",
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def start(server: str, port: int, data: str, log: Path) -> subprocess.Popen[bytes]:
    """The course on 127.0.0.1:port: as ``make serve`` runs it (``voila``), or as Binder and the hub do."""
    if server == "voila":
        compile_package()  # as fail-forward serve does
        command = voila_command(ROOT, port, extra_notebooks=(HELLO,))
        env = voila_env(ROOT)
    else:
        command = [str(ROOT / "binder" / "start"), str(Path(sys.executable).parent / "jupyter"), "server",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--IdentityProvider.token=",
                   "--no-browser", "--ServerApp.open_browser=False"]
        env = {**os.environ, "REPO_DIR": str(ROOT)}
        if os.geteuid() == 0:
            command.append("--allow-root")
    env = {**env, "FAILFORWARD_DATA": data}
    env.pop("FAILFORWARD_STRICT", None)
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    for _ in range(1200):
        if process.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/files/assets/course.css", timeout=2):
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    stop(process)
    raise SystemExit(f"the server did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def run_lighthouse(binary: Path, url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (default mobile config) in a fresh profile; its JSON report."""
    flags = " ".join(CHROMIUM_ARGS)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices",
                    f"--chrome-flags={flags}", "--max-wait-for-load=90000"],
                   check=True, env=env, timeout=600)
    return json.loads(out.read_text())


def compressed(report: dict[str, Any], url: str) -> tuple[bool, bool]:
    """Whether the page itself and the largest script arrived with a Content-Encoding."""
    requests = report["audits"]["network-requests"]["details"]["items"]
    page = next((r for r in requests if r["url"] == url), None)
    scripts = [r for r in requests if r.get("resourceType") == "Script"]
    biggest = max(scripts, key=lambda r: r.get("resourceSize", 0), default=None)

    def squeezed(request: dict[str, Any] | None) -> bool:
        # Lighthouse reports bytes on the wire (transferSize) and decoded (resourceSize); gzip shows as the gap.
        return bool(request) and request["transferSize"] < 0.8 * request["resourceSize"]

    return squeezed(page), squeezed(biggest)


def summary(report: dict[str, Any], url: str) -> dict[str, Any]:
    audits = report["audits"]
    cats = report["categories"]
    page_gz, script_gz = compressed(report, url)
    shifts = [(item.get("node", {}).get("selector") or item.get("node", {}).get("snippet", "?"), item.get("score", 0))
              for item in (audits.get("layout-shifts", {}).get("details") or {}).get("items", [])]
    return {
        "performance": round(100 * (cats["performance"]["score"] or 0)),
        "accessibility": round(100 * (cats["accessibility"]["score"] or 0)),
        "best-practices": round(100 * (cats["best-practices"]["score"] or 0)),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tti": audits["interactive"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "page_gz": page_gz, "script_gz": script_gz, "shifts": shifts,
        "failed": [audit_id for cat in ("accessibility", "best-practices") for ref in cats[cat]["auditRefs"]
                   if ref["weight"] and (audit_id := ref["id"]) and audits[audit_id]["score"] not in (1, None)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (medians are reported)")
    parser.add_argument("--lessons", nargs="*", default=None, help="lesson ids (default: all)")
    parser.add_argument("--server", choices=["voila", "binder"], default="voila",
                        help="voila: as `make serve` starts it; binder: the Jupyter server, as on Binder and the hub")
    parser.add_argument("--shifts", action="store_true", help="list the elements that moved, per page")
    parser.add_argument("--keep", type=Path, default=None, help="keep every JSON report in this folder")
    args = parser.parse_args()
    binary = lighthouse_bin()
    lessons = [lesson for lesson in course().lessons if not args.lessons or lesson.id in args.lessons]
    pages = [("hello-world", HELLO)] + [(lesson.id, f"lessons/{lesson.notebook}") for lesson in lessons]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in pages}
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        server = start(args.server, port, str(Path(work) / "data"), Path(work) / "server.log")
        try:
            for run in range(args.runs):
                for name, path in pages:  # interleaved, so the machine's drift hits every page alike
                    url = f"http://127.0.0.1:{port}/voila/render/{path}"
                    out = Path(work) / f"{name}-{run}.json"
                    results[name].append(summary(run_lighthouse(binary, url, out), url))
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy(out, args.keep / out.name)
                    print(f"{name} run {run + 1}: CLS {results[name][-1]['cls']:.3f}", file=sys.stderr, flush=True)
        finally:
            stop(server)
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile (simulated), server: {args.server}, "
          f"{args.runs} run(s) per page, medians\n")
    print("| page | performance | accessibility | best practices | CLS | TBT ms | LCP s | TTI s | transfer KiB "
          "| × hello | page / largest script compressed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    base = statistics.median(r["bytes"] for r in results["hello-world"])
    for name, _ in pages:
        rs = results[name]

        def med(key: str, rs: list[dict[str, Any]] = rs) -> float:
            return statistics.median(r[key] for r in rs)

        gz = "/".join("yes" if all(r[k] for r in rs) else "no" for k in ("page_gz", "script_gz"))
        print(f"| {name} | {med('performance'):.0f} | {med('accessibility'):.0f} | {med('best-practices'):.0f} "
              f"| {med('cls'):.3f} | {med('tbt'):.0f} | {med('lcp') / 1000:.1f} | {med('tti') / 1000:.1f} "
              f"| {med('bytes') / 1024:.0f} | {med('bytes') / base:.2f} | {gz} |")
    for name, _ in pages:
        failed = sorted({audit for r in results[name] for audit in r["failed"]})
        if failed:
            print(f"\n{name}: accessibility / best-practices audits not passed: {', '.join(failed)}")
    if args.shifts:
        for name, _ in pages:
            print(f"\n{name}: what moved (each run: element, its share of the layout shift)")
            for i, r in enumerate(results[name], 1):
                moved = "; ".join(f"{sel} {score:.3f}" for sel, score in r["shifts"]) or "nothing"
                print(f"  run {i}: {moved}")


if __name__ == "__main__":
    main()
