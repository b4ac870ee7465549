"""Run benchmark code inside a real IPython kernel (real comms: every widget change is serialised and sent)."""

from __future__ import annotations

import json
import os
from typing import Any

from jupyter_client.manager import start_new_kernel

MARK = "RESULT"


def run_in_kernel(code: str, *, data: str, timeout: float, cwd: str | None = None) -> Any:
    """Execute ``code`` in a fresh kernel with ``FAILFORWARD_DATA=data``; it must print ``RESULT`` + JSON.

    Returns the decoded JSON; exits with the kernel's output (and traceback) if no result was printed."""
    manager, client = start_new_kernel(kernel_name="python3", cwd=cwd, env={**os.environ, "FAILFORWARD_DATA": data})
    output: list[str] = []
    try:
        reply = client.execute_interactive(
            code, timeout=timeout,
            output_hook=lambda msg: output.append(msg["content"].get("text", ""))
            if msg["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    text = "".join(output)
    if MARK not in text:
        raise SystemExit(text + "\n" + "\n".join(reply["content"].get("traceback", [])))
    return json.loads(text.split(MARK, 1)[1])
