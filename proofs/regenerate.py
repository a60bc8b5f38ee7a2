"""Regenerate the certificate corpora: ``python proofs/regenerate.py``.

- ``valid/``: a certificate for every zoo machine and both feature kinds,
  built by :func:`arcot.verify.make_certificate` from the constructed
  predictors (theory.md section 3), and one for its circuit encoding's
  gates (:func:`arcot.verify.certificate.make_circuit_certificate`);
- ``invalid/``: certificates with one false claim each (the document is
  re-sealed after the change, so the checker must find the false claim
  itself, except in ``digest-mismatch``), each saying ``why_invalid``;
- ``malformed/``: documents that do not follow the format.

Files named ``v2-*`` are of format version 2 (any finite machine, held as
an object of names; no hint rows): machines with stay moves, more than 10
symbols, more than 25 states, and their invalid and malformed variants.

The output is deterministic; ``tests/certificates/test_corpus.py`` checks
that the committed files equal what this script writes, and that each
folder gets its verdict. ``--check`` only compares, writing nothing.
"""

from __future__ import annotations

import copy
import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from arcot.machine import TuringMachine, machine_from_table, parse_tm
from arcot.verify.certificate import (
    Certificate,
    CircuitCertificate,
    decide_gate_windows,
    dumps,
    make_certificate,
    make_circuit_certificate,
    seal,
)
from arcot.verify.document import _in_standard_text, _token_names, _with_inputs
from arcot.verify.exact import (
    decide_windows,
    fraction_text,
    scope_windows,
    verify_exact,
)
from arcot.verify.tableau_certificate import _renamed_weights
from arcot.zoo import ZOO

HERE = Path(__file__).resolve().parent
Doc = dict[str, Any]


#: Certificates of least-squares fits: their float weights may differ in the
#: last bits between platforms, so tests check their verdict, not their bytes.
LEARNED = ("valid/increment-lstsq-inputs3.cert.json",
           "valid/palindrome-lstsq-inputs3.cert.json",
           "invalid/palindrome-lstsq-inputs5.cert.json")


def _utm_perceptron() -> str:
    """The universal machine's perceptron (additive features, integer
    weights), trained on random configurations that cover every window."""
    from arcot.pipeline import certify

    found = certify(ZOO["utm"].machine, learner="perceptron", features="additive",
                    train="configurations:1200000", seed=0)
    assert found.certificate is not None, found.certificate_note
    return found.certificate.to_text()


#: Zoo machines the circuit certificate (format version 1 only, standard
#: text: at most 25 states) cannot hold.
BEYOND_CIRCUIT_FORMAT = ("utm",)


def _valid() -> dict[str, str]:
    out = {}
    for name, entry in ZOO.items():
        for features in ("additive", "pairwise"):
            cert = make_certificate(entry.machine, features=features)
            out[f"valid/{name}-{features}.cert.json"] = cert.to_text()
    for name in ("parity", "0n1n"):
        cert = make_certificate(ZOO[name].machine, scope="inputs:3")
        out[f"valid/{name}-additive-inputs3.cert.json"] = cert.to_text()
    for name in ("increment", "palindrome"):
        out[f"valid/{name}-lstsq-inputs3.cert.json"] = dumps(_learned(name, 3))
    out["valid/utm-perceptron-additive.cert.json"] = _utm_perceptron()
    # least squares from product traces and configurations, read as the
    # integers it approximates: the same bytes whatever the draw
    from arcot.experiments.proven import multiply_certificate

    out["valid/multiply-lstsq-pairwise.cert.json"] = multiply_certificate().to_text()
    # once 135 s to check (every input on one padded tableau); now linear
    cert = make_certificate(parse_tm("---1RA"), scope="inputs:460")
    out["valid/undefined-first-inputs460.cert.json"] = cert.to_text()
    for name, entry in ZOO.items():
        if name in BEYOND_CIRCUIT_FORMAT:
            continue
        cert = make_circuit_certificate(entry.machine)
        out[f"valid/{name}-circuit.cert.json"] = cert.to_text()
    return out


