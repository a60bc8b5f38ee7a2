"""Circuits and user functions on bits: truth tables, checks, a baseline circuit.

A *function* is a Python callable on a tuple of 0/1 ints that returns 0/1
or a bool. :func:`truth_table` tabulates one, :func:`check_function`
compares a circuit's answer with one on every input (a
:class:`CircuitCheck`), and :func:`function_circuit` builds the generic
depth-2 threshold circuit of one from its truth table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from arcot.circuit.checks import check_n, is_int
from arcot.circuit.model import Gate, ThresholdCircuit, all_bit_inputs
from arcot.errors import CircuitError

__all__ = ["CircuitCheck", "check_function", "function_circuit", "truth_table"]


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
        v = f(tuple(bits))
        if isinstance(v, (bool, np.bool_)) or (is_int(v) and v in (0, 1)):
            out[r] = int(v)
        else:
            raise CircuitError(
                f"the function must return 0/1 or a bool, got {v!r} on {tuple(bits)}"
            )
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitCheck:
    """Whether a circuit's answer equals ``f`` on every input of length ``n``.

    ``counterexample`` is the first input (in :func:`all_bit_inputs` order)
    where they differ, with ``expected`` and ``got``; ``None`` when verified.
    """

    verified: bool
    n: int
    checked: int
    cot_length: int
    counterexample: tuple[int, ...] | None = None
    expected: int | None = None
    got: int | None = None


def check_function(
    circuit: ThresholdCircuit, f: Callable[[tuple[int, ...]], object]
) -> CircuitCheck:
    """Compare the circuit's last gate with ``f`` on all ``2^n`` inputs.

    >>> from arcot.circuit import parity_circuit
    >>> check_function(parity_circuit(6), lambda x: sum(x) % 2).verified
    True
    >>> check_function(parity_circuit(3), lambda x: max(x)).counterexample
    (0, 1, 1)
    """
    n = circuit.n_inputs
    want = truth_table(f, n)
    got = circuit.evaluate_all()[:, -1]
    bad = np.flatnonzero(want != got)
    if len(bad) == 0:
        return CircuitCheck(verified=True, n=n, checked=len(want),
                            cot_length=circuit.cot_length)
    r = int(bad[0])
    return CircuitCheck(
        verified=False, n=n, checked=len(want), cot_length=circuit.cot_length,
        counterexample=tuple(int(b) for b in all_bit_inputs(n)[r]),
        expected=int(want[r]), got=int(got[r]),
    )


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
