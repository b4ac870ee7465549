"""The learner's response-time promise: set in lesson 2's first exercise, used by the others.

One :class:`Promise` per kernel (and store), so every exercise on the page sees the
same number and follows it when it changes.
"""

from __future__ import annotations

from traitlets import Bool, HasTraits, Int, validate

from widgets.store.progress import ProgressStore, default_store

LESSON = "response-time"
KEY = "promise-hours"
DEFAULT_HOURS = 24
MIN_HOURS, MAX_HOURS = 1, 168


def hours_text(hours: float) -> str:
    """'24 hours (1 day)', '3 hours', '1 hour', '36 hours (1½ days)'."""
    whole = round(hours)
    text = f"{whole} hour{'s' if whole != 1 else ''}"
    if whole >= 24 and whole % 12 == 0:
        days = whole / 24
        day_text = f"{int(days)}" if days == int(days) else f"{int(days)}½"
        text += f" ({day_text} day{'s' if days > 1 else ''})"
    return text


def duration_text(hours: float) -> str:
    """A wait in words: '40 minutes', '5.5 hours', '3.2 days'."""
    if hours < 1:
        return f"{max(1, round(hours * 60))} minutes"
    if hours < 48:
        return f"{hours:.1f} hours".replace(".0 hours", " hours")
    return f"{hours / 24:.1f} days".replace(".0 days", " days")


class Promise(HasTraits):
    """How many hours the learner promises to take, at most, to answer a customer."""

    hours = Int(DEFAULT_HOURS, help="Promised hours to a first reply").tag(sync=False)
    chosen = Bool(False, help="True once the learner has set it (until then it is the default)").tag(sync=False)

    def __init__(self, *, store: ProgressStore) -> None:
        super().__init__()
        self.store = store
        saved = store.load(LESSON, KEY)
        if isinstance(saved, int | float) and not isinstance(saved, bool):
            self.hours = int(saved)
            self.chosen = True

    @validate("hours")
    def _check_hours(self, proposal: dict) -> int:
        return min(MAX_HOURS, max(MIN_HOURS, int(proposal["value"])))

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
