"""Exact closed forms: fit an integer sequence to a law over a fixed basis.

:func:`fit_length` finds a rational combination of :data:`BASIS` terms (or a
step term ``floor((n + r)/c)``) that reproduces every point, confirmed on
points held out of the fit; :class:`LengthLaw` is what it returns. ``N`` is
the symbol the laws are written in.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from arcot.errors import LengthError
from arcot.length.checks import check_int

__all__ = ["BASIS", "FLOOR_PERIODS", "LengthLaw", "N", "fit_length"]

#: The symbol of the closed forms.
N = sympy.Symbol("n", integer=True, positive=True)


@dataclass(frozen=True, slots=True)
class _Term:
    """A basis function: its sympy form, exact values, growth and domain."""

    name: str
    expr: sympy.Expr
    value: Callable[[int], int | None]  # exact value at n, None where irrational
    growth: tuple[int, int, int]  # b^n * n^d * log(n)^l  ->  (b, d, l)
    scale: Fraction  # term ~ scale * b^n n^d log2(n)^l
    pow2: bool = False  # defined (rational) only at powers of two
    period: int = 0  # a step term's period c (0: not a step term)


def _log2(n: int) -> int | None:
    return n.bit_length() - 1 if n >= 1 and n & (n - 1) == 0 else None


def _mul(a: int, b: int | None) -> int | None:
    return None if b is None else a * b


_LOG2 = sympy.log(N, 2)
_BITS = sympy.ceiling(sympy.log(N + 1, 2))

#: The candidate basis of :func:`fit_length`, in its order of preference.
BASIS: tuple[_Term, ...] = (
    _Term(name="1", expr=sympy.Integer(1), value=lambda n: 1, growth=(1, 0, 0),
          scale=Fraction(1)),
    _Term(name="n", expr=N, value=lambda n: n, growth=(1, 1, 0), scale=Fraction(1)),
    _Term(name="n^2", expr=N**2, value=lambda n: n * n, growth=(1, 2, 0),
          scale=Fraction(1)),
    _Term(name="n^3", expr=N**3, value=lambda n: n**3, growth=(1, 3, 0),
          scale=Fraction(1)),
    _Term(name="n^4", expr=N**4, value=lambda n: n**4, growth=(1, 4, 0),
          scale=Fraction(1)),
    _Term(name="ceil(log2(n+1))", expr=_BITS, value=lambda n: n.bit_length(),
          growth=(1, 0, 1), scale=Fraction(1)),
    _Term(name="log2(n)", expr=_LOG2, value=_log2, growth=(1, 0, 1),
          scale=Fraction(1), pow2=True),
    _Term(name="n*log2(n)", expr=N * _LOG2, value=lambda n: _mul(n, _log2(n)),
          growth=(1, 1, 1), scale=Fraction(1), pow2=True),
    _Term(name="n*ceil(log2(n+1))", expr=N * _BITS,
          value=lambda n: n * n.bit_length(), growth=(1, 1, 1), scale=Fraction(1)),
    _Term(name="log2(n)^2", expr=_LOG2**2,
          value=lambda n: None if _log2(n) is None else _log2(n) ** 2,  # type: ignore[operator]
          growth=(1, 0, 2), scale=Fraction(1), pow2=True),
    _Term(name="n^2*log2(n)", expr=N**2 * _LOG2,
          value=lambda n: _mul(n * n, _log2(n)), growth=(1, 2, 1),
          scale=Fraction(1), pow2=True),
    _Term(name="2^n", expr=2**N, value=lambda n: 2**n, growth=(2, 0, 0),
          scale=Fraction(1)),
    _Term(name="n*2^n", expr=N * 2**N, value=lambda n: n * 2**n, growth=(2, 1, 0),
          scale=Fraction(1)),
    _Term(name="3^n", expr=3**N, value=lambda n: 3**n, growth=(3, 0, 0),
          scale=Fraction(1)),
)


def _floor_term(c: int, r: int) -> _Term:
    return _Term(
        name=f"floor((n+{r})/{c})", expr=sympy.floor((N + r) / sympy.Integer(c)),
        value=lambda n: (n + r) // c, growth=(1, 1, 0), scale=Fraction(1, c),
        period=c,
    )


#: Periods of the step terms ``floor((n + r) / c)``, ``0 <= r < c``.
FLOOR_PERIODS = range(2, 9)
_FLOORS = tuple(_floor_term(c, r) for c in FLOOR_PERIODS for r in range(c))


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthLaw:
    """An exact closed form of an integer sequence, confirmed on held-out points.

    ``expression`` is a sympy expression in ``n`` (printable, and parseable
    by ``sympy.sympify``); ``growth`` its class as a string
    ``"Theta(...)"``. ``terms`` and ``coefficients`` are the basis terms and
    their exact rational coefficients; the coefficients are fixed by the
    points ``fit_ns`` and confirmed on ``held_out_ns``. ``exceptions`` are
    leading ``(n, value)`` points the law is stated apart from (see
    :func:`fit_length`).
    """

    expression: sympy.Expr
    growth: str
    terms: tuple[str, ...]
    coefficients: tuple[Fraction, ...]
    fit_ns: tuple[int, ...]
    held_out_ns: tuple[int, ...]
    exceptions: tuple[tuple[int, int], ...] = ()

    def __str__(self) -> str:
        return str(self.expression)

    @property
    def readable(self) -> str:
        """The law as people write it: ``ceil(log2(n + 1))``, ``n*log2(n)``.

        >>> from arcot.length.laws import N
        >>> law = LengthLaw(expression=sympy.ceiling(sympy.log(N + 1, 2)),
        ...                 growth="Theta(log(n))", terms=(), coefficients=(),
        ...                 fit_ns=(), held_out_ns=())
        >>> str(law), law.readable
        ('ceiling(log(n + 1)/log(2))', 'ceil(log2(n + 1))')
        """
        return str(_ReadablePrinter().doprint(self.expression))

    @property
    def latex(self) -> str:
        """The law in LaTeX (``\\log_2`` for base-2 logarithms), for plots."""
        return str(_LatexPrinter().doprint(self.expression))

    def __call__(self, n: int) -> sympy.Expr:
        """The law's exact value at ``n`` (a sympy number)."""
        return sympy.simplify(self.expression.subs(N, n))


