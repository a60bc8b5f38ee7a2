"""Running machines: the reference stepper and the fast simulator.

:func:`configurations` is the reference: a lazy generator of immutable
:class:`Configuration` objects, obviously correct and used for traces and
teaching. :func:`run` is the fast path: a plain-Python loop for short runs
(no compilation wait), then either the accelerated macro-machine engine
(:mod:`arcot.machine.accelerated`) when a probe shows long runs of equal
blocks, or a cached numba kernel. Property tests check every engine agrees
with the stepper on random machines.

Conventions (the Busy Beaver community's): the tape is two-way infinite and
blank outside the input; the head starts on cell 0, where the input begins;
entering a halt state is a step and stops the machine; an undefined
transition stops it without a step.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

import numpy as np

from arcot.errors import (
    MachineDefinitionError,
    SizeLimitExceeded,
    StepLimitExceeded,
    TapeLimitExceeded,
)
from arcot.machine.model import TuringMachine

if TYPE_CHECKING:
    from arcot.machine.accelerated import BlockRun

__all__ = [
    "DEFAULT_MAX_CELLS",
    "Configuration",
    "FlatTables",
    "RunResult",
    "configurations",
    "flat_tables",
    "run",
]

#: The largest count the direct kernel holds.
INT64_MAX = (1 << 63) - 1
#: Default memory limit of :func:`run`, in tape cells (one byte each).
DEFAULT_MAX_CELLS = 1 << 28
#: Steps taken in plain Python before the numba kernels are worth their
#: start-up (importing numba, loading the kernels): a fresh process.
PYTHON_STEPS = 200_000
#: The same once this process has loaded the kernels: only enough to keep
#: short runs clear of the probes' fixed cost.
WARM_PYTHON_STEPS = 2_000
#: Base steps per accelerated iteration above which ``auto`` keeps the
#: accelerated engine instead of the direct kernel. Measured
#: (benchmarks/bench_accelerated.py, BB(5)): a macro iteration in the numba
#: kernel costs about 2-5 direct kernel steps (16-32 ns), so its threshold
#: is a few times that, since a probe is short and pays for the macro
#: transitions it computes. A pure-Python iteration (counts past 2^62,
#: caches too large for the kernel) costs about 160-280 kernel steps; its
#: threshold is below
#: that, because chain rates grow as a run's tape grows (BB(5): 330 at the
#: probe, 1,871 over the run). Counters without long runs probe at about 4
#: and keep the kernel.
ACCELERATED_RATE = 10
PYTHON_ACCELERATED_RATE = 100
#: Seconds of one pure-Python macro iteration, and of loading numba and a
#: cached kernel in a fresh process (benchmarks/bench_accelerated.py and
#: bench_startup.py: about 1.4-3.2 us and 1.1 s): a process without numba
#: keeps a run in pure Python while its budget costs less than the load.
PYTHON_ITERATION_SECONDS = 2e-6
NUMBA_START_SECONDS = 1.0
#: Iterations of each block size's probe in ``auto``.
PROBE_ITERATIONS = 2000

StopReason = Literal["halt-state", "undefined", "budget"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Configuration:
    """One instant of a run: state, head cell and tape contents.

    ``cells[i]`` is the symbol on tape cell ``origin + i``; every cell outside
    that range is blank. ``step`` counts the steps taken so far.
    """

    state: Hashable
    head: int
    origin: int
    cells: tuple[Hashable, ...]
    step: int
    blank: Hashable

    def symbol(self, cell: int) -> Hashable:
        """The symbol on tape cell ``cell`` (blank outside :attr:`cells`)."""
        i = cell - self.origin
        return self.cells[i] if 0 <= i < len(self.cells) else self.blank

    def window(self, start: int, stop: int) -> tuple[Hashable, ...]:
        """Symbols of cells ``start .. stop - 1``."""
        return tuple(self.symbol(c) for c in range(start, stop))


#: Tapes up to this many cells are shown whole in a result's repr.
_REPR_CELLS = 80


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class RunResult:
    """What :func:`run` found.

    ``tape`` holds cells ``span[0] .. span[1]``: every cell the head visited
    and every cell of the input. ``accepted`` is True when the machine
    halted in one of its ``accept_states``, False when it halted in another
    halt state or stopped on an undefined transition, None while running.
    """

    halted: bool
    reason: StopReason
    steps: int
    state: Hashable
    head: int
    tape: tuple[Hashable, ...]
    span: tuple[int, int]
    nonzero: int
    accepted: bool | None = None

    def raise_if_running(self) -> RunResult:
        """Return ``self`` if the machine stopped, else raise StepLimitExceeded."""
        if not self.halted:
            raise StepLimitExceeded(
                f"machine did not halt within {self.steps} steps", steps=self.steps
            )
        return self

    def tape_text(self) -> str | list[str]:
        """The tape as a string when every symbol is one character, else a list."""
        names = [str(s) for s in self.tape]
        return "".join(names) if all(len(n) == 1 for n in names) else names

    def __repr__(self) -> str:
        # The tape can hold millions of cells: show it only when short.
        tape = (
            repr(self.tape_text()) if len(self.tape) <= _REPR_CELLS
            else f"<{len(self.tape):,} cells>"
        )
        return (
            f"RunResult(halted={self.halted}, reason={self.reason!r}, "
            f"steps={self.steps}, state={self.state!r}, head={self.head}, "
            f"span={self.span}, nonzero={self.nonzero}, "
            f"accepted={self.accepted}, tape={tape})"
        )

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f"<tr><th style='text-align:left'>{name}</th>"
            f"<td>{html.escape(value)}</td></tr>"
            for name, value in (
                ("halted", f"{self.halted} ({self.reason})"),
                ("steps", f"{self.steps:,}"),
                ("state", repr(self.state)),
                ("head", str(self.head)),
                ("span", f"{self.span[0]} .. {self.span[1]}"),
                ("non-blank cells", f"{self.nonzero:,}"),
                ("accepted", str(self.accepted)),
                ("tape", repr(self.tape_text())[:_REPR_CELLS * 2]
                 + ("..." if len(self.tape) > _REPR_CELLS else "")),
            )
        )
        return f"<table>{rows}</table>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RunResult):
            return NotImplemented
        return _result_key(self) == _result_key(other)

    __hash__ = None  # type: ignore[assignment]


def _result_key(r: RunResult) -> tuple[object, ...]:
    return (r.halted, r.reason, r.steps, r.state, r.head, r.tape, r.span, r.nonzero)


# -- the reference stepper ---------------------------------------------


def configurations(
    machine: TuringMachine, word: Iterable[Hashable] = ()
) -> Iterator[Configuration]:
    """Yield the configurations of a run, the initial one first.

    The generator is lazy and stops when the machine stops; a machine that
    never halts gives an endless generator, so slice it
    (``itertools.islice``) or use :func:`run`, which has a budget.

    Examples
    --------
    >>> from arcot.machine.formats import parse_tm
    >>> [c.state for c in configurations(parse_tm("1RB1LB_1LA1RZ"))]
    ['A', 'B', 'A', 'B', 'A', 'B', 'Z']
    """
    cells = list(machine.check_word(word)) or [machine.blank]
    origin, head, state, step = 0, 0, machine.start, 0
    blank = machine.blank
    while True:
        yield Configuration(
            state=state,
            head=head,
            origin=origin,
            cells=tuple(cells),
            step=step,
            blank=blank,
        )
        if state in machine.halt_states:
            return
        rule = machine.transitions.get((state, cells[head - origin]))
        if rule is None:
            return
        cells[head - origin] = rule.write
        head += rule.move.value
        state = rule.next_state
        step += 1
        if head < origin:
            cells.insert(0, blank)
            origin -= 1
        elif head - origin >= len(cells):
            cells.append(blank)


# -- the fast simulator ------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class FlatTables:
    """A machine's transition table as flat lists indexed by ``q * S + s``.

    States and symbols are their indices in ``machine.states`` and
    ``machine.symbols``; every array engine (the simulator, the batch CoT
    kernels) reads these.
    """

    write: list[int]  # [n_states * n_symbols] symbol ids
    move: list[int]  # [n_states * n_symbols] -1, 0, 1
    next_state: list[int]  # [n_states * n_symbols] state ids, -1 = undefined
    is_halt: list[bool]  # [n_states]


_TABLE_CACHE: dict[TuringMachine, FlatTables] = {}


def flat_tables(machine: TuringMachine) -> FlatTables:
    """The flat transition table of ``machine`` (cached).

    >>> from arcot.machine.formats import parse_tm
    >>> flat_tables(parse_tm("1RB1LB_1LA1RZ")).next_state
    [1, 1, 0, 2, -1, -1]
    """
    cached = _TABLE_CACHE.get(machine)
    if cached is not None:
        return cached
    q, s = machine.n_states, machine.n_symbols
    write, move, nxt = [0] * (q * s), [0] * (q * s), [-1] * (q * s)
    is_halt = [st in machine.halt_states for st in machine.states]
    for (state, symbol), t in machine.transitions.items():
        k = machine.state_index(state) * s + machine.symbol_index(symbol)
        write[k] = machine.symbol_index(t.write)
        move[k] = t.move.value
        nxt[k] = machine.state_index(t.next_state)
    tables = FlatTables(write, move, nxt, is_halt)
    if len(_TABLE_CACHE) > 256:
        _TABLE_CACHE.clear()
    _TABLE_CACHE[machine] = tables
    return tables


def _check_simulator_limits(machine: TuringMachine) -> None:
    """The kernel's tape is one byte a cell and its table packs states in 15 bits."""
    q, s = machine.n_states, machine.n_symbols
    if s > 256:
        raise MachineDefinitionError(
            f"the fast simulator handles at most 256 symbols, this machine has {s}"
        )
    if q >= 1 << 15:
        raise MachineDefinitionError(
            f"the fast simulator handles fewer than 32768 states, this one has {q}"
        )


