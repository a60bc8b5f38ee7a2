"""Learning U from its own traces: least squares on U's CoT on random programs.

The paper's learning claim, made concrete for the universal machine
:data:`~arcot.universal.utm.UTM`: a linear next-token predictor fitted by
least squares on pairwise features to U's tableau CoT on sampled *programs*
(``encode(M, w)`` for random machines ``M`` and words ``w``) is one
predictor for all machines. How far that data carries the fit is a
measurement (``benchmarks/bench_universal_training.py``,
``benchmarks/RESULTS.md``), and what it proves is stated here exactly:

- The ``windows`` scope (every well-formed window, 272,541 of them for U)
  holds many windows that no run of U on an encoded program shows: 145,161
  are delimiter windows ``(x, #, y)``, of which a tableau shows only those
  whose ``x`` ends a row and ``y`` starts one; of U's 370 head cells
  ``(state, symbol)`` only 187 occur in the traces of 1,000 or 3,000
  programs (a head in ``seek_state`` on a data marker ``G`` never does:
  ``seek_state`` stops at the program's ``T``). 1,000 programs show 6,823
  distinct windows (2.5% of the scope), 3,000 show 7,147. Traces cannot
  cover the rest, and a fit on traces alone is *not* verified over all
  windows: least squares on pairwise features fitted to 1,000 programs'
  traces is wrong on 48,285 windows of the scope (none of them a window
  of a delimiter: those it gets right unseen).
- What a trace-trained predictor carries, exactly: right on every window
  its training traces show (pairwise least squares has zero residual
  there, and the exact check confirms every margin), hence, by induction
  over rows, its rollout on ``encode(M, w)`` is U's CoT, and decodes to
  M's run, for every program whose own tableau shows only windows it is
  right on: every training program, and each fresh program that
  :func:`held_out` checks (exactly, window by window). Over fresh
  programs as a population that is a statistic (200 of 200 held-out
  programs right after 1,000 training programs: error rate at most 1.5%
  with 95% confidence), not a proof for every machine.
- Adding covering data (``configurations:J``, random well-formed
  configurations, :func:`arcot.learn.data.configuration_windows`) to the
  traces gives a fit that ``verify_exact`` proves right on every window
  (``programs:1000+configurations:300000``): that predictor writes U's CoT
  on every input, so it is one predictor for every machine U simulates.
- Least squares on additive features is refuted whatever the data
  (traces, configurations or both): it gets tens of thousands of windows
  wrong, windows of every held-out program among them.

The training distribution is exposed as functions, not as a ``programs:K``
string of :func:`arcot.pipeline.certify`: ``arcot.learn.data`` and
``arcot.pipeline`` rank below this module (``tests/meta/test_layering.py``)
and cannot draw programs. :func:`certify_programs` is the same tableau route
(data, fit, exact weights, verification) on program data, and names its
data ``programs:K`` or ``programs:K+configurations:J``.

Nothing here imports :mod:`arcot.testing` (a test-time package, ranked
above this one); :func:`random_machine` is its own small numpy generator.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from arcot.cot import Tableau, as_tableau, encode_tableau
from arcot.errors import LearningError, UniversalEncodingError
from arcot.learn import fit_linear_predictor, fit_perceptron
from arcot.learn.data import WindowData, configuration_windows, stream_windows
from arcot.machine import Move, Transition, TuringMachine, run
from arcot.pipeline.result import CertifyResult
from arcot.pipeline.weights import exact_weights
from arcot.universal.utm import UTM, encode
from arcot.verify.certificate import make_certificate
from arcot.verify.exact import Scope, verify_exact
from arcot.verify.windows import (
    _Decider,
    decide_arrays,
    own_tableau_windows,
    tableau_windows,
)

__all__ = [
    "HeldOut",
    "Program",
    "certify_programs",
    "combine",
    "held_out",
    "program_data",
    "program_windows",
    "random_machine",
    "random_programs",
    "trace_windows",
]

#: Most M steps a sampled program may run (its runs stay small: a few
#: thousand steps of U over a few dozen cells).
MAX_PROGRAM_STEPS = 30
#: Most U steps a sampled program's trace may take (a safety bound; the
#: programs of :func:`random_programs` need a few thousand at most).
MAX_U_STEPS = 1_000_000
#: Draws per requested program before :func:`random_programs` gives up.
_DRAWS_PER_PROGRAM = 100
_MOVES = (Move.LEFT, Move.RIGHT, Move.STAY)


@dataclass(frozen=True, slots=True)
class Program:
    """One sampled program: machine ``M`` and input ``w``, with M's step count."""

    machine: TuringMachine
    word: tuple[Hashable, ...]
    steps: int

    @property
    def prompt(self) -> tuple[str, ...]:
        """U's input word, ``encode(machine, word)``."""
        return encode(self.machine, self.word)


