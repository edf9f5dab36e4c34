"""Every number in the course's main source text that the library can compute.

The source text quotes results without always giving their inputs. Where it
does not, the plausible inputs chosen here are written down beside each test,
and the lessons use the same values.
"""

import pytest

from microdose import ams, nonlinear, occupancy, pk, projection, regulatory, safety


def test_100_ug_cap_for_a_drug_active_at_20_mg():
    limit = regulatory.microdose_limit(20.0)
    assert limit.pad_rule_ug == pytest.approx(200.0)  # "20 mg/100 = 200 µg"
    assert limit.limit_ug == pytest.approx(100.0)  # "capping the microdose at 100 µg"


def test_30_nmol_for_proteins():
    # 30 nmol of a 150 kDa IgG is 4.5 mg: far above 100 µg, which is why proteins get their own rule.
    assert regulatory.microdose_limit_ug(10_000.0, is_protein=True, mw_g_per_mol=150_000.0) == pytest.approx(4500.0)


def test_occupancy_about_67_percent_and_0_1_percent():
    # K_d 5 nM; therapeutic unbound 10 nM; microdose unbound 0.005 nM (all given in the text).
    assert round(100 * occupancy.fractional_occupancy(10.0, 5.0)) == 67
    assert round(100 * occupancy.fractional_occupancy(0.005, 5.0), 1) == 0.1


def test_linear_regime_michaelis_menten_rate_proportional_to_concentration():
    # v = Vmax C/(Km + C) ≈ (Vmax/Km) C for C << Km: clearance constant to 0.1 % below Km/1000.
    cl_low = nonlinear.mm_clearance_L_per_h(1e-3, vmax_mg_per_h=100.0, km_mg_per_L=1.0)
    assert cl_low == pytest.approx(100.0, rel=1.01e-3)
    assert nonlinear.mm_clearance_L_per_h(1.0, vmax_mg_per_h=100.0, km_mg_per_L=1.0) == pytest.approx(50.0)


def test_over_a_thousand_c14_atoms_per_mL_at_half_a_pg_per_mL():
    """Inputs not in the text: MW 500 g/mol; a typical IV microtracer of 100 µg carrying 3.7 kBq
    (100 nCi), i.e. 37 Bq/µg. At 0.5 pg/mL that is several million ¹⁴C atoms per mL, so "over a
    thousand" holds with a wide margin; it would hold down to a specific activity ~4,000 times lower.
    """
    atoms = ams.c14_atoms_per_mL(0.5, 500.0, 37_000.0)
    assert atoms > 1000
    assert 1e6 < atoms < 1e7
    # the smallest specific activity for which the claim still holds
    floor_sa = 37_000.0 * 1000.0 / atoms
    assert ams.c14_atoms_per_mL(0.5, 500.0, floor_sa) == pytest.approx(1000.0)


def test_fifty_percent_trough_needs_about_91_mg_and_eighty_percent_over_360_mg():
    """Given: t1/2 = 4 h, F = 0.5, once daily (tau 24 h), 50 % and 80 % trough occupancy, 200 mg
    tablet limit. Chosen (not in the text): K_d 5 nM (as in the occupancy example), f_u 0.2,
    MW 400 g/mol, V 72 L (1 L/kg for 72 kg; CL = ln2·V/t1/2 = 12.5 L/h), rapid absorption.
    """
    kw = dict(
        kd_nM=5.0,
        fraction_unbound=0.2,
        mw_g_per_mol=400.0,
        volume_L=72.0,
        tau_h=24.0,
        bioavailability=0.5,
        half_life_h=4.0,
    )
    d50 = projection.dose_for_trough_occupancy_mg(0.5, **kw)
    d80 = projection.dose_for_trough_occupancy_mg(0.8, **kw)
    assert round(d50) == 91
    assert d80 > 360 and d80 / d50 == pytest.approx(4.0)
    assert projection.go_no_go(d50, 200.0).go
    assert not projection.go_no_go(d80, 200.0).go


def test_cl_over_f_from_a_microdose_auc_predicts_the_therapeutic_auc():
    # Linear regime: AUC(100 mg) = AUC(100 µg) × 1000 and CL/F is the same at both doses.
    cl, f = 12.5, 0.5
    auc_micro = pk.auc_inf_mg_h_per_L(0.1, cl, f)
    assert pk.apparent_clearance_L_per_h(0.1, auc_micro) == pytest.approx(cl / f)
    assert pk.scale_auc_to_dose(auc_micro, 0.1, 100.0) == pytest.approx(pk.auc_inf_mg_h_per_L(100.0, cl, f))


def test_radiation_dose_below_a_cross_country_flight():
    """Inputs not in the text: a 3.7 kBq (100 nCi) ¹⁴C microtracer and the ICRP 72 default
    ingestion coefficient for ¹⁴C organic compounds. The result, ~2 µSv, is about a tenth of a
    4-hour US flight (20 µSv, Kim et al. 2010)."""
    dose_uSv = safety.committed_effective_dose_uSv(3.7)
    assert dose_uSv == pytest.approx(2.146, rel=1e-3)
    assert dose_uSv < safety.US_TRANSCONTINENTAL_FLIGHT_USV
    assert safety.icrp62_category(dose_uSv) == "I"


def test_serious_risk_of_order_one_in_a_hundred_thousand_and_benefit_hundreds_fold():
    """The text gives no inputs. Chosen: per-volunteer serious-event risk 1e-5 (the text's order of
    magnitude, dominated by procedures, not radiation: ~1e-7 from 2 µSv); 6 Phase 0 volunteers;
    40 % chance the candidate fails on human PK (Kola & Landis 2004 report PK/bioavailability as
    ~40 % of attrition in 1991); a Phase I cohort of 60 avoided, each at 1e-3 serious-event risk."""
    radiation = safety.radiation_risk(safety.committed_effective_dose_uSv(3.7))
    assert radiation < 1e-6
    ratio = safety.benefit_risk_ratio(
        phase0_volunteers=6,
        risk_per_phase0_volunteer=1e-5,
        probability_candidate_fails_on_pk=0.4,
        phase1_volunteers_avoided=60,
        risk_per_phase1_volunteer=1e-3,
    )
    assert 100 <= ratio < 10_000
    assert ratio == pytest.approx(400.0)


def test_attomole_sensitivity_is_hundreds_of_thousands_of_atoms():
    # Seed 002: AMS detects attomole (1e-18 mol) quantities: 602,214 atoms.
    assert 1e-18 * ams.AVOGADRO_PER_MOL == pytest.approx(602_214.076)
