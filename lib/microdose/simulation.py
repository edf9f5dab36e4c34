"""Simulated AMS measurements of a microdose study, and their effect on NCA.

A microdose pharmacokinetic study measures the parent drug in plasma by
accelerator mass spectrometry (AMS): each sample (usually the parent-drug
fraction collected from an HPLC run) is converted to graphite and the ¹⁴C
atoms in it are counted. This module turns a "true" concentration-time
profile into what the laboratory would report, with the noise that counting
itself imposes:

1. drug-derived ¹⁴C atoms in the sample,
   :math:`N = c_{14}(C)\\,V_s` (:func:`microdose.ams.c14_atoms_per_mL`);
2. expected net counts :math:`\\mu = \\varepsilon N`;
3. a gross count :math:`G \\sim \\mathrm{Poisson}(\\mu + B)` and a paired
   blank count :math:`B' \\sim \\mathrm{Poisson}(B)` (the natural/process
   ¹⁴C background, measured on a pre-dose or blank sample);
4. net counts :math:`G - B'` converted back to a concentration with the
   sensitivity :math:`s = \\varepsilon\\,V_s\\,c_{14}(1\\ \\mathrm{pg/mL})`
   (counts per pg/mL), :math:`\\hat C = (G - B')/s`;
5. a result below the laboratory's reporting limit is reported as 0
   ("BLQ", below the limit of quantification), which is how
   :mod:`microdose.nca` treats a missing concentration.

Which limit? Currie (1968) defines three, all in net counts for a blank of
B expected counts (:func:`reporting_limit_counts`):

* the critical level L_C (:func:`microdose.ams.critical_level_counts`), a
  decision threshold: a blank exceeds it 5 % of the time (false positives);
* the detection limit L_D (:func:`microdose.ams.detection_limit_counts`),
  the true signal that exceeds L_C 95 % of the time;
* the quantification (determination) limit L_Q
  (:func:`microdose.ams.quantification_limit_counts`), the net signal measured with a
  relative standard deviation of 10 %.

Regulated bioanalysis reports numbers only from the lower limit of
quantification (LLOQ) upwards; anything lower is reported as BLQ, never as a
value between detection and quantification (ICH M10, 2022). The simulation
therefore reports from L_Q by default (``report_above="quantification"``);
``report_above="critical"`` reproduces the looser "detected" rule for
comparison, and ``report_above=None`` reports every non-negative result.

:func:`repeat_study_nca` repeats the whole simulated study many times and
analyses every replicate with :func:`microdose.nca.nca_many`, giving the
sampling distribution of CL/F, t½ and Vz/F; :func:`percentile_interval`
summarises it.

References
----------
Currie LA. Limits for qualitative detection and quantitative determination.
Application to radiochemistry. Anal Chem 1968;40:586-593.

ICH M10. Bioanalytical Method Validation and Study Sample Analysis.
International Council for Harmonisation; 2022.

Lappin G, Garner RC. Big physics, small doses: the use of AMS and PET in human
microdosing of development drugs. Nat Rev Drug Discov 2003;2:233-240.

Efron B, Tibshirani RJ. An Introduction to the Bootstrap. New York: Chapman &
Hall; 1993 (percentile intervals). The repeated studies here are a Monte Carlo
simulation around a known truth, not a bootstrap of observed data: the
percentile interval summarises the simulated sampling distribution of an
estimate; it is not a confidence interval computed from one data set.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import ams, units
from . import nca as _nca
from ._deprecation import deprecated_names
from ._validate import (
    choice,
    fraction,
    integer_at_least,
    non_negative,
    positive,
    random_generator,
    scalar_or_array,
    single_number,
    time_vector,
)

__all__ = [
    "REPORT_ABOVE_CHOICES",
    "ams_sensitivity_counts_per_pg_per_mL",
    "percentile_interval",
    "repeat_study_nca",
    "reporting_limit_counts",
    "simulate_ams_measurements",
]

REPORT_ABOVE_CHOICES = ("quantification", "critical", None)


def ams_sensitivity_counts_per_pg_per_mL(
    *,
    mw_g_per_mol: ArrayLike,
    specific_activity_Bq_per_mg: ArrayLike,
    sample_volume_uL: ArrayLike,
    counting_efficiency: ArrayLike,
) -> float | np.ndarray:
    """Expected AMS counts per pg/mL of drug in a plasma sample.

    .. math:: s = \\varepsilon \\, \\frac{V_s\\,[\\mu\\mathrm{L}]}{1000}\\,
              N_{14}(1\\ \\mathrm{pg/mL}),\\qquad
              N_{14}(C) = \\frac{C\\times10^{-9}\\ \\mathrm{mg}\\; SA}{\\lambda}

    Because counting is linear in the number of atoms, the expected net count
    of a sample at concentration C is simply :math:`s\\,C`.

    Parameters
    ----------
    mw_g_per_mol : float or array_like
        Molar mass of the drug in g/mol (> 0).
    specific_activity_Bq_per_mg : float or array_like
        Specific activity of the dosed drug in Bq/mg (> 0).
    sample_volume_uL : float or array_like
        Plasma volume whose drug ends up in the AMS target, µL (> 0).
    counting_efficiency : float or array_like
        Fraction of the sample's ¹⁴C atoms that are counted, 0-1 (> 0).

    Returns
    -------
    float or numpy.ndarray
        Counts per (pg/mL).

    References
    ----------
    Lappin G, Garner RC. Nat Rev Drug Discov 2003;2:233-240.
    Kutschera W. Int J Mass Spectrom 2013;349-350:203-218.

    Examples
    --------
    >>> round(ams_sensitivity_counts_per_pg_per_mL(mw_g_per_mol=500.0,
    ...     specific_activity_Bq_per_mg=37_000.0, sample_volume_uL=1000.0,
    ...     counting_efficiency=1.0) / 1e6, 3)
    9.602
    """
    positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    positive(specific_activity_Bq_per_mg, "specific_activity_Bq_per_mg", "Bq/mg")
    vol = positive(sample_volume_uL, "sample_volume_uL", "µL")
    eff = fraction(counting_efficiency, "counting_efficiency", allow_zero=False)
    atoms = np.asarray(ams.c14_atoms_per_mL(1.0, mw_g_per_mol, specific_activity_Bq_per_mg))
    return scalar_or_array(eff * vol / units.UL_PER_ML * atoms)


def reporting_limit_counts(
    background_counts: ArrayLike, report_above: str | None = "quantification"
) -> float | np.ndarray:
    """Net-count threshold from which a simulated AMS laboratory reports a result.

    * ``"quantification"`` (default): Currie's L_Q,
      :math:`50\\{1 + [1 + B/12.5]^{1/2}\\}` for a paired blank of B expected
      counts; a result is reported when its net count is at least L_Q;
    * ``"critical"``: Currie's L_C, :math:`2.33\\sqrt{B}`; reported when the net
      count exceeds L_C;
    * ``None``: 0; every positive net result is reported.

    "quantification" is the lower limit of quantification (LLOQ) of regulated
    bioanalysis: results below it are reported as BLQ (ICH M10, 2022).
    "critical" is Currie's decision threshold for *detection*: a blank
    passes it about 5 % of the time, so reporting from L_C lets false
    positives and results with a large relative error through.

    Parameters
    ----------
    background_counts : float or array_like
        Expected blank counts B (>= 0).
    report_above : {"quantification", "critical", None}, optional
        Which limit to apply (default "quantification").

    Returns
    -------
    float or numpy.ndarray
        Threshold in net counts.

    References
    ----------
    Currie LA. Anal Chem 1968;40:586-593.
    ICH M10. Bioanalytical Method Validation and Study Sample Analysis; 2022.

    Examples
    --------
    >>> round(reporting_limit_counts(100.0, "critical"), 2)
    23.3
    >>> round(reporting_limit_counts(100.0), 1)
    200.0
    """
    limit = choice(report_above, "report_above", REPORT_ABOVE_CHOICES)
    if limit == "quantification":
        return ams.quantification_limit_counts(background_counts, paired=True)
    if limit == "critical":
        return ams.critical_level_counts(background_counts, paired=True)
    return scalar_or_array(0.0 * non_negative(background_counts, "background_counts", "counts"))


def simulate_ams_measurements(
    conc_pg_per_mL: ArrayLike,
    *,
    mw_g_per_mol: float,
    specific_activity_Bq_per_mg: float,
    sample_volume_uL: float,
    counting_efficiency: float,
    background_counts: float,
    rng: int | np.random.Generator | None = None,
    n_replicates: int | None = None,
    report_above: str | None = "quantification",
) -> float | np.ndarray:
    """Concentrations an AMS laboratory would report for given true concentrations.

    .. math:: G \\sim \\mathrm{Poisson}(s\\,C + B),\\quad
              B' \\sim \\mathrm{Poisson}(B),\\quad
              \\hat C = \\frac{G - B'}{s}

    with :math:`s` from :func:`ams_sensitivity_counts_per_pg_per_mL`. A
    result whose net count :math:`G - B'` falls below the reporting limit
    (:func:`reporting_limit_counts`, computed from the expected blank B as
    established during method validation) is reported as 0 (BLQ), and so is
    any negative net result (concentrations cannot be negative). The
    reporting limit in pg/mL is ``reporting_limit_counts(B, report_above) / s``.

    Parameters
    ----------
    conc_pg_per_mL : float or array_like
        True drug concentrations in pg/mL (>= 0), e.g. a profile at the
        sampling times.
    mw_g_per_mol : float
        Molar mass of the drug in g/mol (> 0).
    specific_activity_Bq_per_mg : float
        Specific activity of the dosed drug in Bq/mg (> 0).
    sample_volume_uL : float
        Plasma volume analysed per sample, µL (> 0).
    counting_efficiency : float
        Fraction of the sample's ¹⁴C atoms counted, 0-1 (> 0).
    background_counts : float
        Expected counts of the blank (natural ¹⁴C of the sample carbon plus
        process background) in the same measurement, counts (>= 0).
    rng : None, int or numpy.random.Generator, optional
        Random source (a seed gives reproducible results).
    n_replicates : int, optional
        Number of repeated studies; the result then has a leading axis of
        this length. ``None`` gives one set of measurements.
    report_above : {"quantification", "critical", None}, optional
        Reporting limit: Currie's quantification limit L_Q (the default, an
        LLOQ as in regulated bioanalysis), Currie's critical level L_C
        (report everything "detected", for comparison), or None (report
        every non-negative result).

    Returns
    -------
    float or numpy.ndarray
        Reported concentrations in pg/mL, shape ``conc.shape`` or
        ``(n_replicates,) + conc.shape``.

    References
    ----------
    Currie LA. Anal Chem 1968;40:586-593.
    ICH M10. Bioanalytical Method Validation and Study Sample Analysis; 2022.
    Knoll GF. Radiation Detection and Measurement, 4th ed. Wiley, 2010, ch. 3.

    Examples
    --------
    >>> simulate_ams_measurements([0.0], mw_g_per_mol=400.0,
    ...     specific_activity_Bq_per_mg=37_000.0, sample_volume_uL=20.0,
    ...     counting_efficiency=0.01, background_counts=0.0, rng=1).tolist()
    [0.0]
    """
    conc = non_negative(conc_pg_per_mL, "conc_pg_per_mL", "pg/mL")
    sens = single_number(
        np.asarray(
            ams_sensitivity_counts_per_pg_per_mL(
                mw_g_per_mol=mw_g_per_mol,
                specific_activity_Bq_per_mg=specific_activity_Bq_per_mg,
                sample_volume_uL=sample_volume_uL,
                counting_efficiency=counting_efficiency,
            )
        ),
        "mw_g_per_mol, specific_activity_Bq_per_mg, sample_volume_uL and counting_efficiency",
        "their units",
    )
    for name, unit, value in (
        ("mw_g_per_mol", "g/mol", mw_g_per_mol),
        ("specific_activity_Bq_per_mg", "Bq/mg", specific_activity_Bq_per_mg),
        ("sample_volume_uL", "µL", sample_volume_uL),
        ("counting_efficiency", "fraction (0-1)", counting_efficiency),
    ):
        single_number(np.asarray(value), name, unit)
    bkg = single_number(non_negative(background_counts, "background_counts", "counts"), "background_counts", "counts")
    report = choice(report_above, "report_above", REPORT_ABOVE_CHOICES)
    shape = conc.shape
    if n_replicates is not None:
        shape = (integer_at_least(n_replicates, "n_replicates", 1, "studies"),) + conc.shape
    mu = sens * conc
    if np.any(mu + bkg > ams.POISSON_MAX_EXPECTED_COUNTS):
        raise ValueError(
            f"conc_pg_per_mL is too high for a Poisson simulation: up to {mu.max():.3g} expected "
            f"counts (limit {ams.POISSON_MAX_EXPECTED_COUNTS:g})"
        )
    generator = random_generator(rng)
    gross = np.asarray(generator.poisson(np.broadcast_to(mu + bkg, shape)), dtype=float)
    blank = np.asarray(generator.poisson(bkg, size=shape), dtype=float)
    net = gross - blank
    limit = float(reporting_limit_counts(bkg, report))
    reported = net >= limit if report == "quantification" else net > limit
    return scalar_or_array(np.where(reported, net / sens, 0.0))


def repeat_study_nca(
    time_h: ArrayLike,
    conc_true_pg_per_mL: ArrayLike,
    dose_ug: float,
    *,
    n_studies: int,
    mw_g_per_mol: float,
    specific_activity_Bq_per_mg: float,
    sample_volume_uL: float,
    counting_efficiency: float,
    background_counts: float,
    route: str = "extravascular",
    rng: int | np.random.Generator | None = None,
    report_above: str | None = "quantification",
) -> dict[str, np.ndarray]:
    """Repeat a simulated AMS study many times and run NCA on every replicate.

    Each replicate draws new counting noise for every sample
    (:func:`simulate_ams_measurements`) and is analysed by
    :func:`microdose.nca.nca_many` (linear-up/log-down, automatic
    lambda_z). Clearance and volume are converted from µg/(pg·h/mL) and
    µg/(pg/mL) to litres:

    .. math:: CL\\,[\\mathrm{L/h}] = 1000\\,\\frac{D\\,[\\mu\\mathrm{g}]}
              {AUC_{0-\\infty}\\,[\\mathrm{pg\\,h/mL}]},\\qquad
              V_z\\,[\\mathrm{L}] = \\frac{CL}{\\lambda_z}

    For an oral dose these are the apparent values CL/F and Vz/F.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h (strictly increasing, >= 2 points).
    conc_true_pg_per_mL : array_like
        True concentrations at ``time_h`` in pg/mL (>= 0).
    dose_ug : float
        Dose in µg (> 0).
    n_studies : int
        Number of simulated studies (>= 1).
    mw_g_per_mol, specific_activity_Bq_per_mg, sample_volume_uL, counting_efficiency, background_counts
        As in :func:`simulate_ams_measurements`.
    route : {"extravascular", "iv_bolus"}, optional
        Route for the NCA.
    rng : None, int or numpy.random.Generator, optional
        Random source.
    report_above : {"quantification", "critical", None}, optional
        Reporting limit, as in :func:`simulate_ams_measurements`.

    Returns
    -------
    dict of numpy.ndarray
        Every field of :func:`microdose.nca.nca_many` (one value per study),
        plus ``"clearance_L_per_h"``, ``"volume_z_L"`` and
        ``"conc_pg_per_mL"`` (the simulated data, shape (n_studies, n_times)).

    References
    ----------
    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis,
    5th ed., 2016, chapter 2.
    """
    times = time_vector(time_h, "time_h", "h", min_length=2)
    conc = non_negative(conc_true_pg_per_mL, "conc_true_pg_per_mL", "pg/mL")
    if conc.shape != times.shape:
        raise ValueError(
            f"conc_true_pg_per_mL must have the same shape as time_h {times.shape}; received shape {conc.shape}"
        )
    dose = single_number(positive(dose_ug, "dose_ug", "µg"), "dose_ug", "µg")
    n = integer_at_least(n_studies, "n_studies", 1, "studies")
    data = np.asarray(
        simulate_ams_measurements(
            conc,
            mw_g_per_mol=mw_g_per_mol,
            specific_activity_Bq_per_mg=specific_activity_Bq_per_mg,
            sample_volume_uL=sample_volume_uL,
            counting_efficiency=counting_efficiency,
            background_counts=background_counts,
            rng=rng,
            n_replicates=n,
            report_above=report_above,
        )
    )
    out = _nca.nca_many(times, data, dose, route=route)
    # µg/(pg·h/mL) and µg/(pg/mL) to L/h and L: the dose in mg (÷ µg per mg) over the AUC in mg·h/L
    # (÷ (pg/mL) per (mg/L)), i.e. × 10⁶ / 10³ = × 1000
    litres_per_ug_per_pg_per_mL = units.PG_PER_ML_PER_MG_PER_L / units.UG_PER_MG
    out["clearance_L_per_h"] = out["clearance"] * litres_per_ug_per_pg_per_mL
    out["volume_z_L"] = out["volume_z"] * litres_per_ug_per_pg_per_mL
    out["conc_pg_per_mL"] = data
    return out


def percentile_interval(values: ArrayLike, level: float = 0.95) -> dict[str, float]:
    """Median and equal-tailed percentile interval of simulated estimates.

    .. math:: [\\hat\\theta_{(\\alpha/2)},\\ \\hat\\theta_{(1-\\alpha/2)}],
              \\quad \\alpha = 1 - \\text{level}

    NaN values (replicates where an estimate failed, e.g. no terminal phase)
    are ignored; their number is reported.

    Parameters
    ----------
    values : array_like
        Estimates from repeated simulated studies (1-D, any unit).
    level : float, optional
        Coverage of the interval, a fraction in (0, 1); default 0.95.

    Returns
    -------
    dict
        ``"low"``, ``"median"``, ``"high"`` (in the unit of ``values``) and
        ``"n_failed"`` (number of NaN values, int).

    References
    ----------
    Efron B, Tibshirani RJ. An Introduction to the Bootstrap. New York:
    Chapman & Hall; 1993, chapter 13.

    Examples
    --------
    >>> percentile_interval([1.0, 2.0, 3.0, float("nan")], level=0.5)
    {'low': 1.5, 'median': 2.0, 'high': 2.5, 'n_failed': 1}
    """
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(f"values must be an array of numbers (any unit); received {values!r}")
    arr = np.asarray(values)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"values must be an array of numbers (any unit); received dtype {arr.dtype}")
    arr = arr.astype(float)
    if arr.ndim != 1:
        raise ValueError(f"values must be a one-dimensional array (any unit); received shape {arr.shape}")
    if np.any(np.isinf(arr)):
        raise ValueError("values must be finite or NaN (any unit); received an infinite value")
    lev = single_number(fraction(level, "level", allow_zero=False, allow_one=False), "level", "fraction (0-1)")
    good = arr[np.isfinite(arr)]
    if good.size == 0:
        raise ValueError("values must hold at least one finite estimate; received only NaN or nothing")
    low, med, high = np.percentile(good, [50 * (1 - lev), 50.0, 50 * (1 + lev)])
    return {"low": float(low), "median": float(med), "high": float(high), "n_failed": int(arr.size - good.size)}


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "L_PER_H_PER_UG_OVER_PG_H_PER_ML": (
            "microdose.units.PG_PER_ML_PER_MG_PER_L / microdose.units.UG_PER_MG",
            units.PG_PER_ML_PER_MG_PER_L / units.UG_PER_MG,
        ),
    },
)
