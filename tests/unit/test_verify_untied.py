"""arcot.verify.exact on untied (per-position) predictors: one test per rule."""

from fractions import Fraction

import pytest

from arcot.construct import ExactWeights, tableau_weights
from arcot.cot import TableauWindow, encode_tableau, tableau_vocabulary, tableau_window
from arcot.errors import LearningError, VerificationError
from arcot.learn import fit_linear_predictor, fit_perceptron, training_data
from arcot.learn.data import all_words
from arcot.learn.features import window_coords
from arcot.pipeline import certify, exact_weights
from arcot.verify.exact import UntiedWeights, checked_windows, verify_exact
from arcot.zoo import get

INC = get("increment")
BB2 = get("bb2")


def untied_fit(machine, n, *, features="pairwise", learner=fit_linear_predictor):
    return learner(training_data(machine, f"inputs:{n}"), features=features, tied=False)


def training_shape(machine, n):
    return tableau_window(machine, all_words(machine, n), max_steps=10_000)


def bump(weights: UntiedWeights, t: int, token: str, coord, delta) -> UntiedWeights:
    """The weights with ``delta`` added at position ``t``, token, coordinate."""
    rows = {y: dict(r) for y, r in weights.positions[t].rows.items()}
    row = rows.setdefault(token, {})
    row[coord] = row.get(coord, Fraction(0)) + delta
    positions = list(weights.positions)
    positions[t] = ExactWeights(kind=weights.kind, rows=rows)
    return UntiedWeights(kind=weights.kind, positions=tuple(positions))


# -- UntiedWeights -------------------------------------------------------------


def test_untied_weights_kind_must_be_a_feature_kind():
    with pytest.raises(VerificationError, match="'cubic'"):
        UntiedWeights(kind="cubic", positions=(ExactWeights(kind="additive", rows={}),))


def test_untied_weights_positions_must_be_a_sequence():
    with pytest.raises(VerificationError, match=r"tuple or list.*dict"):
        UntiedWeights(kind="additive", positions={})  # type: ignore[arg-type]


def test_untied_weights_need_a_position():
    with pytest.raises(VerificationError, match="at least one position"):
        UntiedWeights(kind="additive", positions=())


def test_untied_weights_positions_must_be_exact_weights():
    with pytest.raises(VerificationError, match=r"positions\[1\] must be ExactWeights"):
        UntiedWeights(
            kind="additive",
            positions=(ExactWeights(kind="additive", rows={}), {"0": {}}),  # type: ignore[arg-type]
        )


def test_untied_weights_positions_share_the_kind():
    with pytest.raises(VerificationError, match=r"positions\[0\] has pairwise"):
        UntiedWeights(
            kind="additive", positions=(ExactWeights(kind="pairwise", rows={}),)
        )


def test_untied_weights_list_becomes_tuple():
    w = ExactWeights(kind="additive", rows={})
    assert UntiedWeights(kind="additive", positions=[w, w]).positions == (w, w)


def test_from_predictor_needs_a_linear_predictor():
    with pytest.raises(VerificationError, match="must be a LinearPredictor"):
        UntiedWeights.from_predictor(tableau_weights(BB2))  # type: ignore[arg-type]


def test_from_predictor_refuses_a_tied_predictor():
    tied = fit_linear_predictor(training_data(BB2, "inputs:0"))
    with pytest.raises(VerificationError, match="tied"):
        UntiedWeights.from_predictor(tied)


def test_from_predictor_converts_every_float_exactly():
    p = untied_fit(INC, 2)
    u = UntiedWeights.from_predictor(p)
    assert len(u.positions) == p.positions
    for (t, coord), row in p.weight_table().items():
        for token, w in row.items():
            # exactly the float, as a dyadic rational: nothing rounded
            got = u.positions[t].rows[token][coord]
            assert got.denominator & (got.denominator - 1) == 0
            assert float(got) == w
    assert sum(w.n_weights for w in u.positions) == int((p.weights != 0).sum())


# -- verify_exact: validation --------------------------------------------------


@pytest.mark.parametrize("window", [(-2, 6), "wide", 3])
def test_window_must_be_a_tableau_window(window):
    with pytest.raises(VerificationError, match="window must be a TableauWindow"):
        verify_exact(untied_fit(INC, 1), INC, scope="inputs:1", window=window)


@pytest.mark.parametrize("steps", [-1, True, 2.0, "3"])
def test_steps_must_be_an_integer(steps):
    with pytest.raises(VerificationError, match="steps must be an integer"):
        verify_exact(untied_fit(INC, 1), INC, scope="inputs:1", steps=steps)


