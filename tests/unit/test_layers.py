"""The package's layers, checked: who may import whom, no cycles, HTML only through markup.

    core  <  rules  <  store  <  look  <  exercises  <  coach  <  tools  <  lesson (the ff.* calls)

A module may import its own layer and the layers below it. ``core``, ``rules`` and
``store`` never import ipywidgets. No two modules import each other, directly or
round a longer loop. Imports inside functions count too (they are how lessons load
only what they show, and they would hide a loop).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "widgets"
LAYERS = ("core", "rules", "store", "look", "exercises", "coach", "tools", "lesson")
PURE = ("core", "rules", "store")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][\w-]*(?=[\s/>'\"]|$)")


def modules(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name (``widgets.rules.inbox``)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def layer(module: str) -> str:
    """``widgets.rules.inbox`` → ``rules``; ``widgets.lesson`` → ``lesson``; the package itself → ``core``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "core"


def imports(path: Path, package: str) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in a file, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                yield node.lineno, f"relative import .{node.module}"
                continue
            yield node.lineno, node.module
            for alias in node.names:  # `from widgets.rules import inbox` imports the module widgets.rules.inbox
                yield node.lineno, f"{node.module}.{alias.name}"


def problems(package: Path) -> list[str]:
    """Everything wrong with the package's layering, one sentence each."""
    known = modules(package)
    name = package.name
    found: list[str] = []
    graph: dict[str, set[str]] = {module: set() for module in known}
    for module, path in known.items():
        where = path.relative_to(package.parent)
        for line, target in imports(path, name):
            if target.startswith("relative import"):
                found.append(f"{where}:{line}: {target}: import by the module's full name instead")
                continue
            if layer(module) in PURE and (target == "ipywidgets" or target.startswith("ipywidgets.")):
                found.append(f"{where}:{line}: {layer(module)} must not import ipywidgets")
            if target not in known or target == module or not target.startswith(name + "."):
                continue
            graph[module].add(target)
            low, high = layer(module), layer(target)
            if LAYERS.index(high) > LAYERS.index(low):
                found.append(f"{where}:{line}: {low} imports {target}, from the higher layer {high}")
    found += [f"these modules import each other: {' → '.join(loop)}" for loop in cycles(graph)]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import loops: each strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def unsafe_html(package: Path) -> list[str]:
    """f-strings that build tags, and markup made from anything but a literal (outside core/markup.py)."""
    found = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if TAG.search(literal) and any(isinstance(v, ast.FormattedValue) for v in node.values):
                    found.append(f"{where}:{node.lineno}: an f-string builds HTML; use core.markup.html()")
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Markup" and path.name != "markup.py"
                    and node.args and not isinstance(node.args[0], ast.Constant)):
                found.append(f"{where}:{node.lineno}: Markup() of a value that isn't a literal; use html() or esc()")
    return found


def test_the_package_keeps_its_layers_and_has_no_import_loops() -> None:
    assert problems(PACKAGE) == []


def test_html_is_built_only_through_markup() -> None:
    assert unsafe_html(PACKAGE) == []


def test_every_layer_is_a_folder_and_every_module_sits_in_one() -> None:
    for name in LAYERS[:-1]:
        assert (PACKAGE / name / "__init__.py").is_file(), name
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "lesson.py"))
    assert loose == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / "pkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.mark.parametrize(("files", "expected"), [
    ({"core/a.py": "import ipywidgets\n"}, "core must not import ipywidgets"),
    ({"store/a.py": "def f():\n    from ipywidgets import HTML\n"}, "store must not import ipywidgets"),
    ({"rules/a.py": "from pkg.look import ui\n", "look/ui.py": ""},
     "rules imports pkg.look.ui, from the higher layer look"),
    ({"look/a.py": "from pkg.look.b import x\n", "look/b.py": "def g():\n    from pkg.look.a import y\n"},
     "these modules import each other: pkg.look.a → pkg.look.b"),
    ({"rules/a.py": "from .b import x\n"}, "relative import"),
])
def test_the_layer_check_catches_each_kind_of_mistake(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    package = _write(tmp_path, {"__init__.py": "", **{f"{d}/__init__.py": "" for d in LAYERS[:-1]}, **files})
    assert any(expected in problem for problem in problems(package)), problems(package)


def test_the_html_check_catches_tags_built_in_f_strings(tmp_path: Path) -> None:
    package = _write(tmp_path, {"look/a.py": "def f(name):\n    return f\"<b>{name}</b>\"\n",
                                "look/b.py": "from markupsafe import Markup\ndef g(x):\n    return Markup(x)\n",
                                "look/c.py": "def h(n):\n    return f\"{n} < 3\"\n"})
    found = unsafe_html(package)
    assert len(found) == 2 and "a.py:2" in found[0] and "b.py:3" in found[1]
