"""Mutation fuzzing of the certificate check (issue 7, item 5).

The trusted checker and ``arcot check`` must answer every file with 0
(verified), 1 (rejected) or 2 (malformed), never a traceback (which exits
1 and so reads as "rejected"), the two must give one verdict, and every
check must end (a hang past the timeout, 20 s, is a failure; speed is not
otherwise asserted).

Seeds: the small files of proofs/valid, proofs/invalid, proofs/malformed;
mutations (tests/adversarial/mutations.py): types swapped, numbers huge
(5000 digits, "p/q" with 5000-digit parts, 1e400), lists and objects nested
900..5000 deep in any field, fields removed, duplicated (raw duplicate keys)
and reordered, odd unicode in strings and keys, odd scopes
(``inputs:<5000 digits>``, ``inputs:10^12`` with an empty alphabet),
``features`` as a list or an object, the document resealed or not, written
as UTF-8, UTF-16, truncated, ...

The in-process test runs many examples (a fork per example); the
subprocess test runs the real command lines on fewer. With
``ARCOT_FUZZ_LOG=DIR`` both record every failing example in DIR (one JSON
line per failure in DIR/failures.jsonl and the file itself) and go on,
which is how a long local run surveys every distinct failure:

    ARCOT_FUZZ_LOG=/tmp/fuzz HYPOTHESIS_PROFILE=ci ARCOT_FUZZ_SCALE=20 \\
        python -m pytest tests/adversarial -k fuzz
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings

from tests.adversarial import entry_points as ep
from tests.adversarial.mutations import documents

#: examples per test, times ARCOT_FUZZ_SCALE: four times the profile's
#: max_examples in process (dev 200, ci 800); as commands, whose every
#: example starts two interpreters (arcot's takes a second), 10 under dev
#: and 30 under ci and thorough
SCALE = float(os.environ.get("ARCOT_FUZZ_SCALE", "1"))
PROFILE = settings.default.max_examples
IN_PROCESS_EXAMPLES = max(1, int(4 * PROFILE * SCALE))
SUBPROCESS_EXAMPLES = max(1, int((10 if PROFILE < 200 else 30) * SCALE))
LOG = os.environ.get("ARCOT_FUZZ_LOG")


#: no shrinking: a hang costs the whole timeout per attempt, and each
#: example's note already lists its (one to four) mutations
def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="arcot-fuzz-") as d:
        yield Path(d)


@contextlib.contextmanager
def _file(workdir: Path, data: bytes) -> Iterator[Path]:
    path = workdir / f"{hashlib.sha256(data).hexdigest()[:16]}.cert.json"
    path.write_bytes(data)
    try:
        yield path
    finally:
        path.unlink()


def _report(kind: str, data: bytes, log: list[str], results: dict, bad: list[str]
            ) -> None:
    """Record a failure (ARCOT_FUZZ_LOG) or fail the example."""
    note("\n".join(log))
    if not bad:
        return
    if LOG is None:
        raise AssertionError("; ".join(bad) + "\nmutations: " + " | ".join(log))
    out = Path(LOG)
    (out / "files").mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16]
    (out / "files" / f"{name}.cert.json").write_bytes(data)
    with open(out / "failures.jsonl", "a") as f:
        f.write(json.dumps({"test": kind, "file": name, "problems": bad,
                            "mutations": log, "results": results}) + "\n")


@fuzz(IN_PROCESS_EXAMPLES)
@given(documents())
def test_fuzz_in_process_entry_points_answer_alike(workdir, doc):
    """check(), checker.main and arcot.cli.main: one verdict, no exception."""
    data, log = doc
    with _file(workdir, data) as path:
        results = ep.in_process(path)
    bad = ep.problems(results, ep.json_verdict(data))
    _report("in_process", data, log, results, bad)


@pytest.mark.slow
@fuzz(SUBPROCESS_EXAMPLES)
@given(documents())
def test_fuzz_command_lines_answer_alike(workdir, doc):
    """python -I -S checker.py FILE and arcot check FILE: 0, 1 or 2, alike."""
    data, log = doc
    with _file(workdir, data) as path:
        results = {"lone_checker": ep.lone_checker(path),
                   "arcot_check": ep.arcot_check_process(path)}
    bad = ep.problems(results, ep.json_verdict(data))
    _report("subprocess", data, log, results, bad)
