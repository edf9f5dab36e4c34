"""Autograde a whole class, one submission after another or on several cores (``--jobs``).

Step 3 of grading (see docs/instructor_grading.md). ``nbgrader autograde`` grades one assignment for
every student it finds in ``submitted/*/<assignment>/``; this script does the same for one or more
assignments through ``NbGraderAPI.autograde`` and prints one line per submission. Each graded copy
goes to ``autograded/<student>/<assignment>/`` and the scores into the gradebook (``gradebook.db``).

Re-running is safe: a submission is re-executed and its autograded scores are overwritten in place
(no duplicate rows); scores typed in the Formgrader are kept, but the cells that carry one are
flagged "needs manual grade" again so that you can review them against the new run.

``--jobs N`` (N > 1) uses N cores. nbgrader grades sequentially and its SQLite gradebook is not
made for concurrent writers, so the submissions are split into N shares and each share is graded
by its own process (this script, run sequentially) in its OWN temporary folder: a copy of the
share's ``solutions/`` and ``submitted/`` folders and of the gradebook. When all have finished,
each worker's ``autograded/`` folders are copied into the course, and what autograde wrote in its
gradebook (new students, submission timestamps, late penalties, auto scores, "needs manual
grade" flags, "No response" comments) is copied into the course gradebook, one worker after
another, with ``nbgrader.api.Gradebook``. The result is the gradebook a sequential run produces
(tests/test_instructor_workflow.py checks it). Do not grade in the Formgrader while an autograde
runs (true of nbgrader itself too).

Examples::

    python tools/instructor/autograde_class.py ps1_occupancy
    python tools/instructor/autograde_class.py --jobs 2                # every problem set, two cores
    python tools/instructor/autograde_class.py ps1_occupancy --student alice --student bob
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _course


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "assignments",
        nargs="*",
        metavar="ASSIGNMENT",
        help="problem sets to grade (default: every one with submissions)",
    )
    parser.add_argument(
        "--student",
        action="append",
        default=[],
        metavar="ID",
        help="grade only this student (repeat for several; default: everyone who submitted)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="processes grading at once (default: %(default)s; at most the number of cores)",
    )
    parser.add_argument(
        "--new-only", action="store_true", help="skip submissions that already have an autograded/ folder"
    )
    _course.add_course_arguments(parser)
    # Internal: how the parallel path runs one worker. Not for instructors.
    parser.add_argument("--worker-root", type=Path, help=argparse.SUPPRESS)
    return parser


def class_submissions(api, assignments: list[str], students: list[str]) -> list[tuple[str, str]]:
    """(assignment, student) pairs found in ``submitted/``, sorted."""
    pairs = []
    for assignment in assignments or _course.source_assignments(api):
        for student in sorted(api.get_submitted_students(assignment)):
            if not students or student in students:
                pairs.append((assignment, student))
    return pairs


def autograde_sequential(api, pairs, verbose: bool = False) -> dict:
    """Autograde each (assignment, student) in turn; return ``{(assignment, student): success}``."""
    outcome = {}
    for number, (assignment, student) in enumerate(pairs, 1):
        start = time.perf_counter()
        result = api.autograde(assignment, student, force=True, create=True)
        outcome[(assignment, student)] = _course.report(
            f"autograde {assignment} {student} ({time.perf_counter() - start:.1f} s, {number}/{len(pairs)})",
            result,
            verbose,
        )
        sys.stdout.flush()
    return outcome


# ---------------------------------------------------------------------------------------------
# Parallel path
# ---------------------------------------------------------------------------------------------


def sqlite_path(db_url: str) -> Path:
    """The file behind a ``sqlite:///`` gradebook URL."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix):
        raise SystemExit(
            f"--jobs > 1 needs an SQLite gradebook (db_url 'sqlite:///...'); got {db_url!r}. Use --jobs 1."
        )
    return Path(db_url[len(prefix) :])


