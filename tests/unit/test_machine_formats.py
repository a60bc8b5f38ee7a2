"""Formats: standard text, tables, dicts, JSON, automata-lib, graphs."""

import json

import networkx as nx
import pytest

from arcot.errors import FormatError, MachineDefinitionError
from arcot.machine import (
    Move,
    TuringMachine,
    format_tm,
    from_automata,
    from_dict,
    from_json,
    load_machine,
    machine_from_table,
    parse_tm,
    run,
    save_machine,
    to_automata,
    to_dict,
    to_dot,
    to_json,
    to_networkx,
)
from arcot.zoo import ZOO

BB4 = "1RB1LB_1LA0LC_1RZ1LD_1RD0RA"


# -- standard text -----------------------------------------------------


@pytest.mark.parametrize("text", [e.machine for e in ZOO.values() if e.known])
def test_zoo_champions_round_trip(text):
    assert parse_tm(format_tm(text)) == text


@pytest.mark.parametrize(
    "text",
    ["1RB1LB_1LA1RZ", "1RB---_1LA1RZ", "1RB2LA1RZ_2LB2RA0RA", "1RB1RH_0LA---", BB4],
)
def test_text_round_trips_exactly(text):
    assert format_tm(parse_tm(text)) == text


def test_halt_letter_past_last_state():
    tm = parse_tm("1RB1RC_1LA1LB")
    assert tm.halt_states == frozenset({"C"})
    assert run(tm, max_steps=100).state == "C"


def test_undefined_transition_is_missing():
    tm = parse_tm("1RB---_1LA1RZ")
    assert ("A", "1") not in tm.transitions


def test_spaced_form():
    assert parse_tm("1RB 1LB 1LA 1RZ").n_symbols == 4  # one line is one state
    assert parse_tm("1RB 1LB  1LA 1RZ") == parse_tm("1RB1LB_1LA1RZ")
    assert parse_tm("1RB ...\n1LA 1RZ") == parse_tm("1RB---_1LA1RZ")
    assert format_tm(parse_tm("1RB---_1LA1RZ"), spaced=True) == "1RB ...  1LA 1RZ"


@pytest.mark.parametrize(
    ("text", "message", "state", "symbol", "position"),
    [
        ("1RB1LB_1LA1XZ", "state B, symbol 1 .*bad move 'X'", "B", "1", 11),
        ("1RB1LB_1LA2RZ", "state B, symbol 1 .*bad symbol '2'", "B", "1", 10),
        ("1RB1LB_1LA1R?", "state B, symbol 1 .*bad state '\\?'", "B", "1", 12),
        ("1RB1LB_1LA1R", "state B .*not a whole number", "B", None, 7),
        ("1RB1LB_1LA", "state B .*has 1 transitions, state A has 2", "B", None, 7),
        ("1RB 1LB  1LA 1RZZ", "state B, symbol 1 .*not a 3-character", "B", "1", 13),
    ],
)
def test_parse_errors_point_at_state_and_symbol(text, message, state, symbol, position):
    with pytest.raises(FormatError, match=message) as info:
        parse_tm(text)
    assert (info.value.state, info.value.symbol, info.value.position) == (
        state,
        symbol,
        position,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty machine text"),
        ("   ", "empty machine text"),
        (42, "must be a string"),
    ],
)
def test_parse_rejects_non_machines(text, message):
    with pytest.raises(FormatError, match=message):
        parse_tm(text)


def test_format_refuses_what_the_text_cannot_hold():
    stay = machine_from_table("a 1 -> 1 N b")
    with pytest.raises(FormatError, match="stays put"):
        format_tm(stay)
    halting_start = TuringMachine(
        states=["H"], symbols=["0"], start="H", halt_states=["H"], transitions={}
    )
    with pytest.raises(FormatError, match="start state 'H' halts"):
        format_tm(halting_start)


def test_format_renames_states_and_symbols():
    tm = machine_from_table("go 1 -> x R go\ngo _ -> _ L stop")
    assert format_tm(tm) == "0LZ2RA---"


# -- tables ------------------------------------------------------------


