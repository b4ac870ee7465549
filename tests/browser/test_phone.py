"""Every lesson, whole on a phone (390 × 844) and on a tablet (768 × 1024), in Chromium with touch.

For each lesson (found from the course outline) at each size, after revealing what a first step shows (every
optional "Go deeper" part opened; then, as test_hostile_input does, the first tick box of each card with none
ticked and every "+ Add …" button; and the inbox's sample), every visible control's box is measured:

- nothing scrolls sideways: not the page, not the lesson's scroller, not a box inside it (but a chart, which
  may pan in a box of its own that the keyboard can reach);
- no control is collapsed (a width or height of almost nothing; a slider's track narrower than a thumb's
  travel), clipped by a box around it, or overlapping another control;
- every button, link-button and input is at least 24 × 24 px (WCAG 2.2, 2.5.8), a tick box or radio button
  counting with the label that toggles it;
- every slider follows a finger (touch events at phone size, the mouse on the tablet): dragging its handle
  changes its value;
- chart text (the SVG charts' labels) is at least 11 px as drawn.

Failures name the lesson, the size and the control (its label and the card it is in). A full-length
screenshot of every lesson at every size is written to ``test-results/phone/`` for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from widgets.core.course import load_course
from widgets.exercises.deeper import OPEN as OPEN_PART

from .helpers import open_lesson
from .server import CourseServer
from .test_hostile_input import DETECTOR, reveal, settle, snapshot

LESSONS = load_course().lessons
SIZES = [(390, 844), (768, 1024)]
MIN_TARGET = 24
MIN_CHART_TEXT = 11
MIN_TRACK = 96
"""A slider track narrower than this leaves almost no travel for a finger (four thumbs' widths)."""

# ---- the measurements, in the page --------------------------------------------------------------------

DESCRIBE = r"""
window.__ffDescribe = (el) => {
  const text = (node) => (node ? node.textContent : '').replace(/\s+/g, ' ').trim().slice(0, 60);
  const byId = (ids) => (ids || '').split(/\s+/).map(id => document.getElementById(id)).filter(Boolean);
  let name = el.getAttribute('aria-label') || byId(el.getAttribute('aria-labelledby')).map(text).join(' ')
    || (el.labels && el.labels.length ? text(el.labels[0]) : '')
    || text(el.closest('label'))
    || text(el.closest('.widget-inline-hbox, .widget-text, .widget-textarea, .widget-slider, .widget-dropdown')
            ?.querySelector(':scope > .widget-label'))
    || (['BUTTON', 'A'].includes(el.tagName) ? text(el) : '')
    || el.getAttribute('placeholder') || el.getAttribute('title') || '';
  const kind = el.getAttribute('role') || (el.tagName === 'INPUT' ? `input[${el.type}]` : el.tagName.toLowerCase());
  const card = text(el.closest('.ff-card, .ff-finish, .ff-header-box')?.querySelector('.ff-card-title'));
  return `${kind} "${name}"` + (card ? ` in "${card}"` : '');
};
"""

MEASURE = r"""
([minTarget, minChartText, minTrack]) => {
  const problems = [];
  const describe = window.__ffDescribe;
  const scroller = document.getElementById('rendered_cells');
  const W = window.innerWidth;
  const px = (n) => Math.round(n * 10) / 10;

  // Sideways scrolling: the page, the lesson's own scroller, and any box inside it (form fields excepted). A chart
  // may pan sideways in a box of its own (assets/chart-pan.js), if the keyboard can reach that box.
  if (document.documentElement.scrollWidth > W + 1)
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide in ${W})`);
  if (scroller && scroller.scrollWidth > scroller.clientWidth + 1)
    problems.push(`the lesson scrolls sideways (${scroller.scrollWidth} px wide in ${scroller.clientWidth})`);
  for (const box of scroller.querySelectorAll('*')) {
    if (box.matches('input, textarea, select, svg *')) continue;
    const style = getComputedStyle(box);
    if (!['auto', 'scroll'].includes(style.overflowX) || box.scrollWidth <= box.clientWidth + 1) continue;
    if (!box.checkVisibility()) continue;
    if (box.matches('.ff-chart-pan') && box.querySelector(':scope > svg.ff-chart')) {
      if (box.tabIndex < 0) problems.push(`a chart pans sideways but the keyboard can't reach it: ` +
                                          `"${box.querySelector('svg').getAttribute('aria-label')}"`);
      continue;
    }
    problems.push(`a box scrolls sideways (${box.scrollWidth} px in ${box.clientWidth}): ` +
                  `${box.className.toString().slice(0, 80)} — ${describe(box.querySelector('*') || box)}`);
  }

  const CONTROLS = 'button, input:not([type=hidden]), textarea, select, [role=slider], ' +
                   '.widget-readout[contenteditable=true], a.ff-download, .ff-stepper a, .ff-prevnext a';
  const controls = [...scroller.querySelectorAll(CONTROLS)]
    .filter(el => el.checkVisibility({checkVisibilityCSS: true}));

  // A tick box or radio button is pressed through its label too: that is its target.
  const target = (el) => {
    const r = el.getBoundingClientRect();
    const label = ['checkbox', 'radio'].includes(el.type) && (el.closest('label') || (el.labels && el.labels[0]));
    if (!label) return r;
    const l = label.getBoundingClientRect();
    return new DOMRect(Math.min(r.left, l.left), Math.min(r.top, l.top),
                       Math.max(r.right, l.right) - Math.min(r.left, l.left),
                       Math.max(r.bottom, l.bottom) - Math.min(r.top, l.top));
  };

  // The box an element may be seen in: every ancestor within the lesson that clips (a scroll container clips
  // sideways only: scrolling down to a control is how a lesson is read).
  const clipOf = (el) => {
    let left = 0, right = W, top = -Infinity, bottom = Infinity;
    for (let a = el.parentElement; a && a !== scroller && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      const bl = parseFloat(s.borderLeftWidth), br = parseFloat(s.borderRightWidth);
      if (s.overflowX !== 'visible') { left = Math.max(left, r.left + bl); right = Math.min(right, r.right - br); }
      if (s.overflowY !== 'visible' && !['auto', 'scroll'].includes(s.overflowY)) {
        top = Math.max(top, r.top + parseFloat(s.borderTopWidth));
        bottom = Math.min(bottom, r.bottom - parseFloat(s.borderBottomWidth));
      }
    }
    return {left, right, top, bottom};
  };

  const boxes = [];
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    const what = describe(el);
    if (r.width < 4 || r.height < 4) {
      problems.push(`${what} is collapsed: ${px(r.width)} × ${px(r.height)} px`);
      continue;
    }
    const t = target(el);
    if (t.width < minTarget - 0.5 || t.height < minTarget - 0.5)
      problems.push(`${what} is smaller than ${minTarget} × ${minTarget} px: ${px(t.width)} × ${px(t.height)}`);
    const c = clipOf(el);
    if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1)
      problems.push(`${what} is cut off: its box ${px(r.left)}–${px(r.right)} × ${px(r.top)}–${px(r.bottom)}, ` +
                    `seen only in ${px(c.left)}–${px(c.right)} × ${px(c.top)}–${px(c.bottom)}`);
    boxes.push([el, r, what]);
  }
  for (const slider of scroller.querySelectorAll('.widget-slider')) {
    const track = slider.querySelector('.noUi-target');
    if (!track || !slider.checkVisibility()) continue;
    const width = track.getBoundingClientRect().width;
    if (width < minTrack) problems.push(`${describe(slider.querySelector('[role=slider]') || track)}: its track is ` +
                                        `collapsed to ${px(width)} px`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra, wa] = boxes[i], [b, rb, wb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (dx > 1 && dy > 1) problems.push(`${wa} overlaps ${wb} by ${px(dx)} × ${px(dy)} px`);
    }
  }

  // Chart labels as drawn: the font size times the chart's scale on screen.
  for (const text of scroller.querySelectorAll('svg text')) {
    if (!text.checkVisibility() || !text.textContent.trim()) continue;
    const svg = text.ownerSVGElement;
    const ctm = text.getScreenCTM();
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < minChartText - 0.05)
      problems.push(`chart "${svg.getAttribute('aria-label') || ''}": label "${text.textContent.trim()}" is ` +
                    `${px(size)} px as drawn`);
  }
  return [controls.length, problems];
}
"""

SLIDERS = r"""
() => [...document.querySelectorAll('#rendered_cells .widget-slider')].filter(s => s.checkVisibility()).map((s, i) => {
  s.setAttribute('data-ffp-slider', String(i));
  const handle = s.querySelector('[role=slider]');
  return [String(i), window.__ffDescribe(handle || s)];
})
"""


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """A server and data folder of this module's own: revealing steps saves ticks and rows."""
    with CourseServer(tmp_path_factory.mktemp("phone-data")) as server:
        yield server


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def small_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  is_mobile=width < 600, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(DETECTOR)
    page.add_init_script(DESCRIBE)
    yield page
    context.close()


def show_first_steps(page: Page) -> None:
    """What a first step shows: every optional part opened, ticks and "+ Add …" (test_hostile_input.reveal),
    and the inbox's sample."""
    closed = page.locator(".ff-deeper-closed .ff-deeper-toggle").filter(has_text=OPEN_PART)
    for _ in range(closed.count()):  # each click opens one, so the first closed one is a new part each time
        before = snapshot(page)
        closed.first.click()
        settle(page, before)
    expect(page.locator(".ff-deeper-closed")).to_have_count(0)
    reveal(page)
    sample = page.locator(".ff-card button").filter(has_text="Use the sample")
    for index in range(sample.count()):
        before = snapshot(page)
        sample.nth(index).click()
        settle(page, before)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def drag(page: Page, mark: str, touch: bool) -> tuple[str, str]:
    """Drag a slider's handle a third of its track (towards the roomier end); its readout before and after."""
    slider = page.locator(f"[data-ffp-slider='{mark}']")
    slider.scroll_into_view_if_needed()
    handle = slider.locator("[role=slider]").bounding_box()
    track = slider.locator(".noUi-target").bounding_box()
    assert handle and track
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    step = track["width"] / 3 * (1 if x < track["x"] + track["width"] / 2 else -1)
    readout = slider.locator(".widget-readout")
    value = readout.inner_text()
    before = snapshot(page)
    if touch:
        cdp = page.context.new_cdp_session(page)
        touches = [("touchStart", x)] + [("touchMove", x + step * i / 8) for i in range(1, 9)]
        for kind, at in touches:
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": at, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        cdp.detach()
    else:
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + step, y, steps=8)
        page.mouse.up()
    try:
        page.wait_for_function("([el, old]) => el.textContent.trim() !== old", arg=[readout.element_handle(), value],
                               timeout=5_000)
    except PlaywrightTimeout:  # a slider that didn't move is reported by the caller
        return value, value
    settle(page, before)
    return value, readout.inner_text()


