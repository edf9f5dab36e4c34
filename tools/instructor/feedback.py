"""Turn graded submissions into feedback students can read, and optionally return it via the exchange.

Step 5 of grading (see docs/instructor_grading.md), after autograding and manual grading.
Runs ``NbGraderAPI.generate_feedback`` (= ``nbgrader generate_feedback``): one HTML file per notebook
in ``feedback/<student>/<assignment>/``, showing each answer, the test results, the points and the
grader's comments. Send these files by e-mail or upload them to the LMS; or, with ``--release``,
run ``NbGraderAPI.release_feedback`` (= ``nbgrader release_feedback``) to place them in
``<exchange>/<course_id>/feedback/``, where students get them with the Assignments tab or
``nbgrader fetch_feedback``. Only submissions that came through the exchange can be returned that
way (nbgrader needs their ``timestamp.txt``); the others are listed, for you to send.

Without ASSIGNMENT, every problem set with an autograded submission is done: one recorded in the
gradebook whose ``autograded/<student>/<assignment>/`` folder exists (with ``--student``, one of
that student). A problem set named on the command line must have one too; otherwise the script
says so and stops before generating anything.

Examples::

    python tools/instructor/feedback.py                    # every problem set with autograded work
    python tools/instructor/feedback.py ps1_occupancy
    python tools/instructor/feedback.py --student alice    # alice's feedback, every problem set
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
    parser.add_argument(
        "assignments",
        nargs="*",
        metavar="ASSIGNMENT",
        help="problem sets, e.g. ps1_occupancy (default: every one with autograded submissions)",
    )
    parser.add_argument("--student", default=None, metavar="ID", help="only this student (default: everyone graded)")
    parser.add_argument("--release", action="store_true", help="also put the feedback in the exchange for students")
    _course.add_course_arguments(parser)
    return parser


def autograded_assignments(api, student: str | None = None) -> list[str]:
    """The problem sets that have an autograded submission (of ``student``, if given), sorted.

    A submission counts when the gradebook records it and its ``autograded/<student>/<assignment>/``
    folder exists: nbgrader builds feedback from that folder and the gradebook's scores (a failed
    autograde leaves the record but deletes the folder). An SQLite gradebook that does not exist
    yet is not created: there is nothing in it.
    """
    coursedir = api.coursedir
    prefix = "sqlite:///"
    if coursedir.db_url.startswith(prefix) and not Path(coursedir.db_url[len(prefix) :]).is_file():
        return []
    with api.gradebook as gradebook:
        submissions = [
            (submission.assignment.name, submission.student.id)
            for assignment in gradebook.assignments
            for submission in assignment.submissions
        ]
    return sorted(
        {
            assignment
            for assignment, who in submissions
            if (student is None or who == student)
            and Path(coursedir.format_path(coursedir.autograded_directory, who, assignment)).is_dir()
        }
    )


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
            print(
                f"skip   release feedback {assignment} {who}: not submitted through the exchange "
                f"(no timestamp.txt); send {folder.relative_to(api.coursedir.root)}/ yourself"
            )
            continue
        ok = (
            _course.report(
                f"release feedback {assignment} {who} -> {_course.exchange_root(api)}/"
                f"{api.coursedir.course_id}/feedback/",
                api.release_feedback(assignment, who),
                verbose,
            )
            and ok
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    available = autograded_assignments(api, args.student)
    whose = f" of student {args.student}" if args.student else ""
    where = f"{api.coursedir.autograded_directory}/{args.student or '<student>'}/<assignment>/"
    if not available:
        print(
            f"nothing to give feedback on: no autograded submission{whose} in {where} that the gradebook "
            f"({api.coursedir.db_url}) records. Autograde first (tools/instructor/autograde_class.py), "
            "or check --course and --student.",
            file=sys.stderr,
        )
        return 1
    missing = [a for a in args.assignments if a not in available]
    if missing:
        print(
            f"no autograded submission{whose} of {', '.join(missing)} in {where}: autograde first "
            f"(tools/instructor/autograde_class.py {' '.join(missing)}). Problem sets with autograded "
            f"submissions{whose}: {', '.join(available)}.",
            file=sys.stderr,
        )
        return 2
    ok = True
    for assignment in args.assignments or available:
        who = args.student or "every autograded student"
        made = _course.report(
            f"feedback {assignment} for {who} -> {api.coursedir.feedback_directory}/",
            api.generate_feedback(assignment, args.student, force=True),
            args.verbose,
        )
        ok = ok and made
        if args.release and made:
            ok = release_through_exchange(api, assignment, args.student, args.verbose) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
