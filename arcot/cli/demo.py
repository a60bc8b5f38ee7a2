"""``arcot demo``: the main job end to end on a built-in machine
(:mod:`arcot.demo`)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["cmd_demo"]


def _add_demo(sub: Any) -> None:
    p = sub.add_parser("demo", help="the main job end to end on a built-in machine")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """``arcot demo``: define a machine, run it, show its run and its CoT."""
    from arcot.demo import main as demo_main

    return demo_main()
