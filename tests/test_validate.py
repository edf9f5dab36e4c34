"""The shared input checks behind every public function."""

import numpy as np
import pytest

from microdose import _validate as v


@pytest.mark.parametrize("bad", ["1", None, True, np.bool_(True), 1 + 2j, [1, "a"], {"a": 1}])
def test_non_numbers_raise_type_error(bad):
    with pytest.raises(TypeError, match=r"dose_mg.*mg"):
        v.positive(bad, "dose_mg", "mg")


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), [1.0, -2.0]])
def test_positive_rejects(bad):
    with pytest.raises(ValueError, match=r"dose_mg must be a positive number in mg; received"):
        v.positive(bad, "dose_mg", "mg")


def test_messages_carry_the_received_value():
    with pytest.raises(ValueError, match=r"received -3\.5"):
        v.non_negative(-3.5, "time_h", "h")
    with pytest.raises(ValueError, match=r"received 67"):
        v.fraction(67, "bioavailability")
    with pytest.raises(ValueError, match=r"array of shape \(100,\)"):
        v.positive(-np.ones(100), "conc", "mg/L")


def test_fraction_bounds():
    assert v.fraction(0.0, "f") == 0.0 and v.fraction(1.0, "f") == 1.0
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        v.fraction(0.0, "f", allow_zero=False)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        v.fraction(1.0, "f", allow_one=False)


def test_time_vector_and_concentrations():
    t = v.time_vector([0, 1, 2])
    with pytest.raises(ValueError, match="one-dimensional"):
        v.time_vector([[0, 1]])
    with pytest.raises(ValueError, match="strictly increasing"):
        v.time_vector([0, 2, 1])
    with pytest.raises(ValueError, match="at least 3"):
        v.time_vector([0, 1], min_length=3)
    with pytest.raises(ValueError, match="same shape"):
        v.concentration_vector([1, 2], t, "conc", "mg/L")


def test_integer_at_least():
    assert v.integer_at_least(3, "n_doses", 1) == 3
    assert v.integer_at_least(3.0, "n_doses", 1) == 3
    with pytest.raises(TypeError, match="n_doses"):
        v.integer_at_least(True, "n_doses", 1)
    with pytest.raises(ValueError, match="whole number"):
        v.integer_at_least(2.5, "n_doses", 1)
    with pytest.raises(ValueError, match="at least 1"):
        v.integer_at_least(0, "n_doses", 1)


def test_scalar_or_array():
    assert isinstance(v.scalar_or_array(np.asarray(2.0)), float)
    assert isinstance(v.scalar_or_array(np.ones(2)), np.ndarray)
