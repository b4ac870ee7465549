"""What the lesson notebooks call: one line per widget.

    import widgets.lesson as ff
    ff.header("inversion")

Every call returns a widget; if anything goes wrong it returns a friendly
notice instead, so a learner never sees a traceback. Each exercise's module is
imported by the call that builds it, so a lesson loads only what it shows (lesson 2
needs pandas and numpy; the others don't).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec

import ipywidgets as w

from widgets.core import keys
from widgets.core.course import Lesson, course, lesson_label
from widgets.core.markup import Markup, html
from widgets.look.navigation import Stepper
from widgets.look.safe import friendly
from widgets.look.ui import SharedLayout, callout, close_all, html_block, in_voila, shared, stylesheet
from widgets.store.progress import ProgressStore, default_store
from widgets.store.sharing import cohort_folder

if TYPE_CHECKING:
    from widgets.rules.deeper import Part

P = ParamSpec("P")


SHARED_NOTE = ("Your answers are visible to your coach: as you work, this course keeps a copy of your progress "
               "in a folder your coach can read.")


def header_html(lesson: Lesson, lesson_count: int, *, shared: bool = False, optional_minutes: int = 0) -> Markup:
    """The title block of a lesson (on the welcome lesson with cohort sharing on, ``shared`` says who sees answers;
    ``optional_minutes``: how long the lesson's go-deeper parts take, if it has any)."""
    if lesson.number == 0:
        kicker = f"Fail Forward · Start here · about {lesson.minutes} minutes"
    else:
        kicker = (f"Fail Forward · Lesson {lesson.number} of {lesson_count - 1} · "
                  f"about {lesson.minutes} minutes")
    if optional_minutes:
        kicker += f", plus {optional_minutes} optional"
    note = html("<p class='ff-summary ff-shared-note'>{}</p>", SHARED_NOTE) if shared else Markup("")
    return html("<header class='ff-lesson-header'><p class='ff-kicker'>{}</p><h1 class='ff-title'>{}</h1>"
                "<p class='ff-summary'>{}</p>{}</header>", kicker, lesson.title, lesson.summary, note)


def wait_for_learner() -> None:
    """With preheated kernels, Voila runs a lesson before anyone asks for it. Pause here
    until a learner's request arrives, so answers are read from the store then, not minutes
    earlier (the imports above this call are what preheating buys)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from widgets.tools.voila_preheat import wait_for_request

        wait_for_request()


class SavedWorkNotice(w.Box):
    """Where the page says its work can't be kept: shown on opening, or the moment saving fails (a full disk)."""

    def __init__(self, store: ProgressStore) -> None:
        super().__init__(layout=shared(SharedLayout), _dom_classes=("ff-saved-work-notice",))
        self.store = store
        self.shown: list[w.Widget] = []
        self.show(store.notice or "")
        store.on_notice(self.show)

    def show(self, text: str) -> None:
        """Show ``text`` as the notice, or nothing."""
        old, self.shown = self.shown, [callout(text, kind="notice", title="About your saved work")] if text else []
        self.children = self.shown
        close_all(old)

    def close(self) -> None:
        """Stop following the store's notices, then close."""
        self.store.off_notice(self.show)
        close_all(self.shown)
        super().close()


_built: dict[tuple[Any, ...], w.Widget] = {}


def later(build: Callable[P, w.Widget]) -> Callable[P, w.Widget]:
    """In Voila, the widget is built just after the page is sent, in page order (see ``look/later.py``):
    the page reaches the learner sooner. Elsewhere (JupyterLab, tests) it is built at once."""
    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> w.Widget:
        if not in_voila():
            return build(*args, **kwargs)
        from widgets.look.later import Later

        return Later(lambda: build(*args, **kwargs), kind=build.__name__.replace("_", "-"))
    return wrapper


def rebuilt(build: Callable[P, w.Widget]) -> Callable[P, w.Widget]:
    """Running a lesson's cell again (in JupyterLab) closes what the same call built before, so the old
    widgets, and everything they listened to, go; a page shows each call's widget once."""
    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> w.Widget:
        key = (build.__name__, args, tuple(sorted(kwargs.items())))
        old = _built.pop(key, None)
        if old is not None:
            close_all([old])
        widget = build(*args, **kwargs)
        _built[key] = widget
        return widget
    return wrapper


def optional_minutes(lesson_id: str) -> int:
    """How long a lesson's go-deeper parts take together (0 when it has none, or they can't be read)."""
    from widgets.rules.deeper import lesson_parts
    from widgets.rules.lengths import about, minutes_of_part

    try:  # from the parts as the lesson's go-deeper cards read them (once per kernel)
        minutes = sum(minutes_of_part(part, lesson_id).minutes for part in lesson_parts(lesson_id).values())
    except Exception:  # the header must show whatever the parts' file holds; the parts say what's wrong
        return 0
    return about(minutes) if minutes else 0


@rebuilt
@friendly
def header(lesson_id: str) -> w.Widget:
    """The lesson's title, its place in the course, and any notice about saved work."""
    wait_for_learner()
    the_course = course()
    lesson = the_course.lesson(lesson_id)
    store = default_store()
    parts: list[w.Widget] = [] if in_voila() else [stylesheet()]  # Voila's template links the stylesheet
    parts.append(SavedWorkNotice(store))
    parts.append(Stepper(lesson, store=store, the_course=the_course))
    coach_sees = lesson.id == keys.WELCOME and cohort_folder() is not None
    parts.append(html_block(header_html(lesson, len(the_course.lessons), shared=coach_sees,
                                        optional_minutes=optional_minutes(lesson_id))))
    if in_voila():  # pressed by the page once its first screen is on view: the exercises below are built then
        from widgets.look.later import PageShown

        parts.append(PageShown())
    return w.VBox(parts, layout=shared(SharedLayout), _dom_classes=("ff-header-box",))


@rebuilt
@friendly
def name_entry() -> w.Widget:
    """Welcome: the learner's name."""
    from widgets.exercises.welcome import NameEntry

    return NameEntry()


@rebuilt
@later
@friendly
def course_map(current: str | None = None) -> w.Widget:
    """Every lesson with its status."""
    from widgets.look.navigation import CourseMap

    return CourseMap(current=current)


@rebuilt
@friendly
def finish(lesson_id: str) -> w.Widget:
    """The takeaway question, 'mark lesson done', and previous / next. A lesson whose ``solo.yaml`` has a takeaway
    for someone who works alone asks that one when the learner does."""
    built = takeaway_card(lesson_id)
    if in_voila():  # the lesson's last cell: build the exercises waiting above, while the page travels
        from widgets.look.later import start

        start()
    return built


@later
@friendly
def takeaway_card(lesson_id: str) -> w.Widget:
    """What ``finish`` shows: at the foot of the lesson, so in Voila it too is built just after the page is sent."""
    from widgets.exercises.takeaway import Finish
    from widgets.rules.solo import solo_content

    lesson = course().lesson(lesson_id)
    alone_takeaway = solo_content(lesson_id).takeaway
    if alone_takeaway:
        from widgets.exercises.solo import FinishForYou

        return FinishForYou(lesson, alone_takeaway=alone_takeaway)
    return Finish(lesson)


@rebuilt
@later
@friendly
def team_size() -> w.Widget:
    """Welcome (and the lessons that depend on it): does the learner run the business alone, or with a team?"""
    from widgets.exercises.solo import TeamSizeChoice

    return TeamSizeChoice()


@rebuilt
@friendly
def passage(lesson_id: str, passage_id: str) -> w.Widget:
    """Text from the lesson's ``solo.yaml``, in the version for the learner's way of working (alone, or with a
    team), and again when they change it."""
    from widgets.exercises.solo import FollowsTeamSize, passage_view
    from widgets.rules.solo import passage as find_passage

    course().lesson(lesson_id)
    found = find_passage(lesson_id, passage_id)
    return FollowsTeamSize(lambda alone: passage_view(found, alone))


@rebuilt
@friendly
def recall(lesson_id: str, question_id: str) -> w.Widget:
    """A question about an earlier lesson, from the lesson's ``recall.yaml``."""
    from widgets.exercises.checkin import CheckIn
    from widgets.rules.recall import recall_questions

    the_course = course()
    the_course.lesson(lesson_id)
    found = recall_questions(lesson_id)
    if question_id not in found:
        raise KeyError(f"no recall question {question_id!r} for lesson {lesson_id!r} (known: {', '.join(found)})")
    question = found[question_id]
    about = the_course.lesson(question.about)
    return CheckIn(question.question, lesson=lesson_id, title=f"Looking back · {lesson_label(about)}",
                   saved_key=keys.RECALL, classes=("ff-checkin", "ff-recall"))


@rebuilt
@later
@friendly
def go_deeper(lesson_id: str, part_id: str) -> w.Widget:
    """An optional part of the lesson (``go-deeper.yaml``): a collapsed card whose exercise is built when opened."""
    from widgets.exercises.deeper import GoDeeper
    from widgets.rules.deeper import part
    from widgets.rules.lengths import about, part_minutes

    course().lesson(lesson_id)
    found = part(lesson_id, part_id)

    @friendly
    def build_part() -> w.Widget:
        return _part_exercise(found)

    return GoDeeper(found, build_part, minutes=about(part_minutes(lesson_id, part_id).minutes))


def _part_exercise(found: Part) -> w.Widget:
    """The exercise a go-deeper part shows (``rules.deeper.SHOWS``)."""
    if found.shows == "inbox":
        from widgets.exercises.inbox import Inbox
        return Inbox()
    if found.shows == "promise-simulator":
        from widgets.exercises.simulator import PromiseSimulator
        return PromiseSimulator()
    if found.shows == "response-explorer":
        from widgets.exercises.explorer import ResponseExplorer
        return ResponseExplorer()
    if found.shows == "reframing-drill":
        from widgets.exercises.reframing import ReframingDrill
        return ReframingDrill()
    if found.shows == "scenario":
        from widgets.exercises.scenario import ScenarioPlayer
        from widgets.rules.scenario import lesson_scenario
        return ScenarioPlayer(scenario=lesson_scenario(found.lesson), lesson=found.lesson)
    if found.shows == "decisions":
        from widgets.exercises.decisions import DecisionCases
        from widgets.rules.decisions import lesson_decisions
        intro, cases = lesson_decisions(found.lesson)
        by_id = {case.id: case for case in cases}
        return DecisionCases(lesson=found.lesson, content=(intro, tuple(by_id[c] for c in found.cases)))
    raise ValueError(f"a go-deeper part can't show {found.shows!r}")


@rebuilt
@later
@friendly
def checkin(lesson_id: str, question_id: str) -> w.Widget:
    """A check-in question from the lesson's ``checkins.yaml``."""
    from widgets.exercises.checkin import CheckIn
    from widgets.rules.checkin import lesson_checkins

    course().lesson(lesson_id)
    found = lesson_checkins(lesson_id)
    if question_id not in found.questions:
        raise KeyError(f"no check-in {question_id!r} for lesson {lesson_id!r} (known: {', '.join(found.questions)})")
    return CheckIn(found.questions[question_id], lesson=lesson_id, title=found.title)


@rebuilt
@later
@friendly
def self_check(lesson_id: str) -> w.Widget:
    """The self-check (``welcome/self-check.yaml``): in the welcome, the learner's habits at the start; in any later
    lesson, the same habits again, each beside its rating at the start."""
    from widgets.exercises.self_check import SelfCheck

    course().lesson(lesson_id)
    return SelfCheck(lesson=lesson_id)


@rebuilt
@later
@friendly
def reflection(lesson_id: str, reflection_id: str) -> w.Widget:
    """Open questions about the learner's own experience, from the lesson's ``reflections.yaml``."""
    from widgets.exercises.reflection import ReflectionCard
    from widgets.rules.reflection import lesson_reflections

    course().lesson(lesson_id)
    found = lesson_reflections(lesson_id)
    if reflection_id not in found:
        raise KeyError(f"no reflection {reflection_id!r} for lesson {lesson_id!r} (known: {', '.join(found)})")
    return ReflectionCard(found[reflection_id])


@rebuilt
@later
@friendly
def inversion_board() -> w.Widget:
    """Lesson 1's inversion board."""
    from widgets.exercises.inversion import InversionBoard

    return InversionBoard()


@rebuilt
@later
@friendly
def response_policy() -> w.Widget:
    """Lesson 2: crash it, then invert it, and set the response-time promise."""
    from widgets.exercises.policy import ResponsePolicy

    return ResponsePolicy()


@rebuilt
@later
@friendly
def response_explorer() -> w.Widget:
    """Lesson 2: the illustrative response-time explorer."""
    from widgets.exercises.explorer import ResponseExplorer

    return ResponseExplorer()


@rebuilt
@later
@friendly
def inbox() -> w.Widget:
    """Lesson 2: your own inbox, analysed against the promise."""
    from widgets.exercises.inbox import Inbox

    return Inbox()


@rebuilt
@later
@friendly
def promise_simulator() -> w.Widget:
    """Lesson 2: can I keep my promise?"""
    from widgets.exercises.simulator import PromiseSimulator

    return PromiseSimulator()


@rebuilt
@later
@friendly
def scenario(lesson_id: str) -> w.Widget:
    """A lesson's branching scenario (``assets/content/<lesson>/scenario.yaml``)."""
    from widgets.exercises.scenario import ScenarioPlayer
    from widgets.rules.scenario import lesson_scenario

    course().lesson(lesson_id)
    return ScenarioPlayer(scenario=lesson_scenario(lesson_id), lesson=lesson_id)


@rebuilt
@later
@friendly
def decisions(lesson_id: str) -> w.Widget:
    """A lesson's "fail in favor of the customer" decision cases."""
    from widgets.exercises.decisions import DecisionCases
    from widgets.rules.decisions import lesson_decisions
    from widgets.rules.deeper import optional_cases

    course().lesson(lesson_id)
    intro, cases = lesson_decisions(lesson_id)
    kept = optional_cases(lesson_id)  # shown in the lesson's go-deeper parts instead
    return DecisionCases(lesson=lesson_id, content=(intro, tuple(case for case in cases if case.id not in kept)))


@rebuilt
@later
@friendly
def recovery_workshop() -> w.Widget:
    """Lesson 3: write the recovery message, with a live checklist."""
    from widgets.exercises.recovery import RecoveryWorkshop

    return RecoveryWorkshop()


@rebuilt
@later
@friendly
def reframing_drill() -> w.Widget:
    """Lesson 4: turn anxious first thoughts into opportunity framings."""
    from widgets.exercises.reframing import ReframingDrill

    return ReframingDrill()


@rebuilt
@later
@friendly
def debrief() -> w.Widget:
    """Lesson 4: the after-action team debrief (or, for someone who works alone, their own after-action review)."""
    from widgets.exercises.solo_debrief import DebriefForYou

    return DebriefForYou()


@rebuilt
@later
@friendly
def take_your_work() -> w.Widget:
    """Download all progress as a file, or import one."""
    from widgets.exercises.carry import CarryYourWork

    return CarryYourWork()


@rebuilt
@later
@friendly
def playbook_preview() -> w.Widget:
    """The takeaways saved so far (each lesson's question as this learner was asked it)."""
    from widgets.exercises.playbook import PlaybookPreview
    from widgets.rules.solo import takeaway_for, works_alone

    the_course = course()
    alone = works_alone(default_store().load(keys.TEAM_SIZE.lesson, keys.TEAM_SIZE.key))
    lessons = tuple(dataclasses.replace(lesson, takeaway=takeaway_for(lesson.id, alone, lesson.takeaway))
                    for lesson in the_course.lessons)
    return PlaybookPreview(the_course=dataclasses.replace(the_course, lessons=lessons))


__all__ = ["checkin", "course_map", "debrief", "decisions", "finish", "go_deeper", "header", "inbox",
           "inversion_board", "lesson_label", "name_entry", "passage", "playbook_preview", "promise_simulator",
           "recall", "recovery_workshop", "reflection", "reframing_drill", "response_explorer", "response_policy",
           "scenario", "self_check", "take_your_work", "team_size"]
