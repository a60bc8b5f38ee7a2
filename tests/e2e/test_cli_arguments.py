"""Every machine and every value the formats accept reaches the command.

argparse reads any argument that begins with ``-`` as an option, so a
standard-text machine whose first transition is undefined (``---1RB_1LA1RZ``,
common in Busy Beaver lists) was "a missing MACHINE", and ``--window -3..3``
"a missing value". These tests run each subcommand on such arguments, as a
user does, and check that help, abbreviations and unknown options still
behave.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_one_error_line, run_arcot

DASHED = "---1RB_1LA1RZ"  # A on 0 is undefined: it stops at once, no step


# -- end to end, in a fresh interpreter --------------------------------


def test_run_takes_a_machine_that_begins_with_a_dash():
    r = run_arcot("run", DASHED, "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert (out["halted"], out["steps"], out["reason"]) == (True, 0, "undefined")


def test_run_with_the_machine_after_its_options():
    r = run_arcot("run", "--input", "1", "--max-steps", "50", DASHED, "--json")
    assert r.code == 0, r.err
    # A1 -> 1RB, B0 -> 1LA, A1 -> 1RB, B1 -> 1RZ
    out = json.loads(r.out)
    assert (out["steps"], out["state"], out["tape"]) == (4, "Z", "110")


def test_trace_takes_a_machine_that_begins_with_a_dash():
    r = run_arcot("trace", DASHED, "--encoding", "tableau", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert (out["steps"], out["cot"]) == (0, [])


def test_length_takes_a_machine_that_begins_with_a_dash():
    r = run_arcot("length", DASHED, "--encoding", "steplog", "--n-max", "2",
                  "--json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)["rows"]
    assert [row["n"] for row in rows] == [1, 2]


def test_certify_takes_a_machine_that_begins_with_a_dash():
    r = run_arcot("certify", DASHED, "--learner", "construct", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert out["verified"] is True and out["scope"] == "windows"


def test_a_user_double_dash_still_works():
    r = run_arcot("run", "--json", "--", DASHED)
    assert r.code == 0, r.err
    assert json.loads(r.out)["reason"] == "undefined"


def test_fit_length_takes_negative_values_and_ns_in_a_fresh_process():
    r = run_arcot("fit-length", "-1,0,3,8,15", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["expression"] == "n**2 - 2*n"
    r = run_arcot("fit-length", "1,2,3,4,5", "--n", "-1,2,3,4,5")
    assert_one_error_line(r)
    assert "--n: entry 1 must be an integer from 1" in r.err


def test_option_value_that_begins_with_a_dash():
    r = run_arcot("trace", "zoo:bb2", "--encoding", "tableau", "--window", "-3..2",
                  "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["width"] == 6
    # a negative number is read as the option's value, and refused by range
    r = run_arcot("run", "zoo:bb2", "--max-steps", "-1")
    assert_one_error_line(r)
    assert "argument --max-steps: must be an integer from 0 to" in r.err


def test_a_machine_file_that_begins_with_a_dash(tmp_path):
    (tmp_path / "-bb2.tm").write_text("1RB1LB_1LA1RZ\n")
    from subprocess import run
    from sys import executable

    proc = run([executable, "-m", "arcot.cli", "run", "-bb2.tm", "--json"],
               capture_output=True, text=True, cwd=tmp_path, check=False,
               env=_env_with_repo())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["steps"] == 6


def _env_with_repo():
    import os

    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


# -- help, abbreviations and unknown options still behave ---------------


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(flag):
    r = run_arcot(flag)
    assert r.code == 0 and r.out.startswith("usage: arcot")
    r = run_arcot("run", flag)
    assert r.code == 0 and r.out.startswith("usage: arcot run")
    r = run_arcot("run", DASHED, flag)
    assert r.code == 0 and r.out.startswith("usage: arcot run")


@pytest.mark.parametrize("args", [
    ["--bogus"],
    ["run", "zoo:bb2", "--bogus"],
    ["run", DASHED, "--bogus"],
    ["length", DASHED, "--encoding", "tableau", "--n-max", "2", "--bogus=3"],
    ["fit-length", "-1,2,5", "--bogus"],
])
def test_an_unknown_option_is_one_error_line(arcot_cli, args):
    r = arcot_cli(*args)
    assert_one_error_line(r)
    assert "unrecognized arguments: --bogus" in r.err


def test_a_missing_value_is_still_reported(arcot_cli):
    r = arcot_cli("run", "zoo:bb2", "--input", "--json")
    assert_one_error_line(r)
    assert "argument --input: expected one argument" in r.err
    r = arcot_cli("run", "zoo:bb2", "--input")
    assert_one_error_line(r)
    assert "argument --input: expected one argument" in r.err


def test_abbreviated_options_still_work(arcot_cli):
    r = arcot_cli("run", "zoo:increment", "--inp", "1011", "--max-s", "100",
                  "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["tape"] == "1100_"
    r = arcot_cli("run", "zoo:bb2", "--max", "5")
    assert_one_error_line(r)
    assert "ambiguous option: --max" in r.err


def test_a_stray_negative_number_is_an_extra_argument(arcot_cli):
    r = arcot_cli("run", "zoo:bb2", "-5")
    assert_one_error_line(r)
    assert "unrecognized arguments: -5" in r.err


# -- the rewrite itself ---------------------------------------------------


def _rewrite(command, *args):
    from arcot.cli import _unambiguous, build_parser

    return _unambiguous(build_parser().commands[command], list(args))


def test_rewrite_joins_values_and_protects_dashed_positionals():
    assert _rewrite("trace", DASHED, "--window", "-3..3", "--encoding", "steplog") \
        == ["--window=-3..3", "--encoding=steplog", "--", DASHED]
    assert _rewrite("fit-length", "--n", "1,2", "-1,2") == ["--n=1,2", "--", "-1,2"]


def test_rewrite_keeps_plain_command_lines_in_order():
    assert _rewrite("run", "zoo:bb2", "--max-steps", "5", "--json") == [
        "zoo:bb2", "--max-steps=5", "--json"]
    assert _rewrite("run", "--input", "--json", "zoo:bb2") == [
        "--input", "--json", "zoo:bb2"]


def test_every_subcommand_knows_its_options():
    from arcot.cli import build_parser

    commands = build_parser().commands
    assert set(commands) == {"run", "trace", "length", "fit-length", "certify",
                             "check", "demo", "universal", "sweep", "experiment"}
    for parser in commands.values():
        assert parser.takes_value["-h"] is False
    assert commands["run"].takes_value["--max-steps"] is True
    assert commands["run"].takes_value["--json"] is False
    assert commands["universal"].takes_value["--certificate"] is True
    assert commands["sweep"].takes_value["--out"] is True
    assert commands["sweep"].takes_value["--resume"] is False


def test_no_private_argparse_hooks():
    package = Path(__file__).resolve().parents[2] / "arcot" / "cli"
    source = "".join(path.read_text() for path in sorted(package.glob("*.py")))
    for private in ("_negative_number_matcher", "._actions", "_option_string_actions"):
        assert private not in source


def test_a_directory_is_not_a_machine(arcot_cli, tmp_path):
    # Regression: a directory was read as standard text ("bad symbol '/'").
    r = arcot_cli("run", str(tmp_path))
    assert r.code == 2 and "is a directory, not a machine file" in r.err


def test_help_lists_the_commands_in_pipeline_order():
    from tests.e2e.conftest import run_arcot

    r = run_arcot("--help")
    order = ["run", "trace", "length", "fit-length", "certify", "check",
             "universal", "sweep", "experiment", "demo"]
    lines = [line.split()[0] for line in r.out.splitlines()
             if line.startswith("    ") and not line.startswith("     ")]
    assert lines == order
