"""The tokens of every encoding and their dictionary, :class:`Vocabulary`.

A token's identity is its kind and its value (:func:`token_key`): a
:class:`HeadCell`, :class:`StepToken` or :class:`StopToken` is a named
tuple, equal to the plain tuple of its fields, but never the same token as
a plain tuple a machine uses as a tape symbol.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from arcot.errors import EncodingError
from arcot.machine import Move, TuringMachine

__all__ = [
    "DELIMITER",
    "HeadCell",
    "StepToken",
    "StopToken",
    "Vocabulary",
    "token_key",
]

#: The row delimiter token's name.
DELIMITER = "#"


#: The delimiter's identity in a vocabulary (:func:`token_key`).
DELIMITER_KEY = ("plain", DELIMITER)


class HeadCell(NamedTuple):
    """A tape cell under the head: the machine's state and the cell's symbol."""

    state: Hashable
    symbol: Hashable

    def __str__(self) -> str:
        return f"({self.state},{self.symbol})"


class StepToken(NamedTuple):
    """One step of a run: the state, the symbol read, the symbol written, the move."""

    state: Hashable
    read: Hashable
    write: Hashable
    move: Move

    def __str__(self) -> str:
        return f"{self.state}{self.read}>{self.write}{self.move.letter}"


class StopToken(NamedTuple):
    """The step log's final token: the state the machine stopped in and the
    symbol under its head. It repeats to pad a short run to ``T + 1`` tokens."""

    state: Hashable
    symbol: Hashable

    def __str__(self) -> str:
        return f"stop({self.state},{self.symbol})"


#: The structured token classes and their kinds (:func:`token_key`).
_TOKEN_KINDS: tuple[tuple[type, str], ...] = (
    (HeadCell, "head"), (StepToken, "step"), (StopToken, "stop"),
)


_KIND_OF_TYPE: dict[type, str] = dict(_TOKEN_KINDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary:
    """Named tokens with integer ids (the id is the position in ``tokens``).

    ``names`` are the tokens' printable names, unique, used in JSON output
    and certificates.

    A token's identity is its *kind* and its value, not its equality: a
    :class:`HeadCell`, :class:`StepToken` or :class:`StopToken` is a named
    tuple, equal (and hash-equal) to the plain tuple of its fields, but a
    plain tuple is a plain token (e.g. a tape symbol ``("A", "0")``), never
    the head cell ``(A,0)``. :meth:`id` and :meth:`ids` look tokens up by
    ``(kind, value)``; two tokens of one kind that are equal are an error.

    >>> v = Vocabulary(tokens=(("A", "0"), HeadCell("A", "0")))
    >>> v.id(("A", "0")), v.id(HeadCell("A", "0")), v.names
    (0, 1, ("('A', '0')", '(A,0)'))
    """

    tokens: tuple[Hashable, ...]
    names: tuple[str, ...] = field(init=False)
    # (kind, value) of each token: what identifies it (compared, so two
    # vocabularies whose tokens are equal but of other kinds differ).
    _keys: tuple[tuple[str, Hashable], ...] = field(init=False, repr=False)
    # ids of the plain tokens, keyed by the token itself (no key to build on
    # the hot path), and of the structured ones, keyed by (kind, token)
    _plain: dict[Hashable, int] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _structured: dict[tuple[str, Hashable], int] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        tokens = tuple(self.tokens)
        names = tuple(str(t) for t in tokens)
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise EncodingError(
                f"two tokens share the name {dup!r}; rename the machine's "
                "states or symbols"
            )
        keys = tuple(token_key(t) for t in tokens)
        plain: dict[Hashable, int] = {}
        structured: dict[tuple[str, Hashable], int] = {}
        for i, key in enumerate(keys):
            j = (
                plain.setdefault(key[1], i) if key[0] == "plain"
                else structured.setdefault(key, i)
            )
            if j != i:
                raise EncodingError(
                    f"tokens {names[j]!r} and {names[i]!r} are equal tokens of "
                    f"one kind ({key[0]}); rename the machine's states or symbols"
                )
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_plain", plain)
        object.__setattr__(self, "_structured", structured)

    def __len__(self) -> int:
        return len(self.tokens)

    def id(self, token: Hashable) -> int:
        """The id of ``token`` (looked up by kind and value, :func:`token_key`)."""
        kind = _KIND_OF_TYPE.get(type(token))  # token_key, inlined: ids are hot
        if kind is None and isinstance(token, tuple):
            kind = token_key(token)[0]
        try:
            if kind is None or kind == "plain":
                return self._plain[token]
            return self._structured[kind, token]
        except (KeyError, TypeError):
            raise EncodingError(f"{token!r} is not in the vocabulary") from None

    def ids(self, tokens: Iterable[Hashable]) -> np.ndarray:
        """Ids of ``tokens`` as an int64 array."""
        return np.array([self.id(t) for t in tokens], dtype=np.int64)

    def token(self, token_id: int) -> Hashable:
        """The token with id ``token_id``."""
        if not 0 <= token_id < len(self.tokens):
            raise EncodingError(
                f"token id {token_id} is outside the vocabulary (size {len(self)})"
            )
        return self.tokens[token_id]


def token_key(token: Hashable) -> tuple[str, Hashable]:
    """What identifies a token in a :class:`Vocabulary`: ``(kind, value)``.

    The kind is ``"head"``, ``"step"`` or ``"stop"`` for arcot's structured
    tokens (:class:`HeadCell`, :class:`StepToken`, :class:`StopToken`) and
    ``"plain"`` for anything else (the delimiter, tape symbols, bits), so a
    plain tuple never stands for the named tuple it equals.

    >>> token_key(HeadCell("A", "0")) == token_key(("A", "0"))
    False
    """
    kind = _KIND_OF_TYPE.get(type(token))
    if kind is not None:
        return kind, token
    if isinstance(token, tuple):  # a subclass of one of them is one of them
        for cls, kind in _TOKEN_KINDS:
            if isinstance(token, cls):
                return kind, token
    return "plain", token


def check_plain_symbols(machine: TuringMachine) -> None:
    """Raise if a tape symbol is one of arcot's structured tokens (a
    :class:`HeadCell`, :class:`StepToken` or :class:`StopToken`): its kind
    would make it a head or a step, not a symbol (:func:`token_key`)."""
    for s in machine.symbols:
        kind = token_key(s)[0]
        if kind != "plain":
            raise EncodingError(
                f"symbol {s!r} is a {type(s).__name__}, arcot's {kind} token; "
                "use a plain value (a string, a number, a plain tuple)"
            )
