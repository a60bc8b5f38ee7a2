"""Properties of threshold circuits: batch evaluation == a naive evaluator,
named circuits exact, and the compiled machine == the simulator on every
input of small lengths."""

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from arcot.circuit import (
    all_bit_inputs,
    chain_parity_circuit,
    compile_machine,
    parity_circuit,
)
from arcot.cot import HeadCell, TableauWindow, all_words, length_shape, local_rule
from arcot.machine import configurations
from arcot.testing import threshold_circuits, turing_machines
from arcot.zoo import get


def naive_evaluate(circuit, bits):
    value = {f"x{i}": b for i, b in enumerate(bits)}
    for g in circuit.gates:
        total = sum(w * value[s] for s, w in g.weights)
        value[g.name] = total % 2 if g.kind == "parity" else int(total >= g.threshold)
    return [value[g.name] for g in circuit.gates]


@given(threshold_circuits(allow_parity=True))
def test_batch_evaluation_equals_naive(circuit):
    rows = all_bit_inputs(circuit.n_inputs).tolist()
    got = circuit.evaluate_all().tolist()
    assert got == [naive_evaluate(circuit, r) for r in rows]
    assert circuit.cot(rows[-1]) == tuple(got[-1])


@given(st.integers(1, 14), st.data())
def test_parity_circuit_on_random_inputs(n, data):
    bits = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    k = data.draw(st.integers(2, 5))
    assert parity_circuit(n).cot(bits)[-1] == sum(bits) % 2
    assert chain_parity_circuit(n, k).cot(bits)[-1] == sum(bits) % 2


def check_compiled(machine, n):
    window, t = length_shape(machine, n, max_steps=10_000)
    if t == 0:
        return
    cm = compile_machine(machine, n, t, window)
    words = [[machine.symbols[i] for i in w] for w in all_words(machine, n).tolist()]
    values = cm.circuit.evaluate(np.array([cm.row0_bits(w) for w in words]))
    end = window.left + window.width
    for word, vals in zip(words, values, strict=True):
        run = list(configurations(machine, word))
        want = []
        for step in range(1, t + 1):
            c = run[min(step, len(run) - 1)]
            want.append(tuple(
                (c.state, c.symbol(cell)) if cell == c.head else c.symbol(cell)
                for cell in range(window.left, end)
            ))
        assert cm.rows(vals) == want, word


@given(turing_machines(halting=True, max_states=3), st.integers(0, 3))
def test_compiled_machine_equals_simulator(machine, n):
    check_compiled(machine, n)


def test_compiled_zoo_machines_equal_simulator():
    for name in ["parity", "increment", "palindrome", "0n1n", "unary-add"]:
        for n in range(4):
            check_compiled(get(name), n)
    check_compiled(get("bb3"), 0)


@given(turing_machines(max_states=3))
def test_compiled_gates_equal_local_rule_on_every_window(machine):
    # The `windows` scope: a one-step circuit over three cells, evaluated on
    # every well-formed window (L, M, R) at once, gives F(L, M, R) in the middle.
    cm = compile_machine(machine, 0, 1, TableauWindow(left=-1, width=3))
    tokens = list(cm.tokens)
    v, n_sym = len(tokens), machine.n_symbols
    windows = [
        w for w in itertools.product(range(v), repeat=3)
        if sum(i >= n_sym for i in w) <= 1
    ]
    bits = np.zeros((len(windows), 3 * v), dtype=np.int64)
    for r, w in enumerate(windows):
        for cell, i in enumerate(w):
            bits[r, cell * v + i] = 1
    middle = cm.circuit.evaluate(bits)[:, v : 2 * v]
    assert (middle.sum(axis=1) == 1).all()
    as_token = [HeadCell(*t) if i >= n_sym else t for i, t in enumerate(tokens)]
    for r, w in enumerate(windows):
        want = local_rule(machine, *(as_token[i] for i in w))
        assert as_token[int(middle[r].argmax())] == want
