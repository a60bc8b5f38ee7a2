"""numba kernel for a circuit's answer on a run of consecutive inputs.

Nothing here validates; :func:`arcot.circuit.functions.check_function` is
the only caller and has checked that no gate's sum can leave int64 (every
``sum |w| + |threshold|`` below ``2^62``). Input ``r`` is the bits of ``r``,
most significant first (``x0``), as :func:`arcot.circuit.all_bit_inputs`
lists them. The inputs a gate reads enter as running sums: from ``r`` to
``r + 1`` only the trailing ones and the next zero flip (two bits on
average), so each flip updates the gates that read that input
(``in_gates[in_offsets[i]:in_offsets[i + 1]]`` with ``in_weights``); the
gates a gate reads are summed afresh (``reads[offsets[j]:offsets[j + 1]]``,
earlier gate numbers, with ``weights``). Memory is the circuit's size,
whatever the number of inputs.
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit


@njit
def answers(
    start: int,
    stop: int,
    n: int,
    in_offsets: np.ndarray,  # [n + 1] int64
    in_gates: np.ndarray,  # int64: the gates that read input i
    in_weights: np.ndarray,  # int64: their weights on it (1 for parity)
    offsets: np.ndarray,  # [gates + 1] int64
    reads: np.ndarray,  # int64: the earlier gates gate j reads
    weights: np.ndarray,  # int64: its weights on them (1 for parity)
    thresholds: np.ndarray,  # [gates] int64
    parity: np.ndarray,  # [gates] bool
    out: np.ndarray,  # [stop - start] int64, filled in: the last gate's value
) -> None:
    g = len(thresholds)
    bits = np.zeros(n, np.int64)
    sums = np.zeros(g, np.int64)  # each gate's sum over the inputs it reads
    values = np.zeros(g, np.int64)
    for i in range(n):
        if (start >> (n - 1 - i)) & 1:
            bits[i] = 1
            for k in range(in_offsets[i], in_offsets[i + 1]):
                sums[in_gates[k]] += in_weights[k]
    for r in range(start, stop):
        if r > start:  # r - 1 + 1: its trailing ones clear, the next zero sets
            i = n - 1
            while bits[i] == 1:
                bits[i] = 0
                for k in range(in_offsets[i], in_offsets[i + 1]):
                    sums[in_gates[k]] -= in_weights[k]
                i -= 1
            bits[i] = 1
            for k in range(in_offsets[i], in_offsets[i + 1]):
                sums[in_gates[k]] += in_weights[k]
        for j in range(g):
            s = sums[j]
            for k in range(offsets[j], offsets[j + 1]):
                s += weights[k] * values[reads[k]]
            if parity[j]:
                values[j] = s & 1
            else:
                values[j] = 1 if s >= thresholds[j] else 0
        out[r - start] = values[g - 1]
