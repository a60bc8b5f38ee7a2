"""What :func:`arcot.pipeline.certify` did and found: :class:`CertifyResult`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arcot.machine import TuringMachine

__all__ = ["ENCODINGS", "LEARNERS", "CertifyResult"]

ENCODINGS = ("tableau", "circuit")


LEARNERS = ("construct", "lstsq", "perceptron")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CertifyResult:
    """What :func:`certify` did and found.

    ``predictor`` is the predictor that runs: the fitted
    :class:`~arcot.learn.LinearPredictor`, or for the tableau's
    ``construct`` the constructed weights as one (the same numbers, exactly;
    both roll out with :func:`arcot.learn.rollout`); for the circuit
    encoding's ``inputs:N`` the learned
    :class:`~arcot.learn.ThresholdPredictor` or the constructed
    :class:`~arcot.construct.CircuitPredictor` (``rollout(bits)``), and for
    its ``windows`` scope the gates as a
    :class:`~arcot.pipeline.weights.GatePredictor` (``rollout(word)``).
    ``weights`` the exact weights that
    were verified, ``verification`` the verifier's result and
    ``certificate`` the :class:`~arcot.verify.certificate.Certificate`
    (a :class:`~arcot.verify.certificate.CircuitCertificate` for the circuit
    encoding's gates; ``None`` unless the predictor was verified in a
    ``windows`` or, for the tableau, ``inputs:N`` scope;
    ``certificate_note`` says why when the certificate format cannot hold
    the machine or the scope).
    """

    machine: TuringMachine
    encoding: str
    learner: str
    features: str
    train: str | None
    predictor: Any
    weights: Any
    verification: Any
    certificate: Any = None
    certificate_note: str | None = None

    def __repr__(self) -> str:
        # the weights and the predictor's arrays run to megabytes; name them
        v = self.verification
        cert = "none" if self.certificate is None else type(self.certificate).__name__
        if v.scope.startswith("sample:"):  # a statistic: never "verified"
            found = (f"{v.failures} of {v.checked} {v.unit} wrong in {v.scope}, "
                     f"error rate <= {v.error_bound:.3g} ({v.confidence:.0%})")
        else:
            found = (f"verified={self.verified} in {v.scope} ({v.checked} {v.unit}, "
                     f"least margin {v.min_margin})")
        return (
            f"<CertifyResult {self.machine!r}: {self.encoding}, {self.learner}, "
            f"{self.features}; {found}; certificate {cert}>"
        )

    def _repr_html_(self) -> str:
        """What was fitted or built, the verification and the certificate
        (notebooks): a few lines, never the weights.

        >>> from arcot.pipeline import certify
        >>> html = certify("zoo:bb2", learner="construct")._repr_html_()
        >>> "verified" in html and "225 windows" in html and len(html) < 2000
        True
        """
        import html

        v = self.verification
        info = getattr(self.predictor, "info", None)
        how = ("built from the machine (no data)" if self.learner == "construct"
               else f"fitted on {self.train}")
        if info is not None:
            how += f": {info.n_windows} examples ({info.n_distinct} distinct)"
        rows = [("predictor", f"{self.learner}, {self.features} features; {how}"),
                ("encoding", self.encoding)]
        if self.certificate is not None:
            cert = (f"{type(self.certificate).__name__}: write it with "
                    ".certificate.write(path); arcot check re-checks it")
        elif self.certificate_note is not None:
            cert = f"none: {self.certificate_note}"
        else:
            cert = "none" + ("" if self.verified else ": nothing verified to certify")
        rows.append(("certificate", cert))
        body = "".join(f"<tr><th style='text-align:left'>{k}</th>"
                       f"<td>{html.escape(t)}</td></tr>" for k, t in rows)
        title = html.escape(f"certify {self.machine!r}")
        found = (v._repr_html_() if hasattr(v, "_repr_html_")
                 else f"<p>{html.escape(repr(v))}</p>")
        return f"<p><b>{title}</b></p><table>{body}</table>{found}"

    @property
    def verified(self) -> bool:
        """Whether the predictor was verified in the scope."""
        return bool(self.verification.verified)

    def to_json(self, certificate: str | None = None) -> dict[str, Any]:
        """The ``arcot certify --json`` object (``certificate``: where it went)."""
        v = self.verification.to_json()
        return {
            "verified": self.verified,
            "scope": v["scope"],
            "encoding": self.encoding,
            "learner": self.learner,
            "features": self.features,
            "checked": v["checked"],
            "unit": v["unit"],
            "tableau": v["tableau"],
            "min_margin": v["min_margin"],
            "counterexample": v["counterexample"],
            "certificate": certificate,
        }
