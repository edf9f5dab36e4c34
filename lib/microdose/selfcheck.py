"""Self-checks that diagnose the usual slips instead of saying only "wrong".

A lesson asks for a number, the student computes it, and :func:`check`
compares it with the value the library computes. When the answer is off, the
*ratio* answer/expected usually betrays the mistake:

=================  =========================================================
ratio              likely mistake
=================  =========================================================
10^±3, 10^±6, ...  a unit prefix: mg vs µg, ng/mL vs mg/L, nM vs µM
ln 10 or 1/ln 10   log10 used where the natural log is meant (or vice versa)
ln 2 or 1/ln 2     ln 2 left out of a half-life or rate constant
60 or 1/60         Bq and dpm (or seconds and minutes) mixed up
f_u or 1/f_u       total concentration used instead of unbound (or vice versa)
100 or 1/100       a percentage where a fraction is expected (or vice versa)
-1                 a sign error
=================  =========================================================

and answer × expected ≈ ln 2 means a rate constant was given for a half-life
(or the reverse), while answer × expected ≈ 1 (the answer is the reciprocal of
the expected value) means a ratio was inverted, e.g. P/O given where the fold
error max(P/O, O/P) is wanted.

The diagnosis logic is plain Python so it can be tested and reused by the
graded problem sets.

References
----------
Ambrose SA et al. How Learning Works: Seven Research-Based Principles for
Smart Teaching. Jossey-Bass, 2010, ch. 5 (targeted feedback).
"""

from __future__ import annotations

import math
import numbers

__all__ = ["diagnose", "check"]

_LN10 = math.log(10.0)
_LN2 = math.log(2.0)


def _close(a: float, b: float, rtol: float) -> bool:
    return abs(a - b) <= rtol * abs(b)


def diagnose(answer, expected, *, rtol=0.01, fraction_unbound=None, unit=""):
    """Explain why ``answer`` differs from ``expected``, or return None if it is right.

    Parameters
    ----------
    answer : float
        The student's number.
    expected : float
        The correct number (non-zero, finite).
    rtol : float, optional
        Relative tolerance for "right" (default 1 %).
    fraction_unbound : float, optional
        If the problem involves protein binding, the f_u used, so that a
        total/unbound mix-up can be recognised.
    unit : str, optional
        Unit of the expected answer, quoted in the messages.

    Returns
    -------
    str or None
        None when the answer is within ``rtol``; otherwise a hint.

    References
    ----------
    Ambrose et al., How Learning Works, 2010, ch. 5.

    Examples
    --------
    >>> diagnose(100.0, 0.1, unit="mg") is not None
    True
    >>> print(diagnose(0.1, 0.1))
    None
    """
    if isinstance(answer, (bool,)) or not isinstance(answer, numbers.Real):
        return f"Your answer should be a number (in {unit or 'the requested unit'}); got {answer!r}."
    if not isinstance(expected, numbers.Real) or not math.isfinite(expected) or expected == 0:
        raise ValueError(f"expected must be a finite non-zero number; received {expected!r}")
    answer = float(answer)
    if not math.isfinite(answer):
        return f"Your answer is {answer}: check for a division by zero or a log of zero."
    if _close(answer, expected, rtol):
        return None
    in_unit = f" {unit}" if unit else ""
    if answer == 0:
        return "Your answer is zero: did a variable stay unset, or did an integer division truncate?"
    if _close(answer, -expected, rtol):
        return "Right size, wrong sign: check the sign of a slope or a difference."
    ratio = answer / expected
    if _close(answer * expected, _LN2, rtol):
        return "This looks like a rate constant where a half-life is wanted (or the reverse): t½ = ln 2 / k."
    if _close(ratio, _LN10, rtol) or _close(ratio, 1 / _LN10, rtol):
        return "Off by a factor of ln 10 ≈ 2.303: use the natural log (np.log), not log10."
    if _close(ratio, _LN2, rtol) or _close(ratio, 1 / _LN2, rtol):
        return "Off by a factor of ln 2 ≈ 0.693: t½ = ln 2 / k and k = ln 2 / t½; is ln 2 missing or doubled?"
    if fraction_unbound is not None and fraction_unbound not in (0, 1):
        if _close(ratio, 1 / fraction_unbound, rtol) or _close(ratio, fraction_unbound, rtol):
            return (f"Off by a factor of f_u = {fraction_unbound:g}: only unbound drug binds the target; "
                    "check whether total or unbound concentration is needed.")
    if _close(ratio, 100.0, rtol) or _close(ratio, 0.01, rtol):
        return "Off by a factor of 100: a percentage where a fraction (0–1) is expected, or the reverse."
    if _close(ratio, 60.0, rtol) or _close(ratio, 1 / 60.0, rtol):
        return "Off by a factor of 60: 1 Bq = 60 dpm, and 1 min = 60 s; check which one the question asks for."
    if _close(answer * expected, 1.0, rtol):
        return ("Your answer is the reciprocal of the expected value (answer × expected ≈ 1): "
                "you may have inverted the ratio, i.e. divided the wrong way round "
                "(for a fold error, put the larger of P and O on top).")
    exponent = math.log10(abs(ratio))
    nearest = round(exponent)
    if nearest != 0 and nearest % 3 == 0 and abs(exponent - nearest) < math.log10(1 + rtol):
        direction = "too large" if nearest > 0 else "too small"
        return (f"Your answer is 10^{abs(nearest)} times {direction}: check the unit prefixes "
                f"(mg/µg/ng/pg, mL/L, nM/µM, Bq/kBq/MBq, µSv/mSv). "
                f"The answer is expected in{in_unit or ' the requested unit'}.")
    return f"Not quite: your answer is {ratio:.3g} times the expected value. Re-check each step and its units."


def check(answer, expected, *, name="answer", unit="", rtol=0.01, fraction_unbound=None) -> bool:
    """Print whether ``answer`` is right, with a diagnostic hint when it is not.

    Parameters
    ----------
    answer : float
        The student's number.
    expected : float
        The value computed by the library.
    name : str, optional
        What the number is, for the message.
    unit : str, optional
        Its unit.
    rtol : float, optional
        Relative tolerance.
    fraction_unbound : float, optional
        See :func:`diagnose`.

    Returns
    -------
    bool
        True when the answer is within tolerance.

    References
    ----------
    Ambrose et al., How Learning Works, 2010, ch. 5.
    """
    hint = diagnose(answer, expected, rtol=rtol, fraction_unbound=fraction_unbound, unit=unit)
    if hint is None:
        print(f"✓ {name}: {float(answer):.4g} {unit} is right.")
        return True
    print(f"✗ {name}: {hint}")
    return False
