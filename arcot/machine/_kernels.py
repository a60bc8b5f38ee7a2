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


# -- the macro engine (arcot.machine.accelerated) -------------------------
#
# Blocks of k cells are integers, cell 0 the most significant base-S digit.
# The macro-transition cache is one set of arrays indexed by
# ``(q * 2 + d) * n_blocks + block`` (d = 1: entering from the left edge);
# ``mkind < 0`` marks an entry not computed yet. The two run-length stacks
# are (block, count) arrays, the run nearest the head last. ``st`` carries
# the configuration in and out: see the ST_* slots.

# Kinds of macro transition (the same codes as accelerated.py's).
M_EXIT = 0
M_HALT = 1
M_UNDEF = 2
M_LOOP = 3

# Why the macro kernel returned.
MR_HALT = 0  # stopped in a halt state (final block in ST_BLOCK)
MR_UNDEF = 1  # stopped on an undefined transition
MR_FINE = 2  # the next block must be stepped cell by cell (a limit or a loop)
MR_GROW = 3  # a stack is full: grow it and call again
MR_PROBE = 4  # max_macro iterations done

# Slots of the configuration vector.
ST_Q, ST_D, ST_H, ST_STEPS, ST_LO, ST_HI, ST_MACRO = 0, 1, 2, 3, 4, 5, 6
ST_NL, ST_NR, ST_BLOCK, ST_BSTART, ST_OFFSET = 7, 8, 9, 10, 11
ST_SIZE = 12


@njit
def _macro_transition(
    write: np.ndarray,
    move: np.ndarray,
    nxt: np.ndarray,
    is_halt: np.ndarray,
    n_sym: int,
    k: int,
    q: int,
    block: int,
    from_left: int,
    e: int,
    mkind: np.ndarray,
    mblock: np.ndarray,
    mstate: np.ndarray,
    mout: np.ndarray,
    msteps: np.ndarray,
    mlo: np.ndarray,
    mhi: np.ndarray,
) -> None:
    cells = np.empty(k, np.int64)
    b = block
    for j in range(k - 1, -1, -1):
        cells[j] = b % n_sym
        b //= n_sym
    i = 0 if from_left else k - 1
    s = 0
    vmin = vmax = i
    bound = is_halt.shape[0] * k * n_sym**k
    kind = M_EXIT
    out = 0
    while True:
        if is_halt[q]:
            kind, out = M_HALT, i
            break
        x = q * n_sym + cells[i]
        nq = nxt[x]
        if nq < 0:
            kind, out = M_UNDEF, i
            break
        cells[i] = write[x]
        i += move[x]
        q = nq
        s += 1
        if i < vmin:
            vmin = i
        elif i > vmax:
            vmax = i
        if i < 0 or i >= k:
            kind, out = M_EXIT, 1 if i >= k else 0
            break
        if s > bound:
            kind, out = M_LOOP, i
            break
    written = 0
    for j in range(k):
        written = written * n_sym + cells[j]
    mkind[e] = kind
    mblock[e] = block if kind == M_LOOP else written
    mstate[e] = q
    mout[e] = out
    msteps[e] = s
    mlo[e] = vmin
    mhi[e] = vmax