def _learned(name: str, n: int) -> Doc:
    """Least squares on pairwise features, trained on every input up to 3:
    right on every input up to 3 (not on every window)."""
    from arcot.learn import fit_linear_predictor, training_data
    from arcot.pipeline import exact_weights

    machine = ZOO[name].machine
    fit = fit_linear_predictor(training_data(machine, "inputs:3"), features="pairwise")
    weights = exact_weights(fit)
    if n == 3:
        return make_certificate(machine, weights, scope="inputs:3").to_json()
    # The same weights claimed for longer inputs, with honest hints: the
    # checker must find the window where the fit goes wrong.
    doc = make_certificate(machine, weights, scope="inputs:3").to_json()
    doc["scope"] = f"inputs:{n}"
    _rehint(doc)
    return doc


def _perceptron_padded() -> tuple[Doc, int, int]:
    """The perceptron of issue 7: additive features, trained on every input of
    increment up to length 3 (one padded tableau shape), claimed for
    inputs:3 with honest hints over the inputs' own tableaux."""
    from arcot.learn import fit_perceptron, training_data
    from arcot.pipeline import exact_weights

    machine = ZOO["increment"].machine
    fit = fit_perceptron(training_data(machine, "inputs:3"), features="additive")
    _, _, letter, digit = _in_standard_text(machine)
    weights, _ = _renamed_weights(exact_weights(fit),
                                  _token_names(machine, letter, digit))
    doc = make_certificate(machine, scope="inputs:3").to_json()
    body = Certificate.from_json(make_certificate(machine).to_json())
    doc["weights"] = Certificate(
        machine=body.machine, vocabulary=body.vocabulary, weights=weights,
        hints=body.hints, count=body.count, min_margin=body.min_margin,
    ).to_json()["weights"]
    _rehint(doc)
    own = verify_exact(exact_weights(fit), machine, scope="inputs:3")
    return doc, own.failures, own.checked


def _base(name: str = "bb2", features: str = "additive") -> Doc:
    return make_certificate(ZOO[name].machine, features=features).to_json()


def _hint_index(doc: Doc, window: list[str]) -> int:
    rows = doc["hints"]["windows"]
    return next(i for i, h in enumerate(rows) if h[:3] == window)


def _invalid_cases() -> dict[str, tuple[str, Callable[[Doc], Any]]]:
    def machine_write(d: Doc) -> None:
        d["machine"] = "1RB1LB_1LA0RZ"  # B reading 1 now writes 0

    def machine_move(d: Doc) -> None:
        d["machine"] = "1LB1LB_1LA1RZ"  # A reading 0 now moves left

    def machine_state(d: Doc) -> None:
        d["machine"] = "1RB1LA_1LA1RZ"  # A reading 1 now stays in A

    def weight_tie(d: Doc) -> None:
        d["weights"]["#"]["M"]["#"] = 4  # ties with two heads moving in

    def weight_wrong(d: Doc) -> None:
        d["weights"]["1"]["M"]["(A,0)"] = 4  # (A,0) writes 1 ... and 1 ties
        d["weights"]["0"]["M"]["(A,0)"] = 5  # ... and 0 now wins

    def output_claim(d: Doc) -> None:
        i = _hint_index(d, ["0", "(A,0)", "0"])
        d["hints"]["windows"][i][3] = "0"

    def margin_claim(d: Doc) -> None:
        i = _hint_index(d, ["0", "0", "0"])
        d["hints"]["windows"][i][4] = 2

    def min_margin(d: Doc) -> None:
        d["hints"]["min_margin"] = 2

    def count(d: Doc) -> None:
        d["hints"]["count"] += 1

    def hint_missing(d: Doc) -> None:
        del d["hints"]["windows"][7]

    def hints_swapped(d: Doc) -> None:
        w = d["hints"]["windows"]
        w[3], w[4] = w[4], w[3]

    def vocabulary(d: Doc) -> None:
        v = d["encoding"]["vocabulary"]
        v[1], v[2] = v[2], v[1]

    def other_machine(d: Doc) -> None:
        # bb4's constructed weights, filed under a different 4-state machine
        # with the same vocabulary.
        d["machine"] = "1RB1LB_1LA0LC_1RZ1LD_1RD0LA"

    def renaming_twice(d: Doc) -> None:
        d["renaming"]["symbols"]["1"] = d["renaming"]["symbols"]["0"]

    def renaming_other(d: Doc) -> None:
        d["renaming"]["states"]["Y"] = d["renaming"]["states"].pop("Z")

    return {
        "machine-changed-write": ("the machine text was changed after "
                                  "certification: B reading 1 writes 0", machine_write),
        "machine-changed-move": ("the machine text was changed: A reading 0 moves "
                                 "left instead of right", machine_move),
        "machine-changed-state": ("the machine text was changed: A reading 1 goes "
                                  "to A instead of B", machine_state),
        "weight-tie": ("B[#,#] lowered from 5 to 4: on (head, #, head) windows "
                       "the delimiter ties with a head moving in", weight_tie),
        "weight-wrong": ("the weights make the predictor write 0 under (A,0), "
                         "which writes 1", weight_wrong),
        "output-claim": ("a hint claims the wrong local-rule output for a window",
                         output_claim),
        "margin-claim": ("a hint claims a margin of 2 where the margin is 1",
                         margin_claim),
        "min-margin": ("hints.min_margin claims 2; the least margin is 1",
                       min_margin),
        "count": ("hints.count claims one window more than the scope has", count),
        "hint-missing": ("one window of the scope has no hint", hint_missing),
        "hints-swapped": ("two hints are out of the checking order", hints_swapped),
        "vocabulary": ("the vocabulary lists the symbols in the wrong order",
                       vocabulary),
        "other-machine": ("bb4's weights filed under another machine with the "
                          "same vocabulary (D reading 1 moves left)", other_machine),
        "renaming-not-bijection": ("the renaming gives two symbols one name",
                                   renaming_twice),
        "renaming-other-states": ("the renaming names a state the machine lacks "
                                  "and misses one it has", renaming_other),
    }


