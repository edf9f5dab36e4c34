"""Tests of microdose.simulation: simulated AMS measurements and repeated-study NCA."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose import ams, nca, pk
from microdose import simulation as sim

KW = dict(mw_g_per_mol=400.0, specific_activity_Bq_per_mg=37_000.0, sample_volume_uL=20.0, counting_efficiency=0.01)


def test_sensitivity_hand_value():
    # N(1 pg/mL) = 1e-9 mg * SA / lambda; in 20 µL (0.02 mL), 1 % counted
    expected = 0.01 * 0.02 * 1e-9 * 37_000.0 / ams.C14_DECAY_CONSTANT_PER_S
    assert sim.ams_sensitivity_counts_per_pg_per_mL(**KW) == pytest.approx(expected, rel=1e-12)


def test_sensitivity_is_linear_in_volume_efficiency_and_activity():
    base = sim.ams_sensitivity_counts_per_pg_per_mL(**KW)
    assert sim.ams_sensitivity_counts_per_pg_per_mL(**{**KW, "sample_volume_uL": 40.0}) == pytest.approx(2 * base)
    assert sim.ams_sensitivity_counts_per_pg_per_mL(**{**KW, "counting_efficiency": 0.005}) == pytest.approx(base / 2)
    assert sim.ams_sensitivity_counts_per_pg_per_mL(**{**KW, "specific_activity_Bq_per_mg": 3700.0}) == pytest.approx(
        base / 10
    )


def test_measurements_are_unbiased_and_poisson_scattered():
    conc = np.array([1.0, 10.0, 100.0])
    data = sim.simulate_ams_measurements(conc, **KW, background_counts=0.0, rng=3, n_replicates=20_000)
    assert data.shape == (20_000, 3)
    sens = sim.ams_sensitivity_counts_per_pg_per_mL(**KW)
    np.testing.assert_allclose(data.mean(axis=0), conc, rtol=0.01)
    # relative SD of a Poisson count = 1/sqrt(mu)
    np.testing.assert_allclose(data.std(axis=0) / conc, 1 / np.sqrt(sens * conc), rtol=0.05)


def test_background_adds_variance():
    conc = np.full(1, 1.0)
    sens = sim.ams_sensitivity_counts_per_pg_per_mL(**KW)
    bkg = 5 * sens
    data = sim.simulate_ams_measurements(
        conc, **KW, background_counts=bkg, rng=4, n_replicates=20_000, report_above=None
    )
    expected_sd = np.sqrt(sens + 2 * bkg) / sens  # var(G - B') = mu + 2B
    assert data.std() == pytest.approx(expected_sd, rel=0.05)


def test_zero_concentration_false_positives_critical_level_vs_lloq():
    # reporting from Currie's L_C lets about alpha = 5 % of blanks through (false positives) ...
    data = sim.simulate_ams_measurements(
        np.zeros(5), **KW, background_counts=400.0, rng=5, n_replicates=4000, report_above="critical"
    )
    assert np.all(data >= 0)
    assert 0.03 < np.mean(data > 0) < 0.07
    # ... reporting from L_Q (the default, an LLOQ) practically none
    data = sim.simulate_ams_measurements(np.zeros(5), **KW, background_counts=400.0, rng=5, n_replicates=4000)
    assert np.mean(data > 0) < 1e-3


def test_quantification_limit_hand_values():
    # Currie 1968, k_Q = 10: L_Q = 50{1 + [1 + B/12.5]^1/2} (paired), 50{1 + [1 + B/25]^1/2} (well-known)
    assert ams.quantification_limit_counts(0.0) == pytest.approx(100.0)
    assert ams.quantification_limit_counts(50.0) == pytest.approx(50.0 * (1.0 + np.sqrt(5.0)))
    assert ams.quantification_limit_counts(100.0, paired=False) == pytest.approx(50.0 * (1.0 + np.sqrt(5.0)))
    out = ams.quantification_limit_counts(np.array([0.0, 12.5]))
    np.testing.assert_allclose(out, [100.0, 50.0 * (1.0 + np.sqrt(2.0))])
    # large background: L_Q -> 50 + 10 sigma_0 with sigma_0 = sqrt(2B), the "10 sigma" rule
    b = 1e8
    assert ams.quantification_limit_counts(b) == pytest.approx(50.0 + 10.0 * np.sqrt(2.0 * b), rel=1e-6)


@pytest.mark.parametrize("bkg", [0.0, 3.0, 50.0, 2000.0])
@pytest.mark.parametrize("paired, blank_variance_factor", [(True, 2.0), (False, 1.0)])
def test_quantification_limit_has_ten_percent_rsd(bkg, paired, blank_variance_factor):
    lq = ams.quantification_limit_counts(bkg, paired=paired)
    # defining property: SD of the net signal at L_Q, sqrt(L_Q + sigma_0^2), is 10 % of L_Q
    assert np.sqrt(lq + blank_variance_factor * bkg) / lq == pytest.approx(0.10, rel=1e-12)


def test_quantification_limit_rsd_by_simulation():
    bkg = 50.0
    lq = ams.quantification_limit_counts(bkg)
    rng = np.random.default_rng(8)
    net = rng.poisson(lq + bkg, 200_000) - rng.poisson(bkg, 200_000)
    assert net.std() / lq == pytest.approx(0.10, rel=0.02)


def test_reporting_limit_choices():
    assert sim.reporting_limit_counts(100.0) == pytest.approx(ams.quantification_limit_counts(100.0))
    assert sim.reporting_limit_counts(100.0, "critical") == pytest.approx(ams.critical_level_counts(100.0))
    assert sim.reporting_limit_counts(100.0, None) == 0.0
    # ordering of Currie's limits: L_C < L_D < L_Q
    for b in (0.0, 1.0, 50.0, 1e4):
        assert (
            sim.reporting_limit_counts(b, "critical")
            < ams.detection_limit_counts(b)
            < sim.reporting_limit_counts(b, "quantification")
        )
    with pytest.raises(ValueError, match="report_above"):
        sim.reporting_limit_counts(100.0, "detection")
    with pytest.raises(ValueError, match="background_counts"):
        sim.reporting_limit_counts(-1.0)
    with pytest.raises(ValueError, match="background_counts"):
        ams.quantification_limit_counts(-1.0)
    with pytest.raises(TypeError, match="paired"):
        ams.quantification_limit_counts(1.0, paired=1)


@pytest.mark.parametrize("report_above", ["quantification", "critical"])
def test_every_reported_value_is_at_or_above_the_reporting_limit(report_above):
    sens = sim.ams_sensitivity_counts_per_pg_per_mL(**KW)
    bkg = 50.0
    limit_pg_per_mL = sim.reporting_limit_counts(bkg, report_above) / sens
    conc = limit_pg_per_mL * np.array([0.0, 0.3, 0.8, 1.0, 1.2, 3.0])
    data = sim.simulate_ams_measurements(
        conc, **KW, background_counts=bkg, rng=9, n_replicates=5000, report_above=report_above
    )
    reported = data[data > 0]
    assert reported.size > 0 and np.all(reported >= limit_pg_per_mL * (1 - 1e-12))
    # a true concentration at the limit is reported about half of the time; far above it, always
    assert 0.35 < np.mean(data[:, 3] > 0) < 0.65
    assert np.mean(data[:, 5] > 0) > 0.99


def test_reproducible_with_seed_and_scalar_output():
    a = sim.simulate_ams_measurements([5.0, 2.0], **KW, background_counts=10.0, rng=7)
    b = sim.simulate_ams_measurements([5.0, 2.0], **KW, background_counts=10.0, rng=7)
    np.testing.assert_array_equal(a, b)
    assert isinstance(sim.simulate_ams_measurements(5.0, **KW, background_counts=10.0, rng=1), float)


@pytest.mark.parametrize(
    "bad, exc, match",
    [
        (dict(conc_pg_per_mL=-1.0), ValueError, "conc_pg_per_mL"),
        (dict(conc_pg_per_mL="a"), TypeError, "conc_pg_per_mL"),
        (dict(mw_g_per_mol=0.0), ValueError, "mw_g_per_mol"),
        (dict(specific_activity_Bq_per_mg=-5.0), ValueError, "specific_activity_Bq_per_mg"),
        (dict(sample_volume_uL=0.0), ValueError, "sample_volume_uL"),
        (dict(counting_efficiency=1.5), ValueError, "counting_efficiency"),
        (dict(counting_efficiency=0.0), ValueError, "counting_efficiency"),
        (dict(background_counts=-1.0), ValueError, "background_counts"),
        (dict(background_counts=[1.0, 2.0]), ValueError, "background_counts"),
        (dict(sample_volume_uL=[1.0, 2.0]), ValueError, "sample_volume_uL"),
        (dict(n_replicates=0), ValueError, "n_replicates"),
        (dict(n_replicates=2.5), ValueError, "n_replicates"),
        (dict(rng="x"), TypeError, "rng"),
        (dict(report_above="detection"), ValueError, "report_above"),
        (dict(report_above=1), TypeError, "report_above"),
        (dict(conc_pg_per_mL=1e30), ValueError, "conc_pg_per_mL"),
    ],
)
def test_simulate_rejects_bad_input(bad, exc, match):
    args = dict(conc_pg_per_mL=[1.0, 2.0], **KW, background_counts=10.0, rng=1)
    args.update(bad)
    with pytest.raises(exc, match=match):
        sim.simulate_ams_measurements(args.pop("conc_pg_per_mL"), **args)


def test_sensitivity_rejects_bad_input():
    with pytest.raises(ValueError, match="sample_volume_uL"):
        sim.ams_sensitivity_counts_per_pg_per_mL(**{**KW, "sample_volume_uL": -1.0})
    with pytest.raises(TypeError, match="mw_g_per_mol"):
        sim.ams_sensitivity_counts_per_pg_per_mL(**{**KW, "mw_g_per_mol": None})


T = np.array([0.5, 1, 2, 3, 4, 6, 8, 12, 24, 36, 48, 72.0])
C_TRUE = pk.oral_conc_mg_per_L(T, 0.1, 100.0, 6.0, 1.0, 0.5) * 1e6  # 100 µg, pg/mL


def test_repeat_study_matches_nca_many_and_converts_units():
    res = sim.repeat_study_nca(T, C_TRUE, 100.0, n_studies=50, **KW, background_counts=50.0, rng=11)
    again = nca.nca_many(T, res["conc_pg_per_mL"], 100.0)
    np.testing.assert_allclose(res["auc_inf"], again["auc_inf"])
    np.testing.assert_allclose(res["clearance_L_per_h"], 1000 * 100.0 / res["auc_inf"])
    np.testing.assert_allclose(res["volume_z_L"], res["clearance_L_per_h"] / res["lambda_z_per_h"])
    assert res["conc_pg_per_mL"].shape == (50, T.size)


def test_repeat_study_passes_the_reporting_limit_on():
    # a background of 1e6 counts puts the 72 h sample (about 1.4e4 expected counts) near L_Q
    kw = dict(n_studies=300, **KW, background_counts=1e6, rng=13)
    lloq = sim.repeat_study_nca(T, C_TRUE, 100.0, **kw)["conc_pg_per_mL"]
    lc = sim.repeat_study_nca(T, C_TRUE, 100.0, **kw, report_above="critical")["conc_pg_per_mL"]
    assert np.sum(lc > 0) > np.sum(lloq > 0)
    sens = sim.ams_sensitivity_counts_per_pg_per_mL(**KW)
    assert np.all(lloq[lloq > 0] >= ams.quantification_limit_counts(1e6) / sens)


def test_repeat_study_recovers_true_clearance():
    res = sim.repeat_study_nca(T, C_TRUE, 100.0, n_studies=500, **KW, background_counts=50.0, rng=12)
    noise_free = nca.nca(T, C_TRUE, 100.0)
    assert np.median(res["clearance_L_per_h"]) == pytest.approx(1000 * noise_free.clearance, rel=0.01)
    assert 1000 * noise_free.clearance == pytest.approx(12.0, rel=0.05)  # CL/F = 6 / 0.5


@pytest.mark.parametrize(
    "bad, exc, match",
    [
        (dict(time_h=[1.0, 0.5] + list(T[2:])), ValueError, "time_h"),
        (dict(conc_true_pg_per_mL=C_TRUE[:-1]), ValueError, "conc_true_pg_per_mL"),
        (dict(dose_ug=0.0), ValueError, "dose_ug"),
        (dict(dose_ug=[1.0, 2.0]), ValueError, "dose_ug"),
        (dict(n_studies=0), ValueError, "n_studies"),
        (dict(route="oral"), ValueError, "route"),
    ],
)
def test_repeat_study_rejects_bad_input(bad, exc, match):
    args = dict(time_h=T, conc_true_pg_per_mL=C_TRUE, dose_ug=100.0, n_studies=3, **KW, background_counts=1.0, rng=1)
    args.update(bad)
    with pytest.raises(exc, match=match):
        sim.repeat_study_nca(args.pop("time_h"), args.pop("conc_true_pg_per_mL"), args.pop("dose_ug"), **args)


def test_percentile_interval_hand_values():
    out = sim.percentile_interval(np.arange(101.0), level=0.9)
    assert out == pytest.approx({"low": 5.0, "median": 50.0, "high": 95.0, "n_failed": 0})
    assert sim.percentile_interval([2.0, np.nan])["n_failed"] == 1


@pytest.mark.parametrize(
    "values, level, exc, match",
    [
        ([1.0, 2.0], 1.0, ValueError, "level"),
        ([1.0, 2.0], 0.0, ValueError, "level"),
        ([[1.0, 2.0]], 0.9, ValueError, "values"),
        ([np.nan], 0.9, ValueError, "values"),
        ([1.0, np.inf], 0.9, ValueError, "values"),
        ("abc", 0.9, TypeError, "values"),
        ([True, False], 0.9, TypeError, "values"),
    ],
)
def test_percentile_interval_rejects_bad_input(values, level, exc, match):
    with pytest.raises(exc, match=match):
        sim.percentile_interval(values, level=level)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=1e4), min_size=1, max_size=8), st.floats(min_value=0.0, max_value=1e4)
)
def test_measurements_are_never_negative_and_keep_shape(conc, bkg):
    out = sim.simulate_ams_measurements(np.array(conc), **KW, background_counts=bkg, rng=0, n_replicates=3)
    assert out.shape == (3, len(conc)) and np.all(out >= 0) and np.all(np.isfinite(out))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=30),
    st.floats(min_value=0.05, max_value=0.95),
)
def test_percentile_interval_is_ordered(values, level):
    out = sim.percentile_interval(values, level=level)
    assert out["low"] <= out["median"] <= out["high"]
