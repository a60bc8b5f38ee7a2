"""The exact minimum CoT length by SAT, with a checkable proof of the lower bound.

:func:`minimum_length_sat` answers the question :func:`minimum_length`
answers -- the fewest linear threshold tokens, token ``t`` a threshold gate
over the ``n`` input bits and the tokens before it, whose last token equals
``f`` on all ``2^n`` inputs -- exactly in both directions:

- *upper bound*: the SAT solver's model decodes to a circuit
  (:meth:`ChainEncoding.decode`) that is checked in integers on every input
  by :func:`arcot.circuit.check_function`;
- *lower bound*: the formula :func:`chain_cnf` writes for length ``L - 1``
  is unsatisfiable, and the solver's DRUP proof of that is kept
  (:class:`UnsatCertificate`, DIMACS text and proof text) for an
  independent checker, :mod:`arcot.verify.drup` (standard library only).
  Untrusted solver, trusted checker: the claim "no CoT of length ``L - 1``"
  rests on the checker and on the encoding below, nothing else.

One length suffices: a CoT of length ``T < L - 1`` pads to one of length
``L - 1`` (insert constant-0 tokens before the last), so "none of length
``L - 1``" is "none of length ``<= L - 1``".

The encoding (:func:`chain_cnf`)
--------------------------------
Variables, for a CoT of ``L`` tokens on ``n`` inputs:

- token ``t`` has ``n + t`` integer weights and a bias ``c_t`` (the gate
  fires iff ``sum w x + sum u g + c_t >= 0``, i.e. threshold ``-c_t``), each
  a two's-complement word of ``k_t = bit_length(K) + 1`` bits, ``K =
  threshold_weight_bound(n + t)``, so each ranges over
  ``[-2^(k_t-1), 2^(k_t-1) - 1]``, which contains ``[-K, K]``;
- token ``t < L - 1`` has a value ``g_t(x)`` on each input ``x``: the
  complement of the sign bit of its activation word;
- adder bits, each defined by Tseitin clauses (AND, XOR, full adder) of
  the bits it is computed from.

Clauses, for each token ``t`` and input ``x``: the activation
``A_t(x) = c_t + sum_{i : x_i = 1} w_{t,i} + sum_{s < t} (u_{t,s} AND g_s(x))``
is summed by ripple-carry adders whose width is that of the exact interval
of the sum (interval arithmetic over the terms' ranges), so the word is
the exact value, never a wrapped one. ``g_t(x)`` is ``A_t(x) >= 0``; for the
last token a unit clause sets the sign bit to ``1 - f(x)``. The input part
``c_t + sum w_{t,i} x_i`` is shared between inputs with a common prefix
(one adder per input whose last set bit is ``i``).

**Claim: if a CoT of ``L`` tokens computes ``f``, the CNF is satisfiable.**
So an UNSAT proof shows no CoT of length ``L`` exists. Take the CoT and
make it, step by step, one the symmetry-breaking clauses allow (every step
keeps a CoT of ``L`` threshold tokens computing ``f``):

0. *Irrelevant inputs* (``f`` does not depend on ``x_i``): substitute
   ``x_i = 0`` in every gate, i.e. give ``x_i`` weight 0 everywhere. On an
   input with ``x_i = 1`` the new circuit answers what the old one answered
   with ``x_i = 0``, which is ``f`` of that input, which is ``f(x)``.
1. *Flips* (:func:`input_symmetries`: ``f`` with ``x_i`` complemented is
   ``f`` or ``1 - f``): token 0 is a threshold function of ``x``, so it
   is monotone in each input; complement each flippable input in which it
   is decreasing (every gate reads ``1 - x_i``, still a threshold gate) and,
   if that complemented ``f``, complement the last token.
2. *Complements*: complement every intermediate token ``t >= 1`` with
   ``g_t(0^n) = 1`` (later tokens read ``1 - g_t``: still threshold gates),
   and token 0 too when no input is flippable. When every relevant input is
   flippable, token 0 is now non-decreasing in all of them (and ignores the
   others), so ``g_0(0^n) = 1`` makes it the constant 1: replace it by the
   constant 0 (later tokens absorb the change into their thresholds).
3. *Bounded weights*: realise each token with integer weights of absolute
   value at most ``K`` over the points ``(x, g_<t(x))`` it sees
   (:func:`~arcot.length.bounds.threshold_weight_bound`), weight 0 on the
   irrelevant inputs (realise it as a function of the other coordinates,
   ``K`` only grows with ``m``), and for token 0 weight ``>= 0`` on the
   flippable inputs: the bound's proof (Cramer's rule at a vertex of the
   polyhedron of margin-1 realisations) holds unchanged when the polyhedron
   also has the rows ``w_i >= 0``, which are 0/1 rows like the others.
4. *Permutations*: inputs ``i, j`` with ``f`` invariant under swapping
   them (an equivalence: ``(i k) = (i j)(j k)(i j)``; each class is all
   flippable or none, and never mixes relevant and irrelevant inputs)
   can be permuted within their class: for such a permutation ``p``, the
   CoT whose every token gives ``x_i`` the weight it gave ``x_{p(i)}``
   (token weights and biases unchanged) has tokens ``g'_t(x) =
   g_t(x o p)`` by induction on ``t``, so its last token computes
   ``f(x o p) = f(x)``. Call input ``i``'s *column* its weights
   ``(w_{0,i}, ..., w_{L-1,i})``, every token's, the last one's too;
   permute each class so that its columns are in lexicographically
   non-increasing order (a sort). This keeps steps 0-3: ``0^n`` is fixed
   by ``p``, so every ``g_t(0^n)`` is; each weight is moved, not changed,
   so the bounds hold; and within a class every input is flippable or
   none, relevant, so token 0's weights there are all ``>= 0`` when it
   has that clause.

Then the clauses are satisfied by the weights' bits, the tokens' values and
the adders' true values: every weight lies in its word's range, every
activation word is exact, and the breaking clauses are

- ``g_t(0^n) = 0`` for ``1 <= t < L - 1``, and for ``t = 0 < L - 1`` when
  every relevant input or none is flippable (step 2);
- weight 0 on every irrelevant input, in every token (step 0);
- for token 0 when ``L >= 2``: weight ``>= 0`` on each flippable input
  (step 1);
- for consecutive ``i < j`` in a class and each token ``t``: if
  ``w_{s,i} = w_{s,j}`` for every ``s < t``, then ``w_{t,i} >= w_{t,j}``
  (step 4: column ``i`` is lexicographically at least column ``j``).

Tests (tests/unit/test_sat_minimum.py) check the claim where it can be
checked by brute force: every function of 3 bits and random ones of 4 get
the same minimum with and without the breaking clauses and from the MILP,
and for random weights the CNF with those weights fixed is satisfiable
exactly when the circuit they make computes ``f``.

Why adders over binary words, not pysat.pb or an order encoding: the
weights are variables, so an activation is a sum of *variable* words;
PB encoders take constant coefficients (the bits' powers of two would do,
but then no sum is shared between inputs), and an order (unary) encoding
of weights up to ``K(9) = 521`` would be large. The adders here are the
few clauses below, each a definition a reader can check, and
property-tested on every small word.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from arcot.circuit import Gate, ThresholdCircuit, check_function, function_circuit
from arcot.errors import ArcotError, LengthError, SearchLimitExceeded
from arcot.length.bounds import function_table, threshold_weight_bound
from arcot.length.checks import check_int

__all__ = [
    "MAX_SAT_N",
    "QUICK_CONFLICTS",
    "QUICK_WIDTH",
    "SOLVERS",
    "ChainEncoding",
    "InputSymmetries",
    "LengthVerdict",
    "SatMinimum",
    "UnsatCertificate",
    "chain_cnf",
    "input_symmetries",
    "minimum_length_sat",
    "search_lengths",
]

#: The largest input length :func:`minimum_length_sat` accepts.
MAX_SAT_N = 10

#: python-sat solvers that write DRUP proofs, in order of preference.
SOLVERS = ("cadical153", "cadical195", "glucose4", "lingeling")

TRUE = 1  # variable 1 is the constant true (a unit clause says so)


@dataclass(frozen=True, slots=True)
class _Word:
    """A two's-complement integer: ``bits`` least significant first, the
    last one the sign; its value lies in ``[lo, hi]``."""

    bits: tuple[int, ...]
    lo: int
    hi: int


def _width(lo: int, hi: int) -> int:
    """The fewest two's-complement bits that hold every integer of ``[lo, hi]``."""
    k = 1
    while not (-(1 << (k - 1)) <= lo and hi <= (1 << (k - 1)) - 1):
        k += 1
    return k


