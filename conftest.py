"""Repository-wide pytest setup (applies to the nbval run of lessons/ too)."""

from __future__ import annotations

import os
import tempfile

# Notebooks executed under nbval save answers somewhere harmless, never in the
# developer's own progress store; and widget errors are raised, not turned
# into the friendly notice learners get, so a broken lesson fails its test.
os.environ.setdefault("FAILFORWARD_DATA", tempfile.mkdtemp(prefix="ff-nbval-"))
os.environ["FAILFORWARD_STRICT"] = "1"


def pytest_collection_modifyitems(items: list) -> None:
    """Fast tests first, browser tests last.

    Besides failing fast, this keeps Playwright's sync API (whose session-wide
    browser registers an event loop on the main thread without running it) away
    from the unit tests that exercise the autosaver's timers.
    """
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))
