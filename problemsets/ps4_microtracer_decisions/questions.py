"""Problem set 4 — Microtracer data to a go/no-go decision (NCA of two arms, F, CL, dose projection)."""

from __future__ import annotations

import math

import numpy as np

from microdose import microtracer as mt
from microdose import nca, occupancy, pk, projection, units

from ..spec import Answer, Check, ProblemSet, Slip
from ..variants import nice

TIME_ORAL_H = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 16.0, 24.0)
TIME_IV_H = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 14.0, 22.0)
TERMINAL_POINTS = 4
TAU_H = 24.0
RTOL = 1e-4  # "exact calculations on the given data": 0.01 %


def simulate_study(
    *, dose_oral_mg, dose_iv_ug, volume_L, clearance_L_per_h, ka_per_h, bioavailability, noise_sd, seed
) -> tuple[list, list]:
    """One volunteer's microtracer data: oral (ng/mL, times after the oral dose) and IV tracer (pg/mL, times
    after the tracer), one-compartment model shared by both routes, log-normal assay error, 3 significant figures."""
    rng = np.random.default_rng(seed)
    t_oral, t_iv = np.array(TIME_ORAL_H), np.array(TIME_IV_H)
    oral = pk.oral_conc_mg_per_L(t_oral, dose_oral_mg, volume_L, clearance_L_per_h, ka_per_h, bioavailability)
    oral = oral * units.NG_PER_ML_PER_MG_PER_L
    oral = oral * np.exp(rng.normal(0.0, noise_sd, t_oral.size))
    tracer = pk.iv_bolus_conc_mg_per_L(t_iv, dose_iv_ug / units.UG_PER_MG, volume_L, clearance_L_per_h)
    tracer = tracer * units.PG_PER_ML_PER_MG_PER_L
    tracer = tracer * np.exp(rng.normal(0.0, noise_sd, t_iv.size))
    return [nice(x, 3) for x in oral], [nice(x, 3) for x in tracer]


def _data(
    *,
    dose_oral_mg,
    tracer_time_h,
    volume_L,
    clearance_L_per_h,
    ka_per_h,
    bioavailability,
    seed,
    kd_nM,
    fraction_unbound,
    mw_g_per_mol,
    tablet_limit_mg,
) -> dict:
    oral, tracer = simulate_study(
        dose_oral_mg=dose_oral_mg,
        dose_iv_ug=100.0,
        volume_L=volume_L,
        clearance_L_per_h=clearance_L_per_h,
        ka_per_h=ka_per_h,
        bioavailability=bioavailability,
        noise_sd=0.08,
        seed=seed,
    )
    return {
        "dose_oral_mg": dose_oral_mg,
        "dose_iv_ug": 100.0,
        "tracer_time_h": tracer_time_h,
        "time_oral_h": list(TIME_ORAL_H),
        "conc_oral_ng_per_mL": oral,
        "time_iv_h": list(TIME_IV_H),
        "conc_iv_pg_per_mL": tracer,
        "kd_nM": kd_nM,
        "fraction_unbound": fraction_unbound,
        "mw_g_per_mol": mw_g_per_mol,
        "tablet_limit_mg": tablet_limit_mg,
        "seed": seed,
        "noise_sd": 0.08,
        "true_volume_L": volume_L,
        "true_clearance_L_per_h": clearance_L_per_h,
        "true_ka_per_h": ka_per_h,
        "true_bioavailability": bioavailability,
    }


def default_data() -> dict:
    """The committed release: V = 90 L, CL = 12 L/h, ka = 1.2 1/h, F = 0.45, 8 % assay error, seed 401."""
    return _data(
        dose_oral_mg=150.0,
        tracer_time_h=2.0,
        volume_L=90.0,
        clearance_L_per_h=12.0,
        ka_per_h=1.2,
        bioavailability=0.45,
        seed=401,
        kd_nM=5.0,
        fraction_unbound=0.10,
        mw_g_per_mol=450.0,
        tablet_limit_mg=200.0,
    )