class _Builder:
    """Clauses and fresh variables; each gate is a Tseitin definition, with
    the constants ``TRUE`` / ``-TRUE`` folded away (no clause for them)."""

    def __init__(self) -> None:
        self.n_vars = 1
        self.clauses: list[tuple[int, ...]] = [(TRUE,)]

    def var(self) -> int:
        self.n_vars += 1
        return self.n_vars

    def word(self, k: int) -> _Word:
        """A free ``k``-bit word: every value of its range."""
        return _Word(tuple(self.var() for _ in range(k)), -(1 << (k - 1)),
                     (1 << (k - 1)) - 1)

    def and_(self, a: int, b: int) -> int:
        if a == -TRUE or b == -TRUE or a == -b:
            return -TRUE
        if a in (TRUE, b):
            return b
        if b == TRUE:
            return a
        v = self.var()  # v <-> a & b
        self.clauses += [(-v, a), (-v, b), (v, -a, -b)]
        return v

    def xor(self, a: int, b: int) -> int:
        if a in (TRUE, -TRUE):
            return -b if a == TRUE else b
        if b in (TRUE, -TRUE):
            return -a if b == TRUE else a
        if a == b:
            return -TRUE
        if a == -b:
            return TRUE
        v = self.var()  # v <-> a ^ b
        self.clauses += [(-v, a, b), (-v, -a, -b), (v, -a, b), (v, a, -b)]
        return v

    def full_adder(self, a: int, b: int, c: int) -> tuple[int, int]:
        """``(a ^ b ^ c, majority(a, b, c))``: the sum bit and the carry."""
        free = [x for x in (a, b, c) if x not in (TRUE, -TRUE)]
        ones = [a, b, c].count(TRUE)
        if not free:
            return (TRUE if ones % 2 else -TRUE), (TRUE if ones >= 2 else -TRUE)
        if len(free) == 1:  # x + ones, ones in 0..2
            x = free[0]
            return (-x if ones == 1 else x), (-TRUE, x, TRUE)[ones]
        if len(free) == 2:  # x + y + ones, ones in 0..1
            x, y = free
            if ones:
                return -self.xor(x, y), self._or(x, y)
            return self.xor(x, y), self.and_(x, y)
        s = self.var()  # s <-> a ^ b ^ c
        self.clauses += [
            (-s, a, b, c), (-s, a, -b, -c), (-s, -a, b, -c), (-s, -a, -b, c),
            (s, -a, -b, -c), (s, -a, b, c), (s, a, -b, c), (s, a, b, -c),
        ]
        m = self.var()  # m <-> at least two of a, b, c
        self.clauses += [
            (-m, a, b), (-m, a, c), (-m, b, c),
            (m, -a, -b), (m, -a, -c), (m, -b, -c),
        ]
        return s, m

    def _or(self, a: int, b: int) -> int:
        return -self.and_(-a, -b)

    def add(self, a: _Word, b: _Word, carry: int = -TRUE) -> _Word:
        """``a + b (+ 1 if carry is TRUE)`` exactly: a ripple-carry adder as
        wide as the sum's interval needs; the inputs sign-extended (or
        truncated: the sum modulo ``2^k`` depends on them modulo ``2^k``)."""
        plus = 1 if carry == TRUE else 0
        lo, hi = a.lo + b.lo + plus, a.hi + b.hi + plus
        if b.bits == (-TRUE,) and b.lo == b.hi == 0 and not plus:
            return a
        k = _width(lo, hi)
        out = []
        for j in range(k):
            x = a.bits[min(j, len(a.bits) - 1)]
            y = b.bits[min(j, len(b.bits) - 1)]
            s, carry = self.full_adder(x, y, carry)
            out.append(s)
        return _Word(tuple(out), lo, hi)

    def gated(self, w: _Word, g: int) -> _Word:
        """``w`` if ``g`` else 0."""
        return _Word(tuple(self.and_(bit, g) for bit in w.bits),
                     min(w.lo, 0), max(w.hi, 0))

    def at_least(self, a: _Word, b: _Word) -> int:
        """A literal true iff ``a >= b``: the sign of ``a + ~b + 1``."""
        not_b = _Word(tuple(-x for x in b.bits), -b.hi - 1, -b.lo - 1)
        return -self.add(a, not_b, TRUE).bits[-1]


