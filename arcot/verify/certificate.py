"""Certificates: a predictor's proof as a versioned JSON document.

A certificate binds a machine (Busy Beaver standard text), the tableau
encoding (its vocabulary), the feature kind, the scope (``windows``, or
``inputs:N`` with its input alphabet and step budget), the
exact weights keyed by coordinate names, and hints that make checking one
linear pass: for every window of the scope, in a fixed order, the local
rule's output and the predictor's margin. ``proofs/README.md`` specifies
every field; :mod:`arcot.verify.checker` is the small trusted checker.

The standard text renames states to letters (start ``A``) and symbols to
digits (blank ``0``): :func:`make_certificate` certifies the *renamed*
machine, with the predictor's token names renamed to match, and records
the renaming (informational; the checker does not need it). Machines the
format cannot hold (stay moves, more than 25 states or 10 symbols, a
halting start state) are refused with :class:`~arcot.errors.CertificateError`.

:func:`make_circuit_certificate` writes the circuit encoding's
certificate: one threshold gate per cell token (:class:`CircuitGates`, the
gates :func:`arcot.circuit.compile_machine` builds), checked on every
window (:func:`decide_gate_windows`).

This module is untrusted: :func:`check_certificate` re-checks a certificate
with arcot's own machinery (parser, local rule, :func:`verify_exact`),
independently of the checker, so the two can be compared.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import string
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

from arcot.construct import ExactWeights, as_exact, tableau_weights
from arcot.cot import DELIMITER, HeadCell, local_rule, tableau_vocabulary
from arcot.errors import (
    CertificateError,
    CertificateRejected,
    FormatError,
    MachineDefinitionError,
    MalformedCertificate,
    StepLimitExceeded,
)
from arcot.learn.features import Coord, FeatureKind
from arcot.machine import TuringMachine, format_tm, parse_tm
from arcot.verify.exact import verify_exact
from arcot.verify.predictors import as_weights
from arcot.verify.scope import Scope, WindowDecision, fraction_text
from arcot.verify.windows import decide_windows, scope_windows

__all__ = [
    "FORMAT",
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

FORMAT = "arcot-certificate"
VERSION = 1
_REQUIRED = ("format", "version", "machine", "encoding", "features", "scope",
             "weights", "hints", "sha256")
_OPTIONAL = ("inputs", "renaming", "producer", "why_invalid")
#: The checker's budget (proofs/README.md): a document beyond it is malformed.
MAX_INPUTS, MAX_STEPS = 100_000, 1_000_000  # inputs of an inputs:N scope; per run
MAX_WORK = 1_000_000  # input cells plus steps, over every run of an inputs:N scope
MAX_DIGITS, MAX_DEPTH = 1000, 16  # digits of a number; nesting of the JSON
MAX_TERMS = 20_000_000  # weights (or gate weights) summed over all windows
_INPUTS_SCOPE = re.compile("inputs:(0|[1-9][0-9]{0,5})")
_SLOTS = {"additive": {"L": 1, "M": 1, "R": 1}, "pairwise": {"M": 1, "LM": 2, "MR": 2}}
_TEXT = re.compile(r"[0-9A-Z_\-LR]+")
_RATIO = re.compile(r"-?[1-9][0-9]*/[1-9][0-9]*")


def _digest(doc: Mapping[str, Any]) -> str:
    import hashlib

    body = {k: v for k, v in doc.items() if k != "sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def seal(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with its ``sha256`` field set to the digest of the rest.

    The digest is SHA-256 of the canonical JSON (sorted keys, no spaces,
    ASCII) of every field but ``sha256``.
    """
    out = {k: v for k, v in doc.items() if k != "sha256"}
    out["sha256"] = _digest(out)
    return out


def dumps(doc: Mapping[str, Any]) -> str:
    """Readable JSON text: two-space indent, one hint (or flat list) a line."""
    text = json.dumps(doc, indent=2, ensure_ascii=False)

    def flat(m: re.Match[str]) -> str:
        return "[" + re.sub(r",\n\s*", ", ", m.group(1).strip()) + "]"

    return re.sub(r"\[\n\s*([^\[\]{}]*?)\n\s*\]", flat, text) + "\n"


