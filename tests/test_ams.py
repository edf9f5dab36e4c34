"""Tests for microdose.ams: ¹⁴C constants, unit conversions, drug vs natural
¹⁴C in plasma, and Poisson counting statistics for AMS.

Hand-derived numbers are worked out in the docstrings/comments so that a
reader can check them with a pocket calculator.
"""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose import ams, units

REL = 1e-12  # tolerance for exact algebraic identities

# A typical IV ¹⁴C microtracer, written down once and reused:
# 100 µg of a 500 g/mol drug carrying 3.7 kBq (100 nCi)
# -> specific activity 3700 Bq / 0.1 mg = 37 000 Bq/mg (37 Bq/µg).
MW_G_PER_MOL = 500.0
TRACER_DOSE_MG = 0.100
TRACER_ACTIVITY_BQ = 3700.0
SA_BQ_PER_MG = TRACER_ACTIVITY_BQ / TRACER_DOSE_MG


# ---------------------------------------------------------------------------
# Constants and identities
# ---------------------------------------------------------------------------


def test_decay_constant_from_5700_year_half_life():
    # ln2 / (5700 * 365.25 * 86400 s) = 0.693147 / 1.79875e11 s = 3.853e-12 /s
    assert ams.C14_DECAY_CONSTANT_PER_S == pytest.approx(3.853e-12, rel=1e-3)
    assert units.SECONDS_PER_JULIAN_YEAR == 31_557_600.0
    assert ams.C14_HALF_LIFE_Y == 5700.0


def test_avogadro_and_curie_are_the_exact_si_values():
    assert ams.AVOGADRO_PER_MOL == 6.02214076e23
    assert units.BQ_PER_CI == 3.7e10
    assert units.DPM_PER_BQ == 60.0


def test_one_microcurie_is_37_kBq_and_2_22_million_dpm():
    bq = ams.curie_to_becquerel(1e-6)
    assert bq == pytest.approx(37_000.0, rel=REL)
    assert ams.becquerel_to_dpm(bq) == pytest.approx(2.22e6, rel=REL)
    assert ams.becquerel_to_curie(37_000.0) == pytest.approx(1e-6, rel=REL)
    assert ams.dpm_to_becquerel(2.22e6) == pytest.approx(37_000.0, rel=REL)


def test_one_becquerel_of_c14_is_about_2_6e11_atoms():
    # 1 / 3.8534e-12 = 2.5951e11
    assert ams.becquerel_to_atoms(1.0) == pytest.approx(2.5951e11, rel=1e-4)
    assert ams.atoms_to_becquerel(2.5951e11) == pytest.approx(1.0, rel=1e-4)
    # dpm versions: 1 dpm = 1/60 Bq
    assert ams.dpm_to_atoms(60.0) == pytest.approx(ams.becquerel_to_atoms(1.0), rel=REL)
    assert ams.atoms_to_dpm(2.5951e11) == pytest.approx(60.0, rel=1e-4)


def test_round_trip_atoms_bq_dpm_ci():
    n = 4.8e6
    bq = ams.atoms_to_becquerel(n)
    dpm = ams.becquerel_to_dpm(bq)
    ci = ams.becquerel_to_curie(ams.dpm_to_becquerel(dpm))
    back = ams.becquerel_to_atoms(ams.curie_to_becquerel(ci))
    assert back == pytest.approx(n, rel=REL)
    assert ams.dpm_to_atoms(ams.atoms_to_dpm(n)) == pytest.approx(n, rel=REL)
    assert ams.atoms_to_dpm(n) == pytest.approx(dpm, rel=REL)


def test_max_specific_activity_for_one_c14_per_molecule():
    """λ·N_A = 3.8534e-12 × 6.0221e23 = 2.3206e12 Bq/mol = 2.32 GBq/mmol
    = 2.3206e12 / 3.7e10 = 62.72 Ci/mol = 62.7 mCi/mmol.

    The figure often quoted, 62.4 mCi/mmol (2.31 GBq/mmol), comes from the
    older 5730 y half-life; with the current 5700 y value it is 62.7, 0.5 %
    higher. Both are checked.
    """
    sa = ams.MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL
    gbq_per_mmol = sa / 1e9 / 1e3
    mci_per_mmol = sa / units.BQ_PER_CI  # Ci/mol == mCi/mmol
    assert gbq_per_mmol == pytest.approx(2.32, rel=5e-3)
    assert mci_per_mmol == pytest.approx(62.72, rel=1e-3)
    # Same formula with the Cambridge half-life reproduces the textbook 62.4.
    lam_5730 = math.log(2) / (5730 * units.SECONDS_PER_JULIAN_YEAR)
    assert lam_5730 * ams.AVOGADRO_PER_MOL / units.BQ_PER_CI == pytest.approx(62.4, rel=1e-3)
    assert lam_5730 * ams.AVOGADRO_PER_MOL / 1e12 == pytest.approx(2.31, rel=2e-3)


