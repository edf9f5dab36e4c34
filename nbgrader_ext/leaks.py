"""Check that nothing a student receives contains solutions or hidden tests.

One function, :func:`find_leaks`, checks every student-facing artefact: released notebooks
(``exercises/``), generated feedback folders (HTML and any other file), or any other file or
folder. It needs the instructor's notebooks (``solutions/``) to know what is secret:

* every line inside a ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` region and every
  line inside a ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region (model answers and
  rubrics of manually graded cells included), except lines shorter than ``min_chars`` (8) and lines
  whose text (or word sequence) also occurs outside those regions (``import math``, a ``print``
  after the solution, an example in the question's text): students see those anyway;
* the four markers themselves.

Regions and that rule are :mod:`nbgrader_ext.regions` (:func:`~nbgrader_ext.regions.split_regions`,
:func:`~nbgrader_ext.regions.secret_lines`), shared with the feedback's redaction, so the feedback
hides exactly what this checker looks for.

A line counts as leaked if it occurs in a file's text (for HTML: both with the tags removed and
entities decoded, and as raw markup, so text hidden in attributes is seen too; ANSI colour codes
are removed everywhere), or if its sequence of words occurs in that text (markdown rendered to
HTML loses ``**`` and backticks). Word matching ignores the string literals of a hidden-test
line: those are the messages of failed tests, which students are meant to read, whether a line
holds only a message, a message as a dictionary key (``"message": value``) or a message inside a
call (``("kind", 0.05, "message")``); the rest of the line, its code and numbers, must not show.

Usage::

    from nbgrader_ext.leaks import find_leaks, secrets_from_notebooks
    secrets = secrets_from_notebooks(["solutions/ps1_occupancy/ps1_occupancy.ipynb"])
    assert not find_leaks(["exercises/ps1_occupancy", "feedback/alice/ps1_occupancy"], secrets)

For a student's feedback, pass the student's submitted notebook(s) as ``own_work``: lines the
student wrote themselves (their correct code equals the solution's) are not leaks.

From the command line (exit status 0: nothing leaks; 1: leaks, listed one per line; 2: not a
course folder or a bad option)::

    python -m nbgrader_ext.leaks                 # the course in the current folder
    python -m nbgrader_ext.leaks path/to/course  # checks its exercises/ and feedback/*/*/
    python -m nbgrader_ext.leaks --help
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .regions import (
    HIDDEN_TEST,
    MARKER,
    MARKERS,
    MIN_SECRET_CHARS,
    SOLUTION,
    VISIBLE,
    secret_lines,
    split_regions,
    words,
)

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_TAG = re.compile(r"<[^>]*>", re.S)
_STRING_LITERAL = re.compile(r"""[rRbBuUfF]{0,2}("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def code_words(line: str) -> str:
    """The words of a source line outside its string literals (the code and numbers, not the messages).

    Examples
    --------
    >>> code_words('"you kept the LARGER limit": 100.0,')
    ' 100 0 '
    >>> code_words('expect("2d", "theta", 0.882, follow="cu / (cu + kd)")')
    ' expect 0 882 follow '
    """
    return words(_STRING_LITERAL.sub(" ", line))


@dataclass(frozen=True)
class Secret:
    """One line that must not reach students, and where it comes from."""

    kind: str  # "hidden test", "solution" or "marker"
    line: str  # stripped source line
    source: str  # the instructor notebook it comes from


@dataclass(frozen=True)
class Leak:
    """A secret found in a student-facing file."""

    path: str
    kind: str
    line: str
    how: str  # "text" (verbatim) or "words" (same word sequence)

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} line ({self.how}) {self.line!r}"


def _notebook_sources(path: Path) -> list[str]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]]


def secrets_from_notebooks(paths: Iterable[str | Path], min_chars: int = MIN_SECRET_CHARS) -> list[Secret]:
    """The secret lines of the instructor's notebooks (see module doc).

    Regions are read by :func:`nbgrader_ext.regions.split_regions` and a line is secret by the
    rule of :func:`nbgrader_ext.regions.secret_lines`, which the feedback's redaction shares.

    Parameters
    ----------
    paths : iterable of path
        Source notebooks (``solutions/<set>/<notebook>.ipynb``).
    min_chars : int
        Stripped lines shorter than this are ignored (``)``, ``else:``, ``pass``); the default is
        the course's one threshold, :data:`nbgrader_ext.regions.MIN_SECRET_CHARS`.
    """
    secrets: list[Secret] = []
    for path in paths:
        parts: dict[str, list[str]] = {VISIBLE: [], HIDDEN_TEST: [], SOLUTION: []}
        for source in _notebook_sources(Path(path)):
            split = split_regions(source)
            for kind, lines in parts.items():
                lines.extend(split.of(kind))
        for kind in (HIDDEN_TEST, SOLUTION):
            secrets += [Secret(kind, line, str(path)) for line in secret_lines(parts[kind], parts[VISIBLE], min_chars)]
        secrets += [Secret(MARKER, marker, str(path)) for marker in MARKERS]
    return secrets


