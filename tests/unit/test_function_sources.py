"""Where a target function comes from: the named library's declared
symmetries, truth tables, threshold circuit files and machines."""

import itertools
import json
import re

import pytest

from arcot.circuit import (
    Gate,
    ThresholdCircuit,
    all_bit_inputs,
    chain_parity_circuit,
    parity_circuit,
)
from arcot.circuit.functions import CircuitFunction, OrbitFunction, TableFunction
from arcot.errors import CircuitError, LengthError, LengthStopped, SizeLimitExceeded
from arcot.length import FUNCTIONS, measure_function_length, target_function
from arcot.length.targets import MachineFunction
from arcot.machine import machine_from_table
from arcot.zoo import get


def every(n):
    return list(itertools.product((0, 1), repeat=n))


# -- the library's declared symmetries -------------------------------------

ORBIT_SPECS = ["palindrome", "equality", "inner-product", "addition-bit:0",
               "addition-bit:2", "sparse-parity:0,2,5"]


@pytest.mark.parametrize("spec", ORBIT_SPECS)
def test_a_declared_symmetry_holds_on_every_input(spec):
    """Swapping two inputs of one declared class never changes the value
    (transpositions generate each class's permutations): to n = 8."""
    f = target_function(spec)
    assert isinstance(f, OrbitFunction)
    for n in range(0, 9):
        table = {x: int(f(x)) for x in every(n)}
        for c in f.classes(n):
            for i, j in itertools.combinations(c, 2):
                for x, v in table.items():
                    y = list(x)
                    y[i], y[j] = y[j], y[i]
                    assert table[tuple(y)] == v, (spec, n, i, j, x)


def test_the_orbit_functions_are_their_definitions():
    def number(bits):
        return int("".join(map(str, bits)) or "0", 2)

    for n in range(0, 9):
        h = n // 2
        for x in every(n):
            a, b = number(x[:h]), number(x[h:2 * h])
            assert int(FUNCTIONS["palindrome"](x)) == int(x == x[::-1])
            assert int(FUNCTIONS["equality"](x)) == int(a == b)
            assert FUNCTIONS["inner-product"](x) == sum(
                x[i] & x[h + i] for i in range(h)) % 2
            assert target_function("addition-bit:2")(x) == ((a + b) >> 2) & 1
            assert target_function("sparse-parity:0,2,5")(x) == sum(
                x[i] for i in (0, 2, 5) if i < n) % 2


