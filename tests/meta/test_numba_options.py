"""numba is configured in one place, and floats reach Fractions in one place."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "arcot"


def sources():
    return sorted(ROOT.rglob("*.py"))


def test_njit_only_through_arcot_numba():
    for path in sources():
        if path.name == "_numba.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "numba.njit" not in text and "from numba import" not in text, (
            f"{path}: use arcot._numba.njit so kernels share one set of options"
        )


def test_kernels_live_in_kernel_modules():
    for path in sources():
        text = path.read_text(encoding="utf-8")
        if re.search(r"^@njit", text, re.MULTILINE):
            assert path.name.startswith("_") and "kernels" in path.name, (
                f"{path}: numba kernels belong in a _kernels module"
            )
