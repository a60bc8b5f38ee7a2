"""``zoo:utm``: arcot's own universal Turing machine U, 37 states x 10 symbols.

U runs any arcot machine M (any states and symbols, undefined transitions,
any number of halt states, left, right and stay moves) on any input w, on
a tape that grows in both directions, and counts M's steps. This module
holds U's table, :func:`encode` (M and w -> U's input word) and
:func:`decode` (U's configuration -> M's :class:`~arcot.machine.RunResult`).
docs/explanation/universal.md walks through the construction.

**Tape.** ``counter < P < data``, U's head on the first ``<``:

- *counter*: M's steps so far in binary, least significant bit next to the
  ``<``, growing to the left (blank is 0);
- *P*, the program: one block per state of M, in ``M.states`` order,
  ``S`` then one entry per symbol of M (in ``M.symbols`` order); a halt
  state's block has no entries. The current state's ``S`` is ``T``. An
  entry is ``E``, then, when the transition is defined, three unary
  fields ``1^w | 1^m | 1^n``: the index ``w`` of the symbol written, the
  move (``m`` = 1 left, 2 right, 3 stay) and the index ``n`` of the next
  state. An undefined transition's entry is ``E`` alone;
- *data*: one block per cell of M's tape that the run has visited or the
  input holds, left to right: a marker, then the cell's symbol index ``a``
  as ``1^a`` followed by any number of ``0``s (a block is as wide as the
  largest symbol it has held). Markers: ``|`` a cell, ``E`` cell 0, and
  ``T`` / ``G`` for the same two with M's head on them.

**One step of M** (U's states in brackets): find ``T`` [seek_state]; a
block without entries is a halt state: U stops [at_state]. Mark the first
entry ``F``; count the head cell's ``1``s one at a time, turning each into
``0`` and moving ``F`` one entry on [to_head_read .. next_entry]; an entry
``E`` alone is an undefined transition: U stops [check]. Otherwise move
``T`` to block 0 [reset_*]; for each unit of ``w`` (marked ``0`` in the
program as it is used) set the head cell's first ``0`` or blank to ``1``,
shifting the data right by one cell where the block is full [put_one,
shift_*]; carry the move to the data marker and move the marker one block,
inserting a new block at the left end of the data when M's head leaves it
[to_head_*, seek_*_block, insert_block]; advance ``T`` one block per unit
of ``n`` [switch_*]; unmark the entry, add one to the counter [restore,
increment] and start again.

U halts only by an undefined transition: in ``at_state`` (M entered a halt
state; M's last step is counted) or in ``check`` (M met an undefined
transition; the head cell reads 0s by then, and its symbol is the index of
the entry ``F`` marks). :func:`decode` reads M's result from either, and
from any configuration in ``seek_state`` on the first ``<`` (between two
steps of M).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from arcot.errors import ArcotError, UniversalEncodingError
from arcot.machine import Move, RunResult, TuringMachine, machine_from_table

__all__ = [
    "BETWEEN_STEPS",
    "HALTED_STATES",
    "UTM",
    "UniversalConfiguration",
    "decode",
    "encode",
]

# Walks pass over every symbol that can lie on their way; a walk that met
# anything else would stop U, and decode() would refuse its configuration.
_TABLE = """
# between steps: find the current state; a block without entries halts
seek_state 0 -> 0 R seek_state
seek_state 1 -> 1 R seek_state
seek_state < -> < R seek_state
seek_state S -> S R seek_state
seek_state E -> E R seek_state
seek_state | -> | R seek_state
seek_state T -> T R at_state
at_state E -> F R to_head_read

