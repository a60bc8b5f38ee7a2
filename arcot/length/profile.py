"""What a measurement returns: one :class:`LengthRow` per input length, in a
:class:`LengthProfile` that prints itself, states what its rows rest on and
fits its own closed form (:func:`arcot.length.laws.fit_length`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

from arcot.circuit import ThresholdCircuit
from arcot.errors import LengthError
from arcot.length.laws import LengthLaw, fit_length
from arcot.length.minimum import MinimumLength

__all__ = ["FEW_HELD_OUT", "LengthProfile", "LengthRow"]

#: Below this many held-out points the table warns that the law rests on few.
FEW_HELD_OUT = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class LengthRow:
    """One input length: worst-case steps, width and CoT tokens.

    For a machine: ``steps`` is ``T(n)``, ``width`` the tableau window
    ``W(n)``, ``cot_tokens`` the encoding's length law at ``(T, W)``, and
    ``verified`` is ``None`` (lengths are measured; proofs are ``certify``'s).
    For a function scheme: ``steps = cot_tokens`` is the number of gates (one
    token each), ``width`` the largest number of tokens one step reads (its
    fan-in), ``verified`` says the circuit's last token equals the
    function on every one of the ``2^n`` inputs, and ``check`` how that was
    decided (:class:`arcot.circuit.CircuitCheck`'s ``method``).
    """

    n: int
    steps: int
    width: int
    cot_tokens: int
    verified: bool | None = None
    check: str | None = None

    def __post_init__(self) -> None:
        for name in ("n", "steps", "width", "cot_tokens"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
                raise LengthError(f"{name} must be an integer >= 0, got {value!r}")
            object.__setattr__(self, name, int(value))
        if self.verified is not None and not isinstance(self.verified, bool):
            raise LengthError(f"verified must be a bool or None, got {self.verified!r}")

    def to_dict(self) -> dict[str, Any]:
        """The row as the CLI prints it (``check`` only for a function's rows)."""
        row: dict[str, Any] = {
            "n": self.n, "steps": self.steps, "width": self.width,
            "cot_tokens": self.cot_tokens, "verified": self.verified,
        }
        if self.check is not None:
            row["check"] = self.check
        return row


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LengthProfile:
    """Rows of :class:`LengthRow` for ``n = 1..N`` and what they measure.

    ``subject`` names the machine or function, ``method`` the encoding or
    scheme, ``inputs`` which inputs each row covers (``"all"`` or
    ``"sample:K"``). ``circuits`` holds each row's circuit for a function
    scheme (the witnesses, for ``minimal``), else is empty; ``minima``
    holds the :class:`MinimumLength` results of the ``minimal`` scheme.
    """

    subject: str
    method: str
    inputs: str
    rows: tuple[LengthRow, ...]
    circuits: tuple[ThresholdCircuit, ...] = ()
    minima: tuple[MinimumLength, ...] = field(default=())

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
        """One column (``n``, ``steps``, ``width`` or ``cot_tokens``) as a list."""
        if name not in ("n", "steps", "width", "cot_tokens"):
            raise LengthError(f"unknown column {name!r}")
        return [getattr(r, name) for r in self.rows]

    def fit(self, column: str = "cot_tokens") -> LengthLaw | None:
        """The exact closed form of a column against ``n`` (:func:`fit_length`)."""
        return fit_length(self.column(column), self.column("n"))

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
        """The CLI's JSON object: ``{"rows": [...], "fit": {...}}``."""
        law = self.fit()
        return {
            "rows": [r.to_dict() for r in self.rows],
            "fit": {
                "expression": None if law is None else str(law.expression),
                "readable": None if law is None else law.readable,
                "growth": None if law is None else law.growth,
                "fit_ns": None if law is None else list(law.fit_ns),
                "held_out_ns": None if law is None else list(law.held_out_ns),
            },
        }

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
        out = {
            "check": f"the circuit's last token equals {self.subject} on every one "
            "of the 2^n inputs, evaluated in exact integer arithmetic",
        }
        if any(r.check == "symmetric" for r in self.rows):
            ns = _ns([r.n for r in self.rows if r.check == "symmetric"])
            out["check"] += (
                f"; at n = {ns} on one input per number of ones, which decides "
                f"all 2^n: {self.subject} depends on the number of ones only, and "
                "so does each gate, as every gate gives all inputs one weight"
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
        if self.minima:
            refuted = [m.n for m in self.minima if m.infeasible]
            single = [m.n for m in self.minima if not m.infeasible]
            parts = []
            if refuted:
                parts.append(
                    "MILP infeasibility of every shorter length (scipy HiGHS, "
                    f"floating point, not an exact proof) at n = {_ns(refuted)}"
                )
            if single:
                parts.append(f"none needed at n = {_ns(single)} (1 token)")
            parts.append("each witness is checked in exact integers")
            out["lower_bound"] = "; ".join(parts)
        return out

    def table(self) -> str:
        """A readable table, the fitted law, then what the rows rest on.

        A function scheme's rows have a column ``right on all 2^n`` (the
        row's ``verified``); a machine's rows, which check nothing, have none.
        """
        notes = self.notes()
        check = "right on all 2^n"
        head = f"{'n':>4} {'steps':>10} {'width':>8} {'cot_tokens':>14}"
        if notes:
            head += f"  {check}"
        lines = [f"{self.subject} ({self.method}, inputs: {self.inputs})", head]
        for r in self.rows:
            line = f"{r.n:>4} {r.steps:>10} {r.width:>8} {r.cot_tokens:>14}"
            if notes:
                v = "-" if r.verified is None else ("yes" if r.verified else "NO")
                line += f"  {v:>{len(check)}}"
            lines.append(line)
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
        for key, text in notes.items():
            label = check if key == "check" else key.replace("_", " ")
            lines.append(f"{label}: {text}")
        return "\n".join(lines)


def _ns(ns: Sequence[int]) -> str:
    """``1, 2, 3, 5`` as ``1..3, 5``."""
    runs: list[list[int]] = []
    for n in ns:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in runs)
