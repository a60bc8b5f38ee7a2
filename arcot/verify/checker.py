"""The trusted certificate checker: standard library only, nothing from arcot.

Usage: ``python -m arcot.verify.checker CERT`` (or run this file with any
Python 3.11+, even ``python -I -S``). Exit 0 verified, 1 rejected (a claim
is false), 2 malformed (the document does not parse; the message gives the
JSON path). The format is specified in ``proofs/README.md``. This file
parses the machine (standard text in version 1, an object of names in
version 2), derives the tableau vocabulary and local rule,
enumerates the windows and checks every claim in exact rational arithmetic
(for the circuit encoding: every threshold gate, in integers) on its own,
so a bug elsewhere in arcot cannot make it accept a false certificate.
"""

import hashlib
import itertools
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from operator import itemgetter
from typing import Any

VERIFIED, REJECTED, MALFORMED = "verified", "rejected", "malformed"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SLOTS = {"additive": {"L": 1, "M": 1, "R": 1}, "pairwise": {"M": 1, "LM": 2, "MR": 2}}
CELLS = {"L": (0,), "M": (1,), "R": (2,), "LM": (0, 1), "MR": (1, 2)}  # of (L, M, R)
REQUIRED = ("format", "version", "machine", "encoding", "features", "scope",
            "weights", "hints", "sha256")
OPTIONAL = ("inputs", "renaming", "producer", "why_invalid")
# The budget (proofs/README.md): every check ends within a cost these bound.
MAX_INPUTS, MAX_STEPS = 100_000, 1_000_000  # inputs of an inputs:N scope; per run
MAX_WORK = 1_000_000  # input cells plus steps, over every run of an inputs:N scope
MAX_DIGITS, MAX_DEPTH = 1000, 16  # digits of a number; nesting of the JSON
MAX_TERMS = 100_000_000  # weights (or gate weights) summed over all windows
MAX_VOCABULARY, MAX_WINDOWS = 10_000, 20_000_000  # of a version 2 machine
RATIO = re.compile(r"-?[1-9][0-9]*/[1-9][0-9]*")
INPUTS = re.compile(r"inputs:(0|[1-9][0-9]{0,5})")
MOVES = ("L", "R", "N")  # N: the head stays (version 2)
Token = Any  # "#", a symbol name, or a head (state name, symbol name)