def test_modern_carbon_atoms_and_activity_per_gram():
    # 0.226 Bq/g C / 3.8534e-12 /s = 5.865e10 atoms per g C
    assert ams.MODERN_C14_ATOMS_PER_G_CARBON == pytest.approx(5.9e10, rel=0.02)
    assert ams.MODERN_C14_ATOMS_PER_G_CARBON == pytest.approx(5.865e10, rel=1e-3)
    assert ams.becquerel_to_dpm(ams.MODERN_SPECIFIC_ACTIVITY_BQ_PER_G_CARBON) == pytest.approx(13.56, rel=REL)
    assert ams.atoms_to_dpm(ams.MODERN_C14_ATOMS_PER_G_CARBON) == pytest.approx(13.56, rel=1e-9)


def test_modern_c14_per_carbon_ratio_matches_literature():
    """Carbon atoms per g: 6.0221e23 / 12.011 = 5.0139e22, so
    ¹⁴C/C = 5.865e10 / 5.0139e22 = 1.170e-12, close to the measured modern
    ¹⁴C/¹²C ratio of 1.176e-12 (Karlén et al. 1968)."""
    assert ams.MODERN_C14_PER_CARBON_RATIO == pytest.approx(1.170e-12, rel=1e-3)
    assert ams.c14_per_carbon_ratio(1.0) == pytest.approx(1.176e-12, rel=0.02)
    assert ams.c14_per_carbon_to_fraction_modern(1.170e-12) == pytest.approx(1.0, rel=1e-3)


def test_fraction_modern_is_consistent_with_atom_ratio():
    """Count the atoms by hand: 1 mL plasma, 43.7 mg C, drug adds 4.8e6 ¹⁴C.
    The ¹⁴C/C ratio of the mixture, converted to fraction Modern, must equal
    what sample_fraction_modern reports."""
    carbon_atoms = 43.7e-3 / ams.CARBON_MOLAR_MASS_G_PER_MOL * ams.AVOGADRO_PER_MOL
    natural = ams.natural_c14_atoms_per_mL(43.7, 1.02)
    drug = 4.8e6
    ratio = (natural + drug) / carbon_atoms
    fm_from_ratio = ams.c14_per_carbon_to_fraction_modern(ratio)
    fm_direct = ams.sample_fraction_modern(drug, 43.7, 1.02)
    assert fm_from_ratio == pytest.approx(fm_direct, rel=1e-9)
    assert fm_direct == pytest.approx(1.02 * (1 + ams.excess_over_background(drug, 43.7, 1.02)), rel=1e-12)
    assert fm_direct > 1.02


def test_plasma_carbon_constant():
    # Kim et al. 2011: 4.37 mg C per 100 µL plasma -> 43.7 mg C/mL
    assert ams.PLASMA_CARBON_MG_PER_ML == pytest.approx(4.37 * 10, rel=REL)


# ---------------------------------------------------------------------------
# Drug-derived ¹⁴C and the natural background
# ---------------------------------------------------------------------------


def test_molecules_per_mL_hand_value():
    # 0.5 pg/mL / 500 g/mol = 1e-15 mol/mL -> 6.022e8 molecules/mL
    assert ams.molecules_per_mL(0.5, 500.0) == pytest.approx(6.02214076e8, rel=REL)


def test_labelled_fraction_hand_value():
    # 37 000 Bq/mg × 1000 mg/g × 500 g/mol = 1.85e10 Bq/mol; / 2.3206e12 = 0.00797
    f = ams.labelled_fraction(SA_BQ_PER_MG, MW_G_PER_MOL)
    assert f == pytest.approx(1.85e10 / ams.MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL, rel=REL)
    assert f == pytest.approx(0.00797, rel=1e-3)


