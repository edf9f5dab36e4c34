"""Helpers for the real-browser tests (tests/test_browser.py, the page check of tests/test_feedback_and_export.py).

A throw-away JupyterLab server started the way ``make lab`` starts it, a
few small functions that drive a notebook in JupyterLab through Playwright
(menus, waiting for the kernel, reading outputs and widgets), and
:func:`need_browser`, which skips (or, in CI, fails) a test without a browser.

Nothing here touches the user's Jupyter state: the server gets its own
runtime, data, config, IPython, settings, workspace and checkpoint folders in
a temporary directory, and autosave is switched off so the lesson files on
disk keep no outputs. Chromium gets its own HOME as well. Playwright is
imported only inside the functions that need it, so this module imports (and
is collected by ``--doctest-modules``) even where Playwright is missing.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, tool, venv_environment

START_PAGE = "lessons/00_start_here.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# JupyterLab user settings for the throw-away server: no autosave (the lesson
# files must stay without outputs), no news/update checks (no network), every
# cell attached to the page (so outputs below the fold can be inspected).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def need_browser() -> None:
    """Skip the calling test (with the reason) when Chromium or Playwright is missing.

    CI sets ``MICRODOSE_REQUIRE_BROWSER=1`` (see ``.ci/run``, which installs Chromium): there a missing
    browser is a failure, not a skip, so the browser tests cannot silently stop running.
    """
    required = os.environ.get("MICRODOSE_REQUIRE_BROWSER") == "1"
    if not CHROMIUM.exists():
        reason = (
            f"real-browser test needs Debian's Chromium at {CHROMIUM} "
            "(apt-get install --no-install-recommends chromium)"
        )
        pytest.fail(reason) if required else pytest.skip(reason)
    if required:
        import playwright.sync_api  # noqa: F401  (an ImportError fails the test in CI)
    pytest.importorskip("playwright.sync_api", reason="real-browser test needs the PyPI package 'playwright'")


def chromium_environment(scratch_dir: Path) -> dict[str, str]:
    """Environment for Chromium: its crash-report and cache folders go to ``scratch_dir``.

    ``--user-data-dir`` alone does not stop Chromium writing ``~/.config/chromium``
    and ``~/.cache/dconf``.
    """
    env = dict(os.environ)
    env["HOME"] = str(scratch_dir)
    env["XDG_CONFIG_HOME"] = str(scratch_dir / ".config")
    env["XDG_CACHE_HOME"] = str(scratch_dir / ".cache")
    return env


def chromium_context(playwright, scratch_dir: Path):
    """A headless Chromium context (fresh profile and HOME in ``scratch_dir``), 1400 x 1000."""
    return playwright.chromium.launch_persistent_context(
        str(scratch_dir / "user-data"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1400, "height": 1000},
        env=chromium_environment(scratch_dir / "home"),
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A JupyterLab server on 127.0.0.1, started like ``make lab``.

    Parameters
    ----------
    scratch_dir : Path
        An empty folder for the server's runtime files, settings, workspaces
        and log; nothing outside it (and the kernels' own work) is written.
    startup_timeout_s : float
        How long to wait for ``/api/status`` to answer, in seconds.
    extra_settings : dict, optional
        JupyterLab user settings merged over the test defaults (``LAB_SETTINGS``), e.g. those of
        ``make author``.
    default_url : str
        The page ``/`` redirects to (``make lab``: the start page).
    """

    def __init__(
        self,
        scratch_dir: Path,
        startup_timeout_s: float = 60.0,
        extra_settings: dict | None = None,
        default_url: str = f"/lab/tree/{START_PAGE}",
    ) -> None:
        self.scratch_dir = Path(scratch_dir)
        self.extra_settings = extra_settings or {}
        self.default_url = default_url
        self.startup_timeout_s = startup_timeout_s
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.scratch_dir / "jupyter-lab.log"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        """The ``make lab`` command line plus the flags a test needs."""
        jupyter = Path(sys.executable).with_name("jupyter")
        cmd = [
            str(jupyter) if jupyter.exists() else "jupyter",
            "lab",
            "--ip=127.0.0.1",
            f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.default_url={self.default_url}",
        ]
        if os.getuid() == 0:
            cmd.append("--allow-root")
        cmd += [
            "--no-browser",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            # JupyterLab writes a checkpoint copy of every notebook it opens;
            # keep those out of the repository (an absolute folder is used as is).
            f"--FileCheckpoints.checkpoint_dir={self.scratch_dir / 'checkpoints'}",
        ]
        return cmd

    def environment(self) -> dict[str, str]:
        """The current environment with private Jupyter state folders."""
        env = venv_environment()  # the venv's bin/ first, as `make lab` does (the kernel finds the same Python)
        settings_dir = self.scratch_dir / "lab-settings"
        settings = {name: dict(values) for name, values in LAB_SETTINGS.items()}
        for name, values in self.extra_settings.items():
            settings.setdefault(name, {}).update(values)
        tool("lessons").write_lab_settings(settings_dir, settings)
        env["JUPYTER_RUNTIME_DIR"] = str(self.scratch_dir / "runtime")
        # Notebook-signing key, user config and IPython history stay private too.
        env["JUPYTER_DATA_DIR"] = str(self.scratch_dir / "data")
        env["JUPYTER_CONFIG_DIR"] = str(self.scratch_dir / "config")
        env["IPYTHONDIR"] = str(self.scratch_dir / "ipython")
        env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir)
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self.scratch_dir / "workspaces")
        env.pop("MPLBACKEND", None)
        return env

    def start(self) -> LabServer:
        """Start the server and wait until ``/api/status`` answers."""
        self.scratch_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "wb")
        try:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout_s=2.0)
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"jupyter lab did not answer /api/status within {self.startup_timeout_s:g} s:\n{self.log_tail()}"
        )

    def api(self, method: str, path: str, timeout_s: float = 10.0):
        """Call the server's REST API with the token; return the decoded JSON (or None)."""
        request = urllib.request.Request(
            self.base_url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, path: str = "") -> str:
        """A browser URL on this server, with the login token."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{separator}token={self.token}"

    def shut_down_kernels(self) -> None:
        """End every kernel the browser started (keeps the 2 CPU cores free)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self) -> None:
        """Shut the server down: politely first, then kill its process group."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.api("POST", "/api/shutdown", timeout_s=5.0)  # also ends the kernels
            self.process.wait(timeout=10)
        except Exception:
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, n_chars: int = 3000) -> str:
        """The end of the server's log (for error messages)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n_chars:]
        except OSError:
            return "(no log)"


