"""A certificate's text, written by arcot's fast paths, against the plain
ones they stand in for.

``dumps`` joins the weights' lines itself (the standard encoder, indenting,
runs in Python), and ``to_json`` reads fitted float weights from their arrays;
each must give exactly the text and document of the plain route.
"""

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.construct import ExactWeights
from arcot.verify.document import dumps, dumps_plain

names = st.text(st.characters(codec="utf-8"), max_size=4)
leaves = st.one_of(st.integers(-10**30, 10**30), names, st.booleans(), st.none(),
                   st.floats(allow_nan=False), st.lists(st.integers(), max_size=2))
plain_leaves = st.one_of(st.integers(-10**30, 10**30), names)


def nested(leaf):
    return st.recursive(st.dictionaries(names, leaf, max_size=3),
                        lambda inner: st.dictionaries(names, inner, max_size=3),
                        max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(nested(st.one_of(plain_leaves, leaves)), nested(plain_leaves),
       st.lists(st.lists(names, max_size=3), max_size=3), names)
def test_dumps_is_the_standard_encoders_text(weights, clean, hints, producer):
    for w in (weights, clean):
        doc = {"format": "f", "weights": w, "hints": {"windows": hints},
               "producer": producer}
        assert dumps(doc) == dumps_plain(doc)
    assert dumps({"weights": "x"}) == dumps_plain({"weights": "x"})
    marked = {"producer": "\x00weights\x00", "weights": clean}
    assert dumps(marked) == dumps_plain(marked)


def test_fitted_weights_write_the_document_of_their_rows():
    """The array route of to_json gives the document, in the same order, of
    the same weights as Fraction rows."""
    import json

    from arcot.pipeline import certify
    from tests.unit.test_certify_scale import random_machine

    for learner, features in (("lstsq", "pairwise"), ("perceptron", "additive")):
        # 30 states: a version 2 certificate, in the machine's own names
        r = certify(random_machine(30, 2), learner=learner, features=features)
        assert r.certificate is not None
        assert r.certificate.weights.float_columns is not None
        rows = ExactWeights(kind=r.weights.kind, rows=r.certificate.weights.rows)
        plain = dataclasses.replace(r.certificate, weights=rows)
        assert plain.weights.float_columns is None
        fast, slow = r.certificate.to_json(), plain.to_json()
        assert json.dumps(fast) == json.dumps(slow)  # order included
