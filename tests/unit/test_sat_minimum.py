"""The SAT minimum: its arithmetic, its encoding, its symmetry breaking, its
answers (equal to the MILP's and to brute force), its proofs (accepted by
the stdlib checker, and tampered ones rejected) and its errors."""

import itertools
import random

import numpy as np
import pytest

from arcot.circuit import Gate, ThresholdCircuit, all_bit_inputs, parity_circuit
from arcot.circuit import truth_table as table_of
from arcot.errors import LengthError, SearchLimitExceeded
from arcot.length import minimum_length
from arcot.length.sat import (
    MAX_SAT_N,
    TRUE,
    ChainEncoding,
    _Builder,
    _Word,
    chain_cnf,
    input_symmetries,
    minimum_length_sat,
    search_lengths,
)
from arcot.length.targets import target_function
from arcot.verify import drup
from arcot.verify.sat_certificate import (
    check_sat_minimum,
    check_unsat_certificate,
)

pysat_solvers = pytest.importorskip("pysat.solvers")


def word_value(bits, true):
    v = sum(1 << j for j, b in enumerate(bits[:-1]) if (b in true if b > 0
                                                         else -b not in true))
    top = bits[-1]
    negative = top in true if top > 0 else -top not in true
    return v - (1 << (len(bits) - 1)) if negative else v


def solve(clauses, assumptions):
    with pysat_solvers.Solver(name="cadical153", bootstrap_with=clauses) as s:
        if not s.solve(assumptions=assumptions):
            return None
        return {lit for lit in s.get_model() if lit > 0} | {TRUE}


def fix(word, value):
    """Assumptions setting a free word to ``value`` (two's complement)."""
    k = len(word.bits)
    return [b if (value >> j) & 1 else -b for j, b in enumerate(word.bits[:k])]


@pytest.mark.parametrize(("ka", "kb"), [(1, 1), (1, 3), (2, 2), (3, 2), (3, 3)])
def test_the_adders_are_exact_and_forced(ka, kb):
    """Every pair of values: the sum, the sum plus one, a >= b and a gated
    word come out right, and no other output bit is possible."""
    cnf = _Builder()
    a, b, g = cnf.word(ka), cnf.word(kb), cnf.var()
    total, plus_one = cnf.add(a, b), cnf.add(a, b, TRUE)
    geq, gated = cnf.at_least(a, b), cnf.gated(a, g)
    outputs = [*total.bits, *plus_one.bits, geq, *gated.bits]
    for x, y, on in itertools.product(range(-(1 << (ka - 1)), 1 << (ka - 1)),
                                      range(-(1 << (kb - 1)), 1 << (kb - 1)),
                                      (False, True)):
        given = fix(a, x) + fix(b, y) + [g if on else -g]
        model = solve(cnf.clauses, given)
        assert model is not None
        assert word_value(total.bits, model) == x + y
        assert word_value(plus_one.bits, model) == x + y + 1
        assert ((geq in model) if geq > 0 else (-geq not in model)) == (x >= y)
        assert word_value(gated.bits, model) == (x if on else 0)
        for out in outputs:  # each output is a function of the inputs
            if abs(out) == TRUE:
                continue
            value = out in model if out > 0 else -out not in model
            assert solve(cnf.clauses, [*given, -out if value else out]) is None


def test_interval_widths_never_wrap():
    cnf = _Builder()
    words = [cnf.word(4) for _ in range(5)]
    total = words[0]
    for w in words[1:]:
        total = cnf.add(total, w)
    assert (total.lo, total.hi) == (-40, 35)
    assert len(total.bits) == 7  # [-64, 63] holds [-40, 35]; 6 bits would not
    zero = _Word((-TRUE,), 0, 0)
    assert cnf.add(total, zero) is total


def circuit_of(n, gates):
    out = []
    for t, (wx, wu, thr) in enumerate(gates):
        pairs = [(f"x{i}", v) for i, v in enumerate(wx) if v]
        pairs += [(f"t{s}", v) for s, v in enumerate(wu) if v]
        out.append(Gate(name=f"t{t}", weights=tuple(pairs), threshold=thr))
    return ThresholdCircuit(n_inputs=n, gates=out)


def assumptions_for(enc: ChainEncoding, gates):
    out = []
    for words, (wx, wu, thr) in zip(enc.weights, gates, strict=True):
        for bits, v in zip(words, [*wx, *wu, -thr], strict=True):
            out += [b if (v >> j) & 1 else -b for j, b in enumerate(bits)]
    return out


