"""Non-linear pharmacokinetics: why a microdose can mislead.

A microdose (at most 100 µg, or 1/100 of the pharmacologically active dose)
is interpreted under the assumption of *linear* pharmacokinetics: exposure
(AUC) proportional to dose, clearance independent of dose and of time.  This
module provides the two textbook mechanisms that break that assumption at a
therapeutic dose:

1. **Michaelis–Menten (saturable) elimination** in a one-compartment model,

   .. math:: \\frac{dA}{dt} = -\\frac{V_{max}\\,C}{K_m + C}, \\qquad C = A/V,

   with its closed-form solution through the Lambert W function, its closed-form
   AUC, and ODE versions (IV bolus and repeated first-order oral input).

2. **Mechanism-based (time-dependent) enzyme inactivation** by the drug itself
   ("auto-inhibition"), with enzyme turnover (Mayhew et al. 2000),

   .. math:: \\frac{dE}{dt} = k_{deg}(1 - E)
             - \\frac{k_{inact}\\,I_u}{K_I + I_u}\\,E,

   where ``E`` is the active enzyme as a fraction of its baseline amount and
   ``I_u`` the unbound plasma concentration of the drug in µM.

Units (library-wide): time h, volume L, amount mg, concentration mg/L, first-
order rates 1/h, ``vmax_mg_per_h`` is the maximum elimination *rate* (amount per
time), inhibitor constants in µM.  Unbound molar concentration
``I_u [µM] = fu · C [mg/L] · 1000 / MW [g/mol]``.

References
----------
Wagner JG. Properties of the Michaelis-Menten equation and its integrated form
which are useful in pharmacokinetics. J Pharmacokinet Biopharm 1973;1:103-121.

Tang S, Xiao Y. One-compartment model with Michaelis-Menten elimination
kinetics and therapeutic window: an analytical approach. J Pharmacokinet
Pharmacodyn 2007;34:807-827.

Schnell S, Mendoza C. Closed form solution for time-dependent enzyme kinetics.
J Theor Biol 1997;187:207-212.

Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics: Concepts
and Applications, 4th ed. Lippincott Williams & Wilkins; 2011.

Mayhew BS, Jones DR, Hall SD. An in vitro model for predicting in vivo
inhibition of cytochrome P450 3A4 by metabolic intermediate complex formation.
Drug Metab Dispos 2000;28:1031-1037.

Galetin A, Burt H, Gibbons L, Houston JB. Prediction of time-dependent CYP3A4
drug-drug interactions: impact of enzyme degradation, parallel elimination
pathways, and intestinal inhibition. Drug Metab Dispos 2006;34:166-175.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

# scipy.integrate and scipy.special are imported where they are used: together they
# take about half a second to import, which every notebook running ``import microdose``
# would otherwise pay even when it never solves an ODE or evaluates Lambert W.
from microdose import units
from microdose._deprecation import deprecated_names
from microdose._validate import (
    broadcast_together,
    fraction,
    integer_at_least,
    non_negative,
    positive,
    scalar_or_array,
    single_number,
    time_vector,
)

__all__ = [
    "CYP3A4_DEGRADATION_HALF_LIFE_H",
    "CYP3A4_DEGRADATION_RATE_PER_H",
    "MBIResult",
    "linear_extrapolation_error",
    "mbi_clearance_L_per_h",
    "mbi_enzyme_fraction_constant_exposure",
    "mbi_exposure_ratio",
    "mbi_repeated_dosing",
    "mbi_steady_state_enzyme_fraction",
    "mm_clearance_L_per_h",
    "mm_elimination_rate_mg_per_h",
    "mm_exposure_vs_dose",
    "mm_iv_bolus_auc",
    "mm_iv_bolus_auc_per_dose",
    "mm_iv_bolus_conc_lambertw",
    "mm_iv_bolus_conc_ode",
    "mm_oral_conc_ode",
    "mm_steady_state_conc_mg_per_L",
]

# Mean in vivo degradation half-life of hepatic CYP3A4 used for time-dependent
# inhibition predictions: 3 days (literature range about 1-6 days).
# Galetin A, Burt H, Gibbons L, Houston JB. Drug Metab Dispos 2006;34:166-175.
CYP3A4_DEGRADATION_HALF_LIFE_H = 72.0
CYP3A4_DEGRADATION_RATE_PER_H = math.log(2.0) / CYP3A4_DEGRADATION_HALF_LIFE_H  # derived: k_deg = ln 2 / t½

# ODE absolute tolerance as a fraction of (relative tolerance x the scale of the state): 1e-4 keeps the
# absolute error far below the relative one at every concentration that matters (implementation choice)
_ATOL_FRACTION_OF_RTOL = 1e-4

# Gut amount left unabsorbed (relative to the dose) at which the oral AUC
# integration stops and the remaining exposure is added in closed form.
_GUT_REMAINING_FRACTION = 1e-12

_EPS = np.finfo(float).eps


# ---------------------------------------------------------------------------
# small private helpers
# ---------------------------------------------------------------------------


def _unbound_uM(
    conc_mg_per_L: float | NDArray[np.float64], fraction_unbound: float, mw_g_per_mol: float
) -> float | NDArray[np.float64]:
    """Unbound molar concentration in µM: fu · C[mg/L] · 1000 / MW[g/mol] (mg/L ÷ g/mol = mmol/L)."""
    return fraction_unbound * conc_mg_per_L * units.UM_PER_MM / mw_g_per_mol


def _solve(
    fun: Callable[..., Any],
    t_span: tuple[float, float],
    y0: ArrayLike,
    *,
    method: str,
    t_eval: ArrayLike | None = None,
    rtol: float,
    atol: float | Sequence[float],
    jac: Callable[..., Any] | None = None,
) -> Any:
    """``solve_ivp`` wrapper that raises instead of returning a failed solution."""
    from scipy.integrate import solve_ivp

    kwargs = {} if jac is None else {"jac": jac}
    sol = solve_ivp(fun, t_span, y0, method=method, t_eval=t_eval, rtol=rtol, atol=atol, **kwargs)
    if not sol.success:  # pragma: no cover - only for pathological inputs
        raise RuntimeError(f"ODE integration failed ({method}): {sol.message}")
    return sol


def _lsoda_on_grid(
    fun: Callable[..., Any], y0: ArrayLike, grid: NDArray[np.float64], *, rtol: float, atol: float | Sequence[float]
) -> NDArray[np.float64]:
    """States at every time of ``grid`` (first = start) by LSODA; raises on failure.

    ``scipy.integrate.odeint`` runs the same ODEPACK LSODA as
    ``solve_ivp(method="LSODA")`` but loops over the steps in Fortran; for the
    small systems here it is about three times faster, which matters where a
    slider recomputes many dosing intervals. Returns an array (state, time).
    """
    from scipy.integrate import odeint

    y, info = odeint(fun, y0, grid, rtol=rtol, atol=atol, tfirst=True, full_output=True)
    if info["message"] != "Integration successful.":  # pragma: no cover - pathological inputs only
        raise RuntimeError(f"ODE integration failed (LSODA): {info['message']}")
    return y.T


def _check_rtol(rtol: float) -> float:
    value = single_number(
        positive(rtol, "rtol", "relative tolerance (dimensionless)"), "rtol", "relative tolerance (dimensionless)"
    )
    if value >= 0.1:
        raise ValueError(f"rtol must be below 0.1 (relative tolerance); received {rtol!r}")
    return value


def _lambertw_of_exp(log_x: np.ndarray) -> np.ndarray:
    """Principal-branch Lambert W of ``exp(log_x)`` without forming ``exp(log_x)``.

    For ``log_x <= 1`` the argument is at most e and ``scipy.special.lambertw`` is
    used directly.  For larger arguments (which may overflow a float) the
    equivalent log-space equation ``w + ln w = log_x`` is solved by Newton's
    method from ``w0 = log_x - ln(log_x)``.  Because ``g(w) = w + ln w - log_x``
    is increasing and concave and ``g(w0) = ln(1 - ln(log_x)/log_x) < 0``, the
    iterates increase monotonically to the root and stay positive.
    """
    log_x = np.asarray(log_x, dtype=float)
    out = np.empty_like(log_x)
    small = log_x <= 1.0
    if np.any(small):
        from scipy.special import lambertw

        out[small] = lambertw(np.exp(log_x[small])).real
    large = ~small
    if np.any(large):
        target = log_x[large]
        w = target - np.log(target)
        for _ in range(100):
            step = w * (w + np.log(w) - target) / (w + 1.0)
            w = w - step
            if np.all(np.abs(step) <= 4.0 * _EPS * w):
                break
        out[large] = w
    return out


# ---------------------------------------------------------------------------
# Michaelis-Menten: rates and clearance
# ---------------------------------------------------------------------------


def _mm_inputs(
    value: ArrayLike, name: str, unit: str, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> list[np.ndarray]:
    """A non-negative concentration or rate with Vmax and Km, checked and broadcast together."""
    checked = non_negative(value, name, unit)
    vmax = positive(vmax_mg_per_h, "vmax_mg_per_h", "mg/h")
    km = positive(km_mg_per_L, "km_mg_per_L", "mg/L")
    return broadcast_together(**{name: checked}, vmax_mg_per_h=vmax, km_mg_per_L=km)


def mm_elimination_rate_mg_per_h(
    conc_mg_per_L: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> float | np.ndarray:
    """Michaelis–Menten elimination rate at a given plasma concentration.

    .. math:: \\text{rate} = \\frac{V_{max}\\,C}{K_m + C}

    Parameters
    ----------
    conc_mg_per_L : float or array_like
        Plasma concentration C (mg/L), >= 0.
    vmax_mg_per_h : float or array_like
        Maximum elimination rate Vmax (mg/h), > 0.
    km_mg_per_L : float or array_like
        Michaelis constant Km (mg/L): the concentration giving half of Vmax, > 0.

    Returns
    -------
    float or numpy.ndarray
        Elimination rate in mg/h (broadcast shape of the inputs).  It is
        ``Vmax/2`` at ``C = Km`` and tends to ``Vmax`` as ``C`` grows.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
    2011 (chapter on non-linearities). Wagner JG. J Pharmacokinet Biopharm
    1973;1:103-121.
    """
    c, vmax, km = _mm_inputs(conc_mg_per_L, "conc_mg_per_L", "mg/L", vmax_mg_per_h, km_mg_per_L)
    return scalar_or_array(vmax * c / (km + c))


def mm_clearance_L_per_h(
    conc_mg_per_L: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> float | np.ndarray:
    """Concentration-dependent clearance under Michaelis–Menten elimination.

    .. math:: CL(C) = \\frac{\\text{rate}}{C} = \\frac{V_{max}}{K_m + C}

    As ``C → 0`` this tends to the intrinsic (linear) clearance ``Vmax/Km``,
    which is what a microdose measures; at ``C = Km`` it is half of that.

    Parameters
    ----------
    conc_mg_per_L : float or array_like
        Plasma concentration C (mg/L), >= 0.
    vmax_mg_per_h : float or array_like
        Maximum elimination rate Vmax (mg/h), > 0.
    km_mg_per_L : float or array_like
        Michaelis constant Km (mg/L), > 0.

    Returns
    -------
    float or numpy.ndarray
        Clearance in L/h.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
    2011. Wagner JG. J Pharmacokinet Biopharm 1973;1:103-121.
    """
    c, vmax, km = _mm_inputs(conc_mg_per_L, "conc_mg_per_L", "mg/L", vmax_mg_per_h, km_mg_per_L)
    return scalar_or_array(vmax / (km + c))


def mm_steady_state_conc_mg_per_L(
    dose_rate_mg_per_h: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> float | np.ndarray:
    r"""Average steady-state concentration under Michaelis–Menten elimination.

    At steady state the elimination rate equals the dosing rate R (infusion rate, or
    F·dose/τ averaged over a dosing interval):
    ``Vmax·Css/(Km + Css) = R``, so

    .. math:: C_{ss} = \frac{K_m\,R}{V_{max} - R}.

    For ``R ≪ Vmax`` this is ``R/(Vmax/Km)``, the linear result with the intrinsic
    clearance a microdose measures. As R approaches Vmax the concentration rises
    without bound: a small increase in dose rate multiplies the concentration (the
    classic phenytoin problem), and for ``R ≥ Vmax`` there is no steady state.

    Parameters
    ----------
    dose_rate_mg_per_h : float or array_like
        Rate at which drug reaches the circulation, R (mg/h), >= 0 and < Vmax.
    vmax_mg_per_h : float or array_like
        Maximum elimination rate Vmax (mg/h), > 0.
    km_mg_per_L : float or array_like
        Michaelis constant Km (mg/L), > 0.

    Returns
    -------
    float or numpy.ndarray
        Steady-state concentration in mg/L.

    Raises
    ------
    ValueError
        If a dose rate is not below its Vmax (no steady state exists), naming both values.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
    2011 (chapter on non-linearities). Winter ME. Basic Clinical Pharmacokinetics,
    5th ed. 2010 (phenytoin: Vmax about 7 mg/kg/day, Km about 4 mg/L).

    Examples
    --------
    A 70 kg patient on phenytoin (Vmax = 7 mg/kg/day × 70 kg = 490 mg/day, Km = 4 mg/L):
    raising the daily dose by a third, from 300 to 400 mg, nearly triples the concentration.

    >>> vmax_mg_per_h = 490.0 / units.HOURS_PER_DAY
    >>> round(mm_steady_state_conc_mg_per_L(300.0 / units.HOURS_PER_DAY, vmax_mg_per_h, 4.0), 2)
    6.32
    >>> round(mm_steady_state_conc_mg_per_L(400.0 / units.HOURS_PER_DAY, vmax_mg_per_h, 4.0), 1)
    17.8
    """
    rate, vmax, km = _mm_inputs(dose_rate_mg_per_h, "dose_rate_mg_per_h", "mg/h", vmax_mg_per_h, km_mg_per_L)
    saturated = np.flatnonzero(rate >= vmax)
    if saturated.size:
        first = saturated[0]
        raise ValueError(
            f"dose_rate_mg_per_h = {float(rate.flat[first])!r} mg/h is not below vmax_mg_per_h = "
            f"{float(vmax.flat[first])!r} mg/h: elimination cannot keep up, so there is no steady state "
            "(the concentration rises for as long as dosing continues)"
        )
    return scalar_or_array(km * rate / (vmax - rate))


# ---------------------------------------------------------------------------
# Michaelis-Menten: IV bolus
# ---------------------------------------------------------------------------


def _mm_iv_inputs(
    dose_mg: ArrayLike, volume_L: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> list[np.ndarray]:
    dose = positive(dose_mg, "dose_mg", "mg")
    vol = positive(volume_L, "volume_L", "L")
    vmax = positive(vmax_mg_per_h, "vmax_mg_per_h", "mg/h")
    km = positive(km_mg_per_L, "km_mg_per_L", "mg/L")
    return broadcast_together(dose_mg=dose, volume_L=vol, vmax_mg_per_h=vmax, km_mg_per_L=km)


def mm_iv_bolus_conc_lambertw(
    time_h: ArrayLike, dose_mg: ArrayLike, volume_L: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> NDArray[np.float64]:
    """Closed-form concentration after an IV bolus with Michaelis–Menten elimination.

    Integrating ``dC/dt = -(Vmax/V)·C/(Km + C)`` gives Wagner's implicit form
    ``Km·ln(C/C0) + (C - C0) = -(Vmax/V)·t``, solved explicitly by the Lambert W
    function (principal branch):

    .. math:: C(t) = K_m\\,W\\!\\left[\\frac{C_0}{K_m}
              \\exp\\!\\left(\\frac{C_0 - (V_{max}/V)\\,t}{K_m}\\right)\\right],
              \\qquad C_0 = \\frac{\\text{dose}}{V}.

    The argument of W overflows a float for ``C0/Km`` above about 700, so W is
    evaluated from the logarithm of its argument (``w + ln w = ln x``, solved
    by Newton's method); doses with ``C0/Km`` of 1e4 and far beyond are exact
    to rounding.

    Parameters
    ----------
    time_h : array_like, 1-D
        Times after the bolus (h), non-negative and strictly increasing.
    dose_mg : float or array_like
        IV bolus dose (mg), > 0.  An array of doses (or of any parameter) gives
        one profile per element.
    volume_L : float or array_like
        Volume of distribution V (L), > 0.
    vmax_mg_per_h : float or array_like
        Maximum elimination rate Vmax (mg/h), > 0.
    km_mg_per_L : float or array_like
        Michaelis constant Km (mg/L), > 0.

    Returns
    -------
    numpy.ndarray
        Concentration in mg/L with shape ``P + (len(time_h),)`` where ``P`` is
        the broadcast shape of the four parameters (``()`` when all are scalars,
        ``(n_doses,)`` for a 1-D dose array).

    References
    ----------
    Tang S, Xiao Y. J Pharmacokinet Pharmacodyn 2007;34:807-827 (Lambert W
    solution). Schnell S, Mendoza C. J Theor Biol 1997;187:207-212. Wagner JG.
    J Pharmacokinet Biopharm 1973;1:103-121 (integrated form).
    """
    t = time_vector(time_h, "time_h", "h")
    dose, vol, vmax, km = _mm_iv_inputs(dose_mg, volume_L, vmax_mg_per_h, km_mg_per_L)
    c0 = (dose / vol)[..., None]
    k0 = (vmax / vol)[..., None]  # maximal rate of fall of C, mg/L/h
    km = km[..., None]
    log_x = np.log(c0 / km) + (c0 - k0 * t) / km
    return km * _lambertw_of_exp(log_x)


def mm_iv_bolus_conc_ode(
    time_h: ArrayLike,
    dose_mg: ArrayLike,
    volume_L: ArrayLike,
    vmax_mg_per_h: ArrayLike,
    km_mg_per_L: ArrayLike,
    *,
    rtol: float = 1e-10,
    atol: float | None = None,
) -> NDArray[np.float64]:
    """IV bolus Michaelis–Menten profile by numerical integration (reference path).

    Integrates ``dC/dt = -(Vmax/V)·C/(Km + C)``, ``C(0) = dose/V`` with
    ``scipy.integrate.solve_ivp`` (Radau, analytic Jacobian).  This is the
    independent check of :func:`mm_iv_bolus_conc_lambertw`; it is hundreds of times
    slower, so widgets should use the closed form.

    Parameters
    ----------
    time_h : array_like, 1-D
        Output times (h), non-negative and strictly increasing.
    dose_mg, volume_L, vmax_mg_per_h, km_mg_per_L : float or array_like
        As in :func:`mm_iv_bolus_conc_lambertw`; arrays give one profile each.
    rtol : float, optional
        Relative tolerance of the integrator (default 1e-10).
    atol : float, optional
        Absolute tolerance in mg/L.  Default ``1e-4 · rtol · C0``, i.e. scaled
        to the initial concentration, so the solution keeps about ``rtol``
        relative accuracy down to concentrations of roughly 1e-4·C0.

    Returns
    -------
    numpy.ndarray
        Concentration in mg/L, same shape as from the Lambert W function.

    References
    ----------
    Wagner JG. J Pharmacokinet Biopharm 1973;1:103-121. Rowland M, Tozer TN.
    Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """
    t = time_vector(time_h, "time_h", "h")
    dose, vol, vmax, km = _mm_iv_inputs(dose_mg, volume_L, vmax_mg_per_h, km_mg_per_L)
    rtol = _check_rtol(rtol)
    if atol is not None:
        atol = single_number(positive(atol, "atol", "mg/L"), "atol", "mg/L")
    out = np.empty(dose.shape + t.shape)
    idx: tuple[int, ...]  # np.ndindex yields tuples of ints: dose[idx] is one number
    for idx in np.ndindex(dose.shape):
        c0 = dose[idx] / vol[idx]
        k0 = vmax[idx] / vol[idx]
        k_m = km[idx]
        if t[-1] == 0.0:
            out[idx] = c0
            continue

        def rhs(_t: float, c: NDArray[np.float64], k0: float = k0, k_m: float = k_m) -> NDArray[np.float64]:
            return -k0 * c / (k_m + c)

        def jac(_t: float, c: NDArray[np.float64], k0: float = k0, k_m: float = k_m) -> list[list[float]]:
            return [[-k0 * k_m / (k_m + c[0]) ** 2]]

        sol = _solve(
            rhs,
            (0.0, t[-1]),
            [c0],
            method="Radau",
            t_eval=t,
            rtol=rtol,
            atol=_ATOL_FRACTION_OF_RTOL * rtol * c0 if atol is None else atol,
            jac=jac,
        )
        out[idx] = sol.y[0]
    return out


def mm_iv_bolus_auc(
    dose_mg: ArrayLike, volume_L: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> float | np.ndarray:
    """Closed-form AUC(0-∞) after an IV bolus with Michaelis–Menten elimination.

    From ``dt = -V (Km + C) / (Vmax·C) dC``:

    .. math:: AUC_{0-\\infty} = \\int_0^{\\infty} C\\,dt
              = \\frac{V}{V_{max}}\\left(K_m C_0 + \\frac{C_0^2}{2}\\right)
              = \\frac{C_0}{V_{max}/V}\\left(K_m + \\frac{C_0}{2}\\right).

    The first term is the linear AUC ``dose/(Vmax/Km)``; the quadratic term is
    the excess caused by saturation.

    Parameters
    ----------
    dose_mg : float or array_like
        IV bolus dose (mg), > 0; arrays broadcast with the other parameters.
    volume_L : float or array_like
        Volume of distribution (L), > 0.
    vmax_mg_per_h : float or array_like
        Maximum elimination rate (mg/h), > 0.
    km_mg_per_L : float or array_like
        Michaelis constant (mg/L), > 0.

    Returns
    -------
    float or numpy.ndarray
        AUC in mg·h/L.

    References
    ----------
    Wagner JG. J Pharmacokinet Biopharm 1973;1:103-121. Rowland M, Tozer TN.
    Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """
    dose, vol, vmax, km = _mm_iv_inputs(dose_mg, volume_L, vmax_mg_per_h, km_mg_per_L)
    c0 = dose / vol
    return scalar_or_array(vol / vmax * c0 * (km + 0.5 * c0))


def mm_iv_bolus_auc_per_dose(
    dose_mg: ArrayLike, volume_L: ArrayLike, vmax_mg_per_h: ArrayLike, km_mg_per_L: ArrayLike
) -> float | np.ndarray:
    """Dose-normalised AUC(0-∞), AUC/dose, for IV bolus Michaelis–Menten kinetics.

    .. math:: \\frac{AUC}{\\text{dose}} = \\frac{K_m + C_0/2}{V_{max}}

    Constant (``Km/Vmax = 1/CL_int``) while ``C0 ≪ Km`` and rising linearly
    with ``C0 = dose/V`` once saturation sets in: the "dose-proportionality
    plot" of a microdose study.

    Parameters
    ----------
    dose_mg : float or array_like
        Dose or doses (mg), > 0.
    volume_L, vmax_mg_per_h, km_mg_per_L : float or array_like
        Volume (L), maximum rate (mg/h), Michaelis constant (mg/L); all > 0.

    Returns
    -------
    float or numpy.ndarray
        AUC per mg of dose, in (mg·h/L)/mg = h/L.

    References
    ----------
    Wagner JG. J Pharmacokinet Biopharm 1973;1:103-121. Rowland M, Tozer TN.
    Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """
    dose, vol, vmax, km = _mm_iv_inputs(dose_mg, volume_L, vmax_mg_per_h, km_mg_per_L)
    return scalar_or_array((km + 0.5 * dose / vol) / vmax)


def linear_extrapolation_error(
    microdose_mg: ArrayLike,
    therapeutic_dose_mg: ArrayLike,
    volume_L: ArrayLike,
    vmax_mg_per_h: ArrayLike,
    km_mg_per_L: ArrayLike,
) -> float | np.ndarray:
    """Fraction by which linear scaling of a microdose AUC under-predicts exposure.

    The AUC measured after the microdose is scaled by the dose ratio and
    compared with the true (Michaelis–Menten, IV bolus) AUC at the therapeutic
    dose:

    .. math:: \\varepsilon = \\frac{AUC(D_{ther})}
              {AUC(D_{micro})\\,D_{ther}/D_{micro}} - 1
              = \\frac{C_{0,ther} - C_{0,micro}}{2K_m + C_{0,micro}}.

    ``0.25`` means the true exposure is 25 % higher than predicted.  It is ~0
    while the therapeutic ``C0`` stays far below Km, and negative if the
    "microdose" is the larger dose.

    Parameters
    ----------
    microdose_mg : float or array_like
        Dose at which AUC was measured (mg), > 0.
    therapeutic_dose_mg : float or array_like
        Dose whose AUC is predicted (mg), > 0.
    volume_L, vmax_mg_per_h, km_mg_per_L : float or array_like
        Volume (L), maximum rate (mg/h), Michaelis constant (mg/L); all > 0.

    Returns
    -------
    float or numpy.ndarray
        Relative under-prediction (dimensionless).

    References
    ----------
    Wagner JG. J Pharmacokinet Biopharm 1973;1:103-121. Rowland M, Tozer TN.
    Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """
    micro = positive(microdose_mg, "microdose_mg", "mg")
    ther = positive(therapeutic_dose_mg, "therapeutic_dose_mg", "mg")
    vol = positive(volume_L, "volume_L", "L")
    vmax = positive(vmax_mg_per_h, "vmax_mg_per_h", "mg/h")
    km = positive(km_mg_per_L, "km_mg_per_L", "mg/L")
    micro, ther, vol, vmax, km = broadcast_together(
        microdose_mg=micro, therapeutic_dose_mg=ther, volume_L=vol, vmax_mg_per_h=vmax, km_mg_per_L=km
    )
    # Ratio of dose-normalised AUCs, (Km + C0t/2)/(Km + C0m/2) - 1, written in
    # the form that does not lose digits when the two doses are close.
    c0_micro = micro / vol
    c0_ther = ther / vol
    return scalar_or_array((c0_ther - c0_micro) / (2.0 * km + c0_micro))


# ---------------------------------------------------------------------------
# Michaelis-Menten: first-order (oral) input
# ---------------------------------------------------------------------------


def _oral_mm_system(
    vol: float, vmax: float, km: float, ka: float
) -> tuple[
    Callable[[float, NDArray[np.float64]], list[float]], Callable[[float, NDArray[np.float64]], list[list[float]]]
]:
    """Right-hand side and Jacobian for states [gut mg, central mg, ∫A_central dt]."""

    def rhs(_t: float, y: NDArray[np.float64]) -> list[float]:
        gut, central = y[0], y[1]
        c = central / vol
        return [-ka * gut, ka * gut - vmax * c / (km + c), central]

    def jac(_t: float, y: NDArray[np.float64]) -> list[list[float]]:
        c = y[1] / vol
        d_elim = vmax * km / (vol * (km + c) ** 2)
        return [[-ka, 0.0, 0.0], [ka, -d_elim, 0.0], [0.0, 1.0, 0.0]]

    return rhs, jac


def _oral_inputs(
    dose_mg: ArrayLike,
    volume_L: ArrayLike,
    vmax_mg_per_h: ArrayLike,
    km_mg_per_L: ArrayLike,
    ka_per_h: ArrayLike,
    bioavailability: ArrayLike,
) -> tuple[NDArray[np.float64], float, float, float, float, float]:
    vol = single_number(positive(volume_L, "volume_L", "L"), "volume_L", "L")
    vmax = single_number(positive(vmax_mg_per_h, "vmax_mg_per_h", "mg/h"), "vmax_mg_per_h", "mg/h")
    km = single_number(positive(km_mg_per_L, "km_mg_per_L", "mg/L"), "km_mg_per_L", "mg/L")
    ka = single_number(positive(ka_per_h, "ka_per_h", "1/h"), "ka_per_h", "1/h")
    f = single_number(
        fraction(bioavailability, "bioavailability", allow_zero=False), "bioavailability", "fraction (0-1)"
    )
    dose = positive(dose_mg, "dose_mg", "mg")
    return dose, vol, vmax, km, ka, f


def mm_oral_conc_ode(
    time_h: ArrayLike,
    dose_mg: ArrayLike,
    volume_L: float,
    vmax_mg_per_h: float,
    km_mg_per_L: float,
    ka_per_h: float,
    bioavailability: float = 1.0,
    *,
    dose_times_h: ArrayLike = (0.0,),
    rtol: float = 1e-8,
) -> NDArray[np.float64]:
    """Concentration after one or more oral doses with Michaelis–Menten elimination.

    One-compartment model with first-order absorption from a gut depot:

    .. math:: \\frac{dA_g}{dt} = -k_a A_g, \\qquad
              \\frac{dA_c}{dt} = k_a A_g - \\frac{V_{max}\\,C}{K_m + C},
              \\qquad C = A_c / V,

    integrated piecewise between dose times with ``solve_ivp`` (LSODA,
    analytic Jacobian); ``F·dose`` is added to ``A_g`` at each dose time.
    Concentrations before the first dose are zero.

    Parameters
    ----------
    time_h : array_like, 1-D
        Output times (h), non-negative, strictly increasing.
    dose_mg : float or array_like
        Dose per administration (mg), > 0: one number for all doses or a 1-D
        array with one dose per entry of ``dose_times_h``.
    volume_L : float
        Volume of distribution (L), > 0.
    vmax_mg_per_h : float
        Maximum elimination rate (mg/h), > 0.
    km_mg_per_L : float
        Michaelis constant (mg/L), > 0.
    ka_per_h : float
        First-order absorption rate constant (1/h), > 0.
    bioavailability : float, optional
        Fraction F of each dose that is absorbed (placed in the gut depot), in
        (0, 1] (default 1).  Saturable first-pass metabolism is not modelled.
    dose_times_h : array_like, optional
        Administration times (h), non-negative and strictly increasing
        (default a single dose at 0).
    rtol : float, optional
        Relative tolerance of the integrator (default 1e-8); the absolute
        tolerance is ``1e-4 · rtol`` times the largest absorbed dose (mg).
        LSODA's global error is typically 10-100 times ``rtol``, i.e. about
        1e-7 to 1e-6 relative at the default; pass 1e-10 for reference work.
        Values within about ``atol/V`` of zero are returned as 0.

    Returns
    -------
    numpy.ndarray
        Concentration (mg/L) at ``time_h``.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
    2011. Tang S, Xiao Y. J Pharmacokinet Pharmacodyn 2007;34:807-827.
    """
    t = time_vector(time_h, "time_h", "h")
    dose, vol, vmax, km, ka, f = _oral_inputs(dose_mg, volume_L, vmax_mg_per_h, km_mg_per_L, ka_per_h, bioavailability)
    t_dose = time_vector(dose_times_h, "dose_times_h", "h")
    rtol = _check_rtol(rtol)
    if dose.ndim == 0:
        dose = np.full(t_dose.shape, float(dose))
    elif dose.shape != t_dose.shape:
        raise ValueError(
            f"dose_mg must be one number or one dose (mg) per entry of dose_times_h "
            f"{t_dose.shape}; received shape {dose.shape}"
        )
    rhs, jac = _oral_mm_system(vol, vmax, km, ka)
    atol = _ATOL_FRACTION_OF_RTOL * rtol * f * float(dose.max())
    out = np.zeros(t.shape)
    state = np.zeros(3)
    for j, start in enumerate(t_dose):
        if start > t[-1]:
            break
        state[0] += f * dose[j]
        end = t_dose[j + 1] if j + 1 < t_dose.size else t[-1]
        end = min(end, t[-1])
        in_segment = (t >= start) & (t <= end)
        n_out = np.count_nonzero(in_segment)
        if end == start:
            out[in_segment] = state[1] / vol
            continue
        # Output times of this segment plus its end (where the next dose is added).
        t_eval = np.unique(np.r_[t[in_segment], end])
        sol = _solve(rhs, (start, end), state, method="LSODA", t_eval=t_eval, rtol=rtol, atol=atol, jac=jac)
        seg = sol.y[1, :n_out] / vol
        seg[t[in_segment] == start] = state[1] / vol  # exact value at the dose time
        # Interpolation noise of order atol can dip below zero just after the
        # first dose, where the true concentration is ~0: amounts are >= 0.
        out[in_segment] = np.maximum(seg, 0.0)
        state = sol.y[:, -1].copy()
    return out


def _mm_oral_auc(dose: float, vol: float, vmax: float, km: float, ka: float, f: float, rtol: float) -> float:
    """AUC(0-∞) of a single oral dose: ODE until the gut is empty + closed-form tail."""
    absorbed = f * dose
    t_end = math.log(1.0 / _GUT_REMAINING_FRACTION) / ka
    rhs, jac = _oral_mm_system(vol, vmax, km, ka)
    atol = [
        _ATOL_FRACTION_OF_RTOL * rtol * absorbed,
        _ATOL_FRACTION_OF_RTOL * rtol * absorbed,
        _ATOL_FRACTION_OF_RTOL * rtol * absorbed / ka,
    ]
    sol = _solve(rhs, (0.0, t_end), [absorbed, 0.0, 0.0], method="LSODA", t_eval=[t_end], rtol=rtol, atol=atol, jac=jac)
    gut, central, int_central = sol.y[:, -1]
    # What is left (central + the 1e-12 still in the gut) is eliminated as after
    # an IV bolus; its AUC is the closed form V/Vmax·(Km·C + C²/2).
    c_rest = max(central + gut, 0.0) / vol
    return int_central / vol + vol / vmax * c_rest * (km + 0.5 * c_rest)


def mm_exposure_vs_dose(
    doses_mg: ArrayLike,
    volume_L: float,
    vmax_mg_per_h: float,
    km_mg_per_L: float,
    *,
    ka_per_h: float | None = None,
    bioavailability: float = 1.0,
) -> float | np.ndarray:
    """AUC(0-∞) for each of several doses under Michaelis–Menten elimination.

    * ``ka_per_h=None``: instantaneous input of ``F·dose`` (IV bolus, which is
      also the oral model in the limit ``ka → ∞``); closed form, vectorised:
      ``AUC = V/Vmax·(Km·C0 + C0²/2)`` with ``C0 = F·dose/V``.
    * ``ka_per_h`` given: first-order absorption (see :func:`mm_oral_conc_ode`),
      integrated with ``solve_ivp`` (LSODA, rtol 1e-10) until only a fraction
      1e-12 of the dose remains in the gut, ``t = ln(1e12)/ka``, after which the
      AUC of the amount left is added with the IV closed form above.

    Slow absorption keeps concentrations lower, so for a saturable drug the
    oral AUC lies between the linear value ``F·dose·Km/Vmax`` and the bolus
    value.

    Parameters
    ----------
    doses_mg : float or array_like
        Dose or doses (mg), > 0.
    volume_L, vmax_mg_per_h, km_mg_per_L : float
        Volume (L), maximum rate (mg/h), Michaelis constant (mg/L); all > 0
        (arrays broadcast with the doses in the closed-form case only).
    ka_per_h : float or None, optional
        Absorption rate constant (1/h), > 0, or ``None`` for instantaneous input.
    bioavailability : float, optional
        Fraction absorbed F in (0, 1] (default 1).

    Returns
    -------
    float or numpy.ndarray
        AUC(0-∞) in mg·h/L, one per dose.

    References
    ----------
    Wagner JG. J Pharmacokinet Biopharm 1973;1:103-121. Rowland M, Tozer TN.
    Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """
    f = fraction(bioavailability, "bioavailability", allow_zero=False)
    if ka_per_h is None:
        doses = positive(doses_mg, "doses_mg", "mg")
        vol = positive(volume_L, "volume_L", "L")
        vmax = positive(vmax_mg_per_h, "vmax_mg_per_h", "mg/h")
        km = positive(km_mg_per_L, "km_mg_per_L", "mg/L")
        doses, vol, vmax, km, f = broadcast_together(
            doses_mg=doses, volume_L=vol, vmax_mg_per_h=vmax, km_mg_per_L=km, bioavailability=f
        )
        c0 = f * doses / vol
        return scalar_or_array(vol / vmax * c0 * (km + 0.5 * c0))
    doses, vol_oral, vmax_oral, km_oral, ka, f_oral = _oral_inputs(
        doses_mg, volume_L, vmax_mg_per_h, km_mg_per_L, ka_per_h, bioavailability
    )
    if doses.ndim > 1:
        raise ValueError(f"doses_mg must be a number or a 1-D array of doses in mg; received shape {doses.shape}")
    auc = np.array(
        [_mm_oral_auc(float(d), vol_oral, vmax_oral, km_oral, ka, f_oral, 1e-10) for d in np.atleast_1d(doses)]
    )
    return scalar_or_array(auc.reshape(doses.shape))


# ---------------------------------------------------------------------------
# Mechanism-based inactivation with enzyme turnover
# ---------------------------------------------------------------------------


def _inactivation_rate(
    unbound_conc_uM: float | NDArray[np.float64],
    kinact_per_h: float | NDArray[np.float64],
    ki_uM: float | NDArray[np.float64],
) -> float | NDArray[np.float64]:
    return kinact_per_h * unbound_conc_uM / (ki_uM + unbound_conc_uM)


def mbi_steady_state_enzyme_fraction(
    unbound_conc_uM: ArrayLike, kinact_per_h: ArrayLike, ki_uM: ArrayLike, kdeg_per_h: ArrayLike
) -> float | np.ndarray:
    """Steady-state active enzyme (fraction of baseline) at a constant inhibitor level.

    Setting ``dE/dt = 0`` in the turnover model of Mayhew et al. (2000):

    .. math:: \\frac{E_{ss}}{E_0} = \\frac{k_{deg}}
              {k_{deg} + \\dfrac{k_{inact}\\,I_u}{K_I + I_u}}

    Parameters
    ----------
    unbound_conc_uM : float or array_like
        Unbound inhibitor concentration I_u (µM), >= 0.
    kinact_per_h : float or array_like
        Maximal inactivation rate constant kinact (1/h), >= 0.
    ki_uM : float or array_like
        Inhibitor concentration giving half of kinact, KI (µM), > 0.
    kdeg_per_h : float or array_like
        Enzyme degradation rate constant kdeg (1/h), > 0; for CYP3A4
        ``ln 2 / CYP3A4_DEGRADATION_HALF_LIFE_H``.

    Returns
    -------
    float or numpy.ndarray
        Fraction of baseline enzyme activity, in (0, 1].

    References
    ----------
    Mayhew BS, Jones DR, Hall SD. Drug Metab Dispos 2000;28:1031-1037.
    Galetin A et al. Drug Metab Dispos 2006;34:166-175.
    """
    i_u = non_negative(unbound_conc_uM, "unbound_conc_uM", "µM")
    kinact = non_negative(kinact_per_h, "kinact_per_h", "1/h")
    ki = positive(ki_uM, "ki_uM", "µM")
    kdeg = positive(kdeg_per_h, "kdeg_per_h", "1/h")
    i_u, kinact, ki, kdeg = broadcast_together(unbound_conc_uM=i_u, kinact_per_h=kinact, ki_uM=ki, kdeg_per_h=kdeg)
    return scalar_or_array(kdeg / (kdeg + _inactivation_rate(i_u, kinact, ki)))


def mbi_enzyme_fraction_constant_exposure(
    time_h: ArrayLike, unbound_conc_uM: float, kinact_per_h: float, ki_uM: float, kdeg_per_h: float
) -> NDArray[np.float64]:
    """Enzyme time course (fraction of baseline) under a constant inhibitor level.

    With ``I_u`` constant the turnover equation is linear in E and, from
    ``E(0) = 1``,

    .. math:: E(t) = E_{ss} + (1 - E_{ss})\\,e^{-(k_{deg} + k_{obs})t},
              \\qquad k_{obs} = \\frac{k_{inact} I_u}{K_I + I_u}.

    The approach rate ``kdeg + kobs`` shows why a new steady state takes days:
    for CYP3A4, ``kdeg ≈ 0.0096 /h`` (72 h half-life).

    Parameters
    ----------
    time_h : array_like, 1-D
        Times since the start of exposure (h), non-negative, strictly increasing.
    unbound_conc_uM : float
        Constant unbound inhibitor concentration (µM), >= 0.
    kinact_per_h : float
        Maximal inactivation rate constant (1/h), >= 0.
    ki_uM : float
        KI (µM), > 0.
    kdeg_per_h : float
        Enzyme degradation rate constant (1/h), > 0.

    Returns
    -------
    numpy.ndarray
        Fraction of baseline active enzyme at ``time_h``.

    References
    ----------
    Mayhew BS, Jones DR, Hall SD. Drug Metab Dispos 2000;28:1031-1037.
    """
    t = time_vector(time_h, "time_h", "h")
    i_u = single_number(non_negative(unbound_conc_uM, "unbound_conc_uM", "µM"), "unbound_conc_uM", "µM")
    kinact = single_number(non_negative(kinact_per_h, "kinact_per_h", "1/h"), "kinact_per_h", "1/h")
    ki = single_number(positive(ki_uM, "ki_uM", "µM"), "ki_uM", "µM")
    kdeg = single_number(positive(kdeg_per_h, "kdeg_per_h", "1/h"), "kdeg_per_h", "1/h")
    k_obs = _inactivation_rate(i_u, kinact, ki)
    e_ss = kdeg / (kdeg + k_obs)
    return e_ss + (1.0 - e_ss) * np.exp(-(kdeg + k_obs) * t)


def mbi_clearance_L_per_h(
    enzyme_fraction: ArrayLike, clearance_L_per_h: ArrayLike, fraction_metabolised: ArrayLike
) -> float | np.ndarray:
    """Clearance when part of it runs through a partly inactivated enzyme.

    Parallel-pathway model (Galetin et al. 2006):

    .. math:: CL = CL_0\\left[(1 - f_m) + f_m\\,\\frac{E}{E_0}\\right]

    Parameters
    ----------
    enzyme_fraction : float or array_like
        Active enzyme as a fraction of baseline, E/E0, in [0, 1].
    clearance_L_per_h : float or array_like
        Baseline (uninhibited) clearance CL0 (L/h), > 0.
    fraction_metabolised : float or array_like
        Fraction fm of CL0 through the inactivated enzyme, in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        Clearance (L/h).

    References
    ----------
    Galetin A, Burt H, Gibbons L, Houston JB. Drug Metab Dispos 2006;34:166-175.
    Mayhew BS, Jones DR, Hall SD. Drug Metab Dispos 2000;28:1031-1037.
    """
    e = fraction(enzyme_fraction, "enzyme_fraction")
    cl0 = positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    fm = fraction(fraction_metabolised, "fraction_metabolised")
    e, cl0, fm = broadcast_together(enzyme_fraction=e, clearance_L_per_h=cl0, fraction_metabolised=fm)
    return scalar_or_array(cl0 * ((1.0 - fm) + fm * e))


def _read_only(arr: ArrayLike) -> np.ndarray:
    arr = np.array(arr, dtype=float)
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True)
class MBIResult:
    """Outcome of :func:`mbi_repeated_dosing` (all arrays read-only).

    Attributes
    ----------
    time_h : numpy.ndarray
        Time grid (h): ``points_per_interval`` points per dosing interval plus
        the end of the last interval.
    conc_mg_per_L : numpy.ndarray
        Total plasma concentration (mg/L) on ``time_h``.
    enzyme_fraction : numpy.ndarray
        Active enzyme as a fraction of baseline on ``time_h``.
    clearance_L_per_h : numpy.ndarray
        Clearance ``CL0·[(1 - fm) + fm·E]`` (L/h) on ``time_h``.
    auc_per_interval_mg_h_per_L : numpy.ndarray
        AUC over each dosing interval (mg·h/L), integrated with the ODE; one per dose.
    trough_mg_per_L : numpy.ndarray
        Concentration at the end of each interval (pre-dose trough), one per dose.
    clearance_at_dose_L_per_h : numpy.ndarray
        Clearance just before each dose (L/h); the first entry is CL0.
    dose_times_h : numpy.ndarray
        Administration times (h).
    uninhibited_auc_tau_mg_h_per_L : float
        Linear prediction of the steady-state AUC over one interval from the
        uninhibited clearance, ``F·dose/CL0`` (mg·h/L): what a microdose plus
        linear scaling would predict.
    """

    time_h: np.ndarray
    conc_mg_per_L: np.ndarray
    enzyme_fraction: np.ndarray
    clearance_L_per_h: np.ndarray
    auc_per_interval_mg_h_per_L: np.ndarray
    trough_mg_per_L: np.ndarray
    clearance_at_dose_L_per_h: np.ndarray
    dose_times_h: np.ndarray
    uninhibited_auc_tau_mg_h_per_L: float

    @property
    def auc_ratio_to_uninhibited_ss(self) -> np.ndarray:
        """AUC of each interval divided by the uninhibited steady-state prediction.

        ``AUC_tau(interval k) / (F·dose/CL0)``.  With ``kinact = 0`` this rises
        to 1 as the drug accumulates; with auto-inactivation it climbs above 1,
        towards ``1/[(1 - fm) + fm·E_ss]``.
        """
        return self.auc_per_interval_mg_h_per_L / self.uninhibited_auc_tau_mg_h_per_L


def mbi_repeated_dosing(
    dose_mg: float,
    tau_h: float,
    n_doses: int,
    *,
    volume_L: float,
    clearance_L_per_h: float,
    ka_per_h: float,
    bioavailability: float,
    fraction_unbound: float,
    mw_g_per_mol: float,
    kinact_per_h: float,
    ki_uM: float,
    kdeg_per_h: float = CYP3A4_DEGRADATION_RATE_PER_H,
    fraction_metabolised: float = 1.0,
    points_per_interval: int = 50,
) -> MBIResult:
    """Repeated oral dosing of a drug that inactivates its own metabolising enzyme.

    Coupled system (states: gut amount A_g, central amount A_c, enzyme E/E0):

    .. math::
        \\frac{dA_g}{dt} = -k_a A_g, \\qquad
        \\frac{dA_c}{dt} = k_a A_g - CL(t)\\,C, \\qquad C = A_c/V,

        CL(t) = CL_0\\left[(1 - f_m) + f_m E(t)\\right],

        \\frac{dE}{dt} = k_{deg}(1 - E) - \\frac{k_{inact} I_u}{K_I + I_u} E,
        \\qquad I_u = f_u\\,C\\,\\frac{1000}{MW}\\;[\\mu M].

    ``F·dose`` enters the gut at ``0, tau, 2·tau, …``; each interval is
    integrated separately with LSODA (``scipy.integrate.odeint``, rtol 1e-8),
    the interval AUC as an extra state.  Assumptions: linear (first-order)
    elimination apart from the enzyme loss; inactivation driven by the systemic
    unbound plasma concentration (no hepatic-inlet or intestinal
    concentrations, no first-pass change in F); enzyme fully active (E = 1)
    before the first dose.

    Parameters
    ----------
    dose_mg : float
        Dose per administration (mg), > 0.
    tau_h : float
        Dosing interval (h), > 0.
    n_doses : int
        Number of doses, >= 1.
    volume_L : float
        Volume of distribution (L), > 0.
    clearance_L_per_h : float
        Baseline clearance CL0 with fully active enzyme (L/h), > 0.
    ka_per_h : float
        Absorption rate constant (1/h), > 0.
    bioavailability : float
        Fraction absorbed F, in (0, 1].
    fraction_unbound : float
        Fraction unbound in plasma fu, in (0, 1].
    mw_g_per_mol : float
        Molecular weight (g/mol), > 0.
    kinact_per_h : float
        Maximal inactivation rate constant (1/h), >= 0 (0 gives linear PK).
    ki_uM : float
        KI (µM), > 0.
    kdeg_per_h : float, optional
        Enzyme degradation rate constant (1/h), > 0; default
        ``ln 2 / 72 h`` for CYP3A4 (Galetin et al. 2006).
    fraction_metabolised : float, optional
        Fraction fm of CL0 through the inactivated enzyme, in [0, 1] (default 1).
    points_per_interval : int, optional
        Output points per dosing interval, >= 2 (default 50).

    Returns
    -------
    MBIResult
        Time courses and per-interval summaries; see :class:`MBIResult`.

    References
    ----------
    Mayhew BS, Jones DR, Hall SD. Drug Metab Dispos 2000;28:1031-1037.
    Galetin A, Burt H, Gibbons L, Houston JB. Drug Metab Dispos 2006;34:166-175.
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """

    def scalar_positive(value: float, name: str, unit: str) -> float:
        return single_number(positive(value, name, unit), name, unit)

    def scalar_fraction(value: float, name: str, **kw: bool) -> float:
        return single_number(fraction(value, name, **kw), name, "fraction (0-1)")

    dose = scalar_positive(dose_mg, "dose_mg", "mg")
    tau = scalar_positive(tau_h, "tau_h", "h")
    n = integer_at_least(n_doses, "n_doses", 1, "doses")
    vol = scalar_positive(volume_L, "volume_L", "L")
    cl0 = scalar_positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    ka = scalar_positive(ka_per_h, "ka_per_h", "1/h")
    f = scalar_fraction(bioavailability, "bioavailability", allow_zero=False)
    fu = scalar_fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    mw = scalar_positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    kinact = single_number(non_negative(kinact_per_h, "kinact_per_h", "1/h"), "kinact_per_h", "1/h")
    ki = scalar_positive(ki_uM, "ki_uM", "µM")
    kdeg = scalar_positive(kdeg_per_h, "kdeg_per_h", "1/h")
    fm = scalar_fraction(fraction_metabolised, "fraction_metabolised")
    ppi = integer_at_least(points_per_interval, "points_per_interval", 2, "points")

    def rhs(_t: float, y: NDArray[np.float64]) -> list[float]:
        gut, central, enzyme = y[0], y[1], y[2]
        c = central / vol
        i_u = _unbound_uM(c, fu, mw)
        cl = cl0 * ((1.0 - fm) + fm * enzyme)
        return [-ka * gut, ka * gut - cl * c, kdeg * (1.0 - enzyme) - kinact * i_u / (ki + i_u) * enzyme, c]

    rtol = 1e-8
    absorbed = f * dose
    atol = [
        _ATOL_FRACTION_OF_RTOL * rtol * absorbed,
        _ATOL_FRACTION_OF_RTOL * rtol * absorbed,
        1e-12,
        _ATOL_FRACTION_OF_RTOL * rtol * absorbed / vol * tau,
    ]
    times, gut_amt, central_amt, enzyme = [], [], [], []
    auc = np.empty(n)
    state = np.array([0.0, 0.0, 1.0, 0.0])
    for k in range(n):
        start, end = k * tau, (k + 1) * tau
        state[0] += absorbed
        state[3] = 0.0
        grid = np.linspace(start, end, ppi + 1)
        y = _lsoda_on_grid(rhs, state, grid, rtol=rtol, atol=atol)
        keep = slice(None) if k == n - 1 else slice(0, ppi)
        times.append(grid[keep])
        central_amt.append(y[1, keep])
        enzyme.append(y[2, keep])
        gut_amt.append(y[0, keep])
        state = y[:, -1].copy()
        auc[k] = state[3]
    time_arr = np.concatenate(times)
    conc = np.concatenate(central_amt) / vol
    enz = np.concatenate(enzyme)
    clearance = cl0 * ((1.0 - fm) + fm * enz)
    at_dose = np.arange(n) * ppi  # grid index of each dose time
    end_of_interval = at_dose + ppi
    return MBIResult(
        time_h=_read_only(time_arr),
        conc_mg_per_L=_read_only(conc),
        enzyme_fraction=_read_only(enz),
        clearance_L_per_h=_read_only(clearance),
        auc_per_interval_mg_h_per_L=_read_only(auc),
        trough_mg_per_L=_read_only(conc[end_of_interval]),
        clearance_at_dose_L_per_h=_read_only(clearance[at_dose]),
        dose_times_h=_read_only(np.arange(n) * tau),
        uninhibited_auc_tau_mg_h_per_L=absorbed / cl0,
    )


def mbi_exposure_ratio(result: MBIResult, interval: int = -1) -> float:
    """Observed interval AUC relative to the linear (uninhibited) steady-state prediction.

    .. math:: R_k = \\frac{AUC_{\\tau,k}}{F\\cdot\\text{dose}/CL_0}

    The denominator is what a microdose (which cannot inactivate a noticeable
    amount of enzyme) plus linear extrapolation predicts for the steady-state
    AUC over one dosing interval.  ``R > 1`` quantifies the exposure increase
    caused by auto-inactivation; with ``kinact = 0`` it tends to 1 from below
    (accumulation).  Same numbers as ``result.auc_ratio_to_uninhibited_ss``.

    Parameters
    ----------
    result : MBIResult
        Output of :func:`mbi_repeated_dosing`.
    interval : int, optional
        Index of the dosing interval (Python indexing, default -1: the last).

    Returns
    -------
    float
        Dimensionless ratio.

    References
    ----------
    Galetin A, Burt H, Gibbons L, Houston JB. Drug Metab Dispos 2006;34:166-175.
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed. 2011.
    """
    if not isinstance(result, MBIResult):
        raise TypeError(f"result must be an MBIResult from mbi_repeated_dosing; received {type(result).__name__}")
    n = result.auc_per_interval_mg_h_per_L.size
    if isinstance(interval, (bool, np.bool_)) or not isinstance(interval, (int, np.integer)):
        raise TypeError(f"interval must be an integer index (count); received {interval!r}")
    if not -n <= int(interval) < n:
        raise ValueError(f"interval must index one of the {n} dosing intervals (count); received {interval!r}")
    return float(result.auc_ratio_to_uninhibited_ss[int(interval)])


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {"dose_normalised_auc": ("microdose.nonlinear.mm_iv_bolus_auc_per_dose", mm_iv_bolus_auc_per_dose)},
)
