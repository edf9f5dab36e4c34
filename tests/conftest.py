"""Fixtures shared by the test modules (the shared plain functions are in ``tests/helpers.py``).

Importing :mod:`helpers` here puts the course root on ``sys.path`` before any test module is
collected, so every test can import ``nbgrader_ext`` and ``problemsets``.
"""

from __future__ import annotations

from pathlib import Path

import helpers  # noqa: F401  (puts the course root on sys.path)
import pytest


@pytest.fixture()
def course_folder(tmp_path) -> Path:
    """A temporary instructor's course folder: ``solutions/``, ``nbgrader_config.py`` and ``nbgrader_ext/``.

    Built by :func:`grading.course_copy`; nbgrader and the instructor's scripts run on it read and
    write only there.
    """
    from grading import course_copy

    return course_copy(tmp_path / "course")
