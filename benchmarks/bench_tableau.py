"""Batch tableau generation: tokens per second, arcot's numba kernel against a
straightforward pure-Python loop (the kernel's reference engine) and against
encoding inputs one at a time with ``encode_tableau``, in one run.
The Python engines time an evenly spaced subset of the inputs.

    python benchmarks/bench_tableau.py [--quick]

Every engine encodes all inputs of one length; the Python engines time a
prefix of them (they are slow) and every output they produce is compared
with the kernel's. Printed figures are measured here, never typed in.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from arcot.cot import (
    all_words,
    encode_tableau,
    encode_tableau_batch,
    length_shape,
    tableau_window,
)
from arcot.zoo import get


def best_of(repeats: int, fn):  # type: ignore[no-untyped-def]
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def bench(name: str, n: int, python_inputs: int) -> None:
    machine = get(name)
    window, steps = length_shape(machine, n, max_steps=100_000)
    words = all_words(machine, n)
    per_input = (steps + 1) * (window.width + 1)
    encode_tableau_batch(machine, words[:2], window=window, steps=steps)  # compile
    encode_tableau_batch(machine, words[:2], window=window, steps=steps,
                         dtype=np.uint8)
    t_fast, fast = best_of(3, lambda: encode_tableau_batch(
        machine, words, window=window, steps=steps))
    t_u8, fast8 = best_of(3, lambda: encode_tableau_batch(
        machine, words, window=window, steps=steps, dtype=np.uint8))
    sub = words[:: max(1, len(words) // python_inputs)][:python_inputs]
    t_py, slow = best_of(1, lambda: encode_tableau_batch(
        machine, sub, window=window, steps=steps, engine="python"))
    symbols = machine.symbols
    sub_words = [[symbols[i] for i in w] for w in sub.tolist()]
    t_one, singles = best_of(1, lambda: [
        encode_tableau(machine, w, window=window, steps=steps).tokens
        for w in sub_words
    ])
    picked = fast[:: max(1, len(words) // python_inputs)][:python_inputs]
    assert (picked == slow).all() and (fast == fast8).all()
    assert all((picked[i] == s).all() for i, s in enumerate(singles))
    rate_fast = fast.size / t_fast
    rate_u8 = fast8.size / t_u8
    rate_py = slow.size / t_py
    rate_one = len(sub) * per_input / t_one
    print(f"{name} n={n}: {len(words)} inputs x {per_input} tokens "
          f"(T={steps}, W={window.width}) = {fast.size:,} tokens")
    print(f"  numba kernel, int64   {rate_fast / 1e6:10.1f} M tokens/s")
    print(f"  numba kernel, uint8   {rate_u8 / 1e6:10.1f} M tokens/s")
    print(f"  pure-Python loop      {rate_py / 1e6:10.3f} M tokens/s "
          f"({len(sub)} inputs)")
    print(f"  encode_tableau each   {rate_one / 1e6:10.3f} M tokens/s "
          f"({len(sub)} inputs)")
    print(f"  ratio kernel/python   {rate_fast / rate_py:10.0f}x (int64), "
          f"{rate_u8 / rate_py:.0f}x (uint8); kernel/encode_tableau "
          f"{rate_fast / rate_one:.0f}x")


def bench_shape(name: str, n: int) -> None:
    """length_shape (numba kernel) against run() on every input (tableau_window)."""
    machine = get(name)
    words = all_words(machine, n)
    symbols = machine.symbols
    as_symbols = [[symbols[i] for i in w] for w in words.tolist()]
    length_shape(machine, 1, max_steps=100_000)  # compile
    t_fast, fast = best_of(3, lambda: length_shape(machine, n, max_steps=100_000))
    t_ref, ref = best_of(1, lambda: tableau_window(machine, as_symbols,
                                                   max_steps=100_000))
    assert fast == ref
    print(f"length_shape {name} n={n} ({len(words)} inputs): kernel "
          f"{t_fast * 1e3:.1f} ms, run() per input {t_ref * 1e3:.0f} ms, "
          f"ratio {t_ref / t_fast:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes")
    args = parser.parse_args()
    if args.quick:
        bench("palindrome", 8, 64)
        return
    bench("palindrome", 14, 256)
    bench("0n1n", 14, 256)
    bench("increment", 16, 256)
    bench_shape("palindrome", 14)
    bench_shape("increment", 16)


if __name__ == "__main__":
    main()
