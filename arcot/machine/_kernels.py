"""numba kernels for the machine simulator: arrays in, arrays out.

Nothing here validates; :mod:`arcot.machine.simulator` is the only caller.
The transition table is one flat int32 array: entry ``q * n_symbols + s``
packs what state ``q`` does on symbol ``s`` as
``(next_state + 1) << 16 | write << 8 | (move + 1)``. Entries below
``1 << 16`` stop the machine: :data:`STOP_UNDEFINED` for a missing
transition, :data:`STOP_HALT` for every entry of a halt state. One load per
step, one branch to stop.
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit

# Why a kernel call returned.
HALTED = 0  # in a halt state
UNDEFINED = 1  # no transition for (state, symbol)
BUDGET = 2  # step budget used up
EDGE = 3  # the head left the allocated tape: grow it and call again

# Table entries that stop the machine.
STOP_UNDEFINED = 0
STOP_HALT = 1


def pack(next_state: int, write: int, move: int) -> int:
    """The table entry of one transition (``move`` in -1, 0, 1)."""
    return ((next_state + 1) << 16) | (write << 8) | (move + 1)


def pack_table(
    write: list[int], move: list[int], next_state: list[int], is_halt: list[bool]
) -> np.ndarray:
    """The packed table of flat ``[n_states * n_symbols]`` lists."""
    n_symbols = len(write) // len(is_halt)
    table = np.full(len(write), STOP_UNDEFINED, dtype=np.int32)
    for k, nxt in enumerate(next_state):
        if is_halt[k // n_symbols]:
            table[k] = STOP_HALT
        elif nxt >= 0:
            table[k] = pack(nxt, write[k], move[k])
    return table


@njit
def _simulate(
    tape: np.ndarray,  # [n_cells] uint8, modified in place
    table: np.ndarray,  # [n_states * n_symbols] int32, packed entries
    n_symbols: int,
    state: int,
    pos: int,
    steps: int,
    max_steps: int,
    lo: int,
    hi: int,
) -> tuple[int, int, int, int, int, int]:
    n = tape.shape[0]
    while True:
        entry = table[state * n_symbols + tape[pos]]
        if entry < 65536:
            status = HALTED if entry == STOP_HALT else UNDEFINED
            return status, state, pos, steps, lo, hi
        if steps >= max_steps:
            return BUDGET, state, pos, steps, lo, hi
        tape[pos] = (entry >> 8) & 255
        pos += (entry & 255) - 1
        state = (entry >> 16) - 1
        steps += 1
        if pos < lo:
            lo = pos
            if pos < 0:
                return EDGE, state, pos, steps, lo, hi
        elif pos > hi:
            hi = pos
            if pos >= n:
                return EDGE, state, pos, steps, lo, hi
