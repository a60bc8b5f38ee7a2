"""Exact verification of tableau predictors (tied or untied) against a machine.

The predictor interface (what learners hand in): an
:class:`~arcot.construct.ExactWeights` -- a feature kind (``"additive"`` or
``"pairwise"``) and a mapping *output token name -> {Coord: weight}* --
or any object with a method ``exact_weights()`` returning one. Float
weights are welcome: ``ExactWeights(kind=..., rows={...floats...})`` or
:meth:`~arcot.construct.ExactWeights.from_dense` convert them exactly. The
predictor is tied (one for every position) and decodes by argmax over the
whole tableau vocabulary: on the window ``(L, M, R)`` of the tokens
``W + 2``, ``W + 1`` and ``W`` back, token ``y`` scores the sum of its
weights on the coordinates that fire
(:func:`arcot.learn.features.window_coords`); a token without weights
scores 0. The *margin* on a window is the expected token's score minus the
best other score; the predictor is right on the window iff the margin is
positive (a tie is a failure). The very first CoT token has no token
``W + 2`` back; it reads ``#`` there.

Scopes (theory.md section 4):

- ``windows``: every delimiter window ``(x, #, y)`` (any ``x``, ``y``) and
  every window with at most one head whose middle is a cell. Every window
  of every tableau is one of these, so by induction over rows the
  predictor then reproduces every run on every input, for every window
  width (as long as the run stays inside the tableau's window).
- ``inputs:N``: every input of length <= N, each rolled out on its *own*
  tableau, the one :func:`~arcot.cot.encode_tableau` and
  :func:`~arcot.learn.rollout` use for it by default (the least window
  covering its run, as many rows as its run has steps), and compared with
  the simulator's.
- ``sample:K``: K random inputs (seeded; lengths uniform in
  ``0..max_length``), each on its own tableau as above, so the K trials are
  independent draws and the one-sided Clopper-Pearson upper bound (95%
  confidence) on the sequence-level error rate means what it says. A
  statistical statement, not a proof.

Passing ``window``/``steps`` fixes one tableau shape for every input
instead; the result then names that shape (``window``, ``steps``) and the
claim is about that shape only.

All arithmetic is on integers: weights are brought to one common
denominator, so margins are exact Fractions. A rollout is checked by
teacher forcing, which equals the predictor's own rollout up to its first
wrong token, where the check stops.

*Untied* predictors (the paper's product class ``H_1 x ... x H_T``: one
weight set per CoT position, as ``fit_linear_predictor(..., tied=False)``
fits) are :class:`UntiedWeights`: one ``ExactWeights`` per CoT position
``t`` (0 = the first token after the prompt row), or an untied
:class:`~arcot.learn.LinearPredictor`, converted exactly by
:meth:`UntiedWeights.from_predictor`. Position ``t``'s token is decided by
position ``t``'s weights, as above. Positions mean positions in a tableau
of one shape (window and step count): the shape the predictor was trained
on. ``verify_exact`` takes it as ``window``/``steps`` (default, for
``inputs:N`` only: the least shape covering every input of length <= N,
which is the training shape when the predictor was fitted on the same
``inputs:N``; a ``sample:K`` scope needs the shape given, so that it does
not depend on the sample); a CoT longer than the predictor's positions is
an error naming the missing positions. Scopes: ``inputs:N`` and
``sample:K`` on that one shape, position by position; ``windows``
checks every position's weights on every window of the ``windows`` scope,
a sufficient condition far stronger than needed (a fitted untied
predictor has seen only the few windows each position shows, and is
refuted there even when it rolls out every input right).

The circuit encoding's per-position threshold predictors (Thm 3.8, Cor
3.9) are checked by :func:`verify_circuit` and
:func:`verify_compiled_machine`: exact rollout on every input.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from arcot._progress import Progress
from arcot.cot import Tableau, TableauWindow, as_tableau, encode_tableau
from arcot.errors import VerificationError
from arcot.learn.predictor import LinearPredictor
from arcot.machine import TuringMachine
from arcot.verify.circuits import verify_circuit, verify_compiled_machine
from arcot.verify.predictors import UntiedWeights, _as_untied, as_weights
from arcot.verify.rollout import (
    _check_shape,
    _rollout_counterexample,
    _search_input,
    _shape,
    _stream_check,
    _TokenBudget,
    _verify_untied,
)
from arcot.verify.scope import (
    Counterexample,
    Scope,
    VerificationResult,
    WindowDecision,
    _scope_words,
)
from arcot.verify.scope import fraction_text as fraction_text  # re-exported
from arcot.verify.statistics import _sample_statistics, clopper_pearson_upper
from arcot.verify.windows import (
    _Decider,
    checked_window_array,
    checked_windows,
    decide_arrays,
    decide_windows,
    scope_windows,
    tableau_windows,
    window_decisions,
)

__all__ = [
    "Counterexample",
    "Scope",
    "UntiedWeights",
    "VerificationResult",
    "WindowDecision",
    "as_weights",
    "checked_windows",
    "clopper_pearson_upper",
    "decide_windows",
    "scope_windows",
    "tableau_windows",
    "verify_circuit",
    "verify_compiled_machine",
    "verify_exact",
    "window_decisions",
]


def verify_exact(
    predictor: object,
    machine: TuringMachine | Tableau,
    *,
    scope: str | Scope = "windows",
    max_steps: int = 10_000,
    seed: int = 0,
    max_length: int = 8,
    search_length: int = 4,
    window: TableauWindow | None = None,
    steps: int | None = None,
    max_tokens: int | None = None,
    progress: bool | None = False,
) -> VerificationResult:
    """Check a tableau predictor against ``machine`` in exact arithmetic.

    Parameters
    ----------
    predictor
        A tied predictor: :class:`~arcot.construct.ExactWeights` (or an
        object with ``exact_weights()``). An untied one:
        :class:`UntiedWeights` or an untied
        :class:`~arcot.learn.LinearPredictor` (converted exactly). See the
        module docstring for the interface.
    machine
        The machine whose tableau CoT the predictor should produce, or its
        :class:`~arcot.cot.Tableau`.
    scope
        ``"windows"``, ``"inputs:N"`` or ``"sample:K"``. For an untied
        predictor, ``inputs``/``sample`` roll out position by position
        (position ``t`` decided by its own weights) and ``windows`` checks
        every position's weights on every window: a sufficient condition,
        far stronger than needed (each position of a fitted predictor has
        seen only the windows its runs show there).
    max_steps
        Step budget of each run (``inputs``/``sample`` scopes and the
        counterexample search); a run that does not stop raises
        :class:`~arcot.errors.StepLimitExceeded`.
    seed, max_length
        The ``sample`` scope draws inputs of length ``0..max_length`` with
        ``random.Random(seed)``.
    search_length
        On a failing ``windows`` check, inputs up to this length are rolled
        out to find one that goes wrong.
    window, steps
        One tableau shape to roll every input of an ``inputs``/``sample``
        scope out on (it must hold every run). Default, for a tied
        predictor: each input on its own tableau, as
        :func:`~arcot.learn.rollout` runs it. An untied predictor's
        positions are positions in the shape it was trained on: pass that
        shape (for ``inputs:N`` the default is the least shape covering
        every input up to N; ``sample:K`` needs it). The untied ``windows``
        scope uses it for its counterexample search only.
    max_tokens
        The most tableau tokens an ``inputs``/``sample`` scope rolls out in
        all, counted as it goes; past it
        :class:`~arcot.errors.SizeLimitExceeded` (``None``: no limit).
        :func:`arcot.pipeline.work.check_work` estimates them before any run.
    progress
        A progress bar on stderr (windows or inputs, with rate and ETA):
        ``True``, ``False``, or ``None`` for "stderr is a terminal".

    Examples
    --------
    >>> from arcot.construct import additive_tableau_weights
    >>> from arcot.zoo import get
    >>> r = verify_exact(additive_tableau_weights(get("bb2")), get("bb2"))
    >>> r.verified, r.checked, r.min_margin
    (True, 225, Fraction(1, 1))
    >>> r = verify_exact(additive_tableau_weights(get("bb3")), get("bb3"),
    ...                  scope="inputs:0")
    >>> r.verified, r.checked, r.unit
    (True, 1, 'inputs')

    An untied predictor, one weight set per CoT position, fitted by least
    squares on every input of length <= 2 and checked on the same inputs
    (its weights are floats; they convert exactly):

    >>> from arcot.learn import fit_linear_predictor, training_data
    >>> m = get("increment")
    >>> p = fit_linear_predictor(training_data(m, "inputs:2"), tied=False)
    >>> r = verify_exact(p, m, scope="inputs:2")
    >>> r.verified, r.checked, r.positions
    (True, 7, 36)
    """
    tableau = as_tableau(machine)
    machine = tableau.machine
    untied = _as_untied(predictor)
    weights = None if untied is not None else as_weights(predictor)
    sc = Scope.parse(scope)
    for field_name, value in (
        ("max_steps", max_steps), ("seed", seed), ("max_length", max_length),
        ("search_length", search_length),
        *((("max_tokens", max_tokens),) if max_tokens is not None else ()),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise VerificationError(
                f"{field_name} must be an integer >= 0, got {value!r}"
            )
    _check_shape(window, steps)
    if (isinstance(predictor, LinearPredictor) and not predictor.tied
            and window is None and steps is None):
        window, steps = predictor.window, predictor.steps  # its training shape
    if untied is not None:
        return _verify_untied(
            untied, tableau, sc,
            None if sc.kind == "windows" else _scope_words(
                machine, sc, seed=seed, max_length=max_length
            ),
            max_steps=max_steps, search_length=search_length,
            window=window, steps=steps, budget=_TokenBudget(max_tokens, sc),
            progress=progress,
        )
    assert weights is not None
    vocab = tableau.vocabulary
    decide = _Decider(weights, vocab)
    d = decide.denominator
    names = vocab.names
    if sc.kind == "windows":
        windows = checked_window_array(vocab)
        expected, margins, others = _decide_chunks(
            decide, tableau, windows, progress
        )
        checked = len(windows)
        wrong = np.flatnonzero(margins <= 0)
        failures = len(wrong)
        least: int | None = int(margins.min()) if checked else None
        first: Counterexample | None = None
        if failures:
            i = int(wrong[0])
            a, b, c = windows[i].tolist()
            first = Counterexample(
                window=(names[a], names[b], names[c]),
                expected=names[int(expected[i])], got=names[int(others[i])],
                margin=Fraction(int(margins[i]), d),
            )
        if first is not None:
            found = _search_input(
                decide, tableau, max_length=search_length, max_steps=max_steps
            )
            if found is not None:
                first = found
        return VerificationResult(
            verified=failures == 0, scope=str(sc), features=weights.kind,
            checked=checked, unit="windows", failures=failures,
            min_margin=None if least is None else Fraction(least, d),
            counterexample=first,
        )
    words = _scope_words(machine, sc, seed=seed, max_length=max_length)
    fixed = window is not None or steps is not None
    shape, n_steps = (
        _shape(machine, words, window, steps, max_steps) if fixed else (None, None)
    )
    cache: dict[tuple[int, int, int, int], tuple[int, int]] = {}
    failures = 0
    least = None
    first = None
    budget = _TokenBudget(max_tokens, sc)
    bar = Progress(len(words), f"verifying {sc}", progress, unit="input")
    try:
        for word in words:
            trace = encode_tableau(tableau, word, window=shape, steps=n_steps,
                                   max_steps=max_steps)
            budget.spend(len(trace.tokens), word)
            bar.step()
            stream = [int(x) for x in trace.tokens]
            bad, low = _stream_check(decide, cache, stream, trace.width)
            if low is not None and (least is None or low < least):
                least = low
            if bad is not None:
                failures += 1
                if first is None:
                    first = _rollout_counterexample(
                        decide, cache, machine, trace, word, bad
                    )
    finally:
        bar.close()
    n = len(words)
    result = _sample_statistics(sc, failures, n)
    return VerificationResult(
        verified=failures == 0, scope=str(sc), features=weights.kind, checked=n,
        unit="inputs" if sc.kind == "inputs" else "samples", failures=failures,
        min_margin=None if least is None else Fraction(least, d),
        counterexample=first, window=shape, steps=n_steps, **result,
    )


#: Windows decided in one call when a progress bar is drawn (far above
#: the kernel's threshold, so each call still runs in the kernel).
_CHUNK = 1_000_000


def _decide_chunks(
    decide: _Decider, tableau: Tableau, windows: np.ndarray,
    progress: bool | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`decide_arrays`, in chunks of a million windows that a progress
    bar steps through when it is drawn (the same arrays as one call)."""
    starts = list(range(0, max(len(windows) - _CHUNK, 1), _CHUNK))
    if len(starts) < 2 or progress is False:
        return decide_arrays(decide, tableau, windows)
    bar = Progress(len(starts), "verifying windows", progress, unit="M windows")
    if not bar.enabled:
        return decide_arrays(decide, tableau, windows)
    parts = []
    for i, lo in enumerate(starts):  # the last chunk takes the rest
        hi = starts[i + 1] if i + 1 < len(starts) else len(windows)
        parts.append(decide_arrays(decide, tableau, windows[lo:hi]))
        bar.step()
    bar.close()
    expected, margins, others = (np.concatenate([p[j] for p in parts])
                                 for j in range(3))
    return expected, margins, others
