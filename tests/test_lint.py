"""ruff lint and format checks, as `make lint` runs them: the suite (and so CI) enforces them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("command", [("check", "."), ("format", "--check", ".")], ids=["check", "format"])
def test_ruff_passes(command):
    result = _ruff(*command, "--no-cache")
    assert result.returncode == 0, (
        f"`ruff {' '.join(command)}` found problems (fix them, or run `make format` for the safe fixes):\n"
        + result.stdout[-6000:]
        + result.stderr[-2000:]
    )


def test_lint_covers_the_notebooks_and_every_code_folder():
    """ruff must see the notebooks' code (generated .ipynb) and every folder of Python code."""
    listed = _ruff("check", "--show-files", ".").stdout
    for folder in ("lib/microdose/", "tools/", "tests/", "benchmarks/", "nbgrader_ext/", "problemsets/"):
        assert f"/{folder}" in listed, f"ruff does not check {folder}"
    for notebook in (
        "lessons/ch1_principles/1_2_receptor_occupancy.ipynb",
        "solutions/ps1_occupancy/ps1_occupancy.ipynb",
        "exercises/ps1_occupancy/ps1_occupancy.ipynb",
    ):
        assert notebook in listed, f"ruff does not check {notebook}"


def test_lint_fails_on_a_real_mistake(tmp_path):
    """The configuration is live: an unused import and an undefined name are reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\nprint(undefined_name)\n", encoding="utf-8")
    result = _ruff("check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad))
    assert result.returncode == 1 and "F401" in result.stdout and "F821" in result.stdout
