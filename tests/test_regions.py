"""nbgrader_ext.regions: the one reader of solution and hidden-test markers, and the one secret-line rule."""

from __future__ import annotations

import doctest

import nbformat
import pytest
from helpers import write_code_notebook

import nbgrader_ext.regions as regions
from nbgrader_ext.feedback import HideHiddenTests
from nbgrader_ext.leaks import secrets_from_notebooks
from nbgrader_ext.regions import (
    HIDDEN_TEST,
    MARKER,
    MIN_SECRET_CHARS,
    SOLUTION,
    VISIBLE,
    secret_lines,
    split_regions,
)


def kinds(source: str, **options) -> list[tuple[str, str]]:
    return list(split_regions(source, **options).lines)


def test_the_examples_in_the_docstrings():
    result = doctest.testmod(regions)
    assert result.attempted > 0 and result.failed == 0


def test_regions_split_into_visible_region_and_marker_lines():
    source = (
        "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nc = 3\n"
        "### BEGIN HIDDEN TESTS\nassert b == 2\n### END HIDDEN TESTS\nd = 4"
    )
    split = split_regions(source)
    assert split.visible == ["a = 1", "c = 3", "d = 4"]
    assert split.of(SOLUTION) == ["b = 2"]
    assert split.of(HIDDEN_TEST) == ["assert b == 2"]
    assert len(split.of(MARKER)) == 4 and split.found
    assert [line for _, line in split.lines] == source.split("\n"), "every line is kept, in order"


def test_a_source_without_markers_is_all_visible():
    split = split_regions("x = 1\nprint('BEGIN')\n")
    assert split.visible == ["x = 1", "print('BEGIN')", ""] and not split.found


def test_a_marker_is_any_line_that_contains_the_delimiter_as_nbgrader_reads_it():
    split = split_regions("    # ### BEGIN SOLUTION (indented)\nx = 1\n#END SOLUTION")
    assert split.of(SOLUTION) == ["x = 1"] and split.visible == []


@pytest.mark.parametrize(
    "source, visible, hidden",
    [
        ("a = 1\n### BEGIN HIDDEN TESTS\nsecret = 36.0\nmore = 2", ["a = 1"], ["secret = 36.0", "more = 2"]),
        ("### BEGIN HIDDEN TESTS", [], []),
    ],
)
def test_an_unterminated_region_runs_to_the_end(source, visible, hidden):
    split = split_regions(source)
    assert split.visible == visible and split.of(HIDDEN_TEST) == hidden and split.found


def test_a_stray_end_marker_is_dropped_and_closes_nothing():
    assert kinds("### END HIDDEN TESTS\nprint(In)") == [(MARKER, "### END HIDDEN TESTS"), (VISIBLE, "print(In)")]
    assert split_regions("### END HIDDEN TESTS\nprint(In)").found
    # inside a solution region, a hidden test's END does not end the solution
    assert kinds("### BEGIN SOLUTION\nx = 1\n### END HIDDEN TESTS\ny = 2") == [
        (MARKER, "### BEGIN SOLUTION"),
        (SOLUTION, "x = 1"),
        (MARKER, "### END HIDDEN TESTS"),
        (SOLUTION, "y = 2"),
    ]


def test_nested_regions_belong_to_the_inner_kind_and_the_outer_one_resumes():
    source = (
        "### BEGIN SOLUTION\nanswer = 1\n### BEGIN HIDDEN TESTS\nassert answer\n### END HIDDEN TESTS\n"
        "more_answer = 2\n### END SOLUTION\nafter = 3"
    )
    split = split_regions(source)
    assert split.of(SOLUTION) == ["answer = 1", "more_answer = 2"]
    assert split.of(HIDDEN_TEST) == ["assert answer"]
    assert split.visible == ["after = 3"]


def test_an_end_closes_the_innermost_region_of_its_own_kind_only():
    # BEGIN SOLUTION, BEGIN HIDDEN TESTS, END SOLUTION: the hidden region is still open
    source = (
        "### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n### END SOLUTION\nstill_hidden = 1\n### END HIDDEN TESTS\nx = 2"
    )
    split = split_regions(source)
    assert split.of(HIDDEN_TEST) == ["still_hidden = 1"] and split.visible == ["x = 2"]
    # the same kind twice: one END leaves the outer region open
    split = split_regions("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\ninside = 1")
    assert split.of(SOLUTION) == ["inside = 1"] and split.visible == []


