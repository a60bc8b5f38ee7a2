"""Sweeps: the same rows on every engine, chunk files written whole, and a
resume after a crashed worker that loses and repeats nothing."""

import json
import os

import pytest

from arcot.errors import UsageError
from arcot.sweep.runner import load_results, machines_of, summary, sweep

SPACE = "tnf:2x2"


def test_every_engine_gives_the_same_rows_in_the_same_order(tmp_path):
    rows = {}
    for engine in ("local", "processes", "dask"):
        result = sweep(SPACE, "run", out=tmp_path / engine, engine=engine,
                       workers=2, chunk_size=7)
        assert (result.machines, result.chunks) == (41, 6)
        rows[engine] = load_results(tmp_path / engine)
    assert rows["local"] == rows["processes"] == rows["dask"]
    assert [r["machine"] for r in rows["local"]] == list(machines_of(SPACE))
    first = rows["local"][0]
    assert set(first) == {"machine", "halted", "reason", "steps", "nonzero"}


def crash_once(machine):
    """A user task whose worker dies (no exception: the process exits) on one
    machine, the first time only."""
    from arcot.machine import format_tm

    marker = os.environ["ARCOT_TEST_CRASH_MARKER"]
    if format_tm(machine) == "1RB0LA_0LA---" and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return {"states": machine.n_states}


def test_resume_after_a_killed_worker_loses_and_repeats_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCOT_TEST_CRASH_MARKER", str(tmp_path / "crashed"))
    monkeypatch.syspath_prepend(os.path.dirname(__file__))
    task = "test_sweep_runner:crash_once"
    out = tmp_path / "out"
    with pytest.raises(Exception, match=r"terminated abruptly|BrokenProcessPool"):
        sweep(SPACE, task, out=out, engine="processes", workers=2, chunk_size=5)
    assert (tmp_path / "crashed").exists()
    partial = len(list(out.glob("chunk-*.jsonl")))
    assert partial < 9  # the crash cut the sweep short
    done = sweep(SPACE, task, out=out, engine="processes", workers=2, chunk_size=5,
                 resume=True)
    assert done.resumed_chunks == partial
    rows = load_results(out)
    assert [r["machine"] for r in rows] == list(machines_of(SPACE))  # once each
    clean = sweep(SPACE, task, out=tmp_path / "clean", chunk_size=5)
    assert rows == clean.rows()


def test_resume_refuses_other_settings_and_a_fresh_run_a_used_folder(tmp_path):
    sweep(SPACE, "run", out=tmp_path, chunk_size=10)
    with pytest.raises(UsageError, match="holds a sweep already"):
        sweep(SPACE, "run", out=tmp_path, chunk_size=10)
    with pytest.raises(UsageError, match="other settings"):
        sweep(SPACE, "run", out=tmp_path, chunk_size=11, resume=True)
    again = sweep(SPACE, "run", out=tmp_path, chunk_size=10, resume=True)
    assert again.resumed_chunks == 5 and again.machines == 41


def test_certify_and_length_tasks_and_the_summary(tmp_path):
    grid = [["construct", "additive"], ["lstsq", "additive"]]
    result = sweep("file:" + str(write_list(tmp_path)), "certify", out=tmp_path / "c",
                   options={"grid": grid})
    rows = result.rows()
    assert rows[0]["construct/additive"]["outcome"] == "verified"
    refuted = rows[0]["lstsq/additive"]
    assert refuted["outcome"] == "refuted" and refuted["kind"].startswith("head")
    assert ("construct/additive: verified", 2) in summary(rows, "certify")
    lengths = sweep("file:" + str(write_list(tmp_path)), "length",
                    out=tmp_path / "l", options={"n_max": 6}).rows()
    assert all(r["growth"] for r in lengths)


def write_list(tmp_path):
    path = tmp_path / "machines.txt"
    path.write_text("1RB1LB_1LA1RZ\n1RB1RZ_1LB0RC_1LC1LA\n")
    return path


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"engine": "gpu"}, "engine 'gpu'"),
    ({"chunk_size": 0}, "chunk_size must be"),
    ({"task": "nosuchmodule:f"}, "cannot import it"),
    ({"task": "walk"}, "expected one of run, certify, length"),
])
def test_bad_requests_fail_before_any_work(tmp_path, kwargs, message):
    kwargs = {"task": "run", **kwargs}
    with pytest.raises(UsageError, match=message):
        sweep(SPACE, out=tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


def test_bad_spaces(tmp_path):
    for bad in ("tnf", "tnf:3", "random:2x2:5", "bogus:2x2"):
        with pytest.raises(UsageError, match="NxM"):
            list(machines_of(bad))
    assert json.loads(json.dumps(list(machines_of("random:2x2:3:1"))))


def test_a_bad_space_fails_before_any_file(tmp_path):
    with pytest.raises(UsageError, match="give a step limit"):
        sweep("tnf:6x2", out=tmp_path / "x")
    assert not (tmp_path / "x").exists()
    assert sweep("tnf:2x2:6", out=tmp_path / "y").machines == 41


def test_certify_grid_cells_may_name_their_training_and_skip_runaways(tmp_path):
    grid = [["construct", "additive"], ["lstsq", "pairwise", "inputs:3"]]
    rows = sweep(SPACE, "certify", out=tmp_path, chunk_size=50,
                 options={"grid": grid, "halting_only": True}).rows()
    assert all("lstsq/pairwise/inputs:3" in r for r in rows)
    running = [r for r in rows if not r["halted"]]
    assert running and all(
        r["construct/additive"] == {"outcome": "skipped", "why": (
            "not halting on the blank tape within the step budget (halting_only)")}
        for r in running)
    halting = [r for r in rows if r["halted"]]
    assert all(r["construct/additive"]["outcome"] == "verified" for r in halting)


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path, monkeypatch):
    from arcot.sweep import runner

    monkeypatch.setattr(runner, "SCHEDULER_TIMEOUT", 2)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        sweep(SPACE, out=tmp_path, engine="dask", scheduler="tcp://127.0.0.1:9")


def test_space_sizes_known_ahead():
    from arcot.sweep.runner import space_size

    assert space_size("tnf:3x2") == 4057 and space_size("tnf:2x3") is None
    assert space_size("all:2x2") == 20_736 and space_size("random:4x2:50:1") == 50
    assert space_size("file:/nonexistent") is None
