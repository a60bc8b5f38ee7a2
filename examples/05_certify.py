"""From a machine to a certificate the trusted checker accepts.

``certify`` runs the pipeline: training data, a linear predictor (fitted or
constructed from theory), its weights as exact rationals, verification over
every well-formed window (which, by induction over rows, covers every run on
every input), and a certificate. The checker that re-checks it imports only
the standard library and re-derives the machine's local rule on its own.
"""

import json
import tempfile
from pathlib import Path

from arcot.pipeline import certify
from arcot.verify.checker import check

for learner, features in [
    ("construct", "additive"),
    ("lstsq", "pairwise"),
    ("perceptron", "additive"),
    ("lstsq", "additive"),
]:
    r = certify(
        "zoo:bb4", learner=learner, features=features, train="configurations:2000"
    )
    v = r.verification
    print(
        f"{learner:>10} / {features:<8}: verified={r.verified}, "
        f"{v.checked} windows, least margin {v.min_margin}"
    )
    if not r.verified:
        print(f"            counterexample: {v.counterexample}")

r = certify("zoo:bb4", learner="construct")
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "bb4.cert.json"
    path.write_text(r.certificate.to_text(), encoding="utf-8")
    doc = json.loads(path.read_text(encoding="utf-8"))
    print("trusted checker:", check(doc))
