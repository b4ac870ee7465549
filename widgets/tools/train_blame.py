"""Train lesson 3's second opinion on blame from the hand-labelled replies, and write its model file.

    .venv/bin/python -m widgets.tools.train_blame            # train, cross-validate, write the model file
    .venv/bin/python -m widgets.tools.train_blame --dry-run  # the same, without writing

It reads every ``tests/corpora/recovery/tune*.yaml`` (never a held-out file) and learns, sentence by sentence,
what blame reads like. The labels are per reply (``no-blame: false`` when the reply puts the cause on someone or
something else), so the sentences are labelled like this:

- every sentence of a reply labelled blame-free is blame-free;
- in a reply labelled as blaming, a sentence the checklist's own flags mark as blame is blame; its other
  sentences aren't used on their own (they may or may not blame);
- a reply labelled as blaming in which no flag marks anything still teaches the model: at least one of its
  sentences must be blame (the "noisy-or" of its sentences), so a coach's new reply in a wording the flags miss
  is exactly the kind that helps.

A logistic regression over the features of :mod:`widgets.rules.blame_model` (words, word pairs, four-letter
pieces of words), with an L2 penalty, is fitted by L-BFGS in numpy (only here, offline: the lesson scores with
plain Python). The penalty and the threshold are chosen by cross-validation on the tune files, by reply (10
folds, repeated 3 times with different shuffles, a reply's score being its most blaming sentence's):

- the penalty with the best area under the ROC curve when each tune file is read by a model trained on the
  others (the files were written apart, so that is how well it reads new wordings; with one file, by fold);
- the threshold, from 0.50 to 0.95, with the best agreement with the labels among those that would wrongly flag
  at most 5% of the blame-free replies (a tie goes to the higher threshold).

The figures are printed and kept in the file (``training``). Re-run it after adding labelled replies to a tune
file, then run ``fail-forward check`` and ``benchmarks/feedback_quality.py --split tune``.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from widgets.core.content import COURSE_ROOT, display_path
from widgets.rules.blame_model import FEATURES, FORMAT, TRAIN_COMMAND, features
from widgets.rules.recovery import RecoveryRules, load_rules, prepare, review, rules_file, sentence_spans

CORPUS_DIR = COURSE_ROOT / "tests" / "corpora" / "recovery"
PENALTIES = (0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))
MAX_FALSE_ALARMS = 0.05
FOLDS = 10
REPEATS = 3
PRUNE = 0.02  # weights smaller than this are left out of the file (cross-validation: no change)
POINT = "no-blame"


@dataclass
class Reply:
    """One labelled reply, cut into sentences: the features of each, and the sentences known to blame or not."""

    id: str
    source: str  # the file it is in
    blames: bool
    sentences: list[frozenset[str]]
    labels: list[int | None]  # 1 blame, 0 blame-free, None not known on its own


def tune_files(folder: Path = CORPUS_DIR) -> list[Path]:
    """tune.yaml, tune-2.yaml, … (held-out files are never read)."""
    def order(path: Path) -> int:
        number = path.stem.partition("-")[2]
        return int(number) if number.isdigit() else 1
    found = [p for p in folder.glob("tune*.yaml") if p.stem == "tune" or p.stem.partition("-")[2].isdigit()]
    return sorted(found, key=order)


def read_replies(paths: Sequence[Path], rules: RecoveryRules) -> list[Reply]:
    """Every reply of the files, its sentences labelled as the module docstring says (by the flags alone)."""
    flags_only = dataclasses.replace(rules, second_opinion=None)
    replies = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["replies"]:
            blames = not entry["labels"][POINT]
            text = prepare(entry["text"])
            spans = sentence_spans(text)
            marked: list[tuple[int, int]] = []
            if blames:
                result = review(entry["text"], flags_only)
                against = {n.number for n in result.notes if POINT in n.checks}
                marked = [(m.start, m.end) for m in result.marks if set(m.notes) & against]
            labels: list[int | None] = []
            for start, end in spans:
                if not blames:
                    labels.append(0)
                else:
                    labels.append(1 if any(s < end and start < e for s, e in marked) else None)
            sentences = [frozenset(features(text[s:e])) for s, e in spans]
            replies.append(Reply(str(entry["id"]), path.name, blames, sentences, labels))
    return replies


# -- the fit -------------------------------------------------------------------------------------------------------


def _lbfgs(objective: Callable[[np.ndarray], tuple[float, np.ndarray]], w: np.ndarray, iterations: int = 400,
           memory: int = 10) -> np.ndarray:
    """Minimise a smooth convex function (limited-memory BFGS, with a backtracking line search)."""
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    f, g = objective(w)
    for _ in range(iterations):
        q = g.copy()
        alphas = []
        for s, y in reversed(steps):
            a = float(s @ q) / float(y @ s)
            alphas.append(a)
            q -= a * y
        if steps:
            s, y = steps[-1]
            q *= float(s @ y) / float(y @ y)
        for (s, y), a in zip(steps, reversed(alphas), strict=True):
            q += s * (a - float(y @ q) / float(y @ s))
        direction = -q
        slope = float(g @ direction)
        if slope >= 0:  # not a descent direction: start the memory afresh
            steps, direction, slope = [], -g, -float(g @ g)
        step = 1.0
        while True:
            w_new = w + step * direction
            f_new, g_new = objective(w_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step /= 2
        s, y = w_new - w, g_new - g
        if float(s @ y) > 1e-10:
            steps = [*steps, (s, y)][-memory:]
        done = abs(f - f_new) <= 1e-8 * max(1.0, abs(f))
        w, f, g = w_new, f_new, g_new
        if done:
            break
    return w


@dataclass
class Fitted:
    """Weights by feature, and the bias."""

    weights: dict[str, float]
    bias: float

    def score(self, sentence: frozenset[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in sentence)
        return float(1 / (1 + np.exp(-np.clip(z, -30, 30))))

    def reply_score(self, reply: Reply) -> float:
        return max((self.score(s) for s in reply.sentences), default=0.0)


def fit(replies: Sequence[Reply], penalty: float) -> Fitted:
    """Logistic regression on the labelled sentences, plus a noisy-or for blaming replies with none labelled. The
    bias is penalised like every weight: a sentence then needs features that point to blame, not merely many
    features (with a free bias, a model trained on tune.yaml read tune-2.yaml at an area under the ROC curve of
    0.88, against 0.93)."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    labelled: list[int] = []  # sentence rows with a label
    y: list[float] = []
    groups: list[int] = []  # for each row of an unlabelled blaming reply, its group number (else -1)
    n_groups = 0
    row = 0
    for reply in replies:
        grouped = reply.blames and not any(label == 1 for label in reply.labels)
        for sentence, label in zip(reply.sentences, reply.labels, strict=True):
            if label is None and not grouped:
                continue
            for f in sentence:
                cols.append(index.setdefault(f, len(index)))
                rows.append(row)
            if grouped:
                groups.append(n_groups)
            else:
                groups.append(-1)
                labelled.append(row)
                y.append(float(label or 0))
            row += 1
        n_groups += grouped
    n, dim = row, len(index) + 1  # the last weight is the bias
    rows_a = np.array(rows + list(range(n)), dtype=np.int64)
    cols_a = np.array(cols + [dim - 1] * n, dtype=np.int64)
    lab = np.array(labelled, dtype=np.int64)
    y_a = np.array(y)
    group = np.array(groups, dtype=np.int64)
    in_group = group >= 0

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = np.clip(np.bincount(rows_a, weights=w[cols_a], minlength=n), -30, 30)
        p = 1 / (1 + np.exp(-z))
        dz = np.zeros(n)
        zl, pl = z[lab], p[lab]
        loss = float(np.sum(np.logaddexp(0, zl) - y_a * zl))
        dz[lab] = pl - y_a
        if in_group.any():
            g_rows = np.flatnonzero(in_group)
            log_clear = np.bincount(group[g_rows], weights=-np.logaddexp(0, z[g_rows]), minlength=n_groups)
            clear = np.exp(log_clear)  # the chance that none of the reply's sentences blames
            loss -= float(np.sum(np.log(1 - clear + 1e-12)))
            share = clear[group[g_rows]]
            dz[g_rows] = -share * p[g_rows] / (1 - share + 1e-12)
        loss += 0.5 * penalty * float(w @ w)
        grad = np.bincount(cols_a, weights=dz[rows_a], minlength=dim) + penalty * w
        return loss, grad

    w = _lbfgs(objective, np.zeros(dim))
    names = list(index)
    return Fitted({names[j]: float(w[j]) for j in range(dim - 1)}, float(w[-1]))


