"""numba kernels of the learners: arrays and scalars in, arrays out.

Nothing here validates its input; :mod:`arcot.learn.lstsq`,
:mod:`arcot.learn.perceptron` and :mod:`arcot.learn.rollout` do, and are the
only callers. Every kernel has a plain reference in ``tests/naive.py`` and a
property test comparing the two.

Feature kinds are coded ``0`` additive, ``1`` pairwise; the column formulas
are those of :func:`arcot.learn.features.feature_index`, plus
``group * dim`` for untied predictors (one block of columns per position).
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit

ADDITIVE, PAIRWISE = 0, 1


@njit
def _stream_windows(
    streams: np.ndarray, width: int, delimiter: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows ``(left, middle, right)``, targets and CoT positions of tableau
    streams ``[n_streams, length]`` (prompt row then CoT rows)."""
    n_streams, length = streams.shape
    row = width + 1
    per = length - row
    n = n_streams * per
    windows = np.empty((n, 3), np.int64)
    targets = np.empty(n, np.int64)
    positions = np.empty(n, np.int64)
    for b in range(n_streams):
        for p in range(row, length):
            k = b * per + p - row
            lp = p - width - 2
            windows[k, 0] = streams[b, lp] if lp >= 0 else delimiter
            windows[k, 1] = streams[b, p - width - 1]
            windows[k, 2] = streams[b, p - width]
            targets[k] = streams[b, p]
            positions[k] = p - row
    return windows, targets, positions


