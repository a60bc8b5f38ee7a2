"""numba kernels for the machine simulator: arrays in, arrays out.

Nothing here validates; :mod:`arcot.machine.simulator` is the only caller.
Tables are flat: entry ``q * n_symbols + s`` holds what state ``q`` does on
symbol ``s``; ``next_state < 0`` marks an undefined transition.
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit

# Why a kernel call returned.
HALTED = 0  # entered a halt state
UNDEFINED = 1  # no transition for (state, symbol)
BUDGET = 2  # step budget used up
EDGE = 3  # the head left the allocated tape: grow it and call again


@njit
def _simulate(
    tape: np.ndarray,  # [n_cells] uint8, modified in place
    write: np.ndarray,  # [n_states * n_symbols] uint8
    move: np.ndarray,  # [n_states * n_symbols] int8
    next_state: np.ndarray,  # [n_states * n_symbols] int32
    is_halt: np.ndarray,  # [n_states] bool
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
        if is_halt[state]:
            return HALTED, state, pos, steps, lo, hi
        k = state * n_symbols + tape[pos]
        nxt = next_state[k]
        if nxt < 0:
            return UNDEFINED, state, pos, steps, lo, hi
        if steps >= max_steps:
            return BUDGET, state, pos, steps, lo, hi
        tape[pos] = write[k]
        pos += move[k]
        state = nxt
        steps += 1
        if pos < lo:
            lo = pos
            if pos < 0:
                return EDGE, state, pos, steps, lo, hi
        elif pos > hi:
            hi = pos
            if pos >= n:
                return EDGE, state, pos, steps, lo, hi
