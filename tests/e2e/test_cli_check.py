"""``arcot check CERT``: 0 verified, 1 rejected, 2 malformed or unreadable."""

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_one_error_line, run_arcot

PROOFS = Path(__file__).resolve().parents[2] / "proofs"


def test_valid_certificate_exit_0(arcot_cli):
    r = arcot_cli("check", str(PROOFS / "valid" / "bb2-additive.cert.json"))
    assert r.code == 0, r.err
    assert r.out == "verified: 225 windows, least margin 1\n"
    assert r.err == ""


def test_rejected_certificate_exit_1_names_the_window(arcot_cli):
    r = arcot_cli("check", str(PROOFS / "invalid" / "machine-changed-write.cert.json"))
    assert r.code == 1
    assert r.out.startswith("rejected: window 36 (#, (B,1), #): expected 0")
    assert r.err == ""


def test_malformed_certificate_exit_2_with_path(arcot_cli):
    r = arcot_cli("check", str(PROOFS / "malformed" / "weight-float.cert.json"))
    assert_one_error_line(r)
    assert r.err.startswith('error: malformed certificate: $.weights["#"].M["#"]')
    assert r.out == ""


def test_json_output(arcot_cli):
    path = str(PROOFS / "malformed" / "version.cert.json")
    r = arcot_cli("check", path, "--json")
    assert r.code == 2
    doc = json.loads(r.out)
    assert doc["verdict"] == "malformed" and doc["message"].startswith("$.version")
    assert doc["certificate"] == path
    r = arcot_cli("check", str(PROOFS / "valid" / "bb3-pairwise.cert.json"), "--json")
    assert r.code == 0 and json.loads(r.out)["verdict"] == "verified"


def test_missing_file_exit_2(arcot_cli, tmp_path):
    r = arcot_cli("check", str(tmp_path / "nope.json"))
    assert_one_error_line(r)
    assert "cannot read certificate" in r.err


def test_directory_is_not_a_certificate(arcot_cli, tmp_path):
    assert_one_error_line(arcot_cli("check", str(tmp_path)))


def test_no_argument_exit_2(arcot_cli):
    assert_one_error_line(arcot_cli("check"))


def test_binary_garbage_is_malformed(arcot_cli, tmp_path):
    p = tmp_path / "x.json"
    p.write_bytes(b"\xff\xfe\x00garbage")
    r = arcot_cli("check", str(p))
    assert_one_error_line(r)
    assert r.err.startswith("error: malformed certificate: $: not JSON")


@pytest.mark.parametrize(
    ("folder", "code"), [("valid", 0), ("invalid", 1), ("malformed", 2)]
)
def test_as_a_user_runs_it(folder, code):
    path = sorted((PROOFS / folder).glob("*.json"))[0]
    r = run_arcot("check", str(path), timeout=120)
    assert r.code == code, r.out + r.err
    assert "Traceback" not in r.err


def test_sha256_is_a_checksum_anyone_can_recompute(arcot_cli, tmp_path):
    """What the help and the docs say: sha256 catches an accidental change,
    and anyone can reseal an edited file (it is not tamper evidence)."""
    from arcot.verify import checker

    doc = json.loads((PROOFS / "valid" / "bb2-additive.cert.json").read_text())
    doc["producer"] = "someone else"
    edited = tmp_path / "edited.cert.json"
    edited.write_text(json.dumps(doc))
    r = arcot_cli("check", str(edited))
    assert r.code == 1 and r.out.startswith("rejected: sha256")
    doc["sha256"] = checker.digest(doc)  # resealed: the checksum matches again
    edited.write_text(json.dumps(doc))
    r = arcot_cli("check", str(edited))
    assert r.code == 0 and r.out.startswith("verified")
    r = run_arcot("check", "--help")
    assert r.code == 0
    text = " ".join(r.out.split())
    assert ("sha256 is a checksum of its canonical JSON that anyone can recompute: "
            "it detects accidental change, it is not tamper evidence") in text
