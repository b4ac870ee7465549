"""Markdown images in Voila, linked rather than inlined.

Voila 0.5 inlines every Markdown image by looking its path up from the server's
root: a lesson's ``../assets/img/x.svg`` (right for JupyterLab and for the
browser) raises "outside root contents directory", and under the Jupyter
server extension (Binder) the asynchronous contents manager makes every image
fail. This renderer leaves the ``src`` as written; the browser resolves it
against the lesson's address and Voila serves it from its allow-listed files.
Set in ``voila.json`` as ``VoilaExporter.markdown_renderer_class``.
"""

from __future__ import annotations

from nbconvert.filters.markdown_mistune import IPythonRenderer
from voila.exporter import VoilaMarkdownRenderer


class LinkedImageRenderer(VoilaMarkdownRenderer):
    """Voila's Markdown renderer, minus the image inlining."""

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return IPythonRenderer.image(self, text, url, title)
