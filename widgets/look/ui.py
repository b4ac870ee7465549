"""The course's shared look: cards, callouts, feedback banners, buttons, progress.

Every exercise builds from these. Widgets only get CSS classes (``ff-*``); the
colours and spacing live in ``assets/course.css``. An HTML widget is given only
:class:`~widgets.core.markup.Markup`, built with ``core.markup.html``, which escapes
any text (a learner's above all) on the way in.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle
from traitlets import Enum, Int, TraitError, Unicode, observe, validate

from widgets.core.content import COURSE_ROOT
from widgets.core.feedback import FeedbackKind
from widgets.core.markup import EMPTY, Markup, course_file, esc, html, paragraphs
from widgets.store.progress import ProgressStore

STYLESHEET = COURSE_ROOT / "assets" / "course.css"


# Colour is never the only signal: each banner also carries an icon and a word.
FEEDBACK_LOOK: dict[str, tuple[str, str]] = {
    "success": ("✓", "Well done"),
    "hint": ("✎", "Hint"),  # a glyph common fonts have: no emoji font needed
    "warning": ("⚠", "Heads up"),
}


def in_voila() -> bool:
    """True when this kernel was started by Voila (which links the stylesheet itself)."""
    return "VOILA_PREHEAT" in os.environ or os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")


def stylesheet(path: Path = STYLESHEET) -> w.HTML:
    """The course stylesheet as a widget, for JupyterLab; empty in Voila, whose template links it."""
    if in_voila():
        return w.HTML("", layout=w.Layout(display="none"))
    return w.HTML(html("<style>{}</style>", course_file(path)), layout=w.Layout(display="none"))


def _frozen(model: type[w.Widget]) -> type[w.Widget]:
    """A subclass of a Layout or style model whose synced traits can't change once it is made."""
    names = [name for name in model.class_trait_names(sync=True) if not name.startswith("_")]

    class Frozen(model):
        _sealed = False

        def __init__(self) -> None:
            super().__init__()
            self._sealed = True

        @validate(*names)
        def _unchanged(self, proposal: dict) -> object:
            if self._sealed:
                raise TraitError(f"this {model.__name__} is shared by many widgets and can't change: give the "
                                 f"widget its own (own_layout=True) to change its {proposal['trait'].name}")
            return proposal["value"]

    Frozen.__name__ = Frozen.__qualname__ = f"Shared{model.__name__}"
    return Frozen


SharedLayout = _frozen(w.Layout)
SharedHTMLStyle = _frozen(HTMLStyle)
_shared: dict[type[w.Widget], w.Widget] = {}


def shared(model: type[w.Widget]) -> w.Widget:
    """The one default-looking ``SharedLayout`` or ``SharedHTMLStyle`` of this kernel. Every widget is three
    models (itself, its layout, its style) the page must fetch and draw before it shows anything; the course's
    many HTML blocks, cards and placeholders look alike in those two, so they point to one each."""
    found = _shared.get(model)
    if found is None or getattr(found, "comm", None) is None:  # closed (a test's teardown): make another
        found = _shared[model] = model()
    return found


def is_shared(widget: object) -> bool:
    """Whether ``widget`` is one of the shared layouts or styles (never closed with the widgets using it)."""
    return isinstance(widget, SharedLayout | SharedHTMLStyle)


def html_block(markup: Markup = EMPTY, *classes: str, own_layout: bool = False) -> w.HTML:
    """An HTML widget holding markup built by this package; plain text given instead is escaped.
    ``own_layout``: for a block that is shown and hidden (``layout.display``); others share one layout."""
    layout = w.Layout() if own_layout else shared(SharedLayout)
    # Classes given when a widget is made go out with it; each added after is one more message to the page.
    return w.HTML(esc(markup), layout=layout, style=shared(SharedHTMLStyle), _dom_classes=classes)


class Card(w.VBox):
    """A white panel grouping one exercise or one step, with an optional title."""

    def __init__(self, children: Sequence[w.Widget] = (), *, title: str = "",
                 intro: str = "", classes: Iterable[str] = ()) -> None:
        head: list[w.Widget] = []
        if title:
            head.append(html_block(html("<h3 class='ff-card-title'>{}</h3>", title)))
        if intro:
            head.append(html_block(html("<div class='ff-card-intro'>{}</div>", paragraphs(intro))))
        super().__init__(children=[*head, *children], layout=shared(SharedLayout),
                         _dom_classes=("ff-card", *classes))


def callout(message: str, *, kind: Literal["info", "source", "notice"] = "info",
            title: str = "") -> w.HTML:
    """A highlighted aside: a tip, a source note, or a notice about the course itself."""
    heading = html("<strong class='ff-callout-title'>{}</strong>", title) if title else EMPTY
    body = paragraphs(message)
    # A notice is announced (role=status, which an <aside> may not take); tips and sources are asides.
    if kind == "notice":
        markup = html("<div class='ff-callout ff-callout-notice' role='status'>{}{}</div>", heading, body)
    else:
        markup = html("<aside class='ff-callout ff-callout-{}'>{}{}</aside>", kind, heading, body)
    return html_block(markup, "ff-callout-wrap")