def random_machine(
    rng: np.random.Generator,
    *,
    max_states: int = 4,
    max_symbols: int = 4,
    max_halt_states: int = 3,
    undefined: float = 0.125,
) -> TuringMachine:
    """A random machine: 1..``max_states`` working states ``q0, q1, ...``,
    0..``max_halt_states`` halt states ``h0, ...``, 1..``max_symbols``
    symbols ``0, 1, ...`` (blank ``0``); each transition undefined with
    probability ``undefined``, else a uniform write, move (left, right,
    stay) and next state (halt states included)."""
    q = int(rng.integers(1, max_states + 1))
    h = int(rng.integers(0, max_halt_states + 1))
    s = int(rng.integers(1, max_symbols + 1))
    states = [f"q{i}" for i in range(q)]
    halts = [f"h{i}" for i in range(h)]
    symbols = [str(i) for i in range(s)]
    targets = states + halts
    transitions = {}
    for st in states:
        for a in symbols:
            if rng.random() < undefined:
                continue
            transitions[st, a] = Transition(
                symbols[int(rng.integers(0, s))], _MOVES[int(rng.integers(0, 3))],
                targets[int(rng.integers(0, q + h))])
    return TuringMachine(states=targets, symbols=symbols, start="q0",
                         halt_states=halts, transitions=transitions, blank="0")


