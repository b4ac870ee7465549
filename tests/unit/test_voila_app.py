"""The course's Voila launcher: page templates compiled once per server, not once per page."""

from __future__ import annotations

import nbformat
import pytest
from jinja2 import Environment
from nbconvert import HTMLExporter

from widgets.tools import voila_app


def test_a_second_page_reuses_the_compiled_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    voila_app.share_compiled_templates()
    voila_app.share_compiled_templates()  # twice is once
    for cache in voila_app.CACHES.values():
        cache.clear()
    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    first, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    assert compiled and voila_app.CACHES[False].codes  # the first page compiles its templates, into the cache
    compiled.clear()
    second, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)  # a new exporter, as Voila makes
    assert compiled == [] and second == first
