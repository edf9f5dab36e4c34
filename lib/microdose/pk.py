r"""Linear one-compartment pharmacokinetics.

The microdosing idea rests on *linear* kinetics: clearance CL and volume V do
not depend on dose, so exposure (AUC) is proportional to dose and a curve
measured after a microdose can be scaled to a therapeutic dose.

Model (Rowland & Tozer 2011, ch. 3–4 and 11; Gibaldi & Perrier 1982, ch. 1–3):

* elimination rate constant :math:`k = CL/V`, half-life :math:`t_{1/2} = \ln 2 / k`
* IV bolus: :math:`C(t) = \frac{D}{V} e^{-kt}`
* first-order absorption (oral):
  :math:`C(t) = \frac{F D k_a}{V (k_a - k)} (e^{-kt} - e^{-k_a t})`,
  which tends to :math:`\frac{F D k}{V} t e^{-kt}` when :math:`k_a = k`
* :math:`AUC_{0-\infty} = F D / CL`, hence :math:`CL/F = D / AUC`
* repeated doses add up (superposition), because the model is linear.

Units (in every name): time h, volume L, dose mg, concentration mg/L
(= µg/mL; 1 mg/L = 1000 ng/mL), clearance L/h, rate constants 1/h, AUC mg·h/L.

References
----------
Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics: Concepts
and Applications, 4th ed. Lippincott Williams & Wilkins, 2011.
Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. Marcel Dekker, 1982.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from ._deprecation import deprecated_names

__all__ = [
    "SteadyState",
    "accumulation_ratio",
    "apparent_clearance_L_per_h",
    "auc_inf_mg_h_per_L",
    "elimination_rate_constant_per_h",
    "half_life_to_rate_constant_per_h",
    "iv_bolus_conc_mg_per_L",
    "multiple_dose_conc_mg_per_L",
    "oral_conc_mg_per_L",
    "rate_constant_to_clearance_L_per_h",
    "rate_constant_to_half_life_h",
    "scale_auc_to_dose",
    "steady_state",
]

_LN2 = math.log(2.0)
# Below this relative difference between ka and k the ka = k limit is used.
_KA_EQUALS_K_RTOL = 1e-6


def elimination_rate_constant_per_h(clearance_L_per_h: ArrayLike, volume_L: ArrayLike) -> float | np.ndarray:
    r"""Elimination rate constant :math:`k = CL / V`, 1/h.

    Parameters
    ----------
    clearance_L_per_h : float or array_like
        Clearance, L/h.
    volume_L : float or array_like
        Volume of distribution, L.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.

    Examples
    --------
    >>> elimination_rate_constant_per_h(10.0, 100.0)
    0.1
    """
    cl = v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    vol = v.positive(volume_L, "volume_L", "L")
    return v.scalar_or_array(cl / vol)


def rate_constant_to_half_life_h(k_per_h: ArrayLike) -> float | np.ndarray:
    r"""Half-life :math:`t_{1/2} = \ln 2 / k` (natural log, not log10), h.

    Parameters
    ----------
    k_per_h : float or array_like
        First-order rate constant, 1/h.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.

    Examples
    --------
    >>> round(rate_constant_to_half_life_h(0.1), 4)
    6.9315
    """
    k = v.positive(k_per_h, "k_per_h", "1/h")
    return v.scalar_or_array(_LN2 / k)


def half_life_to_rate_constant_per_h(half_life_h: ArrayLike) -> float | np.ndarray:
    r"""Rate constant :math:`k = \ln 2 / t_{1/2}`, 1/h.

    Parameters
    ----------
    half_life_h : float or array_like
        Half-life, h.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.

    Examples
    --------
    >>> round(half_life_to_rate_constant_per_h(6.931471805599453), 6)
    0.1
    """
    t_half = v.positive(half_life_h, "half_life_h", "h")
    return v.scalar_or_array(_LN2 / t_half)


def rate_constant_to_clearance_L_per_h(k_per_h: ArrayLike, volume_L: ArrayLike) -> float | np.ndarray:
    r"""Clearance :math:`CL = k V`, L/h.

    Parameters
    ----------
    k_per_h : float or array_like
        Elimination rate constant, 1/h.
    volume_L : float or array_like
        Volume of distribution, L.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.

    Examples
    --------
    >>> rate_constant_to_clearance_L_per_h(0.1, 100.0)
    10.0
    """
    k = v.positive(k_per_h, "k_per_h", "1/h")
    vol = v.positive(volume_L, "volume_L", "L")
    return v.scalar_or_array(k * vol)


def iv_bolus_conc_mg_per_L(
    time_h: ArrayLike, dose_mg: ArrayLike, volume_L: ArrayLike, clearance_L_per_h: ArrayLike
) -> float | np.ndarray:
    r"""Plasma concentration after an IV bolus, one compartment.

    .. math:: C(t) = \frac{D}{V} e^{-(CL/V) t}

    Parameters
    ----------
    time_h : float or array_like
        Time after the dose, h (≥ 0).
    dose_mg : float or array_like
        Dose, mg (≥ 0).
    volume_L : float or array_like
        Volume of distribution, L.
    clearance_L_per_h : float or array_like
        Clearance, L/h.

    Returns
    -------
    float or numpy.ndarray
        Concentration, mg/L, broadcast over the inputs.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.
    """
    t = v.non_negative(time_h, "time_h", "h")
    dose = v.non_negative(dose_mg, "dose_mg", "mg")
    vol = v.positive(volume_L, "volume_L", "L")
    cl = v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    return v.scalar_or_array(dose / vol * np.exp(-(cl / vol) * t))


def _one_minus_exp_over_x(x: ArrayLike) -> NDArray[np.float64]:
    """(1 - e^{-x}) / x for x >= 0, equal to 1 at x = 0, without cancellation."""
    x = np.asarray(x, dtype=float)
    safe = np.where(x > 0, x, 1.0)
    return np.where(x > 0, -np.expm1(-safe) / safe, 1.0)


def _oral_unit_curve(
    t: NDArray[np.float64], k: float | NDArray[np.float64], ka: float | NDArray[np.float64]
) -> NDArray[np.float64]:
    """C(t)·V/(F·D) for first-order absorption; stable for ka ≈ k and ka < k."""
    slow = np.minimum(k, ka)
    return ka * t * np.exp(-slow * t) * _one_minus_exp_over_x(np.abs(ka - k) * t)


def oral_conc_mg_per_L(
    time_h: ArrayLike,
    dose_mg: ArrayLike,
    volume_L: ArrayLike,
    clearance_L_per_h: ArrayLike,
    ka_per_h: ArrayLike,
    bioavailability: ArrayLike = 1.0,
) -> float | np.ndarray:
    r"""Plasma concentration after one oral dose with first-order absorption.

    .. math::

        C(t) = \frac{F D k_a}{V (k_a - k)} \left(e^{-kt} - e^{-k_a t}\right),
        \qquad k = CL/V

    evaluated in the algebraically equal form
    :math:`\frac{F D k_a}{V} t e^{-\min(k,k_a) t} \frac{1 - e^{-|k_a-k|t}}{|k_a-k|t}`,
    which has no cancellation when :math:`k_a \approx k` and tends to
    :math:`\frac{F D k}{V} t e^{-kt}` at :math:`k_a = k`.

    Parameters
    ----------
    time_h : float or array_like
        Time after the dose, h (≥ 0).
    dose_mg : float or array_like
        Dose, mg.
    volume_L : float or array_like
        Volume of distribution V (true volume, not V/F), L.
    clearance_L_per_h : float or array_like
        Systemic clearance CL, L/h.
    ka_per_h : float or array_like
        First-order absorption rate constant, 1/h.
    bioavailability : float or array_like, optional
        Fraction of the dose reaching the systemic circulation, 0–1.

    Returns
    -------
    float or numpy.ndarray
        Concentration, mg/L.

    References
    ----------
    Rowland & Tozer 2011, ch. 4; Gibaldi & Perrier 1982, ch. 1.
    """
    t = v.non_negative(time_h, "time_h", "h")
    dose = v.non_negative(dose_mg, "dose_mg", "mg")
    vol = v.positive(volume_L, "volume_L", "L")
    cl = v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    ka = v.positive(ka_per_h, "ka_per_h", "1/h")
    f = v.fraction(bioavailability, "bioavailability")
    return v.scalar_or_array(f * dose / vol * _oral_unit_curve(t, cl / vol, ka))


def multiple_dose_conc_mg_per_L(
    time_h: ArrayLike,
    dose_times_h: ArrayLike,
    dose_mg: ArrayLike,
    volume_L: float,
    clearance_L_per_h: float,
    ka_per_h: float | None = None,
    bioavailability: float = 1.0,
) -> NDArray[np.float64]:
    r"""Concentration after several doses, by superposition.

    .. math:: C(t) = \sum_{i:\, t_i \le t} C_1(t - t_i;\, D_i)

    where :math:`C_1` is the single-dose curve (IV bolus if ``ka_per_h`` is
    None, first-order absorption otherwise). At a dose time the IV bolus just
    given is included (the curve jumps at :math:`t_i`); evaluate just before
    the dose for a trough.

    Parameters
    ----------
    time_h : array_like
        Times, h (≥ 0), any shape.
    dose_times_h : array_like
        Dose times, h, one-dimensional, strictly increasing.
    dose_mg : float or array_like
        One dose for all administrations, or one per dose time, mg.
    volume_L, clearance_L_per_h, ka_per_h, bioavailability
        As in :func:`oral_conc_mg_per_L`; scalars. ``bioavailability`` is
        ignored for an IV bolus (``ka_per_h=None``), where F = 1, as in
        :func:`steady_state`.

    Returns
    -------
    numpy.ndarray
        Concentration, mg/L, same shape as ``time_h``.

    References
    ----------
    Rowland & Tozer 2011, ch. 11 (superposition principle).
    """
    t = v.non_negative(time_h, "time_h", "h")
    td = v.time_vector(dose_times_h, "dose_times_h", "h")
    doses = v.non_negative(dose_mg, "dose_mg", "mg")
    if doses.ndim == 0:
        doses = np.full(td.shape, float(doses))
    elif doses.shape != td.shape:
        raise ValueError(
            f"dose_mg (mg) must be one number or one dose per dose time ({td.size}); received shape {doses.shape}"
        )
    vol = float(v.positive(volume_L, "volume_L", "L"))
    cl = float(v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h"))
    f = float(v.fraction(bioavailability, "bioavailability"))
    k = cl / vol
    elapsed = t[..., None] - td  # shape (..., n_doses)
    given = elapsed >= 0
    dt = np.where(given, elapsed, 0.0)
    if ka_per_h is None:
        unit = np.exp(-k * dt)
        f = 1.0  # an IV bolus is entirely systemic
    else:
        ka = float(v.positive(ka_per_h, "ka_per_h", "1/h"))
        unit = _oral_unit_curve(dt, k, ka)
    return np.sum(np.where(given, f * doses / vol * unit, 0.0), axis=-1)


def auc_inf_mg_h_per_L(
    dose_mg: ArrayLike, clearance_L_per_h: ArrayLike, bioavailability: ArrayLike = 1.0
) -> float | np.ndarray:
    r"""Total exposure after one dose, :math:`AUC_{0-\infty} = F D / CL`, mg·h/L.

    Parameters
    ----------
    dose_mg : float or array_like
        Dose, mg.
    clearance_L_per_h : float or array_like
        Systemic clearance, L/h.
    bioavailability : float or array_like, optional
        Fraction 0–1 (1 for IV).

    References
    ----------
    Rowland & Tozer 2011, ch. 3–4.

    Examples
    --------
    >>> auc_inf_mg_h_per_L(100.0, 10.0, 0.5)
    5.0
    """
    dose = v.non_negative(dose_mg, "dose_mg", "mg")
    cl = v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    f = v.fraction(bioavailability, "bioavailability")
    return v.scalar_or_array(f * dose / cl)


def apparent_clearance_L_per_h(dose_mg: ArrayLike, auc_mg_h_per_L: ArrayLike) -> float | np.ndarray:
    r"""Clearance from dose and AUC: :math:`CL = D/AUC` (IV) or :math:`CL/F = D/AUC` (oral).

    After an oral dose the ratio is the *apparent* oral clearance CL/F: the
    AUC alone cannot separate clearance from bioavailability.

    Parameters
    ----------
    dose_mg : float or array_like
        Dose, mg.
    auc_mg_h_per_L : float or array_like
        :math:`AUC_{0-\infty}`, mg·h/L.

    Returns
    -------
    float or numpy.ndarray
        CL (IV) or CL/F (oral), L/h.

    References
    ----------
    Rowland & Tozer 2011, ch. 4.
    """
    dose = v.positive(dose_mg, "dose_mg", "mg")
    auc = v.positive(auc_mg_h_per_L, "auc_mg_h_per_L", "mg·h/L")
    return v.scalar_or_array(dose / auc)


def scale_auc_to_dose(auc: ArrayLike, measured_dose_mg: ArrayLike, target_dose_mg: ArrayLike) -> float | np.ndarray:
    r"""Linear extrapolation of exposure: :math:`AUC_2 = AUC_1 \, D_2 / D_1`.

    Valid only while CL and F do not depend on dose (see
    :mod:`microdose.nonlinear` for what happens when they do). ``auc`` may be
    in any unit; the result is in the same unit.

    Parameters
    ----------
    auc : float or array_like
        Measured exposure at ``measured_dose_mg`` (any unit, e.g. ng·h/mL).
    measured_dose_mg : float or array_like
        Dose at which AUC was measured, mg.
    target_dose_mg : float or array_like
        Dose to extrapolate to, mg.

    References
    ----------
    Lappin G, Garner RC. Big physics, small doses: the use of AMS and PET in
    human microdosing of development drugs. Nat Rev Drug Discov
    2003;2:233–240.
    """
    a = v.non_negative(auc, "auc", "the unit of the measured AUC")
    d1 = v.positive(measured_dose_mg, "measured_dose_mg", "mg")
    d2 = v.non_negative(target_dose_mg, "target_dose_mg", "mg")
    return v.scalar_or_array(a * d2 / d1)


def accumulation_ratio(k_per_h: ArrayLike, tau_h: ArrayLike) -> float | np.ndarray:
    r"""Accumulation index :math:`R = 1 / (1 - e^{-k\tau})`.

    Ratio of a steady-state concentration to the concentration at the same
    time after the first dose (exact for an IV bolus; for oral dosing it holds
    for the post-absorptive phase).

    Parameters
    ----------
    k_per_h : float or array_like
        Elimination rate constant, 1/h.
    tau_h : float or array_like
        Dosing interval, h.

    References
    ----------
    Rowland & Tozer 2011, ch. 11.

    Examples
    --------
    >>> accumulation_ratio(math.log(2) / 4.0, 4.0)   # dosing every half-life
    2.0
    """
    k = v.positive(k_per_h, "k_per_h", "1/h")
    tau = v.positive(tau_h, "tau_h", "h")
    return v.scalar_or_array(-1.0 / np.expm1(-k * tau))


@dataclass(frozen=True)
class SteadyState:
    """Steady-state summary of a regimen (one dose every ``tau_h``).

    Attributes
    ----------
    cmax_mg_per_L, cmin_mg_per_L, cavg_mg_per_L : float or numpy.ndarray
        Peak, trough and average concentration over a dosing interval, mg/L.
    tmax_h : float or numpy.ndarray
        Time of the peak after each dose, h (0 for an IV bolus).
    accumulation_ratio : float or numpy.ndarray
        :math:`1/(1 - e^{-k\\tau})`.
    """

    cmax_mg_per_L: float | np.ndarray
    cmin_mg_per_L: float | np.ndarray
    cavg_mg_per_L: float | np.ndarray
    tmax_h: float | np.ndarray
    accumulation_ratio: float | np.ndarray


def _ss_unit_oral(
    t: float | NDArray[np.float64],
    k: float | NDArray[np.float64],
    ka: float | NDArray[np.float64],
    tau: float | NDArray[np.float64],
) -> NDArray[np.float64]:
    """C_ss(t)·V/(F·D·ka) for oral dosing, 0 <= t <= tau; stable for ka ≈ k."""

    def g(r: float | NDArray[np.float64]) -> NDArray[np.float64]:
        return np.exp(-r * t) / -np.expm1(-r * tau)

    def dg_dr(r: float | NDArray[np.float64]) -> NDArray[np.float64]:
        one_minus = -np.expm1(-r * tau)
        return -np.exp(-r * t) * (t * one_minus + tau * np.exp(-r * tau)) / one_minus**2

    close = np.abs(ka - k) <= _KA_EQUALS_K_RTOL * k
    diff = np.where(close, 1.0, ka - k)
    general = (g(k) - g(ka)) / diff
    limit = -dg_dr(0.5 * (k + ka))
    return np.where(close, limit, general)


def _tmax_ss_oral(
    k: float | NDArray[np.float64], ka: float | NDArray[np.float64], tau: float | NDArray[np.float64]
) -> NDArray[np.float64]:
    """Time of the steady-state peak for oral dosing; stable for ka ≈ k."""

    def h(r: float | NDArray[np.float64]) -> NDArray[np.float64]:
        return np.log(r) - np.log(-np.expm1(-r * tau))

    def dh_dr(r: float | NDArray[np.float64]) -> NDArray[np.float64]:
        return 1.0 / r - tau * np.exp(-r * tau) / -np.expm1(-r * tau)

    close = np.abs(ka - k) <= _KA_EQUALS_K_RTOL * k
    diff = np.where(close, 1.0, ka - k)
    return np.where(close, dh_dr(0.5 * (k + ka)), (h(ka) - h(k)) / diff)


def steady_state(
    dose_mg: ArrayLike,
    tau_h: ArrayLike,
    volume_L: ArrayLike,
    clearance_L_per_h: ArrayLike,
    ka_per_h: ArrayLike | None = None,
    bioavailability: ArrayLike = 1.0,
) -> SteadyState:
    r"""Peak, trough and average concentration at steady state.

    IV bolus (``ka_per_h=None``):

    .. math::

        C_{max,ss} = \frac{D/V}{1 - e^{-k\tau}}, \quad
        C_{min,ss} = C_{max,ss} e^{-k\tau}

    first-order absorption:

    .. math::

        C_{ss}(t) = \frac{F D k_a}{V (k_a - k)}
        \left[\frac{e^{-kt}}{1 - e^{-k\tau}} - \frac{e^{-k_a t}}{1 - e^{-k_a\tau}}\right],
        \quad
        t_{max,ss} = \frac{1}{k_a - k}\ln\frac{k_a (1 - e^{-k\tau})}{k (1 - e^{-k_a\tau})}

    with the trough at the dosing time, and always
    :math:`C_{avg,ss} = F D / (CL\,\tau)`.

    Parameters
    ----------
    dose_mg : float or array_like
        Dose per administration, mg.
    tau_h : float or array_like
        Dosing interval, h.
    volume_L, clearance_L_per_h : float or array_like
        Volume (L) and systemic clearance (L/h).
    ka_per_h : float or array_like, optional
        Absorption rate constant, 1/h; None for an IV bolus.
    bioavailability : float or array_like, optional
        Fraction 0–1 (ignored for an IV bolus, where F = 1).

    Returns
    -------
    SteadyState

    References
    ----------
    Rowland & Tozer 2011, ch. 11; Gibaldi & Perrier 1982, ch. 3.
    """
    dose = v.non_negative(dose_mg, "dose_mg", "mg")
    tau = v.positive(tau_h, "tau_h", "h")
    vol = v.positive(volume_L, "volume_L", "L")
    cl = v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    k = cl / vol
    ratio = -1.0 / np.expm1(-k * tau)
    if ka_per_h is None:
        cmax = dose / vol * ratio
        cmin = cmax * np.exp(-k * tau)
        cavg = dose / (cl * tau)
        tmax = np.zeros(np.broadcast(cmax, tau).shape)
    else:
        ka = v.positive(ka_per_h, "ka_per_h", "1/h")
        f = v.fraction(bioavailability, "bioavailability")
        scale = f * dose * ka / vol
        tmax = _tmax_ss_oral(k, ka, tau)
        cmax = scale * _ss_unit_oral(tmax, k, ka, tau)
        cmin = scale * _ss_unit_oral(tau, k, ka, tau)
        cavg = f * dose / (cl * tau)
    return SteadyState(
        cmax_mg_per_L=v.scalar_or_array(cmax),
        cmin_mg_per_L=v.scalar_or_array(cmin),
        cavg_mg_per_L=v.scalar_or_array(cavg),
        tmax_h=v.scalar_or_array(tmax),
        accumulation_ratio=v.scalar_or_array(ratio),
    )


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "half_life_h": ("microdose.pk.rate_constant_to_half_life_h", rate_constant_to_half_life_h),
        "rate_constant_from_half_life_per_h": (
            "microdose.pk.half_life_to_rate_constant_per_h",
            half_life_to_rate_constant_per_h,
        ),
        "clearance_from_k_L_per_h": (
            "microdose.pk.rate_constant_to_clearance_L_per_h",
            rate_constant_to_clearance_L_per_h,
        ),
    },
)
