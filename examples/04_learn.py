"""Learning a machine's next-token rule from its own chain of thought.

Training data are teacher-forced windows of the tableau: the three tokens
above a cell (left, middle, right) and the token that follows. On *pairwise*
features (the middle token and the pairs it forms with each neighbour) the
tableau step is exactly linear, so least squares recovers it with zero
residual; on the paper's *additive* features it is only linearly separable:
the perceptron (ERM for linear separators) learns it, least squares does not.
"""

from arcot.learn import fit_linear_predictor, fit_perceptron, rollout, training_data
from arcot.zoo import get

bb4 = get("bb4")
data = training_data(bb4, "configurations:2000", seed=0)
print(f"{len(data.targets)} training windows from random configurations of BB(4)")

pairwise = fit_linear_predictor(data, features="pairwise")
additive_ls = fit_linear_predictor(data, features="additive")
additive_pc = fit_perceptron(data, features="additive")
for name, p in [
    ("least squares, pairwise", pairwise),
    ("least squares, additive", additive_ls),
    ("perceptron, additive", additive_pc),
]:
    r = rollout(p, bb4)
    print(
        f"{name}: rollout of the blank-tape run agrees with the simulator: {r.agrees}"
    )
