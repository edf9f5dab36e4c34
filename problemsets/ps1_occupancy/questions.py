"""Problem set 1 — Occupancy: is a microdose really silent? (questions, data, reference, slips)."""

from __future__ import annotations

from microdose import occupancy as occ
from microdose import regulatory as reg
from microdose import units

from ..spec import Answer, Check, ProblemSet, Slip
from ..variants import nice

TARGET_OCCUPANCY = 0.90
"""The occupancy Question 3 asks about (fixed: the variable names say 90pct)."""
DRUGS = ("A", "B", "C", "D")


def default_data() -> dict:
    """The data of the committed release."""
    return {
        "pad_mg": {"A": 5.0, "B": 40.0, "C": 250.0, "D": 20.0},
        "is_protein": {"A": False, "B": False, "C": True, "D": True},
        "mw_g_per_mol": {"A": 350.0, "B": 480.0, "C": 48000.0, "D": 15000.0},
        "mw_E": 480.0,
        "fu_E": 0.08,
        "kd_E_nM": 4.0,
        "micro_dose_ug": 100.0,
        "ther_dose_mg": 120.0,
        "cmax_micro_ng_per_mL": 0.15,
        "cmax_ther_ng_per_mL": 180.0,
    }


def variant_data(rng) -> dict:
    """Plausible other data, keeping the story: two small molecules and two proteins, each pair with one
    limit set by the 1/100 rule and one by the ceiling; a microdose that occupies < 2 % of the receptors
    and a therapeutic dose that occupies 50–97 %."""
    small = [nice(rng.uniform(1.0, 7.0), 2), nice(rng.uniform(15.0, 150.0), 2)]  # 1/100 rule; ceiling
    mw_small = [float(round(rng.uniform(250, 600))), float(round(rng.uniform(250, 600)))]
    mw_protein = [nice(rng.uniform(8e3, 150e3), 2), nice(rng.uniform(8e3, 150e3), 2)]
    # the PAD (mg) at which 1/100 of it equals 30 nmol: nmol × g/mol = ng, ÷ (ng per mg) = mg
    cap_mg = [reg.PROTEIN_CAP_NMOL * mw / units.NG_PER_MG * reg.PAD_DIVISOR for mw in mw_protein]
    protein = [
        nice(cap_mg[0] * rng.uniform(1.6, 4.0), 2),  # ceiling binds
        nice(cap_mg[1] * rng.uniform(0.2, 0.6), 2),
    ]  # 1/100 rule binds
    order_small, order_protein = rng.permutation(2), rng.permutation(2)
    data = {"pad_mg": {}, "is_protein": {}, "mw_g_per_mol": {}}
    for letter, index in zip("AB", order_small):
        data["pad_mg"][letter], data["is_protein"][letter], data["mw_g_per_mol"][letter] = (
            small[index],
            False,
            mw_small[index],
        )
    for letter, index in zip("CD", order_protein):
        data["pad_mg"][letter], data["is_protein"][letter], data["mw_g_per_mol"][letter] = (
            protein[index],
            True,
            mw_protein[index],
        )
    while True:
        ther_dose_mg = float(rng.choice([25, 40, 50, 75, 100, 150, 200, 250, 300]))
        cmax_micro = nice(10 ** rng.uniform(-1.3, 0.0), 2)
        drug_e = {
            "mw_E": float(round(rng.uniform(300, 600))),
            "fu_E": nice(10 ** rng.uniform(-1.7, -0.5), 2),
            "kd_E_nM": nice(10 ** rng.uniform(-0.3, 1.3), 2),
            "micro_dose_ug": 100.0,
            "ther_dose_mg": ther_dose_mg,
            "cmax_micro_ng_per_mL": cmax_micro,
            "cmax_ther_ng_per_mL": nice(cmax_micro * ther_dose_mg * units.UG_PER_MG / 100.0, 4),  # × dose ratio
        }
        candidate = {**data, **drug_e}
        if not story(candidate, reference(candidate)):
            return candidate


def story(d: dict, r: dict) -> list[str]:
    """What the questions take for granted about the data, as the sentences that fail (see ``ProblemSet``)."""
    broken = []
    for kind, pair in (("small molecules", "AB"), ("proteins", "CD")):
        rules = sorted(r["binding_rule"][drug] for drug in pair)
        if rules != ["ceiling", "one_percent"]:
            broken.append(
                f"of the two {kind} {pair[0]} and {pair[1]}, one limit should be set by the 1/100 rule "
                f"and one by the ceiling (they are {rules})"
            )
        if [d["is_protein"][drug] for drug in pair] != [kind == "proteins"] * 2:
            broken.append(f"drugs {pair[0]} and {pair[1]} should both be {kind}")
    if not 0.004 < r["occupancy_micro_fraction"] < 0.02:
        broken.append(
            f"the microdose should occupy 0.4–2 % of the receptors (it occupies "
            f"{100 * r['occupancy_micro_fraction']:.2g} %)"
        )
    if not 0.5 < r["occupancy_ther_fraction"] < 0.97:
        broken.append(
            f"the therapeutic dose should occupy 50–97 % of the receptors (it occupies "
            f"{100 * r['occupancy_ther_fraction']:.3g} %)"
        )
    return broken


