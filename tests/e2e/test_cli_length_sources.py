"""arcot length with a function given each way a user has one: a name, a
family, a truth table (0/1 or hex), a circuit file, a module or a file of
their own, a machine; and each kind of bad input as one error line."""

import json

import pytest

from tests.e2e.conftest import assert_one_error_line


def rows_of(r):
    assert r.code in (0, 1), r.err
    return json.loads(r.out)["rows"]


def test_a_named_function_and_a_family(arcot_cli):
    rows = rows_of(arcot_cli("length", "--function", "inner-product", "--scheme",
                             "minimal", "--n-max", "4", "--json"))
    assert all(row["verified"] for row in rows)
    rows = rows_of(arcot_cli("length", "--function", "exact:2", "--scheme",
                             "minimal", "--n-max", "3", "--json"))
    assert [row["cot_tokens"] for row in rows] == [1, 1, 2]
    r = arcot_cli("length", "--function", "sparse-parity:0,2", "--scheme",
                  "threshold-log", "--n-max", "3")
    assert_one_error_line(r)  # a named function that is not parity
    assert "parity construction" in r.err


def test_a_circuit_file_checked_per_orbit(arcot_cli, tmp_path):
    from arcot.circuit import Gate, ThresholdCircuit, all_bit_inputs, parity_circuit

    # parity's circuit with x4 weighted apart in its first gate: the file's
    # function has the classes {x0..x3}, {x4}; checked per orbit, exactly
    gates = list(parity_circuit(5).gates)
    weights = dict(gates[0].weights)
    weights["x4"] = 2
    gates[0] = Gate(name=gates[0].name, weights=weights, threshold=gates[0].threshold)
    path = tmp_path / "tilted.json"
    tilted = ThresholdCircuit(n_inputs=5, gates=gates)
    tilted.save(path)
    first_wrong = next(
        "".join(map(str, x)) for x in all_bit_inputs(5).tolist()
        if tilted.cot(x)[-1] != sum(x) % 2)
    r = arcot_cli("length", "--function", f"circuit:{path}", "--scheme",
                  "threshold-log", "--json")
    assert r.code == 1
    (row,) = json.loads(r.out)["rows"]
    assert (row["check"], row["checked"], row["verified"]) == ("orbits", 10, False)
    assert row["counterexample"] == first_wrong  # the first of all 32


def test_a_truth_table_file(arcot_cli, tmp_path):
    (tmp_path / "xor3.tt").write_text("0110\n1001\n")
    r = arcot_cli("length", "--function", f"table:{tmp_path / 'xor3.tt'}",
                  "--scheme", "minimal")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[2].split()[:6] == ["3", "2", "4", "2", "yes", "exhaustive"]
    (tmp_path / "xor3.hex").write_text("69")
    rows = rows_of(arcot_cli("length", "--function",
                             f"table:{tmp_path / 'xor3.hex'}", "--scheme",
                             "threshold-log", "--n-max", "3", "--json"))
    assert [(row["n"], row["verified"]) for row in rows] == [(3, True)]


def test_a_truth_table_of_the_wrong_length_is_one_error(arcot_cli, tmp_path):
    (tmp_path / "bad.tt").write_text("011")
    r = arcot_cli("length", "--function", f"table:{tmp_path / 'bad.tt'}",
                  "--scheme", "minimal")
    assert_one_error_line(r)
    assert "3 bits, not a power of two" in r.err
    (tmp_path / "four.tt").write_text("0110")
    r = arcot_cli("length", "--function", f"table:{tmp_path / 'four.tt'}",
                  "--scheme", "minimal", "--n-max", "3")
    assert_one_error_line(r)
    assert "defined on 2 bits only" in r.err


