"""The trusted checker: its parser and local rule agree with arcot's, and
every format rule has its test."""

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given

from arcot.cot import HeadCell, local_rule, tableau_vocabulary
from arcot.machine import format_tm, parse_tm
from arcot.testing import turing_machines
from arcot.verify import checker
from arcot.verify.certificate import make_certificate, seal
from arcot.zoo import get

DOC = make_certificate(get("bb2")).to_json()


def changed(change, reseal=True):
    doc = copy.deepcopy(DOC)
    change(doc)
    return seal(doc) if reseal and isinstance(doc, dict) else doc


@given(turing_machines(max_states=4, max_symbols=3, allow_stay=False))
def test_checker_parser_and_rule_agree_with_arcot(machine):
    text = format_tm(machine)
    ours = parse_tm(text)
    states, symbols, rules = checker.parse_machine(text)
    assert states == list(ours.states) and symbols == list(ours.symbols)
    vocab = tableau_vocabulary(ours)
    assert ["#", *symbols, *(f"({q},{a})" for q in states for a in symbols)] == list(
        vocab.names
    )
    for a in vocab.tokens:
        for b in vocab.tokens:
            for c in vocab.tokens:
                if sum(isinstance(t, HeadCell) for t in (a, b, c)) > 1:
                    continue
                want = str(local_rule(ours, a, b, c))
                got = checker.rule(rules, *(checker.token(str(t)) for t in (a, b, c)))
                assert checker.name(got) == want


@pytest.mark.parametrize(
    "text",
    ["", "1RB 1LB", "1RB1LB_1LA", "1RB1LB_1LA1QZ", "1RB1LB_1LA9RZ", "1R",
     "_", "1RB1LB_1LA1RZ_", 5, "a" * 3],
)
def test_parse_machine_refuses_bad_text(text):
    with pytest.raises(checker.Malformed, match=r"^\$\.machine"):
        checker.parse_machine(text)


def test_parse_machine_limits():
    with pytest.raises(checker.Malformed, match="26 states"):
        checker.parse_machine("_".join(["1RA1RA"] * 26))
    with pytest.raises(checker.Malformed, match="11 symbols"):
        checker.parse_machine("1RA" * 11)
    states, _, rules = checker.parse_machine("1RB---_0LA1RY")
    assert states == ["A", "B", "Y"] and ("A", "1") not in rules


@pytest.mark.parametrize(
    ("value", "ok"),
    [(3, True), (-1, True), ("1/2", True), ("-3/4", True), (0, False),
     ("2/4", False), ("4/2", False), ("1/1", False), ("0/3", False), ("01/2", False),
     (True, False), (1.0, False), (None, False), ("3", False), ("1/-2", False)],
)
def test_number_grammar(value, ok):
    if ok:
        expected = (
            Fraction(*map(int, value.split("/"))) if isinstance(value, str) else value
        )
        assert checker.number(value, "$.x") == expected
    else:
        with pytest.raises(checker.Malformed, match=r"^\$\.x"):
            checker.number(value, "$.x")


def test_margins_may_be_zero_in_hints_but_weights_may_not():
    assert checker.number(0, "$.m", nonzero=False) == 0


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("format"), "$.format"),
        (lambda d: d.__setitem__("x", 1), "$.x"),
        (lambda d: d.__setitem__("format", "other"), "$.format"),
        (lambda d: d.__setitem__("version", True), "$.version"),
        (lambda d: d.__setitem__("producer", 3), "$.producer"),
        (lambda d: d.__setitem__("why_invalid", []), "$.why_invalid"),
        (lambda d: d.__setitem__("renaming", "A=a"), "$.renaming"),
        (lambda d: d["encoding"].pop("delimiter"), "$.encoding"),
        (lambda d: d["encoding"].__setitem__("delimiter", "|"), "$.encoding"),
        (lambda d: d["encoding"]["vocabulary"].append("#"), "$.encoding.vocabulary"),
        (lambda d: d.__setitem__("features", "cubic"), "$.features"),
        (lambda d: d.__setitem__("scope", "sample:3"), "$.scope"),
        (lambda d: d.__setitem__("weights", []), "$.weights"),
        (lambda d: d["weights"].__setitem__("?", {"M": {"#": 1}}), '$.weights["?"]'),
        (lambda d: d["weights"].__setitem__("0", {}), '$.weights["0"]'),
        (lambda d: d["weights"]["0"].__setitem__("M", {}), '$.weights["0"].M'),
        (lambda d: d["weights"]["0"].update(R={"?": 1}), '$.weights["0"].R["?"]'),
        (lambda d: d.__setitem__("hints", []), "$.hints"),
        (lambda d: d["hints"].__setitem__("count", "225"), "$.hints.count"),
        (lambda d: d["hints"].__setitem__("min_margin", 1.0), "$.hints.min_margin"),
        (lambda d: d["hints"].__setitem__("windows", {}), "$.hints.windows"),
        (lambda d: d["hints"]["windows"][2].__setitem__(0, "?"), "$.hints.windows[2]"),
    ],
)
def test_each_format_rule_names_its_path(change, path):
    verdict, message = checker.check(changed(change))
    assert verdict == "malformed"
    assert message.startswith(path + ":"), message


