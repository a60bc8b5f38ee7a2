"""The work a request would do, estimated before doing it.

:func:`estimate_work` counts the inputs a ``--scope`` or ``--train`` of
:func:`arcot.pipeline.certify` (or an ``arcot trace`` shape) enumerates,
exactly, and estimates the tableau tokens their runs roll out or store and
the bytes those tokens take, from runs of a few of the inputs (the
longest first: they dominate the count). A run that does not stop within
the step budget is reported at once, as the work itself would report it
later. :func:`check_work` refuses a request past a limit
(:class:`~arcot.errors.SizeLimitExceeded`), saying which limit it passes
and what to change; it counts the inputs before running any.

The estimate is exact when every input was run (``exact``); otherwise
it extrapolates the probed inputs' tokens to the others of their length
(and, for lengths not probed, the nearest probed length's), so it is a
guide, not a bound. The rollouts of a verification are also counted as
they happen (``verify_exact(..., max_tokens=)``), so a limit holds even
where the estimate was low.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from arcot.errors import SizeLimitExceeded, StepLimitExceeded, VerificationError
from arcot.machine import TuringMachine, run

__all__ = [
    "DEFAULT_MAX_INPUTS",
    "DEFAULT_MAX_TOKENS",
    "PROBES",
    "WorkEstimate",
    "check_work",
    "count_inputs",
    "estimate_work",
]

#: The most inputs arcot enumerates (arcot.learn.data.MAX_INPUTS).
DEFAULT_MAX_INPUTS = 1 << 20

#: The default limit on tableau tokens: 512 MiB of int64 token ids stored,
#: or about a minute and a half of exact rollout checks at the ~0.7 million
#: tokens a second measured on palindrome's inputs:10 (docs/reference/cli.md).
DEFAULT_MAX_TOKENS = 1 << 26

#: How many inputs at most are run to estimate the rest.
PROBES = 64

_PER_LENGTH = 8  # inputs probed at one length before moving to a shorter one

#: Bytes a token of a rollout check holds (its int64 id, the list of ids
#: the check walks, the trace's arrays), measured with tracemalloc.
ROLLOUT_BYTES_PER_TOKEN = 28


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkEstimate:
    """What one ``inputs:N`` or ``sample:K`` spec costs.

    ``inputs`` is exact; ``tokens`` are the tableau (or circuit) tokens of
    every input's CoT in all, ``largest`` those of the largest one held at
    once, ``bytes`` the memory those held at once take (a rollout check
    holds one CoT at a time; training data and a shared shape hold them
    all), ``probes`` the inputs run to estimate them and ``exact`` whether
    that was every input.

    >>> from arcot.zoo import get
    >>> e = estimate_work(get("palindrome"), "inputs:2")
    >>> e.inputs, e.tokens, e.exact
    (7, 126, True)
    >>> print(e)
    scope inputs:2: 7 inputs, 126 tableau tokens, 1.29 kB at once (every input run)
    """

    what: str
    inputs: int
    tokens: int
    largest: int
    bytes: int
    probes: int
    exact: bool
    unit: str = "tableau tokens"

    def __str__(self) -> str:
        about = "" if self.exact else "about "
        how = ("every input run" if self.exact
               else f"estimated from {self.probes} of them run")
        plural = "s" * (self.inputs != 1)
        return (f"{self.what}: {_exact(self.inputs)} input{plural}, "
                f"{about}{_count(self.tokens)} {self.unit}, "
                f"{about}{_bytes(self.bytes)} at once ({how})")


def _exact(n: int) -> str:
    return "more than 2**4096" if n >= HUGE else str(n)


def _count(n: int) -> str:
    if n >= HUGE:
        return "more than 2**4096"
    return str(n) if n < 10**7 else f"{n:.3g}".replace("e+0", "e").replace("e+", "e")


def _bytes(n: int) -> str:
    for unit, size in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{_count(n // size) if n >= 10**19 else f'{n / size:.3g}'} {unit}"
    return f"{n} bytes"


#: Counts of inputs are exact below this; from it on they read "more than".
HUGE = 1 << 4096


def _count_words(k: int, lengths: range) -> int:
    """Words over ``k`` symbols of every length in ``lengths`` (at most
    :data:`HUGE`: a length may be huge)."""
    if k == 0:
        return int(0 in lengths)
    if k == 1:
        return len(lengths)
    if lengths.stop * k.bit_length() > 4096:
        return HUGE
    return sum(k**n for n in lengths)


def count_inputs(machine: TuringMachine, spec: str, *,
                 encoding: str = "tableau") -> int | None:
    """How many inputs ``spec`` names: every input of length ``0..N`` for
    ``inputs:N`` (of length ``N`` for the circuit encoding), ``K`` for
    ``sample:K``; ``None`` for a spec that names no inputs. Exact below
    :data:`HUGE`.

    >>> from arcot.zoo import get
    >>> m = get("palindrome")
    >>> count_inputs(m, "inputs:25"), count_inputs(m, "windows")
    (67108863, None)
    """
    parsed = _parse(spec)
    if parsed is None:
        return None
    kind, n = parsed
    if kind == "sample":
        return n
    lengths = range(n, n + 1) if encoding == "circuit" else range(n + 1)
    return _count_words(len(machine.input_symbols or ()), lengths)


def _parse(spec: str) -> tuple[str, int] | None:
    kind, sep, size = spec.strip().partition(":")
    if not sep or kind not in ("inputs", "sample"):
        return None
    try:
        n = int(size)
    except ValueError:
        return None  # the work itself says what is wrong
    return (kind, n) if n >= 0 else None


def check_work(
    machine: TuringMachine,
    spec: str | None,
    *,
    max_inputs: int | None,
    max_tokens: int | None,
    names: tuple[str, str] = ("max_inputs", "max_tokens"),
    **estimate: object,
) -> WorkEstimate | None:
    """:func:`estimate_work`, refused past a limit before any run.

    Raises :class:`~arcot.errors.SizeLimitExceeded` when ``spec`` names
    more than ``max_inputs`` inputs (counted, nothing run) or its CoTs
    about more than ``max_tokens`` tokens, with a message that says what
    to change (``names`` spell the limits). ``estimate`` are
    :func:`estimate_work`'s keywords.

    >>> from arcot.zoo import get
    >>> check_work(get("palindrome"), "inputs:25", max_inputs=1 << 20,
    ...            max_tokens=None)
    Traceback (most recent call last):
    ...
    arcot.errors.SizeLimitExceeded: scope inputs:25 names 67108863 inputs of ...
    """
    if spec is None:
        return None
    role = str(estimate.get("role", "scope"))
    count = count_inputs(machine, spec, encoding=str(estimate.get("encoding",
                                                                 "tableau")))
    if count is None:
        return None
    what = f"{role} {spec.strip()}"
    other = "configurations:K" if "train" in role else "windows (no rollouts)"
    small = (f"a smaller N, sample:K or {other}"
             if spec.strip().startswith("inputs") else f"a smaller K or {other}")
    if max_inputs is not None and count > max_inputs:
        raise SizeLimitExceeded(
            f"{what} names {_exact(count)} {_which(machine, spec, estimate)}, "
            f"more than {names[0]} {max_inputs}: use {small}, or raise {names[0]}"
        )
    found = estimate_work(machine, spec, **estimate)  # type: ignore[arg-type]
    if found is not None and max_tokens is not None and found.tokens > max_tokens:
        raise SizeLimitExceeded(
            f"{found}: more than {names[1]} {max_tokens}; use {small}, or "
            f"raise {names[1]}"
        )
    return found


def _which(machine: TuringMachine, spec: str, estimate: dict[str, object]) -> str:
    """The inputs of ``spec``, in words."""
    kind, _, n = spec.strip().partition(":")
    if kind == "sample":
        return "random inputs"
    k = len(machine.input_symbols or ())
    upto = "" if estimate.get("encoding") == "circuit" else "up to "
    return f"inputs of length {upto}{n.strip()} over {k} symbols"


def estimate_work(
    machine: TuringMachine,
    spec: str,
    *,
    role: str = "scope",
    encoding: str = "tableau",
    shared: bool = False,
    seed: int = 0,
    max_steps: int = 10_000,
    max_length: int = 8,
    probes: int = PROBES,
) -> WorkEstimate | None:
    """Estimate what ``spec`` (``inputs:N`` or ``sample:K``) costs.

    Parameters
    ----------
    machine
        The machine whose runs are rolled out.
    spec
        ``inputs:N`` (every input of length ``0..N``; for the circuit
        encoding, of length ``N``) or ``sample:K`` (``K`` random inputs of
        length ``0..max_length``). Anything else (``windows``,
        ``configurations:K``) rolls no runs out: ``None``.
    role
        ``"scope"`` or ``"train"``: the word the estimate is named by.
    encoding
        ``"tableau"`` or ``"circuit"`` (the circuit's CoT has one token a bit).
    shared
        Every CoT takes one shared shape (the longest run, the widest
        window) and all are held at once: training data, an untied
        predictor's scope, the circuit encoding. Otherwise each input is
        rolled out on its own tableau, one at a time.
    seed, max_steps, max_length
        As the work itself takes them: the sample's seed, every run's step
        budget (a probed run that does not stop raises
        :class:`~arcot.errors.StepLimitExceeded` at once), the longest
        sampled input.
    probes
        The most inputs run.
    """
    parsed = _parse(spec)
    if parsed is None or max_length < 0:
        return None
    kind, n = parsed
    alphabet = tuple(machine.input_symbols or ())
    return _estimate(machine, kind, n, alphabet, role, encoding, shared,
                     seed, max_steps, max_length, probes)


@lru_cache(maxsize=16)  # the CLI checks a request before certify checks it again
def _estimate(
    machine: TuringMachine, kind: str, n: int, alphabet: tuple[Hashable, ...],
    role: str, encoding: str, shared: bool, seed: int, max_steps: int,
    max_length: int, probes: int,
) -> WorkEstimate:
    k = len(alphabet)
    circuit = encoding == "circuit"
    lengths = range(n, n + 1) if circuit else range(n + 1)
    if kind == "inputs":
        inputs = _count_words(k, lengths)
        if inputs >= HUGE:
            raise SizeLimitExceeded(f"inputs:{n}: more than 2**4096 inputs")
        if inputs <= probes:  # few enough to run them all: exact
            groups = [(1, [tuple(w)]) for m in lengths
                      for w in itertools.product(alphabet, repeat=m)]
        else:
            groups = _input_probes(alphabet, lengths, seed, probes)
    else:
        inputs = n
        drawn = _sample_probes(alphabet, min(n, probes), seed, max_length)
        groups = [(n, drawn)]
    shapes: list[list[tuple[int, int]]] = []  # per group: (steps, width) a probe
    for _, words in groups:
        shapes.append([_shape(machine, w, max_steps) for w in words])
    probed = sum(len(s) for s in shapes)
    if circuit or shared:
        steps = max(t for s in shapes for t, _ in s)
        width = max(w for s in shapes for _, w in s)
        largest = _tokens(machine, encoding, steps, width)
        tokens = inputs * largest
        memory = tokens * 8  # every stream at once, int64
    else:
        tokens, largest = 0, 0
        for (count, _), sizes in zip(groups, shapes, strict=True):
            cots = [_tokens(machine, encoding, t, w) for t, w in sizes]
            largest = max(largest, *cots)
            tokens += count * sum(cots) // len(cots)
        memory = largest * ROLLOUT_BYTES_PER_TOKEN + inputs * (56 + 8 * max(
            n if kind == "inputs" else max_length, 0))  # the inputs' tuples
    return WorkEstimate(
        what=f"{role} {kind}:{n}", inputs=inputs, tokens=tokens, largest=largest,
        bytes=memory, probes=probed,
        # a sample scope's probes are its first inputs; training draws others
        exact=probed >= inputs and (kind == "inputs" or role == "scope"),
        unit="circuit tokens" if circuit else "tableau tokens",
    )


def _input_probes(
    alphabet: tuple[Hashable, ...], lengths: range, seed: int, probes: int
) -> list[tuple[int, list[tuple[Hashable, ...]]]]:
    """(how many inputs a group stands for, the group's probed words): the
    longest lengths first, at most ``_PER_LENGTH`` a length, ``probes`` in
    all; the shortest probed group also stands for the lengths not probed."""
    rng = random.Random(seed)
    k = len(alphabet)
    groups: list[tuple[int, list[tuple[Hashable, ...]]]] = []
    left = max(probes, 1)
    rest = 0
    for length in reversed(lengths):
        count = _count_words(k, range(length, length + 1))
        if left <= 0:
            rest += count
            continue
        if k == 0 and length:
            continue
        if count <= min(_PER_LENGTH, left):
            words = [tuple(w) for w in itertools.product(alphabet, repeat=length)]
        else:
            words = [tuple(rng.choice(alphabet) for _ in range(length))
                     for _ in range(min(_PER_LENGTH, left))]
        groups.append((count, words))
        left -= len(words)
    if rest:
        count, words = groups[-1]
        groups[-1] = (count + rest, words)
    return groups


def _sample_probes(
    alphabet: tuple[Hashable, ...], k: int, seed: int, max_length: int
) -> list[tuple[Hashable, ...]]:
    """The first ``k`` inputs of a ``sample:K`` scope, drawn as it draws them."""
    from arcot.verify.scope import sample_words

    return list(sample_words(alphabet, k, seed=seed, max_length=max_length))


def _shape(machine: TuringMachine, word: Sequence[Hashable],
           max_steps: int) -> tuple[int, int]:
    """The steps and window width of ``word``'s own tableau."""
    r = run(machine, word, max_steps=max_steps)
    if not r.halted:
        raise StepLimitExceeded(
            f"the machine did not stop within {max_steps} steps on input "
            f"{''.join(map(str, word))!r}",
            steps=r.steps,
        )
    lo, hi = min(0, r.span[0]), max(0, r.span[1], len(word) - 1)
    return r.steps, hi - lo + 1


def _tokens(machine: TuringMachine, encoding: str, steps: int, width: int) -> int:
    """The tokens of one CoT stream of that shape, its prompt row included."""
    if encoding == "tableau":
        return (steps + 1) * (width + 1)
    if encoding != "circuit":
        raise VerificationError(f"encoding {encoding!r} is not tableau or circuit")
    from arcot.cot import cot_length

    return int(cot_length(machine, "circuit", steps=steps, width=width))
