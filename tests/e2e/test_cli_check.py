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


# -- --json: the verdict's parts (issue 14) ---------------------------------

FIELDS = {"verdict", "message", "certificate", "checked", "least_margin", "window",
          "window_index", "expected", "got", "margin", "claimed", "path"}


def _json(arcot_cli, path):
    r = arcot_cli("check", str(path), "--json")
    return r.code, json.loads(r.out)


@pytest.mark.parametrize("path", sorted((PROOFS / "valid").glob("*.json"))[:6],
                         ids=lambda p: p.name)
def test_json_of_a_verified_certificate_counts_with_its_unit(arcot_cli, path):
    code, doc = _json(arcot_cli, path)
    assert code == 0 and set(doc) == FIELDS
    count, _, rest = doc["message"].partition(" windows, ")
    assert doc["checked"] == {"count": int(count), "unit": "windows"}
    assert str(doc["least_margin"]) == rest.rpartition(" ")[2]
    assert doc["window"] is None and doc["path"] is None


@pytest.mark.parametrize("path", sorted((PROOFS / "invalid").glob("*.json")),
                         ids=lambda p: p.name)
def test_json_of_every_rejection_names_its_parts(arcot_cli, path):
    # every line of the corpus reads: a path at fault, and for a window
    # its tokens, the expected token and what the predictor or the
    # certificate gave, as the checker printed them
    code, doc = _json(arcot_cli, path)
    assert code == 1 and set(doc) - {"as_certified"} == FIELDS
    assert doc["path"] is not None and doc["path"].startswith("$."), doc["message"]
    if doc["message"].startswith("window "):
        shown = doc.get("as_certified", doc)
        window = ", ".join("outside" if t is None else t for t in shown["window"])
        assert doc["message"].startswith(
            f"window {doc['window_index']} ({window}): ")
        if shown["expected"] is not None:
            assert f"expected {shown['expected']}" in doc["message"] or (
                f"the local rule gives {shown['expected']}" in doc["message"])
        if doc["margin"] is not None and "margin" in doc["message"]:
            assert str(doc["margin"]) in doc["message"]
    else:
        assert doc["window"] is None


def test_json_of_a_failing_window(arcot_cli):
    code, doc = _json(arcot_cli, PROOFS / "invalid" / "weight-wrong.cert.json")
    assert code == 1
    assert (doc["window"], doc["window_index"], doc["expected"], doc["got"],
            doc["margin"], doc["path"]) == (["#", "(A,0)", "#"], 27, "1", "0", -1,
                                            "$.weights")
    code, doc = _json(arcot_cli, PROOFS / "invalid" / "margin-claim.cert.json")
    assert (doc["margin"], doc["claimed"], doc["path"]) == (
        1, 2, "$.hints.windows[55]")


def test_json_of_a_gate_that_fires_wrongly(arcot_cli):
    code, doc = _json(arcot_cli, PROOFS / "invalid" / "circuit-threshold.cert.json")
    assert code == 1
    # "gate (B,0) fires (sum 1, threshold 1); the local rule gives 0": slack 0
    assert (doc["window"], doc["expected"], doc["got"], doc["margin"]) == (
        [None, "0", None], "0", "(B,0)", 0)


def test_names_are_the_machines_own(arcot_cli):
    # a version 1 certificate holds the machine in standard text (letters and
    # digits) and a renaming back to the names the machine was written with
    path = PROOFS / "invalid" / "palindrome-lstsq-inputs5.cert.json"
    code, doc = _json(arcot_cli, path)
    assert code == 1
    assert doc["as_certified"] == {"window": ["0", "1", "(F,1)"],
                                   "expected": "(F,1)", "got": "1"}
    assert doc["window"] == ["_", "0", "(back,0)"]
    assert (doc["expected"], doc["got"]) == ("(back,0)", "0")
    r = arcot_cli("check", str(path))
    lines = r.out.splitlines()
    assert lines[0].startswith("rejected: window 71 (0, 1, (F,1))")
    assert lines[1] == ("  in the machine's own names: window (_, 0, (back,0)): "
                        "expected (back,0), got 0")


def test_json_of_a_malformed_certificate_has_its_path(arcot_cli):
    code, doc = _json(arcot_cli, PROOFS / "malformed" / "weight-float.cert.json")
    assert code == 2 and doc["path"] == '$.weights["#"].M["#"]'


def test_names_from_the_document_cannot_break_the_output(tmp_path):
    # a renaming's names are the document's: a newline, an escape sequence
    # and a lone surrogate come out escaped, on the verdict's lines only
    from arcot.verify import checker

    doc = json.loads((PROOFS / "invalid" / "palindrome-lstsq-inputs5.cert.json")
                     .read_text())
    doc["renaming"]["states"]["F"] = "ba\nck\ud800\x1b[31m"
    doc["sha256"] = checker.digest(doc)
    path = tmp_path / "evil.cert.json"
    path.write_text(json.dumps(doc))
    r = run_arcot("check", str(path))
    assert r.code == 1 and "Traceback" not in r.err
    lines = r.out.splitlines()
    assert len(lines) == 2
    assert lines[1].endswith("expected (ba\\x0ack\\ud800\\x1b[31m,0), got 0")
    r = run_arcot("check", str(path), "--json")
    assert r.code == 1 and "Traceback" not in r.err
    assert json.loads(r.out)["expected"] == "(ba\\x0ack\\ud800\\x1b[31m,0)"
