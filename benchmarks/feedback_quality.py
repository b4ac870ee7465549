"""How far the course's readers of free text agree with hand-labelled answers (issue 15).

Three readers are measured against the corpora in ``tests/corpora``:

- recovery: lesson 3's reply checklist (six points; next step is timed / untimed / none);
- reframing: lesson 4's reframing drill (success or hint, and which hint);
- debrief: lesson 4's team debrief hints (one label per field).

For every checklist point it prints the agreement (the share of answers where the
reader says what the label says) and, for each value the point can take, its
precision (of the answers the reader gives that value, how many carry it) and
recall (of the answers that carry it, how many the reader finds), then the
answers it gets wrong. For the recovery reader it also counts the replies that
miss two or more points and are told all six are there.

    .venv/bin/python benchmarks/feedback_quality.py --split tune      # while tuning
    .venv/bin/python benchmarks/feedback_quality.py                    # tune and held-out
    .venv/bin/python benchmarks/feedback_quality.py --reader recovery --no-errors

The held-out files are only measured, never tuned on (see each corpus's header).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "corpora"
SPLITS = ("tune", "heldout")
READERS = ("recovery", "reframing", "debrief")
RECOVERY_POINTS = ("apologizes", "tells-truth", "no-blame", "next-step", "offers-value", "takes-responsibility")
DEBRIEF_FIELDS = ("happened", "impact", "system", "change", "owner", "deadline")


@dataclass
class Case:
    """One labelled answer: what the labels say and what the reader said."""

    id: str
    text: str
    labels: dict[str, Any]
    predicted: dict[str, Any]


@dataclass
class Result:
    """One reader on one split."""

    reader: str
    split: str
    points: tuple[str, ...]
    values: dict[str, tuple[Any, ...]]
    cases: list[Case] = field(default_factory=list)
    told_all_but_missing_two: list[str] = field(default_factory=list)

    def agreement(self, point: str) -> float:
        return sum(c.labels[point] == c.predicted[point] for c in self.cases) / len(self.cases)

    def precision_recall(self, point: str, value: Any) -> tuple[float | None, float | None, int, int]:
        """(precision, recall, labelled with value, predicted as value); None where nothing to divide by."""
        labelled = [c for c in self.cases if c.labels[point] == value]
        predicted = [c for c in self.cases if c.predicted[point] == value]
        both = sum(c.predicted[point] == value for c in labelled)
        precision = both / len(predicted) if predicted else None
        recall = both / len(labelled) if labelled else None
        return precision, recall, len(labelled), len(predicted)

    def wrong(self, point: str) -> list[Case]:
        return [c for c in self.cases if c.labels[point] != c.predicted[point]]


def load_corpus(reader: str, split: str) -> tuple[dict[str, list[Any]], list[dict[str, Any]]]:
    """The schema and the entries of one corpus file."""
    data = yaml.safe_load((CORPORA / reader / f"{split}.yaml").read_text(encoding="utf-8"))
    entries = next(data[key] for key in ("replies", "items", "answers") if key in data)
    return data["schema"], entries


# ---- what each reader says, in the corpus's terms -------------------------------------------------------


def recovery_labels(text: str) -> tuple[dict[str, Any], bool]:
    """The six points as the checklist judges them, and whether it tells the learner all six are there."""
    from widgets.rules.recovery import recovery_rules, review

    result = review(text, recovery_rules())
    said: dict[str, Any] = {}
    for finding in result.findings:
        if finding.id == "next-step":
            said[finding.id] = {"found": "timed", "partly": "untimed", "missing": "none"}[finding.state]
        else:
            said[finding.id] = finding.done
    return said, result.complete


def reframing_labels(anxious: str, text: str) -> dict[str, Any]:
    """The drill's feedback (success or hint) and which hint."""
    from widgets.rules import reframing

    verdict = getattr(reframing, "reframe_verdict", None)
    if verdict is not None:
        kind, hint = verdict(anxious, text)
    else:  # the reader before issue 15 gave only a message: tell the hints apart by their wording
        kind, message = reframing.reframe_feedback(anxious, text)
        hint = "none" if kind == "success" else next(
            (name for name, words in (("too-short", "Say a little more"), ("restates", "stays close to the words"),
                                      ("still-final", "still sounds final"), ("absolute", "Absolute words"),
                                      ("no-next-step", "calmer already")) if words in message), "?")
    return {"feedback": kind or "hint", "hint": hint}


DEBRIEF_PROBLEM = {"happened": "empty", "impact": "empty", "system": "blames-person", "change": "vague",
                   "owner": "group", "deadline": "no-date"}


