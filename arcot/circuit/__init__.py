"""Linear-threshold circuits, their chains of thought, and the TM compiler.

A :class:`ThresholdCircuit` has inputs ``x0 .. x(n-1)`` and gates listed in
CoT order. A *threshold* gate has integer weights over inputs and earlier
gates and an integer threshold: its value is ``1`` iff
``sum(w * u) >= threshold``. The chain of thought of a circuit on an input
is its gate values in order; the last gate is the answer (theory.md,
Thm 3.8: token ``t`` is the value of gate ``t``).

The XOR of ``k >= 2`` bits is *not* a single threshold gate, so the chained
parity of Thm 3.12 cannot be written with threshold gates only. It uses a
second gate kind in the same class, ``"parity"``: the XOR of its sources
(every weight 1, no threshold). :attr:`ThresholdCircuit.is_threshold` says
whether a circuit uses threshold gates only, i.e. whether Thm 3.8's linear
predictor applies to it.

Evaluation is batched with numpy in exact int64 arithmetic; a circuit whose
weights could overflow int64 is rejected when it is built.

The modules, one job each: :mod:`arcot.circuit.model` is the circuit model
(:class:`Gate`, :class:`ThresholdCircuit`, :func:`all_bit_inputs`);
:mod:`arcot.circuit.parity` the named parity circuits of Thm 3.11 and
Thm 3.12; :mod:`arcot.circuit.symmetric` a short chain for any symmetric
function; :mod:`arcot.circuit.functions` user functions on bits (truth
tables, :func:`check_function`, the truth-table circuit); and
:mod:`arcot.circuit.compiler` the Turing-machine-to-circuit compiler
(:func:`compile_machine`). :mod:`arcot.circuit.checks` holds the argument
checks they share. Every public name is re-exported here.

>>> c = parity_circuit(3)
>>> [g.name for g in c.gates], c.evaluate_all()[:, -1].tolist()
(['b1', 'b0'], [0, 1, 1, 0, 1, 0, 0, 1])
"""

from __future__ import annotations

from arcot.circuit.compiler import CompiledMachine, compile_machine, machine_cell_tokens
from arcot.circuit.functions import (
    CheckPlan,
    CircuitCheck,
    CircuitFunction,
    OrbitFunction,
    SymmetricFunction,
    TableFunction,
    check_function,
    circuit_classes,
    function_circuit,
    function_classes,
    is_symmetric,
    plan_check,
    truth_table,
)
from arcot.circuit.model import (
    CIRCUIT_FORMAT,
    Gate,
    GateKind,
    ThresholdCircuit,
    all_bit_inputs,
)
from arcot.circuit.parity import (
    chain_parity_circuit,
    chain_parity_length,
    inner_product_circuit,
    parity_circuit,
    parity_length,
)
from arcot.circuit.symmetric import symmetric_circuit, symmetric_length

__all__ = [
    "CIRCUIT_FORMAT",
    "CheckPlan",
    "CircuitCheck",
    "CircuitFunction",
    "CompiledMachine",
    "Gate",
    "GateKind",
    "OrbitFunction",
    "SymmetricFunction",
    "TableFunction",
    "ThresholdCircuit",
    "all_bit_inputs",
    "chain_parity_circuit",
    "chain_parity_length",
    "check_function",
    "circuit_classes",
    "compile_machine",
    "function_circuit",
    "function_classes",
    "inner_product_circuit",
    "is_symmetric",
    "machine_cell_tokens",
    "parity_circuit",
    "parity_length",
    "plan_check",
    "symmetric_circuit",
    "symmetric_length",
    "truth_table",
]
