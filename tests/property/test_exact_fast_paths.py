"""The fast exact paths of lstsq certification against the ones they replace.

Fitted float weights become exact weights without a Fraction each
(:func:`arcot.construct.dyadic`, :meth:`ExactWeights.from_columns`), and
verification reads their numerators from the arrays, and configuration
data are the successor rows' windows straight from one kernel; here all are
held to
``Fraction(float)`` per weight and to the row-built ``_Decider`` (same
denominator, numerators, int64 or two-limb tables and margins). The least
squares block solve and residual skip zero Gram entries and zero weights;
here they are held bit for bit to the dense loops they replace (the block
solve as it was, in plain Python) and to whole fits.
"""

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from arcot.construct import ExactWeights, dyadic
from arcot.cot import DELIMITER, Tableau
from arcot.learn import _kernels as K
from arcot.learn import data as data_module
from arcot.learn import fit_linear_predictor, training_data
from arcot.learn.data import stream_windows
from arcot.learn.features import column_coord, feature_dimension
from arcot.learn.predictor import KIND_CODE
from arcot.testing import turing_machines
from arcot.verify._kernels import LIMB
from arcot.verify.exact import verify_exact
from arcot.verify.windows import (
    _Decider,
    _limbs,
    checked_window_array,
    decide_arrays,
)

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
weights_arrays = hnp.arrays(np.float64, st.integers(0, 40), elements=finite)


def exact(m: int, e: int) -> Fraction:
    return Fraction(m << e) if e >= 0 else Fraction(m, 1 << -e)


@settings(max_examples=200, deadline=None)
@given(weights_arrays)
def test_dyadic_is_fraction_of_each_float(x):
    mantissa, exponent = dyadic(x)
    for value, m, e in zip(x.tolist(), mantissa.tolist(), exponent.tolist(),
                           strict=True):
        assert exact(m, e) == Fraction(value)
        assert m % 2 == 1 or (m == 0 and e == 0)  # lowest terms


def test_dyadic_edges():
    x = np.array([5e-324, -5e-324, 1.7976931348623157e308, -0.0, 0.1, 2.0**-1022])
    mantissa, exponent = dyadic(x)
    assert [exact(m, e) for m, e in zip(mantissa.tolist(), exponent.tolist(),
                                        strict=True)] == [Fraction(v) for v in x]


machines = turing_machines(max_states=3, max_symbols=3)


@st.composite
def float_columns(draw, kind=None):
    """A machine's vocabulary, a feature kind and float weights on some of
    its columns: zeros, tiny, huge and plain values mixed."""
    machine = draw(machines)
    vocab = Tableau.of(machine).vocabulary
    kind = kind or draw(st.sampled_from(["additive", "pairwise"]))
    dim = feature_dimension(kind, len(vocab))
    cols = sorted(draw(st.sets(st.integers(0, dim - 1), max_size=12)))
    scale = draw(st.sampled_from([1.0, 2.0**-40, 2.0**30, 2.0**-80]))
    values = st.one_of(st.just(0.0), st.integers(-8, 8).map(float),
                       st.floats(-2.0, 2.0, width=64).map(lambda v: v * scale))
    arr = draw(hnp.arrays(np.float64, (len(cols), len(vocab)), elements=values))
    return machine, vocab, kind, np.array(cols, np.int64), arr


def row_weights(kind, vocab, cols, arr):
    """ExactWeights from the floats keyed by coordinate, as before."""
    rows = {}
    for j, c in enumerate(cols.tolist()):
        for y in range(len(vocab)):
            if arr[j, y] != 0:
                rows.setdefault(vocab.names[y], {})[column_coord(kind, vocab, c)] = (
                    float(arr[j, y]))
    return ExactWeights(kind=kind, rows=rows)


@settings(max_examples=80, deadline=None)
@given(float_columns())
def test_from_columns_equals_the_rows_of_fractions(case):
    _, vocab, kind, cols, arr = case
    fast = ExactWeights.from_columns(kind, vocab, cols, arr)
    assert fast.n_weights == int(np.count_nonzero(arr))
    slow = row_weights(kind, vocab, cols, arr)
    assert fast == slow
    assert list(fast.rows) == list(slow.rows)
    assert ([list(r) for r in fast.rows.values()]
            == [list(r) for r in slow.rows.values()])
    assert list(fast.by_coord) == list(slow.by_coord)