def _split_log2(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """``(x, rest)`` when ``expr`` is ``rest * log(x) / log(2)``, else None."""
    factors = list(sympy.Mul.make_args(expr))
    inverse = sympy.Pow(sympy.log(2), -1)
    logs = [f for f in factors if isinstance(f, sympy.log)]
    if inverse not in factors or not logs:
        return None
    factors.remove(inverse)
    factors.remove(logs[0])
    return logs[0].args[0], sympy.Mul(*factors)


class _ReadablePrinter(StrPrinter):  # type: ignore[misc]
    """sympy's printer with ``ceil``, ``floor`` and ``log2``."""

    def _print_ceiling(self, expr: sympy.Expr) -> str:
        return f"ceil({self._print(expr.args[0])})"

    def _print_floor(self, expr: sympy.Expr) -> str:
        return f"floor({self._print(expr.args[0])})"

    def _print_Mul(self, expr: sympy.Expr) -> str:
        split = _split_log2(expr)
        if split is None:
            return str(super()._print_Mul(expr))
        x, rest = split
        head = f"log2({self._print(x)})"
        if rest == 1:
            return head
        if rest == -1:
            return f"-{head}"
        return f"{self.parenthesize(rest, PRECEDENCE['Mul'], strict=True)}*{head}"


class _LatexPrinter(LatexPrinter):  # type: ignore[misc]
    """sympy's LaTeX printer with ``\\log_2``."""

    def _print_Mul(self, expr: sympy.Expr) -> str:
        split = _split_log2(expr)
        if split is None:
            return str(super()._print_Mul(expr))
        x, rest = split
        head = rf"\log_2{{\left({self._print(x)}\right)}}"
        if rest == 1:
            return head
        return f"{self.parenthesize(rest, PRECEDENCE['Mul'], strict=True)} {head}"


def _check_values(values: object, ns: object) -> tuple[list[int], list[int]]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise LengthError(f"values must be a sequence of integers, got {values!r}")
    vals = list(values)
    out = []
    for i, v in enumerate(vals):
        if isinstance(v, bool) or not isinstance(v, Integral):
            raise LengthError(f"values[{i}] must be an integer, got {v!r}")
        out.append(int(v))
    if ns is None:
        nlist = list(range(1, len(out) + 1))
    else:
        if isinstance(ns, (str, bytes)) or not isinstance(ns, Iterable):
            raise LengthError(f"ns must be a sequence of integers, got {ns!r}")
        nlist = []
        for i, v in enumerate(list(ns)):
            if isinstance(v, bool) or not isinstance(v, Integral) or v < 1:
                raise LengthError(f"ns[{i}] must be an integer >= 1, got {v!r}")
            nlist.append(int(v))
        if len(nlist) != len(out):
            raise LengthError(
                f"ns has {len(nlist)} entries but values has {len(out)}: "
                "give one n per value"
            )
        if len(set(nlist)) != len(nlist):
            dup = next(v for v in nlist if nlist.count(v) > 1)
            raise LengthError(f"ns lists n={dup} twice")
    order = sorted(range(len(out)), key=nlist.__getitem__)
    return [out[i] for i in order], [nlist[i] for i in order]


def _solve(
    rows: list[list[int]], rhs: list[int], p: int
) -> tuple[list[Fraction], list[int]] | str:
    """Exact least-index Gaussian elimination: coefficients and pivot rows.

    Returns ``"singular"`` if the columns are dependent on these rows,
    ``"inconsistent"`` if no coefficients satisfy every row exactly.
    """
    m = len(rows)
    a = [
        [Fraction(x) for x in row] + [Fraction(b)]
        for row, b in zip(rows, rhs, strict=True)
    ]
    pivots: list[int] = []
    used = [False] * m
    for col in range(p):
        piv = next((i for i in range(m) if not used[i] and a[i][col] != 0), None)
        if piv is None:
            return "singular"
        used[piv] = True
        pivots.append(piv)
        prow = a[piv]
        inv = 1 / prow[col]
        for i in range(m):
            if i != piv and a[i][col] != 0:
                factor = a[i][col] * inv
                ai = a[i]
                for j in range(col, p + 1):
                    ai[j] -= factor * prow[j]
    for i in range(m):
        if not used[i] and a[i][p] != 0:
            return "inconsistent"
    coef = [a[pivots[c]][p] / a[pivots[c]][c] for c in range(p)]
    return coef, pivots


_PRIME = (1 << 61) - 1


def _quick_reject(rows: list[list[int]], rhs: list[int], p: int) -> bool:
    """True only if the system has no rational solution (a fast, sound screen).

    Elimination modulo the prime ``2^61 - 1``: when the columns stay
    independent modulo the prime, a rational solution would reduce to a
    solution modulo the prime (its denominators divide a minor that is
    non-zero there), so inconsistency modulo the prime proves inconsistency
    over the rationals. Anything else is left to the exact solve.
    """
    q = _PRIME
    a = [[x % q for x in row] + [b % q] for row, b in zip(rows, rhs, strict=True)]
    used = [False] * len(a)
    for col in range(p):
        piv = next((i for i in range(len(a)) if not used[i] and a[i][col]), None)
        if piv is None:
            return False  # dependent modulo the prime: no conclusion
        used[piv] = True
        prow = a[piv]
        inv = pow(prow[col], q - 2, q)
        for i in range(len(a)):
            if i != piv and a[i][col]:
                factor = a[i][col] * inv % q
                ai = a[i]
                for j in range(col, p + 1):
                    ai[j] = (ai[j] - factor * prow[j]) % q
    return any(not used[i] and a[i][p] for i in range(len(a)))


def _growth(terms: Sequence[_Term], coef: Sequence[Fraction]) -> str:
    """The Theta class: the largest growth key whose coefficients do not cancel.

    Only step terms share a key with another term (``floor((n+r)/c) ~ n/c``
    beside ``n``); when they cancel, what they leave is bounded, so a
    constant below them makes the class ``O(1)``, not ``Theta(1)`` (the
    sequence may touch 0 infinitely often).
    """
    if not terms:
        return "Theta(0)"
    cancelled = False
    for key in sorted({t.growth for t in terms}, reverse=True):
        pairs = zip(terms, coef, strict=True)
        lead = sum((c * t.scale for t, c in pairs if t.growth == key), Fraction(0))
        if lead == 0:
            cancelled = True
            continue
        if key == (1, 0, 0):
            return "O(1)" if cancelled else "Theta(1)"
        b, d, ell = key
        return f"Theta({sympy.Integer(b) ** N * N**d * sympy.log(N) ** ell})"
    return "O(1)"


def _families(
    basis: Sequence[_Term], max_terms: int
) -> Iterable[tuple[_Term, ...]]:
    """Candidate families by number of parameters, basis subsets first."""
    const, lin = BASIS[0], BASIS[1]
    for p in range(0, max_terms + 1):
        yield from itertools.combinations(basis, p)
        if 1 <= p <= 3:
            extras = [(), (const,), (lin,), (const, lin)]
            for fl in _FLOORS:
                for ex in extras:
                    if len(ex) + 1 == p:
                        yield (*ex, fl)


def fit_length(
    values: Sequence[int],
    ns: Sequence[int] | None = None,
    *,
    min_held_out: int = 2,
    max_terms: int = 4,
    max_exceptions: int = 1,
) -> LengthLaw | None:
    """The exact closed form of an integer sequence, or ``None``.

    ``values[i]`` is the sequence at ``ns[i]`` (default ``1, 2, ...``). A
    *law* is a rational combination of at most ``max_terms`` terms of
    :data:`BASIS` (``1, n, n^2, n^3, n^4, ceil(log2(n+1)), log2(n),
    n log2(n), n ceil(log2(n+1)), log2(n)^2, n^2 log2(n), 2^n, n 2^n, 3^n``),
    or of a step term ``floor((n + r)/c)`` (``2 <= c <= 8``, tried only when
    the points span at least ``3 c`` values of ``n``) with ``1`` and ``n``.
    Terms with ``log2(n)`` are candidates only when every ``n`` is a power
    of two (elsewhere they are irrational, so no integer sequence holds
    them); there the ``ceil(log2(n+1))`` terms, equal to ``log2(n) + 1``,
    give way to them.

    The rule: families are tried in a fixed order (fewest terms first, then
    basis order); the first whose coefficients, solved exactly from the
    earliest points that determine them, reproduce *every other* point
    exactly is the law. A family is tried only if it leaves at least
    ``min_held_out`` points out of the fit, so a law always has fewer
    parameters than points and is never an interpolation. If no law holds
    on every point, laws for the points after the first ``max_exceptions``
    (smallest ``n``) are tried, and the expression lists those first values
    explicitly (a ``Piecewise``, e.g. ``max(1, floor(n/2))`` at ``n = 1``).
    No family passes: ``None``. Points are taken in increasing ``n``.

    Raises :class:`~arcot.errors.LengthError` for non-integer values,
    ``ns`` of another length, repeated or non-positive ``n``.

    Examples
    --------
    >>> str(fit_length([3, 6, 11, 18, 27]))
    'n**2 + 2'
    >>> law = fit_length([2, 7, 21, 57, 145], ns=[1, 2, 4, 8, 16])
    >>> str(law), law.growth, law.fit_ns, law.held_out_ns
    ('2*n*log(n)/log(2) + n + 1', 'Theta(n*log(n))', (1, 2, 4), (8, 16))
    >>> fit_length([1, 2, 2, 3, 3, 3, 3, 4]).growth
    'Theta(log(n))'
    >>> str(fit_length([1, 1, 1, 2, 2, 3, 3, 4]))
    'Piecewise((1, Eq(n, 1)), (floor(n/2), True))'
    >>> print(fit_length([5, 1, 4, 1, 5, 9, 2, 6]))
    None
    """
    vals, nlist = _check_values(values, ns)
    min_held_out = check_int("min_held_out", min_held_out, 1)
    max_terms = check_int("max_terms", max_terms, 0)
    max_exceptions = check_int("max_exceptions", max_exceptions, 0)
    for drop in range(0, max_exceptions + 1):
        law = _search(vals[drop:], nlist[drop:], min_held_out, max_terms)
        if law is None:
            continue
        if not drop:
            return law
        first = tuple(zip(nlist[:drop], vals[:drop], strict=True))
        expr = sympy.Piecewise(
            *((sympy.Integer(v), sympy.Eq(N, k)) for k, v in first),
            (law.expression, True),
        )
        return LengthLaw(
            expression=expr, growth=law.growth, terms=law.terms,
            coefficients=law.coefficients, fit_ns=law.fit_ns,
            held_out_ns=law.held_out_ns, exceptions=first,
        )
    return None


def _search(
    vals: list[int], nlist: list[int], min_held_out: int, max_terms: int
) -> LengthLaw | None:
    """The first family (in :func:`_families` order) that fits every point."""
    m = len(vals)
    if m <= min_held_out:
        return None
    all_pow2 = all(_log2(n) is not None for n in nlist)
    # At powers of two ceil(log2(n+1)) = log2(n) + 1: keep the plain log2 forms.
    if all_pow2:
        basis = [t for t in BASIS if "ceil" not in t.name]
    else:
        basis = [t for t in BASIS if not t.pow2]
    # A step term is confirmed only on data spanning three of its periods.
    span = max(nlist) - min(nlist) + 1
    table: dict[str, list[int]] = {}
    for t in (*basis, *(f for f in _FLOORS if 3 * f.period <= span)):
        column = [t.value(n) for n in nlist]
        if all(v is not None for v in column):
            table[t.name] = column  # type: ignore[assignment]
    limit = min(max_terms, m - min_held_out)
    for family in _families(basis, limit):
        p = len(family)
        if p > limit or any(t.name not in table for t in family):
            continue
        if p == 0:
            if all(v == 0 for v in vals):
                return LengthLaw(expression=sympy.Integer(0), growth="Theta(0)",
                                 terms=(), coefficients=(), fit_ns=(),
                                 held_out_ns=tuple(nlist))
            continue
        rows = [[table[t.name][i] for t in family] for i in range(m)]
        if _quick_reject(rows, vals, p):
            continue
        solved = _solve(rows, vals, p)
        if isinstance(solved, str):
            continue
        coef, pivots = solved
        if any(c == 0 for c in coef):  # a smaller family holds it (tried earlier)
            continue
        expr = sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * t.expr
                           for c, t in zip(coef, family, strict=True)))
        fit_ns = tuple(sorted(nlist[i] for i in pivots))
        return LengthLaw(
            expression=expr,
            growth=_growth(family, coef),
            terms=tuple(t.name for t in family),
            coefficients=tuple(coef),
            fit_ns=fit_ns,
            held_out_ns=tuple(n for n in nlist if n not in fit_ns),
        )
    return None
