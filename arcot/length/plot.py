"""Plotting: a profile's column against ``n`` with its fitted law (matplotlib)."""

from __future__ import annotations

from typing import Any

from arcot.errors import LengthError
from arcot.length.profile import LengthProfile

__all__ = ["plot_length"]


def plot_length(
    profile: LengthProfile,
    path: str | None = None,
    *,
    column: str = "cot_tokens",
    ax: Any = None,
) -> Any:
    """Plot a column of ``profile`` against ``n`` with its fitted law.

    Draws into ``ax`` (a matplotlib Axes: a notebook's, say) when given, else
    into a figure of its own; saves to ``path`` when given (one of the two is
    needed). The points that fixed the law's coefficients and the held-out
    points that confirmed it are marked apart; ``n`` ticks are integers; the
    law is labelled in LaTeX. matplotlib's backend and pyplot's state are
    left as they are. Needs matplotlib (``pip install 'arcot[plot]'``);
    raises :class:`~arcot.errors.LengthError` if it is missing. Returns the
    figure (the law is ``profile.fit(column)``). A ``minimal`` profile's
    ``cot_tokens`` also get their lower bounds and the band between them
    and the witnesses, where the minimum lies (a line where it is exact).
    """
    if path is None and ax is None:
        raise LengthError("plot_length needs a path to save to or an ax to draw in")
    try:
        import matplotlib  # noqa: F401  (the package itself, not a cached submodule)
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise LengthError(
            "plotting needs matplotlib: pip install 'arcot[plot]'"
        ) from None
    if ax is None:
        fig = Figure(figsize=(6, 4))  # not pyplot: no backend, no global figure
        ax = fig.add_subplot()
    ns = profile.column("n")
    ys = profile.column(column)
    law = profile.fit(column)
    if law is None:
        ax.plot(ns, ys, "o", label=f"measured {column} (no law fits)")
    else:
        held, fit = set(law.held_out_ns), set(law.fit_ns)
        fitted = [(n, y) for n, y in zip(ns, ys, strict=True) if n in fit]
        checked = [(n, y) for n, y in zip(ns, ys, strict=True) if n in held]
        # rows the law leaves out: a minimal row whose search ran out
        left = [(n, y) for n, y in zip(ns, ys, strict=True)
                if n not in fit and n not in held]
        marks = ((fitted, "o", "fitted"), (checked, "s", "held out"),
                 (left, "D", "witness only, not fitted"))
        for points, mark, label in marks:
            if points:
                xs_, ys_ = zip(*points, strict=True)
                ax.plot(xs_, ys_, mark, label=f"{label} ({len(points)})",
                        fillstyle="full" if mark == "o" else "none")
        import sympy  # the law drawn through sympy: only when plotting

        from arcot.length.laws import N

        fn = sympy.lambdify(N, law.expression, "math")
        xs = list(range(min(ns), max(ns) + 1))
        ax.plot(xs, [float(fn(x)) for x in xs], "-", label=f"${law.latex}$")
    lows = [r.lower_bound for r in profile.rows]
    if column == "cot_tokens" and None not in lows:
        # the minimal scheme: the minimum lies in [lower_bound, cot_tokens]
        ax.fill_between(ns, lows, ys, step="mid", alpha=0.25,
                        label="minimum lies here (lower bound to witness)")
        ax.plot(ns, lows, "^", fillstyle="none",
                label=f"lower bound ({_lower_words(profile)})")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("n (input length)")
    ax.set_ylabel(column)
    title = f"{profile.subject} ({profile.method})"
    ax.set_title(title if law is None else f"{title}: {law.growth}")
    ax.legend()
    if path is not None:
        ax.figure.tight_layout()
        try:
            ax.figure.savefig(path)
        except (OSError, ValueError) as exc:
            raise LengthError(f"cannot write the plot to {path!r}: {exc}") from None
    return ax.figure


def _lower_words(profile: LengthProfile) -> str:
    """What the lower bounds rest on, in a legend's few words."""
    by = {r.lower_by for r in profile.rows if r.lower_by} - {"none needed"}
    words = {"drup": "checked DRUP proofs", "sat": "SAT, proof unchecked",
             "milp": "MILP, not exact"}
    return ", ".join(words[b] for b in sorted(by)) or "1 token, none needed"
