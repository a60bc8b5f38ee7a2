"""Unit tests of arcot.cot: encodings, length laws, shapes, batch generation."""

import numpy as np
import pytest

from arcot.circuit import compile_machine
from arcot.cot import (
    ENCODINGS,
    CoTTrace,
    HeadCell,
    StepToken,
    StopToken,
    TableauWindow,
    Vocabulary,
    all_words,
    cot_length,
    decode,
    encode,
    encode_tableau,
    encode_tableau_batch,
    length_shape,
    steplog_vocabulary,
    tableau_vocabulary,
)
from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import (
    Configuration,
    Move,
    TuringMachine,
    configurations,
    machine_from_table,
)
from arcot.zoo import get

LOOP = machine_from_table("a _ -> _ R a", name="loop")  # never halts on blanks


def seen(machine, word, window):
    end = window.left + window.width
    return [
        Configuration(state=c.state, head=c.head, origin=window.left,
                      cells=c.window(window.left, end), step=c.step, blank=c.blank)
        for c in configurations(machine, word)
    ]


# -- worked examples: the exact token strings ---------------------------


def test_tableau_of_bb2():
    t = encode(get("bb2"), encoding="tableau")
    assert t.render().splitlines() == [
        "# 0 0 (A,0) 0",
        "# 0 0 1 (B,0)",
        "# 0 0 (A,1) 1",
        "# 0 (B,0) 1 1",
        "# (A,0) 1 1 1",
        "# 1 (B,1) 1 1",
        "# 1 1 (Z,1) 1",
    ]


def test_steplog_of_bb2():
    t = encode(get("bb2"), encoding="steplog")
    names = [t.vocabulary.names[i] for i in t.cot]
    assert names == ["A0>1R", "B0>1L", "A1>1L", "B0>1L", "A0>1R", "B1>1R",
                     "stop(Z,1)"]
    assert len(t.prompt) == 0


def test_circuit_of_bb2_is_onehot_tableau():
    m = get("bb2")
    tab = encode(m, encoding="tableau")
    circ = encode(m, encoding="circuit")
    v = len(circ.cell_names)
    cells = tab.tokens.reshape(-1, tab.width + 1)[:, 1:]
    bits = circ.tokens.reshape(-1, tab.width, v)
    assert (bits.argmax(axis=2) + 1 == cells).all()
    assert (bits.sum(axis=2) == 1).all()
    assert circ.render().splitlines()[1].endswith("= 0 0 1 (B,0)")


def test_circuit_render_without_cell_names():
    # regression: rendering reshaped by zero cell tokens and crashed
    t = CoTTrace(encoding="circuit", vocabulary=encode(get("bb2"),
                 encoding="circuit").vocabulary, prompt=[1, 0], cot=[0, 1],
                 steps=1, width=1)
    assert t.render() == "1 0 0 1"


def test_steplog_pads_with_stop_token():
    m = get("parity")
    window, t = length_shape(m, 3, max_steps=100)
    tr = encode(m, "101", encoding="steplog", window=window, steps=t + 2)
    names = [tr.vocabulary.names[i] for i in tr.cot]
    assert names[-3:] == ["stop(done,1)"] * 3 and len(names) == t + 3


# -- length laws ---------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_length_law_holds_for_every_input_of_a_length(encoding):
    m = get("increment")
    for n in range(4):
        window, t = length_shape(m, n, max_steps=1000)
        law = cot_length(m, encoding, steps=t, width=window.width)
        for row in all_words(m, n).tolist():
            word = [m.symbols[i] for i in row]
            tr = encode(m, word, encoding=encoding, window=window, steps=t)
            assert len(tr.cot) == law


def test_length_laws_values():
    m = get("bb2")  # 2 symbols, 3 states: |V| = 2 + 6
    assert cot_length(m, "tableau", steps=6, width=4) == 6 * 5
    assert cot_length(m, "circuit", steps=6, width=4) == 6 * 4 * 8
    assert cot_length(m, "steplog", steps=6, width=4) == 7


def test_cot_length_unknown_encoding():
    with pytest.raises(EncodingError, match=r"unknown encoding 'bits'"):
        cot_length(get("bb2"), "bits", steps=1, width=1)


def test_cot_length_bad_width():
    with pytest.raises(EncodingError, match=r"width must be >= 1"):
        cot_length(get("bb2"), "tableau", steps=1, width=0)


# -- encode errors -------------------------------------------------------