def test_a_given_window_must_hold_every_run():
    window, _ = training_shape(INC, 2)
    small = TableauWindow(left=window.left + 1, width=window.width - 1)
    with pytest.raises(VerificationError, match="does not hold them"):
        verify_exact(untied_fit(INC, 2), INC, scope="inputs:2", window=small)


def test_given_steps_must_hold_every_run():
    _, steps = training_shape(INC, 2)
    with pytest.raises(VerificationError, match=f"need .* and {steps} steps"):
        verify_exact(untied_fit(INC, 2), INC, scope="inputs:2", steps=steps - 1)


def test_positions_beyond_the_predictor_are_an_error_naming_them():
    p = untied_fit(INC, 2)
    window, steps = training_shape(INC, 3)
    need = steps * (window.width + 1)
    with pytest.raises(
        VerificationError,
        match=rf"positions 0\.\.{p.positions - 1}; scope inputs:3 needs "
        rf"positions {p.positions}\.\.{need - 1}",
    ):
        verify_exact(p, INC, scope="inputs:3", window=window, steps=steps)


def test_an_untied_fit_is_checked_and_rolled_out_on_its_training_shape():
    """Its positions mean what they meant in training (issue 7): by default
    verify_exact and rollout both use the shape it records."""
    from arcot.learn import rollout

    p = untied_fit(INC, 2)
    window, steps = training_shape(INC, 2)
    assert (p.window, p.steps) == (window, steps)
    r = verify_exact(p, INC, scope="inputs:2")
    assert r.verified and (r.window, r.steps) == (window, steps)
    for word in all_words(INC, 2):
        assert rollout(p, INC, word).expected.width == window.width
        assert rollout(p, INC, word).agrees
    with pytest.raises(VerificationError, match="does not hold them"):
        verify_exact(p, INC, scope="inputs:3")  # longer inputs do not fit


def test_positions_beyond_the_predictor_in_a_sample():
    p = untied_fit(INC, 1)
    window, steps = training_shape(INC, 6)
    with pytest.raises(VerificationError, match="cannot roll out a longer CoT"):
        verify_exact(p, INC, scope="sample:5", max_length=6, window=window,
                     steps=steps)


def test_a_sample_needs_the_training_shape():
    """A shape taken from the sample would make the trials depend on each
    other (issue 7): a sample scope of an untied predictor needs it given."""
    with pytest.raises(VerificationError, match="give window and steps"):
        verify_exact(UntiedWeights.from_predictor(untied_fit(INC, 1)), INC,
                     scope="sample:5", max_length=1)
    # a fit records its training shape, which is then the default
    r = verify_exact(untied_fit(INC, 1), INC, scope="sample:5", max_length=1)
    assert r.window == training_shape(INC, 1)[0]


def test_a_tied_linear_predictor_is_still_refused():
    tied = fit_linear_predictor(training_data(BB2, "inputs:0"))
    with pytest.raises(VerificationError, match="neither ExactWeights"):
        verify_exact(tied, BB2)


# -- verify_exact: verdicts ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "n"),
    [("increment", 2), ("parity", 3), ("bb2", 0), ("palindrome", 2), ("unary-add", 2)],
)
def test_pairwise_least_squares_on_covering_inputs_verifies(name, n):
    machine = get(name)
    p = untied_fit(machine, n)
    r = verify_exact(p, machine, scope=f"inputs:{n}")
    assert r.verified, r.counterexample
    assert (r.unit, r.failures, r.positions) == ("inputs", 0, p.positions)
    assert r.checked == len(all_words(machine, n))
    assert r.min_margin is not None and r.min_margin > 0
    assert r.features == "pairwise"
    # the same, handed in as exact weights
    again = verify_exact(UntiedWeights.from_predictor(p), machine, scope=f"inputs:{n}")
    assert again == r


def test_additive_perceptron_on_covering_inputs_verifies():
    p = untied_fit(INC, 2, features="additive", learner=fit_perceptron)
    r = verify_exact(p, INC, scope="inputs:2")
    assert r.verified, r.counterexample
    assert r.features == "additive"


def test_untied_fit_is_checked_on_its_training_shape():
    """Positions mean positions in one tableau: pinned, fewer inputs verify."""
    p = untied_fit(INC, 2)
    window, steps = training_shape(INC, 2)
    r = verify_exact(p, INC, scope="inputs:1", window=window, steps=steps)
    assert r.verified and r.checked == 3
    # the fit records that shape, so it is the default ...
    assert verify_exact(p, INC, scope="inputs:1") == r
    # ... but bare weights do not know it: on the least shape of inputs:1
    # the CoT is laid out differently (other positions, unseen windows),
    # and the exact check says so
    own = verify_exact(UntiedWeights.from_predictor(p), INC, scope="inputs:1")
    assert not own.verified


