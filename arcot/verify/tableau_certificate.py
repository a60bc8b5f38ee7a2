"""Tableau-encoding certificates: a predictor's exact weights with a hint
per window of the scope, made (renamed to standard text, nothing dropped
that could change a margin), read and re-checked with arcot's own
machinery.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np

from arcot.construct import ExactWeights, as_exact, tableau_weights
from arcot.cot import DELIMITER, Tableau, as_tableau
from arcot.errors import (
    CertificateError,
    CertificateRejected,
    MalformedCertificate,
    StepLimitExceeded,
)
from arcot.learn.features import Coord, FeatureKind, feature_dimension
from arcot.machine import TuringMachine
from arcot.verify.circuit_certificate import _check_circuit, _is_circuit
from arcot.verify.document import (
    _INPUTS_SCOPE,
    _SLOTS,
    _TEXT,
    FORMAT,
    MAX_INPUTS,
    MAX_STEPS,
    MAX_WINDOWS,
    MAX_WORK,
    VERSION,
    VERSION_2,
    _as_document,
    _budget_runs,
    _count_windows,
    _count_words,
    _digest,
    _Document,
    _fits_standard_text,
    _held_machine,
    _hint_rows,
    _in_standard_text,
    _integer,
    _load,
    _member,
    _number,
    _parse_common,
    _renaming_field,
    _renaming_problem,
    _terms_problem,
    _token_names,
    _with_inputs,
    machine_from_object,
    machine_object,
)
from arcot.verify.exact import verify_exact
from arcot.verify.predictors import as_weights
from arcot.verify.scope import (
    Scope,
    VerificationResult,
    WindowDecision,
    fraction_text,
)
from arcot.verify.windows import (
    _Decider,
    checked_window_array,
    decide_arrays,
    decide_windows,
    scope_windows,
)

__all__ = ["Certificate", "check_certificate", "make_certificate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate(_Document):
    """A certificate's content (see ``proofs/README.md`` for the JSON form).

    ``machine`` is the standard text (format version 1) or, for a machine
    the text cannot hold, the version 2 machine object of its own names
    (:func:`~arcot.verify.document.machine_object`). ``hints`` are the
    windows of the scope in checking order, each with the local rule's
    output and the claimed margin (version 2 writes none: the checker
    derives them; one read from a version 2 document has none); ``count``
    and ``min_margin`` are the claimed totals. An ``inputs:N`` scope also has
    ``inputs`` (``alphabet``, ``max_steps``); its windows are those of every
    input's own tableau. ``sha256`` is the digest read
    from a document (``None`` for a fresh certificate: :meth:`to_json`
    seals it).
    """

    machine: str | Mapping[str, Any]
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
        if isinstance(self.machine, Mapping):
            machine_from_object(dict(self.machine))  # a version 2 machine object
            if self.renaming is not None:
                raise CertificateError("a version 2 certificate has no renaming")
        elif not isinstance(self.machine, str) or not _TEXT.fullmatch(self.machine):
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
    def version(self) -> int:
        """The format version: 1 for standard text, 2 for a machine object."""
        return VERSION if isinstance(self.machine, str) else VERSION_2

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
        weights = _weights_field(self.weights, self.vocabulary)
        hints: dict[str, Any] = {
            "count": self.count,
            "min_margin": fraction_text(self.min_margin),
        }
        if self.version == VERSION:
            hints["windows"] = [
                [h.left, h.middle, h.right, h.expected, fraction_text(h.margin)]
                for h in self.hints
            ]
        machine = self.machine if isinstance(self.machine, str) else json.loads(
            json.dumps(self.machine))  # a plain copy: lists, not tuples
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "machine": machine,
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
        machine = _held_machine(text)
        if (n is None and not isinstance(text, str)
                and _count_windows(machine.n_states, machine.n_symbols) > MAX_WINDOWS):
            raise MalformedCertificate(
                f"more than {MAX_WINDOWS} windows to check", path="$.machine"
            )
        inputs = None
        if n is not None:
            inputs = _parse_inputs(doc["inputs"], machine, int(n.group(1)))
        rows = _parse_weights(doc["weights"], kind, set(vocab))
        hints, count, least = _parse_hints(doc["hints"], set(vocab),
                                           rows_expected=isinstance(text, str))
        return cls(
            machine=text, vocabulary=tuple(vocab),
            weights=ExactWeights(kind=cast(FeatureKind, kind), rows=rows),
            hints=hints, count=count, min_margin=least, scope=scope, inputs=inputs,
            renaming=doc.get("renaming"),
            producer=doc.get("producer"), why_invalid=doc.get("why_invalid"),
            sha256=sha,
        )


def _weights_field(weights: ExactWeights, vocabulary: Sequence[str]) -> dict[str, Any]:
    """The document's ``weights``: output token -> slot -> token(s) -> number,
    tokens in vocabulary order (a name outside it after, by name), slots in
    the feature kind's order."""
    floats = weights.float_columns
    if floats is not None and floats.vocabulary.names == tuple(vocabulary):
        return _float_weights_field(weights.kind, floats)
    order = {n: i for i, n in enumerate(vocabulary)}

    def rank(name: str) -> tuple[int, str]:
        return (order.get(name, len(order)), name)

    slots = list(_SLOTS[weights.kind])
    keys: dict[Coord, Any] = {}  # each coordinate's sort key, made once
    out: dict[str, Any] = {}
    for y in sorted(weights.rows, key=rank):
        row: dict[str, Any] = {}
        for c in weights.rows[y]:
            if c not in keys:
                keys[c] = (slots.index(c.slot), [rank(v) for v in c.value])
        for c in sorted(weights.rows[y], key=keys.__getitem__):
            slot = row.setdefault(c.slot, {})
            for v in c.value[:-1]:
                slot = slot.setdefault(v, {})
            slot[c.value[-1]] = fraction_text(weights.rows[y][c])
        out[y] = row
    return out


