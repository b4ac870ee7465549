"""Checks of the lesson and coach notebooks: no stored outputs, valid code calling only ``ff.*``
functions that exist with lessons and content that exist, and Markdown links and images that work."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from widgets.core.content import COURSE_ROOT, ContentError, Problem, display_path
from widgets.core.course import Course, load_course
from widgets.tools.check.content import CONTENT, COURSE_YAML, relative

LESSONS_DIR = COURSE_ROOT / "lessons"


COACH_DIR = "coach"  # lessons/coach/*.ipynb: coach notebooks, not lessons


# ff calls whose first argument is a lesson id, and the content file in that lesson's folder they need.
LESSON_CALLS = {"header": None, "finish": None, "checkin": "checkins.yaml", "scenario": "scenario.yaml",
                "decisions": "decisions.yaml", "recall": "recall.yaml", "go_deeper": "go-deeper.yaml",
                "passage": "solo.yaml"}

# ... and of those, the ones whose second argument names an item of that file: (what it is, how to list them).
SECOND_ARGS = {"checkin": "check-in", "recall": "recall question", "go_deeper": "go-deeper part",
               "passage": "passage"}
EXAMPLES = {"checkin": '"team", "bring-the-lead"', "recall": '"team", "over-the-limit"',
            "go_deeper": '"response-time", "your-inbox"', "passage": '"team", "who-is-in-the-room"'}


LESSON_MODULE = "widgets.lesson"


def page_title(lesson_title: str) -> str:
    """The browser tab's title for a lesson (Voila takes it from the notebook's metadata)."""
    return f"{lesson_title} · Fail Forward"


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
            signature.bind(*range(positional), **{str(name): None for name in keywords})
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
    wanted = 2 if call.function in SECOND_ARGS else 1
    if len(call.args) != wanted or not call.all_literal:
        what, like = ((f"a lesson id and a {SECOND_ARGS[call.function].split()[-1]} id", EXAMPLES[call.function])
                      if wanted == 2 else ("a lesson id", '"team"'))
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
        return [Problem(name, None, where, f"{call} needs {relative(path, root)}, which doesn't exist")]
    if call.function in SECOND_ARGS:
        try:
            known = _items(call.function, path)
        except ContentError:
            return []  # reported once, with the content file's own problems
        if call.args[1] not in known:
            return [Problem(name, None, where, f"asks for {SECOND_ARGS[call.function]} {call.args[1]!r}, which is "
                            f"not in {relative(path, root)} (known: {', '.join(known) or 'none'})")]
    return []


def _items(function: str, path: Path) -> list[str]:
    """The ids a content file offers the second argument of ``function``."""
    if function == "checkin":
        from widgets.rules.checkin import load_questions
        return list(load_questions(path))
    if function == "recall":
        from widgets.rules.recall import load_recall
        return list(load_recall(path))
    if function == "go_deeper":
        from widgets.rules.deeper import load_deeper
        return list(load_deeper(path))
    from widgets.rules.solo import load_solo
    return list(load_solo(path).passages)


GO_DEEPER_CALL = r"ff\.go_deeper\(\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']"


def unshown_parts(root: Path, notebooks: Iterable[Path]) -> list[Problem]:
    """Go-deeper parts no lesson shows: their exercise (and, for decision cases, the cases) would never appear."""
    from widgets.rules.deeper import DEEPER_FILE, load_deeper

    shown: set[tuple[str, str]] = set()
    for path in notebooks:
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError, AttributeError):
            continue
        for cell in cells:
            if isinstance(cell, dict) and cell.get("cell_type") == "code":
                shown.update(re.findall(GO_DEEPER_CALL, _source(cell)))
    found: list[Problem] = []
    for path in sorted((root / CONTENT).glob(f"*/{DEEPER_FILE}")):
        try:
            parts = load_deeper(path)
        except ContentError:
            continue
        for index, (part_id, part) in enumerate(parts.items()):
            if (part.lesson, part_id) not in shown:
                cases = f" (so its cases {', '.join(part.cases)} never appear)" if part.cases else ""
                found.append(Problem(relative(path, root), None, f"parts[{index}]",
                                     f"{part_id!r} is not shown in any lesson{cases}: add "
                                     f"ff.go_deeper({part.lesson!r}, {part_id!r}) to the lesson", warning=True))
    return found


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
            children = token.get("children")
            walk(children if isinstance(children, list) else [])

    tree = mistune.create_markdown(renderer="ast")(source)
    walk(tree if isinstance(tree, list) else [])
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
        shown = relative(target, root)
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


def outline_ids(root: Path, course: Course | None) -> list[str] | None:
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
    lesson_ids = outline_ids(root, course)
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
        problems.extend(_header_first_finish_last(name, cells, calls, aliases))
    return sorted(problems, key=cell_order)


PLACES = {"header": ("first", "the page keeps the header's room while it loads, at the top"),
          "finish": ("last", "the lesson's exercises are built once it has run")}


def _header_first_finish_last(name: str, cells: list[dict[str, Any]], calls: list[_Call],
                              aliases: dict[str, str]) -> list[Problem]:
    """ff.header belongs in a lesson's first code cell and ff.finish in its last."""
    code = [i for i, cell in enumerate(cells) if cell.get("cell_type") == "code"]
    if not code:
        return []
    problems = []
    for function, (place, why) in PLACES.items():
        wanted = code[0] if place == "first" else code[-1]
        for call in calls:
            if (aliases.get(call.alias, LESSON_MODULE) == LESSON_MODULE and call.function == function
                    and call.index != wanted):
                problems.append(Problem(name, None, f"cells[{call.index}]",
                                        f"ff.{function} must be in the lesson's {place} code cell: {why}"))
    return problems


def cell_order(problem: Problem) -> int:
    """Problems in a notebook from top to bottom: metadata, each cell, then the notebook as a whole."""
    found = re.match(r"cells\[(\d+)\]", problem.field)
    return int(found.group(1)) if found else (-1 if problem.field.startswith("metadata") else 1 << 30)
