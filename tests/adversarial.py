"""Realistic wrong and hostile submissions, generated from the release and solution notebooks.

Every function here is pure: it takes the *release* notebook (what students receive, from
``exercises/``), usually the matching *solution* notebook (from ``solutions/``), and returns a
new notebook that a student could have submitted (or raw bytes, for the broken-file case). No
submission is a hand-edited copy, so the library follows the problem sets when they change.

Wrong answers start from the solution's own answer code (everything else right) and apply one
targeted change, so the expected score is exact: the test cells listed in :class:`Slip.lost`
score zero and every other autograded cell keeps full marks. Which change is typical depends on
the problem set, so the targeted changes are data (:data:`SLIPS`, one entry per problem set);
``tests/test_adversarial.py`` fails for a problem set that has no entry, naming what is missing.

The hostile cases (exceptions, infinite loops, deleted or neutered test cells, edited locked
cells, changed ids, huge outputs, writes outside the folder, invalid JSON) need no per-set
knowledge: they are built from the nbgrader metadata alone, and their expected outcome is
stated in each function's docstring.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

import nbformat
import numpy as np

from nbgrader_ext.regions import REGIONS, SOLUTION, split_regions

STUDENT_PROSE = (
    "My answer, in my own words: I would compare the numbers computed above with the "
    "limits given in the question before deciding."
)
"""What the generated students write in manually graded (markdown) answers."""


# ---------------------------------------------------------------------------------------------
# Reading nbgrader metadata
# ---------------------------------------------------------------------------------------------


def nbgrader_meta(cell) -> dict:
    """The ``nbgrader`` metadata of a cell (empty dict if none)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell) -> str | None:
    """The nbgrader ``grade_id`` of a cell, or None."""
    return nbgrader_meta(cell).get("grade_id")


def is_answer_cell(cell) -> bool:
    """An autograded answer cell: code the student writes, checked by later test cells."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("solution")) and not meta.get("grade")


def is_test_cell(cell) -> bool:
    """An autograded test cell (locked code worth points)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_manual_answer(cell) -> bool:
    """A manually graded answer (a graded solution cell, markdown in this course)."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and bool(meta.get("solution"))


def is_locked_code(cell) -> bool:
    """A read-only code cell that is neither an answer nor a test (setup, data, plots)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("locked")) and not meta.get("grade") and not meta.get("solution")


def find_cell(nb, wanted_grade_id: str):
    """The cell with ``grade_id`` ``wanted_grade_id``; KeyError naming the id if absent."""
    for cell in nb.cells:
        if grade_id(cell) == wanted_grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {wanted_grade_id!r} in this notebook")


def index_of(nb, wanted_grade_id: str) -> int:
    """The position of the cell with ``grade_id`` ``wanted_grade_id``; KeyError naming the id if absent."""
    for position, cell in enumerate(nb.cells):
        if grade_id(cell) == wanted_grade_id:
            return position
    raise KeyError(f"no cell with grade_id {wanted_grade_id!r} in this notebook")


def paste(nb, index: int, at: int, new_id: str):
    """Insert a copy of cell ``index`` at position ``at``, as JupyterLab's paste does (new cell id); return it."""
    pasted = copy.deepcopy(nb.cells[index])
    pasted["id"] = new_id
    nb.cells.insert(at, pasted)
    return pasted


def points_by_test_cell(nb) -> dict[str, float]:
    """Points of every autograded test cell, by grade id, in notebook order."""
    return {grade_id(c): float(nbgrader_meta(c).get("points", 0)) for c in nb.cells if is_test_cell(c)}


def checks_of_answer(nb, answer_grade_id: str) -> list[str]:
    """Grade ids of the test cells between an answer cell and the next answer cell.

    In this course every answer cell is followed by the test cells that check it, so this is
    the set of tests an answer can fail by itself (later answers may use it too).
    """
    ids, inside = [], False
    for cell in nb.cells:
        if is_answer_cell(cell):
            if inside:
                break
            inside = grade_id(cell) == answer_grade_id
        elif inside and is_test_cell(cell):
            ids.append(grade_id(cell))
    return ids


