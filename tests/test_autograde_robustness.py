"""Autograde survives copied cells and reports only real edits of read-only cells (real nbgrader).

Two things a new instructor ran into, each checked on a class run of generated submissions (built
from the release and the solution of the first problem set, with ``tests/adversarial.py``; no
notebook text is copied by hand, so the tests follow the problem sets when they are regenerated):

* **A copied cell.** JupyterLab's copy and paste (or "Duplicate cell") gives the copy a new
  nbformat cell id but keeps its nbgrader metadata, so the submission holds two cells with one
  ``grade_id``. nbgrader 0.9.6 then fails the whole submission with ``KeyError: 'grade_id'``
  (``test_nbgrader_alone_fails_a_submission_with_a_pasted_cell`` shows it; it fails, and tells
  us so, the day nbgrader fixes it). With the course's ``KeepOneGradedCopy`` every such
  submission is graded, the right copy stays graded, the log names what the student did, and a
  classmate graded in the same run is unaffected.
* **False "checksum has changed" warnings.** Every untouched test cell with hidden tests used to
  log one; now only a real edit of a test or read-only cell does.

One nbgrader run grades every case (about 10 s on two cores).
"""

from __future__ import annotations

import copy
import re

import adversarial as adv
import nbformat
import pytest
from grading import ASSIGNMENTS, ROOT, Course, class_run, failed_students, read_autograded, student_log
from helpers import committed_release_and_solution, first_notebook

pytestmark = pytest.mark.slow

PS = ASSIGNMENTS[0]
CELL_TIMEOUT_S = 10


NOTEBOOK = first_notebook(PS)


def first(nb, predicate):
    return next(cell for cell in nb.cells if predicate(cell))


def locked_markdown(cell) -> bool:
    meta = adv.nbgrader_meta(cell)
    return cell.cell_type == "markdown" and bool(meta.get("locked")) and not meta.get("solution")


def build_cases(release, solution) -> dict:
    """Every submission of the class run, by student id, built from the release and the solution."""
    cases = {"classmate": adv.solved(release, solution)}
    answer = adv.grade_id(adv.answer_cells(release)[0])
    test = adv.checks_of_answer(release, answer)[0]
    manual = adv.grade_id(first(release, adv.is_manual_answer))
    setup = adv.grade_id(first(release, adv.is_locked_code))
    question = adv.grade_id(first(release, locked_markdown))

    # Duplicate cell on a finished answer: two identical copies, one below the other.
    nb = adv.solved(release, solution)
    adv.paste(nb, adv.index_of(nb, answer), adv.index_of(nb, answer) + 1, "pasted-answer")
    cases["pasted_answer_below"] = nb

    # The student pasted a copy below and worked there; the original still holds the release stub.
    cases["answered_in_the_pasted_copy"] = adv.answered_in_a_pasted_copy(release, solution, answer, "pasted-answer")

    # The written answer was pasted below, but the student wrote in the first copy: the last copy
    # (nbgrader's choice) would be the untouched one, which nbgrader scores 0 as "no response".
    nb = adv.solved(release, solution)
    original = adv.index_of(nb, manual)
    adv.paste(nb, original, original + 1, "pasted-written-answer")
    nb.cells[original + 1].source = adv.find_cell(release, manual).source
    cases["written_answer_then_untouched_copy"] = nb

    # A test cell pasted at the very top (before the set-up cell) and at the very end.
    nb = adv.solved(release, solution)
    original = adv.index_of(nb, test)
    adv.paste(nb, original, len(nb.cells), "pasted-test-end")
    adv.paste(nb, original, 0, "pasted-test-top")
    cases["pasted_test_top_and_end"] = nb

    # A read-only code cell (the set-up) and a read-only markdown cell (a question) copied; the
    # pasted set-up copy at the end was "tidied up" by the student.
    nb = adv.solved(release, solution)
    adv.paste(nb, adv.index_of(nb, question), adv.index_of(nb, question) + 1, "pasted-question")
    pasted_setup = adv.paste(nb, adv.index_of(nb, setup), len(nb.cells), "pasted-setup")
    pasted_setup.source = "pass   # my copy of the set-up cell"
    cases["pasted_read_only_cells"] = nb

    # Real edits of read-only cells: a test and a question (both restored, both reported).
    nb = adv.solved(release, solution)
    adv.find_cell(nb, test).source = "assert True   # the student 'simplified' the test"
    adv.find_cell(nb, question).source += "\n\nThe student typed a note into the question."
    cases["edited_test_and_question"] = nb
    return cases


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Generate the problem set, submit every case, autograde them all in ONE nbgrader run."""
    course = Course(tmp_path_factory.mktemp("robust"), cell_timeout_s=CELL_TIMEOUT_S)
    return class_run(course, PS, NOTEBOOK, build_cases)


def _graded_copies(nb, wanted):
    """(position, nbformat cell id) of the cells that still carry ``wanted`` as their grade id."""
    return [(i, cell.get("id")) for i, cell in enumerate(nb.cells) if adv.grade_id(cell) == wanted]


def test_nbgrader_alone_fails_a_submission_with_a_pasted_cell(run, tmp_path):
    """The bug, with nbgrader's own sanitize steps: ``KeyError: 'grade_id'``, submission ungraded.

    This documents nbgrader 0.9.6. If it starts passing, nbgrader fixed the crash and
    ``nbgrader_ext.autograde.KeepOneGradedCopy`` may be simplified.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    course = run["course"]
    config = copy.deepcopy(course.config)
    config.Autograde.sanitize_preprocessors = Autograde.class_traits()["sanitize_preprocessors"].default()
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    course.submit(
        PS, "nbgrader_alone", {**run["others"], NOTEBOOK: nbformat.writes(run["cases"]["pasted_answer_below"])}
    )
    result = api.autograde(PS, "nbgrader_alone", force=True, create=True)
    assert not result["success"]
    assert "KeyError: 'grade_id'" in result["log"], result["log"][-3000:]
    assert "add_missing_task_cells" in result["log"]


