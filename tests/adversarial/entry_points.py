"""Run one certificate file through every entry point of the check.

In-process (``in_process``), in a forked child so that a hang can be killed
and a memory blow-up stays in the child (its address space is capped):

- ``check``: ``arcot.verify.checker.check(bytes)`` in a fresh thread, whose
  shallow stack is that of the lone checker run as a script;
- ``check_deep``: the same call on the caller's (pytest's) deep stack;
- ``checker_main``: ``checker.main([FILE])`` printing to a strict UTF-8
  stdout, as the script's ``sys.stdout`` on a UTF-8 terminal or pipe;
- ``arcot_check``: ``arcot.cli.main(["check", FILE])``, the same streams.

As subprocesses (``lone_checker``, ``arcot_check_process``): the real
``python -I -S arcot/verify/checker.py FILE`` and ``python -m arcot.cli
check FILE``, with a wall-clock timeout and an address-space cap.

Every result is a dict: ``verdict`` (verified / rejected / malformed) or
``error`` (what was raised, or "hang", or how the child died), with ``rc``,
``stdout`` and ``stderr`` for the runs that print.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "arcot" / "verify" / "checker.py"
VERDICTS = ("verified", "rejected", "malformed")
EXIT = {"verified": 0, "rejected": 1, "malformed": 2}
#: a hang is a failure; nothing else about speed is asserted
TIMEOUT = float(os.environ.get("ARCOT_FUZZ_TIMEOUT", "20"))
MEMORY = 3 << 30  # bytes of address space a check may add to its process
IN_PROCESS = ("check", "check_deep", "checker_main", "arcot_check")


def _cap_memory(extra: int = MEMORY) -> None:
    """Cap the address space at what the process has now plus ``extra``."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
    except OSError:
        return  # no procfs: no cap
    limit = pages * resource.getpagesize() + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _error(exc: BaseException) -> dict[str, Any]:
    tb = traceback.extract_tb(exc.__traceback__)
    where = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in tb
             if "arcot" in f.filename or "json" in f.filename][-4:]
    return {"error": f"{type(exc).__name__}: {str(exc)[:300]}", "where": where}


def _fresh_thread(fn: Any) -> dict[str, Any]:
    """Run ``fn`` on a new thread (a shallow Python stack)."""
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out.update(fn())
        except BaseException as exc:
            out.update(_error(exc))

    t = threading.Thread(target=target)
    t.start()
    t.join()
    return out


def _check(data: bytes) -> dict[str, Any]:
    from arcot.verify import checker

    verdict, message = checker.check(data)
    if verdict not in VERDICTS or not isinstance(message, str):
        return {"error": f"check returned {verdict!r}, {type(message).__name__}"}
    result = {"verdict": verdict, "message": message[:300]}
    if "checker bug" in message:  # caught by check(): find where, for the report
        try:
            doc = checker.load(data)
            checker.claims(doc, checker.parse(doc))
        except (checker.Malformed, checker.Rejected):
            pass
        except Exception as exc:
            result["where"] = [_error(exc)["error"], *_error(exc)["where"]]
    return result