def test_sha256_format():
    verdict, message = checker.check(changed(lambda d: d.update(sha256="AB"), False))
    assert (verdict, message.split(":")[0]) == ("malformed", "$.sha256")


def test_json_text_rules():
    text = json.dumps(DOC)
    assert checker.check(text)[0] == "verified"
    assert checker.check(text.encode())[0] == "verified"
    assert checker.check(text[:-1])[0] == "malformed"
    assert checker.check('{"a": 1, "a": 2}') == (
        "malformed", "$: not JSON: duplicate key 'a'"
    )
    assert checker.check('{"a": Infinity}')[0] == "malformed"
    assert checker.check("[" * 100_000)[0] == "malformed"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(machine="1RB1LB_1LA0RZ"), "expected 0 by the local"),
        (lambda d: d["hints"]["windows"].pop(), "the hints list 224"),
        (lambda d: d["hints"].__setitem__("count", 9), "claim 9"),
        (lambda d: d["hints"]["windows"][0].__setitem__(4, 4), "margin is 5"),
        (lambda d: d["hints"]["windows"][0].__setitem__(2, "0"), "the hint is for"),
        (lambda d: d["hints"].__setitem__("min_margin", "1/2"), "least margin is 1"),
        (lambda d: d["weights"]["0"]["M"].__setitem__("(A,0)", 9), "predictor gives 0"),
    ],
)
def test_each_false_claim_is_rejected_with_the_window(change, words):
    verdict, message = checker.check(changed(change))
    assert verdict == "rejected"
    assert words in message


def test_digest_covers_everything():
    verdict, message = checker.check(changed(lambda d: d.update(producer="x"), False))
    assert verdict == "rejected" and message.startswith("sha256:")
    assert checker.digest(DOC) == DOC["sha256"]


def test_main_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(DOC))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(changed(lambda d: d.update(machine="1RB1LB_1LA0RZ"))))
    assert checker.main([str(good)]) == 0
    assert checker.main([str(bad)]) == 1
    assert checker.main([str(tmp_path / "missing.json")]) == 2
    assert checker.main([]) == 2
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith("verified: 225 windows")
    assert out.out.splitlines()[1].startswith("rejected: window")
    assert out.out.splitlines()[2].startswith("malformed: $: cannot read")
    assert out.err.startswith("usage:")


INPUTS_DOC = make_certificate(get("parity"), scope="inputs:2").to_json()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("inputs"), "$.inputs"),
        (lambda d: d.update(scope="windows"), "$.inputs"),
        (lambda d: d.update(scope="inputs:-1"), "$.scope"),
        (lambda d: d.update(scope="inputs:20"), "$.scope"),
        (lambda d: d.update(inputs=[]), "$.inputs"),
        (lambda d: d["inputs"].update(alphabet="12"), "$.inputs.alphabet"),
        (lambda d: d["inputs"].update(alphabet=["1", "1"]), "$.inputs.alphabet"),
        (lambda d: d["inputs"].update(max_steps=-1), "$.inputs.max_steps"),
        (lambda d: d["inputs"].update(max_steps=True), "$.inputs.max_steps"),
        (lambda d: d.update(scope="inputs:100001"), "$.scope"),
        (lambda d: d.update(scope="inputs:" + "9" * 5000), "$.scope"),
        (lambda d: d["inputs"].update(alphabet=[["1"]]), "$.inputs.alphabet"),
        # the padded shape of the old format: every input has its own now
        (lambda d: d["hints"].update(tableau={"left": 0, "width": 3, "steps": 3}),
         "$.hints"),
    ],
)
def test_inputs_scope_format_rules(change, path):
    doc = copy.deepcopy(INPUTS_DOC)
    change(doc)
    verdict, message = checker.check(seal(doc))
    assert verdict == "malformed"
    assert message.startswith(path + ":"), message


def test_inputs_scope_claims():
    assert checker.check(INPUTS_DOC)[0] == "verified"
    doc = copy.deepcopy(INPUTS_DOC)
    doc["inputs"]["max_steps"] = 2
    assert checker.check(seal(doc)) == (
        "rejected", "the run on input '11' does not stop within max_steps = 2"
    )
    doc = copy.deepcopy(INPUTS_DOC)
    doc["scope"] = "inputs:1"  # fewer inputs: fewer windows than the hints list
    assert checker.check(seal(doc))[1].startswith("the scope has 15 windows")


