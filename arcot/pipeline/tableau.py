"""The tableau route of ``certify``: data, a linear predictor, exact weights,
verification and a certificate, for a tied or an untied predictor."""

from __future__ import annotations

import math
from typing import Any

from arcot.construct import tableau_weights
from arcot.cot import Tableau, as_tableau
from arcot.errors import CertificateError, LearningError
from arcot.learn import fit_linear_predictor, fit_perceptron
from arcot.learn.data import MAX_CONFIGURATIONS, Distribution, training_data
from arcot.machine import TuringMachine
from arcot.pipeline.result import CertifyResult
from arcot.pipeline.weights import as_predictor, exact_weights
from arcot.verify.certificate import make_certificate
from arcot.verify.exact import Scope, UntiedWeights, verify_exact
from arcot.verify.scope import VerificationResult

__all__ = [
    "certify_tied",
    "certify_untied",
    "cover_configurations",
    "default_features",
    "default_train",
]

#: The learners of a linear next-token predictor (least squares, the
#: perceptron: ERM for the linear class, Thm 3.3).
FITS = {"lstsq": fit_linear_predictor, "perceptron": fit_perceptron}


def default_features(learner: str) -> str:
    """The exact feature kind of each learner: pairwise for least squares
    (theory.md fact 3), additive for the perceptron and the construction."""
    return "pairwise" if learner == "lstsq" else "additive"


def default_train(machine: TuringMachine) -> str:
    """``configurations:K`` with ``K`` large enough to cover the windows.

    ``32 V^2`` configurations (two or four windows each) for ``V`` tokens,
    at least 2000. Smaller defaults left windows of the ``windows`` scope
    unseen on random machines; the property tests of the additive
    perceptron (which must see every window to be verified) hold this one.

    From ``V >= 725`` that passes the sample cap
    (:data:`arcot.learn.data.MAX_CONFIGURATIONS`) and grows faster than
    the windows that need sampling (the ``V^2`` delimiter windows come
    with the data, whatever ``K``). There ``K`` is the least count at which
    fewer than one in :data:`COVER_MISSES` draws is expected to leave one of
    the rarest windows unseen -- a head and two plain symbols, ``3 S^3 Q``
    of them for ``S`` symbols and ``Q`` states, each in a configuration
    with probability ``1 / (6 S^3 Q)`` (:func:`cover_configurations`) --
    and at most the cap (beyond it the data may miss windows, and
    verification says so).

    >>> from arcot.zoo import get
    >>> default_train(get("bb4"))
    'configurations:5408'
    """
    v = 1 + machine.n_symbols * (1 + machine.n_states)
    k = max(2000, 32 * v * v)
    if k > MAX_CONFIGURATIONS:
        k = min(MAX_CONFIGURATIONS,
                cover_configurations(machine.n_symbols, machine.n_states))
    return f"configurations:{k}"


#: :func:`default_train` beyond the cap: at most one draw in this many is
#: expected to miss a rare window.
COVER_MISSES = 100


def cover_configurations(symbols: int, states: int) -> int:
    """The least ``K`` with ``N exp(-K p) <= 1 / COVER_MISSES`` for the
    ``N = 3 S^3 Q`` windows of a head and two plain symbols, each drawn
    with probability ``p = 1 / (6 S^3 Q)`` per configuration
    (:func:`arcot.learn.data.configuration_windows`: two thirds of the
    configurations are three cells wide, three quarters hold a head, a
    given cell holds it a third of the time, in one of ``S Q`` head tokens,
    beside two uniform symbols): ``K = 6 S^3 Q ln(COVER_MISSES N)``.
    Windows with fewer uniform cells, or none, are drawn more often.

    >>> cover_configurations(8, 201)
    10648560
    """
    rare = symbols**3 * states
    return math.ceil(6 * rare * math.log(COVER_MISSES * 3 * rare))


