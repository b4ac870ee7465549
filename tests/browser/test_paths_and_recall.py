"""Issue 17 in Voila: working alone or with a team, questions about the lesson before, optional "Go deeper" parts
and the decision cases with a spending limit — each answered, reloaded, and still there.

These tests keep a server and data folder of their own: the choice "I run my business alone" changes lesson 4
(its debrief's labels among them), which other browser tests read in the team version.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from widgets.core import keys
from widgets.core.course import load_course
from widgets.rules.recall import recall_questions
from widgets.rules.solo import solo_content
from widgets.store.progress import ProgressStore

from .helpers import assert_clean, open_lesson, open_part
from .server import CourseServer

COURSE = load_course()
TEAM = COURSE.lesson("team")
ALONE_TAKEAWAY = solo_content("team").takeaway


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    with CourseServer(tmp_path_factory.mktemp("paths-data")) as started:
        yield started


def choice(card: Locator, label: str) -> Locator:
    return card.get_by_role("radio", name=label)


def answer(card: Locator, label: str) -> None:
    """Pick an option by its text, as a learner would, and wait for its feedback."""
    card.get_by_role("radio", name=label).check()
    expect(card.locator(".ff-feedback")).to_be_visible()


def wait_until_saved(server: CourseServer, lesson: str, key: str, value: object, timeout: float = 15) -> None:
    """Wait until the learner's progress file holds ``value`` (a check-in shows no "Saved" line of its own)."""
    deadline = time.monotonic() + timeout
    while ProgressStore(server.data_dir).load(lesson, key) != value:
        assert time.monotonic() < deadline, f"{lesson}/{key} was not saved as {value!r}"
        time.sleep(0.1)  # polling the file the kernel writes, not waiting on the page


def test_the_choice_to_work_alone_changes_lesson_4_and_is_kept(page: Page, server: CourseServer,
                                                              screenshot_dir: Path) -> None:
    lesson4 = server.url(TEAM.notebook)
    open_lesson(page, lesson4)
    # Before any choice, lesson 4 speaks to a team.
    expect(page.locator(".ff-passage-team").first).to_contain_text("teaches your team how failures are handled")
    expect(page.locator(".ff-passage-alone:visible")).to_have_count(0)
    expect(page.locator(".ff-debrief .ff-card-title").first).to_have_text("Your team debrief")
    expect(page.locator(".ff-takeaway .ff-question .widget-label")).to_have_text(TEAM.takeaway)

    open_lesson(page, server.url("00_welcome.ipynb"))
    card = page.locator(".ff-team-size")
    choice(card, "I run my business alone").check()
    expect(card.locator(".ff-greeting")).to_contain_text("someone who runs the business alone")
    expect(card.locator(".ff-save-saved")).to_be_visible()

    open_lesson(page, lesson4)
    assert_clean(page)
    expect(choice(page.locator(".ff-team-size"), "I run my business alone")).to_be_checked()
    lead = page.locator(".ff-passage-alone", has_text="Someone can still play the team lead")
    expect(lead).to_be_visible()
    expect(lead).to_contain_text("let your own after-action review play the part")
    expect(page.locator(".ff-passage-alone").first).to_contain_text("the only people watching you")
    debrief = page.locator(".ff-debrief")
    expect(debrief.locator(".ff-card-title").first).to_have_text("Your after-action review")
    expect(debrief.get_by_label("What will you change?")).to_be_visible()
    expect(debrief.get_by_label("Who owns it?")).to_have_attribute("placeholder", "e.g. Me (Maya)")
    expect(page.locator(".ff-takeaway .ff-question .widget-label")).to_have_text(ALONE_TAKEAWAY)
    lead.screenshot(path=str(screenshot_dir / "lesson4-alone-team-lead.png"))

    # Written in the version for one person, the review and the takeaway survive a reload.
    debrief.get_by_label("What happened?").fill("A bracelet went out with the wrong initials.")
    expect(debrief.locator(".ff-save-saved").last).to_be_visible()
    takeaway = page.locator(".ff-takeaway textarea")
    takeaway.fill("My sister, who helps at markets: she can listen in next time.")
    expect(page.locator(".ff-takeaway .ff-save-saved")).to_be_visible()
    page.reload()
    open_lesson(page, lesson4)
    expect(page.locator(".ff-debrief .ff-card-title").first).to_have_text("Your after-action review")
    expect(page.locator(".ff-debrief").get_by_label("What happened?")).to_have_value(
        "A bracelet went out with the wrong initials.")
    expect(page.locator(".ff-takeaway textarea")).to_have_value(
        "My sister, who helps at markets: she can listen in next time.")

    # Changed in lesson 4 itself, the lesson follows at once and the answers stay.
    choice(page.locator(".ff-team-size"), "I work with a team").check()
    expect(page.locator(".ff-passage-team").first).to_contain_text("teaches your team how failures are handled")
    expect(page.locator(".ff-passage-alone:visible")).to_have_count(0)
    expect(page.locator(".ff-debrief .ff-card-title").first).to_have_text("Your team debrief")
    expect(page.locator(".ff-debrief").get_by_label("What will we change?")).to_be_visible()
    expect(page.locator(".ff-debrief").get_by_label("What happened?")).to_have_value(
        "A bracelet went out with the wrong initials.")
    expect(page.locator(".ff-takeaway .ff-question .widget-label")).to_have_text(TEAM.takeaway)
    assert_clean(page)

    open_lesson(page, server.url("00_welcome.ipynb"))
    expect(choice(page.locator(".ff-team-size"), "I work with a team")).to_be_checked()


