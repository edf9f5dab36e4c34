"""RadiationDoseExplorer: update() is a plain function of the controls; check it against the library."""

import numpy as np
import pytest

from microdose import safety
from microdose.widgets.safety import RadiationDoseExplorer


def test_defaults_are_the_100_nCi_microtracer():
    w = RadiationDoseExplorer()
    r = w.result
    assert r["activity_uCi"] == pytest.approx(0.1)
    assert r["effective_dose_uSv"] == pytest.approx(safety.committed_effective_dose_uSv(3.7))
    assert r["category"] == "I"
    assert r["us_flights"] < 1
    assert r["risk"] == pytest.approx(safety.radiation_risk(safety.committed_effective_dose_uSv(3.7)))
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "µSv" in w.readout.value


def test_update_called_directly_for_a_classical_adme_dose():
    w = RadiationDoseExplorer()
    r = w.update(
        activity_kBq=3700.0,
        dose_coefficient_Sv_per_Bq=safety.C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ,
        risk_per_Sv=safety.NOMINAL_RISK_PER_SV_WHOLE_POPULATION,
    )
    assert r["effective_dose_uSv"] == pytest.approx(1000 * safety.committed_effective_dose_uSv(3.7))
    assert r["category"] == "IIb"
    assert r["risk"] == pytest.approx(
        safety.radiation_risk(r["effective_dose_uSv"], safety.NOMINAL_RISK_PER_SV_WHOLE_POPULATION)
    )
    assert w.tracer_bar.get_width() == pytest.approx(r["effective_dose_uSv"] - w.tracer_bar.get_x())


def test_moving_the_activity_slider_moves_the_bar():
    w = RadiationDoseExplorer()
    width, png, text = w.tracer_bar.get_width(), w.image.value, w.readout.value
    w.controls["activity_kBq"].value = 37.0
    assert w.result["effective_dose_uSv"] == pytest.approx(10 * safety.committed_effective_dose_uSv(3.7))
    assert w.tracer_bar.get_width() > width
    assert w.image.value != png and w.readout.value != text


def test_top_of_the_range_is_handled():
    w = RadiationDoseExplorer(activity_kBq=1e4, dose_coefficient_Sv_per_Bq=1e-8)
    assert w.result["category"] == "III"
    assert np.isfinite(w.result["risk"]) or "do not apply" in w.readout.value
