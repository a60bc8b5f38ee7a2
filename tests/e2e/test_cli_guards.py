"""Resource guards of ``arcot certify`` and ``arcot trace`` (issue 14): the
work is estimated before it is done, and past ``--max-inputs`` or
``--max-tokens`` the command stops at once with exit 3 and says what to
change."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import assert_one_error_line, run_arcot


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if certify builds training data or verifies anything,
    or trace enumerates the inputs of the word's length."""

    def refuse(*args, **kwargs):
        raise AssertionError("the work started before the request was refused")

    import arcot.cot
    import arcot.pipeline.tableau as route

    monkeypatch.setattr(route, "training_data", refuse)
    monkeypatch.setattr(route, "verify_exact", refuse)
    monkeypatch.setattr(route, "tableau_weights", refuse)
    monkeypatch.setattr(arcot.cot, "length_shape", refuse)


def test_palindrome_inputs_25_is_refused_up_front(arcot_cli, no_work):
    # Observed: 16 GB in two minutes. 2^26 - 1 inputs, counted, none run.
    r = arcot_cli("certify", "zoo:palindrome", "--scope", "inputs:25")
    assert_one_error_line(r, code=3)
    assert ("--scope inputs:25 names 67108863 inputs of length up to 25 over 2 "
            "symbols, more than --max-inputs 1048576") in r.err
    assert "use a smaller N, sample:K or windows (no rollouts)" in r.err


def test_palindrome_inputs_19_is_refused_on_its_tokens(arcot_cli, no_work):
    # 2^20 - 1 inputs pass --max-inputs; their rollouts are about 8e8 tokens
    # (an hour of checks), estimated from 64 runs.
    r = arcot_cli("certify", "zoo:palindrome", "--scope", "inputs:19")
    assert_one_error_line(r, code=3)
    assert "--scope inputs:19: 1048575 inputs, about " in r.err
    assert "(estimated from 64 of them run): more than --max-tokens 67108864" in r.err
    assert "or raise --max-tokens" in r.err


def test_bb5_inputs_0_is_refused_from_its_one_run(arcot_cli, no_work):
    # Observed: 7.5 GB in five minutes. BB(5)'s run is 47,176,870 steps over
    # 12,289 cells: its tableau is T x W tokens, known from the run alone.
    r = arcot_cli("certify", "zoo:bb5", "--scope", "inputs:0",
                  "--max-steps", "100000000")
    assert_one_error_line(r, code=3)
    tokens = (47_176_870 + 1) * (12_289 + 1)
    assert f"--scope inputs:0: 1 input, {tokens:.3g}".replace("e+", "e") in r.err
    assert "(every input run): more than --max-tokens 67108864" in r.err


def test_a_run_past_the_budget_is_reported_before_any_data(arcot_cli, no_work):
    r = arcot_cli("certify", "zoo:bb5", "--scope", "inputs:0")
    assert_one_error_line(r, code=3)
    assert "did not stop within 10000 steps on input ''" in r.err


def test_train_inputs_is_refused_on_its_tokens(arcot_cli, no_work):
    # training data hold every CoT at once, in the widest shape
    r = arcot_cli("certify", "zoo:palindrome", "--train", "inputs:19")
    assert_one_error_line(r, code=3)
    assert "--train inputs:19: 1048575 inputs, about " in r.err
    assert "use a smaller N, sample:K or configurations:K" in r.err


def test_max_inputs_lowers_the_limit(arcot_cli, no_work):
    r = arcot_cli("certify", "zoo:palindrome", "--scope", "sample:2000",
                  "--max-inputs", "1000")
    assert_one_error_line(r, code=3)
    assert ("--scope sample:2000 names 2000 random inputs, more than "
            "--max-inputs 1000: use a smaller K or windows") in r.err


