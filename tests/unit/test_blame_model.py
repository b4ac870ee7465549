"""Lesson 3's second opinion on blame: the model file, how a sentence is scored, how it joins the checklist, the
trainer, and fail-forward check's reading of the file."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from widgets.core.content import ContentError
from widgets.rules.blame_model import BlameModel, features, load_model, sigmoid
from widgets.rules.recovery import load_rules, prepare, recovery_rules, review, rules_file, sentence_spans
from widgets.tools import train_blame
from widgets.tools.check.blame_model import check_blame_model

OPENING = "I'm so sorry. The clasp we chose was too weak for everyday wear, and that's on us. "
PLANTED = "The clasp came from a new batch, and the batch wasn't up to standard."  # recovery.yaml's example
PLANTED_TOO = "Our enamel studio sent that run back late, and they hurried the clasps."
LOGISTICS = "A courier will collect it on Monday, and our supplier is sending a stronger clasp."


def opinion_notes(text: str, rules: object = None) -> list[tuple[str, tuple[str, ...]]]:
    result = review(text, rules or recovery_rules())  # type: ignore[arg-type]
    return [(n.flag, n.quotes) for n in result.notes if n.flag == "reads-as-blame"]


# ---- features and scores --------------------------------------------------------------------------------------

def test_a_sentence_is_read_as_its_words_word_pairs_and_four_letter_pieces() -> None:
    assert features("Not ours.") == {"w:not", "w:ours", "b:<s> not", "b:not ours", "b:ours </s>",
                                     "c:<not", "c:not>", "c:<our", "c:ours", "c:urs>"}
    assert "w:courier's" in features("The courier's van")  # apostrophes as the checklist reads them: straight
    assert features(prepare("The courier’s van")) == features("The courier's van")


def test_the_probability_is_the_logistic_of_the_bias_and_the_weights_each_feature_counted_once() -> None:
    model = BlameModel({"w:batch": 2.0, "c:<bat": 0.5, "w:mine": -3.0}, bias=-1.0, threshold=0.75)
    assert model.probability("batch") == pytest.approx(sigmoid(1.5))
    assert model.probability("batch batch") == pytest.approx(sigmoid(1.5))
    assert model.confident("The batch.") and not model.confident("The batch was mine.")
    assert not dataclasses.replace(model, threshold=0.9).confident("The batch.")  # 0.82 is not sure enough


def test_the_shipped_model_loads_with_a_threshold_chosen_by_cross_validation() -> None:
    path = rules_file().parent / "blame-model.json"
    model = load_model(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert model.threshold == data["training"]["cross_validation"]["chosen"]["threshold"]
    assert 0.5 <= model.threshold < 1 and len(model.weights) > 1000
    assert set(data["trained_on"]) == {"tests/corpora/recovery/tune.yaml", "tests/corpora/recovery/tune-2.yaml"}
    assert path.stat().st_size < 300_000
    assert recovery_rules().second_opinion is not None and recovery_rules().second_opinion.model == model


# ---- the second opinion in the checklist ---------------------------------------------------------------------

def test_a_planted_blaming_sentence_the_flags_miss_is_caught_and_highlighted_whole() -> None:
    rules = recovery_rules()
    flags_only = dataclasses.replace(rules, second_opinion=None)
    for sentence in (PLANTED, PLANTED_TOO):
        text = OPENING + sentence + " A new one goes out tomorrow."
        assert review(text, flags_only).finding("no-blame").done  # the flags alone see no blame
        result = review(text, rules)
        assert opinion_notes(text) == [("reads-as-blame", (sentence[:-1],))]
        assert not result.finding("no-blame").done and result.finding("no-blame").notes == (1,)
        start = text.index(sentence)
        assert [(m.start, m.end) for m in result.marks] == [(start, start + len(sentence) - 1)]
        note = result.notes[0]
        assert note.label == "Reads as blame" and note.checks == ("no-blame",)
        assert note.reason.startswith("This sentence reads as if something or someone else caused it.")
        assert result.finding("tells-truth").done and result.finding("next-step").done  # nothing else changes


def test_logistics_and_a_good_reply_are_left_alone() -> None:
    for text in (OPENING + LOGISTICS, OPENING + "My assistant will post your new necklace today.",
                 "Hi Sam, I'm so sorry the clasp we chose failed. That's on us: it wasn't strong enough for "
                 "everyday wear. We'll send you a new necklace with a stronger clasp by Friday."):
        assert opinion_notes(text) == [], text
        assert review(text, recovery_rules()).finding("no-blame").done


def test_the_second_opinion_is_heard_only_when_no_flag_finds_blame() -> None:
    text = "The courier must have dropped the parcel. " + PLANTED
    result = review(text, recovery_rules())
    assert [n.flag for n in result.notes] == ["blames-courier"]


def test_its_threshold_decides() -> None:
    rules = recovery_rules()
    assert rules.second_opinion is not None
    text = OPENING + PLANTED
    sure = rules.second_opinion.model.probability(prepare(PLANTED))
    assert sure >= rules.second_opinion.model.threshold
    stricter = dataclasses.replace(rules.second_opinion, model=dataclasses.replace(
        rules.second_opinion.model, threshold=min(0.999, sure + 0.01)))
    assert opinion_notes(text, dataclasses.replace(rules, second_opinion=stricter)) == []


def test_sentences_are_cut_as_the_checklist_cuts_them() -> None:
    text = "  Hi Sam!\n\nThe clasp broke; it was mine.  [note]  . ok"
    assert [text[s:e] for s, e in sentence_spans(prepare(text))] == ["Hi Sam", "The clasp broke", "it was mine",
                                                                      "ok"]


# ---- the file's errors -------------------------------------------------------------------------------------------

def copy_rules(tmp_path: Path) -> Path:
    for name in ("recovery.yaml", "blame-model.json"):
        shutil.copy(rules_file().parent / name, tmp_path / name)
    return tmp_path / "recovery.yaml"


def problems(path: Path, **options: bool) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_rules(path, **options)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: {**d, "threshold": 1.5}, "blame-model.json: threshold: must be a number between 0 and 1"),
    (lambda d: {k: v for k, v in d.items() if k != "weights"}, "blame-model.json: weights: is missing"),
    (lambda d: {**d, "features": ["word"]}, "blame-model.json: features: is ['word']; this course reads"),
    (lambda d: {**d, "weights": {**d["weights"], "w:clasp": "heavy"}},
     "blame-model.json: weights['w:clasp']: must be a number, got 'heavy'"),
    (lambda d: {**d, "weights": {"x:clasp": 1.0}}, "blame-model.json: weights['x:clasp']: is not a feature"),
    (lambda d: [d], "blame-model.json: must be a JSON object"),
])
def test_a_broken_model_file_is_refused_naming_the_file_and_the_field(tmp_path: Path, change: object,
                                                                      expected: str) -> None:
    path = copy_rules(tmp_path)
    model = tmp_path / "blame-model.json"
    model.write_text(json.dumps(change(json.loads(model.read_text(encoding="utf-8")))),  # type: ignore[operator]
                     encoding="utf-8")
    found = problems(path)
    assert any(p.startswith(str(model)) and expected in p for p in found), found
    assert any(expected in str(p) for p in check_blame_model_at(tmp_path)), "fail-forward check says so too"
    load_rules(path, second_opinion=False)  # the trainer can still read the rules


def check_blame_model_at(folder: Path) -> list[object]:
    root = folder / "course"
    content = root / "assets" / "content" / "owning-mistakes"
    content.mkdir(parents=True)
    for name in ("recovery.yaml", "blame-model.json"):
        shutil.copy(folder / name, content / name)
    return list(check_blame_model(root))


def test_a_model_file_that_is_not_json_gives_its_line(tmp_path: Path) -> None:
    path = copy_rules(tmp_path)
    (tmp_path / "blame-model.json").write_text('{\n  "format": 1,\n  "bias": -1,,\n}', encoding="utf-8")
    assert any(p.startswith(f"{tmp_path / 'blame-model.json'}:3: is not valid JSON") for p in problems(path))


def test_the_rules_name_a_missing_model_at_the_line_that_names_it(tmp_path: Path) -> None:
    path = copy_rules(tmp_path)
    (tmp_path / "blame-model.json").unlink()
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("model: blame-model.json")].count("\n") + 1
    found = problems(path)
    assert any(p.startswith(f"{path}:{line}: second_opinion.model: names blame-model.json, which is not in")
               for p in found), found
    path.write_text(text.replace("  check: no-blame\n  model:", "  check: apologizes\n  model:"), encoding="utf-8")
    assert any("second_opinion.check: 'apologizes' is not an 'avoid: true' checklist id" in p
               for p in problems(path))


def test_its_examples_are_tried_and_a_wrong_one_says_how_sure_the_model_was(tmp_path: Path) -> None:
    path = copy_rules(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  not_examples:\n    - A courier will collect it on Monday.",
                                 "  not_examples:\n    - " + PLANTED), encoding="utf-8")
    found = problems(path)
    assert any(f"second_opinion.not_examples[0]: {PLANTED!r}: is flagged by the second opinion: the model is" in p
               and "sure, and it needs 55%" in p for p in found), found
    path.write_text(text.replace("  examples:\n    - The clasp came", "  examples:\n    - Thank you. The clasp came"
                                 ).replace("up to standard.\n    - Our polishing", "up to standard.\n    - "
                                           "The courier must have dropped it.\n    - Our polishing"),
                    encoding="utf-8")
    found = problems(path)
    assert any("second_opinion.examples[1]: 'The courier must have dropped it.': a flag already catches it" in p
               for p in found), found


# ---- training -------------------------------------------------------------------------------------------------------

def corpus(folder: Path) -> list[Path]:
    """Two small tune files of our own: good replies, logistics, blame the flags catch, and blame they miss."""
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    good = [f"I'm so sorry. The clasp I chose was too weak, and that's on me. A courier will collect it on {day}."
            for day in days] + [f"Sorry! We picked a clasp that was too light. Our supplier is sending a heavier one "
                                f"by {day}." for day in days]
    caught = [f"Sorry. The courier must have dropped the parcel on {day}." for day in days]
    missed = [f"Sorry. Our glazier botched the {part}, sadly." for part in ("ring", "catch", "loop", "spring", "link")]
    paths = []
    for n, (name, rows) in enumerate((("tune.yaml", good[::2] + caught[::2] + missed[::2]),
                                      ("tune-2.yaml", good[1::2] + caught[1::2] + missed[1::2]))):
        replies = [{"id": f"x{n}-{i}", "text": text, "labels": {"no-blame": not ("courier must" in text
                                                                                 or "glazier" in text)}}
                   for i, text in enumerate(rows)]
        paths.append(folder / name)
        paths[-1].write_text(json.dumps({"replies": replies}), encoding="utf-8")  # JSON is YAML too
    (folder / "heldout.yaml").write_text("not: [read", encoding="utf-8")  # never opened
    return paths


def test_the_trainer_learns_from_the_tune_files_and_writes_a_file_the_course_reads(tmp_path: Path) -> None:
    paths = corpus(tmp_path)
    assert train_blame.tune_files(tmp_path) == paths
    flags_only = load_rules(rules_file(), examples=False, second_opinion=False)
    replies = train_blame.read_replies(paths, flags_only)
    courier = next(r for r in replies if r.id == "x0-5")  # "Sorry. The courier must have dropped …"
    assert courier.blames and courier.labels == [None, 1]  # the flags mark the sentence; "Sorry." isn't used alone
    glazier = next(r for r in replies if r.id == "x0-8")  # "Sorry. Our glazier botched …"
    assert glazier.blames and glazier.labels == [None, None]  # no flag marks it: taught by the noisy-or
    lines: list[str] = []
    data = train_blame.train(paths, flags_only, out=lines.append)
    assert data["training"]["blaming_replies_unmarked"] == 5
    assert any("area under the ROC curve" in line for line in lines) and any("<- chosen" in line for line in lines)
    target = tmp_path / "model.json"
    train_blame.write(data, target)
    model = load_model(target)
    assert model.threshold == data["training"]["cross_validation"]["chosen"]["threshold"]
    assert model.weights["w:glazier"] > 0 > model.weights.get("w:collect", 0.0)
    assert model.probability("Our glazier botched the clasp.") > model.probability("A courier will collect it.")
    assert json.loads(target.read_text(encoding="utf-8"))["trained_on"] == {
        str(p): train_blame.digest(p) for p in paths}


def test_fail_forward_check_warns_when_the_labelled_replies_changed_since_training(tmp_path: Path) -> None:
    root = tmp_path / "course"
    content = root / "assets" / "content" / "owning-mistakes"
    folder = root / "tests" / "corpora" / "recovery"
    content.mkdir(parents=True)
    folder.mkdir(parents=True)
    paths = corpus(folder)
    shutil.copy(rules_file(), content / "recovery.yaml")
    data = train_blame.train(paths, load_rules(rules_file(), examples=False, second_opinion=False),
                             out=lambda _line: None, cross_validate=False)
    data["trained_on"] = {f"tests/corpora/recovery/{p.name}": train_blame.digest(p) for p in paths}
    train_blame.write(data, content / "blame-model.json")
    assert check_blame_model(root) == []
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("sadly", "alas"), encoding="utf-8")
    (folder / "tune-3.yaml").write_text(paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    [warning] = check_blame_model(root)
    assert warning.warning and warning.field == "trained_on"
    assert str(warning).startswith(f"{content / 'blame-model.json'}: trained_on: tests/corpora/recovery/tune-2.yaml "
                                   "changed since it was trained; tests/corpora/recovery/tune-3.yaml is new: the "
                                   "model doesn't know those replies yet. Run `.venv/bin/python -m "
                                   "widgets.tools.train_blame`")
