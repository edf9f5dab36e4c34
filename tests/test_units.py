"""microdose.units: every conversion factor once, right, and nowhere else.

* each factor against a value worked out by hand from its definition;
* converters and round trips;
* the old names moved or renamed into ``units`` (and the renamed functions) still work, warn with a
  ``DeprecationWarning`` that names the replacement, and give the same value;
* no library module, widget, lesson source or problem-set source defines a conversion factor of its
  own (a module-level name made only of units, ``NG_PER_ML = 1000.0``), and the check catches one.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microdose
from microdose import ams, decisions, nonlinear, occupancy, pet, pk, safety, selfcheck, simulation, units

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(microdose.__file__).parent

# -- factors, worked out by hand ---------------------------------------------------------------------

BY_HAND = {
    # mass: 1 g = 1e3 mg = 1e6 µg = 1e9 ng = 1e12 pg
    "MG_PER_G": 1_000.0,
    "UG_PER_G": 1_000_000.0,
    "NG_PER_G": 1_000_000_000.0,
    "PG_PER_G": 1_000_000_000_000.0,
    "UG_PER_MG": 1_000.0,
    "NG_PER_MG": 1_000_000.0,
    "PG_PER_MG": 1_000_000_000.0,
    "NG_PER_UG": 1_000.0,
    "PG_PER_UG": 1_000_000.0,
    "PG_PER_NG": 1_000.0,
    # amount of substance
    "MMOL_PER_MOL": 1_000.0,
    "UMOL_PER_MOL": 1_000_000.0,
    "NMOL_PER_MOL": 1_000_000_000.0,
    "NMOL_PER_UMOL": 1_000.0,
    # volume
    "ML_PER_L": 1_000.0,
    "UL_PER_L": 1_000_000.0,
    "UL_PER_ML": 1_000.0,
    # molar concentration
    "MM_PER_M": 1_000.0,
    "UM_PER_M": 1_000_000.0,
    "NM_PER_M": 1_000_000_000.0,
    "UM_PER_MM": 1_000.0,
    "NM_PER_MM": 1_000_000.0,
    "NM_PER_UM": 1_000.0,
    "PM_PER_NM": 1_000.0,
    # mass concentration: 1 mg/L = 1 mg / 1000 mL = 1e6 ng / 1000 mL = 1000 ng/mL = 1e6 pg/mL
    "NG_PER_ML_PER_MG_PER_L": 1_000.0,
    "PG_PER_ML_PER_MG_PER_L": 1_000_000.0,
    "PG_PER_ML_PER_NG_PER_ML": 1_000.0,
    "NG_PER_L_PER_MG_PER_L": 1_000_000.0,
    "NG_PER_ML_PER_G_PER_L": 1_000_000.0,  # 1 g/L = 1e9 ng / 1000 mL
    # time
    "MILLISECONDS_PER_SECOND": 1_000.0,
    "SECONDS_PER_MINUTE": 60.0,
    "MINUTES_PER_HOUR": 60.0,
    "SECONDS_PER_HOUR": 3_600.0,
    "HOURS_PER_DAY": 24.0,
    "SECONDS_PER_DAY": 86_400.0,
    "DAYS_PER_JULIAN_YEAR": 365.25,
    "SECONDS_PER_JULIAN_YEAR": 31_557_600.0,  # 365.25 × 86 400
    # activity: 1 Ci = 3.7e10 Bq, so 1 µCi = 37 000 Bq = 37 kBq and 1 nCi = 37 Bq
    "BQ_PER_KBQ": 1_000.0,
    "BQ_PER_MEGABQ": 1_000_000.0,
    "BQ_PER_GIGABQ": 1_000_000_000.0,
    "BQ_PER_CI": 37_000_000_000.0,
    "MCI_PER_CI": 1_000.0,
    "UCI_PER_CI": 1_000_000.0,
    "NCI_PER_CI": 1_000_000_000.0,
    "KBQ_PER_UCI": 37.0,
    "BQ_PER_NCI": 37.0,
    "DPM_PER_BQ": 60.0,  # 1 decay per second = 60 decays per minute
    # radiation dose
    "MSV_PER_SV": 1_000.0,
    "USV_PER_SV": 1_000_000.0,
    "USV_PER_MSV": 1_000.0,
}


def _factor_names() -> list[str]:
    return [n for n in units.__all__ if n.isupper()]


@pytest.mark.parametrize("name", sorted(BY_HAND))
def test_factor_equals_its_hand_derived_value(name):
    assert getattr(units, name) == BY_HAND[name]  # exact: every factor is an exact number


def test_every_factor_is_checked_by_hand():
    assert sorted(_factor_names()) == sorted(BY_HAND)


@pytest.mark.parametrize("name", sorted(BY_HAND))
def test_factor_names_follow_the_to_per_from_rule(name):
    """``<TO>_PER_<FROM>``, each side made of unit symbols (and ``PER`` for compound units)."""
    assert _is_unit_name(name), f"{name} is not <TO>_PER_<FROM> in unit symbols"
    assert getattr(units, name) >= 1.0, f"{name} < 1: define the factor in the other direction"


def test_factors_compose():
    """Two routes between the same units give the same factor."""
    assert units.NG_PER_MG == units.NG_PER_UG * units.UG_PER_MG
    assert units.PG_PER_MG == units.PG_PER_NG * units.NG_PER_MG
    assert units.PG_PER_G == units.PG_PER_MG * units.MG_PER_G
    assert units.UL_PER_L == units.UL_PER_ML * units.ML_PER_L
    assert units.PG_PER_ML_PER_MG_PER_L == units.PG_PER_ML_PER_NG_PER_ML * units.NG_PER_ML_PER_MG_PER_L
    assert units.NM_PER_M == units.NM_PER_MM * units.MM_PER_M
    assert units.SECONDS_PER_DAY == units.SECONDS_PER_MINUTE * units.MINUTES_PER_HOUR * units.HOURS_PER_DAY
    assert units.BQ_PER_CI == units.KBQ_PER_UCI * units.BQ_PER_KBQ * units.UCI_PER_CI
    assert units.USV_PER_SV == units.USV_PER_MSV * units.MSV_PER_SV


def test_the_molar_rule_of_thumb_of_the_docstring():
    """ng/mL ÷ (g/mol) is µmol/L: 4 ng/mL of a 400 g/mol drug is 10 nM."""
    assert 4.0 / 400.0 * units.NM_PER_UM == pytest.approx(10.0, rel=1e-15)
    assert occupancy.ng_per_mL_to_nM(4.0, 400.0) == pytest.approx(10.0, rel=1e-15)


# -- converters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "func, value, expected",
    [
        (units.mg_per_L_to_ng_per_mL, 0.25, 250.0),
        (units.ng_per_mL_to_mg_per_L, 250.0, 0.25),
        (units.mg_per_L_to_pg_per_mL, 2.0e-6, 2.0),
        (units.pg_per_mL_to_mg_per_L, 8000.0, 0.008),
        (units.mg_to_ug, 0.1, 100.0),
        (units.ug_to_mg, 100.0, 0.1),
    ],
)
def test_converters_by_hand(func, value, expected):
    result = func(value)
    assert type(result) is float
    assert result == pytest.approx(expected, rel=1e-15)


def test_converters_are_vectorised():
    np.testing.assert_allclose(units.mg_per_L_to_ng_per_mL([0.001, 1.0]), [1.0, 1000.0], rtol=1e-15)
    assert units.ug_to_mg(np.ones((2, 3))).shape == (2, 3)


@pytest.mark.parametrize("func", [units.mg_per_L_to_ng_per_mL, units.ug_to_mg])
def test_converters_reject_non_numbers_naming_the_unit(func):
    with pytest.raises(TypeError, match=r"(mg/L|µg)"):
        func("100")


@given(st.floats(min_value=1e-12, max_value=1e12))
def test_round_trips(x):
    assert units.ng_per_mL_to_mg_per_L(units.mg_per_L_to_ng_per_mL(x)) == pytest.approx(x, rel=1e-14)
    assert units.pg_per_mL_to_mg_per_L(units.mg_per_L_to_pg_per_mL(x)) == pytest.approx(x, rel=1e-14)
    assert units.ug_to_mg(units.mg_to_ug(x)) == pytest.approx(x, rel=1e-14)
    assert ams.kilobecquerel_to_microcurie(ams.microcurie_to_kilobecquerel(x)) == pytest.approx(x, rel=1e-14)
    assert x * units.UL_PER_ML / units.UL_PER_ML == pytest.approx(x, rel=1e-15)


def test_library_conversions_use_the_same_factors():
    assert ams.becquerel_to_dpm(1.0) == units.DPM_PER_BQ
    assert ams.curie_to_becquerel(1.0) == units.BQ_PER_CI
    assert ams.microcurie_to_kilobecquerel(1.0) == units.KBQ_PER_UCI
    assert occupancy.nM_to_ng_per_mL(units.NM_PER_UM, 1.0) == 1.0  # 1 µM of MW 1 g/mol is 1 ng/mL
    # λ of ¹⁴C uses the Julian year: ln 2 / (5700 y × 31 557 600 s/y)
    assert ams.C14_DECAY_CONSTANT_PER_S == math.log(2.0) / (5700.0 * 31_557_600.0)
    assert safety.DAILY_NATURAL_BACKGROUND_USV == safety.ANNUAL_NATURAL_BACKGROUND_USV / 365.25


# -- deprecated names --------------------------------------------------------------------------------

DEPRECATED = [
    # (module, old name, new object, where the warning says to look)
    (ams, "SECONDS_PER_YEAR", units.SECONDS_PER_JULIAN_YEAR, "units.SECONDS_PER_JULIAN_YEAR"),
    (ams, "BQ_PER_CI", units.BQ_PER_CI, "units.BQ_PER_CI"),
    (ams, "DPM_PER_BQ", units.DPM_PER_BQ, "units.DPM_PER_BQ"),
    (ams, "MG_PER_G", units.MG_PER_G, "units.MG_PER_G"),
    (ams, "PG_PER_G", units.PG_PER_G, "units.PG_PER_G"),
    (ams, "fraction_modern_from_c14_per_carbon", ams.c14_per_carbon_to_fraction_modern, "c14_per_carbon_to_fraction"),
    (ams, "count_rate_per_s", ams.average_count_rate_per_s, "ams.average_count_rate_per_s"),
    (ams, "relative_precision", ams.poisson_relative_precision, "ams.poisson_relative_precision"),
    (safety, "DAYS_PER_YEAR", units.DAYS_PER_JULIAN_YEAR, "units.DAYS_PER_JULIAN_YEAR"),
    (safety, "BQ_PER_KBQ", units.BQ_PER_KBQ, "units.BQ_PER_KBQ"),
    (safety, "USV_PER_SV", units.USV_PER_SV, "units.USV_PER_SV"),
    (safety, "KBQ_PER_MICROCURIE", units.KBQ_PER_UCI, "units.KBQ_PER_UCI"),
    (safety, "effective_dose_uSv", safety.committed_effective_dose_uSv, "safety.committed_effective_dose_uSv"),
    (safety, "activity_kBq_from_microcurie", ams.microcurie_to_kilobecquerel, "ams.microcurie_to_kilobecquerel"),
    (safety, "activity_microcurie_from_kBq", ams.kilobecquerel_to_microcurie, "ams.kilobecquerel_to_microcurie"),
    (simulation, "L_PER_H_PER_UG_OVER_PG_H_PER_ML", 1000.0, "units.PG_PER_ML_PER_MG_PER_L / microdose.units.UG_PER_MG"),
    (nonlinear, "dose_normalised_auc", nonlinear.mm_iv_bolus_auc_per_dose, "nonlinear.mm_iv_bolus_auc_per_dose"),
    (decisions, "dose_normalised_auc", decisions.auc_over_dose, "decisions.auc_over_dose"),
    (decisions, "bioavailability_from_auc", decisions.auc_to_bioavailability, "decisions.auc_to_bioavailability"),
    (pet, "kp_uu_from_csf", pet.csf_to_kp_uu, "pet.csf_to_kp_uu"),
    (pet, "occupancy_from_binding_potential", pet.binding_potential_to_occupancy, "binding_potential_to_occupancy"),
    (occupancy, "unbound_conc_nM", occupancy.total_to_unbound_conc_nM, "occupancy.total_to_unbound_conc_nM"),
    (occupancy, "total_conc_from_unbound_nM", occupancy.unbound_to_total_conc_nM, "unbound_to_total_conc_nM"),
    (pk, "half_life_h", pk.rate_constant_to_half_life_h, "pk.rate_constant_to_half_life_h"),
    (pk, "rate_constant_from_half_life_per_h", pk.half_life_to_rate_constant_per_h, "half_life_to_rate_constant"),
    (pk, "clearance_from_k_L_per_h", pk.rate_constant_to_clearance_L_per_h, "rate_constant_to_clearance"),
    (selfcheck, "ratio_from_steps", selfcheck.steps_to_ratio, "selfcheck.steps_to_ratio"),
]


@pytest.mark.parametrize("module, old, new, hint", DEPRECATED, ids=[f"{m.__name__}.{o}" for m, o, *_ in DEPRECATED])
def test_old_name_still_works_and_warns(module, old, new, hint):
    with pytest.warns(DeprecationWarning, match=re.escape(hint)) as record:
        value = getattr(module, old)
    assert value is new or value == new
    assert old in str(record[0].message) and "deprecated" in str(record[0].message)
    assert old not in module.__all__, f"{module.__name__}.__all__ still lists the deprecated {old}"


def test_from_import_of_an_old_name_warns_and_works():
    with pytest.warns(DeprecationWarning, match="SECONDS_PER_JULIAN_YEAR"):
        from microdose.ams import SECONDS_PER_YEAR
    assert SECONDS_PER_YEAR == 31_557_600.0
    with pytest.warns(DeprecationWarning, match="committed_effective_dose_uSv"):
        from microdose.safety import effective_dose_uSv
    assert effective_dose_uSv(3.7) == safety.committed_effective_dose_uSv(3.7)


def test_deprecated_functions_compute_what_they_did():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert pk.half_life_h(0.1) == pytest.approx(math.log(2) / 0.1)
        assert safety.activity_kBq_from_microcurie(0.1) == pytest.approx(3.7)
        assert decisions.dose_normalised_auc(2.0, 100.0) == pytest.approx(0.02)
        assert nonlinear.dose_normalised_auc(2.0, 1.0, 1.0, 1.0) == pytest.approx(2.0)  # (Km + C0/2) / Vmax
        assert occupancy.unbound_conc_nM(100.0, 0.05) == pytest.approx(5.0)


def test_unknown_names_still_raise_attribute_error():
    for module in (ams, safety, pk, simulation):
        with pytest.raises(AttributeError, match="no_such_name"):
            module.no_such_name  # noqa: B018


# -- naming rules across the package -----------------------------------------------------------------


def _public_functions():
    for name in microdose.__all__:
        module = getattr(microdose, name)
        for public in getattr(module, "__all__", []):
            if callable(getattr(module, public)):
                yield f"{name}.{public}"


def test_no_public_function_is_named_y_from_x():
    """Conversions are ``x_to_y``; the package has no ``y_from_x`` names left (old ones are deprecated)."""
    offenders = [name for name in _public_functions() if "_from_" in name.split(".")[1]]
    assert not offenders, f"rename to x_to_y: {offenders}"


def test_no_function_name_is_reused_as_a_parameter_name_in_its_module():
    clashes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                clashes += [f"{path.name}:{node.name}({a.arg})" for a in args if a.arg in functions]
    assert not clashes, f"a parameter shadows a function of the same module: {clashes}"


def test_one_function_name_one_meaning_across_modules():
    """No two public modules export different functions under the same name (two dose_normalised_auc)."""
    seen: dict[str, str] = {}
    duplicates = []
    for qualified in _public_functions():
        module, name = qualified.split(".")
        obj = getattr(getattr(microdose, module), name)
        home = f"{obj.__module__}.{obj.__qualname__}"
        if name in seen and seen[name] != home:
            duplicates.append(f"{name}: {seen[name]} and {home}")
        seen.setdefault(name, home)
    assert not duplicates, duplicates


# -- nobody else defines a conversion factor ---------------------------------------------------------

#: unit symbols as they appear in names (upper-cased), and the words that join them
UNIT_TOKENS = {
    # mass, amount, volume, molar concentration
    *"KG G MG UG NG PG FG MOL MMOL UMOL NMOL PMOL FMOL L DL ML UL NL M MM UM NM PM".split(),
    # time
    *"MS MILLISECOND MILLISECONDS S SEC SECOND SECONDS MIN MINUTE MINUTES".split(),
    *"H HR HOUR HOURS D DAY DAYS WEEK WEEKS Y YR YEAR YEARS".split(),
    "JULIAN",
    # activity, dose, counts
    *"BQ KBQ MBQ GBQ TBQ MEGABQ GIGABQ CI MCI UCI NCI PCI MICROCURIE MILLICURIE NANOCURIE".split(),
    *"DPM DPS CPM SV MSV USV GY MGY".split(),
}
JOINERS = {"PER", "OVER", "TO", "TIMES", "IN"}

#: numbers that are a unit conversion when a ``*_PER_*`` name holds them (a power of ten, a clock factor,
#: the curie), whatever the words in the name
CONVERSION_NUMBERS = {10.0**k for k in range(-15, 16) if abs(k) >= 3} | {60.0, 3600.0, 86400.0, 24.0, 365.25, 37.0}

#: module-level names that look like a conversion factor but are not one: physical constants, dose
#: coefficients, rates, lesson parameters that happen to equal a conversion number. Keep it short and
#: say why; every entry must still exist (test below), so the list cannot go stale.
ALLOWED = {
    "AVOGADRO_PER_MOL": "physical constant (SI 2019), in microdose.ams",
    "MODERN_SPECIFIC_ACTIVITY_BQ_PER_G_CARBON": "radiocarbon standard (Stuiver & Polach 1977), in microdose.ams",
    "MAX_SPECIFIC_ACTIVITY_BQ_PER_MOL": "derived from the ¹⁴C decay constant and N_A, in microdose.ams",
    "C14_DECAY_CONSTANT_PER_S": "physical constant of ¹⁴C, in microdose.ams",
    "C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ": "ICRP dose coefficient, in microdose.safety",
    "NOMINAL_RISK_PER_SV_ADULT": "ICRP 103 risk coefficient, in microdose.safety",
    "NOMINAL_RISK_PER_SV_WHOLE_POPULATION": "ICRP 103 risk coefficient, in microdose.safety",
    "CYP3A4_DEGRADATION_RATE_PER_H": "enzyme turnover rate (Galetin 2006), in microdose.nonlinear",
    "PLASMA_CARBON_MG_PER_ML": "carbon content of plasma (Kim 2011), in microdose.ams",
    "CARBON_MOLAR_MASS_G_PER_MOL": "standard atomic weight of carbon, in microdose.ams",
}


def _is_unit_name(name: str) -> bool:
    """True for a name made only of unit symbols joined by PER (``NG_PER_ML``, ``UL_PER_ML``)."""
    tokens = name.strip("_").upper().split("_")
    return "PER" in tokens and all(t in UNIT_TOKENS or t in JOINERS for t in tokens) and tokens[0] not in JOINERS


def _number(node):
    """The value of a numeric constant expression (``1000.0``, ``1e3 / 37.0``, ``-1e6``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _number(node.operand)
        return None if value is None else -value
    if isinstance(node, ast.BinOp):
        left, right = _number(node.left), _number(node.right)
        if left is None or right is None:
            return None
        ops = {ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b}
        return ops[type(node.op)](left, right) if type(node.op) in ops else None
    return None


def _assignments(tree):
    """(name, value node) of every module-level assignment, tuples unpacked (``a, b = 1.0, 2.0``)."""
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        value = node.value
        for target in targets:
            if isinstance(target, ast.Name):
                yield target.id, value
            elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
                yield from ((t.id, v) for t, v in zip(target.elts, value.elts) if isinstance(t, ast.Name))


def conversion_factors_defined(source: str) -> list[str]:
    """Module-level names in ``source`` that define a conversion factor of their own."""
    found = []
    for name, value in _assignments(ast.parse(source)):
        if name in ALLOWED or "PER" not in name.upper().split("_"):
            continue
        number = _number(value) if value is not None else None
        refers_to_units = (  # a local copy of a units factor under another name
            isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "units"
        )
        if _is_unit_name(name) and (number is not None or refers_to_units):
            found.append(name)  # NG_PER_ML = 1000.0, or a local copy of a units factor
        elif number is not None and any(math.isclose(abs(number), c, rel_tol=1e-12) for c in CONVERSION_NUMBERS):
            found.append(name)  # _MG_PER_L_TO_PG_PER_ML = 1e6, NCI_PER_KBQ = 1e3 / 37.0
    return found


_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def _code_of(path: Path) -> str:
    """Python source of a file: a .py as is, the code cells of a MyST notebook (.md) joined."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return text
    cells = []
    for cell in _CODE_CELL.findall(text):
        body = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))  # cell options
        if "problemsets" in path.parts:  # Jinja placeholders of problem-set sources
            body = re.sub(r"\{\{ .*? \}\}", "0", body)
            body = re.sub(r"\{% .*? %\}", "", body)
        cells.append("\n".join(line for line in body.splitlines() if not line.lstrip().startswith(("%", "!"))))
    return "\n\n".join(cells)


def _scanned_files() -> list[Path]:
    library = [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "units.py"]  # widgets included
    lessons = sorted((ROOT / "lessons_md").rglob("*.md"))
    problem_sets = sorted((ROOT / "problemsets").glob("ps*/questions.py")) + sorted(
        (ROOT / "problemsets").glob("ps*/notebook.md")
    )
    return library + lessons + problem_sets


SCANNED = _scanned_files()


def test_the_scan_covers_library_widgets_lessons_and_problem_sets():
    kinds = {p.relative_to(ROOT).parts[0] for p in SCANNED}
    assert kinds == {"lib", "lessons_md", "problemsets"}
    assert any(p.parent.name == "widgets" for p in SCANNED)
    assert len([p for p in SCANNED if p.suffix == ".md" and p.parts[-3] == "lessons_md"]) >= 10


@pytest.mark.parametrize("path", SCANNED, ids=[p.relative_to(ROOT).as_posix() for p in SCANNED])
def test_no_conversion_factor_outside_units(path):
    found = conversion_factors_defined(_code_of(path))
    assert not found, (
        f"{path.relative_to(ROOT)} defines its own conversion factor(s) {found}: use microdose.units "
        f"(e.g. units.NG_PER_ML_PER_MG_PER_L); a physical constant goes in ALLOWED with its reason"
    )


@pytest.mark.parametrize(
    "planted",
    [
        "NG_PER_ML = 1000.0  # 1 mg/L = 1000 ng/mL",
        "_UL_PER_ML = 1000.0",
        "PG_PER_ML_PER_MG_PER_L = 1e6",
        "_MG_PER_L_TO_PG_PER_ML = 1.0e6",
        "NCI_PER_KBQ = 1e3 / 37.0",
        "ug_per_mg = 1000.0",
        "seconds_per_day = 86400.0",
        "SECONDS_PER_YEAR = 365.25 * 86400.0",
        "V_L, MIN_PER_H = 80.0, 60.0",
        "NG_PER_ML = units.NG_PER_ML_PER_MG_PER_L",
        "L_PER_H_PER_UG_OVER_PG_H_PER_ML: float = 1000.0",
    ],
)
def test_the_scan_catches_a_planted_factor(planted):
    assert conversion_factors_defined(f"import numpy as np\n\n{planted}\nx = 1\n")


@pytest.mark.parametrize(
    "innocent",
    [
        "CL_L_PER_H = 7.0",
        "MW_G_PER_MOL = 400.0",
        "KA_PER_H = 1.0",
        "CONC_PG_PER_ML = 0.5",
        "RATE_PER_S = 5.0",
        "BINS_PER_TOLERANCE = 10",
        "AVOGADRO_PER_MOL = 6.02214076e23",
        "DOSE_UG = 100.0",
        "conc_ng_per_mL = conc_mg_per_L * units.NG_PER_ML_PER_MG_PER_L",
    ],
)
def test_the_scan_lets_quantities_and_physical_constants_through(innocent):
    assert not conversion_factors_defined(f"{innocent}\n")


def test_the_scan_reads_lesson_code_cells(tmp_path):
    planted = "# Lesson\n\n```{code-cell}\n:tags: [hide-input]\nNG_PER_ML = 1000.0\n```\n\nText.\n"
    path = tmp_path / "planted_lesson.md"
    path.write_text(planted, encoding="utf-8")
    assert conversion_factors_defined(_code_of(path)) == ["NG_PER_ML"]


def test_allowed_names_still_exist_somewhere():
    """The allow-list is maintained: a name no longer defined anywhere must leave the list."""
    defined = set()
    for path in SCANNED:
        defined |= {name for name, _ in _assignments(ast.parse(_code_of(path)))}
    stale = sorted(set(ALLOWED) - defined)
    assert not stale, f"ALLOWED lists names no longer defined: {stale}"
    assert not set(ALLOWED) & set(units.__all__), "a units factor cannot be a physical constant"


# -- inline factors: a power of ten multiplying or dividing in library or lesson code -----------------

#: a line that multiplies or divides by a power of ten on purpose (a ratio, a tolerance) says so
NOT_A_UNIT = "not a unit conversion"


def _is_power_of_ten_factor(text: str) -> bool:
    """1000, 1e3, 1e-6, 1e12 ...: a number that is 10**n with |n| >= 3 (what unit prefixes are)."""
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return False
    if value <= 0:
        return False
    exponent = math.log10(value)
    return abs(exponent - round(exponent)) < 1e-9 and abs(round(exponent)) >= 3


def inline_factors(source: str) -> list[str]:
    """Lines where a power of ten (|exponent| >= 3) is an operand of ``*`` or ``/``, unless the line
    carries the comment "not a unit conversion" (a ratio such as K_d / 1000, a numerical tolerance)."""
    import io
    import tokenize

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
    code = [t for t in tokens if t.type not in skip]
    found = []
    for index, token in enumerate(code):
        if token.type != tokenize.NUMBER or not _is_power_of_ten_factor(token.string):
            continue
        before = code[index - 1].string if index else ""
        after = code[index + 1].string if index + 1 < len(code) else ""
        if (before in {"*", "/", "*=", "/="} or after in {"*", "/"}) and NOT_A_UNIT not in token.line:
            found.append(token.line.strip())
    return found


#: problem-set sources are left out: their slips compute the WRONG answers on purpose (× 1000 for a
#: forgotten mg -> µg), and their model solutions are scanned in lessons' way through notebook.md
INLINE_SCANNED = [p for p in SCANNED if p.name != "questions.py"]


@pytest.mark.parametrize("path", INLINE_SCANNED, ids=[p.relative_to(ROOT).as_posix() for p in INLINE_SCANNED])
def test_no_inline_power_of_ten_factor(path):
    found = inline_factors(_code_of(path))
    assert not found, (
        f"{path.relative_to(ROOT)} converts units with a typed power of ten: {found}. Use a microdose.units "
        f"factor; if the number is a ratio or a tolerance, say so with a '# {NOT_A_UNIT}' comment on the line."
    )


@pytest.mark.parametrize(
    "planted",
    ["x_ng = x_mg * 1e6", "x_mg = x_ug / 1000", "y = 1e-3 * x", "z /= 1_000_000", "w = f(a) * 1000.0"],
)
def test_the_inline_scan_catches_a_typed_factor(planted):
    assert inline_factors(planted + "\n") == [planted]


@pytest.mark.parametrize(
    "innocent",
    ["x = 1000", "n = 60 * 24", "y = x * 100", "tol = 1e-9", "r = kd / 1000  # a thousandth: not a unit conversion"],
)
def test_the_inline_scan_lets_other_numbers_through(innocent):
    assert inline_factors(innocent + "\n") == []
