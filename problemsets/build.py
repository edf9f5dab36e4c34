"""Build the nbgrader source notebooks (``solutions/``) from the problem-set sources.

For each problem set ``problemsets/<name>/`` (``notebook.md`` + ``questions.py``, see
``problemsets/README.md``) and a data **variant** (``"default"`` is the committed one),
:func:`build_notebook`

1. draws the data (``default_data()``, or ``variant_data(rng)`` seeded from the variant name),
   computes the reference answers and the checks with ``microdose``;
2. renders ``notebook.md`` with Jinja (data, reference answers and extra numbers fill the
   placeholders) and reads it as a notebook with jupytext (MyST format);
3. gives every cell its nbgrader role (locked text and code, answer cells, manually graded
   answers), writes the answer-key cell, and inserts after each answer cell a generated
   **check cell** per :class:`~problemsets.spec.Check`: a visible part
   (``answers.check("<id>")`` and the sanity asserts) and a hidden part (one
   :func:`microdose.selfcheck.expect` call per answer, with the reference value, the
   tolerance, the known slips and the follow-through expression).

Nothing here is written by hand in a notebook: change ``notebook.md`` or ``questions.py`` and
rebuild (``make exercises``); ``python -m problemsets build --check`` fails when
``solutions/`` is not what the sources give (the test suite runs it).
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
import jupytext
import nbformat
import numpy as np

from microdose.answerkey import build_key

from .spec import Check, ProblemSet

ROOT = Path(__file__).resolve().parents[1]
SOURCES = Path(__file__).resolve().parent
DEFAULT_VARIANT = "default"
_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_MANUAL_POINTS = re.compile(r'^\+\+\+\s*(\{.*"manual".*\})\s*$', re.M)


def problem_set_names() -> list[str]:
    """Every problem set with sources in ``problemsets/`` (folders holding a ``questions.py``)."""
    return sorted(p.parent.name for p in SOURCES.glob("*/questions.py"))


def load(name: str) -> ProblemSet:
    """The :class:`~problemsets.spec.ProblemSet` of ``problemsets/<name>/questions.py``."""
    if name not in problem_set_names():
        raise SystemExit(
            f"no problem set {name!r}: the sources are problemsets/<name>/questions.py and "
            f"notebook.md; known: {', '.join(problem_set_names())}"
        )
    module = importlib.import_module(f"problemsets.{name}.questions")
    problem_set = module.PROBLEM_SET
    if problem_set.name != name:
        raise ValueError(f"problemsets/{name}/questions.py defines PROBLEM_SET named {problem_set.name!r}")
    return problem_set


def variant_seed(name: str, variant: str, secret: str = "") -> int:
    """The random seed of a variant's data (stable across machines and Python versions).

    A class's course folder keeps a random ``secret`` (``problemsets-variant.json``, written by
    ``python -m problemsets course``), so that the data cannot be regenerated from the variant's
    name alone; without a secret (``verify``, the tests) the name decides.
    """
    text = f"microdose-variant:{name}:{variant}" + (f":{secret}" if secret else "")
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def check_variant_name(variant: str) -> str:
    """``variant`` if it is a usable variant name, else SystemExit saying what is allowed."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,40}", variant):
        raise SystemExit(
            f"variant name {variant!r}: use letters, digits, '.', '_' or '-' (at most 41 characters, "
            "starting with a letter or digit)"
        )
    return variant


def problem_data(problem_set: ProblemSet, variant: str = DEFAULT_VARIANT, secret: str = "") -> dict:
    """The data of one variant (the committed release uses ``"default"``)."""
    if variant == DEFAULT_VARIANT:
        return problem_set.default_data()
    check_variant_name(variant)
    return problem_set.variant_data(np.random.default_rng(variant_seed(problem_set.name, variant, secret)))


