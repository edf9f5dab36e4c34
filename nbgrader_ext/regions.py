"""The solution and hidden-test regions of a cell's source, and which of their lines are secret.

nbgrader marks what students must not see with comment lines in the instructor's notebooks::

    ### BEGIN SOLUTION            ### BEGIN HIDDEN TESTS
    ratio = cu / kd               expect("2d", "theta", 0.882)
    ### END SOLUTION              ### END HIDDEN TESTS

This module is the one place of the course's extensions that reads those markers
(:func:`split_regions`) and the one definition of a *secret line* (:func:`secret_lines`): the
feedback preprocessor (:mod:`nbgrader_ext.feedback`) removes and redacts exactly what the leak
checker (:mod:`nbgrader_ext.leaks`) looks for.

A marker is recognised as nbgrader recognises it: a line that *contains* the delimiter text
(nbgrader's defaults are :data:`REGIONS`; :class:`~nbgrader_ext.feedback.HideHiddenTests` takes
its own configured delimiters). Unlike nbgrader's ``ClearSolutions`` and ``ClearHiddenTests``,
the parser never raises, because it also reads markers a student typed into an answer; where the
markers are malformed it hides rather than shows:

* an unterminated region runs to the end of the source;
* regions nest: a ``BEGIN`` inside an open region opens an inner one (its lines belong to the
  inner kind), and an ``END`` closes the innermost open region of its own kind only;
* an ``END`` with no open region of its kind (a stray marker) closes nothing;
* marker lines belong to no region and are never visible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HIDDEN_TEST = "hidden test"
"""Kind of the lines inside a hidden-test region."""
SOLUTION = "solution"
"""Kind of the lines inside a solution region (model answers, and rubrics of written answers)."""
VISIBLE = "visible"
"""Kind of the lines outside every region."""
MARKER = "marker"
"""Kind of a line that holds a region's begin or end marker."""

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"

REGIONS: dict[str, tuple[str, str]] = {
    HIDDEN_TEST: (BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS),
    SOLUTION: (BEGIN_SOLUTION, END_SOLUTION),
}
"""nbgrader's default delimiters, by region kind; on a line holding two begin markers the first kind here wins."""

MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS)
"""The four marker texts, themselves secret: none may reach a student."""

