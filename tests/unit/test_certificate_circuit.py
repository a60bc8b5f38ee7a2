"""Circuit-encoding certificates: the gate table, its windows, the document,
and the trusted checker's rules for it (one test per rule)."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import compile_machine
from arcot.construct import CircuitPredictor
from arcot.cot import TableauWindow, length_shape
from arcot.errors import CertificateError, CertificateRejected
from arcot.machine import TuringMachine, format_tm, parse_tm
from arcot.testing import turing_machines
from arcot.verify import checker
from arcot.verify.certificate import (
    CircuitCertificate,
    CircuitGates,
    check_certificate,
    circuit_gates,
    decide_gate_windows,
    make_circuit_certificate,
    seal,
)
from arcot.verify.exact import verify_compiled_machine
from arcot.zoo import ZOO, get

DOC = make_circuit_certificate(get("bb2")).to_json()
CHECKS = {"checker": checker.check, "arcot": check_certificate}


def changed(change, reseal=True):
    doc = copy.deepcopy(DOC)
    change(doc)
    return seal(doc) if reseal else doc


def table_predictor(gates: CircuitGates, compiled) -> CircuitPredictor:
    """Per-position predictors of ``compiled``'s shape, every gate from the
    table (a neighbour outside the window dropped)."""
    v, w = len(gates.cells), compiled.width
    index = {c: k for k, c in enumerate(gates.cells)}

    def name(t, i, k):
        return f"x{i * v + k}" if t == 0 else f"r{t}c{i}v{k}"

    positions = []
    for t in range(1, compiled.steps + 1):
        for i in range(w):
            for k, cell in enumerate(gates.cells):
                ws = {}
                for (slot, u), x in gates.weights[cell].items():
                    j = i + "LMR".index(slot) - 1
                    if 0 <= j < w:
                        ws[name(t - 1, j, index[u])] = x
                positions.append((name(t, i, k), ws, gates.thresholds[cell]))
    return CircuitPredictor(n_inputs=w * v, positions=tuple(positions))


# -- the gate table is compile_machine's gates -------------------------


@settings(max_examples=25, deadline=None)
@given(
    turing_machines(max_states=3, max_symbols=3),
    st.integers(0, 2), st.integers(1, 3), st.integers(-2, 0), st.integers(0, 3),
)
def test_every_compiled_gate_is_the_table_restricted_to_the_window(
    machine, n, steps, left, extra
):
    """The gate of cell i, token v, row t is the table's gate v minus the
    terms of a neighbour outside the window: the translation invariance
    that lets one table stand for every circuit compile_machine builds."""
    width = max(n, 1) - left + extra
    compiled = compile_machine(machine, n, steps, TableauWindow(left=left, width=width))
    want = table_predictor(circuit_gates(machine), compiled).positions
    got = [(g.name, dict(g.weights), g.threshold) for g in compiled.circuit.gates]
    assert [(a, dict(b), c) for a, b, c in want] == got


@settings(max_examples=25, deadline=None)
@given(turing_machines(max_states=3, max_symbols=2, allow_stay=False, halting=True),
       st.data())
def test_a_verified_gate_table_rolls_out_every_input(machine, data):
    """What the certificate claims, checked by rollout: when the checker
    verifies a (possibly perturbed) gate table, the circuit built from it
    reproduces the simulator's tableau on every input of a length."""
    renamed = parse_tm(format_tm(machine))
    gates = circuit_gates(renamed)
    weights = {v: dict(r) for v, r in gates.weights.items()}
    thresholds = dict(gates.thresholds)
    for _ in range(data.draw(st.integers(0, 2))):
        v = data.draw(st.sampled_from(gates.cells))
        if data.draw(st.booleans()):
            thresholds[v] += data.draw(st.sampled_from([-1, 1]))
        else:
            key = (data.draw(st.sampled_from("LMR")), data.draw(st.sampled_from(
                gates.cells)))
            weights[v][key] = data.draw(st.sampled_from([-2, -1, 1, 2]))
    table = CircuitGates(cells=gates.cells, weights=weights, thresholds=thresholds)
    truth = decide_gate_windows(renamed, table)
    cert = CircuitCertificate(
        machine=format_tm(renamed), gates=table, hints=truth, count=len(truth),
        min_margin=min(t.margin for t in truth),
    )
    verdict = checker.check(cert.to_json())[0]
    assert verdict == check_certificate(cert.to_json())[0]
    assert verdict == ("verified" if all(t.margin > 0 for t in truth) else "rejected")
    if verdict == "verified":
        n = data.draw(st.integers(0, 2))
        window, steps = length_shape(renamed, n, max_steps=200)
        compiled = compile_machine(renamed, n, max(steps, 1), window)
        result = verify_compiled_machine(
            compiled, predictor=table_predictor(table, compiled)
        )
        assert result.verified