class _Document:
    """What both kinds of certificate share: the optional trailing fields,
    the seal, and the readable text."""

    __slots__ = ()
    renaming: Mapping[str, Any] | None
    producer: str | None
    why_invalid: str | None

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError

    def _sealed(self, doc: dict[str, Any]) -> dict[str, Any]:
        if self.renaming is not None:
            doc["renaming"] = dict(self.renaming)
        if self.producer is not None:
            doc["producer"] = self.producer
        if self.why_invalid is not None:
            doc["why_invalid"] = self.why_invalid
        return seal(doc)

    def to_text(self) -> str:
        """The document as readable JSON text."""
        return dumps(self.to_json())

    def write(self, path: str | Path) -> None:
        """Write the document to ``path``."""
        Path(path).write_text(self.to_text(), encoding="utf-8")


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate(_Document):
    """A certificate's content (see ``proofs/README.md`` for the JSON form).

    ``hints`` are the windows of the scope in checking order, each with the
    local rule's output and the claimed margin; ``count`` and
    ``min_margin`` are the claimed totals. An ``inputs:N`` scope also has
    ``inputs`` (``alphabet``, ``max_steps``); its windows are those of every
    input's own tableau. ``sha256`` is the digest read
    from a document (``None`` for a fresh certificate: :meth:`to_json`
    seals it).
    """

    machine: str
    vocabulary: tuple[str, ...]
    weights: ExactWeights
    hints: tuple[WindowDecision, ...]
    count: int
    min_margin: Fraction
    scope: str = "windows"
    inputs: Mapping[str, Any] | None = None
    renaming: Mapping[str, Any] | None = None
    producer: str | None = None
    why_invalid: str | None = None
    sha256: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.machine, str) or not _TEXT.fullmatch(self.machine):
            raise CertificateError(
                f"machine {self.machine!r} is not compact standard text"
            )
        inputs_scope = isinstance(self.scope, str) and bool(
            _INPUTS_SCOPE.fullmatch(self.scope)
        )
        if self.scope != "windows" and not inputs_scope:
            raise CertificateError(
                f"scope {self.scope!r}: certificates prove 'windows' or 'inputs:N' "
                "(sample scopes are statistics, checked by verify_exact)"
            )
        if inputs_scope != (self.inputs is not None):
            raise CertificateError(
                "an inputs:N scope needs inputs, and only it has them"
            )
        object.__setattr__(self, "vocabulary", tuple(self.vocabulary))
        object.__setattr__(self, "hints", tuple(self.hints))
        object.__setattr__(self, "min_margin", as_exact(self.min_margin,
                                                         name="min_margin"))

    @property
    def features(self) -> str:
        """The feature kind of the weights."""
        return self.weights.kind

    def to_json(self) -> dict[str, Any]:
        """The certificate document, sealed with its SHA-256.

        >>> from arcot.zoo import get
        >>> doc = make_certificate(get("bb2")).to_json()
        >>> doc["machine"], doc["hints"]["count"], doc["hints"]["min_margin"]
        ('1RB1LB_1LA1RZ', 225, 1)
        """
        order = {n: i for i, n in enumerate(self.vocabulary)}

        def rank(name: str) -> tuple[int, str]:
            return (order.get(name, len(order)), name)

        weights: dict[str, Any] = {}
        for y in sorted(self.weights.rows, key=rank):
            row: dict[str, Any] = {}
            coords = sorted(
                self.weights.rows[y],
                key=lambda c: (list(_SLOTS[self.features]).index(c.slot),
                               [rank(v) for v in c.value]),
            )
            for c in coords:
                slot = row.setdefault(c.slot, {})
                for v in c.value[:-1]:
                    slot = slot.setdefault(v, {})
                slot[c.value[-1]] = fraction_text(self.weights.rows[y][c])
            weights[y] = row
        hints: dict[str, Any] = {
            "count": self.count,
            "min_margin": fraction_text(self.min_margin),
        }
        hints["windows"] = [
            [h.left, h.middle, h.right, h.expected, fraction_text(h.margin)]
            for h in self.hints
        ]
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "machine": self.machine,
            "encoding": {
                "name": "tableau", "delimiter": DELIMITER,
                "vocabulary": list(self.vocabulary),
            },
            "features": self.features,
            "scope": self.scope,
            "weights": weights,
            "hints": hints,
        }
        if self.inputs is not None:
            doc["inputs"] = {
                "alphabet": list(self.inputs["alphabet"]),
                "max_steps": self.inputs["max_steps"],
            }
        return self._sealed(doc)

    @classmethod
    def from_json(cls, doc: object) -> Certificate:
        """Parse a certificate document (a dict or JSON text).

        Raises :class:`~arcot.errors.MalformedCertificate` naming the JSON
        path of the first problem. Parsing checks the form only; whether
        the claims are true is :func:`check_certificate`'s business.
        """
        if isinstance(doc, (str, bytes)):
            doc = _load(doc)
        text, sha = _parse_common(doc)
        assert isinstance(doc, dict)
        enc = doc["encoding"]
        if not isinstance(enc, dict) or set(enc) != {"name", "delimiter", "vocabulary"}:
            raise MalformedCertificate(
                "needs exactly name, delimiter, vocabulary", path="$.encoding"
            )
        if enc["name"] != "tableau" or enc["delimiter"] != DELIMITER:
            raise MalformedCertificate(
                "the encodings are tableau (delimiter '#') and circuit",
                path="$.encoding",
            )
        vocab = enc["vocabulary"]
        if (
            not isinstance(vocab, list)
            or not all(isinstance(t, str) for t in vocab)
            or len(set(vocab)) != len(vocab)
        ):
            raise MalformedCertificate(
                "must be a list of distinct strings", path="$.encoding.vocabulary"
            )
        kind = doc["features"]
        if not isinstance(kind, str) or kind not in _SLOTS:
            raise MalformedCertificate(
                "must be 'additive' or 'pairwise'", path="$.features"
            )
        scope = doc["scope"]
        n = _INPUTS_SCOPE.fullmatch(scope) if isinstance(scope, str) else None
        if n is not None and int(n.group(1)) > MAX_INPUTS:
            n = None
        if scope != "windows" and n is None:
            raise MalformedCertificate(
                "must be 'windows' or 'inputs:N' with N a canonical decimal "
                f"0..{MAX_INPUTS}", path="$.scope"
            )
        if (n is None) == ("inputs" in doc):
            raise MalformedCertificate(
                "required with an inputs:N scope, and only then", path="$.inputs"
            )
        inputs = None
        if n is not None:
            inputs = _parse_inputs(doc["inputs"], parse_tm(text), int(n.group(1)))
        rows = _parse_weights(doc["weights"], kind, set(vocab))
        hints, count, least = _parse_hints(doc["hints"], set(vocab))
        return cls(
            machine=text, vocabulary=tuple(vocab),
            weights=ExactWeights(kind=cast(FeatureKind, kind), rows=rows),
            hints=hints, count=count, min_margin=least, scope=scope, inputs=inputs,
            renaming=doc.get("renaming"),
            producer=doc.get("producer"), why_invalid=doc.get("why_invalid"),
            sha256=sha,
        )



def _parse_common(doc: object) -> tuple[str, str]:
    """The fields every encoding shares; returns (machine text, sha256)."""
    if not isinstance(doc, dict):
        raise MalformedCertificate("a certificate is a JSON object", path="$")
    for key in _REQUIRED:
        if key not in doc:
            raise MalformedCertificate("missing", path=f"$.{key}")
    for key in doc:
        if key not in _REQUIRED + _OPTIONAL:
            raise MalformedCertificate("unknown field", path=_member("$", key))
    if doc["format"] != FORMAT:
        raise MalformedCertificate(f"must be {FORMAT!r}", path="$.format")
    if type(doc["version"]) is not int or doc["version"] != VERSION:
        raise MalformedCertificate(
            f"{_show(doc['version'])}: arcot reads version {VERSION}",
            path="$.version",
        )
    for key in ("producer", "why_invalid"):
        if key in doc and not isinstance(doc[key], str):
            raise MalformedCertificate("must be a string", path=f"$.{key}")
    if "renaming" in doc:
        _parse_renaming(doc["renaming"])
    sha = doc["sha256"]
    if not isinstance(sha, str) or not re.fullmatch("[0-9a-f]{64}", sha):
        raise MalformedCertificate(
            "must be 64 lowercase hex digits", path="$.sha256"
        )
    text = doc["machine"]
    if not isinstance(text, str) or not _TEXT.fullmatch(text):
        raise MalformedCertificate(
            f"{_show(text)} is not compact standard text", path="$.machine"
        )
    try:
        parse_tm(text)
    except MachineDefinitionError as exc:
        raise MalformedCertificate(str(exc), path="$.machine") from None
    return text, sha


