"""The one place numba options are set.

Kernels are cached on disk so a second process does not recompile them, and
``fastmath`` is off: reproducible results matter more than the last few
percent of speed. numba is imported lazily so ``import arcot`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NJIT_OPTIONS: dict[str, Any] = {"cache": True, "fastmath": False, "nogil": True}


def njit(*args: Any, **kwargs: Any) -> Callable[..., Any]:
    """``numba.njit`` with arcot's options (keyword arguments override)."""
    import numba

    return numba.njit(*args, **{**NJIT_OPTIONS, **kwargs})  # type: ignore[no-any-return]
