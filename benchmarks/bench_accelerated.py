"""Accelerated simulation: macro machines with chain steps vs direct stepping.

One process, interleaved repeats (best of each), ratios printed. Each row
checks the engines agree: the accelerated RunResult equals the numba
kernel's, the C loop's steps, head and non-blank count equal the kernel's.

- BB(5) and BB(2,4) champions to their halts: direct kernel, accelerated
  (the numba macro kernel), the same engine in pure Python, ``run()``'s
  default (auto), a C loop compiled here (when ``cc`` exists).
- The (3,3) champion ``1RB2RA1LC_2LC1RB2RB_---2LA1LA`` cut at 10^9 steps
  (its full run is far beyond any direct simulator).
- The shrinking machine of tests/unit/test_accelerated.py on 1^200000
  (20,000,300,001 steps) and 1^2000000 (2,000,003,000,001 steps), to the
  halt accelerated; the kernel runs 10^9 steps of each, and its time for
  the whole run is extrapolated (marked ``~``).
- The plain-Python loop on a prefix of BB(5).
- The auto rule's figures: seconds per accelerated iteration (kernel and
  pure Python) against kernel seconds per step (their ratio is the
  break-even rate).

    python benchmarks/bench_accelerated.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import tempfile
import time

from arcot.machine import accelerated, flat_tables, parse_tm, run
from arcot.machine.accelerated import simulate

BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
BB24 = "1RB2LA1RA1RA_1LB1LA3RB1RZ"
BB33 = "1RB2RA1LC_2LC1RB2RB_---2LA1LA"
SHRINK = "0RZ0RB_0LC1RB_0RZ0LD_0RA1LD"
PREFIX = 1_000_000  # steps of BB(5) the plain-Python loop runs

C_SOURCE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* argv: n_states n_symbols cells max_steps then n_states*n_symbols entries
   "next write move" (next -1 undefined, -2 halt state) */
int main(int argc, char **argv) {
    int q = atoi(argv[1]), s = atoi(argv[2]);
    long long cells = atoll(argv[3]), max_steps = atoll(argv[4]);
    int *nx = malloc(sizeof(int) * q * s), *wr = malloc(sizeof(int) * q * s);
    int *mv = malloc(sizeof(int) * q * s);
    for (int i = 0; i < q * s; i++) {
        nx[i] = atoi(argv[5 + 3 * i]); wr[i] = atoi(argv[6 + 3 * i]);
        mv[i] = atoi(argv[7 + 3 * i]);
    }
    unsigned char *tape = calloc(cells, 1);
    long long pos = cells / 2, start = pos, steps = 0;
    int state = 0;
    for (;;) {
        int e = state * s + tape[pos];
        int n = nx[e];
        if (n < 0 || steps >= max_steps) break;
        tape[pos] = (unsigned char)wr[e]; pos += mv[e]; state = n; steps++;
        if (pos < 0 || pos >= cells) { printf("edge\n"); return 1; }
    }
    long long nonzero = 0;
    for (long long i = 0; i < cells; i++) nonzero += tape[i] != 0;
    printf("%lld %lld %lld\n", steps, pos - start, nonzero);
    return 0;
}
"""


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def c_loop(cc: str, workdir: str):  # type: ignore[no-untyped-def]
    """A function running a machine in the compiled C loop: (steps, head, nonzero)."""
    src = os.path.join(workdir, "tm.c")
    exe = os.path.join(workdir, "tm")
    with open(src, "w") as f:
        f.write(C_SOURCE)
    subprocess.run([cc, "-O2", "-o", exe, src], check=True)

    def go(machine, max_steps, cells=1 << 22):  # type: ignore[no-untyped-def]
        t = flat_tables(machine)
        args = [exe, str(machine.n_states), str(machine.n_symbols), str(cells),
                str(max_steps)]
        s = machine.n_symbols
        for i, nxt in enumerate(t.next_state):
            if t.is_halt[i // s]:
                nxt = -2
            args += [str(nxt), str(t.write[i]), str(t.move[i])]
        out = subprocess.run(args, capture_output=True, text=True, check=True)
        steps, head, nonzero = map(int, out.stdout.split())
        return steps, head, nonzero

    return go


def shrink_steps(n: int) -> int:
    """The shrink machine's step count on 1^n (proved in test_accelerated)."""
    p = n // 2
    return (2 * p + 1) * (p + 1) if n % 2 == 0 else (2 * p + 3) * (p + 1)


def python_engine(fn):  # type: ignore[no-untyped-def]
    """Call ``fn`` with the accelerated engine in pure Python."""
    accelerated.USE_COMPILED = False
    try:
        return fn()
    finally:
        accelerated.USE_COMPILED = True


def iterations_and_rate(machine, word, max_steps, compiled):  # type: ignore[no-untyped-def]
    """(k, macro iterations, seconds) of one accelerated engine at its k."""
    from arcot.machine.accelerated import choose_block_size

    t = flat_tables(machine)
    cells = [machine.symbol_index(c) for c in word] or [0]
    common = {"cells": cells, "state": machine.state_index(machine.start),
              "lo": 0, "hi": len(cells) - 1, "max_steps": max_steps,
              "max_cells": 1 << 28}
    tables = (t.write, t.move, t.next_state, t.is_halt, machine.n_symbols)
    k, _, _ = choose_block_size(*tables, **common)
    times = []
    for _ in range(5):  # best of five (the first also warms the cache)
        res, dt = timed(lambda: simulate(*tables, **common, k=k, compiled=compiled))
        times.append(dt)
    return k, res.macro_steps, min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one repeat")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    bb5, bb24, bb33, shrink = (parse_tm(x) for x in (BB5, BB24, BB33, SHRINK))
    run(bb5, max_steps=1000, engine="numba")  # compile or load the kernels first
    run(bb5, max_steps=1000, engine="accelerated")
    cc = shutil.which("cc") or shutil.which("gcc")
    workdir = tempfile.mkdtemp()
    c_run = c_loop(cc, workdir) if cc else None
    if c_run is None:
        print("no C compiler: the C loop is skipped")
    words = {200_000: "1" * 200_000, 2_000_000: "1" * 2_000_000}

    cases = {
        "BB(5) to the halt": (bb5, (), 10**8),
        "BB(2,4) to the halt": (bb24, (), 10**7),
        "(3,3) champion, first 10^9 steps": (bb33, (), 10**9),
    }
    best: dict[tuple[str, str], float] = {}

    def keep(key: tuple[str, str], dt: float) -> None:
        best[key] = min(best.get(key, float("inf")), dt)

    for _ in range(repeats):  # interleaved: every engine once per round
        for name, (m, w, budget) in cases.items():
            ref, dt = timed(lambda m=m, w=w, b=budget: run(m, w, max_steps=b,
                                                             engine="numba"))
            keep((name, "numba kernel"), dt)
            fast, dt = timed(lambda m=m, w=w, b=budget: run(
                m, w, max_steps=b, engine="accelerated"))
            keep((name, "accelerated"), dt)
            assert fast == ref, name
            if budget <= 10**8:
                slow, dt = timed(lambda m=m, w=w, b=budget: python_engine(
                    lambda: run(m, w, max_steps=b, engine="accelerated")))
                keep((name, "accelerated, pure Python"), dt)
                assert slow == ref, name
            auto, dt = timed(lambda m=m, w=w, b=budget: run(m, w, max_steps=b))
            keep((name, "run() auto"), dt)
            assert auto == ref, name
            if c_run is not None and not w:
                got, dt = timed(lambda m=m, b=budget: c_run(m, b))
                keep((name, "C loop (-O2, incl. process start)"), dt)
                assert got == (ref.steps, ref.head, ref.nonzero), (name, got)
        for n, word in words.items():
            steps = shrink_steps(n)
            name = f"shrink on 1^{n}: {steps:,} steps"
            fast, dt = timed(lambda w=word: run(shrink, w, max_steps=10**13,
                                                engine="accelerated"))
            assert fast.steps == steps and fast.halted
            keep((name, "accelerated"), dt)
            part, dt = timed(lambda w=word: run(shrink, w, max_steps=10**9,
                                                engine="numba"))
            assert part == run(shrink, word, max_steps=10**9, engine="accelerated")
            keep((name, "numba kernel (~ from 10^9 steps)"), dt * steps / 10**9)
        _, dt = timed(lambda: run(bb5, max_steps=PREFIX, engine="python"))
        keep(("BB(5) to the halt", "plain Python (~ from 10^6 steps)"),
             dt * 47_176_870 / PREFIX)

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"best of {repeats}")
    print(f"{'run':<44} {'engine':<36} {'seconds':>10} {'kernel / this':>14}")
    for (name, engine), secs in best.items():
        kernel = [v for (n, e), v in best.items()
                  if n == name and e.startswith("numba")]
        ratio = kernel[0] / secs if kernel else float("nan")
        print(f"{name:<44} {engine:<36} {secs:>10.3f} {ratio:>14.1f}")

    # The auto rule: one accelerated iteration against one kernel step.
    per_step = best[("BB(5) to the halt", "numba kernel")] / 47_176_870
    for label, compiled in (("kernel", True), ("pure Python", False)):
        k, iters, dt = iterations_and_rate(bb5, "", 10**8, compiled)
        per_iter = dt / iters
        print(f"BB(5), accelerated {label}: k = {k}, {iters:,} iterations, "
              f"{per_iter * 1e9:,.0f} ns an iteration, direct kernel "
              f"{per_step * 1e9:.2f} ns a step: break-even at "
              f"{per_iter / per_step:,.0f} base steps an iteration "
              f"(BB(5) averages {47_176_870 / iters:,.0f})")

if __name__ == "__main__":
    main()
