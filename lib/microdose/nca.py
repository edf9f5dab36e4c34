"""Non-compartmental analysis (NCA) of concentration-time profiles.

NCA summarises a measured profile without assuming a compartmental model:
peak (Cmax, Tmax), area under the curve (AUC), area under the first-moment
curve (AUMC), terminal rate constant (lambda_z) and half-life, and from these
clearance, volume and mean residence time. In a microdose (Phase 0) study these
numbers are what is compared with the therapeutic-dose study to judge whether
pharmacokinetics are dose-proportional.

Units
-----
Time is in hours (arguments named ``time_h``), as everywhere in ``microdose``.
Like standard NCA software, this module does not care which amount and
concentration units you use, **as long as ``dose`` and ``conc`` are
consistent**; the results then come out in the matching units:

* dose in mg with conc in mg/L  ->  AUC in mg*h/L, CL in L/h, V in L;
* dose in ug with conc in ng/mL (= ug/L)  ->  AUC in ug*h/L, CL in L/h, V in L;
* dose in ug with conc in pg/mL (= ng/L), typical of a microdose: multiply the
  dose by 1000 (ng) first, otherwise CL and V come out 1000-fold too small.

Conventions (stated once, used everywhere)
------------------------------------------
1. **AUC method.** ``"linear"`` is the linear trapezoidal rule.
   ``"linear-up/log-down"`` (the default, PKNCA's "lin up/log down" and
   Phoenix WinNonlin's "linear up log down") uses the linear trapezoid when the
   concentration rises or stays equal, and the logarithmic trapezoid when it
   falls; a falling segment that ends at zero uses the linear trapezoid
   because the logarithm of zero does not exist.
2. **AUClast stops at Tlast**, the time of the last positive (measurable)
   concentration. Zeros after Tlast add no area. This makes
   AUCinf = AUClast + Clast / lambda_z consistent.
3. **Zeros** (below the limit of quantification, entered as 0) are allowed.
   An interior zero simply makes its neighbouring segments linear. Zeros are
   never used in the lambda_z regression.
4. **Terminal phase (lambda_z).** Candidates are the positive concentrations
   after Cmax (Cmax itself excluded). Every set made of the last n candidates,
   n = ``min_points`` (3) ... all, is fitted by least squares of ln(C) on t.
   Among the fits with a negative slope, the one with the largest adjusted R^2
   wins; fits within ``adj_r2_tolerance`` (1e-4) of that best value count as
   equally good and the one with the most points is chosen (the PKNCA rule).
   When no fit qualifies, :func:`nca` reports NaN for every lambda_z-dependent
   result instead of raising an error.
5. **Dose-time point.** :func:`nca` analyses the profile from the dose at
   t = 0. Extravascular: if the first sample is after t = 0, the point
   (0, 0) is added (no drug before the dose). IV bolus: if there is no sample
   at t = 0, or its concentration is 0, the point (0, C0) is added (or
   replaces the zero), with C0 from :func:`back_extrapolate_c0`; Cmax and Tmax
   are then taken from the profile including that point, so for a typical
   bolus Cmax = C0 and Tmax = 0 (Phoenix WinNonlin convention).
   :func:`auc_last` and :func:`aumc_last` integrate the data exactly as given.
6. **All-zero profile.** Cmax = Clast = AUClast = AUMClast = 0; Tmax, Tlast,
   C0 and everything derived from lambda_z are NaN.

References
----------
Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis:
Concepts and Applications, 5th ed. Stockholm: Swedish Pharmaceutical Press; 2016.

Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics: Concepts
and Applications, 4th ed. Philadelphia: Lippincott Williams & Wilkins; 2011.

Denney W, Duvvuri S, Buckeridge C. Simple, automatic noncompartmental analysis:
the PKNCA R package. J Pharmacokinet Pharmacodyn 2015;42(Suppl 1):S65.

Certara. Phoenix WinNonlin User's Guide: NCA computation rules (C0, AUC
calculation methods).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (
    boolean,
    choice,
    concentration_vector,
    integer_at_least,
    non_negative,
    positive,
    single_number,
    time_vector,
)

__all__ = [
    "NCAResult",
    "TerminalPhase",
    "auc_last",
    "aumc_last",
    "back_extrapolate_c0",
    "nca",
    "nca_many",
    "terminal_slope",
]

METHODS = ("linear", "linear-up/log-down")
ROUTES = ("extravascular", "iv_bolus")

CONC_UNIT = "concentration units"
DOSE_UNIT = "amount units consistent with conc"


# ---------------------------------------------------------------------------
# Result containers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TerminalPhase:
    """Log-linear fit of the terminal phase, as returned by :func:`terminal_slope`.

    Attributes
    ----------
    lambda_z_per_h : float
        Terminal rate constant lambda_z (1/h), minus the slope of ln(C) vs t.
    intercept_ln : float
        Intercept of the regression line, ln(C) at t = 0 (ln of conc units).
    n_points : int
        Number of concentrations used in the fit.
    r_squared : float
        Coefficient of determination R^2 of the fit.
    adj_r_squared : float
        Adjusted R^2 = 1 - (1 - R^2) (n - 1) / (n - 2).
    first_time_h, last_time_h : float
        Times (h) of the first and last point used.
    half_life_h : float
        Terminal half-life ln(2) / lambda_z (h).
    """

    lambda_z_per_h: float
    intercept_ln: float
    n_points: int
    r_squared: float
    adj_r_squared: float
    first_time_h: float
    last_time_h: float
    half_life_h: float


@dataclass(frozen=True)
class NCAResult:
    """Results of :func:`nca` for one concentration-time profile.

    Every field that needs lambda_z (``lambda_z_per_h``, ``half_life_h``,
    ``lambda_z_adj_r_squared``, ``auc_inf``, ``auc_pct_extrapolated``,
    ``aumc_inf``, ``mrt_h``, ``clearance``, ``volume_z``) is NaN when the
    terminal phase could not be estimated; ``lambda_z_n_points`` is then 0
    and ``lambda_z_estimated`` is False. ``clearance`` and ``volume_z`` are
    also NaN when no dose was given, and ``c0`` is NaN unless the route is
    ``"iv_bolus"``. Units: time in h, the rest in the units of ``conc`` and
    ``dose`` (see the module docstring).
    """

    cmax: float
    tmax_h: float
    clast: float
    tlast_h: float
    auc_last: float
    aumc_last: float
    lambda_z_per_h: float
    half_life_h: float
    lambda_z_n_points: int
    lambda_z_adj_r_squared: float
    auc_inf: float
    auc_pct_extrapolated: float
    aumc_inf: float
    mrt_h: float
    clearance: float
    volume_z: float
    c0: float
    route: str

    @property
    def lambda_z_estimated(self) -> bool:
        """True when a terminal phase was found (lambda_z is not NaN)."""
        return bool(np.isfinite(self.lambda_z_per_h))

    def as_dict(self) -> dict[str, Any]:
        """All fields as a plain ``{name: value}`` dictionary."""
        return dataclasses.asdict(self)


# Names of the numeric NCAResult fields, in order (everything except route).
RESULT_FIELDS = tuple(f.name for f in dataclasses.fields(NCAResult) if f.name != "route")


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _check_profile(time_h: ArrayLike, conc: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validated 1-D time (h) and concentration vectors of equal length (>= 2)."""
    times = time_vector(time_h, "time_h", "h", min_length=2)
    concentrations = concentration_vector(conc, times, "conc", CONC_UNIT)
    return times, concentrations


