"""What the lesson notebooks call: one line per widget.

    import widgets.lesson as ff
    ff.header("inversion")

Every call returns a widget; if anything goes wrong it returns a friendly
notice instead, so a learner never sees a traceback. Each exercise's module is
imported by the call that builds it, so a lesson loads only what it shows (lesson 2
needs pandas and numpy; the others don't).
"""

from __future__ import annotations

import os

import ipywidgets as w

from widgets.core.course import Lesson, course
from widgets.look.navigation import Stepper, lesson_label
from widgets.look.safe import friendly
from widgets.look.ui import callout, esc, html_block, stylesheet
from widgets.store.progress import ProgressStore, default_store


def header_html(lesson: Lesson, lesson_count: int) -> str:
    """The title block of a lesson."""
    if lesson.number == 0:
        kicker = f"Fail Forward · Start here · about {lesson.minutes} minutes"
    else:
        kicker = (f"Fail Forward · Lesson {lesson.number} of {lesson_count - 1} · "
                  f"about {lesson.minutes} minutes")
    return (f"<header class='ff-lesson-header'><p class='ff-kicker'>{esc(kicker)}</p>"
            f"<h1 class='ff-title'>{esc(lesson.title)}</h1>"
            f"<p class='ff-summary'>{esc(lesson.summary)}</p></header>")


def wait_for_learner() -> None:
    """With preheated kernels, Voila runs a lesson before anyone asks for it. Pause here
    until a learner's request arrives, so answers are read from the store then, not minutes
    earlier (the imports above this call are what preheating buys)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import wait_for_request
        wait_for_request()


def saved_work_notice(store: ProgressStore) -> w.Box:
    """Where the page says its work can't be kept: shown on opening, or the moment saving fails (a full disk)."""
    box = w.Box()
    box.add_class("ff-saved-work-notice")

    def show(text: str) -> None:
        box.children = [callout(text, kind="notice", title="About your saved work")] if text else []

    show(store.notice or "")
    store.on_notice(show)
    return box


@friendly
def header(lesson_id: str) -> w.Widget:
    """The lesson's title, its place in the course, and any notice about saved work."""
    wait_for_learner()
    the_course = course()
    lesson = the_course.lesson(lesson_id)
    store = default_store()
    parts: list[w.Widget] = [stylesheet(), saved_work_notice(store)]
    parts.append(Stepper(lesson, store=store, the_course=the_course))
    parts.append(html_block(header_html(lesson, len(the_course.lessons))))
    box = w.VBox(parts)
    box.add_class("ff-header-box")
    return box


@friendly
def name_entry() -> w.Widget:
    """Welcome: the learner's name."""
    from widgets.exercises.welcome import NameEntry

    return NameEntry()


@friendly
def course_map(current: str | None = None) -> w.Widget:
    """Every lesson with its status."""
    from widgets.look.navigation import CourseMap

    return CourseMap(current=current)


@friendly
def finish(lesson_id: str) -> w.Widget:
    """The takeaway question, 'mark lesson done', and previous / next."""
    from widgets.exercises.takeaway import Finish

    return Finish(course().lesson(lesson_id))


@friendly
def checkin(lesson_id: str, question_id: str) -> w.Widget:
    """A check-in question from the lesson's ``checkins.yaml``."""
    from widgets.exercises.checkin import CheckIn, questions

    course().lesson(lesson_id)
    found = questions(lesson_id)
    if question_id not in found:
        raise KeyError(f"no check-in {question_id!r} for lesson {lesson_id!r} (known: {', '.join(found)})")
    return CheckIn(found[question_id], lesson=lesson_id)


@friendly
def inversion_board() -> w.Widget:
    """Lesson 1's inversion board."""
    from widgets.exercises.inversion import InversionBoard

    return InversionBoard()


@friendly
def response_policy() -> w.Widget:
    """Lesson 2: crash it, then invert it, and set the response-time promise."""
    from widgets.exercises.policy import ResponsePolicy

    return ResponsePolicy()


@friendly
def response_explorer() -> w.Widget:
    """Lesson 2: the illustrative response-time explorer."""
    from widgets.exercises.explorer import ResponseExplorer

    return ResponseExplorer()


@friendly
def inbox() -> w.Widget:
    """Lesson 2: your own inbox, analysed against the promise."""
    from widgets.exercises.inbox import Inbox

    return Inbox()


@friendly
def promise_simulator() -> w.Widget:
    """Lesson 2: can I keep my promise?"""
    from widgets.exercises.simulator import PromiseSimulator

    return PromiseSimulator()


@friendly
def scenario(lesson_id: str) -> w.Widget:
    """A lesson's branching scenario (``assets/content/<lesson>/scenario.yaml``)."""
    from widgets.exercises.scenario import ScenarioPlayer
    from widgets.rules.scenario import lesson_scenario

    course().lesson(lesson_id)
    return ScenarioPlayer(scenario=lesson_scenario(lesson_id), lesson=lesson_id)


@friendly
def decisions(lesson_id: str) -> w.Widget:
    """A lesson's "fail in favor of the customer" decision cases."""
    from widgets.exercises.decisions import DecisionCases

    course().lesson(lesson_id)
    return DecisionCases(lesson=lesson_id)


@friendly
def recovery_workshop() -> w.Widget:
    """Lesson 3: write the recovery message, with a live checklist."""
    from widgets.exercises.recovery import RecoveryWorkshop

    return RecoveryWorkshop()


@friendly
def reframing_drill() -> w.Widget:
    """Lesson 4: turn anxious first thoughts into opportunity framings."""
    from widgets.exercises.reframing import ReframingDrill

    return ReframingDrill()


@friendly
def debrief() -> w.Widget:
    """Lesson 4: the after-action team debrief."""
    from widgets.exercises.debrief import TeamDebrief

    return TeamDebrief()


@friendly
def take_your_work() -> w.Widget:
    """Download all progress as a file, or import one."""
    from widgets.exercises.carry import CarryYourWork

    return CarryYourWork()


@friendly
def playbook_preview() -> w.Widget:
    """The takeaways saved so far."""
    from widgets.exercises.playbook import PlaybookPreview

    return PlaybookPreview()


__all__ = ["checkin", "course_map", "debrief", "decisions", "finish", "header", "inbox", "inversion_board",
           "lesson_label", "name_entry", "playbook_preview", "promise_simulator", "recovery_workshop",
           "reframing_drill", "response_explorer", "response_policy", "scenario", "take_your_work"]
