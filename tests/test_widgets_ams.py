"""CountingSimulator: update() is a plain function of the controls; moving a control redraws."""

import numpy as np
import pytest

from microdose import ams
from microdose.widgets.ams import CountingSimulator


def test_defaults_reproduce_the_lesson_numbers():
    w = CountingSimulator()
    atoms = ams.c14_atoms_per_mL(0.5, 500.0, 37_000.0) * 30.0 / 1000.0
    r = w.result
    assert r["c14_atoms_in_sample"] == pytest.approx(atoms)
    assert r["expected_drug_counts"] == pytest.approx(ams.expected_counts(atoms, 0.01))
    assert r["relative_precision_drug"] == pytest.approx(ams.poisson_relative_precision(r["expected_drug_counts"]))
    assert r["critical_level_counts"] == pytest.approx(ams.critical_level_counts(25.0))
    assert r["detection_limit_counts"] == pytest.approx(ams.detection_limit_counts(25.0))
    # about 1,400 drug counts on a 25-count blank: every simulated measurement is detected
    assert r["above_detection_limit"] and r["fraction_detected"] == 1.0 and r["first_measurement_detected"]
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "detected" in w.readout.value


def test_update_is_a_plain_reproducible_function():
    w = CountingSimulator()
    values = dict(conc_pg_per_mL=0.005, sample_volume_uL=30.0, efficiency_percent=1.0, background_counts=25.0)
    first = w.update(**values)
    second = w.update(**values)
    assert first == second  # fixed seed
    # a late, low sample: ~14 drug counts, below L_D, so detected only part of the time
    assert not first["above_detection_limit"]
    assert 0.2 < first["fraction_detected"] < 0.95
    # false positives on blanks near Currie's alpha = 5 % (Poisson discreteness at small B)
    assert first["false_positive_fraction"] < 0.12


def test_whole_plasma_background_swamps_the_drug_signal():
    # without HPLC separation the blank is the natural 14C of 30 µL of plasma at 1 % efficiency
    natural = ams.expected_counts(ams.natural_c14_atoms_per_mL() * 0.030, 0.01)
    w = CountingSimulator()
    r = w.update(conc_pg_per_mL=0.5, sample_volume_uL=30.0, efficiency_percent=1.0, background_counts=natural)
    assert r["expected_drug_counts"] < r["critical_level_counts"] < r["detection_limit_counts"]
    assert r["fraction_detected"] < 0.5


def test_moving_a_control_moves_the_histograms_limit_lines_and_readout():
    w = CountingSimulator()
    png, text = w.image.value, w.readout.value
    lc_before = w.lc_line.get_xdata()[0]
    edges_before = np.array(w.sample_hist.get_data().edges)
    w.controls["background_counts"].value = 1000.0
    assert w.result["background_counts"] == pytest.approx(1000.0)
    assert w.lc_line.get_xdata()[0] == pytest.approx(1000.0 + ams.critical_level_counts(1000.0))
    assert w.lc_line.get_xdata()[0] > lc_before
    assert not np.array_equal(np.array(w.sample_hist.get_data().edges), edges_before)
    assert w.image.value != png and w.readout.value != text
    # more sample -> more counts -> better precision (1/sqrt N)
    p_before = w.result["relative_precision_drug"]
    w.controls["sample_volume_uL"].value = 60.0
    assert w.result["relative_precision_drug"] == pytest.approx(p_before / np.sqrt(2.0))


def test_extreme_control_values_stay_finite():
    w = CountingSimulator()
    for conc, vol, eff, bkg in [(1e-3, 5.0, 0.1, 1.0), (100.0, 100.0, 5.0, 1e7), (1e-3, 5.0, 0.1, 1e7)]:
        r = w.update(conc_pg_per_mL=conc, sample_volume_uL=vol, efficiency_percent=eff, background_counts=bkg)
        assert np.isfinite(r["expected_drug_counts"]) and r["expected_drug_counts"] > 0
        assert 0.0 <= r["fraction_detected"] <= 1.0
        w.render_png()


def test_unknown_initial_control_is_rejected():
    with pytest.raises(TypeError, match="no control named 'conc'"):
        CountingSimulator(conc=1.0)
