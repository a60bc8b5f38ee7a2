"""What is verified: a tableau predictor as exact weights, tied
(:class:`~arcot.construct.ExactWeights`) or untied (:class:`UntiedWeights`,
one weight set per CoT position).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from arcot.construct import ExactWeights, as_exact
from arcot.errors import VerificationError
from arcot.learn.features import FEATURE_KINDS, Coord, FeatureKind
from arcot.learn.predictor import LinearPredictor

__all__ = ["UntiedWeights", "as_weights"]


def as_weights(predictor: object) -> ExactWeights:
    """The :class:`~arcot.construct.ExactWeights` a predictor stands for.

    Accepts ``ExactWeights`` or an object with ``exact_weights()``.
    """
    if isinstance(predictor, ExactWeights):
        return predictor
    method = getattr(predictor, "exact_weights", None)
    if callable(method):
        weights = method()
        if isinstance(weights, ExactWeights):
            return weights
    raise VerificationError(
        f"predictor {type(predictor).__name__} is neither ExactWeights nor has "
        "an exact_weights() method returning ExactWeights"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntiedWeights:
    """An untied tableau predictor's exact weights: one set per CoT position.

    ``positions[t]`` is the :class:`~arcot.construct.ExactWeights` that
    decides CoT position ``t`` (0 = the first token after the prompt row);
    every one has feature kind ``kind``. The paper's product class
    ``H_1 x ... x H_T``.

    Examples
    --------
    >>> from arcot.construct import tableau_weights
    >>> from arcot.zoo import get
    >>> w = tableau_weights(get("bb2"), "pairwise")
    >>> u = UntiedWeights(kind="pairwise", positions=(w, w, w))
    >>> len(u.positions), u.positions[2] == w
    (3, True)
    """

    kind: FeatureKind
    positions: tuple[ExactWeights, ...]

    def __post_init__(self) -> None:
        if self.kind not in FEATURE_KINDS:
            raise VerificationError(
                f"kind {self.kind!r} is not one of {', '.join(FEATURE_KINDS)}"
            )
        if not isinstance(self.positions, (tuple, list)):
            raise VerificationError(
                "positions must be a tuple or list of ExactWeights, one per CoT "
                f"position, got {type(self.positions).__name__}"
            )
        positions = tuple(self.positions)
        if not positions:
            raise VerificationError("positions must hold at least one position")
        for t, w in enumerate(positions):
            if not isinstance(w, ExactWeights):
                raise VerificationError(
                    f"positions[{t}] must be ExactWeights, got {type(w).__name__}"
                )
            if w.kind != self.kind:
                raise VerificationError(
                    f"positions[{t}] has {w.kind} features, not {self.kind}"
                )
        object.__setattr__(self, "positions", positions)

    @classmethod
    def from_predictor(cls, predictor: LinearPredictor) -> UntiedWeights:
        """An untied :class:`~arcot.learn.LinearPredictor`'s weights, exactly.

        Every float converts with :func:`~arcot.construct.as_exact` (a float
        is a dyadic rational; nothing is rounded). A position without
        weights gets empty ``ExactWeights`` (every token scores 0).

        >>> from arcot.learn import fit_linear_predictor, training_data
        >>> from arcot.zoo import get
        >>> p = fit_linear_predictor(training_data(get("bb2"), "inputs:0"),
        ...                          tied=False)
        >>> u = UntiedWeights.from_predictor(p)
        >>> len(u.positions) == p.positions, u.kind
        (True, 'pairwise')
        """
        if not isinstance(predictor, LinearPredictor):
            raise VerificationError(
                f"predictor must be a LinearPredictor, got {type(predictor).__name__}"
            )
        if predictor.positions is None:
            raise VerificationError(
                "this LinearPredictor is tied (one weight set for every position); "
                "convert it with arcot.pipeline.exact_weights"
            )
        rows: list[dict[str, dict[Coord, Fraction]]] = [
            {} for _ in range(predictor.positions)
        ]
        for (t, coord), row in predictor.weight_table().items():
            assert t is not None
            for token, w in row.items():
                rows[t].setdefault(token, {})[coord] = as_exact(
                    w, name=f"weight of {token!r} at position {t}, {coord}"
                )
        return cls(
            kind=predictor.features,
            positions=tuple(
                ExactWeights(kind=predictor.features, rows=r) for r in rows
            ),
        )


def _as_untied(predictor: object) -> UntiedWeights | None:
    """The untied weights a predictor stands for, or ``None`` if it is tied."""
    if isinstance(predictor, UntiedWeights):
        return predictor
    if isinstance(predictor, LinearPredictor) and not predictor.tied:
        return UntiedWeights.from_predictor(predictor)
    return None
