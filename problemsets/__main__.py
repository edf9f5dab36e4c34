"""Command line of the problem-set builder.

Examples (from the repository root, environment active)::

    python -m problemsets build                  # solutions/ from problemsets/ (default data, self-checks on)
    python -m problemsets build --check          # exit 1 if solutions/ is not what the sources give
    python -m problemsets list                   # problem sets and their points
    python -m problemsets verify --variant default --variant A
                                                 # every slip named? follow-through right? (no nbgrader)
    python -m problemsets course --variant spring27 --dest ~/classes/spring27
                                                 # a course folder for a class: other data, same questions
    python -m problemsets course --variant spring27 --dest ~/classes/spring27 --no-value-checks

``make exercises`` runs ``build`` and then releases ``exercises/`` with nbgrader;
``make exercises VARIANT=spring27`` (optionally ``SELFCHECKS=off DEST=...``) runs ``course``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .build import (DEFAULT_VARIANT, ROOT, Solved, problem_set_names, source_path, stale_sources,
                    write_sources)


def _names(requested: list[str]) -> list[str]:
    known = problem_set_names()
    unknown = sorted(set(requested) - set(known))
    if unknown:
        raise SystemExit(f"unknown problem set(s) {unknown}; the sources in problemsets/ are: {', '.join(known)}")
    return requested or known


def cmd_build(args) -> int:
    names = _names(args.names)
    if args.check:
        stale = stale_sources(ROOT, names)
        for name in stale:
            print(f"stale: {source_path(ROOT, name).relative_to(ROOT)} is not what problemsets/{name}/ gives; "
                  "run `make exercises` (or python -m problemsets build) and commit the result")
        if not stale:
            print(f"up to date: solutions/ matches problemsets/ for {', '.join(names)}")
        return 1 if stale else 0
    for path in write_sources(ROOT, names):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def cmd_list(args) -> int:
    for name in _names(args.names):
        solved = Solved(name, args.variant)
        auto = sum(c.points for c in solved.checks)
        print(f"{name}: {len(solved.checks)} checked cells, {auto:g} autograded points, "
              f"{len(solved.answers())} answers, {sum(len(a.slips) for _, a in solved.answers())} known slips")
    return 0


def cmd_verify(args) -> int:
    """Run every slip of every question through the self-checks and hidden tests (problemsets/verify.py)."""
    from .verify import verify

    failed = False
    for name in _names(args.names):
        for variant in args.variant or [DEFAULT_VARIANT]:
            report = verify(name, variant)
            print(f"{name} ({variant}): {report.slips_named}/{report.slips_tried} known slips named, "
                  f"{report.generic_named}/{report.generic_tried} generic slips named, {report.follow_through_checked} "
                  f"slipped answers carried forward ({report.follow_through_blocked} later answers made unusable by "
                  "the carried value: they fail their own form checks)")
            for problem in report.problems:
                print(f"  PROBLEM {problem}")
            failed = failed or bool(report.problems)
    return 1 if failed else 0


def cmd_course(args) -> int:
    """Write a complete nbgrader course folder for one variant and release it there."""
    names = _names(args.names)
    dest = Path(args.dest).expanduser().resolve()
    if dest == ROOT:
        raise SystemExit("--dest must be a folder of its own, not this repository: a class's course folder holds "
                         "its own solutions/, exercises/ and gradebook")
    if (dest / "solutions").exists() and not args.force:
        raise SystemExit(f"{dest} already holds a course (solutions/); pass --force to rebuild its problem sets "
                         "(its gradebook, submissions and feedback are kept)")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(ROOT / "nbgrader_ext", dest / "nbgrader_ext", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for path in write_sources(dest, names, args.variant, values_checked=not args.no_value_checks):
        print(f"wrote {path.relative_to(dest)}")
    sys.path.insert(0, str(ROOT / "tools" / "instructor"))
    import release  # noqa: E402  (the instructor scripts: it never deletes a file it did not generate)

    ok = release.main([*names, "--course", str(dest)]) == 0
    checks = "value self-checks off" if args.no_value_checks else "value self-checks on"
    print(f"\ncourse folder for variant {args.variant!r} ({checks}): {dest}\n"
          f"Grade from there: cd {dest} && nbgrader autograde <assignment> (see docs/instructor_grading.md).")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m problemsets", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write solutions/ from problemsets/ (the committed default variant)")
    build.add_argument("names", nargs="*", metavar="NAME", help="problem sets (default: all)")
    build.add_argument("--check", action="store_true", help="do not write; exit 1 if solutions/ is stale")
    build.set_defaults(func=cmd_build)
    verify = sub.add_parser("verify", help="check that every slip is named and follow-through works (no nbgrader)")
    verify.add_argument("names", nargs="*", metavar="NAME")
    verify.add_argument("--variant", action="append", help="variant(s) to verify (default: the committed data)")
    verify.set_defaults(func=cmd_verify)
    listing = sub.add_parser("list", help="list the problem sets and their checks")
    listing.add_argument("names", nargs="*", metavar="NAME")
    listing.add_argument("--variant", default=DEFAULT_VARIANT)
    listing.set_defaults(func=cmd_list)
    course = sub.add_parser("course", help="a course folder for a class: a variant of every problem set, released")
    course.add_argument("names", nargs="*", metavar="NAME", help="problem sets (default: all)")
    course.add_argument("--variant", required=True, help="variant name (any word; the same name gives the same data)")
    course.add_argument("--dest", required=True, help="the class's course folder (created if missing)")
    course.add_argument("--no-value-checks", action="store_true",
                        help="release checks of the answers' form only; the values are checked by the hidden tests")
    course.add_argument("--force", action="store_true", help="rebuild the problem sets of an existing course folder")
    course.set_defaults(func=cmd_course)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
