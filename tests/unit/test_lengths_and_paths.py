"""Issue 17: honest lengths, go-deeper parts, working alone or with a team, questions about an earlier lesson,
and the check's warning about two dollar signs — each driven as a coach or a learner would meet it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import widgets.lesson as ff
from widgets.core import keys
from widgets.core.content import COURSE_ROOT, ContentError, Problem, Record, Text, declared_minutes, load
from widgets.core.course import load_course
from widgets.core.markup import esc
from widgets.exercises.deeper import GoDeeper
from widgets.exercises.solo import FinishForYou, FollowsTeamSize, TeamSizeChoice, passage_view
from widgets.exercises.solo_debrief import DebriefForYou
from widgets.exercises.takeaway import Finish
from widgets.rules.deeper import Part, lesson_parts, load_deeper
from widgets.rules.lengths import WORDS_PER_MINUTE, markdown_words, part_minutes, words
from widgets.rules.recall import load_recall, recall_questions
from widgets.rules.solo import Passage, load_solo, prose_html, solo_content, works_alone
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore, default_store
from widgets.tools.check import Findings, check_course, report
from widgets.tools.check.dollars import content_warnings, dollar_warnings, markdown_warnings
from widgets.tools.check.lengths import course_lengths, length_warnings

COURSE = load_course()


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSE_ROOT / "lessons", root / "lessons")
    shutil.copytree(COURSE_ROOT / "assets", root / "assets")
    return root


def add_markdown(path: Path, text: str) -> None:
    """A coach adds a text cell at the end of a lesson."""
    notebook = json.loads(path.read_text())
    notebook["cells"].append({"cell_type": "markdown", "id": "added", "metadata": {}, "source": [text]})
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))


def saver_for(tmp_path: Path) -> Autosaver:
    return Autosaver(ProgressStore(tmp_path / "store"), delay=0.01)


# ---- minutes, in any content file ------------------------------------------------------------------------------

def test_any_content_file_may_say_how_long_it_takes(tmp_path: Path) -> None:
    spec = Record({"title": Text()})
    path = tmp_path / "thing.yaml"
    path.write_text("minutes: 1.5\ntitle: A title\n")
    assert load(path, spec) == {"title": "A title"}  # the spec never sees it
    assert declared_minutes(path) == 1.5
    path.write_text("title: A title\n")
    assert declared_minutes(path) is None
    path.write_text("title: A title\nminutes: soon\n")
    with pytest.raises(ContentError) as error:
        load(path, spec)
    assert str(error.value) == (f"{path}:2: minutes: must be a number of minutes, like 5 or 1.5, got 'soon'")
    path.write_text("minutes: 0\ntitle: A title\n")
    with pytest.raises(ContentError, match=r"thing\.yaml:1: minutes: must be more than 0 and at most 120 minutes"):
        declared_minutes(path)


def test_words_count_what_a_learner_reads() -> None:
    assert words("Reply within 24 h, 95 % of the time.") == 8
    assert markdown_words("## A heading\n\n![A long description for screen readers](x.svg) See [lesson 2]"
                          "(02_response_time.ipynb) or https://example.com <b>now</b>.") == 7


# ---- the lengths fail-forward check reports ------------------------------------------------------------------

def test_every_lesson_states_its_true_length_and_each_main_lesson_takes_15_to_25_minutes() -> None:
    lengths = course_lengths()
    assert [found.lesson.id for found in lengths] == [lesson.id for lesson in COURSE.lessons]
    assert length_warnings(lengths) == []
    for found in lengths:
        assert abs(found.lesson.minutes - found.core.minutes) <= 0.2 * found.core.minutes, found.lesson.id
        assert not found.core.gaps, found.core.gaps
    main = [found for found in lengths if found.lesson.id not in ("welcome", "playbook")]
    assert all(15 <= round(found.core.minutes) <= 25 for found in main)
    by_id = {found.lesson.id: found for found in lengths}
    assert [name for name, _ in by_id["response-time"].optional] == ["your-inbox", "keep-your-promise"]
    text, code = report(check_course())
    assert code == 0
    assert "02_response_time.ipynb" in text and "optional 16 min in 2 parts" in text


def test_the_check_warns_when_a_lesson_outgrows_its_stated_minutes(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    lesson = root / "lessons" / "04_leading_your_team.ipynb"
    add_markdown(lesson, "## More\n\n" + "Another careful sentence about the team. " * 500)  # 3,000 words: 13 min
    (root / "assets/content/team/debrief.yaml").write_text(
        (root / "assets/content/team/debrief.yaml").read_text().replace("minutes: 7\n", ""))
    found = check_course(root)
    text, code = report(found)
    assert code == 0  # warnings never fail the check
    assert found.problems == []
    line = next(i for i, row in enumerate((root / "assets/content/course.yaml").read_text().splitlines(), 1)
                if row.strip() == "minutes: 21")
    messages = [str(w) for w in found.warnings]
    assert any(m.startswith(f"assets/content/course.yaml:{line}: lessons[4].minutes: says 21 minutes, but "
                            "04_leading_your_team.ipynb's core path comes to about") for m in messages), messages
    assert any(m.startswith("lessons/04_leading_your_team.ipynb: its core path comes to about") and
               "should take 15 to 25" in m for m in messages)
    assert ("lessons/04_leading_your_team.ipynb: can't be timed in full: assets/content/team/debrief.yaml has no "
            "'minutes' field") in messages
    assert "3 warnings (the course works, but look at these):" in text


def test_while_there_are_problems_only_they_are_listed() -> None:
    found = Findings([Problem("x.yaml", 3, "title", "is missing"), Problem("y.yaml", 1, "", "is odd", warning=True)])
    found.lengths = "Lesson lengths: …"
    text, code = report(found)
    assert code == 1
    assert text.splitlines() == ["x.yaml:3: title: is missing", "1 problem found."]
    text, code = report(Findings(found.warnings))
    assert code == 0
    assert text.splitlines() == ["1 warning (the course works, but look at this):", "  y.yaml:1: is odd",
                                 "The course is in good shape: no problems found."]


# ---- two dollar signs ------------------------------------------------------------------------------------------

def test_the_check_warns_about_two_dollar_signs_in_a_paragraph_or_a_text(tmp_path: Path) -> None:
    assert dollar_warnings(COURSE_ROOT) == []
    notebook = tmp_path / "lesson.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["A $120 order, and the difference is $18."]},
        {"cell_type": "markdown", "source": ["It costs $5.\n\nAnother paragraph costs $6."]},
        {"cell_type": "markdown", "source": ["- a clasp, $8\n- a chain, $30"]},
        {"cell_type": "code", "source": ["x = '$1 $2'"]}]}))
    found = [str(p) for p in markdown_warnings(notebook)]
    assert found == [f"{notebook}: cells[0]: a paragraph has 2 dollar signs (“A $120 order, and the difference is "
                     "$18.”). Voila shows the words between two $ signs as a formula. Keep one $ per paragraph: "
                     "write the other amount as, say, '18 dollars', or put it in a paragraph of its own"]
    content = tmp_path / "cases.yaml"
    content.write_text("cases:\n  - situation: >-\n      A $120 order,\n      and $18 back.\n  - situation: $5 only\n")
    (warning,) = content_warnings(content)
    assert warning.warning and warning.line == 2 and warning.field == "cases[0].situation"


# ---- go-deeper parts -------------------------------------------------------------------------------------------

DEEPER = """\
parts:
  - id: more
    title: More calls
    summary: Two more.
    intro: |
      Same shop.
    shows: decisions
    cases: [clasp-after-warranty, no-such-case]
  - id: again
    title: Again
    summary: The same one twice.
    intro: Hello.
    shows: decisions
    cases: [clasp-after-warranty]
  - id: inbox-here
    title: The inbox
    summary: In the wrong lesson.
    intro: Hello.
    shows: inbox
  - id: loose
    title: Loose cases
    summary: Cases on a scenario.
    intro: Hello.
    shows: scenario
    cases: [clasp-after-warranty]
