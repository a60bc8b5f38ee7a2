"""Threshold circuits (Thm 3.8, Cor 3.9): per-position threshold
predictors rolled out on every input and compared with the circuit's gates
or the machine's tableau.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from arcot.construct import CircuitPredictor, circuit_weights
from arcot.cot import (
    TableauWindow,
    as_tableau,
    encode_tableau,
)
from arcot.errors import VerificationError
from arcot.verify.scope import Counterexample, VerificationResult, _word_names

__all__ = ["verify_circuit", "verify_compiled_machine"]


def _circuit_failure(
    predictor: CircuitPredictor, got: Sequence[int], want: Sequence[int],
    word: tuple[str, ...],
) -> Counterexample:
    t = next(i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b)
    return Counterexample(
        window=(predictor.positions[t][0],), expected=str(want[t]), got=str(got[t]),
        margin=Fraction(0), input=word, step=t + 1,
    )


def verify_circuit(predictor: object, circuit: Any) -> VerificationResult:
    """Thm 3.8: per-position threshold predictors roll out a circuit's CoT.

    On every one of the ``2^n`` inputs, the predictors' rollout (exact
    rational sums, :meth:`~arcot.construct.CircuitPredictor.rollout`) must
    equal the circuit's gate values (numpy evaluation). ``predictor`` is a
    :class:`~arcot.construct.CircuitPredictor`, or ``None`` for the
    constructed one (:func:`~arcot.construct.circuit_weights`). Thresholds
    have no margin here: ``min_margin`` is ``None``.

    >>> from arcot.circuit import parity_circuit
    >>> r = verify_circuit(None, parity_circuit(4))
    >>> r.verified, r.checked, r.scope
    (True, 16, 'inputs:=4')
    """
    pred = circuit_weights(circuit) if predictor is None else predictor
    if not isinstance(pred, CircuitPredictor):
        raise VerificationError(
            f"predictor {type(pred).__name__} is not a CircuitPredictor"
        )
    from arcot.circuit import all_bit_inputs

    n = int(circuit.n_inputs)
    if pred.n_inputs != n or len(pred.positions) != circuit.n_gates:
        raise VerificationError(
            f"the predictor has {pred.n_inputs} inputs and {len(pred.positions)} "
            f"positions, the circuit {n} inputs and {circuit.n_gates} gates"
        )
    inputs = all_bit_inputs(n)
    values = circuit.evaluate(inputs)
    failures, first = 0, None
    for bits, want in zip(inputs.tolist(), values.tolist(), strict=True):
        got = pred.rollout(bits)
        if list(got) != want:
            failures += 1
            if first is None:
                first = _circuit_failure(pred, got, want, tuple(map(str, bits)))
    return VerificationResult(
        verified=failures == 0, scope=f"inputs:={n}", features="threshold",
        checked=len(inputs), unit="inputs", failures=failures, min_margin=None,
        counterexample=first,
    )


def verify_compiled_machine(
    compiled: Any, *, predictor: object = None
) -> VerificationResult:
    """Cor 3.9: the compiled circuit's linear predictors reproduce the machine.

    For every input of length ``compiled.n`` over the machine's input
    alphabet, the per-position threshold predictors (by default the
    circuit's own gates, Thm 3.8) are rolled out from row 0's one-hot bits,
    the result is decoded to tableau rows, and the rows are compared with
    the simulator's tableau (:func:`arcot.cot.encode_tableau` on the same
    window and step count).

    >>> from arcot.circuit import compile_machine
    >>> from arcot.cot import length_shape
    >>> from arcot.zoo import get
    >>> window, t = length_shape(get("parity"), 2, max_steps=100)
    >>> r = verify_compiled_machine(compile_machine(get("parity"), 2, t, window))
    >>> r.verified, r.checked
    (True, 4)
    """
    pred = circuit_weights(compiled.circuit) if predictor is None else predictor
    if not isinstance(pred, CircuitPredictor):
        raise VerificationError(
            f"predictor {type(pred).__name__} is not a CircuitPredictor"
        )
    machine = compiled.machine
    window = TableauWindow(left=compiled.left, width=compiled.width)
    tableau = as_tableau(machine)
    vocab = tableau.vocabulary
    words = list(itertools.product(machine.input_symbols or (), repeat=compiled.n))
    failures, first = 0, None
    for word in words:
        got = pred.rollout(compiled.row0_bits(word).tolist())
        trace = encode_tableau(tableau, word, window=window, steps=compiled.steps)
        stream = trace.tokens
        want_rows = [
            tuple(vocab.tokens[int(i)] for i in stream[r * (window.width + 1) + 1 :
                                                        (r + 1) * (window.width + 1)])
            for r in range(1, compiled.steps + 1)
        ]
        v = len(compiled.tokens)
        # cell k of the circuit is vocabulary id k + 1 (the delimiter is id 0),
        # looked up by kind: a symbol may equal a head's pair
        want = [
            int(vocab.id(tok) - 1 == k) for row in want_rows for tok in row
            for k in range(v)
        ]
        if list(got) != want:
            failures += 1
            if first is None:
                first = _circuit_failure(pred, got, want, _word_names(word))
    return VerificationResult(
        verified=failures == 0, scope=f"inputs:={compiled.n}", features="threshold",
        checked=len(words), unit="inputs", failures=failures, min_margin=None,
        counterexample=first,
    )
