"""Tests for microdose.nonlinear: Michaelis–Menten and mechanism-based inactivation."""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad, simpson, solve_ivp
from scipy.special import lambertw

from microdose import nonlinear as nl
from microdose import units
from microdose.nonlinear import (
    CYP3A4_DEGRADATION_HALF_LIFE_H,
    MBIResult,
    linear_extrapolation_error,
    mbi_clearance_L_per_h,
    mbi_enzyme_fraction_constant_exposure,
    mbi_exposure_ratio,
    mbi_repeated_dosing,
    mbi_steady_state_enzyme_fraction,
    mm_clearance_L_per_h,
    mm_elimination_rate_mg_per_h,
    mm_exposure_vs_dose,
    mm_iv_bolus_auc,
    mm_iv_bolus_auc_per_dose,
    mm_iv_bolus_conc_lambertw,
    mm_iv_bolus_conc_ode,
    mm_oral_conc_ode,
)

KDEG_CYP3A4 = math.log(2) / 72.0


def one_compartment_oral(t, dose, volume, k, ka, f):
    """Analytic linear one-compartment oral profile (Bateman function), zero for t < 0."""
    t = np.asarray(t, dtype=float)
    tp = np.clip(t, 0.0, None)
    c = f * dose * ka / (volume * (ka - k)) * (np.exp(-k * tp) - np.exp(-ka * tp))
    return np.where(t >= 0.0, c, 0.0)


def one_compartment_oral_integral(a, b, dose, volume, k, ka, f):
    """Integral of the Bateman function between a >= 0 and b."""
    scale = f * dose * ka / (volume * (ka - k))
    return scale * ((np.exp(-k * a) - np.exp(-k * b)) / k - (np.exp(-ka * a) - np.exp(-ka * b)) / ka)


# ---------------------------------------------------------------------------
# Michaelis-Menten: rates, clearance, hand-derived values
# ---------------------------------------------------------------------------


def test_rate_and_clearance_at_km_are_half_maximal():
    vmax, km = 12.0, 3.0
    assert mm_elimination_rate_mg_per_h(km, vmax, km) == pytest.approx(vmax / 2, rel=1e-15)
    assert mm_clearance_L_per_h(km, vmax, km) == pytest.approx(0.5 * vmax / km, rel=1e-15)
    # C = 3 Km: 3/4 of Vmax; clearance Vmax/(4 Km).
    assert mm_elimination_rate_mg_per_h(3 * km, vmax, km) == pytest.approx(0.75 * vmax)
    assert mm_clearance_L_per_h(3 * km, vmax, km) == pytest.approx(vmax / (4 * km))


def test_clearance_tends_to_intrinsic_clearance_at_low_concentration():
    vmax, km = 12.0, 3.0
    assert mm_clearance_L_per_h(0.0, vmax, km) == vmax / km
    assert mm_clearance_L_per_h(1e-9, vmax, km) == pytest.approx(vmax / km, rel=1e-9)
    # rate = clearance * concentration everywhere
    c = np.array([0.0, 0.1, 3.0, 300.0])
    np.testing.assert_allclose(
        mm_elimination_rate_mg_per_h(c, vmax, km), mm_clearance_L_per_h(c, vmax, km) * c, rtol=1e-15
    )


def test_rate_and_clearance_broadcast_and_return_floats():
    assert isinstance(mm_clearance_L_per_h(1.0, 2.0, 3.0), float)
    out = mm_elimination_rate_mg_per_h(np.array([[0.5], [5.0]]), np.array([1.0, 2.0, 4.0]), 5.0)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out[1], [0.5, 1.0, 2.0])


# ---------------------------------------------------------------------------
# IV bolus: Lambert W closed form vs ODE
# ---------------------------------------------------------------------------

# (C0/Km, Km mg/L, V L, Vmax mg/h); chosen so C(48 h) is still >= 0.5 % of C0.
REGIMES = {
    "C0<<Km": (1e-4, 10.0, 20.0, 20.0),
    "C0~Km": (1.0, 10.0, 20.0, 20.0),
    "C0=100Km": (100.0, 10.0, 20.0, 380.0),
}


@pytest.mark.parametrize("regime", list(REGIMES), ids=list(REGIMES))
def test_ode_agrees_with_lambertw(regime):
    ratio, km, vol, vmax = REGIMES[regime]
    dose = ratio * km * vol
    t = np.linspace(0.0, 48.0, 97)
    closed = mm_iv_bolus_conc_lambertw(t, dose, vol, vmax, km)
    numeric = mm_iv_bolus_conc_ode(t, dose, vol, vmax, km)
    assert closed[0] == pytest.approx(dose / vol, rel=1e-14)
    assert closed[-1] > 5e-3 * closed[0]  # the comparison is not against ~0
    np.testing.assert_allclose(numeric, closed, rtol=1e-8, atol=0)


def test_lambertw_satisfies_wagner_integrated_equation():
    # Km ln(C/C0) + (C - C0) = -(Vmax/V) t, for doses up to C0/Km = 1e8.
    km, vol, vmax = 2.0, 10.0, 50.0
    t = np.linspace(0.0, 200.0, 41)
    for ratio in [1e-6, 0.3, 7.0, 1e4, 1e8]:
        c0 = ratio * km
        horizon = np.linspace(0.0, 1.2 * (c0 + km * 10) * vol / vmax, 41)
        for times in (t, horizon):
            c = mm_iv_bolus_conc_lambertw(times, c0 * vol, vol, vmax, km)
            visible = c > 1e-200
            lhs = km * np.log(c[visible] / c0) + (c[visible] - c0)
            rhs = -(vmax / vol) * times[visible]
            np.testing.assert_allclose(lhs, rhs, rtol=1e-12, atol=1e-12 * (c0 + km))


