"""The course website (Jupyter Book 1) builds cleanly and every page and link is there.

The fast tests check the table of contents (``site/_toc.yml``) against the repository. The other
tests share ONE strict build of the whole site (module-scoped fixture ``site``): every lesson is
executed, warnings are errors (``-W -n --keep-going``), and the result lands in a temporary
folder. That build takes about 1.5 minutes on two cores (it runs every lesson once more).
See docs/website.md.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from helpers import tool

yaml = pytest.importorskip("yaml", reason="PyYAML (installed with jupyter-book, a test extra) reads site/_toc.yml")

ROOT = Path(__file__).resolve().parents[1]
TOC_PATH = ROOT / "site" / "_toc.yml"
START_PAGE = ROOT / "lessons" / "00_start_here.ipynb"
LESSONS = sorted(p for p in (ROOT / "lessons").glob("ch*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
PROBLEM_SETS = sorted(p for p in (ROOT / "exercises").glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
#: guides another engineer is writing; they are listed in the ToC on purpose (see test below)
GUIDES = ["docs/student_guide", "docs/instructor_guide", "docs/instructor_grading", "docs/jupyterhub", "docs/website"]
#: a Sphinx warning line ("<file>: WARNING: <message>"); the kernel's own
#: "[IPKernelApp] WARNING | ..." start-up notice is not one
SPHINX_WARNING = re.compile(r"(?m)^.*\bWARNING: .*$")


build_site = tool("build_site")
api_pages = tool("api_pages")
API_PAGES = ["docs/api/index", *api_pages.toc_entries()]


def _toc_entries() -> list[str]:
    """Every ``file:`` of site/_toc.yml, in order, the root first (paths without extension)."""
    toc = yaml.safe_load(TOC_PATH.read_text(encoding="utf-8"))
    entries = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            entries.append(chapter["file"])
            entries.extend(section["file"] for section in chapter.get("sections", []))
    return entries


def _source_of(entry: str) -> Path | None:
    for suffix in (".ipynb", ".md"):
        if (ROOT / (entry + suffix)).is_file():
            return ROOT / (entry + suffix)
    return None


def _stem(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix()


# -- the table of contents (fast) -----------------------------------------------------------------


def test_every_toc_entry_exists():
    missing = [entry for entry in _toc_entries() if _source_of(entry) is None]
    assert not missing, (
        f"site/_toc.yml lists pages that do not exist (as .ipynb or .md): {missing}. "
        "Write them, or remove them from the table of contents."
    )


def test_toc_lists_the_course_in_order():
    """Start page, the lessons chapter by chapter, the problem sets, the API reference, the guides."""
    expected = [_stem(START_PAGE)] + [_stem(p) for p in LESSONS] + [_stem(p) for p in PROBLEM_SETS] + API_PAGES + GUIDES
    assert LESSONS and PROBLEM_SETS
    assert _toc_entries() == expected


def test_every_guide_in_docs_is_a_page_of_the_site():
    """Only ToC files become pages, so a new guide in docs/ must be added to site/_toc.yml."""
    entries = set(_toc_entries())
    left_out = [_stem(p) for p in sorted((ROOT / "docs").glob("*.md")) if _stem(p) not in entries]
    assert not left_out, f"add these guides to site/_toc.yml (and to GUIDES in this test): {left_out}"


def test_api_reference_pages_are_up_to_date():
    """docs/api/*.md are generated from the library (tools/api_pages.py): one page per public module,
    listing every name of its ``__all__``; they must not drift from the code."""
    assert api_pages.out_of_date() == [], "run: python tools/api_pages.py"
    import microdose.pk

    page = (ROOT / "docs" / "api" / "pk.md").read_text(encoding="utf-8")
    for name in microdose.pk.__all__:
        assert f"microdose.pk.{name}\n" in page


def test_book_config_never_executes_problem_sets_and_fails_on_errors():
    config = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))
    execute = config["execute"]
    assert execute["execute_notebooks"] in {"force", "cache"}
    assert execute["allow_errors"] is False
    assert isinstance(execute["timeout"], int) and execute["timeout"] > 0
    for notebook in PROBLEM_SETS:  # myst-nb matches these patterns against the absolute path
        assert any(PurePosixPath(notebook.as_posix()).match(p) for p in execute["exclude_patterns"])
    for notebook in LESSONS + [START_PAGE]:
        assert not any(PurePosixPath(notebook.as_posix()).match(p) for p in execute["exclude_patterns"])


def test_link_checker_reports_broken_links(tmp_path):
    """The checker used below finds missing files, missing anchors and absolute paths."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "fig.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text(
        '<a href="sub/page.html#here">ok</a> <img src="_images/fig.png"> <a href="https://x.org">ext</a>'
        '<a href="#top">self</a><h1 id="top">t</h1>',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "page.html").write_text(
        '<p id="here"></p><a href="../index.html">ok</a> <a href="../missing.html">bad</a>'
        '<a href="../index.html#nowhere">bad anchor</a> <img src="/abs.png">',
        encoding="utf-8",
    )
    problems = build_site.broken_internal_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("missing.html" in p and "no such file" in p for p in problems)
    assert any("nowhere" in p for p in problems)
    assert any("/abs.png" in p and "absolute" in p for p in problems)


# -- the built site (one strict build, shared) ----------------------------------------------------


@dataclass
class Site:
    returncode: int
    log: str
    html: Path
    seconds: float

    def page(self, source: Path) -> Path:
        return self.html / source.relative_to(ROOT).with_suffix(".html")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """Build the whole website once, strictly, into a temporary folder (about 1.5 minutes)."""
    pytest.importorskip("jupyter_book", reason="jupyter-book<2 (a test extra) builds the website")
    missing = [entry for entry in _toc_entries() if _source_of(entry) is None]
    if missing:
        pytest.fail(f"cannot build the site: site/_toc.yml lists missing pages {missing}")
    output = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    result = build_site.build(output, strict=True, capture=True)
    seconds = time.perf_counter() - start
    print(f"\ncourse website built in {seconds:.0f} s (exit code {result.returncode})")
    return Site(result.returncode, result.stdout + result.stderr, build_site.html_dir(output), seconds)


@pytest.mark.slow
def test_site_builds_without_warnings(site):
    warnings = SPHINX_WARNING.findall(site.log)
    assert site.returncode == 0 and not warnings, (
        f"jupyter-book build failed (exit code {site.returncode}); warnings:\n"
        + "\n".join(warnings)
        + "\n--- end of the build log ---\n"
        + site.log[-4000:]
    )


@pytest.mark.slow
def test_every_page_of_the_toc_is_built(site):
    assert (site.html / "index.html").is_file()
    missing = [entry for entry in _toc_entries() if not (site.html / (entry + ".html")).is_file()]
    assert not missing, f"no page built for {missing}"


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_page_shows_executed_figures_and_references(site, lesson):
    html = site.page(lesson).read_text(encoding="utf-8")
    figures = re.findall(r'<img [^>]*src="(?:\.\./)+_images/[^"]+\.png"', html)
    assert figures, "the executed lesson page shows no figure"
    assert 'class="cell_output' in html, "the lesson was not executed (no cell outputs)"
    # interactive figures appear as their image, never as an unrendered widget placeholder
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert "application/vnd.jupyter.widget-state+json" not in html
    if "microdose.widgets" in lesson.read_text(encoding="utf-8"):
        assert 'class="static-widget-figure"' in html, "the lesson's interactive figure is missing"
    # the references section renders as a list
    further = re.search(r'<section id="further-reading">(.*?)</section>', html, re.S)
    assert further, "no 'Further reading' section on the page"
    assert len(re.findall(r"<li>", further.group(1))) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("problem_set", PROBLEM_SETS, ids=[p.stem for p in PROBLEM_SETS])
def test_problem_set_page_is_shown_unexecuted(site, problem_set):
    html = site.page(problem_set).read_text(encoding="utf-8")
    assert "NotImplementedError" in html, "the released answer cells should be shown"
    assert 'class="cell_output' not in html, "problem sets must not be executed for the site"


@pytest.mark.slow
def test_every_internal_link_resolves(site):
    problems = build_site.broken_internal_links(site.html)
    assert not problems, "broken links on the site:\n" + "\n".join(problems)


@pytest.mark.slow
def test_api_reference_documents_every_public_name(site):
    """Each public function, class and constant of the library has an entry (an anchor with its
    full name) on its module's page, rendered from its numpydoc docstring."""
    import importlib

    missing = []
    for name in api_pages.module_names():
        module = importlib.import_module(f"microdose.{name}")
        html = (site.html / "docs" / "api" / f"{name}.html").read_text(encoding="utf-8")
        missing += [f"microdose.{name}.{obj}" for obj in module.__all__ if f'id="microdose.{name}.{obj}"' not in html]
        # a constant is documented by its source comment, never by its type's docstring (float's)
        assert "Convert a string or number to a floating point number" not in html, f"microdose.{name}"
    assert not missing, f"no API entry for {missing}"
    ams_page = (site.html / "docs" / "api" / "ams.html").read_text(encoding="utf-8")
    assert "Kutschera" in ams_page.split('id="microdose.ams.C14_HALF_LIFE_Y"', 1)[1][:2000]
    pk_page = (site.html / "docs" / "api" / "pk.html").read_text(encoding="utf-8")
    assert "Parameters" in pk_page and "Returns" in pk_page and "References" in pk_page


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_code_links_library_calls_to_the_api_reference(site, lesson):
    """Every library function a lesson calls is a link to its API entry (sphinx-codeautolink)."""
    html = site.page(lesson).read_text(encoding="utf-8")
    links = set(re.findall(r'class="sphinx-codeautolink-a" href="(?:\.\./)+docs/api/(\w+)\.html#([\w.]+)"', html))
    assert links, "no library call on the lesson page links to the API reference"
    for page, anchor in links:
        target = (site.html / "docs" / "api" / f"{page}.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, f"{anchor} is linked but has no entry on docs/api/{page}.html"


@pytest.mark.slow
def test_lesson_links_to_problem_sets_become_pages(site):
    html = site.page(START_PAGE).read_text(encoding="utf-8")
    for problem_set in PROBLEM_SETS:
        href = problem_set.relative_to(ROOT).with_suffix(".html").as_posix()
        assert f'href="../{href}"' in html, f"the start page does not link to the {problem_set.stem} page"
