"""``arcot length`` and ``arcot fit-length`` as a user runs them: the JSON
contract, readable tables, plots, and every bad-input path."""

import json
import subprocess
import sys

import pytest

from arcot.cli import main

# A machine's rows measure lengths and check nothing: no "verified" key.
ROW_KEYS = {"n", "steps", "width", "cot_tokens"}


def cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys, *args):
    code, out, err = cli(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def assert_bad_input(capsys, *args, match):
    code, out, err = cli(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert match in lines[0]


# -- arcot length MACHINE ------------------------------------------------


@pytest.mark.parametrize("encoding", ["tableau", "circuit", "steplog"])
def test_machine_json_contract(capsys, encoding):
    obj = cli_json(capsys, "length", "zoo:parity", "--encoding", encoding,
                   "--n-max", "5")
    assert set(obj) == {"rows", "fit"}
    assert set(obj["fit"]) == {"expression", "readable", "growth", "fit_ns",
                               "held_out_ns"}
    assert sorted(obj["fit"]["fit_ns"] + obj["fit"]["held_out_ns"]) == [1, 2, 3, 4, 5]
    assert [r["n"] for r in obj["rows"]] == [1, 2, 3, 4, 5]
    for r in obj["rows"]:
        assert set(r) == ROW_KEYS
    assert obj["fit"]["growth"] == (
        "Theta(n)" if encoding == "steplog" else "Theta(n**2)"
    )


def test_machine_length_matches_trace(capsys):
    """`arcot trace --json` gives a CoT as long as `arcot length` reports."""
    rows = cli_json(capsys, "length", "zoo:increment", "--encoding", "tableau",
                    "--n-max", "3")["rows"]
    obj = cli_json(capsys, "trace", "zoo:increment", "--input", "101",
                   "--encoding", "tableau")
    assert len(obj["cot"]) == rows[2]["cot_tokens"]


def test_machine_table(capsys):
    code, out, err = cli(capsys, "length", "zoo:parity", "--encoding", "tableau",
                         "--n-max", "5")
    assert code == 0, err
    assert "cot_tokens" in out and "n**2 + 3*n + 2" in out and "Theta(n**2)" in out


def test_machine_sample(capsys):
    obj = cli_json(capsys, "length", "zoo:palindrome", "--encoding", "tableau",
                   "--n-max", "5", "--inputs", "sample:3")
    assert len(obj["rows"]) == 5


def test_machine_plot(capsys, tmp_path):
    path = tmp_path / "len.png"
    code, out, _err = cli(capsys, "length", "zoo:parity", "--encoding", "tableau",
                         "--n-max", "5", "--plot", str(path))
    assert code == 0 and "plot saved" in out
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_budget_runs_out_exit_3(capsys):
    code, _out, err = cli(capsys, "length", "1RB1LB_1LA1RB", "--encoding",
                         "tableau", "--n-max", "2", "--max-steps", "100")
    assert code == 3 and err.startswith("error:")


def test_unknown_encoding(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--encoding", "morse",
                     "--n-max", "3", match="unknown encoding 'morse'")


def test_window_too_small(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--encoding", "tableau",
                     "--n-max", "4", "--window", "0..3", match="too small for n=4")


def test_window_malformed(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--encoding", "tableau",
                     "--n-max", "4", "--window", "3", match="--window")


def test_bad_inputs_spec(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--encoding", "tableau",
                     "--n-max", "3", "--inputs", "some", match="inputs")


def test_n_max_zero(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--encoding", "tableau",
                     "--n-max", "0", match="--n-max")


def test_n_max_not_integer(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--encoding", "tableau",
                     "--n-max", "three", match="--n-max")


def test_missing_encoding(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--n-max", "3",
                     match="MACHINE --encoding")


def test_bad_machine(capsys):
    assert_bad_input(capsys, "length", "zoo:nope", "--encoding", "tableau",
                     "--n-max", "3", match="nope")


# -- arcot length --function ----------------------------------------------


@pytest.mark.parametrize(("scheme", "tokens", "expression"), [
    ("threshold-log", [1, 2, 2, 3, 3, 3, 3, 4], "ceiling(log(n + 1)/log(2))"),
    ("chain:2", [1, 1, 2, 3, 4, 5, 6, 7], "Piecewise((1, Eq(n, 1)), (n - 1, True))"),
    ("chain:3", [1, 1, 1, 2, 2, 3, 3, 4],
     "Piecewise((1, Eq(n, 1)), (floor(n/2), True))"),
])
def test_parity_schemes(capsys, scheme, tokens, expression):
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme", scheme,
                   "--n-max", "8")
    assert [r["cot_tokens"] for r in obj["rows"]] == tokens
    assert all(r["verified"] is True for r in obj["rows"])
    assert obj["fit"]["expression"] == expression


def test_parity_minimal(capsys):
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme", "minimal",
                   "--n-max", "5")
    assert [r["cot_tokens"] for r in obj["rows"]] == [1, 2, 2, 3, 3]
    assert all(r["verified"] is True for r in obj["rows"])


