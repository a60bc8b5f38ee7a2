"""``arcot check``: a certificate through the trusted checker (exit 0
verified, 1 rejected, 2 malformed)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from arcot.cli.exits import EXIT_BAD_INPUT, EXIT_OK, EXIT_REFUTED
from arcot.cli.operands import _emit
from arcot.errors import UsageError

__all__ = ["cmd_check", "verdict_fields"]


def _add_check(sub: Any) -> None:
    p = sub.add_parser(
        "check", help="check a certificate with the trusted checker (0/1/2)",
        description="Re-derive every claim of a certificate with the trusted "
        "checker: exit 0 verified, 1 rejected, 2 malformed. The certificate's "
        "sha256 is a checksum of its canonical JSON that anyone can recompute: "
        "it detects accidental change, it is not tamper evidence (anyone can "
        "reseal an edited file); the verdict rests on the re-derived claims. "
        "--json adds the verdict's parts: what was checked (count and unit), "
        "the failing window, the expected and the predicted token, the margin "
        "and the JSON path at fault, in the machine's own names.",
    )
    p.add_argument("cert", help="a certificate file (proofs/README.md)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """``arcot check``: 0 verified, 1 rejected, 2 malformed (an ``error:`` line)."""
    from arcot.verify import checker

    try:
        with open(args.cert, "rb") as f:
            text = f.read()
    except OSError as exc:
        raise UsageError(
            f"cannot read certificate {args.cert!r}: {exc.strerror}"
        ) from None
    verdict, message = checker.check(text)
    fields = verdict_fields(verdict, message, _renaming(text))
    if args.json:
        _emit({"verdict": verdict, "message": message, "certificate": args.cert,
               **fields})
    if verdict == checker.MALFORMED:
        print(f"error: malformed certificate: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.json:
        print(f"{verdict}: {message}")
        own = _in_own_names(fields)
        if own:
            print(f"  in the machine's own names: {own}")
    return EXIT_OK if verdict == checker.VERIFIED else EXIT_REFUTED


# -- the verdict's parts ----------------------------------------------------
#
# The trusted checker (arcot.verify.checker, standard library only) answers
# one line; its wording is part of the certificate format (proofs/README.md)
# and tests/e2e/test_cli_check.py holds every line of the proofs/ corpus to
# these patterns. The fields are read from that line, never recomputed.

_WINDOW = r"window (?P<index>\d+) \((?P<window>[^()]*(?:\([^()]*\)[^()]*)*)\): "
_PATTERNS = [
    ("weights", re.compile(
        _WINDOW + r"expected (?P<expected>.+), the predictor gives (?P<got>.+) "
        r"\(margin (?P<margin>\S+)\)$")),
    ("hint", re.compile(
        _WINDOW + r"expected (?P<expected>.+) by the local rule, the certificate "
        r"claims (?P<got>.+)$")),
    ("margin", re.compile(
        _WINDOW + r"the (?:margin|least slack) is (?P<margin>\S+), the certificate "
        r"claims (?P<claimed>\S+)$")),
    ("hint", re.compile(_WINDOW + r"the hint is for (?P<hinted>.+)$")),
    ("gate", re.compile(
        _WINDOW + r"gate (?P<gate>.+) (?P<fires>does not fire|fires) \(sum "
        r"(?P<sum>-?\d+), threshold (?P<threshold>-?\d+)\); the local rule gives "
        r"(?P<expected>.+)$")),
]
_VERIFIED = re.compile(r"(?P<count>\d+) windows, (?:every gate right, )?least "
                       r"(?P<what>margin|slack) (?P<least>\S+)$")
_FIELD = re.compile(r"(?P<path>(?:sha256|hints|renaming|encoding)(?:\.[a-z_]+)*)"
                    r"(?::| names| does| must)")
_COUNT = re.compile(r"the scope has (?P<count>\d+) windows")


def _number(text: str) -> int | str:
    """A checker's number as the certificate writes it (an integer or "p/q")."""
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def verdict_fields(verdict: str, message: str,
                   renaming: dict[str, dict[str, str]] | None = None
                   ) -> dict[str, Any]:
    """The parts of the checker's ``(verdict, message)`` as JSON fields.

    ``checked`` (``{"count", "unit"}``: what was checked, a verified
    certificate's windows), ``least_margin`` (the circuit encoding's least
    gate slack), ``window`` (the failing window's three tokens, ``null``
    for a neighbour outside the circuit's window), ``window_index``,
    ``expected`` (the local rule's token), ``got`` (the predictor's, or
    what the certificate claims, or the gate that fired), ``margin``,
    ``claimed`` (a margin or hint the certificate claims, where that is
    what is false) and ``path`` (the JSON path at fault). Token names are
    the machine's own: a version 1 certificate's ``renaming`` maps the
    standard-text letters and digits back (``as_certified`` then keeps the
    letters).

    >>> f = verdict_fields("rejected", "window 27 (#, (A,0), #): expected 1, "
    ...                    "the predictor gives 0 (margin -1)")
    >>> f["window"], f["expected"], f["got"], f["margin"], f["path"]
    (['#', '(A,0)', '#'], '1', '0', -1, '$.weights')
    >>> verdict_fields("verified", "225 windows, least margin 1")["checked"]
    {'count': 225, 'unit': 'windows'}
    """
    out: dict[str, Any] = {
        "checked": None, "least_margin": None, "window": None,
        "window_index": None, "expected": None, "got": None, "margin": None,
        "claimed": None, "path": None,
    }
    if verdict == "verified":
        m = _VERIFIED.match(message)
        if m:
            out["checked"] = {"count": int(m["count"]), "unit": "windows"}
            out["least_margin"] = _number(m["least"])
        return out
    if verdict == "malformed":
        head = message.partition(":")[0]
        out["path"] = head if head.startswith("$") else None
        return out
    for kind, pattern in _PATTERNS:
        m = pattern.match(message)
        if m is None:
            continue
        parts = m.groupdict()
        out["window"] = [None if t == "outside" else t
                         for t in parts["window"].split(", ")]
        out["window_index"] = int(parts["index"])
        out["expected"] = parts.get("expected")
        if kind == "gate":
            total, threshold = int(parts["sum"]), int(parts["threshold"])
            fired = parts["fires"] == "fires"
            out["got"] = parts["gate"] if fired else None
            # the slack the checker found at most 0 (it names the gate)
            out["margin"] = threshold - total if fired else total - threshold + 1
            out["path"] = "$.weights"
        elif kind == "margin":
            out["margin"] = _number(parts["margin"])
            out["claimed"] = _number(parts["claimed"])
            out["path"] = f"$.hints.windows[{out['window_index']}]"
        elif kind == "hint":
            out["got"] = parts.get("got")
            out["path"] = f"$.hints.windows[{out['window_index']}]"
            if "hinted" in parts:
                out["claimed"] = parts["hinted"]
        else:
            out["got"] = parts["got"]
            out["margin"] = _number(parts["margin"])
            out["path"] = "$.weights"
        break
    else:
        m = _FIELD.match(message)
        if m:
            out["path"] = f"$.{m['path']}"
        elif _COUNT.match(message):
            out["path"] = "$.hints.count"
        elif message.startswith("the run on input"):
            out["path"] = "$.inputs.max_steps"
    if renaming and out["window"] is not None:
        certified = {k: out[k] for k in ("window", "expected", "got")}
        rename = _renamer(renaming)
        out["window"] = [rename(t) for t in out["window"]]
        out["expected"] = rename(out["expected"])
        out["got"] = rename(out["got"])
        if any(out[k] != v for k, v in certified.items()):
            out["as_certified"] = certified
    return out