class Feedback(w.HTML):
    """A feedback banner (success / hint / warning), announced to screen readers."""

    kind = Enum(("", "success", "hint", "warning"), "",
                help="'success', 'hint', 'warning', or '' when hidden").tag(sync=False)
    message = Unicode("", help="The feedback, as plain text (escaped when shown)").tag(sync=False)

    def __init__(self) -> None:
        super().__init__(layout=shared(SharedLayout), style=shared(SharedHTMLStyle), _dom_classes=("ff-feedback-wrap",))
        self._render()

    def show(self, kind: FeedbackKind, message: str) -> None:
        """Show a banner."""
        if kind not in ("", *FEEDBACK_LOOK):
            raise ValueError(f"feedback kind must be one of {sorted(FEEDBACK_LOOK)}, not {kind!r}")
        with self.hold_trait_notifications():
            self.kind = kind
            self.message = message

    def clear(self) -> None:
        """Hide the banner."""
        self.show("", "")  # type: ignore[arg-type]

    @observe("kind", "message")
    def _on_change(self, _change: dict) -> None:
        self._render()

    def _render(self) -> None:
        if not self.kind or not self.message:
            self.value = "<div class='ff-feedback-live' role='status' aria-live='polite'></div>"
            return
        icon, word = FEEDBACK_LOOK[self.kind]
        self.value = html(
            "<div class='ff-feedback-live' role='status' aria-live='polite'>"
            "<div class='ff-feedback ff-feedback-{}'>"
            "<span class='ff-feedback-icon' aria-hidden='true'>{}</span>"
            "<strong class='ff-feedback-word'>{}:</strong> "
            "<span class='ff-feedback-text'>{}</span></div></div>", self.kind, icon, word, self.message)

    @property
    def text(self) -> str:
        """What the learner reads, as plain text (for tests and logs)."""
        if not self.kind or not self.message:
            return ""
        return f"{FEEDBACK_LOOK[self.kind][1]}: {self.message}"


def _button(label: str, style: str, on_click: Callable[[w.Button], None] | None,
            tooltip: str) -> w.Button:
    button = w.Button(description=label, tooltip=tooltip or label, _dom_classes=("ff-btn", f"ff-btn-{style}"))
    if on_click is not None:
        button.on_click(on_click)
    return button


def primary_button(label: str, *, on_click: Callable[[w.Button], None] | None = None,
                   tooltip: str = "") -> w.Button:
    """The main action of a step."""
    return _button(label, "primary", on_click, tooltip)


def secondary_button(label: str, *, on_click: Callable[[w.Button], None] | None = None,
                     tooltip: str = "") -> w.Button:
    """A secondary action (undo, show an example, start again)."""
    return _button(label, "secondary", on_click, tooltip)


class ProgressIndicator(w.HTML):
    """'3 of 6 lessons done' with a bar; the bar is exposed as a progressbar to screen readers."""

    done = Int(0, help="How many items are done").tag(sync=False)
    total = Int(1, help="How many items there are").tag(sync=False)
    noun = Unicode("lessons", help="What is being counted, plural").tag(sync=False)

    def __init__(self, *, done: int = 0, total: int = 1, noun: str = "lessons") -> None:
        super().__init__(_dom_classes=("ff-progress-wrap",))
        with self.hold_trait_notifications():
            self.noun = noun
            self.total = total
            self.done = done
        self._render()

    @validate("total")
    def _check_total(self, proposal: dict) -> int:
        return max(1, proposal["value"])

    @validate("done")
    def _check_done(self, proposal: dict) -> int:
        return min(max(0, proposal["value"]), self.total)

    @observe("done", "total", "noun")
    def _on_change(self, _change: dict) -> None:
        self._render()

    @property
    def text(self) -> str:
        """The sentence a learner reads."""
        return f"{self.done} of {self.total} {self.noun} done"

    def _render(self) -> None:
        percent = round(100 * self.done / self.total)
        self.value = html(
            "<div class='ff-progress' role='progressbar' aria-valuemin='0' aria-valuemax='{}' "
            "aria-valuenow='{}' aria-label='{}'><div class='ff-progress-bar'><span style='width:{}%'></span></div>"
            "<span class='ff-progress-text'>{}</span></div>", self.total, self.done, self.text, percent, self.text)


class SaveStatus(w.HTML):
    """A quiet 'Saved' line under an answer, so the learner knows their work is kept."""

    state = Enum(("idle", "saving", "saved", "failed"), "idle",
                 help="'idle', 'saving', 'saved' or 'failed'").tag(sync=False)

    def __init__(self) -> None:
        super().__init__(layout=shared(SharedLayout), style=shared(SharedHTMLStyle),
                         _dom_classes=("ff-save-status-wrap",))
        self._render()

    @observe("state")
    def _on_change(self, _change: dict) -> None:
        self._render()

    def after_save(self, stamp: str | None, store: ProgressStore) -> None:
        """Show how a save went: saved, or failed (no timestamp, or only kept in memory)."""
        self.state = "saved" if stamp is not None and store.persistent else "failed"

    @property
    def text(self) -> str:
        """What the learner reads."""
        return {
            "idle": "",
            "saving": "Saving…",
            "saved": "✓ Saved",
            "failed": "Not saved — see the note at the top of the page",
        }[self.state]

    def _render(self) -> None:
        self.value = html("<span class='ff-save-status ff-save-{}' aria-live='polite'>{}</span>",
                          self.state, self.text)


def close_all(widgets: Sequence[w.Widget]) -> None:
    """Close widgets and everything inside them (ipywidgets closes only the one it is asked to)."""
    for widget in widgets:
        children = getattr(widget, "children", ())
        if isinstance(children, Sequence):
            close_all(children)
        parts = [getattr(widget, name, None) for name in ("layout", "style")]
        widget.close()
        for part in parts:  # each widget's own layout and style are models of their own (shared ones stay)
            if isinstance(part, w.Widget) and not is_shared(part):
                part.close()
