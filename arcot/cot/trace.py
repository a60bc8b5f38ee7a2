"""A chain of thought as token ids: :class:`CoTTrace`, whatever its encoding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from arcot.cot.tokens import Vocabulary
from arcot.errors import EncodingError

__all__ = ["ENCODINGS", "CoTTrace", "check_count", "check_encoding"]

#: The chain-of-thought encodings :func:`encode` knows.
ENCODINGS: tuple[str, ...] = ("tableau", "circuit", "steplog")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CoTTrace:
    """A prompt and its chain of thought, as token ids of ``vocabulary``."""

    encoding: str
    vocabulary: Vocabulary
    prompt: np.ndarray  # [n_prompt] int64, read-only
    cot: np.ndarray  # [n_cot] int64, read-only
    steps: int
    width: int
    #: The window's first tape cell (row cells are ``left .. left + width - 1``).
    left: int = 0
    #: Circuit encoding only: the names of the cell tokens, in one-hot order.
    cell_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise EncodingError(
                f"unknown encoding {self.encoding!r}: expected one of "
                f"{', '.join(ENCODINGS)}"
            )
        if not isinstance(self.vocabulary, Vocabulary):
            raise EncodingError(
                f"vocabulary must be a Vocabulary, got {type(self.vocabulary).__name__}"
            )
        check_count("steps", self.steps)
        check_count("width", self.width, 1)
        check_count("left", self.left, -(1 << 62))
        for name in ("prompt", "cot"):
            arr = np.array(getattr(self, name), dtype=np.int64).reshape(-1)
            bad = (arr < 0) | (arr >= len(self.vocabulary))
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise EncodingError(
                    f"{name}[{i}] = {int(arr[i])} is not a token id (vocabulary "
                    f"size {len(self.vocabulary)})"
                )
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "cell_names", tuple(self.cell_names))

    @property
    def tokens(self) -> np.ndarray:
        """Prompt and CoT, one stream."""
        return np.concatenate([self.prompt, self.cot])

    def render(self) -> str:
        """A readable rendering, one line a row (tableau, circuit) or a step.

        tableau: the tokens of each row; circuit: each cell's one-hot bits,
        then the cell tokens they stand for; steplog: the prompt, then one
        step token a line.
        """
        names = self.vocabulary.names
        if self.encoding == "steplog":
            prompt = " ".join(names[i] for i in self.prompt) or "(empty)"
            lines = [f"prompt: {prompt}"]
            lines += [f"{t:>4}  {names[i]}" for t, i in enumerate(self.cot, 1)]
            return "\n".join(lines)
        if self.encoding == "circuit":
            if not self.cell_names:  # no cell names: the bits as they are
                return " ".join(names[i] for i in self.tokens)
            return render_circuit(self)
        stream = self.tokens
        row = self.width + 1
        return "\n".join(
            " ".join(names[i] for i in stream[k : k + row])
            for k in range(0, len(stream), row)
        )


def render_circuit(trace: CoTTrace) -> str:
    v = len(trace.cell_names)
    w = trace.width
    bits = trace.tokens.reshape(-1, w, v)
    lines = []
    for r, row in enumerate(bits):
        groups = " ".join("".join(str(int(b)) for b in cell) for cell in row)
        shown = " ".join(
            trace.cell_names[int(np.argmax(cell))] if cell.sum() == 1 else "?"
            for cell in row
        )
        lines.append(f"{r:>4}  {groups}   = {shown}")
    return "\n".join(lines)


def check_count(name: str, value: object, least: int = 0) -> int:
    """``value`` as an int, if it is an integer ``>= least``; else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise EncodingError(f"{name} must be an integer, got {value!r}")
    if value < least:
        raise EncodingError(f"{name} must be >= {least}, got {value}")
    return int(value)


def check_encoding(encoding: object) -> str:
    """``encoding``, if it is one of :data:`ENCODINGS`; else raise."""
    if encoding not in ENCODINGS:
        raise EncodingError(
            f"unknown encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}"
        )
    return encoding
