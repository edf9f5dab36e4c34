"""Answer checks that name the usual slips instead of saying only "wrong".

A lesson or a problem set asks for a number, the student computes it, and the
course compares it with the value the library computes. When the answer is
off, the *ratio* answer/expected usually betrays the mistake:

=================  ========================  ======================================================
ratio              kind                      likely mistake
=================  ========================  ======================================================
-1                 ``sign``                  a sign error
answer × expected  ``rate_for_half_life``    a rate constant given for a half-life (or the reverse)
≈ ln 2
ln 10 or 1/ln 10   ``log10_for_ln``          log10 used where the natural log is meant (or reverse)
ln 2 or 1/ln 2     ``missing_ln2``           ln 2 left out of a half-life or rate constant
f_u or 1/f_u       ``total_for_unbound``     total concentration used instead of unbound (or reverse)
100 or 1/100       ``percent_for_fraction``  a percentage where a fraction is expected (or reverse)
60 or 1/60         ``factor_60``             Bq and dpm (or seconds and minutes) mixed up
answer × expected  ``inverted``              a ratio inverted, e.g. P/O where max(P/O, O/P) is wanted
≈ 1
10^±3, 10^±6, ...  ``units_1e3``, ...        a unit prefix: mg vs µg, ng/mL vs mg/L, nM vs µM
=================  ========================  ======================================================

Every comparison gives a :class:`Diagnosis` (:func:`diagnose` returns it; a
failing :func:`expect` or self-check raises it inside an :class:`AnswerError`,
and a passing one returns nothing), a small structured result with a
``kind`` (one of the words above, ``"correct"``, ``"follow_through"``, a
question-specific slip such as ``"larger_limit"``, or ``"not_quite"`` when
nothing is recognised) and a ``message`` for the student. Code that reacts to
a diagnosis looks at ``kind``, never at the message text.

Three entry points share one recognition engine (:func:`classify`):

:func:`diagnose` / :func:`check`
    compare a number with a known expected value (lessons, scratch work);
:func:`expect`
    the hidden test of a graded problem set: compares the student's answer
    (looked up by name) with the reference, recognises the question's own
    slips, and gives full credit to an answer that follows correctly from the
    student's own earlier answers ("follow-through");
:class:`microdose.answerkey.AnswerKey`
    the self-check a student runs in a released problem set: the same
    recognition, done against salted hashes so that the release contains no
    reference value in readable form.

Equality is decided by :func:`same_value`: values are put on a logarithmic grid
of ``BINS_PER_TOLERANCE`` bins per relative tolerance, and two values are the
same when their bins differ by at most ``BINS_PER_TOLERANCE + 1``. An answer
within ``rtol`` of the reference is therefore always accepted, one more than
1.2 × ``rtol`` off never, and the hashed self-check and the hidden test, which
both use this rule, always agree.

References
----------
Ambrose SA, Bridges MW, DiPietro M, Lovett MC, Norman MK. How Learning Works:
Seven Research-Based Principles for Smart Teaching. Jossey-Bass, 2010, ch. 5
(targeted feedback).
Shute VJ. Focus on formative feedback. Rev Educ Res 2008;78:153-189.
"""

from __future__ import annotations

import math
import numbers
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn, SupportsFloat, cast

import numpy as np
from numpy.typing import ArrayLike

from . import units
from ._deprecation import deprecated_names

__all__ = [
    "BINS_PER_TOLERANCE",
    "COARSE_STEP",
    "GENERIC_KINDS",
    "MESSAGE_WIDTH",
    "PUBLIC_ANSWER_MESSAGE",
    "AnswerError",
    "Diagnosis",
    "check",
    "classify",
    "coarse_bin",
    "combine_elements",
    "diagnose",
    "element_label",
    "expect",
    "explain_wrong_number",
    "same_value",
    "several_slips",
    "slip_tolerance",
    "steps_to_ratio",
    "value_bin",
    "wrap_message",
]

LN10 = math.log(10.0)  # exact (mathematical constant)
LN2 = math.log(2.0)  # exact (mathematical constant)

BINS_PER_TOLERANCE = 10  # implementation choice: bins of the comparison grid per relative tolerance

COARSE_STEP = 0.01  # implementation choice: relative step of the grid that reads "about N times the expected value"
COARSE_SPAN = math.ceil(math.log(1e4) / math.log1p(COARSE_STEP))  # derived: coarse steps in 10⁴-fold either way

OK_KINDS = ("correct", "follow_through")
"""Kinds of a diagnosis that earn the points."""

GENERIC_KINDS = (
    "zero",
    "sign",
    "complement",
    "rate_for_half_life",
    "log10_for_ln",
    "missing_ln2",
    "total_for_unbound",
    "percent_for_fraction",
    "factor_60",
    "inverted",
    "units_1e3",
    "units_1e6",
    "units_1e9",
    "units_1e12",
    "not_quite",
)
"""Kinds that :func:`classify` can name for any numeric answer, in the order they are tried."""