def _printing(main: Any, args: list[str]) -> dict[str, Any]:
    """Call ``main(args)`` with the streams a UTF-8 console gives a script."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        try:
            rc = main(args)
        except SystemExit as exc:
            rc = exc.code
        out.flush()
        err.flush()
    finally:
        sys.stdout, sys.stderr = saved
    stdout = out.buffer.getvalue().decode("utf-8")
    stderr = err.buffer.getvalue().decode("utf-8")
    return _from_exit(rc, stdout, stderr)


def _from_exit(rc: Any, stdout: str, stderr: str) -> dict[str, Any]:
    result = {"rc": rc, "stdout": stdout[:300], "stderr": stderr[-600:]}
    verdict = {v: k for k, v in EXIT.items()}.get(rc)
    if verdict is None or "Traceback" in stderr:
        result["error"] = f"exit {rc}" + (", a traceback" if "Traceback" in stderr
                                          else "")
    else:
        result["verdict"] = verdict
    return result


def _child(path: str, wfd: int) -> None:
    from arcot import cli
    from arcot.verify import checker

    _cap_memory()
    data = Path(path).read_bytes()

    def send(entry: str, result: dict[str, Any]) -> None:
        os.write(wfd, (json.dumps({"entry": entry, **result}) + "\n").encode())

    send("check", _fresh_thread(lambda: _check(data)))
    try:
        deep = _check(data)
    except BaseException as exc:
        deep = _error(exc)
    send("check_deep", deep)
    send("checker_main", _fresh_thread(lambda: _printing(checker.main, [path])))
    send("arcot_check", _fresh_thread(lambda: _printing(cli.main, ["check", path])))


def in_process(path: Path, timeout: float = TIMEOUT) -> dict[str, dict[str, Any]]:
    """Every in-process entry point on ``path``: entry -> result."""
    import arcot.cli
    import arcot.verify.checker  # noqa: F401

    rfd, wfd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads
        pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(rfd)
            _child(str(path), wfd)
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(wfd)
    results: dict[str, dict[str, Any]] = {}
    buf, last, done = b"", time.monotonic(), False
    try:
        while not done:
            left = last + timeout - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([rfd], [], [], left)
            if not ready:
                continue
            chunk = os.read(rfd, 1 << 16)
            if not chunk:
                done = True
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                r = json.loads(line)
                results[r.pop("entry")] = r
                last = time.monotonic()
    finally:
        os.close(rfd)
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    for entry in IN_PROCESS:
        if entry not in results:
            if not done:
                results[entry] = {"error": f"hang: no answer within {timeout:g} s"}
            else:
                sig = -os.waitstatus_to_exitcode(status)
                results[entry] = {"error": f"the child died (status {status}, "
                                  f"signal {sig if sig > 0 else None})"}
            break  # the entries after the first missing one never ran
    return results


def _subprocess(argv: list[str], timeout: float, cwd: Path | None = None
                ) -> dict[str, Any]:
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=timeout, check=False,
                              cwd=cwd, preexec_fn=_cap_memory)
    except subprocess.TimeoutExpired:
        return {"error": f"hang: no answer within {timeout:g} s"}
    out = proc.stdout.decode("utf-8", "backslashreplace")
    err = proc.stderr.decode("utf-8", "backslashreplace")
    return _from_exit(proc.returncode, out, err)


def lone_checker(path: Path, timeout: float = TIMEOUT) -> dict[str, Any]:
    """``python -I -S arcot/verify/checker.py FILE``: no site, no arcot."""
    return _subprocess([sys.executable, "-I", "-S", str(CHECKER), str(path)],
                       timeout, cwd=path.parent)


def arcot_check_process(path: Path, timeout: float = TIMEOUT, *options: str
                        ) -> dict[str, Any]:
    """``python -m arcot.cli check [OPTIONS] FILE`` (the console script's code)."""
    return _subprocess([sys.executable, "-m", "arcot.cli", "check", *options,
                        str(path)], timeout, cwd=ROOT)


def json_verdict(data: bytes) -> str | None:
    """"malformed" where the JSON rules alone decide (proofs/README.md: text
    that is not JSON, duplicate keys, NaN, Infinity, and so numbers such as
    1e400 that only parse as an infinity; not an object), else None. How
    deep a document may nest and how many digits a number may have are the
    checker's to say, so those give None."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")
        return dict(items)

    def constant(word: str) -> Any:
        raise ValueError(word)

    def real(word: str) -> float:
        x = float(word)
        if x in (float("inf"), float("-inf")):
            raise ValueError(word)
        return x

    try:
        doc = json.loads(data, object_pairs_hook=pairs, parse_constant=constant,
                         parse_float=real)
    except RecursionError:
        return None
    except ValueError as exc:
        return None if "digits" in str(exc) else "malformed"
    return None if isinstance(doc, dict) else "malformed"


def problems(results: dict[str, dict[str, Any]], expected: str | None = None
             ) -> list[str]:
    """What is wrong: an entry that did not answer, entries that disagree, or
    a verdict other than ``expected`` (when given: see json_verdict).

    The lone checker's stdout must also start with its verdict.
    """
    bad = [f"{entry}: {r['error']} {r.get('where', '')} "
           f"{r.get('stderr', '')[-300:]}".strip()
           for entry, r in results.items() if "error" in r]
    for entry in ("checker_main", "lone_checker"):
        r = results.get(entry, {})
        if "verdict" in r and not r["stdout"].startswith(f"{r['verdict']}: "):
            bad.append(f"{entry}: exit {r['rc']} but stdout {r['stdout'][:80]!r}")
    for entry, r in results.items():  # the checker's own catch-all answered
        text = r.get("message", "") + r.get("stdout", "") + r.get("stderr", "")
        if "checker bug" in text:
            bad.append(f"{entry}: an internal error, caught: {text[:200]!r}")
    verdicts = {entry: r["verdict"] for entry, r in results.items() if "verdict" in r}
    if len(set(verdicts.values())) > 1:
        bad.append(f"the entry points disagree: {verdicts}")
    elif expected is not None and verdicts and expected not in verdicts.values():
        bad.append(f"{expected} by the JSON rules, but {verdicts}")
    return bad
