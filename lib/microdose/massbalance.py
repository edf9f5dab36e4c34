"""Mass balance and metabolite exposure in a ¹⁴C (microtracer) ADME study.

In a human mass-balance study a volunteer receives a ¹⁴C-labelled dose and
all urine and faeces are collected for days, until most of the radioactivity
has come back. Plasma is sampled as well, and radio-chromatograms of pooled
samples show how the circulating radioactivity is shared between the parent
drug and its metabolites. This module provides

* excretion: first-order cumulative excretion curves
  (:func:`cumulative_excretion_fraction`), cumulative recovery from
  collected amounts (:func:`cumulative_recovery`), the time at which a
  target recovery is reached (:func:`time_to_recovery_h`) and a common
  stopping rule for the collections (:func:`collection_stop_index`);
* exposure: parent and metabolite concentrations after an oral dose
  (:func:`parent_metabolite_oral_conc`), the share of a metabolite in the
  total drug-related exposure (:func:`exposure_fraction`) and the 10 %
  metabolites-in-safety-testing (MIST) trigger (:func:`mist_requires_assessment`);
* AUC pooling of plasma samples (Hamilton et al. 1981): sample volumes
  proportional to the trapezoid weights (:func:`hamilton_pool_weights_h`)
  give a pool whose concentration times the time span is AUC(0-tlast)
  (:func:`hamilton_pool_conc`);
* radio-chromatograms: Gaussian peaks (:func:`gaussian_chromatogram`) and the
  fraction of the radioactivity under each peak (:func:`peak_fractions`).

All amounts of metabolites are in *parent-drug equivalents* (the ¹⁴C label
counts each molecule once, whatever its mass), which is how radioactivity
data are reported.

References
----------
ICH M3(R2). Guidance on nonclinical safety studies for the conduct of human
clinical trials and marketing authorization for pharmaceuticals. International
Conference on Harmonisation; 2009 (metabolites above 10 % of total
drug-related exposure and at significantly greater levels in humans than in
the toxicology species).

Hamilton RA, Garnett WR, Kline BJ. Determination of mean valproic acid serum
level by assay of a single pooled sample. Clin Pharmacol Ther
1981;29:408-413.

US Food and Drug Administration. Safety Testing of Drug Metabolites. Guidance
for Industry. 2008, revised 2016 and 2020.

US Food and Drug Administration. Clinical Pharmacology Considerations for Human
Radiolabeled Mass Balance Studies. Guidance for Industry; 2024.

Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics: Concepts
and Applications, 4th ed. Philadelphia: Lippincott Williams & Wilkins; 2011
(metabolite kinetics).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validate import (
    bool_or_array,
    broadcast_shape,
    finite,
    fraction,
    integer_at_least,
    non_negative,
    positive,
    scalar_or_array,
    single_number,
    time_vector,
)

__all__ = [
    "COMMON_STOP_FRACTION_PER_COLLECTION",
    "MIST_THRESHOLD_FRACTION",
    "TARGET_TOTAL_RECOVERY_FRACTION",
    "collection_stop_index",
    "cumulative_excretion_fraction",
    "cumulative_recovery",
    "exposure_fraction",
    "gaussian_chromatogram",
    "hamilton_pool_conc",
    "hamilton_pool_weights_h",
    "mist_requires_assessment",
    "parent_metabolite_oral_conc",
    "peak_fractions",
    "time_to_recovery_h",
]

#: metabolite > 10 % of total drug-related exposure; ICH M3(R2) 2009; FDA Safety Testing of Drug Metabolites 2020
MIST_THRESHOLD_FRACTION = 0.10
#: total recovery of radioactivity should preferably be >= 90 %; US FDA, Clinical Pharmacology Considerations for
#: Human Radiolabeled Mass Balance Studies, 2024
TARGET_TOTAL_RECOVERY_FRACTION = 0.90
#: implementation default reflecting common protocol practice (not a guideline figure): stop when < 1 % of the dose
#: comes out per 24 h collection, in two consecutive collections
COMMON_STOP_FRACTION_PER_COLLECTION = 0.01

# two rate constants within 0.1 % of each other are treated as equal (the Bateman form divides by their
# difference); implementation choice
_SAME_RATE_RTOL = 1e-3


def cumulative_excretion_fraction(
    time_h: ArrayLike, total_fraction: ArrayLike, rate_per_h: ArrayLike, lag_h: ArrayLike = 0.0
) -> float | np.ndarray:
    """Fraction of the dose excreted by one route up to time t (first order).

    .. math:: R(t) = f_e\\,\\left(1 - e^{-k\\,\\max(t - t_\\mathrm{lag},\\,0)}\\right)

    :math:`f_e` is the fraction of the dose that leaves by this route in the
    end (urine or faeces), :math:`k` the apparent first-order rate of
    excretion and :math:`t_\\mathrm{lag}` a delay (gut transit for faeces).

    Parameters
    ----------
    time_h : float or array_like
        Time after the dose, h (>= 0).
    total_fraction : float or array_like
        Fraction of the dose eventually excreted by this route, 0-1.
    rate_per_h : float or array_like
        First-order excretion rate constant, 1/h (> 0).
    lag_h : float or array_like, optional
        Lag time before excretion starts, h (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Cumulative fraction of the dose, 0-1.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed., 2011 (urinary excretion data).

    Examples
    --------
    >>> round(cumulative_excretion_fraction(10.0, 0.6, 0.0693147), 4)
    0.3
    """
    t = non_negative(time_h, "time_h", "h")
    fe = fraction(total_fraction, "total_fraction")
    k = positive(rate_per_h, "rate_per_h", "1/h")
    lag = non_negative(lag_h, "lag_h", "h")
    broadcast_shape(time_h=t, total_fraction=fe, rate_per_h=k, lag_h=lag)
    return scalar_or_array(-fe * np.expm1(-k * np.maximum(t - lag, 0.0)))


def cumulative_recovery(amount_per_interval: ArrayLike, dose: float) -> NDArray[np.float64]:
    """Cumulative recovery from the amounts collected in successive intervals.

    .. math:: R_j = \\frac{1}{D}\\sum_{i \\le j} A_i

    Works along the last axis, so a 2-D array holds one route (or subject)
    per row.

    Parameters
    ----------
    amount_per_interval : array_like
        Radioactivity (or drug) recovered in each collection interval, in
        the unit of ``dose`` (>= 0), in collection order along the last axis.
    dose : float
        Administered amount in the same unit (> 0), e.g. kBq.

    Returns
    -------
    numpy.ndarray
        Cumulative fraction of the dose after each interval.

    References
    ----------
    US Food and Drug Administration. Clinical Pharmacology Considerations for
    Human Radiolabeled Mass Balance Studies. Guidance for Industry; 2024.

    Examples
    --------
    >>> cumulative_recovery([1.0, 2.0, 1.0], 5.0).tolist()
    [0.2, 0.6, 0.8]
    """
    a = non_negative(amount_per_interval, "amount_per_interval", "the unit of dose")
    if a.ndim == 0:
        raise ValueError(
            "amount_per_interval must be an array with one amount per interval "
            "(the unit of dose); received a single number"
        )
    d = single_number(
        positive(dose, "dose", "the unit of amount_per_interval"), "dose", "the unit of amount_per_interval"
    )
    return np.cumsum(a, axis=-1) / d


def time_to_recovery_h(
    time_h: ArrayLike, cumulative_fraction: ArrayLike, target: float = TARGET_TOTAL_RECOVERY_FRACTION
) -> float:
    """First time at which the cumulative recovery reaches a target.

    Linear interpolation between the collection times that bracket the
    target; NaN when the target is never reached.

    .. math:: t^* = t_{j-1} + (t_j - t_{j-1})\\,
              \\frac{R^* - R_{j-1}}{R_j - R_{j-1}}

    Parameters
    ----------
    time_h : array_like
        End times of the collection intervals, h (strictly increasing).
    cumulative_fraction : array_like
        Cumulative recovery at those times, 0-1 (same length).
    target : float, optional
        Target fraction of the dose, 0-1 (default 0.90).

    Returns
    -------
    float
        Time in h (NaN if the target is not reached). Before the first
        collection the recovery is taken as 0 at t = 0.

    References
    ----------
    US FDA. Clinical Pharmacology Considerations for Human Radiolabeled Mass
    Balance Studies, 2024 (total recovery preferably at least 90 %).

    Examples
    --------
    >>> time_to_recovery_h([24.0, 48.0], [0.5, 0.9], target=0.7)
    36.0
    """
    t = time_vector(time_h, "time_h", "h")
    r = fraction(cumulative_fraction, "cumulative_fraction")
    if r.shape != t.shape:
        raise ValueError(f"cumulative_fraction must have the same shape as time_h {t.shape}; received shape {r.shape}")
    goal = single_number(fraction(target, "target", allow_zero=False), "target", "fraction (0-1)")
    t_all = np.concatenate([[0.0], t]) if t[0] > 0 else t
    r_all = np.concatenate([[0.0], r]) if t[0] > 0 else r
    reached = np.nonzero(r_all >= goal)[0]
    if reached.size == 0:
        return float("nan")
    j = int(reached[0])
    if j == 0:
        return float(t_all[0])
    t0, t1, r0, r1 = t_all[j - 1], t_all[j], r_all[j - 1], r_all[j]
    return float(t0 + (t1 - t0) * (goal - r0) / (r1 - r0))


def collection_stop_index(
    amount_per_interval: ArrayLike,
    dose: float,
    *,
    max_fraction_per_interval: float = COMMON_STOP_FRACTION_PER_COLLECTION,
    n_consecutive: int = 2,
) -> int:
    """First collection after which a "little more is coming out" rule is met.

    The rule, common in mass-balance protocols (it is not a regulatory
    requirement): stop when each of ``n_consecutive`` consecutive collections
    recovers less than ``max_fraction_per_interval`` of the dose.

    .. math:: j^* = \\min\\{j : A_i / D < f\\ \\text{for}\\ i = j - n + 1, \\ldots, j\\}

    Parameters
    ----------
    amount_per_interval : array_like
        Radioactivity recovered in each collection (all routes together), in
        the unit of ``dose`` (>= 0), in collection order (1-D).
    dose : float
        Administered amount in the same unit (> 0).
    max_fraction_per_interval : float, optional
        Fraction of the dose per collection below which a collection counts
        as "little" (0-1, default 0.01).
    n_consecutive : int, optional
        Number of consecutive "little" collections required (>= 1, default 2).

    Returns
    -------
    int
        0-based index of the collection that completes the rule, or -1 if
        the rule is never met.

    References
    ----------
    US FDA. Clinical Pharmacology Considerations for Human Radiolabeled Mass
    Balance Studies, 2024 (recovery of at least 90 % is preferable; the
    stopping rule here is common practice, not taken from the guidance).

    Examples
    --------
    >>> collection_stop_index([50.0, 30.0, 5.0, 0.8, 0.6, 0.2], 100.0)
    4
    >>> collection_stop_index([50.0, 30.0, 5.0, 0.8, 1.5], 100.0)
    -1
    """
    a = non_negative(amount_per_interval, "amount_per_interval", "the unit of dose")
    if a.ndim != 1 or a.size == 0:
        raise ValueError(
            f"amount_per_interval must be a 1-D array with one amount per collection "
            f"(the unit of dose); received shape {a.shape}"
        )
    d = single_number(
        positive(dose, "dose", "the unit of amount_per_interval"), "dose", "the unit of amount_per_interval"
    )
    limit = single_number(
        fraction(max_fraction_per_interval, "max_fraction_per_interval", allow_zero=False),
        "max_fraction_per_interval",
        "fraction (0-1)",
    )
    n = integer_at_least(n_consecutive, "n_consecutive", 1, "collections")
    little = a / d < limit
    run = 0
    for j, is_little in enumerate(little):
        run = run + 1 if is_little else 0
        if run >= n:
            return j
    return -1


def hamilton_pool_weights_h(time_h: ArrayLike) -> NDArray[np.float64]:
    """Weight of each plasma sample in an AUC pool (Hamilton et al. 1981), h.

    Mixing sample i in a volume proportional to

    .. math:: w_1 = \\frac{t_2 - t_1}{2},\\quad
              w_i = \\frac{t_{i+1} - t_{i-1}}{2},\\quad
              w_n = \\frac{t_n - t_{n-1}}{2}

    gives a pool whose concentration is
    :math:`C_\\mathrm{pool} = \\sum w_i C_i / \\sum w_i` with
    :math:`\\sum w_i = t_n - t_1`, so that
    :math:`C_\\mathrm{pool}\\,(t_n - t_1)` is the *linear* trapezoidal
    AUC from t_1 to t_n: AUC(0-tlast) when the first time is the dose (a
    pre-dose sample, or t = 0 with concentration 0), never AUC(0-∞). Each
    analyte's share of the pool is therefore its share of AUC(0-tlast).

    Parameters
    ----------
    time_h : array_like
        Sampling times, h (strictly increasing, at least 2).

    Returns
    -------
    numpy.ndarray
        Weights in h (their sum is the time span). Volumes: multiply by
        (pool volume) / (time span).

    References
    ----------
    Hamilton RA, Garnett WR, Kline BJ. Clin Pharmacol Ther 1981;29:408-413.

    Examples
    --------
    >>> hamilton_pool_weights_h([0.0, 1.0, 3.0, 7.0]).tolist()
    [0.5, 1.5, 3.0, 2.0]
    """
    t = time_vector(time_h, "time_h", "h", min_length=2)
    dt = np.diff(t)
    return np.concatenate([[0.0], dt / 2]) + np.concatenate([dt / 2, [0.0]])


def hamilton_pool_conc(time_h: ArrayLike, conc: ArrayLike) -> float | np.ndarray:
    """Concentration of a Hamilton AUC pool of plasma samples.

    .. math:: C_\\mathrm{pool} = \\frac{\\sum_i w_i C_i}{\\sum_i w_i},
              \\qquad C_\\mathrm{pool}\\,(t_n - t_1) =
              \\sum_i \\frac{(C_i + C_{i+1})(t_{i+1} - t_i)}{2}

    with the weights of :func:`hamilton_pool_weights_h`.

    Parameters
    ----------
    time_h : array_like
        Sampling times, h (strictly increasing, at least 2).
    conc : array_like
        Concentrations at those times (>= 0), along the last axis (a 2-D
        array pools several analytes, one per row, with the same weights).

    Returns
    -------
    float or numpy.ndarray
        Pool concentration(s), in the unit of ``conc``.

    References
    ----------
    Hamilton RA, Garnett WR, Kline BJ. Clin Pharmacol Ther 1981;29:408-413.

    Examples
    --------
    >>> hamilton_pool_conc([0.0, 2.0, 4.0], [0.0, 10.0, 0.0])
    5.0
    """
    w = hamilton_pool_weights_h(time_h)
    c = non_negative(conc, "conc", "concentration units")
    if c.ndim == 0 or c.shape[-1] != w.size:
        raise ValueError(
            f"conc must have one value per sampling time ({w.size}) along its last axis; received shape {c.shape}"
        )
    return scalar_or_array((c * w).sum(axis=-1) / w.sum())


def parent_metabolite_oral_conc(
    time_h: ArrayLike,
    dose_mg: float,
    volume_L: float,
    clearance_L_per_h: float,
    ka_per_h: float,
    fraction_metabolised: float,
    metabolite_volume_L: float,
    metabolite_clearance_L_per_h: float,
    bioavailability: float = 1.0,
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Parent and metabolite plasma concentrations after an oral dose.

    One-compartment parent with first-order absorption; a fraction
    :math:`f_m` of the parent's elimination forms one metabolite, itself
    cleared by first-order elimination (Rowland & Tozer, metabolite
    kinetics). With :math:`k = CL/V`, :math:`k_m = CL_m/V_m`:

    .. math::
        A_p(t) = \\frac{F D k_a}{k_a - k}\\,(e^{-kt} - e^{-k_a t}),\\\\
        A_m(t) = f_m\\,k\\,F D k_a \\left[
            \\frac{e^{-k t}}{(k_a - k)(k_m - k)}
          + \\frac{e^{-k_a t}}{(k - k_a)(k_m - k_a)}
          + \\frac{e^{-k_m t}}{(k - k_m)(k_a - k_m)} \\right]

    and :math:`C_p = A_p/V`, :math:`C_m = A_m/V_m`. The three rate constants
    must differ (by more than 0.1 %).

    Parameters
    ----------
    time_h : float or array_like
        Time after the dose, h (>= 0).
    dose_mg : float
        Oral dose, mg (> 0).
    volume_L, clearance_L_per_h, ka_per_h : float
        Parent volume (L), clearance (L/h) and absorption rate constant (1/h), > 0.
    fraction_metabolised : float
        Fraction of the parent's clearance that forms the metabolite, 0-1.
    metabolite_volume_L, metabolite_clearance_L_per_h : float
        Metabolite volume (L) and clearance (L/h), > 0.
    bioavailability : float, optional
        Fraction of the dose reaching the circulation as parent, 0-1.

    Returns
    -------
    tuple of (float or numpy.ndarray)
        Parent and metabolite concentrations in mg/L; the metabolite in
        mg parent-equivalents per L.

    Raises
    ------
    ValueError
        If two of the rate constants k, ka, km are (nearly) equal.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th
    ed., 2011, chapter on metabolites.

    Examples
    --------
    >>> cp, cm = parent_metabolite_oral_conc(0.0, 10.0, 50.0, 5.0, 1.0, 0.5, 20.0, 4.0)
    >>> (cp, cm)
    (0.0, 0.0)
    """
    t = non_negative(time_h, "time_h", "h")
    d = positive(dose_mg, "dose_mg", "mg")
    v = positive(volume_L, "volume_L", "L")
    cl = positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    ka_arr = positive(ka_per_h, "ka_per_h", "1/h")
    fm = fraction(fraction_metabolised, "fraction_metabolised")
    vm = positive(metabolite_volume_L, "metabolite_volume_L", "L")
    clm = positive(metabolite_clearance_L_per_h, "metabolite_clearance_L_per_h", "L/h")
    f = fraction(bioavailability, "bioavailability")
    for name, arr, unit in (
        ("dose_mg", d, "mg"),
        ("volume_L", v, "L"),
        ("clearance_L_per_h", cl, "L/h"),
        ("ka_per_h", ka_arr, "1/h"),
        ("fraction_metabolised", fm, "fraction"),
        ("metabolite_volume_L", vm, "L"),
        ("metabolite_clearance_L_per_h", clm, "L/h"),
        ("bioavailability", f, "fraction"),
    ):
        single_number(arr, name, unit)
    k, km, ka = float(cl / v), float(clm / vm), float(ka_arr)
    for (a, na), (b, nb) in (
        ((k, "k = CL/V"), (ka, "ka")),
        ((k, "k = CL/V"), (km, "km = CLm/Vm")),
        ((ka, "ka"), (km, "km = CLm/Vm")),
    ):
        if abs(a - b) <= _SAME_RATE_RTOL * max(a, b):
            raise ValueError(
                f"the rate constants {na} ({a:.6g} 1/h) and {nb} ({b:.6g} 1/h) must differ "
                f"by more than 0.1 %; change ka_per_h, clearance_L_per_h/volume_L or "
                f"metabolite_clearance_L_per_h/metabolite_volume_L slightly"
            )
    fd = float(f * d)
    ap = fd * ka / (ka - k) * (np.exp(-k * t) - np.exp(-ka * t))
    am = (
        float(fm)
        * k
        * fd
        * ka
        * (
            np.exp(-k * t) / ((ka - k) * (km - k))
            + np.exp(-ka * t) / ((k - ka) * (km - ka))
            + np.exp(-km * t) / ((k - km) * (ka - km))
        )
    )
    return scalar_or_array(np.maximum(ap, 0.0) / float(v)), scalar_or_array(np.maximum(am, 0.0) / float(vm))


def exposure_fraction(auc_component: ArrayLike, auc_total: ArrayLike) -> float | np.ndarray:
    """Share of one component in an exposure (e.g. metabolite AUC / total AUC).

    .. math:: \\phi = AUC_\\mathrm{component} / AUC_\\mathrm{total}

    Both AUCs must be in the same unit (for radioactivity: parent
    equivalents, e.g. ng-eq·h/mL).

    Parameters
    ----------
    auc_component : float or array_like
        AUC of the metabolite (or parent), >= 0.
    auc_total : float or array_like
        AUC of total drug-related material, > 0, same unit.

    Returns
    -------
    float or numpy.ndarray
        Fraction (0-1 when the component is part of the total).

    References
    ----------
    ICH M3(R2), 2009, section 3 (metabolites).

    Examples
    --------
    >>> exposure_fraction(15.0, 100.0)
    0.15
    """
    a = non_negative(auc_component, "auc_component", "the unit of auc_total")
    b = positive(auc_total, "auc_total", "the unit of auc_component")
    broadcast_shape(auc_component=a, auc_total=b)
    return scalar_or_array(a / b)


def mist_requires_assessment(
    auc_metabolite: ArrayLike, auc_total_drug_related: ArrayLike, threshold: float = MIST_THRESHOLD_FRACTION
) -> bool | NDArray[np.bool_]:
    """Does a human metabolite pass the 10 % MIST trigger?

    .. math:: \\frac{AUC_\\mathrm{metabolite}}{AUC_\\mathrm{total\\ drug-related}} > 0.10

    Passing the trigger does not by itself require new studies: it requires
    comparing the metabolite's human exposure (at steady state) with its
    exposure in the toxicology species. Nonclinical characterisation is
    needed when the metabolite is above 10 % of total drug-related exposure
    *and* at significantly greater levels in humans than the maximum
    exposure seen in the toxicity studies (ICH M3(R2); the FDA guidance calls
    such metabolites "disproportionate").

    Parameters
    ----------
    auc_metabolite : float or array_like
        Metabolite AUC (>= 0), parent equivalents.
    auc_total_drug_related : float or array_like
        AUC of total drug-related material (> 0), same unit.
    threshold : float, optional
        Threshold fraction, 0-1 (default 0.10).

    Returns
    -------
    bool or numpy.ndarray of bool

    References
    ----------
    ICH M3(R2), 2009. US FDA. Safety Testing of Drug Metabolites, 2020.

    Examples
    --------
    >>> mist_requires_assessment(12.0, 100.0), mist_requires_assessment(8.0, 100.0)
    (True, False)
    """
    phi = np.asarray(exposure_fraction(auc_metabolite, auc_total_drug_related))
    thr = fraction(threshold, "threshold")
    broadcast_shape(fraction=phi, threshold=thr)
    return bool_or_array(phi > thr)


def gaussian_chromatogram(
    time_min: ArrayLike, retention_min: ArrayLike, peak_area: ArrayLike, width_sd_min: ArrayLike
) -> NDArray[np.float64]:
    """Radio-chromatogram made of Gaussian peaks.

    .. math:: y(t) = \\sum_i \\frac{A_i}{\\sigma_i\\sqrt{2\\pi}}
              \\exp\\!\\left(-\\frac{(t - t_{R,i})^2}{2\\sigma_i^2}\\right)

    Parameters
    ----------
    time_min : array_like
        Elution times, min (>= 0).
    retention_min : array_like
        Retention time of each peak, min (>= 0).
    peak_area : array_like
        Area of each peak (radioactivity, e.g. dpm, >= 0); same length as
        ``retention_min``.
    width_sd_min : float or array_like
        Standard deviation of each peak, min (> 0); one value or one per peak.

    Returns
    -------
    numpy.ndarray
        Signal at each time, area units per min.

    References
    ----------
    Giddings JC. Unified Separation Science. New York: Wiley; 1991
    (Gaussian peak shape).

    Examples
    --------
    >>> round(float(gaussian_chromatogram([5.0], [5.0], [1.0], 1.0)[0]), 4)
    0.3989
    """
    t = non_negative(time_min, "time_min", "min")
    if t.ndim != 1:
        raise ValueError(f"time_min must be a one-dimensional array in min; received shape {t.shape}")
    tr = non_negative(retention_min, "retention_min", "min")
    area = non_negative(peak_area, "peak_area", "area units")
    sd = positive(width_sd_min, "width_sd_min", "min")
    if tr.ndim != 1 or area.shape != tr.shape:
        raise ValueError(
            f"retention_min and peak_area must be 1-D arrays of equal length; "
            f"received shapes {tr.shape} and {area.shape}"
        )
    sd = np.broadcast_to(sd, tr.shape) if sd.ndim == 0 else sd
    if sd.shape != tr.shape:
        raise ValueError(f"width_sd_min must be one number or one per peak {tr.shape}; received shape {sd.shape}")
    z = (t[:, None] - tr[None, :]) / sd[None, :]
    return (area / (sd * np.sqrt(2 * np.pi)) * np.exp(-0.5 * z**2)).sum(axis=1)


def peak_fractions(time_min: ArrayLike, signal: ArrayLike, windows_min: ArrayLike) -> NDArray[np.float64]:
    """Fraction of the chromatogram's radioactivity inside each window.

    .. math:: \\phi_i = \\frac{\\int_{a_i}^{b_i} y\\,dt}{\\int y\\,dt}

    Integrals by the trapezoidal rule on the given time grid (a window
    includes the grid points with :math:`a_i \\le t \\le b_i`).

    Parameters
    ----------
    time_min : array_like
        Elution times, min (strictly increasing).
    signal : array_like
        Radioactivity signal at those times (>= 0), same length.
    windows_min : array_like
        Integration windows, shape (n_peaks, 2): start and end in min,
        start < end.

    Returns
    -------
    numpy.ndarray
        Fraction of the total area in each window.

    References
    ----------
    Giddings JC. Unified Separation Science. Wiley; 1991.

    Examples
    --------
    >>> peak_fractions([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 1.0, 0.0], [[0.0, 1.0], [1.0, 3.0]]).tolist()
    [0.25, 0.75]
    """
    t = time_vector(time_min, "time_min", "min", min_length=2)
    y = non_negative(signal, "signal", "radioactivity units")
    if y.shape != t.shape:
        raise ValueError(f"signal must have the same shape as time_min {t.shape}; received shape {y.shape}")
    w = finite(windows_min, "windows_min", "min")
    if w.ndim != 2 or w.shape[1] != 2 or w.shape[0] < 1 or np.any(w[:, 1] <= w[:, 0]):
        raise ValueError(f"windows_min must have shape (n_peaks, 2) with start < end in min; received {w.tolist()}")
    total = np.trapezoid(y, t)
    if total <= 0:
        raise ValueError("signal must contain some radioactivity (its integral is zero)")
    seg = (y[:-1] + y[1:]) / 2 * np.diff(t)
    inside = (t[None, :-1] >= w[:, :1]) & (t[None, 1:] <= w[:, 1:])
    return (inside * seg[None, :]).sum(axis=1) / total
