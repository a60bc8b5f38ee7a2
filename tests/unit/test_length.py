"""arcot.length: one test per validation rule, known laws, exact minima."""

import itertools
import sys

import numpy as np
import pytest
import sympy

from arcot.circuit import (
    Gate,
    ThresholdCircuit,
    all_bit_inputs,
    check_function,
    parity_circuit,
)
from arcot.cot import TableauWindow, cot_length, encode
from arcot.errors import (
    EncodingError,
    LengthError,
    SearchLimitExceeded,
    StepLimitExceeded,
)
from arcot.length import (
    MAX_EXACT_N,
    LengthProfile,
    LengthRow,
    N,
    fit_length,
    measure_function_length,
    measure_length,
    minimum_length,
    plot_length,
    threshold_weight_bound,
)
from arcot.length.minimum import exact_n_limit, resolve_backend
from arcot.length.sat import MAX_SAT_N
from arcot.machine import parse_tm
from arcot.zoo import get

# -- LengthRow / LengthProfile ------------------------------------------


@pytest.mark.parametrize("field", ["n", "steps", "width", "cot_tokens"])
@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_row_fields_are_non_negative_integers(field, bad):
    kw = {"n": 1, "steps": 1, "width": 1, "cot_tokens": 1, field: bad}
    with pytest.raises(LengthError, match=field):
        LengthRow(**kw)


def test_row_verified_is_bool_or_none():
    with pytest.raises(LengthError, match="verified"):
        LengthRow(n=1, steps=1, width=1, cot_tokens=1, verified=1)


def test_profile_needs_rows():
    with pytest.raises(LengthError, match="rows is empty"):
        LengthProfile(subject="s", method="m", inputs="all", rows=())


def test_profile_rows_must_be_rows():
    with pytest.raises(LengthError, match="LengthRow"):
        LengthProfile(subject="s", method="m", inputs="all", rows=({"n": 1},))


def test_profile_rejects_repeated_n():
    row = LengthRow(n=1, steps=1, width=1, cot_tokens=1)
    with pytest.raises(LengthError, match="repeat"):
        LengthProfile(subject="s", method="m", inputs="all", rows=(row, row))


def test_profile_unknown_column():
    p = measure_length(get("parity"), "tableau", 2)
    with pytest.raises(LengthError, match="unknown column"):
        p.column("tokens")


# -- measure_length --------------------------------------------------------


def test_measure_rejects_non_machine():
    with pytest.raises(LengthError, match="TuringMachine"):
        measure_length("zoo:parity", "tableau", 3)


def test_measure_unknown_encoding():
    with pytest.raises(EncodingError, match="unknown encoding 'foo'"):
        measure_length(get("parity"), "foo", 3)


@pytest.mark.parametrize("bad", [0, -2, 2.0])
def test_measure_n_max(bad):
    with pytest.raises(LengthError, match="n_max"):
        measure_length(get("parity"), "tableau", bad)


@pytest.mark.parametrize("bad", ["some", "sample:0", "sample:x", "sample:"])
def test_measure_inputs_spec(bad):
    with pytest.raises(LengthError, match="inputs"):
        measure_length(get("parity"), "tableau", 2, inputs=bad)


def test_measure_window_type():
    with pytest.raises(LengthError, match="window"):
        measure_length(get("parity"), "tableau", 2, window=(0, 3))


def test_measure_window_too_small():
    with pytest.raises(EncodingError, match="too small for n=3"):
        measure_length(
            get("parity"), "tableau", 3, window=TableauWindow(left=0, width=3)
        )


def test_measure_fixed_window_sets_width():
    window = TableauWindow(left=-1, width=8)
    p = measure_length(get("parity"), "tableau", 3, window=window)
    assert p.column("width") == [8, 8, 8]
    assert p.column("cot_tokens") == [s * 9 for s in p.column("steps")]


def test_measure_budget_runs_out():
    with pytest.raises(StepLimitExceeded):
        measure_length(parse_tm("1RB1LB_1LA1RB"), "tableau", 2, max_steps=50)


def test_measure_parity_matches_direct_encoding():
    """Each row is the worst case over all inputs, and the encoder agrees."""
    m = get("parity")
    for enc in ("tableau", "circuit", "steplog"):
        p = measure_length(m, enc, 4)
        for row in p.rows:
            words = list(itertools.product("01", repeat=row.n))
            traces = [encode(m, w, encoding=enc) for w in words]
            assert row.steps == max(t.steps for t in traces)
            law = cot_length(m, enc, steps=row.steps, width=row.width)
            assert row.cot_tokens == law