def test_labelled_fraction_of_a_fully_labelled_compound_is_one():
    sa_max_bq_per_mg = ams.MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL / (MW_G_PER_MOL * 1000.0)
    assert ams.labelled_fraction(sa_max_bq_per_mg, MW_G_PER_MOL) == pytest.approx(1.0, rel=1e-12)


def test_impossible_specific_activity_is_rejected_with_the_maximum():
    sa_max_bq_per_mg = ams.MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL / (MW_G_PER_MOL * 1000.0)
    with pytest.raises(ValueError, match="specific_activity_Bq_per_mg") as info:
        ams.labelled_fraction(1.01 * sa_max_bq_per_mg, MW_G_PER_MOL)
    message = str(info.value)
    assert "impossible" in message and "mono-labelled" in message
    assert f"{sa_max_bq_per_mg:.4g}" in message
    assert "62.7 mCi/mmol" in message
    # the check applies elementwise to arrays and to the derived functions
    with pytest.raises(ValueError, match="impossible"):
        ams.labelled_fraction([1.0, 1e9], MW_G_PER_MOL)
    with pytest.raises(ValueError, match="impossible"):
        ams.c14_atoms_per_mL(1.0, MW_G_PER_MOL, 1e9)


def test_seed_text_claim_half_pg_per_mL_holds_over_a_thousand_c14_atoms():
    """Seed text: "even at 0.5 pg/mL, a single millilitre of plasma contains
    over a thousand ¹⁴C atoms from the drug".

    Inputs: MW 500 g/mol; IV microtracer of 100 µg carrying 3.7 kBq (100 nCi),
    so 37 000 Bq/mg. Activity in 1 mL: 0.5e-9 mg × 37 000 Bq/mg = 1.85e-5 Bq;
    atoms = 1.85e-5 / 3.8534e-12 = 4.80e6. The claim is true with a wide
    margin: about 4.8 million ¹⁴C atoms per mL, not just a thousand.

    The natural ¹⁴C in the same mL of plasma (43.7 mg C at 1.0 Modern) is
    0.0437 g × 5.865e10 = 2.56e9 atoms, so the drug adds only ~0.19 % to the
    total ¹⁴C of whole plasma.
    """
    drug_atoms = ams.c14_atoms_per_mL(0.5, MW_G_PER_MOL, SA_BQ_PER_MG)
    assert drug_atoms > 1000
    assert drug_atoms == pytest.approx(4.80e6, rel=1e-2)
    assert drug_atoms == pytest.approx(0.5e-9 * SA_BQ_PER_MG / ams.C14_DECAY_CONSTANT_PER_S, rel=1e-12)
    assert ams.drug_activity_Bq_per_mL(0.5, MW_G_PER_MOL, SA_BQ_PER_MG) == pytest.approx(1.85e-5, rel=1e-12)
    assert ams.drug_dpm_per_mL(0.5, MW_G_PER_MOL, SA_BQ_PER_MG) == pytest.approx(1.11e-3, rel=1e-12)

    natural_atoms = ams.natural_c14_atoms_per_mL(ams.PLASMA_CARBON_MG_PER_ML, 1.0)
    assert natural_atoms == pytest.approx(2.6e9, rel=0.02)
    # The drug signal is a small fraction (~0.2 %) of the natural ¹⁴C of the
    # plasma carbon. This is why AMS microdose studies separate the drug from
    # the bulk plasma carbon by HPLC before counting, or else need a pre-dose
    # sample and very precise background subtraction.
    excess = ams.excess_over_background(drug_atoms)
    assert excess == pytest.approx(drug_atoms / natural_atoms, rel=1e-12)
    assert excess < 0.01
    assert ams.sample_fraction_modern(drug_atoms) == pytest.approx(1.0 + excess, rel=1e-12)


def test_molar_mass_cancels_in_c14_atoms_per_mL():
    a = ams.c14_atoms_per_mL(10.0, 300.0, SA_BQ_PER_MG)
    b = ams.c14_atoms_per_mL(10.0, 900.0, SA_BQ_PER_MG)
    assert a == pytest.approx(b, rel=1e-12)