def _load(text: str | bytes) -> Any:
    """JSON text -> object, with the checker's rules: no duplicate keys, no
    NaN/Infinity (nor a number that overflows to it), at most MAX_DEPTH
    levels of nesting."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise ValueError(f"duplicate key {k!r}")
            out[k] = v
        return out

    def constant(word: str) -> Any:
        raise ValueError(f"{word} is not JSON")

    def real(word: str) -> float:
        x = float(word)
        if math.isinf(x):
            raise ValueError(f"{word[:20]} overflows to infinity")
        return x

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant,
                         parse_float=real)
    except (ValueError, RecursionError) as exc:
        raise MalformedCertificate(f"not JSON: {str(exc)[:200]}", path="$") from None
    stack = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise MalformedCertificate(
                f"nested deeper than {MAX_DEPTH} levels", path="$"
            )
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return doc


def _as_document(doc: object) -> Any:
    """A certificate given as text or as parsed JSON, read with :func:`_load`
    either way (so both get the same limits)."""
    if not isinstance(doc, (str, bytes)):
        try:
            doc = json.dumps(doc, allow_nan=False)
        except (ValueError, TypeError, RecursionError) as exc:
            raise MalformedCertificate(
                f"not JSON: {str(exc)[:200]}", path="$"
            ) from None
    return _load(doc)


def _member(path: str, key: str) -> str:
    """The JSON path of ``key`` under ``path``, quoted unless a plain name."""
    if re.fullmatch("[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key)}]"


def _show(value: object) -> str:
    """A short quotation of a JSON value for a message."""
    if isinstance(value, int) and abs(value) >= 10**60:
        return "int"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_renaming(obj: object) -> None:
    """{"states": {LETTER: NAME}, "symbols": {DIGIT: NAME}}, optionally
    "dropped": {"states": [NAME], "coordinates": [[OUTPUT, SLOT, TOKEN...]]}."""
    if not (isinstance(obj, dict) and {"states", "symbols"} <= set(obj)
            <= {"states", "symbols", "dropped"}):
        raise MalformedCertificate(
            "must be {states, symbols} (and dropped)", path="$.renaming"
        )
    for key in ("states", "symbols"):
        part = obj[key]
        if not (isinstance(part, dict)
                and all(isinstance(v, str) for v in part.values())):
            raise MalformedCertificate(
                "must map names to strings", path=f"$.renaming.{key}"
            )
    if "dropped" in obj:
        gone = obj["dropped"]
        if not isinstance(gone, dict) or set(gone) != {"coordinates", "states"}:
            raise MalformedCertificate(
                "must be {states, coordinates}", path="$.renaming.dropped"
            )
        _distinct_strings(gone["states"], "$.renaming.dropped.states")
        coords = gone["coordinates"]
        if not isinstance(coords, list):
            raise MalformedCertificate(
                "must be a list", path="$.renaming.dropped.coordinates"
            )
        for i, c in enumerate(coords):
            path = f"$.renaming.dropped.coordinates[{i}]"
            if not (isinstance(c, list) and len(c) in (3, 4)
                    and all(isinstance(x, str) for x in c)):
                raise MalformedCertificate(
                    "must be [OUTPUT, SLOT, TOKEN] or [OUTPUT, SLOT, TOKEN, TOKEN]",
                    path=path,
                )


def _distinct_strings(obj: object, path: str) -> list[str]:
    if not (isinstance(obj, list) and all(isinstance(x, str) for x in obj)):
        raise MalformedCertificate("must be a list of strings", path=path)
    if len(set(obj)) != len(obj):
        raise MalformedCertificate("names a value twice", path=path)
    return obj


def _terms_problem(terms: int) -> str | None:
    """Why scoring ``terms`` weights is beyond the checker's budget."""
    if terms <= MAX_TERMS:
        return None
    return (f"$.weights: scoring the windows adds {terms} weights, more than "
            f"the budget of {MAX_TERMS}")


def _weight_terms(
    weights: ExactWeights,
    machine: TuringMachine,
    windows: Sequence[tuple[int, int, int]],
) -> int:
    """How many weights scoring every window adds (the checker's cost)."""
    from arcot.learn.features import window_coords

    vocab = tableau_vocabulary(machine)
    by_coord = weights.by_coord
    return sum(len(by_coord.get(c, ())) for a, b, d in windows
               for c in window_coords(weights.kind, vocab, a, b, d))


def _gate_terms(machine: TuringMachine, gates: CircuitGates) -> int:
    """How many gate weights summing every window adds (the checker's cost),
    over the windows :func:`decide_gate_windows` decides."""
    vocab = tableau_vocabulary(machine)
    cells = [(n, isinstance(t, HeadCell)) for n, t in
             zip(vocab.names, vocab.tokens, strict=True) if n != DELIMITER]
    fan: dict[tuple[str, str], int] = {}
    for v in gates.cells:
        for key in gates.weights[v]:
            fan[key] = fan.get(key, 0) + 1
    side = [(None, False), *cells]
    total = 0
    for ln, lh in side:
        for mn, mh in cells:
            if lh + mh > 1:
                continue
            base = (fan.get(("L", ln), 0) if ln else 0) + fan.get(("M", mn), 0)
            for rn, rh in side:
                if not (rh and lh + mh):
                    total += base + (fan.get(("R", rn), 0) if rn else 0)
    return total


