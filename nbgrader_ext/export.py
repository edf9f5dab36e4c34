"""Grade export that says which grades are not final (``nbgrader export`` and ``export_grades.py``).

nbgrader's ``CsvExportPlugin`` writes one row per student and assignment with the score, and
nothing else: a submission whose autograde failed shows 0.0, exactly like one that earned
nothing, and an answer that still waits for a manual grade counts 0 without a word.

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

:class:`CourseCsvExportPlugin` writes nbgrader's columns, computed as nbgrader computes them, and
four more:

``autograde``
    ``ok``, ``failed`` (see above: the score is not the student's; look at the autograde log,
    get a readable notebook from the student, and autograde again) or ``not submitted``.
``awaiting_manual_grade``
    How many graded cells nbgrader flags "needs manual grade": written answers nobody graded
    yet, hand grades flagged again for review after a new autograde, and every cell of a failed
    submission. They count 0 in ``score`` until graded.
``cells_awaiting_manual_grade``
    Their grade ids, separated by spaces (``<notebook>/<grade id>`` for a problem set with
    several notebooks).
``final``
    ``yes`` when the autograde succeeded and nothing awaits a manual grade (or nothing was
    submitted), else ``no``.

Values are quoted where needed (``csv`` module), so a name with a comma no longer breaks a row.

Wiring (``nbgrader_config.py``)::

    from nbgrader_ext.export import CourseCsvExportPlugin
    c.ExportApp.plugin_class = CourseCsvExportPlugin
"""

from __future__ import annotations

import csv
from pathlib import Path

from traitlets import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import CsvExportPlugin

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
"""The columns of nbgrader 0.9.6's ``CsvExportPlugin``, in its order."""

STATUS_COLUMNS = ["autograde", "awaiting_manual_grade", "cells_awaiting_manual_grade", "final"]
"""The columns this module adds (see module doc)."""


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
            folder = Path(coursedir.format_path(coursedir.autograded_directory, submission.student.id,
                                                submission.assignment.name))
            return any(not (folder / f"{notebook.name}.ipynb").is_file() for notebook in submission.notebooks)
    return False


def submission_status(submission, coursedir=None) -> dict[str, str]:
    """The four status columns of one submission (see module doc)."""
    several = len(submission.notebooks) > 1
    awaiting = [f"{notebook.name}/{grade.name}" if several else grade.name
                for notebook in submission.notebooks for grade in notebook.grades if grade.needs_manual_grade]
    failed = autograde_failed(submission, coursedir)
    return {"autograde": "failed" if failed else "ok",
            "awaiting_manual_grade": str(len(awaiting)),
            "cells_awaiting_manual_grade": " ".join(awaiting),
            "final": "no" if failed or awaiting else "yes"}


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
                row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
                       "last_name": student.last_name, "first_name": student.first_name,
                       "email": student.email, "max_score": assignment.max_score}
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
                    status = {"autograde": "not submitted", "awaiting_manual_grade": "0",
                              "cells_awaiting_manual_grade": "", "final": "yes"}
                else:
                    penalty = submission.late_submission_penalty
                    row.update(timestamp=submission.timestamp, raw_score=submission.score,
                               late_submission_penalty=penalty,
                               score=max(0.0, submission.score - penalty))
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
        failed = [f"{r['student_id']} ({r['assignment']})" for r in rows if r["autograde"] == "failed"]
        waiting = [f"{r['student_id']} ({r['assignment']})" for r in rows
                   if r["autograde"] != "failed" and r["awaiting_manual_grade"] != "0"]
        if failed:
            self.log.warning("Autograde FAILED for %d submission(s); their score is not the student's "
                             "(column autograde=failed): %s", len(failed), ", ".join(failed))
        if waiting:
            self.log.warning("%d submission(s) have answers awaiting a manual grade, counted as 0 "
                             "(column awaiting_manual_grade): %s", len(waiting), ", ".join(waiting))
