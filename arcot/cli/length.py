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
from arcot.errors import LengthStopped, UsageError

__all__ = [
    "CHAIN_N_LIMIT",
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
        "function exactly, on every input or one per orbit of inputs both treat "
        "alike; the table says which, and which gates). MACHINE --scheme S takes "
        "the function the machine computes (--output) and compares its CoT "
        "with the scheme's. The fit is the exact closed form of cot_tokens in n "
        "(null if none).",
    )
    p.add_argument("machine", nargs="?", default=None,
                   help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--encoding", default=None,
                   help="tableau, circuit or steplog (a machine's own CoT; with "
                   "--scheme the column compared, default tableau)")
    p.add_argument("--function", default=None,
                   help="a named function: parity, majority, and, or, palindrome, "
                   "equality, inner-product, greater-than, or a family: "
                   "threshold:T, exact:T, mod:M, sparse-parity:I,J,.., "
                   "addition-bit:I; a truth table, table:FILE (0/1, or hex for "
                   "FILE.hex); a circuit file, circuit:FILE (JSON); or your own: "
                   "MODULE:NAME or PATH.py:NAME (docs/howto/length-complexity.md); "
                   "library with --scheme minimal: the table of exact minima and "
                   "bounds of every named function")
    p.add_argument("--scheme", default=None,
                   help="threshold-log, chain:K or minimal (with --function or "
                   "MACHINE)")
    p.add_argument("--output", default=None, choices=("accept", "head", "last"),
                   help="how MACHINE --scheme reads the machine's answer: accept "
                   "(default: 1 in an accept state), head (the bit under the head "
                   "when it stops) or last (the rightmost non-blank bit)")
    p.add_argument("--n-max", type=_int_option(1), default=None,
                   help="rows n = 1 .. N, N from 1 to 2**63 - 1 (a truth table or "
                   "circuit fixes n: its one row, N optional)")
    p.add_argument("--inputs", default="all",
                   help="all, or sample:K (K <= 2**20) random inputs a row (for a "
                   "function: rows whose exact check needs more are sampled, "
                   "never verified)")
    p.add_argument("--seed", type=_int_option(0), default=0,
                   help="seed of the sampled inputs (default 0)")
    p.add_argument("--alphabet", default=None, metavar="SYMBOLS",
                   help="a machine's input symbols, one character each (e.g. "
                   "01; default: the machine's)")
    p.add_argument("--max-steps", type=_int_option(0), default=100_000,
                   help="step budget of each run, 0 .. 2**63 - 1")
    p.add_argument("--window", default=None, metavar="FIRST..LAST",
                   help="a fixed window for every n (default: the least one)")
    p.add_argument("--backend", default="auto", choices=("auto", "sat", "milp"),
                   help="the minimal scheme's solver: sat (n <= 10; every lower "
                   "bound a DRUP proof, checked by arcot's stdlib checker), milp "
                   "(n <= 6; HiGHS's floating-point word) or auto (default: sat "
                   "when python-sat is installed)")
    p.add_argument("--row-time-limit", type=_seconds, default=None,
                   help="seconds for one row of the minimal scheme; a row that "
                   "runs out keeps the bounds it reached (the minimum between "
                   "them) and the next row begins")
    p.add_argument("--write-proofs", default=None, metavar="DIR",
                   help="minimal scheme with SAT: write each row's lower-bound "
                   "refutation to DIR (nN-LK.cnf, nN-LK.drup), for python3 "
                   "arcot/verify/drup.py CNF PROOF")
    p.add_argument("--time-limit", type=_seconds, default=600.0,
                   help="seconds for a function's rows, checks and exact searches "
                   "together, > 0 or inf (default 600; past it, or when a check's "
                   "estimate says it would be, exit 3 with the rows finished)")
    p.add_argument("--write-circuit", default=None, metavar="FILE",
                   help="save the last row's circuit as JSON (a FILE with {n} in "
                   "its name: every row's)")
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


#: The largest n of the chain:K parity scheme: its answer is proved the XOR
#: of every input, so a row is checked per number of ones, like
#: threshold-log's (chain:3 to n = 256 in about 2 s).
CHAIN_N_LIMIT = SYMMETRIC_N_LIMIT


