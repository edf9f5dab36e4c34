"""What counts as a microdose: the regulatory limits.

A microdose is at most 1/100 of the dose predicted (from non-clinical data) to
give a pharmacological effect, and never more than 100 µg; for protein
products the absolute ceiling is 30 nmol instead of 100 µg. Whichever of the
two limits is smaller binds.

ICH M3(R2) (2009), section 7 and Table 3, lists two "exploratory clinical
trial" approaches that use microdoses:

* **Approach 1**: a *total* dose of at most 100 µg (30 nmol for proteins),
  given in one or several administrations with no interval restriction, and at
  most 1/100 of the pharmacologically active dose (PAD).
* **Approach 2**: up to 5 administrations, each at most 100 µg (30 nmol for
  proteins) and at most 1/100 of the PAD, a cumulative total of at most
  500 µg (150 nmol for proteins), separated by a washout of at least six actual
  or predicted half-lives.

The guideline also requires each dose to be at most 1/100 of the NOAEL; the
functions here accept an optional human-equivalent NOAEL for that check.

Units: doses of the planned study in micrograms (``_ug``), the
pharmacologically active dose and NOAEL in milligrams (``_mg``), molecular
weight in g/mol, times in hours.

References
----------
ICH M3(R2). Guidance on nonclinical safety studies for the conduct of human
clinical trials and marketing authorization for pharmaceuticals, 2009, §7.
EMEA/CHMP. Position paper on non-clinical safety studies to support clinical
trials with a single microdose, CPMP/SWP/2599/02/Rev1, 2004.
US FDA. Guidance for Industry, Investigators, and Reviewers: Exploratory IND
Studies, January 2006.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v
from . import units

__all__ = [
    "APPROACH2_MAX_ADMINISTRATIONS",
    "APPROACH2_PROTEIN_TOTAL_CAP_NMOL",
    "APPROACH2_TOTAL_CAP_UG",
    "APPROACH2_WASHOUT_HALF_LIVES",
    "PAD_DIVISOR",
    "PROTEIN_CAP_NMOL",
    "SMALL_MOLECULE_CAP_UG",
    "MicrodoseLimit",
    "ScheduleAssessment",
    "assess_exploratory_schedule",
    "microdose_limit",
    "microdose_limit_ug",
    "qualifies_as_microdose",
]

#: Absolute ceiling for a small-molecule microdose (ICH M3(R2) 2009, §7; EMEA 2004; FDA 2006).
SMALL_MOLECULE_CAP_UG = 100.0
#: Absolute ceiling for a protein microdose (ICH M3(R2) 2009, §7 and Table 3).
PROTEIN_CAP_NMOL = 30.0
#: A microdose is at most 1/PAD_DIVISOR of the pharmacologically active dose (ICH M3(R2) 2009, §7).
PAD_DIVISOR = 100.0
#: Approach 2: at most five administrations (ICH M3(R2) 2009, Table 3).
APPROACH2_MAX_ADMINISTRATIONS = 5
#: Approach 2: cumulative total at most 500 µg (ICH M3(R2) 2009, Table 3).
APPROACH2_TOTAL_CAP_UG = 500.0
#: Approach 2 for proteins: cumulative total at most 150 nmol (5 × 30 nmol; ICH M3(R2) 2009, Table 3).
APPROACH2_PROTEIN_TOTAL_CAP_NMOL = 150.0
#: Approach 2: washout of at least six actual or predicted half-lives between doses (ICH M3(R2) 2009,
#: Table 3).
APPROACH2_WASHOUT_HALF_LIVES = 6.0


def _protein_cap_ug(mw_g_per_mol: NDArray[np.float64]) -> NDArray[np.float64]:
    """30 nmol expressed in µg: nmol × g/mol = ng, / (ng per µg) = µg."""
    return PROTEIN_CAP_NMOL * mw_g_per_mol / units.NG_PER_UG


def _absolute_cap_ug(is_protein: bool, mw_g_per_mol: ArrayLike | None) -> NDArray[np.float64]:
    if v.boolean(is_protein, "is_protein"):
        if mw_g_per_mol is None:
            raise ValueError(
                "mw_g_per_mol (g/mol) is needed for a protein: its microdose ceiling is "
                f"{PROTEIN_CAP_NMOL:g} nmol; received None"
            )
        return _protein_cap_ug(v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol"))
    return np.asarray(SMALL_MOLECULE_CAP_UG)


def microdose_limit_ug(
    pharmacologically_active_dose_mg: ArrayLike,
    *,
    is_protein: bool = False,
    mw_g_per_mol: ArrayLike | None = None,
    noael_human_equivalent_mg: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Largest dose that qualifies as a microdose, in µg.

    .. math::

        D_{micro} = \min\left(\frac{PAD}{100},\; 100\,\mu g\right)

    with 30 nmol × MW in place of 100 µg for a protein, and PAD the dose
    predicted to be pharmacologically active. If a human-equivalent NOAEL is
    given, NOAEL/100 is a third upper bound.

    Parameters
    ----------
    pharmacologically_active_dose_mg : float or array_like
        Predicted pharmacologically active dose, mg (> 0).
    is_protein : bool, optional
        Use the 30 nmol ceiling for protein products instead of 100 µg.
    mw_g_per_mol : float or array_like, optional
        Molecular weight, g/mol; required when ``is_protein`` is True.
    noael_human_equivalent_mg : float or array_like, optional
        Human-equivalent dose of the no-observed-adverse-effect level, mg.

    Returns
    -------
    float or numpy.ndarray
        The microdose limit in µg.

    References
    ----------
    ICH M3(R2) (2009) §7; EMEA CPMP/SWP/2599/02/Rev1 (2004); FDA Exploratory
    IND guidance (2006).

    Examples
    --------
    >>> microdose_limit_ug(20.0)      # 20 mg/100 = 200 µg, but the cap is 100 µg
    100.0
    >>> microdose_limit_ug(5.0)       # 5 mg/100 = 50 µg binds
    50.0
    """
    pad_mg = v.positive(pharmacologically_active_dose_mg, "pharmacologically_active_dose_mg", "mg")
    limit = np.minimum(pad_mg * units.UG_PER_MG / PAD_DIVISOR, _absolute_cap_ug(is_protein, mw_g_per_mol))
    if noael_human_equivalent_mg is not None:
        noael = v.positive(noael_human_equivalent_mg, "noael_human_equivalent_mg", "mg")
        limit = np.minimum(limit, noael * units.UG_PER_MG / PAD_DIVISOR)
    return v.scalar_or_array(limit)


