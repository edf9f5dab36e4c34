"""Collect submissions into ``submitted/<student>/<assignment>/``, where autograding looks for them.

Step 2 of grading (see docs/instructor_grading.md). Two sources:

``--from-exchange``
    Students submitted with the JupyterLab Assignments tab or ``nbgrader submit``. Runs
    ``NbGraderAPI.collect`` (= ``nbgrader collect --update``): the latest submission of every
    student is copied from ``<exchange>/<course_id>/inbound/``, with its ``timestamp.txt``.

``--from-folder DIR``
    Notebooks came by e-mail or from an LMS download (Moodle, Canvas, ...). Every ``.ipynb`` under
    DIR is matched against ``--pattern``, a regular expression on its path relative to DIR whose
    group ``student`` is the student id. The default takes the first folder name
    (``DIR/alice/ps1.ipynb``) or, for a file lying directly in DIR, the file name up to the first
    underscore (``DIR/alice_ps1_occupancy.ipynb``). Characters other than letters, digits,
    ``.``, ``@`` and ``-`` in the id become ``_``. A student's notebook is saved under the release's
    name (students rename files: ``ps1_occupancy (2).ipynb``); when a student sent several, the one
    with the release's exact name wins, else the newest that contains its name. No
    ``timestamp.txt`` is written (a late penalty needs one). Use ``--dry-run`` first.

Examples::

    python tools/instructor/collect.py ps1_occupancy --from-exchange --exchange /srv/nbgrader/exchange
    python tools/instructor/collect.py ps1_occupancy --from-folder ~/Downloads/ps1 --dry-run
    python tools/instructor/collect.py ps1_occupancy --from-folder ~/Downloads/ps1 \\
        --pattern '^[^_]+_(?:LATE_)?(?P<student>\\d+)_'     # Canvas files, numeric user id as student id
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import _course

DEFAULT_PATTERN = r"^(?P<student>[^/_]+)[/_]"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="problem set, e.g. ps1_occupancy")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-exchange", action="store_true", help="collect from the nbgrader exchange")
    source.add_argument("--from-folder", type=Path, metavar="DIR", help="collect notebooks from a local folder")
    parser.add_argument(
        "--pattern",
        default=DEFAULT_PATTERN,
        help="with --from-folder: regex on each notebook's path relative to DIR; its group "
        "'student' is the student id (default: %(default)r)",
    )
    parser.add_argument("--dry-run", action="store_true", help="with --from-folder: show what would be copied")
    _course.add_course_arguments(parser)
    return parser


def student_id_from(raw: str) -> str:
    """A safe nbgrader student id: letters, digits, '.', '@', '-' and '_' only."""
    return re.sub(r"[^\w.@-]+", "_", raw.strip()).strip("_")


def plan_folder(folder: Path, pattern: str, notebook_names: list[str]) -> tuple[dict, list[str]]:
    """Which file becomes which submitted notebook.

    Returns ``({student: {release_name: source_path}}, warnings)``.
    """
    import nbformat

    regex = re.compile(pattern)
    if "student" not in regex.groupindex:
        raise SystemExit(f"--pattern {pattern!r} has no (?P<student>...) group")
    candidates: dict[str, list[Path]] = {}
    warnings = []
    for path in sorted(folder.rglob("*.ipynb")):
        relative = path.relative_to(folder).as_posix()
        if ".ipynb_checkpoints" in relative:
            continue
        match = regex.search(relative)
        if not match or not student_id_from(match.group("student")):
            warnings.append(f"skipped {relative}: --pattern finds no student id in it")
            continue
        try:
            nbformat.read(path, as_version=4)
        except Exception as error:  # not JSON, truncated download, an HTML export renamed .ipynb ...
            warnings.append(f"skipped {relative}: not a readable notebook ({type(error).__name__})")
            continue
        candidates.setdefault(student_id_from(match.group("student")), []).append(path)

    plan = {}
    for student, paths in candidates.items():
        chosen = {}
        for name in notebook_names:
            exact = [p for p in paths if p.name == name]
            similar = sorted((p for p in paths if Path(name).stem in p.stem), key=lambda p: p.stat().st_mtime)
            if exact:
                chosen[name] = exact[-1]
            elif len(notebook_names) == 1 and len(paths) == 1:
                chosen[name] = paths[0]
            elif similar:
                chosen[name] = similar[-1]
                if len(similar) > 1:
                    warnings.append(
                        f"{student}: {len(similar)} files look like {name}; took the newest, "
                        f"{similar[-1].relative_to(folder)}"
                    )
            else:
                warnings.append(
                    f"{student}: cannot tell which of {[p.name for p in paths]} is {name}; rename it and re-run"
                )
        if chosen:
            plan[student] = chosen
    return plan, warnings


def collect_from_folder(api, assignment: str, folder: Path, pattern: str, dry_run: bool) -> int:
    release = Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))
    names = sorted(p.name for p in release.glob("*.ipynb"))
    if not names:
        print(f"no notebooks in {release}: run tools/instructor/release.py {assignment} first", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"--from-folder {folder}: not a folder", file=sys.stderr)
        return 2
    plan, warnings = plan_folder(folder, pattern, names)
    for warning in warnings:
        print(f"warning: {warning}")
    for student, files in sorted(plan.items()):
        target = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
        for name, source in sorted(files.items()):
            print(
                f"{'would copy' if dry_run else 'copy'} {source.relative_to(folder)} -> "
                f"{target.relative_to(Path(api.coursedir.root))}/{name}"
            )
        if dry_run:
            continue
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name, source in files.items():
            shutil.copyfile(source, target / name)
    print(f"{len(plan)} student(s) {'found' if dry_run else 'collected'} for {assignment}")
    return 0 if plan else 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    api = _course.make_api(args.course, args.exchange)
    if args.from_folder is not None:
        return collect_from_folder(api, args.assignment, args.from_folder.expanduser(), args.pattern, args.dry_run)
    ok = _course.report(
        f"collect {args.assignment} from {_course.exchange_root(api)}",
        api.collect(args.assignment, update=True),
        args.verbose,
    )
    students = sorted(api.get_submitted_students(args.assignment))
    print(
        f"{len(students)} student(s) in {api.coursedir.submitted_directory}/*/{args.assignment}/: "
        + ", ".join(students)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
