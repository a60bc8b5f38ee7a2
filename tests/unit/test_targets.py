"""The named target functions of arcot length --function."""

import itertools

import pytest

from arcot.circuit import SymmetricFunction
from arcot.errors import LengthError
from arcot.length import FAMILIES, FUNCTIONS, measure_function_length, target_function


def every(n):
    return list(itertools.product((0, 1), repeat=n))


def number(bits):
    return int("".join(map(str, bits)) or "0", 2)


@pytest.mark.parametrize("n", range(0, 7))
def test_each_named_function_is_its_definition(n):
    h = n // 2
    for x in every(n):
        a, b = number(x[:h]), number(x[h:2 * h])
        want = {
            "parity": sum(x) % 2, "majority": int(2 * sum(x) > n),
            "and": int(all(x)), "or": int(any(x)), "palindrome": int(x == x[::-1]),
            "equality": int(a == b), "greater-than": int(a > b),
            "inner-product": sum(x[i] & x[h + i] for i in range(h)) % 2,
            "threshold:2": int(sum(x) >= 2), "exact:1": int(sum(x) == 1),
            "mod:3": int(sum(x) % 3 == 0), "sparse-parity:1,4": (
                sum(x[i] for i in (1, 4) if i < n) % 2),
            "addition-bit:1": ((a + b) >> 1) & 1,
        }
        for spec, value in want.items():
            assert int(target_function(spec)(x)) == value, (spec, x)


def test_the_functions_of_the_number_of_ones_are_symmetric_by_construction():
    symmetric = {"parity", "majority", "and", "or", "threshold:2", "exact:1", "mod:3"}
    for spec in [*FUNCTIONS, "threshold:2", "exact:1", "mod:3", "sparse-parity:0",
                 "addition-bit:0"]:
        assert isinstance(target_function(spec), SymmetricFunction) == (
            spec in symmetric), spec
    assert set(FAMILIES) == {"threshold", "exact", "mod", "sparse-parity",
                             "addition-bit"}


@pytest.mark.parametrize(("spec", "words"), [
    ("bogus", "unknown function 'bogus': expected one of parity"),
    ("threshold:", "unknown function 'threshold:'"),
    ("threshold:x", "expected an integer >= 0"),
    ("mod:1", "the modulus must be >= 2"),
    ("sparse-parity:1,,2", "expected an integer >= 0"),
])
def test_a_bad_spec_names_what_is_wrong(spec, words):
    with pytest.raises(LengthError, match=words):
        target_function(spec)


def test_a_family_member_has_an_exact_minimum():
    p = measure_function_length("threshold:2", "minimal", 3)
    assert [r.verified for r in p.rows] == [True, True, True]
    assert p.subject == "threshold:2"


def test_a_users_function_from_a_file_or_a_module(tmp_path, monkeypatch):
    (tmp_path / "mine.py").write_text("def first(x):\n    return x[0] if x else 0\n")
    f = target_function(f"{tmp_path / 'mine.py'}:first")
    assert [f((1, 0)), f((0, 1))] == [1, 0]
    monkeypatch.syspath_prepend(str(tmp_path))
    assert target_function("mine:first")((1,)) == 1
    p = measure_function_length(f"{tmp_path / 'mine.py'}:first", "minimal", 2)
    assert all(r.verified and r.check == "exhaustive" for r in p.rows)


@pytest.mark.parametrize(("spec", "words"), [
    ("no_such_module_here:f", "cannot import 'no_such_module_here': ModuleNotFound"),
    ("missing.py:f", "no file 'missing.py'"),
    ("itertools:nothing", "'itertools' has no function 'nothing'"),
])
def test_a_users_function_that_cannot_be_had_is_named(spec, words):
    with pytest.raises(LengthError, match=words):
        target_function(spec)


def test_a_users_function_returning_a_non_bit_is_an_error(tmp_path):
    from arcot.errors import CircuitError

    (tmp_path / "two.py").write_text("def f(x):\n    return 2\n")
    with pytest.raises(CircuitError, match="must return 0/1 or a bool, got 2"):
        measure_function_length(f"{tmp_path / 'two.py'}:f", "minimal", 1)
