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

import ast
import importlib
import inspect
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from widgets.core.content import COURSE_ROOT, ContentError, Problem, display_path
from widgets.core.course import COURSE_FILE, Course, load_course

LESSONS_DIR = COURSE_ROOT / "lessons"
COACH_DIR = "coach"  # lessons/coach/*.ipynb: coach notebooks, not lessons
CONTENT = Path("assets") / "content"
COURSE_YAML = (CONTENT / COURSE_FILE.name).as_posix()

# Content files any lesson's folder may have (the lesson asks for them by its id) ...
PER_LESSON_FILES = ("checkins.yaml", "decisions.yaml", "scenario.yaml")
# ... and those only one lesson has: (folder, file).
FIXED_FILES = (("inversion", "board.yaml"), ("response-time", "policy.yaml"),
               ("response-time", "explorer.yaml"), ("response-time", "simulator.yaml"),
               ("owning-mistakes", "recovery.yaml"), ("team", "reframing.yaml"), ("team", "debrief.yaml"))
# ff calls whose first argument is a lesson id, and the content file in that lesson's folder they need.
LESSON_CALLS = {"header": None, "finish": None, "checkin": "checkins.yaml", "scenario": "scenario.yaml",
                "decisions": "decisions.yaml"}
LESSON_MODULE = "widgets.lesson"


def page_title(lesson_title: str) -> str:
    """The browser tab's title for a lesson (Voila takes it from the notebook's metadata)."""
    return f"{lesson_title} · Fail Forward"


def _rel(path: Path, root: Path) -> str:
    """A path as written from the course folder (``assets/content/team/scenario.yaml``)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _loaders() -> dict[str, Callable[[Path], Any]]:
    """File name → the function that reads and checks it (imported only when checking)."""
    from widgets.rules.checkin import load_questions
    from widgets.rules.debrief import load_debrief_content
    from widgets.rules.decisions import load_decisions
    from widgets.rules.explorer import load_model
    from widgets.rules.inversion import load_stages
    from widgets.rules.policy import load_policy
    from widgets.rules.recovery import load_rules
    from widgets.rules.reframing import load_reframing
    from widgets.rules.scenario import load_scenario
    from widgets.rules.simulator import load_sim_content

    return {"checkins.yaml": load_questions, "decisions.yaml": load_decisions, "scenario.yaml": load_scenario,
            "board.yaml": load_stages, "policy.yaml": load_policy, "explorer.yaml": load_model,
            "simulator.yaml": load_sim_content, "recovery.yaml": load_rules, "reframing.yaml": load_reframing,
            "debrief.yaml": load_debrief_content}


# -- content files ----------------------------------------------------------------------


def check_content_files(root: Path) -> list[Problem]:
    """Every exercise content file against its spec (a missing fixed file is reported too)."""
    loaders = _loaders()
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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # reported by the file's loader
    lines = text.splitlines()
    problems: list[Problem] = []

    def walk(node: yaml.Node | None, where: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, f"{where}.{key.value}" if where else str(key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{where}[{i}]")
        elif (isinstance(node, yaml.ScalarNode) and node.style is None and node.tag == "tag:yaml.org,2002:str"
              and " " in node.value and node.end_mark.line < len(lines)):
            rest = lines[node.end_mark.line][node.end_mark.column:]
            if re.match(r"\s+#", rest):
                problems.append(Problem(display_path(path), node.end_mark.line + 1, where,
                                        f"is cut short at \"{rest.strip()[:30]}\": in YAML a space followed by # "
                                        f"starts a comment, so learners would read only {node.value!r}. Put the "
                                        "whole text in double quotes (or, if the # part is a note to yourself, "
                                        "move it to a line of its own)"))

    walk(root, "")
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
                                    f"{_rel(path.parent, root)}/, and the course reads content files only "
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


# -- notebooks: code ----------------------------------------------------------------------


def _parse_code(source: str) -> ast.Module:
    """A code cell as Python, with IPython's ``%magics`` and ``!commands`` turned into calls first."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        source = TransformerManager().transform_cell(source)
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        pass
    return ast.parse(source)