def test_table_defaults():
    tm = machine_from_table(
        """
        # comment line
        q0 1 -> 0 R q1   # trailing comment
        q1, 0: 1, L, q0
        q1 _ → _ N halt
        """
    )
    assert tm.start == "q0"
    assert tm.halt_states == frozenset({"halt"})
    assert tm.transitions["q1", "_"].move is Move.STAY
    assert tm.blank == "_"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("q0 1 -> 0 R", "line 1: expected 'state symbol -> write move next'"),
        (
            "q0 1 -> 0 R q1\nq0 1 -> 1 L q1",
            "line 2: a second rule for state 'q0' "
            "reading '1' \\(the first is on line 1\\)",
        ),
        ("\n\nq0 1 -> 0 X q1", "line 3: bad move 'X'"),
        ("# nothing", "no rules"),
    ],
)
def test_table_errors_name_the_line(table, message):
    with pytest.raises(FormatError, match=message):
        machine_from_table(table)


def test_table_explicit_start_halts_and_inputs():
    tm = machine_from_table(
        "a 1 -> 1 R b\nb 1 -> 1 R a",
        start="b",
        halt_states=["z"],
        input_symbols=["1"],
    )
    assert tm.start == "b"
    assert tm.halt_states == frozenset({"z"})


# -- dicts and JSON ----------------------------------------------------


def test_dict_round_trip_zoo():
    for entry in ZOO.values():
        assert from_dict(to_dict(entry.machine)) == entry.machine


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("initial_state"), "missing key 'initial_state'"),
        (lambda d: d.update(colour="red"), "unknown key 'colour'"),
        (lambda d: d.update(transitions=[1]), "'transitions' must map"),
        (lambda d: d["transitions"].update(A=5), r"transitions\['A'\] must map"),
        (
            lambda d: d["transitions"]["A"].update({"0": ["B", "1"]}),
            r"transitions\['A'\]\['0'\] must be",
        ),
        (lambda d: d.update(states="AB"), "'states' must be a collection"),
    ],
)
def test_dict_errors(mutate, message):
    d = to_dict(parse_tm("1RB1LB_1LA1RZ"))
    mutate(d)
    with pytest.raises(FormatError, match=message):
        from_dict(d)


def test_dict_errors_from_the_model_name_the_transition():
    d = to_dict(parse_tm("1RB1LB_1LA1RZ"))
    d["transitions"]["A"]["0"] = ["Q", "1", "R"]
    with pytest.raises(MachineDefinitionError, match="goes to unknown state 'Q'"):
        from_dict(d)


def test_json_round_trip_and_files(tmp_path):
    tm = ZOO["palindrome"].machine
    assert from_json(to_json(tm)) == tm
    path = tmp_path / "pal.json"
    save_machine(tm, path)
    assert load_machine(path) == tm
    (tmp_path / "bb2.tm").write_text("1RB1LB_1LA1RZ\n")
    assert load_machine(tmp_path / "bb2.tm") == parse_tm("1RB1LB_1LA1RZ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "must hold an object"),
        ('{"format": "other"}', "unknown format 'other'"),
        (
            '{"format": "arcot-machine", "version": 9}',
            "unsupported machine file version",
        ),
    ],
)
def test_json_errors(text, message):
    with pytest.raises(FormatError, match=message):
        from_json(text)


def test_json_needs_string_names():
    tm = TuringMachine(
        states=[0, 1], symbols=["0"], start=0, halt_states=[1], transitions={}
    )
    with pytest.raises(FormatError, match="string names"):
        to_json(tm)


def test_load_errors(tmp_path):
    with pytest.raises(FormatError, match="cannot read machine file"):
        load_machine(tmp_path / "missing.json")
    bad = tmp_path / "bad.tm"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(FormatError, match="not UTF-8"):
        load_machine(bad)


# -- automata-lib ------------------------------------------------------


def canonical(tm):
    """A machine up to the order of its states and symbols (sets lose it)."""
    return (
        frozenset(tm.states),
        frozenset(tm.symbols),
        tm.blank,
        tm.start,
        tm.halt_states,
        frozenset(tm.input_symbols),
        dict(tm.transitions),
    )


@pytest.mark.parametrize("name", ["increment", "palindrome", "0n1n", "parity"])
def test_automata_round_trip_and_same_runs(name):
    pytest.importorskip("automata")
    tm = ZOO[name].machine
    dtm = to_automata(tm)
    assert canonical(from_automata(dtm)) == canonical(tm)
    for word in ["", "0", "1", "0110", "0011", "1011"]:
        ours = run(tm, word, max_steps=1000)
        configs = list(dtm.read_input_stepwise(word))
        assert len(configs) - 1 == ours.steps
        assert configs[-1].state == ours.state