def reference(d: dict) -> dict:
    """Every graded answer, computed with the course library."""
    r: dict = {}
    for drug in DRUGS:
        limit = reg.microdose_limit(
            d["pad_mg"][drug],
            is_protein=d["is_protein"][drug],
            mw_g_per_mol=d["mw_g_per_mol"][drug] if d["is_protein"][drug] else None,
        )
        r[f"limit_{drug}_ug"] = limit.limit_ug
        r.setdefault("binding_rule", {})[drug] = "one_percent" if limit.binding_rule.startswith("1/100") else "ceiling"
    for dose in ("micro", "ther"):
        total = occ.ng_per_mL_to_nM(d[f"cmax_{dose}_ng_per_mL"], d["mw_E"])
        r[f"c_total_{dose}_nM"] = float(total)
        r[f"cu_{dose}_nM"] = float(occ.total_to_unbound_conc_nM(total, d["fu_E"]))
        r[f"occupancy_{dose}_fraction"] = float(occ.fractional_occupancy(r[f"cu_{dose}_nM"], d["kd_E_nM"]))
    r["cu_for_90pct_nM"] = float(occ.unbound_conc_for_occupancy_nM(TARGET_OCCUPANCY, d["kd_E_nM"]))
    r["c_total_for_90pct_nM"] = float(occ.unbound_to_total_conc_nM(r["cu_for_90pct_nM"], d["fu_E"]))
    r["c_total_for_90pct_ng_per_mL"] = float(occ.nM_to_ng_per_mL(r["c_total_for_90pct_nM"], d["mw_E"]))
    r["fold_to_90pct"] = r["cu_for_90pct_nM"] / r["cu_micro_nM"]
    return r


def context(d: dict, r: dict) -> dict:
    """Numbers quoted by the model answer."""
    potent_kd_nM = 0.01
    return {
        "kd_over_cu_micro": d["kd_E_nM"] / r["cu_micro_nM"],
        "potent_kd_nM": potent_kd_nM,
        "potent_occupancy": float(occ.fractional_occupancy(r["cu_micro_nM"], potent_kd_nM)),
    }


# --------------------------------------------------------------------------------------------
# The graded questions
# --------------------------------------------------------------------------------------------


def _larger_limit_message(one_percent_ug: float, ceiling_ug: float, ceiling: str) -> str:
    """Say which limit the answer is, whatever route led there (the larger of the two, or a wrong fraction)."""
    if one_percent_ug > ceiling_ug:
        which = f"1/100 of the active dose ({one_percent_ug:g} µg), which is above the {ceiling}"
    else:
        which = f"the {ceiling} ({ceiling_ug:g} µg), but 1/100 of the active dose is smaller"
    return (
        f"this is {which}: a microdose must satisfy both limits, so the smaller one binds (you may have kept the "
        "LARGER of the two limits)."
    )


def _small_molecule_limit(drug: str, d: dict) -> Check:
    pad = d["pad_mg"][drug]
    larger = _larger_limit_message(pad * 10.0, reg.SMALL_MOLECULE_CAP_UG, "100 µg ceiling")
    slips = [
        Slip("larger_limit", max(pad * 10.0, reg.SMALL_MOLECULE_CAP_UG), larger),
        Slip(
            "units_1e3",
            min(pad / 100.0, reg.SMALL_MOLECULE_CAP_UG),
            "this is 1/100 of the active dose in mg; convert it to µg before comparing it with the 100 µg ceiling.",
        ),
    ]
    return Check(
        f"q1a-limit-drug{drug}",
        "q1a-limit-small-molecules",
        "1a",
        f"drug {drug}",
        1,
        [Answer(f"limit_{drug}_ug", unit="µg", what="a dose", positive=True, slips=slips)],
        sanity=[
            (
                f"float(limit_{drug}_ug) <= 100.0 * (1 + 1e-9)",
                "a small-molecule microdose can never exceed the 100 µg ceiling",
            )
        ],
    )


