"""Server time a lesson's page doesn't need to spend: five changes to how Voila and the Jupyter server do their
work, the same under ``fail-forward serve`` (``widgets/tools/voila_app.py``) and, as a Jupyter server extension
(``binder/jupyter-config``), under Binder and the hub. What each bought is in ``benchmarks/README.md``.

- **Static files compressed once.** With ``compress_response`` Tornado gzips every response as it goes out, and so
  compressed Voila's whole front end (about 4.9 MB of scripts) again for every page a learner opens: about 0.3 s of
  the server's processor per page on this machine, while the page waited for those scripts. Here a static file's
  compressed bytes are kept, keyed by its address, ``Etag``, ``Last-Modified`` and length, and a later request is
  answered with them. (Tornado keeps a file's ``Etag`` for the server's life, but reads its time and length on
  every request: a file a coach edits is compressed again.) Voila sends its front end's extensions (a fifth of
  the scripts) without an ``Etag``; those are keyed by their time and length alone.
- **Templates compiled once.** Voila makes a new nbconvert exporter, and so a new Jinja environment, for every page,
  and Jinja compiled every template of the page again in each (about 140 ms a page). Here the environments share
  one in-memory bytecode cache; Jinja compiles a template again only if its source changed.
- **Markdown rendered once.** Voila turns every Markdown cell of a page into HTML again for every page (about
  15 ms of a lesson's page, before its first cell runs). Here a cell's HTML is kept, keyed by its source and the
  time each course SVG it shows last changed (the renderer writes their sizes into the HTML).
- **Message dates read in C.** The server reads every message a lesson's kernel sends two or three times (the
  activity watcher, the cell runner, the page's connection), and jupyter_client read the time stamps in each one's
  headers with dateutil's pure-Python parser (about 60 of the 90 microseconds a message took). A lesson's kernel
  sends a hundred or more messages before the page goes out, and the next cell runs only once the server has read
  the last one's. Here the stamps are read with ``datetime.fromisoformat`` (the same dates), and anything it can't
  read still with dateutil.
- **A lesson's cells in one request** (``widgets/tools/cell_batch.py``): its one-line ``ff.*`` cells are run by the
  kernel one after another in one request, each still its own cell with its own outputs.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from datetime import datetime
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from nbconvert.exporters.templateexporter import TemplateExporter
from tornado import httputil
from tornado.web import Application, GZipContentEncoding

from widgets.tools.cell_batch import run_lesson_cells_together

# -- static files compressed once ------------------------------------------------------------------------------

STATIC = re.compile(r"/(static|labextensions|files)/")
"""Where Voila and the Jupyter server serve files from (under any base URL: Binder's and the hub's add one)."""


class CompressedFiles:
    """Compressed responses, least recently used dropped first once they hold more than ``limit`` bytes."""

    def __init__(self, limit: int = 64 * 1024 * 1024) -> None:
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[tuple[str, str, str, str], bytes] = OrderedDict()

    def get(self, key: tuple[str, str, str, str]) -> bytes | None:
        body = self.entries.get(key)
        if body is not None:
            self.entries.move_to_end(key)
        return body

    def put(self, key: tuple[str, str, str, str], body: bytes) -> None:
        if len(body) > self.limit:
            return
        old = self.entries.pop(key, None)
        self.size += len(body) - (len(old) if old is not None else 0)
        self.entries[key] = body
        while self.size > self.limit:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped)

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


COMPRESSED = CompressedFiles()


class CachedGZip(GZipContentEncoding):
    """Tornado's gzip encoding, which answers a static file it has compressed before with the same bytes."""

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        super().__init__(request)
        self._path = request.path if request.method == "GET" and STATIC.search(request.path) else None
        self._key: tuple[str, str, str, str] | None = None
        self._parts: list[bytes] = []
        self._answered = False

    def transform_first_chunk(self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes,
                              finishing: bool) -> tuple[int, httputil.HTTPHeaders, bytes]:
        etag, modified = headers.get("Etag", ""), headers.get("Last-Modified", "")
        if (self._gzipping and self._path and status_code == 200 and (etag or modified)
                and "Content-Encoding" not in headers):
            key = (self._path, etag, modified, headers.get("Content-Length", ""))
            body = COMPRESSED.get(key)
            if body is not None:
                headers["Vary"] = f"{headers['Vary']}, Accept-Encoding" if "Vary" in headers else "Accept-Encoding"
                headers["Content-Encoding"] = "gzip"
                headers["Content-Length"] = str(len(body))
                self._answered = True
                return status_code, headers, body
            self._key = key
        # Tornado compresses the first chunk through transform_chunk below, which keeps it.
        status_code, headers, chunk = super().transform_first_chunk(status_code, headers, chunk, finishing)
        if not self._gzipping:
            self._key = None
        return status_code, headers, chunk

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        if self._answered:
            return b""  # the whole compressed file went with the first chunk
        chunk = super().transform_chunk(chunk, finishing)
        self._keep(chunk, finishing)
        return chunk

    def _keep(self, chunk: bytes, finishing: bool) -> None:
        if self._key is None:
            return
        self._parts.append(chunk)
        if finishing:
            COMPRESSED.put(self._key, b"".join(self._parts))
            self._key = None


