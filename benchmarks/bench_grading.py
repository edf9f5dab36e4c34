"""Grading benchmark: autograde a synthetic class, sequentially and in parallel, and print the cost.

It prints figures; it is not a test and never fails on a slow machine.

    python benchmarks/bench_grading.py                    # 60 students × 4 problem sets (long: ~30+ min)
    python benchmarks/bench_grading.py --students 8       # a quick look
    python benchmarks/bench_grading.py --students 8 --jobs 2 --seed 1

What it does
------------
1. Copies the course (``solutions/``, ``nbgrader_config.py``) to a temporary folder, releases every
   problem set (tools/instructor/release.py) and fills ``submitted/`` with a synthetic class
   (tests/grading.py ``synthetic_class``): each (student, problem set) is, at random but
   reproducibly from ``--seed``, *correct* (the solution's answers), *partial* (about half of the
   answer cells with their graded answers mutated: numbers ×1000, flags negated, ...) or *wrong*
   (all of them mutated), in proportions 40/40/20 %.
2. Grades the same class twice, each time in a fresh process, with
   ``tools/instructor/autograde_class.py``: sequentially, then with ``--jobs`` worker processes.
3. For each path prints the wall time (the whole command, nbgrader start-up included),
   submissions per minute, the CPU time of the grading process and all its children (kernels,
   workers), and peak memory: the grading process itself
   (``getrusage(RUSAGE_SELF)``), the largest of its finished child processes, i.e. kernels and
   workers (``getrusage(RUSAGE_CHILDREN)``, a maximum over processes, not a sum), and, if psutil
   is installed, the largest total resident memory of the whole process tree seen by sampling
   every 0.2 s (what the machine really had to hold at once).
4. Checks that both paths wrote identical grades, and prints the mean score of each kind of
   submission (correct should be 100 % of the autograded points).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools" / "instructor"
sys.path[:0] = [str(ROOT / "tests"), str(TOOLS)]


def _rss_mb(ru_maxrss: int) -> float:
    """``ru_maxrss`` in MB (Linux reports kB, macOS bytes)."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


class TreeMemorySampler(threading.Thread):
    """Largest total RSS of this process and all its descendants, sampled every ``interval_s``."""

    def __init__(self, interval_s: float = 0.2):
        super().__init__(daemon=True)
        import psutil  # noqa: F401  (ImportError here: no sampling)

        self.interval_s, self.peak_mb, self._done = interval_s, 0.0, threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._done.is_set():
            total = 0
            for process in [me] + me.children(recursive=True):
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_mb = max(self.peak_mb, total / 1e6)
            self._done.wait(self.interval_s)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_mb


def measure(course: Path, jobs: int) -> None:
    """Child-process mode: grade the class in ``course`` and print one JSON line of measurements."""
    import contextlib

    import autograde_class

    try:
        sampler = TreeMemorySampler()
        sampler.start()
    except ImportError:
        sampler = None
    log = course / f"autograde_jobs{jobs}.log"
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
        code = autograde_class.main(["--course", str(course), "--jobs", str(jobs)])
    elapsed_s = time.perf_counter() - start
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                "exit_code": code,
                "grading_s": elapsed_s,
                "self_peak_mb": _rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
                "largest_child_peak_mb": _rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
                "tree_peak_mb": sampler.stop() if sampler else None,
                "log": str(log),
            }
        )
    )


