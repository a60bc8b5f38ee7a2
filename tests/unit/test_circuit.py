"""Unit tests of arcot.circuit: validation rules, named circuits, the compiler."""

import itertools

import numpy as np
import pytest

from arcot.circuit import (
    Gate,
    ThresholdCircuit,
    all_bit_inputs,
    chain_parity_circuit,
    chain_parity_length,
    check_function,
    compile_machine,
    function_circuit,
    machine_cell_tokens,
    parity_circuit,
    parity_length,
    truth_table,
)
from arcot.cot import HeadCell, TableauWindow, local_rule
from arcot.errors import CircuitError
from arcot.machine import machine_from_table
from arcot.zoo import get


def parity(bits):
    return sum(bits) % 2


def g(name, threshold=1, **weights):
    return Gate(name=name, weights=weights, threshold=threshold)


# -- Gate validation: one test per rule ---------------------------------


def test_gate_name_must_be_nonempty_string():
    with pytest.raises(CircuitError, match=r"gate name"):
        Gate(name="", weights={})


def test_gate_kind_must_be_known():
    with pytest.raises(CircuitError, match=r"'g'.*unknown kind 'majority'"):
        Gate(name="g", kind="majority", weights={})


def test_gate_weights_must_be_pairs():
    with pytest.raises(CircuitError, match=r"'g'.*weights must map"):
        Gate(name="g", weights=3)


def test_gate_weight_entry_must_be_a_pair():
    with pytest.raises(CircuitError, match=r"'g'.*bad weight entry"):
        Gate(name="g", weights=[("x0", 1, 2)])


def test_gate_source_must_be_a_name():
    with pytest.raises(CircuitError, match=r"'g'.*source 0 is not a name"):
        Gate(name="g", weights=[(0, 1)])


def test_gate_source_listed_twice():
    with pytest.raises(CircuitError, match=r"'g'.*'x0' is listed twice"):
        Gate(name="g", weights=[("x0", 1), ("x0", 2)])


@pytest.mark.parametrize("bad", [0.5, 1.0, True, "1", None])
def test_gate_weight_must_be_integer(bad):
    with pytest.raises(CircuitError, match=r"'g'.*weight of 'x0' must be an integer"):
        Gate(name="g", weights={"x0": bad})


@pytest.mark.parametrize("bad", [0.5, True, "1"])
def test_gate_threshold_must_be_integer(bad):
    with pytest.raises(CircuitError, match=r"'g'.*threshold must be an integer"):
        Gate(name="g", weights={"x0": 1}, threshold=bad)


def test_numpy_integers_are_integers():
    gate = Gate(name="g", weights={"x0": np.int64(3)}, threshold=np.int32(2))
    assert gate.weights == (("x0", 3),) and type(gate.threshold) is int


def test_parity_gate_weights_are_one():
    with pytest.raises(CircuitError, match=r"'p'.*'x1' has another"):
        Gate(name="p", kind="parity", weights={"x0": 1, "x1": 2})


def test_parity_gate_has_no_threshold():
    with pytest.raises(CircuitError, match=r"'p'.*no threshold"):
        Gate(name="p", kind="parity", weights={"x0": 1}, threshold=1)


def test_gate_weights_must_fit_int64_sums():
    with pytest.raises(CircuitError, match=r"'g'.*too large"):
        Gate(name="g", weights={"x0": 1 << 61, "x1": 1 << 61})


# -- ThresholdCircuit validation ----------------------------------------


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True])
def test_circuit_n_inputs(bad):
    with pytest.raises(CircuitError, match=r"n_inputs"):
        ThresholdCircuit(n_inputs=bad, gates=[g("a", x0=1)])


def test_circuit_needs_a_gate():
    with pytest.raises(CircuitError, match=r"at least one gate"):
        ThresholdCircuit(n_inputs=1, gates=[])


def test_circuit_gates_must_be_gates():
    with pytest.raises(CircuitError, match=r"expected a Gate"):
        ThresholdCircuit(n_inputs=1, gates=[("a", {"x0": 1}, 1)])


def test_circuit_gate_name_clashes_with_input():
    with pytest.raises(CircuitError, match=r"'x0'.*already an input"):
        ThresholdCircuit(n_inputs=1, gates=[g("x0", x0=1)])


