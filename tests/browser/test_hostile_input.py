"""Hostile and careless input, in every lesson in Voila (issue 7, "Hardening").

For each lesson (found from the course outline) the tests find every text box,
text area, number field, slider readout and upload button on the page, after
revealing what a first step shows (the first tick box of each card that has
none ticked, and every "+ Add …" button), and feed them:

- script and HTML payloads (tags, attributes, URLs, template and math syntax),
  emoji, right-to-left text, combining characters, only whitespace, empty text
  and a 50,000-character paste, pressing the card's check / add / done buttons
  after each;
- negative, zero, overflowing, huge, empty and non-numeric numbers;
- an empty file, a binary file, a CSV with the wrong columns, a CSV whose dates
  can't be read, a 60 MB file, and a 70 MB one (more than one websocket
  message may carry).

Required: no script runs (no dialog, no flag set by a payload, no element with
a payload in an event handler or URL), no Python error text, the page stays
usable, a clear message where input can't be used, text is stored exactly as
typed and shown back as literal text.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from widgets.core.course import load_course
from widgets.look.safe import BROKEN, SLIP

from .helpers import assert_clean, open_every_part, open_lesson, type_takeaway
from .server import CourseServer

LESSONS = load_course().lessons
IDS = [lesson.id for lesson in LESSONS]

# ---- the payloads ---------------------------------------------------------------------------------

XSS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "' onmouseover='window.__pwned=1' autofocus onfocus='window.__pwned=1' x='",
    '<a href="javascript:window.__pwned=1" id="ffxss">ffxss link</a>',
    "javascript:window.__pwned=1",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "<details open ontoggle=window.__pwned=1>ffxss details</details>",
    "<style>body{display:none}</style><b onmouseover=window.__pwned=1>ffxss bold</b>",
    "{{constructor.constructor('window.__pwned=1')()}} ${window.__pwned=1}",
    "$\\href{javascript:window.__pwned=1}{maths}$",
)
UNICODE = "مرحبا שלום \u202eevil\u202c e\u0301\u0327 Z\u0324\u0354\u0367\u0311 👩🏽‍💻🎉 ﷽"
WHITESPACE = " \t\n  \u00a0 \n"
LONG = ("A fifty-thousand character paste. " * 1500)[:50_000]
STORED = "<b>#{n}</b> & مرحبا e\u0301 👩🏽‍💻 \u202eRTL\u202c"
"""Typed into every box for the stored-as-typed check (short enough for a name)."""

NUMBERS = ("-5", "0", "1e309", "99999999999", "", "abc", "12.5", "7")

TOO_LONG = re.compile(r"characters|too long|long name|shorter", re.IGNORECASE)

TEXT_BOXES = ".widget-text input:not([type=number]), .widget-textarea textarea"
NUMBER_BOXES = ".widget-inline-hbox input[type=number]"
READOUTS = ".widget-readout[contenteditable=true]"
UPLOADS = ".widget-upload"

DENY = re.compile(r"remove|delete|cancel|replace|import|move|rank|^\s*[+↑↓✕]|use (this|the)|example|skeleton|"
                  r"other weeks|back to|sample|refresh|prepare", re.IGNORECASE)
"""Buttons never pressed after typing: they add, overwrite, remove, reorder or reset rather than use the text."""

# ---- the detector, installed before any page script -----------------------------------------------

DETECTOR = r"""
(() => {
  const W = window;
  W.__pwned = 0; W.__ffHits = []; W.__ffIdle = 0; W.__ffSent = 0; W.__ffSaving = 0;
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = W[name];
    W[name] = function (...args) {
      W.__ffHits.push(name + '(' + String(args[0]) + ')');
      return original ? original.apply(this, args) : undefined;
    };
  }
  const URLISH = new Set(['href', 'src', 'srcdoc', 'action', 'formaction', 'data', 'xlink:href', 'background',
                          'poster', 'style']);
  const bad = (el) => {
    if (!el || el.nodeType !== 1) return '';
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && /__pwned/.test(el.textContent)) return '<script> with a payload';
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value;
      if (name.startsWith('on') && /__pwned/.test(value)) return `<${tag} ${name}=…> event handler`;
      if (URLISH.has(name) && (/__pwned/.test(value) || /^\s*javascript:/i.test(value)))
        return `<${tag} ${name}="${value.slice(0, 60)}">`;
    }
    if (el.id === 'ffxss') return `<${tag} id=ffxss> from a payload`;
    return '';
  };
  W.__ffScan = (root) => {
    const found = [];
    const walk = (node) => {
      const why = bad(node); if (why) found.push(why);
      for (const child of node.querySelectorAll ? node.querySelectorAll('*') : []) {
        const w = bad(child); if (w) found.push(w);
        if (child.shadowRoot) found.push(...W.__ffScan(child.shadowRoot));
      }
    };
    walk(root);
    return found;
  };
  W.__ffInjected = [];
  const observe = () => new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        const why = bad(record.target); if (why) W.__ffInjected.push(why);
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        W.__ffInjected.push(...W.__ffScan(node));
        if (node.matches('.ff-save-saving') || node.querySelector('.ff-save-saving')) W.__ffSaving += 1;
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
  observe();
  // Count kernel requests sent and "idle" statuses received, to wait until the kernel has caught up.
  const decoder = new TextDecoder();
  const head = (data, n) => {
    if (typeof data === 'string') return data.slice(0, n);
    const buffer = data instanceof ArrayBuffer ? data : data.buffer;
    if (!buffer) return '';
    return decoder.decode(new Uint8Array(buffer, data.byteOffset || 0, Math.min(n, buffer.byteLength)));
  };
  const Native = W.WebSocket;
  class CountingWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        try { if (/"execution_state":\s*"idle"/.test(head(event.data, 4000))) W.__ffIdle += 1; } catch (e) {}
      });
    }
    send(data) {
      try { if (/shell/.test(head(data, 300))) W.__ffSent += 1; } catch (e) {}
      return super.send(data);
    }
  }
  W.WebSocket = CountingWebSocket;
})();
"""


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """A server and data folder of this module's own: the hostile answers it leaves behind (payload-named
    stages, filled boards) must not meet tests that expect a fresh learner."""
    with CourseServer(tmp_path_factory.mktemp("hostile-data")) as server:
        yield server


@pytest.fixture
def guarded_page(page: Page) -> Iterator[Page]:
    """The conftest page (dialogs recorded in ``page.dialogs``) with the detector installed."""
    page.add_init_script(DETECTOR)
    yield page


def assert_not_pwned(page: Page, where: str = "") -> None:
    """No dialog, no payload flag, no element carrying a payload in a handler or URL."""
    state = page.evaluate("() => ({pwned: window.__pwned, hits: window.__ffHits, injected: window.__ffInjected,"
                          " scan: window.__ffScan(document)})")
    assert page.dialogs == [], f"{where}: a dialog opened: {page.dialogs}"  # type: ignore[attr-defined]
    assert not state["pwned"], f"{where}: a payload ran"
    assert state["hits"] == [], f"{where}: a payload called {state['hits']}"
    assert state["injected"] == [] and state["scan"] == [], \
        f"{where}: injected elements {state['injected'] or state['scan']}"


def assert_working(page: Page) -> None:
    """No code or Python error text (helpers.assert_clean), and no exercise replaced by the "sorry" notice."""
    assert_clean(page)
    text = page.locator("body").inner_text()
    assert BROKEN not in text and SLIP not in text, "an exercise failed (the friendly notice is showing)"


def snapshot(page: Page) -> list[int]:
    """Kernel requests sent and idle statuses seen so far."""
    return page.evaluate("() => [window.__ffIdle, window.__ffSent]")


def settle(page: Page, before: list[int], *, sent: bool = True) -> None:
    """Wait until the kernel has answered every request sent since ``before`` (and, if ``sent``, at least one)."""
    page.wait_for_function(
        "([idle, count, needOne]) => (!needOne || window.__ffSent > count)"
        " && window.__ffIdle - idle >= window.__ffSent - count",
        arg=[*before, sent])


def open_guarded(page: Page, url: str) -> None:
    open_lesson(page, url)
    open_every_part(page)  # the optional parts' boxes and uploads are the learner's too
    page.wait_for_function("() => window.__ffIdle >= 1")
    assert_not_pwned(page, "on load")


# ---- finding what a learner can type into -------------------------------------------------------

def reveal(page: Page) -> list[str]:
    """What a first step shows: tick the first box of each card with none ticked, press every "+ Add …"."""
    done: list[str] = []
    for _round in range(2):
        targets = page.evaluate(r"""() => {
            const out = [];
            let n = window.__ffRevealed || 0;
            for (const card of document.querySelectorAll('.ff-card')) {
              const ticks = [...card.querySelectorAll('.widget-checkbox input[type=checkbox]')]
                .filter(t => t.offsetParent);
              if (ticks.length && !ticks.some(t => t.checked)) {
                ticks[0].setAttribute('data-ffh-reveal', String(++n)); out.push([String(n), 'tick']);
              }
              for (const b of card.querySelectorAll('button')) {
                if (b.offsetParent && /^\s*\+/.test(b.textContent) && !b.hasAttribute('data-ffh-pressed')) {
                  b.setAttribute('data-ffh-pressed', '1');
                  b.setAttribute('data-ffh-reveal', String(++n)); out.push([String(n), b.textContent.trim()]);
                }
              }
            }
            window.__ffRevealed = n;
            return out;
        }""")
        if not targets:
            break
        for mark, what in targets:
            before = snapshot(page)
            target = page.locator(f"[data-ffh-reveal='{mark}']")
            if what == "tick":
                target.check()
            else:
                target.click()
            settle(page, before)
            done.append(what)
    return done


@dataclass(frozen=True)
class Box:
    """One discovered text box: its mark, its label, the buttons that use it, whether it is one line."""

    mark: str
    label: str
    buttons: tuple[str, ...]
    single_line: bool

    def locator(self, page: Page) -> Locator:
        return page.locator(f"[data-ffh='{self.mark}']")


def find_text_boxes(page: Page) -> list[Box]:
    """Every visible text box and text area, marked, with the non-destructive buttons that act on it."""
    found = page.evaluate(r"""([selector, deny]) => {
        const denied = new RegExp(deny, 'i');
        const boxes = [...document.querySelectorAll(selector)].filter(e => e.offsetParent && !e.disabled);
        return boxes.map((box, i) => {
          const mark = String(i + 1);
          box.setAttribute('data-ffh', mark);
          const card = box.closest('.ff-card');
          if (card) card.setAttribute('data-ffh-card-' + mark, '');
          const usable = (el) => [...el.querySelectorAll('button')].filter(b =>
              b.offsetParent && !b.classList.contains('widget-upload') && !denied.test(b.textContent.trim()));
          let buttons = [];
          for (let el = box.parentElement; el; el = el.parentElement) {
            buttons = usable(el);
            if (buttons.length || el === card || !card) break;
          }
          const ids = buttons.map((b, j) => {
            const id = b.getAttribute('data-ffh-btn') || `${mark}-${j}`;
            b.setAttribute('data-ffh-btn', id);
            return id;
          });
          const label = (box.closest('.widget-inline-hbox, .widget-textarea, .widget-text')
                         ?.querySelector('label')?.textContent || box.placeholder || '').trim();
          return {mark, label: label.slice(0, 50), buttons: ids, single: box.tagName === 'INPUT'};
        });
    }""", [TEXT_BOXES, DENY.pattern])
    return [Box(f["mark"], f["label"], tuple(f["buttons"]), f["single"]) for f in found]


def card_of(page: Page, box: Box) -> Locator:
    return page.locator(f".ff-card[data-ffh-card-{box.mark}]")


def enter(page: Page, box: Box, text: str) -> None:
    """Type (paste) ``text`` into a box, leave it, and press the buttons that use it; wait for the kernel."""
    field = box.locator(page)
    before = snapshot(page)
    if field.input_value() != text:
        field.fill(text)
        settle(page, before)
    for button in box.buttons:
        target = page.locator(f"[data-ffh-btn='{button}']")
        if target.is_visible():
            before = snapshot(page)
            target.click()
            settle(page, before)


# ---- the tests -------------------------------------------------------------------------------------

def test_the_detector_catches_an_injection(guarded_page: Page) -> None:
    """The checks can fail: markup put into the page as HTML is caught, and so is a dialog."""
    page = guarded_page
    blank = "http://detector.invalid/"
    page.route(blank, lambda route: route.fulfill(content_type="text/html", body="<main id='host'></main>"))
    inject = "html => { document.getElementById('host').innerHTML = html; }"
    page.goto(blank)
    assert_not_pwned(page, "empty page")
    page.evaluate(inject, XSS[1])
    page.wait_for_function("() => window.__pwned === 1")
    with pytest.raises(AssertionError, match="payload ran"):
        assert_not_pwned(page, "self-test")
    page.goto(blank)
    page.evaluate(inject, XSS[4])
    with pytest.raises(AssertionError, match="injected elements"):
        assert_not_pwned(page, "self-test")
    page.goto(blank)
    page.evaluate("() => window.alert('hi')")
    with pytest.raises(AssertionError, match="dialog"):
        assert_not_pwned(page, "self-test")


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_text_boxes_take_hostile_text_safely(guarded_page: Page, course_server: CourseServer, lesson) -> None:
    page = guarded_page
    open_guarded(page, course_server.url(lesson.notebook))
    reveal(page)
    boxes = find_text_boxes(page)
    assert boxes, "every lesson has at least its takeaway box"
    print(f"{lesson.id}: {len(boxes)} text boxes:", "; ".join(f"{b.label!r} → {len(b.buttons)} buttons" for b in boxes))
    for box in boxes:
        where = f"{lesson.id}, box {box.mark} ({box.label!r})"
        for payload in (*XSS, UNICODE, WHITESPACE):
            enter(page, box, payload)
            assert_not_pwned(page, f"{where}, payload {payload!r}")
            if "<" in payload:
                assert_markup_not_swallowed(page, payload, where)
        enter(page, box, LONG)
        assert_not_pwned(page, f"{where}, 50,000 characters")
        expect(card_of(page, box).locator(".ff-feedback").filter(has_text=TOO_LONG).first).to_be_visible()
        enter(page, box, "")
        assert_working(page)
    type_takeaway(page, f"Still usable after the hostile input in {lesson.id}.")
    assert_not_pwned(page, f"{lesson.id}, at the end")
    assert_working(page)


def assert_markup_not_swallowed(page: Page, payload: str, where: str) -> None:
    """If the page shows a payload's inner text, it shows the whole payload (the tags as text, not as HTML)."""
    inner = re.sub(r"<[^>]*>", "", payload).strip()
    if "ffxss" not in inner or inner == payload:
        return
    shown = page.evaluate("([a, b]) => { const t = document.body.innerText;"
                          " return [t.includes(a), t.includes(b)]; }", [payload, inner])
    assert shown[0] or not shown[1], f"{where}: {payload!r} was shown as HTML (only {inner!r} is visible)"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_typed_text_is_stored_exactly_as_typed(guarded_page: Page, course_server: CourseServer, lesson) -> None:
    page = guarded_page
    url = course_server.url(lesson.notebook)
    open_guarded(page, url)
    reveal(page)
    typed: dict[int, str] = {}
    for index, box in enumerate(find_text_boxes(page)):
        text = STORED.format(n=index)
        page.evaluate("() => { window.__ffSaving = 0; }")
        field = box.locator(page)
        before = snapshot(page)
        field.fill(text)
        settle(page, before)
        if page.evaluate("() => window.__ffSaving") > 0:  # this box saves as you type
            typed[index] = text
        expect(page.locator(".ff-save-saving")).to_have_count(0)
    assert typed, f"{lesson.id}: no box said it was saving"
    page.reload()
    open_guarded(page, url)
    boxes = find_text_boxes(page)
    for index, text in typed.items():
        expect(boxes[index].locator(page)).to_have_value(text)
    assert_not_pwned(page, f"{lesson.id}, after reload")
    assert_working(page)