def _check_function_sweep(
    function: str, scheme: str, n_max: int | None, backend: str = "auto"
) -> None:
    """Exit 3 up front past the input lengths a function scheme handles."""
    if scheme.startswith("chain:"):
        _size("--scheme", scheme, "K", 2)
    if n_max is None:
        return
    if scheme == "minimal":
        from arcot.length.minimum import exact_n_limit, resolve_backend

        solver, limit = resolve_backend(backend), exact_n_limit(backend)
        if n_max > limit:
            kind = "SAT problem" if solver == "sat" else "MILP"
            raise _SizeLimit(
                f"--n-max {n_max}: the exact minimum search (one {kind} per "
                f"candidate length, over all 2^n inputs) handles n <= {limit} "
                f"with --backend {solver}"
            )
    if scheme == "threshold-log" and n_max > SYMMETRIC_N_LIMIT:
        raise _SizeLimit(
            f"--n-max {n_max}: a row checks one input per number of ones "
            f"against a circuit of n-input gates, so --scheme {scheme} "
            f"handles n <= {SYMMETRIC_N_LIMIT}"
        )
    if function == "parity" and scheme.startswith("chain:") and n_max > CHAIN_N_LIMIT:
        raise _SizeLimit(
            f"--n-max {n_max}: a row checks one input per number of ones "
            f"against a chain of XOR gates, so --scheme {scheme} handles "
            f"n <= {CHAIN_N_LIMIT}"
        )


def _write_circuits(profile: Any, path: str) -> list[str]:
    """Save the last row's circuit to ``path``, or every row's where ``path``
    holds ``{n}``; the paths written."""
    rows = list(zip(profile.rows, profile.circuits, strict=True))
    if "{n}" not in path:
        rows = rows[-1:]
    written = []
    for row, circuit in rows:
        target = path.replace("{n}", str(row.n))
        try:
            circuit.save(target)
        except OSError as exc:
            raise UsageError(f"--write-circuit: cannot write {target!r}: "
                             f"{exc.strerror or exc}") from None
        written.append(target)
    return written


def _proofs_written(profile: Any, folder: str | None) -> list[str]:
    """The refutations the measurement wrote to ``--write-proofs`` (each
    row's CNF and DRUP proof, as the checker read them; rows needing none
    have none)."""
    if folder is None:
        return []
    from arcot.length.measure import proof_paths

    return [path for best in profile.minima if best.certificate is not None
            for path in proof_paths(folder, best.certificate)]


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
    # arcot.length is imported once the request is read (it loads numpy)
    progress = False if args.no_progress or args.json else None
    if args.machine is not None and args.function is not None:
        raise UsageError(
            "give either MACHINE --encoding E or --function F --scheme S, not both"
        )
    if args.output is not None and (args.machine is None or args.scheme is None):
        raise UsageError("--output reads a machine's answer: MACHINE --scheme S")
    if args.write_circuit is not None and args.scheme is None:
        raise UsageError("--write-circuit saves a scheme's circuits: give --scheme")
    minimal_only = [name for name, given in (
        ("--backend", args.backend != "auto"),
        ("--row-time-limit", args.row_time_limit is not None),
        ("--write-proofs", args.write_proofs is not None)) if given]
    if minimal_only and args.scheme != "minimal":
        raise UsageError(f"{minimal_only[0]} applies to the exact minimum: "
                         "--scheme minimal")
    if args.write_proofs is not None and args.backend == "milp":
        raise UsageError("--write-proofs writes SAT refutations: the MILP's "
                         "verdicts have no proof (use --backend sat)")
    if args.function == "library":
        return _library_table(args, progress)
    sample = _sample_size(args.inputs)
    inputs = "all" if sample is None else f"sample:{sample}"
    try:
        if args.machine is not None and args.scheme is not None:
            profile = _machine_function(args, inputs, sample, progress)
        elif args.function is not None or args.scheme is not None:
            if args.encoding is not None:
                raise UsageError("--encoding applies to a machine: MACHINE "
                                 "--encoding E, or MACHINE --scheme S")
            if args.function is None or args.scheme is None:
                raise UsageError("--function and --scheme go together")
            if args.window is not None or args.alphabet:
                raise UsageError("--window and --alphabet apply to machines only")
            _check_function_sweep(args.function, args.scheme, args.n_max,
                                  args.backend)
            from arcot.length import measure_function_length

            profile = measure_function_length(
                args.function, args.scheme, args.n_max, inputs=inputs,
                seed=args.seed, time_limit=args.time_limit, progress=progress,
                **_minimal_options(args),
            )
        else:
            if args.machine is None or args.encoding is None:
                raise UsageError(
                    "give MACHINE --encoding E, MACHINE --scheme S, or --function F "
                    "--scheme S"
                )
            if args.n_max is None:
                raise UsageError("--n-max is needed: the rows are n = 1 .. N")
            machine = _with_alphabet(_machine(args.machine), args.alphabet,
                                     enumerates=True)
            window = None if args.window is None else _window(args.window)
            _check_sweep(len(machine.input_symbols or ()), args.n_max, sample)
            from arcot.length import measure_length

            profile = measure_length(
                machine, args.encoding, args.n_max, inputs=inputs,
                max_steps=args.max_steps, window=window, seed=args.seed,
                progress=progress,
            )
    except LengthStopped as exc:  # the rows before a budget ran out, then
        finished: Any = exc.finished  # the error (exit 3)
        if finished is not None:
            proofs = _proofs_written(finished, args.write_proofs)
            if args.json:
                _emit({**_length_json(finished), "stopped": str(exc),
                       **({"proofs_written": proofs} if proofs else {})})
            else:
                print(finished.table())
                for path in proofs:
                    print(f"proof saved to {path}")
        raise
    written = ([] if args.write_circuit is None
               else _write_circuits(profile, args.write_circuit))
    proofs = _proofs_written(profile, args.write_proofs)
    if args.plot is not None:
        from arcot.length import plot_length

        plot_length(profile, args.plot)
    if args.json:
        obj = _length_json(profile)
        if written:
            obj["circuits_written"] = written
        if proofs:
            obj["proofs_written"] = proofs
        _emit(obj)
    else:
        print(profile.table())
        if args.plot is not None:
            print(f"plot saved to {args.plot}")
        for path in written:
            print(f"circuit saved to {path}")
        for path in proofs:
            print(f"proof saved to {path}")
    failed = any(r.verified is False for r in profile.rows)
    return EXIT_REFUTED if failed else EXIT_OK


