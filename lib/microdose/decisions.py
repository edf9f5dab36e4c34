r"""Choosing between candidates after a cassette microdose study.

A *cassette* microdose gives several candidate compounds together, each as a
microdose, and measures each one separately (by LC-MS/MS or AMS). The design
is acceptable because every compound stays far below any concentration that
could saturate an enzyme, transporter or binding site: the worst-case unbound
concentration (whole dose dissolved at once in the volume of distribution) is
compared with the lowest relevant constant (:math:`K_m`, :math:`K_i`, :math:`K_d`).

This module supplies the pieces of that argument and of the ranking that
follows it:

* worst-case unbound concentration :math:`C_{u,max} = f_u\,D/V` (in nM),
* the fraction of a saturable process taken, :math:`C/(C + K_m)`,
* dose-normalised exposure :math:`AUC/D` and bioavailability
  :math:`F = (AUC_{po}/D_{po}) / (AUC_{iv}/D_{iv})`,
* ranking of candidates on any metric,
* a transparent go/no-go decision tree from Phase 0 data to Phase I that
  returns, for each candidate, the path taken and the verdict.

References
----------
Lappin G, Garner RC. Big physics, small doses: the use of AMS and PET in human
microdosing of development drugs. Nat Rev Drug Discov 2003;2:233–240.
Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
Lippincott Williams & Wilkins, 2011 (ch. 3, 5, 11).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from . import units
from ._deprecation import deprecated_names

__all__ = [
    "Decision",
    "auc_over_dose",
    "auc_to_bioavailability",
    "decide_all",
    "fraction_of_capacity_used",
    "phase0_decision",
    "rank_candidates",
    "worst_case_unbound_conc_nM",
]


def worst_case_unbound_conc_nM(
    dose_mg: ArrayLike, volume_L: ArrayLike, fraction_unbound: ArrayLike, mw_g_per_mol: ArrayLike
) -> float | np.ndarray:
    r"""Upper bound of the unbound plasma concentration after one dose, nM.

    The whole dose is assumed to be in the body at once and dissolved in the
    volume of distribution (no elimination during absorption, F = 1):

    .. math:: C_{u,max} = f_u \frac{D}{V} \frac{10^6}{MW}

    (mg/L ÷ g/mol × 10⁶ = nM).

    Parameters
    ----------
    dose_mg : float or array_like
        Dose, mg (a 100 µg microdose is 0.1 mg).
    volume_L : float or array_like
        Volume of distribution, L.
    fraction_unbound : float or array_like
        Fraction unbound in plasma, (0, 1].
    mw_g_per_mol : float or array_like
        Molecular weight, g/mol.

    Returns
    -------
    float or numpy.ndarray
        Worst-case unbound concentration, nM.

    References
    ----------
    Rowland & Tozer 2011, ch. 3 (C0 = D/V) and ch. 5 (unbound concentration).

    Examples
    --------
    >>> round(worst_case_unbound_conc_nM(0.1, 50.0, 0.1, 400.0), 6)
    0.5
    """
    dose = v.non_negative(dose_mg, "dose_mg", "mg")
    vol = v.positive(volume_L, "volume_L", "L")
    fu = v.fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    mw = v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    return v.scalar_or_array(fu * dose / vol / mw * units.NM_PER_MM)  # mg/L ÷ g/mol = mmol/L


def fraction_of_capacity_used(conc_nM: ArrayLike, km_nM: ArrayLike) -> float | np.ndarray:
    r"""Fraction of a saturable process (enzyme, transporter, site) taken by a drug.

    .. math:: \frac{C}{C + K_m}

    Below about 0.1 the process is effectively unsaturated and the
    kinetics are linear; a second compound at a similar concentration cannot
    compete noticeably for the same process.

    Parameters
    ----------
    conc_nM : float or array_like
        Unbound concentration at the process, nM (>= 0).
    km_nM : float or array_like
        Michaelis constant (or K_i, K_d), nM (> 0).

    Returns
    -------
    float or numpy.ndarray
        Fraction in [0, 1).

    References
    ----------
    Rowland & Tozer 2011, ch. 20 (Michaelis–Menten kinetics).

    Examples
    --------
    >>> fraction_of_capacity_used(1.0, 999.0)
    0.001
    """
    c = v.non_negative(conc_nM, "conc_nM", "nM")
    km = v.positive(km_nM, "km_nM", "nM")
    return v.scalar_or_array(c / (c + km))


def auc_over_dose(auc: ArrayLike, dose: ArrayLike) -> float | np.ndarray:
    r"""Exposure per unit dose, AUC/D (equal to F/CL for linear kinetics).

    .. math:: \frac{AUC}{D} = \frac{F}{CL}

    Parameters
    ----------
    auc : float or array_like
        Area under the curve, concentration·h (any consistent units).
    dose : float or array_like
        Dose in the amount units of the concentration (e.g. µg with µg/L).

    Returns
    -------
    float or numpy.ndarray
        AUC/D, h/L when AUC is in µg·h/L and D in µg.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.

    Examples
    --------
    >>> auc_over_dose(2.0, 100.0)
    0.02
    """
    a = v.non_negative(auc, "auc", "concentration·h")
    d = v.positive(dose, "dose", "amount units")
    return v.scalar_or_array(a / d)


def auc_to_bioavailability(
    auc_oral: ArrayLike, dose_oral: ArrayLike, auc_iv: ArrayLike, dose_iv: ArrayLike
) -> float | np.ndarray:
    r"""Absolute oral bioavailability from dose-normalised AUCs.

    .. math:: F = \frac{AUC_{po}/D_{po}}{AUC_{iv}/D_{iv}}

    Both AUCs and both doses must be in the same units. The result is not
    clipped: a value above 1 signals an analytical or design problem.

    Parameters
    ----------
    auc_oral, auc_iv : float or array_like
        AUC(0–∞) after the oral and the intravenous dose, concentration·h.
    dose_oral, dose_iv : float or array_like
        Oral and intravenous doses, amount units.

    Returns
    -------
    float or numpy.ndarray
        F as a fraction.

    References
    ----------
    Rowland & Tozer 2011, ch. 5.

    Examples
    --------
    >>> auc_to_bioavailability(1.0, 100.0, 4.0, 100.0)
    0.25
    """
    po = np.asarray(auc_over_dose(auc_oral, dose_oral))
    a_iv = v.positive(auc_iv, "auc_iv", "concentration·h")
    iv = np.asarray(auc_over_dose(a_iv, dose_iv))
    return v.scalar_or_array(po / iv)


def rank_candidates(values: ArrayLike, *, higher_is_better: bool = True) -> NDArray[np.int_]:
    r"""Rank (1 = best) of each candidate on one metric; NaN ranks last.

    Ties receive the same (lowest) rank ("competition" ranking: 1, 2, 2, 4).

    Parameters
    ----------
    values : array_like
        One number per candidate (e.g. AUC/D, F, t½); NaN means not measured.
    higher_is_better : bool
        True when a larger value is preferable (exposure, F, half-life for
        once-daily dosing); False for e.g. a projected dose.

    Returns
    -------
    numpy.ndarray of int
        Rank of each candidate, same order as ``values``.

    References
    ----------
    Lappin & Garner 2003 (ranking candidates on human Phase 0 PK).

    Examples
    --------
    >>> rank_candidates([0.2, 0.9, 0.5]).tolist()
    [3, 1, 2]
    """
    higher_is_better = v.boolean(higher_is_better, "higher_is_better")
    arr = v.as_float_array(values, "values", "metric units")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"values must be a non-empty one-dimensional array; received shape {arr.shape}")
    key = arr if higher_is_better else -arr
    key = np.where(np.isnan(key), -np.inf, key)
    # rank = 1 + number of candidates strictly better
    ranks = 1 + np.sum(key[None, :] > key[:, None], axis=1)
    nan = np.isnan(arr)
    ranks[nan] = arr.size - nan.sum() + 1
    return ranks.astype(int)


@dataclass(frozen=True)
class Decision:
    """Outcome of :func:`phase0_decision` for one candidate.

    Attributes
    ----------
    name : str
    go : bool
        True when the candidate may proceed to Phase I.
    verdict : str
        ``"GO"`` or ``"NO-GO"`` followed by the reason.
    path : tuple of str
        The questions asked, in order, each with its answer.
    """

    name: str
    go: bool
    verdict: str
    path: tuple[str, ...]


def phase0_decision(
    name: str,
    *,
    half_life_h: float,
    bioavailability: float,
    projected_dose_mg: float,
    min_bioavailability: float = 0.1,
    min_half_life_h: float = 4.0,
    max_dose_mg: float = 200.0,
) -> Decision:
    r"""Walk one candidate through a go/no-go tree from Phase 0 data to Phase I.

    The questions are asked in this order and the first "no" stops the walk:

    1. Was a terminal half-life measured (finite, not NaN)? If not:
       NO-GO, repeat with longer sampling or a more sensitive assay.
    2. Is the oral bioavailability at least ``min_bioavailability``? A lower
       F means most of the dose is wasted and exposure varies widely.
    3. Is the half-life at least ``min_half_life_h``? Shorter half-lives make
       once-daily dosing swing too far between peak and trough.
    4. Does the projected once-daily dose (e.g. from
       :func:`microdose.projection.dose_for_trough_occupancy_mg`) fit in
       ``max_dose_mg``? If yes: GO to Phase I.

    Parameters
    ----------
    name : str
        Candidate's name.
    half_life_h : float
        Terminal half-life from Phase 0, h (NaN when it could not be estimated).
    bioavailability : float
        Absolute oral bioavailability, fraction (NaN when there was no IV arm;
        the question is then answered "not measured" and passed).
    projected_dose_mg : float
        Projected dose per administration, mg (> 0).
    min_bioavailability : float
        Smallest acceptable F, fraction (default 0.1).
    min_half_life_h : float
        Shortest acceptable half-life, h (default 4 h).
    max_dose_mg : float
        Largest acceptable dose per administration (tablet limit), mg.

    Returns
    -------
    Decision

    References
    ----------
    Lappin G, Garner RC. Nat Rev Drug Discov 2003;2:233–240; the thresholds
    are course choices, not regulatory values.

    Examples
    --------
    >>> phase0_decision("A", half_life_h=8.0, bioavailability=0.5, projected_dose_mg=50.0).verdict
    'GO: projected dose 50 mg fits within 200 mg'
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string; received {name!r}")
    t_half_arr = v.as_float_array(half_life_h, "half_life_h", "h")
    f_arr = v.as_float_array(bioavailability, "bioavailability", "fraction (0-1)")
    if t_half_arr.ndim or f_arr.ndim:
        raise ValueError(
            "half_life_h and bioavailability must be single numbers for one candidate; "
            f"received shapes {t_half_arr.shape} and {f_arr.shape}"
        )
    t_half, f = float(t_half_arr), float(f_arr)
    if not (math.isnan(t_half) or (math.isfinite(t_half) and t_half > 0)):
        raise ValueError(f"half_life_h must be a positive number in h or NaN; received {half_life_h!r}")
    if not (math.isnan(f) or (0 <= f <= 1)):
        raise ValueError(
            f"bioavailability must be a fraction in [0, 1] or NaN (not a percentage); received {bioavailability!r}"
        )
    dose = float(v.positive(projected_dose_mg, "projected_dose_mg", "mg"))
    f_min = float(v.fraction(min_bioavailability, "min_bioavailability"))
    t_min = float(v.positive(min_half_life_h, "min_half_life_h", "h"))
    d_max = float(v.positive(max_dose_mg, "max_dose_mg", "mg"))

    path = []
    if math.isnan(t_half):
        path.append("half-life measured? no")
        return Decision(name, False, "NO-GO: no terminal phase; repeat with longer sampling", tuple(path))
    path.append("half-life measured? yes")
    if math.isnan(f):
        path.append(f"F >= {f_min:.2f}? not measured (no IV arm)")
    elif f < f_min:
        path.append(f"F >= {f_min:.2f}? no (F = {f:.2f})")
        return Decision(name, False, f"NO-GO: bioavailability {f:.2f} below {f_min:.2f}", tuple(path))
    else:
        path.append(f"F >= {f_min:.2f}? yes (F = {f:.2f})")
    if t_half < t_min:
        path.append(f"t1/2 >= {t_min:g} h? no (t1/2 = {t_half:.1f} h)")
        return Decision(name, False, f"NO-GO: half-life {t_half:.1f} h too short for once daily", tuple(path))
    path.append(f"t1/2 >= {t_min:g} h? yes (t1/2 = {t_half:.1f} h)")
    if dose > d_max:
        path.append(f"dose <= {d_max:.0f} mg? no ({dose:.0f} mg)")
        return Decision(name, False, f"NO-GO: projected dose {dose:.0f} mg exceeds {d_max:.0f} mg", tuple(path))
    path.append(f"dose <= {d_max:.0f} mg? yes ({dose:.0f} mg)")
    return Decision(name, True, f"GO: projected dose {dose:.0f} mg fits within {d_max:.0f} mg", tuple(path))