def try_numbers(page: Page, lesson_id: str) -> int:
    """Absurd values in every number field and slider readout; returns how many fields there were."""
    count = page.evaluate("([a, b]) => { let n = 0; for (const e of document.querySelectorAll(a + ', ' + b))"
                          " { if (e.offsetParent) e.setAttribute('data-ffh-num', String(++n)); } return n; }",
                          [NUMBER_BOXES, READOUTS])
    for mark in range(1, count + 1):
        field = page.locator(f"[data-ffh-num='{mark}']")
        for value in NUMBERS:
            before = snapshot(page)
            field.click()
            page.keyboard.press("Control+A")
            if value:
                page.keyboard.type(value)
            else:
                page.keyboard.press("Delete")
            page.keyboard.press("Enter")
            field.evaluate("e => e.blur()")
            page.wait_for_function(IN_RANGE, arg=mark, timeout=15_000)  # a number, within the field's range
            settle(page, before, sent=False)
            assert_not_pwned(page, f"{lesson_id}, number {mark} = {value!r}")
        assert_working(page)
    return count


IN_RANGE = r"""(mark) => {
    const e = document.querySelector(`[data-ffh-num='${mark}']`);
    const text = e.tagName === 'INPUT' ? e.value : e.textContent;
    const value = Number(String(text).trim());
    if (String(text).trim() === '' || !Number.isFinite(value)) return false;
    let low = -Infinity, high = Infinity;
    if (e.tagName === 'INPUT') {
      if (e.min !== '') low = Number(e.min);
      if (e.max !== '') high = Number(e.max);
    } else {
      const handle = e.closest('.widget-slider, .widget-hslider, .widget-inline-hbox')
        ?.querySelector('[aria-valuemin]');
      if (handle) {
        low = Number(handle.getAttribute('aria-valuemin'));
        high = Number(handle.getAttribute('aria-valuemax'));
      }
    }
    return low <= value && value <= high;
}"""


