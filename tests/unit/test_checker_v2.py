"""Certificate format version 2 (issue 9) in the trusted checker: the
machine object's parse, the local rule with stay moves (held to arcot's
``Tableau.rule`` on every window), the size bound and the totals-only hints."""

import copy
import time

import pytest
from hypothesis import given, settings

from arcot.cot import as_tableau
from arcot.machine import TuringMachine, machine_from_table
from arcot.testing import turing_machines
from arcot.verify import checker
from arcot.verify.certificate import check_certificate, make_certificate, seal
from arcot.verify.document import machine_from_object, machine_object

STAY = machine_from_table("a 0 -> 1 N b\nb 1 -> 0 R a\nb 0 -> 0 L z", blank="0",
                          halt_states=["z"])
DOC = make_certificate(STAY, features="pairwise").to_json()


def changed(change, doc=DOC):
    doc = copy.deepcopy(doc)
    change(doc)
    return seal(doc)


@settings(max_examples=60)
@given(turing_machines(max_states=4, max_symbols=3, allow_stay=True))
def test_checker_rule_agrees_with_the_tableau_on_every_window(machine):
    """The checker's rule, stay moves included, is Tableau.rule on every
    window of the windows scope."""
    obj = machine_object(machine)
    states, symbols, rules, start = checker.parse_machine_object(obj)
    assert start == str(machine.start)
    tableau = as_tableau(machine_from_object(obj))
    names = list(tableau.vocabulary.names)
    assert names == ["#", *symbols, *(f"({q},{a})" for q in states for a in symbols)]
    tokens = [checker.token(n) for n in names]
    head = [isinstance(t, tuple) for t in tokens]
    windows = 0
    for a in range(len(names)):
        for b in range(len(names)):
            for d in range(len(names)):
                if names[b] != "#" and head[a] + head[b] + head[d] > 1:
                    continue
                windows += 1
                got = checker.rule(rules, tokens[a], tokens[b], tokens[d])
                assert checker.name(got) == names[tableau.rule(a, b, d)]
    assert windows == checker.count_windows(len(states), len(symbols))


@settings(max_examples=25)
@given(turing_machines(max_states=3, max_symbols=3, allow_stay=True))
def test_constructed_predictors_of_stay_machines_check(machine):
    doc = make_certificate(machine, features="pairwise").to_json()
    assert doc["version"] == (2 if "N" in str(doc["machine"]) else 1)
    assert checker.check(doc)[0] == "verified" == check_certificate(doc)[0]


def test_a_stay_head_becomes_a_head_in_place():
    _, _, rules, _ = checker.parse_machine_object(DOC["machine"])
    assert checker.rule(rules, "0", ("a", "0"), "1") == ("b", "1")  # a 0 -> 1 N b
    assert checker.rule(rules, ("a", "0"), "0", "0") == "0"  # nothing moves in
    assert checker.rule(rules, "0", "0", ("a", "0")) == "0"
    assert checker.rule(rules, ("b", "1"), "1", "#") == ("a", "1")  # b 1 -> 0 R a
    assert checker.rule(rules, "#", ("z", "0"), "0") == ("z", "0")  # halted: stays


def test_version_2_fields():
    assert DOC["version"] == 2 and "renaming" not in DOC
    assert sorted(DOC["hints"]) == ["count", "min_margin"]
    assert DOC["machine"]["halt"] == ["z"] and DOC["machine"]["start"] == "a"
    assert checker.check(DOC) == ("verified", "225 windows, least margin 1")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["machine"]["transitions"][0].__setitem__(3, "S"),
         "$.machine.transitions[0]"),
        (lambda d: d["machine"]["states"].__setitem__(0, "a,b"), "$.machine.states[0]"),
        (lambda d: d["machine"]["symbols"].__setitem__(1, "x y"),
         "$.machine.symbols[1]"),
        (lambda d: d["machine"]["states"].__setitem__(0, "q" * 65),
         "$.machine.states[0]"),
        (lambda d: d["machine"]["states"].__setitem__(0, "b"), "$.machine.states"),
        (lambda d: d["machine"]["transitions"].append(["z", "0", "0", "L", "a"]),
         "$.machine.transitions[3]"),
        (lambda d: d["machine"]["transitions"].append(["a", "0", "0", "L", "a"]),
         "$.machine.transitions[3]"),
        (lambda d: d["machine"]["transitions"].append(["a", "7", "0", "L", "a"]),
         "$.machine.transitions[3]"),
        (lambda d: d["machine"].update(start="q"), "$.machine.start"),
        (lambda d: d["machine"].update(halt=["q"]), "$.machine.halt"),
        (lambda d: d["machine"].pop("halt"), "$.machine"),
        (lambda d: d["machine"].update(extra=1), "$.machine"),
        (lambda d: d.update(machine="1RB1LB_1LA1RZ"), "$.machine"),
        (lambda d: d.update(renaming={"states": {}, "symbols": {}}), "$.renaming"),
        (lambda d: d["hints"].update(windows=[]), "$.hints"),
        (lambda d: d["hints"].pop("count"), "$.hints"),
        (lambda d: d["encoding"].update(name="circuit"), "$.encoding"),
    ],
)
def test_malformed_version_2(change, path):
    verdict, message = checker.check(changed(change))
    assert verdict == "malformed" and message.startswith(path + ":"), message
    assert check_certificate(changed(change))[0] == "malformed"


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d["hints"].update(min_margin=2), "hints.min_margin"),
        (lambda d: d["hints"].update(min_margin="1/2"), "hints.min_margin"),
        (lambda d: d["hints"].update(count=224), "the scope has 225 windows"),
        (lambda d: d["weights"]["#"]["M"].update({"#": -1}), "expected #"),
        (lambda d: d["encoding"]["vocabulary"].reverse(), "encoding.vocabulary"),
        (lambda d: d["machine"]["transitions"][0].__setitem__(3, "L"), "window"),
    ],
)
def test_rejected_version_2(change, needle):
    verdict, message = checker.check(changed(change))
    assert verdict == "rejected" and needle in message, message
    assert check_certificate(changed(change))[0] == "rejected"


def test_the_size_bound_is_checked_before_enumerating():
    big = {"states": [f"q{i}" for i in range(99)],
           "symbols": [f"s{i}" for i in range(100)],
           "start": "q0", "halt": [], "transitions": []}
    start = time.perf_counter()
    verdict, message = checker.check(changed(lambda d: d.update(machine=big)))
    assert (verdict, message[:11]) == ("malformed", "$.machine: ")
    assert "10000" in message
    wide = {**big, "states": big["states"][:60], "symbols": big["symbols"][:60]}
    verdict, message = checker.check(changed(lambda d: d.update(machine=wide)))
    assert verdict == "malformed" and "windows to check" in message
    assert time.perf_counter() - start < 2


def test_inputs_scope_with_stay_moves():
    """Runs start in machine.start on blank symbols[0]; a stay move keeps
    the head on its cell."""
    m = machine_from_table("go _ -> _ R done\ngo x -> y N back\nback y -> x L go",
                           blank="_", start="go", halt_states=["done"])
    m = TuringMachine(states=m.states, symbols=m.symbols, start=m.start,
                      transitions=dict(m.transitions), halt_states=m.halt_states,
                      blank=m.blank, input_symbols=["x"])
    doc = make_certificate(m, scope="inputs:3").to_json()
    assert doc["version"] == 2 and doc["inputs"]["alphabet"] == ["x"]
    assert checker.check(doc) == check_certificate(doc)
    assert checker.check(doc)[0] == "verified"
