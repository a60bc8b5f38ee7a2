"""The paths the tableau value changed, timed through the public API only.

Issue 8 moved the local rule, the vocabulary and the kernel tables into one
:class:`arcot.cot.Tableau`, read by every stage; this times the calls whose
inner loops now read it (the constructor, configuration sampling, the
windows scope, own-tableau windows, the certificate producer, one whole
``certify``), so that two checkouts can be compared:

    python benchmarks/bench_layout.py                      # this checkout
    PYTHONPATH=OTHER python benchmarks/bench_layout.py     # another one

Each figure is the best of ``REPEATS`` runs in one process, in ms. The
script uses names every layout since issue 7 exports.
"""

from __future__ import annotations

import time

REPEATS = 7


def best_ms(fn) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def random_machine(states: int, symbols: int, seed: int):
    import random

    from arcot.machine.formats import parse_tm

    rng = random.Random(seed)
    letters = [chr(65 + i) for i in range(states)]
    rows = []
    for _ in letters:
        cells = []
        for _ in range(symbols):
            nxt = "Z" if rng.random() < 0.05 else rng.choice(letters)
            cells.append(f"{rng.randrange(symbols)}{rng.choice('LR')}{nxt}")
        rows.append("".join(cells))
    return parse_tm("_".join(rows))


def main() -> None:
    from arcot.construct import tableau_weights
    from arcot.learn.data import training_data
    from arcot.pipeline import certify
    from arcot.verify.certificate import make_certificate
    from arcot.verify.exact import scope_windows, verify_exact
    from arcot.zoo import get

    big = random_machine(20, 4, seed=1)
    bb4, inc = get("bb4"), get("increment")
    additive = tableau_weights(big, "additive")
    cases = [
        ("construct additive, 20x4", lambda: tableau_weights(big, "additive")),
        ("construct pairwise, 20x4", lambda: tableau_weights(big, "pairwise")),
        ("training_data configurations:5000, bb4",
         lambda: training_data(bb4, "configurations:5000")),
        ("verify_exact windows, 20x4 additive",
         lambda: verify_exact(additive, big)),
        ("scope_windows inputs:9, increment",
         lambda: scope_windows(inc, "inputs:9")),
        ("make_certificate windows, 20x4 additive",
         lambda: make_certificate(big, additive)),
        ("certify bb3 lstsq pairwise configurations:500",
         lambda: certify("zoo:bb3", learner="lstsq", features="pairwise",
                         train="configurations:500")),
    ]
    import arcot

    print(f"tree: {arcot.__file__.rsplit('/', 2)[0]}; best of {REPEATS}, ms")
    for name, fn in cases:
        print(f"  {name:48s} {best_ms(fn):9.2f}")


if __name__ == "__main__":
    main()