def save_screenshots(page: Page, folder: Path, name: str) -> None:
    """The whole lesson, in screen-high pieces a person can look at (the lesson scrolls inside the page)."""
    width = page.viewport_size["width"] if page.viewport_size else 390
    height = min(page.evaluate("document.getElementById('rendered_cells').scrollHeight"), 30_000)
    page.set_viewport_size({"width": width, "height": height})
    piece = 2000
    for index, top in enumerate(range(0, height, piece)):
        page.screenshot(path=folder / f"{name}-{index:02d}.png",
                        clip={"x": 0, "y": top, "width": width, "height": min(piece, height - top)})


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_is_whole_at_small_sizes(small_page: Page, course_server: CourseServer, screenshot_dir: Path,
                                        lesson) -> None:
    page = small_page
    size = page.viewport_size or {"width": 0, "height": 0}
    where = f"{lesson.id} at {size['width']}×{size['height']}"
    open_lesson(page, course_server.url(lesson.notebook))
    page.wait_for_function("() => window.__ffIdle >= 1")
    show_first_steps(page)
    count, problems = page.evaluate(MEASURE, [MIN_TARGET, MIN_CHART_TEXT, MIN_TRACK])
    assert count > 3, f"{where}: only {count} controls found; is the lesson on screen?"
    for mark, what in page.evaluate(SLIDERS):
        old, new = drag(page, mark, touch=size["width"] < 600)
        if old == new:
            problems.append(f"{what} does not follow a {'finger' if size['width'] < 600 else 'mouse'} drag "
                            f"(stays at {old})")
    folder = screenshot_dir / "phone"
    folder.mkdir(exist_ok=True)
    save_screenshots(page, folder, f"{lesson.notebook.removesuffix('.ipynb')}-{size['width']}")
    assert problems == [], f"{where}: {len(problems)} problems\n  " + "\n  ".join(problems)


