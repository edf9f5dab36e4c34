"""MicrodoseStudyExplorer: update() is a plain function of the controls; moving a control redraws."""

import numpy as np
import pytest

from microdose import pk
from microdose import simulation as sim
from microdose.widgets.simulation import MicrodoseStudyExplorer


def test_defaults_match_the_lesson_setup():
    w = MicrodoseStudyExplorer()
    r = w.result
    sens = sim.ams_sensitivity_counts_per_pg_per_mL(
        mw_g_per_mol=400.0, specific_activity_Bq_per_mg=37_000.0, sample_volume_uL=10.0, counting_efficiency=0.001
    )
    assert r["sensitivity_counts_per_pg_per_mL"] == pytest.approx(sens)
    # the line drawn is the limit the simulation applies: Currie's L_Q, 50{1 + [1 + B/12.5]^1/2} counts
    assert r["lloq_pg_per_mL"] == pytest.approx(50.0 * (1.0 + np.sqrt(1.0 + 50.0 / 12.5)) / sens)
    assert r["lloq_pg_per_mL"] == pytest.approx(sim.reporting_limit_counts(50.0) / sens)
    one_study = sim.repeat_study_nca(
        np.array([0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 24, 36, 48, 72, 96, 120, 168.0]),
        w.conc_true,
        100.0,
        n_studies=300,
        mw_g_per_mol=400.0,
        specific_activity_Bq_per_mg=37_000.0,
        sample_volume_uL=10.0,
        counting_efficiency=0.001,
        background_counts=50.0,
        rng=2101,
    )["conc_pg_per_mL"][0]
    reported = one_study[one_study > 0]
    assert np.all(reported >= r["lloq_pg_per_mL"]), "a reported point lies below the drawn LLOQ"
    np.testing.assert_allclose(w.points.get_ydata(), reported)
    assert r["clearance_interval_L_per_h"][0] < 12.0 < r["clearance_interval_L_per_h"][1]
    t_half = pk.rate_constant_to_half_life_h(0.06)
    assert r["half_life_interval_h"][0] < t_half < r["half_life_interval_h"][1]
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "CL/F" in w.readout.value


def test_update_is_reproducible_and_worse_data_widen_the_half_life_interval():
    w = MicrodoseStudyExplorer()
    good = w.update(sample_volume_uL=50.0, efficiency_percent=1.0, background_counts=10.0)
    assert good == w.update(sample_volume_uL=50.0, efficiency_percent=1.0, background_counts=10.0)
    poor = w.update(sample_volume_uL=2.0, efficiency_percent=0.05, background_counts=1000.0)

    def width(readout, key):
        return readout[key][1] - readout[key][0]

    assert width(poor, "half_life_interval_h") > 3 * width(good, "half_life_interval_h")
    assert width(poor, "clearance_interval_L_per_h") > width(good, "clearance_interval_L_per_h")
    assert poor["n_blq"] > good["n_blq"]


def test_moving_a_control_moves_the_points_the_limit_and_the_readout():
    w = MicrodoseStudyExplorer()
    png, text = w.image.value, w.readout.value
    lloq_before = w.lloq_line.get_ydata()[0]
    w.controls["background_counts"].value = 5000.0
    assert w.lloq_line.get_ydata()[0] > lloq_before
    assert len(w.points.get_xdata()) == 16 - w.result["n_blq"]
    assert w.image.value != png and w.readout.value != text


def test_hopeless_settings_do_not_crash():
    w = MicrodoseStudyExplorer()
    r = w.update(sample_volume_uL=1.0, efficiency_percent=0.01, background_counts=1e5)
    assert r["n_blq"] >= 10
    assert "CL/F" in w.readout_text(r)


def test_unknown_control_is_rejected():
    with pytest.raises(TypeError, match="no control named"):
        MicrodoseStudyExplorer(dose=3.0)