def test_encode_unknown_encoding():
    with pytest.raises(EncodingError, match=r"unknown encoding 'dag'"):
        encode(get("bb2"), encoding="dag")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encode_window_too_small(encoding):
    with pytest.raises(EncodingError, match=r"too small"):
        encode(get("bb2"), encoding=encoding, window=TableauWindow(left=-1, width=3))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encode_steps_too_few(encoding):
    with pytest.raises(StepLimitExceeded):
        encode(get("bb2"), encoding=encoding, steps=5)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encode_not_halting(encoding):
    with pytest.raises(StepLimitExceeded):
        encode(LOOP, encoding=encoding, max_steps=50)


def test_steplog_window_must_hold_input():
    with pytest.raises(EncodingError, match=r"input cells 0..2"):
        encode(get("parity"), "101", encoding="steplog",
               window=TableauWindow(left=0, width=2), steps=10)


def test_trace_unknown_encoding():
    with pytest.raises(EncodingError, match=r"unknown encoding"):
        CoTTrace(encoding="x", vocabulary=tableau_vocabulary(get("bb2")),
                 prompt=[], cot=[], steps=0, width=1)


def test_trace_ids_in_vocabulary():
    with pytest.raises(EncodingError, match=r"cot\[1\] = 9 is not a token id"):
        CoTTrace(encoding="tableau", vocabulary=tableau_vocabulary(get("bb2")),
                 prompt=[0], cot=[0, 9], steps=1, width=1)


def test_trace_vocabulary_type():
    with pytest.raises(EncodingError, match=r"vocabulary must be a Vocabulary"):
        CoTTrace(encoding="tableau", vocabulary=("#",), prompt=[], cot=[],
                 steps=0, width=1)


@pytest.mark.parametrize(("field", "value"), [("steps", -1), ("width", 0),
                                              ("left", 0.5)])
def test_trace_counts(field, value):
    args = {"steps": 0, "width": 1, "left": 0, field: value}
    with pytest.raises(EncodingError, match=rf"{field} must"):
        CoTTrace(encoding="tableau", vocabulary=tableau_vocabulary(get("bb2")),
                 prompt=[], cot=[], **args)


def test_encode_checks_word():
    with pytest.raises(ValueError, match=r"input symbol '2'"):
        encode(get("parity"), "12", encoding="tableau")


@pytest.mark.parametrize("field", ["left", "width"])
def test_window_fields_are_integers(field):
    args = {"left": 0, "width": 2, field: 1.5}
    with pytest.raises(EncodingError, match=rf"window {field} must be an integer"):
        TableauWindow(**args)


def test_window_width_positive():
    with pytest.raises(EncodingError, match=r"width must be >= 1, got 0"):
        TableauWindow(left=0, width=0)


# -- decode --------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", ["bb3", "palindrome", "0n1n", "unary-add"])
def test_decode_round_trip_zoo(name, encoding):
    m = get(name)
    word = {"bb3": "", "palindrome": "0110", "0n1n": "0011", "unary-add": "11+1"}[name]
    window, t = length_shape(m, len(word), max_steps=10_000)
    tr = encode(m, word, encoding=encoding, window=window, steps=t)
    assert decode(m, tr) == seen(m, word, window)


def _trace(m, encoding, cot, prompt=()):
    vocab = steplog_vocabulary(m)
    return CoTTrace(encoding=encoding, vocabulary=vocab,
                    prompt=[vocab.id(p) for p in prompt],
                    cot=[vocab.id(t) for t in cot], steps=len(cot), width=4, left=-2)


def test_decode_steplog_wrong_read():
    m = get("bb2")
    bad = _trace(
        m, "steplog", [StepToken("A", "1", "1", Move.LEFT), StopToken("B", "0")]
    )
    with pytest.raises(EncodingError, match=r"token 0.*does not match"):
        decode(m, bad)


def test_decode_steplog_missing_stop():
    m = get("bb2")
    bad = _trace(m, "steplog", [StepToken("A", "0", "1", Move.RIGHT)])
    with pytest.raises(EncodingError, match=r"no final stop token"):
        decode(m, bad)


def test_decode_steplog_step_after_stop():
    m = get("bb2")
    bad = _trace(
        m, "steplog", [StopToken("A", "0"), StepToken("A", "0", "1", Move.RIGHT)]
    )
    with pytest.raises(EncodingError, match=r"only stop tokens"):
        decode(m, bad)


def test_decode_steplog_wrong_stop():
    m = get("bb2")
    bad = _trace(m, "steplog", [StopToken("B", "0")])
    with pytest.raises(EncodingError, match=r"does not match"):
        decode(m, bad)


