"""Named parity circuits: Thm 3.11's log-length one, Thm 3.12's XOR chain.

:func:`parity_circuit` is parity of ``n`` bits in ``ceil(log2(n+1))``
threshold gates (the bits of the count of ones); :func:`chain_parity_circuit`
is parity by a chain of XOR gates of at most ``k`` sources each, in
``ceil((n-1)/(k-1))`` parity gates. :func:`parity_length` and
:func:`chain_parity_length` give their lengths without building them.
:func:`inner_product_circuit` is the inner product mod 2 of the two
halves: an AND gate a pair, then the parity of the ANDs as Thm 3.11's.
"""

from __future__ import annotations

from arcot.circuit.checks import check_n, is_int
from arcot.circuit.model import Gate, ThresholdCircuit
from arcot.errors import CircuitError

__all__ = [
    "chain_parity_circuit",
    "chain_parity_length",
    "inner_product_circuit",
    "parity_circuit",
    "parity_length",
]


def parity_length(n: int) -> int:
    """Gates of :func:`parity_circuit`: ``ceil(log2(n + 1))``.

    >>> [parity_length(n) for n in range(1, 9)]
    [1, 2, 2, 3, 3, 3, 3, 4]
    """
    return int(check_n(n)).bit_length()


def parity_circuit(n: int) -> ThresholdCircuit:
    """Parity of ``n`` bits in ``ceil(log2(n+1))`` threshold gates (Thm 3.11).

    With ``s`` the number of ones and ``m`` gates, gate ``b_j`` (written from
    the top, ``j = m-1 .. 0``) is
    ``1[ s - sum_{k > j} 2^k b_k >= 2^j ]``: the bits of ``s``, so the last
    gate ``b0`` is the parity.

    >>> c = parity_circuit(4)
    >>> [(g.name, dict(g.weights).get("b2"), g.threshold) for g in c.gates]
    [('b2', None, 4), ('b1', -4, 2), ('b0', -4, 1)]
    """
    n = check_n(n)
    gates = _count_bits([f"x{i}" for i in range(n)])
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"parity-threshold-log-{n}")


def _count_bits(sources: list[str]) -> list[Gate]:
    """The bits ``b_{m-1} .. b_0`` of the number of ``sources`` that are 1,
    top-down, ``m = ceil(log2(len(sources) + 1))`` gates (Thm 3.11's)."""
    m = parity_length(len(sources))
    gates = []
    for j in range(m - 1, -1, -1):
        weights = [(src, 1) for src in sources]
        weights += [(f"b{k}", -(1 << k)) for k in range(m - 1, j, -1)]
        gates.append(Gate(name=f"b{j}", weights=tuple(weights), threshold=1 << j))
    return gates


def chain_parity_length(n: int, k: int) -> int:
    """Tokens of :func:`chain_parity_circuit`: ``ceil((n-1)/(k-1))``, at least 1.

    >>> [chain_parity_length(n, 2) for n in (1, 2, 5)], chain_parity_length(9, 3)
    ([1, 1, 4], 4)
    """
    n = check_n(n)
    k = _check_k(k)
    return max(1, -(-(n - 1) // (k - 1)))


def _check_k(k: object) -> int:
    if not is_int(k) or int(k) < 2:
        raise CircuitError(f"k must be an integer >= 2, got {k!r}")
    return int(k)


def chain_parity_circuit(n: int, k: int) -> ThresholdCircuit:
    """Parity of ``n`` bits by a chain of XORs of at most ``k`` tokens (Thm 3.12).

    Token 1 is the XOR of the first ``min(k, n)`` bits; each next token is
    the previous token XOR the next ``k - 1`` bits: ``ceil((n-1)/(k-1))``
    tokens (one for ``n = 1``, where the single token copies ``x0``). The
    gates are of kind ``"parity"``: an XOR of ``k >= 2`` bits is not one
    threshold gate.

    >>> c = chain_parity_circuit(5, 3)
    >>> [g.sources for g in c.gates]
    [('x0', 'x1', 'x2'), ('p0', 'x3', 'x4')]
    """
    n = check_n(n)
    k = _check_k(k)
    gates = [Gate.parity("p0", [f"x{i}" for i in range(min(k, n))])]
    i = min(k, n)
    while i < n:
        nxt = [f"x{j}" for j in range(i, min(i + k - 1, n))]
        gates.append(Gate.parity(f"p{len(gates)}", [gates[-1].name, *nxt]))
        i += len(nxt)
    assert len(gates) == chain_parity_length(n, k)
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"parity-chain-{k}-{n}")


def inner_product_circuit(n: int) -> ThresholdCircuit:
    """Inner product mod 2 of ``x[:h]`` and ``x[h:2h]``, ``h = n // 2`` (an
    odd last bit ignored), in threshold gates: ``a_i = 1[x_i + x_{h+i} >=
    2]`` for each pair, then the bits of ``s = sum a_i`` top-down as in
    :func:`parity_circuit`, the last being ``s mod 2``: ``h +
    ceil(log2(h+1))`` gates (one AND for ``h = 1``; the constant 0 for
    ``h = 0``).

    >>> c = inner_product_circuit(6)
    >>> c.cot_length, c.evaluate_all()[:, -1].tolist()[:8]
    (5, [0, 0, 0, 0, 0, 0, 0, 0])
    """
    n = check_n(n)
    h = n // 2
    if h == 0:
        return ThresholdCircuit(n_inputs=n, gates=[Gate(name="zero", weights=(),
                                                        threshold=1)],
                                name=f"inner-product-{n}")
    gates = [Gate(name=f"a{i}", weights=((f"x{i}", 1), (f"x{h + i}", 1)),
                  threshold=2) for i in range(h)]
    if h > 1:
        gates += _count_bits([f"a{i}" for i in range(h)])
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"inner-product-{n}")
