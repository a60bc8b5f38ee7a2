"""Every number a user can type into an option: a stated range, or honoured.

Counts are 64-bit (the simulators and kernels count in int64): outside its
range an option is bad input, one ``error:`` line naming the option and the
range, exit 2 (``--max-steps 10**25`` was a numba TypingError traceback).
A request inside the range that is past a size limit known before any work
(too many inputs, too many tokens) is exit 3, as the CLI contract has it for
step and size limits.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import assert_one_error_line, run_arcot

INT64_MAX = 2**63 - 1
INPUT_LIMIT = 2**20  # the most inputs a command enumerates
HUGE = str(10**25)
TWO63 = str(2**63)
INT64 = str(INT64_MAX)
RANGE0 = "an integer from 0 to 9223372036854775807 (2**63 - 1)"
RANGE1 = "an integer from 1 to 9223372036854775807 (2**63 - 1)"
NOT_INTEGERS = ["-1", "1.5", "1e3", "x", ""]

# (the command up to the option, the option, its least value, what follows)
COUNT_OPTIONS = [
    (["run", "zoo:bb2"], "--max-steps", 0, []),
    (["run", "zoo:bb2"], "--max-cells", 1, []),
    (["trace", "zoo:bb2", "--encoding", "tableau"], "--max-steps", 0, []),
    (["length", "zoo:bb2", "--encoding", "tableau"], "--n-max", 1, []),
    (["length", "zoo:bb2", "--encoding", "tableau", "--n-max", "2"],
     "--max-steps", 0, []),
    (["certify", "zoo:bb2"], "--seed", 0, []),
    (["certify", "zoo:bb2"], "--max-steps", 0, []),
]


def _ids(cases):
    return [f"{c[0][0]} {c[1]}" for c in cases]


@pytest.mark.parametrize(("head", "option", "least", "tail"), COUNT_OPTIONS,
                         ids=_ids(COUNT_OPTIONS))
@pytest.mark.parametrize("value", [HUGE, TWO63, "9" * 5000, *NOT_INTEGERS])
def test_count_option_out_of_range_is_one_error_line(arcot_cli, head, option,
                                                    least, tail, value):
    if value == "-1" and least == 0:
        value = "-2"
    r = arcot_cli(*head, option, value, *tail)
    assert_one_error_line(r)
    range_text = RANGE0 if least == 0 else RANGE1
    assert f"argument {option}: must be {range_text}" in r.err


@pytest.mark.parametrize(("head", "option", "least", "tail"), COUNT_OPTIONS,
                         ids=_ids(COUNT_OPTIONS))
def test_count_option_below_its_least_value(arcot_cli, head, option, least, tail):
    r = arcot_cli(*head, option, str(least - 1), *tail)
    assert_one_error_line(r)
    assert option in r.err and f"from {least} to" in r.err


def test_largest_budgets_are_honoured_end_to_end():
    """2**63 - 1 reaches the int64 kernels (bb5 runs past the Python phase)."""
    r = run_arcot("run", "zoo:bb5", "--max-steps", INT64, "--max-cells", INT64,
                  "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["steps"] == 47_176_870
    r = run_arcot("trace", "zoo:increment", "--input", "101", "--encoding",
                  "circuit", "--max-steps", INT64, "--json")
    assert r.code == 0, r.err
    r = run_arcot("length", "zoo:increment", "--encoding", "tableau", "--n-max",
                  "3", "--max-steps", INT64, "--json")
    assert r.code == 0, r.err
    r = run_arcot("certify", "zoo:increment", "--train", "sample:20", "--scope",
                  "inputs:2", "--seed", INT64, "--max-steps", INT64, "--json")
    assert r.code == 0, r.err


def test_huge_max_steps_is_not_a_traceback_in_a_fresh_process():
    # Regression: a numba TypingError traceback ("Int value is too large").
    r = run_arcot("run", "1RB0LA_1LB0RB", "--max-steps", HUGE)
    assert_one_error_line(r)
    assert f"argument --max-steps: must be {RANGE0}, got {HUGE}" in r.err


# -- --window FIRST..LAST ------------------------------------------------


@pytest.mark.parametrize("window", [f"0..{HUGE}", f"-{HUGE}..0", f"0..{TWO63}",
                                    f"-{2**63 + 1}..0", "0..1.5", "x..3"])
@pytest.mark.parametrize("command", [
    ["trace", "zoo:bb2", "--encoding", "tableau"],
    ["length", "zoo:bb2", "--encoding", "tableau", "--n-max", "2"],
])
def test_window_out_of_range(arcot_cli, command, window):
    r = arcot_cli(*command, "--window", window)
    assert_one_error_line(r)
    assert "--window must be FIRST..LAST with integers FIRST <= LAST (each from " \
        "-2**63 to 2**63 - 1)" in r.err


def test_trace_window_past_the_token_limit_is_exit_3(arcot_cli):
    r = arcot_cli("trace", "zoo:bb2", "--encoding", "tableau", "--window",
                  f"0..{INT64}")
    assert_one_error_line(r, code=3)
    assert "more than --max-tokens 16777216" in r.err


def test_trace_of_a_long_run_is_refused_before_encoding(arcot_cli):
    r = arcot_cli("trace", "zoo:bb5", "--encoding", "tableau", "--max-steps",
                  "100000000")
    assert_one_error_line(r, code=3)
    assert "T=47176870" in r.err


def test_length_honours_a_wide_window(arcot_cli):
    r = arcot_cli("length", "zoo:bb2", "--encoding", "tableau", "--n-max", "1",
                  "--window", f"{-(2**62)}..{2**62}", "--json")
    assert r.code == 0, r.err
    row = json.loads(r.out)["rows"][0]
    assert row["width"] == 2**63 + 1
    assert row["cot_tokens"] == row["steps"] * (2**63 + 2)


# -- sizes inside specs: --inputs sample:K, --scheme chain:K -------------


@pytest.mark.parametrize(("value", "code", "text"), [
    (HUGE, 2, RANGE1), (TWO63, 2, RANGE1), ("-1", 2, RANGE1), ("0", 2, RANGE1),
    ("1.5", 2, RANGE1), ("\u00b2", 2, RANGE1),
    (str(INPUT_LIMIT + 1), 3, "a row runs at most 1048576 (2**20) inputs"),
])
def test_length_sample_size(arcot_cli, value, code, text):
    r = arcot_cli("length", "zoo:parity", "--encoding", "tableau", "--n-max", "2",
                  "--inputs", f"sample:{value}")
    assert_one_error_line(r, code=code)
    assert f"--inputs sample:{value}" in r.err and text in r.err


@pytest.mark.parametrize("value", [HUGE, TWO63, "-1", "1", "1.5", "\u00b2"])
def test_chain_k(arcot_cli, value):
    # "chain:\u00b2" passed isdigit() and then int() raised: a traceback
    r = arcot_cli("length", "--function", "parity", "--scheme", f"chain:{value}",
                  "--n-max", "3")
    assert_one_error_line(r)
    assert f"--scheme chain:{value}: K must be an integer from 2 to" in r.err


def test_chain_k_largest_is_honoured(arcot_cli):
    r = arcot_cli("length", "--function", "parity", "--scheme", f"chain:{INT64}",
                  "--n-max", "4", "--json")
    assert r.code == 0, r.err
    assert [row["cot_tokens"] for row in json.loads(r.out)["rows"]] == [1, 1, 1, 1]


# -- --n-max past what a sweep can hold: exit 3, up front -----------------


@pytest.mark.parametrize(("args", "text"), [
    (["zoo:parity", "--encoding", "tableau", "--n-max", "21"],
     "row n=21 would run all 2^21 inputs"),
    (["zoo:parity", "--encoding", "tableau", "--n-max", INT64],
     "would run all 2^9223372036854775807 inputs"),
    (["zoo:parity", "--encoding", "tableau", "--n-max", "100000", "--inputs",
      "sample:3"], "more than 1073741824 (2**30) symbols in all"),
    (["--function", "parity", "--scheme", "threshold-log", "--n-max", "257"],
     "handles n <= 256"),
    (["--function", "parity", "--scheme", "chain:3", "--n-max", INT64],
     "handles n <= 256"),
    (["--function", "majority", "--scheme", "minimal", "--n-max", "7",
      "--backend", "milp"], "handles n <= 6"),
    (["--function", "majority", "--scheme", "minimal", "--n-max", "11"],
     "handles n <= 10"),
])
def test_length_sweep_past_its_size_limit_is_exit_3(arcot_cli, args, text):
    r = arcot_cli("length", *args)
    assert_one_error_line(r, code=3)
    assert text in r.err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "x", "-inf"])
def test_time_limit_must_be_positive(arcot_cli, value):
    r = arcot_cli("length", "--function", "parity", "--scheme", "minimal",
                  "--n-max", "2", "--time-limit", value)
    assert_one_error_line(r)
    assert "argument --time-limit: must be a number of seconds > 0" in r.err


@pytest.mark.parametrize("value", ["1e400", "inf"])
def test_time_limit_without_bound_is_honoured(arcot_cli, value):
    r = arcot_cli("length", "--function", "parity", "--scheme", "minimal",
                  "--n-max", "2", "--time-limit", value, "--json")
    assert r.code == 0, r.err


# -- certify --train and --scope sizes ----------------------------------------


@pytest.mark.parametrize(("flag", "kind"), [
    ("--train", "inputs"), ("--train", "sample"), ("--train", "configurations"),
    ("--scope", "inputs"), ("--scope", "sample"),
])
@pytest.mark.parametrize("value", [HUGE, TWO63, "-1", "1.5"])
def test_certify_spec_size_out_of_range(arcot_cli, flag, kind, value):
    r = arcot_cli("certify", "zoo:increment", flag, f"{kind}:{value}")
    assert_one_error_line(r)
    letter = "N" if kind == "inputs" else "K"
    least = 0 if kind == "inputs" else 1
    assert f"{flag} {kind}:{value}: {letter} must be an integer from {least} to " \
        "9223372036854775807 (2**63 - 1)" in r.err


@pytest.mark.parametrize(("args", "text"), [
    (["--train", "inputs:40"], "inputs of length up to 40 over 2 symbols"),
    (["--train", "sample:1048577"], "more than the 1048576 (2**20) inputs"),
    (["--train", "configurations:16777217"],
     "more than the 16777216 (2**24) configurations"),
    (["--scope", "inputs:30"], "inputs of length up to 30 over 2 symbols"),
    (["--scope", "sample:1048577"], "more than the 1048576 (2**20) inputs"),
    (["--encoding", "circuit", "--scope", "inputs:21"],
     "inputs of length 21 over 2 symbols"),
])
def test_certify_past_its_size_limit_is_exit_3(arcot_cli, args, text):
    r = arcot_cli("certify", "zoo:increment", *args)
    assert_one_error_line(r, code=3)
    assert text in r.err


# -- fit-length ---------------------------------------------------------------


def test_fit_length_values_of_any_size_are_honoured(arcot_cli):
    big = [k * 10**25 for k in (1, 2, 3, 4)]
    r = arcot_cli("fit-length", ",".join(map(str, big)), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["expression"] == f"{10**25}*n"
    r = arcot_cli("fit-length", ",".join(str(2**63 * k) for k in (1, 2, 3)),
                  "--json")
    assert r.code == 0, r.err


def test_fit_length_value_too_long_to_read(arcot_cli):
    r = arcot_cli("fit-length", f"1,2,{'7' * 5000}")
    assert_one_error_line(r)
    assert "values: entry 3 has 5000 digits" in r.err


@pytest.mark.parametrize("value", [HUGE, TWO63, "-1", "0", "1.5"])
def test_fit_length_n_out_of_range(arcot_cli, value):
    r = arcot_cli("fit-length", "1,2,3", "--n", f"1,2,{value}")
    assert_one_error_line(r)
    want = "('1.5') is not an integer" if value == "1.5" else f"must be {RANGE1}"
    assert f"--n: entry 3 {want}" in r.err


def test_fit_length_n_past_the_basis_limit_is_exit_3(arcot_cli):
    r = arcot_cli("fit-length", "1,2,3", "--n", "1,2,1048577")
    assert_one_error_line(r, code=3)
    assert "1048577 is past 1048576 (2**20)" in r.err


# -- what the limits are made of -------------------------------------------------


def test_the_limits_are_the_enumerators_and_the_kernels():
    from arcot import cli
    from arcot.cot import MAX_ALL_INPUTS
    from arcot.learn.data import MAX_INPUTS

    assert INPUT_LIMIT == cli.INPUT_LIMIT == MAX_ALL_INPUTS == MAX_INPUTS
    assert cli.INT64_MAX == INT64_MAX


def test_running_out_of_memory_is_exit_3(arcot_cli, monkeypatch):
    import arcot.machine

    def run(*args, **kwargs):
        raise MemoryError("Unable to allocate 8.00 EiB for an array")

    monkeypatch.setattr(arcot.machine, "run", run)
    r = arcot_cli("run", "zoo:bb2")
    assert_one_error_line(r, code=3)
    assert "out of memory (Unable to allocate" in r.err
