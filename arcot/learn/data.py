"""Training distributions: tableau windows and the tokens that follow them.

A learner sees *windows*: the three tokens ``(left, middle, right)`` above a
CoT token (``W + 2``, ``W + 1`` and ``W`` positions back in the stream) and
the token itself (teacher forcing). Three distributions produce them:

- ``inputs:N``: the tableau CoT of every input of length ``<= N``, all
  padded to one window and one step count, so position ``t`` means the same
  in every trace (needed by untied predictors);
- ``sample:K``: ``K`` random inputs (seeded; lengths ``0..max_length``),
  padded the same way;
- ``configurations:K``: ``K`` random well-formed configurations, written as
  a row of three cells, and the row the local rule makes of them, so that
  every local window can be covered whether or not a run reaches it.

The first delimiter of the CoT has no token ``W + 2`` back; the stream is
read as if a delimiter preceded it.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from arcot.cot import (
    DELIMITER,
    Tableau,
    TableauWindow,
    Vocabulary,
    as_tableau,
    encode_tableau_batch,
    tableau_window,
)
from arcot.errors import LearningError
from arcot.learn import _kernels as K
from arcot.machine import TuringMachine

__all__ = [
    "DISTRIBUTIONS",
    "CircuitData",
    "Distribution",
    "TableauBatch",
    "TokenStreams",
    "WindowData",
    "circuit_data",
    "configuration_windows",
    "stream_windows",
    "tableau_batch",
    "training_data",
]

DISTRIBUTIONS = ("inputs", "sample", "configurations")

#: Row width of the random configurations: the least that shows every kind
#: of window (a cell beside the left delimiter, an inner cell, a cell beside
#: the right delimiter, the delimiter itself).
CONFIGURATION_WIDTH = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Distribution:
    """A training distribution: ``kind`` and its size ``n``.

    >>> Distribution.parse("configurations:500")
    Distribution(kind='configurations', n=500)
    """

    kind: str
    n: int

    def __post_init__(self) -> None:
        if self.kind not in DISTRIBUTIONS:
            raise LearningError(
                f"unknown training distribution {self.kind!r}: expected one of "
                f"{', '.join(k + ':N' for k in DISTRIBUTIONS)}"
            )
        if not isinstance(self.n, int) or isinstance(self.n, bool) or self.n < 0:
            raise LearningError(
                f"{self.kind}:N needs an integer N >= 0, got {self.n!r}"
            )
        if self.kind != "inputs" and self.n < 1:
            raise LearningError(f"{self.kind}:K needs K >= 1, got {self.n}")

    @classmethod
    def parse(cls, text: str) -> Distribution:
        """Read ``inputs:N``, ``sample:K`` or ``configurations:K``."""
        kind, sep, count = str(text).partition(":")
        if not sep:
            raise LearningError(
                f"bad training distribution {text!r}: expected KIND:N, one of "
                f"{', '.join(k + ':N' for k in DISTRIBUTIONS)}"
            )
        try:
            n = int(count)
        except ValueError:
            raise LearningError(
                f"bad training distribution {text!r}: {count!r} is not an integer"
            ) from None
        return cls(kind=kind, n=n)

    def __str__(self) -> str:
        return f"{self.kind}:{self.n}"


class TokenStreams(NamedTuple):
    """Validated tableau streams a :class:`WindowData` is read from.

    ``keys`` and ``counts``: the distinct examples of a tied predictor,
    ``(left, middle, right, target)`` in base ``V`` sorted, and how often each
    occurs, when they were counted in the pass that checked the streams
    (a dense count table; ``None`` where the key space is too large).
    """

    streams: np.ndarray  # [n_streams, length] int64 token ids, read-only
    width: int
    delimiter: int
    keys: np.ndarray | None = None  # [k] int64, read-only
    counts: np.ndarray | None = None  # [k] int64, read-only

    @property
    def cot_length(self) -> int:
        """CoT tokens (windows) in each stream."""
        return int(self.streams.shape[1]) - (self.width + 1)


#: The arrays a stream-backed :class:`WindowData` builds when first read.
_LAZY_ARRAYS = ("windows", "targets", "positions")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class WindowData:
    """Training windows and their next tokens.

    ``positions[i]`` is the CoT position of target ``i`` (``-1`` when it does
    not come from a run, as with random configurations); ``cot_tokens`` is
    how many CoT tokens the data was read from. ``window`` and ``steps`` are
    the one tableau shape the runs were padded to, in which the positions
    are positions (``None`` when the data says no shape, e.g. configurations).

    Data read from token streams (:func:`stream_windows`, and so
    :func:`training_data` on runs) keep the streams, and build ``windows``,
    ``targets`` and ``positions`` (40 bytes a CoT token) only when something
    reads them: :func:`~arcot.learn.fit_linear_predictor` counts the
    distinct examples straight from the streams.
    """

    vocabulary: Vocabulary
    windows: np.ndarray  # [n, 3] int64 token ids (left, middle, right), read-only
    targets: np.ndarray  # [n] int64 token ids, read-only
    positions: np.ndarray  # [n] int64, read-only
    source: str = ""
    window: TableauWindow | None = None
    steps: int | None = None
    #: The streams the arrays are read from (``None``: the arrays were given).
    streams: TokenStreams | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        _check_shape(self.window, self.steps)
        v = len(self.vocabulary)
        win = np.ascontiguousarray(np.asarray(self.windows), dtype=np.int64)
        if win.ndim != 2 or win.shape[1] != 3:
            raise LearningError(f"windows must have shape [n, 3], got {win.shape}")
        tgt = np.ascontiguousarray(np.asarray(self.targets), dtype=np.int64)
        if tgt.shape != (len(win),):
            raise LearningError(
                f"targets must have shape {(len(win),)}, got {tgt.shape}"
            )
        pos = np.ascontiguousarray(np.asarray(self.positions), dtype=np.int64)
        if pos.shape != (len(win),):
            raise LearningError(
                f"positions must have shape {(len(win),)}, got {pos.shape}"
            )
        for name, arr in (("windows", win), ("targets", tgt)):
            if arr.size and (arr.min() < 0 or arr.max() >= v):
                raise LearningError(
                    f"{name} token ids must lie in 0..{v - 1}, got "
                    f"{arr.min()}..{arr.max()}"
                )
        if pos.size and pos.min() < -1:
            raise LearningError(f"positions must be >= -1, got {pos.min()}")
        for name, arr in (("windows", win), ("targets", tgt), ("positions", pos)):
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @classmethod
    def _from_streams(
        cls,
        vocabulary: Vocabulary,
        streams: TokenStreams,
        *,
        source: str,
        window: TableauWindow | None,
        steps: int | None,
    ) -> WindowData:
        """Data over validated ``streams``, the arrays left to build."""
        _check_shape(window, steps)
        data = object.__new__(cls)
        for name, value in (
            ("vocabulary", vocabulary), ("source", source), ("window", window),
            ("steps", steps), ("streams", streams),
        ):
            object.__setattr__(data, name, value)
        return data

    if not TYPE_CHECKING:  # to mypy, the three arrays are plain fields

        def __getattr__(self, name: str) -> np.ndarray:
            # Only reached when a slot is unset: the arrays of stream data.
            if name not in _LAZY_ARRAYS:
                raise AttributeError(name)
            src = object.__getattribute__(self, "streams")
            if src is None:
                raise AttributeError(name)
            arrays = K._stream_windows(src.streams, src.width, src.delimiter)
            for key, arr in zip(_LAZY_ARRAYS, arrays, strict=True):
                arr.setflags(write=False)
                object.__setattr__(self, key, arr)
            return object.__getattribute__(self, name)

    def __len__(self) -> int:
        if self.streams is not None:
            return int(self.streams.streams.shape[0]) * self.streams.cot_length
        return len(self.targets)

    @property
    def cot_tokens(self) -> int:
        """CoT tokens (windows) in the data."""
        return len(self)


def _check_shape(window: TableauWindow | None, steps: int | None) -> None:
    if (window is None) != (steps is None) or not (
        window is None or isinstance(window, TableauWindow)
    ) or not (steps is None or (isinstance(steps, int)
                                and not isinstance(steps, bool)
                                and steps >= 0)):
        raise LearningError(
            "window and steps: a TableauWindow and an integer >= 0, both or "
            f"neither, got {window!r} and {steps!r}"
        )


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TableauBatch:
    """Tableau streams of many inputs padded to one shape.

    ``streams[i]`` is the prompt row then the CoT of ``words[i]``, all over
    ``window`` and ``steps`` rows.
    """

    words: tuple[tuple[Hashable, ...], ...]
    vocabulary: Vocabulary
    window: TableauWindow
    steps: int
    streams: np.ndarray  # [n_words, (steps + 1) * (width + 1)] int64, read-only

    def __post_init__(self) -> None:
        arr = np.ascontiguousarray(self.streams, dtype=np.int64)
        arr.setflags(write=False)
        object.__setattr__(self, "streams", arr)


#: Most inputs ``inputs:N`` and ``sample:K`` encode, and most random
#: configurations ``configurations:K`` draws (a bad request fails fast).
MAX_INPUTS = 1 << 20
MAX_CONFIGURATIONS = 1 << 24


def all_words(machine: TuringMachine, max_length: int) -> list[tuple[Hashable, ...]]:
    """Every input word of length ``<= max_length``, shortest first.

    Raises :class:`~arcot.errors.LearningError` beyond :data:`MAX_INPUTS`.
    """
    alphabet = list(machine.input_symbols or ())
    count = sum(len(alphabet) ** n for n in range(max_length + 1))
    if count > MAX_INPUTS:
        raise LearningError(
            f"inputs:{max_length} means {count} inputs, more than {MAX_INPUTS}; "
            "use sample:K"
        )
    return [
        tuple(w)
        for n in range(max_length + 1)
        for w in itertools.product(alphabet, repeat=n)
    ]


def tableau_batch(
    machine: TuringMachine | Tableau,
    words: Sequence[Sequence[Hashable]],
    *,
    max_steps: int = 10_000,
) -> TableauBatch:
    """The tableau streams of ``words`` over their least common window.

    Raises :class:`~arcot.errors.StepLimitExceeded` if a run does not stop
    within ``max_steps``.

    >>> from arcot.zoo import get
    >>> b = tableau_batch(get("increment"), ["1", "11"])
    >>> b.streams.shape == (2, (b.steps + 1) * (b.window.width + 1))
    True
    """
    tableau = as_tableau(machine)
    machine = tableau.machine
    checked = [machine.check_word(w) for w in words]
    if not checked:
        raise LearningError("no input words to encode")
    window, steps = tableau_window(machine, checked, max_steps=max_steps)
    streams = np.empty((len(checked), (steps + 1) * (window.width + 1)), np.int64)
    by_length: dict[int, list[int]] = {}
    for i, w in enumerate(checked):
        by_length.setdefault(len(w), []).append(i)
    for n, rows in by_length.items():
        ids = np.array(
            [[machine.symbol_index(s) for s in checked[i]] for i in rows],
            dtype=np.int64,
        ).reshape(len(rows), n)
        streams[rows] = encode_tableau_batch(tableau, ids, window=window, steps=steps)
    return TableauBatch(
        words=tuple(checked),
        vocabulary=tableau.vocabulary,
        window=window,
        steps=steps,
        streams=streams,
    )


def stream_windows(
    vocabulary: Vocabulary,
    streams: np.ndarray,
    width: int,
    *,
    source: str = "",
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> WindowData:
    """The windows and targets of every CoT token of tableau ``streams``
    (``window``/``steps``: their shape, recorded in the data).

    >>> from arcot.cot import encode_tableau
    >>> from arcot.zoo import get
    >>> t = encode_tableau(get("bb2"))
    >>> d = stream_windows(t.vocabulary, t.tokens[None, :], t.width)
    >>> len(d) == len(t.cot)
    True
    """
    given = np.asarray(streams)
    arr = np.atleast_2d(given)
    if arr.ndim != 2 or not np.issubdtype(arr.dtype, np.integer):
        raise LearningError(
            f"streams must be integer token ids [n_streams, length], got "
            f"{arr.dtype} of shape {arr.shape}"
        )
    arr = np.ascontiguousarray(arr, dtype=np.int64)
    row = width + 1
    if width < 1 or arr.shape[1] % row or arr.shape[1] < row:
        raise LearningError(
            f"streams of length {arr.shape[1]} are not whole rows of width {width}"
        )
    v = len(vocabulary)
    delim = vocabulary.id(DELIMITER)
    keys = counts = None
    space = v**4
    if dense_table(space, arr.shape[0] * (arr.shape[1] - row)):
        # One pass checks every token and counts the tied examples.
        table = np.zeros(space, np.int64)
        valid = K._count_stream_checked(arr, width, delim, v, table)
        keys = np.flatnonzero(table)
        counts = table[keys]
        for a in (keys, counts):
            a.setflags(write=False)
    else:
        lo, hi = K._token_range(arr)
        valid = not arr.size or (lo >= 0 and hi < v)
    if not valid:
        lo, hi = K._token_range(arr)
        raise LearningError(f"stream token ids must lie in 0..{v - 1}, got {lo}..{hi}")
    # The data keep the streams: a copy unless no one can change them.
    if np.may_share_memory(arr, given) and not _immutable(arr):
        arr = arr.copy()
    arr.setflags(write=False)
    src = TokenStreams(
        streams=arr, width=width, delimiter=delim, keys=keys, counts=counts
    )
    return WindowData._from_streams(
        vocabulary, src, source=source, window=window, steps=steps
    )


#: Above this many entries a dense count table (8 bytes each) would cost more
#: than ~32 MB, and learners hash or sort instead.
DENSE_LIMIT = 1 << 22


def dense_table(space: int, n: int) -> bool:
    """Whether to count ``n`` keys in ``0..space-1`` in a dense table rather
    than hash them: it fits in :data:`DENSE_LIMIT` and scanning it costs no
    more than the keys."""
    return space <= DENSE_LIMIT and space <= 4 * max(n, 1 << 14)


def _immutable(arr: np.ndarray) -> bool:
    """Whether no one can write ``arr``'s memory: it and every array it views
    are read-only, down to an array that owns its data."""
    a: object = arr
    while isinstance(a, np.ndarray):
        if a.flags.writeable:
            return False
        a = a.base
    return a is None


def rule_table(machine: TuringMachine | Tableau, vocab: Vocabulary) -> np.ndarray:
    """The local rule as an array ``[V, V, V]`` of token ids.

    Defined (not -1) on every window with at most one head and on every
    delimiter window ``(x, #, y)``, which stays ``#`` whatever ``x`` and ``y``
    (:attr:`arcot.cot.Tableau.rule_table`).
    """
    tableau = as_tableau(machine)
    if vocab != tableau.vocabulary:
        raise LearningError("the vocabulary is not the machine's tableau vocabulary")
    return tableau.rule_table


def configuration_windows(
    machine: TuringMachine | Tableau, k: int, *, seed: int = 0
) -> WindowData:
    """Windows of ``k`` random configurations and their successor rows.

    Each sample is a stream of three rows: a random row (whose last cell the
    successor's delimiter reads; one time in eight a ``#``, as the first CoT
    delimiter reads), a random configuration (uniform symbols, one head in a
    uniform state, halt states included, and a uniform cell; one time in four
    no head, a stretch of tape away from it) and its successor under the
    local rule; the data are the successor's windows.
    A third of the samples have rows of one cell (the only rows that show
    a cell between two delimiters), the rest rows of
    :data:`CONFIGURATION_WIDTH` cells. Every delimiter window ``(x, #, y)``
    is added once, since the ``windows`` scope checks them all.

    >>> from arcot.zoo import get
    >>> d = configuration_windows(get("bb2"), 30)
    >>> len(d) == 10 * 2 + 20 * 4 + 9 * 9, d.source
    (True, 'configurations:30')
    """
    tableau = as_tableau(machine)
    vocab = tableau.vocabulary
    rng = np.random.default_rng(seed)
    narrow = k // 3
    parts = [
        _configuration_part(tableau, rng, n, width)
        for n, width in ((narrow, 1), (k - narrow, CONFIGURATION_WIDTH))
        if n
    ]
    # Every delimiter window (x, #, y), once: the ``windows`` scope of
    # arcot.verify.exact checks them all, including y = #, which no tableau
    # shows (the token W back from a delimiter is a cell), so no
    # configuration can.
    size = len(vocab)
    delim = vocab.id(DELIMITER)
    xs, ys = np.divmod(np.arange(size * size, dtype=np.int64), size)
    around = np.stack([xs, np.full_like(xs, delim), ys], axis=1)
    parts.append((around, np.full(len(around), delim, np.int64)))
    return WindowData(
        vocabulary=vocab,
        windows=np.concatenate([p[0] for p in parts]),
        targets=np.concatenate([p[1] for p in parts]),
        positions=np.full(sum(len(p[1]) for p in parts), -1, np.int64),
        source=f"configurations:{k}",
    )


def _configuration_part(
    tableau: Tableau, rng: np.random.Generator, k: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    vocab = tableau.vocabulary
    n_sym = tableau.machine.n_symbols
    n_states = tableau.machine.n_states

    def rows(n: int) -> np.ndarray:
        cells = 1 + rng.integers(0, n_sym, size=(n, width))
        head = rng.integers(0, width, size=n)
        state = rng.integers(0, n_states, size=n)
        idx = np.arange(n)
        has = rng.integers(0, 4, size=n) > 0
        idx, head, state = idx[has], head[has], state[has]
        cells[idx, head] = 1 + n_sym + state * n_sym + (cells[idx, head] - 1)
        return np.concatenate([np.zeros((n, 1), np.int64), cells], axis=1)

    before, config = rows(k), rows(k)
    before[rng.integers(0, 8, size=k) == 0, width] = vocab.id(DELIMITER)
    # the successor row's windows and tokens in one pass: what the windows
    # of the streams (before, config, successor) keep of the successor
    windows, targets, ok = K._successor_windows(
        before, config, tableau.is_head, tableau.symbol, tableau.stay,
        tableau.enters_right, tableau.enters_left, tableau.machine.n_symbols,
        vocab.id(DELIMITER),
    )
    assert ok  # a configuration holds one head at most
    return windows, targets


def training_data(
    machine: TuringMachine | Tableau,
    distribution: str | Distribution,
    *,
    seed: int = 0,
    max_steps: int = 10_000,
    max_length: int = 8,
) -> WindowData:
    """Training windows of ``machine`` under ``distribution``.

    Parameters
    ----------
    machine
        The machine whose tableau CoT is learned, or its
        :class:`~arcot.cot.Tableau`.
    distribution
        ``inputs:N``, ``sample:K`` or ``configurations:K`` (see the module
        docstring).
    seed
        Seed of the random distributions.
    max_steps
        Step budget of each run (:class:`~arcot.errors.StepLimitExceeded`
        if a run needs more).
    max_length
        Longest input ``sample:K`` draws.

    Examples
    --------
    >>> from arcot.zoo import get
    >>> d = training_data(get("increment"), "inputs:2")
    >>> d.source, len(d) > 0
    ('inputs:2', True)
    """
    tableau = as_tableau(machine)
    machine = tableau.machine
    dist = (
        distribution
        if isinstance(distribution, Distribution)
        else (Distribution.parse(distribution))
    )
    limit = MAX_CONFIGURATIONS if dist.kind == "configurations" else MAX_INPUTS
    if dist.kind != "inputs" and dist.n > limit:
        raise LearningError(f"{dist} asks for more than {limit} samples")
    if dist.kind == "configurations":
        return configuration_windows(tableau, dist.n, seed=seed)
    if dist.kind == "inputs":
        words = all_words(machine, dist.n)
    else:
        if max_length < 0:
            raise LearningError(f"max_length must be >= 0, got {max_length}")
        rng = np.random.default_rng(seed)
        alphabet = list(machine.input_symbols or ())
        words = []
        for _ in range(dist.n):
            n = int(rng.integers(0, max_length + 1)) if alphabet else 0
            words.append(
                tuple(alphabet[int(i)] for i in rng.integers(0, len(alphabet), n))
            )
    batch = tableau_batch(tableau, words, max_steps=max_steps)
    data = stream_windows(
        batch.vocabulary, batch.streams, batch.window.width, source=str(dist),
        window=batch.window, steps=batch.steps,
    )
    return data


def window_tokens(vocab: Vocabulary, window: Sequence[int]) -> tuple[Hashable, ...]:
    """The tokens of a window of ids (for messages)."""
    return tuple(vocab.token(int(i)) for i in window)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CircuitData:
    """Circuit-encoding CoTs of every input of one length, as 0/1 rows.

    ``contexts[i]`` is input ``words[i]``'s row 0, one-hot (``n_inputs``
    bits, the compiled circuit's input), then its CoT: the gate values of
    rows ``1..steps`` over ``window``.
    """

    words: tuple[tuple[Hashable, ...], ...]
    window: TableauWindow
    steps: int
    n_inputs: int
    contexts: np.ndarray  # [n_words, n_inputs + T] int64 of 0/1, read-only

    def __post_init__(self) -> None:
        arr = np.ascontiguousarray(self.contexts, dtype=np.int64)
        arr.setflags(write=False)
        object.__setattr__(self, "contexts", arr)


def circuit_data(
    machine: TuringMachine | Tableau, n: int, *, max_steps: int = 10_000
) -> CircuitData:
    """The circuit CoTs of every input of length ``n``, one shared shape.

    The shape is the least window and step count over those inputs
    (at least one step, so that the circuit has gates).

    >>> from arcot.zoo import get
    >>> d = circuit_data(get("parity"), 2)
    >>> d.contexts.shape[0], d.n_inputs == d.window.width * (3 + 3 * 3)  # one-hot cells
    (4, True)
    """
    from arcot.cot import encode_circuit, length_shape

    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise LearningError(f"the input length must be an integer >= 0, got {n!r}")
    tableau = as_tableau(machine)
    window, steps = length_shape(tableau, n, max_steps=max_steps)
    steps = max(steps, 1)
    alphabet = list(tableau.machine.input_symbols or ())
    words = [tuple(w) for w in itertools.product(alphabet, repeat=n)]
    rows = []
    n_inputs = 0
    for w in words:
        t = encode_circuit(tableau, w, window=window, steps=steps)
        n_inputs = len(t.prompt)
        rows.append(np.concatenate([t.prompt, t.cot]))
    return CircuitData(
        words=tuple(words),
        window=window,
        steps=steps,
        n_inputs=n_inputs,
        contexts=np.stack(rows),
    )
