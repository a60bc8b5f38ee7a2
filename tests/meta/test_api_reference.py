"""The API reference (docs/api, Sphinx autodoc) builds, warning-free, and
covers every public module, so a broken docstring or a new module left out
fails the suite."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import arcot

API = Path(__file__).resolve().parents[2] / "docs" / "api"
#: Modules the reference leaves out: the command line (its reference is
#: docs/reference/cli.md) and the demo script.
LEFT_OUT = ("arcot.cli", "arcot.demo")
#: Packages whose ``__init__`` holds code of its own.
PACKAGES = ("arcot.pipeline", "arcot.schemas")


def public_modules():
    for info in pkgutil.walk_packages(arcot.__path__, "arcot."):
        name = info.name
        if any(part.startswith("_") for part in name.split(".")[1:]):
            continue
        # Packages re-export their modules' names; the modules are documented.
        if name.startswith(LEFT_OUT) or (info.ispkg and name not in PACKAGES):
            continue
        yield name


def documented():
    found = set()
    for page in API.glob("*.rst"):
        found |= set(re.findall(r"^\.\. automodule:: (\S+)$", page.read_text(),
                                re.MULTILINE))
    return found


def test_every_public_module_is_in_the_reference():
    missing = sorted(set(public_modules()) - documented())
    assert not missing, f"add to docs/api/*.rst: {missing}"


def test_the_reference_builds_without_warnings(tmp_path):
    # A process of its own: pytest's warning filters would turn Sphinx's own
    # deprecation notices into errors.
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html",
         str(API), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    page = (tmp_path / "html" / "machines.html").read_text(encoding="utf-8")
    assert "MultiTapeMachine" in page and "TuringMachine" in page