def test_circuit_gate_name_listed_twice():
    with pytest.raises(CircuitError, match=r"'a'.*already an earlier gate"):
        ThresholdCircuit(n_inputs=1, gates=[g("a", x0=1), g("a", x0=1)])


def test_circuit_unknown_source():
    with pytest.raises(CircuitError, match=r"gate 'a'.*'x3' does not exist"):
        ThresholdCircuit(n_inputs=2, gates=[g("a", x3=1)])


def test_circuit_later_source_is_rejected():
    with pytest.raises(CircuitError, match=r"gate 'a'.*'b' is a later gate"):
        ThresholdCircuit(n_inputs=1, gates=[g("a", b=1), g("b", x0=1)])


def test_circuit_self_reference_is_rejected():
    with pytest.raises(CircuitError, match=r"gate 'a'.*'a'"):
        ThresholdCircuit(n_inputs=1, gates=[g("a", a=1)])


def test_evaluate_checks_shape():
    c = parity_circuit(3)
    with pytest.raises(CircuitError, match=r"shape \[m, 3\]"):
        c.evaluate(np.zeros((2, 4), dtype=np.int64))


def test_evaluate_checks_bits():
    with pytest.raises(CircuitError, match=r"0/1"):
        parity_circuit(2).evaluate([[0, 2]])


def test_evaluate_rejects_floats():
    with pytest.raises(CircuitError, match=r"0/1"):
        parity_circuit(2).evaluate(np.array([[0.0, 1.0]]))


def test_circuit_without_inputs_has_a_cot():
    # regression: cot(()) built a float array and was rejected as non-binary
    c = ThresholdCircuit(n_inputs=0, gates=[Gate(name="one", weights={})])
    assert c.cot(()) == (1,)
    assert c.evaluate_all().tolist() == [[1]]


def test_graph_is_the_dag_with_weights():
    c = parity_circuit(3)
    assert set(c.graph.predecessors("b0")) == {"x0", "x1", "x2", "b1"}
    assert c.graph.edges["b1", "b0"]["weight"] == -2
    assert c.graph.nodes["b0"]["threshold"] == 1
    assert c.graph.nodes["x0"]["kind"] == "input"


def test_evaluation_is_exact_for_large_weights():
    # 2^60 - 1 + 1 >= 2^60 holds; a float64 sum would also hold, so test the
    # case floats get wrong: 2^60 + 1 - 2^60 >= 1.
    big = 1 << 60
    c = ThresholdCircuit(n_inputs=2, gates=[
        g("a", x0=big + 1, x1=-big, threshold=1),
    ])
    assert c.evaluate([[1, 1]]).tolist() == [[1]]
    assert float(big + 1) - float(big) == 0.0  # what a float evaluation would see


# -- inputs and user functions ------------------------------------------


def test_all_bit_inputs_order():
    assert [tuple(r) for r in all_bit_inputs(3).tolist()] == list(
        itertools.product((0, 1), repeat=3)
    )


def test_all_bit_inputs_bounds():
    with pytest.raises(CircuitError, match=r"0..30"):
        all_bit_inputs(31)


def test_truth_table_rejects_non_bits():
    with pytest.raises(CircuitError, match=r"must return 0/1"):
        truth_table(lambda x: 2, 1)


def test_check_function_reports_counterexample():
    res = check_function(parity_circuit(2), lambda x: x[0] & x[1])
    assert not res.verified
    assert (res.counterexample, res.expected, res.got) == ((0, 1), 0, 1)
    assert res.checked == 4 and res.cot_length == 2


@pytest.mark.parametrize("n", range(0, 5))
def test_function_circuit_computes_any_function(n):
    rng = np.random.default_rng(n)
    table = rng.integers(0, 2, size=1 << n)

    def f(bits):
        return int(table[int("".join(map(str, bits)) or "0", 2)])

    c = function_circuit(f, n)
    assert check_function(c, f).verified
    assert c.cot_length == int(table.sum()) + 1 and c.is_threshold


# -- named circuits: exact on every input -------------------------------


@pytest.mark.parametrize("n", range(1, 11))
def test_parity_circuit_exact(n):
    c = parity_circuit(n)
    assert c.is_threshold
    assert c.cot_length == parity_length(n) == int(np.ceil(np.log2(n + 1)))
    assert check_function(c, parity).verified


