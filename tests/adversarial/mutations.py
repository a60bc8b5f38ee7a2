"""Structure-aware mutations of certificate documents (issue 7, item 5).

A seed certificate is parsed into a small tree that can say what JSON
cannot say through Python's ``json`` (``Obj``: an object as a list of
pairs, so duplicate keys survive; ``Raw``: JSON text written verbatim, so
5000-digit integers, ``1e400`` and lists nested 5000 deep need no Python
value), mutated through Hypothesis draws, and written back as bytes.

Every mutation appends one line to a log, so a failing example says what
was done to which seed (``note`` it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from arcot.verify import checker

ROOT = Path(__file__).resolve().parents[2]
PROOFS = ROOT / "proofs"
SEED_MAX_BYTES = 12_000  # small seeds keep one check in the milliseconds
FIELDS = (*checker.REQUIRED, *checker.OPTIONAL)
#: the top-level fields a mutation picks, the likeliest first (Hypothesis
#: favours the start of a list): format and version are checked first and
#: hide everything after them
PICK_ORDER = ("features", "scope", "renaming", "inputs", "weights", "hints",
              "encoding", "machine", "producer", "why_invalid", "sha256",
              "version", "format")
HUGE = "9" * 5000  # past int()'s 4300-digit limit
BIG = "1" * 4300  # at the limit
SENTINEL = "0123456789abcdef" * 4  # a well-formed sha256, replaced when resealing


class Obj:
    """A JSON object as a list of (key, value) pairs: duplicates allowed."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: Any = ()) -> None:
        self.pairs = [list(p) for p in pairs]

    def get(self, key: str) -> Any:
        for k, v in self.pairs:
            if k == key:
                return v
        return None

    def has(self, key: str) -> bool:
        return any(k == key for k, _ in self.pairs)

    def set(self, key: str, value: Any) -> None:
        for p in self.pairs:
            if p[0] == key:
                p[1] = value
                return
        self.pairs.append([key, value])

    def drop(self, key: str) -> None:
        self.pairs = [p for p in self.pairs if p[0] != key]


