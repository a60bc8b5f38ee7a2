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

Scopes (THEORY.md section 4):

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

import itertools
import math
import random
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from arcot.construct import CircuitPredictor, ExactWeights, as_exact, circuit_weights
from arcot.cot import (
    DELIMITER,
    HeadCell,
    TableauWindow,
    Vocabulary,
    encode_tableau,
    local_rule,
    tableau_vocabulary,
    tableau_window,
)
from arcot.errors import VerificationError
from arcot.learn.features import FEATURE_KINDS, Coord, FeatureKind
from arcot.learn.predictor import LinearPredictor
from arcot.machine import TuringMachine, run

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

ScopeKind = Literal["windows", "inputs", "sample"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """What a verification covers: ``windows``, ``inputs:N`` or ``sample:K``.

    >>> Scope.parse("inputs:3")
    Scope(kind='inputs', size=3)
    >>> str(Scope.parse("windows"))
    'windows'
    """

    kind: ScopeKind
    size: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("windows", "inputs", "sample"):
            raise VerificationError(
                f"scope {self.kind!r} is not windows, inputs:N or sample:K"
            )
        if self.kind == "windows":
            if self.size is not None:
                raise VerificationError("scope windows takes no size")
        elif (
            isinstance(self.size, bool)
            or not isinstance(self.size, int)
            or self.size < (0 if self.kind == "inputs" else 1)
        ):
            least = 0 if self.kind == "inputs" else 1
            raise VerificationError(
                f"scope {self.kind} needs an integer size >= {least}, got {self.size!r}"
            )

    @classmethod
    def parse(cls, text: object) -> Scope:
        """Read ``windows``, ``inputs:N`` or ``sample:K``."""
        if isinstance(text, Scope):
            return text
        if not isinstance(text, str):
            raise VerificationError(f"scope must be a string, got {text!r}")
        kind, sep, size = text.strip().partition(":")
        if kind == "windows" and not sep:
            return cls(kind="windows")
        if kind in ("inputs", "sample") and sep:
            try:
                n = int(size)
            except ValueError:
                raise VerificationError(
                    f"scope {text!r}: {size!r} is not an integer"
                ) from None
            return cls(kind=kind, size=n)  # type: ignore[arg-type]
        raise VerificationError(
            f"scope {text!r} is not windows, inputs:N or sample:K"
        )

    def __str__(self) -> str:
        return self.kind if self.size is None else f"{self.kind}:{self.size}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Counterexample:
    """Where a predictor goes wrong.

    ``window`` is the failing window's token names ``(L, M, R)``,
    ``expected`` the local rule's token, ``got`` the token the predictor
    emits (on a tie, one of the tied tokens other than ``expected``),
    ``margin`` the expected score minus the best other (<= 0). When an input
    whose rollout goes wrong is known, ``input`` holds its symbols and
    ``step``/``cell`` the tableau row (1 = first CoT row) and the position
    in the row (0 = the delimiter) of the first wrong token, and
    ``position`` its CoT position (0 = the first token after the prompt
    row; ``step * (W + 1) + cell - (W + 1)`` for rows of ``W`` cells). For
    an untied predictor, ``position`` is also named when no input is: the
    position whose weights fail on ``window``.
    """

    window: tuple[str, ...]
    expected: str
    got: str
    margin: Fraction
    input: tuple[str, ...] | None = None
    step: int | None = None
    cell: int | None = None
    position: int | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the margin as an integer or ``"p/q"``)."""
        word: Any = None
        if self.input is not None:
            word = (
                "".join(self.input)
                if all(len(s) == 1 for s in self.input)
                else list(self.input)
            )
        return {
            "window": list(self.window),
            "expected": self.expected,
            "got": self.got,
            "margin": fraction_text(self.margin),
            "input": word,
            "step": self.step,
            "cell": self.cell,
            "position": self.position,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationResult:
    """The outcome of :func:`verify_exact`.

    ``checked`` counts ``unit`` s (windows, inputs or samples) checked;
    ``failures`` how many of them went wrong; ``min_margin`` is the least
    margin over the windows looked at (``None`` if none was). For
    ``sample`` scopes, ``error_rate`` is failures / checked and
    ``error_bound`` its one-sided Clopper-Pearson upper bound at
    ``confidence``. ``positions`` is ``None`` for a tied predictor and the
    number of CoT positions of an untied one; its ``windows`` scope counts
    one check per window and position. ``window`` and ``steps`` are the one
    tableau shape every input of an ``inputs``/``sample`` scope was rolled
    out on, or ``None`` when each input was rolled out on its own tableau.
    """

    verified: bool
    scope: str
    features: str
    checked: int
    unit: Literal["windows", "inputs", "samples"]
    failures: int
    min_margin: Fraction | None
    counterexample: Counterexample | None = None
    error_rate: Fraction | None = None
    error_bound: float | None = None
    confidence: float | None = None
    positions: int | None = None
    window: TableauWindow | None = None
    steps: int | None = None

    @property
    def tableau(self) -> str:
        """Which tableau each input was checked on, in words."""
        if self.unit == "windows":
            return "every well-formed window"
        if self.window is None:
            return "each input's own tableau"
        w = self.window
        return (f"one tableau shape for every input: cells {w.left}.."
                f"{w.left + w.width - 1}, {self.steps} steps")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (Fractions as integers or ``"p/q"`` strings)."""
        return {
            "verified": self.verified,
            "scope": self.scope,
            "features": self.features,
            "checked": self.checked,
            "unit": self.unit,
            "failures": self.failures,
            "min_margin": (
                None if self.min_margin is None else fraction_text(self.min_margin)
            ),
            "counterexample": (
                None if self.counterexample is None else self.counterexample.to_json()
            ),
            "error_rate": (
                None if self.error_rate is None else fraction_text(self.error_rate)
            ),
            "error_bound": self.error_bound,
            "confidence": self.confidence,
            "positions": self.positions,
            "tableau": (
                None if self.unit == "windows" else "own" if self.window is None
                else {"left": self.window.left, "width": self.window.width,
                      "steps": self.steps}
            ),
        }


