"""Exact weights built from theory: the predictor a machine's CoT needs.

Weights are rationals (:class:`fractions.Fraction`) keyed by *named*
coordinates (:class:`arcot.learn.features.Coord`), stored sparsely as a
dict of dicts: output token name -> coordinate -> weight. A tied tableau
predictor built from them reads the window ``(L, M, R)`` of the three tokens
above the one it predicts, sums the weights of the coordinates that fire
(:func:`arcot.learn.features.window_coords`) for every output token, and
emits the argmax over the whole vocabulary (a token with no weights scores
0). :func:`arcot.verify.exact.verify_exact` checks such a predictor.

Constructions (theory.md section 3):

- :func:`additive_tableau_weights`: the paper's linear decoder, a sum of
  per-offset maps of one-hot tokens, integer weights, margin >= 1 on every
  window (fact 1), extended to stay moves, stopped heads (halt states and
  undefined transitions: a stopped head stays as it is, like
  :func:`arcot.cot.local_rule`) and delimiter windows.
- :func:`pairwise_tableau_weights`: the local rule's one-hot output as
  ``f0(M) + f1(L, M) + f2(M, R)`` exactly (fact 3): the scores *are* the
  one-hot target, margin exactly 1.
- :func:`circuit_weights`: the paper's Thm 3.8: the per-position
  linear-threshold predictor of a threshold circuit's CoT is the gate itself.

:func:`as_exact` is the one place a float becomes a rational (exactly: a
float is a dyadic rational), and :func:`dyadic` its twin for whole arrays.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from arcot.cot import Tableau, Vocabulary, as_tableau
from arcot.errors import ConstructionError
from arcot.learn.features import (
    FEATURE_KINDS,
    Coord,
    FeatureKind,
    column_coord,
    feature_dimension,
)
from arcot.machine import TuringMachine

__all__ = [
    "SLOTS",
    "CircuitPredictor",
    "ExactWeights",
    "FloatColumns",
    "additive_tableau_weights",
    "as_exact",
    "circuit_weights",
    "dyadic",
    "pairwise_tableau_weights",
    "tableau_weights",
]

#: The coordinate slots of each feature kind, with the number of tokens each names.
SLOTS: Mapping[str, Mapping[str, int]] = {
    "additive": {"L": 1, "M": 1, "R": 1},
    "pairwise": {"M": 1, "LM": 2, "MR": 2},
}

_RATIO = re.compile(r"^(-?[0-9]+)(?:/([0-9]+))?$")


def as_exact(value: object, *, name: str = "weight") -> Fraction:
    """``value`` as an exact rational: the only float -> Fraction conversion.

    Accepts integers, Fractions, finite floats (numpy scalars too), and
    strings ``"p"`` or ``"p/q"``. A float is converted *exactly* (it is a
    dyadic rational), never rounded. Raises
    :class:`~arcot.errors.ConstructionError` naming ``name`` and the value
    for anything else (booleans, NaN, infinities, text that is not a ratio).

    Examples
    --------
    >>> as_exact(0.75), as_exact("-3/6"), as_exact(2)
    (Fraction(3, 4), Fraction(-1, 2), Fraction(2, 1))
    >>> as_exact(0.1)
    Fraction(3602879701896397, 36028797018963968)
    >>> as_exact(float("nan"))
    Traceback (most recent call last):
    ...
    arcot.errors.ConstructionError: weight nan is not a finite number
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise ConstructionError(f"{name} {value!r} is a boolean, not a number")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ConstructionError(f"{name} {value!r} is not a finite number")
        return Fraction(float(value))  # exact: a float is a dyadic rational
    if isinstance(value, str):
        m = _RATIO.match(value.strip())
        if m is None or m.group(2) in ("0", *("0" * k for k in range(2, 20))):
            raise ConstructionError(f"{name} {value!r} is not an integer or 'p/q'")
        return Fraction(int(m.group(1)), int(m.group(2) or 1))
    raise ConstructionError(
        f"{name} {value!r} is a {type(value).__name__}, not a number"
    )


