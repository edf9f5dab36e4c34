"""Problem set 3 — Counting ¹⁴C atoms: what the AMS laboratory actually sees."""

from __future__ import annotations

import math

from microdose import ams, units

from ..spec import Answer, Check, ProblemSet, Slip
from ..variants import nice

TARGET_PRECISION = 0.01  # Question 3c asks for 1 % (the variable names say 1pct)
LIBBY_HALF_LIFE_Y = 5568.0  # the conventional (Libby) half-life of radiocarbon ages; Stuiver & Polach 1977
OLD_HALF_LIFE_Y = 5730.0  # the "Cambridge" half-life, Godwin 1962 (Nature 195:984)


def default_data() -> dict:
    """The data of the committed release."""
    return {
        "tracer_dose_ug": 100.0,
        "tracer_activity_kBq": 3.7,
        "specific_activity_Bq_per_mg": 37000.0,
        "conc_pg_per_mL": 2.0,
        "mw_g_per_mol": 450.0,
        "sample_volume_uL": 30.0,
        "counting_efficiency": 0.01,
        "reference_rate_per_s": 18.0,
        "blank_counts": 310.0,
        "late_gross_counts": 362.0,
        "fraction_modern": 1.0,
    }


def variant_data(rng) -> dict:
    """Other plausible data: 1.85–7.4 kBq on a 100 µg tracer, 0.5–10 pg/mL, 20–50 µL targets, 0.5–2 %
    counting efficiency, a late sample 4 counts or more away from the critical level (detected or not)."""
    while True:
        activity_kBq = float(rng.choice([1.85, 3.7, 5.55, 7.4]))
        blank = float(round(rng.uniform(150, 600)))
        lc = ams.CURRIE_LC_PAIRED_FACTOR * math.sqrt(blank)
        direction = rng.choice([1.0, -1.0])
        net = lc + direction * rng.uniform(4.0, 0.45 * lc)
        gross = float(round(blank + max(net, 1.0)))
        if abs((gross - blank) - lc) < 4.0:  # rounding brought it too close to the threshold
            gross += 4.0 * direction
        data = {
            "tracer_dose_ug": 100.0,
            "tracer_activity_kBq": activity_kBq,
            "specific_activity_Bq_per_mg": activity_kBq * units.BQ_PER_KBQ / 0.1,  # on 0.1 mg
            "conc_pg_per_mL": nice(10 ** rng.uniform(math.log10(0.5), 1.0), 2),
            "mw_g_per_mol": float(round(rng.uniform(300, 600))),
            "sample_volume_uL": float(rng.choice([20.0, 25.0, 30.0, 40.0, 50.0])),
            "counting_efficiency": float(rng.choice([0.005, 0.01, 0.015, 0.02])),
            "reference_rate_per_s": nice(rng.uniform(10.0, 40.0), 2),
            "blank_counts": blank,
            "late_gross_counts": gross,
            "fraction_modern": nice(rng.uniform(1.0, 1.1), 3),
        }
        if not story(data, reference(data)):
            return data


