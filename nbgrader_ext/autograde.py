"""Autograde students' notebooks without letting one submission harm the course.

What nbgrader does and does not protect against
-----------------------------------------------
``nbgrader autograde`` executes each student's notebook in a Jupyter kernel that runs **as the
user who runs nbgrader, with that user's permissions** (nbgrader's FAQ, "Does nbgrader protect
against unsafe code?": no). Student code can therefore read and write any file the grader can,
including the gradebook, other students' submissions and the course's own files, and it runs
in the same Python process as the tests, so it can also patch what the tests call. nbgrader
itself protects the *grading logic* only: locked and test cells are restored from the gradebook,
a deleted test cell is put back (``OverwriteCells.add_missing_cells``), an infinite loop is
interrupted after ``ExecutePreprocessor.timeout`` seconds, and ``LimitOutput`` caps the number of
lines of each output.

What this module adds, within those limits
------------------------------------------
:class:`IsolatedExecute`
    Runs each notebook in a throw-away *scratch copy* of its folder, placed at the same relative
    depth as in the course (``<scratch>/autograded/<student>/<assignment>/``). A relative path
    such as ``../../escape.txt`` or ``../../../gradebook.db`` then resolves inside the scratch
    folder, not in the course; the files are listed in the autograde log ("wrote files outside
    its folder") and deleted. Files written inside the notebook's own folder are discarded too,
    so nothing the code writes at grading time can reach ``feedback/`` (nbgrader copies every
    non-notebook file of the autograded folder into the feedback folder).
    It also compares the course tree before and after the run and logs, as an error, every file
    created, changed or deleted while the student's code ran (nbgrader writes nothing there
    during execution). An **absolute** path (or a relative one that climbs above the scratch
    folder) cannot be redirected: such a write lands, and if it lands in the course it is
    reported. The only real protection against deliberate damage is to run ``nbgrader
    autograde`` as an unprivileged user or in a container that sees only a copy of the course.
:class:`LimitOutputSize`
    Caps each output at ``max_chars`` characters: nbgrader's ``LimitOutput`` counts lines, so one
    50 MB ``print`` on a single line would otherwise be stored in the autograded notebook, the
    gradebook's view of it and the student's feedback HTML.
:class:`KeepOneGradedCopy`
    Replaces nbgrader's ``DeduplicateIds``. A student who copies and pastes (or duplicates) a
    graded or read-only cell in JupyterLab hands in two cells with the same nbgrader
    ``grade_id``; nbgrader 0.9.6 then emptied the metadata of all but the last copy and failed
    the whole submission (``KeyError: 'grade_id'`` in ``OverwriteCells.add_missing_task_cells``).
    Here one copy stays graded (see the class for which) and the others become ordinary cells,
    with a warning in the autograde log that names what the student did.
:class:`FlagCheckerTampering`
    Reads the student's code before it runs and logs, as a warning naming the student, every line
    that could switch off the answer checks (``microdose.selfcheck.expect = ...``, ``answers =
    None``, ``setattr``, ``exec``, ``sys.modules`` ...; see :mod:`nbgrader_ext.tamper`). Student
    code runs in the tests' kernel, so such a patch cannot be prevented; it can be seen. Nothing
    is deducted: the instructor reads the lines (``autograde_class.py`` lists them at the end).
:class:`RobustOverwriteCells`
    Fixes a crash of nbgrader 0.9.6: with ``add_missing_cells`` on, a submission in which a
    test cell's ``grade_id`` was changed failed to autograde (``KeyError: 'grade_id'``). It also
    silences nbgrader's false "Attribute 'checksum' ... has changed!" warning for an untouched
    test cell with hidden tests (the release lacks the hidden region, so its checksum differs
    from the gradebook's), while a real edit of a read-only or test cell is still reported.

Wiring (``nbgrader_config.py``)::

    from nbgrader_ext.autograde import autograde_preprocessors, sanitize_preprocessors
    c.Autograde.sanitize_preprocessors = sanitize_preprocessors()
    c.Autograde.autograde_preprocessors = autograde_preprocessors()
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import (
    ClearHiddenTests,
    ClearMarkScheme,
    DeduplicateIds,
    Execute,
    NbGraderPreprocessor,
    OverwriteCells,
)
from traitlets import Bool, Integer, Unicode

_SKIPPED_DIRS = {"__pycache__", "node_modules"}


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under ``root``, by path relative to ``root``.

    Hidden folders (``.git``, ``.venv``, ...), ``__pycache__`` and ``node_modules`` are skipped:
    they are large and Python itself writes to ``__pycache__``.
    """
    found: dict[str, tuple[int, int]] = {}
    stack = [Path(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith(".") and entry.name not in _SKIPPED_DIRS:
                        stack.append(Path(entry.path))
                else:
                    st = entry.stat(follow_symlinks=False)
                    found[os.path.relpath(entry.path, root)] = (st.st_size, st.st_mtime_ns)
            except OSError:
                continue
    return found


def compare_snapshots(before: dict, after: dict) -> dict[str, list[str]]:
    """Files created, changed and deleted between two :func:`snapshot` results."""
    return {
        "created": sorted(set(after) - set(before)),
        "changed": sorted(p for p in set(after) & set(before) if after[p] != before[p]),
        "deleted": sorted(set(before) - set(after)),
    }


class IsolatedExecute(Execute):
    """nbgrader's ``Execute``, run in a scratch copy of the notebook's folder (see module doc)."""

    scratch_parent = Unicode(
        "", help="Folder in which scratch copies are made (empty: the system's temporary folder)"
    ).tag(config=True)
    watch_course_tree = Bool(True, help="Report files of the course tree that change while a student's code runs").tag(
        config=True
    )

    def _course_root(self) -> Path:
        """The course root: the converter's ``CourseDirectory.root``, else the working folder.

        nbgrader changes into the course root before converting, so both agree in practice.
        """
        converter = getattr(self.parent, "parent", None)
        root = getattr(getattr(converter, "coursedir", None), "root", None)
        return Path(root or os.getcwd()).resolve()

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict, km=None):
        metadata = resources.setdefault("metadata", {})
        original_path = metadata.get("path") or os.getcwd()
        notebook_dir = Path(original_path).resolve()
        course_root = self._course_root()
        try:
            relative = notebook_dir.relative_to(course_root)
        except ValueError:
            relative = Path(notebook_dir.name)
        scratch = Path(tempfile.mkdtemp(prefix="nbgrader-scratch-", dir=self.scratch_parent or None))
        run_dir = scratch / relative
        shutil.copytree(notebook_dir, run_dir)
        copied = {p for p in run_dir.rglob("*")}
        before = snapshot(course_root) if self.watch_course_tree else None
        metadata["path"] = str(run_dir)
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            metadata["path"] = original_path
            self._report(scratch, run_dir, copied, course_root, before)
            shutil.rmtree(scratch, ignore_errors=True)

    def _report(self, scratch: Path, run_dir: Path, copied: set, course_root: Path, before) -> None:
        escaped = sorted(
            os.path.relpath(p, run_dir)
            for p in scratch.rglob("*")
            if p.is_file() and run_dir not in p.parents and p != run_dir
        )
        if escaped:
            self.log.warning(
                "IsolatedExecute: the student's code wrote files outside its folder (they were "
                "redirected to a scratch copy and deleted, not written to the course): %s",
                ", ".join(escaped),
            )
        written_inside = sorted(
            os.path.relpath(p, run_dir) for p in run_dir.rglob("*") if p.is_file() and p not in copied
        )
        if written_inside:
            self.log.info(
                "IsolatedExecute: discarded files the student's code wrote in its folder: %s", ", ".join(written_inside)
            )
        if before is not None:
            changes = compare_snapshots(before, snapshot(course_root))
            for kind, paths in changes.items():
                if paths:
                    self.log.error(
                        "IsolatedExecute: while the student's code ran, these files of the course "
                        "tree were %s (an absolute path cannot be redirected; check them): %s",
                        kind,
                        ", ".join(paths),
                    )


class LimitOutputSize(NbGraderPreprocessor):
    """Cap every output of a code cell at ``max_chars`` characters (see module doc)."""

    max_chars = Integer(
        100_000, help="Largest number of characters kept per output (text) or per output bundle (images)"
    ).tag(config=True)
    note = Unicode(
        "\n... [{removed:,} characters of output removed by the grader: output too large] ...\n",
        help="Put where output was cut; {removed} is the number of characters removed",
    ).tag(config=True)

    def _cut(self, text: str) -> tuple[str, bool]:
        if len(text) <= self.max_chars:
            return text, False
        head = self.max_chars // 2
        tail = self.max_chars // 4
        removed = len(text) - head - tail
        return text[:head] + self.note.format(removed=removed) + text[len(text) - tail :], True

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, cell_index: int):
        if cell.cell_type != "code":
            return cell, resources
        cut = False
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                text = output.get("text", "")
                text = "".join(text) if isinstance(text, list) else text
                output["text"], was_cut = self._cut(text)
                cut |= was_cut
            elif kind == "error":
                traceback = list(output.get("traceback", []))
                if sum(len(entry) for entry in traceback) > self.max_chars:
                    output["traceback"] = [self._cut("\n".join(traceback))[0]]
                    cut = True
                output["evalue"], was_cut = self._cut(output.get("evalue", ""))
                cut |= was_cut
            elif kind in ("display_data", "execute_result"):
                data = output.get("data", {})
                size = sum(len(v) if isinstance(v, str) else len(str(v)) for v in data.values())
                if size > self.max_chars:
                    text = data.get("text/plain", "")
                    text = "".join(text) if isinstance(text, list) else str(text)
                    output["data"] = {
                        "text/plain": self._cut(text)[0] if text else self.note.format(removed=size).strip()
                    }
                    output["metadata"] = {}
                    cut = True
        if cut:
            self.log.warning(
                "LimitOutputSize: cut the output of cell %d to %d characters per output", cell_index, self.max_chars
            )
        return cell, resources


