"""What students and the grade export are told: question names, provisional scores, failed autogrades.

(Plus the answer-key cell, shown in feedback as one line instead of its base64 text: checked on
every released problem set without nbgrader, and on a real feedback page.)

Real nbgrader, one class run on a temporary course folder (``course_copy``: the course's own
``nbgrader_config.py`` and ``nbgrader_ext/``), with submissions built from the release and the
solution of the first problem set:

=======================  ===========================================================================
student                  what it shows
=======================  ===========================================================================
``classmate``            all right; the written answer is not graded yet ("awaiting manual grading")
``hand_graded``          all right and the written answer graded by hand: the score is final
``reviewed``             graded by hand, then autograded again (nbgrader flags it for review)
``all_wrong``            every autograded answer wrong, plus a scratch cell that fails with a very
                         long assertion message (it must wrap in the feedback page)
``deleted_titled_test``  deleted the test cell that carries a ``problemset.title``; nbgrader puts it
                         back without that metadata, and the feedback still uses the title
``unreadable``           not valid JSON: autograde fails (the export must say so)
=======================  ===========================================================================

The instructor's copy of the problem set in this temporary course gets a ``problemset.title`` on
one test cell (the field the regenerated notebooks carry), so that both ways of naming a
question are exercised. About 25 s on two cores (one autograde run, one re-run, five feedback
pages, one ``nbgrader export`` and one ``nbgrader generate_feedback`` command); the browser
check adds a few seconds where Chromium is installed.
"""

from __future__ import annotations

import copy
import csv
import html
import re
from pathlib import Path

import adversarial as adv
import nbformat
import pytest
from browser_support import CHROMIUM, need_browser
from grading import (
    ASSIGNMENTS,
    ROOT,
    Course,
    answer_cells,
    course_copy,
    course_id,
    failed_students,
    set_manual_grade,
    student_notebook,
)
from helpers import first_notebook, instructor_script, run_nbgrader

pytestmark = [
    pytest.mark.slow,
    # nbgrader 0.9.6 puts a deleted test cell back without a cell id: nbformat warns, harmlessly
    pytest.mark.filterwarnings("ignore:Cell is missing an id field"),
]

PS = ASSIGNMENTS[0]
NOTEBOOK = first_notebook(PS)
STEM = NOTEBOOK[: -len(".ipynb")]
TITLE = "Question 9z — a title from the problem set's metadata"
MANUAL_POINTS = 3.0
LONG_MESSAGE_WORDS = 80
ARTIFACTS = ROOT / "test-artifacts" / "feedback"
FEEDBACK_STUDENTS = ("classmate", "hand_graded", "reviewed", "all_wrong", "deleted_titled_test")


def _test_cells(nb):
    return [c for c in nb.cells if adv.is_test_cell(c)]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedback_export")
    root = course_copy(tmp / "course")
    source_path = root / "solutions" / PS / NOTEBOOK
    source = nbformat.read(source_path, as_version=4)
    titled = _test_cells(source)[1]
    titled.metadata["problemset"] = {"title": TITLE}
    nbformat.write(source, source_path)
    titled_id = adv.grade_id(titled)

    course = Course(root, cell_timeout_s=10, create=False)
    release_dir = course.generate(PS)
    release_path = release_dir / NOTEBOOK
    release = nbformat.read(release_path, as_version=4)
    solution = nbformat.read(source_path, as_version=4)
    manual = adv.grade_id(next(c for c in release.cells if adv.is_manual_answer(c)))

    correct = adv.solved(release, solution)
    wrong = nbformat.reads(student_notebook(release_path, source_path, answer_cells(PS, NOTEBOOK, root)), as_version=4)
    for cell in wrong.cells:  # the written answer, as every generated student writes it
        if adv.is_manual_answer(cell):
            cell.source = adv.STUDENT_PROSE
    long_message = " ".join(["this-message-is-long-and-must-wrap"] * LONG_MESSAGE_WORDS)
    wrong.cells.append(nbformat.v4.new_code_cell(f"assert False, {long_message!r}   # a scratch cell"))
    deleted = copy.deepcopy(correct)
    deleted.cells = [c for c in deleted.cells if adv.grade_id(c) != titled_id]
    submissions = {
        "classmate": correct,
        "hand_graded": correct,
        "reviewed": correct,
        "all_wrong": wrong,
        "deleted_titled_test": deleted,
    }
    for student, nb in submissions.items():
        course.submit(PS, student, {NOTEBOOK: nbformat.writes(nb)})
    course.submit(PS, "unreadable", {NOTEBOOK: adv.invalid_json(release)})
    first_run = course.autograde_all(PS)

    # what the Formgrader stores when the instructor grades the written answer
    set_manual_grade(course.db_url, PS, STEM, manual, "hand_graded", MANUAL_POINTS)
    set_manual_grade(course.db_url, PS, STEM, manual, "reviewed", MANUAL_POINTS)
    again = course.autograde(PS, "reviewed")  # nbgrader flags the hand grade for review again
    assert again["success"], again["log"][-3000:]
    pages = {student: course.generate_feedback(PS, student) / f"{STEM}.html" for student in FEEDBACK_STUDENTS}
    return {
        "root": root,
        "course": course,
        "release": release,
        "solution": solution,
        "manual": manual,
        "titled": titled_id,
        "first_run": first_run,
        "pages": pages,
        "long_message": long_message,
        "tmp": tmp,
    }