@pytest.mark.parametrize(("n", "length"), [(2, 1), (2, 2), (3, 2), (3, 3)])
def test_the_cnf_says_exactly_that_the_weights_compute_f(n, length):
    """With the weights fixed, the CNF (without symmetry breaking) is
    satisfiable iff the circuit they make computes f; decode reads them back."""
    rng = random.Random(n * 10 + length)
    for _ in range(12):
        enc0 = chain_cnf([0] * (1 << n), n, length, symmetry=False)
        gates = []
        for t, k in enumerate(enc0.widths):
            lo, hi = -(1 << (k - 1)), (1 << (k - 1)) - 1
            gates.append(([rng.randint(lo, hi) for _ in range(n)],
                          [rng.randint(lo, hi) for _ in range(t)],
                          -rng.randint(lo, hi)))
        circuit = circuit_of(n, gates)
        computed = circuit.evaluate_all()[:, -1].tolist()
        enc = chain_cnf(computed, n, length, symmetry=False)
        model = solve(enc.clauses, assumptions_for(enc, gates))
        assert model is not None
        decoded = enc.decode(sorted(model))
        assert np.array_equal(decoded.evaluate_all(), circuit.evaluate_all())
        assert [g.threshold for g in decoded.gates] == [thr for _, _, thr in gates]
        wrong = list(computed)
        wrong[rng.randrange(len(wrong))] ^= 1
        enc = chain_cnf(wrong, n, length, symmetry=False)
        assert solve(enc.clauses, assumptions_for(enc, gates)) is None


def test_input_symmetries():
    parity = table_of(lambda x: sum(x) % 2, 3)
    assert input_symmetries(parity, 3).flippable == (0, 1, 2)
    assert input_symmetries(parity, 3).classes == ((0, 1, 2),)
    # x0 xor majority(x1, x2, x3): x0 flippable alone; x1..x3 interchangeable
    f = table_of(lambda x: x[0] ^ int(x[1] + x[2] + x[3] >= 2), 4)
    assert input_symmetries(f, 4).flippable == (0,)
    assert input_symmetries(f, 4).classes == ((1, 2, 3),)
    eq = table_of(target_function("equality"), 4)  # a0 a1 = b0 b1
    assert input_symmetries(eq, 4).classes == ((0, 2), (1, 3))  # a_i <-> b_i
    assert input_symmetries(eq, 4).flippable == ()
    gt = table_of(target_function("greater-than"), 4)
    assert input_symmetries(gt, 4) == input_symmetries(gt, 4).__class__((), (), ())
    assert input_symmetries(table_of(lambda x: x[2], 3), 3).irrelevant == (0, 1)


def all_tables(n):
    return [[(code >> r) & 1 for r in range(1 << n)] for code in range(1 << (1 << n))]


def assert_no_shorter_without_breaks(table, n, tokens):
    """The breaks only remove solutions, so they can only make the minimum
    longer: it is sound when the CNF without them refutes ``tokens - 1``."""
    if tokens > 1:
        [verdict] = search_lengths(table, n, lengths=[tokens - 1], proof=False,
                                   symmetry=False)
        assert verdict.status == "unsat", (table, tokens)


def test_every_function_of_three_bits_with_and_without_symmetry_breaking():
    """Symmetry breaking loses no CoT: the same minimum for all 256
    functions of 3 bits; and the 104 of length 1 are the threshold functions
    of 3 variables (OEIS A000609: 2, 4, 14, 104, 1882)."""
    with_breaks = [minimum_length_sat(t, 3, proof=False).tokens for t in all_tables(3)]
    for table, tokens in zip(all_tables(3), with_breaks, strict=True):
        assert_no_shorter_without_breaks(table, 3, tokens)
    assert with_breaks.count(1) == 104
    assert [minimum_length_sat(t, 2, proof=False).tokens
            for t in all_tables(2)].count(1) == 14


def symmetric_tables(n):
    weight = all_bit_inputs(n).sum(axis=1)
    for code in range(1 << (n + 1)):
        yield [(code >> int(k)) & 1 for k in weight]