class Solved:
    """A problem set's data, reference answers, checks and extra numbers for one variant."""

    def __init__(self, name: str, variant: str = DEFAULT_VARIANT, secret: str = ""):
        self.problem_set = load(name)
        self.name, self.variant, self.secret = name, variant, secret
        self.data = problem_data(self.problem_set, variant, secret)
        self.reference = self.problem_set.reference(self.data)
        self.checks: list[Check] = self.problem_set.checks(self.data, self.reference)
        self.context = self.problem_set.context(self.data, self.reference)
        self._validate()
        self.public, self.public_unnamed = self._public_answers()

    def _public_answers(self) -> tuple[dict, dict]:
        """In a class variant, the public course's numeric answers that are wrong for this variant, split in
        two (both empty for the public course itself):

        * **named**: an answer equal to one of these fails with
          :data:`microdose.selfcheck.PUBLIC_ANSWER_MESSAGE` and earns no follow-through;
        * **unnamed**: one an honest slip could also give (a known slip, a generic slip such as ×10³, or a
          value within :data:`PUBLIC_MARGIN` slip tolerances of the right one, :func:`_explained`): not
          called a copy, but an answer equal to it earns no follow-through credit either (a student who
          pastes a chain of public numbers would otherwise be paid for the chain).

        Only numbers and arrays of numbers: a yes/no, a count of tablets or a choice among a few words
        can equal the public answer by honest reasoning, so it proves nothing.
        """
        if self.variant == DEFAULT_VARIANT:
            return {}, {}
        from microdose.selfcheck import same_value

        public = self.problem_set.reference(self.problem_set.default_data())
        named, unnamed = {}, {}
        for _, a in self.answers():
            if a.kind not in ("number", "array") or not _same_form(public[a.name], self.reference[a.name]):
                continue
            pairs = zip(np.asarray(public[a.name], float).ravel(), np.asarray(self.reference[a.name], float).ravel())
            if all(same_value(p, r, a.rtol, a.atol) for p, r in pairs):
                continue  # right for this variant too
            if _explained(a, public[a.name], self.reference[a.name]):
                unnamed[a.name] = public[a.name]
            else:
                named[a.name] = public[a.name]
        return named, unnamed

    def answers(self):
        """(check, answer) for every graded answer, in notebook order."""
        return [(check, answer) for check in self.checks for answer in check.answers]

    def _validate(self) -> None:
        ids = [c.id for c in self.checks]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.name}: check ids must be unique: {ids}")
        names = [a.name for _, a in self.answers()]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: an answer variable is checked twice: {names}")
        missing = [n for n in names if n not in self.reference]
        if missing:
            raise ValueError(f"{self.name}: reference() gives no value for {missing}")
        for _, answer in self.answers():
            for slip in answer.slips:
                if answer.kind in ("number", "array") and not np.all(np.isfinite(np.asarray(slip.value, float))):
                    raise ValueError(
                        f"{self.name} ({self.variant}): slip {slip.kind!r} of {answer.name} is not a "
                        f"finite number ({slip.value!r}); fix how questions.py computes it"
                    )

    def uses(self, answer) -> list[str]:
        """Earlier answers that ``answer``'s follow-through expression reads."""
        if not answer.follow:
            return []
        expressions = [answer.follow] if isinstance(answer.follow, str) else answer.follow
        names = {
            node.id
            for expression in expressions
            for node in ast.walk(ast.parse(expression, mode="eval"))
            if isinstance(node, ast.Name)
        }
        graded = [a.name for _, a in self.answers()]
        return [n for n in graded if n in names and n != answer.name]

    def key(self, values_checked: bool = True):
        """The self-check key (:class:`microdose.answerkey.AnswerKey`)."""
        questions = {
            c.id: {"label": c.label, "title": c.title, "answers": [a.name for a in c.answers]} for c in self.checks
        }
        specs = {}
        for _, answer in self.answers():
            spec = answer.key_spec()
            spec["uses"] = self.uses(answer)
            specs[answer.name] = spec
        salt_text = f"microdose-key:{self.name}:{self.variant}" + (f":{self.secret}" if self.secret else "")
        salt = hashlib.sha256(salt_text.encode()).hexdigest()[:24]
        slips = {a.name: [(s.kind, s.value, s.message) for s in a.slips] for _, a in self.answers()}
        return build_key(
            self.name, salt, questions, specs, self.reference, slips, values_checked=values_checked, public=self.public
        )


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def py(value) -> str:
    """A Python literal for ``value`` (floats at full precision; numpy values as plain Python)."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, np.ndarray):
        return py(value.tolist())
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "None"
    raise TypeError(f"no literal for {type(value).__name__} {value!r}")


def array_literal(values) -> str:
    """``np.array([...])`` with each value at full precision but without a needless ``.0`` (a data cell).

    An array of whole numbers keeps one ``.0`` on every value so that numpy makes it a float array.

    >>> array_literal([0.5, 2.0, 36.96]), array_literal([1.0, 2.0])
    ('np.array([0.5, 2, 36.96])', 'np.array([1.0, 2.0])')
    """
    values = [float(v) for v in np.ravel(values)]
    if all(v.is_integer() for v in values):
        return "np.array([" + ", ".join(repr(v) for v in values) + "])"
    return "np.array([" + ", ".join(repr(v)[:-2] if repr(v).endswith(".0") else repr(v) for v in values) + "])"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sig(value, digits: int = 3) -> str:
    """``value`` to ``digits`` significant figures, for prose (``1,440``, ``0.025``, ``2.6 × 10⁹``)."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    exponent = math.floor(math.log10(abs(value)))
    rounded = float(f"{value:.{digits - 1}e}")
    exponent = math.floor(math.log10(abs(rounded)))
    if -4 <= exponent < 6:
        decimals = max(digits - 1 - exponent, 0)
        return f"{rounded:,.{decimals}f}"
    mantissa = rounded / 10**exponent
    return f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SOURCES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["py"] = py
    env.filters["array"] = array_literal
    env.filters["sig"] = sig
    env.filters["g"] = lambda value: f"{float(value):g}"
    env.filters["fmt"] = lambda value, spec: format(value, spec)
    return env