@dataclass(frozen=True, slots=True)
class WindowDecision:
    """One checked window: token names, the local rule's output, the margin."""

    left: str
    middle: str
    right: str
    expected: str
    margin: Fraction


def fraction_text(x: Fraction) -> int | str:
    """An integer, or ``"p/q"`` in lowest terms (the certificate's number form).

    >>> fraction_text(Fraction(4, 2)), fraction_text(Fraction(-1, 3))
    (2, '-1/3')
    """
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def as_weights(predictor: object) -> ExactWeights:
    """The :class:`~arcot.construct.ExactWeights` a predictor stands for.

    Accepts ``ExactWeights`` or an object with ``exact_weights()``.
    """
    if isinstance(predictor, ExactWeights):
        return predictor
    method = getattr(predictor, "exact_weights", None)
    if callable(method):
        weights = method()
        if isinstance(weights, ExactWeights):
            return weights
    raise VerificationError(
        f"predictor {type(predictor).__name__} is neither ExactWeights nor has "
        "an exact_weights() method returning ExactWeights"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UntiedWeights:
    """An untied tableau predictor's exact weights: one set per CoT position.

    ``positions[t]`` is the :class:`~arcot.construct.ExactWeights` that
    decides CoT position ``t`` (0 = the first token after the prompt row);
    every one has feature kind ``kind``. The paper's product class
    ``H_1 x ... x H_T``.

    Examples
    --------
    >>> from arcot.construct import tableau_weights
    >>> from arcot.zoo import get
    >>> w = tableau_weights(get("bb2"), "pairwise")
    >>> u = UntiedWeights(kind="pairwise", positions=(w, w, w))
    >>> len(u.positions), u.positions[2] == w
    (3, True)
    """

    kind: FeatureKind
    positions: tuple[ExactWeights, ...]

    def __post_init__(self) -> None:
        if self.kind not in FEATURE_KINDS:
            raise VerificationError(
                f"kind {self.kind!r} is not one of {', '.join(FEATURE_KINDS)}"
            )
        if not isinstance(self.positions, (tuple, list)):
            raise VerificationError(
                "positions must be a tuple or list of ExactWeights, one per CoT "
                f"position, got {type(self.positions).__name__}"
            )
        positions = tuple(self.positions)
        if not positions:
            raise VerificationError("positions must hold at least one position")
        for t, w in enumerate(positions):
            if not isinstance(w, ExactWeights):
                raise VerificationError(
                    f"positions[{t}] must be ExactWeights, got {type(w).__name__}"
                )
            if w.kind != self.kind:
                raise VerificationError(
                    f"positions[{t}] has {w.kind} features, not {self.kind}"
                )
        object.__setattr__(self, "positions", positions)

    @classmethod
    def from_predictor(cls, predictor: LinearPredictor) -> UntiedWeights:
        """An untied :class:`~arcot.learn.LinearPredictor`'s weights, exactly.

        Every float converts with :func:`~arcot.construct.as_exact` (a float
        is a dyadic rational; nothing is rounded). A position without
        weights gets empty ``ExactWeights`` (every token scores 0).

        >>> from arcot.learn import fit_linear_predictor, training_data
        >>> from arcot.zoo import get
        >>> p = fit_linear_predictor(training_data(get("bb2"), "inputs:0"),
        ...                          tied=False)
        >>> u = UntiedWeights.from_predictor(p)
        >>> len(u.positions) == p.positions, u.kind
        (True, 'pairwise')
        """
        if not isinstance(predictor, LinearPredictor):
            raise VerificationError(
                f"predictor must be a LinearPredictor, got {type(predictor).__name__}"
            )
        if predictor.positions is None:
            raise VerificationError(
                "this LinearPredictor is tied (one weight set for every position); "
                "convert it with arcot.pipeline.exact_weights"
            )
        rows: list[dict[str, dict[Coord, Fraction]]] = [
            {} for _ in range(predictor.positions)
        ]
        for (t, coord), row in predictor.weight_table().items():
            assert t is not None
            for token, w in row.items():
                rows[t].setdefault(token, {})[coord] = as_exact(
                    w, name=f"weight of {token!r} at position {t}, {coord}"
                )
        return cls(
            kind=predictor.features,
            positions=tuple(
                ExactWeights(kind=predictor.features, rows=r) for r in rows
            ),
        )


def _as_untied(predictor: object) -> UntiedWeights | None:
    """The untied weights a predictor stands for, or ``None`` if it is tied."""
    if isinstance(predictor, UntiedWeights):
        return predictor
    if isinstance(predictor, LinearPredictor) and not predictor.tied:
        return UntiedWeights.from_predictor(predictor)
    return None


def checked_windows(vocab: Vocabulary) -> Iterator[tuple[int, int, int]]:
    """The windows the ``windows`` scope checks, as token ids, in order.

    Lexicographic in ``(L, M, R)`` ids: every ``(x, #, y)``, and every window
    whose middle is not ``#`` with at most one head among the three.

    >>> from arcot.zoo import get
    >>> v = tableau_vocabulary(get("bb2"))
    >>> sum(1 for _ in checked_windows(v))
    225
    """
    heads = [isinstance(t, HeadCell) for t in vocab.tokens]
    delim = vocab.id(DELIMITER)
    size = len(vocab)
    for a in range(size):
        for b in range(size):
            for c in range(size):
                if b == delim or heads[a] + heads[b] + heads[c] <= 1:
                    yield a, b, c


class _Decider:
    """Scores of an ExactWeights predictor on token-id windows, in integers."""

    def __init__(self, weights: ExactWeights, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.size = len(vocab)
        ids = {n: i for i, n in enumerate(vocab.names)}
        for y, row in weights.rows.items():
            if y not in ids:
                raise VerificationError(
                    f"the weights have a row for {y!r}, which is not a token of "
                    f"the machine's tableau vocabulary"
                )
            for c in row:
                for v in c.value:
                    if v not in ids:
                        raise VerificationError(
                            f"coordinate {c} names {v!r}, which is not a token of "
                            "the machine's tableau vocabulary"
                        )
        denom = 1
        for row in weights.rows.values():
            for w in row.values():
                denom = math.lcm(denom, w.denominator)
        self.denominator = denom
        self.pairwise = weights.kind == "pairwise"
        table: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
        for c, col in weights.by_coord.items():
            key = (c.slot, *(ids[v] for v in c.value))
            table[key] = [
                (ids[y], w.numerator * (denom // w.denominator)) for y, w in col.items()
            ]
        self.table = table

    def margin(
        self, left: int, middle: int, right: int, expected: int
    ) -> tuple[int, int]:
        """(margin * denominator, the best other token's id)."""
        if self.pairwise:
            keys: tuple[tuple[Any, ...], ...] = (
                ("M", middle), ("LM", left, middle), ("MR", middle, right)
            )
        else:
            keys = (("L", left), ("M", middle), ("R", right))
        scores: dict[int, int] = {}
        for key in keys:
            for y, w in self.table.get(key, ()):
                scores[y] = scores.get(y, 0) + w
        best_other: int | None = None
        best_y = -1
        for y, s in scores.items():
            if y != expected and (
                best_other is None or s > best_other or (s == best_other and y < best_y)
            ):
                best_other, best_y = s, y
        untouched = self.size - len(scores) - (expected not in scores)
        if untouched > 0 and (best_other is None or best_other <= 0):
            y0 = next(y for y in range(self.size) if y != expected and y not in scores)
            if best_other is None or best_other < 0 or y0 < best_y:
                best_other, best_y = 0, y0
        assert best_other is not None  # a vocabulary has at least 2 tokens
        return scores.get(expected, 0) - best_other, best_y


def _expected(machine: TuringMachine, vocab: Vocabulary, a: int, b: int, c: int) -> int:
    t = vocab.tokens
    return vocab.id(local_rule(machine, t[a], t[b], t[c]))


def scope_windows(
    machine: TuringMachine, scope: str | Scope = "windows", *, max_steps: int = 10_000
) -> list[tuple[int, int, int]]:
    """The windows a scope covers, as sorted token-id triples.

    ``windows``: :func:`checked_windows`. ``inputs:N``: every distinct
    window of the own tableaux of all inputs of length <= N over the
    machine's input alphabet (:func:`tableau_windows`); a predictor right
    on each of them rolls out every one of those tableaux. ``sample:K`` has
    no fixed window set.

    >>> from arcot.zoo import get
    >>> len(scope_windows(get("bb2"), "inputs:0"))
    26
    """
    sc = Scope.parse(scope)
    vocab = tableau_vocabulary(machine)
    if sc.kind == "windows":
        return list(checked_windows(vocab))
    if sc.kind == "sample":
        raise VerificationError("a sample:K scope has no fixed set of windows")
    seen: set[tuple[int, int, int]] = set()
    for word in _words(machine, sc.size or 0):
        seen |= tableau_windows(machine, word, max_steps=max_steps)
    return sorted(seen)


def tableau_windows(
    machine: TuringMachine, word: Sequence[Hashable], *, max_steps: int = 10_000
) -> set[tuple[int, int, int]]:
    """The distinct windows of ``word``'s own tableau, as token-id triples.

    The own tableau is :func:`~arcot.cot.encode_tableau`'s default: the
    least window covering the run, one row per step. Row ``r``'s token at
    cell ``j`` is predicted from row ``r - 1``'s cells ``j - 1, j, j + 1``
    (``#`` past either end), row ``r``'s ``#`` from row ``r - 2``'s last
    cell (``#`` for ``r = 1``), ``#`` and row ``r - 1``'s first cell. Rows
    differ only around the head, so the cost is the row width plus a
    constant per step, not the tableau's size. Raises
    :class:`~arcot.errors.StepLimitExceeded` if the run does not stop
    within ``max_steps``.

    >>> from arcot.zoo import get
    >>> m = get("bb2")
    >>> t = encode_tableau(m)
    >>> s = [int(x) for x in t.tokens]
    >>> w = t.width
    >>> full = {(s[p - w - 2] if p >= w + 2 else 0, s[p - w - 1], s[p - w])
    ...         for p in range(w + 1, len(s))}
    >>> tableau_windows(m, ()) == full
    True
    """
    word = machine.check_word(word)
    window, steps = tableau_window(machine, [word], max_steps=max_steps)
    vocab = tableau_vocabulary(machine)
    delim = vocab.id(DELIMITER)
    row: list[Hashable] = [DELIMITER]
    for cell in window.cells:
        sym = word[cell] if 0 <= cell < len(word) else machine.blank
        row.append(HeadCell(machine.start, sym) if cell == 0 else sym)
    ids = [vocab.id(t) for t in row]
    is_head = [isinstance(t, HeadCell) for t in vocab.tokens]
    rule: dict[tuple[int, int, int], int] = {}  # the local rule, as it is met
    width = window.width
    seen: set[tuple[int, int, int]] = set()
    last, near = delim, range(1, width + 1)
    head = next((j for j in near if is_head[ids[j]]), None)
    for _ in range(steps):
        seen.add((last, delim, ids[1]))
        for j in near:
            seen.add((ids[j - 1], ids[j], ids[j + 1] if j < width else delim))
        last = ids[width]
        if head is None:  # nothing moves: every later window is already seen
            break
        cells = range(max(1, head - 1), min(width, head + 1) + 1)
        new = []
        for j in cells:
            key = (ids[j - 1], ids[j], ids[j + 1] if j < width else delim)
            out = rule.get(key)
            if out is None:
                t = vocab.tokens
                out = rule[key] = vocab.id(local_rule(machine, t[key[0]], t[key[1]],
                                                      t[key[2]]))
            new.append(out)
        ids[cells.start : cells.stop] = new
        near = range(max(1, head - 2), min(width, head + 2) + 1)
        head = next((j for j in cells if is_head[ids[j]]), None)
    return seen


def window_decisions(
    predictor: object,
    machine: TuringMachine,
    *,
    scope: str | Scope = "windows",
    max_steps: int = 10_000,
) -> list[WindowDecision]:
    """Every window of a scope with its expected token and margin, in order.

    The order of :func:`scope_windows`; the certificate's hints.

    >>> from arcot.construct import additive_tableau_weights
    >>> from arcot.zoo import get
    >>> d = window_decisions(additive_tableau_weights(get("bb2")), get("bb2"))
    >>> d[0]
    WindowDecision(left='#', middle='#', right='#', expected='#', margin=Fraction(5, 1))
    """
    windows = scope_windows(machine, scope, max_steps=max_steps)
    return decide_windows(predictor, machine, windows)


def decide_windows(
    predictor: object, machine: TuringMachine, windows: Iterable[tuple[int, int, int]]
) -> list[WindowDecision]:
    """The expected token and margin of each window (token-id triples)."""
    weights = as_weights(predictor)
    vocab = tableau_vocabulary(machine)
    decide = _Decider(weights, vocab)
    names = vocab.names
    out = []
    for a, b, c in windows:
        e = _expected(machine, vocab, a, b, c)
        m, _ = decide.margin(a, b, c, e)
        out.append(
            WindowDecision(
                names[a], names[b], names[c], names[e],
                Fraction(m, decide.denominator),
            )
        )
    return out


def _sample_statistics(sc: Scope, failures: int, n: int) -> dict[str, Any]:
    """The error rate and its 95% Clopper-Pearson bound, for sample scopes."""
    if sc.kind != "sample":
        return {}
    return {
        "error_rate": Fraction(failures, n),
        "error_bound": clopper_pearson_upper(failures, n),
        "confidence": 0.95,
    }


def clopper_pearson_upper(
    failures: int, trials: int, confidence: float = 0.95
) -> float:
    """One-sided Clopper-Pearson upper bound on an error rate.

    The largest ``p`` with ``P[Binomial(trials, p) <= failures] >=
    1 - confidence``, found by bisection (a statistical bound, so floats).

    >>> round(clopper_pearson_upper(0, 100), 4)  # 1 - 0.05 ** (1 / 100)
    0.0295
    """
    if trials < 1 or not 0 <= failures <= trials:
        raise VerificationError(f"need 0 <= failures <= trials, trials >= 1, got "
                                f"{failures}, {trials}")
    if failures == trials:
        return 1.0
    alpha = 1 - confidence

    def cdf(p: float) -> float:
        if p <= 0:
            return 1.0
        if p >= 1:
            return 0.0
        logs = [
            math.lgamma(trials + 1) - math.lgamma(i + 1) - math.lgamma(trials - i + 1)
            + i * math.log(p) + (trials - i) * math.log1p(-p)
            for i in range(failures + 1)
        ]
        top = max(logs)
        return math.exp(top) * sum(math.exp(x - top) for x in logs)

    lo, hi = failures / trials, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if cdf(mid) > alpha:
            lo = mid
        else:
            hi = mid
    return hi


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


def _word_names(word: Sequence[Hashable]) -> tuple[str, ...]:
    return tuple(str(s) for s in word)


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


def _words(machine: TuringMachine, max_length: int) -> Iterator[tuple[Hashable, ...]]:
    alphabet = tuple(machine.input_symbols or ())
    for n in range(max_length + 1):
        yield from itertools.product(alphabet, repeat=n)


def _scope_words(
    machine: TuringMachine, sc: Scope, *, seed: int, max_length: int
) -> list[tuple[Hashable, ...]]:
    """The inputs of an ``inputs:N`` or ``sample:K`` scope, in order."""
    if sc.kind == "inputs":
        return list(_words(machine, sc.size or 0))
    rng = random.Random(seed)
    alphabet = list(machine.input_symbols or ())
    return [
        tuple(rng.choice(alphabet) for _ in range(rng.randint(0, max_length)))
        if alphabet else ()
        for _ in range(sc.size or 0)
    ]


def _search_input(
    decide: _Decider,
    machine: TuringMachine,
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
    cache: dict[tuple[int, int, int, int], tuple[int, int]] = {}
    for k, word in enumerate(_words(machine, max_length)):
        if k >= max_inputs or max_tokens <= 0:
            return None
        r = run(machine, word, max_steps=max_steps)
        cost = (r.steps + 1) * (r.span[1] - r.span[0] + 2)
        if not r.halted or cost > max_tokens:
            continue
        max_tokens -= cost
        trace = encode_tableau(machine, word, max_steps=max_steps)
        stream = [int(x) for x in trace.tokens]
        bad, _ = _stream_check(decide, cache, stream, trace.width)
        if bad is not None:
            return _rollout_counterexample(decide, cache, machine, trace, word, bad)
    return None


# -- untied predictors: one weight set per CoT position -------------------


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
    machine: TuringMachine,
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
        trace = encode_tableau(machine, word, window=shape, steps=n_steps)
        stream = [int(x) for x in trace.tokens]
        bad, _ = _untied_stream_check(decide, stream, shape.width)
        if bad is not None:
            return _untied_counterexample(decide, stream, shape.width, word, bad)
    return None


def _verify_untied(
    weights: UntiedWeights,
    machine: TuringMachine,
    sc: Scope,
    words: list[tuple[Hashable, ...]] | None,
    *,
    max_steps: int,
    search_length: int,
    window: TableauWindow | None,
    steps: int | None,
) -> VerificationResult:
    """:func:`verify_exact` for an untied predictor (``words``: ``None`` for
    the ``windows`` scope, else the scope's inputs)."""
    vocab = tableau_vocabulary(machine)
    decide = _UntiedDecider(weights, vocab)
    names = vocab.names
    positions = decide.positions
    if words is None:
        windows = list(checked_windows(vocab))
        expected = [_expected(machine, vocab, a, b, c) for a, b, c in windows]
        # per distinct weight set: failures, least margin, first failing window
        found: list[tuple[int, Fraction | None, int | None]] = []
        for i in range(len(decide.deciders)):
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
                decide, machine, max_length=search_length, max_steps=max_steps,
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
    for word in words:
        trace = encode_tableau(machine, word, window=shape, steps=n_steps)
        stream = [int(x) for x in trace.tokens]
        bad, low = _untied_stream_check(decide, stream, shape.width)
        if low is not None and (least is None or low < least):
            least = low
        if bad is not None:
            failures += 1
            if first is None:
                first = _untied_counterexample(decide, stream, shape.width, word, bad)
    n = len(words)
    extra = _sample_statistics(sc, failures, n)
    return VerificationResult(
        verified=failures == 0, scope=str(sc), features=weights.kind, checked=n,
        unit="inputs" if sc.kind == "inputs" else "samples", failures=failures,
        min_margin=least, counterexample=first, positions=positions,
        window=shape, steps=n_steps, **extra,
    )


def verify_exact(
    predictor: object,
    machine: TuringMachine,
    *,
    scope: str | Scope = "windows",
    max_steps: int = 10_000,
    seed: int = 0,
    max_length: int = 8,
    search_length: int = 4,
    window: TableauWindow | None = None,
    steps: int | None = None,
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
        The machine whose tableau CoT the predictor should produce.
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
    untied = _as_untied(predictor)
    weights = None if untied is not None else as_weights(predictor)
    sc = Scope.parse(scope)
    for field_name, value in (
        ("max_steps", max_steps), ("seed", seed), ("max_length", max_length),
        ("search_length", search_length),
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
            untied, machine, sc,
            None if sc.kind == "windows" else _scope_words(
                machine, sc, seed=seed, max_length=max_length
            ),
            max_steps=max_steps, search_length=search_length,
            window=window, steps=steps,
        )
    assert weights is not None
    vocab = tableau_vocabulary(machine)
    decide = _Decider(weights, vocab)
    d = decide.denominator
    names = vocab.names
    if sc.kind == "windows":
        checked = failures = 0
        least: int | None = None
        first: Counterexample | None = None
        for a, b, c in checked_windows(vocab):
            e = _expected(machine, vocab, a, b, c)
            m, got = decide.margin(a, b, c, e)
            checked += 1
            if least is None or m < least:
                least = m
            if m <= 0:
                failures += 1
                if first is None:
                    first = Counterexample(
                        window=(names[a], names[b], names[c]),
                        expected=names[e], got=names[got], margin=Fraction(m, d),
                    )
        if first is not None:
            found = _search_input(
                decide, machine, max_length=search_length, max_steps=max_steps
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
    for word in words:
        trace = encode_tableau(machine, word, window=shape, steps=n_steps,
                               max_steps=max_steps)
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
    n = len(words)
    result = _sample_statistics(sc, failures, n)
    return VerificationResult(
        verified=failures == 0, scope=str(sc), features=weights.kind, checked=n,
        unit="inputs" if sc.kind == "inputs" else "samples", failures=failures,
        min_margin=None if least is None else Fraction(least, d),
        counterexample=first, window=shape, steps=n_steps, **result,
    )


# -- threshold circuits (Thm 3.8, Cor 3.9) -----------------------------


def _circuit_failure(
    predictor: CircuitPredictor, got: Sequence[int], want: Sequence[int],
    word: tuple[str, ...],
) -> Counterexample:
    t = next(i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b)
    return Counterexample(
        window=(predictor.positions[t][0],), expected=str(want[t]), got=str(got[t]),
        margin=Fraction(0), input=word, step=t + 1,
    )


def verify_circuit(predictor: object, circuit: Any) -> VerificationResult:
    """Thm 3.8: per-position threshold predictors roll out a circuit's CoT.

    On every one of the ``2^n`` inputs, the predictors' rollout (exact
    rational sums, :meth:`~arcot.construct.CircuitPredictor.rollout`) must
    equal the circuit's gate values (numpy evaluation). ``predictor`` is a
    :class:`~arcot.construct.CircuitPredictor`, or ``None`` for the
    constructed one (:func:`~arcot.construct.circuit_weights`). Thresholds
    have no margin here: ``min_margin`` is ``None``.

    >>> from arcot.circuit import parity_circuit
    >>> r = verify_circuit(None, parity_circuit(4))
    >>> r.verified, r.checked, r.scope
    (True, 16, 'inputs:=4')
    """
    pred = circuit_weights(circuit) if predictor is None else predictor
    if not isinstance(pred, CircuitPredictor):
        raise VerificationError(
            f"predictor {type(pred).__name__} is not a CircuitPredictor"
        )
    from arcot.circuit import all_bit_inputs

    n = int(circuit.n_inputs)
    if pred.n_inputs != n or len(pred.positions) != circuit.n_gates:
        raise VerificationError(
            f"the predictor has {pred.n_inputs} inputs and {len(pred.positions)} "
            f"positions, the circuit {n} inputs and {circuit.n_gates} gates"
        )
    inputs = all_bit_inputs(n)
    values = circuit.evaluate(inputs)
    failures, first = 0, None
    for bits, want in zip(inputs.tolist(), values.tolist(), strict=True):
        got = pred.rollout(bits)
        if list(got) != want:
            failures += 1
            if first is None:
                first = _circuit_failure(pred, got, want, tuple(map(str, bits)))
    return VerificationResult(
        verified=failures == 0, scope=f"inputs:={n}", features="threshold",
        checked=len(inputs), unit="inputs", failures=failures, min_margin=None,
        counterexample=first,
    )


def verify_compiled_machine(
    compiled: Any, *, predictor: object = None
) -> VerificationResult:
    """Cor 3.9: the compiled circuit's linear predictors reproduce the machine.

    For every input of length ``compiled.n`` over the machine's input
    alphabet, the per-position threshold predictors (by default the
    circuit's own gates, Thm 3.8) are rolled out from row 0's one-hot bits,
    the result is decoded to tableau rows, and the rows are compared with
    the simulator's tableau (:func:`arcot.cot.encode_tableau` on the same
    window and step count).

    >>> from arcot.circuit import compile_machine
    >>> from arcot.cot import length_shape
    >>> from arcot.zoo import get
    >>> window, t = length_shape(get("parity"), 2, max_steps=100)
    >>> r = verify_compiled_machine(compile_machine(get("parity"), 2, t, window))
    >>> r.verified, r.checked
    (True, 4)
    """
    pred = circuit_weights(compiled.circuit) if predictor is None else predictor
    if not isinstance(pred, CircuitPredictor):
        raise VerificationError(
            f"predictor {type(pred).__name__} is not a CircuitPredictor"
        )
    machine = compiled.machine
    window = TableauWindow(left=compiled.left, width=compiled.width)
    vocab = tableau_vocabulary(machine)
    words = list(itertools.product(machine.input_symbols or (), repeat=compiled.n))
    failures, first = 0, None
    for word in words:
        got = pred.rollout(compiled.row0_bits(word).tolist())
        trace = encode_tableau(machine, word, window=window, steps=compiled.steps)
        stream = trace.tokens
        want_rows = [
            tuple(vocab.tokens[int(i)] for i in stream[r * (window.width + 1) + 1 :
                                                        (r + 1) * (window.width + 1)])
            for r in range(1, compiled.steps + 1)
        ]
        v = len(compiled.tokens)
        # cell k of the circuit is vocabulary id k + 1 (the delimiter is id 0),
        # looked up by kind: a symbol may equal a head's pair
        want = [
            int(vocab.id(tok) - 1 == k) for row in want_rows for tok in row
            for k in range(v)
        ]
        if list(got) != want:
            failures += 1
            if first is None:
                first = _circuit_failure(pred, got, want, _word_names(word))
    return VerificationResult(
        verified=failures == 0, scope=f"inputs:={compiled.n}", features="threshold",
        checked=len(words), unit="inputs", failures=failures, min_margin=None,
        counterexample=first,
    )
