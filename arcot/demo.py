"""``arcot demo``: the main job end to end on a built-in machine.

Each stage prints what it did and what it measured; nothing is typed in.
"""

from __future__ import annotations

from arcot.cot import encode_tableau, tableau_length
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
    print(f"1. machine: {machine!r}, binary increment, defined in six table lines")
    result = run(machine, DEMO_INPUT, max_steps=1000)
    print(
        f"2. run on {DEMO_INPUT!r}: halted={result.halted} after {result.steps} "
        f"steps in state {result.state!r}; tape {result.tape_text()!r}"
    )
    print("   configurations (state @ head: tape):")
    for c in configurations(machine, DEMO_INPUT):
        tape = "".join(str(s) for s in c.cells)
        print(f"   step {c.step:>2}  {c.state!s:>5} @ {c.head:>2}: {tape}")
    trace = encode_tableau(machine, DEMO_INPUT)
    print(
        f"3. tableau CoT: {len(trace.cot)} tokens = T*(W+1) with T={trace.steps}, "
        f"W={trace.width} (law gives {tableau_length(trace.steps, trace.width)})"
    )
    for line in trace.render().splitlines():
        print(f"   {line}")
    return 0
