"""``fail-forward check``: is the course in a state to publish?

Checks, each problem naming file, line (where there is one) and field:

- every content file in ``assets/content`` against its spec, and any YAML file
  there that the course doesn't read (usually a misspelt name);
- every notebook in ``lessons/`` (and the coach notebooks in ``lessons/coach/``):
  stored without outputs, valid code, calling only widget functions that exist,
  naming only lessons in the course outline and content files that exist, and
  Markdown links and images that point at real files (images with alt text,
  where Voila will serve them). Lessons must also be in the course outline and
  call ``ff.header`` and ``ff.finish`` with their own lesson id;
- with ``run=True`` (``fail-forward check --run``), every student notebook is
  executed headless with a throwaway data folder, and a cell that raises is named.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from widgets.core.content import COURSE_ROOT, ContentError, Problem, display_path
from widgets.core.course import Course, load_course
from widgets.tools.check.content import (
    COURSE_YAML,
    check_content_files,
    check_cut_short,
    check_lesson_ids,
    check_unknown_content,
)
from widgets.tools.check.notebooks import COACH_DIR, LESSONS_DIR, check_notebook, page_title
from widgets.tools.check.patterns import check_patterns
from widgets.tools.check.run import run_notebook

__all__ = ["check_course", "check_notebook", "page_title", "report", "run_notebook"]


def check_course(root: Path = COURSE_ROOT, run: bool = False,
                 run_only: Collection[str] | None = None) -> list[Problem]:
    """Every problem in the course, in file order. With ``run``, also execute every student notebook
    (or only those named in ``run_only``, e.g. ``{"02_response_time.ipynb"}``)."""
    problems: list[Problem] = []
    course: Course | None = None
    try:
        course = load_course(root / COURSE_YAML)
    except ContentError as error:
        problems.extend(error.problems)
    else:
        problems.extend(check_cut_short(root / COURSE_YAML))
        problems.extend(check_lesson_ids(root, course))
    problems.extend(check_content_files(root))
    problems.extend(check_patterns(root))
    problems.extend(check_unknown_content(root, course))
    lessons_dir = root / LESSONS_DIR.name
    notebooks = sorted(lessons_dir.glob("*.ipynb"))
    listed = {lesson.notebook: lesson for lesson in course.lessons} if course else {}
    if course:
        for lesson in course.lessons:
            if not (lessons_dir / lesson.notebook).exists():
                problems.append(Problem(display_path(root / COURSE_YAML), None,
                                        f"lessons[{lesson.number}].notebook",
                                        f"names {lesson.notebook}, which is not in lessons/"))
    for path in notebooks:
        if course and path.name not in listed:
            problems.append(Problem(display_path(path), None, "",
                                    f"is not listed in {COURSE_YAML}, so learners can't reach it"))
        lesson = listed.get(path.name)
        problems.extend(check_notebook(path, lesson.id if lesson else None, lesson.title if lesson else None,
                                       root, course))
    for path in sorted((lessons_dir / COACH_DIR).glob("*.ipynb")):
        problems.extend(check_notebook(path, None, None, root, course))
    if run:
        for missing in sorted(set(run_only or ()) - {path.name for path in notebooks}):
            problems.append(Problem(f"lessons/{missing}", None, "", "was asked to be run, but there is no such "
                                    "notebook in lessons/"))
        for path in notebooks:
            if run_only is None or path.name in run_only:
                problems.extend(run_notebook(path, root))
    return problems


def report(problems: Iterable[Problem]) -> tuple[str, int]:
    """The text ``check`` prints and its exit code."""
    found = list(problems)
    if not found:
        return "The course is in good shape: no problems found.", 0
    lines = [str(p) for p in found]
    lines.append(f"{len(found)} problem{'s' if len(found) != 1 else ''} found.")
    return "\n".join(lines), 1
