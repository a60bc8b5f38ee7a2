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

**Arithmetic.** The predictor arcot executes is the one it verifies: a float
weight is a dyadic rational, :func:`arcot.verify.exact.verify_exact` reads
it exactly, and :meth:`LinearPredictor.predict` (so also
:func:`arcot.learn.rollout.generate`) emits the argmax of the *exact* scores,
ties to the lowest token id. A float64 score of three weights can round
(``(2**53 + 2) + 1`` is ``2**53 + 4``), so a plain float argmax is not
enough. When every weight lies on one grid ``2**q`` with
``3 max|w| < 2**(q + 53)`` (integer weights below ``2**53 / 3``: the
perceptron's, the constructions'), every float64 score is exact and the
float argmax is the exact one. Otherwise each window's scores are summed in
float64 (by the float kernel, ``(w_1 + w_2) + w_3`` over the three
coordinates that fire), with checks that need no exact arithmetic:

- *filter*: each float score ``f_k`` is within ``gamma_2 * A_k`` of the exact
  one (``A_k`` the sum of its three ``|w|``; ``gamma_2 < 2.0001u``,
  ``u = 2**-53``). Given a float ``s`` with ``A_b + A_k <= 2.0001 s`` for
  every ``k``, the float argmax ``b`` is the exact argmax when the float
  margin ``f_b - max_{k != b} f_k`` exceeds ``2**-50 * s`` and ``2**-1000``
  (which covers underflow), all in float64: the exact gap then exceeds the
  two scores' errors, ``< 4.001u * s``, and the power-of-two constant
  absorbs the rounding of the test itself. arcot first tries the coarse
  ``s``, the float sum of the three weight rows' largest ``|w|`` (one
  lookup a window; ``s < 2**1022`` also rules out overflow), then, on the
  windows left, ``s = a_b + max_{k != b} a_k`` score by score (``a_k`` the
  float ``A_k``);
- *error-free*: on those windows, Knuth's TwoSum also recovers each
  addition's rounding error exactly; if every error of the window is zero,
  the float scores are the exact scores and so is their argmax, ties
  included (all-zero windows, short dyadic weights).

A window that passes neither (a near-tie, huge weights, an overflow) is
decided in exact integer arithmetic: its weights scaled to one power of two
and summed as Python ints. Nothing is ever decided by a float comparison
that rounding could flip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arcot.cot import TableauWindow, Vocabulary
from arcot.errors import LearningError
from arcot.learn import _kernels as K
from arcot.learn.features import FEATURE_KINDS, Coord, FeatureKind, feature_dimension

__all__ = ["FitInfo", "LinearPredictor", "ThresholdPredictor"]

KIND_CODE = {"additive": K.ADDITIVE, "pairwise": K.PAIRWISE}