def decide_all(
    names: Sequence[str],
    *,
    half_life_h: ArrayLike,
    bioavailability: ArrayLike,
    projected_dose_mg: ArrayLike,
    **thresholds: float,
) -> list[Decision]:
    r"""Apply :func:`phase0_decision` to every candidate of a cassette.

    Parameters
    ----------
    names : sequence of str
        Candidate names.
    half_life_h, bioavailability, projected_dose_mg : array_like
        One value per candidate (see :func:`phase0_decision`; NaN allowed for
        the first two). The projected dose may be NaN only where the half-life
        is NaN (the walk then stops before the dose question).
    **thresholds
        ``min_bioavailability``, ``min_half_life_h``, ``max_dose_mg``.

    Returns
    -------
    list of Decision

    References
    ----------
    As :func:`phase0_decision`.
    """
    if isinstance(names, str) or not hasattr(names, "__len__"):
        raise TypeError(f"names must be a sequence of strings; received {names!r}")
    n = len(names)
    t = v.as_float_array(half_life_h, "half_life_h", "h").reshape(-1)
    f = v.as_float_array(bioavailability, "bioavailability", "fraction (0-1)").reshape(-1)
    d = v.as_float_array(projected_dose_mg, "projected_dose_mg", "mg").reshape(-1)
    for label, arr in (("half_life_h", t), ("bioavailability", f), ("projected_dose_mg", d)):
        if arr.size != n:
            raise ValueError(f"{label} must have one value per name ({n}); received {arr.size}")
    out = []
    for i in range(n):
        dose_i = 1.0 if np.isnan(t[i]) else d[i]  # dose question never reached without t1/2
        out.append(
            phase0_decision(names[i], half_life_h=t[i], bioavailability=f[i], projected_dose_mg=dose_i, **thresholds)
        )
    return out


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "dose_normalised_auc": ("microdose.decisions.auc_over_dose", auc_over_dose),
        "bioavailability_from_auc": ("microdose.decisions.auc_to_bioavailability", auc_to_bioavailability),
    },
)
