"""Non-linear PK widgets: update() is a plain function; moving a control redraws."""

import numpy as np
import pytest

from microdose import nonlinear, pk
from microdose.widgets.nonlinear import MechanismBasedInhibitionExplorer, SaturationExplorer

PNG = b"\x89PNG\r\n\x1a\n"


# -- SaturationExplorer ------------------------------------------------------------------


def test_saturation_defaults_match_the_library():
    w = SaturationExplorer()
    params = dict(volume_L=50.0, vmax_mg_per_h=30.0, km_mg_per_L=3.0)
    expected = nonlinear.linear_extrapolation_error(0.1, 300.0, **params)
    assert w.result["extrapolation_error"] == pytest.approx(expected, rel=1e-12)
    assert w.result["auc_true_mg_h_per_L"] == pytest.approx(nonlinear.mm_iv_bolus_auc(300.0, **params))
    # predicted = microdose AUC scaled by the dose ratio; true / predicted = 1 + error
    assert w.result["auc_predicted_mg_h_per_L"] == pytest.approx(nonlinear.mm_iv_bolus_auc(0.1, **params) * 3000.0)
    assert w.result["auc_true_mg_h_per_L"] / w.result["auc_predicted_mg_h_per_L"] == pytest.approx(1.0 + expected)
    assert w.result["c0_over_km"] == pytest.approx(2.0)
    assert w.image.value[:8] == PNG
    assert "× the linear prediction" in w.readout.value
    assert f"{1 + expected:.3g}×" in w.readout.value


def test_saturation_markers_and_curves_follow_the_library():
    w = SaturationExplorer()
    r = w.update(vmax_mg_per_h=30.0, km_mg_per_L=3.0, therapeutic_dose_mg=1000.0)
    assert np.asarray(w.ther_point.get_xdata())[0] == 1000.0
    assert np.asarray(w.ther_point.get_ydata())[0] == pytest.approx(1.0 + r["extrapolation_error"])
    assert np.asarray(w.micro_point.get_ydata())[0] == 1.0
    assert np.asarray(w.km_line.get_xdata())[0] == pytest.approx(3.0 * 50.0)  # C0 = Km at Km·V
    # dose-normalised AUC curve is ~1 at tiny doses and rises monotonically
    y = np.asarray(w.auc_curve.get_ydata())
    assert y[0] == pytest.approx(1.0, abs=1e-2) and np.all(np.diff(y) > 0)
    # the therapeutic profile divided by dose lies above the microdose one after t = 0
    micro, ther = np.asarray(w.micro_curve.get_ydata()), np.asarray(w.ther_curve.get_ydata())
    assert micro[0] == pytest.approx(ther[0]) == pytest.approx(1 / 50.0)
    assert np.all(ther[1:40] > micro[1:40])


def test_saturation_error_does_not_depend_on_vmax():
    w = SaturationExplorer()
    a = w.update(vmax_mg_per_h=10.0, km_mg_per_L=3.0, therapeutic_dose_mg=300.0)
    b = w.update(vmax_mg_per_h=100.0, km_mg_per_L=3.0, therapeutic_dose_mg=300.0)
    assert a["extrapolation_error"] == pytest.approx(b["extrapolation_error"], rel=1e-12)
    assert a["auc_true_mg_h_per_L"] == pytest.approx(10 * b["auc_true_mg_h_per_L"])


def test_saturation_slider_move_redraws():
    w = SaturationExplorer()
    before_png, before_text = w.image.value, w.readout.value
    before = w.result["extrapolation_error"]
    w.controls["km_mg_per_L"].value = 30.0  # higher Km -> less saturation
    assert w.result["extrapolation_error"] < before
    assert w.image.value != before_png and w.readout.value != before_text
    w.controls["therapeutic_dose_mg"].value = 1.0  # tiny dose -> almost linear
    assert w.result["extrapolation_error"] < 1e-3


# -- MechanismBasedInhibitionExplorer ---------------------------------------------------


def _library_run(w, **values):
    return nonlinear.mbi_repeated_dosing(
        values["dose_mg"],
        w.tau_h,
        values["n_days"],
        volume_L=w.volume_L,
        clearance_L_per_h=w.clearance_L_per_h,
        ka_per_h=w.ka_per_h,
        bioavailability=w.bioavailability,
        fraction_unbound=w.fraction_unbound,
        mw_g_per_mol=w.mw_g_per_mol,
        kinact_per_h=values["kinact_per_h"],
        ki_uM=values["ki_uM"],
        fraction_metabolised=w.fraction_metabolised,
        points_per_interval=w.points_per_interval,
    )


def test_mbi_defaults_match_the_library():
    w = MechanismBasedInhibitionExplorer()
    res = _library_run(w, **w.values)
    assert w.values == {"kinact_per_h": 1.0, "ki_uM": 5.0, "dose_mg": 200.0, "n_days": 14}
    assert w.result["clearance_end_L_per_h"] == pytest.approx(res.clearance_L_per_h[-1])
    assert w.result["auc_ratio_last_day"] == pytest.approx(nonlinear.mbi_exposure_ratio(res))
    assert w.result["auc_ratio_first_day"] == pytest.approx(nonlinear.mbi_exposure_ratio(res, 0))
    assert 0.0 < w.result["clearance_fall"] < w.fraction_metabolised
    assert w.result["auc_ratio_last_day"] > w.result["auc_ratio_first_day"] > 1.0
    assert len(w.trough.get_xdata()) == 14
    assert w.image.value[:8] == PNG


def test_mbi_without_inactivation_is_linear():
    w = MechanismBasedInhibitionExplorer()
    r = w.update(kinact_per_h=0.0, ki_uM=5.0, dose_mg=200.0, n_days=7)
    assert r["clearance_fall"] == pytest.approx(0.0, abs=1e-12)
    # troughs equal the superposition (linear) troughs
    assert np.asarray(w.trough.get_ydata()) == pytest.approx(np.asarray(w.linear_trough.get_ydata()), rel=1e-5)
    lin = pk.multiple_dose_conc_mg_per_L(
        [7 * 24.0],
        np.arange(7) * 24.0,
        200.0,
        volume_L=100.0,
        clearance_L_per_h=20.0,
        ka_per_h=1.0,
        bioavailability=0.5,
    )
    assert r["linear_trough_last_mg_per_L"] == pytest.approx(lin[0])
    assert r["auc_ratio_last_day"] == pytest.approx(1.0, rel=1e-3)


def test_mbi_slider_move_redraws():
    w = MechanismBasedInhibitionExplorer()
    before_png, before_text = w.image.value, w.readout.value
    before = w.result["clearance_fall"]
    w.controls["kinact_per_h"].value = 3.0  # faster inactivation -> larger fall
    assert w.result["clearance_fall"] > before
    assert w.image.value != before_png and w.readout.value != before_text
    w.controls["n_days"].value = 28
    assert len(w.trough.get_xdata()) == 28
    assert np.asarray(w.cl_curve.get_xdata())[-1] == pytest.approx(28.0)


def test_mbi_sliders_update_on_release_only():
    w = MechanismBasedInhibitionExplorer()
    assert all(not c.continuous_update for c in w.controls.values())