def _is_nbgrader_cell(cell: NotebookNode) -> bool:
    """Whether nbgrader tracks the cell: graded, an answer, read-only or a task."""
    return utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell) or utils.is_task(cell)


class KeepOneGradedCopy(NbGraderPreprocessor):
    """Grade a notebook in which the student copied a graded or read-only cell.

    JupyterLab gives a pasted (or duplicated) cell a new nbformat cell id but keeps its
    metadata, so the copy carries the original's nbgrader ``grade_id``. nbgrader's
    ``DeduplicateIds`` then empties the nbgrader metadata of every copy but the last
    (``{}``), and ``OverwriteCells.add_missing_task_cells`` fails on the emptied cell with
    ``KeyError: 'grade_id'``: the submission is not graded at all. This step replaces
    ``DeduplicateIds``: exactly one copy of each ``grade_id`` stays an nbgrader cell, the others
    lose their nbgrader metadata entirely and run as ordinary cells that earn nothing (they still
    execute, in order, like any cell of the notebook).

    Which copy stays graded:

    * an **answer** cell (a solution cell: code the tests check, or a written answer): the
      *last copy the student changed* from the released version. Its text is the student's
      work (a copy still holding the released stub would score a written answer 0 as "no
      response"), and for code it is the copy that ran last, whose values later cells see.
      If no copy was changed, the copy at the original position (below);
    * a **test** cell, a **read-only** cell or a **task**: the copy at the *original
      position*, i.e. between the cells that precede and follow it in the instructor's notebook
      (found from the gradebook's cell order and the cells that occur once in the submission),
      the first such copy if several are there, else the first copy. Its source is restored
      from the gradebook (hidden tests included) as usual, so a test is graded where the
      instructor put it, after its answer, whatever the student pasted elsewhere.

    Every cell with nbgrader metadata but no ``grade_id`` (hand-edited metadata) loses that
    metadata too, for the same reason.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources.get("nbgrader", {})
        self._student = info.get("student", "?")
        self._source = self._source_notebook(info)
        copies: dict[str, list[int]] = {}
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            if not isinstance(meta, dict) or not meta.get("grade_id"):
                if isinstance(meta, dict) and _is_nbgrader_cell(cell):
                    self.log.warning(
                        "Student %r: cell %d carries nbgrader flags but no grade id (its metadata was "
                        "edited by hand); it runs as an ordinary, ungraded cell",
                        self._student,
                        index + 1,
                    )
                del cell.metadata["nbgrader"]
                continue
            if _is_nbgrader_cell(cell):
                copies.setdefault(meta["grade_id"], []).append(index)
        once = {grade_id: indices[0] for grade_id, indices in copies.items() if len(indices) == 1}
        for grade_id, indices in copies.items():
            if len(indices) > 1:
                self._keep_one(nb, grade_id, indices, once)
        return nb, resources

    def _source_notebook(self, info: dict) -> dict:
        """What the gradebook knows of the instructor's notebook: cell order, kinds, checksums."""
        empty = {"order": [], "checksum": {}, "answers": set(), "tests": set(), "tasks": set()}
        if not {"db_url", "notebook", "assignment"} <= set(info):
            return empty
        try:
            with Gradebook(info["db_url"]) as gradebook:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
                return {
                    "order": [cell.name for cell in notebook.source_cells],
                    "checksum": {cell.name: cell.checksum for cell in notebook.source_cells},
                    "answers": {cell.name for cell in notebook.solution_cells},
                    "tests": {cell.name for cell in notebook.grade_cells},
                    "tasks": {cell.name for cell in notebook.task_cells},
                }
        except MissingEntry:
            return empty

    def _in_place(self, grade_id: str, indices: list[int], once: dict[str, int], n_cells: int) -> list[int]:
        """The copies that lie where the instructor's notebook has the cell (see class doc)."""
        order = self._source["order"]
        if grade_id not in order:
            return []
        position = order.index(grade_id)
        before = next((once[name] for name in reversed(order[:position]) if name in once), -1)
        after = next((once[name] for name in order[position + 1 :] if name in once), n_cells)
        return [index for index in indices if before < index < after]

    def _changed(self, cell: NotebookNode, grade_id: str) -> bool:
        """Whether an answer cell differs from the released version (the gradebook's checksum)."""
        released = self._source["checksum"].get(grade_id)
        try:
            return released is None or utils.compute_checksum(cell) != released
        except (KeyError, ValueError, TypeError):
            return True

    def _keep_one(self, nb: NotebookNode, grade_id: str, indices: list[int], once: dict[str, int]) -> None:
        in_place = self._in_place(grade_id, indices, once, len(nb.cells))
        if grade_id in self._source["answers"]:
            kind = "answer cell"
            changed = [index for index in indices if self._changed(nb.cells[index], grade_id)]
            if changed:
                keep, why = changed[-1], "the last copy the student changed"
            elif in_place:
                keep, why = in_place[0], "no copy was changed; the copy at the original position"
            else:
                keep, why = indices[0], "no copy was changed; the first copy"
        else:
            kind = (
                "test cell"
                if grade_id in self._source["tests"]
                else "task"
                if grade_id in self._source["tasks"]
                else "read-only cell"
            )
            if in_place:
                keep, why = in_place[0], "the copy at the original position"
            else:
                keep, why = indices[0], "the first copy (none is at the original position)"
        for index in indices:
            if index != keep:
                del nb.cells[index].metadata["nbgrader"]
        self.log.warning(
            "Student %r copied a cell: the %s %r appears %d times in the submission (cells %s), "
            "probably through copy and paste or 'Duplicate cell' in JupyterLab, which keep the "
            "hidden nbgrader id. Cell %d stays the graded one (%s); the other copies run as "
            "ordinary cells and earn nothing. (The student can delete the pasted copy; nbgrader's "
            "Validate reports it as 'Duplicate grade id'.)",
            self._student,
            kind,
            grade_id,
            len(indices),
            ", ".join(str(i + 1) for i in indices),
            keep + 1,
            why,
        )


