"""The sample scope's statistics: the error rate and its one-sided
Clopper-Pearson upper bound.
"""

from __future__ import annotations

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
    1 - confidence``: the ``confidence`` quantile of
    ``Beta(failures + 1, trials - failures)`` (scipy's; a statistical bound,
    so a float), and 1 when every trial failed.

    >>> round(clopper_pearson_upper(0, 100), 4)  # 1 - 0.05 ** (1 / 100)
    0.0295
    """
    if trials < 1 or not 0 <= failures <= trials:
        raise VerificationError(f"need 0 <= failures <= trials, trials >= 1, got "
                                f"{failures}, {trials}")
    if not 0 < confidence < 1:
        raise VerificationError(f"confidence must be in (0, 1), got {confidence!r}")
    if failures == trials:
        return 1.0
    from scipy.stats import beta  # imported here: only sample scopes need it

    return float(beta.ppf(confidence, failures + 1, trials - failures))
