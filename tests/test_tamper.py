"""nbgrader_ext.tamper: student code that could switch off the answer checks is listed; ordinary code is not."""

from __future__ import annotations

import pytest
from helpers import ROOT

from nbgrader_ext.tamper import scan_file, scan_notebook, scan_source


@pytest.mark.parametrize(
    "code, why",
    [
        ("import microdose.selfcheck\nmicrodose.selfcheck.expect = lambda *a, **k: None", "microdose.selfcheck.expect"),
        ("from microdose import answerkey\nanswerkey.AnswerKey.check = print", "answerkey.AnswerKey.check"),
        ("answers = None", "replaces or deletes answers"),
        ("del answers", "replaces or deletes answers"),
        ("answers.check = lambda *a: None", "answers.check"),
        ("def expect(*args, **kwargs):\n    pass", "replaces or deletes expect"),
        ("setattr(m, 'expect', None)", "setattr"),
        ("exec('x = 1')", "exec"),
        ("import sys\nsys.modules['microdose.selfcheck'] = None", "sys.modules"),
        ("import builtins", "builtins"),
        ("import importlib", "importlib"),
        ("get_ipython().events.register('pre_run_cell', f)", "get_ipython"),
        ("%run other_notebook.ipynb", "magic"),
        ("!pip install something", "shell command"),
        ("from os import path as expect", "binds a checker name"),
    ],
)
def test_patches_are_listed(code, why):
    findings = scan_source(code)
    assert findings and any(why in reason for _, reason in findings), findings


@pytest.mark.parametrize(
    "code",
    [
        "cu_nM = 0.08 * 3.1\ntheta = cu_nM / (cu_nM + 4.0)",
        "import numpy as np\nauc = np.trapezoid([1, 2], [0, 1])\nresult = {'a': 1}\nresult['a'] = 2",
        "from microdose import occupancy\nx = occupancy.fractional_occupancy(1.0, 2.0)",
        "np.isclose = abs   # odd, but not the checkers",
        "%matplotlib inline\nprint('hi')",
        "def f(\n",  # a syntax error is the student's, graded as such
    ],
)
def test_ordinary_code_is_not_listed(code):
    assert scan_source(code) == []


def test_line_numbers_and_cells_are_reported():
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {"nbgrader": {"locked": True, "grade": False}}, "source": "answers = 1"},
            {"cell_type": "markdown", "metadata": {}, "source": "answers = 1"},
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade_id": "q1", "grade": False}},
                "source": ["x = 1\n", "answers = None\n"],
            },
            {"cell_type": "code", "metadata": {}, "source": "exec('y')"},
        ]
    }
    found = [str(f) for f in scan_notebook(notebook)]
    assert found == [
        "answer cell q1, line 2: answers = None  (replaces or deletes answers)",
        "code cell 3, line 1: exec('y')  (uses exec)",
    ]


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "solutions").glob("*/*.ipynb")) + sorted((ROOT / "lessons").rglob("*.ipynb")),
    ids=lambda p: p.name,
)
def test_the_course_own_notebooks_raise_no_flag(path):
    assert scan_file(path) == []


def test_the_autograde_pipeline_reads_the_code_before_it_runs():
    from nbgrader_ext.autograde import FlagCheckerTampering, IsolatedExecute, autograde_preprocessors

    steps = autograde_preprocessors()
    assert steps.index(FlagCheckerTampering) < steps.index(IsolatedExecute)
