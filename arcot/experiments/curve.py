"""Sample complexity (Thm 3.3) and no compounding (Thm 3.6), measured.

:func:`run_curve` fits tied and untied linear predictors on ``K`` inputs
drawn uniformly (with replacement) from a machine's inputs of length
``<= n``, for each ``K`` of a grid and several seeds, and scores each fit on
*every* one of those inputs (the population is the test set, exhaustively):
the teacher-forced sequence error (some position, given the true prefix,
predicts a wrong token) and the rollout error (the CoT the predictor writes
from the prompt alone differs from the simulator's), both counted by
:func:`arcot.learn.learning_curve`.

**The CoT length ``T``** is varied one of two ways (``settings["t_axis"]``):

- through the input length (``"n"``): each ``n`` of ``n`` (a list, or
  ``1..n`` for an integer) is its own population, the inputs of length
  ``<= n``, padded to one tableau shape whose CoT has ``T(n)`` tokens. ``T``
  and the population size ``N`` grow together, so this axis is not at a
  fixed distribution; both are reported;
- by padding (``"extra_steps"``): one ``n``, its tableau lengthened by each
  of ``extra_steps`` rows past the halt (a halted configuration repeats).
  The inputs, their distribution and the windows they show stay the same;
  only ``T`` grows, and with it the number of untied positions.

**Thm 3.6** (errors do not compound): every row checks that the rollout
error is at most the teacher-forced error, and counts the (fit, input)
pairs on which the rollout went wrong although no teacher-forced prediction
did (``compounded``; the theorem says none). ``holds`` is false if any row
fails: a check that can fail, never assumed.

**Thm 3.3** (learning position by position): if each position's class is
learned from ``m(eps, delta)`` samples, the untied product class is learned
from ``m(eps/T, delta/T)``; for a class with ``m`` linear in ``1/eps`` that
is about ``T`` times one class's need, up to logarithms. It is an upper
bound on what the untied learner needs, not a prediction of it. The
measurement: for each ``n`` and predictor, ``k_needed`` is the least ``K`` of
the grid by which at least a ``1 - delta`` fraction of the fits have, and
keep at every larger ``K`` of the grid, rollout error ``<= eps`` (the
measured ``m(eps, delta)`` at the grid's resolution; with ``eps = 0``: right
on every input). :func:`curve_shape` divides the untied need by the tied
one at each ``T``, sets the ratio beside ``T`` (the bound's factor), and
fits ``K ~ T^a`` to each; it claims no more than those numbers.

>>> from arcot.zoo import get
>>> r = run_curve(get("increment"), [1, 2], [1, 4, 16], seeds=2)
>>> r["holds"], [row["rollout"] <= row["teacher_forced"] for row in r["rows"]][:3]
(True, [True, True, True])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from arcot._progress import Progress
from arcot.errors import LearningError
from arcot.learn.curves import CurvePoint, learning_curve
from arcot.learn.features import FEATURE_KINDS
from arcot.machine import TuringMachine

__all__ = ["LEARNERS", "curve_shape", "plot_curve", "run_curve", "samples_needed"]

LEARNERS = ("lstsq", "perceptron")

PREDICTORS = ("tied", "untied")


def _integer(name: str, value: object, low: int) -> int:
    if (not isinstance(value, (int, np.integer)) or isinstance(value, bool)
            or value < low):
        raise LearningError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _lengths(n: int | Sequence[int]) -> list[int]:
    """``n`` as the input lengths measured: ``1..n`` for an integer."""
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        return list(range(1, _integer("n", n, 1) + 1))
    if isinstance(n, (str, bytes)) or not isinstance(n, Iterable):
        raise LearningError(
            f"n must be an input length >= 1 or a list of lengths >= 0, got {n!r}"
        )
    ns = [_integer("each input length in n", x, 0) for x in n]
    if not ns:
        raise LearningError("n must name at least one input length")
    if len(set(ns)) != len(ns):
        raise LearningError(f"n lists an input length twice: {ns}")
    return sorted(ns)


def _fraction(name: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
        0 <= value < 1
    ):
        raise LearningError(f"{name} must be a number in [0, 1), got {value!r}")
    return Fraction(value)


def run_curve(
    machine: TuringMachine,
    n: int | Sequence[int],
    sizes: Iterable[int],
    *,
    learner: str = "lstsq",
    features: str = "pairwise",
    seeds: int = 3,
    seed: int = 0,
    eps: float = 0.0,
    delta: float = 0.5,
    max_steps: int = 10_000,
    extra_steps: int | Sequence[int] = 0,
    progress: bool | None = False,
) -> dict[str, Any]:
    """Tied and untied learning curves of ``machine``, against ``K`` and ``T``.

    Parameters
    ----------
    machine
        The machine whose tableau CoT is learned.
    n
        The input lengths: an integer ``n`` means ``1..n``; a list, those.
        Each is a population (its inputs of length ``<= n``) with its own
        CoT length ``T``.
    sizes
        The sample sizes ``K`` (each ``>= 1``; sorted, repeats dropped).
    learner, features
        ``"lstsq"`` or ``"perceptron"``; ``"pairwise"`` or ``"additive"``.
    seeds, seed
        Fits per point, with seeds ``seed .. seed + seeds - 1``; tied and
        untied fits of one seed see the same sample, and a seed's samples
        grow with ``K`` (each the first ``K`` of the largest).
    eps, delta
        ``k_needed``: the least ``K`` by which at least ``1 - delta`` of the
        fits have rollout error ``<= eps``, and keep it at every larger ``K``
        of the grid.
    max_steps
        The step budget of each run.
    extra_steps
        Rows added past the least tableau shape (an integer, or a list to
        vary ``T`` by padding at a single ``n``).
    progress
        A progress bar of the fits on stderr (None: when stderr is a tty).

    Returns
    -------
    dict
        JSON-ready: ``rows`` (one per ``n``, extra steps, predictor and
        ``K``), ``needed`` (one per curve, :func:`samples_needed`),
        ``shape`` (:func:`curve_shape`), ``holds`` (Thm 3.6 held on every
        row), ``summary`` (lines of text saying what was measured) and
        ``settings`` (the arguments).
    """
    if not isinstance(machine, TuringMachine):
        raise LearningError(
            f"machine must be a TuringMachine, got {type(machine).__name__}"
        )
    ns = _lengths(n)
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Iterable):
        raise LearningError(f"sizes must be sample sizes >= 1, got {sizes!r}")
    ks = sorted({_integer("each sample size", k, 1) for k in sizes})
    if not ks:
        raise LearningError("sizes must name at least one sample size")
    if learner not in LEARNERS:
        raise LearningError(f"learner must be one of {', '.join(LEARNERS)}, "
                            f"got {learner!r}")
    if features not in FEATURE_KINDS:
        raise LearningError(f"features must be one of {', '.join(FEATURE_KINDS)}, "
                            f"got {features!r}")
    seeds = _integer("seeds", seeds, 1)
    seed = _integer("seed", seed, 0)
    max_steps = _integer("max_steps", max_steps, 0)
    _fraction("eps", eps)
    _fraction("delta", delta)
    pads = _paddings(extra_steps)
    if len(pads) > 1 and len(ns) > 1:
        raise LearningError(
            f"vary T through n or through extra_steps, not both: n {ns}, "
            f"extra_steps {pads}"
        )
    name = machine.name or "machine"
    bar = Progress(len(ns) * len(pads) * len(PREDICTORS) * len(ks) * seeds,
                   f"curve {name}", progress, unit="fit")
    curves: dict[tuple[int, int, str], list[CurvePoint]] = {}
    try:
        for length in ns:
            for pad in pads:
                for predictor in PREDICTORS:
                    curves[length, pad, predictor] = learning_curve(
                        machine, length, ks, tied=predictor == "tied",
                        learner=learner, features=features, seeds=seeds,
                        seed=seed, max_steps=max_steps, extra_steps=pad,
                        on_fit=bar.step,
                    )
    finally:
        bar.close()
    rows = [
        {
            "n": length,
            "extra_steps": pad,
            "cot_tokens": p.cot_tokens,
            "inputs": p.inputs,
            "predictor": predictor,
            "k": p.k,
            "teacher_forced": p.teacher_forced,
            "rollout": p.rollout,
            "exact_fits": p.exact,
            "compounded": p.compounded,
            # Thm 3.6, per row: measured, so it can fail
            "holds": p.rollout <= p.teacher_forced and p.compounded == 0,
        }
        for (length, pad, predictor), points in curves.items()
        for p in points
    ]
    needed = samples_needed(curves, eps=eps, delta=delta)
    shape = curve_shape(needed)
    result: dict[str, Any] = {
        "settings": {
            "machine": name, "n": ns, "sizes": ks, "learner": learner,
            "features": features, "seeds": seeds, "seed": seed, "eps": eps,
            "delta": delta, "max_steps": max_steps, "extra_steps": pads,
            "t_axis": "extra_steps" if len(pads) > 1 else "n",
        },
        "rows": rows,
        "needed": needed,
        "shape": shape,
        "holds": all(row["holds"] for row in rows),
    }
    result["summary"] = _summary(result)
    return result


def _paddings(extra_steps: int | Sequence[int]) -> list[int]:
    if isinstance(extra_steps, (int, np.integer)) and not isinstance(
        extra_steps, bool
    ):
        return [_integer("extra_steps", extra_steps, 0)]
    if isinstance(extra_steps, (str, bytes)) or not isinstance(extra_steps, Iterable):
        raise LearningError(
            f"extra_steps must be an integer >= 0 or a list of them, got "
            f"{extra_steps!r}"
        )
    pads = sorted({_integer("each extra_steps", x, 0) for x in extra_steps})
    if not pads:
        raise LearningError("extra_steps must name at least one padding")
    return pads


def samples_needed(
    curves: dict[tuple[int, int, str], list[CurvePoint]],
    *,
    eps: float = 0.0,
    delta: float = 0.5,
) -> list[dict[str, Any]]:
    """The measured ``m(eps, delta)`` of each curve, at the grid's resolution.

    ``curves`` maps ``(n, extra_steps, predictor)`` to its points (one per
    ``K``, all over
    the same seeds). For each fit (seed), ``per_seed`` is the least ``K`` of
    the grid from which on its rollout error stays ``<= eps`` (``None`` if
    the largest ``K`` is not). ``k_needed`` is the ``ceil((1 - delta) *
    seeds)``-th smallest of them (``None``: fewer fits got there within the
    grid). ``k_see_all`` is ``N * H_N``, the expected number of draws to see
    each of the ``N`` inputs once (derived, for comparison: a learner that
    only memorises needs about that many).
    """
    eps_f, delta_f = _fraction("eps", eps), _fraction("delta", delta)
    out = []
    for (length, pad, predictor), points in curves.items():
        points = sorted(points, key=lambda p: p.k)
        if not points:
            raise LearningError(f"no points for n={length} ({predictor})")
        seeds, inputs = points[0].seeds, points[0].inputs
        if any(len(p.rollout_wrong) != seeds for p in points):
            raise LearningError("every point needs its per-seed rollout counts")
        per_seed: list[int | None] = []
        for i in range(seeds):
            first: int | None = None
            for p in reversed(points):  # walk down while the error stays small
                if p.rollout_wrong[i] > eps_f * inputs:
                    break
                first = p.k
            per_seed.append(first)
        enough = math.ceil((1 - delta_f) * seeds)
        reached = sorted(k for k in per_seed if k is not None)
        out.append({
            "n": length,
            "extra_steps": pad,
            "cot_tokens": points[0].cot_tokens,
            "inputs": inputs,
            "predictor": predictor,
            "k_needed": reached[enough - 1] if len(reached) >= enough else None,
            "fits_reaching": len(reached),
            "fits_required": enough,
            "seeds": seeds,
            "per_seed": per_seed,
            "k_max": points[-1].k,
            "k_see_all": inputs * sum(1 / j for j in range(1, inputs + 1)),
        })
    return out


def _fit_exponent(ts: Sequence[int], ks: Sequence[float]) -> float | None:
    """Least-squares ``a`` of ``log K = a log T + b`` (None: under two ``T``)."""
    if len(set(ts)) < 2:
        return None
    a, _ = np.polyfit(np.log(ts), np.log(ks), 1)
    return round(float(a), 12) + 0.0  # a flat fit reads 0, not -1e-17 or -0.0


def curve_shape(needed: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Untied against tied need at each ``T``, beside Thm 3.3's factor ``T``.

    ``points`` (one per ``n`` and ``extra_steps``): ``ratio`` is
    ``k_needed`` untied over tied (``None`` unless both were reached; then
    ``ratio_above`` is a strict lower bound when only the tied one was: the
    untied need passed the grid's largest ``K``), and ``ratio_over_t`` the
    ratio over ``T``.
    ``exponents``: ``a`` of ``K ~ T^a`` fitted (least squares in log-log)
    over the points each predictor reached, and of the ratio over the
    points with one. ``untied_not_below_tied`` says whether, wherever both
    were reached, the untied need was at least the tied one.
    """
    by_t: dict[tuple[int, int], dict[str, dict[str, Any]]] = {}
    for entry in needed:
        by_t.setdefault((entry["n"], entry.get("extra_steps", 0)), {})[
            entry["predictor"]] = entry
    points = []
    for length, pad in sorted(by_t):
        pair = by_t[length, pad]
        if set(pair) != set(PREDICTORS):
            raise LearningError(f"n={length} (extra_steps {pad}) needs a tied "
                                "and an untied curve")
        tied, untied = pair["tied"], pair["untied"]
        kt, ku = tied["k_needed"], untied["k_needed"]
        ratio = ku / kt if kt is not None and ku is not None else None
        t = tied["cot_tokens"]
        points.append({
            "n": length, "extra_steps": pad, "cot_tokens": t,
            "inputs": tied["inputs"],
            "k_see_all": tied["k_see_all"],
            "k_tied": kt, "k_untied": ku, "ratio": ratio,
            "ratio_above": (untied["k_max"] / kt if kt is not None and ku is None
                            else None),
            "ratio_over_t": None if ratio is None else ratio / t,
        })
    exponents: dict[str, float | None] = {}
    for key in ("k_tied", "k_untied", "ratio"):
        got = [(p["cot_tokens"], p[key]) for p in points if p[key] is not None]
        exponents[key] = _fit_exponent([t for t, _ in got], [k for _, k in got])
    both = [p for p in points if p["ratio"] is not None]
    return {
        "points": points,
        "exponents": exponents,
        "untied_not_below_tied": (all(p["ratio"] >= 1 for p in both)
                                  if both else None),
        "bound": "Thm 3.3: the untied need is at most m(eps/T, delta/T) per "
                 "position, about T times one class's m(eps, delta) (up to "
                 "logs): an upper bound, compared as ratio against T",
    }


