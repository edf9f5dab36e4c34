"""Plain functions shared by the test modules (the shared fixtures are in ``tests/conftest.py``).

Importing this module puts the course root first on ``sys.path``, so that the course's own
packages that are not installed (``nbgrader_ext/``, ``problemsets/``) import in every test, in
the worker processes some tests start, and in the benchmarks that reuse ``tests/grading.py``.
Nothing here imports nbgrader: the modules that only need the repository's paths stay fast.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
"""The repository (the course folder)."""

INSTRUCTOR_TOOLS = ROOT / "tools" / "instructor"
"""The instructor's scripts (``release.py``, ``collect.py``, ``export_grades.py`` ...)."""

ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))
"""The problem sets (their folder names under ``solutions/``)."""

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def venv_bin() -> Path:
    """The folder of the running Python, where ``nbgrader``, ``jupyter`` and ``alembic`` are installed."""
    return Path(sys.executable).parent


def venv_environment(env: Mapping[str, str] | None = None, **overrides: str) -> dict[str, str]:
    """An environment for a subprocess that finds the test environment's commands first.

    Parameters
    ----------
    env : mapping, optional
        The environment to start from (default: this process's).
    **overrides : str
        Further variables to set (``HOME=...``).

    Returns
    -------
    dict
        A copy of ``env`` with :func:`venv_bin` put in front of ``PATH``, and ``overrides``.
    """
    env = dict(os.environ if env is None else env)
    env["PATH"] = str(venv_bin()) + os.pathsep + env.get("PATH", "")
    env.update(overrides)
    return env


def put_venv_bin_on_path() -> None:
    """Put :func:`venv_bin` on this process's ``PATH`` if it is missing (nbgrader runs ``alembic`` by name)."""
    bin_dir = str(venv_bin())
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def run_nbgrader(*args: str, cwd: Path, timeout_s: float = 300) -> subprocess.CompletedProcess:
    """Run the ``nbgrader`` command of the test environment in ``cwd``, as an instructor types it.

    Returns the finished process (``returncode``, text ``stdout`` and ``stderr``); never raises on
    a non-zero exit status, so that the test can show the output.
    """
    return subprocess.run(
        [str(venv_bin() / "nbgrader"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=venv_environment(),
        timeout=timeout_s,
    )


def instructor_script(name: str) -> ModuleType:
    """Import one of the instructor's scripts (``tools/instructor/<name>.py``) as a module."""
    if str(INSTRUCTOR_TOOLS) not in sys.path:
        sys.path.insert(0, str(INSTRUCTOR_TOOLS))
    return importlib.import_module(name)


def tool(name: str) -> ModuleType:
    """Import one of the maintenance scripts (``tools/<name>.py``: lessons, api_pages, build_site ...)."""
    tools = str(ROOT / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    return importlib.import_module(name)


def notebook_paths(folder: Path) -> list[Path]:
    """The notebooks directly in ``folder``, sorted by name."""
    return sorted(Path(folder).glob("*.ipynb"))


def notebook_names(folder: Path) -> list[str]:
    """The file names of the notebooks directly in ``folder``, sorted."""
    return [path.name for path in notebook_paths(folder)]


def first_notebook(assignment: str, root: Path = ROOT) -> str:
    """The file name of a problem set's first notebook (in ``solutions/``), the one most tests change."""
    return notebook_names(Path(root) / "solutions" / assignment)[0]


def committed_release_and_solution(assignment: str, notebook: str | None = None, root: Path = ROOT):
    """The committed release (``exercises/``) and solution (``solutions/``) of one notebook, read with nbformat.

    ``notebook`` defaults to the problem set's :func:`first_notebook`.
    """
    import nbformat

    notebook = notebook or first_notebook(assignment, root)
    return tuple(
        nbformat.read(Path(root) / kind / assignment / notebook, as_version=4) for kind in ("exercises", "solutions")
    )


def write_code_notebook(path: Path, *sources: str):
    """Write a notebook of one code cell per source to ``path`` (an instructor's notebook in miniature); return it."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    nbformat.write(nb, path)
    return nb
