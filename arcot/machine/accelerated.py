"""The accelerated exact simulator: macro machines on a run-length tape.

The Busy Beaver community's technique, in a numba kernel with a pure-Python
twin (Python ints, for step counts past 2^62). The tape is cut into
blocks of ``k`` cells, each block one macro symbol, and stored as two stacks
of runs ``[block, count]`` (left and right of the head, the nearest run
last; Python-int counts). The head always stands on the edge of a block,
about to enter it from the left or the right. A macro transition, computed
lazily by stepping the base machine inside the block and cached, records the
base steps taken, the block written, where the head left (or why it
stopped) and the cells it visited. When a macro transition leaves the head
in the same state moving the same way, it repeats over the whole run of
equal blocks ahead: a chain step, applied at once with exact arithmetic.

Exactness at the edges: when a step or chain would pass the step budget or
the ``max_cells`` limit, the engine applies as many whole blocks as fit and
steps the base machine cell by cell inside the next block (with cycle
detection, so a loop that never leaves its block still stops at exactly the
budget). The result is the reference stepper's, step for step.

The kernel (:func:`arcot.machine._kernels._macro_run`) keeps the cache
in arrays indexed by state, side and block (a block is an integer in base
``S``) and hands the cell-by-cell edge cases to the Python loop; the two
share every rule, and the property tests hold both to the reference.

Tables are the flat lists of :func:`arcot.machine.simulator.flat_tables`;
:func:`arcot.machine.simulator.run` with ``engine="accelerated"`` is the
user-facing entry.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from arcot.errors import TapeLimitExceeded

__all__ = ["BlockRun", "choose_block_size", "compilable", "simulate"]

# Kinds of macro transition.
_EXIT = 0  # the head left the block
_HALT = 1  # entered (or started in) a halt state inside the block
_UNDEF = 2  # an undefined transition inside the block
_LOOP = 3  # the base machine never leaves the block

#: Largest macro alphabet tried (S**k blocks); keeps in-block loop checks cheap.
MAX_BLOCKS = 1 << 12
#: Largest block size tried.
MAX_K = 8


Block = tuple[int, ...]
#: One macro transition: (kind, block written, state, exit right or final
#: offset, base steps, lowest and highest offset visited).
Rec = tuple[int, Block, int, int, int, int, int]
#: A stack of runs ``[block, count]``, the run nearest the head last.
Stack = list[list[Any]]


class BlockRun(NamedTuple):
    """Where an accelerated run stopped (symbols and states as indices).

    ``cells`` holds tape cells ``lo .. hi``; ``reason`` is ``"halt-state"``,
    ``"undefined"`` or ``"budget"``; ``macro_steps`` counts the engine's
    iterations (a chain step is one).
    """

    reason: str
    state: int
    head: int
    steps: int
    lo: int
    hi: int
    cells: list[int]
    macro_steps: int


def _limit_error(max_cells: int, steps: int) -> TapeLimitExceeded:
    # Same words as the direct simulator's, so callers see one error.
    return TapeLimitExceeded(
        f"the run needs more than max_cells={max_cells} tape cells "
        f"(after {steps} steps)",
        cells=max_cells + 1,
    )


class _Machine:
    """A machine's flat tables, a block size and its macro-transition cache."""

    __slots__ = ("cache", "is_halt", "k", "loop_bound", "move", "n_sym", "nxt", "write")

    def __init__(
        self,
        write: list[int],
        move: list[int],
        nxt: list[int],
        is_halt: list[bool],
        n_sym: int,
        k: int,
    ) -> None:
        self.write, self.move, self.nxt, self.is_halt = write, move, nxt, is_halt
        self.n_sym, self.k = n_sym, k
        # Pigeonhole: more steps than in-block configurations means a repeat.
        self.loop_bound = len(is_halt) * k * n_sym**k
        self.cache: dict[tuple[int, Block, int], Rec] = {}

    def transition(self, q: int, block: Block, from_left: int) -> Rec:
        """The macro transition of ``block`` entered in state ``q``.

        ``(kind, block written, state, exit right | final offset, steps,
        vmin, vmax)``, offsets relative to the block's first cell.
        """
        k, n_sym = self.k, self.n_sym
        write, move, nxt, is_halt = self.write, self.move, self.nxt, self.is_halt
        cells = list(block)
        i = 0 if from_left else k - 1
        s = 0
        vmin = vmax = i
        bound = self.loop_bound
        while True:
            if is_halt[q]:
                rec = (_HALT, tuple(cells), q, i, s, vmin, vmax)
                break
            e = q * n_sym + cells[i]
            nq = nxt[e]
            if nq < 0:
                rec = (_UNDEF, tuple(cells), q, i, s, vmin, vmax)
                break
            cells[i] = write[e]
            i += move[e]
            q = nq
            s += 1
            if i < vmin:
                vmin = i
            elif i > vmax:
                vmax = i
            if i < 0 or i >= k:
                rec = (_EXIT, tuple(cells), q, int(i >= k), s, vmin, vmax)
                break
            if s > bound:
                rec = (_LOOP, block, q, i, s, vmin, vmax)
                break
        return rec


