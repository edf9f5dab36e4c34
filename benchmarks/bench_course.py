"""Course speed benchmark: prints timings; it is not a test and never fails on a slow machine.

Run with ``make benchmark-course`` (or ``python benchmarks/bench_course.py`` from
anywhere; ``--help`` lists the options).

Targets (issue #7): every widget update well under 100 ms, and the whole
course (lessons + solution notebooks) executing in under a minute on 2 cores.

1. Widget callbacks. Every interactive figure in ``lib/microdose/widgets/`` is
   found automatically (every subclass of ``InteractiveFigure`` defined there)
   and built headlessly, as in ``tests/test_widgets*.py``. Each control is then
   swept across its range (at least 50 value changes per control, default 60);
   each change goes through the same callback a slider move triggers in the
   notebook: ``update`` (computation), read-out, ``render_png`` (redraw and
   PNG encoding of the image sent to the browser). Median and 95th percentile
   per widget and control; anything at or above 100 ms is flagged.
2. Notebook execution. Every lesson (``lessons/**/*.ipynb``) and every solution
   notebook (``solutions/*/*.ipynb``) runs from a fresh kernel with nbclient,
   exactly as ``tests/notebook_runner.py`` does: once one after the other, then
   with a pool of 2 worker processes. Per notebook: wall time alone, the
   kernel's CPU time (hardly affected by other load on the machine) and wall
   time in the pool. The fixed cost of a kernel start and of the imports is
   measured separately, because every notebook pays it.
3. Peak resident memory (``ru_maxrss``) of this process and of its children
   (worker processes and kernels).

Timings depend on what else the machine is doing; compare runs on a quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

SLOW_MS = 100.0
MIN_UPDATES_PER_CONTROL = 50


# ----------------------------------------------------------------------------------------
# 1. widget callbacks
# ----------------------------------------------------------------------------------------


def sweep_values(control, n_updates: int) -> list:
    """``n_updates`` successive values for one control, across its whole range.

    Sliders go from one end of their range to the other, starting at the end
    further from the current value (so the first assignment is a real change)
    and then back, so that consecutive values always differ; dropdowns cycle
    through their options; checkboxes toggle.
    """
    import ipywidgets as ipw

    if isinstance(control, ipw.Checkbox):
        return [(not control.value) if i % 2 == 0 else control.value for i in range(n_updates)]
    if isinstance(control, (ipw.Dropdown, ipw.RadioButtons, ipw.ToggleButtons, ipw.Select)):
        options = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
        start = options.index(control.value) + 1
        return [options[(start + i) % len(options)] for i in range(n_updates)]
    if isinstance(control, ipw.FloatLogSlider):
        ends = np.array([control.base**control.min, control.base**control.max])
        grid = np.geomspace(*ends, n_updates // 2 + 1)
    elif isinstance(control, (ipw.FloatSlider, ipw.IntSlider)):
        grid = np.linspace(control.min, control.max, n_updates // 2 + 1)
        if isinstance(control, ipw.IntSlider):
            grid = np.unique(np.round(grid).astype(int))
    else:
        raise TypeError(f"the benchmark does not know how to sweep a {type(control).__name__}")
    if abs(grid[0] - control.value) < abs(grid[-1] - control.value):
        grid = grid[::-1]
    there_and_back = np.concatenate([grid, grid[-2::-1]])
    # repeat until there are enough values (an IntSlider may have few distinct values)
    values = np.resize(np.concatenate([there_and_back, there_and_back[1:-1]]), n_updates)
    return [v.item() for v in values]


class _Timed:
    """Wraps one method of a widget instance and records how long each call takes (ms)."""

    def __init__(self, widget, name: str):
        self.inner = getattr(widget, name)
        self.ms: list[float] = []
        setattr(widget, name, self)

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.ms.append((time.perf_counter() - start) * 1e3)


def bench_widget(cls, n_updates: int) -> list[dict]:
    """Sweep every control of a fresh ``cls`` instance; one row of timings per control."""
    start = time.perf_counter()
    base = cls()
    build_ms = (time.perf_counter() - start) * 1e3
    names = list(base.controls)
    base.close()
    rows = []
    for name in names:
        widget = cls()  # each control starts from the defaults
        control = widget.controls[name]
        compute = _Timed(widget, "update")
        draw = _Timed(widget, "render_png")
        total_ms, error = [], None
        for value in sweep_values(control, n_updates):
            start = time.perf_counter()
            try:
                control.value = value  # fires the observer: update + read-out + PNG
            except Exception as exc:  # report it, keep benchmarking the rest
                error = f"{type(exc).__name__}: {exc}"
                break
            total_ms.append((time.perf_counter() - start) * 1e3)
        rows.append(
            {
                "widget": cls.__name__,
                "control": name,
                "build_ms": build_ms,
                "n": len(compute.ms),
                "total_ms": total_ms,
                "compute_ms": compute.ms,
                "draw_ms": draw.ms,
                "error": error,
            }
        )
        widget.close()
    return rows


def _p95(values) -> float:
    return float(np.percentile(values, 95)) if len(values) else float("nan")


def _median(values) -> float:
    return float(statistics.median(values)) if len(values) else float("nan")


def run_widgets(n_updates: int) -> list[dict]:
    os.environ.setdefault("MPLBACKEND", "Agg")
    from microdose.widgets import widget_classes

    classes = widget_classes()
    print(f"\n1. Widget callbacks: {len(classes)} widgets, {n_updates} value changes per control")
    print("   (one change = update + read-out + redraw + PNG encoding; times in ms)\n")
    header = (
        f"   {'widget / control':<30} {'n':>3} {'median':>7} {'p95':>7} {'max':>7}"
        f"   {'compute':>7} {'draw+png':>8}   (medians)"
    )
    print(header)
    print("   " + "-" * (len(header) - 3))
    all_rows = []
    for cls in classes:
        rows = bench_widget(cls, n_updates)
        print(f"   {rows[0]['widget']} (built and first drawn in {rows[0]['build_ms']:.0f} ms)")
        for r in rows:
            p95 = _p95(r["total_ms"])
            flag = "  <-- SLOW (p95 >= 100 ms)" if p95 >= SLOW_MS else ""
            if r["error"]:
                flag += f"  ERROR after {r['n']} updates: {r['error']}"
            print(
                f"     {r['control']:<28} {r['n']:>3} {_median(r['total_ms']):7.1f} "
                f"{p95:7.1f} {max(r['total_ms'], default=float('nan')):7.1f}   "
                f"{_median(r['compute_ms']):7.1f} {_median(r['draw_ms']):8.1f}{flag}"
            )
        all_rows.extend(rows)
    every = [t for r in all_rows for t in r["total_ms"]]
    slow = [f"{r['widget']}.{r['control']}" for r in all_rows if _p95(r["total_ms"]) >= SLOW_MS]
    failed = [f"{r['widget']}.{r['control']}" for r in all_rows if r["error"]]
    print(
        f"\n   all {len(every)} updates: median {_median(every):.1f} ms, p95 {_p95(every):.1f} ms, "
        f"max {max(every, default=float('nan')):.1f} ms"
    )
    print(f"   controls with p95 >= {SLOW_MS:.0f} ms: {', '.join(slow) if slow else 'none'}")
    if failed:
        print(f"   controls whose sweep raised an error: {', '.join(failed)}")
    return all_rows


# ----------------------------------------------------------------------------------------
# 2. notebook execution
# ----------------------------------------------------------------------------------------


def course_notebooks() -> list[Path]:
    lessons = sorted(p for p in (ROOT / "lessons").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    solutions = sorted(p for p in (ROOT / "solutions").glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return lessons + solutions


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute_timed(path: str) -> tuple[str, float, float, float, str | None]:
    """Execute one notebook from a fresh kernel. Runs in a worker process too.

    Returns (path, wall seconds, CPU seconds of the kernel, peak resident
    memory of the kernel in MiB, error or None). The kernel's CPU time (user +
    system, read once the kernel has exited) hardly depends on what else the
    machine is doing, unlike the wall time.
    """
    with _quiet_kernel_warnings():
        return _execute_timed(path)


def _kernel_peak_mib(client) -> float:
    """The kernel process's peak resident memory so far (VmHWM), MiB; NaN if unavailable."""
    try:
        pid = client.km.provisioner.pid
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB -> MiB
    except (AttributeError, OSError, ValueError):
        pass
    return float("nan")