def _manual_points(template: str) -> float:
    return sum(json.loads(m.group(1)).get("points", 0) for m in _MANUAL_POINTS.finditer(template))


def render_text(solved: Solved, values_checked: bool = True) -> str:
    """``notebook.md`` with every placeholder filled in."""
    template = (SOURCES / solved.name / "notebook.md").read_text(encoding="utf-8")
    auto = sum(c.points for c in solved.checks)
    manual = _manual_points(template)
    try:
        return (
            _environment()
            .get_template(f"{solved.name}/notebook.md")
            .render(
                d=solved.data,
                r=solved.reference,
                c=solved.context,
                variant=solved.variant,
                selfcheck=values_checked,
                auto_points=_points_text(auto),
                manual_points=_points_text(manual),
                total_points=_points_text(auto + manual),
            )
        )
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise ValueError(f"problemsets/{solved.name}/notebook.md{f', line {line}' if line else ''}: {exc}") from exc


def _points_text(points: float) -> str:
    return f"{points:g}"


# ---------------------------------------------------------------------------------------------
# Generated cells
# ---------------------------------------------------------------------------------------------


def _points_phrase(points: float) -> str:
    return f"{points:g} point{'' if points == 1 else 's'}"


def visible_check_source(check: Check) -> str:
    """The visible part of a check cell: the self-check call and the sanity asserts."""
    lines = [
        f"# Question {check.label}, {check.title} ({_points_phrase(check.points)}): run this cell to check "
        f"your answer{'s' if len(check.answers) > 1 else ''}.",
        f"answers.check({py(check.id)})",
    ]
    for condition, message in check.sanity:
        lines.append(f"assert {condition}, {py(message)}")
    return "\n".join(lines)


def hidden_test_source(
    check: Check, reference: dict, public: dict | None = None, public_unnamed: dict | None = None
) -> str:
    """The hidden part of a check cell: one :func:`microdose.selfcheck.expect` call per answer
    (``public``, ``public_unnamed``: the public course's answers, in a class variant; see :class:`Solved`)."""
    lines = ["### BEGIN HIDDEN TESTS", "from microdose.selfcheck import expect"]
    for answer in check.answers:
        arguments = [py(check.label), py(answer.name), py(_plain(reference[answer.name]))]
        if answer.kind in ("number", "array"):
            if answer.rtol != 0.01:
                arguments.append(f"rtol={py(answer.rtol)}")
            if answer.atol is not None:
                arguments.append(f"atol={py(answer.atol)}")
        elif answer.type == "int":
            arguments.append("rtol=0")
        if answer.unit:
            arguments.append(f"unit={py(answer.unit)}")
        if answer.fraction_unbound is not None:
            arguments.append(f"fraction_unbound={py(answer.fraction_unbound)}")
        if answer.slip_rtol is not None:
            arguments.append(f"slip_rtol={py(answer.slip_rtol)}")
        if answer.hint:
            arguments.append(f"hint={py(answer.hint)}")
        if answer.follow:
            arguments.append(f"follow={py(answer.follow)}")
        if public and answer.name in public:
            arguments.append(f"public={py(_plain(public[answer.name]))}")
        elif public_unnamed and answer.name in public_unnamed:
            arguments.append(f"public={py(_plain(public_unnamed[answer.name]))}, public_named=False")
        head = f"expect({', '.join(arguments)}"
        slips = [s for s in answer.slips if _distinct(answer, s.value, reference[answer.name])]
        if not slips:
            lines.append(head + ")")
            continue
        lines.append(head + ",")
        indent = " " * len("expect(")
        for i, slip in enumerate(slips):
            opening = "slips=[" if i == 0 else "       "
            closing = "])" if i == len(slips) - 1 else ","
            lines.append(f"{indent}{opening}({py(slip.kind)}, {py(_plain(slip.value))}, {py(slip.message)}){closing}")
    lines.append("### END HIDDEN TESTS")
    return "\n".join(lines)


