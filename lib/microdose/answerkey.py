"""Self-checks for released problem sets that do not contain the answers.

A released problem set (``exercises/``) lets a student check each answer the
moment it is written: the test cell under an answer calls
``answers.check("q2b-unbound-conc-nM")``, which says the answer is right, names
the slip it recognises (a factor of 10³ from a unit prefix, total instead of
unbound concentration, log10 for ln, the question's own typical mistakes ...),
or says "not quite" with the approximate ratio to the expected value. It
raises :class:`~microdose.selfcheck.AnswerError` for a wrong answer, so the test
cell fails and nbgrader's *Validate* button reports it.

How it works without the answers
--------------------------------
The key (one locked cell of the notebook, written by the course's problem-set
builder) holds, for every answer, the *form* it must have (a number, an array of
six, a fraction, a bool ...) and a set of **salted SHA-256 hashes**: of the
reference value rounded to the comparison grid of
:func:`microdose.selfcheck.same_value`, of the same value on a finer grid (to
tell an exact earlier answer from one that is merely within tolerance) and on a
coarse grid (for the "about 1.7 times" ratio), and of each typical wrong value.
Which typical wrong value a hash stands for (and so which message to show) is
encrypted with a key derived from that wrong value, so it can be read only by an
answer that makes that very slip; the messages themselves (which name mistakes,
never values) are stored as plain text.
Checking an answer means hashing it (and the generic transformations of
:func:`microdose.selfcheck.classify`, e.g. answer/1000) on the grid and looking
the hashes up.

What a determined student can still recover
-------------------------------------------
The hashes are not a secret store. The key contains the salt, and the grid is
coarse (a few thousand bins per decade), so trying every bin over a plausible
range recovers each reference value to within its tolerance in well under a
second; the "about N times" message alone narrows it to ±5 %. A student can
also read the public course repository, whose ``solutions/`` hold the worked
answers of the default data. The key only keeps answers out of *sight*, so that
self-study is not spoiled by a glance. Grading therefore never relies on it: the
hidden tests (restored by nbgrader at grading time) check every value, and a
class given a **variant** of the problem sets (other data, same questions, drawn
with a secret kept in the instructor's course folder) cannot copy values from the
public solutions: in a variant, an answer equal to the public data's answer is
recognised (a hash on the tolerance grid, like the reference) and earns nothing,
not even by follow-through.

Follow-through
--------------
An answer that builds on earlier answers (``uses``) is judged only when those are
right: if an earlier answer is wrong, the check says so and does not fail, since
the grader gives full credit to an answer computed correctly from the student's
own earlier answers. If they are right but only within tolerance (not exactly),
a wrong-looking answer is reported without failing the cell, because a small
earlier difference can grow through a calculation.

References
----------
NIST FIPS 180-4, Secure Hash Standard (SHA-256), 2015.
Ambrose SA et al. How Learning Works. Jossey-Bass, 2010, ch. 5 (targeted feedback).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import numbers
import sys
import textwrap
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, SupportsFloat

import numpy as np

from .selfcheck import (
    BINS_PER_TOLERANCE,
    COARSE_SPAN,
    PUBLIC_ANSWER_MESSAGE,
    Diagnosis,
    _as_real,
    _elements,
    _fail,
    _student_element,
    classify,
    coarse_bin,
    combine_elements,
    element_label,
    explain_wrong_number,
    same_value,
    slip_tolerance,
    steps_to_ratio,
    value_bin,
)

__all__ = ["EXACT_RTOL", "AnswerKey", "build_key", "form_problem"]

FORMAT_VERSION = 1  # implementation choice: version of the key's text format
EXACT_RTOL = 1e-6  # implementation choice: relative tolerance under which an earlier answer counts as exact
_NEIGHBOURS = range(-(BINS_PER_TOLERANCE + 1), BINS_PER_TOLERANCE + 2)
_ID_BYTES = 6
_MISSING = object()
FORM_KINDS = ("no_answer", "wrong_type", "wrong_shape", "not_finite")
"""Kinds of diagnosis that are about the form of an answer, not its value (a value out of range,
``"out_of_range"``, is judged with the value)."""


# ---------------------------------------------------------------------------------------------
# Tokens, hashes and sealed messages
# ---------------------------------------------------------------------------------------------


def _digest(salt: str, token: str) -> bytes:
    return hashlib.sha256(f"{salt}\x1e{token}".encode()).digest()


def _entry_id(digest: bytes) -> str:
    return digest[:_ID_BYTES].hex()


def _keystream(digest: bytes, length: int) -> bytes:
    blocks = bytearray()
    counter = 0
    while len(blocks) < length:
        blocks += hashlib.sha256(b"microdose-seal" + digest + counter.to_bytes(4, "big")).digest()
        counter += 1
    return bytes(blocks[:length])


def _seal(payload: dict, digest: bytes) -> str:
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return (
        base64.urlsafe_b64encode(bytes(a ^ b for a, b in zip(plain, _keystream(digest, len(plain)))))
        .decode("ascii")
        .rstrip("=")
    )


def _unseal(sealed: str, digest: bytes) -> dict:
    raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    return json.loads(bytes(a ^ b for a, b in zip(raw, _keystream(digest, len(raw)))).decode("utf-8"))


def _token(name: str, element: str, grid: str, tail: str) -> str:
    """The text that is hashed for one value of one answer element on one grid (the only place that
    writes the format; :func:`_shifted` reads its last field)."""
    return f"{name}\x1f{element}\x1f{grid}\x1f{tail}"


def _grid_token(name: str, element: str, grid: str, value: float, rtol: float, atol: float | None) -> str:
    """The token of a number on one grid: "r" (tolerance), "x" (exact), "n" (within 1 %), "s" (slips),
    "p" (public answer) or "c" (coarse)."""
    if atol is not None:
        return _token(name, element, grid, f"a{value_bin(value, atol=atol)}")
    if value == 0.0:
        return _token(name, element, grid, "0")
    sign = "-" if value < 0 else "+"
    return _token(name, element, grid, f"{sign}{_grid_bin(value, grid, rtol)}")


def _grid_bin(value: float, grid: str, rtol: float) -> int:
    if grid == "c":
        return coarse_bin(value)
    return value_bin(value, {"x": EXACT_RTOL, "n": 0.01}.get(grid, rtol))


def _shifted(token: str, shift: int) -> str:
    head, _, tail = token.rpartition("\x1f")
    if tail == "0":
        return token if shift == 0 else ""
    prefix = tail[0]
    return f"{head}\x1f{prefix}{int(tail[1:]) + shift}"


def _canonical(value: object) -> str | None:
    """The token text of an exact answer (bool, whole number or word), or None if it is none of these."""
    if isinstance(value, (bool, np.bool_)):
        return f"bool:{bool(value)}"
    if isinstance(value, str):
        return f"str:{value}"
    real = _as_real(value)
    if real is not None and math.isfinite(real) and float(real).is_integer():
        return f"int:{int(real)}"
    return None


def _canonical_reference(value: object, name: str, role: str) -> str:
    """:func:`_canonical` of a value the key is built from; an author's error if it has no token.

    An exact answer's reference must be a bool, a whole number or a word: anything else (a float
    such as 0.5, None) would be sealed as a token no student answer can ever match.
    """
    token = _canonical(value)
    if token is None:
        raise ValueError(
            f"build_key: the {role} of exact answer {name!r} is {value!r} ({type(value).__name__}); an exact "
            "answer's value must be a bool, a whole number or a word (give a number answer kind='number' instead)"
        )
    return token


# ---------------------------------------------------------------------------------------------
# Form of an answer
# ---------------------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return _as_real(value) is not None


def form_problem(spec: Mapping, value: object, ranges: bool = True) -> Diagnosis | None:
    """The first problem with the *form* of an answer (type, shape, finiteness, range), or None.

    Parameters
    ----------
    spec : mapping
        The answer's description in the key: ``name``, ``kind`` (``"number"``,
        ``"array"``, ``"exact"`` or ``"mapping"``) and the optional ``unit``,
        ``what``, ``positive``, ``nonnegative``, ``fraction``, ``percent``,
        ``shape`` and ``per`` (arrays), ``type`` (``"bool"``, ``"int"``, ``"str"``),
        ``options`` and ``keys``.
    value : object
        The student's answer (``microdose.answerkey._MISSING`` if undefined).
    ranges : bool
        Also check the range (``positive``, ``fraction`` ...). A value out of range is also a
        wrong value, so the hashed self-check judges it with the value instead (an answer
        carried forward from a wrong earlier answer may be out of range and still earn its
        points under follow-through).

    Returns
    -------
    Diagnosis or None

    References
    ----------
    Course convention (the visible tests of nbgrader problem sets check form only).

    Examples
    --------
    >>> form_problem({"name": "f", "kind": "number", "fraction": True}, 25.0).kind
    'out_of_range'
    """
    name, kind = spec["name"], spec["kind"]
    unit = spec.get("unit") or ""
    what = f" ({spec['what']})" if spec.get("what") else ""
    if value is _MISSING:
        return Diagnosis(
            "no_answer",
            f"{name} is not defined yet: write your answer in the cell above (replace "
            "`raise NotImplementedError()`) and run that cell first.",
            name,
        )
    if kind == "number":
        if isinstance(value, (list, tuple, np.ndarray)) and np.ndim(value) > 0:
            return Diagnosis(
                "wrong_shape",
                f"{name} must be a single number{' (' + unit + ')' if unit else ''}, not a list or an array.",
                name,
            )
        if not _is_number(value):
            return Diagnosis(
                "wrong_type",
                f"{name} must be a single number{' in ' + unit if unit else ''}; got "
                f"{value!r} (a {type(value).__name__}).",
                name,
            )
        return _range_problem(spec, np.array([_as_real(value)]), f"{name}{what}", ranges)
    if kind == "array":
        shape = tuple(spec["shape"])
        if not isinstance(value, np.ndarray):
            return Diagnosis(
                "wrong_type",
                f"{name} must be a numpy array (np.array(...)) of shape {shape}, "
                f"{spec.get('per', 'one value per item')}; got {type(value).__name__}.",
                name,
            )
        if value.shape != shape:
            return Diagnosis(
                "wrong_shape",
                f"{name} must have shape {shape}, {spec.get('per', 'one value per item')}; got shape {value.shape}.",
                name,
            )
        if value.dtype.kind not in "iuf":
            return Diagnosis("wrong_type", f"{name} must hold numbers; got an array of {value.dtype}.", name)
        return _range_problem(spec, value.astype(float), f"every value of {name}", ranges)
    if kind == "exact":
        return _exact_problem(spec, value, name)
    if kind == "mapping":
        keys = spec["keys"]
        if not isinstance(value, Mapping):
            return Diagnosis(
                "wrong_type",
                f"{name} must be a dictionary such as {{{', '.join(repr(k) + ': ...' for k in keys)}}}.",
                name,
            )
        if sorted(map(str, value)) != sorted(map(str, keys)):
            return Diagnosis("wrong_shape", f"{name} needs exactly the keys {', '.join(map(repr, keys))}.", name)
        for key in keys:
            problem = _exact_problem(spec, value[key], f"{name}[{key!r}]")
            if problem is not None:
                return problem
        return None
    raise ValueError(f"unknown answer kind {kind!r} in the key")


def _range_problem(spec: Mapping, values: np.ndarray, subject: str, ranges: bool = True) -> Diagnosis | None:
    name = spec["name"]
    if not np.all(np.isfinite(values)):
        return Diagnosis(
            "not_finite", f"{subject} is not a finite number: check for a division by zero or a log of zero.", name
        )
    if not ranges:
        return None
    if spec.get("fraction") and not np.all((values >= 0) & (values <= 1)):
        return Diagnosis(
            "out_of_range",
            f"{subject} must be a fraction between 0 and 1 (write 0.25 for 25 %), not a percentage.",
            name,
        )
    if spec.get("percent") and not np.all((values >= 0) & (values <= 100)):
        return Diagnosis("out_of_range", f"{subject} must be a percentage between 0 and 100.", name)
    if spec.get("positive") and not np.all(values > 0):
        return Diagnosis("out_of_range", f"{subject} must be positive.", name)
    if spec.get("nonnegative") and not np.all(values >= 0):
        return Diagnosis("out_of_range", f"{subject} cannot be negative.", name)
    return None


def _exact_problem(spec: Mapping, value: object, subject: str) -> Diagnosis | None:
    name = spec["name"]
    kind = spec.get("type")
    if kind == "bool" and not isinstance(value, (bool, np.bool_)):
        return Diagnosis(
            "wrong_type",
            f"{subject} must be a bool, True or False: not a string such as 'yes' or "
            f"'True', and not 0/1 (got {value!r}).",
            name,
        )
    if kind == "int" and (isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer))):
        hint = " (np.ceil gives a float: use math.ceil, or int(np.ceil(...)))" if _is_number(value) else ""
        return Diagnosis(
            "wrong_type",
            f"{subject} must be a whole number of type int, e.g. math.ceil(...); got "
            f"{value!r} (a {type(value).__name__}){hint}.",
            name,
        )
    if kind == "str":
        options = spec.get("options") or []
        if not isinstance(value, str) or (options and value not in options):
            return Diagnosis(
                "wrong_type",
                f"{subject} is {value!r}; write exactly one of "
                f"{', '.join(map(repr, options))} (lower case, no spaces).",
                name,
            )
    return None


# ---------------------------------------------------------------------------------------------
# The key
# ---------------------------------------------------------------------------------------------


@dataclass
class AnswerKey:
    """The self-check key of one problem set (see the module docstring).

    Build one with :func:`build_key`; a notebook loads it with
    :meth:`from_text` and checks a question with :meth:`check`.
    """

    problem_set: str
    salt: str
    questions: dict  # question id -> {"label", "title", "answers": [names]}
    answers: dict  # name -> spec (form, tolerance, "uses")
    known: frozenset  # ids (hex) of reference tokens (tolerance, exact and coarse grids)
    sealed: dict  # id (hex) -> sealed {"k": kind, "i": message index} of a typical wrong value
    messages: list  # the messages of the typical wrong values
    values_checked: bool = True

    # -- storage --------------------------------------------------------------------------------

    def to_text(self) -> str:
        """The key as wrapped base64 text, for a notebook cell."""
        known = base64.b64encode(b"".join(bytes.fromhex(i) for i in sorted(self.known))).decode("ascii")
        data = {
            "v": FORMAT_VERSION,
            "set": self.problem_set,
            "salt": self.salt,
            "q": self.questions,
            "a": self.answers,
            "known": known,
            "sealed": dict(sorted(self.sealed.items())),
            "m": self.messages,
            "values": self.values_checked,
        }
        packed = zlib.compress(
            json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8"), 9
        )
        return "\n".join(textwrap.wrap(base64.b64encode(packed).decode("ascii"), 100))

    @classmethod
    def from_text(cls, text: str) -> AnswerKey:
        """Load a key written by :meth:`to_text`.

        Parameters
        ----------
        text : str
            The base64 text (whitespace is ignored).

        Returns
        -------
        AnswerKey

        References
        ----------
        See the module docstring.
        """
        try:
            data = json.loads(zlib.decompress(base64.b64decode("".join(text.split()))).decode("utf-8"))
        except Exception as exc:
            raise ValueError(
                "this answer key is damaged: the locked key cell was probably edited; get a fresh "
                "copy of the problem set (or restore the cell) and run it again"
            ) from exc
        if data.get("v") != FORMAT_VERSION:
            raise ValueError(
                f"this answer key has format {data.get('v')}, but this version of microdose reads "
                f"format {FORMAT_VERSION}: update the course library (pip install -e .)"
            )
        raw = base64.b64decode(data["known"])
        known = frozenset(raw[i : i + _ID_BYTES].hex() for i in range(0, len(raw), _ID_BYTES))
        return cls(
            data["set"], data["salt"], data["q"], data["a"], known, data["sealed"], data["m"], data.get("values", True)
        )

    # -- looking values up ----------------------------------------------------------------------

    def _has(self, token: str) -> bool:
        return bool(token) and _entry_id(_digest(self.salt, token)) in self.known

    def _near(self, token: str) -> bool:
        return any(self._has(_shifted(token, shift)) for shift in _NEIGHBOURS)

    def _number_matches(self, name: str, element: str, spec: Mapping, y: float, grid: str = "r") -> bool:
        if not math.isfinite(y):
            return False
        return self._near(_grid_token(name, element, grid, y, spec.get("rtol", 0.01), spec.get("atol")))

    def _number_slips(self, name: str, element: str, spec: Mapping, x: float) -> list[Diagnosis]:
        """The question's slips within the slip tolerance of ``x``, in their listed order (as the hidden test)."""
        token = _grid_token(name, element, "s", x, _slip_rtol(spec), spec.get("atol"))
        found = []
        for shift in _NEIGHBOURS:
            shifted = _shifted(token, shift)
            if not shifted:
                continue
            digest = _digest(self.salt, shifted)
            sealed = self.sealed.get(_entry_id(digest))
            if sealed is not None:
                found.append(_unseal(sealed, digest))
        return [Diagnosis(p["k"], self.messages[p["i"]]) for p in sorted(found, key=lambda payload: payload["o"])]

    def _slip(self, sealed: str, digest: bytes) -> Diagnosis:
        payload = _unseal(sealed, digest)
        return Diagnosis(payload["k"], self.messages[payload["i"]])

    def _coarse_ratio(self, name: str, element: str, spec: Mapping, x: float) -> float | None:
        if spec.get("atol") is not None or x == 0.0:
            return None
        base = coarse_bin(x)
        sign = "-" if x < 0 else "+"
        for step in sorted(range(-COARSE_SPAN, COARSE_SPAN + 1), key=abs):
            for candidate_sign in (sign, "+" if sign == "-" else "-"):
                if self._has(_token(name, element, "c", f"{candidate_sign}{base - step}")):
                    return steps_to_ratio(step, candidate_sign == sign)
        return None

    def _elements(self, spec: Mapping, value: Any) -> list[tuple[str, Any]]:
        kind = spec["kind"]
        if kind == "array":
            array = np.asarray(value, dtype=float)
            return [(element_label(index), array[index].item()) for index in np.ndindex(array.shape)]
        if kind == "mapping":
            return [(repr(k), value[k]) for k in spec["keys"]]
        return [("", value)]

    def judge_element(self, spec: Mapping, element: str, value: SupportsFloat | str) -> Diagnosis:
        """Diagnosis of one element of an answer whose form is right (no earlier answers considered).

        Parameters
        ----------
        spec : mapping
            The answer's spec in the key.
        element : str
            ``""`` for a scalar, ``"[i]"`` for an array element, ``repr(key)`` for a mapping value.
        value : object
            The element.

        Returns
        -------
        Diagnosis
            ``"correct"`` (with ``exact`` information in ``ratio``: 1.0 when also exact), a slip,
            or ``"not_quite"``.

        References
        ----------
        See the module docstring.
        """
        name = spec["name"]
        if spec["kind"] in ("exact", "mapping"):
            canonical = _canonical(value)
            if canonical is not None:
                token = _token(name, element, "eq", canonical)
                if self._has(token):
                    return Diagnosis("correct", "right.", name, ratio=1.0)
                digest = _digest(self.salt, token)
                sealed = self.sealed.get(_entry_id(digest))
                if sealed is not None:
                    slip = self._slip(sealed, digest)
                    return Diagnosis(slip.kind, slip.message, name)
            return Diagnosis(
                "not_quite", "Not the expected answer: re-read the question and check your reasoning.", name
            )
        x = float(value)
        if self._number_matches(name, element, spec, x):
            exact = self._number_matches(name, element, spec, x, grid="x")
            return Diagnosis("correct", "right.", name, ratio=1.0 if exact else None)
        found = explain_wrong_number(
            self._number_slips(name, element, spec, x),
            classify(
                x,
                lambda y: self._number_matches(name, element, spec, y),
                fraction_unbound=spec.get("fu"),
                unit=spec.get("unit") or "",
                fraction=bool(spec.get("fraction")),
            ),
            rounded=lambda: (
                spec.get("rtol", 0.01) < 0.01
                and spec.get("atol") is None
                and self._number_matches(name, element, spec, x, grid="n")
            ),
            ratio=lambda: self._coarse_ratio(name, element, spec, x),
            hint=spec.get("hint", ""),
        )
        return Diagnosis(found.kind, found.message, name, ratio=found.ratio)

    def _is_public(self, spec: Mapping, element: str, value: SupportsFloat | str) -> bool:
        """Whether one element equals the public course's answer (class variants; see :func:`build_key`)."""
        name = spec["name"]
        if spec["kind"] in ("exact", "mapping"):
            canonical = _canonical(value)
            return canonical is not None and self._has(_token(name, element, "pub", canonical))
        return self._number_matches(name, element, spec, float(value), grid="p")

    def judge(self, name: str, namespace: Mapping) -> tuple[Diagnosis, bool]:
        """Diagnosis of one answer (form, then value), and whether it is exact.

        Parameters
        ----------
        name : str
            The answer variable.
        namespace : mapping
            Where to look it up (the notebook's variables).

        Returns
        -------
        (Diagnosis, bool)
            The diagnosis of the whole answer (every element), and True when every element
            is right to :data:`EXACT_RTOL` (exact answers: when right).

        References
        ----------
        See the module docstring.
        """
        spec = self.answers[name]
        value = namespace.get(name, _MISSING)
        problem = form_problem(spec, value, ranges=False)
        if problem is not None:
            return problem, False
        elements = self._elements(spec, value)
        wrong, exact = [], True
        for element, item in elements:
            diagnosis = self.judge_element(spec, element, item)
            if not diagnosis.ok:
                wrong.append((element, diagnosis))
            elif diagnosis.ratio is None:
                exact = False
        if not wrong:
            return Diagnosis("correct", "right.", name), exact
        if spec.get("public") and all(self._is_public(spec, element, item) for element, item in elements):
            return Diagnosis("public_answer", PUBLIC_ANSWER_MESSAGE, name), False
        diagnosis = wrong[0][1] if len(elements) == 1 else combine_elements(wrong, len(elements), name)
        out_of_range = form_problem(spec, value)
        if diagnosis.kind == "not_quite" and out_of_range is not None:
            return out_of_range, False  # "must be a fraction between 0 and 1" says more than "not quite"
        return diagnosis, False

    # -- the student's call ---------------------------------------------------------------------

    def _check_form_only(self, name: str, namespace: Mapping, label: str, question: str, failures: list) -> Diagnosis:
        """A key without values: check the form; a value out of range fails unless it may be carried forward."""
        spec = self.answers[name]
        problem = form_problem(spec, namespace.get(name, _MISSING))
        if problem is None:
            return Diagnosis(
                "form_ok",
                f"{label} {name}: the form is right; the value is checked when your work is graded.",
                name,
                question,
            )
        diagnosis = Diagnosis(problem.kind, f"{label} {problem.message}", name, question)
        if problem.kind == "out_of_range" and spec.get("uses"):
            # it may follow from a wrong earlier answer, which the grader accepts (follow-through)
            return Diagnosis(
                "depends_on_earlier",
                f"{diagnosis.message} (If it follows from one of your earlier "
                f"answers, {', '.join(spec['uses'])}, check that one first.)",
                name,
                question,
            )
        failures.append(diagnosis)
        return diagnosis

    def results(self, question: str, namespace: Mapping) -> tuple[list[Diagnosis], list[Diagnosis]]:
        """Judge every answer of one question, without printing (see :meth:`check`).

        Parameters
        ----------
        question : str
            The question id.
        namespace : mapping
            Where the answers live.

        Returns
        -------
        (list of Diagnosis, list of Diagnosis)
            One diagnosis per answer (messages start with the question label), and those
            that make the check fail.

        References
        ----------
        See the module docstring.
        """
        if question not in self.questions:
            raise KeyError(
                f"no question {question!r} in the answer key of {self.problem_set}; the test cell may have been edited"
            )
        info = self.questions[question]
        label = f"Q{info['label']}"
        results: list[Diagnosis] = []
        failures: list[Diagnosis] = []
        for name in info["answers"]:
            if not self.values_checked:
                results.append(self._check_form_only(name, namespace, label, info["label"], failures))
                continue
            diagnosis, _ = self.judge(name, namespace)
            if diagnosis.kind in FORM_KINDS:
                failures.append(Diagnosis(diagnosis.kind, f"{label} {diagnosis.message}", name, info["label"]))
                results.append(failures[-1])
                continue
            if diagnosis.ok:
                results.append(Diagnosis(diagnosis.kind, f"{label} {name}: right.", name, info["label"]))
                continue
            if diagnosis.kind == "public_answer":  # no follow-through for a copied answer
                failures.append(Diagnosis(diagnosis.kind, f"{label} {name}: {diagnosis.message}", name, info["label"]))
                results.append(failures[-1])
                continue
            verdict = self._judge_with_earlier(name, namespace, diagnosis, label, info["label"])
            results.append(verdict)
            if verdict.kind != "depends_on_earlier" and not _may_follow_from(verdict):
                failures.append(verdict)
        return results, failures

    def _judge_with_earlier(
        self, name: str, namespace: Mapping, diagnosis: Diagnosis, label: str, question: str
    ) -> Diagnosis:
        """A wrong-looking answer, in the light of the earlier answers it builds on (module doc, Follow-through)."""
        spec = self.answers[name]
        earlier = [(u, *self.judge(u, namespace)) for u in spec.get("uses", [])]
        not_right = [u for u, d, _ in earlier if not d.ok]
        not_exact = [u for u, d, exact in earlier if d.ok and not exact]
        if not_right:
            return Diagnosis(
                "depends_on_earlier",
                f"{label} {name}: this answer builds on {', '.join(not_right)}, which "
                f"{'is' if len(not_right) == 1 else 'are'} not right yet. Fix "
                f"{'it' if len(not_right) == 1 else 'them'} first, then run the cells from there down "
                "again (Run → Run Selected Cell and All Below). When graded, an answer computed "
                "correctly from your own earlier answers keeps its points.",
                name,
                question,
            )
        message = f"{label} {name}: {diagnosis.message}"
        if spec.get("uses"):
            message += " (If you changed an earlier answer since, run this answer cell again first.)"
        if not_exact and diagnosis.kind in ("not_quite", "rounded") and _near_one(diagnosis.ratio):
            # an earlier answer within tolerance but not exact can move this one a little: no verdict yet
            message += (
                f" Your {', '.join(not_exact)} {'is' if len(not_exact) == 1 else 'are'} right within the "
                "tolerance but not exact, and a small difference can grow: if you rounded or retyped an "
                "earlier result, use the full-precision variable; the grader compares this answer with "
                "what your own earlier answers give."
            )
            return Diagnosis("near_with_inexact_earlier", message, name, question, diagnosis.ratio)
        return Diagnosis(diagnosis.kind, message, name, question, diagnosis.ratio)

    def check(self, question: str, namespace: Mapping | None = None) -> None:
        """Check every answer of one question and print the result (what the test cell of a problem set calls).

        Parameters
        ----------
        question : str
            The question id, as written in the test cell (e.g. ``"q2b-unbound-conc-nM"``).
        namespace : mapping, optional
            Where the answers live (default: the calling notebook's variables).

        Raises
        ------
        AnswerError
            When an answer has the wrong form, or is wrong and the check can tell (see the
            module docstring, "Follow-through"). Its message lists every answer of the question.

        References
        ----------
        See the module docstring.
        """
        __tracebackhide__ = True
        namespace = sys._getframe(1).f_globals if namespace is None else namespace
        results, failures = self.results(question, namespace)
        marks = {id(d): "✗" for d in failures}
        lines = [f"{marks.get(id(d), '✓' if d.ok or d.kind == 'form_ok' else '…')} {d.message}" for d in results]
        if failures:
            message = failures[0].message if len(results) == 1 else "\n".join(lines)
            _fail(Diagnosis(failures[0].kind, message, failures[0].name, failures[0].question, failures[0].ratio))
        print("\n".join(lines))