def test_every_case_is_graded_and_the_classmate_keeps_full_marks(run):
    assert not failed_students(run["log"]), run["log"][-5000:]
    assert run["result"]["success"], run["log"][-5000:]
    classmate = run["course"].scores(PS, "classmate")
    assert (
        classmate["code_score"]
        == pytest.approx(classmate["max_code_score"])
        == pytest.approx(sum(run["points"].values()))
    )


@pytest.mark.parametrize(
    "student",
    [
        "pasted_answer_below",
        "answered_in_the_pasted_copy",
        "written_answer_then_untouched_copy",
        "pasted_test_top_and_end",
        "pasted_read_only_cells",
        "edited_test_and_question",
    ],
)
def test_copied_or_edited_cells_cost_no_autograded_point(run, student):
    grades = run["course"].cell_grades(PS, student)
    got = {gid: grades[gid]["auto_score"] for gid in run["points"]}
    assert got == run["points"], {g: (got[g], run["points"][g]) for g in got if got[g] != run["points"][g]}


def test_pasted_answer_keeps_one_graded_copy_and_the_log_names_the_student_action(run):
    answer = adv.grade_id(adv.answer_cells(run["release"])[0])
    nb = read_autograded(run, "pasted_answer_below")
    copies = _graded_copies(nb, answer)
    assert len(copies) == 1
    assert any(cell.get("id") == "pasted-answer" for cell in nb.cells), "the pasted copy must still run"
    log = student_log(run["log"], "pasted_answer_below")
    assert re.search(
        rf"Student 'pasted_answer_below' copied a cell: the answer cell '{answer}' appears 2 times", log
    ), log[-3000:]
    assert "copy and paste" in log and "Duplicate grade id" in log
    assert "copied a cell" not in student_log(run["log"], "classmate")


def test_the_copy_holding_the_students_work_stays_the_graded_answer(run):
    answer = adv.grade_id(adv.answer_cells(run["release"])[0])
    nb = read_autograded(run, "answered_in_the_pasted_copy")
    assert [cell_id for _, cell_id in _graded_copies(nb, answer)] == ["pasted-answer"]
    # the untouched original ran too: its NotImplementedError is in the notebook, and cost nothing
    original = next(c for c in nb.cells if c.get("id") == adv.find_cell(run["release"], answer).get("id"))
    assert any(o.get("ename") == "NotImplementedError" for o in original.get("outputs", []))


def test_a_written_answer_is_not_scored_as_no_response_because_of_an_untouched_copy(run):
    manual = adv.grade_id(first(run["release"], adv.is_manual_answer))
    original_id = adv.find_cell(run["release"], manual).get("id")
    nb = read_autograded(run, "written_answer_then_untouched_copy")
    assert [cell_id for _, cell_id in _graded_copies(nb, manual)] == [original_id]
    grade = run["course"].cell_grades(PS, "written_answer_then_untouched_copy")[manual]
    assert grade["auto_score"] is None and grade["needs_manual_grade"], grade


