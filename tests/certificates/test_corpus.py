"""The certificate corpora: the folder fixes the verdict (VeriPB style).

Each file of proofs/valid, proofs/invalid and proofs/malformed goes through
the trusted checker and through arcot's own re-check; both must give the
folder's verdict. The trusted checker also runs in a bare interpreter
(``python -I -S``: no site-packages, no numpy) to show the trust base, and
proofs/valid must equal what proofs/regenerate.py writes.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from arcot.schemas import certificate_schema
from arcot.verify import checker
from arcot.verify.certificate import check_certificate

ROOT = Path(__file__).resolve().parents[2]
PROOFS = ROOT / "proofs"
CHECKER = ROOT / "arcot" / "verify" / "checker.py"
FOLDERS = {"valid": "verified", "invalid": "rejected", "malformed": "malformed"}
CASES = sorted(
    (folder, path)
    for folder in FOLDERS
    for path in (PROOFS / folder).glob("*.json")
)
EXIT = {"verified": 0, "rejected": 1, "malformed": 2}


def test_corpora_are_not_empty():
    for folder in FOLDERS:
        assert len(list((PROOFS / folder).glob("*.json"))) >= 10, folder
    scopes = {json.loads(p.read_text())["scope"] for p in PROOFS.glob("valid/*.json")}
    assert scopes == {"windows", "inputs:3", "inputs:460"}


@pytest.mark.parametrize(("folder", "path"), CASES, ids=lambda x: getattr(x, "name", x))
def test_checker_gives_the_folders_verdict(folder, path):
    verdict, message = checker.check(path.read_bytes())
    assert verdict == FOLDERS[folder], message


@pytest.mark.parametrize(("folder", "path"), CASES, ids=lambda x: getattr(x, "name", x))
def test_arcot_recheck_gives_the_folders_verdict(folder, path):
    verdict, message = check_certificate(path.read_bytes())
    assert verdict == FOLDERS[folder], message


def test_invalid_certificates_say_why():
    for path in (PROOFS / "invalid").glob("*.json"):
        doc = json.loads(path.read_text())
        assert isinstance(doc.get("why_invalid"), str) and doc["why_invalid"], path


def test_corpora_hold_version_2_certificates():
    """Issue 9: machines standard text cannot hold (stay moves, > 10
    symbols, > 25 states), each folder with its v2 cases."""
    for folder in FOLDERS:
        docs = [json.loads(p.read_text()) for p in (PROOFS / folder).glob("v2-*.json")]
        assert len(docs) >= 5, folder
    valid = [json.loads(p.read_text()) for p in (PROOFS / "valid").glob("v2-*.json")]
    assert all(d["version"] == 2 and "windows" not in d["hints"] for d in valid)
    moves = {t[3] for d in valid for t in d["machine"]["transitions"]}
    assert moves == {"L", "R", "N"}
    assert max(len(d["machine"]["symbols"]) for d in valid) > 10
    assert max(len(d["machine"]["states"]) for d in valid) > 25


def _regenerate():
    """proofs/regenerate.py as a module."""
    spec = importlib.util.spec_from_file_location("regenerate",
                                                  PROOFS / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_valid_certificates_cover_the_zoo():
    from arcot.zoo import ZOO

    regenerate = _regenerate()
    names = {p.name for p in (PROOFS / "valid").glob("*.json")}
    for name in ZOO:
        for features in ("additive", "pairwise", "circuit"):
            if features == "circuit" and name in regenerate.BEYOND_CIRCUIT_FORMAT:
                # standard text only: the universal machine has 37 states
                assert len(ZOO[name].machine.states) > 25
                continue
            assert f"{name}-{features}.cert.json" in names


def test_corpora_hold_circuit_certificates():
    for folder in FOLDERS:
        docs = [json.loads(p.read_text()) for p in (PROOFS / folder).glob("*.json")
                if "circuit" in p.name.removesuffix(".cert.json").split("-")]
        assert len(docs) >= 9, folder
        assert all(d["encoding"]["name"] == "circuit" for d in docs
                   if isinstance(d.get("encoding"), dict)), folder


def test_corpus_is_what_the_script_writes():
    module = _regenerate()
    files = module.corpus()
    for rel, text in files.items():
        if rel in module.LEARNED:
            continue  # float fits: the verdict is tested, not the last bits
        assert (PROOFS / rel).read_text(encoding="utf-8") == text, (
            f"{rel} is stale: run python proofs/regenerate.py"
        )
    on_disk = {f"{f}/{p.name}" for f in FOLDERS for p in (PROOFS / f).glob("*.json")}
    assert on_disk == set(files)


@pytest.mark.parametrize(
    "rel",
    [
        "valid/bb2-additive.cert.json",
        "valid/increment-pairwise.cert.json",
        "invalid/machine-changed-write.cert.json",
        "invalid/digest-mismatch.cert.json",
        "malformed/weight-float.cert.json",
        "malformed/not-json.cert.json",
        "valid/bb4-circuit.cert.json",
        "invalid/circuit-boundary.cert.json",
        "malformed/circuit-weight-ratio.cert.json",
    ],
)
def test_checker_runs_in_a_bare_interpreter(rel, tmp_path):
    """No site-packages, no arcot, no numpy: the checker file alone."""
    bare = tmp_path / "checker.py"
    bare.write_bytes(CHECKER.read_bytes())  # away from the arcot package
    proc = subprocess.run(
        [sys.executable, "-I", "-S", str(bare), str(PROOFS / rel)],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
    )
    expected = FOLDERS[rel.split("/")[0]]
    assert proc.returncode == EXIT[expected], proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"{expected}: ")


def test_bare_interpreter_really_has_no_numpy(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", "import numpy"],
        capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
    )
    assert proc.returncode != 0


def test_the_hand_walkthrough_in_the_readme_is_true():
    """proofs/README.md checks six bb2 hint rows by hand; they must match."""
    doc = json.loads((PROOFS / "valid" / "bb2-additive.cert.json").read_text())
    rows = doc["hints"]["windows"]
    assert doc["hints"]["count"] == 225 == len(rows)
    assert rows[0] == ["#", "#", "#", "#", 5]
    assert rows[59] == ["0", "0", "(B,0)", "(A,0)", 1]
    assert rows[73] == ["0", "(A,0)", "0", "1", 4]
    assert rows[127] == ["1", "(B,1)", "0", "1", 4]
    assert rows[139] == ["(A,0)", "#", "(A,1)", "#", 1]
    assert rows[145] == ["(A,0)", "0", "0", "(B,0)", 1]
    readme = (PROOFS / "README.md").read_text()
    for y, row in doc["weights"].items():
        assert f'"{y}":' in readme and json.dumps(row) in readme, y


def test_the_circuit_walkthrough_in_the_readme_is_true():
    """proofs/README.md works five bb2 circuit windows by hand."""
    from arcot.verify.certificate import CircuitCertificate

    doc = json.loads((PROOFS / "valid" / "bb2-circuit.cert.json").read_text())
    rows = doc["hints"]["windows"]
    gates = CircuitCertificate.from_json(doc).gates
    assert doc["hints"]["count"] == 144 == len(rows) == 2 * (9 + 36) + 6 * 9
    readme = (PROOFS / "README.md").read_text()
    cited = {
        0: ([None, "0", None, "0", 1], [1, 0, 1, 0, 1, 0, 1, 0]),
        5: ([None, "0", "(B,0)", "(A,0)", 1], [0, -1, 2, 1, 1, 0, 1, 0]),
        55: (["0", "(A,0)", "0", "1", 1], [0, 1, 0, 0, 0, 0, 0, 0]),
        111: (["(A,0)", "1", None, "(B,1)", 1], [-1, 0, 0, 1, 1, 2, 0, 1]),
        128: (["(B,1)", "0", "1", "(Z,0)", 1], [0, -1, 1, 0, 1, 0, 2, 1]),
    }
    for i, (row, sums) in cited.items():
        assert rows[i] == row
        got = gates.sums(*row[:3])
        assert [got[v] for v in gates.cells] == sums
        assert f"| {i} | `" in readme and ", ".join(map(str, sums)) in readme
    for v, gate in doc["weights"].items():
        assert f'"{v}":' in readme and json.dumps(gate) in readme, v


@pytest.mark.parametrize(
    "page", ["explanation/certificates.md", "howto/verify-and-certify.md"]
)
def test_the_docs_pages_run(page):
    import doctest

    result = doctest.testfile(str(ROOT / "docs" / page), module_relative=False)
    assert result.failed == 0 and result.attempted >= 5


#: Malformations JSON Schema cannot see (the checker does): duplicate keys,
#: 5.0 (an "integer" to JSON Schema), fractions not in lowest terms, tokens
#: outside the vocabulary, text that is not JSON, input symbols the machine
#: lacks, the number of inputs a scope has; a circuit's gates must match its
#: cells, and its hints name cells (or null).
BEYOND_SCHEMA = {"duplicate-key", "hint-margin", "weight-float",
                 "weight-not-lowest", "weight-token", "not-json",
                 "inputs-alphabet", "inputs-too-many", "inputs-over-budget",
                 "weight-huge-integer", "weight-huge-numerator",
                 "circuit-gate-missing", "circuit-hint-delimiter",
                 # version 2: pairs, halt states and products of list sizes
                 "v2-duplicate-transition", "v2-halt-transition",
                 "v2-size-bound", "v2-windows-bound"}


@pytest.mark.parametrize(("folder", "path"), CASES, ids=lambda x: getattr(x, "name", x))
def test_schema_agrees_with_the_corpus(folder, path):
    jsonschema = pytest.importorskip("jsonschema")
    case = path.name.removesuffix(".cert.json")
    try:
        doc = json.loads(path.read_text())
    except (ValueError, RecursionError):  # a list 990 deep may pass json or not
        assert case in BEYOND_SCHEMA or case == "renaming-deep"
        return
    version = 2 if isinstance(doc, dict) and doc.get("version") == 2 else 1
    schema = certificate_schema(version)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    ok = validator.is_valid(doc)
    assert ok == (folder != "malformed" or case in BEYOND_SCHEMA), case
