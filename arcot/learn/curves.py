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
counts both, independently, and the tests check they agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from arcot.errors import LearningError
from arcot.learn.data import all_words, stream_windows, tableau_batch
from arcot.learn.lstsq import fit_linear_predictor
from arcot.learn.perceptron import fit_perceptron
from arcot.learn.rollout import generate
from arcot.machine import TuringMachine

__all__ = ["CurvePoint", "learning_curve"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CurvePoint:
    """Errors at one sample size, over ``seeds`` fits.

    ``teacher_forced`` and ``rollout`` are mean error rates over the
    ``inputs`` test inputs; ``exact`` counts the fits whose rollout was right
    on every test input.
    """

    k: int
    tied: bool
    seeds: int
    inputs: int
    cot_tokens: int
    teacher_forced: float
    rollout: float
    exact: int


def learning_curve(
    machine: TuringMachine,
    n: int,
    sizes: Iterable[int],
    *,
    tied: bool = True,
    learner: str = "lstsq",
    features: str = "pairwise",
    seeds: int = 5,
    max_steps: int = 10_000,
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
        Fits per sample size (seeds ``0 .. seeds - 1``).
    max_steps
        Step budget of each run.

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
    ks = [int(k) for k in sizes]
    if not ks or min(ks) < 1:
        raise LearningError(f"sample sizes must be integers >= 1, got {ks}")
    words = all_words(machine, n)
    batch = tableau_batch(machine, words, max_steps=max_steps)
    vocab, width = batch.vocabulary, batch.window.width
    row = width + 1
    test = stream_windows(vocab, batch.streams, width)
    per_input = batch.streams.shape[1] - row
    if per_input == 0:
        raise LearningError(f"no input of length <= {n} takes a step: no CoT to learn")
    fit = fit_linear_predictor if learner == "lstsq" else fit_perceptron
    out = []
    for k in ks:
        tf_errors, ro_errors, exact = 0.0, 0.0, 0
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            pick = rng.integers(0, len(words), size=k)
            data = stream_windows(vocab, batch.streams[pick], width)
            p = fit(data, features=features, tied=tied)
            pred, _ = p.predict(test.windows, None if tied else test.positions)
            wrong = (pred != test.targets).reshape(len(words), per_input)
            tf_errors += wrong.any(axis=1).mean()
            ro = 0
            for stream in batch.streams:
                cot = generate(p, stream[:row], per_input, width)
                ro += int((cot != stream[row:]).any())
            ro_errors += ro / len(words)
            exact += int(ro == 0)
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
            )
        )
    return out
