"""``arcot certify``: fit or build a linear CoT predictor, verify it
exactly (or measure it on a sample) and write its certificate."""

from __future__ import annotations

import argparse
from typing import Any

from arcot.cli.exits import EXIT_OK, EXIT_REFUTED
from arcot.cli.numbers import (
    INPUT_LIMIT,
    _int_option,
    _size,
    _SizeLimit,
)
from arcot.cli.operands import _emit, _machine, _with_alphabet
from arcot.errors import UsageError

__all__ = ["cmd_certify"]


def _add_certify(sub: Any) -> None:
    p = sub.add_parser(
        "certify",
        help="fit or build a linear CoT predictor and verify it exactly",
        description="Fit (lstsq, perceptron) or build (construct) a linear "
        "next-token predictor for the machine's tableau CoT and verify it in "
        "exact arithmetic. Exit 0 verified, 1 refuted (with a counterexample). "
        "A sample:K scope verifies nothing: it measures the error rate on K "
        "random inputs with a 95% Clopper-Pearson upper bound; exit 0 when none "
        "went wrong, 1 when one did.",
    )
    p.add_argument("machine", help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--encoding", choices=("tableau", "circuit"), default="tableau")
    p.add_argument(
        "--learner", choices=("construct", "lstsq", "perceptron"), default=None,
        help="default: lstsq for the tableau, construct for the circuit encoding",
    )
    p.add_argument(
        "--features", choices=("additive", "pairwise"), default=None,
        help="default: pairwise for lstsq, additive otherwise",
    )
    p.add_argument(
        "--train", default=None, metavar="DIST",
        help="inputs:N, sample:K (K <= 2**20) or configurations:K (K <= 2**24) "
        "(default: configurations:32V^2, at least 2000; where that passes the "
        "sample cap, the count expected to cover the rarest windows)",
    )
    p.add_argument("--scope", default="windows",
                   help="windows, inputs:N or sample:K (K <= 2**20; a statistic)")
    p.add_argument("--alphabet", default=None, metavar="SYMBOLS",
                   help="the input symbols, one character each (e.g. 01), for "
                   "inputs:N and sample:K (default: the machine's)")
    p.add_argument("--seed", type=_int_option(0), default=0,
                   help="seed of the random training data and of a sample "
                        "scope's inputs, 0 .. 2**63 - 1")
    p.add_argument("--max-steps", type=_int_option(0), default=10_000,
                   help="step budget of each run, 0 .. 2**63 - 1")
    p.add_argument(
        "--max-inputs", type=_int_option(0, INPUT_LIMIT), default=INPUT_LIMIT,
        metavar="N", help="refuse (exit 3, before any work) a --train or --scope "
        "of inputs:N or sample:K naming more inputs (default and most: "
        "1048576 = 2**20)",
    )
    p.add_argument(
        "--max-tokens", type=_int_option(0), default=_MAX_TOKENS, metavar="T",
        help="refuse (exit 3) a --train or --scope whose runs' CoTs take more "
        "tokens in all, estimated before any work from runs of a few of the "
        "inputs and counted while verifying (default: 67108864 = 2**26, about "
        "512 MB of training data or a minute or two of checks)",
    )
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar on stderr (drawn only on a terminal)")
    p.add_argument("--out", default=None, metavar="FILE", help="write the certificate")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_certify)


#: --max-tokens' default (arcot.pipeline.work.DEFAULT_MAX_TOKENS, which a
#: test holds it to: the parser is built without importing the pipeline).
_MAX_TOKENS = 1 << 26


