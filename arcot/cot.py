"""Chain-of-thought encodings of machine runs.

The *tableau* encoding (THEORY.md section 3) writes a run as rows of a fixed
window of ``W`` tape cells, each row behind a delimiter ``#``: row 0 (the
initial configuration) is the prompt, rows ``1..T`` are the chain of thought,
and a stopped configuration maps to itself, so every input of one length
gives a CoT of one length, ``T * (W + 1)`` tokens. A cell token is a plain
symbol ``a`` or a head cell ``(q, a)``. Cell ``i`` of row ``t + 1`` is
:func:`local_rule` of cells ``i - 1, i, i + 1`` of row ``t``, which sit
``W + 2``, ``W + 1`` and ``W`` tokens back in the stream.

Worked example (bb2, ``1RB1LB_1LA1RZ``, window cells -2..1, W = 4)::

    # 0 0 (A,0) 0       <- prompt, row 0
    # 0 0 1 (B,0)       <- row 1: A wrote 1, moved right into B
    ...

The *circuit* encoding is the same rows one-hot, ``|V|`` bits a cell (the
delimiter left out): the gate values of :func:`arcot.circuit.compile_machine`,
``T * W * |V|`` binary tokens. The *step log* is one token a step
(``state read > write move``) and a final ``stop(state,symbol)``: ``T + 1``
tokens, but its next token depends on the whole history. :func:`encode` and
:func:`decode` handle all three; :func:`length_shape` gives the shape shared
by all inputs of one length and :func:`cot_length` the exact length law.
docs/explanation/encodings.md has a worked token string of each.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

import numpy as np

from arcot.circuit import machine_cell_tokens
from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import (
    Configuration,
    Move,
    Transition,
    TuringMachine,
    configurations,
    flat_tables,
    run,
)

__all__ = [
    "DELIMITER",
    "ENCODINGS",
    "MAX_ALL_INPUTS",
    "CoTTrace",
    "HeadCell",
    "StepToken",
    "StopToken",
    "TableauWindow",
    "Vocabulary",
    "all_words",
    "circuit_length",
    "circuit_vocabulary",
    "cot_length",
    "decode",
    "decode_tableau",
    "encode",
    "encode_circuit",
    "encode_circuit_batch",
    "encode_steplog",
    "encode_tableau",
    "encode_tableau_batch",
    "length_shape",
    "local_rule",
    "steplog_length",
    "steplog_vocabulary",
    "tableau_length",
    "tableau_vocabulary",
    "tableau_window",
    "token_key",
]

#: The row delimiter token's name.
DELIMITER = "#"

#: The delimiter's identity in a vocabulary (:func:`token_key`).
_DELIMITER_KEY = ("plain", DELIMITER)

#: The chain-of-thought encodings :func:`encode` knows.
ENCODINGS: tuple[str, ...] = ("tableau", "circuit", "steplog")


class HeadCell(NamedTuple):
    """A tape cell under the head: the machine's state and the cell's symbol."""

    state: Hashable
    symbol: Hashable

    def __str__(self) -> str:
        return f"({self.state},{self.symbol})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary:
    """Named tokens with integer ids (the id is the position in ``tokens``).

    ``names`` are the tokens' printable names, unique, used in JSON output
    and certificates.

    A token's identity is its *kind* and its value, not its equality: a
    :class:`HeadCell`, :class:`StepToken` or :class:`StopToken` is a named
    tuple, equal (and hash-equal) to the plain tuple of its fields, but a
    plain tuple is a plain token (e.g. a tape symbol ``("A", "0")``), never
    the head cell ``(A,0)``. :meth:`id` and :meth:`ids` look tokens up by
    ``(kind, value)``; two tokens of one kind that are equal are an error.

    >>> v = Vocabulary(tokens=(("A", "0"), HeadCell("A", "0")))
    >>> v.id(("A", "0")), v.id(HeadCell("A", "0")), v.names
    (0, 1, ("('A', '0')", '(A,0)'))
    """

    tokens: tuple[Hashable, ...]
    names: tuple[str, ...] = field(init=False)
    # (kind, value) of each token: what identifies it (compared, so two
    # vocabularies whose tokens are equal but of other kinds differ).
    _keys: tuple[tuple[str, Hashable], ...] = field(init=False, repr=False)
    # ids of the plain tokens, keyed by the token itself (no key to build on
    # the hot path), and of the structured ones, keyed by (kind, token)
    _plain: dict[Hashable, int] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _structured: dict[tuple[str, Hashable], int] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        tokens = tuple(self.tokens)
        names = tuple(str(t) for t in tokens)
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise EncodingError(
                f"two tokens share the name {dup!r}; rename the machine's "
                "states or symbols"
            )
        keys = tuple(token_key(t) for t in tokens)
        plain: dict[Hashable, int] = {}
        structured: dict[tuple[str, Hashable], int] = {}
        for i, key in enumerate(keys):
            j = (
                plain.setdefault(key[1], i) if key[0] == "plain"
                else structured.setdefault(key, i)
            )
            if j != i:
                raise EncodingError(
                    f"tokens {names[j]!r} and {names[i]!r} are equal tokens of "
                    f"one kind ({key[0]}); rename the machine's states or symbols"
                )
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_plain", plain)
        object.__setattr__(self, "_structured", structured)

    def __len__(self) -> int:
        return len(self.tokens)

    def id(self, token: Hashable) -> int:
        """The id of ``token`` (looked up by kind and value, :func:`token_key`)."""
        kind = _KIND_OF_TYPE.get(type(token))  # token_key, inlined: ids are hot
        if kind is None and isinstance(token, tuple):
            kind = token_key(token)[0]
        try:
            if kind is None or kind == "plain":
                return self._plain[token]
            return self._structured[kind, token]
        except (KeyError, TypeError):
            raise EncodingError(f"{token!r} is not in the vocabulary") from None

    def ids(self, tokens: Iterable[Hashable]) -> np.ndarray:
        """Ids of ``tokens`` as an int64 array."""
        return np.array([self.id(t) for t in tokens], dtype=np.int64)

    def token(self, token_id: int) -> Hashable:
        """The token with id ``token_id``."""
        if not 0 <= token_id < len(self.tokens):
            raise EncodingError(
                f"token id {token_id} is outside the vocabulary (size {len(self)})"
            )
        return self.tokens[token_id]


def token_key(token: Hashable) -> tuple[str, Hashable]:
    """What identifies a token in a :class:`Vocabulary`: ``(kind, value)``.

    The kind is ``"head"``, ``"step"`` or ``"stop"`` for arcot's structured
    tokens (:class:`HeadCell`, :class:`StepToken`, :class:`StopToken`) and
    ``"plain"`` for anything else (the delimiter, tape symbols, bits), so a
    plain tuple never stands for the named tuple it equals.

    >>> token_key(HeadCell("A", "0")) == token_key(("A", "0"))
    False
    """
    kind = _KIND_OF_TYPE.get(type(token))
    if kind is not None:
        return kind, token
    if isinstance(token, tuple):  # a subclass of one of them is one of them
        for cls, kind in _TOKEN_KINDS:
            if isinstance(token, cls):
                return kind, token
    return "plain", token


def tableau_vocabulary(machine: TuringMachine) -> Vocabulary:
    """``#``, then every symbol, then every head cell ``(q, a)``.

    Ids: ``0`` is ``#``; ``1 + k`` is symbol ``k``; head ``(q, a)`` is
    ``1 + S + q_index * S + a_index`` with ``S`` symbols. A symbol is a
    plain token even when it equals a head cell's tuple (:func:`token_key`).
    Raises :class:`~arcot.errors.EncodingError` for a symbol named ``#``
    (the machine model allows one, and the step log encodes it, but here the
    name is the delimiter's) and for names two tokens share.

    >>> from arcot.zoo import get
    >>> tableau_vocabulary(get("bb2")).names[:4]
    ('#', '0', '1', '(A,0)')
    """
    _check_plain_symbols(machine)
    for s in machine.symbols:
        if str(s) == DELIMITER:
            raise EncodingError(
                f"symbol {s!r}: the tableau encoding reserves the name "
                f"{DELIMITER!r} for its row delimiter; rename the symbol"
            )
    heads = [HeadCell(q, a) for q in machine.states for a in machine.symbols]
    return Vocabulary(tokens=(DELIMITER, *machine.symbols, *heads))


def _check_plain_symbols(machine: TuringMachine) -> None:
    """Raise if a tape symbol is one of arcot's structured tokens (a
    :class:`HeadCell`, :class:`StepToken` or :class:`StopToken`): its kind
    would make it a head or a step, not a symbol (:func:`token_key`)."""
    for s in machine.symbols:
        kind = token_key(s)[0]
        if kind != "plain":
            raise EncodingError(
                f"symbol {s!r} is a {type(s).__name__}, arcot's {kind} token; "
                "use a plain value (a string, a number, a plain tuple)"
            )


def local_rule(
    machine: TuringMachine, left: Hashable, middle: Hashable, right: Hashable
) -> Hashable:
    """The tableau's local rule F: the next token of the cell ``middle``.

    ``left`` and ``right`` are the neighbouring tokens of the row above; a
    window holds at most one head cell. The delimiter stays a delimiter, a
    stopped head stays as it is, a moving head leaves the symbol it wrote,
    and a head moving in from a neighbour lands on this cell.
    """
    if middle == DELIMITER:
        return DELIMITER
    if isinstance(middle, HeadCell):
        rule = _live_rule(machine, middle)
        if rule is None:
            return middle
        if rule.move is Move.STAY:
            return HeadCell(rule.next_state, rule.write)
        return rule.write
    for neighbour, arriving in ((left, Move.RIGHT), (right, Move.LEFT)):
        if isinstance(neighbour, HeadCell):
            rule = _live_rule(machine, neighbour)
            if rule is not None and rule.move is arriving:
                return HeadCell(rule.next_state, middle)
    return middle


def _live_rule(machine: TuringMachine, head: HeadCell) -> Transition | None:
    if head.state in machine.halt_states:
        return None
    return machine.transitions.get((head.state, head.symbol))


@dataclass(frozen=True, slots=True, kw_only=True)
class TableauWindow:
    """Which tape cells a tableau row shows: ``left .. left + width - 1``."""

    left: int
    width: int

    def __post_init__(self) -> None:
        for name in ("left", "width"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise EncodingError(f"window {name} must be an integer, got {value!r}")
            object.__setattr__(self, name, int(value))
        if self.width < 1:
            raise EncodingError(f"window width must be >= 1, got {self.width}")

    @property
    def cells(self) -> range:
        """The tape cells of the window."""
        return range(self.left, self.left + self.width)


def tableau_window(
    machine: TuringMachine, words: Iterable[Sequence[Hashable]], *, max_steps: int
) -> tuple[TableauWindow, int]:
    """The least window and step count ``T`` covering every run on ``words``.

    The window holds every input cell and every cell the head visits; ``T``
    is the longest run. Raises :class:`~arcot.errors.StepLimitExceeded` if a
    run does not stop within ``max_steps``.
    """
    lo, hi, steps = 0, 0, 0
    for word in words:
        r = run(machine, word, max_steps=max_steps)
        if not r.halted:
            raise StepLimitExceeded(
                f"the machine did not stop within {max_steps} steps on input "
                f"{''.join(map(str, word))!r}",
                steps=r.steps,
            )
        lo, hi = min(lo, r.span[0]), max(hi, r.span[1], len(word) - 1)
        steps = max(steps, r.steps)
    return TableauWindow(left=lo, width=hi - lo + 1), steps


def tableau_length(steps: int, width: int) -> int:
    """The exact length law: ``T * (W + 1)`` CoT tokens after the prompt."""
    return steps * (width + 1)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CoTTrace:
    """A prompt and its chain of thought, as token ids of ``vocabulary``."""

    encoding: str
    vocabulary: Vocabulary
    prompt: np.ndarray  # [n_prompt] int64, read-only
    cot: np.ndarray  # [n_cot] int64, read-only
    steps: int
    width: int
    #: The window's first tape cell (row cells are ``left .. left + width - 1``).
    left: int = 0
    #: Circuit encoding only: the names of the cell tokens, in one-hot order.
    cell_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise EncodingError(
                f"unknown encoding {self.encoding!r}: expected one of "
                f"{', '.join(ENCODINGS)}"
            )
        if not isinstance(self.vocabulary, Vocabulary):
            raise EncodingError(
                f"vocabulary must be a Vocabulary, got {type(self.vocabulary).__name__}"
            )
        _check_count("steps", self.steps)
        _check_count("width", self.width, 1)
        _check_count("left", self.left, -(1 << 62))
        for name in ("prompt", "cot"):
            arr = np.array(getattr(self, name), dtype=np.int64).reshape(-1)
            bad = (arr < 0) | (arr >= len(self.vocabulary))
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise EncodingError(
                    f"{name}[{i}] = {int(arr[i])} is not a token id (vocabulary "
                    f"size {len(self.vocabulary)})"
                )
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "cell_names", tuple(self.cell_names))

    @property
    def tokens(self) -> np.ndarray:
        """Prompt and CoT, one stream."""
        return np.concatenate([self.prompt, self.cot])

    def render(self) -> str:
        """A readable rendering, one line a row (tableau, circuit) or a step.

        tableau: the tokens of each row; circuit: each cell's one-hot bits,
        then the cell tokens they stand for; steplog: the prompt, then one
        step token a line.
        """
        names = self.vocabulary.names
        if self.encoding == "steplog":
            prompt = " ".join(names[i] for i in self.prompt) or "(empty)"
            lines = [f"prompt: {prompt}"]
            lines += [f"{t:>4}  {names[i]}" for t, i in enumerate(self.cot, 1)]
            return "\n".join(lines)
        if self.encoding == "circuit":
            if not self.cell_names:  # no cell names: the bits as they are
                return " ".join(names[i] for i in self.tokens)
            return _render_circuit(self)
        stream = self.tokens
        row = self.width + 1
        return "\n".join(
            " ".join(names[i] for i in stream[k : k + row])
            for k in range(0, len(stream), row)
        )


def encode_tableau(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The tableau CoT of ``machine`` on ``word``.

    By default the window is the least one covering the run and ``steps`` is
    the run's length; pass both to pad many inputs to one shape (extra rows
    repeat the stopped configuration). Raises
    :class:`~arcot.errors.EncodingError` if the window is too small for the
    run, and :class:`~arcot.errors.StepLimitExceeded` if the machine does not
    stop within ``max_steps`` (or within ``steps``, when given).

    >>> from arcot.zoo import get
    >>> t = encode_tableau(get("bb2"))
    >>> t.steps, t.width, len(t.cot) == tableau_length(t.steps, t.width)
    (6, 4, True)
    """
    word = machine.check_word(word)
    if window is None:
        window, needed = tableau_window(machine, [word], max_steps=max_steps)
    else:
        needed = None
    if steps is None:
        if needed is None:
            _, needed = tableau_window(machine, [word], max_steps=max_steps)
        steps = needed
    vocab = tableau_vocabulary(machine)
    rows: list[list[int]] = []
    last = None
    for config in configurations(machine, word):
        if config.step > steps:
            raise StepLimitExceeded(
                f"the machine did not stop within {steps} steps", steps=steps
            )
        if config.head not in window.cells:
            raise EncodingError(
                f"window {window.left}..{window.left + window.width - 1} is too "
                f"small: the head reaches cell {config.head} at step {config.step}"
            )
        row = [0]
        for c in window.cells:
            sym = config.symbol(c)
            tok = HeadCell(config.state, sym) if c == config.head else sym
            row.append(vocab.id(tok))
        for c in range(config.origin, config.origin + len(config.cells)):
            if c not in window.cells and config.symbol(c) != machine.blank:
                raise EncodingError(
                    f"window {window.left}..{window.left + window.width - 1} is "
                    f"too small: cell {c} holds {config.symbol(c)!r}"
                )
        rows.append(row)
        last = row
    assert last is not None
    while len(rows) < steps + 1:
        rows.append(last)
    if len(rows) > steps + 1:
        raise StepLimitExceeded(
            f"the machine did not stop within {steps} steps", steps=steps
        )
    flat = np.array(rows, dtype=np.int64).reshape(-1)
    row_len = window.width + 1
    return CoTTrace(
        encoding="tableau",
        vocabulary=vocab,
        prompt=flat[:row_len],
        cot=flat[row_len:],
        steps=steps,
        width=window.width,
        left=window.left,
    )