def release_source_steps(config=None) -> list:
    """The steps ``generate_assignment`` applies to a cell's source AFTER saving it in the gradebook.

    The gradebook keeps each locked cell as the instructor wrote it (hidden tests, marking
    scheme); the release has these regions removed. The steps are read from
    ``GenerateAssignment.preprocessors`` (the course's configuration if it sets them, else
    nbgrader's defaults): the ``ClearHiddenTests`` and ``ClearMarkScheme`` steps (or subclasses)
    that come after ``SaveCells``. With nbgrader's defaults exactly those two are expected: an
    upgrade that changes that order fails here, loudly.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import SaveCells
    from traitlets.utils.importstring import import_item

    default = list(GenerateAssignment.class_traits()["preprocessors"].default())
    configured = None
    if config is not None and "GenerateAssignment" in config and "preprocessors" in config.GenerateAssignment:
        configured = [
            import_item(step) if isinstance(step, str) else step for step in config.GenerateAssignment.preprocessors
        ]
    pipeline = configured if configured is not None else default
    if SaveCells not in pipeline:
        raise RuntimeError(
            f"GenerateAssignment.preprocessors has no SaveCells step: {pipeline}; "
            "update nbgrader_ext.autograde.release_source_steps"
        )
    after_save = pipeline[pipeline.index(SaveCells) + 1 :]
    steps = [
        step for step in after_save if isinstance(step, type) and issubclass(step, (ClearHiddenTests, ClearMarkScheme))
    ]
    if configured is None and steps != [ClearHiddenTests, ClearMarkScheme]:
        raise RuntimeError(
            f"nbgrader's GenerateAssignment.preprocessors changed: {default}; "
            "update nbgrader_ext.autograde.release_source_steps"
        )
    return steps


class RobustOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, without crashing on an unknown grade id or crying wolf.

    1. A student who renames a test cell's ``grade_id`` (or pastes in a cell with an invented
       one) makes nbgrader 0.9.6 drop the id but keep ``grade: true``; with
       ``OverwriteCells.add_missing_cells = True`` the next step then fails with
       ``KeyError: 'grade_id'`` and the whole submission is left ungraded. Here such a cell
       loses its nbgrader metadata instead: it runs as an ordinary cell and earns nothing, while
       the original test cell is added back from the gradebook and graded.
    2. nbgrader compares each read-only cell's checksum with the gradebook's, which was computed
       *before* the hidden tests were removed from the release; every untouched test cell with
       hidden tests therefore logs "Attribute 'checksum' for cell ... has changed!" on every
       submission. Here the warning is kept only when the submitted cell differs from the
       released version of the cell (the gradebook's source with the hidden-test and
       marking-scheme regions removed by nbgrader's own ``ClearHiddenTests`` and
       ``ClearMarkScheme``, see :func:`release_source_steps`): a real edit of a read-only or test
       cell is still reported (and, as always, undone).
    """

    _current_cell: NotebookNode | None = None

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, cell_index: int):
        unknown = cell.metadata.get("nbgrader", {}).get("grade_id")
        if unknown is not None:
            try:
                self.gradebook.find_source_cell(unknown, self.notebook_id, self.assignment_id)
            except MissingEntry:
                self.log.warning(
                    "Cell %r is not in the gradebook (renamed or invented in the submission): "
                    "it runs as an ordinary, ungraded cell",
                    unknown,
                )
                del cell.metadata["nbgrader"]
                return cell, resources
        self._current_cell = cell
        try:
            return super().preprocess_cell(cell, resources, cell_index)
        finally:
            self._current_cell = None

    def report_change(self, name: str, attr: str, old, new) -> None:
        if attr == "checksum" and self._current_cell is not None:
            if self._is_released_version(name, new):
                self.log.debug(
                    "Cell %s is the released version; its hidden tests are restored from the "
                    "gradebook (not a change by the student)",
                    name,
                )
                return
            super().report_change(name, attr, old, new)
            self.log.warning(
                "Cell %s is read-only and the student changed it; the instructor's version "
                "was restored and is what was graded",
                name,
            )
            return
        super().report_change(name, attr, old, new)

    def _is_released_version(self, grade_id: str, submitted_checksum: str) -> bool:
        """Whether the cell being checked has the checksum of the cell as released to students."""
        source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
        released = copy.deepcopy(self._current_cell)
        released.source = source_cell.source
        try:
            for step in release_source_steps(self.config):
                released, _ = step(parent=self).preprocess_cell(released, {}, 0)
        except RuntimeError:  # a malformed region in the gradebook: cannot tell, so report
            return False
        return utils.compute_checksum(released) == submitted_checksum


