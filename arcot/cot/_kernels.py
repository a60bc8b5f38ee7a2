"""numba kernels for batch tableau generation: arrays in, arrays out.

Nothing here validates; :func:`arcot.cot.batch.encode_tableau_batch` is the only
caller. Token ids are those of :func:`arcot.cot.tableau.tableau_vocabulary`: ``0``
is ``#``, ``1 + s`` is symbol ``s``, ``1 + S + q * S + s`` is head ``(q, s)``.
Tables are flat as in :mod:`arcot.machine._kernels`: entry ``q * S + s``
holds what state ``q`` does on symbol ``s``; ``next_state < 0`` marks an
undefined transition.
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit

# Per-input status of _tableau_batch.
OK = 0  # the run stopped within the steps and stayed in the window
OUT_OF_WINDOW = 1  # the head left the window
BUDGET = 2  # the run did not stop within the steps


@njit
def _tableau_batch(
    words: np.ndarray,  # [m, n] int64 symbol indices
    write: np.ndarray,  # [Q * S] int64
    move: np.ndarray,  # [Q * S] int64
    next_state: np.ndarray,  # [Q * S] int64, -1 = undefined
    is_halt: np.ndarray,  # [Q] bool
    n_symbols: int,
    start: int,
    left: int,
    steps: int,
    out: np.ndarray,  # [m, (steps + 1) * (width + 1)], filled in
    status: np.ndarray,  # [m] int64, filled in
    fail_step: np.ndarray,  # [m] int64, filled in (step of the failure)
) -> None:
    m, n = words.shape
    row = out.shape[1] // (steps + 1)
    width = row - 1
    head_base = 1 + n_symbols
    tape = np.empty(width, dtype=np.int64)
    for b in range(m):
        for i in range(width):
            tape[i] = 0
        for j in range(n):
            tape[j - left] = words[b, j]
        pos = -left
        state = start
        o = out[b]
        o[0] = 0
        for i in range(width):
            o[1 + i] = 1 + tape[i]
        o[1 + pos] = head_base + state * n_symbols + tape[pos]
        stopped = False
        status[b] = OK
        fail_step[b] = 0
        for t in range(1, steps + 1):
            base = t * row
            prev = base - row
            for i in range(row):
                o[base + i] = o[prev + i]
            if stopped:
                continue
            if is_halt[state]:
                stopped = True
                continue
            k = state * n_symbols + tape[pos]
            nxt = next_state[k]
            if nxt < 0:
                stopped = True
                continue
            tape[pos] = write[k]
            o[base + 1 + pos] = 1 + write[k]
            pos += move[k]
            state = nxt
            if pos < 0 or pos >= width:
                status[b] = OUT_OF_WINDOW
                fail_step[b] = t
                break
            o[base + 1 + pos] = head_base + state * n_symbols + tape[pos]
        if (
            status[b] == OK
            and not stopped
            and not is_halt[state]
            and next_state[state * n_symbols + tape[pos]] >= 0
        ):
            status[b] = BUDGET
            fail_step[b] = steps


@njit
def _run_spans(
    words: np.ndarray,  # [m, n] int64 symbol indices
    write: np.ndarray,  # [Q * S] int64
    move: np.ndarray,  # [Q * S] int64
    next_state: np.ndarray,  # [Q * S] int64, -1 = undefined
    is_halt: np.ndarray,  # [Q] bool
    n_symbols: int,
    start: int,
    max_steps: int,
    lo: np.ndarray,  # [m] int64, filled in: least cell visited
    hi: np.ndarray,  # [m] int64, filled in: greatest cell visited
    steps: np.ndarray,  # [m] int64, filled in: steps taken
    halted: np.ndarray,  # [m] bool, filled in: stopped within max_steps
) -> None:
    m, n = words.shape
    origin = max_steps + 1  # cell c lives at tape[c + origin]
    tape = np.zeros(n + 2 * max_steps + 3, dtype=np.int64)
    for b in range(m):
        for j in range(n):
            tape[origin + j] = words[b, j]
        pos = 0
        state = start
        t = 0
        low = 0
        high = 0
        stopped = False
        while True:
            if is_halt[state]:
                stopped = True
                break
            k = state * n_symbols + tape[origin + pos]
            nxt = next_state[k]
            if nxt < 0:
                stopped = True
                break
            if t >= max_steps:  # an undefined move stops first, as run() does
                break
            tape[origin + pos] = write[k]
            pos += move[k]
            state = nxt
            t += 1
            if pos < low:
                low = pos
            elif pos > high:
                high = pos
        lo[b] = low
        hi[b] = high
        steps[b] = t
        halted[b] = stopped
        for c in range(min(low, 0), max(high, n - 1) + 1):
            tape[origin + c] = 0