_PREFIX_EXAMPLES = (
    ("Bq", "Bq/kBq/MBq, and Bq/dpm"),
    ("dpm", "Bq/kBq/MBq, and Bq/dpm"),
    ("Sv", "µSv/mSv/Sv"),
    ("counts", "µL/mL and the counting efficiency"),
    ("atoms", "pg/g, µL/mL and mol/molecules"),
    ("/h", "mL/L, mg/µg/ng/pg, h/min"),
    ("L", "mL/L, mg/µg/ng/pg"),
    ("M", "nM/µM/pM and ng/mL"),
    ("g", "mg/µg/ng/pg, mL/L"),
)


def _prefixes(unit: str) -> str:
    """The unit prefixes worth checking for an answer in ``unit``."""
    for marker, examples in _PREFIX_EXAMPLES:
        if marker in unit:
            return examples
    return "mg/µg/ng/pg, mL/L, nM/µM"


@dataclass(frozen=True)
class Diagnosis:
    """What a check found out about one answer.

    Attributes
    ----------
    kind : str
        ``"correct"``, ``"follow_through"`` (right, given the student's own earlier
        answers), a recognised slip (see the module table, or a question's own
        slip such as ``"larger_limit"``), ``"not_quite"`` (wrong, nothing
        recognised), or a form problem: ``"no_answer"``, ``"wrong_type"``,
        ``"not_finite"``, ``"wrong_shape"``, ``"out_of_range"``. A self-check that
        cannot judge an answer because an earlier answer it builds on is not right
        yet says ``"depends_on_earlier"``.
    message : str
        What the student reads.
    name : str
        The answer variable, if known.
    question : str
        The question label (``"2b"``), if known.
    ratio : float or None
        answer / expected, where known (``None`` in a hashed self-check).
    """

    kind: str
    message: str
    name: str = ""
    question: str = ""
    ratio: float | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """True when the answer earns its points (correct, or correct follow-through)."""
        return self.kind in OK_KINDS

    def __str__(self) -> str:
        return self.message


class AnswerError(AssertionError):
    """A wrong answer, raised by :func:`expect` and by the self-checks; carries its :class:`Diagnosis`.

    It is an ``AssertionError``, so nbgrader counts the test cell as failed and the
    student sees the message, exactly as for a failed ``assert``.
    """

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__(wrap_message(diagnosis.message))
        self.diagnosis = diagnosis


#: implementation choice: nbgrader's Validate cuts error lines at 87 characters, "AnswerError: " included
MESSAGE_WIDTH = 68


