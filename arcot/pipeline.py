"""``certify``: from a machine to a checked linear predictor, one line a stage.

The stages follow the paper's argument (Malach, ICML 2024):

1. the machine and its tableau CoT (THEORY.md section 3, Cor 3.9);
2. training data: teacher-forced windows of that CoT (section 1);
3. a linear next-token predictor, fitted (least squares, or the
   perceptron: ERM for the linear class, Thm 3.3) or built from theory;
4. its weights as exact rationals (floats convert exactly);
5. exact verification in a scope (section 4): ``windows`` proves every
   step of every run; ``inputs:N`` and ``sample:K`` check rollouts, each
   input on its own tableau (an untied predictor on its training shape);
6. a certificate the small trusted checker re-checks (``windows`` and
   ``inputs:N`` scopes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arcot.errors import LearningError, VerificationError
from arcot.learn import LinearPredictor, fit_linear_predictor, fit_perceptron
from arcot.learn.data import Distribution, training_data
from arcot.machine import TuringMachine

__all__ = [
    "ENCODINGS",
    "LEARNERS",
    "CertifyResult",
    "as_circuit_predictor",
    "as_predictor",
    "certify",
    "default_features",
    "default_train",
    "exact_weights",
]

ENCODINGS = ("tableau", "circuit")
LEARNERS = ("construct", "lstsq", "perceptron")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CertifyResult:
    """What :func:`certify` did and found.

    ``predictor`` is the fitted :class:`~arcot.learn.LinearPredictor` (or
    :class:`~arcot.learn.ThresholdPredictor` for the circuit encoding;
    ``None`` for a constructed one), ``weights`` the exact weights that
    were verified, ``verification`` the verifier's result and
    ``certificate`` the :class:`~arcot.verify.certificate.Certificate`
    (a :class:`~arcot.verify.certificate.CircuitCertificate` for the circuit
    encoding's gates; ``None`` unless the predictor was verified in a
    ``windows`` or, for the tableau, ``inputs:N`` scope;
    ``certificate_note`` says why when the certificate format cannot hold
    the machine or the scope).
    """

    machine: TuringMachine
    encoding: str
    learner: str
    features: str
    train: str | None
    predictor: Any
    weights: Any
    verification: Any
    certificate: Any = None
    certificate_note: str | None = None

    @property
    def verified(self) -> bool:
        """Whether the predictor was verified in the scope."""
        return bool(self.verification.verified)

    def to_json(self, certificate: str | None = None) -> dict[str, Any]:
        """The ``arcot certify --json`` object (``certificate``: where it went)."""
        v = self.verification.to_json()
        return {
            "verified": self.verified,
            "scope": v["scope"],
            "encoding": self.encoding,
            "learner": self.learner,
            "features": self.features,
            "checked": v["checked"],
            "unit": v["unit"],
            "tableau": v["tableau"],
            "min_margin": v["min_margin"],
            "counterexample": v["counterexample"],
            "certificate": certificate,
        }


def default_features(learner: str) -> str:
    """The exact feature kind of each learner: pairwise for least squares
    (THEORY.md fact 3), additive for the perceptron and the construction."""
    return "pairwise" if learner == "lstsq" else "additive"


def default_train(machine: TuringMachine) -> str:
    """``configurations:K`` with ``K`` large enough to cover the windows:
    ``32 V^2`` configurations (two or four windows each) for ``V`` tokens,
    at least 2000. Smaller defaults left windows of the ``windows`` scope
    unseen on random machines; the property tests of the additive
    perceptron (which must see every window to be verified) hold this one.

    >>> from arcot.zoo import get
    >>> default_train(get("bb4"))
    'configurations:5408'
    """
    v = 1 + machine.n_symbols * (1 + machine.n_states)
    return f"configurations:{max(2000, 32 * v * v)}"


def exact_weights(predictor: LinearPredictor) -> Any:
    """A tied predictor's weights as :class:`~arcot.construct.ExactWeights`.

    Every float weight converts exactly (a float is a dyadic rational).

    >>> from arcot.learn import fit_perceptron, training_data
    >>> from arcot.zoo import get
    >>> p = fit_perceptron(training_data(get("bb2"), "configurations:500"))
    >>> exact_weights(p).kind
    'additive'
    """
    from fractions import Fraction

    from arcot.construct import ExactWeights, as_exact
    from arcot.learn.features import Coord

    if not predictor.tied:
        raise VerificationError(
            "only tied predictors are verified over tableau windows; this one "
            f"is untied ({predictor.positions} positions)"
        )
    rows: dict[str, dict[Coord, Fraction]] = {}
    for (_, coord), row in predictor.weight_table().items():
        for token, w in row.items():
            rows.setdefault(token, {})[coord] = as_exact(w, name=f"weight {coord}")
    return ExactWeights(kind=predictor.features, rows=rows)


def as_predictor(weights: Any, machine: TuringMachine) -> LinearPredictor:
    """Exact weights (e.g. constructed) as a :class:`~arcot.learn.LinearPredictor`.

    For rollout with the fast kernels. Every weight must be exactly a float
    (integers and dyadic rationals are); anything else raises
    :class:`~arcot.errors.VerificationError` rather than round.

    >>> from arcot.construct import tableau_weights
    >>> from arcot.learn import rollout
    >>> from arcot.zoo import get
    >>> m = get("bb4")
    >>> rollout(as_predictor(tableau_weights(m), m), m).agrees
    True
    """
    import numpy as np

    from arcot.construct import as_exact
    from arcot.cot import tableau_vocabulary
    from arcot.learn.features import coord_column, feature_dimension

    vocab = tableau_vocabulary(machine)
    names = {n: i for i, n in enumerate(vocab.names)}
    v = len(vocab)
    kind = weights.kind
    table: dict[int, np.ndarray] = {}
    for y, row in weights.rows.items():
        for coord, w in row.items():
            if as_exact(float(w)) != w:
                raise VerificationError(
                    f"weight {w} of {y!r} at {coord} is not exactly a float"
                )
            col = coord_column(kind, vocab, coord)
            table.setdefault(col, np.zeros(v))[names[y]] = float(w)
    cols = np.array(sorted(table), dtype=np.int64)
    assert not len(cols) or cols[-1] < feature_dimension(kind, v)
    dense = np.array([table[c] for c in cols]).reshape(len(cols), v)
    return LinearPredictor(features=kind, vocabulary=vocab, columns=cols, weights=dense)


def certify(
    machine: TuringMachine | str,
    *,
    encoding: str = "tableau",
    learner: str | None = None,
    features: str | None = None,
    train: str | None = None,
    scope: str = "windows",
    seed: int = 0,
    max_steps: int = 10_000,
    certificate: bool = True,
    tied: bool = True,
) -> CertifyResult:
    """Fit or build a linear predictor for ``machine`` and verify it exactly.

    Parameters
    ----------
    machine
        A :class:`~arcot.machine.TuringMachine`, standard text or ``zoo:NAME``.
    encoding
        ``"tableau"``, or ``"circuit"``: the compiled circuit's threshold
        gates, checked on every window (scope ``windows``, ``construct``
        only, with a certificate), or per-position threshold predictors
        over the full context for the inputs of one length ``N`` (scope
        ``inputs:N``); no ``features``; see :func:`_certify_circuit`.
    learner
        ``"construct"`` (weights from theory), ``"lstsq"`` or ``"perceptron"``
        (default: ``lstsq`` for the tableau, ``construct`` for the circuit).
    features
        ``"additive"`` or ``"pairwise"`` (default: :func:`default_features`).
    train
        ``inputs:N``, ``sample:K`` or ``configurations:K`` (default:
        :func:`default_train`); ignored by ``construct``.
    scope
        ``windows``, ``inputs:N`` or ``sample:K``.
    seed, max_steps
        The seed of the random distributions (the training data's, drawn by
        numpy, and a ``sample:K`` scope's inputs, drawn by
        :class:`random.Random`: two generators, so the test inputs are not
        the training inputs) and every run's step budget.
    certificate
        Build the certificate when a ``windows`` or ``inputs:N`` scope is
        verified.
    tied
        ``False`` fits an *untied* predictor (one weight set per CoT
        position, the paper's product class; learners ``lstsq`` and
        ``perceptron``) on ``train`` = ``inputs:N`` (default: the scope's
        ``inputs:N``) and verifies it exactly on that training tableau's
        shape (:class:`~arcot.verify.exact.UntiedWeights`). Its
        ``windows`` scope is a sufficient condition far stronger than
        needed; the certificate format holds tied predictors only, so an
        untied one gets no certificate (``certificate_note`` says so).
        The circuit encoding's predictors are per position already; it
        ignores ``tied``.

    Examples
    --------
    >>> r = certify("zoo:bb2", learner="lstsq")
    >>> r.verified, r.features, r.verification.checked
    (True, 'pairwise', 225)
    >>> certify("zoo:bb4", learner="lstsq", features="additive").verified
    False
    >>> r = certify("zoo:increment", tied=False, scope="inputs:2")
    >>> r.verified, r.train, r.verification.positions, r.certificate
    (True, 'inputs:2', 36, None)
    """
    from arcot.construct import tableau_weights
    from arcot.verify.exact import Scope, verify_exact
    from arcot.zoo import resolve_machine

    if encoding not in ENCODINGS:
        raise VerificationError(
            f"encoding {encoding!r} is not one of {', '.join(ENCODINGS)}"
        )
    if learner is None:
        learner = "construct" if encoding == "circuit" else "lstsq"
    if learner not in LEARNERS:
        raise LearningError(f"learner {learner!r} is not one of {', '.join(LEARNERS)}")
    if not isinstance(tied, bool):
        raise LearningError(f"tied must be True or False, got {tied!r}")
    if encoding == "circuit":
        return _certify_circuit(
            resolve_machine(machine),
            learner=learner,
            features=features,
            train=train,
            scope=scope,
            max_steps=max_steps,
            certificate=certificate,
        )
    features = features or default_features(learner)
    sc = Scope.parse(scope)
    tm = resolve_machine(machine)  # 1. the machine
    if not tied:
        return _certify_untied(
            tm, learner=learner, features=features, train=train, scope=sc,
            seed=seed, max_steps=max_steps,
        )
    predictor = None
    dist = None
    if learner == "construct":
        weights = tableau_weights(tm, features)  # 3. weights from theory
    else:
        dist = Distribution.parse(train or default_train(tm))
        data = training_data(tm, dist, seed=seed, max_steps=max_steps)  # 2. data
        fit = fit_linear_predictor if learner == "lstsq" else fit_perceptron
        predictor = fit(data, features=features)  # 3. learn
        weights = exact_weights(predictor)  # 4. exact weights
    result = verify_exact(weights, tm, scope=sc, max_steps=max_steps,  # 5. verify
                          seed=seed)
    cert, note = None, None
    if certificate and result.verified and sc.kind != "sample":
        cert, note = _certificate(weights, tm, sc, max_steps)  # 6. certificate
    return CertifyResult(
        machine=tm,
        encoding=encoding,
        learner=learner,
        features=features,
        train=None if dist is None else str(dist),
        predictor=predictor,
        weights=weights,
        verification=result,
        certificate=cert,
        certificate_note=note,
    )


def _certify_untied(
    tm: TuringMachine,
    *,
    learner: str,
    features: str,
    train: str | None,
    scope: Any,
    seed: int,
    max_steps: int,
) -> CertifyResult:
    """The tableau encoding with an untied predictor: one weight set per CoT
    position, fitted on ``inputs:N`` and verified on that tableau's shape."""
    from arcot.verify.exact import UntiedWeights, verify_exact

    if learner == "construct":
        raise LearningError(
            "construct builds a tied predictor; tied=False is for the learners "
            "lstsq and perceptron"
        )
    if train is None:
        if scope.kind != "inputs":
            raise LearningError(
                f"an untied predictor trains on inputs:N; scope {scope} names no "
                "N, so give train=inputs:N"
            )
        train = f"inputs:{scope.size}"
    dist = Distribution.parse(train)
    if dist.kind != "inputs":
        raise LearningError(
            f"an untied predictor trains on inputs:N, not {dist}: its positions "
            "are positions in one tableau, that of every input up to length N"
        )
    data = training_data(tm, dist, seed=seed, max_steps=max_steps)  # 2. data
    fit = fit_linear_predictor if learner == "lstsq" else fit_perceptron
    predictor = fit(data, features=features, tied=False)  # 3. learn
    weights = UntiedWeights.from_predictor(predictor)  # 4. exact weights
    result = verify_exact(  # 5. verify, on the training tableau's shape
        weights, tm, scope=scope, max_steps=max_steps, seed=seed,
        window=predictor.window, steps=predictor.steps,
    )
    return CertifyResult(
        machine=tm,
        encoding="tableau",
        learner=learner,
        features=features,
        train=str(dist),
        predictor=predictor,
        weights=weights,
        verification=result,
        certificate=None,
        certificate_note=(
            "certificates hold tied predictors only; this untied predictor is "
            "verified here but not certified"
            if result.verified and scope.kind != "sample"
            else None
        ),
    )


