"""arcot.cot.Tableau: one machine's tableau, built once and read by every stage."""

import numpy as np
import pytest

import arcot.cot.tableau as tableau_module
from arcot.cot import (
    Tableau,
    Vocabulary,
    as_tableau,
    encode_tableau,
    tableau_vocabulary,
)
from arcot.errors import EncodingError
from arcot.machine import TuringMachine
from arcot.machine.formats import parse_tm
from arcot.zoo import get

BB2 = parse_tm("1RB1LB_1LA1RZ")


def name_rule(tableau, left, middle, right):
    names = tableau.vocabulary.names
    return names[tableau.rule(*(names.index(n) for n in (left, middle, right)))]


def test_the_rule_by_name_on_bb2():
    t = Tableau.of(BB2)
    assert name_rule(t, "(A,0)", "0", "0") == "(B,0)"  # A moves right into B
    assert name_rule(t, "0", "(A,0)", "0") == "1"  # and leaves the 1 it wrote
    assert name_rule(t, "0", "0", "(B,0)") == "(A,0)"  # B moves left into A
    assert name_rule(t, "0", "(Z,1)", "0") == "(Z,1)"  # a halted head stays
    assert name_rule(t, "(A,0)", "#", "1") == "#"  # the delimiter stays
    assert name_rule(t, "1", "0", "1") == "0"  # no head: nothing changes


def test_a_stay_move_keeps_the_head_in_its_cell():
    m = TuringMachine(states=["A", "B", "Z"], symbols=["0", "1"], start="A",
                      halt_states=["Z"],
                      transitions={("A", "0"): ("1", "S", "B"),
                                   ("B", "1"): ("0", "R", "Z")})
    t = Tableau.of(m)
    assert name_rule(t, "0", "(A,0)", "0") == "(B,1)"
    assert name_rule(t, "(A,0)", "0", "0") == "0"  # a staying head enters nowhere


def test_two_heads_in_a_window_are_no_run_and_read_minus_one():
    t = Tableau.of(BB2)
    names = t.vocabulary.names
    h = names.index("(A,0)")
    assert t.rule(h, h, 1) == -1
    assert t.rule(h, 1, h) == -1
    assert t.rule(h, 0, h) == 0  # the delimiter's window stays the delimiter's


def test_the_dense_table_is_read_only_and_built_once():
    t = Tableau.of(BB2)
    table = t.rule_table
    assert table.shape == (len(t.vocabulary),) * 3
    assert t.rule_table is table
    with pytest.raises(ValueError, match="read-only"):
        table[0, 0, 0] = 1


def test_the_dense_table_is_refused_beyond_its_limit(monkeypatch):
    monkeypatch.setattr(tableau_module, "MAX_RULE_TABLE", 100)
    t = Tableau.of(BB2)
    with pytest.raises(EncodingError, match="dense local-rule table of 9\\^3"):
        _ = t.rule_table
    assert t.rules(np.array([3]), np.array([1]), np.array([1])).tolist() == [5]


def test_the_value_holds_what_the_stages_read():
    t = Tableau.of(BB2)
    assert t.vocabulary == tableau_vocabulary(BB2)
    assert t.delimiter == 0
    assert t.cell_names == t.vocabulary.names[1:]
    assert len(t.cell_tokens) == len(t.vocabulary) - 1
    assert t.is_head.tolist() == [False] * 3 + [True] * 6
    _write, _move, next_state, _is_halt = t.kernel_tables
    assert next_state.tolist() == [1, 1, 0, 2, -1, -1]
    with pytest.raises(ValueError, match="read-only"):
        t.stay[0] = 1


def test_as_tableau_builds_once_per_machine_and_passes_a_tableau_through():
    m = get("bb3")
    t = as_tableau(m)
    assert as_tableau(m) is t
    assert as_tableau(t) is t
    assert encode_tableau(t).tokens.tolist() == encode_tableau(m).tokens.tolist()


def test_as_tableau_refuses_what_is_not_a_machine():
    with pytest.raises(EncodingError, match="expected a TuringMachine or a Tableau"):
        as_tableau("1RB1LB_1LA1RZ")


def test_a_vocabulary_of_another_machine_is_refused():
    with pytest.raises(EncodingError, match="not this machine's tableau vocabulary"):
        Tableau(machine=BB2, vocabulary=Vocabulary(tokens=("#", "0")))


def test_every_stage_takes_the_tableau_for_the_machine():
    from arcot.construct import tableau_weights
    from arcot.cot import decode, encode, length_shape
    from arcot.learn.data import training_data
    from arcot.verify.certificate import make_certificate, make_circuit_certificate
    from arcot.verify.exact import verify_exact

    m = get("bb3")
    t = Tableau.of(m)
    for encoding in ("tableau", "circuit", "steplog"):
        trace = encode(t, (), encoding=encoding)
        assert trace.tokens.tolist() == encode(m, (), encoding=encoding).tokens.tolist()
        assert decode(t, trace) == decode(m, trace)
    assert length_shape(t, 0, max_steps=100) == length_shape(m, 0, max_steps=100)
    data = training_data(t, "configurations:50")
    assert (data.windows == training_data(m, "configurations:50").windows).all()
    w = tableau_weights(t, "pairwise")
    assert w.rows == tableau_weights(m, "pairwise").rows
    assert verify_exact(w, t).to_json() == verify_exact(w, m).to_json()
    assert make_certificate(t, w).to_json() == make_certificate(m, w).to_json()
    circuit = make_circuit_certificate(t).to_json()
    assert circuit == make_circuit_certificate(m).to_json()


def test_encode_tableau_refuses_a_tableau_past_its_limit(monkeypatch):
    from arcot.errors import SizeLimitExceeded

    monkeypatch.setattr(tableau_module, "MAX_TABLEAU_TOKENS", 29)
    with pytest.raises(SizeLimitExceeded, match="would hold 35 tokens"):
        encode_tableau(BB2)  # 6 steps over 4 cells: 7 rows of 5
    monkeypatch.setattr(tableau_module, "MAX_TABLEAU_TOKENS", 35)
    assert len(encode_tableau(BB2).tokens) == 35
