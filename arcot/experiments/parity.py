"""Parity: the separation the theory predicts, measured.

Without a chain of thought a linear predictor of parity's answer bit is no
better than a coin: every linear threshold of ``n >= 2`` bits disagrees
with parity on a large share of the inputs. With the chain of thought of
Thm 3.11 (:func:`arcot.circuit.parity_circuit`: the bits of the number of
ones, ``ceil(log2(n + 1))`` tokens) every token is a linear threshold of the
input and the tokens before it, so the perceptron learns each from sampled
inputs, and the rollout is checked on every input. With Thm 3.12's chain
of ``k``-sparse parities (:func:`arcot.circuit.chain_parity_circuit`) each
step is found by searching the ``k``-subsets of the columns so far: a
longer chain buys a cheaper search.

:func:`run_parity` measures all three:

- ``no_cot_accuracy`` / ``no_cot_perceptron_accuracy``: least squares on
  the input bits (and a constant), thresholded at 1/2, and the perceptron,
  each trained on ``K`` random inputs with their parity, scored on all
  ``2^n`` inputs; ``cot_accuracy``: the perceptron per CoT token, trained
  on the same ``K`` inputs' CoTs, rolled out from the input alone;
- ``cot_samples``: the least ``K`` found (doubling, then bisection; on
  nested samples, the first ``K`` of one seeded draw) for which that
  rollout writes the right CoT on **every** one of the ``2^n`` inputs,
  decided exactly in integers (``verified``), the largest over the seeds;
- the chain rows: tokens, candidate subsets examined, seconds, and whether
  the learned chain's rollout is right on every input.

>>> rows = run_parity([6], k_values=[3], seeds=1)
>>> r = rows["rows"][0]
>>> r["no_cot_accuracy"], r["verified"], r["cot_accuracy"], r["cot_tokens"]
(0.5, True, 1.0, 3)
>>> rows["chain"][0]["verified"]
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np

from arcot.circuit import all_bit_inputs, chain_parity_circuit, parity_circuit
from arcot.errors import LearningError, SizeLimitExceeded

__all__ = ["MAX_N", "MAX_SAMPLES", "plot_parity", "run_parity"]

#: The longest input checked: every row is decided on all ``2^n`` inputs.
MAX_N = 22

#: The most samples the search for an exact rollout tries (``max_samples``).
MAX_SAMPLES = 1 << 16


def _check_ns(ns: Sequence[int]) -> list[int]:
    out = []
    for n in ns:
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
            raise LearningError(f"input lengths must be integers >= 2, got {n!r}")
        if n > MAX_N:
            raise SizeLimitExceeded(
                f"n = {n}: every row is checked on all 2^n inputs; n <= {MAX_N}"
            )
        out.append(int(n))
    if not out:
        raise LearningError("no input length given")
    return out


def _parity(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = (x.sum(axis=1) & 1).astype(np.int64)
    return out


def _no_cot(x_all: np.ndarray, y_all: np.ndarray, pick: np.ndarray
            ) -> tuple[float, float]:
    """Accuracy on every input of least squares and of the perceptron,
    trained on the answer bit of the inputs ``pick``."""
    from arcot.learn import fit_threshold_perceptron

    design = np.hstack([x_all[pick], np.ones((len(pick), 1))]).astype(np.float64)
    w, *_ = np.linalg.lstsq(design, y_all[pick].astype(np.float64), rcond=None)
    lstsq = (x_all @ w[:-1] + w[-1] >= 0.5).astype(np.int64)
    rows = np.hstack([x_all[pick], y_all[pick, None]]).astype(np.int64)
    p = fit_threshold_perceptron(rows, x_all.shape[1], max_epochs=200)
    perceptron = _rollout(p.weights, p.thresholds, x_all)[:, 0]
    return float((lstsq == y_all).mean()), float((perceptron == y_all).mean())


def _rollout(weights: np.ndarray, thresholds: np.ndarray, x: np.ndarray
             ) -> np.ndarray:
    """Every input's CoT written by per-token threshold predictors, each
    token from the input and the tokens written before it (exact int64:
    refused where a sum could leave it)."""
    bound = int(np.abs(weights).sum(axis=1).max(initial=0)) + int(
        np.abs(thresholds).max(initial=0))
    if bound >= 1 << 62:
        raise LearningError("perceptron weights too large for an exact int64 rollout")
    n, steps = x.shape[1], len(thresholds)
    context = np.zeros((len(x), n + steps), dtype=np.int64)
    context[:, :n] = x
    for t in range(steps):
        k = n + t
        score = context[:, :k] @ weights[t, :k]
        context[:, k] = score >= thresholds[t]
    return context[:, n:]


def _cot_learned(x_all: np.ndarray, cot_all: np.ndarray, order: np.ndarray,
                 k: int) -> bool:
    """Whether the perceptron on the first ``k`` sampled CoTs rolls out the
    true CoT on every input."""
    from arcot.learn import fit_threshold_perceptron

    rows = np.hstack([x_all[order[:k]], cot_all[order[:k]]]).astype(np.int64)
    p = fit_threshold_perceptron(rows, x_all.shape[1], max_epochs=10_000)
    if not p.info or not p.info.converged:
        return False
    return bool((_rollout(p.weights, p.thresholds, x_all) == cot_all).all())


def _least_samples(x_all: np.ndarray, cot_all: np.ndarray, rng: np.random.Generator,
                   most: int) -> int | None:
    """The least ``K <= most`` by doubling then bisection for which the
    rollout is right on every input (on nested prefixes of one seeded draw
    without replacement), or ``None`` if ``most`` samples are not enough."""
    total = len(x_all)
    most = min(most, total)
    order = rng.permutation(total)
    hi = 1
    while not _cot_learned(x_all, cot_all, order, hi):
        if hi >= most:
            return None
        hi = min(2 * hi, most)
    lo = hi // 2  # not enough, or 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _cot_learned(x_all, cot_all, order, mid):
            hi = mid
        else:
            lo = mid
    return hi


def _chain_row(n: int, k: int, x_all: np.ndarray, rng: np.random.Generator,
               samples: int) -> dict[str, Any]:
    """Learn Thm 3.12's chain step by step: each token the first subset of
    at most ``k`` columns (inputs and earlier tokens, in lexicographic
    order) whose XOR agrees with the sampled inputs."""
    circuit = chain_parity_circuit(n, k)
    cot_all = circuit.evaluate(x_all)
    pick = rng.integers(0, len(x_all), size=samples)
    cols = np.hstack([x_all[pick], cot_all[pick]]).astype(np.int64)
    started = time.perf_counter()
    examined, chosen = 0, []
    for t in range(circuit.n_gates):
        available = n + t
        target = cols[:, n + t]
        found = None
        for size in range(1, k + 1):
            for subset in combinations(range(available), size):
                examined += 1
                if ((cols[:, list(subset)].sum(axis=1) & 1) == target).all():
                    found = subset
                    break
            if found is not None:
                break
        if found is None:
            raise LearningError(f"no subset of at most {k} columns fits step {t}")
        chosen.append(found)
    seconds = time.perf_counter() - started
    context = np.zeros((len(x_all), n + len(chosen)), dtype=np.int64)
    context[:, :n] = x_all
    for t, subset in enumerate(chosen):
        context[:, n + t] = context[:, list(subset)].sum(axis=1) & 1
    right = context[:, -1] == _parity(x_all)
    return {
        "n": n, "k": k, "cot_tokens": circuit.n_gates, "samples": samples,
        "candidates_examined": examined,
        "candidates_per_step_bound": sum(math.comb(n + circuit.n_gates - 1, i)
                                         for i in range(1, k + 1)),
        "no_cot_candidates": 2 ** n - 1,
        "search_seconds": seconds,
        "accuracy": float(right.mean()), "verified": bool(right.all()),
    }


def run_parity(
    ns: Sequence[int],
    *,
    samples: int = 1024,
    k_values: Sequence[int] = (2, 3, 4),
    seeds: int = 3,
    seed: int = 0,
    max_samples: int = MAX_SAMPLES,
    chain_samples: int | None = None,
    progress: bool | None = False,
) -> dict[str, Any]:
    """The parity separation for each ``n`` of ``ns``.

    Returns ``{"rows": [...], "chain": [...]}``. A row per ``n``:

    - ``samples``: ``K = min(samples, 2^n)`` random inputs (without
      replacement) that every learner of the row is trained on;
    - ``no_cot_accuracy``, ``no_cot_perceptron_accuracy``: least squares
      (thresholded at 1/2) and the perceptron on the answer bit alone;
      ``cot_accuracy``: the answer token of the Thm 3.11 CoT rolled out by
      the per-token perceptrons; ``cot_sequence_accuracy``: inputs whose
      whole CoT is right; all over every one of the ``2^n`` inputs;
    - ``cot_samples``: the largest over the seeds of the least ``K``
      (doubling, then bisection, up to ``max_samples``) for which the
      rollout is right on every input, ``None`` where some seed needed more;
      ``cot_samples_per_seed``; ``verified``: whether that rollout was
      decided right on every input, exactly in integers, for every seed.

    A chain row per ``n`` and ``k`` (``chain_samples`` random inputs each,
    default ``8 (n + 1)``): tokens, candidate subsets examined, seconds,
    accuracy and ``verified``. All draws are seeded from ``seed``.
    """
    from arcot._progress import Progress

    ns = _check_ns(ns)
    for name, value in (("seeds", seeds), ("samples", samples),
                        ("max_samples", max_samples)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise LearningError(f"{name} must be an integer >= 1, got {value!r}")
    ks = [int(k) for k in k_values]
    if any(k < 2 for k in ks):
        raise LearningError(f"chain sparsities k must be >= 2, got {ks}")
    from arcot.learn import fit_threshold_perceptron

    bar = Progress(len(ns), "parity", progress, unit="n")
    rows, chain = [], []
    for n in ns:
        started = time.perf_counter()
        x_all = all_bit_inputs(n).astype(np.int64)
        y_all = _parity(x_all)
        cot_all = parity_circuit(n).evaluate(x_all).astype(np.int64)
        k = min(samples, len(x_all))
        pick = np.random.default_rng([seed, n]).permutation(len(x_all))[:k]
        ls, pc = _no_cot(x_all, y_all, pick)
        train = np.hstack([x_all[pick], cot_all[pick]]).astype(np.int64)
        p = fit_threshold_perceptron(train, n, max_epochs=10_000)
        written = _rollout(p.weights, p.thresholds, x_all)
        needed = [_least_samples(x_all, cot_all, np.random.default_rng([seed, n, s]),
                                 max_samples) for s in range(seeds)]
        rows.append({
            "n": n, "samples": k, "no_cot_accuracy": ls,
            "no_cot_perceptron_accuracy": pc, "cot_tokens": cot_all.shape[1],
            "cot_accuracy": float((written[:, -1] == y_all).mean()),
            "cot_sequence_accuracy": float((written == cot_all).all(axis=1).mean()),
            "cot_samples": None if None in needed else max(
                int(v) for v in needed if v is not None),
            "cot_samples_per_seed": needed,
            "verified": None not in needed,
            "seconds": time.perf_counter() - started,
        })
        for kk in ks:
            count = 8 * (n + 1) if chain_samples is None else chain_samples
            chain.append(_chain_row(n, kk, x_all,
                                    np.random.default_rng([seed, n, kk]), count))
        bar.step(f"n={n}")
    bar.close()
    return {"rows": rows, "chain": chain}


def plot_parity(result: dict[str, Any], path: str | None = None, *, ax: Any = None
                ) -> Any:
    """Accuracy against ``n`` without and with the CoT, and the samples the
    CoT needed (right axis). Draws into ``ax`` or a figure of its own; saves
    to ``path`` when given. Needs matplotlib. Returns the figure."""
    if path is None and ax is None:
        raise LearningError("plot_parity needs a path or an ax")
    try:
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise LearningError("plotting needs matplotlib: pip install 'arcot[plot]'"
                            ) from None
    if ax is None:
        fig = Figure(figsize=(6, 4))
        ax = fig.add_subplot()
    rows = result["rows"]
    ns = [r["n"] for r in rows]
    ax.plot(ns, [r["no_cot_accuracy"] for r in rows], "o-",
            label="no CoT, least squares")
    ax.plot(ns, [r["no_cot_perceptron_accuracy"] for r in rows], "s-",
            label="no CoT, perceptron", fillstyle="none")
    ax.plot(ns, [r["cot_accuracy"] for r in rows], "^-",
            label="Thm 3.11 CoT, perceptron per token")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("n (input bits)")
    ax.set_ylabel("accuracy on all 2^n inputs")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    right = ax.twinx()
    right.plot(ns, [r["cot_samples"] for r in rows], "k:", label="K the CoT needed")
    right.set_yscale("log")
    right.set_ylabel("samples K (CoT verified on every input)")
    ax.legend(loc="lower left", fontsize=8)
    right.legend(loc="lower right", fontsize=8)
    ax.set_title("parity: without and with a chain of thought")
    if path is not None:
        ax.figure.tight_layout()
        try:
            ax.figure.savefig(path)
        except (OSError, ValueError) as exc:
            raise LearningError(f"cannot write the plot to {path!r}: {exc}") from None
    return ax.figure
