r"""The IV microtracer design for absolute bioavailability.

A volunteer takes the oral therapeutic dose (unlabelled, measured by
LC-MS/MS) and, at about the time of its peak, an intravenous microdose of the
same drug labelled with ¹⁴C (measured by AMS). Both enter one body with one
clearance, so

.. math::

    F = \frac{AUC_{po} / D_{po}}{AUC_{iv} / D_{iv}}, \qquad
    CL = \frac{D_{iv}}{AUC_{iv}}, \qquad V_z = \frac{CL}{\lambda_z}, \qquad
    V_{ss} = CL \cdot MRT_{iv}

Because the tracer is given while the therapeutic dose is in the body, its
clearance is measured *at therapeutic concentrations*: the design does not
depend on the microdose being in the linear range. No IV toxicology package or
IV therapeutic formulation is needed for a microgram dose.

Units chosen so that the bioavailability needs no conversion factor: oral dose
in mg with oral concentrations in ng/mL; IV tracer dose in µg with tracer
concentrations in pg/mL (pg/µg = ng/mg = 10⁻⁶). Clearance in L/h:
:math:`CL = 1000\, D_{iv}[\mu g] / AUC_{iv}[pg\,h/mL]`.

References
----------
Lappin G, Rowland M, Garner RC. The use of isotopes in the determination of
absolute bioavailability of drugs in humans. Expert Opin Drug Metab Toxicol
2006;2:419–427.
Lappin G et al. Use of microdosing to predict pharmacokinetics at the
therapeutic dose: experience with 5 drugs. Clin Pharmacol Ther
2006;80:203–215.
Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.,
2011, ch. 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from . import units
from .nca import NCAResult, nca
from .pk import iv_bolus_conc_mg_per_L, oral_conc_mg_per_L

__all__ = [
    "MicrotracerResult",
    "absolute_bioavailability",
    "analyse_microtracer",
    "microtracer_profiles",
    "systemic_clearance_L_per_h",
    "volume_z_L",
]


def absolute_bioavailability(
    auc_oral_ng_h_per_mL: ArrayLike, dose_oral_mg: ArrayLike, auc_iv_pg_h_per_mL: ArrayLike, dose_iv_ug: ArrayLike
) -> float | np.ndarray:
    r"""Absolute oral bioavailability from a simultaneous IV microtracer.

    .. math:: F = \frac{AUC_{po}}{AUC_{iv}} \cdot \frac{D_{iv}}{D_{po}}

    With AUC_po in ng·h/mL per mg and AUC_iv in pg·h/mL per µg the two
    dose-normalised exposures are in the same unit.

    Parameters
    ----------
    auc_oral_ng_h_per_mL : float or array_like
        :math:`AUC_{0-\infty}` of the unlabelled oral dose, ng·h/mL.
    dose_oral_mg : float or array_like
        Oral dose, mg.
    auc_iv_pg_h_per_mL : float or array_like
        :math:`AUC_{0-\infty}` of the ¹⁴C IV tracer, pg·h/mL.
    dose_iv_ug : float or array_like
        IV tracer dose, µg.

    Returns
    -------
    float or numpy.ndarray
        Bioavailability F (a fraction; may exceed 1 slightly through
        measurement error, which is reported rather than hidden).

    References
    ----------
    Lappin, Rowland & Garner, Expert Opin Drug Metab Toxicol 2006;2:419.

    Examples
    --------
    >>> absolute_bioavailability(5000.0, 100.0, 10_000.0, 100.0)
    0.5
    """
    auc_po = v.positive(auc_oral_ng_h_per_mL, "auc_oral_ng_h_per_mL", "ng·h/mL")
    d_po = v.positive(dose_oral_mg, "dose_oral_mg", "mg")
    auc_iv = v.positive(auc_iv_pg_h_per_mL, "auc_iv_pg_h_per_mL", "pg·h/mL")
    d_iv = v.positive(dose_iv_ug, "dose_iv_ug", "µg")
    return v.scalar_or_array((auc_po / d_po) / (auc_iv / d_iv))


def systemic_clearance_L_per_h(dose_iv_ug: ArrayLike, auc_iv_pg_h_per_mL: ArrayLike) -> float | np.ndarray:
    r"""Systemic clearance from the IV tracer, :math:`CL = D_{iv}/AUC_{iv}`, L/h.

    µg / (pg·h/mL) = 10⁶ mL/h = 1000 L/h, so
    :math:`CL[L/h] = 1000\, D_{iv}[\mu g] / AUC_{iv}[pg\,h/mL]`.

    Parameters
    ----------
    dose_iv_ug : float or array_like
        IV tracer dose, µg.
    auc_iv_pg_h_per_mL : float or array_like
        Tracer :math:`AUC_{0-\infty}`, pg·h/mL.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.

    Examples
    --------
    >>> systemic_clearance_L_per_h(100.0, 10_000.0)
    10.0
    """
    d_iv = v.positive(dose_iv_ug, "dose_iv_ug", "µg")
    auc_iv = v.positive(auc_iv_pg_h_per_mL, "auc_iv_pg_h_per_mL", "pg·h/mL")
    # dose in mg (÷ µg per mg) over AUC in mg·h/L (÷ (pg/mL) per (mg/L)): × 10⁶ / 10³ = × 1000
    return v.scalar_or_array(units.PG_PER_ML_PER_MG_PER_L / units.UG_PER_MG * d_iv / auc_iv)


def volume_z_L(dose_iv_ug: ArrayLike, auc_iv_pg_h_per_mL: ArrayLike, lambda_z_per_h: ArrayLike) -> float | np.ndarray:
    r"""Terminal-phase volume from the IV tracer, :math:`V_z = CL/\lambda_z`, L.

    Parameters
    ----------
    dose_iv_ug : float or array_like
        IV tracer dose, µg.
    auc_iv_pg_h_per_mL : float or array_like
        Tracer :math:`AUC_{0-\infty}`, pg·h/mL.
    lambda_z_per_h : float or array_like
        Terminal rate constant, 1/h.

    References
    ----------
    Rowland & Tozer 2011, ch. 3.
    """
    lz = v.positive(lambda_z_per_h, "lambda_z_per_h", "1/h")
    return v.scalar_or_array(np.asarray(systemic_clearance_L_per_h(dose_iv_ug, auc_iv_pg_h_per_mL)) / lz)


def microtracer_profiles(
    time_h: ArrayLike,
    *,
    dose_oral_mg: float,
    dose_iv_ug: float,
    volume_L: float,
    clearance_L_per_h: float,
    ka_per_h: float,
    bioavailability: float,
    tracer_time_h: float = 0.0,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Model curves of a microtracer study: oral (ng/mL) and IV tracer (pg/mL).

    One-compartment linear model shared by both routes (see :mod:`microdose.pk`);
    the tracer is given as an IV bolus at ``tracer_time_h`` after the oral dose
    and its curve is reported as time after the oral dose (zero before the
    tracer is given).

    Parameters
    ----------
    time_h : array_like
        Times after the oral dose, h.
    dose_oral_mg : float
        Unlabelled oral dose, mg.
    dose_iv_ug : float
        ¹⁴C IV tracer dose, µg.
    volume_L, clearance_L_per_h, ka_per_h, bioavailability : float
        Shared pharmacokinetic parameters.
    tracer_time_h : float, optional
        Time of the IV tracer after the oral dose (often near the oral tmax), h.

    Returns
    -------
    tuple of numpy.ndarray
        (oral concentration in ng/mL, tracer concentration in pg/mL).

    References
    ----------
    Lappin, Rowland & Garner 2006.
    """
    t = v.non_negative(time_h, "time_h", "h")
    t_tracer = float(v.non_negative(tracer_time_h, "tracer_time_h", "h"))
    oral = (
        np.asarray(oral_conc_mg_per_L(t, dose_oral_mg, volume_L, clearance_L_per_h, ka_per_h, bioavailability))
        * units.NG_PER_ML_PER_MG_PER_L
    )
    after = t >= t_tracer
    dose_iv_mg = float(v.positive(dose_iv_ug, "dose_iv_ug", "µg")) / units.UG_PER_MG
    tracer_mg_per_L = np.asarray(
        iv_bolus_conc_mg_per_L(np.where(after, t - t_tracer, 0.0), dose_iv_mg, volume_L, clearance_L_per_h)
    )
    tracer = np.where(after, tracer_mg_per_L, 0.0) * units.PG_PER_ML_PER_MG_PER_L
    return oral, tracer


