"""Benchmark the exact minimum CoT length: MILP (HiGHS) against SAT (CaDiCaL).

Run:  python benchmarks/bench_minimum.py [--n-max 8] [--limit 600] [--named]
      [--n-min 2] [--functions parity majority] [--backward]

For parity and majority, n = 2..n-max, each backend gets ``--limit``
seconds per n (the solver's time limit; once a backend runs out at some n
it is not tried at larger n). Both get the threshold-log circuit
(Thm 3.11) as the hint for parity, as ``arcot length`` does, so each only
has to refute the lengths below it. The MILP's ``minimum_length`` stops at
``MAX_EXACT_N = 6``; one extra row times its refutation of ``T = 2`` for
parity at ``n = 7`` through ``_milp_chain``, the cap bypassed, to compare.

For each SAT row: the CNF of the refuted length ``tokens - 1`` (variables,
clauses), the DRUP proof (lemmas, MB) and the stdlib checker's time and
verdict on it (``arcot.verify.drup``, in this process; every lemma, or
with ``--backward`` only the used ones, whose count it gives; proofs past
``--check-mb`` are not checked and say so). ``--functions`` and
``--n-min`` pick rows (e.g. ``--functions parity --n-min 8 --n-max 8``,
``--no-milp`` for SAT alone). ``--named`` adds every named function of
``arcot.length.targets`` (SAT only, n = n-min..n-max).

Prints markdown tables and the frontier: the largest n each backend solved
exactly within the limit, per function. Times are one run on a shared
machine: read the ratios.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from arcot.circuit import parity_circuit, truth_table
from arcot.errors import SearchLimitExceeded
from arcot.length import MAX_EXACT_N, minimum_length, minimum_length_sat
from arcot.length.bounds import threshold_weight_bound
from arcot.length.minimum import _milp_chain
from arcot.length.targets import FUNCTIONS, target_function
from arcot.verify import drup

Function = Callable[[tuple[int, ...]], object]


def hint_for(name: str, n: int):  # type: ignore[no-untyped-def]
    return parity_circuit(n) if name == "parity" else None


def milp_row(name: str, f: Function, n: int, limit: float) -> dict[str, object]:
    if n > MAX_EXACT_N:
        return {"status": f"n > MAX_EXACT_N = {MAX_EXACT_N}"}
    t0 = time.perf_counter()
    try:
        best = minimum_length(f, n, hint=hint_for(name, n), time_limit=limit)
    except SearchLimitExceeded:
        return {"status": f"limit {limit:g} s", "seconds": time.perf_counter() - t0}
    lower = "MILP (floating point)" if best.tokens > 1 else "none needed"
    return {"status": "exact", "tokens": best.tokens, "seconds": best.seconds,
            "refuted": list(best.infeasible), "lower": lower}


def sat_row(name: str, f: Function, n: int, limit: float,
            check_mb: float, backward: bool = False) -> dict[str, object]:
    t0 = time.perf_counter()
    try:
        best = minimum_length_sat(f, n, hint=hint_for(name, n), time_limit=limit)
    except SearchLimitExceeded:
        return {"status": f"limit {limit:g} s", "seconds": time.perf_counter() - t0}
    row: dict[str, object] = {
        "status": "exact", "tokens": best.tokens, "seconds": best.seconds,
        "refuted": list(best.unsat_lengths), "lower": "none needed",
    }
    cert = best.lower_bound
    if cert is not None:
        header = next(line for line in cert.cnf.splitlines() if line.startswith("p "))
        lemmas = sum(1 for line in cert.proof.splitlines()
                     if line and not line.startswith("d"))
        mb = len(cert.proof) / 1e6
        row.update(cnf=" ".join(header.split()[2:]), lemmas=lemmas, mb=mb)
        if mb <= check_mb:
            t1 = time.perf_counter()
            verdict, message = drup.check(cert.cnf, cert.proof, backward=backward)
            scope = "every lemma checked"
            if "checked backward: " in message:
                used = message[message.index("checked backward: ") + 18:].split()[0]
                scope = f"backward, {used} lemmas used"
            row.update(check=f"{verdict} {time.perf_counter() - t1:.1f} s ({scope})")
            row["lower"] = "DRUP " + verdict
        else:
            row.update(check=f"not checked (> {check_mb:g} MB)")
            row["lower"] = "DRUP proof, unchecked"
    return row


def fmt(row: dict[str, object], key: str, spec: str = "") -> str:
    value = row.get(key)
    if value is None:
        return ""
    return format(value, spec) if spec else str(value)


def bench(names: list[str], n_max: int, limit: float, check_mb: float,
          backends: tuple[str, ...], n_min: int = 2,
          backward: bool = False) -> dict[tuple[str, str], int]:
    print("| function | n | backend | tokens | refuted | seconds | lower bound | "
          "CNF (vars clauses) | proof lemmas | proof MB | DRUP check |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    frontier: dict[tuple[str, str], int] = {}
    for name in names:
        f = target_function(name)
        stopped: set[str] = set()
        for n in range(n_min, n_max + 1):
            for backend in backends:
                if backend in stopped:
                    continue
                row = (milp_row(name, f, n, limit) if backend == "milp"
                       else sat_row(name, f, n, limit, check_mb, backward))
                if row["status"] == "exact":
                    frontier[name, backend] = n
                else:
                    stopped.add(backend)
                tokens = fmt(row, "tokens") if row["status"] == "exact" \
                    else str(row["status"])
                print(f"| {name} | {n} | {backend} | {tokens} | "
                      f"{fmt(row, 'refuted')} | {fmt(row, 'seconds', '.2f')} | "
                      f"{fmt(row, 'lower')} | {fmt(row, 'cnf')} | "
                      f"{fmt(row, 'lemmas')} | {fmt(row, 'mb', '.1f')} | "
                      f"{fmt(row, 'check')} |", flush=True)
    return frontier


def milp_parity_seven(limit: float) -> None:
    """The MILP's refutation of T = 2 for parity on 7 bits, cap bypassed."""
    n = 7
    table = truth_table(target_function("parity"), n)
    bounds = [threshold_weight_bound(n + t) for t in range(2)]
    t0 = time.perf_counter()
    status, _ = _milp_chain(table, n, 2, bounds, time_limit=limit, prune=False)
    print(f"\nMILP, parity n=7, T=2 (cap bypassed): {status} in "
          f"{time.perf_counter() - t0:.1f} s (limit {limit:g} s)")


