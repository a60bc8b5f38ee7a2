"""Any machine through the one certified linear predictor of ``zoo:utm``.

:func:`universal_predictor` builds (or reads from a certificate) a linear
next-token predictor for the tableau CoT of :data:`~arcot.universal.utm.UTM`
and verifies it exactly over every window of U's tableau: it is then right
on every step of every run of U, hence on every step of every machine U
simulates. :func:`run_universal` writes U's CoT on the prompt
``encode(M, w)`` with that predictor alone, token by token, and decodes
M's run from the CoT's rows. Nothing in the rollout runs U or M: the
simulator is only what the tests compare with.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from arcot.construct import ExactWeights
from arcot.cot import DELIMITER, HeadCell, Tableau, as_tableau
from arcot.errors import (
    SizeLimitExceeded,
    UniversalEncodingError,
    VerificationError,
)
from arcot.machine import RunResult, TuringMachine
from arcot.universal.utm import (
    BETWEEN_STEPS,
    UTM,
    UniversalConfiguration,
    decode,
    encode,
)
from arcot.verify.exact import VerificationResult, verify_exact
from arcot.verify.windows import _Decider

__all__ = [
    "MAX_UNIVERSAL_TOKENS",
    "UniversalPredictor",
    "UniversalRun",
    "run_universal",
    "universal_predictor",
]

#: The most CoT tokens a universal rollout may need by its step bound
#: (about a minute of rollout at the kernel's rate, see benchmarks/).
MAX_UNIVERSAL_TOKENS = 1 << 33
_MEMO_LIMIT = 1 << 27  # V**3 entries of int16: 256 MB at most
_CHUNK_TOKENS = 1 << 22  # rows written per kernel call, times the row width


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class UniversalPredictor:
    """A linear predictor for U's tableau and the exact verification that
    vouches for it (``verification.verified``: right on every window).

    ``source`` says where the weights came from; ``certificate`` is the
    certificate document (a dict) when one was made or read.
    """

    weights: ExactWeights
    tableau: Tableau
    verification: VerificationResult
    source: str
    certificate: dict[str, Any] | None = None
    _tables: _RolloutTables = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_tables", _RolloutTables(self))


_CACHE: dict[tuple[str, str], UniversalPredictor] = {}


def universal_predictor(
    features: str = "pairwise", *, certificate: str | Path | None = None,
    seal: bool = True,
) -> UniversalPredictor:
    """The verified predictor of U: built from the construction (additive or
    pairwise features) and verified over every window, or read from a
    certificate file that the trusted checker verifies first. ``seal=False``
    makes no certificate for a constructed one (a few seconds less).

    Raises :class:`~arcot.errors.VerificationError` when the weights are not
    verified over every window of U's tableau.
    """
    key = (features, "" if certificate is None else str(Path(certificate).resolve()))
    if key in _CACHE and (_CACHE[key].certificate is not None or not seal):
        return _CACHE[key]
    tableau = as_tableau(UTM)
    if certificate is None:
        from arcot.pipeline import certify

        found = certify(UTM, learner="construct", features=features,
                        certificate=seal)
        weights, doc, result = found.weights, None, found.verification
        if found.certificate is not None:
            doc = found.certificate.to_json()
        source = f"construct, {features} features"
    else:
        weights, doc = _certified_weights(Path(certificate))
        source = f"certificate {certificate}"
        result = verify_exact(weights, tableau, scope="windows")
    if not isinstance(weights, ExactWeights):
        raise VerificationError("the universal predictor must be one weight set")
    if not result.verified:
        raise VerificationError(
            f"the predictor ({source}) is not right on every window of U's "
            f"tableau: {result.counterexample}"
        )
    out = UniversalPredictor(weights=weights, tableau=tableau, verification=result,
                             source=source, certificate=doc)
    _CACHE[key] = out
    return out


def _certified_weights(path: Path) -> tuple[ExactWeights, dict[str, Any]]:
    """The weights of a certificate for U that the trusted checker verifies."""
    from arcot.verify import checker
    from arcot.verify.certificate import Certificate

    try:
        text = path.read_bytes()
    except OSError as exc:
        raise VerificationError(f"cannot read {path}: {exc.strerror}") from None
    verdict, message = checker.check(text)
    if verdict != checker.VERIFIED:
        raise VerificationError(
            f"{path}: the trusted checker says {verdict}: {message}")
    doc = checker.load(text)
    cert = Certificate.from_json(doc)
    if cert.scope != "windows":
        raise VerificationError(f"{path}: its scope is {cert.scope}, not windows")
    if tuple(cert.vocabulary) != as_tableau(UTM).vocabulary.names:
        raise VerificationError(f"{path} is not a certificate for zoo:utm")
    return cert.weights, doc


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class UniversalRun:
    """What :func:`run_universal` found: M's run, decoded from U's CoT as the
    predictor wrote it, and the size of that CoT."""

    machine: TuringMachine
    word: tuple[Hashable, ...]
    result: RunResult
    utm_steps: int  # rows of U's tableau after the prompt
    width: int  # cells of each row
    cot_tokens: int  # tokens the predictor wrote
    predictor: UniversalPredictor


def run_universal(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    predictor: UniversalPredictor | None = None,
    max_steps: int = 10_000,
) -> UniversalRun:
    """Run ``machine`` on ``word`` for at most ``max_steps`` of its steps, with
    U's certified predictor writing U's tableau CoT on ``encode(machine, word)``.

    The result equals ``arcot.machine.run(machine, word, max_steps=...)``
    (the property tests hold it on random machines). A rollout that would
    write more than :data:`MAX_UNIVERSAL_TOKENS` tokens stops there with
    :class:`~arcot.errors.SizeLimitExceeded`.
    """
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 0:
        raise UniversalEncodingError(
            f"max_steps must be an integer >= 0, got {max_steps!r}")
    pred = predictor or universal_predictor()
    word = tuple(machine.check_word(word)) if isinstance(machine, TuringMachine) else ()
    prompt = encode(machine, word)
    # The window starts a little wider than the prompt and doubles whenever
    # U's head would leave it (the rollout then starts again): outside the
    # head's reach the tableau's cells never change.
    lo, hi = -8, len(prompt) + 8 * machine.n_symbols
    while True:
        run = _roll(pred, machine, word, prompt, lo, hi, max_steps)
        if run is not None:
            return run
        lo, hi = lo - (hi - lo + 1) // 2, hi + (hi - lo + 1) // 2


def _roll(pred: UniversalPredictor, machine: TuringMachine, word: tuple[Hashable, ...],
          prompt: tuple[str, ...], lo: int, hi: int, max_steps: int
          ) -> UniversalRun | None:
    """The rollout on cells ``lo..hi``; ``None`` if U's head leaves them."""
    width = hi - lo + 1
    vocab = pred.tableau.vocabulary
    start = vocab.id(HeadCell(UTM.start, prompt[0]))
    row = np.array([vocab.id(DELIMITER)]
                   + [start if c == 0 else vocab.id(prompt[c] if 0 <= c < len(prompt)
                                                   else UTM.blank)
                      for c in range(lo, hi + 1)], np.int64)
    roll = _Roller(pred, width)
    left_mark = 1 - lo  # the row column of U's cell 0, the first '<'
    limit = MAX_UNIVERSAL_TOKENS // (width + 1)
    steps, budget_state = 0, None
    if max_steps == 0:  # the prompt itself is the configuration after 0 steps
        budget_state = decode(machine, _configuration(vocab, row, left_mark, lo))
    while True:
        written, row, head = roll.advance(row, limit - steps)
        steps += written
        if head < 0:
            if steps >= limit:
                break
            return None
        token = vocab.tokens[int(row[head])]
        assert isinstance(token, HeadCell)
        stopped = (token.state, token.symbol) not in UTM.transitions
        if not stopped and not (token.state == BETWEEN_STEPS and head == left_mark):
            if steps >= limit:
                break
            continue
        found = decode(machine, _configuration(vocab, row, head, lo))
        if stopped:
            result = found
            break
        if budget_state is not None and found.steps > max_steps:
            result = budget_state
            break
        if found.steps == max_steps:
            budget_state = found  # M is still running, unless U stops next
    if steps >= limit:
        raise SizeLimitExceeded(
            f"the universal rollout stopped at the limit of {MAX_UNIVERSAL_TOKENS} "
            f"CoT tokens ({steps} rows of {width + 1}); lower --max-steps"
        )
    return UniversalRun(machine=machine, word=word, result=result, utm_steps=steps,
                        width=width, cot_tokens=steps * (width + 1), predictor=pred)