# read: count the head cell's 1s, moving F one entry per 1
to_head_read 0 -> 0 R to_head_read
to_head_read 1 -> 1 R to_head_read
to_head_read < -> < R to_head_read
to_head_read S -> S R to_head_read
to_head_read E -> E R to_head_read
to_head_read | -> | R to_head_read
to_head_read T -> T R read
to_head_read G -> G R read
read 0 -> 0 R read
read 1 -> 0 L back_count
read | -> | L back_check
read E -> E L back_check
read _ -> _ L back_check
back_count 0 -> 0 L back_count
back_count 1 -> 1 L back_count
back_count < -> < L back_count
back_count S -> S L back_count
back_count E -> E L back_count
back_count | -> | L back_count
back_count T -> T L back_count
back_count G -> G L back_count
back_count F -> E R next_entry
next_entry 1 -> 1 R next_entry
next_entry | -> | R next_entry
next_entry E -> F R to_head_read
back_check 0 -> 0 L back_check
back_check 1 -> 1 L back_check
back_check < -> < L back_check
back_check S -> S L back_check
back_check E -> E L back_check
back_check | -> | L back_check
back_check T -> T L back_check
back_check G -> G L back_check
back_check F -> F R check
check 1 -> 1 L reset_state
check | -> | L reset_state

# a defined transition: T goes to block 0, to be advanced to the next state
reset_state 1 -> 1 L reset_state
reset_state | -> | L reset_state
reset_state E -> E L reset_state
reset_state F -> F L reset_state
reset_state T -> S L reset_start
reset_start 1 -> 1 L reset_start
reset_start | -> | L reset_start
reset_start E -> E L reset_start
reset_start S -> S L reset_start
reset_start < -> < R reset_mark
reset_mark S -> T R seek_entry
seek_entry 0 -> 0 R seek_entry
seek_entry 1 -> 1 R seek_entry
seek_entry S -> S R seek_entry
seek_entry E -> E R seek_entry
seek_entry | -> | R seek_entry
seek_entry T -> T R seek_entry
seek_entry F -> F R write_field

# the entry's fields, the used units marked 0: write, move, next state
write_field 0 -> 0 R write_field
write_field 1 -> 0 R to_head_write
write_field | -> | R move_field
to_head_write 0 -> 0 R to_head_write
to_head_write 1 -> 1 R to_head_write
to_head_write < -> < R to_head_write
to_head_write S -> S R to_head_write
to_head_write E -> E R to_head_write
to_head_write | -> | R to_head_write
to_head_write T -> T R put_one
to_head_write G -> G R put_one
put_one 1 -> 1 R put_one
put_one 0 -> 1 L back_entry
put_one _ -> 1 L back_entry
put_one | -> 1 R shift_bar
put_one E -> 1 R shift_origin
back_entry 0 -> 0 L back_entry
back_entry 1 -> 1 L back_entry
back_entry < -> < L back_entry
back_entry S -> S L back_entry
back_entry E -> E L back_entry
back_entry | -> | L back_entry
back_entry T -> T L back_entry
back_entry G -> G L back_entry
back_entry F -> F R write_field

# shift the data right of here one cell on, carrying the symbol read
shift_zero 0 -> 0 R shift_zero
shift_zero 1 -> 0 R shift_one
shift_zero | -> 0 R shift_bar
shift_zero E -> 0 R shift_origin
shift_zero _ -> 0 L back_entry
shift_one 0 -> 1 R shift_zero
shift_one 1 -> 1 R shift_one
shift_one | -> 1 R shift_bar
shift_one E -> 1 R shift_origin
shift_one _ -> 1 L back_entry
shift_bar 0 -> | R shift_zero
shift_bar 1 -> | R shift_one
shift_bar | -> | R shift_bar
shift_bar E -> | R shift_origin
shift_bar _ -> | L back_entry
shift_origin 0 -> E R shift_zero
shift_origin 1 -> E R shift_one
shift_origin | -> E R shift_bar
shift_origin E -> E R shift_origin
shift_origin _ -> E L back_entry

