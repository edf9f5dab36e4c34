"""Execute a notebook headlessly from a fresh kernel (shared by the notebook tests)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute_notebook(path: Path, timeout_s: int = 180) -> nbformat.NotebookNode:
    """Run every cell of ``path`` in a new kernel, in the notebook's own folder.

    Raises ``nbclient.exceptions.CellExecutionError`` on the first failing cell.
    The notebook file on disk is not modified.
    """
    nb = nbformat.read(path, as_version=4)
    env_backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        client = NotebookClient(
            nb, timeout=timeout_s, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        client.execute()
    finally:
        if env_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = env_backend
    return nb