def test_lambertw_large_dose_no_overflow_or_warning():
    km, vol, vmax = 1.0, 10.0, 100.0
    t = np.linspace(0.0, 2000.0, 201)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = mm_iv_bolus_conc_lambertw(t, 1e4 * km * vol, vol, vmax, km)
        huge = mm_iv_bolus_conc_lambertw(t, 1e12 * km * vol, vol, vmax, km)
    assert np.all(np.isfinite(c)) and np.all(np.isfinite(huge))
    assert c[0] == pytest.approx(1e4, rel=1e-14)
    assert huge[0] == pytest.approx(1e12, rel=1e-14)
    assert np.all(np.diff(c) <= 0) and np.all(np.diff(c[c > 1e-300]) < 0)
    # Early on, C falls at (almost) the maximal rate Vmax/V (zero-order kinetics).
    assert c[0] - c[1] == pytest.approx(vmax / vol * 10.0, rel=1e-3)


def test_lambertw_of_exp_matches_scipy_where_exp_is_representable():
    log_x = np.r_[np.linspace(-40.0, 700.0, 2001), 0.999999, 1.0, 1.000001]
    expected = lambertw(np.exp(log_x)).real
    np.testing.assert_allclose(nl._lambertw_of_exp(log_x), expected, rtol=4e-15, atol=0)


def test_lambertw_dose_array_broadcasts_to_dose_by_time():
    t = np.linspace(0.0, 24.0, 25)
    doses = np.array([0.1, 100.0, 1e5])
    out = mm_iv_bolus_conc_lambertw(t, doses, 10.0, 30.0, 4.0)
    assert out.shape == (3, 25)
    for row, dose in zip(out, doses):
        np.testing.assert_array_equal(row, mm_iv_bolus_conc_lambertw(t, dose, 10.0, 30.0, 4.0))
    ode = mm_iv_bolus_conc_ode(t[:5], doses[:2], 10.0, 30.0, 4.0)
    assert ode.shape == (2, 5)
    np.testing.assert_allclose(ode, out[:2, :5], rtol=1e-8)


def test_ode_time_zero_only_and_custom_atol():
    assert mm_iv_bolus_conc_ode([0.0], 50.0, 10.0, 5.0, 1.0).tolist() == [5.0]
    t = np.linspace(0.0, 10.0, 11)
    coarse = mm_iv_bolus_conc_ode(t, 50.0, 10.0, 5.0, 1.0, rtol=1e-4, atol=1e-3)
    exact = mm_iv_bolus_conc_lambertw(t, 50.0, 10.0, 5.0, 1.0)
    np.testing.assert_allclose(coarse, exact, rtol=1e-2, atol=1e-2)


def test_linear_limit_is_monoexponential():
    km, vol, vmax = 100.0, 40.0, 200.0
    dose = 1e-6 * km * vol  # C0/Km = 1e-6
    t = np.linspace(0.0, 48.0, 49)
    k = vmax / (vol * km)
    expected = dose / vol * np.exp(-k * t)
    np.testing.assert_allclose(mm_iv_bolus_conc_lambertw(t, dose, vol, vmax, km), expected, rtol=1.1e-6)
    np.testing.assert_allclose(mm_iv_bolus_conc_ode(t, dose, vol, vmax, km), expected, rtol=1.1e-6)
    # ...whereas at C0 = Km the linear model is far off.
    sat = mm_iv_bolus_conc_lambertw(t, km * vol, vol, vmax, km)
    assert sat[-1] > 2.0 * km * np.exp(-k * 48.0)


# ---------------------------------------------------------------------------
# AUC, dose proportionality, linear extrapolation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("ratio", [1e-4, 1.0, 100.0, 1e4])
def test_closed_form_auc_equals_quadrature_of_lambertw_curve(ratio):
    km, vol, vmax = 2.0, 5.0, 3.0
    c0 = ratio * km
    dose = c0 * vol

    def conc(t):
        return mm_iv_bolus_conc_lambertw(np.array([t]), dose, vol, vmax, km)[0]

    # Split where C = Km (end of the near zero-order phase) for good quadrature.
    t_km = max(vol / vmax * (c0 - km + km * math.log(c0 / km)), 0.0)
    head = quad(conc, 0.0, t_km, epsabs=0, epsrel=1e-12, limit=200)[0] if t_km > 0 else 0.0
    tail = quad(conc, t_km, np.inf, epsabs=0, epsrel=1e-12, limit=200)[0]
    auc = mm_iv_bolus_auc(dose, vol, vmax, km)
    assert auc == pytest.approx(vol / vmax * (km * c0 + c0**2 / 2), rel=1e-15)
    assert head + tail == pytest.approx(auc, rel=1e-8)


def test_dose_normalised_auc_flat_at_low_dose_rising_at_high_dose():
    km, vol, vmax = 5.0, 50.0, 100.0
    doses = np.logspace(-4, 4, 33)  # mg; C0 from 2e-6 to 200 mg/L
    dn = mm_iv_bolus_auc_per_dose(doses, vol, vmax, km)
    np.testing.assert_allclose(dn, mm_iv_bolus_auc(doses, vol, vmax, km) / doses, rtol=1e-14)
    low = dn[doses / vol < 1e-3 * km]
    assert low.size >= 5
    np.testing.assert_allclose(low, km / vmax, rtol=1e-3)  # flat: 1/CL_int
    assert np.all(np.diff(dn) > 0)
    # Hand-derived: at C0 = 2 Km the dose-normalised AUC is exactly twice 1/CL_int.
    assert mm_iv_bolus_auc_per_dose(2 * km * vol, vol, vmax, km) == pytest.approx(2 * km / vmax)