"""


def test_a_go_deeper_file_is_checked_against_the_lesson_it_is_in(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "assets/content/owning-mistakes/go-deeper.yaml"
    path.write_text(DEEPER)
    with pytest.raises(ContentError) as error:
        load_deeper(path)
    assert [str(p).split("go-deeper.yaml:")[1] for p in error.value.problems] == [
        "25: parts[3].cases: only a part that shows decisions takes cases; this one shows scenario"]
    path.write_text(DEEPER.rsplit("  - id: loose", 1)[0])
    with pytest.raises(ContentError) as error:
        load_deeper(path)
    found = [str(p).split("go-deeper.yaml:")[1] for p in error.value.problems]
    assert found[0].startswith("8: parts[0].cases[1]: 'no-such-case' is not a case in decisions.yaml (cases: "
                               "clasp-after-warranty, delivered-but-missing")
    assert found[1:] == ["14: parts[1].cases[0]: 'clasp-after-warranty' is already in parts[0]",
                         "19: parts[2].shows: inbox belongs to lesson 'response-time', and this file is in lesson "
                         "'owning-mistakes''s folder"]


def test_a_part_is_closed_built_only_when_opened_and_opens_itself_once_started(tmp_path: Path) -> None:
    saver = saver_for(tmp_path)
    part = lesson_parts("owning-mistakes")["four-more-calls"]
    built: list[int] = []

    def build() -> GoDeeper:
        from widgets.exercises.decisions import DecisionCases
        from widgets.rules.decisions import lesson_decisions
        intro, cases = lesson_decisions("owning-mistakes")
        built.append(1)
        return DecisionCases(lesson="owning-mistakes", saver=saver,
                             content=(intro, tuple(c for c in cases if c.id in part.cases)))

    card = GoDeeper(part, build, minutes=4, store=saver.store)
    assert not card.is_open and card.exercise is None and built == []
    assert "Go deeper · optional · about 4 minutes</p>" in card.head.value
    card.button.click()
    assert card.is_open and card.button.description == "Close this part" and built == [1]
    card.exercise.cases[1].pick(2)
    saver.flush()
    card.button.click()
    assert not card.is_open and card.button.description == "Open this part"
    card.button.click()
    assert built == [1]  # opened again, not built again
    again = GoDeeper(part, build, minutes=4, store=saver.store)
    assert again.is_open and "you&#x27;ve started it" in again.head.value
    assert again.exercise.cases[1].choice.startswith("Resize and re-engrave it free")
    assert part.has_saved_work({"owning-mistakes": saver.store.answers("owning-mistakes")})
    other = Part("owning-mistakes", "x", "X", "", "", "decisions", ("chipped-at-the-market",))
    assert not other.has_saved_work({"owning-mistakes": saver.store.answers("owning-mistakes")})


def test_the_lesson_shows_the_cases_its_parts_leave_and_a_part_says_how_long_it_takes() -> None:
    own = ff.decisions("owning-mistakes")
    taken = lesson_parts("owning-mistakes")["four-more-calls"].cases
    assert [case.question.id for case in own.cases] == ["clasp-after-warranty", "initials-in-the-wrong-order",
                                                        "reaction-to-earrings", "pearls-before-the-wedding"]
    assert not set(taken) & {case.question.id for case in own.cases}
    estimate = part_minutes("owning-mistakes", "four-more-calls")
    intro = lesson_parts("owning-mistakes")["four-more-calls"]
    read = (words(intro.title) + words(intro.summary) + words(intro.intro)) / WORDS_PER_MINUTE
    assert estimate.minutes == pytest.approx(read + 4 * 1)
    card = ff.go_deeper("owning-mistakes", "four-more-calls")
    assert isinstance(card, GoDeeper) and card.exercise is None


# ---- alone or with a team ----------------------------------------------------------------------------------------

def test_passage_text_keeps_paragraphs_lists_and_bold_and_escapes_the_rest() -> None:
    assert prose_html("**Alone?** Then <script>x</script>\nthis.\n\n- one\n- two\n\n1. first") == (
        "<p><strong>Alone?</strong> Then &lt;script&gt;x&lt;/script&gt; this.</p><ul><li>one</li><li>two</li></ul>"
        "<ol><li>first</li></ol>")
    hidden = passage_view(Passage("x", "", "Only alone."), alone=False)
    assert hidden.layout.display == "none"
    assert works_alone("alone") and not works_alone("team") and not works_alone(None)


def test_a_solo_file_is_checked(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "assets/content/owning-mistakes/solo.yaml"
    path.write_text("passages:\n  - id: empty\ndebrief:\n  title: Mine\n")
    with pytest.raises(ContentError) as error:
        load_solo(path)
    assert [str(p).split("solo.yaml:")[1] for p in error.value.problems] == [
        "2: passages[0]: needs a 'team' or an 'alone' version (or both)"]
    path.write_text("passages: []\ndebrief:\n  title: Mine\n")
    with pytest.raises(ContentError, match=r"solo\.yaml:3: debrief: only lesson 'team' has a debrief"):
        load_solo(path)
    team = root / "assets/content/team/solo.yaml"
    team.write_text(team.read_text().replace("example: Me (Maya)", "example: The team"))
    with pytest.raises(ContentError, match=r"debrief.fields.owner.example: the example would get this hint"):
        load_solo(team)


def test_choosing_to_work_alone_changes_lesson_4_on_the_same_page(tmp_path: Path) -> None:
    saver = saver_for(tmp_path)
    choice = TeamSizeChoice(saver=saver)
    found = solo_content("team").passages["who-is-in-the-room"]
    lead = FollowsTeamSize(lambda alone: passage_view(found, alone), saver=saver)
    debrief = DebriefForYou(saver=saver)
    finish = FinishForYou(COURSE.lesson("team"), alone_takeaway=solo_content("team").takeaway, saver=saver)
    assert isinstance(finish, Finish)
    assert lead.shown.layout.display == "none"  # nothing for a team here
    assert debrief.content.title == "Your team debrief"
    debrief.boxes["happened"].value = "The pendant went out with the wrong date."
    finish.answer.value = "Priya, so she hears how I own it."

    choice.pick("alone")
    saver.flush()
    assert saver.store.load(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key) == "alone"
    assert "Someone can still play the team lead" in lead.shown.value
    assert debrief.content.title == "Your after-action review"
    assert debrief.boxes["change"].description == "What will you change?"
    assert debrief.boxes["owner"].placeholder == "e.g. Me (Maya)"
    assert debrief.boxes["happened"].value == "The pendant went out with the wrong date."
    assert finish.answer.description == solo_content("team").takeaway
    assert finish.answer.value == "Priya, so she hears how I own it."
    assert "Lessons 3 and 4 will speak to you as someone who runs the business alone" in choice.note.value

    choice.pick("team")
    saver.flush()
    assert lead.shown.layout.display == "none" and debrief.content.title == "Your team debrief"
    assert finish.answer.description == COURSE.lesson("team").takeaway
    for widget in (lead, debrief, finish, choice):
        widget.close()
    assert saver.listener_count() == 0


def test_the_playbook_asks_each_takeaway_as_the_learner_was_asked_it() -> None:
    store = default_store()
    store.save(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key, "alone")
    store.save("team", keys.TAKEAWAY.key, "My sister, at markets.")
    assert esc(solo_content("team").takeaway) in ff.playbook_preview().view.value
    store.save(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key, "team")
    assert "Who on your team will you bring" in ff.playbook_preview().view.value


# ---- questions about an earlier lesson ---------------------------------------------------------------------------

def test_recall_questions_ask_about_an_earlier_lesson(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "assets/content/response-time/recall.yaml"
    text = path.read_text()
    path.write_text(text.replace("about: inversion", "about: team", 1).replace("about: inversion", "about: nope"))
    with pytest.raises(ContentError) as error:
        load_recall(path)
    messages = [str(p).split("recall.yaml:")[1] for p in error.value.problems]
    assert messages[0].endswith("questions[0].about: 'team' doesn't come before 'response-time': a recall question "
                                "asks about a lesson the learner has already had")
    assert "questions[1].about: 'nope' is not a lesson of the course (lesson ids: welcome," in messages[1]
    for lesson in ("response-time", "owning-mistakes", "team", "playbook"):
        assert recall_questions(lesson)


def test_a_recall_answer_is_saved_under_the_lesson_that_asks_and_comes_back(tmp_path: Path) -> None:
    card = ff.recall("team", "over-the-limit")
    assert "Looking back · Lesson 3: Owning mistakes" in card.children[0].value
    card.pick(2)
    assert card.feedback.kind == "success"
    from widgets.store.autosave import default_autosaver
    default_autosaver().flush()
    assert default_store().load("team", "recall:over-the-limit") == card.question.options[2].text
    again = ff.recall("team", "over-the-limit")
    assert again.choice == card.question.options[2].text and again.feedback.kind == "success"


# ---- the notebooks' new calls are checked -------------------------------------------------------------------

def test_the_check_names_an_unknown_part_passage_or_recall_question_and_a_part_never_shown(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/04_leading_your_team.ipynb"
    text = (path.read_text().replace('ff.go_deeper(\\"team\\", \\"rehearse-the-call\\")',
                                     'ff.go_deeper(\\"team\\", \\"rehearse\\")')
            .replace('ff.passage(\\"team\\", \\"the-debrief\\")', 'ff.passage(\\"team\\", \\"debrief\\")')
            .replace('ff.recall(\\"team\\", \\"over-the-limit\\")', 'ff.recall(\\"team\\")'))
    path.write_text(text)
    found = check_course(root)
    messages = [str(p) for p in found.problems]
    assert any(m.endswith("asks for go-deeper part 'rehearse', which is not in assets/content/team/go-deeper.yaml "
                          "(known: practice-the-reframe, rehearse-the-call)") for m in messages), messages
    assert any(m.endswith("asks for passage 'debrief', which is not in assets/content/team/solo.yaml (known: "
                          "your-reaction, who-is-in-the-room, the-debrief, before-you-go)") for m in messages)
    assert any(m.endswith("ff.recall is called the wrong way: missing a required argument: 'question_id' "
                          "(see widgets/lesson.py)") for m in messages)
    assert "assets/content/team/go-deeper.yaml: parts[1]: 'rehearse-the-call' is not shown in any lesson: add " \
           "ff.go_deeper('team', 'rehearse-the-call') to the lesson" in [str(w) for w in found.warnings]
