"""The ``fail-forward`` command: ``serve`` the course in Voila, ``check`` it.

The course folder is found from the working directory (or ``--course DIR``, or
``$FAILFORWARD_COURSE``; see ``widgets.core.folder``), so the package works from a
regular install. This module imports the rest of the package only once it knows
which folder that is.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from pathlib import Path

WELCOME = "lessons/00_welcome.ipynb"
DEFAULT_PORT = 8866


CLASS_REFILL_DELAY = 90.0
"""Seconds a class's pool waits before starting a kernel to replace one a learner took: long enough that
the whole class has arrived, so refilling never competes with the learners for the machine."""


def kernel_pools(notebooks: list[str], *, first: str = "", class_size: int = 0) -> dict[str, dict[str, int]]:
    """One warm kernel per lesson and none for anything else (Voila would otherwise warm a
    kernel for every notebook it finds below the root, the virtualenv's included); for a class,
    ``class_size`` warm kernels of the lesson the class opens first."""
    pools = {name: {"pool_size": class_size if name == first and class_size else 1} for name in notebooks}
    return {"default": {"pool_size": 0}, **pools}


def voila_command(root: Path, port: int, *, preheat: bool | None = None, class_size: int = 0,
                  extra_notebooks: tuple[str, ...] = ()) -> list[str]:
    """The Voila command line; everything else is in the checked-in ``voila.json``.

    ``class_size``: pre-start that many kernels of the welcome lesson for a class arriving together
    (``fail-forward serve --class 20``), refilled only once the class has arrived."""
    command = [sys.executable, "-m", "widgets.tools.voila_app", str(root), f"--port={port}", "--Voila.ip=127.0.0.1",
               "--no-browser"]
    if class_size:
        preheat = True
    if preheat is not None:
        command.append(f"--VoilaConfiguration.preheat_kernel={preheat}")
    if preheat:
        from widgets.core.course import course

        lessons = [f"lessons/{lesson.notebook}" for lesson in course().lessons]
        pools = json.dumps(kernel_pools([*lessons, *extra_notebooks], first=WELCOME, class_size=class_size))
        command.append(f"--VoilaKernelManager.kernel_pools_config={pools}")
    if class_size:
        command.append(f"--VoilaKernelManager.fill_delay={CLASS_REFILL_DELAY}")
    return command


def voila_env(root: Path) -> dict[str, str]:
    """Voila's environment: the course's template folder comes first on JUPYTER_PATH."""
    env = dict(os.environ)
    env["FAILFORWARD_COURSE"] = str(root)  # the lessons' kernels find the course wherever the package is
    share = str(root / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, env.get("JUPYTER_PATH", "")) if p)
    return env


def welcome_url(port: int) -> str:
    """Where a learner starts."""
    return f"http://127.0.0.1:{port}/voila/render/{WELCOME}"


def port_is_free(port: int) -> bool:
    """Whether 127.0.0.1:port can be listened on."""
    with socket.socket() as sock:
        # As Tornado does: a port whose last server just stopped (TIME_WAIT) is free to use.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def compile_package() -> None:
    """Write the package's bytecode now, so no lesson kernel compiles it from source (about 30 ms each): an
    editable install writes none, nor does a kernel when ``PYTHONDONTWRITEBYTECODE`` is set, as container
    images often do. Quietly nothing where the folder is read-only."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1]), quiet=2)


def serve(root: Path, port: int, preheat: bool | None, class_size: int = 0) -> int:
    """Replace this process with Voila serving the course; prints the welcome URL first."""
    if not (root / WELCOME).exists():
        print(f"fail-forward: the course at {root} has no {WELCOME}.", file=sys.stderr)
        return 2
    if not port_is_free(port):
        print(f"fail-forward: port {port} is already in use — is the course already running at "
              f"{welcome_url(port)} ?\nTo start another copy, pick a free port: make serve PORT={port + 1}",
              file=sys.stderr)
        return 2
    print(f"\n  Fail Forward is starting. Open the course at:\n\n    {welcome_url(port)}\n",
          flush=True)
    os.chdir(root)  # voila.json is read from the working directory
    if class_size:
        print(f"  Starting {class_size} lesson kernels for the class first: the course is ready when Voila says "
              "the kernel pool is filled.\n", flush=True)
    compile_package()
    command = voila_command(root, port, preheat=preheat, class_size=class_size)
    os.execve(command[0], command, voila_env(root))
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fail-forward`` console command."""
    parser = argparse.ArgumentParser(prog="fail-forward", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="start Voila on the course (127.0.0.1 only)")
    serve_parser.add_argument("--port", type=int,
                              default=int(os.environ.get("PORT") or DEFAULT_PORT),
                              help=f"port to listen on (default: $PORT or {DEFAULT_PORT})")
    heat = serve_parser.add_mutually_exclusive_group()
    heat.add_argument("--preheat", dest="preheat", action="store_true", default=None,
                      help="keep a pre-started kernel per lesson")
    heat.add_argument("--no-preheat", dest="preheat", action="store_false",
                      help="start each lesson's kernel on request")
    serve_parser.add_argument("--class", dest="class_size", type=int, default=0, metavar="N",
                              help="a class of N learners arrives together: keep N welcome-lesson kernels "
                                   f"ready, refilled {CLASS_REFILL_DELAY:.0f} s after each is taken")
    check_parser = commands.add_parser("check", help="validate the course content and lesson notebooks")
    for sub in (serve_parser, check_parser):
        sub.add_argument("--course", metavar="DIR", help="the course folder (default: this folder or one above it, "
                                                         "or $FAILFORWARD_COURSE)")
    check_parser.add_argument("--run", nargs="*", metavar="NOTEBOOK",
                              help="also run every lesson notebook (or only the ones named, e.g. "
                                   "02_response_time.ipynb) as a learner would, with a throwaway data "
                                   "folder, and name any cell that fails; takes a minute or so")
    args = parser.parse_args(argv)
    if args.course:  # before the rest of the package is imported, so all of it reads this folder
        os.environ["FAILFORWARD_COURSE"] = str(Path(args.course).expanduser().resolve())
    from widgets.core.folder import COURSE_ROOT, find_course, not_found_message

    root = find_course()
    if root is None:
        print(f"fail-forward: {not_found_message()}", file=sys.stderr)
        return 2
    if root != COURSE_ROOT:  # the package was imported before --course was known (Python code, a test)
        print(f"fail-forward: the course was already loaded from {COURSE_ROOT}; start a new process to use {root}.",
              file=sys.stderr)
        return 2
    if args.command == "serve":
        if not 0 <= args.class_size <= 200:
            print("fail-forward: --class takes a number of learners from 1 to 200.", file=sys.stderr)
            return 2
        return serve(root, args.port, args.preheat, args.class_size)
    from widgets.tools.check import check_course, report

    if args.run is not None:
        print("Running the lessons as a learner would; this takes a minute or so…", flush=True)
    text, code = report(check_course(root, run=args.run is not None, run_only=args.run or None))
    print(text)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
