"""Accept and reject: which halt states accept, and what a run's outcome is."""

import itertools

import pytest

from arcot.errors import UnknownStateError
from arcot.machine import (
    TuringMachine,
    from_json,
    machine_from_table,
    parse_tm,
    run,
    to_json,
)
from arcot.zoo import ZOO, get

DECIDER = """
s 1 -> 1 R s
s 0 -> 0 R no
s _ -> _ R yes
"""


def test_every_halt_state_accepts_by_default():
    # automata-lib's reading: a final state accepts.
    r = run(get("bb4"), max_steps=1000)
    assert r.halted and r.accepted is True
    assert get("bb4").accept_states == get("bb4").halt_states


def test_declared_accept_states_split_the_halt_states():
    m = machine_from_table(DECIDER, accept_states=["yes"])
    assert m.halt_states == {"yes", "no"} and m.accept_states == {"yes"}
    assert run(m, "111", max_steps=10).accepted is True
    assert run(m, "101", max_steps=10).accepted is False


def test_an_undefined_transition_rejects_and_a_cut_run_has_no_verdict():
    stops = TuringMachine(states=["s", "yes"], symbols=["_", "1", "0"], blank="_",
                          start="s", halt_states=["yes"],
                          transitions={("s", "1"): ("1", "R", "s")})
    r = run(stops, "10", max_steps=10)
    assert (r.reason, r.accepted) == ("undefined", False)
    cut = run(parse_tm("1RA---"), max_steps=5)
    assert (cut.halted, cut.accepted) == (False, None)


def test_accept_state_must_be_a_halt_state():
    with pytest.raises(UnknownStateError, match="accept state 's' is not a halt state"):
        machine_from_table(DECIDER, accept_states=["s"])


def test_accept_states_survive_json_and_leave_equality_alone():
    m = machine_from_table(DECIDER, accept_states=["yes"])
    back = from_json(to_json(m))
    assert back.accept_states == {"yes"}
    # The table is the computation: accept states read its outcome only.
    assert back == machine_from_table(DECIDER)
    assert "accept_states" not in to_json(machine_from_table(DECIDER))


@pytest.mark.parametrize("name", ["palindrome", "0n1n"])
def test_zoo_deciders_accept_exactly_their_language(name):
    entry = ZOO[name]
    for n in range(9):
        for w in itertools.product(entry.machine.input_symbols, repeat=n):
            r = run(entry.machine, w, max_steps=10_000)
            assert r.accepted == (entry.reference("".join(w)) == "accept"), w


def test_machine_html_table_marks_start_halt_and_accept():
    m = machine_from_table(DECIDER, accept_states=["yes"])
    page = m._repr_html_()
    assert "&rarr; s" in page and "yes (accept)" in page and "no (halt)" in page
    assert "<td>1 R s</td>" in page