def reference(d: dict) -> dict:
    """Every graded answer, computed with the course library."""
    conc, mw, sa = d["conc_pg_per_mL"], d["mw_g_per_mol"], d["specific_activity_Bq_per_mg"]
    r = {
        "decay_constant_per_s": ams.C14_DECAY_CONSTANT_PER_S,
        "drug_molecules_per_mL": float(ams.molecules_per_mL(conc, mw)),
        "fraction_labelled": float(ams.labelled_fraction(sa, mw)),
        "drug_c14_atoms_per_mL": float(ams.c14_atoms_per_mL(conc, mw, sa)),
        "activity_Bq_per_mL": float(ams.drug_activity_Bq_per_mL(conc, mw, sa)),
        "activity_dpm_per_mL": float(ams.drug_dpm_per_mL(conc, mw, sa)),
    }
    r["sample_drug_c14_atoms"] = r["drug_c14_atoms_per_mL"] * d["sample_volume_uL"] / units.UL_PER_ML
    r["expected_drug_counts"] = float(ams.expected_counts(r["sample_drug_c14_atoms"], d["counting_efficiency"]))
    r["relative_precision_fraction"] = float(ams.poisson_relative_precision(r["expected_drug_counts"]))
    r["counts_for_1pct"] = float(ams.counts_for_precision(TARGET_PRECISION))
    r["counting_time_1pct_s"] = float(ams.counting_time_for_precision_s(d["reference_rate_per_s"], TARGET_PRECISION))
    r["sample_decays_per_day"] = float(ams.atoms_to_becquerel(r["sample_drug_c14_atoms"])) * units.SECONDS_PER_DAY
    r["lc_counts"] = float(ams.critical_level_counts(d["blank_counts"], paired=True))
    r["ld_counts"] = float(ams.detection_limit_counts(d["blank_counts"], paired=True))
    r["sample_detected"] = bool(ams.is_detected(d["late_gross_counts"], d["blank_counts"], paired=True))
    r["margin_over_lc_counts"] = d["late_gross_counts"] - d["blank_counts"] - r["lc_counts"]
    r["natural_atoms_per_mL"] = float(ams.natural_c14_atoms_per_mL(ams.PLASMA_CARBON_MG_PER_ML, d["fraction_modern"]))
    r["drug_to_natural_fraction"] = float(
        ams.excess_over_background(r["drug_c14_atoms_per_mL"], ams.PLASMA_CARBON_MG_PER_ML, d["fraction_modern"])
    )
    return r


def context(d: dict, r: dict) -> dict:
    """Numbers quoted by the narrative and the model answer."""
    return {
        "tracer_activity_nCi": d["tracer_activity_kBq"] * units.BQ_PER_KBQ / units.BQ_PER_NCI,
        "counts_over_decays": r["expected_drug_counts"] / r["sample_decays_per_day"],
    }


def _number(name: str, unit: str, slips=(), **options) -> Answer:
    return Answer(name, unit=unit, positive=options.pop("positive", True), slips=list(slips), **options)