def test_perturbed_predictor_is_refuted_with_a_counterexample():
    machine, n = INC, 2
    u = UntiedWeights.from_predictor(untied_fit(machine, n))
    window, steps = training_shape(machine, n)
    vocab = tableau_vocabulary(machine)
    word = ("1", "1")
    trace = encode_tableau(machine, word, window=window, steps=steps)
    stream = [int(x) for x in trace.tokens]
    row = window.width + 1
    t = 3 * row + 2  # a cell in CoT row 4
    p = row + t
    win = (stream[p - row - 1], stream[p - row], stream[p - row + 1])
    want = vocab.names[stream[p]]
    other = next(y for y in vocab.names if y != want)
    coord = window_coords("pairwise", vocab, *win)[0]
    bad = bump(u, t, other, coord, Fraction(5, 3))
    r = verify_exact(bad, machine, scope=f"inputs:{n}")
    assert not r.verified and r.failures >= 1
    cx = r.counterexample
    assert cx is not None and cx.position == t
    assert cx.step == p // row and cx.cell == p % row
    assert cx.got == other
    assert cx.margin <= 0 and r.min_margin == min(cx.margin, r.min_margin)
    # the input's tableau shows the window and the expected token at t,
    # and the changed coordinate fires there
    shown = encode_tableau(machine, cx.input, window=window, steps=steps).tokens
    above = shown[p - row - 1 : p - row + 2]
    assert cx.window == tuple(vocab.names[int(x)] for x in above)
    assert cx.expected == vocab.names[int(shown[p])]
    ids = tuple(vocab.names.index(x) for x in cx.window)
    assert coord in window_coords("pairwise", vocab, *ids)
    # only inputs whose window at t fires the changed coordinate can fail,
    # and the input the change was made for is one of them
    firing = [
        w for w in all_words(machine, n)
        if coord in window_coords("pairwise", vocab, *(
            int(x) for x in encode_tableau(
                machine, w, window=window, steps=steps
            ).tokens[p - row - 1 : p - row + 2]
        ))
    ]
    assert word in firing and 1 <= r.failures <= len(firing)
    json = cx.to_json()
    assert json["position"] == t and json["step"] == cx.step


def test_perturbation_at_another_position_does_not_matter():
    """The same change at a position whose window never occurs is harmless."""
    u = UntiedWeights.from_predictor(untied_fit(INC, 2))
    vocab = tableau_vocabulary(INC)
    # position 0 is the first CoT delimiter: its middle token is always '#'
    coord = window_coords("pairwise", vocab, 1, 1, 1)[0]
    assert coord.value != ("#",)
    fine = bump(u, 0, vocab.names[1], coord, Fraction(100))
    assert verify_exact(fine, INC, scope="inputs:2").verified


def test_sample_scope_gives_the_error_rate_and_bound():
    p = untied_fit(INC, 3)
    window, steps = training_shape(INC, 3)
    r = verify_exact(p, INC, scope="sample:20", max_length=3, window=window,
                     steps=steps, seed=1)
    assert r.verified and r.unit == "samples" and r.checked == 20
    assert r.error_rate == 0
    assert 0 < r.error_bound < 0.2 and r.confidence == 0.95


def test_sample_scope_counts_failures():
    u = UntiedWeights.from_predictor(untied_fit(BB2, 0))
    empty = ExactWeights(kind="pairwise", rows={})
    broken = UntiedWeights(kind="pairwise", positions=(empty, *u.positions[1:]))
    window, steps = training_shape(BB2, 0)
    r = verify_exact(broken, BB2, scope="sample:4", max_length=0, window=window,
                     steps=steps)
    assert (r.failures, r.error_rate, r.error_bound) == (4, 1, 1.0)
    assert r.counterexample.position == 0 and r.counterexample.margin == 0


def test_windows_scope_replicated_construction_verifies():
    w = tableau_weights(BB2, "pairwise")
    u = UntiedWeights(kind="pairwise", positions=(w,) * 7)
    r = verify_exact(u, BB2, scope="windows")
    n_windows = sum(1 for _ in checked_windows(tableau_vocabulary(BB2)))
    assert r.verified and r.unit == "windows"
    assert r.checked == 7 * n_windows and r.min_margin == 1 and r.positions == 7


def test_windows_scope_is_stronger_than_needed():
    """A fitted untied predictor rolls out every input yet fails windows."""
    p = untied_fit(INC, 2)
    assert verify_exact(p, INC, scope="inputs:2").verified
    r = verify_exact(p, INC, scope="windows")
    assert not r.verified and r.failures > 0
    cx = r.counterexample
    assert cx.position is not None and cx.margin <= 0 and cx.expected != cx.got


