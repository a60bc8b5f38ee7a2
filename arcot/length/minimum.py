"""The exact minimum CoT length of a Boolean function, by mixed-integer programs.

:func:`minimum_length` finds the fewest linear threshold tokens that compute
a function on every input of length ``n`` (:class:`MinimumLength`), with
:func:`threshold_weight_bound` making each search exhaustive. The solver is
scipy's HiGHS (``_milp_chain``); every witness is checked exactly in integers.
``backend="sat"`` answers by :func:`arcot.length.sat.minimum_length_sat`
instead, whose lower bound is a checkable DRUP proof.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from arcot.circuit import (
    Gate,
    ThresholdCircuit,
    all_bit_inputs,
    check_function,
    function_circuit,
)
from arcot.errors import ArcotError, LengthError, SearchLimitExceeded
from arcot.length.bounds import function_table, threshold_weight_bound
from arcot.length.checks import check_int
from arcot.length.sat import MAX_SAT_N, UnsatCertificate, minimum_length_sat

__all__ = [
    "BACKENDS",
    "MAX_EXACT_N",
    "MinimumLength",
    "function_table",
    "minimum_length",
    "threshold_weight_bound",
]

#: The solvers :func:`minimum_length` can use.
BACKENDS = ("milp", "sat")

#: The largest input length :func:`minimum_length` accepts with the MILP
#: (2^n inputs); the SAT backend goes to :data:`arcot.length.sat.MAX_SAT_N`.
MAX_EXACT_N = 6


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class MinimumLength:
    """The fewest threshold tokens computing a function on all inputs of length n.

    ``circuit`` is the witness (its last gate is the answer), checked exactly
    on all ``2^n`` inputs (``verified``). ``infeasible`` lists the lengths
    ``T < tokens`` the solver found infeasible under ``weight_bounds`` (a
    floating-point MILP verdict, not an exact proof)
    (the bound for gate ``t`` reading ``n + t`` tokens, see
    :func:`threshold_weight_bound`), which makes the search exhaustive.
    ``witness_source`` is ``"solver"``, ``"hint"`` (a known construction of
    that length, e.g. Thm 3.11's, verified all the same) or ``"truth-table"``
    (:func:`arcot.circuit.function_circuit`, when nothing shorter exists).
    ``backend`` says which solver answered: with ``"sat"``, ``infeasible``
    lists SAT refutations and ``certificate`` is the
    :class:`~arcot.length.sat.UnsatCertificate` (CNF and DRUP proof) for
    ``tokens - 1``, which :mod:`arcot.verify.drup` checks (``None`` when
    ``tokens == 1``, or for the MILP, whose verdicts carry no proof).
    """

    n: int
    tokens: int
    circuit: ThresholdCircuit
    verified: bool
    infeasible: tuple[int, ...]
    weight_bounds: tuple[int, ...]
    witness_source: str
    seconds: float
    backend: str = "milp"
    certificate: UnsatCertificate | None = None


def _milp_chain(
    table: np.ndarray, n: int, t_len: int, bounds: Sequence[int],
    *, time_limit: float, prune: bool, normalise: bool = True,
) -> tuple[str, list[tuple[list[int], list[int], int]] | None]:
    """Solve "is f a chain of ``t_len`` threshold tokens?" as a MILP.

    Returns ``("feasible", gates)`` with each gate ``(w over x, u over earlier
    gates, threshold)``, ``("infeasible", None)`` or ``("limit", None)``.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    xs = all_bit_inputs(n).tolist()
    size = len(xs)
    lo: list[float] = []
    hi: list[float] = []
    integral: list[int] = []

    def var(low: float, high: float, is_int: bool) -> int:
        lo.append(low)
        hi.append(high)
        integral.append(int(is_int))
        return len(lo) - 1

    w = [[0] * n for _ in range(t_len)]
    u = [[0] * t for t in range(t_len)]
    b = [0] * t_len
    z: list[list[int]] = []
    p: list[list[list[int]]] = []
    for t in range(t_len):
        k = bounds[t]
        w[t] = [var(-k, k, True) for _ in range(n)]
        u[t] = [var(-k, k, True) for _ in range(t)]
        b[t] = var(-k, k, True)
        if t < t_len - 1:
            # WLOG an intermediate token is 0 on the all-zero input: its
            # complement is as good (later tokens flip the sign of its weight).
            z.append([var(0, 0 if j == 0 and normalise else 1, True)
                      for j in range(size)])
        p.append([[var(-k, k, False) for _ in range(size)] for _ in range(t)])
    data: list[float] = []
    ri: list[int] = []
    ci: list[int] = []
    c_lo: list[float] = []
    c_hi: list[float] = []

    def row(coefs: dict[int, int], low: float, high: float) -> None:
        r = len(c_lo)
        for col, v in coefs.items():
            ri.append(r)
            ci.append(col)
            data.append(v)
        c_lo.append(low)
        c_hi.append(high)

    inf = np.inf
    for t in range(t_len):
        k = bounds[t]
        for j, x in enumerate(xs):
            act = {w[t][i]: 1 for i in range(n) if x[i]}
            act[b[t]] = -1
            for s in range(t):
                act[p[t][s][j]] = 1
            big = k * (sum(x) + t + 1)  # |activation| <= big
            if t == t_len - 1:
                if table[j]:
                    row(act, 0, inf)
                else:
                    row(act, -inf, -1)
            else:
                zj = z[t][j]
                row({**act, zj: -big}, -big, inf)  # z = 1 -> act >= 0
                row({**act, zj: -(big + 1)}, -inf, -1)  # z = 0 -> act <= -1
            for s in range(t):  # p = u * z exactly (z binary, |u| <= k)
                pj, us, zs = p[t][s][j], u[t][s], z[s][j]
                row({pj: 1, zs: -k}, -inf, 0)
                row({pj: 1, zs: k}, 0, inf)
                row({pj: 1, us: -1, zs: k}, -inf, k)
                row({pj: 1, us: -1, zs: -k}, -k, inf)
    if prune:
        # Valid only once every shorter chain is refuted: then no intermediate
        # token is constant or a copy of an input (dropping it would give a
        # shorter one). Off in minimum_length: it did not speed the search
        # up (benchmarks/bench_length.py), and every assumption left out is
        # one the infeasibility answers do not rest on.
        for t in range(t_len - 1):
            if normalise:  # 0 on the all-zero input, so not the constant 1
                row(dict.fromkeys(z[t], 1), 1, inf)
            for i in range(n):
                coefs = {z[t][j]: (-1 if x[i] else 1) for j, x in enumerate(xs)}
                ones = sum(x[i] for x in xs)
                row(coefs, 1 - ones, inf)
    matrix = coo_matrix((data, (ri, ci)), shape=(len(c_lo), len(lo))).tocsr()
    res = milp(
        np.zeros(len(lo)),
        constraints=LinearConstraint(matrix, c_lo, c_hi),
        integrality=np.array(integral),
        bounds=Bounds(lo, hi),
        options={"disp": False, "time_limit": max(time_limit, 0.01)},
    )
    if res.status == 2:
        return "infeasible", None
    if res.x is None:
        return "limit", None
    sol = np.rint(res.x).astype(np.int64).tolist()
    gates = [([sol[v] for v in w[t]], [sol[v] for v in u[t]], sol[b[t]])
             for t in range(t_len)]
    return "feasible", gates


def _gates_to_circuit(
    n: int, gates: Sequence[tuple[list[int], list[int], int]], name: str
) -> ThresholdCircuit:
    out = []
    for t, (wx, wu, thr) in enumerate(gates):
        weights = [(f"x{i}", v) for i, v in enumerate(wx) if v]
        weights += [(f"t{s}", v) for s, v in enumerate(wu) if v]
        out.append(Gate(name=f"t{t}", weights=tuple(weights), threshold=thr))
    return ThresholdCircuit(n_inputs=n, gates=out, name=name)


def minimum_length(
    function: Callable[[tuple[int, ...]], object] | Sequence[int],
    n: int,
    *,
    hint: ThresholdCircuit | None = None,
    time_limit: float = 600.0,
    backend: str = "milp",
) -> MinimumLength:
    """The exact minimum CoT length of ``function`` on ``n`` bits for linear AR.

    The least ``T`` such that ``T`` linear threshold tokens, token ``t``
    reading the ``n`` input bits and every earlier token, end with a token
    equal to ``function`` on all ``2^n`` inputs. For ``T = 1, 2, ...`` a
    mixed-integer program (scipy.optimize.milp, HiGHS) decides whether such
    a chain exists with integer weights within
    :func:`threshold_weight_bound` of each token's fan-in, a bound that
    loses no threshold function, so "infeasible" means no chain of length
    ``T`` exists at all -- as far as the solver's answer goes: HiGHS works in
    floating point with tolerances, so that verdict is not an exact proof.
    The witness is checked exactly in integers.
    ``hint`` (or the truth-table circuit, :func:`arcot.circuit.function_circuit`)
    is a known chain: at its length the search stops with it as the witness.

    ``backend="sat"`` decides each length by SAT instead
    (:func:`~arcot.length.sat.minimum_length_sat`, up to ``n = MAX_SAT_N``):
    the same minimum, with the refutation of ``tokens - 1`` kept as a DRUP
    proof (``certificate``) that an independent checker verifies.

    ``function`` is a callable on bit tuples or its truth table (``2^n``
    bits in :func:`arcot.circuit.all_bit_inputs` order). Raises
    :class:`~arcot.errors.LengthError` for ``n > MAX_EXACT_N`` (MILP) and
    :class:`~arcot.errors.SearchLimitExceeded` when a solve runs out of
    ``time_limit`` seconds.

    >>> best = minimum_length(lambda x: sum(x) % 2, 3)
    >>> best.tokens, best.verified, best.infeasible
    (2, True, (1,))
    >>> best = minimum_length(lambda x: sum(x) % 2, 3, backend="sat")
    >>> best.tokens, best.infeasible, best.certificate.length
    (2, (1,), 1)
    """
    if backend not in BACKENDS:
        raise LengthError(f"backend {backend!r}: expected one of {', '.join(BACKENDS)}")
    if backend == "sat":
        return _minimum_by_sat(function, n, hint=hint, time_limit=time_limit)
    n = check_int("n", n, 1)
    if n > MAX_EXACT_N:
        raise LengthError(
            f"n={n} is beyond the exact minimum search: it handles n <= {MAX_EXACT_N}"
        )
    f, table = function_table(function, n)
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or \
            not time_limit > 0:
        raise LengthError(f"time_limit must be a positive number, got {time_limit!r}")
    known = function_circuit(f, n)
    source = "truth-table"
    if hint is not None:
        if not isinstance(hint, ThresholdCircuit) or not hint.is_threshold:
            raise LengthError("hint must be a ThresholdCircuit of threshold gates")
        if not check_function(hint, f).verified:
            raise LengthError("hint does not compute the function on every input")
        if hint.cot_length < known.cot_length:
            known, source = hint, "hint"
    start = time.perf_counter()
    infeasible: list[int] = []
    bounds = tuple(threshold_weight_bound(n + t) for t in range(known.cot_length))
    for t_len in range(1, known.cot_length):
        left = time_limit - (time.perf_counter() - start)
        if left <= 0:
            raise SearchLimitExceeded(
                f"the exact search for n={n} ran out of {time_limit} s at T={t_len}",
                steps=t_len,
            )
        # A cheap try with small weights first: any chain it finds is a witness.
        small = [min(3, k) for k in bounds[:t_len]]
        status, gates = _milp_chain(table, n, t_len, small,
                                    time_limit=min(left, 5.0), prune=False)
        if status != "feasible":
            left = time_limit - (time.perf_counter() - start)
            status, gates = _milp_chain(table, n, t_len, bounds[:t_len],
                                        time_limit=max(left, 0.01), prune=False)
        if status == "infeasible":
            infeasible.append(t_len)
            continue
        if status == "limit":
            raise SearchLimitExceeded(
                f"the exact search for n={n} ran out of {time_limit} s at T={t_len}",
                steps=t_len,
            )
        assert gates is not None
        known = _gates_to_circuit(n, gates, f"minimal-{n}")
        source = "solver"
        break
    check = check_function(known, f)
    if not check.verified:  # pragma: no cover - the solver's rounding failed
        raise ArcotError(
            f"the solver's witness for n={n} fails exact verification on "
            f"{check.counterexample}"
        )
    return MinimumLength(
        n=n, tokens=known.cot_length, circuit=known, verified=True,
        infeasible=tuple(infeasible), weight_bounds=bounds[: known.cot_length],
        witness_source=source, seconds=time.perf_counter() - start,
    )


def _minimum_by_sat(
    function: Callable[[tuple[int, ...]], object] | Sequence[int], n: int, *,
    hint: ThresholdCircuit | None, time_limit: float,
) -> MinimumLength:
    """:func:`minimum_length` with ``backend="sat"``."""
    n = check_int("n", n, 1)
    if n > MAX_SAT_N:
        raise LengthError(
            f"n={n} is beyond the SAT minimum search: it handles n <= {MAX_SAT_N}"
        )
    best = minimum_length_sat(function, n, hint=hint, time_limit=time_limit)
    bounds = tuple(threshold_weight_bound(n + t) for t in range(best.tokens))
    return MinimumLength(
        n=n, tokens=best.tokens, circuit=best.circuit, verified=best.verified,
        infeasible=best.unsat_lengths, weight_bounds=bounds,
        witness_source=best.witness_source, seconds=best.seconds, backend="sat",
        certificate=best.lower_bound,
    )
