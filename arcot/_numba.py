"""The one place numba options are set.

Kernels are cached on disk so a second process does not recompile them, and
``fastmath`` is off: reproducible results matter more than the last few
percent of speed.

numba is imported when a kernel is first *called*, not when its module is
imported: :func:`njit` returns a :class:`Kernel` that holds the Python
function and builds the numba dispatcher on first use. So a module that
imports its kernels at the top (``from arcot.learn import _kernels as K``)
costs nothing until it runs one, and a command that never runs a kernel
(``arcot check``, ``arcot run`` on a short run, every error exit) never
loads numba, llvmlite or scipy (which numba imports): about 0.4 s of
imports and 0.7 s of numba's first-dispatch set-up a process.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

NJIT_OPTIONS: dict[str, Any] = {"cache": True, "fastmath": False, "nogil": True}


class _Plain(threading.local):
    depth = 0  # > 0 inside plain_python(): unmade kernels run as Python


_PLAIN = _Plain()


class Kernel:
    """A numba kernel built on first use: calling it, or reading any
    attribute of the dispatcher (``signatures``, ``overloads``, ...), imports
    numba and makes the dispatcher (compiling at once when a signature was
    given, as ``numba.njit(signature)`` does).

    numba types a call from one kernel to another only when the callee is a
    dispatcher, so making a kernel first makes every :class:`Kernel` that its
    code names and puts each dispatcher in place of the :class:`Kernel` in
    the module's globals (the module's attribute is then the dispatcher
    itself)."""

    __slots__ = ("__dict__", "_args", "_dispatcher", "_options", "py_func")

    def __init__(self, func: Callable[..., Any], args: tuple[Any, ...],
                 options: dict[str, Any]) -> None:
        self.py_func = func
        self._args = args
        self._options = options
        self._dispatcher: Any = None
        for name in ("__module__", "__name__", "__qualname__", "__doc__"):
            self.__dict__[name] = getattr(func, name, None)
        self.__dict__["__wrapped__"] = func

    def dispatcher(self) -> Any:
        """The numba dispatcher (made on first use)."""
        if self._dispatcher is None:
            self._make()
        return self._dispatcher

    def _make(self) -> None:
        import numba

        func = self.py_func
        namespace = func.__globals__
        # Callees first: an eager signature compiles now and must see them.
        for name in sorted(_global_names(func.__code__)):
            value = namespace.get(name)
            if isinstance(value, Kernel) and value is not self:
                namespace[name] = value.dispatcher()
        if self._dispatcher is None:  # a callee's callee may have made this one
            made = numba.njit(*self._args, **self._options)(func)
            self._dispatcher = made
            if namespace.get(func.__name__) is self:
                namespace[func.__name__] = made

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        dispatcher = self._dispatcher
        if dispatcher is None:
            if _PLAIN.depth:
                return self.py_func(*args, **kwargs)
            dispatcher = self.dispatcher()
        return dispatcher(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dispatcher(), name)

    def __repr__(self) -> str:
        state = "made" if self._dispatcher is not None else "not made yet"
        return f"<arcot kernel {self.__module__}.{self.__qualname__} ({state})>"


@contextmanager
def plain_python() -> Iterator[None]:
    """Inside, a kernel that is not made yet runs as plain Python (and so do
    the kernels it calls): for work so small that making the kernels costs
    more than the interpreter does (numba's import and set-up take about a
    second a process, a first compilation about a second a kernel). It is
    the same code, so the same results wherever no int64 overflows: numba
    wraps silently, and so do numpy's int64 scalars here (their overflow
    warning is off inside), but Python ints do not wrap. Kernels already
    made keep running compiled."""
    import numpy as np

    _PLAIN.depth += 1
    try:
        with np.errstate(over="ignore"):
            yield
    finally:
        _PLAIN.depth -= 1


def _global_names(code: types.CodeType) -> Iterator[str]:
    """The global names a function's code (and code nested in it) reads."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _global_names(const)


def njit(*args: Any, **kwargs: Any) -> Callable[..., Any]:
    """``numba.njit`` with arcot's options (keyword arguments override), made
    on first use (:class:`Kernel`): ``@njit``, ``@njit(signature)`` and
    ``@njit(**options)`` as with numba."""
    options = {**NJIT_OPTIONS, **kwargs}
    if len(args) == 1 and isinstance(args[0], types.FunctionType):
        return Kernel(args[0], (), options)

    def decorate(func: Callable[..., Any]) -> Kernel:
        return Kernel(func, args, options)

    return decorate
