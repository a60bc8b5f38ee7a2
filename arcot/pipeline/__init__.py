"""``certify``: from a machine to a checked linear predictor, one line a stage.

The stages follow the paper's argument (Malach, ICML 2024):

1. the machine and its tableau CoT (theory.md section 3, Cor 3.9);
2. training data: teacher-forced windows of that CoT (section 1);
3. a linear next-token predictor, fitted (least squares, or the
   perceptron: ERM for the linear class, Thm 3.3) or built from theory;
4. its weights as exact rationals (floats convert exactly);
5. exact verification in a scope (section 4): ``windows`` proves every
   step of every run; ``inputs:N`` and ``sample:K`` check rollouts, each
   input on its own tableau (an untied predictor on its training shape);
6. a certificate the small trusted checker re-checks (``windows`` and
   ``inputs:N`` scopes).

:func:`certify` reads the request and hands the machine to one route:
:mod:`arcot.pipeline.tableau` (a tied or an untied linear predictor) or
:mod:`arcot.pipeline.circuit` (threshold gates). Each route checks the rest
of its request, builds the machine's :class:`~arcot.cot.Tableau` once and
passes it to every stage; the stages are the lines of the routes, numbered
as above. :mod:`arcot.pipeline.weights` turns one
stage's predictor into the next one's, and :mod:`arcot.pipeline.result`
holds what a call found.
"""

from __future__ import annotations

from arcot.errors import LearningError, VerificationError
from arcot.machine import TuringMachine
from arcot.pipeline.circuit import certify_circuit
from arcot.pipeline.result import ENCODINGS, LEARNERS, CertifyResult
from arcot.pipeline.tableau import (
    certify_tied,
    certify_untied,
    default_features,
    default_train,
)
from arcot.pipeline.weights import (
    GatePredictor,
    as_circuit_predictor,
    as_predictor,
    exact_weights,
)
from arcot.pipeline.work import WorkEstimate, check_work
from arcot.verify.exact import Scope
from arcot.zoo import resolve_machine

__all__ = [
    "ENCODINGS",
    "LEARNERS",
    "CertifyResult",
    "GatePredictor",
    "as_circuit_predictor",
    "as_predictor",
    "certify",
    "check_request_work",
    "default_features",
    "default_train",
    "exact_weights",
]


def certify(
    machine: TuringMachine | str,
    *,
    encoding: str = "tableau",
    learner: str | None = None,
    features: str | None = None,
    train: str | None = None,
    scope: str = "windows",
    seed: int = 0,
    max_steps: int = 10_000,
    certificate: bool = True,
    tied: bool = True,
    max_inputs: int | None = None,
    max_tokens: int | None = None,
    progress: bool | None = False,
) -> CertifyResult:
    """Fit or build a linear predictor for ``machine`` and verify it exactly.

    Parameters
    ----------
    machine
        A :class:`~arcot.machine.TuringMachine`, standard text or ``zoo:NAME``.
    encoding
        ``"tableau"``, or ``"circuit"``: the compiled circuit's threshold
        gates, checked on every window (scope ``windows``, ``construct``
        only, with a certificate), or per-position threshold predictors
        over the full context for the inputs of one length ``N`` (scope
        ``inputs:N``); no ``features``; see
        :func:`arcot.pipeline.circuit.certify_circuit`.
    learner
        ``"construct"`` (weights from theory), ``"lstsq"`` or ``"perceptron"``
        (default: ``lstsq`` for the tableau, ``construct`` for the circuit).
    features
        ``"additive"`` or ``"pairwise"`` (default: :func:`default_features`).
    train
        ``inputs:N``, ``sample:K`` or ``configurations:K`` (default:
        :func:`default_train`); ignored by ``construct``.
    scope
        ``windows``, ``inputs:N`` or ``sample:K``.
    seed, max_steps
        The seed of the random distributions (the training data's, drawn by
        numpy, and a ``sample:K`` scope's inputs, drawn by
        :class:`random.Random`: two generators, so the test inputs are not
        the training inputs) and every run's step budget.
    certificate
        Build the certificate when a ``windows`` or ``inputs:N`` scope is
        verified.
    tied
        ``False`` fits an *untied* predictor (one weight set per CoT
        position, the paper's product class; learners ``lstsq`` and
        ``perceptron``) on ``train`` = ``inputs:N`` (default: the scope's
        ``inputs:N``) and verifies it exactly on that training tableau's
        shape (:class:`~arcot.verify.exact.UntiedWeights`). Its
        ``windows`` scope is a sufficient condition far stronger than
        needed; the certificate format holds tied predictors only, so an
        untied one gets no certificate (``certificate_note`` says so).
        The circuit encoding's predictors are per position already; it
        ignores ``tied``.
    max_inputs, max_tokens
        Limits on the inputs an ``inputs:N``/``sample:K`` of ``train`` or
        ``scope`` names and the CoT tokens their runs take
        (:func:`arcot.pipeline.work.check_work`): past one,
        :class:`~arcot.errors.SizeLimitExceeded` before any data is built,
        from the inputs' count and from runs of a few of them; a
        verification's rollouts are also counted as they go. ``None``: no
        limit (:data:`~arcot.pipeline.work.DEFAULT_MAX_INPUTS` and
        :data:`~arcot.pipeline.work.DEFAULT_MAX_TOKENS` are the command's).
    progress
        A progress bar on stderr while verifying: ``True``, ``False``, or
        ``None`` for "stderr is a terminal".

    Examples
    --------
    >>> r = certify("zoo:bb2", learner="lstsq")
    >>> r.verified, r.features, r.verification.checked
    (True, 'pairwise', 225)
    >>> certify("zoo:bb4", learner="lstsq", features="additive").verified
    False
    >>> r = certify("zoo:increment", tied=False, scope="inputs:2")
    >>> r.verified, r.train, r.verification.positions, r.certificate
    (True, 'inputs:2', 36, None)
    """
    learner = _check_request(encoding, learner, tied)
    tm = resolve_machine(machine)
    if max_inputs is not None or max_tokens is not None:
        check_request_work(
            tm, encoding=encoding, learner=learner, train=train, scope=scope,
            tied=tied, seed=seed, max_steps=max_steps, max_inputs=max_inputs,
            max_tokens=max_tokens,
        )
    if encoding == "circuit":
        return certify_circuit(
            tm, learner=learner, features=features,
            train=train, scope=scope, max_steps=max_steps, certificate=certificate,
        )
    features = features or default_features(learner)
    sc = Scope.parse(scope)
    route = certify_tied if tied else certify_untied
    return route(
        tm, learner=learner, features=features, train=train,
        scope=sc, seed=seed, max_steps=max_steps, certificate=certificate,
        max_tokens=max_tokens, progress=progress,
    )