def test_linear_extrapolation_error_closed_form_and_definition():
    km, vol, vmax = 1.0, 50.0, 20.0
    micro = 0.1  # 100 µg
    ther = np.array([0.1, 10.0, 50.0, 100.0, 500.0])
    err = linear_extrapolation_error(micro, ther, vol, vmax, km)
    definition = mm_iv_bolus_auc(ther, vol, vmax, km) / (mm_iv_bolus_auc(micro, vol, vmax, km) * ther / micro) - 1.0
    np.testing.assert_allclose(err, definition, rtol=1e-12, atol=1e-15)
    closed = (ther / vol - micro / vol) / (2 * km + micro / vol)
    np.testing.assert_allclose(err, closed, rtol=1e-14)
    assert err[0] == 0.0
    assert err[-1] == pytest.approx(9.998 / 2.002, rel=1e-12)  # (C0t - C0m)/(2Km + C0m): ~5x
    # A therapeutic dose still far below Km is predicted well by the microdose.
    # 100 mg, Km = 10 g/L: C0 = 2 mg/L = 2e-4 Km -> error ≈ C0/(2 Km) = 1e-4.
    small = linear_extrapolation_error(micro, 100.0, vol, vmax, 1e4)
    assert small == pytest.approx((2.0 - 0.002) / (2e4 + 0.002), rel=1e-12)
    assert 0.0 < small < 1.1e-4


# ---------------------------------------------------------------------------
# Oral input
# ---------------------------------------------------------------------------

LINEAR_ORAL = dict(volume_L=30.0, km_mg_per_L=1e9, ka_per_h=1.3, bioavailability=0.6)
K_LINEAR = 0.15  # 1/h


def test_oral_linear_regime_matches_bateman():
    vmax = K_LINEAR * LINEAR_ORAL["km_mg_per_L"] * LINEAR_ORAL["volume_L"]
    t = np.linspace(0.0, 48.0, 97)
    c = mm_oral_conc_ode(t, 100.0, vmax_mg_per_h=vmax, **LINEAR_ORAL)
    expected = one_compartment_oral(t, 100.0, 30.0, K_LINEAR, 1.3, 0.6)
    np.testing.assert_allclose(c, expected, rtol=1e-6, atol=1e-12 * expected.max())


def test_oral_repeated_doses_superpose_in_linear_regime():
    vmax = K_LINEAR * LINEAR_ORAL["km_mg_per_L"] * LINEAR_ORAL["volume_L"]
    dose_times = np.array([0.0, 12.0, 24.0, 36.0])
    doses = np.array([100.0, 50.0, 100.0, 200.0])
    t = np.linspace(0.0, 60.0, 137)  # not aligned with the dose times
    c = mm_oral_conc_ode(t, doses, vmax_mg_per_h=vmax, dose_times_h=dose_times, **LINEAR_ORAL)
    expected = sum(one_compartment_oral(t - td, d, 30.0, K_LINEAR, 1.3, 0.6) for td, d in zip(dose_times, doses))
    np.testing.assert_allclose(c, expected, rtol=1e-6, atol=1e-12 * expected.max())
    same = mm_oral_conc_ode(t, 100.0, vmax_mg_per_h=vmax, dose_times_h=dose_times, **LINEAR_ORAL)
    expected_same = sum(one_compartment_oral(t - td, 100.0, 30.0, K_LINEAR, 1.3, 0.6) for td in dose_times)
    np.testing.assert_allclose(same, expected_same, rtol=1e-6, atol=1e-12 * expected.max())


def test_oral_before_first_dose_is_zero_and_saturation_breaks_superposition():
    t = np.array([0.0, 1.0, 5.0, 6.0, 12.0])
    args = dict(volume_L=10.0, vmax_mg_per_h=5.0, km_mg_per_L=1.0, ka_per_h=2.0)
    one = mm_oral_conc_ode(t, 100.0, dose_times_h=[5.0], **args)
    assert one[0] == 0.0 and one[1] == 0.0 and one[2] == 0.0 and one[3] > 1.0
    # Saturable drug: a dose on top of a previous one raises concentrations by
    # more than the sum of the two single-dose profiles (no superposition).
    two = mm_oral_conc_ode(t, 100.0, dose_times_h=[0.0, 5.0], **args)
    linear_two = one + mm_oral_conc_ode(t, 100.0, dose_times_h=[0.0], **args)
    assert linear_two[-1] > 1.0
    assert two[-1] > 1.05 * linear_two[-1]


def test_exposure_iv_branch_vectorised_closed_form():
    doses = np.array([0.1, 1.0, 10.0, 100.0, 1000.0])
    auc = mm_exposure_vs_dose(doses, 20.0, 40.0, 2.0)
    np.testing.assert_allclose(auc, mm_iv_bolus_auc(doses, 20.0, 40.0, 2.0), rtol=1e-15)
    auc_f = mm_exposure_vs_dose(doses, 20.0, 40.0, 2.0, bioavailability=0.5)
    np.testing.assert_allclose(auc_f, mm_iv_bolus_auc(0.5 * doses, 20.0, 40.0, 2.0), rtol=1e-15)


def test_exposure_oral_linear_limit_and_fast_absorption_limit():
    vol, km, vmax = 20.0, 2.0, 40.0
    # Linear regime (C << Km): AUC = F·dose·Km/Vmax whatever ka is.
    auc_lin = mm_exposure_vs_dose([1e-4, 1e-3], vol, vmax, 1e6, ka_per_h=0.7, bioavailability=0.4)
    np.testing.assert_allclose(auc_lin, 0.4 * np.array([1e-4, 1e-3]) * 1e6 / vmax, rtol=1e-8)
    doses = np.array([1.0, 100.0, 1000.0])
    iv = mm_exposure_vs_dose(doses, vol, vmax, km)
    fast = mm_exposure_vs_dose(doses, vol, vmax, km, ka_per_h=1e4)
    slow = mm_exposure_vs_dose(doses, vol, vmax, km, ka_per_h=0.5)
    np.testing.assert_allclose(fast, iv, rtol=1e-3)
    linear = doses * km / vmax
    assert np.all(slow < iv) and np.all(slow > linear)
    assert np.all(np.diff(slow / doses) > 0)


def test_exposure_oral_equals_integral_of_oral_profile():
    vol, km, vmax, ka = 20.0, 2.0, 40.0, 0.8
    dose = 300.0
    auc = mm_exposure_vs_dose(dose, vol, vmax, km, ka_per_h=ka, bioavailability=0.9)
    assert isinstance(auc, float)
    t = np.linspace(0.0, 120.0, 4001)
    c = mm_oral_conc_ode(t, dose, vol, vmax, km, ka, 0.9, rtol=1e-10)
    tail = vol / vmax * c[-1] * (km + c[-1] / 2)  # negligible, gut is empty
    assert simpson(c, x=t) + tail == pytest.approx(auc, rel=1e-7)


