"""Every statement docs/student_guide.md makes about grading, demonstrated with real nbgrader.

Each test below quotes the sentence of the student guide it demonstrates (``CLAIMS``), and
``test_the_guide_still_says_what_is_tested`` fails if a quoted sentence is no longer in the guide:
change the guide, and the test that proves it must change with it.

The submissions are built from the release and the solution of the first problem set
(``tests/adversarial.py``), never from hand-copied notebook text, so they follow the problem sets
when they are regenerated. One nbgrader autograde run grades them all, as an instructor grades a
class; the validation cases run nbgrader's own ``Validator`` (what the Validate button and
``nbgrader validate`` call). About 20 s on two cores.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import adversarial as adv
import nbformat
import pytest
from grading import (
    _WRONG_HELPER,
    ASSIGNMENTS,
    ROOT,
    Course,
    _graded_names,
    class_run,
    read_autograded,
    set_manual_grade,
)
from helpers import first_notebook

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Cell is missing an id field")]

GUIDE = ROOT / "docs" / "student_guide.md"
PS = ASSIGNMENTS[0]
NOTEBOOK = first_notebook(PS)
CELL_TIMEOUT_S = 10

CLAIMS = {
    "scratch_runs": "They are *not* ignored: when your notebook is graded they run like every other "
    "cell, in their place. A scratch cell earns no points.",
    "scratch_error": "An error in a scratch cell does not stop the cells after it",
    "scratch_reassign": "if it assigns a new value to an answer variable (say `cu_micro_nM = 5` while you try "
    "something out), the tests below it see that value, and that is what is graded.",
    "fresh_kernel": "runs the whole notebook from top to bottom in a fresh kernel, every cell in its place;",
    "timeout": "a cell that runs longer than 60 seconds is stopped",
    "restored": "puts back the instructor's version of every read-only cell and every test cell, hidden tests "
    "included: an edit you made to one of them is undone, and a test cell you deleted is put back;",
    "hidden_added": "**Hidden tests** are added only when your instructor grades the notebook",
    "stderr": "a warning printed while the test runs also costs its points",
    "override": "your instructor can still change any of these points by hand",
    "written_by_person": "The written answer is read by a person.",
    "unanswered_written": "A written answer that still reads `YOUR ANSWER HERE` scores 0 without being read.",
    "renamed": "a notebook under another name is not graded at all",
    "deleted_answer": "so a deleted answer cell leaves its tests failing",
    "pasted": "(If you hand it in anyway, the grader keeps one copy as the graded one, for an answer the last "
    "copy you changed, and runs the others as scratch cells.)",
    "validate_duplicate": 'Validate then fails ("There was an error running the validate command:", then a '
    'long message that ends with "Notebook failed to validate; the nbgrader metadata may '
    'be corrupted.") until you delete the copy; `nbgrader validate` in a terminal also '
    'names the copied cell ("Duplicate grade id: ...")',
    "validate_failed": 'each check that fails ("The following cell failed:", then the cell and its error), and a '
    'written answer still missing (its error reads "You did not provide a response.")',
    "validate_changed": 'If you have changed a read-only cell, it shows that instead ("The source of the '
    'following cell has changed, but it should not have!")',
    "validate_success": 'A clean notebook gets "Success! Your notebook passes all the tests."',
    "validate_cli": 'where a notebook with failing tests gets "VALIDATION FAILED ON 3 CELL(S)!"',
}


def _normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("claim", sorted(CLAIMS))
def test_the_guide_still_says_what_is_tested(claim):
    assert _normalized(CLAIMS[claim]) in _normalized(GUIDE.read_text(encoding="utf-8")), (
        f"docs/student_guide.md no longer says: {CLAIMS[claim]!r}; update the guide or this test"
    )


def test_the_guide_no_longer_says_scratch_cells_are_ignored():
    assert "ignored when grading" not in _normalized(GUIDE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Building the submissions
# ---------------------------------------------------------------------------------------------


def scratch(source: str) -> nbformat.NotebookNode:
    """A cell the student added: no nbgrader metadata."""
    return nbformat.v4.new_code_cell(source)


def graded_names_of(solution, answer_id: str) -> list[str]:
    tests = "\n".join(c.source for c in solution.cells if adv.is_test_cell(c))
    return _graded_names(adv.find_cell(solution, answer_id).source, tests)


def build(release, solution) -> dict:
    """The class: each submission demonstrates one or more statements (independent cells each)."""
    answers = [adv.grade_id(c) for c in adv.answer_cells(release)]
    assert len(answers) >= 2, "the problem set needs two answer cells for these cases"
    first, last = answers[0], answers[-1]
    first_tests = adv.checks_of_answer(release, first)
    names = graded_names_of(solution, first)
    assert names, f"no graded variable found in answer cell {first}"
    manual = adv.grade_id(next(c for c in release.cells if adv.is_manual_answer(c)))
    setup = adv.grade_id(next(c for c in release.cells if adv.is_locked_code(c)))
    cases = {"classmate": adv.solved(release, solution)}

    # a failing scratch cell right after the set-up, a printing one after the first answer, and the
    # written answer left as released
    nb = adv.solved(release, solution)
    nb.cells.insert(adv.index_of(nb, setup) + 1, scratch("ratio = 1 / 0   # a scratch calculation that fails"))
    nb.cells.insert(adv.index_of(nb, first) + 1, scratch('print("scratch work:", 6 * 7)'))
    adv.find_cell(nb, manual).source = adv.find_cell(release, manual).source
    cases["scratch_cells"] = nb

    nb = adv.solved(release, solution)
    nb.cells.insert(
        adv.index_of(nb, first) + 1,
        scratch(
            "# trying something out\n" + _WRONG_HELPER + "\n".join(f"{name} = _md_wrong({name})" for name in names)
        ),
    )
    cases["scratch_reassign"] = nb

    # the first answer cell deleted; the last one works only when run out of order (its helper is
    # defined in a cell below it, which the student happened to run first)
    nb = adv.solved(release, solution)
    nb.cells = [c for c in nb.cells if adv.grade_id(c) != first]
    answer = nb.cells[adv.index_of(nb, last)]
    answer.source = "_my_check = my_helper(1)\n" + answer.source
    nb.cells.append(scratch("def my_helper(x):\n    return x"))
    cases["order_and_deleted"] = nb

    # a warning written to the error stream while the first test runs
    marker = adv.find_cell(release, first_tests[0]).source.split("\n")[0]
    nb = adv.solved(release, solution)
    nb.cells.insert(
        adv.index_of(nb, first) + 1,
        scratch(
            "import sys\n\n"
            "def _warn_during_a_test(info):\n"
            f"    if {marker!r} in info.raw_cell:\n"
            "        print('RuntimeWarning: invalid value encountered', file=sys.stderr)\n\n"
            "get_ipython().events.register('pre_run_cell', _warn_during_a_test)"
        ),
    )
    cases["warning_in_test"] = nb

    nb = adv.solved(release, solution)
    tests = [adv.grade_id(c) for c in nb.cells if adv.is_test_cell(c)]
    adv.find_cell(nb, tests[0]).source = "assert True   # made easier"
    nb.cells = [c for c in nb.cells if adv.grade_id(c) != tests[-1]]
    cases["edited_and_deleted_tests"] = nb

    # pasted below and worked in the copy: the original keeps the release stub
    cases["pasted_answer"] = adv.answered_in_a_pasted_copy(release, solution, first, "pasted-by-student")
    return cases


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    course = Course(tmp_path_factory.mktemp("student_guide"), cell_timeout_s=CELL_TIMEOUT_S)
    run = class_run(
        course,
        PS,
        NOTEBOOK,
        build,
        extra_submissions=lambda cases, others: {
            "renamed": {**others, "my_" + NOTEBOOK: nbformat.writes(cases["classmate"])}
        },
    )
    release = run["release"]
    first, last = adv.grade_id(adv.answer_cells(release)[0]), adv.grade_id(adv.answer_cells(release)[-1])
    return {
        **run,
        "first": first,
        "first_tests": adv.checks_of_answer(release, first),
        "last": last,
        "last_tests": adv.checks_of_answer(release, last),
    }


def _auto_scores(run, student) -> dict:
    grades = run["course"].cell_grades(PS, student)
    return {gid: grades[gid]["auto_score"] for gid in run["points"]}


def _text_outputs(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
        parts.append(output.get("ename", "") + ": " + output.get("evalue", ""))
    return "\n".join(parts)


def _scratch_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata]


# ---------------------------------------------------------------------------------------------
# Scratch cells
# ---------------------------------------------------------------------------------------------


def test_a_scratch_cell_runs_in_its_place_and_earns_nothing(run):
    nb = read_autograded(run, "scratch_cells")
    [cell] = [c for c in _scratch_cells(nb) if "scratch work" in c.source]
    assert "scratch work: 42" in _text_outputs(cell)
    first_position = adv.index_of(nb, run["first"])
    assert nb.cells.index(cell) == first_position + 1, "the scratch cell ran somewhere else"
    assert _auto_scores(run, "scratch_cells") == run["points"]
    course = run["course"]
    assert course.scores(PS, "scratch_cells")["max_score"] == course.scores(PS, "classmate")["max_score"]
    assert set(course.cell_grades(PS, "scratch_cells")) == set(course.cell_grades(PS, "classmate"))


def test_an_error_in_a_scratch_cell_does_not_stop_the_cells_after_it(run):
    nb = read_autograded(run, "scratch_cells")
    [cell] = [c for c in _scratch_cells(nb) if "1 / 0" in c.source]
    assert "ZeroDivisionError" in _text_outputs(cell)
    assert _auto_scores(run, "scratch_cells") == run["points"], "later cells must still run and pass"


def test_a_scratch_cell_that_reassigns_an_answer_changes_what_is_graded(run):
    scores = _auto_scores(run, "scratch_reassign")
    lost = [gid for gid in run["first_tests"] if scores[gid] == 0]
    assert lost, f"the tests below the scratch cell ({run['first_tests']}) saw the original answer: {scores}"
    assert run["course"].scores(PS, "scratch_reassign")["code_score"] < sum(run["points"].values())


def test_grading_runs_from_the_top_in_a_fresh_kernel(run):
    nb = read_autograded(run, "order_and_deleted")
    assert "NameError" in _text_outputs(nb.cells[adv.index_of(nb, run["last"])])
    scores = _auto_scores(run, "order_and_deleted")
    assert all(scores[gid] == 0 for gid in run["last_tests"]), scores


def test_the_cell_time_limit_is_the_one_the_guide_states():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    stated = int(
        re.search(
            r"a cell that runs longer than (\d+) seconds is stopped", _normalized(GUIDE.read_text(encoding="utf-8"))
        ).group(1)
    )
    assert config.ExecutePreprocessor.timeout == stated


# ---------------------------------------------------------------------------------------------
# Test cells, read-only cells, written answers
# ---------------------------------------------------------------------------------------------


def test_edited_and_deleted_test_cells_are_put_back_with_their_hidden_tests(run):
    nb = read_autograded(run, "edited_and_deleted_tests")
    for cell in run["solution"].cells:
        if adv.is_test_cell(cell):
            assert adv.find_cell(nb, adv.grade_id(cell)).source.endswith(cell.source), adv.grade_id(cell)
    assert _auto_scores(run, "edited_and_deleted_tests") == run["points"]


def test_hidden_tests_are_added_only_at_grading(run):
    hidden = [c for c in run["solution"].cells if adv.is_test_cell(c) and "BEGIN HIDDEN TESTS" in c.source]
    assert hidden, "the problem set has no hidden tests"
    released = (run["release_dir"] / NOTEBOOK).read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in released
    graded = read_autograded(run, "classmate")
    for cell in hidden:
        assert "BEGIN HIDDEN TESTS" in adv.find_cell(graded, adv.grade_id(cell)).source


def test_a_warning_printed_while_a_test_runs_costs_its_points(run):
    scores = _auto_scores(run, "warning_in_test")
    test = run["first_tests"][0]
    nb = read_autograded(run, "warning_in_test")
    assert "RuntimeWarning" in _text_outputs(adv.find_cell(nb, test))
    assert not any(o.get("output_type") == "error" for o in adv.find_cell(nb, test).outputs), (
        "the test itself passed: only the warning may cost the points"
    )
    assert scores[test] == 0
    assert {g: s for g, s in scores.items() if g != test} == {g: p for g, p in run["points"].items() if g != test}


def test_the_instructor_can_change_the_points_of_a_test_by_hand(run):
    """What the Formgrader stores when the instructor overrides an autograded test."""
    course, test = run["course"], run["last_tests"][-1]
    before = course.scores(PS, "scratch_cells")["score"]
    set_manual_grade(course.db_url, PS, NOTEBOOK[: -len(".ipynb")], test, "scratch_cells", 0.0, needs_manual_grade=None)
    assert course.scores(PS, "scratch_cells")["score"] == pytest.approx(before - run["points"][test])
    assert course.cell_grades(PS, "scratch_cells")[test]["auto_score"] == run["points"][test]


def test_the_written_answer_waits_for_a_person_and_an_unanswered_one_scores_0(run):
    manual = adv.grade_id(next(c for c in run["release"].cells if adv.is_manual_answer(c)))
    written = run["course"].cell_grades(PS, "classmate")[manual]
    assert written["auto_score"] is None and written["needs_manual_grade"] is True
    unanswered = run["course"].cell_grades(PS, "scratch_cells")[manual]
    assert unanswered["auto_score"] == 0 and unanswered["needs_manual_grade"] is False


def test_a_renamed_notebook_is_not_graded(run):
    assert re.search(rf"Skipping unknown notebook: \S*renamed/{PS}/my_{re.escape(NOTEBOOK)}", run["log"])
    assert not run["course"].autograded_notebook(PS, "renamed", NOTEBOOK).exists()
    grades = run["course"].cell_grades(PS, "renamed")
    assert all(not grades[gid]["auto_score"] for gid in adv.points_by_test_cell(run["solution"]))


def test_a_deleted_answer_cell_leaves_its_tests_failing(run):
    scores = _auto_scores(run, "order_and_deleted")
    assert all(scores[gid] == 0 for gid in run["first_tests"]), scores


def test_a_pasted_answer_is_graded_from_the_copy_the_student_changed(run):
    nb = read_autograded(run, "pasted_answer")
    graded = [c.get("id") for c in nb.cells if adv.grade_id(c) == run["first"]]
    assert graded == ["pasted-by-student"]
    assert _auto_scores(run, "pasted_answer") == run["points"]


# ---------------------------------------------------------------------------------------------
# Validate (nbgrader's Validator: the Validate button and `nbgrader validate`)
# ---------------------------------------------------------------------------------------------


def _validator():
    from nbgrader.validator import Validator
    from traitlets.config import Config

    config = Config()
    config.ExecutePreprocessor.timeout = CELL_TIMEOUT_S
    return Validator(config=config)


@pytest.fixture(scope="module")
def validated(run, tmp_path_factory):
    """The untouched release, a solved notebook and one with an edited read-only cell, validated."""
    folder = tmp_path_factory.mktemp("validate")
    release, solution = run["release"], run["solution"]
    edited = adv.solved(release, solution)
    next(c for c in edited.cells if adv.is_locked_code(c)).source += "\nprint('my own line')"
    results = {}
    for name, nb in {"untouched": release, "solved": adv.solved(release, solution), "edited": edited}.items():
        path = folder / name / NOTEBOOK
        path.parent.mkdir()
        nbformat.write(nb, path)
        validator = _validator()
        validator.stream = io.StringIO()
        validate = validator.validate

        def keep_results(filename, name=name, validate=validate):
            results[name] = validate(filename)
            return results[name]

        validator.validate = keep_results  # one run gives both the results and the printed text
        validator.validate_and_print(str(path))
        results[name + "_printed"] = validator.stream.getvalue()
    return results


def _lab_extension_text() -> str:
    import nbgrader

    static = Path(nbgrader.__file__).parent / "labextension" / "static"
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in static.glob("*.js"))


def test_validate_lists_failing_tests_and_a_missing_written_answer(validated):
    failed = validated["untouched"]["failed"]
    assert failed and any("You did not provide a response." in entry["error"] for entry in failed)
    assert any("NotImplementedError" in entry["error"] or "NameError" in entry["error"] for entry in failed)
    assert "The following cell failed:" in _lab_extension_text()
    assert re.search(r"VALIDATION FAILED ON \d+ CELL\(S\)!", validated["untouched_printed"])


def test_validate_reports_a_changed_read_only_cell_instead(validated):
    assert "changed" in validated["edited"] and "failed" not in validated["edited"]
    assert "my own line" in validated["edited"]["changed"][0]["source"]
    assert "The source of the following cell has changed, but it should not have!" in _lab_extension_text()


def test_validate_says_success_for_a_clean_notebook(validated):
    assert "failed" not in validated["solved"] and "changed" not in validated["solved"]
    assert "Success! Your notebook passes all the tests." in validated["solved_printed"]
    assert "Success! Your notebook passes all the tests." in _lab_extension_text()


def test_validate_stops_at_a_pasted_cell_with_duplicate_grade_id(run, tmp_path, caplog):
    """The Validate button shows the traceback nbgrader's server extension sends back; the log names the id."""
    import logging
    import traceback

    path = tmp_path / NOTEBOOK
    nbformat.write(run["cases"]["pasted_answer"], path)
    with caplog.at_level(logging.ERROR):
        try:
            _validator().validate(str(path))
        except Exception:  # nbgrader's validate handler sends traceback.format_exc() to the page
            shown = traceback.format_exc()
        else:
            pytest.fail("nbgrader validated a notebook with two cells of one grade id")
    assert shown.rstrip().endswith("Notebook failed to validate; the nbgrader metadata may be corrupted.")
    assert "There was an error running the validate command:" in _lab_extension_text()
    assert f"Duplicate grade id: {run['first']}" in caplog.text  # printed by `nbgrader validate`
