"""The trusted checker on fitted (fractional) weights: one common denominator
against a fraction per window.

A least-squares predictor's float weights are dyadic rationals, so its
certificate's weights are fractions. The checker brings them to their least
common denominator once and adds integers on every window; the alternative
(what it did before, and its fallback when that denominator would pass
MAX_DIGITS digits) adds `Fraction`s window by window. Both are timed on the
same certificate texts (parse included) in one process, best of five, and must give the
same verdict and message.

    python benchmarks/bench_checker.py
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def certificates() -> list[tuple[str, str]]:
    """The corpus's least-squares certificates, and one fitted on bb4."""
    from arcot.pipeline import certify

    out = [(p.name, p.read_text()) for p in sorted((ROOT / "proofs" / "valid")
                                                    .glob("*lstsq*.json"))]
    r = certify("zoo:bb4", learner="lstsq", features="pairwise")
    assert r.certificate is not None
    out.append(("bb4 lstsq pairwise windows (fitted here)", r.certificate.to_text()))
    return out


def best(fn, repeat: int = 5) -> float:
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def main() -> None:
    from arcot.verify import checker

    print(f"{'certificate':44s} {'common denominator s':>21} {'fractions s':>12} "
          f"{'ratio':>6}")
    for name, text in certificates():
        fast = checker.check(text)
        t_fast = best(lambda text=text: checker.check(text))
        keep = checker.common_denominator
        checker.common_denominator = lambda table: (table, 1)  # type: ignore[assignment]
        try:
            slow = checker.check(text)
            t_slow = best(lambda text=text: checker.check(text))
        finally:
            checker.common_denominator = keep
        assert fast == slow and fast[0] == checker.VERIFIED, (fast, slow)
        print(f"{name:44s} {t_fast:>21.3f} {t_slow:>12.3f} {t_slow / t_fast:>5.1f}x")


if __name__ == "__main__":
    main()