def _summary(result: dict[str, Any]) -> list[str]:
    """What was measured, in words (every number read from ``result``)."""
    s, rows, shape = result["settings"], result["rows"], result["shape"]
    fits = len(rows) * s["seeds"]
    compounded = sum(r["compounded"] for r in rows)
    failing = sum(not r["holds"] for r in rows)
    equal = sum(r["rollout"] == r["teacher_forced"] for r in rows)
    ks = s["sizes"]
    step = max((b / a for a, b in itertools.pairwise(ks)), default=1.0)
    lines = [
        f"Thm 3.6: rollout error <= teacher-forced error on "
        f"{len(rows) - failing} of {len(rows)} rows (equal on {equal}); rollouts "
        f"wrong where teacher forcing was right: {compounded} (over {fits} "
        "fits, each scored on every input)",
        f"k_needed: the least K of the grid by which >= "
        f"{result['needed'][0]['fits_required']} of {s['seeds']} fits have "
        f"rollout error <= {s['eps']} on every input of length <= n, and keep "
        f"it at every larger K (grid {ks[0]}..{ks[-1]}, steps up to "
        f"x{step:.2f})",
    ]
    if s.get("t_axis") == "extra_steps":
        lines.append("T varied by padding the tableau with rows past the halt "
                     f"(extra_steps {s['extra_steps']}): the same inputs, "
                     "distribution and windows at every T")
    else:
        lines.append("T varied through the input length n: the population "
                     "(N inputs) grows with T")
    for p in shape["points"]:
        if p["ratio"] is not None:
            how = (f"untied/tied {p['ratio']:.2f} (T = {p['cot_tokens']}: "
                   f"ratio/T {p['ratio_over_t']:.3f})")
        elif p["ratio_above"] is not None:
            how = f"untied/tied > {p['ratio_above']:.2f} (untied past the grid)"
        else:
            how = "no ratio (the tied need is past the grid)"
        pad = f" +{p['extra_steps']} rows" if p.get("extra_steps") else ""
        lines.append(
            f"n <= {p['n']}{pad}: T = {p['cot_tokens']}, N = {p['inputs']} inputs: "
            f"K tied {_k(p['k_tied'], s)}, untied {_k(p['k_untied'], s)} "
            f"(N H_N = {p['k_see_all']:.0f} draws see every input); {how}"
        )
    ex = shape["exponents"]
    fitted = [f"{key[2:] if key != 'ratio' else 'ratio'} T^{ex[key]:.2f}"
              for key in ("k_tied", "k_untied", "ratio") if ex[key] is not None]
    if fitted:
        lines.append("fitted K ~ T^a (least squares in log-log): "
                     + ", ".join(fitted))
    lines.append(shape["bound"] + "; untied >= tied wherever both reached: "
                 + _cell(shape["untied_not_below_tied"]))
    return lines