def _check_budget(max_steps: object, max_cells: object) -> tuple[int, int]:
    for name, value in (("max_steps", max_steps), ("max_cells", max_cells)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise MachineDefinitionError(f"{name} must be an integer, got {value!r}")
        if value < 0:
            raise MachineDefinitionError(f"{name} must be >= 0, got {value}")
    return int(max_steps), int(max_cells)  # type: ignore[call-overload]


def run(
    machine: TuringMachine,
    word: Iterable[Hashable] = (),
    *,
    max_steps: int,
    max_cells: int = DEFAULT_MAX_CELLS,
    engine: Literal["auto", "python", "numba", "accelerated"] = "auto",
    block_size: int | None = None,
) -> RunResult:
    """Run ``machine`` on ``word`` for at most ``max_steps`` steps.

    Returns a :class:`RunResult`; a machine still running when the budget is
    used up gives ``halted=False`` (it is a normal outcome, not an error).
    Raises :class:`~arcot.errors.TapeLimitExceeded` if the run needs more
    than ``max_cells`` tape cells. ``engine="auto"`` steps in plain Python
    first, then probes the accelerated engine (macro machines with chain
    steps) and keeps it if it covers at least :data:`ACCELERATED_RATE` base
    steps an iteration, else hands the run to the compiled kernel.
    ``engine="accelerated"`` uses the macro engine from the first step;
    ``block_size`` fixes its block size (default: chosen by a probe). Every
    engine gives the same result.

    Examples
    --------
    >>> from arcot.machine.formats import parse_tm
    >>> r = run(parse_tm("1RB1LB_1LA0LC_1RZ1LD_1RD0RA"), max_steps=1000)
    >>> r.halted, r.steps, r.nonzero
    (True, 107, 13)
    """
    max_steps, max_cells = _check_budget(max_steps, max_cells)
    cells = [machine.symbol_index(s) for s in machine.check_word(word)]
    _check_simulator_limits(machine)
    t = flat_tables(machine)
    n_sym = machine.n_symbols
    size = max(len(cells), 1)
    if size > max_cells:
        raise TapeLimitExceeded(
            f"the input needs {size} cells, more than max_cells={max_cells}",
            cells=size,
        )
    state = machine.state_index(machine.start)
    if engine not in ("auto", "python", "numba", "accelerated"):
        raise MachineDefinitionError(f"unknown engine {engine!r}")
    if block_size is not None and (
        isinstance(block_size, bool)
        or not isinstance(block_size, int)
        or block_size < 1
    ):
        raise MachineDefinitionError(f"block_size must be >= 1, got {block_size!r}")
    warm = "numba" in sys.modules  # the kernels cost little once it is loaded
    if engine == "python":
        python_budget = max_steps
    elif engine == "auto":
        python_budget = min(max_steps, WARM_PYTHON_STEPS if warm else PYTHON_STEPS)
    else:
        python_budget = 0
    # Plain-Python phase: a list tape that grows at either end.
    tape = cells or [0]
    offset, pos, steps, lo, hi = 0, 0, 0, 0, size - 1
    write, move, nxt, is_halt = t.write, t.move, t.next_state, t.is_halt
    reason: StopReason | None = None
    while True:
        if is_halt[state]:
            reason = "halt-state"
            break
        k = state * n_sym + tape[pos - offset]
        ns = nxt[k]
        if ns < 0:
            reason = "undefined"
            break
        if steps >= python_budget:
            break
        tape[pos - offset] = write[k]
        pos += move[k]
        state = ns
        steps += 1
        if pos < lo:
            lo = pos
            if pos < offset:
                # Grow leftwards by doubling: one insert a cell was
                # quadratic (100,000 steps left took 20 s).
                grow = max(64, len(tape))
                tape[:0] = [0] * grow
                offset -= grow
        elif pos > hi:
            hi = pos
            if pos - offset >= len(tape):
                tape.append(0)
        if hi - lo + 1 > max_cells:
            raise _tape_limit(max_cells, steps)
    if reason is None and steps >= max_steps:
        reason = "budget"
    fast = None
    if reason is None and engine in ("auto", "accelerated"):
        fast = _run_accelerated(
            t, n_sym, tape, offset, pos, state, steps, lo, hi, max_steps,
            max_cells, block_size, engine == "accelerated", warm,
        )
    if fast is not None:
        reason = cast(StopReason, fast.reason)
        state, pos, steps, lo, hi = fast.state, fast.head, fast.steps, fast.lo, fast.hi
        span_cells = fast.cells
    elif reason is None:
        arr = np.zeros(max(64, 4 * len(tape)), dtype=np.uint8)
        start = (len(arr) - len(tape)) // 2
        arr[start : start + len(tape)] = tape
        reason, state, pos, steps, lo, hi, arr, base = _run_kernel(
            arr,
            start - offset,
            t,
            n_sym,
            state,
            pos,
            steps,
            max_steps,
            lo,
            hi,
            max_cells,
        )
        span_cells = arr[lo + base : hi + base + 1].tolist()
    else:
        span_cells = tape[lo - offset : hi - offset + 1]
    symbols = machine.symbols
    final = machine.states[state]
    return RunResult(
        halted=reason != "budget",
        reason=reason,
        steps=steps,
        state=final,
        head=pos,
        tape=tuple(map(symbols.__getitem__, span_cells)),
        span=(lo, hi),
        nonzero=len(span_cells) - span_cells.count(0),
        accepted=None if reason == "budget" else machine.accepts(final),
    )


def _run_accelerated(
    t: FlatTables,
    n_sym: int,
    tape: list[int],
    offset: int,
    pos: int,
    state: int,
    steps: int,
    lo: int,
    hi: int,
    max_steps: int,
    max_cells: int,
    block_size: int | None,
    forced: bool,
    warm: bool,
) -> BlockRun | None:
    """The accelerated engine from this configuration, or None: use the kernel.

    Unless ``forced``, each block size is probed and the engine is kept only
    if its best rate reaches :data:`ACCELERATED_RATE` steps an iteration
    (:data:`PYTHON_ACCELERATED_RATE` where the pure-Python engine would run).
    In a process that has not loaded numba (not ``warm``), the probes run
    in pure Python, and the run stays there when the budget at the probed
    rate costs less than loading numba would (:data:`NUMBA_START_SECONDS`).
    """
    from arcot.machine import accelerated as acc

    tables = (t.write, t.move, t.next_state, t.is_halt, n_sym)
    k = block_size
    compiled: bool | None = None  # the engine's own choice
    if k is None:
        k, rate, done = acc.choose_block_size(
            *tables, cells=tape, origin=offset, head=pos, state=state,
            steps=steps, lo=lo, hi=hi, max_steps=max_steps, max_cells=max_cells,
            probe=PROBE_ITERATIONS, compiled=None if warm or forced else False,
        )
        if done is not None:
            return done
        can_compile = acc.USE_COMPILED and acc.compilable(
            len(t.is_halt), n_sym, k, steps, max_steps, max_cells
        )
        if not warm and not forced and rate >= PYTHON_ACCELERATED_RATE:
            python_seconds = (max_steps - steps) / rate * PYTHON_ITERATION_SECONDS
            if python_seconds <= NUMBA_START_SECONDS or not can_compile:
                compiled = False
        threshold = ACCELERATED_RATE if can_compile else PYTHON_ACCELERATED_RATE
        if not forced and rate < threshold:
            return None
    return acc.simulate(
        *tables, cells=tape, origin=offset, head=pos, state=state, steps=steps,
        lo=lo, hi=hi, max_steps=max_steps, max_cells=max_cells, k=k,
        compiled=compiled,
    )


def _tape_limit(max_cells: int, steps: int) -> TapeLimitExceeded:
    return TapeLimitExceeded(
        f"the run needs more than max_cells={max_cells} tape cells "
        f"(after {steps} steps)",
        cells=max_cells + 1,
    )


def _run_kernel(
    arr: np.ndarray,
    base: int,
    t: FlatTables,
    n_sym: int,
    state: int,
    pos: int,
    steps: int,
    max_steps: int,
    lo: int,
    hi: int,
    max_cells: int,
) -> tuple[StopReason, int, int, int, int, int, np.ndarray, int]:
    """Drive the kernel, growing the tape; cell ``c`` lives at ``arr[c + base]``."""
    # Imported here, so that runs short enough for plain Python never load numba.
    from arcot.machine import _kernels as k

    packed = k.pack_table(t.write, t.move, t.next_state, t.is_halt)
    # The kernel counts in int64; a larger budget is one it cannot use up
    # (2^63 steps is centuries at 10^8 a second), but say so if it did.
    budget = min(max_steps, INT64_MAX)
    while True:
        status, state, p, steps, lo_, hi_ = k._simulate(
            arr,
            packed,
            n_sym,
            state,
            pos + base,
            steps,
            budget,
            lo + base,
            hi + base,
        )
        if status == k.BUDGET and steps < max_steps:
            raise SizeLimitExceeded(
                f"the direct kernel's step counter stops at 2**63 - 1 steps, "
                f"below max_steps={max_steps}"
            )
        pos, lo, hi = p - base, lo_ - base, hi_ - base
        if status != k.EDGE:
            reason: StopReason = (
                "halt-state"
                if status == k.HALTED
                else "undefined"
                if status == k.UNDEFINED
                else "budget"
            )
            return reason, state, pos, steps, lo, hi, arr, base
        if hi - lo + 1 > max_cells:
            raise _tape_limit(max_cells, steps)
        grown = np.zeros(min(2 * len(arr), max(max_cells, len(arr)) + 2), np.uint8)
        if len(grown) <= len(arr):
            raise _tape_limit(max_cells, steps)
        shift = (len(grown) - len(arr)) // 2
        grown[shift : shift + len(arr)] = arr
        arr, base = grown, base + shift