def test_lesson_3_frames_the_staff_cases_for_one_person(page: Page, server: CourseServer) -> None:
    open_lesson(page, server.url("00_welcome.ipynb"))
    card = page.locator(".ff-team-size")
    choice(card, "I run my business alone").check()
    expect(card.locator(".ff-save-saved")).to_be_visible()
    open_lesson(page, server.url(COURSE.lesson("owning-mistakes").notebook))
    expect(page.locator(".ff-passage-alone")).to_contain_text("Play them as the one you'd leave in charge")
    expect(page.locator(".ff-passage-team:visible")).to_have_count(0)
    open_lesson(page, server.url("00_welcome.ipynb"))
    choice(page.locator(".ff-team-size"), "I work with a team").check()
    expect(page.locator(".ff-team-size .ff-save-saved")).to_be_visible()


def test_recall_questions_give_feedback_and_are_kept(page: Page, server: CourseServer, screenshot_dir: Path) -> None:
    url = server.url(COURSE.lesson("response-time").notebook)
    open_lesson(page, url)
    first, second = (recall_questions("response-time")[q].question
                     for q in ("the-inverted-question", "what-you-control"))
    cards = page.locator(".ff-recall")
    expect(cards).to_have_count(2)
    expect(cards.first.locator(".ff-card-title")).to_have_text("Looking back · Lesson 1: Inversion thinking")
    right = next(o for o in first.options if o.correct)
    wrong = next(o for o in second.options if not o.correct)
    answer(cards.first, right.text)
    expect(cards.first.locator(".ff-feedback-success")).to_contain_text(right.feedback[:40])
    answer(cards.nth(1), wrong.text)
    expect(cards.nth(1).locator(".ff-feedback-hint")).to_contain_text(wrong.feedback[:40])
    wait_until_saved(server, "response-time", keys.RECALL.item(first.id), right.text)
    wait_until_saved(server, "response-time", keys.RECALL.item(second.id), wrong.text)
    cards.first.screenshot(path=str(screenshot_dir / "recall-answered.png"))
    page.reload()
    open_lesson(page, url)
    cards = page.locator(".ff-recall")
    expect(cards.first.get_by_role("radio", name=right.text)).to_be_checked()
    expect(cards.first.locator(".ff-feedback-success")).to_contain_text(right.feedback[:40])
    expect(cards.nth(1).get_by_role("radio", name=wrong.text)).to_be_checked()
    assert_clean(page)

    review = server.url(COURSE.lesson("playbook").notebook)
    open_lesson(page, review)
    expect(page.locator(".ff-recall")).to_have_count(4)
    question = recall_questions("playbook")["what-to-do-first"].question
    pick = next(o for o in question.options if o.correct)
    card = page.locator(".ff-recall", has_text=question.prompt[:30])
    answer(card, pick.text)
    wait_until_saved(server, "playbook", keys.RECALL.item(question.id), pick.text)
    page.reload()
    open_lesson(page, review)
    expect(page.locator(".ff-recall", has_text=question.prompt[:30]).get_by_role("radio", name=pick.text)
           ).to_be_checked()


