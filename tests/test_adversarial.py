"""Hostile and wrong submissions through real nbgrader: exact scores, no crash, no leaks (issue #6).

Every problem set in ``solutions/`` gets the submissions built by ``tests/adversarial.py`` (a
correct classmate, targeted wrong answers, hostile notebooks), all autograded in ONE nbgrader
run per problem set, as an instructor grades a class. The tests then check, from the gradebook
and the files nbgrader wrote:

* every case gets its exact expected score, cell by cell (or, for a file that is not valid
  JSON, its documented outcome: ungraded and flagged "needs manual grade");
* the run survives every case, only the unreadable file is reported as an error, the classmate
  graded in the same run keeps full marks, and the gradebook stays readable;
* a file written outside the notebook's folder does not land in the course; one written to an
  absolute path does land (student code runs with the grader's permissions; nbgrader cannot
  prevent that) and is reported in the autograde log;
* the feedback students receive holds no hidden test, no instructor solution and no marker, yet
  still shows each cell's score, the visible tests and the error messages.

Speed. The course's cell timeout is 60 s; this test course uses ``CELL_TIMEOUT_S`` (8 s; the
slowest cell of a correct notebook, the setup cell that imports matplotlib and the library, takes
about 1 s on an idle machine), so an infinite loop costs 8 s instead of 60. The two cases that wait
for a timeout run on one problem set only (``SLOW_SET``); every other case runs on every set.
Kernels use matplotlib's non-interactive Agg backend (``MPLBACKEND=Agg``): figures are not
rendered to PNG, which saves time and changes no grade (no test cell looks at a figure).
Everything expensive happens once, in the module-scoped ``graded`` fixture: each problem set is
graded in a course of its own, two sets at a time in two worker processes (``WORKERS``; the
grader and its kernel mostly wait for each other, so two pipelines use two cores), and it prints
how long each phase took (``pytest -s``).
"""

from __future__ import annotations

import copy
import doctest
import json
import multiprocessing
import os
import re
import sqlite3
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import adversarial as adv
import nbformat
import pytest
from grading import ASSIGNMENTS, ROOT, Course, failed_students, student_log
from helpers import committed_release_and_solution, first_notebook, notebook_names, notebook_paths

import nbgrader_ext.feedback
import nbgrader_ext.leaks
from nbgrader_ext.feedback import strip_ansi
from nbgrader_ext.leaks import check_course, find_leaks, readable_texts, secrets_from_notebooks

pytestmark = pytest.mark.slow

CELL_TIMEOUT_S = 8
SLOW_SET = ASSIGNMENTS[0]
"""The problem set on which the two timeout cases (one cell timeout each) run."""
ABSOLUTE_FILE = "written_by_absolute_path.txt"
CHEAT = "patches_selfcheck"
FEEDBACK_FOR = ("classmate", "deleted_test_cell", "exfiltrates_hidden_tests")
"""Students whose feedback is generated and checked for leaks (plus each set's first slip)."""
WORKERS = 2
"""Problem sets graded at the same time, each in its own process and course (CI has 2 cores)."""


def _planned_case_names(assignment: str) -> list[str]:
    """Case names, known at collection time (built from the solution, content irrelevant)."""
    solution = committed_release_and_solution(assignment)[1]
    slow = assignment == SLOW_SET
    return [
        c.name
        for c in adv.build_cases(assignment, solution, solution, slow=slow, absolute_target="/x" if slow else None)
    ]


PLANNED = [(a, name) for a in ASSIGNMENTS for name in _planned_case_names(a)]
GRADED_CASES = [(a, name) for a, name in PLANNED if name != "invalid_json"]


@dataclass
class GradedSet:
    """One problem set after its class run (built in a worker process, see ``graded``)."""

    assignment: str
    notebook: str
    release: nbformat.NotebookNode
    solution: nbformat.NotebookNode
    cases: dict
    autograde: dict  # nbgrader's result for the whole run (success, log, error)
    points: dict  # points of every autograded test cell, all notebooks of the set
    feedback_students: tuple
    timings: dict


