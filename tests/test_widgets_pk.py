"""Linear PK dose-scaling widget: update() is a plain function; moving a control redraws."""

import numpy as np
import pytest

from microdose import pk
from microdose.widgets.pk import DoseScalingExplorer


def test_defaults_match_the_library():
    w = DoseScalingExplorer()
    assert w.result["auc_dose_mg_h_per_L"] == pytest.approx(pk.auc_inf_mg_h_per_L(100.0, 7.0, 0.6))
    assert w.result["auc_scaled_mg_h_per_L"] == pytest.approx(w.result["auc_dose_mg_h_per_L"])
    assert w.result["dose_ratio"] == pytest.approx(1000.0)
    assert w.result["half_life_h"] == pytest.approx(pk.rate_constant_to_half_life_h(7.0 / 140.0))
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_dose_normalised_curves_coincide():
    w = DoseScalingExplorer()
    w.update(dose_mg=250.0, clearance_L_per_h=10.0, volume_L=50.0)
    micro = np.asarray(w.micro_norm.get_ydata())
    dose = np.asarray(w.dose_norm.get_ydata())
    assert dose == pytest.approx(micro, rel=1e-12)
    expected = 1000 * pk.oral_conc_mg_per_L(np.asarray(w.dose_curve.get_xdata()), 250.0, 50.0, 10.0, 1.0, 0.6)
    assert np.asarray(w.dose_curve.get_ydata()) == pytest.approx(expected)


def test_slider_move_redraws():
    w = DoseScalingExplorer()
    before_png, before_text = w.image.value, w.readout.value
    w.controls["dose_mg"].value = 10.0
    assert w.result["dose_ratio"] == pytest.approx(100.0)
    assert w.result["auc_dose_mg_h_per_L"] == pytest.approx(pk.auc_inf_mg_h_per_L(10.0, 7.0, 0.6))
    assert w.image.value != before_png and w.readout.value != before_text
