"""Tableau and circuit streams of many inputs at once, by the compiled kernels.

Each function here gives, row for row, what the one-input encoder gives
(:func:`~arcot.cot.tableau.encode_tableau`,
:func:`~arcot.cot.circuit.encode_circuit`); the kernels live in
:mod:`arcot.cot._kernels`, a plain-Python reference beside them here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, cast

import numpy as np

from arcot.cot.tableau import Tableau, TableauWindow, as_tableau, check_window
from arcot.cot.trace import check_count
from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import TuringMachine

__all__ = ["encode_circuit_batch", "encode_tableau_batch", "words_array"]

def words_array(machine: TuringMachine, words: object) -> np.ndarray:
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
    machine: TuringMachine | Tableau,
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

    >>> from arcot.cot import all_words, encode_circuit, encode_tableau, length_shape
    >>> from arcot.zoo import get
    >>> m = get("parity")
    >>> window, t = length_shape(m, 3, max_steps=100)
    >>> batch = encode_tableau_batch(m, all_words(m, 3), window=window, steps=t)
    >>> batch.shape, (batch[5] == encode_tableau(m, "101", window=window,
    ...                                          steps=t).tokens).all()
    ((8, 25), np.True_)
    """
    tableau = as_tableau(machine)
    machine = tableau.machine
    arr = words_array(machine, words)
    steps = check_count("steps", steps)
    check_window(window, arr.shape[1])
    out_dtype = np.dtype(dtype)
    vocab_size = 1 + machine.n_symbols * (1 + machine.n_states)
    if out_dtype.kind not in "iu" or np.iinfo(out_dtype).max < vocab_size - 1:
        raise EncodingError(
            f"dtype {out_dtype} cannot hold token ids up to {vocab_size - 1}"
        )
    if engine not in ("numba", "python"):
        raise EncodingError(f"unknown engine {engine!r}: expected numba or python")
    tables = tableau.kernel_tables
    m = arr.shape[0]
    out = np.empty((m, (steps + 1) * (window.width + 1)), dtype=out_dtype)
    status = np.zeros(m, dtype=np.int64)
    fail = np.zeros(m, dtype=np.int64)
    args: tuple[Any, ...] = (
        arr, *tables, machine.n_symbols, machine.state_index(machine.start),
        window.left, steps, out, status, fail,
    )
    if engine == "numba":
        from arcot.cot._kernels import _tableau_batch

        _tableau_batch(*args)
    else:
        _tableau_batch_python(*args)
    bad = np.flatnonzero(status)
    if len(bad):
        from arcot.cot._kernels import OUT_OF_WINDOW

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
    """The plain reference of :func:`arcot.cot._kernels._tableau_batch`.

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
    machine: TuringMachine | Tableau,
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

    >>> from arcot.cot import all_words, encode_circuit, encode_tableau, length_shape
    >>> from arcot.zoo import get
    >>> m = get("parity")
    >>> window, t = length_shape(m, 2, max_steps=100)
    >>> bits = encode_circuit_batch(m, all_words(m, 2), window=window, steps=t)
    >>> bits.shape, (bits[2] == encode_circuit(m, "10", window=window,
    ...                                        steps=t).tokens).all()
    ((4, 144), np.True_)
    """
    tableau = as_tableau(machine)
    tab = encode_tableau_batch(
        tableau, words, window=window, steps=steps, engine=engine
    )
    v = len(tableau.cell_tokens)
    m = tab.shape[0]
    cells = tab.reshape(m, steps + 1, window.width + 1)[:, :, 1:] - 1
    out = np.zeros((m, steps + 1, window.width, v), dtype=np.uint8)
    np.put_along_axis(out, cells[..., None], 1, axis=3)
    flat = out.reshape(m, -1)
    flat.setflags(write=False)
    return flat