def _check_profiles(time_h: ArrayLike, conc_matrix: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validated time vector and (n_subjects, n_times) concentration matrix."""
    times = time_vector(time_h, "time_h", "h", min_length=2)
    matrix = non_negative(conc_matrix, "conc_matrix", CONC_UNIT)
    if matrix.ndim != 2 or matrix.shape[1] != times.size or matrix.shape[0] < 1:
        raise ValueError(
            f"conc_matrix must be a 2-D array of shape (n_subjects, {times.size}) "
            f"in {CONC_UNIT}, one row per subject and one column per time in time_h; "
            f"received shape {matrix.shape}"
        )
    return times, matrix


def _check_lambda_z_options(min_points: int, adj_r2_tolerance: float) -> tuple[int, float]:
    """Validated ``min_points`` (>= 3) and ``adj_r2_tolerance`` (scalar >= 0)."""
    min_points = integer_at_least(min_points, "min_points", 3, "points")
    tolerance = non_negative(adj_r2_tolerance, "adj_r2_tolerance", "adjusted R^2 units")
    return min_points, single_number(tolerance, "adj_r2_tolerance", "adjusted R^2 units")


def _check_dose(dose: ArrayLike | None, n_subjects: int | None) -> np.ndarray:
    """Dose as a float array broadcastable to one value per subject (NaN if None).

    ``n_subjects=None`` means a single profile: only one number is accepted.
    """
    if dose is None:
        return np.array(np.nan)
    dose_array = positive(dose, "dose", DOSE_UNIT)
    if dose_array.ndim == 0:
        return dose_array
    if n_subjects is None:
        raise ValueError(f"dose must be a single positive number in {DOSE_UNIT}; received shape {dose_array.shape}")
    if dose_array.shape != (n_subjects,):
        raise ValueError(
            f"dose must be one positive number, or one per subject (shape "
            f"({n_subjects},)), in {DOSE_UNIT}; received shape {dose_array.shape}"
        )
    return dose_array


# ---------------------------------------------------------------------------
# Building blocks. They work on a matrix of profiles, shape
# (n_subjects, n_times), that share one time vector; a single profile is
# simply a matrix with one row. Using the same code for nca() and nca_many()
# guarantees that both give identical answers.
# ---------------------------------------------------------------------------


def _segment_areas(times: np.ndarray, conc: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """AUC and AUMC of every interval between consecutive samples.

    Returns two arrays with one column fewer than ``conc``.
    """
    t1, t2 = times[:-1], times[1:]
    c1, c2 = conc[..., :-1], conc[..., 1:]
    dt = t2 - t1

    linear_auc = dt * (c1 + c2) / 2
    linear_aumc = dt * (t1 * c1 + t2 * c2) / 2
    if method == "linear":
        return linear_auc, linear_aumc

    # Log trapezoid only where the concentration falls and stays positive.
    use_log = (c2 < c1) & (c2 > 0)
    # Harmless stand-in values elsewhere, so that log() never sees a zero.
    c1_log = np.where(use_log, c1, 2.0)
    c2_log = np.where(use_log, c2, 1.0)
    # k = ln(C1/C2)/dt, written with log1p for accuracy when C1 is close to C2.
    k = np.log1p((c1_log - c2_log) / c2_log) / dt
    log_auc = (c1_log - c2_log) / k
    log_aumc = (t1 * c1_log - t2 * c2_log) / k + (c1_log - c2_log) / k**2

    return np.where(use_log, log_auc, linear_auc), np.where(use_log, log_aumc, linear_aumc)


def _last_positive_index(conc: np.ndarray) -> np.ndarray:
    """Column index of the last positive concentration of each row (-1 if none)."""
    n_times = conc.shape[-1]
    positive_reversed = conc[..., ::-1] > 0
    index = n_times - 1 - np.argmax(positive_reversed, axis=-1)
    return np.where(positive_reversed.any(axis=-1), index, -1)


def _sum_up_to_tlast(segment_values: np.ndarray, last_index: np.ndarray) -> np.ndarray:
    """Sum the segments that end at or before Tlast (segment j ends at sample j+1)."""
    segment_number = np.arange(segment_values.shape[-1])
    keep = segment_number < last_index[..., None]
    return np.where(keep, segment_values, 0.0).sum(axis=-1)


def _areas_to_tlast(times: np.ndarray, conc: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """AUClast and AUMClast of each row of ``conc``."""
    auc_segments, aumc_segments = _segment_areas(times, conc, method)
    last_index = _last_positive_index(conc)
    return _sum_up_to_tlast(auc_segments, last_index), _sum_up_to_tlast(aumc_segments, last_index)


def _lambda_z_candidates(conc: np.ndarray, exclude_cmax: bool) -> np.ndarray:
    """Boolean mask of the points allowed in the lambda_z regression.

    Positive concentrations after the (first) Cmax; Cmax itself only when
    ``exclude_cmax`` is False.
    """
    column = np.arange(conc.shape[-1])
    cmax_index = np.argmax(conc, axis=-1)[..., None]
    after_cmax = column > cmax_index if exclude_cmax else column >= cmax_index
    return after_cmax & (conc > 0)


def _fit_terminal_phase(
    times: np.ndarray, conc: np.ndarray, candidate: np.ndarray, min_points: int, tolerance: float
) -> dict[str, np.ndarray]:
    """Choose and fit the terminal phase of every row (vectorised PKNCA rule).

    For every subject s and every set size n (min_points, min_points+1, ...),
    the set holds the last n candidate points. All sets of all subjects are
    fitted at once with ordinary least squares of y = ln(C) on t, using a
    0/1 mask ``in_set[s, n, i]`` to say which points belong to each set.

    Returns a dict of arrays with one value per subject (NaN/0 when no fit).
    """
    n_subjects, n_times = conc.shape
    no_fit = {
        "lambda_z_per_h": np.full(n_subjects, np.nan),
        "intercept_ln": np.full(n_subjects, np.nan),
        "n_points": np.zeros(n_subjects, dtype=int),
        "r_squared": np.full(n_subjects, np.nan),
        "adj_r_squared": np.full(n_subjects, np.nan),
        "first_time_h": np.full(n_subjects, np.nan),
        "last_time_h": np.full(n_subjects, np.nan),
    }
    set_sizes = np.arange(min_points, n_times + 1)
    if set_sizes.size == 0:
        return no_fit

    # rank_from_end = 1 for the last candidate point, 2 for the one before, ...
    rank_from_end = np.cumsum(candidate[:, ::-1], axis=1)[:, ::-1]
    in_set = candidate[:, None, :] & (rank_from_end[:, None, :] <= set_sizes[None, :, None])
    weight = in_set.astype(float)  # shape (subjects, sizes, times)
    # A set is real only if the subject has at least n candidate points.
    complete = in_set.sum(axis=2) == set_sizes  # shape (subjects, sizes)

    # y = ln(C / C_ref), with C_ref the last candidate concentration of the row.
    # Shifting ln C by a constant leaves the slope unchanged, but makes a flat
    # set give exactly zero slope and makes the fit independent of conc units.
    last_candidate = _last_positive_index(np.where(candidate, conc, 0.0))
    reference = conc[np.arange(n_subjects), last_candidate]
    reference = np.where(last_candidate >= 0, reference, 1.0)[:, None]
    log_ratio = np.log(np.where(candidate, conc, reference) / reference)[:, None, :]

    n = set_sizes.astype(float)
    mean_t = (weight * times).sum(axis=2) / n
    mean_y = (weight * log_ratio).sum(axis=2) / n
    dt = times - mean_t[..., None]
    dy = log_ratio - mean_y[..., None]
    sxx = (weight * dt**2).sum(axis=2)
    sxy = (weight * dt * dy).sum(axis=2)
    syy = (weight * dy**2).sum(axis=2)

    slope = np.divide(sxy, sxx, out=np.zeros_like(sxy), where=sxx > 0)
    intercept = np.log(reference) + mean_y - slope * mean_t
    ss_residual = (weight * (dy - slope[..., None] * dt) ** 2).sum(axis=2)
    # R^2 = 1 - SSres/SStot; a flat set (SStot = 0) has slope 0 and is rejected below.
    r_squared = 1.0 - np.divide(ss_residual, syy, out=np.ones_like(syy), where=syy > 0)
    adj_r_squared = 1.0 - (1.0 - r_squared) * (n - 1) / (n - 2)

    valid = complete & (slope < 0)
    score = np.where(valid, adj_r_squared, -np.inf)
    best = score.max(axis=1, keepdims=True)
    acceptable = valid & (score >= best - tolerance)
    # Set sizes increase along axis 1, so "most points" = last acceptable column.
    chosen = set_sizes.size - 1 - np.argmax(acceptable[:, ::-1], axis=1)
    has_fit = valid.any(axis=1)

    rows = np.arange(n_subjects)
    first_time = np.where(in_set, times, np.inf).min(axis=2)
    last_time = np.where(in_set, times, -np.inf).max(axis=2)

    def pick(values: np.ndarray, missing: float = np.nan) -> np.ndarray:
        return np.where(has_fit, values[rows, chosen], missing)

    return {
        "lambda_z_per_h": pick(-slope),
        "intercept_ln": pick(intercept),
        "n_points": pick(np.broadcast_to(set_sizes, slope.shape), 0).astype(int),
        "r_squared": pick(r_squared),
        "adj_r_squared": pick(adj_r_squared),
        "first_time_h": pick(first_time),
        "last_time_h": pick(last_time),
    }


def _c0_of_rows(times: np.ndarray, conc: np.ndarray) -> np.ndarray:
    """C0 of every row by the rule documented in :func:`back_extrapolate_c0`.

    NaN for rows without any positive concentration.
    """
    n_subjects = conc.shape[0]
    rows = np.arange(n_subjects)
    usable = (conc > 0) & (times > 0)
    n_usable = usable.sum(axis=1)

    first = np.argmax(usable, axis=1)
    usable_after_first = usable & (np.arange(times.size) > first[:, None])
    second = np.argmax(usable_after_first, axis=1)

    c1, t1 = conc[rows, first], times[first]
    c2, t2 = conc[rows, second], times[second]
    falling = (n_usable >= 2) & (c2 < c1)
    # Straight line through (t1, ln C1) and (t2, ln C2), evaluated at t = 0:
    # ln C0 = ln C1 + t1 * ln(C1/C2) / (t2 - t1).
    safe_c2 = np.where(falling, c2, 1.0)
    safe_c1 = np.where(falling, c1, 1.0)
    safe_gap = np.where(falling, t2 - t1, 1.0)
    extrapolated = safe_c1 * np.exp(t1 * np.log(safe_c1 / safe_c2) / safe_gap)

    c0 = np.where(falling, extrapolated, c1)
    c0 = np.where(n_usable == 0, np.nan, c0)
    if times[0] == 0:
        observed_at_zero = conc[:, 0] > 0
        c0 = np.where(observed_at_zero, conc[:, 0], c0)
    return c0


def _add_dose_time_point(times: np.ndarray, conc: np.ndarray, route: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Profile from the dose (t = 0) on, following convention 5 of the module.

    Returns (times, conc, c0) where c0 is NaN for extravascular dosing.
    """
    n_subjects = conc.shape[0]
    if route == "extravascular":
        c0 = np.full(n_subjects, np.nan)
        dose_time_conc = np.zeros(n_subjects)
    else:
        c0 = _c0_of_rows(times, conc)
        # A profile with no measurable drug gets 0 at t = 0 (C0 stays NaN).
        dose_time_conc = np.where(np.isnan(c0), 0.0, c0)

    if times[0] > 0:
        times = np.concatenate(([0.0], times))
        conc = np.column_stack((dose_time_conc, conc))
    elif route == "iv_bolus":
        conc = conc.copy()
        conc[:, 0] = dose_time_conc  # equals the observed value when it is > 0
    return times, conc, c0


def _nca_arrays(
    times: np.ndarray,
    conc: np.ndarray,
    dose: np.ndarray,
    route: str,
    method: str,
    min_points: int,
    tolerance: float,
    lambda_z_times: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """All NCA results for a matrix of profiles; one array per NCAResult field.

    ``lambda_z_times`` (optional) fixes the lambda_z points by their sampling
    times instead of the automatic adjusted-R² selection.
    """
    times, conc, c0 = _add_dose_time_point(times, conc, route)
    rows = np.arange(conc.shape[0])

    cmax = conc.max(axis=1)
    anything_measured = cmax > 0
    tmax = np.where(anything_measured, times[np.argmax(conc, axis=1)], np.nan)
    last_index = _last_positive_index(conc)
    clast = np.where(anything_measured, conc[rows, last_index], 0.0)
    tlast = np.where(anything_measured, times[last_index], np.nan)

    auc_last_values, aumc_last_values = _areas_to_tlast(times, conc, method)

    if lambda_z_times is None:
        candidate = _lambda_z_candidates(conc, exclude_cmax=True)
    else:
        candidate = np.isin(times, lambda_z_times)[None, :] & (conc > 0)
        min_points = lambda_z_times.size
    fit = _fit_terminal_phase(times, conc, candidate, min_points, tolerance)
    lambda_z = fit["lambda_z_per_h"]  # NaN where no fit: NaN propagates below

    auc_inf = auc_last_values + clast / lambda_z
    aumc_inf = aumc_last_values + tlast * clast / lambda_z + clast / lambda_z**2
    return {
        "cmax": cmax,
        "tmax_h": tmax,
        "clast": clast,
        "tlast_h": tlast,
        "auc_last": auc_last_values,
        "aumc_last": aumc_last_values,
        "lambda_z_per_h": lambda_z,
        "half_life_h": np.log(2.0) / lambda_z,
        "lambda_z_n_points": fit["n_points"],
        "lambda_z_adj_r_squared": fit["adj_r_squared"],
        "auc_inf": auc_inf,
        "auc_pct_extrapolated": 100.0 * (auc_inf - auc_last_values) / auc_inf,
        "aumc_inf": aumc_inf,
        "mrt_h": aumc_inf / auc_inf,
        "clearance": dose / auc_inf,
        "volume_z": dose / (lambda_z * auc_inf),
        "c0": c0,
    }


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


def auc_last(time_h: ArrayLike, conc: ArrayLike, method: str = "linear-up/log-down") -> float:
    r"""Area under the concentration-time curve up to the last positive concentration.

    The data are integrated as given (no point is added at t = 0; :func:`nca`
    does that). Segments after Tlast, the time of the last positive
    concentration, are not counted.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h, one-dimensional, non-negative, strictly increasing
        (at least two).
    conc : array_like
        Concentrations (>= 0, zeros meaning below LOQ), same length as ``time_h``.
    method : {"linear-up/log-down", "linear"}
        Trapezoidal rule; see Notes.

    Returns
    -------
    float
        AUClast in conc units x h. 0 if no concentration is positive.

    Notes
    -----
    For the segment from (t1, C1) to (t2, C2), with dt = t2 - t1:

    * linear trapezoid: :math:`AUC_i = \frac{C_1 + C_2}{2}\,\Delta t`
    * log trapezoid (used by ``"linear-up/log-down"`` when C1 > C2 > 0):
      :math:`AUC_i = \frac{(C_1 - C_2)\,\Delta t}{\ln(C_1 / C_2)}`, which is the
      exact integral of an exponential decline through both points.

    References
    ----------
    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis,
    5th ed., 2016, chapter 2 (non-compartmental analysis).
    Denney W et al. J Pharmacokinet Pharmacodyn 2015;42(S1):S65 (PKNCA,
    "lin up/log down").

    Examples
    --------
    >>> auc_last([0, 1, 2], [0, 2, 2], method="linear")
    3.0
    """
    method = choice(method, "method", METHODS)
    times, concentrations = _check_profile(time_h, conc)
    area, _ = _areas_to_tlast(times, concentrations[None, :], method)
    return float(area[0])


def aumc_last(time_h: ArrayLike, conc: ArrayLike, method: str = "linear-up/log-down") -> float:
    r"""Area under the first-moment curve (t x C) up to the last positive concentration.

    Same data conventions as :func:`auc_last`.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h, one-dimensional, non-negative, strictly increasing.
    conc : array_like
        Concentrations (>= 0), same length as ``time_h``.
    method : {"linear-up/log-down", "linear"}
        Trapezoidal rule; see Notes.

    Returns
    -------
    float
        AUMClast in conc units x h^2.

    Notes
    -----
    For the segment from (t1, C1) to (t2, C2), with dt = t2 - t1:

    * linear trapezoid on t x C:
      :math:`AUMC_i = \frac{t_1 C_1 + t_2 C_2}{2}\,\Delta t`
    * log trapezoid (C1 > C2 > 0), with :math:`k = \ln(C_1/C_2)/\Delta t`, the
      exact integral of :math:`t\,C_1 e^{-k (t - t_1)}`:
      :math:`AUMC_i = \frac{t_1 C_1 - t_2 C_2}{k} + \frac{C_1 - C_2}{k^2}`

    References
    ----------
    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis,
    5th ed., 2016, chapter 2 (log-trapezoidal AUMC).

    Examples
    --------
    >>> aumc_last([0, 1, 2], [0, 2, 2], method="linear")
    4.0
    """
    method = choice(method, "method", METHODS)
    times, concentrations = _check_profile(time_h, conc)
    _, moment_area = _areas_to_tlast(times, concentrations[None, :], method)
    return float(moment_area[0])


def terminal_slope(
    time_h: ArrayLike,
    conc: ArrayLike,
    *,
    min_points: int = 3,
    adj_r2_tolerance: float = 1e-4,
    exclude_cmax: bool = True,
) -> TerminalPhase:
    r"""Terminal rate constant lambda_z by automatic point selection.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h, one-dimensional, non-negative, strictly increasing.
    conc : array_like
        Concentrations (>= 0), same length as ``time_h``. Zeros are never used.
    min_points : int, default 3
        Smallest number of points in a fit (at least 3, because adjusted R^2
        needs n > 2).
    adj_r2_tolerance : float, default 1e-4
        Fits whose adjusted R^2 is within this amount of the best one are
        considered equally good; the one with the most points is then chosen.
    exclude_cmax : bool, default True
        Leave the Cmax point out of the candidates.

    Returns
    -------
    TerminalPhase
        Slope, intercept, goodness of fit and time range of the chosen fit.

    Raises
    ------
    ValueError
        If fewer than ``min_points`` positive concentrations follow Cmax, or
        no candidate set has a negative slope.

    Notes
    -----
    Each candidate set, the last n positive concentrations after Cmax
    (n = min_points, ..., all), is fitted by least squares

    .. math:: \ln C_i = a - \lambda_z t_i ,

    with :math:`R^2 = 1 - SS_{res}/SS_{tot}` and adjusted
    :math:`R^2_{adj} = 1 - (1 - R^2)\frac{n - 1}{n - 2}`.
    Only fits with :math:`\lambda_z > 0` count; the largest :math:`R^2_{adj}`
    wins, and among the fits within ``adj_r2_tolerance`` of it the one with
    the most points is kept. Half-life :math:`t_{1/2} = \ln 2 / \lambda_z`.

    References
    ----------
    Denney W, Duvvuri S, Buckeridge C. Simple, automatic noncompartmental
    analysis: the PKNCA R package. J Pharmacokinet Pharmacodyn 2015;42(S1):S65
    (half-life point selection, ``adj.r.squared.factor`` = 1e-4).
    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis,
    5th ed., 2016 (terminal slope by log-linear regression).
    """
    times, concentrations = _check_profile(time_h, conc)
    min_points, tolerance = _check_lambda_z_options(min_points, adj_r2_tolerance)
    exclude_cmax = boolean(exclude_cmax, "exclude_cmax")

    matrix = concentrations[None, :]
    candidate = _lambda_z_candidates(matrix, bool(exclude_cmax))
    n_candidates = int(candidate.sum())
    if n_candidates < min_points:
        where = "after Cmax" if exclude_cmax else "from Cmax on"
        raise ValueError(
            f"lambda_z cannot be estimated: conc has {n_candidates} positive "
            f"concentration(s) {where}, fewer than min_points={min_points}"
        )
    fit = _fit_terminal_phase(times, matrix, candidate, min_points, tolerance)
    lambda_z = float(fit["lambda_z_per_h"][0])
    if np.isnan(lambda_z):
        raise ValueError(
            "lambda_z cannot be estimated: no set of the last "
            f">= {min_points} positive concentrations in conc has a negative "
            "slope of ln(conc) versus time_h"
        )
    return TerminalPhase(
        lambda_z_per_h=lambda_z,
        intercept_ln=float(fit["intercept_ln"][0]),
        n_points=int(fit["n_points"][0]),
        r_squared=float(fit["r_squared"][0]),
        adj_r_squared=float(fit["adj_r_squared"][0]),
        first_time_h=float(fit["first_time_h"][0]),
        last_time_h=float(fit["last_time_h"][0]),
        half_life_h=float(np.log(2.0) / lambda_z),
    )


def back_extrapolate_c0(time_h: ArrayLike, conc: ArrayLike) -> float:
    r"""Concentration at the time of an IV bolus dose (t = 0), C0.

    Rule (Phoenix WinNonlin convention for IV bolus data):

    1. If a positive concentration was measured at t = 0, it is C0.
    2. Otherwise take the first two positive concentrations after t = 0,
       (t1, C1) and (t2, C2). If they decrease (C2 < C1), draw the straight
       line through them on the log scale and read it at t = 0:

       .. math:: C_0 = C_1 \exp\left(t_1 \frac{\ln(C_1 / C_2)}{t_2 - t_1}\right)

    3. Otherwise (only one positive value, or C2 >= C1) C0 = C1, the first
       observed positive concentration.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h after the bolus, non-negative, strictly increasing.
    conc : array_like
        Concentrations (>= 0), same length as ``time_h``.

    Returns
    -------
    float
        C0 in the units of ``conc``.

    Raises
    ------
    ValueError
        If no concentration is positive.

    References
    ----------
    Certara. Phoenix WinNonlin User's Guide, NCA: "C0" for bolus dosing
    (log-linear back-extrapolation of the first two points).
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics,
    4th ed., 2011 (extrapolation of the IV bolus curve to time zero).

    Examples
    --------
    >>> round(back_extrapolate_c0([1, 2, 4], [50, 25, 6.25]), 9)
    100.0
    """
    times, concentrations = _check_profile(time_h, conc)
    if not np.any(concentrations > 0):
        raise ValueError(
            "conc must contain at least one positive concentration to estimate C0; "
            f"received all zeros ({concentrations.size} values)"
        )
    return float(_c0_of_rows(times, concentrations[None, :])[0])


def nca(
    time_h: ArrayLike,
    conc: ArrayLike,
    dose: float | None = None,
    *,
    route: str = "extravascular",
    method: str = "linear-up/log-down",
    min_points: int = 3,
    adj_r2_tolerance: float = 1e-4,
    lambda_z_times_h: ArrayLike | None = None,
) -> NCAResult:
    r"""Non-compartmental analysis of one single-dose concentration-time profile.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h after the dose, non-negative, strictly increasing.
    conc : array_like
        Concentrations (>= 0, zeros meaning below LOQ), same length as ``time_h``.
    dose : float, optional
        Dose in amount units consistent with ``conc`` (see module docstring).
        Without a dose, ``clearance`` and ``volume_z`` are NaN.
    route : {"extravascular", "iv_bolus"}
        Route of administration; decides the point added at t = 0 (module
        convention 5) and the meaning of clearance and volume.
    method : {"linear-up/log-down", "linear"}
        Trapezoidal rule for AUC and AUMC (see :func:`auc_last`).
    min_points, adj_r2_tolerance
        Lambda_z point selection (see :func:`terminal_slope`; Cmax is always
        excluded).
    lambda_z_times_h : array_like, optional
        Manual selection, as NCA software allows: fit lambda_z on exactly the
        samples at these times (h; at least 3, each a sampling time with a
        positive concentration; Cmax may be included). ``min_points`` and
        ``adj_r2_tolerance`` are then ignored.

    Returns
    -------
    NCAResult
        Frozen dataclass; lambda_z-dependent fields are NaN when the terminal
        phase cannot be estimated (never an exception).

    Notes
    -----
    With Clast the last positive observed concentration at Tlast:

    * :math:`AUC_{inf} = AUC_{last} + C_{last} / \lambda_z`
    * :math:`\%AUC_{extrap} = 100\,(AUC_{inf} - AUC_{last}) / AUC_{inf}`
    * :math:`AUMC_{inf} = AUMC_{last} + t_{last} C_{last}/\lambda_z + C_{last}/\lambda_z^2`
    * :math:`MRT = AUMC_{inf} / AUC_{inf}` (for extravascular dosing this
      includes the mean absorption time)
    * :math:`CL = Dose / AUC_{inf}`, :math:`V_z = Dose / (\lambda_z AUC_{inf})`.

    For ``route="extravascular"`` the bioavailability F is unknown, so
    ``clearance`` is really CL/F and ``volume_z`` is Vz/F. For
    ``route="iv_bolus"`` they are CL and Vz.

    References
    ----------
    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis,
    5th ed., 2016, chapter 2.
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics,
    4th ed., 2011 (clearance, volume, mean residence time).
    Denney W et al. J Pharmacokinet Pharmacodyn 2015;42(S1):S65 (PKNCA).
    Phoenix WinNonlin User's Guide (C0 and Tmax for IV bolus data).

    Examples
    --------
    >>> result = nca([0.5, 1, 2, 4, 8], [8.0, 6.0, 4.0, 2.0, 0.5], dose=10.0)
    >>> result.tmax_h, result.lambda_z_n_points
    (0.5, 3)
    """
    route = choice(route, "route", ROUTES)
    method = choice(method, "method", METHODS)
    times, concentrations = _check_profile(time_h, conc)
    min_points, tolerance = _check_lambda_z_options(min_points, adj_r2_tolerance)
    dose_value = _check_dose(dose, n_subjects=None)
    chosen = None
    if lambda_z_times_h is not None:
        chosen = time_vector(lambda_z_times_h, "lambda_z_times_h", "h", min_length=3)
        for t in chosen:
            match = np.isclose(times, t, rtol=0, atol=1e-12)
            if not match.any() or concentrations[match][0] <= 0:
                raise ValueError(
                    "lambda_z_times_h (h) must name sampling times with positive "
                    f"concentrations; received {t!r}, which is not one"
                )
        chosen = times[np.isin(np.round(times, 12), np.round(chosen, 12))]

    arrays = _nca_arrays(
        times, concentrations[None, :], dose_value, route, method, min_points, tolerance, lambda_z_times=chosen
    )
    values: dict[str, Any] = {name: float(arrays[name][0]) for name in RESULT_FIELDS}
    values["lambda_z_n_points"] = int(arrays["lambda_z_n_points"][0])
    return NCAResult(**values, route=route)


def nca_many(
    time_h: ArrayLike,
    conc_matrix: ArrayLike,
    dose: ArrayLike | None = None,
    *,
    route: str = "extravascular",
    method: str = "linear-up/log-down",
    min_points: int = 3,
    adj_r2_tolerance: float = 1e-4,
) -> dict[str, np.ndarray]:
    r"""Non-compartmental analysis of many subjects sampled on one schedule.

    Gives exactly the same numbers as calling :func:`nca` on every row, but
    computes all subjects at once with numpy (about a thousand profiles in a
    few milliseconds), which is what a simulated microdose trial needs.

    Parameters
    ----------
    time_h : array_like
        Sampling times in h shared by all subjects, strictly increasing.
    conc_matrix : array_like
        Concentrations, shape (n_subjects, n_times); row s is subject s.
    dose : float or array_like, optional
        One dose for everybody, or one per subject (shape (n_subjects,)), in
        amount units consistent with ``conc_matrix``.
    route, method, min_points, adj_r2_tolerance
        As in :func:`nca`.

    Returns
    -------
    dict of numpy.ndarray
        One array of length n_subjects per numeric field of :class:`NCAResult`
        (``"cmax"``, ``"tmax_h"``, ..., ``"c0"``); ``"lambda_z_n_points"`` is
        an integer array (0 where lambda_z could not be estimated).

    Notes
    -----
    Equations as in :func:`nca`. The lambda_z candidate regressions of all
    subjects and all set sizes are solved together with the closed-form
    least-squares formulas
    :math:`\hat\beta = \sum (t - \bar t)(y - \bar y) / \sum (t - \bar t)^2`.

    References
    ----------
    Gabrielsson J, Weiner D. Pharmacokinetic and Pharmacodynamic Data Analysis,
    5th ed., 2016, chapter 2.
    Denney W et al. J Pharmacokinet Pharmacodyn 2015;42(S1):S65 (PKNCA).
    """
    route = choice(route, "route", ROUTES)
    method = choice(method, "method", METHODS)
    times, matrix = _check_profiles(time_h, conc_matrix)
    min_points, tolerance = _check_lambda_z_options(min_points, adj_r2_tolerance)
    dose_values = _check_dose(dose, n_subjects=matrix.shape[0])

    arrays = _nca_arrays(times, matrix, dose_values, route, method, min_points, tolerance)
    return {name: np.asarray(arrays[name]) for name in RESULT_FIELDS}