def test_decode_steplog_prompt_must_be_symbols():
    m = get("bb2")
    bad = _trace(m, "steplog", [StopToken("A", "0")], prompt=[StopToken("A", "0")])
    with pytest.raises(EncodingError, match=r"prompt token 0"):
        decode(m, bad)


def test_decode_steplog_head_leaves_window():
    m = get("bb2")
    tr = encode(m, encoding="steplog")
    narrow = CoTTrace(encoding="steplog", vocabulary=tr.vocabulary, prompt=tr.prompt,
                      cot=tr.cot, steps=tr.steps, width=2, left=0)
    with pytest.raises(EncodingError, match=r"leaves the window"):
        decode(m, narrow)


def test_decode_circuit_not_onehot():
    m = get("bb2")
    tr = encode(m, encoding="circuit")
    cot = tr.cot.copy()
    cot[0] = 1 - cot[0]
    bad = CoTTrace(encoding="circuit", vocabulary=tr.vocabulary, prompt=tr.prompt,
                   cot=cot, steps=tr.steps, width=tr.width, left=tr.left,
                   cell_names=tr.cell_names)
    with pytest.raises(EncodingError, match=r"row 1 is not one-hot"):
        decode(m, bad)


def test_decode_circuit_two_heads():
    m = get("bb2")
    tr = encode(m, encoding="circuit")
    v = len(tr.cell_names)
    prompt = tr.prompt.copy()
    prompt[0:v] = 0
    prompt[2] = 1  # cell 0 becomes head (A,0) too
    bad = CoTTrace(encoding="circuit", vocabulary=tr.vocabulary, prompt=prompt,
                   cot=tr.cot, steps=tr.steps, width=tr.width, left=tr.left,
                   cell_names=tr.cell_names)
    with pytest.raises(EncodingError, match=r"row 0 has 2 heads"):
        decode(m, bad)


def test_decode_circuit_ragged():
    m = get("bb2")
    tr = encode(m, encoding="circuit")
    bad = CoTTrace(encoding="circuit", vocabulary=tr.vocabulary, prompt=tr.prompt,
                   cot=tr.cot[:-1], steps=tr.steps, width=tr.width, left=tr.left)
    with pytest.raises(EncodingError, match=r"whole number of rows"):
        decode(m, bad)


# -- shapes --------------------------------------------------------------


def test_length_shape_is_worst_case():
    m = get("palindrome")
    window, t = length_shape(m, 4, max_steps=10_000)
    runs = [encode(m, [m.symbols[i] for i in w], encoding="tableau")
            for w in all_words(m, 4).tolist()]
    assert t == max(r.steps for r in runs)
    assert window.left == min(r.left for r in runs)


def test_length_shape_of_sample():
    m = get("parity")
    window, t = length_shape(m, 3, max_steps=100, inputs=["000"])
    assert (window.width, t) == (4, 4)


def test_length_shape_sample_length_mismatch():
    with pytest.raises(EncodingError, match=r"'10' has length 2, not n=3"):
        length_shape(get("parity"), 3, max_steps=100, inputs=["10"])


def test_length_shape_empty_sample():
    with pytest.raises(EncodingError, match=r"inputs is empty"):
        length_shape(get("parity"), 3, max_steps=100, inputs=[])


def test_length_shape_bad_n():
    with pytest.raises(EncodingError, match=r"n must be >= 0"):
        length_shape(get("parity"), -1, max_steps=100)


def test_length_shape_not_halting():
    with pytest.raises(StepLimitExceeded):
        length_shape(LOOP, 0, max_steps=100)


def test_all_words_too_many():
    with pytest.raises(EncodingError, match=r"more than"):
        all_words(get("parity"), 21)


def test_all_words_no_input_symbols():
    m = machine_from_table("a _ -> _ R done", input_symbols=[], name="blank-only")
    assert all_words(m, 0).shape == (1, 0)
    with pytest.raises(EncodingError, match=r"no input symbols"):
        all_words(m, 1)


# -- batch generation ----------------------------------------------------


def test_batch_equals_single_encodings():
    m = get("0n1n")
    window, t = length_shape(m, 4, max_steps=10_000)
    words = all_words(m, 4)
    batch = encode_tableau_batch(m, words, window=window, steps=t)
    for row, w in zip(batch, words.tolist(), strict=True):
        tr = encode_tableau(m, [m.symbols[i] for i in w], window=window, steps=t)
        assert (row == tr.tokens).all()
    assert not batch.flags.writeable


def test_batch_accepts_words_and_dtypes():
    m = get("parity")
    window, t = length_shape(m, 2, max_steps=100)
    a = encode_tableau_batch(m, ["10", "11"], window=window, steps=t, dtype=np.uint8)
    b = encode_tableau_batch(m, all_words(m, 2)[2:], window=window, steps=t)
    assert a.dtype == np.uint8 and (a == b).all()


