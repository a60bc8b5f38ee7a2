"""Least squares for linear next-token predictors, fitted with numba.

The fit regresses the one-hot next token on the window's features and
predicts the argmax. It never builds a design matrix: each window fires
three columns, so the normal equations ``X^T X w = X^T Y`` are accumulated
straight from the token ids, over only the columns the data fires. Those
columns split into independent blocks (connected components of "fired by one
window": for pairwise features, one block per middle token), and each
block gets the minimum-norm least squares solution even when the data leave
the system rank deficient: the solution ``numpy.linalg.lstsq`` finds on the
dense one-hot design. Pairwise blocks are solved from their structure (a
bipartite graph of left and right tokens, whose null space is known), other
blocks by their pseudo-inverse. Data read from token streams are counted in
one pass over the streams, never building their windows.

Exactness (theory.md, facts 2 and 3): under pairwise features the tableau
step is exactly linear, the residual is zero and the fit reproduces every
window whose coordinates were seen; under additive features least squares
is *not* exact, and verification finds where it fails.
"""

from __future__ import annotations

import numpy as np

from arcot.errors import LearningError
from arcot.learn import _kernels as K
from arcot.learn.data import DENSE_LIMIT, TokenStreams, WindowData, dense_table
from arcot.learn.features import FEATURE_KINDS, FeatureKind, feature_dimension
from arcot.learn.predictor import KIND_CODE, FitInfo, LinearPredictor

__all__ = ["RTOL", "fit_linear_predictor"]

#: Eigenvalues of a Gram block below ``RTOL`` times its largest are treated as
#: zero by the pseudo-inverse. Gram entries are window counts (integers), so
#: the true non-zero eigenvalues sit far above this.
RTOL = 1e-10

#: Above this many columns a dense renumbering table would cost more than
#: ~32 MB, and renumbering sorts instead.
_DENSE_LIMIT = DENSE_LIMIT

#: Example keys ``(group, left, middle, right, target)`` in base V must stay
#: below this (int64, and a sentinel free).
_KEY_LIMIT = 1 << 62


def _check_fit(data: object, features: str) -> FeatureKind:
    """What every learner requires of its training data and feature kind."""
    if features not in FEATURE_KINDS:
        raise LearningError(
            f"features must be one of {', '.join(FEATURE_KINDS)}, got {features!r}"
        )
    if not isinstance(data, WindowData):
        raise LearningError(f"data must be WindowData, got {type(data).__name__}")
    if len(data) == 0:
        raise LearningError("no training windows: the data set is empty")
    return features


def fit_linear_predictor(
    data: WindowData, *, features: str = "pairwise", tied: bool = True
) -> LinearPredictor:
    """Fit a linear predictor to ``data`` by least squares.

    Parameters
    ----------
    data
        Training windows and next tokens (:mod:`arcot.learn.data`).
    features
        ``"pairwise"`` (exact for the tableau step) or ``"additive"``.
    tied
        One predictor for every position (``True``) or one per CoT position
        (``False``; the data must come from runs, all of one shape).

    Returns
    -------
    LinearPredictor
        Float weights for the columns the data fired; ``info.residual`` is
        the sum of squared errors on the training windows.

    Examples
    --------
    >>> from arcot.learn.data import training_data
    >>> from arcot.zoo import get
    >>> data = training_data(get("bb2"), "configurations:300")
    >>> p = fit_linear_predictor(data, features="pairwise")
    >>> p.info.residual < 1e-12
    True
    >>> bool((p.predict(data.windows)[0] == data.targets).all())
    True
    """
    kind = _check_fit(data, features)
    vocab_size = len(data.vocabulary)
    dim = feature_dimension(features, vocab_size)
    windows, targets, groups, counts, positions = _examples(data, tied)
    weight = counts.astype(np.float64)
    cols = K._feature_columns(windows, KIND_CODE[features], vocab_size, groups, dim)
    compact, used = _compact(cols, dim * (positions or 1))
    roles = _roles(used % dim, vocab_size) if features == "pairwise" else None
    weights = _solve(compact, targets, weight, len(used), vocab_size, roles)
    residual = _residual(compact, targets, weight, weights)
    info = FitInfo(
        learner="lstsq",
        train=data.source,
        n_windows=len(data),
        n_distinct=len(targets),
        residual=residual,
    )
    return LinearPredictor(
        features=kind,
        vocabulary=data.vocabulary,
        columns=used,
        weights=weights,
        positions=positions,
        info=info,
        window=None if tied else data.window,
        steps=None if tied else data.steps,
    )


def _residual(
    cols: np.ndarray, targets: np.ndarray, counts: np.ndarray, weights: np.ndarray
) -> float:
    """The sum of squared errors, as :func:`~arcot.learn._kernels._residual`
    sums it (the same float), over each column's non-zero weights only: a
    fitted block's weights are zero outside the classes its windows have."""
    rows, classes = np.nonzero(weights)
    ptr = np.zeros(len(weights) + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=len(weights)), out=ptr[1:])
    return float(K._sparse_residual(cols, targets, counts, weights, ptr,
                                    np.ascontiguousarray(classes, dtype=np.int64)))


def _roles(columns: np.ndarray, v: int) -> np.ndarray:
    """Slot of each pairwise column (within its position): M 0, LM 1, MR 2."""
    return np.searchsorted(np.array([v, v + v * v]), columns, side="right")


def _groups(data: WindowData, tied: bool) -> tuple[np.ndarray, int | None]:
    if tied:
        return np.zeros(len(data), np.int64), None
    if data.positions.min() < 0:
        raise LearningError(
            f"an untied predictor needs data from runs with CoT positions; "
            f"{data.source or 'this data'} has none"
        )
    return np.ascontiguousarray(data.positions), int(data.positions.max()) + 1


def _compact(cols: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    if size <= _DENSE_LIMIT:
        out, used = K._compact_dense(cols, size)
        return out, used
    used, inverse = np.unique(cols, return_inverse=True)
    return np.ascontiguousarray(inverse.reshape(cols.shape), dtype=np.int64), used


def _examples(
    data: WindowData, tied: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int | None]:
    """:func:`_distinct` of ``data`` grouped as ``tied`` asks, and the number
    of positions (``None`` when tied).

    Data read from token streams are counted in one pass over the streams
    (:func:`_count_streams`), never building their windows.
    """
    src = data.streams
    if src is None:
        groups, positions = _groups(data, tied)
        return (*_distinct(data, groups), positions)
    positions = None if tied else src.cot_length
    v = len(data.vocabulary)
    if (positions or 1) * v**4 >= _KEY_LIMIT:
        groups, positions = _groups(data, tied)
        return (*_distinct(data, groups), positions)
    if positions is None and src.keys is not None and src.counts is not None:
        keys, counts = src.keys, src.counts  # counted when checked
    else:
        keys, counts = _count_streams(src, v, positions)
    return (*_decode(keys, v), counts, positions)


def _count_streams(
    src: TokenStreams, v: int, positions: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct example keys of ``src`` and their counts: a dense
    count table when the key space is small, else a hash table."""
    untied = positions is not None
    space = (positions or 1) * v**4
    n = src.streams.shape[0] * src.cot_length
    if _dense(space, n):
        table = np.zeros(space, np.int64)
        K._count_stream_dense(src.streams, src.width, src.delimiter, v, untied, table)
        keys = np.flatnonzero(table)
        return keys, table[keys]
    n_slots = _slots(2 * min(space, n, 1 << 12))
    keys = np.full(n_slots, -1, np.int64)
    counts = np.zeros(n_slots, np.int64)
    first = p = size = 0
    n_streams = src.streams.shape[0]
    while True:
        first, p, size = K._count_stream_hash(
            src.streams, first, p, src.width, src.delimiter, v, untied, keys, counts,
            size,
        )
        if first == n_streams:
            return _sorted_table(keys, counts)
        n_slots *= 2
        keys, counts = K._rehash(keys, counts, n_slots)


def _count_keys(keys: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct values of ``keys`` (in ``0..space-1``), counted."""
    if _dense(space, len(keys)):
        table = np.bincount(keys, minlength=space)
        distinct = np.flatnonzero(table)
        return distinct, table[distinct]
    n_slots = _slots(2 * min(space, 1 << 12))
    table_keys = np.full(n_slots, -1, np.int64)
    counts = np.zeros(n_slots, np.int64)
    first = size = 0
    while True:
        first, size = K._count_keys_hash(keys, first, table_keys, counts, size)
        if first == len(keys):
            return _sorted_table(table_keys, counts)
        table_keys, counts = K._rehash(table_keys, counts, 2 * n_slots)
        n_slots *= 2


def _dense(space: int, n: int) -> bool:
    """:func:`~arcot.learn.data.dense_table` (here, so tests can force either
    path)."""
    return dense_table(space, n)


def _slots(n: int) -> int:
    """The least power of two ``>= max(n, 16)``."""
    return 1 << max(int(n) - 1, 15).bit_length()


def _sorted_table(
    keys: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The keys a hash table holds, sorted, and their counts."""
    full = np.flatnonzero(keys != -1)
    order = np.argsort(keys[full], kind="stable")
    return keys[full][order], counts[full][order]


def _decode(
    keys: np.ndarray, v: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows [k, 3], targets [k] and groups [k] of example keys."""
    rest, target = np.divmod(keys, v)
    rest, right = np.divmod(rest, v)
    rest, middle = np.divmod(rest, v)
    group, left = np.divmod(rest, v)
    windows = np.ascontiguousarray(np.stack([left, middle, right], axis=1))
    return windows, target, np.ascontiguousarray(group)


def _distinct(
    data: WindowData, groups: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct examples, sorted by (group, left, middle, right, target).

    Returns windows [k, 3], targets [k], groups [k] and counts [k]. Counting
    is one pass over a dense count table when the key space is small, and
    over a hash table otherwise.
    """
    v = len(data.vocabulary)
    n_groups = int(groups.max()) + 1 if len(groups) else 1
    space = n_groups * v**4
    if space >= _KEY_LIMIT:  # keys would overflow int64: sort the rows
        rows = np.column_stack([groups, data.windows, data.targets])
        distinct, counts = np.unique(rows, axis=0, return_counts=True)
        return (
            np.ascontiguousarray(distinct[:, 1:4]),
            np.ascontiguousarray(distinct[:, 4]),
            np.ascontiguousarray(distinct[:, 0]),
            counts,
        )
    keys = K._example_keys(data.windows, data.targets, groups, v)
    keys, counts = _count_keys(keys, space)
    return (*_decode(keys, v), counts)


def _solve(
    cols: np.ndarray,
    targets: np.ndarray,
    counts: np.ndarray,
    n_cols: int,
    n_classes: int,
    roles: np.ndarray | None = None,
) -> np.ndarray:
    """Minimum-norm least squares weights ``[n_cols, n_classes]``, blockwise.

    ``roles`` (pairwise features only) tells each column's slot, ``M`` 0,
    ``LM`` 1, ``MR`` 2: every block is then solved from its structure by
    :func:`~arcot.learn._kernels._pairwise_block_solve` (numba, one thread,
    no BLAS: LAPACK's eigensolver on blocks of some 90 columns ran
    multi-threaded and, on a busy machine, waited on its threads ten times
    longer than it computed). Without roles (additive features), or where
    a Cholesky pivot fails, blocks get batched pseudo-inverses.
    """
    roots = K._components(cols, n_cols)
    _, block, sizes = np.unique(roots, return_inverse=True, return_counts=True)
    col_size = sizes[block]
    # Lay columns out block by block, blocks ordered by size, so that all
    # blocks of one size form one contiguous stack for a batched solve.
    order = np.lexsort((np.arange(n_cols), block, col_size))
    slot = np.empty(n_cols, np.int64)
    slot[order] = np.arange(n_cols)
    first = np.empty(n_cols, np.int64)
    is_start = np.ones(n_cols, bool)
    is_start[1:] = block[order][1:] != block[order][:-1]
    starts = np.flatnonzero(is_start)
    first[order] = np.repeat(starts, np.diff(np.append(starts, n_cols)))
    local = slot - first
    # Gram offset of each block: blocks in layout order, each size^2 entries.
    block_sizes = col_size[order][starts]
    offsets = np.concatenate([[0], np.cumsum(block_sizes**2)[:-1]])
    base = np.empty(n_cols, np.int64)
    base[order] = np.repeat(offsets, block_sizes)
    gram = np.zeros(int(np.sum(block_sizes**2)), np.float64)
    rhs = np.zeros((n_cols, n_classes), np.float64)
    K._accumulate(
        cols,
        targets,
        counts,
        np.ascontiguousarray(local),
        base,
        np.ascontiguousarray(col_size),
        gram,
        rhs,
    )
    if roles is not None:
        # in place, in column order (rhs is n_cols x V floats: on a large
        # machine, gigabytes, so neither laid out nor copied): a block reads
        # its right-hand side whole before it writes its solution there,
        # and leaves it as it was when it fails
        failed = K._pairwise_blocks_solve(
            gram, offsets, starts, block_sizes, roles[order], order, rhs
        )
        for b in failed:
            size, g0, r0 = int(block_sizes[b]), int(offsets[b]), int(starts[b])
            square = gram[g0 : g0 + size * size].reshape(size, size)
            pinv = np.linalg.pinv(square, rtol=RTOL, hermitian=True)
            rows = order[r0 : r0 + size]
            rhs[rows] = pinv @ rhs[rows]
        return rhs
    rhs_laid = rhs[order]
    del rhs
    solution = np.empty((n_cols, n_classes), np.float64)
    for s in np.unique(block_sizes):
        idx = np.flatnonzero(block_sizes == s)
        k = len(idx)
        g0 = int(offsets[idx[0]])
        r0 = int(starts[idx[0]])
        g = gram[g0 : g0 + k * s * s].reshape(k, s, s)
        r = rhs_laid[r0 : r0 + k * s].reshape(k, s, n_classes)
        solution[r0 : r0 + k * s] = (
            np.linalg.pinv(g, rtol=RTOL, hermitian=True) @ r
        ).reshape(k * s, n_classes)
    return _unlay(solution, order)


def _unlay(solution: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Rows of ``solution`` (laid out block by block) in column order."""
    weights = np.empty_like(solution)
    weights[order] = solution
    return weights
