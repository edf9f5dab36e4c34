"""``python -m nbgrader_ext.leaks``: a real command line (``--help``, a course folder, exit status).

It used to treat every argument as the course folder (``--help`` crashed with a traceback). Each
test runs the module as a command, in a temporary course built from the repository's own first
problem set (its solution notebook and its committed release), so the checks follow the problem
sets when they change. Under a second in all: the leak checker imports no nbgrader.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, ROOT, notebook_paths

from nbgrader_ext.leaks import secrets_from_notebooks

PS = ASSIGNMENTS[0]


def leaks_command(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader_ext.leaks", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)},
    )


@pytest.fixture()
def course(tmp_path):
    """A course folder: the first problem set's solution and its committed release, no feedback yet."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "solutions" / PS, root / "solutions" / PS)
    shutil.copytree(ROOT / "exercises" / PS, root / "exercises" / PS)
    return root


def test_help_explains_the_arguments_and_exit_status():
    result = leaks_command("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: python -m nbgrader_ext.leaks")
    assert "COURSE" in result.stdout and "Exit status" in result.stdout and "--source" in result.stdout
    assert not result.stderr


def test_a_clean_course_exits_0(course):
    result = leaks_command(course)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("no leaks")


def test_the_current_folder_is_the_default_course(course):
    result = leaks_command(cwd=course)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_leak_in_feedback_exits_1_and_names_the_file(course):
    hidden = next(
        s for s in secrets_from_notebooks(notebook_paths(course / "solutions" / PS)) if s.kind == "hidden test"
    )
    leaky = course / "feedback" / "alice" / PS / "page.html"
    leaky.parent.mkdir(parents=True)
    leaky.write_text(f"<html><body><pre>{hidden.line}</pre></body></html>", encoding="utf-8")
    result = leaks_command(course)
    assert result.returncode == 1, result.stdout + result.stderr
    assert str(leaky) in result.stdout and "hidden test line" in result.stdout
    assert "leak(s): do not hand these files to students" in result.stdout


def test_a_folder_that_is_not_a_course_exits_2_with_a_message(tmp_path):
    result = leaks_command(tmp_path)
    assert result.returncode == 2
    assert "is not a course folder: it has no solutions/ folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_option_exits_2():
    result = leaks_command("--no-such-option")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
