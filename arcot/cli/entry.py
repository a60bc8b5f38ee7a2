"""The entry point: the parser of every subcommand, reading the command
line, and each error to its exit code and one ``error:`` line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from arcot.cli.certify import _add_certify
from arcot.cli.check import _add_check
from arcot.cli.demo import _add_demo
from arcot.cli.exits import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, EXIT_LIMIT
from arcot.cli.experiment import _add_experiment
from arcot.cli.length import _add_fit_length, _add_length
from arcot.cli.numbers import _SizeLimit
from arcot.cli.parsing import _Parser, _unambiguous
from arcot.cli.run import _add_run
from arcot.cli.sweep import _add_sweep
from arcot.cli.trace import _add_trace
from arcot.cli.universal import _add_universal
from arcot.errors import (
    ArcotError,
    SizeLimitExceeded,
    StepLimitExceeded,
    TapeLimitExceeded,
    UsageError,
)

__all__ = ["build_parser", "main", "parse_args"]


def build_parser() -> _Parser:
    """The ``arcot`` argument parser (``commands``: one parser a subcommand)."""
    from arcot._version import __version__

    parser = _Parser(
        prog="arcot",
        description="Turing machines, chain-of-thought traces, length complexity "
        "and linear next-token predictors with exact proofs.",
    )
    parser.add_argument("--version", action="version", version=f"arcot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in _SUBCOMMANDS:
        add(sub)
    parser.commands = dict(sub.choices)
    return parser


#: In pipeline order, as --help lists them: a machine's run and its CoT,
#: length, the certified predictor and its check, then the universal
#: machine, whole spaces, the paper's experiments and the demo of it all.
_SUBCOMMANDS: list[Callable[[Any], None]] = [
    _add_run, _add_trace,
    _add_length, _add_fit_length,
    _add_certify, _add_check,
    _add_universal, _add_sweep, _add_experiment,
    _add_demo,
]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line as :func:`main` does (``args.func`` runs it;
    without a command there is none).

    A subcommand's arguments go through :func:`_unambiguous` and then
    straight to the subcommand's own parser, so a ``--`` that it inserts is
    read by exactly one parser on every Python version; everything else
    (``--help``, ``--version``, no or an unknown command) is the top-level
    parser's.
    """
    parser = build_parser()
    argv = list(argv)
    if argv and argv[0] in parser.commands:
        command = parser.commands[argv[0]]
        args = command.parse_args(_unambiguous(command, argv[1:]))
        args.command = argv[0]
        return args
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``arcot`` command; returns the exit code."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        if not getattr(args, "func", None):
            build_parser().print_help()
            return EXIT_BAD_INPUT
        return int(args.func(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (StepLimitExceeded, TapeLimitExceeded, SizeLimitExceeded,
            _SizeLimit) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LIMIT
    except ArcotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError as exc:
        print(f"error: out of memory ({exc or 'no detail'})", file=sys.stderr)
        return EXIT_LIMIT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (``arcot trace ... | head``): stop quietly
        # as a C tool killed by SIGPIPE would, with its exit status.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE

