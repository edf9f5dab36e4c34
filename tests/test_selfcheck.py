"""Self-check diagnostics recognise the common mistakes."""

import math

import pytest

from microdose.selfcheck import check, diagnose


def test_right_answer_within_tolerance():
    assert diagnose(0.6667, 2 / 3) is None
    assert diagnose(0.67, 2 / 3, rtol=0.01) is None


@pytest.mark.parametrize("answer,expected,keyword", [
    (100_000.0, 100.0, "10^3 times too large"),
    (0.0001, 100.0, "10^6 times too small"),
    (2.0 * math.log(10), 2.0, "natural log"),
    (2.0 / math.log(10), 2.0, "natural log"),
    (50.0, 0.5, "percentage"),
    (-3.0, 3.0, "sign"),
    (math.log(2) / 6.0, 6.0, "rate constant"),
    (0.0, 3.0, "zero"),
    (float("nan"), 3.0, "division by zero"),
    ("3", 3.0, "should be a number"),
    (1.7, 1.0, "1.7 times"),
    (6.0 / 0.6931471805599453, 6.0, "ln 2"),
    (120.0, 2.0, "60"),
    (2.0 / 60, 2.0, "60"),
])
def test_common_mistakes_are_named(answer, expected, keyword):
    assert keyword in diagnose(answer, expected)


def test_reciprocal_answer_is_named_as_an_inverted_ratio():
    # Lesson 2.3: fold error of P = 4 L/h against O = 10 L/h is 2.5; the commonest slip is P/O = 0.4
    hint = diagnose(0.4, 2.5, unit="")
    assert "inverted the ratio" in hint and "reciprocal" in hint
    assert "inverted" in diagnose(4.0, 0.25)
    assert "inverted" in diagnose(-0.5, -2.0)
    # not confused with the other diagnoses
    assert "percentage" in diagnose(10.0, 0.1)          # fraction vs percent wins when both fit
    assert "inverted" not in diagnose(1.7, 1.0)
    assert diagnose(1.0, 1.0) is None                    # an answer of 1 for 1 is simply right


def test_total_instead_of_unbound():
    assert "unbound" in diagnose(100.0, 10.0, fraction_unbound=0.1)
    assert "unbound" in diagnose(1.0, 10.0, fraction_unbound=0.1)


def test_check_prints_and_returns(capsys):
    assert check(91.0, 90.72, name="dose", unit="mg") is True
    assert "✓ dose" in capsys.readouterr().out
    assert check(90720.0, 90.72, name="dose", unit="mg") is False
    assert "10^3" in capsys.readouterr().out


def test_expected_must_be_usable():
    with pytest.raises(ValueError, match="expected"):
        diagnose(1.0, 0.0)
