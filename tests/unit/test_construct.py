"""arcot.construct: one test per validation rule, and the constructions."""

from fractions import Fraction

import numpy as np
import pytest

from arcot.circuit import Gate, ThresholdCircuit, all_bit_inputs, parity_circuit
from arcot.construct import (
    CircuitPredictor,
    ExactWeights,
    additive_tableau_weights,
    as_exact,
    circuit_weights,
    pairwise_tableau_weights,
    tableau_weights,
)
from arcot.cot import tableau_vocabulary
from arcot.errors import ConstructionError, EncodingError
from arcot.learn.features import Coord, feature_dimension
from arcot.machine import TuringMachine, machine_from_table
from arcot.verify.exact import verify_exact
from arcot.zoo import get

M0 = Coord("M", ("0",))

# -- as_exact ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, Fraction(3)),
        (Fraction(1, 3), Fraction(1, 3)),
        (0.75, Fraction(3, 4)),
        (0.1, Fraction(3602879701896397, 36028797018963968)),  # exact, not 1/10
        (np.float64(0.5), Fraction(1, 2)),
        (np.float32(0.1), Fraction(13421773, 134217728)),
        (np.int64(-2), Fraction(-2)),
        ("-4/6", Fraction(-2, 3)),
        (" 7 ", Fraction(7)),
    ],
)
def test_as_exact_converts_exactly(value, expected):
    assert as_exact(value) == expected
    assert isinstance(as_exact(value), Fraction)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (True, "boolean"),
        (np.bool_(False), "boolean"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        ("1/0", "'p/q'"),
        ("1/00", "'p/q'"),
        ("abc", "'p/q'"),
        ("1.5", "'p/q'"),
        ([1], "list"),
        (None, "NoneType"),
        (1j, "complex"),
    ],
)
def test_as_exact_refuses_non_numbers_naming_the_value(value, words):
    with pytest.raises(ConstructionError, match="weight") as info:
        as_exact(value)
    assert words in str(info.value)


def test_as_exact_names_the_field():
    with pytest.raises(ConstructionError, match=r"^margin nan"):
        as_exact(float("nan"), name="margin")


# -- ExactWeights validation --------------------------------------------


def test_weights_kind_must_be_known():
    with pytest.raises(ConstructionError, match="kind 'cubic'"):
        ExactWeights(kind="cubic", rows={})


def test_weights_rows_must_be_a_mapping():
    with pytest.raises(ConstructionError, match="rows must be a mapping"):
        ExactWeights(kind="additive", rows=[("0", {})])


def test_weights_output_must_be_a_name():
    with pytest.raises(ConstructionError, match="output token 3"):
        ExactWeights(kind="additive", rows={3: {M0: 1}})


def test_weights_row_must_be_a_mapping():
    with pytest.raises(ConstructionError, match="row '0'"):
        ExactWeights(kind="additive", rows={"0": [1]})


def test_weights_coordinate_must_be_a_pair():
    with pytest.raises(ConstructionError, match="not a Coord"):
        ExactWeights(kind="additive", rows={"0": {"M:0": 1}})


def test_weights_slot_must_fit_the_kind():
    with pytest.raises(ConstructionError, match="slot 'LM' is not one of L, M, R"):
        ExactWeights(kind="additive", rows={"0": {Coord("LM", ("0", "0")): 1}})
    with pytest.raises(ConstructionError, match="slot 'L' is not one of M, LM, MR"):
        ExactWeights(kind="pairwise", rows={"0": {Coord("L", ("0",)): 1}})


def test_weights_slot_arity():
    with pytest.raises(ConstructionError, match="needs 2 token name"):
        ExactWeights(kind="pairwise", rows={"0": {Coord("LM", ("0",)): 1}})


def test_weights_token_names_are_strings():
    with pytest.raises(ConstructionError, match="needs 1 token name"):
        ExactWeights(kind="additive", rows={"0": {Coord("M", (0,)): 1}})


def test_weights_values_go_through_as_exact():
    with pytest.raises(ConstructionError, match=r"weight of '0' at M:0"):
        ExactWeights(kind="additive", rows={"0": {M0: float("inf")}})


