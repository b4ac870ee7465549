"""The course's file-upload button."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.look.safe import guarded
from widgets.look.ui import Feedback


def upload_button(label: str, *, accept: str, on_file: Callable[[str, bytes], object],
                  feedback: Feedback) -> w.FileUpload:
    """A file-upload button in the course's look; ``on_file(name, content)`` gets each chosen file.

    The widget is emptied after each file, so choosing the same file again is seen as a new upload.
    """
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
