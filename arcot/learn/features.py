"""Feature maps over the tableau context: the shared specification.

A tied tableau predictor reads the three tokens above the one it predicts,
``W + 2``, ``W + 1`` and ``W`` positions back (left, middle, right). A
feature map turns such a window into *coordinates*: named, so weights,
certificates and failure messages speak of ``Coord("LM", ("(A,0)", "1"))``
rather than column 4711.

- ``additive``: one-hot of each token at its offset, summed (the paper's
  linear decoder): coordinates ``L:l``, ``M:m``, ``R:r``.
- ``pairwise``: one-hot of the middle token and of the token pairs the local
  rule reads: ``M:m``, ``LM:(l,m)``, ``MR:(m,r)``. Under it the tableau step
  is exactly linear (theory.md, fact 3).

Column indices (:func:`feature_index`) are for array code only; they are
derived from token ids in one place, here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from arcot.cot import HeadCell, Vocabulary
from arcot.errors import LearningError

__all__ = [
    "FEATURE_KINDS",
    "Coord",
    "FeatureKind",
    "column_coord",
    "coord_column",
    "feature_dimension",
    "feature_index",
    "tableau_offsets",
    "well_formed_windows",
    "window_coords",
    "window_ids",
]

FeatureKind = Literal["additive", "pairwise"]
FEATURE_KINDS: tuple[FeatureKind, ...] = ("additive", "pairwise")

#: The slots of each feature kind, and the window cells (0 left, 1 middle,
#: 2 right) each slot's key reads.
KIND_SLOTS: dict[str, tuple[str, ...]] = {
    "additive": ("L", "M", "R"), "pairwise": ("M", "LM", "MR"),
}
SLOT_CELLS: dict[str, tuple[int, ...]] = {
    "L": (0,), "M": (1,), "R": (2,), "LM": (0, 1), "MR": (1, 2),
}


class Coord(NamedTuple):
    """A named feature coordinate: a slot (``L``, ``M``, ``R``, ``LM``, ``MR``)
    and the token name(s) it fires on."""

    slot: str
    value: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.slot}:{','.join(self.value)}"


def _check_kind(kind: str) -> FeatureKind:
    if kind not in FEATURE_KINDS:
        raise LearningError(
            f"unknown features {kind!r}: expected one of {', '.join(FEATURE_KINDS)}"
        )
    return kind


def tableau_offsets(width: int) -> tuple[int, int, int]:
    """How far back the left, middle and right tokens sit: ``W+2, W+1, W``."""
    return width + 2, width + 1, width


def window_coords(
    kind: str, vocab: Vocabulary, left: int, middle: int, right: int
) -> tuple[Coord, ...]:
    """The coordinates that fire on the window of token ids ``(left, middle, right)``.

    >>> from arcot.cot import tableau_vocabulary
    >>> from arcot.zoo import get
    >>> v = tableau_vocabulary(get("bb2"))
    >>> [str(c) for c in window_coords("pairwise", v, 1, 3, 2)]
    ['M:(A,0)', 'LM:0,(A,0)', 'MR:(A,0),1']
    """
    k = _check_kind(kind)
    n = vocab.names
    if k == "additive":
        return (
            Coord("L", (n[left],)),
            Coord("M", (n[middle],)),
            Coord("R", (n[right],)),
        )
    return (
        Coord("M", (n[middle],)),
        Coord("LM", (n[left], n[middle])),
        Coord("MR", (n[middle], n[right])),
    )


def feature_dimension(kind: str, vocab_size: int) -> int:
    """Number of columns of the feature map: ``3V`` or ``V + 2V^2``."""
    v = vocab_size
    return 3 * v if _check_kind(kind) == "additive" else v + 2 * v * v


def feature_index(
    kind: str, vocab_size: int, left: int, middle: int, right: int
) -> tuple[int, int, int]:
    """Column indices of the three coordinates that fire (array code only).

    additive: ``l``, ``V + m``, ``2V + r``; pairwise: ``m``,
    ``V + l*V + m``, ``V + V^2 + m*V + r``.
    """
    v = vocab_size
    if _check_kind(kind) == "additive":
        return left, v + middle, 2 * v + right
    return middle, v + left * v + middle, v + v * v + middle * v + right


def coord_column(kind: str, vocab: Vocabulary, coord: Coord) -> int:
    """The column of a named coordinate (the inverse of :func:`column_coord`).

    >>> from arcot.cot import tableau_vocabulary
    >>> from arcot.zoo import get
    >>> v = tableau_vocabulary(get("bb2"))
    >>> coord_column("pairwise", v, Coord("LM", ("0", "(A,0)")))
    21
    >>> column_coord("pairwise", v, 21)
    Coord(slot='LM', value=('0', '(A,0)'))
    """
    k = _check_kind(kind)
    v = len(vocab)
    try:
        ids = [vocab.names.index(name) for name in coord.value]
    except ValueError:
        raise LearningError(
            f"coordinate {coord} names a token not in the vocabulary"
        ) from None
    if coord.slot not in KIND_SLOTS[k] or len(ids) != len(SLOT_CELLS[coord.slot]):
        raise LearningError(f"coordinate {coord} is not a {k} coordinate")
    if k == "additive":
        return "LMR".index(coord.slot) * v + ids[0]
    if coord.slot == "M":
        return ids[0]
    base = v if coord.slot == "LM" else v + v * v
    return base + ids[0] * v + ids[1]


def column_coord(kind: str, vocab: Vocabulary, column: int) -> Coord:
    """The named coordinate of a column (see :func:`feature_index`)."""
    k = _check_kind(kind)
    v, names = len(vocab), vocab.names
    if not 0 <= column < feature_dimension(k, v):
        raise LearningError(f"column {column} is outside the {k} features")
    if k == "additive":
        return Coord("LMR"[column // v], (names[column % v],))
    if column < v:
        return Coord("M", (names[column],))
    j = column - v
    slot = "LM" if j < v * v else "MR"
    j %= v * v
    return Coord(slot, (names[j // v], names[j % v]))


def window_ids(vocab: Vocabulary) -> Iterator[tuple[int, int, int]]:
    """Every well-formed window as token ids (see :func:`well_formed_windows`)."""
    heads = [isinstance(t, HeadCell) for t in vocab.tokens]
    size = len(vocab)
    for a in range(size):
        for b in range(size):
            if heads[a] and heads[b]:
                continue
            for c in range(size):
                if heads[c] and (heads[a] or heads[b]):
                    continue
                yield a, b, c


def well_formed_windows(vocab: Vocabulary) -> Iterator[tuple[object, object, object]]:
    """Every window ``(L, M, R)`` of tokens with at most one head among them.

    These are all the windows a run can show (a configuration has one head),
    plus some no run reaches; checking a predictor on all of them proves, by
    induction over rows, that it reproduces every run.
    """
    t = vocab.tokens
    for a, b, c in window_ids(vocab):
        yield t[a], t[b], t[c]
