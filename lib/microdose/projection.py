r"""From Phase 0 data to a go/no-go decision: dose projection.

Given human pharmacokinetics measured in a microdose study (half-life, volume,
clearance, bioavailability) and in-vitro pharmacology (fraction unbound,
:math:`K_d`), project the daily dose that keeps a target receptor occupancy at
the *trough* of a once-daily (or every-``tau_h``) regimen at steady state,
assuming the linear kinetics a microdose can only vouch for:

.. math::

    C_{u,trough} = K_d \frac{\theta}{1-\theta}, \qquad
    C_{trough} = \frac{C_{u,trough}}{f_u}, \qquad
    D = \frac{C_{trough}}{C_{min,ss}(D = 1)}

where :math:`C_{min,ss}(D=1)` is the steady-state trough per unit dose
(:func:`microdose.pk.steady_state`). With rapid absorption (``ka_per_h=None``)

.. math:: D = \frac{C_{trough}\, V\, (1 - e^{-k\tau})}{F\, e^{-k\tau}} .

Because everything is linear, the dose for 80 % occupancy is exactly
:math:`\frac{0.8/0.2}{0.5/0.5} = 4` times the dose for 50 %.

Units: doses mg, volume L, times h, clearance L/h, :math:`K_d` nM, molecular
weight g/mol; occupancy, fraction unbound and bioavailability are fractions.

References
----------
Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.,
2011, ch. 11 (multiple dosing).
Lappin G, Garner RC. Big physics, small doses: the use of AMS and PET in human
microdosing of development drugs. Nat Rev Drug Discov 2003;2:233–240.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from . import units
from .occupancy import unbound_conc_for_occupancy_nM
from .pk import steady_state

__all__ = [
    "GoNoGo",
    "dose_for_trough_occupancy_mg",
    "go_no_go",
    "trough_conc_per_mg_dose",
    "trough_occupancy",
]


def _k_per_h(
    volume_L: ArrayLike, half_life_h: ArrayLike | None, clearance_L_per_h: ArrayLike | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Elimination rate constant from exactly one of half-life or clearance."""
    vol = v.positive(volume_L, "volume_L", "L")
    if (half_life_h is None) == (clearance_L_per_h is None):
        raise ValueError(
            "give exactly one of half_life_h (h) or clearance_L_per_h (L/h); "
            f"received half_life_h={half_life_h!r}, clearance_L_per_h={clearance_L_per_h!r}"
        )
    if half_life_h is not None:
        return vol, math.log(2.0) / v.positive(half_life_h, "half_life_h", "h")
    return vol, v.positive(clearance_L_per_h, "clearance_L_per_h", "L/h") / vol


