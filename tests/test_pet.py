"""Tests for microdose.pet: brain exposure, tracer mass limits and PET occupancy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose import pet
from microdose.occupancy import fractional_occupancy


def test_unbound_brain_conc_hand_values():
    assert pet.unbound_brain_conc_nM(10.0, 0.2) == pytest.approx(2.0)
    assert pet.unbound_brain_conc_nM(0.0, 3.0) == 0.0
    np.testing.assert_allclose(pet.unbound_brain_conc_nM([1.0, 2.0], [1.0, 0.5]), [1.0, 1.0])


def test_csf_to_kp_uu_inverts_unbound_brain_conc():
    assert pet.csf_to_kp_uu(0.5, 2.0) == pytest.approx(0.25)
    cb = pet.unbound_brain_conc_nM(4.0, 0.3)
    assert pet.csf_to_kp_uu(cb, 4.0) == pytest.approx(0.3)


def test_peak_conc_per_ug():
    # 1 µg in 5 L = 0.2 ng/mL; 0.2 ng/mL × 1000 / 400 g/mol = 0.5 nM
    assert pet.peak_conc_nM_per_ug(5.0, 400.0) == pytest.approx(0.5)


def test_tracer_occupancy_hand_value_and_zero_mass():
    # C_u,brain = 10 µg × 0.5 nM/µg × 0.1 × 1 = 0.5 nM; θ = 0.5 / 1.5
    theta = pet.tracer_occupancy(10.0, 1.0, kp_uu=1.0, fraction_unbound=0.1, peak_plasma_nM_per_ug=0.5)
    assert theta == pytest.approx(1.0 / 3.0)
    assert pet.tracer_occupancy(0.0, 1.0, kp_uu=1.0, fraction_unbound=0.1, peak_plasma_nM_per_ug=0.5) == 0.0


def test_tracer_occupancy_agrees_with_occupancy_module():
    theta = pet.tracer_occupancy(3.0, 2.0, kp_uu=0.4, fraction_unbound=0.2, peak_plasma_nM_per_ug=1.5)
    assert theta == pytest.approx(fractional_occupancy(3.0 * 1.5 * 0.2 * 0.4, 2.0))


def test_max_tracer_mass_hand_value():
    # K_d/19 = 0.1 nM in brain; per µg gives 0.05 nM -> 2 µg
    assert pet.max_tracer_mass_ug(1.9, kp_uu=1.0, fraction_unbound=0.1, peak_plasma_nM_per_ug=0.5) == pytest.approx(2.0)
    assert pet.TRACER_MAX_OCCUPANCY == 0.05


def test_max_tracer_mass_scales_inversely_with_kp_uu_and_fu():
    base = pet.max_tracer_mass_ug(1.0, kp_uu=1.0, fraction_unbound=0.5, peak_plasma_nM_per_ug=1.0)
    assert pet.max_tracer_mass_ug(1.0, kp_uu=0.1, fraction_unbound=0.5, peak_plasma_nM_per_ug=1.0) == pytest.approx(
        10 * base
    )
    assert pet.max_tracer_mass_ug(1.0, kp_uu=1.0, fraction_unbound=0.05, peak_plasma_nM_per_ug=1.0) == pytest.approx(
        10 * base
    )


@settings(max_examples=60, deadline=None)
@given(
    kd=st.floats(1e-3, 1e3),
    kp=st.floats(1e-2, 10.0),
    fu=st.floats(1e-3, 1.0),
    per_ug=st.floats(1e-3, 1e2),
    theta=st.floats(1e-3, 0.99),
)
def test_max_mass_round_trip(kd, kp, fu, per_ug, theta):
    mass = pet.max_tracer_mass_ug(kd, kp_uu=kp, fraction_unbound=fu, peak_plasma_nM_per_ug=per_ug, max_occupancy=theta)
    back = pet.tracer_occupancy(mass, kd, kp_uu=kp, fraction_unbound=fu, peak_plasma_nM_per_ug=per_ug)
    assert back == pytest.approx(theta, rel=1e-9)


def test_binding_potential_to_occupancy():
    assert pet.binding_potential_to_occupancy(2.0, 0.5) == pytest.approx(0.75)
    assert pet.binding_potential_to_occupancy(2.0, 2.0) == 0.0
    assert pet.binding_potential_to_occupancy(2.0, 0.0) == 1.0
    assert pet.binding_potential_to_occupancy(2.0, 2.2) == pytest.approx(-0.1)  # noise
    np.testing.assert_allclose(pet.binding_potential_to_occupancy([1.0, 4.0], [0.5, 1.0]), [0.5, 0.75])


def test_occupancy_emax():
    assert pet.occupancy_emax(3.0, 3.0) == pytest.approx(0.5)
    assert pet.occupancy_emax(3.0, 3.0, 0.8) == pytest.approx(0.4)
    assert pet.occupancy_emax(0.0, 3.0) == 0.0
    assert pet.occupancy_emax(1e9, 3.0, 0.9) == pytest.approx(0.9, rel=1e-6)


def test_fit_recovers_exact_parameters():
    conc = np.array([0.5, 1.0, 3.0, 9.0, 30.0])
    fit = pet.fit_occupancy_curve(conc, pet.occupancy_emax(conc, 4.0))
    assert fit.ec50_nM == pytest.approx(4.0, rel=1e-6)
    assert fit.occ_max == 1.0 and fit.occ_max_se == 0.0
    assert fit.residual_sd < 1e-8
    fit2 = pet.fit_occupancy_curve(conc, pet.occupancy_emax(conc, 4.0, 0.85), fit_occ_max=True)
    assert fit2.ec50_nM == pytest.approx(4.0, rel=1e-5)
    assert fit2.occ_max == pytest.approx(0.85, rel=1e-5)
    assert fit2.predict(4.0) == pytest.approx(0.425, rel=1e-5)


def test_fit_with_noise_is_close_and_has_error():
    rng = np.random.default_rng(1)
    conc = np.array([1.0, 2.0, 5.0, 10.0, 20.0, 50.0])
    occ = pet.occupancy_emax(conc, 6.0) + rng.normal(0, 0.03, conc.size)
    fit = pet.fit_occupancy_curve(conc, occ)
    assert fit.ec50_nM == pytest.approx(6.0, rel=0.25)
    assert fit.ec50_se_nM > 0
    assert abs(fit.ec50_nM - 6.0) < 4 * fit.ec50_se_nM


@pytest.mark.parametrize(
    "call, exc, word",
    [
        (lambda: pet.unbound_brain_conc_nM(-1.0, 1.0), ValueError, "unbound_plasma_conc_nM"),
        (lambda: pet.unbound_brain_conc_nM(1.0, 0.0), ValueError, "kp_uu"),
        (lambda: pet.unbound_brain_conc_nM("1", 1.0), TypeError, "unbound_plasma_conc_nM"),
        (lambda: pet.csf_to_kp_uu(-1.0, 1.0), ValueError, "csf_conc_nM"),
        (lambda: pet.csf_to_kp_uu(1.0, 0.0), ValueError, "unbound_plasma_conc_nM"),
        (lambda: pet.peak_conc_nM_per_ug(0.0, 400.0), ValueError, "volume_L"),
        (lambda: pet.peak_conc_nM_per_ug(5.0, None), TypeError, "mw_g_per_mol"),
        (
            lambda: pet.tracer_occupancy(-1.0, 1.0, kp_uu=1, fraction_unbound=0.1, peak_plasma_nM_per_ug=1),
            ValueError,
            "mass_ug",
        ),
        (
            lambda: pet.tracer_occupancy(1.0, 0.0, kp_uu=1, fraction_unbound=0.1, peak_plasma_nM_per_ug=1),
            ValueError,
            "kd_nM",
        ),
        (
            lambda: pet.tracer_occupancy(1.0, 1.0, kp_uu=1, fraction_unbound=10, peak_plasma_nM_per_ug=1),
            ValueError,
            "fraction_unbound",
        ),
        (
            lambda: pet.tracer_occupancy(1.0, 1.0, kp_uu=1, fraction_unbound=0.1, peak_plasma_nM_per_ug=-1),
            ValueError,
            "peak_plasma_nM_per_ug",
        ),
        (
            lambda: pet.max_tracer_mass_ug(
                1.0, kp_uu=1, fraction_unbound=0.1, peak_plasma_nM_per_ug=1, max_occupancy=5
            ),
            ValueError,
            "max_occupancy",
        ),
        (
            lambda: pet.max_tracer_mass_ug(
                1.0, kp_uu=1, fraction_unbound=0.1, peak_plasma_nM_per_ug=1, max_occupancy=0.0
            ),
            ValueError,
            "max_occupancy",
        ),
        (
            lambda: pet.max_tracer_mass_ug(1.0, kp_uu=-1, fraction_unbound=0.1, peak_plasma_nM_per_ug=1),
            ValueError,
            "kp_uu",
        ),
        (lambda: pet.binding_potential_to_occupancy(0.0, 1.0), ValueError, "bp_nd_baseline"),
        (lambda: pet.binding_potential_to_occupancy(1.0, -0.1), ValueError, "bp_nd_drug"),
        (lambda: pet.occupancy_emax(-1.0, 1.0), ValueError, "conc_nM"),
        (lambda: pet.occupancy_emax(1.0, 0.0), ValueError, "ec50_nM"),
        (lambda: pet.occupancy_emax(1.0, 1.0, 80.0), ValueError, "occ_max"),
        (lambda: pet.fit_occupancy_curve([1.0], [0.5]), ValueError, "conc_nM"),
        (lambda: pet.fit_occupancy_curve([1.0, 2.0], [0.5, 0.6], fit_occ_max=True), ValueError, "conc_nM"),
        (lambda: pet.fit_occupancy_curve([1.0, 2.0], [0.5]), ValueError, "conc_nM"),
        (lambda: pet.fit_occupancy_curve([0.0, 0.0], [0.0, 0.0]), ValueError, "conc_nM"),
        (lambda: pet.fit_occupancy_curve([1.0, 2.0], [0.5, np.nan]), ValueError, "occupancy"),
        (lambda: pet.fit_occupancy_curve([1.0, 2.0], [0.5, 0.6], fit_occ_max="yes"), TypeError, "fit_occ_max"),
    ],
)
def test_bad_input(call, exc, word):
    with pytest.raises(exc, match=word):
        call()