ZERO = _Word((-TRUE,), 0, 0)


@dataclass(frozen=True, slots=True)
class InputSymmetries:
    """What the symmetry-breaking clauses may assume of ``f`` (module docstring).

    ``irrelevant``: inputs ``f`` does not depend on. ``flippable``: relevant
    inputs whose complement turns ``f`` into ``f`` or ``1 - f``.
    ``classes``: the classes (two or more relevant inputs) of inputs any
    two of which ``f`` is invariant under swapping.
    """

    irrelevant: tuple[int, ...]
    flippable: tuple[int, ...]
    classes: tuple[tuple[int, ...], ...]


def input_symmetries(table: Sequence[int] | np.ndarray, n: int) -> InputSymmetries:
    """The symmetries of ``f`` (a truth table, :func:`arcot.circuit.all_bit_inputs`
    order) that :func:`chain_cnf` breaks.

    >>> from arcot.circuit import truth_table
    >>> input_symmetries(truth_table(lambda x: (x[0] + x[1] + x[3]) % 2, 4), 4)
    InputSymmetries(irrelevant=(2,), flippable=(0, 1, 3), classes=((0, 1, 3),))
    >>> input_symmetries(truth_table(lambda x: x[0] and not x[1], 2), 2)
    InputSymmetries(irrelevant=(), flippable=(), classes=())
    """
    f = np.asarray(table, dtype=np.int64)
    rows = np.arange(1 << n)

    def bit(i: int) -> int:
        return 1 << (n - 1 - i)  # x0 is the most significant bit of a row

    irrelevant, flippable = [], []
    for i in range(n):
        flipped = f[rows ^ bit(i)]
        if (flipped == f).all():
            irrelevant.append(i)
        elif (flipped == 1 - f).all():
            flippable.append(i)
    relevant = [i for i in range(n) if i not in irrelevant]
    parent = {i: i for i in relevant}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(relevant, 2):
        bi, bj = (rows & bit(i)) > 0, (rows & bit(j)) > 0
        swapped = rows ^ np.where(bi != bj, bit(i) | bit(j), 0)
        if (f[swapped] == f).all():
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in relevant:
        groups.setdefault(root(i), []).append(i)
    classes = tuple(tuple(g) for g in groups.values() if len(g) > 1)
    return InputSymmetries(tuple(irrelevant), tuple(flippable), classes)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ChainEncoding:
    """The CNF "a CoT of ``length`` threshold tokens computes ``f`` on all
    ``2^n`` inputs" (module docstring), and how to read a model.

    ``weights[t]`` lists token ``t``'s words as variable tuples (least
    significant bit first, two's complement): the ``n`` input weights, then
    one per earlier token, then the bias (the threshold is minus the bias).
    ``bounds[t]`` is ``threshold_weight_bound(n + t)``, ``widths[t]`` the
    word width ``k_t`` (less when ``capped``: see :func:`chain_cnf`).
    ``outputs[r]`` is the sign bit of the last token's activation on input
    ``r`` (true iff it is negative: the CoT answers 0), which a unit clause
    sets to ``1 - f``.
    """

    n: int
    length: int
    table: tuple[int, ...]
    symmetry: InputSymmetries | None
    bounds: tuple[int, ...]
    widths: tuple[int, ...]
    capped: bool
    weights: tuple[tuple[tuple[int, ...], ...], ...]
    outputs: tuple[int, ...]
    n_vars: int
    clauses: tuple[tuple[int, ...], ...] = field(repr=False)

    def dimacs(self) -> str:
        """The CNF as DIMACS text, with comment lines saying what it encodes."""
        hex_table = _hex(self.table)
        sym = self.symmetry
        lines = [
            f"c arcot chain CNF: a CoT of {self.length} linear threshold tokens "
            f"computes f on all 2^{self.n} inputs",
            f"c n {self.n} length {self.length} table {hex_table}",
            f"c weight bounds {' '.join(map(str, self.bounds))} "
            f"widths {' '.join(map(str, self.widths))}"
            + (" (capped: unsatisfiable proves nothing)" if self.capped else ""),
            "c symmetry " + ("none" if sym is None else (
                f"irrelevant {list(sym.irrelevant)} flippable {list(sym.flippable)} "
                f"classes {[list(c) for c in sym.classes]}")),
            f"p cnf {self.n_vars} {len(self.clauses)}",
        ]
        body = "\n".join(" ".join(map(str, c)) + " 0" for c in self.clauses)
        return "\n".join(lines) + "\n" + body + "\n"

    def decode(self, model: Sequence[int]) -> ThresholdCircuit:
        """The circuit a satisfying assignment describes (``model`` as pysat
        gives it: the literals true in it)."""
        true = {lit for lit in model if lit > 0}
        gates = []
        for t, words in enumerate(self.weights):
            values = [_value(w, true) for w in words]
            names = [f"x{i}" for i in range(self.n)] + [f"t{s}" for s in range(t)]
            pairs = tuple((s, v) for s, v in zip(names, values[:-1], strict=True) if v)
            gates.append(Gate(name=f"t{t}", weights=pairs, threshold=-values[-1]))
        return ThresholdCircuit(n_inputs=self.n, gates=gates,
                                name=f"minimal-{self.n}")


