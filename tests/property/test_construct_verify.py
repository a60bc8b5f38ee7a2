"""construct -> verify(windows) passes on random machines; the fast verifier
agrees with a plain Fraction reference; certificates of random machines pass
the trusted checker."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from arcot.construct import ExactWeights, tableau_weights
from arcot.cot import HeadCell, local_rule, tableau_vocabulary
from arcot.learn.features import Coord, window_coords
from arcot.machine import run
from arcot.testing import turing_machines
from arcot.verify import checker
from arcot.verify.certificate import check_certificate, make_certificate
from arcot.verify.exact import checked_windows, verify_exact

KINDS = st.sampled_from(["additive", "pairwise"])


def reference_check(weights, machine):
    """Plain and slow: Fraction scores of every token on every window."""
    vocab = tableau_vocabulary(machine)
    names = vocab.names
    least, ok = None, True
    heads = [isinstance(t, HeadCell) for t in vocab.tokens]
    for a in range(len(vocab)):
        for b in range(len(vocab)):
            for c in range(len(vocab)):
                if names[b] != "#" and heads[a] + heads[b] + heads[c] > 1:
                    continue
                want = str(local_rule(machine, *(vocab.tokens[i] for i in (a, b, c))))
                coords = window_coords(weights.kind, vocab, a, b, c)
                score = {
                    y: sum(
                        (weights.rows.get(y, {}).get(k, Fraction(0)) for k in coords),
                        Fraction(0),
                    )
                    for y in names
                }
                margin = score[want] - max(s for y, s in score.items() if y != want)
                least = margin if least is None else min(least, margin)
                ok = ok and margin > 0
    return ok, least


@given(turing_machines(max_states=4, max_symbols=3), KINDS)
def test_constructed_predictor_verifies_on_every_window(machine, kind):
    result = verify_exact(tableau_weights(machine, kind), machine, scope="windows")
    assert result.verified, result.counterexample
    assert result.failures == 0
    windows = checked_windows(tableau_vocabulary(machine))
    assert result.checked == sum(1 for _ in windows)
    assert result.min_margin == 1


@given(turing_machines(max_states=3, max_symbols=3, halting=True), KINDS)
def test_constructed_predictor_rolls_out_like_the_simulator(machine, kind):
    result = verify_exact(tableau_weights(machine, kind), machine, scope="inputs:2")
    assert result.verified, result.counterexample
    assert result.checked == sum(len(machine.input_symbols) ** n for n in range(3))


@given(
    turing_machines(max_states=2, max_symbols=2),
    KINDS,
    st.data(),
)
def test_verifier_agrees_with_the_fraction_reference(machine, kind, data):
    """Perturb a few weights at random; verdict and least margin must match."""
    weights = tableau_weights(machine, kind)
    rows = {y: dict(r) for y, r in weights.rows.items()}
    names = list(tableau_vocabulary(machine).names)
    slots = ["L", "M", "R"] if kind == "additive" else ["M", "LM", "MR"]
    for _ in range(data.draw(st.integers(0, 3))):
        y = data.draw(st.sampled_from(names))
        slot = data.draw(st.sampled_from(slots))
        arity = len(slot)
        value = tuple(data.draw(st.sampled_from(names)) for _ in range(arity))
        w = data.draw(st.fractions(-3, 3, max_denominator=4) | st.floats(-3, 3))
        rows.setdefault(y, {})[Coord(slot, value)] = w
    mutated = ExactWeights(kind=kind, rows=rows)
    result = verify_exact(mutated, machine)
    ok, least = reference_check(mutated, machine)
    assert result.verified == ok
    assert result.min_margin == least
    if not ok:
        assert result.counterexample is not None
        assert result.counterexample.margin <= 0


@given(turing_machines(max_states=3, max_symbols=2, halting=True))
def test_a_wrong_predictor_has_a_rollout_counterexample(machine):
    """If a short input goes wrong, the counterexample names it and the step."""
    weights = tableau_weights(machine, "additive")
    rows = {y: dict(r) for y, r in weights.rows.items()}
    rows["#"] = {Coord("M", ("#",)): 0}  # the delimiter now never wins
    result = verify_exact(ExactWeights(kind="additive", rows=rows), machine)
    assert not result.verified
    cx = result.counterexample
    assert cx is not None
    if run(machine, (), max_steps=10_000).steps >= 1:
        # the blank tape's CoT has a row, and every row starts with '#'
        assert cx.input is not None
        assert cx.expected == "#" and cx.cell == 0 and cx.step >= 1


@given(turing_machines(max_states=3, max_symbols=3, allow_stay=False), KINDS)
def test_certificates_of_random_machines_pass_the_checker(machine, kind):
    doc = make_certificate(machine, features=kind).to_json()
    assert checker.check(doc)[0] == "verified"
    assert check_certificate(doc)[0] == "verified"


@given(turing_machines(max_states=2, max_symbols=2, halting=True), st.integers(0, 2))
def test_compiled_machine_predictors_reproduce_the_machine(machine, n):
    """Cor 3.9 via Thm 3.8: the compiled circuit's per-position threshold
    predictors, rolled out, give the simulator's tableau on every input."""
    from arcot.circuit import compile_machine
    from arcot.cot import length_shape
    from arcot.verify.exact import verify_compiled_machine

    window, steps = length_shape(machine, n, max_steps=1000)
    if steps == 0:
        return  # no CoT at all: nothing to predict
    result = verify_compiled_machine(compile_machine(machine, n, steps, window))
    assert result.verified, result.counterexample
