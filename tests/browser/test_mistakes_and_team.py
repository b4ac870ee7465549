"""Lessons 3 and 4 in Voila: decisions, the recovery workshop, both scenarios to an ending, the reframing
drill and the debrief (the scenarios and the drill in optional go-deeper parts); then a reload finds it all."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from widgets.core.course import load_course

from .helpers import assert_clean, open_lesson, open_part
from .server import CourseServer

COURSE = load_course()
MISTAKES = COURSE.lesson("owning-mistakes")
TEAM = COURSE.lesson("team")
REFRAME = "A chance to show the customer we fix things, and to learn where our check slipped."


def play_to_an_ending(scenario: Locator) -> list[str]:
    """Take the first choice in every scene until an ending; return the choices taken."""
    taken = []
    for _ in range(20):
        buttons = scenario.locator(".ff-choice-btn")
        if scenario.locator(".ff-scenario-summary").count():
            break
        expect(buttons.first).to_be_visible()
        text = buttons.first.inner_text()
        step = scenario.locator(".ff-scene-step").inner_text()
        buttons.first.click()
        taken.append(text)
        expect(scenario.locator(".ff-scene-step, .ff-scene-ending-title").first).not_to_have_text(step)
        expect(scenario.locator(".ff-feedback-live")).to_contain_text("You chose: “" + text.strip())
        # the new scene's buttons replace the old ones a moment after its text
        expect(scenario.locator(".ff-choice-btn", has_text=text.strip())).to_have_count(0)
    expect(scenario.locator(".ff-scenario-summary")).to_contain_text("What your choices did")
    return taken


def test_owning_mistakes_decisions_recovery_and_scenario_survive_a_reload(
        page: Page, course_server: CourseServer, screenshot_dir: Path) -> None:
    url = course_server.url(MISTAKES.notebook)
    open_lesson(page, url)
    assert_clean(page)

    case = page.locator(".ff-decision").first
    case.locator("input[type=radio]").nth(1).check()
    expect(case.locator(".ff-feedback-success, .ff-feedback-hint")).to_be_visible()
    expect(page.locator(".ff-decisions .ff-progress-text")).to_have_text("1 of 4 cases done")

    workshop = page.locator(".ff-recovery")
    box = workshop.locator("textarea")
    box.fill("Dear Dana, sorry for any inconvenience. The courier must have dropped it.")
    expect(workshop.locator(".ff-mark")).to_have_count(2)
    expect(workshop.locator(".ff-mark-notes")).to_contain_text("Blames the courier")
    draft = ("Dear Dana, I'm so sorry your necklace broke. The clasp we chose for that design wasn't strong enough, "
             "and that's on us. I'll post a replacement with a stronger clasp tomorrow, and it will be with you by "
             "Friday. Please keep the matching earrings as a thank-you for your patience. <script>x</script>")
    box.fill(draft)
    expect(workshop.locator(".ff-check-summary")).to_contain_text("as far as I can tell")
    expect(workshop.locator(".ff-check-done")).to_have_count(6)
    expect(workshop.locator(".ff-mark")).to_have_count(0)
    expect(workshop.locator(".ff-save-saved")).to_be_visible()
    workshop.screenshot(path=str(screenshot_dir / "recovery-workshop.png"))

    scenario = open_part(page, "On the phone: a late order").locator(".ff-scenario")
    expect(scenario.locator(".ff-meter")).to_have_count(2)
    taken = play_to_an_ending(scenario)
    expect(scenario.locator(".ff-save-saved")).to_be_visible()
    ending = scenario.locator(".ff-scene-ending-title").inner_text()
    scenario.screenshot(path=str(screenshot_dir / "scenario-mistakes.png"))
    assert_clean(page)

    page.reload()
    open_lesson(page, url)
    expect(page.locator(".ff-decision").first.locator("input[type=radio]").nth(1)).to_be_checked()
    expect(page.locator(".ff-recovery textarea")).to_have_value(draft)
    expect(page.locator(".ff-recovery .ff-check-done")).to_have_count(6)
    scenario = page.locator(".ff-scenario")
    expect(scenario.locator(".ff-scene-ending-title")).to_have_text(ending)
    expect(scenario.locator(".ff-scenario-summary li")).to_have_count(len(taken))
    scenario.get_by_role("button", name="← Back one step").click()
    expect(scenario.locator(".ff-scenario-summary")).to_have_count(0)
    expect(scenario.locator(".ff-choice-btn").first).to_be_visible()
    assert_clean(page)


def test_team_reframing_scenario_and_debrief_survive_a_reload(
        page: Page, course_server: CourseServer, screenshot_dir: Path) -> None:
    url = course_server.url(TEAM.notebook)
    open_lesson(page, url)
    assert_clean(page)

    reframe = open_part(page, "Practice the reframe").locator(".ff-reframe").first
    reframe.locator("textarea").fill(REFRAME)
    expect(reframe.locator(".ff-feedback-success")).to_be_visible()
    reframe.get_by_role("button", name="Show an example").click()
    expect(reframe.locator(".ff-example")).to_be_visible()

    scenario = open_part(page, "Rehearse the conversation").locator(".ff-scenario")
    play_to_an_ending(scenario)
    ending = scenario.locator(".ff-scene-ending-title").inner_text()

    debrief = page.locator(".ff-debrief")
    answers = {
        "What happened?": "A ring went out a size too small.",
        "What was the impact on the customer?": "Her anniversary dinner went ahead without it.",
        "Which system or operation was compromised?": "Our sizing step has no second check before casting.",
        "What will we change?": "Add a sizing check to the casting checklist, signed by a second person.",
        "Who owns it?": "Priya",
        "By when?": "By Friday 4 December",
    }
    for label, text in answers.items():
        debrief.get_by_label(label).fill(text)
    debrief.get_by_role("button", name="Check my debrief").click()
    expect(debrief.locator(".ff-feedback-success").last).to_be_visible()
    expect(debrief.locator(".ff-debrief-summary-card")).to_contain_text("Add a sizing check")
    expect(debrief.locator(".ff-save-saved").last).to_be_visible()
    debrief.screenshot(path=str(screenshot_dir / "debrief.png"))
    assert_clean(page)

    page.reload()
    open_lesson(page, url)
    expect(page.locator(".ff-reframe").first.locator("textarea")).to_have_value(REFRAME)
    expect(page.locator(".ff-scenario .ff-scene-ending-title")).to_have_text(ending)
    for label, text in answers.items():
        expect(page.locator(".ff-debrief").get_by_label(label)).to_have_value(text)
    page.locator(".ff-scenario").get_by_role("button", name="Start again").click()
    expect(page.locator(".ff-scenario .ff-scene-step")).to_have_text("Step 1")
    assert_clean(page)
