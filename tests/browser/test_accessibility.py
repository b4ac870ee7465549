"""Accessibility of every page of the course in Voila, in real Chromium.

For every lesson of ``load_course()`` and every other notebook under ``lessons/`` (the coach corner), with
controls discovered on the page, never listed here:

- axe-core (vendored in ``vendor/axe-core``, injected into the page: nothing fetched at run time) finds no
  serious or critical violation, on the page as it opens and once feedback banners and results are showing;
  its colour-contrast rule runs on banners, buttons, callouts and the course map, and whatever it could not
  decide is measured here from computed styles;
- every control has a name a screen reader announces (Chromium's own accessibility tree), never a placeholder;
- the keyboard alone reaches every control, in reading order, with a visible focus ring, and out again;
  Enter and Space press buttons, and one exercise per page is done end to end without the mouse;
- colour is never the only signal: banners carry an icon and a word, statuses a word, chart keys a pattern.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from widgets.core.course import Status, load_course
from widgets.core.markup import tiles_html
from widgets.look.navigation import status_badge
from widgets.look.ui import FEEDBACK_LOOK, Feedback, SaveStatus, callout

from .server import ROOT, CourseServer

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
READY = ".ff-card"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class CoursePage:
    id: str
    path: str  # under lessons/
    is_lesson: bool


def course_pages() -> list[CoursePage]:
    """Every lesson of the course, then every other notebook under lessons/ (the coach corner)."""
    lessons = load_course().lessons
    pages = [CoursePage(lesson.id, lesson.notebook, True) for lesson in lessons]
    known = {lesson.notebook for lesson in lessons}
    for path in sorted((ROOT / "lessons").rglob("*.ipynb")):
        relative = path.relative_to(ROOT / "lessons").as_posix()
        if relative not in known and ".ipynb_checkpoints" not in relative:
            pages.append(CoursePage(path.stem, relative, False))
    return pages


PAGES = course_pages()

# ---- in-page helpers (JavaScript) ------------------------------------------------------------------

CONTROLS = ("input:not([type=hidden]), textarea, select, button, a[href], [role=slider], [role=button], "
            "[contenteditable=true], [tabindex]:not([tabindex='-1'])")

# Colour maths shared by the contrast and focus checks: WCAG relative luminance, composited backgrounds.
COLOUR_JS = r"""
const ffParse = (text) => {
  const m = String(text).match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const ffOver = (top, under) => ({
  r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
  b: top.b * top.a + under.b * (1 - top.a), a: 1});
const ffLum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const ffRatio = (a, b) => {
  const x = ffLum(a), y = ffLum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
// The solid colour behind an element: its own and its ancestors' backgrounds composited over white.
const ffBackground = (el) => {
  const layers = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const cs = getComputedStyle(node);
    if (cs.backgroundImage && cs.backgroundImage !== 'none') return {image: true};
    const c = ffParse(cs.backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let colour = {r: 255, g: 255, b: 255, a: 1};
  for (const layer of layers.reverse()) colour = ffOver(layer, colour);
  return colour;
};
"""

DISCOVER_JS = """(selector) => {
  const found = [];
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (!el.closest('.jupyter-widgets')) continue;  // the lesson's widgets, not the page's own chrome
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.disabled) continue;
    if (el.closest('[aria-hidden=true], [inert]')) continue;
    el.dataset.a11yN = String(n);
    const widget = el.closest('.jupyter-widgets');
    const card = el.closest('.ff-card');
    found.push({n, tag: el.tagName.toLowerCase(), type: el.getAttribute('type') || el.getAttribute('role') || '',
      placeholder: el.getAttribute('placeholder') || '',
      where: [...(card || widget).classList].filter(c => c.startsWith('ff-')).join('.') || 'page',
      text: (el.innerText || el.value || '').trim().slice(0, 40)});
    n += 1;
  }
  return found;
}"""

FOCUS_STYLE_JS = COLOUR_JS + """
(el) => {
  const cs = getComputedStyle(el);
  const outline = ffParse(cs.outlineColor);
  const behind = ffBackground(el.parentElement || el);
  return {outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor, shadow: cs.boxShadow,
    border: cs.borderColor, outlineWidth: parseFloat(cs.outlineWidth) || 0, outlineStyle: cs.outlineStyle,
    outlineRatio: outline && !behind.image ? ffRatio(ffOver(outline, behind), behind) : 0};
}"""

ACTIVE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {body: true};
  const r = el.getBoundingClientRect();
  const scrolled = (document.querySelector('#rendered_cells') || {}).scrollTop || 0;  // Voila's scroll box
  return {body: false, n: el.dataset.a11yN === undefined ? null : Number(el.dataset.a11yN),
          tag: el.tagName.toLowerCase(), top: r.top + scrolled + window.scrollY, left: r.left + window.scrollX,
          focusVisible: el.matches(':focus-visible')};
}"""


def open_page(page: Page, server: CourseServer, target: CoursePage) -> None:
    """Load a page and wait until every widget output has rendered (and, for a lesson, its takeaway)."""
    page.goto(server.url(target.path))
    page.wait_for_selector(READY, state="visible")
    if target.is_lesson:
        page.wait_for_selector(".ff-takeaway textarea", state="visible")
    page.wait_for_function(
        """(mime) => [...document.querySelectorAll(`[data-mime-type="${mime}"]`)]
              .every(out => out.querySelector('.jupyter-widgets'))""", arg=WIDGET_VIEW)


def run_axe(page: Page, context: object = None, rules: list[str] | None = None) -> dict:
    """axe-core on the page (or a part of it); colour contrast always on."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    options: dict = {"resultTypes": ["violations", "incomplete", "passes"],
                     "rules": {"color-contrast": {"enabled": True}}}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate(
        """async ([context, options]) => {
            const r = await axe.run(context || document, options);
            const slim = (list) => list.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.map(String), impact: n.impact,
                    summary: n.failureSummary || '', data: (n.any[0] || {}).data || null,
                    message: (n.any[0] || {}).message || ''}))}));
            return {violations: slim(r.violations), incomplete: slim(r.incomplete), passes: slim(r.passes)};
        }""", [context, options])


def run_axe_everywhere(page: Page, context: object = None, rules: list[str] | None = None) -> dict:
    """axe on the whole page. Voila scrolls the lesson inside ``#rendered_cells``, and axe only measures the
    contrast of text in view, so the colour-contrast rule runs again at each screenful, and the results merge."""
    result = run_axe(page, context, rules)
    merged = {kind: {rule["id"]: rule for rule in result[kind]} for kind in result}
    height = page.evaluate("() => (document.querySelector('#rendered_cells') || {}).scrollHeight || 0")
    view = page.evaluate("() => (document.querySelector('#rendered_cells') || {}).clientHeight || 1")
    for top in range(view - 50, height, view - 50):
        page.evaluate("(top) => { document.querySelector('#rendered_cells').scrollTop = top; }", top)
        for kind, found in run_axe(page, context, ["color-contrast"]).items():
            for rule in found:
                into = merged[kind].setdefault(rule["id"], {**rule, "nodes": []})
                seen = {tuple(node["target"]) for node in into["nodes"]}
                into["nodes"] += [node for node in rule["nodes"] if tuple(node["target"]) not in seen]
    page.evaluate("() => { const cells = document.querySelector('#rendered_cells'); if (cells) cells.scrollTop = 0; }")
    # A node measured at one screenful and undecided at another (half in view) counts as measured.
    decided = {tuple(n["target"]) for kind in ("passes", "violations") for rule in merged[kind].values()
               for n in rule["nodes"] if rule["id"] == "color-contrast"}
    if "color-contrast" in merged["incomplete"]:
        rule = merged["incomplete"]["color-contrast"]
        rule["nodes"] = [n for n in rule["nodes"] if tuple(n["target"]) not in decided]
    return {kind: list(rules.values()) for kind, rules in merged.items()}


def serious(result: dict) -> list[str]:
    """Serious and critical violations, one line per node: rule id, impact, target, what to fix."""
    lines = []
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            for node in violation["nodes"]:
                fix = " ".join(node["summary"].split())[:200]
                lines.append(f"{violation['id']} ({violation['impact']}) at {' '.join(node['target'])}: {fix}")
    return lines


def contrast_passes(result: dict) -> list[str]:
    return [" ".join(node["target"]) for rule in result["passes"] if rule["id"] == "color-contrast"
            for node in rule["nodes"]]


def undecided_contrast(page: Page, result: dict) -> list[str]:
    """What axe could not decide for colour contrast, measured here: 4.5:1 (3:1 for large text or a glyph)."""
    targets = [node["target"] for rule in result["incomplete"] if rule["id"] == "color-contrast"
               for node in rule["nodes"]]
    return page.evaluate(COLOUR_JS + """
        (targets) => targets.flatMap(target => {
          const el = document.querySelector(target[target.length - 1]);
          if (!el) return [];
          const cs = getComputedStyle(el);
          const behind = ffBackground(el);
          if (behind.image) return [];  // a gradient swatch, not text
          const fg = ffOver(ffParse(cs.color), behind);
          const text = el.textContent.trim();
          const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
          const large = size >= 24 || (bold && size >= 18.66);
          const glyph = !/[\\p{L}\\p{N}]/u.test(text);
          const need = large || glyph ? 3 : 4.5;
          const ratio = ffRatio(fg, behind);
          if (ratio + 0.005 >= need) return [];
          return [`${target.join(' ')} "${text.slice(0, 30)}" ${ratio.toFixed(2)}:1 < ${need}:1`];
        })""", targets)


def discover(page: Page) -> list[dict]:
    controls = page.evaluate(DISCOVER_JS, CONTROLS)
    assert controls, "no controls found on the page"
    return controls


def accessible_name(page: Page, cdp, n: int) -> tuple[str, str, str]:
    """(role, name, where the name came from) as Chromium's accessibility tree tells a screen reader."""
    handle = cdp.send("Runtime.evaluate", {"expression": f"document.querySelector('[data-a11y-n=\"{n}\"]')"})
    node = cdp.send("Accessibility.getPartialAXTree",
                    {"objectId": handle["result"]["objectId"], "fetchRelatives": False})["nodes"][0]
    name = node.get("name", {})
    source = next((s for s in name.get("sources", []) if "value" in s and not s.get("superseded")), {})
    origin = source.get("attribute") or source.get("type", "")
    return node.get("role", {}).get("value", ""), str(name.get("value", "")).strip(), origin


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 400) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{key} never reached {selector}")


