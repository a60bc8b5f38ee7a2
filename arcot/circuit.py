"""Linear-threshold circuits, their chains of thought, and the TM compiler.

A :class:`ThresholdCircuit` has inputs ``x0 .. x(n-1)`` and gates listed in
CoT order. A *threshold* gate has integer weights over inputs and earlier
gates and an integer threshold: its value is ``1`` iff
``sum(w * u) >= threshold``. The chain of thought of a circuit on an input
is its gate values in order; the last gate is the answer (THEORY.md,
Thm 3.8: token ``t`` is the value of gate ``t``).

The XOR of ``k >= 2`` bits is *not* a single threshold gate, so the chained
parity of Thm 3.12 cannot be written with threshold gates only. It uses a
second gate kind in the same class, ``"parity"``: the XOR of its sources
(every weight 1, no threshold). :attr:`ThresholdCircuit.is_threshold` says
whether a circuit uses threshold gates only, i.e. whether Thm 3.8's linear
predictor applies to it.

Evaluation is batched with numpy in exact int64 arithmetic; a circuit whose
weights could overflow int64 is rejected when it is built.

>>> c = parity_circuit(3)
>>> [g.name for g in c.gates], c.evaluate_all()[:, -1].tolist()
(['b1', 'b0'], [0, 1, 1, 0, 1, 0, 0, 1])
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard, cast

import networkx as nx
import numpy as np

from arcot.errors import CircuitError
from arcot.machine import Move, Transition, TuringMachine

__all__ = [
    "CircuitCheck",
    "CompiledMachine",
    "Gate",
    "GateKind",
    "ThresholdCircuit",
    "all_bit_inputs",
    "chain_parity_circuit",
    "chain_parity_length",
    "check_function",
    "compile_machine",
    "function_circuit",
    "machine_cell_tokens",
    "parity_circuit",
    "parity_length",
    "truth_table",
]

GateKind = Literal["threshold", "parity"]
GATE_KINDS: tuple[GateKind, ...] = ("threshold", "parity")

# |sum of weights| + |threshold| must stay below this for exact int64 sums.
_INT64_SAFE = 1 << 62


def _is_int(value: object) -> TypeGuard[int | np.integer[Any]]:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


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
            if not _is_int(w):
                raise CircuitError(
                    f"{where}: weight of {src!r} must be an integer, got {w!r}"
                )
            seen.add(src)
            canon.append((src, int(w)))
        if not _is_int(self.threshold):
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
        if not _is_int(self.n_inputs) or self.n_inputs < 0:
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
    if not _is_int(n) or not 0 <= n <= 30:
        raise CircuitError(f"n must be an integer in 0..30, got {n!r}")
    r = np.arange(1 << n, dtype=np.int64)[:, None]
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)[None, :]
    return (r >> shifts) & 1


# -- named circuits ----------------------------------------------------


def _check_n(n: object, least: int = 1) -> int:
    if not _is_int(n) or int(n) < least:
        raise CircuitError(f"n must be an integer >= {least}, got {n!r}")
    return int(n)


def parity_length(n: int) -> int:
    """Gates of :func:`parity_circuit`: ``ceil(log2(n + 1))``.

    >>> [parity_length(n) for n in range(1, 9)]
    [1, 2, 2, 3, 3, 3, 3, 4]
    """
    return int(_check_n(n)).bit_length()


def parity_circuit(n: int) -> ThresholdCircuit:
    """Parity of ``n`` bits in ``ceil(log2(n+1))`` threshold gates (Thm 3.11).

    With ``s`` the number of ones and ``m`` gates, gate ``b_j`` (written from
    the top, ``j = m-1 .. 0``) is
    ``1[ s - sum_{k > j} 2^k b_k >= 2^j ]``: the bits of ``s``, so the last
    gate ``b0`` is the parity.

    >>> c = parity_circuit(4)
    >>> [(g.name, dict(g.weights).get("b2"), g.threshold) for g in c.gates]
    [('b2', None, 4), ('b1', -4, 2), ('b0', -4, 1)]
    """
    n = _check_n(n)
    m = parity_length(n)
    gates = []
    for j in range(m - 1, -1, -1):
        weights = [(f"x{i}", 1) for i in range(n)]
        weights += [(f"b{k}", -(1 << k)) for k in range(m - 1, j, -1)]
        gates.append(Gate(name=f"b{j}", weights=tuple(weights), threshold=1 << j))
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"parity-threshold-log-{n}")


def chain_parity_length(n: int, k: int) -> int:
    """Tokens of :func:`chain_parity_circuit`: ``ceil((n-1)/(k-1))``, at least 1.

    >>> [chain_parity_length(n, 2) for n in (1, 2, 5)], chain_parity_length(9, 3)
    ([1, 1, 4], 4)
    """
    n = _check_n(n)
    k = _check_k(k)
    return max(1, -(-(n - 1) // (k - 1)))


def _check_k(k: object) -> int:
    if not _is_int(k) or int(k) < 2:
        raise CircuitError(f"k must be an integer >= 2, got {k!r}")
    return int(k)


def chain_parity_circuit(n: int, k: int) -> ThresholdCircuit:
    """Parity of ``n`` bits by a chain of XORs of at most ``k`` tokens (Thm 3.12).

    Token 1 is the XOR of the first ``min(k, n)`` bits; each next token is
    the previous token XOR the next ``k - 1`` bits: ``ceil((n-1)/(k-1))``
    tokens (one for ``n = 1``, where the single token copies ``x0``). The
    gates are of kind ``"parity"``: an XOR of ``k >= 2`` bits is not one
    threshold gate.

    >>> c = chain_parity_circuit(5, 3)
    >>> [g.sources for g in c.gates]
    [('x0', 'x1', 'x2'), ('p0', 'x3', 'x4')]
    """
    n = _check_n(n)
    k = _check_k(k)
    gates = [Gate.parity("p0", [f"x{i}" for i in range(min(k, n))])]
    i = min(k, n)
    while i < n:
        nxt = [f"x{j}" for j in range(i, min(i + k - 1, n))]
        gates.append(Gate.parity(f"p{len(gates)}", [gates[-1].name, *nxt]))
        i += len(nxt)
    assert len(gates) == chain_parity_length(n, k)
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"parity-chain-{k}-{n}")


# -- user functions ----------------------------------------------------


def truth_table(f: Callable[[tuple[int, ...]], object], n: int) -> np.ndarray:
    """``f`` on all ``2^n`` bit tuples, as an int64 0/1 array.

    ``f`` takes a tuple of ints and returns a bool or 0/1; anything else
    raises :class:`~arcot.errors.CircuitError`.

    >>> truth_table(lambda x: sum(x) % 2, 2).tolist()
    [0, 1, 1, 0]
    """
    rows = all_bit_inputs(_check_n(n, 0))
    out = np.empty(len(rows), dtype=np.int64)
    for r, bits in enumerate(rows.tolist()):
        v = f(tuple(bits))
        if isinstance(v, (bool, np.bool_)) or (_is_int(v) and v in (0, 1)):
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
    n = _check_n(n, 0)
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


# -- the TM -> threshold circuit compiler ------------------------------


def machine_cell_tokens(machine: TuringMachine) -> tuple[Hashable, ...]:
    """The cell tokens of the circuit encoding, in one-hot bit order.

    Every symbol, then every head cell ``(q, a)`` as a pair: the tableau
    vocabulary without the delimiter (which carries no information: it
    sits at the same place in every row). ``(q, a)`` compares equal to
    :class:`arcot.cot.HeadCell` ``(q, a)``, and a tape symbol may itself be
    such a pair, so a token's kind is its position (the first
    ``len(machine.symbols)`` are symbols), never its value.

    >>> from arcot.zoo import get
    >>> machine_cell_tokens(get("bb2"))[:4]
    ('0', '1', ('A', '0'), ('A', '1'))
    """
    heads = [(q, a) for q in machine.states for a in machine.symbols]
    return (*machine.symbols, *heads)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CompiledMachine:
    """A machine compiled to a threshold circuit for inputs of length ``n``.

    The circuit's inputs are the one-hot bits of row 0 of the tableau over
    the window ``left .. left + width - 1``: input ``x(i*V + v)`` is 1 iff
    cell ``left + i`` holds token ``tokens[v]`` (``V = len(tokens)``). Gate
    ``r{t}c{i}v{v}`` is the same bit of row ``t`` (``t = 1..steps``); the
    gates come row by row, so the circuit's CoT is rows ``1..T``, one-hot.
    """

    machine: TuringMachine
    n: int
    steps: int
    left: int
    width: int
    tokens: tuple[Hashable, ...]
    circuit: ThresholdCircuit

    def row0_bits(self, word: Sequence[Hashable]) -> np.ndarray:
        """The circuit's input for ``word``: row 0, one-hot, ``[width * V]``."""
        word = self.machine.check_word(word)
        if len(word) != self.n:
            raise CircuitError(f"the circuit is for inputs of length {self.n}, "
                               f"got one of length {len(word)}")
        m = self.machine
        v, s = len(self.tokens), m.n_symbols
        start = s + m.state_index(m.start) * s  # head ids follow the symbols'
        bits = np.zeros(self.width * v, dtype=np.int64)
        for i, c in enumerate(range(self.left, self.left + self.width)):
            sym = m.symbol_index(word[c] if 0 <= c < len(word) else m.blank)
            bits[i * v + (start + sym if c == 0 else sym)] = 1
        return bits

    def rows(self, values: np.ndarray) -> list[tuple[Hashable, ...]]:
        """Decode one input's gate values (``[n_gates]``) to rows ``1..T`` of tokens."""
        v, w = len(self.tokens), self.width
        vals = np.asarray(values).reshape(self.steps, w, v)
        out = []
        for t in range(self.steps):
            row = []
            for i in range(w):
                hot = np.flatnonzero(vals[t, i])
                if len(hot) != 1:
                    raise CircuitError(
                        f"row {t + 1} cell {i} has {len(hot)} hot bits, not 1"
                    )
                row.append(self.tokens[int(hot[0])])
            out.append(tuple(row))
        return out