def _rehint(doc: Doc) -> None:
    """Recompute the windows and margins honestly for the (changed) document."""
    machine = parse_tm(doc["machine"])
    if "inputs" in doc:
        machine = _with_inputs(machine, doc["inputs"]["alphabet"])
        windows = scope_windows(
            machine, doc["scope"], max_steps=doc["inputs"]["max_steps"]
        )
    else:
        windows = scope_windows(machine, "windows")
    cert = Certificate.from_json(seal(doc))
    truth = decide_windows(cert.weights, machine, windows)
    doc["hints"]["count"] = len(truth)
    doc["hints"]["windows"] = [
        [t.left, t.middle, t.right, t.expected, fraction_text(t.margin)]
        for t in truth
    ]
    doc["hints"]["min_margin"] = fraction_text(min(t.margin for t in truth))


def _invalid() -> dict[str, str]:
    out = {}
    for case, (why, change) in _invalid_cases().items():
        doc = _base("bb4") if case == "other-machine" else _base()
        change(doc)
        if case.startswith("weight-"):
            _rehint(doc)  # honest margins: the checker must find the bad window
        doc["why_invalid"] = why
        out[f"invalid/{case}.cert.json"] = dumps(seal(doc))
    doc = _learned("palindrome", 5)
    doc["why_invalid"] = ("least squares fitted on inputs up to length 3 is right "
                          "on them, but not on every input of length 5")
    out["invalid/palindrome-lstsq-inputs5.cert.json"] = dumps(seal(doc))
    doc, wrong, inputs = _perceptron_padded()
    doc["why_invalid"] = ("a perceptron fitted on the padded tableaux of every "
                          "input up to length 3 is right there, but wrong on "
                          f"{wrong} of those {inputs} inputs' own tableaux")
    out["invalid/increment-perceptron-own-tableau.cert.json"] = dumps(seal(doc))
    doc = make_certificate(ZOO["parity"].machine, scope="inputs:2").to_json()
    doc["inputs"]["max_steps"] = 2
    doc["why_invalid"] = "the runs on inputs of length 2 take 3 steps, not <= 2"
    out["invalid/inputs-max-steps.cert.json"] = dumps(seal(doc))
    doc = make_certificate(ZOO["0n1n"].machine, scope="inputs:2").to_json()
    doc["inputs"]["alphabet"].append("3")  # X, a tape symbol, is not an input
    doc["why_invalid"] = ("the alphabet gained a symbol, so the hints miss "
                          "windows of the new inputs")
    out["invalid/inputs-alphabet.cert.json"] = dumps(seal(doc))
    doc = _base()
    doc["producer"] = "someone else"
    doc["why_invalid"] = ("a field was changed after the document was sealed: "
                          "the sha256 no longer matches")
    out["invalid/digest-mismatch.cert.json"] = dumps(doc)
    return out


def _circuit_base(name: str = "bb2") -> Doc:
    return make_circuit_certificate(ZOO[name].machine).to_json()


