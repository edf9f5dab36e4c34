"""Rebuild the course map on the start page from the lessons and problem sets themselves.

Every lesson opens with ``# Lesson X.Y — Title``, an ``**Estimated time:** N minutes`` line and a
``## Learning objectives`` list; every problem set opens with ``# Problem set N — Title`` and an
``**Estimated time:**`` line. This script reads those headers (lessons from their text sources in
``lessons_md/``, problem sets from the release in ``exercises/``) and writes the "Course map" cell
(the markdown cell that starts with ``## Course map``) of the start page's source,
``lessons_md/00_start_here.md``, then regenerates the notebooks (``tools/lessons.py``), so the start
page cannot drift from the lessons it links to.

Usage::

    python tools/course_map.py          # rewrite the cell in place
    python tools/course_map.py --check  # exit 1 if the start page is out of date (used by the tests)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lessons

ROOT = Path(__file__).resolve().parents[1]
START_SOURCE = lessons.SOURCE_DIR / "00_start_here.md"
START_PAGE = lessons.notebook_path(START_SOURCE)
MAP_HEADING = "## Course map"
OBJECTIVES_SHOWN = 3  # the intro sentence says "three"

CHAPTERS = {
    "ch1_principles": "Chapter 1 — Principles and mechanisms",
    "ch2_applications": "Chapter 2 — Applications and interdisciplinary connections",
    "ch3_practice": "Chapter 3 — Hands-on practice",
}


def _first_markdown(path: Path) -> str:
    """The first markdown cell of a lesson source (.md) or a released problem set (.ipynb)."""
    notebook = lessons.read_source(path) if path.suffix == ".md" else nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            return cell.source
    raise ValueError(f"{path} has no markdown cell")


def _title_and_time(text: str, path: Path) -> tuple[str, str]:
    title = re.match(r"#\s+(.+)", text)
    time = re.search(r"\*\*Estimated time:\*\*\s*([^·\n(]+?)\s*(?:minutes|min)\b", text)
    if not title or not time:
        raise ValueError(f"{path}: the first cell needs a '# Title' line and an '**Estimated time:** N minutes' line")
    return title.group(1).strip(), time.group(1).strip()


def _objectives(text: str, path: Path) -> list[str]:
    """The bullet points under '## Learning objectives', continuation lines joined."""
    section = text.split("## Learning objectives", 1)
    if len(section) != 2:
        raise ValueError(f"{path}: no '## Learning objectives' section in the first cell")
    items: list[str] = []
    for line in section[1].splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.startswith("  ") and items and line.strip():
            items[-1] += " " + line.strip()
        elif line.startswith("#"):
            break
    if not items:
        raise ValueError(f"{path}: the learning objectives list is empty")
    return items


def build_map() -> str:
    """The markdown source of the course-map cell."""
    lines = [
        "## Course map",
        "",
        "Each lesson lists all its learning objectives at the top; here are the first three.",
        "",
    ]
    for chapter_dir, chapter_title in CHAPTERS.items():
        lines += [f"### {chapter_title}", ""]
        for lesson in sorted((lessons.SOURCE_DIR / chapter_dir).glob("*.md")):
            text = _first_markdown(lesson)
            title, minutes = _title_and_time(text, lesson)
            link = lessons.notebook_path(lesson).relative_to(START_PAGE.parent).as_posix()
            lines.append(f"- **[{title}]({link})** ({minutes} min)")
            objectives = _objectives(text, lesson)
            lines += [f"  - {item}" for item in objectives[:OBJECTIVES_SHOWN]]
            if len(objectives) > OBJECTIVES_SHOWN:
                lines.append(f"  - … and {len(objectives) - OBJECTIVES_SHOWN} more in the lesson.")
        if chapter_dir == "ch3_practice":
            lines.append(
                "- **Problem sets** (graded; open them directly to work alone, or receive them through nbgrader):"
            )
            for problem_set in sorted((ROOT / "exercises").glob("ps*/ps*.ipynb")):
                title, minutes = _title_and_time(_first_markdown(problem_set), problem_set)
                link = Path("..", problem_set.relative_to(ROOT)).as_posix()
                lines.append(f"  - [{title}]({link}) ({minutes} min)")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _map_cell(notebook) -> dict:
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(MAP_HEADING):
            return cell
    raise ValueError(f"{START_SOURCE} has no markdown cell that starts with {MAP_HEADING!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)
    notebook = lessons.read_source(START_SOURCE)
    cell = _map_cell(notebook)
    wanted = build_map()
    if args.check:
        if cell.source != wanted:
            print(f"{START_SOURCE.relative_to(ROOT)} is out of date: run python tools/course_map.py")
            return 1
        return 0
    cell.source = wanted
    START_SOURCE.write_text(jupytext.writes(notebook, fmt=lessons.TEXT_FORMAT), encoding="utf-8")
    lessons.build()
    print(f"wrote the course map to {START_SOURCE.relative_to(ROOT)} and {START_PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
