"""First-use latency of ``arcot run`` and ``arcot check``, in fresh processes.

Small runs step in plain Python, so they never wait for numba to compile;
long runs compile the kernel once and later processes load it from the
on-disk cache. ``arcot check`` runs the trusted checker, whose own file
run alone (``python -I -S arcot/verify/checker.py``) is the best a user
has. Each figure is the best of three fresh processes (seven for the
checks), next to the bare interpreter's start-up as the baseline.

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def best_of(cmd: list[str], env: dict[str, str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=False, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    arcot = [sys.executable, "-m", "arcot.cli", "run"]
    with tempfile.TemporaryDirectory() as empty:
        cold = {**os.environ, "NUMBA_CACHE_DIR": empty}
        rows = [
            ("python -c pass (baseline)", [sys.executable, "-c", "pass"], cold, 3),
            ("arcot run zoo:bb4, empty numba cache", [*arcot, "zoo:bb4"], cold, 3),
        ]
        cert = os.path.join(os.path.dirname(__file__), "..", "proofs", "valid",
                            "bb2-additive.cert.json")
        checker = os.path.join(os.path.dirname(__file__), "..", "arcot", "verify",
                               "checker.py")
        rows += [
            ("python -I -S checker.py (the file alone)",
             [sys.executable, "-I", "-S", checker, cert], cold, 7),
            ("arcot check bb2-additive.cert.json",
             [sys.executable, "-m", "arcot.cli", "check", cert], cold, 7),
        ]
        bb5 = [*arcot, "zoo:bb5"]
        first = best_of(bb5, cold, repeat=1)  # compiles and fills the cache
        rows.append(("arcot run zoo:bb5, kernel cached", bb5, cold, 3))
        times = [(name, best_of(cmd, env, repeat)) for name, cmd, env, repeat in rows]
        base = times[0][1]
        print(f"{'command':<42} {'seconds':>8} {'x baseline':>11}")
        for name, secs in times:
            print(f"{name:<42} {secs:>8.3f} {secs / base:>11.1f}")
        print(
            f"{'arcot run zoo:bb5, first use (compiles)':<42} {first:>8.3f} "
            f"{first / base:>11.1f}"
        )


if __name__ == "__main__":
    main()