SENDABLE_BYTES = 63 * 1024 * 1024
"""Bigger files are stopped in the page (assets/connection.js): one websocket message may carry 64 MiB."""


def bad_files(folder: Path, ext: str) -> Iterator[tuple[str, Path]]:
    """(what it is, path) for each careless upload; the 60 MB file is written only when needed."""
    empty = folder / f"empty{ext}"
    empty.write_bytes(b"")
    yield "an empty file", empty
    binary = folder / f"photo{ext}"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096) + bytes(range(256)) * 8)
    yield "a binary file", binary
    wrong = folder / f"customers{ext}"
    wrong.write_text("name,email,amount\nAda,ada@example.com,12.50\nBo <b>x</b>,bo@example.com,3\n"
                     "<img src=x onerror=window.__pwned=1>,x@example.com,4\n", encoding="utf-8")
    yield "a CSV with the wrong columns", wrong
    dates = folder / f"bad-dates{ext}"
    dates.write_text("received,first reply\nyesterday,soonish\nlast Tuesday-ish,never\n32/13/2025 25:61,??\n"
                     "<script>window.__pwned=1</script>,javascript:window.__pwned=1\n", encoding="utf-8")
    yield "a CSV with dates that can't be read", dates
    big = folder / f"huge{ext}"
    row = b"2025-03-14 09:30,2025-03-14 11:00\n"
    with open(big, "wb") as out:
        out.write(b"received,first reply\n")
        out.write(row * (60 * 1024 * 1024 // len(row) + 1))
    yield "a 60 MB file", big
    bigger = big.rename(folder / f"huger{ext}")  # its own name, so the message found is about this file
    with open(bigger, "ab") as out:  # past what one websocket message may carry: stopped in the page
        out.write(row * (10 * 1024 * 1024 // len(row) + 1))
    yield "a 70 MB file", bigger
    bigger.unlink()


RESULT_SIGNATURE = r"""(mark) => {
    const card = document.querySelector(`[data-ffh-up-card='${mark}']`);
    const copy = card.cloneNode(true);
    const extra = '.ff-feedback-wrap, .widget-upload, .ff-upload-too-big, .ff-save-status-wrap';
    for (const e of copy.querySelectorAll(extra)) e.remove();
    return copy.textContent.replace(/\s+/g, ' ').trim();
}"""


def try_uploads(page: Page, lesson_id: str, folder: Path) -> int:
    """Careless files in every upload; each refused by name, the card's earlier result kept. Returns the count."""
    count = page.evaluate("(sel) => { let n = 0; for (const e of document.querySelectorAll(sel)) {"
                          " if (!e.offsetParent) continue; n += 1; e.setAttribute('data-ffh-up', String(n));"
                          " e.closest('.ff-card')?.setAttribute('data-ffh-up-card', String(n)); } return n; }",
                          UPLOADS)
    for mark in range(1, count + 1):
        card = page.locator(f"[data-ffh-up-card='{mark}']")
        # A good result first, where the card can make one (the sample inbox, a progress file to download).
        for button in card.locator("button.ff-btn-primary:not(.widget-upload)").all():
            if button.is_visible():
                before = snapshot(page)
                button.click()
                settle(page, before)
        expect(card.locator(".ff-save-saving")).to_have_count(0)
        result = page.evaluate(RESULT_SIGNATURE, str(mark))
        with page.expect_file_chooser() as chooser:
            page.locator(f"[data-ffh-up='{mark}']").click()
        accept = chooser.value.element.get_attribute("accept") or ".csv"
        chooser.value.set_files([])
        ext = next((part.strip() for part in accept.split(",") if part.strip().startswith(".")), ".csv")
        for what, path in bad_files(folder, ext):
            where = f"{lesson_id}, upload {mark}, {what}"
            before = snapshot(page)
            with page.expect_file_chooser() as chooser:
                page.locator(f"[data-ffh-up='{mark}']").click()
            chooser.value.set_files(str(path))
            settle(page, before, sent=path.stat().st_size <= SENDABLE_BYTES)
            message = card.locator(".ff-feedback-warning, .ff-feedback-hint").filter(has_text=path.name)
            expect(message.first).to_be_visible()
            assert_not_pwned(page, where)
            assert_working(page)
            assert page.evaluate(RESULT_SIGNATURE, str(mark)) == result, f"{where}: the earlier result changed"
    return count


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_numbers_keep_to_their_range_and_bad_uploads_are_refused_kindly(
        guarded_page: Page, course_server: CourseServer, lesson, tmp_path: Path) -> None:
    page = guarded_page
    open_guarded(page, course_server.url(lesson.notebook))
    numbers = try_numbers(page, lesson.id)
    uploads = try_uploads(page, lesson.id, tmp_path)
    print(f"{lesson.id}: {numbers} number fields and readouts, {uploads} uploads")
    type_takeaway(page, f"Numbers ({numbers}) and uploads ({uploads}) in {lesson.id} are fine.")
    assert_not_pwned(page, f"{lesson.id}, at the end")
    assert_working(page)


def test_learner_text_is_shown_back_as_literal_text(guarded_page: Page, course_server: CourseServer) -> None:
    """The greeting, the stage cards, the debrief summary and the playbook show payloads as text."""
    page = guarded_page
    by_id = {lesson.id: lesson for lesson in LESSONS}
    name = '<img src=x onerror="window.__pwned=1">'
    open_guarded(page, course_server.url(LESSONS[0].notebook))
    page.locator(".ff-name-entry input").fill(name)
    expect(page.locator(".ff-name-entry .ff-save-saved")).to_be_visible()
    expect(page.locator(".ff-greeting strong")).to_have_text(name)
    assert_not_pwned(page, "greeting")

    takeaways = {}
    for lesson in LESSONS[1:-1]:
        open_guarded(page, course_server.url(lesson.notebook))
        takeaways[lesson.id] = f"{XSS[len(takeaways) % len(XSS)]} — {lesson.id}"
        type_takeaway(page, takeaways[lesson.id])
        assert_not_pwned(page, f"takeaway in {lesson.id}")

    if "inversion" in by_id:
        open_guarded(page, course_server.url(by_id["inversion"].notebook))
        stage = "\"><svg onload=window.__pwned=1> \u202estage"
        picker = page.locator(".ff-board-picker")
        picker.locator(".widget-text input").fill(stage)
        before = snapshot(page)
        picker.get_by_role("button", name="Add stage").click()
        settle(page, before)
        expect(page.locator(".ff-stage-card .ff-card-title", has_text=stage)).to_have_count(1)
        assert_not_pwned(page, "custom stage")

    open_guarded(page, course_server.url(LESSONS[-1].notebook))
    preview = page.locator(".ff-playbook")
    expect(preview.locator(".ff-playbook-owner")).to_have_text(f"{name}'s playbook")
    for text in takeaways.values():
        expect(preview.locator(".ff-playbook-quote", has_text=text)).to_have_count(1)
    for link in page.locator("a.ff-download").all():
        assert (link.get_attribute("href") or "").startswith("data:")
    printable = page.locator("a.ff-download[href^='data:text/html']").get_attribute("href") or ""
    document = base64.b64decode(printable.split("base64,", 1)[1]).decode("utf-8")
    assert name not in document and html.escape(name, quote=True) in document
    assert_not_pwned(page, "playbook")
    assert_working(page)


def hostile_value(value: object, turn: int) -> object:
    """A value of the wrong shape or with hostile text, in place of a saved answer."""
    text = XSS[turn % len(XSS)]
    if isinstance(value, dict) and turn % 3 == 0:  # keep the shape, poison what is inside
        return {key: hostile_value(inner, turn + n + 1) for n, (key, inner) in enumerate(value.items())}
    choices = (text, LONG * 2, {"value": text, "rows": [text, None, 1e308]}, [text, -1, {"x": []}],
               -99999999999999999999, 1e308, True, None, "", UNICODE)
    return choices[turn % len(choices)]


def export(page: Page, server: CourseServer) -> dict:
    """Every saved answer, as the welcome lesson's "Prepare my progress file" link holds it."""
    open_guarded(page, server.url(LESSONS[0].notebook))
    carry = page.locator(".ff-carry")
    carry.get_by_role("button", name=re.compile("Prepare")).click()
    href = carry.locator("a.ff-download").get_attribute("href") or ""
    return json.loads(base64.b64decode(href.split("base64,", 1)[1]))


def test_a_progress_file_full_of_hostile_answers_cannot_break_any_lesson(
        guarded_page: Page, course_server: CourseServer, tmp_path: Path) -> None:
    """Every answer saved so far, replaced by hostile text and wrong shapes, imported into a fresh course."""
    page = guarded_page
    exported = export(page, course_server)
    if len(exported["answers"]) < 10:  # run on its own: answer every box first
        for lesson in LESSONS:
            open_guarded(page, course_server.url(lesson.notebook))
            reveal(page)
            for box in find_text_boxes(page):
                box.locator(page).fill(STORED.format(n=box.mark))
            expect(page.locator(".ff-save-saving")).to_have_count(0)
        exported = export(page, course_server)
    assert len(exported["answers"]) >= 10, "the export has answers to poison"

    (tmp_path / "fresh").mkdir()
    fresh = CourseServer(tmp_path / "fresh").start()
    try:
        for round_number in (1, 2):
            hostile = {**exported, "learner": XSS[1], "exported_at": f"2099-01-0{round_number}T00:00:00+00:00",
                       "answers": [{**row, "value": hostile_value(row["value"], turn + round_number),
                                    "updated_at": f"2099-01-0{round_number}T00:00:00+00:00"}
                                   for turn, row in enumerate(exported["answers"])],
                       "completed": {"<script>window.__pwned=1</script>": "2099-01-01T00:00:00+00:00",
                                     LESSONS[1].id: "not a date"}}
            path = tmp_path / f"hostile-{round_number}.json"
            path.write_text(json.dumps(hostile), encoding="utf-8")
            open_guarded(page, fresh.url(LESSONS[0].notebook))
            carry = page.locator(".ff-carry")
            with page.expect_file_chooser() as chooser:
                carry.locator(UPLOADS).click()
            chooser.value.set_files(str(path))
            expect(carry.locator(".ff-feedback-hint")).to_contain_text(path.name)
            carry.get_by_role("button", name="Import", exact=True).click()
            expect(carry.locator(".ff-feedback-success")).to_contain_text("Imported")
            assert_not_pwned(page, f"import round {round_number}")
            for lesson in LESSONS:
                open_guarded(page, fresh.url(lesson.notebook))
                assert_not_pwned(page, f"{lesson.id} after hostile import {round_number}")
                assert_working(page)
                type_takeaway(page, f"Still usable after hostile import {round_number}.")
    finally:
        fresh.stop()
