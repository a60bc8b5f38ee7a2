"""Learning U from its traces (issue 9): how many random programs least
squares on pairwise features needs, and what the fit then proves.

U is ``zoo:utm`` (37 states x 10 symbols, 381 tokens; the ``windows`` scope
holds 272,541 windows). For K random programs (``random_programs(K)``:
machines of 1-4 working states, 1-4 symbols, stay moves, undefined
transitions, up to 3 halt states, on words of length 0..4, kept when they
stop within 30 steps), U's tableau CoT on each ``encode(M, w)``, each on
its own tableau, is the training data (``program_data(K)``, its distinct
windows; for pairwise features that is the same least-squares solution).
Columns of the first table:

- ``windows``: distinct windows the K programs' traces show, and their
  share of the windows scope;
- ``train wrong``: training windows the exact weights get wrong (margin
  <= 0 in exact arithmetic);
- ``scope wrong``: windows of the ``windows`` scope the fit gets wrong
  (``verify_exact``): 0 means verified over every window;
- ``held-out``: on 200 fresh programs (seed 1), their tableaux's distinct
  windows wrong, and the programs whose whole tableau (every window of it,
  so its whole rollout) the predictor gets right; ``err<=`` the one-sided
  95% Clopper-Pearson bound on the error rate per program (a statistic).

Then the covering data (the traces of 1,000 programs plus
``configurations:J``, random well-formed configurations), and least
squares on additive features (the traces, and the traces with
configurations), which ``verify_exact`` refutes. One run of each, in one
process, about 2.5 minutes on 2 cores. ``--full`` adds K = 3000, fewer
configurations beside the traces, and additive fits on every CoT token of
30 programs (the runs' own frequencies) and on configurations alone (about
3 minutes more: weights whose common denominator passes int64 are scored
in Python ints).

    python benchmarks/bench_universal_training.py [--full]
"""

from __future__ import annotations

import time

SERIES = (10, 30, 100, 300, 1000)
FULL_SERIES = (3000,)  # with --full
HELD_OUT = 200
COVERED = 1000  # programs beside the configurations
CONFIGURATIONS = (100_000, 300_000)
FULL_CONFIGURATIONS = (10_000, 30_000)  # with --full, slower (exact margins
# past int64 are summed in Python ints)


