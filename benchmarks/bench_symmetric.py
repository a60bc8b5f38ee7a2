"""Checking a length row: one input per number of ones against every input.

``check_function`` on parity's threshold-log circuit (Thm 3.11), whose gates
weight all inputs alike, with parity as a named (symmetric) function, which
is decided on ``n + 1`` inputs, against the same function as a plain
callable, which is checked on all ``2^n`` inputs (what every row did
before); both must agree. Best of three in one process; the exhaustive
check stops at ``n = 20`` (a row of 2^20 inputs is the command line's limit
for it). Then the whole process a user runs, ``arcot length --function
parity --scheme threshold-log --n-max N``, against ``python -c pass``:
best wall time of ``--rounds`` runs with that run's CPU time (user +
system, the steadier figure on a shared machine), and whether the process
loaded sympy, numba, scipy or networkx.

Last, the exhaustive check itself (a circuit whose answer no reduction
applies to): its circuits in numba (:mod:`arcot.circuit._kernels`, each
gate's input sums updated for the bits that flip from one input to the
next) against numpy's blocks (what every exhaustive check did before), for
a random threshold circuit and a truth-table circuit each against its own
answer (a :class:`~arcot.circuit.functions.CircuitFunction`, so both sides
are circuits) at ``n = 16..26``, and a random circuit against a plain
Python callable at ``n = 16..20``, where the callable's ``2^n`` calls
dominate and the kernel speeds the circuit side only. Both paths must give
the same result; the kernel's first call in the process (numba's import
and its cached compilation) is timed apart.

    python benchmarks/bench_symmetric.py [--rounds 3] [--numpy-n-max 22]
        [--kernel-n-max 26]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def best(fn, repeat: int = 3) -> float:
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--numpy-n-max", type=int, default=22)
    parser.add_argument("--kernel-n-max", type=int, default=26)
    args = parser.parse_args()
    from arcot.circuit import check_function, parity_circuit
    from arcot.length import FUNCTIONS

    parity = FUNCTIONS["parity"]
    print(f"{'n':>4} {'symmetric s':>12} {'inputs':>7} {'exhaustive s':>13} "
          f"{'inputs':>9} {'ratio':>9}")
    for n in (8, 12, 16, 20, 32, 64, 128, 256):
        circuit = parity_circuit(n)
        fast = check_function(circuit, parity)
        assert fast.verified and fast.method == "symmetric"
        t_fast = best(lambda c=circuit: check_function(c, parity))
        if n <= 20:
            slow = check_function(circuit, lambda x: sum(x) % 2)
            assert slow.verified and slow.method == "exhaustive"
            t_slow = best(lambda c=circuit: check_function(c, lambda x: sum(x) % 2), 1)
            tail = f"{t_slow:>13.4f} {slow.checked:>9} {t_slow / t_fast:>8.0f}x"
        else:
            tail = f"{'-':>13} {'2^' + str(n):>9} {'-':>9}"
        print(f"{n:>4} {t_fast:>12.5f} {fast.checked:>7} {tail}")
    startup(args.rounds)
    kernel_vs_blocks(args.numpy_n_max, args.kernel_n_max)


PROBE = """
import json, sys
import arcot.cli
arcot.cli.main(sys.argv[1:])
heavy = {"sympy", "numba", "scipy", "networkx", "numpy"}
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & heavy)),
      file=sys.stderr)
"""


def whole_process(cmd: list[str], rounds: int) -> tuple[float, float]:
    """Best wall time of ``rounds`` runs, and that run's CPU time."""
    best_wall, cpu = float("inf"), 0.0
    for _ in range(rounds):
        before = os.times()
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        wall = time.perf_counter() - t0
        after = os.times()
        if wall < best_wall:
            best_wall = wall
            cpu = (after.children_user - before.children_user
                   + after.children_system - before.children_system)
    return best_wall, cpu


def startup(rounds: int) -> None:
    print()
    base = whole_process([sys.executable, "-c", "pass"], rounds)
    print(f"{'command':<72} {'wall s':>7} {'cpu s':>6} {'- pass':>7}  loaded")
    print(f"{'python -c pass':<72} {base[0]:>7.2f} {base[1]:>6.2f}")
    for n_max in (64, 256):
        argv = ["length", "--function", "parity", "--scheme", "threshold-log",
                "--n-max", str(n_max)]
        wall, cpu = whole_process([sys.executable, "-m", "arcot.cli", *argv], rounds)
        probe = subprocess.run([sys.executable, "-c", PROBE, *argv], check=True,
                               capture_output=True, text=True)
        loaded = ", ".join(json.loads(probe.stderr.strip().splitlines()[-1]))
        print(f"{'arcot ' + ' '.join(argv):<72} {wall:>7.2f} {cpu:>6.2f} "
              f"{wall - base[0]:>7.2f}  {loaded}")