def compress_files_once(app: Application) -> None:
    """Swap Tornado's gzip encoding for :class:`CachedGZip` in ``app`` (where compression is on at all)."""
    app.transforms = [CachedGZip if transform is GZipContentEncoding else transform for transform in app.transforms]


# -- templates compiled once -----------------------------------------------------------------------------------


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates, kept in memory for the server's life."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.codes.clear()


CACHES = {True: MemoryBytecodeCache(), False: MemoryBytecodeCache()}
"""One cache for environments that render asynchronously (Voila's) and one for the others: their compiled code
differs, and a bucket's key doesn't say which it is."""


def share_compiled_templates() -> None:
    """Give every nbconvert exporter's Jinja environment the shared cache (once per process)."""
    original = TemplateExporter._create_environment
    if getattr(original, "shares_cache", False):
        return

    def create_environment(self: TemplateExporter) -> Any:
        environment = original(self)
        environment.bytecode_cache = CACHES[bool(self.enable_async)]
        return environment

    create_environment.shares_cache = True  # type: ignore[attr-defined]
    TemplateExporter._create_environment = create_environment  # type: ignore[method-assign]


# -- Markdown rendered once -----------------------------------------------------------------------------------

RENDERED: OrderedDict[tuple[Any, ...], str] = OrderedDict()
RENDERED_LIMIT = 2000
"""Markdown cells kept (a course has about 150)."""


def render_markdown_once() -> None:
    """Voila's ``markdown2html`` filter, answering a cell it has rendered before (once per process)."""
    from voila.exporter import VoilaExporter

    from widgets.tools.voila_markdown import svg_stamps

    original = VoilaExporter.markdown2html
    if getattr(original, "once", False):
        return

    @functools.wraps(original)  # keeps Jinja's pass_context mark: the filter is given the cell
    def markdown2html(self: VoilaExporter, context: Any, source: str) -> str:
        if context["cell"].get("attachments"):
            return str(original(self, context, source))
        key = (self.markdown_renderer_class, self.anchor_link_text, source, svg_stamps(source))
        rendered = RENDERED.get(key)
        if rendered is None:
            rendered = RENDERED[key] = str(original(self, context, source))
            if len(RENDERED) > RENDERED_LIMIT:
                RENDERED.popitem(last=False)
        return rendered

    markdown2html.once = True  # type: ignore[attr-defined]
    VoilaExporter.markdown2html = markdown2html


# -- message dates read in C -----------------------------------------------------------------------------------


def read_dates_quickly() -> None:
    """jupyter_client's ``parse_date``, with ``datetime.fromisoformat`` first (once per process)."""
    from jupyter_client import jsonutil

    original = jsonutil.parse_date
    if getattr(original, "quick", False):
        return

    def parse_date(s: str | None) -> str | datetime | None:
        if s is None or not jsonutil.ISO8601_PAT.match(s):
            return s
        try:
            return jsonutil._ensure_tzinfo(datetime.fromisoformat(s))
        except ValueError:
            return original(s)

    parse_date.quick = True  # type: ignore[attr-defined]
    jsonutil.parse_date = parse_date  # extract_dates, which every message goes through, looks it up here


def speed_up_process() -> None:
    """The changes that hold for the whole process (static files are per application)."""
    share_compiled_templates()
    render_markdown_once()
    read_dates_quickly()
    run_lesson_cells_together()


# -- as a Jupyter server extension (Binder, the hub) -----------------------------------------------------------


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "widgets.tools.server_speed"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    speed_up_process()
    compress_files_once(serverapp.web_app)
