"""The learner's response-time promise: set in lesson 2's first exercise, used by the others.

One :class:`Promise` per kernel (and store), so every exercise on the page sees the
same number and follows it when it changes.
"""

from __future__ import annotations

from typing import Any

from traitlets import Bool, HasTraits, Int, validate

from widgets.core import keys
from widgets.core.text import hours_text
from widgets.rules.promise import DEFAULT_HOURS, clamp_hours
from widgets.store.progress import ProgressStore, default_store


class Promise(HasTraits):
    """How many hours the learner promises to take, at most, to answer a customer."""

    hours = Int(DEFAULT_HOURS, help="Promised hours to a first reply").tag(sync=False)
    chosen = Bool(False, help="True once the learner has set it (until then it is the default)").tag(sync=False)

    def __init__(self, *, store: ProgressStore) -> None:
        super().__init__()
        self.store = store
        saved = store.load(keys.PROMISE.lesson, keys.PROMISE.key)
        if isinstance(saved, int | float) and not isinstance(saved, bool):
            self.hours = int(saved)
            self.chosen = True

    @validate("hours")
    def _check_hours(self, proposal: dict[str, Any]) -> int:
        return clamp_hours(proposal["value"])

    @property
    def text(self) -> str:
        """'24 hours (1 day)'."""
        return hours_text(self.hours)


_shared: Promise | None = None


def shared_promise() -> Promise:
    """The promise every exercise in this kernel shares."""
    global _shared
    store = default_store()
    if _shared is None or _shared.store is not store:
        _shared = Promise(store=store)
    return _shared