def test_natural_background_scales_with_carbon_and_fraction_modern():
    base = ams.natural_c14_atoms_per_mL()
    assert ams.natural_c14_atoms_per_mL(2 * ams.PLASMA_CARBON_MG_PER_ML, 1.0) == pytest.approx(2 * base)
    assert ams.natural_c14_atoms_per_mL(fraction_modern=1.05) == pytest.approx(1.05 * base)
    assert ams.natural_c14_atoms_per_mL(fraction_modern=0.0) == 0.0  # fossil carbon


def test_vectorised_over_concentrations():
    conc = np.array([0.5, 5.0, 50.0])
    out = ams.c14_atoms_per_mL(conc, MW_G_PER_MOL, SA_BQ_PER_MG)
    assert isinstance(out, np.ndarray) and out.shape == (3,)
    np.testing.assert_allclose(out, conc * 1e-9 * SA_BQ_PER_MG / ams.C14_DECAY_CONSTANT_PER_S, rtol=1e-12)
    grid = ams.molecules_per_mL(conc[:, None], np.array([250.0, 500.0])[None, :])
    assert grid.shape == (3, 2)
    assert grid[0, 0] == pytest.approx(2 * grid[0, 1])


def test_scalar_in_gives_python_float():
    assert type(ams.atoms_to_becquerel(1e9)) is float
    assert type(ams.c14_atoms_per_mL(1.0, 500.0, 1000.0)) is float
    assert type(ams.poisson_relative_precision(100)) is float
    assert type(ams.is_detected(200, 100)) is bool


# ---------------------------------------------------------------------------
# Poisson counting
# ---------------------------------------------------------------------------


def test_relative_precision_of_10000_counts_is_one_percent():
    assert ams.poisson_relative_precision(10_000) == pytest.approx(0.01, rel=REL)
    assert ams.poisson_relative_precision(100) == pytest.approx(0.1, rel=REL)


def test_counts_for_one_percent_precision():
    assert ams.counts_for_precision(0.01) == pytest.approx(10_000, rel=1e-12)
    assert ams.counts_for_precision(0.05) == pytest.approx(400, rel=1e-12)


def test_counting_time_is_counts_over_rate():
    # 10 000 counts at 2 counts/s -> 5000 s
    assert ams.counting_time_for_precision_s(2.0, 0.01) == pytest.approx(5000.0, rel=1e-12)
    np.testing.assert_allclose(ams.counting_time_for_precision_s(np.array([1.0, 10.0]), 0.01), [10_000.0, 1000.0])
    assert ams.average_count_rate_per_s(10_000, 5000.0) == pytest.approx(2.0)
    assert ams.counts_in_time(2.0, 5000.0) == pytest.approx(10_000.0)


def test_expected_counts_is_atoms_times_efficiency():
    assert ams.expected_counts(1e6, 0.02) == pytest.approx(20_000.0, rel=1e-12)
    assert ams.expected_counts(1e6, 0.0) == 0.0


def test_currie_limits_paired_blank_b100():
    # L_C = 2.33 × 10 = 23.3 ; L_D = 2.71 + 4.65 × 10 = 49.21
    assert ams.critical_level_counts(100.0) == pytest.approx(23.3, abs=1e-9)
    assert ams.detection_limit_counts(100.0) == pytest.approx(49.21, abs=1e-9)
    assert ams.critical_level_counts(100.0, paired=True) == pytest.approx(23.3, abs=1e-9)


def test_currie_limits_well_known_blank_b100():
    # L_C = 1.645 × 10 = 16.45 ; L_D = 2.71 + 3.29 × 10 = 35.61
    assert ams.critical_level_counts(100.0, paired=False) == pytest.approx(16.45, abs=1e-9)
    assert ams.detection_limit_counts(100.0, paired=False) == pytest.approx(35.61, abs=1e-9)


def test_currie_factors_agree_with_z_0_05():
    z = ams.CURRIE_Z_ALPHA
    assert ams.CURRIE_LC_PAIRED_FACTOR == pytest.approx(z * math.sqrt(2), abs=0.005)
    assert ams.CURRIE_LD_PAIRED_FACTOR == pytest.approx(2 * z * math.sqrt(2), abs=0.005)
    assert ams.CURRIE_LD_WELL_KNOWN_FACTOR == pytest.approx(2 * z, abs=0.005)
    assert ams.CURRIE_LD_CONSTANT_COUNTS == pytest.approx(z**2, abs=0.005)