def tab_to_start(page: Page, limit: int = 500) -> None:
    """Tab past the last control, so the next Tab starts at the top of the page (no mouse, no script focus)."""
    for _ in range(limit):
        if page.evaluate(ACTIVE_JS)["body"]:
            return
        page.keyboard.press("Tab")
    raise AssertionError("Tab never left the page's controls: a keyboard trap")


# ---- fixtures: one server for the module, one page per course page ------------------------------------

@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """Its own data directory: these tests press "Mark lesson done", which other tests must not see."""
    with CourseServer(tmp_path_factory.mktemp("a11y-data")) as server:
        yield server


@pytest.fixture(scope="module", params=PAGES, ids=[p.id for p in PAGES])
def opened(request: pytest.FixtureRequest, browser: Browser,
           a11y_server: CourseServer) -> Iterator[tuple[Page, CoursePage]]:
    """One page per course page, shared by this module's tests (pytest runs them grouped by page)."""
    target: CoursePage = request.param
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.requested = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requested.append(request.url))  # type: ignore[attr-defined]
    open_page(page, a11y_server, target)
    yield page, target
    context.close()


@pytest.fixture
def shots() -> Path:
    path = ROOT / "test-results"
    path.mkdir(exist_ok=True)
    return path


# ---- the tests -----------------------------------------------------------------------------------------

