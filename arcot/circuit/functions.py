"""Circuits and user functions on bits: truth tables, checks, a baseline circuit.

A *function* is a Python callable on a tuple of 0/1 ints that returns 0/1
or a bool. :func:`truth_table` tabulates one, :func:`check_function`
compares a circuit's answer with one on every input (a
:class:`CircuitCheck`), and :func:`function_circuit` builds the generic
depth-2 threshold circuit of one from its truth table.

A :class:`SymmetricFunction` is defined by the number of ones alone, so it
is symmetric by construction. When every gate of a circuit gives all inputs
one weight (:func:`is_symmetric`), each gate's value is a function of the
number of ones too (by induction over the gates), and comparing the two on
one input per Hamming weight, ``n + 1`` inputs, decides all ``2^n``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

import numpy as np

from arcot.circuit.checks import check_n, is_int
from arcot.circuit.model import Gate, ThresholdCircuit, all_bit_inputs
from arcot.errors import CircuitError

__all__ = [
    "CircuitCheck",
    "SymmetricFunction",
    "check_function",
    "function_circuit",
    "is_symmetric",
    "truth_table",
]


@dataclass(frozen=True, slots=True)
class SymmetricFunction:
    """A Boolean function of the number of ones: ``f(x) = of_weight(sum(x), len(x))``.

    >>> parity = SymmetricFunction("parity", lambda k, n: k % 2)
    >>> parity((1, 0, 1, 1)), parity.of_weight(3, 4)
    (1, 1)
    """

    name: str
    of_weight: Callable[[int, int], object]

    def __call__(self, x: tuple[int, ...]) -> object:
        return self.of_weight(sum(x), len(x))


def is_symmetric(circuit: ThresholdCircuit) -> bool:
    """Whether every gate gives all of the circuit's inputs one weight (an
    input a gate does not read has weight 0), so that every gate's value
    depends on the number of ones of the input only.

    >>> from arcot.circuit import chain_parity_circuit, parity_circuit
    >>> is_symmetric(parity_circuit(5)), is_symmetric(chain_parity_circuit(5, 3))
    (True, False)
    """
    inputs = {f"x{i}" for i in range(circuit.n_inputs)}
    for gate in circuit.gates:
        pairs = cast(tuple[tuple[str, int], ...], gate.weights)  # canonical pairs
        on_inputs = {w for s, w in pairs if s in inputs}
        read = sum(1 for s, _ in pairs if s in inputs)
        if len(on_inputs) > 1 or read not in (0, circuit.n_inputs):
            return False
    return True


def _bit(value: object, where: str) -> int:
    if isinstance(value, (bool, np.bool_)) or (is_int(value) and value in (0, 1)):
        return int(value)
    raise CircuitError(f"the function must return 0/1 or a bool, got {value!r} {where}")


def truth_table(f: Callable[[tuple[int, ...]], object], n: int) -> np.ndarray:
    """``f`` on all ``2^n`` bit tuples, as an int64 0/1 array.

    ``f`` takes a tuple of ints and returns a bool or 0/1; anything else
    raises :class:`~arcot.errors.CircuitError`.

    >>> truth_table(lambda x: sum(x) % 2, 2).tolist()
    [0, 1, 1, 0]
    """
    rows = all_bit_inputs(check_n(n, 0))
    out = np.empty(len(rows), dtype=np.int64)
    for r, bits in enumerate(rows.tolist()):
        out[r] = _bit(f(tuple(bits)), f"on {tuple(bits)}")
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitCheck:
    """Whether a circuit's answer equals ``f`` on every input of length ``n``.

    ``counterexample`` is the first input (in :func:`all_bit_inputs` order)
    where they differ, with ``expected`` and ``got``; ``None`` when verified.
    ``method`` says how every input was decided: ``"exhaustive"`` (each of
    the ``2^n`` inputs evaluated) or ``"symmetric"`` (a symmetric function
    and a circuit whose gates weight all inputs alike: one input per Hamming
    weight decides all); ``checked`` is the number of inputs evaluated.
    """

    verified: bool
    n: int
    checked: int
    cot_length: int
    counterexample: tuple[int, ...] | None = None
    expected: int | None = None
    got: int | None = None
    method: str = "exhaustive"


def check_function(
    circuit: ThresholdCircuit, f: Callable[[tuple[int, ...]], object]
) -> CircuitCheck:
    """Compare the circuit's last gate with ``f`` on all ``2^n`` inputs.

    >>> from arcot.circuit import parity_circuit
    >>> check_function(parity_circuit(6), lambda x: sum(x) % 2).verified
    True
    >>> check_function(parity_circuit(3), lambda x: max(x)).counterexample
    (0, 1, 1)

    A :class:`SymmetricFunction` against a circuit that :func:`is_symmetric`
    is decided on one input per Hamming weight, ``0^(n-k) 1^k``: the first
    input of weight ``k`` in :func:`all_bit_inputs` order, so the
    counterexample is the one the exhaustive check would report.

    >>> r = check_function(parity_circuit(64), SymmetricFunction("parity",
    ...                    lambda k, n: k % 2))
    >>> r.verified, r.method, r.checked
    (True, 'symmetric', 65)
    """
    n = circuit.n_inputs
    if isinstance(f, SymmetricFunction) and is_symmetric(circuit):
        rows = (np.arange(n)[None, :] >= n - np.arange(n + 1)[:, None]).astype(np.int64)
        want = np.array([_bit(f.of_weight(k, n), f"on {k} ones of {n}")
                         for k in range(n + 1)], dtype=np.int64)
        blocks: Iterable[tuple[np.ndarray, np.ndarray]] = [(rows, want)]
        method = "symmetric"
    else:
        if n > 62:
            raise CircuitError(f"an exhaustive check of 2^{n} inputs: n must be <= 62")
        blocks = (_block(f, n, start) for start in range(0, 1 << n, EXHAUSTIVE_BLOCK))
        method = "exhaustive"
    checked, first = 0, None
    for rows, want in blocks:
        got = circuit.evaluate(rows)[:, -1]
        bad = np.flatnonzero(want != got)
        if len(bad) and first is None:
            r = int(bad[0])
            first = (tuple(int(b) for b in rows[r]), int(want[r]), int(got[r]))
        checked += len(want)
    if first is None:
        return CircuitCheck(verified=True, n=n, checked=checked,
                            cot_length=circuit.cot_length, method=method)
    return CircuitCheck(
        verified=False, n=n, checked=checked, cot_length=circuit.cot_length,
        counterexample=first[0], expected=first[1], got=first[2], method=method,
    )


#: Inputs the exhaustive check evaluates at once, so that its memory is a
#: block of ``[EXHAUSTIVE_BLOCK, n + gates]`` integers whatever ``n``.
EXHAUSTIVE_BLOCK = 1 << 16


def _block(
    f: Callable[[tuple[int, ...]], object], n: int, start: int
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs ``start ..`` (at most a block) in :func:`all_bit_inputs` order,
    and ``f`` on each."""
    r = np.arange(start, min(start + EXHAUSTIVE_BLOCK, 1 << n), dtype=np.int64)
    rows = (r[:, None] >> np.arange(n - 1, -1, -1, dtype=np.int64)[None, :]) & 1
    want = np.array([_bit(f(tuple(x)), f"on {tuple(x)}") for x in rows.tolist()],
                    dtype=np.int64)
    return rows, want