@dataclass(frozen=True)
class MicrodoseLimit:
    """The microdose limit of one compound and the rule that sets it.

    Attributes
    ----------
    limit_ug : float
        The binding limit, µg.
    pad_rule_ug : float
        1/100 of the pharmacologically active dose, µg.
    absolute_cap_ug : float
        100 µg, or 30 nmol expressed in µg for a protein.
    binding_rule : str
        Which rule binds: ``"1/100 of the active dose"``, ``"100 µg ceiling"``,
        ``"30 nmol protein ceiling"`` or ``"1/100 of the NOAEL"``.
    """

    limit_ug: float
    pad_rule_ug: float
    absolute_cap_ug: float
    binding_rule: str
    noael_rule_ug: float = float("nan")

    def __str__(self) -> str:
        return (
            f"microdose limit {self.limit_ug:.4g} µg (binding rule: {self.binding_rule}; "
            f"1/100 of active dose = {self.pad_rule_ug:.4g} µg, "
            f"absolute ceiling = {self.absolute_cap_ug:.4g} µg)"
        )


def microdose_limit(
    pharmacologically_active_dose_mg: float,
    *,
    is_protein: bool = False,
    mw_g_per_mol: float | None = None,
    noael_human_equivalent_mg: float | None = None,
) -> MicrodoseLimit:
    """Microdose limit for one compound, with the rule that binds.

    Same rules as :func:`microdose_limit_ug` (ICH M3(R2) §7), for scalar inputs.
    When two rules give the same number, the 1/100 rule is reported.

    Parameters
    ----------
    pharmacologically_active_dose_mg : float
        Predicted pharmacologically active dose, mg.
    is_protein : bool, optional
        Protein product (30 nmol ceiling).
    mw_g_per_mol : float, optional
        Molecular weight, g/mol (needed for proteins).
    noael_human_equivalent_mg : float, optional
        Human-equivalent NOAEL dose, mg.

    Returns
    -------
    MicrodoseLimit

    References
    ----------
    ICH M3(R2) (2009) §7; EMEA CPMP/SWP/2599/02/Rev1 (2004).
    """
    pad_mg = v.positive(pharmacologically_active_dose_mg, "pharmacologically_active_dose_mg", "mg")
    if pad_mg.ndim != 0:
        raise ValueError(
            "pharmacologically_active_dose_mg (mg) must be a single number here; "
            f"received shape {pad_mg.shape}; use microdose_limit_ug for arrays"
        )
    pad_rule = float(pad_mg) * units.UG_PER_MG / PAD_DIVISOR
    cap = float(_absolute_cap_ug(is_protein, mw_g_per_mol))
    candidates = [
        (pad_rule, "1/100 of the active dose"),
        (cap, "30 nmol protein ceiling" if is_protein else "100 µg ceiling"),
    ]
    noael_rule = float("nan")
    if noael_human_equivalent_mg is not None:
        noael_mg = float(v.positive(noael_human_equivalent_mg, "noael_human_equivalent_mg", "mg"))
        noael_rule = noael_mg * units.UG_PER_MG / PAD_DIVISOR
        candidates.append((noael_rule, "1/100 of the NOAEL"))
    limit, rule = min(candidates, key=lambda pair: pair[0])
    return MicrodoseLimit(
        limit_ug=limit, pad_rule_ug=pad_rule, absolute_cap_ug=cap, binding_rule=rule, noael_rule_ug=noael_rule
    )


