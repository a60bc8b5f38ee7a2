"""``arcot demo``: the main job end to end on a built-in machine.

Define a Turing machine, run it, write its run as a chain of thought, fit a
linear next-token predictor to it by least squares, prove in exact
arithmetic that the predictor reproduces every step of every run, and
write a certificate that the small trusted checker accepts. Each stage
prints what it did and what it measured; nothing is typed in.

The demo's work is small (thousands of windows, one universal rollout), so
its kernels run as plain Python (:func:`arcot._numba.plain_python`): numba's
import, set-up and first compilation of a dozen kernels would take longer
than the whole demo, and a first ``arcot demo`` after install would wait
for them. The figures it prints are the interpreter's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from arcot.cot import encode_tableau, tableau_length
from arcot.machine import TuringMachine, configurations, machine_from_table, run

__all__ = ["DEMO_INPUT", "demo_machine", "main"]

DEMO_INPUT = "1011"
#: Random configurations the predictor is fitted on.
DEMO_CONFIGURATIONS = 1500


def demo_machine() -> TuringMachine:
    """The demo's machine: binary increment, defined as a readable table."""
    return machine_from_table(
        """
        right 0 -> 0 R right
        right 1 -> 1 R right
        right _ -> _ L carry
        carry 1 -> 0 L carry
        carry 0 -> 1 L done
        carry _ -> 1 L done
        """,
        name="increment",
    )


