"""Turn graded submissions into feedback students can read, and optionally return it via the exchange.

Step 5 of grading (see docs/instructor_grading.md), after autograding and manual grading.
Runs ``NbGraderAPI.generate_feedback`` (= ``nbgrader generate_feedback``): one HTML file per notebook
in ``feedback/<student>/<assignment>/``, showing each answer, the test results, the points and the
grader's comments. Send these files by e-mail or upload them to the LMS; or, with ``--release``,
run ``NbGraderAPI.release_feedback`` (= ``nbgrader release_feedback``) to place them in
``<exchange>/<course_id>/feedback/``, where students get them with the Assignments tab or
``nbgrader fetch_feedback``. Only submissions that came through the exchange can be returned that
way (nbgrader needs their ``timestamp.txt``); the others are listed, for you to send.

Examples::

    python tools/instructor/feedback.py ps1_occupancy
    python tools/instructor/feedback.py ps1_occupancy --release --exchange /srv/nbgrader/exchange
"""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

import _course


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="+", metavar="ASSIGNMENT", help="problem set(s), e.g. ps1_occupancy")
    parser.add_argument("--student", default=None, metavar="ID", help="only this student (default: everyone graded)")
    parser.add_argument("--release", action="store_true", help="also put the feedback in the exchange for students")
    _course.add_course_arguments(parser)
    return parser


def release_through_exchange(api, assignment: str, student: str | None, verbose: bool) -> bool:
    """Release each student's feedback to the exchange; skip submissions that did not come through it.

    nbgrader files released feedback under the submission's ``timestamp.txt``, which only the
    exchange writes; a notebook collected from a folder has none, so its feedback is left in
    ``feedback/<student>/<assignment>/`` for you to send.
    """
    ok = True
    pattern = api.coursedir.format_path(api.coursedir.feedback_directory, student or "*", assignment)
    for folder in sorted(Path(p) for p in glob.glob(pattern)):
        who = folder.parent.name
        if not (folder / "timestamp.txt").is_file():
            print(f"skip   release feedback {assignment} {who}: not submitted through the exchange "
                  f"(no timestamp.txt); send {folder.relative_to(api.coursedir.root)}/ yourself")
            continue
        ok = _course.report(f"release feedback {assignment} {who} -> {_course.exchange_root(api)}/"
                            f"{api.coursedir.course_id}/feedback/",
                            api.release_feedback(assignment, who), verbose) and ok
    return ok


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    ok = True
    for assignment in args.assignments:
        who = args.student or "every autograded student"
        made = _course.report(f"feedback {assignment} for {who} -> {api.coursedir.feedback_directory}/",
                              api.generate_feedback(assignment, args.student, force=True), args.verbose)
        ok = ok and made
        if args.release and made:
            ok = release_through_exchange(api, assignment, args.student, args.verbose) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
