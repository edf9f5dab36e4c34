"""Problem set 2 — When linearity breaks (Michaelis–Menten clearance, dose proportionality, MBI)."""

from __future__ import annotations

import math

import numpy as np

from microdose import nca, units
from microdose.nonlinear import (
    CYP3A4_DEGRADATION_HALF_LIFE_H,
    linear_extrapolation_error,
    mbi_clearance_L_per_h,
    mbi_enzyme_fraction_constant_exposure,
    mbi_steady_state_enzyme_fraction,
    mm_clearance_L_per_h,
    mm_elimination_rate_mg_per_h,
    mm_iv_bolus_conc_lambertw,
)

from ..spec import Answer, Check, ProblemSet, Slip
from ..variants import nice

TIME_H = (0.083, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 36.0, 48.0)
"""Clinical sampling schedule: first sample 5 min after the bolus, last at 48 h."""
DOSES_MG = (0.1, 10.0, 300.0)
TERMINAL_POINTS = 3
EXACT = 1e-4  # Questions 2 and 3 are exact calculations on the given data: checked to 0.01 %
N_DAYS = 3  # part 4d (the variable name says day3)
EXPOSURE_DAY3_H = N_DAYS * units.HOURS_PER_DAY  # part 4d: the time of constant exposure, h


def simulate_profiles(volume_L, vmax_mg_per_h, km_mg_per_L, noise_sd, seed) -> np.ndarray:
    """Mean concentrations (ng/mL) after IV boluses of 0.1, 10 and 300 mg: one-compartment Michaelis–Menten
    elimination (exact Lambert-W solution), log-normal assay noise, reported to 4 significant figures."""
    t = np.array(TIME_H)
    conc = (
        mm_iv_bolus_conc_lambertw(t, np.array(DOSES_MG), volume_L, vmax_mg_per_h, km_mg_per_L)
        * units.NG_PER_ML_PER_MG_PER_L
        * np.exp(np.random.default_rng(seed).normal(0.0, noise_sd, (len(DOSES_MG), t.size)))
    )
    return np.array([nice(x, 4) for x in conc.ravel()]).reshape(conc.shape)


def _data(vmax1, km1, volume, vmax2, km2, noise_sd, seed, mbi) -> dict:
    conc = simulate_profiles(volume, vmax2, km2, noise_sd, seed)
    return {
        "vmax1_mg_per_h": vmax1,
        "km1_mg_per_L": km1,
        "conc1_mg_per_L": sorted({0.001, 0.1, 1.0, km1, 10.0, 20.0}),
        "v2_L": volume,
        "vmax2_mg_per_h": vmax2,
        "km2_mg_per_L": km2,
        "noise_sd": noise_sd,
        "seed": seed,
        "time_h": list(TIME_H),
        "dose_mg": list(DOSES_MG),
        "conc_micro_pg_per_mL": [nice(x * units.PG_PER_ML_PER_NG_PER_ML, 4) for x in conc[0]],
        "conc_10mg_ng_per_mL": conc[1].tolist(),
        "conc_300mg_ng_per_mL": conc[2].tolist(),
        "cyp3a4_half_life_h": CYP3A4_DEGRADATION_HALF_LIFE_H,
        **mbi,
    }


def default_data() -> dict:
    """The committed release: phenytoin-like Vmax and Km in Q1; Q2 simulated from V = 70 L, Vmax = 14 mg/h,
    Km = 2 mg/L with 5 % assay noise (seed 2024)."""
    return _data(
        21.0,
        4.0,
        70.0,
        14.0,
        2.0,
        0.05,
        2024,
        {"kinact_per_min": 0.04, "ki_uM": 10.0, "iu_uM": 0.1, "cl0_L_per_h": 20.0, "fm_cyp3a4": 0.8},
    )


def variant_data(rng) -> dict:
    """Other plausible data, keeping the story: 10 mg dose-proportional (C0 well below Km), 300 mg clearly
    not (AUC/dose up by more than 30 %), and an enzyme that is still losing ground on day 3."""
    while True:
        data = _data(
            nice(rng.uniform(10.0, 30.0), 2),
            nice(rng.uniform(2.0, 8.0), 2),
            nice(rng.uniform(50.0, 100.0), 2),
            nice(rng.uniform(10.0, 25.0), 2),
            nice(rng.uniform(1.0, 4.0), 2),
            0.05,
            int(rng.integers(1, 10_000)),
            {
                "kinact_per_min": nice(rng.uniform(0.02, 0.08), 2),
                "ki_uM": nice(rng.uniform(2.0, 20.0), 2),
                "iu_uM": nice(rng.uniform(0.05, 0.5), 2),
                "cl0_L_per_h": nice(rng.uniform(10.0, 40.0), 2),
                "fm_cyp3a4": nice(rng.uniform(0.5, 0.9), 2),
            },
        )
        if not story(data, reference(data)):
            return data