def _float_weights_field(kind: str, floats: Any) -> dict[str, Any]:
    """``_weights_field`` of fitted float arrays, read from them: feature
    columns are in coordinate order already, and each distinct float is
    converted (exactly) and written once."""
    from arcot.learn.features import column_coord

    names = floats.vocabulary.names
    y, j = np.nonzero(floats.weights.T)  # by output token, then column
    values, inverse = np.unique(floats.weights[j, y], return_inverse=True)
    texts = [fraction_text(as_exact(v)) for v in values.tolist()]
    coords = {int(c): column_coord(kind, floats.vocabulary, int(c))
              for c in np.unique(floats.columns[j])}
    out: dict[str, Any] = {}
    last, row = -1, {}
    for t, c, k in zip(y.tolist(), floats.columns[j].tolist(), inverse.tolist(),
                       strict=True):
        if t != last:
            last, row = t, out.setdefault(names[t], {})
        slot, value = coords[c]
        at = row.setdefault(slot, {})
        if len(value) == 2:
            at = at.setdefault(value[0], {})
        at[value[-1]] = texts[k]
    return out


def _weight_terms(
    weights: ExactWeights,
    machine: TuringMachine | Tableau,
    windows: Sequence[tuple[int, int, int]] | np.ndarray,
) -> int:
    """How many weights scoring every window adds (the checker's cost): the
    slots that read no R cell once per run of windows sharing (L, M), the R
    slot on every window; each the weights on the key it reads."""
    names = as_tableau(machine).vocabulary.names
    size = len(names)
    ids = {n: i for i, n in enumerate(names)}
    from arcot.learn.features import SLOT_CELLS as cells

    arr = np.array(windows, dtype=np.int64).reshape(-1, 3)
    first = np.ones(len(arr), bool)  # the first window of each run
    first[1:] = (arr[1:, 0] != arr[:-1, 0]) | (arr[1:, 1] != arr[:-1, 1])
    runs = arr[first]
    floats = weights.float_columns
    if floats is not None and floats.vocabulary.names == names:
        # the weights on each feature column, counted from the arrays
        per_column = np.count_nonzero(floats.weights, axis=1)
        dim = feature_dimension(weights.kind, size)
        count_all = np.zeros(dim, np.int64)
        count_all[floats.columns] = per_column
        n = size  # the columns of feature_index, one per window or run
        if weights.kind == "additive":
            columns = [runs[:, 0], n + runs[:, 1], 2 * n + arr[:, 2]]
        else:
            columns = [runs[:, 1], n + runs[:, 0] * n + runs[:, 1],
                       n + n * n + arr[:, 1] * n + arr[:, 2]]
        return sum(int(count_all[col].sum()) for col in columns)
    total = 0
    for slot in {c.slot for c in weights.by_coord}:
        count = np.zeros(size ** len(cells[slot]), np.int64)
        for c, col in weights.by_coord.items():
            if c.slot == slot:
                key = 0
                for v in c.value:
                    key = key * size + ids[v]
                count[key] += len(col)
        at = arr if 2 in cells[slot] else runs
        key_of = at[:, cells[slot][0]]
        if len(cells[slot]) == 2:
            key_of = key_of * size + at[:, cells[slot][1]]
        total += int(count[key_of].sum())
    return total


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