def _plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _same_form(value, reference) -> bool:
    """Whether two answers have the same shape (a variant may change the length of an array)."""
    if isinstance(reference, dict) or isinstance(value, dict):
        return (
            isinstance(value, dict)
            and isinstance(reference, dict)
            and sorted(map(repr, value)) == sorted(map(repr, reference))
        )
    return np.shape(value) == np.shape(reference)


PUBLIC_MARGIN = 1.5
"""How far (in multiples of the slip tolerance) a public answer must lie from the right answer, from each
known slip and from each generic slip before it counts as evidence of copying (implementation choice: the
hashed checks read a value within up to 1.2 tolerances as a match)."""


def _explained(answer, public, reference) -> bool:
    """Whether an honest answer could equal the public one: it is right, a known slip or a generic slip
    (×10³, ln 10, f_u ...) of this variant's answer, within :data:`PUBLIC_MARGIN` slip tolerances."""
    from microdose.selfcheck import classify, same_value

    tolerance = PUBLIC_MARGIN * answer.distinct_rtol
    public_values = np.asarray(public, dtype=float).ravel()
    reference_values = np.asarray(reference, dtype=float).ravel()

    def near(x, y):
        return same_value(float(x), float(y), tolerance, answer.atol)

    if all(near(p, r) for p, r in zip(public_values, reference_values)):
        return True
    for slip in answer.slips:
        if all(near(p, v) for p, v in zip(public_values, np.asarray(slip.value, dtype=float).ravel())):
            return True
    for p, r in zip(public_values, reference_values):
        if (
            not near(p, r)
            and classify(
                float(p),
                lambda y, r=r: near(y, r),
                fraction_unbound=answer.fraction_unbound,
                unit=answer.unit or "",
                fraction=answer.fraction,
            )
            is not None
        ):
            return True
    return False


def _distinct(answer, slip_value, reference) -> bool:
    """Whether a slip can be told apart from the reference: some value differs by more than the answer's
    tolerance and the slip tolerance (a "slip" that would be accepted as right is left out)."""
    from microdose.selfcheck import same_value

    if answer.kind in ("exact", "mapping"):
        return _plain(slip_value) != _plain(reference)
    values = np.asarray(slip_value, dtype=float).ravel()
    refs = np.asarray(reference, dtype=float).ravel()
    return not all(same_value(v, r, answer.distinct_rtol, answer.atol) for v, r in zip(values, refs))


