"""Receptor occupancy and concentration conversions."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microdose import occupancy as occ

positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False)


def test_seed_occupancy_numbers():
    # K_d = 5 nM: therapeutic C_u = 10 nM -> ~67 %; microdose C_u = 0.005 nM -> ~0.1 %.
    assert occ.fractional_occupancy(10.0, 5.0) == pytest.approx(2 / 3)
    assert occ.fractional_occupancy(0.005, 5.0) == pytest.approx(0.005 / 5.005)
    assert round(100 * occ.fractional_occupancy(0.005, 5.0), 1) == 0.1


def test_half_occupancy_at_kd_and_limits():
    assert occ.fractional_occupancy(7.0, 7.0) == 0.5
    assert occ.fractional_occupancy(0.0, 7.0) == 0.0
    assert occ.fractional_occupancy(1e12, 1.0) == pytest.approx(1.0)


def test_inverse_values():
    assert occ.unbound_conc_for_occupancy_nM(0.5, 5.0) == pytest.approx(5.0)
    assert occ.unbound_conc_for_occupancy_nM(0.8, 5.0) == pytest.approx(20.0)
    assert occ.unbound_conc_for_occupancy_nM(0.0, 5.0) == 0.0


@given(cu=positive, kd=positive)
def test_inverse_round_trip(cu, kd):
    theta = occ.fractional_occupancy(cu, kd)
    if theta < 1 - 1e-9:
        assert occ.unbound_conc_for_occupancy_nM(theta, kd) == pytest.approx(cu, rel=1e-6)


@given(c1=positive, c2=positive, kd=positive)
def test_occupancy_is_monotone(c1, c2, kd):
    lo, hi = sorted((c1, c2))
    assert occ.fractional_occupancy(lo, kd) <= occ.fractional_occupancy(hi, kd)


def test_unbound_and_conversions():
    assert occ.total_to_unbound_conc_nM(100.0, 0.05) == pytest.approx(5.0)
    assert occ.ng_per_mL_to_nM(4.0, 400.0) == pytest.approx(10.0)
    assert occ.nM_to_ng_per_mL(10.0, 400.0) == pytest.approx(4.0)
    x = np.array([0.1, 1.0, 50.0])
    np.testing.assert_allclose(occ.nM_to_ng_per_mL(occ.ng_per_mL_to_nM(x, 321.0), 321.0), x)


def test_vectorised():
    out = occ.fractional_occupancy(np.array([0.0, 5.0, 15.0]), 5.0)
    np.testing.assert_allclose(out, [0.0, 0.5, 0.75])


def test_bad_input_names_parameter_and_unit():
    with pytest.raises(ValueError, match=r"unbound_conc_nM must be a non-negative number in nM; received -1"):
        occ.fractional_occupancy(-1.0, 5.0)
    with pytest.raises(ValueError, match=r"kd_nM.*nM"):
        occ.fractional_occupancy(1.0, 0.0)
    with pytest.raises(ValueError, match=r"occupancy.*fraction"):
        occ.unbound_conc_for_occupancy_nM(50.0, 5.0)  # percent instead of fraction
    with pytest.raises(ValueError, match="occupancy"):
        occ.unbound_conc_for_occupancy_nM(1.0, 5.0)  # 100 % needs infinite concentration
    with pytest.raises(ValueError, match="fraction_unbound"):
        occ.total_to_unbound_conc_nM(10.0, 0.0)
    with pytest.raises(TypeError, match="mw_g_per_mol"):
        occ.ng_per_mL_to_nM(1.0, None)
    with pytest.raises(ValueError, match="conc_nM"):
        occ.nM_to_ng_per_mL(float("nan"), 300.0)


@given(cu=positive, fu=st.floats(min_value=1e-4, max_value=1.0))
def test_total_from_unbound_inverts_unbound(cu, fu):
    assert occ.total_to_unbound_conc_nM(occ.unbound_to_total_conc_nM(cu, fu), fu) == pytest.approx(cu, rel=1e-12)


def test_total_from_unbound_bad_input():
    with pytest.raises(ValueError, match="fraction_unbound"):
        occ.unbound_to_total_conc_nM(5.0, 0.0)
    with pytest.raises(ValueError, match="unbound_conc_nM"):
        occ.unbound_to_total_conc_nM(-5.0, 0.5)


# -- operational model (Black & Leff 1983): occupancy is not effect ---------------------------------


def test_operational_model_by_hand():
    # tau * theta / (1 + tau * theta): 100 * 0.01 = 1 -> 1/2; 3 * 0.5 = 1.5 -> 0.6
    assert occ.operational_model_response_fraction(0.01, 100.0) == pytest.approx(0.5)
    assert occ.operational_model_response_fraction(0.5, 3.0) == pytest.approx(0.6)
    assert occ.operational_model_response_fraction(0.3, 0.0) == 0.0


def test_operational_model_maximum_and_occupancy_for_half_response():
    taus = np.array([0.5, 1.0, 10.0, 1000.0])
    # full occupancy gives the agonist's own maximum, tau / (1 + tau) of the system maximum
    np.testing.assert_allclose(occ.operational_model_response_fraction(1.0, taus), taus / (1 + taus))
    # half the system maximum needs occupancy 1/tau (for tau >= 1)
    np.testing.assert_allclose(occ.operational_model_response_fraction(1.0 / taus[1:], taus[1:]), 0.5)


def test_operational_model_equals_the_concentration_form():
    """E/Em = tau C / (K_A + (1 + tau) C), the form of Black & Leff 1983."""
    conc_nM, ka_nM, tau = np.logspace(-3, 3, 13), 5.0, 30.0
    theta = occ.fractional_occupancy(conc_nM, ka_nM)
    np.testing.assert_allclose(
        occ.operational_model_response_fraction(theta, tau), tau * conc_nM / (ka_nM + (1 + tau) * conc_nM)
    )


def test_operational_model_rejects_bad_input_naming_the_parameter():
    with pytest.raises(ValueError, match="occupancy"):
        occ.operational_model_response_fraction(1.5, 10.0)
    with pytest.raises(ValueError, match=r"tau.*dimensionless"):
        occ.operational_model_response_fraction(0.1, -1.0)
