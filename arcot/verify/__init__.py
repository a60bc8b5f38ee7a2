"""Exact verification and certificates (``checker`` is the trusted part).

- :func:`verify_exact` checks a tableau predictor against a machine in
  exact arithmetic (scopes ``windows``, ``inputs:N``, ``sample:K``).
- :func:`verify_circuit` / :func:`verify_compiled_machine` check the circuit
  encoding's per-position threshold predictors (Thm 3.8, Cor 3.9) by exact
  rollout on every input.
- :func:`make_certificate` writes a ``windows``-scope proof as a versioned
  JSON document; :func:`check_certificate` re-checks one with arcot's own
  machinery.
- :mod:`arcot.verify.checker` is the small trusted checker: standard library
  only, nothing imported from arcot (``python -m arcot.verify.checker CERT``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arcot._lazy import lazy_exports

if TYPE_CHECKING:
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
        verify_circuit,
        verify_compiled_machine,
        verify_exact,
        window_decisions,
    )

# Imported on first use, so that ``from arcot.verify import checker`` (the
# trusted checker, standard library only) loads nothing else.
_LAZY = {
    **dict.fromkeys(("Certificate", "check_certificate", "make_certificate"),
                    "arcot.verify.certificate"),
    **dict.fromkeys(
        ("Counterexample", "Scope", "VerificationResult", "WindowDecision",
         "checked_windows", "verify_circuit", "verify_compiled_machine",
         "verify_exact", "window_decisions"),
        "arcot.verify.exact",
    ),
}
__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)

__all__ = [
    "Certificate",
    "Counterexample",
    "Scope",
    "VerificationResult",
    "WindowDecision",
    "check_certificate",
    "checked_windows",
    "make_certificate",
    "verify_circuit",
    "verify_compiled_machine",
    "verify_exact",
    "window_decisions",
]