def _execute_timed(path: str) -> tuple[str, float, float, float, str | None]:
    """Run ``path`` as tests/notebook_runner.py does, and measure the kernel.

    Same settings as :func:`notebook_runner.execute_notebook` (fresh
    ``python3`` kernel, the notebook's folder as working directory, inline
    matplotlib backend, 180 s per cell), plus a hook that reads the kernel's
    memory high-water mark after every cell. (``ru_maxrss`` of child processes
    cannot be used for this: a kernel forked from this process inherits its
    memory high-water mark.)
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = Path(path)
    cpu_before = _children_cpu_s()
    start = time.perf_counter()
    error = None
    peak = [float("nan")]
    try:
        nb = nbformat.read(notebook, as_version=4)
        client = NotebookClient(
            nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
        )
        client.on_cell_complete = lambda **_: peak.append(_kernel_peak_mib(client))
        client.execute()
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error" and error is None:
                    error = f"{out.get('ename')}: {out.get('evalue')}"
    except Exception as exc:  # a failing notebook is reported, not fatal
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    return (
        path,
        time.perf_counter() - start,
        _children_cpu_s() - cpu_before,
        float(np.nanmax(peak)) if not np.all(np.isnan(peak)) else float("nan"),
        error,
    )


#: printed by ipykernel >= 7 on every kernel start (local TCP kernel); harmless here
_KERNEL_NOISE = "Kernel is running over TCP without encryption"


@contextlib.contextmanager
def _quiet_kernel_warnings():
    """Hide the kernels' start-up warning about unencrypted local TCP; pass anything else through.

    Kernels inherit this process's standard error (file descriptor 2), so it
    is redirected to a temporary file while they run and then replayed
    without the known, harmless warning.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            log.seek(0)
            for line in log.read().decode(errors="replace").splitlines(keepends=True):
                if _KERNEL_NOISE not in line:
                    sys.stderr.write(line)
            sys.stderr.flush()


