"""How a graded question is described once (see ``problemsets/README.md``).

A problem set is a folder ``problemsets/<name>/`` with two files:

``notebook.md``
    the notebook students read, as MyST Markdown (jupytext): narrative, data and
    plot cells, and the **answer cells** (``:answer: <grade id>``) holding the model
    solution between ``### BEGIN SOLUTION`` / ``### END SOLUTION``. Numbers that depend
    on the problem data are Jinja placeholders: ``{{ d.kd_nM }}`` (data),
    ``{{ r.cu_micro_nM | sig(2) }}`` (a reference answer), ``{{ c.... }}`` (extra
    numbers for the model answers).
``questions.py``
    a module that defines ``PROBLEM_SET``, a :class:`ProblemSet`: the default data,
    how to draw the data of a class variant, the reference computation (calling
    ``microdose``), and the :class:`Check` of every graded test cell: its points,
    answers (:class:`Answer`: form, tolerance, follow-through) and the known slips
    (:class:`Slip`: a computed wrong value and the message that names it).

``python -m problemsets build`` turns the two into the nbgrader source notebook in
``solutions/`` (check cells and hidden tests generated, no hand-written test code),
and nbgrader turns that into the release in ``exercises/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

KINDS = ("number", "array", "exact", "mapping")


@dataclass(frozen=True)
class Slip:
    """A typical wrong answer: its value (computed from the data) and the message that names it.

    ``kind`` is a short word for the misconception (``"larger_limit"``,
    ``"total_for_unbound"``, ``"units_1e3"`` ...): instructor reports count by it. Use a
    generic kind of :mod:`microdose.selfcheck` when the slip is one of those, with a
    message more specific than the generic one.
    """

    kind: str
    value: Any
    message: str


@dataclass
class Answer:
    """One answer variable of a question.

    Attributes
    ----------
    name : str
        The variable the student assigns (its unit in the name).
    kind : str
        ``"number"``, ``"array"`` (a numpy array of ``shape``), ``"exact"`` (a bool, a
        whole number or a word: ``type``) or ``"mapping"`` (a dict with ``keys``, each value exact).
    unit, what : str
        Unit (quoted in messages) and what the number is ("a dose"), for form messages.
    rtol, atol : float
        Tolerance of a number (:func:`microdose.selfcheck.same_value`); ``atol`` for answers
        that may be zero or negative.
    positive, nonnegative, fraction, percent : bool
        Form checks done by the check cell (a value out of range is judged with the value).
    shape, per : tuple, str
        Arrays: the shape, and what the values are ("one clearance per concentration").
    type, options : str, list
        Exact answers: ``"bool"``, ``"int"`` or ``"str"``; the allowed words.
    keys : list
        Mapping answers: the keys.
    fraction_unbound : float
        f_u of the problem, to recognise total for unbound.
    slip_rtol : float
        Tolerance for matching the slips (default: the larger of ``rtol`` and 1 %).
    hint : str
        Appended to a generic diagnosis of this answer (a reminder of the method).
    slips : list of Slip
        The question's own typical wrong values.
    follow : str or list of str
        Follow-through: a Python expression over the notebook's variables that computes
        this answer from the student's earlier answers (the grader accepts its value); a
        list when it can follow from them in more than one valid way (any one is accepted).
    """

    name: str
    kind: str = "number"
    unit: str = ""
    what: str = ""
    rtol: float = 0.01
    atol: float | None = None
    positive: bool = False
    nonnegative: bool = False
    fraction: bool = False
    percent: bool = False
    shape: tuple | None = None
    per: str = ""
    type: str = ""
    options: list = field(default_factory=list)
    keys: list = field(default_factory=list)
    fraction_unbound: float | None = None
    slip_rtol: float | None = None
    hint: str = ""
    slips: list = field(default_factory=list)
    follow: str | list | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"answer {self.name}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.kind == "array" and not self.shape:
            raise ValueError(f"answer {self.name}: an array answer needs its shape")
        if self.kind == "exact" and self.type not in ("bool", "int", "str"):
            raise ValueError(f"answer {self.name}: an exact answer needs type 'bool', 'int' or 'str'")
        if self.kind == "mapping" and not self.keys:
            raise ValueError(f"answer {self.name}: a mapping answer needs its keys")

    @property
    def slip_match_rtol(self) -> float:
        """Tolerance within which a value matches one of this answer's slips (``slip_rtol``, else
        :func:`microdose.selfcheck.slip_tolerance` of ``rtol``)."""
        from microdose.selfcheck import slip_tolerance

        return self.slip_rtol or slip_tolerance(self.rtol)

    @property
    def distinct_rtol(self) -> float:
        """How far a value must lie from the right answer to be told apart from it (a slip closer than this
        is left out of the checks): the larger of ``rtol`` and :attr:`slip_match_rtol`."""
        return max(self.rtol, self.slip_match_rtol)

    def key_spec(self) -> dict:
        """The answer's description in the self-check key (no values)."""
        spec: dict = {"name": self.name, "kind": self.kind}
        for attribute in (
            "unit",
            "what",
            "positive",
            "nonnegative",
            "fraction",
            "percent",
            "per",
            "type",
            "options",
            "keys",
        ):
            value = getattr(self, attribute)
            if value:
                spec[attribute] = value
        if self.shape:
            spec["shape"] = list(self.shape)
        if self.kind in ("number", "array"):
            spec["rtol"] = self.rtol
            if self.atol is not None:
                spec["atol"] = self.atol
        if self.fraction_unbound is not None:
            spec["fu"] = self.fraction_unbound
        if self.slip_rtol is not None:
            spec["srtol"] = self.slip_rtol
        if self.hint:
            spec["hint"] = self.hint
        return spec