def test_a_circuit_file_written_then_read(arcot_cli, tmp_path):
    pattern = str(tmp_path / "parity-{n}.json")
    r = arcot_cli("length", "--function", "parity", "--scheme", "threshold-log",
                  "--n-max", "6", "--write-circuit", pattern)
    assert r.code == 0, r.err
    assert r.out.count("circuit saved to") == 6
    saved = tmp_path / "parity-6.json"
    assert json.loads(saved.read_text())["n_inputs"] == 6
    rows = rows_of(arcot_cli("length", "--function", f"circuit:{saved}", "--scheme",
                             "chain:3", "--json"))
    assert [(row["n"], row["verified"], row["check"]) for row in rows] == [
        (6, True, "symmetric")]
    single = tmp_path / "last.json"
    obj = json.loads(arcot_cli("length", "--function", "majority", "--scheme",
                               "minimal", "--n-max", "3", "--write-circuit",
                               str(single), "--json").out)
    assert obj["circuits_written"] == [str(single)]
    rows = rows_of(arcot_cli("length", "--function", f"circuit:{single}", "--scheme",
                             "minimal", "--json"))
    assert rows[0]["cot_tokens"] == 1  # majority of 3 is one threshold gate


@pytest.mark.parametrize(("text", "words"), [
    ("{", "not JSON"),
    ('{"format": "arcot-circuit", "n_inputs": 1, "gates": [{"name": "g", '
     '"weights": {"y": 1}, "threshold": 1}]}', "source 'y' does not exist"),
    ('{"format": "arcot-circuit", "n_inputs": 1, "gates": [{"name": "g", '
     '"weights": {"x0": 0.5}, "threshold": 1}]}', "must be an integer, got 0.5"),
])
def test_a_bad_circuit_file_is_one_error(arcot_cli, tmp_path, text, words):
    path = tmp_path / "c.json"
    path.write_text(text)
    r = arcot_cli("length", "--function", f"circuit:{path}", "--scheme", "minimal")
    assert_one_error_line(r)
    assert words in r.err


def test_a_users_module_and_file(arcot_cli, tmp_path, monkeypatch):
    (tmp_path / "my_targets.py").write_text(
        "def first(x):\n    return x[0]\n\ndef two(x):\n    return 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    rows = rows_of(arcot_cli("length", "--function", "my_targets:first", "--scheme",
                             "minimal", "--n-max", "3", "--json"))
    assert [row["cot_tokens"] for row in rows] == [1, 1, 1]
    rows = rows_of(arcot_cli("length", "--function",
                             f"{tmp_path / 'my_targets.py'}:first", "--scheme",
                             "minimal", "--n-max", "2", "--json"))
    assert all(row["check"] == "exhaustive" for row in rows)


@pytest.mark.parametrize(("spec", "words"), [
    ("no_such_module_anywhere:f", "cannot import 'no_such_module_anywhere'"),
    ("{dir}/my_targets.py:two", "must return 0/1 or a bool, got 2"),
    ("{dir}/my_targets.py:absent", "has no function 'absent'"),
    ("{dir}/nothing.py:f", "no file"),
    ("table:{dir}/nothing.tt", "no file"),
    ("circuit:{dir}/nothing.json", "cannot read circuit file"),
])
def test_a_function_that_cannot_be_had_is_one_error(arcot_cli, tmp_path, spec,
                                                   words):
    (tmp_path / "my_targets.py").write_text("def two(x):\n    return 2\n")
    r = arcot_cli("length", "--function", spec.format(dir=tmp_path), "--scheme",
                  "minimal", "--n-max", "2")
    assert_one_error_line(r)
    assert words in r.err


def test_a_machine_as_the_function(arcot_cli):
    r = arcot_cli("length", "zoo:palindrome", "--scheme", "minimal", "--n-max", "4")
    assert r.code == 0, r.err
    assert "machine tableau" in r.out.splitlines()[1]
    assert r.out.splitlines()[5].split()[-1] == "90"
    assert "read by its accept convention" in r.out
    obj = json.loads(arcot_cli("length", "zoo:parity", "--scheme", "threshold-log",
                               "--output", "last", "--encoding", "steplog",
                               "--n-max", "6", "--json").out)
    assert all(row["verified"] for row in obj["rows"])
    assert [row["machine_tokens"] for row in obj["rows"]] == [3, 4, 5, 6, 7, 8]
    assert obj["machine_fit"]["expression"] == "n + 2"
    assert (obj["output"], obj["machine_encoding"]) == ("last", "steplog")