class Malformed(Exception):
    """The document does not follow the format; ``path`` locates the fault."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")


class Rejected(Exception):
    """The document parses, but a claim in it is false."""


def digest(doc: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``doc`` without its ``sha256`` field."""
    body = {k: v for k, v in doc.items() if k != "sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _check_totals(doc: dict[str, Any], claimed: Any, low: Any, what: str) -> None:
    """The claimed least margin (or slack) and the seal, checked last."""
    if low != claimed:
        raise Rejected(f"hints.min_margin: the least {what} is {low}, "
                       f"the certificate claims {claimed}")
    if digest(doc) != doc["sha256"]:
        raise Rejected("sha256: the document was changed after it was sealed "
                       f"(its digest is {digest(doc)})")


def member(path: str, key: str) -> str:
    """The JSON path of ``key`` in the object at ``path``; a key that is not
    a plain name is quoted as JSON (so no character of it reaches the
    message raw)."""
    if re.fullmatch("[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key)}]"


def show(value: Any) -> str:
    """A short quotation of a JSON value for a message (depth is bounded by
    load, so repr cannot recurse far)."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**60 else "int"
    return text if len(text) <= 60 else text[:57] + "..."


def number(value: Any, path: str, nonzero: bool = True) -> Fraction | int:
    """An integer, or a string "p/q" in lowest terms with q > 1."""
    if type(value) is int:
        if nonzero and value == 0:
            raise Malformed(path, "zero weights must be left out")
        if abs(value) >= 10**MAX_DIGITS:
            raise Malformed(path, f"more than {MAX_DIGITS} digits")
        return value  # exact; ints mix exactly with Fractions
    if isinstance(value, str) and RATIO.fullmatch(value):
        if max(len(x.lstrip("-")) for x in value.split("/")) > MAX_DIGITS:
            raise Malformed(path, f"more than {MAX_DIGITS} digits")
        p, q = (int(x) for x in value.split("/"))
        if q > 1 and Fraction(p, q).denominator == q:
            return Fraction(p, q)
    raise Malformed(path, f"{show(value)} is not an integer or a 'p/q' in "
                    "lowest terms")


def parse_machine(text: Any) -> tuple[list[str], list[str], dict[Token, Any]]:
    """Compact standard text -> (states in vocabulary order, symbols, rules)."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9A-Z_\-LR]+", text):
        raise Malformed("$.machine", f"{show(text)} is not compact standard text")
    groups = text.split("_")
    n, k = len(groups), len(groups[0]) // 3
    if n > 25 or not 1 <= k <= 10:
        raise Malformed("$.machine", f"{n} states and {k} symbols: out of range")
    symbols = [str(d) for d in range(k)]
    rules, halts = {}, set()
    for i, group in enumerate(groups):
        if len(group) != 3 * k:
            raise Malformed("$.machine", f"state {LETTERS[i]} has not {k} rules")
        for j in range(k):
            cell = group[3 * j : 3 * j + 3]
            if cell == "---":
                continue  # undefined: the machine stops
            w, move, q = cell[0], cell[1], cell[2]
            if not (w.isdigit() and int(w) < k and move in "LR" and q in LETTERS):
                raise Malformed("$.machine", f"bad transition {cell!r}")
            if LETTERS.index(q) >= n:
                halts.add(q)  # a letter past the last state halts
            rules[LETTERS[i], symbols[j]] = (w, move, q)
    return list(LETTERS[:n]) + sorted(halts), symbols, rules


def is_name(value: Any) -> bool:
    """A version 2 state or symbol name: 1..64 printable ASCII characters,
    none of space ( ) , # " \\ (so no token name can read two ways)."""
    return (isinstance(value, str) and 1 <= len(value) <= 64
            and all("!" <= ch <= "~" and ch not in '(),#"\\' for ch in value))


def parse_machine_object(obj: Any) -> tuple[list[str], list[str], dict[Token, Any],
                                             str]:
    """A version 2 machine -> (states, symbols, rules, start)."""
    fields = ["halt", "start", "states", "symbols", "transitions"]
    if not isinstance(obj, dict) or sorted(obj) != fields:
        raise Malformed("$.machine", f"must be exactly {', '.join(fields)}")
    states, symbols = obj["states"], obj["symbols"]
    for key, items in (("states", states), ("symbols", symbols)):
        if not isinstance(items, list) or not items:
            raise Malformed(f"$.machine.{key}", "must be a non-empty list of names")
        for i, x in enumerate(items):
            if not is_name(x):
                raise Malformed(f"$.machine.{key}[{i}]", f"{show(x)} is not a name")
        if len(set(items)) != len(items):
            raise Malformed(f"$.machine.{key}", "names a value twice")
    size = 1 + len(symbols) * (1 + len(states))  # the vocabulary, derived below
    if size > MAX_VOCABULARY:
        raise Malformed("$.machine", f"{size} tokens: more than {MAX_VOCABULARY}")
    if obj["start"] not in states:
        raise Malformed("$.machine.start", "must be one of the states")
    halts = obj["halt"]
    if not (isinstance(halts, list) and all(h in states for h in halts)
            and len(set(halts)) == len(halts)):
        raise Malformed("$.machine.halt", "must be distinct states")
    if not isinstance(obj["transitions"], list):
        raise Malformed("$.machine.transitions", "must be a list")
    rules: dict[Token, Any] = {}
    for i, t in enumerate(obj["transitions"]):
        path = f"$.machine.transitions[{i}]"
        if not (isinstance(t, list) and len(t) == 5 and t[0] in states
                and t[1] in symbols and t[2] in symbols and t[3] in MOVES
                and t[4] in states):
            raise Malformed(path, "must be [STATE, SYMBOL, WRITE, MOVE, NEXT] of "
                            "listed names, MOVE one of L, R, N")
        if t[0] in halts:
            raise Malformed(path, f"halt state {t[0]} has a transition")
        if (t[0], t[1]) in rules:
            raise Malformed(path, f"a second transition for ({t[0]}, {t[1]})")
        rules[t[0], t[1]] = (t[2], t[3], t[4])
    return states, symbols, rules, obj["start"]


def token(text: str) -> Token:
    """A token name -> "#", a symbol, or a head (state, symbol). Names hold
    no parenthesis or comma, so "(q,a)" is a head and nothing else."""
    m = re.fullmatch(r"\(([^(),]+),([^(),]+)\)", text)
    return (m.group(1), m.group(2)) if m else text


def name(tok: Token) -> str:
    """A token -> its name."""
    return f"({tok[0]},{tok[1]})" if isinstance(tok, tuple) else str(tok)


def rule(rules: dict[Token, Any], left: Token, middle: Token, right: Token) -> Token:
    """The tableau's local rule: the next token of the middle cell."""
    if middle == "#":
        return "#"  # a delimiter stays
    if isinstance(middle, tuple):
        t = rules.get(middle)
        if t is None:
            return middle  # stopped: stays
        return (t[2], t[0]) if t[1] == "N" else t[0]  # stays in place; or leaves w
    for side, move in ((left, "R"), (right, "L")):
        t = rules.get(side) if isinstance(side, tuple) else None
        if t is not None and t[1] == move:
            return (t[2], middle)  # a head moves in
    return middle


Entry = tuple[tuple[str, ...], Any]


def at(path: str, toks: tuple[str, ...]) -> str:
    """The JSON path of the entry keyed ``toks`` below ``path``."""
    return path + "".join(f"[{json.dumps(t)}]" for t in toks)


def leaves(obj: Any, depth: int, path: str, above: tuple[str, ...] = ()
           ) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """The innermost objects of {t: w} (depth 1) or {t: {u: w}} (depth 2),
    each with the tokens above it; an entry's path is ``at(path, tokens)``,
    made only for a message."""
    if not isinstance(obj, dict) or not obj:
        raise Malformed(at(path, above), "must be a non-empty object keyed by "
                        "token names")
    if depth == 1:
        yield above, obj
    else:
        for t, v in obj.items():
            yield from leaves(v, depth - 1, path, (*above, t))


def entries(obj: Any, depth: int, path: str) -> Iterator[Entry]:
    """Flatten {t: w} (depth 1) or {t: {u: w}} (depth 2) to (tokens, w)."""
    for above, inner in leaves(obj, depth, path):
        for t, v in inner.items():
            yield (*above, t), v


def well_formed(above: tuple[str, ...], inner: dict[str, Any], known: set[str],
                read: set[Any]) -> bool:
    """Whether every entry of an innermost weights object names vocabulary
    tokens and holds a weight (``read``: the values already found to be
    one, each read once)."""
    values = inner.values()
    if not (known.issuperset(above) and known.issuperset(inner)
            and set(map(type, values)) <= {int, str}):
        return False
    try:
        for v in set(values) - read:
            number(v, "")
    except Malformed:
        return False
    return True


def names(obj: Any, path: str) -> list[str]:
    """A list of distinct strings."""
    if not (isinstance(obj, list) and all(isinstance(x, str) for x in obj)):
        raise Malformed(path, "must be a list of strings")
    if len(set(obj)) != len(obj):
        raise Malformed(path, "names a value twice")
    return obj


def parse_renaming(obj: Any) -> None:
    """{"states": {LETTER: NAME}, "symbols": {DIGIT: NAME}} and optionally
    "dropped": {"states": [NAME], "coordinates": [[OUTPUT, SLOT, TOKEN...]]}."""
    if not (isinstance(obj, dict) and {"states", "symbols"} <= set(obj)
            <= {"states", "symbols", "dropped"}):
        raise Malformed("$.renaming", "must be {states, symbols} (and dropped)")
    for key in ("states", "symbols"):
        part = obj[key]
        if not (isinstance(part, dict)
                and all(isinstance(v, str) for v in part.values())):
            raise Malformed(f"$.renaming.{key}", "must map names to strings")
    if "dropped" in obj:
        gone = obj["dropped"]
        if not isinstance(gone, dict) or sorted(gone) != ["coordinates", "states"]:
            raise Malformed("$.renaming.dropped", "must be {states, coordinates}")
        names(gone["states"], "$.renaming.dropped.states")
        coords = gone["coordinates"]
        if not isinstance(coords, list):
            raise Malformed("$.renaming.dropped.coordinates", "must be a list")
        for i, c in enumerate(coords):
            path = f"$.renaming.dropped.coordinates[{i}]"
            if not (isinstance(c, list) and len(c) in (3, 4)
                    and all(isinstance(x, str) for x in c)):
                raise Malformed(path, "must be [OUTPUT, SLOT, TOKEN] or "
                                "[OUTPUT, SLOT, TOKEN, TOKEN]")


def check_renaming(doc: dict[str, Any], states: list[str], symbols: list[str]
                   ) -> None:
    """The renaming is a bijection onto the machine's states and symbols."""
    if "renaming" not in doc:
        return
    ren = doc["renaming"]
    for key, domain in (("states", states), ("symbols", symbols)):
        part = ren[key]
        if sorted(part) != sorted(domain):
            raise Rejected(f"renaming.{key} names {sorted(part)}; the machine "
                           f"has {sorted(domain)}")
        if len(set(part.values())) != len(part):
            raise Rejected(f"renaming.{key}: two {key} have one name")
    gone = ren.get("dropped", {}).get("states", [])
    if set(gone) & set(ren["states"].values()):
        raise Rejected("renaming.dropped.states names a state the machine keeps")


def parse(doc: Any) -> dict[str, Any]:
    """Check the document's shape; return what the claims need."""
    if not isinstance(doc, dict):
        raise Malformed("$", "a certificate is a JSON object")
    for key in REQUIRED:
        if key not in doc:
            raise Malformed(f"$.{key}", "missing")
    for key in doc:
        if key not in REQUIRED + OPTIONAL:
            raise Malformed(member("$", key), "unknown field")
    if doc["format"] != "arcot-certificate":
        raise Malformed("$.format", "must be 'arcot-certificate'")
    version = doc["version"]
    if type(version) is not int or version not in (1, 2):
        raise Malformed("$.version", f"{show(version)}: this checker reads 1 and 2")
    if version == 2 and "renaming" in doc:
        raise Malformed("$.renaming", "version 2 has no renaming: the machine "
                        "holds the names")
    for key in ("producer", "why_invalid"):
        if key in doc and not isinstance(doc[key], str):
            raise Malformed(f"$.{key}", "must be a string")
    if "renaming" in doc:
        parse_renaming(doc["renaming"])
    if not (isinstance(doc["sha256"], str)
            and re.fullmatch("[0-9a-f]{64}", doc["sha256"])):
        raise Malformed("$.sha256", "must be 64 lowercase hex digits")
    if version == 1:
        states, symbols, rules = parse_machine(doc["machine"])
        start = "A"
    else:
        states, symbols, rules, start = parse_machine_object(doc["machine"])
    enc = doc["encoding"]
    if isinstance(enc, dict) and enc.get("name") == "circuit":
        if version == 2:
            raise Malformed("$.encoding", "version 2 holds the tableau encoding only")
        return parse_circuit(doc, states, symbols, rules)
    if not isinstance(enc, dict) or sorted(enc) != ["delimiter", "name", "vocabulary"]:
        raise Malformed("$.encoding", "needs exactly name, delimiter, vocabulary")
    if enc["name"] != "tableau" or enc["delimiter"] != "#":
        raise Malformed("$.encoding", "the encodings are tableau (delimiter '#') "
                        "and circuit")
    vocab = enc["vocabulary"]
    if not (isinstance(vocab, list) and all(isinstance(t, str) for t in vocab)
            and len(set(vocab)) == len(vocab)):
        raise Malformed("$.encoding.vocabulary", "must be a list of distinct strings")
    kind = doc["features"]
    if not isinstance(kind, str) or kind not in SLOTS:
        raise Malformed("$.features", "must be 'additive' or 'pairwise'")
    scope = doc["scope"]
    n = INPUTS.fullmatch(scope) if isinstance(scope, str) else None
    if n is not None and int(n.group(1)) > MAX_INPUTS:
        n = None
    if scope != "windows" and n is None:
        raise Malformed("$.scope", "must be 'windows' or 'inputs:N' with N a "
                        f"canonical decimal 0..{MAX_INPUTS}")
    if (n is None) == ("inputs" in doc):
        raise Malformed("$.inputs", "required with an inputs:N scope, and only then")
    n_windows = count_windows(len(states), len(symbols))
    if n is None and n_windows > MAX_WINDOWS:
        raise Malformed("$.machine", f"{n_windows} windows to check: more than "
                        f"{MAX_WINDOWS}")
    alphabet, max_steps, work = [], 0, 0
    if n is not None:
        inp = doc["inputs"]
        if not isinstance(inp, dict) or sorted(inp) != ["alphabet", "max_steps"]:
            raise Malformed("$.inputs", "needs exactly alphabet, max_steps")
        alphabet, max_steps = inp["alphabet"], inp["max_steps"]
        if not (isinstance(alphabet, list) and all(isinstance(a, str) for a in alphabet)
                and len(set(alphabet)) == len(alphabet)
                and all(a in symbols for a in alphabet)):
            raise Malformed("$.inputs.alphabet", "must be distinct machine symbols")
        if type(max_steps) is not int or not 0 <= max_steps <= MAX_STEPS:
            raise Malformed("$.inputs.max_steps", f"must be an integer 0..{MAX_STEPS}")
        words, work = count_words(len(alphabet), int(n.group(1)))
        if words > MAX_INPUTS:
            raise Malformed("$.scope", f"more than {MAX_INPUTS} inputs to check")
        if work > MAX_WORK:
            raise Malformed("$.scope", f"the inputs hold more than {MAX_WORK} cells")
    known = set(vocab)
    # (slot, tokens above) -> [(output token, {token: weight as written})]
    table: dict[tuple[str, ...], list[tuple[str, dict[str, Any]]]] = {}
    read: set[Any] = set()  # the weights (as written) already found well formed
    if not isinstance(doc["weights"], dict):
        raise Malformed("$.weights", "must be an object")
    for y, row in doc["weights"].items():
        path = f"$.weights[{json.dumps(y)}]"
        if y not in known or not isinstance(row, dict) or not row:
            raise Malformed(path, "must be a vocabulary token -> non-empty object")
        for slot, obj in row.items():
            if slot not in SLOTS[kind]:
                raise Malformed(member(path, slot), f"not a slot of {kind} features")
            where = f"{path}.{slot}"
            for above, inner in leaves(obj, SLOTS[kind][slot], where):
                if not well_formed(above, inner, known, read):
                    for t, v in inner.items():  # the first fault, at its path
                        if not known.issuperset((*above, t)):
                            raise Malformed(at(where, (*above, t)), "names a "
                                            "token outside the vocabulary")
                        number(v, at(where, (*above, t)))
                read.update(inner.values())
                # kept as written: common_denominator converts each value once
                table.setdefault((slot, *above), []).append((y, inner))
    hints = doc["hints"]
    if version == 2:  # no rows: the checker derives every window's output and margin
        if not isinstance(hints, dict) or sorted(hints) != ["count", "min_margin"]:
            raise Malformed("$.hints", "needs exactly count, min_margin")
    elif not isinstance(hints, dict) or sorted(hints) != ["count", "min_margin",
                                                          "windows"]:
        raise Malformed("$.hints", "needs exactly count, min_margin, windows")
    integer(hints["count"], "$.hints.count", False)
    least = number(hints["min_margin"], "$.hints.min_margin", nonzero=False)
    rows = hints.get("windows")
    if version == 1 and not isinstance(rows, list):
        raise Malformed("$.hints.windows", "must be a list")
    margins = []
    for i, h in enumerate(rows or ()):
        path = f"$.hints.windows[{i}]"
        if not (isinstance(h, list) and len(h) == 5
                and all(isinstance(t, str) and t in known for t in h[:4])):
            raise Malformed(path, "must be [L, M, R, output, margin] of tokens")
        margins.append(number(h[4], f"{path}[4]", nonzero=False))
    return {"states": states, "symbols": symbols, "rules": rules, "vocab": vocab,
            "kind": kind, "table": table, "read": read, "count": hints["count"],
            "least": least,
            "hints": rows, "margins": margins, "start": start,
            "n": n and int(n.group(1)), "alphabet": alphabet, "max_steps": max_steps,
            "budget": MAX_WORK - work}


def count_windows(states: int, symbols: int) -> int:
    """How many windows the windows scope has, counted before they are listed:
    (any, #, any), (plain, symbol, any), (head, symbol, plain), (plain, head,
    plain), where # and the symbols are plain and the heads states x symbols."""
    plain, heads = 1 + symbols, states * symbols
    size = plain + heads
    return size * size + symbols * (plain * size + heads * plain) + heads * plain**2


def runs(windows: list[tuple[int, int, int]]) -> Iterator[tuple[int, int, int]]:
    """The first window of each run of windows that share (L, M)."""
    return (next(group) for _, group in itertools.groupby(windows, itemgetter(0, 1)))


def claims(doc: dict[str, Any], c: dict[str, Any]) -> str:
    """Check every claim; raise Rejected at the first false one."""
    check_renaming(doc, c["states"], c["symbols"])
    if c.get("encoding") == "circuit":
        return circuit_claims(doc, c)
    vocab, table = c["vocab"], c["table"]
    derived = ["#", *c["symbols"], *(f"({q},{a})" for q in c["states"]
                                     for a in c["symbols"])]
    if vocab != derived:
        raise Rejected(f"encoding.vocabulary does not match the machine: expected "
                       f"{derived}, got {vocab}")
    tokens = [token(t) for t in vocab]
    head = [isinstance(t, tuple) for t in tokens]
    if c["n"] is None:
        every = range(len(vocab))
        plain = [d for d in every if not head[d]]  # the right cells allowed
        windows = [(a, b, d) for a in every for b in every
                   for d in (every if vocab[b] == "#" or not head[a] + head[b]
                             else plain if head[a] + head[b] == 1 else ())]
    else:
        windows = run_windows(c, vocab, tokens)
    if not windows:
        raise Rejected("the scope has no window: nothing is claimed")
    # the weights by slot, keyed by the ids of the cells the slot reads (one
    # id, or a pair), each key's weights a dict token id -> weight
    ids = {t: i for i, t in enumerate(vocab)}
    index = {t: i for i, t in enumerate(tokens)}
    value, scale = common_denominator(c["read"])
    lookups: dict[str, dict[Any, dict[int, Fraction | int]]] = {
        slot: {} for slot in SLOTS[c["kind"]]}
    for (slot, *above), rows in table.items():
        tab = lookups[slot]
        for y, inner in rows:
            yid = ids[y]
            for t, v in inner.items():
                cell = (ids[above[0]], ids[t]) if above else ids[t]
                tab.setdefault(cell, {})[yid] = value[v]
    # windows come sorted, so each (L, M) is one run of them: the slots that
    # read no R cell are summed once per run (``base``) and its tokens ranked
    # by that sum; a window then adds the R slot's weights (``touched``), and
    # the best other token is a touched one or the first untouched in rank.
    # A margin depends on the base, the R slot's key and the wanted token
    # only, so windows that share the three (often: every (x, #, y) has the
    # same base) are scored once (``margins``)
    left = [(itemgetter(*CELLS[slot]), tab) for slot, tab in lookups.items()
            if 2 not in CELLS[slot]]
    [(right, weights)] = [(itemgetter(*CELLS[slot]), tab)
                          for slot, tab in lookups.items() if 2 in CELLS[slot]]
    budget_terms(
        sum(len(tab.get(cells(w), ())) for w in runs(windows) for cells, tab in left)
        + sum(n * len(weights.get(key, ())) for key, n in Counter(map(right, windows)
                                                                  ).items()))
    hints = c["hints"]
    if hints is None and c["count"] != len(windows):
        raise Rejected(f"the scope has {len(windows)} windows; the certificate "
                       f"claims {c['count']}")
    if hints is not None and (len(hints) != len(windows) or c["count"] != len(windows)):
        raise Rejected(f"the scope has {len(windows)} windows; the hints list "
                       f"{len(hints)} and claim {c['count']}")

    def where(i: int, a: int, b: int, d: int) -> str:
        return f"window {i} ({vocab[a]}, {vocab[b]}, {vocab[d]})"

    low, rules, size = None, c["rules"], len(vocab)
    run: tuple[int, int] | None = None
    base: dict[int, Fraction | int] = {}
    ranked: list[int] = []
    nothing: dict[int, Fraction | int] = {}
    bases: dict[frozenset[tuple[int, Fraction | int]], int] = {}  # base -> its id
    margins: dict[tuple[int, Any, int], Fraction | int] = {}
    for i, (a, b, d) in enumerate(windows):
        if run != (a, b):
            run, base = (a, b), {}
            for cells, tab in left:
                for y, w in tab.get(cells((a, b, d)), nothing).items():
                    base[y] = base.get(y, 0) + w
            ranked = sorted(base, key=base.__getitem__, reverse=True)
            same = bases.setdefault(frozenset(base.items()), len(bases))
        want = index[rule(rules, tokens[a], tokens[b], tokens[d])]
        if hints is not None:  # version 1: the hint row must name the window
            h = hints[i]
            if h[0] != vocab[a] or h[1] != vocab[b] or h[2] != vocab[d]:
                raise Rejected(f"{where(i, a, b, d)}: the hint is for "
                               f"({', '.join(h[:3])})")
            if h[3] != vocab[want]:
                raise Rejected(f"{where(i, a, b, d)}: expected {vocab[want]} by "
                               f"the local rule, the certificate claims {h[3]}")
        key = (same, right((a, b, d)), want)
        margin = margins.get(key)
        if margin is None:
            row = weights.get(key[1], nothing)
            margin, best = margin_of(base, ranked, row, want, size)
            if margin <= 0:
                scores = {**base, **{y: base.get(y, 0) + w for y, w in row.items()}}
                got = next(y for y in range(size)
                           if y != want and scores.get(y, 0) == best)
                raise Rejected(f"{where(i, a, b, d)}: expected {vocab[want]}, the "
                               f"predictor gives {vocab[got]} (margin "
                               f"{Fraction(margin) / scale})")
            margins[key] = margin
        if hints is not None and c["margins"][i] * scale != margin:
            raise Rejected(f"{where(i, a, b, d)}: the margin is "
                           f"{Fraction(margin) / scale}, the certificate claims "
                           f"{hints[i][4]}")
        low = margin if low is None or margin < low else low
    least = Fraction(low) / scale  # type: ignore[arg-type]
    _check_totals(doc, c["least"], least, "margin")
    return f"{len(windows)} windows, least margin {least}"


def margin_of(base: dict[int, Any], ranked: list[int], row: dict[int, Any],
              want: int, size: int) -> tuple[Any, Any]:
    """A window's margin and the best other score, from the run's ``base``
    scores (``ranked``: its tokens by score, best first), the R slot's
    weights ``row`` and the wanted token, of ``size`` tokens in all."""
    touched = {y: base.get(y, 0) + w for y, w in row.items()}
    mine = touched.pop(want) if want in touched else base.get(want, 0)
    best = max(touched.values()) if touched else None
    for y in ranked:  # each token skipped is the wanted one or touched
        if y != want and y not in row:
            best = base[y] if best is None or base[y] > best else best
            break
    if (best is None or best < 0) and len(base.keys() | row.keys() | {want}) < size:
        best = 0  # a token without weights scores 0
    return mine - best, best


def common_denominator(values: set[Any]) -> tuple[dict[Any, Fraction | int], int]:
    """Each weight as written -> it as an integer over the weights' least
    common denominator, and that denominator: scores then add integers, not
    fractions. A common denominator of more than MAX_DIGITS digits (each
    weight may have a 1000-digit one) keeps the fractions, with a scale of 1."""
    exact = {v: number(v, "$.weights") for v in values}
    scale = 1
    for w in exact.values():
        if type(w) is not int:
            scale = scale * w.denominator // math.gcd(scale, w.denominator)
            if scale >= 10**MAX_DIGITS:
                return exact, 1
    return {v: int(w * scale) for v, w in exact.items()}, scale


# -- the circuit encoding: one threshold gate per cell token ------------


def integer(value: Any, path: str, nonzero: bool = True) -> int:
    """A JSON integer of at most MAX_DIGITS digits (a count, a gate's weight,
    threshold or slack)."""
    if type(value) is not int or (nonzero and value == 0):
        kind = "a nonzero" if nonzero else "an"
        raise Malformed(path, f"{show(value)} is not {kind} integer")
    if abs(value) >= 10**MAX_DIGITS:
        raise Malformed(path, f"more than {MAX_DIGITS} digits")
    return value


def parse_circuit(doc: dict[str, Any], states: list[str], symbols: list[str],
                  rules: dict[Token, Any]) -> dict[str, Any]:
    """The circuit certificate's fields (proofs/README.md, 'Circuit')."""
    enc = doc["encoding"]
    if sorted(enc) != ["boundary", "cells", "name"] or enc["boundary"] != "zero":
        raise Malformed("$.encoding", "a circuit encoding is exactly name, cells "
                        "and boundary 'zero'")
    cells = enc["cells"]
    if not (isinstance(cells, list) and all(isinstance(t, str) for t in cells)
            and len(set(cells)) == len(cells)):
        raise Malformed("$.encoding.cells", "must be a list of distinct strings")
    if doc["features"] != "threshold":
        raise Malformed("$.features", "the circuit encoding's gates are 'threshold'")
    if doc["scope"] != "windows" or "inputs" in doc:
        raise Malformed("$.scope", "a circuit certificate has the windows scope "
                        "and no inputs")
    gates, known = doc["weights"], set(cells)
    if not isinstance(gates, dict) or sorted(gates) != sorted(cells):
        raise Malformed("$.weights", "must hold one gate per cell, keyed by cell")
    table: dict[tuple[str, str], list[tuple[str, int]]] = {}
    thresholds = {}
    for v, gate in gates.items():
        path = f"$.weights[{json.dumps(v)}]"
        if not (isinstance(gate, dict) and "threshold" in gate
                and set(gate) <= {"threshold", "L", "M", "R"}):
            raise Malformed(path, "must be {threshold, L, M, R} (L, M, R optional)")
        thresholds[v] = integer(gate["threshold"], f"{path}.threshold", False)
        for slot in sorted(set(gate) - {"threshold"}):
            where = f"{path}.{slot}"
            for (t,), w in entries(gate[slot], 1, where):
                if t not in known:
                    raise Malformed(at(where, (t,)), "names a token outside the cells")
                table.setdefault((slot, t), []).append((v, integer(w, at(where, (t,)))))
    hints = doc["hints"]
    if not isinstance(hints, dict) or sorted(hints) != ["count", "min_margin",
                                                        "windows"]:
        raise Malformed("$.hints", "needs exactly count, min_margin, windows")
    count = integer(hints["count"], "$.hints.count", False)
    least = integer(hints["min_margin"], "$.hints.min_margin", False)
    if not isinstance(hints["windows"], list):
        raise Malformed("$.hints.windows", "must be a list")
    margins = []
    for i, h in enumerate(hints["windows"]):
        path = f"$.hints.windows[{i}]"
        if not (isinstance(h, list) and len(h) == 5 and all(
                (t is None and j in (0, 2)) or (isinstance(t, str) and t in known)
                for j, t in enumerate(h[:4]))):
            raise Malformed(path, "must be [L or null, M, R or null, output, slack]")
        margins.append(integer(h[4], f"{path}[4]", False))
    return {"encoding": "circuit", "states": states, "symbols": symbols,
            "rules": rules, "cells": cells, "table": table, "thresholds": thresholds,
            "count": count, "least": least, "hints": hints["windows"],
            "margins": margins}


def circuit_claims(doc: dict[str, Any], c: dict[str, Any]) -> str:
    """Every gate fires exactly when the local rule gives its cell token."""
    cells, table, thresholds = c["cells"], c["table"], c["thresholds"]
    derived = [*c["symbols"], *(f"({q},{a})" for q in c["states"]
                                for a in c["symbols"])]
    if cells != derived:
        raise Rejected(f"encoding.cells does not match the machine: expected "
                       f"{derived}, got {cells}")
    index = {v: i for i, v in enumerate(cells)}
    tokens = [token(t) for t in cells]
    head = [isinstance(t, tuple) for t in tokens]
    side = [None, *range(len(cells))]  # None: the neighbour outside the window
    plain = [None, *(x for x in range(len(cells)) if not head[x])]
    windows = [(a, b, d) for a in side for b in range(len(cells))
               if not (head[b] and a is not None and head[a])
               for d in (plain if head[b] or (a is not None and head[a]) else side)]
    terms = sum(len(table.get((slot, cells[x]), ())) for w in windows
                for slot, x in zip("LMR", w, strict=True) if x is not None)
    budget_terms(terms)
    if len(c["hints"]) != len(windows) or c["count"] != len(windows):
        raise Rejected(f"the scope has {len(windows)} windows; the hints list "
                       f"{len(c['hints'])} and claim {c['count']}")
    # gates no coordinate of a window touches sum 0: their slack is the threshold
    untouched = sorted((thr, index[v], v) for v, thr in thresholds.items())
    low = None
    for i, ((a, b, d), h, claimed) in enumerate(
        zip(windows, c["hints"], c["margins"], strict=True)
    ):
        names = [None if x is None else cells[x] for x in (a, b, d)]
        where = f"window {i} ({', '.join(n or 'outside' for n in names)})"
        if h[:3] != names:
            raise Rejected(f"{where}: the hint is for {h[:3]}")
        want = name(rule(c["rules"], *(None if x is None else tokens[x]
                                        for x in (a, b, d))))
        if h[3] != want:
            raise Rejected(f"{where}: expected {want} by the local rule, "
                           f"the certificate claims {h[3]}")
        sums = {want: 0}
        for slot, n in zip("LMR", names, strict=True):
            for v, w in table.get((slot, n), ()) if n is not None else ():
                sums[v] = sums.get(v, 0) + w
        slack = [(s - thresholds[v] + 1 if v == want else thresholds[v] - s,
                  index[v], v) for v, s in sums.items()]
        rest = (u for u in untouched if u[2] not in sums)  # least threshold
        slack += [next(rest)] if len(sums) < len(cells) else []
        margin, _, v = min(slack)
        if margin <= 0:
            fires = "does not fire" if v == want else "fires"
            raise Rejected(f"{where}: gate {v} {fires} (sum {sums.get(v, 0)}, "
                           f"threshold {thresholds[v]}); the local rule gives {want}")
        if claimed != margin:
            raise Rejected(f"{where}: the least slack is {margin}, the certificate "
                           f"claims {claimed}")
        low = margin if low is None else min(low, margin)
    _check_totals(doc, c["least"], low, "slack")
    return f"{len(windows)} windows, every gate right, least slack {low}"


def budget_terms(terms: int) -> None:
    """Scoring every window adds ``terms`` weights: at most MAX_TERMS."""
    if terms > MAX_TERMS:
        raise Malformed("$.weights", f"scoring the windows adds {terms} weights, "
                        f"more than the budget of {MAX_TERMS}")


def count_words(letters: int, n: int) -> tuple[int, int]:
    """(how many words of length 0..n, their lengths plus one, summed);
    counting stops once either passes the budget."""
    words = work = 0
    for k in range(n + 1):
        count = letters**k
        words, work = words + count, work + count * (k + 1)
        if letters == 0 or words > MAX_INPUTS or work > MAX_WORK:
            break
    return words, work


def run(rules: dict[Token, Any], word: tuple[str, ...], max_steps: int,
        budget: int, start: str = "A", blank: str = "0") -> tuple[int, int, int]:
    """Run from cell 0 on ``word``: (least cell, greatest cell, steps); at
    most ``max_steps`` steps and ``budget`` steps."""
    tape, head, state, steps = dict(enumerate(word)), 0, start, 0
    lo, hi = 0, max(0, len(word) - 1)
    while (state, tape.get(head, blank)) in rules:
        if steps == max_steps:
            raise Rejected(f"the run on input {''.join(word)!r} does not stop "
                           f"within max_steps = {max_steps}")
        if steps == budget:
            raise Malformed("$.scope", f"the runs take more than the budget of "
                            f"{MAX_WORK} input cells and steps")
        w, move, state = rules[state, tape.get(head, blank)]
        tape[head] = w
        head += {"L": -1, "R": 1, "N": 0}[move]
        steps += 1
        lo, hi = min(lo, head), max(hi, head)
    return lo, hi, steps


def tableau_windows(rules: dict[Token, Any], word: tuple[str, ...], lo: int,
                    hi: int, steps: int, seen: set[tuple[Token, Token, Token]],
                    start: str = "A", blank: str = "0") -> None:
    """Add to ``seen`` the windows of the word's own tableau: cells lo..hi,
    rows 0..steps, each row the local rule applied to the row above.

    The token at row r, cell j is predicted from row r-1's cells j-1, j, j+1
    (# beyond either end); the row's # from (row r-2's last cell, #, row
    r-1's first cell), # before row 0. A row differs from the row above only
    next to the head, so only the windows there are new.
    """
    row: list[Token] = ["#"] + [
        (start, a) if cell == 0 else a for cell in range(lo, hi + 1)
        for a in [word[cell] if 0 <= cell < len(word) else blank]]
    width, last, near = hi - lo + 1, "#", range(1, hi - lo + 2)
    head = next((j for j in near if isinstance(row[j], tuple)), None)
    for _ in range(steps):
        seen.add((last, "#", row[1]))
        for j in near:
            seen.add((row[j - 1], row[j], row[j + 1] if j < width else "#"))
        last = row[width]
        if head is None:
            break  # nothing moves: every later window is already seen
        cells = range(max(1, head - 1), min(width, head + 1) + 1)
        row[cells.start : cells.stop] = [
            rule(rules, row[j - 1], row[j], row[j + 1] if j < width else "#")
            for j in cells]
        near = range(max(1, head - 2), min(width, head + 2) + 1)
        head = next((j for j in cells if isinstance(row[j], tuple)), None)


def run_windows(c: dict[str, Any], vocab: list[str], tokens: list[Token]
                ) -> list[tuple[int, int, int]]:
    """The windows the own tableaux of every input up to length N show,
    sorted (each input's tableau: the least cells covering its run, rows up
    to its last step)."""
    index = {t: i for i, t in enumerate(tokens)}
    seen: set[tuple[Token, Token, Token]] = set()
    budget, start, blank = c["budget"], c["start"], c["symbols"][0]
    for k in range(c["n"] + 1):
        for w in itertools.product(c["alphabet"], repeat=k):
            lo, hi, steps = run(c["rules"], w, c["max_steps"], budget, start, blank)
            budget -= steps
            tableau_windows(c["rules"], w, lo, hi, steps, seen, start, blank)
        if not c["alphabet"]:
            break
    return sorted((index[a], index[b], index[d]) for a, b, d in seen)


def load(text: str | bytes) -> Any:
    """JSON text -> object, refusing duplicate keys, NaN/Infinity, numbers
    that overflow to infinity and nesting deeper than MAX_DEPTH."""
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
        if x in (float("inf"), float("-inf")):
            raise ValueError(f"{word[:20]} overflows to infinity")
        return x

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant,
                         parse_float=real)
    except (ValueError, RecursionError) as exc:
        raise Malformed("$", f"not JSON: {str(exc)[:200]}") from None
    stack = [(doc, 0)]
    while stack:  # iterative: a deep document must not recurse here either
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Malformed("$", f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return doc


def check(doc: Any) -> tuple[str, str]:
    """Check a certificate (parsed JSON, or its text): ``(verdict, message)``."""
    try:
        if not isinstance(doc, (str, bytes)):
            try:  # a parsed object gets the limits of a text
                doc = json.dumps(doc, allow_nan=False)
            except (ValueError, TypeError, RecursionError) as exc:
                raise Malformed("$", f"not JSON: {str(exc)[:200]}") from None
        doc = load(doc)
        parts = parse(doc)
        return VERIFIED, claims(doc, parts)
    except Malformed as exc:
        return MALFORMED, str(exc)
    except Rejected as exc:
        return REJECTED, str(exc)
    except Exception as exc:  # a verdict, never a traceback
        return MALFORMED, (f"$: the checker cannot read this document "
                           f"({type(exc).__name__}); this is a checker bug: "
                           "please report it")


def printable(text: str) -> str:
    """``text`` on one line that any terminal prints as it is: control
    characters and characters no encoding can write (lone surrogates) as
    backslash escapes, so a document cannot forge or break the verdict line."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 32 or code == 127 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    """Check the certificate file named on the command line; print the verdict."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["-h"], ["--help"]):
        sys.stdout.write("usage: python -m arcot.verify.checker CERT\n"
                         "exit 0 verified, 1 rejected, 2 malformed\n")
        return 0
    if len(args) != 1:
        sys.stderr.write("usage: python -m arcot.verify.checker CERT\n")
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 (a lone file, run by any python3)
        sys.stderr.write(f"error: the checker needs Python 3.11 or later, this is "
                         f"{sys.version.split()[0]}\n")
        return 2
    try:
        with open(args[0], "rb") as f:
            text = f.read()
    except OSError as exc:
        sys.stdout.write(f"malformed: $: cannot read {args[0]}: {exc.strerror}\n")
        return 2
    verdict, message = check(text)
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # a character a terminal cannot show: escaped
        reconfigure(errors="backslashreplace")
    sys.stdout.write(f"{verdict}: {printable(message)}\n")
    return {VERIFIED: 0, REJECTED: 1, MALFORMED: 2}[verdict]


if __name__ == "__main__":
    sys.exit(main())
