"""CertifyResult and VerificationResult in a notebook (issue 14): a short
repr and a short _repr_html_ that say the verdict, its counts and the
counterexample; a sample scope's never says verified."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from arcot.machine import machine_from_table
from arcot.pipeline import certify


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(html: str) -> str:
    p = _Text()
    p.feed(html)
    p.close()
    return " ".join(" ".join(p.parts).split())


@pytest.fixture(scope="module")
def bb4_refuted():
    return certify("zoo:bb4", learner="lstsq", features="additive")


def test_a_verified_result(bb4_refuted):
    r = certify("zoo:bb4", learner="construct")
    text = _text(r._repr_html_())
    assert "verified in windows: 397 windows, least margin 1" in text
    assert "construct, additive features; built from the machine" in text
    assert "Certificate: write it with .certificate.write(path)" in text
    assert repr(r.verification) == (
        "<VerificationResult verified in windows: 397 windows, least margin 1>")


def test_a_refuted_result_names_its_counterexample(bb4_refuted):
    v = bb4_refuted.verification
    cx = v.counterexample
    text = _text(bb4_refuted._repr_html_())
    assert f"refuted in windows: {v.failures} of 397 windows wrong" in text
    assert f"window {', '.join(cx.window)}" in text
    assert f"expected {cx.expected}" in text and f"got {cx.got}" in text
    assert f"margin {cx.margin} (about {float(cx.margin):.15g})" in text
    assert "none: nothing verified to certify" in text
    assert repr(v).startswith(f"<VerificationResult refuted in windows: "
                              f"{v.failures} of 397 windows wrong")


def test_a_sample_is_a_statistic_never_verified():
    r = certify("zoo:increment", learner="construct", scope="sample:30")
    text = _text(r._repr_html_())
    assert "verified" not in text.lower().replace("unverified", "")
    assert "sample:30: 0 of 30 samples wrong, error rate <= " in text
    assert "(a statistic, not a proof)" in text
    assert "verified" not in repr(r.verification)


def test_an_untied_result_names_its_shape_and_positions():
    r = certify("zoo:increment", tied=False, scope="inputs:2")
    text = _text(r._repr_html_())
    assert "one tableau shape for every input" in text
    assert f"{r.verification.positions} CoT positions, one weight set each" in text
    assert "certificates hold tied predictors only" in text


def test_the_html_is_short_for_a_large_predictor(bb4_refuted):
    # the weights and arrays run to megabytes; the display names them only
    assert len(bb4_refuted._repr_html_()) < 3000
    assert len(repr(bb4_refuted.verification)) < 400


def test_names_are_escaped():
    m = machine_from_table("""
        <s> 0 -> 1 R done
    """, name="<script>")
    r = certify(m, learner="construct")
    page = r._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<s>" not in page


def test_counterexample_names_are_escaped():
    from fractions import Fraction

    from arcot.verify.scope import Counterexample, VerificationResult

    v = VerificationResult(
        verified=False, scope="windows", features="additive", checked=9,
        unit="windows", failures=1, min_margin=Fraction(-1, 2),
        counterexample=Counterexample(window=("(<q>,0)", "#", "&"), expected="<b>",
                                      got="0", margin=Fraction(-1, 2)))
    page = v._repr_html_()
    assert "<q>" not in page and "<b>" not in page.replace("<b style", "")
    assert "(&lt;q&gt;,0), #, &amp;" in page and "&lt;b&gt;" in page
    assert "refuted in windows: 1 of 9 windows wrong, least margin -1/2" in _text(page)
