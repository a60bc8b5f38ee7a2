"""The reference stepper and the fast simulator."""

import itertools

import pytest

from arcot.errors import MachineDefinitionError, StepLimitExceeded, TapeLimitExceeded
from arcot.machine import configurations, machine_from_table, parse_tm, run
from arcot.zoo import ZOO

CHAMPIONS = [e for e in ZOO.values() if e.known and e.known["steps"] < 10_000]


@pytest.mark.parametrize("entry", CHAMPIONS, ids=lambda e: e.name)
@pytest.mark.parametrize("engine", ["python", "numba", "auto"])
def test_busy_beaver_champions_exact(entry, engine):
    r = run(entry.machine, max_steps=10_000, engine=engine)
    assert (r.halted, r.steps, r.nonzero) == (
        True,
        entry.known["steps"],
        entry.known["nonzero"],
    )
    assert r.reason == "halt-state"


@pytest.mark.slow
def test_bb5_champion_exact():
    entry = ZOO["bb5"]
    r = run(entry.machine, max_steps=10**8)
    assert (r.halted, r.steps, r.nonzero) == (
        True,
        entry.known["steps"],
        entry.known["nonzero"],
    )


def test_bb4_final_configuration():
    r = run(ZOO["bb4"].machine, max_steps=1000)
    assert r.state == "Z"
    assert r.tape_text() == "10111111111111"
    assert r.span == (-10, 3)
    assert r.head == -9


@pytest.mark.parametrize("name", [n for n, e in ZOO.items() if e.reference is not None])
def test_zoo_machines_compute_their_reference(name):
    entry = ZOO[name]
    alphabet = [str(s) for s in entry.machine.input_symbols]
    for n in range(7):
        for letters in itertools.product(alphabet, repeat=n):
            word = "".join(letters)
            r = run(entry.machine, word, max_steps=10_000)
            assert r.halted, word
            assert entry.answer(r) == entry.reference(word), word


def test_stepper_matches_run_on_bb4():
    configs = list(configurations(ZOO["bb4"].machine))
    r = run(ZOO["bb4"].machine, max_steps=1000)
    assert len(configs) == r.steps + 1
    last = configs[-1]
    assert (last.state, last.head, last.step) == (r.state, r.head, r.steps)
    assert last.window(*(r.span[0], r.span[1] + 1)) == r.tape


def test_halt_counts_as_a_step_undefined_does_not():
    halting = parse_tm("1RZ---")
    undefined = parse_tm("1RB---_------")
    assert run(halting, max_steps=10).steps == 1
    r = run(undefined, max_steps=10)
    assert (r.steps, r.state, r.reason, r.halted) == (1, "B", "undefined", True)
    assert [c.step for c in configurations(undefined)] == [0, 1]


def test_budget_is_a_normal_outcome():
    looper = parse_tm("1RA---")
    for engine in ("python", "numba", "auto"):
        r = run(looper, max_steps=1000, engine=engine)
        assert (r.halted, r.reason, r.steps) == (False, "budget", 1000)
        with pytest.raises(StepLimitExceeded, match="did not halt within 1000"):
            r.raise_if_running()


def test_budget_hand_over_from_python_to_kernel(monkeypatch):
    import arcot.machine.simulator as run_module

    monkeypatch.setattr(run_module, "PYTHON_STEPS", 5)
    r = run(ZOO["bb4"].machine, max_steps=1000)
    assert (r.steps, r.nonzero, r.head) == (107, 13, -9)


def test_tape_grows_both_ways():
    left = parse_tm("1LA---")
    right = parse_tm("1RA---")
    for engine in ("python", "numba"):
        r = run(left, max_steps=5000, engine=engine)
        assert r.span == (-5000, 0)
        assert r.head == -5000
        assert r.nonzero == 5000
        r = run(right, max_steps=5000, engine=engine)
        assert r.span == (0, 5000)
        assert r.nonzero == 5000


