"""Real nbgrader, driven through its Python API, on a throw-away copy of the course.

The configuration is the course's own ``nbgrader_config.py``; only the course
root and the gradebook location are redirected to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def _ensure_venv_bin_on_path() -> None:
    """nbgrader runs the `alembic` executable when it opens a gradebook."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


class Course:
    """A temporary nbgrader course built from the repository's ``solutions/``."""

    def __init__(self, root: Path):
        _ensure_venv_bin_on_path()
        self.root = Path(root)
        shutil.copytree(ROOT / "solutions", self.root / "solutions")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
        config.CourseDirectory.root = str(self.root)
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
        config.CourseDirectory.db_url = self.db_url
        self.config = config
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        self._generated: set[str] = set()

    def release_dir(self, assignment: str) -> Path:
        return self.root / "exercises" / assignment

    def generate(self, assignment: str) -> Path:
        """Generate the student version of one assignment (once per course) and return its folder."""
        if assignment not in self._generated:
            result = self.api.generate_assignment(assignment, force=True)
            if not result["success"]:
                raise RuntimeError(f"generate_assignment {assignment} failed:\n{result['log']}\n"
                                   f"{result.get('error')}")
            self._generated.add(assignment)
        return self.release_dir(assignment)

    def submit(self, assignment: str, student: str, notebooks: dict[str, Path | str | bytes]) -> None:
        """Place a student's files in submitted/<student>/<assignment>/ (name -> path or content)."""
        folder = self.root / "submitted" / student / assignment
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name, source in notebooks.items():
            target = folder / name
            if isinstance(source, Path):
                shutil.copy(source, target)
            else:
                target.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))

    def autograde(self, assignment: str, student: str) -> dict:
        result = self.api.autograde(assignment, student, force=True, create=True)
        return result

    def scores(self, assignment: str, student: str) -> dict:
        """Autograded and total scores of one submission, from the gradebook."""
        with Gradebook(self.db_url) as gb:
            sub = gb.find_submission(assignment, student)
            return {
                "code_score": sub.code_score,
                "max_code_score": sub.max_code_score,
                "written_score": sub.written_score,
                "max_written_score": sub.max_written_score,
                "score": sub.score,
                "max_score": sub.max_score,
                "needs_manual_grade": sub.needs_manual_grade,
                "cells": {g.name: (g.score, g.max_score, g.needs_manual_grade)
                          for nb in sub.notebooks for g in nb.grades},
            }