def test_windows_scope_counts_each_failing_position():
    w = tableau_weights(BB2, "pairwise")
    empty = ExactWeights(kind="pairwise", rows={})
    u = UntiedWeights(kind="pairwise", positions=(w, empty, w, empty))
    r = verify_exact(u, BB2, scope="windows", search_length=0)
    n_windows = sum(1 for _ in checked_windows(tableau_vocabulary(BB2)))
    assert r.failures == 2 * n_windows and r.min_margin == 0
    assert r.counterexample.position == 1 and r.counterexample.input is None


def test_windows_scope_searches_for_an_input():
    """A failing window that a short run shows comes back with that input."""
    w = tableau_weights(BB2, "pairwise")
    window, steps = tableau_window(BB2, [()], max_steps=100)
    n_pos = steps * (window.width + 1)
    trace = encode_tableau(BB2)
    vocab = trace.vocabulary
    stream = [int(x) for x in trace.tokens]
    row = window.width + 1
    t = 2 * row + 1
    p = row + t
    win = (stream[p - row - 1], stream[p - row], stream[p - row + 1])
    u = UntiedWeights(kind="pairwise", positions=(w,) * n_pos)
    want = vocab.names[stream[p]]
    bad = bump(u, t, want, window_coords("pairwise", vocab, *win)[1], Fraction(-1))
    r = verify_exact(bad, BB2, scope="windows", search_length=0)
    cx = r.counterexample
    assert not r.verified
    assert (cx.input, cx.position, cx.step, cx.cell) == ((), t, p // row, p % row)
    assert cx.window == tuple(vocab.names[i] for i in win) and cx.margin == 0


# -- tied behaviour is unchanged ----------------------------------------------


def test_tied_results_are_unchanged():
    w = tableau_weights(get("bb3"), "additive")
    r = verify_exact(w, get("bb3"))
    assert (r.verified, r.checked, r.min_margin, r.positions) == (True, 307, 1, None)
    r = verify_exact(w, get("bb3"), scope="inputs:3")
    assert (r.verified, r.checked, r.positions) == (True, 4, None)
    assert r.to_json()["positions"] is None


def test_tied_counterexample_names_its_position():
    bb4 = get("bb4")
    p = fit_linear_predictor(training_data(bb4, "configurations:3000"),
                             features="additive")
    r = verify_exact(exact_weights(p), bb4, scope="inputs:0")
    cx = r.counterexample
    assert not r.verified and cx.input == ()
    width = encode_tableau(bb4).width
    assert cx.position == cx.step * (width + 1) + cx.cell - (width + 1)


def test_tied_given_shape_checks_on_it():
    w = tableau_weights(INC, "pairwise")
    window, steps = training_shape(INC, 3)
    r = verify_exact(w, INC, scope="inputs:1", window=window, steps=steps + 2)
    assert r.verified and r.checked == 3


# -- certify(tied=False) -------------------------------------------------------


def test_certify_untied_verifies_without_a_certificate():
    r = certify("zoo:increment", tied=False, scope="inputs:2")
    assert r.verified and r.train == "inputs:2"
    assert isinstance(r.weights, UntiedWeights) and not r.predictor.tied
    assert r.certificate is None and "tied predictors only" in r.certificate_note
    assert r.to_json()["checked"] == 7


def test_certify_untied_on_fewer_inputs_uses_the_training_shape():
    r = certify("zoo:increment", tied=False, scope="inputs:1", train="inputs:2")
    assert r.verified and r.verification.checked == 3


def test_certify_untied_refuted_in_windows_scope_has_no_note():
    r = certify("zoo:increment", tied=False, scope="windows", train="inputs:1")
    assert not r.verified and r.certificate_note is None
    assert r.to_json()["counterexample"]["position"] is not None


def test_certify_untied_perceptron():
    r = certify("zoo:parity", tied=False, learner="perceptron", scope="inputs:2")
    assert r.verified and r.features == "additive"


def test_certify_untied_refuses_construct():
    with pytest.raises(LearningError, match="construct builds a tied"):
        certify("zoo:bb2", tied=False, learner="construct", scope="inputs:0")


def test_certify_untied_needs_train_without_inputs_scope():
    with pytest.raises(LearningError, match="give train=inputs:N"):
        certify("zoo:bb2", tied=False, scope="windows")


def test_certify_untied_trains_on_inputs():
    with pytest.raises(LearningError, match="not configurations:100"):
        certify("zoo:bb2", tied=False, scope="inputs:0", train="configurations:100")


def test_certify_tied_must_be_a_bool():
    with pytest.raises(LearningError, match="tied must be True or False"):
        certify("zoo:bb2", tied=0)  # type: ignore[arg-type]