def run_path(course: Path, jobs: int) -> dict:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--measure", str(course), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        env=env,
    )
    wall_s = time.perf_counter() - start
    try:
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError) as error:
        raise SystemExit(f"the {jobs}-job run failed:\n{result.stdout}\n{result.stderr[-4000:]}") from error
    figures["wall_s"] = wall_s
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=60, help="class size (default: %(default)s)")
    parser.add_argument("--sets", type=int, default=4, help="problem sets per student (default: all %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel path (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the class's answers (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses (their path is printed)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure, args.jobs)
        return
    if args.students < 1 or args.sets < 1 or args.jobs < 2:
        parser.error(
            f"need --students >= 1, --sets >= 1 and --jobs >= 2; got {args.students}, {args.sets}, {args.jobs}"
        )

    import release
    from grading import ASSIGNMENTS, course_copy, gradebook_snapshot, synthetic_class

    warnings.simplefilter("ignore")  # SQLAlchemy's harmless "not in session" notes from nbgrader

    assignments = ASSIGNMENTS[: args.sets]
    n_submissions = args.students * len(assignments)
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} (the parallel path can only "
        "gain if cores are free)"
    )

    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        sequential = course_copy(tmp / "sequential")
        with open(os.devnull, "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                code = release.main(["--course", str(sequential), *assignments])
            finally:
                sys.stdout = stdout
        if code != 0:
            raise SystemExit("releasing the problem sets failed; run tools/instructor/release.py --verbose")
        plan = synthetic_class(sequential, assignments, args.students, seed=args.seed)
        parallel = tmp / "parallel"
        shutil.copytree(sequential, parallel)
        kinds = Counter(kind for kind, _ in plan.values())
        print(
            f"class: {args.students} students × {len(assignments)} problem sets = {n_submissions} submissions "
            f"(seed {args.seed}): " + ", ".join(f"{kinds[k]} {k}" for k in ("correct", "partial", "wrong"))
        )

        results = {}
        for label, course, jobs in (
            ("sequential", sequential, 1),
            (f"parallel, --jobs {args.jobs}", parallel, args.jobs),
        ):
            print(f"grading: {label} ...", flush=True)
            results[label] = run_path(course, jobs)

        print()
        print(
            f"{'path':<20} {'wall s':>8} {'subm/min':>9} {'s/subm':>7} {'CPU s':>7} {'grader MB':>10} "
            f"{'largest child MB':>17} {'tree peak MB':>13} {'exit':>5}"
        )
        for label, r in results.items():
            tree = f"{r['tree_peak_mb']:.0f}" if r["tree_peak_mb"] is not None else "n/a"
            print(
                f"{label:<20} {r['wall_s']:8.1f} {60 * n_submissions / r['wall_s']:9.1f} "
                f"{r['wall_s'] / n_submissions:7.2f} {r['cpu_s']:7.1f} {r['self_peak_mb']:10.0f} "
                f"{r['largest_child_peak_mb']:17.0f} {tree:>13} {r['exit_code']:>5}"
            )
        seq_r, par_r = results.values()
        print(
            f"speed-up of the parallel path: ×{seq_r['wall_s'] / par_r['wall_s']:.2f} (wall time, start-up "
            f"included); its CPU cost: ×{par_r['cpu_s'] / seq_r['cpu_s']:.2f}; "
            f"load average now {os.getloadavg()[0]:.1f}"
        )

        seq_grades = gradebook_snapshot(f"sqlite:///{sequential / 'gradebook.db'}")
        par_grades = gradebook_snapshot(f"sqlite:///{parallel / 'gradebook.db'}")
        differing = [key for key in set(seq_grades) | set(par_grades) if seq_grades.get(key) != par_grades.get(key)]
        print(
            f"grades identical in both gradebooks: {'yes' if not differing else 'NO'} "
            f"({len(seq_grades)} entries compared" + (f", {len(differing)} differ" if differing else "") + ")"
        )

        points = _max_auto_points(sequential, assignments)
        shares = defaultdict(list)
        for (student, assignment), (kind, _) in plan.items():
            earned = sum(
                v[0]
                for k, v in seq_grades.items()
                if len(k) == 4 and k[:2] == (assignment, student) and len(v) == 6 and v[0] is not None
            )
            shares[kind].append(earned / points[assignment])
        print(
            "mean autograded score: "
            + ", ".join(
                f"{kind} {100 * sum(shares[kind]) / len(shares[kind]):.0f} %"
                for kind in ("correct", "partial", "wrong")
                if shares[kind]
            )
        )
        if args.keep:
            print(f"courses kept in {tmp}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _max_auto_points(course: Path, assignments) -> dict:
    """Points of the autograded test cells of each problem set (from the source notebooks)."""
    points = {}
    for assignment in assignments:
        total = 0.0
        for path in (course / "solutions" / assignment).glob("*.ipynb"):
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                meta = cell["metadata"].get("nbgrader", {})
                if meta.get("grade") and cell["cell_type"] == "code":
                    total += meta.get("points", 0)
        points[assignment] = total
    return points


if __name__ == "__main__":
    main()