def _rehint_circuit(doc: Doc) -> None:
    """Honest hints (outputs and least slacks) for the (changed) document."""
    cert = CircuitCertificate.from_json(seal(doc))
    truth = decide_gate_windows(parse_tm(doc["machine"]), cert.gates)
    doc["hints"] = {
        "count": len(truth),
        "min_margin": min(t.margin for t in truth),
        "windows": [[t.left, t.middle, t.right, t.expected, t.margin] for t in truth],
    }


def _circuit_invalid_cases() -> dict[str, tuple[str, Callable[[Doc], Any]]]:
    def boundary(d: Doc) -> None:
        # gate 0 counts a neighbour's bit: right inside a row, wrong at its edge
        d["weights"]["0"]["threshold"] = 2
        d["weights"]["0"]["L"] = {"0": 1, "1": 1, "(A,0)": -1, "(A,1)": 1,
                                  "(B,0)": 1, "(B,1)": -1, "(Z,0)": 1, "(Z,1)": 1}

    def hints_edge(d: Doc) -> None:
        rows = d["hints"]["windows"]
        d["hints"]["windows"] = [h for h in rows if h[0] is not None]
        d["hints"]["count"] = len(d["hints"]["windows"])

    def cells(d: Doc) -> None:
        c = d["encoding"]["cells"]
        c[0], c[1] = c[1], c[0]

    def output_claim(d: Doc) -> None:
        i = _hint_index(d, ["0", "(A,0)", "0"])
        d["hints"]["windows"][i][3] = "0"

    def slack_claim(d: Doc) -> None:
        i = _hint_index(d, ["0", "0", "0"])
        d["hints"]["windows"][i][4] = 2

    return {
        "circuit-machine-changed": (
            "the machine text was changed after certification: B reading 1 "
            "writes 0, but under (B,1) gate 1 still fires and gate 0 does not",
            lambda d: d.update(machine="1RB1LB_1LA0RZ")),
        "circuit-gate-wrong": (
            "gate 1 lost its weight on M:(A,0): it does not fire where (A,0) "
            "writes 1", lambda d: d["weights"]["1"]["M"].pop("(A,0)")),
        "circuit-threshold": (
            "gate (B,0)'s threshold lowered from 2 to 1: it fires on a plain 0 "
            "with no head moving in", lambda d: d["weights"]["(B,0)"].update(
                threshold=1)),
        "circuit-boundary": (
            "gate 0 needs the left neighbour's bit to fire: right wherever the "
            "left cell is in the window, wrong on a row's first cell, whose left "
            "neighbour is outside (no bits)", boundary),
        "circuit-hints-edge": (
            "the hints skip every window whose left neighbour is outside the "
            "window of cells (count adjusted to match)", hints_edge),
        "circuit-cells": ("the cells list the symbols in the wrong order", cells),
        "circuit-output-claim": (
            "a hint claims the wrong local-rule output for a window", output_claim),
        "circuit-slack-claim": (
            "a hint claims a least slack of 2 where it is 1", slack_claim),
        "circuit-min-margin": (
            "hints.min_margin claims 2; the least slack is 1",
            lambda d: d["hints"].update(min_margin=2)),
        "circuit-count": (
            "hints.count claims one window more than the scope has",
            lambda d: d["hints"].update(count=d["hints"]["count"] + 1)),
        "circuit-other-machine": (
            "bb4's gates filed under another machine with the same cells "
            "(D reading 1 moves left)",
            lambda d: d.update(machine="1RB1LB_1LA0LC_1RZ1LD_1RD0LA")),
    }


def _circuit_invalid() -> dict[str, str]:
    out = {}
    honest = {"circuit-machine-changed", "circuit-gate-wrong", "circuit-threshold",
              "circuit-boundary", "circuit-other-machine"}
    for case, (why, change) in _circuit_invalid_cases().items():
        doc = _circuit_base("bb4" if case == "circuit-other-machine" else "bb2")
        change(doc)
        if case in honest:
            _rehint_circuit(doc)  # true hints: the checker must find the bad gate
        doc["why_invalid"] = why
        out[f"invalid/{case}.cert.json"] = dumps(seal(doc))
    doc = _circuit_base()
    doc["producer"] = "someone else"
    doc["why_invalid"] = ("a field was changed after the document was sealed: "
                          "the sha256 no longer matches")
    out["invalid/circuit-digest-mismatch.cert.json"] = dumps(doc)
    return out


