"""The course in a real browser: JupyterLab + headless Chromium (issue #7).

What a student does after ``make lab``: the start page opens, its links open
the lessons, Run All Cells runs every lesson without an error, every widget
draws, and moving a slider redraws its figure. The other notebook tests run
the lessons with nbclient (no browser); only this file checks the JavaScript
side: the JupyterLab widget manager, the slider, the figure image.

Needs Debian's ``/usr/bin/chromium`` and the PyPI ``playwright`` package
(never ``playwright install``: the browser comes from apt). Without either the
tests are skipped with the reason. Screenshots are written to
``test-artifacts/browser/`` at the repository root.

About 40-60 s on 2 cores, most of it JupyterLab and Chromium starting once
for the whole file (module-scoped fixtures).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from browser_support import (
    ROOT,
    START_PAGE,
    LabServer,
    chromium_context,
    error_outputs,
    execution_prompts,
    image_has_loaded,
    need_browser,
    open_notebook,
    press_slider_key,
    run_all_cells,
    stderr_outputs,
    wait_for_idle_kernel,
    wait_for_new_src,
    widget_outputs,
    widget_problems,
)

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "browser"

# One lesson per chapter. The first two display an interactive figure
# (microdose.widgets: sliders + a figure drawn as an ipywidgets Image);
# chapter 3 has no widget, only code, a matplotlib figure and a self-check.
LESSONS = [
    "lessons/ch1_principles/1_2_receptor_occupancy.ipynb",
    "lessons/ch2_applications/2_1_microdose_pk_profile.ipynb",
    "lessons/ch3_practice/3_0_hands_on_practice.ipynb",
]
OPENED = [START_PAGE, *LESSONS]


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", path.removeprefix("lessons/").removesuffix(".ipynb"))


def _executed_cells(path: str) -> int:
    """Code cells stored with outputs or an execution count (the course stores none)."""
    nb = nbformat.read(ROOT / path, as_version=4)
    return sum(c.cell_type == "code" and bool(c.outputs or c.execution_count) for c in nb.cells)


def _n_code_cells(path: str) -> int:
    nb = nbformat.read(ROOT / path, as_version=4)
    return sum(c.cell_type == "code" for c in nb.cells)


def _n_widget_cells(path: str) -> int:
    """Code cells that display one of the course's interactive figures."""
    nb = nbformat.read(ROOT / path, as_version=4)
    return sum(c.cell_type == "code" and "microdose.widgets" in c.source for c in nb.cells)


# -- fixtures ------------------------------------------------------------------------


def _checkpoint_folders() -> set:
    return set((ROOT / "lessons").rglob(".ipynb_checkpoints"))


@pytest.fixture(scope="module")
def lessons_before():
    """Executed-cell counts of the opened notebooks, and existing checkpoint folders, before the browser."""
    need_browser()
    return {"executed": {path: _executed_cells(path) for path in OPENED}, "checkpoints": _checkpoint_folders()}


