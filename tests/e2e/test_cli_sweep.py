"""arcot sweep as a user runs it."""

import json

from tests.e2e.conftest import assert_one_error_line


def test_sweep_prints_its_summary_and_resumes(arcot_cli, tmp_path):
    out = tmp_path / "tnf"
    r = arcot_cli("sweep", "tnf:2x2", "--out", str(out), "--chunk-size", "10",
                  "--no-progress")
    assert r.code == 0, r.err
    assert "41 machines in 5 chunks" in r.out and "halted" in r.out
    again = arcot_cli("sweep", "tnf:2x2", "--out", str(out), "--chunk-size", "10",
                      "--resume", "--json")
    obj = json.loads(again.out)
    assert (obj["machines"], obj["resumed_chunks"]) == (41, 5)
    assert sum(obj["summary"].values()) == 41
    assert len((out / "chunk-000000.jsonl").read_text().splitlines()) == 10


def test_sweep_certify_grid_on_processes(arcot_cli, tmp_path):
    machines = tmp_path / "m.txt"
    machines.write_text("1RB1LB_1LA1RZ\n")
    r = arcot_cli("sweep", f"file:{machines}", "--task", "certify", "--grid",
                  "construct/additive", "--engine", "processes", "--workers", "2",
                  "--out", str(tmp_path / "c"), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["summary"] == {"construct/additive: verified": 1}


def test_sweep_bad_input_is_one_error_line(arcot_cli, tmp_path):
    for args, match in [
        (["tnf:6x2"], "give a step limit"),
        (["bogus:1"], "expected tnf:NxM"),
        (["tnf:2x2", "--grid", "construct"], "expected LEARNER/FEATURES"),
        (["tnf:2x2", "--scheduler", "tcp://x:1"], "is for --engine dask"),
        (["tnf:2x2", "--task", "nosuch.module:f"], "cannot import it"),
        (["tnf:2x2", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"],
         "cannot reach the Dask scheduler"),
    ]:
        r = arcot_cli("sweep", *args, "--out", str(tmp_path / "x"))
        assert_one_error_line(r)
        assert match in r.err
