"""The type hints that ``microdose/py.typed`` promises: mypy passes, and no public callable lacks them.

* mypy, as ``make typecheck`` runs it (the ``[tool.mypy]`` configuration in ``pyproject.toml``:
  every function of ``microdose`` annotated, bodies checked against the hints), finds nothing;
* every function, method and class in a module's ``__all__`` (the library, its widgets and its
  data) has an annotation for each parameter and for its return, so the promise cannot rot when
  a function is added;
* both checks are live: a planted unannotated function fails them.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import subprocess
import sys
from types import FunctionType, ModuleType

import pytest
from helpers import ROOT

import microdose


def _mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_mypy_passes_on_the_library(tmp_path):
    result = _mypy("--cache-dir", str(tmp_path / "mypy_cache"))
    assert result.returncode == 0, (
        "mypy (`make typecheck`, configured in pyproject.toml) found problems in lib/microdose:\n"
        + result.stdout[-8000:]
        + result.stderr[-2000:]
    )


def test_mypy_configuration_is_live(tmp_path):
    """A module of the microdose package with an unannotated function and a wrong return type fails."""
    package = tmp_path / "microdose"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    planted = package / "planted.py"
    planted.write_text(
        'def unannotated(dose_mg):\n    return dose_mg\n\n\ndef wrong() -> int:\n    return "not an int"\n',
        encoding="utf-8",
    )
    result = _mypy("--cache-dir", str(tmp_path / "mypy_cache"), str(planted))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[no-untyped-def]" in result.stdout and "[return-value]" in result.stdout, result.stdout


# ---------------------------------------------------------------------------------------------
# Every public callable is annotated
# ---------------------------------------------------------------------------------------------


def _library_modules() -> list[ModuleType]:
    """Every module of the package that lists a public API (``__all__``), widgets and data included."""
    names = [info.name for info in pkgutil.walk_packages(microdose.__path__, "microdose.")]
    modules = [microdose] + [importlib.import_module(name) for name in sorted(names)]
    return [module for module in modules if hasattr(module, "__all__")]


def _missing_annotations(func: FunctionType, *, skip_first: bool) -> list[str]:
    """Parameters of ``func`` without an annotation (``self``/``cls`` skipped), and ``return`` if unannotated."""
    signature = inspect.signature(func)
    parameters = list(signature.parameters.values())[1 if skip_first else 0 :]
    missing = [p.name for p in parameters if p.annotation is inspect.Parameter.empty]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def _written_in(func: object, cls: type) -> bool:
    """Whether ``func`` is written in the source file of ``cls`` (not generated: dataclass ``__eq__`` ...)."""
    code = getattr(func, "__code__", None)
    return code is not None and code.co_filename == getattr(sys.modules[cls.__module__], "__file__", None)


def _class_callables(cls: type) -> list[tuple[str, FunctionType, bool]]:
    """(name, function, skip first parameter) of every method written in the class body.

    Private helpers (one leading underscore) are left to mypy; special methods written by hand
    (``__init__``, ``__call__``, ``__str__`` ...) and properties count as public.
    """
    found = []
    for name, raw in vars(cls).items():
        if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
            continue
        if isinstance(raw, property):
            functions = [(f, True) for f in (raw.fget, raw.fset, raw.fdel) if f is not None]
        elif isinstance(raw, staticmethod):
            functions = [(raw.__func__, False)]
        elif isinstance(raw, classmethod):
            functions = [(raw.__func__, True)]
        elif inspect.isfunction(raw):
            functions = [(raw, True)]
        else:
            continue
        found += [(f"{cls.__qualname__}.{name}", f, skip) for f, skip in functions if _written_in(f, cls)]
    return found


def public_callables(module: ModuleType) -> list[tuple[str, FunctionType, bool]]:
    """(qualified name, function, skip first parameter) of every function and method in ``module.__all__``."""
    found = []
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            found.append((f"{module.__name__}.{name}", obj, False))
        elif inspect.isclass(obj):
            found += [(f"{module.__name__}.{qualname}", f, skip) for qualname, f, skip in _class_callables(obj)]
    return found


def unannotated(module: ModuleType) -> list[str]:
    """``"name: missing, ..."`` for every public callable of ``module`` that lacks an annotation."""
    report = []
    for qualname, func, skip_first in public_callables(module):
        missing = _missing_annotations(func, skip_first=skip_first)
        if missing:
            report.append(f"{qualname}: {', '.join(missing)}")
    return report


MODULES = _library_modules()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_public_callable_is_annotated(module):
    missing = unannotated(module)
    assert not missing, (
        f"{module.__name__} ships py.typed but these public callables lack annotations "
        "(parameters, or return):\n  " + "\n  ".join(missing)
    )


def test_the_annotation_check_covers_the_whole_api():
    """Functions, methods and properties of every module are seen, widgets and data included."""
    seen = {qualname for module in MODULES for qualname, _, _ in public_callables(module)}
    for expected in (
        "microdose.pk.oral_conc_mg_per_L",
        "microdose.nca.NCAResult.as_dict",
        "microdose.nca.NCAResult.lambda_z_estimated",
        "microdose.answerkey.AnswerKey.from_text",
        "microdose.selfcheck.AnswerError.__init__",
        "microdose.widgets.InteractiveFigure.update",
        "microdose.widgets.occupancy.OccupancyExplorer.update",
        "microdose.data.load_table",
    ):
        assert expected in seen, f"the annotation check does not see {expected}"
    assert len(seen) > 200, f"only {len(seen)} public callables seen"


def test_the_annotation_check_can_fail(tmp_path):
    """A planted module with unannotated and partly annotated callables is reported, name by name."""
    source = tmp_path / "planted_api.py"
    source.write_text(
        "from dataclasses import dataclass\n"
        "\n"
        '__all__ = ["Result", "annotated", "half_annotated", "unannotated"]\n'
        "\n"
        "\n"
        "def annotated(dose_mg: float, *doses: float, **options: str) -> float:\n"
        "    return dose_mg\n"
        "\n"
        "\n"
        "def half_annotated(dose_mg: float, volume_L) -> float:\n"
        "    return dose_mg / volume_L\n"
        "\n"
        "\n"
        "def unannotated(dose_mg, **options):\n"
        "    return dose_mg\n"
        "\n"
        "\n"
        "@dataclass(frozen=True)\n"
        "class Result:\n"
        "    auc: float\n"
        "\n"
        "    def scaled(self, factor):\n"
        "        return self.auc * factor\n"
        "\n"
        "    @property\n"
        "    def ok(self):\n"
        "        return True\n"
        "\n"
        "    def _private(self, x):\n"
        "        return x\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("planted_api", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules["planted_api"] = module  # dataclasses looks the module up while building the class
    try:
        spec.loader.exec_module(module)
        report = unannotated(module)
    finally:
        del sys.modules["planted_api"]
    assert sorted(report) == [
        "planted_api.Result.ok: return",
        "planted_api.Result.scaled: factor, return",
        "planted_api.half_annotated: volume_L",
        "planted_api.unannotated: dose_mg, options, return",
    ]
