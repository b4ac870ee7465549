#!/usr/bin/env python3
"""Build (or reuse) an isolated environment for the local JupyterHub.

    python3 deploy/local/make_hub_env.py [--dir DIR] [--fresh]

DIR (default ``$FAILFORWARD_HUB_ENV`` or ``/tmp/fail-forward-hub-env``) gets:

- ``DIR/venv``: a new virtualenv with binder/requirements.txt (the course's pins, as
  mybinder installs them), deploy/local/requirements-hub.txt (JupyterHub and the idle
  culler) and the course itself, installed by binder/postBuild (``pip install --no-deps -e .``);
- ``DIR/chp``: configurable-http-proxy from npm (``npm install --prefix DIR/chp``), which
  needs Node.js 20 or newer and npm (Debian: ``apt-get install -y nodejs npm``).

An existing DIR built from the same pins, Python and checkout is reused (``--fresh``
rebuilds it). The last line printed is JSON: the paths of ``jupyterhub`` and
``configurable-http-proxy`` and the seconds the build took.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHP_VERSION = "5.3.0"
NODE_MAJOR_MIN = 20
REQUIREMENTS = (REPO / "binder" / "requirements.txt", REPO / "deploy" / "local" / "requirements-hub.txt")


def fail(message: str, code: int = 2) -> None:
    print(f"make_hub_env: {message}", file=sys.stderr)
    raise SystemExit(code)


def check_node() -> tuple[str, str]:
    """node and npm, or a clear message about what to install."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if not path)
        fail(f"{missing} not found: configurable-http-proxy (JupyterHub's proxy) comes from npm and needs "
             f"Node.js {NODE_MAJOR_MIN}+. Debian: apt-get install -y nodejs npm", code=3)
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < NODE_MAJOR_MIN:
        fail(f"node {version} is too old: configurable-http-proxy {CHP_VERSION} needs Node.js {NODE_MAJOR_MIN}+",
             code=3)
    return node, npm


def fingerprint(python: str) -> str:
    """What the environment was built from: the pins, the proxy version, Python, the checkout's path."""
    digest = hashlib.sha256()
    for path in REQUIREMENTS:
        digest.update(path.read_bytes())
    version = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True,
                             check=True).stdout
    digest.update(f"{CHP_VERSION}\n{version}\n{REPO}".encode())
    return digest.hexdigest()


def build(target: Path, python: str, npm: str) -> None:
    venv = target / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {key: value for key, value in os.environ.items()
           if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    requirements = [arg for path in REQUIREMENTS for arg in ("-r", str(path))]
    subprocess.run([*pip, *requirements], check=True, env=env, cwd=REPO, timeout=1200)
    # As mybinder does after the requirements: the course itself, editable, no other changes.
    subprocess.run([str(REPO / "binder" / "postBuild")], check=True, env=env, cwd=REPO, timeout=600)
    subprocess.run([npm, "install", "--prefix", str(target / "chp"), "--no-audit", "--no-fund", "--silent",
                    f"configurable-http-proxy@{CHP_VERSION}"], check=True, timeout=600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path,
                        default=Path(os.environ.get("FAILFORWARD_HUB_ENV") or "/tmp/fail-forward-hub-env"))
    parser.add_argument("--python", default=sys.executable, help="the Python to build the venv with (3.11+)")
    parser.add_argument("--fresh", action="store_true", help="rebuild even if an up-to-date one exists")
    args = parser.parse_args(argv)
    target: Path = args.dir.resolve()
    _, npm = check_node()
    started = time.monotonic()
    stamp = target / "built-from.sha256"
    wanted = fingerprint(args.python)
    hub = target / "venv" / "bin" / "jupyterhub"
    chp = target / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
    reused = (not args.fresh and stamp.exists() and stamp.read_text().strip() == wanted
              and hub.exists() and chp.exists())
    if not reused:
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        print(f"make_hub_env: building {target} (JupyterHub venv + configurable-http-proxy)…", flush=True)
        build(target, args.python, npm)
        stamp.write_text(wanted + "\n")
    print(json.dumps({"dir": str(target), "jupyterhub": str(hub), "chp": str(chp), "reused": reused,
                      "seconds": round(time.monotonic() - started, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
