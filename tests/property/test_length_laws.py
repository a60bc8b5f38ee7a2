"""The fitter without sympy agrees with sympy: a law's text is the ``str`` of
its sympy expression (and ``readable`` what the sympy-based readable printer
writes), its coefficients are sympy's exact solve on its fit points, and its
values are the sympy expression's, on random combinations of the basis."""

import subprocess
import sys
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.length.laws import (
    _BY_NAME,
    _FLOORS,
    _GROWTH_TEXT,
    BASIS,
    LengthLaw,
    N,
    fit_length,
)
from arcot.length.laws import _printers as printers

PLAIN = [t for t in BASIS if not t.pow2]  # the basis off the powers of two
POW2 = [t for t in BASIS if "ceil" not in t.name]  # ... and on them


def reference(terms, coefficients, exceptions):
    """The law's sympy form, built as the fitter built it before it was
    sympy-free: a sum of Rational * term, a Piecewise over the exceptions."""
    body = sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * _BY_NAME[t].expr
                       for t, c in zip(terms, coefficients, strict=True)))
    if not exceptions:
        return body
    return sympy.Piecewise(*((sympy.Integer(v), sympy.Eq(N, k)) for k, v in exceptions),
                           (body, True))


fractions = st.builds(
    Fraction, st.integers(-40, 40).filter(bool) | st.sampled_from([10**25, -(10**19)]),
    st.integers(1, 12),
)


@st.composite
def laws(draw):
    pool = draw(st.sampled_from([PLAIN, POW2]))
    if draw(st.booleans()):
        terms = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=4,
                              unique_by=lambda t: t.name))
    else:  # a step term with 1 and n, as the fitter tries them
        terms = [draw(st.sampled_from(_FLOORS))]
        terms += draw(st.lists(st.sampled_from(BASIS[:2]), max_size=2,
                               unique_by=lambda t: t.name))
    coefficients = [draw(fractions) for _ in terms]
    ks = draw(st.lists(st.integers(1, 12), max_size=3, unique=True))
    values = st.integers(-3, 3)
    if len(terms) == 1 and terms[0].name == "1":  # pieces that fold into the law
        values = values | st.just(coefficients[0].numerator)
    exceptions = [(k, draw(values)) for k in sorted(ks)]
    return [t.name for t in terms], coefficients, exceptions


@settings(max_examples=400, deadline=None)
@given(laws())
def test_text_is_sympys_str_and_readable_printer(law_parts):
    terms, coefficients, exceptions = law_parts
    law = LengthLaw(growth="-", terms=terms, coefficients=coefficients, fit_ns=(),
                    held_out_ns=(), exceptions=exceptions)
    expr = reference(terms, coefficients, exceptions)
    assert str(law) == str(expr)
    assert law.readable == printers()[0]().doprint(expr)
    assert sympy.simplify(law.expression - expr) == 0


@st.composite
def sequences(draw):
    """Integer values of a random integer combination of basis terms, on
    1..m or on powers of two; the values come from sympy's expression."""
    pow2 = draw(st.booleans())
    pool = POW2 if pow2 else PLAIN
    terms = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3,
                          unique_by=lambda t: t.name))
    coefficients = [draw(st.integers(-9, 9).filter(bool)) for _ in terms]
    m = len(terms) + draw(st.integers(2, 5))
    ns = [2**i for i in range(m)] if pow2 else list(range(1, m + 1))
    expr = sympy.Add(*(c * t.expr for c, t in zip(coefficients, terms, strict=True)))
    values = [int(sympy.simplify(expr.subs(N, n))) for n in ns]
    return values, ns


@settings(max_examples=150, deadline=None)
@given(sequences())
def test_fit_agrees_with_sympys_exact_solve(seq):
    values, ns = seq
    law = fit_length(values, ns)
    assert law is not None  # the generating family fits, so some law does
    expr = law.expression
    assert str(law) == str(expr)
    assert law.readable == printers()[0]().doprint(expr)
    for n, v in zip(ns, values, strict=True):  # every point, by sympy
        assert sympy.simplify(expr.subs(N, n)) == v
    if law.exceptions:
        return
    # the coefficients are the unique exact solution on the fit points
    rows = sympy.Matrix([[sympy.simplify(_BY_NAME[t].expr.subs(N, n))
                          for t in law.terms] for n in law.fit_ns])
    rhs = sympy.Matrix([values[ns.index(n)] for n in law.fit_ns])
    solved = rows.LUsolve(rhs)
    assert [Fraction(int(x.p), int(x.q)) for x in solved] == list(law.coefficients)


def test_growth_names_are_sympys():
    for (b, d, ell), text in _GROWTH_TEXT.items():
        assert text == str(sympy.Integer(b) ** N * N**d * sympy.log(N) ** ell)
    assert {t.growth for t in (*BASIS, *_FLOORS)} - {(1, 0, 0)} == set(_GROWTH_TEXT)


def test_a_given_expression_is_printed_from_it():
    law = LengthLaw(expression=sympy.floor(N / 3) + 2, growth="Theta(n)", terms=(),
                    coefficients=(), fit_ns=(), held_out_ns=())
    assert (str(law), law.readable) == ("floor(n/3) + 2", "floor(n/3) + 2")
    assert law.latex == sympy.latex(law.expression)


@pytest.mark.parametrize("bad", [{"terms": ("n",), "coefficients": ()},
                                 {"terms": ("n^5",), "coefficients": (1,)}])
def test_bad_terms_are_refused(bad):
    from arcot.errors import LengthError

    with pytest.raises(LengthError):
        LengthLaw(growth="-", fit_ns=(), held_out_ns=(), **bad)


def test_fitting_and_printing_load_no_sympy():
    code = (
        "import sys\nfrom arcot.length import fit_length\n"
        "law = fit_length([2, 7, 21, 57, 145], ns=[1, 2, 4, 8, 16])\n"
        "print(str(law), law.readable, law.growth, sep='|')\n"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["2*n*log(n)/log(2) + n + 1|2*n*log2(n) + n + 1|Theta(n*log(n))",
                   "False"]
