"""The shared look: what learners read, escaped, with words as well as colours."""

from __future__ import annotations

import pytest

from widgets.core.markup import esc, paragraphs
from widgets.look.ui import Card, Feedback, ProgressIndicator, SaveStatus, callout, primary_button


def test_feedback_shows_icon_word_and_escaped_message() -> None:
    banner = Feedback()
    assert banner.text == "" and "ff-feedback-success" not in banner.value
    banner.show("success", "Great <img src=x onerror=alert(1)> work")
    assert banner.text == "Well done: Great <img src=x onerror=alert(1)> work"
    assert "<img" not in banner.value and "&lt;img src=x onerror=alert(1)&gt;" in banner.value
    assert "ff-feedback-success" in banner.value and "role='status'" in banner.value
    banner.show("hint", "Try again")
    assert banner.text.startswith("Hint:")
    banner.clear()
    assert banner.text == ""


def test_feedback_refuses_unknown_kinds() -> None:
    with pytest.raises(Exception, match="feedback kind"):
        Feedback().show("error", "nope")  # type: ignore[arg-type]


def test_progress_indicator_text_and_bounds() -> None:
    bar = ProgressIndicator(done=2, total=6)
    assert bar.text == "2 of 6 lessons done"
    assert "aria-valuenow='2'" in bar.value and "width:33%" in bar.value
    bar.done = 99
    assert bar.done == 6 and bar.text == "6 of 6 lessons done"
    bar.done = -3
    assert bar.done == 0


def test_save_status_words() -> None:
    status = SaveStatus()
    assert status.text == ""
    status.state = "saved"
    assert status.text == "✓ Saved" and "ff-save-saved" in status.value
    with pytest.raises(Exception, match="expected any of"):
        status.state = "exploded"


def test_card_and_callout_escape_their_text() -> None:
    card = Card([], title="<b>Title</b>", intro="Line one\n\nLine <two>")
    markup = "".join(child.value for child in card.children)
    assert "&lt;b&gt;Title&lt;/b&gt;" in markup and "<p>Line &lt;two&gt;</p>" in markup
    assert "ff-card" in card._dom_classes
    note = callout("a <script>", kind="notice", title="Hi")
    assert "<script>" not in note.value and "role='status'" in note.value


def test_buttons_carry_their_style_and_click_from_python() -> None:
    clicks = []
    button = primary_button("Go", on_click=clicks.append)
    assert {"ff-btn", "ff-btn-primary"} <= set(button._dom_classes)
    button.click()
    assert clicks == [button]


def test_escaping_helpers() -> None:
    assert esc("'\"<>&") == "&#x27;&quot;&lt;&gt;&amp;"
    assert paragraphs("a\nb\n\n\nc") == "<p>a<br>b</p><p>c</p>"


def test_blocks_and_cards_share_one_layout_and_style_that_cannot_change() -> None:
    from traitlets import TraitError

    from widgets.look.ui import close_all, html_block

    first, second = html_block(esc("a")), html_block(esc("b"))
    card = Card([first], title="T")
    assert first.layout is second.layout is card.layout and first.style is second.style
    assert first.layout.model_id == second.layout.model_id  # one model on the page, not one per block
    with pytest.raises(TraitError, match="shared by many widgets and can't change: give the widget its own"):
        first.layout.display = "none"
    assert second.layout.display is None  # the refused change touched no other block
    own = html_block(esc("c"), own_layout=True)
    own.layout.display = "none"
    assert own.layout is not first.layout and first.layout.display is None
    close_all([card, own])
    assert second.layout.comm is not None  # closing widgets that use the shared layout leaves it for the rest
    assert html_block(esc("d")).layout is second.layout