# -- cross-validation ----------------------------------------------------------------------------------------------


def folds(replies: Sequence[Reply], k: int, seed: int) -> list[int]:
    """A fold number for each reply, blaming and blame-free replies spread evenly."""
    rng = np.random.default_rng(seed)
    fold = [0] * len(replies)
    for kind in (True, False):
        members = [i for i, r in enumerate(replies) if r.blames is kind]
        for j, i in enumerate(rng.permutation(members)):
            fold[int(i)] = j % k
    return fold


def out_of_fold(replies: Sequence[Reply], penalty: float, k: int = FOLDS, repeats: int = REPEATS) -> list[list[float]]:
    """Each reply's score by a model that never saw it, once per repeat."""
    runs = []
    for seed in range(repeats):
        fold = folds(replies, k, seed)
        scores = [0.0] * len(replies)
        for f in range(k):
            model = fit([r for r, ff in zip(replies, fold, strict=True) if ff != f], penalty)
            for i in (i for i, ff in enumerate(fold) if ff == f):
                scores[i] = model.reply_score(replies[i])
        runs.append(scores)
    return runs


def auc(scores: Sequence[float], blames: Sequence[bool]) -> float:
    """The chance that a blaming reply scores above a blame-free one."""
    pos = sorted(s for s, b in zip(scores, blames, strict=True) if b)
    neg = sorted(s for s, b in zip(scores, blames, strict=True) if not b)
    wins = sum(float(np.searchsorted(neg, p, side="left")) + 0.5 * float(
        np.searchsorted(neg, p, side="right") - np.searchsorted(neg, p, side="left")) for p in pos)
    return wins / (len(pos) * len(neg))