@njit
def _macro_run(
    write: np.ndarray,  # [Q * S] int64 flat tables (accelerated.py's)
    move: np.ndarray,
    nxt: np.ndarray,
    is_halt: np.ndarray,  # [Q] bool
    n_sym: int,
    k: int,
    mkind: np.ndarray,  # [Q * 2 * S**k] the macro-transition cache
    mblock: np.ndarray,
    mstate: np.ndarray,
    mout: np.ndarray,
    msteps: np.ndarray,
    mlo: np.ndarray,
    mhi: np.ndarray,
    blocks: np.ndarray,  # [2, capacity] the stacks: 0 left, 1 right
    counts: np.ndarray,  # [2, capacity]
    st: np.ndarray,  # [ST_SIZE] int64, read and written
    max_steps: int,
    max_cells: int,
    max_macro: int,
) -> int:
    n_blocks = n_sym**k
    cap = blocks.shape[1]
    q, d, h = st[ST_Q], st[ST_D], st[ST_H]
    steps, lo, hi, macro = st[ST_STEPS], st[ST_LO], st[ST_HI], st[ST_MACRO]
    size = np.empty(2, np.int64)
    size[0], size[1] = st[ST_NL], st[ST_NR]
    status = MR_FINE
    while True:
        if macro == max_macro:
            status = MR_PROBE
            break
        if size[0] == cap or size[1] == cap:
            status = MR_GROW  # an iteration pushes at most one run
            break
        n = size[d]
        if n > 0:
            block, count = blocks[d, n - 1], counts[d, n - 1]
        else:
            block, count = 0, -1  # the endless blank run
        e = (q * 2 + d) * n_blocks + block
        if mkind[e] < 0:
            _macro_transition(write, move, nxt, is_halt, n_sym, k, q, block, d, e,
                              mkind, mblock, mstate, mout, msteps, mlo, mhi)
        kind, nb, nq, out = mkind[e], mblock[e], mstate[e], mout[e]
        s, vmin, vmax = msteps[e], mlo[e], mhi[e]
        bstart = h if d else h - k + 1
        other = 1 - d
        if kind == M_EXIT and nq == q and out == d:
            # Chain step: the same transition over the whole run.
            room = (max_steps - steps) // s
            if d:
                fit = (max_cells - 1 + lo - bstart - vmax) // k + 1
            else:
                fit = (max_cells - 1 - hi + bstart + vmin) // k + 1
            mm = room if fit > room else fit
            whole = count >= 0 and count <= mm
            if whole:
                mm = count
                size[d] = n - 1
            elif mm < 0:
                mm = 0
            elif count >= 0:
                counts[d, n - 1] = count - mm
            if mm > 0:
                m = size[other]
                if m > 0 and blocks[other, m - 1] == nb:
                    counts[other, m - 1] += mm
                else:
                    blocks[other, m] = nb
                    counts[other, m] = mm
                    size[other] = m + 1
                steps += mm * s
                if d:
                    h += mm * k
                    if h > hi:
                        hi = h
                else:
                    h -= mm * k
                    if h < lo:
                        lo = h
            if whole:
                macro += 1
                continue
            status = MR_FINE  # the next block would pass a limit
            break
        hi2 = bstart + vmax if bstart + vmax > hi else hi
        lo2 = bstart + vmin if bstart + vmin < lo else lo
        if kind == M_LOOP or steps + s > max_steps or hi2 - lo2 >= max_cells:
            status = MR_FINE
            break
        macro += 1
        steps += s
        lo, hi = lo2, hi2
        if n > 0:  # one block of the run entered is used up
            if count == 1:
                size[d] = n - 1
            else:
                counts[d, n - 1] = count - 1
        if kind != M_EXIT:
            st[ST_BLOCK], st[ST_BSTART], st[ST_OFFSET] = nb, bstart, out
            q = nq
            status = MR_HALT if kind == M_HALT else MR_UNDEF
            break
        # The written block goes behind the head: left if it left rightwards.
        side = 0 if out else 1
        m = size[side]
        if m > 0 and blocks[side, m - 1] == nb:
            counts[side, m - 1] += 1
        else:
            blocks[side, m] = nb
            counts[side, m] = 1
            size[side] = m + 1
        h = bstart + k if out else bstart - 1
        q, d = nq, out
    st[ST_Q], st[ST_D], st[ST_H] = q, d, h
    st[ST_STEPS], st[ST_LO], st[ST_HI], st[ST_MACRO] = steps, lo, hi, macro
    st[ST_NL], st[ST_NR] = size[0], size[1]
    return status


@njit
def _macro_cells(
    blocks: np.ndarray,  # [2, capacity]
    counts: np.ndarray,
    n_left: int,
    n_right: int,
    n_sym: int,
    k: int,
    head_cells: np.ndarray,  # [k] the block the head stands in (or beside)
    bstart: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """Cells ``lo .. hi`` of a stopped run, as uint8 symbol indices."""
    out = np.zeros(hi - lo + 1, np.uint8)
    digits = np.empty(k, np.int64)
    for c in range(max(bstart, lo), min(bstart + k - 1, hi) + 1):
        out[c - lo] = head_cells[c - bstart]
    for side in range(2):
        n = n_left if side == 0 else n_right
        edge = bstart if side == 0 else bstart + k  # next free cell outward
        for j in range(n - 1, -1, -1):
            if (side == 0 and edge <= lo) or (side == 1 and edge > hi):
                break
            b = blocks[side, j]
            for t in range(k - 1, -1, -1):
                digits[t] = b % n_sym
                b //= n_sym
            run = counts[side, j] * k
            start = edge - run if side == 0 else edge
            first = start if start > lo else lo
            last = start + run - 1 if start + run - 1 < hi else hi
            for c in range(first, last + 1):
                out[c - lo] = digits[(c - start) % k]
            edge = start if side == 0 else start + run
    return out
