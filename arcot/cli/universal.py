"""``arcot universal``: run a machine through the universal machine's one
verified linear predictor, and print the run as ``arcot run`` does."""

from __future__ import annotations

import argparse
from typing import Any

from arcot.cli.exits import EXIT_LIMIT, EXIT_OK
from arcot.cli.numbers import _int_option
from arcot.cli.operands import _emit, _machine, _word
from arcot.cli.run import run_fields
from arcot.errors import UsageError

__all__ = ["cmd_universal"]

UTMS = ("utm",)  # the universal machines that run any arcot machine


def _add_universal(sub: Any) -> None:
    p = sub.add_parser(
        "universal",
        help="run a machine with the universal machine's verified predictor",
        description="Write the universal machine U's tableau CoT on the prompt "
        "that encodes MACHINE and the input, with one linear predictor verified "
        "on every window of U's tableau, and decode the machine's run from it.",
    )
    p.add_argument("machine", help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--input", default="", help="the input word, one char a symbol")
    p.add_argument("--utm", default="utm", help="the universal machine (zoo:utm)")
    p.add_argument("--max-steps", type=_int_option(0), default=10_000,
                   help="the machine's step budget (default 10000)")
    p.add_argument("--features", choices=("pairwise", "additive"), default="pairwise",
                   help="the constructed predictor's features (default pairwise)")
    p.add_argument("--certificate", metavar="FILE", default=None,
                   help="take the predictor's weights from this certificate for U, "
                   "once the trusted checker verifies it")
    p.add_argument("--out", metavar="FILE", default=None,
                   help="write the certificate of the predictor used")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_universal)


def cmd_universal(args: argparse.Namespace) -> int:
    """Exit 0 when the machine halted, 3 when its budget ran out first."""
    from pathlib import Path

    name = args.utm.removeprefix("zoo:")
    if name not in UTMS:
        hint = (" (Rogozhin's machine runs 2-tag systems: give it their "
                "encoding with arcot run)" if name.startswith("rogozhin") else "")
        raise UsageError(f"--utm {args.utm!r}: the universal machines that run any "
                         f"machine are {', '.join(UTMS)}{hint}")
    if args.certificate is not None and args.features != "pairwise":
        raise UsageError("--certificate gives the predictor: drop --features")
    machine = _machine(args.machine)
    word = _word(machine, args.input)
    from arcot.universal.run import run_universal, universal_predictor
    from arcot.verify.document import dumps

    predictor = universal_predictor(args.features, certificate=args.certificate)
    found = run_universal(machine, word, predictor=predictor, max_steps=args.max_steps)
    check = predictor.verification
    doc = predictor.certificate
    out: dict[str, Any] = run_fields(found.result)
    out.update({
        "utm": name,
        "utm_steps": found.utm_steps,
        "cot_tokens": found.cot_tokens,
        "row_cells": found.width,
        "predictor": predictor.source,
        "verified": f"on all {check.checked} windows of U's tableau, least margin "
                    f"{check.min_margin}",
        "certificate": None if doc is None else doc["sha256"],
    })
    if args.out is not None:
        if doc is None:
            raise UsageError("--out: this predictor has no certificate to write")
        Path(args.out).write_text(dumps(doc), encoding="utf-8")
    if args.json:
        _emit(out)
    else:
        for key, value in out.items():
            print(f"{key:>11}  {value}")
        if not found.result.halted:
            print(f"budget of {args.max_steps} steps used up before the machine halted")
    return EXIT_OK if found.result.halted else EXIT_LIMIT