def at_threshold(runs: Sequence[Sequence[float]], blames: Sequence[bool], t: float) -> dict[str, float]:
    """Agreement, recall, precision and false-alarm rate of the model alone at threshold t, averaged over runs."""
    def mean(values: list[float]) -> float:
        return float(np.mean(values))
    said = [[s >= t for s in run] for run in runs]
    hits = [sum(a and b for a, b in zip(run, blames, strict=True)) for run in said]
    flagged = [sum(run) for run in said]
    return {"threshold": t,
            "agreement": mean([sum(a == b for a, b in zip(run, blames, strict=True)) / len(blames) for run in said]),
            "recall": mean([h / sum(blames) for h in hits]),
            "precision": mean([h / f if f else 1.0 for h, f in zip(hits, flagged, strict=True)]),
            "false_alarms": mean([sum(a and not b for a, b in zip(run, blames, strict=True))
                                  / (len(blames) - sum(blames)) for run in said])}


def by_file(replies: Sequence[Reply], penalty: float) -> dict[str, float]:
    """For each tune file, the area under the ROC curve of a model trained on the other files: the files were
    written apart, so this is how well the model reads wordings it has never seen. Empty with one file."""
    files = list(dict.fromkeys(r.source for r in replies))
    areas = {}
    for name in files if len(files) > 1 else []:
        model = fit([r for r in replies if r.source != name], penalty)
        test = [r for r in replies if r.source == name]
        areas[name] = auc([model.reply_score(r) for r in test], [r.blames for r in test])
    return areas


def choose(replies: Sequence[Reply], out: Callable[[str], None] = print) -> tuple[float, dict[str, Any]]:
    """The penalty and the threshold, by cross-validation; returns the penalty and what was measured."""
    blames = [r.blames for r in replies]
    tried = []
    for penalty in PENALTIES:
        runs = out_of_fold(replies, penalty)
        area = float(np.mean([auc(run, blames) for run in runs]))
        files = by_file(replies, penalty)
        apart = float(np.mean(list(files.values()))) if files else area
        tried.append((apart, penalty, runs, area, files))
        each = "; ".join(f"{name} read by a model trained on the others {a:.3f}" for name, a in files.items())
        out(f"  L2 penalty {penalty:g}: area under the ROC curve {area:.3f} by reply, out of fold"
            + (f"; {each}" if each else ""))
    apart, penalty, runs, area, files = max(tried, key=lambda t: (round(t[0], 3), t[1]))
    table = [at_threshold(runs, blames, t) for t in THRESHOLDS]
    allowed = [row for row in table if row["false_alarms"] <= MAX_FALSE_ALARMS] or table[-1:]
    best = max(allowed, key=lambda row: (round(row["agreement"], 4), row["threshold"]))
    out(f"  chosen: L2 {penalty:g}; by threshold (the model alone, by reply):")
    out("  threshold  agreement  recall  precision  false alarms")
    for row in table:
        mark = "  <- chosen" if row is best else ""
        out(f"  {row['threshold']:9.2f}  {row['agreement']:9.1%}  {row['recall']:6.1%}  {row['precision']:9.1%}  "
            f"{row['false_alarms']:12.1%}{mark}")
    return penalty, {"penalty": penalty, "area_under_roc": round(area, 4),
                     "area_under_roc_file_by_file": {k: round(v, 4) for k, v in files.items()},
                     "folds": FOLDS, "repeats": REPEATS,
                     "max_false_alarms": MAX_FALSE_ALARMS,
                     "chosen": {k: round(v, 4) for k, v in best.items()},
                     "by_threshold": [{k: round(v, 4) for k, v in row.items()} for row in table]}