def test_zero_background_detection_limit():
    assert ams.critical_level_counts(0.0) == 0.0
    assert ams.detection_limit_counts(0.0) == pytest.approx(2.71)


def test_is_detected_at_the_critical_level():
    # paired, B = 100: L_C = 23.3 -> net 24 detected, net 23 not
    assert ams.is_detected(124, 100) is True
    assert ams.is_detected(123, 100) is False
    # well-known, L_C = 16.45 -> net 17 detected, net 16 not
    assert ams.is_detected(117, 100, paired=False) is True
    assert ams.is_detected(116, 100, paired=False) is False
    # the decision is strict (net > L_C): with no background L_C = 0, so zero
    # counts are not a detection but a single count is
    assert ams.is_detected(0.0, 0.0) is False
    assert ams.is_detected(1.0, 0.0) is True
    out = ams.is_detected(np.array([90.0, 123.0, 124.0, 500.0]), 100.0)
    assert out.dtype == bool
    assert out.tolist() == [False, False, True, True]


def test_simulate_counts_mean_and_variance_match_poisson():
    """1e5 draws with mean 50: the standard error of the mean is
    sqrt(50/1e5) = 0.022 and that of the variance sqrt((50 + 2·50²)/1e5) = 0.22;
    tolerances are about 4.5 standard errors."""
    draws = ams.simulate_counts(50.0, rng=20240601, size=100_000)
    assert draws.shape == (100_000,)
    assert np.issubdtype(draws.dtype, np.integer)
    assert draws.mean() == pytest.approx(50.0, abs=0.1)
    assert draws.var() == pytest.approx(50.0, abs=1.0)


def test_simulate_counts_seed_generator_and_shapes():
    a = ams.simulate_counts([5.0, 500.0], rng=7)
    b = ams.simulate_counts([5.0, 500.0], rng=np.random.default_rng(7))
    assert a.tolist() == b.tolist()
    single = ams.simulate_counts(10.0, rng=1)
    assert type(single) is float and single == int(single)
    assert ams.simulate_counts(0.0, rng=1) == 0.0
    assert ams.simulate_counts([1.0, 2.0, 3.0], rng=3, size=(4, 3)).shape == (4, 3)
    assert ams.simulate_counts(3.0, size=5).shape == (5,)  # rng=None works


# ---------------------------------------------------------------------------
# Bad input: every public function, every parameter
# ---------------------------------------------------------------------------


def _valid(**kw):
    return kw


