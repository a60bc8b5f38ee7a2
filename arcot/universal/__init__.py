"""Universal machines: one machine, hence one certified predictor, for all.

- :mod:`arcot.universal.utm`: arcot's own universal machine ``zoo:utm``,
  with :func:`encode` (a machine and its input -> the universal machine's
  input word) and :func:`decode` (its configuration -> the simulated run).
- :mod:`arcot.universal.tag`: 2-tag systems and Rogozhin's universal
  machine that simulates them (``zoo:rogozhin-4-6``).
"""