def test_machine_rows_claim_no_check(capsys):
    """A machine's lengths are measured: no check column, no verified key."""
    code, out, _ = cli(capsys, "length", "zoo:parity", "--encoding", "tableau",
                       "--n-max", "3")
    assert code == 0
    assert "verified" not in out and "right on all" not in out
    assert out.splitlines()[1].split() == ["n", "steps", "width", "cot_tokens"]


CHECK = ("right on all 2^n: the circuit's last token equals parity on every one "
         "of the 2^n inputs, evaluated in exact integer arithmetic")


def test_chain_scheme_says_its_gates_are_parity_gates(capsys):
    code, out, _ = cli(capsys, "length", "--function", "parity", "--scheme",
                       "chain:3", "--n-max", "5")
    assert code == 0
    assert "verified" not in out
    assert CHECK in out
    gates = "parity gates (XOR of at most 3 tokens), not linear threshold gates"
    assert f"gates: {gates}" in out
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme", "chain:3",
                   "--n-max", "5")
    assert obj["gates"] == gates
    # the chain's answer is the XOR of every input: decided per number of ones
    assert obj["check"] == CHECK.split(": ", 1)[1] + (
        "; at n = 1..5 on one input per number of ones, which decides all 2^n: "
        "parity depends on the number of ones only, and so does the circuit's "
        "answer (every gate it reads weights all inputs alike, or XORs cancel to "
        "all of them)")
    assert [row["check"] for row in obj["rows"]] == ["symmetric"] * 5
    assert [row["checked"] for row in obj["rows"]] == [2, 3, 4, 5, 6]


def test_threshold_scheme_says_its_gates_are_threshold_gates(capsys):
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme",
                   "threshold-log", "--n-max", "4")
    assert obj["gates"] == "linear threshold gates (integer weights and threshold)"
    assert "lower_bound" not in obj


def test_minimal_milp_says_its_lower_bound_is_the_solvers_word(capsys):
    code, out, _ = cli(capsys, "length", "--function", "parity", "--scheme",
                       "minimal", "--n-max", "4", "--backend", "milp")
    assert code == 0
    assert ("lower bound: at n = 2..4, MILP infeasibility of every shorter length "
            "(scipy HiGHS, floating point, not an exact proof); none needed at "
            "n = 1 (1 token); each witness is checked in exact integers") in out
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme", "minimal",
                   "--n-max", "4", "--backend", "milp")
    assert obj["backend"] == "milp"
    assert "floating point, not an exact proof" in obj["lower_bound"]
    for row in obj["rows"]:
        assert row["infeasible"] == list(range(1, row["cot_tokens"]))
        assert row["witness"] in ("solver", "hint", "truth-table")
        assert row["lower_by"] == ("none needed" if row["n"] == 1 else "milp")


def test_minimal_sat_checks_every_lower_bound_proof(capsys):
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme", "minimal",
                   "--n-max", "5")
    assert obj["backend"] == "sat"  # auto: python-sat is installed
    assert [(r["lower_bound"], r["lower_by"], r["exact"]) for r in obj["rows"]] == [
        (1, "none needed", True), (2, "drup", True), (2, "drup", True),
        (3, "drup", True), (3, "drup", True)]
    assert "DRUP proof was checked by arcot.verify.drup" in obj["lower_bound"]
    assert "not an exact proof" not in obj["lower_bound"]