# (function, valid keyword arguments, parameter to corrupt, kind)
PARAMS = [
    (ams.atoms_to_becquerel, _valid(n_atoms=1e9), "n_atoms", "non_negative"),
    (ams.becquerel_to_atoms, _valid(activity_Bq=1.0), "activity_Bq", "non_negative"),
    (ams.becquerel_to_dpm, _valid(activity_Bq=1.0), "activity_Bq", "non_negative"),
    (ams.dpm_to_becquerel, _valid(activity_dpm=60.0), "activity_dpm", "non_negative"),
    (ams.becquerel_to_curie, _valid(activity_Bq=1.0), "activity_Bq", "non_negative"),
    (ams.curie_to_becquerel, _valid(activity_Ci=1e-7), "activity_Ci", "non_negative"),
    (ams.microcurie_to_kilobecquerel, _valid(activity_uCi=0.1), "activity_uCi", "non_negative"),
    (ams.kilobecquerel_to_microcurie, _valid(activity_kBq=3.7), "activity_kBq", "non_negative"),
    (ams.atoms_to_dpm, _valid(n_atoms=1e9), "n_atoms", "non_negative"),
    (ams.dpm_to_atoms, _valid(activity_dpm=1.0), "activity_dpm", "non_negative"),
    (ams.molecules_per_mL, _valid(conc_pg_per_mL=1.0, mw_g_per_mol=500.0), "conc_pg_per_mL", "non_negative"),
    (ams.molecules_per_mL, _valid(conc_pg_per_mL=1.0, mw_g_per_mol=500.0), "mw_g_per_mol", "positive"),
    (
        ams.labelled_fraction,
        _valid(specific_activity_Bq_per_mg=1e3, mw_g_per_mol=500.0),
        "specific_activity_Bq_per_mg",
        "non_negative",
    ),
    (ams.labelled_fraction, _valid(specific_activity_Bq_per_mg=1e3, mw_g_per_mol=500.0), "mw_g_per_mol", "positive"),
    *[
        (f, _valid(conc_pg_per_mL=1.0, mw_g_per_mol=500.0, specific_activity_Bq_per_mg=1e3), p, k)
        for f in (ams.c14_atoms_per_mL, ams.drug_activity_Bq_per_mL, ams.drug_dpm_per_mL)
        for p, k in (
            ("conc_pg_per_mL", "non_negative"),
            ("mw_g_per_mol", "positive"),
            ("specific_activity_Bq_per_mg", "non_negative"),
        )
    ],
    (ams.natural_c14_atoms_per_mL, _valid(carbon_mg_per_mL=43.7, fraction_modern=1.0), "carbon_mg_per_mL", "positive"),
    (
        ams.natural_c14_atoms_per_mL,
        _valid(carbon_mg_per_mL=43.7, fraction_modern=1.0),
        "fraction_modern",
        "non_negative",
    ),
    *[
        (f, _valid(drug_c14_atoms_per_mL=1e6, carbon_mg_per_mL=43.7, fraction_modern=1.0), p, k)
        for f, fm_kind in ((ams.excess_over_background, "positive"), (ams.sample_fraction_modern, "non_negative"))
        for p, k in (
            ("drug_c14_atoms_per_mL", "non_negative"),
            ("carbon_mg_per_mL", "positive"),
            ("fraction_modern", fm_kind),
        )
    ],
    (ams.c14_per_carbon_ratio, _valid(fraction_modern=1.0), "fraction_modern", "non_negative"),
    (ams.c14_per_carbon_to_fraction_modern, _valid(c14_per_carbon=1e-12), "c14_per_carbon", "fraction"),
    (
        ams.expected_counts,
        _valid(n_c14_atoms_in_sample=1e6, counting_efficiency=0.01),
        "n_c14_atoms_in_sample",
        "non_negative",
    ),
    (
        ams.expected_counts,
        _valid(n_c14_atoms_in_sample=1e6, counting_efficiency=0.01),
        "counting_efficiency",
        "fraction",
    ),
    (ams.average_count_rate_per_s, _valid(counts=100.0, counting_time_s=10.0), "counts", "non_negative"),
    (ams.average_count_rate_per_s, _valid(counts=100.0, counting_time_s=10.0), "counting_time_s", "positive"),
    (ams.counts_in_time, _valid(count_rate_per_s=10.0, counting_time_s=10.0), "count_rate_per_s", "non_negative"),
    (ams.counts_in_time, _valid(count_rate_per_s=10.0, counting_time_s=10.0), "counting_time_s", "non_negative"),
    (ams.poisson_relative_precision, _valid(counts=100.0), "counts", "positive"),
    (ams.net_relative_precision, _valid(net_counts=100.0, background_counts=50.0), "net_counts", "positive"),
    (ams.net_relative_precision, _valid(net_counts=100.0, background_counts=50.0), "background_counts", "non_negative"),
    (ams.counts_for_precision, _valid(relative_precision=0.01), "relative_precision", "open_fraction"),
    (
        ams.counting_time_for_precision_s,
        _valid(count_rate_per_s=2.0, relative_precision=0.01),
        "count_rate_per_s",
        "positive",
    ),
    (
        ams.counting_time_for_precision_s,
        _valid(count_rate_per_s=2.0, relative_precision=0.01),
        "relative_precision",
        "open_fraction",
    ),
    (ams.critical_level_counts, _valid(background_counts=100.0), "background_counts", "non_negative"),
    (ams.detection_limit_counts, _valid(background_counts=100.0), "background_counts", "non_negative"),
    (ams.quantification_limit_counts, _valid(background_counts=100.0), "background_counts", "non_negative"),
    (ams.is_detected, _valid(gross_counts=150.0, background_counts=100.0), "gross_counts", "non_negative"),
    (ams.is_detected, _valid(gross_counts=150.0, background_counts=100.0), "background_counts", "non_negative"),
    (ams.simulate_counts, _valid(expected=10.0, rng=1), "expected", "non_negative"),
]

