"""Keep hidden tests out of the feedback students receive.

nbgrader 0.9.6 builds the feedback HTML from the *autograded* notebook, in which every test
cell has been restored from the gradebook **with its hidden tests**, and its default
``GenerateFeedback.preprocessors`` (``GetGrades``, ``CSSHTMLHeaderPreprocessor``) do not remove
them: the student sees every ``### BEGIN HIDDEN TESTS`` region, markers included. The
maintainers consider this a feature (jupyter/nbgrader#917: students learn from the hidden tests);
this course reuses its hidden tests and their reference values, so it hides them.

:class:`HideHiddenTests` runs during ``nbgrader generate_feedback``. It

1. removes every hidden-test region from every cell's source (a short comment takes its place, so
   the student knows the cell held hidden tests), without failing on an unterminated or stray
   marker that a student typed into an answer;
2. redacts, in every output of every cell, each line that contains a line of a hidden test:
   IPython tracebacks quote the source lines around the failing line, warnings quote the line
   that raised them, and a student's code can print ``In`` (the executed cells) in a later cell.

It keeps what the student needs: the score of each graded cell (added by ``GetGrades``), the
visible tests, and the outputs and tracebacks, including the *message* of a failed hidden test
(the course writes those messages for students: they name the slip, never the answer).

Limits (stated honestly): a student's code runs in the same kernel as the tests at autograde
time, so a determined student can encode a hidden test (base64, one character per line, ...) in
an output, and no redaction can recognise every encoding. Line redaction stops plain leaks; the
instructor's protection against deliberate exfiltration is to look at flagged submissions.

Wiring (``nbgrader_config.py``)::

    from nbgrader_ext.feedback import feedback_preprocessors
    c.GenerateFeedback.preprocessors = feedback_preprocessors()
"""

from __future__ import annotations

import re
from typing import Iterable

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from traitlets import Integer, Unicode

from nbgrader.preprocessors import NbGraderPreprocessor

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
"""ANSI colour codes, as IPython puts them into tracebacks."""


def strip_ansi(text: str) -> str:
    """Return ``text`` without ANSI colour codes."""
    return ANSI_ESCAPE.sub("", text)


def split_hidden_regions(source: str, begin: str = "BEGIN HIDDEN TESTS",
                         end: str = "END HIDDEN TESTS") -> tuple[list[str], list[str], bool]:
    """Split a cell's source into visible lines and hidden-test lines.

    A region runs from a line containing ``begin`` to the next line containing ``end`` (both
    marker lines are hidden). Unlike nbgrader's ``ClearHiddenTests`` this never raises: an
    unterminated region runs to the end of the cell, and a stray ``end`` marker is dropped.

    Parameters
    ----------
    source : str
        The cell source.
    begin, end : str
        The delimiters (nbgrader's defaults).

    Returns
    -------
    visible : list of str
        The lines outside hidden regions.
    hidden : list of str
        The lines inside hidden regions, markers included.
    found : bool
        Whether any marker was found.

    Examples
    --------
    >>> split_hidden_regions("a = 1\\n### BEGIN HIDDEN TESTS\\nassert a == 1\\n### END HIDDEN TESTS")
    (['a = 1'], ['### BEGIN HIDDEN TESTS', 'assert a == 1', '### END HIDDEN TESTS'], True)
    """
    visible: list[str] = []
    hidden: list[str] = []
    inside = found = False
    for line in source.split("\n"):
        if begin in line:
            inside = found = True
            hidden.append(line)
        elif end in line:
            inside, found = False, True
            hidden.append(line)
        elif inside:
            hidden.append(line)
        else:
            visible.append(line)
    return visible, hidden, found


def secret_lines(hidden: Iterable[str], public: Iterable[str], min_chars: int = 6) -> set[str]:
    """The hidden-test lines worth hiding: long enough to mean something, and not public anyway.

    Parameters
    ----------
    hidden : iterable of str
        Lines from hidden-test regions.
    public : iterable of str
        Lines the student sees anyway (the visible parts of every cell).
    min_chars : int
        Shorter stripped lines (``)``, ``else:``) are not secrets.

    Returns
    -------
    set of str
        Stripped secret lines.

    Examples
    --------
    >>> sorted(secret_lines(["import math", "_expected = 36.0", ")"], ["import math"]))
    ['_expected = 36.0']
    """
    public_set = {line.strip() for line in public}
    return {line.strip() for line in hidden
            if len(line.strip()) >= min_chars and line.strip() not in public_set}


