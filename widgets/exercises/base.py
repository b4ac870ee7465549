"""The one contract every exercise keeps, after H5P's question contract.

An exercise is a card in a lesson with

- ``lesson`` and ``key``: where its answer is saved (declared in ``core.keys``);
- ``value``: everything the learner has done in it, as plain JSON-ready data —
  drafts typed into a box before its "Add" button included. Setting it (the
  exercise does, as the learner works) saves it a moment later;
- ``restore(value)``: shows a saved value in the boxes (anything it can't use,
  such as a value saved by an older course, gives the empty exercise);
- ``reset()``: back to empty, and saved so;
- ``summary()``: what the playbook and the coach read, as plain data;
- ``status`` (the "✓ Saved" line) and ``feedback`` (the banner), in one look.

An exercise is shown as a card of its own, or (``card=False``) as one part of a
bigger card, such as one thought of the reframing drill.

A subclass sets what it needs, then calls ``super().__init__``, which calls
its ``build()`` for the card's children (set once), restores the saved value
and starts saving. Closing the exercise releases everything it listens to.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ipywidgets as w
from traitlets import Any as AnyTrait
from traitlets import Unicode

from widgets.core import keys
from widgets.core.text import MAX_TEXT, too_long_message
from widgets.look.ui import Card, Feedback, SaveStatus, close_all
from widgets.store.autosave import Autosaver, default_autosaver

log = logging.getLogger(__name__)


class Exercise(Card):
    """An exercise: one saved ``value``, restored on opening and saved as it changes."""

    lesson = Unicode(help="The id of the lesson this exercise belongs to").tag(sync=False)
    key = Unicode(help="The key its value is saved under, within the lesson (see core.keys)").tag(sync=False)
    value = AnyTrait(None, allow_none=True,
                     help="Everything the learner has done here, as plain JSON-ready data; saved as it changes"
                     ).tag(sync=False)

    def __init__(self, *, lesson: str, key: str, saver: Autosaver | None = None, title: str = "",
                 intro: str = "", classes: Sequence[str] = (), card: bool = True) -> None:
        if keys.declared(lesson, key) is None:
            raise ValueError(f"({lesson!r}, {key!r}) is not a saved key declared in widgets.core.keys")
        self.saver = saver or default_autosaver()
        self.store = self.saver.store
        self.status = SaveStatus()
        self.feedback = Feedback()
        self._closers: list[Callable[[], None]] = []
        self._restoring = False
        super().__init__(self.build(), title=title, intro=intro, classes=classes)
        if not card:  # one part of a bigger card (a row of a drill): no panel of its own
            self.remove_class("ff-card")
        self.lesson, self.key = lesson, key
        self.saver.listen(lesson, key, self._saved)
        self.on_close(lambda: self.saver.unlisten(lesson, key, self._saved))
        saved = self.store.load(lesson, key)
        try:
            with self.restoring():
                self.restore(saved)
        except Exception:  # a value from an older course that no longer fits: start empty
            log.warning("saved %s/%s could not be restored; starting empty", lesson, key, exc_info=True)
            with self.restoring():
                self.restore(None)
        self.observe(self._autosave, names="value")

    # -- what a subclass provides ---------------------------------------------------------------

    def build(self) -> list[w.Widget]:
        """The card's children, built once."""
        raise NotImplementedError

    def restore(self, value: Any) -> None:
        """Show ``value`` (as saved, or None) in the boxes and set :attr:`value` to match."""
        raise NotImplementedError

    def summary(self) -> Any:
        """What the playbook and the coach read: plain data (by default the value itself)."""
        return self.value

    # -- the contract ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the empty exercise, saved so."""
        with self.restoring():
            self.restore(None)
        self.feedback.clear()
        self._save()

    @contextlib.contextmanager
    def restoring(self) -> Iterator[None]:
        """Changes made inside are shown but not saved (they come from the store, or are undone by ``reset``)."""
        before, self._restoring = self._restoring, True
        try:
            yield
        finally:
            self._restoring = before

    def on_close(self, release: Callable[[], None]) -> None:
        """Run ``release`` when the exercise is closed (remove a listener it added elsewhere)."""
        self._closers.append(release)

    def follow(self, owner: Any, handler: Callable[[dict], None], names: str) -> None:
        """``owner.observe(handler, names)``, undone when the exercise is closed."""
        owner.observe(handler, names=names)
        self.on_close(lambda: owner.unobserve(handler, names=names))

    def close(self) -> None:
        """Release every listener, close the widgets inside, then this one."""
        closers, self._closers = getattr(self, "_closers", []), []  # also when closed half-built
        for release in closers:
            try:
                release()
            except Exception:
                log.exception("releasing a listener of %s/%s failed", self.lesson, self.key)
        own = [getattr(self, name, None) for name in ("status", "feedback")]  # shown or not, they are its own
        close_all([*self.children, *(widget for widget in own if widget is not None)])
        super().close()

    def text_problem(self, text: str, limit: int = MAX_TEXT) -> str:
        """Why ``text`` can't be kept ('' when it can): shown as a hint, and the last saved version stays."""
        if len(text) > limit:
            problem = too_long_message(len(text), limit)
            self.feedback.show("hint", problem)
            self.status.state = "idle"
            return problem
        return ""

    def _autosave(self, _change: dict) -> None:
        if not self._restoring:
            self._save()

    def _save(self) -> None:
        self.status.state = "saving"
        self.saver.schedule(self.lesson, self.key, lambda: self.value)

    def _saved(self, stamp: str | None) -> None:
        self.status.after_save(stamp, self.store)
