"""The paper's experiments, reproduced and measured (``arcot experiment``).

- :mod:`arcot.experiments.multiplication`: the paper's multiplication CoT
  and its direct-answer control, the vocabulary and the train/test split;
- :mod:`arcot.experiments.positional`: position-specific next-token models
  on one-hot contexts, least squares, greedy rollout and its scores;
- :mod:`arcot.experiments.autodiff`: the cross-entropy linear model and the
  paper's shallow MLP, trained with JAX and optax (the ``experiments``
  extra);
- :mod:`arcot.experiments.proven`: multiplication the arcot way, a Turing
  machine whose learned predictor is proven on every window;
- :mod:`arcot.experiments.parity`: the separation, parity without and with
  a CoT;
- :mod:`arcot.experiments.curve`: sample complexity (Thm 3.3) and no
  compounding (Thm 3.6), measured.

Nothing here is re-exported by :mod:`arcot`: import the module you run.
"""
