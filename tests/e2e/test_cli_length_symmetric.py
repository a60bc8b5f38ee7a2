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
