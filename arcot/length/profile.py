"""What a measurement returns: one :class:`LengthRow` per input length, in a
:class:`LengthProfile` that prints itself, states what its rows rest on and
fits its own closed form (:func:`arcot.length.laws.fit_length`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

from arcot.circuit import ThresholdCircuit
from arcot.errors import LengthError
from arcot.length.laws import LengthLaw, fit_length
from arcot.length.minimum import MinimumLength

__all__ = ["FEW_HELD_OUT", "LOWER_BY", "LengthProfile", "LengthRow"]

#: What a ``minimal`` row's lower bound can rest on (:class:`LengthRow`).
LOWER_BY = ("drup", "sat", "milp", "none needed")

#: Below this many held-out points the table warns that the law rests on few.
FEW_HELD_OUT = 3

_OUTPUT_WORDS = {
    "accept": "1 when it halts in an accept state, 0 otherwise",
    "head": "the bit under its head when it stops",
    "last": "the rightmost non-blank bit of its final tape",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthRow:
    """One input length: worst-case steps, width and CoT tokens.

    For a machine: ``steps`` is ``T(n)``, ``width`` the tableau window
    ``W(n)``, ``cot_tokens`` the encoding's length law at ``(T, W)``, and
    ``verified`` is ``None`` (lengths are measured; proofs are ``certify``'s).
    For a function scheme: ``steps = cot_tokens`` is the number of gates (one
    token each), ``width`` the largest number of tokens one step reads (its
    fan-in), ``verified`` says the circuit's last token equals the
    function on every one of the ``2^n`` inputs (``True``), differs on one
    (``False``, the first such input in ``counterexample``) or, for a
    sampled check that found no error, is not known (``None``); ``check``
    says how that was decided (:class:`arcot.circuit.CircuitCheck`'s
    ``method``) and ``checked`` on how many inputs. When the function is a
    machine's, ``machine_steps``, ``machine_width`` and ``machine_tokens``
    are the machine's own row in its encoding (as :class:`LengthRow` of a
    machine), to compare with ``cot_tokens``. A ``minimal`` row's
    ``lower_bound`` is the least CoT length its search did not rule out,
    so the minimum lies in ``[lower_bound, cot_tokens]`` and is
    ``cot_tokens`` when they are equal (:attr:`exact`); ``lower_by`` names
    what the lower bound rests on: ``"drup"`` (a DRUP proof that no CoT of
    ``lower_bound - 1`` tokens exists, checked by :mod:`arcot.verify.drup`),
    ``"sat"`` (that proof, not checked within the time limit: the solver's
    word), ``"milp"`` (HiGHS's floating-point infeasibility verdicts) or
    ``"none needed"`` (``lower_bound`` 1).
    """

    n: int
    steps: int
    width: int
    cot_tokens: int
    verified: bool | None = None
    check: str | None = None
    checked: int | None = None
    counterexample: tuple[int, ...] | None = None
    machine_steps: int | None = None
    machine_width: int | None = None
    machine_tokens: int | None = None
    lower_bound: int | None = None
    lower_by: str | None = None

    def __post_init__(self) -> None:
        for name in ("n", "steps", "width", "cot_tokens"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
                raise LengthError(f"{name} must be an integer >= 0, got {value!r}")
            object.__setattr__(self, name, int(value))
        for name in ("checked", "machine_steps", "machine_width", "machine_tokens",
                     "lower_bound"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(
                    value, Integral) or value < 0):
                raise LengthError(f"{name} must be an integer >= 0 or None, got "
                                  f"{value!r}")
        if self.verified is not None and not isinstance(self.verified, bool):
            raise LengthError(f"verified must be a bool or None, got {self.verified!r}")
        if (self.lower_bound is None) != (self.lower_by is None) or (
                self.lower_bound is not None and not 1 <= self.lower_bound
                <= self.cot_tokens) or self.lower_by not in (*LOWER_BY, None):
            raise LengthError(
                f"lower_bound and lower_by go together, 1 <= lower_bound <= "
                f"cot_tokens, lower_by one of {', '.join(LOWER_BY)}; got "
                f"{self.lower_bound!r}, {self.lower_by!r}"
            )

    @property
    def exact(self) -> bool | None:
        """For a ``minimal`` row, whether ``cot_tokens`` is the minimum
        (``None`` for other rows)."""
        return None if self.lower_bound is None else self.lower_bound == self.cot_tokens

    @property
    def refuted(self) -> bool:
        """Whether the row's check found an input where the circuit is wrong."""
        return self.counterexample is not None

    def to_dict(self) -> dict[str, Any]:
        """The row as the CLI prints it (``check``, ``checked``, a failed
        row's ``counterexample`` as a bit string, and a machine's own
        lengths, only where they apply)."""
        row: dict[str, Any] = {
            "n": self.n, "steps": self.steps, "width": self.width,
            "cot_tokens": self.cot_tokens, "verified": self.verified,
        }
        if self.check is not None:
            row["check"] = self.check
        if self.checked is not None:
            row["checked"] = self.checked
        if self.counterexample is not None:
            row["counterexample"] = "".join(map(str, self.counterexample))
        for name in ("machine_steps", "machine_width", "machine_tokens"):
            if getattr(self, name) is not None:
                row[name] = getattr(self, name)
        if self.lower_bound is not None:
            row.update(lower_bound=self.lower_bound, lower_by=self.lower_by,
                       exact=self.exact)
        return row


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LengthProfile:
    """Rows of :class:`LengthRow` for ``n = 1..N`` and what they measure.

    ``subject`` names the machine or function, ``method`` the encoding or
    scheme, ``inputs`` which inputs each row covers (``"all"`` or
    ``"sample:K"``). ``circuits`` holds each row's circuit for a function
    scheme (the witnesses, for ``minimal``), else is empty; ``minima``
    holds the :class:`MinimumLength` results of the ``minimal`` scheme.
    A machine's function has ``machine_encoding``, the encoding of the
    machine's own lengths in each row, and ``output``, the convention its
    answer is read by (:data:`arcot.length.targets.OUTPUTS`); ``seed``
    drew a sampled check's inputs; ``backend`` is the ``minimal`` scheme's
    solver (``"sat"`` or ``"milp"``).
    """

    subject: str
    method: str
    inputs: str
    rows: tuple[LengthRow, ...]
    circuits: tuple[ThresholdCircuit, ...] = ()
    minima: tuple[MinimumLength, ...] = field(default=())
    machine_encoding: str | None = None
    output: str | None = None
    seed: int = 0
    backend: str | None = None

    def __post_init__(self) -> None:
        rows = tuple(self.rows)
        if not rows:
            raise LengthError("rows is empty: a profile needs at least one row")
        for r in rows:
            if not isinstance(r, LengthRow):
                raise LengthError(f"rows must hold LengthRow objects, got {r!r}")
        ns = [r.n for r in rows]
        if len(set(ns)) != len(ns):
            raise LengthError(f"rows repeat an input length: {ns}")
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "circuits", tuple(self.circuits))
        object.__setattr__(self, "minima", tuple(self.minima))

    def column(self, name: str) -> list[int]:
        """One column (``n``, ``steps``, ``width`` or ``cot_tokens``; for a
        machine's function also ``machine_steps``, ``machine_width``,
        ``machine_tokens``) as a list."""
        if name not in ("n", "steps", "width", "cot_tokens", "machine_steps",
                        "machine_width", "machine_tokens"):
            raise LengthError(f"unknown column {name!r}")
        values = [getattr(r, name) for r in self.rows]
        if None in values:
            raise LengthError(f"the rows have no column {name!r}")
        return values

    def fit(self, column: str = "cot_tokens") -> LengthLaw | None:
        """The exact closed form of a column against ``n`` (:func:`fit_length`).

        For ``cot_tokens`` of a ``minimal`` profile only the exact rows are
        fitted (a row whose search ran out holds an upper bound)."""
        ns, values = self.column("n"), self.column(column)
        if column == "cot_tokens":
            keep = [r.exact is not False for r in self.rows]
            ns = [n for n, k in zip(ns, keep, strict=True) if k]
            values = [v for v, k in zip(values, keep, strict=True) if k]
        return fit_length(values, ns) if ns else None

    def __repr__(self) -> str:
        # the rows and circuits run to many kilobytes; say what they hold
        ns = _ns([r.n for r in self.rows])
        tokens = [r.cot_tokens for r in self.rows]
        checked = [r.verified for r in self.rows if r.verified is not None]
        state = ("" if not checked else "; every row verified" if all(checked)
                 else f"; {checked.count(False)} rows NOT verified")
        return (f"<LengthProfile {self.subject} ({self.method}, inputs: "
                f"{self.inputs}): n = {ns}, cot_tokens {min(tokens)}..{max(tokens)}"
                f"{state}>")

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame`` indexed by ``n`` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise LengthError("to_pandas needs pandas: pip install pandas") from None
        frame = pd.DataFrame([r.to_dict() for r in self.rows]).set_index("n")
        frame.attrs.update(subject=self.subject, method=self.method,
                           inputs=self.inputs)
        return frame

    def _repr_html_(self) -> str:
        """The table as HTML, with the law and the notes under it (notebooks)."""
        import html

        notes = self.notes()
        cols = ["n", "steps", "width", "cot_tokens"] + (["verified"] if notes else [])
        head = "".join(f"<th>{c}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(
                f"<td>{html.escape(str(r.to_dict()[c]))}</td>" for c in cols
            ) + "</tr>"
            for r in self.rows
        )
        law = self.fit()
        tail = (
            "<p>no closed form in the basis</p>" if law is None
            else f"<p>L(n) = {html.escape(law.readable)} &nbsp; "
            f"{html.escape(law.growth)} (fitted on {len(law.fit_ns)} points, "
            f"confirmed on {len(law.held_out_ns)})</p>"
        )
        tail += "".join(
            f"<p><b>{html.escape(k.replace('_', ' '))}</b>: {html.escape(v)}</p>"
            for k, v in notes.items()
        )
        title = html.escape(f"{self.subject} ({self.method}, inputs: {self.inputs})")
        return f"<p><b>{title}</b></p><table><tr>{head}</tr>{body}</table>{tail}"

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON object: ``{"rows": [...], "fit": {...}}``, and for a
        machine's function ``machine_encoding``, ``output`` and
        ``machine_fit``, the law of ``machine_tokens``."""
        out: dict[str, Any] = {"rows": [r.to_dict() for r in self.rows],
                               "fit": _fit_dict(self.fit())}
        if self.machine_encoding is not None:
            out["machine_encoding"] = self.machine_encoding
            out["output"] = self.output
            out["machine_fit"] = _fit_dict(self.fit("machine_tokens"))
        if self.backend is not None:
            out["backend"] = self.backend
        return out

    def notes(self) -> dict[str, str]:
        """What the rows' claims rest on, in words; empty for a machine.

        A machine's rows are measured lengths: nothing is checked, so there
        is no note (and no check column in :meth:`table`). A function
        scheme's rows have ``check``, what ``verified`` says was checked,
        and ``gates``, what kind of token each step is; the ``minimal``
        scheme adds ``lower_bound``, what says no shorter chain exists.

        >>> from arcot.length.measure import measure_function_length
        >>> measure_function_length("parity", "chain:3", 4).notes()["gates"]
        'parity gates (XOR of at most 3 tokens), not linear threshold gates'
        """
        if not self.circuits:
            return {}
        out = {"check": self._check_note()}
        if self.machine_encoding is not None:
            out["machine"] = (
                f"the column machine {self.machine_encoding} (JSON machine_tokens) "
                f"is the machine's own {self.machine_encoding} CoT length for the "
                "worst input of length n (steps and window measured on "
                f"{'every input' if self.inputs == 'all' else self.inputs}); the "
                f"function is the machine's answer read by its {self.output} "
                f"convention ({_OUTPUT_WORDS.get(self.output or '', '')})"
            )
        kinds = {g.kind for c in self.circuits for g in c.gates}
        fan = max((len(g.terms) for c in self.circuits for g in c.gates
                   if g.kind == "parity"), default=0)
        if kinds == {"threshold"}:
            out["gates"] = "linear threshold gates (integer weights and threshold)"
        elif kinds == {"parity"}:
            out["gates"] = (
                f"parity gates (XOR of at most {fan} tokens), not linear threshold "
                "gates"
            )
        else:
            out["gates"] = (
                f"linear threshold gates and parity gates (XOR of at most {fan} "
                "tokens)"
            )
        bounded = [r for r in self.rows if r.lower_bound is not None]
        if bounded:
            out["lower_bound"] = self._lower_note(bounded)
        return out

    def _lower_note(self, rows: Sequence[LengthRow]) -> str:
        """The ``lower_bound`` note: what says no shorter CoT exists."""
        def at(by: str) -> str:
            return _ns([r.n for r in rows if r.lower_by == by])

        parts = []
        if any(r.lower_by == "drup" for r in rows):
            parts.append(
                f"at n = {at('drup')}, the SAT encoding of 'a CoT of lower - 1 "
                "threshold tokens computes the function' (arcot.length.sat, "
                "weights within threshold_weight_bound) is unsatisfiable: the "
                "solver's DRUP proof was checked by arcot.verify.drup, and a "
                "shorter CoT pads to that length"
            )
        if any(r.lower_by == "sat" for r in rows):
            parts.append(
                f"at n = {at('sat')}, the same encoding refuted by the SAT solver, "
                "whose DRUP proof the checker did not finish within the time "
                "limit: the solver's word, not checked (--write-proofs saves it)"
            )
        if any(r.lower_by == "milp" for r in rows):
            parts.append(
                f"at n = {at('milp')}, MILP infeasibility of every shorter "
                "length (scipy HiGHS, floating point, not an exact proof)"
            )
        if any(r.lower_by == "none needed" for r in rows):
            parts.append(f"none needed at n = {at('none needed')} (1 token)")
        open_rows = [r.n for r in rows if not r.exact]
        if open_rows:
            parts.append(
                f"at n = {_ns(open_rows)} the search ran out of time: the minimum "
                "lies between the lower bound and the witness's cot_tokens, and "
                "the closed form leaves those rows out"
            )
        parts.append("each witness is checked in exact integers")
        return "; ".join(parts)

    def _check_note(self) -> str:
        """The ``check`` note: what ``verified`` rests on, row by row."""
        def at(method: str) -> str:
            return _ns([r.n for r in self.rows if r.check == method])

        methods = {r.check for r in self.rows}
        sampled = sorted(m for m in methods if m and m.startswith("sampled:"))
        text = (f"the circuit's last token equals {self.subject} on every one of "
                "the 2^n inputs, evaluated in exact integer arithmetic")
        if sampled and len(sampled) == len(methods):
            text = (f"the circuit's last token is compared with {self.subject} on "
                    "random inputs, in exact integer arithmetic")
        elif sampled:
            exact = [r.n for r in self.rows if r.check not in sampled]
            text += f" (at n = {_ns(exact)})"
        if "symmetric" in methods:
            text += (
                f"; at n = {at('symmetric')} on one input per number of ones, which "
                f"decides all 2^n: {self.subject} depends on the number of ones "
                "only, and so does the circuit's answer (every gate it reads "
                "weights all inputs alike, or XORs cancel to all of them)"
            )
        if "orbits" in methods:
            text += (
                f"; at n = {at('orbits')} on one input per orbit, the inputs with "
                "the same number of ones in each class of inputs that the "
                f"function and every gate the answer reads treat alike (equal "
                "weight columns), which decides all 2^n"
            )
        for method in sampled:
            k = int(method.partition(":")[2])
            clean = [r.n for r in self.rows if r.check == method and not r.refuted]
            text += (
                f"; at n = {at(method)} on {k} uniformly random inputs (seed "
                f"{self.seed}), which decides nothing unless one is wrong: such a "
                "row is NO, exactly; one with none wrong is not verified"
            )
            if clean:
                text += (
                    f" (at n = {_ns(clean)}: none wrong, so the fraction of wrong "
                    f"inputs is below ln(20)/{k} = {math.log(20) / k:.3g} with 95% "
                    "confidence)"
                )
        return text

    def table(self) -> str:
        """A readable table, the fitted law, then what the rows rest on.

        A function scheme's rows have a column ``right on all 2^n`` (the
        row's ``verified``); a machine's rows, which check nothing, have none.
        """
        notes = self.notes()
        check = "right on all 2^n"
        machine = f"machine {self.machine_encoding}"
        head = f"{'n':>4} {'steps':>10} {'width':>8} {'cot_tokens':>14}"
        if notes:
            head += f"  {check}  {'check':<12}"
        bounded = any(r.lower_bound is not None for r in self.rows)
        if bounded:
            head += f"  {'minimum':>9}  {'lower by':<11}"
        if self.machine_encoding is not None:
            head += f"  {machine:>16}"
        lines = [f"{self.subject} ({self.method}, inputs: {self.inputs})",
                 head.rstrip()]
        for r in self.rows:
            line = f"{r.n:>4} {r.steps:>10} {r.width:>8} {r.cot_tokens:>14}"
            if notes:
                v = ("yes" if r.verified else "NO" if r.verified is False
                     else f"0 of {r.checked} wrong" if r.checked else "-")
                line += f"  {v:>{len(check)}}  {r.check or '-':<12}"
            if bounded:
                low = r.lower_bound
                span = ("-" if low is None else str(low) if r.exact
                        else f"{low}..{r.cot_tokens}")
                line += f"  {span:>9}  {r.lower_by or '-':<11}"
            if self.machine_encoding is not None:
                tokens = "-" if r.machine_tokens is None else str(r.machine_tokens)
                line += f"  {tokens:>16}"
            lines.append(line.rstrip())
        law = self.fit()
        if law is None:
            lines.append("L(n): no closed form in the basis (see fit_length)")
        else:
            lines.append(f"L(n) = {law.readable}    {law.growth}")
            held = len(law.held_out_ns)
            lines.append(
                f"  fitted on n = {_ns(law.fit_ns)}, confirmed on n = "
                f"{_ns(law.held_out_ns)}"
                + (f" (only {held} held-out point{'s' if held > 1 else ''}: more "
                   "rows would test the law harder)" if held < FEW_HELD_OUT else "")
            )
        if self.machine_encoding is not None:
            mlaw = self.fit("machine_tokens")
            lines.append(f"machine L(n) = {mlaw.readable}    {mlaw.growth}"
                         if mlaw is not None else
                         "machine L(n): no closed form in the basis")
        for key, text in notes.items():
            label = check if key == "check" else key.replace("_", " ")
            lines.append(f"{label}: {text}")
        return "\n".join(lines)


def _fit_dict(law: LengthLaw | None) -> dict[str, Any]:
    return {
        "expression": None if law is None else str(law),
        "readable": None if law is None else law.readable,
        "growth": None if law is None else law.growth,
        "fit_ns": None if law is None else list(law.fit_ns),
        "held_out_ns": None if law is None else list(law.held_out_ns),
    }


def _ns(ns: Sequence[int]) -> str:
    """``1, 2, 3, 5`` as ``1..3, 5``."""
    runs: list[list[int]] = []
    for n in ns:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in runs)
