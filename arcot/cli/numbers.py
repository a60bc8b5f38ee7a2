"""Numbers on the command line and the sizes a command takes: integers in
a range (the simulators count in int64), seconds, a window ``FIRST..LAST``,
a list of integers, and the size limits known before any work (exit 3)."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from typing import Any

from arcot.errors import ArcotError, UsageError

__all__ = ["INPUT_LIMIT", "INT64_MAX", "INT64_MIN"]

#: The largest count any option takes: the simulators count in int64.
INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)

_INTEGER = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*")


class _SizeLimit(ArcotError):
    """A request beyond a size limit of the command, known before any work
    (exit 3, like a step or tape limit reached while running)."""


def _range_text(least: int, most: int) -> str:
    names = {INT64_MAX: "2**63 - 1", INT64_MIN: "-2**63"}
    lo = f"{least} ({names[least]})" if least in names else str(least)
    hi = f"{most} ({names[most]})" if most in names else str(most)
    return f"an integer from {lo} to {hi}"


def _integer(text: str, least: int, most: int = INT64_MAX) -> int:
    """``text`` as an integer in ``least..most``; ValueError says which range."""
    t = text.strip()
    if not _INTEGER.fullmatch(t):
        raise ValueError(f"must be {_range_text(least, most)}, got {text!r}")
    digits = t.lstrip("+-").replace("_", "").lstrip("0")
    if len(digits) > 40:  # far outside int64; int() would refuse > 4300 digits
        raise ValueError(
            f"must be {_range_text(least, most)}, got a {len(digits)}-digit number"
        )
    value = int(t)
    if not least <= value <= most:
        raise ValueError(f"must be {_range_text(least, most)}, got {value}")
    return value


def _int_option(least: int, most: int = INT64_MAX) -> Callable[[str], int]:
    """An argparse ``type``: an integer in ``least..most`` (exit 2 outside)."""
    def parse(text: str) -> int:
        try:
            return _integer(text, least, most)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _size(flag: str, spec: str, letter: str, least: int,
          most: int = INT64_MAX) -> int:
    """The number after the colon of ``--flag KIND:N`` (UsageError outside)."""
    try:
        return _integer(spec.partition(":")[2], least, most)
    except ValueError as exc:
        raise UsageError(f"{flag} {spec}: {letter} {exc}") from None


def _seconds(text: str) -> float:
    """An argparse ``type``: a number of seconds > 0 (``inf``: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0:
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds > 0 (inf for no limit), got {text!r}"
        )
    return value


def _count_inputs(k: int, n: int, *, up_to: bool) -> int:
    """How many words of length ``n`` (``up_to``: of length ``0..n``) over
    ``k`` symbols, capped just past :data:`INPUT_LIMIT` (``n`` may be huge)."""
    cap = INPUT_LIMIT + 1
    if k <= 1:
        return min(cap, (n + 1 if up_to else 1) if k == 1 else 1)
    total, power = 0, 1
    for length in range(n + 1):
        if up_to or length == n:
            total += power
        if total >= cap:
            return cap
        power *= k
        if not up_to and power > cap and length < n:
            return cap
    return total


#: The most inputs one command enumerates: a row of ``arcot length``, the
#: shape ``arcot trace`` takes, a ``--train``/``--scope`` of ``certify``
#: (arcot.cot.MAX_ALL_INPUTS and arcot.learn.data.MAX_INPUTS).
INPUT_LIMIT = 1 << 20


def _window(text: str) -> Any:
    """``--window FIRST..LAST`` as a :class:`~arcot.cot.TableauWindow`."""
    from arcot.cot import TableauWindow

    first, sep, last = text.partition("..")
    try:
        lo, hi = _integer(first, INT64_MIN), _integer(last, INT64_MIN)
    except ValueError:
        lo, hi = 0, -1
    if not sep or hi < lo:
        raise UsageError(
            f"--window must be FIRST..LAST with integers FIRST <= LAST (each "
            f"from -2**63 to 2**63 - 1), got {text!r}"
        )
    return TableauWindow(left=lo, width=hi - lo + 1)


def _int_list(flag: str, text: str, least: int | None = None) -> list[int]:
    """``V1,V2,...`` as integers of any size (each in ``least..2**63 - 1``
    when ``least`` is given)."""
    out = []
    for i, item in enumerate(text.split(",")):
        t = item.strip()
        digits = t.lstrip("+-").replace("_", "").lstrip("0")
        if not _INTEGER.fullmatch(t):
            raise UsageError(f"{flag}: entry {i + 1} ({t!r}) is not an integer")
        if len(digits) > 4000:  # int() refuses more than 4300 digits
            raise UsageError(
                f"{flag}: entry {i + 1} has {len(digits)} digits, more than the "
                "4000 arcot reads"
            )
        value = int(t)
        if least is not None and not least <= value <= INT64_MAX:
            raise UsageError(
                f"{flag}: entry {i + 1} must be {_range_text(least, INT64_MAX)}, "
                f"got {value}"
            )
        out.append(value)
    return out