def trough_conc_per_mg_dose(
    *,
    volume_L: ArrayLike,
    tau_h: ArrayLike,
    bioavailability: ArrayLike,
    half_life_h: ArrayLike | None = None,
    clearance_L_per_h: ArrayLike | None = None,
    ka_per_h: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Steady-state trough concentration produced by 1 mg per dose, mg/L per mg.

    .. math:: \frac{C_{min,ss}}{D} = \frac{F}{V}\frac{e^{-k\tau}}{1-e^{-k\tau}}
       \quad\text{(rapid absorption)}

    Parameters
    ----------
    volume_L : float or array_like
        Volume of distribution, L.
    tau_h : float or array_like
        Dosing interval, h.
    bioavailability : float or array_like
        Oral bioavailability, 0–1.
    half_life_h, clearance_L_per_h : float or array_like
        Give exactly one (CL = ln2·V/t½).
    ka_per_h : float or array_like, optional
        Absorption rate constant, 1/h; None means absorption is fast enough to
        treat the dose as a bolus.

    References
    ----------
    Rowland & Tozer 2011, ch. 11.
    """
    vol, k = _k_per_h(volume_L, half_life_h, clearance_L_per_h)
    f = v.fraction(bioavailability, "bioavailability", allow_zero=False)
    tau = v.positive(tau_h, "tau_h", "h")
    ss = steady_state(1.0, tau, vol, k * vol, ka_per_h=ka_per_h, bioavailability=f)
    trough = np.asarray(ss.cmin_mg_per_L)
    if ka_per_h is None:
        trough = f * trough  # the IV-bolus formula has F = 1
    return v.scalar_or_array(trough)


def dose_for_trough_occupancy_mg(
    target_occupancy: ArrayLike,
    *,
    kd_nM: ArrayLike,
    fraction_unbound: ArrayLike,
    mw_g_per_mol: ArrayLike,
    volume_L: ArrayLike,
    tau_h: ArrayLike,
    bioavailability: ArrayLike,
    half_life_h: ArrayLike | None = None,
    clearance_L_per_h: ArrayLike | None = None,
    ka_per_h: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Dose per interval that keeps the target occupancy at the steady-state trough.

    .. math::

        D = \frac{K_d\,\theta/(1-\theta)\; /\; f_u \;\times MW \times 10^{-6}}
                 {C_{min,ss}/D}

    (nM × g/mol × 10⁻⁶ = mg/L).

    Parameters
    ----------
    target_occupancy : float or array_like
        Occupancy to hold at trough, fraction in [0, 1).
    kd_nM : float or array_like
        Dissociation constant, nM.
    fraction_unbound : float or array_like
        Fraction unbound in plasma, (0, 1].
    mw_g_per_mol : float or array_like
        Molecular weight, g/mol.
    volume_L, tau_h, bioavailability, half_life_h, clearance_L_per_h, ka_per_h
        As in :func:`trough_conc_per_mg_dose`.

    Returns
    -------
    float or numpy.ndarray
        Dose per administration, mg.

    References
    ----------
    Rowland & Tozer 2011, ch. 11; Hulme & Trevethick, Br J Pharmacol
    2010;161:1219 (occupancy).
    """
    cu_nM = unbound_conc_for_occupancy_nM(target_occupancy, kd_nM)
    fu = v.fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    mw = v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    total_trough_mg_per_L = np.asarray(cu_nM) / fu * mw / units.NG_PER_MG  # nmol/L × g/mol = ng/L
    per_mg = trough_conc_per_mg_dose(
        volume_L=volume_L,
        tau_h=tau_h,
        bioavailability=bioavailability,
        half_life_h=half_life_h,
        clearance_L_per_h=clearance_L_per_h,
        ka_per_h=ka_per_h,
    )
    return v.scalar_or_array(total_trough_mg_per_L / np.asarray(per_mg))


def trough_occupancy(
    dose_mg: ArrayLike,
    *,
    kd_nM: ArrayLike,
    fraction_unbound: ArrayLike,
    mw_g_per_mol: ArrayLike,
    volume_L: ArrayLike,
    tau_h: ArrayLike,
    bioavailability: ArrayLike,
    half_life_h: ArrayLike | None = None,
    clearance_L_per_h: ArrayLike | None = None,
    ka_per_h: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Occupancy at the steady-state trough for a given dose (inverse of the projection).

    .. math:: \theta_{trough} = \frac{f_u C_{min,ss}}{f_u C_{min,ss} + K_d}

    Parameters
    ----------
    dose_mg : float or array_like
        Dose per administration, mg.
    Other parameters
        As in :func:`dose_for_trough_occupancy_mg`.

    Returns
    -------
    float or numpy.ndarray
        Trough occupancy, fraction.

    References
    ----------
    Rowland & Tozer 2011, ch. 11; Hulme & Trevethick 2010.
    """
    dose = v.non_negative(dose_mg, "dose_mg", "mg")
    kd = v.positive(kd_nM, "kd_nM", "nM")
    fu = v.fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    mw = v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    per_mg = np.asarray(
        trough_conc_per_mg_dose(
            volume_L=volume_L,
            tau_h=tau_h,
            bioavailability=bioavailability,
            half_life_h=half_life_h,
            clearance_L_per_h=clearance_L_per_h,
            ka_per_h=ka_per_h,
        )
    )
    cu_nM = fu * dose * per_mg / mw * units.NM_PER_MM  # mg/L ÷ g/mol = mmol/L
    return v.scalar_or_array(cu_nM / (cu_nM + kd))


@dataclass(frozen=True)
class GoNoGo:
    """A go/no-go verdict on a projected dose.

    Attributes
    ----------
    go : bool
        True when the projected dose fits in the largest feasible tablet.
    required_dose_mg, max_tablet_mg : float
    tablets_needed : int
        Whole tablets of the maximum strength needed per dose.
    message : str
        One-sentence verdict.
    alternatives : tuple of str
        Options when the answer is no-go.
    """

    go: bool
    required_dose_mg: float
    max_tablet_mg: float
    tablets_needed: int
    message: str
    alternatives: tuple[str, ...]


_ALTERNATIVES = (
    "develop a modified-release formulation that flattens the profile and lifts the trough",
    "dose more often (e.g. twice daily) if patients can accept it",
    "move to a backup compound with a longer half-life or higher potency",
    "accept a lower target occupancy if the pharmacology allows it",
)


def go_no_go(required_dose_mg: float, max_tablet_mg: float) -> GoNoGo:
    """Compare a projected dose with the largest tablet that can be made.

    Parameters
    ----------
    required_dose_mg : float
        Projected dose per administration, mg.
    max_tablet_mg : float
        Largest feasible tablet strength, mg (manufacturing constraint).

    Returns
    -------
    GoNoGo

    References
    ----------
    Lappin G, Garner RC. Nat Rev Drug Discov 2003;2:233–240 (Phase 0 data in
    early go/no-go decisions).

    Examples
    --------
    >>> go_no_go(91.0, 200.0).go
    True
    >>> go_no_go(363.0, 200.0).go
    False
    """
    dose = float(v.positive(required_dose_mg, "required_dose_mg", "mg"))
    tablet = float(v.positive(max_tablet_mg, "max_tablet_mg", "mg"))
    go = dose <= tablet
    tablets = math.ceil(dose / tablet - 1e-12)
    if go:
        message = (
            f"GO: {dose:.0f} mg fits in one tablet of at most {tablet:.0f} mg "
            f"({100 * dose / tablet:.0f} % of the limit)."
        )
        alternatives: tuple[str, ...] = ()
    else:
        message = (
            f"NO-GO as planned: {dose:.0f} mg exceeds the {tablet:.0f} mg tablet limit "
            f"({dose / tablet:.1f}×; {tablets} tablets per dose)."
        )
        alternatives = _ALTERNATIVES
    return GoNoGo(
        go=go,
        required_dose_mg=dose,
        max_tablet_mg=tablet,
        tablets_needed=tablets,
        message=message,
        alternatives=alternatives,
    )
