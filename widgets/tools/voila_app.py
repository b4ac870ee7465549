"""Voila as ``fail-forward serve`` starts it: the same app, with its Tornado settings where Tornado reads them,
and its page templates compiled once.

Voila 0.5 builds its Tornado application first and copies ``Voila.tornado_settings``
(from ``voila.json``) into it afterwards, too late for the settings Tornado reads
while it is built: ``compress_response`` then does nothing, and every page and
script goes out uncompressed. Here they are part of the settings it is built with.

Voila also makes a new nbconvert exporter, so a new Jinja environment, for every page, and Jinja compiles
every template of the page again in each (about 140 ms of a page's server time on this machine). Here the
environments share one in-memory bytecode cache: a template is compiled once per server, and again only if
its file changes (Jinja checks the source's checksum).
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from nbconvert.exporters.templateexporter import TemplateExporter
from voila.app import Voila


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


class CourseVoila(Voila):
    """Voila, with ``tornado_settings`` given to Tornado when the application is built."""

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        settings.update(self.tornado_settings)
        return settings


def main() -> None:
    """``python -m widgets.tools.voila_app``: as ``python -m voila``."""
    share_compiled_templates()
    CourseVoila.launch_instance()


if __name__ == "__main__":
    main()