def test_minimal_write_proofs_that_the_bare_checker_accepts(capsys, tmp_path):
    folder = tmp_path / "proofs"
    code, out, _ = cli(capsys, "length", "--function", "parity", "--scheme",
                       "minimal", "--n-max", "4", "--write-proofs", str(folder))
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "n2-L1.cnf", "n2-L1.drup", "n3-L1.cnf", "n3-L1.drup", "n4-L2.cnf",
        "n4-L2.drup"]
    assert f"proof saved to {folder / 'n4-L2.drup'}" in out
    checker = __import__("arcot.verify.drup", fromlist=["x"]).__file__
    done = subprocess.run([sys.executable, "-I", "-S", checker,
                           str(folder / "n4-L2.cnf"), str(folder / "n4-L2.drup")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("verified:")
    # the proof refutes its own CNF only: against another length's, rejected
    done = subprocess.run([sys.executable, "-I", "-S", checker,
                           str(folder / "n4-L2.cnf"), str(folder / "n3-L1.drup")],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0


def test_minimal_row_time_limit_keeps_the_bounds_and_goes_on(capsys):
    # No time for any length: every row past 1 token is the interval [1, witness].
    obj = cli_json(capsys, "length", "--function", "parity", "--scheme", "minimal",
                   "--n-max", "3", "--row-time-limit", "1e-9")
    rows = obj["rows"]
    assert [r["n"] for r in rows] == [1, 2, 3]
    assert all(r["lower_bound"] == 1 and r["lower_by"] == "none needed"
               for r in rows)
    assert [r["exact"] for r in rows] == [True, False, False]
    assert all(r["verified"] for r in rows)  # each witness still checked
    assert "the search ran out of time" in obj["lower_bound"]
    # the closed form is fitted on the exact rows only: one row fits no law
    assert obj["fit"]["expression"] is None
    code, out, _ = cli(capsys, "length", "--function", "parity", "--scheme",
                       "minimal", "--n-max", "3", "--row-time-limit", "1e-9")
    assert code == 0
    assert out.splitlines()[4].split()[-3:] == ["1..2", "none", "needed"]  # n = 3


@pytest.mark.parametrize("option", [["--backend", "sat"], ["--row-time-limit", "5"],
                                    ["--write-proofs", "x"]])
def test_minimal_only_options(capsys, option):
    assert_bad_input(capsys, "length", "--function", "parity", "--scheme",
                     "threshold-log", "--n-max", "3", *option,
                     match=f"{option[0]} applies to the exact minimum")


def test_write_proofs_needs_sat(capsys):
    assert_bad_input(capsys, "length", "--function", "parity", "--scheme",
                     "minimal", "--n-max", "3", "--backend", "milp",
                     "--write-proofs", "x", match="MILP's verdicts have no proof")


def test_function_table_and_plot(capsys, tmp_path):
    path = tmp_path / "p.png"
    code, out, _err = cli(capsys, "length", "--function", "majority", "--scheme",
                         "minimal", "--n-max", "4", "--plot", str(path))
    assert code == 0 and "yes" in out and path.exists()


@pytest.mark.parametrize(("backend", "n_max", "limit"), [
    ("milp", "7", "n <= 6"), ("sat", "11", "n <= 10"), ("auto", "11", "n <= 10")])
def test_minimal_beyond_exact_search(capsys, backend, n_max, limit):
    # A size limit, known up front: exit 3 (the CLI contract), not bad input.
    code, out, err = cli(capsys, "length", "--function", "parity", "--scheme",
                         "minimal", "--n-max", n_max, "--backend", backend)
    assert (code, out) == (3, "")
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert "exact minimum search" in err and limit in err


def test_minimal_time_runs_out_exit_3(capsys):
    code, _out, err = cli(capsys, "length", "--function", "parity", "--scheme",
                         "minimal", "--n-max", "3", "--time-limit", "1e-9")
    assert code == 3 and err.startswith("error:") and "ran out" in err


def test_bad_time_limit(capsys):
    assert_bad_input(capsys, "length", "--function", "parity", "--scheme",
                     "minimal", "--n-max", "3", "--time-limit", "0",
                     match="--time-limit")


def test_unknown_function(capsys):
    assert_bad_input(capsys, "length", "--function", "xor", "--scheme", "minimal",
                     "--n-max", "3", match="unknown function 'xor'")


def test_unknown_scheme(capsys):
    assert_bad_input(capsys, "length", "--function", "parity", "--scheme", "magic",
                     "--n-max", "3", match="unknown scheme 'magic'")


def test_bad_chain(capsys):
    assert_bad_input(capsys, "length", "--function", "parity", "--scheme",
                     "chain:1", "--n-max", "3", match="K must be an integer from 2")


def test_parity_scheme_for_other_function(capsys):
    assert_bad_input(capsys, "length", "--function", "and", "--scheme",
                     "threshold-log", "--n-max", "3", match="parity construction")


def test_function_without_scheme(capsys):
    assert_bad_input(capsys, "length", "--function", "parity", "--n-max", "3",
                     match="go together")


def test_machine_and_function(capsys):
    assert_bad_input(capsys, "length", "zoo:parity", "--function", "parity",
                     "--scheme", "minimal", "--n-max", "3", match="not both")


def test_window_with_function(capsys):
    # --inputs sample:K applies to a function's checks too (test_cli_length_sources)
    assert_bad_input(capsys, "length", "--function", "parity", "--scheme",
                     "minimal", "--n-max", "3", "--window", "0..3",
                     match="machines only")


# -- arcot fit-length -------------------------------------------------------


def test_fit_json(capsys):
    obj = cli_json(capsys, "fit-length", "2,7,21,57,145", "--n", "1,2,4,8,16")
    assert obj == {"expression": "2*n*log(n)/log(2) + n + 1",
                   "readable": "2*n*log2(n) + n + 1",
                   "growth": "Theta(n*log(n))"}


def test_fit_none(capsys):
    assert cli_json(capsys, "fit-length", "5,1,4,1,5,9,2,6") == {
        "expression": None, "readable": None, "growth": None}


def test_fit_table(capsys):
    code, out, _ = cli(capsys, "fit-length", "1,4,9,16,25")
    assert code == 0 and "n**2" in out and "confirmed on n = " in out
    code, out, _err = cli(capsys, "fit-length", "5,1,4,1,5,9,2,6")
    assert code == 0 and "no closed form" in out


def test_fit_non_integer(capsys):
    assert_bad_input(capsys, "fit-length", "1,2,2.5", match="not an integer")


def test_fit_bad_n(capsys):
    assert_bad_input(capsys, "fit-length", "1,2,3", "--n", "1,x,3",
                     match="--n: entry 2")


def test_fit_mismatched_n(capsys):
    assert_bad_input(capsys, "fit-length", "1,2,3", "--n", "1,2",
                     match="ns has 2 entries but values has 3")


def test_fit_repeated_n(capsys):
    assert_bad_input(capsys, "fit-length", "1,2,3", "--n", "1,2,2",
                     match="n=2 twice")


def test_fit_missing_values(capsys):
    assert_bad_input(capsys, "fit-length", match="error")


def test_subprocess_round_trip():
    """As a user runs it: a real process, JSON on stdout, nothing on stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "length", "--function", "parity",
         "--scheme", "threshold-log", "--n-max", "6", "--json"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["fit"]["growth"] == "Theta(log(n))"
    bad = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "fit-length", "1,b"],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error:")
    assert "Traceback" not in bad.stderr


def test_fit_negative_first_value(capsys):
    # Regression: "-1,0,3,..." was read as an unknown option (exit 2).
    obj = cli_json(capsys, "fit-length", "-1,0,3,8,15")
    assert obj == {"expression": "n**2 - 2*n", "readable": "n**2 - 2*n",
                   "growth": "Theta(n**2)"}


def test_library_table(capsys):
    code, out, _ = cli(capsys, "length", "--function", "library", "--scheme",
                       "minimal", "--n-max", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("minimum CoT length in linear threshold tokens")
    assert lines[2].split() == ["parity", "1", "2", "2"]
    obj = cli_json(capsys, "length", "--function", "library", "--scheme",
                   "minimal", "--n-max", "2")
    assert obj["functions"]["equality"][1]["upper_bound"] == 2
    assert obj["backend"] == "sat"


def test_library_table_time_limit_exit_3_after_the_table(capsys):
    code, out, err = cli(capsys, "length", "--function", "library", "--scheme",
                         "minimal", "--n-max", "8", "--time-limit", "2")
    assert code == 3 and out.startswith("minimum CoT length")
    assert err.startswith("error: parity: row n=")


@pytest.mark.parametrize(("extra", "match"), [
    (["--scheme", "threshold-log"], "--scheme minimal"),
    (["--scheme", "minimal", "--plot", "x.png"], "--plot applies to one function"),
    (["--scheme", "minimal", "--inputs", "sample:3"], "--inputs applies to one"),
])
def test_library_table_refusals(capsys, extra, match):
    assert_bad_input(capsys, "length", "--function", "library", "--n-max", "3",
                     *extra, match=match)
