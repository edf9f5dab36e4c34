"""Shared plumbing for the instructor scripts: load the course's nbgrader configuration, build the API.

Every script in this folder is a thin wrapper over ``nbgrader.apps.NbGraderAPI`` (the same object
the Formgrader uses). The configuration is read the way the ``nbgrader`` command reads it: the
system and user ``nbgrader_config.py`` files Jupyter knows about (where a JupyterHub administrator
usually sets ``c.Exchange.root``), then the course's own ``nbgrader_config.py``, which wins.
nbgrader itself is imported only when a script runs, so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def add_course_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every instructor script shares."""
    parser.add_argument(
        "--course",
        type=Path,
        default=REPO_ROOT,
        metavar="DIR",
        help="course folder holding nbgrader_config.py, solutions/ and exercises/ "
        "(default: this repository, %(default)s)",
    )
    parser.add_argument(
        "--exchange",
        type=Path,
        default=None,
        metavar="DIR",
        help="nbgrader exchange folder (sets Exchange.root; default: what the "
        "nbgrader_config.py files say, else nbgrader's /usr/local/share/nbgrader/exchange)",
    )
    parser.add_argument("--verbose", action="store_true", help="print nbgrader's full log of every step")


def ensure_env_bin_on_path() -> None:
    """nbgrader runs the ``alembic`` executable whenever it opens a gradebook; it lives next to python."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def load_config(course: Path, exchange: Path | None = None, db_url: str | None = None, root: Path | None = None):
    """The traitlets Config nbgrader would use when run from ``course``.

    Parameters
    ----------
    course : Path
        Course folder; must contain ``nbgrader_config.py``.
    exchange : Path, optional
        Exchange folder; overrides ``c.Exchange.root``. It must already exist.
    db_url : str, optional
        Gradebook URL; overrides ``c.CourseDirectory.db_url`` (used by the parallel autograde).
    root : Path, optional
        Folder nbgrader works in instead of ``course`` (used by the parallel autograde).
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(course).resolve()
    course_file = course / "nbgrader_config.py"
    if not course_file.is_file():
        raise SystemExit(f"--course {course}: no nbgrader_config.py there; point --course at the course folder")
    config = Config()
    # Lowest priority first: system-wide, then user, then the course (as the nbgrader command does).
    for directory in reversed(jupyter_config_path()):
        candidate = Path(directory) / "nbgrader_config.py"
        if candidate.is_file() and candidate.resolve() != course_file:
            config.merge(PyFileConfigLoader(candidate.name, path=str(directory)).load_config())
    config.merge(PyFileConfigLoader(course_file.name, path=str(course)).load_config())
    config.CourseDirectory.root = str(Path(root).resolve() if root is not None else course)
    if exchange is not None:
        exchange = Path(exchange).resolve()
        if not exchange.is_dir():
            raise SystemExit(
                f"--exchange {exchange}: the exchange folder must exist (mkdir it, "
                "and make it writable by everyone who submits)"
            )
        config.Exchange.root = str(exchange)
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config


def make_api(course: Path, exchange: Path | None = None, db_url: str | None = None, root: Path | None = None):
    """``NbGraderAPI`` for the course (see :func:`load_config` for the parameters)."""
    ensure_env_bin_on_path()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = load_config(course, exchange, db_url, root)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def exchange_root(api) -> str:
    """The exchange folder the API uses (``c.Exchange.root`` or nbgrader's default)."""
    from nbgrader.exchange.default.exchange import Exchange

    return Exchange(config=api.config).root


def source_assignments(api) -> list[str]:
    """The assignments in the source folder (``solutions/``), sorted."""
    return sorted(api.get_source_assignments())


def report(step: str, result: dict, verbose: bool = False) -> bool:
    """Print one line for an nbgrader API result (its log too if it failed or ``verbose``); return success."""
    ok = bool(result and result.get("success"))
    print(f"{'ok    ' if ok else 'FAILED'} {step}")
    if verbose or not ok:
        log = (result or {}).get("log", "").rstrip()
        if log:
            print("       " + log.replace("\n", "\n       "))
        if not ok and (result or {}).get("error"):
            print("       " + str(result["error"]).rstrip().replace("\n", "\n       "))
    return ok
