"""Least-squares fitting throughput from token streams, against the memory bandwidth.

The data are real tableau CoTs: every input of length <= N of the zoo's
binary increment machine, padded to one shape, as int64 token streams. Each
method starts from the same streams and ends with the minimum-norm least
squares weights of the pairwise predictor (every ratio is printed only after
the weights are checked equal, to 1e-8, to arcot's):

- arcot: ``stream_windows``, whose one pass over the streams checks every
  token and counts the distinct (window, next token) examples in a dense
  table, then ``fit_linear_predictor``, which solves the small blocks from
  those counts;
- arcot, windows materialised: the path before the fused count (the
  ``[n, 3]`` window array, targets and positions built first, 40 bytes a
  CoT token, then keyed and counted; the same block solve);
- numpy unique: windows read out of the streams with numpy slicing,
  deduplicated with ``np.unique(return_counts=True)``, then
  ``numpy.linalg.lstsq`` on the distinct rows weighted by sqrt(count);
- scipy.sparse: the one-hot design as a CSR matrix, the normal equations
  ``X^T X`` and ``X^T Y`` formed sparsely, solved by a pseudo-inverse (the
  Gram matrix is singular, and its pseudo-inverse gives the minimum norm);
- numpy dense: ``numpy.linalg.lstsq`` on the dense one-hot design, where it
  fits in memory.

The machine's read bandwidth is measured in the same run (numpy sums over an
array far larger than the caches, single-threaded like the fused pass). The
fused pass reads each stream token once (8 bytes, int64, as encoded), so the
bandwidth bound on arcot's throughput is bandwidth / 8 bytes a CoT token.

A second table times the block solve alone on random-configuration data
with large blocks: arcot's structured solve (Schur complement and Cholesky
in numba, one thread) against the batched LAPACK pseudo-inverse it replaced
(which runs on numpy's BLAS threads), same counts, weights checked equal.

Times are the best of five interleaved rounds in this one process;
arcot's kernels are compiled (or loaded from cache) before timing.

Run: ``python benchmarks/bench_lstsq.py`` (``--quick`` for a smoke run;
``--arcot-only`` times arcot's public path alone, so that it also runs
against an older arcot on ``PYTHONPATH``, for a before/after figure).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp

from arcot.learn import _kernels as K
from arcot.learn import fit_linear_predictor
from arcot.learn import lstsq as L
from arcot.learn.data import (
    WindowData,
    all_words,
    stream_windows,
    tableau_batch,
    training_data,
)
from arcot.learn.features import feature_dimension
from arcot.learn.lstsq import RTOL
from arcot.zoo import get

#: Bytes of one stream token (int64, as the tableau is encoded).
TOKEN_BYTES = 8

#: Interleaved rounds; each method's best is kept (the machine is shared).
ROUNDS = 5


def read_bandwidth(n_bytes: int = 1 << 29, repeat: int = 5) -> float:
    """Bytes per second one thread reads: the best numpy sum over ``n_bytes``."""
    a = np.ones(n_bytes // 8, np.int64)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        a.sum()
        best = min(best, time.perf_counter() - t0)
    return a.nbytes / best


def numpy_windows(streams: np.ndarray, width: int, delim: int) -> tuple[Any, ...]:
    """Left, middle, right and target ids of every CoT token, with numpy."""
    n, length = streams.shape
    row = width + 1
    # The CoT token at p reads p - W - 2 (a delimiter before the stream),
    # p - W - 1 and p - W.
    left = np.concatenate(
        [np.full((n, 1), delim, streams.dtype), streams[:, : length - row - 1]], axis=1
    )
    middle = streams[:, : length - row]
    right = streams[:, 1 : length - row + 1]
    target = streams[:, row:]
    return tuple(np.ascontiguousarray(x).ravel() for x in (left, middle, right, target))


def pairwise_columns(v: int, left, middle, right) -> np.ndarray:
    """The three pairwise feature columns each window fires ``[n, 3]``."""
    return np.stack([middle, v + left * v + middle, v + v * v + middle * v + right], 1)


def fit_unique(streams, width, delim, v):
    """Deduplicate (window, target) with np.unique, then weighted lstsq."""
    left, middle, right, target = numpy_windows(streams, width, delim)
    keys = ((left * v + middle) * v + right) * v + target
    distinct, counts = np.unique(keys, return_counts=True)
    rest, tgt = np.divmod(distinct, v)
    rest, r = np.divmod(rest, v)
    lft, mid = np.divmod(rest, v)
    cols = pairwise_columns(v, lft, mid, r)
    dim = feature_dimension("pairwise", v)
    x = np.zeros((len(distinct), dim))
    np.put_along_axis(x, cols, 1.0, axis=1)
    y = np.zeros((len(distinct), v))
    y[np.arange(len(distinct)), tgt] = 1.0
    s = np.sqrt(counts)[:, None]
    w, *_ = np.linalg.lstsq(x * s, y * s, rcond=None)
    return w


def fit_sparse(streams, width, delim, v):
    """Normal equations on the sparse one-hot design, pseudo-inverse."""
    left, middle, right, target = numpy_windows(streams, width, delim)
    n = len(target)
    dim = feature_dimension("pairwise", v)
    cols = pairwise_columns(v, left, middle, right).ravel()
    ones = np.ones(3 * n)
    x = sp.csr_matrix((ones, cols, np.arange(0, 3 * n + 1, 3)), shape=(n, dim))
    y = sp.csr_matrix((np.ones(n), target, np.arange(n + 1)), shape=(n, v))
    gram = (x.T @ x).toarray()
    rhs = (x.T @ y).toarray()
    return np.linalg.pinv(gram, rtol=RTOL, hermitian=True) @ rhs


def fit_dense(streams, width, delim, v):
    """numpy.linalg.lstsq on the dense one-hot design (minimum norm)."""
    left, middle, right, target = numpy_windows(streams, width, delim)
    n = len(target)
    x = np.zeros((n, feature_dimension("pairwise", v)))
    np.put_along_axis(x, pairwise_columns(v, left, middle, right), 1.0, axis=1)
    y = np.zeros((n, v))
    y[np.arange(n), target] = 1.0
    w, *_ = np.linalg.lstsq(x, y, rcond=None)
    return w


def full_weights(pred, dim: int) -> np.ndarray:
    out = np.zeros((dim, pred.weights.shape[1]))
    out[pred.columns] = pred.weights
    return out


def interleaved(methods: dict[str, Callable[[], Any]], rounds: int = ROUNDS):
    """Best time of each method, the methods taking turns ``rounds`` times."""
    best = dict.fromkeys(methods, float("inf"))
    for _ in range(rounds):
        for name, f in methods.items():
            t0 = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--arcot-only", action="store_true")
    args = parser.parse_args()
    machine = get("increment")
    lengths = [3, 5, 7] if args.quick else [5, 7, 9, 11, 13, 15]
    dense_limit = 20_000 if args.quick else 50_000  # tokens (8 x 351 bytes each)
    baseline_limit = 10**6 if args.quick else 10**7  # tokens, unique and sparse
    warm = tableau_batch(machine, all_words(machine, 2))
    warm_data = stream_windows(warm.vocabulary, warm.streams, warm.window.width)
    fit_linear_predictor(warm_data)
    n_bytes = 1 << 29 if args.quick else 1 << 30  # beyond a 300 MB L3
    bandwidth = read_bandwidth(n_bytes)
    bound = bandwidth / TOKEN_BYTES
    print(
        f"machine {machine.name}; pairwise features; best of {ROUNDS} interleaved "
        f"rounds\n"
        f"read bandwidth (one thread, numpy sum over "
        f"{n_bytes >> 20} MB): {bandwidth / 1e9:.1f} GB/s;"
        f" arcot reads {TOKEN_BYTES} B a CoT token (the int64 stream, once), so "
        f"the bound is {bound / 1e6:.0f}M tokens/s"
    )
    header = (f"{'N':>3} {'CoT tokens':>11} {'arcot s':>9} {'tokens/s':>9} "
              f"{'of bound':>8}")
    if not args.arcot_only:
        header += (f" {'materialised':>12} {'np.unique':>10} {'scipy.sparse':>12} "
                   f"{'numpy dense':>11}")
    print(header)
    for n in lengths:
        batch = tableau_batch(machine, all_words(machine, n))
        vocab = batch.vocabulary
        v = len(vocab)
        width = batch.window.width
        streams = batch.streams
        delim = vocab.id("#")
        dim = feature_dimension("pairwise", v)
        tokens = streams.shape[0] * (streams.shape[1] - width - 1)

        def ours(streams=streams, vocab=vocab, width=width):
            data = stream_windows(vocab, streams, width)
            return fit_linear_predictor(data, features="pairwise")

        def materialised(streams=streams, vocab=vocab, width=width):
            lazy = stream_windows(vocab, streams, width)
            data = WindowData(
                vocabulary=vocab, windows=lazy.windows, targets=lazy.targets,
                positions=lazy.positions,
            )
            return fit_linear_predictor(data, features="pairwise")

        if args.arcot_only:
            t = interleaved({"arcot": ours})["arcot"]
            print(f"{n:>3} {tokens:>11} {t:>9.4f} {tokens / t / 1e6:>8.0f}M "
                  f"{tokens / t / bound:>7.0%}")
            continue
        methods: dict[str, Callable[[], Any]] = {
            "arcot": ours, "materialised": materialised,
        }
        if tokens <= baseline_limit:
            methods["np.unique"] = lambda s=streams, w=width, d=delim, v=v: (
                fit_unique(s, w, d, v)
            )
            methods["scipy.sparse"] = lambda s=streams, w=width, d=delim, v=v: (
                fit_sparse(s, w, d, v)
            )
        if tokens <= dense_limit:
            methods["numpy dense"] = lambda s=streams, w=width, d=delim, v=v: (
                fit_dense(s, w, d, v)
            )
        # Check every method's weights against arcot's before timing.
        ref = full_weights(ours(), dim)
        assert np.allclose(full_weights(materialised(), dim), ref, atol=0, rtol=0)
        for name in ("np.unique", "scipy.sparse", "numpy dense"):
            if name in methods:
                w = methods[name]()
                assert np.allclose(w, ref, atol=1e-8), f"{name}: different weights"
        best = interleaved(methods)
        t = best["arcot"]
        row = (
            f"{n:>3} {tokens:>11} {t:>9.4f} {tokens / t / 1e6:>8.0f}M "
            f"{tokens / t / bound:>7.0%}"
        )
        for name, width_ in (
            ("materialised", 12), ("np.unique", 10), ("scipy.sparse", 12),
            ("numpy dense", 11),
        ):
            cell = f"{best[name] / t:.1f}x" if name in best else "-"
            row += f" {cell:>{width_}}"
        print(row)
    if not args.arcot_only:
        print("ratios: that method's time over arcot's (same weights, checked)")
        block_solves(args.quick)


def block_solves(quick: bool) -> None:
    """The block solve alone: structured (arcot) against batched pinv."""
    cases = [("rogozhin-4-6", "configurations:20000")]
    if not quick:
        cases.append(("utm", "configurations:20000"))
    print(f"\nblock solve alone (pairwise, tied), best of {ROUNDS} interleaved rounds")
    print(f"{'data':>34} {'V':>4} {'blocks':>6} {'largest':>7} {'arcot s':>8} "
          f"{'pinv s':>8} {'ratio':>7}")
    for name, dist in cases:
        data = training_data(get(name), dist)
        v = len(data.vocabulary)
        dim = feature_dimension("pairwise", v)
        windows, targets, groups, counts, _ = L._examples(data, True)
        cols = K._feature_columns(windows, 1, v, groups, dim)
        compact, used = L._compact(cols, dim)
        weight = counts.astype(np.float64)
        roles = L._roles(used % dim, v)
        n_cols = len(used)

        def structured(c=compact, t=targets, w=weight, n=n_cols, v=v, r=roles):
            return L._solve(c, t, w, n, v, r)

        def pinv(c=compact, t=targets, w=weight, n=n_cols, v=v):
            return L._solve(c, t, w, n, v, None)

        assert np.allclose(structured(), pinv(), atol=1e-8), "different weights"
        best = interleaved({"arcot": structured, "pinv": pinv})
        roots = K._components(compact, n_cols)
        sizes = np.unique(roots, return_counts=True)[1]
        print(f"{name + ' ' + dist:>34} {v:>4} {len(sizes):>6} {sizes.max():>7} "
              f"{best['arcot']:>8.4f} {best['pinv']:>8.4f} "
              f"{best['pinv'] / best['arcot']:>6.1f}x")


if __name__ == "__main__":
    main()
