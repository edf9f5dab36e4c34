"""Simple allometry and fold error."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose import scaling as sc


def test_exact_power_law_is_recovered():
    w = np.array([0.25, 2.5, 10.0, 5.0])
    fit = sc.fit_allometry(w, 0.1 * w**0.75)
    assert fit.a_L_per_h == pytest.approx(0.1) and fit.b == pytest.approx(0.75)
    assert fit.r_squared == pytest.approx(1.0)
    assert sc.predict_clearance_L_per_h(fit.a_L_per_h, fit.b, 70.0) == pytest.approx(0.1 * 70**0.75)


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


def test_geometric_mean_and_average_fold_error_hand_values():
    # 2-fold over and 2-fold under: accuracy 2, no bias
    assert sc.geometric_mean_fold_error([2.0, 0.5], [1.0, 1.0]) == pytest.approx(2.0)
    assert sc.average_fold_error([2.0, 0.5], [1.0, 1.0]) == pytest.approx(1.0)
    # 2-fold and 8-fold over-prediction: geometric mean of 2 and 8 is 4, both ways
    assert sc.geometric_mean_fold_error([2.0, 8.0], [1.0, 1.0]) == pytest.approx(4.0)
    assert sc.average_fold_error([2.0, 8.0], [1.0, 1.0]) == pytest.approx(4.0)
    assert sc.average_fold_error([0.5, 0.125], [1.0, 1.0]) == pytest.approx(0.25)
    # GMFE is the geometric mean of the individual fold errors (Obach 1997, base-10 form)
    p, o = np.array([3.0, 0.7, 12.0]), np.array([1.5, 1.0, 10.0])
    assert sc.geometric_mean_fold_error(p, o) == pytest.approx(np.prod(sc.fold_error(p, o)) ** (1 / 3))
    assert sc.geometric_mean_fold_error(p, o) == pytest.approx(10 ** np.mean(np.abs(np.log10(p / o))))
    assert sc.geometric_mean_fold_error(4.0, 10.0) == pytest.approx(2.5)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(1e-3, 1e3), st.floats(1e-3, 1e3)), min_size=1, max_size=10))
def test_gmfe_bounds_the_bias(pairs):
    p, o = np.array(pairs).T
    gmfe = sc.geometric_mean_fold_error(p, o)
    afe = sc.average_fold_error(p, o)
    assert gmfe >= 1.0
    assert 1 / gmfe * (1 - 1e-9) <= afe <= gmfe * (1 + 1e-9)  # |mean ln| <= mean |ln|
    assert sc.average_fold_error(o, p) == pytest.approx(1 / afe)


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: sc.geometric_mean_fold_error([1.0, 2.0], [1.0]), ValueError),
        (lambda: sc.geometric_mean_fold_error([[1.0, 2.0]], [[1.0, 2.0]]), ValueError),
        (lambda: sc.geometric_mean_fold_error([1.0, -2.0], [1.0, 2.0]), ValueError),
        (lambda: sc.average_fold_error([1.0, 2.0], None), TypeError),
        (lambda: sc.average_fold_error([], []), ValueError),
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
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()
