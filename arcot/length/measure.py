"""Measuring CoT length: a machine's worst case per input length, or a
Boolean function's under a CoT scheme (a threshold circuit per ``n``).

:func:`measure_length` and :func:`measure_function_length` parse their
inputs, build the scheme's circuits (:mod:`arcot.length.targets` names the functions)
and return a :class:`~arcot.length.profile.LengthProfile`.
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np

from arcot._progress import Progress
from arcot.circuit import (
    SymmetricFunction,
    ThresholdCircuit,
    chain_parity_circuit,
    check_function,
    inner_product_circuit,
    parity_circuit,
    symmetric_circuit,
)
from arcot.circuit.functions import CircuitFunction, TableFunction
from arcot.cot import (
    ENCODINGS,
    TableauWindow,
    cot_length,
    length_shape,
)
from arcot.errors import (
    ArcotError,
    EncodingError,
    LengthError,
    LengthStopped,
    SearchLimitExceeded,
    SizeLimitExceeded,
    StepLimitExceeded,
)
from arcot.length.checks import check_int
from arcot.length.minimum import (
    MinimumLength,
    exact_n_limit,
    minimum_length,
    resolve_backend,
)
from arcot.length.profile import LengthProfile, LengthRow
from arcot.length.sat import UnsatCertificate
from arcot.length.targets import FAMILIES, FUNCTIONS, MachineFunction, target_function
from arcot.machine import TuringMachine

__all__ = [
    "LengthTimeLimit",
    "Scheme",
    "measure_function_length",
    "measure_length",
    "proof_paths",
]


# -- measuring a machine -----------------------------------------------


def _parse_inputs(inputs: object) -> int | None:
    """``"all"`` -> None; ``"sample:K"`` -> K."""
    if inputs == "all":
        return None
    if isinstance(inputs, str) and inputs.startswith("sample:"):
        text = inputs[len("sample:"):]
        if text.isascii() and text.isdigit() and int(text) >= 1:  # not '²'
            return int(text)
    raise LengthError(f"inputs must be 'all' or 'sample:K' with K >= 1, got {inputs!r}")


def measure_length(
    machine: TuringMachine,
    encoding: str,
    n_max: int,
    *,
    inputs: str = "all",
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    seed: int = 0,
    progress: bool | None = None,
) -> LengthProfile:
    """Worst-case steps, window and CoT tokens of ``machine`` for ``n = 1..n_max``.

    Row ``n`` is the worst case over every input of length ``n`` (or over
    ``K`` random ones, ``inputs="sample:K"``, drawn with ``seed``), from
    :func:`arcot.cot.length_shape` and :func:`arcot.cot.cot_length`. A fixed
    ``window`` is used for every ``n`` and raises
    :class:`~arcot.errors.EncodingError` when a run leaves it. Raises
    :class:`~arcot.errors.StepLimitExceeded` when a run does not stop within
    ``max_steps``. ``progress`` draws a bar on stderr (default: only on a
    terminal).

    >>> from arcot.zoo import get
    >>> p = measure_length(get("parity"), "tableau", 5)
    >>> [(r.steps, r.width, r.cot_tokens) for r in p.rows][:3]
    [(2, 2, 6), (3, 3, 12), (4, 4, 20)]
    >>> str(p.fit().expression)
    'n**2 + 3*n + 2'
    """
    if not isinstance(machine, TuringMachine):
        raise LengthError(f"machine must be a TuringMachine, got {machine!r}")
    if encoding not in ENCODINGS:
        raise EncodingError(
            f"unknown encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}"
        )
    n_max = check_int("n_max", n_max, 1)
    max_steps = check_int("max_steps", max_steps, 0)
    sample = _parse_inputs(inputs)
    if window is not None and not isinstance(window, TableauWindow):
        raise LengthError(f"window must be a TableauWindow, got {window!r}")
    rng = np.random.default_rng(seed)
    bar = Progress(n_max, f"measuring {machine.name or 'machine'}", progress)
    rows: list[LengthRow] = []
    try:
        for n in range(1, n_max + 1):
            words = None
            k = len(machine.input_symbols or ())
            if sample is not None and k**n > sample:
                alphabet = list(machine.input_symbols or ())
                picks = rng.integers(0, k, size=(sample, n))
                words = [[alphabet[i] for i in row] for row in picks.tolist()]
            try:
                shape, steps = length_shape(machine, n, max_steps=max_steps,
                                            inputs=words)
            except StepLimitExceeded as exc:  # keep the rows already measured
                finished = LengthProfile(
                    subject=machine.name or "machine", method=encoding,
                    inputs=inputs, rows=tuple(rows),
                ) if rows else None
                raise LengthStopped(f"row n={n}: {exc}", steps=exc.steps,
                                    finished=finished) from None
            if window is not None:
                if (shape.left < window.left
                        or shape.left + shape.width > window.left + window.width):
                    raise EncodingError(
                        f"window {window.left}..{window.left + window.width - 1} is "
                        f"too small for n={n}: the runs use cells "
                        f"{shape.left}..{shape.left + shape.width - 1}"
                    )
                shape = window
            tokens = cot_length(machine, encoding, steps=steps, width=shape.width)
            rows.append(LengthRow(n=n, steps=steps, width=shape.width,
                                  cot_tokens=tokens))
            bar.step(f"n={n} T={steps}")
    finally:
        bar.close()
    return LengthProfile(
        subject=machine.name or "machine", method=encoding,
        inputs=inputs, rows=tuple(rows),
    )


# -- functions and schemes ---------------------------------------------


#: From this many MiB of proof the check runs backward (only the lemmas the
#: refutation uses): parity at n = 8's 197 MB proof checks in about 20 min
#: so, not hours; small proofs of unit lemmas check faster forward.
BACKWARD_MIB = 16


def proof_paths(folder: str, cert: UnsatCertificate) -> tuple[str, str]:
    """Where a row's refutation is written in ``folder``: ``nN-LK.cnf`` and
    ``nN-LK.drup`` (``N`` inputs, ``K`` tokens refuted)."""
    stem = os.path.join(folder, f"n{cert.n}-L{cert.length}")
    return stem + ".cnf", stem + ".drup"


def _lower_by(best: MinimumLength, seconds: float, proof_dir: str | None) -> str:
    """What a minimum's lower bound rests on: ``"none needed"`` (1 token),
    ``"milp"`` (HiGHS's word), ``"drup"`` (its DRUP proof, checked now by
    the trusted stdlib checker in a process of its own, as a user runs it)
    or ``"sat"`` (the solver's word: the check did not finish in
    ``seconds``). The proof is written to ``proof_dir`` (kept) or to a
    temporary folder, and checked from there. A rejected proof is an
    error: a solver or encoding bug."""
    if best.lower == 1:
        return "none needed"
    if best.backend == "milp":
        return "milp"
    cert = best.certificate
    assert cert is not None and cert.length == (best.lower or 0) - 1
    if proof_dir is not None:
        return _check_proof(cert, seconds, proof_dir)
    with tempfile.TemporaryDirectory(prefix="arcot-drup-") as folder:
        return _check_proof(cert, seconds, folder)


def _check_proof(cert: UnsatCertificate, seconds: float, folder: str) -> str:
    """Write ``cert`` to ``folder`` and run the stdlib checker on it:
    ``"drup"`` verified, ``"sat"`` not finished in ``seconds``."""
    paths = proof_paths(folder, cert)
    try:
        os.makedirs(folder, exist_ok=True)
        for path, text in zip(paths, (cert.cnf, cert.proof), strict=True):
            with open(path, "w", encoding="ascii") as out:
                out.write(text)
    except OSError as exc:
        raise LengthError(f"cannot write the proof {paths[0]!r}: "
                          f"{exc.strerror or exc}") from None
    spec = importlib.util.find_spec("arcot.verify.drup")
    assert spec is not None and spec.origin is not None
    size = max(len(cert.cnf), len(cert.proof)) >> 20
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", spec.origin, *paths,
             "--max-mib", str(size + 1),
             *(["--backward"] if size >= BACKWARD_MIB else [])],
            capture_output=True, text=True,
            timeout=max(seconds, 1.0) if math.isfinite(seconds) else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "sat"
    if done.returncode != 0:  # pragma: no cover - a solver or encoding bug
        raise ArcotError(
            f"the SAT solver's proof that no CoT of {cert.length} tokens exists "
            f"for n={cert.n} was not accepted by arcot.verify.drup (exit "
            f"{done.returncode}): {done.stdout.strip()} {done.stderr.strip()}"
        )
    return "drup"


def _known_chain(f: object, name: str, n: int) -> ThresholdCircuit | None:
    """The shortest chain known for ``f`` on ``n`` bits without a search
    (the exact minimum starts from it): Thm 3.11's for parity, the
    run-by-run chain of a symmetric function, ANDs then parity for the
    inner product, a circuit file's own."""
    if isinstance(f, CircuitFunction) and f.circuit.is_threshold:
        return f.circuit
    known = []
    if name == "parity":
        known.append(parity_circuit(n))
    if name == "inner-product":
        known.append(inner_product_circuit(n))
    if isinstance(f, SymmetricFunction):
        values = [f.of_weight(k, n) for k in range(n + 1)]
        bits = [int(v) for v in values if isinstance(v, int) and v in (0, 1)]
        if len(bits) == len(values):  # else the check reports the bad value
            known.append(symmetric_circuit(bits))
    return min(known, key=lambda c: c.cot_length, default=None)


