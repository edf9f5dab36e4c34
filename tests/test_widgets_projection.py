"""DosePlanner: update() is a plain function of the controls; check its numbers against the library."""

import numpy as np
import pytest

from microdose import projection
from microdose.pk import half_life_to_rate_constant_per_h
from microdose.widgets.projection import DosePlanner

# Lesson 1.7 / tests/test_seed_numbers.py inputs (V 72 L and MW 400 g/mol are class attributes).
SEED = dict(
    kd_nM=5.0, fraction_unbound=0.2, mw_g_per_mol=400.0, volume_L=72.0, tau_h=24.0, bioavailability=0.5, half_life_h=4.0
)


def test_defaults_reproduce_the_lesson_scenario():
    w = DosePlanner()
    assert w.result["dose_mg"] == pytest.approx(projection.dose_for_trough_occupancy_mg(0.5, **SEED))
    assert round(w.result["dose_mg"]) == 91
    assert w.result["go"] and w.result["tablets_needed"] == 1
    # the drawn steady-state profile really has its trough at the target
    assert w.result["trough_occupancy"] == pytest.approx(0.5, abs=1e-3)
    assert 0.5 < w.result["peak_occupancy"] < 1.0
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "GO" in w.readout.value and "91" in w.readout.value


def test_update_called_directly_matches_the_library():
    w = DosePlanner()
    values = dict(w.values, target_occupancy=0.8)
    r = w.update(**values)
    assert r["dose_mg"] == pytest.approx(projection.dose_for_trough_occupancy_mg(0.8, **SEED))
    assert r["dose_mg"] > 360 and not r["go"] and r["tablets_needed"] == 2
    assert r["tablet_trough_occupancy"] == pytest.approx(projection.trough_occupancy(200.0, **SEED))
    assert r["trough_occupancy"] == pytest.approx(0.8, abs=1e-3)


def test_moving_controls_updates_figure_readout_and_marker():
    w = DosePlanner()
    png, text = w.image.value, w.readout.value
    y_before = np.array(w.dose_point.get_ydata())[0]
    w.controls["target_occupancy"].value = 0.8
    assert w.result["dose_mg"] / projection.dose_for_trough_occupancy_mg(0.5, **SEED) == pytest.approx(4.0)
    assert np.array(w.dose_point.get_ydata())[0] > y_before
    assert w.dose_point.get_marker() == "X"  # NO-GO look
    assert w.image.value != png and w.readout.value != text
    w.controls["tau_h"].value = 12.0  # twice daily rescues it
    assert w.result["dose_mg"] == pytest.approx(projection.dose_for_trough_occupancy_mg(0.8, **dict(SEED, tau_h=12.0)))
    assert w.result["go"] and w.dose_point.get_marker() == "o"
    assert w.result["daily_dose_mg"] == pytest.approx(2 * w.result["dose_mg"])


def test_slow_absorption_and_tablet_limit():
    w = DosePlanner(target_occupancy=0.8, absorption_half_life_h=4.0)
    ka = half_life_to_rate_constant_per_h(4.0)
    expected = projection.dose_for_trough_occupancy_mg(0.8, **SEED, ka_per_h=ka)
    assert w.result["dose_mg"] == pytest.approx(expected)
    assert w.result["dose_mg"] < projection.dose_for_trough_occupancy_mg(0.8, **SEED)
    assert w.result["trough_occupancy"] == pytest.approx(0.8, abs=2e-3)
    w.controls["max_tablet_mg"].value = 50.0
    assert w.result["go"] == (expected <= 50.0)
    assert np.array(w.tablet_line.get_ydata())[0] == pytest.approx(50.0)


def test_extreme_controls_stay_finite():
    w = DosePlanner(
        target_occupancy=0.95, half_life_h=1.0, bioavailability=0.05, kd_nM=100.0, fraction_unbound=0.01, tau_h=24.0
    )
    assert np.isfinite(w.result["dose_mg"]) and not w.result["go"]
    w = DosePlanner(target_occupancy=0.1, half_life_h=48.0, tau_h=6.0, absorption_half_life_h=12.0)
    assert np.isfinite(w.result["dose_mg"]) and w.result["go"]