# ---------------------------------------------------------------------------------------------
# The correct submission every case starts from
# ---------------------------------------------------------------------------------------------


def student_code_from_solution(solution_source: str) -> str:
    """The solution's answer cell as a student would type it: the marker lines removed."""
    return split_regions(solution_source, {SOLUTION: REGIONS[SOLUTION]}).without_markers()


def solved(release, solution):
    """The release notebook with every answer filled in from the solution.

    Code answers get the solution's code (without the solution markers); manually graded
    markdown answers get :data:`STUDENT_PROSE` (a student does not submit the model answer and
    its rubric). Everything else, cell ids and metadata included, is the release's.
    """
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if is_answer_cell(cell):
            source = find_cell(solution, grade_id(cell)).source
            cell.source = student_code_from_solution(source)
        elif is_manual_answer(cell):
            cell.source = STUDENT_PROSE if cell.cell_type == "markdown" else "# my answer\npass"
    return nb


def answer_cells(nb) -> list:
    """The autograded answer cells, in order."""
    return [c for c in nb.cells if is_answer_cell(c)]


# ---------------------------------------------------------------------------------------------
# Targeted wrong answers (per problem set)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    """One typical mistake, as a text change to the solution's answer code.

    Attributes
    ----------
    name : str
        Case name, e.g. ``"units_1000"``.
    category : str
        ``"units"`` (off by 10³), ``"log10"`` (log10 for ln), ``"unbound"`` (total for unbound),
        ``"domain"`` (another slip typical of the topic) or ``"hard_coded"`` (a typed number that
        passes the visible test only).
    cell : str
        Grade id of the answer cell changed.
    old, new : str
        Text replaced in that cell; ``count`` is how often ``old`` must occur (all are replaced),
        so that a change to the solution is noticed instead of silently testing nothing.
    lost : tuple of str
        Grade ids of the test cells that must score zero; every other autograded cell keeps full
        marks (follow-through marking included).
    hint : str
        Text that the error of the first lost cell must contain (what the student reads). For
        ``"hard_coded"`` it is a message of the hidden tests, which run only after every visible
        assertion passed: proof that the typed number passes the visible test.
    why : str
        The mistake in words.
    """

    name: str
    category: str
    cell: str
    old: str
    new: str
    lost: tuple[str, ...]
    hint: str
    why: str
    count: int = 1


def apply_slip(release, solution, slip: Slip):
    """A correct submission except for ``slip`` (see :class:`Slip`)."""
    nb = solved(release, solution)
    cell = find_cell(nb, slip.cell)
    found = cell.source.count(slip.old)
    if found != slip.count:
        raise ValueError(
            f"slip {slip.name!r}: expected {slip.count} occurrence(s) of {slip.old!r} in answer "
            f"cell {slip.cell!r}, found {found}; update tests/adversarial.py SLIPS"
        )
    cell.source = cell.source.replace(slip.old, slip.new)
    return nb


SLIPS: dict[str, tuple[Slip, ...]] = {
    "ps1_occupancy": (
        Slip(
            "units_1000",
            "units",
            "q2a-total-conc-nM",
            "* units.NM_PER_M",
            "* units.UM_PER_M",
            count=2,
            lost=("q2a-total-conc-nM-test",),
            hint="10^3 times too small",
            why="mol/L -> µM (1e6) where nM (1e9) is wanted: both concentrations 1000 times too small "
            "(their ratio, which the visible test checks, is unchanged)",
        ),
        Slip(
            "total_for_unbound",
            "unbound",
            "q2cd-occupancy",
            "cu_",
            "c_total_",
            count=4,
            lost=("q2c-occupancy-microdose-test", "q2d-occupancy-therapeutic-test"),
            hint="TOTAL",
            why="occupancy computed from the total instead of the unbound concentration",
        ),
        Slip(
            "larger_limit",
            "domain",
            "q1a-limit-small-molecules",
            "min(",
            "max(",
            count=2,
            lost=("q1a-limit-drugA-test", "q1a-limit-drugB-test"),
            hint="LARGER",
            why="kept the larger of the two microdose limits instead of the smaller",
        ),
        Slip(
            "hard_coded",
            "hard_coded",
            "q3d-fold-to-90pct",
            "fold_to_90pct = cu_for_90pct_nM / cu_micro_nM",
            "fold_to_90pct = 2000.0",
            lost=("q3d-fold-to-90pct-test",),
            hint="Q3d",
            why="a typed guess that passes the visible check (> 1) but not the hidden one",
        ),
    ),
    "ps2_linearity": (
        Slip(
            "units_1000",
            "units",
            "q2a-auc-last",
            "conc_micro_pg_per_mL / units.PG_PER_ML_PER_NG_PER_ML",
            "conc_micro_pg_per_mL",
            lost=("q2a-profiles-ng-test",),
            hint="10^3 times too large",
            why="the microdose profile left in pg/mL; every answer built on it (AUCs, AUC/dose, the ratio, the "
            "under-prediction) follows correctly from it and keeps its points (follow-through)",
        ),
        Slip(
            "log10_for_ln",
            "log10",
            "q4a-kdeg",
            "math.log(2)",
            "math.log10(2)",
            lost=("q4a-kdeg-test",),
            hint="ln 10",
            why="kdeg = log10(2)/t_half; the enzyme answers computed from it keep their points",
        ),
        Slip(
            "per_minute",
            "domain",
            "q4b-enzyme-ss",
            "kinact_per_min * units.MINUTES_PER_HOUR",
            "kinact_per_min",
            lost=("q4b-enzyme-ss-test",),
            hint="kinact was used per minute",
            why="kinact left per minute (the 60 min per h forgotten); CL and E(3 days) computed from this E_ss "
            "keep their points",
        ),
        Slip(
            "hard_coded",
            "hard_coded",
            "q1c-conc-cl-halved",
            "c_cl_halved_mg_per_L = km_mg_per_L * 0.5 / (1.0 - 0.5)",
            "c_cl_halved_mg_per_L = 5.0",
            lost=("q1c-conc-cl-halved-test",),
            hint="Q1c",
            why="a typed number that passes the visible check (finite, positive)",
        ),
    ),
    "ps3_ams_counting": (
        Slip(
            "units_1000",
            "units",
            "q3a-expected-counts",
            "sample_volume_uL / units.UL_PER_ML",
            "sample_volume_uL",
            lost=("q3a-expected-counts-test",),
            hint="1000 times too many",
            why="30 µL taken as 30 mL; the precision and the decays per day built on it keep their points",
        ),
        Slip(
            "log10_for_ln",
            "log10",
            "q1-decay-constant",
            "math.log(2.0)",
            "math.log10(2.0)",
            lost=("q1-decay-constant-test",),
            hint="ln 10",
            why="lambda = log10(2)/t_half; every later answer computed with this lambda keeps its points",
        ),
        Slip(
            "dpm_divided",
            "domain",
            "q2de-activity",
            "activity_Bq_per_mL * DPM_PER_BQ",
            "activity_Bq_per_mL / DPM_PER_BQ",
            lost=("q2e-activity-dpm-test",),
            hint="divided by 60",
            why="Bq -> dpm divided by 60 instead of multiplied",
        ),
        Slip(
            "hard_coded",
            "hard_coded",
            "q4b-decision",
            "margin_over_lc_counts = net_counts - lc_counts",
            "margin_over_lc_counts = 12.0",
            lost=("q4b-margin-test",),
            hint="Q4b",
            why="a typed number that passes the visible check (finite) but not the hidden one",
        ),
    ),
    "ps4_microtracer_decisions": (
        Slip(
            "units_1000",
            "units",
            "q2-bioavailability-clearance",
            "cl_L_per_h = dose_iv_pg / auc_inf_iv_pg_h_per_mL / units.ML_PER_L",
            "cl_L_per_h = dose_iv_pg / auc_inf_iv_pg_h_per_mL",
            lost=("q2b-clearance-test",),
            hint="1000 times too large: did you leave the result in mL/h?",
            why="clearance left in mL/h; follow-through marking accepts the volume and doses "
            "computed consistently from it",
        ),
        Slip(
            "log10_for_ln",
            "log10",
            "q1a-tracer-nca",
            "np.polyfit(t_iv[-4:], np.log(c_iv[-4:]), 1)",
            "np.polyfit(t_iv[-4:], np.log10(c_iv[-4:]), 1)",
            lost=("q1a-lambda-z-iv-test",),
            hint="ln 10",
            why="lambda_z from a log10 regression; later answers get follow-through marks",
        ),
        Slip(
            "total_for_unbound",
            "unbound",
            "q3a-trough-concentrations",
            "/ fraction_unbound * mw_g_per_mol",
            "* mw_g_per_mol",
            count=2,
            lost=("q3a-trough-concentrations-test",),
            hint="f_u",
            why="the unbound target concentration used as the total plasma trough",
        ),
        Slip(
            "hard_coded",
            "hard_coded",
            "q4-go-no-go",
            "tablets_80pct = math.ceil(dose_80pct_mg / tablet_limit_mg)",
            "tablets_80pct = 2",
            lost=("q4b-tablets-test",),
            hint="rounded DOWN",
            why="a typed whole number that passes the visible check (an int >= 1)",
        ),
    ),
}
"""Targeted wrong answers per problem set (key: the folder name under ``solutions/``)."""


# ---------------------------------------------------------------------------------------------
# Hostile cases (generic: built from nbgrader metadata only)
# ---------------------------------------------------------------------------------------------


def exception_in_answer(release, solution):
    """The LAST answer cell raises before it stores anything.

    Expected: the test cells after that answer cell score zero (NameError); all others full.
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[-1]
    cell.source = "ratio = 1 / 0   # a slip that raises ZeroDivisionError before any answer is stored\n" + cell.source
    return nb


