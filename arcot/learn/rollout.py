"""Rollout: the predictor writes the chain of thought by itself.

Given only the prompt (row 0 of the tableau), the predictor produces the CoT
one token at a time, each from the tokens it wrote before (the paper's
``h^(t)``). :func:`rollout` compares the result with the simulator's CoT
and reports the first position where they part.

Every token is the argmax of the predictor's *exact* scores (its float
weights read as the dyadic rationals they are, as the verifier reads them),
ties to the lowest token id: the rollout arcot runs is the one
:func:`arcot.verify.exact.verify_exact` proves correct. A fast float64
kernel writes a candidate CoT; each of its windows is then decided as
:meth:`~arcot.learn.LinearPredictor.predict` decides (float scores that are
provably exact or provably cannot change the argmax, else exact integer
sums; see :mod:`arcot.learn.predictor`). At the first token the exact argmax
does not confirm, the exact token replaces it and the kernel writes the rest
again from there. By induction over positions the result is the exact
rollout. Weights whose float sums are all exact (small integers: the
perceptron's, the constructions') skip the checks; for least-squares fits
every window passes the float checks and the cost is one vectorised pass.
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

    The predictor sees only the prompt and its own tokens. Each token is the
    argmax of the exact scores, ties to the lowest token id (module
    docstring).
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
    return _exact_rollout(predictor, p, n_tokens, width)


def _exact_rollout(
    predictor: LinearPredictor, prompt: np.ndarray, n_tokens: int, width: int
) -> np.ndarray:
    """The float kernel's CoT, corrected to the exact argmax token by token.

    ``stream[:done]`` is always the exact rollout's prefix. Each round scores
    the windows of ``stream[done:]`` (all at once), finds the first position
    whose token the exact argmax does not confirm, writes the exact token
    there and has the kernel write the rest again.
    """
    v = len(predictor.vocabulary)
    delim = predictor.vocabulary.id(DELIMITER)
    row = width + 1
    kernel = (width, predictor._kind, v, predictor.dim, predictor.tied,
              predictor.columns, predictor.weights, delim)
    stream = np.empty(row + n_tokens, np.int64)
    stream[:row] = prompt
    stream[row:] = K._rollout(prompt, n_tokens, *kernel)
    if predictor._sums_exact:  # every float score is exact, so is its argmax
        return stream[row:]
    exact: dict[tuple[int, ...], int] = {}  # weight rows -> exact argmax
    kind, dim = predictor._kind, predictor.dim
    done = row
    while done < len(stream):
        windows, _, groups = K._stream_windows(stream[None, :], width, delim)
        windows = windows[done - row :]
        if predictor.tied:
            groups = np.zeros(len(windows), np.int64)
        else:
            groups = groups[done - row :]
        rows = K._lookup(
            predictor.columns, K._feature_columns(windows, kind, v, groups, dim)
        )
        pred, _, decided = predictor._float_argmax(rows)
        tail = stream[done:]
        wrong = None
        for i in np.flatnonzero(~decided | (pred != tail)).tolist():
            if decided[i]:
                token = int(pred[i])
            else:
                key = tuple(rows[i].tolist())
                if key not in exact:
                    exact[key] = predictor._exact_argmax(rows[i])[0]
                token = exact[key]
            if token != tail[i]:
                wrong = done + i
                break
        if wrong is None:
            break
        stream[wrong] = token
        done = wrong + 1
        # the kernel resumes from any prefix: it reads stream positions, and
        # an untied position is its stream position minus the prompt row
        stream[done:] = K._rollout(stream[:done], len(stream) - done, *kernel)
    out: np.ndarray = stream[row:]
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

    ``window`` and ``steps`` fix the tableau's shape, as for
    :func:`~arcot.cot.encode_tableau`. Default: the least covering the run
    (the input's own tableau) for a tied predictor; for an untied one, the
    shape it was trained on (``predictor.window``/``steps``), where its
    positions mean what they meant in training.

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
    if (not predictor.tied and window is None and steps is None
            and predictor.window is not None):
        window, steps = predictor.window, predictor.steps
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
