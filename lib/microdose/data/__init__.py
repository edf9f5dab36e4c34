"""Published numbers used by the lessons, stored as small CSV tables with a citation per row.

Each table ``<name>.csv`` in this folder has a header row and a ``source``
column (a full reference) that must be filled for every row; numeric-looking
fields are returned as floats. Comment lines start with ``#`` and describe
the table. Use :func:`load_table`::

    from microdose.data import load_table
    rows = load_table("microdose_predictivity")
"""

from __future__ import annotations

import csv
from importlib import resources

__all__ = ["available_tables", "load_table"]


def available_tables() -> list[str]:
    """Names of the bundled tables (without ``.csv``).

    Returns
    -------
    list of str

    References
    ----------
    See the ``source`` column of each table.
    """
    folder = resources.files(__name__)
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".csv"))


def _convert(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def load_table(name: str) -> list[dict[str, float | str]]:
    """Rows of a bundled table as dictionaries (numbers converted to float).

    Parameters
    ----------
    name : str
        Table name, e.g. ``"microdose_predictivity"`` (see :func:`available_tables`).

    Returns
    -------
    list of dict
        One dict per row; the ``source`` field holds the citation.

    Raises
    ------
    ValueError
        If the table does not exist or a row has no source.

    References
    ----------
    See the ``source`` column of each table.
    """
    if not isinstance(name, str) or name not in available_tables():
        raise ValueError(f"name must be one of {available_tables()}; received {name!r}")
    text = resources.files(__name__).joinpath(f"{name}.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = []
    for number, row in enumerate(csv.DictReader(lines), start=2):
        if not (row.get("source") or "").strip():
            raise ValueError(f"table {name!r}, data row {number - 1}: every row needs a source citation")
        rows.append({key: (value if key == "source" else _convert(value)) for key, value in row.items()})
    return rows
