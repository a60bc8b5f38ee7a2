"""The rollout scopes (``inputs:N``, ``sample:K``): teacher-forced checks
of token streams, the search for a failing input, and untied predictors
checked position by position.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import Any

from arcot._progress import Progress
from arcot.construct import ExactWeights
from arcot.cot import (
    DELIMITER,
    Tableau,
    TableauWindow,
    Vocabulary,
    as_tableau,
    encode_tableau,
    tableau_window,
)
from arcot.errors import SizeLimitExceeded, VerificationError
from arcot.machine import TuringMachine, run
from arcot.verify.predictors import UntiedWeights
from arcot.verify.scope import (
    Counterexample,
    Scope,
    VerificationResult,
    _word_names,
    _words,
)
from arcot.verify.statistics import _sample_statistics
from arcot.verify.windows import _Decider, checked_windows

__all__ = []


class _TokenBudget:
    """The tableau tokens a scope's rollouts may take in all, counted as
    they are encoded (``limit`` ``None``: no limit)."""

    def __init__(self, limit: int | None, scope: Scope) -> None:
        self.limit, self.scope, self.spent, self.inputs = limit, scope, 0, 0

    def spend(self, tokens: int, word: Sequence[Hashable]) -> None:
        self.spent += tokens
        self.inputs += 1
        if self.limit is not None and self.spent > self.limit:
            raise SizeLimitExceeded(
                f"scope {self.scope}: the rollouts of its first {self.inputs} "
                f"inputs (the last {''.join(map(str, word))!r}) took {self.spent} "
                f"tableau tokens, more than the limit of {self.limit} (max_tokens; "
                "--max-tokens on the command line): use a smaller scope, or "
                "raise the limit"
            )


def _stream_check(
    decide: _Decider,
    cache: dict[tuple[int, int, int, int], tuple[int, int]],
    stream: Sequence[int],
    width: int,
) -> tuple[int | None, int | None]:
    """First wrong position of a teacher-forced stream, and the least margin."""
    delim = decide.vocab.id(DELIMITER)
    least: int | None = None
    for p in range(width + 1, len(stream)):
        key = (
            stream[p - width - 2] if p >= width + 2 else delim,
            stream[p - width - 1],
            stream[p - width],
            stream[p],
        )
        got = cache.get(key)
        if got is None:
            got = cache[key] = decide.margin(*key)
        if least is None or got[0] < least:
            least = got[0]
        if got[0] <= 0:
            return p, least
    return None, least


def _rollout_counterexample(
    decide: _Decider,
    cache: dict[tuple[int, int, int, int], tuple[int, int]],
    machine: TuringMachine,
    trace: Any,
    word: Sequence[Hashable],
    position: int,
) -> Counterexample:
    stream = [int(x) for x in trace.tokens]
    w = trace.width
    key = (
        stream[position - w - 2] if position >= w + 2 else decide.vocab.id(DELIMITER),
        stream[position - w - 1],
        stream[position - w],
        stream[position],
    )
    margin, got = cache[key]
    names = decide.vocab.names
    return Counterexample(
        window=(names[key[0]], names[key[1]], names[key[2]]),
        expected=names[key[3]],
        got=names[got],
        margin=Fraction(margin, decide.denominator),
        input=_word_names(word),
        step=position // (w + 1),
        cell=position % (w + 1),
        position=position - (w + 1),
    )


def _search_input(
    decide: _Decider,
    machine: TuringMachine | Tableau,
    *,
    max_length: int,
    max_steps: int,
    max_inputs: int = 256,
    max_tokens: int = 2_000_000,
) -> Counterexample | None:
    """A short input whose rollout goes wrong, if one is found quickly.

    At most ``max_inputs`` inputs and ``max_tokens`` tableau tokens in all;
    runs that do not stop within ``max_steps`` are skipped.
    """
    tableau = as_tableau(machine)
    machine = tableau.machine
    cache: dict[tuple[int, int, int, int], tuple[int, int]] = {}
    for k, word in enumerate(_words(machine, max_length)):
        if k >= max_inputs or max_tokens <= 0:
            return None
        r = run(machine, word, max_steps=max_steps)
        cost = (r.steps + 1) * (r.span[1] - r.span[0] + 2)
        if not r.halted or cost > max_tokens:
            continue
        max_tokens -= cost
        trace = encode_tableau(tableau, word, max_steps=max_steps)
        stream = [int(x) for x in trace.tokens]
        bad, _ = _stream_check(decide, cache, stream, trace.width)
        if bad is not None:
            return _rollout_counterexample(decide, cache, machine, trace, word, bad)
    return None


def _weights_key(weights: ExactWeights) -> tuple[Any, ...]:
    """A hashable form of the weights (equal weights, equal keys)."""
    return tuple(
        sorted((y, tuple(sorted(row.items()))) for y, row in weights.rows.items())
    )


class _UntiedDecider:
    """Margins of an untied predictor, position by position, as Fractions.

    Positions with equal weights share one :class:`_Decider` and one cache.
    """

    def __init__(self, weights: UntiedWeights, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.deciders: list[_Decider] = []
        self.at: list[int] = []  # position -> index into deciders
        seen: dict[tuple[Any, ...], int] = {}
        for w in weights.positions:
            key = _weights_key(w)
            i = seen.get(key)
            if i is None:
                i = seen[key] = len(self.deciders)
                self.deciders.append(_Decider(w, vocab))
            self.at.append(i)
        self.cache: dict[tuple[int, int, int, int, int], tuple[Fraction, int]] = {}

    @property
    def positions(self) -> int:
        return len(self.at)

    def margin(
        self, position: int, left: int, middle: int, right: int, expected: int
    ) -> tuple[Fraction, int]:
        """(margin, the best other token's id) of ``position``'s weights."""
        i = self.at[position]
        key = (i, left, middle, right, expected)
        got = self.cache.get(key)
        if got is None:
            d = self.deciders[i]
            m, y = d.margin(left, middle, right, expected)
            got = self.cache[key] = (Fraction(m, d.denominator), y)
        return got


def _check_shape(
    window: TableauWindow | None, steps: int | None
) -> None:
    if window is not None and not isinstance(window, TableauWindow):
        raise VerificationError(
            f"window must be a TableauWindow or None, got {window!r}"
        )
    if steps is not None and (
        isinstance(steps, bool) or not isinstance(steps, int) or steps < 0
    ):
        raise VerificationError(f"steps must be an integer >= 0 or None, got {steps!r}")


def _shape(
    machine: TuringMachine,
    words: Sequence[Sequence[Hashable]],
    window: TableauWindow | None,
    steps: int | None,
    max_steps: int,
) -> tuple[TableauWindow, int]:
    """The tableau shape the scope's inputs are checked on.

    The least covering every run, unless ``window``/``steps`` fix it; a
    fixed shape must hold every run.
    """
    need, need_steps = tableau_window(machine, words, max_steps=max_steps)
    if window is None and steps is None:
        return need, need_steps
    shape = need if window is None else window
    n_steps = need_steps if steps is None else steps
    if (
        shape.left > need.left
        or shape.left + shape.width < need.left + need.width
        or n_steps < need_steps
    ):
        raise VerificationError(
            f"the runs of the scope's inputs need window {need.left}.."
            f"{need.left + need.width - 1} and {need_steps} steps; the given "
            f"shape, window {shape.left}..{shape.left + shape.width - 1} and "
            f"{n_steps} steps, does not hold them"
        )
    return shape, n_steps


def _untied_stream_check(
    decide: _UntiedDecider, stream: Sequence[int], width: int
) -> tuple[int | None, Fraction | None]:
    """First wrong stream index of a teacher-forced stream, and the least margin."""
    delim = decide.vocab.id(DELIMITER)
    row = width + 1
    least: Fraction | None = None
    for p in range(row, len(stream)):
        m, _ = decide.margin(
            p - row,
            stream[p - width - 2] if p >= width + 2 else delim,
            stream[p - width - 1],
            stream[p - width],
            stream[p],
        )
        if least is None or m < least:
            least = m
        if m <= 0:
            return p, least
    return None, least


def _untied_counterexample(
    decide: _UntiedDecider,
    stream: Sequence[int],
    width: int,
    word: Sequence[Hashable],
    p: int,
) -> Counterexample:
    row = width + 1
    key = (
        stream[p - width - 2] if p >= width + 2 else decide.vocab.id(DELIMITER),
        stream[p - width - 1],
        stream[p - width],
    )
    margin, got = decide.margin(p - row, *key, stream[p])
    names = decide.vocab.names
    return Counterexample(
        window=tuple(names[k] for k in key),
        expected=names[stream[p]],
        got=names[got],
        margin=margin,
        input=_word_names(word),
        step=p // row,
        cell=p % row,
        position=p - row,
    )


def _fit_positions(
    decide: _UntiedDecider, window: TableauWindow, steps: int, scope: str
) -> None:
    """Raise unless the predictor has a position for every CoT token."""
    need = steps * (window.width + 1)
    if need > decide.positions:
        raise VerificationError(
            f"the predictor has weights for CoT positions 0..{decide.positions - 1}; "
            f"scope {scope} needs positions {decide.positions}..{need - 1} too (a "
            f"tableau of width {window.width} and {steps} steps): a predictor "
            f"fitted for {decide.positions} positions cannot roll out a longer CoT"
        )


def _search_untied_input(
    decide: _UntiedDecider,
    machine: TuringMachine | Tableau,
    *,
    max_length: int,
    max_steps: int,
    window: TableauWindow | None,
    steps: int | None,
    max_inputs: int = 256,
    max_tokens: int = 2_000_000,
) -> Counterexample | None:
    """A short input whose untied rollout goes wrong, if one is found quickly.

    The inputs (at most ``max_inputs``) whose runs stop within ``max_steps``
    are rolled out over one shared shape; nothing is searched when that
    shape needs more positions than the predictor has, or more than
    ``max_tokens`` tableau tokens in all.
    """
    tableau = as_tableau(machine)
    machine = tableau.machine
    words = []
    for k, word in enumerate(_words(machine, max_length)):
        if k >= max_inputs:
            break
        if run(machine, word, max_steps=max_steps).halted:
            words.append(word)
    if not words:
        return None
    try:
        shape, n_steps = _shape(machine, words, window, steps, max_steps)
    except VerificationError:
        return None
    row = shape.width + 1
    if n_steps * row > decide.positions or (
        len(words) * (n_steps + 1) * row > max_tokens
    ):
        return None
    for word in words:
        trace = encode_tableau(tableau, word, window=shape, steps=n_steps)
        stream = [int(x) for x in trace.tokens]
        bad, _ = _untied_stream_check(decide, stream, shape.width)
        if bad is not None:
            return _untied_counterexample(decide, stream, shape.width, word, bad)
    return None


def _verify_untied(
    weights: UntiedWeights,
    tableau: Tableau,
    sc: Scope,
    words: list[tuple[Hashable, ...]] | None,
    *,
    max_steps: int,
    search_length: int,
    window: TableauWindow | None,
    steps: int | None,
    budget: _TokenBudget,
    progress: bool | None,
) -> VerificationResult:
    """:func:`verify_exact` for an untied predictor (``words``: ``None`` for
    the ``windows`` scope, else the scope's inputs)."""
    machine, vocab = tableau.machine, tableau.vocabulary
    decide = _UntiedDecider(weights, vocab)
    names = vocab.names
    positions = decide.positions
    if words is None:
        windows = list(checked_windows(vocab))
        expected = [tableau.rule(a, b, c) for a, b, c in windows]
        # per distinct weight set: failures, least margin, first failing window
        found: list[tuple[int, Fraction | None, int | None]] = []
        bar = Progress(len(decide.deciders), "verifying windows", progress,
                       unit="weight set")
        for i in range(len(decide.deciders)):
            bar.step()
            t = decide.at.index(i)
            fails, low, first_bad = 0, None, None
            for j, ((a, b, c), e) in enumerate(zip(windows, expected, strict=True)):
                m, _ = decide.margin(t, a, b, c, e)
                if low is None or m < low:
                    low = m
                if m <= 0:
                    fails += 1
                    if first_bad is None:
                        first_bad = j
            found.append((fails, low, first_bad))
        bar.close()
        failures = sum(found[i][0] for i in decide.at)
        lows = [low for _, low, _ in found if low is not None]
        cx: Counterexample | None = None
        for t, i in enumerate(decide.at):
            bad_j = found[i][2]
            if bad_j is not None:
                a, b, c = windows[bad_j]
                e = expected[bad_j]
                m, got = decide.margin(t, a, b, c, e)
                cx = Counterexample(
                    window=(names[a], names[b], names[c]),
                    expected=names[e], got=names[got], margin=m,
                    position=t,
                )
                break
        if cx is not None:
            cx = _search_untied_input(
                decide, tableau, max_length=search_length, max_steps=max_steps,
                window=window, steps=steps,
            ) or cx
        return VerificationResult(
            verified=failures == 0, scope=str(sc), features=weights.kind,
            checked=len(windows) * positions, unit="windows", failures=failures,
            min_margin=min(lows) if lows else None, counterexample=cx,
            positions=positions,
        )
    if sc.kind == "sample" and (window is None or steps is None):
        raise VerificationError(
            "an untied predictor's positions are positions in the tableau shape "
            "it was trained on: give window and steps for a sample scope (a "
            "shape taken from the sample itself would tie the trials together)"
        )
    if sc.kind == "inputs" and window is None and steps is None:
        # every input up to N: the training shape of a fit on inputs:N
        window, steps = tableau_window(machine, words, max_steps=max_steps)
    shape, n_steps = _shape(machine, words, window, steps, max_steps)
    _fit_positions(decide, shape, n_steps, str(sc))
    failures = 0
    least: Fraction | None = None
    first: Counterexample | None = None
    bar = Progress(len(words), f"verifying {sc}", progress, unit="input")
    try:
        for word in words:
            trace = encode_tableau(tableau, word, window=shape, steps=n_steps)
            budget.spend(len(trace.tokens), word)
            bar.step()
            stream = [int(x) for x in trace.tokens]
            bad, low = _untied_stream_check(decide, stream, shape.width)
            if low is not None and (least is None or low < least):
                least = low
            if bad is not None:
                failures += 1
                if first is None:
                    first = _untied_counterexample(
                        decide, stream, shape.width, word, bad
                    )
    finally:
        bar.close()
    n = len(words)
    extra = _sample_statistics(sc, failures, n)
    return VerificationResult(
        verified=failures == 0, scope=str(sc), features=weights.kind, checked=n,
        unit="inputs" if sc.kind == "inputs" else "samples", failures=failures,
        min_margin=least, counterexample=first, positions=positions,
        window=shape, steps=n_steps, **extra,
    )