def test_every_control_has_a_name_a_screen_reader_announces(opened: tuple[Page, CoursePage]) -> None:
    page, _target = opened
    controls = discover(page)
    cdp = page.context.new_cdp_session(page)
    try:
        missing = []
        for control in controls:
            role, name, origin = accessible_name(page, cdp, control["n"])
            if not name:
                missing.append(f"{control['tag']}[{control['type']}] in {control['where']} ({role}): no name")
            elif origin == "placeholder" or (control["placeholder"] and name == control["placeholder"]):
                missing.append(f"{control['tag']}[{control['type']}] in {control['where']}: only its placeholder "
                               f"{name!r} names it, and that disappears as the learner types")
    finally:
        cdp.detach()
    assert not missing, "controls a screen reader can't name:\n" + "\n".join(missing)


def axe_clean(page: Page, where: str) -> list[str]:
    """Run axe over the page; fail on serious/critical violations or undecided text below AA contrast.
    Returns the targets whose contrast axe checked and passed."""
    result = run_axe_everywhere(page)
    problems = serious(result)
    assert not problems, f"axe on {where}:\n" + "\n".join(problems)
    undecided = undecided_contrast(page, result)
    assert not undecided, "text below WCAG AA contrast:\n" + "\n".join(undecided)
    return contrast_passes(result)


