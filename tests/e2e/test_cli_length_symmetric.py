"""arcot length on a symmetric scheme: each row checked on one input per
number of ones, far past the 2^20 inputs an exhaustive row may hold."""

import json


def test_the_command_line_checks_parity_to_256_bits_and_refuses_more(arcot_cli):
    r = arcot_cli("length", "--function", "parity", "--scheme", "threshold-log",
                  "--n-max", "64", "--json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)["rows"]
    assert len(rows) == 64 and all(row["check"] == "symmetric" for row in rows)
    r = arcot_cli("length", "--function", "parity", "--scheme", "threshold-log",
                  "--n-max", "257")
    assert r.code == 3 and "handles n <= 256" in r.err


def test_a_family_function_by_name_on_the_command_line(arcot_cli):
    r = arcot_cli("length", "--function", "exact:1", "--scheme", "minimal",
                  "--n-max", "3", "--json")
    assert r.code == 0, r.err
    assert [row["verified"] for row in json.loads(r.out)["rows"]] == [True] * 3
    r = arcot_cli("length", "--function", "exact:1", "--scheme", "minimal",
                  "--n-max", "11")
    assert r.code == 3 and "handles n <= 10" in r.err
    r = arcot_cli("length", "--function", "mod:1", "--scheme", "minimal",
                  "--n-max", "3")
    assert r.code == 2 and r.err.startswith("error: ") and "modulus" in r.err


def test_a_users_own_function_on_the_command_line(arcot_cli, tmp_path):
    path = tmp_path / "targets.py"
    path.write_text("def last(x):\n    return x[-1]\n\ndef two(x):\n    return 2\n")
    r = arcot_cli("length", "--function", f"{path}:last", "--scheme", "minimal",
                  "--n-max", "2", "--json")
    assert r.code == 0, r.err
    assert [row["check"] for row in json.loads(r.out)["rows"]] == ["exhaustive"] * 2
    r = arcot_cli("length", "--function", f"{path}:two", "--scheme", "minimal",
                  "--n-max", "2")
    assert r.code == 2 and r.err.startswith("error: ") and "got 2" in r.err
    r = arcot_cli("length", "--function", f"{tmp_path}/none.py:f", "--scheme",
                  "minimal", "--n-max", "2")
    assert r.code == 2 and "no file" in r.err


def test_rows_finished_before_a_budget_runs_out_are_printed(arcot_cli):
    # Regression: a row past --max-steps printed none of the rows before it.
    r = arcot_cli("length", "zoo:increment", "--encoding", "tableau", "--n-max", "6",
                  "--max-steps", "8")
    assert r.code == 3
    assert [line.split()[0] for line in r.out.splitlines()[2:5]] == ["1", "2", "3"]
    assert r.err.strip() == ("error: row n=4: the machine did not stop within 8 "
                             "steps on input '0111'")
    r = arcot_cli("length", "zoo:increment", "--encoding", "tableau", "--n-max", "6",
                  "--max-steps", "8", "--json")
    obj = json.loads(r.out)
    assert r.code == 3 and [row["n"] for row in obj["rows"]] == [1, 2, 3]
    assert obj["stopped"].startswith("row n=4")
    r = arcot_cli("length", "zoo:increment", "--encoding", "tableau", "--n-max", "6",
                  "--max-steps", "3")
    assert r.code == 3 and r.out == ""  # the first row stopped: nothing finished