def infinite_loop_in_function(release, solution):
    """The LAST answer cell calls a helper function that never returns.

    Expected: the cell is interrupted after ``ExecutePreprocessor.timeout`` seconds
    (CellTimeoutError); its tests score zero, all others full, and grading goes on.
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[-1]
    cell.source = (
        "def refine(guess):\n"
        "    # an iteration whose stopping condition is never met\n"
        "    while guess >= 0:\n"
        "        guess = guess + 1\n"
        "    return guess\n"
        "\n"
        "refine(1.0)\n" + cell.source
    )
    return nb


def top_level_infinite_loop(release, solution):
    """The FIRST answer cell ends with ``while True: pass`` after a correct answer.

    Expected: full marks: the loop is interrupted after the timeout, the answers defined before
    it stand, and every later cell still runs.
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[0]
    cell.source += "\n\nwhile True:   # left over from debugging\n    pass"
    return nb


def deleted_test_cell(release, solution, slip: Slip):
    """``slip`` applied, and the first test cell it fails deleted from the notebook.

    Expected: as for ``slip``: nbgrader puts the test back (``add_missing_cells``), hidden tests
    included, so deleting a test gains nothing.
    """
    nb = apply_slip(release, solution, slip)
    nb.cells = [c for c in nb.cells if grade_id(c) != slip.lost[0]]
    return nb