def variant_data(rng) -> dict:
    """Other plausible data keeping the story: half-life 3.5–7 h (once daily is hard), the 50 % dose fits one
    tablet and the 80 % dose does not, the first two tracer samples fall, under 20 % of either AUC extrapolated."""
    while True:
        volume = nice(rng.uniform(50.0, 150.0), 2)
        half_life = rng.uniform(3.5, 7.0)
        clearance = nice(math.log(2.0) * volume / half_life, 2)
        data = _data(
            dose_oral_mg=float(rng.choice([50.0, 100.0, 150.0, 200.0])),
            tracer_time_h=float(rng.choice([1.0, 1.5, 2.0, 3.0])),
            volume_L=volume,
            clearance_L_per_h=clearance,
            ka_per_h=nice(rng.uniform(0.8, 2.0), 2),
            bioavailability=nice(rng.uniform(0.3, 0.8), 2),
            seed=int(rng.integers(1, 10_000)),
            kd_nM=nice(rng.uniform(1.0, 10.0), 2),
            fraction_unbound=nice(rng.uniform(0.05, 0.3), 2),
            mw_g_per_mol=float(round(rng.uniform(350, 550))),
            tablet_limit_mg=200.0,
        )
        if data["conc_iv_pg_per_mL"][1] >= data["conc_iv_pg_per_mL"][0] or _rising_tail(data):
            continue  # (the story below; reference() needs the peak early)
        r = reference(data)
        limits = [lim for lim in TABLET_LIMITS_MG if 1.15 * r["dose_50pct_mg"] <= lim <= r["dose_80pct_mg"] / 1.15]
        if not limits:
            continue
        data["tablet_limit_mg"] = float(rng.choice(limits))
        if not story(data, reference(data)):
            return data


def _rising_tail(d: dict) -> bool:
    """Whether, in either arm, the first of the last TERMINAL_POINTS samples is not the highest of them (a late
    peak, or assay noise that makes the tail rise): the terminal fit the questions ask for would start later."""
    return any(int(np.argmax(d[name][-TERMINAL_POINTS:])) != 0 for name in ("conc_oral_ng_per_mL", "conc_iv_pg_per_mL"))


TABLET_LIMITS_MG = (100.0, 150.0, 200.0, 250.0, 300.0, 400.0, 500.0)
"""Tablet strengths a variant may set as the largest practical dose (implementation choice)."""


def story(d: dict, r: dict) -> list[str]:
    """What the questions take for granted about the data, as the sentences that fail (see ``ProblemSet``)."""
    broken = []
    if not d["conc_iv_pg_per_mL"][1] < d["conc_iv_pg_per_mL"][0]:
        broken.append("the first two tracer samples should fall (a bolus)")
    if _rising_tail(d):
        broken.append(
            f"in each arm, the first of the last {TERMINAL_POINTS} samples (the terminal fit) should be "
            "the highest of them"
        )
    for arm in ("iv", "oral"):
        if not r[f"auc_extrap_{arm}_percent"] <= 20.0:
            broken.append(
                f"at most 20 % of the {arm} AUC should be extrapolated (it is {r[f'auc_extrap_{arm}_percent']:.3g} %)"
            )
    if not r["bioavailability_fraction"] < 1.0:
        broken.append(f"the bioavailability should be below 1 (it is {r['bioavailability_fraction']:.3g})")
    limit = d["tablet_limit_mg"]
    if not 1.15 * r["dose_50pct_mg"] <= limit:
        broken.append(
            f"the 50 % dose ({r['dose_50pct_mg']:.3g} mg) should fit one tablet of {limit:g} mg with a 15 % margin"
        )
    if not limit <= r["dose_80pct_mg"] / 1.15:
        broken.append(
            f"the 80 % dose ({r['dose_80pct_mg']:.3g} mg) should exceed the {limit:g} mg tablet by 15 % or more"
        )
    return broken


def _arms(d: dict):
    return (
        np.array(d["time_oral_h"]),
        np.array(d["conc_oral_ng_per_mL"]),
        np.array(d["time_iv_h"]),
        np.array(d["conc_iv_pg_per_mL"]),
    )


def _lambda_z(t, c) -> float:
    return float(
        nca.terminal_slope(
            t[-TERMINAL_POINTS:], c[-TERMINAL_POINTS:], min_points=TERMINAL_POINTS, exclude_cmax=False
        ).lambda_z_per_h
    )


def _trough_mg_per_L(d: dict, theta: float) -> float:
    cu = occupancy.unbound_conc_for_occupancy_nM(theta, d["kd_nM"])
    return (
        float(occupancy.nM_to_ng_per_mL(cu / d["fraction_unbound"], d["mw_g_per_mol"])) / units.NG_PER_ML_PER_MG_PER_L
    )


def _dose(
    d: dict,
    theta: float,
    *,
    volume_L,
    bioavailability,
    clearance_L_per_h=None,
    half_life_h=None,
    tau_h=TAU_H,
    ka_per_h=None,
) -> float:
    return float(
        projection.dose_for_trough_occupancy_mg(
            theta,
            kd_nM=d["kd_nM"],
            fraction_unbound=d["fraction_unbound"],
            mw_g_per_mol=d["mw_g_per_mol"],
            volume_L=volume_L,
            tau_h=tau_h,
            bioavailability=bioavailability,
            clearance_L_per_h=clearance_L_per_h,
            half_life_h=half_life_h,
            ka_per_h=ka_per_h,
        )
    )