# the move: 1 left, 11 right, 111 stay (its first unit marked when done)
move_field 0 -> 0 R moved
move_field 1 -> 0 R move_right_or_stay
move_right_or_stay | -> | R to_head_left
move_right_or_stay 1 -> 1 R move_stay_or_right
move_stay_or_right | -> | R to_head_right
move_stay_or_right 1 -> 1 R moved
to_head_left 0 -> 0 R to_head_left
to_head_left 1 -> 1 R to_head_left
to_head_left < -> < R to_head_left
to_head_left S -> S R to_head_left
to_head_left E -> E R to_head_left
to_head_left | -> | R to_head_left
to_head_left T -> | L seek_left_block
to_head_left G -> E L seek_left_block
seek_left_block 0 -> 0 L seek_left_block
seek_left_block 1 -> 1 L seek_left_block
seek_left_block | -> T L back_entry
seek_left_block E -> G L back_entry
seek_left_block < -> < R insert_block
insert_block | -> T R shift_bar
insert_block E -> T R shift_origin
to_head_right 0 -> 0 R to_head_right
to_head_right 1 -> 1 R to_head_right
to_head_right < -> < R to_head_right
to_head_right S -> S R to_head_right
to_head_right E -> E R to_head_right
to_head_right | -> | R to_head_right
to_head_right T -> | R seek_right_block
to_head_right G -> E R seek_right_block
seek_right_block 0 -> 0 R seek_right_block
seek_right_block 1 -> 1 R seek_right_block
seek_right_block | -> T L back_entry
seek_right_block E -> G L back_entry
seek_right_block _ -> T L back_entry
moved 1 -> 1 R moved
moved | -> | R state_field

# the next state: advance T one block per unit
state_field 0 -> 0 R state_field
state_field 1 -> 0 L switch_left
state_field E -> E L restore
state_field S -> S L restore
state_field < -> < L restore
state_field T -> T L restore
switch_left 0 -> 0 L switch_left
switch_left 1 -> 1 L switch_left
switch_left | -> | L switch_left
switch_left E -> E L switch_left
switch_left F -> F L switch_left
switch_left S -> S L switch_left
switch_left T -> S R switch_advance
switch_left < -> < R switch_right
switch_right 0 -> 0 R switch_right
switch_right 1 -> 1 R switch_right
switch_right | -> | R switch_right
switch_right E -> E R switch_right
switch_right F -> F R switch_right
switch_right S -> S R switch_right
switch_right T -> S R switch_advance
switch_advance 0 -> 0 R switch_advance
switch_advance 1 -> 1 R switch_advance
switch_advance | -> | R switch_advance
switch_advance E -> E R switch_advance
switch_advance F -> F R switch_advance
switch_advance S -> T L find_entry
find_entry 0 -> 0 L find_entry
find_entry 1 -> 1 L find_entry
find_entry | -> | L find_entry
find_entry E -> E L find_entry
find_entry S -> S L find_entry
find_entry T -> T L find_entry
find_entry F -> F R write_field
find_entry < -> < R seek_entry