def _page(graded, student) -> str:
    return graded["pages"][student].read_text(encoding="utf-8")


def _plain(markup: str) -> str:
    """The text a reader sees: no tags, no style sheets or scripts, entities decoded, spaces collapsed."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _toc(markup: str) -> dict[str, str]:
    """``{grade id: text of its entry}`` in the list at the top of a feedback page."""
    toc = markup[markup.index('<div id="toc">') : markup.index("</ol>")]
    return {m.group(1): _plain(m.group(2)) for m in re.finditer(r'<li><a href="#([^"]+)">(.*?)</li>', toc, re.S)}


def _expected_name(graded, cell) -> str:
    """What a graded cell is called: its title, the question of its grade id, or nbgrader's label."""
    grade_id = adv.grade_id(cell)
    if grade_id == graded["titled"]:
        return TITLE
    match = re.match(r"q(\d+)([a-z]?)(?:[-_.]|$)", grade_id, re.IGNORECASE)
    if match:
        return f"Question {match.group(1)}{match.group(2).lower()}"
    return "Written response" if cell.cell_type == "markdown" else "Test cell"


# ---------------------------------------------------------------------------------------------
# Feedback: names
# ---------------------------------------------------------------------------------------------


def test_the_class_run_fails_only_the_unreadable_notebook(graded):
    log = graded["first_run"]["log"]
    failed = failed_students(log)
    assert failed == {"unreadable"}, log[-4000:]


@pytest.mark.parametrize("student", ["classmate", "deleted_titled_test"])
def test_feedback_names_each_graded_cell_after_its_question(graded, student):
    toc = _toc(_page(graded, student))
    graded_cells = [c for c in graded["solution"].cells if adv.nbgrader_meta(c).get("grade")]
    assert sorted(toc) == sorted(adv.grade_id(c) for c in graded_cells)
    for cell in graded_cells:
        assert toc[adv.grade_id(cell)].startswith(_expected_name(graded, cell)), (adv.grade_id(cell), toc)
    names = [re.sub(r" \((?:Score|awaiting).*$", "", text) for text in toc.values()]
    assert len(set(names)) == len(names), f"two entries with the same name: {names}"
    if all(re.match(r"q\d", adv.grade_id(c), re.IGNORECASE) for c in graded_cells):
        assert "Test cell" not in _plain(_page(graded, student))


def test_cells_that_share_a_question_are_numbered():
    from nbgrader_ext.feedback import NameGradedCells

    nb = nbformat.v4.new_notebook()
    for grade_id in ("q1a-limit-drugA-test", "q1a-limit-drugB-test", "q1b-limit-test", "cell-7"):
        nb.cells.append(
            nbformat.v4.new_code_cell(
                "assert True",
                metadata={
                    "nbgrader": {"grade": True, "solution": False, "locked": True, "points": 1, "grade_id": grade_id}
                },
            )
        )
    nb, resources = NameGradedCells().preprocess(nb, {})
    titles = [c.metadata["course_feedback"]["title"] for c in nb.cells]
    assert titles == ["Question 1a (check 1 of 2)", "Question 1a (check 2 of 2)", "Question 1b", None]
    assert resources["course_feedback"]["provisional"] is False


def test_feedback_headings_carry_the_name_and_keep_the_grade_cell_id(graded):
    text = _plain(_page(graded, "classmate"))
    for cell in _test_cells(graded["solution"]):
        assert re.search(
            rf"{re.escape(_expected_name(graded, cell))}[^·]*· Grade cell: {re.escape(adv.grade_id(cell))} "
            r"Score: [\d.]+ / [\d.]+",
            text,
        ), adv.grade_id(cell)


