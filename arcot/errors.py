"""Every exception arcot raises.

All derive from :class:`ArcotError`; each also derives from the matching
built-in (``ValueError``, ``RuntimeError``...) so callers can catch either.
"""

from __future__ import annotations

__all__ = [
    "ArcotError",
    "BadMoveError",
    "CertificateError",
    "CertificateRejected",
    "CircuitError",
    "ConstructionError",
    "DuplicateError",
    "DuplicateTransitionError",
    "EmptyMachineError",
    "EncodingError",
    "FormatError",
    "HaltStateTransitionError",
    "LearningError",
    "LengthError",
    "LengthStopped",
    "MachineDefinitionError",
    "MalformedCertificate",
    "NondeterministicMachineError",
    "SearchLimitExceeded",
    "SizeLimitExceeded",
    "StepLimitExceeded",
    "TapeLimitExceeded",
    "UniversalEncodingError",
    "UnknownStateError",
    "UnknownSymbolError",
    "UsageError",
    "VerificationError",
]


class ArcotError(Exception):
    """Base class of every error arcot raises."""


class MachineDefinitionError(ArcotError, ValueError):
    """A Turing machine definition is malformed.

    The message names the culprit; ``state`` and ``symbol`` hold the
    offending state and symbol (or the transition's key) when there is one.
    """

    def __init__(self, message: str, *, state: object = None, symbol: object = None):
        super().__init__(message)
        self.state = state
        self.symbol = symbol


class EmptyMachineError(MachineDefinitionError):
    """The machine has no states or no tape symbols."""


class UnknownStateError(MachineDefinitionError):
    """A state is used (start, halt, transition) but not declared."""


class UnknownSymbolError(MachineDefinitionError):
    """A symbol (blank, input, read or written) is not in the tape alphabet."""


class BadMoveError(MachineDefinitionError):
    """A move is not left, right or stay."""


class DuplicateError(MachineDefinitionError):
    """A name is listed twice, or a (state, symbol) has two transitions."""


class HaltStateTransitionError(MachineDefinitionError):
    """A halt state has an outgoing transition."""


class NondeterministicMachineError(MachineDefinitionError):
    """A nondeterministic machine was given: arcot's machines compute functions."""


class FormatError(MachineDefinitionError):
    """Text, dict or JSON input cannot be parsed into a machine.

    ``position`` is the character offset in the text, or the line number of a
    transition table (when known); ``state`` and ``symbol`` locate the
    transition where the text goes wrong.
    """

    def __init__(
        self,
        message: str,
        *,
        position: int | None = None,
        state: object = None,
        symbol: object = None,
    ) -> None:
        super().__init__(message, state=state, symbol=symbol)
        self.position = position


class DuplicateTransitionError(FormatError, DuplicateError):
    """A transition table gives two rules for one (state, symbol)."""


class UsageError(ArcotError, ValueError):
    """Bad command-line usage: a wrong option, argument or combination."""


class StepLimitExceeded(ArcotError, RuntimeError):
    """A run did not halt within its step budget."""

    def __init__(self, message: str, *, steps: int) -> None:
        super().__init__(message)
        self.steps = steps


class LengthStopped(StepLimitExceeded):
    """A length measurement stopped at a row whose runs passed the step
    budget; ``finished`` is the profile of the rows before it (``None`` if
    the first row stopped)."""

    def __init__(self, message: str, *, steps: int, finished: object) -> None:
        super().__init__(message, steps=steps)
        self.finished = finished


class SearchLimitExceeded(StepLimitExceeded):
    """An exact search (e.g. the minimum length solver) ran out of its time budget.

    ``steps`` is the CoT length being searched when the budget ran out.
    """


class TapeLimitExceeded(ArcotError, MemoryError):
    """A run needed more tape cells than its memory limit allows."""

    def __init__(self, message: str, *, cells: int) -> None:
        super().__init__(message)
        self.cells = cells


class SizeLimitExceeded(ArcotError, MemoryError):
    """Work that would pass a stated size limit, refused before it starts."""


class EncodingError(ArcotError, ValueError):
    """A chain-of-thought encoding cannot represent the request."""


class UniversalEncodingError(EncodingError):
    """A universal machine cannot encode the request, or a configuration
    does not decode (not one its encoding leads to)."""


class CircuitError(ArcotError, ValueError):
    """A threshold circuit is malformed (cycle, dangling reference...)."""


class LengthError(ArcotError, ValueError):
    """A length-complexity request is invalid or beyond exact search."""


class LearningError(ArcotError, ValueError):
    """A learner received invalid data or could not fit it."""


class ConstructionError(ArcotError, ValueError):
    """Exact weights cannot be constructed for this machine or circuit."""


class VerificationError(ArcotError, ValueError):
    """A verification request is invalid (bad scope, mismatched predictor)."""


class CertificateError(ArcotError, ValueError):
    """Base class of certificate problems."""


class MalformedCertificate(CertificateError):
    """The certificate does not parse; ``path`` is the JSON path at fault."""

    def __init__(self, message: str, *, path: str = "$") -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class CertificateRejected(CertificateError):
    """The certificate parses but a claim in it is false."""

    def __init__(
        self,
        message: str,
        *,
        step: object = None,
        expected: object = None,
        got: object = None,
    ) -> None:
        super().__init__(message)
        self.step = step
        self.expected = expected
        self.got = got
