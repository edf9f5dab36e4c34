"""Where grading stands: who submitted, who is autograded, whose free-text answers still need a grade.

Use it between steps (see docs/instructor_grading.md), in particular before step 4, manual grading
in the Formgrader, and before exporting: a submission that "needs manual grade" counts its
unread answers as 0 in the export. Reads the course gradebook through ``NbGraderAPI.get_submissions``
(what the Formgrader's "Manage Submissions" page shows).

Examples::

    python tools/instructor/status.py                 # every problem set
    python tools/instructor/status.py ps1_occupancy
"""

from __future__ import annotations

import argparse
import sys

import _course


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="problem sets (default: all)")
    _course.add_course_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    for assignment in args.assignments or _course.source_assignments(api):
        submissions = api.get_submissions(assignment)
        graded = [s for s in submissions if s["autograded"]]
        waiting = sorted(s["student"] for s in graded if s["needs_manual_grade"])
        print(
            f"{assignment}: {len(submissions)} submitted, {len(graded)} autograded, "
            f"{len(waiting)} need a manual grade" + (f" ({', '.join(waiting)})" if waiting else "")
        )
        not_graded = sorted(s["student"] for s in submissions if not s["autograded"])
        if not_graded:
            print(f"    not autograded yet: {', '.join(not_graded)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
