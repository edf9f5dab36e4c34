"""Every bundled table of published numbers loads and cites a source on every row."""

import pytest

from microdose.data import available_tables, load_table


@pytest.mark.parametrize("name", available_tables())
def test_table_loads_with_a_citation_per_row(name):
    rows = load_table(name)
    assert rows, f"{name} is empty"
    for row in rows:
        assert len(row["source"]) > 15, f"{name}: '{row['source']}' is not a full citation"
        assert any(isinstance(v, float) for k, v in row.items() if k != "source"), f"{name}: row without a number"


def test_unknown_table_is_a_clear_error():
    with pytest.raises(ValueError, match="name must be one of"):
        load_table("no_such_table")


def _numeric_constants_with_comments():
    """(module, name, comment) for every public module-level UPPER_CASE number in the library."""
    import ast
    from pathlib import Path

    import microdose

    package = Path(microdose.__file__).parent
    for path in sorted(package.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.parse("\n".join(lines)).body:
            if not (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.isupper()
                and not node.targets[0].id.startswith("_")
            ):
                continue  # private names are implementation details (grids, unit factors)
            names = {type(n).__name__ for n in ast.walk(node.value)}
            if not names <= {
                "Constant",
                "BinOp",
                "UnaryOp",
                "Mult",
                "Div",
                "Add",
                "Sub",
                "Pow",
                "USub",
                "Name",
                "Load",
                "Call",
                "Attribute",
            }:
                continue  # tuples, dicts, strings: not published numbers
            if isinstance(node.value, ast.Constant) and not isinstance(node.value.value, (int, float)):
                continue
            first, last = node.lineno - 1, node.end_lineno - 1
            comment = lines[last].split("#", 1)[1] if "#" in lines[last] else ""
            above = first - 1
            while above >= 0 and lines[above].lstrip().startswith("#"):
                comment = lines[above].lstrip("#: ") + " " + comment
                above -= 1
            yield f"{path.relative_to(package)}:{node.targets[0].id}", comment


CONSTANTS = list(_numeric_constants_with_comments())


@pytest.mark.parametrize("where, comment", CONSTANTS, ids=[c[0] for c in CONSTANTS])
def test_every_library_constant_states_its_source(where, comment):
    """A number in the library is exact (SI, a definition), derived from others, an implementation
    choice that says so, or carries a published source with its year."""
    import re

    assert re.search(r"exact|derived|implementation|teaching figure|(19|20)\d\d", comment), (
        f"{where} needs a comment with its source (publication and year), or 'exact'/'derived'/"
        f"'implementation' (or 'teaching figure' for a labelled rough number): found {comment!r}"
    )


def test_constants_were_found():
    assert len(CONSTANTS) > 20
