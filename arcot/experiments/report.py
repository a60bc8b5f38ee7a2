"""The multiplication experiment's table: every model, with CoT and without.

:func:`multiplication_rows` runs the models ``arcot experiment
multiplication`` names on one digit count (the position-specific linear
model by least squares, :mod:`arcot.experiments.positional`; the linear
model and the MLP by cross-entropy, :mod:`arcot.experiments.autodiff`; the
proven multiplication machine, :mod:`arcot.experiments.proven`) and returns
their rows in one order; :func:`plot_multiplication` draws their exact-match
and per-digit accuracy side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from arcot.errors import LearningError

__all__ = ["MODELS", "multiplication_rows", "plot_multiplication"]

#: The models, in the table's order.
MODELS = ("lstsq", "linear-ce", "mlp", "proven")

#: Held-out pairs the proven machine's predictor rolls out by default: each
#: rollout writes a whole tableau (thousands of tokens), so fewer than the
#: learned models' 2,000; its correctness on every pair is the proof's.
PROVEN_PAIRS = 300


def default_split(digits: int) -> str:
    """The split rule used when none is named: the paper's hash at 4 digits,
    a seeded random 75/25 split below, where the hash is unbalanced
    (:func:`arcot.experiments.multiplication.units_balance`)."""
    return "paper" if digits >= 4 else "random"


def multiplication_rows(
    digits: int,
    *,
    models: Sequence[str] = MODELS,
    formats: Sequence[str] = ("cot", "no_cot"),
    split_rule: str | None = None,
    max_train: int | None = None,
    test_pairs: int | None = None,
    width: int | None = None,
    steps: int | None = None,
    batch: int | None = None,
    device: str = "cpu",
    seed: int = 0,
    progress: bool | None = None,
) -> list[dict[str, Any]]:
    """One row a model and format (the proven machine: one row, its tableau).

    ``width``, ``steps`` and ``batch`` set the cross-entropy models'
    training (their defaults where ``None``); ``test_pairs`` caps the
    held-out pairs scored (default 2,000; the proven machine's rollout
    :data:`PROVEN_PAIRS`). Every row's figures are measured in this call.
    """
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        raise LearningError(f"models must be some of {', '.join(MODELS)}, got "
                            f"{list(models)}")
    rule = default_split(digits) if split_rule is None else split_rule
    training: dict[str, Any] = {k: v for k, v in
                                (("width", width), ("steps", steps), ("batch", batch))
                                if v is not None}
    rows: list[dict[str, Any]] = []
    for fmt in formats:
        for name in models:
            if name == "lstsq":
                from arcot.experiments.positional import run_linear

                rows.append(run_linear(digits, fmt, split_rule=rule,
                                       max_train=max_train, max_test=test_pairs or 2000,
                                       seed=seed, progress=progress))
            elif name in ("linear-ce", "mlp"):
                from arcot.experiments.autodiff import run_autodiff

                rows.append(run_autodiff(
                    digits, fmt, model="linear" if name == "linear-ce" else "mlp",
                    split_rule=rule, max_train=max_train,
                    test_pairs=test_pairs or 2000, seed=seed, device=device,
                    progress=progress, **training,
                ))
    if "proven" in models:
        from arcot.experiments.proven import run_proven

        pairs = PROVEN_PAIRS if test_pairs is None else min(test_pairs, PROVEN_PAIRS)
        rows.append(run_proven(digits, pairs=pairs, seed=seed, progress=progress))
    for row in rows:  # a learned model's score is a measurement, not a proof
        row.setdefault("verified", None)
        row.setdefault("proof", None)
    return rows


def plot_multiplication(rows: Sequence[dict[str, Any]], path: str | None = None,
                        *, ax: Any = None) -> Any:
    """Exact match and per-digit accuracy of each row, as grouped bars.

    Draws into ``ax`` when given, else a figure of its own; saves to
    ``path`` when given. Needs matplotlib (``pip install 'arcot[plot]'``).
    Returns the figure.
    """
    if path is None and ax is None:
        raise LearningError("plot_multiplication needs a path or an ax")
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise LearningError("plotting needs matplotlib: pip install 'arcot[plot]'"
                            ) from None
    if ax is None:
        fig = Figure(figsize=(7, 4))
        ax = fig.add_subplot()
    labels = [f"{r['model']}\n{r['format']}" for r in rows]
    xs = range(len(rows))
    ax.bar([x - 0.2 for x in xs], [r["exact_match"] for r in rows], 0.4,
           label="exact match")
    ax.bar([x + 0.2 for x in xs], [r["digit_accuracy"] for r in rows], 0.4,
           label="per-digit accuracy")
    ax.set_xticks(list(xs), labels, fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("held-out pairs, greedy rollout")
    digits = {r["digits"] for r in rows}
    ax.set_title(f"multiplication, {'/'.join(map(str, sorted(digits)))} digits")
    ax.legend()
    if path is not None:
        ax.figure.tight_layout()
        try:
            ax.figure.savefig(path)
        except (OSError, ValueError) as exc:
            raise LearningError(f"cannot write the plot to {path!r}: {exc}") from None
    return ax.figure