def reference(d: dict) -> dict:
    """Every graded answer, computed with the course library (NCA, microtracer and projection modules)."""
    t_po, c_po, t_iv, c_iv = _arms(d)
    auc_last_iv = float(nca.nca(t_iv, c_iv, route="iv_bolus").auc_last)  # (0, C0) added by the library
    auc_last_po = float(nca.nca(t_po, c_po, route="extravascular").auc_last)
    lz_iv, lz_po = _lambda_z(t_iv, c_iv), _lambda_z(t_po, c_po)
    auc_inf_iv = auc_last_iv + c_iv[-1] / lz_iv
    auc_inf_po = auc_last_po + c_po[-1] / lz_po
    f = float(mt.absolute_bioavailability(auc_inf_po, d["dose_oral_mg"], auc_inf_iv, d["dose_iv_ug"]))
    cl = float(mt.systemic_clearance_L_per_h(d["dose_iv_ug"], auc_inf_iv))
    vz = float(mt.volume_z_L(d["dose_iv_ug"], auc_inf_iv, lz_iv))
    dose50 = _dose(d, 0.5, volume_L=vz, bioavailability=f, clearance_L_per_h=cl)
    dose80 = _dose(d, 0.8, volume_L=vz, bioavailability=f, clearance_L_per_h=cl)
    go50, go80 = projection.go_no_go(dose50, d["tablet_limit_mg"]), projection.go_no_go(dose80, d["tablet_limit_mg"])
    return {
        "auc_last_iv_pg_h_per_mL": auc_last_iv,
        "lambda_z_iv_per_h": lz_iv,
        "half_life_iv_h": math.log(2.0) / lz_iv,
        "auc_inf_iv_pg_h_per_mL": auc_inf_iv,
        "auc_extrap_iv_percent": 100.0 * (auc_inf_iv - auc_last_iv) / auc_inf_iv,
        "auc_last_oral_ng_h_per_mL": auc_last_po,
        "lambda_z_oral_per_h": lz_po,
        "half_life_oral_h": math.log(2.0) / lz_po,
        "auc_inf_oral_ng_h_per_mL": auc_inf_po,
        "auc_extrap_oral_percent": 100.0 * (auc_inf_po - auc_last_po) / auc_inf_po,
        "bioavailability_fraction": f,
        "cl_L_per_h": cl,
        "vz_L": vz,
        "cl_over_f_L_per_h": float(
            pk.apparent_clearance_L_per_h(d["dose_oral_mg"], auc_inf_po / units.NG_PER_ML_PER_MG_PER_L)
        ),
        "c_trough_50pct_mg_per_L": _trough_mg_per_L(d, 0.5),
        "c_trough_80pct_mg_per_L": _trough_mg_per_L(d, 0.8),
        "dose_50pct_mg": dose50,
        "dose_80pct_mg": dose80,
        "go_50pct": go50.go,
        "go_80pct": go80.go,
        "tablets_80pct": go80.tablets_needed,
    }


def context(d: dict, r: dict) -> dict:
    """Numbers quoted by the narrative and the model answer."""
    t_po, c_po, t_iv, _ = _arms(d)
    k, t_half = r["lambda_z_iv_per_h"], r["half_life_iv_h"]
    vz, f = r["vz_L"], r["bioavailability_fraction"]
    falls = [i for i in range(1, t_po.size - 1) if c_po[i + 1] < c_po[i] and np.any(np.diff(c_po[i + 1 :]) > 0)]
    if falls:
        i = falls[0]
        j = next(j for j in range(i + 1, t_po.size - 1) if c_po[j + 1] >= c_po[j])
        wobble = (
            f"wobbles around its peak (assay noise: {t_po[i]:g} h → {t_po[i + 1]:g} h falls, "
            f"{t_po[j]:g} h → {t_po[j + 1]:g} h rises again)"
        )
    else:
        wobble = "peaks"
    mr_ka = nice(0.75 * k, 2)
    one_tablet = float(
        projection.trough_occupancy(
            d["tablet_limit_mg"],
            kd_nM=d["kd_nM"],
            fraction_unbound=d["fraction_unbound"],
            mw_g_per_mol=d["mw_g_per_mol"],
            volume_L=vz,
            tau_h=TAU_H,
            bioavailability=f,
            clearance_L_per_h=r["cl_L_per_h"],
        )
    )
    true_cl, true_v, true_f = d["true_clearance_L_per_h"], d["true_volume_L"], d["true_bioavailability"]
    return {
        "last4_iv_text": _listing(t_iv[-TERMINAL_POINTS:]),
        "last4_oral_text": _listing(t_po[-TERMINAL_POINTS:]),
        "wobble_text": wobble,
        "dose80_over_tablet": r["dose_80pct_mg"] / d["tablet_limit_mg"],
        "tau_over_half_life": TAU_H / t_half,
        "remaining": math.exp(-k * TAU_H),
        "peak_to_trough": math.exp(k * TAU_H),
        "dose80_bid_mg": _dose(d, 0.8, volume_L=vz, bioavailability=f, clearance_L_per_h=r["cl_L_per_h"], tau_h=12.0),
        "mr_ka_per_h": mr_ka,
        "dose80_mr_mg": _dose(
            d, 0.8, volume_L=vz, bioavailability=f, clearance_L_per_h=r["cl_L_per_h"], ka_per_h=mr_ka
        ),
        "occupancy_one_tablet": one_tablet,
        "dose80_low_mg": _dose(d, 0.8, volume_L=vz, bioavailability=f, half_life_h=1.1 * t_half),
        "dose80_high_mg": _dose(d, 0.8, volume_L=vz, bioavailability=f, half_life_h=0.9 * t_half),
        "true_half_life_h": math.log(2.0) * true_v / true_cl,
        "true_dose50_mg": _dose(d, 0.5, volume_L=true_v, bioavailability=true_f, clearance_L_per_h=true_cl),
        "true_dose80_mg": _dose(d, 0.8, volume_L=true_v, bioavailability=true_f, clearance_L_per_h=true_cl),
    }


