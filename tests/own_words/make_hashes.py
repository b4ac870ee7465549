"""One-way hashes of every 8-word run of the source texts, so the course's own-words test runs on any clone.

    .venv/bin/python tests/own_words/make_hashes.py          # from the project's root

The source texts are other people's writing and stay out of the repository (they live in
../shared/source-material/ on the machine the course is written on). This script reads them, when they
are there, and writes tests/own_words/source_runs.txt: one line per distinct run of 8 words, holding the
first 12 hex digits (48 bits) of SHA-256 of a fixed salt followed by the run's words, sorted. No source
text is written. tests/unit/test_own_words.py hashes the course's own 8-word runs the same way and fails
on any match.

Words are normalised exactly as ../shared/tools/overlap.py does it (re-implemented here, so nothing is
imported from ../shared): lower case, curly apostrophes read as straight ones, words are runs of letters
and digits with an optional 's-style ending. The same module extracts the course's learner-facing text the
way overlap.py does, for the test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

RUN_WORDS = 8
SALT = "fail-forward/own-words/v1"
DIGITS = 12  # 48 bits: ~15,000 course runs against ~8,300 source runs collide by chance ~1 in 2 million
ROOT = Path(__file__).resolve().parents[2]
HASH_FILE = Path(__file__).resolve().with_name("source_runs.txt")
SOURCES = ROOT.parent / "shared" / "source-material"
HEADER = (f"# SHA-256 of '{SALT}' + ' ' + each distinct {RUN_WORDS}-word run of the source texts, words joined "
          f"by single spaces; first {DIGITS} hex digits, sorted. Made by tests/own_words/make_hashes.py.")

# The same three rules as overlap.py: words, quotations (with italic titles) and allowed proverbs.
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
QUOTED = re.compile(r"\"[^\"\n]{1,600}\"|“[^”]{1,600}”|(?<![*\w])\*(?!\*)[^*\n]{1,300}(?<!\*)\*(?![*\w])"
                    r"|(?<!\w)_[^_\n]{1,300}_(?!\w)")
PROVERBS = ("one bite at a time",)


def words(text: str) -> list[str]:
    """The text's words, lower case, curly apostrophes made straight."""
    return WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))


def unquoted(text: str) -> str:
    """The text with quotations blanked out: quoted spans, italic titles and Markdown block quotes."""
    text = "\n".join("" if line.lstrip().startswith(">") else line for line in text.splitlines())
    return QUOTED.sub(" | ", text)


def run_hash(run: Iterable[str]) -> str:
    """The stored form of one run of words."""
    return hashlib.sha256(f"{SALT} {' '.join(run)}".encode()).hexdigest()[:DIGITS]


def source_hashes(sources: Path = SOURCES) -> list[str]:
    """Sorted hashes of every distinct run of RUN_WORDS words in the source texts."""
    found: set[str] = set()
    for path in sorted(sources.glob("*.txt")):
        w = words(path.read_text(encoding="utf-8"))
        found.update(run_hash(w[i:i + RUN_WORDS]) for i in range(len(w) - RUN_WORDS + 1))
    return sorted(found)


def read_hashes(path: Path = HASH_FILE) -> frozenset[str]:
    """The hashes in a file written by :func:`write_hashes` (notes starting with # are skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def write_hashes(hashes: list[str], path: Path = HASH_FILE) -> None:
    path.write_text("\n".join([HEADER, *hashes]) + "\n", encoding="utf-8")


def yaml_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) for every scalar value in a YAML file (mapping keys are not text), as overlap.py reads it."""
    out: list[tuple[int, str]] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            out.append((node.start_mark.line + 1, node.value))
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                walk(child)
        elif isinstance(node, yaml.MappingNode):
            for _key, value in node.value:
                walk(value)

    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return []
    if node is not None:
        walk(node)
    return out


def course_texts(root: Path = ROOT) -> list[tuple[str, str]]:
    """(where, text) for every learner-facing piece of prose: notebook Markdown cells and YAML strings."""
    found: list[tuple[str, str]] = []
    for nb_path in sorted((root / "lessons").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb_path.parts:
            continue
        cells = json.loads(nb_path.read_text(encoding="utf-8")).get("cells", [])
        for i, cell in enumerate(cells):
            if cell.get("cell_type") == "markdown":
                found.append((f"{nb_path.relative_to(root)} cell {i}", "".join(cell.get("source", ""))))
    for path in sorted((root / "assets" / "content").rglob("*.y*ml")):
        for line, text in yaml_strings(path):
            found.append((f"{path.relative_to(root)}:{line}", text))
    return found


def shared_runs(texts: Iterable[tuple[str, str]], hashes: frozenset[str]) -> Iterator[tuple[str, int, str]]:
    """(where, number of words, the words) for every run of RUN_WORDS or more words whose every
    RUN_WORDS-word stretch is among ``hashes``, outside quotations, as overlap.py finds them."""
    n = RUN_WORDS
    for where, text in texts:
        w = words(unquoted(text))
        i = 0
        while i <= len(w) - n:
            if run_hash(w[i:i + n]) in hashes:
                j = i + n
                while j < len(w) and run_hash(w[j - n + 1:j + 1]) in hashes:
                    j += 1
                run = " ".join(w[i:j])
                if not any(p in run for p in PROVERBS) or j - i > 10:
                    yield where, j - i, run
                i = j
            else:
                i += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="the source texts (../shared/source-material)")
    parser.add_argument("--out", type=Path, default=HASH_FILE, help="where to write the hashes")
    args = parser.parse_args()
    if not sorted(args.sources.glob("*.txt")):
        print(f"make_hashes: no source texts at {args.sources}; {args.out} left as it is", file=sys.stderr)
        return 2
    hashes = source_hashes(args.sources)
    write_hashes(hashes, args.out)
    print(f"{len(hashes)} runs of {RUN_WORDS} words hashed into {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
