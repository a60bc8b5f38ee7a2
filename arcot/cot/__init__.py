"""Chain-of-thought encodings of machine runs.

The *tableau* encoding (theory.md section 3) writes a run as rows of a fixed
window of ``W`` tape cells, each row behind a delimiter ``#``: row 0 (the
initial configuration) is the prompt, rows ``1..T`` are the chain of thought,
and a stopped configuration maps to itself, so every input of one length
gives a CoT of one length, ``T * (W + 1)`` tokens. A cell token is a plain
symbol ``a`` or a head cell ``(q, a)``. Cell ``i`` of row ``t + 1`` is
:func:`local_rule` of cells ``i - 1, i, i + 1`` of row ``t``, which sit
``W + 2``, ``W + 1`` and ``W`` tokens back in the stream.

Worked example (bb2, ``1RB1LB_1LA1RZ``, window cells -2..1, W = 4)::

    # 0 0 (A,0) 0       <- prompt, row 0
    # 0 0 1 (B,0)       <- row 1: A wrote 1, moved right into B
    ...

The *circuit* encoding is the same rows one-hot, ``|V|`` bits a cell (the
delimiter left out): the gate values of :func:`arcot.circuit.compile_machine`,
``T * W * |V|`` binary tokens. The *step log* is one token a step
(``state read > write move``) and a final ``stop(state,symbol)``: ``T + 1``
tokens, but its next token depends on the whole history. :func:`encode` and
:func:`decode` handle all three; :func:`length_shape` gives the shape shared
by all inputs of one length and :func:`cot_length` the exact length law.
docs/explanation/encodings.md has a worked token string of each.

One module a job: :mod:`~arcot.cot.tokens` (tokens and their vocabulary),
:mod:`~arcot.cot.trace` (a CoT as ids), :mod:`~arcot.cot.tableau` (the
tableau encoding and :class:`Tableau`, the value every later stage reads),
:mod:`~arcot.cot.circuit`, :mod:`~arcot.cot.steplog`,
:mod:`~arcot.cot.encodings` (:func:`encode`, :func:`decode`),
:mod:`~arcot.cot.batch` (many inputs at once, by the kernels of
:mod:`arcot.cot._kernels`) and :mod:`~arcot.cot.shape` (one shape for all
inputs of a length, and the length laws). This package re-exports their
public names.
"""

from arcot.cot.batch import encode_circuit_batch, encode_tableau_batch
from arcot.cot.circuit import circuit_length, circuit_vocabulary, encode_circuit
from arcot.cot.encodings import decode, encode
from arcot.cot.shape import MAX_ALL_INPUTS, all_words, cot_length, length_shape
from arcot.cot.steplog import encode_steplog, steplog_length, steplog_vocabulary
from arcot.cot.tableau import (
    Tableau,
    TableauWindow,
    as_tableau,
    decode_tableau,
    encode_tableau,
    local_rule,
    tableau_length,
    tableau_vocabulary,
    tableau_window,
)
from arcot.cot.tokens import (
    DELIMITER,
    HeadCell,
    StepToken,
    StopToken,
    Vocabulary,
    token_key,
)
from arcot.cot.trace import ENCODINGS, CoTTrace

__all__ = [
    "DELIMITER",
    "ENCODINGS",
    "MAX_ALL_INPUTS",
    "CoTTrace",
    "HeadCell",
    "StepToken",
    "StopToken",
    "Tableau",
    "TableauWindow",
    "Vocabulary",
    "all_words",
    "as_tableau",
    "circuit_length",
    "circuit_vocabulary",
    "cot_length",
    "decode",
    "decode_tableau",
    "encode",
    "encode_circuit",
    "encode_circuit_batch",
    "encode_steplog",
    "encode_tableau",
    "encode_tableau_batch",
    "length_shape",
    "local_rule",
    "steplog_length",
    "steplog_vocabulary",
    "tableau_length",
    "tableau_vocabulary",
    "tableau_window",
    "token_key",
]
