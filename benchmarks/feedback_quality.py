"""How far the course's readers of free text agree with hand-labelled answers (issue 15).

Three readers are measured against the corpora in ``tests/corpora``:

- recovery: lesson 3's reply checklist (six points; next step is timed / untimed / none);
- reframing: lesson 4's reframing drill (success or hint, and which hint);
- debrief: lesson 4's team debrief hints (one label per field).

Every ``tune*.yaml`` and ``heldout*.yaml`` file in a reader's folder is a split of
its own (``tune``, ``tune-2``, ``heldout``, ``heldout-2`` …), reported separately;
the held-out files are also reported together (``heldout (all)``), which is where
the issue's targets are asserted (``tests/unit/test_feedback_quality.py``).

For every checklist point it prints the agreement (the share of answers where the
reader says what the label says) and, for each value the point can take, its
precision (of the answers the reader gives that value, how many carry it) and
recall (of the answers that carry it, how many the reader finds), then the
answers it gets wrong. For the recovery reader it also counts the replies that
miss two or more points and are told all six are there. ``--timing`` adds the
server time of one reading: every answer of the tune files, and the longest
answer each reader keeps, as a ratio to a baseline measured in the same run.

    .venv/bin/python benchmarks/feedback_quality.py --split tune      # while tuning: every tune file
    .venv/bin/python benchmarks/feedback_quality.py --split tune-2    # one file
    .venv/bin/python benchmarks/feedback_quality.py --no-errors       # every split, and the held-out ones together
    .venv/bin/python benchmarks/feedback_quality.py --split tune --timing --no-errors
    .venv/bin/python benchmarks/feedback_quality.py --reader recovery --rules-only   # without the second opinion

The recovery checklist has a second opinion on blame (a small model, ``recovery.yaml``'s ``second_opinion``);
``--rules-only`` measures the checklist without it, so the two can be compared.

The held-out files are only measured, never tuned on (see each corpus's header):
while tuning, ask for ``--split tune`` so their wrong answers are never printed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "corpora"
KINDS = ("tune", "heldout")
COMBINED = "heldout (all)"
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


def _order(split: str) -> tuple[int, int]:
    """tune, tune-2, tune-3 …, then heldout, heldout-2 …"""
    kind, _, number = split.partition("-")
    return KINDS.index(kind), int(number) if number.isdigit() else 1


def splits(reader: str, kind: str | None = None) -> list[str]:
    """Every split file of a reader (``tune``, ``tune-2``, ``heldout`` …), or only those of one kind."""
    found = [path.stem for path in (CORPORA / reader).glob("*.yaml")
             if re.fullmatch(r"(?:tune|heldout)(?:-\d+)?", path.stem)]
    return sorted((s for s in found if kind is None or s.partition("-")[0] == kind), key=_order)


def load_corpus(reader: str, split: str) -> tuple[dict[str, list[Any]], list[dict[str, Any]]]:
    """The schema and the entries of one corpus file."""
    data = yaml.safe_load((CORPORA / reader / f"{split}.yaml").read_text(encoding="utf-8"))
    entries = next(data[key] for key in ("replies", "items", "answers") if key in data)
    return data["schema"], entries


# ---- what each reader says, in the corpus's terms -------------------------------------------------------


def recovery_rules_for(second_opinion: bool = True) -> Any:
    """The shipped checklist, with its second opinion on blame or (``second_opinion=False``) its flags alone."""
    import dataclasses

    from widgets.rules.recovery import recovery_rules

    rules = recovery_rules()
    return rules if second_opinion else dataclasses.replace(rules, second_opinion=None)


def recovery_labels(text: str, second_opinion: bool = True) -> tuple[dict[str, Any], bool]:
    """The six points as the checklist judges them, and whether it tells the learner all six are there."""
    from widgets.rules.recovery import review

    result = review(text, recovery_rules_for(second_opinion))
    said: dict[str, Any] = {}
    for finding in result.findings:
        if finding.id == "next-step":
            said[finding.id] = {"found": "timed", "partly": "untimed", "missing": "none"}[finding.state]
        else:
            said[finding.id] = finding.done
    return said, result.complete


def reframing_labels(anxious: str, text: str) -> dict[str, Any]:
    """The drill's feedback (success or hint) and which hint."""
    from widgets.rules.reframing import reframe_verdict

    kind, hint = reframe_verdict(anxious, text)
    return {"feedback": kind or "hint", "hint": hint}


def debrief_labels(fields: Mapping[str, str]) -> dict[str, Any]:
    """Each field as the debrief's hints judge it: ok, empty, or the field's own problem."""
    from widgets.rules.debrief import field_verdicts

    return dict(field_verdicts(fields))


