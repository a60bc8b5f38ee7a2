"""One CoT length for all inputs of one length: the shared shape and the length laws.

:func:`length_shape` is the least window and step count covering every run
on inputs of length ``n``; :func:`cot_length` is each encoding's exact law
for a shape.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from arcot.cot.batch import words_array
from arcot.cot.circuit import circuit_length
from arcot.cot.steplog import steplog_length
from arcot.cot.tableau import (
    Tableau,
    TableauWindow,
    as_tableau,
    tableau_length,
    tableau_window,
)
from arcot.cot.trace import check_count, check_encoding
from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import TuringMachine

__all__ = [
    "MAX_ALL_INPUTS",
    "SHAPE_KERNEL_MAX_STEPS",
    "all_words",
    "cot_length",
    "length_shape",
]

#: The most inputs :func:`length_shape` and :func:`all_words` enumerate.
MAX_ALL_INPUTS = 1 << 20


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
    n = check_count("n", n)
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
    machine: TuringMachine | Tableau,
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
    tableau = as_tableau(machine)
    machine = tableau.machine
    n = check_count("n", n)
    max_steps = check_count("max_steps", max_steps)
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
        arr = words_array(machine, words)
    if max_steps > SHAPE_KERNEL_MAX_STEPS:
        symbols = machine.symbols
        return tableau_window(
            machine, [[symbols[i] for i in w] for w in arr.tolist()],
            max_steps=max_steps,
        )
    return _shape_kernel(tableau, arr, max_steps)


#: Above this budget :func:`length_shape` runs inputs one by one with
#: :func:`arcot.machine.run` (the kernel's tape would be ``2 max_steps`` cells).
SHAPE_KERNEL_MAX_STEPS = 1 << 22


def _shape_kernel(
    tableau: Tableau, words: np.ndarray, max_steps: int
) -> tuple[TableauWindow, int]:
    """:func:`tableau_window` over ``words`` (symbol indices) with a numba kernel."""
    from arcot.cot._kernels import _run_spans

    machine = tableau.machine
    m, n = words.shape
    lo = np.zeros(m, dtype=np.int64)
    hi = np.zeros(m, dtype=np.int64)
    steps = np.zeros(m, dtype=np.int64)
    halted = np.zeros(m, dtype=np.bool_)
    _run_spans(
        np.ascontiguousarray(words, dtype=np.int64), *tableau.kernel_tables,
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
    machine: TuringMachine | Tableau, encoding: str, *, steps: int, width: int
) -> int:
    """The exact length law of ``encoding``: CoT tokens after the prompt.

    tableau ``T (W + 1)``; circuit ``T W |V|`` with ``|V|`` the cell tokens
    (symbols and head cells); steplog ``T + 1``.

    >>> from arcot.cot import ENCODINGS
    >>> from arcot.zoo import get
    >>> m = get("bb2")
    >>> [cot_length(m, e, steps=6, width=4) for e in ENCODINGS]
    [30, 192, 7]
    """
    encoding = check_encoding(encoding)
    steps = check_count("steps", steps)
    width = check_count("width", width, 1)
    if encoding == "tableau":
        return tableau_length(steps, width)
    if encoding == "circuit":
        return circuit_length(steps, width, len(as_tableau(machine).cell_tokens))
    return steplog_length(steps)