def key_cell_source(key_text: str, values_checked: bool) -> str:
    """The locked cell that loads the self-check key."""
    if values_checked:
        intro = [
            "# The answer key for the checks under each question. Run this cell; there is no need to read it:",
            "# it holds salted hashes that recognise the right answers and the usual slips without",
            '# containing them (see "How this is graded" above).',
        ]
    else:
        intro = [
            "# The checks under each question look at the FORM of each answer (a number, a fraction, an",
            "# array of the right length ...). The values are checked when your work is graded. Run this cell.",
        ]
    return "\n".join(
        intro
        + ["from microdose.answerkey import AnswerKey", "", f'answers = AnswerKey.from_text("""\n{key_text}\n""")']
    )


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def build_notebook(
    name: str, variant: str = DEFAULT_VARIANT, values_checked: bool = True, secret: str = ""
) -> nbformat.NotebookNode:
    """The nbgrader source notebook of one problem set and variant (see module docstring;
    ``secret``: the course folder's, see :func:`variant_seed`)."""
    solved = Solved(name, variant, secret)
    parsed = jupytext.reads(render_text(solved, values_checked), fmt="md:myst")
    key_text = solved.key(values_checked).to_text()
    by_cell: dict[str, list[Check]] = {}
    for check in solved.checks:
        by_cell.setdefault(check.cell, []).append(check)
    cells: list = []
    seen_answer_cells, key_written = set(), False

    def add(cell, grade_id=None, **roles):
        index = len(cells)
        cell["id"] = f"{name}-{index:02d}"
        cell.metadata = {"nbgrader": _nbgrader(grade_id or f"{name}-locked-{index:02d}", **roles)}
        cells.append(cell)
        return cell

    for source_cell in parsed.cells:
        meta = dict(source_cell.metadata)
        text = source_cell.source.strip("\n")
        if source_cell.cell_type == "markdown":
            if "manual" in meta:
                add(
                    nbformat.v4.new_markdown_cell(text),
                    meta["manual"],
                    grade=True,
                    solution=True,
                    points=meta["points"],
                )
            else:
                add(nbformat.v4.new_markdown_cell(text), locked=True)
            continue
        if meta.get("key"):
            cell = add(nbformat.v4.new_code_cell(key_cell_source(key_text, values_checked)), locked=True)
            # folded in JupyterLab; left out of the course website, which shows the release as text
            cell.metadata["jupyter"] = {"source_hidden": True}
            cell.metadata["tags"] = ["remove-input"]
            key_written = True
            continue
        if "answer" in meta:
            answer_cell = meta["answer"]
            if answer_cell not in by_cell:
                raise ValueError(f"{name}: answer cell {answer_cell!r} has no check in questions.py")
            if not key_written:
                raise ValueError(
                    f"{name}: the key cell (a code cell with ':key: true') must come before the first answer cell"
                )
            add(nbformat.v4.new_code_cell(text), answer_cell, solution=True)
            seen_answer_cells.add(answer_cell)
            for check in by_cell[answer_cell]:
                source = (
                    visible_check_source(check)
                    + "\n"
                    + hidden_test_source(check, solved.reference, solved.public, solved.public_unnamed)
                )
                cell = add(
                    nbformat.v4.new_code_cell(source), check.grade_id, grade=True, locked=True, points=check.points
                )
                cell.metadata["problemset"] = {
                    "question": check.label,
                    "title": f"Question {check.label} — {check.title}",
                }
            continue
        add(nbformat.v4.new_code_cell(text), locked=True)
    unplaced = sorted(set(by_cell) - seen_answer_cells)
    if unplaced:
        raise ValueError(f"{name}: checks refer to answer cells that notebook.md does not have: {unplaced}")
    notebook = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": dict(_KERNELSPEC), "language_info": {"name": "python"}}
    )
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    nbformat.validate(notebook)
    return notebook


def notebook_text(notebook) -> str:
    """The notebook as stored on disk (nbformat's JSON layout, final newline)."""
    return nbformat.writes(notebook) + "\n"


def source_path(root: Path, name: str) -> Path:
    """Where the nbgrader source notebook of a problem set lives in a course folder."""
    return Path(root) / "solutions" / name / f"{name}.ipynb"


def write_sources(
    root: Path, names: Iterable[str], variant: str = DEFAULT_VARIANT, values_checked: bool = True, secret: str = ""
) -> list[Path]:
    """Write ``solutions/<name>/<name>.ipynb`` in the course folder ``root``; return the paths written."""
    written = []
    for name in names:
        path = source_path(root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_text(build_notebook(name, variant, values_checked, secret)), encoding="utf-8")
        written.append(path)
    return written


def stale_sources(root: Path, names: Iterable[str]) -> list[str]:
    """Problem sets whose committed source notebook differs from what the sources give."""
    stale = []
    for name in names:
        path = source_path(root, name)
        fresh = notebook_text(build_notebook(name))
        if not path.is_file() or path.read_text(encoding="utf-8") != fresh:
            stale.append(name)
    return stale
