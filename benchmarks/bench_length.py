"""Benchmark arcot.length: exact minimum search per n, and two comparisons.

Run:  python benchmarks/bench_length.py [--n-max 6]

1. Exact minimum length of parity (and majority) per n: time, lengths proven
   infeasible, the witness's source. The weights bound of each token makes
   every "infeasible" exhaustive (see docs/howto/length-complexity.md).
2. The MILP with and without its symmetry normalisation (an intermediate
   token is 0 on the all-zero input) and pruning (no intermediate token is
   constant or a copy of an input): time to prove T = 2 infeasible for
   parity, same answer every way.
3. measure_length (numba shape kernel) against what a user would otherwise
   write: every input through the reference stepper, tracking span and steps.
4. fit_length on a sequence with a law and on one without.

Times come from one process and one run; the machine is shared, so read the
ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

from arcot.circuit import parity_circuit, truth_table
from arcot.cot import cot_length
from arcot.length import (
    fit_length,
    measure_length,
    minimum_length,
    threshold_weight_bound,
)
from arcot.length.minimum import _milp_chain
from arcot.machine import configurations
from arcot.zoo import get


def parity(x: tuple[int, ...]) -> int:
    return sum(x) % 2


def majority(x: tuple[int, ...]) -> int:
    return int(2 * sum(x) > len(x))


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def bench_minimum(n_max: int) -> None:
    print("## 1. exact minimum length (MILP, HiGHS)")
    print(f"{'function':>9} {'n':>2} {'hint':>5} {'tokens':>6} {'infeasible':>10} "
          f"{'witness':>7} {'seconds':>8}")
    for name, f in (("parity", parity), ("majority", majority)):
        for n in range(1, n_max + 1):
            hints = [True] if n == 6 else [False, True]  # n = 6 unhinted: minutes
            for use_hint in hints if name == "parity" else [False]:
                hint = parity_circuit(n) if use_hint else None
                best, dt = timed(lambda f=f, n=n, hint=hint: minimum_length(
                    f, n, hint=hint))
                print(f"{name:>9} {n:>2} {('yes' if use_hint else 'no'):>5} "
                      f"{best.tokens:>6} {list(best.infeasible)!s:>10} "
                      f"{best.witness_source:>7} {dt:>8.2f}")


def bench_pruning() -> None:
    print("\n## 2. symmetry and pruning constraints: prove T = 2 infeasible for parity")
    print(f"{'n':>2} {'both s':>8} {'no pruning s':>13} {'neither s':>10} "
          f"{'neither/both':>13}")
    for n in (4, 5):
        table = truth_table(parity, n)
        bounds = [threshold_weight_bound(n + t) for t in range(2)]
        times, answers = [], []
        for prune, normalise in ((True, True), (False, True), (False, False)):
            (ans, _), dt = timed(
                lambda table=table, n=n, bounds=bounds, p=prune, z=normalise:
                _milp_chain(table, n, 2, bounds, time_limit=600, prune=p,
                            normalise=z))
            times.append(dt)
            answers.append(ans)
        assert answers == ["infeasible"] * 3, answers
        print(f"{n:>2} {times[0]:>8.2f} {times[1]:>13.2f} {times[2]:>10.2f} "
              f"{times[2] / times[0]:>12.1f}x")


def reference_profile(machine, encoding, n_max):  # type: ignore[no-untyped-def]
    """What a user would write: every input through the reference stepper."""
    rows = []
    for n in range(1, n_max + 1):
        lo, hi, steps = 0, n - 1, 0
        for word in itertools.product(machine.input_symbols, repeat=n):
            for c in configurations(machine, word):
                lo, hi = min(lo, c.head), max(hi, c.head)
            steps = max(steps, c.step)
        width = hi - lo + 1
        rows.append((n, steps, width, cot_length(machine, encoding,
                                                 steps=steps, width=width)))
    return rows


def bench_measure() -> None:
    print("\n## 3. measure_length vs the reference stepper over every input")
    print(f"{'machine':>10} {'n_max':>5} {'inputs':>7} {'arcot s':>8} "
          f"{'python s':>9} {'ratio':>7}")
    for name, n_max in (("palindrome", 12), ("0n1n", 12), ("increment", 12)):
        m = get(name)
        measure_length(m, "tableau", 2)  # compile the kernel outside the timing
        prof, t_arcot = timed(lambda m=m, n_max=n_max: measure_length(
            m, "tableau", n_max, progress=False))
        ref, t_ref = timed(lambda m=m, n_max=n_max: reference_profile(
            m, "tableau", n_max))
        got = [(r.n, r.steps, r.width, r.cot_tokens) for r in prof.rows]
        assert got == ref, (got, ref)
        inputs = sum(2**n for n in range(1, n_max + 1))
        print(f"{name:>10} {n_max:>5} {inputs:>7} {t_arcot:>8.3f} {t_ref:>9.3f} "
              f"{t_ref / t_arcot:>6.0f}x")


def bench_fit() -> None:
    print("\n## 4. fit_length")
    law_seq = [n * n + 3 * n + 2 for n in range(1, 13)]
    noise = np.random.default_rng(0).integers(0, 10**9, size=12).tolist()
    reps = 5
    for label, seq in (("n^2+3n+2, 12 points", law_seq), ("noise, 12 points", noise)):
        law, dt = timed(lambda seq=seq: [fit_length(seq) for _ in range(reps)][-1])
        print(f"{label:>22}: {dt / reps * 1000:7.1f} ms per call -> "
              f"{None if law is None else law.expression}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-max", type=int, default=6)
    args = parser.parse_args()
    bench_minimum(args.n_max)
    bench_pruning()
    bench_measure()
    bench_fit()


if __name__ == "__main__":
    main()
