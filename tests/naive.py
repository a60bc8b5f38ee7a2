"""Slow, obviously correct references for arcot's numba kernels.

Each function here does in plain Python (or plain NumPy on a materialised
matrix) what a kernel in ``arcot/learn/_kernels.py`` does fast; property
tests compare the two.
"""

from __future__ import annotations

import numpy as np

from arcot.cot import DELIMITER, Vocabulary
from arcot.learn.features import feature_dimension, feature_index


def naive_stream_windows(vocab: Vocabulary, stream, width: int):
    """Windows, targets and CoT positions of one tableau stream, in Python."""
    delim = vocab.id(DELIMITER)
    stream = [int(t) for t in stream]
    out = []
    for p in range(width + 1, len(stream)):
        left = stream[p - width - 2] if p - width - 2 >= 0 else delim
        out.append(
            ((left, stream[p - width - 1], stream[p - width]), stream[p], p - width - 1)
        )
    return out


def naive_columns(kind: str, vocab_size: int, window, position: int = 0) -> list[int]:
    """The three columns a window fires, from the feature spec."""
    dim = feature_dimension(kind, vocab_size)
    return [position * dim + c for c in feature_index(kind, vocab_size, *window)]


def naive_design(kind: str, vocab_size: int, windows, positions=None) -> np.ndarray:
    """The dense one-hot design matrix ``[n, n_positions * dim]``."""
    dim = feature_dimension(kind, vocab_size)
    n = len(windows)
    pos = [0] * n if positions is None else [int(p) for p in positions]
    x = np.zeros((n, dim * (max(pos, default=0) + 1)))
    for i, w in enumerate(windows):
        for c in naive_columns(kind, vocab_size, [int(t) for t in w], pos[i]):
            x[i, c] += 1.0
    return x


def naive_fit(kind: str, vocab_size: int, windows, targets, positions=None):
    """Minimum-norm least squares on the dense design (numpy.linalg.lstsq).

    Returns the full weight matrix ``[n_positions * dim, vocab_size]``.
    """
    x = naive_design(kind, vocab_size, windows, positions)
    y = np.zeros((len(targets), vocab_size))
    y[np.arange(len(targets)), np.asarray(targets)] = 1.0
    w, *_ = np.linalg.lstsq(x, y, rcond=None)
    return w


def naive_scores(kind: str, vocab_size: int, full_weights, window, position=0):
    """Scores of every token for one window under full weights."""
    cols = naive_columns(kind, vocab_size, window, position)
    return [sum(full_weights[c][k] for c in cols) for k in range(vocab_size)]


def naive_argmax(scores) -> int:
    """Argmax with ties to the lowest index."""
    best = 0
    for k, s in enumerate(scores):
        if s > scores[best]:
            best = k
    return best


def naive_perceptron(
    kind, vocab_size, windows, targets, positions=None, max_epochs=1000, margin=1
):
    """Multiclass margin perceptron over the examples in the given order.

    Returns ``(weights dict column -> list, epochs, mistakes in last epoch)``.
    """
    pos = [0] * len(windows) if positions is None else list(positions)
    weights: dict[int, list[int]] = {}
    epochs = mistakes = 0
    for _ in range(max_epochs):
        epochs += 1
        mistakes = 0
        for w, y, p in zip(windows, targets, pos, strict=True):
            cols = naive_columns(kind, vocab_size, [int(t) for t in w], int(p))
            scores = [
                sum(weights.get(c, [0] * vocab_size)[k] for c in cols)
                for k in range(vocab_size)
            ]
            others = [k for k in range(vocab_size) if k != y]
            if not others:
                continue
            rival = others[0]
            for k in others:
                if scores[k] > scores[rival]:
                    rival = k
            if scores[y] - scores[rival] < margin:
                mistakes += 1
                for c in cols:
                    row = weights.setdefault(c, [0] * vocab_size)
                    row[y] += 1
                    row[rival] -= 1
        if mistakes == 0:
            break
    return weights, epochs, mistakes


def naive_rollout(predictor, prompt, n_tokens: int, width: int) -> list[int]:
    """Roll a LinearPredictor out one token at a time through its Python API."""
    stream = [int(t) for t in prompt]
    delim = predictor.vocabulary.id(DELIMITER)
    table = {}
    for j in range(len(predictor.columns)):
        table[int(predictor.columns[j])] = predictor.weights[j]
    v = len(predictor.vocabulary)
    for t in range(n_tokens):
        p = len(stream)
        left = stream[p - width - 2] if p - width - 2 >= 0 else delim
        window = (left, stream[p - width - 1], stream[p - width])
        position = 0 if predictor.tied else t
        cols = naive_columns(predictor.features, v, window, position)
        scores = [sum(float(table[c][k]) for c in cols if c in table) for k in range(v)]
        stream.append(naive_argmax(scores))
    return stream[len(prompt) :]


def naive_threshold_perceptron(contexts, n_inputs: int, max_epochs: int):
    """Per-position threshold perceptrons in plain Python.

    Returns (list of weight lists, thresholds, epochs, last-epoch mistakes).
    """
    rows = [[int(b) for b in r] for r in contexts]
    total = len(rows[0]) if rows else n_inputs
    out_w, out_b, out_e, out_m = [], [], [], []
    for t in range(total - n_inputs):
        k = n_inputs + t
        w, b, epochs, miss = [0] * k, 0, 0, 0
        for _ in range(max_epochs):
            epochs += 1
            miss = 0
            for r in rows:
                s = sum(wj * uj for wj, uj in zip(w, r[:k], strict=True))
                if r[k] == 1 and s < b:
                    miss += 1
                    b -= 1
                    w = [wj + uj for wj, uj in zip(w, r[:k], strict=True)]
                elif r[k] == 0 and s >= b:
                    miss += 1
                    b += 1
                    w = [wj - uj for wj, uj in zip(w, r[:k], strict=True)]
            if miss == 0:
                break
        out_w.append(w)
        out_b.append(b)
        out_e.append(epochs)
        out_m.append(miss)
    return out_w, out_b, out_e, out_m