def story(d: dict, r: dict) -> list[str]:
    """What the questions take for granted about the data, as the sentences that fail (see ``ProblemSet``)."""
    broken = []
    per_dose = r["auc_per_dose_ng_h_per_mL_per_mg"]
    if not abs(per_dose[1] / per_dose[0] - 1.0) < 0.15:
        broken.append(
            f"the 10 mg dose should be dose-proportional to the microdose (AUC/dose within 15 %; the "
            f"ratio is {per_dose[1] / per_dose[0]:.3g})"
        )
    if not r["dose_normalised_auc_ratio"] > 1.3:
        broken.append(
            f"the 300 mg dose should be clearly more than proportional (dose-normalised AUC ratio above "
            f"1.3; it is {r['dose_normalised_auc_ratio']:.3g})"
        )
    if not r["enzyme_day3_fraction"] - r["enzyme_ss_fraction"] > 0.02:
        broken.append(
            "the enzyme should still be losing ground on day 3 (day-3 fraction more than 0.02 above the steady state)"
        )
    if not r["enzyme_ss_fraction"] < 0.8:
        broken.append(
            f"the inhibitor should remove more than 20 % of the enzyme at steady state (it leaves "
            f"{r['enzyme_ss_fraction']:.3g})"
        )
    if not np.all(np.asarray(r["lambda_z_per_h"]) > 0):
        broken.append("every profile should have a falling terminal phase (lambda_z > 0)")
    return broken


def _profiles_ng(d: dict) -> np.ndarray:
    return np.vstack(
        [
            np.array(d["conc_micro_pg_per_mL"]) / units.PG_PER_ML_PER_NG_PER_ML,
            d["conc_10mg_ng_per_mL"],
            d["conc_300mg_ng_per_mL"],
        ]
    )


def _kobs_per_h(d: dict, kinact_per_h: float) -> float:
    return kinact_per_h * d["iu_uM"] / (d["ki_uM"] + d["iu_uM"])


def _conc_for_clearance_fraction(fraction: float, vmax_mg_per_h: float, km_mg_per_L: float) -> float:
    """The concentration (mg/L) at which Michaelis–Menten clearance is ``fraction`` of Vmax/Km (root-finding on the
    library's clearance, independent of the closed form the students derive)."""
    from scipy.optimize import brentq

    linear = float(mm_clearance_L_per_h(0.0, vmax_mg_per_h, km_mg_per_L))
    return float(
        brentq(
            lambda c: float(mm_clearance_L_per_h(c, vmax_mg_per_h, km_mg_per_L)) - fraction * linear,
            0.0,
            1e4,
            xtol=1e-12,
        )
    )


