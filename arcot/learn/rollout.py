"""Rollout: the predictor writes the chain of thought by itself.

Given only the prompt (row 0 of the tableau), the predictor produces the CoT
one token at a time, each from the tokens it wrote before (the paper's
``h^(t)``). :func:`rollout` compares the result with the simulator's CoT
and reports the first position where they part.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from arcot.cot import DELIMITER, CoTTrace, TableauWindow, encode_tableau
from arcot.errors import LearningError
from arcot.learn import _kernels as K
from arcot.learn.predictor import LinearPredictor
from arcot.machine import TuringMachine

__all__ = ["Rollout", "generate", "rollout"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Rollout:
    """A predictor's CoT next to the simulator's.

    ``first_error`` is the first CoT position where they differ (``None``
    when they agree everywhere).
    """

    word: tuple[Hashable, ...]
    expected: CoTTrace
    cot: np.ndarray  # [n_cot] int64: what the predictor wrote, read-only
    first_error: int | None

    def __post_init__(self) -> None:
        arr = np.array(self.cot, dtype=np.int64)
        arr.setflags(write=False)
        object.__setattr__(self, "cot", arr)

    @property
    def agrees(self) -> bool:
        """Whether the predictor reproduced the simulator's CoT exactly."""
        return self.first_error is None


def generate(
    predictor: LinearPredictor, prompt: np.ndarray, n_tokens: int, width: int
) -> np.ndarray:
    """``n_tokens`` CoT tokens the predictor writes after ``prompt`` (one row).

    The predictor sees only the prompt and its own tokens; ties go to the
    lowest token id.
    """
    p = np.ascontiguousarray(prompt, dtype=np.int64)
    if not isinstance(predictor, LinearPredictor):
        raise LearningError(
            f"predictor must be a LinearPredictor, got {type(predictor).__name__}"
        )
    if width < 1 or p.shape != (width + 1,):
        raise LearningError(
            f"the prompt must be one row of width {width}: {width + 1} tokens, "
            f"got shape {p.shape}"
        )
    if n_tokens < 0:
        raise LearningError(f"n_tokens must be >= 0, got {n_tokens}")
    if not predictor.tied and n_tokens > (predictor.positions or 0):
        raise LearningError(
            f"this untied predictor has weights for {predictor.positions} CoT "
            f"positions; {n_tokens} were asked for"
        )
    v = len(predictor.vocabulary)
    if p.min() < 0 or p.max() >= v:
        raise LearningError(f"prompt token ids must lie in 0..{v - 1}")
    out: np.ndarray = K._rollout(
        p,
        n_tokens,
        width,
        predictor._kind,
        v,
        predictor.dim,
        predictor.tied,
        predictor.columns,
        predictor.weights,
        predictor.vocabulary.id(DELIMITER),
    )
    return out


def rollout(
    predictor: LinearPredictor,
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    window: TableauWindow | None = None,
    steps: int | None = None,
    max_steps: int = 10_000,
) -> Rollout:
    """Roll the predictor out on ``word`` and compare with the simulator.

    ``window`` and ``steps`` fix the tableau's shape (default: the least
    covering the run), as for :func:`~arcot.cot.encode_tableau`.

    Examples
    --------
    >>> from arcot.learn import fit_linear_predictor, training_data
    >>> from arcot.zoo import get
    >>> m = get("bb3")
    >>> p = fit_linear_predictor(training_data(m, "configurations:2000"))
    >>> r = rollout(p, m)
    >>> r.agrees, len(r.cot)
    (True, 126)
    """
    expected = encode_tableau(
        machine, word, window=window, steps=steps, max_steps=max_steps
    )
    if expected.vocabulary.names != predictor.vocabulary.names:
        raise LearningError(
            "the predictor's vocabulary is not the machine's tableau vocabulary"
        )
    cot = generate(predictor, expected.prompt, len(expected.cot), expected.width)
    diff = np.flatnonzero(cot != expected.cot)
    return Rollout(
        word=machine.check_word(word),
        expected=expected,
        cot=cot,
        first_error=int(diff[0]) if len(diff) else None,
    )
