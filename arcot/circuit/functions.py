"""Circuits and user functions on bits: truth tables, exact checks, a baseline circuit.

A *function* is a Python callable on a tuple of 0/1 ints that returns 0/1
or a bool. :func:`truth_table` tabulates one, :func:`check_function`
compares a circuit's answer with one on every input (a
:class:`CircuitCheck`), and :func:`function_circuit` builds the generic
depth-2 threshold circuit of one from its truth table.

**Exact reductions.** Some functions are invariant, *by construction*,
under permuting the inputs within classes: a :class:`SymmetricFunction` is
a function of the number of ones (one class, all inputs), an
:class:`OrbitFunction` a function of the number of ones in each class of a
partition it names, and a :class:`CircuitFunction` (a circuit's answer,
e.g. from a circuit file) is invariant under the classes of
:func:`circuit_classes`. A circuit's answer is invariant too under the
classes :func:`circuit_classes` finds: inputs that every gate the answer
depends on treats alike (proof there). Both sides are then invariant under
permuting the inputs within each class of the *meet* of the two partitions
(the classes of one intersected with those of the other), so each is
constant on an orbit, the set of inputs with given numbers of ones
``(k_1, .., k_m)`` in the classes, and comparing them on one input per
orbit, ``prod (|C_i| + 1)`` inputs, decides all ``2^n``. A plain callable
declares nothing and is never reduced: it is checked on every input.
:func:`plan_check` says which check applies (``symmetric``: one class,
``n + 1`` inputs; ``orbits``; ``exhaustive``; or, when asked for,
``sampled:K``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from arcot._numba import _PLAIN, Kernel
from arcot.circuit import _kernels
from arcot.circuit.checks import check_n, is_int
from arcot.circuit.model import Gate, ThresholdCircuit, all_bit_inputs
from arcot.errors import CircuitError, SizeLimitExceeded

__all__ = [
    "CheckPlan",
    "CircuitCheck",
    "CircuitFunction",
    "OrbitFunction",
    "SymmetricFunction",
    "TableFunction",
    "check_function",
    "circuit_classes",
    "function_circuit",
    "function_classes",
    "is_symmetric",
    "plan_check",
    "truth_table",
]

Bits = tuple[int, ...]
#: A partition of the inputs ``0 .. n-1``: classes in order of their least
#: input, each sorted.
Partition = tuple[tuple[int, ...], ...]


def _bit(value: object, where: str) -> int:
    if isinstance(value, (bool, np.bool_)) or (is_int(value) and value in (0, 1)):
        return int(value)
    raise CircuitError(f"the function must return 0/1 or a bool, got {value!r} {where}")


def _check_partition(classes: Iterable[Iterable[int]], n: int, where: str) -> Partition:
    """``classes`` as a :data:`Partition` of ``0 .. n-1`` (empty classes
    dropped); :class:`~arcot.errors.CircuitError` unless every input is in
    exactly one."""
    seen: set[int] = set()
    out = []
    try:
        groups = [list(c) for c in classes]
    except TypeError:
        raise CircuitError(f"{where}: the classes must be lists of inputs") from None
    for c in groups:
        for i in c:
            if not is_int(i) or not 0 <= int(i) < n:
                raise CircuitError(f"{where}: {i!r} is not an input of 0..{n - 1}")
            if int(i) in seen:
                raise CircuitError(f"{where}: input {int(i)} is in two classes")
            seen.add(int(i))
        if c:
            out.append(tuple(sorted(int(i) for i in c)))
    if len(seen) != n:
        missing = min(set(range(n)) - seen)
        raise CircuitError(f"{where}: input {missing} is in no class")
    return tuple(sorted(out))


def _labels(classes: Partition, n: int) -> np.ndarray:
    out = np.empty(n, dtype=np.int64)
    for j, c in enumerate(classes):
        out[list(c)] = j
    return out


def _classes(labels: np.ndarray) -> Partition:
    """The partition whose classes are the inputs of one label."""
    groups: dict[int, list[int]] = {}
    for i, v in enumerate(labels.tolist()):
        groups.setdefault(v, []).append(i)
    return tuple(sorted(tuple(g) for g in groups.values()))


def _meet(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Labels of the meet: inputs alike in ``a`` and alike in ``b``."""
    if len(a) == 0:
        return a
    # labels are below n: the pair (a, b) as one integer
    _, inverse = np.unique(a * (int(b.max()) + 1) + b, return_inverse=True)
    return cast(np.ndarray, inverse.reshape(-1).astype(np.int64))


