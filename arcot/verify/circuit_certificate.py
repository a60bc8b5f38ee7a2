"""Circuit-encoding certificates: the gate table of
:mod:`arcot.verify.gates` with a hint per window, made, read and
re-checked with arcot's own machinery.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from arcot.cot import HeadCell, Tableau, as_tableau
from arcot.errors import (
    CertificateError,
    CertificateRejected,
    MalformedCertificate,
)
from arcot.machine import TuringMachine, parse_tm
from arcot.verify.document import (
    _TEXT,
    FORMAT,
    VERSION,
    _digest,
    _Document,
    _hint_rows,
    _in_standard_text,
    _integer,
    _load,
    _parse_common,
    _renaming_field,
    _renaming_problem,
    _terms_problem,
)
from arcot.verify.gates import (
    _GATE_SLOTS,
    CircuitGates,
    GateDecision,
    _gate_terms,
    circuit_gates,
    decide_gate_windows,
)

__all__ = ["CircuitCertificate", "make_circuit_certificate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitCertificate(_Document):
    """A circuit-encoding certificate (``proofs/README.md``, 'Circuit').

    ``gates`` is the gate table, ``hints`` every window of the ``windows``
    scope in checking order with the local rule's token and the least gate
    slack; ``count`` and ``min_margin`` the claimed totals.
    """

    machine: str
    gates: CircuitGates
    hints: tuple[GateDecision, ...]
    count: int
    min_margin: int
    renaming: Mapping[str, Any] | None = None
    producer: str | None = None
    why_invalid: str | None = None
    sha256: str | None = None

    scope = "windows"
    features = "threshold"

    def __post_init__(self) -> None:
        if not isinstance(self.machine, str) or not _TEXT.fullmatch(self.machine):
            raise CertificateError(
                f"machine {self.machine!r} is not compact standard text"
            )
        if not isinstance(self.gates, CircuitGates):
            raise CertificateError(f"gates must be CircuitGates, got {self.gates!r}")
        object.__setattr__(self, "hints", tuple(self.hints))
        for name in ("count", "min_margin"):
            if type(getattr(self, name)) is not int:
                raise CertificateError(
                    f"{name} must be an integer, got {getattr(self, name)!r}"
                )

    def to_json(self) -> dict[str, Any]:
        """The certificate document, sealed with its SHA-256.

        >>> from arcot.zoo import get
        >>> doc = make_circuit_certificate(get("bb2")).to_json()
        >>> doc["encoding"]["name"], doc["hints"]["count"]
        ('circuit', 144)
        >>> doc["weights"]["(A,0)"]
        {'threshold': 2, 'M': {'0': 1}, 'R': {'(B,0)': 1}}
        """
        order = {n: i for i, n in enumerate(self.gates.cells)}
        weights: dict[str, Any] = {}
        for v in self.gates.cells:
            gate: dict[str, Any] = {"threshold": self.gates.thresholds[v]}
            row = self.gates.weights[v]
            for slot in _GATE_SLOTS:
                got = sorted(
                    (order[u], u, w) for (s, u), w in row.items() if s == slot
                )
                if got:
                    gate[slot] = {u: w for _, u, w in got}
            weights[v] = gate
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "machine": self.machine,
            "encoding": {"name": "circuit", "cells": list(self.gates.cells),
                         "boundary": "zero"},
            "features": self.features,
            "scope": self.scope,
            "weights": weights,
            "hints": {
                "count": self.count,
                "min_margin": self.min_margin,
                "windows": [[h.left, h.middle, h.right, h.expected, h.margin]
                            for h in self.hints],
            },
        }
        return self._sealed(doc)

    @classmethod
    def from_json(cls, doc: object) -> CircuitCertificate:
        """Parse a circuit certificate (a dict or JSON text); the form only.

        Raises :class:`~arcot.errors.MalformedCertificate` with the JSON path.
        """
        if isinstance(doc, (str, bytes)):
            doc = _load(doc)
        text, sha = _parse_common(doc)
        assert isinstance(text, str)  # version 2 has no circuit encoding
        assert isinstance(doc, dict)
        enc = doc["encoding"]
        if (not isinstance(enc, dict) or set(enc) != {"name", "cells", "boundary"}
                or enc["name"] != "circuit" or enc["boundary"] != "zero"):
            raise MalformedCertificate(
                "a circuit encoding is exactly name, cells and boundary 'zero'",
                path="$.encoding",
            )
        cells = enc["cells"]
        if (not isinstance(cells, list) or not all(isinstance(c, str) for c in cells)
                or len(set(cells)) != len(cells)):
            raise MalformedCertificate(
                "must be a list of distinct strings", path="$.encoding.cells"
            )
        if doc["features"] != "threshold":
            raise MalformedCertificate(
                "the circuit encoding's gates are 'threshold'", path="$.features"
            )
        if doc["scope"] != "windows" or "inputs" in doc:
            raise MalformedCertificate(
                "a circuit certificate has the windows scope and no inputs",
                path="$.scope",
            )
        gates = _parse_gates(doc["weights"], cells)
        hints, count, least = _parse_gate_hints(doc["hints"], set(cells))
        return cls(
            machine=text, gates=gates, hints=hints, count=count, min_margin=least,
            renaming=doc.get("renaming"), producer=doc.get("producer"),
            why_invalid=doc.get("why_invalid"), sha256=sha,
        )


def _parse_gates(obj: object, cells: list[str]) -> CircuitGates:
    if not isinstance(obj, dict) or set(obj) != set(cells):
        raise MalformedCertificate(
            "must hold one gate per cell, keyed by cell", path="$.weights"
        )
    weights: dict[str, dict[tuple[str, str], int]] = {}
    thresholds: dict[str, int] = {}
    for v, gate in obj.items():
        path = f"$.weights[{json.dumps(v)}]"
        if not (isinstance(gate, dict) and "threshold" in gate
                and set(gate) <= {"threshold", *_GATE_SLOTS}):
            raise MalformedCertificate(
                "must be {threshold, L, M, R} (L, M, R optional)", path=path
            )
        thresholds[v] = _integer(gate["threshold"], f"{path}.threshold",
                                 nonzero=False)
        row = weights.setdefault(v, {})
        for slot in _GATE_SLOTS:
            if slot not in gate:
                continue
            entries = gate[slot]
            if not isinstance(entries, dict) or not entries:
                raise MalformedCertificate(
                    "must be a non-empty object keyed by token names",
                    path=f"{path}.{slot}",
                )
            for u, w in entries.items():
                q = f"{path}.{slot}[{json.dumps(u)}]"
                if u not in cells:
                    raise MalformedCertificate("names a token outside the cells",
                                               path=q)
                row[slot, u] = _integer(w, q, nonzero=True)
    return CircuitGates(cells=tuple(cells), weights=weights, thresholds=thresholds)


def _parse_gate_hints(
    obj: object, known: set[str]
) -> tuple[tuple[GateDecision, ...], int, int]:
    count, least_value, rows = _hint_rows(obj)
    least = _integer(least_value, "$.hints.min_margin", nonzero=False)
    hints = []
    for i, h in enumerate(rows):
        path = f"$.hints.windows[{i}]"
        if not (isinstance(h, list) and len(h) == 5 and all(
            (t is None and j in (0, 2)) or (isinstance(t, str) and t in known)
            for j, t in enumerate(h[:4])
        )):
            raise MalformedCertificate(
                "must be [L or null, M, R or null, output, slack]", path=path
            )
        margin = _integer(h[4], f"{path}[4]", nonzero=False)
        # a hint claims the window, its output and its least slack only; which
        # gate has that slack is the re-check's business (gate "", sums 0)
        hints.append(GateDecision(h[0], h[1], h[2], h[3], margin, "", 0, 0))
    return tuple(hints), count, least


def make_circuit_certificate(
    machine: TuringMachine | Tableau,
    gates: CircuitGates | None = None,
    *,
    why_invalid: str | None = None,
) -> CircuitCertificate:
    """A ``windows`` certificate for the circuit encoding of ``machine``.

    ``gates`` (named after ``machine``'s own tokens) defaults to
    :func:`circuit_gates`, the gates :func:`arcot.circuit.compile_machine`
    builds. As :func:`make_certificate`, the certificate is about the
    machine as the standard text names it (the renaming is recorded), and
    every window is decided before anything is written: raises
    :class:`~arcot.errors.CertificateRejected` (the window, the expected
    token, the wrong gate) if a gate is wrong somewhere, and
    :class:`~arcot.errors.CertificateError` if the format cannot hold the
    machine.

    >>> from arcot.zoo import get
    >>> c = make_circuit_certificate(get("bb3"))
    >>> c.count, c.min_margin
    (186, 1)
    """
    machine = machine.machine if isinstance(machine, Tableau) else machine
    text, renamed, letter, digit = _in_standard_text(machine)
    tableau = as_tableau(renamed)
    if gates is None:
        table = circuit_gates(tableau)
    else:
        names: dict[str, str] = {str(s): digit[s] for s in machine.symbols}
        for q in machine.states:
            if q in letter:
                for a in machine.symbols:
                    names[str(HeadCell(q, a))] = f"({letter[q]},{digit[a]})"
        try:
            table = gates.renamed(names)
        except KeyError as exc:
            raise CertificateError(
                f"cannot certify: the gates name a cell the machine text lacks: {exc}"
            ) from None
    over_terms = _terms_problem(_gate_terms(tableau, table))
    if over_terms is not None:
        raise CertificateError(f"cannot certify: {over_terms}")
    decisions = decide_gate_windows(tableau, table)
    bad = next((d for d in decisions if d.margin <= 0), None)
    if bad is not None:
        window = tuple("outside" if n is None else n
                       for n in (bad.left, bad.middle, bad.right))
        raise CertificateRejected(
            f"cannot certify: on window ({', '.join(window)}) gate {bad.gate} is "
            f"wrong (sum {bad.total}, threshold {bad.threshold}); the machine gives "
            f"{bad.expected} (names of the standard text)",
            step=window, expected=bad.expected, got=bad.gate,
        )
    from arcot._version import __version__

    return CircuitCertificate(
        machine=text,
        gates=table,
        hints=decisions,
        count=len(decisions),
        min_margin=min(d.margin for d in decisions),
        renaming=_renaming_field(machine, letter, digit),
        producer=f"arcot {__version__}",
        why_invalid=why_invalid,
    )


def _is_circuit(doc: object) -> bool:
    enc = doc.get("encoding") if isinstance(doc, dict) else None
    return isinstance(enc, dict) and enc.get("name") == "circuit"


def _check_circuit(doc: object) -> tuple[str, str]:
    """arcot's own re-check of a circuit certificate (untrusted path)."""
    try:
        cert = CircuitCertificate.from_json(doc)
    except MalformedCertificate as exc:
        return "malformed", str(exc)
    assert isinstance(doc, dict)
    machine = parse_tm(cert.machine)
    problem = _renaming_problem(doc, machine)
    if problem is not None:
        return "rejected", problem
    tableau = as_tableau(machine)
    cells = tableau.cell_names
    if cert.gates.cells != cells:
        return "rejected", (
            f"encoding.cells does not match the machine: expected {list(cells)}"
        )
    over_terms = _terms_problem(_gate_terms(tableau, cert.gates))
    if over_terms is not None:
        return "malformed", over_terms
    truth = decide_gate_windows(tableau, cert.gates)
    if len(truth) != len(cert.hints) or cert.count != len(truth):
        return "rejected", (
            f"the scope has {len(truth)} windows; the hints list "
            f"{len(cert.hints)} and claim {cert.count}"
        )
    for i, (t, h) in enumerate(zip(truth, cert.hints, strict=True)):
        window = [t.left, t.middle, t.right]
        where = f"window {i} ({', '.join(n or 'outside' for n in window)})"
        if [h.left, h.middle, h.right] != window:
            return "rejected", f"{where}: the hint is for {[h.left, h.middle, h.right]}"
        if h.expected != t.expected:
            return "rejected", (
                f"{where}: expected {t.expected} by the local rule, the certificate "
                f"claims {h.expected}"
            )
        if t.margin <= 0:
            return "rejected", (
                f"{where}: gate {t.gate} is wrong (sum {t.total}, threshold "
                f"{t.threshold})"
            )
        if h.margin != t.margin:
            return "rejected", (
                f"{where}: the least slack is {t.margin}, claimed {h.margin}"
            )
    least = min(t.margin for t in truth)
    if least != cert.min_margin:
        return "rejected", (
            f"hints.min_margin: the least slack is {least}, claimed {cert.min_margin}"
        )
    if _digest(doc) != cert.sha256:
        return "rejected", "sha256: the document was changed after it was sealed"
    return "verified", f"{len(truth)} windows, every gate right, least slack {least}"