def check_request_work(
    machine: TuringMachine,
    *,
    encoding: str,
    learner: str,
    train: str | None,
    scope: str,
    tied: bool,
    seed: int,
    max_steps: int,
    max_inputs: int | None,
    max_tokens: int | None,
    flags: bool = False,
) -> list[WorkEstimate]:
    """The work of a :func:`certify` request's ``train`` and ``scope``,
    refused past ``max_inputs`` or ``max_tokens``
    (:func:`arcot.pipeline.work.check_work`): training data hold every CoT
    at once in one shared shape; a tied predictor's scope rolls each input
    out on its own tableau, an untied one's and the circuit encoding's on
    one shared shape. ``flags`` spells the request as the command line
    does (``--scope``, ``--max-tokens``) in the refusal.

    >>> from arcot.zoo import get
    >>> [str(e) for e in check_request_work(
    ...     get("bb2"), encoding="tableau", learner="lstsq", train=None,
    ...     scope="inputs:0", tied=True, seed=0, max_steps=100,
    ...     max_inputs=None, max_tokens=None)]
    ['scope inputs:0: 1 input, 35 tableau tokens, 1.04 kB at once (every input run)']
    """
    circuit = encoding == "circuit"
    jobs = [("scope", scope, circuit or not tied)]
    if learner != "construct" and train is not None and not circuit:
        jobs.insert(0, ("train", train, True))
    found = []
    names = ("--max-inputs", "--max-tokens") if flags else ("max_inputs",
                                                             "max_tokens")
    for role, spec, shared in jobs:
        e = check_work(
            machine, spec, max_inputs=max_inputs, max_tokens=max_tokens,
            names=names, role=f"--{role}" if flags else role, encoding=encoding,
            shared=shared, seed=seed, max_steps=max_steps,
        )
        if e is not None:
            found.append(e)
    return found


def _check_request(encoding: str, learner: str | None, tied: object) -> str:
    """The learner of a valid request (its default for the encoding)."""
    if encoding not in ENCODINGS:
        raise VerificationError(
            f"encoding {encoding!r} is not one of {', '.join(ENCODINGS)}"
        )
    if learner is None:
        learner = "construct" if encoding == "circuit" else "lstsq"
    if learner not in LEARNERS:
        raise LearningError(f"learner {learner!r} is not one of {', '.join(LEARNERS)}")
    if not isinstance(tied, bool):
        raise LearningError(f"tied must be True or False, got {tied!r}")
    return learner