def test_measure_sample_is_at_most_all():
    m = get("palindrome")
    full = measure_length(m, "tableau", 6)
    sample = measure_length(m, "tableau", 6, inputs="sample:5", seed=1)
    assert sample.inputs == "sample:5"
    for a, b in zip(full.rows, sample.rows, strict=True):
        assert b.steps <= a.steps and b.cot_tokens <= a.cot_tokens
    # n = 1, 2: at most 4 inputs, so the sample is every input
    assert sample.rows[:2] == full.rows[:2]


def test_progress_bar_only_when_asked(capsys):
    measure_length(get("parity"), "tableau", 3, progress=True)
    err = capsys.readouterr().err
    assert "3/3" in err and "row/s" in err  # tqdm's count and rate
    measure_length(get("parity"), "tableau", 3)  # stderr is not a TTY here
    assert capsys.readouterr().err == ""


def test_profile_json_and_table():
    p = measure_length(get("parity"), "tableau", 5)
    obj = p.to_dict()
    assert obj["fit"] == {"expression": "n**2 + 3*n + 2", "readable": "n**2 + 3*n + 2",
                          "growth": "Theta(n**2)", "fit_ns": [1, 2, 3],
                          "held_out_ns": [4, 5]}
    assert ("fitted on n = 1..3, confirmed on n = 4..5 (only 2 held-out points"
            in p.table())
    assert obj["rows"][0] == {
        "n": 1, "steps": 2, "width": 2, "cot_tokens": 6, "verified": None,
    }
    assert "n**2 + 3*n + 2" in p.table()


# -- fit_length: validation -------------------------------------------------


@pytest.mark.parametrize("bad", [[1, 2, 2.5], [1, "2", 3], [1, True, 3], [1, None]])
def test_fit_values_must_be_integers(bad):
    with pytest.raises(LengthError, match=r"values\[\d\] must be an integer"):
        fit_length(bad)


def test_fit_values_must_be_a_sequence():
    with pytest.raises(LengthError, match="sequence"):
        fit_length("1,2,3")


def test_fit_ns_length_must_match():
    with pytest.raises(LengthError, match="ns has 2 entries but values has 3"):
        fit_length([1, 2, 3], [1, 2])


def test_fit_ns_positive():
    with pytest.raises(LengthError, match=r"ns\[0\] must be an integer >= 1"):
        fit_length([1, 2, 3], [0, 1, 2])


def test_fit_ns_distinct():
    with pytest.raises(LengthError, match="n=2 twice"):
        fit_length([1, 2, 3], [1, 2, 2])


def test_fit_accepts_numpy_integers():
    assert str(fit_length(np.arange(1, 8) * 3)) == "3*n"


# -- fit_length: laws ------------------------------------------------------


def _law(values, ns=None):
    law = fit_length(values, ns)
    assert law is not None
    return law


def test_fit_polynomial():
    law = _law([n * n * 3 - n + 7 for n in range(1, 8)])
    assert sympy.expand(law.expression - (3 * N**2 - N + 7)) == 0
    assert law.growth == "Theta(n**2)"


