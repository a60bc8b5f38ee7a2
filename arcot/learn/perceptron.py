"""The perceptron: empirical risk minimisation for the argmax class.

The paper's learnability argument (Thm 3.3) needs, per position, a learner
that returns a hypothesis consistent with the sample; for linear argmax
predictors that is the multiclass perceptron, which stops with zero
training mistakes whenever the data are linearly separable (Novikoff's
bound; Kesler's construction for many classes). Tableau windows under
additive features are separable with margin (theory.md, fact 1), where least
squares is not exact (fact 2).

arcot's perceptron is integer: weights start at zero and every update adds
or subtracts one, so the result is exact, and it asks for a margin (default
1) rather than a bare win. It runs over the distinct training windows in a
fixed order and stops after an epoch without mistakes, or after
``max_epochs``; a run that hits the cap is reported (``info.converged`` is
``False``), never passed off as a fit.
"""

from __future__ import annotations

import numpy as np

from arcot.errors import LearningError
from arcot.learn import _kernels as K
from arcot.learn.data import WindowData
from arcot.learn.features import feature_dimension
from arcot.learn.lstsq import _check_fit, _compact, _examples
from arcot.learn.predictor import (
    KIND_CODE,
    FitInfo,
    LinearPredictor,
    ThresholdPredictor,
)

__all__ = ["fit_perceptron", "fit_threshold_perceptron"]


def fit_perceptron(
    data: WindowData,
    *,
    features: str = "additive",
    tied: bool = True,
    max_epochs: int = 1000,
    margin: int = 1,
) -> LinearPredictor:
    """Fit a linear argmax predictor to ``data`` with the perceptron.

    Parameters
    ----------
    data
        Training windows and next tokens.
    features
        ``"additive"`` (the paper's linear decoder) or ``"pairwise"``.
    tied
        One predictor for all positions, or one per CoT position.
    max_epochs
        Cap on passes over the distinct windows.
    margin
        Each target must beat every other token by at least this much.

    Returns
    -------
    LinearPredictor
        Integer weights (stored as floats, exactly); ``info.converged`` says
        whether the last epoch made no mistake.

    Examples
    --------
    >>> from arcot.learn.data import training_data
    >>> from arcot.zoo import get
    >>> p = fit_perceptron(training_data(get("bb4"), "configurations:2000"))
    >>> p.info.converged
    True
    """
    kind = _check_fit(data, features)
    for name, value, low in (("max_epochs", max_epochs, 1), ("margin", margin, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise LearningError(f"{name} must be an integer >= {low}, got {value!r}")
    vocab_size = len(data.vocabulary)
    dim = feature_dimension(features, vocab_size)
    windows, target, group, _, positions = _examples(data, tied)
    cols = K._feature_columns(windows, KIND_CODE[features], vocab_size, group, dim)
    compact, used = _compact(cols, dim * (positions or 1))
    weights, epochs, mistakes = K._perceptron(
        compact,
        np.ascontiguousarray(target),
        len(used),
        vocab_size,
        max_epochs,
        margin,
    )
    info = FitInfo(
        learner="perceptron",
        train=data.source,
        n_windows=len(data),
        n_distinct=len(target),
        epochs=int(epochs),
        converged=bool(mistakes == 0),
        mistakes=int(mistakes),
    )
    return LinearPredictor(
        features=kind,
        vocabulary=data.vocabulary,
        columns=used,
        weights=weights.astype(np.float64),
        positions=positions,
        info=info,
        window=None if tied else data.window,
        steps=None if tied else data.steps,
    )


def fit_threshold_perceptron(
    contexts: np.ndarray, n_inputs: int, *, max_epochs: int = 1000, train: str = ""
) -> ThresholdPredictor:
    """Fit one threshold perceptron per CoT position over the full context.

    Parameters
    ----------
    contexts
        ``[m, n_inputs + T]`` 0/1 array: each row an input's bits, then its
        binary CoT (the circuit encoding's gate values).
    n_inputs
        How many leading columns are the input.
    max_epochs
        Cap on passes over the rows, per position.
    train
        The training distribution's name, recorded in ``info``.

    Returns
    -------
    ThresholdPredictor
        Integer weights; ``info.converged`` says whether every position made
        no mistake in its last epoch (the data are separable when the CoT is
        a threshold circuit's gate values: each gate reads earlier columns).

    Examples
    --------
    >>> import numpy as np
    >>> rows = np.array([[a, b, a & b] for a in (0, 1) for b in (0, 1)])
    >>> p = fit_threshold_perceptron(rows, 2)
    >>> p.info.converged, [int(p.rollout(r[:2])[0]) for r in rows]
    (True, [0, 0, 0, 1])
    """
    arr = np.asarray(contexts)
    if arr.ndim != 2 or not np.issubdtype(arr.dtype, np.integer):
        raise LearningError(
            f"contexts must be a 2-d 0/1 integer array, got shape {arr.shape} "
            f"dtype {arr.dtype}"
        )
    if arr.size and not np.isin(arr, (0, 1)).all():
        raise LearningError("contexts must hold only 0 and 1")
    if not isinstance(n_inputs, int) or isinstance(n_inputs, bool):
        raise LearningError(f"n_inputs must be an integer, got {n_inputs!r}")
    if not 0 <= n_inputs <= arr.shape[1]:
        raise LearningError(f"n_inputs must lie in 0..{arr.shape[1]}, got {n_inputs}")
    if len(arr) == 0:
        raise LearningError("no training rows: the data set is empty")
    if (
        not isinstance(max_epochs, int)
        or isinstance(max_epochs, bool)
        or max_epochs < 1
    ):
        raise LearningError(f"max_epochs must be an integer >= 1, got {max_epochs!r}")
    arr = np.ascontiguousarray(arr, dtype=np.int64)
    weights, thresholds, epochs, mistakes = K._threshold_perceptron(
        arr, n_inputs, max_epochs
    )
    info = FitInfo(
        learner="perceptron",
        train=train,
        n_windows=int(arr.shape[0] * (arr.shape[1] - n_inputs)),
        n_distinct=len(np.unique(arr, axis=0)),
        epochs=int(epochs.max()) if len(epochs) else 0,
        converged=bool((mistakes == 0).all()),
        mistakes=int(mistakes.sum()),
    )
    return ThresholdPredictor(
        n_inputs=n_inputs, weights=weights, thresholds=thresholds, info=info
    )
