"""The accelerated engine on published champions and a machine beyond direct reach."""

import pytest

from arcot.errors import MachineDefinitionError, TapeLimitExceeded
from arcot.machine import parse_tm, run
from arcot.zoo import ZOO

CHAMPIONS = [e for e in ZOO.values() if e.known]

#: The BB(2,4) champion (Ligocki and Ligocki, 2005): 3,932,964 steps and 2,050
#: non-blank cells, which test_bb24_champion_matches_the_kernel checks here.
BB24 = "1RB2LA1RA1RA_1LB1LA3RB1RZ"

#: Erases the outer 1s of 1^n alternately from the left and the right end.
#: A round over m ones takes 2m + 1 steps (1 to erase on the left, m to reach
#: the right end, 1 to erase there, m - 1 back) and leaves m - 2 ones; the
#: last round takes 1 step (m = 0) or 3 (m = 1). Summed, with p = n // 2:
#: (2p + 1)(p + 1) steps for even n and (2p + 3)(p + 1) for odd n; the head
#: stops on cell p + 1 with the tape blank over cells 0 .. max(n, 1).
SHRINK = "0RZ0RB_0LC1RB_0RZ0LD_0RA1LD"


def shrink_steps(n):
    p = n // 2
    return (2 * p + 1) * (p + 1) if n % 2 == 0 else (2 * p + 3) * (p + 1)


@pytest.mark.parametrize("entry", CHAMPIONS, ids=lambda e: e.name)
@pytest.mark.parametrize("k", [None, 1, 2, 3, 5])
def test_zoo_champions_exact(entry, k):
    r = run(entry.machine, max_steps=10**8, engine="accelerated", block_size=k)
    assert (r.halted, r.reason, r.steps, r.nonzero) == (
        True, "halt-state", entry.known["steps"], entry.known["nonzero"],
    )


def test_bb5_final_configuration_equals_the_kernel():
    # BB(5): 47,176,870 steps, 4,098 ones (the zoo's published figures).
    machine = parse_tm("1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA")
    fast = run(machine, max_steps=10**8, engine="accelerated")
    assert (fast.steps, fast.nonzero) == (47_176_870, 4098)
    assert fast == run(machine, max_steps=10**8, engine="numba")
    assert run(machine, max_steps=10**8) == fast  # auto


def test_bb5_cut_inside_the_run_equals_the_kernel():
    machine = ZOO["bb5"].machine
    for budget in (1, 12_345, 1_000_003, 30_000_001):
        for k in (None, 3, 4):
            fast = run(machine, max_steps=budget, engine="accelerated", block_size=k)
            assert fast == run(machine, max_steps=budget, engine="numba"), (budget, k)
            assert fast.steps == budget and not fast.halted


def test_bb24_champion_matches_the_kernel():
    machine = parse_tm(BB24)
    direct = run(machine, max_steps=10**7, engine="numba")
    assert (direct.halted, direct.steps, direct.nonzero) == (True, 3_932_964, 2050)
    for k in (None, 1, 2, 4):
        fast = run(machine, max_steps=10**7, engine="accelerated", block_size=k)
        assert fast == direct


@pytest.mark.parametrize("n", [*range(12), 101, 1000])
def test_shrink_closed_form_small(n):
    machine = parse_tm(SHRINK)
    direct = run(machine, "1" * n, max_steps=10**7, engine="numba")
    assert (direct.halted, direct.steps) == (True, shrink_steps(n))
    assert direct.head == n // 2 + 1
    assert direct.span == (0, max(n, 1)) and direct.nonzero == 0
    assert run(machine, "1" * n, max_steps=10**7, engine="accelerated") == direct


def test_beyond_direct_reach_20_billion_steps():
    # 20,000,300,001 steps: about a minute or more for any direct simulator
    # at a few ns a step; chain steps cover each sweep at once.
    n = 200_000
    r = run(parse_tm(SHRINK), "1" * n, max_steps=10**11, engine="accelerated")
    assert r.steps == shrink_steps(n) == 20_000_300_001
    assert (r.halted, r.reason, r.head, r.span, r.nonzero) == (
        True, "halt-state", n // 2 + 1, (0, n), 0,
    )
    assert set(r.tape) == {"0"}


