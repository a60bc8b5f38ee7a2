"""The frontier of exact minima: a table of bounds over many functions.

:func:`minimum_table` runs the ``minimal`` scheme
(:func:`~arcot.length.measure.measure_function_length`) for each function
and ``n = 1..n_max`` under a time limit a row, and keeps what each row
reached: the minimum where its search finished, else the interval between
the certified lower bound and the best circuit known (a construction, the
truth table, or a solver's witness). :class:`MinimumTable` prints it as one
cross table, function by ``n``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from arcot.errors import LengthError
from arcot.length.checks import check_int
from arcot.length.measure import LengthTimeLimit, measure_function_length
from arcot.length.minimum import resolve_backend
from arcot.length.profile import LengthProfile, LengthRow
from arcot.length.targets import FUNCTIONS

__all__ = ["LIBRARY", "MinimumTable", "minimum_table"]

#: The functions of ``arcot length --function library``: every named one,
#: and two of the families (counting mod 3, exactly two ones).
LIBRARY = (*FUNCTIONS, "mod:3", "exact:2")


def _cell(row: LengthRow) -> str:
    """``3`` (exact), ``3..4`` (the bounds reached); ``?`` marks a lower
    bound that is the solver's word (MILP, or a proof left unchecked)."""
    low = row.lower_bound
    assert low is not None
    mark = "?" if row.lower_by in ("milp", "sat") else ""
    return f"{row.cot_tokens}{mark}" if row.exact else f"{low}{mark}..{row.cot_tokens}"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class MinimumTable:
    """Each function's ``minimal`` profile (:class:`LengthProfile`), in
    order; ``stopped`` says why the run ended early (``None`` if it did
    not): the functions after the last profile were not run."""

    profiles: tuple[LengthProfile, ...]
    backend: str
    row_time_limit: float | None
    stopped: str | None = None

    def bounds(self, function: str, n: int) -> tuple[int, int]:
        """``(lower, upper)`` for ``function`` at ``n``: the minimum lies
        between them (equal when it is exact)."""
        for profile in self.profiles:
            if profile.subject == function:
                for row in profile.rows:
                    if row.n == n:
                        assert row.lower_bound is not None
                        return row.lower_bound, row.cot_tokens
        raise LengthError(f"the table has no row for {function} at n = {n}")

    def table(self) -> str:
        """The cross table, then what its cells rest on."""
        ns = sorted({r.n for p in self.profiles for r in p.rows})
        cells = {(p.subject, r.n): _cell(r) for p in self.profiles for r in p.rows}
        name_w = max([len("function"), *(len(p.subject) for p in self.profiles)])
        col_w = max([len(str(n)) for n in ns] + [len(c) for c in cells.values()])
        limit = ("none" if self.row_time_limit is None
                 else f"{self.row_time_limit:g} s")
        lines = [f"minimum CoT length in linear threshold tokens ({self.backend} "
                 f"backend; time limit a row: {limit})",
                 f"{'function':<{name_w}}  n = " + "  ".join(
                     f"{n:>{col_w}}" for n in ns)]
        for p in self.profiles:
            lines.append(f"{p.subject:<{name_w}}      " + "  ".join(
                f"{cells.get((p.subject, n), '-'):>{col_w}}" for n in ns))
        lines.append(
            "k: the minimum, exactly: a witness checked in integers on all 2^n "
            "inputs, and every shorter length refuted; a..b: the search ran out, "
            "the minimum is at least a (every shorter length refuted) and at "
            "most b (a circuit checked in integers); - not run")
        by = {r.lower_by for p in self.profiles for r in p.rows}
        if "drup" in by:
            lines.append("refuted: by SAT, each refutation's DRUP proof checked by "
                         "arcot.verify.drup")
        if by & {"milp", "sat"}:
            lines.append("?: refuted by the solver's word only (MILP infeasibility, "
                         "floating point; or a SAT proof not checked in time)")
        if self.stopped is not None:
            lines.append(f"stopped: {self.stopped}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """``{"backend", "row_time_limit", "functions": {name: rows}}``, each
        row ``n``, ``lower_bound``, ``upper_bound``, ``exact``, ``lower_by``,
        and ``stopped`` where the run ended early."""
        out: dict[str, Any] = {
            "backend": self.backend, "row_time_limit": self.row_time_limit,
            "functions": {
                p.subject: [{"n": r.n, "lower_bound": r.lower_bound,
                             "upper_bound": r.cot_tokens, "exact": r.exact,
                             "lower_by": r.lower_by} for r in p.rows]
                for p in self.profiles
            },
        }
        if self.stopped is not None:
            out["stopped"] = self.stopped
        return out


def minimum_table(
    functions: Sequence[str] = LIBRARY,
    n_max: int = 6,
    *,
    backend: str = "auto",
    row_time_limit: float | None = 60.0,
    time_limit: float = 3600.0,
    progress: bool | None = None,
) -> MinimumTable:
    """The ``minimal`` scheme's bounds for each of ``functions`` (specs of
    :func:`~arcot.length.targets.target_function` defined for every ``n``)
    at ``n = 1..n_max``, each row searched for at most ``row_time_limit``
    seconds. When ``time_limit`` (all rows together) runs out, the table
    holds what was finished, the stopped row's bounds included, and says
    so in ``stopped``.

    >>> t = minimum_table(["parity", "and"], 3)
    >>> t.bounds("parity", 3), t.bounds("and", 3)
    ((2, 2), (1, 1))
    """
    if isinstance(functions, str) or not functions:
        raise LengthError("functions must be a non-empty sequence of function specs")
    n_max = check_int("n_max", n_max, 1)
    began = time.perf_counter()
    profiles: list[LengthProfile] = []
    stopped = None
    for spec in functions:
        left = time_limit - (time.perf_counter() - began)
        try:
            profile = measure_function_length(
                spec, "minimal", n_max, backend=backend, time_limit=max(left, 1e-9),
                row_time_limit=row_time_limit, progress=progress,
            )
        except LengthTimeLimit as exc:
            if isinstance(exc.finished, LengthProfile):
                profiles.append(exc.finished)
            stopped = f"{spec}: {exc}"
            break
        profiles.append(profile)
    return MinimumTable(profiles=tuple(profiles), backend=resolve_backend(backend),
                        row_time_limit=row_time_limit, stopped=stopped)
