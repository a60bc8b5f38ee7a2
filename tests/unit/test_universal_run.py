"""run_universal: the verified predictor of zoo:utm, rolled out."""

import pytest

from arcot.errors import MachineDefinitionError, UniversalEncodingError
from arcot.machine import run
from arcot.machine.formats import machine_from_table
from arcot.universal.run import run_universal, universal_predictor
from arcot.zoo import get


@pytest.fixture(scope="module")
def predictor():
    return universal_predictor()


def test_the_predictor_is_verified_over_every_window(predictor):
    v = predictor.verification
    assert v.verified and v.scope == "windows" and v.checked == 272_541


@pytest.mark.parametrize("budget", [0, 1, 5])
def test_a_budget_stops_a_machine_that_never_halts(predictor, budget):
    # regression: a budget of 0 ran on to the token limit (the prompt, the
    # configuration after 0 steps, was never decoded)
    tm = machine_from_table("a _ -> _ N a", halt_states=[])
    got = run_universal(tm, (), predictor=predictor, max_steps=budget).result
    assert got == run(tm, (), max_steps=budget)
    assert not got.halted and got.steps == budget


def test_bb4_through_the_predictor(predictor):
    tm = get("bb4")
    got = run_universal(tm, predictor=predictor, max_steps=1000)
    assert got.result == run(tm, max_steps=1000)
    assert got.utm_steps == 58_324  # U's steps: every row the predictor wrote
    assert got.cot_tokens == got.utm_steps * (got.width + 1)


def test_bad_budget_and_bad_word(predictor):
    with pytest.raises(UniversalEncodingError, match="max_steps"):
        run_universal(get("bb2"), predictor=predictor, max_steps=-1)
    with pytest.raises(MachineDefinitionError):
        run_universal(get("bb2"), "9", predictor=predictor)


def test_weights_past_int64_are_scored_in_python_ints(predictor):
    from arcot.construct import ExactWeights
    from arcot.universal.run import UniversalPredictor

    w = predictor.weights
    big = ExactWeights(kind=w.kind, rows={y: {c: v * 2**62 for c, v in row.items()}
                                          for y, row in w.rows.items()})
    # the same ranking on every window; the verification object is borrowed
    huge = UniversalPredictor(weights=big, tableau=predictor.tableau,
                              verification=predictor.verification, source="scaled")
    assert not huge._tables.in_kernel
    tm = get("bb2")
    assert run_universal(tm, predictor=huge).result == run(tm, max_steps=100)
