"""The instructor scripts (tools/instructor/) end to end, on a temporary copy of the course.

Four fake students hand in ps1_occupancy: alice (all right) and bob (two answers wrong) through the
nbgrader exchange (a temporary Exchange.root), carol (all wrong) and dave (all right) as files in a
local folder, as if e-mailed or downloaded from an LMS. The whole class is released, collected,
autograded (twice: grades must not change and no row may be duplicated), manually graded (the
free-text answer, as the Formgrader would store it), given feedback (also without naming the
problem set: every one with autograded submissions, and a clear message when there is none),
exported to CSV; and the parallel autograde (--jobs 2) must give the gradebook the sequential run gave.

The scripts are called through their ``main(argv)`` (the same argparse path as the command line)
to save nbgrader's start-up per call; ``--help`` and the CSV export also run as real commands.
About 65 s on a quiet 2-core machine (about 55 s of CPU: thirteen autograde runs plus two
worker start-ups), up to ~2 min when other jobs keep the cores busy.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from grading import (
    ROOT,
    answer_cells,
    course_copy,
    course_id,
    exchange_student,
    gradebook_row_counts,
    gradebook_snapshot,
    set_manual_grade,
    student_notebook,
)
from helpers import instructor_script, venv_environment

pytestmark = pytest.mark.slow

SCRIPTS = ["release", "collect", "autograde_class", "status", "feedback", "export_grades"]
PS = "ps1_occupancy"
BOB_WRONG = ["q1a-limit-small-molecules", "q2cd-occupancy"]  # 2 + 2 points of tests
MANUAL_CELL, MANUAL_POINTS = "q4-why-silent", 3.0  # free-text answer, 4 points


def _run(name, *argv):
    code = instructor_script(name).main([str(a) for a in argv])
    assert code == 0, f"tools/instructor/{name}.py {' '.join(map(str, argv))} exited with {code}"


def _db(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


def _points(assignment, kind):
    """Points of the autograded test cells ("code") or of the free-text answers ("written") in the source."""
    nb = json.loads((ROOT / "solutions" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    total = 0.0
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and (cell["cell_type"] == "code") == (kind == "code"):
            total += meta.get("points", 0)
    return total


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    """Run steps 1-2 of docs/instructor_grading.md and the first autograde; keep what the tests check."""
    tmp = tmp_path_factory.mktemp("instructor")
    root = course_copy(tmp / "course")
    exchange = tmp / "exchange"
    exchange.mkdir()

    # 1. release: generate exercises/ + gradebook entry, and put the release in the exchange
    _run("release", PS, "--course", root, "--to-exchange", "--exchange", exchange)
    released = root / "exercises" / PS / f"{PS}.ipynb"
    solution = root / "solutions" / PS / f"{PS}.ipynb"

    # students on the exchange: fetch, answer, submit
    for student, wrong in (("alice", []), ("bob", BOB_WRONG)):
        home = tmp / f"home_{student}"
        home.mkdir()
        exchange_student("FetchAssignment", exchange, home, PS, student)
        fetched = home / PS / f"{PS}.ipynb"
        fetched.write_text(student_notebook(fetched, solution, wrong), encoding="utf-8")
        exchange_student("Submit", exchange, home, PS, student)

    # students by e-mail / LMS: a flat file with the id before "_", and a folder per student
    inbox = tmp / "inbox"
    (inbox / "dave").mkdir(parents=True)
    everything = answer_cells(PS, f"{PS}.ipynb")
    (inbox / f"carol_{PS} (1).ipynb").write_text(student_notebook(released, solution, everything), encoding="utf-8")
    (inbox / "dave" / "my work.ipynb").write_text(student_notebook(released, solution), encoding="utf-8")
    (inbox / "dave" / "notes.txt").write_text("not a notebook", encoding="utf-8")

    # 2. collect from both sources
    _run("collect", PS, "--course", root, "--from-exchange", "--exchange", exchange)
    _run("collect", PS, "--course", root, "--from-folder", inbox)

    # the class as collected, before any grading: the parallel run starts from here
    parallel_root = tmp / "course_parallel"
    shutil.copytree(root, parallel_root)

    # 3. autograde the class
    _run("autograde_class", PS, "--course", root)
    first = gradebook_snapshot(_db(root))
    first_counts = gradebook_row_counts(root / "gradebook.db")
    return {
        "root": root,
        "exchange": exchange,
        "tmp": tmp,
        "parallel_root": parallel_root,
        "first": first,
        "first_counts": first_counts,
    }


def _score(snapshot, student):
    return snapshot[(PS, student)][1]


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_answers_help_from_the_repository_root(name):
    result = subprocess.run(
        [sys.executable, f"tools/instructor/{name}.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:") and "--course" in result.stdout


def test_collect_places_each_student_in_submitted(workflow):
    submitted = workflow["root"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["alice", "bob", "carol", "dave"]
    for student in ("alice", "bob", "carol", "dave"):
        assert [p.name for p in (submitted / student / PS).glob("*.ipynb")] == [f"{PS}.ipynb"]
    # the exchange records when each student submitted; e-mailed files carry no timestamp
    assert (submitted / "alice" / PS / "timestamp.txt").is_file()
    assert not (submitted / "carol" / PS / "timestamp.txt").exists()
    assert not (submitted / "dave" / PS / "notes.txt").exists()


def test_autograde_scores_the_class_as_its_answers_deserve(workflow):
    first, code_points = workflow["first"], _points(PS, "code")
    assert code_points > 0
    assert _score(first, "alice") == pytest.approx(code_points)
    assert _score(first, "dave") == pytest.approx(code_points)
    assert _score(first, "carol") == 0
    assert 0 < _score(first, "bob") <= code_points - 2, "bob's two wrong answers must cost points"
    for student in ("alice", "bob", "carol", "dave"):
        assert (workflow["root"] / "autograded" / student / PS / f"{PS}.ipynb").is_file()
        # the free-text answer waits for the instructor
        assert first[(PS, student, PS, MANUAL_CELL)][3] is True


def test_rerunning_release_and_autograde_changes_no_grade_and_adds_no_row(workflow):
    root = workflow["root"]
    _run("release", PS, "--course", root)
    assert gradebook_snapshot(_db(root)) == workflow["first"]
    _run("autograde_class", PS, "--course", root)
    assert gradebook_snapshot(_db(root)) == workflow["first"]
    counts = gradebook_row_counts(root / "gradebook.db")
    assert counts == workflow["first_counts"]
    assert counts["submitted_assignment"] == 4 and counts["student"] == 4


def test_parallel_autograde_gives_the_gradebook_of_the_sequential_run(workflow):
    parallel_root = workflow["parallel_root"]
    _run("autograde_class", PS, "--course", parallel_root, "--jobs", 2)
    assert gradebook_snapshot(_db(parallel_root)) == workflow["first"]
    assert gradebook_row_counts(parallel_root / "gradebook.db") == workflow["first_counts"]
    for student in ("alice", "bob", "carol", "dave"):
        assert (parallel_root / "autograded" / student / PS / f"{PS}.ipynb").is_file()


def test_manual_grade_survives_a_new_autograde_feedback_and_export(workflow):
    root, exchange, tmp = workflow["root"], workflow["exchange"], workflow["tmp"]
    # 4. what the Formgrader stores when the instructor grades alice's free-text answer
    set_manual_grade(_db(root), PS, PS, MANUAL_CELL, "alice", MANUAL_POINTS)
    _run("autograde_class", PS, "--course", root, "--student", "alice")
    after = gradebook_snapshot(_db(root))
    assert _score(after, "alice") == pytest.approx(_points(PS, "code") + MANUAL_POINTS)
    assert after[(PS, "alice", PS, MANUAL_CELL)][1] == MANUAL_POINTS
    assert after[(PS, "alice", PS, MANUAL_CELL)][3] is True, "nbgrader re-flags a hand-graded cell for review"
    _run("status", PS, "--course", root)

    # 5. feedback, returned through the exchange; alice fetches hers
    _run("feedback", PS, "--course", root, "--release", "--exchange", exchange)
    for student in ("alice", "bob", "carol", "dave"):
        assert (root / "feedback" / student / PS / f"{PS}.html").is_file()
    # only exchange submissions can be returned through it (carol's and dave's came by e-mail)
    released = list((exchange / course_id() / "feedback").glob("*.html"))
    assert len(released) == 2, released
    exchange_student("FetchFeedback", exchange, tmp / "home_alice", PS, "alice")
    fetched = list((tmp / "home_alice" / PS / "feedback").rglob(f"{PS}.html"))
    assert len(fetched) == 1

    # 6. export, as a real command
    target = tmp / "grades.csv"
    result = subprocess.run(
        [sys.executable, "tools/instructor/export_grades.py", "--course", str(root), "--to", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=venv_environment(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with target.open(newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == ["alice", "bob", "carol", "dave"]
    total = _points(PS, "code") + _points(PS, "written")
    for student, row in rows.items():
        assert row["assignment"] == PS
        assert float(row["max_score"]) == pytest.approx(total)
        assert float(row["score"]) == pytest.approx(_score(after, student))
    assert float(rows["alice"]["score"]) == pytest.approx(_points(PS, "code") + MANUAL_POINTS)
    assert float(rows["carol"]["score"]) == 0
    assert rows["alice"]["timestamp"] and not rows["carol"]["timestamp"]


def test_feedback_without_an_assignment_does_every_autograded_problem_set(workflow, capsys):
    """Only ps1 is released and autograded in this course: the other problem sets of solutions/ are skipped."""
    root = workflow["root"]
    shutil.rmtree(root / "feedback", ignore_errors=True)
    capsys.readouterr()
    _run("feedback", "--course", root)
    out = capsys.readouterr().out
    assert re.findall(r"^(ok|FAILED) +feedback (\S+)", out, re.M) == [("ok", PS)], out
    assert len([p for p in (root / "solutions").iterdir() if p.is_dir()]) > 1, "nothing else to skip"
    for student in ("alice", "bob", "carol", "dave"):
        assert (root / "feedback" / student / PS / f"{PS}.html").is_file()

    shutil.rmtree(root / "feedback")
    _run("feedback", "--course", root, "--student", "bob")
    assert [p.name for p in (root / "feedback").iterdir()] == ["bob"]


def test_feedback_says_what_is_missing_instead_of_failing_in_nbgrader(workflow, tmp_path, capsys):
    feedback = instructor_script("feedback")
    root = workflow["root"]
    capsys.readouterr()
    assert feedback.main(["ps2_linearity", "--course", str(root)]) == 2
    err = capsys.readouterr().err
    assert "no autograded submission of ps2_linearity" in err and "autograde_class.py ps2_linearity" in err, err
    assert f"Problem sets with autograded submissions: {PS}." in err, err

    assert feedback.main(["--course", str(root), "--student", "nobody"]) == 1
    err = capsys.readouterr().err
    assert "nothing to give feedback on: no autograded submission of student nobody" in err, err

    empty = course_copy(tmp_path / "new_course")
    assert feedback.main(["--course", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "nothing to give feedback on" in err and "tools/instructor/autograde_class.py" in err, err
    assert not (empty / "gradebook.db").exists(), "looking must not create a gradebook"


def test_collect_from_folder_plans_lms_names_and_skips_what_it_cannot_read(tmp_path):
    collect = instructor_script("collect")
    notebook = (ROOT / "exercises" / PS / f"{PS}.ipynb").read_text(encoding="utf-8")
    files = {
        "Ann Lee_1234_assignsubmission_file_/ps1.ipynb": notebook,  # Moodle: a folder per student
        f"zoe_{PS}.ipynb": notebook,  # flat, e-mail
        f"max/{PS}.ipynb": notebook,  # a folder, two versions:
        f"max/{PS} (2).ipynb": notebook,  # the exact name wins
        "broken_download.ipynb": "<html>not a notebook</html>",
        ".ipynb_checkpoints/ann_ps1-checkpoint.ipynb": notebook,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    plan, warnings = collect.plan_folder(tmp_path, collect.DEFAULT_PATTERN, [f"{PS}.ipynb"])
    assert sorted(plan) == ["Ann_Lee", "max", "zoe"]
    assert plan["max"][f"{PS}.ipynb"].name == f"{PS}.ipynb"
    assert plan["Ann_Lee"][f"{PS}.ipynb"].name == "ps1.ipynb"
    assert any("broken_download.ipynb" in w for w in warnings)


def test_collect_from_folder_accepts_a_pattern_for_other_lms_names(tmp_path):
    collect = instructor_script("collect")
    notebook = (ROOT / "exercises" / PS / f"{PS}.ipynb").read_text(encoding="utf-8")
    for name in (f"smithalice_12345_67890_{PS}.ipynb", f"leebob_LATE_23456_78901_{PS}-1.ipynb"):  # Canvas
        (tmp_path / name).write_text(notebook, encoding="utf-8")
    plan, warnings = collect.plan_folder(tmp_path, r"^[^_]+_(?:LATE_)?(?P<student>\d+)_", [f"{PS}.ipynb"])
    assert sorted(plan) == ["12345", "23456"] and not warnings
    with pytest.raises(SystemExit, match="student"):
        collect.plan_folder(tmp_path, r"^(\d+)_", [f"{PS}.ipynb"])


def test_autograde_lists_code_that_could_switch_off_the_checks(workflow, tmp_path, capsys):
    """A student who replaces the course's checkers passes the tests (a known limit of nbgrader: same kernel);
    autograde_class.py reads the code before it runs and lists the lines for the instructor to review."""
    root = tmp_path / "course"
    shutil.copytree(workflow["root"], root)
    honest = root / "submitted" / "dave" / PS
    mallory = root / "submitted" / "mallory" / PS
    shutil.copytree(honest, mallory)
    notebook = next(mallory.glob("*.ipynb"))
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    answer = next(
        c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "code"
    )
    source = "".join(answer["source"]) if isinstance(answer["source"], list) else answer["source"]
    answer["source"] = "import microdose.selfcheck\nmicrodose.selfcheck.expect = lambda *a, **k: None\n" + source
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    capsys.readouterr()
    _run("autograde_class", PS, "--course", root, "--student", "mallory", "--student", "dave")
    out = capsys.readouterr().out
    assert f"REVIEW {PS} mallory" in out and "microdose.selfcheck.expect = lambda" in out, out
    assert f"REVIEW {PS} dave" not in out
    assert "1 submission(s) to review by hand" in out
