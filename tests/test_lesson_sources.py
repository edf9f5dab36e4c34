"""The lessons are written once, as text (lessons_md/*.md), and lessons/*.ipynb is generated from it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT, tool

lessons = tool("lessons")  # tools/lessons.py

SOURCES = lessons.sources()


def test_every_lesson_has_a_text_source_and_no_notebook_drifted():
    """Fails when someone edits a lesson's .ipynb by hand, or edits the text and forgets to rebuild."""
    assert len(SOURCES) >= 16
    assert lessons.out_of_date() == []


def test_check_command_names_a_stale_notebook(tmp_path, monkeypatch):
    """`tools/lessons.py --check` must fail (exit 1) and name the notebook when one differs."""
    source_dir, notebook_dir = tmp_path / "lessons_md", tmp_path / "lessons"
    (source_dir / "ch9").mkdir(parents=True)
    source = source_dir / "ch9" / "9_1_demo.md"
    source.write_text(SOURCES[1].read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(lessons, "SOURCE_DIR", source_dir)
    monkeypatch.setattr(lessons, "NOTEBOOK_DIR", notebook_dir)
    monkeypatch.setattr(lessons, "ROOT", tmp_path)
    assert lessons.out_of_date() == ["lessons/ch9/9_1_demo.ipynb is missing (source lessons_md/ch9/9_1_demo.md)"]
    assert lessons.build() == [notebook_dir / "ch9" / "9_1_demo.ipynb"]
    assert lessons.out_of_date() == [] and lessons.build() == []
    # a one-sentence edit of the text is a one-line change of the source ...
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("**Estimated time:**", "**Estimated time (edited):**", 1), encoding="utf-8")
    assert lessons.out_of_date() == ["lessons/ch9/9_1_demo.ipynb differs from lessons_md/ch9/9_1_demo.md"]
    # ... and an orphan notebook (its source deleted or renamed) is reported too
    (notebook_dir / "ch9" / "9_2_orphan.ipynb").write_text("{}", encoding="utf-8")
    assert "lessons/ch9/9_2_orphan.ipynb has no source in lessons_md/" in lessons.out_of_date()
    assert lessons.main(["--check"]) == 1


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_source_is_in_the_form_jupyterlab_saves(source):
    """Saving a lesson from JupyterLab (jupytext) must not rewrite lines the author did not touch:
    the stored text is already in jupytext's canonical MyST form."""
    text = source.read_text(encoding="utf-8")
    assert text.startswith("---\njupytext:\n") and "format_name: myst" in text.split("---", 2)[1]
    assert lessons.canonical_text(source) == text


def test_generated_notebooks_have_stable_ids_and_no_outputs():
    """A rebuild of an unchanged source is byte-identical: ids follow the position of the cell."""
    for source in SOURCES:
        notebook = lessons.read_source(source)
        rendered = lessons.render_notebook(source)
        assert rendered == lessons.render_notebook(source)
        prefix = lessons.cell_id_prefix(source)
        for index in range(len(notebook.cells)):
            assert f'"id": "{prefix}-{index:02d}"' in rendered


def test_generated_notebooks_are_marked_generated():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "lessons/**/*.ipynb linguist-generated=true" in attributes


def test_check_command_line_passes_on_the_repository():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "lessons.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
