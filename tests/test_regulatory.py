"""Microdose limits and ICH M3(R2) exploratory approaches."""

import numpy as np
import pytest

from microdose import regulatory as reg


def test_twenty_mg_drug_is_capped_at_100_ug():
    # Seed text: a drug active at 20 mg -> 1/100 gives 200 µg, the 100 µg cap binds.
    limit = reg.microdose_limit(20.0)
    assert limit.pad_rule_ug == pytest.approx(200.0)
    assert limit.limit_ug == pytest.approx(100.0)
    assert limit.binding_rule == "100 µg ceiling"


def test_potent_drug_is_limited_by_the_one_percent_rule():
    limit = reg.microdose_limit(2.0)  # 2 mg / 100 = 20 µg < 100 µg
    assert limit.limit_ug == pytest.approx(20.0)
    assert limit.binding_rule == "1/100 of the active dose"


def test_rules_cross_at_10_mg():
    assert reg.microdose_limit_ug(10.0) == pytest.approx(100.0)
    assert reg.microdose_limit_ug(np.array([1.0, 10.0, 100.0])) == pytest.approx([10.0, 100.0, 100.0])


def test_protein_ceiling_is_30_nmol():
    # A 150 kDa antibody: 30 nmol × 150,000 g/mol = 4.5 mg = 4500 µg.
    limit = reg.microdose_limit(1000.0, is_protein=True, mw_g_per_mol=150_000.0)
    assert limit.absolute_cap_ug == pytest.approx(4500.0)
    assert limit.limit_ug == pytest.approx(4500.0)
    assert limit.binding_rule == "30 nmol protein ceiling"
    # a potent protein: 100 mg active dose -> 1000 µg binds
    assert reg.microdose_limit_ug(100.0, is_protein=True, mw_g_per_mol=150_000.0) == pytest.approx(1000.0)


def test_noael_can_bind():
    limit = reg.microdose_limit(50.0, noael_human_equivalent_mg=3.0)
    assert limit.limit_ug == pytest.approx(30.0)
    assert limit.binding_rule == "1/100 of the NOAEL"


def test_qualifies_is_inclusive_and_vectorised():
    assert reg.qualifies_as_microdose(100.0, 20.0) is True
    assert reg.qualifies_as_microdose(100.1, 20.0) is False
    np.testing.assert_array_equal(reg.qualifies_as_microdose([10, 60], 5.0), [True, False])


def test_schedule_approach1_total_within_limit():
    out = reg.assess_exploratory_schedule(
        [50.0, 50.0], [0.0, 2.0], half_life_h=10.0, pharmacologically_active_dose_mg=20.0
    )
    assert out.approach == "Approach 1" and out.qualifies
    assert out.total_dose_ug == pytest.approx(100.0)


def test_schedule_approach2_five_doses_with_washout():
    out = reg.assess_exploratory_schedule(
        [100.0] * 5, [0, 72, 144, 216, 288], half_life_h=12.0, pharmacologically_active_dose_mg=20.0
    )
    assert out.approach == "Approach 2"


def test_schedule_fails_on_short_washout_and_on_six_doses():
    short = reg.assess_exploratory_schedule(
        [100.0] * 3, [0, 24, 48], half_life_h=12.0, pharmacologically_active_dose_mg=20.0
    )
    assert short.approach is None and "6 half-lives" in short.reasons[1]
    six = reg.assess_exploratory_schedule(
        [80.0] * 6, np.arange(6) * 100.0, half_life_h=10.0, pharmacologically_active_dose_mg=20.0
    )
    assert six.approach is None and "administrations" in six.reasons[1]


def test_schedule_protein_total_150_nmol():
    mw = 50_000.0  # 30 nmol = 1500 µg, 150 nmol = 7500 µg
    ok = reg.assess_exploratory_schedule(
        [1500.0] * 5,
        np.arange(5) * 1000.0,
        half_life_h=100.0,
        pharmacologically_active_dose_mg=1000.0,
        is_protein=True,
        mw_g_per_mol=mw,
    )
    assert ok.approach == "Approach 2"


@pytest.mark.parametrize("bad", [-1.0, 0.0, float("nan"), float("inf")])
def test_bad_active_dose(bad):
    with pytest.raises(ValueError, match=r"pharmacologically_active_dose_mg.*mg"):
        reg.microdose_limit_ug(bad)


def test_bad_types_and_missing_mw():
    with pytest.raises(TypeError, match="pharmacologically_active_dose_mg"):
        reg.microdose_limit_ug("20 mg")
    with pytest.raises(ValueError, match="mw_g_per_mol"):
        reg.microdose_limit(20.0, is_protein=True)
    with pytest.raises(TypeError, match="is_protein"):
        reg.microdose_limit(20.0, is_protein="yes")
    with pytest.raises(ValueError, match="planned_dose_ug"):
        reg.qualifies_as_microdose(-5.0, 20.0)
    with pytest.raises(ValueError, match="dose_times_h"):
        reg.assess_exploratory_schedule([50, 50], [0.0], half_life_h=5.0, pharmacologically_active_dose_mg=20.0)
    with pytest.raises(ValueError, match="dose_times_h"):
        reg.assess_exploratory_schedule([50, 50], [5.0, 1.0], half_life_h=5.0, pharmacologically_active_dose_mg=20.0)
    with pytest.raises(ValueError, match="half_life_h"):
        reg.assess_exploratory_schedule([50], [0.0], half_life_h=0.0, pharmacologically_active_dose_mg=20.0)
