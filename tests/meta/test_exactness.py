"""Floats reach Fractions in one place: ``arcot.construct.as_exact``."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "arcot"
FLOAT_TO_FRACTION = re.compile(r"Fraction\(\s*float\(|Fraction\.from_float\(")


def test_only_as_exact_turns_floats_into_fractions():
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "checker.py":  # trusted, and never sees a float
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not FLOAT_TO_FRACTION.search(line), (
                f"{path.relative_to(ROOT)}:{lineno}: convert with as_exact()"
            )