# unmark the entry, count the step
restore 0 -> 1 L restore
restore 1 -> 1 L restore
restore | -> | L restore
restore F -> E L to_counter
to_counter 1 -> 1 L to_counter
to_counter | -> | L to_counter
to_counter E -> E L to_counter
to_counter S -> S L to_counter
to_counter T -> T L to_counter
to_counter < -> < L increment
increment 1 -> 0 L increment
increment 0 -> 1 R seek_state
increment _ -> 1 R seek_state
"""

UTM: TuringMachine = machine_from_table(
    _TABLE, start="seek_state", halt_states=(), name="utm"
)

HALTED_STATES = frozenset({"at_state", "check"})  # where U stops
BETWEEN_STEPS = "seek_state"  # on the first '<': a whole number of M's steps
_MOVE_UNITS = {Move.LEFT: 1, Move.RIGHT: 2, Move.STAY: 3}


def _program(machine: TuringMachine) -> list[str]:
    out: list[str] = []
    for q in machine.states:
        out.append("T" if q == machine.start else "S")
        if q in machine.halt_states:
            continue
        for a in machine.symbols:
            out.append("E")
            t = machine.transitions.get((q, a))
            if t is not None:
                out += ["1"] * machine.symbol_index(t.write) + ["|"]
                out += ["1"] * _MOVE_UNITS[t.move] + ["|"]
                out += ["1"] * machine.state_index(t.next_state)
    return out


def encode(machine: TuringMachine, word: Iterable[Hashable] = ()) -> tuple[str, ...]:
    """U's input word for ``machine`` run on ``word``.

    >>> from arcot.machine import parse_tm
    >>> "".join(encode(parse_tm("1RB---_1LA1RZ"), "1"))
    '<TE1|11|1ESE1|1|E1|11|11S<G1'
    """
    if not isinstance(machine, TuringMachine):
        raise UniversalEncodingError(
            f"expected a TuringMachine, got {type(machine).__name__}"
        )
    try:
        cells = [machine.symbol_index(s) for s in machine.check_word(word)]
    except ArcotError as exc:  # names the bad symbol
        raise UniversalEncodingError(
            f"the input is not a word of the machine: {exc}") from None
    data: list[str] = []
    for i, a in enumerate(cells or [0]):
        data += ["G" if i == 0 else "|"] + ["1"] * a
    return ("<", *_program(machine), "<", *data)


@dataclass(frozen=True, slots=True)
class UniversalConfiguration:
    """One configuration of U: its state, head and tape (cells ``offset``
    onwards), as a rollout or :func:`arcot.machine.run` leaves it."""

    state: str
    head: int
    tape: tuple[str, ...]
    offset: int = 0

    @classmethod
    def of_run(cls, result: RunResult) -> UniversalConfiguration:
        """The configuration a run of :data:`UTM` stopped in."""
        return cls(str(result.state), result.head,
                   tuple(str(s) for s in result.tape), result.span[0])


def decode(machine: TuringMachine, config: UniversalConfiguration | RunResult
           ) -> RunResult:
    """M's run as U's configuration holds it.

    The configuration must be one where U stopped (``at_state``: M halted
    in a halt state; ``check``: M met an undefined transition) or one
    between two of M's steps (``seek_state`` on the first ``<``: M is still
    running, ``halted`` is False and the reason ``budget``). Anything else
    raises :class:`~arcot.errors.UniversalEncodingError`.
    """
    if isinstance(config, RunResult):
        config = UniversalConfiguration.of_run(config)
    cells = {config.offset + i: s for i, s in enumerate(config.tape)}
    marks = [c for c, s in cells.items() if s == "<"]
    if len(marks) != 2:
        raise UniversalEncodingError(
            f"U's tape holds {len(marks)} '<' marks, not 2: not a configuration "
            "encode() starts"
        )
    left, right = sorted(marks)
    between = config.state == BETWEEN_STEPS and config.head == left
    if config.state not in HALTED_STATES and not between:
        raise UniversalEncodingError(
            f"U is in state {config.state!r} at cell {config.head}: neither "
            "stopped nor between two steps of M"
        )
    steps = 0
    for bit, c in enumerate(range(left - 1, min(cells) - 1, -1)):
        steps |= (cells[c] == "1") << bit
    program = [cells.get(c, "_") for c in range(left + 1, right)]
    blocks = [i for i, s in enumerate(program) if s in "ST"]
    if len(blocks) != len(machine.states) or program.count("T") != 1:
        raise UniversalEncodingError(
            f"U's program has {len(blocks)} state blocks and "
            f"{program.count('T')} marked ones; the machine has "
            f"{len(machine.states)} states"
        )
    state = machine.states[blocks.index(program.index("T"))]
    data = [cells.get(c, "_") for c in range(right + 1, max(cells) + 1)]
    starts = [i for i, s in enumerate(data) if s in "|ETG"]
    heads = [n for n, i in enumerate(starts) if data[i] in "TG"]
    origin = [n for n, i in enumerate(starts) if data[i] in "EG"]
    if len(heads) != 1 or len(origin) != 1 or not starts or starts[0] != 0:
        raise UniversalEncodingError("U's data does not hold one head and one origin")
    symbols = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(data)
        symbols.append(sum(1 for s in data[i + 1 : end] if s == "1"))
    undefined = config.state == "check"
    if undefined:  # the head cell's 1s were counted: F's entry says how many
        start = program.index("T")
        entries = [i for i in range(start, len(program)) if program[i] in "EF"]
        symbols[heads[0]] = next(j for j, i in enumerate(entries) if program[i] == "F")
    halted = config.state in HALTED_STATES
    tape = tuple(machine.symbols[a] for a in symbols)
    return RunResult(
        halted=halted,
        reason="undefined" if undefined else ("halt-state" if halted else "budget"),
        steps=steps,
        state=state,
        head=heads[0] - origin[0],
        tape=tape,
        span=(-origin[0], len(symbols) - 1 - origin[0]),
        nonzero=sum(1 for a in symbols if a != 0),
        accepted=machine.accepts(state) if halted else None,
    )
