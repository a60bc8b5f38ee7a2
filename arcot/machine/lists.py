"""Machine lists from files: standard-text lines and the bbchallenge seed database.

- :func:`read_machine_list`: one machine a line in the Busy Beaver standard
  text (``1RB1LC_1RC1RB_...``); ``#`` starts a comment, blank lines are
  skipped, and an error names its line.
- :class:`SeedDatabase`: the bbchallenge project's database of undecided
  5-state, 2-symbol machines, read in place (never downloaded). Its layout,
  as the project documents it (bbchallenge-seed's README and the program
  that wrote the header, write_header.c): a 30-byte header holding three
  big-endian 4-byte counts (machines undecided by time, by space, and their
  total), then the machines undecided by space, then those undecided by
  time, 30 bytes a machine: for states ``A .. E``
  and symbols ``0, 1``, three bytes ``write, move, next`` with move
  ``0 = R``, ``1 = L`` and next ``0`` undefined, ``1 .. 5`` the states
  ``A .. E``, ``6`` the halt state. Machine ``i`` (from 0) starts at byte
  ``30 (i + 1)``. :func:`write_seed_database` writes one (tests, small
  local lists).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from arcot.errors import FormatError, UsageError
from arcot.machine.formats import parse_tm

__all__ = ["SeedDatabase", "read_machine_list", "write_seed_database"]

RECORD = 30
_STATES = "ABCDE"


def read_machine_list(path: str | Path) -> Iterator[str]:
    """The machines of a text file, one standard-text line each (module doc)."""
    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{p} is a directory, not a machine list")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FormatError(f"{p} is not a UTF-8 text file of machines") from None
    for lineno, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            parse_tm(text)
        except FormatError as exc:
            raise FormatError(f"{p}, line {lineno}: {exc}", position=lineno) from None
        yield text


def _decode(record: bytes, where: str) -> str:
    rows = []
    for q in range(5):
        cells = []
        for s in range(2):
            w, d, nxt = record[6 * q + 3 * s : 6 * q + 3 * s + 3]
            if nxt == 0:
                cells.append("---")
                continue
            if w > 1 or d > 1 or nxt > 6:
                raise FormatError(
                    f"{where}: state {_STATES[q]}, symbol {s}: bytes "
                    f"({w}, {d}, {nxt}) are not write 0-1, move 0-1, next 0-6"
                )
            cells.append(f"{w}{'RL'[d]}{'Z' if nxt == 6 else _STATES[nxt - 1]}")
        rows.append("".join(cells))
    return "_".join(rows)


@dataclass(frozen=True)
class SeedDatabase:
    """A bbchallenge seed database file, read lazily (module docstring)."""

    path: Path
    undecided_space: int
    undecided_time: int
    count: int

    @classmethod
    def open(cls, path: str | Path) -> SeedDatabase:
        """Read and check the header: the counts must agree with the file size."""
        p = Path(path)
        if p.is_dir():
            raise UsageError(f"{p} is a directory, not a seed database")
        try:
            size = p.stat().st_size
            with p.open("rb") as f:
                header = f.read(RECORD)
        except OSError as exc:
            raise UsageError(f"cannot read {p}: {exc.strerror or exc}") from None
        if len(header) < RECORD:
            raise FormatError(f"{p}: {len(header)} bytes, shorter than the header")
        time, space, total = struct.unpack(">III", header[:12])
        if space + time != total:
            raise FormatError(
                f"{p}: the header's counts do not add up ({space} + {time} != {total})"
            )
        if size != RECORD * (total + 1):
            raise FormatError(
                f"{p}: the header says {total} machines, so {RECORD * (total + 1)} "
                f"bytes, but the file has {size}"
            )
        return cls(p, space, time, total)

    def machine(self, index: int) -> str:
        """Machine ``index`` (from 0) in standard text."""
        if isinstance(index, bool) or not isinstance(index, int) \
                or not 0 <= index < self.count:
            raise UsageError(
                f"machine {index!r} is not in {self.path} (ids 0 .. {self.count - 1})"
            )
        with self.path.open("rb") as f:
            f.seek(RECORD * (index + 1))
            return _decode(f.read(RECORD), f"{self.path}, machine {index}")

    def machines(self, start: int = 0, stop: int | None = None) -> Iterator[str]:
        """Machines ``start .. stop - 1`` in order, read in blocks."""
        stop = self.count if stop is None else min(stop, self.count)
        with self.path.open("rb") as f:
            f.seek(RECORD * (start + 1))
            i = start
            while i < stop:
                block = f.read(RECORD * min(4096, stop - i))
                for j in range(0, len(block), RECORD):
                    yield _decode(block[j : j + RECORD], f"{self.path}, machine {i}")
                    i += 1


def write_seed_database(
    path: str | Path, space: Iterable[str], time: Iterable[str] = ()
) -> SeedDatabase:
    """Write machines (5 states, 2 symbols, standard text) in the seed layout:
    those undecided by space first, then by time."""
    records = []
    groups = [list(space), list(time)]
    for text in (*groups[0], *groups[1]):
        tm = parse_tm(text)
        if tm.n_symbols != 2 or len(text.split("_")) != 5:
            raise UsageError(f"the seed layout holds 5-state 2-symbol machines: {text}")
        rows = text.upper().split("_")
        record = bytearray()
        for row in rows:
            for s in range(2):
                cell = row[3 * s : 3 * s + 3]
                if cell == "---":
                    record += bytes((0, 0, 0))
                    continue
                nxt = 6 if cell[2] not in _STATES else _STATES.index(cell[2]) + 1
                if cell[1] == "N":
                    raise UsageError(f"the seed layout has no stay moves: {text}")
                record += bytes((int(cell[0]), "RL".index(cell[1]), nxt))
        records.append(bytes(record))
    header = struct.pack(">III", len(groups[1]), len(groups[0]), len(records))
    Path(path).write_bytes(header.ljust(RECORD, b"\0") + b"".join(records))
    return SeedDatabase.open(path)