def wrap_message(message: str) -> str:
    """A message wrapped to :data:`MESSAGE_WIDTH` characters a line, so that no viewer cuts it off.

    Parameters
    ----------
    message : str
        One or more lines.

    Returns
    -------
    str
        Each line wrapped, continuation lines indented by two spaces.

    References
    ----------
    nbgrader 0.9.6, ``Validator.width`` (90; lines, indented by 4, are cut at width - 3).

    Examples
    --------
    >>> print(wrap_message("word " * 16))
    word word word word word word word word word word word word word
      word word word
    """
    return "\n".join(
        textwrap.fill(line, MESSAGE_WIDTH, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
        or line
        for line in message.split("\n")
    )


# The check found a wrong answer: the message of the AnswerError below says what and how to fix it.
def _fail(diagnosis: Diagnosis) -> NoReturn:
    __tracebackhide__ = True
    raise AnswerError(diagnosis)


# ---------------------------------------------------------------------------------------------
# Comparing two numbers
# ---------------------------------------------------------------------------------------------


def value_bin(x: float, rtol: float = 0.01, atol: float | None = None) -> int:
    """Index of ``x`` on the comparison grid (see :func:`same_value`).

    Parameters
    ----------
    x : float
        A finite, non-zero number (for the relative grid) or any finite number
        (for the absolute grid).
    rtol : float
        Relative tolerance; the grid step is ``ln(1 + rtol) / BINS_PER_TOLERANCE``
        on the scale of ``ln |x|``.
    atol : float, optional
        If given, an absolute grid of step ``atol / BINS_PER_TOLERANCE`` is used
        instead (for answers that may be zero or change sign).

    Returns
    -------
    int
        The bin; the sign of ``x`` is not part of it on the relative grid.

    References
    ----------
    Implementation choice of this course (rounding to a grid so that hashes of
    nearby values can be compared; Ambrose et al. 2010 for the purpose).

    Examples
    --------
    >>> value_bin(1.0)
    0
    >>> value_bin(1.01) == BINS_PER_TOLERANCE
    True
    """
    if atol is not None:
        return round(x / (atol / BINS_PER_TOLERANCE))
    return round(math.log(abs(x)) / (math.log1p(rtol) / BINS_PER_TOLERANCE))


def same_value(x: float, reference: float, rtol: float = 0.01, atol: float | None = None) -> bool:
    """Whether ``x`` equals ``reference`` within the tolerance.

    The rule is the one the hashed self-checks can apply too: both numbers are
    placed on a logarithmic grid (:func:`value_bin`) and are the same when their
    bins differ by at most ``BINS_PER_TOLERANCE + 1``. Consequently

    .. math:: |\\ln(x/\\mathrm{ref})| \\le \\ln(1 + r) \\Rightarrow \\text{same};\\qquad
              |\\ln(x/\\mathrm{ref})| > 1.2\\,\\ln(1 + r) \\Rightarrow \\text{different},

    with a narrow band between where the grid decides. Numbers of opposite sign
    are never the same; zero equals only zero. With ``atol`` the grid is linear.

    Parameters
    ----------
    x, reference : float
        The two numbers.
    rtol : float
        Relative tolerance (default 1 %).
    atol : float, optional
        Absolute tolerance instead (for answers that may be zero or negative).

    Returns
    -------
    bool

    References
    ----------
    Implementation choice of this course (see module docstring).

    Examples
    --------
    >>> same_value(100.9, 100.0), same_value(102.0, 100.0), same_value(-1.0, 1.0)
    (True, False, False)
    """
    x, reference = float(x), float(reference)
    if not (math.isfinite(x) and math.isfinite(reference)):
        return False
    if atol is not None:
        return abs(value_bin(x, atol=atol) - value_bin(reference, atol=atol)) <= BINS_PER_TOLERANCE + 1
    if x == 0.0 or reference == 0.0:
        return x == reference
    if (x > 0) != (reference > 0):
        return False
    return abs(value_bin(x, rtol) - value_bin(reference, rtol)) <= BINS_PER_TOLERANCE + 1


# ---------------------------------------------------------------------------------------------
# Recognising a slip
# ---------------------------------------------------------------------------------------------


def _generic_candidates(
    x: float, fraction_unbound: float | None, unit: str, fraction: bool = False
) -> Iterator[tuple[str, float, str]]:
    """(kind, the expected value IF this slip was made, message), in the order they are tried."""
    in_unit = f" The answer is expected in {unit}." if unit and unit != "%" else ""
    yield "sign", -x, "Right size, wrong sign: check the sign of a slope or a difference."
    if fraction:
        yield (
            "complement",
            1.0 - x,
            "This is 1 minus the expected fraction: check which fraction the question asks "
            "for (occupied or free, left or lost, ...).",
        )
    yield (
        "rate_for_half_life",
        LN2 / x,
        "This looks like a rate constant where a half-life is wanted (or the reverse): t½ = ln 2 / k.",
    )
    log_msg = (
        "Off by a factor of ln 10 ≈ 2.303: if a logarithm is involved, use the natural log (np.log), "
        "not log10 (or the reverse)."
    )
    yield "log10_for_ln", x / LN10, log_msg
    yield "log10_for_ln", x * LN10, log_msg
    ln2_msg = "Off by a factor of ln 2 ≈ 0.693: t½ = ln 2 / k and k = ln 2 / t½; is ln 2 missing or doubled?"
    yield "missing_ln2", x / LN2, ln2_msg
    yield "missing_ln2", x * LN2, ln2_msg
    if fraction_unbound is not None and 0.0 < fraction_unbound < 1.0:
        fu_msg = (
            f"Off by a factor of f_u = {fraction_unbound:g}: only unbound drug binds the target; "
            "check whether total or unbound concentration is needed."
        )
        yield "total_for_unbound", x * fraction_unbound, fu_msg
        yield "total_for_unbound", x / fraction_unbound, fu_msg
    pct_msg = "Off by a factor of 100: a percentage where a fraction (0–1) is expected, or the reverse."
    yield "percent_for_fraction", x / 100.0, pct_msg
    yield "percent_for_fraction", x * 100.0, pct_msg
    sixty_msg = (
        "Off by a factor of 60: 1 min = 60 s, 1 h = 60 min, 1 Bq = 60 dpm; check the time unit the question asks for."
    )
    yield "factor_60", x / 60.0, sixty_msg
    yield "factor_60", x * 60.0, sixty_msg
    yield (
        "inverted",
        1.0 / x,
        "Your answer is the reciprocal of the expected value (answer × expected ≈ 1): you may have divided "
        "the wrong way round (a/b where b/a is wanted).",
    )
    for power in (3, 6, 9, 12):
        for direction, factor in (("too large", 10.0**power), ("too small", 10.0**-power)):
            yield (
                f"units_1e{power}",
                x / factor,
                f"Your answer is 10^{power} times {direction}: check the unit prefixes and conversions "
                f"({_prefixes(unit)}).{in_unit}",
            )


def classify(
    x: float,
    matches: Callable[[float], bool],
    *,
    fraction_unbound: float | None = None,
    unit: str = "",
    fraction: bool = False,
) -> Diagnosis | None:
    """Name the generic slip that explains a wrong number, if any.

    Each slip of the module table is a transformation of the answer that would
    give back the expected value; the first transformation whose result
    ``matches`` names the slip. The expected value itself need not be known:
    the hashed self-checks pass a ``matches`` that looks hashes up.

    Parameters
    ----------
    x : float
        The student's (finite) answer, already known not to match.
    matches : callable
        ``matches(y)`` is True when ``y`` equals the expected value (within the tolerance).
    fraction_unbound : float, optional
        The f_u of the problem, so that a total/unbound mix-up can be recognised.
    unit : str, optional
        Unit of the expected answer, quoted in the messages.
    fraction : bool, optional
        The answer is a fraction between 0 and 1 (its complement 1 - x is then tried too).

    Returns
    -------
    Diagnosis or None
        None when no generic slip explains the answer.

    References
    ----------
    Ambrose et al., How Learning Works, 2010, ch. 5.

    Examples
    --------
    >>> classify(1000.0, lambda y: same_value(y, 1.0)).kind
    'units_1e3'
    """
    if x == 0.0:
        return Diagnosis("zero", "Your answer is zero: did a variable stay unset, or did an integer division truncate?")
    for kind, candidate, message in _generic_candidates(x, fraction_unbound, unit, fraction):
        if math.isfinite(candidate) and matches(candidate):
            return Diagnosis(kind, message)
    return None


def coarse_bin(x: float) -> int:
    """Index of ``|x|`` on the coarse grid used to report "about N times" (step ``COARSE_STEP``).

    Parameters
    ----------
    x : float
        A finite non-zero number.

    Returns
    -------
    int

    References
    ----------
    Implementation choice of this course (see module docstring).

    Examples
    --------
    >>> coarse_bin(1.0), coarse_bin(1.01)
    (0, 1)
    """
    return round(math.log(abs(x)) / math.log1p(COARSE_STEP))


def steps_to_ratio(steps: int, same_sign: bool = True) -> float | None:
    """The ratio answer/expected that ``steps`` coarse-grid steps stand for.

    Parameters
    ----------
    steps : int
        ``coarse_bin(answer) - coarse_bin(expected)``.
    same_sign : bool
        Whether answer and expected have the same sign.

    Returns
    -------
    float or None
        ``(1 + COARSE_STEP) ** steps`` (negative for opposite signs); None beyond
        ``COARSE_SPAN`` steps (more than 10⁴-fold).

    References
    ----------
    Implementation choice of this course (see module docstring).
    """
    if abs(steps) > COARSE_SPAN:
        return None
    ratio = (1.0 + COARSE_STEP) ** steps
    return ratio if same_sign else -ratio


def _times(ratio: float) -> str:
    """A ratio for a message: ``"1.7"``, ``"0.0035"``, ``"2.3 × 10⁵"``."""
    if 1e-3 <= abs(ratio) < 1e4:
        return f"{ratio:.2g}"
    exponent = math.floor(math.log10(abs(ratio)))
    return f"{ratio / 10**exponent:.2g} × 10^{exponent}"


def _not_quite(ratio: float | None) -> Diagnosis:
    if ratio is None:
        return Diagnosis(
            "not_quite",
            "Not quite: your answer is far from the expected value (more than 10⁴-fold "
            "either way). Re-check each step and its units.",
        )
    if abs(ratio - 1.0) <= 2.5 * COARSE_STEP:
        return Diagnosis(
            "not_quite",
            "Not quite: your answer is within about 2 % of the expected value but outside "
            "the tolerance: look for a rounded or retyped intermediate, or a step done a "
            "little differently from what the question specifies.",
            ratio=ratio,
        )
    return Diagnosis(
        "not_quite",
        f"Not quite: your answer is about {_times(ratio)} times the expected value. Re-check each step and its units.",
        ratio=ratio,
    )


def several_slips(found: list[Diagnosis]) -> Diagnosis:
    """One diagnosis for an answer that matches more than one typical slip: the first kind, every message.

    Parameters
    ----------
    found : list of Diagnosis
        The slips matched, most specific first (duplicates by message are dropped).

    Returns
    -------
    Diagnosis
        ``found[0]`` itself when only one slip matches.

    References
    ----------
    Course convention: values can coincide, so the check says every slip the value fits.
    """
    unique: list[Diagnosis] = []
    for diagnosis in found:
        if diagnosis.message not in {d.message for d in unique}:
            unique.append(diagnosis)
    if len(unique) == 1:
        return unique[0]
    listed = " ".join(f"({number}) {d.message}" for number, d in enumerate(unique, 1))
    return Diagnosis(
        unique[0].kind,
        f"Your answer fits more than one typical slip; check each: {listed}",
        unique[0].name,
        unique[0].question,
        unique[0].ratio,
    )


def slip_tolerance(rtol: float) -> float:
    """Relative tolerance within which an answer matches a known wrong value: at least 1 %.

    A typical slip is recognised even when the student's other steps differ slightly
    (rounding), while the right answer may demand a tighter ``rtol``.

    Parameters
    ----------
    rtol : float
        The answer's own tolerance.

    Returns
    -------
    float

    References
    ----------
    Implementation choice of this course.
    """
    return max(rtol, 0.01)


ROUNDED_MESSAGE = (
    "within 1 % of the expected value but not within the tolerance of this question: compute "
    "from the variables at full precision (no retyped or rounded numbers) and follow the rules "
    "of the question exactly."
)


def _named_slips(
    x: float, slips: Iterable, expected: float, rtol: float, atol: float | None, slip_rtol: float | None = None
) -> list[Diagnosis]:
    """The question's own slips ``(kind, value, message)`` that ``x`` equals, in their order."""
    tolerance = slip_rtol or slip_tolerance(rtol)
    found = []
    for kind, value, message in slips:
        value = float(value)
        if not same_value(value, expected, tolerance, atol) and same_value(x, value, tolerance, atol):
            found.append(Diagnosis(kind, message))
    return found


def _as_real(answer: object) -> float | None:
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        if isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype.kind in "iuf":
            return float(answer)
        return None
    return float(answer)


def diagnose(
    answer: object,
    expected: float,
    *,
    rtol: float = 0.01,
    atol: float | None = None,
    fraction_unbound: float | None = None,
    unit: str = "",
    slips: Iterable[tuple[str, float, str]] = (),
    slip_rtol: float | None = None,
    hint: str = "",
    fraction: bool = False,
) -> Diagnosis:
    """Compare a number with the expected value and explain the difference.

    Parameters
    ----------
    answer : float
        The student's number.
    expected : float
        The correct number (finite; non-zero unless ``atol`` is given).
    rtol : float, optional
        Relative tolerance for "right" (default 1 %; see :func:`same_value`).
    atol : float, optional
        Absolute tolerance instead, for answers that may be zero or negative.
    fraction_unbound : float, optional
        If the problem involves protein binding, the f_u used, so that a
        total/unbound mix-up can be recognised.
    unit : str, optional
        Unit of the expected answer, quoted in the messages.
    slips : iterable of (kind, value, message), optional
        The question's own typical wrong values, tried before the generic ones.
    slip_rtol : float, optional
        Tolerance within which ``answer`` matches one of ``slips`` (default
        :func:`slip_tolerance` of ``rtol``).
    hint : str, optional
        Appended to a generic diagnosis (not to a named slip, which has its own message).
    fraction : bool, optional
        The answer is a fraction (its complement is then recognised too).

    Returns
    -------
    Diagnosis
        ``kind == "correct"`` when the answer is right; otherwise the slip
        recognised, or ``"not_quite"`` with the ratio answer/expected.

    References
    ----------
    Ambrose et al., How Learning Works, 2010, ch. 5.

    Examples
    --------
    >>> diagnose(100.0, 0.1, unit="mg").kind
    'units_1e3'
    >>> diagnose(0.1, 0.1).ok
    True
    """
    if not isinstance(expected, numbers.Real) or not math.isfinite(expected) or (expected == 0 and atol is None):
        raise ValueError(f"expected must be a finite number (non-zero unless atol is given); received {expected!r}")
    x = _as_real(answer)
    if x is None:
        return Diagnosis(
            "wrong_type", f"Your answer should be a number (in {unit or 'the requested unit'}); got {answer!r}."
        )
    if not math.isfinite(x):
        return Diagnosis("not_finite", f"Your answer is {x}: check for a division by zero or a log of zero.")
    if same_value(x, expected, rtol, atol):
        return Diagnosis("correct", f"{x:.4g}{' ' + unit if unit else ''} is right.")
    return explain_wrong_number(
        _named_slips(x, slips, expected, rtol, atol, slip_rtol),
        classify(
            x,
            lambda y: same_value(y, expected, rtol, atol),
            fraction_unbound=fraction_unbound,
            unit=unit,
            fraction=fraction,
        ),
        rounded=lambda: rtol < 0.01 and atol is None and same_value(x, expected, 0.01),
        ratio=lambda: (
            None
            if expected == 0 or x == 0
            else steps_to_ratio(coarse_bin(x) - coarse_bin(expected), (x > 0) == (expected > 0))
        ),
        hint=hint,
    )


def explain_wrong_number(
    named: list[Diagnosis],
    generic: Diagnosis | None,
    *,
    rounded: Callable[[], bool],
    ratio: Callable[[], float | None],
    hint: str = "",
) -> Diagnosis:
    """The diagnosis of a wrong number, from what was recognised, in the one order every check uses.

    The hidden test (:func:`diagnose`) and the hashed self-check
    (:meth:`microdose.answerkey.AnswerKey.judge_element`) recognise slips differently
    (by value, by hash) and both decide here, so that they always say the same thing:
    the question's own slips first (with a generic slip that also fits, :func:`several_slips`),
    then "rounded", then the generic slip, then "not quite" with the ratio.

    Parameters
    ----------
    named : list of Diagnosis
        The question's own slips that the number matches, in their listed order.
    generic : Diagnosis or None
        The generic slip :func:`classify` names, if any.
    rounded : callable
        ``rounded()`` is True when the number is within 1 % of the expected value and the
        question's tolerance is tighter (asked only when no slip of the question matches).
    ratio : callable
        ``ratio()`` gives the approximate answer/expected ratio (None if unknown); asked
        only when needed, since the hashed check searches for it.
    hint : str, optional
        Appended to a generic or "not quite" diagnosis (a named slip has its own message).

    Returns
    -------
    Diagnosis

    References
    ----------
    Course convention (see the module docstring).
    """
    if named:
        return several_slips(named + ([generic] if generic is not None else []))
    if rounded():
        return Diagnosis("rounded", ROUNDED_MESSAGE, ratio=ratio())
    found = generic if generic is not None else _not_quite(ratio())
    return Diagnosis(found.kind, f"{found.message} {hint}", ratio=found.ratio) if hint else found


def check(
    answer: object,
    expected: float,
    *,
    name: str = "answer",
    unit: str = "",
    rtol: float = 0.01,
    fraction_unbound: float | None = None,
) -> bool:
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
    diagnosis = diagnose(answer, expected, rtol=rtol, fraction_unbound=fraction_unbound, unit=unit)
    if diagnosis.ok:
        print(f"✓ {name}: {float(cast(float, answer)):.4g} {unit} is right.")  # diagnose() found a real number
        return True
    print(f"✗ {name}: {diagnosis.message}")
    return False


# ---------------------------------------------------------------------------------------------
# The hidden test of a graded question
# ---------------------------------------------------------------------------------------------

_MISSING = object()


def _caller_namespace(depth: int = 2) -> dict[str, Any]:
    return sys._getframe(depth).f_globals


def element_label(index: tuple[int, ...]) -> str:
    """How an array element is named in messages and hashes.

    Parameters
    ----------
    index : tuple of int
        The element's index.

    Returns
    -------
    str
        ``"[2]"`` or ``"[1, 3]"``.

    References
    ----------
    Course convention.

    Examples
    --------
    >>> element_label((1, 3))
    '[1, 3]'
    """
    return "[" + ", ".join(str(i) for i in index) + "]"


def _elements(expected: Any) -> list[tuple[str, Any]]:
    """(element label, expected value) pairs of a scalar, an array (any shape) or a mapping."""
    if isinstance(expected, Mapping):
        return [(repr(key), value) for key, value in expected.items()]
    if isinstance(expected, (list, tuple, np.ndarray)):
        array = np.asarray(expected)
        return [(element_label(index), array[index].item()) for index in np.ndindex(array.shape)]
    return [("", expected)]


def _student_element(value: Any, label: str, expected: object) -> Any:
    """The element of ``value`` (a student's answer or a slip, shaped like ``expected``) that ``label`` names."""
    if label == "":
        return value
    if isinstance(expected, Mapping):
        key = next(k for k in expected if repr(k) == label)
        return value[key]
    index = tuple(int(i) for i in label[1:-1].split(","))
    return np.asarray(value)[index].item()


def _judge_element(
    value: object,
    expected: SupportsFloat | str,
    *,
    rtol: float,
    atol: float | None,
    fraction_unbound: float | None,
    unit: str,
    slips: Iterable[tuple[str, Any, str]],
    slip_rtol: float | None = None,
    hint: str = "",
    fraction: bool = False,
) -> Diagnosis:
    """Diagnosis of one element (a number, or an exact value such as a bool, an int or a word)."""
    if isinstance(expected, (bool, np.bool_, str)) or rtol == 0:
        if _exact_equal(value, expected):
            return Diagnosis("correct", "right.")
        for kind, slip_value, message in slips:
            if _exact_equal(value, slip_value):
                return Diagnosis(kind, message)
        return Diagnosis("not_quite", "Not the expected answer: re-read the question and check your reasoning.")
    return diagnose(
        value,
        float(expected),
        rtol=rtol,
        atol=atol,
        fraction_unbound=fraction_unbound,
        unit=unit,
        slips=slips,
        slip_rtol=slip_rtol,
        hint=hint,
        fraction=fraction,
    )


def _exact_equal(value: object, expected: SupportsFloat | str) -> bool:
    if isinstance(expected, (bool, np.bool_)):
        return isinstance(value, (bool, np.bool_)) and bool(value) == bool(expected)
    if isinstance(expected, str):
        return isinstance(value, str) and value == expected
    real = _as_real(value)
    return real is not None and real == float(expected)


def expect(
    question: str,
    name: str,
    expected: object,
    *,
    rtol: float = 0.01,
    atol: float | None = None,
    unit: str = "",
    slips: Iterable = (),
    fraction_unbound: float | None = None,
    follow: str | Iterable[str] | None = None,
    slip_rtol: float | None = None,
    hint: str = "",
    fraction: bool = False,
    public: object = None,
    public_named: bool = True,
) -> None:
    """Hidden test of one graded answer: pass, or raise :class:`AnswerError` naming the slip.

    The answer is looked up by ``name`` in the namespace of the calling cell (the
    student's notebook). It earns its points when it equals ``expected``, or,
    under the course's follow-through policy, when it equals the value that the
    expression ``follow`` gives with the student's **own** earlier answers (a slip
    in an earlier answer costs that answer only). A wrong answer raises
    :class:`AnswerError` with the question's own slip message if one matches, else
    the generic diagnosis of :func:`diagnose`, else "not quite" with the ratio.
    In a class variant (other data), an answer equal to ``public`` (the answer for
    the public course's data) earns nothing, not even by follow-through.

    Parameters
    ----------
    question : str
        Label used in messages, e.g. ``"2b"``.
    name : str
        The answer variable.
    expected : float, bool, int, str, sequence or mapping
        The reference answer (a sequence or mapping is checked element by element).
    rtol, atol : float, optional
        Tolerance for numbers (see :func:`same_value`); ``rtol=0`` makes integers exact.
    unit : str, optional
        Unit of the answer, quoted in the messages.
    slips : iterable of (kind, value, message), optional
        The question's own typical wrong values (for a sequence or mapping answer,
        each value has the same shape as ``expected``).
    fraction_unbound : float, optional
        f_u of the problem, to recognise a total/unbound mix-up.
    follow : str or list of str, optional
        A Python expression over the notebook's variables that computes this
        answer from the student's earlier answers (follow-through); a list when
        the answer can follow from them in more than one valid way. ``np``,
        ``math`` and :mod:`microdose.units` are available in it.
    slip_rtol : float, optional
        Tolerance for matching ``slips`` (default :func:`slip_tolerance` of ``rtol``).
    hint : str, optional
        Appended to a generic diagnosis of this answer.
    fraction : bool, optional
        The answer is a fraction between 0 and 1 (its complement is recognised too).
    public : optional
        The answer of the public course's data, in a class variant whose data differ
        (:data:`PUBLIC_ANSWER_MESSAGE`); shaped like ``expected``. An answer equal to it
        earns no follow-through credit.
    public_named : bool, optional
        True (default): such an answer fails with :data:`PUBLIC_ANSWER_MESSAGE`. False, where an
        honest slip can give the same value: it gets the usual diagnosis, without follow-through.

    Returns
    -------
    None
        Nothing, for an answer that earns its points: a test cell's last value would be
        shown as its output, and nbgrader reads a test cell's output as a partial score.
        A follow-through answer prints a ✓ note saying so.

    Raises
    ------
    AnswerError
        For a missing or wrong answer.

    References
    ----------
    Ambrose et al., How Learning Works, 2010, ch. 5; follow-through ("error carried
    forward") marking as in the IB and A-level mark schemes.
    """
    __tracebackhide__ = True
    namespace = _caller_namespace()
    label = f"Q{question} {name}"
    value = namespace.get(name, _MISSING)
    if value is _MISSING:
        _fail(
            Diagnosis(
                "no_answer",
                f"{label}: there is no variable {name}; write your answer in the answer cell and run it.",
                name,
                question,
            )
        )
    slips = [tuple(s) for s in slips]
    diagnosis = _judge_answer(
        value,
        expected,
        rtol=rtol,
        atol=atol,
        fraction_unbound=fraction_unbound,
        unit=unit,
        slips=slips,
        name=name,
        slip_rtol=slip_rtol,
        hint=hint,
        fraction=fraction,
    )
    if diagnosis.ok:
        return None
    alternatives = [follow] if isinstance(follow, str) else list(follow or [])
    if (
        public is not None
        and _judge_answer(value, public, rtol=rtol, atol=atol, fraction_unbound=None, unit=unit, slips=()).ok
    ):
        if public_named:
            _fail(Diagnosis("public_answer", f"{label}: {PUBLIC_ANSWER_MESSAGE}", name, question))
        alternatives = []  # the public course's number: not carried forward
    named_relative = None
    for expression in alternatives:
        own = _follow_value(expression, namespace)
        if (
            own is None
            or _judge_answer(own, expected, rtol=rtol, atol=atol, fraction_unbound=None, unit=unit, slips=()).ok
        ):
            continue  # unusable, or the earlier answers it uses are right
        relative = _judge_answer(
            value, own, rtol=rtol, atol=atol, fraction_unbound=fraction_unbound, unit=unit, slips=()
        )
        if relative.ok:
            message = (
                f"{label}: right for your own earlier answers (they differ from the reference; "
                "those answers lost their points, this one keeps its points: follow-through)."
            )
            print(f"✓ {message}")
            return None
        if named_relative is None and relative.kind != "not_quite":
            named_relative = relative
    if diagnosis.kind == "not_quite" and named_relative is not None:
        diagnosis = Diagnosis(
            named_relative.kind, named_relative.message + " (Compared with what your own earlier answers give.)"
        )
    _fail(Diagnosis(diagnosis.kind, f"{label}: {diagnosis.message}", name, question, diagnosis.ratio))


PUBLIC_ANSWER_MESSAGE = (
    "this is the answer for the data of the public course (the problem sets published "
    "with the course), not for the data in this notebook: work it out from the data given "
    "here."
)


def _follow_value(follow: str | None, namespace: dict[str, Any]) -> object:
    if not follow:
        return None
    try:
        value = eval(follow, {"np": np, "math": math, "units": units, **namespace})
    except Exception:
        return None
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "iufb" and np.all(np.isfinite(value.astype(float))) else None
    if isinstance(value, (bool, np.bool_, str, Mapping, numbers.Integral)):
        return value
    real = _as_real(value)
    return real if real is not None and math.isfinite(real) else None


def _judge_answer(
    value: object,
    expected: Any,
    *,
    rtol: float,
    atol: float | None,
    fraction_unbound: float | None,
    unit: str,
    slips: Iterable[tuple[str, Any, str]],
    name: str = "",
    slip_rtol: float | None = None,
    hint: str = "",
    fraction: bool = False,
) -> Diagnosis:
    """Diagnosis of a whole answer: every element must be right; the first wrong one is reported."""
    elements = _elements(expected)
    if len(elements) > 1 or elements[0][0] != "":
        problem = _shape_problem(value, expected)
        if problem is not None:
            return problem
    wrong: list[tuple[str, Diagnosis]] = []
    for label, element in elements:
        element_slips = [
            (kind, _student_element(slip_value, label, expected), message) for kind, slip_value, message in slips
        ]
        found = _judge_element(
            _student_element(value, label, expected),
            element,
            rtol=rtol,
            atol=atol,
            fraction_unbound=fraction_unbound,
            unit=unit,
            slips=element_slips,
            slip_rtol=slip_rtol,
            hint=hint,
            fraction=fraction,
        )
        if not found.ok:
            wrong.append((label, found))
    if not wrong:
        return Diagnosis("correct", "right.")
    if len(elements) == 1 and elements[0][0] == "":
        return wrong[0][1]
    return combine_elements(wrong, len(elements), name)


def combine_elements(wrong: list[tuple[str, Diagnosis]], count: int, name: str = "") -> Diagnosis:
    """One diagnosis for an answer with several values (an array or a dictionary), ``wrong`` of them wrong.

    Parameters
    ----------
    wrong : list of (str, Diagnosis)
        The wrong elements: their label (``"[2]"`` or ``"'A'"``) and diagnosis, in order.
    count : int
        How many elements the answer has.
    name : str, optional
        The answer variable, to name the first wrong element.

    Returns
    -------
    Diagnosis
        The first wrong element's, with where it is.

    References
    ----------
    Course convention.
    """
    # report the most telling element: a recognised slip before a rounding or an unexplained difference
    label, first = min(wrong, key=lambda pair: pair[1].kind in ("rounded", "not_quite"))
    element = f"{name}{label}" if label.startswith("[") else f"{name}[{label}]"
    same = len({d.kind for _, d in wrong}) == 1
    where = (
        f"all {count} values"
        if len(wrong) == count and same
        else f"{len(wrong)} of {count} values wrong, among them {element}"
    )
    return Diagnosis(first.kind, f"({where}) {first.message}", name, first.question, first.ratio)


def _shape_problem(value: object, expected: ArrayLike | Mapping[Any, Any]) -> Diagnosis | None:
    if isinstance(expected, Mapping):
        if not isinstance(value, Mapping) or sorted(map(repr, value)) != sorted(map(repr, expected)):
            return Diagnosis("wrong_shape", f"expected a dictionary with the keys {sorted(expected)}.")
        return None
    shape = np.shape(expected)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return Diagnosis("wrong_type", f"expected an array of numbers of shape {shape}.")
    if array.shape != shape:
        return Diagnosis("wrong_shape", f"expected an array of shape {shape}, got shape {array.shape}.")
    return None


# ---------------------------------------------------------------------------
# Old names, kept for a while
# ---------------------------------------------------------------------------

__getattr__ = deprecated_names(__name__, {"ratio_from_steps": ("microdose.selfcheck.steps_to_ratio", steps_to_ratio)})