def _circuit_malformed() -> dict[str, str]:
    def hint(i: int, value: Any) -> Callable[[Doc], Any]:
        return lambda d: d["hints"]["windows"][0].__setitem__(i, value)

    cases: dict[str, tuple[str, Callable[[Doc], Any]]] = {
        "circuit-features": ("a circuit certificate with additive features",
                             lambda d: d.update(features="additive")),
        "circuit-scope": ("the circuit encoding is certified in the windows scope "
                          "only", lambda d: d.update(scope="inputs:3")),
        "circuit-boundary": ("boundary 'blank': the format knows only 'zero'",
                             lambda d: d["encoding"].update(boundary="blank")),
        "circuit-delimiter": ("the circuit encoding has no delimiter",
                              lambda d: d["encoding"].update(delimiter="#")),
        "circuit-gate-missing": ("cell (Z,1) has no gate",
                                 lambda d: d["weights"].pop("(Z,1)")),
        "circuit-threshold-missing": ("gate 0 has no threshold",
                                      lambda d: d["weights"]["0"].pop("threshold")),
        "circuit-weight-ratio": ("a gate weight '1/2': gates are integer",
                                 lambda d: d["weights"]["0"]["M"].update({"0": "1/2"})),
        "circuit-weight-slot": ("slot LM does not exist for a gate",
                                lambda d: d["weights"]["0"].update(LM={"0": 1})),
        "circuit-hint-delimiter": ("a hint names '#' for the neighbour outside "
                                   "the window (null is outside)", hint(0, "#")),
        "circuit-hint-null-middle": ("a hint with no middle cell", hint(1, None)),
        "circuit-min-margin-ratio": ("hints.min_margin '1/2': slacks are integers",
                                     lambda d: d["hints"].update(min_margin="1/2")),
    }
    out = {}
    for case, (why, change) in cases.items():
        doc = _circuit_base()
        doc["why_invalid"] = why
        change(doc)
        out[f"malformed/{case}.cert.json"] = dumps(seal(doc))
    return out


