"""Check a problem set the way its students will meet it, without nbgrader (seconds, not minutes).

:func:`verify` builds the source notebook of one problem set and variant, runs its code in this
Python process (matplotlib on the Agg backend, the course style restored afterwards) and checks:

* **reference** — the model solution passes every check cell, visible self-check and hidden test;
* **blank** — with an answer missing, its check cell fails and says the answer is not defined;
* **slips** — every known slip of every answer, put in place of the right value, is named by both
  the self-check a student runs and the hidden test, with the slip's own kind;
* **generic slips** — for every numeric answer, the usual slips (×10³ or ÷10³, log10 for ln,
  a percentage for a fraction, ...) are named by the self-check;
* **follow-through** — for every answer that later answers use, a slipped value is carried into
  the rest of the notebook by the model solution's own code: the slipped answer's cell fails, and
  every later cell passes its hidden test (a self-check that cannot judge an answer built on a wrong
  one says so and does not fail);
* **story** — the data keep what the questions take for granted (``story()`` in ``questions.py``),
  the committed data included;
* **follow-through expressions** — each one, evaluated on the model solution, gives the reference
  answer (a typo in an expression would otherwise pass a wrong answer or fail a right one);
* **public answers** — in a class variant, a notebook holding the public course's numeric answers
  fails the hidden test of every check that holds one (no follow-through along a pasted chain), and
  both the self-check and the hidden test say "public" where the value cannot come from an honest slip.

Slips that the data make impossible to tell from the right answer (or from an earlier slip) are
left out of the checks and listed as *notes*.

``python -m problemsets verify [NAME ...] [--variant V ...]`` prints the findings; the test suite
runs the same checks for the committed data and several class variants.
"""

from __future__ import annotations

import ast
import contextlib
import io
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from microdose.answerkey import FORM_KINDS
from microdose.selfcheck import AnswerError, Diagnosis, same_value
from nbgrader_ext.regions import HIDDEN_TEST, REGIONS, SOLUTION, split_regions

from .build import Solved, _plain, build_notebook

GENERIC_TRIALS = (
    ("units_1e3", 1e3),
    ("units_1e3", 1e-3),
    ("log10_for_ln", math.log(10.0)),
    ("log10_for_ln", 1.0 / math.log(10.0)),
    ("percent_for_fraction", 100.0),
    ("sign", -1.0),
)
"""Generic slips tried on every numeric answer: (kind, factor applied to the right answer)."""


@dataclass
class Cell:
    """A code cell of the built notebook, with its role."""

    source: str
    kind: str  # "answer", "check" or "code"
    grade_id: str = ""
    visible: str = ""  # check cells: the part students see
    hidden: str = ""  # check cells: the hidden tests


@dataclass
class Outcome:
    """What running one check cell gave."""

    visible_error: AnswerError | None
    hidden_error: AnswerError | None
    output: str

    @property
    def kinds(self) -> list:
        """[kind named by the self-check, kind named by the hidden test], None where one passed."""
        return [e.diagnosis.kind if e else None for e in (self.visible_error, self.hidden_error)]


@dataclass
class Report:
    """Findings of :func:`verify` for one problem set and variant (empty ``problems`` = all well)."""

    name: str
    variant: str
    problems: list = field(default_factory=list)
    slips_tried: int = 0
    slips_named: int = 0
    generic_tried: int = 0
    generic_named: int = 0
    follow_through_checked: int = 0
    follow_through_blocked: int = 0
    inexact_checked: int = 0
    public_checked: int = 0
    notes: list = field(default_factory=list)

    def add(self, message: str) -> None:
        self.problems.append(message)


