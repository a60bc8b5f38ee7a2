"""``arcot demo``: the main job end to end on a built-in machine
(:mod:`arcot.demo`)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from arcot.errors import UsageError

__all__ = ["cmd_demo"]


def _add_demo(sub: Any) -> None:
    p = sub.add_parser("demo", help="the main job end to end on a built-in machine")
    p.add_argument("--workdir", default=None, metavar="DIR",
                   help="keep the certificate the demo writes in DIR (default: a "
                   "temporary folder, removed at exit)")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """``arcot demo``: define a machine, run it, show its run and its CoT."""
    from arcot.demo import main as demo_main

    if args.workdir is not None and not os.path.isdir(args.workdir):
        raise UsageError(f"--workdir {args.workdir!r} is not a directory")
    return demo_main(workdir=args.workdir)
