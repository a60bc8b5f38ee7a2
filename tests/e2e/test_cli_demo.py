"""``arcot demo``: the main job end to end, every printed figure consistent."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from arcot.cli import main as cli_main
from arcot.demo import main as demo_main


def test_demo_runs_as_a_command(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "arcot.cli", "demo"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    text = proc.stdout
    for stage in range(1, 10):
        assert re.search(rf"^{stage}\. ", text, re.M), f"stage {stage} missing"
    assert "identical to the simulator's CoT" in text
    assert "the same as running bb3 itself" in text
    assert "verified=True" in text
    assert "says verified" in text


def test_demo_figures_are_consistent(tmp_path):
    lines: list[str] = []
    assert demo_main(out=lines.append, workdir=str(tmp_path)) == 0
    text = "\n".join(lines)
    m = re.search(r"CoT: (\d+) tokens = T\*\(W\+1\) with T=(\d+), W=(\d+)", text)
    assert m
    tokens, steps, width = map(int, m.groups())
    assert tokens == steps * (width + 1)
    m = re.search(r"wrote (\d+) CoT tokens \((\d+) rows of (\d+) cells\)", text)
    assert m
    tokens, rows, cells = map(int, m.groups())
    assert tokens == rows * (cells + 1)
    m = re.search(r"run on '1011': halted=True after (\d+) steps", text)
    assert m and int(m.group(1)) == steps
    # the CoT rows printed: the prompt and T rows of W cells behind '#'
    rows = [ln.split() for ln in lines if ln.startswith("   # ")]
    assert len(rows) == steps + 1
    assert all(len(r) == width + 1 for r in rows)
    # the certificate it wrote passes `arcot check`
    certs = list(tmp_path.glob("*.cert.json"))
    assert len(certs) == 1
    assert cli_main(["check", str(certs[0])]) == 0
    # the contrast: additive least squares is refuted
    assert re.search(r"verified=False, [1-9]\d* of \d+ windows wrong", text)


def test_demo_through_the_cli_entry_point_leaves_no_folder(capsys, monkeypatch,
                                                            tmp_path):
    # Regression: each run left an arcot-demo-* folder behind in /tmp.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # where it writes
    assert cli_main(["demo"]) == 0
    assert list(tmp_path.iterdir()) == []
    out = capsys.readouterr().out
    assert "what was verified" in out and "removed at exit" in out


def test_demo_keeps_its_certificate_in_a_workdir(capsys, tmp_path):
    assert cli_main(["demo", "--workdir", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["increment.cert.json"]
    assert str(tmp_path / "increment.cert.json") in capsys.readouterr().out
    assert cli_main(["demo", "--workdir", str(tmp_path / "none")]) == 2
    assert "is not a directory" in capsys.readouterr().err
