"""``arcot length`` and ``arcot fit-length``: length complexity, as a
table of rows n = 1..N, and the exact closed form of a sequence."""

from __future__ import annotations

import argparse
from typing import Any

from arcot.cli.exits import EXIT_OK, EXIT_REFUTED
from arcot.cli.numbers import (
    INPUT_LIMIT,
    _count_inputs,
    _int_list,
    _int_option,
    _seconds,
    _size,
    _SizeLimit,
    _window,
)
from arcot.cli.operands import _emit, _machine, _with_alphabet
from arcot.errors import LengthError, LengthStopped, UsageError

__all__ = [
    "FIT_N_LIMIT",
    "SWEEP_SYMBOL_LIMIT",
    "SYMMETRIC_N_LIMIT",
    "cmd_fit_length",
    "cmd_length",
]


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
                   help="a named function: parity, majority, and, or, palindrome, "
                   "equality, inner-product, greater-than, or a family: "
                   "threshold:T, exact:T, mod:M, sparse-parity:I,J,.., "
                   "addition-bit:I, or your own: MODULE:NAME or PATH.py:NAME "
                   "(docs/howto/length-complexity.md)")
    p.add_argument("--scheme", default=None,
                   help="threshold-log, chain:K or minimal (with --function)")
    p.add_argument("--n-max", type=_int_option(1), required=True,
                   help="rows n = 1 .. N, N from 1 to 2**63 - 1")
    p.add_argument("--inputs", default="all",
                   help="all, or sample:K (K <= 2**20) random inputs a row")
    p.add_argument("--alphabet", default=None, metavar="SYMBOLS",
                   help="a machine's input symbols, one character each (e.g. "
                   "01; default: the machine's)")
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

#: The largest n of a scheme checked one input per number of ones: row n
#: evaluates n + 1 inputs on about log n gates of n inputs each, so a sweep
#: grows as n_max^3 (256 takes under 2 s).
SYMMETRIC_N_LIMIT = 256


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
    from arcot.length import MAX_EXACT_N, target_function

    if scheme.startswith("chain:"):
        _size("--scheme", scheme, "K", 2)
    known = scheme == "minimal" or (
        function == "parity"
        and (scheme == "threshold-log" or scheme.startswith("chain:"))
    )
    try:
        target_function(function)
    except LengthError:
        return  # measure_function_length names what is wrong
    if not known:
        return
    if scheme == "minimal" and n_max > MAX_EXACT_N:
        raise _SizeLimit(
            f"--n-max {n_max}: the exact minimum search (one MILP per candidate "
            f"length, over all 2^n inputs) handles n <= {MAX_EXACT_N}"
        )
    if scheme == "threshold-log":  # its gates weight all inputs alike
        if n_max > SYMMETRIC_N_LIMIT:
            raise _SizeLimit(
                f"--n-max {n_max}: a row checks one input per number of ones "
                f"against a circuit of n-input gates, so --scheme {scheme} "
                f"handles n <= {SYMMETRIC_N_LIMIT}"
            )
        return
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
    # arcot.length is imported once the request is read (it loads sympy)
    progress = False if args.no_progress or args.json else None
    if args.function is not None or args.scheme is not None:
        if args.machine is not None or args.encoding is not None:
            raise UsageError(
                "give either MACHINE --encoding E or --function F --scheme S, not both"
            )
        if args.function is None or args.scheme is None:
            raise UsageError("--function and --scheme go together")
        if args.inputs != "all" or args.window is not None or args.alphabet:
            raise UsageError("--inputs, --window and --alphabet apply to machines "
                             "only")
        _check_function_sweep(args.function, args.scheme, args.n_max)
        from arcot.length import measure_function_length

        profile = measure_function_length(
            args.function, args.scheme, args.n_max,
            time_limit=args.time_limit, progress=progress,
        )
    else:
        if args.machine is None or args.encoding is None:
            raise UsageError(
                "give MACHINE --encoding E, or --function F --scheme S"
            )
        machine = _with_alphabet(_machine(args.machine), args.alphabet,
                                 enumerates=True)
        window = None if args.window is None else _window(args.window)
        sample = _sample_size(args.inputs)
        inputs = "all" if sample is None else f"sample:{sample}"
        _check_sweep(len(machine.input_symbols or ()), args.n_max, sample)
        from arcot.length import measure_length

        try:
            profile = measure_length(
                machine, args.encoding, args.n_max, inputs=inputs,
                max_steps=args.max_steps, window=window, progress=progress,
            )
        except LengthStopped as exc:  # the rows before the budget ran out, then
            finished: Any = exc.finished  # the error (exit 3)
            if finished is not None:
                if args.json:
                    _emit({**_length_json(finished), "stopped": str(exc)})
                else:
                    print(finished.table())
            raise
    if args.plot is not None:
        from arcot.length import plot_length

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


def cmd_fit_length(args: argparse.Namespace) -> int:
    """``arcot fit-length``: print the law (expression null if none), exit 0."""
    values = _int_list("values", args.values)
    ns = None if args.n is None else _int_list("--n", args.n, least=1)
    if max(ns or [len(values)]) > FIT_N_LIMIT:
        raise _SizeLimit(
            f"--n: n = {max(ns or [len(values)])} is past {FIT_N_LIMIT} (2**20), "
            "the largest n arcot evaluates the basis at (3^n has n/2 digits)"
        )
    from arcot.length import fit_length

    law = fit_length(values, ns)
    out = {
        "expression": None if law is None else str(law.expression),
        "readable": None if law is None else law.readable,
        "growth": None if law is None else law.growth,
    }
    if args.json:
        _emit(out)
    elif law is None:
        print("no closed form in the basis (every candidate failed a held-out point)")
    else:
        print(f"L(n) = {law.readable}")
        print(f"growth: {law.growth}")
        print(f"fitted on n = {', '.join(map(str, law.fit_ns))}; "
              f"confirmed on n = {', '.join(map(str, law.held_out_ns))}")
    return EXIT_OK

