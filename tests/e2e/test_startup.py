"""What a command loads (a ``sys.modules`` check in a fresh process, not a
timing): ``arcot check`` runs the trusted checker and nothing heavier (no
numpy, numba, scipy or sympy); no command loads numba (nor scipy, which
numba imports) before it runs a kernel, so help, short runs and every
bad-input exit start without it; ``import arcot`` loads the machine only
when a name of it is read."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "numba", "scipy", "sympy")
KERNEL_MODULES = ("arcot.circuit._kernels", "arcot.cot._kernels",
                  "arcot.learn._kernels", "arcot.machine._kernels",
                  "arcot.universal._kernels", "arcot.verify._kernels")


def loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = (
        f"{code}\nimport sys\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                         text=True, check=False, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr
    return set(eval(out.stdout.strip().splitlines()[-1]))  # a printed list


def loaded_by_commands(*commands: list[str]) -> set[str]:
    """Heavy modules loaded after ``arcot.cli.main`` ran each command (one
    process); a traceback fails the probe."""
    code = (
        "import json, arcot.cli\n"
        f"for argv in json.loads({json.dumps(json.dumps(commands))}):\n"
        "    try:\n"
        "        code = arcot.cli.main(argv)\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "    assert code in (0, 1, 2, 3, None), (argv, code)"
    )
    return loaded_after(code)


REJECTED = sorted((ROOT / "proofs" / "invalid").glob("*.json"))[0].name


@pytest.mark.parametrize("cert", ["valid/bb2-additive.cert.json",
                                  f"invalid/{REJECTED}"])
def test_arcot_check_loads_no_numerics(cert):
    assert loaded_by_commands(["check", f"proofs/{cert}"]) == set()


COMMANDS = ("run", "demo", "trace", "check", "certify", "length", "fit-length",
            "universal")


def test_help_and_version_load_no_numerics():
    helps = [[c, "--help"] for c in COMMANDS]
    assert loaded_by_commands(["--help"], ["--version"], [], *helps) == set()


def test_a_short_run_loads_no_numba():
    # run() steps short runs in plain Python: no kernel, so no numba
    assert loaded_by_commands(
        ["run", "zoo:bb4"], ["run", "zoo:bb3", "--json"],
        ["run", "1RB1LB_1LA1RZ", "--max-steps", "3"],
    ) <= {"numpy"}


def test_a_small_trace_loads_no_numba():
    # the shape's runs and the encoding are within what run() steps in
    # plain Python, so their kernels run as plain Python
    assert loaded_by_commands(
        ["trace", "zoo:bb2", "--encoding", "tableau"],
        ["trace", "zoo:bb3", "--encoding", "circuit", "--json"],
        ["trace", "zoo:bb4", "--encoding", "steplog"],
    ) <= {"numpy"}


@pytest.mark.parametrize("argv", [
    ["run", "nosuch"],
    ["trace", "zoo:bb2", "--encoding", "nope"],
    ["trace", "nosuch", "--encoding", "tableau"],
    ["certify", "nosuch"],
    ["certify", "zoo:bb2", "--learner", "construct", "--train", "inputs:3"],
    ["certify", "zoo:bb2", "--train", "configurations:99999999999"],
    ["universal", "nosuch"],
    ["universal", "zoo:bb2", "--utm", "zoo:nope"],
    ["length", "zoo:bb2", "--n-max", "3"],
    ["fit-length", "x"],
], ids=lambda argv: " ".join(argv))
def test_bad_input_loads_no_numba(argv):
    # the error comes before any kernel (and, for length, before sympy)
    assert loaded_by_commands(argv) <= {"numpy"}


def test_fit_length_loads_no_numba_nor_sympy():
    # the law is fitted in Fractions and printed in sympy's syntax by arcot
    assert loaded_by_commands(["fit-length", "1,4,9,16,25,36,49"]) <= {"numpy"}
    assert loaded_by_commands(["fit-length", "1,4,9,16,25,36,49", "--json"]) <= {
        "numpy"}


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_a_parity_profile_loads_no_sympy_nor_numba(json_flag):
    argv = ["length", "--function", "parity", "--scheme", "threshold-log",
            "--n-max", "64", "--no-progress", *json_flag]
    assert loaded_by_commands(argv) <= {"numpy"}


def test_the_demo_loads_no_numba():
    # its work is small, so its kernels run as plain Python: a first
    # `arcot demo` after install compiles nothing
    assert loaded_by_commands(["demo"]) <= {"numpy"}


def test_kernel_modules_import_without_numba():
    code = "\n".join(f"import {m}" for m in KERNEL_MODULES)
    assert loaded_after(code) <= {"numpy"}


def test_a_kernel_is_made_on_first_call(tmp_path):
    # arcot._numba.njit defers numba to the first call; a kernel calling
    # another one, and one with an explicit signature, still compile
    (tmp_path / "probe_kernels.py").write_text(
        "from arcot._numba import njit\n\n"
        "@njit\ndef inner(x):\n    return x + 1\n\n"
        "@njit\ndef outer(x):\n    return inner(x) * 2\n\n"
        "@njit('int64(int64)')\ndef eager(x):\n    return inner(x) - 1\n",
        encoding="utf-8",
    )
    code = (
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
        "import probe_kernels as k\n"
        "assert 'numba' not in sys.modules\n"
        "assert 'not made yet' in repr(k.outer)\n"
        "assert (k.outer(3), k.eager(3), k.inner(1)) == (8, 3, 2)\n"
        "assert k.eager.signatures and k.outer.py_func(3) == 8\n"
        "import numba\n"
        "assert isinstance(k.inner, numba.core.registry.CPUDispatcher)"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
    assert "numba" in loaded_after(code, env)
    plain = (
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
        "import probe_kernels as k\nfrom arcot._numba import plain_python\n"
        "with plain_python():\n"
        "    assert (k.outer(3), k.eager(3)) == (8, 3)\n"
        "assert 'not made yet' in repr(k.outer)"
    )
    assert "numba" not in loaded_after(plain, env)


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
