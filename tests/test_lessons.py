"""Every lesson runs headlessly from a fresh kernel and has the course anatomy."""

from __future__ import annotations

import re

import nbformat
import pytest
from helpers import ROOT
from notebook_runner import execute_notebook

LESSONS = sorted((ROOT / "lessons").rglob("*.ipynb"))
LESSONS = [p for p in LESSONS if ".ipynb_checkpoints" not in p.parts]
START_PAGE = ROOT / "lessons" / "00_start_here.ipynb"
IDS = [str(p.relative_to(ROOT / "lessons")) for p in LESSONS]


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def test_there_are_lessons():
    assert START_PAGE in LESSONS
    assert len(LESSONS) >= 2


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_anatomy(path):
    nb = nbformat.read(path, as_version=4)
    md = _markdown(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), "first cell must be the title"
    assert re.search(r"(?i)estimated time|how long", md), "objectives need an estimated time"
    assert re.search(r"(?i)(learning objectives|by the end of this (page|lesson) you will)", md), "no objectives"
    assert re.search(r"(?im)^## Summary", md), "no Summary section"
    if path == START_PAGE:
        return
    assert re.search(r"(?im)^## Setup", md), "no Setup section"
    assert re.search(r"(?im)^## Further reading", md), "no Further reading section"
    assert "Think!" in md and "<details>" in md, "needs a Think! question with a folded answer"
    assert re.search(r"(?im)^## Self-check", md), "no Self-check section"
    assert "check(" in _code(nb), "the self-check must call microdose.selfcheck.check"
    minutes = [int(m) for m in re.findall(r"(?i)estimated time[^0-9]*(\d+)", md)]
    assert minutes and 15 <= minutes[0] <= 45, "lessons take 20–40 minutes of study"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_imports_the_library_and_defines_no_formula_functions(path):
    nb = nbformat.read(path, as_version=4)
    code = _code(nb)
    assert "microdose" in code, "lessons compute with the microdose library"
    assert not re.search(r"(?m)^def ", code), "formulas belong in lib/microdose, not in lesson notebooks"


@pytest.mark.notebook
@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_executes_from_a_fresh_kernel(path):
    nb = execute_notebook(path)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert not errors


def test_start_page_links_every_lesson_and_every_link_resolves():
    nb = nbformat.read(START_PAGE, as_version=4)
    md = _markdown(nb)
    links = re.findall(r"\]\(([^)#]+\.ipynb)\)", md)
    for link in links:
        assert (START_PAGE.parent / link).resolve().is_file(), f"broken link on the start page: {link}"
    linked = {(START_PAGE.parent / link).resolve() for link in links}
    for lesson in LESSONS:
        if lesson != START_PAGE:
            assert lesson.resolve() in linked, f"the start page does not list {lesson.relative_to(ROOT)}"


def test_start_page_course_map_is_up_to_date():
    """The course map is generated from the lesson headers by tools/course_map.py; it must not drift."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "course_map.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
