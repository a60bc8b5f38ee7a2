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
