"""Learning curves: how many sampled inputs a tied or untied predictor needs.

The paper's Thm 3.3 learns an auto-regressive predictor position by position
(the *untied* product class ``H_1 x ... x H_T``), paying for ``T`` separate
learning problems; a *tied* predictor shares one set of weights across
positions. Thm 3.6 says errors do not compound: the rollout goes wrong on an
input only if some teacher-forced prediction on it is wrong.

:func:`learning_curve` measures both on real runs. For every input of length
``<= n`` it builds the tableau CoT over one shared shape; for each sample
size ``K`` and seed it fits on ``K`` inputs drawn uniformly (with
replacement) from those, and then, over *all* of them, counts

- the teacher-forced sequence error: inputs on which some position, given
  the true prefix, predicts a wrong token;
- the rollout error: inputs whose CoT, written by the predictor from the
  prompt alone, differs from the simulator's.

For a deterministic (argmax) predictor the two are equal, input by input:
the rollout agrees with the true CoT up to the first position where the
teacher-forced prediction is wrong, and goes wrong there. So errors do not
compound (Thm 3.6), and measuring one measures the other; the function
counts both, independently (the rollout is written from the prompts alone,
for all inputs at once), and reports the inputs on which the rollout went
wrong although teacher forcing did not (``compounded``: Thm 3.6 says none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from arcot.cot import DELIMITER, encode_tableau_batch
from arcot.errors import LearningError
from arcot.learn.data import TableauBatch, all_words, stream_windows, tableau_batch
from arcot.learn.lstsq import fit_linear_predictor
from arcot.learn.perceptron import fit_perceptron
from arcot.learn.predictor import LinearPredictor
from arcot.machine import TuringMachine

__all__ = ["CurvePoint", "learning_curve"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CurvePoint:
    """Errors at one sample size, over ``seeds`` fits.

    ``teacher_forced`` and ``rollout`` are mean error rates over the
    ``inputs`` test inputs; ``exact`` counts the fits whose rollout was right
    on every test input. Fit ``i`` draws its sample with seed ``seed + i``;
    ``teacher_forced_wrong[i]`` and ``rollout_wrong[i]`` count the test
    inputs it got wrong each way, and ``compounded`` the (fit, input) pairs
    whose rollout went wrong while every teacher-forced prediction was right.
    """

    k: int
    tied: bool
    seeds: int
    inputs: int
    cot_tokens: int
    teacher_forced: float
    rollout: float
    exact: int
    seed: int = 0
    teacher_forced_wrong: tuple[int, ...] = ()
    rollout_wrong: tuple[int, ...] = ()
    compounded: int = 0
    extra_steps: int = 0


def learning_curve(
    machine: TuringMachine,
    n: int,
    sizes: Iterable[int],
    *,
    tied: bool = True,
    learner: str = "lstsq",
    features: str = "pairwise",
    seeds: int = 5,
    seed: int = 0,
    max_steps: int = 10_000,
    extra_steps: int = 0,
    on_fit: Callable[[], object] | None = None,
) -> list[CurvePoint]:
    """Errors of predictors fitted on ``K`` sampled inputs, for each ``K``.

    Parameters
    ----------
    machine
        The machine; its inputs of length ``<= n`` are the population.
    n
        Longest input.
    sizes
        Sample sizes ``K`` to try.
    tied
        One predictor for every position, or one per position.
    learner, features
        ``"lstsq"`` or ``"perceptron"``; ``"pairwise"`` or ``"additive"``.
    seeds
        Fits per sample size (seeds ``seed .. seed + seeds - 1``).
    seed
        The first fit's seed. A seed's sample of size ``K`` is the first
        ``K`` inputs of its sample of any larger size: samples grow.
    max_steps
        Step budget of each run.
    extra_steps
        Rows added to the tableau past the least shape: every run has
        halted there and its configuration repeats, so the CoT is longer
        (``T`` grows by ``extra_steps * (W + 1)`` tokens) while the inputs
        and what they teach stay the same.
    on_fit
        Called after each fit (a progress bar's step).

    Examples
    --------
    >>> from arcot.zoo import get
    >>> tied = learning_curve(get("increment"), 3, [1, 8], seeds=3)
    >>> untied = learning_curve(get("increment"), 3, [1, 8], seeds=3, tied=False)
    >>> [p.rollout == p.teacher_forced for p in tied + untied]  # Thm 3.6
    [True, True, True, True]
    >>> [a.rollout <= b.rollout for a, b in zip(tied, untied)]
    [True, True]
    """
    if learner not in ("lstsq", "perceptron"):
        raise LearningError(f"learner must be lstsq or perceptron, got {learner!r}")
    if not isinstance(seeds, int) or isinstance(seeds, bool) or seeds < 1:
        raise LearningError(f"seeds must be an integer >= 1, got {seeds!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise LearningError(f"seed must be an integer >= 0, got {seed!r}")
    ks = [int(k) for k in sizes]
    if not ks or min(ks) < 1:
        raise LearningError(f"sample sizes must be integers >= 1, got {ks}")
    words = all_words(machine, n)
    if (not isinstance(extra_steps, int) or isinstance(extra_steps, bool)
            or extra_steps < 0):
        raise LearningError(
            f"extra_steps must be an integer >= 0, got {extra_steps!r}"
        )
    batch = tableau_batch(machine, words, max_steps=max_steps)
    if extra_steps:
        batch = _longer(machine, batch, batch.steps + extra_steps)
    vocab, width = batch.vocabulary, batch.window.width
    row = width + 1
    test = stream_windows(vocab, batch.streams, width)
    per_input = batch.streams.shape[1] - row
    if per_input == 0:
        raise LearningError(f"no input of length <= {n} takes a step: no CoT to learn")
    fit = fit_linear_predictor if learner == "lstsq" else fit_perceptron
    # each seed's samples are the prefixes of one draw: they grow with K
    draws = {s: np.random.default_rng(s).integers(0, len(words), size=max(ks))
             for s in range(seed, seed + seeds)}
    out = []
    for k in ks:
        tf_errors, ro_errors, exact = 0.0, 0.0, 0
        tf_counts: list[int] = []
        ro_counts: list[int] = []
        compounded = 0
        for s in range(seed, seed + seeds):
            pick = draws[s][:k]
            data = stream_windows(vocab, batch.streams[pick], width)
            p = fit(data, features=features, tied=tied)
            pred, _ = p.predict(test.windows, None if tied else test.positions)
            wrong = (pred != test.targets).reshape(len(words), per_input)
            tf_wrong = wrong.any(axis=1)
            # the rollout is written from the prompts alone, never from
            # ``test``: it is counted independently of teacher forcing
            cot = _rollout_all(p, batch.streams[:, :row], per_input, width)
            ro_wrong = (cot != batch.streams[:, row:]).any(axis=1)
            tf_errors += tf_wrong.mean()
            ro = int(ro_wrong.sum())
            ro_errors += ro / len(words)
            exact += int(ro == 0)
            tf_counts.append(int(tf_wrong.sum()))
            ro_counts.append(ro)
            compounded += int((ro_wrong & ~tf_wrong).sum())
            if on_fit is not None:
                on_fit()
        out.append(
            CurvePoint(
                k=k,
                tied=tied,
                seeds=seeds,
                inputs=len(words),
                cot_tokens=per_input,
                teacher_forced=float(tf_errors / seeds),
                rollout=float(ro_errors / seeds),
                exact=exact,
                seed=seed,
                teacher_forced_wrong=tuple(tf_counts),
                rollout_wrong=tuple(ro_counts),
                compounded=compounded,
                extra_steps=extra_steps,
            )
        )
    return out


def _longer(machine: TuringMachine, batch: TableauBatch, steps: int) -> TableauBatch:
    """``batch`` encoded again over ``steps`` rows (same window)."""
    width = batch.window.width
    streams = np.empty((len(batch.words), (steps + 1) * (width + 1)), np.int64)
    by_length: dict[int, list[int]] = {}
    for i, w in enumerate(batch.words):
        by_length.setdefault(len(w), []).append(i)
    for rows in by_length.values():
        streams[rows] = encode_tableau_batch(
            machine, [batch.words[i] for i in rows], window=batch.window, steps=steps
        )
    return TableauBatch(words=batch.words, vocabulary=batch.vocabulary,
                        window=batch.window, steps=steps, streams=streams)


def _rollout_all(
    predictor: LinearPredictor, prompts: np.ndarray, n_tokens: int, width: int
) -> np.ndarray:
    """The CoT ``predictor`` writes after each of ``prompts`` (``[N, W + 1]``).

    The same tokens as :func:`~arcot.learn.rollout.generate` on each prompt
    (each the argmax of the exact scores, ties to the lowest id, as
    :meth:`~arcot.learn.LinearPredictor.predict` decides), written for all
    prompts at once: a CoT token reads the tokens ``W + 2``, ``W + 1`` and
    ``W`` back, so the ``W`` tokens from any position on depend only on
    tokens before it, and are predicted together in one call.
    """
    n, row = prompts.shape[0], width + 1
    delim = predictor.vocabulary.id(DELIMITER)
    stream = np.empty((n, row + n_tokens), np.int64)
    stream[:, :row] = prompts
    for start in range(row, row + n_tokens, width):
        stop = min(start + width, row + n_tokens)
        span = np.arange(start, stop)
        left = stream[:, np.maximum(span - width - 2, 0)]
        left[:, span - width - 2 < 0] = delim  # before the stream: a delimiter
        windows = np.stack(
            [left, stream[:, span - width - 1], stream[:, span - width]], axis=2
        ).reshape(-1, 3)
        positions = None if predictor.tied else np.tile(span - row, n)
        pred, _ = predictor.predict(windows, positions)
        stream[:, start:stop] = pred.reshape(n, len(span))
    out: np.ndarray = stream[:, row:]
    return out
