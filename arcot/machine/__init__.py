"""Turing machines: the model, its formats, the stepper and the simulator."""

from arcot.machine.formats import (
    format_tm,
    from_automata,
    from_dict,
    from_json,
    load_machine,
    machine_from_table,
    parse_tm,
    save_machine,
    to_automata,
    to_dict,
    to_dot,
    to_json,
    to_networkx,
)
from arcot.machine.model import Move, Transition, TuringMachine
from arcot.machine.simulator import (
    DEFAULT_MAX_CELLS,
    Configuration,
    FlatTables,
    RunResult,
    configurations,
    flat_tables,
    run,
)

__all__ = [
    "DEFAULT_MAX_CELLS",
    "Configuration",
    "FlatTables",
    "Move",
    "RunResult",
    "Transition",
    "TuringMachine",
    "configurations",
    "flat_tables",
    "format_tm",
    "from_automata",
    "from_dict",
    "from_json",
    "load_machine",
    "machine_from_table",
    "parse_tm",
    "run",
    "save_machine",
    "to_automata",
    "to_dict",
    "to_dot",
    "to_json",
    "to_networkx",
]