def test_max_tokens_lowers_the_limit_and_raising_it_lets_the_work_run(arcot_cli):
    args = ("certify", "zoo:increment", "--learner", "construct",
            "--scope", "inputs:3")
    r = arcot_cli(*args, "--max-tokens", "100")
    assert_one_error_line(r, code=3)
    assert "15 inputs" in r.err and "(every input run)" in r.err
    r = arcot_cli(*args, "--max-tokens", "100000", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert out["verified"] is True and out["checked"] == 15


@pytest.mark.parametrize("value", ["-1", str((1 << 20) + 1), "lots"])
def test_max_inputs_outside_its_range_is_bad_input(arcot_cli, value):
    r = arcot_cli("certify", "zoo:bb2", "--max-inputs", value)
    assert_one_error_line(r, code=2)
    assert "--max-inputs" in r.err


def test_the_limits_are_documented_in_help():
    r = run_arcot("certify", "--help")
    assert r.code == 0
    text = " ".join(r.out.split())
    assert "--max-inputs N" in text and "1048576 = 2**20" in text
    assert "--max-tokens T" in text and "67108864 = 2**26" in text
    r = run_arcot("trace", "--help")
    text = " ".join(r.out.split())
    assert "--max-inputs N" in text and "--max-tokens T" in text
    assert "16777216 = 2**24" in text


def test_the_help_default_is_the_library_default():
    from arcot.cli.certify import _MAX_TOKENS
    from arcot.cli.numbers import INPUT_LIMIT
    from arcot.pipeline.work import DEFAULT_MAX_INPUTS, DEFAULT_MAX_TOKENS

    assert _MAX_TOKENS == DEFAULT_MAX_TOKENS
    assert INPUT_LIMIT == DEFAULT_MAX_INPUTS


# -- trace --------------------------------------------------------------


def test_trace_refuses_a_word_whose_own_run_passes_max_tokens(arcot_cli, no_work):
    # the shared shape holds the word's own run, so its CoT is no shorter:
    # refused from that one run, before the 2^10 inputs are enumerated
    r = arcot_cli("trace", "zoo:palindrome", "--input", "0101010101",
                  "--encoding", "tableau", "--max-tokens", "100")
    assert_one_error_line(r, code=3)
    assert "would have at least 144 tokens (T=12, W=11)" in r.err
    assert "more than --max-tokens 100" in r.err


def test_trace_bb5_is_refused_from_its_one_run(arcot_cli):
    r = arcot_cli("trace", "zoo:bb5", "--encoding", "tableau",
                  "--max-steps", "100000000")
    assert_one_error_line(r, code=3)
    assert "at least 579803732300 tokens (T=47176870, W=12289)" in r.err
    assert "more than --max-tokens 16777216" in r.err


def test_trace_max_inputs(arcot_cli, no_work):
    r = arcot_cli("trace", "zoo:palindrome", "--input", "0101010101",
                  "--encoding", "tableau", "--max-inputs", "1000")
    assert_one_error_line(r, code=3)
    assert "2^10 = 1024 of them: more than --max-inputs 1000" in r.err
    assert "raise --max-inputs (at most 2**20)" in r.err


def test_trace_past_every_input_limit_says_so(arcot_cli, no_work):
    r = arcot_cli("trace", "zoo:palindrome", "--input", "0" * 21,
                  "--encoding", "tableau")
    assert_one_error_line(r, code=3)
    assert "2^21 of them: more than --max-inputs 1048576" in r.err


def test_trace_within_the_limits_is_unchanged(arcot_cli):
    r = arcot_cli("trace", "zoo:palindrome", "--input", "0110",
                  "--encoding", "tableau", "--max-tokens", "90", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert len(out["cot"]) == out["steps"] * (out["width"] + 1) == 90
    # 0111's own run is shorter: the limit is passed by the shared shape
    r = arcot_cli("trace", "zoo:palindrome", "--input", "0111",
                  "--encoding", "tableau", "--max-tokens", "89")
    assert_one_error_line(r, code=3)
    assert "would have 90 tokens (T=15, W=5)" in r.err