def model_file(rules_path: Path | None = None) -> Path:
    """Where the rules file's second opinion keeps its model (``second_opinion.model``), or blame-model.json."""
    path = rules_path or rules_file()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = (data.get("second_opinion") or {}).get("model", "blame-model.json")
    return path.parent / str(name)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(paths: Sequence[Path], rules: RecoveryRules, out: Callable[[str], None] = print,
          cross_validate: bool = True, penalty: float = 1.0, threshold: float = 0.5) -> dict[str, Any]:
    """The model file's contents, trained on ``paths``."""
    replies = read_replies(paths, rules)
    sentences = [label for r in replies for label in r.labels]
    unmarked = sum(r.blames and 1 not in r.labels for r in replies)
    out(f"{len(replies)} replies ({sum(r.blames for r in replies)} blaming) from "
        f"{', '.join(display_path(p) for p in paths)}; sentences: {sentences.count(1)} marked as blame by the flags, "
        f"{sentences.count(0)} blame-free, {sentences.count(None)} not used on their own; {unmarked} blaming "
        "replies with no sentence marked (taught by the noisy-or)")
    training: dict[str, Any] = {"replies": len(replies), "blaming": sum(r.blames for r in replies),
                                "sentences": {"blame": sentences.count(1), "blame_free": sentences.count(0),
                                              "not_used_alone": sentences.count(None)},
                                "blaming_replies_unmarked": unmarked}
    if cross_validate:
        out("Cross-validation:")
        penalty, training["cross_validation"] = choose(replies, out)
        threshold = training["cross_validation"]["chosen"]["threshold"]
    else:
        training["cross_validation"] = None
    model = fit(replies, penalty)
    kept = {f: round(w, 3) for f, w in sorted(model.weights.items(), key=lambda fw: (-fw[1], fw[0]))
            if abs(w) >= PRUNE}
    training["penalty"] = penalty
    training["features_seen"] = len(model.weights)
    training["features_kept"] = len(kept)
    return {"about": "Lesson 3's second opinion on blame: a logistic regression over each sentence's words, word "
                     "pairs and four-letter pieces of words (widgets/rules/blame_model.py). Made by "
                     f"`{TRAIN_COMMAND}` from the hand-labelled tune files; don't edit it by hand: add labelled "
                     "replies to a tune file and run it again. Weights are listed from the most blaming feature "
                     "to the least.",
            "format": FORMAT, "features": list(FEATURES), "threshold": threshold, "bias": round(model.bias, 4),
            "trained_on": {display_path(p): digest(p) for p in paths}, "training": training, "weights": kept}


def write(data: dict[str, Any], path: Path) -> None:
    """One weight per line, so a change to the model shows as a readable diff."""
    head = {k: v for k, v in data.items() if k != "weights"}
    text = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {v}" for k, v in data["weights"].items()]
    path.write_text(text + ',\n  "weights": {\n  ' + ",\n  ".join(lines) + "\n  }\n}\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder of the tune*.yaml files")
    parser.add_argument("--out", type=Path, default=None, help="the model file (default: the one recovery.yaml "
                                                               "names)")
    parser.add_argument("--dry-run", action="store_true", help="train and report, but don't write the file")
    args = parser.parse_args(argv)
    paths = tune_files(args.corpus)
    if not paths:
        print(f"No tune*.yaml in {args.corpus}.", file=sys.stderr)
        return 1
    data = train(paths, load_rules(rules_file(), examples=False, second_opinion=False))
    target = args.out or model_file()
    if args.dry_run:
        print(f"Not written (--dry-run): {display_path(target)}")
    else:
        write(data, target)
        size = target.stat().st_size
        print(f"Wrote {display_path(target)}: {data['training']['features_kept']} weights, threshold "
              f"{data['threshold']}, {size / 1024:.0f} KB. Now run `fail-forward check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