def kernel_overhead(repeats: int = 3) -> list[tuple[str, float, float]]:
    """What every notebook pays before its own cells: (label, wall s, kernel CPU s), medians.

    A kernel start with one empty cell; the same with ``import microdose``;
    the same with the imports of a widget lesson (microdose, pyplot, a widget
    module). Kernel CPU time is read after the kernel has exited.
    """
    import nbformat
    from nbclient import NotebookClient

    def run(source: str) -> tuple[float, float]:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        cpu_before = _children_cpu_s()
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
        return time.perf_counter() - start, _children_cpu_s() - cpu_before

    cases = [
        ("kernel start + empty cell", "pass"),
        ("kernel start + import microdose", "import microdose"),
        ("  + matplotlib.pyplot + a widget module", "import microdose, matplotlib.pyplot, microdose.widgets.pk"),
    ]
    results = []
    for label, source in cases:
        runs = [run(source) for _ in range(repeats)]
        results.append((label, _median([r[0] for r in runs]), _median([r[1] for r in runs])))
    return results


def run_notebooks(workers: int) -> float:
    """Run the course alone and in a pool; print the table; return the largest kernel peak memory (MiB)."""
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    paths = course_notebooks()
    print(
        f"\n2. Notebook execution from a fresh kernel: {len(paths)} notebooks "
        f"(lessons + solutions), {os.cpu_count()} CPU(s) visible"
    )

    print(f"\n   fixed cost per notebook (median of 3)          {'wall':>7} {'kernel CPU':>10}")
    with _quiet_kernel_warnings():
        overhead = kernel_overhead()
    for label, seconds, cpu in overhead:
        print(f"     {label:<44} {seconds:6.2f}s {cpu:9.2f}s")

    sequential = {}
    start = time.perf_counter()
    for p in paths:
        path, seconds, cpu, peak_mib, error = execute_timed(str(p))
        sequential[path] = (seconds, cpu, peak_mib, error)
    sequential_wall = time.perf_counter() - start

    parallel = {}
    start = time.perf_counter()
    # "spawn": fresh worker processes that do not inherit this one's memory
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        # longest first (from the sequential run): the workers then finish closer together
        order = sorted(paths, key=lambda p: -sequential[str(p)][0])
        for path, seconds, cpu, peak_mib, error in pool.map(execute_timed, [str(p) for p in order]):
            parallel[path] = (seconds, cpu, peak_mib, error)
    parallel_wall = time.perf_counter() - start

    width = max(len(str(p.relative_to(ROOT))) for p in paths)
    print(f"\n   {'notebook':<{width}}  {'alone':>7} {'kernel CPU':>10} {'kernel RSS':>10}  {f'{workers} workers':>9}")
    rule = "   " + "-" * (width + 44)
    print(rule)
    for p in paths:
        s_sec, s_cpu, s_mib, s_err = sequential[str(p)]
        p_sec, _, _, p_err = parallel[str(p)]
        note = f"  FAILED: {s_err or p_err}" if (s_err or p_err) else ""
        print(f"   {p.relative_to(ROOT)!s:<{width}}  {s_sec:6.2f}s {s_cpu:9.2f}s {s_mib:6.0f} MiB  {p_sec:8.2f}s{note}")
    print(rule)
    s_sum = sum(v[0] for v in sequential.values())
    cpu_sum = sum(v[1] for v in sequential.values())
    p_sum = sum(v[0] for v in parallel.values())
    print(f"   {'sum of per-notebook times':<{width}}  {s_sum:6.1f}s {cpu_sum:9.1f}s {'':>10}  {p_sum:8.1f}s")
    print(
        f"   {'wall time, whole course':<{width}}  {sequential_wall:6.1f}s {'':>10} {'':>10}  "
        f"{parallel_wall:8.1f}s   (target: < 60 s on 2 cores)"
    )
    failures = sum(1 for v in list(sequential.values()) + list(parallel.values()) if v[3])
    if failures:
        print(f"   {failures} notebook run(s) FAILED (see above); their times are not meaningful")
    peaks = [v[2] for v in list(sequential.values()) + list(parallel.values()) if np.isfinite(v[2])]
    kernel_peak_mib = max(peaks, default=float("nan"))
    return kernel_peak_mib