def notebook_cells(notebook) -> list[Cell]:
    """The code cells of a built source notebook, split into roles."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            split = split_regions(cell.source, {HIDDEN_TEST: REGIONS[HIDDEN_TEST]})
            visible, hidden = "\n".join(split.visible), "\n".join(split.of(HIDDEN_TEST))
            cells.append(Cell(cell.source, "check", meta["grade_id"], visible, hidden))
        elif meta.get("solution"):
            cells.append(Cell(cell.source, "answer", meta["grade_id"]))
        else:
            cells.append(Cell(cell.source, "code"))
    return cells


def _student_source(source: str) -> str:
    """An answer cell as a student who solved it would type it: the solution markers removed."""
    return split_regions(source, {SOLUTION: REGIONS[SOLUTION]}).without_markers()


def _run_code(code: str, namespace: dict) -> tuple[BaseException | None, str]:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<problem set>", "exec"), namespace)
    except BaseException as error:
        return error, out.getvalue()
    return None, out.getvalue()


def run_check(cell: Cell, namespace: dict) -> Outcome:
    """Run a check cell's visible part and, separately, its hidden part (as an instructor's grader would)."""
    visible, out1 = _run_code(cell.visible, dict(namespace))
    hidden, out2 = _run_code(cell.hidden, dict(namespace))
    return Outcome(_as_answer_error(cell, visible), _as_answer_error(cell, hidden), out1 + out2)


def _as_answer_error(cell: Cell, error: BaseException | None) -> AnswerError | None:
    """A failed sanity assert counts as a failed check (kind "sanity"); anything else is a bug in the set."""
    if error is None or isinstance(error, AnswerError):
        return error
    if isinstance(error, AssertionError):
        return AnswerError(Diagnosis("sanity", str(error)))
    raise RuntimeError(f"{cell.grade_id}: the check raised {type(error).__name__}: {error}") from error


class Session:
    """One problem set and variant, executed once; snapshots of the namespace before every cell."""

    def __init__(self, name: str, variant: str = "default", secret: str = ""):
        import matplotlib

        matplotlib.use("Agg")
        self.solved = Solved(name, variant, secret)
        self.cells = notebook_cells(build_notebook(name, variant, secret=secret))
        self.snapshots: list[dict] = []
        namespace: dict = {"__name__": "__main__"}
        with matplotlib.rc_context():
            for cell in self.cells:
                self.snapshots.append(dict(namespace))
                error, _ = _run_code(_student_source(cell.source) if cell.kind != "check" else cell.visible, namespace)
                if error is not None:
                    raise RuntimeError(
                        f"{name} ({variant}): the model solution fails in "
                        f"{cell.grade_id or 'a code cell'}: {type(error).__name__}: {error}"
                    )
                if cell.kind == "check":
                    _run_code(cell.hidden, dict(namespace))
            self._close_figures()
        self.final = namespace

    @staticmethod
    def _close_figures():
        import matplotlib.pyplot as plt

        plt.close("all")

    def check_index(self, grade_id: str) -> int:
        return next(i for i, c in enumerate(self.cells) if c.grade_id == grade_id)

    def answer_index(self, answer_cell: str) -> int:
        return next(i for i, c in enumerate(self.cells) if c.kind == "answer" and c.grade_id == answer_cell)

    def replay_from(self, start: int, name: str, value) -> dict[str, Outcome]:
        """Run the model solution from answer cell ``start`` on, as a student who slipped in ``name`` would have:
        the slipped value replaces the right one where the cell computes it, so the rest of the cell and the
        later cells use it."""
        import matplotlib

        namespace = dict(self.snapshots[start])
        namespace["_slipped_value"] = value
        outcomes = {}
        # a carried slip may divide by zero or overflow further on: that is the student's result, not a warning
        with matplotlib.rc_context(), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            for index in range(start, len(self.cells)):
                cell = self.cells[index]
                if cell.kind == "check":
                    outcomes[cell.grade_id] = run_check(cell, namespace)
                    _run_code(cell.visible, namespace)
                elif index == start:
                    _run_code(with_override(_student_source(cell.source), name), namespace)
                else:
                    _run_code(_student_source(cell.source), namespace)
            self._close_figures()
        return outcomes


def with_override(source: str, name: str) -> str:
    """``source`` with ``name = _slipped_value`` inserted after the last top-level statement that assigns ``name``."""
    tree = ast.parse(source)
    last = None
    for statement in tree.body:
        for node in ast.walk(statement):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, (ast.AugAssign, ast.AnnAssign))
                else []
            )
            if any(isinstance(t, ast.Name) and t.id == name for target in targets for t in ast.walk(target)):
                last = statement
    if last is None:
        raise ValueError(f"the model solution never assigns {name}")
    lines = source.split("\n")
    return "\n".join(lines[: last.end_lineno] + [f"{name} = _slipped_value"] + lines[last.end_lineno :])


def _as_answer_value(answer, value):
    """A slip value in the type a student would have (an array for an array answer, an int for a count)."""
    if answer.kind == "array":
        return np.array(value, dtype=float)
    if answer.kind == "exact" and answer.type == "int":
        return int(value)
    if answer.kind == "exact" and answer.type == "bool":
        return bool(value)
    if answer.kind == "mapping":
        return dict(value)
    return float(value)


def _expected_kind(answer, slip, reference) -> str | None:
    """The kind a slip must be named with: its own, or that of an earlier slip it cannot be told from."""
    from .build import _distinct

    if not _distinct(answer, slip.value, reference):
        return None
    tolerance = answer.slip_match_rtol
    for earlier in answer.slips:
        if not _distinct(answer, earlier.value, reference):
            continue
        if answer.kind in ("exact", "mapping"):
            if _plain(earlier.value) == _plain(slip.value):
                return earlier.kind
        elif all(
            same_value(a, b, tolerance, answer.atol)
            for a, b in zip(np.ravel(np.asarray(earlier.value, float)), np.ravel(np.asarray(slip.value, float)))
        ):
            return earlier.kind
    return slip.kind


def _indistinct_phrase(answer) -> str:
    if answer.kind in ("exact", "mapping"):
        return "gives the right answer"
    return f"lies within {answer.distinct_rtol:.2g} (relative) of the right answer"


def verify(name: str, variant: str = "default", *, follow_through: bool = True, secret: str = "") -> Report:
    """Run every check described in the module docstring; return a :class:`Report`."""
    session = Session(name, variant, secret)
    solved = session.solved
    report = Report(name, variant)
    for sentence in solved.problem_set.story(solved.data, solved.reference):
        report.add(f"story: {sentence}")
    # reference and blank
    for check in solved.checks:
        index = session.check_index(check.grade_id)
        cell = session.cells[index]
        outcome = run_check(cell, session.snapshots[index])
        if outcome.visible_error or outcome.hidden_error:
            report.add(f"{check.grade_id}: the model solution fails: {outcome.visible_error or outcome.hidden_error}")
        blank = {k: v for k, v in session.snapshots[index].items() if k not in {a.name for a in check.answers}}
        outcome = run_check(cell, blank)
        if not (outcome.visible_error and outcome.visible_error.diagnosis.kind == "no_answer" and outcome.hidden_error):
            report.add(f"{check.grade_id}: an unanswered question does not fail with 'not defined'")
    # named and generic slips
    for check in solved.checks:
        index = session.check_index(check.grade_id)
        cell = session.cells[index]
        for answer in check.answers:
            reference = solved.reference[answer.name]
            for slip in answer.slips:
                kind = _expected_kind(answer, slip, reference)
                if kind is None:
                    report.notes.append(
                        f"{answer.name}: slip {slip.kind!r} "
                        f"{_indistinct_phrase(answer)} with these data (left out of the checks)"
                    )
                    continue
                if kind != slip.kind:
                    report.notes.append(
                        f"{answer.name}: slip {slip.kind!r} gives the same value as {kind!r} with "
                        f"these data (named as {kind!r})"
                    )
                report.slips_tried += 1
                namespace = dict(session.snapshots[index], **{answer.name: _as_answer_value(answer, slip.value)})
                outcome = run_check(cell, namespace)
                found = outcome.kinds
                if found == [kind, kind]:
                    report.slips_named += 1
                else:
                    report.add(
                        f"{check.grade_id} {answer.name}: slip {slip.kind!r} was named {found} "
                        f"(self-check, hidden test), expected {kind!r}"
                    )
            if answer.kind != "number":
                continue
            for kind, factor in GENERIC_TRIALS:
                value = float(reference) * factor
                if (
                    any(not _distinct_from_slip(answer, value, s) for s in answer.slips)
                    or (answer.fraction and not 0 <= value <= 1)
                    or (answer.percent and not 0 <= value <= 100)
                    or ((answer.positive or answer.fraction or answer.percent) and value <= 0)
                ):
                    continue  # a named slip or a form check speaks first
                report.generic_tried += 1
                namespace = dict(session.snapshots[index], **{answer.name: value})
                outcome = run_check(cell, namespace)
                if outcome.visible_error and outcome.visible_error.diagnosis.kind == kind:
                    report.generic_named += 1
                else:
                    got = outcome.visible_error.diagnosis.kind if outcome.visible_error else None
                    report.add(f"{check.grade_id} {answer.name}: ×{factor:g} was named {got!r}, expected {kind!r}")
    _verify_inexact_earlier(session, report)
    _verify_follow_expressions(session, report)
    _verify_public_answers(session, report)
    if follow_through:
        _verify_follow_through(session, report)
    return report


def _verify_inexact_earlier(session: Session, report: Report) -> None:
    """An earlier answer right within its tolerance but not exact must not hide a clearly wrong later answer:
    the later check still fails (the student's *Validate* must not say "Success!")."""
    solved = session.solved
    by_name = {a.name: a for _, a in solved.answers()}
    for check, answer in solved.answers():
        uses = solved.uses(answer)
        if not uses or answer.kind != "number":
            continue
        namespace = dict(session.snapshots[session.check_index(check.grade_id)])
        for name in uses:
            earlier = by_name[name]
            if earlier.kind in ("number", "array"):
                namespace[name] = _as_answer_value(
                    earlier, np.asarray(solved.reference[name], dtype=float) * (1.0 + 0.5 * earlier.rtol)
                )
        namespace[answer.name] = float(solved.reference[answer.name]) * 1.37
        outcome = run_check(session.cells[session.check_index(check.grade_id)], namespace)
        report.inexact_checked += 1
        if outcome.visible_error is None:
            report.add(
                f"{check.grade_id}: with {', '.join(uses)} right but not exact, a clearly wrong "
                f"{answer.name} (×1.37) does not make the check fail"
            )


def _verify_follow_expressions(session: Session, report: Report) -> None:
    """Every follow-through expression, evaluated where its check runs in the model solution, gives the reference."""
    from microdose.selfcheck import _judge_answer

    solved = session.solved
    for check, answer in solved.answers():
        expressions = [answer.follow] if isinstance(answer.follow, str) else list(answer.follow or [])
        namespace = {"np": np, "math": math, **session.snapshots[session.check_index(check.grade_id)]}
        for expression in expressions:
            try:
                value = eval(expression, namespace)
            except Exception as error:
                report.add(
                    f"{answer.name}: follow-through expression {expression!r} raises {type(error).__name__}: {error}"
                )
                continue
            verdict = _judge_answer(
                value,
                solved.reference[answer.name],
                rtol=answer.rtol,
                atol=answer.atol,
                fraction_unbound=None,
                unit="",
                slips=(),
            )
            if not verdict.ok:
                report.add(
                    f"{answer.name}: follow-through expression {expression!r} does not give the reference "
                    f"answer on the model solution ({verdict.message})"
                )


def _verify_public_answers(session: Session, report: Report) -> None:
    """In a class variant, a notebook with every public numeric answer pasted in fails every check that holds
    one (no follow-through along a pasted chain), and says "public" where the checks call it a copy."""
    solved = session.solved
    pasted = {**solved.public, **solved.public_unnamed}
    if not pasted:
        return
    by_name = {a.name: a for _, a in solved.answers()}
    copied = {name: _as_answer_value(by_name[name], value) for name, value in pasted.items()}
    for check in solved.checks:
        names = [a.name for a in check.answers if a.name in pasted]
        if not names:
            continue
        index = session.check_index(check.grade_id)
        outcome = run_check(session.cells[index], dict(session.snapshots[index], **copied))
        found = outcome.kinds
        if outcome.hidden_error is None:
            report.add(f"{check.grade_id}: pasted public answers {names} pass the hidden test")
        elif all(name in solved.public for name in names):
            report.public_checked += 1
            if found != ["public_answer", "public_answer"]:
                report.add(
                    f"{check.grade_id}: the public course's answers were named {found} (self-check, "
                    "hidden test), expected 'public_answer'"
                )


def _distinct_from_slip(answer, value, slip) -> bool:
    try:
        return not same_value(value, float(slip.value), answer.slip_match_rtol, answer.atol)
    except (TypeError, ValueError):
        return True


def _verify_follow_through(session: Session, report: Report) -> None:
    """Carry every known slip (and ×10³) of every answer that later answers use through the model solution."""
    solved = session.solved
    used = {name for _, answer in solved.answers() for name in solved.uses(answer)}
    for check, answer in solved.answers():
        if answer.name not in used:
            continue
        reference = solved.reference[answer.name]
        values = [s.value for s in answer.slips if _expected_kind(answer, s, reference)]
        if answer.kind in ("number", "array"):
            values.append(np.asarray(reference, dtype=float) * 1e3)
        if answer.kind == "array":  # one row or value slipped, e.g. one profile left in pg/mL
            one = np.array(reference, dtype=float)
            one[(0,) * one.ndim] *= 1e3
            if one.ndim == 2:
                one[0] = np.asarray(reference, dtype=float)[0] * 1e3
            values.append(one)
        start = session.answer_index(check.cell)
        later = [c for c in solved.checks if session.check_index(c.grade_id) > start and c is not check]
        for value in values:
            outcomes = session.replay_from(start, answer.name, _as_answer_value(answer, value))
            report.follow_through_checked += 1
            if outcomes[check.grade_id].hidden_error is None:
                report.add(f"{check.grade_id}: a slip in {answer.name} was not caught")
            for other in later:
                outcome = outcomes[other.grade_id]
                if outcome.hidden_error is None and outcome.visible_error is None:
                    continue
                if _blocked_by_own_form(outcome):
                    report.follow_through_blocked += 1
                    continue
                error = outcome.visible_error or outcome.hidden_error
                report.add(
                    f"follow-through: after the slip {answer.name} = {_short(value)}, {other.grade_id} fails: {error}"
                )


def _blocked_by_own_form(outcome: Outcome) -> bool:
    """Whether a carried value made a later answer unusable: it fails a form check of its own (not finite, a
    fraction above 1, a count below zero ...). A failed *sanity* assert is not such a reason: follow-through
    credit must not be taken away by a plausibility check, so the problem set should not have it."""
    error = outcome.visible_error
    return error is not None and error.diagnosis.kind in FORM_KINDS


def _short(value) -> str:
    array = np.asarray(value)
    return f"{array.item():.4g}" if array.ndim == 0 and array.dtype.kind in "if" else repr(_plain(value))[:40]


def predict_grades(submission, source) -> dict[str, tuple[bool, str]]:
    """What autograding ``submission`` against the source notebook gives, computed without nbgrader.

    The submission's cells run in order in one namespace, as nbgrader runs them; every graded test cell
    is replaced by the source notebook's (visible part and hidden tests), as nbgrader restores it.

    Parameters
    ----------
    submission, source : NotebookNode
        A student's notebook and the nbgrader source notebook of the same problem set and variant.

    Returns
    -------
    dict
        ``{test-cell grade id: (passed, error message or "")}``.
    """
    import matplotlib

    matplotlib.use("Agg")
    tests = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    }
    namespace: dict = {"__name__": "__main__"}
    results = {}
    with matplotlib.rc_context(), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        for cell in submission.cells:
            if cell.cell_type != "code":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in tests:
                error, _ = _run_code(tests[grade_id], namespace)
                results[grade_id] = (error is None, "" if error is None else str(error))
            else:
                _run_code(cell.source, namespace)
        Session._close_figures()
    return results
