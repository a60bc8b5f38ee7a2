"""The ``arcot`` command: a stable contract (see DESIGN.md).

Exit codes: 0 success, 1 a verification failed or a certificate was
rejected, 2 bad input (one ``error:`` line on stderr), 3 a step or size
limit was reached.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NoReturn

from arcot.errors import (
    ArcotError,
    StepLimitExceeded,
    TapeLimitExceeded,
    UsageError,
)

EXIT_OK, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_LIMIT = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE, as the shell reports it


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises :class:`UsageError` and knows its options.

    ``takes_value`` maps each option string to whether it takes exactly one
    value (recorded as the options are added, through the public
    ``add_argument``), so that :func:`_unambiguous` can read the command
    line before argparse does. ``commands`` maps subcommand names to their
    parsers (on the top-level parser).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.takes_value: dict[str, bool] = {}
        self.commands: dict[str, _Parser] = {}
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        for option in action.option_strings:
            self.takes_value[option] = action.nargs is None
        return action

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


#: What argparse would take for an option name: ``-x``, ``--name``, ``--name=V``.
_OPTION_LIKE = re.compile(r"--?[A-Za-z][A-Za-z0-9_-]*(=.*)?", re.DOTALL)


def _known_option(parser: _Parser, arg: str) -> str | None:
    """The option string ``arg`` names (exactly, or as a unique ``--`` prefix)."""
    head = arg.split("=", 1)[0] if arg.startswith("--") else arg
    if head in parser.takes_value:
        return head
    if arg.startswith("--") and parser.allow_abbrev:
        found = [o for o in parser.takes_value
                 if o.startswith("--") and o.startswith(head)]
        if len(found) == 1:
            return found[0]
    return None


def _unambiguous(parser: _Parser, args: Sequence[str]) -> list[str]:
    """``args`` rewritten so that argparse cannot read a value as an option.

    argparse takes any argument beginning with ``-`` for an option, so the
    standard text ``---1RB_1LA1RZ`` (an undefined first transition) was "a
    missing MACHINE", and ``--window -3..3`` "a missing value". Here an
    option that takes a value is joined to it (``--window=-3..3``), unless
    the next argument is itself one of the parser's options (then argparse
    says the value is missing); an argument that begins with ``-`` but
    cannot be an option name (``---1RB...``, ``-1,0,3``) is a positional,
    and the positionals go after a ``--``. Everything after a ``--`` the
    user typed stays positional; names that look like options but are not
    the parser's (``--bogus``) stay where they are, for argparse to report.
    """
    out: list[str] = []  # every argument, in order, options joined to values
    options: list[str] = []  # the same without the positionals
    positionals: list[str] = []
    dashed = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            positionals.extend(args[i + 1:])
            dashed = True
            break
        option = _known_option(parser, arg)
        if option is not None:
            nxt = args[i + 1] if i + 1 < len(args) else None
            if (parser.takes_value[option] and "=" not in arg and nxt is not None
                    and nxt != "--" and _known_option(parser, nxt) is None):
                joined = f"{option}={nxt}" if option.startswith("--") else option + nxt
                out.append(joined)
                options.append(joined)
                i += 2
                continue
            out.append(arg)
            options.append(arg)
        elif arg.startswith("-") and arg != "-" and _OPTION_LIKE.fullmatch(arg):
            out.append(arg)  # not an option of this parser: argparse says so
            options.append(arg)
        else:
            positionals.append(arg)
            out.append(arg)
            dashed = dashed or arg.startswith("-")
        i += 1
    if not dashed:
        return out  # nothing to protect: the order the user gave
    return [*options, "--", *positionals]


# -- numbers on the command line ----------------------------------------

#: The largest count any option takes: the simulators count in int64.
INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)

_INTEGER = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*")


class _SizeLimit(ArcotError):
    """A request beyond a size limit of the command, known before any work
    (exit 3, like a step or tape limit reached while running)."""


def _range_text(least: int, most: int) -> str:
    names = {INT64_MAX: "2**63 - 1", INT64_MIN: "-2**63"}
    lo = f"{least} ({names[least]})" if least in names else str(least)
    hi = f"{most} ({names[most]})" if most in names else str(most)
    return f"an integer from {lo} to {hi}"


def _integer(text: str, least: int, most: int = INT64_MAX) -> int:
    """``text`` as an integer in ``least..most``; ValueError says which range."""
    t = text.strip()
    if not _INTEGER.fullmatch(t):
        raise ValueError(f"must be {_range_text(least, most)}, got {text!r}")
    digits = t.lstrip("+-").replace("_", "").lstrip("0")
    if len(digits) > 40:  # far outside int64; int() would refuse > 4300 digits
        raise ValueError(
            f"must be {_range_text(least, most)}, got a {len(digits)}-digit number"
        )
    value = int(t)
    if not least <= value <= most:
        raise ValueError(f"must be {_range_text(least, most)}, got {value}")
    return value


def _int_option(least: int, most: int = INT64_MAX) -> Callable[[str], int]:
    """An argparse ``type``: an integer in ``least..most`` (exit 2 outside)."""
    def parse(text: str) -> int:
        try:
            return _integer(text, least, most)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _size(flag: str, spec: str, letter: str, least: int,
          most: int = INT64_MAX) -> int:
    """The number after the colon of ``--flag KIND:N`` (UsageError outside)."""
    try:
        return _integer(spec.partition(":")[2], least, most)
    except ValueError as exc:
        raise UsageError(f"{flag} {spec}: {letter} {exc}") from None


def _seconds(text: str) -> float:
    """An argparse ``type``: a number of seconds > 0 (``inf``: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0:
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds > 0 (inf for no limit), got {text!r}"
        )
    return value