def test_symmetric_and_flippable_functions_of_four_bits():
    """The functions whose symmetries the breaks use: every symmetric one,
    x0 xor g(x1, x2, x3), and ones with an irrelevant input or a swappable
    pair, with and without breaking."""
    rng = random.Random(4)
    tables = list(symmetric_tables(4))
    rows = all_bit_inputs(4).tolist()
    for _ in range(3):
        g = [rng.randint(0, 1) for _ in range(8)]
        tables.append([x[0] ^ g[4 * x[1] + 2 * x[2] + x[3]] for x in rows])
        h = [rng.randint(0, 1) for _ in range(8)]
        tables.append([h[4 * x[1] + 2 * x[2] + x[3]] for x in rows])  # x0 ignored
        s = [rng.randint(0, 1) for _ in range(12)]
        tables.append([s[3 * (x[0] + x[1]) + 2 * x[2] + x[3]] for x in rows])
    for table in tables:
        sym = input_symmetries(table, 4)
        assert sym.irrelevant or sym.flippable or sym.classes
        tokens = minimum_length_sat(table, 4, proof=False).tokens
        assert_no_shorter_without_breaks(table, 4, tokens)


FAST = ["parity", "majority", "and", "or", "palindrome", "equality",
        "inner-product", "greater-than", "threshold:2", "exact:2", "mod:3",
        "sparse-parity:0,2", "addition-bit:1"]


@pytest.mark.parametrize("spec", FAST)
def test_the_named_functions_agree_with_the_milp(spec):
    f = target_function(spec)
    for n in (3, 4):
        best = minimum_length_sat(f, n)
        assert best.verified and best.circuit.n_inputs == n
        assert check_sat_minimum(best, f).exact
        if spec == "parity" and n == 4:  # the MILP takes seconds here: its
            assert best.tokens == 3  # answer, tests/unit/test_length.py
            continue
        assert best.tokens == minimum_length(f, n).tokens, (spec, n)


def test_parity_and_majority_on_five_bits():
    parity = target_function("parity")
    best = minimum_length_sat(parity, 5, hint=parity_circuit(5))
    # 3, as the MILP finds (tests/unit/test_length.py, seconds there)
    assert (best.tokens, best.witness_source, best.unsat_lengths) == (3, "hint", (1, 2))
    verdict = check_sat_minimum(best, parity)
    assert verdict.exact and verdict.lower.verified
    assert minimum_length_sat(target_function("majority"), 5).tokens == 1


def test_the_proof_is_the_refutation_of_the_documented_cnf():
    parity = lambda x: sum(x) % 2  # noqa: E731
    best = minimum_length_sat(parity, 4)
    cert = best.lower_bound
    assert (best.tokens, cert.length, cert.n) == (3, 2, 4)
    assert cert.cnf == chain_cnf(table_of(parity, 4), 4, 2).dimacs()
    assert cert.cnf.startswith("c arcot chain CNF: a CoT of 2 linear threshold")
    assert drup.check(cert.cnf, cert.proof)[0] == drup.VERIFIED
    assert check_unsat_certificate(cert).verified


def tampered(cert, **changes):
    fields = {k: getattr(cert, k) for k in cert.__dataclass_fields__}
    fields.update(changes)
    return type(cert)(**fields)


