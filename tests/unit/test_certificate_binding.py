"""A certificate is about the predictor that was verified (issue 7, item 1).

The standard text drops a halt state no transition enters; a weight that
names such a state's heads must never be dropped silently, and the
renaming a certificate records is checked as a bijection onto its machine.
"""

import copy

import pytest

from arcot.construct import ExactWeights, tableau_weights
from arcot.errors import CertificateError
from arcot.learn.features import Coord
from arcot.machine import TuringMachine
from arcot.verify import checker
from arcot.verify.certificate import check_certificate, make_certificate, seal
from arcot.verify.exact import verify_exact
from arcot.zoo import get


def bb2_with_unreachable_halt() -> TuringMachine:
    """zoo:bb2 and a halt state H that no transition enters."""
    m = get("bb2")
    return TuringMachine(
        states=(*m.states, "H"), symbols=m.symbols, start=m.start,
        transitions=dict(m.transitions), halt_states=(*m.halt_states, "H"),
        blank=m.blank, input_symbols=m.input_symbols,
    )


def with_row(weights: ExactWeights, token: str, row: dict[Coord, int]
             ) -> ExactWeights:
    rows = {y: dict(r) for y, r in weights.rows.items()}
    rows.setdefault(token, {}).update(row)
    return ExactWeights(kind=weights.kind, rows=rows)


def test_a_row_for_a_dropped_head_is_refused_not_dropped():
    """The reproduction of issue 7: windows whose middle is # predict (H,0)."""
    m = bb2_with_unreachable_halt()
    bad = with_row(tableau_weights(get("bb2"), "additive"), "(H,0)",
                   {Coord("M", ("#",)): 100})
    assert not verify_exact(bad, m).verified
    with pytest.raises(CertificateError, match=r"change the margin on window "
                       r"\(#, #, #\) from -95 to 5"):
        make_certificate(m, bad)


def test_the_constructed_predictor_of_the_users_machine_is_certified():
    """Built for the machine with H, it has rows for H's heads (they stay);
    they score 0 on every window of a run, so no margin changes: they are
    dropped, and the certificate lists them."""
    m = bb2_with_unreachable_halt()
    w = tableau_weights(m, "additive")
    assert verify_exact(w, m).verified
    cert = make_certificate(m, w)
    assert cert.renaming["dropped"]["coordinates"]
    assert all("(H," in "".join(c) for c in cert.renaming["dropped"]["coordinates"])
    assert checker.check(cert.to_json())[0] == "verified"


def test_weights_on_dropped_heads_are_dropped_and_recorded():
    """Coordinates naming (H, a) fire on no window of any run: they go, and
    the certificate says so."""
    m = bb2_with_unreachable_halt()
    base = tableau_weights(get("bb2"), "additive")
    extra = with_row(base, "1", {Coord("L", ("(H,0)",)): 7})
    cert = make_certificate(m, extra)
    dropped = cert.renaming["dropped"]
    assert dropped == {"states": ["H"], "coordinates": [["1", "L", "(H,0)"]]}
    doc = cert.to_json()
    assert checker.check(doc)[0] == "verified"
    assert check_certificate(doc)[0] == "verified"


def test_the_dropped_halt_state_is_recorded_even_without_weights_on_it():
    cert = make_certificate(bb2_with_unreachable_halt())
    assert cert.renaming["dropped"] == {"states": ["H"], "coordinates": []}
    assert checker.check(cert.to_json())[0] == "verified"


def test_a_token_outside_the_vocabulary_is_refused():
    bad = with_row(tableau_weights(get("bb2"), "additive"), "(Q,0)",
                   {Coord("M", ("#",)): 1})
    with pytest.raises(CertificateError, match="not a token"):
        make_certificate(get("bb2"), bad)
    odd = with_row(tableau_weights(get("bb2"), "additive"), "1",
                   {Coord("M", ("7",)): 1})
    with pytest.raises(CertificateError, match="'7', which is not a token"):
        make_certificate(get("bb2"), odd)


def test_two_states_with_one_name_are_refused():
    m = TuringMachine(
        states=(1, "1", "H"), symbols=("0", "1"), start=1,
        transitions={(1, "0"): ("1", "R", "1"), ("1", "0"): ("1", "L", "H")},
        halt_states=("H",), blank="0",
    )
    with pytest.raises(CertificateError, match="two states are both named '1'"):
        make_certificate(m)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r["states"].pop("Z"), "renaming.states names"),
        (lambda r: r["states"].update(Y="extra"), "renaming.states names"),
        (lambda r: r["symbols"].update({"1": r["symbols"]["0"]}), "one name"),
        (lambda r: r.update(dropped={"states": ["A"], "coordinates": []}),
         "names a state the machine keeps"),
    ],
)
def test_the_renaming_must_be_a_bijection_onto_the_machine(change, words):
    doc = make_certificate(get("bb2")).to_json()
    doc = copy.deepcopy(doc)
    change(doc["renaming"])
    for check in (checker.check, check_certificate):
        verdict, message = check(seal(doc))
        assert verdict == "rejected" and words in message, message


@pytest.mark.parametrize(
    "renaming",
    [[], {"states": {}}, {"states": {"A": 1}, "symbols": {}},
     {"states": {}, "symbols": {}, "other": 1},
     {"states": {}, "symbols": {}, "dropped": {"states": ["H", "H"],
                                               "coordinates": []}},
     {"states": {}, "symbols": {}, "dropped": {"states": [],
                                               "coordinates": [["1", "L"]]}}],
)
def test_a_renaming_of_the_wrong_shape_is_malformed(renaming):
    doc = make_certificate(get("bb2")).to_json()
    doc["renaming"] = renaming
    for check in (checker.check, check_certificate):
        verdict, message = check(seal(doc))
        assert verdict == "malformed" and message.startswith("$.renaming"), message


def test_circuit_certificates_check_their_renaming_too():
    from arcot.verify.certificate import make_circuit_certificate

    doc = make_circuit_certificate(get("bb2")).to_json()
    doc["renaming"]["states"].pop("A")
    for check in (checker.check, check_certificate):
        assert check(seal(doc))[0] == "rejected"
