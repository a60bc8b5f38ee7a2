"""Plotting: a profile's column against ``n`` with its fitted law (matplotlib)."""

from __future__ import annotations

import sympy

from arcot.errors import LengthError
from arcot.length.laws import LengthLaw, N
from arcot.length.profile import LengthProfile

__all__ = ["plot_length"]


def plot_length(
    profile: LengthProfile, path: str, *, column: str = "cot_tokens"
) -> LengthLaw | None:
    """Plot a column of ``profile`` against ``n`` with its fitted law; save to ``path``.

    Needs matplotlib (``pip install 'arcot[plot]'``); raises
    :class:`~arcot.errors.LengthError` if it is missing. Returns the law drawn.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise LengthError(
            "plotting needs matplotlib: pip install 'arcot[plot]'"
        ) from None
    ns = profile.column("n")
    ys = profile.column(column)
    law = profile.fit(column)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(ns, ys, "o", label=f"measured {column}")
    if law is not None:
        fn = sympy.lambdify(N, law.expression, "math")
        xs = list(range(min(ns), max(ns) + 1))
        ax.plot(xs, [float(fn(x)) for x in xs], "-", label=f"{law.expression}")
    ax.set_xlabel("n (input length)")
    ax.set_ylabel(column)
    title = f"{profile.subject} ({profile.method})"
    ax.set_title(title if law is None else f"{title}: {law.growth}")
    ax.legend()
    fig.tight_layout()
    try:
        fig.savefig(path)
    except (OSError, ValueError) as exc:
        raise LengthError(f"cannot write the plot to {path!r}: {exc}") from None
    finally:
        plt.close(fig)
    return law
