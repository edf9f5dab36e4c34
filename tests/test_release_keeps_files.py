"""Regenerating a release never deletes a file that nbgrader did not generate (real nbgrader, real make).

``nbgrader generate_assignment --force`` deletes ``exercises/<ps>/`` before writing it again.
``tools/instructor/release.py`` and ``make exercises`` (which runs it) first move every file that
nbgrader would not write (computed from the source folder the way nbgrader selects files) to
``exercises-moved-aside/<ps>-<date>-<time>/``, keep its relative path and content, and print
what moved where. The test plants, in the release folder of a temporary course:

* a note, a data file in a subfolder, and a JupyterLab checkpoint: not generated, must move;
* a data file that the instructor also put in ``solutions/<ps>/``: nbgrader copies it, so it is
  generated and must stay (with the source's content).

About 10 s: three generate runs, one of them through ``make``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ASSIGNMENTS, INSTRUCTOR_TOOLS, ROOT, instructor_script, notebook_names, venv_bin, venv_environment

pytestmark = pytest.mark.slow

PS = ASSIGNMENTS[0]
STRAYS = {
    "notes.txt": "my teaching notes\n",
    "data/extra_table.csv": "dose_mg,auc\n1,2\n",
    ".ipynb_checkpoints/scratch-checkpoint.ipynb": "{}\n",
}
SHIPPED = "dose_table.csv"


def _plant(release_dir: Path) -> None:
    for name, text in STRAYS.items():
        (release_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (release_dir / name).write_text(text, encoding="utf-8")
    (release_dir / SHIPPED).write_text("an old copy\n", encoding="utf-8")


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def course(course_folder):
    (course_folder / "solutions" / PS / SHIPPED).write_text("dose_mg,auc\n", encoding="utf-8")
    return course_folder


def _check_moved(root: Path, output: str) -> None:
    release_dir = root / "exercises" / PS
    notebooks = notebook_names(root / "solutions" / PS)
    assert sorted(_files(release_dir)) == sorted(notebooks + [SHIPPED]), _files(release_dir)
    assert (release_dir / SHIPPED).read_text(encoding="utf-8") == "dose_mg,auc\n"
    moved_root = root / "exercises-moved-aside"
    [moved] = [p for p in moved_root.iterdir() if p.name.startswith(f"{PS}-")]
    assert _files(moved) == STRAYS
    assert (
        f"moved  {len(STRAYS)} file(s) that nbgrader does not generate to exercises-moved-aside/{moved.name}/" in output
    )
    for name in STRAYS:
        assert f"exercises/{PS}/{name} -> exercises-moved-aside/{moved.name}/{name}" in output, output
    assert f"put it in solutions/{PS}/ instead" in output


def test_release_script_moves_what_nbgrader_would_delete(course, capsys):
    release = instructor_script("release")
    assert release.main([PS, "--course", str(course)]) == 0
    capsys.readouterr()
    _plant(course / "exercises" / PS)
    assert release.main([PS, "--course", str(course)]) == 0
    _check_moved(course, capsys.readouterr().out)
    # nothing to move the next time: no new folder, no message
    assert release.main([PS, "--course", str(course)]) == 0
    assert "moved" not in capsys.readouterr().out
    assert len(list((course / "exercises-moved-aside").iterdir())) == 1


def test_what_nbgrader_generates_is_computed_like_nbgrader(course, tmp_path):
    """The prediction equals what ``generate_assignment`` really writes (source with extra files)."""
    release = instructor_script("release")
    (course / "solutions" / PS / "figures").mkdir()
    (course / "solutions" / PS / "figures" / "curve.svg").write_text("<svg/>", encoding="utf-8")
    (course / "solutions" / PS / "__pycache__").mkdir()
    (course / "solutions" / PS / "__pycache__" / "helper.cpython-311.pyc").write_bytes(b"\0")
    assert release.main([PS, "--course", str(course)]) == 0
    import _course

    api = _course.make_api(course)
    predicted = release.generated_files(api.coursedir, PS)
    assert predicted == set(_files(course / "exercises" / PS)), predicted
    assert "figures/curve.svg" in predicted and not any("__pycache__" in p for p in predicted)


def test_make_exercises_goes_through_the_safe_path(course, tmp_path):
    """``make exercises PS=<ps>`` in a copy of the course, with the test's Python environment."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, course / name)
    shutil.copytree(INSTRUCTOR_TOOLS, course / "tools" / "instructor", ignore=shutil.ignore_patterns("__pycache__"))
    # make exercises first builds solutions/ from the problem-set sources
    shutil.copytree(ROOT / "problemsets", course / "problemsets", ignore=shutil.ignore_patterns("__pycache__"))
    (course / ".venv").mkdir()  # where the throw-away gradebook goes
    stamp = tmp_path / "installed-stamp"  # the environment counts as installed
    stamp.touch()
    env = venv_environment()
    make = [
        "make",
        "--no-print-directory",
        "-C",
        str(course),
        "exercises",
        f"PS={PS}",
        f"BIN={venv_bin()}",
        f"STAMP={stamp}",
    ]
    first = subprocess.run(make, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    _plant(course / "exercises" / PS)
    second = subprocess.run(make, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "tools/instructor/release.py" in second.stdout
    _check_moved(course, second.stdout)
    assert (course / ".venv" / "release-gradebook.db").is_file()
    assert not (course / "gradebook.db").exists(), "make exercises must not touch the course gradebook"
