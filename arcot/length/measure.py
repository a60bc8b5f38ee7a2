"""Measuring CoT length: a machine's worst case per input length, or a
Boolean function's under a CoT scheme (a threshold circuit per ``n``).

:func:`measure_length` and :func:`measure_function_length` parse their
inputs, build the scheme's circuits (:mod:`arcot.length.targets` names the functions)
and return a :class:`~arcot.length.profile.LengthProfile`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from arcot._progress import Progress
from arcot.circuit import (
    ThresholdCircuit,
    chain_parity_circuit,
    check_function,
    parity_circuit,
)
from arcot.cot import (
    ENCODINGS,
    TableauWindow,
    cot_length,
    length_shape,
)
from arcot.errors import EncodingError, LengthError, LengthStopped, StepLimitExceeded
from arcot.length.checks import check_int
from arcot.length.minimum import MAX_EXACT_N, minimum_length
from arcot.length.profile import LengthProfile, LengthRow
from arcot.length.targets import target_function
from arcot.machine import TuringMachine

__all__ = ["Scheme", "measure_function_length", "measure_length"]


# -- measuring a machine -----------------------------------------------


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
    n_max = check_int("n_max", n_max, 1)
    max_steps = check_int("max_steps", max_steps, 0)
    sample = _parse_inputs(inputs)
    if window is not None and not isinstance(window, TableauWindow):
        raise LengthError(f"window must be a TableauWindow, got {window!r}")
    rng = np.random.default_rng(seed)
    bar = Progress(n_max, f"measuring {machine.name or 'machine'}", progress)
    rows: list[LengthRow] = []
    try:
        for n in range(1, n_max + 1):
            words = None
            k = len(machine.input_symbols or ())
            if sample is not None and k**n > sample:
                alphabet = list(machine.input_symbols or ())
                picks = rng.integers(0, k, size=(sample, n))
                words = [[alphabet[i] for i in row] for row in picks.tolist()]
            try:
                shape, steps = length_shape(machine, n, max_steps=max_steps,
                                            inputs=words)
            except StepLimitExceeded as exc:  # keep the rows already measured
                finished = LengthProfile(
                    subject=machine.name or "machine", method=encoding,
                    inputs=inputs, rows=tuple(rows),
                ) if rows else None
                raise LengthStopped(f"row n={n}: {exc}", steps=exc.steps,
                                    finished=finished) from None
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

    ``function`` is a spec of :func:`~arcot.length.targets.target_function`
    (``parity``, ``threshold:3``, ...) or a callable on bit tuples
    returning 0/1. ``scheme`` is ``"threshold-log"`` (Thm 3.11, parity),
    ``"chain:K"`` (Thm 3.12, parity), ``"minimal"`` (:func:`minimum_length`,
    ``n_max <= MAX_EXACT_N``) or a callable ``n -> ThresholdCircuit``. Every
    row's circuit is checked against the function on all ``2^n`` inputs in
    exact integers and ``verified`` says whether its last token equals the
    function on each; the row's ``check`` says how
    (:func:`arcot.circuit.check_function`: ``exhaustive``, or ``symmetric``,
    one input per Hamming weight, for a named function and a circuit whose
    gates weight all inputs alike).

    >>> p = measure_function_length("parity", "chain:3", 6)
    >>> [(r.cot_tokens, r.width, r.verified) for r in p.rows][-2:]
    [(2, 3, True), (3, 3, True)]
    >>> from arcot.circuit import function_circuit
    >>> p = measure_function_length(lambda x: x[0] | x[-1], lambda n: function_circuit(
    ...     lambda x: x[0] | x[-1], n), 2)
    >>> [r.cot_tokens for r in p.rows]
    [2, 4]
    """
    if isinstance(function, str):
        name: str | None = function
        f = target_function(function)
    elif callable(function):
        name, f = None, function
    else:
        raise LengthError(f"function must be a name or a callable, got {function!r}")
    method, build = _scheme_builder(name, scheme)
    n_max = check_int("n_max", n_max, 1)
    if build is None and n_max > MAX_EXACT_N:
        raise LengthError(
            f"n_max={n_max} is beyond the exact minimum search: it handles "
            f"n <= {MAX_EXACT_N} (2^n inputs, one MILP per candidate length)"
        )
    bar = Progress(n_max, f"{name or 'function'} ({method})", progress)
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
                check=check.method,
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