def count_threshold_functions(n: int) -> None:
    """How many of the 2^(2^n) functions of n bits one token computes, by
    the length-1 CNF without symmetry breaking: one solver, the output unit
    clauses left out and given as assumptions for each function in turn."""
    from pysat.solvers import Solver

    from arcot.length.sat import chain_cnf

    enc = chain_cnf([0] * (1 << n), n, 1, symmetry=False)
    units = {(s,) for s in enc.outputs}
    clauses = [c for c in enc.clauses if c not in units]
    t0 = time.perf_counter()
    count = 0
    with Solver(name="cadical153", bootstrap_with=clauses) as s:
        for code in range(1 << (1 << n)):
            given = [-sign if (code >> r) & 1 else sign
                     for r, sign in enumerate(enc.outputs)]
            count += bool(s.solve(assumptions=given))
    print(f"\nfunctions of {n} bits that one threshold token computes: {count} "
          f"({time.perf_counter() - t0:.1f} s; OEIS A000609 gives 2, 4, 14, 104, "
          "1882, 94572 for n = 0..5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-max", type=int, default=8)
    parser.add_argument("--limit", type=float, default=600.0,
                        help="seconds per n and backend (default 600)")
    parser.add_argument("--check-mb", type=float, default=64.0,
                        help="check DRUP proofs up to this size (default 64 MB)")
    parser.add_argument("--named", action="store_true",
                        help="also every named function, SAT only")
    parser.add_argument("--skip-milp-seven", action="store_true")
    parser.add_argument("--n-min", type=int, default=2)
    parser.add_argument("--functions", nargs="+", default=["parity", "majority"],
                        help="target specs for the main table")
    parser.add_argument("--no-milp", action="store_true", help="SAT only")
    parser.add_argument("--backward", action="store_true",
                        help="check only the lemmas the refutation uses")
    parser.add_argument("--count-threshold", type=int, default=None, metavar="N",
                        help="count the threshold functions of N <= 4 bits "
                        "(the length-1 encoding against OEIS A000609)")
    args = parser.parse_args()
    if args.count_threshold is not None:
        count_threshold_functions(args.count_threshold)
        return
    minimum_length(target_function("parity"), 2)  # imports and first calls,
    minimum_length_sat(target_function("parity"), 2)  # outside the timings
    print(f"## exact minimum per n (limit {args.limit:g} s per n and backend)\n")
    print(f"machine: {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the start\n")
    backends = ("sat",) if args.no_milp else ("milp", "sat")
    frontier = bench(args.functions, args.n_max, args.limit,
                     args.check_mb, backends, args.n_min, args.backward)
    if not args.skip_milp_seven:
        milp_parity_seven(args.limit)
    if args.named:
        print("\n## every named function, SAT\n")
        others = [name for name in FUNCTIONS if name not in ("parity", "majority")]
        others += ["threshold:2", "exact:2", "mod:3", "sparse-parity:0,2",
                   "addition-bit:1"]
        frontier.update(bench(others, args.n_max, args.limit, args.check_mb,
                              ("sat",), args.n_min, args.backward))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    print("\n## frontier: the largest n solved exactly (within the limit)\n")
    print("| function | MILP | SAT |")
    print("|---|---|---|")
    for name in dict.fromkeys(name for name, _ in frontier):
        print(f"| {name} | {frontier.get((name, 'milp'), '-')} | "
              f"{frontier.get((name, 'sat'), '-')} |")


if __name__ == "__main__":
    main()
