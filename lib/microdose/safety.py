"""Radiation safety of ¹⁴C microtracer studies.

A ¹⁴C microtracer dose (typically 1-100 kBq, i.e. 27 nCi-2.7 µCi) gives an
effective dose of micro-sieverts: a fraction of a day of natural background.
This module turns administered activity into effective dose with a committed
dose coefficient, compares it with everyday exposures, places it in the
ICRP Publication 62 risk categories for biomedical research, converts it into
a nominal risk of stochastic harm, and sets that risk against the harm a
Phase 0 study can avert.

.. math:: E\\,[\\mathrm{Sv}] = e\\,[\\mathrm{Sv/Bq}] \\times A\\,[\\mathrm{Bq}],
          \\qquad P_\\mathrm{harm} = E \\times r\\,[\\mathrm{Sv^{-1}}]

Every public function accepts scalars or numpy arrays (broadcast together) and
returns a Python ``float`` for scalar input and a numpy array otherwise.

References
----------
ICRP. Age-dependent doses to members of the public from intake of
radionuclides: Part 5. ICRP Publication 72. Ann ICRP 1996;26(1).

ICRP. Radiological protection in biomedical research. ICRP Publication 62.
Ann ICRP 1992;22(3).

ICRP. The 2007 Recommendations of the International Commission on Radiological
Protection. ICRP Publication 103. Ann ICRP 2007;37(2-4).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import units
from ._deprecation import deprecated_names
from ._validate import broadcast_shape, finite_result, fraction, non_negative, positive, scalar_or_array, whole_numbers
from .ams import kilobecquerel_to_microcurie, microcurie_to_kilobecquerel

__all__ = [
    # constants
    "C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ",
    "NOMINAL_RISK_PER_SV_WHOLE_POPULATION",
    "NOMINAL_RISK_PER_SV_ADULT",
    "LOW_DOSE_LIMIT_USV",
    "ANNUAL_NATURAL_BACKGROUND_USV",
    "DAILY_NATURAL_BACKGROUND_USV",
    "US_TRANSCONTINENTAL_FLIGHT_USV",
    "CHEST_XRAY_PA_USV",
    "BANANA_USV",
    "ICRP62_CATEGORY_I_MAX_USV",
    "ICRP62_CATEGORY_IIA_MAX_USV",
    "ICRP62_CATEGORY_IIB_MAX_USV",
    "ICRP62_CATEGORIES",
    # functions
    "committed_effective_dose_uSv",
    "compare_with_everyday_exposures",
    "days_of_natural_background",
    "icrp62_category",
    "radiation_risk",
    "expected_serious_events",
    "benefit_risk_ratio",
]

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

#: adult, ingestion of 14C-labelled organic compounds, committed effective dose e(50); ICRP Publication 72 (1996),
#: tabulated again in ICRP Publication 119 (2012)
C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ = 5.8e-10
# This is a generic default. A real protocol replaces it with compound-specific
# dosimetry built from the drug's own ADME data (mass balance, retention and
# excretion half-lives), which can be higher or lower.

#: detriment-adjusted nominal risk coefficient, stochastic effects after low-dose-rate exposure, whole population
#: (cancer 5.5 + heritable 0.2 per 100 Sv); ICRP Publication 103 (2007), Table 1
NOMINAL_RISK_PER_SV_WHOLE_POPULATION = 5.7e-2
#: same, adult (working-age) population (cancer 4.1 + heritable 0.1 per 100 Sv); ICRP Publication 103 (2007), Table 1
NOMINAL_RISK_PER_SV_ADULT = 4.2e-2

#: 100 mSv: the nominal risk coefficients are for low doses, below about 100 mSv; ICRP Publication 103 (2007), Chapter
#: 3 (linear dose-response 'below around 100 mSv')
LOW_DOSE_LIMIT_USV = 100_000.0

#: worldwide average annual effective dose from natural sources, 2.4 mSv; UNSCEAR 2008 Report, Vol. I, Annex B
ANNUAL_NATURAL_BACKGROUND_USV = 2400.0
DAILY_NATURAL_BACKGROUND_USV = (
    ANNUAL_NATURAL_BACKGROUND_USV / units.DAYS_PER_JULIAN_YEAR
)  # derived: ≈ 6.57 µSv per day (Julian year of 365.25 d)

#: 4 h airline flight across the United States at 37,000 ft; Kim S-H, Kelly PB, Clifford AJ, J Agric Food Chem
#: 2010;58:4632-4637
US_TRANSCONTINENTAL_FLIGHT_USV = 20.0
CHEST_XRAY_PA_USV = 20.0  # posteroanterior chest radiograph, 0.02 mSv; Mettler FA et al., Radiology 2008;248:254-263
#: approximate teaching figure: ingested 40K of one banana, an order-of-magnitude teaching figure ("banana equivalent
#: dose"), not a measured dose coefficient
BANANA_USV = 0.1

# Unit conversion factors (Bq per kBq, µSv per Sv, kBq per µCi, days per year) are in microdose.units;
# the old names here (BQ_PER_KBQ, USV_PER_SV, KBQ_PER_MICROCURIE, DAYS_PER_YEAR) still work, with a warning.

# ICRP Publication 62 (1992), risk categories for biomedical research by
# effective dose: I < 0.1 mSv (trivial risk, ~1e-6 or less), IIa 0.1-1 mSv
# (minor, ~1e-5), IIb 1-10 mSv (intermediate, ~1e-4), III > 10 mSv
# (moderate, ~1e-3 or more).
ICRP62_CATEGORY_I_MAX_USV = 100.0  # upper bound (exclusive) of Category I, 0.1 mSv; ICRP Publication 62 (1992)
ICRP62_CATEGORY_IIA_MAX_USV = 1000.0  # upper bound (exclusive) of Category IIa, 1 mSv; ICRP Publication 62 (1992)
ICRP62_CATEGORY_IIB_MAX_USV = 10_000.0  # upper bound (inclusive) of Category IIb, 10 mSv; ICRP Publication 62 (1992)
ICRP62_CATEGORIES = {  # category -> (risk level, order of the total risk); ICRP Publication 62 (1992)
    "I": ("trivial", "~1e-6 or less"),
    "IIa": ("minor", "~1e-5"),
    "IIb": ("intermediate", "~1e-4"),
    "III": ("moderate", "~1e-3 or more"),
}


# ---------------------------------------------------------------------------
# Dose
# ---------------------------------------------------------------------------


def committed_effective_dose_uSv(
    activity_kBq: ArrayLike, dose_coefficient_Sv_per_Bq: ArrayLike = C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ
) -> float | np.ndarray:
    """Committed effective dose from an administered activity.

    .. math:: E\\,[\\mu\\mathrm{Sv}] = A\\,[\\mathrm{kBq}] \\times 10^3
              \\times e\\,[\\mathrm{Sv/Bq}] \\times 10^6

    Parameters
    ----------
    activity_kBq : float or array_like
        Administered activity in kBq (>= 0).
    dose_coefficient_Sv_per_Bq : float or array_like, optional
        Committed effective dose per unit intake, Sv/Bq (> 0). The default is
        the ICRP adult ingestion coefficient for ¹⁴C-labelled organic
        compounds (5.8e-10 Sv/Bq); a real protocol uses compound-specific
        dosimetry from the drug's own ADME.

    Returns
    -------
    float or numpy.ndarray
        Committed effective dose in µSv.

    References
    ----------
    ICRP Publication 72. Ann ICRP 1996;26(1); ICRP Publication 119.
    Ann ICRP 2012;41(Suppl.).

    Examples
    --------
    >>> round(committed_effective_dose_uSv(3.7), 3)   # 100 nCi
    2.146
    """
    a = non_negative(activity_kBq, "activity_kBq", "kBq")
    e = positive(dose_coefficient_Sv_per_Bq, "dose_coefficient_Sv_per_Bq", "Sv/Bq")
    broadcast_shape(activity_kBq=a, dose_coefficient_Sv_per_Bq=e)
    with np.errstate(over="ignore"):
        out = a * (units.BQ_PER_KBQ * units.USV_PER_SV * e)
    return finite_result(out, "effective dose", "µSv")


# ---------------------------------------------------------------------------
# Putting a dose in context
# ---------------------------------------------------------------------------


def days_of_natural_background(effective_dose_uSv: ArrayLike) -> float | np.ndarray:
    """Express a dose as days of average natural background radiation.

    .. math:: d = E / (2400\\ \\mu\\mathrm{Sv} / 365.25)

    Parameters
    ----------
    effective_dose_uSv : float or array_like
        Effective dose in µSv (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Equivalent number of days of natural background (worldwide average).

    References
    ----------
    UNSCEAR 2008 Report, Vol. I, Annex B (2.4 mSv per year).

    Examples
    --------
    >>> round(days_of_natural_background(2.146), 3)
    0.327
    """
    e = non_negative(effective_dose_uSv, "effective_dose_uSv", "µSv")
    return scalar_or_array(e / DAILY_NATURAL_BACKGROUND_USV)


def compare_with_everyday_exposures(effective_dose_uSv: ArrayLike) -> dict[str, float | np.ndarray]:
    """Compare a dose with familiar exposures.

    .. math:: \\text{ratio}_k = E / E_k

    Parameters
    ----------
    effective_dose_uSv : float or array_like
        Effective dose in µSv (>= 0).

    Returns
    -------
    dict
        ``{name: ratio}`` with ratio = dose / reference dose (float, or array
        for array input). Keys:

        ``"annual_natural_background"`` (2.4 mSv),
        ``"days_of_natural_background"`` (dose / (2.4 mSv / 365.25); a number
        of days rather than a fraction),
        ``"us_transcontinental_flight"`` (20 µSv),
        ``"chest_xray_pa"`` (20 µSv),
        ``"bananas"`` (0.1 µSv each; approximate).

    References
    ----------
    UNSCEAR 2008 Report, Annex B; Kim S-H, Kelly PB, Clifford AJ. J Agric Food
    Chem 2010;58:4632-4637; Mettler FA et al. Radiology 2008;248:254-263.

    Examples
    --------
    >>> c = compare_with_everyday_exposures(20.0)
    >>> c["us_transcontinental_flight"]
    1.0
    """
    e = non_negative(effective_dose_uSv, "effective_dose_uSv", "µSv")
    return {
        "annual_natural_background": scalar_or_array(e / ANNUAL_NATURAL_BACKGROUND_USV),
        "days_of_natural_background": scalar_or_array(e / DAILY_NATURAL_BACKGROUND_USV),
        "us_transcontinental_flight": scalar_or_array(e / US_TRANSCONTINENTAL_FLIGHT_USV),
        "chest_xray_pa": scalar_or_array(e / CHEST_XRAY_PA_USV),
        "bananas": scalar_or_array(e / BANANA_USV),
    }


def icrp62_category(effective_dose_uSv: ArrayLike) -> str | NDArray[np.str_]:
    """ICRP Publication 62 risk category of a research exposure.

    ======== ===================== ============ ===============
    Category Effective dose        Risk level   Total risk
    ======== ===================== ============ ===============
    I        < 0.1 mSv             trivial      ~1e-6 or less
    IIa      0.1 mSv to < 1 mSv    minor        ~1e-5
    IIb      1 mSv to 10 mSv       intermediate ~1e-4
    III      > 10 mSv              moderate     ~1e-3 or more
    ======== ===================== ============ ===============

    ICRP 62 gives the bands as "<0.1", "0.1-1", "1-10" and ">10" mSv; here
    a dose exactly on 0.1 or 1 mSv goes to the higher category and exactly
    10 mSv stays in IIb (Category III is "> 10 mSv").

    Parameters
    ----------
    effective_dose_uSv : float or array_like
        Effective dose in µSv (>= 0).

    Returns
    -------
    str or numpy.ndarray of str
        ``"I"``, ``"IIa"``, ``"IIb"`` or ``"III"``.

    References
    ----------
    ICRP. Radiological protection in biomedical research. ICRP Publication 62.
    Ann ICRP 1992;22(3).

    Examples
    --------
    >>> icrp62_category(2.146)
    'I'
    >>> icrp62_category([50.0, 500.0, 5000.0, 50000.0]).tolist()
    ['I', 'IIa', 'IIb', 'III']
    """
    e = non_negative(effective_dose_uSv, "effective_dose_uSv", "µSv")
    out = np.select(
        [e < ICRP62_CATEGORY_I_MAX_USV, e < ICRP62_CATEGORY_IIA_MAX_USV, e <= ICRP62_CATEGORY_IIB_MAX_USV],
        ["I", "IIa", "IIb"],
        default="III",
    )
    return str(out) if out.ndim == 0 else out


def radiation_risk(
    effective_dose_uSv: ArrayLike, risk_per_Sv: ArrayLike = NOMINAL_RISK_PER_SV_ADULT
) -> float | np.ndarray:
    """Nominal probability of stochastic harm (linear no-threshold model).

    .. math:: P = E\\,[\\mu\\mathrm{Sv}] \\times 10^{-6} \\times r\\,[\\mathrm{Sv^{-1}}]

    The nominal coefficients are for radiological protection at low doses
    (below about 100 mSv) and are population averages, not individual
    predictions; higher doses are rejected.

    Parameters
    ----------
    effective_dose_uSv : float or array_like
        Effective dose in µSv (0 to 100 000).
    risk_per_Sv : float or array_like, optional
        Detriment-adjusted nominal risk coefficient per Sv, in (0, 1];
        default the adult value 4.2e-2 (use
        ``NOMINAL_RISK_PER_SV_WHOLE_POPULATION`` = 5.7e-2 for the whole
        population).

    Returns
    -------
    float or numpy.ndarray
        Probability (0-1).

    References
    ----------
    ICRP Publication 103. Ann ICRP 2007;37(2-4), Table 1.

    Examples
    --------
    >>> f"{radiation_risk(2.146):.2e}"
    '9.01e-08'
    """
    e = non_negative(effective_dose_uSv, "effective_dose_uSv", "µSv")
    if np.any(e > LOW_DOSE_LIMIT_USV):
        raise ValueError(
            f"effective_dose_uSv must be at most {LOW_DOSE_LIMIT_USV:g} µSv (100 mSv): "
            f"the nominal risk coefficients apply to low doses only; "
            f"received {effective_dose_uSv!r}"
        )
    r = fraction(risk_per_Sv, "risk_per_Sv", allow_zero=False)
    broadcast_shape(effective_dose_uSv=e, risk_per_Sv=r)
    return scalar_or_array(e / units.USV_PER_SV * r)


# ---------------------------------------------------------------------------
# Benefit and risk
# ---------------------------------------------------------------------------


def expected_serious_events(n_volunteers: ArrayLike, risk_per_volunteer: ArrayLike) -> float | np.ndarray:
    """Expected number of volunteers harmed.

    .. math:: E[k] = N\\,r

    Parameters
    ----------
    n_volunteers : int or array_like
        Number of volunteers (whole number >= 0).
    risk_per_volunteer : float or array_like
        Probability of a serious event per volunteer, 0-1.

    Returns
    -------
    float or numpy.ndarray
        Expected number of serious events (mean of a binomial distribution).

    References
    ----------
    Any probability text: mean of Binomial(N, r) is N r.

    Examples
    --------
    >>> round(expected_serious_events(60, 1e-3), 6)
    0.06
    """
    n = whole_numbers(n_volunteers, "n_volunteers", 0, "volunteers")
    r = fraction(risk_per_volunteer, "risk_per_volunteer")
    broadcast_shape(n_volunteers=n, risk_per_volunteer=r)
    return scalar_or_array(n * r)


def benefit_risk_ratio(
    *,
    phase0_volunteers: ArrayLike,
    risk_per_phase0_volunteer: ArrayLike,
    probability_candidate_fails_on_pk: ArrayLike,
    phase1_volunteers_avoided: ArrayLike,
    risk_per_phase1_volunteer: ArrayLike,
) -> float | np.ndarray:
    """Expected harm averted by a Phase 0 study over the harm it causes.

    A Phase 0 microdose study exposes a few volunteers to a tiny risk
    (mostly the radiation dose of a ¹⁴C tracer). If the candidate turns out
    to have unacceptable human pharmacokinetics, development stops there, and
    the larger Phase I cohort, which would have received pharmacologically
    active doses carrying a much higher risk of serious adverse events, is
    never dosed. The expected harm averted is therefore the probability that
    the Phase 0 study screens the compound out times the harm the Phase I
    cohort would have suffered:

    .. math:: \\frac{\\text{harm averted}}{\\text{harm incurred}} =
              \\frac{p_\\mathrm{fail}\\,N_1\\,r_1}{N_0\\,r_0}

    A ratio above 1 means the study is expected to prevent more harm than it
    causes. This is a deliberately simple teaching model: it ignores the
    Phase 0 study's own costs and delays, and assumes the PK failure would
    otherwise only be found in Phase I.

    Parameters
    ----------
    phase0_volunteers : int or array_like
        Volunteers in the Phase 0 study, N0 (whole number >= 1).
    risk_per_phase0_volunteer : float or array_like
        Probability of serious harm per Phase 0 volunteer, r0, in (0, 1].
    probability_candidate_fails_on_pk : float or array_like
        Probability that Phase 0 shows the candidate's human PK to be
        unacceptable, p_fail, 0-1.
    phase1_volunteers_avoided : int or array_like
        Phase I volunteers who would not be dosed if the candidate stops,
        N1 (whole number >= 0).
    risk_per_phase1_volunteer : float or array_like
        Probability of a serious adverse event per Phase I volunteer, r1, 0-1.

    Returns
    -------
    float or numpy.ndarray
        Dimensionless benefit-risk ratio.

    References
    ----------
    ICRP Publication 62. Ann ICRP 1992;22(3) (benefit must justify the risk of
    research exposures); Lappin G, Garner RC. Nat Rev Drug Discov
    2003;2:233-240 (the case for microdosing).

    Examples
    --------
    >>> round(benefit_risk_ratio(phase0_volunteers=6, risk_per_phase0_volunteer=1e-5,
    ...                          probability_candidate_fails_on_pk=0.4,
    ...                          phase1_volunteers_avoided=60,
    ...                          risk_per_phase1_volunteer=1e-3), 6)
    400.0
    """
    n0 = whole_numbers(phase0_volunteers, "phase0_volunteers", 1, "volunteers")
    r0 = fraction(risk_per_phase0_volunteer, "risk_per_phase0_volunteer", allow_zero=False)
    p = fraction(probability_candidate_fails_on_pk, "probability_candidate_fails_on_pk")
    n1 = whole_numbers(phase1_volunteers_avoided, "phase1_volunteers_avoided", 0, "volunteers")
    r1 = fraction(risk_per_phase1_volunteer, "risk_per_phase1_volunteer")
    broadcast_shape(
        phase0_volunteers=n0,
        risk_per_phase0_volunteer=r0,
        probability_candidate_fails_on_pk=p,
        phase1_volunteers_avoided=n1,
        risk_per_phase1_volunteer=r1,
    )
    with np.errstate(over="ignore"):
        out = (p * n1 * r1) / (n0 * r0)
    return finite_result(out, "benefit-risk ratio", "ratio")


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "DAYS_PER_YEAR": ("microdose.units.DAYS_PER_JULIAN_YEAR", units.DAYS_PER_JULIAN_YEAR),
        "BQ_PER_KBQ": ("microdose.units.BQ_PER_KBQ", units.BQ_PER_KBQ),
        "USV_PER_SV": ("microdose.units.USV_PER_SV", units.USV_PER_SV),
        "KBQ_PER_MICROCURIE": ("microdose.units.KBQ_PER_UCI", units.KBQ_PER_UCI),
        "effective_dose_uSv": ("microdose.safety.committed_effective_dose_uSv", committed_effective_dose_uSv),
        "activity_kBq_from_microcurie": ("microdose.ams.microcurie_to_kilobecquerel", microcurie_to_kilobecquerel),
        "activity_microcurie_from_kBq": ("microdose.ams.kilobecquerel_to_microcurie", kilobecquerel_to_microcurie),
    },
)
