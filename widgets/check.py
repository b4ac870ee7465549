"""``fail-forward check``: is the course in a state to publish?

Checks the content files against their specs and every lesson notebook:
listed in the course outline, stored without outputs, and calling the widget
functions with its own lesson id. Each problem names file, line and field.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from pathlib import Path

from .content import COURSE_ROOT, ContentError, Problem, display_path
from .course import COURSE_FILE, Course, load_course

LESSONS_DIR = COURSE_ROOT / "lessons"


def page_title(lesson_title: str) -> str:
    """The browser tab's title for a lesson (Voila takes it from the notebook's metadata)."""
    return f"{lesson_title} · Fail Forward"


def _check_checkin_call(name: str, index: int, args: list[str], root: Path) -> list[Problem]:
    """An ``ff.checkin(lesson, question)`` call must name a question that exists."""
    from .checkin import load_questions

    if len(args) != 2:
        return [Problem(name, None, f"cells[{index}]", "ff.checkin needs a lesson id and a question id, in quotes")]
    path = root / "assets" / "content" / args[0] / "checkins.yaml"
    try:
        known = load_questions(path)
    except ContentError:
        return []  # reported once, with the content file's own problems
    if args[1] not in known:
        return [Problem(name, None, f"cells[{index}]",
                        f"asks for check-in {args[1]!r}, which is not in {display_path(path)} "
                        f"(known: {', '.join(known)})")]
    return []


def check_content_files(root: Path) -> list[Problem]:
    """Every exercise content file against its spec."""
    from .checkin import load_questions
    from .debrief import load_debrief_content
    from .decisions import load_decisions
    from .inversion import load_stages
    from .recovery_rules import load_rules
    from .reframing import load_reframing
    from .response_model import load_model
    from .response_policy import load_policy
    from .scenario_rules import load_scenario
    from .simulator import load_sim_content

    problems: list[Problem] = []
    loaders = [(path, load_questions) for path in sorted((root / "assets" / "content").glob("*/checkins.yaml"))]
    content = root / "assets" / "content"
    loaders += [(path, load_scenario) for path in sorted(content.glob("*/scenario.yaml"))]
    loaders += [(path, load_decisions) for path in sorted(content.glob("*/decisions.yaml"))]
    loaders += [(content / "inversion" / "board.yaml", load_stages),
                (content / "response-time" / "policy.yaml", load_policy),
                (content / "response-time" / "explorer.yaml", load_model),
                (content / "response-time" / "simulator.yaml", load_sim_content),
                (content / "owning-mistakes" / "recovery.yaml", load_rules),
                (content / "team" / "reframing.yaml", load_reframing),
                (content / "team" / "debrief.yaml", load_debrief_content)]
    for path, loader in loaders:
        try:
            loader(path)
        except ContentError as error:
            problems.extend(error.problems)
    return problems


def check_notebook(path: Path, lesson_id: str | None, title: str | None = None,
                   root: Path = COURSE_ROOT) -> list[Problem]:
    """Problems in one lesson notebook (an empty list when it is fine)."""
    name = display_path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(name, None, "", f"cannot be read ({error})")]
    except json.JSONDecodeError as error:
        return [Problem(name, error.lineno, "", f"is not a valid notebook (bad JSON: {error.msg})")]
    problems: list[Problem] = []
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return [Problem(name, None, "cells", "is missing: this is not a notebook")]
    if title is not None:
        found = notebook.get("metadata", {}).get("title")
        if found != page_title(title):
            problems.append(Problem(name, None, "metadata.title",
                                    f"is {found!r}; it should be {page_title(title)!r} to match "
                                    "the lesson's title in assets/content/course.yaml"))
    calls: list[tuple[int, str, list[str]]] = []
    for index, cell in enumerate(cells):
        where = f"cells[{index}]"
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(Problem(name, None, f"{where}.outputs",
                                    "has stored outputs; clear them before committing "
                                    "(in JupyterLab: Edit → Clear Outputs of All Cells)"))
        if cell.get("execution_count") is not None:
            problems.append(Problem(name, None, f"{where}.execution_count",
                                    "is set; clear outputs before committing"))
        source = "".join(cell.get("source", []))
        try:
            tree = ast.parse(source)
        except SyntaxError as error:
            problems.append(Problem(name, None, where, f"is not valid Python (line {error.lineno}: {error.msg})"))
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "ff"):
                args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                calls.append((index, node.func.attr, args))
    from . import lesson as lesson_api

    for index, function, args in calls:
        if function not in lesson_api.__all__:
            problems.append(Problem(name, None, f"cells[{index}]",
                                    f"calls ff.{function}, which the course doesn't have "
                                    f"(known: {', '.join(sorted(lesson_api.__all__))})"))
        if function == "checkin":
            problems.extend(_check_checkin_call(name, index, args, root))
    if lesson_id is not None:
        for function in ("header", "finish"):
            found = [(i, args) for i, f, args in calls if f == function]
            if not found:
                problems.append(Problem(name, None, "cells",
                                        f"has no ff.{function}({lesson_id!r}) call; every lesson needs one"))
            for i, args in found:
                if args != [lesson_id]:
                    problems.append(Problem(name, None, f"cells[{i}]",
                                            f"calls ff.{function}({', '.join(map(repr, args))}) "
                                            f"but this notebook is lesson {lesson_id!r}"))
    return problems


def check_course(root: Path = COURSE_ROOT) -> list[Problem]:
    """Every problem in the course, in file order."""
    problems: list[Problem] = []
    course: Course | None = None
    try:
        course = load_course(root / "assets" / "content" / COURSE_FILE.name)
    except ContentError as error:
        problems.extend(error.problems)
    problems.extend(check_content_files(root))
    lessons_dir = root / "lessons"
    notebooks = sorted(lessons_dir.glob("*.ipynb"))
    listed = {lesson.notebook: lesson for lesson in course.lessons} if course else {}
    if course:
        for lesson in course.lessons:
            if not (lessons_dir / lesson.notebook).exists():
                problems.append(Problem(display_path(root / "assets/content/course.yaml"), None,
                                        f"lessons[{lesson.number}].notebook",
                                        f"names {lesson.notebook}, which is not in lessons/"))
    for path in notebooks:
        if course and path.name not in listed:
            problems.append(Problem(display_path(path), None, "",
                                    "is not listed in assets/content/course.yaml, so learners can't reach it"))
        lesson = listed.get(path.name)
        problems.extend(check_notebook(path, lesson.id if lesson else None, lesson.title if lesson else None,
                                       root))
    return problems


def report(problems: Iterable[Problem]) -> tuple[str, int]:
    """The text ``check`` prints and its exit code."""
    found = list(problems)
    if not found:
        return "The course is in good shape: no problems found.", 0
    lines = [str(p) for p in found]
    lines.append(f"{len(found)} problem{'s' if len(found) != 1 else ''} found.")
    return "\n".join(lines), 1