Scheme = str | Callable[[int], ThresholdCircuit]


class LengthTimeLimit(LengthStopped, SizeLimitExceeded):
    """A function's length measurement stopped by its time limit: a row's
    check or exact search would run past it (estimated from the rate
    measured on its first inputs) or did. ``finished`` is the profile of
    the rows before (``None`` if none finished). Both a
    :class:`~arcot.errors.LengthStopped` and a
    :class:`~arcot.errors.SizeLimitExceeded`."""


def _scheme_builder(
    label: str, parity_ok: bool, scheme: Scheme
) -> tuple[str, Callable[[int], ThresholdCircuit] | None]:
    """The scheme's name and circuit builder (``None`` for ``minimal``)."""
    if callable(scheme):
        return getattr(scheme, "__name__", "user-scheme"), scheme
    if scheme == "minimal":
        return "minimal", None
    if scheme == "threshold-log" or (
        isinstance(scheme, str) and scheme.startswith("chain:")
    ):
        if not parity_ok:
            raise LengthError(
                f"scheme {scheme!r} is a parity construction (Thm 3.11/3.12); "
                f"for function {label!r} use 'minimal' or pass your own circuit "
                "builder"
            )
        if scheme == "threshold-log":
            return scheme, parity_circuit
        text = scheme[len("chain:"):]
        if not (text.isascii() and text.isdigit()) or int(text) < 2:
            raise LengthError(
                f"scheme {scheme!r}: chain:K needs an integer K >= 2, got {text!r}"
            )
        k = int(text)
        return scheme, lambda n: chain_parity_circuit(n, k)
    raise LengthError(
        f"unknown scheme {scheme!r}: expected threshold-log, chain:K or minimal"
    )