def palindrome_circuit(n):
    """x_i == x_(n-1-i) for every pair, ANDed: each gate weights a pair alike."""
    gates, eqs = [], []
    for i in range(n // 2):
        j = n - 1 - i
        gates += [Gate(name=f"both{i}", weights={f"x{i}": 1, f"x{j}": 1}, threshold=2),
                  Gate(name=f"none{i}", weights={f"x{i}": -1, f"x{j}": -1},
                       threshold=0),
                  Gate(name=f"eq{i}", weights={f"both{i}": 1, f"none{i}": 1},
                       threshold=1)]
        eqs.append(f"eq{i}")
    gates.append(Gate(name="all", weights=dict.fromkeys(eqs, 1), threshold=len(eqs)))
    return ThresholdCircuit(n_inputs=n, gates=gates)


def test_a_named_function_reduces_where_the_circuit_allows():
    from arcot.circuit import check_function

    palindrome = FUNCTIONS["palindrome"]
    r = check_function(palindrome_circuit(6), palindrome)
    assert (r.verified, r.method, r.checked) == (True, "orbits", 3 ** 3)
    # equality pairs {i, h+i}, the circuit pairs {i, n-1-i}: the meet is
    # every input alone at n = 4, so every input is checked, and found wrong
    r = check_function(palindrome_circuit(4), FUNCTIONS["equality"])
    full = check_function(palindrome_circuit(4), lambda x: FUNCTIONS["equality"](x))
    assert r.method == "exhaustive" and r.counterexample == full.counterexample


# -- truth tables -----------------------------------------------------------


def test_a_table_is_read_in_lexicographic_order(tmp_path):
    # the table of x0 AND NOT x1 on inputs 00, 01, 10, 11
    (tmp_path / "f.tt").write_text("0 0\n1 0\n")
    f = target_function(f"table:{tmp_path / 'f.tt'}")
    assert isinstance(f, TableFunction) and f.arity == 2
    assert [f(x) for x in every(2)] == [0, 0, 1, 0]
    rows = all_bit_inputs(3)
    g = TableFunction.parse("00010111")  # majority of 3
    assert [g(tuple(x)) for x in rows.tolist()] == [int(sum(x) >= 2) for x in rows]


def test_a_hex_table_is_four_bits_a_digit(tmp_path):
    (tmp_path / "p.hex").write_text("69 96\n")  # parity of 4 bits
    f = target_function(f"table:{tmp_path / 'p.hex'}")
    assert [f(x) for x in every(4)] == [sum(x) % 2 for x in every(4)]
    (tmp_path / "p.tt").write_text("69 96\n")  # not .hex: 0/1 only
    with pytest.raises(CircuitError, match="character 1 is '6', not 0 or 1"):
        target_function(f"table:{tmp_path / 'p.tt'}")


@pytest.mark.parametrize(("text", "words"), [
    ("011", "3 bits, not a power of two"),
    ("", "0 bits, not a power of two"),
    ("01x1", "character 3 is 'x', not 0 or 1"),
    ("1", "one bit is a function of no inputs"),
])
def test_a_bad_table_names_what_is_wrong(tmp_path, text, words):
    (tmp_path / "t.txt").write_text(text)
    with pytest.raises((CircuitError, LengthError), match=words):
        target_function(f"table:{tmp_path / 't.txt'}")


def test_a_missing_table_file_is_named(tmp_path):
    with pytest.raises(LengthError, match="no file"):
        target_function(f"table:{tmp_path / 'none.tt'}")


def test_a_table_fixes_n(tmp_path):
    (tmp_path / "f.tt").write_text("0110")
    spec = f"table:{tmp_path / 'f.tt'}"
    p = measure_function_length(spec, "minimal")
    assert [(r.n, r.verified, r.check) for r in p.rows] == [(2, True, "exhaustive")]
    assert measure_function_length(spec, "minimal", 2).rows[0].n == 2
    with pytest.raises(LengthError, match="defined on 2 bits only"):
        measure_function_length(spec, "minimal", 3)
    with pytest.raises(CircuitError, match="defined on 2 bits, got 3"):
        TableFunction.parse("0110")((0, 1, 1))


def test_a_table_that_is_not_parity_fails_the_parity_scheme(tmp_path):
    (tmp_path / "f.tt").write_text("0111")  # OR, not XOR
    p = measure_function_length(f"table:{tmp_path / 'f.tt'}", "threshold-log")
    row = p.rows[0]
    assert row.verified is False and row.counterexample == (1, 1)


# -- circuit files ----------------------------------------------------------


def test_a_circuit_round_trips_through_json(tmp_path):
    for c in (parity_circuit(5), chain_parity_circuit(6, 3)):
        path = tmp_path / "c.json"
        c.save(path)
        back = ThresholdCircuit.load(path)
        assert back.to_dict() == c.to_dict() and back.name == c.name
        assert (back.evaluate_all() == c.evaluate_all()).all()
        assert json.loads(path.read_text())["format"] == "arcot-circuit"


def test_a_circuit_file_is_a_function_with_its_own_symmetry(tmp_path):
    path = tmp_path / "p.json"
    parity_circuit(6).save(path)
    f = target_function(f"circuit:{path}")
    assert isinstance(f, CircuitFunction) and f.arity == 6
    assert f.classes(6) == (tuple(range(6)),)
    p = measure_function_length(f"circuit:{path}", "threshold-log")
    assert [(r.n, r.verified, r.check, r.checked) for r in p.rows] == [
        (6, True, "symmetric", 7)]


GOOD = {"format": "arcot-circuit", "version": 1, "n_inputs": 2,
        "gates": [{"name": "g", "weights": {"x0": 1, "x1": 1}, "threshold": 2}]}


def with_(path, value):
    obj = json.loads(json.dumps(GOOD))
    *keys, last = path
    target = obj
    for k in keys:
        target = target[k]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return json.dumps(obj)


@pytest.mark.parametrize(("text", "words"), [
    ("{", "not JSON: Expecting property name"),
    ("[1]", "a circuit is a JSON object, got a list"),
    (with_(["format"], "other"), "format must be 'arcot-circuit'"),
    (with_(["version"], 2), "version must be 1"),
    (with_(["gates"], KeyError), "the circuit has no 'gates'"),
    (with_(["extra"], 1), "unknown key 'extra'"),
    (with_(["n_inputs"], 2.0), "n_inputs must be an integer"),
    (with_(["n_inputs"], True), "n_inputs must be an integer"),
    (with_(["gates"], []), "at least one gate"),
    (with_(["gates", 0, "weights", "x1"], 1.0), "weight of 'x1' must be an integer"),
    (with_(["gates", 0, "weights", "x1"], True), "weight of 'x1' must be an integer"),
    (with_(["gates", 0, "weights", "q"], 1), "source 'q' does not exist"),
    (with_(["gates", 0, "threshold"], "2"), "threshold must be an integer"),
    (with_(["gates", 0, "threshold"], KeyError), "gate 'g' has no 'threshold'"),
    (with_(["gates", 0, "kind"], "and"), "unknown kind 'and'"),
    (with_(["gates", 0, "weights"], [["x0", 1]]), "weights must map source names"),
    ('{"format": "arcot-circuit", "format": "arcot-circuit"}', "appears twice"),
])
def test_a_bad_circuit_file_names_what_is_wrong(tmp_path, text, words):
    path = tmp_path / "c.json"
    path.write_text(text)
    with pytest.raises(CircuitError, match=r"circuit file .*c\.json': .*"
                       + re.escape(words)):
        ThresholdCircuit.load(path)


def test_a_parity_gate_in_a_file_has_no_threshold():
    obj = {"format": "arcot-circuit", "n_inputs": 2, "gates": [
        {"name": "p", "kind": "parity", "weights": {"x0": 1, "x1": 1},
         "threshold": 0}]}
    with pytest.raises(CircuitError, match="a parity gate has no threshold"):
        ThresholdCircuit.from_dict(obj)
    del obj["gates"][0]["threshold"]
    assert ThresholdCircuit.from_dict(obj).evaluate_all()[:, -1].tolist() == [
        0, 1, 1, 0]


def test_a_later_gate_reference_is_named():
    obj = {"format": "arcot-circuit", "n_inputs": 1, "gates": [
        {"name": "a", "weights": {"b": 1}, "threshold": 1},
        {"name": "b", "weights": {"x0": 1}, "threshold": 1}]}
    with pytest.raises(CircuitError, match="'b' is a later gate"):
        ThresholdCircuit.from_dict(obj)


# -- machines ---------------------------------------------------------------


def test_a_machine_accepts_or_rejects():
    f = MachineFunction(get("palindrome"))
    assert f.name == "palindrome:accept"
    assert [f(x) for x in every(4)] == [int(x == x[::-1]) for x in every(4)]
    p = measure_function_length(f, "minimal", 4)
    assert all(r.verified for r in p.rows)
    assert p.machine_encoding == "tableau" and p.output == "accept"
    assert [r.machine_tokens for r in p.rows] == [9, 24, 50, 90]
    obj = p.to_dict()
    assert obj["rows"][0]["machine_tokens"] == 9 and obj["output"] == "accept"


def test_the_machine_tokens_are_its_own_length_rows():
    from arcot.length import measure_length

    own = measure_length(get("palindrome"), "circuit", 4)
    p = measure_function_length(get("palindrome"), "minimal", 4, encoding="circuit")
    assert [(r.machine_steps, r.machine_width, r.machine_tokens) for r in p.rows] == [
        (r.steps, r.width, r.cot_tokens) for r in own.rows]


def test_a_machine_answer_under_the_head_or_last_on_the_tape():
    last = MachineFunction(get("parity"), output="last")
    assert [last(x) for x in every(3)] == [sum(x) % 2 for x in every(3)]
    p = measure_function_length(last, "threshold-log", 6)
    assert all(r.verified for r in p.rows)
    # a machine that leaves the complement of its first bit under the head
    flip = machine_from_table("""
        s 0 -> 1 N done
        s 1 -> 0 N done
        s _ -> 0 N done
    """, input_symbols=["0", "1"])
    head = MachineFunction(flip, output="head")
    assert [head(x) for x in every(2)] == [1, 1, 0, 0]
    accept = MachineFunction(flip)  # no accept states named: every halt accepts
    assert {accept(x) for x in every(2)} == {1}


def test_a_machine_answer_that_is_not_a_bit_is_named():
    f = MachineFunction(get("increment"), output="head")
    with pytest.raises(LengthError, match=r"on input '1' the machine stopped with "
                       r"'_' under its head, not 0 or 1 \(output convention head\)"):
        f((1,))


def test_a_machine_needs_the_alphabet_0_1():
    with pytest.raises(LengthError, match=r"the input alphabet \{0, 1\}"):
        MachineFunction(get("unary-add"))
    with pytest.raises(LengthError, match="unknown output convention 'tape'"):
        MachineFunction(get("parity"), output="tape")


def test_a_machine_past_its_step_budget_keeps_the_rows_before():
    loop = machine_from_table("""
        s 0 -> 0 R s
        s 1 -> 1 R s
        s _ -> _ R done
    """, input_symbols=["0", "1"])
    f = MachineFunction(loop, max_steps=3)
    with pytest.raises(LengthStopped, match="row n=3: the machine did not stop "
                       "within 3 steps on input '000'") as info:
        measure_function_length(f, "minimal", 4)
    assert [r.n for r in info.value.finished.rows] == [1, 2]


def test_a_function_with_no_inputs_or_a_size_past_the_limit_is_refused(
        tmp_path, monkeypatch):
    import arcot.length.targets as targets

    c = ThresholdCircuit(n_inputs=0, gates=[Gate(name="g", weights={},
                                                 threshold=0)])
    with pytest.raises(LengthError, match="has no inputs"):
        measure_function_length(CircuitFunction(c), "minimal")
    monkeypatch.setattr(targets, "MAX_TABLE_N", 3)
    (tmp_path / "big.tt").write_text("0" * 5000)  # refused before it is read
    with pytest.raises(SizeLimitExceeded, match="5000 bytes; a table holds at most"):
        target_function(f"table:{tmp_path / 'big.tt'}")
    (tmp_path / "n4.tt").write_text("0" * 16)
    with pytest.raises(SizeLimitExceeded, match=r"2\^4 bits; a table holds at most "
                       r"2\^3 \(n <= 3\)"):
        target_function(f"table:{tmp_path / 'n4.tt'}")