@settings(max_examples=80, deadline=None)
@given(float_columns())
def test_decider_from_floats_equals_the_decider_from_rows(case):
    machine, vocab, kind, cols, arr = case
    fast = _Decider(ExactWeights.from_columns(kind, vocab, cols, arr), vocab)
    slow = _Decider(row_weights(kind, vocab, cols, arr), vocab)
    assert fast.denominator == slow.denominator
    assert fast.largest() == slow.largest()
    assert ({k: sorted(v) for k, v in fast.table.items()}
            == {k: sorted(v) for k, v in slow.table.items()})
    for tables in ("kernel_tables", "wide_tables"):
        a, b = getattr(fast, tables)(), getattr(slow, tables)()
        assert (a is None) == (b is None)
        if a is not None:
            assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    tableau = Tableau.of(machine)
    windows = checked_window_array(vocab)
    expected = tableau.rules(windows[:, 0], windows[:, 1], windows[:, 2])
    want = slow.python_margins(windows, expected)
    got = fast.margins(windows, expected) or fast.python_margins(windows, expected)
    assert got[0].tolist() == want[0].tolist()
    assert got[1].tolist() == want[1].tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-(2**52), 2**52).filter(lambda m: m % 2),
                          st.integers(0, 90)), min_size=1, max_size=30))
def test_limbs_are_the_python_shifts(pairs):
    pairs = [(m, s) for m, s in pairs if abs(m << s).bit_length() < 91]
    mantissa = np.array([m for m, _ in pairs], np.int64)
    shift = np.array([s for _, s in pairs], np.int64)
    hi, lo = _limbs(mantissa, shift)
    assert hi.tolist() == [(m << s) >> LIMB for m, s in pairs]
    assert lo.tolist() == [(m << s) & ((1 << LIMB) - 1) for m, s in pairs]


@settings(max_examples=25, deadline=None)
@given(machines, st.sampled_from(["additive", "pairwise"]))
def test_fitted_weights_verify_as_the_rows_do(machine, kind):
    p = fit_linear_predictor(training_data(machine, "configurations:300"),
                             features=kind)
    rows = {}
    for (_, coord), row in p.weight_table().items():
        for token, w in row.items():
            rows.setdefault(token, {})[coord] = w
    slow = ExactWeights(kind=kind, rows=rows)
    from arcot.pipeline import exact_weights

    fast = exact_weights(p)
    assert fast == slow
    assert verify_exact(fast, machine) == verify_exact(slow, machine)
    tableau = Tableau.of(machine)
    windows = checked_window_array(tableau.vocabulary)
    a = decide_arrays(_Decider(fast, tableau.vocabulary), tableau, windows)
    b = decide_arrays(_Decider(slow, tableau.vocabulary), tableau, windows)
    assert all(x.tolist() == y.tolist() for x, y in zip(a, b, strict=True))


# -- least squares: the sparse loops against the dense ones -------------


def _reference_find(parent, x):
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        nxt = parent[x]
        parent[x] = root
        x = nxt
    return root


