"""Every example script runs to the end (with ARCOT_FAST=1), and the README's
Python snippet prints what the README says it prints."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path):
    env = {**os.environ, "ARCOT_FAST": "1", "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_readme_python_snippet(capsys):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks, "the README shows Python first"
    for block in blocks:
        runpy.run_path(_write(block), run_name="__main__")
        printed = capsys.readouterr().out.splitlines()
        expected = re.findall(r"print\(.*\)\s+# (.*)", block)
        assert printed[-len(expected) :] == expected


def _write(code: str) -> str:
    import tempfile

    f = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
    f.write(code)
    f.close()
    return f.name
