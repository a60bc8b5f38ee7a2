"""Plotting: a profile's column against ``n`` with its fitted law (matplotlib)."""

from __future__ import annotations

from typing import Any

import sympy

from arcot.errors import LengthError
from arcot.length.laws import N
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
    figure (the law is ``profile.fit(column)``).
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
        held = set(law.held_out_ns)
        fitted = [(n, y) for n, y in zip(ns, ys, strict=True) if n not in held]
        checked = [(n, y) for n, y in zip(ns, ys, strict=True) if n in held]
        marks = ((fitted, "o", "fitted"), (checked, "s", "held out"))
        for points, mark, label in marks:
            if points:
                xs_, ys_ = zip(*points, strict=True)
                ax.plot(xs_, ys_, mark, label=f"{label} ({len(points)})",
                        fillstyle="full" if mark == "o" else "none")
        fn = sympy.lambdify(N, law.expression, "math")
        xs = list(range(min(ns), max(ns) + 1))
        ax.plot(xs, [float(fn(x)) for x in xs], "-", label=f"${law.latex}$")
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