def test_checker_windows_of_inputs_agree_with_arcot():
    """The checker's own stepper + local rule give arcot's simulator windows."""
    from arcot.verify.exact import scope_windows

    for name in ("increment", "palindrome", "0n1n", "bb3", "unary-add"):
        machine = get(name)
        doc = make_certificate(machine, scope="inputs:3").to_json()
        parts = checker.parse(doc)
        vocab = parts["vocab"]
        tokens = [checker.token(t) for t in vocab]
        ours = checker.run_windows(parts, vocab, tokens)
        from arcot.verify.document import _with_inputs

        renamed = _with_inputs(parse_tm(doc["machine"]), doc["inputs"]["alphabet"])
        assert ours == scope_windows(renamed, "inputs:3"), name


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(scope="inputs:99999"), "inputs to check"),
        (lambda d: d.update(scope="inputs:16"), "inputs to check"),
        (lambda d: d.update(scope="inputs:99999999999999"), "0..100000"),
        # one letter: few inputs, but 10^5 inputs of up to 10^5 cells each
        (lambda d: d.update(scope="inputs:100000") or d["inputs"].update(
            alphabet=["1"]), "cells"),
    ],
)
def test_the_checker_keeps_to_its_budget(change, words):
    """Adversarial sizes are refused up front, never run."""
    from arcot.verify.certificate import check_certificate

    doc = copy.deepcopy(INPUTS_DOC)
    change(doc)
    for check in (checker.check, check_certificate):
        verdict, message = check(seal(doc))
        assert verdict == "malformed" and words in message


def test_runs_past_the_budget_are_malformed_on_both_checks():
    """The runs' steps count against the budget as they are taken: a run
    within max_steps but past the budget stops the check (malformed), a run
    past max_steps within the budget is a false claim (rejected)."""
    from arcot.verify.certificate import check_certificate

    doc = make_certificate(parse_tm("---1RA"), scope="inputs:10").to_json()
    doc["inputs"]["alphabet"] = ["1"]
    doc["inputs"]["max_steps"] = checker.MAX_STEPS
    doc["scope"] = "inputs:998"  # sum of (length + 1) + steps: 999000
    for check in (checker.check, check_certificate):
        assert check(seal(doc))[0] == "verified"  # inputs 1^k all show 15 windows
    doc["scope"] = "inputs:1000"  # 501501 cells + 500500 steps > 10^6
    for check in (checker.check, check_certificate):
        verdict, message = check(seal(doc))
        assert verdict == "malformed" and "budget" in message, message
    doc["scope"], doc["inputs"]["max_steps"] = "inputs:1000", 10
    for check in (checker.check, check_certificate):  # max_steps comes first
        assert check(seal(doc))[0] == "rejected"


def test_count_words():
    assert [checker.count_words(a, 3)[0] for a in (0, 1, 2, 3)] == [1, 4, 15, 40]
    assert [checker.count_words(a, 3)[1] for a in (0, 1, 2)] == [1, 10, 49]
    assert checker.count_words(0, 10**12) == (1, 1)  # the empty word alone
    assert checker.count_words(2, 10**12)[0] > checker.MAX_INPUTS


def _fitted_certificate(learner, features):
    """certify's certificate of a fitted predictor, its weights still the
    fitted arrays (arcot counts the budget from them)."""
    from arcot.pipeline import certify

    r = certify(get("bb3"), learner=learner, features=features)
    assert r.verified and r.certificate is not None
    assert r.certificate.weights.float_columns is not None
    return r.certificate


@pytest.mark.parametrize(
    "make",
    [lambda: make_certificate(get("bb3"), features="pairwise"),
     lambda: make_certificate(get("parity"), scope="inputs:3"),
     lambda: __import__("arcot.verify.certificate", fromlist=["x"])
     .make_circuit_certificate(get("bb3")),
     lambda: _fitted_certificate("lstsq", "pairwise"),
     lambda: _fitted_certificate("perceptron", "additive")],
    ids=["windows", "inputs", "circuit", "fitted-pairwise", "fitted-additive"],
)
def test_the_weight_terms_budget_is_one_count_on_both_checks(monkeypatch, make):
    """Scoring every window adds a known number of weights; at the budget a
    document checks, one past it both checks call it malformed."""
    from arcot.verify import document as cert_module
    from arcot.verify.certificate import check_certificate

    doc = make().to_json()
    for limit in (10**9, 0):
        monkeypatch.setattr(checker, "MAX_TERMS", limit)
        monkeypatch.setattr(cert_module, "MAX_TERMS", limit)
        if limit:
            assert checker.check(doc)[0] == check_certificate(doc)[0] == "verified"
            continue
        verdict, message = checker.check(doc)
        assert verdict == "malformed" and "weights" in message
        terms = int(message.split("adds ")[1].split()[0])
    monkeypatch.setattr(checker, "MAX_TERMS", terms)
    monkeypatch.setattr(cert_module, "MAX_TERMS", terms)
    assert checker.check(doc)[0] == check_certificate(doc)[0] == "verified"
    monkeypatch.setattr(checker, "MAX_TERMS", terms - 1)
    monkeypatch.setattr(cert_module, "MAX_TERMS", terms - 1)
    assert checker.check(doc)[0] == check_certificate(doc)[0] == "malformed"


