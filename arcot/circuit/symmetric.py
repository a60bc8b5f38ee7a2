"""A short threshold chain for any symmetric function: one gate a gap.

:func:`symmetric_circuit` computes a function of the number of ones ``s``
from its values at ``s = 0..n``, in at most (number of runs of ones) + 1
threshold gates, each reading the inputs and the gates before it with small
integer weights. It is the upper bound the exact minimum search starts
from for symmetric functions (much shorter than the truth-table circuit).

The construction. Let the runs of ones of the values be ``[l_1, h_1], ..,
[l_r, h_r]`` (increasing, with gaps between). Gates ``g_j = [s >= h_j + 1]``
for ``j = 1..r-1``, and ``g_r = [s >= h_r + 1]`` too when ``h_r < n``; the
answer is ``[s - sum_j d_j g_j >= l_1]`` with ``d_1 + .. + d_j = D_j =
l_{j+1} - l_1`` for ``j < r`` and ``D_r = n + 1 - l_1``. On ``s`` below
``l_1`` no gate fires and ``s < l_1``; on run ``j + 1`` exactly ``g_1..g_j``
fire, so the activation is ``s - l_{j+1} + l_1 >= l_1``; in the gap after
run ``j`` it is ``s - l_{j+1} + l_1 < l_1``; past ``h_r``, ``s - D_r <=
l_1 - 1``. The same for the complement, answer negated
(``[A >= T]`` is ``1 - [-A >= 1 - T]``), is sometimes shorter; the shorter
of the two is returned.
"""

from __future__ import annotations

from collections.abc import Sequence

from arcot.circuit.model import Gate, ThresholdCircuit
from arcot.errors import CircuitError

__all__ = ["symmetric_circuit", "symmetric_length"]


def _runs(values: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for s, v in enumerate(values):
        if v and runs and runs[-1][1] == s - 1:
            runs[-1] = (runs[-1][0], s)
        elif v:
            runs.append((s, s))
    return runs


def _gates(values: Sequence[int], n: int) -> list[Gate] | None:
    """The construction for ``values`` (``None`` when it has no ones)."""
    runs = _runs(values)
    if not runs:
        return None
    cuts = [h + 1 for _, h in runs[:-1]]
    totals = [runs[j + 1][0] - runs[0][0] for j in range(len(runs) - 1)]
    if runs[-1][1] < n:
        cuts.append(runs[-1][1] + 1)
        totals.append(n + 1 - runs[0][0])
    inputs = tuple((f"x{i}", 1) for i in range(n))
    gates = [Gate(name=f"g{j}", weights=inputs, threshold=cut)
             for j, cut in enumerate(cuts)]
    steps = [b - a for a, b in zip([0, *totals], totals, strict=False)]
    answer = inputs + tuple((f"g{j}", -d) for j, d in enumerate(steps) if d)
    return [*gates, Gate(name="answer", weights=answer, threshold=runs[0][0])]


def symmetric_circuit(
    values: Sequence[int], name: str | None = None
) -> ThresholdCircuit:
    """A threshold chain whose last gate is ``values[s]`` on every input with
    ``s`` ones, ``n = len(values) - 1`` (module docstring: the construction
    and why it is right).

    >>> c = symmetric_circuit([1, 0, 0, 1, 0, 0, 1])  # s % 3 == 0 on 6 bits
    >>> c.cot_length, c.evaluate_all()[:, -1].tolist()[:8]
    (3, [1, 0, 0, 0, 0, 0, 0, 1])
    """
    values = list(values)
    if not values or any(v not in (0, 1) or isinstance(v, bool) for v in values):
        raise CircuitError("values must be a non-empty list of 0/1 ints, one per "
                           "number of ones 0..n")
    n = len(values) - 1
    if n < 1:
        raise CircuitError("values must cover n >= 1 inputs (n + 1 values)")
    direct = _gates(values, n)
    flipped = _gates([1 - v for v in values], n)
    if flipped is not None and (direct is None or len(flipped) < len(direct)):
        last = flipped[-1]
        negated = {src: -w for src, w in dict(last.weights).items()}
        flipped[-1] = Gate(name=last.name, weights=negated,
                           threshold=1 - (last.threshold or 0))
        direct = flipped
    assert direct is not None  # values has a one or a zero
    return ThresholdCircuit(n_inputs=n, gates=direct,
                            name=name or f"symmetric-{n}")


def symmetric_length(values: Sequence[int]) -> int:
    """Gates of :func:`symmetric_circuit` for ``values``.

    >>> symmetric_length([0, 1, 0, 1, 0]), symmetric_length([0, 0, 1, 1])
    (3, 1)
    """
    return symmetric_circuit(values).cot_length