def test_axe_finds_no_serious_or_critical_violations(opened: tuple[Page, CoursePage]) -> None:
    page, target = opened
    checked = axe_clean(page, target.path)
    # The contrast rule really ran on the parts learners read most.
    regions = [".ff-btn", ".ff-card"] + ([".ff-stepper", ".ff-lesson-header"] if target.is_lesson else [])
    for region in regions:
        inside = page.evaluate(
            "([targets, region]) => targets.filter(t => { const el = document.querySelector(t);"
            " return el && el.closest(region); }).length", [checked, region])
        assert inside > 0, f"axe checked no text contrast inside {region}"


def test_keyboard_reaches_every_control_in_order_with_a_visible_focus_ring(
        opened: tuple[Page, CoursePage], shots: Path) -> None:
    page, target = opened
    controls = discover(page)
    resting = {c["n"]: page.locator(f"[data-a11y-n='{c['n']}']").evaluate(FOCUS_STYLE_JS) for c in controls}
    tab_to_start(page)

    described = {c["n"]: f"{c['tag']}[{c['type']}] {c['text']!r} in {c['where']}" for c in controls}
    kinds = {c["n"]: f"{c['tag']}-{c['type'] or 'plain'}" for c in controls}
    pictured: set[str] = set()
    reached: list[dict] = []
    for _ in range(len(controls) * 3 + 100):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if active["body"]:
            break
        if active["n"] is None:
            continue  # a link in the lesson's text: reachable, not one of the widgets' controls
        element = page.locator(f"[data-a11y-n='{active['n']}']")
        reached.append({**active, "style": element.evaluate(FOCUS_STYLE_JS)})
        if kinds[active["n"]] not in pictured:  # the focus ring of each kind of control, for a human to look at
            pictured.add(kinds[active["n"]])
            box = element.bounding_box()
            if box and box["width"] and box["height"]:
                page.screenshot(path=str(shots / f"a11y-focus-{target.id}-{kinds[active['n']]}.png"), clip={
                    "x": max(box["x"] - 12, 0), "y": max(box["y"] - 12, 0),
                    "width": min(box["width"] + 24, 1000), "height": min(box["height"] + 24, 400)})
    else:
        raise AssertionError("Tab never left the page: a keyboard trap")

    order = [r["n"] for r in reached]
    unreached = [described[n] for n in described if n not in order]
    assert not unreached, "Tab never reaches:\n" + "\n".join(unreached)
    assert order == sorted(set(order)), f"Tab visits controls out of page order: {order}"
    for before, after in itertools.pairwise(reached):
        assert after["top"] >= before["top"] - 8 or after["left"] > before["left"], (
            f"focus jumps back up the page from {described[before['n']]} to {described[after['n']]}")

    invisible = []
    for step in reached:
        style, rest = step["style"], resting[step["n"]]
        ring = style["outlineStyle"] != "none" and style["outlineWidth"] >= 2 and style["outlineRatio"] >= 3
        looks = ("outline", "shadow", "border")
        changed = [style[k] for k in looks] != [rest[k] for k in looks]
        if not (step["focusVisible"] and ring and changed):
            invisible.append(f"{described[step['n']]}: focused {style['outline']} / {style['shadow']} "
                             f"(contrast {style['outlineRatio']:.1f}:1), resting {rest['outline']}")
    assert not invisible, "no visible focus indicator on:\n" + "\n".join(invisible)

    # Shift+Tab walks the same controls back, from the last to the first.
    back: list[int] = []
    for _ in range(len(controls) * 3 + 100):
        if len(back) == len(order):
            break
        page.keyboard.press("Shift+Tab")
        active = page.evaluate(ACTIVE_JS)
        if active["n"] is not None:
            back.append(active["n"])
    assert back == order[::-1], "Shift+Tab does not retrace Tab's steps"