class Raw:
    """JSON text written as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def parse(text: bytes | str) -> Any:
    """Permissive parse into the tree (NaN and duplicates are kept)."""
    return json.loads(text, object_pairs_hook=Obj)


def copy(node: Any) -> Any:
    if isinstance(node, Obj):
        return Obj((k, copy(v)) for k, v in node.pairs)
    if isinstance(node, list):
        return [copy(v) for v in node]
    return node  # immutable (Raw is never changed in place)


def dump(node: Any, ascii_only: bool = True) -> str:
    """The tree as JSON text."""
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Obj):
        return "{" + ",".join(
            json.dumps(k, ensure_ascii=ascii_only) + ":" + dump(v, ascii_only)
            for k, v in node.pairs) + "}"
    if isinstance(node, list):
        return "[" + ",".join(dump(v, ascii_only) for v in node) + "]"
    if isinstance(node, float) and not math.isfinite(node):
        return "NaN" if node != node else ("Infinity" if node > 0 else "-Infinity")
    if isinstance(node, str):
        return json.dumps(node, ensure_ascii=ascii_only)
    return json.dumps(node)  # None, bools, ints (< 4300 digits), finite floats


def describe(node: Any, limit: int = 80) -> str:
    """A short view of a node for the log."""
    if isinstance(node, Raw):
        t = node.text
        if len(t) > limit:
            return f"raw[{len(t)} chars: {t[:30]}...{t[-20:]}]"
        return f"raw[{t}]"
    t = dump(node)
    return t if len(t) <= limit else f"{t[:limit]}... ({len(t)} chars)"


# -- seeds ------------------------------------------------------------


def seed_files() -> list[Path]:
    files = sorted(p for folder in ("valid", "invalid", "malformed")
                   for p in (PROOFS / folder).glob("*.json")
                   if p.stat().st_size <= SEED_MAX_BYTES)
    return files


def load_seeds() -> list[tuple[str, Any]]:
    """(name, tree) for every small corpus file that parses (permissively)."""
    out = []
    for p in seed_files():
        try:
            tree = parse(p.read_bytes())
        except (ValueError, RecursionError):
            continue  # not JSON, or nested past Python's json: no tree
        scope = tree.get("scope") if isinstance(tree, Obj) else None
        n = scope[7:] if isinstance(scope, str) and scope[:7] == "inputs:" else ""
        if n.isdigit() and len(n) <= 6 and int(n) > 10:
            continue  # inputs:460 takes a second a check: not a seed
        out.append((f"{p.parent.name}/{p.name}", tree))
    return out


SEEDS = load_seeds()
#: most examples start from a valid certificate (some of an inputs:N
#: scope, some of format version 2), whose mutations reach furthest into
#: the check
VALID = [s for s in SEEDS if s[0].startswith("valid/")]
SEED = st.one_of(
    st.sampled_from([s for s in VALID if s[1].get("scope") != "windows"] or VALID),
    st.sampled_from(VALID),
    st.sampled_from([s for s in VALID if s[1].get("version") == 2] or VALID),
    st.sampled_from(SEEDS),
)


# -- values -------------------------------------------------------------

ODD_CHARS = ["\ud800", "\udfff", "\udc80", "\x00", "\n", "\r", "\t", "\u202e",
             "\u2028", "\ufeff", "\uffff", "\U0010ffff", "\U0001f600", "é",
             "e\u0301", "\u212a", "ß", "İ", "\uff11", "\u0663", "\u00b2", '"',
             "\\", "/", "]", "[", ".", "$", " "]
ODD_STRINGS = ["", " ", "\ud800", "\udc80x", "\x00", "#", "0", "9", "(A,0)",
               "(A,\u0663)", "(\uff21,0)", "(A,0) ", "(a,0)", "(A,10)",
               "windows", "additive", "pairwise", "threshold", "tableau",
               "circuit", "zero", "L", "M", "R", "LM", "MR", "threshold ",
               "\U0001f600", "\u0663", "\uff11", "1\n", "0" * 64, "F" * 64,
               "x" * 10_000, "\u212a", "A" * 26, "1RB1LB_1LA1RZ\n"]
SCOPES = ["windows", "windows ", "Windows", "inputs:" + HUGE,
          "inputs:" + BIG, "inputs:1000000000000", "inputs:99999",
          "inputs:100000", "inputs:65535", "inputs:16", "inputs:15",
          "inputs:5", "inputs:3", "inputs:1", "inputs:0", "inputs:00",
          "inputs:03", "inputs:-1", "inputs:+3", "inputs: 3", "inputs:3\n",
          "inputs:\u0663", "inputs:\uff13", "inputs:", "inputs:3:4",
          "inputs:1e3", "inputs:0x10", "inputs:3.0", "INPUTS:3", "sample:3"]
ALPHABETS: list[list[Any]] = [[], ["0"], ["1"], ["2"], ["0", "1"], ["1", "2"],
                              ["0", "1", "2"], ["0", "0"], [0], [1], ["9"],
                              ["#"], ["(A,0)"], [[]], [{}], [None], ["1", 1],
                              ["\u0661"]]
MACHINES = ["", "_", "1RB", "1RB_", "_1RB", "1RB1LB_1LA1RZ", "1RB1LB_1LA1RZ_",
            "1RB1LB__1LA1RZ", "---", "------", "---1RA", "1RA", "1RZ",
            "0RA", "1LA", "1RB---_1LA1RZ", "9RA", "1XA", "1Ra", "1RB1LB_1LA",
            "1RB1LB_1LA1RZ\n", "1R\u0663", "\u0661RA",
            "_".join(["1RB"] * 25), "_".join(["1RB"] * 26),
            "1RA" * 10, "1RA" * 11, "0RA1RA2RA3RA4RA5RA6RA7RA8RA9RA",
            "1RB1LB_1LA1RZ" * 100]
FEATURES = ["additive", "pairwise", "threshold", "Additive", "additive ", "",
            "L", None, 1, 1.5, True]


def deep(depth: int, kind: str, inner: str = "0") -> Raw:
    """A list, object or mixed nest ``depth`` levels deep around ``inner``."""
    if kind == "list":
        return Raw("[" * depth + inner + "]" * depth)
    if kind == "empty":
        return Raw("[" * depth + "]" * depth)
    if kind == "object":
        return Raw('{"a":' * depth + inner + "}" * depth)
    half = depth // 2  # mixed: [{"a":[{"a": ...
    return Raw('[{"a":' * half + inner + "}]" * half)


DEPTHS = st.one_of(
    st.integers(900, 1010),  # around sys.getrecursionlimit(), either caller
    st.sampled_from([990, 1000, 2000, 5000]),
    st.integers(990, 5000),
)


def _fresh(make: Callable[[], Any]) -> Any:
    return make()


CONTAINERS: list[Callable[[], Any]] = [
    list, Obj, lambda: [0], lambda: [None], lambda: [[]], lambda: Obj([["x", 0]]),
    lambda: Obj([["additive", 1]]), lambda: ["additive"],
    lambda: ["pairwise", "additive"], lambda: Obj([["", Obj()]]),
]

RAW_NUMBERS = [HUGE, "-" + HUGE, "1" + "0" * 4300, BIG, "-" + BIG, "1e400",
               "-1e400", "1E400", "1e-400", "-0", "-0.0", "0.0", "5.0",
               "1.0e0", "1e2", "NaN", "Infinity", "-Infinity",
               "123456789012345678901234567890", "1e308", "5e-324"]
RATIOS = [HUGE + "/7", "7/" + HUGE, "-" + HUGE + "/7", BIG + "/7",
          "1" + "0" * 4300 + "/7", "1/1", "2/4", "4/2", "0/1", "1/0", "-1/2",
          "1/2", "-0/2", "+1/2", "1/-2", " 1/2", "1/2 ", "\u0661/\u0662",
          "1//2", "1/2/3", "1.5/2", "1e3/7"]


def _numbers() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from([0, 1, -1, 2, 10**6, 10**6 + 1, 10**8, 10**12, 2**63,
                         -(2**63), 10**100, -(10**100), 1.5, -0.0, 0.0, 1e308,
                         5e-324, True, False]),
        st.integers(),
        st.integers(-(10**4000), 10**4000),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(RAW_NUMBERS).map(Raw),
        st.sampled_from(RATIOS),
    )


def _atoms() -> st.SearchStrategy[Any]:
    simple = st.sampled_from([None, True, False, 0, 1, -1, "", "0", "x", "1/2"])
    return st.one_of(
        simple,
        NUMBERS,
        st.sampled_from(ODD_STRINGS),
        st.lists(st.sampled_from(ODD_CHARS + list("0123456789()#,ALRZ_-/:")),
                 max_size=12).map("".join),
        st.sampled_from(CONTAINERS).map(_fresh),
        simple,
        st.builds(deep, DEPTHS, st.sampled_from(["list", "empty", "object",
                                                 "mixed"])),
    )


NUMBERS = _numbers()
ATOMS = _atoms()


def numbers() -> st.SearchStrategy[Any]:
    return NUMBERS


def atoms() -> st.SearchStrategy[Any]:
    return ATOMS


# -- locations ------------------------------------------------------------


def locations(tree: Any) -> list[tuple[Any, int, str]]:
    """Every (container, index, path) in the tree, outermost first."""
    out, stack = [], [(tree, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, Obj):
            for i, (k, v) in enumerate(node.pairs):
                p = f"{path}.{k}" if isinstance(k, str) and k.isidentifier() else \
                    f"{path}[{json.dumps(k)}]"
                out.append((node, i, p))
                stack.append((v, p))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                p = f"{path}[{i}]"
                out.append((node, i, p))
                stack.append((v, p))
    return out


def get(container: Any, i: int) -> Any:
    return container.pairs[i][1] if isinstance(container, Obj) else container[i]


def put(container: Any, i: int, value: Any) -> None:
    if isinstance(container, Obj):
        container.pairs[i][1] = value
    else:
        container[i] = value


class Doc:
    """A tree being mutated, with the log of what was done to it."""

    def __init__(self, seed: str, tree: Any) -> None:
        self.seed, self.tree, self.log = seed, tree, [f"seed {seed}"]

    def top(self) -> Obj | None:
        return self.tree if isinstance(self.tree, Obj) else None

    def pick(self, data: Any) -> tuple[Any, int, str] | None:
        """A location: half the time a top-level field, else anywhere."""
        locs = locations(self.tree)
        if not locs:
            return None
        top = {loc[2]: loc for loc in locs if loc[0] is self.tree}
        if top and data.draw(st.booleans(), label="top-level"):
            here = [f"$.{k}" for k in PICK_ORDER if f"$.{k}" in top]
            path = data.draw(st.sampled_from(here or sorted(top)), label="field")
            return top[path]
        inner = [loc for loc in locs if loc[0] is not self.tree] or locs
        # a wide range: Hypothesis favours small integers, the first locations
        return inner[data.draw(st.integers(0, 2**32), label="location") % len(inner)]


# -- mutations --------------------------------------------------------------


def swap_type(value: Any) -> list[Any]:
    """The same content as other JSON types."""
    out: list[Any] = [None, True, False, [value], Obj([["x", value]]), Obj(), []]
    if isinstance(value, str):
        out += [len(value), float(len(value))]
        if value.lstrip("-").isdigit() and len(value) < 4000:
            out += [int(value)]
        out += [list(value[:8]), Obj([[value, value]])]
    elif isinstance(value, bool):
        out += [int(value), str(value).lower()]
    elif isinstance(value, int):
        out += [str(value), float(value) if abs(value) < 10**300 else 1e308,
                [value], value != 0, f"{value}/1"]
    elif isinstance(value, float):
        out += [str(value), int(value) if math.isfinite(value) else 0]
    elif isinstance(value, list):
        out += [Obj((str(i), v) for i, v in enumerate(value)),
                json.dumps(len(value)), len(value)]
        out += value[:1]
    elif isinstance(value, Obj):
        out += [[v for _, v in value.pairs], [k for k, _ in value.pairs],
                dump(value)[:200]]
    return out


def m_replace(data: Any, doc: Doc) -> None:
    loc = doc.pick(data)
    new = data.draw(atoms(), label="atom")
    if loc is None:
        doc.tree = new
        doc.log.append(f"replace the document with {describe(new)}")
        return
    c, i, path = loc
    put(c, i, new)
    doc.log.append(f"{path} = {describe(new)}")


def m_swap_type(data: Any, doc: Doc) -> None:
    loc = doc.pick(data)
    if loc is None:
        return
    c, i, path = loc
    old = get(c, i)
    new = data.draw(st.sampled_from(swap_type(copy(old))), label="swapped")
    put(c, i, new)
    doc.log.append(f"{path}: {describe(old, 40)} -> {describe(new)}")


def m_number(data: Any, doc: Doc) -> None:
    """Change a number (or a "p/q" string) somewhere: huge, negative, zero."""
    locs = [loc for loc in locations(doc.tree)
            if isinstance(get(*loc[:2]), int | float)
            or (isinstance(get(*loc[:2]), str) and "/" in get(*loc[:2]))]
    if not locs:
        return m_replace(data, doc)
    c, i, path = locs[data.draw(st.integers(0, 2**32), label="number") % len(locs)]
    old = get(c, i)
    choices = [numbers()]
    if type(old) is int:
        choices.append(st.sampled_from([old + 1, old - 1, -old, 0, old * 10**6]))
    new = data.draw(st.one_of(*choices), label="number value")
    put(c, i, new)
    doc.log.append(f"{path}: {describe(old, 40)} -> {describe(new)}")


def m_nest(data: Any, doc: Doc) -> None:
    """A list or object nested 900..5000 levels inside a field."""
    loc = doc.pick(data)
    depth = data.draw(DEPTHS, label="depth")
    kind = data.draw(st.sampled_from(["list", "empty", "object", "mixed"]))
    if loc is None:
        doc.tree = deep(depth, kind, dump(doc.tree))
        doc.log.append(f"nest the document {depth} deep ({kind})")
        return
    c, i, path = loc
    old = get(c, i)
    how = data.draw(st.sampled_from(["replace", "wrap", "inside"]), label="how")
    if how == "replace":
        new = deep(depth, kind)
    elif how == "wrap":
        new = deep(depth, kind, dump(old))
    else:  # a key of an object holding the nest: {"x": [[[...]]]}
        new = Obj([["x", deep(depth, kind)]])
    put(c, i, new)
    doc.log.append(f"{path} = {how} nest {depth} deep ({kind})")


def m_remove(data: Any, doc: Doc) -> None:
    loc = doc.pick(data)
    if loc is None:
        return
    c, i, path = loc
    if isinstance(c, Obj):
        del c.pairs[i]
    else:
        del c[i]
    doc.log.append(f"remove {path}")


def m_duplicate(data: Any, doc: Doc) -> None:
    """A duplicate key (same or another value), or a repeated list element."""
    loc = doc.pick(data)
    if loc is None:
        return
    c, i, path = loc
    value = copy(get(c, i))
    if data.draw(st.booleans(), label="new value"):
        value = data.draw(atoms(), label="duplicate value")
    at = data.draw(st.integers(0, len(c.pairs if isinstance(c, Obj) else c)))
    if isinstance(c, Obj):
        c.pairs.insert(at, [c.pairs[i][0], value])
    else:
        c.insert(at, value)
    doc.log.append(f"duplicate {path} at position {at} = {describe(value)}")


def m_reorder(data: Any, doc: Doc) -> None:
    loc = doc.pick(data)
    if loc is None:
        return
    c, _, path = loc
    items = c.pairs if isinstance(c, Obj) else c
    order = data.draw(st.permutations(range(len(items))), label="order")
    items[:] = [items[j] for j in order]
    doc.log.append(f"reorder the container of {path}: {order[:20]}")


def m_unicode(data: Any, doc: Doc) -> None:
    """Odd unicode in a string or a key."""
    loc = doc.pick(data)
    if loc is None:
        return
    c, i, path = loc
    odd = data.draw(st.sampled_from(ODD_CHARS), label="char")
    where = data.draw(st.sampled_from(["key", "value", "replace-key"]))
    if where == "key" and isinstance(c, Obj):
        c.pairs[i][0] = data.draw(st.sampled_from(
            [c.pairs[i][0] + odd, odd + c.pairs[i][0], odd]))
        doc.log.append(f"{path}: key -> {c.pairs[i][0]!r}")
    elif where == "replace-key" and isinstance(c, Obj):
        c.pairs[i][0] = data.draw(st.sampled_from([*FIELDS, *ODD_STRINGS[:30]]))
        doc.log.append(f"{path}: key -> {c.pairs[i][0]!r}")
    else:
        old = get(c, i)
        new = (old[:3] + odd + old[3:]) if isinstance(old, str) else odd
        put(c, i, new)
        doc.log.append(f"{path} = {new[:60]!r}")


def m_insert(data: Any, doc: Doc) -> None:
    """A new field: a known optional one, an unknown one, or a list element."""
    top = doc.top()
    value = data.draw(atoms(), label="inserted")
    if top is not None and data.draw(st.booleans()):
        key = data.draw(st.sampled_from([*FIELDS, "extra", "sha256 ", "\ud800",
                                         "format\n", ""]), label="key")
        top.pairs.append([key, value])
        doc.log.append(f"add field {key!r} = {describe(value)}")
        return
    loc = doc.pick(data)
    if loc is None:
        return
    c, i, path = loc
    target = get(c, i)
    if isinstance(target, list):
        target.append(value)
    elif isinstance(target, Obj):
        target.pairs.append([data.draw(st.sampled_from(ODD_STRINGS)), value])
    else:
        return
    doc.log.append(f"append to {path}: {describe(value)}")


def _field(doc: Doc, key: str, value: Any) -> None:
    top = doc.top()
    if top is not None:
        top.set(key, value)
        doc.log.append(f"$.{key} = {describe(value)}")


def m_scope(data: Any, doc: Doc) -> None:
    """Scope strings (inputs:<5000 digits>, inputs:10^12, ...) with inputs."""
    top = doc.top()
    if top is None:
        return
    n = data.draw(st.one_of(
        st.sampled_from(SCOPES),
        st.sampled_from(["inputs:" + HUGE, "inputs:" + BIG]),
        st.integers(0, 20).map(lambda k: f"inputs:{k}"),
        st.integers(0, 100_001).map(lambda k: f"inputs:{k}"),
        st.integers(0, 10**13).map(lambda k: f"inputs:{k}"),
    ), label="scope")
    _field(doc, "scope", n)
    how = data.draw(st.sampled_from(["alphabet", "inputs", "keep", "drop"]))
    inputs = top.get("inputs")
    alphabet = copy(data.draw(st.sampled_from(ALPHABETS), label="alphabet"))
    if how == "alphabet" and isinstance(inputs, Obj):
        inputs.set("alphabet", alphabet)
        doc.log.append(f"$.inputs.alphabet = {describe(alphabet)}")
    elif how in ("inputs", "alphabet"):
        steps = data.draw(st.sampled_from([10_000, 0, 1, 4, 100, 1_000_000,
                                           1_000_001, -1, 10**12]))
        _field(doc, "inputs", Obj([["alphabet", alphabet], ["max_steps", steps]]))
    elif how == "drop":
        top.drop("inputs")
        doc.log.append("remove $.inputs")
    hints = top.get("hints")
    if isinstance(hints, Obj) and data.draw(st.booleans(), label="tableau"):
        # the tableau shape hint of format 1 as first written (hints.tableau)
        sizes = st.one_of(st.integers(-2, 12), st.integers(0, 10**5),
                          st.sampled_from([10**6, 10**8, 10**9, -(10**9),
                                           10**4000]))
        shape = Obj([["left", data.draw(sizes)], ["width", data.draw(sizes)],
                     ["steps", data.draw(sizes)]])
        hints.set("tableau", shape)
        doc.log.append(f"$.hints.tableau = {describe(shape)}")


HUGE_VALUES = [Raw(HUGE), Raw("-" + HUGE), HUGE + "/7", "7/" + HUGE,
               "-" + HUGE + "/7", BIG + "/7", Raw(BIG), Raw("1" + "0" * 4300),
               Raw("1e400"), Raw("-1e400"), "1" + "0" * 4300 + "/3"]


def m_huge(data: Any, doc: Doc) -> None:
    """A 5000-digit integer or ratio, or 1e400, where a number was."""
    locs = [loc for loc in locations(doc.tree)
            if isinstance(get(*loc[:2]), int | float)
            or (isinstance(get(*loc[:2]), str) and "/" in get(*loc[:2]))]
    if not locs:
        return
    c, i, path = locs[data.draw(st.integers(0, 2**32), label="number") % len(locs)]
    new = data.draw(st.sampled_from(HUGE_VALUES), label="huge")
    put(c, i, new)
    doc.log.append(f"{path} = {describe(new)}")


def m_deep_informational(data: Any, doc: Doc) -> None:
    """A nest near Python's recursion limit in renaming (read, then sealed)."""
    top = doc.top()
    if top is None:
        return
    depth = data.draw(DEPTHS, label="depth")
    kind = data.draw(st.sampled_from(["list", "empty", "object", "mixed"]))
    nest = deep(depth, kind)
    ren = top.get("renaming")
    where = data.draw(st.sampled_from(["x", "states.A", "renaming", "extra"]))
    if where == "states.A" and isinstance(ren, Obj) and isinstance(
            ren.get("states"), Obj):
        ren.get("states").set("A", nest)
        doc.log.append(f"$.renaming.states.A = nest {depth} deep ({kind})")
    elif where == "x":
        _field(doc, "renaming", Obj([["x", nest]]))
    elif where == "extra":
        _field(doc, "extra", nest)
    else:
        _field(doc, "renaming", nest)