def _malformed() -> dict[str, str]:
    base = _base()
    cases: dict[str, tuple[str, Callable[[Doc], Any]]] = {
        "format": ("format is not arcot-certificate",
                   lambda d: d.__setitem__("format", "arcot-proof")),
        "version": ("version 3 does not exist", lambda d: d.__setitem__("version", 3)),
        "version-string": ("version is a string",
                           lambda d: d.__setitem__("version", "1")),
        "missing-weights": ("the weights field is missing",
                            lambda d: d.pop("weights")),
        "unknown-field": ("a field the format does not define",
                          lambda d: d.__setitem__("extra", 1)),
        "machine-text": ("the machine text has a bad move letter",
                         lambda d: d.__setitem__("machine", "1RB1LB_1LA1QZ")),
        "machine-spaced": ("the machine is in the spaced form, not the compact one",
                           lambda d: d.__setitem__("machine", "1RB 1LB  1LA 1RZ")),
        "weight-float": ("a weight is a float",
                         lambda d: d["weights"]["#"]["M"].__setitem__("#", 5.0)),
        "weight-zero": ("a zero weight is listed",
                        lambda d: d["weights"]["#"]["M"].__setitem__("0", 0)),
        "weight-not-lowest": ("a weight '10/2' is not in lowest terms",
                              lambda d: d["weights"]["#"]["M"].update({"#": "10/2"})),
        "weight-bool": ("a weight is a boolean",
                        lambda d: d["weights"]["#"]["M"].__setitem__("#", True)),
        "weight-token": ("a weight names a token outside the vocabulary",
                         lambda d: d["weights"]["#"]["M"].__setitem__("(Q,0)", 1)),
        "weight-slot": ("slot LM does not exist for additive features",
                        lambda d: d["weights"]["#"].__setitem__("LM", {"#": {"#": 1}})),
        "features": ("an unknown feature kind",
                     lambda d: d.__setitem__("features", "quadratic")),
        "scope": ("version 1 certifies the windows scope only",
                  lambda d: d.__setitem__("scope", "inputs:3")),
        "hint-short": ("a hint has four entries, not five",
                       lambda d: d["hints"]["windows"][0].pop()),
        "hint-margin": ("a hint's margin is a float",
                        lambda d: d["hints"]["windows"][0].__setitem__(4, 5.0)),
        "sha256": ("sha256 is not 64 hex digits",
                   lambda d: d.__setitem__("sha256", "abc")),
        "encoding": ("an unknown encoding",
                     lambda d: d["encoding"].__setitem__("name", "steplog")),
    }
    inputs_base = make_certificate(ZOO["parity"].machine, scope="inputs:2").to_json()
    inputs_cases: dict[str, tuple[str, Callable[[Doc], Any]]] = {
        "inputs-missing": ("an inputs:N scope without the inputs field",
                           lambda d: d.pop("inputs")),
        "inputs-on-windows": ("the inputs field with the windows scope",
                              lambda d: d.update(scope="windows")),
        "inputs-too-many": ("3^30 inputs: beyond the checker's budget",
                            lambda d: d.update(scope="inputs:30")),
        "inputs-max-steps": ("max_steps beyond the checker's budget",
                             lambda d: d["inputs"].update(max_steps=10**7)),
        "inputs-alphabet": ("the alphabet names a symbol the machine lacks",
                            lambda d: d["inputs"].update(alphabet=["1", "7"])),
        "inputs-scope": ("inputs:02 is not a canonical scope",
                         lambda d: d.update(scope="inputs:02")),
        "tableau-hint": ("hints.tableau, a padded shape the format no longer "
                         "has (every input is checked on its own tableau)",
                         lambda d: d["hints"].update(
                             tableau={"left": -1, "width": 4, "steps": 3})),
        "inputs-huge-n": ("inputs:N with N of 5000 digits (beyond Python's "
                          "int-from-text limit, and the budget)",
                          lambda d: d.update(scope="inputs:" + "9" * 5000)),
        "inputs-empty-alphabet": ("an empty alphabet with N = 10^12: one input, "
                                  "but N is beyond the budget",
                                  lambda d: (d.update(scope="inputs:1000000000000"),
                                             d["inputs"].update(alphabet=[]))),
        "inputs-over-budget": ("inputs:18 over two letters: 524287 inputs",
                               lambda d: d.update(scope="inputs:18")),
    }
    out = {}
    for case, (why, change) in inputs_cases.items():
        doc = copy.deepcopy(inputs_base)
        doc["why_invalid"] = why
        change(doc)
        out[f"malformed/{case}.cert.json"] = dumps(seal(doc))
    for case, (why, change) in cases.items():
        doc = copy.deepcopy(base)
        doc["why_invalid"] = why
        if case == "sha256":
            change(doc)
            out[f"malformed/{case}.cert.json"] = dumps(doc)
            continue
        change(doc)
        out[f"malformed/{case}.cert.json"] = dumps(seal(doc))
    for case, (why, change) in _hostile_cases().items():
        doc = copy.deepcopy(base)
        doc["why_invalid"] = why
        change(doc)
        out[f"malformed/{case}.cert.json"] = dumps(seal(doc))
    deep = dumps(base).replace('"states": {', '"states": {"Y": ' + "[" * 990
                               + '"x"' + "]" * 990 + ", ", 1)
    out["malformed/renaming-deep.cert.json"] = deep  # a list 990 deep
    inf = dumps(base).replace('"symbols": {', '"symbols": {"9": 1e400, ', 1)
    out["malformed/infinity.cert.json"] = inf  # 1e400 overflows to Infinity
    text = dumps(base)
    out["malformed/not-json.cert.json"] = text[: len(text) // 2]
    out["malformed/top-level-list.cert.json"] = json.dumps([base["machine"]]) + "\n"
    dup = dumps(base).replace('"version": 1,', '"version": 1,\n  "version": 1,', 1)
    out["malformed/duplicate-key.cert.json"] = dup
    nan = dumps(base).replace('"min_margin": 1', '"min_margin": NaN', 1)
    out["malformed/nan.cert.json"] = nan
    return out


def _hostile_cases() -> dict[str, tuple[str, Callable[[Doc], Any]]]:
    """Documents that once crashed the checker or a check of arcot's."""
    def set_weight(value: object) -> Callable[[Doc], Any]:
        return lambda d: d["weights"]["#"]["M"].__setitem__("#", value)

    return {
        "features-list": ("features given as a list",
                          lambda d: d.update(features=["additive"])),
        "features-object": ("features given as an object",
                            lambda d: d.update(features={"additive": 1})),
        "weight-huge-numerator": ("a p/q weight whose numerator has 5000 digits",
                                  set_weight("1" * 5000 + "/3")),
        "weight-huge-integer": ("an integer weight of 1001 digits",
                                set_weight(10**1000)),
        "renaming-not-object": ("renaming.states is a list",
                                lambda d: d["renaming"].update(states=["A"])),
        "renaming-value": ("a renaming value that is not a string",
                           lambda d: d["renaming"]["symbols"].update({"0": 0})),
    }


# -- format version 2 (issue 9): machines standard text cannot hold ------


def _stay_machine() -> TuringMachine:
    """Stay moves (N) and a halt state: a writes 1 and turns into b in place."""
    return machine_from_table("a 0 -> 1 N b\nb 1 -> 0 R a\nb 0 -> 0 L z",
                              blank="0", halt_states=["z"])


def _stay_halting() -> TuringMachine:
    """Halts on every input over x: a stay move turns each x into y and back."""
    m = machine_from_table("go _ -> _ R done\ngo x -> y N back\nback y -> x L go",
                           blank="_", start="go", halt_states=["done"])
    return TuringMachine(states=m.states, symbols=m.symbols, start=m.start,
                         transitions=dict(m.transitions), halt_states=m.halt_states,
                         blank=m.blank, input_symbols=["x"])


def _eleven_symbols() -> TuringMachine:
    """11 symbols: each step writes the next letter and moves right; j stops."""
    symbols = ["_", *"abcdefghij"]
    rules = {("w", x): (y, "R", "w") for x, y in itertools.pairwise(symbols)}
    rules["w", "j"] = ("j", "N", "stop")
    return TuringMachine(states=["w", "stop"], symbols=symbols, start="w",
                         halt_states=["stop"], transitions=rules, blank="_")


def _twenty_six_states() -> TuringMachine:
    """26 working states in a chain, each writing 1 and moving right."""
    states = [f"q{i}" for i in range(26)]
    rules = {(q, "0"): ("1", "R", nxt)
             for q, nxt in zip(states, [*states[1:], "H"], strict=True)}
    return TuringMachine(states=[*states, "H"], symbols=["0", "1"], start="q0",
                         halt_states=["H"], transitions=rules)


def _v2_valid() -> dict[str, str]:
    out = {}
    for features in ("additive", "pairwise"):
        cert = make_certificate(_stay_machine(), features=features)
        out[f"valid/v2-stay-{features}.cert.json"] = cert.to_text()
    cert = make_certificate(_stay_halting(), scope="inputs:3")
    out["valid/v2-stay-additive-inputs3.cert.json"] = cert.to_text()
    cert = make_certificate(_eleven_symbols(), features="pairwise")
    out["valid/v2-eleven-symbols-pairwise.cert.json"] = cert.to_text()
    cert = make_certificate(_twenty_six_states())
    out["valid/v2-twenty-six-states-additive.cert.json"] = cert.to_text()
    return out


def _v2_base(features: str = "pairwise") -> Doc:
    return make_certificate(_stay_machine(), features=features).to_json()


def _wrong_on_one_window(d: Doc) -> None:
    """A weight on LM:(0, (a,0)) and one on MR:((a,0), 0), each 3/4 for
    token 0: together (on window (0, (a,0), 0) only) they outscore the
    local rule's (b,1), whose score there is 1; alone each adds 3/4 < 1."""
    d["weights"]["0"]["LM"]["0"] = {"(a,0)": "3/4"}
    d["weights"]["0"]["MR"]["(a,0)"] = {"0": "3/4"}


def _v2_invalid() -> dict[str, str]:
    def vocabulary(d: Doc) -> None:
        v = d["encoding"]["vocabulary"]
        v[1], v[2] = v[2], v[1]

    cases: dict[str, tuple[str, Callable[[Doc], Any]]] = {
        "v2-min-margin": ("hints.min_margin claims 2; the least margin is 1",
                          lambda d: d["hints"].update(min_margin=2)),
        "v2-count": ("hints.count claims one window more than the scope has",
                     lambda d: d["hints"].update(count=d["hints"]["count"] + 1)),
        "v2-weight-wrong": ("two weights of 3/4 make the predictor give 0 on the "
                            "one window (0, (a,0), 0), where a writes 1 and stays "
                            "as (b,1)", _wrong_on_one_window),
        "v2-vocabulary": ("the vocabulary lists the symbols in the wrong order",
                          vocabulary),
        "v2-machine-changed": ("the machine was changed after certification: a "
                               "reading 0 moves left instead of staying",
                               lambda d: d["machine"]["transitions"][0].__setitem__(
                                   3, "L")),
    }
    out = {}
    for case, (why, change) in cases.items():
        doc = _v2_base()
        change(doc)
        doc["why_invalid"] = why
        out[f"invalid/{case}.cert.json"] = dumps(seal(doc))
    doc = _v2_base()
    doc["producer"] = "someone else"
    doc["why_invalid"] = ("a field was changed after the document was sealed: "
                          "the sha256 no longer matches")
    out["invalid/v2-digest-mismatch.cert.json"] = dumps(doc)
    return out


def _v2_malformed() -> dict[str, str]:
    def transition(i: int, j: int, value: str) -> Callable[[Doc], Any]:
        return lambda d: d["machine"]["transitions"][i].__setitem__(j, value)

    def rename_state(d: Doc) -> None:  # the vocabulary is left as it was
        d["machine"]["states"][0] = "a,1"
        for t in d["machine"]["transitions"]:
            t[:] = ["a,1" if x == "a" else x for x in t]
        d["machine"]["start"] = "a,1"

    big = {"states": [f"q{i}" for i in range(100)],
           "symbols": [f"s{i}" for i in range(100)],
           "start": "q0", "halt": [], "transitions": [["q0", "s0", "s1", "N", "q1"]]}
    wide = {**big, "states": big["states"][:60], "symbols": big["symbols"][:60]}
    cases: dict[str, tuple[str, Callable[[Doc], Any]]] = {
        "v2-move-letter": ("a transition moves 'S': the moves are L, R and N",
                           transition(0, 3, "S")),
        "v2-name-character": ("a state named 'a,1': names hold no comma (a token "
                              "(a,1,0) would read two ways)", rename_state),
        "v2-halt-transition": ("the halt state z has a transition",
                               lambda d: d["machine"]["transitions"].append(
                                   ["z", "0", "1", "R", "a"])),
        "v2-duplicate-transition": ("two transitions for (a, 0)",
                                    lambda d: d["machine"]["transitions"].append(
                                        ["a", "0", "0", "L", "b"])),
        "v2-size-bound": ("100 states x 100 symbols: 10101 tokens, past the "
                          "checker's bound of 10000", lambda d: d.update(machine=big)),
        "v2-windows-bound": ("60 states x 60 symbols: 3661 tokens, but about 53 "
                             "million windows, past the bound of 20 million",
                             lambda d: d.update(machine=wide)),
        "v2-renaming": ("a renaming: version 2 holds the names in the machine",
                        lambda d: d.update(renaming={"states": {}, "symbols": {}})),
        "v2-hint-rows": ("hint rows: version 2 has count and min_margin only",
                         lambda d: d["hints"].update(windows=[])),
        "v2-machine-text": ("a version 2 certificate with a standard-text machine",
                            lambda d: d.update(machine="1RB1LB_1LA1RZ")),
        "v2-circuit": ("version 2 holds the tableau encoding only",
                       lambda d: d["encoding"].update(name="circuit")),
    }
    out = {}
    for case, (why, change) in cases.items():
        doc = _v2_base()
        doc["why_invalid"] = why
        change(doc)
        out[f"malformed/{case}.cert.json"] = dumps(seal(doc))
    return out


def corpus() -> dict[str, str]:
    """Every corpus file: relative path -> text."""
    return {**_valid(), **_invalid(), **_circuit_invalid(), **_malformed(),
            **_circuit_malformed(), **_v2_valid(), **_v2_invalid(),
            **_v2_malformed()}


def main(argv: list[str]) -> int:
    """Write (or with ``--check``, compare) the corpus files."""
    files = corpus()
    stale = []
    for rel, text in files.items():
        path = HERE / rel
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in ("valid", "invalid", "malformed"):
        for path in sorted((HERE / folder).glob("*.json")):
            rel = f"{folder}/{path.name}"
            if rel not in files:
                if "--check" in argv:
                    stale.append(rel)
                else:
                    path.unlink()
    for rel in stale:
        sys.stdout.write(f"stale: {rel}\n")
    sys.stdout.write(f"{len(files)} files, {len(stale)} stale\n")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