@dataclass
class Check:
    """One graded test cell: what it checks and what it is worth.

    Attributes
    ----------
    id : str
        Question id used in the notebook (``answers.check("<id>")``); the test cell's
        nbgrader grade id is ``<id>-test``.
    cell : str
        Grade id of the answer cell the test cell follows.
    label, title : str
        "2b" and "Unbound concentrations": the test cell is called "Question 2b — Unbound
        concentrations" and messages start with "Q2b".
    points : float
        Points of the test cell.
    answers : list of Answer
        The answers it checks (all must be right for the points).
    sanity : list of (str, str)
        Extra visible checks: a Python condition over the notebook's variables and the
        message shown when it is false (physical impossibilities; never a reference value).
    """

    id: str
    cell: str
    label: str
    title: str
    points: float
    answers: list
    sanity: list = field(default_factory=list)

    @property
    def grade_id(self) -> str:
        return f"{self.id}-test"


@dataclass
class ProblemSet:
    """Everything about a problem set except its narrative (which is ``notebook.md``).

    Attributes
    ----------
    name : str
        Folder name under ``solutions/`` and ``exercises/`` (e.g. ``"ps1_occupancy"``).
    default_data : callable
        ``() -> dict``: the data of the committed release (the default variant).
    variant_data : callable
        ``(numpy.random.Generator) -> dict``: plausible data for a class variant, same
        questions; it must keep the story of the questions true (assert it).
    reference : callable
        ``(data) -> dict``: every graded answer by variable name, computed with ``microdose``.
    checks : callable
        ``(data, reference) -> list of Check``.
    context : callable, optional
        ``(data, reference) -> dict``: further numbers quoted by the narrative or model answers.
    story : callable, optional
        ``(data, reference) -> list of str``: what the questions take for granted about the data
        (e.g. "the 10 mg dose is dose-proportional") and the data break, one sentence each; an
        empty list when the story holds. ``variant_data`` draws until it holds, and
        ``python -m problemsets verify`` reports any break, for the committed data too.
    """

    name: str
    default_data: Callable[[], dict]
    variant_data: Callable[[np.random.Generator], dict]
    reference: Callable[[dict], dict]
    checks: Callable[[dict, dict], list]
    context: Callable[[dict, dict], dict] = field(default=lambda data, reference: {})
    story: Callable[[dict, dict], list] = field(default=lambda data, reference: [])


def Choice(name: str, options: dict, correct: str, wrong: dict) -> Answer:
    """A multiple-choice answer: the student assigns one option's letter (a word) to ``name``.

    Parameters
    ----------
    name : str
        The variable, e.g. ``"choice_q5"``.
    options : dict
        letter -> option text (shown in the question; the check accepts only these letters).
    correct : str
        The right letter.
    wrong : dict
        letter -> ``(kind, message)`` for every wrong option: the misconception it reveals and what
        the student reads when choosing it.

    Returns
    -------
    Answer
        An exact word answer whose slips are the wrong options, so that each gets its own message.
    """
    missing = set(options) - set(wrong) - {correct}
    if missing or correct not in options:
        raise ValueError(f"choice {name}: every wrong option needs a (kind, message); missing {sorted(missing)}")
    return Answer(
        name,
        kind="exact",
        type="str",
        options=list(options),
        slips=[Slip(kind, letter, message) for letter, (kind, message) in wrong.items()],
    )
