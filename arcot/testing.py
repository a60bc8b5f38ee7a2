"""Hypothesis strategies for arcot's machines and inputs, for your own CI.

>>> from hypothesis import given
>>> from arcot.testing import turing_machines, tape_inputs
>>> from arcot import run
>>> @given(turing_machines(halting=True).flatmap(
...     lambda m: tape_inputs(m).map(lambda w: (m, w))))
... def test_halts(case):
...     machine, word = case
...     assert run(machine, word, max_steps=10_000).halted
>>> test_halts()

Machines use Busy Beaver names (states ``A, B, ...``, halt state ``Z``,
symbols ``0, 1, ...`` with blank ``0``), so those without stay moves can be
written in standard text.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Hashable

from hypothesis import strategies as st

from arcot.circuit import Gate, ThresholdCircuit
from arcot.machine import Move, Transition, TuringMachine
from arcot.machine.multitape import MultiTapeMachine

__all__ = ["multitape_machines", "tape_inputs", "threshold_circuits", "turing_machines"]

HALT = "Z"


@st.composite
def _machines(
    draw: st.DrawFn,
    min_states: int,
    max_states: int,
    min_symbols: int,
    max_symbols: int,
    halting: bool,
    allow_stay: bool,
    allow_undefined: bool,
    max_halt_states: int = 1,
) -> TuringMachine:
    n_states = draw(st.integers(min_states, max_states))
    halts = [HALT]
    if max_halt_states > 1:
        count = draw(st.integers(1, max_halt_states))
        halts = list(string.ascii_uppercase[::-1][:count])
    n_symbols = draw(st.integers(min_symbols, max_symbols))
    states = list(string.ascii_uppercase[:n_states])
    symbols = [str(i) for i in range(n_symbols)]
    moves = [Move.LEFT, Move.RIGHT] + ([Move.STAY] if allow_stay else [])
    transitions: dict[tuple[str, str], Transition] = {}
    if halting:
        # Layered: a state either loops on itself in one fixed direction over
        # non-blank cells, or moves on to a later state (or halts). A loop
        # ends at the first blank, and the written region is bounded, so
        # every run halts.
        directions = [draw(st.sampled_from([Move.LEFT, Move.RIGHT])) for _ in states]
    for qi, q in enumerate(states):
        for a in symbols:
            if allow_undefined and draw(st.integers(0, 7)) == 0:
                continue
            write = draw(st.sampled_from(symbols))
            if halting:
                later = [*states[qi + 1 :], *halts]
                targets = later if a == "0" else [q, *later]
                nxt = draw(st.sampled_from(targets))
                move = directions[qi] if nxt == q else draw(st.sampled_from(moves))
                if nxt == q and write == "0":
                    write = a  # a loop must not erase the cells it walks over
            else:
                nxt = draw(st.sampled_from([*states, *halts]))
                move = draw(st.sampled_from(moves))
            transitions[q, a] = Transition(write, move, nxt)
    return TuringMachine(
        states=[*states, *halts],
        symbols=symbols,
        blank="0",
        start="A",
        halt_states=frozenset(halts),
        transitions=transitions,
    )


def turing_machines(
    *,
    min_states: int = 1,
    max_states: int = 4,
    min_symbols: int = 2,
    max_symbols: int = 3,
    halting: bool = False,
    allow_stay: bool = True,
    allow_undefined: bool = True,
    max_halt_states: int = 1,
) -> st.SearchStrategy[TuringMachine]:
    """Random :class:`~arcot.machine.TuringMachine` objects.

    With the defaults every machine drawn can be certified as it is (stay
    moves and undefined transitions included): ``certify(machine,
    learner="construct")`` verifies it on every window of its tableau.

    Parameters
    ----------
    min_states, max_states
        Bounds on the number of working (non-halt) states; a halt state
        ``Z`` is always added.
    min_symbols, max_symbols
        Bounds on the tape alphabet size (blank ``0`` included).
    halting
        Guarantee that every run halts, on every input (a layered family of
        machines; without it, give runs a step budget).
    allow_stay
        Allow stay moves (machines with them cannot be written in standard
        text).
    allow_undefined
        Leave some transitions undefined (they stop the machine).
    max_halt_states
        Up to this many halt states, ``Z, Y, X, ...`` (1: ``Z`` alone).
    """
    if not 1 <= min_states <= max_states <= 25:
        raise ValueError(
            f"need 1 <= min_states <= max_states <= 25, got {min_states}, {max_states}"
        )
    if not 1 <= max_halt_states <= 25 - max_states:
        raise ValueError(
            f"need 1 <= max_halt_states <= {25 - max_states}, got {max_halt_states}"
        )
    if not 1 <= min_symbols <= max_symbols <= 10:
        raise ValueError(
            f"need 1 <= min_symbols <= max_symbols <= 10, got "
            f"{min_symbols}, {max_symbols}"
        )
    return _machines(
        min_states,
        max_states,
        min_symbols,
        max_symbols,
        halting,
        allow_stay,
        allow_undefined,
        max_halt_states,
    )


def tape_inputs(
    machine: TuringMachine, *, min_size: int = 0, max_size: int = 8
) -> st.SearchStrategy[tuple[Hashable, ...]]:
    """Input words for ``machine``: tuples over its input alphabet."""
    alphabet = list(machine.input_symbols or ())
    if not alphabet:
        return st.just(())
    return st.lists(
        st.sampled_from(alphabet), min_size=min_size, max_size=max_size
    ).map(tuple)


@st.composite
def _circuits(
    draw: st.DrawFn,
    min_inputs: int,
    max_inputs: int,
    min_gates: int,
    max_gates: int,
    max_weight: int,
    allow_parity: bool,
) -> ThresholdCircuit:
    n = draw(st.integers(min_inputs, max_inputs))
    gates: list[Gate] = []
    for j in range(draw(st.integers(min_gates, max_gates))):
        names = [f"x{i}" for i in range(n)] + [g.name for g in gates]
        sources = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
        if allow_parity and sources and draw(st.booleans()):
            gates.append(Gate.parity(f"g{j}", sources))
            continue
        weights = {s: draw(st.integers(-max_weight, max_weight)) for s in sources}
        threshold = draw(st.integers(-max_weight, max_weight))
        gates.append(Gate(name=f"g{j}", weights=weights, threshold=threshold))
    return ThresholdCircuit(n_inputs=n, gates=gates)


def threshold_circuits(
    *,
    min_inputs: int = 0,
    max_inputs: int = 5,
    min_gates: int = 1,
    max_gates: int = 6,
    max_weight: int = 4,
    allow_parity: bool = False,
) -> st.SearchStrategy[ThresholdCircuit]:
    """Random :class:`~arcot.circuit.ThresholdCircuit` objects.

    Gate ``j`` reads a random subset of the inputs and earlier gates with
    integer weights in ``[-max_weight, max_weight]``; with ``allow_parity``
    some gates are XOR gates instead (the chained-parity kind).
    """
    if not 0 <= min_inputs <= max_inputs or not 1 <= min_gates <= max_gates:
        raise ValueError(
            "need 0 <= min_inputs <= max_inputs and 1 <= min_gates <= max_gates"
        )
    return _circuits(
        min_inputs, max_inputs, min_gates, max_gates, max_weight, allow_parity
    )


@st.composite
def multitape_machines(
    draw: st.DrawFn,
    *,
    min_tapes: int = 1,
    max_tapes: int = 3,
    max_states: int = 3,
    max_symbols: int = 3,
) -> MultiTapeMachine:
    """Random deterministic k-tape machines (Busy Beaver names as above).

    Every state reads every combination of symbols with probability 7/8
    (else the transition is undefined); moves are L, R and N on each tape.
    """
    k = draw(st.integers(min_tapes, max_tapes))
    n_states = draw(st.integers(1, max_states))
    states = list(string.ascii_uppercase[:n_states])
    symbols = [str(i) for i in range(draw(st.integers(2, max_symbols)))]
    transitions = {}
    for q in states:
        for read in itertools.product(symbols, repeat=k):
            if draw(st.integers(0, 7)) == 0:
                continue
            writes = tuple(draw(st.sampled_from(symbols)) for _ in range(k))
            moves = tuple(draw(st.sampled_from("LRN")) for _ in range(k))
            nxt = draw(st.sampled_from([*states, HALT]))
            transitions[q, read] = (writes, moves, nxt)
    return MultiTapeMachine(
        tapes=k, states=[*states, HALT], symbols=symbols, blank="0",
        start="A", halt_states=[HALT], transitions=transitions,
    )
