"""Exact verification and certificates (``checker`` is the trusted part).

- :func:`verify_exact` checks a tableau predictor against a machine in
  exact arithmetic (scopes ``windows``, ``inputs:N``, ``sample:K``).
- :func:`make_certificate` writes a ``windows``-scope proof as a versioned
  JSON document; :func:`check_certificate` re-checks one with arcot's own
  machinery.
- :mod:`arcot.verify.checker` is the small trusted checker: standard library
  only, nothing imported from arcot (``python -m arcot.verify.checker CERT``).
"""

from arcot.verify.certificate import (
    Certificate,
    check_certificate,
    make_certificate,
)
from arcot.verify.exact import (
    Counterexample,
    Scope,
    VerificationResult,
    WindowDecision,
    checked_windows,
    verify_exact,
    window_decisions,
)

__all__ = [
    "Certificate",
    "Counterexample",
    "Scope",
    "VerificationResult",
    "WindowDecision",
    "check_certificate",
    "checked_windows",
    "make_certificate",
    "verify_exact",
    "window_decisions",
]
