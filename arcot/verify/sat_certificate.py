"""Checking a SAT minimum's two bounds: the witness in integers, the lower
bound by the trusted DRUP checker.

:func:`check_drup` is the Python face of :mod:`arcot.verify.drup` (the
standard-library checker): the same verdicts, with a size limit checked
before any work (:class:`~arcot.errors.SizeLimitExceeded`).
:func:`check_unsat_certificate` checks an
:class:`~arcot.length.sat.UnsatCertificate`: its CNF must be exactly what
:func:`arcot.length.sat.chain_cnf` writes for its function and length (so
the proof refutes the documented encoding, not some other formula), and
the proof must refute it. :func:`check_sat_minimum` checks both bounds of
a :class:`~arcot.length.sat.SatMinimum`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from arcot.circuit import check_function
from arcot.errors import LengthError, SizeLimitExceeded
from arcot.length.sat import SatMinimum, UnsatCertificate, chain_cnf
from arcot.verify import drup

__all__ = [
    "MAX_PROOF_BYTES",
    "DrupVerdict",
    "MinimumCheck",
    "check_drup",
    "check_sat_minimum",
    "check_unsat_certificate",
]

#: The largest CNF or proof text :func:`check_drup` accepts (each).
MAX_PROOF_BYTES = drup.MAX_MIB << 20


@dataclass(frozen=True, slots=True)
class DrupVerdict:
    """The checker's verdict: ``"verified"``, ``"rejected"`` or
    ``"malformed"``, and its message (the first failing lemma, or the
    malformed line)."""

    verdict: str
    message: str

    @property
    def verified(self) -> bool:
        return self.verdict == drup.VERIFIED


def check_drup(
    cnf: str, proof: str, *, max_bytes: int = MAX_PROOF_BYTES,
    backward: bool = False,
) -> DrupVerdict:
    """Check that the DRUP ``proof`` refutes the DIMACS ``cnf`` (both text);
    ``backward`` checks only the lemmas the refutation uses (the same
    claim, see :mod:`arcot.verify.drup`; much faster on solver proofs).

    Raises :class:`~arcot.errors.SizeLimitExceeded` before any work when
    either is longer than ``max_bytes``.

    >>> check_drup("p cnf 1 2\\n1 0\\n-1 0\\n", "0\\n").verdict
    'verified'
    >>> check_drup("p cnf 2 1\\n1 2 0\\n", "1 0\\n0\\n").verdict
    'rejected'
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise LengthError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    for name, text in (("CNF", cnf), ("proof", proof)):
        if not isinstance(text, str):
            raise LengthError(f"the {name} must be text, got {type(text).__name__}")
        if len(text) > max_bytes:
            raise SizeLimitExceeded(
                f"the {name} has {len(text)} characters, past the DRUP checker's "
                f"limit of {max_bytes}"
            )
    return DrupVerdict(*drup.check(cnf, proof, backward=backward))


def check_unsat_certificate(
    certificate: UnsatCertificate, *, max_bytes: int = MAX_PROOF_BYTES,
    backward: bool = False,
) -> DrupVerdict:
    """Check the certificate: its CNF is :func:`~arcot.length.sat.chain_cnf`
    of its table and length (else ``"rejected"``), and its proof refutes it
    (``backward``: as :func:`check_drup`).

    >>> from arcot.length.sat import minimum_length_sat
    >>> best = minimum_length_sat(lambda x: sum(x) % 2, 3)
    >>> check_unsat_certificate(best.lower_bound).verified
    True
    """
    if not isinstance(certificate, UnsatCertificate):
        raise LengthError(f"expected an UnsatCertificate, got {certificate!r}")
    expected = chain_cnf(certificate.table, certificate.n, certificate.length,
                         symmetry=certificate.symmetry).dimacs()
    if certificate.cnf != expected:
        return DrupVerdict(drup.REJECTED, (
            f"the certificate's CNF is not chain_cnf of its table for n="
            f"{certificate.n}, length {certificate.length}"))
    return check_drup(certificate.cnf, certificate.proof, max_bytes=max_bytes,
                      backward=backward)


@dataclass(frozen=True, slots=True, kw_only=True)
class MinimumCheck:
    """Both bounds of a :class:`~arcot.length.sat.SatMinimum` checked.

    ``upper``: the witness computes ``f`` on every input (integers).
    ``lower``: the DRUP verdict on the certificate for ``tokens - 1``, or
    ``None`` when ``tokens == 1`` (no shorter CoT to rule out); ``exact``
    when both hold (a result without a certificate is never exact).
    """

    tokens: int
    upper: bool
    lower: DrupVerdict | None
    exact: bool


def check_sat_minimum(
    result: SatMinimum, function: Callable[[tuple[int, ...]], object],
    *, max_bytes: int = MAX_PROOF_BYTES, backward: bool = False,
) -> MinimumCheck:
    """Re-check a SAT minimum of ``function``: the witness on all ``2^n``
    inputs, and the lower bound's certificate (its table must be
    ``function``'s; ``backward``: as :func:`check_drup`).

    >>> from arcot.length.sat import minimum_length_sat
    >>> parity = lambda x: sum(x) % 2
    >>> check_sat_minimum(minimum_length_sat(parity, 4), parity).exact
    True
    """
    if not isinstance(result, SatMinimum):
        raise LengthError(f"expected a SatMinimum, got {result!r}")
    upper = check_function(result.circuit, function).verified and \
        result.circuit.n_inputs == result.n
    if result.tokens == 1:
        return MinimumCheck(tokens=1, upper=upper, lower=None, exact=upper)
    cert = result.lower_bound
    if cert is None:
        return MinimumCheck(tokens=result.tokens, upper=upper, lower=None, exact=False)
    lower = check_unsat_certificate(cert, max_bytes=max_bytes, backward=backward)
    if lower.verified and (cert.length != result.tokens - 1 or cert.n != result.n):
        lower = DrupVerdict(drup.REJECTED, (
            f"the certificate refutes length {cert.length} on {cert.n} bits, "
            f"not {result.tokens - 1} on {result.n}"))
    if lower.verified:
        from arcot.circuit import truth_table

        if tuple(int(v) for v in truth_table(function, result.n)) != cert.table:
            lower = DrupVerdict(drup.REJECTED,
                                "the certificate is for another function's table")
    return MinimumCheck(tokens=result.tokens, upper=upper, lower=lower,
                        exact=upper and lower.verified)