def test_tape_limit_is_a_clear_error():
    right = parse_tm("1RA---")
    for engine in ("python", "numba"):
        with pytest.raises(TapeLimitExceeded, match="max_cells=100"):
            run(right, max_steps=10_000, max_cells=100, engine=engine)
    with pytest.raises(TapeLimitExceeded, match="input needs 3 cells"):
        run(parse_tm("1RA1RA"), "111", max_steps=1, max_cells=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_steps": -1}, "max_steps must be >= 0"),
        ({"max_steps": 1.5}, "max_steps must be an integer"),
        ({"max_steps": True}, "max_steps must be an integer"),
        ({"max_steps": 10, "max_cells": -2}, "max_cells must be >= 0"),
    ],
)
def test_bad_budgets(kwargs, message):
    with pytest.raises(MachineDefinitionError, match=message):
        run(parse_tm("1RZ---"), **kwargs)


def test_input_is_written_from_cell_zero():
    tm = machine_from_table("s 1 -> 1 R s\ns 0 -> 0 R s\ns _ -> _ L h")
    r = run(tm, "1001", max_steps=100)
    assert r.tape == ("1", "0", "0", "1", "_")
    assert r.span == (0, 4)
    assert r.nonzero == 4


def test_configuration_views():
    c = next(configurations(ZOO["increment"].machine, "10"))
    assert c.symbol(0) == "1"
    assert c.symbol(-3) == "_"
    assert c.window(-1, 3) == ("_", "1", "0", "_")


@pytest.mark.parametrize("engine", ["python", "numba"])
def test_stopped_machine_is_halted_even_with_no_budget_left(engine):
    # Regression: the budget was checked before the undefined transition, so a
    # stopped machine with max_steps=0 was reported as still running.
    r = run(parse_tm("------"), max_steps=0, engine=engine)
    assert (r.halted, r.reason, r.steps) == (True, "undefined", 0)


def test_short_runs_never_load_numba():
    # Regression: building the packed kernel table imported numba (and its
    # start-up time) even for runs that plain Python finishes.
    import subprocess
    import sys

    code = (
        "import sys, arcot.cli; arcot.cli.main(['run', 'zoo:bb4']);"
        "print('numba' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().endswith("False")


def test_budgets_past_int64_run_on_every_engine():
    # A numba TypingError before: the kernel's int64 budget argument overflowed.
    from arcot.machine import parse_tm
    from arcot.zoo import get

    bb2 = parse_tm("1RB1LB_1LA1RZ")
    for engine in ("auto", "numba", "accelerated", "python"):
        assert run(bb2, max_steps=2**70, engine=engine).steps == 6
    assert run(get("bb4"), max_steps=2**64).steps == 107


def test_repr_is_short_whatever_the_tape():
    from arcot.zoo import get

    long = run(get("bb5"), max_steps=10**8)
    assert len(repr(long)) < 300 and "<12,289 cells>" in repr(long)
    short = run(get("bb4"), max_steps=1000)
    assert "tape='10111111111111'" in repr(short)
    assert "<table>" in short._repr_html_() and "107" in short._repr_html_()


def test_a_fresh_process_keeps_a_cheap_accelerated_run_in_python():
    # BB(5) in 10^8 steps costs the pure-Python macro engine about 0.05 s,
    # less than loading numba (about 1 s): auto stays in Python. A budget of
    # 10^13 could cost it minutes at the probed rate, so numba is loaded.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from arcot.machine import run\n"
        "from arcot.zoo import get\n"
        "a = run(get('bb5'), max_steps=10**8)\n"
        "print(a.steps, 'numba' in sys.modules)\n"
        "b = run(get('bb5'), max_steps=10**13)\n"
        "print(b.steps, 'numba' in sys.modules, a == b)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True, timeout=300).stdout.split("\n")
    assert out[0] == "47176870 False"
    assert out[1] == "47176870 True True"
