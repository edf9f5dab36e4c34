"""Grade export that says which grades are not final (``nbgrader export`` and ``export_grades.py``).

nbgrader's ``CsvExportPlugin`` writes one row per student and assignment with the score, and
nothing else: a submission whose autograde failed shows 0.0, exactly like one that earned
nothing; an answer that still waits for a manual grade counts 0 without a word; a hand grade
that a new autograde flagged for review still counts, without a word; and a student who
submitted nothing gets 0.0 like one who did and earned nothing.

How nbgrader records a failed autograde
---------------------------------------
``nbgrader autograde`` first records the submission in the gradebook (a row for the submission
and one grade per graded cell, each with ``auto_score`` None and ``needs_manual_grade`` True),
then converts the notebook. When the conversion fails (a file that is not valid JSON, a crash of
a preprocessor) it logs "There was an error processing assignment ... for student ...", deletes
``autograded/<student>/<assignment>/`` and leaves those rows as they were. So a failed
submission is one whose autograded test cells have no ``auto_score``, or (when the course
folder is at hand) whose autograded notebook is missing; nbgrader's own API treats the latter as
"not autograded" (``NbGraderAPI.get_autograded_students``).

How nbgrader scores a hand grade flagged for review
---------------------------------------------------
A grade's score (``nbgrader.api.Grade.score``) is its ``manual_score`` whenever there is one,
else its ``auto_score``, else 0 (plus ``extra_credit``); the submission's score is their sum. The
flag ``needs_manual_grade`` plays no part. When a submission that was graded by hand is autograded
again, nbgrader's ``SaveAutoGrades`` writes the new ``auto_score`` but keeps the ``manual_score``
and sets ``needs_manual_grade`` again, "so that the grader reviews it". Until somebody does,
``score`` therefore counts the *earlier hand grade*, not the new run (for a written answer the
new run gives no ``auto_score`` at all). Such a grade is not 0 and not missing: it is a grade that
may still change, and the export says so separately from the answers that wait for a first grade.

:class:`CourseCsvExportPlugin` writes nbgrader's columns, computed as nbgrader computes them, and
seven more:

``autograde``
    ``ok``, ``failed`` (see above: the score is not the student's; look at the autograde log,
    get a readable notebook from the student, and autograde again) or ``not submitted``.
``awaiting_manual_grade``
    How many graded cells nbgrader flags "needs manual grade" that nobody has graded by hand:
    written answers not graded yet, and every cell of a failed submission. They count 0 in
    ``score`` until graded.
``cells_awaiting_manual_grade``
    Their grade ids, separated by spaces (``<notebook>/<grade id>`` for a problem set with
    several notebooks).
``manual_grades_under_review``
    How many graded cells carry a hand grade that nbgrader flagged "needs manual grade" again
    after a new autograde (see above). ``score`` **includes** these hand grades as they were
    given; confirm or change them in the Formgrader.
``cells_manual_grades_under_review``
    Their grade ids, as for ``cells_awaiting_manual_grade``.
``final``
    ``yes`` when nothing about the score is pending in the gradebook: there is a submission, its
    autograde succeeded, and no graded cell is flagged "needs manual grade". Otherwise ``no``,
    and ``not_final_because`` says why. A student who submitted nothing gets ``no``: the 0 is
    not a grade but the absence of one, and it changes if the student hands in late work (whether
    it should then count is the instructor's decision, not the gradebook's). ``yes`` does not
    mean that a grade can no longer change: a new submission, a new autograde or a change in the
    Formgrader still changes it.
``not_final_because``
    Empty when ``final`` is ``yes``; else the reasons, separated by ``"; "``: ``not submitted``,
    ``autograde failed``, ``awaiting manual grade``, ``manual grade under review``. (A failed
    submission lists ``autograde failed`` only: its cells await a grade because the autograde
    failed, and autograding it again, not grading by hand, is the fix.)

Values are quoted where needed (``csv`` module), so a name with a comma no longer breaks a row.

Wiring (``nbgrader_config.py``)::

    from nbgrader_ext.export import CourseCsvExportPlugin
    c.ExportApp.plugin_class = CourseCsvExportPlugin
"""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import CsvExportPlugin
from traitlets import Any

from nbgrader_ext.feedback import grade_state

NBGRADER_COLUMNS = [
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
]
"""The columns of nbgrader 0.9.6's ``CsvExportPlugin``, in its order."""

STATUS_COLUMNS = [
    "autograde",
    "awaiting_manual_grade",
    "cells_awaiting_manual_grade",
    "manual_grades_under_review",
    "cells_manual_grades_under_review",
    "final",
    "not_final_because",
]
"""The columns this module adds (see module doc)."""

# The reasons ``not_final_because`` gives (see module doc), in the order it gives them.
NOT_SUBMITTED = "not submitted"
AUTOGRADE_FAILED = "autograde failed"
AWAITING = "awaiting manual grade"
UNDER_REVIEW = "manual grade under review"


def _text(value) -> str:
    """A value as nbgrader's exporter writes it: ``''`` for None, else ``str(value)``."""
    return "" if value is None else str(value)