def redact_lines(text: str, secrets: set[str], replacement: str) -> tuple[str, int]:
    """Replace every line of ``text`` that contains a secret (ANSI codes ignored).

    A run of consecutive such lines becomes a single ``replacement`` line. Returns the new text
    and the number of lines removed.

    Examples
    --------
    >>> redact_lines("ok\\n  12 _x = 1.0\\n---> 13 _expected = 36.0\\nAssertionError: Q3a",
    ...              {"_expected = 36.0", "_x = 1.0"}, "[hidden]")
    ('ok\\n[hidden]\\nAssertionError: Q3a', 2)
    """
    if not secrets or not text:
        return text, 0
    kept: list[str] = []
    count = 0
    for line in text.split("\n"):
        plain = strip_ansi(line)
        if any(secret in plain for secret in secrets):
            count += 1
            if not kept or kept[-1] != replacement:
                kept.append(replacement)
        else:
            kept.append(line)
    return "\n".join(kept), count


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests from a notebook's sources and outputs (for ``generate_feedback``)."""

    begin_delimiter = Unicode("BEGIN HIDDEN TESTS", help="Marks the start of a hidden-test region").tag(config=True)
    end_delimiter = Unicode("END HIDDEN TESTS", help="Marks the end of a hidden-test region").tag(config=True)
    source_placeholder = Unicode(
        "# (hidden tests: the grader ran them and counted them in the score; they are not shown)",
        help="Put in a cell's source where a hidden-test region was removed",
    ).tag(config=True)
    output_placeholder = Unicode(
        "[a line that quotes a hidden test is not shown]",
        help="Replaces an output line that contains a line of a hidden test",
    ).tag(config=True)
    min_secret_chars = Integer(
        6, help="Hidden-test lines shorter than this (after stripping) are not redacted from outputs"
    ).tag(config=True)

    def _gradebook_hidden_lines(self, resources: ResourcesDict) -> list[str]:
        """Hidden lines of the instructor's version of this notebook, from the gradebook.

        A student may have deleted or renamed a test cell; the gradebook still holds the
        original, so its hidden lines are redacted from outputs even then.
        """
        info = resources.get("nbgrader", {}) if resources else {}
        if not {"db_url", "assignment", "notebook"} <= set(info):
            return []
        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(info["db_url"]) as gb:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
                sources = [cell.source for cell in notebook.source_cells]
        except MissingEntry:
            self.log.warning("HideHiddenTests: notebook %s is not in the gradebook", info["notebook"])
            return []
        hidden: list[str] = []
        for source in sources:
            hidden.extend(split_hidden_regions(source, self.begin_delimiter, self.end_delimiter)[1])
        return hidden

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        hidden = self._gradebook_hidden_lines(resources)
        public: list[str] = []
        removed_cells = 0
        for cell in nb.cells:
            visible, cell_hidden, found = split_hidden_regions(cell.source, self.begin_delimiter,
                                                               self.end_delimiter)
            if found:
                removed_cells += 1
                hidden.extend(cell_hidden)
                if cell.cell_type == "code":
                    visible.append(self.source_placeholder)
                cell.source = "\n".join(visible).rstrip("\n")
            public.extend(visible)
        secrets = secret_lines(hidden, public, self.min_secret_chars)
        secrets |= {self.begin_delimiter, self.end_delimiter}
        redacted = sum(self._redact_outputs(cell, secrets) for cell in nb.cells if cell.cell_type == "code")
        if removed_cells or redacted:
            self.log.info("HideHiddenTests: hid the hidden tests of %d cell(s) and %d output line(s)",
                          removed_cells, redacted)
        if "celltoolbar" in nb.metadata:
            del nb.metadata["celltoolbar"]
        return nb, resources

    def _redact(self, value, secrets: set[str]):
        """Redact a str or a list of str (nbformat allows both); return (value, count)."""
        if isinstance(value, list):
            joined, count = redact_lines("".join(value), secrets, self.output_placeholder)
            return ([joined] if count else value), count
        if isinstance(value, str):
            return redact_lines(value, secrets, self.output_placeholder)
        return value, 0

    def _redact_outputs(self, cell: NotebookNode, secrets: set[str]) -> int:
        total = 0
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                output["text"], n = self._redact(output.get("text", ""), secrets)
                total += n
            elif kind == "error":
                output["evalue"], n = self._redact(output.get("evalue", ""), secrets)
                total += n
                new_traceback = []
                for entry in output.get("traceback", []):
                    entry, n = self._redact(entry, secrets)
                    total += n
                    new_traceback.append(entry)
                output["traceback"] = new_traceback
            elif kind in ("display_data", "execute_result"):
                data = output.get("data", {})
                for mimetype in list(data):
                    if not mimetype.startswith("image/"):      # images are base64: nothing to match
                        data[mimetype], n = self._redact(data[mimetype], secrets)
                        total += n
        return total


def feedback_preprocessors() -> list:
    """nbgrader's default ``GenerateFeedback.preprocessors`` with :class:`HideHiddenTests` added.

    It runs right after ``GetGrades`` (which reads each cell's score from the gradebook). The
    list is derived from the installed nbgrader's defaults, so an upgrade that adds a step keeps
    it; an upgrade that drops ``GetGrades`` fails here, loudly, instead of silently leaking.
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades

    default = list(GenerateFeedback.class_traits()["preprocessors"].default())
    if GetGrades not in default:
        raise RuntimeError(f"nbgrader's GenerateFeedback.preprocessors no longer contain GetGrades: {default}; "
                           "update nbgrader_ext.feedback.feedback_preprocessors")
    position = default.index(GetGrades) + 1
    return default[:position] + [HideHiddenTests] + default[position:]
