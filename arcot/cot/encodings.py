"""The generic interface: :func:`encode` and :func:`decode` in any encoding."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from arcot.cot.circuit import circuit_rows, encode_circuit
from arcot.cot.steplog import decode_steplog, encode_steplog
from arcot.cot.tableau import (
    Tableau,
    TableauWindow,
    decode_tableau,
    encode_tableau,
)
from arcot.cot.trace import CoTTrace, check_encoding
from arcot.machine import Configuration, TuringMachine

__all__ = ["decode", "encode"]

def encode(
    machine: TuringMachine | Tableau,
    word: Sequence[Hashable] = (),
    *,
    encoding: str,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The CoT of ``machine`` on ``word`` in ``encoding`` (tableau, circuit, steplog).

    By default the shape is the run's own (least window, its step count);
    pass ``window`` and ``steps`` (e.g. from :func:`length_shape`) to give
    every input of one length the same CoT length, :func:`cot_length`.
    Raises :class:`~arcot.errors.EncodingError` for an unknown encoding or a
    window too small for the run, :class:`~arcot.errors.StepLimitExceeded`
    when the run does not stop within ``max_steps`` (or ``steps``).

    >>> from arcot.cot import cot_length, length_shape
    >>> from arcot.zoo import get
    >>> m = get("parity")
    >>> window, t = length_shape(m, 2, max_steps=100)
    >>> tr = encode(m, "10", encoding="tableau", window=window, steps=t)
    >>> len(tr.cot) == cot_length(m, "tableau", steps=t, width=window.width)
    True
    """
    encoding = check_encoding(encoding)
    if encoding == "steplog":  # the step log has no tableau
        return encode_steplog(_machine(machine), word, max_steps=max_steps,
                              window=window, steps=steps)
    encoder = encode_tableau if encoding == "tableau" else encode_circuit
    return encoder(machine, word, max_steps=max_steps, window=window, steps=steps)


def decode(machine: TuringMachine | Tableau, trace: CoTTrace) -> list[Configuration]:
    """The run a trace shows, as configurations over the trace's window.

    Each configuration has ``origin = trace.left`` and ``cells`` the
    window's symbols; padding (the stopped configuration repeated) is
    dropped, so for a halting run
    ``decode(machine, encode(machine, w, ...))`` equals the simulator's
    configurations seen through the window. Raises
    :class:`~arcot.errors.EncodingError` on a malformed trace.

    >>> from arcot.zoo import get
    >>> from arcot.machine import configurations
    >>> m = get("bb2")
    >>> [c.state for c in decode(m, encode(m, encoding="steplog"))]
    ['A', 'B', 'A', 'B', 'A', 'B', 'Z']
    """
    if trace.encoding == "steplog":
        return decode_steplog(_machine(machine), trace)
    if trace.encoding == "circuit":
        rows = circuit_rows(machine, trace)
    else:
        rows = decode_tableau(_machine(machine), trace)
        rows = [(q, h + trace.left, cells) for q, h, cells in rows]
    blank = _machine(machine).blank
    out: list[Configuration] = []
    for step, (state, head, cells) in enumerate(rows):
        if out and (state, head, cells) == (out[-1].state, out[-1].head, out[-1].cells):
            break
        out.append(Configuration(state=state, head=head, origin=trace.left,
                                 cells=cells, step=step, blank=blank))
    return out


def _machine(machine: TuringMachine | Tableau) -> TuringMachine:
    """The machine itself (the step log reads no tableau, so none is built)."""
    return machine.machine if isinstance(machine, Tableau) else machine
