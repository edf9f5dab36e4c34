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
   marker that a student typed into an answer (:func:`nbgrader_ext.regions.split_regions`);
2. redacts, in every output of every cell, each line that contains a secret line of a hidden test
   (:func:`nbgrader_ext.regions.secret_lines`, the rule the leak checker uses):
   IPython tracebacks quote the source lines around the failing line, warnings quote the line
   that raised them, and a student's code can print ``In`` (the executed cells) in a later cell.

It keeps what the student needs: the score of each graded cell (added by ``GetGrades``), the
visible tests, and the outputs and tracebacks, including the *message* of a failed hidden test
(the course writes those messages for students: they name the slip, never the answer).

Limits (stated honestly): a student's code runs in the same kernel as the tests at autograde
time, so a determined student can encode a hidden test (base64, one character per line, ...) in
an output, and no redaction can recognise every encoding. Line redaction stops plain leaks; the
instructor's protection against deliberate exfiltration is to look at flagged submissions.

The answer-key cell
-------------------
Each problem set has a read-only cell that loads the self-check key from several thousand
characters of base64 (``answers = AnswerKey.from_text(...)`` with a triple-quoted string).
:class:`HideAnswerKey` shows that text in the feedback as one line, ``# (answer key: 4,639
characters, not shown)``, and leaves the rest of the cell, and every other cell, as it is.

