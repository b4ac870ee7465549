"""Two dollar signs in one paragraph: Voila typesets the text between them as a formula.

The page runs MathJax over the lessons' Markdown and over the text widgets show as a label (a question above
its options, a decision case's situation), so "a $120 order … the difference is $18" comes out as "120" and
a run of italic letters. A backslash doesn't help in Markdown (it is gone before MathJax looks), and
paragraphs (and list items) are typeset one at a time, so the rule is simple: one ``$`` per paragraph of a
lesson, one per text of a content file. The check warns about any other.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from widgets.core.content import Problem, compose_yaml, display_path, text_scalars

_SIGN = re.compile(r"(?<!\\)\$")

ADVICE = ("Voila shows the words between two $ signs as a formula. Keep one $ per paragraph: write the other "
          "amount as, say, '18 dollars', or put it in a paragraph of its own")


def signs(text: str) -> int:
    """How many unescaped dollar signs ``text`` has."""
    return len(_SIGN.findall(text))


def _quote(text: str) -> str:
    first = _SIGN.search(text)
    start = max(0, first.start() - 20) if first else 0
    if start:  # from the start of a word
        start = text.rfind(" ", 0, start) + 1
    snippet = " ".join(text[start:start + 60].split())
    return snippet + "…" if len(text) > start + 60 else snippet


def content_warnings(path: Path) -> list[Problem]:
    """Every text in a content file with more than one dollar sign."""
    try:
        root = compose_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # reported by the file's loader
    return [Problem(display_path(path), node.start_mark.line + 1, where,
                    f"has {signs(node.value)} dollar signs (“{_quote(node.value)}”). {ADVICE}", warning=True)
            for where, node in text_scalars(root) if signs(node.value) > 1]


def markdown_warnings(path: Path) -> list[Problem]:
    """Every paragraph of a notebook's Markdown cells with more than one dollar sign."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []  # reported by the notebook check
    found: list[Problem] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        # A paragraph, or one item of a list: HTML elements of their own, which MathJax reads one at a time.
        for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)", source):
            if signs(paragraph) > 1:
                found.append(Problem(display_path(path), None, f"cells[{index}]",
                                     f"a paragraph has {signs(paragraph)} dollar signs (“{_quote(paragraph)}”). "
                                     f"{ADVICE}", warning=True))
    return found


def dollar_warnings(root: Path) -> list[Problem]:
    """Content files and lessons with a dollar-sign pair."""
    found: list[Problem] = []
    for path in sorted((root / "assets" / "content").rglob("*.yaml")):
        if not any(part.startswith(".") for part in path.parts):
            found.extend(content_warnings(path))
    for path in sorted((root / "lessons").glob("*.ipynb")):
        found.extend(markdown_warnings(path))
    return found
