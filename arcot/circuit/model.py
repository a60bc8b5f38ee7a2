"""The threshold-circuit model: :class:`Gate`, :class:`ThresholdCircuit`.

A :class:`ThresholdCircuit` has inputs ``x0 .. x(n-1)`` and gates in CoT
order, each a threshold gate or a parity (XOR) gate over inputs and earlier
gates; it is checked when it is built and evaluated in batches, in exact
int64 arithmetic. :func:`all_bit_inputs` lists every input of a length, in
the order the circuit's evaluations use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import networkx as nx
import numpy as np

from arcot.circuit.checks import is_int
from arcot.errors import CircuitError

__all__ = ["Gate", "GateKind", "ThresholdCircuit", "all_bit_inputs"]

GateKind = Literal["threshold", "parity"]
GATE_KINDS: tuple[GateKind, ...] = ("threshold", "parity")

# |sum of weights| + |threshold| must stay below this for exact int64 sums.
_INT64_SAFE = 1 << 62


@dataclass(frozen=True, slots=True, kw_only=True)
class Gate:
    """One gate: a name, its kind, integer weights over sources, a threshold.

    ``weights`` maps source names (``"x3"`` or an earlier gate's name) to
    integers; it is stored as a tuple of ``(source, weight)`` pairs in the
    order given. A ``"parity"`` gate is the XOR of its sources: every weight
    is 1 and the threshold is 0 (ignored).

    >>> Gate(name="g", weights={"x0": 1, "x1": 1}, threshold=2)
    Gate(name='g', kind='threshold', weights=(('x0', 1), ('x1', 1)), threshold=2)
    """

    name: str
    kind: GateKind = "threshold"
    weights: Mapping[str, int] | Sequence[tuple[str, int]]  # stored as pairs
    threshold: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise CircuitError(
                f"gate name must be a non-empty string, got {self.name!r}"
            )
        where = f"gate {self.name!r}"
        if self.kind not in GATE_KINDS:
            raise CircuitError(
                f"{where}: unknown kind {self.kind!r}; expected threshold or parity"
            )
        raw = self.weights
        pairs: list[tuple[Any, ...]]
        if isinstance(raw, Mapping):
            pairs = list(raw.items())
        else:
            try:
                pairs = [tuple(p) for p in raw]
            except TypeError:
                raise CircuitError(
                    f"{where}: weights must map source names to integers, got {raw!r}"
                ) from None
        canon: list[tuple[str, int]] = []
        seen: set[str] = set()
        for pair in pairs:
            if len(pair) != 2:
                raise CircuitError(f"{where}: bad weight entry {pair!r}")
            src, w = pair
            if not isinstance(src, str):
                raise CircuitError(f"{where}: source {src!r} is not a name")
            if src in seen:
                raise CircuitError(f"{where}: source {src!r} is listed twice")
            if not is_int(w):
                raise CircuitError(
                    f"{where}: weight of {src!r} must be an integer, got {w!r}"
                )
            seen.add(src)
            canon.append((src, int(w)))
        if not is_int(self.threshold):
            raise CircuitError(
                f"{where}: threshold must be an integer, got {self.threshold!r}"
            )
        if self.kind == "parity":
            bad = [s for s, w in canon if w != 1]
            if bad:
                raise CircuitError(
                    f"{where}: a parity gate has weight 1 on every source, "
                    f"{bad[0]!r} has another"
                )
            if self.threshold != 0:
                raise CircuitError(
                    f"{where}: a parity gate has no threshold, got {self.threshold!r}"
                )
        if sum(abs(w) for _, w in canon) + abs(int(self.threshold)) >= _INT64_SAFE:
            raise CircuitError(f"{where}: weights too large for exact int64 sums")
        object.__setattr__(self, "weights", tuple(canon))
        object.__setattr__(self, "threshold", int(self.threshold))

    @classmethod
    def parity(cls, name: str, sources: Iterable[str]) -> Gate:
        """A parity (XOR) gate over ``sources``.

        >>> Gate.parity("p", ["x0", "x1"]).kind
        'parity'
        """
        return cls(name=name, kind="parity", weights=tuple((s, 1) for s in sources))

    @property
    def terms(self) -> tuple[tuple[str, int], ...]:
        """The ``(source, weight)`` pairs, in order."""
        return cast(tuple[tuple[str, int], ...], self.weights)

    @property
    def sources(self) -> tuple[str, ...]:
        """The names this gate reads."""
        return tuple(s for s, _ in self.terms)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ThresholdCircuit:
    """A circuit of integer threshold (and parity) gates, as a networkx DAG.

    Inputs are named ``x0 .. x(n_inputs - 1)``; ``gates`` are in CoT order
    and each may read inputs and *earlier* gates only. ``graph`` is the DAG:
    nodes are inputs and gates (attributes ``kind``, ``threshold``), edges
    carry ``weight``. Raises :class:`~arcot.errors.CircuitError` naming the
    gate on any malformed gate, unknown or later reference, or cycle.

    Examples
    --------
    >>> c = ThresholdCircuit(n_inputs=2, gates=[
    ...     Gate(name="and", weights={"x0": 1, "x1": 1}, threshold=2)])
    >>> c.evaluate_all().tolist()
    [[0], [0], [0], [1]]
    >>> c.cot_length, c.is_threshold
    (1, True)
    """

    n_inputs: int
    gates: Sequence[Gate]  # stored as a tuple
    name: str = ""
    graph: nx.DiGraph = field(init=False, repr=False)
    _plan: tuple[tuple[bool, np.ndarray, np.ndarray, int], ...] = field(
        init=False, repr=False
    )

    def __post_init__(self) -> None:
        if not is_int(self.n_inputs) or self.n_inputs < 0:
            raise CircuitError(
                f"n_inputs must be an integer >= 0, got {self.n_inputs!r}"
            )
        n = int(self.n_inputs)
        gates = tuple(self.gates)
        if not gates:
            raise CircuitError("a circuit needs at least one gate (the answer)")
        index: dict[str, int] = {f"x{i}": i for i in range(n)}
        graph = nx.DiGraph()
        graph.add_nodes_from((f"x{i}", {"kind": "input"}) for i in range(n))
        plan = []
        for g in gates:
            if not isinstance(g, Gate):
                raise CircuitError(f"expected a Gate, got {g!r}")
            if g.name in index:
                what = "an input" if g.name.startswith("x") and g.name[1:].isdigit() \
                    and int(g.name[1:]) < n else "an earlier gate"
                raise CircuitError(f"gate {g.name!r}: the name is already {what}")
            cols = []
            for src, _ in g.terms:
                if src not in index:
                    later = any(h.name == src for h in gates)
                    raise CircuitError(
                        f"gate {g.name!r}: source {src!r} "
                        + ("is a later gate (gates must come in CoT order)"
                           if later else "does not exist")
                    )
                cols.append(index[src])
            index[g.name] = len(index)
            graph.add_node(g.name, kind=g.kind, threshold=g.threshold)
            graph.add_edges_from((s, g.name, {"weight": w}) for s, w in g.terms)
            plan.append((
                g.kind == "parity",
                np.array(cols, dtype=np.intp),
                np.array([w for _, w in g.terms], dtype=np.int64),
                g.threshold,
            ))
        if not nx.is_directed_acyclic_graph(graph):  # pragma: no cover - by order
            raise CircuitError("the circuit has a cycle")
        object.__setattr__(self, "n_inputs", n)
        object.__setattr__(self, "gates", gates)
        object.__setattr__(self, "graph", graph)
        object.__setattr__(self, "_plan", tuple(plan))

    @property
    def n_gates(self) -> int:
        """Number of gates."""
        return len(self.gates)

    @property
    def cot_length(self) -> int:
        """Length of the circuit's chain of thought: one token a gate."""
        return len(self.gates)

    @property
    def is_threshold(self) -> bool:
        """Whether every gate is a threshold gate (Thm 3.8 applies)."""
        return all(g.kind == "threshold" for g in self.gates)

    @property
    def max_fan_in(self) -> int:
        """The most sources any gate reads."""
        return max(len(g.terms) for g in self.gates)

    def evaluate(self, inputs: np.ndarray | Sequence[Sequence[int]]) -> np.ndarray:
        """Gate values for each input row: an int64 array ``[m, n_gates]``.

        ``inputs`` is ``[m, n_inputs]`` of 0/1 (a single row is also
        accepted and gives ``[1, n_gates]``).

        >>> from arcot.circuit import parity_circuit
        >>> parity_circuit(2).evaluate([[1, 1], [0, 1]]).tolist()
        [[1, 0], [0, 1]]
        """
        x = np.asarray(inputs)
        if x.ndim == 1:
            x = x.reshape(1, -1)
        if x.ndim != 2 or x.shape[1] != self.n_inputs:
            raise CircuitError(
                f"inputs must have shape [m, {self.n_inputs}], got {x.shape}"
            )
        if x.size == 0:  # no inputs (or no rows): np.asarray([[]]) is float
            x = x.astype(np.int64)
        if x.dtype.kind not in "biu" or (x.size and not np.isin(x, (0, 1)).all()):
            raise CircuitError("inputs must be 0/1 integers")
        m = x.shape[0]
        values = np.empty((m, self.n_inputs + self.n_gates), dtype=np.int64)
        values[:, : self.n_inputs] = x
        for j, (is_parity, cols, w, thr) in enumerate(self._plan, self.n_inputs):
            if is_parity:
                values[:, j] = values[:, cols].sum(axis=1) & 1
            else:
                values[:, j] = values[:, cols] @ w >= thr
        out = values[:, self.n_inputs :]
        out.setflags(write=False)
        return out

    def evaluate_all(self) -> np.ndarray:
        """Gate values on all ``2^n`` inputs (rows in :func:`all_bit_inputs` order)."""
        return self.evaluate(all_bit_inputs(self.n_inputs))

    def cot(self, bits: Sequence[int]) -> tuple[int, ...]:
        """The chain of thought on one input: the gate values in order.

        >>> from arcot.circuit import parity_circuit
        >>> parity_circuit(5).cot((1, 1, 0, 1, 1))
        (1, 0, 0)
        """
        return tuple(int(v) for v in self.evaluate(np.asarray([bits]))[0])


def all_bit_inputs(n: int) -> np.ndarray:
    """Every 0/1 input of length ``n``, ``[2^n, n]`` int64, in lexicographic order.

    Row ``r`` is ``r`` written in binary with ``x0`` the most significant bit.

    >>> all_bit_inputs(2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    if not is_int(n) or not 0 <= n <= 30:
        raise CircuitError(f"n must be an integer in 0..30, got {n!r}")
    r = np.arange(1 << n, dtype=np.int64)[:, None]
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)[None, :]
    return (r >> shifts) & 1