def reference_block_solve(
    gram: np.ndarray, rhs: np.ndarray, roles: np.ndarray, out: np.ndarray
) -> bool:
    """The block solve as arcot ran it before (dense loops), in Python."""
    s = gram.shape[0]
    # Only the classes some window of the block has as target: the others'
    # weights are 0 (a zero right-hand side).
    n_act = 0
    act = np.empty(rhs.shape[1], np.int64)
    for k in range(rhs.shape[1]):
        for i in range(s):
            if rhs[i, k] != 0.0:
                act[n_act] = k
                n_act += 1
                break
    n_classes = n_act
    y_act = np.empty((s, n_act))
    for i in range(s):
        for k in range(n_act):
            y_act[i, k] = rhs[i, act[k]]
    w_act = np.empty((s, n_act))
    i_m = -1
    n_a = 0
    n_b = 0
    for i in range(s):
        if roles[i] == 0:
            i_m = i
        elif roles[i] == 1:
            n_a += 1
        else:
            n_b += 1
    # Eliminate the larger side ("a", diagonal) and solve on the smaller ("b").
    side_b = 2 if n_b <= n_a else 1
    a_idx = np.empty(s - 1 - min(n_a, n_b), np.int64)
    b_idx = np.empty(min(n_a, n_b), np.int64)
    ia = 0
    ib = 0
    for i in range(s):
        if i == i_m:
            continue
        if roles[i] == side_b:
            b_idx[ib] = i
            ib += 1
        else:
            a_idx[ia] = i
            ia += 1
    na = a_idx.shape[0]
    nb = b_idx.shape[0]
    # Components of the bipartite graph (union-find over a then b nodes).
    parent = np.arange(na + nb)
    for x in range(na):
        for y in range(nb):
            if gram[a_idx[x], b_idx[y]] != 0.0:
                rx = _reference_find(parent, x)
                ry = _reference_find(parent, na + y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    comp = np.empty(na + nb, np.int64)
    for x in range(na + nb):
        comp[x] = _reference_find(parent, x)
    # The Schur complement on b, less one grounded node per component.
    grounded = np.zeros(nb, np.bool_)
    seen = np.zeros(na + nb, np.bool_)
    for y in range(nb):
        if not seen[comp[na + y]]:
            seen[comp[na + y]] = True
            grounded[y] = True
    free = np.empty(nb, np.int64)
    n_free = 0
    for y in range(nb):
        if not grounded[y]:
            free[n_free] = y
            n_free += 1
    diag_a = np.empty(na)
    for x in range(na):
        diag_a[x] = gram[a_idx[x], a_idx[x]]
    schur = np.zeros((n_free, n_free))
    sol = np.zeros((n_free, n_classes))
    for p in range(n_free):
        yp = b_idx[free[p]]
        schur[p, p] = gram[yp, yp]
        for k in range(n_classes):
            sol[p, k] = y_act[yp, k]
    for x in range(na):
        xa = a_idx[x]
        inv = 1.0 / diag_a[x]
        for p in range(n_free):
            cp = gram[xa, b_idx[free[p]]]
            if cp == 0.0:
                continue
            f = cp * inv
            for q in range(n_free):
                schur[p, q] -= f * gram[xa, b_idx[free[q]]]
            for k in range(n_classes):
                sol[p, k] -= f * y_act[xa, k]
    # Cholesky, in place (lower triangle), then the two triangular solves.
    for j in range(n_free):
        d = schur[j, j]
        for t in range(j):
            d -= schur[j, t] * schur[j, t]
        if not d > 0.0:
            return False
        d = np.sqrt(d)
        schur[j, j] = d
        for i in range(j + 1, n_free):
            e = schur[i, j]
            for t in range(j):
                e -= schur[i, t] * schur[j, t]
            schur[i, j] = e / d
    for k in range(n_classes):
        for i in range(n_free):
            e = sol[i, k]
            for t in range(i):
                e -= schur[i, t] * sol[t, k]
            sol[i, k] = e / schur[i, i]
        for i in range(n_free - 1, -1, -1):
            e = sol[i, k]
            for t in range(i + 1, n_free):
                e -= schur[t, i] * sol[t, k]
            sol[i, k] = e / schur[i, i]
    z = np.zeros((nb, n_classes))
    for p in range(n_free):
        for k in range(n_classes):
            z[free[p], k] = sol[p, k]
    u = np.empty((na, n_classes))
    for x in range(na):
        xa = a_idx[x]
        for k in range(n_classes):
            e = y_act[xa, k]
            for y in range(nb):
                e -= gram[xa, b_idx[y]] * z[y, k]
            u[x, k] = e / diag_a[x]
    # Null space (M = 0 here): n0 = M - (all a), n_c = (a of c) - (b of c).
    # The minimum-norm solution is u + alpha - beta_c, z + beta_c, M = -alpha,
    # with beta_c = (SA_c - SB_c + pa_c alpha) / (pa_c + pb_c) and
    # alpha (1 + sum pa pb / (pa + pb)) = -sum (pb SA + pa SB) / (pa + pb).
    pa = np.zeros(na + nb)
    pb = np.zeros(na + nb)
    for x in range(na):
        pa[comp[x]] += 1.0
    for y in range(nb):
        pb[comp[na + y]] += 1.0
    sa = np.zeros(na + nb)
    sb = np.zeros(na + nb)
    for k in range(n_classes):
        sa[:] = 0.0
        sb[:] = 0.0
        for x in range(na):
            sa[comp[x]] += u[x, k]
        for y in range(nb):
            sb[comp[na + y]] += z[y, k]
        num = 0.0
        den = 1.0
        for c in range(na + nb):
            if pa[c] + pb[c] > 0.0:
                num += (pb[c] * sa[c] + pa[c] * sb[c]) / (pa[c] + pb[c])
                den += pa[c] * pb[c] / (pa[c] + pb[c])
        alpha = -num / den
        w_act[i_m, k] = -alpha
        for x in range(na):
            c = comp[x]
            beta = (sa[c] - sb[c] + pa[c] * alpha) / (pa[c] + pb[c])
            w_act[a_idx[x], k] = u[x, k] + alpha - beta
        for y in range(nb):
            c = comp[na + y]
            beta = (sa[c] - sb[c] + pa[c] * alpha) / (pa[c] + pb[c])
            w_act[b_idx[y], k] = z[y, k] + beta
    out[:, :] = 0.0
    for i in range(s):
        for k in range(n_act):
            out[i, act[k]] = w_act[i, k]
    return True




@st.composite
def pairwise_blocks(draw):
    """One pairwise block's Gram matrix and right-hand side from random
    windows (left, right, target, count) around one middle token."""
    n_left, n_right = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    n_classes = draw(st.integers(1, 4))
    windows = draw(st.lists(st.tuples(st.integers(0, n_left - 1),
                                      st.integers(0, n_right - 1),
                                      st.integers(0, n_classes - 1),
                                      st.integers(1, 50)), min_size=1, max_size=30))
    # a block holds the columns its windows fire only: renumber those
    lefts = {w[0]: i for i, w in enumerate(sorted({(w[0],) for w in windows}))}
    rights = {w[0]: i for i, w in enumerate(sorted({(w[1],) for w in windows}))}
    windows = [(lefts[a], rights[b], t, c) for a, b, t, c in windows]
    n_left, n_right = len(lefts), len(rights)
    s = 1 + n_left + n_right  # M, then the lefts, then the rights
    gram = np.zeros((s, s))
    rhs = np.zeros((s, n_classes))
    for left, right, target, count in windows:
        cols = (0, 1 + left, 1 + n_left + right)
        for a in cols:
            rhs[a, target] += count
            for b in cols:
                gram[a, b] += count
    roles = np.array([0] + [1] * n_left + [2] * n_right, np.int64)
    return gram, rhs, roles


@settings(max_examples=150, deadline=None)
@given(pairwise_blocks())
def test_block_solve_is_bit_for_bit_the_dense_loops(block):
    gram, rhs, roles = block
    # the block's rows reach the kernel through an index, as in a fit: here
    # scattered (reversed, every other row) over a larger array, in place
    rows = np.arange(2 * len(rhs) - 2, -1, -2, dtype=np.int64)
    wide = np.full((2 * len(rhs), rhs.shape[1]), np.nan)
    wide[rows] = rhs
    want = np.full(rhs.shape, np.nan)
    ok = K._pairwise_block_solve(gram, wide, roles, wide, rows)
    assert ok == reference_block_solve(gram, rhs, roles, want)
    if ok:
        assert np.array_equal(wide[rows].view(np.int64), want.view(np.int64))
    else:  # nothing written
        assert np.array_equal(wide[rows].view(np.int64), rhs.view(np.int64))
    assert np.isnan(np.delete(wide, rows, axis=0)).all()  # other rows untouched


@settings(max_examples=25, deadline=None)
@given(machines, st.sampled_from(["additive", "pairwise"]))
def test_sparse_residual_is_the_dense_sum(machine, kind):
    from arcot.learn import lstsq

    data = training_data(machine, "configurations:300")
    p = fit_linear_predictor(data, features=kind)
    windows, targets, groups, counts, _ = lstsq._examples(data, True)
    cols = K._feature_columns(windows, KIND_CODE[kind],
                              len(data.vocabulary), groups,
                              feature_dimension(kind, len(data.vocabulary)))
    compact = np.searchsorted(p.columns, cols)
    weight = counts.astype(np.float64)
    want = float(K._residual(compact, targets, weight, np.asarray(p.weights)))
    got = lstsq._residual(compact, targets, weight, np.asarray(p.weights))
    assert np.float64(got).view(np.int64) == np.float64(want).view(np.int64)
    assert got == p.info.residual


# -- configuration data: one kernel against the streams' windows --------


def reference_configuration_part(tableau, rng, k, width):
    """configuration data as arcot made them before: the streams (before,
    config, successor by Tableau.rules), all their windows, the successor's
    kept."""
    vocab = tableau.vocabulary
    n_sym = tableau.machine.n_symbols
    n_states = tableau.machine.n_states
    def rows(n):
        cells = 1 + rng.integers(0, n_sym, size=(n, width))
        head = rng.integers(0, width, size=n)
        state = rng.integers(0, n_states, size=n)
        idx = np.arange(n)
        has = rng.integers(0, 4, size=n) > 0
        idx, head, state = idx[has], head[has], state[has]
        cells[idx, head] = 1 + n_sym + state * n_sym + (cells[idx, head] - 1)
        return np.concatenate([np.zeros((n, 1), np.int64), cells], axis=1)
    before, config = rows(k), rows(k)
    before[rng.integers(0, 8, size=k) == 0, width] = vocab.id(DELIMITER)
    padded = np.concatenate([config, np.zeros((k, 1), np.int64)], axis=1)
    succ = np.zeros_like(config)
    succ[:, 1:] = tableau.rules(padded[:, :-2], padded[:, 1:-1], padded[:, 2:])
    assert (succ >= 0).all()
    streams = np.concatenate([before, config, succ], axis=1)
    data = stream_windows(vocab, streams, width)
    keep = np.zeros(len(data), bool)
    keep.reshape(k, -1)[:, width + 1 :] = True
    return data.windows[keep], data.targets[keep]


@settings(max_examples=40, deadline=None)
@given(machines, st.integers(1, 60), st.sampled_from([1, 2, 3, 5]),
       st.integers(0, 2**32))
def test_configuration_part_is_the_successor_rows_of_the_streams(
        machine, k, width, seed):
    tableau = Tableau.of(machine)
    got = data_module._configuration_part(tableau, np.random.default_rng(seed), k,
                                          width)
    want = reference_configuration_part(tableau, np.random.default_rng(seed), k,
                                        width)
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
