"""Whether errors are raised rather than turned into friendly notices."""

from __future__ import annotations

import os


def strict() -> bool:
    """Under test (``FAILFORWARD_STRICT=1``) errors are raised so they fail the test."""
    return os.environ.get("FAILFORWARD_STRICT") == "1"
