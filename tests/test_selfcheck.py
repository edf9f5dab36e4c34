"""Self-check diagnostics: structured kinds, the comparison grid, and the hidden-test helper ``expect``."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose.selfcheck import (
    BINS_PER_TOLERANCE,
    AnswerError,
    Diagnosis,
    check,
    classify,
    diagnose,
    expect,
    same_value,
)


def test_right_answer_within_tolerance():
    assert diagnose(0.6667, 2 / 3).kind == "correct"
    assert diagnose(0.67, 2 / 3, rtol=0.01).ok
    assert not diagnose(0.68, 2 / 3, rtol=0.01).ok


@pytest.mark.parametrize(
    "answer,expected,kind,words",
    [
        (100_000.0, 100.0, "units_1e3", "10^3 times too large"),
        (0.0001, 100.0, "units_1e6", "10^6 times too small"),
        (2.0 * math.log(10), 2.0, "log10_for_ln", "natural log"),
        (2.0 / math.log(10), 2.0, "log10_for_ln", "natural log"),
        (50.0, 0.5, "percent_for_fraction", "percentage"),
        (-3.0, 3.0, "sign", "sign"),
        (math.log(2) / 6.0, 6.0, "rate_for_half_life", "rate constant"),
        (0.0, 3.0, "zero", "zero"),
        (float("nan"), 3.0, "not_finite", "division by zero"),
        ("3", 3.0, "wrong_type", "should be a number"),
        (1.7, 1.0, "not_quite", "about 1.7 times"),
        (6.0 / 0.6931471805599453, 6.0, "missing_ln2", "ln 2"),
        (120.0, 2.0, "factor_60", "60"),
        (2.0 / 60, 2.0, "factor_60", "60"),
    ],
)
def test_common_mistakes_are_named_by_kind(answer, expected, kind, words):
    diagnosis = diagnose(answer, expected)
    assert diagnosis.kind == kind
    assert words in diagnosis.message
    assert str(diagnosis) == diagnosis.message


def test_reciprocal_answer_is_named_as_an_inverted_ratio():
    # Lesson 2.3: fold error of P = 4 L/h against O = 10 L/h is 2.5; the commonest slip is P/O = 0.4
    hint = diagnose(0.4, 2.5, unit="")
    assert hint.kind == "inverted" and "reciprocal" in hint.message
    assert diagnose(4.0, 0.25).kind == "inverted"
    assert diagnose(-0.5, -2.0).kind == "inverted"
    assert diagnose(10.0, 0.1).kind == "percent_for_fraction"  # fraction vs percent wins when both fit
    assert diagnose(1.7, 1.0).kind == "not_quite"
    assert diagnose(1.0, 1.0).ok  # an answer of 1 for 1 is simply right


def test_total_instead_of_unbound():
    assert diagnose(100.0, 10.0, fraction_unbound=0.1).kind == "total_for_unbound"
    assert diagnose(1.0, 10.0, fraction_unbound=0.1).kind == "total_for_unbound"
    assert diagnose(100.0, 10.0).kind != "total_for_unbound"  # without f_u it cannot be named


def test_named_slips_come_before_generic_ones_and_keep_their_kind():
    slips = [("larger_limit", 100.0, "you kept the LARGER of the two limits")]
    diagnosis = diagnose(100.0, 50.0, slips=slips)
    assert (diagnosis.kind, diagnosis.message) == ("larger_limit", "you kept the LARGER of the two limits")
    # a slip equal to the reference can never be reported
    assert diagnose(50.0, 50.0, slips=[("same", 50.0, "never")]).ok


def test_a_tight_tolerance_names_rounding():
    assert diagnose(100.5, 100.0, rtol=1e-4).kind == "rounded"
    assert diagnose(100.005, 100.0, rtol=1e-4).ok


def test_hint_is_added_to_generic_diagnoses_only():
    assert diagnose(1.7, 1.0, hint="(use 1/sqrt(N))").message.endswith("(use 1/sqrt(N))")
    named = diagnose(3.0, 1.0, slips=[("three", 3.0, "tripled")], hint="(use 1/sqrt(N))")
    assert named.message == "tripled"


def test_check_prints_and_returns(capsys):
    assert check(91.0, 90.72, name="dose", unit="mg") is True
    assert "✓ dose" in capsys.readouterr().out
    assert check(90720.0, 90.72, name="dose", unit="mg") is False
    assert "10^3" in capsys.readouterr().out


def test_expected_must_be_usable():
    with pytest.raises(ValueError, match="expected"):
        diagnose(1.0, 0.0)
    assert diagnose(0.0, 0.0, atol=0.1).ok


def test_classify_needs_only_a_matching_rule():
    # the hashed self-check has no expected value, only a way to recognise it
    assert classify(3000.0, lambda y: same_value(y, 3.0)).kind == "units_1e3"
    assert classify(3.5, lambda y: same_value(y, 3.0)) is None


# -- the comparison grid --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(reference=st.floats(1e-9, 1e12), log_ratio=st.floats(-1.0, 1.0), rtol=st.sampled_from([1e-4, 0.002, 0.01]))
def test_grid_accepts_within_rtol_and_rejects_beyond_one_point_two_rtol(reference, log_ratio, rtol):
    width = math.log1p(rtol)
    x = reference * math.exp(log_ratio * width)  # within rtol (in log terms)
    assert same_value(x, reference, rtol) and same_value(-x, -reference, rtol)
    far = reference * math.exp((1.21 + abs(log_ratio)) * width * (1 if log_ratio >= 0 else -1))
    assert not same_value(far, reference, rtol)
    assert not same_value(-x, reference, rtol)


def test_grid_constants():
    assert BINS_PER_TOLERANCE >= 5
    assert same_value(0.0, 0.0) and not same_value(0.0, 1e-300)
    assert same_value(0.04, 0.0, atol=0.05) and not same_value(0.07, 0.0, atol=0.05)


# -- expect: the hidden test ----------------------------------------------------------------------


def _run(code: str, **names):
    """Execute hidden-test code in a namespace holding the student's variables (as nbgrader does)."""
    namespace = {"expect": expect, "np": np, "math": math, **names}
    exec(code, namespace)


