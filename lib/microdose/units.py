"""Unit conversion factors: every factor of the course, defined once.

The main lesson of a microdose course is that unit slips (a factor of 10³ between
mg/L and ng/mL, µg for mg, a year of 365 days) are the usual way to get a
microdose calculation wrong. So the library, the widgets, the lessons and the
problem sets never write a conversion factor of their own: they take it from
this module, where each one is written down once, with its reason.

Naming rule
-----------
A factor is named ``<TO>_PER_<FROM>``: the number of *TO* units in one *FROM*
unit. Multiplying a value in *FROM* by it gives the value in *TO*; dividing a
value in *TO* by it goes back. Read the name as a unit and the arithmetic
checks itself:

>>> from microdose import units
>>> 250.0 * units.UG_PER_MG            # 250 mg x (µg per mg) = µg
250000.0
>>> 100.0 / units.UG_PER_MG            # 100 µg / (µg per mg) = mg
0.1

Each factor is defined in one direction only, the one that gives a number of
at least 1; to convert the other way, divide.

Units are spelled as in parameter names, upper-cased: ``G``, ``MG``, ``UG``
(µg), ``NG``, ``PG``; ``L``, ``ML``, ``UL`` (µL); ``MOL``, ``MMOL``, ``UMOL``
(µmol), ``NMOL``; ``M`` (mol/L), ``MM`` (mmol/L), ``UM`` (µmol/L), ``NM``
(nmol/L), ``PM`` (pmol/L); ``BQ``, ``KBQ``, ``CI``, ``MCI`` (mCi), ``UCI``
(µCi), ``NCI``; ``DPM``; ``SV``, ``MSV`` (mSv), ``USV`` (µSv). Upper-casing
loses the difference between m (milli) and M (mega), so a leading ``M`` is
always *milli* (``MG``, ``ML``, ``MMOL``, ``MCI``, ``MSV``; ``MM`` is mmol/L,
never millimetre), ``M`` alone is mol/L, and the large prefixes are spelled
out: ``MEGABQ`` (MBq), ``GIGABQ`` (GBq). Time units, whose symbols are single
letters, are spelled out (``SECONDS``, ``MINUTES``, ``HOURS``, ``DAYS``,
``JULIAN_YEAR``).

A factor between two *compound* units names both in full, the new unit first:
``NG_PER_ML_PER_MG_PER_L`` is "(ng/mL) per (mg/L)", 1000, so
``conc_mg_per_L * NG_PER_ML_PER_MG_PER_L`` is the concentration in ng/mL. The
same factor converts an AUC in mg·h/L to ng·h/mL, since the hours are common
to both.

Two rules of thumb turn a mass concentration into a molar one without a
special factor: a mass divided by a molar mass in g/mol keeps its prefix
(1 mg / (g/mol) = 1 mmol, 1 ng / (g/mol) = 1 nmol), and 1 ng/mL = 1 µg/L.
So ``conc_ng_per_mL / mw_g_per_mol`` is in µmol/L, and
``conc_ng_per_mL / mw_g_per_mol * NM_PER_UM`` in nmol/L.

Physical constants that are not unit conversions (the Avogadro constant, the
¹⁴C half-life, dose coefficients, risk coefficients) stay in the module of
their topic (:mod:`microdose.ams`, :mod:`microdose.safety`).

References
----------
BIPM. The International System of Units (SI), 9th edition, 2019: the SI
prefixes (Table 7) and the non-SI units accepted for use with the SI, among
them the minute, hour and day (Table 8).

IAU. Resolution B1 (1994) and the IAU Style Manual (1989): the Julian year is
365.25 days of 86 400 s.

NIST Special Publication 811, 2008 edition, Appendix B.9: 1 Ci = 3.7e10 Bq
(exactly).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as v

__all__ = [
    # mass
    "MG_PER_G",
    "UG_PER_G",
    "NG_PER_G",
    "PG_PER_G",
    "UG_PER_MG",
    "NG_PER_MG",
    "PG_PER_MG",
    "NG_PER_UG",
    "PG_PER_UG",
    "PG_PER_NG",
    # amount of substance
    "MMOL_PER_MOL",
    "UMOL_PER_MOL",
    "NMOL_PER_MOL",
    "NMOL_PER_UMOL",
    # volume
    "ML_PER_L",
    "UL_PER_L",
    "UL_PER_ML",
    # molar concentration
    "MM_PER_M",
    "UM_PER_M",
    "NM_PER_M",
    "UM_PER_MM",
    "NM_PER_MM",
    "NM_PER_UM",
    "PM_PER_NM",
    # mass concentration
    "NG_PER_ML_PER_MG_PER_L",
    "PG_PER_ML_PER_MG_PER_L",
    "PG_PER_ML_PER_NG_PER_ML",
    "NG_PER_L_PER_MG_PER_L",
    "NG_PER_ML_PER_G_PER_L",
    # time
    "MILLISECONDS_PER_SECOND",
    "SECONDS_PER_MINUTE",
    "MINUTES_PER_HOUR",
    "SECONDS_PER_HOUR",
    "HOURS_PER_DAY",
    "SECONDS_PER_DAY",
    "DAYS_PER_JULIAN_YEAR",
    "SECONDS_PER_JULIAN_YEAR",
    # activity
    "BQ_PER_KBQ",
    "BQ_PER_MEGABQ",
    "BQ_PER_GIGABQ",
    "BQ_PER_CI",
    "MCI_PER_CI",
    "UCI_PER_CI",
    "NCI_PER_CI",
    "KBQ_PER_UCI",
    "BQ_PER_NCI",
    "DPM_PER_BQ",
    # radiation dose
    "MSV_PER_SV",
    "USV_PER_SV",
    "USV_PER_MSV",
    # converters
    "mg_per_L_to_ng_per_mL",
    "ng_per_mL_to_mg_per_L",
    "mg_per_L_to_pg_per_mL",
    "pg_per_mL_to_mg_per_L",
    "mg_to_ug",
    "ug_to_mg",
]

# ---------------------------------------------------------------------------
# Mass
# ---------------------------------------------------------------------------

MG_PER_G = 1.0e3  # exact (SI prefixes)
UG_PER_G = 1.0e6  # exact (SI prefixes)
NG_PER_G = 1.0e9  # exact (SI prefixes)
PG_PER_G = 1.0e12  # exact (SI prefixes)
UG_PER_MG = 1.0e3  # exact (SI prefixes)
NG_PER_MG = 1.0e6  # exact (SI prefixes)
PG_PER_MG = 1.0e9  # exact (SI prefixes)
NG_PER_UG = 1.0e3  # exact (SI prefixes)
PG_PER_UG = 1.0e6  # exact (SI prefixes)
PG_PER_NG = 1.0e3  # exact (SI prefixes)

# ---------------------------------------------------------------------------
# Amount of substance
# ---------------------------------------------------------------------------

MMOL_PER_MOL = 1.0e3  # exact (SI prefixes): 1 mol = 10³ mmol
UMOL_PER_MOL = 1.0e6  # exact (SI prefixes): 1 mol = 10⁶ µmol
NMOL_PER_MOL = 1.0e9  # exact (SI prefixes)
NMOL_PER_UMOL = 1.0e3  # exact (SI prefixes)

# ---------------------------------------------------------------------------
# Volume
# ---------------------------------------------------------------------------

ML_PER_L = 1.0e3  # exact (SI prefixes)
UL_PER_L = 1.0e6  # exact (SI prefixes)
UL_PER_ML = 1.0e3  # exact (SI prefixes)

# ---------------------------------------------------------------------------
# Molar concentration (M = mol/L)
# ---------------------------------------------------------------------------

MM_PER_M = 1.0e3  # exact (SI prefixes): mmol/L per mol/L
UM_PER_M = 1.0e6  # exact (SI prefixes): µmol/L per mol/L
NM_PER_M = 1.0e9  # exact (SI prefixes): nmol/L per mol/L
UM_PER_MM = 1.0e3  # exact (SI prefixes): µmol/L per mmol/L
NM_PER_MM = 1.0e6  # exact (SI prefixes): nmol/L per mmol/L
NM_PER_UM = 1.0e3  # exact (SI prefixes): nmol/L per µmol/L
PM_PER_NM = 1.0e3  # exact (SI prefixes): pmol/L per nmol/L

# ---------------------------------------------------------------------------
# Mass concentration (also AUC: the hours are common to both units)
# ---------------------------------------------------------------------------

NG_PER_ML_PER_MG_PER_L = NG_PER_MG / ML_PER_L  # derived, exact (SI prefixes): 1 mg/L = 1000 ng/mL (= µg/mL)
PG_PER_ML_PER_MG_PER_L = PG_PER_MG / ML_PER_L  # derived, exact (SI prefixes): 1 mg/L = 1e6 pg/mL
PG_PER_ML_PER_NG_PER_ML = PG_PER_NG  # derived, exact (SI prefixes): 1 ng/mL = 1000 pg/mL
NG_PER_L_PER_MG_PER_L = NG_PER_MG  # derived, exact (SI prefixes): 1 mg/L = 1e6 ng/L
NG_PER_ML_PER_G_PER_L = NG_PER_G / ML_PER_L  # derived, exact (SI prefixes): 1 g/L = 1e6 ng/mL

# ---------------------------------------------------------------------------
# Time
# ---------------------------------------------------------------------------

MILLISECONDS_PER_SECOND = 1.0e3  # exact (SI prefixes)
SECONDS_PER_MINUTE = 60.0  # exact (SI Brochure 2019, Table 8: 1 min = 60 s)
MINUTES_PER_HOUR = 60.0  # exact (SI Brochure 2019, Table 8: 1 h = 60 min)
SECONDS_PER_HOUR = SECONDS_PER_MINUTE * MINUTES_PER_HOUR  # derived, exact: 3600 s
HOURS_PER_DAY = 24.0  # exact (SI Brochure 2019, Table 8: 1 d = 24 h)
SECONDS_PER_DAY = SECONDS_PER_HOUR * HOURS_PER_DAY  # derived, exact: 86 400 s
DAYS_PER_JULIAN_YEAR = 365.25  # exact by definition: the Julian year (IAU 1994)
SECONDS_PER_JULIAN_YEAR = DAYS_PER_JULIAN_YEAR * SECONDS_PER_DAY  # derived, exact: 31 557 600 s

# ---------------------------------------------------------------------------
# Activity
# ---------------------------------------------------------------------------

BQ_PER_KBQ = 1.0e3  # exact (SI prefixes)
BQ_PER_MEGABQ = 1.0e6  # exact (SI prefixes): 1 MBq (megabecquerel) = 10⁶ Bq
BQ_PER_GIGABQ = 1.0e9  # exact (SI prefixes): 1 GBq (gigabecquerel) = 10⁹ Bq
BQ_PER_CI = 3.7e10  # exact: definition of the curie (NIST SP 811, 2008)
MCI_PER_CI = 1.0e3  # exact (SI prefixes): 1 Ci = 10³ mCi (millicurie)
UCI_PER_CI = 1.0e6  # exact (SI prefixes)
NCI_PER_CI = 1.0e9  # exact (SI prefixes)
KBQ_PER_UCI = BQ_PER_CI / UCI_PER_CI / BQ_PER_KBQ  # derived, exact: 1 µCi = 37 kBq
BQ_PER_NCI = BQ_PER_CI / NCI_PER_CI  # derived, exact: 1 nCi = 37 Bq
DPM_PER_BQ = SECONDS_PER_MINUTE  # derived, exact: 1 Bq = 1 decay per second = 60 decays per minute

# ---------------------------------------------------------------------------
# Radiation dose
# ---------------------------------------------------------------------------

MSV_PER_SV = 1.0e3  # exact (SI prefixes): 1 Sv = 10³ mSv (millisievert)
USV_PER_SV = 1.0e6  # exact (SI prefixes)
USV_PER_MSV = 1.0e3  # exact (SI prefixes)

# ---------------------------------------------------------------------------
# Converters: for where a call reads better than a factor
# ---------------------------------------------------------------------------


def mg_per_L_to_ng_per_mL(conc_mg_per_L: ArrayLike) -> float | np.ndarray:
    """Convert a mass concentration (or AUC) from mg/L to ng/mL.

    .. math:: C\\,[\\mathrm{ng/mL}] = 1000\\,C\\,[\\mathrm{mg/L}]

    Parameters
    ----------
    conc_mg_per_L : float or array_like
        Concentration in mg/L (= µg/mL); an AUC in mg·h/L works the same way.

    Returns
    -------
    float or numpy.ndarray
        The same concentration in ng/mL (= µg/L).

    References
    ----------
    BIPM. The International System of Units (SI), 9th edition, 2019, Table 7 (SI prefixes).

    Examples
    --------
    >>> mg_per_L_to_ng_per_mL(0.25)
    250.0
    """
    conc = v.as_float_array(conc_mg_per_L, "conc_mg_per_L", "mg/L")
    return v.scalar_or_array(conc * NG_PER_ML_PER_MG_PER_L)


def ng_per_mL_to_mg_per_L(conc_ng_per_mL: ArrayLike) -> float | np.ndarray:
    """Convert a mass concentration (or AUC) from ng/mL to mg/L.

    .. math:: C\\,[\\mathrm{mg/L}] = C\\,[\\mathrm{ng/mL}] / 1000

    Parameters
    ----------
    conc_ng_per_mL : float or array_like
        Concentration in ng/mL (= µg/L).

    Returns
    -------
    float or numpy.ndarray
        The same concentration in mg/L (= µg/mL).

    References
    ----------
    BIPM. The International System of Units (SI), 9th edition, 2019, Table 7 (SI prefixes).

    Examples
    --------
    >>> ng_per_mL_to_mg_per_L(250.0)
    0.25
    """
    conc = v.as_float_array(conc_ng_per_mL, "conc_ng_per_mL", "ng/mL")
    return v.scalar_or_array(conc / NG_PER_ML_PER_MG_PER_L)


def mg_per_L_to_pg_per_mL(conc_mg_per_L: ArrayLike) -> float | np.ndarray:
    """Convert a mass concentration (or AUC) from mg/L to pg/mL.

    .. math:: C\\,[\\mathrm{pg/mL}] = 10^6\\,C\\,[\\mathrm{mg/L}]

    Parameters
    ----------
    conc_mg_per_L : float or array_like
        Concentration in mg/L.

    Returns
    -------
    float or numpy.ndarray
        The same concentration in pg/mL, the unit of AMS microdose data.

    References
    ----------
    BIPM. The International System of Units (SI), 9th edition, 2019, Table 7 (SI prefixes).

    Examples
    --------
    >>> mg_per_L_to_pg_per_mL(2.0e-6)
    2.0
    """
    conc = v.as_float_array(conc_mg_per_L, "conc_mg_per_L", "mg/L")
    return v.scalar_or_array(conc * PG_PER_ML_PER_MG_PER_L)


def pg_per_mL_to_mg_per_L(conc_pg_per_mL: ArrayLike) -> float | np.ndarray:
    """Convert a mass concentration (or AUC) from pg/mL to mg/L.

    .. math:: C\\,[\\mathrm{mg/L}] = C\\,[\\mathrm{pg/mL}] / 10^6

    Parameters
    ----------
    conc_pg_per_mL : float or array_like
        Concentration in pg/mL.

    Returns
    -------
    float or numpy.ndarray
        The same concentration in mg/L.

    References
    ----------
    BIPM. The International System of Units (SI), 9th edition, 2019, Table 7 (SI prefixes).

    Examples
    --------
    >>> pg_per_mL_to_mg_per_L(8000.0)
    0.008
    """
    conc = v.as_float_array(conc_pg_per_mL, "conc_pg_per_mL", "pg/mL")
    return v.scalar_or_array(conc / PG_PER_ML_PER_MG_PER_L)


def mg_to_ug(mass_mg: ArrayLike) -> float | np.ndarray:
    """Convert a mass (a dose) from mg to µg.

    Parameters
    ----------
    mass_mg : float or array_like
        Mass in mg.

    Returns
    -------
    float or numpy.ndarray
        The same mass in µg.

    References
    ----------
    BIPM. The International System of Units (SI), 9th edition, 2019, Table 7 (SI prefixes).

    Examples
    --------
    >>> mg_to_ug(0.1)
    100.0
    """
    mass = v.as_float_array(mass_mg, "mass_mg", "mg")
    return v.scalar_or_array(mass * UG_PER_MG)


def ug_to_mg(mass_ug: ArrayLike) -> float | np.ndarray:
    """Convert a mass (a dose) from µg to mg.

    Parameters
    ----------
    mass_ug : float or array_like
        Mass in µg.

    Returns
    -------
    float or numpy.ndarray
        The same mass in mg.

    References
    ----------
    BIPM. The International System of Units (SI), 9th edition, 2019, Table 7 (SI prefixes).

    Examples
    --------
    >>> ug_to_mg(100.0)
    0.1
    """
    mass = v.as_float_array(mass_ug, "mass_ug", "µg")
    return v.scalar_or_array(mass / UG_PER_MG)