def reference(d: dict) -> dict:
    """Every graded answer, computed with the course library."""
    c1 = np.array(d["conc1_mg_per_L"])
    vmax1, km1 = d["vmax1_mg_per_h"], d["km1_mg_per_L"]
    cl_linear = float(mm_clearance_L_per_h(0.0, vmax1, km1))
    t, conc = np.array(d["time_h"]), _profiles_ng(d)
    auc_last = np.array([nca.auc_last(np.r_[0.0, t], np.r_[c[0], c], method="linear") for c in conc])
    lambda_z = np.array(
        [
            nca.terminal_slope(
                t[-TERMINAL_POINTS:], c[-TERMINAL_POINTS:], min_points=TERMINAL_POINTS, exclude_cmax=False
            ).lambda_z_per_h
            for c in conc
        ]
    )
    auc_inf = auc_last + conc[:, -1] / lambda_z
    per_dose = auc_inf / np.array(d["dose_mg"])
    predicted = auc_inf[0] * d["dose_mg"][2] / d["dose_mg"][0]
    kdeg = math.log(2.0) / d["cyp3a4_half_life_h"]
    kinact_per_h = d["kinact_per_min"] * units.MINUTES_PER_HOUR
    e_ss = float(mbi_steady_state_enzyme_fraction(d["iu_uM"], kinact_per_h, d["ki_uM"], kdeg))
    return {
        "cl_L_per_h": mm_clearance_L_per_h(c1, vmax1, km1),
        "cl_ratio_to_linear": mm_clearance_L_per_h(c1, vmax1, km1) / cl_linear,
        "c_cl_halved_mg_per_L": _conc_for_clearance_fraction(0.5, vmax1, km1),
        "c_cl_down10pct_mg_per_L": _conc_for_clearance_fraction(0.9, vmax1, km1),
        "conc_ng_per_mL": conc,
        "auc_last_ng_h_per_mL": auc_last,
        "lambda_z_per_h": lambda_z,
        "auc_inf_ng_h_per_mL": auc_inf,
        "auc_per_dose_ng_h_per_mL_per_mg": per_dose,
        "dose_normalised_auc_ratio": float(per_dose[2] / per_dose[0]),
        "underprediction_pct": 100.0 * (auc_inf[2] - predicted) / predicted,
        "kdeg_per_h": kdeg,
        "enzyme_ss_fraction": e_ss,
        "cl_ss_L_per_h": float(mbi_clearance_L_per_h(e_ss, d["cl0_L_per_h"], d["fm_cyp3a4"])),
        "enzyme_day3_fraction": float(
            mbi_enzyme_fraction_constant_exposure([0.0, EXPOSURE_DAY3_H], d["iu_uM"], kinact_per_h, d["ki_uM"], kdeg)[
                -1
            ]
        ),
    }


def context(d: dict, r: dict) -> dict:
    """Numbers quoted by the instructor note and the model answer."""
    c0_micro_mg_per_L = d["dose_mg"][0] / d["v2_L"]
    per_dose = r["auc_per_dose_ng_h_per_mL_per_mg"]
    return {
        "c0_micro_ng_per_mL": units.NG_PER_ML_PER_MG_PER_L * c0_micro_mg_per_L,
        "km_over_c0_micro": d["km2_mg_per_L"] / c0_micro_mg_per_L,
        "c0_10mg_mg_per_L": d["dose_mg"][1] / d["v2_L"],
        "c0_300mg_mg_per_L": d["dose_mg"][2] / d["v2_L"],
        "ratio_10mg": float(per_dose[1] / per_dose[0]),
        "model_pct": 100.0 * linear_extrapolation_error(0.1, 300.0, d["v2_L"], d["vmax2_mg_per_h"], d["km2_mg_per_L"]),
    }


MBI_FOLLOW = "kinact_per_min * units.MINUTES_PER_HOUR * iu_uM / (ki_uM + iu_uM)"
"""The inactivation rate constant, 1/h, in the notebook's variables (used by the follow-through expressions)."""


def _mbi_slips(d: dict, r: dict, value_for) -> list[Slip]:
    """Slips in kdeg or kinact carried into an MBI answer: ``value_for(kdeg, kinact_per_h)`` gives the answer."""
    kdeg, kinact = r["kdeg_per_h"], d["kinact_per_min"] * units.MINUTES_PER_HOUR
    t_half = d["cyp3a4_half_life_h"]
    cases = [
        (
            "half_life_for_rate",
            t_half,
            kinact,
            f"Your answer looks as if the half-life ({t_half:g} h) was used "
            "where the rate constant kdeg = ln 2 / t½ is needed.",
        ),
        (
            "log10_for_ln",
            math.log10(2.0) / t_half,
            kinact,
            "Your answer looks as if log10(2) was used for kdeg; "
            "use the natural log, kdeg = ln 2 / t½ (np.log / "
            "math.log).",
        ),
        (
            "missing_ln2",
            1.0 / t_half,
            kinact,
            "Your answer looks as if kdeg was taken as 1/t½; the rate constant is ln 2 / t½.",
        ),
        (
            "per_day",
            math.log(2.0) / (t_half / units.HOURS_PER_DAY),
            kinact,
            "Your answer looks as if kdeg was computed per day; every rate constant here must be per hour.",
        ),
        (
            "per_minute",
            kdeg,
            d["kinact_per_min"],
            "Your answer looks as if kinact was used per minute; convert it "
            "to per hour (x 60) so that it matches kdeg.",
        ),
    ]
    return [Slip(kind, value_for(k, ki), message) for kind, k, ki, message in cases]


