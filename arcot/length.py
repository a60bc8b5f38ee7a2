"""Length complexity: measured CoT lengths, exact closed forms, exact minima.

Three tools, one per question a user asks about the paper's *length
complexity* (Def 3.10):

- :func:`measure_length` -- how long is a machine's CoT for inputs of length
  ``n``? For ``n = 1..N``: the worst case over all inputs (or a sample) of
  the steps ``T(n)``, the window ``W(n)`` and the CoT tokens ``L(n)``, from
  :func:`arcot.cot.length_shape` and the encoding's exact length law.
  :func:`measure_function_length` does the same for a Boolean function and
  a CoT scheme (a threshold circuit per ``n``), checking every row's circuit
  against the function on every input.
- :func:`fit_length` -- what is the law? An exact closed form with rational
  coefficients over a fixed basis, confirmed on points held out of the fit,
  or ``None``.
- :func:`minimum_length` -- what is the least possible? The fewest linear
  threshold tokens that compute ``f`` on every input of length ``n``, by a
  mixed-integer program (scipy's HiGHS) whose weight bounds make the search
  exhaustive; the witness is checked exactly in integers, while "no shorter
  chain" rests on the solver's floating-point infeasibility verdicts (not an
  exact proof).

>>> profile = measure_function_length("parity", "threshold-log", 7)
>>> [r.cot_tokens for r in profile.rows], all(r.verified for r in profile.rows)
([1, 2, 2, 3, 3, 3, 3], True)
>>> str(profile.fit().expression)
'ceiling(log(n + 1)/log(2))'
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral
from typing import Any, TextIO

import numpy as np
import sympy

from arcot.circuit import (
    Gate,
    ThresholdCircuit,
    all_bit_inputs,
    chain_parity_circuit,
    check_function,
    function_circuit,
    parity_circuit,
    truth_table,
)
from arcot.cot import (
    ENCODINGS,
    TableauWindow,
    cot_length,
    length_shape,
)
from arcot.errors import ArcotError, EncodingError, LengthError, SearchLimitExceeded
from arcot.machine import TuringMachine

__all__ = [
    "BASIS",
    "FUNCTIONS",
    "MAX_EXACT_N",
    "LengthLaw",
    "LengthProfile",
    "LengthRow",
    "MinimumLength",
    "fit_length",
    "measure_function_length",
    "measure_length",
    "minimum_length",
    "plot_length",
    "threshold_weight_bound",
]

#: The symbol of the closed forms.
N = sympy.Symbol("n", integer=True, positive=True)

#: The largest input length :func:`minimum_length` accepts (2^n inputs).
MAX_EXACT_N = 6


# -- rows and profiles -------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthRow:
    """One input length: worst-case steps, width and CoT tokens.

    For a machine: ``steps`` is ``T(n)``, ``width`` the tableau window
    ``W(n)``, ``cot_tokens`` the encoding's length law at ``(T, W)``, and
    ``verified`` is ``None`` (lengths are measured; proofs are ``certify``'s).
    For a function scheme: ``steps = cot_tokens`` is the number of gates (one
    token each), ``width`` the largest number of tokens one step reads (its
    fan-in), and ``verified`` says the circuit's last token equals the
    function on every one of the ``2^n`` inputs.
    """

    n: int
    steps: int
    width: int
    cot_tokens: int
    verified: bool | None = None

    def __post_init__(self) -> None:
        for name in ("n", "steps", "width", "cot_tokens"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
                raise LengthError(f"{name} must be an integer >= 0, got {value!r}")
            object.__setattr__(self, name, int(value))
        if self.verified is not None and not isinstance(self.verified, bool):
            raise LengthError(f"verified must be a bool or None, got {self.verified!r}")

    def to_dict(self) -> dict[str, Any]:
        """The row as the CLI prints it."""
        return {
            "n": self.n, "steps": self.steps, "width": self.width,
            "cot_tokens": self.cot_tokens, "verified": self.verified,
        }


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LengthProfile:
    """Rows of :class:`LengthRow` for ``n = 1..N`` and what they measure.

    ``subject`` names the machine or function, ``method`` the encoding or
    scheme, ``inputs`` which inputs each row covers (``"all"`` or
    ``"sample:K"``). ``circuits`` holds each row's circuit for a function
    scheme (the witnesses, for ``minimal``), else is empty; ``minima``
    holds the :class:`MinimumLength` results of the ``minimal`` scheme.
    """

    subject: str
    method: str
    inputs: str
    rows: tuple[LengthRow, ...]
    circuits: tuple[ThresholdCircuit, ...] = ()
    minima: tuple[MinimumLength, ...] = field(default=())

    def __post_init__(self) -> None:
        rows = tuple(self.rows)
        if not rows:
            raise LengthError("rows is empty: a profile needs at least one row")
        for r in rows:
            if not isinstance(r, LengthRow):
                raise LengthError(f"rows must hold LengthRow objects, got {r!r}")
        ns = [r.n for r in rows]
        if len(set(ns)) != len(ns):
            raise LengthError(f"rows repeat an input length: {ns}")
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "circuits", tuple(self.circuits))
        object.__setattr__(self, "minima", tuple(self.minima))

    def column(self, name: str) -> list[int]:
        """One column (``n``, ``steps``, ``width`` or ``cot_tokens``) as a list."""
        if name not in ("n", "steps", "width", "cot_tokens"):
            raise LengthError(f"unknown column {name!r}")
        return [getattr(r, name) for r in self.rows]

    def fit(self, column: str = "cot_tokens") -> LengthLaw | None:
        """The exact closed form of a column against ``n`` (:func:`fit_length`)."""
        return fit_length(self.column(column), self.column("n"))

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON object: ``{"rows": [...], "fit": {...}}``."""
        law = self.fit()
        return {
            "rows": [r.to_dict() for r in self.rows],
            "fit": {
                "expression": None if law is None else str(law.expression),
                "growth": None if law is None else law.growth,
            },
        }

    def notes(self) -> dict[str, str]:
        """What the rows' claims rest on, in words; empty for a machine.

        A machine's rows are measured lengths: nothing is checked, so there
        is no note (and no check column in :meth:`table`). A function
        scheme's rows have ``check``, what ``verified`` says was checked,
        and ``gates``, what kind of token each step is; the ``minimal``
        scheme adds ``lower_bound``, what says no shorter chain exists.

        >>> measure_function_length("parity", "chain:3", 4).notes()["gates"]
        'parity gates (XOR of at most 3 tokens), not linear threshold gates'
        """
        if not self.circuits:
            return {}
        out = {
            "check": f"the circuit's last token equals {self.subject} on every one "
            "of the 2^n inputs, evaluated in exact integer arithmetic",
        }
        kinds = {g.kind for c in self.circuits for g in c.gates}
        fan = max((len(g.terms) for c in self.circuits for g in c.gates
                   if g.kind == "parity"), default=0)
        if kinds == {"threshold"}:
            out["gates"] = "linear threshold gates (integer weights and threshold)"
        elif kinds == {"parity"}:
            out["gates"] = (
                f"parity gates (XOR of at most {fan} tokens), not linear threshold "
                "gates"
            )
        else:
            out["gates"] = (
                f"linear threshold gates and parity gates (XOR of at most {fan} "
                "tokens)"
            )
        if self.minima:
            refuted = [m.n for m in self.minima if m.infeasible]
            single = [m.n for m in self.minima if not m.infeasible]
            parts = []
            if refuted:
                parts.append(
                    "MILP infeasibility of every shorter length (scipy HiGHS, "
                    f"floating point, not an exact proof) at n = {_ns(refuted)}"
                )
            if single:
                parts.append(f"none needed at n = {_ns(single)} (1 token)")
            parts.append("each witness is checked in exact integers")
            out["lower_bound"] = "; ".join(parts)
        return out

    def table(self) -> str:
        """A readable table, the fitted law, then what the rows rest on.

        A function scheme's rows have a column ``right on all 2^n`` (the
        row's ``verified``); a machine's rows, which check nothing, have none.
        """
        notes = self.notes()
        check = "right on all 2^n"
        head = f"{'n':>4} {'steps':>10} {'width':>8} {'cot_tokens':>14}"
        if notes:
            head += f"  {check}"
        lines = [f"{self.subject} ({self.method}, inputs: {self.inputs})", head]
        for r in self.rows:
            line = f"{r.n:>4} {r.steps:>10} {r.width:>8} {r.cot_tokens:>14}"
            if notes:
                v = "-" if r.verified is None else ("yes" if r.verified else "NO")
                line += f"  {v:>{len(check)}}"
            lines.append(line)
        law = self.fit()
        if law is None:
            lines.append("L(n): no closed form in the basis (see fit_length)")
        else:
            lines.append(f"L(n) = {law.expression}    {law.growth}")
        for key, text in notes.items():
            label = check if key == "check" else key.replace("_", " ")
            lines.append(f"{label}: {text}")
        return "\n".join(lines)


def _ns(ns: Sequence[int]) -> str:
    """``1, 2, 3, 5`` as ``1..3, 5``."""
    runs: list[list[int]] = []
    for n in ns:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in runs)