def _target(
    function: object,
) -> tuple[Callable[[tuple[int, ...]], object], str, bool]:
    """The function, its name, and whether a parity scheme may be checked
    against it: parity, or a function that is not a named one (the check
    then says whether it is parity)."""
    if isinstance(function, str):
        f = target_function(function)
        library = function in FUNCTIONS or function.partition(":")[0] in FAMILIES
        return f, function, function == "parity" or not library
    if isinstance(function, TuringMachine):
        f = MachineFunction(function)
        return f, f.name, True
    if callable(function):
        name = getattr(function, "name", None) or getattr(function, "__name__", None)
        return function, str(name or "function"), True
    raise LengthError(
        f"function must be a name or a callable (or a machine), got {function!r}"
    )


def _machine_row(
    f: MachineFunction, encoding: str, n: int, sample: int | None,
    rng: np.random.Generator,
) -> tuple[int, int, int]:
    """The machine's own steps, window and CoT tokens at ``n`` (the worst
    input, of all or of ``sample`` random ones)."""
    words = None
    if sample is not None and 2**n > sample:
        symbols = list(f._symbols)
        words = [[symbols[b] for b in row]
                 for row in rng.integers(0, 2, size=(sample, n)).tolist()]
    shape, steps = length_shape(f.machine, n, max_steps=f.max_steps, inputs=words)
    return steps, shape.width, cot_length(f.machine, encoding, steps=steps,
                                          width=shape.width)


