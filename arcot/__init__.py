"""arcot: auto-regressive chain-of-thought learning, executable and checkable.

Define a Turing machine, get its chain-of-thought traces, measure the length
complexity of a target function, fit or construct a linear next-token
predictor, and check a proof that it reproduces every step of the machine
(E. Malach, *Auto-Regressive Next-Token Predictors are Universal Learners*).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arcot._lazy import lazy_exports
from arcot._version import __version__
from arcot.errors import ArcotError

if TYPE_CHECKING:
    from arcot.machine import (
        Configuration,
        Move,
        RunResult,
        Transition,
        TuringMachine,
        configurations,
        format_tm,
        from_dict,
        load_machine,
        machine_from_table,
        parse_tm,
        run,
        save_machine,
        to_dict,
    )
    from arcot.zoo import resolve_machine

# The package's names, imported on first use: ``import arcot.cli`` (every
# command) then loads neither numpy nor the machine, and ``arcot check``
# starts as fast as the checker it runs.
_LAZY = {
    **dict.fromkeys(
        ("Configuration", "Move", "RunResult", "Transition", "TuringMachine",
         "configurations", "format_tm", "from_dict", "load_machine",
         "machine_from_table", "parse_tm", "run", "save_machine", "to_dict"),
        "arcot.machine",
    ),
    "resolve_machine": "arcot.zoo",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)

__all__ = [
    "ArcotError",
    "Configuration",
    "Move",
    "RunResult",
    "Transition",
    "TuringMachine",
    "__version__",
    "configurations",
    "format_tm",
    "from_dict",
    "load_machine",
    "machine_from_table",
    "parse_tm",
    "resolve_machine",
    "run",
    "save_machine",
    "to_dict",
]
