"""Whole-process start-up of every ``arcot`` command against ``python -c pass``.

Each command runs as a user runs it (``python -m arcot.cli ...``, a fresh
interpreter), with numba's kernel cache warm (filled by an earlier run) and
cold (``NUMBA_CACHE_DIR`` a new empty folder, as after a fresh install), in
interleaved rounds; a figure is the best wall time of its rounds, with the
CPU time (user + system) of that process beside it, the steadier figure on a
shared machine. The heavy modules a command loaded (numpy, numba, scipy,
sympy, networkx) come from one more run through ``arcot.cli.main`` that
prints ``sys.modules``. The trusted checker's file run alone under a bare
interpreter is the best ``arcot check`` can do. ``arcot demo`` runs its
kernels as plain Python (:func:`arcot._numba.plain_python`) and compiles
none; last, what that avoids: the demo's stages with numba kernels, cold, in
one process with numba's compiler timed, every kernel compilation and its
seconds (the kernel's own, the numba library functions it pulls in
included).

    python benchmarks/bench_startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CERT = str(ROOT / "proofs" / "valid" / "bb2-additive.cert.json")
HEAVY = ("numpy", "numba", "scipy", "sympy", "networkx")

#: (label, arguments of ``arcot``): one small, typical use of each command.
COMMANDS: list[tuple[str, list[str]]] = [
    ("arcot --help", ["--help"]),
    ("arcot run zoo:bb4", ["run", "zoo:bb4"]),
    ("arcot run zoo:bb5 (10^7 steps)", ["run", "zoo:bb5"]),
    ("arcot trace zoo:bb2", ["trace", "zoo:bb2", "--encoding", "tableau"]),
    ("arcot check bb2-additive", ["check", CERT]),
    ("arcot certify zoo:bb2", ["certify", "zoo:bb2"]),
    ("arcot length zoo:bb2 -n 3", ["length", "zoo:bb2", "--encoding", "tableau",
                                   "--n-max", "3", "--no-progress"]),
    ("arcot length parity -n 64", ["length", "--function", "parity", "--scheme",
                                   "threshold-log", "--n-max", "64", "--no-progress"]),
    ("arcot fit-length 1,4,..,49", ["fit-length", "1,4,9,16,25,36,49"]),
    ("arcot universal zoo:bb2", ["universal", "zoo:bb2"]),
    ("arcot certify nosuch (exit 2)", ["certify", "nosuch"]),
    ("arcot demo", ["demo"]),
]

PROBE = f"""
import json, sys
import arcot.cli
try:
    arcot.cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))),
      file=sys.stderr)
"""

# A cold demo with numba's compiler timed: Dispatcher.compile of an arcot
# kernel (outermost) is its compilation, nested library functions included.
KERNEL_PROBE = """
import json, sys, time
from numba.core import dispatcher
compile_ = dispatcher.Dispatcher.compile
depth, spent = [0], []
def timed(self, sig):
    depth[0] += 1
    t = time.perf_counter()
    try:
        return compile_(self, sig)
    finally:
        depth[0] -= 1
        name = self.py_func.__module__ + "." + self.py_func.__qualname__
        if name.startswith("arcot.") and depth[0] == 0:
            spent.append((name, str(sig), time.perf_counter() - t))
dispatcher.Dispatcher.compile = timed
from arcot.demo import _stages  # the demo without plain_python
t = time.perf_counter()
code = _stages(lambda line: None, None)
print(json.dumps({"code": code, "seconds": time.perf_counter() - t,
                  "kernels": spent}), file=sys.stderr)
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def heavy_modules(args: list[str], env: dict[str, str]) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], env=env,
                         capture_output=True, text=True, check=False)
    lines = out.stderr.strip().splitlines()
    try:
        return list(json.loads(lines[-1]))
    except (IndexError, ValueError):
        return ["?"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds (default 3; cold rounds: 2)")
    opts = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    python = [sys.executable]
    arcot = [sys.executable, "-m", "arcot.cli"]
    with tempfile.TemporaryDirectory(prefix="arcot-bench-startup-") as scratch:
        warm_env = {**base_env, "NUMBA_CACHE_DIR": os.path.join(scratch, "warm")}
        for _, args in COMMANDS:  # fill the warm cache
            timed([*arcot, *args], warm_env)
        checker = str(ROOT / "arcot" / "verify" / "checker.py")
        rows = [("python -c pass (baseline)", [*python, "-c", "pass"]),
                ("checker.py alone (python -I -S)", [*python, "-I", "-S", checker,
                                                     CERT])]
        rows += [(label, [*arcot, *args]) for label, args in COMMANDS]
        warm: dict[str, list[tuple[float, float, int]]] = {n: [] for n, _ in rows}
        cold: dict[str, list[tuple[float, float, int]]] = {n: [] for n, _ in rows}
        for r in range(max(opts.rounds, 1)):
            for name, cmd in rows:
                warm[name].append(timed(cmd, warm_env))
                if r < 2:
                    fresh = tempfile.mkdtemp(dir=scratch, prefix="cold-")
                    cold[name].append(
                        timed(cmd, {**base_env, "NUMBA_CACHE_DIR": fresh}))
        loads = {label: heavy_modules(args, warm_env) for label, args in COMMANDS}
        kernel_env = {**base_env,
                      "NUMBA_CACHE_DIR": tempfile.mkdtemp(dir=scratch, prefix="k-")}
        probe = subprocess.run([sys.executable, "-c", KERNEL_PROBE], env=kernel_env,
                               capture_output=True, text=True, check=False)
    base_wall = min(w for w, _, _ in warm[rows[0][0]])
    print(f"{'command':<31} {'exit':>4} {'warm s':>7} {'cpu s':>6} {'x base':>7} "
          f"{'cold s':>7} {'cpu s':>6} {'x base':>7}  loads")
    for name, _ in rows:
        w = min(warm[name])
        c = min(cold[name])
        heavy = ",".join(loads.get(name, [])) or "-"
        print(f"{name:<31} {w[2]:>4} {w[0]:>7.3f} {w[1]:>6.2f} "
              f"{w[0] / base_wall:>7.1f} {c[0]:>7.3f} {c[1]:>6.2f} "
              f"{c[0] / base_wall:>7.1f}  {heavy}")
    print()
    try:
        found = json.loads(probe.stderr.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print("cold demo probe failed:", probe.stderr[-2000:])
        return
    kernels = found["kernels"]
    total = sum(s for _, _, s in kernels)
    print(f"the demo's stages with numba kernels, cold, one process: "
          f"{found['seconds']:.2f} s (exit {found['code']}), {len(kernels)} kernel "
          f"compilations, {total:.2f} s of them (the first includes numba's "
          "set-up):")
    by_name: dict[str, list[float]] = {}
    for name, _, secs in kernels:
        by_name.setdefault(name, []).append(secs)
    for name, times in sorted(by_name.items(), key=lambda k: -sum(k[1])):
        sigs = f" ({len(times)} signatures)" if len(times) > 1 else ""
        print(f"  {sum(times):7.3f} s  {name}{sigs}")


if __name__ == "__main__":
    main()