@dataclass(frozen=True)
class MicrotracerResult:
    """Results of a microtracer absolute-bioavailability analysis.

    Attributes
    ----------
    bioavailability : float
        Absolute oral bioavailability F.
    clearance_L_per_h : float
        Systemic clearance from the IV tracer.
    volume_z_L, volume_ss_L : float
        Terminal and steady-state volumes from the tracer.
    oral_clearance_over_F_L_per_h : float
        CL/F from the oral arm alone (what an oral-only study would give).
    half_life_iv_h, half_life_oral_h : float
    nca_oral, nca_iv : NCAResult
        Full NCA of each arm (oral: ng/mL and mg; tracer: pg/mL and µg).
    """

    bioavailability: float
    clearance_L_per_h: float
    volume_z_L: float
    volume_ss_L: float
    oral_clearance_over_F_L_per_h: float
    half_life_iv_h: float
    half_life_oral_h: float
    nca_oral: NCAResult
    nca_iv: NCAResult


def analyse_microtracer(
    time_oral_h: ArrayLike,
    conc_oral_ng_per_mL: ArrayLike,
    dose_oral_mg: float,
    time_iv_h: ArrayLike,
    conc_iv_pg_per_mL: ArrayLike,
    dose_iv_ug: float,
    *,
    method: str = "linear-up/log-down",
) -> MicrotracerResult:
    r"""Full NCA of both arms of a microtracer study and absolute bioavailability.

    Times of the tracer arm are *time after the tracer dose*. The oral arm is
    analysed as extravascular, the tracer as an IV bolus (C0 back-extrapolated).

    .. math::

        F = \frac{AUC_{po,\infty}/D_{po}}{AUC_{iv,\infty}/D_{iv}}, \quad
        CL = \frac{D_{iv}}{AUC_{iv,\infty}}, \quad
        V_{ss} = CL \cdot MRT_{iv}

    Parameters
    ----------
    time_oral_h, conc_oral_ng_per_mL : array_like
        Oral sampling times (h after the oral dose) and concentrations (ng/mL).
    dose_oral_mg : float
        Oral dose, mg.
    time_iv_h, conc_iv_pg_per_mL : array_like
        Tracer sampling times (h after the tracer) and concentrations (pg/mL).
    dose_iv_ug : float
        Tracer dose, µg.
    method : str, optional
        AUC method passed to :func:`microdose.nca.nca`.

    Returns
    -------
    MicrotracerResult

    References
    ----------
    Lappin, Rowland & Garner 2006; Rowland & Tozer 2011, ch. 4.
    """
    d_po = float(v.positive(dose_oral_mg, "dose_oral_mg", "mg"))
    d_iv = float(v.positive(dose_iv_ug, "dose_iv_ug", "µg"))
    # Oral arm: ng/mL is µg/L, so a dose in µg gives CL/F in L/h.
    oral = nca(time_oral_h, conc_oral_ng_per_mL, d_po * units.UG_PER_MG, route="extravascular", method=method)
    # Tracer arm: pg/mL is ng/L, so a dose in ng gives CL in L/h.
    iv = nca(time_iv_h, conc_iv_pg_per_mL, d_iv * units.NG_PER_UG, route="iv_bolus", method=method)
    f = (
        float(absolute_bioavailability(oral.auc_inf, d_po, iv.auc_inf, d_iv))
        if np.isfinite(oral.auc_inf) and np.isfinite(iv.auc_inf)
        else float("nan")
    )
    cl = iv.clearance
    return MicrotracerResult(
        bioavailability=f,
        clearance_L_per_h=cl,
        volume_z_L=iv.volume_z,
        volume_ss_L=cl * iv.mrt_h,
        oral_clearance_over_F_L_per_h=oral.clearance,
        half_life_iv_h=iv.half_life_h,
        half_life_oral_h=oral.half_life_h,
        nca_oral=oral,
        nca_iv=iv,
    )
