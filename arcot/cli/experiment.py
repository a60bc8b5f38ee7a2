"""``arcot experiment``: the paper's experiments, measured on this machine.

``multiplication`` (with and without the paper's CoT, the linear model and
the MLP, beside the proven multiplication machine), ``parity`` (the
separation without and with a CoT) and ``curve MACHINE`` (sample complexity
and no compounding). Each prints a table, or one JSON object with
``--json``, and draws a plot with ``--plot FILE``.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from arcot.cli.exits import EXIT_OK, EXIT_REFUTED
from arcot.cli.numbers import _int_list, _int_option
from arcot.cli.operands import _emit
from arcot.errors import UsageError

__all__ = ["cmd_experiment"]

EXPERIMENTS = ("multiplication", "parity", "curve")

#: The models of ``multiplication``: the name on the command line, and
#: whether it needs the ``experiments`` extra (JAX and optax).
MULTIPLICATION_MODELS = {"lstsq": False, "linear-ce": True, "mlp": True,
                         "proven": False}

#: Each option that only some experiments read, and which.
_ONLY = {
    "digits": ("multiplication",), "models": ("multiplication",),
    "formats": ("multiplication",), "split": ("multiplication",),
    "max_train": ("multiplication",), "test_pairs": ("multiplication",),
    "width": ("multiplication",), "steps": ("multiplication",),
    "batch": ("multiplication",), "device": ("multiplication",),
    "k": ("parity",), "samples": ("parity",), "sizes": ("curve",),
    "learner": ("curve",),
    "features": ("curve",), "max_steps": ("curve",), "extra_steps": ("curve",),
    "n": ("parity", "curve"), "seeds": ("parity", "curve"),
}


def _add_experiment(sub: Any) -> None:
    p = sub.add_parser(
        "experiment", help="the paper's experiments: multiplication, parity, curve",
        description="The paper's experiments at the scale of this machine. "
        "multiplication: d-digit products with the paper's CoT and without, "
        "learned by the position-specific linear model (least squares, "
        "cross-entropy) and the paper's MLP, scored by greedy rollout on "
        "held-out pairs, beside arcot's multiplication machine whose learned "
        "predictor is proven on every window. parity: without a CoT a linear "
        "predictor is near chance; with Thm 3.11's CoT each token is a "
        "threshold learned from K samples and the rollout is verified on all "
        "2^n inputs. curve MACHINE: errors against the sample size, tied and "
        "untied, teacher-forced and rolled out (Thm 3.3, 3.6).",
    )
    p.add_argument("experiment", metavar="EXPERIMENT",
                   help="multiplication, parity or curve")
    p.add_argument("machine", nargs="?", default=None, metavar="MACHINE",
                   help="curve's machine (zoo:NAME, standard text, a file)")
    p.add_argument("--digits", type=_int_option(1, 4), default=None, metavar="D",
                   help="multiplication: D-digit by D-digit numbers (default: 2)")
    p.add_argument("--models", default=None, metavar="M,...",
                   help="multiplication: of lstsq, linear-ce, mlp, proven "
                   "(default: all; linear-ce and mlp need the experiments extra)")
    p.add_argument("--formats", default=None, metavar="F,...",
                   help="multiplication: cot, no_cot (default: both)")
    p.add_argument("--split", choices=("paper", "random"), default=None,
                   help="multiplication: the paper's hash split or a seeded "
                   "random 75/25 one (default: random below 4 digits, where the "
                   "hash is unbalanced)")
    p.add_argument("--max-train", type=_int_option(1), default=None, metavar="N",
                   help="multiplication: train on at most N pairs, a seeded "
                   "sample (default: all)")
    p.add_argument("--test-pairs", type=_int_option(1), default=None, metavar="N",
                   help="multiplication: score at most N held-out pairs (default: "
                   "2000)")
    p.add_argument("--width", type=_int_option(1, 4096), default=None, metavar="D",
                   help="multiplication: the embedding width of linear-ce and mlp")
    p.add_argument("--steps", type=_int_option(1), default=None, metavar="N",
                   help="multiplication: optimizer steps of linear-ce and mlp")
    p.add_argument("--batch", type=_int_option(1), default=None, metavar="N",
                   help="multiplication: sequences per step of linear-ce and mlp")
    p.add_argument("--device", choices=("cpu", "gpu"), default=None,
                   help="multiplication: where JAX trains (default: cpu)")
    p.add_argument("--n", default=None, metavar="N|A..B",
                   help="parity: input lengths A..B or a list (default 8..14); "
                   "curve: the longest input N (lengths 1..N), A..B or a list "
                   "(default 4)")
    p.add_argument("--k", default=None, metavar="K,...",
                   help="parity: the chain's sparsities (default: 2,3,4)")
    p.add_argument("--samples", type=_int_option(1), default=None, metavar="K",
                   help="parity: the random inputs every learner trains on "
                   "(default: 1024)")
    p.add_argument("--sizes", default=None, metavar="K,...",
                   help="curve: the sample sizes (default: 1, 2, 3, 4, 6, 8, ... 256, "
                   "steps of about sqrt 2)")
    p.add_argument("--learner", choices=("lstsq", "perceptron"), default=None,
                   help="curve: the learner (default: lstsq)")
    p.add_argument("--features", choices=("pairwise", "additive"), default=None,
                   help="curve: the features (default: pairwise)")
    p.add_argument("--max-steps", type=_int_option(0), default=None, metavar="N",
                   help="curve: the step budget of each run (default: 10000)")
    p.add_argument("--extra-steps", default=None, metavar="E,...",
                   help="curve: rows written past the halt, to lengthen the CoT "
                   "alone (default: 0)")
    p.add_argument("--seeds", type=_int_option(1, 1000), default=None, metavar="N",
                   help="parity, curve: fits per point (default: 3)")
    p.add_argument("--seed", type=_int_option(0), default=0, metavar="S",
                   help="the seed of every draw (default: 0)")
    p.add_argument("--plot", default=None, metavar="FILE",
                   help="draw the results to FILE (png, pdf, svg; matplotlib)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar on stderr")
    p.add_argument("--json", action="store_true",
                   help="print the results as one JSON object")
    p.set_defaults(func=cmd_experiment)


def _check_options(args: argparse.Namespace) -> None:
    if args.experiment not in EXPERIMENTS:
        raise UsageError(
            f"unknown experiment {args.experiment!r}: expected one of "
            f"{', '.join(EXPERIMENTS)}"
        )
    for name, experiments in _ONLY.items():
        if getattr(args, name) is not None and args.experiment not in experiments:
            flag = "--" + name.replace("_", "-")
            raise UsageError(f"{flag} is for {' and '.join(experiments)}, not "
                             f"{args.experiment}")
    if (args.machine is None) != (args.experiment != "curve"):
        raise UsageError("curve takes a MACHINE" if args.machine is None else
                         f"{args.experiment} takes no MACHINE")


def _names(flag: str, text: str, known: Sequence[str]) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in items if t not in known]
    if unknown or not items:
        raise UsageError(f"{flag} {text!r}: expected some of {', '.join(known)}")
    return list(dict.fromkeys(items))


def _lengths(text: str) -> list[int]:
    """``--n A..B`` or ``--n A,B,...``: input lengths >= 1."""
    first, sep, last = text.partition("..")
    if sep:
        lo, hi = _int_list("--n", first, 1)[0], _int_list("--n", last, 1)[0]
        if hi < lo:
            raise UsageError(f"--n {text!r}: A..B needs A <= B")
        return list(range(lo, hi + 1))
    return _int_list("--n", text, 1)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:.4f}" if abs(value) < 1 else f"{value:.1f}"
    return "-" if value is None else str(value)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """``rows`` as an aligned text table of ``columns`` (key, heading)."""
    cells = [[heading for _, heading in columns]]
    cells += [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    for r in cells:
        print("  ".join(c.rjust(w) if i else c.ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))))


def _plot(args: argparse.Namespace, draw: Callable[..., Any],
          *parts: Any) -> None:
    if args.plot is not None:
        draw(*parts, args.plot)
        print(f"plot: {args.plot}")


def cmd_experiment(args: argparse.Namespace) -> int:
    """``arcot experiment``: exit 0, or 1 where the curve's rollout error was
    above its teacher-forced error (Thm 3.6 refuted)."""
    _check_options(args)
    run = {"multiplication": _multiplication, "parity": _parity,
           "curve": _curve}[args.experiment]
    return run(args)


def _multiplication(args: argparse.Namespace) -> int:
    digits = 2 if args.digits is None else args.digits
    asked = args.models is not None
    models = _names("--models", args.models or ",".join(MULTIPLICATION_MODELS),
                    tuple(MULTIPLICATION_MODELS))
    formats = _names("--formats", args.formats or "cot,no_cot", ("cot", "no_cot"))
    notes: list[str] = []
    if any(MULTIPLICATION_MODELS[m] for m in models):
        from arcot.experiments.autodiff import jax_available

        if not jax_available():
            needing = [m for m in models if MULTIPLICATION_MODELS[m]]
            if asked:
                raise UsageError(
                    f"--models {','.join(needing)} needs JAX and optax: pip "
                    "install 'arcot[experiments]'"
                )
            models = [m for m in models if not MULTIPLICATION_MODELS[m]]
            notes.append(f"left out {', '.join(needing)}: JAX and optax are not "
                         "installed (pip install 'arcot[experiments]')")
    from arcot.experiments.report import multiplication_rows

    rows = multiplication_rows(
        digits, models=models, formats=formats, split_rule=args.split,
        max_train=args.max_train, test_pairs=args.test_pairs, width=args.width,
        steps=args.steps, batch=args.batch, device=args.device or "cpu",
        seed=args.seed, progress=False if args.no_progress else None,
    )
    if args.json:
        _emit({"experiment": "multiplication", "digits": digits, "rows": rows,
               "notes": notes})
    else:
        print(f"multiplication, {digits} x {digits} digits: greedy rollout from the "
              "prompt, scored on held-out pairs")
        _table(rows, [("model", "model"), ("format", "format"),
                      ("sequence_tokens", "tokens"), ("parameters", "parameters"),
                      ("train_pairs", "train"), ("test_pairs", "test"),
                      ("exact_match", "exact match"),
                      ("digit_accuracy", "digit accuracy"),
                      ("train_seconds", "train s"), ("verified", "proven")])
        for row in rows:
            if row.get("proof"):
                print(f"proof ({row['model']}): {row['proof']}")
        for note in notes:
            print(f"note: {note}")
    if args.plot is not None:
        from arcot.experiments.report import plot_multiplication

        _plot(args, plot_multiplication, rows)
    return EXIT_OK


def _parity(args: argparse.Namespace) -> int:
    from arcot.experiments.parity import MAX_SAMPLES, plot_parity, run_parity

    ns = _lengths(args.n) if args.n is not None else list(range(8, 15))
    ks = _int_list("--k", args.k, 2) if args.k is not None else [2, 3, 4]
    result = run_parity(ns, samples=args.samples or 1024, k_values=ks,
                        seeds=args.seeds or 3, seed=args.seed,
                        progress=False if args.no_progress else None)
    if args.json:
        _emit({"experiment": "parity", **result})
    else:
        print("parity of n bits, scored on all 2^n inputs: a linear predictor of "
              "the answer alone (no CoT), and the per-token perceptron on the "
              "Thm 3.11 CoT, trained on the same K random inputs")
        _table(result["rows"], [
            ("n", "n"), ("samples", "K"), ("no_cot_accuracy", "no CoT lstsq"),
            ("no_cot_perceptron_accuracy", "no CoT perceptron"),
            ("cot_tokens", "CoT tokens"), ("cot_accuracy", "CoT"),
            ("cot_samples", "K for all 2^n"), ("verified", "verified")])
        print("K for all 2^n: the K found by doubling, then bisection, over nested "
              "samples (its rollout is right on every input, decided in integers; "
              "K - 1's is not), the largest over the seeds; - where some seed "
              f"needed more than {MAX_SAMPLES:,}")
        print()
        print("the chain of k-sparse parities (Thm 3.12): each step found by "
              "searching the subsets of at most k columns")
        _table(result["chain"], [
            ("n", "n"), ("k", "k"), ("cot_tokens", "CoT tokens"),
            ("samples", "samples"), ("candidates_examined", "subsets examined"),
            ("no_cot_candidates", "parities of n bits"),
            ("search_seconds", "search s"), ("verified", "verified")])
    _plot(args, plot_parity, result)
    return EXIT_OK


def _curve(args: argparse.Namespace) -> int:
    from arcot.cli.operands import _machine
    from arcot.experiments.curve import plot_curve, run_curve

    machine = _machine(args.machine)
    n: int | list[int] = 4
    if args.n is not None:
        n = _lengths(args.n) if ("," in args.n or ".." in args.n) else \
            _int_list("--n", args.n, 1)[0]
    sizes = (_int_list("--sizes", args.sizes, 1) if args.sizes is not None
             else sorted({round(2 ** (i / 2)) for i in range(17)}))  # 1..256
    extra = (_int_list("--extra-steps", args.extra_steps, 0)
             if args.extra_steps is not None else 0)
    result = run_curve(
        machine, n, sizes, learner=args.learner or "lstsq",
        features=args.features or "pairwise", seeds=args.seeds or 3,
        seed=args.seed, extra_steps=extra,
        max_steps=10_000 if args.max_steps is None else args.max_steps,
        progress=False if args.no_progress else None,
    )
    if args.json:
        _emit({"experiment": "curve", "machine": args.machine,
               **json.loads(json.dumps(result))})
    else:
        lengths = f"<= {n}" if isinstance(n, int) else ", ".join(map(str, n))
        print(f"learning curve of {args.machine} on every input of length "
              f"{lengths}")
        _table(result["rows"], [(k, k.replace("_", " "))
                                for k in result["rows"][0]])
        for line in result.get("summary", []):
            print(line)
    _plot(args, plot_curve, result)
    return EXIT_OK if result["holds"] else EXIT_REFUTED