def _renaming_problem(
    doc: Mapping[str, Any], machine: TuringMachine
) -> str | None:
    """Why the renaming is not a bijection onto the machine's states and
    symbols (``None`` when it is, or there is none)."""
    ren = doc.get("renaming")
    if ren is None:
        return None
    for key, domain in (("states", machine.states), ("symbols", machine.symbols)):
        part = ren[key]
        if sorted(part) != sorted(str(x) for x in domain):
            return (f"renaming.{key} names {sorted(part)}; the machine has "
                    f"{sorted(str(x) for x in domain)}")
        if len(set(part.values())) != len(part):
            return f"renaming.{key}: two {key} have one name"
    gone = ren.get("dropped", {}).get("states", [])
    if set(gone) & set(ren["states"].values()):
        return "renaming.dropped.states names a state the machine keeps"
    return None


def _number(value: object, path: str, *, nonzero: bool) -> Fraction:
    if type(value) is int:
        if nonzero and value == 0:
            raise MalformedCertificate("zero weights must be left out", path=path)
        if abs(value) >= 10**MAX_DIGITS:
            raise MalformedCertificate(f"more than {MAX_DIGITS} digits", path=path)
        return Fraction(value)
    if isinstance(value, str) and _RATIO.fullmatch(value):
        if max(len(x.lstrip("-")) for x in value.split("/")) > MAX_DIGITS:
            raise MalformedCertificate(f"more than {MAX_DIGITS} digits", path=path)
        x = as_exact(value)
        if x.denominator > 1 and f"{x.numerator}/{x.denominator}" == value:
            return x
    raise MalformedCertificate(
        f"{_show(value)} is not an integer or a 'p/q' in lowest terms", path=path
    )


def _parse_weights(
    obj: object, kind: str, known: set[str]
) -> dict[str, dict[Coord, Fraction]]:
    if not isinstance(obj, dict):
        raise MalformedCertificate("must be an object", path="$.weights")
    rows: dict[str, dict[Coord, Fraction]] = {}
    for y, row in obj.items():
        path = f"$.weights[{json.dumps(y)}]"
        if y not in known or not isinstance(row, dict) or not row:
            raise MalformedCertificate(
                "must be a vocabulary token -> non-empty object", path=path
            )
        out: dict[Coord, Fraction] = {}
        for slot, entries in row.items():
            if slot not in _SLOTS[kind]:
                raise MalformedCertificate(
                    f"not a slot of {kind} features",
                    path=_member(path, slot),
                )
            stack: list[tuple[tuple[str, ...], object, str]] = [
                ((), entries, f"{path}.{slot}")
            ]
            while stack:
                toks, node, p = stack.pop()
                if len(toks) == _SLOTS[kind][slot]:
                    out[Coord(slot, toks)] = _number(node, p, nonzero=True)
                    continue
                if not isinstance(node, dict) or not node:
                    raise MalformedCertificate(
                        "must be a non-empty object keyed by token names", path=p
                    )
                for t, v in node.items():
                    q = f"{p}[{json.dumps(t)}]"
                    if t not in known:
                        raise MalformedCertificate(
                            "names a token outside the vocabulary", path=q
                        )
                    stack.append(((*toks, t), v, q))
        rows[y] = out
    return rows


def _parse_inputs(obj: object, machine: TuringMachine, n: int) -> dict[str, Any]:
    if not isinstance(obj, dict) or set(obj) != {"alphabet", "max_steps"}:
        raise MalformedCertificate(
            "needs exactly alphabet, max_steps", path="$.inputs"
        )
    alphabet, max_steps = obj["alphabet"], obj["max_steps"]
    symbols = [str(s) for s in machine.symbols]
    if (
        not isinstance(alphabet, list)
        or not all(isinstance(a, str) and a in symbols for a in alphabet)
        or len(set(alphabet)) != len(alphabet)
    ):
        raise MalformedCertificate(
            "must be distinct machine symbols", path="$.inputs.alphabet"
        )
    if type(max_steps) is not int or not 0 <= max_steps <= MAX_STEPS:
        raise MalformedCertificate(
            f"must be an integer 0..{MAX_STEPS}", path="$.inputs.max_steps"
        )
    words, work = _count_words(len(alphabet), n)
    if words > MAX_INPUTS:
        raise MalformedCertificate(f"more than {MAX_INPUTS} inputs to check",
                                   path="$.scope")
    if work > MAX_WORK:
        raise MalformedCertificate(
            f"the inputs hold more than {MAX_WORK} cells", path="$.scope"
        )
    return {"alphabet": alphabet, "max_steps": max_steps}


def _count_words(letters: int, n: int) -> tuple[int, int]:
    """(words of length 0..n, their lengths plus one, summed), counting
    stopped once either passes the budget."""
    words = work = 0
    for k in range(n + 1):
        count = letters**k
        words, work = words + count, work + count * (k + 1)
        if letters == 0 or words > MAX_INPUTS or work > MAX_WORK:
            break
    return words, work


def _budget_runs(
    machine: TuringMachine, n: int, max_steps: int
) -> tuple[str, str] | None:
    """Run every input of length <= n as the checker does, in its order:
    ``("rejected", why)`` for a run that does not stop within
    ``max_steps``, ``("malformed", why)`` once the runs pass the budget of
    MAX_WORK input cells and steps, else ``None``."""
    from arcot.machine import run

    alphabet = tuple(machine.input_symbols or ())
    left = MAX_WORK - _count_words(len(alphabet), n)[1]
    for k in range(n + 1):
        for word in itertools.product(alphabet, repeat=k):
            r = run(machine, word, max_steps=min(max_steps, left))
            if not r.halted:
                if max_steps <= left:
                    return "rejected", (
                        f"the run on input {''.join(map(str, word))!r} does not "
                        f"stop within max_steps = {max_steps}"
                    )
                return "malformed", (
                    f"$.scope: the runs take more than the budget of {MAX_WORK} "
                    "input cells and steps"
                )
            left -= r.steps
        if not alphabet:
            break
    return None


