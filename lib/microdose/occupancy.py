r"""Receptor occupancy: why a microdose is pharmacologically silent.

At equilibrium, for a simple one-site binding reaction, the fraction of
receptors occupied by a drug is

.. math::

    \theta = \frac{C_u}{C_u + K_d}

where :math:`C_u` is the *unbound* drug concentration near the receptor and
:math:`K_d` the equilibrium dissociation constant (law of mass action; Clark
1926, Hulme & Trevethick 2010). Only unbound drug binds the target (the
"free drug hypothesis"; Smith, Di & Kerns 2010), so a total plasma
concentration must first be multiplied by the fraction unbound :math:`f_u`.

Units: molar concentrations in nM (``_nM``), mass concentrations in ng/mL
(``_ng_per_mL``), molecular weight in g/mol; occupancy and fraction unbound are
fractions between 0 and 1 (not percentages).

References
----------
Clark AJ. The reaction between acetyl choline and muscle cells. J Physiol
1926;61:530–546.
Hulme EC, Trevethick MA. Ligand binding assays at equilibrium: validation and
interpretation. Br J Pharmacol 2010;161:1219–1237.
Smith DA, Di L, Kerns EH. The effect of plasma protein binding on in vivo
efficacy: misconceptions in drug discovery. Nat Rev Drug Discov
2010;9:929–939.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as v
from . import units
from ._deprecation import deprecated_names

__all__ = [
    "fractional_occupancy",
    "nM_to_ng_per_mL",
    "ng_per_mL_to_nM",
    "total_to_unbound_conc_nM",
    "unbound_conc_for_occupancy_nM",
    "unbound_to_total_conc_nM",
    "operational_model_response_fraction",
]


def fractional_occupancy(unbound_conc_nM: ArrayLike, kd_nM: ArrayLike) -> float | np.ndarray:
    r"""Fraction of receptors occupied at equilibrium.

    .. math:: \theta = \frac{C_u}{C_u + K_d}

    Parameters
    ----------
    unbound_conc_nM : float or array_like
        Unbound drug concentration at the target, nM (≥ 0).
    kd_nM : float or array_like
        Equilibrium dissociation constant, nM (> 0).

    Returns
    -------
    float or numpy.ndarray
        Occupancy as a fraction in [0, 1).

    References
    ----------
    Hulme & Trevethick, Br J Pharmacol 2010;161:1219.

    Examples
    --------
    >>> round(fractional_occupancy(10.0, 5.0), 4)    # therapeutic: C_u = 2 K_d
    0.6667
    >>> round(fractional_occupancy(0.005, 5.0), 6)   # microdose: C_u = K_d / 1000
    0.000999
    """
    cu = v.non_negative(unbound_conc_nM, "unbound_conc_nM", "nM")
    kd = v.positive(kd_nM, "kd_nM", "nM")
    return v.scalar_or_array(cu / (cu + kd))


def unbound_conc_for_occupancy_nM(occupancy: ArrayLike, kd_nM: ArrayLike) -> float | np.ndarray:
    r"""Unbound concentration that gives a target occupancy (inverse of the hyperbola).

    .. math:: C_u = K_d \, \frac{\theta}{1 - \theta}

    Parameters
    ----------
    occupancy : float or array_like
        Target occupancy as a fraction in [0, 1) (0.5 for 50 %).
    kd_nM : float or array_like
        Equilibrium dissociation constant, nM.

    Returns
    -------
    float or numpy.ndarray
        Unbound concentration, nM.

    References
    ----------
    Hulme & Trevethick, Br J Pharmacol 2010;161:1219.

    Examples
    --------
    >>> unbound_conc_for_occupancy_nM(0.5, 5.0)   # 50 % occupancy at C_u = K_d
    5.0
    >>> round(unbound_conc_for_occupancy_nM(0.8, 5.0), 9)   # 80 % needs 4 K_d
    20.0
    """
    theta = v.fraction(occupancy, "occupancy", allow_one=False)
    kd = v.positive(kd_nM, "kd_nM", "nM")
    return v.scalar_or_array(kd * theta / (1.0 - theta))


def total_to_unbound_conc_nM(total_conc_nM: ArrayLike, fraction_unbound: ArrayLike) -> float | np.ndarray:
    r"""Unbound concentration from total concentration and fraction unbound.

    .. math:: C_u = f_u \, C

    Parameters
    ----------
    total_conc_nM : float or array_like
        Total (bound + unbound) plasma concentration, nM.
    fraction_unbound : float or array_like
        Fraction unbound in plasma, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Unbound concentration, nM.

    References
    ----------
    Smith, Di & Kerns, Nat Rev Drug Discov 2010;9:929.

    Examples
    --------
    >>> total_to_unbound_conc_nM(25.0, 0.2)
    5.0
    """
    total = v.non_negative(total_conc_nM, "total_conc_nM", "nM")
    fu = v.fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    return v.scalar_or_array(fu * total)


def unbound_to_total_conc_nM(unbound_conc_nM: ArrayLike, fraction_unbound: ArrayLike) -> float | np.ndarray:
    r"""Total concentration that carries a given unbound concentration.

    .. math:: C = C_u / f_u

    Parameters
    ----------
    unbound_conc_nM : float or array_like
        Unbound concentration, nM.
    fraction_unbound : float or array_like
        Fraction unbound in plasma, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Total plasma concentration, nM.

    References
    ----------
    Smith, Di & Kerns, Nat Rev Drug Discov 2010;9:929.

    Examples
    --------
    >>> unbound_to_total_conc_nM(5.0, 0.2)
    25.0
    """
    cu = v.non_negative(unbound_conc_nM, "unbound_conc_nM", "nM")
    fu = v.fraction(fraction_unbound, "fraction_unbound", allow_zero=False)
    return v.scalar_or_array(cu / fu)


def ng_per_mL_to_nM(conc_ng_per_mL: ArrayLike, mw_g_per_mol: ArrayLike) -> float | np.ndarray:
    r"""Mass concentration (ng/mL) to molar concentration (nM).

    .. math:: C_{nM} = \frac{C_{ng/mL} \times 1000}{MW}

    because 1 ng/mL = 1 µg/L, and 1 µg/L divided by MW (g/mol) is 1/MW µmol/L
    = 1000/MW nM (``units.NM_PER_UM``).

    Parameters
    ----------
    conc_ng_per_mL : float or array_like
        Concentration, ng/mL (≥ 0).
    mw_g_per_mol : float or array_like
        Molecular weight, g/mol (> 0).

    Returns
    -------
    float or numpy.ndarray
        Concentration, nM.

    References
    ----------
    IUPAC. Quantities, Units and Symbols in Physical Chemistry (Green Book),
    3rd ed., 2007, §2.10 (amount concentration and mass concentration).

    Examples
    --------
    >>> ng_per_mL_to_nM(4.0, 400.0)
    10.0
    """
    conc = v.non_negative(conc_ng_per_mL, "conc_ng_per_mL", "ng/mL")
    mw = v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    return v.scalar_or_array(conc * units.NM_PER_UM / mw)


def nM_to_ng_per_mL(conc_nM: ArrayLike, mw_g_per_mol: ArrayLike) -> float | np.ndarray:
    r"""Molar concentration (nM) to mass concentration (ng/mL).

    .. math:: C_{ng/mL} = \frac{C_{nM} \times MW}{1000}

    because nmol/L times g/mol is ng/L, and 1000 mL make a litre (``units.ML_PER_L``).

    Parameters
    ----------
    conc_nM : float or array_like
        Concentration, nM (≥ 0).
    mw_g_per_mol : float or array_like
        Molecular weight, g/mol (> 0).

    Returns
    -------
    float or numpy.ndarray
        Concentration, ng/mL.

    References
    ----------
    IUPAC. Quantities, Units and Symbols in Physical Chemistry (Green Book),
    3rd ed., 2007, §2.10 (amount concentration and mass concentration).

    Examples
    --------
    >>> nM_to_ng_per_mL(10.0, 400.0)
    4.0
    """
    conc = v.non_negative(conc_nM, "conc_nM", "nM")
    mw = v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol")
    return v.scalar_or_array(conc * mw / units.ML_PER_L)


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(
    __name__,
    {
        "unbound_conc_nM": ("microdose.occupancy.total_to_unbound_conc_nM", total_to_unbound_conc_nM),
        "total_conc_from_unbound_nM": ("microdose.occupancy.unbound_to_total_conc_nM", unbound_to_total_conc_nM),
    },
)


def operational_model_response_fraction(occupancy: ArrayLike, tau: ArrayLike) -> float | np.ndarray:
    r"""Response of an agonist as a fraction of the system's maximum, from its occupancy (Black–Leff).

    In the operational model of agonism the occupied receptors drive a saturable transduction step.
    With the occupancy :math:`\theta = C_u/(C_u + K_A)` the response is

    .. math:: \frac{E}{E_m} = \frac{\tau\,\theta}{1 + \tau\,\theta},

    where the transducer ratio :math:`\tau = [R_0]/K_E` (receptor density over the occupancy-response
    coupling constant) measures efficacy and receptor reserve. For τ ≤ 1 the response stays below the
    occupancy; for a large τ (a full agonist in a tissue with spare receptors) a few percent occupancy
    already gives a large response: at θ = 1 % and τ = 100 the response is half of its maximum. This
    is why low occupancy alone does not prove that a microdose is pharmacologically silent.

    Parameters
    ----------
    occupancy : float or array_like
        Fraction of receptors occupied, in [0, 1].
    tau : float or array_like
        Transducer ratio τ (dimensionless), >= 0: 0 for an antagonist, about 1 for a partial agonist
        whose maximal response is half the system maximum, 10-1000 for full agonists with receptor reserve.

    Returns
    -------
    float or numpy.ndarray
        E/E_m, the response as a fraction of the system's maximum response.

    References
    ----------
    Black JW, Leff P. Operational models of pharmacological agonism. Proc R Soc Lond B
    1983;220:141-162. Kenakin T. A Pharmacology Primer, 5th ed. 2019 (operational model).

    Examples
    --------
    >>> operational_model_response_fraction(0.01, 100.0)   # 1 % occupancy, large receptor reserve
    0.5
    >>> round(operational_model_response_fraction(0.01, 1.0), 4)   # the same occupancy, no reserve
    0.0099
    """
    theta = v.fraction(occupancy, "occupancy")
    t = v.non_negative(tau, "tau", "dimensionless transducer ratio")
    theta, t = v.broadcast_together(occupancy=theta, tau=t)
    return v.scalar_or_array(t * theta / (1.0 + t * theta))
