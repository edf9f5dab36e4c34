"""Dose projection for a target trough occupancy and go/no-go."""

import math

import numpy as np
import pytest

from microdose import pk
from microdose import projection as proj
from microdose.occupancy import fractional_occupancy

# The seed scenario (t1/2 = 4 h, F = 0.5, once daily). The seed does not give V, K_d,
# f_u or MW; these plausible values reproduce its ~91 mg and >360 mg figures:
SEED = dict(
    kd_nM=5.0, fraction_unbound=0.2, mw_g_per_mol=400.0, volume_L=72.0, tau_h=24.0, bioavailability=0.5, half_life_h=4.0
)


def test_closed_form_rapid_absorption():
    k = math.log(2) / 4.0
    per_mg = proj.trough_conc_per_mg_dose(volume_L=72.0, tau_h=24.0, bioavailability=0.5, half_life_h=4.0)
    assert per_mg == pytest.approx(0.5 / 72.0 * math.exp(-k * 24) / (1 - math.exp(-k * 24)))
    assert per_mg == pytest.approx(0.5 / (72.0 * 63.0))  # e^{-k tau} = 1/64 exactly


def test_projection_reaches_target_at_trough_by_simulation():
    dose = proj.dose_for_trough_occupancy_mg(0.5, **SEED, ka_per_h=1.0)
    k = math.log(2) / 4.0
    times = np.arange(0, 10 * 24, 24.0)
    trough = pk.multiple_dose_conc_mg_per_L(times[-1] + 24 - 1e-9, times, dose, 72.0, k * 72.0, 1.0, 0.5)
    cu_nM = 0.2 * trough / 400.0 * 1e6
    assert fractional_occupancy(cu_nM, 5.0) == pytest.approx(0.5, rel=1e-6)


def test_eighty_percent_needs_four_times_the_dose():
    d50 = proj.dose_for_trough_occupancy_mg(0.5, **SEED)
    d80 = proj.dose_for_trough_occupancy_mg(0.8, **SEED)
    assert d80 / d50 == pytest.approx(4.0)


def test_clearance_and_half_life_routes_agree():
    cl = math.log(2) / 4.0 * 72.0
    via_cl = proj.dose_for_trough_occupancy_mg(0.5, **{**SEED, "half_life_h": None}, clearance_L_per_h=cl)
    assert via_cl == pytest.approx(proj.dose_for_trough_occupancy_mg(0.5, **SEED))


def test_trough_occupancy_inverts_projection():
    doses = np.array([10.0, 90.72, 400.0])
    occ = proj.trough_occupancy(doses, **SEED)
    assert occ[1] == pytest.approx(0.5, rel=1e-4)
    back = proj.dose_for_trough_occupancy_mg(occ, **SEED)
    np.testing.assert_allclose(back, doses, rtol=1e-10)


def test_go_no_go():
    go = proj.go_no_go(90.7, 200.0)
    assert go.go and go.tablets_needed == 1 and not go.alternatives
    nogo = proj.go_no_go(362.9, 200.0)
    assert not nogo.go and nogo.tablets_needed == 2
    assert any("modified-release" in a for a in nogo.alternatives)


def test_bad_input():
    with pytest.raises(ValueError, match="exactly one of half_life_h"):
        proj.dose_for_trough_occupancy_mg(0.5, **{**SEED, "half_life_h": None})
    with pytest.raises(ValueError, match="exactly one of half_life_h"):
        proj.dose_for_trough_occupancy_mg(0.5, **SEED, clearance_L_per_h=10.0)
    with pytest.raises(ValueError, match="occupancy"):
        proj.dose_for_trough_occupancy_mg(80, **SEED)
    with pytest.raises(ValueError, match="fraction_unbound"):
        proj.dose_for_trough_occupancy_mg(0.5, **{**SEED, "fraction_unbound": 0.0})
    with pytest.raises(ValueError, match="bioavailability"):
        proj.trough_conc_per_mg_dose(volume_L=72, tau_h=24, bioavailability=0.0, half_life_h=4)
    with pytest.raises(ValueError, match="tau_h"):
        proj.trough_conc_per_mg_dose(volume_L=72, tau_h=-24, bioavailability=0.5, half_life_h=4)
    with pytest.raises(ValueError, match="dose_mg"):
        proj.trough_occupancy(-1.0, **SEED)
    with pytest.raises(ValueError, match="max_tablet_mg"):
        proj.go_no_go(100.0, 0.0)
    with pytest.raises(TypeError, match="required_dose_mg"):
        proj.go_no_go("100", 200.0)
