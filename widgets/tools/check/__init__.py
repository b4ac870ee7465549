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

It also reports each lesson's estimated length next to the one the outline states
(``lengths``), and warns (without failing) where a stated length isn't true, where
a paragraph has two dollar signs (``dollars``), and where a go-deeper part is never shown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from widgets.core.content import COURSE_ROOT, ContentError, Problem, display_path
from widgets.core.course import Course, load_course
from widgets.tools.check.blame_model import check_blame_model
from widgets.tools.check.content import (
    COURSE_YAML,
    check_content_files,
    check_cut_short,
    check_lesson_ids,
    check_unknown_content,
)
from widgets.tools.check.dollars import dollar_warnings
from widgets.tools.check.lengths import course_lengths, length_table, length_warnings
from widgets.tools.check.notebooks import COACH_DIR, LESSONS_DIR, check_notebook, page_title, unshown_parts
from widgets.tools.check.patterns import check_patterns
from widgets.tools.check.run import run_notebook

__all__ = ["Findings", "check_course", "check_notebook", "page_title", "report", "run_notebook"]


class Findings(list[Problem]):
    """What the check found: problems and warnings (``Problem.warning``), and the lessons' lengths as a table."""

    lengths: str = ""

    @property
    def problems(self) -> list[Problem]:
        return [p for p in self if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.warning]


def check_course(root: Path = COURSE_ROOT, run: bool = False,
                 run_only: Collection[str] | None = None) -> Findings:
    """Every problem in the course, in file order, then every warning. With ``run``, also execute every student
    notebook (or only those named in ``run_only``, e.g. ``{"02_response_time.ipynb"}``)."""
    problems = Findings()
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
    problems.extend(p for p in check_blame_model(root) if p not in problems)  # the rules' loader reads it too
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
        entry = listed.get(path.name)
        problems.extend(check_notebook(path, entry.id if entry else None, entry.title if entry else None,
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
    lengths = course_lengths(root, course) if course else []
    problems.lengths = length_table(lengths)
    problems.extend(length_warnings(lengths, root))
    problems.extend(unshown_parts(root, notebooks))
    problems.extend(dollar_warnings(root))
    return problems


def report(problems: Iterable[Problem]) -> tuple[str, int]:
    """The text ``check`` prints and its exit code. While there are problems, only they are listed (fix them
    first); once there are none, the lessons' lengths and any warnings follow (warnings don't fail the check)."""
    found = list(problems)
    real = [p for p in found if not p.warning]
    if real:
        lines = [str(p) for p in real]
        lines.append(f"{len(real)} problem{'s' if len(real) != 1 else ''} found.")
        return "\n".join(lines), 1
    lengths = getattr(problems, "lengths", "")
    lines = [lengths] if lengths else []
    warnings = [p for p in found if p.warning]
    if warnings:
        lines.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (the course works, but look at "
                     f"{'these' if len(warnings) != 1 else 'this'}):")
        lines.extend(f"  {p}" for p in warnings)
    lines.append("The course is in good shape: no problems found.")
    return "\n".join(lines), 0