def test_batch_mixed_lengths():
    with pytest.raises(EncodingError, match=r"one length"):
        encode_tableau_batch(get("parity"), ["1", "10"],
                             window=TableauWindow(left=0, width=3), steps=3)


def test_batch_bad_symbol_index():
    with pytest.raises(EncodingError, match=r"words\[0, 1\] = 0"):
        encode_tableau_batch(get("parity"), np.array([[1, 0]]),
                             window=TableauWindow(left=0, width=3), steps=3)


def test_batch_one_string():
    with pytest.raises(EncodingError, match=r"one string"):
        encode_tableau_batch(get("parity"), "10",
                             window=TableauWindow(left=0, width=3), steps=3)


def test_batch_dtype_too_small():
    m = get("bb2")
    with pytest.raises(EncodingError, match=r"cannot hold token ids"):
        encode_tableau_batch(m, [[]], window=TableauWindow(left=-2, width=4),
                             steps=6, dtype=np.float64)


def test_batch_unknown_engine():
    with pytest.raises(EncodingError, match=r"unknown engine"):
        encode_tableau_batch(get("bb2"), [[]], window=TableauWindow(left=-2, width=4),
                             steps=6, engine="cuda")


@pytest.mark.parametrize("engine", ["numba", "python"])
def test_batch_window_too_small(engine):
    with pytest.raises(EncodingError, match=r"head leaves it at step 4"):
        encode_tableau_batch(get("bb2"), [[]], window=TableauWindow(left=-1, width=3),
                             steps=6, engine=engine)


@pytest.mark.parametrize("engine", ["numba", "python"])
def test_batch_steps_too_few(engine):
    with pytest.raises(StepLimitExceeded, match=r"within 5 steps"):
        encode_tableau_batch(get("bb2"), [[]], window=TableauWindow(left=-2, width=4),
                             steps=5, engine=engine)


def test_batch_window_must_hold_input():
    with pytest.raises(EncodingError, match=r"input cells"):
        encode_tableau_batch(get("parity"), ["101"],
                             window=TableauWindow(left=0, width=2), steps=5)


# -- compiled circuit against the encoding -------------------------------


def test_compiled_circuit_rows_decode_to_run():
    m = get("increment")
    window, t = length_shape(m, 3, max_steps=1000)
    cm = compile_machine(m, 3, t, window)
    for w in ["000", "011", "111"]:
        values = cm.circuit.evaluate(cm.row0_bits(w))[0]
        tr = encode(m, w, encoding="circuit", window=window, steps=t)
        assert (values == tr.cot).all()
        assert (cm.row0_bits(w) == tr.prompt).all()
        rows = cm.rows(values)
        assert len(rows) == t


# -- token identity: kind and value, not tuple equality ----------------------

#: A tape symbol equal to the head cell (A,0): HeadCell is a NamedTuple, so
#: HeadCell("A", "0") == ("A", "0") and the two hash alike.
PAIR = ("A", "0")


def pair_machine():
    """Symbols 0, ("A", "0") and 1; state A; every rule writes or reads PAIR."""
    return TuringMachine(
        states=["A", "B", "Z"], symbols=["0", PAIR, "1"], start="A",
        halt_states=["Z"],
        transitions={
            ("A", "0"): (PAIR, "R", "B"), ("A", PAIR): (PAIR, "R", "B"),
            ("A", "1"): ("0", "R", "A"), ("B", "0"): ("1", "L", "A"),
            ("B", "1"): (PAIR, "L", "Z"), ("B", PAIR): ("0", "L", "Z"),
        },
    )


def test_vocabulary_keeps_a_tuple_symbol_apart_from_the_equal_head():
    v = tableau_vocabulary(pair_machine())
    assert v.id(PAIR) == 2 and v.token(2) == PAIR
    assert not isinstance(v.token(2), HeadCell)
    head = v.id(HeadCell("A", "0"))
    assert head == 4 and isinstance(v.token(head), HeadCell)
    assert list(v.ids(v.tokens)) == list(range(len(v)))


def test_steplog_vocabulary_keeps_a_tuple_symbol_apart_from_the_equal_stop():
    v = steplog_vocabulary(pair_machine())
    stop = v.id(StopToken("A", "0"))
    assert v.id(PAIR) == 1 != stop and isinstance(v.token(stop), StopToken)
    assert list(v.ids(v.tokens)) == list(range(len(v)))


