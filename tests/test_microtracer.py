"""IV microtracer design: absolute bioavailability, CL and V from the tracer."""

import numpy as np
import pytest

from microdose import microtracer as mt

TRUE = dict(volume_L=80.0, clearance_L_per_h=8.0, ka_per_h=1.5, bioavailability=0.35)
TIMES = np.array([0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 72.0])


def test_formulas_hand_values():
    assert mt.absolute_bioavailability(500.0, 100.0, 10_000.0, 100.0) == pytest.approx(0.05)
    assert mt.systemic_clearance_L_per_h(100.0, 10_000.0) == pytest.approx(10.0)
    assert mt.volume_z_L(100.0, 10_000.0, 0.1) == pytest.approx(100.0)


def test_units_cancel_for_bioavailability():
    # 100 mg oral, CL 10 L/h, F 0.5 -> AUC_po = 5 mg·h/L = 5000 ng·h/mL
    # 100 µg IV -> AUC_iv = 0.01 mg·h/L = 10,000 pg·h/mL
    assert mt.absolute_bioavailability(5000.0, 100.0, 10_000.0, 100.0) == pytest.approx(0.5)


def test_profiles_have_expected_exposure():
    t = np.linspace(0, 400, 40001)
    oral, tracer = mt.microtracer_profiles(t, dose_oral_mg=100.0, dose_iv_ug=100.0, **TRUE)
    assert np.trapezoid(oral, t) == pytest.approx(0.35 * 100 / 8.0 * 1000, rel=1e-4)  # ng·h/mL
    assert np.trapezoid(tracer, t) == pytest.approx(0.1 / 8.0 * 1e6, rel=1e-3)  # pg·h/mL
    _, late = mt.microtracer_profiles(t, dose_oral_mg=100.0, dose_iv_ug=100.0, tracer_time_h=2.0, **TRUE)
    assert np.all(late[t < 2.0] == 0.0) and late[t >= 2.0][0] == pytest.approx(100e-3 / 80 * 1e6)


def test_analysis_recovers_true_parameters():
    oral, _ = mt.microtracer_profiles(TIMES, dose_oral_mg=100.0, dose_iv_ug=100.0, **TRUE)
    _, tracer = mt.microtracer_profiles(TIMES, dose_oral_mg=100.0, dose_iv_ug=100.0, **TRUE)
    result = mt.analyse_microtracer(TIMES, oral, 100.0, TIMES, tracer, 100.0)
    # IV mono-exponential: log-down NCA is exact apart from C0 back-extrapolation (exact too)
    assert result.clearance_L_per_h == pytest.approx(8.0, rel=1e-6)
    assert result.volume_z_L == pytest.approx(80.0, rel=1e-6)
    assert result.volume_ss_L == pytest.approx(80.0, rel=1e-6)
    # oral AUC by trapezoids on a clinical schedule: within a few per cent
    assert result.bioavailability == pytest.approx(0.35, rel=0.03)
    assert result.oral_clearance_over_F_L_per_h == pytest.approx(8.0 / 0.35, rel=0.03)
    assert result.half_life_iv_h == pytest.approx(np.log(2) / 0.1, rel=1e-6)


def test_bad_input():
    with pytest.raises(ValueError, match="dose_iv_ug"):
        mt.absolute_bioavailability(500.0, 100.0, 10_000.0, 0.0)
    with pytest.raises(ValueError, match="auc_oral_ng_h_per_mL"):
        mt.absolute_bioavailability(-5.0, 100.0, 10_000.0, 100.0)
    with pytest.raises(TypeError, match="auc_iv_pg_h_per_mL"):
        mt.systemic_clearance_L_per_h(100.0, "lots")
    with pytest.raises(ValueError, match="lambda_z_per_h"):
        mt.volume_z_L(100.0, 1e4, float("nan"))
    with pytest.raises(ValueError, match="tracer_time_h"):
        mt.microtracer_profiles(TIMES, dose_oral_mg=100.0, dose_iv_ug=100.0, tracer_time_h=-1.0, **TRUE)
    with pytest.raises(ValueError, match="dose_oral_mg"):
        mt.analyse_microtracer(TIMES, TIMES, 0.0, TIMES, TIMES, 100.0)