def _value(bits: Sequence[int], true: set[int]) -> int:
    v = sum(1 << j for j, b in enumerate(bits[:-1]) if b in true)
    return v - (1 << (len(bits) - 1)) if bits[-1] in true else v


def _hex(table: Sequence[int]) -> str:
    """The table as hex, first input first, four inputs a digit (padded)."""
    bits = "".join(map(str, table))
    bits += "0" * (-len(bits) % 4)
    return "".join(f"{int(bits[i:i + 4], 2):x}" for i in range(0, len(bits), 4))


def chain_cnf(
    table: Sequence[int] | np.ndarray, n: int, length: int, *, symmetry: bool = True,
    max_width: int | None = None,
) -> ChainEncoding:
    """The CNF that is satisfiable if a CoT of ``length`` tokens computes ``f``.

    ``table`` is ``f`` on all ``2^n`` inputs (:func:`arcot.circuit.all_bit_inputs`
    order). The module docstring documents every variable and clause and
    proves the claim; ``symmetry=False`` leaves out the symmetry-breaking
    clauses (the claim then needs no argument beyond the weight bound).
    ``max_width`` caps the weight words (the search for small witnesses):
    a model is still a CoT, but the claim no longer holds, so such a CNF
    proves nothing when unsatisfiable (its header says so).

    >>> enc = chain_cnf([0, 1, 1, 0], 2, 1)     # XOR is no threshold gate
    >>> print(enc.dimacs()[:enc.dimacs().index("p cnf")].strip())
    c arcot chain CNF: a CoT of 1 linear threshold tokens computes f on all 2^2 inputs
    c n 2 length 1 table 6
    c weight bounds 2 widths 3
    c symmetry irrelevant [] flippable [0, 1] classes [[0, 1]]
    >>> enc.n_vars, len(enc.clauses)
    (44, 216)
    """
    n = check_int("n", n, 1)
    length = check_int("length", length, 1)
    f = [int(v) for v in table]
    if len(f) != 1 << n or any(v not in (0, 1) for v in f):
        raise LengthError(f"a truth table for n={n} must be {1 << n} bits 0/1")
    sym = input_symmetries(f, n) if symmetry else None
    cnf = _Builder()
    bounds = tuple(threshold_weight_bound(n + t) for t in range(length))
    widths = tuple(k.bit_length() + 1 for k in bounds)
    if max_width is not None:
        widths = tuple(min(k, check_int("max_width", max_width, 2)) for k in widths)
    weights: list[tuple[tuple[int, ...], ...]] = []
    columns: list[list[_Word]] = []  # columns[t][i]: token t's weight on x_i
    values: list[list[int]] = []  # values[t][r]: the literal of g_t(x_r)
    outputs: tuple[int, ...] = ()
    for t in range(length):
        k = widths[t]
        w_in = [cnf.word(k) for _ in range(n)]
        w_tok = [cnf.word(k) for _ in range(t)]
        bias = cnf.word(k)
        weights.append(tuple(w.bits for w in [*w_in, *w_tok, bias]))
        columns.append(w_in)
        # The input part c_t + sum w_i x_i, shared along a prefix trie: the
        # sum for a row is its parent's (the row without its last set bit)
        # plus that bit's weight.
        part: list[_Word] = [bias] * (1 << n)
        for r in range(1, 1 << n):
            last = n - 1 - ((r & -r).bit_length() - 1)  # the last input set
            part[r] = cnf.add(part[r & (r - 1)], w_in[last])
        signs = []
        for r in range(1 << n):
            act = part[r]
            for s in range(t):
                act = cnf.add(act, cnf.gated(w_tok[s], values[s][r]))
            signs.append(act.bits[-1])  # 1 iff the activation is negative
        if t < length - 1:
            values.append([-s for s in signs])
        else:
            outputs = tuple(signs)
            cnf.clauses += [(-s,) if f[r] else (s,) for r, s in enumerate(signs)]
        if sym is not None:
            _break_symmetry(cnf, sym, t, length, w_in, values)
    if sym is not None:
        _sort_columns(cnf, sym, columns)
    return ChainEncoding(
        n=n, length=length, table=tuple(f), symmetry=sym, bounds=bounds,
        widths=widths, capped=max_width is not None, weights=tuple(weights),
        outputs=outputs, n_vars=cnf.n_vars, clauses=tuple(cnf.clauses),
    )


