"""Reading the command line: an argparse parser that raises
:class:`~arcot.errors.UsageError` and knows its options, and the rewrite
that keeps argparse from reading a value that begins with ``-`` as an option."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from arcot.errors import UsageError


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises :class:`UsageError` and knows its options.

    ``takes_value`` maps each option string to whether it takes exactly one
    value (recorded as the options are added, through the public
    ``add_argument``), so that :func:`_unambiguous` can read the command
    line before argparse does. ``commands`` maps subcommand names to their
    parsers (on the top-level parser).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.takes_value: dict[str, bool] = {}
        self.commands: dict[str, _Parser] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        for option in action.option_strings:
            self.takes_value[option] = action.nargs is None
        return action

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


#: What argparse would take for an option name: ``-x``, ``--name``, ``--name=V``.
_OPTION_LIKE = re.compile(r"--?[A-Za-z][A-Za-z0-9_-]*(=.*)?", re.DOTALL)


def _known_option(parser: _Parser, arg: str) -> str | None:
    """The option string ``arg`` names (exactly, or as a unique ``--`` prefix)."""
    head = arg.split("=", 1)[0] if arg.startswith("--") else arg
    if head in parser.takes_value:
        return head
    if arg.startswith("--") and parser.allow_abbrev:
        found = [o for o in parser.takes_value
                 if o.startswith("--") and o.startswith(head)]
        if len(found) == 1:
            return found[0]
    return None


def _unambiguous(parser: _Parser, args: Sequence[str]) -> list[str]:
    """``args`` rewritten so that argparse cannot read a value as an option.

    argparse takes any argument beginning with ``-`` for an option, so the
    standard text ``---1RB_1LA1RZ`` (an undefined first transition) was "a
    missing MACHINE", and ``--window -3..3`` "a missing value". Here an
    option that takes a value is joined to it (``--window=-3..3``), unless
    the next argument is itself one of the parser's options (then argparse
    says the value is missing); an argument that begins with ``-`` but
    cannot be an option name (``---1RB...``, ``-1,0,3``) is a positional,
    and the positionals go after a ``--``. Everything after a ``--`` the
    user typed stays positional; names that look like options but are not
    the parser's (``--bogus``) stay where they are, for argparse to report.
    """
    out: list[str] = []  # every argument, in order, options joined to values
    options: list[str] = []  # the same without the positionals
    positionals: list[str] = []
    dashed = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            positionals.extend(args[i + 1:])
            dashed = True
            break
        option = _known_option(parser, arg)
        if option is not None:
            nxt = args[i + 1] if i + 1 < len(args) else None
            if (parser.takes_value[option] and "=" not in arg and nxt is not None
                    and nxt != "--" and _known_option(parser, nxt) is None):
                joined = f"{option}={nxt}" if option.startswith("--") else option + nxt
                out.append(joined)
                options.append(joined)
                i += 2
                continue
            out.append(arg)
            options.append(arg)
        elif arg.startswith("-") and arg != "-" and _OPTION_LIKE.fullmatch(arg):
            out.append(arg)  # not an option of this parser: argparse says so
            options.append(arg)
        else:
            positionals.append(arg)
            out.append(arg)
            dashed = dashed or arg.startswith("-")
        i += 1
    if not dashed:
        return out  # nothing to protect: the order the user gave
    return [*options, "--", *positionals]