def test_a_machine_that_does_not_compute_the_scheme_fails_its_rows(arcot_cli):
    # zoo:parity names no accept states: it accepts every input
    r = arcot_cli("length", "zoo:parity", "--scheme", "threshold-log", "--n-max",
                  "3", "--json")
    assert r.code == 1
    assert [row["counterexample"] for row in json.loads(r.out)["rows"]] == [
        "0", "00", "000"]


@pytest.mark.parametrize(("args", "words"), [
    (["zoo:increment", "--scheme", "minimal", "--n-max", "2", "--output", "head"],
     "not 0 or 1 (output convention head)"),
    (["zoo:unary-add", "--scheme", "minimal", "--n-max", "2"],
     "the input alphabet {0, 1}"),
    (["zoo:parity", "--encoding", "tableau", "--n-max", "2", "--output", "head"],
     "--output reads a machine's answer"),
    (["zoo:parity", "--scheme", "minimal", "--n-max", "2", "--output", "tape"],
     "invalid choice: 'tape'"),
    (["zoo:parity", "--scheme", "minimal"], "--n-max is needed"),
    (["--function", "parity", "--scheme", "minimal"], "n_max (--n-max) is needed"),
    (["--function", "parity", "--scheme", "minimal", "--n-max", "2", "--encoding",
      "tableau"], "--encoding applies to a machine"),
    (["zoo:parity", "--encoding", "tableau", "--n-max", "2", "--write-circuit",
      "c.json"], "--write-circuit saves a scheme's circuits"),
])
def test_bad_machine_function_requests_are_one_error(arcot_cli, args, words):
    r = arcot_cli("length", *args)
    assert_one_error_line(r)
    assert words in r.err


def test_sampled_rows_are_never_verified(arcot_cli, tmp_path):
    (tmp_path / "mine.py").write_text("def par(x):\n    return sum(x) % 2\n")
    r = arcot_cli("length", "--function", f"{tmp_path / 'mine.py'}:par", "--scheme",
                  "threshold-log", "--n-max", "12", "--inputs", "sample:600",
                  "--json")
    assert r.code == 0, r.err
    obj = json.loads(r.out)
    checks = [(row["check"], row["verified"]) for row in obj["rows"]]
    assert checks[:9] == [("exhaustive", True)] * 9  # 2^9 <= 600
    assert checks[9:] == [("sampled:600", None)] * 3
    assert "not verified" in obj["check"] and "ln(20)/600" in obj["check"]
    table = arcot_cli("length", "--function", f"{tmp_path / 'mine.py'}:par",
                      "--scheme", "threshold-log", "--n-max", "10", "--inputs",
                      "sample:600").out
    assert "0 of 600 wrong  sampled:600" in table


def test_a_time_limit_ends_with_exit_3_and_the_rows_finished(arcot_cli, tmp_path,
                                                            monkeypatch):
    import arcot.circuit.functions as functions

    monkeypatch.setattr(functions, "PROBE_BLOCK", 4)
    (tmp_path / "slow.py").write_text(
        "import time\n\ndef par(x):\n    if len(x) > 8:\n        time.sleep(0.005)\n"
        "    return sum(x) % 2\n")
    spec = f"{tmp_path / 'slow.py'}:par"
    r = arcot_cli("length", "--function", spec, "--scheme", "threshold-log",
                  "--n-max", "12", "--time-limit", "2")
    assert r.code == 3
    assert [line.split()[0] for line in r.out.splitlines()[2:10]] == [
        str(n) for n in range(1, 9)]
    assert r.err.startswith("error: row n=9: checking all 2^9 inputs would take "
                            "about ")
    assert len(r.err.strip().splitlines()) == 1
    obj = json.loads(arcot_cli("length", "--function", spec, "--scheme",
                               "threshold-log", "--n-max", "12", "--time-limit",
                               "2", "--json").out)
    assert len(obj["rows"]) == 8 and obj["stopped"].startswith("row n=9")