def random_circuit(n: int, gates: int, seed: int):  # type: ignore[no-untyped-def]
    """Every gate reads every input and earlier gate, weights in -5..5."""
    import numpy as np

    from arcot.circuit import Gate, ThresholdCircuit

    rng = np.random.default_rng(seed)
    out = []
    for j in range(gates):
        sources = [f"x{i}" for i in range(n)] + [f"g{k}" for k in range(j)]
        weights = {s: int(w) for s, w in zip(sources, rng.integers(-5, 6, len(sources)),
                                             strict=True) if w}
        out.append(Gate(name=f"g{j}", weights=weights,
                        threshold=int(rng.integers(-3, 4))))
    return ThresholdCircuit(n_inputs=n, gates=out, name=f"random-{n}x{gates}")


def minterm_circuit(n: int):  # type: ignore[no-untyped-def]
    """function_circuit's truth-table circuit of ``x0 and exactly one other
    bit``, built without tabulating ``2^n`` inputs: a minterm gate for each
    input the function is 1 on (in input order), then their OR."""
    from arcot.circuit import Gate, ThresholdCircuit

    gates = []
    for j in range(n - 1, 0, -1):  # 1 0..0 1 0..0, the 1 moving left
        a = [1 if i in (0, j) else 0 for i in range(n)]
        gates.append(Gate(name=f"m{len(gates)}", threshold=2, weights=tuple(
            (f"x{i}", 1 if b else -1) for i, b in enumerate(a))))
    gates.append(Gate(name="or", weights=tuple((g.name, 1) for g in gates),
                      threshold=1))
    return ThresholdCircuit(n_inputs=n, gates=gates, name=f"truth-table-{n}")


FIRST_CALL = """
import time
from arcot.circuit import Gate, ThresholdCircuit, check_function
from arcot.circuit import functions as F
c = ThresholdCircuit(n_inputs=2, gates=[Gate(name="g", weights={"x0": 1}, threshold=1)])
F._kernel_pays = lambda circuit, n: True
t0 = time.perf_counter()
check_function(c, lambda x: x[0])
print(time.perf_counter() - t0)
"""


def first_call() -> float:
    """The kernel's first call in a new process, numba's disk cache warm."""
    subprocess.run([sys.executable, "-c", FIRST_CALL], check=True,
                   capture_output=True)  # fills the cache if it was empty
    out = subprocess.run([sys.executable, "-c", FIRST_CALL], check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def kernel_vs_blocks(numpy_n_max: int, kernel_n_max: int) -> None:
    from arcot.circuit import check_function, function_circuit
    from arcot.circuit import functions as F
    from arcot.circuit.functions import CircuitFunction

    def check(circuit, f, kernel: bool):  # type: ignore[no-untyped-def]
        saved = F._kernel_pays
        F._kernel_pays = lambda circuit, n: kernel  # type: ignore[assignment]
        try:
            t0 = time.perf_counter()
            result = check_function(circuit, f)
            return result, time.perf_counter() - t0
        finally:
            F._kernel_pays = saved  # type: ignore[assignment]

    print(f"\nexhaustive checks; the kernel's first call in a fresh process "
          f"(numba's import, its cached compilation): {first_call():.2f} s")
    print(f"{'circuit':<18} {'function':<10} {'n':>3} {'gates':>6} {'numpy s':>9} "
          f"{'kernel s':>9} {'ratio':>7}  result")

    def row(circuit, f, label: str, n: int, numpy_too: bool) -> None:  # type: ignore[no-untyped-def]
        assert F.plan_check(circuit, f).method == "exhaustive"
        fast, t_fast = check(circuit, f, True)
        if numpy_too:
            slow, t_slow = check(circuit, f, False)
            assert slow == fast, (slow, fast)
            cells = f"{t_slow:>9.2f} {t_fast:>9.2f} {t_slow / t_fast:>6.1f}x"
        else:
            cells = f"{'-':>9} {t_fast:>9.2f} {'-':>7}"
        verdict = "verified" if fast.verified else f"refuted at {fast.counterexample}"
        print(f"{circuit.name:<18} {label:<10} {n:>3} {circuit.n_gates:>6} {cells}  "
              f"{verdict}")

    for n in range(16, kernel_n_max + 1, 2):
        c = random_circuit(n, 8, n)
        row(c, CircuitFunction(c), "itself", n, n <= numpy_n_max)
    for n in (8, *range(16, kernel_n_max + 1, 2)):
        c = minterm_circuit(n)
        if n <= 12:  # what function_circuit builds (it tabulates all 2^n)
            assert c.to_dict() == function_circuit(
                lambda x: int(sum(x) == 2 and x[0]), n).to_dict()
        row(c, CircuitFunction(c), "itself", n, n <= numpy_n_max)
    for n in range(16, min(20, kernel_n_max) + 1, 2):
        c = random_circuit(n, 8, n)
        row(c, lambda x: x[0] ^ x[-1], "callable", n, True)


if __name__ == "__main__":
    main()
