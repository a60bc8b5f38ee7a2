"""The universal machine U (``zoo:utm``): its slowdown, its rollout, its proof.

Three measurements in one process (2 shared cores: ratios are what to
compare, absolute times drift):

1. U's slowdown, U steps per step of the machine M it runs, against M's
   states n, symbols k and tape: zoo machines on the blank tape and on
   inputs of growing length, and random machines of growing n and k. U
   and M both run exactly (``arcot.machine.run``) and U's final tape must
   decode to M's result. Each step of M is a fixed number of walks across
   U's tape plus one per unit of the symbol read, the symbol written and
   the move, and one walk inside the program per unit of the next state
   (utm.py's docstring), so the script fits
   ``U steps = alpha * sum W_t + beta * sum (a_t + w_t + m_t) W_t + gamma * sum q_t P``
   over all rows, with ``W_t`` U's tape (counter, program and data) before
   M's step ``t``, ``P`` the program's cells and ``a, w, m, q`` the units of
   that step, all counted from M's own run.
2. Rollout throughput: ``run_universal`` (the certified linear predictor
   writing U's tableau token by token) in CoT tokens per second, after a
   warm-up, against ``arcot.machine.run`` of U and ``encode_tableau`` of
   U's run (where it fits in memory and time); the numba compile time in
   a fresh process with an empty kernel cache.
3. Certifying U (construct, pairwise and additive, with and without the
   certificate), writing the certificate, and checking it with the
   stdlib-only checker under ``python -I -S`` and with ``arcot check``.

    python benchmarks/bench_universal.py
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from arcot.cot import encode_tableau
from arcot.machine import Move, TuringMachine, configurations, run
from arcot.pipeline import certify
from arcot.universal.run import run_universal, universal_predictor
from arcot.universal.utm import UTM, decode, encode
from arcot.zoo import get

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT / "arcot" / "verify" / "checker.py"
MOVE_UNITS = {Move.LEFT: 1, Move.RIGHT: 2, Move.STAY: 3}  # as utm.py encodes them
TABLEAU_TOKENS = 20_000_000  # encode_tableau of U beyond this is skipped (memory)


def best(fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    """The value and the best wall time of ``repeat`` calls."""
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        t = min(t, time.perf_counter() - t0)
    return value, t


def palindrome(n: int) -> str:
    half = ("01" * n)[: n // 2]
    return half + half[::-1]


def random_machine(n: int, k: int, seed: int) -> TuringMachine:
    """n states (one of them the halt state ``Z``), k symbols, one transition
    into ``Z``, every other entry uniform over (write, L/R, working state)."""
    rng = random.Random(seed)
    states = [f"q{i}" for i in range(n - 1)] + ["Z"]
    symbols = [str(a) for a in range(k)]
    keys = [(q, a) for q in states[:-1] for a in symbols]
    halt = rng.randrange(len(keys))
    table = {}
    for i, key in enumerate(keys):
        nxt = "Z" if i == halt else rng.choice(states[:-1])
        table[key] = (rng.choice(symbols), rng.choice("LR"), nxt)
    return TuringMachine(states=states, symbols=symbols, start="q0",
                         halt_states=["Z"], transitions=table,
                         name=f"random n={n} k={k} #{seed}")


def longest_random(n: int, k: int, seeds: int = 200, hi: int = 2000) -> TuringMachine:
    """Of the first ``seeds`` seeds, the machine that halts on the blank tape
    after the most steps (at most ``hi``; the first such seed on ties)."""
    found, most = None, -1
    for seed in range(seeds):
        m = random_machine(n, k, seed)
        r = run(m, max_steps=hi)
        if r.halted and r.steps > most:
            found, most = m, r.steps
    assert found is not None
    return found


def units(m: TuringMachine, word: str) -> tuple[float, float, float, int]:
    """From M's own run: sum W_t, sum (a+w+m) W_t, sum q P, and P (cells)."""
    prompt = encode(m, word)
    program = prompt.index("<", 1) - 1
    width: dict[int, int] = {}  # cell -> its data block's width (1 + largest symbol)
    s_w = s_uw = s_qp = 0.0
    for c in configurations(m, word):
        for i, sym in enumerate(c.cells):
            cell = c.origin + i
            width[cell] = max(width.get(cell, 1), 1 + m.symbol_index(sym))
        rule = m.transitions.get((c.state, c.symbol(c.head)))
        if c.state in m.halt_states or rule is None:
            break
        w_t = max(1, c.step.bit_length()) + 2 + program + sum(width.values())
        u = (m.symbol_index(c.symbol(c.head)) + m.symbol_index(rule.write)
             + MOVE_UNITS[rule.move])
        s_w += w_t
        s_uw += u * w_t
        s_qp += m.state_index(rule.next_state) * program
    return s_w, s_uw, s_qp, program


