"""The server's speed-ups (widgets/tools/server_speed.py): templates compiled once per server, static files compressed
once, message dates read as before."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import nbformat
import pytest
from jinja2 import Environment
from nbconvert import HTMLExporter
from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application, GZipContentEncoding, RequestHandler, StaticFileHandler

from widgets.tools import server_speed as voila_app
from widgets.tools.server_speed import COMPRESSED, CachedGZip, compress_files_once


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


class Hello(RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/html")
        self.write("<p>" + "hello " * 500 + "</p>")


class NoEtag(StaticFileHandler):
    """As Voila serves its front end's extensions (``no_cache_paths``): no Etag, asked again every time."""

    def compute_etag(self) -> None:
        return None


class TestStaticFilesCompressedOnce(AsyncHTTPTestCase):
    folder: Path

    def get_app(self) -> Application:
        import tempfile

        self.folder = Path(tempfile.mkdtemp())
        (self.folder / "app.js").write_text("console.log('one');\n" * 5000)
        app = Application([(r"/voila/static/(.*)", StaticFileHandler, {"path": str(self.folder)}),
                           (r"/voila/labextensions/(.*)", NoEtag, {"path": str(self.folder)}),
                           (r"/voila/render/hello", Hello)], compress_response=True)
        compress_files_once(app)
        return app

    def setUp(self) -> None:
        COMPRESSED.clear()
        super().setUp()

    def load(self, path: str, encoding: str = "gzip") -> tuple[str | None, bytes, str | None]:
        response = self.fetch(path, headers={"Accept-Encoding": encoding}, decompress_response=False)
        assert response.code == 200
        return response.headers.get("Content-Encoding"), response.body, response.headers.get("Content-Length")

    def test_a_file_is_compressed_once_and_sent_again_as_it_was(self) -> None:
        for where in ("static", "labextensions"):
            COMPRESSED.clear()
            self.compressed_once(f"/voila/{where}/app.js")

    def compressed_once(self, address: str) -> None:
        written: list[int] = []
        original = gzip.GzipFile.write

        def counting(self: gzip.GzipFile, data: bytes) -> int:
            written.append(len(data))
            return original(self, data)

        gzip.GzipFile.write = counting  # type: ignore[method-assign]
        try:
            first = self.load(address)
            compressions = len(written)
            second = self.load(address)
        finally:
            gzip.GzipFile.write = original  # type: ignore[method-assign]
        assert compressions > 0 and len(written) == compressions  # the second answer compressed nothing
        for encoding, body, length in (first, second):
            assert encoding == "gzip"
            assert gzip.decompress(body) == (self.folder / "app.js").read_bytes()
            assert length is None or int(length) == len(body)
        assert second[1] == first[1] and len(first[1]) < (self.folder / "app.js").stat().st_size / 10

    def test_a_changed_file_is_compressed_again(self) -> None:
        for number, where in enumerate(("static", "labextensions")):
            self.load(f"/voila/{where}/app.js")
            changed = self.folder / "app.js"
            served = changed.stat().st_mtime
            changed.write_text(f"console.log('{number}');\n" * 5000)  # the same length: its time tells
            os.utime(changed, (served, served + 5))
            _, body, _ = self.load(f"/voila/{where}/app.js")
            assert gzip.decompress(body) == (self.folder / "app.js").read_bytes()

    def test_a_browser_that_takes_no_gzip_gets_the_file_as_it_is(self) -> None:
        self.load("/voila/static/app.js")
        encoding, body, _ = self.load("/voila/static/app.js", encoding="identity")
        assert encoding is None and body == (self.folder / "app.js").read_bytes()

    def test_pages_are_compressed_but_never_kept(self) -> None:
        encoding, body, _ = self.load("/voila/render/hello")
        assert encoding == "gzip" and gzip.decompress(body).startswith(b"<p>hello")
        assert not COMPRESSED.entries


