"""Simulator throughput: arcot vs a plain Python dict-tape loop vs automata-lib.

The yardstick is the BB(5) champion (47,176,870 steps). arcot runs it to the
halt; the slower simulators run a prefix of it long enough to time, and every
figure is steps per second measured in this one process. Ratios are what to
compare: the machines are shared and absolute times drift.

    python benchmarks/bench_simulator.py [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import platform
import time

from arcot.machine import parse_tm, run, to_automata

BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"


def dict_tape_steps(text: str, steps: int) -> int:
    """What a user would write by hand: a dict tape and a dict of rules."""
    rows = text.split("_")
    rules = {}
    for q, row in enumerate(rows):
        for s in range(len(row) // 3):
            cell = row[3 * s : 3 * s + 3]
            if cell != "---":
                rules[chr(65 + q), s] = (
                    int(cell[0]),
                    1 if cell[1] == "R" else -1,
                    cell[2],
                )
    tape: dict[int, int] = {}
    state, head, n = "A", 0, 0
    while n < steps and state != "Z":
        write, move, state = rules[state, tape.get(head, 0)]
        tape[head] = write
        head += move
        n += 1
    return n


def timed(fn, repeat=3):  # type: ignore[no-untyped-def]
    """The value and the best wall time of ``repeat`` calls (noise only adds)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return value, best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller prefixes")
    args = parser.parse_args()
    machine = parse_tm(BB5)
    run(parse_tm("1RB1LB_1LA0LC_1RZ1LD_1RD0RA"), max_steps=200, engine="numba")

    results = {}
    r, dt = timed(lambda: run(machine, max_steps=10**8, engine="numba"))
    if (r.halted, r.steps, r.nonzero) != (True, 47_176_870, 4098):
        raise SystemExit(f"wrong BB(5) run: {r}")
    results["arcot (numba kernel), BB(5) to the halt"] = (r.steps, dt)
    r, dt = timed(lambda: run(machine, max_steps=10**8))
    results["arcot run() default engine, BB(5) to the halt"] = (r.steps, dt)
    prefix = 300_000 if args.quick else 3_000_000
    r, dt = timed(lambda: run(machine, max_steps=prefix, engine="python"))
    results[f"arcot plain-Python engine, first {prefix:,} steps"] = (r.steps, dt)
    n, dt = timed(lambda: dict_tape_steps(BB5, prefix))
    results[f"plain Python dict tape, first {prefix:,} steps"] = (n, dt)
    try:
        dtm = to_automata(machine)
    except Exception as exc:  # automata-lib missing
        print(f"automata-lib skipped: {exc}")
    else:
        small = 2_000 if args.quick else 20_000
        n, dt = timed(
            lambda: (
                sum(1 for _ in itertools.islice(dtm.read_input_stepwise(""), small + 1))
                - 1
            )
        )
        results[f"automata-lib DTM, first {small:,} steps"] = (n, dt)

    base = results["arcot (numba kernel), BB(5) to the halt"]
    base_rate = base[0] / base[1]
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"{'simulator':<52} {'steps':>12} {'seconds':>9} {'steps/s':>14} "
        f"{'arcot is x faster':>18}"
    )
    for name, (steps, secs) in results.items():
        rate = steps / secs
        print(
            f"{name:<52} {steps:>12,} {secs:>9.3f} {rate:>14,.0f} "
            f"{base_rate / rate:>18,.1f}"
        )


if __name__ == "__main__":
    main()