def _break_symmetry(cnf: _Builder, sym: InputSymmetries, t: int, length: int,
                    w_in: list[_Word], values: list[list[int]]) -> None:
    """The symmetry-breaking clauses of token ``t`` (module docstring)."""
    for i in sym.irrelevant:  # step 0: weight 0 on x_i
        cnf.clauses += [(-b,) for b in w_in[i].bits]
    if t == length - 1:
        return
    relevant = [i for i in range(len(w_in)) if i not in sym.irrelevant]
    all_or_none = len(sym.flippable) in (0, len(relevant))
    if t >= 1 or all_or_none:  # step 2: g_t(0^n) = 0
        cnf.clauses.append((-values[t][0],))
    if t == 0:
        for i in sym.flippable:  # steps 1, 3: w_{0,i} >= 0
            cnf.clauses.append((-w_in[i].bits[-1],))


def _sort_columns(cnf: _Builder, sym: InputSymmetries,
                  columns: list[list[_Word]]) -> None:
    """Step 4 (module docstring): within a class, input ``i``'s column of
    weights (one per token) is lexicographically at least the next input
    ``j``'s. For each token ``t``: if the columns agree on every token
    before ``t`` (``same``, a Tseitin AND of equalities), then ``w_{t,i} >=
    w_{t,j}``."""
    for cls in sym.classes:
        for i, j in itertools.pairwise(cls):
            same = TRUE
            for t, words in enumerate(columns):
                geq = cnf.at_least(words[i], words[j])
                cnf.clauses.append((geq,) if same == TRUE else (-same, geq))
                if t < len(columns) - 1:
                    leq = cnf.at_least(words[j], words[i])
                    same = cnf.and_(same, cnf.and_(geq, leq))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class UnsatCertificate:
    """Evidence that no CoT of ``length`` tokens computes ``f`` on ``n`` bits.

    ``cnf`` is the DIMACS text of ``chain_cnf(table, n, length,
    symmetry=symmetry)`` and ``proof`` a DRUP refutation of it by
    ``solver``. The claim holds once an independent checker accepts the
    proof (:mod:`arcot.verify.drup`, or
    :func:`arcot.verify.sat_certificate.check_unsat_certificate`, which also
    rebuilds the CNF from ``table``): the CNF's unsatisfiability
    implies the claim by :func:`chain_cnf`'s documented encoding.
    """

    n: int
    length: int
    table: tuple[int, ...]
    symmetry: bool
    cnf: str = field(repr=False)
    proof: str = field(repr=False)
    solver: str
    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LengthVerdict:
    """The solver's answer for one length: ``"sat"`` (``circuit`` is the
    decoded model, checked exactly on every input) or ``"unsat"``
    (``certificate`` holds the CNF and its DRUP proof when proofs were
    asked for)."""

    length: int
    status: str
    seconds: float
    n_vars: int
    n_clauses: int
    circuit: ThresholdCircuit | None = None
    certificate: UnsatCertificate | None = None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SatMinimum:
    """The fewest threshold tokens computing ``f`` on all inputs of length ``n``.

    Upper bound: ``circuit`` (``tokens`` gates), checked exactly on all
    ``2^n`` inputs (``verified``); ``witness_source`` is ``"solver"`` (a
    decoded model), ``"hint"`` or ``"truth-table"`` (a known circuit of
    that length, when every shorter length is refuted).
    Lower bound: ``lower_bound`` is the :class:`UnsatCertificate` for
    ``tokens - 1`` (``None`` when ``tokens == 1``, nothing to prove, or when
    proofs were not asked for: then the solver's verdict is all there is).
    ``verdicts`` lists the solver's answer for each length tried.
    """

    n: int
    tokens: int
    circuit: ThresholdCircuit
    verified: bool
    witness_source: str
    lower_bound: UnsatCertificate | None
    verdicts: tuple[LengthVerdict, ...]
    solver: str
    seconds: float

    @property
    def unsat_lengths(self) -> tuple[int, ...]:
        """The lengths the solver refuted."""
        return tuple(v.length for v in self.verdicts if v.status == "unsat")