def qualifies_as_microdose(
    planned_dose_ug: ArrayLike,
    pharmacologically_active_dose_mg: ArrayLike,
    *,
    is_protein: bool = False,
    mw_g_per_mol: ArrayLike | None = None,
    noael_human_equivalent_mg: ArrayLike | None = None,
) -> bool | NDArray[np.bool_]:
    """Whether a single planned dose is a microdose (dose ≤ limit).

    Parameters
    ----------
    planned_dose_ug : float or array_like
        Planned dose, µg (> 0).
    pharmacologically_active_dose_mg, is_protein, mw_g_per_mol, noael_human_equivalent_mg
        As in :func:`microdose_limit_ug`.

    Returns
    -------
    bool or numpy.ndarray of bool

    References
    ----------
    ICH M3(R2) (2009) §7.
    """
    dose = v.positive(planned_dose_ug, "planned_dose_ug", "µg")
    limit = microdose_limit_ug(
        pharmacologically_active_dose_mg,
        is_protein=is_protein,
        mw_g_per_mol=mw_g_per_mol,
        noael_human_equivalent_mg=noael_human_equivalent_mg,
    )
    result = dose <= np.asarray(limit) * (1 + 1e-12)
    return bool(result) if np.ndim(result) == 0 else result


@dataclass(frozen=True)
class ScheduleAssessment:
    """Outcome of checking a planned exploratory schedule against ICH M3(R2).

    Attributes
    ----------
    approach : str or None
        ``"Approach 1"``, ``"Approach 2"`` or ``None`` (not a microdose schedule).
    qualifies : bool
    reasons : tuple of str
        Why each approach was or was not met, in plain language.
    total_dose_ug : float
    per_dose_limit_ug : float
    """

    approach: str | None
    qualifies: bool
    total_dose_ug: float
    per_dose_limit_ug: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


