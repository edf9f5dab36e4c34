"""Export the gradebook to a CSV file: one row per student and assignment.

Step 6 of grading (see docs/instructor_grading.md). ``NbGraderAPI`` has no export call, so this
uses the plugin behind ``nbgrader export``: the one the course's configuration names
(``c.ExportApp.plugin_class``, the course's ``nbgrader_ext.export.CourseCsvExportPlugin``), else
nbgrader's ``CsvExportPlugin``. Columns: assignment, duedate, timestamp, student_id, last_name,
first_name, email, raw_score, late_submission_penalty, score, max_score (nbgrader's), then
autograde (ok, failed, not submitted), awaiting_manual_grade, cells_awaiting_manual_grade,
manual_grades_under_review, cells_manual_grades_under_review, final (yes, no) and
not_final_because (see nbgrader_ext/export.py). A student without a submission for an
assignment gets a row with score 0 and final=no ("not submitted"). ``score`` includes the manual
grades given in the Formgrader, also those that nbgrader flagged for review after a new
autograde; an answer still waiting for a manual grade counts 0, and so does every cell of a
submission whose autograde failed. After writing the file the script lists every row that is
not final, and why (``tools/instructor/status.py`` shows who waits for a manual grade).

Examples::

    python tools/instructor/export_grades.py                      # -> grades.csv in the course folder
    python tools/instructor/export_grades.py --to ps1.csv --assignment ps1_occupancy
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import _course


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="FILE",
        help="CSV file to write (default: grades.csv in the course folder)",
    )
    parser.add_argument(
        "--assignment",
        action="append",
        default=[],
        metavar="ID",
        help="only this assignment (repeat for several; default: all)",
    )
    parser.add_argument(
        "--student",
        action="append",
        default=[],
        metavar="ID",
        help="only this student (repeat for several; default: all)",
    )
    _course.add_course_arguments(parser)
    return parser


def export_plugin_class(config):
    """The export plugin ``nbgrader export`` would use with ``config`` (``ExportApp.plugin_class``)."""
    from nbgrader.plugins import CsvExportPlugin
    from traitlets.utils.importstring import import_item

    configured = config.ExportApp.get("plugin_class") if "ExportApp" in config else None
    if configured is None:
        return CsvExportPlugin
    return import_item(configured) if isinstance(configured, str) else configured


def summarize(target: Path) -> list[str]:
    """Lines that name the rows of the CSV whose score is not final (needs the status columns)."""
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "autograde" not in rows[0]:
        return []
    lines = []
    failed = [r for r in rows if r["autograde"] == "failed"]
    waiting = [r for r in rows if r["autograde"] != "failed" and r.get("awaiting_manual_grade", "0") != "0"]
    review = [r for r in rows if r["autograde"] != "failed" and r.get("manual_grades_under_review", "0") != "0"]
    absent = [r for r in rows if r["autograde"] == "not submitted"]
    if failed:
        lines.append(
            f"NOT FINAL, autograde failed ({len(failed)}; their score is not the student's: look at "
            "the autograde log, get a readable notebook, autograde again): "
            + ", ".join(f"{r['student_id']} ({r['assignment']})" for r in failed)
        )
    if waiting:
        lines.append(
            f"NOT FINAL, awaiting a manual grade ({len(waiting)}; those answers count 0): "
            + ", ".join(f"{r['student_id']} ({r['assignment']}: {r['cells_awaiting_manual_grade']})" for r in waiting)
        )
    if review:
        lines.append(
            f"NOT FINAL, manual grade under review ({len(review)}; the score counts the manual grade "
            "given before the last autograde: confirm or change it in the Formgrader): "
            + ", ".join(
                f"{r['student_id']} ({r['assignment']}: {r['cells_manual_grades_under_review']})" for r in review
            )
        )
    if absent:
        lines.append(
            f"NOT FINAL, not submitted ({len(absent)}; score 0 until they hand something in): "
            + ", ".join(f"{r['student_id']} ({r['assignment']})" for r in absent)
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    plugin_class = export_plugin_class(api.config)
    target = (args.to or Path(api.coursedir.root) / "grades.csv").resolve()
    exporter = plugin_class(config=api.config, to=str(target), assignment=args.assignment, student=args.student)
    if exporter.has_trait("coursedir"):
        exporter.coursedir = api.coursedir
    with api.gradebook as gradebook:
        exporter.export(gradebook)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = max(0, sum(1 for _ in csv.reader(handle)) - 1)
    print(f"wrote {rows} row(s) to {target}")
    for line in summarize(target):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