def test_binder_and_the_hub_get_the_same_speed_ups_as_a_server_extension() -> None:
    class ServerApp:
        web_app = Application([], compress_response=True)

    assert GZipContentEncoding in ServerApp.web_app.transforms
    voila_app._load_jupyter_server_extension(ServerApp())
    assert CachedGZip in ServerApp.web_app.transforms and GZipContentEncoding not in ServerApp.web_app.transforms
    assert voila_app._jupyter_server_extension_points() == [{"module": "widgets.tools.server_speed"}]


def test_message_dates_read_as_dateutil_reads_them() -> None:
    from jupyter_client import jsonutil
    from jupyter_client.session import Session

    before = jsonutil.parse_date
    stamps = ["2026-12-01T17:02:36.123456Z", "2026-12-01T17:02:36Z", "2026-12-01T17:02:36.123+01:00",
              "2026-12-01T17:02:36.1234", "2026-12-01T17:02:36+0100", "2026-12-01T17:02:36.123456+00:00",
              "not a date", "2026-13-45T99:99:99Z"]
    expected = []
    for stamp in stamps:
        try:
            expected.append(before(stamp))
        except ValueError as error:  # dateutil's answer to an impossible date: the same error after
            expected.append(type(error))
    voila_app.read_dates_quickly()
    voila_app.read_dates_quickly()  # twice is once
    quick = jsonutil.parse_date
    assert getattr(quick, "quick", False)
    for stamp, want in zip(stamps, expected, strict=True):
        if isinstance(want, type):
            with pytest.raises(want):
                quick(stamp)
        else:
            got = quick(stamp)
            assert got == want and type(got) is type(want)
    session = Session(key=b"k")
    message = session.msg("comm_open", {"data": {"value": "2026-12-01T17:02:36Z stays text"}})
    frames = session.serialize(message)
    read = session.deserialize(frames[frames.index(b"<IDS|MSG>") + 1:])
    assert read["header"]["date"] == message["header"]["date"]
    assert read["content"]["data"]["value"] == "2026-12-01T17:02:36Z stays text"


def test_a_markdown_cell_is_rendered_once_and_again_when_its_diagram_changes(tmp_path: Path) -> None:
    from voila.exporter import VoilaExporter

    from widgets.core.folder import COURSE_ROOT
    from widgets.tools.voila_markdown import LinkedImageRenderer

    voila_app.render_markdown_once()
    voila_app.render_markdown_once()  # twice is once
    voila_app.RENDERED.clear()
    diagram = next((COURSE_ROOT / "assets" / "img").glob("*.svg"))
    source = f"## A heading\n\nSome *text*.\n\n![A diagram](../assets/img/{diagram.name})"
    made: list[object] = []

    class Counting(LinkedImageRenderer):
        def __init__(self, *args: object, **kwargs: object) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)

    def render(notebook: nbformat.NotebookNode) -> str:
        exporter = VoilaExporter(template_name="lab")  # a new one, as Voila makes for every page
        exporter.markdown_renderer_class = Counting
        html, _ = exporter.from_notebook_node(notebook)
        return html

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)])
    first = render(notebook)
    assert len(made) == 1 and "<em>text</em>" in first and f"../assets/img/{diagram.name}" in first
    assert render(notebook) == first and len(made) == 1  # the second page: from what the first rendered
    stat = diagram.stat()
    try:
        os.utime(diagram, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the diagram changed
        assert render(notebook) == first and len(made) == 2  # rendered again (its size is written in the HTML)
    finally:
        os.utime(diagram, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    attached = nbformat.v4.new_markdown_cell("![x](attachment:x.png)", attachments={"x.png": {"image/png": "iVBO"}})
    render(nbformat.v4.new_notebook(cells=[attached]))
    render(nbformat.v4.new_notebook(cells=[attached]))
    assert len(made) == 4  # a cell with attachments is rendered every time
