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
:class:`RobustOverwriteCells`
    Fixes a crash of nbgrader 0.9.6: with ``add_missing_cells`` on, a submission in which a
    test cell's ``grade_id`` was changed failed to autograde (``KeyError: 'grade_id'``).

Wiring (``nbgrader_config.py``)::

    from nbgrader_ext.autograde import autograde_preprocessors, sanitize_preprocessors
    c.Autograde.sanitize_preprocessors = sanitize_preprocessors()
    c.Autograde.autograde_preprocessors = autograde_preprocessors()
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Integer, Unicode

from nbgrader.api import MissingEntry
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells

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
    watch_course_tree = Bool(
        True, help="Report files of the course tree that change while a student's code runs"
    ).tag(config=True)

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
        escaped = sorted(os.path.relpath(p, run_dir) for p in scratch.rglob("*")
                         if p.is_file() and run_dir not in p.parents and p != run_dir)
        if escaped:
            self.log.warning(
                "IsolatedExecute: the student's code wrote files outside its folder (they were "
                "redirected to a scratch copy and deleted, not written to the course): %s",
                ", ".join(escaped))
        written_inside = sorted(os.path.relpath(p, run_dir) for p in run_dir.rglob("*")
                                if p.is_file() and p not in copied)
        if written_inside:
            self.log.info("IsolatedExecute: discarded files the student's code wrote in its folder: %s",
                          ", ".join(written_inside))
        if before is not None:
            changes = compare_snapshots(before, snapshot(course_root))
            for kind, paths in changes.items():
                if paths:
                    self.log.error(
                        "IsolatedExecute: while the student's code ran, these files of the course "
                        "tree were %s (an absolute path cannot be redirected; check them): %s",
                        kind, ", ".join(paths))


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
        return text[:head] + self.note.format(removed=removed) + text[len(text) - tail:], True

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
                    output["data"] = {"text/plain": self._cut(text)[0] if text else
                                      self.note.format(removed=size).strip()}
                    output["metadata"] = {}
                    cut = True
        if cut:
            self.log.warning("LimitOutputSize: cut the output of cell %d to %d characters per output",
                             cell_index, self.max_chars)
        return cell, resources


class RobustOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, without crashing on a grade id it does not know.

    A student who renames a test cell's ``grade_id`` (or pastes in a cell with an invented one)
    makes nbgrader 0.9.6 drop the id but keep ``grade: true``; with
    ``OverwriteCells.add_missing_cells = True`` the next step then fails with
    ``KeyError: 'grade_id'`` and the whole submission is left ungraded. Here such a cell loses
    its nbgrader metadata instead: it runs as an ordinary cell and earns nothing, while the
    original test cell is added back from the gradebook and graded.
    """

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict, cell_index: int):
        unknown = cell.metadata.get("nbgrader", {}).get("grade_id")
        if unknown is not None:
            try:
                self.gradebook.find_source_cell(unknown, self.notebook_id, self.assignment_id)
            except MissingEntry:
                self.log.warning("Cell %r is not in the gradebook (renamed or invented in the submission): "
                                 "it runs as an ordinary, ungraded cell", unknown)
                del cell.metadata["nbgrader"]
                return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)


def sanitize_preprocessors() -> list:
    """nbgrader's default ``Autograde.sanitize_preprocessors`` with :class:`RobustOverwriteCells`."""
    from nbgrader.converters import Autograde

    default = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    if OverwriteCells not in default:
        raise RuntimeError(f"nbgrader's Autograde.sanitize_preprocessors changed: {default}; "
                           "update nbgrader_ext.autograde.sanitize_preprocessors")
    return [RobustOverwriteCells if step is OverwriteCells else step for step in default]


def autograde_preprocessors() -> list:
    """nbgrader's default ``Autograde.autograde_preprocessors`` with this module's two changes.

    ``Execute`` is replaced by :class:`IsolatedExecute`, and :class:`LimitOutputSize` runs right
    after ``LimitOutput``, before the grades are saved. The list is derived from the installed
    nbgrader's defaults; an upgrade that renames those steps fails here, loudly.
    """
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import LimitOutput

    default = list(Autograde.class_traits()["autograde_preprocessors"].default())
    if Execute not in default or LimitOutput not in default:
        raise RuntimeError(f"nbgrader's Autograde.autograde_preprocessors changed: {default}; "
                           "update nbgrader_ext.autograde.autograde_preprocessors")
    steps = [IsolatedExecute if step is Execute else step for step in default]
    steps.insert(steps.index(LimitOutput) + 1, LimitOutputSize)
    return steps
