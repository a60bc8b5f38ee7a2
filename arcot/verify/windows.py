"""The windows scope and window sets: every well-formed window, the
windows of an input's own tableau, and each window's margin in integers.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from arcot.construct import ExactWeights
from arcot.cot import (
    DELIMITER,
    HeadCell,
    Tableau,
    Vocabulary,
    as_tableau,
    tableau_window,
)
from arcot.errors import VerificationError
from arcot.learn.features import KIND_SLOTS, SLOT_CELLS
from arcot.machine import TuringMachine
from arcot.verify.predictors import as_weights
from arcot.verify.scope import Scope, WindowDecision, _words

__all__ = [
    "checked_window_array",
    "checked_windows",
    "decide_windows",
    "scope_windows",
    "tableau_windows",
    "window_decisions",
]


def checked_windows(vocab: Vocabulary) -> Iterator[tuple[int, int, int]]:
    """The windows the ``windows`` scope checks, as token ids, in order.

    Lexicographic in ``(L, M, R)`` ids: every ``(x, #, y)``, and every window
    whose middle is not ``#`` with at most one head among the three.

    >>> from arcot.zoo import get
    >>> from arcot.cot import tableau_vocabulary
    >>> v = tableau_vocabulary(get("bb2"))
    >>> sum(1 for _ in checked_windows(v))
    225
    """
    left, middle, right = checked_window_array(vocab).T.tolist()
    yield from zip(left, middle, right, strict=True)


def checked_window_array(vocab: Vocabulary) -> np.ndarray:
    """:func:`checked_windows` as an int64 array ``[k, 3]``, in the same order.

    >>> from arcot.cot import tableau_vocabulary
    >>> from arcot.zoo import get
    >>> v = tableau_vocabulary(get("bb2"))
    >>> checked_window_array(v).tolist() == list(map(list, checked_windows(v)))
    True
    """
    size = len(vocab)
    heads = np.array([isinstance(t, HeadCell) for t in vocab.tokens], dtype=bool)
    plain = np.flatnonzero(~heads).astype(np.int64)
    ids = np.arange(size, dtype=np.int64)
    a, b = np.repeat(ids, size), np.tile(ids, size)  # every (a, b), in order
    delim = b == vocab.id(DELIMITER)
    one_head = heads[a] ^ heads[b]
    count = np.where(delim | ~(heads[a] | heads[b]), size,
                     np.where(one_head, len(plain), 0))
    start = np.cumsum(count) - count
    pair = np.repeat(np.arange(len(a)), count)
    j = np.arange(int(count.sum()), dtype=np.int64) - start[pair]
    c = np.where(count[pair] == size, j, plain[np.minimum(j, len(plain) - 1)])
    return np.stack([a[pair], b[pair], c], axis=1)


class _Decider:
    """Scores of an ExactWeights predictor on token-id windows, in integers."""

    def __init__(self, weights: ExactWeights, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.size = len(vocab)
        self.pairwise = weights.kind == "pairwise"
        self._largest: int | None = None
        self._table: dict[tuple[Any, ...], list[tuple[int, int]]] | None = None
        # per slot: CSR offsets by key, token ids, and each numerator as
        # mantissa << shift (from float columns, without a Python int each)
        self._dyadic: dict[str, tuple[np.ndarray, ...]] | None = None
        floats = weights.float_columns
        if floats is not None and floats.vocabulary.names == vocab.names:
            self._from_floats(weights.kind, floats.columns, floats.weights)
            return
        ids = {n: i for i, n in enumerate(vocab.names)}
        for y, row in weights.rows.items():
            if y not in ids:
                raise VerificationError(
                    f"the weights have a row for {y!r}, which is not a token of "
                    f"the machine's tableau vocabulary"
                )
            for c in row:
                for v in c.value:
                    if v not in ids:
                        raise VerificationError(
                            f"coordinate {c} names {v!r}, which is not a token of "
                            "the machine's tableau vocabulary"
                        )
        # the common denominator over the distinct denominators (fitted
        # float weights have few: powers of two), each weight's factor once
        denominators = {w.denominator for row in weights.rows.values()
                        for w in row.values()}
        denom = math.lcm(*denominators) if denominators else 1
        self.denominator = denom
        factor = {q: denom // q for q in denominators}
        table: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
        for c, col in weights.by_coord.items():
            key = (c.slot, *(ids[v] for v in c.value))
            table[key] = [
                (ids[y], w.numerator * factor[w.denominator]) for y, w in col.items()
            ]
        self._table = table

    def _from_floats(self, kind: str, columns: np.ndarray, floats: np.ndarray) -> None:
        """The same numerators and denominator as from the rows, from the
        float arrays (:func:`arcot.construct.dyadic`): the denominator is
        ``2**K`` for the largest ``K`` of a weight's ``2**-exponent``, and
        each numerator ``mantissa * 2**(exponent + K)``."""
        from arcot.construct import dyadic

        j, y = np.nonzero(floats)
        # a key's tokens in the rows' order (each token where it first has a
        # weight), as by_coord lists them: the same tables as from the rows
        tokens, first = np.unique(y, return_index=True)
        rank = np.zeros(self.size, np.int64)
        rank[tokens[np.argsort(first)]] = np.arange(len(tokens))
        order = np.lexsort((rank[y], j))
        j, y = j[order], y[order]
        mantissa, exponent = dyadic(floats[j, y])
        top = int(max(0, -int(exponent.min()))) if len(exponent) else 0
        self.denominator = 1 << top
        shift = exponent + top  # >= 0
        col = columns[j]
        v = self.size
        bounds = ((0, v), (v, v + v * v), (v + v * v, v + 2 * v * v)) \
            if self.pairwise else ((0, v), (v, 2 * v), (2 * v, 3 * v))
        slots = KIND_SLOTS["pairwise" if self.pairwise else "additive"]
        out: dict[str, tuple[np.ndarray, ...]] = {}
        for slot, (lo, hi) in zip(slots, bounds, strict=True):
            sel = (col >= lo) & (col < hi)  # columns ascend: keys ascend too
            keys = col[sel] - lo
            offsets = np.zeros(v ** len(SLOT_CELLS[slot]) + 1, np.int64)
            np.cumsum(np.bincount(keys, minlength=len(offsets) - 1), out=offsets[1:])
            out[slot] = (offsets, np.ascontiguousarray(y[sel], dtype=np.int64),
                         np.ascontiguousarray(mantissa[sel]),
                         np.ascontiguousarray(shift[sel]))
        self._dyadic = out
        largest = 0
        if len(mantissa):  # the largest |numerator|, among those of most bits
            size = np.frexp(np.abs(mantissa).astype(np.float64))[1] + shift
            top_bits = np.flatnonzero(size == size.max())
            largest = max(abs(int(mantissa[i])) << int(shift[i]) for i in top_bits)
        self._largest = largest

    @property
    def table(self) -> dict[tuple[Any, ...], list[tuple[int, int]]]:
        """Key ``(slot, token id...)`` -> ``[(token id, numerator)]``."""
        if self._table is None:
            assert self._dyadic is not None
            table: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
            for slot, (offsets, ys, mantissa, shift) in self._dyadic.items():
                pair = len(SLOT_CELLS[slot]) == 2
                starts = offsets[:-1].tolist()
                ends = offsets[1:].tolist()
                ys_, ms, ss = ys.tolist(), mantissa.tolist(), shift.tolist()
                for key in np.flatnonzero(np.diff(offsets)).tolist():
                    name = (slot, *divmod(key, self.size)) if pair else (slot, key)
                    table[name] = [(ys_[i], ms[i] << ss[i])
                                   for i in range(starts[key], ends[key])]
            self._table = table
        return self._table

    def margin(
        self, left: int, middle: int, right: int, expected: int
    ) -> tuple[int, int]:
        """(margin * denominator, the best other token's id)."""
        if self.pairwise:
            keys: tuple[tuple[Any, ...], ...] = (
                ("M", middle), ("LM", left, middle), ("MR", middle, right)
            )
        else:
            keys = (("L", left), ("M", middle), ("R", right))
        scores: dict[int, int] = {}
        for key in keys:
            for y, w in self.table.get(key, ()):
                scores[y] = scores.get(y, 0) + w
        best_other: int | None = None
        best_y = -1
        for y, s in scores.items():
            if y != expected and (
                best_other is None or s > best_other or (s == best_other and y < best_y)
            ):
                best_other, best_y = s, y
        untouched = self.size - len(scores) - (expected not in scores)
        if untouched > 0 and (best_other is None or best_other <= 0):
            y0 = next(y for y in range(self.size) if y != expected and y not in scores)
            if best_other is None or best_other < 0 or y0 < best_y:
                best_other, best_y = 0, y0
        assert best_other is not None  # a vocabulary has at least 2 tokens
        return scores.get(expected, 0) - best_other, best_y

    def python_margins(
        self, windows: np.ndarray, expected: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`margin` window by window (rows of ``windows``), as object
        arrays of Python ints: the reference of :meth:`margins`."""
        pairs = [self.margin(a, b, c, e) for (a, b, c), e in
                 zip(windows.tolist(), expected.tolist(), strict=True)]
        out = np.array(pairs, dtype=object).reshape(len(pairs), 2)
        return out[:, 0], out[:, 1]

    def margins(
        self, windows: np.ndarray, expected: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """:meth:`margin` of every window (rows of ``windows``, int64 ``[k, 3]``)
        at once: ``(margins, best others)``, by a numba kernel: int64 arrays
        when no score can leave int64; past it, numerators below
        :data:`WIDE_BITS` bits are summed in two int64 limbs each and the
        margins come as an object array of Python ints; ``None`` beyond
        (then :meth:`python_margins` sums in Python ints)."""
        k = len(windows)
        windows = np.ascontiguousarray(windows, dtype=np.int64)
        expected = np.ascontiguousarray(expected, dtype=np.int64)
        best = np.empty(k, np.int64)
        tables = self.kernel_tables()
        if tables is not None:
            from arcot.verify._kernels import _margins

            margin = np.empty(k, np.int64)
            _margins(windows, expected, *tables, self.size, margin, best)
            return margin, best
        wide = self.wide_tables()
        if wide is None:
            return None
        from arcot.verify._kernels import LIMB, _wide_margins

        hi, lo = np.empty(k, np.int64), np.empty(k, np.int64)
        _wide_margins(windows, expected, *wide, self.size, hi, lo, best)
        margin = hi.astype(object) * (1 << LIMB) + lo.astype(object)
        return margin, best

    def wide_tables(self) -> tuple[np.ndarray, ...] | None:
        """:meth:`kernel_tables` with each numerator as two int64 limbs
        (``ws`` split into ``his`` and ``los``); ``None`` when a numerator
        has :data:`WIDE_BITS` bits or more."""
        from arcot.verify._kernels import LIMB

        if self.largest().bit_length() >= WIDE_BITS:
            return None
        slots = KIND_SLOTS["pairwise" if self.pairwise else "additive"]
        out: list[np.ndarray] = [
            np.array([SLOT_CELLS[s][0] for s in slots], np.int64),
            np.array([(SLOT_CELLS[s] + (-1,))[1] for s in slots], np.int64),
        ]
        for slot in slots:
            if self._dyadic is not None:
                offsets, ys, mantissa, shift = self._dyadic[slot]
                out += [offsets, ys, *_limbs(mantissa, shift)]
                continue
            offsets, ys, ws = _slot_arrays(self.table, slot, self.size)
            out += [offsets, ys, (ws >> LIMB).astype(np.int64),
                    (ws & ((1 << LIMB) - 1)).astype(np.int64)]
        return tuple(out)

    def largest(self) -> int:
        """The largest numerator's absolute value (0 without weights)."""
        if self._largest is None:
            self._largest = max((abs(w) for col in self.table.values()
                                 for _, w in col), default=0)
        return self._largest

    def kernel_tables(self) -> tuple[np.ndarray, ...] | None:
        """The weights as the kernels read them: each slot's window cells
        (``first``, ``second``, -1 for one-cell keys), then each slot's CSR
        arrays; ``None`` when a score could leave int64."""
        slots = KIND_SLOTS["pairwise" if self.pairwise else "additive"]
        if 6 * self.largest() >= 1 << 63:  # |score| <= 3 largest, |margin| <= 6
            return None
        csr: list[np.ndarray] = []
        for slot in slots:
            if self._dyadic is not None:
                offsets, ys, mantissa, shift = self._dyadic[slot]
                csr += [offsets, ys, mantissa << shift]  # below 2**61: exact
                continue
            offsets, ys, ws = _slot_arrays(self.table, slot, self.size)
            csr += [offsets, ys, ws.astype(np.int64)]
        return (np.array([SLOT_CELLS[s][0] for s in slots], np.int64),
                np.array([(SLOT_CELLS[s] + (-1,))[1] for s in slots], np.int64),
                *csr)

    def argmax(self, left: int, middle: int, right: int) -> int:
        """The predicted token: the highest score, the lowest id among equals
        (a token without weights on the window scores 0)."""
        margin, best_other = self.margin(left, middle, right, 0)
        return 0 if margin >= 0 else best_other


#: :meth:`_Decider.margins` sums numerators of fewer bits in two int64 limbs
#: (each limb sum of three weights, and a margin's, stays in int64).
WIDE_BITS = 91


def _limbs(mantissa: np.ndarray, shift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``mantissa << shift`` (each below ``2**WIDE_BITS``) as the two limbs
    ``hi = n >> LIMB`` and ``lo = n & (2**LIMB - 1)``, in int64 throughout:
    below ``LIMB`` bits of shift, ``hi`` is the mantissa shifted right (a
    floor, as Python's ``>>``) and ``lo`` its low ``LIMB - shift`` bits
    moved up; from ``LIMB`` on, ``lo`` is 0."""
    from arcot.verify._kernels import LIMB

    low = shift < LIMB
    down = np.where(low, LIMB - shift, 0)  # 1 .. LIMB where used
    up = np.where(low, 0, shift - LIMB)
    hi = np.where(low, mantissa >> down, mantissa << up)
    lo = np.where(low, (mantissa & ((np.int64(1) << down) - 1))
                  << np.where(low, shift, 0), 0)
    return hi.astype(np.int64), lo.astype(np.int64)


def _slot_arrays(
    table: dict[tuple[Any, ...], list[tuple[int, int]]], slot: str, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One slot's weights as CSR arrays: offsets by key (``size`` or
    ``size^2`` keys), token ids, and the numerators as an object array
    (Python ints), a key's weights in their order."""
    keys: list[int] = []
    ys: list[int] = []
    ws: list[int] = []
    for key, col in table.items():
        if key[0] == slot:
            k = key[1] if len(key) == 2 else key[1] * size + key[2]
            keys += [k] * len(col)
            ys += [y for y, _ in col]
            ws += [w for _, w in col]
    n_keys = size ** len(SLOT_CELLS[slot])
    by_key = np.array(keys, np.int64)
    order = np.argsort(by_key, kind="stable")
    offsets = np.zeros(n_keys + 1, np.int64)
    np.cumsum(np.bincount(by_key, minlength=n_keys), out=offsets[1:])
    numerators = np.empty(len(ws), dtype=object)
    numerators[:] = ws
    return offsets, np.array(ys, np.int64)[order], numerators[order]


def scope_windows(
    machine: TuringMachine | Tableau,
    scope: str | Scope = "windows",
    *,
    max_steps: int = 10_000,
) -> list[tuple[int, int, int]]:
    """The windows a scope covers, as sorted token-id triples.

    ``windows``: :func:`checked_windows`. ``inputs:N``: every distinct
    window of the own tableaux of all inputs of length <= N over the
    machine's input alphabet (:func:`tableau_windows`); a predictor right
    on each of them rolls out every one of those tableaux. ``sample:K`` has
    no fixed window set.

    >>> from arcot.zoo import get
    >>> len(scope_windows(get("bb2"), "inputs:0"))
    26
    """
    sc = Scope.parse(scope)
    tableau = as_tableau(machine)
    if sc.kind == "windows":
        return list(checked_windows(tableau.vocabulary))
    if sc.kind == "sample":
        raise VerificationError("a sample:K scope has no fixed set of windows")
    seen: set[tuple[int, int, int]] = set()
    for word in _words(tableau.machine, sc.size or 0):
        own_tableau_windows(tableau, word, max_steps, seen)
    return sorted(seen)


def tableau_windows(
    machine: TuringMachine | Tableau,
    word: Sequence[Hashable],
    *,
    max_steps: int = 10_000,
) -> set[tuple[int, int, int]]:
    """The distinct windows of ``word``'s own tableau, as token-id triples.

    The own tableau is :func:`~arcot.cot.encode_tableau`'s default: the
    least window covering the run, one row per step. Row ``r``'s token at
    cell ``j`` is predicted from row ``r - 1``'s cells ``j - 1, j, j + 1``
    (``#`` past either end), row ``r``'s ``#`` from row ``r - 2``'s last
    cell (``#`` for ``r = 1``), ``#`` and row ``r - 1``'s first cell. Rows
    differ only around the head, so the cost is the row width plus a
    constant per step, not the tableau's size. Raises
    :class:`~arcot.errors.StepLimitExceeded` if the run does not stop
    within ``max_steps``.

    >>> from arcot.cot import encode_tableau
    >>> from arcot.zoo import get
    >>> m = get("bb2")
    >>> t = encode_tableau(m)
    >>> s = [int(x) for x in t.tokens]
    >>> w = t.width
    >>> full = {(s[p - w - 2] if p >= w + 2 else 0, s[p - w - 1], s[p - w])
    ...         for p in range(w + 1, len(s))}
    >>> tableau_windows(m, ()) == full
    True
    """
    seen: set[tuple[int, int, int]] = set()
    own_tableau_windows(as_tableau(machine), word, max_steps, seen)
    return seen


def own_tableau_windows(
    tableau: Tableau,
    word: Sequence[Hashable],
    max_steps: int,
    seen: set[tuple[int, int, int]],
) -> None:
    """Add the windows of ``word``'s own tableau to ``seen``
    (:func:`tableau_windows`)."""
    machine, vocab, rule = tableau.machine, tableau.vocabulary, tableau.rule
    delim, symbols = tableau.delimiter, machine.n_symbols  # heads: ids > symbols
    word = machine.check_word(word)
    window, steps = tableau_window(machine, [word], max_steps=max_steps)
    row: list[Hashable] = [DELIMITER]
    for cell in window.cells:
        sym = word[cell] if 0 <= cell < len(word) else machine.blank
        row.append(HeadCell(machine.start, sym) if cell == 0 else sym)
    ids = [vocab.id(t) for t in row]
    width = window.width
    last, near = delim, range(1, width + 1)
    head = next((j for j in near if ids[j] > symbols), None)
    for _ in range(steps):
        seen.add((last, delim, ids[1]))
        for j in near:
            seen.add((ids[j - 1], ids[j], ids[j + 1] if j < width else delim))
        last = ids[width]
        if head is None:  # nothing moves: every later window is already seen
            break
        cells = range(max(1, head - 1), min(width, head + 1) + 1)
        ids[cells.start : cells.stop] = [
            rule(ids[j - 1], ids[j], ids[j + 1] if j < width else delim)
            for j in cells
        ]
        near = range(max(1, head - 2), min(width, head + 2) + 1)
        head = next((j for j in cells if ids[j] > symbols), None)


def window_decisions(
    predictor: object,
    machine: TuringMachine | Tableau,
    *,
    scope: str | Scope = "windows",
    max_steps: int = 10_000,
) -> list[WindowDecision]:
    """Every window of a scope with its expected token and margin, in order.

    The order of :func:`scope_windows`; the certificate's hints.

    >>> from arcot.construct import additive_tableau_weights
    >>> from arcot.zoo import get
    >>> d = window_decisions(additive_tableau_weights(get("bb2")), get("bb2"))
    >>> d[0]
    WindowDecision(left='#', middle='#', right='#', expected='#', margin=Fraction(5, 1))
    """
    tableau = as_tableau(machine)
    windows = scope_windows(tableau, scope, max_steps=max_steps)
    return decide_windows(predictor, tableau, windows)


def decide_windows(
    predictor: object,
    machine: TuringMachine | Tableau,
    windows: Iterable[tuple[int, int, int]],
) -> list[WindowDecision]:
    """The expected token and margin of each window (token-id triples)."""
    weights = as_weights(predictor)
    tableau = as_tableau(machine)
    names = tableau.vocabulary.names
    decide = _Decider(weights, tableau.vocabulary)
    arr = np.array(list(windows), dtype=np.int64).reshape(-1, 3)
    expected, margins, _ = decide_all(decide, tableau, arr)
    d = decide.denominator
    return [
        WindowDecision(names[a], names[b], names[c], names[e], Fraction(m, d))
        for (a, b, c), e, m in zip(arr.tolist(), expected, margins, strict=True)
    ]


#: From this many windows on, margins are summed by the numba kernel (below
#: it, loading the kernel costs more than the Python loop).
KERNEL_WINDOWS = 20_000


def decide_all(
    decide: _Decider, tableau: Tableau, windows: np.ndarray
) -> tuple[list[int], list[int], list[int]]:
    """:func:`decide_arrays` as lists of Python ints."""
    expected, margins, others = decide_arrays(decide, tableau, windows)
    return expected.tolist(), margins.tolist(), others.tolist()


def decide_arrays(
    decide: _Decider, tableau: Tableau, windows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The local rule's token, the margin (times the common denominator) and
    the best other token of every window (rows of ``windows``, int64
    ``[k, 3]``), as arrays: int64, or of Python ints where a margin could
    leave int64."""
    expected = tableau.rules(windows[:, 0], windows[:, 1], windows[:, 2])
    bulk = (decide.margins(windows, expected) if len(windows) >= KERNEL_WINDOWS
            else None)
    if bulk is None:
        bulk = decide.python_margins(windows, expected)
    return expected, bulk[0], bulk[1]
