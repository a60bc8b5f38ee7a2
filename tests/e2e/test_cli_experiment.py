"""``arcot experiment`` as a user runs it: tables, JSON, plots, bad input."""

import json

import pytest

from tests.e2e.conftest import assert_one_error_line


def test_parity_json_rows(arcot_cli):
    r = arcot_cli("experiment", "parity", "--n", "5..6", "--k", "3", "--seeds", "1",
                  "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert [row["n"] for row in out["rows"]] == [5, 6]
    for row in out["rows"]:
        assert {"no_cot_accuracy", "cot_accuracy", "verified"} <= set(row)
        assert row["verified"] is True and row["cot_accuracy"] == 1.0
        assert abs(row["no_cot_accuracy"] - 0.5) <= 0.1
    assert [(c["n"], c["k"]) for c in out["chain"]] == [(5, 3), (6, 3)]


def test_parity_table_and_plot(arcot_cli, tmp_path):
    pytest.importorskip("matplotlib")
    plot = tmp_path / "parity.png"
    r = arcot_cli("experiment", "parity", "--n", "4,6", "--seeds", "1",
                  "--plot", str(plot))
    assert r.code == 0, r.err
    assert "no CoT lstsq" in r.out and "verified" in r.out
    assert plot.stat().st_size > 0


def test_curve_json(arcot_cli):
    r = arcot_cli("experiment", "curve", "zoo:increment", "--n", "2", "--sizes",
                  "1,8", "--seeds", "2", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert out["machine"] == "zoo:increment" and out["holds"] is True
    assert {row["k"] for row in out["rows"]} == {1, 8}
    for row in out["rows"]:
        assert row["rollout"] <= row["teacher_forced"]


def test_multiplication_lstsq_and_proven(arcot_cli):
    r = arcot_cli("experiment", "multiplication", "--digits", "2", "--models",
                  "lstsq", "--test-pairs", "200", "--max-train", "2000", "--json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)["rows"]
    assert [(row["format"], row["sequence_tokens"]) for row in rows] == [
        ("cot", 77), ("no_cot", 11)]
    for row in rows:
        assert row["test_pairs"] == 200 and row["verified"] is None
        assert 0 <= row["exact_match"] <= 1


def test_multiplication_proven_row(arcot_cli):
    r = arcot_cli("experiment", "multiplication", "--digits", "2", "--models",
                  "proven", "--test-pairs", "20")
    assert r.code == 0, r.err
    assert "tableau" in r.out and "proof (" in r.out
    line = next(x for x in r.out.splitlines() if "tableau" in x)
    assert line.split()[-1] == "yes"  # proven on every window


@pytest.mark.parametrize(("args", "message"), [
    (("nosuch",), "unknown experiment 'nosuch'"),
    (("parity", "--digits", "2"), "--digits is for multiplication, not parity"),
    (("curve",), "curve takes a MACHINE"),
    (("parity", "zoo:bb2"), "parity takes no MACHINE"),
    (("multiplication", "--models", "lstsq,gpt"), "--models 'lstsq,gpt'"),
    (("multiplication", "--formats", "cot,words"), "--formats 'cot,words'"),
    (("parity", "--n", "9..3"), "A..B needs A <= B"),
    (("multiplication", "--digits", "9"), "--digits"),
])
def test_bad_input_is_one_error_line(arcot_cli, args, message):
    r = arcot_cli("experiment", *args)
    assert_one_error_line(r)
    assert message in r.err


def test_parity_past_the_exhaustive_limit_exits_3(arcot_cli):
    from arcot.experiments.parity import MAX_N

    r = arcot_cli("experiment", "parity", "--n", str(MAX_N + 1))
    assert_one_error_line(r, code=3)


def test_multiplication_mlp_through_jax(arcot_cli):
    pytest.importorskip("jax")
    pytest.importorskip("optax")
    r = arcot_cli("experiment", "multiplication", "--digits", "2", "--models", "mlp",
                  "--formats", "no_cot", "--steps", "5", "--width", "8",
                  "--test-pairs", "50", "--json")
    assert r.code == 0, r.err
    (row,) = json.loads(r.out)["rows"]
    assert row["model"] == "mlp" and row["format"] == "no_cot"
    assert row["test_pairs"] == 50 and row["verified"] is None


def test_no_gpu_is_one_error_line(arcot_cli):
    pytest.importorskip("jax")
    import jax

    if any(d.platform == "gpu" for d in jax.devices()):
        pytest.skip("this machine has a GPU")
    r = arcot_cli("experiment", "multiplication", "--models", "mlp", "--device", "gpu",
                  "--steps", "1")
    assert_one_error_line(r)
    assert "gpu" in r.err.lower()