def certify_tied(
    tm: TuringMachine,
    *,
    learner: str,
    features: str,
    train: str | None,
    scope: Scope,
    seed: int,
    max_steps: int,
    certificate: bool,
    max_tokens: int | None = None,
    progress: bool | None = False,
) -> CertifyResult:
    """One weight set for every CoT position: built or fitted, verified in
    ``scope``, certified when verified in a ``windows`` or ``inputs:N`` scope."""
    predictor = None
    dist = None if learner == "construct" else Distribution.parse(
        train or default_train(tm)
    )
    tableau = as_tableau(tm)  # 1. the machine's tableau, built once
    if dist is None:
        weights = tableau_weights(tableau, features)  # 3. weights from theory
        predictor = as_predictor(weights, tableau)  # the same weights, to run
    else:
        data = training_data(tableau, dist, seed=seed, max_steps=max_steps)  # 2. data
        predictor = FITS[learner](data, features=features)  # 3. learn
        weights = exact_weights(predictor)  # 4. exact weights
    result = verify_exact(  # 5. verify
        weights, tableau, scope=scope, max_steps=max_steps, seed=seed,
        max_tokens=max_tokens, progress=progress,
    )
    cert, note = None, None
    if certificate and result.verified and scope.kind != "sample":
        cert, note = _certificate(weights, tableau, scope, max_steps, result)  # 6.
    return CertifyResult(
        machine=tableau.machine,
        encoding="tableau",
        learner=learner,
        features=features,
        train=None if dist is None else str(dist),
        predictor=predictor,
        weights=weights,
        verification=result,
        certificate=cert,
        certificate_note=note,
    )


def certify_untied(
    tm: TuringMachine,
    *,
    learner: str,
    features: str,
    train: str | None,
    scope: Scope,
    seed: int,
    max_steps: int,
    certificate: bool,
    max_tokens: int | None = None,
    progress: bool | None = False,
) -> CertifyResult:
    """One weight set per CoT position, fitted on ``inputs:N`` and verified
    on that tableau's shape; the certificate format holds tied predictors
    only (``certificate`` is not used)."""
    dist = _untied_train(learner, train, scope)
    tableau = as_tableau(tm)  # 1. the machine's tableau, built once
    data = training_data(tableau, dist, seed=seed, max_steps=max_steps)  # 2. data
    predictor = FITS[learner](data, features=features, tied=False)  # 3. learn
    weights = UntiedWeights.from_predictor(predictor)  # 4. exact weights
    result = verify_exact(  # 5. verify, on the training tableau's shape
        weights, tableau, scope=scope, max_steps=max_steps, seed=seed,
        window=predictor.window, steps=predictor.steps,
        max_tokens=max_tokens, progress=progress,
    )
    return CertifyResult(
        machine=tableau.machine,
        encoding="tableau",
        learner=learner,
        features=features,
        train=str(dist),
        predictor=predictor,
        weights=weights,
        verification=result,
        certificate=None,
        certificate_note=(
            "certificates hold tied predictors only; this untied predictor is "
            "verified here but not certified"
            if result.verified and scope.kind != "sample"
            else None
        ),
    )


def _untied_train(learner: str, train: str | None, scope: Scope) -> Distribution:
    """An untied predictor's training inputs: ``inputs:N``, by default the scope's."""
    if learner == "construct":
        raise LearningError(
            "construct builds a tied predictor; tied=False is for the learners "
            "lstsq and perceptron"
        )
    if train is None:
        if scope.kind != "inputs":
            raise LearningError(
                f"an untied predictor trains on inputs:N; scope {scope} names no "
                "N, so give train=inputs:N"
            )
        train = f"inputs:{scope.size}"
    dist = Distribution.parse(train)
    if dist.kind != "inputs":
        raise LearningError(
            f"an untied predictor trains on inputs:N, not {dist}: its positions "
            "are positions in one tableau, that of every input up to length N"
        )
    return dist


def _certificate(
    weights: Any, tableau: Tableau, scope: Scope, max_steps: int,
    verified: VerificationResult,
) -> tuple[Any, str | None]:
    """The certificate, or ``None`` and why it cannot be written (from the
    verification just run where it decided every window claimed)."""
    try:
        cert = make_certificate(tableau, weights, scope=scope, max_steps=max_steps,
                                _verified=verified)
    except CertificateError as exc:
        return None, str(exc)
    return cert, None
