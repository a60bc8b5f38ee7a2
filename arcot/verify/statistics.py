"""The sample scope's statistics: the error rate and its one-sided
Clopper-Pearson upper bound.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from arcot.errors import VerificationError
from arcot.verify.scope import Scope

__all__ = ["clopper_pearson_upper"]


def _sample_statistics(sc: Scope, failures: int, n: int) -> dict[str, Any]:
    """The error rate and its 95% Clopper-Pearson bound, for sample scopes."""
    if sc.kind != "sample":
        return {}
    return {
        "error_rate": Fraction(failures, n),
        "error_bound": clopper_pearson_upper(failures, n),
        "confidence": 0.95,
    }


def clopper_pearson_upper(
    failures: int, trials: int, confidence: float = 0.95
) -> float:
    """One-sided Clopper-Pearson upper bound on an error rate.

    The largest ``p`` with ``P[Binomial(trials, p) <= failures] >=
    1 - confidence``, found by bisection (a statistical bound, so floats).

    >>> round(clopper_pearson_upper(0, 100), 4)  # 1 - 0.05 ** (1 / 100)
    0.0295
    """
    if trials < 1 or not 0 <= failures <= trials:
        raise VerificationError(f"need 0 <= failures <= trials, trials >= 1, got "
                                f"{failures}, {trials}")
    if failures == trials:
        return 1.0
    alpha = 1 - confidence

    def cdf(p: float) -> float:
        if p <= 0:
            return 1.0
        if p >= 1:
            return 0.0
        logs = [
            math.lgamma(trials + 1) - math.lgamma(i + 1) - math.lgamma(trials - i + 1)
            + i * math.log(p) + (trials - i) * math.log1p(-p)
            for i in range(failures + 1)
        ]
        top = max(logs)
        return math.exp(top) * sum(math.exp(x - top) for x in logs)

    lo, hi = failures / trials, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if cdf(mid) > alpha:
            lo = mid
        else:
            hi = mid
    return hi
