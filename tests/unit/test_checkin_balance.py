"""Check-ins and decision cases test understanding, not test-taking: neither the length of an option nor its
place in the list gives the right answer away.

Across every question in the course's content (check-ins, decision cases, and any later file of the same
shape), the right option may be the longest in at most a third of questions, and no one position may hold
the right option in more than 40 % of them. The files are read with PyYAML in their documented shape
(`questions` or `cases`, each with `options` marked `correct` or `favours_customer`), so the test doesn't
depend on where the loaders live in widgets/.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).resolve().parents[2] / "assets" / "content"
LONGEST_SHARE = 1 / 3
POSITION_SHARE = 0.40
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


@dataclass(frozen=True)
class Question:
    where: str  # file and question id
    options: tuple[str, ...]
    right: int  # 0-based place of the right option

    @property
    def right_is_longest(self) -> bool:
        """Ties count as longest: a learner can't tell the right option from an equally long one."""
        lengths = [len(text.strip()) for text in self.options]
        return lengths[self.right] == max(lengths)


def questions_in(content: Path) -> list[Question]:
    """Every multiple-choice question under ``content``, in file order."""
    found: list[Question] = []
    for path in sorted(content.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for key, flag in (("questions", "correct"), ("cases", "favours_customer")):
            for item in data.get(key) or []:
                options = item.get("options") if isinstance(item, dict) else None
                if not options or not all(isinstance(o, dict) and isinstance(o.get(flag), bool) for o in options):
                    continue
                right = [i for i, option in enumerate(options) if option[flag]]
                assert len(right) == 1, f"{path}: {item.get('id')}: needs exactly one right option"
                found.append(Question(f"{path.relative_to(content)} {item.get('id')}",
                                      tuple(str(o.get("text", "")) for o in options), right[0]))
    return found


def balance_problems(questions: list[Question]) -> list[str]:
    """What gives the answer away, in words; empty when nothing does."""
    total = len(questions)
    problems: list[str] = []
    longest = [q.where for q in questions if q.right_is_longest]
    if len(longest) > LONGEST_SHARE * total:
        problems.append(f"the right option is the longest in {len(longest)} of {total} questions (at most "
                        f"{int(LONGEST_SHARE * total)} allowed): " + ", ".join(longest))
    places = Counter(q.right for q in questions)
    for place, count in sorted(places.items()):
        if count > POSITION_SHARE * total:
            spread = ", ".join(f"{ORDINALS[p]} {n}" for p, n in sorted(places.items()))
            problems.append(f"the right option is {ORDINALS[place]} in {count} of {total} questions "
                            f"({count / total:.0%}; at most 40 % allowed). Right option by place: {spread}")
    return problems


def test_the_course_has_questions_to_check() -> None:
    questions = questions_in(CONTENT_DIR)
    assert len(questions) >= 20  # 12 check-ins and 8 decision cases when this test was written
    assert {q.where.split("/")[0] for q in questions} >= {"inversion", "response-time", "owning-mistakes", "team"}


def test_neither_length_nor_position_gives_the_right_option_away() -> None:
    problems = balance_problems(questions_in(CONTENT_DIR))
    assert not problems, "\n".join(problems)


def write_questions(folder: Path, rows: list[tuple[list[str], int]], key: str = "questions",
                    flag: str = "correct") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    items = [{"id": f"q{n}", "prompt": "A question written for this test?",
              "options": [{"text": text, flag: i == right, "feedback": "Why."} for i, text in enumerate(texts)]}
             for n, (texts, right) in enumerate(rows)]
    (folder / "checkins.yaml").write_text(yaml.safe_dump({key: items}), encoding="utf-8")


def test_a_planted_set_where_the_answer_is_always_first_and_longest_fails(tmp_path: Path) -> None:
    biased = [(["The careful, complete and clearly right answer", "A short slip", "Another slip"], 0)] * 5
    fair = [(["Short", "The longest option of the three", "Middle one"], 2)]
    write_questions(tmp_path / "lesson-a", biased + fair)
    write_questions(tmp_path / "lesson-b", [(["Keep it", "Refund and say nothing more"], 0)],
                    key="cases", flag="favours_customer")
    questions = questions_in(tmp_path)
    assert len(questions) == 7
    assert balance_problems(questions) == [
        "the right option is the longest in 5 of 7 questions (at most 2 allowed): "
        + ", ".join(f"lesson-a/checkins.yaml q{n}" for n in range(5)),
        "the right option is first in 6 of 7 questions (86%; at most 40 % allowed). "
        "Right option by place: first 6, third 1"]


def test_a_planted_balanced_set_passes(tmp_path: Path) -> None:
    rows = [(["Middle length", "Short", "The longest of these options"], 0),
            (["Short", "Middle length", "The longest of these options"], 1),
            (["The longest of these options", "Short", "Middle length"], 2),
            (["Short", "The longest of these options", "Middle length"], 2),
            (["Middle length", "The longest of these options", "Short"], 1)]
    write_questions(tmp_path / "lesson", rows)
    assert balance_problems(questions_in(tmp_path)) == []