def test_an_exercise_can_be_done_with_the_keyboard_alone(opened: tuple[Page, CoursePage]) -> None:
    page, target = opened
    tab_to_start(page)
    if target.is_lesson:
        card = page.locator(".ff-takeaway")
        textarea, button = ".ff-takeaway textarea", ".ff-takeaway button.ff-btn-primary"
        tab_to(page, textarea)
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        tab_to(page, button)
        page.keyboard.press("Space")  # Space presses a button: an empty takeaway gets a hint
        expect(card.locator(".ff-feedback-hint")).to_be_visible()
        tab_to(page, textarea, backwards=True)
        page.keyboard.type(f"Keyboard only: {target.id}, reply within 24 hours.")
        tab_to(page, button)
        page.keyboard.press("Enter")  # and so does Enter
        expect(card.locator(".ff-feedback-success")).to_contain_text("Lesson done")
        expect(card.locator(".ff-save-saved")).to_be_visible()
        # The first check-in, answered with Tab and Space.
        if page.locator(".ff-checkin").count():
            checkin = page.locator(".ff-checkin").first
            tab_to_start(page)
            tab_to(page, ".ff-checkin input[type=radio]")
            page.keyboard.press("Space")
            expect(checkin.locator(".ff-feedback")).to_be_visible()
    else:
        # A page for coaches: the first card with a text box and a main button, given a value it must refuse.
        card = page.locator(".ff-card", has=page.locator("input[type=text]")).filter(
            has=page.locator("button.ff-btn-primary")).first
        field = card.locator("input[type=text]").first
        field.evaluate("(el) => el.dataset.a11yTarget = 'field'")
        card.locator("button.ff-btn-primary").first.evaluate("(el) => el.dataset.a11yTarget = 'button'")
        tab_to(page, "[data-a11y-target=field]")
        page.keyboard.press("Control+A")
        page.keyboard.type("no such folder, typed with the keyboard")
        tab_to(page, "[data-a11y-target=button]")
        page.keyboard.press("Enter")
        expect(card.locator(".ff-feedback")).to_be_visible()


def show_feedback_and_results(page: Page, target: CoursePage) -> None:
    """Answer every check-in and press every card's main button, so banners and results are on screen."""
    for checkin in page.locator(".ff-checkin").all():
        checkin.locator("input[type=radio]").first.check()
        expect(checkin.locator(".ff-feedback")).to_be_visible()
    for card in page.locator(".ff-card").all() if target.is_lesson else []:
        if card.evaluate("(el) => el.matches('.ff-takeaway')"):
            continue
        for button in card.locator("button.ff-btn-primary:visible").all():
            before = card.inner_html()
            button.click()
            page.wait_for_function("([el, before]) => el.innerHTML !== before", arg=[card.element_handle(), before])
    if not target.is_lesson:
        # Coaches' pages: give the first text box a value the page must refuse, to see its warning banner.
        card = page.locator(".ff-card", has=page.locator("input[type=text]")).filter(
            has=page.locator("button.ff-btn-primary")).first
        card.locator("input[type=text]").first.fill("no such folder")
        card.locator("button.ff-btn-primary").first.click()
        expect(card.locator(".ff-feedback")).to_be_visible()
    else:
        # Last, the takeaway's button with an empty answer: a hint ("write a sentence first", or "marked as
        # not done" if the keyboard test finished the lesson). The kernel answers in order, so once the hint
        # is on screen every click above has been answered too.
        takeaway = page.locator(".ff-takeaway")
        takeaway.locator("textarea").fill("")
        takeaway.locator("button.ff-btn").click()
        expect(takeaway.locator(".ff-feedback-hint")).to_be_visible()