def test_weights_canonical_zero_and_empty_rows_dropped():
    w = ExactWeights(kind="additive", rows={"0": {M0: 0.0}, "1": {M0: 0.5}})
    assert w.rows == {"1": {M0: Fraction(1, 2)}}
    assert w == ExactWeights(kind="additive", rows={"1": {Coord("M", "0"): "1/2"}})
    assert w.n_weights == 1
    assert w.by_coord == {M0: {"1": Fraction(1, 2)}}


def test_weights_score_and_rename():
    w = ExactWeights(
        kind="additive",
        rows={"1": {M0: 2, Coord("L", ("#",)): 1}, "x": {M0: 1}},
    )
    assert w.score([Coord("L", ("#",)), M0]) == {"1": 3, "x": 1}
    renamed = w.renamed({"1": "one", "0": "zero", "#": "#"})
    assert renamed.rows == {"one": {Coord("M", ("zero",)): 2, Coord("L", ("#",)): 1}}


def test_from_dense_roundtrip_of_every_column():
    vocab = tableau_vocabulary(get("bb2"))
    v = len(vocab)
    for kind in ("additive", "pairwise"):
        from arcot.learn.features import feature_index

        m = np.zeros((v, feature_dimension(kind, v)))
        m[2, list(feature_index(kind, v, 3, 1, 4))] = [0.25, -1.0, 3.0]
        w = ExactWeights.from_dense(kind, vocab, m)
        from arcot.learn.features import window_coords

        assert set(w.rows["1"]) == set(window_coords(kind, vocab, 3, 1, 4))
        assert sorted(w.rows["1"].values()) == [-1, Fraction(1, 4), 3]


def test_from_dense_checks_shape_and_kind():
    vocab = tableau_vocabulary(get("bb2"))
    with pytest.raises(ConstructionError, match="shape"):
        ExactWeights.from_dense("additive", vocab, np.zeros((3, 3)))
    with pytest.raises(ConstructionError, match="kind 'cubic'"):
        ExactWeights.from_dense("cubic", vocab, np.zeros((3, 3)))


def test_from_dense_refuses_nan():
    vocab = tableau_vocabulary(get("bb2"))
    m = np.zeros((len(vocab), 3 * len(vocab)))
    m[0, 0] = np.nan
    with pytest.raises(ConstructionError, match="not a finite number"):
        ExactWeights.from_dense("additive", vocab, m)


# -- tableau constructions -----------------------------------------------


STAY_AND_UNDEFINED = machine_from_table(
    """
    a 0 -> 1 N b      # stay moves
    a 1 -> 0 R a
    b 1 -> 1 L a
    b _ -> 0 N halt
    """,
    blank="_",
    name="stay",
)  # (b, 0) and (a, _) are undefined: the machine stops there


@pytest.mark.parametrize("kind", ["additive", "pairwise"])
@pytest.mark.parametrize(
    "machine",
    [get("bb2"), get("bb4"), get("increment"), get("palindrome"), STAY_AND_UNDEFINED],
    ids=lambda m: m.name,
)
def test_constructions_verify_on_every_window(machine, kind):
    result = verify_exact(tableau_weights(machine, kind), machine)
    assert result.verified and result.min_margin == 1


def test_additive_weights_are_theory_fact_1():
    w = additive_tableau_weights(get("bb2"))  # A: 0->1RB, 1->1LB; B: 0->1LA, 1->1RZ
    c = lambda slot, t: Coord(slot, (t,))  # noqa: E731
    assert w.rows["#"] == {c("M", "#"): 5}
    assert w.rows["0"] == {c("M", "0"): 2}
    assert w.rows["1"][c("M", "1")] == 2
    assert w.rows["1"][c("M", "(A,0)")] == 4  # (A,0) writes 1 and moves
    assert w.rows["(B,0)"][c("L", "(A,0)")] == 2  # moves right into B
    assert w.rows["(B,0)"][c("R", "(A,1)")] == 2  # moves left into B
    assert w.rows["(Z,1)"][c("M", "(Z,1)")] == 4  # a halted head stays
    assert w.rows["(Z,1)"][c("M", "1")] == 1


