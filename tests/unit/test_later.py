"""Exercises built just after the page is sent: placeholders, filled in page order once the page has its widgets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import ipywidgets as w
import pytest

from widgets.look import later


class FakeComm:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, data: dict[str, Any], buffers: Any = None) -> None:
        self.sent.append(data)


@pytest.fixture(autouse=True)
def fresh_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(later, "_queue", [])
    monkeypatch.setattr(later, "_armed", False)
    monkeypatch.setattr(later, "_started", False)
    monkeypatch.setattr(later, "START_AFTER", 0.05)  # the order is under test here, not the pause
    monkeypatch.setattr(w.Widget, "_handle_control_comm_msg", w.Widget.__dict__["_handle_control_comm_msg"])
    monkeypatch.setattr(w.Widget, "_control_comm", FakeComm())
    yield


def placeholders(built: list[str], *names: str) -> list[later.Later]:
    def maker(name: str) -> Any:
        def build() -> w.Widget:
            built.append(name)
            return w.HTML(name)
        return build
    return [later.Later(maker(name), kind="checkin") for name in names]


def ask_for_states() -> None:
    """What the browser's widget manager does once the page has loaded."""
    w.Widget._handle_control_comm_msg({"content": {"data": {"method": "request_states"}}})


def test_the_queue_waits_for_the_page_then_fills_in_page_order() -> None:
    async def run() -> None:
        built: list[str] = []
        first, second = placeholders(built, "first", "second")
        assert "ff-later" in first._dom_classes and first.children == ()
        later.start()  # the lesson's last cell has run
        await asyncio.sleep(0.2)
        assert built == []  # not before the page has asked for its widgets
        ask_for_states()
        assert w.Widget._control_comm.sent[-1]["method"] == "update_states"  # the page got its answer first
        await asyncio.sleep(0.3)
        assert built == []  # the page is drawing its first screen
        shown = later.PageShown()
        assert "ff-page-shown" in shown._dom_classes
        shown.click()  # what assets/page-shown.js does once the first screen is on view
        assert "ff-page-shown-done" in shown._dom_classes
        await asyncio.sleep(0.3)
        assert built == ["first", "second"]
        assert first.children == (first.built,) and "ff-later" not in first._dom_classes
        assert "ff-later-done" in second._dom_classes

    asyncio.run(run())


def test_a_page_that_never_says_it_is_shown_is_filled_soon_after_it_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(later, "SHOWN_FALLBACK", 0.2)

    async def run() -> None:
        built: list[str] = []
        placeholders(built, "only")
        later.start()
        ask_for_states()
        await asyncio.sleep(0.1)
        assert built == []
        await asyncio.sleep(0.4)
        assert built == ["only"]

    asyncio.run(run())


def test_a_page_that_never_asks_is_filled_anyway(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(later, "UNASKED_START", 0.05)

    async def run() -> None:
        built: list[str] = []
        placeholders(built, "only")
        later.start()
        await asyncio.sleep(0.4)
        assert built == ["only"]

    asyncio.run(run())


def test_closing_a_placeholder_forgets_its_build_and_closes_what_was_built() -> None:
    async def run() -> None:
        built: list[str] = []
        gone, kept = placeholders(built, "gone", "kept")
        gone.close()
        later.start()
        ask_for_states()
        later.PageShown().click()
        await asyncio.sleep(0.3)
        assert built == ["kept"]
        inner = kept.built
        kept.close()
        assert inner is not None and inner.comm is None

    asyncio.run(run())


def test_build_all_fills_everything_at_once() -> None:
    built: list[str] = []
    items = placeholders(built, "a", "b")
    later.build_all()
    assert built == ["a", "b"] and all(item.built is not None for item in items)


def test_in_voila_the_takeaway_card_waits_too_and_starts_the_queue(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import widgets.lesson as ff

    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("FAILFORWARD_DATA", str(tmp_path))

    async def run() -> None:
        card = ff.finish("welcome")
        assert isinstance(card, later.Later) and "ff-later-takeaway-card" in card._dom_classes
        assert card.built is None and later._armed  # the lesson's last cell: the queue is waiting for the page
        ask_for_states()
        later.PageShown().click()
        await asyncio.sleep(0.3)
        assert card.built is not None and "ff-finish" in card.built._dom_classes
        card.close()

    asyncio.run(run())