def decode_tableau(
    machine: TuringMachine, trace: CoTTrace, *, left: int = 0
) -> list[tuple[Hashable, int, tuple[Hashable, ...]]]:
    """The configurations a tableau trace shows, one per row.

    Each is ``(state, head, cells)`` with ``cells`` the window's symbols
    starting at tape cell ``left``. Raises on a malformed row.
    """
    vocab = trace.vocabulary
    row_len = trace.width + 1
    stream = trace.tokens
    if len(stream) % row_len:
        raise EncodingError(f"{len(stream)} tokens is not a whole number of rows")
    out = []
    for k in range(0, len(stream), row_len):
        row = [vocab.token(int(i)) for i in stream[k : k + row_len]]
        delimiters = [token_key(t) == _DELIMITER_KEY for t in row]
        if not delimiters[0]:
            raise EncodingError(f"row {k // row_len} does not start with '#'")
        if any(delimiters[1:]):
            raise EncodingError(
                f"row {k // row_len} has '#' in cell {delimiters.index(True, 1)}"
            )
        heads = [i for i, t in enumerate(row[1:]) if isinstance(t, HeadCell)]
        if len(heads) != 1:
            raise EncodingError(f"row {k // row_len} has {len(heads)} heads, not 1")
        h = heads[0]
        cells = tuple(t.symbol if isinstance(t, HeadCell) else t for t in row[1:])
        out.append((cast(HeadCell, row[1 + h]).state, left + h, cells))
    return out


