"""Lesson 3's recovery workshop in Voila (issue 15): the next steps the issue quotes are recognised, blame in each
of its disguises is caught, and a third party named without blame is left alone, live as the learner types."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from widgets.core.course import load_course

from .helpers import assert_clean, open_lesson
from .server import CourseServer

MISTAKES = load_course().lesson("owning-mistakes")
OPENING = "I'm so sorry. The clasp we chose was too weak for everyday wear, and that's on us. "
NEXT_STEPS = [
    "Your new piece ships on Wednesday.",
    "Expect a call from me first thing tomorrow.",
    "It will be re-strung and back with you within a week.",
    "A courier will collect it on Monday.",
]
BLAME = {  # a reply of our own for each kind of disguised blame, and the note it should get
    "courier": ("The parcel clearly took a battering on its way to you.", "Blames the courier"),
    "staff": ("Our trainee fitted the wrong jump ring, I'm afraid.", "Blames your team"),
    "supplier": ("The clasps we were sent weren't the ones we ordered.", "Blames the supplier or maker"),
    "system": ("It should have been caught by quality control before it left us.", "Blames “the system”"),
    "weather": ("The damp winter won't have helped the spring.", "Blames the weather"),
    "fate": ("Sadly these things happen with fine jewellery.", "“These things happen”"),
    "her wear": ("Do take it off before sleeping, as that puts strain on the clasp.", "Puts it on her"),
    "a guess": ("I think it may have been knocked about on the way to you.", "Guesses at something done to it"),
    "our process": ("Our process let you down, simple as that.", "Blames “the system”"),
}
MENTIONS = [  # the same parties named for the fix, or a disguise named only to refuse it: no blame. Each sentence
    # also ticks a point the reply lacked, so the test knows the feedback has read it to the end.
    (OPENING, "Our supplier has sent a heavier clasp, and my assistant will post your necklace today.",
     "Says what happens next"),
    ("I'm so sorry. A new one goes out tomorrow. ", "I won't call this bad luck: the clasp I chose was too light.",
     "Tells the truth"),
]


def item(workshop: Locator, label: str) -> Locator:
    return workshop.locator(".ff-check-item", has_text=label)


def test_next_steps_and_disguised_blame_get_the_right_feedback_as_typed(
        page: Page, course_server: CourseServer, screenshot_dir: Path) -> None:
    open_lesson(page, course_server.url(MISTAKES.notebook))
    workshop = page.locator(".ff-recovery")
    box = workshop.locator("textarea")
    step = "Says what happens next"
    for sentence in NEXT_STEPS:
        box.fill(OPENING)
        expect(item(workshop, step)).to_have_class("ff-check-item ff-check-todo")
        box.press("End")
        box.press_sequentially(sentence)  # key by key, as a learner types
        expect(item(workshop, step)).to_have_class("ff-check-item ff-check-done")
        expect(item(workshop, "Blames no one")).to_have_class("ff-check-item ff-check-done")
    workshop.screenshot(path=str(screenshot_dir / "recovery-next-step-live.png"))

    for sentence, note in BLAME.values():
        box.fill(OPENING + "A new one goes out tomorrow. ")
        expect(item(workshop, "Blames no one")).to_have_class("ff-check-item ff-check-done")
        box.press("End")
        box.press_sequentially(sentence)
        expect(item(workshop, "Blames no one")).to_have_class("ff-check-item ff-check-todo")
        expect(workshop.locator(".ff-mark-notes")).to_contain_text(note)
        expect(workshop.locator(".ff-mark")).not_to_have_count(0)
    workshop.screenshot(path=str(screenshot_dir / "recovery-blame-live.png"))

    for start, sentence, ticked in MENTIONS:
        box.fill(start)
        expect(item(workshop, ticked)).to_have_class("ff-check-item ff-check-todo")
        box.press("End")
        box.press_sequentially(sentence)
        expect(item(workshop, ticked)).to_have_class("ff-check-item ff-check-done")
        expect(item(workshop, "Blames no one")).to_have_class("ff-check-item ff-check-done")
        expect(workshop.locator(".ff-mark")).to_have_count(0)
    assert_clean(page)
