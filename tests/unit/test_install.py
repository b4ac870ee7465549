"""A regular install (a built wheel, not the editable one `make` uses) serves and checks the course.

The wheel goes into a fresh virtual environment that borrows the test environment's
dependencies (a ``.pth`` line, so nothing is downloaded) but not its editable link to
this source folder. The course is then found from the working directory, from
``--course``, or not at all, with one sentence saying what to do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the course's wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"  # built from a copy: setuptools leaves a build/ folder beside what it builds
    shutil.copytree(ROOT / "widgets", source / "widgets", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheels = work / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(wheels), str(source)], check=True, capture_output=True, text=True)
    wheel = next(wheels.glob("fail_forward-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)
    return bin_dir


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(bin_dir), "HOME": str(cwd), "FAILFORWARD_DATA": str(cwd / "data")}
    return subprocess.run([str(bin_dir / "fail-forward"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_installed_package_is_the_wheel_not_this_folder(installed: Path) -> None:
    where = subprocess.run([str(installed / "python"), "-P", "-c", "import widgets; print(widgets.__file__)"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "site-packages" in where and str(ROOT / "widgets") not in where


def test_check_passes_from_the_course_folder(installed: Path) -> None:
    result = run(installed, "check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stdout


def test_check_finds_the_course_from_a_lesson_folder_and_from_course(installed: Path, tmp_path: Path) -> None:
    assert run(installed, "check", cwd=ROOT / "lessons").returncode == 0
    result = run(installed, "check", "--course", str(ROOT), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_course_here_is_said_in_one_sentence(installed: Path, tmp_path: Path) -> None:
    for command in ("check", "serve"):
        result = run(installed, command, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.startswith("fail-forward: There's no Fail Forward course in ")
        assert "--course DIR" in result.stderr and "Traceback" not in result.stderr
    wrong = run(installed, "check", "--course", str(tmp_path), cwd=tmp_path)
    assert wrong.returncode == 2 and "is not a Fail Forward course folder" in wrong.stderr


def test_serve_renders_the_welcome_lesson_from_the_installed_package(installed: Path, tmp_path: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Voila's own templates are data files of the environment that installed it (borrowed here, see above).
    env = {"PATH": f"{installed}:/usr/bin:/bin", "HOME": str(tmp_path), "FAILFORWARD_DATA": str(tmp_path / "data"),
           "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    server = subprocess.Popen([str(installed / "fail-forward"), "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/voila/render/lessons/00_welcome.ipynb"
        deadline = time.monotonic() + 240
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=120) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                time.sleep(0.5)
        assert "Welcome" in page and "application/vnd.jupyter.widget-view+json" in page
        assert "Traceback" not in page and "ModuleNotFoundError" not in page
    finally:
        import os
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
