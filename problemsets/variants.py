"""Helpers for drawing the data of a class variant (plausible numbers, as a laboratory reports them)."""

from __future__ import annotations

import math


def nice(value: float, digits: int = 2) -> float:
    """``value`` rounded to ``digits`` significant figures (as a report or a protocol would state it).

    >>> nice(0.123456, 2), nice(48765.0, 2), nice(-3.14159, 3)
    (0.12, 49000.0, -3.14)
    """
    if value == 0 or not math.isfinite(value):
        return float(value)
    return float(f"{value:.{digits - 1}e}")