def test_adjacent_and_empty_regions():
    source = (
        "### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS\n"
        "### BEGIN SOLUTION\n### END SOLUTION\ny = 2"
    )
    split = split_regions(source)
    assert split.of(SOLUTION) == ["x = 1"]
    assert split.of(HIDDEN_TEST) == ["assert x == 1"]
    assert split.visible == ["y = 2"]
    assert len(split.of(MARKER)) == 6


def test_only_the_regions_asked_for_are_read():
    source = "### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n### BEGIN HIDDEN TESTS\nassert x\n### END HIDDEN TESTS"
    split = split_regions(source, {HIDDEN_TEST: ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")})
    assert split.visible == ["### BEGIN SOLUTION", "x = 1", "### END SOLUTION"]
    assert split.of(HIDDEN_TEST) == ["assert x"]


def test_configured_delimiters():
    split = split_regions("a\n## HIDE\nb\n## SHOW\nc", {HIDDEN_TEST: ("## HIDE", "## SHOW")})
    assert split.visible == ["a", "c"] and split.of(HIDDEN_TEST) == ["b"]


def test_without_markers_is_the_solution_cell_as_a_student_would_type_it():
    source = "# compute\n### BEGIN SOLUTION\nratio = 2.0\n### END SOLUTION\nprint(ratio)"
    assert split_regions(source).without_markers() == "# compute\nratio = 2.0\nprint(ratio)"


# ---------------------------------------------------------------------------------------------
# The secret-line rule
# ---------------------------------------------------------------------------------------------


def test_the_threshold_is_eight_characters_after_stripping():
    assert MIN_SECRET_CHARS == 8
    assert secret_lines(["   x = 1.0   ", "  k = 0.25  "], []) == ["k = 0.25"]


def test_public_lines_are_not_secret_verbatim_or_as_words():
    public = ["Compute ratio = cu / kd for each dose.", "Use **total** = **dose** * 1e3."]
    hidden = ["ratio = cu / kd", "total = dose * 1e3", "assert abs(ratio - 0.88) < 0.01"]
    assert secret_lines(hidden, public) == ["assert abs(ratio - 0.88) < 0.01"]


def test_secret_lines_are_stripped_unique_and_in_order():
    assert secret_lines(["  b_expected = 2.0", "a_expected = 1.0", "b_expected = 2.0  "], []) == [
        "b_expected = 2.0",
        "a_expected = 1.0",
    ]


def test_feedback_and_leak_checker_share_the_rule(tmp_path):
    """The feedback redacts exactly the hidden-test lines the leak checker looks for."""
    path = tmp_path / "source.ipynb"
    nb = write_code_notebook(path, "answers_check = 1\n### BEGIN HIDDEN TESTS\nx = 1.0\nk = 0.25\n### END HIDDEN TESTS")
    checked = {s.line for s in secrets_from_notebooks([path]) if s.kind == HIDDEN_TEST}
    assert checked == {"k = 0.25"}
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "print(In)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="x = 1.0\nk = 0.25\nok")]
        )
    )
    nb, _ = HideHiddenTests().preprocess(nb, {})
    assert nb.cells[1].outputs[0].text == "x = 1.0\n[a line that quotes a hidden test is not shown]\nok"
    assert HideHiddenTests().min_secret_chars == MIN_SECRET_CHARS


def test_an_unterminated_solution_region_is_secret_to_the_end(tmp_path):
    path = tmp_path / "source.ipynb"
    source = "### BEGIN SOLUTION\nfirst_answer = 12.5\n### BEGIN HIDDEN TESTS\nassert first_answer > 10.0"
    write_code_notebook(path, source)
    secrets = {(s.kind, s.line) for s in secrets_from_notebooks([path]) if s.kind != MARKER}
    assert secrets == {(SOLUTION, "first_answer = 12.5"), (HIDDEN_TEST, "assert first_answer > 10.0")}