def test_go_deeper_opens_with_the_keyboard_and_opens_itself_once_started(page: Page, server: CourseServer,
                                                                        screenshot_dir: Path) -> None:
    url = server.url(COURSE.lesson("owning-mistakes").notebook)
    open_lesson(page, url)
    part = page.locator(".ff-deeper", has_text="Four more tough calls")
    expect(part.locator(".ff-deeper-kicker")).to_have_text("Go deeper · optional · about 4 minutes")
    expect(part.locator(".ff-decision")).to_have_count(0)  # built only when opened
    part.screenshot(path=str(screenshot_dir / "go-deeper-closed.png"))
    button = part.get_by_role("button", name="Open this part")
    button.focus()
    page.keyboard.press("Enter")
    expect(part.get_by_role("button", name="Close this part")).to_be_focused()
    cases = part.locator(".ff-decision")
    expect(cases).to_have_count(4)
    expect(part.locator(".ff-progress-text")).to_have_text("0 of 4 cases done")
    answer(cases.first, "Send a replacement pair today, let her know when it will arrive, and file the courier "
                        "claim yourself.")
    expect(cases.first.locator(".ff-feedback-success")).to_be_visible()
    wait_until_saved(server, "owning-mistakes", keys.DECISION.item("delivered-but-missing"),
                     "Send a replacement pair today, let her know when it will arrive, and file the courier claim "
                     "yourself.")
    closer = part.get_by_role("button", name="Close this part")
    closer.focus()
    page.keyboard.press("Space")  # Space works too, and closes it again
    expect(part.get_by_role("button", name="Open this part")).to_be_focused()
    expect(cases.first).to_be_hidden()

    page.reload()
    open_lesson(page, url)
    part = page.locator(".ff-deeper", has_text="Four more tough calls")
    expect(part.locator(".ff-deeper-kicker")).to_contain_text("you've started it")
    expect(part.get_by_role("button", name="Close this part")).to_be_visible()
    expect(part.locator(".ff-decision").first.get_by_role(
        "radio", name="Send a replacement pair today, let her know when it will arrive, and file the courier "
                      "claim yourself.")).to_be_checked()
    # The lesson's own four cases are the others, with the spending-limit trade-offs.
    expect(page.locator(".ff-decisions").first.locator(".ff-progress-text")).to_have_text("0 of 4 cases done")
    assert_clean(page)


def test_the_spending_limit_cases_are_answered_and_kept(page: Page, server: CourseServer) -> None:
    url = server.url(COURSE.lesson("owning-mistakes").notebook)
    open_lesson(page, url)
    own = page.locator(".ff-decisions").first
    over = own.locator(".ff-decision", has_text="well over your limit")
    answer(over, "Own the mistake, refund her $40 engraving fee now, and promise a call from the owner tonight "
                 "about the remake.")
    expect(over.locator(".ff-feedback-success")).to_contain_text("the same day")
    generous = own.locator(".ff-decision", has_text="sister's wedding")
    answer(generous, "Refund the full $90 today, with an apology, so she isn't out of pocket at all.")
    expect(generous.locator(".ff-feedback-hint")).to_contain_text("nothing to wear on Saturday")
    wait_until_saved(server, "owning-mistakes", keys.DECISION.item("pearls-before-the-wedding"),
                     "Refund the full $90 today, with an apology, so she isn't out of pocket at all.")
    page.reload()
    open_lesson(page, url)
    own = page.locator(".ff-decisions").first
    expect(own.locator(".ff-progress-text")).to_have_text("2 of 4 cases done")
    expect(own.locator(".ff-decision", has_text="sister's wedding").get_by_role(
        "radio", name="Refund the full $90 today, with an apology, so she isn't out of pocket at all.")).to_be_checked()
    assert_clean(page)


