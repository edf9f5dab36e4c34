"""Cassette microdosing, ranking and the Phase 0 go/no-go tree."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microdose import decisions as dec
from microdose import nca, pk

NAN = float("nan")


def test_worst_case_conc_hand_value():
    # 0.1 mg in 50 L = 0.002 mg/L = 2 µg/L; / 400 g/mol = 5 nM total; fu 0.1 -> 0.5 nM
    assert dec.worst_case_unbound_conc_nM(0.1, 50.0, 0.1, 400.0) == pytest.approx(0.5)
    out = dec.worst_case_unbound_conc_nM(np.array([0.1, 0.2]), 50.0, 1.0, 400.0)
    np.testing.assert_allclose(out, [5.0, 10.0])


def test_fraction_of_capacity():
    assert dec.fraction_of_capacity_used(1.0, 999.0) == pytest.approx(1e-3)
    assert dec.fraction_of_capacity_used(5.0, 5.0) == pytest.approx(0.5)
    assert dec.fraction_of_capacity_used(0.0, 5.0) == 0.0


def test_dose_normalised_auc_and_f():
    assert dec.auc_over_dose(2.0, 100.0) == pytest.approx(0.02)
    assert dec.auc_to_bioavailability(1.0, 100.0, 4.0, 100.0) == pytest.approx(0.25)
    # different doses: F = (3/300)/(2/20) = 0.1
    assert dec.auc_to_bioavailability(3.0, 300.0, 2.0, 20.0) == pytest.approx(0.1)


def test_bioavailability_recovered_from_simulated_nca():
    t = np.array([0.25, 0.5, 1, 2, 4, 6, 8, 12, 24, 36, 48.0])
    c_po = 1000 * pk.oral_conc_mg_per_L(t, 0.1, 60.0, 6.0, 1.5, 0.4)
    c_iv = 1000 * pk.iv_bolus_conc_mg_per_L(t, 0.1, 60.0, 6.0)
    r_po = nca.nca(t, c_po, 100.0)
    r_iv = nca.nca(t, c_iv, 100.0, route="iv_bolus")
    f = dec.auc_to_bioavailability(r_po.auc_inf, 100.0, r_iv.auc_inf, 100.0)
    assert f == pytest.approx(0.4, rel=0.03)


def test_rank_candidates():
    assert dec.rank_candidates([0.2, 0.9, 0.5]).tolist() == [3, 1, 2]
    assert dec.rank_candidates([0.2, 0.9, 0.5], higher_is_better=False).tolist() == [1, 3, 2]
    assert dec.rank_candidates([1.0, 2.0, 2.0, 0.5]).tolist() == [3, 1, 1, 4]
    assert dec.rank_candidates([1.0, NAN, 3.0]).tolist() == [2, 3, 1]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=12, unique=True))
def test_rank_is_a_permutation_for_distinct_values(values):
    r = dec.rank_candidates(values)
    assert sorted(r.tolist()) == list(range(1, len(values) + 1))
    assert r[int(np.argmax(values))] == 1


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1e-3, max_value=10.0), st.floats(min_value=1.0, max_value=500.0))
def test_worst_case_conc_is_proportional_to_dose(dose, vol):
    one = dec.worst_case_unbound_conc_nM(dose, vol, 0.3, 350.0)
    two = dec.worst_case_unbound_conc_nM(2 * dose, vol, 0.3, 350.0)
    assert two == pytest.approx(2 * one)


GOOD = dict(half_life_h=8.0, bioavailability=0.5, projected_dose_mg=50.0)


def test_decision_go_path():
    d = dec.phase0_decision("A", **GOOD)
    assert d.go and d.verdict.startswith("GO")
    assert len(d.path) == 4 and all("yes" in step for step in d.path)


@pytest.mark.parametrize(
    "change, stop, word",
    [
        (dict(half_life_h=NAN), 1, "terminal"),
        (dict(bioavailability=0.05), 2, "bioavailability"),
        (dict(half_life_h=2.0), 3, "half-life"),
        (dict(projected_dose_mg=500.0), 4, "exceeds"),
    ],
)
def test_decision_no_go_branches(change, stop, word):
    d = dec.phase0_decision("B", **{**GOOD, **change})
    assert not d.go and d.verdict.startswith("NO-GO") and word in d.verdict
    assert len(d.path) == stop and "no" in d.path[-1].split("?")[1]


def test_decision_without_iv_arm_passes_f_question():
    d = dec.phase0_decision("C", **{**GOOD, "bioavailability": NAN})
    assert d.go and "not measured" in d.path[1]


def test_thresholds_are_respected():
    assert dec.phase0_decision("D", **GOOD, max_dose_mg=40.0).go is False
    assert dec.phase0_decision("D", **GOOD, min_half_life_h=10.0).go is False
    assert dec.phase0_decision("D", **GOOD, min_bioavailability=0.6).go is False
    # boundaries are inclusive
    assert dec.phase0_decision("D", half_life_h=4.0, bioavailability=0.1, projected_dose_mg=200.0).go


def test_decide_all():
    out = dec.decide_all(
        ["a", "b", "c"],
        half_life_h=[8.0, NAN, 2.0],
        bioavailability=[0.5, 0.3, NAN],
        projected_dose_mg=[50.0, NAN, 10.0],
    )
    assert [d.go for d in out] == [True, False, False]
    assert [d.name for d in out] == ["a", "b", "c"]


@pytest.mark.parametrize(
    "call",
    [
        lambda: dec.worst_case_unbound_conc_nM(-0.1, 50.0, 0.1, 400.0),
        lambda: dec.worst_case_unbound_conc_nM(0.1, 0.0, 0.1, 400.0),
        lambda: dec.worst_case_unbound_conc_nM(0.1, 50.0, 10.0, 400.0),
        lambda: dec.worst_case_unbound_conc_nM(0.1, 50.0, 0.1, -1.0),
        lambda: dec.fraction_of_capacity_used(-1.0, 5.0),
        lambda: dec.fraction_of_capacity_used(1.0, 0.0),
        lambda: dec.auc_over_dose(-1.0, 100.0),
        lambda: dec.auc_over_dose(1.0, 0.0),
        lambda: dec.auc_to_bioavailability(1.0, 100.0, 0.0, 100.0),
        lambda: dec.auc_to_bioavailability(1.0, -100.0, 1.0, 100.0),
        lambda: dec.rank_candidates([]),
        lambda: dec.rank_candidates([[1.0, 2.0]]),
        lambda: dec.phase0_decision("A", **{**GOOD, "half_life_h": -1.0}),
        lambda: dec.phase0_decision("A", **{**GOOD, "bioavailability": 50.0}),
        lambda: dec.phase0_decision("A", **{**GOOD, "projected_dose_mg": 0.0}),
        lambda: dec.phase0_decision("A", **GOOD, min_bioavailability=2.0),
        lambda: dec.phase0_decision("A", **GOOD, max_dose_mg=-5.0),
        lambda: dec.phase0_decision("A", **{**GOOD, "half_life_h": [1.0, 2.0]}),
        lambda: dec.decide_all(["a", "b"], half_life_h=[8.0], bioavailability=[0.5, 0.5], projected_dose_mg=[1.0, 1.0]),
    ],
)
def test_bad_values_raise_value_error(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: dec.worst_case_unbound_conc_nM("0.1", 50.0, 0.1, 400.0),
        lambda: dec.fraction_of_capacity_used(None, 5.0),
        lambda: dec.auc_over_dose(True, 100.0),
        lambda: dec.auc_to_bioavailability(1.0, 100.0, "x", 100.0),
        lambda: dec.rank_candidates(["a", "b"]),
        lambda: dec.rank_candidates([1.0], higher_is_better="yes"),
        lambda: dec.phase0_decision(3, **GOOD),
        lambda: dec.phase0_decision("A", **{**GOOD, "half_life_h": "8"}),
        lambda: dec.decide_all("abc", half_life_h=[1.0], bioavailability=[0.5], projected_dose_mg=[1.0]),
    ],
)
def test_bad_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_error_messages_name_parameter_and_unit():
    with pytest.raises(ValueError, match=r"volume_L.*L.*-2"):
        dec.worst_case_unbound_conc_nM(0.1, -2.0, 0.1, 400.0)


def test_docstrings_have_parameters_and_references():
    for name in dec.__all__:
        obj = getattr(dec, name)
        if isinstance(obj, type):
            continue
        assert "Parameters" in obj.__doc__ and "References" in obj.__doc__, name
