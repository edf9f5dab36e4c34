"""The leak checker tells hidden-test code from the messages students are meant to read."""

from __future__ import annotations

import doctest

from helpers import write_code_notebook

import nbgrader_ext.leaks as leaks
from nbgrader_ext.leaks import find_leaks, secrets_from_notebooks

HIDDEN = """answers.check("q1b")
### BEGIN HIDDEN TESTS
from microdose.selfcheck import expect
_wrong = {
    "you used the 100 µg small-molecule ceiling; a protein's ceiling is 30 nmol": 100.0,
    "your 30 nmol ceiling in µg is 10³ too small, so it looks as if the ceiling binds": 1.44,
}
expect("1b", "limit_C_ug", 1440.0, unit="µg",
       slips=[("larger_limit", 2500.0, "you kept the LARGER of the two limits; the smaller one binds")])
### END HIDDEN TESTS"""


def _source_notebook(tmp_path):
    write_code_notebook(tmp_path / "source.ipynb", HIDDEN)
    return tmp_path / "source.ipynb"


def test_messages_in_feedback_are_not_leaks(tmp_path):
    secrets = secrets_from_notebooks([_source_notebook(tmp_path)])
    feedback = tmp_path / "feedback.html"
    feedback.write_text(
        "<pre>AnswerError: Q1b limit_C_ug: you used the 100 µg small-molecule ceiling; a protein&#x27;s ceiling "
        "is 30 nmol</pre><pre>AnswerError: Q1b limit_C_ug: you kept the LARGER of the two limits; the smaller "
        "one binds</pre><pre>your 30 nmol ceiling in µg is 10³ too small, so it looks as if the ceiling "
        "binds</pre>",
        encoding="utf-8",
    )
    assert find_leaks([feedback], secrets) == []


def test_hidden_code_and_reference_values_are_leaks(tmp_path):
    secrets = secrets_from_notebooks([_source_notebook(tmp_path)])
    feedback = tmp_path / "feedback.html"
    feedback.write_text(
        "<pre>expect(&quot;1b&quot;, &quot;limit_C_ug&quot;, 1440.0, unit=&quot;µg&quot;,</pre>", encoding="utf-8"
    )
    found = find_leaks([feedback], secrets)
    assert found and found[0].kind == "hidden test"
    feedback.write_text("expect 1440 0 unit", encoding="utf-8")  # the words, without the markup
    assert find_leaks([feedback], secrets)


def test_leak_checker_doctests():
    assert doctest.testmod(leaks).failed == 0
