"""``arcot certify`` as a user runs it: the claims of theory.md, both ways."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from arcot.cli import main
from arcot.machine import TuringMachine, save_machine

KEYS = {
    "verified",
    "scope",
    "encoding",
    "learner",
    "features",
    "checked",
    "unit",
    "tableau",
    "min_margin",
    "counterexample",
    "certificate",
}


def certify(capsys, *argv):
    code = main(["certify", *argv, "--json"])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else None), captured.err


def _margin(text):
    return Fraction(text)


def test_lstsq_on_additive_features_is_refuted_for_bb4(capsys):
    """theory.md fact 2: least squares is not exact on additive features."""
    code, out, _ = certify(
        capsys, "zoo:bb4", "--learner", "lstsq", "--features", "additive"
    )
    assert code == 1
    assert set(out) == KEYS
    assert out["verified"] is False
    cx = out["counterexample"]
    assert cx is not None
    assert cx["expected"] != cx["got"]
    assert _margin(cx["margin"]) <= 0
    assert _margin(out["min_margin"]) <= 0
    # the blank-tape run of BB(4) itself goes wrong
    assert cx["input"] == ""
    assert cx["step"] >= 1


def test_lstsq_pairwise_on_configurations_is_verified(capsys):
    """theory.md fact 3: pairwise least squares is exact."""
    code, out, _ = certify(
        capsys,
        "zoo:bb4",
        "--learner",
        "lstsq",
        "--features",
        "pairwise",
        "--train",
        "configurations:2000",
    )
    assert code == 0
    assert out["verified"] is True
    assert out["counterexample"] is None
    assert out["checked"] > 0
    assert _margin(out["min_margin"]) > 0


def test_perceptron_additive_with_covering_data_is_verified(capsys):
    """theory.md fact 1: the additive class is separable; ERM finds it."""
    code, out, _ = certify(
        capsys,
        "zoo:bb4",
        "--learner",
        "perceptron",
        "--features",
        "additive",
        "--train",
        "configurations:2000",
    )
    assert code == 0
    assert out["verified"] is True
    assert _margin(out["min_margin"]) >= 1


@pytest.mark.parametrize("features", ["additive", "pairwise"])
@pytest.mark.parametrize("machine", ["zoo:bb3", "zoo:increment", "zoo:palindrome"])
def test_constructed_predictor_is_verified(capsys, machine, features):
    code, out, _ = certify(
        capsys, machine, "--learner", "construct", "--features", features
    )
    assert code == 0
    assert out["verified"] is True
    assert out["learner"] == "construct"
    assert _margin(out["min_margin"]) == 1


def test_inputs_scope_is_checked_by_rollout(capsys):
    code, out, _ = certify(capsys, "zoo:increment", "--scope", "inputs:3")
    assert code == 0
    assert out["scope"] == "inputs:3"
    assert out["checked"] == 1 + 2 + 4 + 8


def test_refuted_inputs_scope_names_the_input(capsys):
    code, out, _ = certify(
        capsys, "zoo:bb4", "--features", "additive", "--scope", "inputs:0"
    )
    assert code == 1
    assert out["counterexample"]["input"] == ""


def test_sample_scope(capsys):
    code, out, _ = certify(capsys, "zoo:parity", "--scope", "sample:5")
    assert code == 0
    assert out["checked"] == 5


SAMPLE_KEYS = KEYS | {"failures", "error_rate", "error_bound", "confidence"}


def test_sample_scope_is_a_statistic_not_a_verification(capsys):
    """A sample reports its error rate and bound, never "verified"."""
    from arcot.verify.exact import clopper_pearson_upper

    code, out, _ = certify(capsys, "zoo:parity", "--scope", "sample:200")
    assert code == 0
    assert set(out) == SAMPLE_KEYS
    assert out["verified"] is None
    assert (out["failures"], out["error_rate"], out["confidence"]) == (0, 0, 0.95)
    assert out["error_bound"] == clopper_pearson_upper(0, 200)
    assert main(["certify", "zoo:parity", "--scope", "sample:200"]) == 0
    text = capsys.readouterr().out
    assert "verified" not in text.lower()
    assert ("sample: 0 of 200 random inputs wrong; error rate 0, 95% upper bound "
            "1.49% (one-sided Clopper-Pearson)") in text


def test_sample_scope_with_failures_exits_1_with_the_rate(capsys):
    from fractions import Fraction

    from arcot.verify.exact import clopper_pearson_upper

    args = ["zoo:bb4", "--features", "additive", "--scope", "sample:40"]
    code, out, _ = certify(capsys, *args)
    assert code == 1
    assert out["verified"] is None and out["counterexample"] is not None
    f, k = out["failures"], out["checked"]
    assert k == 40 and 0 < f <= k
    assert Fraction(out["error_rate"]) == Fraction(f, k)
    assert out["error_bound"] == clopper_pearson_upper(f, k)
    assert main(["certify", *args]) == 1
    text = capsys.readouterr().out
    assert "verified" not in text.lower()
    assert f"sample: {f} of 40 random inputs wrong; error rate {f}/40 = " in text


def test_training_on_inputs(capsys):
    code, _, _ = certify(
        capsys, "zoo:increment", "--train", "inputs:3", "--scope", "inputs:3"
    )
    assert code == 0


def test_out_writes_a_certificate_the_checker_accepts(capsys, tmp_path):
    path = tmp_path / "bb3.cert.json"
    code, out, _ = certify(capsys, "zoo:bb3", "--learner", "lstsq", "--out", str(path))
    assert code == 0
    assert out["certificate"] == str(path)
    doc = json.loads(path.read_text())
    assert doc["machine"] == "1RB1RZ_1LB0RC_1LC1LA"
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("verified")


def test_refuted_predictor_writes_no_certificate(capsys, tmp_path):
    path = tmp_path / "no.json"
    code, out, _ = certify(
        capsys, "zoo:bb4", "--features", "additive", "--out", str(path)
    )
    assert code == 1
    assert out["certificate"] is None
    assert not path.exists()


def test_readable_output(capsys):
    assert main(["certify", "zoo:bb2"]) == 0
    text = capsys.readouterr().out
    assert "verified  True" in text
    assert "fitted lstsq on configurations:" in text


def test_as_a_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "certify", "zoo:bb2", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verified"] is True


# -- bad input: one error line, exit 2 --------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["zoo:nope"], "no zoo machine named 'nope'"),
        (["1RB"], "error:"),
        (["zoo:bb2", "--learner", "svm"], "--learner"),
        (["zoo:bb2", "--encoding", "steplog"], "--encoding"),
        (["zoo:bb2", "--features", "cubic"], "--features"),
        (["zoo:bb2", "--train", "windows:3"], "'windows'"),
        (["zoo:bb2", "--train", "inputs"], "KIND:N"),
        (["zoo:bb2", "--train", "sample:x"], "'x'"),
        (["zoo:bb2", "--train", "configurations:0"], "K must be an integer from 1"),
        (["zoo:bb2", "--scope", "everything"], "'everything'"),
        (["zoo:bb2", "--scope", "inputs:x"], "'x'"),
        (["zoo:bb2", "--scope", "sample:2", "--out", "x.json"], "--scope"),
        (
            [
                "zoo:bb2",
                "--encoding",
                "circuit",
                "--scope",
                "inputs:0",
                "--out",
                "x.json",
            ],
            "--encoding",
        ),
        (["zoo:bb2", "--learner", "construct", "--train", "inputs:1"], "--train"),
        (["zoo:bb2", "--max-steps", "-1"], "--max-steps"),
        (["zoo:bb2", "--seed", "x"], "--seed"),
        (["zoo:bb2", "--encoding", "circuit", "--learner", "perceptron"], "inputs:N"),
        (
            [
                "zoo:bb2",
                "--encoding",
                "circuit",
                "--scope",
                "inputs:0",
                "--features",
                "pairwise",
            ],
            "full context",
        ),
        (
            [
                "zoo:bb2",
                "--encoding",
                "circuit",
                "--scope",
                "inputs:0",
                "--learner",
                "lstsq",
            ],
            "least squares",
        ),
        (
            [
                "zoo:bb2",
                "--encoding",
                "circuit",
                "--scope",
                "inputs:2",
                "--learner",
                "perceptron",
                "--train",
                "inputs:1",
            ],
            "inputs:2",
        ),
    ],
)
def test_bad_input_is_one_error_line(capsys, argv, needle):
    code = main(["certify", *argv])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error:")
    assert needle in lines[0]


def test_unwritable_out_is_bad_input(capsys, tmp_path):
    code = main(["certify", "zoo:bb2", "--out", str(tmp_path / "no" / "dir.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: cannot write certificate")


def _stay_machine(path, state="A"):
    save_machine(
        TuringMachine(
            states=[state, "Z"],
            symbols=["0", "1"],
            start=state,
            halt_states=["Z"],
            transitions={(state, "0"): ("1", "N", state),
                         (state, "1"): ("0", "R", "Z")},
        ),
        path,
    )


def test_certificate_of_a_stay_move_machine_is_version_2(capsys, tmp_path):
    """A stay move has no standard text: the certificate is format version 2
    (issue 9), and both checkers verify it; a tampered one is rejected."""
    from tests.certificates.test_corpus import CHECKER

    machine, cert = tmp_path / "m.json", tmp_path / "c.json"
    _stay_machine(machine)
    code, out, _ = certify(capsys, str(machine), "--learner", "construct",
                           "--features", "pairwise", "--out", str(cert))
    assert code == 0 and out["verified"] and out["certificate"] == str(cert)
    doc = json.loads(cert.read_text())
    assert doc["version"] == 2 and ["A", "0", "1", "N", "A"] in doc["machine"][
        "transitions"]
    assert "windows" not in doc["hints"] and "renaming" not in doc
    assert main(["check", str(cert)]) == 0
    lone = [sys.executable, "-I", "-S", str(CHECKER)]
    proc = subprocess.run([*lone, str(cert)], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.startswith(f"verified: {doc['hints']['count']} windows")
    doc["machine"]["transitions"][0][3] = "L"  # A reading 0 now moves left
    from arcot.verify.certificate import seal

    cert.write_text(json.dumps(seal(doc)))
    capsys.readouterr()
    assert main(["check", str(cert)]) == 1
    proc = subprocess.run([*lone, str(cert)], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout.startswith("rejected: window")


def test_machine_the_certificate_format_cannot_hold(capsys, tmp_path):
    """A stay move and a state name with a space: neither version holds it,
    so it is verified but not certified, and --out says why."""
    path = tmp_path / "m.json"
    _stay_machine(path, state="a b")
    code, out, _ = certify(capsys, str(path))
    assert code == 0
    assert out["certificate"] is None
    code = main(["certify", str(path), "--out", str(tmp_path / "c.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: cannot write a certificate")
    assert "state name 'a b'" in err


def test_machine_that_does_not_stop_hits_the_step_limit(capsys):
    code = main(["certify", "1RA1RA", "--train", "inputs:0", "--max-steps", "100"])
    assert code == 3
    assert capsys.readouterr().err.startswith("error:")


@pytest.mark.parametrize("learner", ["construct", "perceptron"])
def test_circuit_encoding_is_verified_on_every_input(capsys, learner):
    """Thm 3.8 route: one threshold predictor a CoT bit, rolled out exactly."""
    code, out, _ = certify(
        capsys,
        "zoo:increment",
        "--encoding",
        "circuit",
        "--learner",
        learner,
        "--scope",
        "inputs:3",
    )
    assert code == 0
    assert out["verified"] is True
    assert out["encoding"] == "circuit"
    assert out["features"] == "context"
    assert out["checked"] == 8


def test_circuit_encoding_defaults_to_the_construction(capsys):
    code, out, _ = certify(
        capsys, "zoo:bb3", "--encoding", "circuit", "--scope", "inputs:0"
    )
    assert code == 0
    assert out["learner"] == "construct"


def test_inputs_scope_certificate_passes_the_checker(capsys, tmp_path):
    path = tmp_path / "inc3.cert.json"
    code, out, _ = certify(
        capsys, "zoo:increment", "--scope", "inputs:3", "--out", str(path)
    )
    assert code == 0
    assert out["certificate"] == str(path)
    assert json.loads(path.read_text())["scope"] == "inputs:3"
    assert main(["check", str(path)]) == 0


def test_certify_says_which_tableau_each_input_was_checked_on(capsys):
    """inputs:N is a claim about each input's own tableau (issue 7): the
    output says so."""
    code, out, _ = certify(capsys, "zoo:increment", "--learner", "lstsq",
                           "--train", "inputs:2", "--scope", "inputs:2")
    assert code == 0 and (out["unit"], out["tableau"]) == ("inputs", "own")
    code, out, _ = certify(capsys, "zoo:bb2")
    assert (out["unit"], out["tableau"]) == ("windows", None)
    assert main(["certify", "zoo:increment", "--learner", "lstsq", "--train",
                 "inputs:2", "--scope", "inputs:2"]) == 0
    text = capsys.readouterr().out
    assert "checked  7 inputs" in text and "each input's own tableau" in text


@pytest.mark.parametrize("args", [
    ("--encoding", "circuit"),
    ("--encoding", "circuit", "--scope", "inputs:2"),
    ("--encoding", "circuit", "--scope", "inputs:2", "--learner", "perceptron"),
])
def test_the_circuit_encoding_prints_readably(args):
    # every result carries a predictor that runs now (issue 14); the readable
    # output asks it for fit details only where it has them
    from tests.e2e.conftest import run_arcot

    r = run_arcot("certify", "zoo:increment", *args)
    assert r.code == 0, r.err
    assert "verified  True" in r.out and "Traceback" not in r.err


def test_the_circuit_inputs_scope_names_its_one_shape(capsys):
    code, out, _ = certify(capsys, "zoo:increment", "--encoding", "circuit",
                           "--scope", "inputs:2")
    assert code == 0
    # the four inputs of length 2 share the compiled circuit's one shape
    assert out["tableau"] == {"left": -2, "width": 5, "steps": 6}