def _parse_hints(
    obj: object, known: set[str]
) -> tuple[tuple[WindowDecision, ...], int, Fraction]:
    if not isinstance(obj, dict) or set(obj) != {"count", "min_margin", "windows"}:
        raise MalformedCertificate(
            "needs exactly count, min_margin, windows", path="$.hints"
        )
    count = _integer(obj["count"], "$.hints.count", nonzero=False)
    least = _number(obj["min_margin"], "$.hints.min_margin", nonzero=False)
    if not isinstance(obj["windows"], list):
        raise MalformedCertificate("must be a list", path="$.hints.windows")
    hints = []
    for i, h in enumerate(obj["windows"]):
        path = f"$.hints.windows[{i}]"
        if not (
            isinstance(h, list)
            and len(h) == 5
            and all(isinstance(t, str) and t in known for t in h[:4])
        ):
            raise MalformedCertificate(
                "must be [L, M, R, output, margin] of tokens", path=path
            )
        margin = _number(h[4], f"{path}[4]", nonzero=False)
        hints.append(WindowDecision(h[0], h[1], h[2], h[3], margin))
    return tuple(hints), count, least


# -- making and checking -----------------------------------------------


def _renaming(
    machine: TuringMachine, text: str, renamed: TuringMachine
) -> tuple[dict[Any, str], dict[Any, str]]:
    """The state -> letter and symbol -> digit maps format_tm applied."""
    working = [machine.start] + [
        s for s in machine.states
        if s != machine.start and s not in machine.halt_states
    ]
    letter = {s: string.ascii_uppercase[i] for i, s in enumerate(working)}
    digit = {s: str(i) for i, s in enumerate(machine.symbols)}
    groups = text.split("_")
    for (q, a), t in machine.transitions.items():
        j = 3 * machine.symbol_index(a)
        letter.setdefault(t.next_state, groups[working.index(q)][j + 2])
    for (q, a), t in machine.transitions.items():  # the maps must explain the text
        got = renamed.transitions.get((letter[q], digit[a]))
        if got != (digit[t.write], t.move, letter[t.next_state]):  # pragma: no cover
            raise CertificateError(f"internal: renaming of ({q!r}, {a!r}) failed")
    return letter, digit


def _with_inputs(machine: TuringMachine, alphabet: Sequence[str]) -> TuringMachine:
    """``machine`` with input alphabet ``alphabet``."""
    return TuringMachine(
        states=machine.states, symbols=machine.symbols, start=machine.start,
        transitions=dict(machine.transitions), halt_states=machine.halt_states,
        blank=machine.blank, input_symbols=tuple(alphabet), name=machine.name,
    )


def _in_standard_text(
    machine: TuringMachine,
) -> tuple[str, TuringMachine, Any, Any]:
    """The machine as certificates hold it: its standard text, the machine that
    text parses to, and the renaming of states and symbols between the two.

    Raises :class:`~arcot.errors.CertificateError` when the text cannot hold
    the machine, or two states (or symbols) have one name: the certificate
    names tokens by their text, so it could not say which is which.
    """
    try:
        text = format_tm(machine)
    except FormatError as exc:
        raise CertificateError(
            f"cannot certify: the standard text format cannot hold this machine: {exc}"
        ) from None
    for what, items in (("states", machine.states), ("symbols", machine.symbols)):
        named = [str(x) for x in items]
        twice = sorted({n for n in named if named.count(n) > 1})
        if twice:
            raise CertificateError(
                f"cannot certify: two {what} are both named {twice[0]!r}; a "
                "certificate names them by their text"
            )
    renamed = parse_tm(text)
    letter, digit = _renaming(machine, text, renamed)
    return text, renamed, letter, digit


def _token_names(
    machine: TuringMachine, letter: Mapping[Any, str], digit: Mapping[Any, str]
) -> dict[str, str | None]:
    """Each token name of ``machine``'s tableau vocabulary -> its name in the
    standard text, ``None`` for the heads of a halt state the text drops
    (one that no transition enters: it has no letter)."""
    names: dict[str, str | None] = {DELIMITER: DELIMITER}
    names.update({str(s): digit[s] for s in machine.symbols})
    for q in machine.states:
        for a in machine.symbols:
            names[str(HeadCell(q, a))] = (
                f"({letter[q]},{digit[a]})" if q in letter else None
            )
    return names


def _renamed_weights(
    weights: ExactWeights, names: Mapping[str, str | None]
) -> tuple[ExactWeights, list[list[str]]]:
    """The weights in standard-text names, and the weights dropped (as
    ``[output, slot, token...]`` in the machine's names).

    Every weight that names a head the text drops goes (a name outside the
    machine's vocabulary is an error); :func:`_same_decisions` then makes
    sure that dropping them changed no margin in the scope.
    """
    rows: dict[str, dict[Coord, Fraction]] = {}
    dropped: list[list[str]] = []
    for y, row in weights.rows.items():
        for v in (y, *(v for c in row for v in c.value)):
            if v not in names:
                raise CertificateError(
                    f"cannot certify: the weights name {v!r}, which is not a token "
                    "of the machine's tableau vocabulary"
                )
        new_y = names[y]
        out: dict[Coord, Fraction] = {}
        for c, w in row.items():
            renamed = [names[v] for v in c.value]
            if new_y is None or any(v is None for v in renamed):
                dropped.append([y, c.slot, *c.value])
            else:
                out[Coord(c.slot, tuple(v for v in renamed if v is not None))] = w
        if new_y is not None:
            rows[new_y] = out
    return ExactWeights(kind=weights.kind, rows=rows), sorted(dropped)


def _same_decisions(
    original: ExactWeights,
    machine: TuringMachine,
    names: Mapping[str, str | None],
    decisions: Sequence[WindowDecision],
) -> None:
    """Raise unless the user's predictor on the user's machine has exactly
    the margins the certificate states, on every window of the scope: the
    weights dropped (on heads no run shows) must not change an argmax."""
    back = {v: k for k, v in names.items() if v is not None}
    vocab = tableau_vocabulary(machine)
    index = {n: i for i, n in enumerate(vocab.names)}
    windows = [(index[back[d.left]], index[back[d.middle]], index[back[d.right]])
               for d in decisions]
    for d, mine in zip(decisions, decide_windows(original, machine, windows),
                       strict=True):
        if mine.margin != d.margin or mine.expected != back[d.expected]:
            raise CertificateError(
                "cannot certify: the weights on tokens the standard text cannot "
                f"hold ({', '.join(n for n, v in names.items() if v is None)}: "
                "heads of a halt state no transition enters) change the margin "
                f"on window ({mine.left}, {mine.middle}, {mine.right}) from "
                f"{mine.margin} to {d.margin}, so a certificate would be about "
                "another predictor: remove those weights"
            )