def growth(first: tuple, last: tuple) -> float:  # type: ignore[type-arg]
    """How much U/M grew from one row to another."""
    return (last[4] / last[3]) / (first[4] / first[3])


def slowdown() -> None:
    cases: list[tuple[str, TuringMachine, str]] = [
        (name, get(name), "") for name in ("bb2", "bb3", "bb4")]
    for name, words in (("increment", ["1" * n for n in (4, 16, 64)]),
                        ("parity", ["1" * n for n in (4, 16, 64)]),
                        ("palindrome", [palindrome(n) for n in (8, 16, 32, 48)])):
        cases += [(name, get(name), w) for w in words]
    for n, k in ((3, 2), (5, 2), (9, 2), (17, 2), (3, 4), (3, 8), (5, 4), (9, 4)):
        m = longest_random(n, k)
        cases.append((m.name, m, ""))

    rows = []
    for name, m, word in cases:
        r = run(m, word, max_steps=10**6)
        u = run(UTM, encode(m, word), max_steps=10**10)
        if decode(m, u) != r:
            raise SystemExit(f"U's run of {name} on {word!r} does not decode to M's")
        s_w, s_uw, s_qp, program = units(m, word)
        width = u.span[1] - u.span[0] + 1
        rows.append((name, m, word, r.steps, u.steps, width, program, s_w, s_uw, s_qp))

    design = np.array([[s_w, s_uw, s_qp] for *_, s_w, s_uw, s_qp in rows])
    target = np.array([row[4] for row in rows], float)
    coef, *_ = np.linalg.lstsq(design / target[:, None], np.ones(len(rows)), rcond=None)
    fit = design @ coef / target
    print("1. U's slowdown: U steps per step of M (U and M run exactly; U's tape "
          "decoded = M's result)")
    print(f"{'machine':<22} {'n':>3} {'k':>3} {'|w|':>4} {'M steps':>8} {'P':>5} "
          f"{'W':>5} {'U steps':>11} {'U/M':>8} {'U/(M*W)':>8} {'fit/U':>6}")
    for (name, m, word, ms, us, width, program, *_), f in zip(rows, fit, strict=True):
        print(f"{name:<22} {m.n_states:>3} {m.n_symbols:>3} {len(word):>4} {ms:>8,} "
              f"{program:>5} {width:>5} {us:>11,} {us / ms:>8.0f} "
              f"{us / ms / width:>8.2f} {f:>6.3f}")
    a, b, g = coef
    print(f"fit: U steps = {a:.3f} sum W_t + {b:.3f} sum (a+w+m) W_t "
          f"+ {g:.3f} sum q P; within {max(abs(fit - 1)):.1%} of every row "
          f"(W = U's tape span at the end, P = the program's cells)")
    for name in ("increment", "parity", "palindrome"):
        sel = [row for row in rows if row[0] == name]
        first, last = sel[0], sel[-1]
        print(f"  {name}: |w| {len(first[2])} -> {len(last[2])}: "
              f"W x{last[5] / first[5]:.2f}, U/M x{growth(first, last):.2f}")
    k2 = [row for row in rows if row[0].startswith("random") and row[1].n_symbols == 2]
    n3 = [row for row in rows if row[0].startswith("random") and row[1].n_states == 3]
    for label, sel in (("n", k2), ("k", n3)):
        first, last = sel[0], sel[-1]
        print(f"  random, growing {label} ({first[1].n_states}x{first[1].n_symbols} -> "
              f"{last[1].n_states}x{last[1].n_symbols}): P x{last[6] / first[6]:.1f}, "
              f"W x{last[5] / first[5]:.1f}, U/M x{growth(first, last):.1f}")


COMPILE = """
import json, time
t0 = time.perf_counter()
from arcot.universal.run import run_universal, universal_predictor
from arcot.zoo import get
p = universal_predictor()
t1 = time.perf_counter()
m = get("bb2")
run_universal(m, predictor=p)
t2 = time.perf_counter()
run_universal(m, predictor=p)
t3 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))
"""


def compile_times() -> None:
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        for label, env in (("empty numba cache", {"NUMBA_CACHE_DIR": cache}),
                           ("kernels cached", {"NUMBA_CACHE_DIR": cache})):
            proc = subprocess.run([sys.executable, "-c", COMPILE], check=True,
                                  capture_output=True, text=True, cwd=ROOT,
                                  env={**os.environ, **env})
            out[label] = json.loads(proc.stdout.splitlines()[-1])
    print("   fresh process           universal_predictor()  first rollout (bb2)  "
          "second rollout")
    for label, (pred, first, second) in out.items():
        print(f"   {label:<22} {pred:>15.2f} s {first:>18.3f} s {second:>14.3f} s")
    fresh, cached = out["empty numba cache"], out["kernels cached"]
    print(f"   rollout kernel compile: {fresh[1] - fresh[2]:.2f} s "
          f"(first - second rollout, empty cache); load from cache "
          f"{cached[1] - cached[2]:.2f} s")