#: The float filter's constants (module docstring): a float argmax stands
#: when its margin exceeds ``_FILTER * s`` and ``_TINY``. Powers of two, so
#: ``_FILTER * s`` rounds only below the normal range, where ``_TINY`` rules.
_FILTER = 2.0**-50
_TINY = 2.0**-1000
#: Windows scored at once by the float pass (bounds its ``[n, V]`` temporaries).
_CHUNK = 4096


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
    window, steps
        For an untied predictor, the tableau shape its positions are
        positions in (the shape it was trained on), when known: rollout and
        verification use it by default. ``None`` for a tied one.

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
    window: TableauWindow | None = None
    steps: int | None = None
    _kind: int = field(init=False, repr=False)
    # weights with a zero row appended: row -1 of a lookup (an absent column)
    _padded: np.ndarray = field(init=False, repr=False)
    # whether every float64 sum of three weights is exact (_sums_are_exact)
    _sums_exact: bool = field(init=False, repr=False)
    # max_k |weights[j, k]| for each row j, then 0 (row -1: an absent column)
    _row_size: np.ndarray = field(init=False, repr=False)

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
        if (self.window is None) != (self.steps is None) or (
            self.window is not None and (self.positions is None or not isinstance(
                self.window, TableauWindow) or not isinstance(self.steps, int)
                or self.steps * (self.window.width + 1) > self.positions)
        ):
            raise LearningError(
                "window and steps are the shape of an untied predictor's "
                "positions: both or neither, a TableauWindow and a step count "
                f"whose CoT fits its {self.positions} positions, got "
                f"{self.window!r} and {self.steps!r}"
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
        padded = np.vstack([w, np.zeros((1, w.shape[1]))])
        padded.setflags(write=False)
        object.__setattr__(self, "_padded", padded)
        object.__setattr__(self, "_sums_exact", _sums_are_exact(w))
        size = np.append(np.abs(w).max(axis=1, initial=0.0), 0.0)
        size.setflags(write=False)
        object.__setattr__(self, "_row_size", size)

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
        untied predictor. The argmax is that of the exact scores (the
        weights read as the dyadic rationals they are; module docstring),
        ties to the lowest id. The margin, the best score minus the best
        other (float64), is zero exactly on a tie; it is the exact margin
        correctly rounded where the float scores are exact or the window
        was decided in integers, and otherwise the difference of the float
        scores (each within ``3 * 2**-53`` times its summed ``|w|`` of the
        exact score).
        """
        win = _check_windows(windows, len(self.vocabulary))
        groups = self._groups(len(win), positions)
        cols = K._feature_columns(
            win, self._kind, len(self.vocabulary), groups, self.dim
        )
        rows = K._lookup(self.columns, cols)
        pred, margin, decided = self._float_argmax(rows)
        for i in np.flatnonzero(~decided).tolist():
            pred[i], margin[i] = self._exact_argmax(rows[i])
        return pred, margin

    def _float_argmax(
        self, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Float64 argmax (lowest id on ties), margin, and whether each is exact.

        ``rows`` ``[n, 3]`` from the column lookup (``-1``: no weights).
        ``decided[i]`` says the float argmax of window ``i`` is provably the
        exact argmax (module docstring). The float kernel scores every
        window; the coarse filter bounds both scores' ``|w|`` sums by ``s``,
        the sum of the three rows' largest ``|w|`` (``s < 2**1022``: no
        score overflows); the windows it leaves go to :meth:`_fine_argmax`.
        """
        pred, margin = K._argmax_margin(rows, self.weights)
        if self._sums_exact:  # every float score is exact
            return pred, margin, np.ones(len(rows), np.bool_)
        with np.errstate(all="ignore"):  # an overflow to inf: not decided
            size = self._row_size[rows].sum(axis=1)  # row -1: the appended 0
            decided = (size == 0) | (  # no weights: every score exactly 0
                (size < 2.0**1022) & (margin > _FILTER * size) & (margin > _TINY)
            )
        rest = np.flatnonzero(~decided)
        if len(rest):
            pred[rest], margin[rest], decided[rest] = self._fine_argmax(rows[rest])
        return pred, margin, decided

    def _fine_argmax(
        self, rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_float_argmax` score by score: error-free sums (TwoSum) or
        the filter with each score's own ``|w|`` sum (module docstring)."""
        n = len(rows)
        pred = np.empty(n, np.int64)
        margin = np.empty(n, np.float64)
        decided = np.empty(n, np.bool_)
        zero = len(self._padded) - 1
        for lo in range(0, n, _CHUNK):
            r = rows[lo : lo + _CHUNK]
            r = np.where(r >= 0, r, zero)
            w0, w1, w2 = (self._padded[r[:, a]] for a in range(3))
            with np.errstate(all="ignore"):  # overflow and inf - inf: not decided
                s1 = w0 + w1
                f = s1 + w2  # (w0 + w1) + w2, the float kernel's order
                exact = ~(_two_sum_error(w0, w1, s1).any(axis=1)
                          | _two_sum_error(s1, w2, f).any(axis=1))
                size = (np.abs(w0) + np.abs(w1)) + np.abs(w2)
                finite = np.isfinite(f).all(axis=1)
                best = f.argmax(axis=1)
                at = (np.arange(len(r)), best)
                f_best, size_best = f[at], size[at]
                f[at] = -np.inf
                size[at] = -np.inf
                gap = f_best - f.max(axis=1)
                sure = (gap > _FILTER * (size_best + size.max(axis=1))) & (gap > _TINY)
            pred[lo : lo + _CHUNK] = best
            margin[lo : lo + _CHUNK] = gap
            decided[lo : lo + _CHUNK] = finite & (exact | sure)
        return pred, margin, decided

    def _exact_argmax(self, rows: np.ndarray) -> tuple[int, float]:
        """The exact argmax (lowest id on ties) and margin of one window.

        Every weight is ``m * 2**e`` with an integer ``m`` of at most 53
        bits; scaled to the least ``e`` of the window, the scores are sums
        of Python ints, exact for any finite weights.
        """
        v = self._padded.shape[1]
        parts = [self._padded[int(r)] for r in rows if r >= 0]
        if not parts:
            return 0, 0.0 if v > 1 else math.inf
        mant, expo = np.frexp(np.stack(parts))
        ints = (mant * 2.0**53).astype(np.int64).tolist()  # exact: 53 bits
        exps = (expo.astype(np.int64) - 53).tolist()
        low = min(
            (e for ri, re in zip(ints, exps, strict=True)
             for m, e in zip(ri, re, strict=True) if m),
            default=0,
        )
        scores = [0] * v
        for ri, re in zip(ints, exps, strict=True):
            for k, (m, e) in enumerate(zip(ri, re, strict=True)):
                if m:
                    scores[k] += m << (e - low)
        top = max(scores)
        best = scores.index(top)
        if v == 1:
            return best, math.inf
        gap = top - max(s for k, s in enumerate(scores) if k != best)
        try:
            return best, gap / (1 << -low) if low < 0 else float(gap << low)
        except OverflowError:  # a margin beyond float64
            return best, math.inf

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


def _sums_are_exact(weights: np.ndarray) -> bool:
    """Whether every float64 sum of at most three weights is exact.

    Every weight is a multiple of ``2**q`` (``q`` the least exponent of a
    weight's lowest set bit); so is every sum of them, and one of magnitude
    below ``2**(q + 53)`` is a float64. With ``3 max|w| < 2**(q + 53)``
    each partial sum of a score is, so float scores are exact: integer
    weights below ``2**53 / 3``, the perceptron's and the constructions'.
    """
    w = weights[weights != 0]
    if not w.size:
        return True
    mant, expo = np.frexp(w)
    m = (mant * 2.0**53).astype(np.int64)  # exact: 53 bits, non-zero
    low_bit = np.frexp((m & -m).astype(np.float64))[1] - 1
    q = int((expo.astype(np.int64) - 53 + low_bit).min())
    with np.errstate(over="ignore"):
        bound = 3.0 * float(np.abs(w).max())
    return bound < math.ldexp(1.0, min(q + 53, 1023))


def _two_sum_error(a: np.ndarray, b: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The rounding error ``(a + b) - s`` of ``s = fl(a + b)``, exactly.

    Knuth's TwoSum, error-free in round-to-nearest for finite operands; an
    overflow gives inf or nan, never a false zero.
    """
    b_virtual = s - a
    error: np.ndarray = (a - (s - b_virtual)) + (b - b_virtual)
    return error


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
