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