def _configuration(vocab: Any, row: np.ndarray, head: int, lo: int
                   ) -> UniversalConfiguration:
    cells = []
    for t in row[1:].tolist():
        tok = vocab.tokens[t]
        cells.append(str(tok.symbol) if isinstance(tok, HeadCell) else str(tok))
    tok = vocab.tokens[int(row[head])]
    assert isinstance(tok, HeadCell)
    state = str(tok.state)
    return UniversalConfiguration(state, lo + head - 1, tuple(cells), lo)


class _RolloutTables:
    """What every rollout of one predictor reads: the kernel's weight
    tables (or none, past int64: then each window is scored in Python ints
    at its first sight), the flagged tokens, and the memo of every window
    scored so far."""

    def __init__(self, pred: UniversalPredictor) -> None:
        vocab = pred.tableau.vocabulary
        self.size = v = len(vocab)
        if v**3 > _MEMO_LIMIT:
            raise SizeLimitExceeded(
                f"the universal machine's vocabulary has {v} tokens: its rollout "
                f"table would need {v**3} entries, more than {_MEMO_LIMIT}"
            )
        self.memo = np.full(v**3, -1, np.int16)
        self.decider = _Decider(pred.weights, vocab)
        tables = self.decider.kernel_tables()
        self.in_kernel = tables is not None
        # unused when every window is memoised first (past int64)
        self.args = tables or (np.zeros(3, np.int64), np.full(3, -1, np.int64),
                               *[np.zeros(2, np.int64)] * 9)
        self.stop = np.zeros(v, np.bool_)
        self.is_head = np.zeros(v, np.bool_)
        for i, tok in enumerate(vocab.tokens):
            if isinstance(tok, HeadCell):
                self.is_head[i] = True
                self.stop[i] = ((tok.state, tok.symbol) not in UTM.transitions
                                or (tok.state, tok.symbol) == (BETWEEN_STEPS, "<"))
        self.delimiter = int(vocab.id(DELIMITER))


