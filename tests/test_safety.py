"""Tests for microdose.safety: effective dose of a ¹⁴C microtracer, everyday
comparisons, ICRP 62 categories, nominal risk and the benefit-risk argument."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microdose import ams, safety, units

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------


def test_constants_have_the_cited_values():
    assert safety.C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ == 5.8e-10
    assert safety.NOMINAL_RISK_PER_SV_WHOLE_POPULATION == 5.7e-2
    assert safety.NOMINAL_RISK_PER_SV_ADULT == 4.2e-2
    assert safety.ANNUAL_NATURAL_BACKGROUND_USV == 2400.0
    assert safety.US_TRANSCONTINENTAL_FLIGHT_USV == 20.0
    assert safety.CHEST_XRAY_PA_USV == 20.0
    assert safety.BANANA_USV == 0.1
    assert units.KBQ_PER_UCI == pytest.approx(37.0, rel=1e-12)
    assert safety.DAILY_NATURAL_BACKGROUND_USV == pytest.approx(2400.0 / 365.25, rel=1e-12)


# ---------------------------------------------------------------------------
# Dose
# ---------------------------------------------------------------------------


def test_100_nCi_microtracer_gives_2_146_uSv():
    # 3700 Bq × 5.8e-10 Sv/Bq = 2.146e-6 Sv = 2.146 µSv
    assert safety.committed_effective_dose_uSv(3.7) == pytest.approx(2.146, rel=1e-12)
    assert safety.icrp62_category(safety.committed_effective_dose_uSv(3.7)) == "I"


def test_one_microcurie_gives_21_46_uSv_about_one_transcontinental_flight():
    kbq = ams.microcurie_to_kilobecquerel(1.0)
    assert kbq == pytest.approx(37.0, rel=1e-12)
    dose = safety.committed_effective_dose_uSv(kbq)
    assert dose == pytest.approx(21.46, rel=1e-12)
    ratios = safety.compare_with_everyday_exposures(dose)
    assert ratios["us_transcontinental_flight"] == pytest.approx(21.46 / 20.0, rel=1e-12)
    assert 0.5 < ratios["us_transcontinental_flight"] < 2.0  # "comparable"
    assert safety.icrp62_category(dose) == "I"


def test_category_I_ceiling_in_activity():
    # 100 µSv / (5.8e-10 Sv/Bq × 1e6 µSv/Sv) = 172 414 Bq = 172.4 kBq (4.66 µCi)
    kbq = 100.0 / (5.8e-10 * 1e6) / 1e3
    assert safety.committed_effective_dose_uSv(kbq) == pytest.approx(100.0, rel=1e-12)
    assert ams.kilobecquerel_to_microcurie(kbq) == pytest.approx(4.66, rel=1e-3)


def test_custom_dose_coefficient_is_used():
    assert safety.committed_effective_dose_uSv(10.0, dose_coefficient_Sv_per_Bq=1e-9) == pytest.approx(10.0)


def test_microcurie_round_trip():
    assert ams.kilobecquerel_to_microcurie(ams.microcurie_to_kilobecquerel(0.1)) == pytest.approx(0.1)
    assert ams.microcurie_to_kilobecquerel(0.1) == pytest.approx(3.7, rel=1e-12)


# ---------------------------------------------------------------------------
# Everyday comparisons and categories
# ---------------------------------------------------------------------------


def test_compare_with_everyday_exposures_hand_values():
    c = safety.compare_with_everyday_exposures(2.146)
    assert set(c) == {
        "annual_natural_background",
        "days_of_natural_background",
        "us_transcontinental_flight",
        "chest_xray_pa",
        "bananas",
    }
    assert c["annual_natural_background"] == pytest.approx(2.146 / 2400.0)
    # 2400 / 365.25 = 6.571 µSv per day -> 2.146 / 6.571 = 0.327 days (about 8 h)
    assert c["days_of_natural_background"] == pytest.approx(0.3266, rel=1e-3)
    assert c["chest_xray_pa"] == pytest.approx(0.1073)
    assert c["bananas"] == pytest.approx(21.46)
    assert safety.days_of_natural_background(2.146) == pytest.approx(c["days_of_natural_background"])


def test_compare_with_everyday_exposures_vectorised():
    c = safety.compare_with_everyday_exposures(np.array([0.0, 20.0, 2400.0]))
    np.testing.assert_allclose(c["us_transcontinental_flight"], [0.0, 1.0, 120.0])
    np.testing.assert_allclose(c["days_of_natural_background"], [0.0, 20 / (2400 / 365.25), 365.25])


def test_a_year_of_background_is_365_25_days():
    assert safety.days_of_natural_background(2400.0) == pytest.approx(365.25)


@pytest.mark.parametrize(
    "dose_uSv, category",
    [
        (0.0, "I"),
        (2.146, "I"),
        (99.999, "I"),
        (100.0, "IIa"),
        (500.0, "IIa"),
        (999.9, "IIa"),
        (1000.0, "IIb"),
        (5000.0, "IIb"),
        (10_000.0, "IIb"),
        (10_000.1, "III"),
        (50_000.0, "III"),
    ],
)
def test_icrp62_category_boundaries(dose_uSv, category):
    assert safety.icrp62_category(dose_uSv) == category


def test_icrp62_category_vectorised_returns_string_array():
    out = safety.icrp62_category(np.array([[50.0, 500.0], [5000.0, 50_000.0]]))
    assert isinstance(out, np.ndarray) and out.shape == (2, 2)
    assert out.tolist() == [["I", "IIa"], ["IIb", "III"]]
    assert type(safety.icrp62_category(1.0)) is str
    assert set(safety.ICRP62_CATEGORIES) == {"I", "IIa", "IIb", "III"}


# ---------------------------------------------------------------------------
# Risk
# ---------------------------------------------------------------------------


def test_radiation_risk_of_a_100_nCi_microtracer():
    # 2.146e-6 Sv × 4.2e-2 /Sv = 9.01e-8
    assert safety.radiation_risk(2.146) == pytest.approx(9.0132e-8, rel=1e-4)
    assert safety.radiation_risk(2.146) == pytest.approx(9e-8, rel=0.01)
    # whole population: 2.146e-6 × 5.7e-2 = 1.223e-7
    assert safety.radiation_risk(2.146, risk_per_Sv=safety.NOMINAL_RISK_PER_SV_WHOLE_POPULATION) == pytest.approx(
        1.2232e-7, rel=1e-4
    )


def test_icrp62_risk_orders_of_magnitude_are_consistent_with_nominal_risk():
    # ICRP 62 quotes ~1e-6 for 0.1 mSv and ~1e-3 for >10 mSv (order of magnitude)
    assert 1e-6 < safety.radiation_risk(100.0, risk_per_Sv=0.057) < 1e-5
    assert 1e-4 < safety.radiation_risk(20_000.0, risk_per_Sv=0.057) < 1e-2


def test_radiation_risk_rejects_doses_beyond_the_low_dose_range():
    assert safety.radiation_risk(100_000.0) == pytest.approx(4.2e-3)
    with pytest.raises(ValueError, match="effective_dose_uSv"):
        safety.radiation_risk(100_001.0)


def test_expected_serious_events():
    assert safety.expected_serious_events(60, 1e-3) == pytest.approx(0.06)
    np.testing.assert_allclose(safety.expected_serious_events([6, 60], [1e-5, 1e-3]), [6e-5, 0.06])


def test_benefit_risk_ratio_hand_example():
    """6 Phase 0 volunteers at 1e-5 each: expected harm 6e-5.
    40 % chance the candidate fails on PK, sparing 60 Phase I volunteers at
    1e-3 each: expected harm averted 0.4 × 60 × 1e-3 = 0.024.
    Ratio 0.024 / 6e-5 = 400."""
    ratio = safety.benefit_risk_ratio(
        phase0_volunteers=6,
        risk_per_phase0_volunteer=1e-5,
        probability_candidate_fails_on_pk=0.4,
        phase1_volunteers_avoided=60,
        risk_per_phase1_volunteer=1e-3,
    )
    assert ratio == pytest.approx(400.0, rel=1e-12)
    harm_averted = 0.4 * safety.expected_serious_events(60, 1e-3)
    harm_incurred = safety.expected_serious_events(6, 1e-5)
    assert ratio == pytest.approx(harm_averted / harm_incurred, rel=1e-12)


def test_benefit_risk_ratio_is_keyword_only_and_vectorised():
    with pytest.raises(TypeError):
        safety.benefit_risk_ratio(6, 1e-5, 0.4, 60, 1e-3)
    out = safety.benefit_risk_ratio(
        phase0_volunteers=6,
        risk_per_phase0_volunteer=1e-5,
        probability_candidate_fails_on_pk=np.array([0.0, 0.2, 0.4]),
        phase1_volunteers_avoided=60,
        risk_per_phase1_volunteer=1e-3,
    )
    np.testing.assert_allclose(out, [0.0, 200.0, 400.0])


def test_whole_microtracer_chain():
    """100 nCi -> 2.146 µSv -> risk 9e-8: ICRP 62 Category I (trivial), a
    third of a day of natural background."""
    dose = safety.committed_effective_dose_uSv(ams.microcurie_to_kilobecquerel(0.1))
    assert safety.icrp62_category(dose) == "I"
    assert safety.days_of_natural_background(dose) < 1.0
    assert safety.radiation_risk(dose) < 1e-6


def test_scalar_in_gives_python_float():
    assert type(safety.committed_effective_dose_uSv(3.7)) is float
    assert type(safety.radiation_risk(2.0)) is float
    assert all(type(v) is float for v in safety.compare_with_everyday_exposures(2.0).values())


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

BR = dict(
    phase0_volunteers=6,
    risk_per_phase0_volunteer=1e-5,
    probability_candidate_fails_on_pk=0.4,
    phase1_volunteers_avoided=60,
    risk_per_phase1_volunteer=1e-3,
)

PARAMS = [
    (safety.committed_effective_dose_uSv, dict(activity_kBq=3.7), "activity_kBq", "non_negative"),
    (
        safety.committed_effective_dose_uSv,
        dict(activity_kBq=3.7, dose_coefficient_Sv_per_Bq=5.8e-10),
        "dose_coefficient_Sv_per_Bq",
        "positive",
    ),
    (safety.compare_with_everyday_exposures, dict(effective_dose_uSv=2.0), "effective_dose_uSv", "non_negative"),
    (safety.days_of_natural_background, dict(effective_dose_uSv=2.0), "effective_dose_uSv", "non_negative"),
    (safety.icrp62_category, dict(effective_dose_uSv=2.0), "effective_dose_uSv", "non_negative"),
    (safety.radiation_risk, dict(effective_dose_uSv=2.0, risk_per_Sv=0.042), "effective_dose_uSv", "non_negative"),
    (safety.radiation_risk, dict(effective_dose_uSv=2.0, risk_per_Sv=0.042), "risk_per_Sv", "positive_fraction"),
    (safety.expected_serious_events, dict(n_volunteers=6, risk_per_volunteer=1e-3), "n_volunteers", "count0"),
    (safety.expected_serious_events, dict(n_volunteers=6, risk_per_volunteer=1e-3), "risk_per_volunteer", "fraction"),
    (safety.benefit_risk_ratio, BR, "phase0_volunteers", "count1"),
    (safety.benefit_risk_ratio, BR, "risk_per_phase0_volunteer", "positive_fraction"),
    (safety.benefit_risk_ratio, BR, "probability_candidate_fails_on_pk", "fraction"),
    (safety.benefit_risk_ratio, BR, "phase1_volunteers_avoided", "count0"),
    (safety.benefit_risk_ratio, BR, "risk_per_phase1_volunteer", "fraction"),
]

COMMON_BAD = [
    (float("nan"), ValueError),
    (float("inf"), ValueError),
    (-1.0, ValueError),
    ([1.0, -1.0], ValueError),
    ("1", TypeError),
    (None, TypeError),
    (False, TypeError),
    (2j, TypeError),
]
EXTRA_BAD = {
    "non_negative": [],
    "positive": [(0.0, ValueError)],
    "fraction": [(1.5, ValueError), (50.0, ValueError)],
    "positive_fraction": [(0.0, ValueError), (1.5, ValueError)],
    "count0": [(2.5, ValueError)],
    "count1": [(0, ValueError), (2.5, ValueError)],
}

BAD_CASES = [
    pytest.param(func, kwargs, name, bad, exc, id=f"{func.__name__}-{name}-{bad!r}")
    for func, kwargs, name, kind in PARAMS
    for bad, exc in COMMON_BAD + EXTRA_BAD[kind]
]


@pytest.mark.parametrize("func, kwargs, name, bad, exc", BAD_CASES)
def test_bad_input_names_the_parameter(func, kwargs, name, bad, exc):
    func(**kwargs)  # the valid call works
    with pytest.raises(exc, match=re.escape(name)):
        func(**{**kwargs, name: bad})


def test_every_public_function_is_covered_by_bad_input_tests():
    covered = {func.__name__ for func, *_ in PARAMS}
    public = {n for n in safety.__all__ if callable(getattr(safety, n))}
    assert public == covered


def test_incompatible_shapes_name_the_parameters():
    with pytest.raises(ValueError, match="activity_kBq"):
        safety.committed_effective_dose_uSv([1.0, 2.0, 3.0], dose_coefficient_Sv_per_Bq=[1e-10, 2e-10])
    with pytest.raises(ValueError, match="n_volunteers"):
        safety.expected_serious_events([1, 2, 3], [0.1, 0.2])


def test_overflow_is_reported():
    with pytest.raises(ValueError, match="too large"):
        safety.committed_effective_dose_uSv(1e308, dose_coefficient_Sv_per_Bq=1.0)
    assert safety.committed_effective_dose_uSv(1e300) == pytest.approx(5.8e299)


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

activities = st.floats(min_value=0.0, max_value=1e12, allow_nan=False)


@given(activities, activities)
def test_property_dose_is_linear_and_monotone_in_activity(a, b):
    da, db = safety.committed_effective_dose_uSv(a), safety.committed_effective_dose_uSv(b)
    assert safety.committed_effective_dose_uSv(a + b) == pytest.approx(da + db, rel=1e-12, abs=1e-300)
    if a < b:
        assert da <= db


@given(st.floats(min_value=0.0, max_value=1e9, allow_nan=False))
def test_property_microcurie_round_trip(u):
    back = ams.kilobecquerel_to_microcurie(ams.microcurie_to_kilobecquerel(u))
    assert back == pytest.approx(u, rel=1e-12, abs=1e-300)


ORDER = {"I": 0, "IIa": 1, "IIb": 2, "III": 3}


@given(
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False), st.floats(min_value=0.0, max_value=1e6, allow_nan=False)
)
def test_property_icrp62_category_is_monotone(a, b):
    lo, hi = sorted((a, b))
    assert ORDER[safety.icrp62_category(lo)] <= ORDER[safety.icrp62_category(hi)]


@given(st.floats(min_value=0.0, max_value=1e5, allow_nan=False))
def test_property_risk_is_a_probability_and_whole_population_is_higher(d):
    adult = safety.radiation_risk(d)
    whole = safety.radiation_risk(d, risk_per_Sv=safety.NOMINAL_RISK_PER_SV_WHOLE_POPULATION)
    assert 0.0 <= adult <= whole <= 1.0
