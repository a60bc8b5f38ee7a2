"""Parity: the separation the theory predicts, measured on every input.

Without a chain of thought a linear predictor of parity's answer bit is no
better than a coin. With the chain of thought of Thm 3.11
(:func:`arcot.circuit.parity_circuit`: the bits of the number of ones, from
the top, ``ceil(log2(n + 1))`` tokens) every token is a linear threshold of
the input and the tokens before it, so a perceptron per token learns it from
sampled inputs, and the rollout is checked on all ``2^n`` inputs. With
Thm 3.12's chain of ``k``-sparse parities
(:func:`arcot.circuit.chain_parity_circuit`) each step is found by searching
the subsets of at most ``k`` columns: a longer chain buys a cheaper search.

:func:`run_parity` measures all three, one row per ``n``:

- ``no_cot_accuracy`` / ``no_cot_perceptron_accuracy``: least squares on
  the input bits and a constant (the span of the one-hot features of the
  bits; thresholded at 1/2, which is the argmax of the two one-hot targets'
  fits) and the perceptron of :func:`arcot.learn.fit_threshold_perceptron`,
  trained on the answer bit of ``K = samples`` drawn inputs;
  ``cot_accuracy``: the per-token perceptron trained on the *same* ``K``
  inputs' CoTs and rolled out from the input alone. Each is the exact
  fraction of the ``2^n`` inputs it gets right (every input is scored; the
  randomness is in the training draw only);
- ``cot_samples``: per seed, the ``K`` found by doubling and then bisecting
  (on nested samples: the first ``K`` of one seeded stream of draws) at
  which the rollout writes the right CoT on **every** input, decided in
  int64 arithmetic with no sum able to overflow (``verified``); the row
  gives the largest over the seeds. The perceptron's success need not be
  monotone in ``K``: the ``K`` found passes and ``K - 1`` fails, but a
  smaller one might pass too;
- ``chain``: one row per ``n`` and ``k`` (:func:`learn_chain`): CoT length
  against the subsets searched, the least samples (here the search *is*
  monotone in ``K``, so bisection finds the least), the seconds, and the
  rollout checked on every input.

**Two choices change the sample counts a lot**; both are settings, and
the defaults are the ones under which the sample count stays polynomial:

``distribution``
    ``"uniform"``: inputs uniform on ``{0,1}^n``. The top token
    ``1[s >= 2^(m-1)]`` is then rare: for ``n = 2^j`` it is the AND of all
    bits, one input in ``2^n``, so no learner that has not drawn that input
    can be sure of it, and the ``K`` for an exact rollout grows like
    ``2^n`` (PAC learning to error ``eps < 2^-n`` costs about ``1/eps``
    samples: what the bound says, not a failure of it). ``"weights"`` (the
    default): the number of ones uniform on ``0..n``, then the ones placed
    uniformly, so every token's both values are common.
``margin``
    ``0``: arcot's integer perceptron as it is
    (:func:`~arcot.learn.fit_threshold_perceptron`), which stops at the
    first hyperplane that separates the rows seen, often barely; measured,
    its rollout needs a sizeable fraction of ``2^n`` samples to be exact
    under either distribution. ``margin > 0`` (default 2): the margin
    perceptron, each token ``t`` reading ``c = n + t`` columns asking every
    training row to clear the threshold by ``mu = ceil(margin * (c + 1))``
    (``c + 1`` bounds the squared length of a row with its bias), which
    pushes the hyperplane away from the rows it has seen. At margin 0 it is
    the same algorithm, update for update, as arcot's (a test checks).

>>> r = run_parity([6], k_values=[3], seeds=1)
>>> row = r["rows"][0]
>>> row["verified"], row["cot_tokens"], row["cot_samples"] <= 64
(True, 3, True)
>>> abs(row["no_cot_accuracy"] - 0.5) < 0.2, r["chain"][0]["verified"]
(True, True)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from arcot._progress import Progress
from arcot.circuit import chain_parity_circuit, chain_parity_length, parity_circuit
from arcot.errors import LearningError, SizeLimitExceeded
from arcot.learn import fit_threshold_perceptron
from arcot.learn.predictor import FitInfo, ThresholdPredictor

__all__ = [
    "DISTRIBUTIONS",
    "MAX_N",
    "MAX_SAMPLES",
    "draw_inputs",
    "fit_cot_perceptron",
    "learn_chain",
    "plot_parity",
    "rollout_check",
    "run_parity",
]

#: The longest input: every row is decided on all ``2^n`` inputs.
MAX_N = 22

#: The most samples the search for an exact rollout tries (``max_samples``).
MAX_SAMPLES = 1 << 16

#: How training inputs are drawn (:func:`draw_inputs`).
DISTRIBUTIONS = ("weights", "uniform")

# inputs are drawn in seeded blocks, so a longer draw extends a shorter one
_BLOCK = 1024
# exhaustive checks run over this many inputs at a time (memory, not speed)
_CHUNK = 1 << 16
# combinations of columns searched at a time by the chain learner
_COMBOS = 1 << 15
# the signed Gram matrix of at most this many rows is kept (int16: 128 MiB)
_GRAM_ROWS = 8192
# a perceptron epoch cap: data that are separable converge well inside it
_MAX_EPOCHS = 10_000
# the no-CoT perceptron never converges (parity is not a threshold)
_NO_COT_EPOCHS = 200


# -- checking arguments ----------------------------------------------------


def _integer(name: str, value: object, low: int) -> int:
    if (isinstance(value, bool) or not isinstance(value, int | np.integer)
            or value < low):
        raise LearningError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _check_n(n: object) -> int:
    n = _integer("each input length n", n, 2)
    if n > MAX_N:
        raise SizeLimitExceeded(
            f"n = {n}: every row is checked on all 2^n inputs; n <= {MAX_N}"
        )
    return n


def _check_ns(ns: object) -> list[int]:
    if isinstance(ns, (str, bytes)) or not isinstance(ns, Sequence):
        raise LearningError(f"ns must be a list of input lengths, got {ns!r}")
    out = [_check_n(n) for n in ns]
    if not out:
        raise LearningError("no input length given")
    if len(set(out)) != len(out):
        raise LearningError(f"an input length is listed twice: {out}")
    return out


def _check_distribution(distribution: object) -> str:
    if distribution not in DISTRIBUTIONS:
        raise LearningError(
            f"distribution must be one of {', '.join(DISTRIBUTIONS)}, "
            f"got {distribution!r}"
        )
    return str(distribution)


def _check_margin(margin: object) -> float:
    if (isinstance(margin, bool) or not isinstance(margin, int | float)
            or not math.isfinite(margin) or margin < 0):
        raise LearningError(f"margin must be a finite number >= 0, got {margin!r}")
    return float(margin)


# -- inputs ------------------------------------------------------------------


def draw_inputs(n: int, count: int, *, seed: int = 0,
                distribution: str = "weights") -> np.ndarray:
    """``count`` independent random inputs of ``n`` bits, ``[count, n]`` int64.

    ``"uniform"``: each bit a fair coin. ``"weights"``: the number of ones
    uniform on ``0..n``, then which bits are one uniform. Drawn in seeded
    blocks, so a draw is a prefix of every longer draw with the same
    ``seed``: nested samples.

    >>> a = draw_inputs(5, 3, seed=1)
    >>> a.shape, bool((draw_inputs(5, 2000, seed=1)[:3] == a).all())
    ((3, 5), True)
    >>> sorted(set(draw_inputs(3, 400, distribution="weights").sum(axis=1).tolist()))
    [0, 1, 2, 3]
    """
    n = _integer("n", n, 0)
    count = _integer("count", count, 0)
    seed = _integer("seed", seed, 0)
    code = DISTRIBUTIONS.index(_check_distribution(distribution))
    blocks = []
    for b in range(-(-count // _BLOCK)):
        rng = np.random.default_rng([seed, n, code, b])
        if distribution == "uniform":
            block = rng.integers(0, 2, size=(_BLOCK, n), dtype=np.int64)
        else:
            ones = rng.integers(0, n + 1, size=_BLOCK)
            # a uniformly random set of ``ones`` bits: the ranks of random keys
            ranks = rng.random((_BLOCK, n)).argsort(axis=1).argsort(axis=1)
            block = (ranks < ones[:, None]).astype(np.int64)
        blocks.append(block)
    if not blocks:
        return np.zeros((0, n), np.int64)
    return np.concatenate(blocks)[:count]


def _all_inputs(n: int) -> Iterator[np.ndarray]:
    """Every input of ``n`` bits, in chunks, in the order of
    :func:`~arcot.circuit.all_bit_inputs` (row ``r`` is ``r`` in binary,
    ``x0`` its top bit)."""
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)[None, :]
    for start in range(0, 1 << n, _CHUNK):
        r = np.arange(start, min(start + _CHUNK, 1 << n), dtype=np.int64)
        yield (r[:, None] >> shifts) & 1


def _count_bits(x: np.ndarray, m: int) -> np.ndarray:
    """Thm 3.11's CoT computed directly (not by the circuit): the ``m`` bits
    of each row's number of ones, the top bit first."""
    ones = x.sum(axis=1)
    bits: np.ndarray = (ones[:, None] >> np.arange(m - 1, -1, -1)[None, :]) & 1
    return bits


