"""The shared input checks behind every public function."""

import numpy as np
import pytest

from microdose import _validate as v


@pytest.mark.parametrize("bad", ["1", None, True, np.bool_(True), 1 + 2j, [1, "a"], {"a": 1}])
def test_non_numbers_raise_type_error(bad):
    with pytest.raises(TypeError, match=r"dose_mg.*mg"):
        v.positive(bad, "dose_mg", "mg")


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), [1.0, -2.0]])
def test_positive_rejects(bad):
    with pytest.raises(ValueError, match=r"dose_mg must be a positive number in mg; received"):
        v.positive(bad, "dose_mg", "mg")


def test_messages_carry_the_received_value():
    with pytest.raises(ValueError, match=r"received -3\.5"):
        v.non_negative(-3.5, "time_h", "h")
    with pytest.raises(ValueError, match=r"received 67"):
        v.fraction(67, "bioavailability")
    with pytest.raises(ValueError, match=r"array of shape \(100,\)"):
        v.positive(-np.ones(100), "conc", "mg/L")


def test_fraction_bounds():
    assert v.fraction(0.0, "f") == 0.0 and v.fraction(1.0, "f") == 1.0
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        v.fraction(0.0, "f", allow_zero=False)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        v.fraction(1.0, "f", allow_one=False)


def test_time_vector_and_concentrations():
    t = v.time_vector([0, 1, 2])
    with pytest.raises(ValueError, match="one-dimensional"):
        v.time_vector([[0, 1]])
    with pytest.raises(ValueError, match="strictly increasing"):
        v.time_vector([0, 2, 1])
    with pytest.raises(ValueError, match="at least 3"):
        v.time_vector([0, 1], min_length=3)
    with pytest.raises(ValueError, match="same shape"):
        v.concentration_vector([1, 2], t, "conc", "mg/L")


def test_integer_at_least():
    assert v.integer_at_least(3, "n_doses", 1) == 3
    assert v.integer_at_least(3.0, "n_doses", 1) == 3
    with pytest.raises(TypeError, match="n_doses"):
        v.integer_at_least(True, "n_doses", 1)
    with pytest.raises(ValueError, match="whole number"):
        v.integer_at_least(2.5, "n_doses", 1)
    with pytest.raises(ValueError, match="at least 1"):
        v.integer_at_least(0, "n_doses", 1)


def test_scalar_or_array():
    assert isinstance(v.scalar_or_array(np.asarray(2.0)), float)
    assert isinstance(v.scalar_or_array(np.ones(2)), np.ndarray)


def test_broadcast_shape_names_every_parameter_and_its_shape():
    assert v.broadcast_shape(dose_mg=np.ones(3), volume_L=2.0) == (3,)
    with pytest.raises(ValueError, match=r"dose_mg has shape \(2,\), volume_L has shape \(3,\)"):
        v.broadcast_shape(dose_mg=np.ones(2), volume_L=np.ones(3))
    a, b = v.broadcast_together(dose_mg=np.ones(3), volume_L=np.asarray(2.0))
    assert a.shape == b.shape == (3,)
    with pytest.raises(ValueError, match="broadcastable"):
        v.broadcast_together(dose_mg=np.ones(2), volume_L=np.ones(3))


def test_single_number():
    assert v.single_number(np.asarray(2.5), "dose_mg", "mg") == 2.5
    with pytest.raises(ValueError, match=r"dose_mg must be a single number in mg; received an array of shape \(2,\)"):
        v.single_number(np.ones(2), "dose_mg", "mg")


def test_finite_result():
    assert v.finite_result(np.asarray(3.0), "activity", "Bq") == 3.0
    with pytest.raises(ValueError, match="activity in Bq overflows"):
        v.finite_result(np.asarray(np.inf), "activity", "Bq")


@pytest.mark.parametrize("bad", [1, 0, "yes", None, np.float64(1.0)])
def test_boolean_rejects_anything_but_true_or_false(bad):
    with pytest.raises(TypeError, match=r"paired must be True or False; received"):
        v.boolean(bad, "paired")


def test_boolean_and_bool_or_array():
    assert v.boolean(np.bool_(True), "paired") is True
    assert v.bool_or_array(np.asarray(True)) is True
    assert v.bool_or_array(np.asarray([True, False])).tolist() == [True, False]


def test_choice():
    assert v.choice("linear", "method", ("linear", "log")) == "linear"
    assert v.choice(None, "report_above", ("critical", None)) is None
    with pytest.raises(ValueError, match=r"method must be 'linear' or 'log'; received 'cubic'"):
        v.choice("cubic", "method", ("linear", "log"))
    with pytest.raises(TypeError, match="method"):
        v.choice(1, "method", ("linear", "log"))
    with pytest.raises(TypeError, match="method"):
        v.choice(None, "method", ("linear", "log"))


def test_whole_numbers():
    np.testing.assert_array_equal(v.whole_numbers([0, 6], "n_volunteers", 0, "volunteers"), [0.0, 6.0])
    with pytest.raises(ValueError, match=r"whole number of volunteers, at least 1; received 2\.5"):
        v.whole_numbers(2.5, "n_volunteers", 1, "volunteers")
    with pytest.raises(ValueError, match="at least 1"):
        v.whole_numbers(0, "n_volunteers", 1, "volunteers")


def test_random_generator_and_draw_shape():
    assert isinstance(v.random_generator(None), np.random.Generator)
    assert v.random_generator(3).integers(100) == np.random.default_rng(3).integers(100)
    generator = np.random.default_rng()
    assert v.random_generator(generator) is generator
    with pytest.raises(ValueError, match="non-negative integer seed"):
        v.random_generator(-1)
    with pytest.raises(TypeError, match="rng must be None"):
        v.random_generator("seed")
    assert v.draw_shape(None) is None
    assert v.draw_shape(3) == (3,) and v.draw_shape([2, 3]) == (2, 3)
    with pytest.raises(ValueError, match="size"):
        v.draw_shape(-1)


def test_no_module_keeps_its_own_copy_of_a_shared_check():
    """_validate is the only home of the generic checks; no module defines or imports a private one."""
    import ast
    from pathlib import Path

    import microdose

    package = Path(microdose.__file__).parent
    copies = {"_check_shapes", "_broadcast", "_scalar", "_finite_result", "_check_bool", "_whole_number", "_make_rng"}
    copies |= {"_check_choice", "_check_size", "_bool_or_array", "_check_report_above"}
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in copies:
                found.append(f"{path.name} defines {node.name}")
            if isinstance(node, ast.ImportFrom):
                found += [f"{path.name} imports {a.name} from {node.module}" for a in node.names if a.name in copies]
            if isinstance(node, ast.Attribute) and node.attr in copies:
                found.append(f"{path.name} uses {ast.unparse(node)}")
    assert not found, found
