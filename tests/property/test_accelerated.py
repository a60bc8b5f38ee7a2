"""The accelerated engine equals the reference stepper on random machines.

Every block size, budgets that cut runs anywhere (inside a block, inside a
chain, inside a loop that never leaves its block), stay moves, undefined
transitions, input words and tape limits.
"""

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcot.errors import TapeLimitExceeded
from arcot.machine import configurations, run
from arcot.testing import tape_inputs, turing_machines

machines_and_words = turing_machines().flatmap(
    lambda m: st.tuples(st.just(m), tape_inputs(m))
)
small_alphabet = turing_machines(max_symbols=2, max_states=3).flatmap(
    lambda m: st.tuples(st.just(m), tape_inputs(m))
)


def reference_final(machine, word, budget):
    """The reference stepper's last configuration within ``budget`` steps."""
    *_, last = itertools.islice(configurations(machine, word), budget + 1)
    return last


def check_against_reference(machine, word, budget, result):
    ref = reference_final(machine, word, budget)
    assert (result.state, result.head, result.steps) == (ref.state, ref.head, ref.step)
    lo, hi = result.span
    assert result.tape == ref.window(lo, hi + 1)
    assert result.nonzero == sum(1 for s in ref.cells if s != machine.blank)


@given(machines_and_words, st.integers(0, 400), st.integers(1, 5))
def test_accelerated_equals_python_engine(case, budget, k):
    machine, word = case
    python = run(machine, word, max_steps=budget, engine="python")
    fast = run(machine, word, max_steps=budget, engine="accelerated", block_size=k)
    assert fast == python
    assert fast.reason == python.reason and fast.halted == python.halted


@given(machines_and_words, st.integers(0, 300), st.sampled_from([None, 1, 2, 3, 7]))
def test_accelerated_equals_reference_stepper(case, budget, k):
    machine, word = case
    fast = run(machine, word, max_steps=budget, engine="accelerated", block_size=k)
    check_against_reference(machine, word, budget, fast)


@given(small_alphabet, st.integers(0, 3000), st.integers(1, 8))
def test_budget_cuts_long_runs_anywhere(case, budget, k):
    # Two-symbol machines run long chains; cutting them at every budget
    # lands inside chains, blocks and in-block loops.
    machine, word = case
    python = run(machine, word, max_steps=budget, engine="python")
    fast = run(machine, word, max_steps=budget, engine="accelerated", block_size=k)
    assert fast == python


@given(machines_and_words, st.integers(0, 500), st.integers(1, 12), st.integers(1, 4))
def test_tape_limit_where_the_python_engine_raises(case, budget, max_cells, k):
    machine, word = case
    max_cells = max(max_cells, len(word))
    try:
        python = run(machine, word, max_steps=budget, max_cells=max_cells,
                     engine="python")
    except TapeLimitExceeded as exc:
        # The same message: the same step count at which the span passed.
        with pytest.raises(TapeLimitExceeded, match=re.escape(str(exc)) + "$"):
            run(machine, word, max_steps=budget, max_cells=max_cells,
                engine="accelerated", block_size=k)
        return
    fast = run(machine, word, max_steps=budget, max_cells=max_cells,
               engine="accelerated", block_size=k)
    assert fast == python


@given(turing_machines(halting=True).flatmap(
    lambda m: st.tuples(st.just(m), tape_inputs(m, max_size=30))))
def test_halting_machines_agree_to_the_halt(case):
    machine, word = case
    python = run(machine, word, max_steps=100_000, engine="python")
    assert python.halted
    assert run(machine, word, max_steps=100_000, engine="accelerated") == python
    assert run(machine, word, max_steps=100_000) == python


@given(machines_and_words, st.integers(0, 3000), st.integers(1, 6),
       st.integers(1, 64))
def test_kernel_equals_the_pure_python_engine(case, budget, k, max_cells):
    # The numba kernel and its pure-Python twin: the same BlockRun (iteration
    # count included) or the same tape-limit error, from any start.
    from arcot.machine import accelerated, flat_tables

    machine, word = case
    t = flat_tables(machine)
    cells = [machine.symbol_index(s) for s in word] or [0]
    kw = {"cells": cells, "state": machine.state_index(machine.start), "lo": 0,
          "hi": len(cells) - 1, "max_steps": budget,
          "max_cells": max(max_cells, len(cells)), "k": k}
    args = (t.write, t.move, t.next_state, t.is_halt, machine.n_symbols)
    outcomes = []
    for compiled in (True, False):
        try:
            outcomes.append(accelerated.simulate(*args, **kw, compiled=compiled))
        except TapeLimitExceeded as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]


@given(machines_and_words, st.integers(0, 300), st.sampled_from([None, 1, 2, 3]))
def test_pure_python_engine_equals_reference_stepper(case, budget, k):
    from arcot.machine import accelerated

    machine, word = case
    accelerated.USE_COMPILED = False
    try:
        fast = run(machine, word, max_steps=budget, engine="accelerated", block_size=k)
    finally:
        accelerated.USE_COMPILED = True
    check_against_reference(machine, word, budget, fast)


@given(st.lists(st.integers(0, 2), max_size=40), st.integers(-5, 5),
       st.integers(-50, 50), st.integers(1, 4))
def test_kernel_stacks_are_the_python_stacks(cells, origin, head_shift, k):
    # The kernel's run-length arrays encode the Python engine's stacks, for a
    # head anywhere (inside, left or right of the written cells).
    from arcot.machine import accelerated

    head = origin + head_shift
    stacks = accelerated._stacks(cells, origin, head, k)
    arrays = accelerated._array_stacks(cells, origin, head, k, 3)
    for stack, (blocks, counts) in zip(stacks, arrays, strict=True):
        decoded = [[accelerated._block(int(b), 3, k), int(c)]
                   for b, c in zip(blocks, counts, strict=True)]
        assert decoded == stack
