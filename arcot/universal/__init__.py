"""Universal machines: one machine, hence one certified predictor, for all.

- :mod:`arcot.universal.utm`: arcot's own universal machine ``zoo:utm``,
  with :func:`encode` (a machine and its input -> the universal machine's
  input word) and :func:`decode` (its configuration -> the simulated run).
- :mod:`arcot.universal.run`: :func:`run_universal`, any machine run by
  the universal machine's verified linear predictor alone
  (docs/explanation/universal.md).
- :mod:`arcot.universal.tag`: 2-tag systems and Rogozhin's universal
  machine that simulates them (``zoo:rogozhin-4-6``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arcot._lazy import lazy_exports

if TYPE_CHECKING:
    from arcot.universal.run import run_universal, universal_predictor
    from arcot.universal.utm import UTM, decode, encode

# Imported on first use: the zoo reads utm and tag, which must not load the
# rollout (it sits above the pipeline).
_LAZY = {
    **dict.fromkeys(("UTM", "decode", "encode"), "arcot.universal.utm"),
    **dict.fromkeys(("run_universal", "universal_predictor"), "arcot.universal.run"),
}
__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)

__all__ = ["UTM", "decode", "encode", "run_universal", "universal_predictor"]