class _Roller:
    """One rollout on rows of ``width`` cells: the kernel's output buffer and
    the last cell of the row before the current one."""

    def __init__(self, pred: UniversalPredictor, width: int) -> None:
        self.t = pred._tables
        self.out = np.empty((max(1, _CHUNK_TOKENS // (width + 1)), width + 1), np.int64)
        self.before = self.t.delimiter

    def advance(self, row: np.ndarray, limit: int) -> tuple[int, np.ndarray, int]:
        """Write rows after ``row`` up to the next flagged one (or ``limit``
        rows): ``(rows written, the last of them, its head column)``. Only
        the last row is kept, so memory stays one chunk of rows."""
        from arcot.universal._kernels import _rollout_rows

        t = self.t
        written, head, miss = 0, -1, np.zeros(3, np.int64)
        while limit > 0:
            n = min(limit, len(self.out))
            done, head = _rollout_rows(
                row, self.before, n, self.out, t.stop, t.is_head, t.memo,
                *t.args, t.size, t.in_kernel, miss,
            )
            if head == -2:  # score one window exactly, then go on
                a, b, d = miss.tolist()
                t.memo[(a * t.size + b) * t.size + d] = t.decider.argmax(a, b, d)
            if done == 0:
                continue
            self.before = int(row[-1]) if done == 1 else int(self.out[done - 2, -1])
            row = self.out[done - 1].copy()
            written, limit = written + done, limit - done
            if head == -1 or (head >= 0 and (t.stop[row[head]] or done < n)):
                break
        return written, row, head
