"""The circuit encoding: the tableau's cells one-hot, the delimiter left out.

The CoT is the gate values of :func:`arcot.circuit.compile_machine`'s
threshold circuit, ``T W |V|`` bits; the cell bits' order is the
:class:`~arcot.cot.tableau.Tableau`'s ``cell_tokens``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import cast

import numpy as np

from arcot.cot.tableau import Tableau, TableauWindow, as_tableau, encode_tableau
from arcot.cot.tokens import Vocabulary
from arcot.cot.trace import CoTTrace
from arcot.errors import EncodingError
from arcot.machine import TuringMachine

__all__ = ["circuit_length", "circuit_rows", "circuit_vocabulary", "encode_circuit"]

def circuit_vocabulary() -> Vocabulary:
    """The circuit encoding's tokens: the bits ``0`` and ``1`` (id = value)."""
    return Vocabulary(tokens=(0, 1))


def encode_circuit(
    machine: TuringMachine | Tableau,
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
    order, the tableau's ``cell_tokens``) has tableau id ``v + 1``. Errors
    as :func:`encode_tableau`.

    >>> from arcot.zoo import get
    >>> t = encode_circuit(get("bb2"))
    >>> len(t.prompt), len(t.cot), t.cell_names[2]
    (32, 192, '(A,0)')
    """
    tableau = as_tableau(machine)
    tab = encode_tableau(tableau, word, max_steps=max_steps, window=window, steps=steps)
    v = len(tableau.cell_tokens)
    row = tab.width + 1
    cells = tab.tokens.reshape(-1, row)[:, 1:] - 1  # [T + 1, W] cell token index
    bits = np.zeros((cells.shape[0], cells.shape[1], v), dtype=np.int64)
    np.put_along_axis(bits, cells[:, :, None], 1, axis=2)
    flat = bits.reshape(-1)
    head = tab.width * v
    return CoTTrace(
        encoding="circuit", vocabulary=circuit_vocabulary(), prompt=flat[:head],
        cot=flat[head:], steps=tab.steps, width=tab.width, left=tab.left,
        cell_names=tableau.cell_names,
    )


def circuit_rows(
    machine: TuringMachine | Tableau, trace: CoTTrace
) -> list[tuple[Hashable, int, tuple[Hashable, ...]]]:
    """The configurations a circuit trace shows: ``(state, head, cells)`` a row."""
    tableau = as_tableau(machine)
    machine = tableau.machine
    tokens = tableau.cell_tokens
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


def circuit_length(steps: int, width: int, n_cell_tokens: int) -> int:
    """The circuit encoding's length law: ``T * W * |V|`` binary tokens."""
    return steps * width * n_cell_tokens