def test_a_pasted_test_is_graded_at_its_original_position(run):
    answer = adv.grade_id(adv.answer_cells(run["release"])[0])
    test = adv.checks_of_answer(run["release"], answer)[0]
    nb = read_autograded(run, "pasted_test_top_and_end")
    assert [cell_id for _, cell_id in _graded_copies(nb, test)] == [adv.find_cell(run["release"], test).get("id")]
    # the copy pasted above the set-up cell ran as an ordinary cell (and failed there, harmlessly)
    top = next(c for c in nb.cells if c.get("id") == "pasted-test-top")
    assert "nbgrader" not in top.metadata and any(o.get("output_type") == "error" for o in top.outputs)


def test_copied_read_only_cells_keep_the_original_graded(run):
    nb = read_autograded(run, "pasted_read_only_cells")
    for pasted_id in ("pasted-question", "pasted-setup"):
        pasted = next(c for c in nb.cells if c.get("id") == pasted_id)
        assert "nbgrader" not in pasted.metadata, pasted_id
    setup = adv.grade_id(first(run["release"], adv.is_locked_code))
    question = adv.grade_id(first(run["release"], locked_markdown))
    for wanted in (setup, question):
        assert [cell_id for _, cell_id in _graded_copies(nb, wanted)] == [
            adv.find_cell(run["release"], wanted).get("id")
        ]
    log = student_log(run["log"], "pasted_read_only_cells")
    assert f"the read-only cell '{setup}' appears 2 times" in log
    assert f"the read-only cell '{question}' appears 2 times" in log


# ---------------------------------------------------------------------------------------------
# "checksum has changed": only for real edits
# ---------------------------------------------------------------------------------------------

CHECKSUM_WARNING = re.compile(r"\[WARNING\] Attribute 'checksum' for cell (\S+) has changed!")


def test_untouched_submissions_log_no_checksum_warning(run):
    hidden = [adv.grade_id(c) for c in run["solution"].cells if "BEGIN HIDDEN TESTS" in c.source]
    assert hidden, "the problem set has no hidden tests: this test would check nothing"
    for student in ("classmate", "pasted_answer_below", "written_answer_then_untouched_copy"):
        assert not CHECKSUM_WARNING.findall(student_log(run["log"], student)), student


def test_a_real_edit_of_a_test_or_read_only_cell_is_still_reported_and_undone(run):
    answer = adv.grade_id(adv.answer_cells(run["release"])[0])
    test = adv.checks_of_answer(run["release"], answer)[0]
    question = adv.grade_id(first(run["release"], locked_markdown))
    log = student_log(run["log"], "edited_test_and_question")
    assert sorted(CHECKSUM_WARNING.findall(log)) == sorted([test, question]), log[-4000:]
    assert f"Cell {test} is read-only and the student changed it" in log
    nb = read_autograded(run, "edited_test_and_question")
    assert "the student 'simplified' the test" not in adv.find_cell(nb, test).source
    assert adv.find_cell(nb, test).source == adv.find_cell(run["solution"], test).source


def test_the_extensions_are_wired_in_the_course_configuration():
    from traitlets.config.loader import PyFileConfigLoader

    from nbgrader_ext.autograde import KeepOneGradedCopy, RobustOverwriteCells

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    steps = list(config.Autograde.sanitize_preprocessors)
    assert KeepOneGradedCopy in steps and RobustOverwriteCells in steps
    assert steps.index(KeepOneGradedCopy) < steps.index(RobustOverwriteCells)
    from nbgrader.preprocessors import DeduplicateIds, OverwriteCells

    assert DeduplicateIds not in steps and OverwriteCells not in steps


def test_untouched_release_copies_are_recognised_without_nbgrader():
    """The release form of a test cell is the gradebook source minus hidden tests (unit level)."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme

    from nbgrader_ext.autograde import release_source_steps

    assert release_source_steps() == [ClearHiddenTests, ClearMarkScheme]
    release, solution = committed_release_and_solution(PS, NOTEBOOK)
    for cell in solution.cells:
        if adv.is_test_cell(cell):
            released = copy.deepcopy(cell)
            for step in release_source_steps():
                released, _ = step().preprocess_cell(released, {}, 0)
            assert released.source == adv.find_cell(release, adv.grade_id(cell)).source
