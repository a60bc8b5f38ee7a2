"""Floats reach Fractions in one place: ``arcot.construct.as_exact``."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "arcot"
FLOAT_TO_FRACTION = re.compile(r"Fraction\(\s*float\(|Fraction\.from_float\(")


def as_exact_lines():
    tree = ast.parse((ROOT / "construct.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "as_exact":
            return range(node.lineno, node.end_lineno + 1)
    raise AssertionError("construct.as_exact is missing")


def test_only_as_exact_turns_floats_into_fractions():
    allowed = as_exact_lines()
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), 1):
            if path.name == "construct.py" and lineno in allowed:
                continue
            assert not FLOAT_TO_FRACTION.search(line), (
                f"{path.relative_to(ROOT)}:{lineno}: convert with as_exact()"
            )