def test_tampered_certificates_are_rejected():
    parity = lambda x: sum(x) % 2  # noqa: E731
    best = minimum_length_sat(parity, 4)
    cert = best.lower_bound
    lines = cert.proof.splitlines()
    no_empty = tampered(cert, proof="\n".join(lines[:-1]) + "\n")
    assert check_unsat_certificate(no_empty).verdict == drup.REJECTED
    no_lemmas = tampered(cert, proof="0\n")
    assert check_unsat_certificate(no_lemmas).verdict == drup.REJECTED
    body = cert.cnf.splitlines()
    dropped = tampered(cert, cnf="\n".join(body[:-1]) + "\n")  # a clause less
    verdict = check_unsat_certificate(dropped)
    assert verdict.verdict == drup.REJECTED and "not chain_cnf" in verdict.message
    other = tampered(cert, length=1)  # the CNF is not that of length 1
    assert check_unsat_certificate(other).verdict == drup.REJECTED
    # a certificate for parity is no lower bound for another function
    assert not check_sat_minimum(best, lambda x: int(sum(x) == 2)).exact
    # a proof cut short (the first half of its lemmas) refutes nothing
    half = tampered(cert, proof="\n".join([*lines[:len(lines) // 2], "0"]) + "\n")
    assert check_unsat_certificate(half).verdict == drup.REJECTED


def test_without_proofs_nothing_is_certified():
    parity = lambda x: sum(x) % 2  # noqa: E731
    best = minimum_length_sat(parity, 3, proof=False)
    assert best.tokens == 2 and best.lower_bound is None
    assert not check_sat_minimum(best, parity).exact


def test_a_single_gate_needs_no_lower_bound():
    best = minimum_length_sat(lambda x: int(sum(x) >= 2), 3)
    assert best.tokens == 1 and best.lower_bound is None
    assert check_sat_minimum(best, lambda x: int(sum(x) >= 2)).exact
    const = minimum_length_sat(lambda x: 0, 3)  # the truth-table circuit: 1 gate
    assert (const.tokens, const.witness_source) == (1, "truth-table")
    assert const.verdicts == ()


def test_search_lengths_reports_each_length():
    verdicts = list(search_lengths(lambda x: sum(x) % 2, 3, lengths=[2, 1]))
    assert [(v.length, v.status) for v in verdicts] == [(2, "sat"), (1, "unsat")]
    assert verdicts[0].circuit is not None and verdicts[1].certificate is not None


def test_the_time_limit_gives_the_bounds_so_far():
    with pytest.raises(SearchLimitExceeded, match=r"at least 1 tokens .* at most 3"):
        minimum_length_sat(lambda x: sum(x) % 2, 5, hint=parity_circuit(5),
                           time_limit=1e-9)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n": 0}, "n must be >= 1"),
    ({"n": MAX_SAT_N + 1}, "beyond the SAT minimum search"),
    ({"function": [0, 1, 1]}, "must be 8 bits"),
    ({"function": [0, 2, 1, 0, 0, 0, 0, 0]}, "must be 8 bits 0/1"),
    ({"time_limit": 0}, "time_limit must be a positive number"),
    ({"time_limit": True}, "time_limit must be a positive number"),
    ({"solver": "minisat22"}, "solver 'minisat22'"),
    ({"hint": parity_circuit(4)}, "hint does not compute"),
    ({"hint": "x"}, "hint must be a ThresholdCircuit"),
])
def test_bad_arguments(kwargs, match):
    args = {"function": lambda x: sum(x) % 2, "n": 3, **kwargs}
    with pytest.raises(LengthError, match=match):
        minimum_length_sat(args.pop("function"), args.pop("n"), **args)


def test_chain_cnf_checks_its_table():
    with pytest.raises(LengthError, match="must be 4 bits"):
        chain_cnf([0, 1], 2, 1)
    with pytest.raises(LengthError, match="length must be >= 1"):
        chain_cnf([0, 1, 1, 0], 2, 0)


def test_minimum_length_has_a_sat_backend():
    parity = lambda x: sum(x) % 2  # noqa: E731
    best = minimum_length(parity, 4, backend="sat", hint=parity_circuit(4))
    assert (best.tokens, best.infeasible, best.backend) == (3, (1, 2), "sat")
    assert best.weight_bounds == (6, 14, 32)
    assert check_unsat_certificate(best.certificate).verified
    milp = minimum_length(parity, 3, backend="milp")
    assert (milp.backend, milp.certificate) == ("milp", None)
    with pytest.raises(LengthError, match="backend 'cp-sat'"):
        minimum_length(parity, 3, backend="cp-sat")
    with pytest.raises(LengthError, match="beyond the SAT minimum search"):
        minimum_length(parity, MAX_SAT_N + 1, backend="sat")


def test_small_weights_first_finds_witnesses_and_certifies_nothing():
    parity = lambda x: sum(x) % 2  # noqa: E731
    capped = chain_cnf(table_of(parity, 5), 5, 3, max_width=4)
    assert capped.capped and capped.widths == (4, 4, 4)
    assert "capped: unsatisfiable proves nothing" in capped.dimacs()
    full = chain_cnf(table_of(parity, 5), 5, 3)
    assert not full.capped and full.widths == (5, 7, 8)  # K = 14, 32, 76
    for quick in (True, False):
        best = minimum_length_sat(parity, 5, quick=quick)
        assert (best.tokens, best.witness_source) == (3, "solver")
        assert check_sat_minimum(best, parity).exact
        assert "capped" not in best.lower_bound.cnf
