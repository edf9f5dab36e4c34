"""Find student code that could switch off the answer checks, for the instructor to review by hand.

Why this exists
---------------
The tests of a problem set call the course's checkers (``microdose.selfcheck.expect`` in the
hidden tests, ``answers.check`` in the visible ones) in the same Python kernel as the student's
code. nbgrader restores every test cell before grading, but it cannot stop an answer cell from
*replacing the functions those cells call*: ``microdose.selfcheck.expect = lambda *a, **k: None``
makes every hidden test pass. No in-kernel defence holds against a determined student (any
guard can itself be patched), so the course does what can be done reliably: it reads the
student's code **before** it runs (static analysis, which the code cannot influence) and lists
every line that touches the checkers or reaches for the tools of such a patch. The instructor
reads the listed lines; nothing is deducted automatically, because a flagged line may be
innocent (``setattr`` in a helper, ``exec`` in an experiment).

What is flagged
---------------
* assigning to, or deleting, anything reached through a checker name: ``microdose``,
  ``selfcheck``, ``answerkey``, ``expect``, ``AnswerKey`` or the key object ``answers``
  (``answers = None`` disables the visible checks; ``np.isclose = ...`` is not flagged);
* the tools of a patch that names nothing directly: ``setattr``/``delattr``, ``exec``/``eval``/
  ``compile``, ``__import__``, ``importlib``, ``sys.modules``, ``builtins``, ``globals()``,
  ``get_ipython()`` (which can run code before every cell) and ``%``/``!`` magics that load or
  run other code (``%run``, ``%load``, ``%autoreload``).

The model solutions of every problem set raise no flag (``tests/test_tamper.py`` checks it).

References
----------
nbgrader documentation, FAQ: "Does nbgrader protect against unsafe code?" (no); Python
Language Reference, the ``ast`` module.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

CHECKER_NAMES = frozenset({"microdose", "selfcheck", "answerkey", "expect", "AnswerKey", "answers"})
"""Names through which the tests reach the answer checkers."""

PATCH_TOOLS = frozenset(
    {
        "setattr",
        "delattr",
        "exec",
        "eval",
        "compile",
        "__import__",
        "globals",
        "get_ipython",
        "importlib",
        "builtins",
        "__builtins__",
    }
)
"""Names whose use can patch a checker without naming it."""

_MAGIC = re.compile(r"^\s*(%{1,2}|!)(?P<word>\w*)")
_RISKY_MAGICS = frozenset({"run", "load", "autoreload", "aimport", "load_ext", "reload_ext"})


@dataclass(frozen=True)
class Finding:
    """One line of student code for the instructor to read."""

    cell: int  # index of the code cell in the notebook (0-based, code cells only)
    grade_id: str  # the answer cell's grade id, or "" for a scratch cell
    line: int  # line number within the cell (1-based)
    code: str  # the line itself
    why: str  # what it touches

    def __str__(self) -> str:
        where = f"answer cell {self.grade_id}" if self.grade_id else f"code cell {self.cell + 1}"
        return f"{where}, line {self.line}: {self.code.strip()}  ({self.why})"


def _root_names(node: ast.AST) -> set[str]:
    """Every name and attribute along an assignment target (``a.b[c].d`` gives a, b, d)."""
    names = set()
    for part in ast.walk(node):
        if isinstance(part, ast.Name):
            names.add(part.id)
        elif isinstance(part, ast.Attribute):
            names.add(part.attr)
    return names


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return [node.target]
    if isinstance(node, ast.Delete):
        return list(node.targets)
    if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        return [node.target]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [ast.Name(id=node.name)]
    if isinstance(node, ast.NamedExpr):
        return [node.target]
    return []


def scan_source(source: str) -> list[tuple[int, str]]:
    """The suspicious lines of one code cell, as (line number, reason).

    Parameters
    ----------
    source : str
        The cell's code (IPython magics allowed).

    Returns
    -------
    list of (int, str)
        1-based line numbers and what the line touches, in order; empty for ordinary code.

    Examples
    --------
    >>> scan_source("import microdose.selfcheck\\nmicrodose.selfcheck.expect = print")
    [(2, 'replaces or deletes microdose.selfcheck.expect')]
    >>> scan_source("cu_nM = 0.2 * 4.0\\nnp.isclose = abs")
    []
    """
    findings: dict[int, str] = {}
    lines = source.split("\n")
    python_lines = []
    for number, text in enumerate(lines, 1):
        magic = _MAGIC.match(text)
        if magic:
            if magic.group("word") in _RISKY_MAGICS or magic.group(1) == "!":
                findings.setdefault(
                    number, f"runs {'a shell command' if magic.group(1) == '!' else 'a magic'} that can load other code"
                )
            python_lines.append("")  # keep the line numbers of the Python below
        else:
            python_lines.append(text)
    try:
        tree = ast.parse("\n".join(python_lines))
    except SyntaxError:
        return sorted(findings.items())  # the student's syntax error is graded as such
    for node in ast.walk(tree):
        for target in _targets(node):
            touched = _root_names(target) & CHECKER_NAMES
            if touched:
                findings.setdefault(node.lineno, f"replaces or deletes {ast.unparse(target)}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None) or ""
            imported = {alias.name.split(".")[0] for alias in node.names} | {module.split(".")[0]}
            bound = {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            if imported & {"importlib", "builtins"}:
                findings.setdefault(node.lineno, f"imports {', '.join(sorted(imported & {'importlib', 'builtins'}))}")
            elif bound & (CHECKER_NAMES - {"microdose"}) and module.split(".")[0] != "microdose":
                findings.setdefault(
                    node.lineno, f"binds a checker name ({', '.join(sorted(bound & CHECKER_NAMES))}) to something else"
                )
        if isinstance(node, ast.Name) and node.id in PATCH_TOOLS:
            findings.setdefault(node.lineno, f"uses {node.id}")
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "modules"
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            findings.setdefault(node.lineno, "uses sys.modules")
    return sorted(findings.items())


def scan_notebook(notebook) -> list[Finding]:
    """Every suspicious line in a student's notebook (see the module docstring).

    Parameters
    ----------
    notebook : NotebookNode or dict
        The submitted notebook.

    Returns
    -------
    list of Finding
    """
    findings = []
    code_cells = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    for index, cell in enumerate(code_cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") or meta.get("locked"):
            continue  # a test or read-only cell: nbgrader restores the course's own
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        grade_id = meta.get("grade_id", "") if meta.get("solution") else ""
        lines = source.split("\n")
        for number, why in scan_source(source):
            findings.append(Finding(index, grade_id, number, lines[number - 1], why))
    return findings


def scan_file(path: Path) -> list[Finding]:
    """:func:`scan_notebook` of a notebook file; an unreadable file gives no finding (autograde reports it)."""
    import json

    try:
        return scan_notebook(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []
