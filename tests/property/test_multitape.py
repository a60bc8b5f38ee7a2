"""The one-tape compilation of a k-tape machine agrees with the k-tape simulator."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.machine import run
from arcot.machine.multitape import run_multitape, to_one_tape
from arcot.testing import multitape_machines


def with_words(machines):
    return machines.flatmap(
        lambda m: st.tuples(
            st.just(m), st.lists(st.sampled_from(m.input_symbols), max_size=6)
        )
    )


@given(with_words(multitape_machines(max_tapes=2)), st.integers(0, 40))
def test_compiled_machine_ends_where_the_k_tape_machine_ends(case, budget):
    check(*case, budget)


@settings(max_examples=25)
@given(with_words(multitape_machines(min_tapes=3, max_states=2, max_symbols=2)),
       st.integers(0, 30))
def test_three_tapes(case, budget):
    # Three tapes compile to 64 cell symbols and hundreds of states: fewer cases.
    check(*case, budget)


def check(machine, word, budget):
    direct = run_multitape(machine, word, max_steps=budget)
    compiled = to_one_tape(machine)
    if not direct.halted:
        # Cut by the budget: the compiled machine takes at least as many steps.
        assert not run(compiled.machine, word, max_steps=budget).halted
        return
    # Every simulated step costs at most a few sweeps over the heads' span.
    lo, hi = direct.span
    bound = 3 + (direct.steps + 1) * (4 * (hi - lo + len(word) + 4) + 8)
    one = run(compiled.machine, word, max_steps=bound)
    assert one.halted, "the compiled machine ran past its step bound"
    decoded = compiled.decode(one)
    assert (decoded.reason, decoded.state, decoded.heads) == (
        direct.reason, direct.state, direct.heads
    )
    assert decoded.contents(machine.blank) == direct.contents(machine.blank)
    assert one.steps >= direct.steps
