"""Tampering with certificates.

Every single-field change to a valid certificate is rejected or reported
malformed by the trusted checker, never accepted and never a crash; and the
checker and arcot's own re-check (:func:`check_certificate`) give the same
verdict on every changed document, sealed again or not (one suite over both
implementations of the check). Tableau and circuit certificates alike.
"""

import copy
import json

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from arcot.cot import tableau_vocabulary
from arcot.testing import turing_machines
from arcot.verify import checker
from arcot.verify.certificate import (
    check_certificate,
    make_certificate,
    make_circuit_certificate,
    seal,
)
from arcot.zoo import get

CHECKS = {"checker": checker.check, "arcot": check_certificate}


def _paths(node, prefix=()):
    """Every location in a JSON tree: (path to the container, key or index)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix, k
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield prefix, i
            yield from _paths(v, (*prefix, i))


def _at(doc, path):
    for k in path:
        doc = doc[k]
    return doc


def _values(vocab):
    return st.one_of(
        st.integers(-3, 8),
        st.sampled_from([*vocab, "1/2", "2/4", "-1/3", "0", "1", "abc", ""]),
        st.none(),
        st.booleans(),
        st.floats(-3, 3, allow_nan=False),
        st.just([]),
        st.just({}),
        st.lists(st.sampled_from(vocab), max_size=5),
    )


@st.composite
def tampered(draw, docs):
    """A valid certificate with one field changed (replaced, deleted, renamed)."""
    doc = copy.deepcopy(draw(docs))
    enc = doc["encoding"]
    vocab = enc["vocabulary"] if enc["name"] == "tableau" else enc["cells"]
    locations = list(_paths(doc))
    where, key = locations[draw(st.integers(0, len(locations) - 1))]
    parent = _at(doc, where)
    before = json.dumps(doc, sort_keys=True)
    op = draw(st.sampled_from(["replace", "delete", "rename", "insert"]))
    if op == "replace":
        parent[key] = draw(_values(vocab))
    elif op == "delete":
        del parent[key]
    elif op == "rename" and isinstance(parent, dict):
        new = draw(st.sampled_from([*vocab, "x", "L", "M", "LM", "count", "format",
                                    "threshold", "cells"]))
        parent[new] = parent.pop(key)
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from([*vocab, "x", "R", "why_invalid",
                                     "threshold"]))] = draw(_values(vocab))
    else:
        parent.insert(key, draw(_values(vocab)))
    if json.dumps(doc, sort_keys=True) == before:  # not a change after all
        doc["extra"] = 0
    return doc


def _doc(machine, kind):
    return make_certificate(machine, features=kind).to_json()


BASE = st.sampled_from(
    [_doc(get("bb2"), "additive"), _doc(get("bb2"), "pairwise"),
     _doc(get("bb3"), "additive"),
     make_certificate(get("parity"), scope="inputs:2").to_json(),
     make_certificate(get("bb2"), features="pairwise", scope="inputs:1").to_json()]
)
RANDOM = st.builds(
    _doc,
    turing_machines(max_states=2, max_symbols=2, allow_stay=False),
    st.sampled_from(["additive", "pairwise"]),
)
CIRCUIT = st.one_of(
    st.sampled_from([make_circuit_certificate(get(name)).to_json()
                     for name in ("bb2", "bb3", "increment")]),
    st.builds(
        lambda m: make_circuit_certificate(m).to_json(),
        turing_machines(max_states=2, max_symbols=2, allow_stay=False),
    ),
)
DOCS = st.one_of(BASE, RANDOM, CIRCUIT)


@pytest.mark.parametrize("name", list(CHECKS))
@given(doc=tampered(DOCS))
@example(doc={**_doc(get("bb2"), "additive"), "machine": "1RB1LB_1LA0RZ"})
def test_a_changed_certificate_is_never_accepted(name, doc):
    verdict, message = CHECKS[name](doc)
    assert verdict in ("rejected", "malformed"), message


@given(doc=tampered(DOCS), reseal=st.booleans())
@example(doc={**_doc(get("bb2"), "additive"), "machine": "1RB1LB_1LA0RZ"}, reseal=True)
def test_checker_and_arcot_agree_on_changed_certificates(doc, reseal):
    if reseal and isinstance(doc, dict):
        doc = seal(doc)
    assert checker.check(doc)[0] == check_certificate(doc)[0]
    if checker.check(doc)[0] == "verified":
        # a resealed change that still verifies is a true certificate of
        # what it now says (e.g. a changed producer or renaming field)
        assert reseal


@pytest.mark.parametrize("name", list(CHECKS))
def test_a_valid_certificate_is_accepted_by_both(name):
    assert CHECKS[name](_doc(get("bb3"), "pairwise"))[0] == "verified"
    assert CHECKS[name](make_circuit_certificate(get("bb3")).to_json())[0] == (
        "verified"
    )


@pytest.mark.parametrize("name", list(CHECKS))
@given(doc=tampered(CIRCUIT))
def test_a_changed_circuit_certificate_is_never_accepted(name, doc):
    """The circuit documents on their own (they are a third of DOCS)."""
    verdict, message = CHECKS[name](doc)
    assert verdict in ("rejected", "malformed"), message


@given(doc=tampered(CIRCUIT), reseal=st.booleans())
def test_checker_and_arcot_agree_on_changed_circuit_certificates(doc, reseal):
    if reseal and isinstance(doc, dict):
        doc = seal(doc)
    verdict = checker.check(doc)[0]
    event(verdict)
    assert verdict == check_certificate(doc)[0]
    assert verdict != "verified" or reseal


def _honest_document(machine, weights, scope):
    """A certificate document with true hints, whether or not the predictor
    is right (make_certificate refuses wrong ones; this does not)."""
    from arcot.machine import format_tm, parse_tm
    from arcot.verify.certificate import Certificate
    from arcot.verify.document import _with_inputs
    from arcot.verify.exact import decide_windows, scope_windows

    text = format_tm(machine)
    renamed = parse_tm(text)
    inputs = None
    if scope != "windows":
        renamed = _with_inputs(renamed, list(renamed.input_symbols))
        inputs = {"alphabet": list(renamed.input_symbols), "max_steps": 1000}
    windows = scope_windows(renamed, scope, max_steps=1000)
    if not windows:
        return None, renamed
    hints = decide_windows(weights, renamed, windows)
    cert = Certificate(
        machine=text, vocabulary=tableau_vocabulary(renamed).names, weights=weights,
        hints=tuple(hints), count=len(hints), min_margin=min(h.margin for h in hints),
        scope=scope, inputs=inputs,
    )
    return cert.to_json(), renamed


@given(
    turing_machines(max_states=3, max_symbols=2, allow_stay=False, halting=True),
    st.sampled_from(["additive", "pairwise"]),
    st.sampled_from(["windows", "inputs:2"]),
    st.data(),
)
def test_checker_accepts_exactly_the_predictors_verify_exact_accepts(
    machine, kind, scope, data
):
    """Honest certificates of randomly perturbed predictors: the trusted
    checker verifies one iff verify_exact verifies the predictor."""
    from arcot.construct import ExactWeights, tableau_weights
    from arcot.machine import format_tm, parse_tm
    from arcot.verify.exact import verify_exact

    renamed = parse_tm(format_tm(machine))
    weights = tableau_weights(renamed, kind)
    rows = {y: dict(r) for y, r in weights.rows.items()}
    names = list(tableau_vocabulary(renamed).names)
    from arcot.learn.features import window_coords
    from arcot.verify.document import _with_inputs
    from arcot.verify.exact import scope_windows

    scoped = renamed
    if scope != "windows":
        scoped = _with_inputs(renamed, list(renamed.input_symbols))
    seen = scope_windows(scoped, scope, max_steps=1000)
    vocab = tableau_vocabulary(renamed)
    for _ in range(data.draw(st.integers(0, 2)) if seen else 0):
        # perturb a coordinate that fires on a window of the scope
        window = data.draw(st.sampled_from(seen))
        coord = data.draw(st.sampled_from(window_coords(kind, vocab, *window)))
        rows.setdefault(data.draw(st.sampled_from(names)), {})[coord] = (
            data.draw(st.integers(-3, 3))
        )
    weights = ExactWeights(kind=kind, rows=rows)
    doc, scoped = _honest_document(machine, weights, scope)
    if doc is None:
        return  # no window to claim anything about
    expected = verify_exact(weights, scoped, scope=scope, max_steps=1000).verified
    verdict = "verified" if expected else "rejected"
    event(f"{scope}: {verdict}")
    assert checker.check(doc)[0] == verdict
    assert check_certificate(doc)[0] == verdict