def autograde_failed(submission, coursedir=None) -> bool:
    """Whether nbgrader failed to autograde a submission (see module doc).

    Parameters
    ----------
    submission : nbgrader.api.SubmittedAssignment
        From the gradebook.
    coursedir : nbgrader.coursedir.CourseDirectory, optional
        The course; if given and its autograded folder exists, a missing autograded notebook
        also counts as a failure.
    """
    for notebook in submission.notebooks:
        answers = {cell.name for cell in notebook.notebook.solution_cells}
        if any(grade.auto_score is None for grade in notebook.grades if grade.name not in answers):
            return True
    if coursedir is not None:
        autograded_root = Path(coursedir.format_path(coursedir.autograded_directory, ".", "."))
        if autograded_root.is_dir():
            folder = Path(
                coursedir.format_path(coursedir.autograded_directory, submission.student.id, submission.assignment.name)
            )
            return any(not (folder / f"{notebook.name}.ipynb").is_file() for notebook in submission.notebooks)
    return False


def _status(autograde: str, awaiting: list[str], under_review: list[str], reasons: list[str]) -> dict[str, str]:
    return {
        "autograde": autograde,
        "awaiting_manual_grade": str(len(awaiting)),
        "cells_awaiting_manual_grade": " ".join(awaiting),
        "manual_grades_under_review": str(len(under_review)),
        "cells_manual_grades_under_review": " ".join(under_review),
        "final": "no" if reasons else "yes",
        "not_final_because": "; ".join(reasons),
    }


def not_submitted_status() -> dict[str, str]:
    """The status columns of a student who submitted nothing: not final (see module doc)."""
    return _status(NOT_SUBMITTED, [], [], [NOT_SUBMITTED])


def submission_status(submission, coursedir=None) -> dict[str, str]:
    """The status columns of one submission (see module doc).

    Each graded cell flagged "needs manual grade" is either awaiting a first manual grade (no
    ``manual_score``: it counts 0) or a hand grade under review (a ``manual_score`` that nbgrader
    flagged again after a new autograde: ``score`` counts it), as
    :func:`nbgrader_ext.feedback.grade_state` tells them apart for the feedback page.
    """
    several = len(submission.notebooks) > 1
    awaiting, under_review = [], []
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            state = grade_state(grade.needs_manual_grade, grade.manual_score)
            name = f"{notebook.name}/{grade.name}" if several else grade.name
            if state == "awaiting":
                awaiting.append(name)
            elif state == "review":
                under_review.append(name)
    failed = autograde_failed(submission, coursedir)
    if failed:
        reasons = [AUTOGRADE_FAILED]
    else:
        reasons = ([AWAITING] if awaiting else []) + ([UNDER_REVIEW] if under_review else [])
    return _status("failed" if failed else "ok", awaiting, under_review, reasons)


class CourseCsvExportPlugin(CsvExportPlugin):
    """nbgrader's CSV export plus the status columns of the module doc.

    ``coursedir`` is the course (to look for autograded notebooks); ``nbgrader export`` passes
    none, and the plugin then takes its parent's (``ExportApp.coursedir``).
    """

    coursedir = Any(None, allow_none=True, help="nbgrader CourseDirectory of the course, if known")

    def _course_directory(self):
        return self.coursedir if self.coursedir is not None else getattr(self.parent, "coursedir", None)

    def rows(self, gradebook: Gradebook) -> list[dict[str, str]]:
        """One dict per (assignment, student), nbgrader's columns then the status columns."""
        assignments = [str(item) for item in self.assignment]
        students = [str(item) for item in self.student]
        coursedir = self._course_directory()
        rows = []
        for assignment in gradebook.assignments:
            if assignments and assignment.name not in assignments:
                continue
            for student in gradebook.students:
                if students and student.id not in students:
                    continue
                row = {
                    "assignment": assignment.name,
                    "duedate": assignment.duedate,
                    "student_id": student.id,
                    "last_name": student.last_name,
                    "first_name": student.first_name,
                    "email": student.email,
                    "max_score": assignment.max_score,
                }
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
                    status = not_submitted_status()
                else:
                    penalty = submission.late_submission_penalty
                    row.update(
                        timestamp=submission.timestamp,
                        raw_score=submission.score,
                        late_submission_penalty=penalty,
                        score=max(0.0, submission.score - penalty),
                    )
                    status = submission_status(submission, coursedir)
                rows.append({**{key: _text(row[key]) for key in NBGRADER_COLUMNS}, **status})
        return rows

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        self.log.info("Exporting grades to %s", dest)
        rows = self.rows(gradebook)
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=NBGRADER_COLUMNS + STATUS_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

        def who(reason: str) -> list[str]:
            return [
                f"{r['student_id']} ({r['assignment']})" for r in rows if reason in r["not_final_because"].split("; ")
            ]

        failed, waiting, review, absent = (
            who(reason) for reason in (AUTOGRADE_FAILED, AWAITING, UNDER_REVIEW, NOT_SUBMITTED)
        )
        if failed:
            self.log.warning(
                "Autograde FAILED for %d submission(s); their score is not the student's (column autograde=failed): %s",
                len(failed),
                ", ".join(failed),
            )
        if waiting:
            self.log.warning(
                "%d submission(s) have answers awaiting a manual grade, counted as 0 "
                "(column awaiting_manual_grade): %s",
                len(waiting),
                ", ".join(waiting),
            )
        if review:
            self.log.warning(
                "%d submission(s) have manual grades under review after a new autograde; their "
                "score counts those earlier manual grades (column manual_grades_under_review): %s",
                len(review),
                ", ".join(review),
            )
        if absent:
            self.log.info(
                "%d student(s) submitted nothing; score 0, final=no (not_final_because=%s): %s",
                len(absent),
                NOT_SUBMITTED,
                ", ".join(absent),
            )
