"""Token identity is kind and value, never tuple equality (issue 7 item 8).

:class:`~arcot.cot.HeadCell` and :class:`~arcot.cot.StopToken` are named
tuples, equal and hash-equal to the plain tuples of their fields. These
properties rename a random machine's symbols to plain tuples that equal its
own head cells, ``(state, symbol)``, and check that every encoding still
round-trips and that every vocabulary gives each token its own id.
"""

from hypothesis import given
from hypothesis import strategies as st

from arcot.cot import (
    ENCODINGS,
    HeadCell,
    StopToken,
    TableauWindow,
    decode,
    encode,
    encode_tableau,
    encode_tableau_batch,
    steplog_vocabulary,
    tableau_vocabulary,
)
from arcot.machine import Configuration, Transition, TuringMachine, configurations
from arcot.testing import tape_inputs, turing_machines


@st.composite
def colliding_machines(draw):
    """A halting machine whose non-blank symbols are renamed to plain pairs
    ``(state, symbol)`` equal to head cells of the renamed machine."""
    m = draw(turing_machines(halting=True, max_states=3))
    rename = {m.blank: m.blank}
    targets = [m.blank]
    for s in m.symbols[1:]:
        fresh = [(q, t) for q in m.states for t in targets if (q, t) not in targets]
        rename[s] = draw(st.sampled_from(fresh))
        targets.append(rename[s])
    return TuringMachine(
        states=m.states, symbols=[rename[s] for s in m.symbols], start=m.start,
        halt_states=m.halt_states, blank=m.blank,
        transitions={
            (q, rename[a]): Transition(rename[t.write], t.move, t.next_state)
            for (q, a), t in m.transitions.items()
        },
    )


cases = colliding_machines().flatmap(
    lambda m: tape_inputs(m, max_size=4).map(lambda w: (m, w))
)


def seen(machine, word, window):
    end = window.left + window.width
    return [
        Configuration(state=c.state, head=c.head, origin=window.left,
                      cells=c.window(window.left, end), step=c.step, blank=c.blank)
        for c in configurations(machine, word)
    ]


@given(colliding_machines())
def test_every_token_has_its_own_id(machine):
    v = tableau_vocabulary(machine)
    s = machine.n_symbols
    for k, a in enumerate(machine.symbols):
        assert v.id(a) == 1 + k
        for j, q in enumerate(machine.states):
            assert v.id(HeadCell(q, a)) == 1 + s + j * s + k
    assert list(v.ids(v.tokens)) == list(range(len(v)))
    sv = steplog_vocabulary(machine)
    assert list(sv.ids(sv.tokens)) == list(range(len(sv)))
    for a in machine.symbols:
        for q in machine.states:
            assert sv.id(StopToken(q, a)) != sv.id(a)


@given(cases, st.sampled_from(ENCODINGS))
def test_round_trip_with_symbols_equal_to_heads(case, encoding):
    machine, word = case
    trace = encode(machine, word, encoding=encoding)
    window = TableauWindow(left=trace.left, width=trace.width)
    assert decode(machine, trace) == seen(machine, word, window)


@given(cases)
def test_batch_equals_one_by_one_with_symbols_equal_to_heads(case):
    machine, word = case
    t = encode_tableau(machine, word)
    window = TableauWindow(left=t.left, width=t.width)
    batch = encode_tableau_batch(machine, [word], window=window, steps=t.steps)
    assert (batch[0] == t.tokens).all()
