"""Small fixes that let autodoc render the library's docstrings as the API reference.

1. Document the library's constants by the source comment written beside them.

Every numeric constant of ``microdose`` carries its source in a comment, on the same line or in
``#:`` lines just above (``tests/test_data.py`` requires it)::

    SMALL_MOLECULE_CAP_UG = 100.0  # ICH M3(R2) 2009, Section 7, Approach 1

Sphinx autodoc reads ``#:`` comments but not trailing ones, so the API reference would show such a
constant's value with no source. This extension (loaded by ``site/_config.yml``) hooks
``autodoc-process-docstring``: for a module-level constant with no docstring of its own, it reads the
comment lines above the assignment and its trailing comment, and uses them as the docstring.

2. Module docstrings use numpydoc-style headings (``References`` underlined with dashes); inside an
API page they become rubrics rather than sections (see ``_headings_to_rubrics``).
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect

from sphinx.application import Sphinx


@functools.cache
def _source_comments(module_name: str) -> dict[str, str]:
    """``{NAME: comment}`` for every module-level constant of a module that has a comment: the
    ``#`` lines right above the assignment and the trailing ``# comment`` of its last line (the same
    reading as ``tests/test_data.py``, which requires every numeric constant to have one)."""
    module = importlib.import_module(module_name)
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return {}
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
            if not isinstance(target, ast.Name):
                continue
            parts = []
            above = node.lineno - 2
            while above >= 0 and lines[above].lstrip().startswith("#"):
                parts.insert(0, lines[above].strip().lstrip("#:").strip())
                above -= 1
            tokens = lines[node.end_lineno - 1].split("  # ", 1)
            if len(tokens) == 2:
                parts.append(tokens[1].strip())
            text = " ".join(part for part in parts if part)
            if text:
                found[target.id] = text
    return found


def _add_comment(app: Sphinx, what: str, name: str, obj, options, lines: list[str]) -> None:
    if what != "data":
        return
    # a constant without a docstring of its own shows its type's docstring (float: "Convert a string
    # or number to a floating point number..."): that is no documentation of the constant
    inherited = [line.strip() for line in inspect.cleandoc(type(obj).__doc__ or "").splitlines() if line.strip()]
    # (numpydoc appends an rst comment, ".." + "!! processed by numpydoc !!", to every docstring)
    own = [line.strip() for line in lines if line.strip() and line.strip() not in ("..", "!! processed by numpydoc !!")]
    if own and own != inherited:
        return
    module_name, _, constant = name.rpartition(".")
    comment = _source_comments(module_name).get(constant)
    lines[:] = [comment[0].upper() + comment[1:], ""] if comment else []


def _headings_to_rubrics(app: Sphinx, what: str, name: str, obj, options, lines: list[str]) -> None:
    """A module docstring's numpydoc-style headings (``References`` over a ``----------`` line)
    become rubrics: as real sections they would all get the same page label ("references") and
    break the page's table of contents."""
    if what != "module":
        return
    out: list[str] = []
    index, in_references = 0, False
    while index < len(lines):
        title = lines[index]
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        if title.strip() and set(underline.strip()) == {"-"} and len(underline.strip()) >= len(title.strip()):
            out += [f".. rubric:: {title.strip()}", ""]
            in_references = title.strip() == "References"
            index += 2
            continue
        if in_references and title.strip() and not title.startswith(" "):
            # one reference per entry: an entry starts after a line that ends a citation (".")
            starts_entry = not out or not out[-1].strip() or out[-1].rstrip().endswith(".")
            title = ("- " if starts_entry else "  ") + title
        out.append(title)
        index += 1
    lines[:] = out


def setup(app: Sphinx) -> dict:
    app.connect("autodoc-process-docstring", _add_comment)
    app.connect("autodoc-process-docstring", _headings_to_rubrics)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
