"""Markdown images in Voila, linked rather than inlined.

Voila 0.5 inlines every Markdown image by looking its path up from the server's
root: a lesson's ``../assets/img/x.svg`` (right for JupyterLab and for the
browser) raises "outside root contents directory", and under the Jupyter
server extension (Binder) the asynchronous contents manager makes every image
fail. This renderer leaves the ``src`` as written; the browser resolves it
against the lesson's address and Voila serves it from its allow-listed files.
Set in ``voila.json`` as ``VoilaExporter.markdown_renderer_class``.

An image of the course's own (an SVG diagram in ``assets/img``) also gets the
width and height written in its file, so the browser keeps its room before it
has loaded and nothing below it jumps (the stylesheet scales it to fit).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from nbconvert.filters.markdown_mistune import IPythonRenderer
from voila.exporter import VoilaMarkdownRenderer

from widgets.core.folder import COURSE_ROOT
from widgets.core.markup import html

_SIZE = re.compile(r"<svg\b[^>]*?\swidth=[\"'](\d+(?:\.\d+)?)[\"'][^>]*?\sheight=[\"'](\d+(?:\.\d+)?)[\"']", re.S)


_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def course_svg(url: str, lessons: Path = COURSE_ROOT / "lessons") -> Path | None:
    """The course's own SVG file that a lesson's Markdown image ``url`` points at, or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.lower().endswith(".svg"):
        return None
    path = (lessons / unquote(parts.path)).resolve()
    return path if COURSE_ROOT.resolve() in path.parents else None


def svg_stamps(source: str) -> tuple[tuple[str, int], ...]:
    """When each course SVG a Markdown cell shows last changed (its size is written into the cell's HTML)."""
    stamps = []
    for url in _IMAGE.findall(source):
        path = course_svg(url)
        if path is not None:
            try:
                stamps.append((str(path), path.stat().st_mtime_ns))
            except OSError:
                stamps.append((str(path), 0))
    return tuple(stamps)


def svg_size(url: str, lessons: Path = COURSE_ROOT / "lessons") -> tuple[int, int] | None:
    """(width, height) written in a course SVG that a lesson's Markdown points at, or None."""
    path = course_svg(url, lessons)
    if path is None:
        return None
    try:
        with path.open(encoding="utf-8") as file:
            opening = file.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    found = _SIZE.search(opening)
    return (round(float(found.group(1))), round(float(found.group(2)))) if found else None


class LinkedImageRenderer(VoilaMarkdownRenderer):
    """Voila's Markdown renderer, minus the image inlining, plus the size of the course's own diagrams."""

    def image(self, text: str, url: str, title: str | None = None) -> str:
        size = svg_size(url)
        if size is None:
            return str(IPythonRenderer.image(self, text, url, title))
        width, height = size
        if title:
            return str(html("<img src='{}' alt='{}' title='{}' width='{}' height='{}'>", url, text, title, width,
                            height))
        return str(html("<img src='{}' alt='{}' width='{}' height='{}'>", url, text, width, height))
