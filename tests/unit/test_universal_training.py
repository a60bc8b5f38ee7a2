"""Learning U from its traces (issue 9): random programs, U's CoT on them as
training data, least squares on pairwise features right on what it saw, and
least squares on additive features refuted."""

import numpy as np
import pytest

from arcot.cot import as_tableau, encode_tableau
from arcot.errors import LearningError, UniversalEncodingError
from arcot.learn import fit_linear_predictor, rollout
from arcot.machine import Move, run
from arcot.pipeline.weights import exact_weights
from arcot.universal.training import (
    MAX_PROGRAM_STEPS,
    certify_programs,
    combine,
    held_out,
    program_data,
    program_windows,
    random_programs,
    trace_windows,
)
from arcot.universal.utm import UTM
from arcot.verify.exact import verify_exact
from arcot.verify.windows import _Decider, decide_arrays
from arcot.zoo import get

TABLEAU = as_tableau(UTM)


def keys(data):
    v = len(data.vocabulary)
    w = np.asarray(data.windows)
    return set((((w[:, 0] * v + w[:, 1]) * v + w[:, 2]) * v + data.targets).tolist())


@pytest.fixture(scope="module")
def programs():
    return random_programs(8, seed=3)


@pytest.fixture(scope="module")
def pairwise(programs):
    data = program_windows(programs)
    return data, fit_linear_predictor(data, features="pairwise")


def test_random_programs_are_deterministic_and_stop_soon():
    a, b = random_programs(40, seed=5), random_programs(40, seed=5)
    assert a == b
    assert a != random_programs(40, seed=6)
    assert random_programs(10, seed=5) == a[:10]  # one stream of draws
    for p in a:
        m = p.machine
        assert 1 <= m.n_states - len(m.halt_states) <= 4
        assert len(m.halt_states) <= 3 and 1 <= m.n_symbols <= 4
        assert len(p.word) <= 4
        r = run(m, p.word, max_steps=MAX_PROGRAM_STEPS)
        assert r.halted and r.steps == p.steps
    moves = {t.move for p in a for t in p.machine.transitions.values()}
    assert Move.STAY in moves
    assert any(len(p.machine.halt_states) > 1 for p in a)
    assert any(len(p.machine.transitions) < (p.machine.n_states - len(
        p.machine.halt_states)) * p.machine.n_symbols for p in a)  # undefined


def test_random_programs_refuse_bad_requests():
    with pytest.raises(LearningError, match="k must be"):
        random_programs(0)
    with pytest.raises(LearningError, match="max_steps"):
        random_programs(3, max_steps=-1)


def test_program_data_is_u_local_rule(programs):
    raw = program_windows(programs[:4], distinct=False)
    w = np.asarray(raw.windows)
    assert (raw.targets == TABLEAU.rules(w[:, 0], w[:, 1], w[:, 2])).all()
    sizes = [len(encode_tableau(UTM, p.prompt).cot) for p in programs[:4]]
    assert len(raw) == sum(sizes)  # every CoT token, each on its own tableau
    assert raw.window is None and raw.steps is None
    distinct = program_windows(programs[:4])
    assert len(distinct) == len(keys(distinct)) == len(keys(raw))
    assert keys(distinct) == keys(raw)  # the walk and the written tableau agree
    assert (distinct.positions == -1).all()
    assert set(map(tuple, np.asarray(distinct.windows).tolist())) == set().union(
        *trace_windows(programs[:4]))


def test_program_data_names_its_source_and_needs_u():
    assert program_data(2).source == "programs:2"
    with pytest.raises(UniversalEncodingError, match="not the universal machine"):
        program_data(2, universal=get("bb2"))
    with pytest.raises(LearningError, match="no programs"):
        program_windows([])


def test_lstsq_pairwise_is_right_on_what_it_saw(programs, pairwise):
    data, predictor = pairwise
    assert predictor.info.residual < 1e-12
    weights = exact_weights(predictor)
    _, margins, _ = decide_arrays(_Decider(weights, TABLEAU.vocabulary), TABLEAU,
                                  np.asarray(data.windows))
    assert (np.asarray(margins) > 0).all()  # exactly, on every training window
    h = held_out(weights, programs)  # so on every training program's tableau
    assert h.windows_wrong == 0 and h.programs_right == len(programs)
    small = [p for p in programs if len(encode_tableau(UTM, p.prompt).cot) < 60_000]
    assert small
    for p in small:  # and its own rollout writes U's CoT
        assert rollout(predictor, UTM, p.prompt).agrees


def test_lstsq_pairwise_on_traces_alone_is_not_verified(pairwise):
    data, predictor = pairwise
    result = verify_exact(exact_weights(predictor), TABLEAU)
    assert not result.verified and result.failures > 0
    assert len(data) < result.checked // 20  # the traces show a few % of windows


def test_lstsq_additive_on_u_is_refuted(programs):
    data = combine(program_windows(programs[:3]), program_data(2, seed=9))
    assert data.source == "programs:3+programs:2"
    weights = exact_weights(fit_linear_predictor(data, features="additive"))
    result = verify_exact(weights, TABLEAU, scope="inputs:1")
    assert not result.verified
    c = result.counterexample
    assert c is not None and c.margin <= 0 and c.input is not None
    assert TABLEAU.vocabulary.names.index(c.expected) == TABLEAU.rule(
        *(TABLEAU.vocabulary.names.index(t) for t in c.window))
    h = held_out(weights, programs[:3])  # wrong on its own training programs
    assert h.windows_wrong > 0 and h.first_wrong is not None


def test_certify_programs_names_its_data():
    r = certify_programs(3, configurations=50, scope="inputs:0")
    assert r.train == "programs:3+configurations:50" and r.verified
    assert r.machine == UTM and r.features == "pairwise"
    with pytest.raises(LearningError, match="learner"):
        certify_programs(3, learner="construct")