def test_automata_refusals():
    pytest.importorskip("automata")
    with pytest.raises(MachineDefinitionError, match="forbids the blank"):
        to_automata(
            parse_tm("1RB1LB_1LA1RZ").__class__(
                states=["A", "Z"],
                symbols=["0", "1"],
                start="A",
                halt_states=["Z"],
                input_symbols=["0", "1"],
                transitions={("A", "0"): ("1", "R", "Z")},
            )
        )
    with pytest.raises(FormatError, match="not an automata-lib DTM"):
        from_automata(object())


# -- graphs ------------------------------------------------------------


def test_networkx_and_dot():
    tm = parse_tm("1RB1LB_1LA1RZ", name="bb2")
    g = to_networkx(tm)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_edges() == 4
    assert g.nodes["A"]["start"]
    assert g.nodes["Z"]["halt"]
    labels = sorted(d["label"] for _, _, d in g.edges(data=True))
    assert labels == ["0/1,L", "0/1,R", "1/1,L", "1/1,R"]
    dot = to_dot(tm)
    assert dot.startswith('digraph "bb2" {')
    assert '"Z" [shape=doublecircle];' in dot
    assert '"B" -> "Z" [label="1/1,R"];' in dot
    json.dumps(to_dict(tm))  # JSON-friendly


def test_two_rules_for_one_key_is_a_duplicate_error():
    from arcot.errors import DuplicateError, DuplicateTransitionError

    with pytest.raises(DuplicateTransitionError) as info:
        machine_from_table("q 1 -> 1 R q\nq 1 -> 0 L q")
    assert isinstance(info.value, DuplicateError)
    assert (info.value.state, info.value.symbol, info.value.position) == ("q", "1", 2)


def test_resolve_machine_takes_standard_text_longer_than_a_file_name():
    """Was: Path.is_file() raised OSError ('File name too long') on the text
    of a 25-state, 10-symbol machine (775 characters)."""
    from arcot.zoo import resolve_machine

    group = "".join(f"{d}RB" for d in range(10))
    text = "_".join([group] * 24 + ["---" * 10])
    m = resolve_machine(text)
    assert (m.n_states, m.n_symbols) == (25, 10)


def test_standard_text_digits_are_ascii():
    """Was: '²'.isdigit() is True, and int('²') a ValueError traceback."""
    from arcot.errors import FormatError

    with pytest.raises(FormatError, match="bad symbol '²'"):
        parse_tm("²RB1LB_1LA1RZ")


def test_lower_case_standard_text_reads_as_upper_case():
    from arcot.machine.formats import parse_tm

    assert parse_tm("1rb1lb_1la1rz") == parse_tm("1RB1LB_1LA1RZ")
    assert parse_tm("1rb 1lb  1la 1rz") == parse_tm("1RB1LB_1LA1RZ")


def test_load_machine_reads_every_file_format(tmp_path):
    from arcot.errors import FormatError
    from arcot.machine import load_machine, machine_from_table, parse_tm, save_machine

    table = "flip 0 -> 1 R flip  # a comment\nflip 1 -> 0 R flip\nflip _ -> _ L done\n"
    (tmp_path / "flip.tm").write_text(table)
    assert load_machine(tmp_path / "flip.tm") == machine_from_table(table)
    (tmp_path / "bb3.txt").write_text("1RB 1RZ  1LB 0RC  1LC 1LA\n")  # spaced text
    assert load_machine(tmp_path / "bb3.txt") == parse_tm("1RB1RZ_1LB0RC_1LC1LA")
    save_machine(parse_tm("1RB1LB_1LA1RZ"), tmp_path / "bb2.json")
    assert load_machine(tmp_path / "bb2.json") == parse_tm("1RB1LB_1LA1RZ")
    (tmp_path / "two.tm").write_text("c 1,_ -> 1,1 R,R c\n")
    with pytest.raises(FormatError, match="k-tape table"):
        load_machine(tmp_path / "two.tm")
    (tmp_path / "bad.json").write_text("{bad")
    with pytest.raises(FormatError, match="not JSON"):
        load_machine(tmp_path / "bad.json")