def _count_inputs(k: int, n: int, *, up_to: bool) -> int:
    """How many words of length ``n`` (``up_to``: of length ``0..n``) over
    ``k`` symbols, capped just past :data:`INPUT_LIMIT` (``n`` may be huge)."""
    cap = INPUT_LIMIT + 1
    if k <= 1:
        return min(cap, (n + 1 if up_to else 1) if k == 1 else 1)
    total, power = 0, 1
    for length in range(n + 1):
        if up_to or length == n:
            total += power
        if total >= cap:
            return cap
        power *= k
        if not up_to and power > cap and length < n:
            return cap
    return total


#: The most inputs one command enumerates: a row of ``arcot length``, the
#: shape ``arcot trace`` takes, a ``--train``/``--scope`` of ``certify``
#: (arcot.cot.MAX_ALL_INPUTS and arcot.learn.data.MAX_INPUTS).
INPUT_LIMIT = 1 << 20

#: The most CoT tokens ``arcot trace`` writes (its JSON is about 3 bytes a token).
TRACE_TOKEN_LIMIT = 1 << 24


def _machine(spec: str) -> Any:
    from arcot.zoo import resolve_machine

    return resolve_machine(spec)


def _word(machine: Any, text: str | None) -> tuple[Hashable, ...]:
    """Read WORD one character per symbol, matching symbols by name."""
    if not text:
        return ()
    by_name = {str(s): s for s in machine.symbols}
    out = []
    for i, ch in enumerate(text):
        if ch not in by_name:
            names = ", ".join(repr(str(s)) for s in machine.input_symbols)
            raise UsageError(
                f"input character {ch!r} at position {i} is not a symbol of the "
                f"machine (input symbols: {names})"
            )
        out.append(by_name[ch])
    return tuple(out)


def _emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False))


# -- arcot run ---------------------------------------------------------