def _renamer(renaming: dict[str, dict[str, str]]) -> Any:
    """Token names in standard text (``A``, ``1``, ``(A,1)``) to the
    machine's own (the certificate's ``renaming``)."""
    states, symbols = renaming.get("states", {}), renaming.get("symbols", {})

    def rename(tok: str | None) -> str | None:
        if tok is None or tok == "#":
            return tok
        if tok.startswith("(") and tok.endswith(")") and "," in tok:
            q, _, a = tok[1:-1].partition(",")
            return f"({states.get(q, q)},{symbols.get(a, a)})"
        return symbols.get(tok, tok)

    return rename


def _renaming(text: bytes) -> dict[str, dict[str, str]] | None:
    """The certificate's ``renaming`` (version 1), if it reads as one."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    ren = doc.get("renaming") if isinstance(doc, dict) else None
    if not (isinstance(ren, dict) and isinstance(ren.get("states"), dict)
            and isinstance(ren.get("symbols"), dict)):
        return None
    from arcot.verify.checker import printable

    # the names come from the document: control characters and lone
    # surrogates as backslash escapes, so they cannot break the output
    return {key: {str(k): printable(str(v)) for k, v in ren[key].items()}
            for key in ("states", "symbols")}


def _in_own_names(fields: dict[str, Any]) -> str:
    """The failing window in the machine's own names, where they differ."""
    if "as_certified" not in fields:
        return ""
    window = ", ".join("outside" if t is None else t for t in fields["window"])
    text = f"window ({window})"
    if fields["expected"] is not None:
        text += f": expected {fields['expected']}"
    if fields["got"] is not None:
        text += f", got {fields['got']}"
    return text