def _machine_function(
    args: argparse.Namespace, inputs: str, sample: int | None, progress: bool | None
) -> Any:
    """``MACHINE --scheme S``: the scheme against the function the machine
    computes, with the machine's own CoT lengths beside it."""
    if args.window is not None:
        raise UsageError("--window fixes a machine's window for --encoding rows "
                         "only, not with --scheme")
    if args.n_max is None:
        raise UsageError("--n-max is needed: the rows are n = 1 .. N")
    machine = _with_alphabet(_machine(args.machine), args.alphabet, enumerates=True)
    _check_function_sweep("", args.scheme, args.n_max, args.backend)
    _check_sweep(len(machine.input_symbols or ()), args.n_max, sample)
    from arcot.length import measure_function_length
    from arcot.length.targets import MachineFunction

    f = MachineFunction(machine, output=args.output or "accept",
                        max_steps=args.max_steps)
    return measure_function_length(
        f, args.scheme, args.n_max, inputs=inputs, seed=args.seed,
        encoding=args.encoding or "tableau", time_limit=args.time_limit,
        progress=progress, **_minimal_options(args),
    )


def _library_table(args: argparse.Namespace, progress: bool | None) -> int:
    """``--function library --scheme minimal``: the bounds of every library
    function, one cross table; exit 3 after it when the time limit ran out."""
    if args.scheme != "minimal":
        raise UsageError("--function library is the table of exact minima: "
                         "--scheme minimal")
    for name, given in (("MACHINE", args.machine is not None),
                        ("--plot", args.plot is not None),
                        ("--write-circuit", args.write_circuit is not None),
                        ("--write-proofs", args.write_proofs is not None),
                        ("--inputs", args.inputs != "all")):
        if given:
            raise UsageError(f"{name} applies to one function, not to --function "
                             "library")
    if args.n_max is None:
        raise UsageError("--n-max is needed: the columns are n = 1 .. N")
    _check_function_sweep("library", "minimal", args.n_max, args.backend)
    from arcot.length.frontier import minimum_table

    table = minimum_table(n_max=args.n_max, backend=args.backend,
                          row_time_limit=args.row_time_limit,
                          time_limit=args.time_limit, progress=progress)
    if args.json:
        _emit(table.to_dict())
    else:
        print(table.table())
    if table.stopped is not None:
        raise _SizeLimit(table.stopped)
    return EXIT_OK


def _minimal_options(args: argparse.Namespace) -> dict[str, Any]:
    """The minimal scheme's keyword arguments of measure_function_length."""
    if args.scheme != "minimal":
        return {}
    return {"backend": args.backend, "row_time_limit": args.row_time_limit,
            "proof_dir": args.write_proofs}


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
        "expression": None if law is None else str(law),
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