@pytest.mark.parametrize("name", [n for n in ZOO if len(ZOO[n].machine.states) <= 25])
def test_zoo_gate_tables_are_right_on_every_window(name):
    cert = make_circuit_certificate(ZOO[name].machine)
    assert cert.min_margin == 1
    assert checker.check(cert.to_json())[0] == "verified"


def test_the_circuit_format_refuses_the_universal_machine_by_name():
    # circuit certificates are of format version 1, standard text: 25 states
    with pytest.raises(CertificateError, match="37 states and 10 symbols"):
        make_circuit_certificate(ZOO["utm"].machine)


def test_windows_count_and_order():
    d = decide_gate_windows(get("bb2"), circuit_gates(get("bb2")))
    # M plain (2): 3 x 3 non-head sides + 2 x 3 x 6 one head beside; M head (6): 3 x 3
    assert len(d) == 2 * (9 + 36) + 6 * 9 == 144
    assert (d[0].left, d[0].middle, d[0].right) == (None, "0", None)
    assert (d[1].left, d[1].middle, d[1].right) == (None, "0", "0")
    cells = list(circuit_gates(get("bb2")).cells)

    def pos(c):
        return -1 if c is None else cells.index(c)

    keys = [(pos(x.left), pos(x.middle), pos(x.right)) for x in d]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_the_row_edge_is_no_head():
    """At a row's edge the neighbour is outside: no bits, no head, as the
    tableau's delimiter; a head moving out of the window is lost."""
    by = {(x.left, x.middle, x.right): x for x in decide_gate_windows(
        get("bb2"), circuit_gates(get("bb2")))}
    assert by[None, "0", None].expected == "0"
    assert by[None, "(A,0)", None].expected == "1"  # A/0 moves right: gone
    assert by["(A,0)", "0", None].expected == "(B,0)"


# -- the document --------------------------------------------------------


def test_document_fields():
    assert DOC["encoding"] == {
        "name": "circuit",
        "cells": ["0", "1", "(A,0)", "(A,1)", "(B,0)", "(B,1)", "(Z,0)", "(Z,1)"],
        "boundary": "zero",
    }
    assert (DOC["features"], DOC["scope"]) == ("threshold", "windows")
    assert DOC["weights"]["(Z,0)"] == {
        "threshold": 2, "L": {"(B,1)": 1}, "M": {"0": 1, "(Z,0)": 2}
    }
    assert DOC["hints"]["windows"][0] == [None, "0", None, "0", 1]
    assert CircuitCertificate.from_json(json.dumps(DOC)).to_json() == DOC


def test_renaming_is_recorded_and_gates_are_renamed():
    cert = make_circuit_certificate(get("increment"))
    assert cert.renaming["states"] == {"A": "right", "B": "carry", "Z": "done"}
    named = circuit_gates(get("increment"))
    again = make_circuit_certificate(get("increment"), named)
    assert again.to_json() == cert.to_json()


