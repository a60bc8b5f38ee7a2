"""Properties of the CoT encodings on random machines.

Round trips, length laws, each encoding's own rule reproducing the
simulator, and the batch kernel against its plain reference.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from arcot.circuit import compile_machine
from arcot.cot import (
    DELIMITER,
    ENCODINGS,
    StepToken,
    StopToken,
    TableauWindow,
    all_words,
    cot_length,
    decode,
    encode,
    encode_circuit_batch,
    encode_tableau,
    encode_tableau_batch,
    length_shape,
    local_rule,
    tableau_window,
)
from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import Configuration, configurations, run
from arcot.testing import tape_inputs, turing_machines

halting = turing_machines(halting=True, max_states=3)
cases = halting.flatmap(lambda m: tape_inputs(m, max_size=5).map(lambda w: (m, w)))


def seen(machine, word, window):
    end = window.left + window.width
    return [
        Configuration(state=c.state, head=c.head, origin=window.left,
                      cells=c.window(window.left, end), step=c.step, blank=c.blank)
        for c in configurations(machine, word)
    ]


@given(cases, st.sampled_from(ENCODINGS))
def test_round_trip(case, encoding):
    machine, word = case
    trace = encode(machine, word, encoding=encoding, max_steps=10_000)
    window = TableauWindow(left=trace.left, width=trace.width)
    assert decode(machine, trace) == seen(machine, word, window)
    assert len(trace.cot) == cot_length(
        machine, encoding, steps=trace.steps, width=trace.width
    )


@given(halting, st.integers(0, 3), st.sampled_from(ENCODINGS))
def test_one_length_for_all_inputs_of_a_length(machine, n, encoding):
    window, t = length_shape(machine, n, max_steps=10_000)
    law = cot_length(machine, encoding, steps=t, width=window.width)
    for row in all_words(machine, n).tolist():
        word = [machine.symbols[i] for i in row]
        trace = encode(machine, word, encoding=encoding, window=window, steps=t)
        assert len(trace.cot) == law
        assert decode(machine, trace) == seen(machine, word, window)


def tableau_rollout(machine, trace):
    """Generate the tableau CoT from its prompt with the local rule alone."""
    names = trace.vocabulary
    w = trace.width
    stream = [names.token(int(i)) for i in trace.prompt]
    for _ in range(len(trace.cot)):
        if len(stream) % (w + 1) == 0:
            stream.append(DELIMITER)
            continue
        left, middle, right = stream[-(w + 2)], stream[-(w + 1)], stream[-w]
        stream.append(local_rule(machine, left, middle, right))
    return names.ids(stream[len(trace.prompt):])


def steplog_next(machine, prompt, prefix):
    """The step log's next token: replay the whole history (no bounded window)."""
    if prefix and isinstance(prefix[-1], StopToken):
        return prefix[-1]
    tape = dict(enumerate(prompt))
    head, state = 0, machine.start
    for tok in prefix:
        state = machine.transitions[state, tape.get(head, machine.blank)].next_state
        tape[head] = tok.write
        head += tok.move.value
    read = tape.get(head, machine.blank)
    rule = machine.transitions.get((state, read))
    if state in machine.halt_states or rule is None:
        return StopToken(state, read)
    return StepToken(state, read, rule.write, rule.move)


@given(cases)
def test_tableau_local_rule_reproduces_run(case):
    machine, word = case
    window, t = length_shape(machine, len(word), max_steps=10_000)
    trace = encode(machine, word, encoding="tableau", window=window, steps=t)
    assert (tableau_rollout(machine, trace) == trace.cot).all()


@given(cases)
def test_steplog_replay_reproduces_run(case):
    machine, word = case
    trace = encode(machine, word, encoding="steplog", max_steps=10_000)
    vocab = trace.vocabulary
    prompt = [vocab.token(int(i)) for i in trace.prompt]
    cot: list = []
    for _ in range(len(trace.cot)):
        cot.append(steplog_next(machine, prompt, cot))
    assert (vocab.ids(cot) == trace.cot).all()


@given(cases)
def test_circuit_gates_reproduce_run(case):
    machine, word = case
    window, t = length_shape(machine, len(word), max_steps=10_000)
    trace = encode(machine, word, encoding="circuit", window=window, steps=t)
    if t == 0:
        assert len(trace.cot) == 0
        return
    compiled = compile_machine(machine, len(word), t, window)
    assert (compiled.row0_bits(word) == trace.prompt).all()
    assert (compiled.circuit.evaluate(trace.prompt)[0] == trace.cot).all()


@given(halting, st.integers(0, 4))
def test_batch_kernel_equals_reference_and_single(machine, n):
    window, t = length_shape(machine, n, max_steps=10_000)
    words = all_words(machine, n)
    fast = encode_tableau_batch(machine, words, window=window, steps=t)
    slow = encode_tableau_batch(machine, words, window=window, steps=t,
                                engine="python")
    assert fast.shape == slow.shape == (len(words), (t + 1) * (window.width + 1))
    assert (fast == slow).all()
    for row, w in zip(fast, words.tolist(), strict=True):
        single = encode_tableau(machine, [machine.symbols[i] for i in w],
                                window=window, steps=t)
        assert (row == single.tokens).all()


@given(turing_machines(max_states=3), st.integers(0, 3), st.integers(0, 30),
       st.integers(-3, 0), st.integers(1, 6))
def test_batch_kernel_agrees_on_failures(machine, n, steps, left, width):
    # Arbitrary shapes: both engines raise the same error or give the same array.
    words = all_words(machine, n)
    if left + width < max(n, 1):
        width = max(n, 1) - left
    window = TableauWindow(left=left, width=width)
    results = []
    for engine in ("numba", "python"):
        try:
            results.append(encode_tableau_batch(machine, words, window=window,
                                                steps=steps, engine=engine))
        except (EncodingError, StepLimitExceeded) as exc:
            results.append((type(exc), str(exc)))
    fast, slow = results
    if isinstance(fast, np.ndarray):
        assert isinstance(slow, np.ndarray) and (fast == slow).all()
    else:
        assert fast == slow


@given(turing_machines(max_states=3), st.sampled_from(ENCODINGS))
def test_budget_matches_simulator(machine, encoding):
    r = run(machine, (), max_steps=40)
    try:
        trace = encode(machine, (), encoding=encoding, max_steps=40)
    except StepLimitExceeded:
        assert not r.halted
    else:
        assert r.halted and trace.steps == r.steps


@given(turing_machines(max_states=3), st.integers(0, 3), st.integers(0, 40))
def test_shape_kernel_equals_tableau_window(machine, n, max_steps):
    # length_shape's kernel against the reference: run() on every input.
    words = [[machine.symbols[i] for i in w] for w in all_words(machine, n).tolist()]
    try:
        want = tableau_window(machine, words, max_steps=max_steps)
    except StepLimitExceeded as exc:
        want = str(exc)
    try:
        got = length_shape(machine, n, max_steps=max_steps)
    except StepLimitExceeded as exc:
        got = str(exc)
    assert got == want


@given(halting, st.integers(0, 3))
def test_circuit_batch_equals_single(machine, n):
    window, t = length_shape(machine, n, max_steps=10_000)
    words = all_words(machine, n)
    bits = encode_circuit_batch(machine, words, window=window, steps=t)
    for row, w in zip(bits, words.tolist(), strict=True):
        single = encode(machine, [machine.symbols[i] for i in w], encoding="circuit",
                        window=window, steps=t)
        assert (row == single.tokens).all()
