"""Real nbgrader, driven through its Python API, on a throw-away copy of the course.

The configuration is the course's own ``nbgrader_config.py``; only the course
root and the gradebook location are redirected to a temporary folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# helpers also puts the course root on sys.path: the course's nbgrader extensions (nbgrader_ext/, next
# to nbgrader_config.py) are imported by that config file and by the tests, however they are started.
# ASSIGNMENTS and ROOT are imported from here by the test modules and benchmarks/bench_grading.py.
from helpers import ASSIGNMENTS, ROOT, put_venv_bin_on_path  # noqa: F401
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from nbgrader_ext.regions import END_SOLUTION, MARKER, REGIONS, SOLUTION, split_regions


class Course:
    """A temporary nbgrader course built from the repository's ``solutions/``.

    Parameters
    ----------
    root : Path
        An empty folder for the course.
    cell_timeout_s : int, optional
        Overrides ``ExecutePreprocessor.timeout`` (the course uses 60 s) for THIS test course
        only: tests that feed infinite loops to the grader would otherwise wait 60 s per loop.
        Keep it well above the slowest cell of a correct notebook (about 1 s, the imports).
    create : bool, optional
        False attaches to a course folder that another ``Course`` (e.g. in a worker process)
        already created, instead of copying ``solutions/`` into ``root``.
    variant : str, optional
        Build the problem sets of this class variant (other data, same questions) from
        ``problemsets/`` into the course's ``solutions/`` instead of copying the committed ones.
    """

    def __init__(
        self, root: Path, cell_timeout_s: int | None = None, *, create: bool = True, variant: str | None = None
    ):
        put_venv_bin_on_path()
        self.root = Path(root)
        if create and variant is not None:
            from problemsets.build import problem_set_names, write_sources

            write_sources(self.root, problem_set_names(), variant)
        elif create:
            shutil.copytree(ROOT / "solutions", self.root / "solutions")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
        config.CourseDirectory.root = str(self.root)
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
        config.CourseDirectory.db_url = self.db_url
        if cell_timeout_s is not None:
            config.ExecutePreprocessor.timeout = int(cell_timeout_s)
        self.config = config
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        self._generated: set[str] = set()

    def release_dir(self, assignment: str) -> Path:
        return self.root / "exercises" / assignment

    def generate(self, assignment: str) -> Path:
        """Generate the student version of one assignment (once per course) and return its folder."""
        if assignment not in self._generated:
            result = self.api.generate_assignment(assignment, force=True)
            if not result["success"]:
                raise RuntimeError(f"generate_assignment {assignment} failed:\n{result['log']}\n{result.get('error')}")
            self._generated.add(assignment)
        return self.release_dir(assignment)

    def submit(self, assignment: str, student: str, notebooks: dict[str, Path | str | bytes]) -> None:
        """Place a student's files in submitted/<student>/<assignment>/ (name -> path or content)."""
        folder = self.root / "submitted" / student / assignment
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name, source in notebooks.items():
            target = folder / name
            if isinstance(source, Path):
                shutil.copy(source, target)
            else:
                target.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))

    def autograde(self, assignment: str, student: str) -> dict:
        result = self.api.autograde(assignment, student, force=True, create=True)
        return result

    def autograde_all(self, assignment: str) -> dict:
        """Autograde every submission of ``assignment`` in ONE nbgrader run, as an instructor does.

        Returns nbgrader's result dict (``success``, ``log``, ``error``); ``success`` is False
        as soon as one submission could not be graded, while the others are still graded.
        """
        return self.api.autograde(assignment, "*", force=True, create=True)

    def generate_feedback(self, assignment: str, student: str) -> Path:
        """Generate the feedback of one student and return its folder (feedback/<student>/<assignment>)."""
        result = self.api.generate_feedback(assignment, student, force=True)
        if not result["success"]:
            raise RuntimeError(
                f"generate_feedback {assignment} {student} failed:\n{result['log']}\n{result.get('error')}"
            )
        return self.root / "feedback" / student / assignment

    def cell_grades(self, assignment: str, student: str) -> dict:
        """Every graded cell of one submission, by grade id, from the gradebook.

        Each value is a dict with ``auto_score`` (None if the cell was not autograded),
        ``score``, ``max_score`` and ``needs_manual_grade``.
        """
        with Gradebook(self.db_url) as gb:
            sub = gb.find_submission(assignment, student)
            return {
                g.name: {
                    "auto_score": g.auto_score,
                    "score": g.score,
                    "max_score": g.max_score,
                    "needs_manual_grade": g.needs_manual_grade,
                }
                for nb in sub.notebooks
                for g in nb.grades
            }

    def autograded_notebook(self, assignment: str, student: str, notebook: str) -> Path:
        """Path of one autograded notebook (it exists only if autograding succeeded)."""
        return self.root / "autograded" / student / assignment / notebook

    def scores(self, assignment: str, student: str) -> dict:
        """Autograded and total scores of one submission, from the gradebook."""
        with Gradebook(self.db_url) as gb:
            sub = gb.find_submission(assignment, student)
            return {
                "code_score": sub.code_score,
                "max_code_score": sub.max_code_score,
                "written_score": sub.written_score,
                "max_written_score": sub.max_written_score,
                "score": sub.score,
                "max_score": sub.max_score,
                "needs_manual_grade": sub.needs_manual_grade,
                "cells": {
                    g.name: (g.score, g.max_score, g.needs_manual_grade) for nb in sub.notebooks for g in nb.grades
                },
            }