def checks(d: dict, r: dict) -> list[Check]:
    """The graded test cells of the problem set."""
    c1 = np.array(d["conc1_mg_per_L"])
    km1 = d["km1_mg_per_L"]
    conc = r["conc_ng_per_mL"]
    auc_inf = r["auc_inf_ng_h_per_mL"]
    t = np.array(d["time_h"])
    log_down = np.array([nca.auc_last(np.r_[0.0, t], np.r_[c[0], c], method="linear-up/log-down") for c in conc])
    from_first_sample = np.array([nca.auc_last(t, c, method="linear") for c in conc])
    from_zero_conc = np.array([nca.auc_last(np.r_[0.0, t], np.r_[0.0, c], method="linear") for c in conc])
    predicted = auc_inf[0] * d["dose_mg"][2] / d["dose_mg"][0]
    kdeg, kinact_per_h = r["kdeg_per_h"], d["kinact_per_min"] * units.MINUTES_PER_HOUR
    e_ss = r["enzyme_ss_fraction"]
    cl0, fm = d["cl0_L_per_h"], d["fm_cyp3a4"]

    def e_ss_for(k, ki):
        return float(mbi_steady_state_enzyme_fraction(d["iu_uM"], ki, d["ki_uM"], k))

    def e_day3_for(k, ki):
        return float(mbi_enzyme_fraction_constant_exposure([0.0, EXPOSURE_DAY3_H], d["iu_uM"], ki, d["ki_uM"], k)[-1])

    def cl_for(k, ki):
        return float(mbi_clearance_L_per_h(e_ss_for(k, ki), cl0, fm))

    def array(name, unit, per, shape=(3,), **options):
        return Answer(name, kind="array", shape=shape, unit=unit, per=per, **options)

    return [
        Check(
            "q1a-mm-clearance",
            "q1a-mm-clearance",
            "1a",
            "clearance at each concentration",
            2,
            [
                array(
                    "cl_L_per_h",
                    "L/h",
                    "one clearance per concentration",
                    shape=(c1.size,),
                    positive=True,
                    slips=[
                        Slip(
                            "rate_for_clearance",
                            mm_elimination_rate_mg_per_h(c1, d["vmax1_mg_per_h"], km1),
                            "these are elimination rates Vmax*C/(Km + C) in mg/h; clearance is rate/C = "
                            "Vmax/(Km + C) in L/h.",
                        )
                    ],
                )
            ],
            sanity=[
                (
                    "np.all(np.diff(cl_L_per_h) < 0)",
                    "under Michaelis-Menten kinetics clearance falls as "
                    "concentration rises; yours does not. Clearance is rate/C, not the rate itself",
                )
            ],
        ),
        Check(
            "q1b-ratio-to-linear",
            "q1b-ratio-to-linear",
            "1b",
            "clearance as a fraction of Vmax/Km",
            1,
            [
                array(
                    "cl_ratio_to_linear",
                    "",
                    "one fraction per concentration",
                    shape=(c1.size,),
                    fraction=True,
                    follow="cl_L_per_h / (vmax_mg_per_h / km_mg_per_L)",
                )
            ],
        ),
        Check(
            "q1c-conc-cl-halved",
            "q1c-conc-cl-halved",
            "1c",
            "concentration at which CL is halved",
            1,
            [Answer("c_cl_halved_mg_per_L", unit="mg/L", positive=True)],
        ),
        Check(
            "q1d-conc-cl-down10pct",
            "q1d-conc-cl-down10pct",
            "1d",
            "concentration at which CL is down 10 %",
            1,
            [
                Answer(
                    "c_cl_down10pct_mg_per_L",
                    unit="mg/L",
                    positive=True,
                    slips=[
                        Slip(
                            "fall_for_fraction",
                            0.1 * km1,
                            "a 10 % fall means Km/(Km + C) = 0.9, so C = Km*0.1/0.9 = Km/9, not 0.1*Km.",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q2a-profiles-ng",
            "q2a-auc-last",
            "2a",
            "the three profiles in ng/mL",
            1,
            [
                array(
                    "conc_ng_per_mL",
                    "ng/mL",
                    "one row per dose (0.1, 10, 300 mg), one column per sample time",
                    shape=conc.shape,
                    positive=True,
                    rtol=EXACT,
                )
            ],
        ),
        Check(
            "q2a-auc-last",
            "q2a-auc-last",
            "2a",
            "AUC from 0 to the last sample",
            1,
            [
                array(
                    "auc_last_ng_h_per_mL",
                    "ng·h/mL",
                    "one AUC per dose (0.1, 10, 300 mg)",
                    positive=True,
                    rtol=EXACT,
                    slip_rtol=0.002,
                    follow="np.array([np.sum((np.r_[c[0], c][:-1] + c) / 2.0 * np.diff(np.r_[0.0, time_h])) "
                    "for c in conc_ng_per_mL])",
                    slips=[
                        Slip(
                            "log_trapezoid",
                            log_down,
                            "this matches the logarithmic trapezoid; this problem "
                            "asks for the linear trapezoidal rule.",
                        ),
                        Slip(
                            "no_time_zero",
                            from_first_sample,
                            "your AUC starts at the first sample (5 min); "
                            "add the point (t = 0, C = C_5min) in front of "
                            "the data first.",
                        ),
                        Slip(
                            "zero_at_time_zero",
                            from_zero_conc,
                            "you started from (t = 0, C = 0); after an IV "
                            "bolus take C(0) equal to the first measured "
                            "value, as the question says.",
                        ),
                    ],
                )
            ],
        ),
        Check(
            "q2b-lambda-z",
            "q2b-lambda-z",
            "2b",
            "terminal rate constants",
            1,
            [
                array(
                    "lambda_z_per_h",
                    "1/h",
                    "one value per dose",
                    positive=True,
                    rtol=EXACT,
                    follow="np.array([-np.polyfit(time_h[-3:], np.log(c[-3:]), 1)[0] for c in conc_ng_per_mL])",
                )
            ],
        ),
        Check(
            "q2c-auc-inf",
            "q2c-auc-inf",
            "2c",
            "AUC from 0 to infinity",
            1,
            [
                array(
                    "auc_inf_ng_h_per_mL",
                    "ng·h/mL",
                    "one AUC per dose",
                    positive=True,
                    rtol=EXACT,
                    slip_rtol=1e-3,
                    follow="auc_last_ng_h_per_mL + conc_ng_per_mL[:, -1] / lambda_z_per_h",
                    slips=[
                        Slip(
                            "no_extrapolation",
                            r["auc_last_ng_h_per_mL"],
                            "this is AUC from 0 to the last sample; add the extrapolated area C_last / lambda_z.",
                        ),
                        Slip(
                            "times_lambda",
                            r["auc_last_ng_h_per_mL"] + conc[:, -1] * r["lambda_z_per_h"],
                            "the extrapolated area is C_last DIVIDED by lambda_z.",
                        ),
                    ],
                )
            ],
        ),
        Check(
            "q2d-auc-per-dose",
            "q2d-auc-per-dose",
            "2d",
            "dose-normalised AUC",
            1,
            [
                array(
                    "auc_per_dose_ng_h_per_mL_per_mg",
                    "(ng·h/mL)/mg",
                    "one value per dose",
                    positive=True,
                    rtol=EXACT,
                    follow="auc_inf_ng_h_per_mL / dose_mg",
                )
            ],
        ),
        Check(
            "q2e-dose-normalised-ratio",
            "q2e-dose-normalised-ratio",
            "2e",
            "ratio of dose-normalised AUCs",
            1,
            [
                Answer(
                    "dose_normalised_auc_ratio",
                    positive=True,
                    rtol=EXACT,
                    follow="auc_per_dose_ng_h_per_mL_per_mg[2] / auc_per_dose_ng_h_per_mL_per_mg[0]",
                )
            ],
        ),
        Check(
            "q3-underprediction",
            "q3-underprediction",
            "3",
            "under-prediction by linear extrapolation",
            2,
            [
                Answer(
                    "underprediction_pct",
                    unit="%",
                    rtol=EXACT,
                    follow="100.0 * (auc_inf_ng_h_per_mL[2] / (auc_inf_ng_h_per_mL[0] * dose_mg[2] / dose_mg[0]) "
                    "- 1.0)",
                    slips=[
                        Slip(
                            "relative_to_observed",
                            100.0 * (auc_inf[2] - predicted) / auc_inf[2],
                            "you divided the difference by the observed AUC; the question asks for it relative "
                            "to the linear prediction AUC_pred.",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q4a-kdeg",
            "q4a-kdeg",
            "4a",
            "degradation rate constant of CYP3A4",
            1,
            [
                Answer(
                    "kdeg_per_h",
                    unit="1/h",
                    positive=True,
                    slips=[
                        Slip(
                            "missing_ln2",
                            1.0 / d["cyp3a4_half_life_h"],
                            "kdeg = ln 2 / t½; the factor ln 2 is missing (1/t½ is not the rate constant).",
                        ),
                        Slip(
                            "per_day",
                            kdeg * units.HOURS_PER_DAY,
                            "this is kdeg per day; the problem uses hours, so divide ln 2 by the half-life in h.",
                        ),
                    ],
                )
            ],
        ),
        Check(
            "q4b-enzyme-ss",
            "q4b-enzyme-ss",
            "4b",
            "steady-state active enzyme",
            1,
            [
                Answer(
                    "enzyme_ss_fraction",
                    fraction=True,
                    rtol=1e-3,
                    slip_rtol=1e-3,
                    follow=f"kdeg_per_h / (kdeg_per_h + {MBI_FOLLOW})",
                    slips=_mbi_slips(d, r, e_ss_for)
                    + [
                        Slip(
                            "ki_without_iu",
                            kdeg / (kdeg + kinact_per_h * d["iu_uM"] / d["ki_uM"]),
                            "Your E_ss looks as if the inactivation rate was taken as kinact*Iu/KI; the "
                            "question asks for the full kinact*Iu/(KI + Iu).",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q4c-cl-ss",
            "q4c-cl-ss",
            "4c",
            "clearance at steady state",
            1,
            [
                Answer(
                    "cl_ss_L_per_h",
                    unit="L/h",
                    positive=True,
                    slip_rtol=0.005,
                    follow="cl0_L_per_h * ((1.0 - fm_cyp3a4) + fm_cyp3a4 * enzyme_ss_fraction)",
                    slips=_mbi_slips(d, r, cl_for)
                    + [
                        Slip(
                            "fm_swapped",
                            cl0 * (fm + (1.0 - fm) * e_ss),
                            "Your clearance looks as if fm and 1 - fm "
                            "were swapped: the fraction fm runs through "
                            "the enzyme, CL = CL0[(1 - fm) + fm*E].",
                        ),
                        Slip(
                            "all_scaled",
                            cl0 * e_ss,
                            "Your clearance looks as if all of CL0 was scaled by E: the "
                            "(1 - fm) part does not use CYP3A4, CL = CL0[(1 - fm) + "
                            "fm*E].",
                        ),
                    ],
                )
            ],
        ),
        Check(
            "q4d-enzyme-day3",
            "q4d-enzyme-day3",
            "4d",
            "active enzyme after 3 days",
            1,
            [
                Answer(
                    "enzyme_day3_fraction",
                    fraction=True,
                    slip_rtol=0.005,
                    # from the student's own kdeg and E_ss, two ways: with kdeg + kobs = kdeg / E_ss (a slip in
                    # kinact or KI carried consistently), or with kobs from the data (a slip in the E_ss formula)
                    follow=[
                        "enzyme_ss_fraction + (1.0 - enzyme_ss_fraction) * math.exp(-kdeg_per_h / "
                        "enzyme_ss_fraction * n_days * units.HOURS_PER_DAY)",
                        f"enzyme_ss_fraction + (1.0 - enzyme_ss_fraction) * math.exp(-(kdeg_per_h + {MBI_FOLLOW}) "
                        "* n_days * units.HOURS_PER_DAY)",
                    ],
                    slips=_mbi_slips(d, r, e_day3_for)
                    + [
                        Slip(
                            "days_for_hours",
                            float(
                                mbi_enzyme_fraction_constant_exposure(
                                    [0.0, float(N_DAYS)], d["iu_uM"], kinact_per_h, d["ki_uM"], kdeg
                                )[-1]
                            ),
                            f"Your E(t) looks as if time was entered in days (t = {N_DAYS}); the rate constants "
                            f"are per hour, so t = {N_DAYS} x 24 = {N_DAYS * 24} h.",
                        ),
                        Slip(
                            "kdeg_only",
                            e_ss + (1.0 - e_ss) * math.exp(-kdeg * N_DAYS * units.HOURS_PER_DAY),
                            "Your E(t) looks as if only kdeg was put in the exponent; the approach rate is "
                            "kdeg + kinact*Iu/(KI + Iu).",
                        ),
                    ],
                )
            ],
        ),
    ]


PROBLEM_SET = ProblemSet("ps2_linearity", default_data, variant_data, reference, checks, context, story)
