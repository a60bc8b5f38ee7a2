"""What the commands read and write: a MACHINE, an input WORD (one
character a symbol) and the one JSON object that ``--json`` prints."""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

from arcot.errors import UsageError


def _machine(spec: str) -> Any:
    from arcot.zoo import resolve_machine

    return resolve_machine(spec)


def _with_alphabet(machine: Any, text: str | None, *, enumerates: bool) -> Any:
    """``machine`` with the input alphabet ``--alphabet`` names (one
    character a symbol); without one, a note on stderr when the command
    enumerates inputs over an alphabet the machine did not name (every
    non-blank symbol, work symbols included)."""
    import dataclasses
    import sys

    if text is None:
        inputs = machine.input_symbols or ()
        if enumerates and machine.inputs_inferred and len(inputs) > 1:
            names = ", ".join(str(s) for s in inputs)
            print(f"note: the inputs are words over every non-blank symbol "
                  f"({names}): the machine names no input alphabet; --alphabet "
                  "names one", file=sys.stderr)
        return machine
    by_name = {str(s): s for s in machine.symbols}
    unknown = [ch for ch in text if ch not in by_name]
    if unknown or not text:
        raise UsageError(
            f"--alphabet {text!r}: {unknown[0]!r} is not a symbol of the machine "
            f"(symbols: {', '.join(by_name)})" if unknown else
            "--alphabet names no symbol"
        )
    symbols = tuple(by_name[ch] for ch in text)
    if machine.blank in symbols:
        raise UsageError(f"--alphabet {text!r}: the blank {machine.blank!r} is not "
                         "an input symbol")
    if len(set(symbols)) != len(symbols):
        raise UsageError(f"--alphabet {text!r} names a symbol twice")
    return dataclasses.replace(machine, input_symbols=list(symbols))


def _word(machine: Any, text: str | None) -> tuple[Hashable, ...]:
    """Read WORD one character per symbol, matching symbols by name."""
    if not text:
        return ()
    by_name = {str(s): s for s in machine.symbols}
    out = []
    for i, ch in enumerate(text):
        if ch not in by_name:
            names = ", ".join(repr(str(s)) for s in machine.input_symbols)
            raise UsageError(
                f"input character {ch!r} at position {i} is not a symbol of the "
                f"machine (input symbols: {names})"
            )
        out.append(by_name[ch])
    return tuple(out)


def _emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False))
