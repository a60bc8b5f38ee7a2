"""The windows scope against the number of windows, up to 200 states x 8 symbols.

For random machines of growing size (``s`` symbols, ``q`` states, one halt
state, ``V = 1 + s (q + 2)`` tokens), the constructed additive and
pairwise weights are verified on every well-formed window by
``verify_exact`` (windows enumerated directly, margins summed by the int64
kernel). The alternative is what arcot did before, and what a user writing
the check from the definition does: filter all ``V^3`` triples and score
each window in Python ints; it is timed where it finishes within
``REFERENCE_BUDGET`` seconds of estimated work, and both must give the same
count and least margin. One run each (the large sizes take seconds), in
one process, after one untimed call that loads the kernel.

    python benchmarks/bench_windows.py
"""

from __future__ import annotations

import random
import time

SIZES = ((20, 4), (40, 6), (60, 8), (100, 8), (200, 8))
REFERENCE_BUDGET = 60.0  # seconds: the reference runs where V^3 stays below this


def machine(q: int, s: int):
    from arcot.machine import TuringMachine

    rng = random.Random(q * 100 + s)
    states = [f"q{i}" for i in range(q)] + ["H"]
    symbols = [str(i) for i in range(s)]
    transitions = {
        (st, a): (rng.choice(symbols), rng.choice("LR"),
                  "H" if rng.random() < 0.02 else rng.choice(states[:-1]))
        for st in states[:-1] for a in symbols
    }
    return TuringMachine(states=states, symbols=symbols, start="q0",
                         halt_states=["H"], transitions=transitions, blank="0")


def reference(weights, tableau):
    """Every V^3 triple filtered, every window scored in Python ints."""
    from arcot.cot import HeadCell
    from arcot.verify.windows import _Decider

    vocab = tableau.vocabulary
    decide = _Decider(weights, vocab)
    heads = [isinstance(t, HeadCell) for t in vocab.tokens]
    size, least, checked = len(vocab), None, 0
    for a in range(size):
        for b in range(size):
            for c in range(size):
                if b == 0 or heads[a] + heads[b] + heads[c] <= 1:
                    m, _ = decide.margin(a, b, c, tableau.rule(a, b, c))
                    checked += 1
                    least = m if least is None else min(least, m)
    return checked, least, decide.denominator


def main() -> None:
    from fractions import Fraction

    from arcot.construct import tableau_weights
    from arcot.cot import as_tableau
    from arcot.verify.exact import verify_exact

    print(f"{'machine':>8} {'V':>5} {'windows':>9} {'kind':>9} {'verify_exact s':>15} "
          f"{'windows/s':>11} {'reference s':>12} {'ratio':>7}")
    warm = as_tableau(machine(40, 6))  # load the kernel once, untimed
    verify_exact(tableau_weights(warm, "additive"), warm)
    per_triple = None
    for q, s in SIZES:
        tableau = as_tableau(machine(q, s))
        size = len(tableau.vocabulary)
        for kind in ("additive", "pairwise"):
            weights = tableau_weights(tableau, kind)
            t0 = time.perf_counter()
            result = verify_exact(weights, tableau)
            fast = time.perf_counter() - t0
            assert result.verified
            ref = "-"
            ratio = "-"
            if per_triple is None or per_triple * size**3 < REFERENCE_BUDGET:
                t0 = time.perf_counter()
                checked, least, d = reference(weights, tableau)
                slow = time.perf_counter() - t0
                per_triple = slow / size**3
                assert checked == result.checked
                assert Fraction(least, d) == result.min_margin
                ref, ratio = f"{slow:.2f}", f"{slow / fast:.1f}x"
            print(f"{q:>4}x{s:<3} {size:>5} {result.checked:>9} {kind:>9} "
                  f"{fast:>15.3f} {result.checked / fast:>11.3g} {ref:>12} {ratio:>7}")


if __name__ == "__main__":
    main()