def assert_true_instead_of_tests(release, solution, slip: Slip):
    """``slip`` applied, and every test cell it fails replaced by ``assert True``.

    Expected: as for ``slip``: locked test cells are restored from the gradebook.
    """
    nb = apply_slip(release, solution, slip)
    for wanted in slip.lost:
        find_cell(nb, wanted).source = "assert True"
    return nb


def edited_locked_cell(release, solution):
    """A correct submission whose first read-only code cell (the setup: imports) is emptied.

    Expected: full marks: the locked cell is restored from the gradebook (without the imports
    every test would fail).
    """
    nb = solved(release, solution)
    cell = next(c for c in nb.cells if is_locked_code(c))
    cell.source = "pass   # the student 'tidied up' a read-only cell"
    return nb


def answered_in_a_pasted_copy(release, solution, answer: str, new_id: str):
    """A correct submission whose answer cell ``answer`` was pasted below itself and answered in the copy.

    (JupyterLab's copy and paste gives the copy the cell id ``new_id`` and keeps its nbgrader metadata:
    two cells with one ``grade_id``.) The original keeps the release's stub. Expected: full marks: the
    course's ``KeepOneGradedCopy`` grades the copy the student changed; the original runs as an ordinary cell.
    """
    nb = solved(release, solution)
    original = index_of(nb, answer)
    paste(nb, original, original + 1, new_id)
    nb.cells[original].source = find_cell(release, answer).source
    return nb