def _listing(times) -> str:
    values = [f"{t:g}" for t in times]
    return ", ".join(values[:-1]) + " and " + values[-1]


# --------------------------------------------------------------------------------------------
# The graded questions
# --------------------------------------------------------------------------------------------


def _number(name, unit, slips=(), **options) -> Answer:
    return Answer(name, unit=unit, rtol=RTOL, positive=options.pop("positive", True), slips=list(slips), **options)


def _auc_slips(t, c, reference_last, reference_inf, arm: str, c0=None) -> list[Slip]:
    """Typical wrong AUC_0-last values of one arm (``c0`` given for the IV bolus)."""
    slips = []
    if c0 is not None:
        t0, c_0 = np.r_[0.0, t], np.r_[c0, c]
        slips += [
            Slip(
                "no_c0",
                nca.auc_last(t, c),
                f"your AUC starts at the first sample ({t[0]:g} h). After "
                "an IV bolus the drug is in plasma from t = 0 on: put the "
                "back-extrapolated point (0, C0) in front of the data before "
                "integrating.",
            ),
            Slip(
                "linear_trapezoid",
                nca.auc_last(t0, c_0, method="linear"),
                "this is the LINEAR trapezoid on every segment; where the concentration falls use the log "
                "trapezoid dt (C1 - C2) / ln(C1 / C2).",
            ),
            Slip(
                "no_c0_linear",
                nca.auc_last(t, c, method="linear"),
                "two slips: the AUC starts at the first sample instead of at (0, C0), and it uses the "
                "linear trapezoid on falling segments where the log trapezoid is wanted.",
            ),
            Slip(
                "c0_first_sample",
                nca.auc_last(t0, np.r_[c[0], c]),
                "you started at (0, C1), i.e. C0 = the first sample; back-extrapolate C0 along the "
                "log-linear line through the first two samples.",
            ),
        ]
        slips.append(
            Slip(
                "zero_at_time_zero",
                nca.auc_last(t0, np.r_[0.0, c], method="linear-up/log-down"),
                "you started from (0, C = 0); after an IV bolus the concentration is highest at t = 0: "
                "put the back-extrapolated C0 there.",
            )
        )
        t_all, c_all = t0, c_0
    else:
        slips += [
            Slip(
                "linear_trapezoid",
                nca.auc_last(t, c, method="linear"),
                "this is the LINEAR trapezoid on every segment; where the concentration falls use the log "
                "trapezoid dt (C1 - C2) / ln(C1 / C2).",
            ),
            Slip(
                "missing_first_segment",
                nca.auc_last(t[1:], c[1:]),
                f"your AUC starts at {t[1]:g} h; include the first segment from the pre-dose point (0 h, 0 ng/mL).",
            ),
        ]
        t_all, c_all = t, c
    rising = [i for i in range(t_all.size - 1) if c_all[i + 1] > c_all[i] > 0]
    if rising:
        positive = c_all > 0
        tp, cp = t_all[positive], c_all[positive]
        flat = cp[:-1] == cp[1:]
        log_mean = np.where(flat, cp[:-1], (cp[:-1] - cp[1:]) / np.log(np.where(flat, 2.0, cp[:-1] / cp[1:])))
        all_log = float(np.sum(np.diff(tp) * log_mean))
        if not positive[0]:
            all_log += tp[0] * cp[0] / 2.0
        first = rising[0]
        slips.append(
            Slip(
                "log_on_rising",
                all_log,
                f"you used the log trapezoid on a rising segment as well (e.g. "
                f"{t_all[first]:g} -> {t_all[first + 1]:g} h); rising or flat "
                "segments take the linear trapezoid.",
            )
        )
    slips.append(
        Slip("auc_inf_for_last", reference_inf, f"this is AUC_0-inf; auc_last_{arm} stops at the last sample.")
    )
    return slips


