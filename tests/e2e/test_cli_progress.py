"""Progress of ``arcot certify`` and ``arcot trace`` (issue 14): a tqdm bar
with rate and ETA on stderr when it is a terminal, nothing otherwise or
with --no-progress / --json, and the same output either way."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from tests.e2e.conftest import run_arcot

CERTIFY = ("certify", "zoo:palindrome", "--learner", "construct",
           "--scope", "inputs:6")


def _on_a_terminal(*args: str) -> tuple[int, str, str]:
    """``arcot ARGS`` with stderr on a pseudo-terminal: (code, stdout, stderr)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    # a terminal 120 columns wide (a new pty is 0 x 0: tqdm would draw nothing)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "arcot.cli", *args], stdout=subprocess.PIPE,
        stderr=follower, text=True,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    code = proc.returncode
    return code, out, b"".join(chunks).decode(errors="replace")


def test_certify_shows_its_verification_on_a_terminal():
    code, out, err = _on_a_terminal(*CERTIFY)
    assert code == 0, err
    assert "verifying inputs:6" in err and "127/127" in err and "input/s" in err
    assert "checked  127 inputs" in out


def test_certify_shows_nothing_with_no_progress_or_json():
    code, _, err = _on_a_terminal(*CERTIFY, "--no-progress")
    assert code == 0 and "verifying" not in err
    code, out, err = _on_a_terminal(*CERTIFY, "--json")
    assert code == 0 and "verifying" not in err
    assert json.loads(out)["checked"] == 127


def test_certify_shows_nothing_into_a_pipe():
    r = run_arcot(*CERTIFY)
    assert r.code == 0 and r.err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_trace_steps_through_long_runs_in_chunks(arcot_cli, monkeypatch, capsys):
    # the chunks are for long runs (10^8 steps in all); here every run counts
    args = ("trace", "zoo:palindrome", "--input", "01101", "--encoding",
            "tableau", "--json")
    plain = arcot_cli(*args)
    import arcot.cli.trace as trace

    monkeypatch.setattr(trace, "_CHUNKED_STEPS", 0)
    monkeypatch.setattr(trace, "_PER_INPUT_STEPS", 0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    shown = arcot_cli(*args[:-1])  # readable output: the bar is on
    assert "runs of length 5" in terminal.getvalue()
    assert "32/32" in terminal.getvalue()  # 2^5 inputs, one a chunk
    quiet = arcot_cli(*args[:-1], "--no-progress")
    assert shown.out == quiet.out and shown.code == quiet.code == 0
    assert json.loads(plain.out)["steps"] == int(
        shown.out.split("steps T=")[1].split(",")[0])