def throughput() -> None:
    print("2. Rollout throughput: U's tableau CoT written by the certified predictor")
    pred = universal_predictor()
    t0 = time.perf_counter()
    run_universal(get("bb4"), predictor=pred)  # warm-up: kernel load, memo
    print(f"   warm-up run_universal(bb4) in this process: "
          f"{time.perf_counter() - t0:.2f} s")
    compile_times()
    print(f"   {'run':<18} {'method':<34} {'seconds':>8} {'U steps':>10} {'W':>4} "
          f"{'tokens':>14} {'M tokens/s':>11} {'t / rollout':>12}")
    for label, m, word in (("bb4", get("bb4"), ""),
                           ("palindrome |w|=40", get("palindrome"), palindrome(40))):
        expect = run(m, word, max_steps=10**6)
        repeat = 3 if expect.steps < 200 else 1
        ru, t_roll = best(lambda m=m, word=word: run_universal(
            m, word, predictor=pred, max_steps=10**6), repeat)
        assert ru.result == expect, (ru.result, expect)
        prompt = encode(m, word)
        u, t_run = best(lambda prompt=prompt: run(UTM, prompt, max_steps=10**10))
        assert u.steps == ru.utm_steps, (u.steps, ru.utm_steps)
        width = u.span[1] - u.span[0] + 1
        table = [("run_universal (rollout)", t_roll, ru.width, ru.cot_tokens),
                 ("arcot run(UTM), eq. tableau", t_run, width, u.steps * (width + 1))]
        if u.steps * (width + 1) <= TABLEAU_TOKENS:
            tr, t_tab = best(lambda prompt=prompt: encode_tableau(
                UTM, prompt, max_steps=10**10), 1)
            table.append(("encode_tableau(UTM, ...)", t_tab, tr.width, len(tr.cot)))
        for method, secs, w, tokens in table:
            print(f"   {label:<18} {method:<34} {secs:>8.3f} {u.steps:>10,} {w:>4} "
                  f"{tokens:>14,} {tokens / secs / 1e6:>11.1f} {secs / t_roll:>12.3g}")
        if len(table) == 2:
            print(f"   {label:<18} encode_tableau skipped: {u.steps * (width + 1):,} "
                  f"tokens > {TABLEAU_TOKENS:,}")
        print(f"   {label:<18} U steps/s: rollout {u.steps / t_roll / 1e6:.2f} M, "
              f"arcot run {u.steps / t_run / 1e6:.2f} M; M steps {expect.steps:,}; "
              f"rollout width {ru.width} against U's span {width}")


def certification() -> None:
    print("3. Certifying U and checking its certificate")
    print(f"   {'certify(UTM, learner=construct)':<44} {'seconds':>8}  windows")
    certs = {}
    for features in ("pairwise", "additive"):
        for with_cert in (False, True):
            r, secs = best(lambda f=features, c=with_cert: certify(
                UTM, learner="construct", features=f, certificate=c), 2)
            assert r.verified
            if with_cert:
                certs[features] = r.certificate
            what = f"{features}, {'with' if with_cert else 'no'} certificate"
            print(f"   {what:<44} {secs:>8.2f}  {r.verification.checked:,}")
    arcot = shutil.which("arcot")
    cli = [arcot] if arcot else [sys.executable, "-m", "arcot.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"   {'certificate':<10} {'write s':>8} {'bytes':>9} "
              f"{'checker -I -S s':>16} {'arcot check s':>14} "
              f"{'checker / certify without':>26}")
        for features, cert in certs.items():
            path = Path(tmp) / f"utm-{features}.cert.json"
            _, t_write = best(lambda cert=cert, path=path: cert.write(path))
            size = path.stat().st_size
            cmds = {"checker": [sys.executable, "-I", "-S", str(CHECKER), str(path)],
                    "cli": [*cli, "check", str(path)]}
            times = dict.fromkeys(cmds, float("inf"))
            for _ in range(3):  # interleaved: the load on a shared machine drifts
                for key, cmd in cmds.items():
                    t0 = time.perf_counter()
                    subprocess.run(cmd, check=True, capture_output=True)
                    times[key] = min(times[key], time.perf_counter() - t0)
            t_check, t_cli = times["checker"], times["cli"]
            _, t_cert = best(lambda f=features: certify(
                UTM, learner="construct", features=f, certificate=False), 1)
            print(f"   {features:<10} {t_write:>8.3f} {size:>9,} {t_check:>16.2f} "
                  f"{t_cli:>14.2f} {t_check / t_cert:>25.1f}x")


def main() -> None:
    start = time.perf_counter()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    slowdown()
    print()
    throughput()
    print()
    certification()
    print(f"\ntotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