def assess_exploratory_schedule(
    doses_ug: ArrayLike,
    dose_times_h: ArrayLike,
    *,
    half_life_h: float,
    pharmacologically_active_dose_mg: float,
    is_protein: bool = False,
    mw_g_per_mol: float | None = None,
    noael_human_equivalent_mg: float | None = None,
) -> ScheduleAssessment:
    """Check a planned schedule of microdoses against ICH M3(R2) Approaches 1 and 2.

    Approach 1: total dose ≤ 100 µg (30 nmol for proteins) and ≤ PAD/100.
    Approach 2: ≤ 5 administrations, each ≤ 100 µg (30 nmol) and ≤ PAD/100,
    total ≤ 500 µg (150 nmol), consecutive doses ≥ 6 half-lives apart.

    Parameters
    ----------
    doses_ug : array_like
        Each planned dose, µg.
    dose_times_h : array_like
        Time of each dose, h, strictly increasing, same length as ``doses_ug``.
    half_life_h : float
        Actual or predicted elimination half-life, h.
    pharmacologically_active_dose_mg, is_protein, mw_g_per_mol, noael_human_equivalent_mg
        As in :func:`microdose_limit_ug`.

    Returns
    -------
    ScheduleAssessment
        Approach 1 is reported when both approaches are met (it is the less
        demanding).

    References
    ----------
    ICH M3(R2) (2009) §7 and Table 3.
    """
    doses = v.positive(doses_ug, "doses_ug", "µg")
    if doses.ndim != 1 or doses.size == 0:
        raise ValueError(f"doses_ug (µg) must be a one-dimensional list of doses; received shape {doses.shape}")
    times = v.time_vector(dose_times_h, "dose_times_h", "h")
    if times.shape != doses.shape:
        raise ValueError(f"dose_times_h (h) must have one time per dose ({doses.size}); received {times.size}")
    t_half = v.positive(half_life_h, "half_life_h", "h")
    per_dose_limit = float(
        microdose_limit_ug(
            pharmacologically_active_dose_mg,
            is_protein=is_protein,
            mw_g_per_mol=mw_g_per_mol,
            noael_human_equivalent_mg=noael_human_equivalent_mg,
        )
    )
    total = float(doses.sum())
    reasons: list[str] = []

    # Approach 1: the *total* dose must itself be a microdose.
    approach1 = total <= per_dose_limit * (1 + 1e-12)
    reasons.append(
        f"Approach 1 {'met' if approach1 else 'not met'}: total {total:.4g} µg vs "
        f"microdose limit {per_dose_limit:.4g} µg"
    )

    # Approach 2: several microdoses with washout.
    if is_protein:
        mw = float(v.positive(mw_g_per_mol, "mw_g_per_mol", "g/mol"))
        total_cap = APPROACH2_PROTEIN_TOTAL_CAP_NMOL * mw / units.NG_PER_UG  # nmol × g/mol = ng
    else:
        total_cap = APPROACH2_TOTAL_CAP_UG
    gaps = np.diff(times)
    washout = APPROACH2_WASHOUT_HALF_LIVES * float(t_half)
    checks = {
        f"at most {APPROACH2_MAX_ADMINISTRATIONS} administrations ({doses.size} planned)": doses.size
        <= APPROACH2_MAX_ADMINISTRATIONS,
        f"each dose ≤ {per_dose_limit:.4g} µg (largest {doses.max():.4g} µg)": bool(
            np.all(doses <= per_dose_limit * (1 + 1e-12))
        ),
        f"total ≤ {total_cap:.4g} µg ({total:.4g} µg planned)": total <= total_cap * (1 + 1e-12),
        f"doses ≥ {washout:.4g} h apart (6 half-lives; shortest gap "
        f"{gaps.min() if gaps.size else float('inf'):.4g} h)": bool(np.all(gaps >= washout)),
    }
    approach2 = all(checks.values())
    failed = [text for text, ok in checks.items() if not ok]
    reasons.append("Approach 2 met" if approach2 else "Approach 2 not met: " + "; ".join(failed))

    approach = "Approach 1" if approach1 else ("Approach 2" if approach2 else None)
    return ScheduleAssessment(
        approach=approach,
        qualifies=approach is not None,
        total_dose_ug=total,
        per_dose_limit_ug=per_dose_limit,
        reasons=tuple(reasons),
    )
