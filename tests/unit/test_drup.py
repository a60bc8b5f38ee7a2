"""The stdlib-only DRUP checker: verdicts on hand-made and solver proofs,
every kind of tampering, deletions, malformed files, the size limit, and the
command line run as ``python3 -I -S arcot/verify/drup.py``."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from arcot.errors import SizeLimitExceeded
from arcot.verify import drup
from arcot.verify.sat_certificate import check_drup

DRUP = Path(drup.__file__)

# Unsatisfiable, but unit propagation alone finds no conflict: 1 must be
# derived (RUP: not-1 propagates 2 and -2), then 3 (not-3 propagates 4, -4),
# then the empty clause. Its negation -1 is *not* RUP (it propagates nothing).
TIGHT = "p cnf 4 6\n1 2 0\n1 -2 0\n-1 3 4 0\n-1 -3 4 0\n-1 3 -4 0\n-1 -3 -4 0\n"
TIGHT_PROOF = "1 0\n3 0\n0\n"


def verdict(cnf, proof):
    return drup.check(cnf, proof)


def test_a_valid_proof_is_verified():
    v, message = verdict(TIGHT, TIGHT_PROOF)
    assert v == drup.VERIFIED
    assert "lemma 3 (proof line 3)" in message


@pytest.mark.parametrize(("proof", "lemma"), [
    ("3 0\n0\n", "lemma 1 (proof line 1)"),  # the lemma 1 removed
    ("1 0\n0\n", "lemma 2 (proof line 2)"),  # the lemma 3 removed
    ("-1 0\n3 0\n0\n", "lemma 1 (proof line 1)"),  # a literal flipped
    ("1 0\n-3 4 0\n0\n", None),  # a literal flipped in the second lemma
])
def test_tampered_proofs_are_rejected(proof, lemma):
    v, message = verdict(TIGHT, proof)
    assert v == drup.REJECTED, message
    if lemma:
        assert lemma in message and "not a RUP consequence" in message


def test_a_proof_without_the_empty_clause_is_rejected():
    # After 1 and 3 the clauses propagate to a conflict, but the proof must
    # say so: the empty clause is the claim.
    v, message = verdict(TIGHT, "1 0\n3 0\n")
    assert v == drup.REJECTED
    assert "without deriving the empty clause" in message


def test_deletions_are_honoured():
    assert verdict(TIGHT, "1 0\nd 1 0\n3 0\n0\n")[0] == drup.REJECTED
    # deleting an original clause the later lemmas do not need is harmless
    assert verdict(TIGHT, "d 1 2 0\n1 0\n3 0\n0\n")[0] == drup.REJECTED  # 1 needs it
    assert verdict(TIGHT, "1 0\nd 1 2 0\nd 1 -2 0\n3 0\n0\n")[0] == drup.VERIFIED


def test_deleting_the_reason_of_a_top_level_literal_retracts_it():
    # 1 implies 2 at the top level through (-1 2); once that clause is
    # deleted, 2 is no longer implied and the lemma 3 is not RUP.
    cnf = ("p cnf 4 6\n1 0\n-1 2 0\n-2 3 4 0\n-2 3 -4 0\n-2 -3 4 0\n"
           "-2 -3 -4 0\n")
    assert verdict(cnf, "3 0\n0\n")[0] == drup.VERIFIED
    v, message = verdict(cnf, "d -1 2 0\n3 0\n0\n")
    assert v == drup.REJECTED and "lemma 1" in message


def test_literals_implied_after_a_retracted_one_are_implied_again():
    # The top level is 3 (a unit), 4 (by -3 4), then 5 (the lemma, a unit)
    # and 6 (by -5 6). Deleting (-3 4) unassigns 4 and everything after it;
    # 5 (a one-literal clause, in no watch list) and 6 must come back for
    # the lemma 1 to be RUP (not-1 and 6 give 2 and -2).
    cnf = ("p cnf 8 9\n3 0\n-3 4 0\n5 8 0\n5 -8 0\n-5 6 0\n1 -6 2 0\n"
           "1 -6 -2 0\n-1 -6 7 0\n-1 -6 -7 0\n")
    v, message = verdict(cnf, "5 0\nd -3 4 0\n1 0\n0\n")
    assert v == drup.VERIFIED, message
    v, message = verdict(cnf, "5 0\nd -3 4 0\nd 5 0\n1 0\n0\n")
    assert v == drup.REJECTED and message.startswith("lemma 2 "), message


def test_deleting_an_absent_clause_is_counted_and_ignored():
    v, message = verdict(TIGHT, "d 2 3 0\n1 0\n3 0\n0\n")
    assert v == drup.VERIFIED
    assert "1 deletions of absent clauses ignored" in message


def test_a_cnf_with_the_empty_clause_is_refuted_at_once():
    assert verdict("p cnf 1 1\n0\n", "0\n")[0] == drup.VERIFIED


def test_a_satisfiable_cnf_is_never_refuted():
    cnf = "p cnf 2 2\n1 2 0\n-1 2 0\n"
    assert verdict(cnf, "2 0\n0\n")[0] == drup.REJECTED
    assert verdict(cnf, "0\n")[0] == drup.REJECTED


def test_tautologies_and_duplicate_literals():
    cnf = "p cnf 2 4\n1 1 2 0\n1 -2 0\n-1 2 2 0\n-1 -2 0\n"
    assert verdict(cnf, "1 -1 0\n1 0\n0\n")[0] == drup.VERIFIED


def pigeons(p, h):
    var = lambda i, j: i * h + j + 1  # noqa: E731
    clauses = [[var(i, j) for j in range(h)] for i in range(p)]
    for j in range(h):
        clauses += [[-var(a, j), -var(b, j)] for a in range(p) for b in range(a + 1, p)]
    return p * h, clauses


def dimacs(n_vars, clauses):
    return f"p cnf {n_vars} {len(clauses)}\n" + "".join(
        " ".join(map(str, c)) + " 0\n" for c in clauses)


@pytest.mark.parametrize("solver",
                         ["cadical153", "cadical195", "glucose4", "lingeling"])
def test_solver_proofs_are_verified(solver):
    pysat_solvers = pytest.importorskip("pysat.solvers")
    n_vars, clauses = pigeons(5, 4)
    with pysat_solvers.Solver(name=solver, bootstrap_with=clauses,
                              with_proof=True) as s:
        assert s.solve() is False
        proof = "\n".join(s.get_proof()) + "\n"
    cnf = dimacs(n_vars, clauses)
    assert verdict(cnf, proof)[0] == drup.VERIFIED
    # the final empty clause dropped: rejected
    lines = proof.splitlines()
    assert lines[-1] == "0"
    assert verdict(cnf, "\n".join(lines[:-1]) + "\n")[0] == drup.REJECTED
    # every lemma removed: unit propagation alone does not refute pigeonholes
    assert verdict(cnf, "0\n")[0] == drup.REJECTED
    # the proof of another formula (one clause left out is satisfiable)
    assert verdict(dimacs(n_vars, clauses[1:]), proof)[0] == drup.REJECTED


@pytest.mark.parametrize(("cnf", "proof", "where"), [
    ("1 0\n", "0\n", "CNF line 1: expected the header"),
    ("c only a comment\n", "0\n", "CNF: no 'p cnf"),
    ("p cnf 2 1\n1 x 0\n", "0\n", "CNF line 2: 'x' is not a literal"),
    ("p cnf 2 2\n1 2 0\n", "0\n", "the header says 2 clauses, the file has 1"),
    ("p cnf 2 1\n1 3 0\n", "0\n", "CNF line 2: literal 3 names a variable past"),
    ("p cnf 2 1\n1 2\n", "0\n", "CNF line 2: the last clause does not end with 0"),
    ("p cnf 2 1\n1 -0 0\n", "0\n", "CNF line 2"),
    ("p cnf 2 1\n1 0\n", "1 2\n", "PROOF line 1: a step ends with 0"),
    ("p cnf 2 1\n1 0\n", "1 0 2 0\n", "PROOF line 1: 0 before the end"),
    ("p cnf 2 1\n1 0\n", "c fine\nd\n", "PROOF line 2: a step ends with 0"),
    ("p cnf 2 1\n1 0\n", "1 +2 0\n", "PROOF line 1: '+2' is not a literal"),
    ("p cnf 2 1\n1 0\n", "1 0012 0\n", "PROOF line 1: '0012' is not a literal"),
])
def test_malformed_files_name_the_line(cnf, proof, where):
    v, message = verdict(cnf, proof)
    assert v == drup.MALFORMED
    assert where in message


def test_a_clause_may_span_lines_in_the_cnf():
    assert verdict("p cnf 1 2\n1\n0 -1 0\n", "0\n")[0] == drup.VERIFIED


def run(*args):
    return subprocess.run([sys.executable, "-I", "-S", str(DRUP), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_the_command_line_exit_codes(tmp_path):
    cnf, good, bad, broken = (tmp_path / name for name in
                              ("f.cnf", "good.drup", "bad.drup", "broken.drup"))
    cnf.write_text(TIGHT)
    good.write_text(TIGHT_PROOF)
    bad.write_text("3 0\n0\n")
    broken.write_text("1 2\n")
    out = run(cnf, good)
    assert out.returncode == 0 and out.stdout.startswith("verified: ")
    out = run(cnf, bad)
    assert out.returncode == 1 and out.stdout.startswith("rejected: lemma 1")
    out = run(cnf, broken)
    assert out.returncode == 2 and out.stdout.startswith("malformed: PROOF line 1")
    assert run(cnf, tmp_path / "absent.drup").returncode == 2
    assert run(cnf).returncode == 2
    assert run(cnf, good, "--max-mib", "zero").returncode == 2
    assert run("--help").returncode == 0


def test_a_binary_file_is_malformed(tmp_path):
    cnf, proof = tmp_path / "f.cnf", tmp_path / "p.drat"
    cnf.write_text(TIGHT)
    proof.write_bytes(b"a\xff\x01")
    out = run(cnf, proof)
    assert out.returncode == 2 and "not ASCII" in out.stdout


def test_the_size_limit_is_checked_before_reading(tmp_path):
    cnf, proof = tmp_path / "f.cnf", tmp_path / "big.drup"
    cnf.write_text(TIGHT)
    proof.write_text("c " + "x" * (1 << 20) + "\n" + TIGHT_PROOF)
    out = run(cnf, proof, "--max-mib", 1)
    assert out.returncode == 3 and out.stdout.startswith("refused: PROOF")
    assert run(cnf, proof, "--max-mib", 2).returncode == 0


def test_the_python_wrapper_refuses_past_its_limit():
    padded = "c" + " " * len(TIGHT) + "\n" + TIGHT_PROOF
    with pytest.raises(SizeLimitExceeded, match=f"proof has {len(padded)} characters"):
        check_drup(TIGHT, padded, max_bytes=len(TIGHT))
    with pytest.raises(SizeLimitExceeded, match="CNF has"):
        check_drup(TIGHT, TIGHT_PROOF, max_bytes=len(TIGHT) - 1)
    assert check_drup(TIGHT, TIGHT_PROOF).verified


def test_the_checker_imports_the_standard_library_only():
    tree = ast.parse(DRUP.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module.split(".")[0]]
        for name in names:
            assert name in sys.stdlib_module_names, f"drup imports {name}"


def backward(cnf, proof):
    return drup.check(cnf, proof, backward=True)


def test_backward_checking_verifies_and_counts_the_lemmas_used():
    v, message = backward(TIGHT, TIGHT_PROOF)
    assert v == drup.VERIFIED and "checked backward: 3 of 3 lemmas used" in message
    # a lemma nothing uses (2 -2 3 is a tautology; 1 3 is RUP but unused)
    v, message = backward(TIGHT, "1 3 0\n1 0\n3 0\n0\n")
    assert v == drup.VERIFIED and "3 of 4 lemmas used" in message


@pytest.mark.parametrize("proof", [
    "3 0\n0\n",  # lemma 1 left out: 3 is not RUP
    "1 0\n0\n",  # lemma 3 left out: the empty clause is not RUP
    "-1 0\n3 0\n0\n",  # a literal flipped
    "1 0\nd 1 0\n3 0\n0\n",  # the lemma the next one needs deleted
    "d 1 2 0\n1 0\n3 0\n0\n",  # an original clause 1 needs deleted
    "1 0\n3 0\n",  # truncated: no empty clause
    "1 0\n",
    "",
    "0\n",  # the empty clause alone: the CNF does not propagate to a conflict
])
def test_backward_checking_rejects_what_is_wrong(proof):
    v, message = backward(TIGHT, proof)
    assert v == drup.REJECTED, message
    assert drup.check(TIGHT, proof)[0] == drup.REJECTED


def test_backward_checking_names_a_used_lemma_that_is_not_rup():
    # -2 is not RUP; at the top level it implies 1 (by "1 2"), which the
    # final conflict rests on
    v, message = backward(TIGHT, "-2 0\n1 0\n3 0\n0\n")
    assert v == drup.REJECTED and message.startswith("lemma 1 (proof line 1)")
    # unused and not RUP (5 is free): backward checking never looks at it
    proof = "5 0\n1 0\n3 0\n0\n"
    assert backward(TIGHT, proof)[0] == drup.VERIFIED
    assert drup.check(TIGHT, proof)[0] == drup.REJECTED


def test_backward_checking_keeps_deleted_clauses_out_and_puts_them_back():
    # 1 is deleted and derived again; the empty clause needs the copy present
    assert backward(TIGHT, "1 0\nd 1 0\n1 0\n3 0\n0\n")[0] == drup.VERIFIED
    assert backward(TIGHT, "1 0\n3 0\nd 3 0\n0\n")[0] == drup.REJECTED
    # a deleted original clause the proof no longer needs
    assert backward(TIGHT, "1 0\nd 1 2 0\nd 1 -2 0\n3 0\n0\n")[0] == drup.VERIFIED


def test_the_command_line_checks_backward(tmp_path):
    cnf, good, bad = tmp_path / "f.cnf", tmp_path / "g.drup", tmp_path / "b.drup"
    cnf.write_text(TIGHT)
    good.write_text(TIGHT_PROOF)
    bad.write_text("3 0\n0\n")
    out = run(cnf, good, "--backward")
    assert out.returncode == 0 and "checked backward" in out.stdout
    assert run(cnf, good, "--max-mib", 1, "--backward").returncode == 0
    assert run(cnf, bad, "--backward").returncode == 1