def _solve(
    clauses: Sequence[tuple[int, ...]], *, solver: str, proof: bool,
    deadline: float | None, conflicts: int | None = None,
) -> tuple[bool | None, list[int] | None, list[str] | None]:
    """``(satisfiable, model, proof lines)``; ``satisfiable`` is ``None``
    when the deadline passed or ``conflicts`` ran out first. Without a
    budget, a deadline runs the solver in slices of a conflict budget (each
    slice continues the search)."""
    try:
        from pysat.solvers import Solver
    except ImportError:
        raise LengthError(
            "the SAT backend needs python-sat: pip install 'arcot[sat]'"
        ) from None
    with Solver(name=solver, bootstrap_with=clauses, with_proof=proof) as s:
        if deadline is None and conflicts is None:
            answer: bool | None = s.solve()
        elif conflicts is not None:  # one budget: slicing it changes the search
            if deadline is not None and time.perf_counter() >= deadline:
                return None, None, None
            s.conf_budget(conflicts)
            answer = s.solve_limited()
        else:
            budget = 1000
            while True:
                if deadline is not None and time.perf_counter() >= deadline:
                    return None, None, None
                s.conf_budget(budget)
                answer = s.solve_limited()
                if answer is not None:
                    break
                budget = min(2 * budget, 20_000)
        if answer:
            return True, list(s.get_model()), None
        if not proof:
            return False, None, None
        lines = list(s.get_proof())
        if lines[-1:] != ["0"]:  # left implicit (a refutation as the CNF loads)
            lines.append("0")
        return False, None, lines