# ---------------------------------------------------------------------------
# Mechanism-based inactivation
# ---------------------------------------------------------------------------


def test_steady_state_enzyme_fraction_hand_values():
    assert mbi_steady_state_enzyme_fraction(0.0, 0.05, 1.0, KDEG_CYP3A4) == 1.0
    assert mbi_steady_state_enzyme_fraction(5.0, 0.0, 1.0, KDEG_CYP3A4) == 1.0
    # I = KI: half-maximal inactivation rate kinact/2.
    assert mbi_steady_state_enzyme_fraction(2.0, 0.1, 2.0, 0.01) == pytest.approx(0.01 / 0.06)
    out = mbi_steady_state_enzyme_fraction(np.array([0.0, 1.0, 1e6]), 0.05, 1.0, 0.01)
    np.testing.assert_allclose(out, [1.0, 0.01 / 0.035, 0.01 / (0.01 + 0.05 * 1e6 / (1e6 + 1))])
    assert np.all(np.diff(out) < 0)


def test_default_degradation_constant():
    assert CYP3A4_DEGRADATION_HALF_LIFE_H == 72.0
    import inspect

    default = inspect.signature(mbi_repeated_dosing).parameters["kdeg_per_h"].default
    assert default == pytest.approx(math.log(2) / 72.0, rel=1e-15)


def test_mbi_clearance_parallel_pathways():
    assert mbi_clearance_L_per_h(0.5, 20.0, 0.9) == pytest.approx(20.0 * (0.1 + 0.45))
    assert mbi_clearance_L_per_h(0.0, 20.0, 1.0) == 0.0
    assert mbi_clearance_L_per_h(0.3, 20.0, 0.0) == 20.0
    out = mbi_clearance_L_per_h(np.array([1.0, 0.5, 0.1]), 10.0, 0.8)
    np.testing.assert_allclose(out, [10.0, 6.0, 2.8])


def test_constant_exposure_closed_form_matches_ode_and_tends_to_steady_state():
    i_u, kinact, ki, kdeg = 1.5, 0.05, 1.0, KDEG_CYP3A4
    t = np.linspace(0.0, 1000.0, 101)
    closed = mbi_enzyme_fraction_constant_exposure(t, i_u, kinact, ki, kdeg)
    sol = solve_ivp(
        lambda _t, e: kdeg * (1 - e) - kinact * i_u / (ki + i_u) * e,
        (0.0, 1000.0),
        [1.0],
        t_eval=t,
        rtol=1e-11,
        atol=1e-13,
    )
    np.testing.assert_allclose(closed, sol.y[0], rtol=1e-8)
    e_ss = mbi_steady_state_enzyme_fraction(i_u, kinact, ki, kdeg)
    assert closed[0] == 1.0
    assert closed[-1] == pytest.approx(e_ss, rel=1e-10)


MBI_BASE = dict(
    volume_L=100.0,
    clearance_L_per_h=20.0,
    ka_per_h=1.0,
    bioavailability=0.8,
    fraction_unbound=0.2,
    mw_g_per_mol=400.0,
    ki_uM=1.0,
)


def test_mbi_without_inactivation_is_linear_pk():
    n, tau, dose, ppi = 10, 24.0, 200.0, 48
    res = mbi_repeated_dosing(dose, tau, n, kinact_per_h=0.0, points_per_interval=ppi, **MBI_BASE)
    assert res.time_h.shape == (n * ppi + 1,)
    assert res.time_h[-1] == pytest.approx(n * tau)
    np.testing.assert_array_equal(res.enzyme_fraction, 1.0)
    np.testing.assert_array_equal(res.clearance_L_per_h, 20.0)
    np.testing.assert_array_equal(res.clearance_at_dose_L_per_h, 20.0)
    k = 20.0 / 100.0
    expected = sum(one_compartment_oral(res.time_h - j * tau, dose, 100.0, k, 1.0, 0.8) for j in range(n))
    np.testing.assert_allclose(res.conc_mg_per_L, expected, rtol=1e-6, atol=1e-9 * expected.max())
    auc_expected = [
        sum(
            one_compartment_oral_integral(i * tau - j * tau, (i + 1) * tau - j * tau, dose, 100.0, k, 1.0, 0.8)
            for j in range(i + 1)
        )
        for i in range(n)
    ]
    np.testing.assert_allclose(res.auc_per_interval_mg_h_per_L, auc_expected, rtol=1e-6)
    troughs = [expected[(i + 1) * ppi] for i in range(n)]
    np.testing.assert_allclose(res.trough_mg_per_L, troughs, rtol=1e-6)
    # Accumulation: interval AUC rises to the linear steady-state value F·dose/CL0.
    ratio = res.auc_ratio_to_uninhibited_ss
    assert res.uninhibited_auc_tau_mg_h_per_L == pytest.approx(0.8 * dose / 20.0)
    assert ratio[0] < 0.99 and np.all(np.diff(ratio) > -1e-10)
    assert ratio[-1] == pytest.approx(1.0, rel=1e-6)


def test_mbi_near_constant_exposure_reaches_analytic_steady_state():
    # Hourly dosing, slow absorption and fm = 0 (clearance unaffected): almost
    # constant concentration Css = F·dose/(CL·tau) = 1 mg/L -> I_u = 1 µM.
    res = mbi_repeated_dosing(
        20.0,
        1.0,
        720,
        volume_L=100.0,
        clearance_L_per_h=20.0,
        ka_per_h=0.2,
        bioavailability=1.0,
        fraction_unbound=0.5,
        mw_g_per_mol=500.0,
        kinact_per_h=0.05,
        ki_uM=1.0,
        fraction_metabolised=0.0,
        points_per_interval=2,
    )
    tail = res.conc_mg_per_L[-100:]
    assert tail.max() - tail.min() < 0.01
    e_ss = mbi_steady_state_enzyme_fraction(1.0, 0.05, 1.0, KDEG_CYP3A4)
    assert res.enzyme_fraction[-1] == pytest.approx(e_ss, rel=1e-4)
    np.testing.assert_array_equal(res.clearance_L_per_h, 20.0)


