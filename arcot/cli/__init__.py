"""The ``arcot`` command: a stable contract (see docs/reference/cli.md).

Exit codes: 0 success, 1 a verification failed or a certificate was
rejected, 2 bad input (one ``error:`` line on stderr), 3 a step or size
limit was reached.

One module a job, imports flowing one way: :mod:`~arcot.cli.exits` (the
exit codes), :mod:`~arcot.cli.parsing` (the argument parser and the rewrite
of the command line), :mod:`~arcot.cli.numbers` (numbers on the command
line and the size limits), :mod:`~arcot.cli.operands` (a MACHINE, a WORD
and the JSON line), a module a command (:mod:`~arcot.cli.run`,
:mod:`~arcot.cli.demo`, :mod:`~arcot.cli.trace`, :mod:`~arcot.cli.check`,
:mod:`~arcot.cli.certify`, :mod:`~arcot.cli.length` with ``fit-length``)
and :mod:`~arcot.cli.entry` (:func:`build_parser`, :func:`parse_args` and
:func:`main`, which turns each error into its exit code). Every command
imports what it runs inside its function, so ``arcot run`` loads none of
the heavy modules. This package re-exports their public names.
"""

from arcot.cli.certify import cmd_certify
from arcot.cli.check import cmd_check
from arcot.cli.demo import cmd_demo
from arcot.cli.entry import build_parser, main, parse_args
from arcot.cli.exits import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_LIMIT,
    EXIT_OK,
    EXIT_REFUTED,
)
from arcot.cli.length import FIT_N_LIMIT, SWEEP_SYMBOL_LIMIT, cmd_fit_length, cmd_length
from arcot.cli.numbers import INPUT_LIMIT, INT64_MAX, INT64_MIN
from arcot.cli.parsing import _Parser as _Parser
from arcot.cli.parsing import _unambiguous as _unambiguous
from arcot.cli.run import cmd_run
from arcot.cli.trace import TRACE_TOKEN_LIMIT, cmd_trace

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_LIMIT",
    "EXIT_OK",
    "EXIT_REFUTED",
    "FIT_N_LIMIT",
    "INPUT_LIMIT",
    "INT64_MAX",
    "INT64_MIN",
    "SWEEP_SYMBOL_LIMIT",
    "TRACE_TOKEN_LIMIT",
    "build_parser",
    "cmd_certify",
    "cmd_check",
    "cmd_demo",
    "cmd_fit_length",
    "cmd_length",
    "cmd_run",
    "cmd_trace",
    "main",
    "parse_args",
]