@njit
def _successor_windows(
    before: np.ndarray,  # [k, W + 1]: a row whose last cell the delimiter reads
    config: np.ndarray,  # [k, W + 1]: "#" then the configuration's cells
    is_head: np.ndarray,
    symbol: np.ndarray,
    stay: np.ndarray,
    enters_right: np.ndarray,
    enters_left: np.ndarray,
    n_symbols: int,
    delimiter: int,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The windows and targets of each configuration's successor row (the
    local rule, as :meth:`arcot.cot.Tableau.rules` computes it, with ``#``
    past the row's end), in the order of :func:`_stream_windows` on the
    streams ``before, config, successor`` keeping the successor's tokens;
    ``False`` where a cell's rule is undefined (two heads)."""
    k, row = config.shape
    width = row - 1
    windows = np.empty((k * row, 3), np.int64)
    targets = np.empty(k * row, np.int64)
    for b in range(k):
        o = b * row
        # the successor's delimiter reads before's last cell, "#", cell 1
        windows[o, 0] = before[b, width]
        windows[o, 1] = config[b, 0]
        windows[o, 2] = config[b, 1] if width >= 1 else delimiter
        targets[o] = delimiter
        for j in range(1, row):
            a = config[b, j - 1]
            m = config[b, j]
            c = config[b, j + 1] if j < width else delimiter
            windows[o + j, 0] = a
            windows[o + j, 1] = m
            windows[o + j, 2] = c
            if m == delimiter or is_head[m]:
                out = stay[m]
            else:
                q = enters_right[a]
                if q < 0:
                    q = enters_left[c]
                out = m if q < 0 else 1 + n_symbols + q * n_symbols + symbol[m]
            heads = int(is_head[a]) + int(is_head[m]) + int(is_head[c])
            if m != delimiter and heads > 1:
                return windows, targets, False
            targets[o + j] = out
    return windows, targets, True


@njit
def _example_keys(
    windows: np.ndarray, targets: np.ndarray, groups: np.ndarray, vocab_size: int
) -> np.ndarray:
    """One int64 per example: ``(group, left, middle, right, target)`` in base V."""
    v = vocab_size
    n = windows.shape[0]
    keys = np.empty(n, np.int64)
    for i in range(n):
        key = groups[i] * v + windows[i, 0]
        key = key * v + windows[i, 1]
        key = key * v + windows[i, 2]
        keys[i] = key * v + targets[i]
    return keys


@njit
def _token_range(streams: np.ndarray) -> tuple[int, int]:
    """Least and greatest token of ``streams`` (``(0, -1)`` when empty).

    Four running minima and maxima, so the loop does not wait on one.
    """
    flat = streams.ravel()
    n = flat.shape[0]
    if n == 0:
        return 0, -1
    lo0 = lo1 = lo2 = lo3 = flat[0]
    hi0 = hi1 = hi2 = hi3 = flat[0]
    i = 0
    while i + 4 <= n:
        a, b, c, d = flat[i], flat[i + 1], flat[i + 2], flat[i + 3]
        lo0, hi0 = min(lo0, a), max(hi0, a)
        lo1, hi1 = min(lo1, b), max(hi1, b)
        lo2, hi2 = min(lo2, c), max(hi2, c)
        lo3, hi3 = min(lo3, d), max(hi3, d)
        i += 4
    while i < n:
        lo0, hi0 = min(lo0, flat[i]), max(hi0, flat[i])
        i += 1
    return min(min(lo0, lo1), min(lo2, lo3)), max(max(hi0, hi1), max(hi2, hi3))


@njit
def _count_stream_dense(
    streams: np.ndarray,
    width: int,
    delimiter: int,
    vocab_size: int,
    untied: bool,
    table: np.ndarray,
) -> None:
    """Count the example keys of tableau ``streams`` into a dense ``table``.

    One pass over the token streams, never building the windows: the key of
    the CoT token at ``p`` is :func:`_example_keys`'s ``(group, left,
    middle, right, target)`` in base ``V``, where group is the CoT position
    (``untied``) or 0, and the window is read as in :func:`_stream_windows`.
    ``table`` [groups * V^4] is added to (zero it first).
    """
    n_streams, length = streams.shape
    v = vocab_size
    row = width + 1
    span = v * v * v * v if untied else 0
    for b in range(n_streams):
        # The window slides one token a step: keep left and middle in
        # registers and read the right and target tokens.
        left = delimiter
        middle = streams[b, 0]
        group = 0
        for p in range(row, length):
            right = streams[b, p - width]
            table[group + ((left * v + middle) * v + right) * v + streams[b, p]] += 1
            left = middle
            middle = right
            group += span


@njit
def _count_stream_checked(
    streams: np.ndarray,
    width: int,
    delimiter: int,
    vocab_size: int,
    table: np.ndarray,
) -> bool:
    """:func:`_count_stream_dense` of a tied predictor (every group 0) over
    streams not yet checked: each token is checked to lie in ``0..V-1``
    before it is used. Returns ``False`` at the first that does not (the
    ``table`` then partial), ``True`` when all were counted.

    Every token is read as a right or target token, or is a stream's first
    token, except when the streams hold no CoT token at all.
    """
    n_streams, length = streams.shape
    v = vocab_size
    row = width + 1
    for b in range(n_streams):
        middle = streams[b, 0]
        if middle < 0 or middle >= v:
            return False
        if length == row:  # the prompt row alone: check it
            for p in range(1, length):
                if streams[b, p] < 0 or streams[b, p] >= v:
                    return False
            continue
        left = delimiter
        for p in range(row, length):
            right = streams[b, p - width]
            target = streams[b, p]
            if right < 0 or right >= v or target < 0 or target >= v:
                return False
            table[((left * v + middle) * v + right) * v + target] += 1
            left = middle
            middle = right
    return True


@njit
def _hash_shift(n_slots: int) -> int:
    """``64 - log2(n_slots)`` for a power of two ``n_slots >= 2``."""
    bits = 0
    while (1 << bits) < n_slots:
        bits += 1
    return 64 - bits


@njit
def _hash_slot(key: int, shift: int, mask: int) -> int:
    """Home slot of ``key`` in a table of ``mask + 1`` slots (Fibonacci
    hashing: the top bits of ``key`` times 2^64 over the golden ratio)."""
    return ((key * -7046029254386353131) >> shift) & mask


@njit
def _count_stream_hash(
    streams: np.ndarray,
    first: int,
    first_p: int,
    width: int,
    delimiter: int,
    vocab_size: int,
    untied: bool,
    keys: np.ndarray,
    counts: np.ndarray,
    size: int,
) -> tuple[int, int, int]:
    """:func:`_count_stream_dense` into an open-addressing hash table.

    ``keys`` (``-1``: empty) and ``counts`` hold ``size`` keys in a power of
    two of slots. Counts from stream ``first``'s token ``first_p`` on (a
    position in the CoT, ``>= width + 1``) until a new key would fill more
    than half the table; returns where it stopped (stream, token; the
    stream is ``n_streams`` when done) and the new size, and the caller
    grows the table (:func:`_rehash`) and calls again from there.
    """
    n_streams, length = streams.shape
    v = vocab_size
    row = width + 1
    span = v * v * v * v if untied else 0
    n_slots = keys.shape[0]
    mask = n_slots - 1
    shift = _hash_shift(n_slots)
    start = max(first_p, row)
    for b in range(first, n_streams):
        lp = start - width - 2
        left = streams[b, lp] if lp >= 0 else delimiter
        middle = streams[b, start - width - 1]
        group = (start - row) * span
        for p in range(start, length):
            right = streams[b, p - width]
            key = group + ((left * v + middle) * v + right) * v + streams[b, p]
            i = _hash_slot(key, shift, mask)
            while keys[i] != key and keys[i] != -1:
                i = (i + 1) & mask
            if keys[i] == -1:
                if 2 * (size + 1) > n_slots:
                    return b, p, size
                keys[i] = key
                size += 1
            counts[i] += 1
            left = middle
            middle = right
            group += span
        start = row
    return n_streams, row, size


@njit
def _count_keys_hash(
    examples: np.ndarray, first: int, keys: np.ndarray, counts: np.ndarray, size: int
) -> tuple[int, int]:
    """:func:`_count_stream_hash` over an array of keys (:func:`_example_keys`):
    counts ``examples[first:]`` while the table stays at most half full;
    returns the first key not counted and the new size."""
    mask = keys.shape[0] - 1
    shift = _hash_shift(mask + 1)
    i_ex = first
    n = examples.shape[0]
    while i_ex < n and 2 * (size + 1) <= mask + 1:
        key = examples[i_ex]
        i = _hash_slot(key, shift, mask)
        while True:
            k = keys[i]
            if k == key:
                break
            if k == -1:
                keys[i] = key
                size += 1
                break
            i = (i + 1) & mask
        counts[i] += 1
        i_ex += 1
    return i_ex, size


@njit
def _rehash(
    keys: np.ndarray, counts: np.ndarray, n_slots: int
) -> tuple[np.ndarray, np.ndarray]:
    """The hash table ``keys``/``counts`` moved into ``n_slots`` (a power of
    two at least the number of keys) slots."""
    new_keys = np.full(n_slots, -1, np.int64)
    new_counts = np.zeros(n_slots, np.int64)
    mask = n_slots - 1
    shift = _hash_shift(mask + 1)
    for j in range(keys.shape[0]):
        key = keys[j]
        if key != -1:
            i = _hash_slot(key, shift, mask)
            while new_keys[i] != -1:
                i = (i + 1) & mask
            new_keys[i] = key
            new_counts[i] = counts[j]
    return new_keys, new_counts


@njit
def _feature_columns(
    windows: np.ndarray, kind: int, vocab_size: int, groups: np.ndarray, dim: int
) -> np.ndarray:
    """Column indices ``[n, 3]`` of the coordinates each window fires."""
    n = windows.shape[0]
    v = vocab_size
    cols = np.empty((n, 3), np.int64)
    for i in range(n):
        left, mid, right = windows[i, 0], windows[i, 1], windows[i, 2]
        base = groups[i] * dim
        if kind == ADDITIVE:
            cols[i, 0] = base + left
            cols[i, 1] = base + v + mid
            cols[i, 2] = base + 2 * v + right
        else:
            cols[i, 0] = base + mid
            cols[i, 1] = base + v + left * v + mid
            cols[i, 2] = base + v + v * v + mid * v + right
    return cols


@njit
def _compact_dense(cols: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Renumber the columns that occur as ``0..k-1`` in increasing order.

    Returns the renumbered ``[n, 3]`` array and the sorted occurring columns.
    """
    seen = np.zeros(size, np.bool_)
    n = cols.shape[0]
    for i in range(n):
        for a in range(3):
            seen[cols[i, a]] = True
    lookup = np.full(size, -1, np.int64)
    k = 0
    for c in range(size):
        if seen[c]:
            lookup[c] = k
            k += 1
    used = np.empty(k, np.int64)
    for c in range(size):
        if seen[c]:
            used[lookup[c]] = c
    out = np.empty_like(cols)
    for i in range(n):
        for a in range(3):
            out[i, a] = lookup[cols[i, a]]
    return out, used


@njit
def _find(parent: np.ndarray, x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        nxt = parent[x]
        parent[x] = root
        x = nxt
    return root


@njit
def _components(cols: np.ndarray, n_cols: int) -> np.ndarray:
    """Connected components of the column co-occurrence graph (union-find).

    Two columns are joined when one window fires both; the Gram matrix is
    block diagonal over these components. Returns each column's root.
    """
    parent = np.arange(n_cols)
    for i in range(cols.shape[0]):
        a = _find(parent, cols[i, 0])
        for j in range(1, 3):
            b = _find(parent, cols[i, j])
            if a != b:
                if a < b:
                    parent[b] = a
                else:
                    parent[a] = b
                    a = b
    roots = np.empty(n_cols, np.int64)
    for c in range(n_cols):
        roots[c] = _find(parent, c)
    return roots


#: Eager signature: a dtype drift in the caller fails at import, not silently.
_ACCUMULATE_SIGNATURE = (
    "void(int64[:, :], int64[:], float64[:], int64[:], int64[:], int64[:], "
    "float64[:], float64[:, :])"
)


@njit(_ACCUMULATE_SIGNATURE)
def _accumulate(
    cols: np.ndarray,
    targets: np.ndarray,
    counts: np.ndarray,
    local: np.ndarray,
    base: np.ndarray,
    size: np.ndarray,
    gram: np.ndarray,
    rhs: np.ndarray,
) -> None:
    """Add every window to the block Gram matrices and right-hand sides.

    ``cols`` [n, 3] compact columns; column ``c`` sits at row/column
    ``local[c]`` of a ``size[c]``-square block stored row-major from
    ``gram[base[c]]``. ``rhs`` [n_cols, n_classes] gets ``X^T Y`` for one-hot
    targets. Example ``i`` stands for ``counts[i]`` equal rows.
    """
    for i in range(cols.shape[0]):
        y = targets[i]
        k = counts[i]
        for a in range(3):
            ca = cols[i, a]
            rhs[ca, y] += k
            row = base[ca] + local[ca] * size[ca]
            for b in range(3):
                gram[row + local[cols[i, b]]] += k


@njit
def _residual(
    cols: np.ndarray, targets: np.ndarray, counts: np.ndarray, weights: np.ndarray
) -> float:
    """Sum of squared errors of the linear map against one-hot targets
    (example ``i`` counted ``counts[i]`` times)."""
    total = 0.0
    n_classes = weights.shape[1]
    for i in range(cols.shape[0]):
        for k in range(n_classes):
            s = 0.0
            for a in range(3):
                s += weights[cols[i, a], k]
            d = s - (1.0 if k == targets[i] else 0.0)
            total += counts[i] * d * d
    return total


@njit
def _sparse_residual(
    cols: np.ndarray,
    targets: np.ndarray,
    counts: np.ndarray,
    weights: np.ndarray,
    ptr: np.ndarray,
    classes: np.ndarray,
) -> float:
    """:func:`_residual`, bit for bit, visiting only the classes with a
    weight on one of the example's columns, and its target: a class with
    none scores 0.0, and adding its ``counts * 0.0 * 0.0`` leaves the
    (non-negative) total as it is. Column ``c``'s classes with a non-zero
    weight are ``classes[ptr[c]:ptr[c + 1]]``, ascending; the rest are added
    in the same order as :func:`_residual` adds them (by class)."""
    total = 0.0
    big = weights.shape[1]
    for i in range(cols.shape[0]):
        c0 = cols[i, 0]
        c1 = cols[i, 1]
        c2 = cols[i, 2]
        p0, e0 = ptr[c0], ptr[c0 + 1]
        p1, e1 = ptr[c1], ptr[c1 + 1]
        p2, e2 = ptr[c2], ptr[c2 + 1]
        t = targets[i]
        target_done = False
        while True:  # merge the three ascending lists and the target
            k = big
            if p0 < e0 and classes[p0] < k:
                k = classes[p0]
            if p1 < e1 and classes[p1] < k:
                k = classes[p1]
            if p2 < e2 and classes[p2] < k:
                k = classes[p2]
            if not target_done and t < k:
                k = t
            if k == big:
                break
            if p0 < e0 and classes[p0] == k:
                p0 += 1
            if p1 < e1 and classes[p1] == k:
                p1 += 1
            if p2 < e2 and classes[p2] == k:
                p2 += 1
            if k == t:
                target_done = True
            s = 0.0
            for a in range(3):
                s += weights[cols[i, a], k]
            d = s - (1.0 if k == t else 0.0)
            total += counts[i] * d * d
    return total


@njit
def _lookup(columns: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Rows of sorted ``columns`` holding each entry of ``cols`` (-1: absent)."""
    out = np.empty_like(cols)
    n = columns.shape[0]
    for i in range(cols.shape[0]):
        for a in range(3):
            j = np.searchsorted(columns, cols[i, a])
            out[i, a] = j if j < n and columns[j] == cols[i, a] else -1
    return out


@njit
def _argmax_margin(
    rows: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Argmax (lowest id on ties) and margin of the summed weight rows.

    ``rows`` [n, 3] from :func:`_lookup` (-1 contributes nothing). The
    margin is the best score minus the best other score.
    """
    n = rows.shape[0]
    n_classes = weights.shape[1]
    pred = np.empty(n, np.int64)
    margin = np.empty(n, np.float64)
    scores = np.empty(n_classes, np.float64)
    for i in range(n):
        for k in range(n_classes):
            scores[k] = 0.0
        for a in range(3):
            r = rows[i, a]
            if r >= 0:
                for k in range(n_classes):
                    scores[k] += weights[r, k]
        best = 0
        for k in range(1, n_classes):
            if scores[k] > scores[best]:
                best = k
        second = -np.inf
        for k in range(n_classes):
            if k != best and scores[k] > second:
                second = scores[k]
        pred[i] = best
        margin[i] = scores[best] - second
    return pred, margin


@njit
def _perceptron(
    cols: np.ndarray,
    targets: np.ndarray,
    n_cols: int,
    n_classes: int,
    max_epochs: int,
    margin: int,
) -> tuple[np.ndarray, int, int]:
    """Multiclass margin perceptron with integer weights.

    An example is a mistake when its target's score does not beat every
    other class by ``margin``; the update adds the example's coordinates to
    the target's weights and subtracts them from the best other class.
    Stops after an epoch without mistakes. Returns the weights
    [n_cols, n_classes], the epochs run and the mistakes in the last epoch.
    """
    weights = np.zeros((n_cols, n_classes), np.int64)
    scores = np.zeros(n_classes, np.int64)
    epochs = 0
    mistakes = 0
    for _ in range(max_epochs):
        epochs += 1
        mistakes = 0
        for i in range(cols.shape[0]):
            y = targets[i]
            for k in range(n_classes):
                scores[k] = 0
            for a in range(3):
                for k in range(n_classes):
                    scores[k] += weights[cols[i, a], k]
            rival = -1
            for k in range(n_classes):
                if k != y and (rival < 0 or scores[k] > scores[rival]):
                    rival = k
            if rival >= 0 and scores[y] - scores[rival] < margin:
                mistakes += 1
                for a in range(3):
                    weights[cols[i, a], y] += 1
                    weights[cols[i, a], rival] -= 1
        if mistakes == 0:
            break
    return weights, epochs, mistakes


@njit
def _rollout(
    prompt: np.ndarray,
    n_tokens: int,
    width: int,
    kind: int,
    vocab_size: int,
    dim: int,
    tied: bool,
    columns: np.ndarray,
    weights: np.ndarray,
    delimiter: int,
) -> np.ndarray:
    """Generate ``n_tokens`` CoT tokens after ``prompt`` with the predictor
    alone (argmax, lowest id on ties)."""
    row = width + 1
    stream = np.empty(prompt.shape[0] + n_tokens, np.int64)
    # An element loop, not a slice assignment: numba compiles a formatted
    # shape-mismatch message for the slice, 3.8 s of this kernel's 6.6 s.
    for i in range(prompt.shape[0]):
        stream[i] = prompt[i]
    window = np.empty((1, 3), np.int64)
    group = np.zeros(1, np.int64)
    for t in range(n_tokens):
        p = prompt.shape[0] + t
        lp = p - width - 2
        window[0, 0] = stream[lp] if lp >= 0 else delimiter
        window[0, 1] = stream[p - width - 1]
        window[0, 2] = stream[p - width]
        group[0] = 0 if tied else p - row
        cols = _feature_columns(window, kind, vocab_size, group, dim)
        rows = _lookup(columns, cols)
        pred, _ = _argmax_margin(rows, weights)
        stream[p] = pred[0]
    return stream[prompt.shape[0] :]


@njit
def _threshold_perceptron(
    contexts: np.ndarray, n_inputs: int, max_epochs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One integer perceptron per position over the full untied context.

    ``contexts`` [m, n_inputs + T] of 0/1: each row an input's bits then its
    CoT bits. Position ``t`` predicts column ``n_inputs + t`` as
    ``1[ w . u >= b ]`` from the ``n_inputs + t`` columns before it. A
    mistake on a 1 adds ``u`` to ``w`` and lowers ``b`` by one; on a 0 the
    reverse. Each position stops after an epoch without mistakes or after
    ``max_epochs``. Returns weights [T, n_inputs + T] (row ``t`` zero from
    column ``n_inputs + t`` on), thresholds [T], epochs [T] and the mistakes
    of each position's last epoch [T].
    """
    m, total = contexts.shape
    n_pos = total - n_inputs
    weights = np.zeros((n_pos, total), np.int64)
    thresholds = np.zeros(n_pos, np.int64)
    epochs = np.zeros(n_pos, np.int64)
    mistakes = np.zeros(n_pos, np.int64)
    for t in range(n_pos):
        k = n_inputs + t
        for _ in range(max_epochs):
            epochs[t] += 1
            miss = 0
            for i in range(m):
                s = 0
                for j in range(k):
                    s += weights[t, j] * contexts[i, j]
                y = contexts[i, k]
                if y == 1 and s < thresholds[t]:
                    miss += 1
                    thresholds[t] -= 1
                    for j in range(k):
                        weights[t, j] += contexts[i, j]
                elif y == 0 and s >= thresholds[t]:
                    miss += 1
                    thresholds[t] += 1
                    for j in range(k):
                        weights[t, j] -= contexts[i, j]
            mistakes[t] = miss
            if miss == 0:
                break
    return weights, thresholds, epochs, mistakes


@njit
def _sub_scaled(out: np.ndarray, a: float, x: np.ndarray) -> None:
    """``out[c] = out[c] - a * x[c]`` for every ``c`` (one product and one
    difference each, rounded as written: no fused multiply-add with
    fastmath off). Views indexed from 0 to their length, so LLVM vectorizes
    the loop, which it does not on offset indices into a 2-d array."""
    for c in range(out.shape[0]):
        out[c] = out[c] - a * x[c]


@njit
def _pairwise_block_solve(
    gram: np.ndarray, rhs: np.ndarray, roles: np.ndarray, out: np.ndarray,
    rows: np.ndarray,
) -> bool:
    """Minimum-norm least squares of one pairwise block, without a
    pseudo-inverse (and without BLAS: a single thread, no thread pool).

    The block of a middle token ``m`` holds the columns ``M:m`` (``roles``
    0), ``LM:(l,m)`` for the lefts ``l`` seen (1) and ``MR:(m,r)`` for the
    rights seen (2); ``gram`` [s, s] and ``rhs`` [s, K] are its ``X^T X``
    and ``X^T Y``. Every window fires ``M`` and one column of each side, so
    the design is the incidence of a bipartite graph (lefts and rights,
    joined by the pairs seen) plus ``M``, the sum of either side: its null
    space is spanned by ``M - (all lefts)`` and, per connected component,
    ``(its lefts) - (its rights)``. Any least-squares solution with ``M`` at
    0 comes from the Schur complement on the smaller side (a weighted
    Laplacian, grounded at one node per component, solved by Cholesky);
    projecting out that null space in closed form gives the minimum norm,
    the solution the pseudo-inverse gives. The block's rows are ``rows`` of
    ``rhs`` and ``out`` [*, K]; writes ``out`` (which may be ``rhs`` itself:
    ``rhs`` is read whole first); returns ``False`` if a Cholesky pivot is
    not positive, having written nothing.
    """
    s = gram.shape[0]
    # Only the classes some window of the block has as target: the others'
    # weights are 0 (a zero right-hand side).
    n_act = 0
    act = np.empty(rhs.shape[1], np.int64)
    seen = np.zeros(rhs.shape[1], np.bool_)
    for i in range(s):  # row by row: each row of rhs is contiguous
        r = rhs[rows[i]]
        for k in range(rhs.shape[1]):
            if r[k] != 0.0:
                seen[k] = True
    for k in range(rhs.shape[1]):
        if seen[k]:
            act[n_act] = k
            n_act += 1
    n_classes = n_act
    y_act = np.empty((s, n_act))
    for i in range(s):
        for k in range(n_act):
            y_act[i, k] = rhs[rows[i], act[k]]
    w_act = np.empty((s, n_act))
    i_m = -1
    n_a = 0
    n_b = 0
    for i in range(s):
        if roles[i] == 0:
            i_m = i
        elif roles[i] == 1:
            n_a += 1
        else:
            n_b += 1
    # Eliminate the larger side ("a", diagonal) and solve on the smaller ("b").
    side_b = 2 if n_b <= n_a else 1
    a_idx = np.empty(s - 1 - min(n_a, n_b), np.int64)
    b_idx = np.empty(min(n_a, n_b), np.int64)
    ia = 0
    ib = 0
    for i in range(s):
        if i == i_m:
            continue
        if roles[i] == side_b:
            b_idx[ib] = i
            ib += 1
        else:
            a_idx[ia] = i
            ia += 1
    na = a_idx.shape[0]
    nb = b_idx.shape[0]
    # Components of the bipartite graph (union-find over a then b nodes).
    parent = np.arange(na + nb)
    for x in range(na):
        for y in range(nb):
            if gram[a_idx[x], b_idx[y]] != 0.0:
                rx = _find(parent, x)
                ry = _find(parent, na + y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    comp = np.empty(na + nb, np.int64)
    for x in range(na + nb):
        comp[x] = _find(parent, x)
    # The Schur complement on b, less one grounded node per component.
    grounded = np.zeros(nb, np.bool_)
    seen = np.zeros(na + nb, np.bool_)
    for y in range(nb):
        if not seen[comp[na + y]]:
            seen[comp[na + y]] = True
            grounded[y] = True
    free = np.empty(nb, np.int64)
    n_free = 0
    for y in range(nb):
        if not grounded[y]:
            free[n_free] = y
            n_free += 1
    diag_a = np.empty(na)
    for x in range(na):
        diag_a[x] = gram[a_idx[x], a_idx[x]]
    # Each a node's neighbours on b (the non-zero Gram entries, in order):
    # a zero entry adds a zero product, which changes no sum here (none of
    # them is -0.0: each starts at a count and exact zeros round to +0.0),
    # so skipping them gives the same floats as the dense loops.
    nbr = np.empty(nb, np.int64)
    grow = np.empty(n_free)  # a node's Gram row on the free b nodes, in order
    schur = np.zeros((n_free, n_free))
    sol = np.zeros((n_free, n_classes))
    for p in range(n_free):
        yp = b_idx[free[p]]
        schur[p, p] = gram[yp, yp]
        for k in range(n_classes):
            sol[p, k] = y_act[yp, k]
    for x in range(na):
        xa = a_idx[x]
        inv = 1.0 / diag_a[x]
        n_nbr = 0
        for p in range(n_free):
            grow[p] = gram[xa, b_idx[free[p]]]
            if grow[p] != 0.0:
                nbr[n_nbr] = p
                n_nbr += 1
        if n_nbr == n_free:  # every entry: contiguous rows
            for p in range(n_free):
                f = grow[p] * inv
                _sub_scaled(schur[p, : p + 1], f, grow[: p + 1])  # lower triangle
                _sub_scaled(sol[p], f, y_act[xa])
            continue
        for i in range(n_nbr):
            p = nbr[i]
            f = grow[p] * inv
            for j in range(i + 1):
                q = nbr[j]
                schur[p, q] -= f * grow[q]
            for k in range(n_classes):
                sol[p, k] -= f * y_act[xa, k]
    # Cholesky, in place (lower triangle), right-looking: entry (i, j) takes
    # its products in the order t = 0, 1, ... as the dot-product form does
    # (the same floats), a row at a time; ``column`` holds column j of the
    # factor, so the updates read memory in order.
    column = np.empty(n_free)
    for j in range(n_free):
        d = schur[j, j]
        if not d > 0.0:
            return False
        d = np.sqrt(d)
        schur[j, j] = d
        for i in range(j + 1, n_free):
            schur[i, j] = schur[i, j] / d
            column[i] = schur[i, j]
        for i in range(j + 1, n_free):
            _sub_scaled(schur[i, j + 1 : i + 1], column[i], column[j + 1 : i + 1])
    # the two triangular solves, every class at once (each entry's products
    # in the same order as class by class)
    row = np.empty(n_classes)
    for i in range(n_free):
        for k in range(n_classes):
            row[k] = sol[i, k]
        for t in range(i):
            _sub_scaled(row, schur[i, t], sol[t])
        for k in range(n_classes):
            sol[i, k] = row[k] / schur[i, i]
    for i in range(n_free - 1, -1, -1):
        for k in range(n_classes):
            row[k] = sol[i, k]
        for t in range(i + 1, n_free):
            _sub_scaled(row, schur[t, i], sol[t])
        for k in range(n_classes):
            sol[i, k] = row[k] / schur[i, i]
    z = np.zeros((nb, n_classes))
    for p in range(n_free):
        for k in range(n_classes):
            z[free[p], k] = sol[p, k]
    u = np.empty((na, n_classes))
    for x in range(na):
        xa = a_idx[x]
        for k in range(n_classes):
            row[k] = y_act[xa, k]
        for y in range(nb):
            g = gram[xa, b_idx[y]]
            if g != 0.0:
                _sub_scaled(row, g, z[y])
        for k in range(n_classes):
            u[x, k] = row[k] / diag_a[x]
    # Null space (M = 0 here): n0 = M - (all a), n_c = (a of c) - (b of c).
    # The minimum-norm solution is u + alpha - beta_c, z + beta_c, M = -alpha,
    # with beta_c = (SA_c - SB_c + pa_c alpha) / (pa_c + pb_c) and
    # alpha (1 + sum pa pb / (pa + pb)) = -sum (pb SA + pa SB) / (pa + pb).
    pa = np.zeros(na + nb)
    pb = np.zeros(na + nb)
    for x in range(na):
        pa[comp[x]] += 1.0
    for y in range(nb):
        pb[comp[na + y]] += 1.0
    sa = np.zeros(na + nb)
    sb = np.zeros(na + nb)
    for k in range(n_classes):
        sa[:] = 0.0
        sb[:] = 0.0
        for x in range(na):
            sa[comp[x]] += u[x, k]
        for y in range(nb):
            sb[comp[na + y]] += z[y, k]
        num = 0.0
        den = 1.0
        for c in range(na + nb):
            if pa[c] + pb[c] > 0.0:
                num += (pb[c] * sa[c] + pa[c] * sb[c]) / (pa[c] + pb[c])
                den += pa[c] * pb[c] / (pa[c] + pb[c])
        alpha = -num / den
        w_act[i_m, k] = -alpha
        for x in range(na):
            c = comp[x]
            beta = (sa[c] - sb[c] + pa[c] * alpha) / (pa[c] + pb[c])
            w_act[a_idx[x], k] = u[x, k] + alpha - beta
        for y in range(nb):
            c = comp[na + y]
            beta = (sa[c] - sb[c] + pa[c] * alpha) / (pa[c] + pb[c])
            w_act[b_idx[y], k] = z[y, k] + beta
    for i in range(s):
        r = out[rows[i]]
        r[:] = 0.0
        for k in range(n_act):
            r[act[k]] = w_act[i, k]
    return True


@njit
def _pairwise_blocks_solve(
    gram: np.ndarray,
    offsets: np.ndarray,
    starts: np.ndarray,
    sizes: np.ndarray,
    roles: np.ndarray,
    order: np.ndarray,
    rhs: np.ndarray,
) -> np.ndarray:
    """:func:`_pairwise_block_solve` over every block, in place: block ``b``
    has the ``sizes[b]`` columns ``order[starts[b]:]`` (their rows of
    ``rhs``; ``roles`` in the same layout), and its Gram matrix row-major
    from ``gram[offsets[b]]``. Each block's rows of ``rhs`` become its
    solution. Returns the blocks it could not solve (a Cholesky pivot not
    positive; their rows are left as they were).
    """
    failed = np.zeros(sizes.shape[0], np.bool_)
    for b in range(sizes.shape[0]):
        s = sizes[b]
        g0 = offsets[b]
        r0 = starts[b]
        g = gram[g0 : g0 + s * s].reshape((s, s))
        ok = _pairwise_block_solve(
            g, rhs, roles[r0 : r0 + s], rhs, order[r0 : r0 + s]
        )
        failed[b] = not ok
    return np.flatnonzero(failed)
