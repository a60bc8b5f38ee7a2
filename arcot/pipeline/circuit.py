"""The circuit route of ``certify`` (Thm 3.8): one threshold predictor a CoT
bit, the compiled gates checked on every window or rolled out on every input
of one length."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from arcot.circuit import compile_machine
from arcot.construct import circuit_weights
from arcot.cot import Tableau, as_tableau
from arcot.errors import CertificateError, LearningError, VerificationError
from arcot.learn import fit_threshold_perceptron
from arcot.learn.data import Distribution, circuit_data
from arcot.machine import TuringMachine
from arcot.pipeline.result import CertifyResult
from arcot.pipeline.weights import GatePredictor, as_circuit_predictor
from arcot.verify.certificate import (
    circuit_gates,
    decide_gate_windows,
    make_circuit_certificate,
)
from arcot.verify.exact import (
    Counterexample,
    Scope,
    VerificationResult,
    verify_compiled_machine,
)

__all__ = ["certify_circuit", "certify_circuit_windows"]


def certify_circuit(
    tm: TuringMachine,
    *,
    learner: str,
    features: str | None,
    train: str | None,
    scope: str,
    max_steps: int,
    certificate: bool = True,
) -> CertifyResult:
    """The circuit encoding (Thm 3.8 route): one threshold predictor a CoT bit.

    Scope ``windows`` (``construct`` only): the compiled circuit's gates
    are the same for every cell and row (one gate per cell token over the
    one-hot bits of the three cells above), so they are checked once on
    every well-formed window, which covers every circuit
    :func:`arcot.circuit.compile_machine` builds for the machine, every
    input length (:func:`certify_circuit_windows`); the certificate is
    :func:`arcot.verify.certificate.make_circuit_certificate`'s.

    Scope ``inputs:N``: the compiled circuit has a fixed number of inputs,
    every input of length exactly ``N``. ``construct`` takes
    the compiled circuit's gates as the predictors
    (:func:`arcot.construct.circuit_weights`); ``perceptron`` learns each
    position from the circuit CoTs of those inputs (``--train inputs:N``,
    the same ``N``). Each predictor reads the full untied context: the
    input's bits and every CoT bit before it.
    """
    sc = Scope.parse(scope)
    if sc.kind == "sample" or (sc.kind == "windows" and learner == "perceptron"):
        raise VerificationError(
            f"scope {str(sc)!r}: the circuit encoding's learned predictors are per "
            "position, for inputs of one length; use inputs:N (the windows scope "
            "checks the constructed gates)"
        )
    if features is not None:
        raise LearningError(
            "the circuit encoding's predictors read the full context; "
            f"features {features!r} are for the tableau encoding"
        )
    if learner == "lstsq":
        raise LearningError(
            "least squares is for the tableau encoding; the circuit encoding's "
            "threshold predictors are constructed or learned by the perceptron"
        )
    if sc.kind == "windows":
        if train is not None:
            raise LearningError("construct needs no training data")
        return certify_circuit_windows(as_tableau(tm), certificate=certificate)
    n = sc.size or 0
    dist = None
    if learner == "perceptron":
        dist = Distribution.parse(train or f"inputs:{n}")
        if dist.kind != "inputs" or dist.n != n:
            raise LearningError(
                f"the circuit for inputs of length {n} trains on inputs:{n}, not {dist}"
            )
    elif train is not None:
        raise LearningError("construct needs no training data")
    tableau = as_tableau(tm)  # 1. the machine's tableau
    data = circuit_data(tableau, n, max_steps=max_steps)  # 2. the circuit CoTs
    compiled = compile_machine(tm, n, data.steps, data.window)
    fitted = None
    if learner == "construct":
        predictor = circuit_weights(compiled.circuit)  # 3. the gates (Thm 3.8)
    else:
        fitted = fit_threshold_perceptron(  # 3. ERM per position (Thm 3.3)
            data.contexts, data.n_inputs, train=str(dist)
        )
        predictor = as_circuit_predictor(fitted, compiled.circuit)
    result = verify_compiled_machine(compiled, predictor=predictor)  # 5. rollout
    # every input of length N was rolled out on the one compiled shape
    result = dataclasses.replace(result, window=data.window, steps=data.steps)
    return CertifyResult(
        machine=tm,
        encoding="circuit",
        learner=learner,
        features="context",
        train=None if dist is None else str(dist),
        predictor=predictor if fitted is None else fitted,  # each one runs
        weights=predictor,
        verification=result,
    )


def certify_circuit_windows(tableau: Tableau, *, certificate: bool) -> CertifyResult:
    """The compiled circuit's gates, decided on every well-formed window.

    Every output bit of the next row is gate ``v`` of the one-hot bits of
    the three cells above (a neighbour outside the window has no bits).
    If on every window with at most one head exactly the gate of the local
    rule's token fires, then by induction over rows the circuit's CoT is
    the one-hot tableau of every run, for every input length (while the
    head stays in the window). ``min_margin`` is the least gate slack.
    """
    tm = tableau.machine
    gates = circuit_gates(tableau)  # 3. the compiled gates (Thm 3.8)
    decisions = decide_gate_windows(tableau, gates)  # 5. every window
    wrong = [d for d in decisions if d.margin <= 0]
    cx = None
    if wrong:  # pragma: no cover - compile_machine's gates are right
        d = wrong[0]
        sums = gates.sums(d.left, d.middle, d.right)
        fire = [v for v in gates.cells if sums[v] >= gates.thresholds[v]]
        cx = Counterexample(
            window=tuple("outside" if n is None else n
                         for n in (d.left, d.middle, d.right)),
            expected=d.expected,
            got=fire[0] if len(fire) == 1 else f"{len(fire)} gates fire",
            margin=Fraction(d.margin),
        )
    result = VerificationResult(
        verified=not wrong, scope="windows", features="threshold",
        checked=len(decisions), unit="windows", failures=len(wrong),
        min_margin=Fraction(min(d.margin for d in decisions)), counterexample=cx,
    )
    cert, note = None, None
    if certificate and result.verified:
        try:
            cert = make_circuit_certificate(tableau)  # 6. certificate
        except CertificateError as exc:
            note = str(exc)
    return CertifyResult(
        machine=tm, encoding="circuit", learner="construct", features="threshold",
        train=None, predictor=GatePredictor(gates, tableau), weights=gates,
        verification=result,
        certificate=cert, certificate_note=note,
    )