def measure_function_length(
    function: str | Callable[[tuple[int, ...]], object] | TuringMachine,
    scheme: Scheme,
    n_max: int | None = None,
    *,
    inputs: str = "all",
    seed: int = 0,
    encoding: str | None = None,
    time_limit: float = 600.0,
    progress: bool | None = None,
    backend: str = "auto",
    row_time_limit: float | None = None,
    proof_dir: str | None = None,
) -> LengthProfile:
    """CoT length of a scheme for a Boolean function, for ``n = 1..n_max``.

    ``function`` is a spec of :func:`~arcot.length.targets.target_function`
    (``parity``, ``threshold:3``, ``table:FILE``, ``circuit:FILE``, ...), a
    callable on bit tuples returning 0/1, or a machine (a
    :class:`~arcot.machine.TuringMachine`, read by the ``accept``
    convention, or a :class:`~arcot.length.targets.MachineFunction` naming
    another). A truth table or a circuit fixes ``n``: its profile is that
    one row, and ``n_max``, if given, must be that ``n``. ``scheme`` is
    ``"threshold-log"`` (Thm 3.11) or ``"chain:K"`` (Thm 3.12), parity
    constructions checked against parity or any function that is not
    another named one; ``"minimal"``, the exact minimum
    (:func:`minimum_length` with ``backend``: ``"sat"``, to ``n =
    MAX_SAT_N``, each lower bound a DRUP proof that is checked here by
    :mod:`arcot.verify.drup`; ``"milp"``, to ``n = MAX_EXACT_N``, the
    solver's floating-point word; ``"auto"``, SAT when python-sat is
    installed); or a callable ``n -> ThresholdCircuit``.

    Every row's circuit is checked against the function in exact integers
    (:func:`arcot.circuit.check_function`): ``verified`` says its last token
    equals the function on every input, and ``check`` how that was decided:
    ``exhaustive``, or ``symmetric`` / ``orbits``, one input per orbit of
    the inputs both treat alike, which decides all ``2^n``. With
    ``inputs="sample:K"`` a row whose exact check needs more than ``K``
    inputs is checked on ``K`` random ones (drawn with ``seed``):
    ``check`` is ``sampled:K`` and ``verified`` is ``False`` if one is
    wrong, else ``None`` (not known). For a machine's function each row
    also holds the machine's own lengths in ``encoding`` (default
    ``tableau``), over the same inputs.

    A ``minimal`` row's ``lower_bound`` is the least length its search did
    not refute (``lower_by`` says by what: ``drup``, a checked proof;
    ``milp``; or ``none needed``, one token); the row is exact when it
    equals ``cot_tokens``. ``row_time_limit`` (seconds) caps each row's
    search: a row that runs out keeps the bounds reached (``lower_bound <
    cot_tokens``, the best circuit known) and the next row begins.
    ``proof_dir`` keeps each ``drup`` row's CNF and proof there
    (:func:`proof_paths`), the files the checker read.

    ``time_limit`` (seconds) bounds the whole measurement: a row whose
    check would run past it (estimated from its first 1,024 inputs), or
    whose exact search runs out, raises :class:`LengthTimeLimit` with the
    rows finished before (and for ``minimal`` the stopped row's bounds); a
    machine run past its step budget raises
    :class:`~arcot.errors.LengthStopped` the same way.

    >>> p = measure_function_length("parity", "chain:3", 6)
    >>> [(r.cot_tokens, r.width, r.verified, r.check) for r in p.rows][-2:]
    [(2, 3, True, 'symmetric'), (3, 3, True, 'symmetric')]
    >>> from arcot.circuit import function_circuit
    >>> p = measure_function_length(lambda x: x[0] | x[-1], lambda n: function_circuit(
    ...     lambda x: x[0] | x[-1], n), 2)
    >>> [r.cot_tokens for r in p.rows]
    [2, 4]
    >>> from arcot.zoo import get
    >>> p = measure_function_length(get("palindrome"), "minimal", 3)
    >>> [(r.cot_tokens, r.machine_tokens) for r in p.rows]
    [(1, 9), (2, 24), (2, 50)]
    """
    f, name, parity_ok = _target(function)
    method, build = _scheme_builder(name, parity_ok, scheme)
    arity = getattr(f, "arity", None) if isinstance(
        f, (TableFunction, CircuitFunction)) else None
    if arity is not None:
        if arity < 1:
            raise LengthError(f"function {name} has no inputs: there is no CoT "
                              "length to measure")
        if n_max is not None and n_max != arity:
            raise LengthError(
                f"function {name} is defined on {arity} bits only: its profile is "
                f"the one row n = {arity} (give n_max, --n-max, {arity} or none)"
            )
        ns = [arity]
    else:
        if n_max is None:
            raise LengthError(f"n_max (--n-max) is needed: function {name} is "
                              "defined for every n")
        ns = list(range(1, check_int("n_max", n_max, 1) + 1))
    backend = resolve_backend(backend)
    minimal = build is None  # the exact minimum: a search, not a construction
    if minimal and ns[-1] > exact_n_limit(backend):
        raise LengthError(
            f"n = {ns[-1]} is beyond the exact minimum search: the {backend} "
            f"backend handles n <= {exact_n_limit(backend)} (2^n inputs, one "
            f"{'SAT problem' if backend == 'sat' else 'MILP'} per candidate length)"
        )
    if row_time_limit is not None and (
            isinstance(row_time_limit, bool) or not isinstance(
                row_time_limit, (int, float)) or not row_time_limit > 0):
        raise LengthError(
            f"row_time_limit must be a positive number or None, got {row_time_limit!r}"
        )
    sample = _parse_inputs(inputs)
    seed = check_int("seed", seed, 0)
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or \
            not time_limit > 0:
        raise LengthError(f"time_limit must be a positive number, got {time_limit!r}")
    machine = f if isinstance(f, MachineFunction) else None
    if machine is not None:
        encoding = "tableau" if encoding is None else encoding
        if encoding not in ENCODINGS:
            raise EncodingError(
                f"unknown encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}"
            )
    elif encoding is not None:
        raise LengthError("encoding applies to a machine's function only")
    rng = np.random.default_rng(seed)
    began = time.perf_counter()
    bar = Progress(len(ns), f"{name} ({method})", progress)
    rows: list[LengthRow] = []
    circuits: list[ThresholdCircuit] = []
    minima: list[MinimumLength] = []

    def finished() -> LengthProfile | None:
        return LengthProfile(
            subject=name, method=method, inputs=inputs, rows=tuple(rows),
            circuits=tuple(circuits), minima=tuple(minima),
            machine_encoding=encoding if machine else None,
            output=machine.output if machine else None, seed=seed,
            backend=backend if minimal else None,
        ) if rows else None

    try:
        for n in ns:
            left = time_limit - (time.perf_counter() - began)
            try:
                if left <= 0:
                    raise SizeLimitExceeded(f"the time limit of {time_limit:g} s "
                                            "ran out")
                if build is None:  # minimal (the test narrows build's type)
                    hint = _known_chain(f, name, n)
                    budget = left if row_time_limit is None else min(
                        left, row_time_limit)
                    best = minimum_length(f, n, hint=hint, time_limit=budget,
                                          backend=backend, partial=True)
                    lower_by = _lower_by(best, time_limit - (
                        time.perf_counter() - began), proof_dir)
                    circuit = best.circuit
                else:
                    circuit = build(n)
                    if not isinstance(circuit, ThresholdCircuit):
                        raise LengthError(
                            f"the scheme returned {circuit!r} for n={n}, not a "
                            "ThresholdCircuit"
                        )
                    if circuit.n_inputs != n:
                        raise LengthError(
                            f"the scheme's circuit for n={n} has {circuit.n_inputs} "
                            "inputs"
                        )
                left = time_limit - (time.perf_counter() - began)
                # a minimal row's n is at most MAX_SAT_N: its check (done once
                # already, inside the search) is too small to need a limit
                check = check_function(
                    circuit, f, sample=sample, seed=seed + n,
                    time_limit=None if minimal else max(left, 1e-9))
                own = (None, None, None) if machine is None or encoding is None \
                    else _machine_row(machine, encoding, n, sample, rng)
            except (SearchLimitExceeded, SizeLimitExceeded) as exc:
                spent = time.perf_counter() - began
                raise LengthTimeLimit(
                    f"row n={n}: {exc} (the time limit is {time_limit:g} s for the "
                    f"whole measurement; {spent:.3g} s spent)",
                    steps=n, finished=finished(),
                ) from None
            except StepLimitExceeded as exc:  # a machine's run: keep the rows
                raise LengthStopped(f"row n={n}: {exc}", steps=exc.steps,
                                    finished=finished()) from None
            if minimal:
                minima.append(best)
            verified = True if check.verified else (False if check.refuted else None)
            rows.append(LengthRow(
                n=n, steps=circuit.cot_length, width=circuit.max_fan_in,
                cot_tokens=circuit.cot_length, verified=verified,
                check=check.method, checked=check.checked,
                counterexample=check.counterexample,
                machine_steps=own[0], machine_width=own[1], machine_tokens=own[2],
                lower_bound=best.lower if minimal else None,
                lower_by=lower_by if minimal else None,
            ))
            circuits.append(circuit)
            bar.step(f"n={n} L={circuit.cot_length}")
            if minimal and not best.exact and (
                    row_time_limit is None or time_limit - (
                        time.perf_counter() - began) <= 0):
                spent = time.perf_counter() - began
                raise LengthTimeLimit(
                    f"row n={n}: the exact search ran out of time with the minimum "
                    f"in [{best.lower}, {best.tokens}] (the time limit is "
                    f"{time_limit:g} s for the whole measurement; {spent:.3g} s "
                    "spent)", steps=n, finished=finished(),
                )
    finally:
        bar.close()
    profile = finished()
    assert profile is not None
    return profile
