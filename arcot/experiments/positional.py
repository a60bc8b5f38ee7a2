"""The paper's linear next-token predictor on one-hot contexts, by least squares.

One weight block per output position, causally masked: the scores of the
token at position ``t`` are

    scores_t = b_t + sum_{j < t} W_t[j, tokens_j]

over the one-hot embedded context (the paper's linear model with the identity
as its embedding, so every linear map of the one-hot context is in the
class). Each position ``t`` the rollout writes (``prompt <= t < T``) is a
least-squares regression of the one-hot next token on the one-hot (position,
token) indicators of the positions before it, plus a constant.

Only the (position, token) columns that occur in training can carry weight,
and they are numbered position-major after the bias (column 0): the features
of position ``t`` are then a *prefix* of those of ``t + 1``, and one Gram
matrix ``G = X^T X`` of co-occurrence counts (integers) serves every position
through its leading principal block. Its right-hand sides come from ``G`` too:
the one-hot target of position ``t`` is position ``t``'s own columns, so
``X_t^T Y_t`` is the block of ``G`` of those columns' rows below ``C_t``.

The counts are accumulated by a numba kernel over the columns of the
positions whose token varies; a position with one token in every training
sequence (most of a CoT: the signs, the spelled powers of ten, the trailing
zeros of the partial products) has a column equal to the bias column, so its
Gram rows are copies of the bias row and are filled in, not counted.

Solving: with ``ridge > 0`` (the default, ``1e-3``), one Cholesky factor
``L`` of ``G + ridge I`` serves every position (the leading block of ``L`` is
the factor of the leading block), and two triangular solves over every
position's targets at once finish them all. The penalty is a thousandth of
one sequence's count: it changes nothing along the Gram's well-determined
directions and damps the few near-degenerate ones, which the minimum-norm
solution amplifies instead (fitted on 50,000 three-digit CoT sequences, the
blocks' non-zero eigenvalues are all above 90 but one, 0.004, in the block
of a product digit). ``ridge = 0`` gives that minimum-norm least squares
solution itself (the pseudo-inverse of each block by its
eigendecomposition, eigenvalues below ``RTOL`` times the largest dropped):
one eigendecomposition per position, minutes at three digits where the
ridge takes seconds.

A target token never seen at position ``t`` in training gets the least-squares
weights of an all-zero target: zero, so its score is 0.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arcot._progress import Progress
from arcot.errors import LearningError, SizeLimitExceeded
from arcot.experiments import _kernels as K
from arcot.experiments.multiplication import (
    ENUMERATE_LIMIT,
    multiplication_data,
    pair_count,
    sample_pairs,
    split,
)
from arcot.experiments.sequences import (
    Scores,
    SequenceData,
    check_context,
    greedy_rollout,
    score,
)

__all__ = [
    "DEFAULT_RIDGE",
    "MEMORY_LIMIT",
    "FitInfo",
    "PositionalLinear",
    "evaluate",
    "fit_least_squares",
    "run_linear",
    "teacher_forced_accuracy",
]

#: The ridge penalty of :func:`fit_least_squares` unless told otherwise.
DEFAULT_RIDGE = 1e-3
#: Eigenvalues below ``RTOL`` times a block's largest are zero (``ridge = 0``).
RTOL = 1e-10
#: The memory a fit may plan for (bytes); above it, refused up front.
MEMORY_LIMIT = 4 << 30
#: Training rows per call of the counting kernel.
_CHUNK = 1 << 15


@dataclass(frozen=True, slots=True, kw_only=True)
class FitInfo:
    """How a :class:`PositionalLinear` was fitted, and what it cost.

    ``parameters`` counts the dense model of the class (``(t V + 1) V``
    weights and biases for every position ``t`` it scores: every (position,
    token) input to every output token), as the paper counts its masked
    weights; ``stored_parameters`` the weights the fit can make non-zero
    (the (position, token) columns that occur in training, bias included,
    times the tokens that occur at the position scored). ``columns`` is
    those columns over all positions. ``train_seconds`` is the whole fit
    (the kernel's first compilation in a process included, about a second
    unless numba's disk cache has it); ``tokens_per_second`` is trained
    next-token positions (``train_sequences * trained_positions``) per
    ``train_seconds``. ``memory_bytes`` is the plan the size check passed.
    """

    ridge: float
    train_sequences: int
    trained_positions: int
    columns: int
    varying_positions: int
    parameters: int
    stored_parameters: int
    gram_seconds: float
    solve_seconds: float
    train_seconds: float
    tokens_per_second: float
    memory_bytes: int


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PositionalLinear:
    """A fitted model; a :class:`~arcot.experiments.sequences.PositionalModel`.

    ``columns[j, v]`` is the column of token ``v`` at position ``j`` (``-1``
    where it never occurs in training; column 0 is the bias);
    ``weights[t - first]`` ``[C_t, k_t]`` the weights of position ``t`` over
    its ``C_t`` columns (those of positions ``< t``) for the ``k_t`` tokens
    ``targets[t - first]`` that occur there. Arrays are read-only.
    """

    info: FitInfo
    length: int
    first: int
    vocabulary_size: int
    columns: np.ndarray = field(repr=False)  # [T, V] int64
    weights: tuple[np.ndarray, ...] = field(repr=False)  # [C_t, k_t] float64
    targets: tuple[np.ndarray, ...] = field(repr=False)  # [k_t] int64

    def next_scores(self, tokens: np.ndarray, t: int) -> np.ndarray:
        """Scores ``(B, V)`` of the token at position ``t`` of each row of
        ``tokens``, from ``tokens[:, :t]`` alone."""
        check_context(tokens, t, self.first, self.length, self.vocabulary_size)
        tokens = np.asarray(tokens)
        k = t - self.first
        scores = np.zeros((len(tokens), self.vocabulary_size), dtype=np.float64)
        K._position_scores(tokens, t, self.columns, self.weights[k], self.targets[k],
                           scores)
        return scores


def _check_fit(data: object, ridge: object, max_train: object, seed: object) -> None:
    if not isinstance(data, SequenceData):
        raise LearningError(f"data must be a SequenceData, got {type(data).__name__}")
    if len(data) == 0:
        raise LearningError("data holds no sequences to train on")
    if (isinstance(ridge, bool) or not isinstance(ridge, int | float)
            or not np.isfinite(ridge) or ridge < 0):
        raise LearningError(f"ridge must be a finite number >= 0, got {ridge!r}")
    if max_train is not None and (isinstance(max_train, bool)
                                  or not isinstance(max_train, int) or max_train < 1):
        raise LearningError(
            f"max_train must be None or an integer >= 1, got {max_train!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise LearningError(f"seed must be an integer >= 0, got {seed!r}")


def _plan_bytes(n: int, length: int, itemsize: int, columns: int, reduced: int,
                varying: int, stored: int, ridge: float) -> int:
    """Bytes a fit holds at its peak (the size check's estimate)."""
    gram = 8 * reduced**2  # the integer counts
    # the float Gram and its factor, and two columns x targets solutions (ridge),
    # or one block's eigendecomposition at a time (ridge 0)
    dense = 8 * columns**2 * 6  # (with the temporaries of G + ridge I)
    chunk = 2 * 8 * min(n, _CHUNK) * max(varying, 1)
    return n * length * itemsize + gram + dense + chunk + 8 * stored


def fit_least_squares(
    data: SequenceData,
    *,
    ridge: float = DEFAULT_RIDGE,
    max_train: int | None = None,
    seed: int = 0,
    progress: bool | None = False,
) -> PositionalLinear:
    """Fit the position-specific linear model to ``data`` by least squares.

    Parameters
    ----------
    data
        The training sequences; every position from the prompt's end on is
        fitted (the positions a rollout writes).
    ridge
        Added to the Gram matrix's diagonal (its entries are sequence
        counts); ``0`` gives the exact minimum-norm solution (slower: one
        eigendecomposition per position). See the module's description.
    max_train
        Fit on this many sequences drawn without replacement (seeded by
        ``seed``), or on all of them (``None``).
    progress
        Draw a progress bar (None: when stderr is a terminal).

    Raises
    ------
    SizeLimitExceeded
        Before any work, when the fit would plan more than
        :data:`MEMORY_LIMIT` bytes.

    Examples
    --------
    >>> import numpy as np
    >>> from arcot.experiments.sequences import SequenceData, greedy_rollout, score
    >>> rows = [[0, a, b, b, a] for a in (1, 2) for b in (1, 2)]  # write b, a
    >>> data = SequenceData(tokens=np.array(rows), prompt=3,
    ...                     vocabulary=("q", "a", "b"), answer=slice(3, 5))
    >>> model = fit_least_squares(data)
    >>> score(greedy_rollout(model, data), data).exact_match
    1.0
    >>> model.info.columns, model.info.stored_parameters
    (10, 28)
    """
    _check_fit(data, ridge, max_train, seed)
    ridge = float(ridge)
    start = time.perf_counter()
    tokens = data.tokens
    if max_train is not None and max_train < len(tokens):
        rows = np.sort(np.random.default_rng(seed).choice(len(tokens), max_train,
                                                          replace=False))
        tokens = tokens[rows]
    n, length = tokens.shape
    vocab = len(data.vocabulary)
    first = data.prompt

    if 17 * length * vocab > MEMORY_LIMIT:  # the maps below, before anything
        raise SizeLimitExceeded(
            f"{length} positions of {vocab:,} tokens need a {length:,} x {vocab:,} "
            f"column map, over the {MEMORY_LIMIT / 2**30:.0f} GiB limit"
        )
    present = np.zeros((length, vocab), dtype=bool)
    for j in range(length):
        present[j, np.unique(tokens[:, j])] = True
    per_position = present.sum(axis=1)
    columns = np.full((length, vocab), -1, dtype=np.int64)
    columns[present] = 1 + np.arange(int(per_position.sum()))
    prefix = 1 + np.concatenate([[0], np.cumsum(per_position)])  # C_t, t = 0..T
    n_columns = int(prefix[-1])
    varying = np.flatnonzero(per_position > 1)
    # The counted ("reduced") columns: the bias, then varying positions' tokens;
    # a constant position's column is the bias column.
    reduced = np.zeros((length, vocab), dtype=np.int64)
    var_present = present & (per_position > 1)[:, None]
    n_reduced = 1 + int(var_present.sum())
    reduced[var_present] = 1 + np.arange(n_reduced - 1)
    full_to_reduced = np.zeros(n_columns, dtype=np.int64)
    full_to_reduced[columns[present]] = reduced[present]

    stored = sum(int(prefix[t]) * int(per_position[t]) for t in range(first, length))
    plan = _plan_bytes(n, length, tokens.itemsize, n_columns, n_reduced, len(varying),
                       stored, ridge)
    if plan > MEMORY_LIMIT:
        raise SizeLimitExceeded(
            f"a least-squares fit of {n:,} sequences of {length} tokens over "
            f"{n_columns:,} columns plans {plan / 2**30:.1f} GiB, over the "
            f"{MEMORY_LIMIT / 2**30:.0f} GiB limit: use fewer columns or sequences"
        )

    gram_start = time.perf_counter()
    counts = np.zeros((n_reduced, n_reduced), dtype=np.int64)
    chunks = range(0, n, _CHUNK)
    bar = Progress(len(chunks) + (length - first), "least squares", progress,
                   unit="step")
    try:
        for lo in chunks:
            ids = np.ascontiguousarray(  # position-major: [varying, rows]
                reduced[varying[:, None], tokens[lo : lo + _CHUNK][:, varying].T])
            K._cooccurrence(ids, counts)
            bar.step()
        counts = counts + counts.T - np.diag(np.diag(counts))
        gram = counts[np.ix_(full_to_reduced, full_to_reduced)].astype(np.float64)
        gram_seconds = time.perf_counter() - gram_start

        solve_start = time.perf_counter()
        weights, targets = _solve(gram, prefix, present, first, ridge, bar)
        solve_seconds = time.perf_counter() - solve_start
    finally:
        bar.close()
    seconds = time.perf_counter() - start
    for a in (*weights, *targets, columns):
        a.flags.writeable = False
    info = FitInfo(
        ridge=ridge, train_sequences=n, trained_positions=length - first,
        columns=n_columns, varying_positions=len(varying),
        parameters=sum((t * vocab + 1) * vocab for t in range(first, length)),
        stored_parameters=stored, gram_seconds=gram_seconds,
        solve_seconds=solve_seconds, train_seconds=seconds,
        tokens_per_second=n * (length - first) / seconds, memory_bytes=plan,
    )
    return PositionalLinear(info=info, length=length, first=first,
                            vocabulary_size=vocab, columns=columns,
                            weights=tuple(weights), targets=tuple(targets))


def _solve(gram: np.ndarray, prefix: np.ndarray, present: np.ndarray, first: int,
           ridge: float, bar: Progress) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Every position's weights ``[C_t, k_t]`` and target tokens."""
    from scipy.linalg import cholesky, solve_triangular  # a dependency; loaded late

    length = present.shape[0]
    base = int(prefix[first])  # the columns of the positions fitted start here
    if ridge > 0:
        # G + ridge I = L L^T; position t solves L_c L_c^T W_t = G[:c, cols_t]
        # with L_c, L's leading block. All positions in two triangular solves:
        # forward over every target column at once (its first c rows are
        # L_c^-1 G[:c, cols_t]), zero each column's rows from its c on, then
        # backward (L^T is upper triangular, so zero rows stay zero and the
        # first c rows are L_c^-T of the first c).
        try:
            lower = cholesky(gram + ridge * np.eye(len(gram)), lower=True)
        except np.linalg.LinAlgError:
            raise LearningError(
                f"ridge = {ridge:g} is too small for this Gram matrix (largest "
                f"entry {gram.max():g}) to factor in floating point: use a larger "
                "ridge, or ridge = 0 for the minimum-norm solution") from None
        half = solve_triangular(lower, gram[:, base:], lower=True, check_finite=False)
        for t in range(first, length):
            half[prefix[t] :, prefix[t] - base : prefix[t + 1] - base] = 0.0
        solved = solve_triangular(lower, half, lower=True, trans="T",
                                  check_finite=False)
        del lower, half
    weights, targets = [], []
    for t in range(first, length):
        c = int(prefix[t])
        cols = slice(int(prefix[t]), int(prefix[t + 1]))
        if ridge > 0:
            w = solved[:c, cols.start - base : cols.stop - base]
        else:
            values, vectors = np.linalg.eigh(gram[:c, :c])
            keep = values > RTOL * max(float(values[-1]), 1.0)
            v = vectors[:, keep]
            w = v @ ((v.T @ gram[:c, cols]) / values[keep][:, None])  # X_t^T Y_t
        weights.append(np.ascontiguousarray(w, dtype=np.float64))
        targets.append(np.flatnonzero(present[t]).astype(np.int64))
        bar.step()
    return weights, targets


def evaluate(model: Any, data: SequenceData, *, batch: int = 4096) -> Scores:
    """``model``'s scores on ``data``, from a greedy rollout of every prompt."""
    return score(greedy_rollout(model, data, batch=batch), data)


def teacher_forced_accuracy(
    model: Any, data: SequenceData, *, batch: int = 4096
) -> np.ndarray:
    """The fraction of sequences whose token at each written position is the
    model's argmax given the *true* tokens before it: ``[T - prompt]``, entry
    ``t - prompt`` for position ``t``. (Diagnostic only: the reported
    accuracy is :func:`evaluate`'s rollout.)

    >>> import numpy as np
    >>> from arcot.experiments.sequences import SequenceData
    >>> data = SequenceData(tokens=np.array([[0, 1, 1], [0, 2, 2]]), prompt=2,
    ...                     vocabulary=("q", "a", "b"), answer=slice(2, 3))
    >>> teacher_forced_accuracy(fit_least_squares(data), data).tolist()
    [1.0]
    """
    if not isinstance(data, SequenceData):
        raise LearningError(f"data must be a SequenceData, got {type(data).__name__}")
    if batch < 1:
        raise LearningError(f"batch must be >= 1, got {batch}")
    right = np.zeros(data.length - data.prompt, dtype=np.int64)
    for lo in range(0, len(data), batch):
        rows = data.tokens[lo : lo + batch]
        for t in range(data.prompt, data.length):
            guess = np.argmax(model.next_scores(rows, t), axis=1)
            right[t - data.prompt] += int((guess == rows[:, t]).sum())
    return right / max(len(data), 1)


def _subsample(pairs: np.ndarray, limit: int | None, seed: int) -> np.ndarray:
    if limit is None or limit >= len(pairs):
        return pairs
    rows = np.sort(np.random.default_rng(seed).choice(len(pairs), limit, replace=False))
    return pairs[rows]


def run_linear(
    digits: int,
    format: str = "cot",
    *,
    split_rule: str = "paper",
    max_train: int | None = None,
    max_test: int | None = None,
    seed: int = 0,
    ridge: float = DEFAULT_RIDGE,
    progress: bool | None = False,
) -> dict[str, Any]:
    """One results row: the least-squares model on ``digits``-digit products.

    The pairs are the split's (``split_rule`` ``"paper"`` or ``"random"``,
    seeded by ``seed``); ``max_train`` / ``max_test`` subsample each side
    (seeded). Where the pairs are too many to list (four digits and up) both
    sides are drawn by :func:`~arcot.experiments.multiplication.sample_pairs`
    and both limits must be given. The accuracy is a greedy rollout from
    every held-out prompt.

    Returns
    -------
    dict
        ``model`` (``"least_squares"``), ``format``, ``digits``,
        ``sequence_tokens``, ``parameters``, ``stored_parameters``,
        ``train_pairs``, ``test_pairs``, ``exact_match``, ``digit_accuracy``,
        ``sequence_match``, ``train_seconds``, ``tokens_per_second``,
        ``eval_seconds``, ``split_rule``, ``seed``, ``ridge``.
    """
    if pair_count(digits) <= ENUMERATE_LIMIT:
        train, test = split(digits, split_rule, seed=seed)
        train = _subsample(train, max_train, seed)
        test = _subsample(test, max_test, seed + 1)
    else:
        if max_train is None or max_test is None:
            raise LearningError(
                f"{digits}-digit pairs are too many to list: give max_train and "
                "max_test to draw that many of each side"
            )
        train = sample_pairs(digits, max_train, side="train", rule=split_rule,
                             seed=seed)
        test = sample_pairs(digits, max_test, side="test", rule=split_rule,
                            seed=seed + 1)
    train_data = multiplication_data(train, digits, format)  # type: ignore[arg-type]
    model = fit_least_squares(train_data, ridge=ridge, progress=progress)
    del train_data
    test_data = multiplication_data(test, digits, format)  # type: ignore[arg-type]
    start = time.perf_counter()
    scores = evaluate(model, test_data)
    eval_seconds = time.perf_counter() - start
    info = model.info
    return {
        "model": "least_squares",
        "format": format,
        "digits": digits,
        "sequence_tokens": test_data.length,
        "parameters": info.parameters,
        "stored_parameters": info.stored_parameters,
        "train_pairs": len(train),
        "test_pairs": len(test),
        "exact_match": scores.exact_match,
        "digit_accuracy": scores.digit_accuracy,
        "sequence_match": scores.sequence_match,
        "train_seconds": info.train_seconds,
        "tokens_per_second": info.tokens_per_second,
        "eval_seconds": eval_seconds,
        "split_rule": split_rule,
        "seed": seed,
        "ridge": info.ridge,
    }
