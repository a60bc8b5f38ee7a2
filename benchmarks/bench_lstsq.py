"""Least-squares fitting throughput: arcot against numpy.linalg.lstsq.

The data are real tableau CoTs: every input of length <= N of the zoo's
binary increment machine, padded to one shape. arcot fits the pairwise
predictor straight from the token streams (window extraction, sparse
normal equations, blockwise pseudo-inverse). The baseline is what a user
would otherwise write: materialise the one-hot design matrix of the same
features and call ``numpy.linalg.lstsq`` (minimum-norm solution), once on
all feature columns and once on only the columns the data fire (a stronger
baseline). Both produce the same weights; the script checks that before it
prints a ratio. Times are the best of three runs in this one process;
arcot's kernels are compiled (or loaded from cache) before timing.

Run: ``python benchmarks/bench_lstsq.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from arcot.learn import fit_linear_predictor
from arcot.learn.data import all_words, stream_windows, tableau_batch
from arcot.learn.features import feature_dimension, feature_index
from arcot.zoo import get


def best_of(f, repeat=3):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def dense_design(vocab_size, windows, kind="pairwise"):
    dim = feature_dimension(kind, vocab_size)
    x = np.zeros((len(windows), dim))
    rows = np.arange(len(windows))
    cols = np.array([feature_index(kind, vocab_size, *map(int, w)) for w in windows])
    for a in range(3):
        x[rows, cols[:, a]] = 1.0
    return x


def numpy_fit(x, targets, vocab_size):
    y = np.zeros((len(targets), vocab_size))
    y[np.arange(len(targets)), targets] = 1.0
    w, *_ = np.linalg.lstsq(x, y, rcond=None)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    machine = get("increment")
    lengths = [3, 5] if args.quick else [4, 6, 7, 9, 11]
    numpy_limit = 20_000 if args.quick else 60_000  # tokens (design memory)
    warm = tableau_batch(machine, all_words(machine, 2))
    fit_linear_predictor(
        stream_windows(warm.vocabulary, warm.streams, warm.window.width)
    )
    print(f"machine {machine.name}; pairwise features; times best of 3")
    print(
        f"{'N':>3} {'CoT tokens':>11} {'arcot s':>9} {'arcot tok/s':>12} "
        f"{'numpy full s':>12} {'ratio':>8} {'numpy seen s':>12} {'ratio':>8}"
    )
    for n in lengths:
        batch = tableau_batch(machine, all_words(machine, n))
        vocab = batch.vocabulary
        v = len(vocab)

        def ours(batch=batch, vocab=vocab):
            data = stream_windows(vocab, batch.streams, batch.window.width)
            return fit_linear_predictor(data, features="pairwise")

        t_ours, pred = best_of(ours)
        tokens = pred.info.n_windows
        row = f"{n:>3} {tokens:>11} {t_ours:>9.4f} {tokens / t_ours:>12.3g}"
        if tokens <= numpy_limit:
            data = stream_windows(vocab, batch.streams, batch.window.width)
            x = dense_design(v, data.windows)
            t_full, w_full = best_of(
                lambda x=x, d=data, v=v: numpy_fit(x, d.targets, v)
            )
            seen = np.flatnonzero(x.any(axis=0))
            xs = np.ascontiguousarray(x[:, seen])
            t_seen, w_seen = best_of(
                lambda xs=xs, d=data, v=v: numpy_fit(xs, d.targets, v)
            )
            ours_full = np.zeros_like(w_full)
            ours_full[pred.columns] = pred.weights
            assert np.allclose(ours_full, w_full, atol=1e-8), "different solutions"
            assert np.allclose(ours_full[seen], w_seen, atol=1e-8)
            row += (
                f" {t_full:>12.4f} {t_full / t_ours:>7.0f}x"
                f" {t_seen:>12.4f} {t_seen / t_ours:>7.0f}x"
            )
        else:
            row += f" {'(design too large)':>42}"
        print(row)


if __name__ == "__main__":
    main()