def test_fit_rational_coefficients():
    law = _law([n * (n + 1) // 2 for n in range(1, 8)])
    assert str(law.expression) == "n**2/2 + n/2"


def test_fit_n_log_n_on_powers_of_two():
    ns = [1, 2, 4, 8, 16, 32]
    law = _law([2 * n * (n.bit_length() - 1) + n + 1 for n in ns], ns)
    assert str(law.expression) == "2*n*log(n)/log(2) + n + 1"
    assert law.growth == "Theta(n*log(n))"


def test_fit_bit_length():
    law = _law([n.bit_length() for n in range(1, 12)])
    assert str(law.expression) == "ceiling(log(n + 1)/log(2))"
    assert law.growth == "Theta(log(n))"
    assert law.fit_ns == (1,) and len(law.held_out_ns) == 10


def test_fit_exponential():
    law = _law([2**n - 1 for n in range(1, 9)])
    assert str(law.expression) == "2**n - 1"
    assert law.growth == "Theta(2**n)"


def test_fit_constant_and_zero():
    assert _law([5] * 4).growth == "Theta(1)"
    assert str(_law([0, 0, 0])) == "0"


def test_fit_law_is_callable_exactly():
    law = _law([n**3 for n in range(1, 7)])
    assert law(10) == 1000


def test_fit_needs_held_out_points():
    # Two points: any 1-parameter law would leave only one held out.
    assert fit_length([3, 6]) is None
    assert fit_length([3, 6], min_held_out=1) is not None


def test_fit_never_interpolates():
    # A generic cubic through 5 points would interpolate anything; 4 terms
    # need 6 points (2 held out), so a random-looking sequence has no law.
    assert fit_length([7, 1, 8, 2, 8]) is None


def test_fit_one_leading_exception():
    law = _law([1, 1, 1, 2, 2, 3, 3, 4])
    assert law.exceptions == ((1, 1),)
    assert law.growth == "Theta(n)"
    assert fit_length([1, 1, 1, 2, 2, 3, 3, 4], max_exceptions=0) is None


def test_fit_cancelling_steps_are_bounded():
    # n - 2 floor(n/2) = n mod 2: leading terms cancel
    law = _law([n % 2 for n in range(1, 10)])
    assert law.growth == "O(1)"


def test_fit_points_in_any_order():
    assert str(_law([9, 1, 4, 16, 25], [3, 1, 2, 4, 5])) == "n**2"


# -- function schemes ------------------------------------------------------


def test_function_unknown_name():
    with pytest.raises(LengthError, match="unknown function 'xor3'"):
        measure_function_length("xor3", "minimal", 2)


def test_function_not_callable():
    with pytest.raises(LengthError, match="name or a callable"):
        measure_function_length(3, "minimal", 2)


def test_scheme_unknown():
    with pytest.raises(LengthError, match="unknown scheme 'fast'"):
        measure_function_length("parity", "fast", 2)


@pytest.mark.parametrize("bad", ["chain:1", "chain:x", "chain:"])
def test_scheme_chain_needs_k(bad):
    with pytest.raises(LengthError, match="K >= 2"):
        measure_function_length("parity", bad, 2)


def test_parity_schemes_only_for_parity():
    with pytest.raises(LengthError, match="parity construction"):
        measure_function_length("majority", "threshold-log", 2)


@pytest.mark.parametrize(("backend", "n"), [("milp", MAX_EXACT_N + 1),
                                            ("sat", MAX_SAT_N + 1)])
def test_minimal_beyond_exact_search(backend, n):
    with pytest.raises(LengthError, match="beyond the exact minimum search"):
        measure_function_length("parity", "minimal", n, backend=backend)


@pytest.mark.parametrize("bad", [0, -1.0, "5", True])
def test_minimal_row_time_limit_must_be_positive(bad):
    with pytest.raises(LengthError, match="row_time_limit"):
        measure_function_length("parity", "minimal", 2, row_time_limit=bad)


def test_user_scheme_must_return_circuit():
    with pytest.raises(LengthError, match="not a ThresholdCircuit"):
        measure_function_length("parity", lambda n: None, 2)


def test_user_scheme_input_count():
    with pytest.raises(LengthError, match="has 3 inputs"):
        measure_function_length("parity", lambda n: parity_circuit(3), 2)


def test_wrong_circuit_is_not_verified():
    p = measure_function_length("majority", lambda n: parity_circuit(n), 3)
    assert [r.verified for r in p.rows] == [True, False, False]


def test_threshold_log_rows():
    p = measure_function_length("parity", "threshold-log", 8)
    assert p.column("cot_tokens") == [1, 2, 2, 3, 3, 3, 3, 4]
    assert all(r.verified for r in p.rows)


def test_chain_rows():
    p = measure_function_length("parity", "chain:2", 6)
    assert p.column("cot_tokens") == [1, 1, 2, 3, 4, 5]
    assert max(p.column("width")) == 2
    assert all(r.verified for r in p.rows)


# -- exact minimum ---------------------------------------------------------


def test_weight_bound_values():
    assert [threshold_weight_bound(m) for m in range(0, 6)] == [1, 1, 2, 3, 6, 14]


@pytest.mark.parametrize("m", [1, 2, 3])
def test_weight_bound_loses_no_threshold_function(m):
    """Threshold functions found with weights up to 6 need none above the bound."""
    xs = list(itertools.product((0, 1), repeat=m))

    def functions(k):
        out = set()
        for ws in itertools.product(range(-k, k + 1), repeat=m + 1):
            *w, b = ws
            out.add(tuple(int(sum(a * c for a, c in zip(w, x, strict=True)) >= b)
                          for x in xs))
        return out

    assert functions(6) == functions(threshold_weight_bound(m))


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["milp", "sat"])
def test_parity_minimum_1_2_2_3_3(backend):
    got = [minimum_length(lambda x: sum(x) % 2, n, backend=backend)
           for n in range(1, 6)]
    assert [g.tokens for g in got] == [1, 2, 2, 3, 3]
    for g in got:
        assert g.verified and g.exact and g.backend == backend
        assert g.infeasible == tuple(range(1, g.tokens))
        table = g.circuit.evaluate_all()[:, -1]
        assert (table == all_bit_inputs(g.n).sum(axis=1) % 2).all()


def test_minimum_with_hint_and_truth_table():
    table = [sum(x) % 2 for x in itertools.product((0, 1), repeat=4)]
    best = minimum_length(table, 4, hint=parity_circuit(4), backend="milp")
    assert best.tokens == 3 and best.infeasible == (1, 2)
    assert best.weight_bounds == (6, 14, 32)


def test_minimum_threshold_function_is_one_token():
    best = minimum_length(lambda x: int(2 * sum(x) > len(x)), 5, backend="milp")
    assert best.tokens == 1 and best.infeasible == ()


@pytest.mark.parametrize(("backend", "n"), [
    ("milp", 0), ("milp", MAX_EXACT_N + 1), ("sat", 0), ("sat", MAX_SAT_N + 1),
])
def test_minimum_n_range(backend, n):
    with pytest.raises(LengthError, match="n"):
        minimum_length(lambda x: 0, n, backend=backend)


def test_minimum_backend_names():
    assert resolve_backend("auto") == "sat"  # python-sat is a test dependency
    assert exact_n_limit("milp") == MAX_EXACT_N and exact_n_limit("sat") == MAX_SAT_N
    with pytest.raises(LengthError, match="backend 'cp-sat'"):
        minimum_length(lambda x: 0, 2, backend="cp-sat")
    with pytest.raises(LengthError, match="partial"):
        minimum_length(lambda x: 0, 2, partial=1)


def test_minimum_auto_without_python_sat_is_the_milp(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pysat" else real(name, *a))
    assert resolve_backend("auto") == "milp"
    assert minimum_length(lambda x: sum(x) % 2, 2).backend == "milp"


@pytest.mark.parametrize("backend", ["milp", "sat"])
def test_minimum_partial_keeps_the_bounds_reached(backend):
    # No time for any length: the bounds are [1, the truth-table circuit].
    best = minimum_length(lambda x: sum(x) % 2, 3, time_limit=1e-9,
                          partial=True, backend=backend)
    assert not best.exact and best.lower == 1 and best.infeasible == ()
    assert best.tokens == best.circuit.cot_length and best.verified
    assert best.witness_source == "truth-table" and best.certificate is None
    assert check_function(best.circuit, lambda x: sum(x) % 2).verified


def test_minimum_truth_table_shape():
    with pytest.raises(LengthError, match="must be 8 bits"):
        minimum_length([0, 1, 1], 3)
    with pytest.raises(LengthError, match="must be 4 bits"):
        minimum_length([0, 2, 1, 0], 2)


@pytest.mark.parametrize("bad", [0, -1, "10", True])
def test_minimum_time_limit(bad):
    with pytest.raises(LengthError, match="time_limit"):
        minimum_length(lambda x: 0, 2, time_limit=bad)


def test_minimum_hint_must_compute_f():
    with pytest.raises(LengthError, match="hint does not compute"):
        minimum_length(lambda x: 0, 2, hint=parity_circuit(2))


def test_minimum_hint_must_be_threshold():
    from arcot.circuit import chain_parity_circuit

    with pytest.raises(LengthError, match="threshold gates"):
        minimum_length(lambda x: sum(x) % 2, 3, hint=chain_parity_circuit(3, 3))


@pytest.mark.parametrize("backend", ["milp", "sat"])
def test_minimum_time_runs_out(backend):
    with pytest.raises(SearchLimitExceeded, match="at least 1 token "):
        minimum_length(lambda x: sum(x) % 2, 3, time_limit=1e-9, backend=backend)


def test_minimum_witness_gates_read_only_earlier_tokens():
    best = minimum_length(lambda x: sum(x) % 2, 3)
    c = best.circuit
    assert isinstance(c, ThresholdCircuit) and c.is_threshold
    for t, gate in enumerate(c.gates):
        assert all(isinstance(gate, Gate) for gate in c.gates)
        assert set(gate.sources) <= {f"x{i}" for i in range(3)} | {
            f"t{s}" for s in range(t)}


# -- plotting --------------------------------------------------------------


def test_plot_writes_png(tmp_path):
    path = tmp_path / "l.png"
    profile = measure_length(get("parity"), "tableau", 5)
    fig = plot_length(profile, str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(profile.fit()) == "n**2 + 3*n + 2"
    (ax,) = fig.axes
    # Fitted and held-out points apart, the law's line labelled in LaTeX.
    labels = [line.get_label() for line in ax.lines]
    law = profile.fit()
    assert labels == [f"fitted ({len(law.fit_ns)})",
                      f"held out ({len(law.held_out_ns)})", "$n^{2} + 3 n + 2$"]
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_plot_bad_path(tmp_path):
    with pytest.raises(LengthError, match="cannot write the plot"):
        plot_length(measure_length(get("parity"), "tableau", 3),
                    str(tmp_path / "no" / "such" / "dir.png"))


def test_plot_without_matplotlib(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(LengthError, match="needs matplotlib"):
        plot_length(measure_length(get("parity"), "tableau", 3), "x.png")


def test_fit_step_terms_need_three_periods():
    # Regression: with 8 points a period-7 step "fitted" 1,1,2,..,7 as
    # n - floor((n+5)/7), a law that is wrong at n = 9.
    law = _law([1, 1, 2, 3, 4, 5, 6, 7])
    assert str(law.expression) == "Piecewise((1, Eq(n, 1)), (n - 1, True))"


def test_fit_cancelled_steps_with_constant_are_not_theta_1():
    # Regression: 1 - (n mod 2) = 2 floor(n/2) - n + 1 is 0 at every odd n,
    # so it is O(1), not Theta(1).
    law = _law([1 - n % 2 for n in range(1, 10)])
    assert law.growth == "O(1)"


def test_minimum_constant_function_is_the_truth_table_gate():
    best = minimum_length(lambda x: 0, 3)
    assert best.tokens == 1 and best.witness_source == "truth-table"
    assert best.verified


def test_a_profile_prints_short():
    # Regression: its repr held every row and circuit (19 KB at n = 20).
    p = measure_function_length("parity", "threshold-log", 20)
    assert repr(p) == ("<LengthProfile parity (threshold-log, inputs: all): "
                       "n = 1..20, cot_tokens 1..5; every row verified>")


def test_plot_leaves_the_backend_alone_and_draws_into_an_axes(tmp_path):
    # Regression: plot_length called matplotlib.use("Agg"), which broke notebooks.
    import matplotlib
    from matplotlib.figure import Figure

    before = matplotlib.get_backend()
    ax = Figure().add_subplot()
    fig = plot_length(measure_length(get("parity"), "tableau", 5), ax=ax)
    assert fig is ax.figure and len(ax.lines) == 3
    assert matplotlib.get_backend() == before
    with pytest.raises(LengthError, match="needs a path to save to or an ax"):
        plot_length(measure_length(get("parity"), "tableau", 3))


def test_a_stopped_measurement_keeps_its_finished_rows():
    from arcot.errors import LengthStopped, StepLimitExceeded

    with pytest.raises(LengthStopped, match="row n=4") as info:
        measure_length(get("increment"), "tableau", 6, max_steps=8)
    assert isinstance(info.value, StepLimitExceeded)  # what callers caught before
    assert [r.n for r in info.value.finished.rows] == [1, 2, 3]


def test_a_profile_reads_well_in_a_notebook_and_in_its_table():
    p = measure_function_length("parity", "threshold-log", 8)
    assert "L(n) = ceil(log2(n + 1))    Theta(log(n))" in p.table()
    page = p._repr_html_()
    assert "<table>" in page and "ceil(log2(n + 1))" in page and "check" in page
    fit = p.to_dict()["fit"]
    assert fit["readable"] == "ceil(log2(n + 1))"
    assert fit["expression"] == "ceiling(log(n + 1)/log(2))"  # sympify-able


def test_to_pandas_says_pandas_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(LengthError, match="to_pandas needs pandas"):
        measure_function_length("parity", "threshold-log", 3).to_pandas()


def test_to_pandas_gives_the_rows_by_n():
    frame = measure_function_length("parity", "threshold-log", 6).to_pandas()
    assert list(frame.index) == [1, 2, 3, 4, 5, 6]
    assert list(frame["cot_tokens"]) == [1, 2, 2, 3, 3, 3]
    assert frame.attrs["subject"] == "parity"


# -- minimal rows: bounds ----------------------------------------------------


def _bounded(n, tokens, lower):
    return LengthRow(n=n, steps=tokens, width=n, cot_tokens=tokens, verified=True,
                     lower_bound=lower, lower_by="none needed" if lower == 1
                     else "drup")


def test_fit_leaves_out_rows_whose_search_ran_out():
    # 1..6 exact as ceil(log2(n+1)); n = 7 holds only the interval [2, 9]
    rows = [_bounded(n, (n).bit_length(), (n).bit_length()) for n in range(1, 7)]
    rows.append(_bounded(7, 9, 2))
    profile = LengthProfile(subject="f", method="minimal", inputs="all",
                            rows=tuple(rows),
                            circuits=tuple(parity_circuit(n) for n in range(1, 8)))
    law = profile.fit()
    assert str(law.expression) == "ceiling(log(n + 1)/log(2))"
    assert 7 not in law.fit_ns + law.held_out_ns
    assert profile.column("cot_tokens")[-1] == 9
    table = profile.table()
    (row7,) = [line.split() for line in table.splitlines() if line.split()[:1] == ["7"]]
    assert row7[-2:] == ["2..9", "drup"]
    assert "at n = 7 the search ran out of time" in profile.notes()["lower_bound"]
    assert rows[-1].to_dict()["exact"] is False and rows[0].exact is True


@pytest.mark.parametrize(("lower", "by"), [
    (0, "drup"), (4, "drup"), (2, None), (None, "drup"), (2, "guess")])
def test_row_lower_bound_must_make_sense(lower, by):
    with pytest.raises(LengthError, match="lower_bound"):
        LengthRow(n=3, steps=3, width=3, cot_tokens=3, lower_bound=lower,
                  lower_by=by)


def test_plot_draws_the_band_of_a_minimal_profile(tmp_path):
    rows = [_bounded(n, (n).bit_length(), (n).bit_length()) for n in range(1, 7)]
    rows.append(_bounded(7, 9, 2))
    profile = LengthProfile(subject="f", method="minimal", inputs="all",
                            rows=tuple(rows),
                            circuits=tuple(parity_circuit(n) for n in range(1, 8)))
    fig = plot_length(profile, str(tmp_path / "band.png"))
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    law = profile.fit()
    assert labels == [
        f"fitted ({len(law.fit_ns)})", f"held out ({len(law.held_out_ns)})",
        "witness only, not fitted (1)", f"${law.latex}$",
        "minimum lies here (lower bound to witness)",
        "lower bound (checked DRUP proofs)"]
    (band,) = ax.collections
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() == 1 and ys.max() == 9  # from the least lower bound to 9
    lower = [line for line in ax.lines if line.get_label().startswith("lower")]
    assert list(lower[0].get_ydata()) == [r.lower_bound for r in rows]


def test_plot_of_a_scheme_has_no_band(tmp_path):
    profile = measure_function_length("parity", "threshold-log", 4)
    fig = plot_length(profile, str(tmp_path / "p.png"))
    assert not fig.axes[0].collections


def test_large_proofs_are_checked_backward(monkeypatch):
    import arcot.length.measure as measure

    calls = []
    real = measure.subprocess.run

    def spy(argv, **kw):
        calls.append(argv)
        return real(argv, **kw)

    monkeypatch.setattr(measure, "BACKWARD_MIB", 0)
    monkeypatch.setattr(measure.subprocess, "run", spy)
    p = measure_function_length("parity", "minimal", 4, backend="sat")
    assert [r.lower_by for r in p.rows] == ["none needed", "drup", "drup", "drup"]
    assert len(calls) == 3 and all("--backward" in argv for argv in calls)