def changed_cell_ids(release, solution):
    """A correct submission in which every cell got a new nbformat cell ``id``.

    (JupyterLab gives a pasted cell a new id.) Expected: full marks: nbgrader matches cells by
    ``grade_id``, not by cell id.
    """
    nb = solved(release, solution)
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"student-cell-{number:03d}"
    return nb


def changed_grade_id(release, solution, slip: Slip):
    """``slip`` applied, and the ``grade_id`` of the first test cell it fails renamed.

    Expected: as for ``slip``: the renamed copy is no longer a graded cell (nbgrader drops the
    unknown id) and the original test is added back and run.
    """
    nb = apply_slip(release, solution, slip)
    nbgrader_meta(find_cell(nb, slip.lost[0]))["grade_id"] = slip.lost[0] + "-renamed-by-student"
    return nb


def huge_output(release, solution, megabytes: int = 50):
    """A correct submission whose first answer cell prints ``megabytes`` MB on one line.

    Expected: full marks; the stored output is cut to ``LimitOutputSize.max_chars`` characters
    (nbgrader's own ``LimitOutput`` counts lines and would keep all of it).
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[0]
    cell.source += f'\nprint("x" * {megabytes} * 1_000_000)   # a debugging print of a huge array'
    return nb


ESCAPE_FILE = "escape.txt"
"""Name of the file :func:`writes_outside_folder` writes two levels up."""

COPY_OF_TESTS_FILE = "copy_of_the_tests.txt"
"""Name of the file :func:`exfiltrates_hidden_tests` writes into its own folder."""


def writes_outside_folder(release, solution):
    """A correct submission whose first answer cell writes outside its folder.

    It writes ``../../escape.txt`` and overwrites ``../../../gradebook.db`` (nbgrader runs the
    notebook in ``autograded/<student>/<assignment>/``, so that relative path is the course
    gradebook). Expected with the course's ``IsolatedExecute``: full marks; neither write
    reaches the course (they land in a scratch copy, are reported in the log and deleted); the
    gradebook stays readable.
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[0]
    cell.source += (
        "\n\nwith open('../../" + ESCAPE_FILE + "', 'w') as handle:\n"
        "    handle.write('written by student code at grading time')\n"
        "with open('../../../gradebook.db', 'wb') as handle:\n"
        "    handle.write(b'this is not a database any more')"
    )
    return nb