def test_expect_passes_a_right_answer_silently(capsys):
    _run('expect("2b", "cu_nM", 0.025, unit="nM")', cu_nM=0.02501)
    assert capsys.readouterr().out == ""


def test_expect_raises_with_the_named_slip_and_its_kind():
    with pytest.raises(AnswerError) as raised:
        _run(
            'expect("2d", "theta", 0.8824, slips=[("total_for_unbound", 0.9894, "TOTAL concentration")])', theta=0.9894
        )
    assert raised.value.diagnosis.kind == "total_for_unbound"
    assert str(raised.value) == "Q2d theta: TOTAL concentration"
    assert isinstance(raised.value, AssertionError)  # nbgrader counts it as a failed test


def test_expect_names_a_missing_answer():
    with pytest.raises(AnswerError) as raised:
        _run('expect("1a", "limit_ug", 50.0)')
    assert raised.value.diagnosis.kind == "no_answer" and "limit_ug" in str(raised.value)


def test_follow_through_gives_full_credit_with_a_note(capsys):
    # 2b was computed from the total concentration (a slip, ×12.5); 2c correctly from it
    cu_wrong = 0.3125
    _run(
        'expect("2c", "theta", 0.006211, follow="cu_nM / (cu_nM + kd_nM)")',
        cu_nM=cu_wrong,
        kd_nM=4.0,
        theta=cu_wrong / (cu_wrong + 4.0),
    )
    assert "follow-through" in capsys.readouterr().out


def test_follow_through_does_not_excuse_a_slip_of_its_own():
    cu_wrong = 0.3125
    own = cu_wrong / (cu_wrong + 4.0)
    with pytest.raises(AnswerError) as raised:
        _run(
            'expect("2c", "theta", 0.006211, follow="cu_nM / (cu_nM + kd_nM)")',
            cu_nM=cu_wrong,
            kd_nM=4.0,
            theta=100 * own,
        )
    # compared with what the student's own earlier answer gives, the percentage slip is named
    assert raised.value.diagnosis.kind == "percent_for_fraction"
    assert "own earlier answers" in raised.value.diagnosis.message


def test_follow_through_expression_that_fails_is_ignored():
    with pytest.raises(AnswerError):
        _run('expect("3d", "fold", 1440.0, follow="target / undefined_name")', fold=12.0, target=36.0)


