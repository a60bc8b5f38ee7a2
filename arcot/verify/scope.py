"""What a verification states: its scope, the inputs a scope holds, and
its result (verdict, counts, least margin, counterexample).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from arcot.cot import (
    TableauWindow,
)
from arcot.errors import VerificationError
from arcot.machine import TuringMachine

__all__ = [
    "Counterexample",
    "Scope",
    "VerificationResult",
    "WindowDecision",
    "fraction_text",
    "sample_words",
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

    def _finding(self) -> str:
        """What was found, in one line: a sample scope's rate and bound (a
        statistic, never "verified"), else the verdict and its counts."""
        if self.scope.startswith("sample:"):
            bound = ("" if self.error_bound is None else
                     f", error rate <= {self.error_bound:.3g} "
                     f"({self.confidence:.0%} one-sided Clopper-Pearson)")
            return (f"{self.scope}: {self.failures} of {self.checked} {self.unit} "
                    f"wrong{bound}")
        verdict = "verified" if self.verified else "refuted"
        counts = (f"{self.checked} {self.unit}" if self.verified
                  else f"{self.failures} of {self.checked} {self.unit} wrong")
        margin = ("" if self.min_margin is None
                  else f", least margin {_margin_text(self.min_margin)}")
        return f"{verdict} in {self.scope}: {counts}{margin}"

    def __repr__(self) -> str:
        cx = self.counterexample
        first = "" if cx is None else (
            f"; first: window ({', '.join(cx.window)}) expected {cx.expected}, "
            f"got {cx.got}")
        return f"<VerificationResult {self._finding()}{first}>"

    def _repr_html_(self) -> str:
        """The verdict, its counts and the counterexample (notebooks)."""
        import html

        head = self._finding()
        verdict, _, rest = head.partition(" ")
        color = {"verified": "green", "refuted": "#b00"}.get(verdict)
        line = (f"<b style='color:{color}'>{verdict}</b> {html.escape(rest)}"
                if color else html.escape(head) + " (a statistic, not a proof)")
        parts = [f"<p>{line}</p>",
                 f"<p>{html.escape(self.features)} features; checked on "
                 f"{html.escape(self.tableau)}"
                 + ("" if self.positions is None
                    else f"; {self.positions} CoT positions, one weight set each")
                 + "</p>"]
        cx = self.counterexample
        if cx is not None:
            rows = [("window", ", ".join(cx.window)), ("expected", cx.expected),
                    ("got", cx.got), ("margin", _margin_text(cx.margin))]
            if cx.input is not None:
                rows.append(("input", "".join(cx.input) or "(empty)"))
            rows += [(k, str(v)) for k, v in (("step", cx.step), ("cell", cx.cell),
                                              ("position", cx.position))
                     if v is not None]
            body = "".join(f"<tr><th style='text-align:left'>{k}</th>"
                           f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
            parts.append(f"<p>first counterexample:</p><table>{body}</table>")
        return "".join(parts)

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


def _margin_text(x: Fraction) -> str:
    """A margin exactly, and about, when it is not an integer.

    >>> _margin_text(Fraction(1)), _margin_text(Fraction(-1, 3))
    ('1', '-1/3 (about -0.333333333333333)')
    """
    if x.denominator == 1:
        return str(x.numerator)
    return f"{x} (about {float(x):.15g})"


def _word_names(word: Sequence[Hashable]) -> tuple[str, ...]:
    return tuple(str(s) for s in word)


def _words(machine: TuringMachine, max_length: int) -> Iterator[tuple[Hashable, ...]]:
    alphabet = tuple(machine.input_symbols or ())
    for n in range(max_length + 1):
        yield from itertools.product(alphabet, repeat=n)


def sample_words(
    alphabet: Sequence[Hashable], k: int, *, seed: int, max_length: int
) -> Iterator[tuple[Hashable, ...]]:
    """The ``k`` inputs of a ``sample:K`` scope, in order: lengths uniform in
    ``0..max_length``, symbols uniform, drawn by ``random.Random(seed)``.

    >>> list(sample_words("01", 3, seed=0, max_length=2))
    [('1',), (), ('1',)]
    """
    rng = random.Random(seed)
    symbols = list(alphabet)
    for _ in range(k):
        yield (tuple(rng.choice(symbols) for _ in range(rng.randint(0, max_length)))
               if symbols else ())


def _scope_words(
    machine: TuringMachine, sc: Scope, *, seed: int, max_length: int
) -> list[tuple[Hashable, ...]]:
    """The inputs of an ``inputs:N`` or ``sample:K`` scope, in order."""
    if sc.kind == "inputs":
        return list(_words(machine, sc.size or 0))
    return list(sample_words(tuple(machine.input_symbols or ()), sc.size or 0,
                             seed=seed, max_length=max_length))