def test_names_in_messages_are_quoted_and_the_verdict_is_one_line(tmp_path, capsys):
    doc = copy.deepcopy(DOC)
    doc["x\nverified: 225 windows\n\ud800"] = 1
    verdict, message = checker.check(doc)
    assert verdict == "malformed" and "\n" not in message
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc))
    assert checker.main([str(path)]) == 2
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("malformed: $[")


def test_the_two_checks_state_one_budget():
    """arcot's re-check mirrors the trusted checker's budget, constant by
    constant (the checker imports nothing, so each states its own)."""
    from arcot.verify import document

    for name in ("MAX_INPUTS", "MAX_STEPS", "MAX_WORK", "MAX_DIGITS", "MAX_DEPTH",
                 "MAX_TERMS"):
        assert getattr(document, name) == getattr(checker, name), name


# -- one common denominator --------------------------------------------


def test_weights_are_summed_over_one_common_denominator():
    scaled, scale = checker.common_denominator({"1/4", 3, "-5/6"})
    assert scale == 12
    assert scaled == {"1/4": 3, 3: 36, "-5/6": -10}
    assert checker.common_denominator({2})[1] == 1


def _with_tiny_weights(q1, q2):
    from arcot.construct import ExactWeights, tableau_weights
    from arcot.learn.features import Coord

    rows = {y: dict(r) for y, r in tableau_weights(get("bb2")).rows.items()}
    # on two coordinates no window reads together: each margin keeps one of them
    rows["0"][Coord("L", ("0",))] = Fraction(1, q1)
    rows["1"][Coord("L", ("1",))] = Fraction(1, q2)
    return make_certificate(get("bb2"), ExactWeights(kind="additive", rows=rows))


def test_a_common_denominator_too_long_keeps_the_fractions():
    cert = _with_tiny_weights(2**2000, 3**1300)  # coprime, 603 and 621 digits
    values = checker.parse(checker.load(cert.to_text()))["read"]
    assert checker.common_denominator(values)[1] == 1  # 1224 digits: not scaled
    assert checker.check(cert.to_text())[0] == checker.VERIFIED
    small = _with_tiny_weights(2**20, 3**13)
    values = checker.parse(checker.load(small.to_text()))["read"]
    assert checker.common_denominator(values)[1] == 2**20 * 3**13
    verdict, message = checker.check(small.to_text())
    assert verdict == checker.VERIFIED and message.startswith("225 windows")


def test_a_wrong_fractional_margin_is_named_in_lowest_terms():
    doc = _with_tiny_weights(2**20, 3**13).to_json()
    hint = next(h for h in doc["hints"]["windows"] if "/" in str(h[4]))
    right = Fraction(hint[4])
    hint[4] = str(right + 1)
    verdict, message = checker.check(seal(doc))
    assert verdict == checker.REJECTED
    assert f"the margin is {right}, the certificate claims {right + 1}" in message


def test_the_lone_checker_answers_help_and_refuses_old_pythons(capsys, monkeypatch):
    # Regression: --help was read as a certificate's file name ("malformed").
    assert checker.main(["--help"]) == 0
    assert "usage: python -m arcot.verify.checker CERT" in capsys.readouterr().out
    monkeypatch.setattr(checker.sys, "version_info", (3, 10, 0))
    assert checker.main(["proofs/valid/bb2-additive.cert.json"]) == 2
    assert "needs Python 3.11 or later" in capsys.readouterr().err


def test_a_fault_in_the_weights_is_named_at_its_own_entry():
    """Weights are validated an innermost object at a time; the first fault
    in document order is reported, at the path of its entry."""
    doc = make_certificate(get("bb2"), features="pairwise").to_json()
    row = doc["weights"]["1"]["M"]
    keys = list(row)
    row[keys[2]] = "2/4"  # not in lowest terms
    row[keys[3]] = 0  # later: not the first fault
    verdict, message = checker.check(doc)
    assert verdict == "malformed"
    assert message.startswith(f'$.weights["1"].M["{keys[2]}"]: '), message
    doc = make_certificate(get("bb2"), features="pairwise").to_json()
    doc["weights"]["0"]["LM"]["(A,0)"]["x"] = 1
    verdict, message = checker.check(doc)
    assert (verdict, message) == ("malformed", '$.weights["0"].LM["(A,0)"]["x"]: '
                                  "names a token outside the vocabulary")
