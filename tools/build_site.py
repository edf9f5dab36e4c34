"""Build, check and preview the course website (Jupyter Book 1).

The website shows every lesson *executed* (figures included), the problem sets as released to
students (not executed) and the guides in ``docs/``. Its configuration lives in ``site/``
(``_config.yml``, ``_toc.yml``, ``_ext/``, ``_static/``); the book root is the repository root, so
the notebooks are used where they are, with no copies.

Usage (from anywhere, with the course environment active)::

    python tools/build_site.py                  # build into _build/html/ (about 1.5 minutes)
    python tools/build_site.py --strict         # as the tests do: any warning is an error
                                                # (-W -n --keep-going), then check internal links
    python tools/build_site.py --serve          # build, then preview on http://127.0.0.1:8000/
    python tools/build_site.py --serve-only     # preview the last build without rebuilding
    python tools/build_site.py --output DIR     # build into DIR/_build/html/ instead

Publishing the site (GitHub Pages) is described in ``docs/website.md``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = ROOT / "site" / "_config.yml"
SITE_TOC = ROOT / "site" / "_toc.yml"
DEFAULT_OUTPUT = ROOT  # Jupyter Book writes to <output>/_build/html

#: HTML attributes that point at another file of the site
LINK_ATTRIBUTES = {"href", "src"}
#: link targets that are not files of the site
EXTERNAL_PREFIXES = ("http:", "https:", "mailto:", "data:", "javascript:", "tel:", "//")


def build_command(output_dir: Path = DEFAULT_OUTPUT, strict: bool = False, toc: Path = SITE_TOC) -> list[str]:
    """The ``jupyter-book build`` command line for the course website.

    Parameters
    ----------
    output_dir : Path
        Folder that receives ``_build/`` (the HTML is in ``_build/html``).
    strict : bool
        Turn every Sphinx warning into an error (``-W``), report missing internal references
        (``-n``, nitpicky) and list all warnings before failing (``--keep-going``).
    toc : Path
        Table of contents (default ``site/_toc.yml``; another one builds a partial site).
    """
    command = [
        sys.executable,
        "-c",
        "from jupyter_book.cli.main import main; main()",
        "build",
        str(ROOT),
        "--config",
        str(SITE_CONFIG),
        "--toc",
        str(toc),
        "--path-output",
        str(output_dir),
        "--all",
    ]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    return command


def html_dir(output_dir: Path = DEFAULT_OUTPUT) -> Path:
    """Where the built HTML pages are, for a given ``output_dir``."""
    return Path(output_dir) / "_build" / "html"


def build(
    output_dir: Path = DEFAULT_OUTPUT, strict: bool = False, capture: bool = False, toc: Path = SITE_TOC
) -> subprocess.CompletedProcess:
    """Run the build; returns the finished process (``returncode`` 0 means success).

    Every lesson is executed from a fresh kernel in its own folder, so a build takes about as
    long as running all lessons (1–2 minutes on two cores).
    """
    return subprocess.run(
        build_command(output_dir, strict, toc), cwd=ROOT, text=True, capture_output=capture, check=False
    )


class _LinkCollector(HTMLParser):
    """Collects the ``href``/``src`` values and the anchor ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def _parse(page: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def broken_internal_links(site_dir: Path) -> list[str]:
    """Every relative link or image of the built site whose target does not exist.

    Each ``href``/``src`` of every ``.html`` page under ``site_dir`` (outside ``_static/``) that is not an external URL
    must name an existing file inside ``site_dir`` (a folder counts if it holds ``index.html``)
    and, if it carries a ``#fragment`` into an HTML page, an element with that id. Absolute paths
    (``/x``) are reported too: they break when the site is served from a sub-folder, as GitHub
    Pages does for project sites.

    Returns
    -------
    list of str
        One line per problem: ``page -> link (reason)``; empty when every link resolves.
    """
    site_dir = Path(site_dir).resolve()
    # theme assets in _static/ include Jinja templates named *.html; they are not pages
    pages = sorted(p for p in site_dir.rglob("*.html") if "_static" not in p.relative_to(site_dir).parts)
    parsed = {page: _parse(page) for page in pages}
    problems: list[str] = []
    for page, collector in parsed.items():
        where = page.relative_to(site_dir).as_posix()
        for link in collector.links:
            link = link.strip()
            if not link or link.lower().startswith(EXTERNAL_PREFIXES):
                continue
            parts = urlsplit(link)
            if parts.scheme:  # any other scheme (e.g. a typo such as "htps:") is a broken link
                problems.append(f"{where} -> {link} (unknown URL scheme {parts.scheme!r})")
                continue
            if parts.path.startswith("/"):
                problems.append(f"{where} -> {link} (absolute path; use a relative link)")
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if site_dir not in target.parents and target != site_dir:
                problems.append(f"{where} -> {link} (points outside the site)")
                continue
            if not target.is_file():
                problems.append(f"{where} -> {link} (no such file)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if fragment not in ids:
                    problems.append(f"{where} -> {link} (no element with id {fragment!r})")
    return problems


def serve(site_dir: Path, port: int = 8000) -> None:
    """Serve ``site_dir`` on http://127.0.0.1:<port>/ until Ctrl-C (local preview only)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Previewing {site_dir} on http://127.0.0.1:{port}/  (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="folder that receives _build/ (default: the repository root)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="warnings are errors (-W -n --keep-going); then check internal links"
    )
    parser.add_argument("--serve", action="store_true", help="after building, preview on 127.0.0.1")
    parser.add_argument("--serve-only", action="store_true", help="preview the last build, do not build")
    parser.add_argument("--toc", type=Path, default=SITE_TOC, help="table of contents (default: site/_toc.yml)")
    parser.add_argument("--port", type=int, default=8000, help="preview port (default 8000)")
    args = parser.parse_args(argv)
    site_dir = html_dir(args.output)

    if not args.serve_only:
        start = time.perf_counter()
        result = build(args.output, strict=args.strict, toc=args.toc.resolve())
        print(f"build finished in {time.perf_counter() - start:.0f} s with exit code {result.returncode}")
        if result.returncode != 0:
            return result.returncode
        if args.strict:
            problems = broken_internal_links(site_dir)
            for problem in problems:
                print(f"broken internal link: {problem}", file=sys.stderr)
            if problems:
                return 1
            print("every internal link resolves")
    if args.serve or args.serve_only:
        if not (site_dir / "index.html").is_file():
            print(f"no site in {site_dir}; build it first: python tools/build_site.py", file=sys.stderr)
            return 1
        serve(site_dir, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
