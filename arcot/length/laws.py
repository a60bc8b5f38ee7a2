"""Exact closed forms: fit an integer sequence to a law over a fixed basis.

:func:`fit_length` finds a rational combination of :data:`BASIS` terms (or a
step term ``floor((n + r)/c)``) that reproduces every point, confirmed on
points held out of the fit; :class:`LengthLaw` is what it returns. ``N`` is
the symbol the laws are written in.

Fitting and printing a law need no sympy: the coefficients are Fractions
from an exact solve, each term's values are integers, and a law's text is
written here in sympy's own syntax (the same string ``str`` of its sympy
expression gives). sympy, whose import costs more than a whole small
``arcot length`` run, loads only when a law's :attr:`LengthLaw.expression`,
``latex`` or value is asked for, or ``N`` is read.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral
from typing import TYPE_CHECKING, Any

from arcot.errors import LengthError
from arcot.length.checks import check_int

if TYPE_CHECKING:
    import sympy

    N: sympy.Symbol  # the module attribute, made by __getattr__ below

__all__ = ["BASIS", "FLOOR_PERIODS", "LengthLaw", "N", "fit_length"]


def __getattr__(name: str) -> Any:
    # ``N`` is a sympy Symbol: made (and sympy imported) on first read
    if name == "N":
        return _symbol()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _symbol() -> sympy.Symbol:
    """The symbol of the closed forms (module attribute ``N``)."""
    import sympy

    return sympy.Symbol("n", integer=True, positive=True)


@dataclass(frozen=True, slots=True)
class _Term:
    """A basis function: exact values, growth, domain, and how sympy prints it.

    ``num`` and ``den`` are its factors above and below the fraction bar as
    sympy's ``str`` writes them (``n*log(n)/log(2)``: ``("n", "log(n)")``
    over ``("log(2)",)``); ``rank`` is its place in the order sympy writes
    the terms of a sum (smaller first).
    """

    name: str
    value: Callable[[int], int | None]  # exact value at n, None where irrational
    growth: tuple[int, int, int]  # b^n * n^d * log(n)^l  ->  (b, d, l)
    scale: Fraction  # term ~ scale * b^n n^d log2(n)^l
    rank: int
    num: tuple[str, ...]
    den: tuple[str, ...] = ()
    pow2: bool = False  # defined (rational) only at powers of two
    period: int = 0  # a step term's period c (0: not a step term)
    offset: int = 0  # a step term's r

    @property
    def expr(self) -> sympy.Expr:
        """The term as a sympy expression (imports sympy)."""
        return _sympy_term(self.name)


def _log2(n: int) -> int | None:
    return n.bit_length() - 1 if n >= 1 and n & (n - 1) == 0 else None


def _mul(a: int, b: int | None) -> int | None:
    return None if b is None else a * b


_BITS = "ceiling(log(n + 1)/log(2))"

#: The candidate basis of :func:`fit_length`, in its order of preference.
BASIS: tuple[_Term, ...] = (
    _Term(name="1", value=lambda n: 1, growth=(1, 0, 0), scale=Fraction(1),
          rank=99, num=()),
    _Term(name="n", value=lambda n: n, growth=(1, 1, 0), scale=Fraction(1),
          rank=9, num=("n",)),
    _Term(name="n^2", value=lambda n: n * n, growth=(1, 2, 0), scale=Fraction(1),
          rank=6, num=("n**2",)),
    _Term(name="n^3", value=lambda n: n**3, growth=(1, 3, 0), scale=Fraction(1),
          rank=4, num=("n**3",)),
    _Term(name="n^4", value=lambda n: n**4, growth=(1, 4, 0), scale=Fraction(1),
          rank=3, num=("n**4",)),
    _Term(name="ceil(log2(n+1))", value=lambda n: n.bit_length(),
          growth=(1, 0, 1), scale=Fraction(1), rank=12, num=(_BITS,)),
    _Term(name="log2(n)", value=_log2, growth=(1, 0, 1), scale=Fraction(1),
          rank=11, num=("log(n)",), den=("log(2)",), pow2=True),
    _Term(name="n*log2(n)", value=lambda n: _mul(n, _log2(n)), growth=(1, 1, 1),
          scale=Fraction(1), rank=7, num=("n", "log(n)"), den=("log(2)",),
          pow2=True),
    _Term(name="n*ceil(log2(n+1))", value=lambda n: n * n.bit_length(),
          growth=(1, 1, 1), scale=Fraction(1), rank=8, num=("n", _BITS)),
    _Term(name="log2(n)^2",
          value=lambda n: None if _log2(n) is None else _log2(n) ** 2,  # type: ignore[operator]
          growth=(1, 0, 2), scale=Fraction(1), rank=10, num=("log(n)**2",),
          den=("log(2)**2",), pow2=True),
    _Term(name="n^2*log2(n)", value=lambda n: _mul(n * n, _log2(n)),
          growth=(1, 2, 1), scale=Fraction(1), rank=5, num=("n**2", "log(n)"),
          den=("log(2)",), pow2=True),
    _Term(name="2^n", value=lambda n: 2**n, growth=(2, 0, 0), scale=Fraction(1),
          rank=1, num=("2**n",)),
    _Term(name="n*2^n", value=lambda n: n * 2**n, growth=(2, 1, 0),
          scale=Fraction(1), rank=0, num=("2**n", "n")),
    _Term(name="3^n", value=lambda n: 3**n, growth=(3, 0, 0), scale=Fraction(1),
          rank=2, num=("3**n",)),
)


def _floor_term(c: int, r: int) -> _Term:
    inner = f"n/{c}" if r == 0 else f"n/{c} + {Fraction(r, c)}"
    return _Term(
        name=f"floor((n+{r})/{c})", value=lambda n: (n + r) // c, growth=(1, 1, 0),
        scale=Fraction(1, c), rank=13, num=(f"floor({inner})",), period=c,
        offset=r,
    )


#: Periods of the step terms ``floor((n + r) / c)``, ``0 <= r < c``.
FLOOR_PERIODS = range(2, 9)
_FLOORS = tuple(_floor_term(c, r) for c in FLOOR_PERIODS for r in range(c))
_BY_NAME = {t.name: t for t in (*BASIS, *_FLOORS)}


def _sympy_term(name: str) -> sympy.Expr:
    import sympy

    n = _symbol()
    t = _BY_NAME[name]
    if t.period:
        return sympy.floor((n + t.offset) / sympy.Integer(t.period))
    log2, bits = sympy.log(n, 2), sympy.ceiling(sympy.log(n + 1, 2))
    forms = {
        "1": sympy.Integer(1), "n": n, "n^2": n**2, "n^3": n**3, "n^4": n**4,
        "ceil(log2(n+1))": bits, "log2(n)": log2, "n*log2(n)": n * log2,
        "n*ceil(log2(n+1))": n * bits, "log2(n)^2": log2**2,
        "n^2*log2(n)": n**2 * log2, "2^n": 2**n, "n*2^n": n * 2**n, "3^n": 3**n,
    }
    return forms[name]


# -- a law's text, as sympy's printers write it -------------------------------


def _product(c: Fraction, num: Sequence[str], den: Sequence[str]) -> str:
    """``c * num / den`` as sympy's ``StrPrinter`` writes a product."""
    top = ([str(abs(c.numerator))] if abs(c.numerator) != 1 else []) + list(num)
    bottom = ([str(c.denominator)] if c.denominator != 1 else []) + list(den)
    text = "*".join(top or ["1"])
    if len(bottom) == 1:
        text += "/" + bottom[0]
    elif bottom:
        text += "/(" + "*".join(bottom) + ")"
    return ("-" if c < 0 else "") + text


