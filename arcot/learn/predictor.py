"""``LinearPredictor``: the learners' result, a linear next-token predictor.

A tableau predictor scores every token ``y`` of the vocabulary by summing,
over the three coordinates its window fires (see
:mod:`arcot.learn.features`), one weight per coordinate and token, and
predicts the argmax: the paper's linear decoder over one-hot tokens. A
*tied* predictor has one weight table for every position; an *untied* one
(the paper's product class ``H_1 x ... x H_T``) has one per CoT position.

Weights are floats, stored densely only for the columns the training data
fired: ``columns[j]`` is the column (``position * dim + feature_index``)
whose weights are ``weights[j]``, and :meth:`LinearPredictor.coordinate`
names it. Any other coordinate has weight zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arcot.cot import Vocabulary
from arcot.errors import LearningError
from arcot.learn import _kernels as K
from arcot.learn.features import FEATURE_KINDS, Coord, FeatureKind, feature_dimension

__all__ = ["FitInfo", "LinearPredictor", "ThresholdPredictor"]

KIND_CODE = {"additive": K.ADDITIVE, "pairwise": K.PAIRWISE}


@dataclass(frozen=True, slots=True, kw_only=True)
class FitInfo:
    """How a predictor was fitted, as measured.

    ``residual`` is the least-squares sum of squared errors on the training
    windows (``None`` for the perceptron); ``epochs``, ``converged`` and
    ``mistakes`` (in the last epoch) describe a perceptron run.
    """

    learner: str
    train: str
    n_windows: int
    n_distinct: int
    residual: float | None = None
    epochs: int | None = None
    converged: bool | None = None
    mistakes: int | None = None

    def __post_init__(self) -> None:
        if self.learner not in ("lstsq", "perceptron"):
            raise LearningError(
                f"learner must be 'lstsq' or 'perceptron', got {self.learner!r}"
            )
        for name in ("n_windows", "n_distinct"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise LearningError(f"{name} must be an integer >= 0, got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LinearPredictor:
    """A linear argmax next-token predictor over tableau windows.

    Parameters
    ----------
    features
        ``"additive"`` or ``"pairwise"`` (:data:`~arcot.learn.features.FEATURE_KINDS`).
    vocabulary
        The tableau vocabulary; its size is the number of classes.
    columns
        ``[n_cols]`` int64, strictly increasing: the columns with weights.
    weights
        ``[n_cols, len(vocabulary)]`` float64, finite.
    positions
        ``None`` for a tied predictor; for an untied one, the number of CoT
        positions, each with its own weights.
    info
        How it was fitted (optional).

    Examples
    --------
    >>> import numpy as np
    >>> from arcot.cot import tableau_vocabulary
    >>> from arcot.zoo import get
    >>> v = tableau_vocabulary(get("bb2"))
    >>> p = LinearPredictor(features="additive", vocabulary=v,
    ...     columns=np.array([len(v)]), weights=np.eye(1, len(v)))
    >>> p.coordinate(0)
    (None, Coord(slot='M', value=('#',)))
    >>> p.predict(np.array([[1, 0, 1]]))[0].tolist()
    [0]
    """

    features: FeatureKind
    vocabulary: Vocabulary
    columns: np.ndarray  # [n_cols] int64, strictly increasing, read-only
    weights: np.ndarray  # [n_cols, n_classes] float64, read-only
    positions: int | None = None
    info: FitInfo | None = None
    _kind: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.features not in FEATURE_KINDS:
            raise LearningError(
                f"features must be one of {', '.join(FEATURE_KINDS)}, "
                f"got {self.features!r}"
            )
        if not isinstance(self.vocabulary, Vocabulary):
            raise LearningError(
                f"vocabulary must be a Vocabulary, got {type(self.vocabulary).__name__}"
            )
        if self.positions is not None and (
            not isinstance(self.positions, int)
            or isinstance(self.positions, bool)
            or self.positions < 1
        ):
            raise LearningError(
                f"positions must be None (tied) or an integer >= 1, "
                f"got {self.positions!r}"
            )
        cols = np.asarray(self.columns)
        if cols.ndim != 1 or not np.issubdtype(cols.dtype, np.integer):
            raise LearningError(
                f"columns must be a 1-d integer array, got shape {cols.shape} "
                f"dtype {cols.dtype}"
            )
        cols = cols.astype(np.int64)
        limit = self.dim * (self.positions or 1)
        if len(cols) and (cols[0] < 0 or cols[-1] >= limit):
            raise LearningError(
                f"columns must lie in 0..{limit - 1}, got {cols.min()}..{cols.max()}"
            )
        if np.any(np.diff(cols) <= 0):
            raise LearningError("columns must be strictly increasing")
        w = np.asarray(self.weights, dtype=np.float64)
        if w.shape != (len(cols), len(self.vocabulary)):
            raise LearningError(
                f"weights must have shape {(len(cols), len(self.vocabulary))}, "
                f"got {w.shape}"
            )
        if not np.all(np.isfinite(w)):
            raise LearningError("weights must be finite")
        cols = np.ascontiguousarray(cols)
        w = np.ascontiguousarray(w)
        cols.setflags(write=False)
        w.setflags(write=False)
        object.__setattr__(self, "columns", cols)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "_kind", KIND_CODE[self.features])

    @property
    def tied(self) -> bool:
        """Whether one weight table serves every position."""
        return self.positions is None

    @property
    def dim(self) -> int:
        """Columns of the feature map at one position."""
        return feature_dimension(self.features, len(self.vocabulary))

    def coordinate(self, j: int) -> tuple[int | None, Coord]:
        """The position (``None`` if tied) and named coordinate of row ``j``."""
        column = int(self.columns[j])
        position, feature = divmod(column, self.dim)
        return (None if self.tied else position), _feature_coord(
            self.features, self.vocabulary, feature
        )

    def weight_table(self) -> dict[tuple[int | None, Coord], dict[str, float]]:
        """The non-zero weights, keyed by (position, coordinate), then token name.

        >>> import numpy as np
        >>> from arcot.cot import tableau_vocabulary
        >>> from arcot.zoo import get
        >>> v = tableau_vocabulary(get("bb2"))
        >>> LinearPredictor(features="additive", vocabulary=v,
        ...     columns=np.array([0]), weights=np.eye(1, len(v))).weight_table()
        {(None, Coord(slot='L', value=('#',))): {'#': 1.0}}
        """
        names = self.vocabulary.names
        table: dict[tuple[int | None, Coord], dict[str, float]] = {}
        rows, classes = np.nonzero(self.weights)
        values = self.weights[rows, classes].tolist()
        last = -1
        row: dict[str, float] = {}
        for j, k, x in zip(rows.tolist(), classes.tolist(), values, strict=True):
            if j != last:
                row = table.setdefault(self.coordinate(j), {})
                last = j
            row[names[k]] = x
        return table

    def predict(
        self, windows: np.ndarray, positions: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Argmax token ids and margins for windows ``[n, 3]`` of token ids.

        ``positions`` (CoT positions, one per window) is required for an
        untied predictor. Ties go to the lowest id; the margin is the best
        score minus the best other score (zero on a tie).
        """
        win = _check_windows(windows, len(self.vocabulary))
        groups = self._groups(len(win), positions)
        cols = K._feature_columns(
            win, self._kind, len(self.vocabulary), groups, self.dim
        )
        rows = K._lookup(self.columns, cols)
        pred, margin = K._argmax_margin(rows, self.weights)
        return pred, margin

    def _groups(self, n: int, positions: np.ndarray | None) -> np.ndarray:
        if self.tied:
            return np.zeros(n, np.int64)
        if positions is None:
            raise LearningError(
                "an untied predictor needs the CoT position of each window"
            )
        pos = np.asarray(positions, dtype=np.int64)
        if pos.shape != (n,):
            raise LearningError(f"positions must have shape {(n,)}, got {pos.shape}")
        assert self.positions is not None
        if n and (pos.min() < 0 or pos.max() >= self.positions):
            raise LearningError(
                f"positions must lie in 0..{self.positions - 1}, got "
                f"{pos.min()}..{pos.max()}"
            )
        return np.ascontiguousarray(pos)

    def summary(self) -> Mapping[str, Any]:
        """A JSON-ready description (no weights)."""
        return {
            "features": self.features,
            "tied": self.tied,
            "positions": self.positions,
            "coordinates": len(self.columns),
            "vocabulary": len(self.vocabulary),
        }


