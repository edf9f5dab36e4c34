"""nbgrader end to end: release is up to date and leak-free, solutions score full marks, blanks score 0."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from grading import ASSIGNMENTS, ROOT, Course
from helpers import notebook_names, notebook_paths

from nbgrader_ext.leaks import find_leaks, secrets_from_notebooks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return Course(tmp_path_factory.mktemp("course"))


def test_there_are_at_least_four_problem_sets():
    assert len(ASSIGNMENTS) >= 4, ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_exercises_are_the_current_release(course, assignment):
    committed = ROOT / "exercises" / assignment
    generated = course.generate(assignment)
    assert notebook_names(committed) == notebook_names(generated), "exercises/ and a fresh release differ in files"
    for name in notebook_names(generated):
        fresh = json.loads((generated / name).read_text(encoding="utf-8"))
        stored = json.loads((committed / name).read_text(encoding="utf-8"))
        assert stored == fresh, (
            f"exercises/{assignment}/{name} is stale: regenerate it with "
            f"`make exercises` after editing solutions/{assignment}/{name}"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_contains_no_solutions_or_hidden_tests(course, assignment):
    for path in course.generate(assignment).glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{path.name} leaks {marker}"
    # The same checker as for the feedback students receive (tests/test_adversarial.py): no line of
    # a hidden test or of a solution region, in the fresh release nor in the committed exercises/.
    secrets = secrets_from_notebooks(notebook_paths(ROOT / "solutions" / assignment))
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


# -- class variants, through real nbgrader --------------------------------------------------------

VARIANTS = ("class-a", "class-b", "class-c")
"""Variants graded end to end (the default data is graded above and in tests/test_adversarial.py)."""


def _grade_variant(variant: str, root: str) -> dict:
    """Release every problem set of one variant, submit a correct, a blank and a slipped notebook, autograde
    them in one nbgrader run per set. Runs in a worker process; returns plain data."""
    import os

    import adversarial as adv

    from problemsets.build import Solved
    from problemsets.verify import predict_grades

    os.environ["MPLBACKEND"] = "Agg"
    course = Course(Path(root), variant=variant)
    results = {}
    for assignment in ASSIGNMENTS:
        notebook = f"{assignment}.ipynb"
        release = nbformat.read(course.generate(assignment) / notebook, as_version=4)
        solution = nbformat.read(course.root / "solutions" / assignment / notebook, as_version=4)
        problem = Solved(assignment, variant)
        slipped, expected = adv.slipped_everywhere(release, solution, problem)
        copied, copied_cells = adv.copied_public(release, solution, problem)
        course.submit(assignment, "correct", {notebook: nbformat.writes(adv.solved(release, solution))})
        course.submit(assignment, "blank", {notebook: nbformat.writes(release)})
        course.submit(assignment, "slipped", {notebook: nbformat.writes(slipped)})
        course.submit(assignment, "copied", {notebook: nbformat.writes(copied)})
        outcome = course.autograde_all(assignment)
        graded = nbformat.read(course.autograded_notebook(assignment, "slipped", notebook), as_version=4)
        errors = {
            c.metadata["nbgrader"]["grade_id"]: "\n".join(
                o.get("evalue", "") for o in c.get("outputs", []) if o.get("output_type") == "error"
            )
            for c in graded.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
        }
        copied_graded = nbformat.read(course.autograded_notebook(assignment, "copied", notebook), as_version=4)
        copied_errors = {
            c.metadata["nbgrader"]["grade_id"]: " ".join(
                " ".join(o.get("evalue", "") for o in c.get("outputs", []) if o.get("output_type") == "error").split()
            )
            for c in copied_graded.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
        }
        results[assignment] = {
            "success": outcome["success"],
            "expected": expected,
            "errors": errors,
            "predicted": predict_grades(slipped, solution),
            "release": nbformat.writes(release),
            "copied_cells": copied_cells,
            "copied_errors": copied_errors,
            **{student: course.scores(assignment, student) for student in ("correct", "blank", "slipped", "copied")},
        }
    return results


@pytest.fixture(scope="module")
def variant_results(tmp_path_factory):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    roots = {variant: str(tmp_path_factory.mktemp(f"variant-{variant}")) for variant in VARIANTS}
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {variant: pool.submit(_grade_variant, variant, roots[variant]) for variant in VARIANTS}
        return {variant: future.result() for variant, future in futures.items()}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_grade_correctly(variant_results, variant, assignment):
    result = variant_results[variant][assignment]
    assert result["success"], f"autograde failed for variant {variant}"
    correct, blank, slipped = result["correct"], result["blank"], result["slipped"]
    assert correct["max_code_score"] > 0
    assert correct["code_score"] == pytest.approx(correct["max_code_score"]), correct["cells"]
    assert blank["code_score"] == 0
    # every answer holds a typical slip: nbgrader must grade each test cell as the engine predicts, with the
    # engine's message. Most cells fail and name their slip; a few pass, where an answer computed from
    # slipped earlier answers happens to equal the value those give (follow-through).
    predicted = result["predicted"]
    for grade_id, (score, max_score, manual) in slipped["cells"].items():
        if manual:
            continue
        passed, message = predicted[grade_id]
        assert score == (max_score if passed else 0), f"{grade_id}: scored {score}, the engine predicts {passed}"
        if not passed:
            assert message.splitlines()[0] in result["errors"][grade_id], (
                grade_id,
                message,
                result["errors"][grade_id],
            )
    failed = [g for g, (passed, _) in predicted.items() if not passed]
    assert len(failed) >= 0.6 * len(predicted), f"only {failed} failed: the slipped submission is too gentle"
    flat = {g: " ".join(text.split()) for g, text in result["errors"].items()}  # messages are wrapped
    named = [g for g in failed if " ".join(result["expected"].get(g, "\0").split()) in flat[g]]
    assert len(named) >= 0.5 * len(failed), "most failing cells must name the slip put into their answer"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_copying_the_public_answers_earns_nothing(variant_results, variant, assignment):
    """A student of a class variant who pastes the public course's numbers scores zero on every such question
    (no follow-through credit either), and is told it is the public answer wherever the checks can tell a copy
    from an honest slip; the questions whose answers do not depend on the data keep their points."""
    from microdose.selfcheck import PUBLIC_ANSWER_MESSAGE
    from problemsets.build import Solved

    result = variant_results[variant][assignment]
    copied, cells = result["copied"], result["copied_cells"]
    public = Solved(assignment, variant).public
    autograded = [g for g, (_, _, manual) in copied["cells"].items() if not manual]
    assert len(cells) >= 0.5 * len(autograded), "a variant should change most answers"
    named = 0
    for grade_id in autograded:
        score, max_score, _ = copied["cells"][grade_id]
        if grade_id not in cells:
            assert score == max_score, f"{grade_id}: an answer that was not copied lost its points"
            continue
        assert score == 0, f"{grade_id}: copied public answers scored {score}"
        if all(name in public for name in cells[grade_id]):
            assert " ".join(PUBLIC_ANSWER_MESSAGE.split()) in result["copied_errors"][grade_id], grade_id
            named += 1
    assert named >= 0.4 * len(cells), f"only {named} of {len(cells)} copied cells were called a copy"


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_releases_differ_from_the_public_solutions(variant_results, variant):
    for assignment in ASSIGNMENTS:
        public = (ROOT / "exercises" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
        assert variant_results[variant][assignment]["release"] != public