def test_a_wrong_gate_table_is_never_written():
    gates = circuit_gates(get("bb2"))
    bad = CircuitGates(cells=gates.cells, weights=gates.weights,
                       thresholds={**gates.thresholds, "0": 2})
    with pytest.raises(CertificateRejected, match="gate 0") as exc:
        make_circuit_certificate(get("bb2"), bad)
    assert exc.value.step == ("outside", "0", "outside")
    assert exc.value.expected == "0"


def test_a_machine_the_text_cannot_hold_is_refused():
    stay = TuringMachine(states=["A", "Z"], symbols=["0", "1"], start="A",
                         halt_states=["Z"], transitions={("A", "0"): ("1", "N", "Z")})
    with pytest.raises(CertificateError, match="standard text"):
        make_circuit_certificate(stay)


def test_gates_for_other_cells_are_refused():
    with pytest.raises(CertificateError, match="cells"):
        decide_gate_windows(get("bb3"), circuit_gates(get("bb2")))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"cells": ("0", "0")}, "distinct"),
        ({"thresholds": {}}, "one gate per cell"),
        ({"weights": {"0": {("X", "0"): 1}, "1": {}}}, "bad coordinate"),
        ({"weights": {"0": {("L", "?"): 1}, "1": {}}}, "bad coordinate"),
        ({"weights": {"0": {("L", "1"): 0}, "1": {}}}, "nonzero integer"),
        ({"weights": {"0": {("L", "1"): 1.0}, "1": {}}}, "nonzero integer"),
        ({"thresholds": {"0": 1, "1": True}}, "threshold must be an integer"),
    ],
)
def test_gate_table_validation(kwargs, words):
    base = {"cells": ("0", "1"), "weights": {"0": {}, "1": {}},
            "thresholds": {"0": 1, "1": 1}}
    with pytest.raises(CertificateError, match=words):
        CircuitGates(**{**base, **kwargs})


def test_certificate_validation():
    gates = circuit_gates(get("bb2"))
    with pytest.raises(CertificateError, match="standard text"):
        CircuitCertificate(machine="1RB 1LB", gates=gates, hints=(), count=0,
                           min_margin=1)
    with pytest.raises(CertificateError, match="CircuitGates"):
        CircuitCertificate(machine="1RB1LB_1LA1RZ", gates={}, hints=(), count=0,
                           min_margin=1)
    with pytest.raises(CertificateError, match="min_margin"):
        CircuitCertificate(machine="1RB1LB_1LA1RZ", gates=gates, hints=(), count=0,
                           min_margin="1")


