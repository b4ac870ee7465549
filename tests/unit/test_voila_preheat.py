"""A preheated kernel waits for its learner's request through Voila's /voila/query websocket, without Voila."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import threading
from collections.abc import Iterator

import pytest
import websockets

from widgets.tools import voila_preheat


@pytest.fixture
def voila_query(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A stand-in for Voila's query endpoint: sends the request's environment to the kernel that asks."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    asked: list[str] = []
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    async def answer(connection: websockets.ServerConnection) -> None:
        asked.append(connection.request.path)
        await connection.send(json.dumps({"QUERY_STRING": "lesson=1", "SCRIPT_NAME": "/voila/render/x.ipynb"}))

    stop: list[asyncio.Future[None]] = []

    async def serve() -> None:
        async with websockets.serve(answer, "127.0.0.1", port):
            stop.append(loop.create_future())
            ready.set()
            await stop[0]

    thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
    thread.start()
    ready.wait(10)
    for name, value in {"VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(port), "VOILA_KERNEL_ID": "k-123",
                        "VOILA_SERVER_URL": "/"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    yield asked
    loop.call_soon_threadsafe(stop[0].set_result, None)
    thread.join(10)


def test_a_preheated_kernel_takes_on_the_request_it_is_used_for(voila_query: list[str]) -> None:
    import os

    voila_preheat.wait_for_request()
    assert voila_query == ["/voila/query/k-123"]
    assert os.environ["QUERY_STRING"] == "lesson=1"


def test_without_preheating_it_returns_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    voila_preheat.wait_for_request()  # no server to ask: it would hang or fail if it tried


def test_no_answer_is_a_warning_not_a_crash(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once closed
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    voila_preheat.wait_for_request()
    assert "could not hear about its request" in caplog.text


def test_waiting_does_not_import_voila() -> None:
    import subprocess

    code = ("import sys, widgets.tools.voila_preheat, widgets.lesson; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('voila', 'jupyter_server')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
