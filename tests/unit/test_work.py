"""The work estimate of arcot.pipeline.work: exact where every input is run,
refusals before any work, and the running count of verify_exact."""

from __future__ import annotations

import itertools

import pytest

from arcot.cot import encode_tableau
from arcot.errors import SizeLimitExceeded, StepLimitExceeded
from arcot.learn.data import all_words, tableau_batch
from arcot.pipeline import certify, check_request_work
from arcot.pipeline.work import check_work, count_inputs, estimate_work
from arcot.verify.exact import verify_exact
from arcot.zoo import get


def _own_tokens(machine, n_max):
    return sum(
        len(encode_tableau(machine, w, max_steps=10_000).tokens)
        for n in range(n_max + 1)
        for w in itertools.product(machine.input_symbols, repeat=n)
    )


@pytest.mark.parametrize(("name", "n"), [("palindrome", 3), ("increment", 3),
                                         ("parity", 4), ("bb3", 0)])
def test_every_input_run_gives_the_exact_token_count(name, n):
    m = get(name)
    e = estimate_work(m, f"inputs:{n}")
    assert e.exact and e.probes == e.inputs == count_inputs(m, f"inputs:{n}")
    assert e.tokens == _own_tokens(m, n)


def test_a_shared_shape_counts_the_training_streams_exactly():
    m = get("palindrome")
    e = estimate_work(m, "inputs:4", role="train", shared=True)
    batch = tableau_batch(m, all_words(m, 4))
    assert e.exact and e.tokens == batch.streams.size
    assert e.bytes == batch.streams.nbytes


def test_a_sample_scope_probes_its_own_inputs():
    # K <= the probes: the probes are the scope's inputs, so exact
    m = get("palindrome")
    e = estimate_work(m, "sample:20", seed=3)
    assert e.exact and e.inputs == 20
    from arcot.verify.scope import sample_words

    words = sample_words(m.input_symbols, 20, seed=3, max_length=8)
    assert e.tokens == sum(len(encode_tableau(m, w).tokens) for w in words)
    assert not estimate_work(m, "sample:20", role="train", shared=True).exact


def test_an_estimate_from_probes_is_near_the_truth():
    # not every input run: the probes stand for the rest; a guide for a
    # refusal, so the same order is what it must get right (21% over here)
    m = get("palindrome")
    e = estimate_work(m, "inputs:9")
    assert not e.exact and e.probes <= 64
    true = _own_tokens(m, 9)
    assert true / 1.5 <= e.tokens <= 1.5 * true, (e.tokens, true)


def test_specs_that_roll_nothing_out_have_no_estimate():
    m = get("bb2")
    for spec in ("windows", "configurations:100", "inputs:x", "bogus"):
        assert estimate_work(m, spec) is None
        assert check_work(m, spec, max_inputs=0, max_tokens=0) is None


def test_counts_are_exact_and_huge_ones_say_so():
    m = get("palindrome")
    assert count_inputs(m, "inputs:40") == 2**41 - 1
    assert count_inputs(m, "inputs:40", encoding="circuit") == 2**40
    assert count_inputs(m, "sample:7") == 7
    with pytest.raises(SizeLimitExceeded, match="names more than 2\\*\\*4096 "):
        check_work(m, f"inputs:{10**18}", max_inputs=10, max_tokens=None)


def test_the_count_is_refused_before_any_run():
    # a machine that never stops: a probe would raise StepLimitExceeded
    from arcot.machine import parse_tm

    loop = parse_tm("1RA1RA")  # one input symbol: inputs:N names N + 1 words
    with pytest.raises(SizeLimitExceeded, match="names 2001 inputs"):
        check_work(loop, "inputs:2000", max_inputs=1000, max_tokens=None)
    with pytest.raises(StepLimitExceeded, match="did not stop within 50 steps"):
        check_work(loop, "inputs:2000", max_inputs=None, max_tokens=None,
                   max_steps=50)


def test_certify_takes_the_limits():
    with pytest.raises(SizeLimitExceeded, match=r"scope inputs:6: 127 inputs, .*"
                       r"more than max_tokens 100; "):
        certify("zoo:palindrome", learner="construct", scope="inputs:6",
                max_tokens=100)
    with pytest.raises(SizeLimitExceeded, match="train inputs:6 names 127"):
        certify("zoo:palindrome", train="inputs:6", max_inputs=100)
    r = certify("zoo:palindrome", learner="construct", scope="inputs:3",
                max_tokens=10_000, max_inputs=15)
    assert r.verified and r.verification.checked == 15


def test_the_requests_jobs():
    m = get("palindrome")
    found = check_request_work(
        m, encoding="tableau", learner="lstsq", train="inputs:2",
        scope="sample:5", tied=True, seed=0, max_steps=100,
        max_inputs=None, max_tokens=None, flags=True)
    assert [e.what for e in found] == ["--train inputs:2", "--scope sample:5"]
    circuit = check_request_work(
        m, encoding="circuit", learner="construct", train=None,
        scope="inputs:2", tied=True, seed=0, max_steps=100,
        max_inputs=None, max_tokens=None)
    assert [(e.what, e.inputs, e.unit) for e in circuit] == [
        ("scope inputs:2", 4, "circuit tokens")]


def test_verify_counts_the_rollouts_as_it_goes():
    # the running count holds even without an estimate: stops past the limit
    from arcot.construct import tableau_weights

    m = get("palindrome")
    w = tableau_weights(m, "additive")
    total = _own_tokens(m, 3)
    assert verify_exact(w, m, scope="inputs:3", max_tokens=total).verified
    with pytest.raises(SizeLimitExceeded, match=f"took {total} tableau tokens, "
                       f"more than the limit of {total - 1}"):
        verify_exact(w, m, scope="inputs:3", max_tokens=total - 1)