def _lambda_slips(t, c, other_lambda, arm_text: str, which: str) -> list[Slip]:
    slips = [
        Slip(
            "wrong_points",
            -np.polyfit(t[-n:], np.log(c[-n:]), 1)[0],
            f"this is the regression through the last {n} samples; use exactly the last FOUR ({arm_text}).",
        )
        for n in (3, 5, 6)
        if n <= t.size
    ]
    try:
        automatic = nca.nca(t, c, route="iv_bolus" if which == "iv" else "extravascular").lambda_z_per_h
    except ValueError:  # no automatic terminal phase in these data: a slip nobody can make
        automatic = None
    if automatic is not None and np.isfinite(automatic):
        slips.append(
            Slip(
                "automatic_points",
                automatic,
                "this is an automatic choice of points; the question fixes the last four samples.",
            )
        )
    if which == "iv":
        slips.append(
            Slip(
                "two_point_slope",
                math.log(c[-4] / c[-1]) / (t[-1] - t[-4]),
                "this is the slope between the first and last of the four points only; fit all four by "
                "least squares (np.polyfit).",
            )
        )
    else:
        slips.append(Slip("other_arm", other_lambda, "this is the TRACER's lambda_z; fit the oral concentrations."))
    return slips


ARMS = {
    # arm: (question label, answer cell, variable suffix, AUC unit, data names, box factor, what a wrong
    #       unit conversion would be, the arm in words, where its lambda_z points are)
    "iv": (
        "1a",
        "q1a-tracer-nca",
        "iv",
        "pg·h/mL",
        ("time_iv_h", "conc_iv_pg_per_mL"),
        "2 * ",
        "convert pg to ng",
        "of the tracer",
        "h after the tracer",
    ),
    "oral": (
        "1b",
        "q1b-oral-nca",
        "oral",
        "ng·h/mL",
        ("time_oral_h", "conc_oral_ng_per_mL"),
        "",
        "convert ng to µg",
        "of the oral arm",
        "h after the oral dose",
    ),
}


def _nca_checks(d: dict, r: dict, arm: str) -> list[Check]:
    """The three NCA checks of one arm (AUC to the last sample; λz and t½; AUC to infinity and % extrapolated)."""
    label, cell, suffix, auc_unit, (time_name, conc_name), box, unit_slip, words, where = ARMS[arm]
    t_po, c_po, t_iv, c_iv = _arms(d)
    t, c = (t_iv, c_iv) if arm == "iv" else (t_po, c_po)
    other_lz = r["lambda_z_oral_per_h"] if arm == "iv" else r["lambda_z_iv_per_h"]
    unit_name = auc_unit.replace("·", "_").replace("/", "_per_")
    last_name, inf_name = f"auc_last_{suffix}_{unit_name}", f"auc_inf_{suffix}_{unit_name}"
    lz_name, half_name, pct_name = f"lambda_z_{suffix}_per_h", f"half_life_{suffix}_h", f"auc_extrap_{suffix}_percent"
    last, inf, lz = r[last_name], r[inf_name], r[lz_name]
    c0 = nca.back_extrapolate_c0(t, c) if arm == "iv" else None
    extrapolation = [
        Slip(
            "times_lambda",
            last + c[-1] * lz,
            "the extrapolated area is C_last DIVIDED by lambda_z (the integral of C_last e^(-lambda_z t)).",
        )
    ]
    extrapolation.append(
        Slip(
            "times_half_life",
            last + c[-1] * math.log(2.0) / lz,
            "you extrapolated with C_last x t_half; the area is C_last / lambda_z.",
        )
        if arm == "iv"
        else Slip(
            "other_arm",
            last + c[-1] / other_lz,
            "you extrapolated the oral curve with the TRACER's lambda_z; use the oral one.",
        )
    )
    return [
        Check(
            f"q{label}-auc-last-{suffix}",
            cell,
            label,
            f"AUC {words} to the last sample",
            1,
            [_number(last_name, auc_unit, _auc_slips(t, c, last, inf, f"{suffix}_{unit_name}", c0=c0))],
            sanity=[
                (
                    f"{last_name} < {box}{conc_name}.max() * {time_name}[-1]",
                    f"{last_name} is larger than the box C_max x t_last: check the units (keep "
                    f"{auc_unit.split('·')[0]}/mL and h)",
                ),
                (
                    f"{last_name} > {conc_name}[-1] * {time_name}[-1]",
                    f"{last_name} is smaller than the rectangle under the last concentration: did you drop "
                    f"segments or {unit_slip}? Keep the AUC in {auc_unit}",
                ),
            ],
        ),
        Check(
            f"q{label}-lambda-z-{suffix}",
            cell,
            label,
            f"terminal rate constant and half-life {words}",
            1,
            [
                _number(
                    lz_name, "1/h", _lambda_slips(t, c, other_lz, _listing(t[-TERMINAL_POINTS:]) + f" {where}", arm)
                ),
                _number(half_name, "h", follow=f"math.log(2) / {lz_name}"),
            ],
            sanity=[
                (f"{lz_name} < 5", f"{lz_name} is implausibly large for a terminal phase: check the regression"),
                (
                    f"math.isclose({half_name} * {lz_name}, math.log(2), rel_tol=1e-6)",
                    f"{half_name} must be ln(2) / {lz_name} (natural log, np.log)",
                ),
            ],
        ),
        Check(
            f"q{label}-auc-inf-{suffix}",
            cell,
            label,
            f"AUC {words} to infinity, % extrapolated",
            1,
            [
                _number(inf_name, auc_unit, extrapolation, follow=f"{last_name} + {conc_name}[-1] / {lz_name}"),
                _number(
                    pct_name,
                    "%",
                    [
                        Slip(
                            "relative_to_last",
                            100.0 * (inf - last) / last,
                            "the extrapolated percentage is relative to AUC_0-inf, not to AUC_0-last.",
                        )
                    ],
                    percent=True,
                    follow=f"100 * ({inf_name} - {last_name}) / {inf_name}",
                ),
            ],
            sanity=[
                (
                    f"{inf_name} > {last_name}",
                    "AUC_0-inf adds the extrapolated area C_last / lambda_z to AUC_0-last, so it must be larger",
                )
            ],
        ),
    ]