@pytest.fixture(scope="module")
def lab(tmp_path_factory, lessons_before):
    """A JupyterLab server started like ``make lab``, always shut down afterwards."""
    need_browser()
    server = LabServer(tmp_path_factory.mktemp("jupyter-lab"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium with a fresh profile, driven by Playwright."""
    need_browser()
    from playwright.sync_api import sync_playwright

    scratch = tmp_path_factory.mktemp("chromium")
    with sync_playwright() as playwright:
        context = chromium_context(playwright, scratch)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser, lab):
    """A new browser tab; its kernels are shut down when the test ends."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab = browser.new_page()
    tab.set_default_timeout(60_000)
    tab.page_errors = []
    tab.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    try:
        yield tab
    finally:
        tab.close()
        lab.shut_down_kernels()


# -- tests ---------------------------------------------------------------------------


def test_make_lab_url_opens_the_start_page_and_its_links_open_lessons(page, lab):
    # The server's root URL is what `make lab` prints; it must land on the start page.
    page.goto(lab.url("/"))
    page.wait_for_url(re.compile(r"/lab/tree/lessons/00_start_here\.ipynb"), timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-MarkdownCell h1")
    title = page.locator(".jp-Notebook .jp-MarkdownCell h1").first.inner_text()
    assert title.strip(), "the start page shows no title"
    wait_for_idle_kernel(page, lab, START_PAGE)

    run_all_cells(page)
    assert not error_outputs(page), f"the start page raised:\n{error_outputs(page)}"
    assert all(re.fullmatch(r"\[\d+\]:", p) for p in execution_prompts(page)), execution_prompts(page)
    assert (
        page.locator('.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]').count() >= 1
    ), "the set-up check on the start page printed nothing"
    page.screenshot(path=str(ARTIFACTS / "00_start_here.png"))

    # Click the course map's link to the first lesson of chapter 1: it opens in a new tab.
    # (JupyterLab rewrites relative links to /files/<path>?_xsrf=... and opens them itself.)
    target = LESSONS[0]
    links = page.locator(f'.jp-Notebook .jp-MarkdownCell a[href*="/{target}"]')
    assert links.count() >= 1, f"the start page has no link to {target}"
    link = links.first
    link.scroll_into_view_if_needed(timeout=10_000)
    link.click()
    tab_name = target.rsplit("/", 1)[-1]
    page.wait_for_selector(
        f'#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel:text-is("{tab_name}")'
    )
    page.screenshot(path=str(ARTIFACTS / "00_start_here_link_opened.png"))
    assert not page.page_errors, f"JavaScript errors in JupyterLab: {page.page_errors}"


@pytest.mark.parametrize("path", LESSONS, ids=[_slug(p) for p in LESSONS])
def test_lesson_runs_and_its_widgets_respond(page, lab, path):
    slug = _slug(path)
    open_notebook(page, lab, path, workspace=f"test-{slug.replace('_', '-')}")
    run_all_cells(page)
    page.screenshot(path=str(ARTIFACTS / f"{slug}_after_run_all.png"))

    # No cell failed, and every code cell ran.
    errors = error_outputs(page)
    assert not errors, f"{path} shows an error in the browser:\n" + "\n---\n".join(errors)
    prompts = execution_prompts(page)
    assert len(prompts) == _n_code_cells(path), f"{len(prompts)} code cells on screen, file has {_n_code_cells(path)}"
    assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"cells that did not run: {prompts}"

    # Every widget rendered: none stuck on "Loading widget...", none failed.
    expected_widgets = _n_widget_cells(path)
    if expected_widgets:
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img.widget-image').length >= n",
            arg=expected_widgets,
            timeout=30_000,
            polling=250,
        )
    assert not widget_problems(page), widget_problems(page)
    assert widget_outputs(page).count() == expected_widgets, (
        f"{widget_outputs(page).count()} widget outputs rendered, {expected_widgets} expected"
    )
    assert not page.page_errors, f"JavaScript errors in JupyterLab: {page.page_errors}"

    if not expected_widgets:
        # A lesson without widgets still draws its matplotlib figures.
        assert page.locator('.jp-Notebook .jp-OutputArea-output[data-mime-type="image/png"] img').count() >= 1
        assert not stderr_outputs(page), stderr_outputs(page)
        return

    for index in range(expected_widgets):
        panel = widget_outputs(page).nth(index)
        sliders = panel.locator(".widget-slider")
        assert sliders.count() >= 1, "an interactive figure without a slider"
        image = panel.locator("img.widget-image").first
        assert image_has_loaded(image), "the figure image did not load"
        panel.scroll_into_view_if_needed()

        # Move the first slider: the kernel must redraw the figure.
        handle = sliders.first.locator(".noUi-handle")
        readout = sliders.first.locator(".widget-readout")
        value_before, readout_before = handle.get_attribute("aria-valuenow"), readout.inner_text()
        src_before = image.get_attribute("src")
        png_before = image.screenshot(path=str(ARTIFACTS / f"{slug}_widget{index}_before.png"))

        press_slider_key(page, handle, "ArrowRight", times=4)
        wait_for_new_src(page, image, src_before)
        png_after = image.screenshot(path=str(ARTIFACTS / f"{slug}_widget{index}_after.png"))
        panel.screenshot(path=str(ARTIFACTS / f"{slug}_widget{index}_panel.png"))

        assert handle.get_attribute("aria-valuenow") != value_before, "the slider did not move"
        assert readout.inner_text() != readout_before, "the slider's read-out did not change"
        assert png_after != png_before, "the slider moved but the figure looks the same"
        assert not widget_problems(page), widget_problems(page)

    assert not error_outputs(page), error_outputs(page)
    assert not page.page_errors, f"JavaScript errors in JupyterLab: {page.page_errors}"


def test_browser_session_left_the_lesson_files_untouched(lab, lessons_before):
    """Autosave is off: running lessons in the browser must not write outputs into them.

    Runs last in this file, after the browser tests above.
    """
    settings = lab.api("GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin")["settings"]
    assert settings.get("autosave") is False, f"JupyterLab autosave is not off: {settings}"
    # Counting executed cells, not hashing the files, lets authors edit lessons during a run.
    saved = [path for path, n in lessons_before["executed"].items() if _executed_cells(path) != n]
    assert not saved, f"the browser session saved outputs into {saved}"
    new_checkpoints = _checkpoint_folders() - lessons_before["checkpoints"]
    assert not new_checkpoints, f"JupyterLab saved checkpoints: {sorted(map(str, new_checkpoints))}"