COMMON_BAD = [
    (float("nan"), ValueError),
    (float("inf"), ValueError),
    (-1.0, ValueError),
    ([1.0, -1.0], ValueError),
    ("1.0", TypeError),
    (None, TypeError),
    (True, TypeError),
    (1 + 2j, TypeError),
    ([[1.0], ["a"]], (TypeError, ValueError)),
]
EXTRA_BAD = {
    "non_negative": [],
    "positive": [(0.0, ValueError)],
    "fraction": [(1.5, ValueError), (-0.1, ValueError)],
    "open_fraction": [(0.0, ValueError), (1.0, ValueError), (1.5, ValueError)],
}

BAD_CASES = [
    pytest.param(func, kwargs, name, bad, exc, id=f"{func.__name__}-{name}-{bad!r}")
    for func, kwargs, name, kind in PARAMS
    for bad, exc in COMMON_BAD + EXTRA_BAD[kind]
]


@pytest.mark.parametrize("func, kwargs, name, bad, exc", BAD_CASES)
def test_bad_input_names_the_parameter(func, kwargs, name, bad, exc):
    func(**kwargs)  # the valid call works
    with pytest.raises(exc, match=re.escape(name)):
        func(**{**kwargs, name: bad})


def test_every_public_function_is_covered_by_bad_input_tests():
    covered = {func.__name__ for func, *_ in PARAMS}
    public = {n for n in ams.__all__ if callable(getattr(ams, n))}
    assert public == covered


@pytest.mark.parametrize(
    "func, kwargs",
    [
        (ams.molecules_per_mL, dict(conc_pg_per_mL=[1.0, 2.0, 3.0], mw_g_per_mol=[300.0, 400.0])),
        (
            ams.c14_atoms_per_mL,
            dict(conc_pg_per_mL=[1.0, 2.0, 3.0], mw_g_per_mol=500.0, specific_activity_Bq_per_mg=[1e3, 2e3]),
        ),
        (ams.expected_counts, dict(n_c14_atoms_in_sample=[1.0, 2.0, 3.0], counting_efficiency=[0.1, 0.2])),
        (ams.is_detected, dict(gross_counts=[1.0, 2.0, 3.0], background_counts=[1.0, 2.0])),
        (ams.sample_fraction_modern, dict(drug_c14_atoms_per_mL=[1.0, 2.0, 3.0], carbon_mg_per_mL=[40.0, 45.0])),
    ],
)
def test_incompatible_shapes_name_the_parameters(func, kwargs):
    with pytest.raises(ValueError, match="shape"):
        func(**kwargs)


@pytest.mark.parametrize("func", [ams.critical_level_counts, ams.detection_limit_counts])
@pytest.mark.parametrize("bad", [1, "yes", None, 0.0])
def test_paired_must_be_bool(func, bad):
    with pytest.raises(TypeError, match="paired"):
        func(100.0, paired=bad)


def test_is_detected_paired_must_be_bool():
    with pytest.raises(TypeError, match="paired"):
        ams.is_detected(150.0, 100.0, paired="no")


@pytest.mark.parametrize(
    "rng, exc",
    [("seed", TypeError), (1.5, TypeError), (-3, ValueError), (True, TypeError), (np.random.RandomState(0), TypeError)],
)
def test_simulate_counts_bad_rng(rng, exc):
    with pytest.raises(exc, match="rng"):
        ams.simulate_counts(10.0, rng=rng)


@pytest.mark.parametrize("size, exc", [(-1, ValueError), (2.5, ValueError), ("3", TypeError), ((2, -1), ValueError)])
def test_simulate_counts_bad_size(size, exc):
    with pytest.raises(exc, match="size"):
        ams.simulate_counts(10.0, rng=1, size=size)


def test_simulate_counts_incompatible_size_and_too_large_expected():
    with pytest.raises(ValueError, match="size"):
        ams.simulate_counts([1.0, 2.0, 3.0], rng=1, size=2)
    with pytest.raises(ValueError, match="expected"):
        ams.simulate_counts(1e19, rng=1)


def test_overflow_is_reported_not_returned_as_inf():
    with pytest.raises(ValueError, match="too large"):
        ams.becquerel_to_atoms(1e300)
    with pytest.raises(ValueError, match="too large"):
        ams.counts_for_precision(1e-200)


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