# --------------------------------------------------------------------------------------------
# Synthetic students (used by tests/test_instructor_workflow.py and benchmarks/bench_grading.py)
# --------------------------------------------------------------------------------------------


def course_copy(root: Path) -> Path:
    """Copy what an instructor's course folder holds (``solutions/`` and ``nbgrader_config.py``) to ``root``.

    The copied ``nbgrader_config.py`` locates the course from its own position, so nbgrader run on
    ``root`` (by the scripts in ``tools/instructor/``) reads and writes only there.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "solutions", root / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    # the course's nbgrader extensions, imported by nbgrader_config.py from next to itself
    if (ROOT / "nbgrader_ext").is_dir():
        shutil.copytree(ROOT / "nbgrader_ext", root / "nbgrader_ext", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def course_id() -> str:
    """The course id set in the repository's nbgrader_config.py."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return config.CourseDirectory.course_id


# Appended to an answer cell to turn its right answers into wrong ones of the same type. Each answer
# of a notebook gets its own factor (the unit slip ×1000, times 1.37 to the power of its position): one
# factor for all would keep proportional answers consistent with each other, and the follow-through
# marking would then rightly give them their points.
_WRONG_HELPER = '''
def _md_wrong(value, factor=1000.0):
    """A wrong answer of the same type (synthetic student)."""
    import numbers as _numbers
    import numpy as _np
    if isinstance(value, (bool, _np.bool_)):
        return not value
    if isinstance(value, _numbers.Integral):
        return value + 1
    if isinstance(value, _numbers.Real):
        return value * factor
    if isinstance(value, _np.ndarray) and value.dtype.kind in "iuf":
        return value * factor
    if isinstance(value, str):
        return value.upper() + "?"
    if isinstance(value, dict):
        return {key: _md_wrong(item, factor) for key, item in value.items()}
    return value
'''


def _wrong_factor(position: int) -> float:
    """The factor the ``position``-th wrong answer of a synthetic student's notebook is multiplied by."""
    return 1000.0 * 1.37**position


def _graded_names(solution_source: str, test_sources: str) -> list[str]:
    """Names assigned inside the solution region that some test cell reads (the graded answers)."""
    import ast

    try:
        tree = ast.parse("\n".join(split_regions(solution_source).of(SOLUTION)))
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return [n for n in names if re.search(rf"\b{re.escape(n)}\b", test_sources)]


def _answered(solution_source: str, wrong_names: list[str], first_position: int = 0) -> str:
    """The solution cell as a student would hand it in: markers gone, optionally made wrong (the wrong answers
    numbered from ``first_position`` in the notebook, see :func:`_wrong_factor`)."""
    lines = []
    for kind, line in split_regions(solution_source, {SOLUTION: REGIONS[SOLUTION]}).lines:
        if kind != MARKER:
            lines.append(line)
        elif END_SOLUTION in line and wrong_names:
            lines.extend(_WRONG_HELPER.strip("\n").splitlines())
            lines.extend(
                f"{name} = _md_wrong({name}, {_wrong_factor(first_position + k)!r})"
                for k, name in enumerate(wrong_names)
            )
    return "\n".join(lines)


def answer_cells(assignment: str, notebook: str, source_root: Path = ROOT) -> list[str]:
    """grade_ids of the code cells a student answers (those whose answers can be made wrong)."""
    import nbformat

    nb = nbformat.read(Path(source_root) / "solutions" / assignment / notebook, as_version=4)
    tests = "\n".join(
        c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    )
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution") and _graded_names(c.source, tests)
    ]