@pytest.mark.parametrize("n", range(1, 11))
def test_parity_circuit_cot_is_binary_count(n):
    s = all_bit_inputs(n).sum(axis=1)
    values = parity_circuit(n).evaluate_all()
    m = parity_length(n)
    count = sum(values[:, i] << (m - 1 - i) for i in range(m))
    assert (count == s).all()


@pytest.mark.parametrize(("n", "k"), [(n, k) for n in range(1, 11) for k in (2, 3, 4)])
def test_chain_parity_exact(n, k):
    c = chain_parity_circuit(n, k)
    assert c.cot_length == chain_parity_length(n, k)
    assert c.cot_length == (max(1, -(-(n - 1) // (k - 1))))
    assert c.max_fan_in <= k and not c.is_threshold
    assert check_function(c, parity).verified
    # every token is the parity of a prefix
    prefix = np.cumsum(all_bit_inputs(n), axis=1) % 2
    ends = [int(src[1:]) for gate in c.gates for src in gate.sources[-1:]]
    assert (c.evaluate_all() == prefix[:, ends]).all()


@pytest.mark.parametrize(("n", "k"), [(0, 2), (3, 1), (3, 2.0)])
def test_chain_parity_bad_arguments(n, k):
    with pytest.raises(CircuitError):
        chain_parity_circuit(n, k)


def test_parity_circuit_bad_n():
    with pytest.raises(CircuitError, match=r"n must be an integer >= 1"):
        parity_circuit(0)


# -- the TM compiler ----------------------------------------------------


def _onehot(tokens, cells):
    v = len(tokens)
    bits = np.zeros(len(cells) * v, dtype=np.int64)
    for i, t in enumerate(cells):
        bits[i * v + tokens.index(t)] = 1
    return bits


STAY_MACHINE = machine_from_table(
    """
    a 0 -> 1 N b
    a 1 -> 0 L a
    b 1 -> 1 R done
    """,
    name="stay",
)


@pytest.mark.parametrize("machine", [get("bb2"), get("bb3"), get("parity"),
                                     get("0n1n"), STAY_MACHINE])
def test_compiled_gates_are_the_local_rule_on_every_window(machine):
    # A one-step circuit over three cells computes the middle output of every
    # well-formed window (L, M, R): the `windows` scope of the compiler.
    cm = compile_machine(machine, 0, 1, TableauWindow(left=-1, width=3))
    tokens = list(cm.tokens)
    v = len(tokens)
    heads = list(tokens[machine.n_symbols:])
    for cells in itertools.product(tokens, repeat=3):
        if sum(t in heads for t in cells) > 1:
            continue
        out = cm.circuit.evaluate(_onehot(tokens, cells))[0]
        middle = out[v : 2 * v]
        want = local_rule(machine, *(HeadCell(*t) if t in heads else t for t in cells))
        assert middle.sum() == 1, cells
        assert tokens[int(middle.argmax())] == want, cells


def test_cell_tokens_match_heads():
    toks = machine_cell_tokens(get("bb2"))
    assert toks[2] == HeadCell("A", "0")
    assert len(toks) == 2 + 3 * 2


def test_compile_rejects_zero_steps():
    with pytest.raises(CircuitError, match=r"steps must be an integer >= 1"):
        compile_machine(get("bb2"), 0, 0, TableauWindow(left=0, width=1))


def test_compile_rejects_bad_window_object():
    with pytest.raises(CircuitError, match=r"window must have integer left"):
        compile_machine(get("bb2"), 0, 1, (0, 1))


def test_compile_rejects_window_without_input():
    with pytest.raises(CircuitError, match=r"input cells 0..2"):
        compile_machine(get("parity"), 3, 1, TableauWindow(left=0, width=2))


def test_compiled_row0_bits_checks_length():
    cm = compile_machine(get("parity"), 2, 1, TableauWindow(left=0, width=3))
    with pytest.raises(CircuitError, match=r"length 2"):
        cm.row0_bits("1")


def test_compiled_rows_reject_non_onehot():
    cm = compile_machine(get("parity"), 1, 1, TableauWindow(left=0, width=2))
    with pytest.raises(CircuitError, match=r"row 1 cell 0 has 0 hot bits"):
        cm.rows(np.zeros(cm.circuit.n_gates, dtype=np.int64))
