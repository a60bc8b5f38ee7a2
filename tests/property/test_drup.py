"""The DRUP checker against a naive one and against brute force.

The naive checker recomputes unit propagation from scratch, by rescanning
every clause, for every lemma (no watches, no trail kept between lemmas),
so it cannot share the fast checker's bookkeeping bugs. On random small
formulas and random proofs (lemmas, deletions, an empty clause or not) the
two give the same verdict and name the same failing lemma; whatever the
fast checker verifies is unsatisfiable by brute force; and every proof a
SAT solver writes for a random unsatisfiable formula is verified.
"""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.verify import drup


def propagates_to_conflict(clauses, assumed):
    """Naive unit propagation: rescan every clause until nothing changes."""
    value = {}
    for lit in assumed:
        if value.get(-lit):
            return True
        value[lit] = True
    changed = True
    while changed:
        changed = False
        for c in clauses:
            if any(value.get(lit) for lit in c):
                continue
            free = [lit for lit in c if not value.get(-lit)]
            if not free:
                return True
            if len(free) == 1:
                value[free[0]] = True
                changed = True
    return False


def naive_check(clauses, steps):
    """``("verified", k)``, ``("rejected", k)`` (lemma k is not RUP) or
    ``("rejected", None)`` (no empty clause)."""
    db = [frozenset(c) for c in clauses]
    lemmas = 0
    for deleted, lits in steps:
        key = frozenset(lits)
        if deleted:
            if key in db:
                db.remove(key)
            continue
        lemmas += 1
        if not propagates_to_conflict(db, [-lit for lit in key]):
            return "rejected", lemmas
        if not key:
            return "verified", lemmas
        db.append(key)
    return "rejected", None


def satisfiable(n_vars, clauses):
    for bits in itertools.product((False, True), repeat=n_vars):
        if all(any(bits[abs(lit) - 1] == (lit > 0) for lit in c) for c in clauses):
            return True
    return False


def text_of(n_vars, clauses, steps):
    cnf = f"p cnf {n_vars} {len(clauses)}\n" + "".join(
        " ".join(map(str, c)) + " 0\n" for c in clauses)
    proof = "".join(("d " if d else "") + " ".join(map(str, lits)) + " 0\n"
                    for d, lits in steps)
    return cnf, proof


@st.composite
def formulas(draw, max_vars=6):
    n_vars = draw(st.integers(1, max_vars))
    literal = st.integers(1, n_vars).flatmap(lambda v: st.sampled_from([v, -v]))
    clause = st.lists(literal, min_size=1, max_size=3)
    return n_vars, draw(st.lists(clause, min_size=1, max_size=24))


@st.composite
def proofs(draw):
    n_vars, clauses = draw(formulas())
    literal = st.integers(1, n_vars).flatmap(lambda v: st.sampled_from([v, -v]))
    steps = []
    for _ in range(draw(st.integers(0, 12))):
        if clauses and draw(st.integers(0, 3)) == 0:
            pool = clauses + [lits for d, lits in steps if not d]
            steps.append((True, list(draw(st.sampled_from(pool)))))
        else:
            steps.append((False, draw(st.lists(literal, max_size=3))))
    if draw(st.booleans()):
        steps.append((False, []))
    return n_vars, clauses, steps


@given(proofs())
@settings(max_examples=200)
def test_the_checker_agrees_with_the_naive_one(case):
    n_vars, clauses, steps = case
    verdict, message = drup.check(*text_of(n_vars, clauses, steps))
    expected, lemma = naive_check(clauses, steps)
    assert verdict == expected, message
    if verdict == drup.VERIFIED:
        assert not satisfiable(n_vars, clauses)
        assert f"at lemma {lemma} " in message
    elif lemma is None:
        assert "without deriving the empty clause" in message
    else:
        assert message.startswith(f"lemma {lemma} ")


@given(formulas(), st.lists(st.integers(-6, 6).filter(bool), max_size=3))
def test_a_lemma_that_is_not_rup_is_rejected_first(formula, lemma):
    n_vars, clauses = formula
    lemma = [lit for lit in lemma if abs(lit) <= n_vars]
    verdict, message = drup.check(*text_of(n_vars, clauses, [(False, lemma),
                                                            (False, [])]))
    if not propagates_to_conflict([frozenset(c) for c in clauses],
                                  [-lit for lit in set(lemma)]):
        assert verdict == drup.REJECTED and message.startswith("lemma 1 ")


