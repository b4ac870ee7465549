"""``fail-forward check --run``: each lesson executed as a learner would, with a throwaway data folder."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from widgets.core.content import COURSE_ROOT, Problem, display_path


def run_notebook(path: Path, root: Path = COURSE_ROOT, *, timeout: int = 180) -> list[Problem]:
    """Execute a notebook headless, as Voila would, with a throwaway data folder (no learner's data
    is read or written) and errors raised rather than shown as a notice. Names the cell that fails."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    name = display_path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # unreadable notebooks are reported by check_notebook as well
        return [Problem(name, None, "", f"could not be run: it can't be read ({error})")]
    with tempfile.TemporaryDirectory(prefix="fail-forward-check-") as data:
        env = {**os.environ, "FAILFORWARD_DATA": data, "FAILFORWARD_STRICT": "1"}
        env.pop("VOILA_PREHEAT", None)
        if (root / "widgets" / "__init__.py").exists():  # a copy of the course runs its own widgets
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
        client = NotebookClient(notebook, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
        index = None
        try:
            # The kernel's own start-up chatter would bury the report; its errors reach us as messages.
            with client.setup_kernel(env=env, stderr=subprocess.DEVNULL):
                for index, cell in enumerate(notebook.cells):
                    if cell.cell_type == "code":
                        client.execute_cell(cell, index)
        except CellExecutionError as error:
            value = " ".join(str(error.evalue).split())
            value = value if len(value) <= 300 else value[:299] + "…"
            return [Problem(name, None, f"cells[{index}]", f"raised {error.ename} when run: {value}")]
        except CellTimeoutError:
            return [Problem(name, None, f"cells[{index}]", f"was still running after {timeout} seconds")]
        except DeadKernelError:
            return [Problem(name, None, f"cells[{index}]", "stopped Python (the kernel died) when run")]
        except Exception as error:
            return [Problem(name, None, "", f"could not be run ({type(error).__name__}: {error})")]
    return []
