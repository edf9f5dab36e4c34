"""Print what the problem-set engine gives students and graders: slips named, hidden-test size, check speed.

For every problem set, for the committed data and three class variants:

* how many of the questions' known slips the student's self-check and the hidden test both name (with the
  slip's own kind), and how many generic slips (×10³, ÷10³, ln 10, ×100, sign) the self-check names;
* how many slipped answers were carried through the model solution, and whether every later answer kept its
  points (follow-through);
* in the class variants, how many checks call pasted public answers a copy (every check holding one fails);
* the hidden-test lines per problem set and the largest hidden-test cell;
* the size of the answer-key cell and the time one self-check takes.

Run from the repository root::

    python benchmarks/bench_selfchecks.py
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nbgrader_ext.regions import HIDDEN_TEST, REGIONS, split_regions  # noqa: E402
from problemsets.build import build_notebook, problem_set_names  # noqa: E402
from problemsets.verify import Session, verify  # noqa: E402

VARIANTS = ("default", "class-a", "class-b", "class-c")


def hidden_lines(notebook) -> list[int]:
    sizes = []
    for cell in notebook.cells:
        split = split_regions(cell.source, {HIDDEN_TEST: REGIONS[HIDDEN_TEST]})
        if split.found:
            sizes.append(len(split.of(HIDDEN_TEST)))
    return sizes


def check_time_ms(name: str) -> float:
    """Median time of one self-check call (a wrong answer: the slowest path, every generic slip tried)."""
    session = Session(name)
    timings = []
    for check in session.solved.checks:
        index = session.check_index(check.grade_id)
        namespace = dict(session.snapshots[index])
        for answer in check.answers:
            if answer.kind == "number":
                namespace[answer.name] = float(session.solved.reference[answer.name]) * 1.37
        key = namespace["answers"]
        with contextlib.redirect_stdout(io.StringIO()):
            start = time.perf_counter()
            try:
                key.check(check.id, namespace)
            except AssertionError:
                pass
            timings.append(1e3 * (time.perf_counter() - start))
    timings.sort()
    return timings[len(timings) // 2]


def main() -> None:
    totals = {"slips": [0, 0], "generic": [0, 0], "carried": 0, "problems": 0, "public": 0}
    print(
        f"{'problem set':<28}{'variant':<10}{'known slips':>14}{'generic':>10}{'carried':>9}{'public':>8}"
        f"{'problems':>10}"
    )
    for name in problem_set_names():
        for variant in VARIANTS:
            report = verify(name, variant)
            totals["slips"][0] += report.slips_named
            totals["slips"][1] += report.slips_tried
            totals["generic"][0] += report.generic_named
            totals["generic"][1] += report.generic_tried
            totals["carried"] += report.follow_through_checked
            totals["problems"] += len(report.problems)
            totals["public"] += report.public_checked
            print(
                f"{name:<28}{variant:<10}{report.slips_named:>6}/{report.slips_tried:<7}"
                f"{report.generic_named:>5}/{report.generic_tried:<4}{report.follow_through_checked:>9}"
                f"{report.public_checked if variant != 'default' else '':>8}{len(report.problems):>10}"
            )
    named, tried = totals["slips"]
    g_named, g_tried = totals["generic"]
    print(f"\nknown slips named by self-check and hidden test: {named}/{tried} ({100 * named / tried:.1f} %)")
    print(f"generic slips named by the self-check:           {g_named}/{g_tried} ({100 * g_named / g_tried:.1f} %)")
    print(f"slipped answers carried forward: {totals['carried']}; problems found: {totals['problems']}")
    print(
        f"checks that call pasted public answers a copy, in the variants: {totals['public']} "
        "(every check holding one fails; problems would be listed above)"
    )
    print(f"\n{'problem set':<28}{'hidden lines':>13}{'largest cell':>13}{'key cell (chars)':>18}{'check (ms)':>12}")
    for name in problem_set_names():
        notebook = build_notebook(name)
        sizes = hidden_lines(notebook)
        key = next(c for c in notebook.cells if "AnswerKey.from_text" in c.source)
        print(f"{name:<28}{sum(sizes):>13}{max(sizes):>13}{len(key.source):>18}{check_time_ms(name):>12.2f}")


if __name__ == "__main__":
    main()
