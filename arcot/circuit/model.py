"""The threshold-circuit model: :class:`Gate`, :class:`ThresholdCircuit`.

A :class:`ThresholdCircuit` has inputs ``x0 .. x(n-1)`` and gates in CoT
order, each a threshold gate or a parity (XOR) gate over inputs and earlier
gates; it is checked when it is built and evaluated in batches, in exact
int64 arithmetic. :func:`all_bit_inputs` lists every input of a length, in
the order the circuit's evaluations use. A circuit is written to and read
from JSON by :meth:`ThresholdCircuit.to_json` / :meth:`ThresholdCircuit.from_json`
(and ``save`` / ``load`` for files); the format is
:data:`CIRCUIT_FORMAT`, version 1::

    {"format": "arcot-circuit", "version": 1, "name": "and", "n_inputs": 2,
     "gates": [{"name": "g", "kind": "threshold",
                "weights": {"x0": 1, "x1": 1}, "threshold": 2}]}

``kind`` is ``"threshold"`` (the default) or ``"parity"`` (whose weights
are all 1 and which has no ``threshold``); ``weights`` maps each source, an
input ``x0 .. x(n-1)`` or an earlier gate, to an integer, in order. The
last gate is the circuit's answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from arcot.circuit.checks import is_int
from arcot.errors import CircuitError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CIRCUIT_FORMAT", "Gate", "GateKind", "ThresholdCircuit", "all_bit_inputs"]

#: The ``format`` field of a circuit's JSON (:meth:`ThresholdCircuit.to_dict`).
CIRCUIT_FORMAT = "arcot-circuit"
_CIRCUIT_VERSION = 1
_CIRCUIT_KEYS = {"format", "version", "name", "n_inputs", "gates"}
_GATE_KEYS = {"name", "kind", "weights", "threshold"}

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
    _graph: list[nx.DiGraph] = field(init=False, repr=False)  # built when asked
    _plan: tuple[tuple[bool, np.ndarray, np.ndarray, int], ...] = field(
        init=False, repr=False
    )
    _dense: tuple[tuple[np.ndarray | None, np.ndarray | None], ...] = field(
        init=False, repr=False)
    _kind: type = field(init=False, repr=False)

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
            plan.append((
                g.kind == "parity",
                np.array(cols, dtype=np.intp),
                np.array([w for _, w in g.terms], dtype=np.int64),
                g.threshold,
            ))
        # every source is an input or an earlier gate: acyclic by construction
        # Values are 0/1, so a gate's sum is at most sum |w|: float32 is exact
        # below 2^24, float64 below 2^53 (and a BLAS product a gate); past
        # that the gate sums in int64.
        size = max((int(np.abs(w).sum()) + abs(thr) for _, _, w, thr in plan),
                   default=0)
        kind = np.float32 if size < 1 << 23 else np.float64
        dense: list[tuple[np.ndarray | None, np.ndarray | None]] = []
        for j, (is_parity, reads, w, thr) in enumerate(plan, n):
            if is_parity or int(np.abs(w).sum()) + abs(thr) >= 1 << 52:
                dense.append((None, None))
                continue
            row = None
            if 4 * len(reads) >= j:  # reads a fair share: a row, no gather
                row = np.zeros(j, dtype=kind)
                row[reads] = w
            dense.append((row, w.astype(kind)))
        object.__setattr__(self, "_dense", tuple(dense))
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "n_inputs", n)
        object.__setattr__(self, "gates", gates)
        object.__setattr__(self, "_graph", [])
        object.__setattr__(self, "_plan", tuple(plan))

    @property
    def graph(self) -> nx.DiGraph:
        """The circuit as a networkx DAG (built on first use): nodes are the
        inputs and gates (attributes ``kind``, ``threshold``), edges carry
        ``weight``."""
        if not self._graph:
            import networkx as nx  # only here: 80 ms on every circuit command

            graph = nx.DiGraph()
            graph.add_nodes_from((f"x{i}", {"kind": "input"})
                                 for i in range(self.n_inputs))
            for g in self.gates:
                graph.add_node(g.name, kind=g.kind, threshold=g.threshold)
                graph.add_edges_from((s, g.name, {"weight": w}) for s, w in g.terms)
            self._graph.append(graph)
        return self._graph[0]

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
        if x.dtype.kind not in "biu" or (x.size and (x.min() < 0 or x.max() > 1)):
            raise CircuitError("inputs must be 0/1 integers")
        m, n = x.shape[0], self.n_inputs
        # floats hold the 0/1 values; every sum is exact (__post_init__)
        values: np.ndarray = np.empty((m, n + self.n_gates), dtype=self._kind)
        values[:, :n] = x
        for j, (is_parity, cols, w, thr) in enumerate(self._plan, n):
            dense, fw = self._dense[j - n]
            if is_parity:
                values[:, j] = np.remainder(values[:, cols].sum(axis=1), 2)
            elif dense is not None:
                values[:, j] = values[:, :j] @ dense >= thr
            elif fw is not None:
                values[:, j] = values[:, cols] @ fw >= thr
            else:  # weights past 2^52: exact int64 sums
                values[:, j] = values[:, cols].astype(np.int64) @ w >= thr
        out = values[:, n:].astype(np.int64)
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

    # -- JSON ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The circuit as a JSON-ready dict (the module docstring's format).

        >>> c = ThresholdCircuit(n_inputs=2, name="and", gates=[
        ...     Gate(name="g", weights={"x0": 1, "x1": 1}, threshold=2)])
        >>> c.to_dict()["gates"]
        [{'name': 'g', 'kind': 'threshold', 'weights': {'x0': 1, 'x1': 1}, \
'threshold': 2}]
        >>> ThresholdCircuit.from_dict(c.to_dict()).evaluate_all().tolist()
        [[0], [0], [0], [1]]
        """
        gates: list[dict[str, Any]] = []
        for g in self.gates:
            entry: dict[str, Any] = {"name": g.name, "kind": g.kind,
                                     "weights": dict(g.terms)}
            if g.kind == "threshold":
                entry["threshold"] = g.threshold
            gates.append(entry)
        return {"format": CIRCUIT_FORMAT, "version": _CIRCUIT_VERSION,
                "name": self.name, "n_inputs": self.n_inputs, "gates": gates}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text, one gate a line."""
        head = {k: v for k, v in self.to_dict().items() if k != "gates"}
        lines = [json.dumps(g) for g in self.to_dict()["gates"]]
        body = ",\n  ".join(lines)
        return json.dumps(head)[:-1] + f', "gates": [\n  {body}\n]}}\n'

    def save(self, path: str | Path) -> None:
        """Write :meth:`to_json` to ``path``."""
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_dict(cls, obj: object) -> ThresholdCircuit:
        """The circuit of a :meth:`to_dict` object, checked in full.

        Raises :class:`~arcot.errors.CircuitError` naming what is wrong: a
        missing or unknown key, a wrong format or version, a weight or
        threshold that is not an integer (``1.0`` and ``true`` are not), a
        source that is not an input or an earlier gate.
        """
        if not isinstance(obj, dict):
            raise CircuitError(f"a circuit is a JSON object, got {_kind(obj)}")
        missing = sorted({"format", "n_inputs", "gates"} - set(obj))
        if missing:
            raise CircuitError(f"the circuit has no {missing[0]!r}")
        unknown = sorted(set(obj) - _CIRCUIT_KEYS)
        if unknown:
            raise CircuitError(f"the circuit has an unknown key {unknown[0]!r}")
        if obj["format"] != CIRCUIT_FORMAT:
            raise CircuitError(
                f"format must be {CIRCUIT_FORMAT!r}, got {obj['format']!r}"
            )
        if obj.get("version", _CIRCUIT_VERSION) != _CIRCUIT_VERSION or isinstance(
                obj.get("version"), bool):
            raise CircuitError(
                f"version must be {_CIRCUIT_VERSION}, got {obj.get('version')!r}"
            )
        name = obj.get("name", "")
        if not isinstance(name, str):
            raise CircuitError(f"name must be a string, got {name!r}")
        if not is_int(obj["n_inputs"]):
            raise CircuitError(
                f"n_inputs must be an integer >= 0, got {obj['n_inputs']!r}"
            )
        raw = obj["gates"]
        if not isinstance(raw, list):
            raise CircuitError(f"gates must be a list of gates, got {_kind(raw)}")
        gates = [_gate_from_dict(g, i) for i, g in enumerate(raw)]
        return cls(n_inputs=int(obj["n_inputs"]), gates=gates, name=name)

    @classmethod
    def from_json(cls, text: str) -> ThresholdCircuit:
        """The circuit of :meth:`to_json` text (:meth:`from_dict`'s checks;
        JSON that does not parse, or names a key twice, is a
        :class:`~arcot.errors.CircuitError` too)."""
        try:
            obj = json.loads(text, object_pairs_hook=_no_repeats)
        except json.JSONDecodeError as exc:
            raise CircuitError(
                f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None
        except ValueError as exc:  # a repeated key, from _no_repeats
            raise CircuitError(str(exc)) from None
        return cls.from_dict(obj)

    @classmethod
    def load(cls, path: str | Path) -> ThresholdCircuit:
        """The circuit in the JSON file ``path`` (:meth:`from_json`); errors
        name the file."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CircuitError(f"cannot read circuit file {str(path)!r}: "
                               f"{getattr(exc, 'strerror', None) or exc}") from None
        try:
            return cls.from_json(text)
        except CircuitError as exc:
            raise CircuitError(f"circuit file {str(path)!r}: {exc}") from None


