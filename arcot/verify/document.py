"""What both kinds of certificate share: the format's constants and the
checker's budget, the JSON reading rules (the checker's own), the seal and
the readable text, and the renaming of a machine to standard text.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import string
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from arcot.construct import as_exact
from arcot.cot import DELIMITER, HeadCell
from arcot.errors import (
    CertificateError,
    FormatError,
    MachineDefinitionError,
    MalformedCertificate,
)
from arcot.machine import TuringMachine, format_tm, parse_tm

__all__ = ["dumps", "seal"]


FORMAT = "arcot-certificate"


VERSION = 1


#: Version 2 holds the machine as an object of names (any finite machine:
#: stay moves, any number of states and symbols) and no hint rows.
VERSION_2 = 2


_REQUIRED = ("format", "version", "machine", "encoding", "features", "scope",
             "weights", "hints", "sha256")


_OPTIONAL = ("inputs", "renaming", "producer", "why_invalid")


#: The checker's budget (proofs/README.md): a document beyond it is malformed.
MAX_INPUTS, MAX_STEPS = 100_000, 1_000_000  # inputs of an inputs:N scope; per run


MAX_WORK = 1_000_000  # input cells plus steps, over every run of an inputs:N scope


MAX_DIGITS, MAX_DEPTH = 1000, 16  # digits of a number; nesting of the JSON


MAX_TERMS = 100_000_000  # weights (or gate weights) summed over all windows


MAX_VOCABULARY, MAX_WINDOWS = 10_000, 20_000_000  # of a version 2 machine


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
    weights = doc.get("weights")
    if not isinstance(weights, dict):
        return dumps_plain(doc)
    mark = json.dumps("\x00weights\x00")  # no other field's text holds it
    text = dumps_plain(dict(doc, weights=json.loads(mark)))
    weights_text = _indented(weights, 1)
    if text.count(mark) != 1 or weights_text is None:
        return dumps_plain(doc)
    # the weights (objects of numbers) hold no list to put on one line
    return text.replace(mark, weights_text)


def dumps_plain(doc: Mapping[str, Any]) -> str:
    """:func:`dumps` by the standard encoder alone (its reference)."""
    text = json.dumps(doc, indent=2, ensure_ascii=False)

    def flat(m: re.Match[str]) -> str:
        return "[" + re.sub(r",\n\s*", ", ", m.group(1).strip()) + "]"

    # a list opens with "[" and a line break, which no string holds
    return re.sub(r"\[\n\s*([^\[\]{}]*?)\n\s*\]", flat, text) + "\n"


def _indented(obj: dict[str, Any], level: int) -> str | None:
    """``json.dumps(obj, indent=2, ensure_ascii=False)`` of nested objects of
    integers and strings, at indent ``level``, as the standard encoder writes
    it (which, indenting, runs in Python: this joins the lines directly);
    ``None`` where something else is in them."""
    encode: dict[Any, str] = {}  # each distinct key or leaf, encoded once

    def text(value: Any) -> str:
        if type(value) is not str and type(value) is not int:
            raise TypeError(value)  # a bool, float, list, None: not drawn here
        out = encode.get(value)
        if out is None:
            out = encode[value] = json.dumps(value, ensure_ascii=False)
        return out

    def render(obj: Any, level: int) -> str:
        if not isinstance(obj, dict):
            return text(obj)
        if not obj:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        return ("{" + inner + ("," + inner).join(
            f"{text(k)}: {render(v, level + 1)}" for k, v in obj.items())
                + "\n" + "  " * level + "}")

    try:
        return render(obj, level)
    except TypeError:
        return None


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


def _parse_common(doc: object) -> tuple[str | dict[str, Any], str]:
    """The fields every encoding shares; returns (machine, sha256): the
    standard text (version 1) or the machine object (version 2)."""
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
    version = doc["version"]
    if type(version) is not int or version not in (VERSION, VERSION_2):
        raise MalformedCertificate(
            f"{_show(version)}: arcot reads versions {VERSION} and {VERSION_2}",
            path="$.version",
        )
    if version == VERSION_2 and "renaming" in doc:
        raise MalformedCertificate(
            "version 2 has no renaming: the machine holds the names",
            path="$.renaming",
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
    if version == VERSION_2:
        machine_from_object(doc["machine"])  # the form; callers build it again
        enc = doc["encoding"]
        if isinstance(enc, dict) and enc.get("name") == "circuit":
            raise MalformedCertificate(
                "version 2 holds the tableau encoding only", path="$.encoding"
            )
        return doc["machine"], sha
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


def is_name(value: object) -> bool:
    """A state or symbol name a version 2 certificate can hold: 1..64
    printable ASCII characters, none of space ( ) , # " \\ (token names
    such as ``(q,a)`` then read one way only)."""
    return (isinstance(value, str) and 1 <= len(value) <= 64
            and all("!" <= ch <= "~" and ch not in '(),#"\\' for ch in value))


def _count_windows(states: int, symbols: int) -> int:
    """The windows of the windows scope (``(any, #, any)``, ``(plain,
    symbol, any)``, ``(head, symbol, plain)``, ``(plain, head, plain)``),
    counted without listing them."""
    plain, heads = 1 + symbols, states * symbols
    size = plain + heads
    return size * size + symbols * (plain * size + heads * plain) + heads * plain**2


def machine_object(machine: TuringMachine) -> dict[str, Any]:
    """``machine`` as a version 2 certificate holds it: its own names.

    Raises :class:`~arcot.errors.CertificateError` for a name the format
    cannot hold (:func:`is_name`), two states or symbols of one name, or a
    machine past the checker's size bound.

    >>> from arcot.machine import machine_from_table
    >>> machine_object(machine_from_table("a 0 -> 1 N b", blank="0"))["transitions"]
    [['a', '0', '1', 'N', 'b']]
    """
    for what, items in (("state", machine.states), ("symbol", machine.symbols)):
        named = [str(x) for x in items]
        for n in named:
            if not is_name(n):
                raise CertificateError(
                    f"cannot certify: {what} name {n!r}: a certificate holds names of "
                    "1..64 printable ASCII characters without space ( ) , # \" \\"
                )
        if len(set(named)) != len(named):
            twice = next(n for n in named if named.count(n) > 1)
            raise CertificateError(
                f"cannot certify: two {what}s are both named {twice!r}; a "
                "certificate names them by their text"
            )
    size = 1 + machine.n_symbols * (1 + machine.n_states)
    windows = _count_windows(machine.n_states, machine.n_symbols)
    if size > MAX_VOCABULARY or windows > MAX_WINDOWS:
        raise CertificateError(
            f"cannot certify: {size} tokens and {windows} windows; the checker takes "
            f"at most {MAX_VOCABULARY} tokens and {MAX_WINDOWS} windows"
        )
    return {
        "states": [str(q) for q in machine.states],
        "symbols": [str(a) for a in machine.symbols],
        "start": str(machine.start),
        "halt": [str(q) for q in machine.states if q in machine.halt_states],
        "transitions": [
            [str(q), str(a), str(t.write), t.move.letter, str(t.next_state)]
            for (q, a), t in machine.transitions.items()
        ],
    }


def machine_from_object(obj: object) -> TuringMachine:
    """A version 2 certificate's machine object -> the machine (names as
    given, blank ``symbols[0]``). Raises
    :class:`~arcot.errors.MalformedCertificate` naming the JSON path."""
    keys = {"states", "symbols", "start", "halt", "transitions"}
    if not isinstance(obj, dict) or set(obj) != keys:
        raise MalformedCertificate(
            f"must be an object of exactly {', '.join(sorted(keys))}", path="$.machine"
        )
    lists: dict[str, list[str]] = {}
    for key in ("states", "symbols"):
        items = obj[key]
        if not isinstance(items, list) or not items:
            raise MalformedCertificate(
                "must be a non-empty list of names", path=f"$.machine.{key}"
            )
        for i, x in enumerate(items):
            if not is_name(x):
                raise MalformedCertificate(
                    f"{_show(x)} is not a name", path=f"$.machine.{key}[{i}]"
                )
        if len(set(items)) != len(items):
            raise MalformedCertificate("names a value twice", path=f"$.machine.{key}")
        lists[key] = items
    states, symbols = lists["states"], lists["symbols"]
    if 1 + len(symbols) * (1 + len(states)) > MAX_VOCABULARY:
        raise MalformedCertificate(
            f"more than {MAX_VOCABULARY} tokens", path="$.machine"
        )
    if obj["start"] not in states:
        raise MalformedCertificate("must be one of the states", path="$.machine.start")
    halts = obj["halt"]
    if not (isinstance(halts, list) and all(isinstance(h, str) and h in states
                                            for h in halts)
            and len(set(halts)) == len(halts)):
        raise MalformedCertificate("must be distinct states", path="$.machine.halt")
    rows = obj["transitions"]
    if not isinstance(rows, list):
        raise MalformedCertificate("must be a list", path="$.machine.transitions")
    transitions: dict[tuple[str, str], tuple[str, str, str]] = {}
    for i, t in enumerate(rows):
        path = f"$.machine.transitions[{i}]"
        if not (isinstance(t, list) and len(t) == 5
                and all(isinstance(x, str) for x in t)
                and t[0] in states and t[1] in symbols and t[2] in symbols
                and t[3] in ("L", "R", "N") and t[4] in states):
            raise MalformedCertificate(
                "must be [STATE, SYMBOL, WRITE, MOVE, NEXT] of listed names, MOVE "
                "one of L, R, N", path=path,
            )
        if t[0] in halts:
            raise MalformedCertificate(f"halt state {t[0]} has a transition", path=path)
        if (t[0], t[1]) in transitions:
            raise MalformedCertificate(
                f"a second transition for ({t[0]}, {t[1]})", path=path
            )
        transitions[t[0], t[1]] = (t[2], t[3], t[4])
    return TuringMachine(
        states=states, symbols=symbols, start=obj["start"], halt_states=halts,
        transitions=transitions, blank=symbols[0],
    )


def _held_machine(held: str | Mapping[str, Any]) -> TuringMachine:
    """The machine a certificate holds: standard text, or a version 2 object."""
    return parse_tm(held) if isinstance(held, str) else machine_from_object(dict(held))


def _fits_standard_text(machine: TuringMachine) -> bool:
    """Whether version 1's standard text can hold ``machine`` (renamed)."""
    try:
        format_tm(machine)
    except FormatError:
        return False
    return True


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


def _integer(value: object, path: str, *, nonzero: bool) -> int:
    if type(value) is not int or (nonzero and value == 0):
        raise MalformedCertificate(
            f"{_show(value)} is not {'a nonzero' if nonzero else 'an'} integer",
            path=path,
        )
    if abs(value) >= 10**MAX_DIGITS:
        raise MalformedCertificate(f"more than {MAX_DIGITS} digits", path=path)
    return value


def _hint_rows(obj: object) -> tuple[int, object, list[Any]]:
    """The hints' shape both encodings share: ``(count, min_margin as given,
    the window rows)``; each encoding reads the margin and the rows itself."""
    if not isinstance(obj, dict) or set(obj) != {"count", "min_margin", "windows"}:
        raise MalformedCertificate(
            "needs exactly count, min_margin, windows", path="$.hints"
        )
    count = _integer(obj["count"], "$.hints.count", nonzero=False)
    if not isinstance(obj["windows"], list):
        raise MalformedCertificate("must be a list", path="$.hints.windows")
    return count, obj["min_margin"], obj["windows"]


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
