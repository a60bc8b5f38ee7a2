"""Argument checks the circuit modules share (package-internal).

Nothing here is part of arcot's public API: :mod:`arcot.circuit` does not
re-export it.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import numpy as np

from arcot.errors import CircuitError

__all__: list[str] = []


def is_int(value: object) -> TypeGuard[int | np.integer[Any]]:
    """Whether ``value`` is an integer (a Python or numpy one), not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_n(n: object, least: int = 1) -> int:
    """``n`` as an ``int``; :class:`~arcot.errors.CircuitError` unless it is
    an integer (not a bool) of at least ``least``."""
    if not is_int(n) or int(n) < least:
        raise CircuitError(f"n must be an integer >= {least}, got {n!r}")
    return int(n)