def _timed(f: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def main(out: Callable[[str], object] | None = None, workdir: str | None = None) -> int:
    """Print the demo; returns the exit code (0 when everything checks).

    ``out`` receives each line (default: standard output); the certificate
    goes to ``workdir`` (default: a temporary directory, removed before the
    demo returns).
    """
    from arcot._numba import plain_python

    with plain_python():
        return _stages(out, workdir)


def _stages(out: Callable[[str], object] | None, workdir: str | None) -> int:
    from arcot.learn import fit_linear_predictor, rollout, training_data
    from arcot.pipeline import exact_weights
    from arcot.verify import checker
    from arcot.verify.certificate import make_certificate
    from arcot.verify.exact import verify_exact

    say = out or (lambda line: sys.stdout.write(line + "\n"))
    machine = demo_machine()
    say(f"1. machine: {machine!r}: binary increment, defined in six table lines")

    result = run(machine, DEMO_INPUT, max_steps=1000)
    say(
        f"2. run on {DEMO_INPUT!r}: halted={result.halted} after {result.steps} "
        f"steps in state {result.state!r}; tape {result.tape_text()!r}"
    )
    for c in configurations(machine, DEMO_INPUT):
        tape = "".join(str(s) for s in c.cells)
        say(f"   step {c.step:>2}  {c.state!s:>5} @ {c.head:>2}: {tape}")

    trace = encode_tableau(machine, DEMO_INPUT)
    say(
        f"3. tableau CoT: {len(trace.cot)} tokens = T*(W+1) with T={trace.steps}, "
        f"W={trace.width} (length law: {tableau_length(trace.steps, trace.width)}); "
        f"vocabulary of {len(trace.vocabulary)} tokens; prompt row, then the CoT:"
    )
    for line in trace.render().splitlines():
        say(f"   {line}")

    data = training_data(machine, f"configurations:{DEMO_CONFIGURATIONS}", seed=0)
    predictor, fit_time = _timed(
        lambda: fit_linear_predictor(data, features="pairwise")
    )
    info = predictor.info
    say(
        f"4. least squares on pairwise features, {data.source}: "
        f"{info.n_windows} windows ({info.n_distinct} distinct), "
        f"{len(predictor.columns)} coordinates seen, residual {info.residual:.2e}, "
        f"fitted in {fit_time * 1e3:.1f} ms"
    )

    r = rollout(predictor, machine, DEMO_INPUT)
    say(
        f"5. rollout on {DEMO_INPUT!r} from the prompt alone: {len(r.cot)} tokens, "
        f"{'identical to' if r.agrees else 'DIFFERENT from'} the simulator's CoT"
        + ("" if r.agrees else f" (first difference at CoT position {r.first_error})")
    )

    weights = exact_weights(predictor)
    verdict, verify_time = _timed(lambda: verify_exact(weights, machine))
    margin = verdict.min_margin
    say(
        f"6. exact verification over every window (floats read as exact "
        f"rationals): verified={verdict.verified}, {verdict.checked} windows, "
        f"least margin {float(margin) if margin is not None else None:.15g} "
        f"(exactly {margin}), in {verify_time * 1e3:.1f} ms"
    )
    if not verdict.verified:
        cx = verdict.counterexample
        say(f"   counterexample: {cx.to_json() if cx else None}")
        return 1

    cert, cert_time = _timed(lambda: make_certificate(machine, weights))
    with tempfile.TemporaryDirectory(prefix="arcot-demo-") as scratch:
        path = Path(workdir or scratch) / "increment.cert.json"
        cert.write(path)
        (status, message), check_time = _timed(
            lambda: checker.check(path.read_bytes())
        )
        where = (str(path) if workdir else
                 f"{path.name} in a temporary folder removed at exit "
                 "(arcot demo --workdir DIR keeps it)")
        say(
            f"7. certificate {where} ({path.stat().st_size} bytes, written in "
            f"{cert_time * 1e3:.1f} ms): the trusted checker (standard library "
            f"only) says {status}: {message}, in {check_time * 1e3:.1f} ms"
        )

    refuted = verify_exact(
        exact_weights(fit_linear_predictor(data, features="additive")), machine
    )
    cx = refuted.counterexample
    say(
        "8. for contrast, least squares on additive features "
        "(docs/explanation/theory.md, fact 2): "
        f"verified={refuted.verified}, {refuted.failures} of {refuted.checked} "
        "windows wrong"
        + (
            f"; e.g. window {cx.window} should give {cx.expected}, gives {cx.got}"
            if cx
            else ""
        )
    )
    universal = _universal(say)
    ok = r.agrees and verdict.verified and status == checker.VERIFIED and universal
    say(
        "what was verified: the fitted linear predictor computes the local rule "
        "on every window, so by induction over rows it writes the tableau CoT of "
        "every run of this machine, on every input (within the row's window); "
        "and one verified predictor of a universal machine runs a machine it was "
        "not built for."
        if ok
        else "something did not check: see above"
    )
    return 0 if ok else 1


def _universal(say: Callable[[str], object]) -> bool:
    """Stage 9: a machine the demo did not train on, run by the one verified
    predictor of the universal machine zoo:utm; True when it matches."""
    from arcot.machine import parse_tm
    from arcot.universal.run import run_universal, universal_predictor
    from arcot.universal.utm import UTM, encode

    predictor, build_time = _timed(lambda: universal_predictor(seal=False))
    check = predictor.verification
    say(
        f"9. one predictor for every machine: zoo:utm, a universal machine of "
        f"{len(UTM.states)} states x {len(UTM.symbols)} symbols; its constructed "
        f"pairwise predictor verified={check.verified} on all {check.checked} "
        f"windows of its tableau, in {build_time:.1f} s"
    )
    bb3 = parse_tm("1RB1RZ_1LB0RC_1LC1LA", name="bb3")
    found, roll_time = _timed(lambda: run_universal(bb3, predictor=predictor,
                                                    max_steps=1000))
    got, want = found.result, run(bb3, max_steps=1000)
    say(
        f"   given only the prompt encode(bb3) ({len(encode(bb3))} tokens), it wrote "
        f"{found.cot_tokens} CoT tokens ({found.utm_steps} rows of {found.width} "
        f"cells) in {roll_time:.2f} s; decoded: halted={got.halted} after "
        f"{got.steps} steps, {got.nonzero} non-blank cells, "
        f"{'the same as' if got == want else 'DIFFERENT from'} running bb3 itself"
    )
    return bool(got == want and check.verified)