def test_vocabulary_keeps_a_4_tuple_apart_from_the_equal_step():
    step = StepToken("A", "0", "1", Move.RIGHT)
    v = Vocabulary(tokens=(tuple(step), step))
    assert (v.id(tuple(step)), v.id(step)) == (0, 1)


def test_vocabularies_of_equal_tokens_of_other_kinds_differ():
    # the names differ too; the kinds alone must keep them apart
    a = Vocabulary(tokens=(HeadCell("A", "0"),))
    b = Vocabulary(tokens=(StopToken("A", "0"),))
    assert a != b


def test_vocabulary_refuses_equal_tokens_of_one_kind():
    with pytest.raises(EncodingError, match=r"'1' and '1.0' are equal tokens"):
        Vocabulary(tokens=(1, 1.0))


@pytest.mark.parametrize("word", [(), ("1",), (PAIR,), (PAIR, "1"), ("1", PAIR)])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip_with_a_symbol_equal_to_a_head(encoding, word):
    m = pair_machine()
    trace = encode(m, word, encoding=encoding)
    window = TableauWindow(left=trace.left, width=trace.width)
    assert decode(m, trace) == seen(m, word, window)


def test_tableau_of_a_symbol_equal_to_a_head():
    t = encode(pair_machine(), (PAIR,), encoding="tableau")
    assert t.render().splitlines()[:3] == [
        "# (A,('A', '0')) 0",
        "# ('A', '0') (B,0)",
        "# (A,('A', '0')) 1",
    ]


def test_circuit_cell_names_with_a_symbol_equal_to_a_head():
    t = encode(pair_machine(), encoding="circuit")
    assert t.cell_names[:5] == ("0", "('A', '0')", "1", "(A,0)", "(A,('A', '0'))")


def test_steplog_stop_then_a_symbol_equal_to_it_is_malformed():
    # A stops at once on the blank: the step log is the one token stop(A,0)
    m = TuringMachine(states=["A"], symbols=["0", PAIR], start="A", transitions={})
    t = encode(m, encoding="steplog")
    v = t.vocabulary
    assert list(t.cot) == [v.id(StopToken("A", "0"))]
    bad = CoTTrace(encoding="steplog", vocabulary=v, prompt=t.prompt,
                   cot=[*t.cot, v.id(PAIR)], steps=1, width=t.width, left=t.left)
    with pytest.raises(EncodingError, match=r"token 0: only stop tokens"):
        decode(m, bad)


def test_steplog_prompt_of_a_stop_equal_to_a_symbol_is_malformed():
    m = pair_machine()
    t = encode(m, encoding="steplog")
    v = t.vocabulary
    bad = CoTTrace(encoding="steplog", vocabulary=v,
                   prompt=[v.id(StopToken("A", "0"))], cot=t.cot, steps=t.steps,
                   width=t.width, left=t.left)
    with pytest.raises(EncodingError, match=r"prompt token 0 .* is not a symbol"):
        decode(m, bad)


def test_a_symbol_named_like_the_delimiter_is_refused_by_the_tableau():
    m = TuringMachine(states=["a", "b", "z"], symbols=["0", "#"], start="a",
                      halt_states=["z"],
                      transitions={("a", "0"): ("#", "R", "b"),
                                   ("b", "0"): ("0", "L", "z")})
    t = encode(m, encoding="steplog")  # the machine model allows it ...
    assert decode(m, t) == seen(m, (), TableauWindow(left=t.left, width=t.width))
    for encoding in ("tableau", "circuit"):  # ... the tableau names its delimiter so
        with pytest.raises(EncodingError, match=r"reserves the name '#'"):
            encode(m, encoding=encoding, max_steps=10)


def test_a_delimiter_inside_a_row_is_malformed():
    m = get("bb2")
    t = encode(m, encoding="tableau")
    cot = t.cot.copy()
    cot[1] = 0  # the delimiter where row 1's first cell should be
    bad = CoTTrace(encoding="tableau", vocabulary=t.vocabulary, prompt=t.prompt,
                   cot=cot, steps=t.steps, width=t.width, left=t.left)
    with pytest.raises(EncodingError, match=r"row 1 has '#' in cell 1"):
        decode(m, bad)


def test_a_symbol_that_is_a_head_cell_is_refused():
    m = TuringMachine(states=["A"], symbols=["0", HeadCell("X", "Y")], start="A",
                      transitions={})
    with pytest.raises(EncodingError, match=r"is a HeadCell, arcot's head token"):
        tableau_vocabulary(m)
    with pytest.raises(EncodingError, match=r"is a HeadCell"):
        steplog_vocabulary(m)
