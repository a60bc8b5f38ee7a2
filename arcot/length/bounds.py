"""What both exact minimum searches share (package-internal).

The weight bound that makes a search over integer weights exhaustive
(:func:`threshold_weight_bound`, re-exported by :mod:`arcot.length`), and a
function given as a callable or a truth table turned into both
(:func:`function_table`). :mod:`arcot.length.minimum` (MILP) and
:mod:`arcot.length.sat` (SAT) import them from here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from arcot.circuit import all_bit_inputs, truth_table
from arcot.errors import LengthError
from arcot.length.checks import check_int

__all__ = ["function_table", "threshold_weight_bound"]


def threshold_weight_bound(m: int) -> int:
    """A weight bound that loses no threshold function of ``m`` inputs.

    Every threshold function of ``m`` Boolean inputs, even one specified
    only on a subset of ``{0,1}^m``, has an integer realisation whose
    weights and threshold all have absolute value at most
    ``floor((m+2)^((m+2)/2) / 2^(m+1))``: a vertex of the polytope of
    realisations with margin 1 solves a square 0/1 system of order
    ``r <= m + 1`` (Cramer's rule), and a 0/1 determinant of order ``r`` is
    at most ``(r+1)^((r+1)/2) / 2^r`` (Hadamard, bordered to a +-1 matrix).
    See docs/howto/length-complexity.md for the argument.

    >>> [threshold_weight_bound(m) for m in range(1, 9)]
    [1, 2, 3, 6, 14, 32, 76, 195]
    """
    m = check_int("m", m, 0)
    return math.isqrt((m + 2) ** (m + 2) // 4 ** (m + 1))




def function_table(
    function: Callable[[tuple[int, ...]], object] | Sequence[int], n: int
) -> tuple[Callable[[tuple[int, ...]], object], np.ndarray]:
    """``function`` (a callable on bit tuples, or its truth table of ``2^n``
    bits in :func:`arcot.circuit.all_bit_inputs` order) as both: a callable
    and an int64 0/1 table. Raises :class:`~arcot.errors.LengthError` for a
    table of the wrong length or with an entry not 0/1.

    >>> f, table = function_table([0, 1, 1, 1], 2)
    >>> f((1, 0)), table.tolist()
    (1, [0, 1, 1, 1])
    """
    if callable(function):
        return function, truth_table(function, n)
    try:
        table = np.asarray(list(function))
    except TypeError:
        raise LengthError(
            f"function must be a callable on bit tuples or a truth table, got "
            f"{function!r}"
        ) from None
    if table.shape != (1 << n,) or not np.isin(table, (0, 1)).all():
        raise LengthError(
            f"a truth table for n={n} must be {1 << n} bits 0/1, got "
            f"{len(table)} entries"
        )
    table = table.astype(np.int64)
    rows = all_bit_inputs(n).tolist()
    lookup = {tuple(r): int(v) for r, v in zip(rows, table, strict=True)}

    def f(x: tuple[int, ...]) -> int:
        return lookup[tuple(x)]

    return f, table