def test_feedback_banners_pass_axe_and_carry_an_icon_and_a_word(opened: tuple[Page, CoursePage]) -> None:
    page, target = opened
    show_feedback_and_results(page, target)
    banners = page.locator(".ff-feedback")
    assert banners.count() >= 1
    checked = axe_clean(page, f"{target.path} with feedback showing")
    in_banners = page.evaluate("(targets) => targets.filter(t => { const el = document.querySelector(t);"
                               " return el && el.closest('.ff-feedback'); }).length", checked)
    assert in_banners >= banners.count(), "axe did not check the banners' text contrast"

    words = {word: kind for kind, (_icon, word) in FEEDBACK_LOOK.items()}
    for banner in banners.all():
        kind = re.search(r"ff-feedback-(success|hint|warning)", banner.get_attribute("class") or "")
        assert kind, "a banner without a kind"
        icon, word = FEEDBACK_LOOK[kind.group(1)]
        expect(banner.locator(".ff-feedback-icon")).to_have_text(icon)
        expect(banner.locator(".ff-feedback-word")).to_have_text(f"{word}:")
        expect(banner.locator(".ff-feedback-word")).to_be_visible()
        assert words[word] == kind.group(1)
        # A screen reader hears the word: the banner's live region holds it as text.
        live = banner.locator("xpath=ancestor::*[@role='status'][1]")
        expect(live).to_contain_text(word)


def test_every_kind_of_banner_callout_and_status_meets_contrast(opened: tuple[Page, CoursePage]) -> None:
    """The course's whole palette of messages, as ui.py renders them, shown inside a card of this page."""
    page, _target = opened
    parts = []
    for kind in FEEDBACK_LOOK:
        banner = Feedback()
        banner.show(kind, f"A {kind} message, as a learner reads it.")  # type: ignore[arg-type]
        parts.append(banner.value)
    for kind in ("info", "source", "notice"):
        parts.append(callout(f"A {kind} callout's text.", kind=kind, title=f"A {kind} title").value)
    for state in ("saving", "saved", "failed"):
        status = SaveStatus()
        status.state = state
        parts.append(status.value)
    parts.append(tiles_html([("12", "messages"), ("3 h", "median first reply")], label="Figures"))
    parts.extend(f"<p>{status_badge(status)}</p>" for status in Status)
    gallery = "<div class='ff-a11y-gallery widget-html-content'>" + "".join(parts) + "</div>"
    card = page.locator(".ff-card").first
    card.evaluate("(card, markup) => card.insertAdjacentHTML('beforeend', markup)", gallery)
    try:
        result = run_axe_everywhere(page, {"include": [[".ff-a11y-gallery"]]}, rules=["color-contrast"])
        failing = [f"{' '.join(n['target'])}: {n['message'] or n['summary']}" for v in result["violations"]
                   for n in v["nodes"]]
        assert not failing, "course messages below WCAG AA contrast:\n" + "\n".join(failing)
        assert not undecided_contrast(page, result)
        assert len(contrast_passes(result)) >= len(FEEDBACK_LOOK) + 3 + 2  # banners, callouts, statuses
    finally:
        page.evaluate("() => document.querySelectorAll('.ff-a11y-gallery').forEach(el => el.remove())")