def _parse_hints(
    obj: object, known: set[str], *, rows_expected: bool = True
) -> tuple[tuple[WindowDecision, ...], int, Fraction]:
    if not rows_expected:  # version 2: the totals only
        if not isinstance(obj, dict) or set(obj) != {"count", "min_margin"}:
            raise MalformedCertificate(
                "needs exactly count, min_margin", path="$.hints"
            )
        return (), _integer(obj["count"], "$.hints.count", nonzero=False), _number(
            obj["min_margin"], "$.hints.min_margin", nonzero=False)
    count, least_value, rows = _hint_rows(obj)
    least = _number(least_value, "$.hints.min_margin", nonzero=False)
    hints = []
    for i, h in enumerate(rows):
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


def _renamed_weights(
    weights: ExactWeights, names: Mapping[str, str | None]
) -> tuple[ExactWeights, list[list[str]]]:
    """The weights in standard-text names, and the weights dropped (as
    ``[output, slot, token...]`` in the machine's names).

    Every weight that names a head the text drops goes (a name outside the
    machine's vocabulary is an error); :func:`_same_decisions` then makes
    sure that dropping them changed no margin in the scope.
    """
    if all(k == v for k, v in names.items()):  # version 2: its own names
        floats = weights.float_columns
        if floats is not None and all(n in names for n in floats.vocabulary.names):
            return weights, []  # every coordinate names a token of the vocabulary
        for y, row in weights.rows.items():
            if y not in names or any(v not in names for c in row for v in c.value):
                break
        else:
            return weights, []
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
    machine: TuringMachine | Tableau,
    names: Mapping[str, str | None],
    decisions: Sequence[WindowDecision],
) -> None:
    """Raise unless the user's predictor on the user's machine has exactly
    the margins the certificate states, on every window of the scope: the
    weights dropped (on heads no run shows) must not change an argmax."""
    back = {v: k for k, v in names.items() if v is not None}
    tableau = as_tableau(machine)
    index = {n: i for i, n in enumerate(tableau.vocabulary.names)}
    windows = [(index[back[d.left]], index[back[d.middle]], index[back[d.right]])
               for d in decisions]
    for d, mine in zip(decisions, decide_windows(original, tableau, windows),
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


def _scope_array(tableau: Tableau, sc: Scope, max_steps: int) -> np.ndarray:
    """The windows of a scope as an int64 array ``[k, 3]`` in checking order
    (:func:`~arcot.verify.windows.scope_windows`; the ``windows`` scope
    enumerated directly, with no tuple per window)."""
    if sc.kind == "windows":
        return checked_window_array(tableau.vocabulary)
    found = scope_windows(tableau, sc, max_steps=max_steps)
    return np.array(found, dtype=np.int64).reshape(-1, 3)


def _decisions(
    tableau: Tableau,
    windows: np.ndarray,
    expected: np.ndarray,
    margins: np.ndarray,
    denominator: int,
) -> tuple[WindowDecision, ...]:
    """The hint rows of integer margins (times ``denominator``)."""
    names = tableau.vocabulary.names
    return tuple(
        WindowDecision(names[a], names[b], names[c], names[e],
                       Fraction(int(m), denominator))
        for (a, b, c), e, m in zip(windows.tolist(), expected.tolist(),
                                   margins.tolist(), strict=True)
    )


def make_certificate(
    machine: TuringMachine | Tableau,
    predictor: object | None = None,
    *,
    features: str = "additive",
    scope: str | Scope = "windows",
    max_steps: int = 10_000,
    why_invalid: str | None = None,
    _verified: VerificationResult | None = None,
) -> Certificate:
    """A certificate for ``predictor`` on ``machine`` in ``scope``.

    ``scope`` is ``windows`` (every local window: every run on every input)
    or ``inputs:N`` (the windows the own tableaux of every input of length
    <= N show, each run within ``max_steps``: the tableau
    :func:`~arcot.learn.rollout` uses for each by default). Without a
    predictor, the constructed one for ``features``
    (:func:`arcot.construct.tableau_weights`). A machine the standard text
    can hold gets a format version 1 certificate, about the machine as the
    text names it (states ``A, B, ...``, symbols ``0, 1, ...``); the
    predictor's token names are renamed to match, and the renaming is
    recorded, with whatever the text drops (a halt state no transition
    enters, and weights on its heads, which no run can fire). Any other
    machine (stay moves, more than 25 states or 10 symbols, a halting
    start) gets a version 2 certificate, which holds the machine in its own
    names (:func:`~arcot.verify.document.machine_object`). Raises
    :class:`~arcot.errors.CertificateError` if neither can hold the machine
    (a name with a space, say) or the predictor, or the scope is beyond the
    checker's budget, and :class:`~arcot.errors.CertificateRejected` (with the
    failing window, expected and got) if the predictor is wrong somewhere:
    a false certificate is never written. ``_verified`` is ``certify``'s
    own :func:`~arcot.verify.exact.verify_exact` of the same
    :class:`~arcot.construct.ExactWeights` over the windows scope; a
    version 2 certificate takes its count and least margin instead of
    scoring every window again (:func:`_reuses` says when).

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
    >>> from arcot.machine import machine_from_table
    >>> c = make_certificate(machine_from_table("a 0 -> 1 N b", blank="0"))
    >>> c.version, c.count, c.machine["transitions"]
    (2, 151, [['a', '0', '1', 'N', 'b']])
    """
    # the user's machine, whose names the certificate renames (its tableau
    # is read only where the user's own predictor is decided)
    user = machine if isinstance(machine, Tableau) else None
    machine = machine.machine if isinstance(machine, Tableau) else machine
    sc = Scope.parse(scope)
    if sc.kind == "sample":
        raise CertificateError(
            "cannot certify a sample:K scope: it is a statistic, not a proof "
            "(use verify_exact); certificates prove windows or inputs:N"
        )
    held: str | dict[str, Any]
    if _fits_standard_text(machine):
        held, renamed, letter, digit = _in_standard_text(machine)
    else:  # version 2: the machine's own names
        held = machine_object(machine)
        renamed = machine_from_object(held)
        letter = {q: str(q) for q in machine.states}
        digit = {a: str(a) for a in machine.symbols}
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
    tableau = as_tableau(renamed)
    windows = _scope_array(tableau, sc, max_steps)
    if not len(windows):
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
    over_terms = _terms_problem(_weight_terms(weights, tableau, windows))
    if over_terms is not None:  # the checker would call the document malformed
        raise CertificateError(
            f"cannot certify: the trusted checker's work budget: {over_terms} "
            "(weights on many coordinates of every window, as least squares "
            "fits them on a large machine; the verification does not depend "
            "on it)"
        )
    from arcot._version import __version__

    if _reuses(_verified, held, sc, predictor, weights, user or machine, tableau,
               len(windows)):
        assert _verified is not None and _verified.min_margin is not None
        return Certificate(  # version 2 over the windows scope: the totals only
            machine=held, vocabulary=tableau.vocabulary.names, weights=weights,
            hints=(), count=_verified.checked, min_margin=_verified.min_margin,
            scope=str(sc), producer=f"arcot {__version__}",
            why_invalid=why_invalid,
        )
    # every window scored once, in integers over the common denominator;
    # only version 1, which writes a row per window, makes Fractions of them
    decide = _Decider(weights, tableau.vocabulary)
    expected, margins, _ = decide_arrays(decide, tableau, windows)
    hints: tuple[WindowDecision, ...] = ()
    if isinstance(held, str):
        hints = _decisions(tableau, windows, expected, margins, decide.denominator)
    if dropped:
        _same_decisions(original, user or machine, names, hints)
    if bool((margins <= 0).any()):
        result = verify_exact(weights, tableau, scope=sc, max_steps=max_steps)
        cx = result.counterexample
        assert cx is not None
        raise CertificateRejected(
            f"cannot certify: on window ({', '.join(cx.window)}) the predictor "
            f"gives {cx.got}, the machine {cx.expected} (names of the standard text)",
            step=cx.window, expected=cx.expected, got=cx.got,
        )
    return Certificate(
        machine=held,
        vocabulary=tableau.vocabulary.names,
        weights=weights,
        hints=hints,
        count=len(windows),
        min_margin=Fraction(int(margins.min()), decide.denominator),
        scope=str(sc),
        inputs=inputs,
        renaming=(_renaming_field(machine, letter, digit, dropped)
                  if isinstance(held, str) else None),
        producer=f"arcot {__version__}",
        why_invalid=why_invalid,
    )


def _reuses(
    verified: VerificationResult | None,
    held: object,
    sc: Scope,
    predictor: object | None,
    weights: ExactWeights,
    machine: TuringMachine | Tableau,
    tableau: Tableau,
    n_windows: int,
) -> bool:
    """Whether ``verified`` (``verify_exact`` of ``predictor`` on ``machine``,
    as ``certify`` ran it) already decided every window the certificate
    claims: a version 2 certificate (no rows to write) of the windows scope
    whose weights are the predictor's own and whose tableau has the user's
    token names in the user's order, hence the same windows and margins."""
    return (
        verified is not None
        and verified.verified
        and verified.scope == "windows"
        and verified.unit == "windows"
        and verified.checked == n_windows
        and verified.features == weights.kind
        and not isinstance(held, str)
        and sc.kind == "windows"
        and predictor is weights  # as given, kept by an identity renaming
        and as_tableau(machine).vocabulary.names == tableau.vocabulary.names
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
    machine = _held_machine(cert.machine)
    problem = _renaming_problem(doc, machine)
    if problem is not None:
        return "rejected", problem
    vocab = as_tableau(machine).vocabulary.names
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
    tableau = as_tableau(machine)
    windows = _scope_array(tableau, Scope.parse(cert.scope), max_steps)
    if not len(windows):
        return "rejected", "the scope has no window: nothing is claimed"
    over_terms = _terms_problem(_weight_terms(cert.weights, tableau, windows))
    if over_terms is not None:
        return "malformed", over_terms
    if cert.version == VERSION_2:
        return _check_totals_only(doc, cert, tableau, windows)
    truth = decide_windows(cert.weights, tableau, windows.tolist())
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
    return _check_least_and_seal(doc, cert, min(t.margin for t in truth), len(truth))


def _check_totals_only(
    doc: Mapping[str, Any], cert: Certificate, tableau: Tableau, windows: np.ndarray
) -> tuple[str, str]:
    """Version 2 has no hint rows: every window's margin must be positive,
    and the count and least margin claimed must be the true ones (every
    window scored once, in integers over the common denominator)."""
    if cert.count != len(windows):
        return "rejected", (
            f"the scope has {len(windows)} windows; the certificate claims "
            f"{cert.count}"
        )
    decide = _Decider(cert.weights, tableau.vocabulary)
    _, margins, _ = decide_arrays(decide, tableau, windows)
    d = decide.denominator
    wrong = np.flatnonzero(margins <= 0)
    if len(wrong):
        i = int(wrong[0])
        left, middle, right = (tableau.vocabulary.names[x] for x in windows[i])
        return "rejected", (
            f"window {i} ({left}, {middle}, {right}): the predictor is wrong "
            f"(margin {Fraction(int(margins[i]), d)})"
        )
    return _check_least_and_seal(doc, cert, Fraction(int(margins.min()), d),
                                 len(windows))


def _check_least_and_seal(
    doc: Mapping[str, Any], cert: Certificate, least: Fraction, count: int
) -> tuple[str, str]:
    """The last two claims of both versions: the least margin, then the seal."""
    if least != cert.min_margin:
        return "rejected", (
            f"hints.min_margin: the least margin is {least}, claimed {cert.min_margin}"
        )
    if _digest(doc) != cert.sha256:
        return "rejected", "sha256: the document was changed after it was sealed"
    return "verified", f"{count} windows, least margin {least}"