def writes_absolute_path(release, solution, target: str):
    """A correct submission whose first answer cell writes to the absolute path ``target``.

    (A student who guessed where the course lives.) Expected: full marks; the file DOES land,
    because student code runs with the grader's permissions and an absolute path cannot be
    redirected; ``IsolatedExecute`` reports it in the autograde log as an error.
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[0]
    cell.source += (
        f"\n\nwith open({target!r}, 'w') as handle:\n    handle.write('written by student code at grading time')"
    )
    return nb


def exfiltrates_hidden_tests(release, solution):
    """A correct submission whose last answer cell prints, and saves, every cell run so far.

    ``In`` holds the source of every executed cell, hidden tests included. Expected: full
    marks; the feedback shows neither the printed hidden-test lines (redacted) nor the file
    (written in a scratch copy of the folder, so it never reaches ``feedback/``).
    """
    nb = solved(release, solution)
    cell = answer_cells(nb)[-1]
    cell.source += (
        "\n\nprint('\\n'.join(In))\n"
        f"with open({COPY_OF_TESTS_FILE!r}, 'w') as handle:\n"
        "    handle.write('\\n'.join(In))"
    )
    return nb


def patches_selfcheck(release, solution, slip: Slip):
    """``slip`` applied, plus a first answer cell that disables the course's answer checkers.

    Replacing ``microdose.selfcheck.expect`` (the hidden tests) and ``AnswerKey.check`` (the visible
    self-checks) with functions that accept anything makes every test cell pass. Student code runs
    in the same kernel as the tests, so nbgrader cannot stop this (a known limit, documented in the
    test).
    """
    nb = apply_slip(release, solution, slip)
    cell = answer_cells(nb)[0]
    cell.source = (
        "import microdose.answerkey, microdose.selfcheck\n"
        "microdose.selfcheck.expect = lambda *args, **kwargs: None\n"
        "microdose.answerkey.AnswerKey.check = lambda self, *args, **kwargs: []\n" + cell.source
    )
    return nb


def invalid_json(release) -> bytes:
    """The release notebook's file cut in half, as after an interrupted save: not valid JSON.

    Expected: nbgrader cannot read it: autograde fails for this student only (logged with the
    student's id), no autograded notebook is written, every autograded cell of the submission
    stays ungraded (score None, not 0), and the rest of the class is graded normally.
    """
    text = nbformat.writes(release).encode("utf-8")
    broken = text[: len(text) // 2]
    try:
        json.loads(broken)
    except ValueError:
        return broken
    raise AssertionError("cutting the notebook in half left valid JSON")  # cannot happen


@dataclass(frozen=True)
class Case:
    """One generated submission and what autograding it must give.

    Attributes
    ----------
    name : str
        Case name; also the student id it is submitted under.
    content : NotebookNode or bytes
        The submitted notebook (bytes for an unreadable file).
    lost : tuple of str
        Grade ids of the test cells that must score zero; every other autograded cell must keep
        full marks.
    hint : tuple of (str, str) or None
        ``(grade id, text)``: the text that must appear in the error output of that cell of the
        autograded notebook (the hidden test's message, or the exception the case raises).
    outcome : str
        ``"graded"``, or ``"unreadable"`` for the invalid-JSON case (see :func:`invalid_json`).
    slow : bool
        The case waits for a cell timeout.
    """

    name: str
    content: object
    lost: tuple[str, ...] = ()
    hint: tuple[str, str] | None = None
    outcome: str = "graded"
    slow: bool = False


def build_cases(
    problem_set: str, release, solution, *, slow: bool = False, absolute_target: str | None = None
) -> list[Case]:
    """Every generated submission for one problem set (one notebook), with its expected outcome.

    Parameters
    ----------
    problem_set : str
        Folder name under ``solutions/``; its targeted slips come from :data:`SLIPS` (none if
        it has no entry: ``tests/test_adversarial.py`` reports that as a failure).
    release, solution : NotebookNode
        The student and instructor versions of the notebook.
    slow : bool
        Include the two cases that wait for a cell timeout.
    absolute_target : str, optional
        If given, include :func:`writes_absolute_path` writing to this path.
    """
    slips = SLIPS.get(problem_set, ())
    first_answer = grade_id(answer_cells(release)[0])
    last_answer = grade_id(answer_cells(release)[-1])
    last_checks = tuple(checks_of_answer(release, last_answer))
    cases = [Case("classmate", solved(release, solution))]
    cases += [Case(s.name, apply_slip(release, solution, s), s.lost, (s.lost[0], s.hint)) for s in slips]
    cases.append(
        Case(
            "exception_in_answer",
            exception_in_answer(release, solution),
            last_checks,
            (last_answer, "ZeroDivisionError"),
        )
    )
    if slips:
        first = slips[0]
        cases += [
            Case(
                "deleted_test_cell",
                deleted_test_cell(release, solution, first),
                first.lost,
                (first.lost[0], first.hint),
            ),
            Case(
                "test_replaced_by_assert_true",
                assert_true_instead_of_tests(release, solution, first),
                first.lost,
                (first.lost[0], first.hint),
            ),
            Case(
                "changed_grade_id", changed_grade_id(release, solution, first), first.lost, (first.lost[0], first.hint)
            ),
        ]
    cases += [
        Case("edited_locked_cell", edited_locked_cell(release, solution)),
        Case("changed_cell_ids", changed_cell_ids(release, solution)),
        Case("huge_output", huge_output(release, solution)),
        Case("writes_outside_folder", writes_outside_folder(release, solution)),
        Case("exfiltrates_hidden_tests", exfiltrates_hidden_tests(release, solution)),
        Case("invalid_json", invalid_json(release), outcome="unreadable"),
    ]
    if absolute_target is not None:
        cases.append(Case("writes_absolute_path", writes_absolute_path(release, solution, absolute_target)))
    if slow:
        cases += [
            Case(
                "infinite_loop_in_function",
                infinite_loop_in_function(release, solution),
                last_checks,
                (last_answer, "CellTimeoutError"),
                slow=True,
            ),
            Case(
                "top_level_infinite_loop",
                top_level_infinite_loop(release, solution),
                (),
                (first_answer, "CellTimeoutError"),
                slow=True,
            ),
        ]
    return cases


# ---------------------------------------------------------------------------------------------
# A submission with a known slip in every answer (built from the problem-set engine's own slips)
# ---------------------------------------------------------------------------------------------


def slipped_everywhere(release, solution, problem):
    """A submission in which every graded answer holds one of its question's known wrong values.

    Each answer cell gets the solution's code followed by one assignment per answer it computes: the
    answer's first slip that can be told from the right value (else, for a number or an array, the
    right value × 1000, the classic unit slip). ``problem`` is the :class:`problemsets.build.Solved`
    of the same problem set and variant.

    Returns
    -------
    (NotebookNode, dict)
        The submission, and ``{test-cell grade id: text its error output must contain}``: every
        autograded test cell scores zero and names the slip of its first answer.
    """
    from problemsets.build import _distinct, py

    nb = solved(release, solution)
    overrides: dict[str, list[str]] = {}
    expected: dict[str, str] = {}
    for check in problem.checks:
        for answer in check.answers:
            reference = problem.reference[answer.name]
            slip = next((s for s in answer.slips if _distinct(answer, s.value, reference)), None)
            if slip is not None:
                value, message = slip.value, slip.message
            elif answer.kind in ("number", "array"):
                value, message = np.asarray(reference, dtype=float) * 1e3, "10^3 times too large"
            else:
                continue
            literal = py(value.tolist() if isinstance(value, np.ndarray) else value)
            if answer.kind == "array":
                literal = f"np.array({literal})"
            overrides.setdefault(check.cell, []).append(f"{answer.name} = {literal}")
            expected.setdefault(check.grade_id, message)
    for cell in nb.cells:
        if is_answer_cell(cell) and grade_id(cell) in overrides:
            cell.source += "\n# my answers (each with a typical slip)\n" + "\n".join(overrides[grade_id(cell)])
    return nb, expected


def copied_public(release, solution, problem):
    """A submission that copies the public course's answers (the committed solutions) into a class variant.

    Each answer cell gets the solution's code followed by ``name = <public answer>`` for every numeric
    answer (a number or an array of the variant's shape) whose public value is not right for this
    variant, as a student pasting the numbers from the public repository would.

    Returns
    -------
    (NotebookNode, dict)
        The submission, and ``{test-cell grade id: names}`` of the copied answers in each test cell:
        each such cell must score zero; where every copied answer is one the checks call a copy
        (``problem.public``), its message must say so.
    """
    from microdose.selfcheck import same_value
    from problemsets.build import py

    public = problem.problem_set.reference(problem.problem_set.default_data())
    nb = solved(release, solution)
    overrides: dict[str, list[str]] = {}
    copied: dict[str, list[str]] = {}
    for check in problem.checks:
        for answer in check.answers:
            if answer.kind not in ("number", "array"):
                continue
            value = np.asarray(public[answer.name], dtype=float)
            right = np.asarray(problem.reference[answer.name], dtype=float)
            if value.shape != right.shape or all(
                same_value(v, r, answer.rtol, answer.atol) for v, r in zip(value.ravel(), right.ravel())
            ):
                continue
            literal = f"np.array({py(value.tolist())})" if answer.kind == "array" else py(float(value))
            overrides.setdefault(check.cell, []).append(f"{answer.name} = {literal}")
            copied.setdefault(check.grade_id, []).append(answer.name)
    for cell in nb.cells:
        if is_answer_cell(cell) and grade_id(cell) in overrides:
            cell.source += "\n# answers copied from the public course\n" + "\n".join(overrides[grade_id(cell)])
    return nb, copied
