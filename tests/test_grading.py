"""nbgrader end to end: release is up to date and leak-free, solutions score full marks, blanks score 0."""

from __future__ import annotations

import json

import nbformat
import pytest

from grading import ASSIGNMENTS, ROOT, Course  # also puts the course root (nbgrader_ext) on sys.path
from nbgrader_ext.leaks import find_leaks, secrets_from_notebooks  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return Course(tmp_path_factory.mktemp("course"))


def test_there_are_at_least_four_problem_sets():
    assert len(ASSIGNMENTS) >= 4, ASSIGNMENTS


def _notebooks(folder):
    return sorted(p.name for p in folder.glob("*.ipynb"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_exercises_are_the_current_release(course, assignment):
    committed = ROOT / "exercises" / assignment
    generated = course.generate(assignment)
    assert _notebooks(committed) == _notebooks(generated), "exercises/ and a fresh release differ in files"
    for name in _notebooks(generated):
        fresh = json.loads((generated / name).read_text(encoding="utf-8"))
        stored = json.loads((committed / name).read_text(encoding="utf-8"))
        assert stored == fresh, (f"exercises/{assignment}/{name} is stale: regenerate it with "
                                 f"`make exercises` after editing solutions/{assignment}/{name}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_contains_no_solutions_or_hidden_tests(course, assignment):
    for path in course.generate(assignment).glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{path.name} leaks {marker}"
    # The same checker as for the feedback students receive (tests/test_adversarial.py): no line of
    # a hidden test or of a solution region, in the fresh release nor in the committed exercises/.
    secrets = secrets_from_notebooks(sorted((ROOT / "solutions" / assignment).glob("*.ipynb")))
    leaks = find_leaks([course.generate(assignment), ROOT / "exercises" / assignment], secrets)
    assert not leaks, "the release leaks:\n" + "\n".join(map(str, leaks[:20]))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_problem_set_size_and_grade_ids(assignment):
    points, ids, manual = 0.0, [], 0
    for path in (ROOT / "solutions" / assignment).glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade_id"):
                ids.append(meta["grade_id"])
            if meta.get("grade") or meta.get("task"):
                points += meta.get("points", 0)
            if meta.get("grade") and meta.get("solution") and cell.cell_type == "markdown":
                manual += 1
    assert len(ids) == len(set(ids)), "grade ids must be unique"
    assert 10 <= points <= 20, f"{assignment} is worth {points} points; problem sets carry 10–20"
    assert manual >= 1, "each problem set has at least one free-text, manually graded answer"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_scores_full_marks_on_autograded_cells(course, assignment):
    course.generate(assignment)
    sources = {p.name: p for p in (ROOT / "solutions" / assignment).glob("*.ipynb")}
    course.submit(assignment, "solution_student", sources)
    course.autograde(assignment, "solution_student")
    scores = course.scores(assignment, "solution_student")
    assert scores["max_code_score"] > 0
    lost = {k: v for k, v in scores["cells"].items() if v[0] is not None and v[0] < v[1] and not v[2]}
    assert scores["code_score"] == pytest.approx(scores["max_code_score"]), f"points lost on {lost}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_scores_zero(course, assignment):
    released = {p.name: p for p in course.generate(assignment).glob("*.ipynb")}
    course.submit(assignment, "blank_student", released)
    course.autograde(assignment, "blank_student")
    scores = course.scores(assignment, "blank_student")
    assert scores["code_score"] == 0
    assert scores["max_code_score"] > 0