# ----------------------------------------------------------------------------------------


def print_memory(kernel_peak_mib: float | None) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("\n3. Peak resident memory (ru_maxrss)")
    print(f"   this process (widget benchmark, notebook client):       {own:6.0f} MiB")
    if kernel_peak_mib is not None:
        print(f"   largest notebook kernel (its own VmHWM):                {kernel_peak_mib:6.0f} MiB")
        print(
            f"   largest child process (ru_maxrss; a kernel forked from\n"
            f"     this process inherits this process's high-water mark): {children:6.0f} MiB"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--updates",
        type=int,
        default=60,
        help=f"value changes per widget control (at least {MIN_UPDATES_PER_CONTROL}; default 60)",
    )
    parser.add_argument("--workers", type=int, default=2, help="parallel notebook workers (default 2)")
    parser.add_argument("--only", choices=["widgets", "notebooks"], help="run one part only")
    args = parser.parse_args(argv)
    if args.updates < MIN_UPDATES_PER_CONTROL:
        parser.error(f"--updates must be at least {MIN_UPDATES_PER_CONTROL}; got {args.updates}")

    import matplotlib

    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"numpy {np.__version__}, matplotlib {matplotlib.__version__}; load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    kernel_peak_mib = None
    if args.only in (None, "widgets"):
        run_widgets(args.updates)
    if args.only in (None, "notebooks"):
        kernel_peak_mib = run_notebooks(args.workers)
    print_memory(kernel_peak_mib)


if __name__ == "__main__":
    main()