def main() -> None:
    import sys

    import numpy as np

    from arcot.cot import as_tableau
    from arcot.learn import fit_linear_predictor
    from arcot.learn.data import configuration_windows
    from arcot.pipeline.weights import exact_weights
    from arcot.universal.training import (
        combine,
        held_out,
        program_data,
        random_programs,
    )
    from arcot.universal.utm import UTM
    from arcot.verify.exact import verify_exact
    from arcot.verify.statistics import clopper_pearson_upper
    from arcot.verify.windows import _Decider, checked_window_array, decide_arrays

    full = "--full" in sys.argv[1:]
    series = SERIES + (FULL_SERIES if full else ())
    tableau = as_tableau(UTM)
    test = random_programs(HELD_OUT, seed=1)

    def train_wrong(weights, data) -> int:
        _, margins, _ = decide_arrays(_Decider(weights, tableau.vocabulary),
                                      tableau, np.asarray(data.windows))
        return int((np.asarray(margins) <= 0).sum())

    def fit(data, features):
        t0 = time.perf_counter()
        weights = exact_weights(fit_linear_predictor(data, features=features))
        result = verify_exact(weights, tableau)
        return weights, result, time.perf_counter() - t0

    scope = checked_window_array(tableau.vocabulary)
    total = len(scope)

    def bound(h) -> float:  # on the held-out programs' error rate, 95%
        return clopper_pearson_upper(h.programs - h.programs_right, h.programs)

    def kinds(data, weights) -> None:
        """The windows scope by kind: seen in the traces, wrong after the fit."""
        from arcot.cot import DELIMITER, HeadCell

        vocab = tableau.vocabulary
        head = np.array([isinstance(t, HeadCell) for t in vocab.tokens])
        a, b, c = scope.T
        kind = np.select([b == vocab.id(DELIMITER), head[b], head[a], head[c]],
                         [0, 1, 2, 3], 4)
        v = len(vocab)
        key = (scope[:, 0] * v + scope[:, 1]) * v + scope[:, 2]
        w = np.asarray(data.windows)
        seen = np.isin(key, (w[:, 0] * v + w[:, 1]) * v + w[:, 2])
        _, margins, _ = decide_arrays(_Decider(weights, vocab), tableau, scope)
        wrong = np.asarray(margins) <= 0
        print(f"  the windows scope by kind, after K = {series[-1]}:")
        print(f"  {'kind':<24} {'windows':>8} {'in traces':>9} {'wrong':>7}")
        names = ("delimiter (x, #, y)", "head in the middle", "head on the left",
                 "head on the right", "no head")
        for i, name in enumerate(names):
            m = kind == i
            print(f"  {name:<24} {int(m.sum()):>8,} {int((m & seen).sum()):>9,} "
                  f"{int((m & wrong).sum()):>7,}")
        middles = {int(x) for x in w[:, 1].tolist() if head[x]}
        ruled = [i for i, t in enumerate(vocab.tokens) if isinstance(t, HeadCell)
                 and (t.state, t.symbol) in UTM.transitions]
        print(f"  head cells (state, symbol) in a trace's middle: {len(middles)} of "
              f"{int(head.sum())}; with a rule of U: "
              f"{len(middles & set(ruled))} of {len(ruled)}")
    print(f"U: {len(tableau.vocabulary)} tokens, {total:,} windows in the windows "
          f"scope; held-out: {HELD_OUT} programs (seed 1)")
    print()
    print("least squares, pairwise features, on U's traces of K random programs")
    print(f"{'K':>6} {'windows':>7} {'% scope':>7} {'data s':>6} {'train wrong':>11} "
          f"{'scope wrong':>11} {'verified':>8} {'held-out wrong':>14} "
          f"{'held-out right':>14} {'err<=':>6} {'fit+verify s':>12}")
    for k in series:
        t0 = time.perf_counter()
        data = program_data(k)
        made = time.perf_counter() - t0
        weights, result, took = fit(data, "pairwise")
        h = held_out(weights, test)
        seen_there = h.windows_right + h.windows_wrong
        print(f"{k:>6} {len(data):>7,} {100 * len(data) / total:>6.2f}% {made:>6.1f} "
              f"{train_wrong(weights, data):>11} {result.failures:>11,} "
              f"{result.verified!s:>8} {h.windows_wrong:>5} of {seen_there:>5} "
              f"{h.programs_right:>8} of {h.programs:<3} "
              f"{bound(h):>5.1%} {took:>12.1f}")
    kinds(data, weights)
    print()
    print(f"least squares, pairwise features, on programs:{COVERED} + configurations:J")
    print(f"{'J':>8} {'windows':>9} {'scope wrong':>11} {'verified':>8} "
          f"{'held-out right':>14} {'fit+verify s':>12}")
    programs = program_data(COVERED)
    for j in (FULL_CONFIGURATIONS if full else ()) + CONFIGURATIONS:
        data = combine(programs, configuration_windows(tableau, j))
        weights, result, took = fit(data, "pairwise")
        h = held_out(weights, test)
        print(f"{j:>8,} {len(data):>9,} {result.failures:>11,} {result.verified!s:>8} "
              f"{h.programs_right:>8} of {h.programs:<3} {took:>12.1f}")
    print()
    print("least squares, additive features")
    cases = [
        (f"programs:{COVERED}", programs),
        (f"programs:{COVERED}+configurations:100000",
         combine(programs, configuration_windows(tableau, 100_000))),
    ]
    if full:
        cases += [
            ("programs:30, every CoT token", program_data(30, distinct=False)),
            ("configurations:300000", configuration_windows(tableau, 300_000)),
        ]
    for name, data in cases:
        weights, result, took = fit(data, "additive")
        h = held_out(weights, test)
        c = result.counterexample
        print(f"  {name} ({len(data):,} windows): verified={result.verified}, "
              f"{result.failures:,} of {total:,} windows wrong; held-out programs "
              f"right {h.programs_right} of {h.programs} ({took:.1f} s)")
        print(f"    counterexample: window {c.window} -> expected {c.expected}, "
              f"got {c.got}" + (f", on input {''.join(c.input)!r} step {c.step}"
                                if c.input is not None else ""))
        if h.first_wrong is not None:
            print(f"    a held-out program's window it gets wrong: {h.first_wrong}")


if __name__ == "__main__":
    main()
