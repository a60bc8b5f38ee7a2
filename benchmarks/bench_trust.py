"""What trust costs: exact execution against the raw float kernel, and the
trusted checker on an inputs:N certificate (once 135 s).

Run: ``python benchmarks/bench_trust.py``. Ratios in one process; absolute
times drift on a shared machine.
"""

import subprocess
import sys
import time
import timeit
from pathlib import Path

from arcot.cot import DELIMITER, encode_tableau
from arcot.learn import _kernels as K
from arcot.learn import fit_linear_predictor, generate, training_data
from arcot.zoo import get

ROOT = Path(__file__).resolve().parents[1]


def best(fn, number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def execution() -> None:
    print("generate (exact argmax) against the raw float kernel, lstsq pairwise")
    print(f"{'machine':>8} {'tokens':>7} {'float us':>9} {'exact us':>9} {'ratio':>6}")
    for name in ("bb3", "bb4"):
        one_machine(name)


def one_machine(name: str) -> None:
    m = get(name)
    p = fit_linear_predictor(training_data(m, "configurations:5000"))
    t = encode_tableau(m)
    n, w = len(t.cot), t.width
    args = (w, p._kind, len(p.vocabulary), p.dim, p.tied, p.columns, p.weights,
            p.vocabulary.id(DELIMITER))
    generate(p, t.prompt, n, w)  # compile and warm up
    raw = best(lambda: K._rollout(t.prompt, n, *args), 200)
    exact = best(lambda: generate(p, t.prompt, n, w), 200)
    print(f"{name:>8} {n:>7} {raw * 1e6:>9.0f} {exact * 1e6:>9.0f} "
          f"{exact / raw:>6.2f}")


def checker() -> None:
    cert = ROOT / "proofs" / "valid" / "undefined-first-inputs460.cert.json"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-S", str(ROOT / "arcot" / "verify" /
                        "checker.py"), str(cert)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"lone checker (python -I -S) on {cert.name}: {min(times):.2f} s")


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}")
    execution()
    checker()
