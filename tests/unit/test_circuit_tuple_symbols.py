"""The circuit compiler and its checks keep a tape symbol that equals a head
cell's pair apart from that head (issue 7, item 8): ids go by kind."""

from arcot.circuit import compile_machine
from arcot.cot import encode_circuit, length_shape
from arcot.machine import TuringMachine
from arcot.verify.certificate import circuit_gates, decide_gate_windows
from arcot.verify.exact import verify_compiled_machine

PAIR = ("A", "0")  # equal, and hash-equal, to the head cell (A,0)


def pair_machine() -> TuringMachine:
    return TuringMachine(
        states=("A", "B", "Z"), symbols=("0", PAIR, "1"), start="A",
        transitions={
            ("A", "0"): (PAIR, "R", "B"), ("A", PAIR): ("1", "R", "B"),
            ("A", "1"): (PAIR, "L", "Z"),
            ("B", "0"): ("1", "L", "Z"), ("B", PAIR): (PAIR, "R", "A"),
            ("B", "1"): ("0", "R", "A"),
        },
        halt_states=("Z",), blank="0", input_symbols=(PAIR, "1"),
    )


def test_the_compiled_circuit_reproduces_the_machine():
    m = pair_machine()
    for n in (0, 1, 2):
        window, steps = length_shape(m, n, max_steps=200)
        if steps == 0:
            continue
        compiled = compile_machine(m, n, steps, window)
        result = verify_compiled_machine(compiled)
        assert result.verified, result.counterexample


def test_row0_bits_are_the_circuit_encodings_first_row():
    m = pair_machine()
    for word in [(), (PAIR,), ("1", PAIR)]:
        window, steps = length_shape(m, len(word), max_steps=200)
        compiled = compile_machine(m, len(word), max(steps, 1), window)
        trace = encode_circuit(m, word, window=window, steps=steps)
        width = len(compiled.row0_bits(word))
        assert list(compiled.row0_bits(word)) == [int(b) for b in
                                                  trace.tokens[:width]]


def test_the_gate_table_is_right_on_every_window():
    m = pair_machine()
    gates = circuit_gates(m)
    assert gates.cells[1] == str(PAIR) and "(A,0)" in gates.cells
    assert min(d.margin for d in decide_gate_windows(m, gates)) >= 1