@pytest.fixture(scope="module")
def realistic_mbi():
    """Daily 200 mg for 30 days: peak unbound ≈ 0.7 µM, kinact 0.05/h, KI 1 µM, fm 0.9."""
    return mbi_repeated_dosing(200.0, 24.0, 30, kinact_per_h=0.05, fraction_metabolised=0.9, **MBI_BASE)


def test_mbi_realistic_clearance_falls_and_exposure_exceeds_linear(realistic_mbi):
    res = realistic_mbi
    unbound_peak = res.conc_mg_per_L.max() * 0.2 * 1000.0 / 400.0
    assert 0.5 < unbound_peak < 2.0
    cl_14 = res.clearance_at_dose_L_per_h[:14]
    assert cl_14[0] == 20.0
    assert np.all(np.diff(cl_14) < 0)  # monotone fall at trough
    assert np.all(np.diff(res.trough_mg_per_L[:14]) > 0)
    assert cl_14[-1] < 0.6 * 20.0
    # Bounded below by the steady state at the peak unbound concentration.
    e_floor = mbi_steady_state_enzyme_fraction(unbound_peak, 0.05, 1.0, KDEG_CYP3A4)
    assert np.all(res.enzyme_fraction >= e_floor - 1e-9)
    assert np.all(res.enzyme_fraction <= 1.0 + 1e-12)
    np.testing.assert_allclose(
        res.clearance_L_per_h, mbi_clearance_L_per_h(np.clip(res.enzyme_fraction, 0, 1), 20.0, 0.9), rtol=1e-12
    )
    assert mbi_exposure_ratio(res, 13) > 1.5  # day-14 AUC vs linear prediction
    assert mbi_exposure_ratio(res, 13) == res.auc_ratio_to_uninhibited_ss[13]
    assert mbi_exposure_ratio(res) == res.auc_ratio_to_uninhibited_ss[-1]
    # Interval AUC from the ODE agrees with quadrature of the output grid.
    i = 13
    sl = slice(i * 50, (i + 1) * 50 + 1)
    assert simpson(res.conc_mg_per_L[sl], x=res.time_h[sl]) == pytest.approx(
        res.auc_per_interval_mg_h_per_L[i], rel=1e-3
    )


def test_mbi_matches_independent_integration_of_the_coupled_model(realistic_mbi):
    # Same model written out here and integrated with a different solver (DOP853).
    vol, cl0, ka, f, fu, mw, kinact, ki, fm = 100.0, 20.0, 1.0, 0.8, 0.2, 400.0, 0.05, 1.0, 0.9

    def rhs(_t, y):
        gut, central, enzyme = y
        c = central / vol
        i_u = fu * c * 1000.0 / mw
        return [
            -ka * gut,
            ka * gut - cl0 * ((1 - fm) + fm * enzyme) * c,
            KDEG_CYP3A4 * (1 - enzyme) - kinact * i_u / (ki + i_u) * enzyme,
        ]

    state = np.array([0.0, 0.0, 1.0])
    conc, enzyme = [], []
    for k in range(7):
        state[0] += f * 200.0
        grid = np.linspace(24.0 * k, 24.0 * (k + 1), 51)
        sol = solve_ivp(rhs, grid[[0, -1]], state, method="DOP853", t_eval=grid, rtol=1e-11, atol=1e-12)
        conc.append(sol.y[1, :-1] / vol)
        enzyme.append(sol.y[2, :-1])
        state = sol.y[:, -1].copy()
    n = 7 * 50
    np.testing.assert_allclose(realistic_mbi.conc_mg_per_L[:n], np.concatenate(conc), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(realistic_mbi.enzyme_fraction[:n], np.concatenate(enzyme), rtol=1e-7)


def test_mbi_approach_to_new_steady_state_is_set_by_kdeg(realistic_mbi):
    cl_final = realistic_mbi.clearance_L_per_h[-1]
    trough_cl = realistic_mbi.clearance_at_dose_L_per_h
    # 5 enzyme half-lives (360 h = dose index 15): within 3 % of the final value...
    assert abs(trough_cl[15] / cl_final - 1) < 0.03
    # ...but after 2 days still far from it.
    assert trough_cl[2] / cl_final - 1 > 0.3
    # A 6x faster enzyme turnover (12 h half-life) settles within 3 days.
    fast = mbi_repeated_dosing(
        200.0, 24.0, 6, kinact_per_h=0.05, fraction_metabolised=0.9, kdeg_per_h=math.log(2) / 12.0, **MBI_BASE
    )
    assert abs(fast.clearance_at_dose_L_per_h[3] / fast.clearance_L_per_h[-1] - 1) < 0.01
    # ...and, with more enzyme resynthesis, a much smaller exposure increase.
    assert mbi_exposure_ratio(fast) < 1.2 < mbi_exposure_ratio(realistic_mbi)


def test_mbi_result_is_frozen_and_read_only():
    res = mbi_repeated_dosing(100.0, 12.0, 3, kinact_per_h=0.05, points_per_interval=5, **MBI_BASE)
    assert isinstance(res, MBIResult)
    for arr in (res.auc_per_interval_mg_h_per_L, res.trough_mg_per_L, res.clearance_at_dose_L_per_h, res.dose_times_h):
        assert arr.shape == (3,)
    np.testing.assert_allclose(res.dose_times_h, [0.0, 12.0, 24.0])
    np.testing.assert_allclose(res.time_h, np.linspace(0.0, 36.0, 16))
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.time_h = np.zeros(3)
    with pytest.raises(ValueError):
        res.conc_mg_per_L[0] = 1.0


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

pos = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    dose=st.floats(min_value=1e-6, max_value=1e6),
    vol=pos,
    vmax=pos,
    km=pos,
    factor=st.floats(min_value=1.001, max_value=1e3),
)
def test_property_mm_auc_exceeds_linear_and_grows_faster_than_dose(dose, vol, vmax, km, factor):
    auc = mm_iv_bolus_auc(dose, vol, vmax, km)
    assert auc >= dose * km / vmax  # linear AUC = dose/CL_int
    assert mm_iv_bolus_auc_per_dose(dose * factor, vol, vmax, km) > mm_iv_bolus_auc_per_dose(dose, vol, vmax, km)
    err = linear_extrapolation_error(dose, dose * factor, vol, vmax, km)
    assert err > 0
    assert err == pytest.approx(mm_iv_bolus_auc(dose * factor, vol, vmax, km) / (auc * factor) - 1, rel=1e-9, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    ratio=st.floats(min_value=1e-8, max_value=1e8),
    km=pos,
    vol=pos,
    vmax=pos,
    frac=st.floats(min_value=0.0, max_value=3.0),
)
def test_property_lambertw_solves_integrated_equation(ratio, km, vol, vmax, frac):
    c0 = ratio * km
    # times spanning the whole decline: up to 3x the time to fall to Km/1000
    t_end = vol / vmax * (c0 + km * (math.log1p(ratio * 1e3) + 1)) * max(frac, 1e-3)
    t = np.linspace(0.0, t_end, 9)
    c = mm_iv_bolus_conc_lambertw(t, c0 * vol, vol, vmax, km)
    assert np.all(np.isfinite(c)) and np.all(c >= 0) and np.all(c <= c0 * (1 + 1e-14))
    assert np.all(np.diff(c) <= 0)
    ok = c > 1e-250
    residual = km * np.log(c[ok] / c0) + c[ok] - c0 + vmax / vol * t[ok]
    assert np.all(np.abs(residual) <= 1e-11 * (c0 + km + vmax / vol * t[ok]))