def checks(d: dict, r: dict) -> list[Check]:
    """The graded test cells of the problem set."""
    _t_po, _c_po, t_iv, c_iv = _arms(d)
    c0_iv = nca.back_extrapolate_c0(t_iv, c_iv)
    d_po, d_iv = d["dose_oral_mg"], d["dose_iv_ug"]
    lz_iv, lz_po = r["lambda_z_iv_per_h"], r["lambda_z_oral_per_h"]
    last_iv, inf_iv = r["auc_last_iv_pg_h_per_mL"], r["auc_inf_iv_pg_h_per_mL"]
    last_po, inf_po = r["auc_last_oral_ng_h_per_mL"], r["auc_inf_oral_ng_h_per_mL"]
    f, cl, vz, cl_f = r["bioavailability_fraction"], r["cl_L_per_h"], r["vz_L"], r["cl_over_f_L_per_h"]
    fu = d["fraction_unbound"]

    def dose_slips(theta: float) -> list[Slip]:
        c = _trough_mg_per_L(d, theta)
        dose = r["dose_50pct_mg"] if theta == 0.5 else r["dose_80pct_mg"]
        remaining, remaining_1h = math.exp(-lz_iv * TAU_H), math.exp(-lz_iv)
        return [
            Slip(
                "missing_bioavailability",
                dose * f,
                "F is missing: only the fraction F of an oral dose reaches the blood, so D = ... / F.",
            ),
            Slip("times_bioavailability", dose * f**2, "you multiplied by F; the dose must be DIVIDED by F."),
            Slip(
                "single_dose",
                dose / (1.0 - remaining),
                "this is the trough after a SINGLE dose; at steady "
                "state the doses accumulate, which is why the formula "
                "has (1 - e^(-k tau)).",
            ),
            Slip(
                "average_for_trough",
                c * lz_iv * vz * TAU_H / f,
                "this dose makes the AVERAGE steady-state concentration equal to the target; the trough is much "
                "lower than the average, and the target must hold at the trough.",
            ),
            Slip(
                "tau_in_days",
                c * vz * (1.0 - remaining_1h) / (f * remaining_1h),
                "you used tau = 1 (days?) with k in 1/h; tau must be 24 h.",
            ),
            Slip(
                "oral_lambda",
                c * vz * (1.0 - math.exp(-lz_po * TAU_H)) / (f * math.exp(-lz_po * TAU_H)),
                "you used the ORAL lambda_z; the question asks for k = lambda_z of the tracer.",
            ),
        ]

    dose_follow = (
        "c_trough_{p}pct_mg_per_L * vz_L * (1 - math.exp(-lambda_z_iv_per_h * tau_h)) / "
        "(bioavailability_fraction * math.exp(-lambda_z_iv_per_h * tau_h))"
    )
    return [
        *_nca_checks(d, r, "iv"),
        *_nca_checks(d, r, "oral"),
        Check(
            "q2a-bioavailability",
            "q2-bioavailability-clearance",
            "2a",
            "absolute bioavailability",
            1,
            [
                _number(
                    "bioavailability_fraction",
                    "(fraction)",
                    [
                        Slip(
                            "units_1e3",
                            f / 1000.0,
                            "1000 times too small. You converted one arm but not the other "
                            "(e.g. the tracer dose to mg while its AUC stayed in pg·h/mL). "
                            "ng/mL with mg and pg/mL with µg need no conversion at all.",
                        ),
                        Slip(
                            "units_1e3",
                            f * 1000.0,
                            "1000 times too large. You converted one arm but not the other "
                            "(e.g. the tracer AUC to ng·h/mL while its dose stayed in µg). "
                            "ng/mL with mg and pg/mL with µg need no conversion at all.",
                        ),
                        Slip(
                            "inverted",
                            1.0 / f,
                            "upside down: F = (AUC_po / D_po) / (AUC_iv / D_iv), oral over intravenous.",
                        ),
                        Slip(
                            "auc_last_for_inf",
                            (last_po / d_po) / (last_iv / d_iv),
                            "you used AUC_0-last; F needs AUC_0-inf of both arms.",
                        ),
                        Slip("dose_missing", inf_po / inf_iv, "you forgot to divide each AUC by its dose."),
                    ],
                    follow="(auc_inf_oral_ng_h_per_mL / dose_oral_mg) / (auc_inf_iv_pg_h_per_mL / dose_iv_ug)",
                )
            ],
        ),
        Check(
            "q2b-clearance",
            "q2-bioavailability-clearance",
            "2b",
            "systemic clearance",
            1,
            [
                _number(
                    "cl_L_per_h",
                    "L/h",
                    [
                        Slip(
                            "units_1e3",
                            cl / 1e3,
                            "1000 times too small: µg / (pg·h/mL) is 10^6 mL/h, i.e. 1000 L/h per unit.",
                        ),
                        Slip(
                            "units_1e3",
                            cl * 1e3,
                            "1000 times too large: did you leave the result in mL/h? 1 L = 1000 mL.",
                        ),
                        Slip(
                            "units_1e6",
                            cl / 1e6,
                            "10^6 times too small: convert the dose from µg to pg (x 10^6) before dividing.",
                        ),
                        Slip(
                            "units_1e9",
                            cl / 1e9,
                            "10^9 times too small: µg -> pg is x 10^6, and mL/h -> L/h is / 1000.",
                        ),
                        Slip(
                            "oral_clearance",
                            cl_f,
                            "this is CL/F from the oral arm; systemic clearance comes from the IV tracer.",
                        ),
                        Slip(
                            "auc_last_for_inf",
                            float(mt.systemic_clearance_L_per_h(d_iv, last_iv)),
                            "you used AUC_0-last; clearance needs AUC_0-inf.",
                        ),
                    ],
                    follow="dose_iv_ug * units.PG_PER_UG / auc_inf_iv_pg_h_per_mL / units.ML_PER_L",
                )
            ],
        ),
        Check(
            "q2c-volume",
            "q2-bioavailability-clearance",
            "2c",
            "terminal volume V_z",
            1,
            [
                _number(
                    "vz_L",
                    "L",
                    [
                        Slip(
                            "initial_volume",
                            d_iv * units.PG_PER_UG / c0_iv / units.ML_PER_L,
                            "this is the initial volume dose / C0; "
                            "V_z is CL / lambda_z (the terminal "
                            "phase, not the first sample).",
                        ),
                        Slip(
                            "times_half_life",
                            cl * math.log(2.0) / lz_iv,
                            "you multiplied CL by t_half; V_z = CL / lambda_z = CL x t_half / ln 2.",
                        ),
                        Slip(
                            "oral_lambda",
                            cl / lz_po,
                            "you used the ORAL lambda_z; V_z of the tracer uses the tracer's lambda_z.",
                        ),
                        Slip("times_lambda", cl * lz_iv, "V_z = CL / lambda_z; you multiplied."),
                        Slip(
                            "oral_clearance",
                            cl_f / lz_iv,
                            "this is V_z/F (CL/F divided by lambda_z); the tracer gives V_z itself: CL / lambda_z.",
                        ),
                    ],
                    follow="cl_L_per_h / lambda_z_iv_per_h",
                )
            ],
        ),
        Check(
            "q2d-oral-clearance",
            "q2-bioavailability-clearance",
            "2d",
            "apparent oral clearance CL/F",
            1,
            [
                _number(
                    "cl_over_f_L_per_h",
                    "L/h",
                    [
                        Slip("times_bioavailability", cl * f, "CL/F means CL DIVIDED by F."),
                        Slip(
                            "units_1e3",
                            cl_f * 1e3,
                            "1000 times too large: did you leave the result in mL/h? 1 L = 1000 mL.",
                        ),
                        Slip(
                            "units_1e3",
                            cl_f / 1e3,
                            "1000 times too small: mg / (ng·h/mL) is 10^6 mL/h, i.e. 1000 L/h per unit.",
                        ),
                    ],
                    follow="dose_oral_mg * units.NG_PER_MG / auc_inf_oral_ng_h_per_mL / units.ML_PER_L",
                )
            ],
        ),
        Check(
            "q3a-trough-concentrations",
            "q3a-trough-concentrations",
            "3a",
            "trough concentrations for 50 % and 80 %",
            1,
            [
                _number(
                    f"c_trough_{p}pct_mg_per_L",
                    "mg/L",
                    [
                        Slip(
                            "missing_odds",
                            r[f"c_trough_{p}pct_mg_per_L"] * (1.0 - theta),
                            "you used K_d x theta; the unbound concentration is K_d x theta / (1 - theta).",
                        ),
                        Slip(
                            "times_fu",
                            r[f"c_trough_{p}pct_mg_per_L"] * fu**2,
                            "you multiplied the unbound concentration by f_u; the total is larger: C_total = C_u / "
                            "f_u.",
                        ),
                        Slip(
                            "units_1e3",
                            r[f"c_trough_{p}pct_mg_per_L"] * units.NG_PER_ML_PER_MG_PER_L,
                            "1000 times too large: this is ng/mL (= µg/L); the answer is wanted in mg/L.",
                        ),
                    ],
                    fraction_unbound=fu,
                )
                for p, theta in (("50", 0.5), ("80", 0.8))
            ],
            sanity=[
                ("c_trough_80pct_mg_per_L > c_trough_50pct_mg_per_L", "more occupancy needs a higher concentration")
            ],
        ),
        Check(
            "q3b-dose-50pct",
            "q3bc-projected-doses",
            "3b",
            "once-daily dose for 50 %",
            1,
            [_number("dose_50pct_mg", "mg", dose_slips(0.5), fraction_unbound=fu, follow=dose_follow.format(p=50))],
        ),
        Check(
            "q3c-dose-80pct",
            "q3bc-projected-doses",
            "3c",
            "once-daily dose for 80 %",
            1,
            [
                _number(
                    "dose_80pct_mg",
                    "mg",
                    dose_slips(0.8)
                    + [
                        Slip(
                            "linear_in_occupancy",
                            r["dose_50pct_mg"] * 0.8 / 0.5,
                            "you scaled the 50 % dose by 0.8/0.5; the dose follows the occupancy ODDS "
                            "theta/(1 - theta), which is 4 times larger at 80 % than at 50 %.",
                        )
                    ],
                    fraction_unbound=fu,
                    follow=dose_follow.format(p=80),
                )
            ],
        ),
        Check(
            "q4a-go-flags",
            "q4-go-no-go",
            "4a",
            "go or no-go for each target",
            1,
            [
                Answer(
                    f"go_{p}pct",
                    kind="exact",
                    type="bool",
                    follow=f"bool(dose_{p}pct_mg <= tablet_limit_mg)",
                    slips=[
                        Slip(
                            "wrong_verdict",
                            not r[f"go_{p}pct"],
                            "GO means the projected once-daily dose fits in ONE tablet, dose <= "
                            "tablet_limit_mg; compare your dose for this target with the tablet limit.",
                        )
                    ],
                )
                for p in ("50", "80")
            ],
        ),
        Check(
            "q4b-tablets",
            "q4-go-no-go",
            "4b",
            "tablets a day for 80 %",
            1,
            [
                Answer(
                    "tablets_80pct",
                    kind="exact",
                    type="int",
                    follow="math.ceil(dose_80pct_mg / tablet_limit_mg)",
                    slips=[
                        Slip(
                            "rounded_down",
                            r["tablets_80pct"] - 1,
                            "you rounded DOWN; fewer tablets than dose / tablet limit would not reach the "
                            "target: use math.ceil.",
                        )
                    ],
                )
            ],
            sanity=[("tablets_80pct >= 1", "at least one tablet is needed: round UP with math.ceil")],
        ),
    ]


PROBLEM_SET = ProblemSet("ps4_microtracer_decisions", default_data, variant_data, reference, checks, context, story)
