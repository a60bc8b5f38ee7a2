"""The exact minimum CoT length of a Boolean function: by SAT or a MILP.

:func:`minimum_length` finds the fewest linear threshold tokens that compute
a function on every input of length ``n`` (:class:`MinimumLength`), with
:func:`threshold_weight_bound` making each search exhaustive. Two backends
decide each candidate length: SAT (:mod:`arcot.length.sat`, python-sat),
whose refutations come with DRUP proofs that :mod:`arcot.verify.drup`
checks, and scipy's HiGHS MILP (``_milp_chain``), whose infeasibility
verdicts are floating point and carry no proof. ``"auto"`` is SAT when
python-sat is installed. Every witness is checked exactly in integers.
Under ``partial=True`` a search that runs out of time returns the bounds
it reached instead of raising.
"""

from __future__ import annotations

import importlib.util
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
from arcot.length.sat import MAX_SAT_N, UnsatCertificate, search_lengths

__all__ = [
    "BACKENDS",
    "MAX_EXACT_N",
    "MinimumLength",
    "exact_n_limit",
    "function_table",
    "minimum_length",
    "resolve_backend",
    "threshold_weight_bound",
]

#: The solvers :func:`minimum_length` can use (``"auto"``: SAT when
#: python-sat is installed, else the MILP).
BACKENDS = ("auto", "milp", "sat")

#: The largest input length :func:`minimum_length` accepts with the MILP
#: (2^n inputs); the SAT backend goes to :data:`arcot.length.sat.MAX_SAT_N`.
MAX_EXACT_N = 6


