"""Predictors between the stages: learned weights as exact ones, and back.

A fitted :class:`~arcot.learn.LinearPredictor` is verified as
:class:`~arcot.construct.ExactWeights` (:func:`exact_weights`); constructed
weights roll out with the fast kernels as a predictor (:func:`as_predictor`);
a learned threshold predictor is checked as a
:class:`~arcot.construct.CircuitPredictor` (:func:`as_circuit_predictor`).
"""

from __future__ import annotations

from typing import Any, cast

from arcot.cot import Tableau, as_tableau
from arcot.errors import VerificationError
from arcot.learn import LinearPredictor
from arcot.machine import TuringMachine

__all__ = ["as_circuit_predictor", "as_predictor", "exact_weights"]

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

    from arcot.construct import ExactWeights
    from arcot.learn.features import Coord

    if not predictor.tied:
        raise VerificationError(
            "only tied predictors are verified over tableau windows; this one "
            f"is untied ({predictor.positions} positions)"
        )
    rows: dict[str, dict[Coord, float]] = {}
    for (_, coord), row in predictor.weight_table().items():
        for token, w in row.items():
            rows.setdefault(token, {})[coord] = w
    # ExactWeights converts every float exactly (as_exact), once
    return ExactWeights(kind=predictor.features,
                        rows=cast(dict[str, dict[Coord, Fraction]], rows))


def as_predictor(weights: Any, machine: TuringMachine | Tableau) -> LinearPredictor:
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
    from arcot.learn.features import coord_column, feature_dimension

    vocab = as_tableau(machine).vocabulary
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


def as_circuit_predictor(predictor: Any, circuit: Any) -> Any:
    """A learned :class:`~arcot.learn.ThresholdPredictor` as an
    :class:`arcot.construct.CircuitPredictor` named after ``circuit``'s inputs
    (``x0, x1, ...``) and gates, for :mod:`arcot.verify.circuits`.

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
