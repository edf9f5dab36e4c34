"""`make author`: JupyterLab opens the lesson sources (lessons_md/*.md) as notebooks, in a real browser.

Authors edit lessons as text (CONTRIBUTING.md). The promise of ``make author`` is that the text opens
as a notebook (code cells that can run, rendered narrative) through jupytext, with the settings that
``tools/lessons.py --author-settings`` writes. Nothing is saved: autosave is off (browser_support).
"""

from __future__ import annotations

import pytest
from browser_support import LabServer, chromium_context, need_browser
from helpers import ROOT, tool

lessons = tool("lessons")

SOURCE = "lessons_md/ch1_principles/1_2_receptor_occupancy.md"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def author_lab(tmp_path_factory):
    need_browser()
    server = LabServer(
        tmp_path_factory.mktemp("author-lab"),
        extra_settings=lessons.AUTHOR_LAB_SETTINGS,
        default_url=f"/lab/tree/{SOURCE}",
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_author_settings_written_by_make_author_are_the_tested_ones(tmp_path):
    lessons.main(["--author-settings", str(tmp_path)])
    written = tmp_path / "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings"
    assert '"markdown": "Jupytext Notebook"' in written.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "tools/lessons.py --author-settings $(AUTHOR_SETTINGS)" in makefile
    assert "JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/$(AUTHOR_SETTINGS)" in makefile


def test_server_reads_a_lesson_source_as_a_notebook(author_lab):
    """jupytext's contents manager serves the text as a notebook with the same cells."""
    model = author_lab.api("GET", f"/api/contents/{SOURCE}?type=notebook&content=1")
    cells = model["content"]["cells"]
    expected = lessons.read_source(ROOT / SOURCE).cells
    assert [c["cell_type"] for c in cells] == [c.cell_type for c in expected]
    assert cells[0]["source"].startswith("# Lesson 1.2")


def test_make_author_opens_the_text_as_a_notebook_in_the_browser(author_lab, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = chromium_context(playwright, tmp_path)
        try:
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(author_lab.url("/"))
            expected = sum(c.cell_type == "code" for c in lessons.read_source(ROOT / SOURCE).cells)
            # JupyterLab adds the cells one after another: wait for all of them
            page.wait_for_function(
                f"document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length === {expected}", timeout=60_000
            )
            # the .md file itself is open (as a notebook), not a converted copy
            assert page.locator('.lm-TabBar-tab:has-text("1_2_receptor_occupancy.md")').count() >= 1
            assert page.locator(".jp-NotebookPanel .jp-MarkdownCell h1").first.inner_text().startswith("Lesson 1.2")
        finally:
            context.close()
            author_lab.shut_down_kernels()
