"""Peak memory of an exhaustive check against n (run under /usr/bin/time -f %M).

A random 8-gate threshold circuit (seed 0) checked against its own function
on all 2^n inputs: ``python benchmarks/peak_memory_check.py N``.
"""

import sys

import numpy as np

from arcot.circuit import Gate, ThresholdCircuit, check_function
from arcot.circuit.functions import CircuitFunction


def main(n: int) -> None:
    rng = np.random.default_rng(0)
    gates = []
    for t in range(8):
        w = [(f"x{i}", int(v)) for i, v in enumerate(rng.integers(-3, 4, n)) if v]
        w += [(f"g{s}", int(rng.integers(-3, 4))) for s in range(t)]
        gates.append(Gate(name=f"g{t}", weights=tuple(w),
                          threshold=int(rng.integers(-2, 3))))
    c = ThresholdCircuit(n_inputs=n, gates=gates)
    r = check_function(c, CircuitFunction(c))
    print(n, r.method, r.verified, r.checked)


if __name__ == "__main__":
    main(int(sys.argv[1]))
