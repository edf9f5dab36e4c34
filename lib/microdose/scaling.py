r"""Predicting human pharmacokinetics: simple allometry and fold error.

* Simple allometry: :math:`CL = a\,W^b`, fitted by least squares on
  :math:`\ln CL = \ln a + b \ln W`. Across 91 xenobiotics whose clearance
  correlated with body weight, b was 0.74 ± 0.16 (mean ± SD; Hu & Hayton 2001).
* Fold error: :math:`\max(P/O,\;O/P)`, which is 1 for a perfect prediction;
  a prediction is "within 2-fold" when the fold error is at most 2.
* Summaries over many predictions: the geometric mean fold error
  :math:`\exp(\overline{|\ln(P/O)|})` (accuracy) and the signed average fold
  error :math:`\exp(\overline{\ln(P/O)})` (bias).

References
----------
Hu TM, Hayton WL. Allometric scaling of xenobiotic clearance: uncertainty
versus universality. AAPS PharmSci 2001;3(4):E29.
Mahmood I, Balian JD. Interspecies scaling: predicting clearance of drugs in
humans. Three different approaches. Xenobiotica 1996;26:887–895 (rule of
exponents).
Obach RS, Baxter JG, Liston TE, et al. The prediction of human pharmacokinetic
parameters from preclinical and in vitro metabolism data. J Pharmacol Exp Ther
1997;283:46–58 (fold error, average fold error).
Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
Lippincott Williams & Wilkins, 2011.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v

__all__ = [
    "AllometricFit",
    "average_fold_error",
    "fit_allometry",
    "fold_error",
    "geometric_mean_fold_error",
    "predict_clearance_L_per_h",
    "within_fold",
]


@dataclass(frozen=True)
class AllometricFit:
    """Result of :func:`fit_allometry`: coefficient ``a`` (L/h at 1 kg), exponent ``b``, R²."""

    a_L_per_h: float
    b: float
    r_squared: float


def fit_allometry(body_weight_kg: ArrayLike, clearance_L_per_h: ArrayLike) -> AllometricFit:
    r"""Fit :math:`CL = a W^b` by linear regression of ln CL on ln W.

    Parameters
    ----------
    body_weight_kg : array_like
        Body weights of the species, kg (at least 2, not all equal).
    clearance_L_per_h : array_like
        Clearances, L/h, same length.

    Returns
    -------
    AllometricFit

    References
    ----------
    Hu TM, Hayton WL. AAPS PharmSci 2001;3(4):E29.
    """
    w = v.positive(body_weight_kg, "body_weight_kg", "kg")
    cl = v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h")
    if w.ndim != 1 or w.shape != cl.shape or w.size < 2:
        raise ValueError(
            "body_weight_kg and clearance_L_per_h must be 1-D arrays of equal length >= 2; "
            f"received shapes {w.shape} and {cl.shape}"
        )
    x, y = np.log(w), np.log(cl)
    sxx = np.sum((x - x.mean()) ** 2)
    if sxx == 0:
        raise ValueError(f"body_weight_kg must not all be equal; received {w.tolist()}")
    b = np.sum((x - x.mean()) * (y - y.mean())) / sxx
    ln_a = y.mean() - b * x.mean()
    ss_res = np.sum((y - ln_a - b * x) ** 2)
    ss_tot = np.sum((y - y.mean()) ** 2)
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    return AllometricFit(float(np.exp(ln_a)), float(b), float(r2))


def predict_clearance_L_per_h(
    a_L_per_h: ArrayLike, b: ArrayLike, body_weight_kg: ArrayLike = 70.0
) -> float | np.ndarray:
    r"""Clearance predicted by :math:`CL = a W^b`, L/h.

    Parameters
    ----------
    a_L_per_h : float or array_like
        Allometric coefficient, L/h at 1 kg.
    b : float or array_like
        Allometric exponent (dimensionless, finite).
    body_weight_kg : float or array_like
        Body weight, kg (default 70 kg).

    Returns
    -------
    float or numpy.ndarray

    References
    ----------
    Hu TM, Hayton WL. AAPS PharmSci 2001;3(4):E29.
    """
    a = v.positive(a_L_per_h, "a_L_per_h", "L/h")
    e = v.finite(b, "b", "dimensionless")
    w = v.positive(body_weight_kg, "body_weight_kg", "kg")
    return v.scalar_or_array(a * w**e)


def fold_error(predicted: ArrayLike, observed: ArrayLike) -> float | np.ndarray:
    r"""Fold error :math:`\max(P/O, O/P)` (>= 1, symmetric in P and O).

    Parameters
    ----------
    predicted, observed : float or array_like
        Positive values in the same units.

    Returns
    -------
    float or numpy.ndarray

    References
    ----------
    Obach RS et al. J Pharmacol Exp Ther 1997;283:46–58 (fold-error criterion).
    """
    p = v.positive(predicted, "predicted", "same units as observed")
    o = v.positive(observed, "observed", "same units as predicted")
    return v.scalar_or_array(np.maximum(p / o, o / p))


def within_fold(predicted: ArrayLike, observed: ArrayLike, fold: float = 2.0) -> bool | NDArray[np.bool_]:
    r"""True where :math:`\max(P/O, O/P) \le` ``fold`` (default the 2-fold criterion).

    Parameters
    ----------
    predicted, observed : float or array_like
        Positive values in the same units.
    fold : float
        Acceptance factor, >= 1.

    Returns
    -------
    bool or numpy.ndarray of bool

    References
    ----------
    Obach RS et al. J Pharmacol Exp Ther 1997;283:46–58.
    """
    f = v.positive(fold, "fold", "fold (>= 1)")
    if np.any(f < 1):
        raise ValueError(f"fold must be at least 1; received {fold!r}")
    out = np.asarray(fold_error(predicted, observed)) <= f * (1 + 1e-12)
    return bool(out) if out.ndim == 0 else out


def _paired_log_ratios(predicted: ArrayLike, observed: ArrayLike) -> NDArray[np.float64]:
    """ln(P/O) for paired 1-D arrays (or single numbers) of equal length."""
    p = v.positive(predicted, "predicted", "same units as observed")
    o = v.positive(observed, "observed", "same units as predicted")
    p, o = np.atleast_1d(p), np.atleast_1d(o)
    if p.ndim != 1 or p.shape != o.shape or p.size == 0:
        raise ValueError(
            f"predicted and observed must be 1-D arrays of the same, non-zero length (one "
            f"pair per compound); received shapes {p.shape} and {o.shape}"
        )
    return np.log(p / o)


def geometric_mean_fold_error(predicted: ArrayLike, observed: ArrayLike) -> float:
    r"""Geometric mean fold error :math:`\exp\left(\frac{1}{n}\sum |\ln(P_i/O_i)|\right)` (>= 1).

    The geometric mean of the individual fold errors
    :math:`\max(P_i/O_i, O_i/P_i)`: a measure of *accuracy*. Because each
    term is an absolute value, over- and under-predictions cannot cancel;
    1 means every prediction was exact, 2 that predictions were off by a
    factor of 2 on (geometric) average. Obach et al. (1997) called the same
    number the "average fold error", written with base-10 logarithms,
    :math:`10^{\overline{|\log_{10}(P/O)|}}`; the base does not change it.

    Parameters
    ----------
    predicted, observed : array_like
        Positive values in the same units, one pair per compound.

    Returns
    -------
    float

    References
    ----------
    Obach RS, et al. J Pharmacol Exp Ther 1997;283:46–58.

    Examples
    --------
    >>> round(geometric_mean_fold_error([2.0, 0.5], [1.0, 1.0]), 6)
    2.0
    """
    return float(np.exp(np.mean(np.abs(_paired_log_ratios(predicted, observed)))))


def average_fold_error(predicted: ArrayLike, observed: ArrayLike) -> float:
    r"""Signed average fold error :math:`\exp\left(\frac{1}{n}\sum \ln(P_i/O_i)\right)`.

    A measure of *bias*: above 1 the method over-predicts on average, below
    1 it under-predicts. Over- and under-predictions cancel, so a value near
    1 does not mean the predictions were good: a 3-fold over-prediction and
    a 3-fold under-prediction average to exactly 1. Report it next to
    :func:`geometric_mean_fold_error`, never instead of it. (The name
    "average fold error" has also been used for the absolute version, e.g.
    by Obach et al. 1997: check the formula when comparing papers.)

    Parameters
    ----------
    predicted, observed : array_like
        Positive values in the same units, one pair per compound.

    Returns
    -------
    float

    References
    ----------
    Obach RS, et al. J Pharmacol Exp Ther 1997;283:46–58 (fold-error summaries).

    Examples
    --------
    >>> round(average_fold_error([3.0, 1 / 3], [1.0, 1.0]), 6)
    1.0
    """
    return float(np.exp(np.mean(_paired_log_ratios(predicted, observed))))