# ---------------------------------------------------------------------------------------
# Driving a notebook in JupyterLab (``page`` is a Playwright page)
# ---------------------------------------------------------------------------------------

# JavaScript run in the page. Polling every 250 ms: Playwright's default
# (requestAnimationFrame) does not always fire in a headless, unfocused page.
_ALL_CELLS_DONE_JS = """() => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    const busy = prompts.some(t => t === '[*]:');
    const errored = document.querySelector(
        '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]') !== null;
    const allNumbered = prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    const idle = indicator === null || indicator.getAttribute('data-status') === 'idle';
    return !busy && idle && (allNumbered || errored);
}"""

_POLL_MS = 250


def open_notebook(page, server: LabServer, path: str, workspace: str, timeout_s: float = 60.0) -> None:
    """Open ``path`` (relative to the repository) in a fresh JupyterLab workspace.

    A named, new workspace means JupyterLab restores no tabs from an earlier test.
    """
    page.goto(server.url(f"/lab/workspaces/{workspace}/tree/{path}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_s * 1000)
    wait_for_idle_kernel(page, server, path, timeout_s)


def wait_for_idle_kernel(page, server: LabServer, path: str, timeout_s: float = 60.0) -> None:
    """Wait until the server has an idle kernel for ``path`` and the page shows it idle."""
    deadline = time.monotonic() + timeout_s
    while True:
        states = [
            s["kernel"]["execution_state"]
            for s in server.api("GET", "/api/sessions")
            if s.get("path") == path and s.get("kernel")
        ]
        if "idle" in states:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"no idle kernel for {path} after {timeout_s:g} s (sessions: {states})")
        time.sleep(0.25)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=timeout_s * 1000)