def checks(d: dict, r: dict) -> list[Check]:
    """The graded test cells of the problem set."""
    lam, spy = r["decay_constant_per_s"], units.SECONDS_PER_JULIAN_YEAR
    year_factors = [
        (units.SECONDS_PER_MINUTE, "60 (seconds per minute or minutes per hour)"),
        (units.HOURS_PER_DAY, "24 (hours per day)"),
        (units.DAYS_PER_JULIAN_YEAR, "365.25 (days per year)"),
        (units.SECONDS_PER_HOUR, "3600 (seconds per hour)"),
        (units.MINUTES_PER_HOUR * units.HOURS_PER_DAY, "1440 (minutes per day)"),
        (units.SECONDS_PER_DAY, "86400 (seconds per day)"),
        (units.HOURS_PER_DAY * units.DAYS_PER_JULIAN_YEAR, "8766 (hours per year)"),
        (units.MINUTES_PER_HOUR * units.HOURS_PER_DAY * units.DAYS_PER_JULIAN_YEAR, "525960 (minutes per year)"),
    ]
    decay_slips = [
        Slip(
            "per_year",
            lam * spy,
            "this is lambda per YEAR: convert the half-life to seconds first (SECONDS_PER_JULIAN_YEAR).",
        )
    ]
    decay_slips += [
        Slip(
            "time_units",
            lam * f,
            f"your lambda is {f:g} times too large: the years-to-seconds "
            f"conversion misses a factor of {what}. One year is 365.25 d x 24 h x "
            "3600 s = SECONDS_PER_JULIAN_YEAR.",
        )
        for f, what in year_factors
    ]
    decay_slips += [
        Slip("missing_ln2", lam / math.log(2.0), "you left out ln 2: lambda = ln 2 / t_half, not 1 / t_half."),
        Slip(
            "libby_half_life",
            lam * ams.C14_HALF_LIFE_Y / LIBBY_HALF_LIFE_Y,
            "you used the Libby half-life (5568 y); this course uses C14_HALF_LIFE_Y = 5700 y.",
        ),
        Slip(
            "old_half_life",
            lam * ams.C14_HALF_LIFE_Y / OLD_HALF_LIFE_Y,
            "you used the older half-life 5730 y; this course uses C14_HALF_LIFE_Y = 5700 y.",
        ),
    ]
    molecules = r["drug_molecules_per_mL"]
    bq = r["activity_Bq_per_mL"]
    sample_atoms, counts = r["sample_drug_c14_atoms"], r["expected_drug_counts"]
    blank, gross = d["blank_counts"], d["late_gross_counts"]
    lc, ld = r["lc_counts"], r["ld_counts"]
    return [
        Check(
            "q1-decay-constant",
            "q1-decay-constant",
            "1",
            "the decay constant of ¹⁴C",
            1,
            [_number("decay_constant_per_s", "1/s", decay_slips, rtol=0.002, slip_rtol=0.001)],
            sanity=[
                (
                    "decay_constant_per_s < 1e-6",
                    "decay_constant_per_s is far too large for a nuclide whose "
                    "half-life is thousands of years: did you leave the half-life in years? lambda must be per "
                    "SECOND",
                ),
                ("decay_constant_per_s > 1e-16", "decay_constant_per_s is far too small: check the units"),
            ],
        ),
        Check(
            "q2a-molecules-per-mL",
            "q2a-molecules-per-mL",
            "2a",
            "drug molecules per mL",
            1,
            [
                _number(
                    "drug_molecules_per_mL",
                    "molecules/mL",
                    [
                        Slip(
                            "mw_multiplied",
                            molecules * d["mw_g_per_mol"] ** 2,
                            "you multiplied by the molar mass: moles = mass (g) / molar mass (g/mol).",
                        )
                    ],
                )
            ],
            sanity=[("drug_molecules_per_mL > 1", "fewer than one molecule per mL? Check the pg -> g conversion")],
        ),
        Check(
            "q2b-labelled-fraction",
            "q2b-labelled-fraction",
            "2b",
            "fraction of molecules labelled",
            1,
            [
                _number(
                    "fraction_labelled",
                    "",
                    [
                        Slip(
                            "per_year",
                            r["fraction_labelled"] / spy,
                            "your lambda seems to be per year: a Bq is one decay per SECOND, so lambda must be in 1/s.",
                        )
                    ],
                    fraction=True,
                    hint="(Hint: Bq/mg x 1000 = Bq/g; x molar mass = Bq/mol.)",
                    follow="specific_activity_Bq_per_mg * units.MG_PER_G * mw_g_per_mol / (decay_constant_per_s * "
                    "AVOGADRO_PER_MOL)",
                )
            ],
        ),
        Check(
            "q2c-c14-atoms-per-mL",
            "q2c-c14-atoms-per-mL",
            "2c",
            "¹⁴C atoms per mL",
            1,
            [
                _number(
                    "drug_c14_atoms_per_mL",
                    "atoms/mL",
                    [
                        Slip(
                            "all_molecules",
                            molecules,
                            "this is the number of ALL drug molecules; only the labelled fraction carries a 14C atom.",
                        )
                    ],
                    follow="drug_molecules_per_mL * fraction_labelled",
                )
            ],
        ),
        Check(
            "q2d-activity-Bq",
            "q2de-activity",
            "2d",
            "activity in Bq/mL",
            1,
            [
                _number(
                    "activity_Bq_per_mL",
                    "Bq/mL",
                    [
                        Slip(
                            "factor_60",
                            bq * units.DPM_PER_BQ,
                            "this is the activity in dpm/mL; a Bq is one decay per second, a dpm one per minute.",
                        ),
                        Slip(
                            "per_year",
                            bq * spy,
                            "this looks like decays per YEAR: use lambda in 1/s so that lambda x N is in Bq.",
                        ),
                    ],
                    follow="decay_constant_per_s * drug_c14_atoms_per_mL",
                )
            ],
        ),
        Check(
            "q2e-activity-dpm",
            "q2de-activity",
            "2e",
            "activity in dpm/mL",
            1,
            [
                _number(
                    "activity_dpm_per_mL",
                    "dpm/mL",
                    [
                        Slip(
                            "factor_60",
                            bq,
                            "this is still the activity in Bq/mL: 1 Bq = 60 dpm, so multiply by DPM_PER_BQ.",
                        ),
                        Slip(
                            "dpm_divided",
                            bq / units.DPM_PER_BQ,
                            "you divided by 60 instead of multiplying: 1 Bq = 1 decay/s = 60 decays per minute.",
                        ),
                    ],
                    follow="activity_Bq_per_mL * DPM_PER_BQ",
                )
            ],
        ),
        Check(
            "q3a-expected-counts",
            "q3a-expected-counts",
            "3a",
            "atoms in the sample and expected counts",
            1,
            [
                _number(
                    "sample_drug_c14_atoms",
                    "atoms",
                    [
                        Slip(
                            "units_1e3",
                            sample_atoms * units.UL_PER_ML,
                            f"1000 times too many: {d['sample_volume_uL']:g} µL "
                            f"is {d['sample_volume_uL'] / units.UL_PER_ML:g} mL, not "
                            f"{d['sample_volume_uL']:g} mL.",
                        )
                    ],
                    follow="drug_c14_atoms_per_mL * sample_volume_uL / units.UL_PER_ML",
                ),
                _number(
                    "expected_drug_counts",
                    "counts",
                    [
                        Slip(
                            "units_1e3",
                            counts * units.UL_PER_ML,
                            f"1000 times too many: {d['sample_volume_uL']:g} µL is "
                            f"{d['sample_volume_uL'] / units.UL_PER_ML:g} mL, not "
                            f"{d['sample_volume_uL']:g} mL.",
                        ),
                        Slip(
                            "efficiency_missing",
                            sample_atoms,
                            "this is the number of atoms in the sample: only the "
                            "counting efficiency's fraction of them is counted.",
                        ),
                        Slip(
                            "percent_for_fraction",
                            counts * 100.0,
                            "100 times too many: the counting efficiency "
                            f"is a fraction ({d['counting_efficiency']:g}), "
                            "not a percentage "
                            f"({100 * d['counting_efficiency']:g}).",
                        ),
                    ],
                    follow="counting_efficiency * sample_drug_c14_atoms",
                ),
            ],
        ),
        Check(
            "q3b-relative-precision",
            "q3b-relative-precision",
            "3b",
            "relative precision",
            1,
            [
                _number(
                    "relative_precision_fraction",
                    "",
                    [
                        Slip(
                            "one_over_n",
                            1.0 / counts,
                            "1/N is too small: the standard deviation is sqrt(N), so sigma/N = 1/sqrt(N).",
                        )
                    ],
                    hint="(Relative precision = 1/sqrt(N) for the counts of (a).)",
                    follow="1.0 / math.sqrt(expected_drug_counts)",
                )
            ],
        ),
        Check(
            "q3c-counts-for-precision",
            "q3c-counts-and-time",
            "3c",
            "counts for 1 % precision",
            1,
            [
                _number(
                    "counts_for_1pct",
                    "counts",
                    [
                        Slip(
                            "one_over_p", 1.0 / TARGET_PRECISION, "1/p is not enough: 1/sqrt(N) = p gives N = 1/p**2."
                        ),
                        Slip(
                            "percent_for_fraction",
                            1.0,
                            f"use the precision as a fraction (p = "
                            f"{TARGET_PRECISION:g}), not as a percentage "
                            f"({100 * TARGET_PRECISION:g}).",
                        ),
                    ],
                )
            ],
        ),
        Check(
            "q3c-counting-time",
            "q3c-counts-and-time",
            "3c",
            "counting time for 1 % precision",
            1,
            [
                _number(
                    "counting_time_1pct_s",
                    "s",
                    [
                        Slip(
                            "factor_60",
                            r["counting_time_1pct_s"] / units.SECONDS_PER_MINUTE,
                            "this is in minutes; the answer is wanted in seconds.",
                        ),
                        Slip(
                            "units_hours",
                            r["counting_time_1pct_s"] / units.SECONDS_PER_HOUR,
                            "this is in hours; the answer is wanted in seconds.",
                        ),
                        Slip(
                            "rate_multiplied",
                            r["counts_for_1pct"] * d["reference_rate_per_s"],
                            "time = counts / rate (counts divided by counts per second), not counts x rate.",
                        ),
                    ],
                    follow="counts_for_1pct / reference_rate_per_s",
                )
            ],
        ),
        Check(
            "q3d-decays-per-day",
            "q3d-decays-per-day",
            "3d",
            "decays per day in the sample",
            1,
            [
                _number(
                    "sample_decays_per_day",
                    "decays/day",
                    [
                        Slip(
                            "counted_atoms_only",
                            r["sample_decays_per_day"] * d["counting_efficiency"],
                            "every 14C atom in the sample can decay, not only the fraction that the AMS counts: use "
                            "sample_drug_c14_atoms, not expected_drug_counts.",
                        ),
                        Slip(
                            "per_second",
                            r["sample_decays_per_day"] / units.SECONDS_PER_DAY,
                            "this is decays per SECOND (Bq); multiply by the seconds in a day.",
                        ),
                        Slip(
                            "per_minute",
                            r["sample_decays_per_day"] / (units.MINUTES_PER_HOUR * units.HOURS_PER_DAY),
                            "this is decays per MINUTE; multiply by the minutes in a day.",
                        ),
                    ],
                    follow="decay_constant_per_s * sample_drug_c14_atoms * units.SECONDS_PER_DAY",
                )
            ],
        ),
        Check(
            "q4a-critical-level",
            "q4a-currie-limits",
            "4a",
            "critical level L_C",
            1,
            [
                _number(
                    "lc_counts",
                    "counts",
                    [
                        Slip(
                            "well_known_blank",
                            ams.CURRIE_LC_WELL_KNOWN_FACTOR * math.sqrt(blank),
                            "1.645 sqrt(B) is for a blank known without error; this blank is paired, so "
                            "L_C = 2.33 sqrt(B).",
                        ),
                        Slip(
                            "no_square_root",
                            ams.CURRIE_LC_PAIRED_FACTOR * blank,
                            "L_C grows with the square root of the blank counts, 2.33 sqrt(B), not with B itself.",
                        ),
                    ],
                    slip_rtol=0.005,
                )
            ],
        ),
        Check(
            "q4a-detection-limit",
            "q4a-currie-limits",
            "4a",
            "detection limit L_D",
            1,
            [
                _number(
                    "ld_counts",
                    "counts",
                    [
                        Slip(
                            "constant_missing",
                            ams.CURRIE_LD_PAIRED_FACTOR * math.sqrt(blank),
                            "the constant term is missing: L_D = 2.71 + 4.65 sqrt(B).",
                        ),
                        Slip(
                            "well_known_blank",
                            ams.CURRIE_LD_CONSTANT_COUNTS + ams.CURRIE_LD_WELL_KNOWN_FACTOR * math.sqrt(blank),
                            "3.29 sqrt(B) is for a blank known without error; this blank is paired: "
                            "2.71 + 4.65 sqrt(B).",
                        ),
                        Slip(
                            "no_square_root",
                            ams.CURRIE_LD_CONSTANT_COUNTS + ams.CURRIE_LD_PAIRED_FACTOR * blank,
                            "use the square root of the blank counts: L_D = 2.71 + 4.65 sqrt(B).",
                        ),
                    ],
                    slip_rtol=0.005,
                )
            ],
        ),
        Check(
            "q4b-detected",
            "q4b-decision",
            "4b",
            "is the late sample detected?",
            1,
            [
                Answer(
                    "sample_detected",
                    kind="exact",
                    type="bool",
                    follow="late_gross_counts - blank_counts > lc_counts",
                    slips=[
                        Slip(
                            "wrong_decision",
                            not r["sample_detected"],
                            "wrong decision. Compare the NET counts (gross minus blank) with the critical level "
                            "L_C: L_C is the decision threshold, while L_D is the smallest true signal that is "
                            "reliably detected (a planning figure, not the threshold).",
                        )
                    ],
                )
            ],
        ),
        Check(
            "q4b-margin",
            "q4b-decision",
            "4b",
            "margin over the critical level",
            1,
            [
                _number(
                    "margin_over_lc_counts",
                    "counts",
                    [
                        Slip(
                            "gross_for_net",
                            gross - lc,
                            "you compared the GROSS counts with L_C; L_C applies to the net signal, gross minus blank.",
                        ),
                        Slip(
                            "margin_from_ld",
                            gross - blank - ld,
                            "you measured the margin from L_D; the question asks for net counts minus L_C.",
                        ),
                    ],
                    positive=False,
                    follow="late_gross_counts - blank_counts - lc_counts",
                )
            ],
        ),
        Check(
            "q5a-natural-c14",
            "q5a-natural-c14",
            "5a",
            "natural ¹⁴C atoms per mL",
            1,
            [
                _number(
                    "natural_atoms_per_mL",
                    "atoms/mL",
                    [
                        Slip(
                            "per_year",
                            r["natural_atoms_per_mL"] / spy,
                            "your lambda seems to be per year: with A "
                            "in Bq (per second), N = A / lambda needs "
                            "lambda in 1/s.",
                        ),
                        Slip(
                            "times_lambda",
                            r["natural_atoms_per_mL"] * lam**2,
                            "you multiplied the activity by lambda; the number of atoms is N = A / lambda.",
                        ),
                    ],
                    hint="(Plasma carbon is given in mg C/mL; the Modern activity per g C.)",
                    follow="PLASMA_CARBON_MG_PER_ML / units.MG_PER_G * fraction_modern * "
                    "MODERN_SPECIFIC_ACTIVITY_BQ_PER_G_CARBON / decay_constant_per_s",
                )
            ],
        ),
        Check(
            "q5b-drug-vs-natural",
            "q5b-drug-vs-natural",
            "5b",
            "drug ¹⁴C as a fraction of natural ¹⁴C",
            1,
            [
                _number(
                    "drug_to_natural_fraction",
                    "",
                    [
                        Slip(
                            "inverted",
                            1.0 / r["drug_to_natural_fraction"],
                            "upside down: the question asks for drug atoms divided by natural atoms.",
                        )
                    ],
                    follow="drug_c14_atoms_per_mL / natural_atoms_per_mL",
                )
            ],
        ),
    ]


def story(d: dict, r: dict) -> list[str]:
    """What the questions take for granted about the data, as the sentences that fail (see ``ProblemSet``)."""
    broken = []
    if not abs(r["margin_over_lc_counts"]) >= 4.0:
        broken.append(
            f"the late sample should be at least 4 counts from the critical level, so that the decision "
            f"is clear (it is {r['margin_over_lc_counts']:.3g} counts away)"
        )
    if not r["ld_counts"] > r["lc_counts"] > 0:
        broken.append("the detection limit should lie above the critical level, and both above zero")
    return broken


PROBLEM_SET = ProblemSet("ps3_ams_counting", default_data, variant_data, reference, checks, context, story)
