"""Argument checks the length modules share (package-internal).

Nothing here is part of arcot's public API: :mod:`arcot.length` does not
re-export it.
"""

from __future__ import annotations

from numbers import Integral

from arcot.errors import LengthError

__all__: list[str] = []


def check_int(name: str, value: object, least: int) -> int:
    """``value`` as an ``int``; :class:`~arcot.errors.LengthError` unless it is
    an integer (not a bool) of at least ``least``."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise LengthError(f"{name} must be an integer, got {value!r}")
    if value < least:
        raise LengthError(f"{name} must be >= {least}, got {value}")
    return int(value)