def _renaming_field(
    machine: TuringMachine, letter: Mapping[Any, str], digit: Mapping[Any, str],
    dropped_coordinates: Sequence[Sequence[str]] = (),
) -> dict[str, Any]:
    """The certificate's renaming: standard-text name -> the machine's name, and
    what the text drops (halt states no transition enters, and any weights
    on their heads)."""
    out: dict[str, Any] = {
        "states": {v: str(k) for k, v in letter.items()},
        "symbols": {v: str(k) for k, v in digit.items()},
    }
    gone = [str(q) for q in machine.states if q not in letter]
    if gone or dropped_coordinates:
        out["dropped"] = {"states": gone,
                          "coordinates": [list(c) for c in dropped_coordinates]}
    return out


def make_certificate(
    machine: TuringMachine,
    predictor: object | None = None,
    *,
    features: str = "additive",
    scope: str | Scope = "windows",
    max_steps: int = 10_000,
    why_invalid: str | None = None,
) -> Certificate:
    """A certificate for ``predictor`` on ``machine`` in ``scope``.

    ``scope`` is ``windows`` (every local window: every run on every input)
    or ``inputs:N`` (the windows the own tableaux of every input of length
    <= N show, each run within ``max_steps``: the tableau
    :func:`~arcot.learn.rollout` uses for each by default). Without a
    predictor, the constructed one for ``features``
    (:func:`arcot.construct.tableau_weights`). The certificate is about the
    machine as the standard text names it (states ``A, B, ...``, symbols
    ``0, 1, ...``); the predictor's token names are renamed to match, and
    the renaming is recorded, with whatever the text drops (a halt state no
    transition enters, and weights on its heads, which no run can fire).
    Raises :class:`~arcot.errors.CertificateError` if the text format cannot
    hold the machine or the predictor, or the scope is beyond the checker's
    budget, and :class:`~arcot.errors.CertificateRejected` (with the
    failing window, expected and got) if the predictor is wrong somewhere:
    a false certificate is never written.

    >>> from arcot.zoo import get
    >>> c = make_certificate(get("increment"), features="pairwise")
    >>> c.machine, c.renaming["states"]
    ('0LB1RA2RA_2LZ2LZ1LB', {'A': 'right', 'B': 'carry', 'Z': 'done'})
    >>> c.renaming["symbols"]
    {'0': '_', '1': '0', '2': '1'}
    >>> c = make_certificate(get("increment"), scope="inputs:2")
    >>> c.inputs
    {'alphabet': ['1', '2'], 'max_steps': 10000}
    >>> c.count
    75
    """
    sc = Scope.parse(scope)
    if sc.kind == "sample":
        raise CertificateError(
            "cannot certify a sample:K scope: it is a statistic, not a proof "
            "(use verify_exact); certificates prove windows or inputs:N"
        )
    text, renamed, letter, digit = _in_standard_text(machine)
    inputs: dict[str, Any] | None = None
    if sc.kind == "inputs":
        alphabet = [digit[s] for s in machine.input_symbols or ()]
        n_inputs, cells = _count_words(len(alphabet), sc.size or 0)
        if (n_inputs > MAX_INPUTS or cells > MAX_WORK or (sc.size or 0) > MAX_INPUTS
                or not 0 <= max_steps <= MAX_STEPS):
            raise CertificateError(
                f"cannot certify {sc}: the checker takes at most {MAX_INPUTS} inputs "
                f"holding {MAX_WORK} cells, N <= {MAX_INPUTS} and max_steps <= "
                f"{MAX_STEPS}; this scope has {n_inputs} inputs, {cells} cells and "
                f"max_steps {max_steps}"
            )
        renamed = _with_inputs(renamed, alphabet)
        inputs = {"alphabet": alphabet, "max_steps": max_steps}
        over = _budget_runs(renamed, sc.size or 0, max_steps)
        if over is not None and over[0] == "rejected":
            raise StepLimitExceeded(f"cannot certify {sc}: {over[1]}", steps=max_steps)
        if over is not None:
            raise CertificateError(
                f"cannot certify {sc}: the runs take more than the checker's budget "
                f"of {MAX_WORK} input cells and steps"
            )
    windows = scope_windows(renamed, sc, max_steps=max_steps)
    if not windows:
        raise CertificateError(
            f"cannot certify {sc}: no run takes a step, so the CoT is empty"
        )
    dropped: list[list[str]] = []
    if predictor is None:
        weights = tableau_weights(renamed, features)
    else:
        original = as_weights(predictor)
        names = _token_names(machine, letter, digit)
        weights, dropped = _renamed_weights(original, names)
    over_terms = _terms_problem(_weight_terms(weights, renamed, windows))
    if over_terms is not None:
        raise CertificateError(f"cannot certify: {over_terms}")
    decisions = decide_windows(weights, renamed, windows)
    if dropped:
        _same_decisions(original, machine, names, decisions)
    if any(d.margin <= 0 for d in decisions):
        result = verify_exact(weights, renamed, scope=sc, max_steps=max_steps)
        cx = result.counterexample
        assert cx is not None
        raise CertificateRejected(
            f"cannot certify: on window ({', '.join(cx.window)}) the predictor "
            f"gives {cx.got}, the machine {cx.expected} (names of the standard text)",
            step=cx.window, expected=cx.expected, got=cx.got,
        )
    from arcot._version import __version__

    return Certificate(
        machine=text,
        vocabulary=tableau_vocabulary(renamed).names,
        weights=weights,
        hints=tuple(decisions),
        count=len(decisions),
        min_margin=min(d.margin for d in decisions),
        scope=str(sc),
        inputs=inputs,
        renaming=_renaming_field(machine, letter, digit, dropped),
        producer=f"arcot {__version__}",
        why_invalid=why_invalid,
    )