def debrief_labels(fields: Mapping[str, str]) -> dict[str, Any]:
    """Each field as the debrief's hints judge it: ok, empty, or the field's own problem."""
    from widgets.rules import debrief

    verdicts = getattr(debrief, "field_verdicts", None)
    if verdicts is not None:
        return dict(verdicts(fields))
    said = {name: "ok" for name in DEBRIEF_FIELDS}
    if not any(str(fields.get(name) or "").strip() for name in DEBRIEF_FIELDS):
        return {name: "empty" for name in DEBRIEF_FIELDS}
    for note in debrief.debrief_review(fields):
        if note.kind == "hint" and note.field:
            said[note.field] = "empty" if note.message == debrief.MISSING[note.field] else DEBRIEF_PROBLEM[note.field]
    return said


def measure(reader: str, split: str) -> Result:
    """Run one reader over one split."""
    schema, entries = load_corpus(reader, split)
    if reader == "recovery":
        result = Result(reader, split, RECOVERY_POINTS, {p: tuple(schema[p]) for p in RECOVERY_POINTS})
        for entry in entries:
            said, complete = recovery_labels(entry["text"])
            result.cases.append(Case(entry["id"], entry["text"], entry["labels"], said))
            missing = sum(entry["labels"][p] not in (True, "timed") for p in RECOVERY_POINTS)
            if complete and missing >= 2:
                result.told_all_but_missing_two.append(entry["id"])
        return result
    if reader == "reframing":
        from widgets.rules.reframing import reframing_content

        anxious = {t.id: t.anxious for t in reframing_content().thoughts}
        result = Result(reader, split, ("feedback", "hint"), {p: tuple(schema[p]) for p in ("feedback", "hint")})
        for entry in entries:
            said = reframing_labels(anxious[entry["thought"]], entry["text"])
            result.cases.append(Case(entry["id"], f"[{entry['thought']}] {entry['text']}", entry["labels"], said))
        return result
    result = Result(reader, split, DEBRIEF_FIELDS, {p: tuple(schema[p]) for p in DEBRIEF_FIELDS})
    for entry in entries:
        fields = {name: str(entry["fields"].get(name) or "") for name in DEBRIEF_FIELDS}
        shown = " | ".join(f"{name}: {fields[name]}" for name in DEBRIEF_FIELDS)
        result.cases.append(Case(entry["id"], shown, entry["labels"], debrief_labels(fields)))
    return result


# ---- printing ---------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def table(result: Result) -> list[str]:
    """The per-point table as Markdown."""
    lines = [f"**{result.reader} — {result.split}** ({len(result.cases)} answers)", "",
             "| point | agreement | value | labelled | said | precision | recall |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for point in result.points:
        for i, value in enumerate(result.values[point]):
            precision, recall, labelled, predicted = result.precision_recall(point, value)
            head = f"| {point} | {100 * result.agreement(point):.1f}%" if i == 0 else "| | "
            lines.append(f"{head} | {_value(value)} | {labelled} | {predicted} | {_pct(precision)} | {_pct(recall)} |")
    if result.reader == "recovery":
        told = result.told_all_but_missing_two
        lines += ["", f"Replies missing two or more points and told all six are there: {len(told)}"
                      + (f" ({', '.join(told)})" if told else "")]
    return lines


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def errors(result: Result, width: int) -> list[str]:
    """The answers the reader gets wrong, point by point."""
    lines = [f"Wrong on {result.reader} — {result.split}:"]
    for point in result.points:
        wrong = result.wrong(point)
        if not wrong:
            continue
        lines.append(f"  {point} ({len(wrong)}):")
        for case in wrong:
            lines.append(f"    {case.id}: labelled {_value(case.labels[point])}, said {_value(case.predicted[point])}"
                         f" — {_short(case.text, width)}")
    return lines


def run(readers: Iterable[str], splits: Sequence[str], show_errors: bool, width: int,
        out: Callable[[str], None] = print) -> list[Result]:
    results = []
    for reader in readers:
        for split in splits:
            result = measure(reader, split)
            results.append(result)
            for line in table(result):
                out(line)
            out("")
            if show_errors:
                for line in errors(result, width):
                    out(line)
                out("")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both",
                        help="tune while you work; heldout only to measure (default: both)")
    parser.add_argument("--reader", choices=(*READERS, "all"), default="all")
    parser.add_argument("--no-errors", action="store_true", help="print the tables only")
    parser.add_argument("--width", type=int, default=160, help="characters of each wrong answer to show")
    args = parser.parse_args()
    splits = SPLITS if args.split == "both" else (args.split,)
    readers = READERS if args.reader == "all" else (args.reader,)
    run(readers, splits, not args.no_errors, args.width)


if __name__ == "__main__":
    main()
