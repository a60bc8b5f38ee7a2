"""``arcot universal`` as a user runs it: the same result as ``arcot run``,
computed by the universal machine's one verified linear predictor."""

import json
from pathlib import Path

import pytest

from arcot.machine import run
from arcot.verify import checker
from arcot.zoo import get
from tests.e2e.conftest import assert_one_error_line, run_arcot

PROOFS = Path(__file__).resolve().parents[2] / "proofs"
RUN_KEYS = ("halted", "steps", "nonzero", "state", "head", "tape", "tape_start",
            "reason", "accepted")


@pytest.mark.parametrize(("machine", "word"), [
    ("zoo:bb4", ""), ("1RB1LB_1LA1RZ", ""), ("zoo:increment", "1011"),
    ("zoo:palindrome", "0110"),
])
def test_the_same_result_as_arcot_run(arcot_cli, machine, word):
    want = arcot_cli("run", machine, "--input", word, "--json")
    got = arcot_cli("universal", machine, "--input", word, "--json")
    assert (got.code, want.code) == (0, 0), got.err
    run, universal = json.loads(want.out), json.loads(got.out)
    assert {k: universal[k] for k in RUN_KEYS} == run
    assert universal["verified"].startswith("on all 272541 windows")
    assert universal["cot_tokens"] == universal["utm_steps"] * (
        universal["row_cells"] + 1)


def test_a_budget_used_up_is_exit_3(arcot_cli):
    got = arcot_cli("universal", "1RA1LA", "--max-steps", "7")
    assert got.code == 3
    assert "budget of 7 steps used up" in got.out


def test_the_certificate_it_names_is_the_shipped_one(arcot_cli, tmp_path):
    out = tmp_path / "u.cert.json"
    got = arcot_cli("universal", "zoo:bb2", "--json", "--out", str(out))
    assert got.code == 0, got.err
    shipped = json.loads((PROOFS / "valid" / "utm-pairwise.cert.json").read_text())
    assert json.loads(got.out)["certificate"] == shipped["sha256"]
    assert checker.check(out.read_bytes())[0] == "verified"


def test_weights_from_a_certificate_in_a_fresh_process():
    cert = PROOFS / "valid" / "utm-additive.cert.json"
    r = run_arcot("universal", "zoo:bb3", "--certificate", str(cert), "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    want = run(get("bb3"), max_steps=100)
    assert (out["steps"], out["nonzero"]) == (want.steps, want.nonzero)
    assert out["predictor"] == f"certificate {cert}"


@pytest.mark.parametrize(("args", "message"), [
    (("zoo:bb2", "--utm", "rogozhin-4-6"), "2-tag systems"),
    (("zoo:bb2", "--utm", "nope"), "universal machines"),
    (("zoo:bb2", "--input", "7"), "not a symbol"),
    (("zoo:bb2", "--certificate", str(PROOFS / "valid" / "bb2-pairwise.cert.json")),
     "not a certificate for zoo:utm"),
    (("zoo:bb2", "--certificate", str(PROOFS / "invalid" / "count.cert.json")),
     "trusted checker says rejected"),
    (("zoo:bb2", "--certificate", "/nonexistent.json"), "cannot read"),
    (("zoo:bb2", "--max-steps", "-1"), "max-steps"),
])
def test_bad_input_is_one_error_line(arcot_cli, args, message):
    got = arcot_cli("universal", *args)
    assert_one_error_line(got)
    assert message in got.err


def test_a_rollout_past_the_token_limit_is_one_error_line(arcot_cli, monkeypatch):
    import arcot.universal.run as universal_run

    monkeypatch.setattr(universal_run, "MAX_UNIVERSAL_TOKENS", 100_000)
    got = arcot_cli("universal", "zoo:bb4")
    assert_one_error_line(got, code=3)
    assert "limit of 100000" in got.err and "lower --max-steps" in got.err
