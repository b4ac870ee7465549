"""The course's own words: no run of 8 words that it shares with the source texts outside quotation marks.

The sources stay out of the repository; tests/own_words/source_runs.txt holds one-way hashes of their 8-word
runs (tests/own_words/make_hashes.py remakes it from ../shared/source-material/). The course's text is read
as ../shared/tools/overlap.py reads it: the Markdown cells of every notebook under lessons/ and every YAML
string under assets/content/, without quotations, block quotes or italic titles. Where ../shared is there,
the tests below also prove that the hash file is current and that this check finds what overlap.py finds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.own_words.make_hashes import (
    DIGITS,
    HASH_FILE,
    ROOT,
    RUN_WORDS,
    SOURCES,
    course_texts,
    read_hashes,
    run_hash,
    shared_runs,
    source_hashes,
    words,
)

HASHES = read_hashes()
OVERLAP = ROOT.parent / "shared" / "tools" / "overlap.py"
with_sources = pytest.mark.skipif(not OVERLAP.is_file() or not SOURCES.is_dir(),
                                  reason="needs ../shared/tools/overlap.py and ../shared/source-material/")
# Written for these tests, and so in the course's own words: it stands in for a source sentence.
STAND_IN = "the glaze on this mug crazed before it ever left our kiln in the spring"
Hit = tuple[str, int, str]


def report(hits: list[Hit]) -> str:
    return "\n".join(f"{where}: {count} words: “{run}”" for where, count, run in hits)


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(ROOT / "lessons", root / "lessons", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "assets" / "content", root / "assets" / "content")
    return root


def add_to_first_text_cell(root: Path, lesson: str, paragraphs: list[str]) -> str:
    """Append paragraphs to a lesson's first Markdown cell; return its 'where', as the checkers name it."""
    path = root / "lessons" / lesson
    notebook = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, cell in enumerate(notebook["cells"]) if cell["cell_type"] == "markdown")
    cell = notebook["cells"][index]
    cell["source"] = "".join(cell["source"]) + "".join(f"\n\n{p}" for p in paragraphs)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
    return f"lessons/{lesson} cell {index}"


def add_to_reframing_intro(root: Path, sentence: str) -> None:
    path = root / "assets/content/team/reframing.yaml"
    text = path.read_text(encoding="utf-8")
    assert "intro: >-\n  When something goes wrong," in text
    path.write_text(text.replace("intro: >-\n  When something goes wrong,",
                                 f"intro: >-\n  {sentence}. When something goes wrong,"), encoding="utf-8")


def hashes_of(text: str) -> frozenset[str]:
    w = words(text)
    return frozenset(run_hash(w[i:i + RUN_WORDS]) for i in range(len(w) - RUN_WORDS + 1))


def test_the_course_shares_no_8_word_run_with_the_sources() -> None:
    hits = list(shared_runs(course_texts(), HASHES))
    assert not hits, ("The course shares these runs of words with its source texts, outside quotation marks. "
                      "Rewrite each in the course's own words, or quote the exact words and say who said them:\n"
                      + report(hits))


def test_the_hash_file_is_small_and_holds_only_hashes() -> None:
    assert HASH_FILE.stat().st_size < 200_000
    assert len(HASHES) > 5_000  # the five sources hold over 8,000 runs; a nearly empty file would prove nothing
    assert all(re.fullmatch(rf"[0-9a-f]{{{DIGITS}}}", line) for line in HASHES)