amounts = st.floats(min_value=0.0, max_value=1e30, allow_nan=False, allow_infinity=False)
counts = st.floats(min_value=1e-3, max_value=1e15, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_property_round_trip_atoms_bq(n):
    assert ams.becquerel_to_atoms(ams.atoms_to_becquerel(n)) == pytest.approx(n, rel=1e-12, abs=1e-300)


@given(amounts)
def test_property_round_trip_bq_dpm_ci(a):
    assert ams.dpm_to_becquerel(ams.becquerel_to_dpm(a)) == pytest.approx(a, rel=1e-12, abs=1e-300)
    assert ams.curie_to_becquerel(ams.becquerel_to_curie(a)) == pytest.approx(a, rel=1e-12, abs=1e-300)
    assert ams.dpm_to_atoms(ams.atoms_to_dpm(a)) == pytest.approx(a, rel=1e-12, abs=1e-300)


@given(counts, counts)
def test_property_precision_improves_with_counts(a, b):
    lo, hi = min(a, b), max(a, b)
    if lo < hi:
        assert ams.poisson_relative_precision(hi) < ams.poisson_relative_precision(lo)
    else:
        assert ams.poisson_relative_precision(hi) == ams.poisson_relative_precision(lo)


@given(st.floats(min_value=1e-6, max_value=0.999, allow_nan=False))
def test_property_counts_for_precision_inverts_relative_precision(r):
    assert ams.poisson_relative_precision(ams.counts_for_precision(r)) == pytest.approx(r, rel=1e-12)


@given(st.floats(min_value=0.0, max_value=1e12, allow_nan=False))
def test_property_detection_limit_exceeds_critical_level(b):
    for paired in (True, False):
        lc = ams.critical_level_counts(b, paired=paired)
        ld = ams.detection_limit_counts(b, paired=paired)
        assert ld > lc >= 0
        # L_D is roughly twice L_C plus the z² term (exact for unrounded factors)
        assert ld == pytest.approx(2 * lc + 2.71, rel=3e-3, abs=0.05)


@given(
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False),
    st.floats(min_value=1.0, max_value=2000.0, allow_nan=False),
    st.floats(min_value=1.0, max_value=2000.0, allow_nan=False),
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False),
)
def test_property_c14_atoms_do_not_depend_on_molar_mass(conc, mw1, mw2, sa):
    a = ams.c14_atoms_per_mL(conc, mw1, sa)
    b = ams.c14_atoms_per_mL(conc, mw2, sa)
    assert a == pytest.approx(b, rel=1e-10, abs=1e-300)


@settings(max_examples=50)
@given(
    st.floats(min_value=0.0, max_value=1e12, allow_nan=False),
    st.floats(min_value=0.1, max_value=200.0, allow_nan=False),
    st.floats(min_value=0.01, max_value=10.0, allow_nan=False),
)
def test_property_sample_fraction_modern_is_background_times_one_plus_excess(drug, carbon, fm):
    measured = ams.sample_fraction_modern(drug, carbon, fm)
    assert measured >= fm
    assert measured == pytest.approx(fm * (1 + ams.excess_over_background(drug, carbon, fm)), rel=1e-10)


def test_net_precision_reduces_to_poisson_without_background():
    for paired in (True, False):
        assert ams.net_relative_precision(2500.0, 0.0, paired=paired) == pytest.approx(
            ams.poisson_relative_precision(2500.0), rel=REL
        )


def test_net_precision_hand_values():
    # S = 400 net counts on B = 100 background: paired sqrt(400 + 200)/400, known sqrt(500)/400
    assert ams.net_relative_precision(400.0, 100.0) == pytest.approx(math.sqrt(600.0) / 400.0, rel=REL)
    assert ams.net_relative_precision(400.0, 100.0, paired=False) == pytest.approx(math.sqrt(500.0) / 400.0, rel=REL)


def test_net_precision_is_worse_with_more_background_and_vectorised():
    out = ams.net_relative_precision(1000.0, np.array([0.0, 1000.0, 10_000.0]))
    assert out.shape == (3,)
    assert np.all(np.diff(out) > 0)
    assert ams.net_relative_precision(1000.0, 1000.0) > ams.net_relative_precision(1000.0, 1000.0, paired=False)


def test_net_precision_rejects_non_bool_paired():
    with pytest.raises(TypeError, match="paired"):
        ams.net_relative_precision(100.0, 10.0, paired="yes")