# ---------------------------------------------------------------------------------------------
# Feedback: what is not final
# ---------------------------------------------------------------------------------------------


def test_an_answer_not_yet_graded_by_hand_says_so_and_the_total_is_provisional(graded):
    page = _page(graded, "classmate")
    points = float(adv.nbgrader_meta(adv.find_cell(graded["solution"], graded["manual"]))["points"])
    entry = _toc(page)[graded["manual"]]
    assert "awaiting manual grading" in entry and f"{points}" in entry and "0.0 /" not in entry, entry
    text = _plain(page)
    assert re.search(r"\(Score so far: [\d.]+ / [\d.]+, provisional\)", text)
    assert f"1 answer(s) worth {points} points still await manual grading" in text
    assert "Awaiting manual grading" in text


def test_a_hand_graded_answer_is_final(graded):
    page = _page(graded, "hand_graded")
    points = float(adv.nbgrader_meta(adv.find_cell(graded["solution"], graded["manual"]))["points"])
    assert _toc(page)[graded["manual"]].endswith(f"(Score: {MANUAL_POINTS} / {points})")
    text = _plain(page)
    assert "provisional" not in text and "awaiting" not in text.lower()
    scores = graded["course"].scores(PS, "hand_graded")
    assert f"(Score: {round(scores['score'], 2)} / {round(scores['max_score'], 2)})" in text


def test_a_hand_grade_flagged_again_by_a_new_autograde_is_provisional(graded):
    page = _page(graded, "reviewed")
    assert "provisional" in _toc(page)[graded["manual"]]
    text = _plain(page)
    assert "(provisional: the grader is reviewing it)" in text
    assert "1 grade(s) given by hand are being reviewed and may still change" in text


# ---------------------------------------------------------------------------------------------
# Feedback: the answer-key cell
# ---------------------------------------------------------------------------------------------

KEY_CALL = re.compile(r'AnswerKey\.from_text\("""(.*?)"""\)', re.S)


def _key_cell(nb):
    cells = [c for c in nb.cells if "AnswerKey.from_text(" in c.source]
    assert len(cells) == 1, [c.source[:80] for c in cells]
    return cells[0]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_answer_key_becomes_one_line_and_no_other_cell_changes(assignment):
    from nbgrader_ext.feedback import HideAnswerKey

    release = sorted((ROOT / "exercises" / assignment).glob("*.ipynb"))[0]
    nb = nbformat.read(release, as_version=4)
    key = _key_cell(nb)
    blob = KEY_CALL.search(key.source).group(1)
    assert len(blob) > 1000 and "remove-input" in key.metadata.get("tags", [])
    locked = {"nbgrader": {"locked": True, "solution": False, "grade": False, "grade_id": "look-alike"}}
    look_alikes = [
        # a student's own cell (not read-only): theirs to see as they wrote it
        nbformat.v4.new_code_cell(f'mine = AnswerKey.from_text("""{blob[:200]}""")'),
        # read-only, but no triple-quoted literal, or the words only in a comment or another string
        nbformat.v4.new_code_cell('k = AnswerKey.from_text("abc")', metadata=copy.deepcopy(locked)),
        nbformat.v4.new_code_cell(
            '# answers = AnswerKey.from_text("""abc""")\ntext = \'AnswerKey.from_text("""x""")\'',
            metadata=copy.deepcopy(locked),
        ),
        nbformat.v4.new_code_cell('k = OtherKey.from_text("""abc""")', metadata=copy.deepcopy(locked)),
        # read-only but not valid Python: left alone rather than guessed at
        nbformat.v4.new_code_cell('%%time\nk = AnswerKey.from_text("""abc""")', metadata=copy.deepcopy(locked)),
        nbformat.v4.new_markdown_cell(f'answers = AnswerKey.from_text("""{blob[:200]}""")'),
    ]
    nb.cells.extend(look_alikes)
    key_index = nb.cells.index(key)
    before = copy.deepcopy(nb)

    nb, _ = HideAnswerKey().preprocess(nb, {})

    changed = [i for i, (old, new) in enumerate(zip(before.cells, nb.cells)) if old != new]
    assert changed == [key_index], changed
    old, new = before.cells[changed[0]], nb.cells[changed[0]]
    placeholder = f"# (answer key: {len(blob):,} characters, not shown)"
    assert new.source == KEY_CALL.sub(f"AnswerKey.from_text(\n    {placeholder}\n)", old.source)
    assert new.source.startswith("# The answer key") and "from microdose.answerkey import AnswerKey" in new.source
    assert new.metadata == old.metadata and new.get("outputs") == old.get("outputs")
    compile(new.source, "<answer key cell>", "exec")  # still reads as Python