# -- shapes: one CoT length for all inputs of one length ----------------

#: The most inputs :func:`length_shape` and :func:`all_words` enumerate.
MAX_ALL_INPUTS = 1 << 20


def _check_count(name: str, value: object, least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise EncodingError(f"{name} must be an integer, got {value!r}")
    if value < least:
        raise EncodingError(f"{name} must be >= {least}, got {value}")
    return int(value)


def all_words(machine: TuringMachine, n: int) -> np.ndarray:
    """Every input of length ``n`` as symbol indices, ``[k^n, n]`` int64.

    ``k`` is the number of input symbols; rows come in lexicographic order
    of :attr:`~arcot.machine.TuringMachine.input_symbols`, and entry ``j``
    of a row is :meth:`~arcot.machine.TuringMachine.symbol_index` of its
    ``j``-th symbol (what :func:`encode_tableau_batch` takes).

    >>> from arcot.zoo import get
    >>> all_words(get("parity"), 2).tolist()
    [[1, 1], [1, 2], [2, 1], [2, 2]]
    """
    n = _check_count("n", n)
    alphabet = np.array(
        [machine.symbol_index(s) for s in machine.input_symbols or ()], dtype=np.int64
    )
    k = len(alphabet)
    if n and k == 0:
        raise EncodingError(
            f"the machine has no input symbols, so no word of length {n}"
        )
    count = k**n
    if count > MAX_ALL_INPUTS:
        raise EncodingError(
            f"n={n} gives {k}^{n} = {count} inputs, more than {MAX_ALL_INPUTS}; "
            "pass a sample of inputs instead"
        )
    r = np.arange(count, dtype=np.int64)[:, None]
    powers = k ** np.arange(n - 1, -1, -1, dtype=np.int64)[None, :]
    return alphabet[(r // powers) % k] if n else np.zeros((1, 0), dtype=np.int64)


def length_shape(
    machine: TuringMachine,
    n: int,
    *,
    max_steps: int,
    inputs: Iterable[Sequence[Hashable]] | None = None,
) -> tuple[TableauWindow, int]:
    """The shared shape of the CoTs of every input of length ``n``.

    Returns the least window holding every input cell and every cell a run
    visits, and ``T``, the longest run, over all inputs of length ``n`` (or
    over ``inputs``, a sample of such inputs). Encoding any input of length
    ``n`` with this shape gives CoTs of one length (:func:`cot_length`).
    Raises :class:`~arcot.errors.StepLimitExceeded` if a run does not stop
    within ``max_steps``, :class:`~arcot.errors.EncodingError` for an input
    of another length or when there are too many inputs to enumerate.

    >>> from arcot.zoo import get
    >>> window, t = length_shape(get("parity"), 3, max_steps=100)
    >>> window, t
    (TableauWindow(left=0, width=4), 4)
    """
    n = _check_count("n", n)
    max_steps = _check_count("max_steps", max_steps)
    if inputs is None:
        arr = all_words(machine, n)
    else:
        words = [machine.check_word(w) for w in inputs]
        for w in words:
            if len(w) != n:
                raise EncodingError(
                    f"input {''.join(map(str, w))!r} has length {len(w)}, not n={n}"
                )
        if not words:
            raise EncodingError("inputs is empty: give at least one input")
        arr = _words_array(machine, words)
    if max_steps > SHAPE_KERNEL_MAX_STEPS:
        symbols = machine.symbols
        return tableau_window(
            machine, [[symbols[i] for i in w] for w in arr.tolist()],
            max_steps=max_steps,
        )
    return _shape_kernel(machine, arr, max_steps)


#: Above this budget :func:`length_shape` runs inputs one by one with
#: :func:`arcot.machine.run` (the kernel's tape would be ``2 max_steps`` cells).
SHAPE_KERNEL_MAX_STEPS = 1 << 22


def _shape_kernel(
    machine: TuringMachine, words: np.ndarray, max_steps: int
) -> tuple[TableauWindow, int]:
    """:func:`tableau_window` over ``words`` (symbol indices) with a numba kernel."""
    from arcot._cot_kernels import _run_spans

    m, n = words.shape
    lo = np.zeros(m, dtype=np.int64)
    hi = np.zeros(m, dtype=np.int64)
    steps = np.zeros(m, dtype=np.int64)
    halted = np.zeros(m, dtype=np.bool_)
    _run_spans(
        np.ascontiguousarray(words, dtype=np.int64), *_batch_tables(machine),
        machine.n_symbols, machine.state_index(machine.start), max_steps,
        lo, hi, steps, halted,
    )
    if not halted.all():
        b = int(np.flatnonzero(~halted)[0])
        word = "".join(str(machine.symbols[i]) for i in words[b])
        raise StepLimitExceeded(
            f"the machine did not stop within {max_steps} steps on input {word!r}",
            steps=int(steps[b]),
        )
    left = min(0, int(lo.min()))
    right = max(n - 1, 0, int(hi.max()))
    return TableauWindow(left=left, width=right - left + 1), int(steps.max())


def cot_length(
    machine: TuringMachine, encoding: str, *, steps: int, width: int
) -> int:
    """The exact length law of ``encoding``: CoT tokens after the prompt.

    tableau ``T (W + 1)``; circuit ``T W |V|`` with ``|V|`` the cell tokens
    (symbols and head cells); steplog ``T + 1``.

    >>> from arcot.zoo import get
    >>> m = get("bb2")
    >>> [cot_length(m, e, steps=6, width=4) for e in ENCODINGS]
    [30, 192, 7]
    """
    encoding = _check_encoding(encoding)
    steps = _check_count("steps", steps)
    width = _check_count("width", width, 1)
    if encoding == "tableau":
        return tableau_length(steps, width)
    if encoding == "circuit":
        return circuit_length(steps, width, len(machine_cell_tokens(machine)))
    return steplog_length(steps)


def circuit_length(steps: int, width: int, n_cell_tokens: int) -> int:
    """The circuit encoding's length law: ``T * W * |V|`` binary tokens."""
    return steps * width * n_cell_tokens


def steplog_length(steps: int) -> int:
    """The step log's length law: ``T + 1`` tokens (the steps, then a final token)."""
    return steps + 1


def _check_encoding(encoding: object) -> str:
    if encoding not in ENCODINGS:
        raise EncodingError(
            f"unknown encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}"
        )
    return encoding


# -- the circuit encoding ----------------------------------------------


def circuit_vocabulary() -> Vocabulary:
    """The circuit encoding's tokens: the bits ``0`` and ``1`` (id = value)."""
    return Vocabulary(tokens=(0, 1))


def _cell_names(machine: TuringMachine) -> tuple[str, ...]:
    # machine_cell_tokens: the symbols, then the heads as plain pairs; tell
    # them apart by position (a symbol may itself be a tuple).
    s = machine.n_symbols
    return tuple(
        str(HeadCell(*cast(tuple[Hashable, Hashable], t))) if k >= s else str(t)
        for k, t in enumerate(machine_cell_tokens(machine))
    )


def encode_circuit(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The circuit CoT: the tableau's cells one-hot, the delimiter left out.

    The prompt is row 0 (``W |V|`` bits, the input of
    :func:`arcot.circuit.compile_machine`'s circuit); the CoT is rows
    ``1..T``, ``T W |V|`` bits, exactly the gate values of the compiled
    circuit. Cell token ``v`` (in :func:`arcot.circuit.machine_cell_tokens`
    order) has tableau id ``v + 1``. Errors as :func:`encode_tableau`.

    >>> from arcot.zoo import get
    >>> t = encode_circuit(get("bb2"))
    >>> len(t.prompt), len(t.cot), t.cell_names[2]
    (32, 192, '(A,0)')
    """
    tab = encode_tableau(machine, word, max_steps=max_steps, window=window, steps=steps)
    v = len(machine_cell_tokens(machine))
    row = tab.width + 1
    cells = tab.tokens.reshape(-1, row)[:, 1:] - 1  # [T + 1, W] cell token index
    bits = np.zeros((cells.shape[0], cells.shape[1], v), dtype=np.int64)
    np.put_along_axis(bits, cells[:, :, None], 1, axis=2)
    flat = bits.reshape(-1)
    head = tab.width * v
    return CoTTrace(
        encoding="circuit", vocabulary=circuit_vocabulary(), prompt=flat[:head],
        cot=flat[head:], steps=tab.steps, width=tab.width, left=tab.left,
        cell_names=_cell_names(machine),
    )


def _render_circuit(trace: CoTTrace) -> str:
    v = len(trace.cell_names)
    w = trace.width
    bits = trace.tokens.reshape(-1, w, v)
    lines = []
    for r, row in enumerate(bits):
        groups = " ".join("".join(str(int(b)) for b in cell) for cell in row)
        shown = " ".join(
            trace.cell_names[int(np.argmax(cell))] if cell.sum() == 1 else "?"
            for cell in row
        )
        lines.append(f"{r:>4}  {groups}   = {shown}")
    return "\n".join(lines)


# -- the step log ------------------------------------------------------


class StepToken(NamedTuple):
    """One step of a run: the state, the symbol read, the symbol written, the move."""

    state: Hashable
    read: Hashable
    write: Hashable
    move: Move

    def __str__(self) -> str:
        return f"{self.state}{self.read}>{self.write}{self.move.letter}"


class StopToken(NamedTuple):
    """The step log's final token: the state the machine stopped in and the
    symbol under its head. It repeats to pad a short run to ``T + 1`` tokens."""

    state: Hashable
    symbol: Hashable

    def __str__(self) -> str:
        return f"stop({self.state},{self.symbol})"


#: The structured token classes and their kinds (:func:`token_key`).
_TOKEN_KINDS: tuple[tuple[type, str], ...] = (
    (HeadCell, "head"), (StepToken, "step"), (StopToken, "stop"),
)
_KIND_OF_TYPE: dict[type, str] = dict(_TOKEN_KINDS)


def steplog_vocabulary(machine: TuringMachine) -> Vocabulary:
    """Symbols (the prompt is the input word), then a :class:`StepToken` for
    every defined transition, then a :class:`StopToken` for every
    ``(state, symbol)``.

    >>> from arcot.zoo import get
    >>> steplog_vocabulary(get("bb2")).names[:4]
    ('0', '1', 'A0>1R', 'A1>1L')
    """
    steps = [
        StepToken(q, a, t.write, t.move) for (q, a), t in machine.transitions.items()
    ]
    _check_plain_symbols(machine)
    stops = [StopToken(q, a) for q in machine.states for a in machine.symbols]
    return Vocabulary(tokens=(*machine.symbols, *steps, *stops))


def encode_steplog(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The step log: the input word as prompt, one token a step, a stop token.

    With ``steps`` given, the stop token repeats to make ``steps + 1``
    tokens (the length law of every input of one length). ``window`` is
    checked like the tableau's (the decoded configurations show it).

    >>> from arcot.zoo import get
    >>> encode_steplog(get("bb2")).render().splitlines()[:3]
    ['prompt: (empty)', '   1  A0>1R', '   2  B0>1L']
    """
    word = machine.check_word(word)
    _check_count("max_steps", max_steps)
    budget = max_steps if steps is None else _check_count("steps", steps)
    if window is None:
        window, _ = tableau_window(machine, [word], max_steps=budget)
    _check_window(window, len(word))
    vocab = steplog_vocabulary(machine)
    out: list[int] = []
    last = None
    for config in configurations(machine, word):
        if config.head not in window.cells:
            raise EncodingError(
                f"window {window.left}..{window.left + window.width - 1} is too "
                f"small: the head reaches cell {config.head} at step {config.step}"
            )
        last = config
        if config.step >= budget and not _stopped(machine, config):
            raise StepLimitExceeded(
                f"the machine did not stop within {budget} steps", steps=budget
            )
        if not _stopped(machine, config):
            read = config.symbol(config.head)
            rule = machine.transitions[config.state, read]
            out.append(vocab.id(StepToken(config.state, read, rule.write, rule.move)))
    assert last is not None
    n_steps = len(out)
    total = n_steps if steps is None else steps
    stop = vocab.id(StopToken(last.state, last.symbol(last.head)))
    out += [stop] * (total + 1 - n_steps)
    return CoTTrace(
        encoding="steplog", vocabulary=vocab,
        prompt=vocab.ids(word), cot=np.array(out, dtype=np.int64),
        steps=total, width=window.width, left=window.left,
    )


def _stopped(machine: TuringMachine, config: Configuration) -> bool:
    return config.state in machine.halt_states or (
        (config.state, config.symbol(config.head)) not in machine.transitions
    )


def _check_window(window: TableauWindow, n: int) -> None:
    if not isinstance(window, TableauWindow):
        raise EncodingError(f"window must be a TableauWindow, got {window!r}")
    if window.left > 0 or window.left + window.width < max(n, 1):
        raise EncodingError(
            f"window {window.left}..{window.left + window.width - 1} is too small: "
            f"it must hold the input cells 0..{max(n, 1) - 1}"
        )


# -- the generic interface ---------------------------------------------


def encode(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    encoding: str,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The CoT of ``machine`` on ``word`` in ``encoding`` (tableau, circuit, steplog).

    By default the shape is the run's own (least window, its step count);
    pass ``window`` and ``steps`` (e.g. from :func:`length_shape`) to give
    every input of one length the same CoT length, :func:`cot_length`.
    Raises :class:`~arcot.errors.EncodingError` for an unknown encoding or a
    window too small for the run, :class:`~arcot.errors.StepLimitExceeded`
    when the run does not stop within ``max_steps`` (or ``steps``).

    >>> from arcot.zoo import get
    >>> m = get("parity")
    >>> window, t = length_shape(m, 2, max_steps=100)
    >>> tr = encode(m, "10", encoding="tableau", window=window, steps=t)
    >>> len(tr.cot) == cot_length(m, "tableau", steps=t, width=window.width)
    True
    """
    encoder = {
        "tableau": encode_tableau, "circuit": encode_circuit, "steplog": encode_steplog,
    }[_check_encoding(encoding)]
    return encoder(machine, word, max_steps=max_steps, window=window, steps=steps)


def decode(machine: TuringMachine, trace: CoTTrace) -> list[Configuration]:
    """The run a trace shows, as configurations over the trace's window.

    Each configuration has ``origin = trace.left`` and ``cells`` the
    window's symbols; padding (the stopped configuration repeated) is
    dropped, so for a halting run
    ``decode(machine, encode(machine, w, ...))`` equals the simulator's
    configurations seen through the window. Raises
    :class:`~arcot.errors.EncodingError` on a malformed trace.

    >>> from arcot.zoo import get
    >>> from arcot.machine import configurations
    >>> m = get("bb2")
    >>> [c.state for c in decode(m, encode(m, encoding="steplog"))]
    ['A', 'B', 'A', 'B', 'A', 'B', 'Z']
    """
    if trace.encoding == "steplog":
        return _decode_steplog(machine, trace)
    if trace.encoding == "circuit":
        rows = _circuit_rows(machine, trace)
    else:
        rows = [(q, h, cells) for q, h, cells in decode_tableau(machine, trace)]
        rows = [(q, h + trace.left, cells) for q, h, cells in rows]
    out: list[Configuration] = []
    for step, (state, head, cells) in enumerate(rows):
        if out and (state, head, cells) == (out[-1].state, out[-1].head, out[-1].cells):
            break
        out.append(Configuration(state=state, head=head, origin=trace.left,
                                 cells=cells, step=step, blank=machine.blank))
    return out


def _circuit_rows(
    machine: TuringMachine, trace: CoTTrace
) -> list[tuple[Hashable, int, tuple[Hashable, ...]]]:
    tokens = machine_cell_tokens(machine)
    v, w = len(tokens), trace.width
    stream = trace.tokens
    if len(stream) % (w * v):
        raise EncodingError(f"{len(stream)} bits is not a whole number of rows")
    rows = []
    for r, row in enumerate(stream.reshape(-1, w, v)):
        if not np.isin(row, (0, 1)).all() or not (row.sum(axis=1) == 1).all():
            raise EncodingError(f"row {r} is not one-hot in every cell")
        hot = row.argmax(axis=1)
        cells = [tokens[int(i)] for i in hot]
        # cell token k is a head iff k >= n_symbols (a symbol may be a tuple)
        heads = [i for i, k in enumerate(hot) if k >= machine.n_symbols]
        if len(heads) != 1:
            raise EncodingError(f"row {r} has {len(heads)} heads, not 1")
        h = heads[0]
        state, under = cast(tuple[Hashable, Hashable], cells[h])
        syms = tuple(under if i == h else t for i, t in enumerate(cells))
        rows.append((state, trace.left + h, syms))
    return rows


def _decode_steplog(machine: TuringMachine, trace: CoTTrace) -> list[Configuration]:
    vocab = trace.vocabulary
    word = [vocab.token(int(i)) for i in trace.prompt]
    left, w = trace.left, trace.width
    cells = [machine.blank] * w
    for i, s in enumerate(word):
        if token_key(s)[0] != "plain" or s not in machine._symbol_index:
            raise EncodingError(f"prompt token {i} ({s!r}) is not a symbol")
        if not 0 <= i - left < w:
            raise EncodingError(f"input cell {i} is outside the window")
        cells[i - left] = s
    head, state = 0, machine.start
    out = [Configuration(state=state, head=head, origin=left, cells=tuple(cells),
                         step=0, blank=machine.blank)]
    tokens = [vocab.token(int(i)) for i in trace.cot]
    for k, tok in enumerate(tokens):
        if isinstance(tok, StopToken):
            if (tok.state, tok.symbol) != (state, cells[head - left]):
                raise EncodingError(
                    f"token {k}: {tok} does not match state {state!r} reading "
                    f"{cells[head - left]!r}"
                )
            if (trace.cot[k:] != trace.cot[k]).any():  # by id, not equality
                raise EncodingError(f"token {k}: only stop tokens may follow a stop")
            return out
        if not isinstance(tok, StepToken):
            raise EncodingError(f"token {k}: {tok!r} is not a step token")
        if (tok.state, tok.read) != (state, cells[head - left]):
            raise EncodingError(
                f"token {k}: {tok} does not match state {state!r} reading "
                f"{cells[head - left]!r}"
            )
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None:
            raise EncodingError("the step log has no final stop token")
        cells[head - left] = tok.write
        head += tok.move.value
        if not 0 <= head - left < w:
            raise EncodingError(f"token {k}: the head leaves the window")
        state = cast(StepToken | StopToken, nxt).state
        out.append(Configuration(state=state, head=head, origin=left,
                                 cells=tuple(cells), step=k + 1, blank=machine.blank))
    raise EncodingError("the step log has no final stop token")


# -- batch tableau generation ------------------------------------------


def _words_array(machine: TuringMachine, words: object) -> np.ndarray:
    """Words as a ``[m, n]`` int64 array of symbol indices (validated)."""
    if isinstance(words, np.ndarray) and words.dtype.kind in "iu":
        arr = np.asarray(words, dtype=np.int64)
        if arr.ndim != 2:
            raise EncodingError(
                f"words must be a 2-d array [m, n], got shape {arr.shape}"
            )
        allowed = np.array(
            [machine.symbol_index(s) for s in machine.input_symbols or ()],
            dtype=np.int64,
        )
        bad = ~np.isin(arr, allowed)
        if bad.any():
            r, c = (int(i) for i in np.argwhere(bad)[0])
            raise EncodingError(
                f"words[{r}, {c}] = {int(arr[r, c])} is not the index of an "
                "input symbol"
            )
        return np.ascontiguousarray(arr)
    if isinstance(words, (str, bytes)):
        raise EncodingError("words must be a collection of words, got one string")
    rows = [machine.check_word(w) for w in cast(Iterable[Sequence[Hashable]], words)]
    lengths = {len(w) for w in rows}
    if len(lengths) > 1:
        raise EncodingError(
            f"all words must have one length, got lengths {sorted(lengths)}"
        )
    n = lengths.pop() if lengths else 0
    arr = np.array(
        [[machine.symbol_index(s) for s in w] for w in rows], dtype=np.int64
    ).reshape(len(rows), n)
    return arr


def encode_tableau_batch(
    machine: TuringMachine,
    words: object,
    *,
    window: TableauWindow,
    steps: int,
    engine: str = "numba",
    dtype: type | np.dtype[Any] = np.int64,
) -> np.ndarray:
    """Tableau token streams of many inputs of one length: ``[m, (T+1)(W+1)]``.

    Row ``b`` is ``encode_tableau(machine, words[b], window=window,
    steps=steps).tokens``: the prompt (row 0, the first ``W + 1`` columns)
    then the CoT. ``words`` is a sequence of words of one length, or an
    integer array ``[m, n]`` of symbol indices (as from :func:`all_words`).
    ``engine="numba"`` runs the compiled kernel, ``"python"`` the plain
    reference loop. Raises :class:`~arcot.errors.EncodingError` (window too
    small) or :class:`~arcot.errors.StepLimitExceeded` (a run longer than
    ``steps``), naming the first input at fault.

    >>> from arcot.zoo import get
    >>> m = get("parity")
    >>> window, t = length_shape(m, 3, max_steps=100)
    >>> batch = encode_tableau_batch(m, all_words(m, 3), window=window, steps=t)
    >>> batch.shape, (batch[5] == encode_tableau(m, "101", window=window,
    ...                                          steps=t).tokens).all()
    ((8, 25), np.True_)
    """
    arr = _words_array(machine, words)
    steps = _check_count("steps", steps)
    _check_window(window, arr.shape[1])
    out_dtype = np.dtype(dtype)
    vocab_size = 1 + machine.n_symbols * (1 + machine.n_states)
    if out_dtype.kind not in "iu" or np.iinfo(out_dtype).max < vocab_size - 1:
        raise EncodingError(
            f"dtype {out_dtype} cannot hold token ids up to {vocab_size - 1}"
        )
    if engine not in ("numba", "python"):
        raise EncodingError(f"unknown engine {engine!r}: expected numba or python")
    tables = _batch_tables(machine)
    m = arr.shape[0]
    out = np.empty((m, (steps + 1) * (window.width + 1)), dtype=out_dtype)
    status = np.zeros(m, dtype=np.int64)
    fail = np.zeros(m, dtype=np.int64)
    args: tuple[Any, ...] = (
        arr, *tables, machine.n_symbols, machine.state_index(machine.start),
        window.left, steps, out, status, fail,
    )
    if engine == "numba":
        from arcot._cot_kernels import _tableau_batch

        _tableau_batch(*args)
    else:
        _tableau_batch_python(*args)
    bad = np.flatnonzero(status)
    if len(bad):
        from arcot._cot_kernels import OUT_OF_WINDOW

        b = int(bad[0])
        word = "".join(str(machine.symbols[i]) for i in arr[b])
        if status[b] == OUT_OF_WINDOW:
            raise EncodingError(
                f"window {window.left}..{window.left + window.width - 1} is too "
                f"small: on input {word!r} the head leaves it at step {int(fail[b])}"
            )
        raise StepLimitExceeded(
            f"the machine did not stop within {steps} steps on input {word!r}",
            steps=steps,
        )
    out.setflags(write=False)
    return out


def _batch_tables(machine: TuringMachine) -> tuple[np.ndarray, ...]:
    """The machine's flat table as the int64 arrays the batch kernels take."""
    t = flat_tables(machine)
    return (
        np.array(t.write, dtype=np.int64),
        np.array(t.move, dtype=np.int64),
        np.array(t.next_state, dtype=np.int64),
        np.array(t.is_halt, dtype=np.bool_),
    )


def _tableau_batch_python(
    words: np.ndarray,
    write: np.ndarray,
    move: np.ndarray,
    next_state: np.ndarray,
    is_halt: np.ndarray,
    n_symbols: int,
    start: int,
    left: int,
    steps: int,
    out: np.ndarray,
    status: np.ndarray,
    fail_step: np.ndarray,
) -> None:
    """The plain reference of :func:`arcot._cot_kernels._tableau_batch`.

    A straightforward Python loop: simulate on a list tape, write each row.
    """
    width = out.shape[1] // (steps + 1) - 1
    wr, mv, nx, halt = (write.tolist(), move.tolist(), next_state.tolist(),
                        is_halt.tolist())
    heads = 1 + n_symbols
    for b, word in enumerate(words.tolist()):
        tape = [0] * width
        for j, s in enumerate(word):
            tape[j - left] = s
        pos, state, rows = -left, start, []
        status[b] = 0
        for t in range(steps + 1):
            row = [0] + [1 + s for s in tape]
            row[1 + pos] = heads + state * n_symbols + tape[pos]
            rows.append(row)
            if t == steps:
                break
            k = state * n_symbols + tape[pos]
            if halt[state] or nx[k] < 0:
                continue
            tape[pos] = wr[k]
            pos += mv[k]
            state = nx[k]
            if not 0 <= pos < width:
                status[b], fail_step[b] = 1, t + 1
                break
        if status[b] == 0:
            k = state * n_symbols + tape[pos]
            if not halt[state] and nx[k] >= 0:
                status[b], fail_step[b] = 2, steps
        if status[b] == 0:
            out[b] = [tok for row in rows for tok in row]


def encode_circuit_batch(
    machine: TuringMachine,
    words: object,
    *,
    window: TableauWindow,
    steps: int,
    engine: str = "numba",
) -> np.ndarray:
    """Circuit-encoding bit streams of many inputs of one length.

    Row ``b`` is ``encode_circuit(machine, words[b], window=window,
    steps=steps).tokens`` as uint8: the prompt (row 0, the first ``W |V|``
    bits) then the CoT, ``(T + 1) W |V|`` bits in all. Built from
    :func:`encode_tableau_batch` (same arguments and errors) by dropping the
    delimiters and expanding each cell one-hot.

    >>> from arcot.zoo import get
    >>> m = get("parity")
    >>> window, t = length_shape(m, 2, max_steps=100)
    >>> bits = encode_circuit_batch(m, all_words(m, 2), window=window, steps=t)
    >>> bits.shape, (bits[2] == encode_circuit(m, "10", window=window,
    ...                                        steps=t).tokens).all()
    ((4, 144), np.True_)
    """
    tab = encode_tableau_batch(
        machine, words, window=window, steps=steps, engine=engine
    )
    v = len(machine_cell_tokens(machine))
    m = tab.shape[0]
    cells = tab.reshape(m, steps + 1, window.width + 1)[:, :, 1:] - 1
    out = np.zeros((m, steps + 1, window.width, v), dtype=np.uint8)
    np.put_along_axis(out, cells[..., None], 1, axis=3)
    flat = out.reshape(m, -1)
    flat.setflags(write=False)
    return flat
