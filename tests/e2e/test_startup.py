"""What a command loads: ``arcot check`` runs the trusted checker and
nothing heavier (no numpy, numba, scipy or sympy), and ``import arcot``
loads the machine only when a name of it is read."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "numba", "scipy", "sympy")


def loaded_after(code: str) -> set[str]:
    probe = (
        f"{code}\nimport sys\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                         text=True, check=False, cwd=ROOT)
    return set(eval(out.stdout.strip().splitlines()[-1]))  # a printed list


REJECTED = sorted((ROOT / "proofs" / "invalid").glob("*.json"))[0].name


@pytest.mark.parametrize("cert", ["valid/bb2-additive.cert.json",
                                  f"invalid/{REJECTED}"])
def test_arcot_check_loads_no_numerics(cert):
    code = ("import arcot.cli\ntry:\n"
            f"    arcot.cli.main(['check', 'proofs/{cert}'])\n"
            "except SystemExit:\n    pass")
    assert loaded_after(code) == set()


def test_importing_arcot_loads_the_machine_on_first_use():
    assert loaded_after("import arcot") == set()
    assert "numpy" in loaded_after("import arcot\narcot.TuringMachine")
    assert loaded_after("from arcot.verify import checker") == set()


def test_a_missing_name_is_an_attribute_error():
    import arcot
    import arcot.verify

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = arcot.nothing
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = arcot.verify.nothing
    assert "TuringMachine" in dir(arcot) and "verify_exact" in dir(arcot.verify)
