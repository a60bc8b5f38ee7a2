"""Machine spaces: every machine of a size class, in a fixed order.

Three spaces of ``n``-state, ``m``-symbol machines, each yielding machines in
the Busy Beaver standard text (states ``A, B, ...``, halt state ``Z``,
symbols ``0 .. m-1``, ``---`` for an undefined transition), in an order that
never changes, so a sweep can cut it into chunks and restart at any one:

- :func:`tnf`: tree normal form (Brady's algorithm, the Busy Beaver
  community's convention). Machines equal up to a renaming of states are
  listed once, and a transition is chosen only when a run first needs it:
  start from ``A0 -> 1RB``; run the machine from a blank tape; at the first
  undefined transition, branch on the halting transition ``1RZ`` (the run
  ends there) and, unless it is the last undefined transition, on every
  ``write x move x state`` with the state among those already named or the
  next new one. A machine is listed when its run halts or when it runs
  ``step_limit`` steps without meeting an undefined transition. The default
  limit, the space's known Busy Beaver step count where there is one, makes
  the list exact: a run that will meet an undefined transition meets it
  within ``S(n, m)`` steps, since filling that transition with a halt gives
  a halting machine. The counts equal the published TNF-1RB ones (41 for
  2 states, 4,057 for 3, 620,261 for 4; :data:`PUBLISHED_TNF_COUNTS`).
- :func:`every_table`: every table, each transition one of ``2m(n+1)``
  (write, move, state or halt), ``(2m(n + 1))^(nm)`` machines.
- :func:`random_tables`: a seeded sample of that space, with replacement.

>>> list(tnf(2, 2))[:3]
['1RB---_1RZ---', '1RB1RZ_0LA---', '1RB0LA_0LA---']
>>> tnf_count(2, 2)
41
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from arcot.errors import UsageError

__all__ = [
    "BUSY_BEAVER_STEPS",
    "PUBLISHED_TNF_COUNTS",
    "every_table",
    "random_tables",
    "tnf",
    "tnf_count",
]

#: The most steps a halting n-state, m-symbol machine takes (S(n, m)), where
#: known: the step limit that makes :func:`tnf` exact.
BUSY_BEAVER_STEPS = {
    (1, 2): 1,
    (2, 2): 6,
    (3, 2): 21,
    (4, 2): 107,
    (5, 2): 47_176_870,
    (2, 3): 38,
    (2, 4): 3_932_964,
}

#: TNF-1RB machine counts as the Busy Beaver community publishes them
#: (bbchallenge's wiki, "Tree Normal Form"), which :func:`tnf` reproduces.
PUBLISHED_TNF_COUNTS = {(2, 2): 41, (3, 2): 4_057, (4, 2): 620_261}

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXY"
_HALT_RULE = (1, 1, -1)  # write 1, move right, halt


def _check_size(n_states: object, n_symbols: object) -> tuple[int, int]:
    sizes = []
    for name, value, top in (("n_states", n_states, 25),
                             ("n_symbols", n_symbols, 10)):
        if isinstance(value, bool) or not isinstance(value, int) \
                or not 1 <= value <= top:
            raise UsageError(
                f"{name} must be an integer from 1 to {top}, got {value!r}"
            )
        sizes.append(value)
    n, m = sizes
    if m == 1:
        raise UsageError("machines need at least 2 symbols (a blank and a mark)")
    return n, m


def _text(table: dict[tuple[int, int], tuple[int, int, int]], n: int, m: int) -> str:
    rows = []
    for q in range(n):
        cells = []
        for s in range(m):
            rule = table.get((q, s))
            if rule is None:
                cells.append("---")
            else:
                w, d, nq = rule
                to = "Z" if nq < 0 else _LETTERS[nq]
                cells.append(f"{w}{'R' if d > 0 else 'L'}{to}")
        rows.append("".join(cells))
    return "_".join(rows)


def tnf(
    n_states: int, n_symbols: int, *, step_limit: int | None = None
) -> Iterator[str]:
    """Every machine of the space in tree normal form (module docstring).

    ``step_limit`` defaults to the space's Busy Beaver step count
    (:data:`BUSY_BEAVER_STEPS`); spaces without a known one need it given,
    and then list as finished the machines that pass it without meeting an
    undefined transition.
    """
    n, m = _check_size(n_states, n_symbols)
    if n < 2:
        raise UsageError("tree normal form starts A0 -> 1RB: it needs 2 states or more")
    if step_limit is None:
        if (n, m) not in BUSY_BEAVER_STEPS:
            raise UsageError(
                f"no known Busy Beaver step count for {n} states and {m} symbols: "
                "give a step limit (tnf:NxM:LIMIT on the command line)"
            )
        step_limit = BUSY_BEAVER_STEPS[n, m]
    table: dict[tuple[int, int], tuple[int, int, int]] = {(0, 0): (1, 1, 1)}
    # The run after A0 -> 1RB: a 1 on cell 0, the head on cell 1, state B.
    yield from _grow(table, {0: 1}, 1, 1, 1, n, m, step_limit, top=1)


def _grow(
    table: dict[tuple[int, int], tuple[int, int, int]],
    tape: dict[int, int],
    head: int,
    state: int,
    steps: int,
    n: int,
    m: int,
    limit: int,
    top: int,
) -> Iterator[str]:
    """Continue the run; branch at its first undefined transition."""
    while True:
        if steps >= limit:
            yield _text(table, n, m)
            return
        symbol = tape.get(head, 0)
        rule = table.get((state, symbol))
        if rule is None:
            break
        w, d, nq = rule
        tape[head] = w
        head += d
        steps += 1
        state = nq
    key = (state, symbol)
    table[key] = _HALT_RULE
    yield _text(table, n, m)
    if len(table) < n * m:  # this was not the last undefined transition
        targets = range(min(top + 2, n))
        for w in range(m):
            for d in (-1, 1):
                for nq in targets:
                    table[key] = (w, d, nq)
                    branch = dict(tape)
                    branch[head] = w
                    yield from _grow(table, branch, head + d, nq, steps + 1, n, m,
                                     limit, max(top, nq))
    del table[key]


def tnf_count(n_states: int, n_symbols: int, *, step_limit: int | None = None) -> int:
    """How many machines :func:`tnf` lists (by listing them)."""
    return sum(1 for _ in tnf(n_states, n_symbols, step_limit=step_limit))


def _rules(n: int, m: int) -> list[tuple[int, int, int]]:
    return [(w, d, q) for q in (*range(n), -1) for w in range(m) for d in (-1, 1)]


def every_table(n_states: int, n_symbols: int) -> Iterator[str]:
    """Every complete table: ``(2m(n + 1))^(nm)`` machines, no normalisation."""
    n, m = _check_size(n_states, n_symbols)
    keys = [(q, s) for q in range(n) for s in range(m)]
    for choice in itertools.product(_rules(n, m), repeat=len(keys)):
        yield _text(dict(zip(keys, choice, strict=True)), n, m)


def random_tables(
    n_states: int, n_symbols: int, count: int, *, seed: int
) -> Iterator[str]:
    """``count`` tables drawn uniformly from :func:`every_table`'s space."""
    n, m = _check_size(n_states, n_symbols)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise UsageError(f"count must be an integer >= 0, got {count!r}")
    rng = random.Random(seed)
    rules = _rules(n, m)
    keys = [(q, s) for q in range(n) for s in range(m)]
    for _ in range(count):
        yield _text({k: rng.choice(rules) for k in keys}, n, m)
