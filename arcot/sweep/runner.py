"""Run a task over every machine of a space: in one process, on local cores, or on Dask.

A sweep cuts the space (:mod:`arcot.sweep.spaces`, or a machine list) into
chunks of ``chunk_size`` machines in the space's fixed order, runs the task
on each chunk wherever the engine puts it, and writes each finished chunk
to its own file ``chunk-NNNNNN.jsonl`` in the output folder, atomically (a
temporary file renamed into place). A chunk's file exists only once all its
rows are in it, so ``resume=True`` skips exactly the finished chunks after a
crash or an interrupt: no row is lost or written twice. ``manifest.json``
records the space, the task and the chunk size, and a resume with other
settings is refused.

JSON lines rather than Parquet: a chunk is a few hundred rows of mixed,
nested fields (a grid of certify outcomes), the standard library writes and
reads it, and appending chunk files needs no schema up front; a table
library reads the folder in one call (``pandas.read_json(f, lines=True)``).

Engines give the same rows in the same order: rows are sorted by chunk and
position whichever worker finished first.

- ``local``: this process, chunk after chunk.
- ``processes``: ``concurrent.futures.ProcessPoolExecutor`` on ``workers``
  local processes.
- ``dask``: ``dask.distributed`` (optional extra ``arcot[dask]``); a
  ``LocalCluster`` of ``workers`` processes, or the scheduler at
  ``scheduler``.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from arcot.errors import ArcotError, UsageError
from arcot.machine.lists import SeedDatabase, read_machine_list
from arcot.sweep import spaces

__all__ = [
    "ENGINES",
    "TASKS",
    "SweepResult",
    "load_results",
    "machines_of",
    "summary",
    "sweep",
]

ENGINES = ("local", "processes", "dask")
#: Seconds to wait for a Dask scheduler before saying it is unreachable.
SCHEDULER_TIMEOUT = 10
TASKS = ("run", "certify", "length")

#: The certify grid when none is given: every learner with its exact
#: feature kind (theory.md), on the default training data.
DEFAULT_GRID = (("construct", "additive"), ("lstsq", "pairwise"),
                ("perceptron", "additive"), ("lstsq", "additive"))


_SPACE_FORMS = ("expected tnf:NxM[:LIMIT], all:NxM, random:NxM:COUNT:SEED, "
                "file:PATH or bbchallenge:PATH")


class _Space(NamedTuple):
    """A space's text, read and checked once: ``path`` for file and
    bbchallenge, the size ``n x m`` and the integer arguments otherwise
    (tnf: the step limit if given; random: count, seed)."""

    kind: str
    path: str = ""
    n: int = 0
    m: int = 0
    args: tuple[int, ...] = ()


def _parse_space(space: object) -> _Space:
    if not isinstance(space, str) or ":" not in space:
        raise UsageError(f"space {space!r}: {_SPACE_FORMS}")
    kind, _, rest = space.partition(":")
    if kind in ("file", "bbchallenge"):
        return _Space(kind, path=rest)
    if kind not in ("tnf", "all", "random"):
        raise UsageError(f"space {space!r}: unknown kind {kind!r}; {_SPACE_FORMS}")
    parts = rest.split(":")
    size = parts[0].lower().split("x")
    if len(size) != 2 or not all(p.isdigit() for p in size):
        raise UsageError(f"space {space!r}: the size is NxM, e.g. 3x2")
    args = parts[1:]
    arity = {"tnf": (0, 1), "all": (0,), "random": (2,)}[kind]
    if len(args) not in arity or not all(a.isdigit() for a in args):
        raise UsageError(f"space {space!r}: {_SPACE_FORMS}")
    return _Space(kind, n=int(size[0]), m=int(size[1]),
                  args=tuple(int(a) for a in args))


def space_size(space: str) -> int | None:
    """How many machines ``space`` holds, where that is known without listing
    them (a progress bar's total); None otherwise."""
    try:
        s = _parse_space(space)
        if s.kind == "bbchallenge":
            return SeedDatabase.open(s.path).count
    except ArcotError:
        return None
    if s.kind == "random":
        return s.args[0]
    if s.kind == "all":
        return int((2 * s.m * (s.n + 1)) ** (s.n * s.m))
    if s.kind == "tnf" and not s.args:
        return spaces.PUBLISHED_TNF_COUNTS.get((s.n, s.m))
    return None


def machines_of(space: str) -> Iterator[str]:
    """The machines of a space, in standard text, in its fixed order.

    ``tnf:NxM`` or ``tnf:NxM:LIMIT`` (tree normal form, with a step limit
    where no Busy Beaver count is known), ``all:NxM`` (every table),
    ``random:NxM:COUNT:SEED`` (a seeded sample of every table),
    ``file:PATH`` (standard-text lines), ``bbchallenge:PATH`` (a seed
    database).
    """
    s = _parse_space(space)
    if s.kind == "file":
        return read_machine_list(s.path)
    if s.kind == "bbchallenge":
        return SeedDatabase.open(s.path).machines()
    if s.kind == "tnf":
        return spaces.tnf(s.n, s.m, step_limit=s.args[0] if s.args else None)
    if s.kind == "all":
        return spaces.every_table(s.n, s.m)
    return spaces.random_tables(s.n, s.m, s.args[0], seed=s.args[1])


# -- tasks -------------------------------------------------------------


def _task_run(text: str, options: dict[str, Any]) -> dict[str, Any]:
    from arcot.machine import parse_tm, run

    r = run(parse_tm(text), max_steps=options.get("max_steps", 10_000))
    return {"halted": r.halted, "reason": r.reason, "steps": r.steps,
            "nonzero": r.nonzero}


def _window_kind(window: tuple[Any, ...]) -> str:
    """Where the head is in a refuting window: left, middle, right or none."""
    heads = [i for i, token in enumerate(window) if str(token).startswith("(")]
    return "head " + ("none" if not heads else ("left", "middle", "right")[heads[0]])


def _task_certify(text: str, options: dict[str, Any]) -> dict[str, Any]:
    from arcot.machine import parse_tm, run
    from arcot.pipeline import certify

    machine = parse_tm(text)
    halted = run(machine, max_steps=options.get("max_steps", 10_000)).halted
    out: dict[str, Any] = {"halted": halted}
    grid = options.get("grid", DEFAULT_GRID)
    if options.get("halting_only") and not halted:
        why = "not halting on the blank tape within the step budget (halting_only)"
        for cell in grid:
            out["/".join(cell)] = {"outcome": "skipped", "why": why}
        return out
    for cell in grid:
        # learner/features, or learner/features/train (default: certify's)
        learner, features, *rest = cell
        train = rest[0] if rest else options.get("train")
        key = "/".join(cell)
        try:
            res = certify(machine, learner=learner, features=features,
                          train=train, certificate=False)
        except ArcotError as exc:
            out[key] = {"outcome": "skipped", "why": str(exc)}
            continue
        v = res.verification
        if v.verified:
            out[key] = {"outcome": "verified", "windows": v.checked}
        else:
            c = v.counterexample
            out[key] = {"outcome": "refuted", "failures": v.failures,
                        "kind": _window_kind(c.window),
                        "window": [str(t) for t in c.window]}
    return out


def _task_length(text: str, options: dict[str, Any]) -> dict[str, Any]:
    from arcot.length import measure_length
    from arcot.machine import parse_tm

    try:
        profile = measure_length(parse_tm(text), "tableau", options.get("n_max", 6),
                                 max_steps=options.get("max_steps", 10_000),
                                 progress=False)
    except ArcotError as exc:
        return {"law": None, "why": str(exc)}
    law = profile.fit()
    return {"law": None if law is None else law.readable,
            "growth": None if law is None else law.growth,
            "cot_tokens": profile.column("cot_tokens")}


_BUILT_IN: dict[str, Callable[[str, dict[str, Any]], dict[str, Any]]] = {
    "run": _task_run, "certify": _task_certify, "length": _task_length,
}


def _resolve_task(task: str) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    if task in _BUILT_IN:
        return _BUILT_IN[task]
    module, _, name = task.partition(":")
    if not module or not name:
        raise UsageError(
            f"task {task!r}: expected one of {', '.join(TASKS)} or MODULE:FUNCTION"
        )
    try:
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"task {task!r}: cannot import it: {exc}") from None
    if not callable(fn):
        raise UsageError(f"task {task!r} is not a function")

    def user(text: str, options: dict[str, Any]) -> dict[str, Any]:
        from arcot.machine import parse_tm

        got = fn(parse_tm(text))
        if not isinstance(got, dict):
            raise UsageError(f"task {task!r} returned {type(got).__name__}, not a dict")
        return got

    return user


