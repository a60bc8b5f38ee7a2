"""Define a Turing machine three ways, run it, and look at its run.

The same binary-increment machine is written as a readable transition table,
as Busy Beaver standard text, and as an automata-lib style dictionary; all
three give one machine. Running it on ``1011`` (eleven) leaves ``1100``
(twelve) on the tape::

    step 0  right @ 0: 1011      walk right to the end of the number
    step 4  right @ 4: 1011_     past the end: turn back, carrying one
    step 8   done @ 0: 1100_     0 + carry = 1: done

Then the Busy Beaver champions run to their published step counts.
"""

import arcot
from arcot.machine import format_tm, to_dot
from arcot.zoo import ZOO

table = arcot.machine_from_table(
    """
    right 0 -> 0 R right    # walk to the end of the number
    right 1 -> 1 R right
    right _ -> _ L carry
    carry 1 -> 0 L carry    # 1 + carry = 0, carry on
    carry 0 -> 1 L done     # 0 + carry = 1, finished
    carry _ -> 1 L done     # a new leading digit
    """
)
as_dict = arcot.from_dict(
    {
        "states": ["right", "carry", "done"],
        "input_symbols": ["0", "1"],
        "tape_symbols": ["_", "0", "1"],
        "initial_state": "right",
        "blank_symbol": "_",
        "final_states": ["done"],
        "transitions": {
            "right": {
                "0": ("right", "0", "R"),
                "1": ("right", "1", "R"),
                "_": ("carry", "_", "L"),
            },
            "carry": {
                "1": ("carry", "0", "L"),
                "0": ("done", "1", "L"),
                "_": ("done", "1", "L"),
            },
        },
    }
)
print("table == dict definition:", table == as_dict)
print("standard text (renamed states and symbols):", format_tm(table))

result = arcot.run(table, "1011", max_steps=1000)
print(f"halted={result.halted} steps={result.steps} tape={result.tape_text()!r}")
for c in arcot.configurations(table, "1011"):
    print(f"  step {c.step}  {c.state:>5} @ {c.head}: {''.join(c.cells)}")

for name in ("bb2", "bb3", "bb4"):
    entry = ZOO[name]
    r = arcot.run(entry.machine, max_steps=10_000)
    print(
        f"{name}: {format_tm(entry.machine)} halts after {r.steps} steps "
        f"with {r.nonzero} non-zero cells (published: {entry.known})"
    )

print(to_dot(ZOO["bb2"].machine))