def _certificate(
    weights: Any, machine: TuringMachine, scope: Any, max_steps: int
) -> tuple[Any, str | None]:
    """The certificate, or ``None`` and why it cannot be written."""
    from arcot.errors import CertificateError
    from arcot.verify.certificate import make_certificate

    try:
        cert = make_certificate(machine, weights, scope=scope, max_steps=max_steps)
    except CertificateError as exc:
        return None, str(exc)
    return cert, None


def as_circuit_predictor(predictor: Any, circuit: Any) -> Any:
    """A learned :class:`~arcot.learn.ThresholdPredictor` as an
    :class:`arcot.construct.CircuitPredictor` named after ``circuit``'s inputs
    (``x0, x1, ...``) and gates, for :mod:`arcot.verify.exact`.

    >>> from arcot.circuit import parity_circuit
    >>> from arcot.learn import fit_threshold_perceptron
    >>> import numpy as np
    >>> c = parity_circuit(3)
    >>> bits = np.array([[a, b, d] for a in (0, 1) for b in (0, 1) for d in (0, 1)])
    >>> rows = np.concatenate([bits, c.evaluate(bits)], axis=1)
    >>> p = as_circuit_predictor(fit_threshold_perceptron(rows, 3), c)
    >>> p.rollout([1, 1, 1])[-1]
    1
    """
    from collections.abc import Mapping
    from fractions import Fraction

    import numpy as np

    from arcot.construct import CircuitPredictor

    n = int(circuit.n_inputs)
    gates = [g.name for g in circuit.gates]
    if predictor.n_inputs != n or predictor.positions != len(gates):
        raise VerificationError(
            f"the predictor has {predictor.n_inputs} inputs and "
            f"{predictor.positions} positions, the circuit {n} inputs and "
            f"{len(gates)} gates"
        )
    names = [f"x{i}" for i in range(n)] + gates
    positions: list[tuple[str, Mapping[str, Fraction], Fraction]] = []
    for t, gate in enumerate(gates):
        row = predictor.weights[t, : n + t]
        weights = {names[j]: Fraction(int(row[j])) for j in np.flatnonzero(row)}
        positions.append((gate, weights, Fraction(int(predictor.thresholds[t]))))
    return CircuitPredictor(n_inputs=n, positions=tuple(positions))