def _run_chunk(
    task: str, options: dict[str, Any], texts: list[str]
) -> list[dict[str, Any]]:
    """One chunk's rows (module-level, so workers can unpickle it)."""
    fn = _resolve_task(task)
    return [{"machine": text, **fn(text, options)} for text in texts]


# -- the driver --------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    """A finished sweep: its folder, its size and what the chunks held."""

    out: Path
    chunks: int
    machines: int
    resumed_chunks: int

    def rows(self) -> list[dict[str, Any]]:
        """Every row, in the space's order."""
        return load_results(self.out)


def _chunks(machines: Iterable[str], size: int) -> Iterator[tuple[int, list[str]]]:
    it = iter(machines)
    for index in itertools.count():
        block = list(itertools.islice(it, size))
        if not block:
            return
        yield index, block


def _write_chunk(out: Path, index: int, rows: list[dict[str, Any]]) -> None:
    path = out / f"chunk-{index:06d}.jsonl"
    tmp = out / f".chunk-{index:06d}.jsonl.part"
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, sort_keys=True) + "\n")
    os.replace(tmp, path)  # atomic: the chunk is there whole or not at all


def load_results(out: str | Path) -> list[dict[str, Any]]:
    """The rows of a sweep folder, chunk by chunk, in the space's order."""
    folder = Path(out)
    rows = []
    for path in sorted(folder.glob("chunk-*.jsonl")):
        with path.open(encoding="utf-8") as f:
            rows += [json.loads(line) for line in f]
    return rows