def test_feedback_shows_the_answer_key_as_one_line(graded):
    blob = KEY_CALL.search(_key_cell(graded["release"]).source).group(1)
    page = _page(graded, "classmate")
    text = _plain(page)
    assert f"# (answer key: {len(blob):,} characters, not shown)" in text
    assert "from microdose.answerkey import AnswerKey" in text
    for line in blob.split():
        assert line not in page, f"a line of the answer key is on the page: {line[:40]}..."


# ---------------------------------------------------------------------------------------------
# Feedback: long lines wrap
# ---------------------------------------------------------------------------------------------


def test_the_page_asks_long_lines_to_wrap(graded):
    page = _page(graded, "all_wrong")
    assert graded["long_message"] in html.unescape(page), "the long message is not on the page"
    style = re.search(r"<style>\s*/\* Long assertion messages.*?</style>", page, re.S)
    assert style and "white-space: pre-wrap" in style.group(0) and "div.output_subarea pre" in style.group(0)


def _overflowing(page_path: Path, scratch: Path, screenshot: Path | None = None) -> dict:
    """Lay a page out in headless Chromium, 900 px wide: the page's width and the <pre> wider than their box."""
    from browser_support import CHROMIUM_ARGS, chromium_environment
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=chromium_environment(scratch)
        )
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1000})
            page.goto(page_path.as_uri())
            result = page.evaluate("""() => ({
                page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
                pre: Array.from(document.querySelectorAll('pre'))
                          .filter(e => e.scrollWidth > e.clientWidth + 1).length})""")
            if screenshot is not None:
                page.locator("text=this-message-is-long-and-must-wrap").first.scroll_into_view_if_needed()
                page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return result


def test_long_messages_wrap_in_a_real_browser(graded, tmp_path):
    """Headless Chromium: no <pre> of the course's page overflows; nbgrader's own page does."""
    need_browser()
    from nbconvert.exporters import HTMLExporter
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory

    config = copy.deepcopy(graded["course"].config)
    config.GenerateFeedback.preprocessors = GenerateFeedback.class_traits()["preprocessors"].default()
    config.GenerateFeedback.exporter_class = HTMLExporter  # nbgrader's own exporter
    config.CourseDirectory.feedback_directory = "feedback_nbgrader_default"
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    assert api.generate_feedback(PS, "all_wrong", force=True)["success"]
    default_page = graded["root"] / "feedback_nbgrader_default" / "all_wrong" / PS / f"{STEM}.html"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ours = _overflowing(graded["pages"]["all_wrong"], tmp_path, ARTIFACTS / "long_message_wraps.png")
    theirs = _overflowing(default_page, tmp_path)
    assert theirs["pre"] > 0, "nbgrader's page has no overflowing line: this check would test nothing"
    assert ours["pre"] == 0 and ours["page"] <= ours["viewport"], ours