#: The small-witness try of :func:`search_lengths`: weight words this wide
#: (weights in [-8, 7]), for at most this many conflicts.
QUICK_WIDTH, QUICK_CONFLICTS = 4, 50_000


def search_lengths(
    function: Callable[[tuple[int, ...]], object] | Sequence[int],
    n: int,
    *,
    lengths: Sequence[int],
    proof: bool = True,
    symmetry: bool = True,
    solver: str = SOLVERS[0],
    time_limit: float | None = None,
    quick: bool = True,
) -> Iterator[LengthVerdict]:
    """The solver's answer for each of ``lengths`` in turn (a generator, so
    a caller can report progress and stop): is there a CoT of that many
    threshold tokens computing ``function`` on ``n`` bits? A model is
    decoded and checked exactly (a failing one raises
    :class:`~arcot.errors.ArcotError`: a bug); an UNSAT answer carries its
    :class:`UnsatCertificate` when ``proof``. With ``quick``, each length
    is first tried with small weights (:data:`QUICK_WIDTH`-bit words, at
    most :data:`QUICK_CONFLICTS` conflicts): a model of that capped CNF is
    a witness all the same, and small witnesses are found much faster
    (parity on 7 bits, 3 tokens: about 1 s against minutes); only the full
    CNF's refutation is an answer. Raises
    :class:`~arcot.errors.SearchLimitExceeded` when ``time_limit`` seconds
    (for all the lengths together) run out.

    >>> [v.status for v in search_lengths(lambda x: sum(x) % 2, 3, lengths=[1, 2])]
    ['unsat', 'sat']
    """
    n = _check_n(n)
    f, table = function_table(function, n)
    if solver not in SOLVERS:
        raise LengthError(f"solver {solver!r}: expected one of {', '.join(SOLVERS)}")
    start = time.perf_counter()
    deadline = None if time_limit is None else start + _check_time(time_limit)
    for length in lengths:
        length = check_int("length", length, 1)
        began = time.perf_counter()
        answer: bool | None = None
        enc = chain_cnf(table, n, length, symmetry=symmetry)
        if quick and max(enc.widths) > QUICK_WIDTH:
            small = chain_cnf(table, n, length, symmetry=symmetry,
                              max_width=QUICK_WIDTH)
            answer, model, _ = _solve(small.clauses, solver=solver, proof=False,
                                      deadline=deadline, conflicts=QUICK_CONFLICTS)
            if answer:
                enc = small
            else:
                answer = None  # proves nothing: decide the full CNF
        if answer is None:
            answer, model, lines = _solve(enc.clauses, solver=solver, proof=proof,
                                          deadline=deadline)
        seconds = time.perf_counter() - began
        if answer is None:
            raise SearchLimitExceeded(
                f"the SAT search for n={n} ran out of {time_limit} s at "
                f"length {length}", steps=length,
            )
        if answer:
            assert model is not None
            circuit = enc.decode(model)
            check = check_function(circuit, f)
            if not check.verified:  # pragma: no cover - an encoding bug
                raise ArcotError(
                    f"the SAT model for n={n}, length {length} fails exact "
                    f"verification on {check.counterexample}"
                )
            yield LengthVerdict(length=length, status="sat", seconds=seconds,
                                circuit=circuit, n_vars=enc.n_vars,
                                n_clauses=len(enc.clauses))
            continue
        assert not enc.capped
        certificate = None
        if lines is not None:
            certificate = UnsatCertificate(
                n=n, length=length, table=enc.table, symmetry=symmetry,
                cnf=enc.dimacs(), proof="\n".join(lines) + "\n", solver=solver,
                seconds=seconds,
            )
        yield LengthVerdict(length=length, status="unsat", seconds=seconds,
                            certificate=certificate, n_vars=enc.n_vars,
                            n_clauses=len(enc.clauses))