def _fine(
    m: _Machine,
    q: int,
    block: tuple[int, ...],
    from_left: int,
    bstart: int,
    steps: int,
    max_steps: int,
    lo: int,
    hi: int,
    max_cells: int,
) -> tuple[int, list[int], int, int, int, int, int]:
    """Step the base machine cell by cell inside one block, as the reference does.

    Returns (kind, cells, state, offset, steps, lo, hi); kind ``_LOOP``
    means the budget ran out. Raises when the span passes ``max_cells``.
    """
    k, n_sym = m.k, m.n_sym
    write, move, nxt, is_halt = m.write, m.move, m.nxt, m.is_halt
    cells = list(block)
    i = 0 if from_left else k - 1
    seen: dict[tuple[int, int, tuple[int, ...]], int] | None = {}
    while True:
        if is_halt[q]:
            return _HALT, cells, q, i, steps, lo, hi
        e = q * n_sym + cells[i]
        nq = nxt[e]
        if nq < 0:
            return _UNDEF, cells, q, i, steps, lo, hi
        if steps >= max_steps:
            return _LOOP, cells, q, i, steps, lo, hi
        if seen is not None:
            key = (q, i, tuple(cells))
            first = seen.get(key)
            if first is None:
                seen[key] = steps
            else:
                # A repeat inside the block: it cycles here for ever, and a
                # cycle visits no new cell, so skip whole periods.
                period = steps - first
                steps += (max_steps - steps) // period * period
                seen = None
                continue
        cells[i] = write[e]
        i += move[e]
        q = nq
        steps += 1
        c = bstart + i
        if c < lo:
            lo = c
        elif c > hi:
            hi = c
        if hi - lo + 1 > max_cells:
            raise _limit_error(max_cells, steps)
        if i < 0 or i >= k:
            return _EXIT, cells, q, i, steps, lo, hi


def _push(stack: Stack, block: tuple[int, ...], count: int) -> None:
    if stack and stack[-1][0] == block:
        stack[-1][1] += count
    else:
        stack.append([block, count])


def _pop_one(stack: Stack) -> None:
    if stack:
        top = stack[-1]
        if top[1] == 1:
            stack.pop()
        else:
            top[1] -= 1