def test_the_course_template_is_written_for_the_installed_nbgrader():
    from nbgrader_ext.feedback import check_nbgrader_feedback_template

    check_nbgrader_feedback_template()


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> dict[str, dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def exported(graded):
    """The CSV of export_grades.py (in-process), with one more student who submitted nothing."""
    from nbgrader.api import Gradebook

    with Gradebook(graded["course"].db_url, course_id()) as gradebook:
        gradebook.update_or_create_student("absent")
    export_grades = instructor_script("export_grades")
    target = graded["tmp"] / "grades.csv"
    assert export_grades.main(["--course", str(graded["root"]), "--to", str(target)]) == 0
    return target


STATUS = (
    "autograde",
    "awaiting_manual_grade",
    "cells_awaiting_manual_grade",
    "manual_grades_under_review",
    "cells_manual_grades_under_review",
    "final",
    "not_final_because",
)


def test_export_says_which_scores_are_final_and_why_not(graded, exported):
    rows = _read_csv(exported)
    manual = graded["manual"]
    expected = {
        "classmate": ("ok", "1", manual, "0", "", "no", "awaiting manual grade"),
        "hand_graded": ("ok", "0", "", "0", "", "yes", ""),
        "reviewed": ("ok", "0", "", "1", manual, "no", "manual grade under review"),
        "all_wrong": ("ok", "1", manual, "0", "", "no", "awaiting manual grade"),
        # a 0 that changes if the student hands in late work is not a final grade
        "absent": ("not submitted", "0", "", "0", "", "no", "not submitted"),
    }
    for student, values in expected.items():
        assert tuple(rows[student][key] for key in STATUS) == values, (student, rows[student])
    unreadable = rows["unreadable"]
    assert unreadable["autograde"] == "failed" and unreadable["final"] == "no"
    assert unreadable["not_final_because"] == "autograde failed"
    assert int(unreadable["awaiting_manual_grade"]) > 1
    assert float(unreadable["score"]) == 0.0
    assert float(rows["absent"]["score"]) == 0.0


def test_export_score_counts_a_manual_grade_under_review_and_says_so(graded, exported):
    """nbgrader's score keeps a hand grade that a new autograde flagged for review; the export flags it."""
    from nbgrader.api import Gradebook

    with Gradebook(graded["course"].db_url, course_id()) as gradebook:
        grade = gradebook.find_grade(graded["manual"], STEM, PS, "reviewed")
        state = (grade.needs_manual_grade, grade.manual_score, grade.auto_score, grade.score)
        reviewed_score = gradebook.find_submission(PS, "reviewed").score
    # the state this test is about: flagged for review, counted as the earlier hand grade
    assert state == (True, MANUAL_POINTS, None, MANUAL_POINTS), state
    rows = _read_csv(exported)
    assert float(rows["reviewed"]["score"]) == pytest.approx(reviewed_score)
    assert float(rows["reviewed"]["score"]) == pytest.approx(float(rows["classmate"]["score"]) + MANUAL_POINTS)
    assert float(rows["reviewed"]["score"]) == pytest.approx(float(rows["hand_graded"]["score"]))
    assert rows["reviewed"]["final"] != rows["hand_graded"]["final"]
    assert rows["reviewed"]["cells_manual_grades_under_review"] == graded["manual"]


def test_export_keeps_nbgraders_columns_and_values(graded, exported, tmp_path):
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    from nbgrader_ext.export import NBGRADER_COLUMNS

    theirs = tmp_path / "nbgrader.csv"
    with Gradebook(graded["course"].db_url, course_id()) as gradebook:
        CsvExportPlugin(to=str(theirs)).export(gradebook)
    with theirs.open(encoding="utf-8") as handle:
        assert handle.readline().strip().split(",") == NBGRADER_COLUMNS
    ours, reference = _read_csv(exported), _read_csv(theirs)
    assert sorted(ours) == sorted(reference)
    for student, row in reference.items():
        assert {k: ours[student][k] for k in NBGRADER_COLUMNS} == row, student


def test_export_script_names_what_is_not_final(graded, exported, capsys):
    export_grades = instructor_script("export_grades")
    assert export_grades.main(["--course", str(graded["root"]), "--to", str(graded["tmp"] / "again.csv")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"NOT FINAL, autograde failed \(1;.*\): unreadable \(" + PS, out), out
    assert re.search(r"NOT FINAL, awaiting a manual grade \(3;.*classmate \(" + PS, out), out
    review = re.search(r"NOT FINAL, manual grade under review \(1;.*?\): (.*)", out)
    assert review and review.group(1) == f"reviewed ({PS}: {graded['manual']})", out
    assert re.search(r"NOT FINAL, not submitted \(1;.*\): absent \(" + PS, out), out


def test_nbgrader_export_uses_the_course_exporter(graded, exported):
    """``nbgrader export``, as the README shows it, run in the course folder."""
    result = run_nbgrader("export", "--to", "cli.csv", cwd=graded["root"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Autograde FAILED for 1 submission(s)" in result.stderr and "unreadable" in result.stderr
    assert re.search(r"1 submission\(s\) have manual grades under review.*: reviewed \(", result.stderr), result.stderr
    assert _read_csv(graded["root"] / "cli.csv") == _read_csv(exported)


def test_nbgrader_generate_feedback_uses_the_course_page(graded):
    """``nbgrader generate_feedback``, as the README shows it, run in the course folder."""
    result = run_nbgrader(
        "generate_feedback",
        PS,
        "--student",
        "classmate",
        "--force",
        "--CourseDirectory.feedback_directory=feedback_cli",
        cwd=graded["root"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (graded["root"] / "feedback_cli" / "classmate" / PS / f"{STEM}.html").read_text(encoding="utf-8")
    assert _toc(page) == _toc(_page(graded, "classmate"))
    assert "Score so far" in _plain(page) and "BEGIN HIDDEN TESTS" not in page
