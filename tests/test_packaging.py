"""Layout, packaging and CI wiring: the things a fresh clone relies on."""

import inspect
import json
import re
import tomllib

import pytest
from helpers import ROOT

import microdose


def _names_and_specs_from_pyproject():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return {re.split(r"[<>=!~ ]", d, maxsplit=1)[0].lower(): d.replace(" ", "") for d in deps}


def _names_and_specs_from_environment_yml():
    """Conda dependencies of environment.yml (top-level list, without python/pip)."""
    specs, in_deps = {}, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"^\S", line):
            break
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+)(.*)$", line) if in_deps else None
        if m and m.group(1) not in ("python", "pip"):
            specs[m.group(1).lower()] = (m.group(1) + m.group(2)).replace(" ", "")
    return specs


def test_top_level_layout():
    for name in [
        "README.md",
        "environment.yml",
        "lessons",
        "exercises",
        "solutions",
        "lib",
        "tests",
        "pyproject.toml",
        "Makefile",
        ".ci/run",
    ]:
        assert (ROOT / name).exists(), f"{name} is missing from the top level"
    assert (ROOT / "lib" / "microdose" / "__init__.py").is_file()


def test_environment_yml_and_pyproject_declare_the_same_dependencies():
    assert _names_and_specs_from_environment_yml() == _names_and_specs_from_pyproject()


def test_environment_yml_pins_python_and_installs_the_package():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^  - python(>=|=)3\.1[1-9]", text, re.M)
    assert "conda-forge" in text
    assert re.search(r'^      - -e "?\.(\[test\])?"?$', text, re.M), "environment.yml must pip-install the package"
    for needed in ["jupyterlab", "ipywidgets", "numpy", "scipy", "matplotlib", "nbgrader"]:
        assert needed in _names_and_specs_from_environment_yml()


def readme_test_command():
    text = (ROOT / "README.md").read_text()
    m = re.search(r"<!-- test-command.*?-->\s*```bash\n(.+?)\n```", text, re.S)
    assert m, "README.md must mark its test command with <!-- test-command ... -->"
    return m.group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert commands[-1] == command, f".ci/run must end by running {command!r}"
    assert "set -e" in ci
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


def test_makefile_has_lab_and_test_targets():
    text = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", text, re.M) and re.search(r"^test:", text, re.M)
    start = re.search(r"^START\s*:=\s*(\S+)", text, re.M).group(1)
    assert (ROOT / start).is_file(), f"the lab command opens {start}, which must exist"
    assert "127.0.0.1" in text
    # serve the whole course (links from lessons/ to exercises/ must resolve) and land on the start page
    assert "--ServerApp.root_dir=$(CURDIR)" in text and "--LabApp.default_url=/lab/tree/$(START)" in text


def test_course_never_reads_the_shared_source_material():
    forbidden = "../" + "shared"
    for folder in ["lib", "lessons", "exercises", "solutions", "problemsets", "tests", "benchmarks"]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".ipynb", ".md", ".txt", ".json", ".csv"} and path.is_file():
                assert forbidden not in path.read_text(encoding="utf-8"), f"{path} refers to {forbidden}"


def test_notebooks_are_stored_without_outputs():
    for nb_path in ROOT.glob("**/*.ipynb"):
        if any(p.startswith(".") for p in nb_path.relative_to(ROOT).parts):
            continue
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, (
                    f"{nb_path.relative_to(ROOT)} is stored with outputs"
                )


MODULES = [getattr(microdose, name) for name in microdose.__all__]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_public_function_has_a_numpydoc_docstring_with_a_reference(module):
    assert module.__doc__ and len(module.__doc__) > 200, f"{module.__name__} needs a module docstring"
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            doc = inspect.getdoc(obj) or ""
            has_params = bool(inspect.signature(obj).parameters)
            assert not has_params or "Parameters\n----------" in doc, f"{module.__name__}.{name}: no Parameters section"
            assert "References\n----------" in doc, f"{module.__name__}.{name}: no References section"


def test_public_api_is_listed():
    for module in MODULES:
        public = {
            n
            for n, o in vars(module).items()
            if not n.startswith("_") and inspect.isfunction(o) and o.__module__ == module.__name__
        }
        missing = public - set(module.__all__)
        assert not missing, f"{module.__name__}: public functions missing from __all__: {sorted(missing)}"
