"""Checking a length row: one input per number of ones against every input.

``check_function`` on parity's threshold-log circuit (Thm 3.11), whose gates
weight all inputs alike, with parity as a named (symmetric) function, which
is decided on ``n + 1`` inputs, against the same function as a plain
callable, which is checked on all ``2^n`` inputs (what every row did
before); both must agree. Best of three in one process; the exhaustive
check stops at ``n = 20`` (a row of 2^20 inputs is the command line's limit
for it). Then the whole process a user runs, ``arcot length --function
parity --scheme threshold-log --n-max N``, against ``python -c pass``.

    python benchmarks/bench_symmetric.py
"""

from __future__ import annotations

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
    for cmd in ([sys.executable, "-c", "pass"],
                [sys.executable, "-m", "arcot.cli", "length", "--function", "parity",
                 "--scheme", "threshold-log", "--n-max", "64"],
                [sys.executable, "-m", "arcot.cli", "length", "--function", "parity",
                 "--scheme", "threshold-log", "--n-max", "256"]):
        t = best(lambda cmd=cmd: subprocess.run(cmd, check=True,
                                                capture_output=True))
        print(f"{' '.join(cmd[1:]) or 'python':<90} {t:>6.2f} s")


if __name__ == "__main__":
    main()