def check_certificate(doc: object) -> tuple[str, str]:
    """Re-check a certificate with arcot's own machinery (untrusted path).

    Returns ``(verdict, message)`` with verdict ``"verified"``,
    ``"rejected"`` or ``"malformed"``, like the trusted checker
    (:func:`arcot.verify.checker.check`); a test holds the two to the same
    verdicts.

    >>> from arcot.zoo import get
    >>> check_certificate(make_certificate(get("bb2")).to_json())
    ('verified', '225 windows, least margin 1')
    """
    try:
        doc = _as_document(doc)
        if _is_circuit(doc):
            return _check_circuit(doc)
        cert = Certificate.from_json(doc)
    except MalformedCertificate as exc:
        return "malformed", str(exc)
    assert isinstance(doc, dict)
    machine = parse_tm(cert.machine)
    problem = _renaming_problem(doc, machine)
    if problem is not None:
        return "rejected", problem
    vocab = tableau_vocabulary(machine).names
    if cert.vocabulary != vocab:
        return "rejected", (
            f"encoding.vocabulary does not match the machine: expected {list(vocab)}"
        )
    max_steps = 0
    if cert.inputs is not None:
        machine = _with_inputs(machine, cert.inputs["alphabet"])
        max_steps = cert.inputs["max_steps"]
        over = _budget_runs(machine, Scope.parse(cert.scope).size or 0, max_steps)
        if over is not None:
            return over
    windows = scope_windows(machine, cert.scope, max_steps=max_steps)
    if not windows:
        return "rejected", "the scope has no window: nothing is claimed"
    over_terms = _terms_problem(_weight_terms(cert.weights, machine, windows))
    if over_terms is not None:
        return "malformed", over_terms
    truth = decide_windows(cert.weights, machine, windows)
    if len(truth) != len(cert.hints) or cert.count != len(truth):
        return "rejected", (
            f"the scope has {len(truth)} windows; the hints list "
            f"{len(cert.hints)} and claim {cert.count}"
        )
    for i, (t, h) in enumerate(zip(truth, cert.hints, strict=True)):
        where = f"window {i} ({t.left}, {t.middle}, {t.right})"
        if (h.left, h.middle, h.right) != (t.left, t.middle, t.right):
            return "rejected", (
                f"{where}: the hint is for ({h.left}, {h.middle}, {h.right})"
            )
        if h.expected != t.expected:
            return "rejected", (
                f"{where}: expected {t.expected} by the local rule, the certificate "
                f"claims {h.expected}"
            )
        if t.margin <= 0:
            return "rejected", f"{where}: the predictor is wrong (margin {t.margin})"
        if h.margin != t.margin:
            return "rejected", f"{where}: the margin is {t.margin}, claimed {h.margin}"
    least = min(t.margin for t in truth)
    if least != cert.min_margin:
        return "rejected", (
            f"hints.min_margin: the least margin is {least}, claimed {cert.min_margin}"
        )
    if _digest(doc) != cert.sha256:
        return "rejected", "sha256: the document was changed after it was sealed"
    return "verified", f"{len(truth)} windows, least margin {least}"


# -- the circuit encoding (THEORY.md section 3, 'Circuit') ---------------

_GATE_SLOTS = ("L", "M", "R")


@dataclass(frozen=True, slots=True, kw_only=True)
class CircuitGates:
    """The circuit encoding's gates: one linear threshold gate per cell token.

    Every cell of the next row is one-hot over ``cells``; its bit for cell
    token ``v`` is gate ``v`` of the one-hot bits of the three cells above:
    ``1[ sum weights[v][(slot, u)] * [cell at slot is u] >= thresholds[v] ]``
    with ``slot`` in ``L, M, R``. A neighbour outside the row's window of
    cells has no bits (all zero), as in :func:`arcot.circuit.compile_machine`.
    Weights and thresholds are integers; zero weights are left out.

    >>> g = circuit_gates(parse_tm("1RB1LB_1LA1RZ"))
    >>> g.thresholds["1"], dict(g.weights["(A,0)"])
    (1, {('M', '0'): 1, ('R', '(B,0)'): 1})
    """

    cells: tuple[str, ...]
    weights: Mapping[str, Mapping[tuple[str, str], int]]
    thresholds: Mapping[str, int]

    def __post_init__(self) -> None:
        cells = tuple(self.cells)
        if not all(isinstance(c, str) for c in cells) or len(set(cells)) != len(cells):
            raise CertificateError(f"cells must be distinct names, got {cells!r}")
        known = set(cells)
        if set(self.weights) != known or set(self.thresholds) != known:
            raise CertificateError("weights and thresholds need one gate per cell")
        weights: dict[str, dict[tuple[str, str], int]] = {}
        for v in cells:
            row = {}
            for key, w in self.weights[v].items():
                slot, u = key
                if slot not in _GATE_SLOTS or u not in known:
                    raise CertificateError(f"gate {v}: bad coordinate {key!r}")
                if type(w) is not int or w == 0:
                    raise CertificateError(
                        f"gate {v}: weight at {key} must be a nonzero integer, "
                        f"got {w!r}"
                    )
                row[slot, u] = w
            if type(self.thresholds[v]) is not int:
                raise CertificateError(
                    f"gate {v}: threshold must be an integer, "
                    f"got {self.thresholds[v]!r}"
                )
            weights[v] = row
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "thresholds", {v: self.thresholds[v] for v in cells})

    def sums(self, left: str | None, middle: str, right: str | None) -> dict[str, int]:
        """Every gate's weighted sum on a window (``None``: outside)."""
        out = {}
        for v in self.cells:
            row = self.weights[v]
            out[v] = sum(row.get((slot, u), 0) for slot, u in
                         zip(_GATE_SLOTS, (left, middle, right), strict=True)
                         if u is not None)
        return out

    def renamed(self, names: Mapping[str, str]) -> CircuitGates:
        """The same gates with every cell name ``c`` replaced by ``names[c]``."""
        return CircuitGates(
            cells=tuple(names[c] for c in self.cells),
            weights={names[v]: {(s, names[u]): w for (s, u), w in row.items()}
                     for v, row in self.weights.items()},
            thresholds={names[v]: t for v, t in self.thresholds.items()},
        )