def student_notebook(release_path: Path, solution_path: Path, wrong_cells=()) -> str:
    """A filled-in student notebook (JSON text) built from the release and the instructor's solution.

    Every answer cell of the release receives the solution's answer; the code cells whose grade_id is
    in ``wrong_cells`` receive it with their graded answers mutated (numbers ×1000, flags negated, ...).
    Cell ids, metadata and checksums stay those of the release, as in a real submission.
    """
    import nbformat

    release = nbformat.read(release_path, as_version=4)
    solution = nbformat.read(solution_path, as_version=4)
    by_id = {
        c.metadata["nbgrader"]["grade_id"]: c for c in solution.cells if c.metadata.get("nbgrader", {}).get("grade_id")
    }
    tests = "\n".join(
        c.source for c in solution.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
    )
    unknown = set(wrong_cells) - set(by_id)
    if unknown:
        raise ValueError(f"wrong_cells names grade ids that {solution_path.name} does not have: {sorted(unknown)}")
    position = 0
    for cell in release.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        source = by_id[meta["grade_id"]].source
        wrong = _graded_names(source, tests) if meta["grade_id"] in wrong_cells else []
        cell.source = _answered(source, wrong, position)
        position += len(wrong)
    return nbformat.writes(release)


def synthetic_class(
    course_root: Path,
    assignments,
    n_students: int,
    seed: int = 0,
    mix=(("correct", 0.4), ("partial", 0.4), ("wrong", 0.2)),
) -> dict:
    """Fill ``course_root/submitted/`` with a deterministic class of fake students.

    Each (student, assignment) draws a kind from ``mix`` with a generator seeded from ``seed``, the
    student and the assignment: "correct" hands in the solution's answers, "partial" gets about half
    of its answer cells wrong, "wrong" all of them. The release must already exist in
    ``course_root/exercises/``. Returns ``{(student, assignment): (kind, [wrong grade ids])}``.
    """
    import random

    course_root = Path(course_root)
    plan = {}
    kinds, weights = zip(*mix)
    for i in range(n_students):
        student = f"student{i + 1:03d}"
        for assignment in assignments:
            rng = random.Random(f"{seed}-{student}-{assignment}")
            kind = rng.choices(kinds, weights)[0]
            folder = course_root / "submitted" / student / assignment
            folder.mkdir(parents=True, exist_ok=True)
            wrong_all = []
            for release_path in sorted((course_root / "exercises" / assignment).glob("*.ipynb")):
                cells = answer_cells(assignment, release_path.name, course_root)
                if kind == "correct":
                    wrong = []
                elif kind == "wrong":
                    wrong = cells
                else:
                    wrong = [c for c in cells if rng.random() < 0.5] or [rng.choice(cells)]
                solution_path = course_root / "solutions" / assignment / release_path.name
                (folder / release_path.name).write_text(
                    student_notebook(release_path, solution_path, wrong), encoding="utf-8"
                )
                wrong_all += wrong
            plan[(student, assignment)] = (kind, wrong_all)
    return plan


def gradebook_snapshot(db_url: str, course: str | None = None) -> dict:
    """Everything autograde and manual grading store, keyed by names (row ids differ between runs).

    ``{(assignment, student, notebook, cell): (auto_score, manual_score, extra_credit,
    needs_manual_grade, auto_comment, manual_comment)}``, plus one ``(assignment, student)`` entry per
    submission holding ``(timestamp, score, max_score, late_submission_penalty)``.
    """
    snapshot = {}
    with Gradebook(db_url, course or course_id()) as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                snapshot[(assignment.name, sub.student.id)] = (
                    sub.timestamp,
                    sub.score,
                    sub.max_score,
                    sub.late_submission_penalty,
                )
                for nb in sub.notebooks:
                    comments = {c.name: c for c in nb.comments}
                    for grade in nb.grades:
                        comment = comments.get(grade.name)
                        snapshot[(assignment.name, sub.student.id, nb.name, grade.name)] = (
                            grade.auto_score,
                            grade.manual_score,
                            grade.extra_credit,
                            grade.needs_manual_grade,
                            comment.auto_comment if comment else None,
                            comment.manual_comment if comment else None,
                        )
                    for name, comment in comments.items():
                        if name not in {g.name for g in nb.grades}:
                            snapshot[(assignment.name, sub.student.id, nb.name, name)] = (
                                comment.auto_comment,
                                comment.manual_comment,
                            )
    return snapshot


def gradebook_row_counts(db_path: Path) -> dict:
    """Number of rows in each gradebook table (to show that re-grading adds none)."""
    import sqlite3

    connection = sqlite3.connect(db_path)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        connection.close()


def exchange_student(action: str, exchange_root: Path, home: Path, assignment: str, student: str) -> None:
    """What a student's ``nbgrader fetch_assignment`` / ``submit`` / ``fetch_feedback`` does, in-process.

    ``action`` is "FetchAssignment", "Submit" or "FetchFeedback". The student works in ``home``
    (the assignment lands in ``home/<assignment>/``) and is identified as ``student`` (as with
    ``nbgrader submit --student``), so several fake students can share one operating-system account.
    """
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config

    put_venv_bin_on_path()
    config = Config()
    config.Exchange.root = str(exchange_root)
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(Path(home) / ".nbgrader_cache")
    config.CourseDirectory.course_id = course_id()
    config.CourseDirectory.assignment_id = assignment
    config.CourseDirectory.student_id = student
    app = getattr(ExchangeFactory(config=config), action)(
        coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config
    )
    app.start()


