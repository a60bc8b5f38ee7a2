"""--alphabet: which words a command's inputs are (issue 14: every non-blank
symbol was an input symbol, work symbols included, with no word said)."""

import json

MACHINE = "1RZ2RZ1RZ"  # standard text names no input alphabet; halts in a step


def test_an_inferred_alphabet_is_said_when_inputs_are_enumerated(arcot_cli):
    r = arcot_cli("certify", "zoo:bb2", "--scope", "inputs:1", "--json")
    assert r.code == 0 and "note:" not in r.err  # one inferred symbol: no choice
    r = arcot_cli("certify", MACHINE, "--scope", "inputs:1", "--json")
    assert r.code == 0, r.err
    assert "note: the inputs are words over every non-blank symbol (1, 2)" in r.err
    r = arcot_cli("certify", MACHINE, "--json")  # windows: no inputs enumerated
    assert "note:" not in r.err


def test_the_alphabet_given_is_the_inputs_checked(arcot_cli):
    wide = json.loads(arcot_cli("certify", "zoo:increment", "--scope", "inputs:2",
                                "--json").out)
    narrow = arcot_cli("certify", "zoo:increment", "--scope", "inputs:2",
                       "--alphabet", "1", "--json")
    assert narrow.code == 0 and "note:" not in narrow.err
    assert (wide["checked"], json.loads(narrow.out)["checked"]) == (7, 3)


def test_a_bad_alphabet_is_one_error_line(arcot_cli):
    for text, words in (("9", "'9' is not a symbol of the machine"),
                        ("0", "the blank '0' is not an input symbol"),
                        ("11", "names a symbol twice")):
        r = arcot_cli("certify", "zoo:bb2", "--scope", "inputs:1", "--alphabet", text)
        assert r.code == 2 and r.err.startswith("error: ") and words in r.err
    r = arcot_cli("length", "--function", "parity", "--scheme", "threshold-log",
                  "--n-max", "2", "--alphabet", "1")
    assert r.code == 2 and "apply to machines only" in r.err


def test_a_tableau_too_large_to_write_out_is_refused_up_front(arcot_cli):
    # Regression: BB(2,4)'s 3,932,964-step tableau (8 billion tokens) was
    # built until memory ran out.
    # --max-tokens refuses it from the one run, before any data is built;
    # past a raised --max-tokens the tableau encoder's own cap still holds.
    args = ("certify", "1RB2LA1RA1RA_1LB1LA3RB1RZ", "--scope", "inputs:0",
            "--max-steps", "10000000")
    r = arcot_cli(*args)
    assert r.code == 3 and "error: --scope inputs:0: 1 input, 8.07e9" in r.err
    assert "more than --max-tokens 67108864" in r.err
    r = arcot_cli(*args, "--max-tokens", str(1 << 62))
    assert r.code == 3 and "error: the tableau of input ''" in r.err
    assert "more than the 134217728 (2**27)" in r.err
