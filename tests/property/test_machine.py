"""Round trips and simulator agreement on random machines."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.machine import (
    TuringMachine,
    configurations,
    format_tm,
    from_dict,
    from_json,
    parse_tm,
    run,
    to_dict,
    to_json,
)
from arcot.testing import tape_inputs, turing_machines

machines_and_words = turing_machines().flatmap(
    lambda m: st.tuples(st.just(m), tape_inputs(m))
)


def without_unreached_halts(machine):
    """The text format names only the halt states some transition enters."""
    entered = {t.next_state for t in machine.transitions.values()}
    unused = machine.halt_states - entered
    return TuringMachine(
        states=[s for s in machine.states if s not in unused],
        symbols=machine.symbols,
        blank=machine.blank,
        start=machine.start,
        halt_states=machine.halt_states - unused,
        transitions=machine.transitions,
    )


@given(turing_machines(allow_stay=False))
def test_standard_text_round_trip(machine):
    text = format_tm(machine)
    assert parse_tm(text) == without_unreached_halts(machine)
    assert format_tm(parse_tm(text)) == text
    spaced = format_tm(machine, spaced=True)
    assert parse_tm(spaced) == parse_tm(text)


@given(turing_machines())
def test_dict_and_json_round_trip(machine):
    assert from_dict(to_dict(machine)) == machine
    assert from_json(to_json(machine)) == machine


def reference_final(machine, word, budget):
    """The reference stepper's last configuration within ``budget`` steps."""
    *_, last = itertools.islice(configurations(machine, word), budget + 1)
    return last


@settings(max_examples=100)
@given(machines_and_words, st.integers(0, 300))
def test_fast_simulator_equals_reference_stepper(case, budget):
    machine, word = case
    ref = reference_final(machine, word, budget)
    results = [
        run(machine, word, max_steps=budget, engine=e) for e in ("python", "numba")
    ]
    assert results[0] == results[1]
    r = results[0]
    assert (r.state, r.head, r.steps) == (ref.state, ref.head, ref.step)
    lo, hi = r.span
    assert r.tape == ref.window(lo, hi + 1)
    assert r.nonzero == sum(1 for s in ref.cells if s != machine.blank)
    stopped = ref.state in machine.halt_states or (
        (ref.state, ref.symbol(ref.head)) not in machine.transitions
    )
    assert r.halted == stopped
