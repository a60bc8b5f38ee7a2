"""``arcot trace`` as a user runs it: JSON contract, rendering, every error path."""

import json
import subprocess
import sys

import pytest

from arcot.cli import main
from arcot.cot import all_words, cot_length, length_shape
from arcot.zoo import get

KEYS = {"encoding", "vocabulary", "prompt", "cot", "steps", "width"}


def trace(capsys, *args):
    code = main(["trace", *args])
    out, err = capsys.readouterr()
    return code, out, err


def trace_json(capsys, *args):
    code, out, err = trace(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("encoding", ["tableau", "circuit", "steplog"])
def test_json_contract(capsys, encoding):
    obj = trace_json(capsys, "zoo:parity", "--input", "101", "--encoding", encoding)
    assert set(obj) == KEYS
    assert obj["encoding"] == encoding
    vocab = obj["vocabulary"]
    assert all(0 <= i < len(vocab) for i in obj["prompt"] + obj["cot"])
    m = get("parity")
    window, t = length_shape(m, 3, max_steps=1000)
    assert (obj["steps"], obj["width"]) == (t, window.width)
    assert len(obj["cot"]) == cot_length(m, encoding, steps=t, width=window.width)


@pytest.mark.parametrize("encoding", ["tableau", "circuit", "steplog"])
def test_cot_length_is_the_same_for_every_input_of_a_length(capsys, encoding):
    m = get("palindrome")
    lengths = set()
    for row in all_words(m, 3).tolist():
        word = "".join(str(m.symbols[i]) for i in row)
        obj = trace_json(capsys, "zoo:palindrome", "--input", word,
                         "--encoding", encoding)
        lengths.add(len(obj["cot"]))
    assert len(lengths) == 1


def test_tableau_json_of_bb2(capsys):
    obj = trace_json(capsys, "1RB1LB_1LA1RZ", "--encoding", "tableau")
    names = [obj["vocabulary"][i] for i in obj["prompt"]]
    assert names == ["#", "0", "0", "(A,0)", "0"]
    assert obj["steps"] == 6 and len(obj["cot"]) == 6 * 5


def test_readable_rendering(capsys):
    code, out, _ = trace(capsys, "zoo:bb2", "--encoding", "tableau")
    assert code == 0
    lines = out.splitlines()
    assert "30 tokens (law 30)" in lines[0]
    assert lines[1:3] == ["# 0 0 (A,0) 0", "# 0 0 1 (B,0)"]


def test_readable_steplog_and_circuit(capsys):
    code, out, _ = trace(capsys, "zoo:bb2", "--encoding", "steplog")
    assert code == 0 and "A0>1R" in out and "stop(Z,1)" in out
    code, out, _ = trace(capsys, "zoo:bb2", "--encoding", "circuit")
    assert code == 0 and "= 0 0 (A,0) 0" in out


def test_window_option(capsys):
    obj = trace_json(capsys, "zoo:bb2", "--encoding", "tableau", "--window=-3..2")
    assert obj["width"] == 6


# -- errors: one stderr line starting with error:, no traceback ----------


def assert_error(code, out, err, want_code, text):
    assert code == want_code
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and text in lines[0]


def test_unknown_encoding(capsys):
    assert_error(*trace(capsys, "zoo:bb2", "--encoding", "dag"), 2,
                 "unknown encoding 'dag'")


def test_missing_encoding(capsys):
    assert_error(*trace(capsys, "zoo:bb2"), 2, "--encoding")


def test_bad_word_character(capsys):
    assert_error(*trace(capsys, "zoo:parity", "--input", "1x", "--encoding",
                        "tableau"), 2, "'x' at position 1")


def test_word_with_non_input_symbol(capsys):
    assert_error(*trace(capsys, "zoo:parity", "--input", "1_", "--encoding",
                        "tableau"), 2, "input symbol '_'")


def test_bad_machine(capsys):
    assert_error(*trace(capsys, "1RB", "--encoding", "tableau"), 2, "error:")


@pytest.mark.parametrize("encoding", ["tableau", "circuit", "steplog"])
def test_window_too_small(capsys, encoding):
    assert_error(*trace(capsys, "zoo:bb2", "--encoding", encoding,
                        "--window=-1..1"), 2, "too small")


@pytest.mark.parametrize("window", ["3..1", "a..b", "5"])
def test_bad_window(capsys, window):
    assert_error(*trace(capsys, "zoo:bb2", "--encoding", "tableau",
                        f"--window={window}"), 2, "--window must be")


def test_bad_max_steps(capsys):
    assert_error(*trace(capsys, "zoo:bb2", "--encoding", "tableau",
                        "--max-steps", "-4"), 2, "--max-steps")


@pytest.mark.parametrize("encoding", ["tableau", "circuit", "steplog"])
def test_budget_runs_out(capsys, encoding):
    assert_error(*trace(capsys, "zoo:bb3", "--encoding", encoding,
                        "--max-steps", "10"), 3, "did not stop within 10 steps")


def test_budget_runs_out_on_another_input_of_the_length(capsys):
    # "1" halts at once; "2" loops: the shape covers every input of length 1.
    code, out, err = trace(capsys, "1RZ1RZ2RB_0RB------", "--input", "1",
                           "--encoding", "tableau", "--max-steps", "50")
    assert_error(code, out, err, 3, "input '2'")


def test_too_many_inputs(capsys):
    # The shape is taken over 2^21 inputs: a size limit known up front, exit 3.
    assert_error(*trace(capsys, "zoo:parity", "--input", "0" * 21,
                        "--encoding", "steplog"), 3, "2^21 of them")


def test_as_a_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "trace", "zoo:bb2", "--encoding",
         "steplog", "--json"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert set(obj) == KEYS and len(obj["cot"]) == 7
    bad = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "trace", "zoo:bb2", "--encoding", "x"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error:")
    assert "Traceback" not in bad.stderr