def compile_machine(
    machine: TuringMachine, n: int, steps: int, window: object
) -> CompiledMachine:
    """Compile ``machine`` on inputs of length ``n`` to a threshold circuit.

    ``window`` is an object with ``left`` and ``width`` (e.g.
    :class:`arcot.cot.TableauWindow`) that must hold the input cells
    ``0 .. n-1``; ``steps`` is the number of rows after row 0. Every output
    bit of the local rule is one threshold gate of the one-hot bits of the
    three cells above (THEORY.md section 3), with ``V`` cell tokens:

    - plain symbol ``c``: ``1[ [M=c] + sum [M=(q,a)] - sum [L=(q,a)] -
      sum [R=(q,a)] >= 1 ]`` over live heads ``(q,a)`` writing ``c`` and
      moving (middle), moving right (left neighbour), moving left (right
      neighbour);
    - head ``(p,c)``: ``1[ 2 sum [M=(q,a)] + [M=c] + sum [L=(q,a)] +
      sum [R=(q,a)] >= 2 ]`` over heads in the middle that give ``(p,c)``
      (a stay move, or a stopped head ``(p,c)`` itself) and live heads
      moving into this cell in state ``p``.

    A stopped head (halt state or undefined transition) maps to itself, as
    :func:`arcot.cot.local_rule` does. The circuit has ``steps * width * V``
    gates; its correctness on a run needs the run to stay in the window.

    >>> from arcot.zoo import get
    >>> from arcot.cot import length_shape
    >>> window, t = length_shape(get("bb2"), 0, max_steps=100)
    >>> cm = compile_machine(get("bb2"), 0, t, window)
    >>> cm.circuit.n_gates == t * window.width * len(cm.tokens)
    True
    """
    n = _check_n(n, 0)
    if not _is_int(steps) or steps < 1:
        raise CircuitError(
            f"steps must be an integer >= 1 (a circuit needs a gate), got {steps!r}"
        )
    try:
        left, width = int(window.left), int(window.width)  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError):
        raise CircuitError(
            f"window must have integer left and width, got {window!r}"
        ) from None
    if width < 1 or left > 0 or left + width < max(n, 1):
        raise CircuitError(
            f"window {left}..{left + width - 1} must hold the head's start "
            f"cell 0 and the input cells 0..{n - 1}"
        )
    tokens = machine_cell_tokens(machine)
    v = len(tokens)
    symbols = machine.symbols
    heads = [(q, a) for q in machine.states for a in symbols]
    # ids by kind: a symbol may equal a head's pair (machine_cell_tokens)
    sid = {c: i for i, c in enumerate(symbols)}
    hid = {h: len(symbols) + j for j, h in enumerate(heads)}
    live: dict[tuple[Hashable, Hashable], Transition] = {
        h: machine.transitions[h] for h in heads
        if h[0] not in machine.halt_states and h in machine.transitions
    }
    right_movers = [h for h, r in live.items() if r.move is Move.RIGHT]
    left_movers = [h for h, r in live.items() if r.move is Move.LEFT]
    # For each output token: (middle terms, left terms, right terms, threshold),
    # each a list of (token index, weight).
    Terms = list[tuple[int, int]]
    rules: list[tuple[Terms, Terms, Terms, int]] = []
    for c in symbols:
        mid = [(sid[c], 1)]
        mid += [(hid[h], 1) for h, r in live.items()
                if r.move is not Move.STAY and r.write == c]
        lft = [(hid[h], -1) for h in right_movers]
        rgt = [(hid[h], -1) for h in left_movers]
        rules.append((mid, lft, rgt, 1))
    for y in heads:
        p, c = y
        mid = [(sid[c], 1)]
        for h in heads:
            r = live.get(h)
            if (r is None and h == y) or (
                r is not None and r.move is Move.STAY and (r.next_state, r.write) == y
            ):
                mid.append((hid[h], 2))
        lft = [(hid[h], 1) for h in right_movers if live[h].next_state == p]
        rgt = [(hid[h], 1) for h in left_movers if live[h].next_state == p]
        rules.append((mid, lft, rgt, 2))

    def name(t: int, i: int, k: int) -> str:
        return f"x{i * v + k}" if t == 0 else f"r{t}c{i}v{k}"

    gates: list[Gate] = []
    for t in range(1, steps + 1):
        for i in range(width):
            for k, (mid, lft, rgt, thr) in enumerate(rules):
                weights: dict[str, int] = {}
                for cell, terms in ((i, mid), (i - 1, lft), (i + 1, rgt)):
                    if 0 <= cell < width:
                        for tok, w in terms:
                            weights[name(t - 1, cell, tok)] = w
                gates.append(Gate(name=name(t, i, k), weights=weights, threshold=thr))
    circuit = ThresholdCircuit(
        n_inputs=width * v, gates=gates,
        name=f"{machine.name or 'machine'}-n{n}-T{steps}-W{width}",
    )
    return CompiledMachine(
        machine=machine, n=n, steps=int(steps), left=left, width=width,
        tokens=tokens, circuit=circuit,
    )