def circuit_gates(machine: TuringMachine) -> CircuitGates:
    """The gates :func:`arcot.circuit.compile_machine` builds, as one table.

    The compiled circuit's gate for cell ``i``, token ``v`` has the same
    weights at every ``i`` and every row (minus the terms of a neighbour
    outside the window), so the gates of a middle cell of a three-cell
    window, read through :func:`arcot.construct.circuit_weights`, are all of
    them.

    >>> from arcot.zoo import get
    >>> len(circuit_gates(get("bb2")).cells)
    8
    """
    from arcot.circuit import compile_machine
    from arcot.construct import circuit_weights
    from arcot.cot import TableauWindow

    compiled = compile_machine(machine, 0, 1, TableauWindow(left=-1, width=3))
    positions = circuit_weights(compiled.circuit).positions
    # the cells in bit order are the vocabulary without '#', named by kind
    names = list(tableau_vocabulary(machine).names[1:])
    v = len(names)
    weights: dict[str, dict[tuple[str, str], int]] = {}
    thresholds: dict[str, int] = {}
    for k, (gate, ws, threshold) in enumerate(positions[v : 2 * v]):
        assert gate == f"r1c1v{k}", gate  # row 1, the middle cell, token k
        row = {}
        for u, w in ws.items():
            i, j = divmod(int(u[1:]), v)  # input x(i*V + j): cell i, token j
            row[_GATE_SLOTS[i], names[j]] = int(w)
        weights[names[k]] = row
        thresholds[names[k]] = int(threshold)
    return CircuitGates(cells=tuple(names), weights=weights, thresholds=thresholds)


@dataclass(frozen=True, slots=True)
class GateDecision:
    """One window of the circuit encoding: its cells (``None`` outside the
    window), the local rule's token, the least slack over the gates and a
    gate with that slack (its sum and threshold)."""

    left: str | None
    middle: str
    right: str | None
    expected: str
    margin: int
    gate: str
    total: int
    threshold: int


def decide_gate_windows(
    machine: TuringMachine, gates: CircuitGates
) -> tuple[GateDecision, ...]:
    """Every window of the circuit encoding, decided with arcot's local rule.

    Windows ``(L, M, R)``: ``M`` a cell token, ``L`` and ``R`` a cell token
    or ``None`` (outside the window), at most one head among them, in
    lexicographic order with ``None`` first. The slack of gate ``v`` is
    ``sum - threshold + 1`` if ``v`` is the local rule's token (it must
    fire) and ``threshold - sum`` otherwise (it must not): every bit is right
    iff the least slack is at least 1. A neighbour outside the window is
    no head, as the tableau's delimiter is to :func:`arcot.cot.local_rule`.

    >>> from arcot.zoo import get
    >>> d = decide_gate_windows(get("bb2"), circuit_gates(get("bb2")))
    >>> len(d), min(x.margin for x in d)
    (144, 1)
    """
    vocab = tableau_vocabulary(machine)
    cells = [(n, t) for n, t in zip(vocab.names, vocab.tokens, strict=True)
             if n != DELIMITER]
    if tuple(n for n, _ in cells) != gates.cells:
        raise CertificateError(
            f"the gates are for cells {list(gates.cells)}, the machine has "
            f"{[n for n, _ in cells]}"
        )
    side: list[tuple[str | None, Hashable]] = [(None, DELIMITER), *cells]
    plain = [c for c in side if not isinstance(c[1], HeadCell)]
    index = {v: k for k, v in enumerate(gates.cells)}
    fires: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for v in gates.cells:
        for key, w in gates.weights[v].items():
            fires.setdefault(key, []).append((v, w))
    # a gate no coordinate of the window touches sums 0: its slack is its threshold
    by_threshold = sorted(gates.cells, key=lambda v: (gates.thresholds[v], index[v]))
    out = []
    for ln, lt in side:
        for mn, mt in cells:
            heads = isinstance(lt, HeadCell) + isinstance(mt, HeadCell)
            if heads > 1:
                continue
            for rn, rt in side if heads == 0 else plain:
                want = str(local_rule(machine, lt, mt, rt))
                sums = {want: 0}
                for slot, name in (("L", ln), ("M", mn), ("R", rn)):
                    for v, w in fires.get((slot, name), ()) if name else ():
                        sums[v] = sums.get(v, 0) + w
                untouched = next((v for v in by_threshold if v not in sums), None)
                if untouched is not None:
                    sums[untouched] = 0
                least, _, v = min(
                    (t - gates.thresholds[v] + 1 if v == want
                     else gates.thresholds[v] - t, index[v], v)
                    for v, t in sums.items()
                )
                out.append(GateDecision(ln, mn, rn, want, least, v, sums[v],
                                        gates.thresholds[v]))
    return tuple(out)


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


def _integer(value: object, path: str, *, nonzero: bool) -> int:
    if type(value) is not int or (nonzero and value == 0):
        raise MalformedCertificate(
            f"{_show(value)} is not {'a nonzero' if nonzero else 'an'} integer",
            path=path,
        )
    if abs(value) >= 10**MAX_DIGITS:
        raise MalformedCertificate(f"more than {MAX_DIGITS} digits", path=path)
    return value


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
    if not isinstance(obj, dict) or set(obj) != {"count", "min_margin", "windows"}:
        raise MalformedCertificate(
            "needs exactly count, min_margin, windows", path="$.hints"
        )
    count = _integer(obj["count"], "$.hints.count", nonzero=False)
    least = _integer(obj["min_margin"], "$.hints.min_margin", nonzero=False)
    if not isinstance(obj["windows"], list):
        raise MalformedCertificate("must be a list", path="$.hints.windows")
    hints = []
    for i, h in enumerate(obj["windows"]):
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
    machine: TuringMachine,
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
    text, renamed, letter, digit = _in_standard_text(machine)
    if gates is None:
        table = circuit_gates(renamed)
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
    over_terms = _terms_problem(_gate_terms(renamed, table))
    if over_terms is not None:
        raise CertificateError(f"cannot certify: {over_terms}")
    decisions = decide_gate_windows(renamed, table)
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
    cells = tuple(n for n in tableau_vocabulary(machine).names if n != DELIMITER)
    if cert.gates.cells != cells:
        return "rejected", (
            f"encoding.cells does not match the machine: expected {list(cells)}"
        )
    over_terms = _terms_problem(_gate_terms(machine, cert.gates))
    if over_terms is not None:
        return "malformed", over_terms
    truth = decide_gate_windows(machine, cert.gates)
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