def m_features(data: Any, doc: Doc) -> None:
    value = data.draw(st.one_of(st.sampled_from(FEATURES),
                                st.sampled_from(CONTAINERS).map(_fresh)),
                      label="features")
    _field(doc, "features", value)


def m_machine(data: Any, doc: Doc) -> None:
    _field(doc, "machine", data.draw(st.sampled_from(MACHINES), label="machine"))


#: format version 2 (issue 9): a machine object's parts, well-formed and not
V2_MOVES = ["L", "R", "N", "S", "", "n", "LR", None, 0, ["N"]]
V2_NAMES = ["a", "b", "z", "0", "1", "a,1", "(a", "a)", "a b", "#", '"', "\\",
            "", "q" * 64, "q" * 65, "\u00e9", "\x00", 0, None, ["a"]]
V2_SIZES = [0, 1, 99, 100, 101, 3000, 10_000]


def _stay_machine_object() -> Obj:
    return Obj([["states", ["a", "b", "z"]], ["symbols", ["0", "1"]],
                ["start", "a"], ["halt", ["z"]],
                ["transitions", [["a", "0", "1", "N", "b"], ["b", "1", "0", "R", "a"],
                                 ["b", "0", "0", "L", "z"]]]])


def m_machine_object(data: Any, doc: Doc) -> None:
    """A version 2 machine object, or a change to one: a move letter, a
    name, a duplicate or halt-state transition, thousands of names, the
    version turned back to 1."""
    top = doc.top()
    if top is None:
        return
    machine = top.get("machine")
    if not isinstance(machine, Obj):
        _field(doc, "version", 2)
        _field(doc, "machine", _stay_machine_object())
        return
    rows = machine.get("transitions")
    how = data.draw(st.sampled_from(["move", "name", "duplicate", "halt", "size",
                                     "version", "drop"]), label="v2 change")
    if how in ("move", "duplicate", "halt") and isinstance(rows, list) and rows:
        row = copy(rows[data.draw(st.integers(0, len(rows) - 1))])
        if how == "move" and isinstance(row, list) and len(row) == 5:
            row[3] = data.draw(st.sampled_from(V2_MOVES), label="move")
        elif how == "halt" and isinstance(row, list) and row:
            halts = machine.get("halt")
            row[0] = halts[0] if isinstance(halts, list) and halts else "z"
        rows.append(row)
        doc.log.append(f"$.machine.transitions: {how} {describe(row)}")
    elif how == "name":
        key = data.draw(st.sampled_from(["states", "symbols", "start", "halt"]))
        name = data.draw(st.sampled_from(V2_NAMES), label="name")
        old = machine.get(key)
        new = [name, *old[1:]] if isinstance(old, list) and old else name
        machine.set(key, new)
        doc.log.append(f"$.machine.{key} = {describe(new)}")
    elif how == "size":
        key = data.draw(st.sampled_from(["states", "symbols"]))
        n = data.draw(st.sampled_from(V2_SIZES), label="size")
        machine.set(key, [f"n{i}" for i in range(n)])
        doc.log.append(f"$.machine.{key} = {n} names")
    elif how == "version":
        _field(doc, "version", data.draw(st.sampled_from([1, 2, 3, "2", 2.0])))
    else:
        key = data.draw(st.sampled_from(["states", "symbols", "start", "halt",
                                         "transitions"]))
        machine.drop(key)
        doc.log.append(f"remove $.machine.{key}")


