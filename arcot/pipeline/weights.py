"""Predictors between the stages: learned weights as exact ones, and back.

A fitted :class:`~arcot.learn.LinearPredictor` is verified as
:class:`~arcot.construct.ExactWeights` (:func:`exact_weights`); constructed
weights roll out with the fast kernels as a predictor (:func:`as_predictor`);
a learned threshold predictor is checked as a
:class:`~arcot.construct.CircuitPredictor` (:func:`as_circuit_predictor`);
the circuit encoding's gates, checked on every window, roll out as a
:class:`GatePredictor`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, cast

from arcot.cot import Tableau, as_tableau
from arcot.errors import VerificationError
from arcot.learn import LinearPredictor
from arcot.machine import TuringMachine

__all__ = ["GatePredictor", "as_circuit_predictor", "as_predictor", "exact_weights"]

def exact_weights(predictor: LinearPredictor) -> Any:
    """A tied predictor's weights as :class:`~arcot.construct.ExactWeights`.

    Every float weight converts exactly (a float is a dyadic rational).

    >>> from arcot.learn import fit_perceptron, training_data
    >>> from arcot.zoo import get
    >>> p = fit_perceptron(training_data(get("bb2"), "configurations:500"))
    >>> exact_weights(p).kind
    'additive'
    """
    from arcot.construct import ExactWeights

    if not predictor.tied:
        raise VerificationError(
            "only tied predictors are verified over tableau windows; this one "
            f"is untied ({predictor.positions} positions)"
        )
    # every float converts exactly (arcot.construct.dyadic); the rows of
    # Fractions are made only if something reads them (a certificate)
    return ExactWeights.from_columns(predictor.features, predictor.vocabulary,
                                     predictor.columns, predictor.weights)


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


class GatePredictor:
    """The circuit encoding's gates as a predictor that runs.

    Each cell of the next tableau row is the cell token whose gate fires
    on the three cells above it (a neighbour outside the row's window has
    no bits): :class:`~arcot.verify.gates.CircuitGates`, one linear
    threshold gate per cell token, the same at every cell and row. This is
    what ``certify(encoding="circuit")`` verifies on every window; here it
    writes a CoT from the prompt alone.

    >>> from arcot.verify.gates import circuit_gates
    >>> from arcot.zoo import get
    >>> m = get("bb3")
    >>> r = GatePredictor(circuit_gates(m), m).rollout()
    >>> r.agrees, len(r.cot)
    (True, 126)
    """

    def __init__(self, gates: Any, machine: TuringMachine | Tableau) -> None:
        self.gates = gates
        self.tableau = as_tableau(machine)
        names = self.tableau.vocabulary.names
        if tuple(n for n in names if n != names[self.tableau.delimiter]) != tuple(
                gates.cells):
            raise VerificationError(
                "the gates are not for this machine's tableau cells"
            )
        self._ids = {n: i for i, n in enumerate(names)}
        self._next: dict[tuple[str | None, str, str | None], str | None] = {}

    def __repr__(self) -> str:
        return (f"<GatePredictor of {self.tableau.machine!r}: "
                f"{len(self.gates.cells)} threshold gates>")

    def next_cell(self, left: str | None, middle: str,
                  right: str | None) -> str | None:
        """The cell whose gate fires on the window, ``None`` unless exactly
        one fires."""
        key = (left, middle, right)
        if key not in self._next:
            sums = self.gates.sums(left, middle, right)
            fire = [v for v in self.gates.cells
                    if sums[v] >= self.gates.thresholds[v]]
            self._next[key] = fire[0] if len(fire) == 1 else None
        return self._next[key]

    def rollout(self, word: Sequence[Hashable] = (), *, window: Any = None,
                steps: int | None = None, max_steps: int = 10_000) -> Any:
        """The gates' CoT on ``word`` next to the simulator's, as a
        :class:`~arcot.learn.Rollout` (``window``/``steps`` fix the
        tableau's shape, as for :func:`~arcot.cot.encode_tableau`). From a
        cell where not exactly one gate fires on, the CoT holds the
        delimiter, which no cell is: the rollout stops being right there."""
        import numpy as np

        from arcot.cot import encode_tableau
        from arcot.learn.rollout import Rollout

        expected = encode_tableau(self.tableau, word, window=window, steps=steps,
                                  max_steps=max_steps)
        names = self.tableau.vocabulary.names
        delim = self.tableau.delimiter
        w = expected.width
        row = [names[int(t)] for t in expected.prompt[1:]]
        out = np.full(len(expected.cot), delim, dtype=np.int64)
        for r in range(len(expected.cot) // (w + 1)):
            nxt = [self.next_cell(row[i - 1] if i else None, row[i],
                                  row[i + 1] if i + 1 < w else None)
                   for i in range(w)]
            if any(c is None for c in nxt):
                at = nxt.index(None)
                out[r * (w + 1) + 1: r * (w + 1) + 1 + at] = [
                    self._ids[c] for c in nxt[:at] if c is not None]
                break
            cells = cast(list[str], nxt)
            out[r * (w + 1) + 1: (r + 1) * (w + 1)] = [self._ids[c] for c in cells]
            row = cells
        diff = np.flatnonzero(out != expected.cot)
        return Rollout(word=self.tableau.machine.check_word(word), expected=expected,
                       cot=out, first_error=int(diff[0]) if len(diff) else None)
