"""The microdose-limit calculator: update() is a plain function; moving a control redraws."""

import numpy as np
import pytest

from microdose import regulatory as reg
from microdose.widgets.regulatory import MicrodoseLimitCalculator

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_defaults_reproduce_the_20_mg_example():
    # Course example: active at 20 mg -> 1/100 gives 200 µg, but the 100 µg ceiling binds.
    w = MicrodoseLimitCalculator()
    r = w.result
    assert r["pad_rule_ug"] == pytest.approx(200.0)
    assert r["absolute_cap_ug"] == pytest.approx(100.0)
    assert r["limit_ug"] == pytest.approx(100.0)
    assert r["binding_rule"] == "100 µg ceiling"
    assert r["crossover_active_dose_mg"] == pytest.approx(10.0)
    assert r["qualifies"] is True  # the default planned dose is 50 µg
    assert w.image.value[:8] == PNG_MAGIC
    assert "100 µg" in w.readout.value and "qualifies" in w.readout.value
    # the artists show the same numbers
    assert np.array(w.point.get_ydata())[0] == pytest.approx(100.0)
    assert np.array(w.cap_line.get_ydata()) == pytest.approx([100.0, 100.0])
    assert w.controls["mw_g_per_mol"].disabled  # MW is irrelevant for a small molecule


def test_update_matches_the_library_on_a_grid():
    w = MicrodoseLimitCalculator()
    for pad_mg in (0.03, 2.0, 10.0, 55.0, 4000.0):
        r = w.update(active_dose_mg=pad_mg, is_protein=False, mw_g_per_mol=150_000.0, planned_dose_ug=1.0)
        expected = reg.microdose_limit(pad_mg)
        assert r["limit_ug"] == pytest.approx(expected.limit_ug)
        assert r["binding_rule"] == expected.binding_rule
        assert r["qualifies"] == reg.qualifies_as_microdose(1.0, pad_mg)
    curve_y = np.array(w.limit_curve.get_ydata())
    curve_x = np.array(w.limit_curve.get_xdata())
    assert curve_y == pytest.approx(reg.microdose_limit_ug(curve_x))


def test_moving_the_active_dose_changes_rule_figure_and_readout():
    w = MicrodoseLimitCalculator()
    before_png, before_text = w.image.value, w.readout.value
    w.controls["active_dose_mg"].value = 2.0  # 2 mg / 100 = 20 µg < 100 µg
    r = w.result
    assert r["limit_ug"] == pytest.approx(20.0)
    assert r["binding_rule"] == "1/100 of the active dose"
    assert r["qualifies"] is False  # 50 µg planned > 20 µg
    assert r["planned_over_limit"] == pytest.approx(2.5)
    assert w.image.value != before_png and w.readout.value != before_text
    assert "not a microdose" in w.readout.value
    # the planned-dose marker switched from "qualifies" to "too large"
    assert len(w.planned_ok.get_xdata()) == 0 and len(w.planned_over.get_xdata()) == 1


def test_moving_the_planned_dose_changes_the_verdict():
    w = MicrodoseLimitCalculator()
    before = w.image.value
    w.controls["planned_dose_ug"].value = 150.0
    assert w.result["qualifies"] is False
    assert w.image.value != before


def test_protein_mode_uses_the_30_nmol_ceiling():
    mw = 150_000.0  # an IgG antibody
    w = MicrodoseLimitCalculator(active_dose_mg=1000.0, mw_g_per_mol=mw)
    assert w.result["absolute_cap_ug"] == pytest.approx(100.0)
    before_png = w.image.value
    w.controls["is_protein"].value = True
    r = w.result
    # 30 nmol × 150,000 g/mol = 4.5e6 ng = 4500 µg
    assert r["absolute_cap_ug"] == pytest.approx(reg.PROTEIN_CAP_NMOL * mw / 1000.0)
    assert r["absolute_cap_ug"] == pytest.approx(4500.0)
    assert r["limit_ug"] == pytest.approx(4500.0)
    assert r["binding_rule"] == "30 nmol protein ceiling"
    assert r["crossover_active_dose_mg"] == pytest.approx(450.0)
    assert not w.controls["mw_g_per_mol"].disabled
    assert w.image.value != before_png
    assert "30 nmol" in w.readout.value
    # a lighter protein has a lower ceiling in µg
    w.controls["mw_g_per_mol"].value = 15_000.0
    assert w.result["absolute_cap_ug"] == pytest.approx(reg.PROTEIN_CAP_NMOL * 15_000.0 / 1000.0, rel=1e-9)


def test_blitted_frame_matches_a_full_redraw():
    w = MicrodoseLimitCalculator()
    w.controls["is_protein"].value = True
    w.controls["active_dose_mg"].value = 300.0
    blitted = np.asarray(w.canvas.buffer_rgba()).astype(int)
    w.canvas.draw()  # full redraw of the same state
    full = np.asarray(w.canvas.buffer_rgba()).astype(int)
    assert blitted.shape == full.shape
    # Same artists in the same places: only faint shades differ (the grid sits above or
    # below the translucent shading), so almost no pixel differs by more than 40/255.
    assert np.mean(np.abs(blitted - full).max(axis=-1) > 40) < 1e-3


def test_unknown_initial_control_is_rejected():
    with pytest.raises(TypeError, match="no control named 'pad_mg'"):
        MicrodoseLimitCalculator(pad_mg=3.0)