def _widget_aliases(tree: ast.AST) -> dict[str, str]:
    """``import widgets.lesson as ff`` / ``from widgets import coach`` → {alias: module}."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("widgets.") and alias.asname:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "widgets" and node.level == 0:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"widgets.{alias.name}"
    return aliases


def _module_names(module: str) -> list[str] | str:
    """What a widgets module offers a notebook (its ``__all__``), or why it can't be loaded."""
    try:
        loaded = importlib.import_module(module)
    except Exception as error:  # any failure to import is the notebook's problem to report
        return f"{type(error).__name__}: {error}"
    names = getattr(loaded, "__all__", None)
    return sorted(names if names is not None else (n for n in dir(loaded) if not n.startswith("_")))


class _Call:
    """One ``alias.function("literal", ...)`` call in a code cell."""

    def __init__(self, index: int, alias: str, function: str, node: ast.Call) -> None:
        self.index = index
        self.alias = alias
        self.function = function
        self.args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        self.all_literal = len(self.args) == len(node.args)
        self.keywords = {k.arg: k.value.value for k in node.keywords
                         if k.arg and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)}
        self.shape = None if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords) else (len(node.args), [k.arg for k in node.keywords])

    def misfit(self, module: str) -> str | None:
        """Why the call's arguments don't fit the function (wrong number, unknown keyword), if they don't."""
        if self.shape is None:
            return None
        try:
            signature = inspect.signature(getattr(importlib.import_module(module), self.function))
        except (ImportError, AttributeError, TypeError, ValueError):
            return None
        positional, keywords = self.shape
        try:
            signature.bind(*range(positional), **dict.fromkeys(keywords))
        except TypeError as error:
            return str(error)
        return None

    def __str__(self) -> str:
        return f"{self.alias}.{self.function}({', '.join(map(repr, self.args))})"


def _check_lesson_call(name: str, call: _Call, root: Path, lesson_ids: list[str] | None) -> list[Problem]:
    """A lesson-id call names a lesson in the course and, where it needs one, a content file that exists."""
    where = f"cells[{call.index}]"
    if call.function == "course_map":
        current = call.keywords.get("current") or (call.args[0] if call.args else None)
        if current and lesson_ids is not None and current not in lesson_ids:
            return [Problem(name, None, where, f"{call} names lesson {current!r}, which is not in {COURSE_YAML} "
                            f"(lesson ids: {', '.join(lesson_ids)})")]
        return []
    if call.function not in LESSON_CALLS:
        return []
    wanted = 2 if call.function == "checkin" else 1
    if len(call.args) != wanted or not call.all_literal:
        what, like = (("a lesson id and a question id", '"team", "bring-the-lead"') if wanted == 2
                      else ("a lesson id", '"team"'))
        return [Problem(name, None, where, f"{call.alias}.{call.function} needs {what}, in quotes, "
                        f"like {call.alias}.{call.function}({like})")]
    lesson = call.args[0]
    if lesson_ids is not None and lesson not in lesson_ids:
        return [Problem(name, None, where, f"{call} names lesson {lesson!r}, which is not in {COURSE_YAML} "
                        f"(lesson ids: {', '.join(lesson_ids)})")]
    needed = LESSON_CALLS[call.function]
    if needed is None:
        return []
    path = root / CONTENT / lesson / needed
    if not path.exists():
        return [Problem(name, None, where, f"{call} needs {_rel(path, root)}, which doesn't exist")]
    if call.function == "checkin":
        from widgets.rules.checkin import load_questions
        try:
            known = load_questions(path)
        except ContentError:
            return []  # reported once, with the content file's own problems
        if call.args[1] not in known:
            return [Problem(name, None, where, f"asks for check-in {call.args[1]!r}, which is not in "
                            f"{_rel(path, root)} (known: {', '.join(known)})")]
    return []