@settings(max_examples=100, deadline=None)
@given(log_x=st.floats(min_value=1.0, max_value=1e12))
def test_property_log_space_lambertw_converges(log_x):
    w = nl._lambertw_of_exp(np.array([log_x]))[0]
    assert w > 0
    assert abs(w + math.log(w) - log_x) <= 1e-14 * log_x


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

T = np.linspace(0.0, 10.0, 5)
IV = dict(dose_mg=100.0, volume_L=10.0, vmax_mg_per_h=5.0, km_mg_per_L=1.0)
ORAL = dict(dose_mg=100.0, volume_L=10.0, vmax_mg_per_h=5.0, km_mg_per_L=1.0, ka_per_h=1.0)
MBI = dict(
    dose_mg=100.0,
    tau_h=24.0,
    n_doses=2,
    volume_L=100.0,
    clearance_L_per_h=20.0,
    ka_per_h=1.0,
    bioavailability=0.8,
    fraction_unbound=0.2,
    mw_g_per_mol=400.0,
    kinact_per_h=0.05,
    ki_uM=1.0,
)
RATE = dict(conc_mg_per_L=1.0, vmax_mg_per_h=5.0, km_mg_per_L=1.0)


def _with(base, **change):
    out = dict(base)
    out.update(change)
    return out


