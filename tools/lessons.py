"""Build the lesson notebooks students open (``lessons/``) from their text sources (``lessons_md/``).

Every lesson is written once, as a MyST Markdown notebook (jupytext's ``md:myst`` format) in
``lessons_md/``: narrative in plain Markdown, code in ```` ```{code-cell} ```` blocks. A one-sentence
change is a one-line diff, and the code is ordinary text that reviewers and linters read.

``lessons/`` holds the same lessons as ``.ipynb`` notebooks, generated from the text and committed,
so that anyone can open them in any Jupyter (no jupytext needed) and the website shows them. Never
edit ``lessons/*.ipynb`` by hand: the next build overwrites them, and ``tests/test_lesson_sources.py``
fails while they differ from their sources.

Usage (from anywhere, with the course environment active)::

    python tools/lessons.py            # write every lessons/**/*.ipynb from lessons_md/**/*.md
    python tools/lessons.py --check    # exit 1 and name each notebook that is out of date
    python tools/lessons.py --format   # ruff-format the code cells of every source, in place
    python tools/lessons.py --author-settings DIR   # JupyterLab settings of `make author` (used by make)

Authors open ``lessons_md/*.md`` in JupyterLab as notebooks with ``make author`` (see CONTRIBUTING.md):
run, edit, save; jupytext writes the text back without outputs.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "lessons_md"
NOTEBOOK_DIR = ROOT / "lessons"
TEXT_FORMAT = "md:myst"
#: JupyterLab user settings of ``make author``: Markdown files (the lesson sources) open as notebooks
#: through jupytext's "Jupytext Notebook" viewer (right-click > Open With > Editor still edits the text)
AUTHOR_LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    }
}
#: notebook metadata of every generated lesson (what JupyterLab writes for a Python 3 notebook)
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def sources() -> list[Path]:
    """Every lesson source, ``lessons_md/**/*.md``, in course order."""
    return sorted(p for p in SOURCE_DIR.rglob("*.md") if ".ipynb_checkpoints" not in p.parts)


def notebook_path(source: Path) -> Path:
    """The generated notebook of a source: the same relative path under ``lessons/``, ``.ipynb``."""
    return (NOTEBOOK_DIR / source.relative_to(SOURCE_DIR)).with_suffix(".ipynb")


def cell_id_prefix(source: Path) -> str:
    """Stable cell-id prefix of a lesson: ``l1-2`` for ``1_2_receptor_occupancy``, else the stem.

    Cell ids are ``<prefix>-NN`` by position, so a rebuild of an unchanged source is byte-identical.
    """
    parts = source.stem.split("_")
    if len(parts) > 2 and parts[0].isdigit() and parts[1].isdigit():
        return f"l{parts[0]}-{parts[1]}"
    return "start" if source.stem == "00_start_here" else source.stem.replace("_", "-")


def read_source(source: Path) -> nbformat.NotebookNode:
    """Parse one lesson source into a notebook (no outputs)."""
    return jupytext.reads(source.read_text(encoding="utf-8"), fmt=TEXT_FORMAT)


def render_notebook(source: Path) -> str:
    """The ``.ipynb`` text generated from one source: cells as written, no outputs, stable ids."""
    parsed = read_source(source)
    prefix = cell_id_prefix(source)
    new_cell = {
        "code": nbformat.v4.new_code_cell,
        "markdown": nbformat.v4.new_markdown_cell,
        "raw": nbformat.v4.new_raw_cell,
    }
    cells = []
    for index, cell in enumerate(parsed.cells):
        # cell metadata written in the text (``:tags: [...]`` options, ``+++ {...}``) is kept
        new = new_cell[cell.cell_type](cell.source, metadata=dict(cell.metadata))
        new["id"] = f"{prefix}-{index:02d}"
        cells.append(new)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(NOTEBOOK_METADATA))
    notebook.nbformat_minor = 5
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def canonical_text(source: Path) -> str:
    """The source as jupytext writes it (what saving it from JupyterLab gives), except that the
    ``jupytext_version:`` line of the header is kept as stored (it changes with each jupytext release)."""
    text = jupytext.writes(read_source(source), fmt=TEXT_FORMAT)
    stored = re.search(r"^    jupytext_version: .*$", source.read_text(encoding="utf-8"), flags=re.M)
    if stored:
        text = re.sub(r"^    jupytext_version: .*$", lambda _: stored.group(0), text, count=1, flags=re.M)
    return text


def out_of_date() -> list[str]:
    """One line per problem: a generated notebook that differs from its source, is missing, or has no source."""
    problems = []
    expected = {notebook_path(source): source for source in sources()}
    for notebook, source in expected.items():
        rel = notebook.relative_to(ROOT).as_posix()
        if not notebook.exists():
            problems.append(f"{rel} is missing (source {source.relative_to(ROOT).as_posix()})")
        elif notebook.read_text(encoding="utf-8") != render_notebook(source):
            problems.append(f"{rel} differs from {source.relative_to(ROOT).as_posix()}")
    for notebook in sorted(NOTEBOOK_DIR.rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in notebook.parts and notebook not in expected:
            problems.append(f"{notebook.relative_to(ROOT).as_posix()} has no source in lessons_md/")
    return problems


def build() -> list[Path]:
    """Write every generated notebook whose text changed; returns the paths written."""
    written = []
    for source in sources():
        target, text = notebook_path(source), render_notebook(source)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def format_sources() -> list[Path]:
    """Apply ruff's safe lint fixes (``ruff check --fix-only``, e.g. import order) and ``ruff format``
    to the code cells of every source, in place.

    ruff reads notebooks but not Markdown, so each source goes through a temporary ``.ipynb``
    (ruff keeps cell boundaries) and back into text. Returns the sources that changed.
    """
    changed = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = {source: Path(tmp) / (cell_id_prefix(source) + ".ipynb") for source in sources()}
        notebooks = {source: read_source(source) for source in scratch}
        for source, path in scratch.items():
            nbformat.write(notebooks[source], path)
        # one ruff run over all the scratch notebooks per step
        for ruff_command in (["check", "--fix-only", "--exit-zero"], ["format"]):
            subprocess.run(
                [sys.executable, "-m", "ruff", *ruff_command, "--quiet", "--config", str(ROOT / "pyproject.toml"), tmp],
                check=True,
                cwd=ROOT,
            )
        for source, path in scratch.items():
            notebook = notebooks[source]
            formatted = nbformat.read(path, as_version=4)
            for cell, new in zip(notebook.cells, formatted.cells, strict=True):
                cell.source = new.source.rstrip("\n")
            text = jupytext.writes(notebook, fmt=TEXT_FORMAT)
            if text != source.read_text(encoding="utf-8"):
                changed.append(source)
                source.write_text(text, encoding="utf-8")
    return changed


def write_lab_settings(settings_dir: Path, settings: dict = AUTHOR_LAB_SETTINGS) -> None:
    """Write JupyterLab user settings (``{"<plugin file>": {...}}``) into a user-settings folder;
    by default :data:`AUTHOR_LAB_SETTINGS`, for ``make author``."""
    for name, values in settings.items():
        path = Path(settings_dir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report notebooks out of date; write nothing")
    mode.add_argument("--format", action="store_true", help="ruff-format the code cells of the sources")
    mode.add_argument(
        "--author-settings",
        type=Path,
        metavar="DIR",
        help="write the JupyterLab settings of `make author` into DIR and exit",
    )
    args = parser.parse_args(argv)
    if args.author_settings:
        write_lab_settings(args.author_settings)
        return 0
    if args.check:
        problems = out_of_date()
        for line in problems:
            print(line)
        if problems:
            print("run: python tools/lessons.py   (or make lessons)")
        return 1 if problems else 0
    if args.format:
        for source in format_sources():
            print(f"formatted {source.relative_to(ROOT).as_posix()}")
    for target in build():
        print(f"wrote {target.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