NEAR_BAND = 0.10  # implementation choice: a wrong-looking answer within 10 % may come from an inexact earlier one


def _near_one(ratio: float | None) -> bool:
    return ratio is not None and abs(ratio - 1.0) <= NEAR_BAND


def _may_follow_from(diagnosis: Diagnosis) -> bool:
    """Whether the check leaves a verdict to the grader (the answer may follow from an inexact earlier one)."""
    return diagnosis.kind == "near_with_inexact_earlier"


def build_key(
    problem_set: str,
    salt: str,
    questions: Mapping,
    answers: Mapping,
    references: Mapping,
    slips: Mapping,
    *,
    values_checked: bool = True,
    public: Mapping | None = None,
) -> AnswerKey:
    """Write the self-check key of a problem set (used by the course's problem-set builder).

    Parameters
    ----------
    problem_set : str
        Its name, e.g. ``"ps1_occupancy"``.
    salt : str
        Salt of every hash (any text; different for each problem set and variant).
    questions : mapping
        question id -> ``{"label": "2b", "title": ..., "answers": [names]}``.
    answers : mapping
        name -> spec (see :func:`form_problem`; plus ``rtol``/``atol``, ``fu`` and ``uses``).
    references : mapping
        name -> reference answer (number, bool, int, word, sequence or mapping).
    slips : mapping
        name -> list of ``(kind, value, message)``, each value shaped like the reference.
    values_checked : bool
        False writes a key that checks the form of each answer only (a release whose
        values are checked only by the hidden tests).
    public : mapping, optional
        name -> the answer for the public course's data, in a class variant, for the
        answers where it differs from the reference: such an answer fails its check and
        is not carried forward (:data:`microdose.selfcheck.PUBLIC_ANSWER_MESSAGE`).

    Returns
    -------
    AnswerKey

    References
    ----------
    See the module docstring.
    """
    known: set[str] = set()
    sealed: dict[str, str] = {}
    messages: list[str] = []
    public = dict(public or {}) if values_checked else {}
    answers = {name: dict(spec, public=True) if name in public else spec for name, spec in answers.items()}

    def seal_slip(token: str, kind: str, message: str, order: int) -> None:
        if message not in messages:
            messages.append(message)
        digest = _digest(salt, token)
        if _entry_id(digest) not in sealed:  # an earlier slip with the same value speaks first
            sealed[_entry_id(digest)] = _seal({"k": kind, "i": messages.index(message), "o": order}, digest)

    if values_checked:
        for name, spec in answers.items():
            reference = references[name]
            rtol, atol = spec.get("rtol", 0.01), spec.get("atol")
            for element, ref_value, element_slips in _element_triples(spec, name, reference, slips.get(name, [])):
                if spec["kind"] in ("exact", "mapping"):
                    token = _token(name, element, "eq", _canonical_reference(ref_value, name, "reference"))
                    known.add(_entry_id(_digest(salt, token)))
                    for order, (kind, slip_value, message) in enumerate(element_slips):
                        canonical = _canonical(slip_value)
                        if canonical is None or canonical == _canonical(ref_value):
                            continue
                        seal_slip(_token(name, element, "eq", canonical), kind, message, order)
                    continue
                ref_value = float(ref_value)
                grids = ["r", "x"] if atol is not None else ["r", "x", "c"]
                if rtol < 0.01 and atol is None:
                    grids.append("n")
                for grid in grids:
                    known.add(_entry_id(_digest(salt, _grid_token(name, element, grid, ref_value, rtol, atol))))
                # slips live on the slip grid; one that cannot be told from the reference is left out,
                # exactly as the hidden test leaves it out (microdose.selfcheck._named_slip)
                tolerance = _slip_rtol(spec)
                for order, (kind, slip_value, message) in enumerate(element_slips):
                    slip_value = float(slip_value)
                    if not math.isfinite(slip_value) or same_value(slip_value, ref_value, tolerance, atol):
                        continue
                    seal_slip(_grid_token(name, element, "s", slip_value, tolerance, atol), kind, message, order)
        for name, value in public.items():
            spec = answers[name]
            for element, public_value, _ in _element_triples(spec, name, value, []):
                if spec["kind"] in ("exact", "mapping"):
                    token = _token(name, element, "pub", _canonical_reference(public_value, name, "public value"))
                else:
                    token = _grid_token(
                        name, element, "p", float(public_value), spec.get("rtol", 0.01), spec.get("atol")
                    )
                known.add(_entry_id(_digest(salt, token)))
    return AnswerKey(
        problem_set, salt, dict(questions), dict(answers), frozenset(known), sealed, messages, values_checked
    )


def _slip_rtol(spec: Mapping) -> float:
    """The tolerance within which an answer matches one of its question's known wrong values."""
    return spec.get("srtol") or slip_tolerance(spec.get("rtol", 0.01))


def _element_triples(
    spec: Mapping, name: str, reference: object, slips: Iterable[tuple[str, Any, str]]
) -> list[tuple[str, Any, list[tuple[str, Any, str]]]]:
    """(element, reference value, slips of that element) for every element of an answer, labelled and
    paired as the hidden test does (:func:`microdose.selfcheck._elements`)."""
    kind = spec["kind"]
    if kind == "array":
        reference = np.asarray(reference, dtype=float)
    elif kind != "mapping" and not (
        isinstance(reference, numbers.Real) or isinstance(reference, (bool, np.bool_, str))
    ):
        raise TypeError(f"answer {name}: a {kind} answer needs a scalar reference, got {type(reference).__name__}")
    return [
        (label, value, [(k, _student_element(v, label, reference), m) for k, v, m in slips])
        for label, value in _elements(reference)
    ]
