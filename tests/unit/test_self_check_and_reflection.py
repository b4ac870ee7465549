"""Where the learner starts: the self-check (welcome, and again in lesson 5) and the reflections, driven as a
learner would, with what the playbook makes of them."""

from __future__ import annotations

import shutil
from pathlib import Path

from widgets.core.content import COURSE_ROOT, ContentError
from widgets.core.course import course
from widgets.core.text import MAX_TEXT
from widgets.exercises.reflection import ReflectionCard
from widgets.exercises.self_check import SelfCheck
from widgets.rules.playbook import build_playbook, render_html, render_markdown
from widgets.rules.reflection import lesson_reflections, load_reflections
from widgets.rules.self_check import (
    compare,
    end_feedback,
    load_self_check,
    lowest,
    ratings,
    self_check_content,
    start_feedback,
)
from widgets.store.progress import ProgressStore

from .test_exercises import saver_for, wait_saved

CONTENT = self_check_content()
IDS = [statement.id for statement in CONTENT.statements]


def all_rated(label: str, **others: str) -> dict[str, str]:
    return {statement_id: others.get(statement_id.replace("-", "_"), label) for statement_id in IDS}


# ---- the rules ---------------------------------------------------------------------------------------------

def test_the_lowest_habit_is_named_with_where_the_course_takes_it_up() -> None:
    rated = all_rated("Usually", reply_on_time="Not yet")
    assert [s.id for s in lowest(CONTENT, rated)] == ["reply-on-time"]
    said = start_feedback(CONTENT, rated)
    assert said.startswith("Lowest for you: “Every customer message gets a first reply within a time I have "
                           "promised”. Lesson 2, Response-time inversion")
    tie = all_rated("Usually", reply_on_time="Sometimes", fix_the_system="Sometimes")
    assert "(and 1 other habit you rated the same)" in start_feedback(CONTENT, tie)
    assert "every habit “Always”" in start_feedback(CONTENT, all_rated("Always"))
    assert start_feedback(CONTENT, {IDS[0]: "Always"}) == ""  # nothing is said until every habit is rated


def test_ratings_drop_what_no_longer_fits_the_content() -> None:
    assert ratings({IDS[0]: "Usually", "gone": "Usually", IDS[1]: "Very much", IDS[2]: 3}, CONTENT) == {
        IDS[0]: "Usually"}
    assert ratings(["Usually"], CONTENT) == {} and ratings(None, CONTENT) == {}


def test_the_end_says_what_moved_and_reads_a_lower_rating_kindly() -> None:
    before = all_rated("Sometimes")
    after = all_rated("Usually", tell_the_truth="Not yet", reply_on_time="Sometimes")
    directions = [change.direction for change in compare(CONTENT, before, after)]
    assert directions.count("up") == 4 and directions.count("same") == 1 and directions.count("down") == 1
    said = end_feedback(CONTENT, before, after)
    assert said.startswith("Since the welcome, of 6 habits rated both times: 4 up, 1 the same, 1 down.")
    assert "see the habit more clearly" in said
    assert "nothing to compare with" in end_feedback(CONTENT, {}, after)
    assert end_feedback(CONTENT, before, {IDS[0]: "Usually"}) == ""


# ---- the self-check card -------------------------------------------------------------------------------------

