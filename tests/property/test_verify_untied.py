"""Untied (per-position) predictors: the exact verdict of ``verify_exact``
matches a plain Fraction rollout, and agrees with the float rollout wherever
the margins stand clear of float rounding."""

from fractions import Fraction

from hypothesis import assume, event, given
from hypothesis import strategies as st

from arcot.construct import ExactWeights
from arcot.cot import DELIMITER, encode_tableau, tableau_vocabulary, tableau_window
from arcot.learn import fit_linear_predictor, fit_perceptron, rollout, training_data
from arcot.learn.data import all_words
from arcot.learn.features import window_coords
from arcot.testing import turing_machines
from arcot.verify.exact import UntiedWeights, verify_exact

MACHINES = turing_machines(max_states=3, max_symbols=3, halting=True)
FITS = st.sampled_from(
    [(fit_linear_predictor, "pairwise"), (fit_linear_predictor, "additive"),
     (fit_perceptron, "additive")]
)


def reference(weights, machine, words, window, steps):
    """Plain and slow: each input's CoT written by the predictor itself.

    Starting from the prompt row alone, position ``t`` scores every token
    with position ``t``'s weights (Fraction sums over the coordinates its
    window fires) and writes the argmax; the input fails at the first
    position where the simulator's token does not strictly beat every
    other. Returns per input ``(ok, least margin, failure)`` where
    ``failure`` is ``(position, window, expected, got, margin)``.
    """
    vocab = tableau_vocabulary(machine)
    names = vocab.names
    delim = vocab.id(DELIMITER)
    row = window.width + 1
    out = []
    for word in words:
        truth = [int(x) for x in
                 encode_tableau(machine, word, window=window, steps=steps).tokens]
        written = truth[:row]  # the prompt: all the predictor is given
        least, failure = None, None
        for p in range(row, len(truth)):
            t = p - row
            win = (written[p - row - 1] if p > row else delim,
                   written[p - row], written[p - row + 1])
            coords = window_coords(weights.kind, vocab, *win)
            rows = weights.positions[t].rows
            score = [
                sum((rows.get(y, {}).get(c, Fraction(0)) for c in coords), Fraction(0))
                for y in names
            ]
            want = truth[p]
            best_other = max(s for i, s in enumerate(score) if i != want)
            margin = score[want] - best_other
            least = margin if least is None else min(least, margin)
            if margin <= 0:
                got = min(
                    i for i, s in enumerate(score) if i != want and s == best_other
                )
                failure = (t, tuple(names[i] for i in win), names[want], names[got],
                           margin)
                break
            written.append(max(range(len(names)), key=lambda i: (score[i], -i)))
        out.append((failure is None, least, failure))
    return out


@st.composite
def fitted(draw):
    """A machine, ``n``, and an untied predictor fitted on ``inputs:n``."""
    machine = draw(MACHINES)
    n = draw(st.integers(0, 2))
    words = all_words(machine, n)
    window, steps = tableau_window(machine, words, max_steps=10_000)
    assume(steps >= 1)
    fit, features = draw(FITS)
    predictor = fit(training_data(machine, f"inputs:{n}"), features=features,
                    tied=False)
    return machine, n, words, window, steps, predictor


@given(fitted(), st.data())
def test_exact_verdict_matches_the_fraction_reference(case, data):
    machine, n, words, window, steps, predictor = case
    weights = UntiedWeights.from_predictor(predictor)
    vocab = tableau_vocabulary(machine)
    names = vocab.names
    row = window.width + 1
    # perturb a few weights on coordinates the inputs' windows really fire
    positions = list(weights.positions)
    for _ in range(data.draw(st.integers(0, 4))):
        word = data.draw(st.sampled_from(words))
        stream = [int(x) for x in
                  encode_tableau(machine, word, window=window, steps=steps).tokens]
        p = data.draw(st.integers(row, len(stream) - 1))
        win = (stream[p - row - 1] if p > row else vocab.id(DELIMITER),
               stream[p - row], stream[p - row + 1])
        coord = data.draw(st.sampled_from(window_coords(weights.kind, vocab, *win)))
        token = data.draw(st.sampled_from(names))
        delta = data.draw(st.fractions(-3, 3, max_denominator=6))
        rows = {y: dict(r) for y, r in positions[p - row].rows.items()}
        cell = rows.setdefault(token, {})
        cell[coord] = cell.get(coord, Fraction(0)) + delta
        if data.draw(st.integers(0, 5)) == 0:
            rows = {}  # no weights: every token scores 0, a tie everywhere
        positions[p - row] = ExactWeights(kind=weights.kind, rows=rows)
    weights = UntiedWeights(kind=weights.kind, positions=tuple(positions))

    result = verify_exact(weights, machine, scope=f"inputs:{n}")
    ref = reference(weights, machine, words, window, steps)

    failures = [(w, f) for w, (ok, _, f) in zip(words, ref, strict=True) if not ok]
    event("refuted" if failures else "verified")
    assert result.verified == (not failures)
    assert result.failures == len(failures)
    assert result.checked == len(words)
    assert result.positions == len(weights.positions)
    assert result.min_margin == min(least for _, least, _ in ref)
    cx = result.counterexample
    if failures:
        word, (t, win, want, got, margin) = failures[0]
        assert cx.input == tuple(str(s) for s in word)
        assert (cx.position, cx.window, cx.expected, cx.got, cx.margin) == (
            t, win, want, got, margin
        )
        assert (cx.step, cx.cell) == divmod(t + row, row)
    else:
        assert cx is None


@given(fitted())
def test_exact_verdict_agrees_with_the_float_rollout(case):
    """Per input: the float rollout reproduces the CoT iff the exact check
    passes, wherever the least margin is clear of float rounding."""
    machine, n, words, window, steps, predictor = case
    weights = UntiedWeights.from_predictor(predictor)
    ref = reference(weights, machine, words, window, steps)
    for word, (ok, least, _) in zip(words, ref, strict=True):
        if abs(least) < Fraction(1, 10**9):
            continue
        r = rollout(predictor, machine, word, window=window, steps=steps)
        assert r.agrees == ok, (word, least)
    # the whole verdict, once more, from the fitted predictor itself
    assert verify_exact(predictor, machine, scope=f"inputs:{n}").verified == all(
        ok for ok, _, _ in ref
    )