The feedback page itself
------------------------
nbgrader's feedback page lists every graded cell as "Test cell" (13 times in a problem set),
shows an answer still waiting for a manual grade as "0.0 / 4.0", and lets long assertion
messages run off the side of the page. :class:`NameGradedCells` (a preprocessor, after
``GetGrades``) names each graded cell (:func:`question_title`) and records, from the gradebook,
whether its grade is final; :class:`CourseFeedbackExporter` renders the page with the course's
template (``nbgrader_ext/templates/course_feedback/``, an extension of nbgrader's), which shows
those names, says "awaiting manual grading" and "provisional" where they apply, and wraps long
lines.

Wiring (``nbgrader_config.py``)::

    from nbgrader_ext.feedback import CourseFeedbackExporter, feedback_preprocessors
    c.GenerateFeedback.preprocessors = feedback_preprocessors()   # + HideAnswerKey, NameGradedCells
    c.GenerateFeedback.exporter_class = CourseFeedbackExporter
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode

from .regions import (
    BEGIN_HIDDEN_TESTS,
    END_HIDDEN_TESTS,
    HIDDEN_TEST,
    MIN_SECRET_CHARS,
    SplitSource,
    secret_lines,
    split_regions,
)

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
"""ANSI colour codes, as IPython puts them into tracebacks."""


def strip_ansi(text: str) -> str:
    """Return ``text`` without ANSI colour codes."""
    return ANSI_ESCAPE.sub("", text)


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

    begin_delimiter = Unicode(BEGIN_HIDDEN_TESTS, help="Marks the start of a hidden-test region").tag(config=True)
    end_delimiter = Unicode(END_HIDDEN_TESTS, help="Marks the end of a hidden-test region").tag(config=True)
    source_placeholder = Unicode(
        "# (hidden tests: the grader ran them and counted them in the score; they are not shown)",
        help="Put in a cell's source where a hidden-test region was removed",
    ).tag(config=True)
    output_placeholder = Unicode(
        "[a line that quotes a hidden test is not shown]",
        help="Replaces an output line that contains a line of a hidden test",
    ).tag(config=True)
    min_secret_chars = Integer(
        MIN_SECRET_CHARS,
        help="Hidden-test lines shorter than this (after stripping) are not redacted from outputs; the default is "
        "the threshold the leak checker uses (nbgrader_ext.regions.secret_lines says why)",
    ).tag(config=True)

    def _split(self, source: str) -> SplitSource:
        """A source split at this preprocessor's hidden-test delimiters (solution markers are ordinary text here)."""
        return split_regions(source, {HIDDEN_TEST: (self.begin_delimiter, self.end_delimiter)})

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
        return [line for source in sources for line in self._split(source).of(HIDDEN_TEST)]

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        hidden = self._gradebook_hidden_lines(resources)
        public: list[str] = []
        removed_cells = 0
        for cell in nb.cells:
            split = self._split(cell.source)
            visible = split.visible
            if split.found:
                removed_cells += 1
                hidden.extend(split.of(HIDDEN_TEST))
                if cell.cell_type == "code":
                    visible.append(self.source_placeholder)
                cell.source = "\n".join(visible).rstrip("\n")
            public.extend(visible)
        secrets = set(secret_lines(hidden, public, self.min_secret_chars))
        secrets |= {self.begin_delimiter, self.end_delimiter}
        redacted = sum(self._redact_outputs(cell, secrets) for cell in nb.cells if cell.cell_type == "code")
        if removed_cells or redacted:
            self.log.info(
                "HideHiddenTests: hid the hidden tests of %d cell(s) and %d output line(s)", removed_cells, redacted
            )
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
                    if not mimetype.startswith("image/"):  # images are base64: nothing to match
                        data[mimetype], n = self._redact(data[mimetype], secrets)
                        total += n
        return total


# ---------------------------------------------------------------------------------------------
# The answer-key cell: a short line instead of a wall of base64
# ---------------------------------------------------------------------------------------------

ANSWER_KEY_CLASS, ANSWER_KEY_METHOD = "AnswerKey", "from_text"
"""The call that loads a problem set's self-check key: ``AnswerKey.from_text(\"\"\"...\"\"\")``."""

_TRIPLE_QUOTED = re.compile(r"^[rRuU]?(\"\"\"|''')(?s:.*)\1$")
"""A string literal in triple quotes (with an optional ``r`` or ``u`` prefix), as written in the source."""


def _line_starts(source: str) -> list[int]:
    """Character offset of the start of each line, lines split as :mod:`ast` splits them."""
    return [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", source)]


def _char_offset(source: str, starts: list[int], lineno: int, col_offset: int) -> int:
    """The character offset of an :mod:`ast` position (1-based line, column in UTF-8 bytes)."""
    line_start = starts[lineno - 1]
    line = source[line_start : starts[lineno] if lineno < len(starts) else len(source)]
    return line_start + len(line.encode("utf-8")[:col_offset].decode("utf-8", errors="ignore"))


def answer_key_literals(source: str) -> list[tuple[int, int]]:
    """Where the answer-key text of ``AnswerKey.from_text(\"\"\"...\"\"\")`` calls lies in a cell's source.

    A call counts when its function is an attribute ``from_text`` of a name or attribute
    ``AnswerKey`` (``AnswerKey.from_text``, ``microdose.answerkey.AnswerKey.from_text``) and its
    first argument is a plain string literal in triple quotes. The source is parsed with
    :mod:`ast`, so the words in a comment, in another string or in a markdown cell never count; a
    source that is not valid Python (a student's unfinished code, IPython magics) gives nothing.

    Parameters
    ----------
    source : str
        A code cell's source.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character offsets of each such literal, quotes included, in source order.

    Examples
    --------
    >>> source = 'key = AnswerKey.from_text(\"\"\"\\nabc\\n\"\"\")  # load it'
    >>> [source[start:end] for start, end in answer_key_literals(source)]
    ['\"\"\"\\nabc\\n\"\"\"']
    >>> answer_key_literals('key = AnswerKey.from_text("abc")')   # not triple-quoted
    []
    >>> answer_key_literals('# AnswerKey.from_text(\"\"\"x\"\"\")')     # a comment
    []
    """
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    starts = _line_starts(source)
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == ANSWER_KEY_METHOD
        ):
            continue
        owner = node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
        literal = node.args[0]
        if owner_name != ANSWER_KEY_CLASS or not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
            continue
        start = _char_offset(source, starts, literal.lineno, literal.col_offset)
        end = _char_offset(source, starts, literal.end_lineno, literal.end_col_offset)
        if _TRIPLE_QUOTED.match(source[start:end]):
            found.append((start, end))
    return sorted(found)


class HideAnswerKey(NbGraderPreprocessor):
    """Show the answer-key cell with a one-line placeholder instead of its base64 text (``generate_feedback``).

    Every problem set has a read-only code cell that loads the self-check key::

        # The answer key for the checks under each question. Run this cell; ...
        from microdose.answerkey import AnswerKey

        answers = AnswerKey.from_text(\"\"\"
        eNrNWcmO40iS/RVCwKAjEcEM7ksk6iCJ2veVlAYFwUk6KUrcxEWU1Kj7zLUv/QN96utggD533/sj6kvanVpSilRk...
        \"\"\")

    JupyterLab folds it away (``jupyter.source_hidden``), but the feedback page showed its several
    thousand characters of base64 in full. In the feedback, the triple-quoted text of each
    ``AnswerKey.from_text`` call (see :func:`answer_key_literals`) becomes
    ``placeholder``; the comments, the import and the rest of the cell stay as they are.

    Only read-only cells (nbgrader ``locked`` and not ``solution``) are changed: nbgrader
    restores those from the instructor's version at autograde, so a cell this step changes is
    always the course's key cell, never something a student wrote. Every other cell is left alone.

    The key is no secret (students have it in their notebook; it holds salted hashes, not the
    answers): this step is about a readable page, not about hiding anything.
    """

    placeholder = Unicode(
        "# (answer key: {characters:,} characters, not shown)",
        help="Replaces the text of an AnswerKey.from_text call; {characters} is the length of that text",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader") or {}
            if cell.cell_type != "code" or not meta.get("locked") or meta.get("solution"):
                continue
            literals = answer_key_literals(cell.source)
            if not literals:
                continue
            cell.source = self.shorten(cell.source, literals)
            self.log.info(
                "HideAnswerKey: cell %d (%s): the answer key's text is replaced by a placeholder",
                index,
                meta.get("grade_id", "no grade id"),
            )
        return nb, resources

    def shorten(self, source: str, literals: list[tuple[int, int]]) -> str:
        """``source`` with each literal of ``literals`` replaced by the placeholder on a line of its own.

        ``answers = AnswerKey.from_text(\"\"\"...\"\"\")`` becomes::

            answers = AnswerKey.from_text(
                # (answer key: 4,639 characters, not shown)
            )
        """
        for start, end in reversed(literals):
            line_start = source.rfind("\n", 0, start) + 1
            line = source[line_start:start]
            indent = line[: len(line) - len(line.lstrip())]
            quotes = 4 if source[start] in "rRuU" else 3
            text = source[start + quotes : end - 3]
            placeholder = self.placeholder.format(characters=len(text))
            source = f"{source[:start]}\n{indent}    {placeholder}\n{indent}{source[end:]}"
        return source


# ---------------------------------------------------------------------------------------------
# Naming graded cells, and saying which grades are final
# ---------------------------------------------------------------------------------------------

QUESTION_ID = re.compile(r"^q(?P<number>\d+)(?P<parts>[a-z]*)(?=[-_.]|$)", re.IGNORECASE)
"""A grade id that starts with a question number: ``q2b-unbound-conc-nM-test``, ``q4-why-silent``."""

NBGRADER_LABELS = {
    "test": "Test cell",
    "code answer": "Coding free-response",
    "written answer": "Written response",
    "task": "Task",
}
"""What nbgrader's feedback page calls each kind of graded cell (the fallback names)."""


def question_title(cell: NotebookNode) -> str | None:
    """The name of a cell's question, for the feedback page (None if it has none).

    The problem set's own title wins: ``cell.metadata["problemset"]["title"]`` (a string such as
    ``"Question 2b — unbound concentrations"``). Otherwise the title is derived from the nbgrader
    grade id when it starts with ``q<number><letters>`` followed by ``-``, ``_``, ``.`` or nothing.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> question_title(new_code_cell(metadata={"nbgrader": {"grade_id": "q2b-unbound-conc-nM-test"}}))
    'Question 2b'
    >>> question_title(new_code_cell(metadata={"nbgrader": {"grade_id": "q4-why-silent"}}))
    'Question 4'
    >>> question_title(new_code_cell(metadata={"nbgrader": {"grade_id": "q2cd-occupancy"}}))
    'Questions 2c, 2d'
    >>> question_title(new_code_cell(metadata={"nbgrader": {"grade_id": "q1a-limit-drugA-test"},
    ...     "problemset": {"title": "Question 1a — limit for drug A"}}))
    'Question 1a — limit for drug A'
    >>> question_title(new_code_cell(metadata={"nbgrader": {"grade_id": "cell-3f2a"}})) is None
    True
    """
    problemset = cell.metadata.get("problemset")
    if isinstance(problemset, dict):
        title = problemset.get("title")
        if isinstance(title, str) and title.strip():
            return " ".join(title.split())
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id") or ""
    match = QUESTION_ID.match(str(grade_id))
    if match is None:
        return None
    number, parts = match.group("number"), match.group("parts").lower()
    if len(parts) <= 1:
        return f"Question {number}{parts}"
    return "Questions " + ", ".join(number + part for part in parts)


def graded_kind(cell: NotebookNode) -> str | None:
    """``"test"``, ``"code answer"``, ``"written answer"``, ``"task"`` or None (not graded).

    The same cases, in the same order, as nbgrader's feedback template.
    """
    meta = cell.metadata.get("nbgrader") or {}
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if cell.cell_type == "code" and meta.get("grade"):
        return "code answer"
    if cell.cell_type == "markdown" and meta.get("grade"):
        return "written answer"
    if cell.cell_type == "markdown" and meta.get("task"):
        return "task"
    return None


def grade_state(needs_manual_grade: bool, manual_score) -> str:
    """``"final"``, ``"awaiting"`` (no manual grade yet) or ``"review"`` (graded by hand, flagged again).

    nbgrader flags a cell "needs manual grade" until someone grades it, and flags a hand-graded
    cell again when the submission is autograded anew, so that the grader confirms the score.

    Examples
    --------
    >>> grade_state(False, None), grade_state(True, None), grade_state(True, 3.0)
    ('final', 'awaiting', 'review')
    """
    if not needs_manual_grade:
        return "final"
    return "awaiting" if manual_score is None else "review"


class NameGradedCells(NbGraderPreprocessor):
    """Name every graded cell and record whether its grade is final (for ``generate_feedback``).

    Runs after ``GetGrades``. Each graded cell (and each answer cell) gets
    ``cell.metadata["course_feedback"] = {"title", "kind", "state"}``:

    * the title: ``metadata["problemset"]["title"]`` of the cell with the same grade id in the
      instructor's notebook (``solutions/``), else :func:`question_title` of the cell itself
      (its own ``problemset.title``, else one derived from its grade id); numbered "check 1 of
      2", ... when several graded cells share it; None if there is none, and the template then
      uses nbgrader's own label. The instructor's notebook comes first because a cell that
      nbgrader put back (a test the student deleted) carries no metadata but nbgrader's, and
      a student can edit the metadata of their copy;
    * the state, from :func:`grade_state` and the student's grade in the gradebook.

    ``resources["course_feedback"]`` gets ``provisional`` (any state not final),
    ``awaiting_count``, ``awaiting_points`` and ``review_count``. :class:`CourseFeedbackExporter`'s
    template shows all of it.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        grades = self._grades(resources)
        source_titles = self._source_titles(resources)
        titles: dict[int, str] = {}
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader") or {}
            if graded_kind(cell) or meta.get("solution"):
                title = source_titles.get(meta.get("grade_id")) or question_title(cell)
                if title:
                    titles[index] = title
        graded_titles = Counter(title for index, title in titles.items() if graded_kind(nb.cells[index]))
        seen: Counter = Counter()
        summary = {"provisional": False, "awaiting_count": 0, "awaiting_points": 0.0, "review_count": 0}
        for index, cell in enumerate(nb.cells):
            kind = graded_kind(cell)
            meta = cell.metadata.get("nbgrader") or {}
            if kind is None and not meta.get("solution"):
                continue
            title = titles.get(index)
            if kind and title and graded_titles[title] > 1:
                seen[title] += 1
                word = "check" if kind == "test" else "part"
                title = f"{title} ({word} {seen[title]} of {graded_titles[title]})"
            state = "final"
            if kind:
                needs_manual_grade, manual_score = grades.get(meta.get("grade_id"), (False, None))
                state = grade_state(needs_manual_grade, manual_score)
                if state == "awaiting":
                    summary["awaiting_count"] += 1
                    summary["awaiting_points"] += float(meta.get("points") or 0)
                elif state == "review":
                    summary["review_count"] += 1
            cell.metadata["course_feedback"] = {"title": title, "kind": kind or "answer", "state": state}
        summary["provisional"] = bool(summary["awaiting_count"] or summary["review_count"])
        resources["course_feedback"] = summary
        if summary["provisional"]:
            self.log.info(
                "NameGradedCells: provisional feedback: %d answer(s) await a manual grade, "
                "%d hand grade(s) are flagged for review",
                summary["awaiting_count"],
                summary["review_count"],
            )
        return nb, resources

    def _source_titles(self, resources: ResourcesDict) -> dict[str, str]:
        """``{grade id: problemset title}`` from the instructor's notebook (empty if unreadable)."""
        import nbformat

        info = resources.get("nbgrader", {}) if resources else {}
        owner, coursedir = self.parent, None
        while owner is not None and coursedir is None:
            coursedir = getattr(owner, "coursedir", None)
            owner = getattr(owner, "parent", None)
        if coursedir is None or not {"assignment", "notebook"} <= set(info):
            return {}
        path = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / (
            info["notebook"] + ".ipynb"
        )
        try:
            source = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as error:
            self.log.info("NameGradedCells: no question titles from %s (%s)", path, error)
            return {}
        titles = {}
        for cell in source.cells:
            grade_id = (cell.metadata.get("nbgrader") or {}).get("grade_id")
            problemset = cell.metadata.get("problemset")
            title = problemset.get("title") if isinstance(problemset, dict) else None
            if grade_id and isinstance(title, str) and title.strip():
                titles[grade_id] = " ".join(title.split())
        return titles

    def _grades(self, resources: ResourcesDict) -> dict[str, tuple[bool, float | None]]:
        """``{grade id: (needs_manual_grade, manual_score)}`` of this submission, from the gradebook."""
        info = resources.get("nbgrader", {}) if resources else {}
        if not {"db_url", "assignment", "notebook", "student"} <= set(info):
            return {}
        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(info["db_url"]) as gradebook:
                notebook = gradebook.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
                return {grade.name: (bool(grade.needs_manual_grade), grade.manual_score) for grade in notebook.grades}
        except MissingEntry:
            self.log.warning(
                "NameGradedCells: no submission of %s by %s in the gradebook", info["notebook"], info["student"]
            )
            return {}


# ---------------------------------------------------------------------------------------------
# The exporter that renders the course's template
# ---------------------------------------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The course's nbconvert templates (``course_feedback/``)."""

NBGRADER_FEEDBACK_TEMPLATE_SHA256 = "7814929190d8decfcaaeb1e381baefc4de6f77da9afc3cbed25cb8f141265688"
"""SHA-256 of nbgrader 0.9.6's ``feedback/index.html.j2``, which the course template extends."""


def nbgrader_templates() -> Path:
    """The folder holding nbgrader's own ``feedback/`` template."""
    import nbgrader

    return Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"


def check_nbgrader_feedback_template() -> None:
    """Fail loudly if nbgrader's feedback template is not the one the course template was written for.

    The course template replaces three of its blocks and copies their structure; a different
    nbgrader template could change what those blocks must contain.
    """
    path = nbgrader_templates() / "feedback" / "index.html.j2"
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "(missing)"
    if digest != NBGRADER_FEEDBACK_TEMPLATE_SHA256:
        raise RuntimeError(
            f"nbgrader's feedback template {path} changed (sha256 {digest}); compare it with "
            "nbgrader_ext/templates/course_feedback/index.html.j2, carry its changes over, then set "
            "nbgrader_ext.feedback.NBGRADER_FEEDBACK_TEMPLATE_SHA256 to the new value"
        )


class CourseFeedbackExporter(HTMLExporter):
    """nbgrader's feedback exporter with the course's template (see module doc, "The feedback page").

    ``GenerateFeedback`` (and ``NbGraderAPI.generate_feedback``, which insists on
    ``HTMLExporter.template_name = 'feedback'``) configure the ``HTMLExporter`` section; this
    subclass then switches to ``course_feedback``, whose ``conf.json`` names nbgrader's
    ``feedback`` as its base, so everything else nbgrader sets up (Bootstrap CSS, MathJax) stays.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_nbgrader_feedback_template()
        course, nbgrader_dir = str(TEMPLATES), str(nbgrader_templates())
        self.extra_template_basedirs = (
            [course]
            + [d for d in self.extra_template_basedirs if d != course]
            + ([] if nbgrader_dir in self.extra_template_basedirs else [nbgrader_dir])
        )
        # nbgrader's templates folder itself, so that 'feedback/index.html.j2' can be extended
        if nbgrader_dir not in self.extra_template_paths:
            self.extra_template_paths = [*self.extra_template_paths, nbgrader_dir]
        self.template_name = "course_feedback"
        self.template_paths = self._template_paths()


def feedback_preprocessors() -> list:
    """nbgrader's default ``GenerateFeedback.preprocessors`` with the course's three steps added.

    :class:`HideHiddenTests`, :class:`HideAnswerKey` and :class:`NameGradedCells` run right after
    ``GetGrades`` (which reads each cell's score from the gradebook). The list is derived from the
    installed nbgrader's defaults, so an upgrade that adds a step keeps it; an upgrade that drops
    ``GetGrades`` fails here, loudly, instead of silently leaking.
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades

    default = list(GenerateFeedback.class_traits()["preprocessors"].default())
    if GetGrades not in default:
        raise RuntimeError(
            f"nbgrader's GenerateFeedback.preprocessors no longer contain GetGrades: {default}; "
            "update nbgrader_ext.feedback.feedback_preprocessors"
        )
    position = default.index(GetGrades) + 1
    return default[:position] + [HideHiddenTests, HideAnswerKey, NameGradedCells] + default[position:]
