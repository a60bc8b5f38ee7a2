"""The target functions of ``arcot length --function``, and where they come from.

A target is a function of a tuple of ``n`` bits returning 0/1 or a bool.
:func:`target_function` reads a spec:

- a name of :data:`FUNCTIONS` or a family ``NAME:ARG`` of :data:`FAMILIES`;
- ``table:FILE``, a truth table (:class:`~arcot.circuit.functions.TableFunction`):
  ``2^n`` bits, bit ``r`` the value on input ``r`` of
  :func:`arcot.circuit.all_bit_inputs` (``x0`` the most significant bit of
  ``r``), written as ``0``/``1`` characters, or as hexadecimal digits when
  the file name ends in ``.hex`` (four bits a digit, most significant
  first); whitespace is ignored; the table fixes ``n``;
- ``circuit:FILE``, a threshold circuit file (JSON,
  :meth:`arcot.circuit.ThresholdCircuit.load`): the function its last gate
  computes on its ``n`` inputs (it fixes ``n``);
- ``MODULE:NAME`` (an importable module) or ``PATH.py:NAME`` (a file): the
  user's own function, imported as pytest imports tests (their code runs;
  nothing is evaluated from the spec itself).

A machine is a target too, :class:`MachineFunction`: its answer on a word
of bits under an output convention (:data:`OUTPUTS`).

**What a check may assume.** A function reduces its checks only when its
symmetry holds by construction
(:func:`arcot.circuit.functions.function_classes`). Those of the number of
ones only are :class:`~arcot.circuit.SymmetricFunction` values. Palindrome,
equality, inner product, addition bit ``i`` and the sparse parities are
:class:`~arcot.circuit.functions.OrbitFunction` values, *defined* from the
number of ones in each class of inputs they treat alike (the pairs
``{i, n-1-i}``, the pairs ``{i, h+i}`` of the two halves, the chosen bits
and the rest), so invariant under permuting within each class; a test
holds each to its plain definition on every input to ``n = 8``.
Greater-than, tables, machines and the user's functions declare nothing
and are checked on every input (a circuit file's function is invariant
under the classes of its own circuit, proved in
:func:`arcot.circuit.functions.circuit_classes`).

Functions of two numbers read the first ``h = n // 2`` bits as ``a`` and
the next ``h`` as ``b``, each most significant bit first; for odd ``n`` the
last bit is ignored (for ``n = 1`` both are empty, 0).

>>> [int(target_function(s)((1, 0, 1, 1))) for s in ("parity", "threshold:3",
...  "equality", "greater-than", "addition-bit:1", "sparse-parity:0,3")]
[1, 1, 0, 0, 0, 0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from arcot.circuit import SymmetricFunction, ThresholdCircuit
from arcot.circuit.functions import CircuitFunction, OrbitFunction, TableFunction
from arcot.errors import LengthError, SizeLimitExceeded, StepLimitExceeded
from arcot.machine import TuringMachine

__all__ = [
    "FAMILIES",
    "FUNCTIONS",
    "MAX_TABLE_N",
    "OUTPUTS",
    "MachineFunction",
    "target_function",
]

Bits = tuple[int, ...]


def _halves(x: Bits) -> tuple[int, int]:
    """The two numbers ``a`` and ``b`` of ``x`` (module docstring)."""
    h = len(x) // 2
    a = int("".join(map(str, x[:h])) or "0", 2)
    b = int("".join(map(str, x[h:2 * h])) or "0", 2)
    return a, b


def _pairs(n: int) -> list[tuple[int, ...]]:
    """The pairs ``{i, h+i}`` of the two halves, then the odd last bit."""
    h = n // 2
    return [(i, h + i) for i in range(h)] + [(2 * h,)] * (n % 2)


def _mirror(n: int) -> list[tuple[int, ...]]:
    """The pairs ``{i, n-1-i}``, then the middle bit of an odd ``n``."""
    return [(i, n - 1 - i) for i in range(n // 2)] + [(n // 2,)] * (n % 2)


def _agree(k: tuple[int, ...], n: int) -> int:
    """Both bits of every pair alike: no pair with exactly one 1."""
    return int(all(c != 1 for c in k[: n // 2]))


#: The functions named by a word alone.
FUNCTIONS: dict[str, Callable[[Bits], object]] = {
    "parity": SymmetricFunction("parity", lambda k, n: k % 2),
    "majority": SymmetricFunction("majority", lambda k, n: int(2 * k > n)),
    "and": SymmetricFunction("and", lambda k, n: int(k == n)),
    "or": SymmetricFunction("or", lambda k, n: int(k > 0)),
    "palindrome": OrbitFunction("palindrome", _mirror, _agree),
    "equality": OrbitFunction("equality", _pairs, _agree),
    # a_i b_i is 1 when pair i holds two ones
    "inner-product": OrbitFunction(
        "inner-product", _pairs,
        lambda k, n: sum(c == 2 for c in k[: n // 2]) % 2),
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

    def classes(n: int) -> list[list[int]]:
        inside = [i for i in chosen if i < n]
        return [inside, [i for i in range(n) if i not in set(inside)]]

    return OrbitFunction(f"sparse-parity:{','.join(map(str, chosen))}", classes,
                         lambda k, n: k[0] % 2)


def _addition_bit(text: str) -> Callable[[Bits], object]:
    i = _count("addition-bit", text)
    # a + b = sum over pairs j of (a_j + b_j) 2^(h-1-j): the pairs' counts
    return OrbitFunction(
        f"addition-bit:{i}", _pairs,
        lambda k, n: (sum(c << (n // 2 - 1 - j)
                          for j, c in enumerate(k[: n // 2])) >> i) & 1)


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

#: The largest truth table ``table:FILE`` reads: ``2^26`` bits (64 MB of
#: ``0``/``1``, 16 MB of hex).
MAX_TABLE_N = 26


def target_function(spec: str) -> Callable[[Bits], object]:
    """The function a ``--function`` spec names (module docstring): a word
    of :data:`FUNCTIONS`, ``FAMILY:ARG`` of :data:`FAMILIES`,
    ``table:FILE``, ``circuit:FILE``, or the user's own function,
    ``MODULE:NAME`` or ``PATH.py:NAME``. Raises
    :class:`~arcot.errors.LengthError` (or
    :class:`~arcot.errors.CircuitError` for a bad table or circuit file)
    naming what is wrong.

    >>> f = target_function("sparse-parity:0,2")
    >>> f((1, 1, 1)), f.classes(4)
    (0, ((0, 2), (1, 3)))
    """
    if not isinstance(spec, str):
        raise LengthError(f"a function spec is a string, got {spec!r}")
    if spec in FUNCTIONS:
        return FUNCTIONS[spec]
    family, sep, arg = spec.partition(":")
    if sep and family in FAMILIES and arg:
        return FAMILIES[family](arg)
    if sep and family == "table" and arg:
        return _table_function(arg)
    if sep and family == "circuit" and arg:
        return CircuitFunction(ThresholdCircuit.load(arg), name=spec)
    source, sep, attr = spec.rpartition(":")
    if sep and source and attr.isidentifier():
        return _user_function(source, attr)
    raise LengthError(
        f"unknown function {spec!r}: expected one of {', '.join(FUNCTIONS)}, "
        f"{', '.join(f + ':ARG' for f in FAMILIES)}, table:FILE, circuit:FILE, "
        "MODULE:NAME or PATH.py:NAME"
    )


def _table_function(path: str) -> TableFunction:
    """The truth table in ``path`` (``0``/``1``, or hex for ``*.hex``)."""
    hex_digits = path.lower().endswith(".hex")
    file = Path(path)
    if not file.is_file():
        raise LengthError(f"function table:{path}: no file {path!r}")
    # a character a bit (a hex digit four), with room for as much whitespace
    size = file.stat().st_size
    if size > 2 * (1 << MAX_TABLE_N) // (4 if hex_digits else 1) + 4096:
        raise SizeLimitExceeded(
            f"function table:{path}: the file has {size} bytes; a table holds at "
            f"most 2^{MAX_TABLE_N} bits (n <= {MAX_TABLE_N})"
        )
    try:
        text = file.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise LengthError(f"function table:{path}: cannot read {path!r}: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None
    table = TableFunction.parse(text, name=f"table:{path}", hex=hex_digits)
    if table.arity == 0:
        raise LengthError(
            f"function table:{path}: one bit is a function of no inputs; a table "
            "on n >= 1 bits has 2^n bits"
        )
    if table.arity > MAX_TABLE_N:
        raise SizeLimitExceeded(
            f"function table:{path}: 2^{table.arity} bits; a table holds at most "
            f"2^{MAX_TABLE_N} (n <= {MAX_TABLE_N})"
        )
    return table


def _user_function(source: str, attr: str) -> Callable[[Bits], object]:
    """``attr`` of the module ``source`` (a dotted name or a ``.py`` file)."""
    import importlib
    import importlib.util

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


# -- a machine as a function -------------------------------------------

#: The output conventions of a machine read as a function of bits:
#: ``accept``, 1 when the run halts in an accept state (the machine's
#: ``accept_states``; a machine that names none accepts in every halt
#: state), 0 when it halts in another or stops on an undefined transition;
#: ``head``, the symbol under the head when it stops, which must be ``0`` or
#: ``1``; ``last``, the rightmost non-blank symbol of the final tape (an
#: answer written after the input, as zoo:parity does), ``0`` or ``1`` too.
OUTPUTS = ("accept", "head", "last")


@dataclass(frozen=True, slots=True, eq=False)
class MachineFunction:
    """The function of bits a machine computes, under an output convention.

    The machine's input alphabet must be the two symbols ``0`` and ``1``
    (as characters); an input of ``n`` bits is the word of those symbols.
    ``output`` is one of :data:`OUTPUTS` (default ``accept``); the name
    says both (``palindrome:accept``). A run that
    does not stop within ``max_steps`` raises
    :class:`~arcot.errors.StepLimitExceeded` naming the input; an answer
    that is not a bit raises :class:`~arcot.errors.LengthError`.

    >>> from arcot.zoo import get
    >>> pal = MachineFunction(get("palindrome"))
    >>> pal((0, 1, 1, 0)), pal((0, 1, 1, 1))
    (1, 0)
    >>> MachineFunction(get("parity"), output="last")((1, 0, 1, 1))
    1
    """

    machine: TuringMachine
    output: str = "accept"
    max_steps: int = 100_000
    name: str = ""
    _symbols: tuple[object, object] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.machine, TuringMachine):
            raise LengthError(f"expected a TuringMachine, got {self.machine!r}")
        if self.output not in OUTPUTS:
            raise LengthError(
                f"unknown output convention {self.output!r}: expected one of "
                f"{', '.join(OUTPUTS)}"
            )
        if (isinstance(self.max_steps, bool) or not isinstance(self.max_steps, int)
                or self.max_steps < 0):
            raise LengthError(f"max_steps must be an integer >= 0, got "
                              f"{self.max_steps!r}")
        inputs = {str(s): s for s in self.machine.input_symbols or ()}
        if sorted(inputs) != ["0", "1"] or len(self.machine.input_symbols or ()) != 2:
            names = ", ".join(str(s) for s in self.machine.input_symbols or ())
            raise LengthError(
                f"machine {self.machine.name or ''!s}: a function of bits reads "
                f"words over the input alphabet {{0, 1}}; this machine's is "
                f"{{{names}}} (--alphabet 01 chooses 0 and 1 when it has them)"
            )
        object.__setattr__(self, "_symbols", (inputs["0"], inputs["1"]))
        if not self.name:
            object.__setattr__(self, "name",
                               f"{self.machine.name or 'machine'}:{self.output}")

    def __call__(self, x: Bits) -> int:
        from arcot.machine import run

        word = [self._symbols[int(b)] for b in x]
        text = "".join(str(int(b)) for b in x)
        r = run(self.machine, word, max_steps=self.max_steps)
        if not r.halted:
            raise StepLimitExceeded(
                f"the machine did not stop within {self.max_steps} steps on input "
                f"{text!r}", steps=r.steps,
            )
        if self.output == "accept":
            return int(bool(r.accepted))
        if self.output == "head":
            symbol = r.tape[r.head - r.span[0]]
            where = "under its head"
        else:
            marks = [s for s in r.tape if s != self.machine.blank]
            symbol = marks[-1] if marks else self.machine.blank
            where = "as its last non-blank symbol"
        if str(symbol) not in ("0", "1"):
            raise LengthError(
                f"on input {text!r} the machine stopped with {str(symbol)!r} "
                f"{where}, not 0 or 1 (output convention {self.output})"
            )
        return int(str(symbol))