def dyadic(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Finite floats exactly as ``mantissa * 2**exponent``, elementwise.

    :func:`as_exact` for a whole array, without a Fraction per value: a
    float64 is a dyadic rational, so ``values[i] == mantissa[i] *
    2**exponent[i]`` exactly, with ``mantissa`` an odd int64 (``|m| < 2**53``)
    or 0 (exponent 0): ``Fraction(m, 2**-e)`` (or ``m * 2**e``) is
    ``as_exact(values[i])`` in lowest terms. Raises
    :class:`~arcot.errors.ConstructionError` for a value that is not finite.

    >>> m, e = dyadic(np.array([0.75, -3.0, 0.0, 0.1]))
    >>> m.tolist(), e.tolist()
    ([3, -3, 0, 3602879701896397], [-2, 0, 0, -55])
    """
    x = np.asarray(values, dtype=np.float64)
    if not np.isfinite(x).all():
        bad = x[~np.isfinite(x)].flat[0]
        raise ConstructionError(f"weight {bad!r} is not a finite number")
    frac, exp2 = np.frexp(x)  # x = frac * 2**exp2, 0.5 <= |frac| < 1 (or 0)
    mantissa = np.ldexp(frac, 53).astype(np.int64)  # exact: an integer < 2**53
    exponent = exp2.astype(np.int64) - 53
    low = mantissa & -mantissa  # the lowest set bit, a power of two (0 for 0)
    zeros = np.where(mantissa != 0, np.frexp(low.astype(np.float64))[1] - 1, 0)
    mantissa = mantissa >> zeros  # exact: those bits are zero
    exponent = np.where(mantissa != 0, exponent + zeros, 0)
    return mantissa, exponent.astype(np.int64)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FloatColumns:
    """A learner's float weights as it holds them: ``weights[j, y]`` is the
    weight of feature column ``columns[j]`` (:func:`~arcot.learn.features.
    feature_index`) in the score of token id ``y`` of ``vocabulary``."""

    vocabulary: Vocabulary
    columns: np.ndarray  # [n] int64, strictly increasing
    weights: np.ndarray  # [n, V] float64, finite


def _check_coord(kind: str, coord: object) -> Coord:
    if not isinstance(coord, tuple) or len(coord) != 2:
        raise ConstructionError(f"coordinate {coord!r} is not a Coord(slot, value)")
    slot, value = coord
    arity = SLOTS[kind].get(slot) if isinstance(slot, str) else None
    if arity is None:
        raise ConstructionError(
            f"coordinate {coord!r}: slot {slot!r} is not one of "
            f"{', '.join(SLOTS[kind])} ({kind} features)"
        )
    if isinstance(value, str):
        value = (value,)
    if (
        not isinstance(value, tuple)
        or len(value) != arity
        or not all(isinstance(v, str) for v in value)
    ):
        raise ConstructionError(
            f"coordinate {coord!r}: slot {slot} needs {arity} token name(s)"
        )
    return Coord(slot, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExactWeights:
    """A tied tableau predictor's weights, exact and keyed by name.

    ``rows[y][coord]`` is the weight of coordinate ``coord`` in the score of
    output token ``y`` (a token name). Every value goes through
    :func:`as_exact` (floats convert exactly); zero weights and empty rows are
    dropped, so equal predictors compare equal. The predictor emits the
    argmax of the scores over the whole vocabulary; a token without a row
    scores 0.

    Examples
    --------
    >>> w = ExactWeights(kind="additive", rows={"1": {Coord("M", ("0",)): 0.5}})
    >>> w.rows["1"][Coord("M", ("0",))]
    Fraction(1, 2)
    >>> w.score([Coord("L", ("#",)), Coord("M", ("0",)), Coord("R", ("1",))])
    {'1': Fraction(1, 2)}
    """

    kind: FeatureKind
    rows: Mapping[str, Mapping[Coord, Fraction]]
    _by_coord: dict[Coord, dict[str, Fraction]] = field(
        init=False, repr=False, compare=False, hash=False
    )
    # set by from_columns: the float arrays the rows are made from on first
    # use (verification reads the arrays; only a certificate needs the rows)
    _floats: FloatColumns | None = field(
        init=False, default=None, repr=False, compare=False, hash=False
    )

    if not TYPE_CHECKING:  # hidden from mypy, which would then accept any name
        def __getattr__(self, name: str) -> Any:
            # only an unset slot gets here: the rows of from_columns, made once
            if name in ("rows", "_by_coord"):
                floats = object.__getattribute__(self, "_floats")
                if floats is not None:
                    rows, by_coord = _float_rows(self.kind, floats)
                    object.__setattr__(self, "rows", rows)
                    object.__setattr__(self, "_by_coord", by_coord)
                    return rows if name == "rows" else by_coord
            raise AttributeError(name)

    def __post_init__(self) -> None:
        if self.kind not in FEATURE_KINDS:
            raise ConstructionError(
                f"kind {self.kind!r} is not one of {', '.join(FEATURE_KINDS)}"
            )
        if not isinstance(self.rows, Mapping):
            raise ConstructionError(
                f"rows must be a mapping token -> {{Coord: weight}}, got "
                f"{type(self.rows).__name__}"
            )
        rows: dict[str, dict[Coord, Fraction]] = {}
        by_coord: dict[Coord, dict[str, Fraction]] = {}
        for y, row in self.rows.items():
            if not isinstance(y, str):
                raise ConstructionError(f"output token {y!r} must be a token name")
            if not isinstance(row, Mapping):
                raise ConstructionError(
                    f"row {y!r} must be a mapping Coord -> weight, got {row!r}"
                )
            out: dict[Coord, Fraction] = {}
            for coord, w in row.items():
                c = _check_coord(self.kind, coord)
                value = as_exact(w, name=f"weight of {y!r} at {c}")
                if value:
                    out[c] = value
                    by_coord.setdefault(c, {})[y] = value
            if out:
                rows[y] = out
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "_by_coord", by_coord)

    @classmethod
    def from_columns(
        cls, kind: str, vocab: Vocabulary, columns: Any, weights: Any
    ) -> ExactWeights:
        """Float weights on feature columns (a fitted
        :class:`~arcot.learn.LinearPredictor`'s ``columns`` and ``weights``),
        exactly: equal to ``ExactWeights`` of the same floats keyed by
        coordinate, with the rows (a Fraction a weight) made only when read.
        Verification reads the arrays (:func:`dyadic`).

        >>> from arcot.zoo import get
        >>> from arcot.cot import tableau_vocabulary
        >>> v = tableau_vocabulary(get("bb2"))
        >>> w = ExactWeights.from_columns("additive", v, [len(v) + 1], [[0.0, 0.5]
        ...                               + [0.0] * (len(v) - 2)])
        >>> w.n_weights, w.rows
        (1, {'0': {Coord(slot='M', value=('0',)): Fraction(1, 2)}})
        """
        if kind not in FEATURE_KINDS:
            raise ConstructionError(
                f"kind {kind!r} is not one of {', '.join(FEATURE_KINDS)}"
            )
        cols = np.ascontiguousarray(columns, dtype=np.int64).reshape(-1)
        arr = np.ascontiguousarray(weights, dtype=np.float64)
        v = len(vocab)
        if arr.shape != (len(cols), v):
            raise ConstructionError(
                f"weights have shape {arr.shape}, expected {(len(cols), v)}"
            )
        if len(cols) and (cols[0] < 0 or cols[-1] >= feature_dimension(kind, v)
                          or bool((np.diff(cols) <= 0).any())):
            raise ConstructionError(
                "columns must be strictly increasing feature columns of "
                f"{kind} features"
            )
        if not np.isfinite(arr).all():  # the error as_exact gives
            raise ConstructionError(
                f"weight {arr[~np.isfinite(arr)][0]!r} is not a finite number"
            )
        out = object.__new__(cls)
        object.__setattr__(out, "kind", kind)
        object.__setattr__(out, "_floats",
                           FloatColumns(vocabulary=vocab, columns=cols, weights=arr))
        return out

    @property
    def float_columns(self) -> FloatColumns | None:
        """The float arrays of :meth:`from_columns` (``None`` otherwise)."""
        return self._floats

    @property
    def by_coord(self) -> Mapping[Coord, Mapping[str, Fraction]]:
        """The same weights indexed the other way: coordinate -> token -> weight."""
        return self._by_coord

    @property
    def n_weights(self) -> int:
        """Number of non-zero weights."""
        if self._floats is not None:
            return int(np.count_nonzero(self._floats.weights))
        return sum(len(r) for r in self.rows.values())

    def score(self, coords: Iterable[Coord]) -> dict[str, Fraction]:
        """Scores of the tokens the coordinates touch (every other token: 0)."""
        scores: dict[str, Fraction] = {}
        for c in coords:
            for y, w in self._by_coord.get(c, {}).items():
                scores[y] = scores.get(y, Fraction(0)) + w
        return scores

    def renamed(self, names: Mapping[str, str]) -> ExactWeights:
        """The weights with token names replaced through ``names``.

        Rows and coordinates naming a token missing from ``names`` are
        dropped (the token does not exist in the renamed vocabulary).
        """
        rows: dict[str, dict[Coord, Fraction]] = {}
        for y, row in self.rows.items():
            if y not in names:
                continue
            out: dict[Coord, Fraction] = {}
            for c, w in row.items():
                if all(v in names for v in c.value):
                    out[Coord(c.slot, tuple(names[v] for v in c.value))] = w
            rows[names[y]] = out
        return ExactWeights(kind=self.kind, rows=rows)

    @classmethod
    def from_dense(
        cls, kind: str, vocab: Vocabulary, matrix: Any
    ) -> ExactWeights:
        """Weights from a dense ``[V, n_features]`` array (a learner's output).

        Row ``y`` holds the weights of output token id ``y``; columns follow
        :func:`arcot.learn.features.feature_index`. Every entry converts
        exactly (no rounding, no tolerance: a tiny float is a tiny weight).

        >>> from arcot.zoo import get
        >>> from arcot.cot import tableau_vocabulary
        >>> v = tableau_vocabulary(get("bb2"))
        >>> m = np.zeros((len(v), 3 * len(v)))
        >>> m[1, len(v) + 1] = 1.0
        >>> ExactWeights.from_dense("additive", v, m).rows
        {'0': {Coord(slot='M', value=('0',)): Fraction(1, 1)}}
        """
        if kind not in FEATURE_KINDS:
            raise ConstructionError(
                f"kind {kind!r} is not one of {', '.join(FEATURE_KINDS)}"
            )
        arr = np.asarray(matrix)
        v = len(vocab)
        shape = (v, feature_dimension(kind, v))
        if arr.shape != shape:
            raise ConstructionError(
                f"matrix has shape {arr.shape}, expected {shape} "
                f"([V, n_features] for {kind} features)"
            )
        names = vocab.names
        rows: dict[str, dict[Coord, Any]] = {}
        for y, j in zip(*np.nonzero(arr), strict=True):
            rows.setdefault(names[y], {})[column_coord(kind, vocab, int(j))] = (
                arr[y, j].item()
            )
        return cls(kind=kind, rows=rows)


def _float_rows(
    kind: str, floats: FloatColumns
) -> tuple[dict[str, dict[Coord, Fraction]], dict[Coord, dict[str, Fraction]]]:
    """The rows and by-coordinate index of :meth:`ExactWeights.from_columns`,
    in the order ``ExactWeights`` of the weight table would give them (a
    token's row where it first has a weight, scanning columns in order, then
    its weights by column)."""
    names = floats.vocabulary.names
    j, y = np.nonzero(floats.weights)
    mantissa, exponent = dyadic(floats.weights[j, y])
    tokens, first = np.unique(y, return_index=True)
    rank = np.empty(len(names), np.int64)
    rank[tokens[np.argsort(first)]] = np.arange(len(tokens))
    order = np.lexsort((j, rank[y]))  # by the token's first weight, then column
    coords = {int(c): column_coord(kind, floats.vocabulary, int(c))
              for c in np.unique(floats.columns[j])}
    rows: dict[str, dict[Coord, Fraction]] = {}
    row: dict[Coord, Fraction] = {}
    last = -1
    for c, t, m, e in zip(floats.columns[j[order]].tolist(), y[order].tolist(),
                          mantissa[order].tolist(), exponent[order].tolist(),
                          strict=True):
        if t != last:
            row = rows[names[t]] = {}
            last = t
        # exact: each weight is m * 2**e (dyadic), in lowest terms
        row[coords[c]] = Fraction(m << e) if e >= 0 else Fraction(m, 1 << -e)
    by_coord: dict[Coord, dict[str, Fraction]] = {}
    for name, r in rows.items():
        for c, w in r.items():
            by_coord.setdefault(c, {})[name] = w
    return rows, by_coord


# -- tableau constructions ---------------------------------------------


def additive_tableau_weights(machine: TuringMachine | Tableau) -> ExactWeights:
    """Integer additive argmax weights computing the tableau's local rule.

    Score of output ``y`` on window ``(L, M, R)``:
    ``A[y, L] + B[y, M] + C[y, R]`` (coordinates ``L:l``, ``M:m``, ``R:r``).
    The tables (theory.md fact 1, extended):

    - ``B[#, #] = 5``: a delimiter stays (5, not 4, so that it also wins
      on every delimiter window ``(x, #, y)`` the ``windows`` scope checks,
      including two heads both moving in: two-head delimiter windows occur
      in tableaux 1 or 2 cells wide, and the scope checks them all, though
      no run shows one whose heads move *out of* the tableau's window);
    - plain symbol ``c``: ``B[c, c] = 2`` and ``B[(q, c), c] = 1`` for
      every state ``q``;
    - head ``h = (q, a)`` taking ``a -> w, move, q'``: ``B[w, h] = 4`` if it
      moves, ``B[(q', w), h] = 4`` if it stays; a stopped head (halt state
      or undefined transition): ``B[h, h] = 4``;
    - a head moving right into ``q'``: ``A[(q', c), h] = 2`` for every
      symbol ``c``; moving left: ``C[(q', c), h] = 2``.

    Every window with at most one head, and every delimiter window, gets
    the local rule's output with margin >= 1.

    >>> from arcot.zoo import get
    >>> w = additive_tableau_weights(get("bb2"))
    >>> w.rows["(B,0)"][Coord("L", ("(A,0)",))]
    Fraction(2, 1)
    """
    tableau = as_tableau(machine)
    names = tableau.vocabulary.names
    rows: dict[str, dict[Coord, int]] = {}

    def add(y: int, slot: str, token: int, w: int) -> None:
        rows.setdefault(names[y], {})[Coord(slot, (names[token],))] = w

    add(tableau.delimiter, "M", tableau.delimiter, 5)
    for c in _symbol_ids(tableau):
        add(c, "M", c, 2)
        for q in range(tableau.machine.n_states):
            add(_head_id(tableau, q, c), "M", c, 1)
    right, left = tableau.enters_right, tableau.enters_left
    for h in _head_ids(tableau):
        add(int(tableau.stay[h]), "M", h, 4)  # stopped, stays, or leaves a symbol
        for slot, q in (("L", right[h]), ("R", left[h])):
            if q >= 0:
                for c in _symbol_ids(tableau):
                    add(_head_id(tableau, int(q), c), slot, h, 2)
    return ExactWeights(kind="additive", rows=rows)  # type: ignore[arg-type]


def pairwise_tableau_weights(machine: TuringMachine | Tableau) -> ExactWeights:
    """Integer weights under which the local rule is exactly linear.

    One-hot(F(L, M, R)) = ``f0(M) + f1(L, M) + f2(M, R)``: ``f0`` maps the
    middle token to its own next token (a delimiter or plain symbol stays,
    a head leaves what :func:`arcot.cot.local_rule` says), and ``f1``/``f2``
    move a head in from the left or right: ``+1`` on ``(q', c)``, ``-1`` on
    ``c``. Only one of them can fire, since a window has at most one head,
    so the scores are exactly the one-hot target (margin exactly 1).

    >>> from arcot.zoo import get
    >>> w = pairwise_tableau_weights(get("bb2"))
    >>> sorted((str(c), int(x)) for c, x in w.rows["(B,0)"].items())
    [('LM:(A,0),0', 1), ('MR:0,(A,1)', 1)]
    """
    tableau = as_tableau(machine)
    names = tableau.vocabulary.names
    rows: dict[str, dict[Coord, int]] = {}

    def add(y: int, slot: str, tokens: tuple[int, ...], w: int) -> None:
        rows.setdefault(names[y], {})[Coord(slot, tuple(names[t] for t in tokens))] = w

    for t in range(len(names)):
        add(int(tableau.stay[t]), "M", (t,), 1)
    right, left = tableau.enters_right, tableau.enters_left
    for h in _head_ids(tableau):
        for slot, q in (("LM", right[h]), ("MR", left[h])):
            if q < 0:
                continue
            for c in _symbol_ids(tableau):
                pair = (h, c) if slot == "LM" else (c, h)
                add(_head_id(tableau, int(q), c), slot, pair, 1)
                add(c, slot, pair, -1)
    return ExactWeights(kind="pairwise", rows=rows)  # type: ignore[arg-type]


def _symbol_ids(tableau: Tableau) -> range:
    return range(1, 1 + tableau.machine.n_symbols)


def _head_ids(tableau: Tableau) -> range:
    return range(1 + tableau.machine.n_symbols, len(tableau.vocabulary))


def _head_id(tableau: Tableau, state: int, symbol_id: int) -> int:
    """The id of head ``(state, symbol)`` (a state index, a symbol's id)."""
    s = tableau.machine.n_symbols
    return 1 + s + state * s + symbol_id - 1


def tableau_weights(
    machine: TuringMachine | Tableau, features: str = "additive"
) -> ExactWeights:
    """The constructed tableau predictor for ``features`` (additive or pairwise).

    >>> from arcot.zoo import get
    >>> tableau_weights(get("bb2"), "pairwise").kind
    'pairwise'
    """
    if features == "additive":
        return additive_tableau_weights(machine)
    if features == "pairwise":
        return pairwise_tableau_weights(machine)
    raise ConstructionError(
        f"features {features!r} is not one of {', '.join(FEATURE_KINDS)}"
    )


# -- threshold circuits (Thm 3.8) --------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitPredictor:
    """Per-position linear-threshold predictors for a circuit's CoT.

    ``positions[t]`` is ``(name, weights, threshold)``: token ``t`` of the
    CoT is ``1[ sum weights[u] * value(u) >= threshold ]`` over the circuit's
    inputs ``x0, x1, ...`` and earlier tokens (named by their gates). This is
    the paper's time-dependent class H_1 x ... x H_T (one predictor a
    position).
    """

    n_inputs: int
    positions: tuple[tuple[str, Mapping[str, Fraction], Fraction], ...]
    _plan: tuple[tuple[str, list[tuple[str, int]], Fraction], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if isinstance(self.n_inputs, bool) or not isinstance(self.n_inputs, int):
            raise ConstructionError(
                f"n_inputs must be an integer, got {self.n_inputs!r}"
            )
        seen = {f"x{i}" for i in range(self.n_inputs)}
        out = []
        for t, (name, weights, threshold) in enumerate(self.positions):
            ws = {}
            for u, w in weights.items():
                if u not in seen:
                    raise ConstructionError(
                        f"position {t} ({name!r}) reads {u!r}, which is neither an "
                        "input nor an earlier token"
                    )
                ws[u] = as_exact(w, name=f"weight of {u!r} at position {t}")
            out.append((str(name), ws, as_exact(threshold, name=f"threshold {t}")))
            seen.add(str(name))
        object.__setattr__(self, "positions", tuple(out))
        plan = []  # each position scaled to integers by its common denominator
        for name, ws, thr in out:
            d = math.lcm(thr.denominator, *(w.denominator for w in ws.values()))
            plan.append((name, [(u, int(w * d)) for u, w in ws.items()], thr * d))
        object.__setattr__(self, "_plan", tuple(plan))

    def rollout(self, bits: Iterable[int]) -> tuple[int, ...]:
        """The CoT the predictors generate from the input ``bits``, exactly."""
        values: dict[str, int] = {f"x{i}": int(b) for i, b in enumerate(bits)}
        if len(values) != self.n_inputs:
            raise ConstructionError(
                f"expected {self.n_inputs} input bits, got {len(values)}"
            )
        out = []
        for name, weights, threshold in self._plan:
            values[name] = int(sum(w * values[u] for u, w in weights) >= threshold)
            out.append(values[name])
        return tuple(out)


def circuit_weights(circuit: Any) -> CircuitPredictor:
    """The per-position threshold predictors of a threshold circuit (Thm 3.8).

    Token ``t`` of the circuit's CoT is gate ``t``'s value, and the gate is a
    linear threshold of the inputs and earlier gates, so the predictor of
    position ``t`` is the gate's own integer weights and threshold. Raises
    :class:`~arcot.errors.ConstructionError` if a gate is not a threshold
    gate.

    >>> from arcot.circuit import parity_circuit
    >>> p = circuit_weights(parity_circuit(3))
    >>> p.rollout([1, 1, 1])[-1]
    1
    """
    if not getattr(circuit, "is_threshold", True):
        raise ConstructionError("the circuit has gates that are not linear thresholds")
    positions = []
    for g in circuit.gates:
        positions.append((g.name, dict(g.weights), g.threshold))
    return CircuitPredictor(n_inputs=int(circuit.n_inputs), positions=tuple(positions))
