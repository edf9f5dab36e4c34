"""Accelerator mass spectrometry (AMS) counting of carbon-14.

A ¹⁴C microtracer study gives a volunteer a few kBq of a ¹⁴C-labelled drug.
AMS does not wait for the ¹⁴C atoms to decay: it counts them one by one, so the
quantities that matter are *numbers of atoms*, not activities. This module
converts between the two, works out how many drug-derived ¹⁴C atoms a plasma
sample holds, compares them with the natural ¹⁴C already present in the
sample's own carbon, and treats the counting itself as a Poisson process
(precision, counting time, Currie detection limits and a simulator).

Every public function accepts scalars or numpy arrays (broadcast together) and
returns a Python ``float`` for scalar input and a numpy array otherwise.

The basic relation is the law of radioactive decay,

.. math:: A = \\lambda N, \\qquad \\lambda = \\frac{\\ln 2}{t_{1/2}},

with :math:`A` in Bq (decays per second), :math:`N` the number of ¹⁴C atoms
and :math:`t_{1/2}` the half-life in seconds.

References
----------
Kutschera W. Applications of accelerator mass spectrometry. Int J Mass Spectrom
2013;349-350:203-218.

Stuiver M, Polach HA. Discussion: reporting of ¹⁴C data. Radiocarbon
1977;19:355-363.

Currie LA. Limits for qualitative detection and quantitative determination.
Application to radiochemistry. Anal Chem 1968;40:586-593.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import units
from ._deprecation import deprecated_names
from ._validate import (
    bool_or_array,
    boolean,
    broadcast_shape,
    broadcast_together,
    draw_shape,
    finite_result,
    fraction,
    non_negative,
    positive,
    random_generator,
    scalar_or_array,
)

__all__ = [
    # constants
    "AVOGADRO_PER_MOL",
    "C14_HALF_LIFE_Y",
    "C14_HALF_LIFE_UNCERTAINTY_Y",
    "C14_DECAY_CONSTANT_PER_S",
    "CARBON_MOLAR_MASS_G_PER_MOL",
    "MODERN_SPECIFIC_ACTIVITY_BQ_PER_G_CARBON",
    "MODERN_C14_ATOMS_PER_G_CARBON",
    "MODERN_C14_PER_CARBON_RATIO",
    "PLASMA_CARBON_MG_PER_ML",
    "MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL",
    "CURRIE_Z_ALPHA",
    "CURRIE_LC_PAIRED_FACTOR",
    "CURRIE_LD_PAIRED_FACTOR",
    "CURRIE_LC_WELL_KNOWN_FACTOR",
    "CURRIE_LD_WELL_KNOWN_FACTOR",
    "CURRIE_LD_CONSTANT_COUNTS",
    "CURRIE_KQ",
    "POISSON_MAX_EXPECTED_COUNTS",
    # unit conversions
    "atoms_to_becquerel",
    "becquerel_to_atoms",
    "becquerel_to_dpm",
    "dpm_to_becquerel",
    "becquerel_to_curie",
    "curie_to_becquerel",
    "atoms_to_dpm",
    "dpm_to_atoms",
    "microcurie_to_kilobecquerel",
    "kilobecquerel_to_microcurie",
    # drug in a sample
    "molecules_per_mL",
    "labelled_fraction",
    "c14_atoms_per_mL",
    "drug_activity_Bq_per_mL",
    "drug_dpm_per_mL",
    # natural background
    "natural_c14_atoms_per_mL",
    "excess_over_background",
    "sample_fraction_modern",
    "c14_per_carbon_ratio",
    "c14_per_carbon_to_fraction_modern",
    # Poisson counting
    "expected_counts",
    "average_count_rate_per_s",
    "counts_in_time",
    "poisson_relative_precision",
    "net_relative_precision",
    "counts_for_precision",
    "counting_time_for_precision_s",
    "critical_level_counts",
    "detection_limit_counts",
    "quantification_limit_counts",
    "is_detected",
    "simulate_counts",
]

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

AVOGADRO_PER_MOL = 6.02214076e23  # exact; SI Brochure, 9th edition (BIPM 2019)

#: ±30 y; Kutschera, Int J Mass Spectrom 2013;349-350:203-218; NUBASE2020 (Kondev FG et al., Chin Phys C
#: 2021;45:030001)
C14_HALF_LIFE_Y = 5700.0
C14_HALF_LIFE_UNCERTAINTY_Y = 30.0  # 1 s.d. of C14_HALF_LIFE_Y; Kutschera 2013, NUBASE2020
# (Radiocarbon *dating* still uses the conventional Libby half-life of 5568 y,
# and older pharmacology texts the "Cambridge" value of 5730 y; the numbers
# below follow the current evaluated value of 5700 y.)

C14_DECAY_CONSTANT_PER_S = math.log(2.0) / (
    C14_HALF_LIFE_Y * units.SECONDS_PER_JULIAN_YEAR
)  # derived: lambda = ln2 / t_half ≈ 3.853e-12 /s

# Unit conversion factors (seconds per year, Bq per Ci, dpm per Bq, mg and pg per g) are in
# microdose.units; the old names here (SECONDS_PER_YEAR, BQ_PER_CI ...) still work, with a warning.

#: conventional standard atomic weight of carbon; IUPAC/CIAAW, Prohaska T et al., Pure Appl Chem 2022;94:573-600
CARBON_MOLAR_MASS_G_PER_MOL = 12.011

#: absolute radiocarbon standard, 13.56 dpm per g C (1.0 Modern, AD 1950); Stuiver & Polach, Radiocarbon
#: 1977;19:355-363
MODERN_SPECIFIC_ACTIVITY_BQ_PER_G_CARBON = 0.226

MODERN_C14_ATOMS_PER_G_CARBON = (
    MODERN_SPECIFIC_ACTIVITY_BQ_PER_G_CARBON / C14_DECAY_CONSTANT_PER_S
)  # derived: N = A / lambda ≈ 5.87e10 atoms per g C

MODERN_C14_PER_CARBON_RATIO = MODERN_C14_ATOMS_PER_G_CARBON / (
    AVOGADRO_PER_MOL / CARBON_MOLAR_MASS_G_PER_MOL
)  # derived: ¹⁴C atoms per carbon atom at 1.0 Modern ≈ 1.17e-12 (cf. ¹⁴C/¹²C ≈ 1.18e-12)

#: total carbon of human plasma, 4.37 mg C per 100 µL; Kim S-H, Chuang JC, Kelly PB, Clifford AJ, Anal Chem
#: 2011;83:3312-3318
PLASMA_CARBON_MG_PER_ML = 43.7

MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL = (
    C14_DECAY_CONSTANT_PER_S * AVOGADRO_PER_MOL
)  # derived: one ¹⁴C in every molecule, lambda * N_A ≈ 2.32e12 Bq/mol = 2.32 GBq/mmol ≈ 62.7 mCi/mmol

# Currie (Anal Chem 1968;40:586-593), alpha = beta = 0.05, Poisson counting.
# The factors are Currie's tabulated (rounded) values; the exact ones are
# z = 1.6449, z*sqrt(2) = 2.326, 2*z*sqrt(2) = 4.653, 2*z = 3.290, z**2 = 2.706.
CURRIE_Z_ALPHA = 1.645  # one-sided standard normal quantile for alpha = 0.05; Currie 1968
CURRIE_LC_PAIRED_FACTOR = 2.33  # L_C = 2.33 sqrt(B), blank counted like the sample ("paired"); Currie 1968
CURRIE_LD_PAIRED_FACTOR = 4.65  # L_D = 2.71 + 4.65 sqrt(B), paired blank; Currie 1968
CURRIE_LC_WELL_KNOWN_FACTOR = 1.645  # L_C = 1.645 sqrt(B), blank known without error; Currie 1968
CURRIE_LD_WELL_KNOWN_FACTOR = 3.29  # L_D = 2.71 + 3.29 sqrt(B), well-known blank; Currie 1968
CURRIE_KQ = 10.0  # k_Q: at L_Q the net signal has a relative standard deviation of 1/k_Q = 10 %; Currie 1968
CURRIE_LD_CONSTANT_COUNTS = 2.71  # z**2 term of L_D for Poisson counts (alpha = beta = 0.05); Currie 1968

POISSON_MAX_EXPECTED_COUNTS = 1.0e18  # implementation limit: numpy Generator.poisson refuses lam above ~9.2e18


# ---------------------------------------------------------------------------
# Unit conversions
# ---------------------------------------------------------------------------


def _scaled(
    value: ArrayLike,
    name: str,
    unit: str,
    *,
    times: float = 1.0,
    per: float = 1.0,
    quantity: str,
    out_unit: str,
) -> float | np.ndarray:
    """``value * times / per`` for a non-negative input, refusing a result that overflows to infinity.

    The one body of the single-factor conversions below (atoms, Bq, dpm, Ci, ...): the input is
    checked as ``name`` in ``unit``; an overflow names the ``quantity`` and its ``out_unit``.
    """
    checked = non_negative(value, name, unit)
    with np.errstate(over="ignore"):
        out = checked * times / per
    return finite_result(out, quantity, out_unit)


def atoms_to_becquerel(n_atoms: ArrayLike) -> float | np.ndarray:
    """Activity of a number of ¹⁴C atoms.

    .. math:: A\\,[\\mathrm{Bq}] = \\lambda N, \\quad
              \\lambda = \\ln 2 / t_{1/2} \\approx 3.853\\times10^{-12}\\ \\mathrm{s^{-1}}

    Parameters
    ----------
    n_atoms : float or array_like
        Number of ¹⁴C atoms (>= 0; need not be a whole number, e.g. a mean).

    Returns
    -------
    float or numpy.ndarray
        Activity in Bq (decays per second).

    References
    ----------
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218 (half-life 5700 y).

    Examples
    --------
    >>> round(atoms_to_becquerel(1e12), 3)
    3.853
    """
    return _scaled(n_atoms, "n_atoms", "atoms", times=C14_DECAY_CONSTANT_PER_S, quantity="activity", out_unit="Bq")


def becquerel_to_atoms(activity_Bq: ArrayLike) -> float | np.ndarray:
    """Number of ¹⁴C atoms with a given activity.

    .. math:: N = A / \\lambda

    Parameters
    ----------
    activity_Bq : float or array_like
        Activity in Bq (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Number of ¹⁴C atoms. One Bq of ¹⁴C is about 2.6e11 atoms.

    References
    ----------
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218.

    Examples
    --------
    >>> f"{becquerel_to_atoms(1.0):.3e}"
    '2.595e+11'
    """
    return _scaled(
        activity_Bq, "activity_Bq", "Bq", per=C14_DECAY_CONSTANT_PER_S, quantity="number of atoms", out_unit="atoms"
    )


def becquerel_to_dpm(activity_Bq: ArrayLike) -> float | np.ndarray:
    """Convert Bq (decays per second) to dpm (decays per minute).

    .. math:: A_\\mathrm{dpm} = 60\\,A_\\mathrm{Bq}

    Parameters
    ----------
    activity_Bq : float or array_like
        Activity in Bq (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in dpm.

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019 (becquerel = s⁻¹).
    """
    return _scaled(activity_Bq, "activity_Bq", "Bq", times=units.DPM_PER_BQ, quantity="activity", out_unit="dpm")


def dpm_to_becquerel(activity_dpm: ArrayLike) -> float | np.ndarray:
    """Convert dpm (decays per minute) to Bq.

    .. math:: A_\\mathrm{Bq} = A_\\mathrm{dpm} / 60

    Parameters
    ----------
    activity_dpm : float or array_like
        Activity in dpm (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in Bq.

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019.
    """
    return _scaled(activity_dpm, "activity_dpm", "dpm", per=units.DPM_PER_BQ, quantity="activity", out_unit="Bq")


def becquerel_to_curie(activity_Bq: ArrayLike) -> float | np.ndarray:
    """Convert Bq to curies.

    .. math:: A_\\mathrm{Ci} = A_\\mathrm{Bq} / (3.7\\times10^{10})

    Parameters
    ----------
    activity_Bq : float or array_like
        Activity in Bq (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in Ci (multiply by ``units.UCI_PER_CI`` for µCi, ``units.NCI_PER_CI`` for nCi).

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019, Table 8
    (1 Ci = 3.7e10 Bq).

    Examples
    --------
    >>> becquerel_to_curie(37_000.0) * units.UCI_PER_CI   # µCi
    1.0
    """
    return _scaled(activity_Bq, "activity_Bq", "Bq", per=units.BQ_PER_CI, quantity="activity", out_unit="Ci")


def curie_to_becquerel(activity_Ci: ArrayLike) -> float | np.ndarray:
    """Convert curies to Bq.

    .. math:: A_\\mathrm{Bq} = 3.7\\times10^{10}\\,A_\\mathrm{Ci}

    Parameters
    ----------
    activity_Ci : float or array_like
        Activity in Ci (>= 0); 100 nCi is ``100e-9``.

    Returns
    -------
    float or numpy.ndarray
        Activity in Bq.

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019, Table 8.

    Examples
    --------
    >>> round(curie_to_becquerel(100e-9), 6)   # a typical microtracer
    3700.0
    """
    return _scaled(activity_Ci, "activity_Ci", "Ci", times=units.BQ_PER_CI, quantity="activity", out_unit="Bq")


def microcurie_to_kilobecquerel(activity_uCi: ArrayLike) -> float | np.ndarray:
    """Convert µCi to kBq.

    .. math:: A\\,[\\mathrm{kBq}] = 37\\,A\\,[\\mu\\mathrm{Ci}]

    Parameters
    ----------
    activity_uCi : float or array_like
        Activity in µCi (>= 0); 100 nCi is 0.1.

    Returns
    -------
    float or numpy.ndarray
        Activity in kBq.

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019, Table 8
    (1 Ci = 3.7e10 Bq).

    Examples
    --------
    >>> round(microcurie_to_kilobecquerel(0.1), 9)
    3.7
    """
    return _scaled(activity_uCi, "activity_uCi", "µCi", times=units.KBQ_PER_UCI, quantity="activity", out_unit="kBq")


def kilobecquerel_to_microcurie(activity_kBq: ArrayLike) -> float | np.ndarray:
    """Convert kBq to µCi.

    .. math:: A\\,[\\mu\\mathrm{Ci}] = A\\,[\\mathrm{kBq}] / 37

    Parameters
    ----------
    activity_kBq : float or array_like
        Activity in kBq (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in µCi.

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019, Table 8.

    Examples
    --------
    >>> round(kilobecquerel_to_microcurie(3.7), 9)
    0.1
    """
    return _scaled(activity_kBq, "activity_kBq", "kBq", per=units.KBQ_PER_UCI, quantity="activity", out_unit="µCi")


def atoms_to_dpm(n_atoms: ArrayLike) -> float | np.ndarray:
    """Activity in dpm of a number of ¹⁴C atoms.

    .. math:: A_\\mathrm{dpm} = 60\\,\\lambda N

    Parameters
    ----------
    n_atoms : float or array_like
        Number of ¹⁴C atoms (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in dpm.

    References
    ----------
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218.
    """
    return _scaled(
        n_atoms,
        "n_atoms",
        "atoms",
        times=C14_DECAY_CONSTANT_PER_S * units.DPM_PER_BQ,
        quantity="activity",
        out_unit="dpm",
    )


def dpm_to_atoms(activity_dpm: ArrayLike) -> float | np.ndarray:
    """Number of ¹⁴C atoms with a given activity in dpm.

    .. math:: N = A_\\mathrm{dpm} / (60\\,\\lambda)

    Parameters
    ----------
    activity_dpm : float or array_like
        Activity in dpm (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Number of ¹⁴C atoms.

    References
    ----------
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218.
    """
    return _scaled(
        activity_dpm,
        "activity_dpm",
        "dpm",
        per=C14_DECAY_CONSTANT_PER_S * units.DPM_PER_BQ,
        quantity="number of atoms",
        out_unit="atoms",
    )


# ---------------------------------------------------------------------------
# Drug-derived ¹⁴C in a sample
# ---------------------------------------------------------------------------


def molecules_per_mL(conc_pg_per_mL: ArrayLike, mw_g_per_mol: ArrayLike) -> float | np.ndarray:
    """Number of drug molecules per mL at a mass concentration.

    .. math:: n = \\frac{C\\,[\\mathrm{pg/mL}]\\times10^{-12}}{MW\\,[\\mathrm{g/mol}]}\\,N_A

    Parameters
    ----------
    conc_pg_per_mL : float or array_like
        Drug concentration in pg/mL (>= 0).
    mw_g_per_mol : float or array_like
        Molar mass of the drug in g/mol (> 0).

    Returns
    -------
    float or numpy.ndarray
        Molecules per mL (labelled and unlabelled together).

    References
    ----------
    BIPM. The International System of Units (SI), 9th ed., 2019 (Avogadro
    constant, exact).

    Examples
    --------
    >>> f"{molecules_per_mL(0.5, 500.0):.3e}"   # 0.5 pg/mL of a 500 g/mol drug
    '6.022e+08'
    """
    c = non_negative(conc_pg_per_mL, "conc_pg_per_mL", "pg/mL")
    mw = positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    broadcast_shape(conc_pg_per_mL=c, mw_g_per_mol=mw)
    with np.errstate(over="ignore"):
        out = c / units.PG_PER_G / mw * AVOGADRO_PER_MOL
    return finite_result(out, "molecules per mL", "1/mL")


def labelled_fraction(specific_activity_Bq_per_mg: ArrayLike, mw_g_per_mol: ArrayLike) -> float | np.ndarray:
    """Fraction of drug molecules that carry a ¹⁴C atom.

    Assumes the compound is labelled at one position (at most one ¹⁴C per
    molecule), as microtracer drugs usually are. A molecule with one ¹⁴C has
    activity :math:`\\lambda`, so a mole in which every molecule is labelled has
    the maximum specific activity :math:`SA_\\max = \\lambda N_A` (about
    2.3 GBq/mmol, 62.7 mCi/mmol) and

    .. math:: f = \\frac{SA\\,[\\mathrm{Bq/mg}]\\times 10^{3}\\,MW}{\\lambda N_A}

    Parameters
    ----------
    specific_activity_Bq_per_mg : float or array_like
        Specific activity of the dosed drug (labelled + unlabelled), Bq/mg (>= 0).
    mw_g_per_mol : float or array_like
        Molar mass in g/mol (> 0).

    Returns
    -------
    float or numpy.ndarray
        Labelled fraction, 0-1.

    Raises
    ------
    ValueError
        If the specific activity exceeds the maximum for a mono-labelled
        compound (the fraction would be above 1).

    References
    ----------
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218 (half-life);
    BIPM SI Brochure 2019 (Avogadro constant).

    Examples
    --------
    >>> round(labelled_fraction(37_000.0, 500.0), 5)   # 3.7 kBq on 100 µg
    0.00797
    """
    sa = non_negative(specific_activity_Bq_per_mg, "specific_activity_Bq_per_mg", "Bq/mg")
    mw = positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    broadcast_shape(specific_activity_Bq_per_mg=sa, mw_g_per_mol=mw)
    with np.errstate(over="ignore"):
        f = sa * units.MG_PER_G * mw / MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL
    too_high = ~(f <= 1.0 + 1e-12)  # also catches an overflow to inf
    if np.any(too_high):
        sa_b, mw_b = np.broadcast_arrays(sa, mw)
        idx = np.argmax(np.broadcast_to(too_high, sa_b.shape))
        bad_sa = float(sa_b.flat[idx])
        bad_mw = float(mw_b.flat[idx])
        max_bq_per_mg = MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL / (bad_mw * units.MG_PER_G)
        raise ValueError(
            f"specific_activity_Bq_per_mg = {bad_sa!r} Bq/mg is impossible for a "
            f"mono-labelled compound (at most one 14C per molecule): with "
            f"mw_g_per_mol = {bad_mw!r} g/mol the maximum is {max_bq_per_mg:.4g} Bq/mg "
            f"({MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL / (units.BQ_PER_GIGABQ * units.MMOL_PER_MOL):.3f} GBq/mmol, "
            f"{MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL / units.BQ_PER_CI:.1f} mCi/mmol)"
        )
    return scalar_or_array(np.minimum(f, 1.0))


def c14_atoms_per_mL(
    conc_pg_per_mL: ArrayLike, mw_g_per_mol: ArrayLike, specific_activity_Bq_per_mg: ArrayLike
) -> float | np.ndarray:
    """Drug-derived ¹⁴C atoms per mL of sample.

    .. math:: N_{14} = n_\\mathrm{molecules} \\, f_\\mathrm{labelled}
              = \\frac{C \\times 10^{-12}}{MW} N_A \\cdot
                \\frac{SA \\times 10^3\\, MW}{\\lambda N_A}
              = \\frac{C \\times 10^{-9}\\ \\mathrm{mg}\\; SA}{\\lambda}

    The molar mass cancels: the ¹⁴C content depends only on the mass
    concentration and the specific activity per mg (the molar mass is still
    used to check that the specific activity is possible).

    Parameters
    ----------
    conc_pg_per_mL : float or array_like
        Drug concentration (total, labelled + unlabelled) in pg/mL (>= 0).
    mw_g_per_mol : float or array_like
        Molar mass in g/mol (> 0).
    specific_activity_Bq_per_mg : float or array_like
        Specific activity of the dosed drug in Bq/mg (>= 0).

    Returns
    -------
    float or numpy.ndarray
        ¹⁴C atoms per mL from the drug (the natural ¹⁴C of the sample is
        not included; see :func:`natural_c14_atoms_per_mL`).

    References
    ----------
    Lappin G, Garner RC. Big physics, small doses: the use of AMS and PET in
    human microdosing of development drugs. Nat Rev Drug Discov 2003;2:233-240.

    Examples
    --------
    >>> f"{c14_atoms_per_mL(0.5, 500.0, 37_000.0):.3g}"
    '4.8e+06'
    """
    broadcast_shape(
        conc_pg_per_mL=non_negative(conc_pg_per_mL, "conc_pg_per_mL", "pg/mL"),
        mw_g_per_mol=positive(mw_g_per_mol, "mw_g_per_mol", "g/mol"),
        specific_activity_Bq_per_mg=non_negative(specific_activity_Bq_per_mg, "specific_activity_Bq_per_mg", "Bq/mg"),
    )
    molecules = molecules_per_mL(conc_pg_per_mL, mw_g_per_mol)
    f = labelled_fraction(specific_activity_Bq_per_mg, mw_g_per_mol)
    with np.errstate(over="ignore"):
        out = np.asarray(molecules) * np.asarray(f)
    return finite_result(out, "14C atoms per mL", "atoms/mL")


def drug_activity_Bq_per_mL(
    conc_pg_per_mL: ArrayLike, mw_g_per_mol: ArrayLike, specific_activity_Bq_per_mg: ArrayLike
) -> float | np.ndarray:
    """Drug-derived ¹⁴C activity per mL of sample.

    .. math:: A = \\lambda N_{14} = C\\times10^{-9}\\,\\mathrm{mg/pg}\\;SA

    Parameters
    ----------
    conc_pg_per_mL : float or array_like
        Drug concentration in pg/mL (>= 0).
    mw_g_per_mol : float or array_like
        Molar mass in g/mol (> 0).
    specific_activity_Bq_per_mg : float or array_like
        Specific activity of the dosed drug in Bq/mg (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in Bq/mL. Microtracer samples hold micro-becquerels: far too
        little for decay counting, which is why AMS counts atoms instead.

    References
    ----------
    Lappin G, Garner RC. Nat Rev Drug Discov 2003;2:233-240.
    """
    n = c14_atoms_per_mL(conc_pg_per_mL, mw_g_per_mol, specific_activity_Bq_per_mg)
    return scalar_or_array(np.asarray(n) * C14_DECAY_CONSTANT_PER_S)


def drug_dpm_per_mL(
    conc_pg_per_mL: ArrayLike, mw_g_per_mol: ArrayLike, specific_activity_Bq_per_mg: ArrayLike
) -> float | np.ndarray:
    """Drug-derived ¹⁴C activity per mL of sample in dpm.

    .. math:: A_\\mathrm{dpm} = 60\\,\\lambda N_{14}

    Parameters
    ----------
    conc_pg_per_mL : float or array_like
        Drug concentration in pg/mL (>= 0).
    mw_g_per_mol : float or array_like
        Molar mass in g/mol (> 0).
    specific_activity_Bq_per_mg : float or array_like
        Specific activity of the dosed drug in Bq/mg (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Activity in dpm/mL.

    References
    ----------
    Lappin G, Garner RC. Nat Rev Drug Discov 2003;2:233-240.
    """
    a = drug_activity_Bq_per_mL(conc_pg_per_mL, mw_g_per_mol, specific_activity_Bq_per_mg)
    return scalar_or_array(np.asarray(a) * units.DPM_PER_BQ)


# ---------------------------------------------------------------------------
# Natural ¹⁴C background
# ---------------------------------------------------------------------------


def natural_c14_atoms_per_mL(
    carbon_mg_per_mL: ArrayLike = PLASMA_CARBON_MG_PER_ML, fraction_modern: ArrayLike = 1.0
) -> float | np.ndarray:
    """Natural ¹⁴C atoms per mL carried by the sample's own carbon.

    .. math:: N_\\mathrm{nat} = \\frac{c_C\\,[\\mathrm{mg/mL}]}{1000}\\,F\\,
              \\frac{A_\\mathrm{modern}}{\\lambda},
              \\quad A_\\mathrm{modern} = 0.226\\ \\mathrm{Bq/g\\,C}

    Every carbon-containing sample carries ¹⁴C made by cosmic rays. At
    1.0 Modern a gram of carbon holds about 5.9e10 ¹⁴C atoms, so a mL of
    plasma (43.7 mg C) holds about 2.6e9. Living tissue today is slightly
    *above* 1.0 Modern (roughly 1.01-1.05, diet dependent) because the
    atmospheric nuclear-weapons tests of the 1950s-60s ("bomb carbon") raised
    atmospheric ¹⁴C, which is still decaying back.

    Parameters
    ----------
    carbon_mg_per_mL : float or array_like, optional
        Carbon content of the sample in mg C per mL (> 0); default human plasma.
    fraction_modern : float or array_like, optional
        ¹⁴C level of that carbon in fraction Modern (>= 0; 0 for fossil carbon).

    Returns
    -------
    float or numpy.ndarray
        Natural ¹⁴C atoms per mL.

    References
    ----------
    Stuiver M, Polach HA. Radiocarbon 1977;19:355-363 (0.226 Bq per g C).
    Kim S-H et al. Anal Chem 2011;83:3312-3318 (plasma carbon, Fm of blood).

    Examples
    --------
    >>> f"{natural_c14_atoms_per_mL():.2g}"
    '2.6e+09'
    """
    c = positive(carbon_mg_per_mL, "carbon_mg_per_mL", "mg C/mL")
    fm = non_negative(fraction_modern, "fraction_modern", "fraction Modern")
    broadcast_shape(carbon_mg_per_mL=c, fraction_modern=fm)
    with np.errstate(over="ignore"):
        out = c / units.MG_PER_G * fm * MODERN_C14_ATOMS_PER_G_CARBON
    return finite_result(out, "natural 14C atoms per mL", "atoms/mL")


def excess_over_background(
    drug_c14_atoms_per_mL: ArrayLike,
    carbon_mg_per_mL: ArrayLike = PLASMA_CARBON_MG_PER_ML,
    fraction_modern: ArrayLike = 1.0,
) -> float | np.ndarray:
    """Ratio of drug-derived to natural ¹⁴C atoms in a sample.

    .. math:: R = N_\\mathrm{drug} / N_\\mathrm{nat}

    A ratio well below 1 means the drug signal sits on top of a much larger
    natural signal: the sample's carbon must be measured very precisely (and
    a pre-dose sample subtracted), or the drug must first be separated from
    the bulk carbon, e.g. by HPLC.

    Parameters
    ----------
    drug_c14_atoms_per_mL : float or array_like
        Drug-derived ¹⁴C atoms per mL (>= 0), e.g. from :func:`c14_atoms_per_mL`.
    carbon_mg_per_mL : float or array_like, optional
        Carbon content of the sample in mg C per mL (> 0); default human plasma.
    fraction_modern : float or array_like, optional
        Background (pre-dose) ¹⁴C level of the sample's carbon in fraction
        Modern (> 0).

    Returns
    -------
    float or numpy.ndarray
        Dimensionless ratio.

    References
    ----------
    Stuiver M, Polach HA. Radiocarbon 1977;19:355-363.
    """
    n = non_negative(drug_c14_atoms_per_mL, "drug_c14_atoms_per_mL", "atoms/mL")
    c = positive(carbon_mg_per_mL, "carbon_mg_per_mL", "mg C/mL")
    fm = positive(fraction_modern, "fraction_modern", "fraction Modern")
    broadcast_shape(drug_c14_atoms_per_mL=n, carbon_mg_per_mL=c, fraction_modern=fm)
    background = np.asarray(natural_c14_atoms_per_mL(carbon_mg_per_mL, fraction_modern))
    with np.errstate(over="ignore"):
        out = n / background
    return finite_result(out, "excess over background", "ratio")


def sample_fraction_modern(
    drug_c14_atoms_per_mL: ArrayLike,
    carbon_mg_per_mL: ArrayLike = PLASMA_CARBON_MG_PER_ML,
    fraction_modern: ArrayLike = 1.0,
) -> float | np.ndarray:
    """Fraction Modern that AMS would report for a dosed sample.

    .. math:: F_\\mathrm{sample} = F_\\mathrm{background} +
              \\frac{N_\\mathrm{drug}}{(c_C/1000)\\,N_\\mathrm{modern}}
              = F_\\mathrm{background}\\,(1 + R)

    with :math:`N_\\mathrm{modern} \\approx 5.9\\times10^{10}` ¹⁴C atoms per
    g C. (The δ¹³C normalisation of the formal definition is ignored: for a
    plasma sample it changes F by well under 1 %.)

    Parameters
    ----------
    drug_c14_atoms_per_mL : float or array_like
        Drug-derived ¹⁴C atoms per mL (>= 0).
    carbon_mg_per_mL : float or array_like, optional
        Carbon content in mg C per mL (> 0); default human plasma.
    fraction_modern : float or array_like, optional
        Background (pre-dose) fraction Modern of the sample's carbon (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Measured fraction Modern of the sample.

    References
    ----------
    Stuiver M, Polach HA. Radiocarbon 1977;19:355-363.
    """
    n = non_negative(drug_c14_atoms_per_mL, "drug_c14_atoms_per_mL", "atoms/mL")
    c = positive(carbon_mg_per_mL, "carbon_mg_per_mL", "mg C/mL")
    fm = non_negative(fraction_modern, "fraction_modern", "fraction Modern")
    broadcast_shape(drug_c14_atoms_per_mL=n, carbon_mg_per_mL=c, fraction_modern=fm)
    with np.errstate(over="ignore"):
        out = fm + n / (c / units.MG_PER_G * MODERN_C14_ATOMS_PER_G_CARBON)
    return finite_result(out, "sample fraction Modern", "fraction Modern")


def c14_per_carbon_ratio(fraction_modern: ArrayLike) -> float | np.ndarray:
    """¹⁴C atoms per carbon atom at a given fraction Modern.

    .. math:: \\frac{^{14}C}{C} = F \\, \\frac{N_\\mathrm{modern}\\,M_C}{N_A}
              \\approx F \\times 1.17\\times10^{-12}

    Parameters
    ----------
    fraction_modern : float or array_like
        ¹⁴C level in fraction Modern (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Isotope ratio ¹⁴C / (all carbon atoms); this is what an AMS measures.

    References
    ----------
    Stuiver M, Polach HA. Radiocarbon 1977;19:355-363; IUPAC/CIAAW standard
    atomic weight of carbon (Pure Appl Chem 2022;94:573-600).
    """
    return _scaled(
        fraction_modern,
        "fraction_modern",
        "fraction Modern",
        times=MODERN_C14_PER_CARBON_RATIO,
        quantity="14C/C ratio",
        out_unit="atoms per carbon atom",
    )


def c14_per_carbon_to_fraction_modern(c14_per_carbon: ArrayLike) -> float | np.ndarray:
    """Fraction Modern of a measured ¹⁴C/C isotope ratio.

    .. math:: F = \\frac{^{14}C/C}{(^{14}C/C)_\\mathrm{modern}}

    Parameters
    ----------
    c14_per_carbon : float or array_like
        ¹⁴C atoms per carbon atom (>= 0; at most 1).

    Returns
    -------
    float or numpy.ndarray
        Fraction Modern.

    References
    ----------
    Stuiver M, Polach HA. Radiocarbon 1977;19:355-363.
    """
    r = fraction(c14_per_carbon, "c14_per_carbon")
    return scalar_or_array(r / MODERN_C14_PER_CARBON_RATIO)


# ---------------------------------------------------------------------------
# Poisson counting statistics
# ---------------------------------------------------------------------------


def expected_counts(n_c14_atoms_in_sample: ArrayLike, counting_efficiency: ArrayLike) -> float | np.ndarray:
    """Expected number of ¹⁴C ions counted by the AMS detector.

    .. math:: \\bar N_\\mathrm{counts} = \\varepsilon\\, N_{14}

    The overall efficiency :math:`\\varepsilon` (fraction of the sample's ¹⁴C
    atoms that reach the detector: ionisation in the source, stripping and
    transmission) is typically of the order of 1 %.

    Parameters
    ----------
    n_c14_atoms_in_sample : float or array_like
        ¹⁴C atoms in the sample put into the ion source (>= 0).
    counting_efficiency : float or array_like
        Fraction of those atoms counted, 0-1.

    Returns
    -------
    float or numpy.ndarray
        Expected (mean) number of counts.

    References
    ----------
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218.
    """
    n = non_negative(n_c14_atoms_in_sample, "n_c14_atoms_in_sample", "atoms")
    eff = fraction(counting_efficiency, "counting_efficiency")
    broadcast_shape(n_c14_atoms_in_sample=n, counting_efficiency=eff)
    return scalar_or_array(n * eff)


def average_count_rate_per_s(counts: ArrayLike, counting_time_s: ArrayLike) -> float | np.ndarray:
    """Average count rate.

    .. math:: r = N / t

    Parameters
    ----------
    counts : float or array_like
        Number of counts (>= 0).
    counting_time_s : float or array_like
        Counting time in s (> 0).

    Returns
    -------
    float or numpy.ndarray
        Count rate in counts per second.

    References
    ----------
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.
    """
    n = non_negative(counts, "counts", "counts")
    t = positive(counting_time_s, "counting_time_s", "s")
    broadcast_shape(counts=n, counting_time_s=t)
    with np.errstate(over="ignore"):
        out = n / t
    return finite_result(out, "count rate", "counts/s")


def counts_in_time(count_rate_per_s: ArrayLike, counting_time_s: ArrayLike) -> float | np.ndarray:
    """Expected counts collected at a given rate in a given time.

    .. math:: N = r\\,t

    Parameters
    ----------
    count_rate_per_s : float or array_like
        Count rate in counts/s (>= 0).
    counting_time_s : float or array_like
        Counting time in s (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Expected number of counts.

    References
    ----------
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.
    """
    r = non_negative(count_rate_per_s, "count_rate_per_s", "counts/s")
    t = non_negative(counting_time_s, "counting_time_s", "s")
    broadcast_shape(count_rate_per_s=r, counting_time_s=t)
    with np.errstate(over="ignore"):
        out = r * t
    return finite_result(out, "counts", "counts")


def poisson_relative_precision(counts: ArrayLike) -> float | np.ndarray:
    """Relative standard deviation of a Poisson count.

    .. math:: \\frac{\\sigma}{N} = \\frac{\\sqrt N}{N} = \\frac{1}{\\sqrt N}

    Parameters
    ----------
    counts : float or array_like
        Number of counts (> 0).

    Returns
    -------
    float or numpy.ndarray
        Relative precision as a fraction (0.01 = 1 %).

    References
    ----------
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.

    Examples
    --------
    >>> poisson_relative_precision(10_000)
    0.01
    """
    n = positive(counts, "counts", "counts")
    return scalar_or_array(1.0 / np.sqrt(n))


def net_relative_precision(
    net_counts: ArrayLike, background_counts: ArrayLike, paired: bool = True
) -> float | np.ndarray:
    """Relative standard deviation of a background-subtracted (net) count.

    The drug's ¹⁴C is read as the excess of a sample's count over the count
    of a pre-dose (blank) sample, so the net count carries the Poisson
    variance of both:

    .. math::
        \\frac{\\sigma_{net}}{S} = \\frac{\\sqrt{S + 2B}}{S} \\quad (\\text{paired blank}),
        \\qquad
        \\frac{\\sigma_{net}}{S} = \\frac{\\sqrt{S + B}}{S} \\quad (\\text{well-known blank})

    where S is the net (drug) count and B the background count in the same
    counting time. With no background this reduces to
    :func:`poisson_relative_precision`; when B ≫ S the precision is much worse than
    1/√S, which is why a microtracer sample close to the natural ¹⁴C level
    needs long counting.

    Parameters
    ----------
    net_counts : float or array_like
        Expected net counts S above background (> 0).
    background_counts : float or array_like
        Expected background counts B in the same counting time (>= 0).
    paired : bool, optional
        True (default) when the blank is itself a measured sample counted
        like the unknown; False for a background known without error.

    Returns
    -------
    float or numpy.ndarray
        Relative precision of the net count as a fraction (0.01 = 1 %).

    References
    ----------
    Currie LA. Limits for qualitative detection and quantitative
    determination. Anal Chem 1968;40:586-593. Knoll GF. Radiation Detection
    and Measurement, 4th ed. Wiley, 2010, ch. 3 (propagation of counting
    error on net counts).

    Examples
    --------
    >>> round(net_relative_precision(10_000, 0.0), 4)
    0.01
    >>> round(net_relative_precision(10_000, 10_000), 4)
    0.0173
    """
    s = positive(net_counts, "net_counts", "counts")
    b = non_negative(background_counts, "background_counts", "counts")
    paired = boolean(paired, "paired")
    s, b = broadcast_together(net_counts=s, background_counts=b)
    variance = s + (2.0 if paired else 1.0) * b
    return scalar_or_array(np.sqrt(variance) / s)


def counts_for_precision(relative_precision: ArrayLike) -> float | np.ndarray:
    """Counts needed for a target relative precision.

    .. math:: N = 1 / r^2

    Parameters
    ----------
    relative_precision : float or array_like
        Target relative standard deviation as a fraction in (0, 1)
        (0.01 for 1 %, not 1).

    Returns
    -------
    float or numpy.ndarray
        Number of counts.

    References
    ----------
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.

    Examples
    --------
    >>> round(counts_for_precision(0.01))
    10000
    """
    r = fraction(relative_precision, "relative_precision", allow_zero=False, allow_one=False)
    with np.errstate(over="ignore"):
        out = (1.0 / r) ** 2
    return finite_result(out, "counts", "counts")


def counting_time_for_precision_s(count_rate_per_s: ArrayLike, relative_precision: ArrayLike) -> float | np.ndarray:
    """Counting time needed for a target relative precision.

    .. math:: t = \\frac{1}{r_\\mathrm{count}\\,p^2}

    with :math:`r_\\mathrm{count}` the count rate and :math:`p` the relative
    precision.

    Parameters
    ----------
    count_rate_per_s : float or array_like
        Count rate in counts per second (> 0).
    relative_precision : float or array_like
        Target relative standard deviation, a fraction in (0, 1).

    Returns
    -------
    float or numpy.ndarray
        Counting time in s.

    References
    ----------
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.
    """
    rate = positive(count_rate_per_s, "count_rate_per_s", "counts/s")
    n = np.asarray(counts_for_precision(relative_precision))
    broadcast_shape(count_rate_per_s=rate, relative_precision=n)
    with np.errstate(over="ignore"):
        out = n / rate
    return finite_result(out, "counting time", "s")


def critical_level_counts(background_counts: ArrayLike, paired: bool = True) -> float | np.ndarray:
    """Currie critical level L_C (decision threshold) for net counts.

    With false-positive risk α = 0.05 and Poisson counting:

    .. math::
        L_C = 2.33\\sqrt{B} \\quad (\\text{paired blank}), \\qquad
        L_C = 1.645\\sqrt{B} \\quad (\\text{well-known blank})

    "Paired" means the blank is counted under the same conditions as the
    sample, so the net signal carries the variance of both
    (:math:`\\sigma_0 = \\sqrt{2B}`). A net count (gross − B) above L_C is
    declared "detected".

    Parameters
    ----------
    background_counts : float or array_like
        Expected blank (background) counts B in the same counting time (>= 0).
    paired : bool, optional
        True for a paired blank (default), False for a well-known blank.

    Returns
    -------
    float or numpy.ndarray
        L_C in net counts.

    References
    ----------
    Currie LA. Anal Chem 1968;40:586-593.

    Examples
    --------
    >>> round(critical_level_counts(100.0), 2)
    23.3
    """
    b = non_negative(background_counts, "background_counts", "counts")
    paired = boolean(paired, "paired")
    factor = CURRIE_LC_PAIRED_FACTOR if paired else CURRIE_LC_WELL_KNOWN_FACTOR
    with np.errstate(over="ignore"):
        out = factor * np.sqrt(b)
    return finite_result(out, "critical level", "counts")


def detection_limit_counts(background_counts: ArrayLike, paired: bool = True) -> float | np.ndarray:
    """Currie detection limit L_D (minimum reliably detectable net counts).

    With α = β = 0.05 and Poisson counting:

    .. math::
        L_D = 2.71 + 4.65\\sqrt{B} \\quad (\\text{paired blank}), \\qquad
        L_D = 2.71 + 3.29\\sqrt{B} \\quad (\\text{well-known blank})

    A true net signal of L_D counts exceeds L_C 95 % of the time.

    Parameters
    ----------
    background_counts : float or array_like
        Expected blank counts B (>= 0).
    paired : bool, optional
        True for a paired blank (default), False for a well-known blank.

    Returns
    -------
    float or numpy.ndarray
        L_D in net counts.

    References
    ----------
    Currie LA. Anal Chem 1968;40:586-593.

    Examples
    --------
    >>> round(detection_limit_counts(100.0), 2)
    49.21
    """
    b = non_negative(background_counts, "background_counts", "counts")
    paired = boolean(paired, "paired")
    factor = CURRIE_LD_PAIRED_FACTOR if paired else CURRIE_LD_WELL_KNOWN_FACTOR
    with np.errstate(over="ignore"):
        out = CURRIE_LD_CONSTANT_COUNTS + factor * np.sqrt(b)
    return finite_result(out, "detection limit", "counts")


def quantification_limit_counts(background_counts: ArrayLike, paired: bool = True) -> float | np.ndarray:
    """Currie quantification (determination) limit L_Q in net counts.

    L_Q is the net signal whose standard deviation is 1/k_Q = 10 % of itself.
    For Poisson counting the variance of a net signal μ is
    :math:`\\mu + \\sigma_0^2`, where :math:`\\sigma_0^2` is the variance of
    the net signal of a blank: :math:`2B` when the blank is counted like the
    sample (paired), :math:`B` when it is known without error. Solving
    :math:`L_Q = k_Q\\sqrt{L_Q + \\sigma_0^2}` gives

    .. math::
        L_Q = \\frac{k_Q^2}{2}\\left[1 + \\sqrt{1 + \\frac{4\\sigma_0^2}{k_Q^2}}\\right]
        = 50\\left\\{1 + \\left[1 + \\frac{B}{12.5}\\right]^{1/2}\\right\\}
        \\quad (\\text{paired},\\ k_Q = 10)

    and :math:`50\\{1 + [1 + B/25]^{1/2}\\}` for a well-known blank. When the
    background dominates, L_Q tends to :math:`50 + 10\\,\\sigma_0` (about
    :math:`14.1\\sqrt{B}` for a paired blank, the "10 σ" rule of thumb); with no
    background it is 100 counts, whose Poisson RSD is 10 %.

    Parameters
    ----------
    background_counts : float or array_like
        Expected blank counts B in the same counting time (>= 0).
    paired : bool, optional
        True for a paired blank (default), False for a well-known blank.

    Returns
    -------
    float or numpy.ndarray
        L_Q in net counts.

    References
    ----------
    Currie LA. Anal Chem 1968;40:586-593 (determination limit, k_Q = 10).

    Examples
    --------
    >>> round(quantification_limit_counts(0.0), 6)
    100.0
    >>> round(quantification_limit_counts(50.0), 1)
    161.8
    """
    b = non_negative(background_counts, "background_counts", "counts")
    paired = boolean(paired, "paired")
    blank_variance = (2.0 if paired else 1.0) * b
    with np.errstate(over="ignore"):
        out = CURRIE_KQ**2 / 2.0 * (1.0 + np.sqrt(1.0 + 4.0 * blank_variance / CURRIE_KQ**2))
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"background_counts is too large: the quantification limit overflows; received {background_counts!r}"
        )
    return scalar_or_array(out)


def is_detected(gross_counts: ArrayLike, background_counts: ArrayLike, paired: bool = True) -> bool | NDArray[np.bool_]:
    """Currie decision: is the net signal above the critical level?

    .. math:: \\text{detected} \\iff G - B > L_C(B)

    Parameters
    ----------
    gross_counts : float or array_like
        Counts measured on the sample, G (>= 0).
    background_counts : float or array_like
        Expected blank counts B in the same counting time (>= 0).
    paired : bool, optional
        True for a paired blank (default), False for a well-known blank.

    Returns
    -------
    bool or numpy.ndarray of bool
        True where the signal is declared detected.

    References
    ----------
    Currie LA. Anal Chem 1968;40:586-593.
    """
    g = non_negative(gross_counts, "gross_counts", "counts")
    b = non_negative(background_counts, "background_counts", "counts")
    broadcast_shape(gross_counts=g, background_counts=b)
    lc = np.asarray(critical_level_counts(b, paired=paired))
    return bool_or_array(g - b > lc)


def simulate_counts(
    expected: ArrayLike, rng: int | np.random.Generator | None = None, size: int | tuple[int, ...] | None = None
) -> float | np.ndarray:
    """Draw Poisson-distributed counts (for the counting-simulator widget).

    .. math:: P(N = k) = \\frac{\\mu^k e^{-\\mu}}{k!}

    Parameters
    ----------
    expected : float or array_like
        Expected counts μ (>= 0, at most 1e18).
    rng : None, int or numpy.random.Generator, optional
        Random source: a seed (reproducible), a Generator, or None for fresh
        entropy.
    size : None, int or tuple of int, optional
        Output shape; must be compatible with the shape of ``expected``.
        ``None`` gives one draw per element of ``expected``.

    Returns
    -------
    float or numpy.ndarray
        Simulated counts: a Python float (whole-valued) for a single draw,
        otherwise an integer array.

    References
    ----------
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.
    NumPy documentation: ``numpy.random.Generator.poisson``.

    Examples
    --------
    >>> simulate_counts([0.0, 0.0], rng=1).tolist()
    [0, 0]
    """
    mu = non_negative(expected, "expected", "counts")
    if np.any(mu > POISSON_MAX_EXPECTED_COUNTS):
        raise ValueError(f"expected must be at most {POISSON_MAX_EXPECTED_COUNTS:g} counts; received {expected!r}")
    shape = draw_shape(size)
    if shape is not None:
        try:
            compatible = np.broadcast_shapes(mu.shape, shape) == shape
        except ValueError:
            compatible = False
        if not compatible:
            raise ValueError(f"size {shape} is not compatible with the shape {mu.shape} of expected")
    generator = random_generator(rng)
    draws = generator.poisson(mu, size=shape)
    if np.ndim(draws) == 0:
        return float(draws)
    return np.asarray(draws)


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "SECONDS_PER_YEAR": ("microdose.units.SECONDS_PER_JULIAN_YEAR", units.SECONDS_PER_JULIAN_YEAR),
        "BQ_PER_CI": ("microdose.units.BQ_PER_CI", units.BQ_PER_CI),
        "DPM_PER_BQ": ("microdose.units.DPM_PER_BQ", units.DPM_PER_BQ),
        "MG_PER_G": ("microdose.units.MG_PER_G", units.MG_PER_G),
        "PG_PER_G": ("microdose.units.PG_PER_G", units.PG_PER_G),
        "fraction_modern_from_c14_per_carbon": (
            "microdose.ams.c14_per_carbon_to_fraction_modern",
            c14_per_carbon_to_fraction_modern,
        ),
        "count_rate_per_s": ("microdose.ams.average_count_rate_per_s", average_count_rate_per_s),
        "relative_precision": ("microdose.ams.poisson_relative_precision", poisson_relative_precision),
    },
)