def _add_run(sub: Any) -> None:
    p = sub.add_parser("run", help="run a machine on an input")
    p.add_argument("machine", help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--input", default="", help="the input word, one char a symbol")
    p.add_argument("--max-steps", type=_int_option(0), default=10**7,
                   help="step budget, 0 .. 2**63 - 1 (default 10**7)")
    p.add_argument("--max-cells", type=_int_option(1), default=None,
                   help="tape cells at most, 1 .. 2**63 - 1 (default 2**28)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """``arcot run``: run, print the outcome, exit 0 halted / 3 budget used up."""
    from arcot.machine import DEFAULT_MAX_CELLS, run

    machine = _machine(args.machine)
    word = _word(machine, args.input)
    result = run(
        machine, word, max_steps=args.max_steps,
        max_cells=DEFAULT_MAX_CELLS if args.max_cells is None else args.max_cells,
    )
    out = {
        "halted": result.halted,
        "steps": result.steps,
        "nonzero": result.nonzero,
        "state": str(result.state),
        "head": result.head,
        "tape": result.tape_text(),
        "tape_start": result.span[0],
        "reason": result.reason,
    }
    if args.json:
        _emit(out)
    else:
        for key, value in out.items():
            print(f"{key:>10}  {value}")
        if not result.halted:
            print(f"budget of {args.max_steps} steps used up before the machine halted")
    return EXIT_OK if result.halted else EXIT_LIMIT


# -- arcot demo --------------------------------------------------------


def _add_demo(sub: Any) -> None:
    p = sub.add_parser("demo", help="the main job end to end on a built-in machine")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """``arcot demo``: define a machine, run it, show its run and its CoT."""
    from arcot.demo import main as demo_main

    return demo_main()


# -- arcot trace -------------------------------------------------------


def _add_trace(sub: Any) -> None:
    p = sub.add_parser(
        "trace",
        help="a run's chain of thought in one encoding",
        description="Encode a run as a CoT. The shape (window, steps) is the "
        "worst case over all inputs of the word's length, so the CoT has the "
        "length `arcot length` reports for that n.",
    )
    p.add_argument("machine", help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--input", default="", help="the input word, one char a symbol")
    p.add_argument(
        "--encoding", required=True, help="tableau, circuit or steplog"
    )
    p.add_argument("--max-steps", type=_int_option(0), default=100_000,
                   help="step budget of each run, 0 .. 2**63 - 1")
    p.add_argument(
        "--window", default=None, metavar="FIRST..LAST",
        help="tape cells a row shows (default: the least window for all inputs "
        "of the word's length)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_trace)


def _window(text: str) -> Any:
    from arcot.cot import TableauWindow

    first, sep, last = text.partition("..")
    try:
        lo, hi = _integer(first, INT64_MIN), _integer(last, INT64_MIN)
    except ValueError:
        lo, hi = 0, -1
    if not sep or hi < lo:
        raise UsageError(
            f"--window must be FIRST..LAST with integers FIRST <= LAST (each "
            f"from -2**63 to 2**63 - 1), got {text!r}"
        )
    return TableauWindow(left=lo, width=hi - lo + 1)


def cmd_trace(args: argparse.Namespace) -> int:
    """``arcot trace``: print a CoT (token ids with --json, readable without)."""
    from arcot.cot import cot_length, encode, length_shape

    machine = _machine(args.machine)
    word = _word(machine, args.input)
    encoding = args.encoding
    if encoding not in ("tableau", "circuit", "steplog"):
        raise UsageError(
            f"unknown encoding {encoding!r}: expected tableau, circuit or steplog"
        )
    machine.check_word(word)
    k = len(machine.input_symbols or ())
    if _count_inputs(k, len(word), up_to=False) > INPUT_LIMIT:
        raise _SizeLimit(
            f"the CoT's shape is the worst case over every input of the word's "
            f"length, {k}^{len(word)} of them: more than the {INPUT_LIMIT} (2**20) "
            "inputs arcot enumerates"
        )
    window, steps = length_shape(machine, len(word), max_steps=args.max_steps)
    if args.window is not None:
        window = _window(args.window)
    tokens = cot_length(machine, encoding, steps=steps, width=window.width)
    if tokens > TRACE_TOKEN_LIMIT:
        raise _SizeLimit(
            f"the {encoding} CoT would have {tokens} tokens (T={steps}, "
            f"W={window.width}): more than the {TRACE_TOKEN_LIMIT} (2**24) tokens "
            "arcot trace writes"
        )
    trace = encode(machine, word, encoding=encoding, window=window, steps=steps)
    if args.json:
        _emit({
            "encoding": trace.encoding,
            "vocabulary": list(trace.vocabulary.names),
            "prompt": trace.prompt.tolist(),
            "cot": trace.cot.tolist(),
            "steps": trace.steps,
            "width": trace.width,
        })
        return EXIT_OK
    print(
        f"{encoding} CoT of {args.input or '(empty input)'}: {len(trace.cot)} tokens "
        f"(law {tokens}), steps T={steps}, window W={window.width} "
        f"(cells {window.left}..{window.left + window.width - 1}), "
        f"vocabulary {len(trace.vocabulary)} tokens"
    )
    print(trace.render())
    return EXIT_OK


# -- arcot check -------------------------------------------------------


def _add_check(sub: Any) -> None:
    p = sub.add_parser(
        "check", help="check a certificate with the trusted checker (0/1/2)",
        description="Re-derive every claim of a certificate with the trusted "
        "checker: exit 0 verified, 1 rejected, 2 malformed. The certificate's "
        "sha256 is a checksum of its canonical JSON that anyone can recompute: "
        "it detects accidental change, it is not tamper evidence (anyone can "
        "reseal an edited file); the verdict rests on the re-derived claims.",
    )
    p.add_argument("cert", help="a certificate file (proofs/README.md)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """``arcot check``: 0 verified, 1 rejected, 2 malformed (an ``error:`` line)."""
    from arcot.verify import checker

    try:
        with open(args.cert, "rb") as f:
            text = f.read()
    except OSError as exc:
        raise UsageError(
            f"cannot read certificate {args.cert!r}: {exc.strerror}"
        ) from None
    verdict, message = checker.check(text)
    if args.json:
        _emit({"verdict": verdict, "message": message, "certificate": args.cert})
    if verdict == checker.MALFORMED:
        print(f"error: malformed certificate: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.json:
        print(f"{verdict}: {message}")
    return EXIT_OK if verdict == checker.VERIFIED else EXIT_REFUTED


# -- arcot certify -----------------------------------------------------


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
        "(default: configurations:32V^2)",
    )
    p.add_argument("--scope", default="windows",
                   help="windows, inputs:N or sample:K (K <= 2**20; a statistic)")
    p.add_argument("--seed", type=_int_option(0), default=0,
                   help="seed of the random training data and of a sample "
                        "scope's inputs, 0 .. 2**63 - 1")
    p.add_argument("--max-steps", type=_int_option(0), default=10_000,
                   help="step budget of each run, 0 .. 2**63 - 1")
    p.add_argument("--out", default=None, metavar="FILE", help="write the certificate")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_certify)


def cmd_certify(args: argparse.Namespace) -> int:
    """``arcot certify``: 0 verified, 1 refuted (with a counterexample)."""
    from arcot.pipeline import certify

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
    machine = _machine(args.machine)
    _certify_sizes(machine, args.encoding, args.train, args.scope)
    result = certify(
        machine, encoding=args.encoding, learner=args.learner,
        features=args.features, train=args.train, scope=args.scope,
        seed=args.seed, max_steps=args.max_steps,
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
        info = result.predictor.info if result.predictor is not None else None
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
    """The sizes in ``--train`` and ``--scope``: a range (exit 2), a limit (exit 3)."""
    from arcot.learn.data import MAX_CONFIGURATIONS

    k = len(machine.input_symbols or ())
    for flag, spec in (("--train", train), ("--scope", scope)):
        if spec is None:
            continue
        kind, sep, _ = spec.strip().partition(":")
        kinds = ("inputs", "sample", "configurations")[: 3 if flag == "--train" else 2]
        if not sep or kind not in kinds:
            continue  # not a sized spec: certify says what is wrong
        if kind == "inputs":
            n = _size(flag, spec, "N", 0)
            exact = encoding == "circuit"  # the circuit: inputs of length N only
            if _count_inputs(k, n, up_to=not exact) > INPUT_LIMIT:
                raise _SizeLimit(
                    f"{flag} {spec}: the inputs of length {'' if exact else 'up to '}"
                    f"{n} over {k} symbols are more than the {INPUT_LIMIT} (2**20) "
                    "arcot enumerates; use sample:K"
                )
            continue
        if encoding == "circuit":
            continue  # the circuit encoding takes inputs:N only: certify says so
        size = _size(flag, spec, "K", 1)
        limit, what = (
            (MAX_CONFIGURATIONS, "(2**24) configurations") if kind == "configurations"
            else (INPUT_LIMIT, "(2**20) inputs")
        )
        if size > limit:
            raise _SizeLimit(
                f"{flag} {spec}: K is more than the {limit} {what} arcot draws"
            )


# -- arcot length / fit-length -----------------------------------------


def _add_length(sub: Any) -> None:
    p = sub.add_parser(
        "length",
        help="length complexity: a table, a closed form and a plot",
        description="For n = 1..N: the worst-case steps, window and CoT tokens of "
        "a machine in an encoding (measured, nothing checked), or the CoT length "
        "of a scheme for a function (each row's circuit checked against the "
        "function on all 2^n inputs; the table says which gates). The fit is the "
        "exact closed form of cot_tokens in n (null if none).",
    )
    p.add_argument("machine", nargs="?", default=None,
                   help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--encoding", default=None, help="tableau, circuit or steplog")
    p.add_argument("--function", default=None,
                   help="a named function: parity, majority, and, or")
    p.add_argument("--scheme", default=None,
                   help="threshold-log, chain:K or minimal (with --function)")
    p.add_argument("--n-max", type=_int_option(1), required=True,
                   help="rows n = 1 .. N, N from 1 to 2**63 - 1")
    p.add_argument("--inputs", default="all",
                   help="all, or sample:K (K <= 2**20) random inputs a row")
    p.add_argument("--max-steps", type=_int_option(0), default=100_000,
                   help="step budget of each run, 0 .. 2**63 - 1")
    p.add_argument("--window", default=None, metavar="FIRST..LAST",
                   help="a fixed window for every n (default: the least one)")
    p.add_argument("--time-limit", type=_seconds, default=600.0,
                   help="seconds for the exact minimum search, > 0 or inf "
                   "(exit 3 past it)")
    p.add_argument("--plot", default=None, metavar="FILE",
                   help="save a plot of cot_tokens against n (needs matplotlib)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar on stderr")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_length)


#: The most input symbols one ``arcot length`` sweep writes, over all rows
#: (row ``n`` writes ``n`` symbols for each input it runs).
SWEEP_SYMBOL_LIMIT = 1 << 30


def _sample_size(text: str) -> int | None:
    """``--inputs``: ``all`` -> None, ``sample:K`` -> K (1 <= K <= 2**20)."""
    if text == "all":
        return None
    kind, sep, _ = text.partition(":")
    if kind != "sample" or not sep:
        raise UsageError(f"--inputs must be 'all' or 'sample:K', got {text!r}")
    k = _size("--inputs", text, "K", 1)
    if k > INPUT_LIMIT:
        raise _SizeLimit(
            f"--inputs {text}: a row runs at most {INPUT_LIMIT} (2**20) inputs"
        )
    return k


def _check_sweep(alphabet: int, n_max: int, sample: int | None) -> None:
    """Exit 3 up front when the rows of a machine sweep hold too many inputs."""
    if sample is None and _count_inputs(alphabet, n_max, up_to=False) > INPUT_LIMIT:
        raise _SizeLimit(
            f"--n-max {n_max}: row n={n_max} would run all {alphabet}^{n_max} "
            f"inputs, more than the {INPUT_LIMIT} (2**20) inputs a row runs; use "
            "--inputs sample:K or a smaller --n-max"
        )
    symbols = 0
    for n in range(1, n_max + 1):
        rows = _count_inputs(alphabet, n, up_to=False)
        symbols += n * (rows if sample is None else min(rows, sample))
        if symbols > SWEEP_SYMBOL_LIMIT:
            raise _SizeLimit(
                f"--n-max {n_max}: the inputs of rows 1..{n_max} would hold more "
                f"than {SWEEP_SYMBOL_LIMIT} (2**30) symbols in all"
            )


def _check_function_sweep(function: str, scheme: str, n_max: int) -> None:
    """Exit 3 up front past the input lengths a function scheme handles."""
    from arcot.length import FUNCTIONS, MAX_EXACT_N

    if scheme.startswith("chain:"):
        _size("--scheme", scheme, "K", 2)
    known = scheme == "minimal" or (
        function == "parity"
        and (scheme == "threshold-log" or scheme.startswith("chain:"))
    )
    if function not in FUNCTIONS or not known:
        return  # measure_function_length names what is wrong
    if scheme == "minimal" and n_max > MAX_EXACT_N:
        raise _SizeLimit(
            f"--n-max {n_max}: the exact minimum search (one MILP per candidate "
            f"length, over all 2^n inputs) handles n <= {MAX_EXACT_N}"
        )
    most = INPUT_LIMIT.bit_length() - 1
    if n_max > most:
        raise _SizeLimit(
            f"--n-max {n_max}: a row checks all 2^n inputs, at most {INPUT_LIMIT} "
            f"(2**20), so --scheme {scheme} handles n <= {most}"
        )


def _length_json(profile: Any) -> dict[str, Any]:
    """The profile's JSON, with what each claim rests on.

    A machine's rows measure lengths and check nothing, so they carry no
    ``verified``; a function's rows say the check they passed (``check``,
    ``gates``), and the exact minimum what its optimality rests on.
    """
    obj: dict[str, Any] = profile.to_dict()
    notes: dict[str, str] = profile.notes()
    if not notes:
        for row in obj["rows"]:
            row.pop("verified", None)
        return obj
    obj.update(notes)
    for row, best in zip(obj["rows"], profile.minima, strict=False):
        row["infeasible"] = list(best.infeasible)
        row["witness"] = best.witness_source
    return obj


def cmd_length(args: argparse.Namespace) -> int:
    """``arcot length``: exit 0, or 1 if a scheme's row failed its check."""
    from arcot.length import measure_function_length, measure_length, plot_length

    progress = False if args.no_progress or args.json else None
    if args.function is not None or args.scheme is not None:
        if args.machine is not None or args.encoding is not None:
            raise UsageError(
                "give either MACHINE --encoding E or --function F --scheme S, not both"
            )
        if args.function is None or args.scheme is None:
            raise UsageError("--function and --scheme go together")
        if args.inputs != "all" or args.window is not None:
            raise UsageError("--inputs and --window apply to machines only")
        _check_function_sweep(args.function, args.scheme, args.n_max)
        profile = measure_function_length(
            args.function, args.scheme, args.n_max,
            time_limit=args.time_limit, progress=progress,
        )
    else:
        if args.machine is None or args.encoding is None:
            raise UsageError(
                "give MACHINE --encoding E, or --function F --scheme S"
            )
        machine = _machine(args.machine)
        window = None if args.window is None else _window(args.window)
        sample = _sample_size(args.inputs)
        inputs = "all" if sample is None else f"sample:{sample}"
        _check_sweep(len(machine.input_symbols or ()), args.n_max, sample)
        profile = measure_length(
            machine, args.encoding, args.n_max, inputs=inputs,
            max_steps=args.max_steps, window=window, progress=progress,
        )
    if args.plot is not None:
        plot_length(profile, args.plot)
    if args.json:
        _emit(_length_json(profile))
    else:
        print(profile.table())
        if args.plot is not None:
            print(f"plot saved to {args.plot}")
    failed = any(r.verified is False for r in profile.rows)
    return EXIT_REFUTED if failed else EXIT_OK


def _add_fit_length(sub: Any) -> None:
    p = sub.add_parser(
        "fit-length",
        help="the exact closed form of an integer sequence",
        description="Find an exact law (rational coefficients over a fixed basis: "
        "polynomials, log2 terms, ceil(log2(n+1)), 2^n, ...) confirmed on points "
        "held out of the fit; null if there is none.",
    )
    p.add_argument("values", help="V1,V2,... the sequence (integers of any size)")
    p.add_argument("--n", default=None, metavar="N1,N2,...",
                   help="the n of each value, each from 1 to 2**20 (default 1, 2, ...)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_fit_length)


#: The largest n ``arcot fit-length`` evaluates its basis at (it holds 3^n).
FIT_N_LIMIT = 1 << 20


def _int_list(flag: str, text: str, least: int | None = None) -> list[int]:
    out = []
    for i, item in enumerate(text.split(",")):
        t = item.strip()
        digits = t.lstrip("+-").replace("_", "").lstrip("0")
        if not _INTEGER.fullmatch(t):
            raise UsageError(f"{flag}: entry {i + 1} ({t!r}) is not an integer")
        if len(digits) > 4000:  # int() refuses more than 4300 digits
            raise UsageError(
                f"{flag}: entry {i + 1} has {len(digits)} digits, more than the "
                "4000 arcot reads"
            )
        value = int(t)
        if least is not None and not least <= value <= INT64_MAX:
            raise UsageError(
                f"{flag}: entry {i + 1} must be {_range_text(least, INT64_MAX)}, "
                f"got {value}"
            )
        out.append(value)
    return out


def cmd_fit_length(args: argparse.Namespace) -> int:
    """``arcot fit-length``: print the law (expression null if none), exit 0."""
    from arcot.length import fit_length

    values = _int_list("values", args.values)
    ns = None if args.n is None else _int_list("--n", args.n, least=1)
    if max(ns or [len(values)]) > FIT_N_LIMIT:
        raise _SizeLimit(
            f"--n: n = {max(ns or [len(values)])} is past {FIT_N_LIMIT} (2**20), "
            "the largest n arcot evaluates the basis at (3^n has n/2 digits)"
        )
    law = fit_length(values, ns)
    out = {
        "expression": None if law is None else str(law.expression),
        "growth": None if law is None else law.growth,
    }
    if args.json:
        _emit(out)
    elif law is None:
        print("no closed form in the basis (every candidate failed a held-out point)")
    else:
        print(f"L(n) = {law.expression}")
        print(f"growth: {law.growth}")
        print(f"fitted on n = {', '.join(map(str, law.fit_ns))}; "
              f"confirmed on n = {', '.join(map(str, law.held_out_ns))}")
    return EXIT_OK


# -- entry point -------------------------------------------------------


def build_parser() -> _Parser:
    """The ``arcot`` argument parser (``commands``: one parser a subcommand)."""
    from arcot._version import __version__

    parser = _Parser(
        prog="arcot",
        description="Turing machines, chain-of-thought traces, length complexity "
        "and linear next-token predictors with exact proofs.",
    )
    parser.add_argument("--version", action="version", version=f"arcot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in _SUBCOMMANDS:
        add(sub)
    parser.commands = dict(sub.choices)
    return parser


_SUBCOMMANDS: list[Callable[[Any], None]] = [
    _add_run, _add_demo, _add_trace, _add_check,
    _add_certify,
    _add_length, _add_fit_length,
]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line as :func:`main` does (``args.func`` runs it;
    without a command there is none).

    A subcommand's arguments go through :func:`_unambiguous` and then
    straight to the subcommand's own parser, so a ``--`` that it inserts is
    read by exactly one parser on every Python version; everything else
    (``--help``, ``--version``, no or an unknown command) is the top-level
    parser's.
    """
    parser = build_parser()
    argv = list(argv)
    if argv and argv[0] in parser.commands:
        command = parser.commands[argv[0]]
        args = command.parse_args(_unambiguous(command, argv[1:]))
        args.command = argv[0]
        return args
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``arcot`` command; returns the exit code."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        if not getattr(args, "func", None):
            build_parser().print_help()
            return EXIT_BAD_INPUT
        return int(args.func(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (StepLimitExceeded, TapeLimitExceeded, _SizeLimit) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LIMIT
    except ArcotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError as exc:
        print(f"error: out of memory ({exc or 'no detail'})", file=sys.stderr)
        return EXIT_LIMIT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (``arcot trace ... | head``): stop quietly
        # as a C tool killed by SIGPIPE would, with its exit status.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
