"""Checks of the content files in ``assets/content``: each against its spec, files the course doesn't
read, text a YAML comment cut short, and the lesson ids the code relies on."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from widgets.core import keys
from widgets.core.content import ContentError, Problem, compose_yaml, display_path, text_scalars
from widgets.core.course import COURSE_FILE, Course

CONTENT = Path("assets") / "content"


COURSE_YAML = (CONTENT / COURSE_FILE.name).as_posix()


# Content files any lesson's folder may have (the lesson asks for them by its id) ...
PER_LESSON_FILES = ("checkins.yaml", "decisions.yaml", "scenario.yaml", "recall.yaml", "go-deeper.yaml", "solo.yaml",
                    "reflections.yaml")


# ... and those only one lesson has: (folder, file).
FIXED_FILES = (("inversion", "board.yaml"), ("response-time", "policy.yaml"),
               ("response-time", "explorer.yaml"), ("response-time", "simulator.yaml"),
               ("owning-mistakes", "recovery.yaml"), ("team", "reframing.yaml"), ("team", "debrief.yaml"),
               ("welcome", "self-check.yaml"))


def content_loaders() -> dict[str, Callable[[Path], Any]]:
    """File name → the function that reads and checks it (imported only when checking)."""
    from widgets.rules.checkin import load_questions
    from widgets.rules.debrief import load_debrief_content
    from widgets.rules.decisions import load_decisions
    from widgets.rules.deeper import load_deeper
    from widgets.rules.explorer import load_model
    from widgets.rules.inversion import load_stages
    from widgets.rules.policy import load_policy
    from widgets.rules.recall import load_recall
    from widgets.rules.recovery import load_rules
    from widgets.rules.reflection import load_reflections
    from widgets.rules.reframing import load_reframing
    from widgets.rules.scenario import load_scenario
    from widgets.rules.self_check import load_self_check
    from widgets.rules.simulator import load_sim_content
    from widgets.rules.solo import load_solo

    return {"checkins.yaml": load_questions, "decisions.yaml": load_decisions, "scenario.yaml": load_scenario,
            "board.yaml": load_stages, "policy.yaml": load_policy, "explorer.yaml": load_model,
            "simulator.yaml": load_sim_content, "recovery.yaml": load_rules, "reframing.yaml": load_reframing,
            "debrief.yaml": load_debrief_content, "recall.yaml": load_recall, "go-deeper.yaml": load_deeper,
            "solo.yaml": load_solo, "reflections.yaml": load_reflections, "self-check.yaml": load_self_check}


def check_content_files(root: Path) -> list[Problem]:
    """Every exercise content file against its spec (a missing fixed file is reported too)."""
    loaders = content_loaders()
    content = root / CONTENT
    paths = {path for name in PER_LESSON_FILES for path in content.glob(f"*/{name}")}
    paths |= {content / folder / name for folder, name in FIXED_FILES}
    problems: list[Problem] = []
    for path in sorted(paths):
        try:
            loaders[path.name](path)
        except ContentError as error:
            problems.extend(error.problems)
        else:
            problems.extend(check_cut_short(path))
    return problems


def check_cut_short(path: Path) -> list[Problem]:
    """Text cut short by `` #``: YAML reads the rest of the line as a comment, and nothing else notices."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        root = compose_yaml(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # reported by the file's loader
    lines = text.splitlines()
    problems: list[Problem] = []

    for where, node in text_scalars(root):
        if not node.style and " " in node.value and node.end_mark.line < len(lines):  # plain text
            rest = lines[node.end_mark.line][node.end_mark.column:]
            if re.match(r"\s+#", rest):
                problems.append(Problem(display_path(path), node.end_mark.line + 1, where,
                                        f"is cut short at \"{rest.strip()[:30]}\": in YAML a space followed by # "
                                        f"starts a comment, so learners would read only {node.value!r}. Put the "
                                        "whole text in double quotes (or, if the # part is a note to yourself, "
                                        "move it to a line of its own)"))
    return problems


def _visible_files(folder: Path) -> Iterator[Path]:
    """Files below ``folder``, skipping hidden folders (JupyterLab keeps ``.ipynb_checkpoints`` copies)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if not filename.startswith("."):
                yield Path(dirpath) / filename


def check_unknown_content(root: Path, course: Course | None) -> list[Problem]:
    """YAML files in ``assets/content`` the course never reads: a typo in a name is otherwise silent."""
    content = root / CONTENT
    lesson_ids = [lesson.id for lesson in course.lessons] if course else None
    problems: list[Problem] = []
    for path in _visible_files(content):
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        parts = path.relative_to(content).parts
        name = display_path(path)
        if parts == (COURSE_FILE.name,):
            continue
        if len(parts) == 1:
            problems.append(Problem(name, None, "", f"is not a file the course reads: directly in "
                                    f"{CONTENT.as_posix()}/ only {COURSE_FILE.name} belongs; exercise "
                                    "content goes in its lesson's folder"))
            continue
        if len(parts) > 2:
            problems.append(Problem(name, None, "", f"is not a file the course reads: it is in "
                                    f"{relative(path.parent, root)}/, and the course reads content files only "
                                    f"directly in a lesson's folder, like {CONTENT.as_posix()}/{parts[0]}/"))
            continue
        folder, filename = parts
        if lesson_ids is not None and folder not in lesson_ids:
            problems.append(Problem(name, None, "", f"is in folder {folder}/, which is not a lesson id in "
                                    f"{COURSE_YAML} (lesson ids: {', '.join(lesson_ids)}), so the course "
                                    "never reads it"))
            continue
        known = sorted({*PER_LESSON_FILES, *(f for d, f in FIXED_FILES if d == folder)})
        if filename not in known:
            problems.append(Problem(name, None, "", f"is not a file the course reads (the files it reads in "
                                    f"{CONTENT.as_posix()}/{folder}/ are: {', '.join(known)}); is the name "
                                    "misspelt?"))
    return problems


def relative(path: Path, root: Path) -> str:
    """A path as written from the course folder (``assets/content/team/scenario.yaml``)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_lesson_ids(root: Path, course: Course) -> list[Problem]:
    """Every lesson id the code names (``core.keys``) must still be in the course outline."""
    known = {lesson.id for lesson in course.lessons}
    return [Problem(COURSE_YAML, None, "lessons", f"has no lesson with id {lesson!r}, which the course's exercises "
                                                 "save their answers under; put it back (ids can't be renamed)")
            for lesson in keys.LESSON_IDS if lesson not in known]