def test_a_planted_run_is_found_in_a_lesson_and_in_a_content_file(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    hashes = hashes_of(STAND_IN)
    where = add_to_first_text_cell(root, "03_owning_mistakes.ipynb", [
        f"Ahead of the lesson, {STAND_IN}.",
        f"Quoted, it doesn't count: “{STAND_IN}”, and nor does \"{STAND_IN}\".",
        f"A title in italics doesn't either: *{STAND_IN}*.",
        f"> {STAND_IN}",
    ])
    add_to_reframing_intro(root, STAND_IN.capitalize())
    hits = list(shared_runs(course_texts(root), hashes))
    count = len(words(STAND_IN))
    assert [(w, n, r) for w, n, r in hits if not w.startswith("assets/")] == [(where, count, STAND_IN)]
    assert [(w.split(":")[0], n, r) for w, n, r in hits if w.startswith("assets/")] == [
        ("assets/content/team/reframing.yaml", count, STAND_IN)]


def test_a_short_run_inside_the_proverb_is_allowed_and_a_long_one_is_not(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    proverb = "we ate the elephant one bite at a time all"  # 10 words around the proverb: allowed
    longer = "so we ate the whole elephant one bite at a time over the year"  # 14 words: reported
    assert len(words(proverb)) == 10 and len(words(longer)) == 14
    where = add_to_first_text_cell(root, "04_leading_your_team.ipynb", [proverb + ".", longer + "."])
    hits = list(shared_runs(course_texts(root), hashes_of(proverb) | hashes_of(longer)))
    assert hits == [(where, 14, longer)]


@with_sources
def test_the_hash_file_matches_the_sources() -> None:
    assert source_hashes() == sorted(HASHES), "run `.venv/bin/python tests/own_words/make_hashes.py`"


def source_runs() -> dict[str, str]:
    """Runs of real source words, read here from ../shared so that none is written in the repository."""
    elephant = words((SOURCES / "eat-the-elephant-tell-the-truth.txt").read_text(encoding="utf-8"))
    mistakes = words((SOURCES / "own-your-mistakes.txt").read_text(encoding="utf-8"))
    podcast = words((SOURCES / "inversion-thinking-podcast.txt").read_text(encoding="utf-8"))
    bite = next(i for i in range(len(elephant)) if elephant[i:i + 4] == ["one", "bite", "at", "a"])
    return {"plain": " ".join(mistakes[40:52]), "yaml": " ".join(podcast[300:309]),
            "quoted": " ".join(mistakes[100:112]), "italic": " ".join(podcast[500:512]),
            "proverb": " ".join(elephant[bite - 3:bite + 6]), "proverb-long": " ".join(elephant[bite - 6:bite + 8])}


@with_sources
def test_a_real_source_run_planted_in_a_copy_is_caught(tmp_path: Path) -> None:
    runs = source_runs()
    root = course_copy(tmp_path)
    where = add_to_first_text_cell(root, "02_response_time.ipynb", [runs["plain"] + "."])
    hits = list(shared_runs(course_texts(root), HASHES))
    assert [(w, n) for w, n, r in hits if runs["plain"] in r] == [(where, 12)], report(hits)


def overlap_py(root: Path) -> list[Hit]:
    """What ../shared/tools/overlap.py reports for a course at ``root``, parsed."""
    done = subprocess.run([sys.executable, str(OVERLAP), "--root", str(root), "--sources", str(SOURCES)],
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    assert lines and lines[-1].endswith("outside quotation marks"), done.stdout
    hits = []
    for line in lines[:-1]:
        found = re.fullmatch(r"(.+?): (\d+) words shared with \S+: “(.*)”", line)
        assert found, line
        hits.append((found[1], int(found[2]), found[3]))
    return hits


@with_sources
def test_it_agrees_with_overlap_py_on_the_real_course() -> None:
    assert list(shared_runs(course_texts(), HASHES)) == overlap_py(ROOT)


@with_sources
def test_it_agrees_with_overlap_py_on_a_copy_with_planted_runs(tmp_path: Path) -> None:
    runs = source_runs()
    root = course_copy(tmp_path)
    add_to_first_text_cell(root, "01_inversion_thinking.ipynb", [
        f"Plain: {runs['plain']}.", f"Quoted: “{runs['quoted']}”.", f"Italic: *{runs['italic']}*.",
        f"> {runs['quoted']}", f"Short proverb: {runs['proverb']}.", f"Long proverb: {runs['proverb-long']}."])
    add_to_reframing_intro(root, runs["yaml"].capitalize())
    ours = list(shared_runs(course_texts(root), HASHES))
    assert ours == overlap_py(root)
    found = " | ".join(run for _where, _count, run in ours)
    assert runs["plain"] in found and runs["yaml"] in found and runs["proverb-long"] in found
    assert runs["quoted"] not in found and runs["italic"] not in found
