"""Run the ``arcot`` command as a user does."""

import subprocess
import sys
from dataclasses import dataclass

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_arcot(*args: str, timeout: float = 300) -> Result:
    """``arcot ARGS`` in a fresh interpreter (the console script's code path)."""
    proc = subprocess.run(
        [sys.executable, "-m", "arcot.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def arcot_cli(capsys):
    """Call ``arcot.cli.main`` in-process (fast); returns a Result."""
    from arcot.cli import main

    def call(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


def assert_one_error_line(result: Result, code: int = 2) -> None:
    """Bad input: the exit code, one ``error:`` line, no traceback."""
    assert result.code == code, (result.code, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err