MIN_SECRET_CHARS = 8
"""The shortest stripped line that counts as secret (see :func:`secret_lines`)."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SplitSource:
    """A cell's source, line by line, each line with its kind (see :func:`split_regions`).

    Attributes
    ----------
    lines : tuple of (str, str)
        ``(kind, line)`` for every line of the source, in order; ``kind`` is :data:`VISIBLE`,
        :data:`MARKER` or a region kind (:data:`HIDDEN_TEST`, :data:`SOLUTION`).
    """

    lines: tuple[tuple[str, str], ...]

    def of(self, kind: str) -> list[str]:
        """The lines of one kind, in order."""
        return [line for line_kind, line in self.lines if line_kind == kind]

    @property
    def visible(self) -> list[str]:
        """The lines outside every region (marker lines excluded)."""
        return self.of(VISIBLE)

    @property
    def found(self) -> bool:
        """Whether the source holds any marker (a stray one included)."""
        return any(kind == MARKER for kind, _ in self.lines)

    def without_markers(self) -> str:
        """The source with its marker lines removed: a solution cell as a student who solved it would type it."""
        return "\n".join(line for kind, line in self.lines if kind != MARKER)


def split_regions(source: str, regions: Mapping[str, tuple[str, str]] = REGIONS) -> SplitSource:
    """Split a cell's source into visible lines, region lines and marker lines.

    Parameters
    ----------
    source : str
        The cell source.
    regions : mapping of str to (str, str)
        ``{kind: (begin, end)}``: the regions to recognise and their delimiters, default
        :data:`REGIONS` (both of nbgrader's). Pass one kind to read only that one (the text of
        another kind's markers is then ordinary text).

    Returns
    -------
    SplitSource
        Every line with its kind. Malformed markers never raise (module docstring): an
        unterminated region runs to the end, regions nest, a stray ``END`` closes nothing.

    Examples
    --------
    >>> split = split_regions("a = 1\\n### BEGIN HIDDEN TESTS\\nassert a == 1\\n### END HIDDEN TESTS\\nb = 2")
    >>> split.visible, split.of(HIDDEN_TEST), split.found
    (['a = 1', 'b = 2'], ['assert a == 1'], True)
    >>> split_regions("### BEGIN SOLUTION\\nx = 2\\n### END SOLUTION").without_markers()
    'x = 2'
    """
    open_kinds: list[str] = []  # the open regions, innermost last
    lines: list[tuple[str, str]] = []
    for line in source.split("\n"):
        begins = [kind for kind, (begin, _) in regions.items() if begin in line]
        ends = [kind for kind, (_, end) in regions.items() if end in line]
        if begins:
            open_kinds.append(begins[0])
        elif ends:
            for kind in ends:
                if kind in open_kinds:  # the innermost region of that kind; a stray END closes nothing
                    del open_kinds[len(open_kinds) - 1 - open_kinds[::-1].index(kind)]
        else:
            lines.append((open_kinds[-1] if open_kinds else VISIBLE, line))
            continue
        lines.append((MARKER, line))
    return SplitSource(tuple(lines))


def words(text: str) -> str:
    """The sequence of words of ``text``, space-separated and space-padded (for matching whole words).

    Examples
    --------
    >>> words("x = f(a, 2.5)")
    ' x f a 2 5 '
    """
    return " " + " ".join(_WORD.findall(text)) + " "


def secret_lines(lines: Iterable[str], public: Iterable[str], min_chars: int = MIN_SECRET_CHARS) -> list[str]:
    """The lines of hidden tests or solutions that must not reach a student: the one rule of the course.

    A line is secret when its stripped text

    1. has at least ``min_chars`` characters, and
    2. occurs in no public text: neither verbatim (as part of a line, too) nor as the same sequence of
       words (markdown rendering drops backticks and ``**``; an HTML page drops tags).

    Why ``min_chars`` is 8 (:data:`MIN_SECRET_CHARS`): a secret is looked for as a substring of a
    whole file (the leak checker reads feedback pages, which carry nbgrader's several hundred
    kilobytes of CSS and JavaScript) and of every output line (the feedback redacts any line that
    contains one). A line of 6 or 7 characters (``return``, ``except:``, ``x = 1.0``) turns up
    by chance in such text, so the leak check of a clean course would fail and innocent output
    lines would vanish from the feedback. At 8 characters a line holds an assignment of a
    number (``k = 0.25``). Every line of the course's solution and hidden-test regions is longer
    (the shortest is 11 characters, ``fall = 0.10``), so this threshold hides all of them. The
    leak checker used 8 and the feedback 6 before they shared this rule; with one rule, the
    feedback hides exactly what the leak checker looks for.

    Parameters
    ----------
    lines : iterable of str
        Lines from hidden-test or solution regions.
    public : iterable of str
        Lines the student sees anyway (the visible lines of every cell).
    min_chars : int
        Shorter stripped lines are not secret; :data:`MIN_SECRET_CHARS` unless a caller is
        configured otherwise.

    Returns
    -------
    list of str
        The stripped secret lines, each once, in their first order.

    Examples
    --------
    >>> secret_lines(["import math", "_expected = 36.0", ")", "_expected = 36.0"], ["import math"])
    ['_expected = 36.0']
    >>> secret_lines(["total = dose * 1e3"], ["Use **total** = **dose** * 1e3 here."])  # the same words
    []
    """
    public_text = "\n".join(public)
    public_words = words(public_text)
    secrets: list[str] = []
    seen: set[str] = set()
    for line in lines:
        line = line.strip()
        if line in seen or len(line) < min_chars or line in public_text or words(line) in public_words:
            continue  # seen, too short to mean anything, or the student sees it anyway
        seen.add(line)
        secrets.append(line)
    return secrets
