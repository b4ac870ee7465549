"""Where the course is: the folder holding ``lessons/`` and ``assets/content/course.yaml``.

The package can be installed anywhere (``pip install .``, a wheel), so the course
folder is not found from the package's own files. In order:

1. ``$FAILFORWARD_COURSE`` (``fail-forward --course DIR`` sets it);
2. the working directory or one of its parents (a lesson's kernel runs in
   ``lessons/``, a coach runs ``fail-forward`` from the course folder);
3. the folder the package sits in, when it is a source checkout of the course.

When none holds a course, :data:`COURSE_ROOT` is the working directory and
:func:`course_found` is False, so the command line can say so in one sentence.
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = Path("assets") / "content" / "course.yaml"
ENV = "FAILFORWARD_COURSE"


def is_course(folder: Path) -> bool:
    """Whether ``folder`` holds a course (its outline and its lessons)."""
    return (folder / MARKER).is_file() and (folder / "lessons").is_dir()


def find_course(start: Path | None = None) -> Path | None:
    """The course folder, or None."""
    configured = os.environ.get(ENV)
    if configured:
        folder = Path(configured).expanduser().resolve()
        return folder if is_course(folder) else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_course(folder):
            return folder
    source = Path(__file__).resolve().parents[2]
    return source if is_course(source) else None


def not_found_message() -> str:
    """What the command line says when there is no course to serve or check."""
    configured = os.environ.get(ENV)
    if configured:
        return (f"{configured} is not a Fail Forward course folder (it needs lessons/ and {MARKER.as_posix()}). "
                f"Point --course (or ${ENV}) at the folder you cloned or unpacked.")
    return (f"There's no Fail Forward course in {Path.cwd()} or the folders above it. Run this from the course "
            f"folder (the one with lessons/ and {MARKER.as_posix()}), or give it with --course DIR.")


_found = find_course()
COURSE_ROOT: Path = _found or Path.cwd().resolve()


def course_found() -> bool:
    """Whether :data:`COURSE_ROOT` really holds a course."""
    return _found is not None
