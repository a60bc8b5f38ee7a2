"""Fixed-length token sequences, the models that continue them, and scores.

Every experiment's data is a block of sequences of one length ``T`` over one
vocabulary: a prompt of ``prompt`` tokens (the question), then the tokens a
model must write (the chain of thought, if any, and the answer). A
:class:`PositionalModel` scores the next token at position ``t`` from the
tokens before it; :func:`greedy_rollout` lets it write every sequence from
its prompt alone, each token its own argmax (never teacher forcing), and
:func:`score` compares the answers it wrote with the true ones.

>>> import numpy as np
>>> data = SequenceData(tokens=np.array([[0, 1, 1], [0, 2, 2]]), prompt=2,
...                     vocabulary=("q", "a", "b"), answer=slice(2, 3))
>>> class Copy:  # writes the token before
...     def next_scores(self, tokens, t):
...         return np.eye(3)[tokens[:, t - 1]]
>>> score(greedy_rollout(Copy(), data), data)
Scores(sequences=2, exact_match=1.0, digit_accuracy=1.0, sequence_match=1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from arcot.errors import LearningError

__all__ = [
    "PositionalModel",
    "Scores",
    "SequenceData",
    "check_context",
    "greedy_rollout",
    "score",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceData:
    """``N`` sequences of ``T`` token ids, all of one shape.

    ``tokens[i, :prompt]`` is sequence ``i``'s prompt; ``tokens[i, answer]``
    its answer (for multiplication the product's digits). ``vocabulary[k]``
    spells token id ``k``.
    """

    tokens: np.ndarray
    prompt: int
    vocabulary: tuple[str, ...]
    answer: slice

    def __post_init__(self) -> None:
        t = self.tokens
        if not isinstance(t, np.ndarray) or t.ndim != 2 or t.dtype.kind not in "iu":
            raise LearningError("tokens must be a 2-d integer array (sequences x T)")
        if t.size and (int(t.min()) < 0 or int(t.max()) >= len(self.vocabulary)):
            raise LearningError("a token id is outside the vocabulary")
        if not 1 <= self.prompt < t.shape[1]:
            raise LearningError(
                f"prompt must leave tokens to write: 1 <= prompt < {t.shape[1]}, "
                f"got {self.prompt}"
            )
        start, stop, step = self.answer.indices(t.shape[1])
        if step != 1 or not self.prompt <= start < stop:
            raise LearningError("answer must be a non-empty range after the prompt")

    @property
    def length(self) -> int:
        """``T``, the tokens of every sequence."""
        return int(self.tokens.shape[1])

    def __len__(self) -> int:
        return int(self.tokens.shape[0])

    def text(self, i: int) -> str:
        """Sequence ``i`` spelled out, tokens separated by spaces."""
        return " ".join(self.vocabulary[k] for k in self.tokens[i])


class PositionalModel(Protocol):
    """A next-token model: scores for position ``t`` from positions ``< t``."""

    def next_scores(self, tokens: np.ndarray, t: int) -> np.ndarray:
        """Scores ``(B, V)`` of the token at position ``t`` of each of the
        ``B`` rows of ``tokens``, reading only ``tokens[:, :t]``."""
        ...


def check_context(tokens: object, t: int, first: int, length: int,
                  vocabulary_size: int) -> np.ndarray:
    """``tokens[:, :t]`` for a model that scores positions ``first ..
    length - 1`` over ``vocabulary_size`` tokens: what every
    :meth:`PositionalModel.next_scores` checks before scoring.
    :class:`~arcot.errors.LearningError` names what is wrong."""
    if not first <= t < length:
        raise LearningError(
            f"this model scores positions {first} to {length - 1}, got t={t}"
        )
    arr = np.asarray(tokens)
    if arr.ndim != 2 or arr.shape[1] < t or arr.dtype.kind not in "iu":
        raise LearningError(
            f"tokens must be integer (rows, >= {t}) to score position {t}, got "
            f"shape {arr.shape} and dtype {arr.dtype}"
        )
    context: np.ndarray = arr[:, :t]
    if context.size and (int(context.min()) < 0
                         or int(context.max()) >= vocabulary_size):
        raise LearningError("a token id is outside the model's vocabulary")
    return context


def greedy_rollout(
    model: PositionalModel, data: SequenceData, *, batch: int = 4096
) -> np.ndarray:
    """Every sequence written by ``model`` from its prompt alone.

    Each position gets the argmax of the model's scores (the lowest id on a
    tie), given the tokens the model wrote before it. Returns the
    ``(N, T)`` token ids, prompts included.
    """
    if batch < 1:
        raise LearningError(f"batch must be >= 1, got {batch}")
    out = np.zeros_like(data.tokens)
    out[:, : data.prompt] = data.tokens[:, : data.prompt]
    for lo in range(0, len(data), batch):
        rows = out[lo : lo + batch]
        for t in range(data.prompt, data.length):
            scores = np.asarray(model.next_scores(rows, t))
            if scores.shape != (len(rows), len(data.vocabulary)):
                raise LearningError(
                    f"a model scored shape {scores.shape}, expected "
                    f"{(len(rows), len(data.vocabulary))}"
                )
            rows[:, t] = np.argmax(scores, axis=1)
    return out


@dataclass(frozen=True, slots=True)
class Scores:
    """How written sequences compare with the true ones.

    ``exact_match``: the fraction whose answer is right in every position;
    ``digit_accuracy``: the fraction of answer positions right;
    ``sequence_match``: the fraction right in every written position (the
    chain of thought too).
    """

    sequences: int
    exact_match: float
    digit_accuracy: float
    sequence_match: float


def score(written: np.ndarray, data: SequenceData) -> Scores:
    """Scores of ``written`` (from :func:`greedy_rollout`) against ``data``."""
    if written.shape != data.tokens.shape:
        raise LearningError(
            f"written sequences have shape {written.shape}, expected "
            f"{data.tokens.shape}"
        )
    right = written == data.tokens
    answer = right[:, data.answer]
    return Scores(
        sequences=len(data),
        exact_match=float(answer.all(axis=1).mean()),
        digit_accuracy=float(answer.mean()),
        sequence_match=float(right[:, data.prompt :].all(axis=1).mean()),
    )