# -- the checker's rules (and arcot's re-check) ----------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["encoding"].pop("boundary"), "$.encoding"),
        (lambda d: d["encoding"].update(boundary="blank"), "$.encoding"),
        (lambda d: d["encoding"].update(delimiter="#"), "$.encoding"),
        (lambda d: d["encoding"].update(cells="01"), "$.encoding.cells"),
        (lambda d: d["encoding"]["cells"].append("0"), "$.encoding.cells"),
        (lambda d: d.update(features="additive"), "$.features"),
        (lambda d: d.update(scope="inputs:2"), "$.scope"),
        (lambda d: d.update(inputs={"alphabet": ["1"], "max_steps": 9}), "$.scope"),
        (lambda d: d.update(weights=[]), "$.weights"),
        (lambda d: d["weights"].pop("(Z,1)"), "$.weights"),
        (lambda d: d["weights"].update({"0": []}), '$.weights["0"]'),
        (lambda d: d["weights"]["0"].pop("threshold"), '$.weights["0"]'),
        (lambda d: d["weights"]["0"].update(LM={}), '$.weights["0"]'),
        (lambda d: d["weights"]["0"].update(threshold="1"),
         '$.weights["0"].threshold'),
        (lambda d: d["weights"]["0"].update(M={}), '$.weights["0"].M'),
        (lambda d: d["weights"]["0"]["M"].update({"#": 1}), '$.weights["0"].M["#"]'),
        (lambda d: d["weights"]["0"]["M"].update({"0": 0}), '$.weights["0"].M["0"]'),
        (lambda d: d["weights"]["0"]["M"].update({"0": "1/2"}),
         '$.weights["0"].M["0"]'),
        (lambda d: d["weights"]["0"]["M"].update({"0": True}),
         '$.weights["0"].M["0"]'),
        (lambda d: d.update(hints=[]), "$.hints"),
        (lambda d: d["hints"].update(tableau={}), "$.hints"),
        (lambda d: d["hints"].update(count=1.0), "$.hints.count"),
        (lambda d: d["hints"].update(min_margin="1/2"), "$.hints.min_margin"),
        (lambda d: d["hints"].update(windows={}), "$.hints.windows"),
        (lambda d: d["hints"]["windows"][0].__setitem__(0, "#"),
         "$.hints.windows[0]"),
        (lambda d: d["hints"]["windows"][0].__setitem__(1, None),
         "$.hints.windows[0]"),
        (lambda d: d["hints"]["windows"][0].__setitem__(3, None),
         "$.hints.windows[0]"),
        (lambda d: d["hints"]["windows"][0].__setitem__(0, ["0"]),
         "$.hints.windows[0]"),
        (lambda d: d["hints"]["windows"][0].pop(), "$.hints.windows[0]"),
        (lambda d: d["hints"]["windows"][0].__setitem__(4, 1.0),
         "$.hints.windows[0][4]"),
    ],
)
@pytest.mark.parametrize("check", list(CHECKS))
def test_each_circuit_format_rule_names_its_path(change, path, check):
    verdict, message = CHECKS[check](changed(change))
    assert verdict == "malformed"
    assert message.startswith(path + ":"), message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(machine="1RB1LB_1LA0RZ"), "(outside, (B,1), outside)"),
        (lambda d: d["weights"]["(A,0)"].update(threshold=1), "gate (A,0) fires"),
        (lambda d: d["weights"]["1"]["M"].pop("(A,0)"), "gate 1 does not fire"),
        (lambda d: d["encoding"]["cells"].reverse(), "encoding.cells"),
        (lambda d: d["hints"]["windows"].pop(), "the scope has 144 windows"),
        (lambda d: d["hints"].update(count=143), "claim 143"),
        (lambda d: d["hints"]["windows"].reverse(), "the hint is for"),
        (lambda d: d["hints"]["windows"][0].__setitem__(3, "1"), "expected 0"),
        (lambda d: d["hints"]["windows"][0].__setitem__(4, 2), "least slack is 1"),
        (lambda d: d["hints"].update(min_margin=0), "min_margin"),
    ],
)
@pytest.mark.parametrize("check", list(CHECKS))
def test_each_false_claim_is_rejected(change, words, check):
    verdict, message = CHECKS[check](changed(change))
    assert verdict == "rejected"
    if check == "checker":
        assert words in message, message


def test_a_change_after_sealing_is_rejected():
    for check in CHECKS.values():
        verdict, message = check(changed(lambda d: d.update(producer="x"), False))
        assert verdict == "rejected" and message.startswith("sha256"), message


def test_tableau_documents_with_a_circuit_name_are_malformed():
    from arcot.verify.certificate import make_certificate

    doc = make_certificate(get("bb2")).to_json()
    doc["encoding"]["name"] = "circuit"
    for check in CHECKS.values():
        assert check(seal(doc))[0] == "malformed"


def test_checker_budget_a_large_machine_checks():
    """25 states, 4 symbols: 104 heads, every window checked by the lone
    checker (the enumeration is V^2 + windows, the gates sparse)."""
    groups = []
    for i in range(25):
        nxt = "ABCDEFGHIJKLMNOPQRSTUVWXY"[(i + 1) % 25]
        groups.append(f"1R{nxt}2L{nxt}3R{nxt}0LZ")
    machine = parse_tm("_".join(groups))
    doc = make_circuit_certificate(machine).to_json()
    verdict, message = checker.check(doc)
    assert verdict == "verified", message


