"""arcot: auto-regressive chain-of-thought learning, executable and checkable.

Define a Turing machine, get its chain-of-thought traces, measure the length
complexity of a target function, fit or construct a linear next-token
predictor, and check a proof that it reproduces every step of the machine
(E. Malach, *Auto-Regressive Next-Token Predictors are Universal Learners*).
"""

from arcot._version import __version__
from arcot.errors import ArcotError
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