def _kind(value: object) -> str:
    names: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}
    return names.get(type(value), repr(value))


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _gate_from_dict(obj: object, i: int) -> Gate:
    """Gate ``i`` of a circuit's JSON."""
    where = f"gates[{i}]"
    if not isinstance(obj, dict):
        raise CircuitError(f"{where} must be an object, got {_kind(obj)}")
    unknown = sorted(set(obj) - _GATE_KEYS)
    if unknown:
        raise CircuitError(f"{where} has an unknown key {unknown[0]!r}")
    for key in ("name", "weights"):
        if key not in obj:
            raise CircuitError(f"{where} has no {key!r}")
    name = obj["name"]
    if isinstance(name, str) and name:
        where = f"gate {name!r}"
    weights = obj["weights"]
    if not isinstance(weights, dict):
        raise CircuitError(
            f"{where}: weights must map source names to integers, got {_kind(weights)}"
        )
    kind = obj.get("kind", "threshold")
    if kind == "parity" and "threshold" in obj:
        raise CircuitError(f"{where}: a parity gate has no threshold")
    if kind != "parity" and "threshold" not in obj:
        raise CircuitError(f"{where} has no 'threshold'")
    return Gate(name=name, kind=kind, weights=weights,
                threshold=obj.get("threshold", 0))


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
