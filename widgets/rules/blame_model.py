"""A second opinion on blame for lesson 3's recovery checklist: a small linear model that reads one sentence at a time.

The checklist's flags (``recovery.yaml``) catch blame by its words: a party named beside a cause. Blame in a new
wording slips past any list of words, so beside them sits this reader, which weighs every word, every pair of
neighbouring words and every four-letter piece of a word in a sentence, learnt from the hand-labelled replies in
``tests/corpora/recovery/tune*.yaml``. Its weights live in a data file the course ships
(``assets/content/owning-mistakes/blame-model.json``), made by ``python -m widgets.tools.train_blame``; nobody edits
the numbers by hand. Scoring is pure Python (a dictionary look-up per feature): no numpy in the lesson's kernel.

A sentence's probability of putting the cause on someone or something else is the logistic function of the bias
plus the weights of the features it has (each counted once). The file's ``threshold``, chosen by cross-validation
when it was trained, is how sure the model must be before the checklist listens to it.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from widgets.core.content import ContentError, Problem, display_path

FORMAT = 1
FEATURES = ("word", "word-pair", "word-piece-4")
"""What the model reads in a sentence. A file made for other features is refused (re-run the training)."""

TRAIN_COMMAND = ".venv/bin/python -m widgets.tools.train_blame"

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")  # words, "don't" and "courier's" as one; each round needs a letter
_PIECE = 4


def words(sentence: str) -> list[str]:
    """The sentence's words, lower case (apostrophes as the checklist reads them: straight)."""
    return _TOKEN.findall(sentence.lower())


def features(sentence: str) -> set[str]:
    """Every feature of one sentence: ``w:`` a word, ``b:`` two neighbouring words (``<s>`` and ``</s>`` mark the
    ends), ``c:`` four letters of a word (``<`` and ``>`` mark its ends)."""
    found = words(sentence)
    out = {f"w:{word}" for word in found}
    padded = ["<s>", *found, "</s>"]
    out.update(f"b:{a} {b}" for a, b in itertools.pairwise(padded))
    for word in found:
        marked = f"<{word}>"
        out.update(f"c:{marked[i:i + _PIECE]}" for i in range(len(marked) - _PIECE + 1))
    return out


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class BlameModel:
    """The weights, the bias and the threshold, as the training left them."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    source: str = ""  # the file it came from, as a coach would write it

    def probability(self, sentence: str) -> float:
        """How likely the sentence is to put the cause on someone or something else (0 to 1)."""
        weights = self.weights
        return sigmoid(self.bias + sum(weights.get(f, 0.0) for f in features(sentence)))

    def confident(self, sentence: str) -> bool:
        """Whether the model is sure enough to un-tick "blames no one" for this sentence."""
        return self.probability(sentence) >= self.threshold

    def blaming(self, text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, float]]:
        """(start, end, probability) of every span of ``text`` (its sentences) the model is confident about."""
        for start, end in spans:
            p = self.probability(text[start:end])
            if p >= self.threshold:
                yield start, end, p


# -- the file ----------------------------------------------------------------------------------------------------


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def model_problems(data: Any, name: str) -> list[Problem]:
    """Everything wrong with a model file's contents (already read as JSON), naming the field."""
    def problem(field: str, message: str) -> Problem:
        return Problem(name, None, field, message)

    retrain = f"re-run `{TRAIN_COMMAND}` to make it again"
    if not isinstance(data, dict):
        return [problem("", f"must be a JSON object with the model's fields; {retrain}")]
    found = []
    for field in ("format", "features", "threshold", "bias", "weights"):
        if field not in data:
            found.append(problem(field, f"is missing; {retrain}"))
    if found:
        return found
    if data["format"] != FORMAT:
        found.append(problem("format", f"is {data['format']!r}; this course reads format {FORMAT}: {retrain}"))
    if data["features"] != list(FEATURES):
        found.append(problem("features", f"is {data['features']!r}; this course reads {list(FEATURES)!r}: {retrain}"))
    threshold = data["threshold"]
    if not _number(threshold) or not 0 < threshold < 1:
        found.append(problem("threshold", f"must be a number between 0 and 1 (how sure the model must be), got "
                                          f"{threshold!r}"))
    if not _number(data["bias"]):
        found.append(problem("bias", f"must be a number, got {data['bias']!r}"))
    weights = data["weights"]
    if not isinstance(weights, dict) or not weights:
        found.append(problem("weights", f"must be a non-empty object of feature: weight; {retrain}"))
        return found
    prefixes = ("w:", "b:", "c:")
    for key, value in weights.items():
        if not key.startswith(prefixes):
            found.append(problem(f"weights[{key!r}]", f"is not a feature this course reads (they start with "
                                                      f"{', '.join(prefixes)}); {retrain}"))
        elif not _number(value):
            found.append(problem(f"weights[{key!r}]", f"must be a number, got {value!r}"))
        if len(found) >= 10:
            break
    return found


def load_model(path: Path) -> BlameModel:
    """Read and check a model file; raises ``ContentError`` naming the file and the field (and the line, for a
    file that isn't valid JSON)."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(name, None, "", f"file not found: make it with `{TRAIN_COMMAND}`")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Problem(name, None, "", f"cannot be read ({error})")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ContentError([Problem(name, error.lineno, "", f"is not valid JSON: {error.msg} (column "
                                                            f"{error.colno}); re-run `{TRAIN_COMMAND}`")]) from None
    problems = model_problems(data, name)
    if problems:
        raise ContentError(problems)
    return BlameModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                      float(data["threshold"]), name)