def class_run(course: Course, assignment: str, notebook: str, build_cases, extra_submissions=None) -> dict:
    """Release ``assignment``, submit every generated case and autograde them all in ONE nbgrader run.

    Parameters
    ----------
    course : Course
        The test course.
    assignment, notebook : str
        The problem set and the notebook the cases change; its other notebooks are submitted solved.
    build_cases : callable
        ``(release, solution) -> {student: NotebookNode}``.
    extra_submissions : callable, optional
        ``(cases, others) -> {student: {file name: text}}``: further submissions (a renamed notebook ...).

    Returns
    -------
    dict
        ``course``, ``assignment``, ``notebook``, ``release``, ``solution``, ``release_dir``, ``cases``,
        ``others`` (the other notebooks, solved), ``result`` and ``log`` (nbgrader's), ``points`` (of every
        autograded test cell of the set).
    """
    import adversarial as adv
    import nbformat

    release_dir = course.generate(assignment)
    release = nbformat.read(release_dir / notebook, as_version=4)
    solution = nbformat.read(course.root / "solutions" / assignment / notebook, as_version=4)
    others = {
        p.name: nbformat.writes(
            adv.solved(
                nbformat.read(p, as_version=4),
                nbformat.read(course.root / "solutions" / assignment / p.name, as_version=4),
            )
        )
        for p in sorted(release_dir.glob("*.ipynb"))
        if p.name != notebook
    }
    cases = build_cases(release, solution)
    for student, nb in cases.items():
        course.submit(assignment, student, {**others, notebook: nbformat.writes(nb)})
    for student, files in (extra_submissions(cases, others) if extra_submissions else {}).items():
        course.submit(assignment, student, files)
    result = course.autograde_all(assignment)
    points = {}
    for path in sorted((course.root / "solutions" / assignment).glob("*.ipynb")):
        points.update(adv.points_by_test_cell(nbformat.read(path, as_version=4)))
    return {
        "course": course,
        "assignment": assignment,
        "notebook": notebook,
        "release": release,
        "solution": solution,
        "release_dir": release_dir,
        "cases": cases,
        "others": others,
        "result": result,
        "log": result["log"],
        "points": points,
    }


def read_autograded(run: dict, student: str):
    """The autograded notebook of one student of a :func:`class_run`, read with nbformat."""
    import nbformat

    path = run["course"].autograded_notebook(run["assignment"], student, run["notebook"])
    return nbformat.read(path, as_version=4)


# --------------------------------------------------------------------------------------------
# nbgrader's log of a class run, and what the instructor does in the Formgrader
# --------------------------------------------------------------------------------------------


def student_log(log: str, student: str) -> str:
    """The part of a class run's log about one student (fails if the log has none)."""
    parts = re.split(r"(?=\[INFO\] Creating/updating student with ID ')", log)
    mine = [p for p in parts if p.startswith(f"[INFO] Creating/updating student with ID '{student}'")]
    assert mine, f"no log section for student {student!r}"
    return "\n".join(mine)


def failed_students(log: str, assignment: str | None = None) -> set[str]:
    """The students whose submission nbgrader could not autograde, from a class run's log.

    Only the failures for ``assignment`` if it is given, else those of any assignment.
    """
    name = "[^']+" if assignment is None else re.escape(assignment)
    return set(re.findall(rf"There was an error processing assignment '{name}' for student '([^']+)'", log))


def set_manual_grade(
    db_url: str,
    assignment: str,
    notebook: str,
    grade_id: str,
    student: str,
    points: float,
    *,
    needs_manual_grade: bool | None = False,
) -> None:
    """What the Formgrader stores when the instructor grades a cell by hand.

    Parameters
    ----------
    db_url : str
        The course's gradebook.
    assignment, notebook, grade_id, student : str
        The cell graded (``notebook``: the notebook's name without ``.ipynb``).
    points : float
        The manual score.
    needs_manual_grade : bool or None
        The cell's flag afterwards (False: graded); None leaves it as autograde set it.
    """
    with Gradebook(db_url, course_id()) as gradebook:
        grade = gradebook.find_grade(grade_id, notebook, assignment, student)
        grade.manual_score = points
        if needs_manual_grade is not None:
            grade.needs_manual_grade = needs_manual_grade
        gradebook.db.commit()
