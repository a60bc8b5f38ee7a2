"""The table of exact minima and bounds over many functions."""

import pytest

from arcot.errors import LengthError
from arcot.length.frontier import LIBRARY, minimum_table
from arcot.length.targets import FUNCTIONS


def test_library_holds_every_named_function():
    assert set(FUNCTIONS) < set(LIBRARY)


def test_table_rows_are_the_minimal_scheme_rows():
    t = minimum_table(["parity", "equality"], 4)
    assert [t.bounds("parity", n) for n in range(1, 5)] == [(1, 1), (2, 2), (2, 2),
                                                           (3, 3)]
    assert t.bounds("equality", 2) == (2, 2)
    assert t.stopped is None and t.backend == "sat"
    obj = t.to_dict()
    assert obj["functions"]["parity"][3] == {"n": 4, "lower_bound": 3,
                                             "upper_bound": 3, "exact": True,
                                             "lower_by": "drup"}
    lines = t.table().splitlines()
    assert lines[1].split() == ["function", "n", "=", "1", "2", "3", "4"]
    assert lines[2].split() == ["parity", "1", "2", "2", "3"]
    assert "DRUP proof checked by arcot.verify.drup" in t.table()
    with pytest.raises(LengthError, match="no row for and"):
        t.bounds("and", 2)


def test_rows_that_run_out_are_intervals():
    t = minimum_table(["parity"], 3, row_time_limit=1e-9)
    assert [t.bounds("parity", n) for n in (1, 2, 3)] == [(1, 1), (1, 2), (1, 2)]
    assert t.table().splitlines()[2].split() == ["parity", "1", "1..2", "1..2"]


def test_milp_lower_bounds_are_marked_as_the_solvers_word():
    t = minimum_table(["parity"], 3, backend="milp")
    assert t.table().splitlines()[2].split() == ["parity", "1", "2?", "2?"]
    assert "?: refuted by the solver's word only" in t.table()


def test_the_time_limit_keeps_what_finished_and_says_so():
    t = minimum_table(["parity", "and"], 8, time_limit=2.0, row_time_limit=None)
    assert t.stopped is not None and t.stopped.startswith("parity: ")
    assert [p.subject for p in t.profiles] == ["parity"]
    assert t.to_dict()["stopped"] == t.stopped
    assert t.table().splitlines()[-1] == f"stopped: {t.stopped}"


@pytest.mark.parametrize("bad", ["parity", []])
def test_functions_must_be_a_list(bad):
    with pytest.raises(LengthError, match="non-empty sequence"):
        minimum_table(bad, 2)


def test_a_symmetric_function_starts_from_its_run_by_run_chain():
    # with no time to search, the upper bound is symmetric_circuit's 3 tokens
    # for s % 3 == 0 on 8 bits, not the truth table's hundreds
    t = minimum_table(["mod:3"], 8, row_time_limit=1e-9)
    assert t.bounds("mod:3", 8) == (1, 3)
    (profile,) = t.profiles
    assert profile.minima[-1].witness_source == "hint"