def test_expect_checks_arrays_element_by_element():
    _run('expect("1a", "cl", [5.0, 4.2, 2.1])', cl=np.array([5.0, 4.2, 2.1]))
    with pytest.raises(AnswerError) as raised:
        _run('expect("1a", "cl", [5.0, 4.2, 2.1])', cl=np.array([5.0, 4200.0, 2.1]))
    assert raised.value.diagnosis.kind == "units_1e3"
    assert "1 of 3 values wrong" in raised.value.diagnosis.message and "cl[1]" in raised.value.diagnosis.message
    with pytest.raises(AnswerError) as raised:
        _run('expect("1a", "cl", [5.0, 4.2, 2.1])', cl=np.array([5.0, 4.2]))
    assert raised.value.diagnosis.kind == "wrong_shape"
    _run('expect("2a", "c", [[1.0, 2.0], [3.0, 4.0]])', c=np.array([[1.0, 2.0], [3.0, 4.0]]))


def test_expect_checks_words_booleans_whole_numbers_and_dictionaries():
    _run('expect("4b", "detected", True)', detected=np.bool_(True))
    with pytest.raises(AnswerError) as raised:
        _run(
            'expect("4b", "detected", True, slips=[("wrong_decision", False, "compare the NET counts")])',
            detected=False,
        )
    assert raised.value.diagnosis.kind == "wrong_decision"
    _run('expect("4b", "tablets", 3, rtol=0)', tablets=3)
    with pytest.raises(AnswerError):
        _run('expect("4b", "tablets", 3, rtol=0)', tablets=2.999)
    rules = {"A": "one_percent", "B": "ceiling"}
    _run('expect("1c", "rules", {"A": "one_percent", "B": "ceiling"})', rules=dict(rules))
    with pytest.raises(AnswerError) as raised:
        _run(
            'expect("1c", "rules", {"A": "one_percent", "B": "ceiling"}, '
            'slips=[("wrong_rule", {"A": "ceiling", "B": "one_percent"}, "compare the two limits")])',
            rules={"A": "one_percent", "B": "one_percent"},
        )
    assert raised.value.diagnosis.kind == "wrong_rule" and "rules['B']" in raised.value.diagnosis.message


def test_diagnosis_is_structured():
    diagnosis = Diagnosis("units_1e3", "message", "x", "2b")
    assert not diagnosis.ok and Diagnosis("follow_through", "m").ok


def test_expect_fails_the_public_answer_even_as_follow_through():
    from microdose.selfcheck import PUBLIC_ANSWER_MESSAGE, expect

    namespace = {"cu_nM": 0.031, "theta": 0.031 / (0.031 + 0.1)}
    with pytest.raises(AnswerError) as raised:
        exec('expect("1", "cu_nM", 0.025, public=0.031)', {"expect": expect, **namespace})
    assert raised.value.diagnosis.kind == "public_answer"
    assert " ".join(PUBLIC_ANSWER_MESSAGE.split()) in " ".join(str(raised.value).split())
    # theta computed from the copied cu would earn follow-through credit; equal to the public answer it does not
    with pytest.raises(AnswerError) as raised:
        exec(
            'expect("2", "theta", 0.2, follow="cu_nM / (cu_nM + 0.1)", public=0.031 / 0.131)',
            {"expect": expect, **namespace},
        )
    assert raised.value.diagnosis.kind == "public_answer"
    # without the public answer, the same theta keeps its points by follow-through
    exec('expect("2", "theta", 0.2, follow="cu_nM / (cu_nM + 0.1)")', {"expect": expect, **namespace})
    # the right answer passes whatever the public one
    exec('expect("1", "cu_nM", 0.031 * 1.001, public=0.031)', {"expect": expect, **namespace})


def test_an_unnamed_public_answer_gets_its_diagnosis_but_no_follow_through():
    from microdose.selfcheck import expect

    namespace = {"cu_nM": 0.031, "theta": 0.031 / 0.131}
    with pytest.raises(AnswerError) as raised:
        exec(
            'expect("2", "theta", 0.2, follow="cu_nM / (cu_nM + 0.1)", public=0.031 / 0.131, public_named=False)',
            {"expect": expect, **namespace},
        )
    assert raised.value.diagnosis.kind != "public_answer"
