"""Shared fixtures: every test gets its own empty data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from widgets.store import autosave, progress


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh FAILFORWARD_DATA for each test, and fresh per-kernel singletons."""
    directory = tmp_path_factory.mktemp("ffdata")
    monkeypatch.setenv("FAILFORWARD_DATA", str(directory))
    monkeypatch.setattr(progress, "_default", None)
    monkeypatch.setattr(autosave, "_default", None)
    yield directory
    if autosave._default is not None:
        autosave._default.flush()
