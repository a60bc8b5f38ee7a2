"""The Turing-machine-to-threshold-circuit compiler (theory.md section 3).

:func:`compile_machine` turns a machine, an input length, a number of steps
and a tape window into a :class:`CompiledMachine`: a
:class:`~arcot.circuit.model.ThresholdCircuit` whose inputs are row 0 of the
tableau, one-hot over :func:`machine_cell_tokens`, and whose gates are the
next rows' bits, one threshold gate each.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from arcot.circuit.checks import check_n, is_int
from arcot.circuit.model import Gate, ThresholdCircuit
from arcot.errors import CircuitError
from arcot.machine import Move, Transition, TuringMachine

__all__ = ["CompiledMachine", "compile_machine", "machine_cell_tokens"]


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
    three cells above (theory.md section 3), with ``V`` cell tokens:

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
    n = check_n(n, 0)
    if not is_int(steps) or steps < 1:
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
