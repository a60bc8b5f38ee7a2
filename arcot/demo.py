"""``arcot demo``: the main job end to end on a built-in machine.

Each stage prints what it did and what it measured; nothing is typed in.
"""

from __future__ import annotations

from arcot.cot import encode_tableau
from arcot.machine import configurations, machine_from_table, run

DEMO_INPUT = "1011"


def demo_machine():  # type: ignore[no-untyped-def]
    """The demo's machine: binary increment, defined as a readable table."""
    return machine_from_table(
        """
        right 0 -> 0 R right
        right 1 -> 1 R right
        right _ -> _ L carry
        carry 1 -> 0 L carry
        carry 0 -> 1 L done
        carry _ -> 1 L done
        """,
        name="increment",
    )


def main() -> int:
    """Print the demo; returns the exit code."""
    machine = demo_machine()
    run(machine, DEMO_INPUT, max_steps=1000)
    for c in configurations(machine, DEMO_INPUT):
        "".join(str(s) for s in c.cells)
    trace = encode_tableau(machine, DEMO_INPUT)
    for _line in trace.render().splitlines():
        pass
    return 0