def measure_all(reader: str, kind: str = "heldout", second_opinion: bool = True) -> Result:
    """Run one reader over every split of one kind, as one result (``heldout (all)``)."""
    parts = [measure(reader, split, second_opinion) for split in splits(reader, kind)]
    if not parts:
        raise FileNotFoundError(f"no {kind}*.yaml in {CORPORA / reader}")
    combined = Result(reader, COMBINED if kind == "heldout" else f"{kind} (all)", parts[0].points, parts[0].values)
    for part in parts:
        combined.cases += part.cases
        combined.told_all_but_missing_two += part.told_all_but_missing_two
    return combined


def measure(reader: str, split: str, second_opinion: bool = True) -> Result:
    """Run one reader over one split (the recovery checklist without its second opinion if asked)."""
    schema, entries = load_corpus(reader, split)
    if reader == "recovery":
        result = Result(reader, split, RECOVERY_POINTS, {p: tuple(schema[p]) for p in RECOVERY_POINTS})
        for entry in entries:
            said, complete = recovery_labels(entry["text"], second_opinion)
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


def agreement_table(results: Sequence[Result]) -> list[str]:
    """Agreement per point, one column per split (the issue's targets beside them)."""
    names = list(dict.fromkeys(r.split for r in results))
    lines = []
    for reader in dict.fromkeys(r.reader for r in results):
        mine = {r.split: r for r in results if r.reader == reader}
        points = next(iter(mine.values())).points
        target = "90%" if reader == "recovery" else "85%"
        lines += [f"**{reader}: agreement**", "",
                  "| point | " + " | ".join(f"{n} ({len(mine[n].cases)})" for n in names if n in mine)
                  + " | target |",
                  "| --- |" + " ---: |" * (sum(n in mine for n in names) + 1)]
        for point in points:
            lines.append(f"| {point} | " + " | ".join(f"{100 * mine[n].agreement(point):.1f}%" for n in names
                                                    if n in mine) + f" | {target} |")
        lines.append("")
    return lines


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _time(read: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    read(text)
    return (time.perf_counter() - start) * 1000


def timing(readers: Iterable[str], runs: int, out: Callable[[str], None] = print) -> None:
    """Server time of one reading: each tune answer once, and the longest answer a reader keeps (``runs`` times,
    a different last letter each time, as a keystroke would be), with a baseline measured in between."""
    import numpy as np

    from widgets.core.text import MAX_TEXT
    from widgets.rules.debrief import MAX_FIELD, debrief_review
    from widgets.rules.recovery import load_rules, recovery_rules, review, rules_file
    from widgets.rules.reframing import MAX_REFRAME, reframe_feedback, reframing_content

    data = np.random.default_rng(0).random(1_000_000)
    baseline = [_ms(lambda: np.sort(data)) for _ in range(5)]
    load = _ms(lambda: load_rules(rules_file(), examples=False))
    recovery, anxious = recovery_rules(), reframing_content().thoughts[0].anxious
    long_reply = ("The courier must have dropped the parcel, and our trainee rushed the clasp in the heat. "
                  "Sorry for any inconvenience; these things happen. ")
    clean_reply = ("Thank you for telling us straight away, and for being such a loyal customer. The clasp we chose "
                   "was too light, and a courier will collect the necklace on Monday. ")
    long_reframe = "This is a chance to show her how we put things right, and the team can learn from it. "
    long_debrief = "Whoever was on packing didn't check it, because there's no step for it and nobody owns it. "

    def long(text: str, limit: int, i: int) -> str:
        return (text * (limit // len(text) + 1))[:limit - 1] + "xyz"[i % 3]

    readings: dict[str, tuple[Callable[[str], object], list[str], str]] = {
        "recovery": (lambda t: review(t, recovery), [e["text"] for s in splits("recovery", "tune")
                                                   for e in load_corpus("recovery", s)[1]],
                     f"{MAX_TEXT:,} characters"),
        "recovery, no flag": (lambda t: review(t, recovery), [], f"{MAX_TEXT:,} characters, blame-free: the second "
                              "opinion reads every sentence"),
        "reframing": (lambda t: reframe_feedback(anxious, t), [e["text"] for s in splits("reframing", "tune")
                                                               for e in load_corpus("reframing", s)[1]],
                      f"{MAX_REFRAME:,} characters"),
        "debrief": (lambda t: debrief_review({name: t for name in DEBRIEF_FIELDS}),
                    [str(e["fields"].get("system") or "") for s in splits("debrief", "tune")
                     for e in load_corpus("debrief", s)[1]], f"{MAX_FIELD:,} characters in each of the six boxes"),
    }
    longest = {"recovery": (long_reply, MAX_TEXT), "recovery, no flag": (clean_reply, MAX_TEXT),
               "reframing": (long_reframe, MAX_REFRAME),
               "debrief": (long_debrief, MAX_FIELD)}
    out(f"Baseline (np.sort of 1e6 random floats): median {statistics.median(baseline):.1f} ms. "
        f"Loading the recovery rules as a lesson does: {load:.0f} ms once.")
    out("")
    out("| reader | reading | median ms | x base | max ms |")
    out("| --- | --- | ---: | ---: | ---: |")
    for reader in [r for name in readers for r in ((name, "recovery, no flag") if name == "recovery" else (name,))]:
        read, corpus, size = readings[reader]
        each = [_time(read, t) for t in corpus]
        text, limit = longest[reader]
        most = []
        for i in range(runs):
            baseline.append(_ms(lambda: np.sort(data)))
            most.append(_time(read, long(text, limit, i)))
        base = statistics.median(baseline)
        for what, times in ((f"each tune answer ({len(each)})", each), (f"the longest kept ({size})", most)):
            if not times:
                continue
            median = statistics.median(times)
            out(f"| {reader} | {what} | {median:.2f} | {median / base:.2f} | {max(times):.2f} |")
    out("")
    if "recovery" in readers:
        kernel_cost(out=out)


_KERNEL = """
import re, sys, time
start = time.perf_counter()
from widgets.rules.recovery import load_rules, rules_file
rules = load_rules(rules_file(), examples=False, second_opinion={opinion})
took = time.perf_counter() - start
rss = int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(took * 1000, rss, "numpy" in sys.modules)
"""


def kernel_cost(runs: int = 7, out: Callable[[str], None] = print) -> None:
    """What the second opinion costs a lesson's kernel: the recovery rules loaded in a fresh Python, with and
    without the model (interleaved runs; medians), and whether numpy gets imported. Linux (reads /proc)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    found: dict[bool, list[tuple[float, float, bool]]] = {True: [], False: []}
    for _ in range(runs):
        for opinion in (False, True):
            done = subprocess.run([sys.executable, "-c", _KERNEL.format(opinion=opinion)], cwd=root, check=True,
                                  capture_output=True, text=True)
            ms, mb, numpy = done.stdout.split()
            found[opinion].append((float(ms), float(mb), numpy == "True"))
    out(f"Loading the recovery rules in a fresh Python ({runs} runs each, medians):")
    out("")
    out("| rules | load ms | memory of the process after, MB (resident) | numpy imported |")
    out("| --- | ---: | ---: | --- |")
    for opinion in (False, True):
        rows = found[opinion]
        out(f"| {'with the second opinion' if opinion else 'flags only'} | "
            f"{statistics.median(r[0] for r in rows):.0f} | {statistics.median(r[1] for r in rows):.1f} | "
            f"{'yes' if any(r[2] for r in rows) else 'no'} |")
    out("")


def run(readers: Iterable[str], chosen: Sequence[str], show_errors: bool, width: int,
        out: Callable[[str], None] = print, second_opinion: bool = True) -> list[Result]:
    """Measure and print; ``chosen`` holds split names, or "tune" / "heldout" for every file of that kind."""
    results = []
    for reader in readers:
        names: list[str] = []
        for choice in chosen:
            names += splits(reader, choice) if choice in KINDS else [choice] if choice in splits(reader) else []
        mine = [measure(reader, split, second_opinion) for split in dict.fromkeys(names)]
        if any(name in KINDS and name == "heldout" for name in chosen) and len(splits(reader, "heldout")) > 1:
            mine.append(measure_all(reader, "heldout", second_opinion))
        for result in mine:
            results.append(result)
            for line in table(result):
                out(line)
            out("")
            if show_errors:
                for line in errors(result, width):
                    out(line)
                out("")
    for line in agreement_table(results):
        out(line)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="both",
                        help="tune (every tune file) while you work, heldout only to measure, a file's name "
                             "(tune-2), or both (default)")
    parser.add_argument("--reader", choices=(*READERS, "all"), default="all")
    parser.add_argument("--no-errors", action="store_true", help="print the tables only")
    parser.add_argument("--width", type=int, default=160, help="characters of each wrong answer to show")
    parser.add_argument("--timing", action="store_true", help="also time one reading (server side)")
    parser.add_argument("--runs", type=int, default=20, help="timing: readings of the longest answer")
    parser.add_argument("--rules-only", action="store_true",
                        help="the recovery checklist without its second opinion on blame (the model)")
    args = parser.parse_args()
    chosen = list(KINDS) if args.split == "both" else [args.split]
    readers = READERS if args.reader == "all" else (args.reader,)
    if args.rules_only:
        print("The recovery checklist WITHOUT its second opinion on blame (flags only).\n")
    run(readers, chosen, not args.no_errors, args.width, second_opinion=not args.rules_only)
    if args.timing:
        timing(readers, args.runs)


if __name__ == "__main__":
    main()
