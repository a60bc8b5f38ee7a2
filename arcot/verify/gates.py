"""The circuit encoding's gates (one linear threshold gate per cell token)
and their decision on every window of the ``windows`` scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from arcot.cot import Tableau, as_tableau
from arcot.errors import (
    CertificateError,
)
from arcot.machine import TuringMachine

__all__ = ["CircuitGates", "GateDecision", "circuit_gates", "decide_gate_windows"]


_GATE_SLOTS = ("L", "M", "R")


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitGates:
    """The circuit encoding's gates: one linear threshold gate per cell token.

    Every cell of the next row is one-hot over ``cells``; its bit for cell
    token ``v`` is gate ``v`` of the one-hot bits of the three cells above:
    ``1[ sum weights[v][(slot, u)] * [cell at slot is u] >= thresholds[v] ]``
    with ``slot`` in ``L, M, R``. A neighbour outside the row's window of
    cells has no bits (all zero), as in :func:`arcot.circuit.compile_machine`.
    Weights and thresholds are integers; zero weights are left out.

    >>> from arcot.machine import parse_tm
    >>> g = circuit_gates(parse_tm("1RB1LB_1LA1RZ"))
    >>> g.thresholds["1"], dict(g.weights["(A,0)"])
    (1, {('M', '0'): 1, ('R', '(B,0)'): 1})
    """

    cells: tuple[str, ...]
    weights: Mapping[str, Mapping[tuple[str, str], int]]
    thresholds: Mapping[str, int]

    def __post_init__(self) -> None:
        cells = tuple(self.cells)
        if not all(isinstance(c, str) for c in cells) or len(set(cells)) != len(cells):
            raise CertificateError(f"cells must be distinct names, got {cells!r}")
        known = set(cells)
        if set(self.weights) != known or set(self.thresholds) != known:
            raise CertificateError("weights and thresholds need one gate per cell")
        weights: dict[str, dict[tuple[str, str], int]] = {}
        for v in cells:
            row = {}
            for key, w in self.weights[v].items():
                slot, u = key
                if slot not in _GATE_SLOTS or u not in known:
                    raise CertificateError(f"gate {v}: bad coordinate {key!r}")
                if type(w) is not int or w == 0:
                    raise CertificateError(
                        f"gate {v}: weight at {key} must be a nonzero integer, "
                        f"got {w!r}"
                    )
                row[slot, u] = w
            if type(self.thresholds[v]) is not int:
                raise CertificateError(
                    f"gate {v}: threshold must be an integer, "
                    f"got {self.thresholds[v]!r}"
                )
            weights[v] = row
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "thresholds", {v: self.thresholds[v] for v in cells})

    def sums(self, left: str | None, middle: str, right: str | None) -> dict[str, int]:
        """Every gate's weighted sum on a window (``None``: outside)."""
        out = {}
        for v in self.cells:
            row = self.weights[v]
            out[v] = sum(row.get((slot, u), 0) for slot, u in
                         zip(_GATE_SLOTS, (left, middle, right), strict=True)
                         if u is not None)
        return out

    def renamed(self, names: Mapping[str, str]) -> CircuitGates:
        """The same gates with every cell name ``c`` replaced by ``names[c]``."""
        return CircuitGates(
            cells=tuple(names[c] for c in self.cells),
            weights={names[v]: {(s, names[u]): w for (s, u), w in row.items()}
                     for v, row in self.weights.items()},
            thresholds={names[v]: t for v, t in self.thresholds.items()},
        )


def circuit_gates(machine: TuringMachine | Tableau) -> CircuitGates:
    """The gates :func:`arcot.circuit.compile_machine` builds, as one table.

    The compiled circuit's gate for cell ``i``, token ``v`` has the same
    weights at every ``i`` and every row (minus the terms of a neighbour
    outside the window), so the gates of a middle cell of a three-cell
    window, read through :func:`arcot.construct.circuit_weights`, are all of
    them.

    >>> from arcot.zoo import get
    >>> len(circuit_gates(get("bb2")).cells)
    8
    """
    from arcot.circuit import compile_machine
    from arcot.construct import circuit_weights
    from arcot.cot import TableauWindow

    tableau = as_tableau(machine)
    compiled = compile_machine(tableau.machine, 0, 1, TableauWindow(left=-1, width=3))
    positions = circuit_weights(compiled.circuit).positions
    # the cells in bit order are the vocabulary without '#', named by kind
    names = list(tableau.cell_names)
    v = len(names)
    weights: dict[str, dict[tuple[str, str], int]] = {}
    thresholds: dict[str, int] = {}
    for k, (gate, ws, threshold) in enumerate(positions[v : 2 * v]):
        assert gate == f"r1c1v{k}", gate  # row 1, the middle cell, token k
        row = {}
        for u, w in ws.items():
            i, j = divmod(int(u[1:]), v)  # input x(i*V + j): cell i, token j
            row[_GATE_SLOTS[i], names[j]] = int(w)
        weights[names[k]] = row
        thresholds[names[k]] = int(threshold)
    return CircuitGates(cells=tuple(names), weights=weights, thresholds=thresholds)


