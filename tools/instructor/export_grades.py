"""Export the gradebook to a CSV file: one row per student and assignment.

Step 6 of grading (see docs/instructor_grading.md). ``NbGraderAPI`` has no export call, so this
uses the plugin behind ``nbgrader export`` (``nbgrader.plugins.CsvExportPlugin``) with the course's
configuration. Columns: assignment, duedate, timestamp, student_id, last_name, first_name, email,
raw_score, late_submission_penalty, score, max_score. A student without a submission for an
assignment gets a row with score 0. ``score`` includes the manual grades given in the Formgrader;
a submission still waiting for one counts those cells as 0 until graded (run
``tools/instructor/status.py`` to see which).

Examples::

    python tools/instructor/export_grades.py                      # -> grades.csv in the course folder
    python tools/instructor/export_grades.py --to ps1.csv --assignment ps1_occupancy
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import _course


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--to", type=Path, default=None, metavar="FILE",
                        help="CSV file to write (default: grades.csv in the course folder)")
    parser.add_argument("--assignment", action="append", default=[], metavar="ID",
                        help="only this assignment (repeat for several; default: all)")
    parser.add_argument("--student", action="append", default=[], metavar="ID",
                        help="only this student (repeat for several; default: all)")
    _course.add_course_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    from nbgrader.plugins import CsvExportPlugin

    target = (args.to or Path(api.coursedir.root) / "grades.csv").resolve()
    exporter = CsvExportPlugin(config=api.config, to=str(target), assignment=args.assignment, student=args.student)
    with api.gradebook as gradebook:
        exporter.export(gradebook)
    rows = max(0, len(target.read_text(encoding="utf-8").splitlines()) - 1)
    print(f"wrote {rows} row(s) to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
