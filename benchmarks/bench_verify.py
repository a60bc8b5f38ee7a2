"""Exact verification over all windows, and the trusted checker, timed.

The yardstick is a random 20-state, 4-symbol machine (seeded; every
transition defined, moving L or R, about one in twenty halting): its tableau
vocabulary has 1 + 4 + 21 * 4 = 89 tokens and the ``windows`` scope 13,481
windows. In one process, best of three runs each:

- ``verify_exact`` (integer arithmetic over one common denominator, sparse
  scores) for the constructed additive and pairwise predictors;
- what a user would otherwise write for an exact check: every token's score
  on every window in ``Fraction`` arithmetic (the reference the property
  tests use), timed once;
- a float numpy argmax over the dense one-hot design (fast, but *not* a
  proof: no exact margins, float ties);
- ``make_certificate``, the trusted checker (``checker.check``, stdlib
  Fractions) and arcot's re-check on that machine's certificate, and the
  checker on every certificate in ``proofs/valid``.

    python benchmarks/bench_verify.py
"""

from __future__ import annotations

import json
import platform
import random
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from arcot.construct import tableau_weights
from arcot.cot import HeadCell, local_rule, tableau_vocabulary
from arcot.learn.features import feature_dimension, feature_index, window_coords
from arcot.machine import Move, Transition, TuringMachine
from arcot.verify import checker
from arcot.verify.certificate import check_certificate, make_certificate
from arcot.verify.exact import checked_windows, verify_exact

ROOT = Path(__file__).resolve().parents[1]


def random_machine(states: int = 20, symbols: int = 4, seed: int = 0) -> TuringMachine:
    """A seeded random machine with every transition defined."""
    rng = random.Random(seed)
    names = [chr(65 + i) for i in range(states)]
    syms = [str(i) for i in range(symbols)]
    transitions = {}
    for q in names:
        for a in syms:
            nxt = "Z" if rng.random() < 0.05 else rng.choice(names)
            transitions[q, a] = Transition(
                rng.choice(syms), rng.choice([Move.LEFT, Move.RIGHT]), nxt
            )
    return TuringMachine(
        states=[*names, "Z"], symbols=syms, start="A", halt_states=["Z"],
        transitions=transitions, name=f"random-{states}x{symbols}",
    )


def timed(fn, repeat=3):  # type: ignore[no-untyped-def]
    """The value and the best wall time of ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return value, best


def fraction_reference(weights, machine):  # type: ignore[no-untyped-def]
    """Every token's Fraction score on every window; verdict and least margin."""
    vocab = tableau_vocabulary(machine)
    names = vocab.names
    least = None
    for a, b, c in checked_windows(vocab):
        want = str(local_rule(machine, *(vocab.tokens[i] for i in (a, b, c))))
        coords = window_coords(weights.kind, vocab, a, b, c)
        score = {
            y: sum((weights.rows.get(y, {}).get(k, Fraction(0)) for k in coords),
                   Fraction(0))
            for y in names
        }
        margin = score[want] - max(s for y, s in score.items() if y != want)
        least = margin if least is None else min(least, margin)
    return least is not None and least > 0, least


def float_argmax(weights, machine):  # type: ignore[no-untyped-def]
    """Dense float scores of all windows at once (no proof: floats)."""
    vocab = tableau_vocabulary(machine)
    v = len(vocab)
    ids = {n: i for i, n in enumerate(vocab.names)}
    dense = np.zeros((feature_dimension(weights.kind, v), v))
    windows = np.array(list(checked_windows(vocab)), dtype=np.int64)
    for c, col in weights.by_coord.items():
        toks = [ids[t] for t in c.value]
        if weights.kind == "additive":
            j = {"L": 0, "M": v, "R": 2 * v}[c.slot] + toks[0]
        elif c.slot == "M":
            j = toks[0]
        elif c.slot == "LM":
            j = v + toks[0] * v + toks[1]
        else:
            j = v + v * v + toks[0] * v + toks[1]
        for y, w in col.items():
            dense[j, ids[y]] = float(w)

    def run():  # type: ignore[no-untyped-def]
        cols = np.array(
            [feature_index(weights.kind, v, int(a), int(b), int(c))
             for a, b, c in windows]
        )
        scores = dense[cols].sum(axis=1)  # [n_windows, V]
        return scores.argmax(axis=1)

    return run


def main() -> None:
    machine = random_machine()
    vocab = tableau_vocabulary(machine)
    n_windows = sum(1 for _ in checked_windows(vocab))
    heads = sum(isinstance(t, HeadCell) for t in vocab.tokens)
    print(f"python {platform.python_version()}, {platform.machine()}")
    print(f"{machine.name}: V = {len(vocab)} tokens ({heads} heads), "
          f"{n_windows} windows")
    for kind in ("additive", "pairwise"):
        weights = tableau_weights(machine, kind)
        result, t_fast = timed(lambda w=weights: verify_exact(w, machine))
        assert result.verified and result.checked == n_windows
        (ok, least), t_ref = timed(lambda w=weights: fraction_reference(w, machine), 1)
        assert ok and least == result.min_margin
        run = float_argmax(weights, machine)
        _, t_float = timed(run)
        print(f"{kind:>9}: verify_exact {t_fast * 1e3:8.1f} ms  "
              f"Fraction reference {t_ref * 1e3:8.1f} ms  "
              f"float argmax {t_float * 1e3:6.1f} ms (no proof)")
        print(f"{'':>9}  ratio reference/verify_exact {t_ref / t_fast:6.1f}x, "
              f"verify_exact/float {t_fast / t_float:5.1f}x")
    for kind in ("additive", "pairwise"):
        cert, t_make = timed(lambda k=kind: make_certificate(machine, features=k))
        doc = cert.to_json()
        size = len(json.dumps(doc))
        (verdict, _), t_check = timed(lambda d=doc: checker.check(d))
        assert verdict == "verified"
        (verdict, _), t_arcot = timed(lambda d=doc: check_certificate(d))
        assert verdict == "verified"
        print(f"certificate {kind:>9}: {size / 1e6:.2f} MB; "
              f"make {t_make * 1e3:.0f} ms, "
              f"trusted checker {t_check * 1e3:.0f} ms, arcot re-check "
              f"{t_arcot * 1e3:.0f} ms")
    files = sorted((ROOT / "proofs" / "valid").glob("*.json"))
    texts = [p.read_bytes() for p in files]

    def check_all():  # type: ignore[no-untyped-def]
        return [checker.check(t)[0] for t in texts]

    verdicts, t_all = timed(check_all)
    assert set(verdicts) == {"verified"}
    print(f"trusted checker on proofs/valid: {len(files)} certificates, "
          f"{t_all * 1e3 / len(files):.1f} ms each on average "
          f"(parse + check, {t_all * 1e3:.0f} ms total)")


if __name__ == "__main__":
    main()
