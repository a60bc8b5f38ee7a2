"""numba kernel: a linear predictor's tableau rollout, row by row, in integers.

Nothing here validates; :func:`arcot.universal.run.rollout_rows` is the only
caller and has checked that no score can leave int64. The weights are the
CSR arrays of :class:`arcot.verify.windows._Decider` (integer numerators at
one common denominator, three slots keyed by one or two window cells).
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit


@njit
def _argmax(a: int, b: int, d: int, first: np.ndarray, second: np.ndarray,
            offsets0: np.ndarray, ys0: np.ndarray, ws0: np.ndarray,
            offsets1: np.ndarray, ys1: np.ndarray, ws1: np.ndarray,
            offsets2: np.ndarray, ys2: np.ndarray, ws2: np.ndarray,
            size: int, scores: np.ndarray, stamp: np.ndarray, mark: int) -> int:
    """The predicted token of window (a, b, d): the highest score, the lowest
    id among equals; a token without weights on the window scores 0."""
    window = (a, b, d)
    best, best_y = 0, -1
    for k in range(3):
        if k == 0:
            offsets, ys, ws = offsets0, ys0, ws0
        elif k == 1:
            offsets, ys, ws = offsets1, ys1, ws1
        else:
            offsets, ys, ws = offsets2, ys2, ws2
        key = window[first[k]]
        if second[k] >= 0:
            key = key * size + window[second[k]]
        for j in range(offsets[key], offsets[key + 1]):
            y = ys[j]
            if stamp[y] != mark:
                stamp[y] = mark
                scores[y] = 0
            scores[y] += ws[j]
    for y in range(size):  # touched tokens their score, the others 0
        s = scores[y] if stamp[y] == mark else 0
        if best_y < 0 or s > best:
            best, best_y = s, y
    return best_y


@njit
def _rollout_rows(
    above: np.ndarray,  # [W + 1] the last row written (starts with the delimiter)
    before: int,  # the last cell of the row before it (delimiter at the start)
    n_rows: int,
    out: np.ndarray,  # [n_rows, W + 1] filled in
    stop: np.ndarray,  # [V] bool: a row whose head token is one of these ends the call
    is_head: np.ndarray,  # [V] bool
    memo: np.ndarray,  # [V**3] int16 (-1: not yet scored), or [0]: no memo
    first: np.ndarray,
    second: np.ndarray,
    offsets0: np.ndarray, ys0: np.ndarray, ws0: np.ndarray,
    offsets1: np.ndarray, ys1: np.ndarray, ws1: np.ndarray,
    offsets2: np.ndarray, ys2: np.ndarray, ws2: np.ndarray,
    size: int,
    in_kernel: bool,  # False: scores could leave int64, a memo miss returns
    miss: np.ndarray,  # [3] filled in: the window a return for -2 asks about
) -> tuple[int, int]:
    """Write up to ``n_rows`` rows after ``above``, each token the predictor's
    argmax on the window above it (the stream's order: the delimiter from
    the last cell two rows up, the delimiter above and the first cell above;
    the last cell's right neighbour is its own row's delimiter).

    Returns ``(rows written, head column of the last row)``: it stops early
    after a row whose head token is flagged in ``stop``; a head column of -1
    means the last row holds no head (or more than one), -2 (only when not
    ``in_kernel``) that the window in ``miss`` must be scored and memoised
    by the caller before the rows after the ones written.
    """
    width = above.shape[0] - 1
    scores = np.zeros(size, np.int64)
    stamp = np.zeros(size, np.int64)
    mark = 0
    use_memo = memo.shape[0] > 0
    prev = above.copy()
    last = before
    head = -1
    for r in range(n_rows):
        row = out[r]
        for j in range(width + 1):
            a = last if j == 0 else prev[j - 1]
            b = prev[j]
            d = prev[j + 1] if j < width else row[0]
            tok = -1
            if use_memo:
                tok = memo[(a * size + b) * size + d]
            if tok < 0 and not in_kernel:
                miss[0], miss[1], miss[2] = a, b, d
                return r, -2
            if tok < 0:
                mark += 1
                tok = _argmax(a, b, d, first, second, offsets0, ys0, ws0,
                              offsets1, ys1, ws1, offsets2, ys2, ws2,
                              size, scores, stamp, mark)
                if use_memo:
                    memo[(a * size + b) * size + d] = tok
            row[j] = tok
        head, heads = -1, 0
        for j in range(1, width + 1):
            if is_head[row[j]]:
                head = j
                heads += 1
        if heads != 1:
            return r + 1, -1
        last = prev[width]
        for j in range(width + 1):  # not prev[:] = row: see learn/_kernels._rollout
            prev[j] = row[j]
        if stop[row[head]]:
            return r + 1, head
    return n_rows, head
