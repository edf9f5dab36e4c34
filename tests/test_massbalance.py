"""Tests of microdose.massbalance: excretion, metabolite exposure, MIST and radio-chromatograms."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from microdose import massbalance as mb
from microdose import pk


def test_constants():
    assert mb.MIST_THRESHOLD_FRACTION == 0.10
    assert mb.TARGET_TOTAL_RECOVERY_FRACTION == 0.90


def test_cumulative_excretion_hand_values():
    # one half-life after the lag: half of the route's total
    assert mb.cumulative_excretion_fraction(30.0, 0.4, np.log(2) / 10.0, lag_h=20.0) == pytest.approx(0.2)
    assert mb.cumulative_excretion_fraction(5.0, 0.4, 0.1, lag_h=20.0) == 0.0
    assert mb.cumulative_excretion_fraction(1e6, 0.7, 0.1) == pytest.approx(0.7)
    out = mb.cumulative_excretion_fraction(np.array([0.0, 10.0, 20.0]), 0.5, 0.2)
    assert out.shape == (3,) and out[0] == 0.0


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(time_h=-1.0), ValueError, "time_h"),
        (dict(total_fraction=1.2), ValueError, "total_fraction"),
        (dict(total_fraction=60.0), ValueError, "not a percentage"),
        (dict(rate_per_h=0.0), ValueError, "rate_per_h"),
        (dict(lag_h=-2.0), ValueError, "lag_h"),
        (dict(time_h="1"), TypeError, "time_h"),
        (dict(time_h=[1.0, 2.0], rate_per_h=[0.1, 0.2, 0.3]), ValueError, "broadcastable"),
    ],
)
def test_cumulative_excretion_rejects_bad_input(kwargs, exc, match):
    args = dict(time_h=1.0, total_fraction=0.5, rate_per_h=0.1, lag_h=0.0)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        mb.cumulative_excretion_fraction(**args)


def test_cumulative_recovery():
    np.testing.assert_allclose(mb.cumulative_recovery([10.0, 20.0, 5.0], 50.0), [0.2, 0.6, 0.7])
    two = mb.cumulative_recovery([[1.0, 1.0], [2.0, 0.0]], 4.0)
    np.testing.assert_allclose(two, [[0.25, 0.5], [0.5, 0.5]])


@pytest.mark.parametrize(
    "amount, dose, exc, match",
    [
        ([1.0, -1.0], 5.0, ValueError, "amount_per_interval"),
        (3.0, 5.0, ValueError, "amount_per_interval"),
        ([1.0], 0.0, ValueError, "dose"),
        ([1.0], [1.0, 2.0], ValueError, "dose"),
        (None, 1.0, TypeError, "amount_per_interval"),
    ],
)
def test_cumulative_recovery_rejects_bad_input(amount, dose, exc, match):
    with pytest.raises(exc, match=match):
        mb.cumulative_recovery(amount, dose)


def test_time_to_recovery():
    t = np.array([24.0, 48.0, 72.0])
    r = np.array([0.5, 0.8, 0.95])
    assert mb.time_to_recovery_h(t, r) == pytest.approx(48.0 + 24.0 * (0.1 / 0.15))
    assert mb.time_to_recovery_h(t, r, target=0.25) == pytest.approx(12.0)  # from (0, 0)
    assert np.isnan(mb.time_to_recovery_h(t, [0.1, 0.2, 0.3]))
    assert mb.time_to_recovery_h([0.0, 24.0], [0.95, 0.97]) == 0.0


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(time_h=[48.0, 24.0]), ValueError, "time_h"),
        (dict(cumulative_fraction=[0.5]), ValueError, "cumulative_fraction"),
        (dict(cumulative_fraction=[50.0, 90.0]), ValueError, "cumulative_fraction"),
        (dict(target=0.0), ValueError, "target"),
        (dict(target=90.0), ValueError, "target"),
        (dict(target=[0.5, 0.9]), ValueError, "target"),
    ],
)
def test_time_to_recovery_rejects_bad_input(kwargs, exc, match):
    args = dict(time_h=[24.0, 48.0], cumulative_fraction=[0.5, 0.9], target=0.9)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        mb.time_to_recovery_h(**args)


def test_collection_stop_index():
    assert mb.COMMON_STOP_FRACTION_PER_COLLECTION == 0.01
    assert mb.collection_stop_index([50.0, 30.0, 5.0, 0.8, 0.6, 0.2], 100.0) == 4
    assert mb.collection_stop_index([50.0, 30.0, 5.0, 0.8, 1.5], 100.0) == -1
    assert mb.collection_stop_index([50.0, 0.9, 2.0, 0.5, 0.5], 100.0) == 4  # the run must be consecutive
    assert mb.collection_stop_index([50.0, 0.9, 2.0], 100.0, n_consecutive=1) == 1
    assert mb.collection_stop_index([50.0, 4.0, 3.0], 100.0, max_fraction_per_interval=0.05) == 2
    assert mb.collection_stop_index([1.0, 1.0], 100.0) == -1  # exactly 1 % is not < 1 %


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        (dict(amount_per_interval=[[1.0, 2.0]]), ValueError, "amount_per_interval"),
        (dict(amount_per_interval=[]), ValueError, "amount_per_interval"),
        (dict(amount_per_interval=[1.0, -1.0]), ValueError, "amount_per_interval"),
        (dict(dose=0.0), ValueError, "dose"),
        (dict(max_fraction_per_interval=1.0 + 1e-9), ValueError, "max_fraction_per_interval"),
        (dict(max_fraction_per_interval=0.0), ValueError, "max_fraction_per_interval"),
        (dict(n_consecutive=0), ValueError, "n_consecutive"),
        (dict(n_consecutive=1.5), ValueError, "n_consecutive"),
    ],
)
def test_collection_stop_index_rejects_bad_input(kwargs, exc, match):
    args = dict(amount_per_interval=[50.0, 1.0, 0.5], dose=100.0)
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        mb.collection_stop_index(**args)


def test_hamilton_pool_gives_the_linear_trapezoidal_auc():
    np.testing.assert_allclose(mb.hamilton_pool_weights_h([0.0, 1.0, 3.0, 7.0]), [0.5, 1.5, 3.0, 2.0])
    t = np.array([0.0, 0.5, 1, 2, 4, 8, 12, 24, 48.0])
    c = pk.oral_conc_mg_per_L(t, 10.0, 50.0, 5.0, 1.2)
    w = mb.hamilton_pool_weights_h(t)
    assert w.sum() == pytest.approx(t[-1] - t[0])
    assert mb.hamilton_pool_conc(t, c) * (t[-1] - t[0]) == pytest.approx(np.trapezoid(c, t), rel=1e-12)
    # several analytes at once, one per row; shares of the pool = shares of the linear AUC
    rows = np.vstack([c, 2 * c, c**2])
    pooled = mb.hamilton_pool_conc(t, rows)
    np.testing.assert_allclose(pooled * t[-1], np.trapezoid(rows, t, axis=-1), rtol=1e-12)
    # AUC(0-tlast), not AUC(0-inf): for a slowly cleared drug (t½ ≈ 35 h) the pool misses the area
    # after the last sample (about a third here)
    slow = pk.oral_conc_mg_per_L(t, 10.0, 50.0, 1.0, 1.2)
    assert mb.hamilton_pool_conc(t, slow) * t[-1] < 0.8 * pk.auc_inf_mg_h_per_L(10.0, 1.0)


@pytest.mark.parametrize(
    "args, exc, match",
    [
        (([0.0, 1.0], [1.0]), ValueError, "conc"),
        (([1.0, 0.5], [1.0, 2.0]), ValueError, "time_h"),
        (([1.0], [1.0]), ValueError, "time_h"),
        (([0.0, 1.0], [1.0, -2.0]), ValueError, "conc"),
        (([0.0, 1.0], 3.0), ValueError, "conc"),
    ],
)
def test_hamilton_pool_rejects_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        mb.hamilton_pool_conc(*args)


PM = dict(
    dose_mg=100.0,
    volume_L=50.0,
    clearance_L_per_h=5.0,
    ka_per_h=1.2,
    fraction_metabolised=0.6,
    metabolite_volume_L=20.0,
    metabolite_clearance_L_per_h=3.0,
    bioavailability=0.8,
)


def test_parent_matches_pk_module():
    t = np.linspace(0, 48, 97)
    cp, _ = mb.parent_metabolite_oral_conc(t, **PM)
    np.testing.assert_allclose(cp, pk.oral_conc_mg_per_L(t, 100.0, 50.0, 5.0, 1.2, 0.8), rtol=1e-9, atol=1e-12)


def test_metabolite_matches_ode_solution():
    k, km = 5.0 / 50.0, 3.0 / 20.0

    def rhs(_, y):
        gut, ap, am = y
        return [-1.2 * gut, 1.2 * gut - k * ap, 0.6 * k * ap - km * am]

    t = np.linspace(0, 72, 73)
    sol = solve_ivp(rhs, (0, 72), [80.0, 0.0, 0.0], t_eval=t, rtol=1e-10, atol=1e-12)
    cp, cm = mb.parent_metabolite_oral_conc(t, **PM)
    np.testing.assert_allclose(cp, sol.y[1] / 50.0, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(cm, sol.y[2] / 20.0, rtol=1e-6, atol=1e-9)


def test_metabolite_auc_identity():
    # AUC_m = fm * F * D / CL_m (formation clearance fm*CL; all formed metabolite eventually cleared)
    t = np.linspace(0, 600, 60001)
    _, cm = mb.parent_metabolite_oral_conc(t, **PM)
    assert np.trapezoid(cm, t) == pytest.approx(0.6 * 0.8 * 100.0 / 3.0, rel=1e-4)


def test_parent_metabolite_rejects_equal_rate_constants_and_bad_input():
    with pytest.raises(ValueError, match="ka"):
        mb.parent_metabolite_oral_conc(1.0, **{**PM, "ka_per_h": 0.1})  # ka = k
    with pytest.raises(ValueError, match="km"):
        mb.parent_metabolite_oral_conc(1.0, **{**PM, "metabolite_clearance_L_per_h": 2.0})  # km = k
    for name, bad in [
        ("dose_mg", 0.0),
        ("volume_L", -1.0),
        ("clearance_L_per_h", 0.0),
        ("ka_per_h", -1.0),
        ("fraction_metabolised", 1.5),
        ("metabolite_volume_L", 0.0),
        ("metabolite_clearance_L_per_h", -3.0),
        ("bioavailability", 2.0),
    ]:
        with pytest.raises(ValueError, match=name):
            mb.parent_metabolite_oral_conc(1.0, **{**PM, name: bad})
    with pytest.raises(ValueError, match="volume_L"):
        mb.parent_metabolite_oral_conc(1.0, **{**PM, "volume_L": [1.0, 2.0]})
    with pytest.raises(ValueError, match="time_h"):
        mb.parent_metabolite_oral_conc(-1.0, **PM)


def test_exposure_fraction_and_mist():
    assert mb.exposure_fraction(15.0, 100.0) == pytest.approx(0.15)
    np.testing.assert_allclose(mb.exposure_fraction([5.0, 20.0], 100.0), [0.05, 0.2])
    assert mb.mist_requires_assessment(10.5, 100.0) is True
    assert mb.mist_requires_assessment(10.0, 100.0) is False  # "greater than 10 %"
    assert mb.mist_requires_assessment(6.0, 100.0, threshold=0.05) is True
    np.testing.assert_array_equal(mb.mist_requires_assessment([5.0, 20.0], 100.0), [False, True])


@pytest.mark.parametrize(
    "func, args, exc, match",
    [
        (mb.exposure_fraction, (-1.0, 10.0), ValueError, "auc_component"),
        (mb.exposure_fraction, (1.0, 0.0), ValueError, "auc_total"),
        (mb.exposure_fraction, ([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError, "broadcastable"),
        (mb.mist_requires_assessment, (1.0, 10.0, 10.0), ValueError, "threshold"),
        (mb.mist_requires_assessment, ("a", 10.0), TypeError, "auc_component"),
    ],
)
def test_exposure_rejects_bad_input(func, args, exc, match):
    with pytest.raises(exc, match=match):
        func(*args)


def test_chromatogram_area_and_fractions():
    t = np.linspace(0, 40, 4001)
    areas = np.array([600.0, 250.0, 150.0])
    y = mb.gaussian_chromatogram(t, [8.0, 18.0, 28.0], areas, 0.6)
    assert np.trapezoid(y, t) == pytest.approx(areas.sum(), rel=1e-6)
    frac = mb.peak_fractions(t, y, [[5.0, 11.0], [15.0, 21.0], [25.0, 31.0]])
    np.testing.assert_allclose(frac, areas / areas.sum(), atol=1e-4)
    assert mb.gaussian_chromatogram([8.0], [8.0], [1.0], [2.0])[0] == pytest.approx(1 / (2 * np.sqrt(2 * np.pi)))


@pytest.mark.parametrize(
    "args, exc, match",
    [
        (([[1.0]], [1.0], [1.0], 1.0), ValueError, "time_min"),
        (([1.0], [1.0, 2.0], [1.0], 1.0), ValueError, "retention_min"),
        (([1.0], [1.0], [-1.0], 1.0), ValueError, "peak_area"),
        (([1.0], [1.0], [1.0], 0.0), ValueError, "width_sd_min"),
        (([1.0], [1.0, 2.0], [1.0, 1.0], [1.0, 1.0, 1.0]), ValueError, "width_sd_min"),
    ],
)
def test_chromatogram_rejects_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        mb.gaussian_chromatogram(*args)


@pytest.mark.parametrize(
    "args, exc, match",
    [
        (([0.0, 1.0], [1.0, 1.0], [[1.0, 0.5]]), ValueError, "windows_min"),
        (([0.0, 1.0], [1.0, 1.0], [1.0, 2.0]), ValueError, "windows_min"),
        (([0.0, 1.0], [0.0, 0.0], [[0.0, 1.0]]), ValueError, "signal"),
        (([0.0, 1.0], [1.0], [[0.0, 1.0]]), ValueError, "signal"),
        (([1.0, 0.0], [1.0, 1.0], [[0.0, 1.0]]), ValueError, "time_min"),
    ],
)
def test_peak_fractions_rejects_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        mb.peak_fractions(*args)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=1e3), min_size=2, max_size=10), st.floats(min_value=1.0, max_value=1e4)
)
def test_cumulative_recovery_is_non_decreasing(amounts, dose):
    r = mb.cumulative_recovery(amounts, dose)
    assert np.all(np.diff(r) >= -1e-12)
    assert r[-1] == pytest.approx(sum(amounts) / dose)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=1, max_size=5))
def test_peak_fractions_of_a_partition_sum_to_one(areas):
    t = np.arange(0.0, 10.0 * len(areas) + 0.5)  # whole minutes: the edges fall on grid points
    y = mb.gaussian_chromatogram(t, 5.0 + 10.0 * np.arange(len(areas)), areas, 1.0) + 1e-3
    edges = 10.0 * np.arange(len(areas) + 1)
    frac = mb.peak_fractions(t, y, np.column_stack([edges[:-1], edges[1:]]))
    assert frac.sum() == pytest.approx(1.0, abs=1e-9)
