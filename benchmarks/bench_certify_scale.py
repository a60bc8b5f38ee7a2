"""certify end to end against the number of windows, up to 200 states x 8 symbols.

For random machines of growing size (those of ``bench_windows.py``: ``q``
states and one halt state over ``s`` symbols, windows scope), in one
process:

- ``certify --learner construct`` with its certificate (constructed
  additive weights, verification, certificate), timed whole; then
  ``make_certificate`` alone, against the previous way of writing one
  (every window's decision a Fraction, as ``decide_windows`` gives, then
  the least of them), run where its estimated time stays below
  ``OLD_BUDGET`` seconds; both must give the same count and least margin.
- the certificate's size (compact JSON) and the trusted checker run on it
  as a user runs it (``python -I -S arcot/verify/checker.py FILE``, a new
  process, start-up included), against the checker of commit ``OLD_CHECKER``
  (before it summed the slots of a run of windows once), taken from git
  and given today's weight-terms budget, on the same file; both must print
  the same verdict.
- ``certify --learner lstsq`` on its default training data, stage by stage
  as ``certify`` runs them (training data, least-squares fit, exact
  weights, verification, certificate), where the sizes are at most
  ``LSTSQ_UPTO``, then its certificate written (``Certificate.write``)
  and the trusted checker run on it as above; a certificate beyond the
  checker's budget is reported with the reason, not written.

One run each (the large sizes take seconds to minutes), after one untimed
certify that loads the kernels.

    python benchmarks/bench_certify_scale.py [--upto Q] [--lstsq-upto Q]
                                             [--sizes QxS,...]

``--sizes 200x8`` runs those rows only (each of ``SIZES``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_windows import machine

SIZES = ((20, 4), (40, 6), (60, 8), (100, 8), (200, 8))
OLD_BUDGET = 40.0  # seconds of estimated Fraction-per-window work
OLD_CHECKER = "dde4473"  # the checker before this change
LSTSQ_UPTO = 200  # states: lstsq runs up to this size
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKER = os.path.join(ROOT, "arcot", "verify", "checker.py")


def old_certificate_totals(weights, tableau):
    """The previous make_certificate's scoring: a Fraction per window (on
    the certificate's own machine and weights: the standard text may drop a
    halt state no transition enters)."""
    from arcot.verify.windows import decide_windows, scope_windows

    decisions = decide_windows(weights, tableau, scope_windows(tableau))
    assert not any(d.margin <= 0 for d in decisions)
    return len(decisions), min(d.margin for d in decisions)


def run_checker(path: str, checker: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-I", "-S", checker, path],
                         capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, out.stdout.strip()


def old_checker(tmp: str) -> str | None:
    """The checker file of OLD_CHECKER with today's weight-terms budget,
    or None without git."""
    try:
        text = subprocess.run(
            ["git", "-C", ROOT, "show", f"{OLD_CHECKER}:arcot/verify/checker.py"],
            capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    old, now = "MAX_TERMS = 30_000_000", "MAX_TERMS = 100_000_000"
    assert old in text
    path = os.path.join(tmp, "old_checker.py")
    with open(path, "w") as f:
        f.write(text.replace(old, now))  # today's budget, so 200x8 checks
    return path


def lstsq_stages(m, tableau, tmp):
    """certify's tableau route for lstsq, each stage timed."""
    from arcot.errors import CertificateError
    from arcot.learn import fit_linear_predictor
    from arcot.learn.data import training_data
    from arcot.pipeline import default_train, exact_weights
    from arcot.verify.certificate import make_certificate
    from arcot.verify.exact import verify_exact

    times = {}
    train = default_train(m)
    t0 = time.perf_counter()
    data = training_data(tableau, train)
    times["data"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    p = fit_linear_predictor(data, features="pairwise")
    times["fit"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    w = exact_weights(p)
    times["exact"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    r = verify_exact(w, tableau)
    times["verify"] = time.perf_counter() - t0
    note, cert = "", None
    t0 = time.perf_counter()
    if r.verified:
        try:
            cert = make_certificate(tableau, w)
        except CertificateError as exc:
            note = f"no certificate: {str(exc).split(': ', 1)[-1]}"
    times["certificate"] = time.perf_counter() - t0
    if cert is not None:  # written and checked as a user does
        path = os.path.join(tmp, "lstsq.json")
        t0 = time.perf_counter()
        cert.write(path)
        t_write = time.perf_counter() - t0
        t_check, verdict = run_checker(path, CHECKER)
        note = (f"{os.path.getsize(path) / 1e6:.0f} MB written in {t_write:.1f} s; "
                f"checker {t_check:.1f} s: {verdict.split(':')[0]}")
        os.remove(path)
    return train, len(data), w.n_weights, r, times, note


def main() -> None:
    from arcot.cot import as_tableau
    from arcot.pipeline import certify
    from arcot.verify.certificate import dumps, make_certificate
    from arcot.verify.document import _held_machine

    ap = argparse.ArgumentParser()
    ap.add_argument("--lstsq-upto", type=int, default=LSTSQ_UPTO)
    ap.add_argument("--upto", type=int, default=SIZES[-1][0], help="largest q")
    ap.add_argument("--sizes", default=None, metavar="QxS,...",
                    help="only these rows of SIZES (e.g. 200x8)")
    args = ap.parse_args()
    only = None if args.sizes is None else {
        tuple(int(x) for x in size.split("x")) for size in args.sizes.split(",")}
    if only is not None and not only <= set(SIZES):
        ap.error(f"--sizes: each of {', '.join(f'{q}x{s}' for q, s in SIZES)}")
    certify(machine(20, 4), learner="construct")  # load the kernels, untimed
    certify(machine(20, 4), learner="lstsq", certificate=False)
    rows, lstsq_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        old_check = old_checker(tmp)
        per_window_old = None
        for q, s in SIZES:
            if q > args.upto or (only is not None and (q, s) not in only):
                continue
            m = machine(q, s)
            t0 = time.perf_counter()
            r = certify(m, learner="construct")
            t_construct = time.perf_counter() - t0
            assert r.verified and r.certificate is not None
            n = r.verification.checked
            tableau = as_tableau(m)
            t0 = time.perf_counter()
            cert = make_certificate(tableau, r.weights)
            t_make = time.perf_counter() - t0
            old = "-"
            if per_window_old is None or per_window_old * n < OLD_BUDGET:
                t0 = time.perf_counter()
                count, least = old_certificate_totals(
                    cert.weights, as_tableau(_held_machine(cert.machine)))
                t_old = time.perf_counter() - t0
                per_window_old = t_old / n
                assert (count, least) == (cert.count, Fraction(cert.min_margin))
                old = f"{t_old:.2f} ({t_old / t_make:.1f}x)"
            text = dumps(cert.to_json())
            path = os.path.join(tmp, f"{q}x{s}.json")
            with open(path, "w") as f:
                f.write(text)
            t_check, verdict = run_checker(path, CHECKER)
            assert verdict.startswith("verified"), verdict
            old_c = "-"
            if old_check is not None:
                t_oc, old_verdict = run_checker(path, old_check)
                assert old_verdict == verdict, (old_verdict, verdict)
                old_c = f"{t_oc:.2f} ({t_oc / t_check:.1f}x)"
            rows.append((f"{q}x{s}", len(tableau.vocabulary), n, t_construct,
                         n / t_construct, len(text), t_make, old, t_check,
                         n / t_check, old_c))
            print(f"# {q}x{s}: construct done", file=sys.stderr, flush=True)
            if q <= args.lstsq_upto:
                lstsq_rows.append((f"{q}x{s}", n, *lstsq_stages(m, tableau, tmp)))
                print(f"# {q}x{s}: lstsq done", file=sys.stderr, flush=True)
    print(f"{'machine':>8} {'V':>5} {'windows':>9} {'construct s':>12} "
          f"{'windows/s':>10} {'cert bytes':>11} {'make_cert s':>12} "
          f"{'Fraction/window s':>18} {'checker s':>10} {'windows/s':>10} "
          f"{'old checker s':>14}")
    for (name, v, n, tc, wps, size, tm, old, tk, kps, oc) in rows:
        print(f"{name:>8} {v:>5} {n:>9} {tc:>12.2f} {wps:>10.3g} {size:>11} "
              f"{tm:>12.2f} {old:>18} {tk:>10.2f} {kps:>10.3g} {oc:>14}")
    if lstsq_rows:
        print()
        print(f"{'machine':>8} {'windows':>9} {'train':>22} {'data windows':>13} "
              f"{'weights':>9} {'data s':>7} {'fit s':>7} {'exact s':>8} "
              f"{'verify s':>9} {'cert s':>7} {'total s':>8} {'verified':>9}  note")
        for name, n, train, k, nw, r, t, note in lstsq_rows:
            total = sum(t.values())
            print(f"{name:>8} {n:>9} {train:>22} {k:>13} {nw:>9} {t['data']:>7.2f} "
                  f"{t['fit']:>7.2f} {t['exact']:>8.2f} {t['verify']:>9.2f} "
                  f"{t['certificate']:>7.2f} {total:>8.2f} {r.verified!s:>9}  "
                  f"{note}")


if __name__ == "__main__":
    main()