def minimum_length_sat(
    function: Callable[[tuple[int, ...]], object] | Sequence[int],
    n: int,
    *,
    time_limit: float | None = None,
    proof: bool = True,
    hint: ThresholdCircuit | None = None,
    symmetry: bool = True,
    solver: str = SOLVERS[0],
    quick: bool = True,
) -> SatMinimum:
    """The exact minimum CoT length of ``function`` on ``n`` bits, by SAT.

    For ``L = 1, 2, ...`` the solver decides :func:`chain_cnf` for ``L``;
    the first satisfiable ``L`` is the minimum, its model decoded and
    checked in integers on all ``2^n`` inputs, and the refutation of
    ``L - 1`` (with ``proof``, a DRUP proof) is the lower bound. At the
    length of a known circuit (``hint``, or the truth-table circuit
    :func:`arcot.circuit.function_circuit`) the search stops with it as
    the witness. ``quick`` tries small weights first at each length
    (:func:`search_lengths`). ``function`` is a callable on bit tuples or
    its truth table. Raises :class:`~arcot.errors.LengthError` on bad arguments or
    ``n > MAX_SAT_N``, and :class:`~arcot.errors.SearchLimitExceeded`
    (its message gives the bounds found so far) when ``time_limit``
    seconds run out.

    >>> best = minimum_length_sat(lambda x: sum(x) % 2, 3)
    >>> best.tokens, best.verified, best.lower_bound.length, best.unsat_lengths
    (2, True, 1, (1,))
    >>> best.lower_bound.proof.splitlines()[-1]
    '0'
    """
    n = _check_n(n)
    f, table = function_table(function, n)
    known, source = function_circuit(f, n), "truth-table"
    if hint is not None:
        if not isinstance(hint, ThresholdCircuit) or not hint.is_threshold:
            raise LengthError("hint must be a ThresholdCircuit of threshold gates")
        if hint.n_inputs != n or not check_function(hint, f).verified:
            raise LengthError("hint does not compute the function on every input")
        if hint.cot_length < known.cot_length:
            known, source = hint, "hint"
    start = time.perf_counter()
    verdicts: list[LengthVerdict] = []
    lower: UnsatCertificate | None = None
    try:
        for verdict in search_lengths(
            table.tolist(), n, lengths=range(1, known.cot_length), proof=proof,
            symmetry=symmetry, solver=solver, time_limit=time_limit, quick=quick,
        ):
            verdicts.append(verdict)
            if verdict.status == "sat":
                assert verdict.circuit is not None
                known, source = verdict.circuit, "solver"
                break
            lower = verdict.certificate
    except SearchLimitExceeded as exc:
        refuted = max((v.length for v in verdicts), default=0)
        raise SearchLimitExceeded(
            f"{exc}; bounds so far: at least {refuted + 1} tokens (every length "
            f"<= {refuted} refuted), at most {known.cot_length} ({source})",
            steps=exc.steps,
        ) from None
    check = check_function(known, f)
    if not check.verified:  # pragma: no cover - checked when found
        raise ArcotError(f"the witness for n={n} fails on {check.counterexample}")
    if known.cot_length == 1:
        lower = None
    return SatMinimum(
        n=n, tokens=known.cot_length, circuit=known, verified=True,
        witness_source=source, lower_bound=lower, verdicts=tuple(verdicts),
        solver=solver, seconds=time.perf_counter() - start,
    )


def _check_n(n: object) -> int:
    n = check_int("n", n, 1)
    if n > MAX_SAT_N:
        raise LengthError(
            f"n={n} is beyond the SAT minimum search: it handles n <= {MAX_SAT_N}"
        )
    return n


def _check_time(time_limit: object) -> float:
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) \
            or not time_limit > 0:
        raise LengthError(f"time_limit must be a positive number, got {time_limit!r}")
    return float(time_limit)