@given(formulas(max_vars=8), st.sampled_from(["cadical153", "glucose4"]))
@settings(max_examples=50)
def test_solver_proofs_of_unsatisfiable_formulas_are_verified(formula, solver):
    pysat_solvers = pytest.importorskip("pysat.solvers")
    n_vars, clauses = formula
    with pysat_solvers.Solver(name=solver, bootstrap_with=clauses,
                              with_proof=True) as s:
        sat = s.solve()
        # Glucose leaves the empty clause out when unit propagation refutes
        # the formula as it loads; the producer adds it (the claim).
        lines = [] if sat else list(s.get_proof())
        proof = None if sat else "\n".join([*lines, "0"] if lines[-1:] != ["0"]
                                           else lines) + "\n"
    assert sat == satisfiable(n_vars, clauses)
    if proof is not None:
        cnf = text_of(n_vars, clauses, [])[0]
        verdict, message = drup.check(cnf, proof)
        assert verdict == drup.VERIFIED, message


@given(proofs())
@settings(max_examples=300)
def test_backward_checking_is_sound_and_accepts_what_forward_accepts(case):
    """Backward checking checks only the lemmas the refutation uses: what it
    verifies is unsatisfiable by brute force, it verifies every proof the
    forward check verifies, and a proof without the empty clause fails."""
    n_vars, clauses, steps = case
    texts = text_of(n_vars, clauses, steps)
    verdict, message = drup.check(*texts, backward=True)
    forward, _ = drup.check(*texts)
    assert verdict in (drup.VERIFIED, drup.REJECTED), message
    if verdict == drup.VERIFIED:
        assert not satisfiable(n_vars, clauses)
        assert "checked backward" in message
    if forward == drup.VERIFIED:
        assert verdict == drup.VERIFIED, message
    if not any(not d and not lits for d, lits in steps):
        assert verdict == drup.REJECTED
        assert "without deriving the empty clause" in message
    elif verdict == drup.REJECTED:  # the lemma it names is not RUP there
        assert "not a RUP consequence" in message
        named = int(message.split()[1])
        db, lemmas = [frozenset(c) for c in clauses], 0
        for deleted, lits in steps:
            key = frozenset(lits)
            if deleted:
                if key in db:
                    db.remove(key)
                continue
            lemmas += 1
            if lemmas == named:
                assert not propagates_to_conflict(db, [-lit for lit in key])
                break
            db.append(key)
        else:
            raise AssertionError(message)


@given(formulas(max_vars=8), st.sampled_from(["cadical153", "glucose4"]))
@settings(max_examples=50)
def test_solver_proofs_are_verified_backward(formula, solver):
    pysat_solvers = pytest.importorskip("pysat.solvers")
    n_vars, clauses = formula
    with pysat_solvers.Solver(name=solver, bootstrap_with=clauses,
                              with_proof=True) as s:
        if s.solve():
            return
        lines = list(s.get_proof())
    proof = "\n".join([*lines, "0"] if lines[-1:] != ["0"] else lines) + "\n"
    verdict, message = drup.check(text_of(n_vars, clauses, [])[0], proof,
                                  backward=True)
    assert verdict == drup.VERIFIED, message


@given(st.integers(0, 2**32), st.booleans())
@settings(max_examples=40, deadline=None)
def test_a_proof_of_a_stronger_formula_refutes_no_satisfiable_one(seed, backward):
    """A satisfiable random 3-CNF ``F``, clauses added until it is not, the
    solver's proof of that: it is verified for the larger formula and
    rejected for ``F`` itself (each check is sound on real solver proofs,
    with their deletions, not only on small hand-drawn ones)."""
    pysat_solvers = pytest.importorskip("pysat.solvers")
    rng = random.Random(seed)
    n_vars = rng.randint(10, 30)

    def clause(size):
        return [rng.choice([1, -1]) * rng.randint(1, n_vars) for _ in range(size)]

    formula = [clause(3) for _ in range(int(n_vars * rng.uniform(3.0, 4.2)))]
    with pysat_solvers.Solver(name="cadical153", bootstrap_with=formula) as s:
        if not s.solve():
            return
    extra = []
    while True:
        extra.append(clause(rng.randint(1, 3)))
        with pysat_solvers.Solver(name="cadical153", bootstrap_with=formula + extra,
                                  with_proof=True) as s:
            if not s.solve():
                lines = list(s.get_proof())
                break
    proof = "\n".join([*lines, "0"] if lines[-1:] != ["0"] else lines) + "\n"
    stronger = text_of(n_vars, formula + extra, [])[0]
    assert drup.check(stronger, proof, backward=backward)[0] == drup.VERIFIED
    assert drup.check(text_of(n_vars, formula, [])[0], proof,
                      backward=backward)[0] == drup.REJECTED