BAD_CALLS = [
    # (function, kwargs, exception, match)
    (mm_elimination_rate_mg_per_h, _with(RATE, conc_mg_per_L=-1.0), ValueError, "conc_mg_per_L.*mg/L.*-1.0"),
    (mm_elimination_rate_mg_per_h, _with(RATE, vmax_mg_per_h=0.0), ValueError, "vmax_mg_per_h.*mg/h"),
    (mm_elimination_rate_mg_per_h, _with(RATE, km_mg_per_L="2"), TypeError, "km_mg_per_L"),
    (
        mm_elimination_rate_mg_per_h,
        _with(RATE, conc_mg_per_L=[1.0, 2.0], vmax_mg_per_h=[1.0, 2.0, 3.0]),
        ValueError,
        "conc_mg_per_L.*vmax_mg_per_h",
    ),
    (
        nl.mm_steady_state_conc_mg_per_L,
        {"dose_rate_mg_per_h": -1.0, "vmax_mg_per_h": 20.0, "km_mg_per_L": 4.0},
        ValueError,
        "dose_rate_mg_per_h.*mg/h.*-1.0",
    ),
    (
        nl.mm_steady_state_conc_mg_per_L,
        {"dose_rate_mg_per_h": 1.0, "vmax_mg_per_h": 20.0, "km_mg_per_L": "4"},
        TypeError,
        "km_mg_per_L",
    ),
    (mm_clearance_L_per_h, _with(RATE, conc_mg_per_L=np.nan), ValueError, "conc_mg_per_L.*nan"),
    (mm_clearance_L_per_h, _with(RATE, km_mg_per_L=np.inf), ValueError, "km_mg_per_L.*inf"),
    (mm_clearance_L_per_h, _with(RATE, vmax_mg_per_h=None), TypeError, "vmax_mg_per_h"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=[0.0, -1.0]), ValueError, "time_h.*h"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=[2.0, 1.0]), ValueError, "time_h.*increasing"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=np.ones((2, 2))), ValueError, "time_h.*one-dimensional"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=T, dose_mg=0.0), ValueError, "dose_mg.*mg.*0.0"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=T, volume_L=-2.0), ValueError, "volume_L.*L.*-2.0"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=T, dose_mg=True), TypeError, "dose_mg"),
    (mm_iv_bolus_conc_lambertw, _with(IV, time_h=T, km_mg_per_L=1 + 2j), TypeError, "km_mg_per_L"),
    (mm_iv_bolus_conc_ode, _with(IV, time_h=T, vmax_mg_per_h=-5.0), ValueError, "vmax_mg_per_h"),
    (mm_iv_bolus_conc_ode, _with(IV, time_h=T, rtol=0.5), ValueError, "rtol"),
    (mm_iv_bolus_conc_ode, _with(IV, time_h=T, rtol=-1e-8), ValueError, "rtol"),
    (mm_iv_bolus_conc_ode, _with(IV, time_h=T, atol=0.0), ValueError, "atol.*mg/L"),
    (mm_iv_bolus_conc_ode, _with(IV, time_h="0 1 2"), TypeError, "time_h"),
    (mm_iv_bolus_auc, _with(IV, dose_mg=[1.0, -1.0]), ValueError, "dose_mg"),
    (mm_iv_bolus_auc, _with(IV, km_mg_per_L=0.0), ValueError, "km_mg_per_L"),
    (mm_iv_bolus_auc_per_dose, _with(IV, volume_L=np.nan), ValueError, "volume_L"),
    (
        mm_iv_bolus_auc_per_dose,
        _with(IV, dose_mg=[1.0, 2.0], volume_L=[1.0, 2.0, 3.0]),
        ValueError,
        "dose_mg.*volume_L",
    ),
    (
        linear_extrapolation_error,
        dict(microdose_mg=0.0, therapeutic_dose_mg=10.0, volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0),
        ValueError,
        "microdose_mg.*mg",
    ),
    (
        linear_extrapolation_error,
        dict(microdose_mg=0.1, therapeutic_dose_mg=-10.0, volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0),
        ValueError,
        "therapeutic_dose_mg.*mg",
    ),
    (
        linear_extrapolation_error,
        dict(microdose_mg=0.1, therapeutic_dose_mg=10.0, volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L="a"),
        TypeError,
        "km_mg_per_L",
    ),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, ka_per_h=0.0), ValueError, "ka_per_h.*1/h"),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, bioavailability=80.0), ValueError, "bioavailability.*fraction"),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, bioavailability=0.0), ValueError, "bioavailability"),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, dose_times_h=[0.0, 0.0]), ValueError, "dose_times_h"),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, dose_mg=[1.0, 2.0]), ValueError, "dose_mg.*dose_times_h"),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, volume_L=[1.0, 2.0]), ValueError, "volume_L.*single number"),
    (mm_oral_conc_ode, _with(ORAL, time_h=T, rtol=np.nan), ValueError, "rtol"),
    (
        mm_exposure_vs_dose,
        dict(doses_mg=[1.0, 0.0], volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0),
        ValueError,
        "doses_mg.*mg",
    ),
    (
        mm_exposure_vs_dose,
        dict(doses_mg=[1.0, -2.0], volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0, ka_per_h=1.0),
        ValueError,
        "dose_mg|doses_mg",
    ),
    (
        mm_exposure_vs_dose,
        dict(doses_mg=1.0, volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0, ka_per_h=-1.0),
        ValueError,
        "ka_per_h",
    ),
    (
        mm_exposure_vs_dose,
        dict(doses_mg=1.0, volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0, bioavailability=1.5),
        ValueError,
        "bioavailability",
    ),
    (
        mm_exposure_vs_dose,
        dict(doses_mg=np.ones((2, 2)), volume_L=1.0, vmax_mg_per_h=1.0, km_mg_per_L=1.0, ka_per_h=1.0),
        ValueError,
        "doses_mg.*1-D",
    ),
    (
        mbi_steady_state_enzyme_fraction,
        dict(unbound_conc_uM=-1.0, kinact_per_h=0.05, ki_uM=1.0, kdeg_per_h=0.01),
        ValueError,
        "unbound_conc_uM.*µM",
    ),
    (
        mbi_steady_state_enzyme_fraction,
        dict(unbound_conc_uM=1.0, kinact_per_h=-0.05, ki_uM=1.0, kdeg_per_h=0.01),
        ValueError,
        "kinact_per_h.*1/h",
    ),
    (
        mbi_steady_state_enzyme_fraction,
        dict(unbound_conc_uM=1.0, kinact_per_h=0.05, ki_uM=0.0, kdeg_per_h=0.01),
        ValueError,
        "ki_uM.*µM",
    ),
    (
        mbi_steady_state_enzyme_fraction,
        dict(unbound_conc_uM=1.0, kinact_per_h=0.05, ki_uM=1.0, kdeg_per_h=0.0),
        ValueError,
        "kdeg_per_h.*1/h",
    ),
    (
        mbi_enzyme_fraction_constant_exposure,
        dict(time_h=T, unbound_conc_uM=[1.0, 2.0], kinact_per_h=0.05, ki_uM=1.0, kdeg_per_h=0.01),
        ValueError,
        "unbound_conc_uM.*single number",
    ),
    (
        mbi_enzyme_fraction_constant_exposure,
        dict(time_h=[-1.0], unbound_conc_uM=1.0, kinact_per_h=0.05, ki_uM=1.0, kdeg_per_h=0.01),
        ValueError,
        "time_h",
    ),
    (
        mbi_enzyme_fraction_constant_exposure,
        dict(time_h=T, unbound_conc_uM=1.0, kinact_per_h=0.05, ki_uM=1.0, kdeg_per_h=np.inf),
        ValueError,
        "kdeg_per_h",
    ),
    (
        mbi_clearance_L_per_h,
        dict(enzyme_fraction=1.2, clearance_L_per_h=20.0, fraction_metabolised=0.9),
        ValueError,
        "enzyme_fraction.*fraction",
    ),
    (
        mbi_clearance_L_per_h,
        dict(enzyme_fraction=0.5, clearance_L_per_h=0.0, fraction_metabolised=0.9),
        ValueError,
        "clearance_L_per_h.*L/h",
    ),
    (
        mbi_clearance_L_per_h,
        dict(enzyme_fraction=0.5, clearance_L_per_h=20.0, fraction_metabolised=90.0),
        ValueError,
        "fraction_metabolised",
    ),
    (mbi_repeated_dosing, _with(MBI, dose_mg=-1.0), ValueError, "dose_mg.*mg"),
    (mbi_repeated_dosing, _with(MBI, dose_mg=[1.0, 2.0]), ValueError, "dose_mg.*single number"),
    (mbi_repeated_dosing, _with(MBI, tau_h=0.0), ValueError, "tau_h.*h"),
    (mbi_repeated_dosing, _with(MBI, n_doses=0), ValueError, "n_doses"),
    (mbi_repeated_dosing, _with(MBI, n_doses=2.5), ValueError, "n_doses"),
    (mbi_repeated_dosing, _with(MBI, n_doses="3"), TypeError, "n_doses"),
    (mbi_repeated_dosing, _with(MBI, volume_L=np.nan), ValueError, "volume_L"),
    (mbi_repeated_dosing, _with(MBI, clearance_L_per_h=-20.0), ValueError, "clearance_L_per_h.*L/h"),
    (mbi_repeated_dosing, _with(MBI, ka_per_h=None), TypeError, "ka_per_h"),
    (mbi_repeated_dosing, _with(MBI, bioavailability=1.01), ValueError, "bioavailability"),
    (mbi_repeated_dosing, _with(MBI, fraction_unbound=20.0), ValueError, "fraction_unbound"),
    (mbi_repeated_dosing, _with(MBI, mw_g_per_mol=0.0), ValueError, "mw_g_per_mol.*g/mol"),
    (mbi_repeated_dosing, _with(MBI, kinact_per_h=-0.1), ValueError, "kinact_per_h.*1/h"),
    (mbi_repeated_dosing, _with(MBI, ki_uM=np.inf), ValueError, "ki_uM.*µM"),
    (mbi_repeated_dosing, _with(MBI, kdeg_per_h=0.0), ValueError, "kdeg_per_h.*1/h"),
    (mbi_repeated_dosing, _with(MBI, fraction_metabolised=-0.1), ValueError, "fraction_metabolised"),
    (mbi_repeated_dosing, _with(MBI, points_per_interval=1), ValueError, "points_per_interval"),
]