def test_the_welcome_self_check_is_saved_restored_and_reset(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    card = SelfCheck(lesson="welcome", saver=saver_for(store))
    assert card.said == "" and card.note.value == ""
    for statement_id in IDS:
        card.rate(statement_id, "Usually")
    card.rate("fix-the-system", "Not yet")
    wait_saved(card.saver)
    assert store.load("welcome", "self-check") == all_rated("Usually", fix_the_system="Not yet")
    assert "Lesson 4, Leading your team through a failure" in card.note.value
    assert card.status.text == "✓ Saved"

    again = SelfCheck(lesson="welcome", saver=saver_for(ProgressStore(tmp_path)))
    assert again.scales["fix-the-system"].value == "Not yet" and again.said == card.said
    again.reset()
    wait_saved(again.saver)
    assert store.load("welcome", "self-check") == {} and again.scales[IDS[0]].value is None and again.said == ""


def test_the_self_check_again_shows_each_rating_from_the_start(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.save("welcome", "self-check", {IDS[0]: "Not yet", IDS[1]: "Always"})
    card = SelfCheck(lesson="playbook", saver=saver_for(store))
    before_lines = [child.value for child in card.children if "ff-self-check-before" in str(child.value)]
    assert before_lines[:3] == ["<p class='ff-self-check-before'>At the start: Not yet</p>",
                                "<p class='ff-self-check-before'>At the start: Always</p>",
                                "<p class='ff-self-check-before'>Not rated at the start</p>"]
    for statement_id in IDS:
        card.rate(statement_id, "Usually")
    wait_saved(card.saver)
    assert store.load("playbook", "self-check") == all_rated("Usually")
    assert store.load("welcome", "self-check") == {IDS[0]: "Not yet", IDS[1]: "Always"}  # the start is kept
    assert card.said.startswith("Since the welcome, of 2 habits rated both times: 1 up, 0 the same, 1 down.")
    assert card.summary()["at_the_start"] == {IDS[0]: "Not yet", IDS[1]: "Always"}


# ---- the reflection card --------------------------------------------------------------------------------------

def test_a_reflection_is_kept_as_typed_and_says_done_only_when_every_question_has_an_answer(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    card = ReflectionCard(lesson_reflections("welcome")["let-down"], saver=saver_for(store))
    card.write("what-happened", "My <b>lamp</b> 💡 arrived cracked")
    card.write("what-they-did", "   ")
    card.write("what-you-did", "Never again.")
    wait_saved(card.saver)
    assert card.said == "" and card.note.value == ""  # spaces are not an answer
    card.write("what-they-did", "Nothing for ten days.")
    wait_saved(card.saver)
    assert store.load("welcome", "reflection:let-down") == {"what-happened": "My <b>lamp</b> 💡 arrived cracked",
                                                            "what-they-did": "Nothing for ten days.",
                                                            "what-you-did": "Never again."}
    assert "Keep this story in mind" in card.note.value

    card.write("what-happened", "x" * 50_000)
    wait_saved(card.saver)
    assert card.feedback.kind == "hint" and "characters" in card.feedback.text
    assert store.load("welcome", "reflection:let-down")["what-happened"] == "My <b>lamp</b> 💡 arrived cracked"
    assert len("x" * 50_000) > MAX_TEXT

    again = ReflectionCard(lesson_reflections("welcome")["let-down"], saver=saver_for(ProgressStore(tmp_path)))
    assert again.boxes["what-happened"].value == "My <b>lamp</b> 💡 arrived cracked"


def test_looking_back_shows_the_welcome_story_escaped_or_where_to_find_it(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    looking_back = lesson_reflections("playbook")["looking-back"]
    empty = ReflectionCard(looking_back, saver=saver_for(store))
    assert "You haven't answered “When a business let you down” in the welcome yet" in empty.children[2].value
    store.save("welcome", "reflection:let-down", {"what-happened": "<script>alert(1)</script> broke"})
    card = ReflectionCard(looking_back, saver=saver_for(store))
    shown = card.children[2].value
    assert "What you wrote in the welcome:" in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt; broke" in shown and "<script>" not in shown
    assert "What did the business do about it" not in shown  # unanswered questions are left out


def test_the_playbook_starts_with_where_the_learner_started(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    assert render_markdown(build_playbook(store.load, course())).count("Your habits, where you started") == 0
    store.save("welcome", "self-check", {IDS[0]: "Sometimes"})
    store.save("playbook", "self-check", {IDS[0]: "Usually", IDS[1]: "Always"})
    store.save("welcome", "reflection:let-down", {"what-happened": "A <i>cracked</i> shade"})
    store.save("playbook", "reflection:looking-back", {"what-they-should-have-done": "Reply the same day"})
    book = build_playbook(store.load, course())
    text = render_markdown(book)
    assert text.index("## Welcome") < text.index("## Lesson 1")
    assert "At the start: Sometimes · now: Usually" in text and "At the start: not rated · now: Always" in text
    assert "*What went wrong?*  \nA <i>cracked</i> shade" in text
    assert "*What should they have said or done, and how soon?*  \nReply the same day" in text
    page = render_html(book)
    assert "A &lt;i&gt;cracked&lt;/i&gt; shade" in page and "<i>cracked" not in page


# ---- content checks --------------------------------------------------------------------------------------------

def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSE_ROOT / "assets", root / "assets")
    return root / "assets" / "content"


def test_a_habit_for_a_lesson_the_course_has_not_is_named_with_its_line(tmp_path: Path) -> None:
    content = course_copy(tmp_path)
    path = content / "welcome/self-check.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("lesson: inversion", "lesson: inversoin", 1),
                    encoding="utf-8")
    try:
        load_self_check(path)
    except ContentError as error:
        assert [str(p) for p in error.problems] == [
            f"{path}:29: statements[0].lesson: 'inversoin' is not a lesson of the course (lesson ids: welcome, "
            "inversion, response-time, owning-mistakes, team, playbook)"]
    else:
        raise AssertionError("a misspelt lesson id was accepted")


def test_a_reflection_recalling_one_that_does_not_exist_is_named_with_its_line(tmp_path: Path) -> None:
    content = course_copy(tmp_path)
    path = content / "playbook/reflections.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("recalls: welcome/let-down", "recalls: welcome/let-dwn"),
                    encoding="utf-8")
    try:
        load_reflections(path)
    except ContentError as error:
        assert [str(p) for p in error.problems] == [
            f"{path}:24: reflections[0].recalls: welcome's reflections.yaml has no reflection 'let-dwn'"]
    else:
        raise AssertionError("a reflection that recalls nothing was accepted")