# -- notebooks: Markdown ------------------------------------------------------------------


class _HtmlRefs(HTMLParser):
    """``<img src alt>`` and ``<a href>`` written as HTML inside Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "img" and found.get("src"):
            self.refs.append(("image", found["src"] or "", found.get("alt")))
        elif tag == "a" and found.get("href"):
            self.refs.append(("link", found["href"] or "", None))


def _text_of(tokens: Iterable[dict[str, Any]]) -> str:
    return "".join(t.get("raw", "") + _text_of(t.get("children", [])) for t in tokens)


def markdown_refs(source: str) -> list[tuple[str, str, str | None]]:
    """Every link and image in a Markdown cell, as Voila's renderer (mistune) reads it:
    (``"link"`` or ``"image"``, the address as written, the alt text of an image)."""
    import mistune

    refs: list[tuple[str, str, str | None]] = []

    def walk(tokens: Iterable[dict[str, Any]]) -> None:
        for token in tokens:
            kind = token.get("type")
            if kind in ("link", "image"):
                url = token.get("attrs", {}).get("url", "")
                refs.append((kind, url, _text_of(token.get("children", [])) if kind == "image" else None))
            elif kind in ("inline_html", "block_html"):
                parser = _HtmlRefs()
                parser.feed(token.get("raw", ""))
                refs.extend(parser.refs)
            walk(token.get("children", []) or [])

    walk(mistune.create_markdown(renderer="ast")(source))
    return refs


def _voila_files(root: Path) -> tuple[list[str], list[str]]:
    """The allow- and deny-list of files Voila serves to learners (from ``voila.json``)."""
    path = root / "voila.json" if (root / "voila.json").exists() else COURSE_ROOT / "voila.json"
    try:
        settings = json.loads(path.read_text(encoding="utf-8")).get("VoilaConfiguration", {})
    except (OSError, ValueError):
        return [], []
    return list(settings.get("file_allowlist", [])), list(settings.get("file_denylist", []))


def _opening(source: str) -> str:
    line = next((s.strip() for s in source.splitlines() if s.strip()), "")
    return line if len(line) <= 50 else line[:49] + "…"


def _check_markdown(name: str, index: int, cell: dict[str, Any], path: Path, root: Path) -> list[Problem]:
    """Links and images in one Markdown cell point at files that exist; images have alt text."""
    source = _source(cell)
    where = f"cells[{index}]"
    hint = f' (in the cell that starts "{_opening(source)}")'
    allow, deny = _voila_files(root)
    problems: list[Problem] = []
    for kind, url, alt in markdown_refs(source):
        if kind == "image" and not (alt or "").strip():
            problems.append(Problem(name, None, where, f"image {url!r} has no alt text: describe it between the "
                                    "square brackets, ![like this](...), for learners who use a screen reader"
                                    + hint))
        parts = urlsplit(url)
        if parts.scheme == "attachment":
            if unquote(parts.path) not in (cell.get("attachments") or {}):
                problems.append(Problem(name, None, where, f"{kind} {url!r} points to an attachment the cell "
                                        "doesn't have" + hint))
            continue
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue  # a web address, an e-mail, or a place on this page: nothing to look up
        target = (path.parent / unquote(parts.path)).resolve()
        shown = _rel(target, root)
        if target != root.resolve() and root.resolve() not in target.parents:
            problems.append(Problem(name, None, where, f"{kind} {url!r} points outside the course folder" + hint))
        elif not target.exists():
            problems.append(Problem(name, None, where, f"{kind} {url!r} points to {shown}, which doesn't exist"
                                    + hint))
        elif target.suffix != ".ipynb" and allow and not (
                any(re.fullmatch(p, shown) for p in allow) and not any(re.fullmatch(p, shown) for p in deny)):
            fix = ("put images in assets/ (e.g. assets/img/), named with letters, digits, - and _, ending .svg, "
                   ".png, .jpg, .jpeg or .webp" if kind == "image" else
                   "from a lesson, link only to other lessons and to images and stylesheets in assets/")
            problems.append(Problem(name, None, where, f"{kind} {url!r} points to {shown}, which Voila won't "
                                    f"show learners: {fix}" + hint))
    return problems


# -- notebooks ----------------------------------------------------------------------------


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _stored_outputs(name: str, cells: list[dict[str, Any]]) -> list[Problem]:
    """One problem for a notebook saved after running (outputs or execution counts), at its first such cell."""
    ran = [i for i, c in enumerate(cells)
           if c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    if not ran:
        return []
    first = cells[ran[0]]
    field, what = ((f"cells[{ran[0]}].outputs", "has stored outputs") if first.get("outputs")
                   else (f"cells[{ran[0]}].execution_count", "is set (the cell was run)"))
    also = f" (and so do {len(ran) - 1} more cells: {', '.join(map(str, ran[1:]))})" if len(ran) > 1 else ""
    return [Problem(name, None, field, f"{what}{also}; clear them before committing "
                    "(in JupyterLab: Edit → Clear Outputs of All Cells, then save)")]


def _lesson_ids(root: Path, course: Course | None) -> list[str] | None:
    if course is None:
        try:
            course = load_course(root / COURSE_YAML)
        except ContentError:
            return None
    return [lesson.id for lesson in course.lessons]


def check_notebook(path: Path, lesson_id: str | None, title: str | None = None,
                   root: Path = COURSE_ROOT, course: Course | None = None) -> list[Problem]:
    """Problems in one notebook (an empty list when it is fine). ``lesson_id`` is set for a lesson
    in the course outline; a coach notebook (``lesson_id=None``) needs no header or finish."""
    name = display_path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(name, None, "", f"cannot be read ({error})")]
    except json.JSONDecodeError as error:
        return [Problem(name, error.lineno, "", f"is not a valid notebook (bad JSON: {error.msg})")]
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return [Problem(name, None, "cells", "is missing: this is not a notebook")]
    cells: list[dict[str, Any]] = [c if isinstance(c, dict) else {} for c in notebook["cells"]]
    lesson_ids = _lesson_ids(root, course)
    problems: list[Problem] = []
    if title is not None:
        found = notebook.get("metadata", {}).get("title")
        if found != page_title(title):
            problems.append(Problem(name, None, "metadata.title",
                                    f"is {found!r}; it should be {page_title(title)!r} to match "
                                    f"the lesson's title in {COURSE_YAML}"))
    problems.extend(_stored_outputs(name, cells))
    trees: list[tuple[int, ast.Module]] = []
    for index, cell in enumerate(cells):
        where = f"cells[{index}]"
        if cell.get("cell_type") == "markdown":
            problems.extend(_check_markdown(name, index, cell, path, root))
            continue
        if cell.get("cell_type") != "code":
            continue
        try:
            trees.append((index, _parse_code(_source(cell))))
        except SyntaxError as error:
            problems.append(Problem(name, None, where, f"is not valid Python (line {error.lineno}: {error.msg})"))
    aliases: dict[str, str] = {}
    for _, tree in trees:
        aliases.update(_widget_aliases(tree))
    calls: list[_Call] = []
    for index, tree in trees:
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and (node.func.value.id in aliases or node.func.value.id == "ff")):
                calls.append(_Call(index, node.func.value.id, node.func.attr, node))
    if any(c.alias == "ff" for c in calls) and "ff" not in aliases:
        first = next(c for c in calls if c.alias == "ff")
        problems.append(Problem(name, None, f"cells[{first.index}]", "calls ff.… but no cell has "
                                "`import widgets.lesson as ff`; put it back in the first cell"))
    offered: dict[str, list[str] | str] = {}
    for call in calls:
        module = aliases.get(call.alias, LESSON_MODULE)
        names = offered.setdefault(module, _module_names(module))
        if isinstance(names, str):
            problems.append(Problem(name, None, f"cells[{call.index}]", f"uses {module}, which can't be loaded "
                                    f"({names})"))
            offered[module] = []
            continue
        if names and call.function not in names:
            owner = "the course" if module == LESSON_MODULE else module
            problems.append(Problem(name, None, f"cells[{call.index}]",
                                    f"calls {call.alias}.{call.function}, which {owner} doesn't have "
                                    f"(known: {', '.join(names)})"))
        elif (misfit := call.misfit(module)) is not None:
            problems.append(Problem(name, None, f"cells[{call.index}]", f"{call.alias}.{call.function} is called "
                                    f"the wrong way: {misfit} (see {module.replace('.', '/')}.py)"))
        elif module == LESSON_MODULE:
            problems.extend(_check_lesson_call(name, call, root, lesson_ids))
    if lesson_id is not None:
        for function in ("header", "finish"):
            found = [c for c in calls if aliases.get(c.alias, LESSON_MODULE) == LESSON_MODULE
                     and c.function == function]
            if not found:
                problems.append(Problem(name, None, "cells",
                                        f"has no ff.{function}({lesson_id!r}) call; every lesson needs one"))
            for call in found:
                known_other = lesson_ids is None or (call.args and call.args[0] in lesson_ids)
                if call.args != [lesson_id] and known_other:
                    problems.append(Problem(name, None, f"cells[{call.index}]",
                                            f"calls {call} but this notebook is lesson {lesson_id!r}"))
    return sorted(problems, key=_cell_order)


def _cell_order(problem: Problem) -> int:
    """Problems in a notebook from top to bottom: metadata, each cell, then the notebook as a whole."""
    found = re.match(r"cells\[(\d+)\]", problem.field)
    return int(found.group(1)) if found else (-1 if problem.field.startswith("metadata") else 1 << 30)


# -- running notebooks --------------------------------------------------------------------


def run_notebook(path: Path, root: Path = COURSE_ROOT, *, timeout: int = 180) -> list[Problem]:
    """Execute a notebook headless, as Voila would, with a throwaway data folder (no learner's data
    is read or written) and errors raised rather than shown as a notice. Names the cell that fails."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    name = display_path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # unreadable notebooks are reported by check_notebook as well
        return [Problem(name, None, "", f"could not be run: it can't be read ({error})")]
    with tempfile.TemporaryDirectory(prefix="fail-forward-check-") as data:
        env = {**os.environ, "FAILFORWARD_DATA": data, "FAILFORWARD_STRICT": "1"}
        env.pop("VOILA_PREHEAT", None)
        if (root / "widgets" / "__init__.py").exists():  # a copy of the course runs its own widgets
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
        client = NotebookClient(notebook, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
        index = None
        try:
            # The kernel's own start-up chatter would bury the report; its errors reach us as messages.
            with client.setup_kernel(env=env, stderr=subprocess.DEVNULL):
                for index, cell in enumerate(notebook.cells):
                    if cell.cell_type == "code":
                        client.execute_cell(cell, index)
        except CellExecutionError as error:
            value = " ".join(str(error.evalue).split())
            value = value if len(value) <= 300 else value[:299] + "…"
            return [Problem(name, None, f"cells[{index}]", f"raised {error.ename} when run: {value}")]
        except CellTimeoutError:
            return [Problem(name, None, f"cells[{index}]", f"was still running after {timeout} seconds")]
        except DeadKernelError:
            return [Problem(name, None, f"cells[{index}]", "stopped Python (the kernel died) when run")]
        except Exception as error:
            return [Problem(name, None, "", f"could not be run ({type(error).__name__}: {error})")]
    return []


# -- the whole course ---------------------------------------------------------------------


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
    problems.extend(check_content_files(root))
    problems.extend(check_unknown_content(root, course))
    lessons_dir = root / "lessons"
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