def _protein_limit(drug: str, d: dict) -> Check:
    pad, mw = d["pad_mg"][drug], d["mw_g_per_mol"][drug]
    cap_ug = reg.PROTEIN_CAP_NMOL * mw / units.NG_PER_UG  # nmol × g/mol = ng
    slips = [
        Slip(
            "small_molecule_ceiling",
            min(pad * 10.0, reg.SMALL_MOLECULE_CAP_UG),
            "you used the 100 µg small-molecule ceiling; a protein's ceiling is 30 nmol, i.e. 30 nmol × MW.",
        ),
        Slip(
            "larger_limit",
            max(pad * 10.0, cap_ug),
            _larger_limit_message(pad * 10.0, cap_ug, "30 nmol ceiling") + " Remember: 30 nmol × MW (g/mol = "
            "ng/nmol) gives ng; divide by 1000 for µg.",
        ),
        Slip(
            "units_1e3",
            min(pad * 10.0, cap_ug / 1000.0),
            "your 30 nmol ceiling in µg is 10³ too small (nmol × g/mol = ng, and 1 µg = 1000 ng), so it looks "
            "as if the ceiling binds.",
        ),
    ]
    return Check(
        f"q1b-limit-drug{drug}",
        "q1b-limit-proteins",
        "1b",
        f"drug {drug}",
        1,
        [Answer(f"limit_{drug}_ug", unit="µg", what="a dose", positive=True, slips=slips)],
        sanity=[
            (
                f'float(limit_{drug}_ug) <= pad_mg["{drug}"] * units.UG_PER_MG / 100.0 * (1 + 1e-9)',
                "a microdose can never exceed 1/100 of the pharmacologically active dose (converted to µg)",
            )
        ],
    )