def test_delimiter_weight_five_is_needed_for_two_head_delimiter_windows():
    """Regression: with an earlier draft's B[#,#] = 4, the window ((A,0), #, (A,1))
    of bb2 (a head at the end of one row moving right, a head at the start
    of the next moving left, both into B) ties. The windows scope checks
    every (x, #, y): two-head delimiter windows do occur (tableaux 1 or 2
    cells wide), though not this one, whose heads leave the window."""
    w = additive_tableau_weights(get("bb2"))
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["#"] = {Coord("M", ("#",)): 4}
    result = verify_exact(ExactWeights(kind="additive", rows=rows), get("bb2"))
    assert not result.verified
    assert result.failures > 0
    assert verify_exact(w, get("bb2")).verified


def test_pairwise_scores_are_one_hot():
    machine = get("bb3")
    w = pairwise_tableau_weights(machine)
    vocab = tableau_vocabulary(machine)
    from arcot.learn.features import window_coords
    from arcot.verify.exact import checked_windows

    for a, b, c in checked_windows(vocab):
        if vocab.names[b] == "#":
            continue
        scores = {y: s for y, s in w.score(window_coords("pairwise", vocab, a, b, c))
                  .items() if s}
        assert list(scores.values()) == [1]


def test_tableau_weights_feature_kind():
    with pytest.raises(ConstructionError, match="features 'cubic'"):
        tableau_weights(get("bb2"), "cubic")


def test_constructions_need_distinct_token_names():
    clash = TuringMachine(
        states=[1, "1"], symbols=["0"], start=1, transitions={}, blank="0"
    )
    with pytest.raises(EncodingError, match="share the name"):
        additive_tableau_weights(clash)
    with pytest.raises(EncodingError, match="share the name"):
        pairwise_tableau_weights(clash)


# -- circuits (Thm 3.8) ----------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_circuit_predictor_rolls_out_the_circuit(n):
    circuit = parity_circuit(n)
    predictor = circuit_weights(circuit)
    cots = circuit.evaluate_all()
    for bits, cot in zip(all_bit_inputs(n), cots, strict=True):
        assert predictor.rollout(bits.tolist()) == tuple(int(x) for x in cot)
        assert predictor.rollout(bits.tolist())[-1] == sum(bits) % 2


def test_circuit_weights_need_threshold_gates():
    circuit = ThresholdCircuit(n_inputs=2, gates=[Gate.parity("p", ["x0", "x1"])])
    with pytest.raises(ConstructionError, match="not linear thresholds"):
        circuit_weights(circuit)


def test_circuit_predictor_reads_only_inputs_and_earlier_tokens():
    with pytest.raises(ConstructionError, match=r"position 0 \('g'\) reads 'h'"):
        CircuitPredictor(n_inputs=1, positions=(("g", {"h": 1}, 1),))


def test_circuit_predictor_n_inputs_is_an_integer():
    with pytest.raises(ConstructionError, match="n_inputs"):
        CircuitPredictor(n_inputs=True, positions=())


def test_circuit_predictor_threshold_is_exact():
    with pytest.raises(ConstructionError, match="threshold 0"):
        CircuitPredictor(n_inputs=1, positions=(("g", {"x0": 1}, float("nan")),))


def test_circuit_rollout_needs_the_right_number_of_bits():
    predictor = circuit_weights(parity_circuit(2))
    with pytest.raises(ConstructionError, match="expected 2 input bits, got 3"):
        predictor.rollout([0, 1, 1])


def test_as_exact_is_the_only_float_to_fraction_conversion():
    """In construct and verify, floats become rationals in as_exact alone."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "arcot"
    files = [root / "construct.py", *sorted((root / "verify").glob("*.py"))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        owner = {}
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                for node in ast.walk(fn):
                    owner.setdefault(id(node), fn.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Fraction"
                and node.args
                and isinstance(node.args[0], ast.Call)
                and getattr(node.args[0].func, "id", None) == "float"
            ):
                assert owner.get(id(node)) == "as_exact", f"{path}:{node.lineno}"