@pytest.mark.parametrize(
    "func, kwargs, exc, match", BAD_CALLS, ids=[f"{f.__name__}-{i}" for i, (f, *_rest) in enumerate(BAD_CALLS)]
)
def test_bad_input_is_rejected_with_named_parameter(func, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        func(**kwargs)


def test_every_public_function_has_a_bad_input_case():
    covered = {f.__name__ for f, *_rest in BAD_CALLS} | {"mbi_exposure_ratio"}
    public = {name for name in nl.__all__ if callable(getattr(nl, name)) and not isinstance(getattr(nl, name), type)}
    assert public <= covered


def test_exposure_ratio_bad_input():
    res = mbi_repeated_dosing(100.0, 24.0, 2, kinact_per_h=0.05, points_per_interval=3, **MBI_BASE)
    with pytest.raises(TypeError, match="result"):
        mbi_exposure_ratio({"auc": 1.0})
    with pytest.raises(ValueError, match="interval"):
        mbi_exposure_ratio(res, 2)
    with pytest.raises(TypeError, match="interval"):
        mbi_exposure_ratio(res, 1.0)
    assert mbi_exposure_ratio(res, -2) == mbi_exposure_ratio(res, 0)


# -- Michaelis-Menten steady state under repeated dosing -----------------------------------------


def test_mm_steady_state_by_hand():
    # Km R / (Vmax - R) = 4 * 10 / (20 - 10) = 4 mg/L: half of Vmax is reached at C = Km
    assert nl.mm_steady_state_conc_mg_per_L(10.0, 20.0, 4.0) == pytest.approx(4.0)
    # R = 15 of Vmax 20: 4 * 15 / 5 = 12 mg/L
    assert nl.mm_steady_state_conc_mg_per_L(15.0, 20.0, 4.0) == pytest.approx(12.0)
    assert nl.mm_steady_state_conc_mg_per_L(0.0, 20.0, 4.0) == 0.0


def test_mm_steady_state_elimination_balances_the_dose_rate():
    rates = np.linspace(0.5, 19.5, 39)
    css = nl.mm_steady_state_conc_mg_per_L(rates, 20.0, 4.0)
    np.testing.assert_allclose(nl.mm_elimination_rate_mg_per_h(css, 20.0, 4.0), rates, rtol=1e-12)


def test_mm_steady_state_is_linear_at_microdose_rates():
    """R << Vmax: Css = R / (Vmax/Km), the intrinsic clearance a microdose measures."""
    rate = 1e-4
    assert nl.mm_steady_state_conc_mg_per_L(rate, 20.0, 4.0) == pytest.approx(rate / (20.0 / 4.0), rel=1e-5)


def test_mm_steady_state_phenytoin_like_dose_increase():
    """Vmax 7 mg/kg/day x 70 kg, Km 4 mg/L (Winter 2010): 300 -> 400 mg/day (+33 %) gives 2.8x the level."""
    vmax = 7.0 * 70.0 / units.HOURS_PER_DAY
    low, high = nl.mm_steady_state_conc_mg_per_L(np.array([300.0, 400.0]) / units.HOURS_PER_DAY, vmax, 4.0)
    assert low == pytest.approx(4.0 * 300.0 / 190.0)
    assert high / low == pytest.approx((400.0 / 90.0) / (300.0 / 190.0))
    assert high / low > 2.5


@pytest.mark.parametrize("rate", [20.0, 25.0, [5.0, 20.0]])
def test_mm_steady_state_refuses_a_rate_at_or_above_vmax(rate):
    with pytest.raises(ValueError, match=r"dose_rate_mg_per_h = 20\.0 mg/h|dose_rate_mg_per_h = 25\.0 mg/h") as error:
        nl.mm_steady_state_conc_mg_per_L(rate, 20.0, 4.0)
    assert "vmax_mg_per_h = 20.0 mg/h" in str(error.value) and "no steady state" in str(error.value)


def test_mm_steady_state_rejects_bad_input_naming_the_parameter():
    with pytest.raises(ValueError, match=r"dose_rate_mg_per_h.*mg/h"):
        nl.mm_steady_state_conc_mg_per_L(-1.0, 20.0, 4.0)
    with pytest.raises(ValueError, match=r"km_mg_per_L.*mg/L"):
        nl.mm_steady_state_conc_mg_per_L(1.0, 20.0, 0.0)
