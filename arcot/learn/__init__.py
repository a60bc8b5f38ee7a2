"""Learners: feature maps, least squares and perceptron, rollout."""