def test_status_and_charts_do_not_rely_on_colour_alone(opened: tuple[Page, CoursePage]) -> None:
    page, target = opened
    status_words = ("done", "in progress", "not started")
    for step in page.locator(".ff-stepper a").all():
        label = step.get_attribute("aria-label") or ""
        assert any(f"({word}" in label for word in status_words), f"step {label!r} has no status word"
    for status in page.locator(".ff-status").all():
        assert status.inner_text().strip().lstrip("✓◐○ ").strip() in status_words
    for saved in page.locator(".ff-save-status").all():
        text = saved.inner_text().strip()
        assert not text or re.search(r"[A-Za-z]{4,}", text), f"save status {text!r} has no word"
    for tile in page.locator(".ff-tile").all():
        for part in (".ff-tile-value", ".ff-tile-label"):
            assert tile.locator(part).inner_text().strip(), f"a tile without {part}"

    # Chart keys: every entry has words, and entries differ in more than hue (a pattern, a shape, or clearly
    # lighter or darker), and so do the shapes they stand for in the chart beside them.
    clashes = page.evaluate(COLOUR_JS + """() => {
      const clashes = [];
      const signature = (cs) => [cs.height, cs.borderStyle, cs.borderTopWidth,
                                 cs.backgroundImage.replace(/rgba?\\([^)]*\\)/g, 'c'),
                                 cs.strokeDasharray, cs.strokeWidth].join('|');
      const paint = (cs) => ffParse(cs.backgroundImage !== 'none'
        ? (cs.backgroundImage.match(/rgba?\\([^)]*\\)/) || [''])[0]
        : (cs.fill && cs.fill.startsWith('rgb') ? cs.fill : cs.backgroundColor));
      for (const legend of document.querySelectorAll('.ff-legend')) {
        const items = [...legend.querySelectorAll('li')];
        const chart = legend.parentElement.querySelector('svg');
        for (const li of items) if (!li.textContent.trim()) clashes.push('a legend entry without words');
        const looks = items.map(li => {
          const swatch = li.querySelector('.ff-swatch');
          const cls = [...swatch.classList].find(c => c !== 'ff-swatch');
          const shape = chart && chart.querySelector('.' + cls);
          return {label: li.textContent.trim(), swatch: getComputedStyle(swatch),
                  shape: shape && getComputedStyle(shape)};
        });
        for (let i = 0; i < looks.length; i++) for (let j = i + 1; j < looks.length; j++) {
          const a = looks[i], b = looks[j];
          for (const part of ['swatch', 'shape']) {
            if (!a[part] || !b[part]) continue;
            const ca = paint(a[part]), cb = paint(b[part]);
            const lighter = ca && cb ? ffRatio(ca, cb) : 99;
            if (signature(a[part]) === signature(b[part]) && lighter < 1.5)
              clashes.push(`${part}s for "${a.label}" and "${b.label}" differ only in hue (${lighter.toFixed(2)}:1)`);
          }
        }
      }
      return clashes;
    }""")
    assert not clashes, f"{target.path}: colour is the only signal:\n" + "\n".join(clashes)


@pytest.mark.parametrize("opened", PAGES[:1], ids=[PAGES[0].id], indirect=True)
def test_the_checks_can_fail(opened: tuple[Page, CoursePage]) -> None:
    """Break the page on purpose (a nameless field, a removed focus ring, grey-on-grey text): each check says so."""
    page, _target = opened
    page.evaluate("""() => {
      document.body.insertAdjacentHTML('afterbegin', `<div class="jupyter-widgets ff-a11y-broken"
          style="position:fixed;top:0;left:0;z-index:9999;background:#fff;padding:1rem">
        <input type="text"><input type="text" placeholder="Your answer">
        <p style="color:#bbb;background:#fff">Hard to read</p>
        <button style="outline:none !important" class="ff-a11y-no-ring">Press me</button></div>`);
    }""")
    try:
        result = run_axe(page, {"include": [[".ff-a11y-broken"]]})
        ids = {v["id"] for v in result["violations"] if v["impact"] in SERIOUS}
        assert {"label", "color-contrast"} <= ids, ids
        cdp = page.context.new_cdp_session(page)
        try:
            controls = discover(page)
            field = next(c for c in controls if c["placeholder"] == "Your answer")
            _role, name, origin = accessible_name(page, cdp, field["n"])
            assert name == "Your answer" and origin == "placeholder"  # the label check would refuse it
        finally:
            cdp.detach()
        no_ring = page.locator(".ff-a11y-no-ring")
        no_ring.evaluate("(el) => el.style.setProperty('outline', 'none', 'important')")
        tab_to(page, ".ff-a11y-no-ring")
        style = no_ring.evaluate(FOCUS_STYLE_JS)
        assert style["outlineStyle"] == "none"  # the focus check would refuse it
    finally:
        page.evaluate("() => document.querySelectorAll('.ff-a11y-broken').forEach(el => el.remove())")


def test_axe_is_bundled_and_nothing_is_fetched_from_elsewhere(opened: tuple[Page, CoursePage]) -> None:
    page, target = opened
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.") and (AXE.parent / "LICENSE").exists()
    outside = [url for url in page.requested if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]  # type: ignore[attr-defined]
    assert not outside, f"{target.path} fetched from outside the course server: {outside}"
