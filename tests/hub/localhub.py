"""Build the hub's environment, start deploy/local/jupyterhub_config.py on 127.0.0.1, stop all of it.

The hub starts the proxy, the idle culler and every learner's server in sessions of their
own, and each server starts its lessons' kernels in sessions of their own; so stopping
the hub's process group is not enough. :meth:`LocalHub.stop` asks the hub to shut down
(it stops the servers and the proxy itself), then ends, by process id, anything it had
started that is still running.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.server import ROOT, free_port, wait_until_up

CONFIG = ROOT / "deploy" / "local" / "jupyterhub_config.py"
MAKE_ENV = ROOT / "deploy" / "local" / "make_hub_env.py"
PASSWORD = "learners-shared-test-password"  # TEST-ONLY shared password (SharedPasswordAuthenticator)
COACH = "coach"  # a hub admin: their server opens the coach corner on the whole cohort folder
COACH_PASSWORD = "coaches-own-shared-test-password-32+"  # TEST-ONLY: admins need their own (32+ characters)


def build_env(timeout: float = 1500) -> dict:
    """Run deploy/local/make_hub_env.py; its last line says where jupyterhub and the proxy are."""
    done = subprocess.run([sys.executable, str(MAKE_ENV)], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"make_hub_env.py failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Proc:
    """A process, told apart from a later one that reuses its id by its start time."""

    pid: int
    start: int
    cmdline: str

    def alive(self) -> bool:
        info = read_stat(self.pid)
        return info is not None and info[1] == self.start and info[2] != "Z"


def read_stat(pid: int) -> tuple[int, int, str] | None:
    """(parent id, start time, state) from /proc, or None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[19]), fields[0]


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


def descendants(root: int) -> list[Proc]:
    """Every process below ``root`` (children, their children…), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (info := read_stat(int(entry.name))) is not None:
            children.setdefault(info[0], []).append(int(entry.name))
    found: list[Proc] = []
    stack = [root]
    while stack:
        for pid in children.get(stack.pop(), []):
            info = read_stat(pid)
            if info is None:
                continue
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                cmdline = ""
            found.append(Proc(pid, info[1], cmdline.strip()))
            stack.append(pid)
    return found


def memory_mib(pid: int) -> dict[str, float]:
    """Resident (VmRSS) and proportional (Pss: shared pages split between sharers) memory, in MiB."""
    out: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss"] = round(int(line.split()[1]) / 1024, 1)
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out["pss"] = round(int(line.split()[1]) / 1024, 1)
    return out


def environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)


@dataclass
class LocalHub:
    """deploy/local/jupyterhub_config.py, run from the built environment, in ``work``."""

    env_info: dict
    work: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    seen: dict[int, Proc] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state_dir(self) -> Path:
        return self.work / "hub"

    @property
    def log_path(self) -> Path:
        return self.work / "hub.log"

    def home(self, user: str) -> Path:
        return self.state_dir / "home" / user

    def progress_dir(self, user: str) -> Path:
        return self.home(user) / ".local" / "share" / "fail-forward"

    @property
    def cohort_dir(self) -> Path:
        """The cohort folder: one folder per learner, each holding that learner's progress file."""
        return self.state_dir / "cohort"

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("FAILFORWARD_", "JUPYTER", "PYTHON")) and key != "VIRTUAL_ENV"}
        venv_bin = Path(self.env_info["jupyterhub"]).parent
        env.update({
            "PATH": f"{venv_bin}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(self.work),  # the hub's own HOME: nothing of the developer's is read or written
            "FAILFORWARD_HUB_DIR": str(self.state_dir),
            "FAILFORWARD_HUB_PASSWORD": PASSWORD,
            "FAILFORWARD_HUB_PORT": str(self.port),
            "FAILFORWARD_HUB_API_PORT": str(free_port()),
            "FAILFORWARD_PROXY_API_PORT": str(free_port()),
            "FAILFORWARD_CHP": self.env_info["chp"],
            "FAILFORWARD_REPO": str(ROOT),
            "FAILFORWARD_HUB_COACHES": COACH,
            "FAILFORWARD_HUB_COACH_PASSWORD": COACH_PASSWORD,
        })
        return env

    def start(self, timeout: float = 120) -> float:
        """Start the hub; returns the seconds until it answered."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [self.env_info["jupyterhub"], "-f", str(CONFIG)], cwd=self.work, env=self.environment(),
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_until_up(f"{self.base}/hub/health", self.process, self.log_path, timeout)
        except RuntimeError:
            self.stop()
            raise
        self.remember()
        return time.monotonic() - started

    def remember(self) -> list[Proc]:
        """Note every process the hub has started so far (so it can be ended by id later)."""
        if self.process is None:
            return []
        tree = descendants(self.process.pid)
        for proc in tree:
            self.seen.setdefault(proc.pid, proc)
        return tree

    def processes(self) -> list[dict]:
        """What runs under the hub now: role, learner, memory."""
        rows = []
        for proc in self.remember():
            if not proc.alive():
                continue
            if "ipykernel_launcher" in proc.cmdline:
                role = "kernel"
            elif "jupyterhub-singleuser" in proc.cmdline:
                role = "single-user server"
            elif "configurable-http-proxy" in proc.cmdline:
                role = "proxy"
            elif "jupyterhub_idle_culler" in proc.cmdline:
                role = "idle culler"
            else:
                continue
            rows.append({"pid": proc.pid, "role": role, "user": environ(proc.pid).get("JUPYTERHUB_USER", ""),
                         **memory_mib(proc.pid), "cpu_s": cpu_seconds(proc.pid)})
        if self.process is not None and self.process.poll() is None:
            rows.append({"pid": self.process.pid, "role": "hub", "user": "", **memory_mib(self.process.pid),
                         "cpu_s": cpu_seconds(self.process.pid)})
        return rows

    def logged_timings(self) -> dict[str, list]:
        """From the log: how long each learner's server took to start (the hub's figure), and each
        Voila render's server time (the single-user servers log into the hub's output)."""
        text = self.log(limit=10_000_000)
        spawns = [{"user": user, "seconds": float(seconds)}
                  for user, seconds in re.findall(r"User (\S+) took ([\d.]+) seconds to start", text)]
        renders = [{"user": user, "notebook": notebook, "ms": float(ms)}
                   for user, notebook, ms in re.findall(
                       r"200 GET /user/([^/\s]+)/voila/render/lessons/(\S+?) \(.*?\) ([\d.]+)ms", text)]
        return {"spawns": spawns, "voila_renders": renders}

    def stop(self, grace: float = 60) -> list[str]:
        """Shut the hub down and make sure nothing it started outlives it.

        Returns what had to be ended by force (empty when the hub cleaned up after itself)."""
        if self.process is None:
            return []
        self.remember()
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGTERM)  # the hub stops servers, culler and proxy
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        forced = []
        if self.process.poll() is None:
            forced.append(f"hub {self.process.pid}")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        leftovers = [proc for proc in self.seen.values() if proc.alive()]
        for proc in leftovers:
            forced.append(f"{proc.pid} {proc.cmdline[:120]}")
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGTERM)
        while leftovers and time.monotonic() < deadline:
            leftovers = [proc for proc in leftovers if proc.alive()]
            time.sleep(0.2)  # waiting for processes to exit
        for proc in leftovers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
        return forced

    def log(self, limit: int = 8000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""