def resolve_backend(backend: object) -> str:
    """``"milp"`` or ``"sat"``: ``backend`` checked, ``"auto"`` resolved."""
    if backend not in BACKENDS:
        raise LengthError(f"backend {backend!r}: expected one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "sat" if importlib.util.find_spec("pysat") is not None else "milp"
    return str(backend)


def exact_n_limit(backend: str) -> int:
    """The largest ``n`` the (resolved) backend searches."""
    return MAX_SAT_N if resolve_backend(backend) == "sat" else MAX_EXACT_N


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class MinimumLength:
    """The fewest threshold tokens computing a function on all inputs of length n.

    ``circuit`` is the witness (its last gate is the answer), checked exactly
    on all ``2^n`` inputs (``verified``); ``tokens`` is its length. Every
    length below ``lower`` was refuted, so the minimum is ``tokens`` when
    ``exact`` (``lower == tokens``, always so unless a ``partial`` search ran
    out of time) and lies in ``[lower, tokens]`` otherwise. ``infeasible``
    lists the lengths the solver refuted under ``weight_bounds`` (the bound
    for gate ``t`` reading ``n + t`` tokens, see
    :func:`threshold_weight_bound`, which makes the search exhaustive).
    ``witness_source`` is ``"solver"``, ``"hint"`` (a known construction of
    that length, e.g. Thm 3.11's, verified all the same) or ``"truth-table"``
    (:func:`arcot.circuit.function_circuit`). ``backend`` says which solver
    answered. With ``"sat"`` each refutation is exact given a checked proof,
    and ``certificate`` is the :class:`~arcot.length.sat.UnsatCertificate`
    (CNF and DRUP proof) for ``lower - 1``, which :mod:`arcot.verify.drup`
    checks and which rules out every shorter length (a shorter CoT pads to
    that one); it is ``None`` when ``lower == 1`` (nothing to rule out).
    With ``"milp"`` the refutations are HiGHS's floating-point infeasibility
    verdicts, not exact proofs, and ``certificate`` is ``None``.
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
    lower: int | None = None

    def __post_init__(self) -> None:
        if self.lower is None:
            object.__setattr__(self, "lower", self.tokens)

    @property
    def exact(self) -> bool:
        """Whether the search finished: ``tokens`` is the minimum."""
        return self.lower == self.tokens


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
    backend: str = "auto",
    partial: bool = False,
) -> MinimumLength:
    """The exact minimum CoT length of ``function`` on ``n`` bits for linear AR.

    The least ``T`` such that ``T`` linear threshold tokens, token ``t``
    reading the ``n`` input bits and every earlier token, end with a token
    equal to ``function`` on all ``2^n`` inputs. For ``T = 1, 2, ...`` the
    backend decides whether such a chain exists with integer weights within
    :func:`threshold_weight_bound` of each token's fan-in, a bound that
    loses no threshold function, so a refutation means no chain of length
    ``T`` exists at all. The first feasible ``T`` is the minimum; its
    witness is checked exactly in integers. ``hint`` (or the truth-table
    circuit, :func:`arcot.circuit.function_circuit`) is a known chain: at
    its length the search stops with it as the witness.

    ``backend``: ``"sat"`` (:func:`arcot.length.sat.search_lengths`, up to
    ``n = MAX_SAT_N``) keeps the refutation of ``tokens - 1`` as a DRUP
    proof (``certificate``) that an independent checker verifies, so both
    directions are exact; ``"milp"`` (scipy.optimize.milp, HiGHS, up to
    ``n = MAX_EXACT_N``) works in floating point with tolerances, so its
    "infeasible" is the solver's word, not an exact proof; ``"auto"``
    (default) is ``"sat"`` when python-sat is installed, else ``"milp"``.

    ``function`` is a callable on bit tuples or its truth table (``2^n``
    bits in :func:`arcot.circuit.all_bit_inputs` order). Raises
    :class:`~arcot.errors.LengthError` for ``n`` past the backend's limit
    and :class:`~arcot.errors.SearchLimitExceeded` (its message gives the
    bounds reached) when ``time_limit`` seconds run out -- unless
    ``partial``: then the result holds those bounds (``exact`` false,
    ``lower`` the least length not refuted, ``circuit`` the best known).

    >>> best = minimum_length(lambda x: sum(x) % 2, 3, backend="milp")
    >>> best.tokens, best.verified, best.infeasible
    (2, True, (1,))
    >>> best = minimum_length(lambda x: sum(x) % 2, 3, backend="sat")
    >>> best.tokens, best.exact, best.infeasible, best.certificate.length
    (2, True, (1,), 1)
    """
    backend = resolve_backend(backend)
    n = check_int("n", n, 1)
    limit = exact_n_limit(backend)
    if n > limit:
        solver = "SAT" if backend == "sat" else "exact (MILP)"
        raise LengthError(
            f"n={n} is beyond the {solver} minimum search: it handles n <= {limit}"
        )
    f, table = function_table(function, n)
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or \
            not time_limit > 0:
        raise LengthError(f"time_limit must be a positive number, got {time_limit!r}")
    if not isinstance(partial, bool):
        raise LengthError(f"partial must be a bool, got {partial!r}")
    known = function_circuit(f, n)
    source = "truth-table"
    if hint is not None:
        if not isinstance(hint, ThresholdCircuit) or not hint.is_threshold:
            raise LengthError("hint must be a ThresholdCircuit of threshold gates")
        if hint.n_inputs != n or not check_function(hint, f).verified:
            raise LengthError("hint does not compute the function on every input")
        if hint.cot_length < known.cot_length:
            known, source = hint, "hint"
    start = time.perf_counter()
    search = _sat_search if backend == "sat" else _milp_search
    found, infeasible, certificate, stopped = search(
        table, n, known.cot_length, float(time_limit))
    if found is not None:
        known, source = found, "solver"
    lower = max(infeasible, default=0) + 1
    if stopped is not None and not partial:
        raise SearchLimitExceeded(
            f"{stopped}; bounds so far: at least {_tokens(lower)} (every length "
            f"<= {lower - 1} refuted), at most {known.cot_length} ({source})",
            steps=lower,
        )
    check = check_function(known, f)
    if not check.verified:  # pragma: no cover - the solver's rounding failed
        raise ArcotError(
            f"the witness for n={n} fails exact verification on "
            f"{check.counterexample}"
        )
    bounds = tuple(threshold_weight_bound(n + t) for t in range(known.cot_length))
    return MinimumLength(
        n=n, tokens=known.cot_length, circuit=known, verified=True,
        infeasible=tuple(infeasible), weight_bounds=bounds,
        witness_source=source, seconds=time.perf_counter() - start,
        backend=backend, certificate=certificate if lower > 1 else None,
        lower=lower,
    )


def _tokens(k: int) -> str:
    return f"{k} token" if k == 1 else f"{k} tokens"


_Search = tuple[ThresholdCircuit | None, list[int], UnsatCertificate | None, str | None]


def _sat_search(table: np.ndarray, n: int, known: int, time_limit: float) -> _Search:
    """Lengths ``1 .. known - 1`` by SAT: ``(witness or None, refuted
    lengths, the last refutation's certificate, why it stopped early or
    None)``."""
    refuted: list[int] = []
    certificate = None
    try:
        for verdict in search_lengths(table.tolist(), n, lengths=range(1, known),
                                      time_limit=time_limit):
            if verdict.status == "sat":
                return verdict.circuit, refuted, certificate, None
            refuted.append(verdict.length)
            certificate = verdict.certificate
    except SearchLimitExceeded as exc:
        return None, refuted, certificate, str(exc)
    return None, refuted, certificate, None


def _milp_search(table: np.ndarray, n: int, known: int, time_limit: float) -> _Search:
    """Lengths ``1 .. known - 1`` by MILP, as :func:`_sat_search` (no
    certificates: HiGHS's verdicts carry no proof)."""
    start = time.perf_counter()
    infeasible: list[int] = []
    bounds = [threshold_weight_bound(n + t) for t in range(known)]
    for t_len in range(1, known):
        left = time_limit - (time.perf_counter() - start)
        ran_out = (f"the exact search for n={n} ran out of {time_limit:g} s at "
                   f"T={t_len}")
        if left <= 0:
            return None, infeasible, None, ran_out
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
            return None, infeasible, None, ran_out
        assert gates is not None
        return _gates_to_circuit(n, gates, f"minimal-{n}"), infeasible, None, None
    return None, infeasible, None, None