def test_beyond_direct_reach_cut_by_the_budget():
    # One step short of the halt: A stands on cell p, about to read the
    # blank there and halt one cell to the right.
    n = 200_000
    total = shrink_steps(n)
    r = run(parse_tm(SHRINK), "1" * n, max_steps=total - 1, engine="accelerated")
    assert (r.halted, r.reason, r.steps, r.state) == (False, "budget", total - 1, "A")
    assert (r.head, r.span, r.nonzero) == (n // 2, (0, n), 0)


def test_endless_chain_into_blank_tape_stops_at_the_budget():
    looper = parse_tm("1RA---")
    # (The result lists the tape over the span, so the budget stays moderate.)
    for budget in (10**6, 10**6 + 3):
        r = run(looper, max_steps=budget, engine="accelerated", block_size=4)
        assert (r.halted, r.steps, r.head) == (False, budget, budget)
        assert r.span == (0, budget) and r.nonzero == budget
    left = run(parse_tm("1LA---"), max_steps=1000, engine="accelerated")
    assert left == run(parse_tm("1LA---"), max_steps=1000, engine="python")


def test_chain_step_checks_the_tape_limit_before_materialising():
    # A chain into the blank tape would cover 10**18 cells in one step.
    message = r"max_cells=1000 tape cells \(after 1000 steps"
    with pytest.raises(TapeLimitExceeded, match=message):
        run(parse_tm("1RA---"), max_steps=10**18, max_cells=1000, engine="accelerated")


def test_loop_inside_one_block_runs_to_the_exact_budget():
    # A and B swap on one cell for ever (stay moves): never leaves a block.
    from arcot.machine import TuringMachine

    tm = TuringMachine(
        states=["A", "B", "Z"], symbols=["0", "1"], start="A", halt_states=["Z"],
        transitions={("A", "0"): ("1", "N", "B"), ("B", "1"): ("0", "N", "A"),
                     ("A", "1"): ("1", "R", "Z"), ("B", "0"): ("0", "R", "Z")},
    )
    for budget in (0, 1, 2, 7, 10**12 + 1):
        r = run(tm, max_steps=budget, engine="accelerated", block_size=3)
        assert (r.halted, r.steps) == (False, budget)
        assert r.state == ("A" if budget % 2 == 0 else "B")
        assert r.tape == (("0",) if budget % 2 == 0 else ("1",))
    assert run(tm, max_steps=1001, engine="accelerated") == run(
        tm, max_steps=1001, engine="python"
    )


def test_bad_block_size():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(MachineDefinitionError, match="block_size"):
            run(parse_tm("1RZ---"), max_steps=1, engine="accelerated", block_size=bad)
    with pytest.raises(MachineDefinitionError, match="unknown engine"):
        run(parse_tm("1RZ---"), max_steps=1, engine="gpu")


def test_stacks_grow_when_the_runs_outnumber_the_arrays(monkeypatch):
    from arcot.machine import accelerated

    # BB(4) leaves runs of mixed blocks on both sides: a stack of one run
    # fills at once and must double many times.
    monkeypatch.setattr(accelerated, "INITIAL_RUNS", 1)
    machine = ZOO["bb4"].machine
    fast = run(machine, max_steps=10**4, engine="accelerated", block_size=1)
    assert fast == run(machine, max_steps=10**4, engine="python")


def test_counts_past_int64_run_in_the_python_engine():
    from arcot.machine import accelerated

    # A budget beyond 2^62 is outside the kernel's overflow-free range.
    assert not accelerated.compilable(6, 2, 4, 0, 2**70, 1 << 28)
    machine = ZOO["bb5"].machine
    r = run(machine, max_steps=2**70, engine="accelerated")
    assert (r.halted, r.steps, r.nonzero) == (True, 47_176_870, 4098)
    with pytest.raises(TapeLimitExceeded, match="max_cells=100 tape cells"):
        run(parse_tm("1RA---"), max_steps=2**70, max_cells=100, engine="accelerated")


def test_kernel_and_python_engine_agree_iteration_for_iteration():
    from arcot.machine import accelerated, flat_tables

    machine = ZOO["bb5"].machine
    t = flat_tables(machine)
    args = (t.write, t.move, t.next_state, t.is_halt, machine.n_symbols)
    for k in (1, 3, 6):
        for budget in (10**5, 10**8):
            kw = {"cells": [0], "state": 0, "lo": 0, "hi": 0,
                  "max_steps": budget, "max_cells": 1 << 20, "k": k}
            assert accelerated.simulate(*args, **kw, compiled=True) == (
                accelerated.simulate(*args, **kw, compiled=False)
            )