def sweep(
    space: str,
    task: str = "run",
    *,
    out: str | Path,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = 500,
    resume: bool = False,
    options: dict[str, Any] | None = None,
    progress: bool | None = None,
) -> SweepResult:
    """Run ``task`` on every machine of ``space`` (module docstring).

    ``options`` go to the task (``max_steps``; ``grid``, ``train`` and
    ``halting_only`` (certify only the machines that halt on the blank
    tape) for certify; ``n_max`` for length). Without ``resume`` the output folder
    must hold no sweep yet.
    """
    if engine not in ENGINES:
        raise UsageError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) \
            or chunk_size < 1:
        raise UsageError(f"chunk_size must be an integer >= 1, got {chunk_size!r}")
    _resolve_task(task)  # fail before any work
    options = dict(options or {})
    folder = Path(out)
    manifest = {"space": space, "task": task, "chunk_size": chunk_size,
                "options": options}
    machines = machines_of(space)
    first = next(machines, None)  # a bad space fails here, before any file
    machines = itertools.chain([] if first is None else [first], machines)
    done = _prepare(folder, manifest, resume)
    from arcot._progress import Progress

    todo = ((i, block) for i, block in _chunks(machines, chunk_size) if i not in done)
    counted = {"chunks": len(done)}
    size = space_size(space)
    total = None if size is None else -(-size // chunk_size) - len(done)
    bar = Progress(total, f"sweep {space} ({task})", progress, unit="chunk")

    def finished(index: int, rows: list[dict[str, Any]]) -> None:
        _write_chunk(folder, index, rows)
        counted["chunks"] += 1
        bar.step(f"chunk {index}")

    try:
        if engine == "local":
            for index, block in todo:
                finished(index, _run_chunk(task, options, block))
        elif engine == "processes":
            _in_pool(todo, task, options, workers, finished)
        else:
            _on_dask(todo, task, options, workers, scheduler, finished)
    finally:
        bar.close()
    # A row a line: count lines, not parse them (rows() reads them when asked).
    rows = sum(p.read_bytes().count(b"\n") for p in folder.glob("chunk-*.jsonl"))
    return SweepResult(folder, counted["chunks"], rows, len(done))


def _prepare(folder: Path, manifest: dict[str, Any], resume: bool) -> set[int]:
    """Check or write the manifest; the chunks already finished."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.json"
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        if not resume:
            raise UsageError(f"{folder} holds a sweep already: resume it or use "
                             "another folder")
        if old != manifest:
            raise UsageError(
                f"{folder} holds a sweep of other settings ({old}); resume it with "
                "the same space, task, chunk size and options"
            )
    else:
        path.write_text(json.dumps(manifest, sort_keys=True) + "\n", encoding="utf-8")
    for stale in folder.glob(".chunk-*.part"):
        stale.unlink()  # a chunk cut off mid-write: it runs again
    return {int(p.stem.split("-")[1]) for p in folder.glob("chunk-*.jsonl")}


def _in_pool(todo: Iterator[tuple[int, list[str]]], task: str, options: dict[str, Any],
             workers: int | None, finished: Callable[[int, list[dict[str, Any]]], None]
             ) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    n = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=n) as pool:
        pending: dict[Any, int] = {}
        for index, block in itertools.chain(todo, [(None, [])]):
            if index is not None:
                pending[pool.submit(_run_chunk, task, options, block)] = index
            while pending and (index is None or len(pending) >= 2 * n):
                ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in ready:
                    finished(pending.pop(fut), fut.result())


def _on_dask(todo: Iterator[tuple[int, list[str]]], task: str, options: dict[str, Any],
             workers: int | None, scheduler: str | None,
             finished: Callable[[int, list[dict[str, Any]]], None]) -> None:
    try:
        import distributed
    except ImportError:
        raise UsageError(
            "the dask engine needs dask.distributed: pip install 'arcot[dask]'"
        ) from None
    dd: Any = distributed  # its calls are untyped
    if scheduler is not None:
        try:
            client = dd.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler!r} within "
                f"{SCHEDULER_TIMEOUT} s: {exc}"
            ) from None
        cluster = None
    else:
        cluster = dd.LocalCluster(n_workers=workers or 2, threads_per_worker=1,
                                  processes=True, dashboard_address=None)
        client = dd.Client(cluster)
    try:
        n = max(1, len(client.scheduler_info()["workers"]))
        queue = dd.as_completed()
        index_of: dict[Any, int] = {}
        for index, block in itertools.chain(todo, [(None, [])]):
            if index is not None:
                fut = client.submit(_run_chunk, task, options, block, pure=False)
                index_of[fut.key] = index
                queue.add(fut)
            while queue.count() and (index is None or queue.count() >= 2 * n):
                fut = next(queue)
                finished(index_of.pop(fut.key), fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def summary(rows: list[dict[str, Any]], task: str) -> list[tuple[str, int]]:
    """Counts by outcome: halted for ``run``; per grid cell for ``certify``."""
    counts: Counter[str] = Counter()
    for row in rows:
        if task == "run":
            counts["halted" if row.get("halted") else "still running"] += 1
        elif task == "certify":
            for key, value in row.items():
                if isinstance(value, dict) and "outcome" in value:
                    counts[f"{key}: {value['outcome']}"] += 1
        elif task == "length":
            counts[row.get("growth") or "no law"] += 1
    return sorted(counts.items())