# -- the command line ----------------------------------------------------


def test_cli_certify_circuit_writes_a_certificate_arcot_check_accepts(
    capsys, tmp_path
):
    import subprocess
    import sys

    from arcot.cli import main

    path = tmp_path / "bb4-circuit.cert.json"
    code = main(["certify", "zoo:bb4", "--encoding", "circuit", "--out", str(path),
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out == {
        "verified": True, "scope": "windows", "encoding": "circuit",
        "learner": "construct", "features": "threshold", "checked": 228,
        "unit": "windows", "tableau": None,
        "min_margin": 1, "counterexample": None, "certificate": str(path),
    }
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("verified: 228 windows")
    proc = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "check", str(path), "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["verdict"] == "verified"


def test_cli_circuit_certificate_of_a_stay_machine_is_bad_input(capsys, tmp_path):
    from arcot.cli import main
    from arcot.machine import save_machine

    path = tmp_path / "m.json"
    save_machine(TuringMachine(states=["A", "Z"], symbols=["0", "1"], start="A",
                               halt_states=["Z"],
                               transitions={("A", "0"): ("1", "N", "Z")}), path)
    assert main(["certify", str(path), "--encoding", "circuit"]) == 0
    capsys.readouterr()
    code = main(["certify", str(path), "--encoding", "circuit", "--out",
                 str(tmp_path / "c.json")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: cannot write a certificate")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--scope", "inputs:1", "--out", "x.json"], "--encoding circuit"),
        (["--learner", "perceptron"], "inputs:N"),
        (["--scope", "sample:4"], "inputs:N"),
        (["--train", "inputs:1"], "no training data"),
        (["--features", "additive"], "full context"),
    ],
)
def test_cli_circuit_windows_bad_input(capsys, argv, needle):
    from arcot.cli import main

    code = main(["certify", "zoo:bb2", "--encoding", "circuit", *argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("error:") and needle in err
    assert len(err.strip().splitlines()) == 1


def _decide_reference(machine, gates):
    """Every gate on every window, plainly (the fast one skips the gates no
    coordinate touches)."""
    from arcot.cot import DELIMITER, HeadCell, local_rule, tableau_vocabulary

    vocab = tableau_vocabulary(machine)
    cells = [(n, t) for n, t in zip(vocab.names, vocab.tokens, strict=True)
             if n != DELIMITER]
    out = []
    for ln, lt in [(None, DELIMITER), *cells]:
        for mn, mt in cells:
            for rn, rt in [(None, DELIMITER), *cells]:
                if sum(isinstance(t, HeadCell) for t in (lt, mt, rt)) > 1:
                    continue
                want = str(local_rule(machine, lt, mt, rt))
                sums = gates.sums(ln, mn, rn)
                slack = [(sums[v] - gates.thresholds[v] + 1 if v == want
                          else gates.thresholds[v] - sums[v], v) for v in gates.cells]
                least, v = min(slack, key=lambda x: x[0])
                out.append((ln, mn, rn, want, least, v, sums[v], gates.thresholds[v]))
    return out


@settings(max_examples=25, deadline=None)
@given(turing_machines(max_states=3, max_symbols=3), st.data())
def test_decide_gate_windows_equals_the_plain_reference(machine, data):
    gates = circuit_gates(machine)
    thresholds = {v: t + data.draw(st.integers(-1, 1)) for v, t in
                  gates.thresholds.items()}
    table = CircuitGates(cells=gates.cells, weights=gates.weights,
                         thresholds=thresholds)
    got = [(d.left, d.middle, d.right, d.expected, d.margin, d.gate, d.total,
            d.threshold) for d in decide_gate_windows(machine, table)]
    assert got == _decide_reference(machine, table)