def _term_text(c: Fraction, t: _Term, readable: bool) -> str:
    if not readable:
        return _product(c, t.num, t.den)
    if t.den == ("log(2)",):  # rest*log(n)/log(2) reads rest*log2(n)
        rest = [f for f in t.num if f != "log(n)"]
        if not rest and abs(c) == 1:
            return "-log2(n)" if c < 0 else "log2(n)"
        head = _product(c, rest, ())
        return f"({head})*log2(n)" if c < 0 else f"{head}*log2(n)"
    num = ["ceil(log2(n + 1))" if f == _BITS else f for f in t.num]
    return _product(c, num, t.den)


def _sum_text(pairs: Sequence[tuple[Fraction, _Term]], readable: bool) -> str:
    """A sum in sympy's term order, ``a - b + c`` as sympy writes it."""
    if not pairs:
        return "0"
    ordered = sorted(pairs, key=lambda p: p[1].rank)
    if len(ordered) == 2:
        (c, t), (c0, t0) = ordered
        # sympy's one exception to its order: ``1 - 2*n``, not ``-2*n + 1``
        if t0.name == "1" and c0 > 0 and c < 0 and len(t.num) + len(t.den) == 1:
            ordered.reverse()
    out = ""
    for c, t in ordered:
        s = _term_text(c, t, readable)
        if not out:
            out = s
        elif s.startswith("-"):
            out += " - " + s[1:]
        else:
            out += " + " + s
    return out


