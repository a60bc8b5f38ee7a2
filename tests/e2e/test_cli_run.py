"""``arcot run`` and ``arcot --version`` as a user runs them."""

import json

import pytest

from arcot import __version__
from arcot.machine import save_machine
from arcot.zoo import ZOO
from tests.e2e.conftest import assert_one_error_line, run_arcot

KEYS = {"halted", "steps", "nonzero", "state", "head", "tape"}


def test_bb4_json_in_a_fresh_process():
    r = run_arcot("run", "1RB1LB_1LA0LC_1RZ1LD_1RD0RA", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert set(out) >= KEYS
    assert (out["halted"], out["steps"], out["nonzero"], out["state"]) == (
        True,
        107,
        13,
        "Z",
    )


def test_version():
    r = run_arcot("--version")
    assert r.code == 0
    assert r.out.strip() == f"arcot {__version__}"


@pytest.mark.parametrize("name", ["bb2", "bb3", "bb4"])
def test_zoo_names(arcot_cli, name):
    r = arcot_cli("run", f"zoo:{name}", "--json")
    out = json.loads(r.out)
    assert r.code == 0
    assert (out["steps"], out["nonzero"]) == (
        ZOO[name].known["steps"],
        ZOO[name].known["nonzero"],
    )


def test_input_word_and_table_output(arcot_cli):
    r = arcot_cli("run", "zoo:increment", "--input", "1011")
    assert r.code == 0
    assert "halted  True" in r.out
    assert "tape  1100_" in r.out


def test_machine_file(arcot_cli, tmp_path):
    path = tmp_path / "pal.json"
    save_machine(ZOO["palindrome"].machine, path)
    r = arcot_cli("run", str(path), "--input", "0110", "--json")
    assert json.loads(r.out)["state"] == "accept"


def test_budget_exhausted_exits_3_with_json(arcot_cli):
    r = arcot_cli("run", "zoo:bb5", "--max-steps", "1000", "--json")
    assert r.code == 3
    out = json.loads(r.out)
    assert out["halted"] is False
    assert out["steps"] == 1000


def test_budget_exhausted_readable(arcot_cli):
    r = arcot_cli("run", "1RA---", "--max-steps", "10")
    assert r.code == 3
    assert "budget of 10 steps used up" in r.out


def test_tape_limit_exits_3(arcot_cli):
    r = arcot_cli("run", "1RA---", "--max-steps", "1000", "--max-cells", "10")
    assert_one_error_line(r, code=3)
    assert "max_cells=10" in r.err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "1RB1LB_1LA1XZ"], "state B, symbol 1 (character 11): bad move 'X'"),
        (["run", "zoo:nope"], "no zoo machine named 'nope'"),
        (["run", "missing.json"], "machine file 'missing.json' does not exist"),
        (["run", "zoo:bb4", "--input", "1x"], "input character 'x' at position 1"),
        (["run", "zoo:increment", "--input", "_"], "input symbol '_' at position 0"),
        (["run", "zoo:bb4", "--max-steps", "-5"],
         "argument --max-steps: must be an integer from 0 to"),
        (["run", "zoo:bb4", "--max-steps", "many"],
         "argument --max-steps: must be an integer from 0 to"),
        (["run"], "the following arguments are required: machine"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["run", "zoo:bb4", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_input_is_one_error_line(arcot_cli, args, fragment):
    r = arcot_cli(*args)
    assert_one_error_line(r)
    assert fragment in r.err


def test_bad_input_in_a_fresh_process_has_no_traceback():
    r = run_arcot("run", "1RB1LB_1LA1XZ")
    assert_one_error_line(r)


def test_no_command_prints_help(arcot_cli):
    r = arcot_cli()
    assert r.code == 2
    assert "usage: arcot" in r.out


def test_closed_pipe_is_not_a_traceback():
    # Regression: `arcot trace ... | head` printed a BrokenPipeError traceback.
    import subprocess
    import sys

    args = ["trace", "zoo:0n1n", "--input", "0000011111", "--encoding", "circuit"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "arcot.cli", *args, "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout.read(10) == b'{"encoding'
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.wait(timeout=60)
    assert "Traceback" not in err
    assert proc.returncode == 141


@pytest.mark.parametrize(("word", "state", "accepted"), [
    ("0110", "accept", True), ("01", "reject", False),
])
def test_json_says_whether_the_decider_accepted(arcot_cli, word, state, accepted):
    r = arcot_cli("run", "zoo:palindrome", "--input", word, "--json")
    out = json.loads(r.out)
    assert (out["state"], out["accepted"]) == (state, accepted)
    cut = json.loads(arcot_cli("run", "zoo:bb5", "--max-steps", "10", "--json").out)
    assert cut["accepted"] is None  # still running: no verdict