@dataclass(frozen=True, slots=True)
class SymmetricFunction:
    """A Boolean function of the number of ones: ``f(x) = of_weight(sum(x), len(x))``.

    >>> parity = SymmetricFunction("parity", lambda k, n: k % 2)
    >>> parity((1, 0, 1, 1)), parity.of_weight(3, 4), parity.classes(3)
    (1, 1, ((0, 1, 2),))
    """

    name: str
    of_weight: Callable[[int, int], object]

    def __call__(self, x: Bits) -> object:
        return self.of_weight(sum(x), len(x))

    def classes(self, n: int) -> Partition:
        """One class of every input: permuting them changes nothing."""
        return (tuple(range(n)),) if n else ()

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The function on each row of ``rows`` (``[m, n]`` of 0/1)."""
        n = rows.shape[1]
        by_weight = np.array([_bit(self.of_weight(k, n), f"on {k} ones of {n}")
                              for k in range(n + 1)], dtype=np.int64)
        return cast(np.ndarray, by_weight[rows.sum(axis=1)])


@dataclass(frozen=True, slots=True, eq=False)
class OrbitFunction:
    """A Boolean function of the number of ones in each class of a partition.

    ``partition(n)`` lists the classes of the inputs ``0 .. n-1`` (every
    input in exactly one; a class may be empty), ``of_counts(counts, n)``
    gives the value from ``counts[j]``, the number of ones of ``x`` in the
    ``j``-th class as ``partition(n)`` lists them. Invariant by construction
    under permuting the inputs within each class, which
    :func:`check_function` uses.

    >>> pal = OrbitFunction("palindrome", lambda n: [{i, n - 1 - i}
    ...     for i in range(n // 2)] + [[n // 2]] * (n % 2),
    ...     lambda k, n: all(c != 1 for c in k[: n // 2]))
    >>> pal((1, 0, 1)), pal((1, 1, 0)), pal.counts((1, 1, 0)), pal.classes(4)
    (True, False, (1, 1), ((0, 3), (1, 2)))
    """

    name: str
    partition: Callable[[int], Iterable[Iterable[int]]]
    of_counts: Callable[[tuple[int, ...], int], object]
    _cache: dict[int, tuple[Partition, Partition]] = field(
        default_factory=dict, init=False, repr=False)

    def _given(self, n: int) -> tuple[Partition, Partition]:
        """The classes as given (empty ones kept) and as a :data:`Partition`."""
        if n not in self._cache:
            where = f"function {self.name}"
            try:
                given = tuple(tuple(c) for c in self.partition(n))
            except TypeError:
                raise CircuitError(
                    f"{where}: the classes must be lists of inputs") from None
            self._cache[n] = (given, _check_partition(given, n, where))
        return self._cache[n]

    def classes(self, n: int) -> Partition:
        """The classes of ``partition(n)``, checked to be a partition."""
        return self._given(n)[1]

    def counts(self, x: Bits) -> tuple[int, ...]:
        """The number of ones of ``x`` in each class, in ``partition``'s order."""
        return tuple(sum(int(x[i]) for i in c) for c in self._given(len(x))[0])

    def __call__(self, x: Bits) -> object:
        return self.of_counts(self.counts(tuple(x)), len(x))

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The function on each row, one call of ``of_counts`` per distinct
        vector of counts."""
        m, n = rows.shape
        given = self._given(n)[0]
        counts = np.zeros((m, len(given) + 1), dtype=np.int64)  # + 1: never empty
        for j, c in enumerate(given):
            counts[:, j] = rows[:, list(c)].sum(axis=1)
        distinct, inverse = np.unique(counts, axis=0, return_inverse=True)
        each = []
        for k in distinct.tolist():
            key = tuple(k[:-1])
            each.append(_bit(self.of_counts(key, n),
                             f"on counts {key} of the classes {given}"))
        return cast(np.ndarray, np.array(each, dtype=np.int64)[inverse.reshape(-1)])


def _fixed_n(name: str, n: int, x: Sequence[int]) -> None:
    if len(x) != n:
        raise CircuitError(f"{name} is defined on {n} bits, got {len(x)}")


@dataclass(frozen=True, slots=True, eq=False)
class TableFunction:
    """The function of a truth table: ``2^n`` bits, bit ``r`` the value on
    input ``r`` of :func:`all_bit_inputs` (``x0`` the most significant bit
    of ``r``). Defined on ``n`` bits only (:attr:`arity`).

    >>> f = TableFunction.parse("0110", name="xor")
    >>> f.arity, f((1, 0)), f((1, 1)), TableFunction.parse("6", hex=True).table.tolist()
    (2, 1, 0, [0, 1, 1, 0])
    """

    name: str
    table: np.ndarray

    def __post_init__(self) -> None:
        table = np.asarray(self.table)
        size = len(table) if table.ndim == 1 else 0
        if size < 1 or size & (size - 1):
            raise CircuitError(
                f"truth table {self.name!r}: {size} bits, not a power of two (a "
                "table on n bits has 2^n)"
            )
        if table.dtype.kind not in "biu" or not ((table == 0) | (table == 1)).all():
            raise CircuitError(f"truth table {self.name!r}: the bits must be 0/1")
        table = table.astype(np.uint8)  # a byte a bit: 2^26 bits in 64 MiB
        table.setflags(write=False)
        object.__setattr__(self, "table", table)

    @property
    def arity(self) -> int:
        """``n``: the table has ``2^n`` bits."""
        return len(self.table).bit_length() - 1

    @classmethod
    def parse(
        cls, text: str, *, name: str = "table", hex: bool = False
    ) -> TableFunction:
        """A table from text: the characters ``0``/``1`` one bit each, or with
        ``hex`` hexadecimal digits, four bits each (most significant first,
        so ``6`` is ``0110``); whitespace is ignored, anything else is an
        error naming its position."""
        digits = "0123456789abcdefABCDEF" if hex else "01"
        data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
        value = np.full(256, -1, dtype=np.int8)  # -1: not a digit
        for ch in digits:
            value[ord(ch)] = int(ch, 16)
        for ch in " \t\n\r\f\v":
            value[ord(ch)] = -2  # whitespace: skipped
        v = value[data]
        bad = np.flatnonzero(v == -1)
        if len(bad):
            pos = len(text.encode("utf-8", "surrogatepass")[: int(bad[0])].decode(
                "utf-8", "replace"))
            what = "a hex digit" if hex else "0 or 1"
            raise CircuitError(
                f"truth table {name!r}: character {pos + 1} is {text[pos]!r}, not "
                f"{what}"
            )
        v = v[v >= 0]
        if hex:
            v = ((v[:, None] >> np.array([3, 2, 1, 0], dtype=np.int8)[None, :])
                 & 1).reshape(-1)
        return cls(name, v)

    def __call__(self, x: Bits) -> int:
        _fixed_n(f"truth table {self.name!r}", self.arity, x)
        r = 0
        for b in x:
            r = 2 * r + int(b)
        return int(self.table[r])

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The function on each row (``[m, n]`` of 0/1)."""
        _fixed_n(f"truth table {self.name!r}", self.arity, rows[0] if len(rows) else
                 [0] * self.arity)
        powers = 1 << np.arange(self.arity - 1, -1, -1, dtype=np.int64)
        return cast(np.ndarray, self.table[rows @ powers].astype(np.int64))


@dataclass(frozen=True, slots=True, eq=False)
class CircuitFunction:
    """The function a circuit computes: its last gate, on its ``n`` inputs.

    Invariant under permuting the inputs within each class of
    :func:`circuit_classes` (proved there), so its checks reduce as a
    :class:`SymmetricFunction`'s do.

    >>> from arcot.circuit import parity_circuit
    >>> f = CircuitFunction(parity_circuit(3))
    >>> f((1, 1, 0)), f.arity, f.classes(3)
    (0, 3, ((0, 1, 2),))
    """

    circuit: ThresholdCircuit
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.circuit, ThresholdCircuit):
            raise CircuitError(f"expected a ThresholdCircuit, got {self.circuit!r}")
        if not self.name:
            object.__setattr__(self, "name", self.circuit.name or "circuit")

    @property
    def arity(self) -> int:
        """The circuit's number of inputs."""
        return self.circuit.n_inputs

    def __call__(self, x: Bits) -> int:
        _fixed_n(f"circuit {self.name!r}", self.arity, x)
        return int(self.circuit.evaluate(np.asarray([x], dtype=np.int64))[0, -1])

    def classes(self, n: int) -> Partition:
        """:func:`circuit_classes` of the circuit."""
        _fixed_n(f"circuit {self.name!r}", self.arity, [0] * n)
        return circuit_classes(self.circuit)

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The circuit's answer on each row."""
        return self.circuit.evaluate(rows)[:, -1]


def function_classes(f: object, n: int) -> Partition | None:
    """The classes of inputs ``f`` is invariant under permuting, by
    construction: those of a :class:`SymmetricFunction`,
    :class:`OrbitFunction` or :class:`CircuitFunction`; ``None`` for anything
    else (nothing is assumed of a plain callable).

    >>> function_classes(lambda x: sum(x) % 2, 3) is None
    True
    """
    if isinstance(f, (SymmetricFunction, OrbitFunction, CircuitFunction)):
        return f.classes(n)
    return None


def is_symmetric(circuit: ThresholdCircuit) -> bool:
    """Whether every gate gives all of the circuit's inputs one weight (an
    input a gate does not read has weight 0), so that every gate's value
    depends on the number of ones of the input only.
    (:func:`circuit_classes` finds more: this is the case where it finds
    one class through every gate.)

    >>> from arcot.circuit import chain_parity_circuit, parity_circuit
    >>> is_symmetric(parity_circuit(5)), is_symmetric(chain_parity_circuit(5, 3))
    (True, False)
    """
    inputs = {f"x{i}" for i in range(circuit.n_inputs)}
    for gate in circuit.gates:
        pairs = cast(tuple[tuple[str, int], ...], gate.weights)  # canonical pairs
        on_inputs = {w for s, w in pairs if s in inputs}
        read = sum(1 for s, _ in pairs if s in inputs)
        if len(on_inputs) > 1 or read not in (0, circuit.n_inputs):
            return False
    return True


def circuit_classes(circuit: ThresholdCircuit) -> Partition:
    """Classes of inputs the circuit's answer (its last gate) treats alike:
    permuting the inputs within any class never changes the answer.

    Computed gate by gate over the gates the answer depends on, each with a
    partition its value is invariant under (by induction over the gates):

    - a *linear* gate, a parity gate whose sources are inputs and linear
      gates, is the XOR of a set ``S`` of inputs (the sources' sets XORed,
      so an input read twice cancels): its classes are ``S`` and the rest;
    - any other gate's classes are the inputs of equal direct weight (0
      where it reads none; 1 for a parity gate's inputs, XORed with its
      linear sources' sets) intersected with the classes of each gate it
      reads with a non-zero weight. A permutation within such a class
      keeps every direct weight and, by induction, every value read.

    So inputs with equal weight columns in every gate land in one class, but
    gates the answer does not read, and XORs that cancel, split nothing.

    >>> from arcot.circuit import chain_parity_circuit, parity_circuit
    >>> circuit_classes(parity_circuit(4)), circuit_classes(chain_parity_circuit(5, 3))
    (((0, 1, 2, 3),), ((0, 1, 2, 3, 4),))
    >>> c = ThresholdCircuit(n_inputs=3, gates=[Gate(name="g", weights={"x0": 2,
    ...     "x1": 1, "x2": 1}, threshold=2)])
    >>> circuit_classes(c)
    ((0,), (1, 2))
    """
    n = circuit.n_inputs
    index = {f"x{i}": i for i in range(n)}
    needed = {circuit.gates[-1].name}
    for g in reversed(circuit.gates):  # the gates the answer depends on
        if g.name in needed:
            needed.update(s for s, w in g.terms if w and s not in index)
    labels: dict[str, np.ndarray] = {}
    masks: dict[str, np.ndarray] = {}  # the input set of each linear gate
    for g in circuit.gates:
        if g.name not in needed:
            continue
        read = [(s, w) for s, w in g.terms if w]
        direct = np.zeros(n, dtype=np.int64)
        others: list[np.ndarray] = []
        if g.kind == "parity":
            for s, _ in read:
                if s in index:
                    direct[index[s]] ^= 1
                elif s in masks:
                    direct ^= masks[s]
                else:
                    others.append(labels[s])
            if not others:
                masks[g.name] = direct
        else:
            for s, w in read:
                if s in index:
                    direct[index[s]] = w
                else:
                    others.append(labels[s])
        label = np.unique(direct, return_inverse=True)[1].reshape(-1).astype(np.int64)
        for other in others:
            if other.size and other.max() > 0:  # one class splits nothing
                label = _meet(label, other)
        labels[g.name] = label
    return _classes(labels[circuit.gates[-1].name])


def _values(f: Callable[[Bits], object], rows: np.ndarray) -> np.ndarray:
    """``f`` on each row: vectorised for the function classes of this
    module, one call a row for a plain callable."""
    if isinstance(f, (SymmetricFunction, OrbitFunction, TableFunction,
                      CircuitFunction)):
        return f.values(rows)
    return np.array([_bit(f(tuple(x)), f"on {tuple(x)}") for x in rows.tolist()],
                    dtype=np.int64)


def truth_table(f: Callable[[tuple[int, ...]], object], n: int) -> np.ndarray:
    """``f`` on all ``2^n`` bit tuples, as an int64 0/1 array.

    ``f`` takes a tuple of ints and returns a bool or 0/1; anything else
    raises :class:`~arcot.errors.CircuitError`.

    >>> truth_table(lambda x: sum(x) % 2, 2).tolist()
    [0, 1, 1, 0]
    """
    rows = all_bit_inputs(check_n(n, 0))
    out = _values(f, rows)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitCheck:
    """Whether a circuit's answer equals ``f`` on every input of length ``n``.

    ``counterexample`` is the first input (in :func:`all_bit_inputs` order)
    where they differ among those the check saw, with ``expected`` and
    ``got``; ``None`` when none differs. ``method`` says how the inputs were
    decided (:class:`CheckPlan`): ``"exhaustive"`` (each of the ``2^n``
    inputs evaluated), ``"symmetric"`` (one input per number of ones) or
    ``"orbits"`` (one input per orbit), each deciding all ``2^n``, so that
    ``verified`` means right on every input; or ``"sampled:K"``, ``K``
    random inputs, which decides nothing unless it finds a counterexample:
    ``verified`` is then False either way (:attr:`refuted` says whether a
    counterexample was found). ``checked`` is the number of inputs
    evaluated.
    """

    verified: bool
    n: int
    checked: int
    cot_length: int
    counterexample: tuple[int, ...] | None = None
    expected: int | None = None
    got: int | None = None
    method: str = "exhaustive"

    @property
    def refuted(self) -> bool:
        """Whether an input where the circuit is wrong was found."""
        return self.counterexample is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckPlan:
    """How :func:`check_function` decides a circuit against a function.

    ``method`` is ``"symmetric"``, ``"orbits"``, ``"exhaustive"`` or
    ``"sampled:K"``; ``classes`` the orbit classes (every input its own
    class for ``exhaustive`` and ``sampled``); ``inputs`` how many inputs
    the check evaluates (``prod (|C| + 1)`` over the classes, or ``K``);
    ``complete`` whether that decides all ``2^n`` inputs.
    """

    method: str
    classes: Partition
    inputs: int
    complete: bool


def plan_check(
    circuit: ThresholdCircuit, f: Callable[[Bits], object], *,
    sample: int | None = None,
) -> CheckPlan:
    """The exact check of ``circuit`` against ``f`` that evaluates fewest
    inputs, or ``sample`` random inputs where that exact check needs more.

    The classes are the meet of :func:`circuit_classes` and
    :func:`function_classes` (module docstring): one class of all inputs
    is ``symmetric``, fewer orbits than inputs ``orbits``, else
    ``exhaustive``.

    >>> from arcot.circuit import parity_circuit
    >>> parity = SymmetricFunction("parity", lambda k, n: k % 2)
    >>> plan_check(parity_circuit(10), parity).inputs
    11
    >>> plan_check(parity_circuit(10), lambda x: sum(x) % 2).method
    'exhaustive'
    >>> plan_check(parity_circuit(30), lambda x: sum(x) % 2, sample=1000).method
    'sampled:1000'
    """
    if not isinstance(circuit, ThresholdCircuit):
        raise CircuitError(f"expected a ThresholdCircuit, got {circuit!r}")
    n = circuit.n_inputs
    singletons: Partition = tuple((i,) for i in range(n))
    theirs = function_classes(f, n)
    classes = singletons
    if theirs is not None:
        labels = _meet(_labels(circuit_classes(circuit), n), _labels(theirs, n))
        classes = _classes(labels)
    count = math.prod(len(c) + 1 for c in classes)
    if theirs is None:
        method, count = "exhaustive", 1 << n
    elif n >= 1 and len(classes) == 1:
        method = "symmetric"
    elif count < 1 << n:
        method = "orbits"
    else:
        method, classes, count = "exhaustive", singletons, 1 << n
    if sample is not None:
        if not is_int(sample) or sample < 1:
            raise CircuitError(f"sample must be an integer >= 1, got {sample!r}")
        if count > sample:
            return CheckPlan(method=f"sampled:{int(sample)}", classes=singletons,
                             inputs=int(sample), complete=False)
    return CheckPlan(method=method, classes=classes, inputs=count, complete=True)


#: Inputs the exhaustive check evaluates at once, so that its memory is a
#: block of ``[EXHAUSTIVE_BLOCK, n + gates]`` integers whatever ``n``.
EXHAUSTIVE_BLOCK = 1 << 16

#: The most integers one block holds (rows times ``n + gates``): 32 MiB.
BLOCK_CELLS = 1 << 22

#: The first block of a long check, timed to estimate the whole.
PROBE_BLOCK = 1 << 10

#: The most inputs any check evaluates (int64 counters).
MAX_CHECKED = 1 << 62


def _orbit_rows(classes: Partition, n: int, r: np.ndarray) -> np.ndarray:
    """The least input (in :func:`all_bit_inputs` order) of each orbit
    numbered ``r``: the orbit's count in class ``j`` is digit ``j`` of ``r``
    in the mixed radix ``(|C_j| + 1)``, and its ones sit on the class's
    last inputs (the least binary number with those counts)."""
    rows = np.zeros((len(r), n), dtype=np.int64)
    rest = r.copy()
    for c in classes:
        size = len(c)
        k = rest % (size + 1)
        rest //= size + 1
        rank = np.arange(size, dtype=np.int64)
        rows[:, list(c)] = rank[None, :] >= (size - k)[:, None]
    return rows


def _lex_least(rows: np.ndarray) -> int:
    """The index of the least row of 0/1 ``rows`` in lexicographic order."""
    keep = np.arange(len(rows))
    for j in range(rows.shape[1]):
        zeros = keep[rows[keep, j] == 0]
        if len(zeros):
            keep = zeros
        if len(keep) == 1:
            break
    return int(keep[0])


def _blocks(
    plan: CheckPlan, n: int, per_block: int, seed: int
) -> Iterator[np.ndarray]:
    """The inputs of ``plan`` in blocks, the first one short (timed)."""
    total = plan.inputs
    # numpy.random is imported on first use: only a sampled check needs it
    rng = None if plan.complete else np.random.default_rng(seed)
    start, size = 0, min(per_block, PROBE_BLOCK)
    while start < total:
        stop = min(start + size, total)
        if plan.method == "exhaustive":
            r = np.arange(start, stop, dtype=np.int64)
            yield (r[:, None] >> np.arange(n - 1, -1, -1, dtype=np.int64)[None, :]) & 1
        elif plan.complete:
            yield _orbit_rows(plan.classes, n, np.arange(start, stop, dtype=np.int64))
        else:
            assert rng is not None
            yield rng.integers(0, 2, size=(stop - start, n), dtype=np.int64)
        start, size = stop, per_block


def check_function(
    circuit: ThresholdCircuit,
    f: Callable[[tuple[int, ...]], object],
    *,
    sample: int | None = None,
    seed: int = 0,
    time_limit: float | None = None,
) -> CircuitCheck:
    """Compare the circuit's last gate with ``f`` on all ``2^n`` inputs.

    The check is :func:`plan_check`'s: ``exhaustive`` streams the inputs in
    blocks (memory one block whatever ``n``), ``symmetric`` and ``orbits``
    evaluate the least input of each orbit, so every check that decides all
    inputs reports the counterexample the exhaustive one would;
    ``sample=K`` checks ``K`` random inputs (drawn with ``seed``) where the
    exact check needs more. ``time_limit`` (seconds) refuses, with
    :class:`~arcot.errors.SizeLimitExceeded`, a check whose first block's
    measured rate says it would run past it, and one that does.

    >>> from arcot.circuit import parity_circuit
    >>> check_function(parity_circuit(6), lambda x: sum(x) % 2).verified
    True
    >>> check_function(parity_circuit(3), lambda x: max(x)).counterexample
    (0, 1, 1)

    A :class:`SymmetricFunction` against a circuit whose answer depends on
    the number of ones only is decided on one input per Hamming weight,
    ``0^(n-k) 1^k``, the first of weight ``k`` in :func:`all_bit_inputs`
    order:

    >>> r = check_function(parity_circuit(64), SymmetricFunction("parity",
    ...                    lambda k, n: k % 2))
    >>> r.verified, r.method, r.checked
    (True, 'symmetric', 65)
    """
    plan = plan_check(circuit, f, sample=sample)
    n = circuit.n_inputs
    if plan.inputs > MAX_CHECKED:
        raise CircuitError(
            f"an exhaustive check of 2^{n} inputs: n must be <= 62"
            if plan.method == "exhaustive" else
            f"a check of {plan.inputs} orbits is past 2^62 inputs"
        )
    per_block = max(1, min(EXHAUSTIVE_BLOCK, BLOCK_CELLS // (n + circuit.n_gates)))
    plan_arrays = None
    if plan.method == "exhaustive" and _kernel_pays(circuit, n):
        plan_arrays = _kernel_arrays(circuit)
    if plan_arrays is not None:
        return _check_by_kernel(circuit, f, plan, plan_arrays, per_block, time_limit)
    began = time.perf_counter()
    checked = 0
    first: tuple[tuple[int, ...], int, int] | None = None
    for rows in _blocks(plan, n, per_block, seed):
        want = _values(f, rows)
        got = circuit.evaluate(rows)[:, -1]
        bad = np.flatnonzero(want != got)
        if len(bad):
            r = int(bad[0]) if plan.method == "exhaustive" else int(
                bad[_lex_least(rows[bad])])
            found = (tuple(int(b) for b in rows[r]), int(want[r]), int(got[r]))
            if first is None or found[0] < first[0]:
                first = found
        checked += len(rows)
        if time_limit is not None and checked < plan.inputs:
            _within(time_limit, time.perf_counter() - began, checked, plan, n)
    return _result(circuit, plan, checked, first)


def _result(circuit: ThresholdCircuit, plan: CheckPlan, checked: int,
            first: tuple[tuple[int, ...], int, int] | None) -> CircuitCheck:
    n = circuit.n_inputs
    verified = first is None and plan.complete
    if first is None:
        return CircuitCheck(verified=verified, n=n, checked=checked,
                            cot_length=circuit.cot_length, method=plan.method)
    return CircuitCheck(
        verified=False, n=n, checked=checked, cot_length=circuit.cot_length,
        counterexample=first[0], expected=first[1], got=first[2], method=plan.method,
    )


#: An exhaustive check of at least this much work (inputs times the weights
#: the circuit reads, inputs counted in) runs its circuits in numba
#: (:mod:`arcot.circuit._kernels`), streaming the inputs with no rows of
#: bits. Below it numpy's blocks take under about 3 s, and numba's import
#: and first call (about 1-2 s a process) would eat what the kernel saves;
#: once a kernel has run in the process, every exhaustive check uses it.
KERNEL_WORK = 1 << 27

# Sums stay exact in int64 below this (what Gate itself requires).
_INT64_SAFE = 1 << 62

_KernelArrays = tuple[np.ndarray, ...]


def _kernel_pays(circuit: ThresholdCircuit, n: int) -> bool:
    made = not isinstance(_kernels.answers, Kernel)
    if not made and _PLAIN.depth:  # inside plain_python() it would run as Python
        return False
    terms = sum(len(g.terms) for g in circuit.gates)
    return made or (1 << n) * (n + terms) >= KERNEL_WORK


def _kernel_arrays(circuit: ThresholdCircuit) -> _KernelArrays | None:
    """The kernel's arrays of ``circuit`` (:mod:`arcot.circuit._kernels`),
    or ``None`` if a gate's ``sum |w| + |threshold|`` reaches ``2^62``, where
    int64 sums are not known to be exact (the numpy check is used then)."""
    n = circuit.n_inputs
    index = {f"x{i}": i for i in range(n)}
    gate_no: dict[str, int] = {}
    by_input: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    offsets, reads, weights, thresholds, parity = [0], [], [], [], []
    for j, g in enumerate(circuit.gates):
        is_parity = g.kind == "parity"
        if sum(abs(w) for _, w in g.terms) + abs(g.threshold) >= _INT64_SAFE:
            return None
        for src, w in g.terms:
            w = 1 if is_parity else w  # a parity gate sums its sources mod 2
            if src in index:
                by_input[index[src]].append((j, w))
            else:
                reads.append(gate_no[src])
                weights.append(w)
        offsets.append(len(reads))
        thresholds.append(g.threshold)
        parity.append(is_parity)
        gate_no[g.name] = j
    in_offsets = np.cumsum([0] + [len(b) for b in by_input], dtype=np.int64)
    flat = [pair for b in by_input for pair in b]
    i64 = np.int64
    return (
        in_offsets, np.array([j for j, _ in flat], dtype=i64),
        np.array([w for _, w in flat], dtype=i64), np.array(offsets, dtype=i64),
        np.array(reads, dtype=i64), np.array(weights, dtype=i64),
        np.array(thresholds, dtype=i64), np.array(parity, dtype=np.bool_),
    )


def _check_by_kernel(
    circuit: ThresholdCircuit, f: Callable[[Bits], object], plan: CheckPlan,
    arrays: _KernelArrays, per_block: int, time_limit: float | None,
) -> CircuitCheck:
    """:func:`check_function`'s exhaustive check with the circuits in numba:
    the same inputs in the same order, so the same verdict and
    counterexample. A circuit function's answers come from the kernel too,
    a truth table's from its bits; only other functions see rows of bits."""
    n = circuit.n_inputs
    theirs = _kernel_arrays(f.circuit) if isinstance(f, CircuitFunction) else None
    table = None
    if isinstance(f, TableFunction):
        _fixed_n(f"truth table {f.name!r}", f.arity, [0] * n)
        table = f.table
    got = np.empty(per_block, dtype=np.int64)
    want = np.empty(per_block, dtype=np.int64)
    _kernels.answers(0, 0, n, *arrays, got)  # numba's set-up, outside the timing
    began = time.perf_counter()
    checked = 0
    first: tuple[tuple[int, ...], int, int] | None = None
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)
    start, size = 0, min(per_block, PROBE_BLOCK)  # the first block short (timed)
    while start < plan.inputs:
        stop = min(start + size, plan.inputs)
        m = stop - start
        _kernels.answers(start, stop, n, *arrays, got)
        if theirs is not None:
            _kernels.answers(start, stop, n, *theirs, want)
        elif table is not None:
            want[:m] = table[start:stop]
        else:
            r = np.arange(start, stop, dtype=np.int64)
            want[:m] = _values(f, (r[:, None] >> shifts[None, :]) & 1)
        bad = np.flatnonzero(want[:m] != got[:m])
        if len(bad) and first is None:  # the first wrong input, in order
            r0 = start + int(bad[0])
            bits = tuple((r0 >> (n - 1 - i)) & 1 for i in range(n))
            first = (bits, int(want[bad[0]]), int(got[bad[0]]))
        checked += m
        if time_limit is not None and checked < plan.inputs:
            _within(time_limit, time.perf_counter() - began, checked, plan, n)
        start, size = stop, per_block
    return _result(circuit, plan, checked, first)


def _within(limit: float, spent: float, checked: int, plan: CheckPlan,
            n: int) -> None:
    """Raise SizeLimitExceeded when a check has run, or would run, past
    ``limit`` seconds, at the rate measured so far."""
    what = (f"all 2^{n} inputs" if plan.method == "exhaustive" else
            f"{plan.inputs} inputs ({plan.method})")
    if spent > limit:
        raise SizeLimitExceeded(
            f"checking {what} ran past its time limit of {limit:.3g} s after "
            f"{checked} inputs"
        )
    rate = checked / max(spent, 1e-9)
    left = (plan.inputs - checked) / rate
    if spent + left > limit:
        raise SizeLimitExceeded(
            f"checking {what} would take about {_duration(spent + left)} at the "
            f"measured {rate:,.0f} inputs/s (the first {checked}), past its time "
            f"limit of {limit:.3g} s"
        )


def _duration(seconds: float) -> str:
    """``seconds`` readably: 3.2 s, 4.1 min, 2.7 h, 3.1e+05 years."""
    for unit, size in (("years", 365.25 * 86400), ("days", 86400), ("h", 3600),
                       ("min", 60)):
        if seconds >= size:
            value = seconds / size
            return f"{value:.3g} {unit}" if value < 1e6 else f"{value:.2e} {unit}"
    return f"{seconds:.3g} s"


def function_circuit(
    f: Callable[[tuple[int, ...]], object], n: int
) -> ThresholdCircuit:
    """A depth-2 threshold circuit for any ``f`` on ``n`` bits (its truth table).

    One gate per input ``a`` with ``f(a) = 1`` (the minterm
    ``1[ sum_{a_i=1} x_i - sum_{a_i=0} x_i >= |a| ]``), then an OR gate:
    ``|f^-1(1)| + 1`` tokens. Generic and long, the baseline that shorter
    schemes beat. A constant-0 ``f`` gives one gate that never fires.

    >>> c = function_circuit(lambda x: x[0] and not x[1], 2)
    >>> c.cot_length, check_function(c, lambda x: x[0] and not x[1]).verified
    (2, True)
    """
    n = check_n(n, 0)
    table = truth_table(f, n)
    rows = all_bit_inputs(n)
    gates: list[Gate] = []
    for r in np.flatnonzero(table).tolist():
        a = rows[r].tolist()
        gates.append(Gate(
            name=f"m{len(gates)}",
            weights=tuple((f"x{i}", 1 if b else -1) for i, b in enumerate(a)),
            threshold=sum(a),
        ))
    gates.append(Gate(name="or", weights=tuple((g.name, 1) for g in gates),
                      threshold=1))
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"truth-table-{n}")
