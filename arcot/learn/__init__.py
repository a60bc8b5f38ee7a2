"""Learners: feature maps, training data, least squares, perceptron, rollout.

>>> from arcot.learn import fit_linear_predictor, rollout, training_data
>>> from arcot.zoo import get
>>> m = get("bb2")
>>> p = fit_linear_predictor(training_data(m, "configurations:500"))
>>> rollout(p, m).agrees
True
"""

from arcot.learn.curves import CurvePoint, learning_curve
from arcot.learn.data import Distribution, WindowData, tableau_batch, training_data
from arcot.learn.lstsq import fit_linear_predictor
from arcot.learn.perceptron import fit_perceptron, fit_threshold_perceptron
from arcot.learn.predictor import FitInfo, LinearPredictor, ThresholdPredictor
from arcot.learn.rollout import Rollout, generate, rollout

__all__ = [
    "CurvePoint",
    "Distribution",
    "FitInfo",
    "LinearPredictor",
    "Rollout",
    "ThresholdPredictor",
    "WindowData",
    "fit_linear_predictor",
    "fit_perceptron",
    "fit_threshold_perceptron",
    "generate",
    "learning_curve",
    "rollout",
    "tableau_batch",
    "training_data",
]
