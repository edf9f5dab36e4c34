"""The problem-set engine: one source per question, generated and up to date; short hidden tests; every slip
named by the self-check and the hidden test; follow-through; class variants; nothing readable in the release.

The slow, real-nbgrader side (variants released, autograded and fed back) is in tests/test_grading.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from grading import ROOT

from problemsets.build import (
    Solved,
    build_notebook,
    hidden_test_source,
    problem_set_names,
    stale_sources,
    visible_check_source,
)
from problemsets.verify import verify

NAMES = problem_set_names()
VARIANTS = ("default", "class-a", "class-b", "class-c")
MAX_HIDDEN_LINES = 15


def test_every_released_problem_set_has_a_source():
    assert NAMES == sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    assert len(NAMES) >= 4


def test_solutions_are_what_the_sources_give():
    stale = stale_sources(ROOT, NAMES)
    assert not stale, f"solutions/ is stale for {stale}: run `make exercises` and commit the result"


def test_check_mode_of_the_command_line_reports_drift(tmp_path, monkeypatch):
    ok = subprocess.run(
        [sys.executable, "-m", "problemsets", "build", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "up to date" in ok.stdout
    # a changed source notebook is reported (on a copy: the repository is not touched)
    import problemsets.build as build

    fake_root = tmp_path / "course"
    target = fake_root / "solutions" / NAMES[0] / f"{NAMES[0]}.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text((ROOT / "solutions" / NAMES[0] / f"{NAMES[0]}.ipynb").read_text().replace("Learning", "Lerning"))
    assert build.stale_sources(fake_root, [NAMES[0]]) == [NAMES[0]]


@pytest.mark.parametrize("name", NAMES)
def test_hidden_tests_are_short_generated_and_not_pasted(name):
    notebook = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    hidden_cells = []
    for cell in notebook.cells:
        if "BEGIN HIDDEN TESTS" not in cell.source:
            continue
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0].strip("\n")
        lines = hidden.split("\n")
        assert len(lines) <= MAX_HIDDEN_LINES, f"{cell.metadata.nbgrader.grade_id}: {len(lines)} hidden lines"
        assert not any(re.search(r"\.startswith\(|_hint\b", line) for line in lines), "no matching on message text"
        hidden_cells.append(lines)
    # no block of three or more identical lines shared by two hidden cells (beyond the import)
    seen: dict[tuple, int] = {}
    for number, lines in enumerate(hidden_cells):
        body = [line for line in lines if not line.startswith("from microdose.selfcheck import")]
        for start in range(len(body) - 2):
            block = tuple(body[start : start + 3])
            if block in seen and seen[block] != number:
                pytest.fail(f"{name}: a hidden-test block is pasted in two cells: {block}")
            seen[block] = number


@pytest.mark.parametrize("name", NAMES)
def test_check_cells_are_generated_from_the_questions(name):
    solved = Solved(name)
    notebook = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    by_id = {c.metadata.nbgrader.grade_id: c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")}
    for check in solved.checks:
        cell = by_id[check.grade_id]
        assert cell.source == visible_check_source(check) + "\n" + hidden_test_source(check, solved.reference)
        assert cell.metadata.nbgrader.points == check.points
        assert cell.metadata.problemset["title"].startswith(f"Question {check.label} — ")
    manual = [
        c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution") and c.metadata.nbgrader.get("grade")
    ]
    assert manual, "every problem set has a written answer graded by a person"


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", NAMES)
def test_every_slip_is_named_and_follow_through_holds(name, variant):
    report = verify(name, variant)
    assert not report.problems, "\n".join(report.problems)
    assert report.slips_tried >= 10 and report.slips_named == report.slips_tried
    assert report.generic_named == report.generic_tried > 0
    assert report.follow_through_checked >= 5
    assert report.inexact_checked >= 3


@pytest.mark.parametrize("name", NAMES)
def test_variants_change_the_data_but_not_the_questions(name):
    default, other = Solved(name), Solved(name, "class-a")
    assert [c.id for c in default.checks] == [c.id for c in other.checks]
    assert [a.name for _, a in default.answers()] == [a.name for _, a in other.answers()]
    changed = [
        n
        for n in default.reference
        if not np.array_equal(
            np.asarray(default.reference[n], dtype=object), np.asarray(other.reference[n], dtype=object)
        )
    ]
    numeric = [n for _, a in default.answers() if a.kind in ("number", "array") for n in [a.name]]
    assert len(set(changed) & set(numeric)) >= 0.6 * len(numeric), "a variant should change most numeric answers"
    assert Solved(name, "class-a").data == other.data, "the same variant name gives the same data"


MANY_VARIANTS = 100


@pytest.mark.parametrize("name", NAMES)
def test_any_variant_word_gives_data_that_keep_the_story(name):
    """Instructors choose any word: every one must give a problem set (no crash) whose data keep what the
    questions take for granted, and a secret must change the data."""
    problem_set = Solved(name).problem_set
    assert problem_set.story(problem_set.default_data(), Solved(name).reference) == []
    from microdose.selfcheck import same_value, slip_tolerance
    from problemsets.verify import GENERIC_TRIALS

    for number in range(MANY_VARIANTS):
        solved = Solved(name, f"word{number}")
        assert problem_set.story(solved.data, solved.reference) == [], f"variant word{number}"
        # a public answer is never what an honest slip of this variant gives (else the slip would be called a copy)
        for _, answer in solved.answers():
            if answer.name not in solved.public:
                continue
            public = np.asarray(solved.public[answer.name], dtype=float).ravel()
            reference = np.asarray(solved.reference[answer.name], dtype=float).ravel()
            tolerance = 1.2 * max(answer.rtol, answer.slip_rtol or slip_tolerance(answer.rtol))
            for kind, factor in GENERIC_TRIALS:
                assert not all(same_value(p, r * factor, tolerance, answer.atol) for p, r in zip(public, reference)), (
                    f"word{number} {answer.name}: the public answer is the {kind} slip (×{factor:g})"
                )
    assert Solved(name, "word0", secret="0123abcd").data != Solved(name, "word0").data
    assert Solved(name, "word0", secret="0123abcd").data == Solved(name, "word0", secret="0123abcd").data


def test_course_folder_keeps_its_variant_secret_and_config(tmp_path):
    """`python -m problemsets course`: a secret per folder, a rebuild reproduces the same data, another word is
    refused, the instructor's nbgrader_config.py is kept, the scripts come along."""
    name = NAMES[0]

    def course(*args):
        return subprocess.run(
            [sys.executable, "-m", "problemsets", "course", name, *args], cwd=ROOT, capture_output=True, text=True
        )

    fresh = tmp_path / "fresh"
    made = course("--variant", "spring", "--dest", str(fresh))
    assert made.returncode == 0, made.stdout + made.stderr
    drawn = json.loads((fresh / "problemsets-variant.json").read_text())
    assert drawn["variant"] == "spring" and len(drawn["secret"]) == 32
    # a folder holding only a copy of the file (a restored backup) is built with its secret; a fixed secret
    # keeps this test's data, and so its verify below, the same on every run
    dest = tmp_path / "spring"
    dest.mkdir()
    (dest / "problemsets-variant.json").write_text(json.dumps({"variant": "spring", "secret": "5" * 32}))
    made = course("--variant", "spring", "--dest", str(dest))
    assert made.returncode == 0, made.stdout + made.stderr
    assert json.loads((dest / "problemsets-variant.json").read_text())["secret"] == "5" * 32
    assert (fresh / "problemsets-variant.json").stat().st_mode & 0o077 == 0
    assert (dest / "tools" / "instructor" / "release.py").is_file() and (dest / "README.md").is_file()
    source = (dest / "solutions" / name / f"{name}.ipynb").read_text()
    assert source != (ROOT / "solutions" / name / f"{name}.ipynb").read_text()
    # the word alone does not give the data
    from problemsets.build import notebook_text

    assert notebook_text(build_notebook(name, "spring")) != source
    again = course("--variant", "spring", "--dest", str(dest))
    assert again.returncode != 0 and "--force" in again.stderr
    other = course("--variant", "autumn", "--dest", str(dest), "--force")
    assert other.returncode != 0 and "variant 'spring'" in other.stderr
    config = dest / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.CourseDirectory.course_id = 'spring-class'\n")
    rebuilt = course("--variant", "spring", "--dest", str(dest), "--force")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert (dest / "solutions" / name / f"{name}.ipynb").read_text() == source
    assert "spring-class" in config.read_text()
    verified = subprocess.run(
        [sys.executable, "-m", "problemsets", "verify", name, "--course", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0 and "(spring)" in verified.stdout, verified.stdout + verified.stderr
    assert fresh.stat().st_mode & 0o077 == 0, "a new course folder is the instructor's only"
    # a course update that would change the data of a released problem set stops the rebuild
    state = json.loads((dest / "problemsets-variant.json").read_text())
    state["data"][name] = "0" * 16
    (dest / "problemsets-variant.json").write_text(json.dumps(state))
    stopped = course("--variant", "spring", "--dest", str(dest), "--force")
    assert stopped.returncode != 0 and "would change the data of" in stopped.stderr, stopped.stderr
    assert (dest / "solutions" / name / f"{name}.ipynb").read_text() == source
    accepted = course("--variant", "spring", "--dest", str(dest), "--force", "--new-data")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    # a lost folder comes back from a copy of its file: the same data as the folder that drew the secret
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "problemsets-variant.json").write_text((fresh / "problemsets-variant.json").read_text())
    assert course("--variant", "spring", "--dest", str(restored)).returncode == 0
    assert (restored / "solutions" / name / f"{name}.ipynb").read_text() == (
        fresh / "solutions" / name / f"{name}.ipynb"
    ).read_text()


def test_course_folder_remembers_its_self_check_setting(tmp_path):
    name, dest = NAMES[0], tmp_path / "exam"

    def key_values(*args):
        made = subprocess.run(
            [sys.executable, "-m", "problemsets", "course", name, "--variant", "exam", "--dest", str(dest), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert made.returncode == 0, made.stdout + made.stderr
        notebook = nbformat.read(dest / "exercises" / name / f"{name}.ipynb", as_version=4)
        namespace: dict = {}
        exec(next(c.source for c in notebook.cells if "AnswerKey.from_text" in c.source), namespace)
        return namespace["answers"].values_checked

    assert key_values("--no-value-checks") is False
    assert key_values("--force") is False  # a rebuild keeps the folder's setting
    assert key_values("--force", "--value-checks") is True  # unless told otherwise


@pytest.mark.parametrize("name", NAMES)
def test_a_release_without_value_checks_checks_form_only(name):
    notebook = build_notebook(name, values_checked=False)
    key_cell = next(c for c in notebook.cells if "AnswerKey.from_text" in c.source)
    assert "look at the FORM of each answer" in key_cell.source
    namespace: dict = {}
    exec(key_cell.source, namespace)
    assert not namespace["answers"].values_checked and not namespace["answers"].known
    intro = "\n".join(c.source for c in notebook.cells[:3])
    assert "hidden tests" in intro and "Check as you go" not in intro


def _readable_forms(value: float) -> set[str]:
    forms = {repr(value), f"{value:.4g}", f"{value:.5g}", f"{value:.6g}"}
    if abs(value) >= 1:
        forms |= {f"{value:,.1f}", f"{value:.2f}"}
    return {f for f in forms if len(f.replace(".", "").replace("-", "").lstrip("0")) >= 3}


@pytest.mark.parametrize("name", NAMES)
def test_no_reference_value_is_readable_in_the_release(name):
    """The committed release (what a self-study student opens) shows no answer: each reference value, in the
    forms a notebook would print it, appears only where the problem states it as given (data or prose)."""
    release = json.loads((ROOT / "exercises" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in release["cells"])
    template = (ROOT / "problemsets" / name / "notebook.md").read_text(encoding="utf-8")
    given_text = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", template, flags=re.S)
    solved = Solved(name)
    given = " ".join(str(v) for v in _flatten(solved.data)) + " " + given_text
    leaks = []
    for _check, answer in solved.answers():
        for value in _flatten(solved.reference[answer.name]):
            if isinstance(value, (bool, str)) or not isinstance(value, (int, float)):
                continue
            for form in _readable_forms(float(value)):
                if re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", text) and form not in given:
                    leaks.append(f"{answer.name} = {form}")
    assert not leaks, f"reference values readable in exercises/{name}: {leaks}"


def _flatten(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, (list, tuple, np.ndarray)):
        for item in np.ravel(np.asarray(value, dtype=object)):
            yield from _flatten(item)
    else:
        yield value


def test_answer_key_cell_is_folded_and_kept_off_the_website():
    for name in NAMES:
        notebook = nbformat.read(ROOT / "exercises" / name / f"{name}.ipynb", as_version=4)
        key = next(c for c in notebook.cells if "AnswerKey.from_text" in c.source)
        assert key.metadata["jupyter"]["source_hidden"] and "remove-input" in key.metadata["tags"]
        assert key.metadata["nbgrader"]["locked"]
