"""Release problem sets: generate the student version, and optionally put it in the nbgrader exchange.

Step 1 of grading (see docs/instructor_grading.md). For each assignment this runs
``NbGraderAPI.generate_assignment`` (= ``nbgrader generate_assignment --force``): the student version
is written to ``exercises/<assignment>/`` and the assignment, its cells and its points are recorded
in the course gradebook (``gradebook.db``), which autograding needs. With ``--to-exchange`` it then
runs ``NbGraderAPI.release_assignment`` (= ``nbgrader release_assignment``): the student version is
copied to ``<exchange>/<course_id>/outbound/<assignment>/``, where students fetch it.

Nothing is deleted that nbgrader did not generate. ``generate_assignment --force`` deletes the whole
``exercises/<assignment>/`` folder before writing it again, so a file somebody put there by hand
(notes, a data file, JupyterLab's ``.ipynb_checkpoints/``) would be lost. Before regenerating, this
script moves every file that nbgrader does not produce (see :func:`generated_files`) to
``exercises-moved-aside/<assignment>-<date>-<time>/`` next to ``exercises/``, keeping its path, and
prints what moved where. (Outside ``exercises/``, so that nothing that reads the release folder,
the course website included, mistakes the moved files for a problem set.) ``make exercises`` runs
this script too. To hand a file out with a problem set, put it in ``solutions/<assignment>/``:
nbgrader copies it.

Examples (from the repository root, environment active)::

    python tools/instructor/release.py                       # every problem set, no exchange
    python tools/instructor/release.py ps1_occupancy --to-exchange --exchange /srv/nbgrader/exchange
    python tools/instructor/release.py --db sqlite:///.venv/release-gradebook.db   # what make exercises does
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sys
import time
from pathlib import Path

import _course

MOVED_ASIDE_SUFFIX = "-moved-aside"
"""``exercises`` + this suffix: the folder that receives the files moved out of the release folder."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "assignments",
        nargs="*",
        metavar="ASSIGNMENT",
        help="problem sets to release, e.g. ps1_occupancy (default: every folder in solutions/)",
    )
    parser.add_argument(
        "--to-exchange",
        action="store_true",
        help="also copy the release to the exchange for `nbgrader fetch_assignment` / the Assignments tab",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --to-exchange: replace a release already in the exchange (students who fetched the old one keep it)",
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="gradebook to record the problem sets in (default: the course's, "
        "gradebook.db); make exercises passes a throw-away one",
    )
    _course.add_course_arguments(parser)
    return parser


def generated_files(coursedir, assignment: str) -> set[str]:
    """Paths (relative, with ``/``) of the files ``generate_assignment`` writes in the release folder.

    The same selection as nbgrader's: every notebook of the source folder matched by
    ``CourseDirectory.notebook_id`` (top level only), and every other file of the source folder,
    recursively, except those matching ``CourseDirectory.ignore`` (``.ipynb_checkpoints``,
    ``__pycache__``, ...) and notebooks (``BaseConverter.init_notebooks`` and ``init_assignment``,
    with nbgrader's own ``utils.find_all_files``).
    """
    from nbgrader.utils import find_all_files

    source = Path(os.path.normpath(coursedir.format_path(coursedir.source_directory, ".", assignment)))
    notebooks = glob.glob(str(source / f"{coursedir.notebook_id}.ipynb"))
    others = find_all_files(str(source), list(coursedir.ignore) + ["*.ipynb"])
    return {Path(path).relative_to(source).as_posix() for path in [*notebooks, *others]}


def move_aside_what_nbgrader_does_not_generate(coursedir, assignment: str, now: float | None = None):
    """Move every file of ``exercises/<assignment>/`` that nbgrader would not write out of the way.

    Returns ``(target folder, [(old path, new path), ...])``; the list is empty (and nothing is
    created) when there is nothing to move. See the module doc for where files go.
    """
    release = Path(os.path.normpath(coursedir.format_path(coursedir.release_directory, ".", assignment)))
    if not release.is_dir():
        return None, []
    expected = generated_files(coursedir, assignment)
    strays = sorted(
        path
        for path in release.rglob("*")
        if (path.is_file() or path.is_symlink()) and path.relative_to(release).as_posix() not in expected
    )
    if not strays:
        return None, []
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    parent = release.parent.parent / (release.parent.name + MOVED_ASIDE_SUFFIX)
    target = parent / f"{assignment}-{stamp}"
    number = 1
    while target.exists():
        number += 1
        target = parent / f"{assignment}-{stamp}-{number}"
    moved = []
    for path in strays:
        destination = target / path.relative_to(release)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(destination))
        moved.append((path, destination))
    return target, moved


def report_moved(coursedir, assignment: str, target: Path, moved) -> None:
    """Say which files moved and where, and how to ship a file with a problem set."""
    root = Path(coursedir.root)
    source = Path(os.path.normpath(coursedir.format_path(coursedir.source_directory, ".", assignment)))

    def show(path: Path) -> str:
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            return str(path)

    print(
        f"moved  {len(moved)} file(s) that nbgrader does not generate to {show(target)}/ "
        f"(generate_assignment --force deletes the release folder of {assignment} before writing it):"
    )
    for old, new in moved:
        print(f"       {show(old)} -> {show(new)}")
    print(f"       to hand a file out with {assignment}, put it in {show(source)}/ instead: nbgrader copies it")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange, db_url=args.db)
    assignments = args.assignments or _course.source_assignments(api)
    unknown = sorted(set(assignments) - set(_course.source_assignments(api)))
    if unknown:
        print(
            f"unknown assignment(s) {unknown}: they have no folder in the source directory "
            f"({api.coursedir.source_directory}/)",
            file=sys.stderr,
        )
        return 2
    ok = True
    for assignment in assignments:
        target, moved = move_aside_what_nbgrader_does_not_generate(api.coursedir, assignment)
        if moved:
            report_moved(api.coursedir, assignment, target, moved)
        generated = _course.report(
            f"generate {assignment} -> {api.coursedir.release_directory}/{assignment}/",
            api.generate_assignment(assignment, force=True, create=True),
            args.verbose,
        )
        ok = ok and generated
        if args.to_exchange and generated:
            if args.force and assignment in api.get_released_assignments():
                ok = (
                    _course.report(f"unrelease the earlier {assignment}", api.unrelease(assignment), args.verbose)
                    and ok
                )
            ok = (
                _course.report(
                    f"release {assignment} -> {_course.exchange_root(api)}/"
                    f"{api.coursedir.course_id}/outbound/{assignment}/",
                    api.release_assignment(assignment),
                    args.verbose,
                )
                and ok
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
