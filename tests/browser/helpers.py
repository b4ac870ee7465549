"""What a learner sees and does, as Playwright steps."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

READY = ".ff-lesson-header"
"""Present once the lesson's first widget has rendered."""

TRACEBACK_TEXT = re.compile(
    r"Traceback \(most recent call last\)|\b(NameError|TypeError|ValueError|KeyError|AttributeError|"
    r"ModuleNotFoundError|ImportError|SyntaxError|Exception):|Error executing cell|"
    r"There was an error when executing cell|import widgets|ff\.(header|finish)\(",
)


def open_lesson(page: Page, url: str) -> None:
    """Load a lesson and wait until its widgets are on screen (also those built just after the page was sent)."""
    page.goto(url)
    page.wait_for_selector(READY, state="visible")
    # The page told its kernel its first screen is shown (assets/page-shown.js), which then built the rest.
    page.wait_for_selector("button.ff-page-shown.ff-page-shown-done", state="attached")
    page.wait_for_selector(".ff-takeaway textarea", state="visible")
    page.wait_for_function("document.querySelectorAll('.ff-later').length === 0")


def assert_clean(page: Page) -> None:
    """No code, no traceback, no Python error text anywhere on the page."""
    assert page.locator(".jp-CodeMirrorEditor, .jp-InputArea-editor, .cm-editor").count() == 0
    errors = "[data-mime-type='application/vnd.jupyter.stderr'], .jp-RenderedText[data-mime-type*='error']"
    assert page.locator(errors).count() == 0
    text = page.locator("body").inner_text()
    found = TRACEBACK_TEXT.search(text)
    assert found is None, f"learner would see {found.group(0)!r}"


def type_takeaway(page: Page, text: str) -> None:
    """Type a takeaway and wait until the page says this text is saved."""
    fill_and_wait_saved(page, ".ff-takeaway", "textarea", text)


def fill_and_wait_saved(page: Page, scope: str, field: str, text: str) -> None:
    """Fill ``field`` inside ``scope`` and wait for the "✓ Saved" that follows this change, not an earlier one.

    The save status is re-rendered by the kernel on every change, so a mark put on the old one before typing
    tells the two apart.
    """
    page.locator(f"{scope} .ff-save-status").evaluate_all("nodes => nodes.forEach(n => n.dataset.stale = '1')")
    page.locator(f"{scope} {field}").first.fill(text)
    expect(page.locator(f"{scope} .ff-save-saved:not([data-stale])").first).to_be_visible()


def assert_images_load(page: Page) -> None:
    """Every picture in the lesson's text actually loads (no broken-image icons)."""
    broken = page.evaluate(
        """async () => {
            const images = [...document.querySelectorAll('.jp-RenderedMarkdown img')];
            await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
                img.addEventListener('load', done); img.addEventListener('error', done); })));
            return images.filter(img => !img.naturalWidth).map(img => img.getAttribute('src'));
        }""")
    assert broken == [], f"images that did not load: {broken}"


def assert_questions_readable(page: Page) -> None:
    """Every question above a text box is shown whole: not cut off, and not running over its box."""
    problems = page.evaluate(
        """() => [...document.querySelectorAll('.ff-question')].flatMap(question => {
            const label = question.querySelector('.widget-label');
            const box = question.querySelector('input, textarea');
            if (!label || !box || !label.offsetParent) return [];
            const text = label.textContent.trim();
            if (label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1)
                return [`cut off: ${text}`];
            const a = label.getBoundingClientRect(), b = box.getBoundingClientRect();
            const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
            if (overlap) return [`runs over its box: ${text}`];
            return [];
        })""")
    assert problems == [], "\n".join(problems)


def open_part(page: Page, title: str) -> Locator:
    """Open an optional "Go deeper" part by its title, as a learner would (its button), and return its card.
    A part that holds saved work is open already; it is left open."""
    card = page.locator(".ff-deeper").filter(has=page.locator(".ff-deeper-title", has_text=title))
    expect(card).to_have_count(1)
    opener = card.get_by_role("button", name="Open this part")
    closer = card.get_by_role("button", name="Close this part")
    expect(opener.or_(closer)).to_be_visible()
    if opener.count():
        opener.click()
    expect(closer).to_be_visible()
    expect(card.locator(".ff-deeper-body .ff-card").first).to_be_visible()
    return card


def open_every_part(page: Page) -> int:
    """Open every closed "Go deeper" part on the page (tests that visit every control need what's inside them);
    returns how many were opened."""
    cards = page.locator(".ff-deeper")
    opened = 0
    for index in range(cards.count()):
        card = cards.nth(index)
        opener = card.get_by_role("button", name="Open this part")
        if opener.count():
            opener.click()
            expect(card.get_by_role("button", name="Close this part")).to_be_visible()
            opened += 1
    return opened
