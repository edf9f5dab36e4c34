"""Input checking shared by every public function of :mod:`microdose`.

Each checker converts its input to a float numpy array (0-d for a scalar) and
raises a clear error that names the parameter, its unit and the value received:

>>> positive(-3.0, "dose_mg", "mg")
Traceback (most recent call last):
...
ValueError: dose_mg must be a positive number in mg; received -3.0

Wrong types (strings, ``None``, booleans, complex numbers) raise ``TypeError``;
wrong values (negative, zero where impossible, NaN, infinite, fractions outside
[0, 1], wrong shapes) raise ``ValueError``.

This is the only module of the package that checks inputs: every other module
calls these checkers (values with a unit, fractions, time vectors, shapes that
must broadcast, single numbers, flags, choices among strings, random sources)
and converts results back with :func:`scalar_or_array` / :func:`bool_or_array`.
"""

from __future__ import annotations

import numbers
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_float_array",
    "bool_or_array",
    "boolean",
    "broadcast_shape",
    "broadcast_together",
    "choice",
    "concentration_vector",
    "draw_shape",
    "finite",
    "finite_result",
    "fraction",
    "integer_at_least",
    "non_negative",
    "positive",
    "random_generator",
    "scalar_or_array",
    "single_number",
    "time_vector",
    "whole_numbers",
]


def _describe(value: object) -> str:
    """Short representation of a received value for error messages."""
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if arr is not None and arr.ndim > 0 and arr.size > 6:
        return f"array of shape {arr.shape}"
    return repr(value.tolist() if isinstance(value, np.ndarray) else value)


def as_float_array(value: object, name: str, unit: str) -> NDArray[np.float64]:
    """Convert ``value`` to a float array, raising ``TypeError`` for non-numbers."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(
            f"{name} must be a number or an array of numbers in {unit}; "
            f"received {_describe(value)} of type {type(value).__name__}"
        )
    if isinstance(value, numbers.Number) and not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in {unit}; received {_describe(value)}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - exotic objects
        raise TypeError(
            f"{name} must be a number or an array of numbers in {unit}; received {_describe(value)}"
        ) from exc
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a number or an array of numbers in {unit}; received {_describe(value)} (dtype {arr.dtype})"
        )
    return arr.astype(float)


def finite(value: object, name: str, unit: str) -> NDArray[np.float64]:
    """Float array with every element finite (no NaN, no inf)."""
    arr = as_float_array(value, name, unit)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a finite number in {unit}; received {_describe(value)}")
    return arr


def positive(value: object, name: str, unit: str) -> NDArray[np.float64]:
    """Float array with every element finite and strictly greater than zero."""
    arr = as_float_array(value, name, unit)
    if not np.all(np.isfinite(arr) & (arr > 0)):
        raise ValueError(f"{name} must be a positive number in {unit}; received {_describe(value)}")
    return arr


def non_negative(value: object, name: str, unit: str) -> NDArray[np.float64]:
    """Float array with every element finite and >= 0."""
    arr = as_float_array(value, name, unit)
    if not np.all(np.isfinite(arr) & (arr >= 0)):
        raise ValueError(f"{name} must be a non-negative number in {unit}; received {_describe(value)}")
    return arr


def fraction(value: object, name: str, *, allow_zero: bool = True, allow_one: bool = True) -> NDArray[np.float64]:
    """Float array with every element a fraction in [0, 1].

    ``allow_zero=False`` makes the lower bound open, ``allow_one=False`` the upper.
    """
    arr = as_float_array(value, name, "fraction (0-1)")
    low_ok = arr >= 0 if allow_zero else arr > 0
    high_ok = arr <= 1 if allow_one else arr < 1
    if not np.all(np.isfinite(arr) & low_ok & high_ok):
        low = "[0" if allow_zero else "(0"
        high = "1]" if allow_one else "1)"
        raise ValueError(f"{name} must be a fraction in {low}, {high} (not a percentage); received {_describe(value)}")
    return arr


def time_vector(
    value: object, name: str = "time_h", unit: str = "h", *, min_length: int = 1, strictly_increasing: bool = True
) -> NDArray[np.float64]:
    """One-dimensional, finite, non-negative, strictly increasing time vector."""
    arr = non_negative(value, name, unit)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional array of times in {unit}; received shape {arr.shape}")
    if arr.size < min_length:
        raise ValueError(f"{name} must hold at least {min_length} times in {unit}; received {arr.size}")
    if strictly_increasing and np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing (in {unit}); received {_describe(value)}")
    return arr


def concentration_vector(value: object, like: np.ndarray, name: str, unit: str) -> NDArray[np.float64]:
    """Finite non-negative concentrations with the same shape as ``like``."""
    arr = non_negative(value, name, unit)
    if arr.shape != like.shape:
        raise ValueError(f"{name} must have the same shape as the time vector {like.shape}; received shape {arr.shape}")
    return arr


def integer_at_least(value: object, name: str, minimum: int, unit: str = "count") -> int:
    """A Python int >= ``minimum`` (bools and floats with a fraction are rejected)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float, np.floating)):
        raise TypeError(f"{name} must be an integer ({unit}); received {value!r}")
    if isinstance(value, (float, np.floating)) and (not np.isfinite(value) or value != int(value)):
        raise ValueError(f"{name} must be a whole number ({unit}); received {value!r}")
    if int(value) < minimum:
        raise ValueError(f"{name} must be at least {minimum} ({unit}); received {value!r}")
    return int(value)