def copy_gradebook(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite gradebook (SQLite's online backup, safe even if it is open)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _relative(coursedir, directory: str, student: str, assignment: str) -> Path:
    return Path(coursedir.format_path(directory, student, assignment)).relative_to(Path(coursedir.root))


def prepare_worker(coursedir, worker_root: Path, pairs) -> None:
    """A worker's own folder: its share's source and submitted folders, and a copy of the gradebook."""
    for assignment in sorted({a for a, _ in pairs}):
        source = _relative(coursedir, coursedir.source_directory, ".", assignment)
        shutil.copytree(Path(coursedir.root) / source, worker_root / source)
    for assignment, student in pairs:
        submitted = _relative(coursedir, coursedir.submitted_directory, student, assignment)
        shutil.copytree(Path(coursedir.root) / submitted, worker_root / submitted)
    copy_gradebook(sqlite_path(coursedir.db_url), worker_root / "gradebook.db")


def merge_autograded(worker_db_url: str, main_db_url: str, course_id: str, pairs) -> None:
    """Copy what autograde wrote for ``pairs`` from a worker's gradebook into the course gradebook.

    These are exactly the fields ``nbgrader autograde`` writes: the student (created if new), the
    submission and its timestamp, each notebook's late penalty, each grade's ``auto_score`` and
    ``needs_manual_grade``, each comment's ``auto_comment``. Manual scores and manual comments in
    the course gradebook are left alone.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(worker_db_url, course_id) as worker, Gradebook(main_db_url, course_id) as main:
        for assignment, student in pairs:
            try:
                submitted = worker.find_submission(assignment, student)
            except MissingEntry:
                continue  # autograde failed before recording anything
            try:
                main.find_student(student)
            except MissingEntry:
                who = submitted.student
                main.add_student(
                    student,
                    first_name=who.first_name,
                    last_name=who.last_name,
                    email=who.email,
                    lms_user_id=who.lms_user_id,
                )
            extra = {"timestamp": submitted.timestamp} if submitted.timestamp is not None else {}
            main.update_or_create_submission(assignment, student, **extra)
            for notebook in submitted.notebooks:
                target = main.find_submission_notebook(notebook.name, assignment, student)
                target.late_submission_penalty = notebook.late_submission_penalty
                for grade in notebook.grades:
                    row = main.find_grade(grade.name, notebook.name, assignment, student)
                    row.auto_score = grade.auto_score
                    row.needs_manual_grade = grade.needs_manual_grade
                for comment in notebook.comments:
                    row = main.find_comment(comment.name, notebook.name, assignment, student)
                    row.auto_comment = comment.auto_comment
            main.db.commit()


def autograde_parallel(args, api, pairs, jobs: int) -> dict:
    """Autograde ``pairs`` with ``jobs`` worker processes, each in its own folder; then merge."""
    coursedir = api.coursedir
    if not sqlite_path(coursedir.db_url).is_file():
        raise SystemExit(f"no gradebook at {sqlite_path(coursedir.db_url)}: run tools/instructor/release.py first")
    shares = [pairs[i::jobs] for i in range(jobs) if pairs[i::jobs]]
    outcome = {}
    with tempfile.TemporaryDirectory(prefix="autograde-workers-") as tmp:
        workers = []
        for number, share in enumerate(shares):
            worker_root = Path(tmp) / f"worker{number}"
            prepare_worker(coursedir, worker_root, share)
            (worker_root / "plan.json").write_text(json.dumps(share), encoding="utf-8")
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--course",
                str(Path(args.course).resolve()),
                "--worker-root",
                str(worker_root),
            ]
            if args.exchange is not None:
                command += ["--exchange", str(args.exchange)]
            if args.verbose:
                command.append("--verbose")
            # Progress lines go straight to our stdout; kernel chatter and tracebacks to a log file.
            log = open(Path(tmp) / f"worker{number}.log", "w+", encoding="utf-8")
            workers.append((share, worker_root, log, subprocess.Popen(command, stderr=log)))
        print(f"grading {len(pairs)} submission(s) with {len(workers)} worker processes", flush=True)
        for number, (share, worker_root, log, process) in enumerate(workers):
            process.wait()
            log.seek(0)
            errors = log.read()
            log.close()
            if process.returncode not in (0, 1):  # 1 = some submission failed, already reported
                print(f"worker {number + 1} stopped with exit code {process.returncode}:\n{errors}")
            result_file = worker_root / "result.json"
            done = json.loads(result_file.read_text()) if result_file.is_file() else []
            outcome.update({(a, s): ok for a, s, ok in done})
            outcome.update({(a, s): False for a, s in share if (a, s) not in outcome})
            # Bring the results home one worker at a time: the course gradebook has one writer.
            for assignment, student in share:
                graded = _relative(coursedir, coursedir.autograded_directory, student, assignment)
                if (worker_root / graded).is_dir():
                    shutil.rmtree(Path(coursedir.root) / graded, ignore_errors=True)
                    shutil.copytree(worker_root / graded, Path(coursedir.root) / graded)
            merge_autograded(
                f"sqlite:///{worker_root / 'gradebook.db'}",
                coursedir.db_url,
                coursedir.course_id,
                [tuple(p) for p in share],
            )
    return outcome


def run_worker(args) -> int:
    """One worker of the parallel path: grade ``plan.json`` in ``--worker-root`` with its gradebook copy."""
    root = args.worker_root.resolve()
    api = _course.make_api(args.course, args.exchange, db_url=f"sqlite:///{root / 'gradebook.db'}", root=root)
    pairs = [tuple(p) for p in json.loads((root / "plan.json").read_text(encoding="utf-8"))]
    outcome = autograde_sequential(api, pairs, verbose=args.verbose)
    (root / "result.json").write_text(json.dumps([[a, s, ok] for (a, s), ok in outcome.items()]), encoding="utf-8")
    return 0 if all(outcome.values()) else 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.worker_root is not None:
        return run_worker(args)
    if args.jobs < 1:
        print(f"--jobs must be at least 1; got {args.jobs}", file=sys.stderr)
        return 2
    api = _course.make_api(args.course, args.exchange)
    unknown = sorted(set(args.assignments) - set(_course.source_assignments(api)))
    if unknown:
        print(f"unknown assignment(s) {unknown}: no such folder in {api.coursedir.source_directory}/", file=sys.stderr)
        return 2
    pairs = class_submissions(api, args.assignments, args.student)
    if args.new_only:
        done = [
            (a, s)
            for a, s in pairs
            if Path(api.coursedir.format_path(api.coursedir.autograded_directory, s, a)).is_dir()
        ]
        if done:
            print(f"skipping {len(done)} submission(s) already autograded (--new-only)")
        pairs = [p for p in pairs if p not in done]
    if not pairs:
        print(
            f"nothing to grade: no submissions in {api.coursedir.submitted_directory}/<student>/<assignment>/ "
            "(run tools/instructor/collect.py first)"
            if not args.new_only
            else "nothing new to grade"
        )
        return 0 if args.new_only else 1
    start = time.perf_counter()
    jobs = min(args.jobs, len(pairs))
    if jobs == 1:
        outcome = autograde_sequential(api, pairs, verbose=args.verbose)
    else:
        outcome = autograde_parallel(args, api, pairs, jobs)
    failed = sorted(pair for pair, ok in outcome.items() if not ok)
    elapsed_s = time.perf_counter() - start
    print(
        f"autograded {len(pairs) - len(failed)} of {len(pairs)} submission(s) in {elapsed_s:.1f} s "
        f"with {jobs} process(es)" + (f"; FAILED: {failed}" if failed else "")
    )
    report_tampering(api, pairs)
    return 0 if not failed else 1


def report_tampering(api, pairs) -> int:
    """List student code that could switch off the answer checks (nbgrader_ext/tamper.py); return how many
    submissions have some. Nothing is deducted: read the lines and decide."""
    from nbgrader_ext.tamper import scan_file

    flagged = 0
    for assignment, student in pairs:
        folder = Path(api.coursedir.format_path(api.coursedir.submitted_directory, student, assignment))
        findings = [(path.name, f) for path in sorted(folder.glob("*.ipynb")) for f in scan_file(path)]
        if findings:
            flagged += 1
            print(
                f"REVIEW {assignment} {student}: code that could switch off the answer checks (student code "
                "runs in the tests' kernel); read it before you accept the grade:"
            )
            for name, finding in findings:
                print(f"    {name}: {finding}")
    if flagged:
        print(f"{flagged} submission(s) to review by hand (REVIEW above); the grades stand until you change them")
    return flagged


if __name__ == "__main__":
    sys.exit(main())