def run_all_cells(page, timeout_s: float = 90.0) -> None:
    """Run → Run All Cells from the menu bar, then wait until the kernel is idle.

    Returns when every code cell shows an execution count (``[n]:``), or when a
    cell failed (JupyterLab then stops and leaves later cells unnumbered).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started_js = (
        "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]"
        ".some(e => /\\[(\\d+|\\*)\\]/.test(e.textContent))"
    )
    # Select the first cell so that the notebook is JupyterLab's current document
    # (menu commands act on it), then use the menu; once more if nothing started.
    page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
    for attempt in range(2):
        page.click('.lm-MenuBar-itemLabel:text-is("Run")')
        page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
        try:
            page.wait_for_function(started_js, timeout=10_000, polling=_POLL_MS)
            break
        except PlaywrightTimeout:
            if attempt == 1:
                raise AssertionError(
                    f"Run → Run All Cells started no cell; prompts {execution_prompts(page)}"
                ) from None
    try:
        page.wait_for_function(_ALL_CELLS_DONE_JS, timeout=timeout_s * 1000, polling=_POLL_MS)
    except PlaywrightTimeout as error:
        status = page.locator(".jp-Notebook-ExecutionIndicator").first.get_attribute("data-status")
        raise AssertionError(
            f"Run All Cells did not finish within {timeout_s:g} s; kernel status {status!r}, "
            f"cell prompts {execution_prompts(page)}"
        ) from error


def execution_prompts(page) -> list[str]:
    """The prompt of every code cell, e.g. ``['[1]:', '[2]:', '[ ]:']``."""
    return [t.strip() for t in page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_inner_texts()]


def error_outputs(page) -> list[str]:
    """Text of every stderr output that contains a Python traceback or error."""
    texts = page.locator(
        '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    return [t for t in texts if "Traceback" in t or "Error" in t]


def stderr_outputs(page) -> list[str]:
    """Text of every stderr output (warnings included)."""
    return page.locator(
        '.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()


def widget_problems(page) -> list[str]:
    """Widget outputs that show an error or are still loading, as readable strings."""
    problems = []
    for output in page.locator(".jp-Notebook .jp-OutputArea-output").all():
        text = output.inner_text()
        for marker in ("Error displaying widget", "Loading widget...", "Loading widget…"):
            if marker in text:
                problems.append(f"{marker!r} in an output: {text[:200]!r}")
    return problems


def widget_outputs(page):
    """Locator for the outputs that hold a rendered ipywidgets view."""
    return page.locator(".jp-Notebook .jp-OutputArea-output:has(> .jupyter-widgets)")


def image_has_loaded(image) -> bool:
    """True when an ``<img>`` element has finished loading a non-empty picture."""
    return bool(image.evaluate("img => img.complete && img.naturalWidth > 0"))


def press_slider_key(page, handle, key: str = "ArrowRight", times: int = 4) -> None:
    """Focus a slider handle (noUiSlider, as ipywidgets 8 draws it) and press ``key``."""
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)


def wait_for_new_src(page, image, old_src: str, timeout_s: float = 30.0) -> str:
    """Wait until ``image`` shows a new picture (its ``src`` changes); return the new ``src``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "([img, old]) => img.getAttribute('src') !== old && img.complete && img.naturalWidth > 0",
            arg=[image.element_handle(), old_src],
            timeout=timeout_s * 1000,
            polling=_POLL_MS,
        )
    except PlaywrightTimeout as error:
        raise AssertionError(f"the figure was not redrawn within {timeout_s:g} s of moving the slider") from error
    return image.get_attribute("src")