def _prefix_parities(x: np.ndarray, n: int, k: int) -> np.ndarray:
    """Thm 3.12's chain computed directly: token ``t`` is the parity of the
    first ``min(k + t (k - 1), n)`` bits."""
    tokens = chain_parity_length(n, k)
    ends = [min(k + t * (k - 1), n) for t in range(tokens)]
    prefix = np.cumsum(x, axis=1) & 1
    return prefix[:, [e - 1 for e in ends]]


# -- the threshold CoT's learner and its exhaustive check --------------------


def _margin_perceptron(contexts: np.ndarray, n_inputs: int, margins: Sequence[int],
                       max_epochs: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """One integer margin perceptron per position, in numpy.

    Position ``t`` predicts column ``c = n_inputs + t`` as
    ``1[w . u >= b]`` from the ``c`` columns before it. Rows are visited in
    order; row ``i`` is a mistake when ``y = 1`` and ``w . u - b < mu`` or
    ``y = 0`` and ``w . u - b > -1 - mu`` (``mu = margins[t]``), and the
    update is arcot's (:func:`arcot.learn.fit_threshold_perceptron`): add
    ``u`` and lower ``b`` by one on a 1, the reverse on a 0. With ``mu = 0``
    the mistakes are exactly arcot's.

    The weights are kept as the count of updates on each row (the dual
    form): with ``s_i = +1`` on a 1 and ``-1`` on a 0, row ``i``'s signed
    slack ``z_i`` (``w . u_i - b`` on a 1, ``b - 1 - w . u_i`` on a 0) is a
    mistake when below ``mu``, and an update on row ``j`` adds
    ``s_i s_j (u_i . u_j + 1)`` to every ``z_i``: one row of the signed Gram
    matrix (or one product with the rows where that matrix would be too
    large), so an update costs one pass over the rows, not one per row.
    Returns weights, thresholds, the most epochs and the mistakes of the
    last epochs summed over positions.
    """
    m, total = contexts.shape
    steps = total - n_inputs
    weights = np.zeros((steps, total), np.int64)
    thresholds = np.zeros(steps, np.int64)
    most_epochs, left = 0, 0
    for t in range(steps):
        c = n_inputs + t
        # each row with a constant 1 whose weight is -b
        rows = np.hstack([contexts[:, :c], np.ones((m, 1), np.int64)])
        sign = np.where(contexts[:, c] == 1, 1, -1)
        signed = (rows * sign[:, None]).astype(np.float32)  # |entries| <= c + 1: exact
        gram = _signed_gram(signed) if m <= _GRAM_ROWS else None
        slack = np.where(sign == 1, 0, -1).astype(np.int64)
        updates = np.zeros(m, np.int64)
        mu = int(margins[t])
        miss, epoch = 0, 0
        for epoch in range(1, max_epochs + 1):  # noqa: B007  (read after the loop)
            miss, i = 0, 0
            while i < m:
                wrong = slack[i:] < mu
                j = int(wrong.argmax())
                if not wrong[j]:
                    break
                j += i
                slack += gram[j] if gram is not None else (
                    signed @ signed[j]).astype(np.int64)
                updates[j] += 1
                miss += 1
                i = j + 1
            if miss == 0:
                break
        most_epochs = max(most_epochs, epoch)
        left += miss
        primal = (updates * sign) @ rows  # the weights, then -b
        weights[t, :c] = primal[:c]
        thresholds[t] = -primal[c]
    return weights, thresholds, most_epochs, left


def _signed_gram(signed: np.ndarray) -> np.ndarray:
    """``signed @ signed.T`` as int16, a block of rows at a time (its entries
    are integers of size at most the row length, well inside both float32's
    exact integers and int16)."""
    m = len(signed)
    gram = np.empty((m, m), np.int16)
    for a in range(0, m, 1024):
        gram[a : a + 1024] = signed[a : a + 1024] @ signed.T
    return gram


def _margins(n_inputs: int, steps: int, margin: float) -> list[int]:
    return [math.ceil(margin * (n_inputs + t + 1)) for t in range(steps)]


def fit_cot_perceptron(contexts: np.ndarray, n_inputs: int, *, margin: float = 2.0,
                       max_epochs: int = _MAX_EPOCHS) -> ThresholdPredictor:
    """One perceptron per CoT position, with a margin (module docstring).

    ``contexts`` is ``[m, n_inputs + T]`` of 0/1: inputs, then their CoT.
    ``margin = 0`` is :func:`arcot.learn.fit_threshold_perceptron` itself;
    ``margin > 0`` asks each row of position ``t`` to clear its threshold by
    ``ceil(margin * (n_inputs + t + 1))``. ``info.converged`` says whether
    every position ended with an epoch without mistakes.

    >>> rows = np.array([[a, b, a | b] for a in (0, 1) for b in (0, 1)])
    >>> p = fit_cot_perceptron(rows, 2)
    >>> p.info.converged, [int(p.rollout(r[:2])[0]) for r in rows]
    (True, [0, 1, 1, 1])
    """
    margin = _check_margin(margin)
    max_epochs = _integer("max_epochs", max_epochs, 1)
    if margin == 0:
        return fit_threshold_perceptron(contexts, n_inputs, max_epochs=max_epochs)
    arr = np.asarray(contexts)
    if arr.ndim != 2 or not np.issubdtype(arr.dtype, np.integer):
        raise LearningError(
            f"contexts must be a 2-d 0/1 integer array, got shape {arr.shape} "
            f"dtype {arr.dtype}"
        )
    if arr.size and not np.isin(arr, (0, 1)).all():
        raise LearningError("contexts must hold only 0 and 1")
    n_inputs = _integer("n_inputs", n_inputs, 0)
    if n_inputs > arr.shape[1]:
        raise LearningError(f"n_inputs must lie in 0..{arr.shape[1]}, got {n_inputs}")
    if len(arr) == 0:
        raise LearningError("no training rows: the data set is empty")
    arr = np.ascontiguousarray(arr, dtype=np.int64)
    steps = arr.shape[1] - n_inputs
    weights, thresholds, epochs, left = _margin_perceptron(
        arr, n_inputs, _margins(n_inputs, steps, margin), max_epochs)
    info = FitInfo(
        learner="perceptron", train=f"margin {margin:g}",
        n_windows=int(arr.shape[0] * steps), n_distinct=len(np.unique(arr, axis=0)),
        epochs=epochs, converged=left == 0, mistakes=left,
    )
    return ThresholdPredictor(n_inputs=n_inputs, weights=weights,
                              thresholds=thresholds, info=info)


def _rollout(predictor: ThresholdPredictor, x: np.ndarray) -> np.ndarray:
    """The CoT the predictor writes on each row of ``x``, every token from the
    input and the tokens it wrote before: exact int64 arithmetic (refused
    where a sum could leave it)."""
    w, b = predictor.weights, predictor.thresholds
    bound = int(np.abs(w).sum(axis=1).max(initial=0)) + int(np.abs(b).max(initial=0))
    if bound >= 1 << 62:
        raise LearningError("the weights are too large for an exact int64 rollout")
    n, steps = x.shape[1], predictor.positions
    scores = np.ascontiguousarray(x, np.int64) @ w[:, :n].T  # every input part at once
    tokens = np.zeros((len(x), steps), np.int64)
    for t in range(steps):
        score = scores[:, t]
        for j in range(t):  # the tokens written before
            if w[t, n + j]:
                score = score + w[t, n + j] * tokens[:, j]
        tokens[:, t] = score >= b[t]
    return tokens


def rollout_check(predictor: ThresholdPredictor, n: int, *,
                  stop_at_first: bool = False) -> dict[str, Any]:
    """The predictor's rollout against Thm 3.11's CoT on all ``2^n`` inputs.

    The right CoT is computed directly (the bits of the number of ones), not
    by the circuit the training data came from. Returns ``answer_right``
    and ``sequence_right`` (inputs whose last token, whose whole CoT is
    right), ``inputs`` (the inputs checked: ``2^n``, or fewer where
    ``stop_at_first`` stopped at the first block of inputs with a wrong CoT)
    and ``verified`` (every CoT of all ``2^n`` right).

    >>> x = draw_inputs(5, 200, seed=0)
    >>> p = fit_cot_perceptron(np.hstack([x, parity_circuit(5).evaluate(x)]), 5)
    >>> rollout_check(p, 5)
    {'answer_right': 32, 'sequence_right': 32, 'inputs': 32, 'verified': True}
    """
    n = _check_n(n)
    if not isinstance(predictor, ThresholdPredictor) or predictor.n_inputs != n:
        raise LearningError(f"expected a ThresholdPredictor over {n} input bits")
    m = parity_circuit(n).n_gates
    if predictor.positions != m:
        raise LearningError(
            f"the predictor writes {predictor.positions} tokens, Thm 3.11's CoT "
            f"of {n} bits has {m}"
        )
    answer = sequence = checked = 0
    for x in _all_inputs(n):
        got, want = _rollout(predictor, x), _count_bits(x, m)
        answer += int((got[:, -1] == want[:, -1]).sum())
        right = int((got == want).all(axis=1).sum())
        sequence += right
        checked += len(x)
        if stop_at_first and right < len(x):
            break
    return {"answer_right": answer, "sequence_right": sequence, "inputs": checked,
            "verified": sequence == 1 << n}


def _least_samples(passes: Callable[[int], bool], most: int) -> tuple[int | None, int]:
    """The ``K <= most`` that doubling from 1 and then bisection land on:
    ``passes(K)`` and not ``passes(K - 1)`` (or ``K = 1``); ``None`` if
    ``passes(most)`` fails. Also the number of fits tried."""
    tried = 1
    hi = 1
    while not passes(hi):
        if hi >= most:
            return None, tried
        hi = min(2 * hi, most)
        tried += 1
    lo = hi // 2  # failed (or 0)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        tried += 1
        if passes(mid):
            hi = mid
        else:
            lo = mid
    return hi, tried


def _training(n: int, x: np.ndarray) -> np.ndarray:
    """Inputs and their CoT by Thm 3.11's circuit: the training contexts."""
    return np.hstack([x, parity_circuit(n).evaluate(x).astype(np.int64)])


def _no_cot(n: int, x: np.ndarray) -> tuple[float, float]:
    """Least squares and the perceptron on the answer bit of the inputs
    ``x``, each scored on every input: the fractions right."""
    y = x.sum(axis=1) & 1
    design = np.hstack([x, np.ones((len(x), 1), np.int64)]).astype(np.float64)
    coef, *_ = np.linalg.lstsq(design, y.astype(np.float64), rcond=None)
    perceptron = fit_threshold_perceptron(np.hstack([x, y[:, None]]), n,
                                          max_epochs=_NO_COT_EPOCHS)
    lstsq_right = perceptron_right = 0
    for xs in _all_inputs(n):
        want = xs.sum(axis=1) & 1
        lstsq_right += int(((xs @ coef[:-1] + coef[-1] >= 0.5) == want).sum())
        perceptron_right += int((_rollout(perceptron, xs)[:, 0] == want).sum())
    return lstsq_right / (1 << n), perceptron_right / (1 << n)


# -- the chain of k-sparse parities ------------------------------------------


def _subsets(columns: int, k: int) -> Iterator[np.ndarray]:
    """Every non-empty subset of at most ``k`` of ``columns`` columns, by size
    and then lexicographically, in ``[count, size]`` blocks."""
    for size in range(1, min(k, columns) + 1):
        it = combinations(range(columns), size)
        while True:
            block = np.array(list(_take(it, _COMBOS)), dtype=np.intp)
            if not len(block):
                break
            yield block


def _take(it: Iterator[tuple[int, ...]], count: int) -> Iterator[tuple[int, ...]]:
    for _, item in zip(range(count), it, strict=False):
        yield item


def learn_chain(n: int, k: int, x: np.ndarray) -> dict[str, Any]:
    """Learn Thm 3.12's chain from the inputs ``x`` and their chain CoT.

    Each step ``t`` searches every subset of at most ``k`` of the ``n + t``
    columns before it (inputs, then the earlier tokens): the hypothesis
    class of a ``k``-sparse step, all of it, so the cost does not depend on
    the order. The step's hypothesis is the first subset (by size, then
    lexicographically) whose XOR agrees with every sampled row. Returns
    ``subsets`` (one per step), ``candidates_examined`` (the class sizes,
    summed over steps), ``first_fit_candidates`` (what stopping at the
    first agreeing subset would have examined), ``consistent`` (agreeing
    subsets, summed over steps) and ``search_seconds``.

    >>> r = learn_chain(5, 3, draw_inputs(5, 40, distribution="uniform"))
    >>> r["subsets"], r["candidates_examined"]  # (5 + 10 + 10) + (6 + 15 + 20)
    ([(0, 1, 2), (3, 4, 5)], 66)
    """
    n = _check_n(n)
    k = _integer("k", k, 2)
    arr = np.asarray(x)
    if arr.ndim != 2 or arr.shape[1] != n or not np.issubdtype(arr.dtype, np.integer):
        raise LearningError(
            f"x must be a [K, {n}] integer array, got shape {arr.shape}")
    if len(arr) == 0:
        raise LearningError("no training rows: the sample is empty")
    if not np.isin(arr, (0, 1)).all():
        raise LearningError("x must hold only 0 and 1")
    arr = arr.astype(np.int64)
    tokens = chain_parity_circuit(n, k).evaluate(arr).astype(np.int64)
    # one packed bit string per column: a subset's XOR is a bytewise XOR
    packed = np.packbits(np.hstack([arr, tokens]).astype(np.uint8).T, axis=1)
    started = time.perf_counter()
    chosen: list[tuple[int, ...]] = []
    examined = first_fit = consistent = 0
    for t in range(tokens.shape[1]):
        target = packed[n + t]
        found: tuple[int, ...] | None = None
        step = 0  # subsets of this step examined so far
        for block in _subsets(n + t, k):
            agree = (np.bitwise_xor.reduce(packed[block], axis=1) == target).all(axis=1)
            hits = np.flatnonzero(agree)
            if found is None and len(hits):
                found = tuple(int(c) for c in block[hits[0]])
                first_fit += step + int(hits[0]) + 1
            step += len(block)
            consistent += len(hits)
        examined += step
        if found is None:  # cannot happen: the true subset always agrees
            raise LearningError(f"no subset of at most {k} columns fits step {t}")
        chosen.append(found)
    return {"subsets": chosen, "candidates_examined": examined,
            "first_fit_candidates": first_fit, "consistent": consistent,
            "search_seconds": time.perf_counter() - started}


def _chain_check(n: int, k: int, subsets: Sequence[tuple[int, ...]], *,
                 stop_at_first: bool = False) -> tuple[int, int]:
    """The learned chain rolled out on every input: inputs whose answer,
    whose whole CoT, is the right one (computed directly: prefix parities);
    ``stop_at_first``: stop after the first block of inputs with a wrong CoT."""
    answer = sequence = 0
    for x in _all_inputs(n):
        context = np.zeros((len(x), n + len(subsets)), np.int64)
        context[:, :n] = x
        for t, subset in enumerate(subsets):
            context[:, n + t] = context[:, list(subset)].sum(axis=1) & 1
        got, want = context[:, n:], _prefix_parities(x, n, k)
        answer += int((got[:, -1] == want[:, -1]).sum())
        right = int((got == want).all(axis=1).sum())
        sequence += right
        if stop_at_first and right < len(x):
            break
    return answer, sequence


def _chain_row(n: int, k: int, *, seeds: int, seed: int, distribution: str,
               samples: int | None, most: int) -> dict[str, Any]:
    per_seed: list[int | None] = []
    fits: list[dict[str, Any]] = []
    checks: list[tuple[int, int]] = []
    for s in range(seeds):
        pool = draw_inputs(n, samples or most, seed=seed + s,
                           distribution=distribution)

        def passes(count: int, pool: np.ndarray = pool) -> bool:
            fit = learn_chain(n, k, pool[:count])
            return _chain_check(n, k, fit["subsets"], stop_at_first=True)[1] == 1 << n

        need = samples if samples is not None else _least_samples(passes, most)[0]
        per_seed.append(need)
        if need is not None:
            fits.append(learn_chain(n, k, pool[:need]))
            checks.append(_chain_check(n, k, fits[-1]["subsets"]))
    found = [v for v in per_seed if v is not None]
    verified = len(checks) == seeds and all(c[1] == 1 << n for c in checks)
    tokens = chain_parity_length(n, k)
    return {
        "n": n, "k": k, "cot_tokens": tokens,
        "samples": max(found) if len(found) == seeds else None,
        "samples_per_seed": per_seed,
        "candidates_examined": fits[0]["candidates_examined"] if fits else None,
        "first_fit_candidates": max((f["first_fit_candidates"] for f in fits),
                                    default=None),
        "candidates_per_step_bound": sum(
            math.comb(n + tokens - 1, j) for j in range(1, k + 1)),
        "consistent": max((f["consistent"] for f in fits), default=None),
        "no_cot_candidates": (1 << n) - 1,
        "search_seconds": float(np.mean([f["search_seconds"] for f in fits]))
        if fits else None,
        "accuracy": min((c[0] for c in checks), default=0) / (1 << n),
        "verified": verified,
    }


def _least_cot_samples(n: int, train: np.ndarray, margin: float, most: int
                       ) -> tuple[int | None, int]:
    """:func:`_least_samples` of the per-token perceptron on the first ``K``
    rows of ``train``: its rollout right on every input."""

    def passes(count: int) -> bool:
        fit = fit_cot_perceptron(train[:count], n, margin=margin)
        return bool(rollout_check(fit, n, stop_at_first=True)["verified"])

    return _least_samples(passes, most)


def _threshold_row(n: int, *, samples: int, seeds: int, seed: int,
                   distribution: str, margin: float, most: int) -> dict[str, Any]:
    started = time.perf_counter()
    x = draw_inputs(n, samples, seed=seed, distribution=distribution)
    lstsq_acc, perceptron_acc = _no_cot(n, x)
    same = rollout_check(fit_cot_perceptron(_training(n, x), n, margin=margin), n)
    per_seed: list[int | None] = []
    tried = 0
    for s in range(seeds):
        pool = draw_inputs(n, most, seed=seed + s, distribution=distribution)
        need, fits = _least_cot_samples(n, _training(n, pool), margin, most)
        per_seed.append(need)
        tried += fits
    found = [v for v in per_seed if v is not None]
    return {
        "n": n, "samples": samples, "distribution": distribution, "margin": margin,
        "no_cot_accuracy": lstsq_acc,
        "no_cot_perceptron_accuracy": perceptron_acc,
        "cot_tokens": parity_circuit(n).n_gates,
        "cot_accuracy": same["answer_right"] / same["inputs"],
        "cot_sequence_accuracy": same["sequence_right"] / same["inputs"],
        "cot_samples": max(found) if len(found) == seeds else None,
        "cot_samples_per_seed": per_seed,
        "fits_tried": tried,
        "verified": len(found) == seeds,
        "seconds": time.perf_counter() - started,
    }


# -- the experiment ------------------------------------------------------------


def run_parity(
    ns: Sequence[int],
    *,
    samples: int = 1024,
    k_values: Sequence[int] = (2, 3, 4),
    seeds: int = 3,
    seed: int = 0,
    distribution: str = "weights",
    margin: float = 2.0,
    max_samples: int = MAX_SAMPLES,
    chain_samples: int | None = None,
    progress: bool | None = False,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The parity separation for each ``n`` of ``ns`` (module docstring).

    Parameters
    ----------
    ns
        Input lengths, each in ``2..MAX_N`` (larger raises
        :class:`~arcot.errors.SizeLimitExceeded`: every row is checked on
        all ``2^n`` inputs).
    samples
        ``K``: the drawn inputs the no-CoT learners and the same-``K`` CoT
        learner of a row are trained on (seed ``seed``).
    k_values
        The chain's sparsities (each ``>= 2``; empty: no chain rows).
    seeds, seed
        The searches for the least samples use seeds ``seed .. seed +
        seeds - 1``, one nested stream of draws each.
    distribution, margin
        How inputs are drawn, and the perceptron's margin (module
        docstring); ``margin = 0`` is
        :func:`~arcot.learn.fit_threshold_perceptron` unchanged.
    max_samples
        The most samples a search tries; where a seed needs more, the row's
        ``cot_samples`` is ``None`` and it is not verified.
    chain_samples
        A fixed sample size for the chain; ``None``: search the least, as
        for the threshold CoT.
    progress
        A progress bar on stderr (None: when stderr is a tty).
    on_row
        Called with each row as it is finished (threshold rows and chain
        rows alike; a chain row has a ``k``).

    Returns
    -------
    dict
        ``rows`` (one per ``n``: ``n``, ``samples``, ``no_cot_accuracy``,
        ``no_cot_perceptron_accuracy``, ``cot_tokens``, ``cot_accuracy``,
        ``cot_sequence_accuracy``, ``cot_samples``, ``cot_samples_per_seed``,
        ``fits_tried``, ``verified``, ``seconds``), ``chain`` (one per ``n``
        and ``k``) and ``settings``.
    """
    ns = _check_ns(ns)
    samples = _integer("samples", samples, 1)
    seeds = _integer("seeds", seeds, 1)
    seed = _integer("seed", seed, 0)
    max_samples = _integer("max_samples", max_samples, 1)
    if chain_samples is not None:
        chain_samples = _integer("chain_samples", chain_samples, 1)
    distribution = _check_distribution(distribution)
    margin = _check_margin(margin)
    if isinstance(k_values, (str, bytes)) or not isinstance(k_values, Sequence):
        raise LearningError(f"k_values must be a list of sparsities, got {k_values!r}")
    ks = [_integer("each chain sparsity k", k, 2) for k in k_values]
    if len(set(ks)) != len(ks):
        raise LearningError(f"a chain sparsity is listed twice: {ks}")
    bar = Progress(len(ns) * (1 + len(ks)), "parity", progress, unit="row")
    rows: list[dict[str, Any]] = []
    chain: list[dict[str, Any]] = []
    try:
        for n in ns:
            row = _threshold_row(n, samples=samples, seeds=seeds, seed=seed,
                                 distribution=distribution, margin=margin,
                                 most=max_samples)
            rows.append(row)
            bar.step(f"n={n}")
            if on_row is not None:
                on_row(row)
            for k in ks:
                started = time.perf_counter()
                crow = _chain_row(n, k, seeds=seeds, seed=seed,
                                  distribution=distribution, samples=chain_samples,
                                  most=max_samples)
                crow["seconds"] = time.perf_counter() - started
                chain.append(crow)
                bar.step(f"n={n} k={k}")
                if on_row is not None:
                    on_row(crow)
    finally:
        bar.close()
    settings = {"ns": ns, "samples": samples, "k_values": ks, "seeds": seeds,
                "seed": seed, "distribution": distribution, "margin": margin,
                "max_samples": max_samples, "chain_samples": chain_samples}
    return {"settings": settings, "rows": rows, "chain": chain}


# -- the plot ------------------------------------------------------------------


def plot_parity(result: dict[str, Any], path: str | None = None, *,
                ax: Any = None) -> Any:
    """The separation in one figure: accuracy and samples against ``n``,
    and the chain's search cost against its length.

    Panels: accuracy on all ``2^n`` inputs without and with the CoT (same
    ``K``); the ``K`` each seed needed for a rollout right on every input
    (log scale); when ``result`` has chain rows, the subsets searched
    against the CoT length for each ``k`` at the largest ``n`` with the
    ``2^n - 1`` parities of ``n`` bits a one-step search would face.
    ``ax``: one Axes (the first panel only) or a list of Axes; else a figure
    of its own. Saves to ``path`` when given (one of the two is needed).
    matplotlib's backend and pyplot's state are left as they are. Needs
    matplotlib (``pip install 'arcot[plot]'``). Returns the figure.
    """
    if path is None and ax is None:
        raise LearningError("plot_parity needs a path to save to or an ax to draw in")
    if not isinstance(result, dict) or not result.get("rows"):
        raise LearningError("plot_parity needs run_parity's result with rows")
    try:
        import matplotlib  # noqa: F401  (the package itself, not a cached submodule)
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise LearningError("plotting needs matplotlib: pip install 'arcot[plot]'"
                            ) from None
    rows, chain = result["rows"], result.get("chain") or []
    fig: Any
    if ax is None:
        panels = 3 if chain else 2
        fig = Figure(figsize=(5 * panels, 4))  # not pyplot: no global figure
        axes = [fig.add_subplot(1, panels, i + 1) for i in range(panels)]
    else:
        axes = list(ax) if isinstance(ax, (list, tuple)) else [ax]
        fig = axes[0].figure
    ns = [r["n"] for r in rows]
    first = axes[0]
    first.plot(ns, [r["no_cot_accuracy"] for r in rows], "o-",
               label="no CoT, least squares")
    first.plot(ns, [r["no_cot_perceptron_accuracy"] for r in rows], "s--",
               fillstyle="none", label="no CoT, perceptron")
    first.plot(ns, [r["cot_accuracy"] for r in rows], "^-",
               label="Thm 3.11 CoT, perceptron per token")
    first.axhline(0.5, color="grey", lw=0.8, ls=":")
    first.set_ylim(0, 1.05)
    first.xaxis.set_major_locator(MaxNLocator(integer=True))
    first.set_xlabel("n (input bits)")
    first.set_ylabel("accuracy on all 2^n inputs")
    first.set_title(f"K = {rows[0]['samples']} training inputs")
    first.legend(fontsize=8)
    if len(axes) > 1:
        second = axes[1]
        points = [(r["n"], v) for r in rows for v in r["cot_samples_per_seed"]
                  if v is not None]
        if points:
            second.plot(*zip(*points, strict=True), "o", fillstyle="none",
                        label="each seed")
        best = [(r["n"], r["cot_samples"]) for r in rows if r["cot_samples"]]
        if best:
            second.plot(*zip(*best, strict=True), "-", label="largest over seeds")
        second.plot(ns, [2 ** n for n in ns], ":", color="grey", label="2^n")
        second.set_yscale("log", base=2)
        second.xaxis.set_major_locator(MaxNLocator(integer=True))
        second.set_xlabel("n (input bits)")
        second.set_ylabel("K for a rollout right on every input")
        second.set_title("samples the CoT needs (verified)")
        second.legend(fontsize=8)
    if len(axes) > 2 and chain:
        third = axes[2]
        top = max(r["n"] for r in chain)
        mine = sorted((r for r in chain if r["n"] == top and r["candidates_examined"]),
                      key=lambda r: r["k"])
        for r in mine:
            third.plot(r["cot_tokens"], r["candidates_examined"], "o")
            third.annotate(f"k={r['k']}", (r["cot_tokens"], r["candidates_examined"]),
                           textcoords="offset points", xytext=(4, 4))
        if mine:
            third.plot([r["cot_tokens"] for r in mine],
                       [r["candidates_examined"] for r in mine], "-", color="tab:blue")
        third.axhline((1 << top) - 1, color="grey", ls=":",
                      label=f"2^{top} - 1 parities (one step)")
        third.set_yscale("log")
        third.set_xlabel("CoT tokens")
        third.set_ylabel("subsets searched (all steps)")
        third.set_title(f"Thm 3.12 chain, n = {top}")
        third.legend(fontsize=8)
    if path is not None:
        fig.tight_layout()
        try:
            fig.savefig(path)
        except (OSError, ValueError) as exc:
            raise LearningError(f"cannot write the plot to {path!r}: {exc}") from None
    return fig
