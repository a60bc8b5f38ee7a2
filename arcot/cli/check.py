"""``arcot check``: a certificate through the trusted checker (exit 0
verified, 1 rejected, 2 malformed)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from arcot.cli.exits import EXIT_BAD_INPUT, EXIT_OK, EXIT_REFUTED
from arcot.cli.operands import _emit
from arcot.errors import UsageError

__all__ = ["cmd_check"]


def _add_check(sub: Any) -> None:
    p = sub.add_parser(
        "check", help="check a certificate with the trusted checker (0/1/2)",
        description="Re-derive every claim of a certificate with the trusted "
        "checker: exit 0 verified, 1 rejected, 2 malformed. The certificate's "
        "sha256 is a checksum of its canonical JSON that anyone can recompute: "
        "it detects accidental change, it is not tamper evidence (anyone can "
        "reseal an edited file); the verdict rests on the re-derived claims.",
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
    if args.json:
        _emit({"verdict": verdict, "message": message, "certificate": args.cert})
    if verdict == checker.MALFORMED:
        print(f"error: malformed certificate: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.json:
        print(f"{verdict}: {message}")
    return EXIT_OK if verdict == checker.VERIFIED else EXIT_REFUTED