class FlagCheckerTampering(NbGraderPreprocessor):
    """Log student code that could switch off the answer checks (see the module docstring)."""

    enabled = Bool(True, help="list suspicious student code in the autograde log").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        from .tamper import scan_notebook

        info = resources.get("nbgrader", {})
        for finding in scan_notebook(nb):
            self.log.warning(
                "REVIEW %s/%s: code that could switch off the answer checks; read it before you accept the grade: %s",
                info.get("student", "?"),
                info.get("assignment", "?"),
                finding,
            )
        return nb, resources


def sanitize_preprocessors() -> list:
    """nbgrader's default ``Autograde.sanitize_preprocessors`` with this module's two replacements.

    ``DeduplicateIds`` becomes :class:`KeepOneGradedCopy` and ``OverwriteCells`` becomes
    :class:`RobustOverwriteCells`. The list is derived from the installed nbgrader's defaults; an
    upgrade that renames those steps fails here, loudly.
    """
    from nbgrader.converters import Autograde

    default = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    if OverwriteCells not in default or DeduplicateIds not in default:
        raise RuntimeError(
            f"nbgrader's Autograde.sanitize_preprocessors changed: {default}; "
            "update nbgrader_ext.autograde.sanitize_preprocessors"
        )
    release_source_steps()  # fails loudly now, not in the middle of a class run
    replacements = {OverwriteCells: RobustOverwriteCells, DeduplicateIds: KeepOneGradedCopy}
    return [replacements.get(step, step) for step in default]


def autograde_preprocessors() -> list:
    """nbgrader's default ``Autograde.autograde_preprocessors`` with this module's two changes.

    ``Execute`` is replaced by :class:`IsolatedExecute`, :class:`FlagCheckerTampering` runs just
    before it, and :class:`LimitOutputSize` runs right after ``LimitOutput``, before the grades are
    saved. The list is derived from the installed
    nbgrader's defaults; an upgrade that renames those steps fails here, loudly.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import LimitOutput

    default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if Execute not in default or LimitOutput not in default:
        raise RuntimeError(
            f"nbgrader's Autograde.autograde_preprocessors changed: {default}; "
            "update nbgrader_ext.autograde.autograde_preprocessors"
        )
    steps = [IsolatedExecute if step is Execute else step for step in default]
    steps.insert(steps.index(LimitOutput) + 1, LimitOutputSize)
    steps.insert(steps.index(IsolatedExecute), FlagCheckerTampering)  # read the code before it runs
    return steps
