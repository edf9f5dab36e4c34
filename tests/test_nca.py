"""Tests for microdose.nca (non-compartmental analysis).

Expected values are derived by hand or from analytic pharmacokinetic curves
written out in this file, never from the module under test.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from microdose.nca import (
    NCAResult,
    TerminalPhase,
    auc_last,
    aumc_last,
    back_extrapolate_c0,
    nca,
    nca_many,
    terminal_slope,
)

LN2 = math.log(2.0)
IV_SCHEDULE_H = np.array([0.25, 0.5, 1, 2, 4, 6, 8, 12, 24], dtype=float)
NUMERIC_FIELDS = [f.name for f in dataclasses.fields(NCAResult) if f.name != "route"]


def iv_bolus_conc(time_h, dose, volume, k):
    """One-compartment IV bolus: C = D/V exp(-k t)."""
    return dose / volume * np.exp(-k * np.asarray(time_h, dtype=float))


def oral_conc(time_h, dose, volume, k, ka, bioavailability=1.0):
    """One-compartment first-order absorption (Bateman function)."""
    t = np.asarray(time_h, dtype=float)
    return bioavailability * dose * ka / (volume * (ka - k)) * (np.exp(-k * t) - np.exp(-ka * t))


# ---------------------------------------------------------------------------
# AUC and AUMC: hand-derived values
# ---------------------------------------------------------------------------


class TestAucHandValues:
    def test_linear_trapezoid_three_points(self):
        # (0 + 4)/2 * 1 + (4 + 2)/2 * 2 = 2 + 6
        assert auc_last([0, 1, 3], [0, 4, 2], method="linear") == pytest.approx(8.0, abs=1e-14)

    def test_linear_up_log_down_three_points(self):
        # rising segment linear: 2; falling segment log: (4 - 2) * 2 / ln(4/2)
        expected = 2.0 + 4.0 / LN2
        assert auc_last([0, 1, 3], [0, 4, 2]) == pytest.approx(expected, rel=1e-14)

    def test_linear_aumc_three_points(self):
        # (0*0 + 1*4)/2 * 1 + (1*4 + 3*2)/2 * 2 = 2 + 10
        assert aumc_last([0, 1, 3], [0, 4, 2], method="linear") == pytest.approx(12.0, abs=1e-14)

    def test_log_down_aumc_three_points(self):
        # falling segment with k = ln2/2: (1*4 - 3*2)/k + (4 - 2)/k^2
        k = LN2 / 2
        expected = 2.0 + (4 - 6) / k + 2 / k**2
        assert aumc_last([0, 1, 3], [0, 4, 2]) == pytest.approx(expected, rel=1e-13)

    def test_log_trapezoid_of_exponential_is_exact(self):
        t = np.array([1.0, 2.0, 5.0, 9.0])
        c = 5.0 * np.exp(-0.4 * t)
        exact = 5.0 / 0.4 * (math.exp(-0.4) - math.exp(-3.6))
        assert auc_last(t, c) == pytest.approx(exact, rel=1e-12, abs=0)

    def test_log_aumc_of_exponential_is_exact(self):
        t = np.array([1.0, 2.0, 5.0, 9.0])
        c = 5.0 * np.exp(-0.4 * t)

        def antiderivative(s):  # of s * 5 exp(-0.4 s)
            return -5.0 / 0.4 * math.exp(-0.4 * s) * (s + 1 / 0.4)

        exact = antiderivative(9.0) - antiderivative(1.0)
        assert aumc_last(t, c) == pytest.approx(exact, rel=1e-12, abs=0)
        numeric, _ = quad(lambda s: s * 5.0 * math.exp(-0.4 * s), 1.0, 9.0, epsrel=1e-13)
        assert aumc_last(t, c) == pytest.approx(numeric, rel=1e-10)

    def test_linear_method_equals_numpy_trapezoid(self):
        rng = np.random.default_rng(1)
        t = np.cumsum(rng.uniform(0.1, 2.0, 12))
        c = rng.uniform(0.1, 10.0, 12)
        expected = float(np.sum(np.diff(t) * (c[1:] + c[:-1]) / 2))
        assert auc_last(t, c, method="linear") == pytest.approx(expected, rel=1e-13)

    def test_log_down_is_below_linear_for_a_decline(self):
        t = [0, 1, 2, 4]
        c = [10, 6, 3, 1]
        assert auc_last(t, c) < auc_last(t, c, method="linear")

    def test_rising_or_flat_segments_are_linear_under_log_down(self):
        t, c = [0, 1, 2, 3], [1, 3, 3, 5]
        assert auc_last(t, c) == auc_last(t, c, method="linear")
        assert aumc_last(t, c) == aumc_last(t, c, method="linear")

    def test_area_stops_at_last_positive_concentration(self):
        # Tlast = 2 h; the triangle from (2, 1) to (3, 0) is not part of AUClast.
        assert auc_last([0, 1, 2, 3], [0, 2, 1, 0], method="linear") == pytest.approx(2.5)
        # AUMC: (0 + 2)/2 * 1 + (2 + 2)/2 * 1
        assert aumc_last([0, 1, 2, 3], [0, 2, 1, 0], method="linear") == pytest.approx(3.0)

    def test_interior_zero_makes_segments_linear(self):
        # 4 -> 2 log: 2/ln2; 2 -> 0 linear: 1; 0 -> 2 linear: 1; 2 -> 1 log: 1/ln2
        expected = 2.0 + 3.0 / LN2
        assert auc_last([0, 1, 2, 3, 4], [4, 2, 0, 2, 1]) == pytest.approx(expected, rel=1e-14)

    def test_all_zero_profile_has_zero_area(self):
        assert auc_last([0, 1, 2], [0, 0, 0]) == 0.0
        assert aumc_last([0, 1, 2], [0, 0, 0]) == 0.0

    def test_returns_python_float(self):
        assert type(auc_last([0, 1], [1, 2])) is float
        assert type(aumc_last([0, 1], [1, 2])) is float


# ---------------------------------------------------------------------------
# Analytic recovery: IV bolus and oral one-compartment profiles
# ---------------------------------------------------------------------------


class TestIvBolusRecovery:
    dose, volume, k = 100.0, 10.0, 0.3

    def result(self, time_h=IV_SCHEDULE_H):
        conc = iv_bolus_conc(time_h, self.dose, self.volume, self.k)
        return nca(time_h, conc, self.dose, route="iv_bolus")

    def test_lambda_z_and_half_life(self):
        r = self.result()
        assert r.lambda_z_per_h == pytest.approx(self.k, abs=1e-10)
        assert r.half_life_h == pytest.approx(LN2 / self.k, rel=1e-10)
        assert r.lambda_z_n_points == IV_SCHEDULE_H.size  # all equally good -> most points
        assert r.lambda_z_estimated

    def test_c0_cmax_tmax(self):
        r = self.result()
        assert r.c0 == pytest.approx(self.dose / self.volume, rel=1e-12)
        assert r.cmax == pytest.approx(self.dose / self.volume, rel=1e-12)
        assert r.tmax_h == 0.0
        assert r.tlast_h == 24.0
        assert r.clast == pytest.approx(10.0 * math.exp(-0.3 * 24), rel=1e-14)

    def test_auc_cl_v_mrt(self):
        r = self.result()
        assert r.auc_inf == pytest.approx(self.dose / (self.volume * self.k), rel=1e-10)
        assert r.clearance == pytest.approx(self.volume * self.k, rel=1e-10)
        assert r.volume_z == pytest.approx(self.volume, rel=1e-10)
        assert r.mrt_h == pytest.approx(1.0 / self.k, rel=1e-10)
        assert r.aumc_inf == pytest.approx(self.dose / (self.volume * self.k**2), rel=1e-10)
        expected_pct = 100 * math.exp(-0.3 * 24)
        assert r.auc_pct_extrapolated == pytest.approx(expected_pct, rel=1e-8)

    def test_linear_method_overestimates_auc(self):
        conc = iv_bolus_conc(IV_SCHEDULE_H, self.dose, self.volume, self.k)
        linear = nca(IV_SCHEDULE_H, conc, self.dose, route="iv_bolus", method="linear")
        assert linear.auc_inf > self.dose / (self.volume * self.k) * 1.01

    def test_observed_zero_time_sample_is_used(self):
        t = np.concatenate(([0.0], IV_SCHEDULE_H))
        r = self.result(t)
        assert r.c0 == pytest.approx(10.0, rel=1e-14)
        assert r.auc_inf == pytest.approx(self.dose / (self.volume * self.k), rel=1e-10)

    def test_zero_recorded_at_time_zero_is_replaced_by_c0(self):
        t = np.concatenate(([0.0], IV_SCHEDULE_H))
        conc = iv_bolus_conc(t, self.dose, self.volume, self.k)
        conc[0] = 0.0
        r = nca(t, conc, self.dose, route="iv_bolus")
        assert r.c0 == pytest.approx(10.0, rel=1e-12)
        assert r.auc_inf == pytest.approx(self.dose / (self.volume * self.k), rel=1e-10)

    def test_same_data_as_extravascular_gives_different_auc(self):
        # Extravascular adds (0, 0) instead of (0, C0): a smaller first segment.
        conc = iv_bolus_conc(IV_SCHEDULE_H, self.dose, self.volume, self.k)
        ev = nca(IV_SCHEDULE_H, conc, self.dose)
        assert math.isnan(ev.c0)
        expected_first_segment = 0.25 * conc[0] / 2
        iv_first_segment = 10.0 * (1 - math.exp(-0.3 * 0.25)) / 0.3
        assert ev.auc_last == pytest.approx(
            self.result().auc_last - iv_first_segment + expected_first_segment, rel=1e-12
        )


class TestOralRecovery:
    dose, volume, k, ka, f = 50.0, 20.0, 0.1, 1.5, 0.7
    schedule = np.array([0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 36, 48, 72], dtype=float)

    def result(self):
        conc = oral_conc(self.schedule, self.dose, self.volume, self.k, self.ka, self.f)
        return nca(self.schedule, conc, self.dose)

    def test_terminal_slope_recovers_k(self):
        # Samples after Cmax that are already in the log-linear phase (absorption
        # is 99.9999 % complete by 12 h): the selected fit recovers k tightly.
        schedule = np.array([0, 0.5, 1, 2, 12, 24, 36, 48, 72], dtype=float)
        conc = oral_conc(schedule, self.dose, self.volume, self.k, self.ka, self.f)
        r = nca(schedule, conc, self.dose)
        assert r.lambda_z_n_points == 5
        assert r.lambda_z_per_h == pytest.approx(self.k, abs=1e-6)

    def test_dense_schedule_lets_the_tail_of_absorption_in(self):
        # With dense early samples the 1e-4 adjusted-R^2 tolerance admits the
        # 3-h point (adj R^2 = 0.999996): lambda_z is then 0.07 % low. This is
        # the documented behaviour of the PKNCA rule, not a rounding problem.
        r = self.result()
        assert r.lambda_z_n_points == 12
        assert r.lambda_z_per_h == pytest.approx(self.k, rel=1e-3)
        assert r.lambda_z_per_h != pytest.approx(self.k, rel=1e-5)
        strict = terminal_slope(
            self.schedule,
            oral_conc(self.schedule, self.dose, self.volume, self.k, self.ka, self.f),
            adj_r2_tolerance=0.0,
        )
        assert strict.lambda_z_per_h == pytest.approx(self.k, abs=1e-6)

    def test_auc_inf_approaches_f_dose_over_cl(self):
        expected = self.f * self.dose / (self.volume * self.k)
        assert self.result().auc_inf == pytest.approx(expected, rel=0.01)

    def test_apparent_clearance_and_volume(self):
        r = self.result()
        assert r.clearance == pytest.approx(self.volume * self.k / self.f, rel=0.01)
        assert r.volume_z == pytest.approx(self.volume / self.f, rel=0.01)

    def test_mrt_includes_absorption(self):
        # MRT after oral dosing = 1/k + 1/ka for this model
        assert self.result().mrt_h == pytest.approx(1 / self.k + 1 / self.ka, rel=0.01)

    def test_cmax_tmax_against_analytic_peak(self):
        r = self.result()
        t_peak = math.log(self.ka / self.k) / (self.ka - self.k)  # 1.934 h
        assert r.tmax_h == 2.0  # nearest sample
        assert r.cmax == pytest.approx(
            float(oral_conc(2.0, self.dose, self.volume, self.k, self.ka, self.f)), rel=1e-14
        )
        assert abs(r.tmax_h - t_peak) < 0.1

    def test_time_zero_added_when_missing(self):
        conc = oral_conc(self.schedule, self.dose, self.volume, self.k, self.ka, self.f)
        with_zero = nca(self.schedule, conc, self.dose)
        without_zero = nca(self.schedule[1:], conc[1:], self.dose)
        assert without_zero.auc_last == pytest.approx(with_zero.auc_last, rel=1e-14)
        assert without_zero.aumc_last == pytest.approx(with_zero.aumc_last, rel=1e-14)


# ---------------------------------------------------------------------------
# Terminal phase: point selection
# ---------------------------------------------------------------------------


def _adjusted_r2(t, y):
    """Adjusted R^2 of a straight-line fit, computed independently with polyfit."""
    slope, intercept = np.polyfit(t, y, 1)
    residual = y - (intercept + slope * t)
    r2 = 1 - np.sum(residual**2) / np.sum((y - y.mean()) ** 2)
    n = len(t)
    return 1 - (1 - r2) * (n - 1) / (n - 2)


def _profile_with_bump(bump):
    """Cmax at 1 h, then four points on an exponential, the first moved by ``bump`` in ln C."""
    t = np.array([0.0, 1.0, 2.0, 4.0, 6.0, 8.0])
    log_tail = np.log(50.0) - 0.2 * (t[2:] - 2.0)
    log_tail[0] += bump
    conc = np.concatenate(([0.0, 100.0], np.exp(log_tail)))
    gain = _adjusted_r2(t[3:], np.log(conc[3:])) - _adjusted_r2(t[2:], np.log(conc[2:]))
    return t, conc, gain


class TestTerminalSlopeSelection:
    def test_marginally_better_three_point_fit_loses_to_four_points(self):
        t, conc, gain = _profile_with_bump(0.01)
        assert 0 < gain < 1e-4  # the construction does what it claims
        fit = terminal_slope(t, conc)
        assert fit.n_points == 4
        assert fit.first_time_h == 2.0
        assert fit.last_time_h == 8.0
        assert fit.adj_r_squared == pytest.approx(_adjusted_r2(t[2:], np.log(conc[2:])), abs=1e-12)

    def test_clearly_better_three_point_fit_wins(self):
        t, conc, gain = _profile_with_bump(0.02)
        assert gain > 1e-4
        fit = terminal_slope(t, conc)
        assert fit.n_points == 3
        assert fit.first_time_h == 4.0
        assert fit.lambda_z_per_h == pytest.approx(0.2, abs=1e-12)
        assert fit.r_squared == pytest.approx(1.0, abs=1e-12)

    def test_zero_tolerance_takes_strictly_best_fit(self):
        t, conc, _ = _profile_with_bump(0.01)
        assert terminal_slope(t, conc, adj_r2_tolerance=0.0).n_points == 3

    def test_nca_uses_the_same_rule(self):
        t, conc, _ = _profile_with_bump(0.01)
        assert nca(t, conc).lambda_z_n_points == 4
        t, conc, _ = _profile_with_bump(0.02)
        assert nca(t, conc).lambda_z_n_points == 3

    def test_min_points_is_respected(self):
        t, conc, _ = _profile_with_bump(0.02)
        assert terminal_slope(t, conc, min_points=4).n_points == 4

    def test_regression_values_by_hand(self):
        # ln C = ln 80 - 0.25 t exactly at t = 2, 4, 6 (after Cmax at 1 h)
        t = np.array([0.0, 1.0, 2.0, 4.0, 6.0])
        conc = np.concatenate(([0.0, 90.0], 80.0 * np.exp(-0.25 * t[2:])))
        fit = terminal_slope(t, conc)
        assert isinstance(fit, TerminalPhase)
        assert fit.lambda_z_per_h == pytest.approx(0.25, rel=1e-13)
        assert fit.intercept_ln == pytest.approx(math.log(80.0), rel=1e-13)
        assert fit.half_life_h == pytest.approx(LN2 / 0.25, rel=1e-13)
        assert (fit.n_points, fit.first_time_h, fit.last_time_h) == (3, 2.0, 6.0)

    def test_cmax_never_in_the_set(self):
        # Exponential from the first sample: Cmax lies on the same line.
        t = np.array([1.0, 2.0, 4.0, 8.0, 12.0])
        conc = 20.0 * np.exp(-0.15 * t)
        fit = terminal_slope(t, conc)
        assert fit.n_points == 4 and fit.first_time_h == 2.0
        r = nca(t, conc)
        assert r.tmax_h == 1.0 and r.lambda_z_n_points == 4
        # Allowing Cmax adds it (all fits are perfect, so the most points wins).
        with_cmax = terminal_slope(t, conc, exclude_cmax=False)
        assert with_cmax.n_points == 5 and with_cmax.first_time_h == 1.0

    def test_zeros_never_in_the_regression(self):
        t = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        conc = np.array([0.0, 10.0, 8.0, 0.0, 4.0, 2.0, 0.0])
        fit = terminal_slope(t, conc)
        assert fit.n_points == 3
        assert (fit.first_time_h, fit.last_time_h) == (2.0, 5.0)
        slope, _ = np.polyfit([2.0, 4.0, 5.0], np.log([8.0, 4.0, 2.0]), 1)
        assert fit.lambda_z_per_h == pytest.approx(-slope, rel=1e-12)

    def test_fewer_than_three_points_after_cmax(self):
        t, conc = [0, 1, 2, 3], [0, 5, 3, 1]
        with pytest.raises(ValueError, match=r"lambda_z.*min_points=3"):
            terminal_slope(t, conc)
        r = nca(t, conc, dose=1.0)
        assert not r.lambda_z_estimated
        assert r.lambda_z_n_points == 0
        for name in [
            "lambda_z_per_h",
            "half_life_h",
            "lambda_z_adj_r_squared",
            "auc_inf",
            "auc_pct_extrapolated",
            "aumc_inf",
            "mrt_h",
            "clearance",
            "volume_z",
        ]:
            assert math.isnan(getattr(r, name)), name
        # (0,0)-(1,5) linear: 2.5; 5 -> 3 log: 2/ln(5/3); 3 -> 1 log: 2/ln 3
        assert r.auc_last == pytest.approx(2.5 + 2 / math.log(5 / 3) + 2 / math.log(3), rel=1e-14)
        assert r.cmax == 5 and r.tmax_h == 1 and r.clast == 1 and r.tlast_h == 3

    def test_no_negative_slope(self):
        with pytest.raises(ValueError, match="negative slope"):
            terminal_slope([0, 1, 2, 3], [10, 1, 2, 3])
        with pytest.raises(ValueError, match="negative slope"):
            terminal_slope([0, 1, 2, 3, 4], [0, 10, 5, 5, 5])
        assert math.isnan(nca([0, 1, 2, 3], [10, 1, 2, 3]).lambda_z_per_h)


# ---------------------------------------------------------------------------
# C0 back-extrapolation and other nca() conventions
# ---------------------------------------------------------------------------


class TestBackExtrapolation:
    def test_log_linear_through_first_two_points(self):
        # 50 -> 25 in 1 h: halves every hour, so 100 at t = 0
        assert back_extrapolate_c0([1, 2, 4], [50, 25, 6.25]) == pytest.approx(100.0, rel=1e-14)

    def test_uses_only_first_two_positive_points(self):
        # third point is off the line and must not matter; the leading zero is skipped
        assert back_extrapolate_c0([0.5, 1, 2, 3], [0, 40, 20, 19]) == pytest.approx(80.0)

    def test_rising_start_uses_first_observation(self):
        assert back_extrapolate_c0([0.5, 1, 2], [3.0, 5.0, 2.0]) == 3.0

    def test_equal_first_points_use_first_observation(self):
        assert back_extrapolate_c0([0.5, 1, 2], [4.0, 4.0, 2.0]) == 4.0

    def test_single_positive_point(self):
        assert back_extrapolate_c0([1, 2, 3], [7.0, 0, 0]) == 7.0

    def test_observed_value_at_time_zero(self):
        assert back_extrapolate_c0([0, 1, 2], [12.0, 50, 25]) == 12.0

    def test_all_zero_is_an_error(self):
        with pytest.raises(ValueError, match="conc"):
            back_extrapolate_c0([0, 1, 2], [0, 0, 0])

    def test_nca_iv_bolus_with_rising_start(self):
        r = nca([0.5, 1, 2, 4, 8], [3.0, 5.0, 4.0, 2.0, 1.0], route="iv_bolus")
        assert r.c0 == 3.0
        assert r.cmax == 5.0 and r.tmax_h == 1.0
        # (0, 3) prepended: first segment flat-linear 3*0.5 = 1.5
        expected = 1.5 + (3 + 5) / 2 * 0.5 + (5 - 4) / math.log(5 / 4) + 2 * 2 / math.log(2) + 1 * 4 / math.log(2)
        assert r.auc_last == pytest.approx(expected, rel=1e-13)


class TestNcaConventions:
    def test_extravascular_prepends_zero(self):
        r = nca([1, 2, 4], [4, 2, 1], route="extravascular", method="linear")
        # (0,0)-(1,4): 2; (1,4)-(2,2): 3; (2,2)-(4,1): 3
        assert r.auc_last == pytest.approx(8.0)
        assert math.isnan(r.c0)

    def test_first_maximum_is_tmax(self):
        assert nca([0, 1, 2, 3, 4, 5], [0, 5, 5, 3, 2, 1]).tmax_h == 1.0

    def test_no_dose_gives_nan_clearance_and_volume(self):
        conc = iv_bolus_conc(IV_SCHEDULE_H, 1.0, 1.0, 0.2)
        r = nca(IV_SCHEDULE_H, conc)
        assert math.isfinite(r.auc_inf)
        assert math.isnan(r.clearance) and math.isnan(r.volume_z)

    def test_all_zero_profile(self):
        r = nca([0, 1, 2], [0, 0, 0], dose=1.0, route="iv_bolus")
        assert (r.cmax, r.clast, r.auc_last, r.aumc_last) == (0.0, 0.0, 0.0, 0.0)
        assert math.isnan(r.tmax_h) and math.isnan(r.tlast_h) and math.isnan(r.c0)
        assert math.isnan(r.auc_inf) and r.lambda_z_n_points == 0

    def test_result_is_frozen_and_dictable(self):
        r = nca(IV_SCHEDULE_H, iv_bolus_conc(IV_SCHEDULE_H, 1.0, 1.0, 0.2), 1.0, route="iv_bolus")
        with pytest.raises(dataclasses.FrozenInstanceError):
            r.cmax = 3.0
        d = r.as_dict()
        assert list(d) == NUMERIC_FIELDS + ["route"]
        assert d["route"] == "iv_bolus" and d["auc_inf"] == r.auc_inf
        assert type(d["lambda_z_n_points"]) is int
        assert all(type(d[name]) is float for name in NUMERIC_FIELDS if name != "lambda_z_n_points")

    def test_terminal_phase_is_frozen(self):
        fit = terminal_slope(IV_SCHEDULE_H, iv_bolus_conc(IV_SCHEDULE_H, 1.0, 1.0, 0.2))
        with pytest.raises(dataclasses.FrozenInstanceError):
            fit.n_points = 2

    def test_dose_units_scale_clearance(self):
        # dose in ug with conc in ng/mL (= ug/L) gives CL in L/h: same as mg with mg/L
        conc_mg_per_L = iv_bolus_conc(IV_SCHEDULE_H, 0.1, 40.0, 0.2)
        in_mg = nca(IV_SCHEDULE_H, conc_mg_per_L, 0.1, route="iv_bolus")
        in_ug = nca(IV_SCHEDULE_H, conc_mg_per_L * 1000, 100.0, route="iv_bolus")
        assert in_ug.clearance == pytest.approx(in_mg.clearance, rel=1e-12)
        assert in_mg.clearance == pytest.approx(8.0, rel=1e-10)


# ---------------------------------------------------------------------------
# nca_many
# ---------------------------------------------------------------------------


def _random_profiles(n_subjects, schedule, seed):
    rng = np.random.default_rng(seed)
    ka = rng.uniform(0.3, 4.0, (n_subjects, 1))
    k = rng.uniform(0.03, 0.5, (n_subjects, 1))
    conc = 10 * (np.exp(-k * schedule) - np.exp(-ka * (schedule + 1e-9)))
    conc = conc * rng.lognormal(0.0, 0.15, conc.shape)  # assay noise
    conc = np.where(conc < 0.05, 0.0, conc)  # below LOQ -> 0
    conc[0, 3:] = 0.0  # no terminal phase
    conc[1, :] = 0.0  # nothing measurable
    return conc


class TestNcaMany:
    schedule = np.array([0, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 72.0])

    @pytest.mark.parametrize("route", ["extravascular", "iv_bolus"])
    @pytest.mark.parametrize("method", ["linear-up/log-down", "linear"])
    def test_agrees_with_nca_subject_by_subject(self, route, method):
        conc = _random_profiles(50, self.schedule, seed=7)
        doses = np.linspace(1.0, 5.0, 50)
        many = nca_many(self.schedule, conc, doses, route=route, method=method)
        assert set(many) == set(NUMERIC_FIELDS)
        for s in range(50):
            single = nca(self.schedule, conc[s], doses[s], route=route, method=method)
            for name in NUMERIC_FIELDS:
                np.testing.assert_allclose(
                    many[name][s],
                    getattr(single, name),
                    rtol=1e-12,
                    atol=0,
                    equal_nan=True,
                    err_msg=f"subject {s}, {name}",
                )
        assert np.isnan(many["lambda_z_per_h"][:2]).all()
        assert np.isfinite(many["lambda_z_per_h"][2:]).sum() > 40

    def test_schedule_without_time_zero(self):
        t = self.schedule[1:]
        conc = _random_profiles(10, t, seed=3)
        many = nca_many(t, conc, 2.0)
        for s in range(10):
            np.testing.assert_allclose(many["auc_inf"][s], nca(t, conc[s], 2.0).auc_inf, rtol=1e-12, equal_nan=True)

    def test_single_dose_broadcasts_and_none_gives_nan(self):
        conc = _random_profiles(5, self.schedule, seed=4)
        out = nca_many(self.schedule, conc)
        assert np.isnan(out["clearance"]).all()
        out = nca_many(self.schedule, conc, 3.0)
        np.testing.assert_allclose(out["clearance"], 3.0 / out["auc_inf"])

    def test_types_and_shapes(self):
        conc = _random_profiles(6, self.schedule, seed=5)
        out = nca_many(self.schedule, conc, 1.0)
        assert all(isinstance(v, np.ndarray) and v.shape == (6,) for v in out.values())
        assert out["lambda_z_n_points"].dtype.kind == "i"

    def test_a_thousand_profiles_in_one_call(self):
        # Speed is measured by benchmarks/bench_library.py, not asserted here.
        conc = _random_profiles(1000, self.schedule, seed=6)
        out = nca_many(self.schedule, conc, 1.0)
        assert out["auc_inf"].shape == (1000,)
        assert np.isfinite(out["auc_last"]).all()


# ---------------------------------------------------------------------------
# Bad input: every public function
# ---------------------------------------------------------------------------

GOOD_T = [0.0, 1.0, 2.0, 4.0, 8.0]
GOOD_C = [0.0, 8.0, 6.0, 3.0, 1.0]


def _call(func, time_h, conc, **options):
    """Call a public function with one profile (a one-row matrix for nca_many)."""
    if func is nca_many and np.ndim(conc) == 1:
        conc = [conc]
    return func(time_h, conc, **options)


PUBLIC = [auc_last, aumc_last, terminal_slope, back_extrapolate_c0, nca, nca_many]
CONC_NAME = {nca_many: "conc_matrix"}

BAD_TIME = [
    pytest.param([0.0, -1.0, 2.0, 4.0, 8.0], ValueError, id="negative"),
    pytest.param([0.0, 2.0, 1.0, 4.0, 8.0], ValueError, id="decreasing"),
    pytest.param([0.0, 1.0, 1.0, 4.0, 8.0], ValueError, id="repeated"),
    pytest.param([0.0, np.nan, 2.0, 4.0, 8.0], ValueError, id="nan"),
    pytest.param([0.0, 1.0, 2.0, 4.0, np.inf], ValueError, id="inf"),
    pytest.param("0 1 2 4 8", TypeError, id="string"),
    pytest.param(None, TypeError, id="none"),
    pytest.param([[0.0, 1.0, 2.0, 4.0, 8.0]], ValueError, id="2-D"),
    pytest.param([0.0], ValueError, id="single-time"),
]


@pytest.mark.parametrize("func", PUBLIC, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad_time, error", BAD_TIME)
def test_bad_time_is_rejected(func, bad_time, error):
    conc = GOOD_C if np.ndim(bad_time) != 1 or len(bad_time) == 5 else GOOD_C[:1]
    with pytest.raises(error, match=r"time_h must .*in h\b.*received"):
        _call(func, bad_time, conc)


BAD_CONC = [
    pytest.param([0.0, 8.0, -6.0, 3.0, 1.0], ValueError, "non-negative", id="negative"),
    pytest.param([0.0, 8.0, np.nan, 3.0, 1.0], ValueError, "non-negative", id="nan"),
    pytest.param([0.0, 8.0, np.inf, 3.0, 1.0], ValueError, "non-negative", id="inf"),
    pytest.param("high", TypeError, "number", id="string"),
    pytest.param(None, TypeError, "number", id="none"),
    pytest.param([0.0, 8.0, 6.0, 3.0], ValueError, "shape", id="too-short"),
    pytest.param([0.0, 8.0, 6.0, 3.0, 1.0, 0.5], ValueError, "shape", id="too-long"),
]


@pytest.mark.parametrize("func", PUBLIC, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad_conc, error, words", BAD_CONC)
def test_bad_concentration_is_rejected(func, bad_conc, error, words):
    name = CONC_NAME.get(func, "conc")
    with pytest.raises(error, match=rf"{name} must.*{words}.*received"):
        _call(func, GOOD_T, bad_conc)


def test_two_dimensional_conc_for_single_profile_functions():
    for func in [auc_last, aumc_last, terminal_slope, back_extrapolate_c0, nca]:
        with pytest.raises(ValueError, match=r"conc must have the same shape.*\(1, 5\)"):
            func(GOOD_T, [GOOD_C])


@pytest.mark.parametrize("func", [auc_last, aumc_last, nca, nca_many], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "bad_method, error",
    [
        ("log", ValueError),
        ("Linear", ValueError),
        ("lin up/log down", ValueError),
        (None, TypeError),
        (1, TypeError),
    ],
)
def test_bad_method_is_rejected(func, bad_method, error):
    with pytest.raises(error, match=r"method must be 'linear' or 'linear-up/log-down'; received"):
        _call(func, GOOD_T, GOOD_C, method=bad_method)


@pytest.mark.parametrize("func", [nca, nca_many], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "bad_route, error",
    [
        ("iv", ValueError),
        ("oral", ValueError),
        ("IV_BOLUS", ValueError),
        (None, TypeError),
    ],
)
def test_bad_route_is_rejected(func, bad_route, error):
    with pytest.raises(error, match=r"route must be 'extravascular' or 'iv_bolus'; received"):
        _call(func, GOOD_T, GOOD_C, route=bad_route)


@pytest.mark.parametrize("func", [nca, nca_many], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "bad_dose, error",
    [
        (0.0, ValueError),
        (-5.0, ValueError),
        (np.nan, ValueError),
        (np.inf, ValueError),
        ("10 mg", TypeError),
        (True, TypeError),
    ],
)
def test_bad_dose_is_rejected(func, bad_dose, error):
    with pytest.raises(error, match=r"dose must .*consistent with conc.*received"):
        _call(func, GOOD_T, GOOD_C, dose=bad_dose)


def test_dose_shape_is_checked():
    with pytest.raises(ValueError, match=r"dose must be a single positive number.*shape \(2,\)"):
        nca(GOOD_T, GOOD_C, dose=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"dose must be one positive number, or one per subject"):
        nca_many(GOOD_T, [GOOD_C, GOOD_C], dose=[1.0, 2.0, 3.0])


@pytest.mark.parametrize("func", [terminal_slope, nca, nca_many], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "options, error, pattern",
    [
        ({"min_points": 2}, ValueError, r"min_points must be at least 3.*received 2"),
        ({"min_points": 3.5}, ValueError, r"min_points must be a whole number"),
        ({"min_points": "3"}, TypeError, r"min_points must be an integer"),
        ({"adj_r2_tolerance": -1e-4}, ValueError, r"adj_r2_tolerance must be a non-negative"),
        ({"adj_r2_tolerance": np.nan}, ValueError, r"adj_r2_tolerance must be a non-negative"),
        ({"adj_r2_tolerance": [1e-4, 1e-3]}, ValueError, r"adj_r2_tolerance must be a single"),
        ({"adj_r2_tolerance": None}, TypeError, r"adj_r2_tolerance must be a number"),
    ],
)
def test_bad_lambda_z_options_are_rejected(func, options, error, pattern):
    with pytest.raises(error, match=pattern):
        _call(func, GOOD_T, GOOD_C, **options)


def test_bad_exclude_cmax_is_rejected():
    with pytest.raises(TypeError, match=r"exclude_cmax must be True or False; received 'yes'"):
        terminal_slope(GOOD_T, GOOD_C, exclude_cmax="yes")


@pytest.mark.parametrize(
    "bad_matrix",
    [
        pytest.param(GOOD_C, id="1-D"),
        pytest.param([GOOD_C[:4]], id="wrong-columns"),
        pytest.param(np.zeros((0, 5)), id="no-subjects"),
        pytest.param(np.zeros((2, 5, 1)), id="3-D"),
    ],
)
def test_bad_matrix_shape_is_rejected(bad_matrix):
    with pytest.raises(ValueError, match=r"conc_matrix must be a 2-D array of shape \(n_subjects, 5\)"):
        nca_many(GOOD_T, bad_matrix)


def test_error_message_names_unit_and_value():
    with pytest.raises(ValueError, match=r"time_h must be a non-negative number in h; received"):
        auc_last([-1.0, 1.0], [1.0, 2.0])
    with pytest.raises(
        ValueError,
        match=r"conc must be a non-negative number in "
        r"concentration units; received \[1.0, -2.0\]",
    ):
        auc_last([0.0, 1.0], [1.0, -2.0])
    with pytest.raises(
        ValueError,
        match=r"dose must be a positive number in amount units "
        r"consistent with conc; received -3.0",
    ):
        nca(GOOD_T, GOOD_C, dose=-3.0)
    with pytest.raises(
        ValueError,
        match=r"method must be 'linear' or 'linear-up/log-down'; "
        r"received 'foo'",
    ):
        auc_last(GOOD_T, GOOD_C, method="foo")


# ---------------------------------------------------------------------------
# Property-based tests
# ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(k=st.floats(0.01, 2.0), volume=st.floats(0.5, 500.0), dose=st.floats(1e-3, 1e3))
def test_property_iv_bolus_auc_inf_is_exact(k, volume, dose):
    conc = iv_bolus_conc(IV_SCHEDULE_H, dose, volume, k)
    r = nca(IV_SCHEDULE_H, conc, dose, route="iv_bolus")
    assert r.auc_inf == pytest.approx(dose / (volume * k), rel=1e-9)
    assert r.lambda_z_per_h == pytest.approx(k, rel=1e-9)
    assert r.clearance == pytest.approx(volume * k, rel=1e-9)
    assert r.volume_z == pytest.approx(volume, rel=1e-9)
    assert r.mrt_h == pytest.approx(1 / k, rel=1e-9)


profiles = st.integers(2, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0.01, 10.0), min_size=n, max_size=n),
        st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 1e3)), min_size=n, max_size=n),
    )
)


@settings(max_examples=200, deadline=None)
@given(profile=profiles, scale=st.floats(1e-3, 1e3), method=st.sampled_from(["linear", "linear-up/log-down"]))
def test_property_auc_scales_linearly_with_dose(profile, scale, method):
    gaps, conc = profile
    t = np.cumsum(gaps)
    conc = np.array(conc)
    assert auc_last(t, scale * conc, method=method) == pytest.approx(
        scale * auc_last(t, conc, method=method), rel=1e-12, abs=1e-300
    )
    assert aumc_last(t, scale * conc, method=method) == pytest.approx(
        scale * aumc_last(t, conc, method=method), rel=1e-10, abs=1e-300
    )


@settings(max_examples=200, deadline=None)
@given(profile=profiles)
def test_property_log_down_never_exceeds_linear(profile):
    gaps, conc = profile
    t = np.cumsum(gaps)
    linear = auc_last(t, conc, method="linear")
    assert 0.0 <= auc_last(t, conc) <= linear * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(profile=profiles, scale=st.floats(1e-3, 1e3))
def test_property_lambda_z_does_not_depend_on_units(profile, scale):
    gaps, conc = profile
    t = np.cumsum(gaps)
    conc = np.array(conc)
    base = nca(t, conc)
    scaled = nca(t, scale * conc)
    assert scaled.lambda_z_n_points == base.lambda_z_n_points
    if base.lambda_z_estimated:
        assert scaled.lambda_z_per_h == pytest.approx(base.lambda_z_per_h, rel=1e-6)


# ---------------------------------------------------------------------------
# Manual lambda_z selection (lambda_z_times_h)
# ---------------------------------------------------------------------------


def test_manual_lambda_z_points_match_a_log_linear_fit_on_those_points():
    t = np.array([0.5, 1, 2, 4, 6, 8, 12, 24.0])
    c = np.array([3.0, 5.0, 4.4, 3.1, 2.3, 1.65, 0.92, 0.16])
    chosen = [6.0, 8.0, 12.0, 24.0]
    result = nca(t, c, dose=10.0, lambda_z_times_h=chosen)
    slope, _ = np.polyfit(chosen, np.log(c[-4:]), 1)
    assert result.lambda_z_per_h == pytest.approx(-slope, rel=1e-12)
    assert result.lambda_z_n_points == 4
    assert result.auc_inf == pytest.approx(result.auc_last + c[-1] / -slope, rel=1e-12)


def test_manual_lambda_z_may_include_cmax():
    t = np.array([1.0, 2.0, 4.0])
    c = np.array([8.0, 4.0, 1.0])
    result = nca(t, c, lambda_z_times_h=[1.0, 2.0, 4.0])
    slope, _ = np.polyfit(t, np.log(c), 1)
    assert result.lambda_z_per_h == pytest.approx(-slope, rel=1e-12)


@pytest.mark.parametrize("chosen", [[6.0, 8.0], [5.0, 8.0, 12.0], [8.0, 12.0, 30.0], [12.0, 8.0, 24.0]])
def test_manual_lambda_z_bad_selection(chosen):
    t = np.array([0.5, 1, 2, 4, 6, 8, 12, 24.0])
    c = np.array([3.0, 5.0, 4.4, 3.1, 2.3, 1.65, 0.92, 0.16])
    with pytest.raises(ValueError, match="lambda_z_times_h"):
        nca(t, c, lambda_z_times_h=chosen)
