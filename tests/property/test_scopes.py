"""What each scope claims (issue 7, item 3): inputs:N and sample:K are
statements about every input as arcot runs it, on its own tableau.

- the windows of an input's own tableau, collected in time linear in the
  row width plus the steps, are those of the full token stream;
- the trusted checker finds the same windows with its own stepper;
- verify_exact on inputs:N says verified exactly when the predictor, rolled
  out by arcot on each input's default tableau, reproduces every one.
"""

import itertools
import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from arcot.construct import ExactWeights, tableau_weights
from arcot.cot import encode_tableau, tableau_vocabulary
from arcot.learn.features import Coord, window_coords
from arcot.machine import format_tm, parse_tm
from arcot.testing import tape_inputs, turing_machines
from arcot.verify import checker
from arcot.verify.exact import scope_windows, tableau_windows, verify_exact

KINDS = st.sampled_from(["additive", "pairwise"])


def stream_windows(machine, word):
    """Every (L, M, R) of the token stream, read position by position."""
    t = encode_tableau(machine, word, max_steps=2_000)
    s = [int(x) for x in t.tokens]
    w = t.width
    delim = t.vocabulary.id("#")
    return {(s[p - w - 2] if p >= w + 2 else delim, s[p - w - 1], s[p - w])
            for p in range(w + 1, len(s))}


@given(turing_machines(max_states=4, max_symbols=3, halting=True), st.data())
def test_own_tableau_windows_are_the_streams(machine, data):
    word = data.draw(tape_inputs(machine, max_size=6))
    assert tableau_windows(machine, word, max_steps=2_000) == stream_windows(
        machine, word)


@given(turing_machines(max_states=3, max_symbols=3, halting=True,
                       allow_stay=False), st.integers(0, 3))
def test_the_checker_finds_the_same_windows(machine, n):
    text = format_tm(machine)
    renamed = parse_tm(text)
    digits = [str(i) for i in range(1, len(renamed.symbols))]
    states, symbols, rules = checker.parse_machine(text)
    vocab = ["#", *symbols, *(f"({q},{a})" for q in states for a in symbols)]
    assert vocab == list(tableau_vocabulary(renamed).names)
    parts = {"rules": rules, "n": n, "alphabet": digits, "max_steps": 10**6,
             "start": states[0], "symbols": symbols,
             "budget": 10**6}
    ours = checker.run_windows(parts, vocab, [checker.token(t) for t in vocab])
    from arcot.verify.document import _with_inputs

    assert ours == scope_windows(_with_inputs(renamed, digits), f"inputs:{n}",
                                 max_steps=10**6)


def perturbed(machine, kind, data):
    weights = tableau_weights(machine, kind)
    rows = {y: dict(r) for y, r in weights.rows.items()}
    names = list(tableau_vocabulary(machine).names)
    slots = ["L", "M", "R"] if kind == "additive" else ["M", "LM", "MR"]
    for _ in range(data.draw(st.integers(0, 3))):
        y = data.draw(st.sampled_from(names))
        slot = data.draw(st.sampled_from(slots))
        value = tuple(data.draw(st.sampled_from(names)) for _ in range(len(slot)))
        rows.setdefault(y, {})[Coord(slot, value)] = data.draw(
            st.fractions(-3, 3, max_denominator=2))
    return ExactWeights(kind=kind, rows=rows)


def rolls_out(weights, machine, word):
    """A plain exact rollout on the input's own tableau: argmax of Fraction
    scores over the whole vocabulary, a tie wrong."""
    t = encode_tableau(machine, word, max_steps=2_000)
    vocab = t.vocabulary
    s = [int(x) for x in t.tokens]
    w = t.width
    delim = vocab.id("#")
    made = s[: w + 1]
    for p in range(w + 1, len(s)):
        a = made[p - w - 2] if p >= w + 2 else delim
        coords = window_coords(weights.kind, vocab, a, made[p - w - 1], made[p - w])
        score = [sum((weights.rows.get(y, {}).get(k, Fraction(0)) for k in coords),
                     Fraction(0)) for y in vocab.names]
        best = max(score)
        if score.count(best) > 1 or score.index(best) != s[p]:
            return False
        made.append(s[p])
    return True


@given(turing_machines(max_states=2, max_symbols=2, halting=True), KINDS,
       st.integers(0, 3), st.data())
def test_inputs_scope_is_every_input_rolled_out_as_arcot_runs_it(
    machine, kind, n, data
):
    weights = perturbed(machine, kind, data)
    result = verify_exact(weights, machine, scope=f"inputs:{n}", max_steps=2_000)
    words = [w for k in range(n + 1)
             for w in itertools.product(machine.input_symbols, repeat=k)]
    wrong = sum(not rolls_out(weights, machine, w) for w in words)
    assert result.failures == wrong and result.checked == len(words)
    assert result.verified == (wrong == 0)
    assert result.window is None and result.tableau == "each input's own tableau"


@given(turing_machines(max_states=2, max_symbols=2, halting=True), KINDS,
       st.integers(1, 20), st.data())
def test_sample_trials_are_each_inputs_own(machine, kind, k, data):
    """Each trial's verdict is that input's own rollout: a trial does not
    depend on which other inputs were drawn."""
    weights = perturbed(machine, kind, data)
    seed = data.draw(st.integers(0, 2**16))
    result = verify_exact(weights, machine, scope=f"sample:{k}", seed=seed,
                          max_length=4, max_steps=2_000)
    rng = random.Random(seed)
    alphabet = list(machine.input_symbols)
    words = [tuple(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
             for _ in range(k)]
    wrong = sum(not rolls_out(weights, machine, w) for w in words)
    assert result.failures == wrong and result.checked == k
    assert result.error_rate == Fraction(wrong, k)