@dataclass(frozen=True, slots=True)
class GateDecision:
    """One window of the circuit encoding: its cells (``None`` outside the
    window), the local rule's token, the least slack over the gates and a
    gate with that slack (its sum and threshold)."""

    left: str | None
    middle: str
    right: str | None
    expected: str
    margin: int
    gate: str
    total: int
    threshold: int


def decide_gate_windows(
    machine: TuringMachine | Tableau, gates: CircuitGates
) -> tuple[GateDecision, ...]:
    """Every window of the circuit encoding, decided with arcot's local rule.

    Windows ``(L, M, R)``: ``M`` a cell token, ``L`` and ``R`` a cell token
    or ``None`` (outside the window), at most one head among them, in
    lexicographic order with ``None`` first. The slack of gate ``v`` is
    ``sum - threshold + 1`` if ``v`` is the local rule's token (it must
    fire) and ``threshold - sum`` otherwise (it must not): every bit is right
    iff the least slack is at least 1. A neighbour outside the window is
    no head, as the tableau's delimiter is to the local rule
    (:meth:`arcot.cot.Tableau.rule`).

    >>> from arcot.zoo import get
    >>> d = decide_gate_windows(get("bb2"), circuit_gates(get("bb2")))
    >>> len(d), min(x.margin for x in d)
    (144, 1)
    """
    tableau = as_tableau(machine)
    names, is_head = tableau.vocabulary.names, tableau.is_head.tolist()
    cells = [(n, i) for i, n in enumerate(names) if i != tableau.delimiter]
    if tuple(n for n, _ in cells) != gates.cells:
        raise CertificateError(
            f"the gates are for cells {list(gates.cells)}, the machine has "
            f"{[n for n, _ in cells]}"
        )
    # a neighbour outside the window reads as the delimiter: no head
    side: list[tuple[str | None, int]] = [(None, tableau.delimiter), *cells]
    plain = [c for c in side if not is_head[c[1]]]
    index = {v: k for k, v in enumerate(gates.cells)}
    fires: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for v in gates.cells:
        for key, w in gates.weights[v].items():
            fires.setdefault(key, []).append((v, w))
    # a gate no coordinate of the window touches sums 0: its slack is its threshold
    by_threshold = sorted(gates.cells, key=lambda v: (gates.thresholds[v], index[v]))
    out = []
    for ln, lt in side:
        for mn, mt in cells:
            heads = is_head[lt] + is_head[mt]
            if heads > 1:
                continue
            for rn, rt in side if heads == 0 else plain:
                want = names[tableau.rule(lt, mt, rt)]
                sums = {want: 0}
                for slot, name in (("L", ln), ("M", mn), ("R", rn)):
                    for v, w in fires.get((slot, name), ()) if name else ():
                        sums[v] = sums.get(v, 0) + w
                untouched = next((v for v in by_threshold if v not in sums), None)
                if untouched is not None:
                    sums[untouched] = 0
                least, _, v = min(
                    (t - gates.thresholds[v] + 1 if v == want
                     else gates.thresholds[v] - t, index[v], v)
                    for v, t in sums.items()
                )
                out.append(GateDecision(ln, mn, rn, want, least, v, sums[v],
                                        gates.thresholds[v]))
    return tuple(out)


def _gate_terms(machine: TuringMachine | Tableau, gates: CircuitGates) -> int:
    """How many gate weights summing every window adds (the checker's cost),
    over the windows :func:`decide_gate_windows` decides."""
    tableau = as_tableau(machine)
    is_head = tableau.is_head.tolist()
    cells = [(n, is_head[i]) for i, n in enumerate(tableau.vocabulary.names)
             if i != tableau.delimiter]
    fan: dict[tuple[str, str], int] = {}
    for v in gates.cells:
        for key in gates.weights[v]:
            fan[key] = fan.get(key, 0) + 1
    side = [(None, False), *cells]
    total = 0
    for ln, lh in side:
        for mn, mh in cells:
            if lh + mh > 1:
                continue
            base = (fan.get(("L", ln), 0) if ln else 0) + fan.get(("M", mn), 0)
            for rn, rh in side:
                if not (rh and lh + mh):
                    total += base + (fan.get(("R", rn), 0) if rn else 0)
    return total