def m_alphabet(data: Any, doc: Doc) -> None:
    top = doc.top()
    inputs = top.get("inputs") if top is not None else None
    if not isinstance(inputs, Obj):
        return m_scope(data, doc)
    alphabet = copy(data.draw(st.sampled_from(ALPHABETS), label="alphabet"))
    inputs.set("alphabet", alphabet)
    doc.log.append(f"$.inputs.alphabet = {describe(alphabet)}")


def m_informational(data: Any, doc: Doc) -> None:
    """renaming / producer / why_invalid: deep, huge, infinite, odd."""
    key = data.draw(st.sampled_from(["renaming", "producer", "why_invalid"]))
    inner = data.draw(st.one_of(atoms(), st.sampled_from(
        [Raw("1e400"), Raw("-1e400"), Raw(HUGE), Raw("NaN")])), label="inner")
    value = data.draw(st.sampled_from([inner, Obj([["x", inner]]),
                                       Obj([["states", Obj([["A", inner]])]])]))
    _field(doc, key, value)


#: the targeted mutations (each aims at one class of fault) come first
MUTATIONS = [m_scope, m_features, m_huge, m_deep_informational, m_informational,
             m_machine_object, m_unicode, m_replace, m_swap_type, m_number, m_nest,
             m_remove, m_duplicate, m_reorder, m_insert, m_machine, m_alphabet]


