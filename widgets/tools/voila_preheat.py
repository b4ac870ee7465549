"""A preheated lesson kernel waits here for its learner, without importing Voila.

With ``fail-forward serve --preheat`` or ``--class N``, Voila starts lesson kernels
before anyone asks and runs each lesson up to its first cell, which waits until a
learner's request arrives (then the answers are read from the store, not minutes
earlier). Voila's own ``voila.utils.wait_for_request`` does this, but importing
``voila`` in a kernel brings the whole Jupyter server with it: about 40 MB and
several CPU-seconds per kernel, which a class's pool pays twenty times over. This
is the same exchange (one websocket message from Voila's ``/voila/query`` endpoint
with the request's environment) with only the ``websockets`` library.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading

log = logging.getLogger(__name__)


def query_url() -> str:
    """Where Voila tells a preheated kernel about the request it is used for (as Voila 0.5 builds it)."""
    protocol = os.getenv("VOILA_WS_PROTOCOL", "ws")
    server_ip = os.getenv("VOILA_APP_IP", "127.0.0.1")
    server_port = os.getenv("VOILA_APP_PORT", "8866")
    server_url = os.getenv("VOILA_SERVER_URL", "/")
    ws_base_url = os.getenv("VOILA_WS_BASE_URL", server_url)
    return f"{protocol}://{server_ip}:{server_port}{ws_base_url}voila/query/{os.getenv('VOILA_KERNEL_ID')}"


async def _request_info(url: str) -> str | None:
    import websockets

    try:
        async with websockets.connect(url, open_timeout=5) as websocket:
            message = await websocket.recv()
    except (OSError, TimeoutError, websockets.WebSocketException) as error:
        log.warning("a preheated kernel could not hear about its request (%s): %s", url, error)
        return None
    return message if isinstance(message, str) else message.decode("utf-8")


def wait_for_request() -> None:
    """In a preheated kernel, block until Voila hands it a learner's request, then take on its environment."""
    if os.getenv("VOILA_PREHEAT", "False") == "False":
        return
    found: list[str | None] = []

    def listen() -> None:  # its own loop: the kernel's is busy running the cell that waits
        found.append(asyncio.new_event_loop().run_until_complete(_request_info(query_url())))

    thread = threading.Thread(target=listen, name="voila-request")
    thread.start()
    thread.join()
    if found and found[0]:
        for name, value in json.loads(found[0]).items():
            os.environ[name] = str(value)