def _k(k: int | None, settings: dict[str, Any]) -> str:
    return str(k) if k is not None else f"> {settings['sizes'][-1]}"


def _cell(value: bool | None) -> str:
    return "not measured" if value is None else "yes" if value else "no"


def plot_curve(
    result: dict[str, Any] | Sequence[dict[str, Any]],
    path: str | None = None,
    *,
    ax: Any = None,
    n: int | None = None,
) -> Any:
    """Error against ``K``: tied and untied, rolled out and teacher-forced.

    ``result`` is :func:`run_curve`'s result or its ``rows``; ``n`` picks
    the population drawn (default: the largest; of its paddings, the
    longest CoT). With ``path`` and no
    ``ax``, a figure of two panels is saved: the errors, and (when
    ``result`` has its ``shape``) ``k_needed`` against ``T``, tied and
    untied, log-log. ``ax``: an Axes to draw the errors into, or two Axes
    for both panels. matplotlib's backend and pyplot's state are left as
    they are. Needs matplotlib (``pip install 'arcot[plot]'``); raises
    :class:`~arcot.errors.LearningError` if it is missing. Returns the
    figure.
    """
    if path is None and ax is None:
        raise LearningError("plot_curve needs a path to save to or an ax to draw in")
    rows = result["rows"] if isinstance(result, dict) else list(result)
    shape = result.get("shape") if isinstance(result, dict) else None
    if not rows:
        raise LearningError("plot_curve needs at least one row")
    ns = sorted({r["n"] for r in rows})
    chosen = ns[-1] if n is None else n
    if chosen not in ns:
        raise LearningError(f"no rows for n={chosen}: the rows have n in {ns}")
    try:
        import matplotlib  # noqa: F401  (the package itself, not a cached submodule)
        from matplotlib.figure import Figure
        from matplotlib.ticker import NullFormatter, ScalarFormatter
    except ImportError:
        raise LearningError(
            "plotting needs matplotlib: pip install 'arcot[plot]'"
        ) from None
    fig: Any
    if ax is None:
        panels = 2 if shape is not None else 1
        fig = Figure(figsize=(5.5 * panels, 4))  # not pyplot: no global figure
        axes = [fig.add_subplot(1, panels, i + 1) for i in range(panels)]
    else:
        axes = list(ax) if isinstance(ax, (list, tuple)) else [ax]
        fig = axes[0].figure
    colours = {"tied": "tab:blue", "untied": "tab:orange"}
    # the population of n = chosen with the longest CoT (the most padding)
    longest = max(r["cot_tokens"] for r in rows if r["n"] == chosen)
    drawn = [r for r in rows if r["n"] == chosen and r["cot_tokens"] == longest]
    for predictor in PREDICTORS:
        mine = sorted((r for r in drawn if r["predictor"] == predictor),
                      key=lambda r: r["k"])
        if not mine:
            continue
        ks = [r["k"] for r in mine]
        axes[0].plot(ks, [r["rollout"] for r in mine], "o-",
                     color=colours[predictor], label=f"{predictor}, rollout")
        axes[0].plot(ks, [r["teacher_forced"] for r in mine], "s--",
                     color=colours[predictor], fillstyle="none", markersize=9,
                     label=f"{predictor}, teacher-forced")
    t = drawn[0]["cot_tokens"]
    axes[0].set_xscale("log", base=2)
    axes[0].set_xlabel("K (sampled inputs)")
    axes[0].set_ylabel("sequence error (fraction of all inputs)")
    pad = drawn[0].get("extra_steps", 0)
    rows_added = f" +{pad} rows" if pad else ""
    axes[0].set_title(
        f"n <= {chosen}{rows_added} ({drawn[0]['inputs']} inputs, T = {t})"
    )
    axes[0].legend()
    if len(axes) > 1 and shape is not None:
        pts = shape["points"]
        for predictor in PREDICTORS:
            got = [(p["cot_tokens"], p[f"k_{predictor}"]) for p in pts
                   if p[f"k_{predictor}"] is not None]
            if got:
                axes[1].plot(*zip(*got, strict=True), "o-",
                             color=colours[predictor], label=f"{predictor} K needed")
        bound = [(p["cot_tokens"], p["k_tied"] * p["cot_tokens"]) for p in pts
                 if p["k_tied"] is not None]
        if bound:  # the bound's shape: T times one class's need, logs left out
            axes[1].plot(*zip(*bound, strict=True), ":", color="grey",
                         label="tied K x T (Thm 3.3's factor, no logs)")
        axes[1].plot([p["cot_tokens"] for p in pts], [p["k_see_all"] for p in pts],
                     "-.", color="tab:green", label="N H_N (draws to see every input)")
        axes[1].set_xscale("log")
        axes[1].set_yscale("log")
        axes[1].set_xticks([p["cot_tokens"] for p in pts])  # the measured T
        axes[1].xaxis.set_major_formatter(ScalarFormatter())
        axes[1].xaxis.set_minor_formatter(NullFormatter())
        axes[1].set_xlabel("T (CoT tokens)")
        axes[1].set_ylabel("K needed")
        axes[1].set_title("samples needed against T")
        axes[1].legend()
    if path is not None:
        fig.tight_layout()
        try:
            fig.savefig(path)
        except (OSError, ValueError) as exc:
            raise LearningError(f"cannot write the plot to {path!r}: {exc}") from None
    return fig