def function_circuit(
    f: Callable[[tuple[int, ...]], object], n: int
) -> ThresholdCircuit:
    """A depth-2 threshold circuit for any ``f`` on ``n`` bits (its truth table).

    One gate per input ``a`` with ``f(a) = 1`` (the minterm
    ``1[ sum_{a_i=1} x_i - sum_{a_i=0} x_i >= |a| ]``), then an OR gate:
    ``|f^-1(1)| + 1`` tokens. Generic and long, the baseline that shorter
    schemes beat. A constant-0 ``f`` gives one gate that never fires.

    >>> c = function_circuit(lambda x: x[0] and not x[1], 2)
    >>> c.cot_length, check_function(c, lambda x: x[0] and not x[1]).verified
    (2, True)
    """
    n = check_n(n, 0)
    table = truth_table(f, n)
    rows = all_bit_inputs(n)
    gates: list[Gate] = []
    for r in np.flatnonzero(table).tolist():
        a = rows[r].tolist()
        gates.append(Gate(
            name=f"m{len(gates)}",
            weights=tuple((f"x{i}", 1 if b else -1) for i, b in enumerate(a)),
            threshold=sum(a),
        ))
    gates.append(Gate(name="or", weights=tuple((g.name, 1) for g in gates),
                      threshold=1))
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"truth-table-{n}")