def _law_text(
    terms: Sequence[_Term],
    coef: Sequence[Fraction],
    exceptions: Sequence[tuple[int, int]],
    readable: bool,
) -> str:
    """What ``str`` (or the readable printer) gives for the law's sympy form.

    Exceptions make a ``Piecewise``; as sympy does, neighbouring pieces of
    one value share a piece (their conditions joined by ``|``), and pieces
    whose value is the constant law itself fold into it.
    """
    body = _sum_text(list(zip(coef, terms, strict=True)), readable)
    if not exceptions:
        return body
    const: int | None = None
    if not terms:
        const = 0
    elif len(terms) == 1 and terms[0].name == "1" and coef[0].denominator == 1:
        const = coef[0].numerator
    pieces: list[tuple[int, list[int]]] = []
    for k, v in exceptions:
        if pieces and pieces[-1][0] == v:
            pieces[-1][1].append(k)
        else:
            pieces.append((v, [k]))
    if pieces and pieces[-1][0] == const:
        pieces.pop()
    if not pieces:
        return body
    parts = [f"({v}, {' | '.join(f'Eq(n, {k})' for k in ks)})" for v, ks in pieces]
    return f"Piecewise({', '.join(parts)}, ({body}, True))"


@functools.cache
def _printers() -> tuple[Any, Any]:
    """sympy's str printer with ``ceil``/``floor``/``log2``, and its LaTeX
    printer with ``\\log_2`` (classes made on first use: they import sympy)."""
    import sympy
    from sympy.printing.latex import LatexPrinter
    from sympy.printing.precedence import PRECEDENCE
    from sympy.printing.str import StrPrinter

    def split_log2(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
        """``(x, rest)`` when ``expr`` is ``rest * log(x) / log(2)``, else None."""
        factors = list(sympy.Mul.make_args(expr))
        inverse = sympy.Pow(sympy.log(2), -1)
        logs = [f for f in factors if isinstance(f, sympy.log)]
        if inverse not in factors or not logs:
            return None
        factors.remove(inverse)
        factors.remove(logs[0])
        return logs[0].args[0], sympy.Mul(*factors)

    class Readable(StrPrinter):  # type: ignore[misc]
        def _print_ceiling(self, expr: sympy.Expr) -> str:
            return f"ceil({self._print(expr.args[0])})"

        def _print_floor(self, expr: sympy.Expr) -> str:
            return f"floor({self._print(expr.args[0])})"

        def _print_Mul(self, expr: sympy.Expr) -> str:
            split = split_log2(expr)
            if split is None:
                return str(super()._print_Mul(expr))
            x, rest = split
            head = f"log2({self._print(x)})"
            if rest == 1:
                return head
            if rest == -1:
                return f"-{head}"
            return f"{self.parenthesize(rest, PRECEDENCE['Mul'], strict=True)}*{head}"

    class Latex(LatexPrinter):  # type: ignore[misc]
        def _print_Mul(self, expr: sympy.Expr) -> str:
            split = split_log2(expr)
            if split is None:
                return str(super()._print_Mul(expr))
            x, rest = split
            head = rf"\log_2{{\left({self._print(x)}\right)}}"
            if rest == 1:
                return head
            return f"{self.parenthesize(rest, PRECEDENCE['Mul'], strict=True)} {head}"

    return Readable, Latex


@dataclass(frozen=True, slots=True, init=False, repr=False)
class LengthLaw:
    """An exact closed form of an integer sequence, confirmed on held-out points.

    ``str(law)`` is the law in sympy syntax (parseable by ``sympy.sympify``)
    and :attr:`readable` as people write it; ``growth`` its class as a
    string ``"Theta(...)"``. ``terms`` (names of :data:`BASIS` or step
    terms) and ``coefficients`` are the basis terms and their exact rational
    coefficients; the coefficients are fixed by the points ``fit_ns`` and
    confirmed on ``held_out_ns``. ``exceptions`` are leading ``(n, value)``
    points the law is stated apart from (see :func:`fit_length`).
    :attr:`expression` is the sympy expression, made on first use; a law
    may instead be given one (``expression=``), which its text is then
    printed from.
    """

    growth: str
    terms: tuple[str, ...]
    coefficients: tuple[Fraction, ...]
    fit_ns: tuple[int, ...]
    held_out_ns: tuple[int, ...]
    exceptions: tuple[tuple[int, int], ...]
    _text: str
    _readable: str | None = field(compare=False)
    _expr: Any = field(compare=False)

    def __init__(
        self,
        *,
        growth: str,
        terms: Sequence[str],
        coefficients: Sequence[Fraction],
        fit_ns: Sequence[int],
        held_out_ns: Sequence[int],
        exceptions: Sequence[tuple[int, int]] = (),
        expression: sympy.Expr | None = None,
    ) -> None:
        put = functools.partial(object.__setattr__, self)
        put("growth", growth)
        put("terms", tuple(terms))
        put("coefficients", tuple(Fraction(c) for c in coefficients))
        put("fit_ns", tuple(fit_ns))
        put("held_out_ns", tuple(held_out_ns))
        put("exceptions", tuple((int(k), int(v)) for k, v in exceptions))
        put("_expr", expression)
        if expression is not None:
            put("_text", str(expression))
            put("_readable", None)  # printed from the expression when asked
            return
        if len(self.terms) != len(self.coefficients):
            raise LengthError(f"{len(self.terms)} terms but "
                              f"{len(self.coefficients)} coefficients")
        unknown = [t for t in self.terms if t not in _BY_NAME]
        if unknown:
            raise LengthError(f"{unknown[0]!r} is not a term of the basis")
        basis = [_BY_NAME[t] for t in self.terms]
        put("_text", _law_text(basis, self.coefficients, self.exceptions, False))
        put("_readable", _law_text(basis, self.coefficients, self.exceptions, True))

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return (f"LengthLaw({self._text!r}, growth={self.growth!r}, "
                f"fit_ns={self.fit_ns!r}, held_out_ns={self.held_out_ns!r})")

    @property
    def expression(self) -> sympy.Expr:
        """The law as a sympy expression in ``n`` (imports sympy)."""
        if self._expr is None:
            object.__setattr__(self, "_expr", self._sympy())
        return self._expr

    def _sympy(self) -> sympy.Expr:
        import sympy

        body = sympy.Add(*(
            sympy.Rational(c.numerator, c.denominator) * _sympy_term(t)
            for c, t in zip(self.coefficients, self.terms, strict=True)
        ))
        if not self.exceptions:
            return body
        n = _symbol()
        return sympy.Piecewise(
            *((sympy.Integer(v), sympy.Eq(n, k)) for k, v in self.exceptions),
            (body, True),
        )

    @property
    def readable(self) -> str:
        """The law as people write it: ``ceil(log2(n + 1))``, ``n*log2(n)``.

        >>> import sympy
        >>> from arcot.length.laws import N
        >>> law = LengthLaw(expression=sympy.ceiling(sympy.log(N + 1, 2)),
        ...                 growth="Theta(log(n))", terms=(), coefficients=(),
        ...                 fit_ns=(), held_out_ns=())
        >>> str(law), law.readable
        ('ceiling(log(n + 1)/log(2))', 'ceil(log2(n + 1))')
        """
        if self._readable is not None:
            return self._readable
        return str(_printers()[0]().doprint(self.expression))

    @property
    def latex(self) -> str:
        """The law in LaTeX (``\\log_2`` for base-2 logarithms), for plots."""
        return str(_printers()[1]().doprint(self.expression))

    def __call__(self, n: int) -> sympy.Expr:
        """The law's exact value at ``n`` (a sympy number)."""
        import sympy

        return sympy.simplify(self.expression.subs(_symbol(), n))


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


# sympy's str of b**n * n**d * log(n)**l, for each growth key of the basis
_GROWTH_TEXT = {
    (1, 1, 0): "n", (1, 2, 0): "n**2", (1, 3, 0): "n**3", (1, 4, 0): "n**4",
    (1, 0, 1): "log(n)", (1, 1, 1): "n*log(n)", (1, 0, 2): "log(n)**2",
    (1, 2, 1): "n**2*log(n)", (2, 0, 0): "2**n", (2, 1, 0): "2**n*n",
    (3, 0, 0): "3**n",
}


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
        return f"Theta({_GROWTH_TEXT[key]})"
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
        return LengthLaw(
            growth=law.growth, terms=law.terms, coefficients=law.coefficients,
            fit_ns=law.fit_ns, held_out_ns=law.held_out_ns, exceptions=first,
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
                return LengthLaw(growth="Theta(0)", terms=(), coefficients=(),
                                 fit_ns=(), held_out_ns=tuple(nlist))
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
        fit_ns = tuple(sorted(nlist[i] for i in pivots))
        return LengthLaw(
            growth=_growth(family, coef),
            terms=tuple(t.name for t in family),
            coefficients=tuple(coef),
            fit_ns=fit_ns,
            held_out_ns=tuple(n for n in nlist if n not in fit_ns),
        )
    return None
