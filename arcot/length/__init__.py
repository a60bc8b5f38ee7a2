"""Length complexity: measured CoT lengths, exact closed forms, exact minima.

Three tools, one per question a user asks about the paper's *length
complexity* (Def 3.10):

- :func:`measure_length` -- how long is a machine's CoT for inputs of length
  ``n``? For ``n = 1..N``: the worst case over all inputs (or a sample) of
  the steps ``T(n)``, the window ``W(n)`` and the CoT tokens ``L(n)``, from
  :func:`arcot.cot.length_shape` and the encoding's exact length law.
  :func:`measure_function_length` does the same for a Boolean function and
  a CoT scheme (a threshold circuit per ``n``), checking every row's circuit
  against the function on every input.
- :func:`fit_length` -- what is the law? An exact closed form with rational
  coefficients over a fixed basis, confirmed on points held out of the fit,
  or ``None``.
- :func:`minimum_length` -- what is the least possible? The fewest linear
  threshold tokens that compute ``f`` on every input of length ``n``, by a
  mixed-integer program (scipy's HiGHS) whose weight bounds make the search
  exhaustive; the witness is checked exactly in integers, while "no shorter
  chain" rests on the solver's floating-point infeasibility verdicts (not an
  exact proof). :func:`minimum_length_sat` answers the same question by SAT,
  exactly both ways: the witness checked in integers, and "no shorter
  chain" a DRUP proof that the stdlib-only :mod:`arcot.verify.drup` checks.

>>> profile = measure_function_length("parity", "threshold-log", 7)
>>> [r.cot_tokens for r in profile.rows], all(r.verified for r in profile.rows)
([1, 2, 2, 3, 3, 3, 3], True)
>>> str(profile.fit().expression)
'ceiling(log(n + 1)/log(2))'

The code lives in one module a job, re-exported here: ``profile`` (what a
measurement returns: :class:`LengthRow`, :class:`LengthProfile`),
``measure`` (measuring machines and function schemes), ``laws`` (the closed
forms and :func:`fit_length`), ``minimum`` (the exact minimum by MILP),
``sat`` (the exact minimum by SAT, with its CNF and proofs), ``plot``
(:func:`plot_length`), and the package-internal ``checks`` (shared
argument checks) and ``bounds`` (the weight bound and truth tables both
exact searches use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arcot._lazy import lazy_exports
from arcot.length.bounds import threshold_weight_bound
from arcot.length.laws import BASIS, LengthLaw, fit_length
from arcot.length.laws import FLOOR_PERIODS as FLOOR_PERIODS
from arcot.length.measure import (
    LengthTimeLimit,
    measure_function_length,
    measure_length,
)
from arcot.length.measure import Scheme as Scheme
from arcot.length.minimum import (
    MAX_EXACT_N,
    MinimumLength,
    minimum_length,
)
from arcot.length.profile import LengthProfile, LengthRow
from arcot.length.sat import (
    MAX_SAT_N,
    SatMinimum,
    UnsatCertificate,
    chain_cnf,
    minimum_length_sat,
)
from arcot.length.targets import (
    FAMILIES,
    FUNCTIONS,
    OUTPUTS,
    MachineFunction,
    target_function,
)

if TYPE_CHECKING:
    from arcot.length.laws import N as N
    from arcot.length.plot import plot_length

# sympy loads only when these are read: the symbol ``N`` is sympy's, and
# the plot draws the law through sympy (fitting and printing need neither)
_LAZY = {"N": "arcot.length.laws", "plot_length": "arcot.length.plot"}
__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)

__all__ = [
    "BASIS",
    "FAMILIES",
    "FUNCTIONS",
    "MAX_EXACT_N",
    "MAX_SAT_N",
    "OUTPUTS",
    "LengthLaw",
    "LengthProfile",
    "LengthRow",
    "LengthTimeLimit",
    "MachineFunction",
    "MinimumLength",
    "SatMinimum",
    "UnsatCertificate",
    "chain_cnf",
    "fit_length",
    "measure_function_length",
    "measure_length",
    "minimum_length",
    "minimum_length_sat",
    "plot_length",
    "target_function",
    "threshold_weight_bound",
]