def _feature_coord(kind: str, vocab: Vocabulary, feature: int) -> Coord:
    """Inverse of :func:`~arcot.learn.features.feature_index` for one column."""
    v = len(vocab)
    n = vocab.names
    if kind == "additive":
        slot, tok = divmod(feature, v)
        return Coord(("L", "M", "R")[slot], (n[tok],))
    if feature < v:
        return Coord("M", (n[feature],))
    if feature < v + v * v:
        a, b = divmod(feature - v, v)
        return Coord("LM", (n[a], n[b]))
    a, b = divmod(feature - v - v * v, v)
    return Coord("MR", (n[a], n[b]))


def _check_windows(windows: np.ndarray, vocab_size: int) -> np.ndarray:
    win = np.asarray(windows)
    if win.ndim != 2 or win.shape[1] != 3 or not np.issubdtype(win.dtype, np.integer):
        raise LearningError(
            f"windows must be an integer array of shape [n, 3], got shape "
            f"{win.shape} dtype {win.dtype}"
        )
    win = np.ascontiguousarray(win, dtype=np.int64)
    if win.size and (win.min() < 0 or win.max() >= vocab_size):
        raise LearningError(
            f"window token ids must lie in 0..{vocab_size - 1}, got "
            f"{win.min()}..{win.max()}"
        )
    return win


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ThresholdPredictor:
    """Per-position linear-threshold predictors over the full context.

    The paper's untied class for binary CoTs (Thm 3.8): position ``t``
    emits ``1[ weights[t, :k] . u >= thresholds[t] ]`` where ``u`` is the
    input's ``n_inputs`` bits followed by the ``t`` CoT bits before it
    (``k = n_inputs + t``). Integer weights, so rollout is exact: in int64
    when no sum can leave it, else in Python ints.

    >>> import numpy as np
    >>> p = ThresholdPredictor(n_inputs=1, weights=np.array([[1, 0]]),
    ...                        thresholds=np.array([1]))
    >>> p.rollout([1]).tolist(), p.rollout([0]).tolist()
    ([1], [0])
    """

    n_inputs: int
    weights: np.ndarray  # [T, n_inputs + T] int64, read-only
    thresholds: np.ndarray  # [T] int64, read-only
    info: FitInfo | None = None
    # whether every sum sum_j w[t, j] u_j fits int64 (else: Python ints)
    _fits_int64: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if (
            not isinstance(self.n_inputs, int)
            or isinstance(self.n_inputs, bool)
            or self.n_inputs < 0
        ):
            raise LearningError(
                f"n_inputs must be an integer >= 0, got {self.n_inputs!r}"
            )
        w = np.asarray(self.weights)
        b = np.asarray(self.thresholds)
        if w.ndim != 2 or not np.issubdtype(w.dtype, np.integer):
            raise LearningError(
                f"weights must be a 2-d integer array, got shape {w.shape} "
                f"dtype {w.dtype}"
            )
        n_pos = w.shape[0]
        if w.shape[1] != self.n_inputs + n_pos:
            raise LearningError(
                f"weights must have shape [T, n_inputs + T] = "
                f"{(n_pos, self.n_inputs + n_pos)}, got {w.shape}"
            )
        if b.shape != (n_pos,) or not np.issubdtype(b.dtype, np.integer):
            raise LearningError(
                f"thresholds must be {n_pos} integers, got shape {b.shape} "
                f"dtype {b.dtype}"
            )
        later = np.triu(np.ones((n_pos, n_pos), bool))
        if np.any(w[:, self.n_inputs :][later]):
            raise LearningError(
                "position t may read only the inputs and the CoT bits before it: "
                "weights[t, n_inputs + t:] must be zero"
            )
        w = np.ascontiguousarray(w, dtype=np.int64)
        b = np.ascontiguousarray(b, dtype=np.int64)
        w.setflags(write=False)
        b.setflags(write=False)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "thresholds", b)
        # sum |w| in float64 is within a factor 1 + 2**-32 of the exact one
        # (rows of fewer than 2**20 entries), so below 2**62 no partial sum
        # of a row can leave int64
        size = np.abs(w.astype(np.float64)).sum(axis=1) if w.size else np.zeros(1)
        object.__setattr__(
            self, "_fits_int64", w.shape[1] < 1 << 20 and float(size.max()) < 2.0**62
        )

    @property
    def positions(self) -> int:
        """Number of CoT positions (``T``)."""
        return int(self.weights.shape[0])

    def rollout(self, bits: Sequence[int] | np.ndarray) -> np.ndarray:
        """The CoT the predictors write from the input ``bits`` alone."""
        x = np.asarray(bits, dtype=np.int64).reshape(-1)
        if x.shape != (self.n_inputs,) or (x.size and not np.isin(x, (0, 1)).all()):
            raise LearningError(f"expected {self.n_inputs} input bits of 0/1")
        u = np.zeros(self.n_inputs + self.positions, np.int64)
        u[: self.n_inputs] = x
        for t in range(self.positions):
            k = self.n_inputs + t
            if self._fits_int64:
                s = int(self.weights[t, :k] @ u[:k])
            else:  # exact in Python ints: int64 would wrap
                s = sum(int(w) for w in self.weights[t, :k][u[:k] == 1])
            u[k] = int(s >= int(self.thresholds[t]))
        return u[self.n_inputs :].copy()
