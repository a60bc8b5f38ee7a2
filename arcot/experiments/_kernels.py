"""numba kernels of the position-specific least-squares model: arrays in.

Nothing here validates; :mod:`arcot.experiments.positional` does and is the
only caller. Columns are numbered position-major with the bias as column 0,
so in a row's list of columns (one per position, in position order) every
column is larger than the ones before it.
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit

#: Eager signature: a dtype drift in the caller fails at once, not silently.
_COOCCURRENCE_SIGNATURE = "void(int64[:, ::1], int64[:, ::1])"


@njit(_COOCCURRENCE_SIGNATURE)
def _cooccurrence(columns: np.ndarray, gram: np.ndarray) -> None:
    """Add the rows' co-occurrence counts to the upper triangle of ``gram``.

    ``columns`` [p, n], position-major: ``columns[a, i]`` is row ``i``'s
    column at its ``a``-th counted position (increasing in ``a``, never 0:
    the bias, which every row has). ``gram[c, d]`` for ``c <= d`` gains the
    number of rows that have both ``c`` and ``d``: the Gram matrix ``X^T X``
    of the 0/1 design, bias included. One pair of positions at a time, so
    the writes stay in that pair's small block (four times faster than row
    by row at four-digit multiplication, where ``gram`` is 2,062 square).
    """
    p, n = columns.shape
    gram[0, 0] += n
    for a in range(p):
        first = columns[a]
        for i in range(n):
            gram[0, first[i]] += 1
        for b in range(a, p):
            second = columns[b]
            for i in range(n):
                gram[first[i], second[i]] += 1


@njit  # lazily typed: any integer token dtype, read-only weights
def _position_scores(
    tokens: np.ndarray,  # [n, >= t] token ids
    t: int,
    columns: np.ndarray,  # [T, V] int64: column of (position, token), -1 if none
    weights: np.ndarray,  # [C_t, k] float64, row 0 the bias
    targets: np.ndarray,  # [k] int64: the token each weight column scores
    out: np.ndarray,  # [n, V] float64, zero where no target: filled in
) -> None:
    """The scores of position ``t``: for row ``i`` and target ``y``,
    ``out[i, targets[y]] = weights[0, y] + sum_{j < t} weights[c_j, y]``
    with ``c_j = columns[j, tokens[i, j]]`` (skipped where ``-1``: a
    (position, token) never seen in training has no weight)."""
    n = tokens.shape[0]
    k = weights.shape[1]
    acc = np.empty(k, np.float64)
    for i in range(n):
        for y in range(k):
            acc[y] = weights[0, y]
        for j in range(t):
            c = columns[j, tokens[i, j]]
            if c >= 0:
                for y in range(k):
                    acc[y] += weights[c, y]
        for y in range(k):
            out[i, targets[y]] = acc[y]
