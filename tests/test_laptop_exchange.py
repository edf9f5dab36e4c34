"""The nbgrader exchange on one laptop, exactly as docs/instructor_grading.md shows it.

The guide's section "The exchange on one laptop or one shared machine" is a sequence of code
blocks: shell commands for the instructor (run in the course folder) and for a student (run in
their own folder), and the ``nbgrader_config.py`` that names the exchange for both. This test
reads those blocks from the guide and runs them, in order, unchanged:

* with ``HOME`` set to a temporary folder (so ``~/nbgrader-exchange``, ``~/.jupyter`` and
  ``~/student-alice`` are temporary) and no ``JUPYTER_CONFIG_DIR``, as on a fresh laptop;
* the instructor's blocks in a temporary copy of the course that has its own
  ``tools/instructor/`` (the scripts' default ``--course`` is the folder they live in);
* the ``python`` block saved where the block before it said (``jupyter --config-dir``);
* where the guide says the student works, the fetched notebook is filled in with the solution's
  answers (``grading.student_notebook``).

No command gets ``--exchange`` or ``--Exchange.root``: the student's real ``nbgrader`` commands
and the instructor's scripts find the exchange through the configuration file alone. The test
then checks the exchange, the gradebook (full marks), and the feedback page in the student's
folder. About 30 s (real ``nbgrader`` and script start-ups, one autograde).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from grading import ROOT, course_id, student_notebook
from helpers import INSTRUCTOR_TOOLS, venv_environment

GUIDE = ROOT / "docs" / "instructor_grading.md"
SECTION = "## The exchange on one laptop or one shared machine"


def section_blocks() -> list[tuple[str, str]]:
    """``(language, text)`` of every fenced code block of the section, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return [
        (language, body) for language, body in re.findall(r"^```(\w+)\n(.*?)^```\s*$", text[start:end], re.M | re.S)
    ]


def _commands(blocks) -> str:
    return "\n".join(body for language, body in blocks if language == "bash")


def test_the_section_shows_the_whole_round_trip_without_exchange_options():
    blocks = section_blocks()
    commands = _commands(blocks)
    steps = [
        "jupyter --config-dir",
        "release.py ps1_occupancy --to-exchange",
        "nbgrader fetch_assignment",
        "nbgrader submit",
        "collect.py ps1_occupancy --from-exchange",
        "autograde_class.py",
        "feedback.py ps1_occupancy --release",
        "nbgrader fetch_feedback",
    ]
    positions = [commands.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions))
    assert positions == sorted(positions), "the steps must come in the order of the round trip"
    assert "--exchange" not in commands and "Exchange.root" not in commands
    [config] = [body for language, body in blocks if language == "python"]
    assert "c.Exchange.root" in config and f'c.CourseDirectory.course_id = "{course_id()}"' in config
    assert f"--course {course_id()}" in commands


@pytest.mark.slow
def test_the_laptop_round_trip_runs_as_documented(tmp_path, course_folder):
    home = tmp_path / "home"
    home.mkdir()
    course = course_folder
    shutil.copytree(INSTRUCTOR_TOOLS, course / "tools" / "instructor", ignore=shutil.ignore_patterns("__pycache__"))
    env = venv_environment({key: value for key, value in os.environ.items() if not key.startswith("JUPYTER_")})
    env["HOME"] = str(home)

    config_dir, log = None, []
    for language, body in section_blocks():
        if language == "python":
            assert config_dir, "the guide must print the configuration folder before the python block"
            (Path(config_dir) / "nbgrader_config.py").write_text(body, encoding="utf-8")
            continue
        assert language == "bash", language
        cwd = course if "tools/instructor/" in body else home
        result = subprocess.run(
            ["bash", "-e", "-u", "-o", "pipefail", "-c", body],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        log.append(f"$ {body}{result.stdout}{result.stderr}")
        assert result.returncode == 0, "\n".join(log)[-6000:]
        if "jupyter --config-dir" in body:
            config_dir = result.stdout.strip().splitlines()[-1]
            assert Path(config_dir).is_relative_to(home), config_dir
        if "nbgrader fetch_assignment" in body:  # "The student works there ... saves"
            [fetched] = list(home.glob("*/ps1_occupancy/ps1_occupancy.ipynb"))
            solution = course / "solutions" / "ps1_occupancy" / "ps1_occupancy.ipynb"
            fetched.write_text(student_notebook(fetched, solution), encoding="utf-8")

    output = "\n".join(log)
    exchange = home / "nbgrader-exchange" / course_id()
    assert f"-> {exchange}/outbound/ps1_occupancy/" in output, "release.py did not use the configured exchange"
    assert (exchange / "outbound" / "ps1_occupancy" / "ps1_occupancy.ipynb").is_file()
    assert next(p.name for p in (exchange / "inbound").iterdir()).startswith("alice+ps1_occupancy+")
    assert (course / "submitted" / "alice" / "ps1_occupancy" / "timestamp.txt").is_file()

    from grading import Course

    scores = Course(course, create=False).scores("ps1_occupancy", "alice")
    assert scores["code_score"] == pytest.approx(scores["max_code_score"]) and scores["max_code_score"] > 0
    [page] = list(home.glob("student-alice/ps1_occupancy/feedback/*/ps1_occupancy.html"))
    text = page.read_text(encoding="utf-8")
    assert "ps1_occupancy" in text and "Question" in text and "BEGIN HIDDEN TESTS" not in text
