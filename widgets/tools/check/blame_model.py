"""Lesson 3's second opinion on blame: its model file, checked.

``recovery.yaml``'s ``second_opinion.model`` names a JSON file of weights (made by
``python -m widgets.tools.train_blame``). The recovery rules' loader already refuses a missing file (at the line
that names it); this check reads the file itself and names the file and the field of anything wrong in it (format,
features, threshold, bias, weights), and warns when the labelled replies it was trained on have changed since, or a
new tune file has appeared: the model then doesn't know them yet, so train it again.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from widgets.core.content import ContentError, Problem, display_path
from widgets.rules.blame_model import TRAIN_COMMAND, load_model
from widgets.tools.check.content import CONTENT

RULES = CONTENT / "owning-mistakes" / "recovery.yaml"
CORPUS = Path("tests") / "corpora" / "recovery"


def model_path(root: Path) -> Path | None:
    """The model file the rules name, or None (no second opinion, or rules the content check will refuse)."""
    try:
        data = yaml.safe_load((root / RULES).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    opinion = data.get("second_opinion") if isinstance(data, dict) else None
    name = opinion.get("model") if isinstance(opinion, dict) else None
    return (root / RULES).parent / name if isinstance(name, str) and name else None


def check_blame_model(root: Path) -> list[Problem]:
    """Problems in the model file (file and field), and a warning when its training data has changed."""
    path = model_path(root)
    if path is None or not path.is_file():
        return []  # no second opinion, or the rules' loader says the file is missing
    try:
        load_model(path)
    except ContentError as error:
        return error.problems
    from widgets.tools.train_blame import digest, tune_files  # numpy comes with it: only when there is a model

    trained = json.loads(path.read_text(encoding="utf-8")).get("trained_on")
    corpus = root / CORPUS
    if not isinstance(trained, dict) or not corpus.is_dir():
        return []
    name = display_path(path)
    now = {(corpus / p.name).relative_to(root).as_posix(): p for p in tune_files(corpus)}
    changed = [key for key, p in now.items() if trained.get(key) != digest(p)]
    gone = [key for key in trained if key not in now]
    if not changed and not gone:
        return []
    parts = []
    new = [key for key in changed if key not in trained]
    edited = [key for key in changed if key in trained]
    if edited:
        parts.append(f"{', '.join(edited)} changed since it was trained")
    if new:
        parts.append(f"{', '.join(new)} is new")
    if gone:
        parts.append(f"{', '.join(gone)} is gone")
    return [Problem(name, None, "trained_on", f"{'; '.join(parts)}: the model doesn't know those replies yet. Run "
                                              f"`{TRAIN_COMMAND}` to train it again", warning=True)]