def checks(d: dict, r: dict) -> list[Check]:
    """The graded test cells of the problem set."""
    fu, kd = d["fu_E"], d["kd_E_nM"]
    other_rule = {
        drug: "ceiling" if rule == "one_percent" else "one_percent" for drug, rule in r["binding_rule"].items()
    }
    q2 = []
    for dose, ngml in (("micro", d["cmax_micro_ng_per_mL"]), ("ther", d["cmax_ther_ng_per_mL"])):
        q2.append(
            {
                "total": Answer(
                    f"c_total_{dose}_nM",
                    unit="nM",
                    what="a concentration",
                    positive=True,
                    slips=[
                        Slip(
                            "mw_multiplied",
                            ngml * d["mw_E"] / 1000.0,
                            "you multiplied by the molecular weight; divide by it (mass / (g/mol) = amount in mol).",
                        )
                    ],
                ),
                "unbound": Answer(
                    f"cu_{dose}_nM",
                    unit="nM",
                    what="a concentration",
                    positive=True,
                    fraction_unbound=fu,
                    follow=f"fraction_unbound_E * c_total_{dose}_nM",
                    slips=[
                        Slip(
                            "unbound_divided_by_fu",
                            r[f"cu_{dose}_nM"] / fu**2,
                            "you divided the total concentration by f_u; the unbound concentration is "
                            "f_u × total (f_u ≤ 1, so unbound ≤ total).",
                        )
                    ],
                ),
            }
        )
    occupancy_slips = {}
    for dose in ("micro", "ther"):
        cu, total = r[f"cu_{dose}_nM"], r[f"c_total_{dose}_nM"]
        occupancy_slips[dose] = [
            Slip(
                "approximation",
                cu / kd,
                "this is the low-concentration approximation C_u/K_d, which holds only "
                "when C_u ≪ K_d; use the full equation θ = C_u/(C_u + K_d).",
            ),
            Slip(
                "total_for_unbound",
                float(occ.fractional_occupancy(total, kd)),
                "this is the occupancy for the TOTAL concentration; only unbound drug binds the receptor, so use "
                f"C_u = f_u × C_total with f_u = {fu:g}.",
            ),
            Slip(
                "units_1e3",
                float(occ.fractional_occupancy(cu / 1000.0, kd)),
                "your concentration is 10³ too small: 1 ng/mL of a drug with molecular weight MW is 1000/MW nM.",
            ),
            Slip(
                "units_1e3",
                float(occ.fractional_occupancy(cu * 1000.0, kd)),
                "your concentration is 10³ too large: 1 ng/mL of a drug with molecular weight MW is 1000/MW nM.",
            ),
            Slip(
                "free_fraction",
                1.0 - r[f"occupancy_{dose}_fraction"],
                "this is the fraction of FREE receptors, K_d/(C_u + K_d); occupancy is C_u/(C_u + K_d).",
            ),
        ]
    return [
        _small_molecule_limit("A", d),
        _small_molecule_limit("B", d),
        _protein_limit("C", d),
        _protein_limit("D", d),
        Check(
            "q1c-binding-rules",
            "q1c-binding-rules",
            "1c",
            "which rule binds",
            1,
            [
                Answer(
                    "binding_rule",
                    kind="mapping",
                    keys=list(DRUGS),
                    type="str",
                    options=["one_percent", "ceiling"],
                    slips=[
                        Slip(
                            "wrong_rule",
                            other_rule,
                            "not the binding rule. Compare 1/100 of its active dose (in µg) with its ceiling "
                            "(100 µg, or 30 nmol × MW for a protein): the smaller one binds.",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q2a-total-conc-nM",
            "q2a-total-conc-nM",
            "2a",
            "total concentrations in nM",
            1,
            [q2[0]["total"], q2[1]["total"]],
            sanity=[
                (
                    "math.isclose(c_total_ther_nM / c_total_micro_nM, cmax_total_ther_ng_per_mL / "
                    "cmax_total_micro_ng_per_mL, rel_tol=0.01)",
                    "convert both concentrations the same way: their ratio must not change when the unit does",
                )
            ],
        ),
        Check(
            "q2b-unbound-conc-nM",
            "q2b-unbound-conc-nM",
            "2b",
            "unbound concentrations",
            1,
            [q2[0]["unbound"], q2[1]["unbound"]],
        ),
        Check(
            "q2c-occupancy-microdose",
            "q2cd-occupancy",
            "2c",
            "occupancy after the microdose",
            1,
            [
                Answer(
                    "occupancy_micro_fraction",
                    fraction=True,
                    fraction_unbound=fu,
                    rtol=1e-3,
                    slip_rtol=1e-3,
                    follow="cu_micro_nM / (cu_micro_nM + kd_E_nM)",
                    slips=occupancy_slips["micro"],
                )
            ],
        ),
        Check(
            "q2d-occupancy-therapeutic",
            "q2cd-occupancy",
            "2d",
            "occupancy after the therapeutic dose",
            1,
            [
                Answer(
                    "occupancy_ther_fraction",
                    fraction=True,
                    fraction_unbound=fu,
                    follow="cu_ther_nM / (cu_ther_nM + kd_E_nM)",
                    slips=occupancy_slips["ther"],
                )
            ],
        ),
        Check(
            "q3a-unbound-for-90pct",
            "q3a-unbound-for-90pct",
            "3a",
            "unbound concentration for 90 %",
            1,
            [
                Answer(
                    "cu_for_90pct_nM",
                    unit="nM",
                    what="a concentration; 0.9, not 90, is 90 %",
                    positive=True,
                    slips=[
                        Slip(
                            "inverted_odds",
                            kd * (1 - TARGET_OCCUPANCY) / TARGET_OCCUPANCY,
                            "you inverted the ratio; from theta = C_u/(C_u + K_d) it follows that "
                            "C_u = K_d × theta/(1 − theta).",
                        )
                    ],
                )
            ],
            sanity=[
                (
                    "float(cu_for_90pct_nM) > kd_E_nM",
                    "at C_u = K_d the occupancy is only 50 %: 90 % needs more than K_d",
                )
            ],
        ),
        Check(
            "q3b-total-for-90pct-nM",
            "q3bc-total-for-90pct",
            "3b",
            "total concentration for 90 %, nM",
            1,
            [
                Answer(
                    "c_total_for_90pct_nM",
                    unit="nM",
                    what="a concentration",
                    positive=True,
                    fraction_unbound=fu,
                    follow="cu_for_90pct_nM / fraction_unbound_E",
                    slips=[
                        Slip(
                            "unbound_times_fu",
                            r["cu_for_90pct_nM"] * fu,
                            "you multiplied the unbound concentration by f_u; the total is larger than the "
                            "unbound, C_total = C_u / f_u.",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q3c-total-for-90pct-ng-per-mL",
            "q3bc-total-for-90pct",
            "3c",
            "total concentration for 90 %, ng/mL",
            1,
            [
                Answer(
                    "c_total_for_90pct_ng_per_mL",
                    unit="ng/mL",
                    what="a concentration",
                    positive=True,
                    fraction_unbound=fu,
                    follow="c_total_for_90pct_nM * mw_E_g_per_mol / units.ML_PER_L",
                    slips=[
                        Slip(
                            "mw_divided",
                            r["c_total_for_90pct_nM"] / d["mw_E"] * 1000.0,
                            "you divided by the molecular weight; from nM to ng/mL you multiply by MW (and "
                            "divide by 1000).",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q3d-fold-to-90pct",
            "q3d-fold-to-90pct",
            "3d",
            "how far the microdose is from 90 %",
            1,
            [
                Answer(
                    "fold_to_90pct",
                    what="a ratio",
                    positive=True,
                    fraction_unbound=fu,
                    follow="cu_for_90pct_nM / cu_micro_nM",
                )
            ],
        ),
    ]


PROBLEM_SET = ProblemSet("ps1_occupancy", default_data, variant_data, reference, checks, context, story)