def random_programs(
    k: int,
    *,
    seed: int = 0,
    max_states: int = 4,
    max_symbols: int = 4,
    max_halt_states: int = 3,
    max_length: int = 4,
    max_steps: int = MAX_PROGRAM_STEPS,
) -> tuple[Program, ...]:
    """``k`` random programs (machine, word): :func:`random_machine` machines
    on uniform words of length ``0..max_length`` over their input alphabet,
    kept only if the run stops (a halt state or an undefined transition)
    within ``max_steps`` steps of M. Deterministic for a seed.

    >>> ps = random_programs(3, seed=1)
    >>> len(ps), all(p.steps <= MAX_PROGRAM_STEPS for p in ps)
    (3, True)
    >>> ps == random_programs(3, seed=1)
    True
    """
    for name, value, least in (("k", k, 1), ("max_states", max_states, 1),
                               ("max_symbols", max_symbols, 1),
                               ("max_halt_states", max_halt_states, 0),
                               ("max_length", max_length, 0),
                               ("max_steps", max_steps, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise LearningError(f"{name} must be an integer >= {least}, got {value!r}")
    rng = np.random.default_rng(seed)
    out: list[Program] = []
    for _ in range(_DRAWS_PER_PROGRAM * k):
        m = random_machine(rng, max_states=max_states, max_symbols=max_symbols,
                           max_halt_states=max_halt_states)
        alphabet = list(m.input_symbols or ())
        n = int(rng.integers(0, max_length + 1)) if alphabet else 0
        word = tuple(alphabet[int(i)] for i in rng.integers(0, len(alphabet), n))
        result = run(m, word, max_steps=max_steps)
        if result.halted:
            out.append(Program(m, word, result.steps))
            if len(out) == k:
                return tuple(out)
    raise LearningError(
        f"only {len(out)} of {k} random programs stopped within {max_steps} "
        f"steps in {_DRAWS_PER_PROGRAM * k} draws"
    )


def _utm_tableau(universal: TuringMachine | Tableau) -> Tableau:
    tableau = as_tableau(universal)
    if tableau.machine != UTM:
        raise UniversalEncodingError(
            f"program data is U's CoT on encoded programs: {tableau.machine!r} is "
            "not the universal machine zoo:utm (arcot.universal.utm.UTM)"
        )
    return tableau


def program_windows(
    programs: Sequence[Program],
    *,
    distinct: bool = True,
    source: str = "",
    universal: TuringMachine | Tableau = UTM,
) -> WindowData:
    """The windows and next tokens of U's tableau CoT on ``programs``.

    Each program is run on its *own* tableau
    (``encode_tableau(UTM, program.prompt)``: the least window covering U's
    run, one row per step of U); runs are not padded to one shape, so
    ``window`` and ``steps`` are ``None``.

    ``distinct=False``: every CoT token of every program, read from the
    written tableau by :func:`~arcot.learn.data.stream_windows` as
    ``training_data`` reads any run (a position is a position in its own
    program's CoT). 1,000 programs write about 90 million tokens (3.6 GB
    of windows, targets and positions), so this is for a few hundred
    programs at most.

    ``distinct=True`` (the default): each distinct window once (positions
    ``-1``), found by the verifier's head-local walk of each own tableau
    (:func:`arcot.verify.windows.tableau_windows`: the same window set the
    written tableau shows, at the cost of its width plus a constant per
    step, not its size), the target being the local rule's token, as in
    the written tableau. 1,000 programs show under 7,000 distinct windows.
    For least squares on *pairwise* features this does not change the
    solution: U's step is exactly linear in them (the construction's
    weights fit every window with zero residual), so the least-squares
    solutions under any positive weighting of the rows are one set, the
    exact interpolants of the distinct rows, and its minimum-norm member,
    the one the fit returns, does not depend on the weights (the fit
    counts duplicates as row weights; equal up to the pseudo-inverse's
    rounding). For *additive* features it does change it: the residual is
    not zero and the weighted solution depends on how often each window
    occurs; ``distinct=False`` keeps the runs' own frequencies.
    """
    tableau = _utm_tableau(universal)
    vocab = tableau.vocabulary
    if not programs:
        raise LearningError("no programs to encode")
    source = source or f"programs:{len(programs)}"
    if distinct:
        seen: set[tuple[int, int, int]] = set()
        for p in programs:
            own_tableau_windows(tableau, p.prompt, MAX_U_STEPS, seen)
        windows = np.array(sorted(seen), np.int64).reshape(-1, 3)
        return WindowData(
            vocabulary=vocab, windows=windows,
            targets=tableau.rules(windows[:, 0], windows[:, 1], windows[:, 2]),
            positions=np.full(len(windows), -1, np.int64), source=source,
        )
    parts = []
    for p in programs:
        trace = encode_tableau(tableau, p.prompt, max_steps=MAX_U_STEPS)
        parts.append(stream_windows(vocab, trace.tokens[None, :], trace.width))
    return WindowData(
        vocabulary=vocab,
        windows=np.concatenate([d.windows for d in parts]),
        targets=np.concatenate([d.targets for d in parts]),
        positions=np.concatenate([d.positions for d in parts]),
        source=source,
    )


def program_data(
    k: int, *, seed: int = 0, distinct: bool = True,
    universal: TuringMachine | Tableau = UTM,
) -> WindowData:
    """U's tableau CoT on ``random_programs(k, seed=seed)``, as training
    windows (:func:`program_windows`; source ``programs:K``).

    >>> d = program_data(2)
    >>> d.source, len(d) > 0
    ('programs:2', True)
    """
    return program_windows(random_programs(k, seed=seed), distinct=distinct,
                           source=f"programs:{k}", universal=universal)


def combine(*parts: WindowData) -> WindowData:
    """Several data sets of one vocabulary as one (sources joined by ``+``)."""
    if not parts:
        raise LearningError("no data to combine")
    vocab = parts[0].vocabulary
    if any(p.vocabulary != vocab for p in parts):
        raise LearningError("the data sets have different vocabularies")
    return WindowData(
        vocabulary=vocab,
        windows=np.concatenate([p.windows for p in parts]),
        targets=np.concatenate([p.targets for p in parts]),
        positions=np.concatenate([p.positions for p in parts]),
        source="+".join(p.source for p in parts),
    )


def trace_windows(programs: Sequence[Program]) -> list[set[tuple[int, int, int]]]:
    """Each program's distinct windows of its own tableau, as token-id
    triples, by the verifier's own walk
    (:func:`arcot.verify.windows.tableau_windows`, independent of the
    stream reading :func:`program_windows` uses)."""
    tableau = as_tableau(UTM)
    return [tableau_windows(tableau, p.prompt, max_steps=MAX_U_STEPS)
            for p in programs]


@dataclass(frozen=True, slots=True)
class HeldOut:
    """A predictor on fresh programs, in exact arithmetic: distinct windows
    of their tableaux right and wrong, and programs whose whole tableau it
    reproduces (right on every window of the program's own tableau, so by
    induction over rows its rollout on the prompt is U's CoT)."""

    programs: int
    windows_right: int
    windows_wrong: int
    programs_right: int
    first_wrong: tuple[str, str, str] | None = None  # a wrong window, by names


def held_out(weights: object, programs: Sequence[Program]) -> HeldOut:
    """How ``weights`` (anything :func:`~arcot.verify.exact.verify_exact`
    takes, tied) does on ``programs``' own tableaux, window by window."""
    from arcot.verify.predictors import as_weights

    tableau = as_tableau(UTM)
    decide = _Decider(as_weights(weights), tableau.vocabulary)
    per = trace_windows(programs)
    every = sorted(set().union(*per)) if per else []
    arr = np.array(every, np.int64).reshape(-1, 3)
    _, margins, _ = decide_arrays(decide, tableau, arr)
    wrong = {w for w, m in zip(every, np.asarray(margins).tolist(), strict=True)
             if m <= 0}
    names = tableau.vocabulary.names
    first = min(wrong) if wrong else None
    return HeldOut(
        programs=len(programs), windows_right=len(every) - len(wrong),
        windows_wrong=len(wrong),
        programs_right=sum(1 for s in per if not (s & wrong)),
        first_wrong=None if first is None else (
            names[first[0]], names[first[1]], names[first[2]]),
    )


_FITS = {"lstsq": fit_linear_predictor, "perceptron": fit_perceptron}


def certify_programs(
    k: int,
    *,
    configurations: int = 0,
    learner: str = "lstsq",
    features: str = "pairwise",
    scope: str = "windows",
    seed: int = 0,
    certificate: bool = False,
    distinct: bool = True,
) -> CertifyResult:
    """:func:`arcot.pipeline.certify`'s tableau route for U, trained on
    ``programs:K`` (U's CoT on :func:`random_programs`), plus
    ``configurations:J`` covering windows when ``configurations`` is J > 0.

    On traces alone the fit is in general *not* verified in the
    ``windows`` scope (see the module docstring); here a cheap scope:

    >>> r = certify_programs(3, scope="inputs:0")
    >>> r.train, r.verified, r.verification.checked
    ('programs:3', True, 1)
    """
    if learner not in _FITS:
        raise LearningError(f"learner {learner!r} is not one of {', '.join(_FITS)}")
    tableau = as_tableau(UTM)
    data = program_data(k, seed=seed, distinct=distinct)
    if configurations:
        data = combine(data, configuration_windows(tableau, configurations, seed=seed))
    predictor = _FITS[learner](data, features=features)
    weights = exact_weights(predictor)
    sc = Scope.parse(scope)
    result = verify_exact(weights, tableau, scope=sc, seed=seed)
    cert = None
    if certificate and result.verified and sc.kind != "sample":
        cert = make_certificate(tableau, weights, scope=sc)
    return CertifyResult(
        machine=UTM, encoding="tableau", learner=learner, features=features,
        train=data.source, predictor=predictor, weights=weights,
        verification=result, certificate=cert,
    )