def readable_texts(path: Path) -> list[str]:
    """The texts of a file in which a secret is looked for (see module doc)."""
    raw = Path(path).read_bytes().decode("utf-8", errors="replace")
    raw = _ANSI.sub("", raw)
    if path.suffix == ".ipynb":
        try:
            strings: list[str] = []

            def walk(value):
                if isinstance(value, str):
                    strings.append(value)
                elif isinstance(value, list):
                    if value and all(isinstance(v, str) for v in value):
                        strings.append("".join(value))
                    else:
                        for v in value:
                            walk(v)
                elif isinstance(value, dict):
                    for v in value.values():
                        walk(v)

            walk(json.loads(raw))
            return [_ANSI.sub("", "\n".join(strings)), raw]
        except ValueError:
            return [raw]
    if path.suffix in (".html", ".htm", ".xml", ".svg"):
        return [html.unescape(_TAG.sub("", raw)), html.unescape(raw)]
    return [raw]


def find_leaks(
    places: Iterable[str | Path], secrets: list[Secret], own_work: Iterable[str | Path] = (), min_words: int = 4
) -> list[Leak]:
    """Every secret found in the files at ``places`` (files, or folders searched recursively).

    Parameters
    ----------
    places : iterable of path
        Student-facing files or folders.
    secrets : list of Secret
        From :func:`secrets_from_notebooks`.
    own_work : iterable of path, optional
        The student's own submitted notebooks: their lines are not leaks in that student's
        feedback.
    min_words : int
        Word-sequence matching is used for secrets of at least this many words.

    Returns
    -------
    list of Leak
        Empty when nothing leaks.
    """
    own = set()
    for path in own_work:
        for source in _notebook_sources(Path(path)):
            own.update(line.strip() for line in source.split("\n"))
    active = [s for s in secrets if s.kind == MARKER or s.line not in own]
    files: list[Path] = []
    for place in places:
        place = Path(place)
        files.extend(sorted(p for p in place.rglob("*") if p.is_file()) if place.is_dir() else [place])
    leaks: list[Leak] = []
    for path in files:
        texts = readable_texts(path)
        word_texts = [words(t) for t in texts]
        for secret in active:
            if any(secret.line in text for text in texts):
                leaks.append(Leak(str(path), secret.kind, secret.line, "text"))
                continue
            if secret.kind == MARKER:
                continue
            sequence = code_words(secret.line) if secret.kind == HIDDEN_TEST else words(secret.line)
            if len(sequence.split()) >= min_words and any(sequence in text for text in word_texts):
                leaks.append(Leak(str(path), secret.kind, secret.line, "words"))
    return leaks


def check_course(
    root: str | Path = ".",
    source: str = "solutions",
    release: str = "exercises",
    submitted: str = "submitted",
    feedback: str = "feedback",
) -> list[Leak]:
    """Check a course's release folder and every feedback folder (see module doc).

    Each ``<feedback>/<student>/<assignment>/`` folder is checked with that assignment's secrets,
    the student's own submitted notebooks being their own work.
    """
    root = Path(root)
    leaks: list[Leak] = []
    for assignment_dir in sorted(p for p in (root / source).iterdir() if p.is_dir()):
        secrets = secrets_from_notebooks(sorted(assignment_dir.glob("*.ipynb")))
        if (root / release / assignment_dir.name).is_dir():
            leaks += find_leaks([root / release / assignment_dir.name], secrets)
        for folder in sorted((root / feedback).glob(f"*/{assignment_dir.name}")):
            student = folder.parent.name
            own = sorted((root / submitted / student / assignment_dir.name).glob("*.ipynb"))
            leaks += find_leaks([folder], secrets, own_work=own)
    return leaks


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m nbgrader_ext.leaks``."""
    parser = argparse.ArgumentParser(
        prog="python -m nbgrader_ext.leaks",
        description="Check that nothing students receive (the release folder and every feedback folder "
        "of a course) contains a hidden test, a solution or an nbgrader marker, using the "
        "instructor notebooks of the source folder to know what is secret.",
        epilog="Exit status: 0 if nothing leaks, 1 if something does (each leak is printed: file, kind, "
        "line), 2 if COURSE is not a course folder or an option is wrong.",
    )
    parser.add_argument(
        "course",
        nargs="?",
        default=Path("."),
        type=Path,
        metavar="COURSE",
        help="the course folder, holding the source, release and feedback folders (default: the current folder)",
    )
    parser.add_argument(
        "--source",
        default="solutions",
        metavar="DIR",
        help="source folder (instructor notebooks), relative to COURSE (default: %(default)s)",
    )
    parser.add_argument(
        "--release",
        default="exercises",
        metavar="DIR",
        help="release folder (what students receive) (default: %(default)s)",
    )
    parser.add_argument(
        "--submitted",
        default="submitted",
        metavar="DIR",
        help="submitted folder (the students' own work is not a leak in their own feedback) (default: %(default)s)",
    )
    parser.add_argument("--feedback", default="feedback", metavar="DIR", help="feedback folder (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the check of :func:`check_course` from the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not (args.course / args.source).is_dir():
        parser.error(
            f"{args.course} is not a course folder: it has no {args.source}/ folder of instructor "
            "notebooks. Give the folder that holds nbgrader_config.py and solutions/ "
            "(or name the source folder with --source)."
        )
    found = check_course(
        args.course, source=args.source, release=args.release, submitted=args.submitted, feedback=args.feedback
    )
    if found:
        print("\n".join(map(str, found)))
        print(f"{len(found)} leak(s): do not hand these files to students")
        return 1
    print(f"no leaks: no hidden test, solution or marker in {args.release}/ or {args.feedback}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