def test_opened_parts_and_the_version_for_one_person_are_accessible(page: Page, server: CourseServer) -> None:
    from .test_accessibility import axe_clean

    open_lesson(page, server.url("00_welcome.ipynb"))
    choice(page.locator(".ff-team-size"), "I run my business alone").check()
    expect(page.locator(".ff-team-size .ff-save-saved")).to_be_visible()
    for lesson, titles in (("team", ("Practice the reframe", "Rehearse the conversation")),
                           ("owning-mistakes", ("Four more tough calls", "On the phone: a late order")),
                           ("response-time", ("How fast do you reply today?", "Can I keep my promise?"))):
        open_lesson(page, server.url(COURSE.lesson(lesson).notebook))
        for title in titles:
            open_part(page, title)
        axe_clean(page, f"{lesson} with its optional parts open, for someone who works alone")
    open_lesson(page, server.url("00_welcome.ipynb"))
    choice(page.locator(".ff-team-size"), "I work with a team").check()
    expect(page.locator(".ff-team-size .ff-save-saved")).to_be_visible()


def test_where_you_start_is_kept_and_comes_back_at_the_end(page: Page, server: CourseServer,
                                                           screenshot_dir: Path) -> None:
    from widgets.rules.reflection import lesson_reflections
    from widgets.rules.self_check import self_check_content

    habits = [statement.id for statement in self_check_content().statements]
    welcome = server.url(COURSE.lesson("welcome").notebook)
    open_lesson(page, welcome)
    check = page.locator(".ff-self-check")
    given = ["Sometimes", "Usually", "Not yet", "Usually", "Sometimes", "Always"]
    for i, label in enumerate(given):
        check.locator(".ff-scale").nth(i).get_by_role("radio", name=label).check()
    expect(check.locator(".ff-greeting")).to_contain_text("Lowest for you: “Every customer message gets a first "
                                                          "reply")
    story = page.locator(".ff-reflection")
    prompts = lesson_reflections("welcome")["let-down"].prompts
    texts = ["A lamp <b>cracked</b> 💡", "Nothing for ten days.", "Never ordered again."]
    for prompt, text in zip(prompts, texts, strict=True):
        story.get_by_label(prompt.label).fill(text)
    expect(story.locator(".ff-greeting")).to_contain_text("Keep this story in mind")
    guess = page.locator(".ff-checkin", has_text="A first guess").first
    answer(guess, "A reply that day: sorry, here's what happens next, and a fix.")
    wait_until_saved(server, "welcome", keys.SELF_CHECK.key, dict(zip(habits, given, strict=True)))
    wait_until_saved(server, "welcome", keys.REFLECTION.item("let-down"),
                     {prompt.id: text for prompt, text in zip(prompts, texts, strict=True)})
    check.screenshot(path=str(screenshot_dir / "self-check-welcome.png"))
    page.reload()
    open_lesson(page, welcome)
    check = page.locator(".ff-self-check")
    expect(check.locator(".ff-scale").nth(2).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(page.locator(".ff-reflection").get_by_label(prompts[0].label)).to_have_value(texts[0])
    expect(page.locator(".ff-checkin", has_text="A first guess").first.locator(".ff-feedback-success")).to_be_visible()
    assert_clean(page)

    review = server.url(COURSE.lesson("playbook").notebook)
    open_lesson(page, review)
    again = page.locator(".ff-self-check")
    expect(again.locator(".ff-self-check-before").first).to_have_text("At the start: Sometimes")
    for i in range(len(habits)):
        again.locator(".ff-scale").nth(i).get_by_role("radio", name="Usually").check()
    expect(again.locator(".ff-greeting")).to_contain_text("Since the welcome, of 6 habits rated both times: 3 up, 2 "
                                                          "the same, 1 down")
    back = page.locator(".ff-reflection")
    expect(back.locator(".ff-recalled")).to_contain_text("A lamp <b>cracked</b> 💡")  # shown as typed, escaped
    back.get_by_label("What should they have said or done, and how soon?").fill("Replied the same day.")
    wait_until_saved(server, "playbook", keys.REFLECTION.item("looking-back"),
                     {"what-they-should-have-done": "Replied the same day.", "what-it-cost": ""})
    page.get_by_role("button", name="Refresh").first.click()
    expect(page.locator(".ff-playbook")).to_contain_text("At the start: Not yet · now: Usually")
    expect(page.locator(".ff-playbook")).to_contain_text("Replied the same day.")
    back.screenshot(path=str(screenshot_dir / "looking-back.png"))
