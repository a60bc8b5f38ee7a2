"""The named target functions of ``arcot length --function``.

Each is a function of a tuple of ``n`` bits. Those of the number of ones
only are :class:`~arcot.circuit.SymmetricFunction` values, so symmetric by
construction, and a length row of a circuit whose gates weight all inputs
alike is checked on one input per number of ones
(:func:`arcot.circuit.check_function`); the others are checked on every
input.

Functions of two numbers read the first ``h = n // 2`` bits as ``a`` and
the next ``h`` as ``b``, each most significant bit first; for odd ``n`` the
last bit is ignored (for ``n = 1`` both are empty, 0).

>>> [target_function(s)((1, 0, 1, 1)) for s in ("parity", "threshold:3",
...  "equality", "greater-than", "addition-bit:1", "sparse-parity:0,3")]
[1, 1, 0, 0, 0, 0]
"""

from __future__ import annotations

from collections.abc import Callable

from arcot.circuit import SymmetricFunction
from arcot.errors import LengthError

__all__ = ["FAMILIES", "FUNCTIONS", "target_function"]

Bits = tuple[int, ...]


def _halves(x: Bits) -> tuple[int, int]:
    """The two numbers ``a`` and ``b`` of ``x`` (module docstring)."""
    h = len(x) // 2
    a = int("".join(map(str, x[:h])) or "0", 2)
    b = int("".join(map(str, x[h:2 * h])) or "0", 2)
    return a, b


def _inner_product(x: Bits) -> int:
    h = len(x) // 2
    return sum(x[i] * x[h + i] for i in range(h)) % 2


#: The functions named by a word alone.
FUNCTIONS: dict[str, Callable[[Bits], object]] = {
    "parity": SymmetricFunction("parity", lambda k, n: k % 2),
    "majority": SymmetricFunction("majority", lambda k, n: int(2 * k > n)),
    "and": SymmetricFunction("and", lambda k, n: int(k == n)),
    "or": SymmetricFunction("or", lambda k, n: int(k > 0)),
    "palindrome": lambda x: int(x == x[::-1]),
    "equality": lambda x: int(_halves(x)[0] == _halves(x)[1]),
    "inner-product": _inner_product,
    "greater-than": lambda x: int(_halves(x)[0] > _halves(x)[1]),
}


def _count(family: str, text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise LengthError(f"function {family}:{text!r}: expected an integer >= 0")
    return int(text)


def _threshold(text: str) -> Callable[[Bits], object]:
    t = _count("threshold", text)
    return SymmetricFunction(f"threshold:{t}", lambda k, n: int(k >= t))


def _exact(text: str) -> Callable[[Bits], object]:
    t = _count("exact", text)
    return SymmetricFunction(f"exact:{t}", lambda k, n: int(k == t))


def _mod(text: str) -> Callable[[Bits], object]:
    m = _count("mod", text)
    if m < 2:
        raise LengthError(f"function mod:{m}: the modulus must be >= 2")
    return SymmetricFunction(f"mod:{m}", lambda k, n: int(k % m == 0))


def _sparse_parity(text: str) -> Callable[[Bits], object]:
    chosen = sorted({_count("sparse-parity", t) for t in text.split(",")})
    return lambda x: sum(x[i] for i in chosen if i < len(x)) % 2


def _addition_bit(text: str) -> Callable[[Bits], object]:
    i = _count("addition-bit", text)
    return lambda x: (sum(_halves(x)) >> i) & 1


#: The families ``NAME:ARG``: ``threshold:T`` (at least ``T`` ones),
#: ``exact:T`` (exactly ``T``), ``mod:M`` (a multiple of ``M`` ones),
#: ``sparse-parity:I,J,..`` (the parity of the bits at those 0-based
#: positions that exist), ``addition-bit:I`` (bit ``I``, 0 the least
#: significant, of ``a + b``).
FAMILIES: dict[str, Callable[[str], Callable[[Bits], object]]] = {
    "threshold": _threshold,
    "exact": _exact,
    "mod": _mod,
    "sparse-parity": _sparse_parity,
    "addition-bit": _addition_bit,
}


def target_function(spec: str) -> Callable[[Bits], object]:
    """The function a ``--function`` spec names: a word of :data:`FUNCTIONS`,
    ``FAMILY:ARG`` of :data:`FAMILIES`, or the user's own function,
    ``MODULE:NAME`` (an importable module) or ``PATH.py:NAME`` (a file),
    imported as pytest imports tests (the user's code runs; nothing is
    evaluated from the spec itself). Raises
    :class:`~arcot.errors.LengthError` naming what is wrong."""
    if not isinstance(spec, str):
        raise LengthError(f"a function spec is a string, got {spec!r}")
    if spec in FUNCTIONS:
        return FUNCTIONS[spec]
    family, sep, arg = spec.partition(":")
    if sep and family in FAMILIES and arg:
        return FAMILIES[family](arg)
    source, sep, attr = spec.rpartition(":")
    if sep and source and attr.isidentifier():
        return _user_function(source, attr)
    raise LengthError(
        f"unknown function {spec!r}: expected one of {', '.join(FUNCTIONS)}, "
        f"{', '.join(f + ':ARG' for f in FAMILIES)}, MODULE:NAME or PATH.py:NAME"
    )


def _user_function(source: str, attr: str) -> Callable[[Bits], object]:
    """``attr`` of the module ``source`` (a dotted name or a ``.py`` file)."""
    import importlib
    import importlib.util
    from pathlib import Path

    try:
        if source.endswith(".py"):
            path = Path(source)
            if not path.is_file():
                raise LengthError(f"function {source}:{attr}: no file {source!r}")
            spec = importlib.util.spec_from_file_location(path.stem, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(source)
    except LengthError:
        raise
    except Exception as exc:  # the user's module: any error of theirs
        raise LengthError(
            f"function {source}:{attr}: cannot import {source!r}: "
            f"{type(exc).__name__}: {exc}"
        ) from None
    f = getattr(module, attr, None)
    if not callable(f):
        raise LengthError(
            f"function {source}:{attr}: {source!r} has no function {attr!r}"
        )
    return f  # type: ignore[no-any-return]