# -- progress ----------------------------------------------------------


class _Progress:
    """A one-line progress bar on stderr, only on a terminal (no dependency)."""

    def __init__(self, total: int, label: str, enabled: bool | None,
                 stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total, self.label, self.done = max(total, 1), label, 0

    def step(self, note: str = "") -> None:
        self.done += 1
        if self.enabled:
            k = 30 * self.done // self.total
            self.stream.write(
                f"\r{self.label} [{'#' * k}{'.' * (30 - k)}] "
                f"{self.done}/{self.total} {note}\033[K"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


# -- measuring a machine -----------------------------------------------


def _check_int(name: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise LengthError(f"{name} must be an integer, got {value!r}")
    if value < least:
        raise LengthError(f"{name} must be >= {least}, got {value}")
    return int(value)


def _parse_inputs(inputs: object) -> int | None:
    """``"all"`` -> None; ``"sample:K"`` -> K."""
    if inputs == "all":
        return None
    if isinstance(inputs, str) and inputs.startswith("sample:"):
        text = inputs[len("sample:"):]
        if text.isascii() and text.isdigit() and int(text) >= 1:  # not '²'
            return int(text)
    raise LengthError(f"inputs must be 'all' or 'sample:K' with K >= 1, got {inputs!r}")


def measure_length(
    machine: TuringMachine,
    encoding: str,
    n_max: int,
    *,
    inputs: str = "all",
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    seed: int = 0,
    progress: bool | None = None,
) -> LengthProfile:
    """Worst-case steps, window and CoT tokens of ``machine`` for ``n = 1..n_max``.

    Row ``n`` is the worst case over every input of length ``n`` (or over
    ``K`` random ones, ``inputs="sample:K"``, drawn with ``seed``), from
    :func:`arcot.cot.length_shape` and :func:`arcot.cot.cot_length`. A fixed
    ``window`` is used for every ``n`` and raises
    :class:`~arcot.errors.EncodingError` when a run leaves it. Raises
    :class:`~arcot.errors.StepLimitExceeded` when a run does not stop within
    ``max_steps``. ``progress`` draws a bar on stderr (default: only on a
    terminal).

    >>> from arcot.zoo import get
    >>> p = measure_length(get("parity"), "tableau", 5)
    >>> [(r.steps, r.width, r.cot_tokens) for r in p.rows][:3]
    [(2, 2, 6), (3, 3, 12), (4, 4, 20)]
    >>> str(p.fit().expression)
    'n**2 + 3*n + 2'
    """
    if not isinstance(machine, TuringMachine):
        raise LengthError(f"machine must be a TuringMachine, got {machine!r}")
    if encoding not in ENCODINGS:
        raise EncodingError(
            f"unknown encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}"
        )
    n_max = _check_int("n_max", n_max, 1)
    max_steps = _check_int("max_steps", max_steps, 0)
    sample = _parse_inputs(inputs)
    if window is not None and not isinstance(window, TableauWindow):
        raise LengthError(f"window must be a TableauWindow, got {window!r}")
    rng = np.random.default_rng(seed)
    bar = _Progress(n_max, f"measuring {machine.name or 'machine'}", progress)
    rows = []
    try:
        for n in range(1, n_max + 1):
            words = None
            k = len(machine.input_symbols or ())
            if sample is not None and k**n > sample:
                alphabet = list(machine.input_symbols or ())
                picks = rng.integers(0, k, size=(sample, n))
                words = [[alphabet[i] for i in row] for row in picks.tolist()]
            shape, steps = length_shape(machine, n, max_steps=max_steps, inputs=words)
            if window is not None:
                if (shape.left < window.left
                        or shape.left + shape.width > window.left + window.width):
                    raise EncodingError(
                        f"window {window.left}..{window.left + window.width - 1} is "
                        f"too small for n={n}: the runs use cells "
                        f"{shape.left}..{shape.left + shape.width - 1}"
                    )
                shape = window
            tokens = cot_length(machine, encoding, steps=steps, width=shape.width)
            rows.append(LengthRow(n=n, steps=steps, width=shape.width,
                                  cot_tokens=tokens))
            bar.step(f"n={n} T={steps}")
    finally:
        bar.close()
    return LengthProfile(
        subject=machine.name or "machine", method=encoding,
        inputs=inputs, rows=tuple(rows),
    )


# -- functions and schemes ---------------------------------------------


def _parity(x: tuple[int, ...]) -> int:
    return sum(x) % 2


def _majority(x: tuple[int, ...]) -> int:
    return int(2 * sum(x) > len(x))


def _and(x: tuple[int, ...]) -> int:
    return int(all(x))


def _or(x: tuple[int, ...]) -> int:
    return int(any(x))


#: Named Boolean functions for ``--function``.
FUNCTIONS: dict[str, Callable[[tuple[int, ...]], int]] = {
    "parity": _parity,
    "majority": _majority,
    "and": _and,
    "or": _or,
}

Scheme = str | Callable[[int], ThresholdCircuit]


def _scheme_builder(
    function: str | None, scheme: Scheme
) -> tuple[str, Callable[[int], ThresholdCircuit] | None]:
    """The scheme's name and circuit builder (``None`` for ``minimal``)."""
    if callable(scheme):
        return getattr(scheme, "__name__", "user-scheme"), scheme
    if scheme == "minimal":
        return "minimal", None
    if scheme == "threshold-log" or (
        isinstance(scheme, str) and scheme.startswith("chain:")
    ):
        if function != "parity":
            raise LengthError(
                f"scheme {scheme!r} is a parity construction (Thm 3.11/3.12); "
                f"for function {function or 'a user function'!r} use 'minimal' or "
                "pass your own circuit builder"
            )
        if scheme == "threshold-log":
            return scheme, parity_circuit
        text = scheme[len("chain:"):]
        if not (text.isascii() and text.isdigit()) or int(text) < 2:
            raise LengthError(
                f"scheme {scheme!r}: chain:K needs an integer K >= 2, got {text!r}"
            )
        k = int(text)
        return scheme, lambda n: chain_parity_circuit(n, k)
    raise LengthError(
        f"unknown scheme {scheme!r}: expected threshold-log, chain:K or minimal"
    )


def measure_function_length(
    function: str | Callable[[tuple[int, ...]], object],
    scheme: Scheme,
    n_max: int,
    *,
    time_limit: float = 600.0,
    progress: bool | None = None,
) -> LengthProfile:
    """CoT length of a scheme for a Boolean function, for ``n = 1..n_max``.

    ``function`` is a name in :data:`FUNCTIONS` or a callable on bit tuples
    returning 0/1. ``scheme`` is ``"threshold-log"`` (Thm 3.11, parity),
    ``"chain:K"`` (Thm 3.12, parity), ``"minimal"`` (:func:`minimum_length`,
    ``n_max <= MAX_EXACT_N``) or a callable ``n -> ThresholdCircuit``. Every
    row's circuit is evaluated on all ``2^n`` inputs in exact integers and
    ``verified`` says whether its last token equals the function on each.

    >>> p = measure_function_length("parity", "chain:3", 6)
    >>> [(r.cot_tokens, r.width, r.verified) for r in p.rows][-2:]
    [(2, 3, True), (3, 3, True)]
    >>> p = measure_function_length(lambda x: x[0] | x[-1], lambda n: function_circuit(
    ...     lambda x: x[0] | x[-1], n), 2)
    >>> [r.cot_tokens for r in p.rows]
    [2, 4]
    """
    if isinstance(function, str):
        if function not in FUNCTIONS:
            raise LengthError(
                f"unknown function {function!r}: expected one of {', '.join(FUNCTIONS)}"
            )
        name: str | None = function
        f = FUNCTIONS[function]
    elif callable(function):
        name, f = None, function  # type: ignore[assignment]
    else:
        raise LengthError(f"function must be a name or a callable, got {function!r}")
    method, build = _scheme_builder(name, scheme)
    n_max = _check_int("n_max", n_max, 1)
    if build is None and n_max > MAX_EXACT_N:
        raise LengthError(
            f"n_max={n_max} is beyond the exact minimum search: it handles "
            f"n <= {MAX_EXACT_N} (2^n inputs, one MILP per candidate length)"
        )
    bar = _Progress(n_max, f"{name or 'function'} ({method})", progress)
    rows, circuits, minima = [], [], []
    try:
        for n in range(1, n_max + 1):
            if build is None:
                hint = parity_circuit(n) if name == "parity" else None
                best = minimum_length(f, n, hint=hint, time_limit=time_limit)
                minima.append(best)
                circuit = best.circuit
            else:
                circuit = build(n)
                if not isinstance(circuit, ThresholdCircuit):
                    raise LengthError(
                        f"the scheme returned {circuit!r} for n={n}, not a "
                        "ThresholdCircuit"
                    )
                if circuit.n_inputs != n:
                    raise LengthError(
                        f"the scheme's circuit for n={n} has {circuit.n_inputs} inputs"
                    )
            check = check_function(circuit, f)
            rows.append(LengthRow(
                n=n, steps=circuit.cot_length, width=circuit.max_fan_in,
                cot_tokens=circuit.cot_length, verified=check.verified,
            ))
            circuits.append(circuit)
            bar.step(f"n={n} L={circuit.cot_length}")
    finally:
        bar.close()
    return LengthProfile(
        subject=name or str(getattr(function, "__name__", "function")),
        method=method,
        inputs="all", rows=tuple(rows), circuits=tuple(circuits), minima=tuple(minima),
    )


# -- closed forms ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Term:
    """A basis function: its sympy form, exact values, growth and domain."""

    name: str
    expr: sympy.Expr
    value: Callable[[int], int | None]  # exact value at n, None where irrational
    growth: tuple[int, int, int]  # b^n * n^d * log(n)^l  ->  (b, d, l)
    scale: Fraction  # term ~ scale * b^n n^d log2(n)^l
    pow2: bool = False  # defined (rational) only at powers of two
    period: int = 0  # a step term's period c (0: not a step term)


def _log2(n: int) -> int | None:
    return n.bit_length() - 1 if n >= 1 and n & (n - 1) == 0 else None


def _mul(a: int, b: int | None) -> int | None:
    return None if b is None else a * b


_LOG2 = sympy.log(N, 2)
_BITS = sympy.ceiling(sympy.log(N + 1, 2))

#: The candidate basis of :func:`fit_length`, in its order of preference.
BASIS: tuple[_Term, ...] = (
    _Term(name="1", expr=sympy.Integer(1), value=lambda n: 1, growth=(1, 0, 0),
          scale=Fraction(1)),
    _Term(name="n", expr=N, value=lambda n: n, growth=(1, 1, 0), scale=Fraction(1)),
    _Term(name="n^2", expr=N**2, value=lambda n: n * n, growth=(1, 2, 0),
          scale=Fraction(1)),
    _Term(name="n^3", expr=N**3, value=lambda n: n**3, growth=(1, 3, 0),
          scale=Fraction(1)),
    _Term(name="n^4", expr=N**4, value=lambda n: n**4, growth=(1, 4, 0),
          scale=Fraction(1)),
    _Term(name="ceil(log2(n+1))", expr=_BITS, value=lambda n: n.bit_length(),
          growth=(1, 0, 1), scale=Fraction(1)),
    _Term(name="log2(n)", expr=_LOG2, value=_log2, growth=(1, 0, 1),
          scale=Fraction(1), pow2=True),
    _Term(name="n*log2(n)", expr=N * _LOG2, value=lambda n: _mul(n, _log2(n)),
          growth=(1, 1, 1), scale=Fraction(1), pow2=True),
    _Term(name="n*ceil(log2(n+1))", expr=N * _BITS,
          value=lambda n: n * n.bit_length(), growth=(1, 1, 1), scale=Fraction(1)),
    _Term(name="log2(n)^2", expr=_LOG2**2,
          value=lambda n: None if _log2(n) is None else _log2(n) ** 2,  # type: ignore[operator]
          growth=(1, 0, 2), scale=Fraction(1), pow2=True),
    _Term(name="n^2*log2(n)", expr=N**2 * _LOG2,
          value=lambda n: _mul(n * n, _log2(n)), growth=(1, 2, 1),
          scale=Fraction(1), pow2=True),
    _Term(name="2^n", expr=2**N, value=lambda n: 2**n, growth=(2, 0, 0),
          scale=Fraction(1)),
    _Term(name="n*2^n", expr=N * 2**N, value=lambda n: n * 2**n, growth=(2, 1, 0),
          scale=Fraction(1)),
    _Term(name="3^n", expr=3**N, value=lambda n: 3**n, growth=(3, 0, 0),
          scale=Fraction(1)),
)


def _floor_term(c: int, r: int) -> _Term:
    return _Term(
        name=f"floor((n+{r})/{c})", expr=sympy.floor((N + r) / sympy.Integer(c)),
        value=lambda n: (n + r) // c, growth=(1, 1, 0), scale=Fraction(1, c),
        period=c,
    )


#: Periods of the step terms ``floor((n + r) / c)``, ``0 <= r < c``.
FLOOR_PERIODS = range(2, 9)
_FLOORS = tuple(_floor_term(c, r) for c in FLOOR_PERIODS for r in range(c))


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthLaw:
    """An exact closed form of an integer sequence, confirmed on held-out points.

    ``expression`` is a sympy expression in ``n`` (printable, and parseable
    by ``sympy.sympify``); ``growth`` its class as a string
    ``"Theta(...)"``. ``terms`` and ``coefficients`` are the basis terms and
    their exact rational coefficients; the coefficients are fixed by the
    points ``fit_ns`` and confirmed on ``held_out_ns``. ``exceptions`` are
    leading ``(n, value)`` points the law is stated apart from (see
    :func:`fit_length`).
    """

    expression: sympy.Expr
    growth: str
    terms: tuple[str, ...]
    coefficients: tuple[Fraction, ...]
    fit_ns: tuple[int, ...]
    held_out_ns: tuple[int, ...]
    exceptions: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        return str(self.expression)

    def __call__(self, n: int) -> sympy.Expr:
        """The law's exact value at ``n`` (a sympy number)."""
        return sympy.simplify(self.expression.subs(N, n))


def _check_values(values: object, ns: object) -> tuple[list[int], list[int]]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise LengthError(f"values must be a sequence of integers, got {values!r}")
    vals = list(values)
    out = []
    for i, v in enumerate(vals):
        if isinstance(v, bool) or not isinstance(v, Integral):
            raise LengthError(f"values[{i}] must be an integer, got {v!r}")
        out.append(int(v))
    if ns is None:
        nlist = list(range(1, len(out) + 1))
    else:
        if isinstance(ns, (str, bytes)) or not isinstance(ns, Iterable):
            raise LengthError(f"ns must be a sequence of integers, got {ns!r}")
        nlist = []
        for i, v in enumerate(list(ns)):
            if isinstance(v, bool) or not isinstance(v, Integral) or v < 1:
                raise LengthError(f"ns[{i}] must be an integer >= 1, got {v!r}")
            nlist.append(int(v))
        if len(nlist) != len(out):
            raise LengthError(
                f"ns has {len(nlist)} entries but values has {len(out)}: "
                "give one n per value"
            )
        if len(set(nlist)) != len(nlist):
            dup = next(v for v in nlist if nlist.count(v) > 1)
            raise LengthError(f"ns lists n={dup} twice")
    order = sorted(range(len(out)), key=nlist.__getitem__)
    return [out[i] for i in order], [nlist[i] for i in order]


def _solve(
    rows: list[list[int]], rhs: list[int], p: int
) -> tuple[list[Fraction], list[int]] | str:
    """Exact least-index Gaussian elimination: coefficients and pivot rows.

    Returns ``"singular"`` if the columns are dependent on these rows,
    ``"inconsistent"`` if no coefficients satisfy every row exactly.
    """
    m = len(rows)
    a = [
        [Fraction(x) for x in row] + [Fraction(b)]
        for row, b in zip(rows, rhs, strict=True)
    ]
    pivots: list[int] = []
    used = [False] * m
    for col in range(p):
        piv = next((i for i in range(m) if not used[i] and a[i][col] != 0), None)
        if piv is None:
            return "singular"
        used[piv] = True
        pivots.append(piv)
        prow = a[piv]
        inv = 1 / prow[col]
        for i in range(m):
            if i != piv and a[i][col] != 0:
                factor = a[i][col] * inv
                ai = a[i]
                for j in range(col, p + 1):
                    ai[j] -= factor * prow[j]
    for i in range(m):
        if not used[i] and a[i][p] != 0:
            return "inconsistent"
    coef = [a[pivots[c]][p] / a[pivots[c]][c] for c in range(p)]
    return coef, pivots


_PRIME = (1 << 61) - 1


def _quick_reject(rows: list[list[int]], rhs: list[int], p: int) -> bool:
    """True only if the system has no rational solution (a fast, sound screen).

    Elimination modulo the prime ``2^61 - 1``: when the columns stay
    independent modulo the prime, a rational solution would reduce to a
    solution modulo the prime (its denominators divide a minor that is
    non-zero there), so inconsistency modulo the prime proves inconsistency
    over the rationals. Anything else is left to the exact solve.
    """
    q = _PRIME
    a = [[x % q for x in row] + [b % q] for row, b in zip(rows, rhs, strict=True)]
    used = [False] * len(a)
    for col in range(p):
        piv = next((i for i in range(len(a)) if not used[i] and a[i][col]), None)
        if piv is None:
            return False  # dependent modulo the prime: no conclusion
        used[piv] = True
        prow = a[piv]
        inv = pow(prow[col], q - 2, q)
        for i in range(len(a)):
            if i != piv and a[i][col]:
                factor = a[i][col] * inv % q
                ai = a[i]
                for j in range(col, p + 1):
                    ai[j] = (ai[j] - factor * prow[j]) % q
    return any(not used[i] and a[i][p] for i in range(len(a)))


def _growth(terms: Sequence[_Term], coef: Sequence[Fraction]) -> str:
    """The Theta class: the largest growth key whose coefficients do not cancel.

    Only step terms share a key with another term (``floor((n+r)/c) ~ n/c``
    beside ``n``); when they cancel, what they leave is bounded, so a
    constant below them makes the class ``O(1)``, not ``Theta(1)`` (the
    sequence may touch 0 infinitely often).
    """
    if not terms:
        return "Theta(0)"
    cancelled = False
    for key in sorted({t.growth for t in terms}, reverse=True):
        pairs = zip(terms, coef, strict=True)
        lead = sum((c * t.scale for t, c in pairs if t.growth == key), Fraction(0))
        if lead == 0:
            cancelled = True
            continue
        if key == (1, 0, 0):
            return "O(1)" if cancelled else "Theta(1)"
        b, d, ell = key
        return f"Theta({sympy.Integer(b) ** N * N**d * sympy.log(N) ** ell})"
    return "O(1)"


def _families(
    basis: Sequence[_Term], max_terms: int
) -> Iterable[tuple[_Term, ...]]:
    """Candidate families by number of parameters, basis subsets first."""
    const, lin = BASIS[0], BASIS[1]
    for p in range(0, max_terms + 1):
        yield from itertools.combinations(basis, p)
        if 1 <= p <= 3:
            extras = [(), (const,), (lin,), (const, lin)]
            for fl in _FLOORS:
                for ex in extras:
                    if len(ex) + 1 == p:
                        yield (*ex, fl)


def fit_length(
    values: Sequence[int],
    ns: Sequence[int] | None = None,
    *,
    min_held_out: int = 2,
    max_terms: int = 4,
    max_exceptions: int = 1,
) -> LengthLaw | None:
    """The exact closed form of an integer sequence, or ``None``.

    ``values[i]`` is the sequence at ``ns[i]`` (default ``1, 2, ...``). A
    *law* is a rational combination of at most ``max_terms`` terms of
    :data:`BASIS` (``1, n, n^2, n^3, n^4, ceil(log2(n+1)), log2(n),
    n log2(n), n ceil(log2(n+1)), log2(n)^2, n^2 log2(n), 2^n, n 2^n, 3^n``),
    or of a step term ``floor((n + r)/c)`` (``2 <= c <= 8``, tried only when
    the points span at least ``3 c`` values of ``n``) with ``1`` and ``n``.
    Terms with ``log2(n)`` are candidates only when every ``n`` is a power
    of two (elsewhere they are irrational, so no integer sequence holds
    them); there the ``ceil(log2(n+1))`` terms, equal to ``log2(n) + 1``,
    give way to them.

    The rule: families are tried in a fixed order (fewest terms first, then
    basis order); the first whose coefficients, solved exactly from the
    earliest points that determine them, reproduce *every other* point
    exactly is the law. A family is tried only if it leaves at least
    ``min_held_out`` points out of the fit, so a law always has fewer
    parameters than points and is never an interpolation. If no law holds
    on every point, laws for the points after the first ``max_exceptions``
    (smallest ``n``) are tried, and the expression lists those first values
    explicitly (a ``Piecewise``, e.g. ``max(1, floor(n/2))`` at ``n = 1``).
    No family passes: ``None``. Points are taken in increasing ``n``.

    Raises :class:`~arcot.errors.LengthError` for non-integer values,
    ``ns`` of another length, repeated or non-positive ``n``.

    Examples
    --------
    >>> str(fit_length([3, 6, 11, 18, 27]))
    'n**2 + 2'
    >>> law = fit_length([2, 7, 21, 57, 145], ns=[1, 2, 4, 8, 16])
    >>> str(law), law.growth, law.fit_ns, law.held_out_ns
    ('2*n*log(n)/log(2) + n + 1', 'Theta(n*log(n))', (1, 2, 4), (8, 16))
    >>> fit_length([1, 2, 2, 3, 3, 3, 3, 4]).growth
    'Theta(log(n))'
    >>> str(fit_length([1, 1, 1, 2, 2, 3, 3, 4]))
    'Piecewise((1, Eq(n, 1)), (floor(n/2), True))'
    >>> print(fit_length([5, 1, 4, 1, 5, 9, 2, 6]))
    None
    """
    vals, nlist = _check_values(values, ns)
    min_held_out = _check_int("min_held_out", min_held_out, 1)
    max_terms = _check_int("max_terms", max_terms, 0)
    max_exceptions = _check_int("max_exceptions", max_exceptions, 0)
    for drop in range(0, max_exceptions + 1):
        law = _search(vals[drop:], nlist[drop:], min_held_out, max_terms)
        if law is None:
            continue
        if not drop:
            return law
        first = tuple(zip(nlist[:drop], vals[:drop], strict=True))
        expr = sympy.Piecewise(
            *((sympy.Integer(v), sympy.Eq(N, k)) for k, v in first),
            (law.expression, True),
        )
        return LengthLaw(
            expression=expr, growth=law.growth, terms=law.terms,
            coefficients=law.coefficients, fit_ns=law.fit_ns,
            held_out_ns=law.held_out_ns, exceptions=first,
        )
    return None


def _search(
    vals: list[int], nlist: list[int], min_held_out: int, max_terms: int
) -> LengthLaw | None:
    """The first family (in :func:`_families` order) that fits every point."""
    m = len(vals)
    if m <= min_held_out:
        return None
    all_pow2 = all(_log2(n) is not None for n in nlist)
    # At powers of two ceil(log2(n+1)) = log2(n) + 1: keep the plain log2 forms.
    if all_pow2:
        basis = [t for t in BASIS if "ceil" not in t.name]
    else:
        basis = [t for t in BASIS if not t.pow2]
    # A step term is confirmed only on data spanning three of its periods.
    span = max(nlist) - min(nlist) + 1
    table: dict[str, list[int]] = {}
    for t in (*basis, *(f for f in _FLOORS if 3 * f.period <= span)):
        column = [t.value(n) for n in nlist]
        if all(v is not None for v in column):
            table[t.name] = column  # type: ignore[assignment]
    limit = min(max_terms, m - min_held_out)
    for family in _families(basis, limit):
        p = len(family)
        if p > limit or any(t.name not in table for t in family):
            continue
        if p == 0:
            if all(v == 0 for v in vals):
                return LengthLaw(expression=sympy.Integer(0), growth="Theta(0)",
                                 terms=(), coefficients=(), fit_ns=(),
                                 held_out_ns=tuple(nlist))
            continue
        rows = [[table[t.name][i] for t in family] for i in range(m)]
        if _quick_reject(rows, vals, p):
            continue
        solved = _solve(rows, vals, p)
        if isinstance(solved, str):
            continue
        coef, pivots = solved
        if any(c == 0 for c in coef):  # a smaller family holds it (tried earlier)
            continue
        expr = sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * t.expr
                           for c, t in zip(coef, family, strict=True)))
        fit_ns = tuple(sorted(nlist[i] for i in pivots))
        return LengthLaw(
            expression=expr,
            growth=_growth(family, coef),
            terms=tuple(t.name for t in family),
            coefficients=tuple(coef),
            fit_ns=fit_ns,
            held_out_ns=tuple(n for n in nlist if n not in fit_ns),
        )
    return None


# -- the exact minimum -------------------------------------------------


def threshold_weight_bound(m: int) -> int:
    """A weight bound that loses no threshold function of ``m`` inputs.

    Every threshold function of ``m`` Boolean inputs, even one specified
    only on a subset of ``{0,1}^m``, has an integer realisation whose
    weights and threshold all have absolute value at most
    ``floor((m+2)^((m+2)/2) / 2^(m+1))``: a vertex of the polytope of
    realisations with margin 1 solves a square 0/1 system of order
    ``r <= m + 1`` (Cramer's rule), and a 0/1 determinant of order ``r`` is
    at most ``(r+1)^((r+1)/2) / 2^r`` (Hadamard, bordered to a +-1 matrix).
    See docs/howto/length-complexity.md for the argument.

    >>> [threshold_weight_bound(m) for m in range(1, 9)]
    [1, 2, 3, 6, 14, 32, 76, 195]
    """
    m = _check_int("m", m, 0)
    return math.isqrt((m + 2) ** (m + 2) // 4 ** (m + 1))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class MinimumLength:
    """The fewest threshold tokens computing a function on all inputs of length n.

    ``circuit`` is the witness (its last gate is the answer), checked exactly
    on all ``2^n`` inputs (``verified``). ``infeasible`` lists the lengths
    ``T < tokens`` the solver found infeasible under ``weight_bounds`` (a
    floating-point MILP verdict, not an exact proof)
    (the bound for gate ``t`` reading ``n + t`` tokens, see
    :func:`threshold_weight_bound`), which makes the search exhaustive.
    ``witness_source`` is ``"solver"``, ``"hint"`` (a known construction of
    that length, e.g. Thm 3.11's, verified all the same) or ``"truth-table"``
    (:func:`arcot.circuit.function_circuit`, when nothing shorter exists).
    """

    n: int
    tokens: int
    circuit: ThresholdCircuit
    verified: bool
    infeasible: tuple[int, ...]
    weight_bounds: tuple[int, ...]
    witness_source: str
    seconds: float


def _milp_chain(
    table: np.ndarray, n: int, t_len: int, bounds: Sequence[int],
    *, time_limit: float, prune: bool, normalise: bool = True,
) -> tuple[str, list[tuple[list[int], list[int], int]] | None]:
    """Solve "is f a chain of ``t_len`` threshold tokens?" as a MILP.

    Returns ``("feasible", gates)`` with each gate ``(w over x, u over earlier
    gates, threshold)``, ``("infeasible", None)`` or ``("limit", None)``.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    xs = all_bit_inputs(n).tolist()
    size = len(xs)
    lo: list[float] = []
    hi: list[float] = []
    integral: list[int] = []

    def var(low: float, high: float, is_int: bool) -> int:
        lo.append(low)
        hi.append(high)
        integral.append(int(is_int))
        return len(lo) - 1

    w = [[0] * n for _ in range(t_len)]
    u = [[0] * t for t in range(t_len)]
    b = [0] * t_len
    z: list[list[int]] = []
    p: list[list[list[int]]] = []
    for t in range(t_len):
        k = bounds[t]
        w[t] = [var(-k, k, True) for _ in range(n)]
        u[t] = [var(-k, k, True) for _ in range(t)]
        b[t] = var(-k, k, True)
        if t < t_len - 1:
            # WLOG an intermediate token is 0 on the all-zero input: its
            # complement is as good (later tokens flip the sign of its weight).
            z.append([var(0, 0 if j == 0 and normalise else 1, True)
                      for j in range(size)])
        p.append([[var(-k, k, False) for _ in range(size)] for _ in range(t)])
    data: list[float] = []
    ri: list[int] = []
    ci: list[int] = []
    c_lo: list[float] = []
    c_hi: list[float] = []

    def row(coefs: dict[int, int], low: float, high: float) -> None:
        r = len(c_lo)
        for col, v in coefs.items():
            ri.append(r)
            ci.append(col)
            data.append(v)
        c_lo.append(low)
        c_hi.append(high)

    inf = np.inf
    for t in range(t_len):
        k = bounds[t]
        for j, x in enumerate(xs):
            act = {w[t][i]: 1 for i in range(n) if x[i]}
            act[b[t]] = -1
            for s in range(t):
                act[p[t][s][j]] = 1
            big = k * (sum(x) + t + 1)  # |activation| <= big
            if t == t_len - 1:
                if table[j]:
                    row(act, 0, inf)
                else:
                    row(act, -inf, -1)
            else:
                zj = z[t][j]
                row({**act, zj: -big}, -big, inf)  # z = 1 -> act >= 0
                row({**act, zj: -(big + 1)}, -inf, -1)  # z = 0 -> act <= -1
            for s in range(t):  # p = u * z exactly (z binary, |u| <= k)
                pj, us, zs = p[t][s][j], u[t][s], z[s][j]
                row({pj: 1, zs: -k}, -inf, 0)
                row({pj: 1, zs: k}, 0, inf)
                row({pj: 1, us: -1, zs: k}, -inf, k)
                row({pj: 1, us: -1, zs: -k}, -k, inf)
    if prune:
        # Valid only once every shorter chain is refuted: then no intermediate
        # token is constant or a copy of an input (dropping it would give a
        # shorter one). Off in minimum_length: it did not speed the search
        # up (benchmarks/bench_length.py), and every assumption left out is
        # one the infeasibility answers do not rest on.
        for t in range(t_len - 1):
            if normalise:  # 0 on the all-zero input, so not the constant 1
                row(dict.fromkeys(z[t], 1), 1, inf)
            for i in range(n):
                coefs = {z[t][j]: (-1 if x[i] else 1) for j, x in enumerate(xs)}
                ones = sum(x[i] for x in xs)
                row(coefs, 1 - ones, inf)
    matrix = coo_matrix((data, (ri, ci)), shape=(len(c_lo), len(lo))).tocsr()
    res = milp(
        np.zeros(len(lo)),
        constraints=LinearConstraint(matrix, c_lo, c_hi),
        integrality=np.array(integral),
        bounds=Bounds(lo, hi),
        options={"disp": False, "time_limit": max(time_limit, 0.01)},
    )
    if res.status == 2:
        return "infeasible", None
    if res.x is None:
        return "limit", None
    sol = np.rint(res.x).astype(np.int64).tolist()
    gates = [([sol[v] for v in w[t]], [sol[v] for v in u[t]], sol[b[t]])
             for t in range(t_len)]
    return "feasible", gates


def _gates_to_circuit(
    n: int, gates: Sequence[tuple[list[int], list[int], int]], name: str
) -> ThresholdCircuit:
    out = []
    for t, (wx, wu, thr) in enumerate(gates):
        weights = [(f"x{i}", v) for i, v in enumerate(wx) if v]
        weights += [(f"t{s}", v) for s, v in enumerate(wu) if v]
        out.append(Gate(name=f"t{t}", weights=tuple(weights), threshold=thr))
    return ThresholdCircuit(n_inputs=n, gates=out, name=name)


def minimum_length(
    function: Callable[[tuple[int, ...]], object] | Sequence[int],
    n: int,
    *,
    hint: ThresholdCircuit | None = None,
    time_limit: float = 600.0,
) -> MinimumLength:
    """The exact minimum CoT length of ``function`` on ``n`` bits for linear AR.

    The least ``T`` such that ``T`` linear threshold tokens, token ``t``
    reading the ``n`` input bits and every earlier token, end with a token
    equal to ``function`` on all ``2^n`` inputs. For ``T = 1, 2, ...`` a
    mixed-integer program (scipy.optimize.milp, HiGHS) decides whether such
    a chain exists with integer weights within
    :func:`threshold_weight_bound` of each token's fan-in, a bound that
    loses no threshold function, so "infeasible" means no chain of length
    ``T`` exists at all -- as far as the solver's answer goes: HiGHS works in
    floating point with tolerances, so that verdict is not an exact proof.
    The witness is checked exactly in integers.
    ``hint`` (or the truth-table circuit, :func:`arcot.circuit.function_circuit`)
    is a known chain: at its length the search stops with it as the witness.

    ``function`` is a callable on bit tuples or its truth table (``2^n``
    bits in :func:`arcot.circuit.all_bit_inputs` order). Raises
    :class:`~arcot.errors.LengthError` for ``n > MAX_EXACT_N`` and
    :class:`~arcot.errors.SearchLimitExceeded` when a solve runs out of
    ``time_limit`` seconds.

    >>> best = minimum_length(lambda x: sum(x) % 2, 3)
    >>> best.tokens, best.verified, best.infeasible
    (2, True, (1,))
    """
    n = _check_int("n", n, 1)
    if n > MAX_EXACT_N:
        raise LengthError(
            f"n={n} is beyond the exact minimum search: it handles n <= {MAX_EXACT_N}"
        )
    if callable(function):
        f = function
        table = truth_table(function, n)
    else:
        table = np.asarray(list(function))
        if table.shape != (1 << n,) or not np.isin(table, (0, 1)).all():
            raise LengthError(
                f"a truth table for n={n} must be {1 << n} bits 0/1, got "
                f"{len(table)} entries"
            )
        table = table.astype(np.int64)
        rows = all_bit_inputs(n).tolist()
        lookup = {tuple(r): int(v) for r, v in zip(rows, table, strict=True)}

        def f(x: tuple[int, ...]) -> int:
            return lookup[tuple(x)]
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or \
            not time_limit > 0:
        raise LengthError(f"time_limit must be a positive number, got {time_limit!r}")
    known = function_circuit(f, n)
    source = "truth-table"
    if hint is not None:
        if not isinstance(hint, ThresholdCircuit) or not hint.is_threshold:
            raise LengthError("hint must be a ThresholdCircuit of threshold gates")
        if not check_function(hint, f).verified:
            raise LengthError("hint does not compute the function on every input")
        if hint.cot_length < known.cot_length:
            known, source = hint, "hint"
    start = time.perf_counter()
    infeasible: list[int] = []
    bounds = tuple(threshold_weight_bound(n + t) for t in range(known.cot_length))
    for t_len in range(1, known.cot_length):
        left = time_limit - (time.perf_counter() - start)
        if left <= 0:
            raise SearchLimitExceeded(
                f"the exact search for n={n} ran out of {time_limit} s at T={t_len}",
                steps=t_len,
            )
        # A cheap try with small weights first: any chain it finds is a witness.
        small = [min(3, k) for k in bounds[:t_len]]
        status, gates = _milp_chain(table, n, t_len, small,
                                    time_limit=min(left, 5.0), prune=False)
        if status != "feasible":
            left = time_limit - (time.perf_counter() - start)
            status, gates = _milp_chain(table, n, t_len, bounds[:t_len],
                                        time_limit=max(left, 0.01), prune=False)
        if status == "infeasible":
            infeasible.append(t_len)
            continue
        if status == "limit":
            raise SearchLimitExceeded(
                f"the exact search for n={n} ran out of {time_limit} s at T={t_len}",
                steps=t_len,
            )
        assert gates is not None
        known = _gates_to_circuit(n, gates, f"minimal-{n}")
        source = "solver"
        break
    check = check_function(known, f)
    if not check.verified:  # pragma: no cover - the solver's rounding failed
        raise ArcotError(
            f"the solver's witness for n={n} fails exact verification on "
            f"{check.counterexample}"
        )
    return MinimumLength(
        n=n, tokens=known.cot_length, circuit=known, verified=True,
        infeasible=tuple(infeasible), weight_bounds=bounds[: known.cot_length],
        witness_source=source, seconds=time.perf_counter() - start,
    )


# -- plotting ----------------------------------------------------------


def plot_length(
    profile: LengthProfile, path: str, *, column: str = "cot_tokens"
) -> LengthLaw | None:
    """Plot a column of ``profile`` against ``n`` with its fitted law; save to ``path``.

    Needs matplotlib (``pip install 'arcot[plot]'``); raises
    :class:`~arcot.errors.LengthError` if it is missing. Returns the law drawn.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise LengthError(
            "plotting needs matplotlib: pip install 'arcot[plot]'"
        ) from None
    ns = profile.column("n")
    ys = profile.column(column)
    law = profile.fit(column)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(ns, ys, "o", label=f"measured {column}")
    if law is not None:
        fn = sympy.lambdify(N, law.expression, "math")
        xs = list(range(min(ns), max(ns) + 1))
        ax.plot(xs, [float(fn(x)) for x in xs], "-", label=f"{law.expression}")
    ax.set_xlabel("n (input length)")
    ax.set_ylabel(column)
    title = f"{profile.subject} ({profile.method})"
    ax.set_title(title if law is None else f"{title}: {law.growth}")
    ax.legend()
    fig.tight_layout()
    try:
        fig.savefig(path)
    except (OSError, ValueError) as exc:
        raise LengthError(f"cannot write the plot to {path!r}: {exc}") from None
    finally:
        plt.close(fig)
    return law