def _stacks(
    cells: list[int], origin: int, head: int, k: int
) -> tuple[Stack, Stack]:
    """Run-length stacks of ``cells`` (cell ``origin + i``), aligned at ``head``."""
    n = len(cells)

    def block_at(b: int) -> tuple[int, ...]:
        return tuple(
            cells[c - origin] if 0 <= c - origin < n else 0 for c in range(b, b + k)
        )

    left: Stack = []
    right: Stack = []
    n_right = max(0, -(-(origin + n - head) // k))
    for j in reversed(range(n_right)):  # far to near: the nearest run last
        _push(right, block_at(head + j * k), 1)
    n_left = max(0, -(-(head - origin) // k))
    for j in reversed(range(n_left)):
        _push(left, block_at(head - (j + 1) * k), 1)
    return left, right


#: Use the numba macro kernel where it applies (tests switch it off to hold
#: the pure-Python engine to the reference too).
USE_COMPILED = True
#: Most macro-transition cache entries (states x 2 x S**k) the kernel
#: allocates; beyond it the pure-Python engine's dict cache is used.
MAX_COMPILED_ENTRIES = 1 << 22
#: Step and cell counts the kernel keeps in int64 without overflow: below
#: these, ``steps + m * s`` stays under the budget and run lengths under
#: the cell limit, so no product can pass 2^63.
MAX_COMPILED_STEPS = 1 << 62
MAX_COMPILED_CELLS = 1 << 48
#: Runs each kernel stack holds at first; doubled when one fills.
INITIAL_RUNS = 64


def simulate(
    write: list[int],
    move: list[int],
    nxt: list[int],
    is_halt: list[bool],
    n_sym: int,
    *,
    cells: list[int],
    origin: int = 0,
    head: int = 0,
    state: int,
    steps: int = 0,
    lo: int,
    hi: int,
    max_steps: int,
    max_cells: int,
    k: int,
    max_macro: int | None = None,
    compiled: bool | None = None,
) -> BlockRun:
    """Run from a configuration to a stop, exactly as the reference stepper.

    ``cells[i]`` is tape cell ``origin + i`` (blank outside); ``lo .. hi``
    is the span visited so far. With ``max_macro``, gives up after that many
    iterations (``reason="probe"``, no cells): a probe of how well ``k`` does.
    ``compiled`` picks the numba kernel or the pure-Python loop (default:
    the kernel wherever its int64 counts and cache size allow). Raises
    :class:`~arcot.errors.TapeLimitExceeded` exactly where the reference
    would.
    """
    if compiled is None:
        compiled = USE_COMPILED and compilable(len(is_halt), n_sym, k, steps,
                                                max_steps, max_cells)
    if compiled:
        return _simulate_compiled(write, move, nxt, is_halt, n_sym, k, cells, origin,
                                  state, head, steps, lo, hi, max_steps, max_cells,
                                  max_macro)
    left, right = _stacks(cells, origin, head, k)
    m = _Machine(write, move, nxt, is_halt, n_sym, k)
    return _loop(m, left, right, state, 1, head, steps, lo, hi, max_steps,
                 max_cells, 0, max_macro)


def compilable(
    n_states: int, n_sym: int, k: int, steps: int, max_steps: int, max_cells: int
) -> bool:
    """Whether the numba kernel can run this: its cache fits and its int64
    counts cannot overflow (else the pure-Python engine, Python ints)."""
    return (
        n_states * 2 * n_sym**k <= MAX_COMPILED_ENTRIES
        and max_steps < MAX_COMPILED_STEPS
        and max_cells < MAX_COMPILED_CELLS
        and n_sym <= 256
        and 0 <= steps <= max_steps
    )


def _block(index: int, n_sym: int, k: int) -> Block:
    digits = [0] * k
    for j in range(k - 1, -1, -1):
        index, digits[j] = divmod(index, n_sym)
    return tuple(digits)


def _array_stacks(
    cells: list[int], origin: int, head: int, k: int, n_sym: int
) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """:func:`_stacks` as kernel arrays: ((blocks, counts) left, right)."""
    import numpy as np

    n = len(cells)
    n_right = max(0, -(-(origin + n - head) // k))
    n_left = max(0, -(-(head - origin) // k))
    start = head - n_left * k  # cell of ext[0]
    ext = np.zeros((n_left + n_right) * k, np.int64)
    a, b = max(origin, start), min(origin + n, start + len(ext))
    if a < b:
        ext[a - start : b - start] = np.asarray(cells[a - origin : b - origin])
    powers = n_sym ** np.arange(k - 1, -1, -1, dtype=np.int64)
    rows = ext.reshape(-1, k) @ powers
    # Stack order is far to near, the nearest run last.
    out = []
    for seq in (rows[:n_left], rows[n_left:][::-1]):
        if len(seq) == 0:
            out.append((seq, seq))
            continue
        first = np.flatnonzero(np.concatenate([[True], seq[1:] != seq[:-1]]))
        out.append((seq[first], np.diff(np.append(first, len(seq)))))
    return out[0], out[1]


def _simulate_compiled(
    write: list[int],
    move: list[int],
    nxt: list[int],
    is_halt: list[bool],
    n_sym: int,
    k: int,
    cells: list[int],
    origin: int,
    state: int,
    head: int,
    steps: int,
    lo: int,
    hi: int,
    max_steps: int,
    max_cells: int,
    max_macro: int | None,
) -> BlockRun:
    """:func:`simulate` in the numba kernel, handing the cell-by-cell edge
    cases (a limit inside a block, a loop that never leaves one) to the
    pure-Python loop."""
    import numpy as np

    from arcot.machine import _kernels as K

    n_entries = len(is_halt) * 2 * n_sym**k
    cache = (
        np.full(n_entries, -1, np.int8),
        np.zeros(n_entries, np.int32),
        np.zeros(n_entries, np.int32),
        np.zeros(n_entries, np.int8),
        np.zeros(n_entries, np.int64),
        np.zeros(n_entries, np.int8),
        np.zeros(n_entries, np.int8),
    )
    tables = (
        np.asarray(write, np.int64),
        np.asarray(move, np.int64),
        np.asarray(nxt, np.int64),
        np.asarray(is_halt, np.bool_),
    )
    runs = _array_stacks(cells, origin, head, k, n_sym)
    cap = max(INITIAL_RUNS, 2 * (len(runs[0][0]) + len(runs[1][0])))
    blocks = np.zeros((2, cap), np.int64)
    counts = np.zeros((2, cap), np.int64)
    for side, (side_blocks, side_counts) in enumerate(runs):
        blocks[side, : len(side_blocks)] = side_blocks
        counts[side, : len(side_counts)] = side_counts
    st = np.zeros(K.ST_SIZE, np.int64)
    st[[K.ST_Q, K.ST_D, K.ST_H, K.ST_STEPS, K.ST_LO, K.ST_HI]] = (
        state, 1, head, steps, lo, hi
    )
    st[K.ST_NL], st[K.ST_NR] = len(runs[0][0]), len(runs[1][0])
    cap_macro = -1 if max_macro is None else max_macro
    while True:
        status = K._macro_run(*tables, n_sym, k, *cache, blocks, counts, st,
                              max_steps, max_cells, cap_macro)
        if status != K.MR_GROW:
            break
        blocks = np.concatenate([blocks, np.zeros_like(blocks)], axis=1)
        counts = np.concatenate([counts, np.zeros_like(counts)], axis=1)
    q, h, steps = int(st[K.ST_Q]), int(st[K.ST_H]), int(st[K.ST_STEPS])
    lo, hi, macro = int(st[K.ST_LO]), int(st[K.ST_HI]), int(st[K.ST_MACRO])
    n_left, n_right = int(st[K.ST_NL]), int(st[K.ST_NR])
    if status == K.MR_PROBE:
        return BlockRun("probe", q, h, steps, lo, hi, [], macro)
    if status in (K.MR_HALT, K.MR_UNDEF):
        bstart = int(st[K.ST_BSTART])
        head_cells = np.asarray(_block(int(st[K.ST_BLOCK]), n_sym, k), np.int64)
        out = K._macro_cells(blocks, counts, n_left, n_right, n_sym, k, head_cells,
                             bstart, lo, hi)
        reason = "halt-state" if status == K.MR_HALT else "undefined"
        return BlockRun(reason, q, bstart + int(st[K.ST_OFFSET]), steps, lo, hi,
                        out.tolist(), macro)
    # MR_FINE: the rest in Python, from the kernel's stacks.
    stacks: tuple[Stack, Stack] = ([], [])
    for side, n in ((0, n_left), (1, n_right)):
        for j in range(n):
            stacks[side].append(
                [_block(int(blocks[side, j]), n_sym, k), int(counts[side, j])]
            )
    m = _Machine(write, move, nxt, is_halt, n_sym, k)
    return _loop(m, stacks[0], stacks[1], q, int(st[K.ST_D]), h, steps, lo, hi,
                 max_steps, max_cells, macro, max_macro)


def _loop(
    m: _Machine,
    left: Stack,
    right: Stack,
    q: int,
    d: int,
    h: int,
    steps: int,
    lo: int,
    hi: int,
    max_steps: int,
    max_cells: int,
    macro: int,
    max_macro: int | None,
) -> BlockRun:
    """The pure-Python engine from a configuration on run-length stacks.

    ``d = 1``: the head is about to enter the top of ``right`` from its left
    edge; ``d = 0``: the top of ``left`` from its right edge.
    """
    k = m.k
    cache = m.cache
    blank = (0,) * k
    cap = -1 if max_macro is None else max_macro
    while True:
        if macro == cap:
            return BlockRun("probe", q, h, steps, lo, hi, [], macro)
        macro += 1
        stack = right if d else left
        if stack:
            top = stack[-1]
            block, count = top[0], top[1]
        else:
            block, count = blank, -1  # the endless blank run
        key = (q, block, d)
        rec = cache.get(key)
        if rec is None:
            rec = m.transition(q, block, d)
            cache[key] = rec
        kind, nb, nq, out, s, vmin, vmax = rec
        bstart = h if d else h - k + 1
        if kind == _EXIT:
            if nq == q and out == d:
                # Chain step: the same transition over the whole run.
                n = count
                room = (max_steps - steps) // s
                if d:
                    fit = (max_cells - 1 + lo - bstart - vmax) // k + 1
                else:
                    fit = (max_cells - 1 - hi + bstart + vmin) // k + 1
                mm = room if fit > room else fit
                if n >= 0 and n <= mm:
                    mm = n
                    stack.pop()
                elif mm <= 0:
                    mm = 0
                elif n >= 0:
                    top[1] = n - mm
                if mm:
                    if d:
                        _push(left, nb, mm)
                        h += mm * k
                        if h > hi:
                            hi = h
                    else:
                        _push(right, nb, mm)
                        h -= mm * k
                        if h < lo:
                            lo = h
                    steps += mm * s
                    if mm == n:
                        continue
                # The next block would pass a limit: go cell by cell.
                bstart = h if d else h - k + 1
            elif (
                steps + s <= max_steps
                and max(hi, bstart + vmax) - min(lo, bstart + vmin) < max_cells
            ):
                _pop_one(stack)
                steps += s
                if bstart + vmin < lo:
                    lo = bstart + vmin
                if bstart + vmax > hi:
                    hi = bstart + vmax
                if out:
                    _push(left, nb, 1)
                    h = bstart + k
                else:
                    _push(right, nb, 1)
                    h = bstart - 1
                q, d = nq, out
                continue
        elif (
            kind != _LOOP
            and steps + s <= max_steps
            and max(hi, bstart + vmax) - min(lo, bstart + vmin) < max_cells
        ):
            _pop_one(stack)
            steps += s
            lo = min(lo, bstart + vmin)
            hi = max(hi, bstart + vmax)
            reason = "halt-state" if kind == _HALT else "undefined"
            return _finish(reason, left, right, list(nb), bstart, out, nq, steps,
                           lo, hi, k, macro)
        # Cell by cell inside this block.
        block = stack[-1][0] if stack else blank
        fk, fcells, fq, fi, steps, lo, hi = _fine(
            m, q, block, d, bstart, steps, max_steps, lo, hi, max_cells
        )
        _pop_one(stack)
        if fk == _EXIT:
            if fi >= k:
                _push(left, tuple(fcells), 1)
                h, d = bstart + k, 1
            else:
                _push(right, tuple(fcells), 1)
                h, d = bstart - 1, 0
            q = fq
            continue
        reason = {_HALT: "halt-state", _UNDEF: "undefined", _LOOP: "budget"}[fk]
        return _finish(reason, left, right, fcells, bstart, fi, fq, steps, lo, hi,
                       k, macro)


def _finish(
    reason: str,
    left: Stack,
    right: Stack,
    block: list[int],
    bstart: int,
    offset: int,
    q: int,
    steps: int,
    lo: int,
    hi: int,
    k: int,
    macro: int,
) -> BlockRun:
    """Materialise cells ``lo .. hi`` around the head's block."""
    width = hi - lo + 1
    out = [0] * width
    for c in range(max(bstart, lo), min(bstart + k - 1, hi) + 1):
        out[c - lo] = block[c - bstart]
    # Left stack: runs ending at bstart - 1, nearest first; right likewise.
    end = bstart
    for blk, count in reversed(left):
        if end <= lo:
            break
        start = end - count * k
        for c in range(max(start, lo), min(end, hi + 1)):
            out[c - lo] = blk[(c - start) % k]
        end = start
    begin = bstart + k
    for blk, count in reversed(right):
        if begin > hi:
            break
        stop = begin + count * k
        for c in range(max(begin, lo), min(stop, hi + 1)):
            out[c - lo] = blk[(c - begin) % k]
        begin = stop
    return BlockRun(reason, q, bstart + offset, steps, lo, hi, out, macro)


def choose_block_size(
    write: list[int],
    move: list[int],
    nxt: list[int],
    is_halt: list[bool],
    n_sym: int,
    *,
    cells: list[int],
    origin: int = 0,
    head: int = 0,
    state: int,
    steps: int = 0,
    lo: int,
    hi: int,
    max_steps: int,
    max_cells: int,
    probe: int = 2000,
    compiled: bool | None = None,
) -> tuple[int, float, BlockRun | None]:
    """The block size that covers the most base steps in ``probe`` iterations.

    Tries ``k = 1 .. MAX_K`` (while ``n_sym**k <= MAX_BLOCKS``) from the
    given configuration; returns ``(k, base steps per iteration, result)``,
    where ``result`` is the finished run if a probe already stopped.
    Ties go to the smaller ``k`` (a smaller cache). ``compiled`` as in
    :func:`simulate`.
    """
    best_k, best_rate = 1, -1.0
    k = 1
    while k <= MAX_K and n_sym**k <= MAX_BLOCKS:
        res = simulate(
            write, move, nxt, is_halt, n_sym, cells=cells, origin=origin,
            head=head, state=state, steps=steps, lo=lo, hi=hi,
            max_steps=max_steps, max_cells=max_cells, k=k, max_macro=probe,
            compiled=compiled,
        )
        if res.reason != "probe":
            return k, float("inf"), res
        rate = (res.steps - steps) / probe
        if rate > best_rate:
            best_k, best_rate = k, rate
        k += 1
    return best_k, best_rate, None