def test_the_measurements_can_fail(small_page: Page) -> None:
    """Each check catches what it is for, on a page built to break them all."""
    page = small_page
    page.route("http://phone.invalid/", lambda route: route.fulfill(content_type="text/html", body="""
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <body><div id="rendered_cells" style="overflow:auto;height:100vh">
          <div class="ff-card"><h3 class="ff-card-title">Broken card</h3>
            <button style="width:0;padding:0;border:0">Gone</button>
            <button style="width:18px;height:18px;padding:0">Tiny</button>
            <div style="overflow:hidden;width:60px"><button style="width:120px">Cut</button></div>
            <button style="display:block;width:80px;height:30px">Under</button>
            <button style="display:block;margin-top:-20px;width:80px;height:30px">Over</button>
            <div style="width:2000px">Too wide</div>
            <svg class="ff-chart" viewBox="0 0 640 300" style="width:200px" aria-label="Small chart">
              <text x="10" y="20" style="font-size:12px">tiny label</text></svg>
          </div></div></body>"""))
    page.goto("http://phone.invalid/")
    _, problems = page.evaluate(MEASURE, [MIN_TARGET, MIN_CHART_TEXT, MIN_TRACK])
    text = "\n".join(problems)
    for expected in ('"Gone" in "Broken card" is collapsed', '"Tiny" in "Broken card" is smaller than 24',
                     '"Cut" in "Broken card" is cut off', '"Under" in "Broken card" overlaps button "Over"',
                     "the lesson scrolls sideways", 'label "tiny label" is 3.8 px as drawn'):
        assert expected in text, f"not caught: {expected}\n{text}"
