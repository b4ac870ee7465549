"""Voila as ``fail-forward serve`` starts it: the same app, with its Tornado settings where Tornado reads them,
and the server's speed-ups of ``widgets/tools/server_speed.py``.

Voila 0.5 builds its Tornado application first and copies ``Voila.tornado_settings``
(from ``voila.json``) into it afterwards, too late for the settings Tornado reads
while it is built: ``compress_response`` then does nothing, and every page and
script goes out uncompressed. Here they are part of the settings it is built with.
"""

from __future__ import annotations

from typing import Any

from voila.app import Voila

from widgets.tools.server_speed import compress_files_once, speed_up_process


class CourseVoila(Voila):
    """Voila, with ``tornado_settings`` given to Tornado when the application is built, and static files
    compressed once."""

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        settings.update(self.tornado_settings)
        return settings

    def listen(self) -> None:
        compress_files_once(self.app)
        super().listen()


def main() -> None:
    """``python -m widgets.tools.voila_app``: as ``python -m voila``."""
    speed_up_process()
    CourseVoila.launch_instance()


if __name__ == "__main__":
    main()
