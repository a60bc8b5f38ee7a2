"""The paper's experiments: training throughput, and each experiment's wall time.

Throughput: on the same data (the paper's multiplication CoT, 2 x 2 digits:
every training pair of the seeded random split; 3 x 3 digits: a seeded sample
of them), the position-specific linear model by least squares
(:func:`arcot.experiments.positional.fit_least_squares`: one pass of numba
normal equations, then a solve per position) against the autodiff path
(:func:`arcot.experiments.autodiff.fit_cross_entropy`, JAX and optax: the
paper's linear model and its MLP, AdamW steps of sampled batches). Tokens
are trained next-token positions: least squares reads each training
sequence once (``sequences * written positions``), cross-entropy reads
``steps * batch`` sampled sequences. The least-squares kernel is compiled
(or loaded from numba's cache) on a small fit first; the cross-entropy rows
give the steady rate (every step after the first) and the whole, its JIT
compilation included. The two are not the same work: least squares ends at
its exact minimiser, cross-entropy after as many steps as it is given (a
training run of the experiments takes 2,000); the table gives the rate and
the time to the model each would hand back for those sequences.

Wall time: each experiment end to end as a user runs it (``arcot experiment
...`` in a fresh process, imports included).

The machine's load average is printed first: on a shared machine every time
here is slower than on an idle one.

Run: ``python benchmarks/bench_experiments.py`` (``--quick`` for a smoke
run; ``--skip-wall`` for the throughput table alone; ``--wall-digits 2`` to
leave the long 3-digit multiplication experiment out).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from typing import Any

import numpy as np

from arcot.experiments.autodiff import fit_cross_entropy, jax_available
from arcot.experiments.multiplication import multiplication_data, split
from arcot.experiments.positional import fit_least_squares


def _data(digits: int, count: int | None, seed: int) -> Any:
    train, _ = split(digits, "random", seed=seed)
    if count is not None and count < len(train):
        rows = np.sort(np.random.default_rng(seed).choice(len(train), count,
                                                          replace=False))
        train = train[rows]
    return multiplication_data(train, digits, "cot")


def throughput(digits_counts: list[tuple[int, int | None]], steps: int, batch: int,
               width: int, seed: int) -> list[dict[str, Any]]:
    """One row per (digits, path): the rate and the seconds of each fit."""
    fit_least_squares(_data(2, 200, seed))  # the numba kernels, compiled or loaded
    rows: list[dict[str, Any]] = []
    for digits, count in digits_counts:
        data = _data(digits, count, seed)
        written = data.length - data.prompt
        ls = fit_least_squares(data).info
        rows.append({
            "digits": digits, "T": data.length, "path": "least squares (numba)",
            "sequences": len(data), "tokens": len(data) * written,
            "seconds": ls.train_seconds, "steady": ls.tokens_per_second,
            "whole": ls.tokens_per_second,
        })
        if not jax_available():
            continue
        for model in ("linear", "mlp"):
            info = fit_cross_entropy(data, model=model, width=width, steps=steps,
                                     batch=batch, seed=seed).info
            after_first = info.train_seconds - info.compile_seconds
            rows.append({
                "digits": digits, "T": data.length,
                "path": f"cross-entropy {model} d={width} (JAX)",
                "sequences": steps * batch, "tokens": steps * batch * written,
                "seconds": info.train_seconds,
                "steady": (steps - 1) * batch * written / after_first
                if steps > 1 else float("nan"),
                "whole": info.tokens_per_second,
            })
    return rows


def wall_times(commands: list[list[str]]) -> list[dict[str, Any]]:
    """Each ``arcot ...`` command's wall time, exit status and JSON summary."""
    arcot = shutil.which("arcot") or "arcot"
    rows = []
    for command in commands:
        start = time.perf_counter()
        done = subprocess.run([arcot, *command, "--json", "--no-progress"],
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        summary = ""
        try:
            result = json.loads(done.stdout)
            summary = _summary(result)
        except json.JSONDecodeError:
            summary = (done.stderr.strip().splitlines() or ["no output"])[-1]
        rows.append({"command": "arcot " + " ".join(command), "seconds": seconds,
                     "exit": done.returncode, "summary": summary})
    return rows


def _summary(result: dict[str, Any]) -> str:
    if result.get("experiment") == "multiplication":
        return "; ".join(
            f"{r['model']} {r['format']} {100 * r['exact_match']:.1f}%"
            for r in result["rows"])
    rows = result.get("rows") or []
    return f"{len(rows)} rows"


def _rate(value: float) -> str:
    return "-" if value != value else f"{value:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--skip-wall", action="store_true",
                        help="the throughput table alone")
    parser.add_argument("--wall-digits", default="2,3",
                        help="multiplication experiments to time (default 2,3)")
    parser.add_argument("--steps", type=int, default=40,
                        help="cross-entropy steps timed (default 40)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    quick = args.quick
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cpus: {os.cpu_count()}, load average (1, 5, 15 min): {load}")
    print()
    counts: list[tuple[int, int | None]] = (
        [(2, 500), (3, 500)] if quick else [(2, None), (3, 50_000)])
    steps = 3 if quick else args.steps
    rows = throughput(counts, steps=steps, batch=256, width=32, seed=args.seed)
    print("| digits | T | path | sequences | trained tokens | seconds | "
          "tokens/s (steady) | tokens/s (whole fit) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['digits']} | {r['T']} | {r['path']} | {r['sequences']:,} | "
              f"{r['tokens']:,} | {r['seconds']:.2f} | {_rate(r['steady'])} | "
              f"{_rate(r['whole'])} |")
    if not jax_available():
        print("\n(no JAX: pip install 'arcot[experiments]' for the cross-entropy rows)")
    if args.skip_wall:
        return
    if quick:
        commands = [["experiment", "multiplication", "--digits", "2", "--steps", "5",
                     "--max-train", "300", "--test-pairs", "100"],
                    ["experiment", "parity", "--n", "8..9"],
                    ["experiment", "curve", "zoo:parity", "--n", "3", "--sizes",
                     "1,4", "--seeds", "1"]]
    else:
        commands = [["experiment", "multiplication", "--digits", d]
                    for d in args.wall_digits.split(",") if d]
        commands += [["experiment", "parity"], ["experiment", "curve", "zoo:parity"]]
    print()
    print("| command | wall seconds | exit | result |")
    print("|---|---|---|---|")
    for r in wall_times(commands):
        print(f"| `{r['command']}` | {r['seconds']:.1f} | {r['exit']} | "
              f"{r['summary']} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
