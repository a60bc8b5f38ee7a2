"""Certificates: a predictor's proof as a versioned JSON document.

A certificate binds a machine (Busy Beaver standard text, or in format
version 2 an object of names), the tableau
encoding (its vocabulary), the feature kind, the scope (``windows``, or
``inputs:N`` with its input alphabet and step budget), the
exact weights keyed by coordinate names, and hints that make checking one
linear pass: for every window of the scope, in a fixed order, the local
rule's output and the predictor's margin. ``proofs/README.md`` specifies
every field; :mod:`arcot.verify.checker` is the small trusted checker.

The standard text renames states to letters (start ``A``) and symbols to
digits (blank ``0``): :func:`make_certificate` certifies the *renamed*
machine, with the predictor's token names renamed to match, and records
the renaming (the checker holds it to be a bijection onto its machine).
A machine the text cannot hold (stay moves, more than 25 states or 10
symbols, a halting start state) gets a format version 2 certificate, which
holds the machine as an object of its own names and no hint rows (the
checker derives every window's output and margin); only names version 2
cannot hold either (a space, a comma, ...) are refused with
:class:`~arcot.errors.CertificateError`.

:func:`make_circuit_certificate` writes the circuit encoding's
certificate: one threshold gate per cell token (:class:`CircuitGates`, the
gates :func:`arcot.circuit.compile_machine` builds), checked on every
window (:func:`decide_gate_windows`).

This module is untrusted: :func:`check_certificate` re-checks a certificate
with arcot's own machinery (parser, local rule, :func:`verify_exact`),
independently of the checker, so the two can be compared.

The code lives in one module a job, re-exported here: ``document`` (what
both kinds share: constants, budget, JSON rules, seal, renaming),
``tableau_certificate``, ``gates`` (the circuit's gate table and its
window decisions) and ``circuit_certificate``.
"""

from __future__ import annotations

from arcot.verify.circuit_certificate import (
    CircuitCertificate,
    make_circuit_certificate,
)
from arcot.verify.document import (
    FORMAT,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_INPUTS,
    MAX_STEPS,
    MAX_TERMS,
    MAX_WORK,
    VERSION,
    dumps,
    seal,
)
from arcot.verify.gates import (
    CircuitGates,
    GateDecision,
    circuit_gates,
    decide_gate_windows,
)
from arcot.verify.tableau_certificate import (
    Certificate,
    check_certificate,
    make_certificate,
)

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_INPUTS",
    "MAX_STEPS",
    "MAX_TERMS",
    "MAX_WORK",
    "VERSION",
    "Certificate",
    "CircuitCertificate",
    "CircuitGates",
    "GateDecision",
    "check_certificate",
    "circuit_gates",
    "decide_gate_windows",
    "dumps",
    "make_certificate",
    "make_circuit_certificate",
    "seal",
]
