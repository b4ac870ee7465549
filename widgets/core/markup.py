"""HTML built so that text can't turn into markup.

Markup is a :class:`markupsafe.Markup`; anything else is text. :func:`html` fills a
template's ``{}`` fields and escapes every value that isn't already markup, so

    html("<p class='ff-greeting'>Nice to meet you, <strong>{}</strong>.</p>", name)

is safe whatever the learner typed. Widgets that show HTML accept only markup
(``look.ui.html_block``), and ``tests/unit/test_layers.py`` fails on any f-string
in the package that builds tags.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterable
from pathlib import Path

import markupsafe

__all__ = ["EMPTY", "Markup", "course_file", "esc", "html", "join", "paragraphs", "tiles_html"]


class Markup(markupsafe.Markup):
    """Markup whose text is escaped as the standard library escapes it (``&#x27;``, ``&quot;``)."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object) -> Markup:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(_html.escape(str(s), quote=True))


EMPTY = Markup("")


def esc(text: object) -> Markup:
    """Text made safe for HTML, quotes included (so it may go in an attribute); markup is kept as it is."""
    return Markup.escape(text)


def html(template: str, /, *args: object, **kwargs: object) -> Markup:
    """``template`` (markup written in this package) with its ``{}`` fields filled, each value escaped
    unless it is already markup. Format specs work as in ``str.format`` (``{:,.0f}``)."""
    return Markup(template).format(*args, **kwargs)


def join(parts: Iterable[object], separator: str = "") -> Markup:
    """Pieces of markup (text among them is escaped) put together."""
    return Markup(separator).join(esc(part) for part in parts)


def paragraphs(text: str) -> Markup:
    """Escaped text with blank-line paragraphs and line breaks kept."""
    parts = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    return join(html("<p>{}</p>", join(esc(line) for line in _lines(p))) for p in parts)


def _lines(paragraph: str) -> Iterable[object]:
    lines = paragraph.split("\n")
    for index, line in enumerate(lines):
        if index:
            yield Markup("<br>")
        yield line


def tiles_html(tiles: Iterable[tuple[str, str]], *, label: str) -> Markup:
    """Headline figures as tiles: (value, what it counts) pairs."""
    cells = join(html("<li class='ff-tile'><strong class='ff-tile-value'>{}</strong>"
                      "<span class='ff-tile-label'>{}</span></li>", value, what) for value, what in tiles)
    return html("<ul class='ff-tiles' aria-label='{}'>{}</ul>", label, cells)


def course_file(path: Path) -> Markup:
    """A file the course itself ships (its stylesheet), inlined as it is; '' when it can't be read."""
    try:
        return Markup(path.read_text(encoding="utf-8"))  # the course's own file, never a learner's
    except OSError:
        return EMPTY