def reseal(text: str) -> str:
    """Put the digest the checker would compute in place of SENTINEL."""
    if SENTINEL not in text:
        return text
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict):
            return text
        return text.replace(f'"{SENTINEL}"', f'"{checker.digest(doc)}"')
    except (ValueError, RecursionError, TypeError):
        return text  # cannot be sealed: left as it is (still 64 hex digits)


#: how the text becomes bytes: mostly as it is (the first shrinks best)
ENCODINGS = [*["ascii"] * 16, *["utf-8"] * 4, "utf-8-bom", "utf-16", "utf-32",
             "bad-byte", "truncate", "trailing", "empty"]


class _Drawer:
    """``data.draw(strategy, label=...)`` over a composite strategy's draw."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self._draw = draw

    def draw(self, strategy: st.SearchStrategy[Any], label: str = "") -> Any:
        return self._draw(strategy)


@st.composite
def documents(draw: Callable[[st.SearchStrategy[Any]], Any]
              ) -> tuple[bytes, list[str]]:
    """(file bytes, log): a mutated seed."""
    return mutated(_Drawer(draw))


def mutated(data: Any) -> tuple[bytes, list[str]]:
    seed, tree = data.draw(SEED, label="seed")
    doc = Doc(seed, copy(tree))
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        data.draw(st.sampled_from(MUTATIONS), label="mutation")(data, doc)
    sealed = data.draw(st.booleans(), label="reseal")
    top = doc.top()
    if sealed and top is not None and top.has("sha256"):
        top.set("sha256", SENTINEL)
        doc.log.append("resealed")
    how = data.draw(st.sampled_from(ENCODINGS), label="bytes")
    text = dump(doc.tree, ascii_only=how == "ascii")
    if sealed:
        text = reseal(text)
    if how != "ascii":
        doc.log.append(f"written as {how}")
    return encode(text, how, data), doc.log


def encode(text: str, how: str, data: Any) -> bytes:
    raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate: bad UTF-8
    if how == "utf-8-bom":
        return b"\xef\xbb\xbf" + raw
    if how in ("utf-16", "utf-32"):
        return text.encode(how, "surrogatepass")
    if how == "bad-byte":
        at = data.draw(st.integers(0, len(raw)))
        return raw[:at] + data.draw(st.sampled_from([b"\xff", b"\xc3", b"\x00",
                                                     b"\xed\xa0\x80"])) + raw[at:]
    if how == "truncate":
        return raw[: data.draw(st.integers(0, max(0, len(raw) - 1)))]
    if how == "trailing":
        return raw + data.draw(st.sampled_from([b" ", b"\n", b"x", b"{}", b"\x00"]))
    if how == "empty":
        return b""
    return raw