def cmd_certify(args: argparse.Namespace) -> int:
    """``arcot certify``: 0 verified, 1 refuted (with a counterexample)."""
    if args.out is not None and (
        args.scope.startswith("sample")
        or (args.encoding == "circuit" and args.scope != "windows")
    ):
        raise UsageError(
            "--out writes a certificate in a windows or inputs:N scope (for the "
            f"circuit encoding: windows); got --encoding {args.encoding} "
            f"--scope {args.scope}"
        )
    if args.learner == "construct" and args.train is not None:
        raise UsageError("--train is for lstsq and perceptron; construct needs no data")
    enumerates = any(spec is not None and spec.startswith(("inputs:", "sample:"))
                     for spec in (args.scope, args.train))
    machine = _with_alphabet(_machine(args.machine), args.alphabet,
                             enumerates=enumerates)
    _certify_sizes(machine, args.encoding, args.train, args.scope)
    # the request read: now the heavy part, its size first
    from arcot.pipeline import _check_request, certify, check_request_work

    learner = _check_request(args.encoding, args.learner, True)
    check_request_work(
        machine, encoding=args.encoding, learner=learner, train=args.train,
        scope=args.scope, tied=True, seed=args.seed, max_steps=args.max_steps,
        max_inputs=args.max_inputs, max_tokens=args.max_tokens,
        flags=True,
    )
    result = certify(
        machine, encoding=args.encoding, learner=args.learner,
        features=args.features, train=args.train, scope=args.scope,
        seed=args.seed, max_steps=args.max_steps, max_tokens=args.max_tokens,
        progress=False if args.no_progress or args.json else None,
    )
    written = None
    if args.out is not None and result.verified:
        if result.certificate is None:
            raise UsageError(f"cannot write a certificate: {result.certificate_note}")
        try:
            result.certificate.write(args.out)
        except OSError as exc:
            raise UsageError(
                f"cannot write certificate {args.out!r}: {exc.strerror}"
            ) from None
        written = args.out
    out = result.to_json(certificate=written)
    sample = out["scope"].startswith("sample:")
    if sample:
        # A sample is a statistic, not a proof: no "verified", its numbers.
        v = result.verification.to_json()
        out["verified"] = None
        for key in ("failures", "error_rate", "error_bound", "confidence"):
            out[key] = v[key]
    if args.json:
        _emit(out)
    else:
        info = getattr(result.predictor, "info", None)
        if info is not None:
            extra = (
                f"residual {info.residual:.3g}" if info.residual is not None
                else f"{info.epochs} epochs, converged={info.converged}"
            )
            print(
                f"fitted {result.learner} on {info.train}: {info.n_windows} examples "
                f"({info.n_distinct} distinct), {extra}"
            )
        if sample:
            print(_sample_line(result.verification))
        for key, value in out.items():
            if (sample and key in _SAMPLE_KEYS) or key == "unit":
                continue
            if key == "checked":
                value = f"{value} {out['unit']}"
            if key == "tableau":
                if value is None:
                    continue  # the windows scope: every window, no tableau
                value = result.verification.tableau
            if key == "certificate" and value is None and result.certificate_note:
                value = f"none: {result.certificate_note}"  # why it is not written
            if key == "min_margin" and isinstance(value, str):
                from fractions import Fraction

                value = f"{value} (about {float(Fraction(value)):.15g})"
            print(f"{key:>15}  {value}")
    return EXIT_OK if result.verified else EXIT_REFUTED


_SAMPLE_KEYS = ("verified", "failures", "error_rate", "error_bound", "confidence")


def _percent(x: float) -> str:
    return f"{100 * x:.3g}%"


def _sample_line(v: Any) -> str:
    """What a ``sample:K`` scope measured: the error rate and its upper bound.

    >>> from fractions import Fraction
    >>> from types import SimpleNamespace as V
    >>> line = _sample_line(V(failures=0, checked=200, error_rate=Fraction(0),
    ...                       error_bound=0.014867, confidence=0.95))
    >>> print(line.replace("; ", ";\\n"))
    sample: 0 of 200 random inputs wrong;
    error rate 0, 95% upper bound 1.49% (one-sided Clopper-Pearson)
    """
    rate = "0" if not v.failures else (
        f"{v.failures}/{v.checked} = {_percent(float(v.error_rate))}"
    )
    return (
        f"sample: {v.failures} of {v.checked} random inputs wrong; error rate "
        f"{rate}, {_percent(v.confidence)} upper bound {_percent(v.error_bound)} "
        "(one-sided Clopper-Pearson)"
    )


def _certify_sizes(machine: Any, encoding: str, train: str | None, scope: str) -> None:
    """The sizes in ``--train`` and ``--scope``: a range (exit 2), a limit
    (exit 3; the inputs' count against --max-inputs is check_work's)."""
    for flag, spec in (("--train", train), ("--scope", scope)):
        if spec is None:
            continue
        kind, sep, _ = spec.strip().partition(":")
        kinds = ("inputs", "sample", "configurations")[: 3 if flag == "--train" else 2]
        if not sep or kind not in kinds:
            continue  # not a sized spec: certify says what is wrong
        if kind == "inputs":
            _size(flag, spec, "N", 0)
            continue
        if encoding == "circuit":
            continue  # the circuit encoding takes inputs:N only: certify says so
        size = _size(flag, spec, "K", 1)
        from arcot.learn.data import MAX_CONFIGURATIONS

        limit, what = (
            (MAX_CONFIGURATIONS, "(2**24) configurations") if kind == "configurations"
            else (INPUT_LIMIT, "(2**20) inputs")
        )
        if size > limit:
            raise _SizeLimit(
                f"{flag} {spec}: K is more than the {limit} {what} arcot draws"
            )