def scalar_or_array(arr: ArrayLike) -> float | np.ndarray:
    """Return a Python float for 0-d results and the array otherwise."""
    arr = np.asarray(arr)
    return float(arr) if arr.ndim == 0 else arr


def bool_or_array(arr: ArrayLike) -> bool | NDArray[np.bool_]:
    """Return a Python bool for 0-d results and the boolean array otherwise."""
    arr = np.asarray(arr, dtype=bool)
    return bool(arr) if arr.ndim == 0 else arr


def broadcast_shape(**arrays: ArrayLike) -> tuple[int, ...]:
    """Common broadcast shape of the named arrays, or a ``ValueError`` naming each one's shape.

    >>> broadcast_shape(dose_mg=np.ones(2), volume_L=np.ones(3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: array arguments must have compatible (broadcastable) shapes; dose_mg has shape (2,), volume_L ...
    """
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        described = ", ".join(f"{name} has shape {np.shape(a)}" for name, a in arrays.items())
        raise ValueError(f"array arguments must have compatible (broadcastable) shapes; {described}") from None


def broadcast_together(**arrays: ArrayLike) -> list[np.ndarray]:
    """The named arrays broadcast to their common shape (a ``ValueError`` as in :func:`broadcast_shape`)."""
    broadcast_shape(**arrays)
    return list(np.broadcast_arrays(*arrays.values()))


def single_number(arr: ArrayLike, name: str, unit: str) -> float:
    """The float inside a 0-d array, or a ``ValueError`` naming the parameter, its unit and the shape received."""
    arr = np.asarray(arr)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number in {unit}; received an array of shape {arr.shape}")
    return float(arr)


def finite_result(result: ArrayLike, quantity: str, unit: str) -> float | np.ndarray:
    """Float / array of a computed ``quantity``; a ``ValueError`` if it overflowed to inf or NaN."""
    result = np.asarray(result, dtype=float)
    if not np.all(np.isfinite(result)):
        raise ValueError(f"the inputs are too large: {quantity} in {unit} overflows a float")
    return scalar_or_array(result)


def boolean(value: object, name: str) -> bool:
    """``value`` as a Python bool; a ``TypeError`` for anything but ``True``/``False`` (1, "yes", None ...)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; received {value!r} of type {type(value).__name__}")
    return bool(value)


@overload
def choice(value: object, name: str, allowed: tuple[str, ...]) -> str: ...
@overload
def choice(value: object, name: str, allowed: tuple[str | None, ...]) -> str | None: ...
def choice(value: object, name: str, allowed: tuple[str | None, ...]) -> str | None:
    """``value`` if it is one of ``allowed`` (strings, and ``None`` if listed), else an error listing them."""
    options = " or ".join(repr(a) for a in allowed)
    if value is None and None in allowed:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {options}; received {value!r} of type {type(value).__name__}")
    if value not in allowed:
        raise ValueError(f"{name} must be {options}; received {value!r}")
    return value


def whole_numbers(value: object, name: str, minimum: int, unit: str = "count") -> NDArray[np.float64]:
    """Float array of whole numbers, each at least ``minimum`` (counts of volunteers, of samples ...)."""
    arr = non_negative(value, name, unit) if minimum >= 0 else finite(value, name, unit)
    if not np.all((arr == np.floor(arr)) & (arr >= minimum)):
        raise ValueError(f"{name} must be a whole number of {unit}, at least {minimum}; received {_describe(value)}")
    return arr


def random_generator(rng: object, name: str = "rng") -> np.random.Generator:
    """A numpy ``Generator`` from ``None`` (fresh entropy), a non-negative integer seed or a ``Generator``."""
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if int(rng) < 0:
            raise ValueError(f"{name} must be None, a non-negative integer seed or a numpy Generator; received {rng!r}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be None, a non-negative integer seed or a numpy Generator; "
        f"received {rng!r} of type {type(rng).__name__}"
    )


def draw_shape(size: object, name: str = "size") -> tuple[int, ...] | None:
    """Output shape of a random draw: ``None``, or a tuple of non-negative whole numbers."""
    if size is None:
        return None
    if isinstance(size, (tuple, list)):
        return tuple(integer_at_least(s, name, 0, "number of draws") for s in size)
    return (integer_at_least(size, name, 0, "number of draws"),)
