"""Simple allometry and fold error."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose import scaling as sc


def test_exact_power_law_is_recovered():
    w = np.array([0.25, 2.5, 10.0, 5.0])
    fit = sc.fit_allometry(w, 0.1 * w ** 0.75)
    assert fit.a_L_per_h == pytest.approx(0.1) and fit.b == pytest.approx(0.75)
    assert fit.r_squared == pytest.approx(1.0)
    assert sc.predict_clearance_L_per_h(fit.a_L_per_h, fit.b, 70.0) == pytest.approx(0.1 * 70 ** 0.75)


def test_fold_error_and_within():
    assert sc.fold_error(2.0, 1.0) == pytest.approx(2.0)
    assert sc.fold_error(1.0, 2.0) == pytest.approx(2.0)
    assert sc.within_fold(2.0, 1.0) is True and sc.within_fold(2.1, 1.0) is False
    assert sc.within_fold(np.array([1.0, 3.0]), 1.0, fold=3.0).tolist() == [True, True]


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_fold_error_symmetric_at_least_one(p, o):
    assert sc.fold_error(p, o) == pytest.approx(sc.fold_error(o, p))
    assert sc.fold_error(p, o) >= 1.0


@pytest.mark.parametrize("call, exc", [
    (lambda: sc.fit_allometry([1.0], [1.0]), ValueError),
    (lambda: sc.fit_allometry([1.0, 1.0], [1.0, 2.0]), ValueError),
    (lambda: sc.fit_allometry([1.0, -2.0], [1.0, 2.0]), ValueError),
    (lambda: sc.fit_allometry([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError),
    (lambda: sc.fit_allometry("ab", [1.0, 2.0]), TypeError),
    (lambda: sc.predict_clearance_L_per_h(-1.0, 0.75), ValueError),
    (lambda: sc.predict_clearance_L_per_h(1.0, float("nan")), ValueError),
    (lambda: sc.predict_clearance_L_per_h(1.0, 0.75, 0.0), ValueError),
    (lambda: sc.fold_error(0.0, 1.0), ValueError),
    (lambda: sc.fold_error(1.0, None), TypeError),
    (lambda: sc.within_fold(1.0, 1.0, fold=0.5), ValueError),
])
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()
