"""Release problem sets: generate the student version, and optionally put it in the nbgrader exchange.

Step 1 of grading (see docs/instructor_grading.md). For each assignment this runs
``NbGraderAPI.generate_assignment`` (= ``nbgrader generate_assignment``): the student version is
written to ``exercises/<assignment>/`` and the assignment, its cells and its points are recorded in
the course gradebook (``gradebook.db``), which autograding needs. With ``--to-exchange`` it then runs
``NbGraderAPI.release_assignment`` (= ``nbgrader release_assignment``): the student version is copied
to ``<exchange>/<course_id>/outbound/<assignment>/``, where students fetch it.

Examples (from the repository root, environment active)::

    python tools/instructor/release.py                       # every problem set, no exchange
    python tools/instructor/release.py ps1_occupancy --to-exchange --exchange /srv/nbgrader/exchange
"""

from __future__ import annotations

import argparse
import sys

import _course


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help="problem sets to release, e.g. ps1_occupancy (default: every folder in solutions/)")
    parser.add_argument("--to-exchange", action="store_true",
                        help="also copy the release to the exchange for `nbgrader fetch_assignment` / the Assignments tab")
    parser.add_argument("--force", action="store_true",
                        help="with --to-exchange: replace a release already in the exchange (students who "
                             "fetched the old one keep it)")
    _course.add_course_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    assignments = args.assignments or _course.source_assignments(api)
    unknown = sorted(set(assignments) - set(_course.source_assignments(api)))
    if unknown:
        print(f"unknown assignment(s) {unknown}: they have no folder in the source directory "
              f"({api.coursedir.source_directory}/)", file=sys.stderr)
        return 2
    ok = True
    for assignment in assignments:
        generated = _course.report(f"generate {assignment} -> {api.coursedir.release_directory}/{assignment}/",
                                   api.generate_assignment(assignment, force=True, create=True), args.verbose)
        ok = ok and generated
        if args.to_exchange and generated:
            if args.force and assignment in api.get_released_assignments():
                ok = _course.report(f"unrelease the earlier {assignment}", api.unrelease(assignment),
                                    args.verbose) and ok
            ok = _course.report(f"release {assignment} -> {_course.exchange_root(api)}/"
                                f"{api.coursedir.course_id}/outbound/{assignment}/",
                                api.release_assignment(assignment), args.verbose) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
