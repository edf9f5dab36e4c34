r"""PET in the brain: tracer doses, brain exposure and receptor occupancy.

Three relations link a plasma concentration to what a PET scan sees:

* **Brain exposure.** The unbound brain concentration is the unbound plasma
  concentration scaled by the unbound brain-to-plasma ratio,
  :math:`C_{u,brain} = K_{p,uu}\,C_{u,plasma}` (Hammarlund-Udenaes et al.
  2008); the CSF concentration over the unbound plasma concentration is a
  common surrogate for :math:`K_{p,uu}`.
* **Tracer condition.** A radioligand given at tracer dose should occupy only a
  negligible share of its target; the usual convention is at most 5 %, i.e.
  :math:`C_{u,brain} \le K_d\,\theta_{max}/(1-\theta_{max})` with
  :math:`\theta_{max} = 0.05`.
* **Occupancy by a drug.** From binding potentials measured without and with
  the drug (Innis et al. 2007),
  :math:`Occ = (BP_{ND,baseline} - BP_{ND,drug})/BP_{ND,baseline}`, and the
  occupancies of several scans are fitted against plasma concentration with
  :math:`Occ = Occ_{max}\,C/(EC_{50} + C)`.

Units: concentrations in nM (``_nM``), masses in µg (``_ug``), volumes in L,
molecular weight in g/mol; occupancies, fractions unbound and ratios are
dimensionless fractions (not percentages).

References
----------
Innis RB, Cunningham VJ, Delforge J, et al. Consensus nomenclature for in vivo
imaging of reversibly binding radioligands. J Cereb Blood Flow Metab
2007;27:1533–1539.
Hammarlund-Udenaes M, Fridén M, Syvänen S, Gupta A. On the rate and extent of
drug delivery to the brain. Pharm Res 2008;25:1737–1750.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from . import units
from ._deprecation import deprecated_names

__all__ = [
    "TRACER_MAX_OCCUPANCY",
    "OccupancyFit",
    "binding_potential_to_occupancy",
    "csf_to_kp_uu",
    "fit_occupancy_curve",
    "max_tracer_mass_ug",
    "occupancy_emax",
    "peak_conc_nM_per_ug",
    "tracer_occupancy",
    "unbound_brain_conc_nM",
]

#: Conventional upper bound of target occupancy by a tracer dose (5 %); a tracer dose occupies a negligible
#: fraction of the target (Innis RB et al., J Cereb Blood Flow Metab 2007;27:1533-1539).
TRACER_MAX_OCCUPANCY = 0.05


def unbound_brain_conc_nM(unbound_plasma_conc_nM: ArrayLike, kp_uu: ArrayLike) -> float | np.ndarray:
    r"""Unbound brain concentration from the unbound plasma concentration.

    .. math:: C_{u,brain} = K_{p,uu}\,C_{u,plasma}

    Parameters
    ----------
    unbound_plasma_conc_nM : float or array_like
        Unbound plasma concentration, nM (≥ 0).
    kp_uu : float or array_like
        Unbound brain-to-plasma concentration ratio (> 0; 1 for passive
        diffusion, < 1 with efflux, > 1 with active influx).

    Returns
    -------
    float or numpy.ndarray
        Unbound brain concentration, nM.

    References
    ----------
    Hammarlund-Udenaes et al., Pharm Res 2008;25:1737–1750.

    Examples
    --------
    >>> unbound_brain_conc_nM(10.0, 0.2)
    2.0
    """
    cu = v.non_negative(unbound_plasma_conc_nM, "unbound_plasma_conc_nM", "nM")
    kp = v.positive(kp_uu, "kp_uu", "dimensionless ratio")
    return v.scalar_or_array(kp * cu)


def csf_to_kp_uu(csf_conc_nM: ArrayLike, unbound_plasma_conc_nM: ArrayLike) -> float | np.ndarray:
    r"""CSF-to-unbound-plasma ratio, a surrogate for :math:`K_{p,uu}`.

    .. math:: K_{p,uu} \approx \frac{C_{CSF}}{C_{u,plasma}}

    CSF contains little protein, so its concentration approximates the unbound
    concentration on the brain side of the barrier; the surrogate is imperfect
    for drugs that are substrates of efflux transporters at the blood–brain
    barrier.

    Parameters
    ----------
    csf_conc_nM : float or array_like
        Concentration in cerebrospinal fluid, nM (≥ 0).
    unbound_plasma_conc_nM : float or array_like
        Unbound plasma concentration at the same time (or steady state), nM (> 0).

    Returns
    -------
    float or numpy.ndarray
        Estimated :math:`K_{p,uu}` (dimensionless).

    References
    ----------
    Hammarlund-Udenaes et al., Pharm Res 2008;25:1737–1750.

    Examples
    --------
    >>> csf_to_kp_uu(0.5, 2.0)
    0.25
    """
    csf = v.non_negative(csf_conc_nM, "csf_conc_nM", "nM")
    cu = v.positive(unbound_plasma_conc_nM, "unbound_plasma_conc_nM", "nM")
    return v.scalar_or_array(csf / cu)


def peak_conc_nM_per_ug(volume_L: ArrayLike, mw_g_per_mol: ArrayLike) -> float | np.ndarray:
    r"""Initial plasma concentration per µg injected as an intravenous bolus, nM/µg.

    .. math:: \frac{C_0}{D} = \frac{1}{V} \cdot \frac{1000}{MW}

    because 1 µg in V litres is 1/V µg/L = 1/V ng/mL, and 1 ng/mL is
    1000/MW nM.

    Parameters
    ----------
    volume_L : float or array_like
        Initial (central) volume of distribution, L (> 0).
    mw_g_per_mol : float or array_like
        Molecular weight, g/mol (> 0).

    Returns
    -------
    float or numpy.ndarray
        Peak total plasma concentration per µg of dose, nM per µg.

    References
    ----------
    Rowland M, Tozer TN. Clinical Pharmacokinetics and Pharmacodynamics, 4th ed.
    Lippincott Williams & Wilkins, 2011 (volume of distribution).

    Examples
    --------
    >>> peak_conc_nM_per_ug(5.0, 400.0)
    0.5
    """
    vol = v.positive(volume_L, "volume_L", "L")
    mw = v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    return v.scalar_or_array(units.NM_PER_UM / (vol * mw))  # µg/L ÷ g/mol = µmol/L


def _brain_cu_per_ug(
    kp_uu: ArrayLike, fraction_unbound: ArrayLike, peak_plasma_nM_per_ug: ArrayLike
) -> NDArray[np.float64]:
    kp = v.positive(kp_uu, "kp_uu", "dimensionless ratio")
    fu = v.fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    per_ug = v.positive(peak_plasma_nM_per_ug, "peak_plasma_nM_per_ug", "nM per µg")
    return kp * fu * per_ug


def tracer_occupancy(
    mass_ug: ArrayLike,
    kd_nM: ArrayLike,
    *,
    kp_uu: ArrayLike,
    fraction_unbound: ArrayLike,
    peak_plasma_nM_per_ug: ArrayLike,
) -> float | np.ndarray:
    r"""Peak target occupancy produced by an injected mass of tracer.

    .. math::

        C_{u,brain} = K_{p,uu}\, f_u\, \frac{C_0}{D}\, m, \qquad
        \theta = \frac{C_{u,brain}}{C_{u,brain} + K_d}

    assuming linear kinetics and that the unbound brain concentration follows
    the peak unbound plasma concentration (an upper bound for a bolus).

    Parameters
    ----------
    mass_ug : float or array_like
        Injected mass of tracer (labelled plus unlabelled), µg (≥ 0).
    kd_nM : float or array_like
        Equilibrium dissociation constant of the tracer at its target, nM (> 0).
    kp_uu : float or array_like
        Unbound brain-to-plasma ratio (> 0).
    fraction_unbound : float or array_like
        Fraction unbound in plasma, in (0, 1].
    peak_plasma_nM_per_ug : float or array_like
        Peak total plasma concentration per µg injected, nM/µg
        (see :func:`peak_conc_nM_per_ug`).

    Returns
    -------
    float or numpy.ndarray
        Occupancy as a fraction in [0, 1).

    References
    ----------
    Innis et al., J Cereb Blood Flow Metab 2007;27:1533–1539 (tracer
    conditions); Hammarlund-Udenaes et al., Pharm Res 2008;25:1737–1750.

    Examples
    --------
    >>> round(tracer_occupancy(10.0, 1.0, kp_uu=1.0, fraction_unbound=0.1,
    ...                        peak_plasma_nM_per_ug=0.5), 4)    # C_u,brain = 0.5 nM
    0.3333
    """
    mass = v.non_negative(mass_ug, "mass_ug", "µg")
    kd = v.positive(kd_nM, "kd_nM", "nM")
    cu_brain = mass * _brain_cu_per_ug(kp_uu, fraction_unbound, peak_plasma_nM_per_ug)
    return v.scalar_or_array(cu_brain / (cu_brain + kd))


def max_tracer_mass_ug(
    kd_nM: ArrayLike,
    *,
    kp_uu: ArrayLike,
    fraction_unbound: ArrayLike,
    peak_plasma_nM_per_ug: ArrayLike,
    max_occupancy: float = TRACER_MAX_OCCUPANCY,
) -> float | np.ndarray:
    r"""Largest injected tracer mass that keeps target occupancy at or below a bound.

    .. math::

        m_{max} = \frac{K_d\,\theta_{max}/(1-\theta_{max})}
                       {K_{p,uu}\, f_u\, C_0/D}

    the inverse of :func:`tracer_occupancy`; with the conventional
    :math:`\theta_{max}` = 0.05 the unbound brain concentration may reach
    K_d/19.

    Parameters
    ----------
    kd_nM : float or array_like
        Equilibrium dissociation constant of the tracer, nM (> 0).
    kp_uu : float or array_like
        Unbound brain-to-plasma ratio (> 0).
    fraction_unbound : float or array_like
        Fraction unbound in plasma, in (0, 1].
    peak_plasma_nM_per_ug : float or array_like
        Peak total plasma concentration per µg injected, nM/µg.
    max_occupancy : float, optional
        Occupancy bound as a fraction in (0, 1); default 0.05 (5 %).

    Returns
    -------
    float or numpy.ndarray
        Maximum tracer mass, µg.

    References
    ----------
    Innis et al., J Cereb Blood Flow Metab 2007;27:1533–1539 (tracer
    conditions); Hammarlund-Udenaes et al., Pharm Res 2008;25:1737–1750.

    Examples
    --------
    >>> round(max_tracer_mass_ug(1.9, kp_uu=1.0, fraction_unbound=0.1,
    ...                          peak_plasma_nM_per_ug=0.5), 6)
    2.0
    """
    kd = v.positive(kd_nM, "kd_nM", "nM")
    theta = v.fraction(max_occupancy, "max_occupancy", allow_zero=False, allow_one=False)
    per_ug = _brain_cu_per_ug(kp_uu, fraction_unbound, peak_plasma_nM_per_ug)
    return v.scalar_or_array(kd * theta / (1.0 - theta) / per_ug)


def binding_potential_to_occupancy(bp_nd_baseline: ArrayLike, bp_nd_drug: ArrayLike) -> float | np.ndarray:
    r"""Target occupancy from PET binding potentials without and with drug.

    .. math:: Occ = \frac{BP_{ND,baseline} - BP_{ND,drug}}{BP_{ND,baseline}}

    Parameters
    ----------
    bp_nd_baseline : float or array_like
        Binding potential relative to non-displaceable uptake, BP_ND (Innis et al. 2007),
        at baseline (dimensionless, > 0).
    bp_nd_drug : float or array_like
        Binding potential after the drug (dimensionless, ≥ 0). Measurement
        noise can make it exceed the baseline; the occupancy is then negative
        and is returned as such.

    Returns
    -------
    float or numpy.ndarray
        Occupancy as a fraction (≤ 1).

    References
    ----------
    Innis et al., J Cereb Blood Flow Metab 2007;27:1533–1539.

    Examples
    --------
    >>> binding_potential_to_occupancy(2.0, 0.5)
    0.75
    """
    base = v.positive(bp_nd_baseline, "bp_nd_baseline", "dimensionless binding potential")
    drug = v.non_negative(bp_nd_drug, "bp_nd_drug", "dimensionless binding potential")
    return v.scalar_or_array((base - drug) / base)


def occupancy_emax(conc_nM: ArrayLike, ec50_nM: ArrayLike, occ_max: ArrayLike = 1.0) -> float | np.ndarray:
    r"""Occupancy as a hyperbolic (Emax) function of plasma concentration.

    .. math:: Occ = Occ_{max}\,\frac{C}{EC_{50} + C}

    With a total plasma concentration, :math:`EC_{50}` is an apparent
    constant that lumps :math:`K_d`, :math:`f_u` and :math:`K_{p,uu}`.

    Parameters
    ----------
    conc_nM : float or array_like
        Plasma concentration, nM (≥ 0).
    ec50_nM : float or array_like
        Plasma concentration giving half of the maximal occupancy, nM (> 0).
    occ_max : float or array_like, optional
        Maximal occupancy, a fraction in (0, 1]; default 1.

    Returns
    -------
    float or numpy.ndarray
        Occupancy, fraction.

    References
    ----------
    Innis et al., J Cereb Blood Flow Metab 2007;27:1533–1539.

    Examples
    --------
    >>> occupancy_emax(3.0, 3.0)
    0.5
    """
    c = v.non_negative(conc_nM, "conc_nM", "nM")
    ec50 = v.positive(ec50_nM, "ec50_nM", "nM")
    omax = v.fraction(occ_max, "occ_max", allow_zero=False)
    return v.scalar_or_array(omax * c / (ec50 + c))


@dataclass(frozen=True)
class OccupancyFit:
    """Result of :func:`fit_occupancy_curve`.

    Attributes
    ----------
    ec50_nM : float
        Estimated EC50, nM.
    ec50_se_nM : float
        Its asymptotic standard error, nM.
    occ_max : float
        Maximal occupancy (fitted, or the fixed value).
    occ_max_se : float
        Its standard error (0 when fixed).
    residual_sd : float
        Standard deviation of the residuals, fraction.
    """

    ec50_nM: float
    ec50_se_nM: float
    occ_max: float
    occ_max_se: float
    residual_sd: float

    def predict(self, conc_nM: ArrayLike) -> float | np.ndarray:
        """Occupancy predicted by the fitted curve at ``conc_nM`` (nM)."""
        return occupancy_emax(conc_nM, self.ec50_nM, self.occ_max)


def fit_occupancy_curve(conc_nM: ArrayLike, occupancy: ArrayLike, *, fit_occ_max: bool = False) -> OccupancyFit:
    r"""Fit :math:`Occ = Occ_{max}\,C/(EC_{50} + C)` to PET occupancy points.

    Nonlinear least squares (``scipy.optimize.curve_fit``), with EC50 fitted on
    a log scale so that it stays positive; :math:`Occ_{max}` is fixed at 1 unless
    ``fit_occ_max`` is True (then bounded to (0, 1]).

    Parameters
    ----------
    conc_nM : array_like
        Plasma concentrations at the PET scans, nM (≥ 0; at least 2 points,
        3 when ``fit_occ_max``; at least one > 0).
    occupancy : array_like
        Measured occupancies, fractions (same length; may be slightly
        negative or above 1 through noise, but must be finite).
    fit_occ_max : bool, optional
        Also estimate the maximal occupancy.

    Returns
    -------
    OccupancyFit

    References
    ----------
    Innis et al., J Cereb Blood Flow Metab 2007;27:1533–1539; Bates DM, Watts
    DG. Nonlinear Regression Analysis and Its Applications. Wiley, 1988.

    Examples
    --------
    >>> fit = fit_occupancy_curve([1.0, 3.0, 9.0], [0.25, 0.5, 0.75])
    >>> round(fit.ec50_nM, 6)
    3.0
    """
    from scipy.optimize import curve_fit

    c = v.non_negative(conc_nM, "conc_nM", "nM")
    occ = v.finite(occupancy, "occupancy", "fraction")
    fit_occ_max = v.boolean(fit_occ_max, "fit_occ_max")
    if c.ndim != 1 or occ.shape != c.shape:
        raise ValueError(
            f"conc_nM (nM) and occupancy (fraction) must be one-dimensional and of equal "
            f"length; received shapes {c.shape} and {occ.shape}"
        )
    need = 3 if fit_occ_max else 2
    if c.size < need:
        raise ValueError(f"conc_nM (nM) needs at least {need} points for this fit; received {c.size}")
    if not np.any(c > 0):
        raise ValueError(f"conc_nM (nM) must contain at least one positive concentration; received {c.tolist()}")
    positive = c[c > 0]
    log_ec50_0 = np.log(np.median(positive))
    if fit_occ_max:

        def model(x: NDArray[np.float64], log_ec50: float, omax: float) -> NDArray[np.float64]:
            return omax * x / (np.exp(log_ec50) + x)

        p0, bounds = [log_ec50_0, 0.9], ([-50.0, 1e-6], [50.0, 1.0])
    else:

        def model(x: NDArray[np.float64], log_ec50: float) -> NDArray[np.float64]:  # type: ignore[misc]  # Occ_max fixed at 1: one parameter fewer
            return x / (np.exp(log_ec50) + x)

        p0, bounds = [log_ec50_0], ([-50.0], [50.0])
    popt, pcov = curve_fit(model, c, occ, p0=p0, bounds=bounds, maxfev=10000)
    resid = occ - model(c, *popt)
    dof = max(c.size - len(popt), 1)
    sd = float(np.sqrt(np.sum(resid**2) / dof))
    ec50 = float(np.exp(popt[0]))
    var = np.diag(pcov) if np.all(np.isfinite(pcov)) else np.full(len(popt), np.nan)
    ec50_se = ec50 * float(np.sqrt(var[0]))  # delta method from the log scale
    omax = float(popt[1]) if fit_occ_max else 1.0
    omax_se = float(np.sqrt(var[1])) if fit_occ_max else 0.0
    return OccupancyFit(ec50_nM=ec50, ec50_se_nM=ec50_se, occ_max=omax, occ_max_se=omax_se, residual_sd=sd)


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "kp_uu_from_csf": ("microdose.pet.csf_to_kp_uu", csf_to_kp_uu),
        "occupancy_from_binding_potential": (
            "microdose.pet.binding_potential_to_occupancy",
            binding_potential_to_occupancy,
        ),
    },
)
