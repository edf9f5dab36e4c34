"""Linear one-compartment PK: textbook identities and hand-derived values."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from microdose import pk

V, CL, KA, F = 50.0, 5.0, 1.2, 0.6  # L, L/h, 1/h, fraction
K = CL / V


def test_rate_constant_half_life_round_trip():
    assert pk.elimination_rate_constant_per_h(CL, V) == pytest.approx(0.1)
    assert pk.rate_constant_to_half_life_h(0.1) == pytest.approx(math.log(2) / 0.1)
    assert pk.half_life_to_rate_constant_per_h(pk.rate_constant_to_half_life_h(0.37)) == pytest.approx(0.37)
    assert pk.rate_constant_to_clearance_L_per_h(0.1, 50.0) == pytest.approx(5.0)


def test_half_life_uses_natural_log_not_log10():
    assert pk.rate_constant_to_half_life_h(1.0) == pytest.approx(0.6931, abs=1e-4)
    assert pk.rate_constant_to_half_life_h(1.0) != pytest.approx(math.log10(2), abs=1e-3)


def test_iv_bolus_halves_every_half_life():
    t_half = pk.rate_constant_to_half_life_h(K)
    c = pk.iv_bolus_conc_mg_per_L(np.array([0.0, t_half, 2 * t_half]), 100.0, V, CL)
    np.testing.assert_allclose(c, [2.0, 1.0, 0.5])


@pytest.mark.parametrize("route", ["iv", "oral"])
def test_auc_equals_f_dose_over_cl(route):
    if route == "iv":
        auc, _ = quad(lambda t: pk.iv_bolus_conc_mg_per_L(t, 100.0, V, CL), 0, np.inf)
        expected = pk.auc_inf_mg_h_per_L(100.0, CL)
    else:
        auc, _ = quad(lambda t: pk.oral_conc_mg_per_L(t, 100.0, V, CL, KA, F), 0, np.inf, limit=200)
        expected = pk.auc_inf_mg_h_per_L(100.0, CL, F)
    assert auc == pytest.approx(expected, rel=1e-8)
    assert pk.apparent_clearance_L_per_h(100.0, auc) == pytest.approx(CL / (F if route == "oral" else 1))


def test_oral_matches_textbook_formula_and_ka_equals_k_limit():
    t = np.linspace(0, 48, 97)
    textbook = F * 100 * KA / (V * (KA - K)) * (np.exp(-K * t) - np.exp(-KA * t))
    np.testing.assert_allclose(pk.oral_conc_mg_per_L(t, 100, V, CL, KA, F), textbook, rtol=1e-12, atol=1e-15)
    limit = F * 100 * K / V * t * np.exp(-K * t)
    np.testing.assert_allclose(pk.oral_conc_mg_per_L(t, 100, V, CL, K, F), limit, rtol=1e-12)
    nearly = pk.oral_conc_mg_per_L(t, 100, V, CL, K * (1 + 1e-9), F)
    np.testing.assert_allclose(nearly, limit, rtol=1e-8)


def test_flip_flop_is_finite_at_long_times():
    c = pk.oral_conc_mg_per_L(np.array([2000.0]), 100.0, 10.0, 10.0, 0.01)  # ka << k, k = 1/h
    assert np.all(np.isfinite(c)) and c[0] > 0


def test_superposition_of_two_doses():
    t = np.linspace(0, 72, 145)
    both = pk.multiple_dose_conc_mg_per_L(t, [0.0, 12.0], 100.0, V, CL, KA, F)
    separate = pk.oral_conc_mg_per_L(t, 100, V, CL, KA, F) + np.where(
        t >= 12, pk.oral_conc_mg_per_L(np.clip(t - 12, 0, None), 100, V, CL, KA, F), 0.0
    )
    np.testing.assert_allclose(both, separate, rtol=1e-12)


def test_multiple_iv_doses_reach_textbook_steady_state():
    tau = 8.0
    times = np.arange(0, 30 * tau, tau)
    ss = pk.steady_state(100.0, tau, V, CL)
    just_after = pk.multiple_dose_conc_mg_per_L(times[-1], times, 100.0, V, CL)
    just_before = pk.multiple_dose_conc_mg_per_L(times[-1] - 1e-9, times, 100.0, V, CL)
    assert just_after == pytest.approx(ss.cmax_mg_per_L, rel=1e-9)
    assert just_before == pytest.approx(ss.cmin_mg_per_L, rel=1e-7)
    assert ss.cavg_mg_per_L == pytest.approx(100.0 / (CL * tau))
    assert ss.accumulation_ratio == pytest.approx(1 / (1 - math.exp(-K * tau)))


@pytest.mark.parametrize("ka", [KA, K, 0.03])
def test_oral_steady_state_matches_brute_force_superposition(ka):
    tau = 12.0
    n = 80
    times = np.arange(n) * tau
    t = np.linspace(times[-1], times[-1] + tau, 4001)
    c = pk.multiple_dose_conc_mg_per_L(t, times, 100.0, V, CL, ka, F)
    ss = pk.steady_state(100.0, tau, V, CL, ka, F)
    assert ss.cmax_mg_per_L == pytest.approx(c.max(), rel=1e-6)
    assert ss.cmin_mg_per_L == pytest.approx(c[-1], rel=1e-6)
    assert ss.cavg_mg_per_L == pytest.approx(np.trapezoid(c, t) / tau, rel=1e-5)
    assert ss.tmax_h == pytest.approx(t[np.argmax(c)] - times[-1], abs=2 * tau / 4000)


def test_accumulation_every_half_life_is_two():
    assert pk.accumulation_ratio(math.log(2) / 6.0, 6.0) == pytest.approx(2.0)


def test_auc_scales_linearly():
    assert pk.scale_auc_to_dose(2.5, 0.1, 100.0) == pytest.approx(2500.0)


@settings(max_examples=60, deadline=None)
@given(
    dose=st.floats(0.01, 1e4),
    cl=st.floats(0.1, 500),
    vol=st.floats(1, 5000),
    ka=st.floats(0.01, 10),
    f=st.floats(0.01, 1.0),
)
def test_property_auc_proportional_to_dose(dose, cl, vol, ka, f):
    a1 = pk.auc_inf_mg_h_per_L(dose, cl, f)
    a2 = pk.auc_inf_mg_h_per_L(3 * dose, cl, f)
    assert a2 == pytest.approx(3 * a1, rel=1e-12)
    ss = pk.steady_state(dose, 24.0, vol, cl, ka, f)
    assert ss.cmin_mg_per_L <= ss.cavg_mg_per_L * (1 + 1e-9) <= ss.cmax_mg_per_L * (1 + 1e-9)


BAD = [(-1.0, ValueError), (float("nan"), ValueError), (float("inf"), ValueError), ("x", TypeError), (None, TypeError)]


@pytest.mark.parametrize("bad,exc", BAD)
@pytest.mark.parametrize(
    "func,kwargs,param",
    [
        (pk.elimination_rate_constant_per_h, dict(clearance_L_per_h=5, volume_L=50), "volume_L"),
        (pk.rate_constant_to_half_life_h, dict(k_per_h=0.1), "k_per_h"),
        (pk.half_life_to_rate_constant_per_h, dict(half_life_h=5), "half_life_h"),
        (pk.rate_constant_to_clearance_L_per_h, dict(k_per_h=0.1, volume_L=50), "k_per_h"),
        (pk.iv_bolus_conc_mg_per_L, dict(time_h=1, dose_mg=100, volume_L=50, clearance_L_per_h=5), "time_h"),
        (pk.oral_conc_mg_per_L, dict(time_h=1, dose_mg=100, volume_L=50, clearance_L_per_h=5, ka_per_h=1), "ka_per_h"),
        (
            pk.multiple_dose_conc_mg_per_L,
            dict(time_h=[1, 2], dose_times_h=[0, 1], dose_mg=10, volume_L=50, clearance_L_per_h=5),
            "dose_mg",
        ),
        (pk.auc_inf_mg_h_per_L, dict(dose_mg=100, clearance_L_per_h=5), "clearance_L_per_h"),
        (pk.apparent_clearance_L_per_h, dict(dose_mg=100, auc_mg_h_per_L=20), "auc_mg_h_per_L"),
        (pk.scale_auc_to_dose, dict(auc=2, measured_dose_mg=0.1, target_dose_mg=100), "measured_dose_mg"),
        (pk.accumulation_ratio, dict(k_per_h=0.1, tau_h=24), "tau_h"),
        (pk.steady_state, dict(dose_mg=100, tau_h=24, volume_L=50, clearance_L_per_h=5), "volume_L"),
    ],
)
def test_bad_input_names_the_parameter(func, kwargs, param, bad, exc):
    with pytest.raises(exc, match=param):
        func(**{**kwargs, param: bad})


def test_bioavailability_as_percent_is_rejected():
    with pytest.raises(ValueError, match=r"bioavailability.*not a percentage"):
        pk.oral_conc_mg_per_L(1.0, 100, 50, 5, 1.0, bioavailability=60)


def test_shape_errors():
    with pytest.raises(ValueError, match="dose_mg"):
        pk.multiple_dose_conc_mg_per_L([1.0], [0.0, 12.0], [1.0, 2.0, 3.0], 50, 5)
    with pytest.raises(ValueError, match="dose_times_h"):
        pk.multiple_dose_conc_mg_per_L([1.0], [[0.0, 12.0]], 1.0, 50, 5)


def test_iv_bolus_ignores_bioavailability_in_both_functions():
    times = np.arange(0, 20 * 8.0, 8.0)
    c = pk.multiple_dose_conc_mg_per_L(times[-1], times, 100.0, V, CL, bioavailability=0.3)
    assert c == pytest.approx(pk.steady_state(100.0, 8.0, V, CL, bioavailability=0.3).cmax_mg_per_L, rel=1e-6)