def grade_problem_set(assignment: str, root: str) -> GradedSet:
    """Build a course in ``root``, submit every case of ``assignment``, autograde them in one run,
    generate some feedback. Runs in a worker process (module doc, "Speed")."""
    os.environ["MPLBACKEND"] = "Agg"  # this worker's kernels: no PNG rendering
    # nbgrader 0.9.6 adds a deleted test cell back without a cell id: nbformat warns, harmlessly
    warnings.filterwarnings("ignore", message="Cell is missing an id field")
    timings = {}
    start = time.perf_counter()
    course = Course(Path(root), cell_timeout_s=CELL_TIMEOUT_S)
    release_dir = course.generate(assignment)
    names = notebook_names(release_dir)
    target = first_notebook(assignment)  # the notebook the cases change; the others stay correct
    releases = {n: nbformat.read(release_dir / n, as_version=4) for n in names}
    solutions = {n: nbformat.read(ROOT / "solutions" / assignment / n, as_version=4) for n in names}
    slow = assignment == SLOW_SET
    cases = adv.build_cases(
        assignment,
        releases[target],
        solutions[target],
        slow=slow,
        absolute_target=str(course.root / ABSOLUTE_FILE) if slow else None,
    )
    slips = adv.SLIPS.get(assignment, ())
    hard = [s for s in slips if s.category == "hard_coded"]
    if slow and hard:
        cases.append(adv.Case(CHEAT, adv.patches_selfcheck(releases[target], solutions[target], hard[0]), hard[0].lost))
    for case in cases:
        files = {n: nbformat.writes(adv.solved(releases[n], solutions[n])) for n in names if n != target}
        files[target] = case.content if isinstance(case.content, bytes) else nbformat.writes(case.content)
        course.submit(assignment, case.name, files)
    timings[f"{assignment}: course, release, {len(cases)} submissions"] = time.perf_counter() - start

    start = time.perf_counter()
    result = course.autograde_all(assignment)
    timings[f"{assignment}: autograde (one run)"] = time.perf_counter() - start

    start = time.perf_counter()
    feedback_students = tuple(FEEDBACK_FOR) + tuple(s.name for s in slips[:1])
    for student in feedback_students:
        course.generate_feedback(assignment, student)
    timings[f"{assignment}: feedback for {len(feedback_students)} students"] = time.perf_counter() - start

    points = {}
    for n in names:
        points.update(adv.points_by_test_cell(solutions[n]))
    return GradedSet(
        assignment,
        target,
        releases[target],
        solutions[target],
        {c.name: c for c in cases},
        {k: result.get(k) for k in ("success", "log", "error")},
        points,
        feedback_students,
        timings,
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every problem set graded in its own course, two sets at a time (module doc, "Speed").

    Returns ``(courses, sets)``: a :class:`Course` attached to each set's course folder, and the
    :class:`GradedSet` of each set.
    """
    roots = {a: tmp_path_factory.mktemp(f"adversarial_{a}") for a in ASSIGNMENTS}
    start = time.perf_counter()
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no forked nbgrader state
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        futures = {a: pool.submit(grade_problem_set, a, str(roots[a])) for a in ASSIGNMENTS}
        sets = {a: future.result() for a, future in futures.items()}
    wall = time.perf_counter() - start
    print(f"\nadversarial grading ({WORKERS} worker processes), seconds:")
    for graded_set in sets.values():
        for what, seconds in graded_set.timings.items():
            print(f"  {seconds:6.1f}  {what}")
    print(f"  {wall:6.1f}  wall clock for all problem sets")
    courses = {a: Course(roots[a], cell_timeout_s=CELL_TIMEOUT_S, create=False) for a in ASSIGNMENTS}
    return courses, sets


# ---------------------------------------------------------------------------------------------
# The library of cases itself (no nbgrader run)
# ---------------------------------------------------------------------------------------------


def _answer_code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if adv.is_answer_cell(c))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_problem_set_has_its_typical_slips(assignment):
    slips = adv.SLIPS.get(assignment)
    assert slips, (
        f"tests/adversarial.py SLIPS has no entry for {assignment}: add its units (10^3), "
        "log10-for-ln or total-for-unbound (or another typical slip) and hard-coded cases"
    )
    categories = [s.category for s in slips]
    assert "units" in categories and "hard_coded" in categories, categories
    solution = committed_release_and_solution(assignment)[1]
    code = _answer_code(solution)
    if re.search(r"\b(np|math|numpy)\.log\(", code):
        assert "log10" in categories, f"{assignment} uses natural logs: add a log10-for-ln slip"
    if "unbound" in code:
        assert "unbound" in categories, f"{assignment} uses unbound concentrations: add a total-for-unbound slip"
    assert len(set(categories) - {"units", "hard_coded"}) >= 2, (
        f"{assignment}: add at least two slips besides units and hard-coded (log10, unbound or domain)"
    )
    assert len({s.name for s in slips}) == len(slips), "slip names must be unique"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_slip_changes_only_its_answer_cell(assignment):
    release, solution = committed_release_and_solution(assignment)
    correct = adv.solved(release, solution)
    for slip in adv.SLIPS.get(assignment, ()):
        wrong = adv.apply_slip(release, solution, slip)
        changed = [
            adv.grade_id(a) or i for i, (a, b) in enumerate(zip(correct.cells, wrong.cells)) if a.source != b.source
        ]
        assert changed == [slip.cell], f"{slip.name}: changed cells {changed}"
        assert set(slip.lost) <= set(adv.points_by_test_cell(solution)), f"{slip.name}: unknown test cells"


def test_a_solved_submission_has_no_markers_and_the_releases_structure():
    for assignment in ASSIGNMENTS:
        release, solution = committed_release_and_solution(assignment)
        correct = adv.solved(release, solution)
        text = nbformat.writes(correct)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS"):
            assert marker not in text, f"{assignment}: the solved submission contains {marker}"
        for cell in correct.cells:
            if adv.is_answer_cell(cell):
                assert "raise NotImplementedError()" not in cell.source, adv.grade_id(cell)
            if adv.is_manual_answer(cell):
                assert cell.source == adv.STUDENT_PROSE, adv.grade_id(cell)
        assert [c.get("id") for c in correct.cells] == [c.get("id") for c in release.cells]


def test_nbgrader_ext_examples():
    """The docstring examples of the course's nbgrader extensions (not under pytest's testpaths)."""
    for module in (nbgrader_ext.feedback, nbgrader_ext.leaks):
        failures, _ = doctest.testmod(module)
        assert failures == 0, module.__name__


def test_hiding_survives_markers_a_student_typed():
    """An unterminated or stray marker in an answer must not crash feedback (nbgrader's
    ClearHiddenTests raises), and what it wraps is hidden from sources and outputs."""
    from nbgrader_ext.feedback import HideHiddenTests

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1\n### BEGIN HIDDEN TESTS\nsecret_reference = 36.0"),
        nbformat.v4.new_code_cell(
            "### END HIDDEN TESTS\nprint(In)",
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="['', 'secret_reference = 36.0']\nok\n")],
        ),
    ]
    nb, _ = HideHiddenTests().preprocess(nb, {})
    text = nbformat.writes(nb)
    assert "secret_reference" not in text and "HIDDEN TESTS" not in text
    assert nb.cells[0].source.startswith("x = 1") and "ok" in nb.cells[1].outputs[0].text


def test_output_size_limit_cuts_text_and_images_only_when_too_large():
    from nbgrader_ext.autograde import LimitOutputSize

    cell = nbformat.v4.new_code_cell(
        "print(...)",
        outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="x" * 300_000),
            nbformat.v4.new_output("display_data", data={"image/png": "A" * 500_000, "text/plain": "<Figure>"}),
            nbformat.v4.new_output("stream", name="stdout", text="small"),
        ],
    )
    cell, _ = LimitOutputSize(max_chars=10_000).preprocess_cell(cell, {}, 0)
    big, image, small = cell.outputs
    assert len(big.text) < 11_000 and "characters of output removed by the grader" in big.text
    assert "image/png" not in image.data and image.data["text/plain"] == "<Figure>"
    assert small.text == "small"


def test_invalid_json_case_is_really_invalid():
    release = committed_release_and_solution(SLOW_SET)[0]
    with pytest.raises(ValueError):
        json.loads(adv.invalid_json(release))


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    """``text`` with every run of whitespace made one space (messages are wrapped in the notebook)."""
    return " ".join(text.split())


def _error_text(notebook_path: Path, grade_id: str) -> str:
    nb = nbformat.read(notebook_path, as_version=4)
    for cell in nb.cells:
        if adv.grade_id(cell) == grade_id:
            return strip_ansi(
                "\n".join(
                    f"{o.get('ename', '')}: {o.get('evalue', '')}\n" + "\n".join(o.get("traceback", []))
                    for o in cell.get("outputs", [])
                    if o.get("output_type") == "error"
                )
            )
    raise AssertionError(f"no cell {grade_id} in {notebook_path}")


@pytest.mark.parametrize("assignment, case_name", GRADED_CASES, ids=[f"{a}-{c}" for a, c in GRADED_CASES])
def test_case_gets_its_exact_score(graded, assignment, case_name):
    courses, sets = graded
    course = courses[assignment]
    graded_set = sets[assignment]
    case = graded_set.cases[case_name]
    grades = course.cell_grades(assignment, case_name)
    got = {gid: grades[gid]["auto_score"] for gid in graded_set.points}
    expected = {gid: (0.0 if gid in case.lost else pts) for gid, pts in graded_set.points.items()}
    assert got == expected, (
        f"{case_name}: cells that differ: { {g: (got[g], expected[g]) for g in got if got[g] != expected[g]} }"
    )
    if case.hint:
        cell, text = case.hint
        path = course.autograded_notebook(assignment, case_name, graded_set.notebook)
        # messages are wrapped to fit nbgrader's Validate: compare with the whitespace made uniform
        assert _flat(text) in _flat(_error_text(path, cell)), f"{case_name}: {text!r} not in the error of cell {cell}"


def test_classmate_graded_in_the_same_run_keeps_full_marks(graded):
    courses, sets = graded
    for assignment, graded_set in sets.items():
        scores = courses[assignment].scores(assignment, "classmate")
        assert (
            scores["code_score"]
            == pytest.approx(scores["max_code_score"])
            == pytest.approx(sum(graded_set.points.values()))
        ), assignment
        assert len(graded_set.cases) >= 14, "the classmate shared the run with every case"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_unreadable_notebook_is_left_for_manual_grading(graded, assignment):
    """Documented outcome for a file that is not valid JSON: nbgrader cannot grade it.

    The run logs an error naming the student, writes no autograded notebook, and leaves every
    autograded cell of that submission ungraded (auto score None, "needs manual grade", total
    0) until the instructor gets a readable file from the student.
    """
    courses, sets = graded
    course = courses[assignment]
    graded_set = sets[assignment]
    assert "invalid_json" in failed_students(graded_set.autograde["log"], assignment)
    assert not course.autograded_notebook(assignment, "invalid_json", graded_set.notebook).exists()
    grades = course.cell_grades(assignment, "invalid_json")
    for gid in graded_set.points:
        assert grades[gid]["auto_score"] is None and grades[gid]["needs_manual_grade"], (gid, grades[gid])
    assert course.scores(assignment, "invalid_json")["code_score"] == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_class_run_survives_every_case(graded, assignment):
    courses, sets = graded
    course = courses[assignment]
    graded_set = sets[assignment]
    log = graded_set.autograde["log"]
    unexpected = failed_students(log, assignment) - {"invalid_json"}
    assert not unexpected, "only the unreadable notebook may fail to autograde; the log of the others:\n" + "\n".join(
        student_log(log, student)[-6000:] for student in sorted(unexpected)
    )
    assert "invalid_json" in failed_students(log, assignment)
    assert graded_set.autograde["success"] is False  # nbgrader reports the one failure ...
    for name, case in graded_set.cases.items():  # ... and graded everybody else
        exists = course.autograded_notebook(assignment, name, graded_set.notebook).exists()
        assert exists == (case.outcome == "graded"), name


def test_the_gradebook_stays_readable(graded):
    courses, sets = graded
    for assignment, graded_set in sets.items():
        course = courses[assignment]
        with sqlite3.connect(course.root / "gradebook.db") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for name in graded_set.cases:
            assert course.scores(assignment, name)["max_score"] > 0, (assignment, name)


# ---------------------------------------------------------------------------------------------
# Files and outputs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_relative_writes_outside_the_folder_do_not_reach_the_course(graded, assignment):
    courses, sets = graded
    course = courses[assignment]
    log = student_log(sets[assignment].autograde["log"], "writes_outside_folder")
    assert (
        "wrote files outside its folder" in log and "../../" + adv.ESCAPE_FILE in log and "../../../gradebook.db" in log
    ), log[-2000:]
    assert not list(course.root.rglob(adv.ESCAPE_FILE)), "a relative write escaped into the course"
    assert not list(course.root.rglob(adv.COPY_OF_TESTS_FILE)), "a file written at grading time was kept"


def test_absolute_writes_land_and_are_reported(graded):
    """What nbgrader cannot prevent: student code runs with the grader's own permissions.

    A student who knows (or guesses) an absolute path in the course can write there. The course's
    ``IsolatedExecute`` cannot redirect it, but it reports every file of the course tree that
    changed while student code ran, as an error in the autograde log. Real protection needs
    the operating system: grade as an unprivileged user, or in a container.
    """
    courses, sets = graded
    course = courses[SLOW_SET]
    assert (course.root / ABSOLUTE_FILE).exists(), "the absolute write did not happen: the case tests nothing"
    log = student_log(sets[SLOW_SET].autograde["log"], "writes_absolute_path")
    assert re.search(rf"\[ERROR\] IsolatedExecute: .* were created .*{ABSOLUTE_FILE}", log), log[-2000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_huge_output_is_cut(graded, assignment):
    courses, sets = graded
    course = courses[assignment]
    path = course.autograded_notebook(assignment, "huge_output", sets[assignment].notebook)
    assert path.stat().st_size < 2_000_000, f"{path.stat().st_size:,} bytes: the 50 MB print was kept"
    assert "characters of output removed by the grader" in path.read_text(encoding="utf-8")


@pytest.mark.xfail(
    strict=True,
    reason=(
        "known limit: student code runs in the same kernel as the tests, so it can replace the "
        "course's answer checkers (microdose.selfcheck.expect, AnswerKey.check) and pass the tests that rely "
        "on them; nbgrader offers no isolation between answer and test cells. Such code is listed for review "
        "(nbgrader_ext/tamper.py; tests/test_instructor_workflow.py)"
    ),
)
def test_student_code_cannot_disable_the_answer_checker(graded):
    courses, sets = graded
    course = courses[SLOW_SET]
    graded_set = sets[SLOW_SET]
    if CHEAT not in graded_set.cases:
        pytest.skip(f"{SLOW_SET} has no hard-coded slip to combine with the cheat")
    grades = course.cell_grades(SLOW_SET, CHEAT)
    assert all(grades[gid]["auto_score"] == 0 for gid in graded_set.cases[CHEAT].lost)


# ---------------------------------------------------------------------------------------------
# Feedback: no leaks, but scores and visible tests
# ---------------------------------------------------------------------------------------------


def _secrets(assignment):
    return secrets_from_notebooks(notebook_paths(ROOT / "solutions" / assignment))


def _feedback_pairs():
    pairs = []
    for a in ASSIGNMENTS:
        first = adv.SLIPS.get(a, ())[:1]
        pairs += [(a, s) for s in FEEDBACK_FOR + tuple(s.name for s in first)]
    return pairs


@pytest.mark.parametrize("assignment, student", _feedback_pairs(), ids=[f"{a}-{s}" for a, s in _feedback_pairs()])
def test_feedback_has_no_hidden_tests_or_solutions(graded, assignment, student):
    courses, _ = graded
    course = courses[assignment]
    folder = course.root / "feedback" / student / assignment
    assert list(folder.glob("*.html")), f"no feedback was generated in {folder}"
    own = sorted((course.root / "submitted" / student / assignment).glob("*.ipynb"))
    leaks = find_leaks([folder], _secrets(assignment), own_work=own)
    assert not leaks, "feedback leaks:\n" + "\n".join(map(str, leaks[:20]))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_still_shows_scores_visible_tests_and_messages(graded, assignment):
    courses, sets = graded
    course = courses[assignment]
    graded_set = sets[assignment]
    slips = adv.SLIPS.get(assignment, ())
    for student in ("classmate",) + tuple(s.name for s in slips[:1]):
        html_path = course.root / "feedback" / student / assignment / graded_set.notebook.replace(".ipynb", ".html")
        text = readable_texts(html_path)[0]
        shown = {
            m.group(1): float(m.group(2)) for m in re.finditer(r"Grade cell: (\S+)\s+Score: ([\d.]+) / [\d.]+", text)
        }
        grades = course.cell_grades(assignment, student)
        expected = {gid: grades[gid]["score"] for gid in adv.points_by_test_cell(graded_set.solution)}
        assert {g: shown.get(g) for g in expected} == expected, f"{student}: per-cell scores in the feedback"
        for cell in graded_set.release.cells:
            if adv.is_test_cell(cell):
                first_line = cell.source.split("\n")[0]
                assert first_line in text, f"{student}: visible test of {adv.grade_id(cell)} missing"
        if student != "classmate":
            assert _flat(slips[0].hint) in _flat(text), f"{student}: the hidden test's message is not shown"
    exfiltrated = readable_texts(
        course.root
        / "feedback"
        / "exfiltrates_hidden_tests"
        / assignment
        / graded_set.notebook.replace(".ipynb", ".html")
    )[0]
    assert "a line that quotes a hidden test is not shown" in exfiltrated, "the printed In was not redacted"


def test_the_whole_course_check_finds_nothing(graded):
    """``python -m nbgrader_ext.leaks``: the release and every feedback folder of the class run."""
    courses, _ = graded
    leaks = [leak for course in courses.values() for leak in check_course(course.root)]
    assert not leaks, "\n".join(map(str, leaks[:20]))


def test_the_checker_finds_the_leaks_of_nbgraders_default_feedback(graded):
    """The leak checker is not vacuous: nbgrader 0.9.6's own feedback does leak (issue #6)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    courses, _sets = graded
    course = courses[SLOW_SET]
    config = copy.deepcopy(course.config)
    config.GenerateFeedback.preprocessors = GenerateFeedback.class_traits()["preprocessors"].default()
    config.CourseDirectory.feedback_directory = "feedback_nbgrader_default"
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    result = api.generate_feedback(SLOW_SET, "classmate", force=True)
    assert result["success"], result.get("log")
    leaks = find_leaks(
        [course.root / "feedback_nbgrader_default" / "classmate" / SLOW_SET],
        _secrets(SLOW_SET),
        own_work=sorted((course.root / "submitted" / "classmate" / SLOW_SET).glob("*.ipynb")),
    )
    kinds = {leak.kind for leak in leaks}
    assert {"hidden test", "marker"} <= kinds, kinds
