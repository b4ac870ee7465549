"""The course's shared look: cards, callouts, feedback banners, buttons, progress.

Every exercise builds from these. Widgets only get CSS classes (``ff-*``); the
colours and spacing live in ``assets/course.css``. Any text that may come from
a learner is escaped here, in one place, before it reaches an HTML widget.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

import ipywidgets as w
from traitlets import Enum, Int, Unicode, observe, validate

from widgets.core.content import COURSE_ROOT
from widgets.store.progress import ProgressStore

STYLESHEET = COURSE_ROOT / "assets" / "course.css"

FeedbackKind = Literal["success", "hint", "warning"]

# Colour is never the only signal: each banner also carries an icon and a word.
FEEDBACK_LOOK: dict[str, tuple[str, str]] = {
    "success": ("✓", "Well done"),
    "hint": ("✎", "Hint"),  # a glyph common fonts have: no emoji font needed
    "warning": ("⚠", "Heads up"),
}


def esc(text: object) -> str:
    """Escape text for an HTML widget (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Escaped text with blank-line paragraphs and line breaks kept."""
    parts = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return "".join(f"<p>{esc(p).replace(chr(10), '<br>')}</p>" for p in parts)


def in_voila() -> bool:
    """True when this kernel was started by Voila (which links the stylesheet itself)."""
    return "VOILA_PREHEAT" in os.environ or os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")


def stylesheet(path: Path = STYLESHEET) -> w.HTML:
    """The course stylesheet as a widget, for JupyterLab; empty in Voila, whose template links it."""
    if in_voila():
        return w.HTML("", layout=w.Layout(display="none"))
    try:
        css = path.read_text(encoding="utf-8")
    except OSError:
        css = ""
    return w.HTML(f"<style>{css}</style>", layout=w.Layout(display="none"))


def html_block(markup: str, *classes: str) -> w.HTML:
    """An HTML widget holding trusted markup (built by this package, with learner text escaped)."""
    widget = w.HTML(markup)
    for name in classes:
        widget.add_class(name)
    return widget


class Card(w.VBox):
    """A white panel grouping one exercise or one step, with an optional title."""

    def __init__(self, children: Sequence[w.Widget] = (), *, title: str = "",
                 intro: str = "", classes: Iterable[str] = ()) -> None:
        head: list[w.Widget] = []
        if title:
            head.append(html_block(f"<h3 class='ff-card-title'>{esc(title)}</h3>"))
        if intro:
            head.append(html_block(f"<div class='ff-card-intro'>{paragraphs(intro)}</div>"))
        super().__init__(children=[*head, *children])
        self.add_class("ff-card")
        for name in classes:
            self.add_class(name)


def callout(message: str, *, kind: Literal["info", "source", "notice"] = "info",
            title: str = "") -> w.HTML:
    """A highlighted aside: a tip, a source note, or a notice about the course itself."""
    heading = f"<strong class='ff-callout-title'>{esc(title)}</strong>" if title else ""
    # A notice is announced (role=status, which an <aside> may not take); tips and sources are asides.
    tag, role = ("div", " role='status'") if kind == "notice" else ("aside", "")
    return html_block(f"<{tag} class='ff-callout ff-callout-{kind}'{role}>{heading}"
                      f"{paragraphs(message)}</{tag}>", "ff-callout-wrap")


class Feedback(w.HTML):
    """A feedback banner (success / hint / warning), announced to screen readers."""

    kind = Enum(("", "success", "hint", "warning"), "",
                help="'success', 'hint', 'warning', or '' when hidden").tag(sync=False)
    message = Unicode("", help="The feedback, as plain text (escaped when shown)").tag(sync=False)

    def __init__(self) -> None:
        super().__init__()
        self.add_class("ff-feedback-wrap")
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
        self.value = (
            "<div class='ff-feedback-live' role='status' aria-live='polite'>"
            f"<div class='ff-feedback ff-feedback-{self.kind}'>"
            f"<span class='ff-feedback-icon' aria-hidden='true'>{icon}</span>"
            f"<strong class='ff-feedback-word'>{word}:</strong> "
            f"<span class='ff-feedback-text'>{esc(self.message)}</span></div></div>"
        )

    @property
    def text(self) -> str:
        """What the learner reads, as plain text (for tests and logs)."""
        if not self.kind or not self.message:
            return ""
        return f"{FEEDBACK_LOOK[self.kind][1]}: {self.message}"


def _button(label: str, style: str, on_click: Callable[[w.Button], None] | None,
            tooltip: str) -> w.Button:
    button = w.Button(description=label, tooltip=tooltip or label)
    button.add_class("ff-btn")
    button.add_class(f"ff-btn-{style}")
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


def tiles_html(tiles: Iterable[tuple[str, str]], *, label: str) -> str:
    """Headline figures as tiles: (value, what it counts) pairs, escaped."""
    cells = "".join(f"<li class='ff-tile'><strong class='ff-tile-value'>{esc(value)}</strong>"
                    f"<span class='ff-tile-label'>{esc(what)}</span></li>" for value, what in tiles)
    return f"<ul class='ff-tiles' aria-label='{esc(label)}'>{cells}</ul>"


def upload_button(label: str, *, accept: str, on_file: Callable[[str, bytes], None],
                  feedback: Feedback) -> w.FileUpload:
    """A file-upload button in the course's look; ``on_file(name, content)`` gets each chosen file.

    The widget is emptied after each file, so choosing the same file again is seen as a new upload.
    """
    from widgets.look.safe import guarded  # safe imports ui

    upload = w.FileUpload(accept=accept, multiple=False, description=label, icon="upload")
    upload.add_class("ff-btn")
    upload.add_class("ff-btn-secondary")

    def taken(change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        upload.value = ()
        on_file(str(item.get("name", "your file")), bytes(item.get("content", b"")))

    upload.observe(guarded(taken, feedback), names="value")
    return upload


class ProgressIndicator(w.HTML):
    """'3 of 6 lessons done' with a bar; the bar is exposed as a progressbar to screen readers."""

    done = Int(0, help="How many items are done").tag(sync=False)
    total = Int(1, help="How many items there are").tag(sync=False)
    noun = Unicode("lessons", help="What is being counted, plural").tag(sync=False)

    def __init__(self, *, done: int = 0, total: int = 1, noun: str = "lessons") -> None:
        super().__init__()
        self.add_class("ff-progress-wrap")
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
        self.value = (
            f"<div class='ff-progress' role='progressbar' aria-valuemin='0' "
            f"aria-valuemax='{self.total}' aria-valuenow='{self.done}' "
            f"aria-label='{esc(self.text)}'>"
            f"<div class='ff-progress-bar'><span style='width:{percent}%'></span></div>"
            f"<span class='ff-progress-text'>{esc(self.text)}</span></div>"
        )


class SaveStatus(w.HTML):
    """A quiet 'Saved' line under an answer, so the learner knows their work is kept."""

    state = Enum(("idle", "saving", "saved", "failed"), "idle",
                 help="'idle', 'saving', 'saved' or 'failed'").tag(sync=False)

    def __init__(self) -> None:
        super().__init__()
        self.add_class("ff-save-status-wrap")
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
        self.value = (f"<span class='ff-save-status ff-save-{self.state}' aria-live='polite'>"
                      f"{esc(self.text)}</span>")