def _certify_circuit(
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
    input length (:func:`_certify_circuit_windows`); the certificate is
    :func:`arcot.verify.certificate.make_circuit_certificate`'s.

    Scope ``inputs:N``: the compiled circuit has a fixed number of inputs,
    every input of length exactly ``N``. ``construct`` takes
    the compiled circuit's gates as the predictors
    (:func:`arcot.construct.circuit_weights`); ``perceptron`` learns each
    position from the circuit CoTs of those inputs (``--train inputs:N``,
    the same ``N``). Each predictor reads the full untied context: the
    input's bits and every CoT bit before it.
    """
    from arcot.circuit import compile_machine
    from arcot.construct import circuit_weights
    from arcot.learn import fit_threshold_perceptron
    from arcot.learn.data import circuit_data
    from arcot.verify.exact import Scope, verify_compiled_machine

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
        return _certify_circuit_windows(tm, certificate=certificate)
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
    data = circuit_data(tm, n, max_steps=max_steps)  # 1-2. machine, circuit CoTs
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
    return CertifyResult(
        machine=tm,
        encoding="circuit",
        learner=learner,
        features="context",
        train=None if dist is None else str(dist),
        predictor=fitted,
        weights=predictor,
        verification=result,
    )


def _certify_circuit_windows(tm: TuringMachine, *, certificate: bool) -> CertifyResult:
    """The compiled circuit's gates, decided on every well-formed window.

    Every output bit of the next row is gate ``v`` of the one-hot bits of
    the three cells above (a neighbour outside the window has no bits).
    If on every window with at most one head exactly the gate of the local
    rule's token fires, then by induction over rows the circuit's CoT is
    the one-hot tableau of every run, for every input length (while the
    head stays in the window). ``min_margin`` is the least gate slack.
    """
    from fractions import Fraction

    from arcot.errors import CertificateError
    from arcot.verify.certificate import (
        circuit_gates,
        decide_gate_windows,
        make_circuit_certificate,
    )
    from arcot.verify.exact import Counterexample, VerificationResult

    gates = circuit_gates(tm)
    decisions = decide_gate_windows(tm, gates)
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
            cert = make_circuit_certificate(tm)
        except CertificateError as exc:
            note = str(exc)
    return CertifyResult(
        machine=tm, encoding="circuit", learner="construct", features="threshold",
        train=None, predictor=None, weights=gates, verification=result,
        certificate=cert, certificate_note=note,
    )
